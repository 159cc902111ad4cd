/*
 * The kernel command line, from the Multiboot info. Words:
 *   init=/path     the first program (default /sbin/init)
 *   test           run the in-kernel selftests (KTAP), then power off
 *   test=a,b       only these suites
 *   quiet          no boot messages but the banner
 *   rawcon         console without echo, line editing or "\r\n" (run-elf)
 *   klog=ttyS1     kernel messages to COM2, leaving COM1 to the program
 *   stdin=/path    init's fd 0 reads this file (run-elf's redirected stdin)
 *   stdinfifo      ... through a pipe-like read end (run-elf's piped stdin)
 *   stderr=ttyS2   init's fd 2 writes to COM3 instead of the console
 *   initargs=/path init's argv[1..] from this file, NUL-separated (run-elf)
 *   oops=what      a deliberate kernel fault, for the oops tests
 *   slub_debug     kmalloc red zones, free poison and allocation sites
 *                  (also "kmalloc_debug"; "slub_debug=FLAGS" turns on all
 *                  of it whatever the flags, "slub_debug=-" none; mm/kmalloc.c)
 *   page_poison=1  freed pages are poisoned and checked on reuse (mm/pmm.c)
 *   -- a b c       everything after "--" is init's argv[1..]
 */
#include <kernel/kernel.h>

#define MAX_INIT_ARGS 32

bool cmdline_quiet, cmdline_test, cmdline_rawcon;
const char *cmdline_test_suites;
const char *cmdline_init = "/sbin/init";
const char *cmdline_oops;
const char *cmdline_stdin;
const char *cmdline_initargs;
bool cmdline_stderr_com3;
bool cmdline_stdin_fifo;
bool cmdline_slub_debug, cmdline_page_poison;
int cmdline_klog_port = 1;
int cmdline_init_argc;
const char *cmdline_init_argv[MAX_INIT_ARGS + 1];

static char buf[1024];

/* Returns true if word w begins with prefix p. */
static bool starts(const char *w, const char *p)
{
	return strncmp(w, p, strlen(p)) == 0;
}

/* Split s into words (in place, in a private copy) and act on each. */
void cmdline_parse(const char *s)
{
	char *p = buf;
	bool after_dashes = false;

	strlcpy(buf, s ? s : "", sizeof(buf));
	/* boot loaders put the kernel's own path first: skip a first word
	 * that holds a '/' but no '=' */
	bool slash = false, equals = false;
	char *q = buf;
	for (; *q && *q != ' '; q++) {
		slash |= *q == '/';
		equals |= *q == '=';
	}
	if (slash && !equals)
		p = q;
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
		} else if (!strcmp(w, "quiet")) {
			cmdline_quiet = true;
		} else if (!strcmp(w, "test")) {
			cmdline_test = true;
		} else if (starts(w, "test=")) {
			cmdline_test = true;
			cmdline_test_suites = w + 5;
		} else if (!strcmp(w, "rawcon")) {
			cmdline_rawcon = true;
		} else if (!strcmp(w, "klog=ttyS1")) {
			cmdline_klog_port = 2;
		} else if (starts(w, "init=")) {
			cmdline_init = w + 5;
		} else if (starts(w, "initargs=")) {
			cmdline_initargs = w + 9;
		} else if (!strcmp(w, "stdinfifo")) {
			cmdline_stdin_fifo = true;
		} else if (!strcmp(w, "stderr=ttyS2")) {
			cmdline_stderr_com3 = true;
		} else if (starts(w, "stdin=")) {
			cmdline_stdin = w + 6;
		} else if (starts(w, "oops=")) {
			cmdline_oops = w + 5;
		} else if (!strcmp(w, "slub_debug") || !strcmp(w, "kmalloc_debug")) {
			cmdline_slub_debug = true;
		} else if (starts(w, "slub_debug=")) {	/* Linux's flags: all or nothing here */
			cmdline_slub_debug = strcmp(w, "slub_debug=-") != 0;
		} else if (!strcmp(w, "page_poison=1") || !strcmp(w, "page_poison=on")) {
			cmdline_page_poison = true;
		} else if (!strcmp(w, "page_poison=0") || !strcmp(w, "page_poison=off")) {
			cmdline_page_poison = false;
		}
	}
	cmdline_init_argv[cmdline_init_argc] = NULL;
}
