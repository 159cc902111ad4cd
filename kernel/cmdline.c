/*
 * The kernel command line, from the Multiboot info. Words:
 *   init=/path     the first program (default /sbin/init)
 *   console=ttySn  where kernel messages go: ttyS0 (COM1, the default),
 *                  ttyS1 (COM2) or ttyS2 (COM3); always mirrored to VGA
 *   test           run the in-kernel selftests (KTAP), then power off
 *   test=a,b       only these suites
 *   quiet          no boot messages but the banner
 *   oops=what      a deliberate kernel fault, for the oops tests
 *   slub_debug     kmalloc red zones, free poison and allocation sites
 *                  (also "kmalloc_debug"; "slub_debug=FLAGS" turns on all
 *                  of it whatever the flags, "slub_debug=-" none; mm/kmalloc.c)
 *   page_poison=1  freed pages are poisoned and checked on reuse (mm/pmm.c)
 *   nosmap, nosmep leave CR4.SMAP / CR4.SMEP off (arch/x86/smap.c), as Linux
 *   mce_inject     the copy_mc selftest waits for a machine check that
 *                  tests/run.py injects through the QEMU monitor
 *   fail_usercopy=<interval>,<probability>,<space>,<times>  user-copy fault
 *                  injection, as Linux; fail_usercopy_seed=N its random
 *                  seed (kernel/fail_usercopy.c)
 *   highmem=nn[KMG]  the top nn of RAM is high memory, even on a small
 *                  machine, as Linux's (mm/pmm.c)
 *   memmap=nn[KMG]!ss[KMG]  the nn bytes of RAM at ss are persistent memory,
 *                  /dev/pmem0 (as Linux's; the other memmap= forms are not
 *                  supported and are ignored with a message)
 *   -- a b c       everything after "--" is init's argv[1..]
 * Unknown words are ignored, as Linux passes them on to init.
 *
 * Each option is one row of the table below: a word (matched whole) or a
 * prefix ending in '=' (the rest of the word is the value), and the
 * function that takes it.
 */
#include <kernel/kernel.h>
#include <kernel/fault-inject.h>
#include <kernel/memmap.h>

#define MAX_INIT_ARGS 32

bool cmdline_quiet, cmdline_test;
const char *cmdline_test_suites;
const char *cmdline_init = "/sbin/init";
const char *cmdline_oops;
bool cmdline_slub_debug, cmdline_page_poison;
bool cmdline_nosmap, cmdline_nosmep;
bool cmdline_mce_inject;
int cmdline_console_port = 1;
bool cmdline_highmem_set;
uint64_t cmdline_highmem;
int cmdline_init_argc;
const char *cmdline_init_argv[MAX_INIT_ARGS + 1];

static char buf[1024];

/* quiet. */
static void set_quiet(const char *v)
{
	cmdline_quiet = true;
}

/* "test" alone runs every suite; "test=a,b" only those. */
static void set_test(const char *v)
{
	cmdline_test = true;
	cmdline_test_suites = v;
}

/* init=/path. */
static void set_init(const char *v)
{
	cmdline_init = v;
}

/* oops=what. */
static void set_oops(const char *v)
{
	cmdline_oops = v;
}

/* slub_debug / kmalloc_debug; slub_debug=FLAGS: Linux's flags, all or
 * nothing here ("-" is nothing). */
static void set_slub_debug(const char *v)
{
	cmdline_slub_debug = !v || strcmp(v, "-") != 0;
}

/* page_poison=1|on|0|off. */
static void set_page_poison(const char *v)
{
	if (!strcmp(v, "1") || !strcmp(v, "on"))
		cmdline_page_poison = true;
	else if (!strcmp(v, "0") || !strcmp(v, "off"))
		cmdline_page_poison = false;
}

/* nosmap: SMAP stays off. */
static void set_nosmap(const char *v)
{
	cmdline_nosmap = true;
}

/* nosmep: SMEP stays off. */
static void set_nosmep(const char *v)
{
	cmdline_nosmep = true;
}

/* console=ttyS0..ttyS2: the serial port of the kernel log. */
static void set_console(const char *v)
{
	if (!strncmp(v, "ttyS", 4) && v[4] >= '0' && v[4] <= '2' && !v[5])
		cmdline_console_port = v[4] - '0' + 1;
}

/* mce_inject. */
static void set_mce_inject(const char *v)
{
	cmdline_mce_inject = true;
}

/* A size as Linux's memparse: decimal, or hex with 0x, then an optional
 * K, M or G. Sets *end after it. Returns the value (0 if no digits). */
static uint64_t memparse(const char *s, const char **end)
{
	uint64_t v = 0;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		v = v * base + d;
	}
	switch (*s) {
	case 'G':
	case 'g':
		v <<= 10;
		/* fall through */
	case 'M':
	case 'm':
		v <<= 10;
		/* fall through */
	case 'K':
	case 'k':
		v <<= 10;
		s++;
	}
	*end = s;
	return v;
}

#define MAX_REFUSED 8 /* memmap= words cmdline_report() names, at most */
static const char *memmap_refused[MAX_REFUSED];
static int nrefused;

/* memmap=nn[KMG]!ss[KMG]: persistent memory (kernel/memmap.h). Anything
 * else is ignored, and reported by cmdline_report() once the console is
 * known and the banner is out. */
static void set_memmap(const char *v)
{
	const char *p;
	uint64_t len = memparse(v, &p), base;

	if (*p == '!') {
		const char *q;
		base = memparse(p + 1, &q);
		if (len && !*q) {
			memmap_add_pmem(base, len);
			return;
		}
	}
	if (nrefused < MAX_REFUSED)
		memmap_refused[nrefused++] = v;
}

/* Report the options cmdline_parse() ignored (the memmap= forms Mica
 * does not have), one line each. */
void cmdline_report(void)
{
	for (int i = 0; i < nrefused; i++)
		printk("memmap=%s: only memmap=nn[KMG]!ss[KMG] (persistent memory) is "
		       "supported; ignored\n",
		       memmap_refused[i]);
}

/* highmem=nn[KMG]: the high zone's size (mm/pmm.c checks it). */
static void set_highmem(const char *v)
{
	const char *end;

	cmdline_highmem = memparse(v, &end);
	cmdline_highmem_set = true;
}

static const struct {
	const char *word; /* "name" matches the word; "name=" a prefix */
	void (*set)(const char *value);
} options[] = {
	{ "quiet", set_quiet },
	{ "test", set_test },
	{ "test=", set_test },
	{ "init=", set_init },
	{ "oops=", set_oops },
	{ "console=", set_console },
	{ "slub_debug", set_slub_debug },
	{ "slub_debug=", set_slub_debug },
	{ "kmalloc_debug", set_slub_debug },
	{ "page_poison=", set_page_poison },
	{ "nosmap", set_nosmap },
	{ "nosmep", set_nosmep },
	{ "mce_inject", set_mce_inject },
	{ "fail_usercopy=", setup_fail_usercopy },
	{ "fail_usercopy_seed=", setup_fail_usercopy_seed },
	{ "memmap=", set_memmap },
	{ "highmem=", set_highmem },
};

/* Act on one word before "--": the first table row it matches. */
static void option(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		const char *o = options[i].word;
		size_t n = strlen(o);

		if (o[n - 1] == '=' ? !strncmp(w, o, n) : !strcmp(w, o)) {
			options[i].set(o[n - 1] == '=' ? w + n : NULL);
			return;
		}
	}
}

/* Returns where the words to parse begin in s: boot loaders put the
 * kernel's own path first, so a first word holding a '/' but no '=' is
 * skipped. Then buf, and every value pointing into it, is the same
 * wherever the image lies, and a long path takes none of buf's room. */
static const char *skip_kernel_path(const char *s)
{
	bool slash = false, equals = false;
	const char *q = s;

	for (; *q && *q != ' '; q++) {
		slash |= *q == '/';
		equals |= *q == '=';
	}
	return slash && !equals ? q : s;
}

/* Split s into words (in place, in a private copy) and act on each. */
void cmdline_parse(const char *s)
{
	char *p;
	bool after_dashes = false;

	strlcpy(buf, skip_kernel_path(s ? s : ""), sizeof(buf));
	p = buf;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char *w = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
		if (after_dashes) {
			if (cmdline_init_argc < MAX_INIT_ARGS)
				cmdline_init_argv[cmdline_init_argc++] = w;
		} else if (!strcmp(w, "--")) {
			after_dashes = true;
		} else {
			option(w);
		}
	}
	cmdline_init_argv[cmdline_init_argc] = NULL;
}
