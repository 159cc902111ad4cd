/*
 * exec_auxv.h - the initial stack and auxiliary vector execve gives a
 * program, checked by the program itself (exec_auxv.c as an ET_EXEC
 * program, exec_pie.c as a static-pie one).
 *
 * The test execs itself, with address randomization off and an argv[0]
 * that is not the path, and the child checks where Linux puts everything:
 * at the top of the stack a NULL word (8 bytes on x86-64 Linux, 4 on
 * i386) under the path given to execve (AT_EXECFN), then the environment
 * and argument strings, then (16-byte aligned) "i686" (AT_PLATFORM) and
 * 16 random bytes (AT_RANDOM), then the vectors from a 16-byte aligned
 * esp. The child sends one flag per check down a pipe; the parent makes
 * the TAP points. Every address is compared with another address: the
 * stack top is not the same on the host (0xffffe000) and on Mica.
 */
#include "tap.h"

#include <elf.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/personality.h>
#include <sys/stat.h>

#define PAGE 4096u
#define MMAP_GAP (128u << 20) /* the mmap area ends this far below the stack top */
#define NCHECKS 24
#define CHILD_ARGV0 "argv0-is-not-the-path"

extern char **environ;
extern char end[]; /* the end of .bss */
extern void _start(void);

static const char *const check_names[NCHECKS] = {
	"the auxv on the stack is /proc/self/auxv",
	"auxv types in Linux's order (vDSO and rseq entries aside)",
	"AT_EXECFN is the path given to execve, not argv[0]",
	"AT_EXECFN at the top of the stack, under one NULL word",
	"the environment strings end right below AT_EXECFN",
	"the argument strings come right before the environment's",
	"AT_PLATFORM \"i686\" right below the strings, 16-byte aligned",
	"AT_RANDOM: 16 bytes right below AT_PLATFORM",
	"argc at a 16-byte aligned esp, argv and envp after it",
	"the auxv ends less than 16 bytes below AT_RANDOM",
	"AT_HWCAP is cpuid leaf 1's edx",
	"AT_UID, AT_EUID, AT_GID, AT_EGID are the ids, AT_SECURE 0",
	"AT_PAGESZ 4096, AT_CLKTCK 100, AT_FLAGS 0",
	"AT_MINSIGSTKSZ present, at least 512",
	"AT_HWCAP2 present",
	"AT_ENTRY is _start",
	"AT_PHDR, AT_ENTRY: our own headers and entry, moved by the bias",
	"AT_PHNUM and AT_PHENT match our file's ELF header",
	"AT_BASE 0 without an interpreter",
	"/proc/self/environ holds exactly the environment",
	"/proc/self/cmdline holds exactly the arguments",
	"the heap starts where Linux starts it",
	"the image lies where Linux puts it",
	"AT_SYSINFO and AT_SYSINFO_EHDR (the vDSO) first in the auxv",
};

/* Reads all of path into buf (size bytes). Returns the length or -1. */
static long slurp(const char *path, void *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;
	if (fd < 0)
		return -1;
	while (n < (long)size && (r = read(fd, (char *)buf + n, size - (size_t)n)) > 0)
		n += r;
	close(fd);
	return n;
}

/* The end of the [stack] line of /proc/self/maps, or 0. */
static unsigned long stack_end(void)
{
	static char maps[16384];
	long n = slurp("/proc/self/maps", maps, sizeof(maps) - 1);
	if (n < 0)
		return 0;
	maps[n] = '\0';
	for (char *l = maps; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned long s, e;
		if (sscanf(l, "%lx-%lx", &s, &e) == 2 && strncmp(strchr(l, '\n') - 7, "[stack]", 7) == 0)
			return e;
	}
	return 0;
}

/* The start of the [heap] line of /proc/self/maps, or 0. */
static unsigned long heap_start(void)
{
	static char maps[16384];
	long n = slurp("/proc/self/maps", maps, sizeof(maps) - 1);
	if (n < 0)
		return 0;
	maps[n] = '\0';
	char *h = strstr(maps, "[heap]");
	if (!h)
		return 0;
	while (h > maps && h[-1] != '\n')
		h--;
	return strtoul(h, NULL, 16);
}

static uint32_t *stack_auxv; /* the auxv execve put after envp */

/* The value of auxv entry type, from the stack (glibc's getauxval
 * answers AT_HWCAP from its own idea of the CPU), or 0. */
static unsigned long av(uint32_t type)
{
	for (uint32_t *a = stack_auxv; a[0]; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

/* The child: check everything, send the flags to fd. */
static int child(int argc, char **argv, int fd)
{
	unsigned char ok_[NCHECKS] = {0};
	char **e = environ;
	int envc = 0;
	while (e[envc])
		envc++;
	uint32_t *auxv = (uint32_t *)(e + envc + 1), nauxv = 0;
	while (auxv[2 * nauxv])
		nauxv++;
	stack_auxv = auxv;
	static uint32_t file[256];
	long n = slurp("/proc/self/auxv", file, sizeof(file));
	/* x86-64 Linux rounds a 32-bit program's file up to 16-byte entries */
	ok_[0] = n >= (long)((nauxv + 1) * 8) && memcmp(file, auxv, (nauxv + 1) * 8) == 0;

	static const uint32_t order[] = {AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR,
					 AT_PHENT,	 AT_PHNUM, AT_BASE,   AT_FLAGS,	 AT_ENTRY,
					 AT_UID,	 AT_EUID,  AT_GID,    AT_EGID,	 AT_SECURE,
					 AT_RANDOM,	 AT_HWCAP2, AT_EXECFN, AT_PLATFORM};
	unsigned k = 0, good = 1;
	for (uint32_t i = 0; i < nauxv; i++) {
		uint32_t t = auxv[2 * i];
		if (t == AT_SYSINFO || t == AT_SYSINFO_EHDR || t == 27 || t == 28)
			continue; /* the host's vDSO and AT_RSEQ_FEATURE_SIZE/ALIGN */
		good &= k < sizeof(order) / sizeof(order[0]) && order[k] == t;
		k++;
	}
	ok_[1] = good && k == sizeof(order) / sizeof(order[0]);

	const char *execfn = (const char *)av(AT_EXECFN);
	const char *path = argv[3];
	ok_[2] = execfn && strcmp(execfn, path) == 0 && strcmp(argv[0], CHILD_ARGV0) == 0;
	unsigned long top = stack_end(), fn_end = (unsigned long)execfn + strlen(execfn) + 1;
	ok_[3] = execfn && (top - fn_end == 4 || top - fn_end == 8) &&
		 *(const uint32_t *)fn_end == 0;
	ok_[4] = envc > 0 && e[envc - 1] + strlen(e[envc - 1]) + 1 == execfn;
	good = argv[argc - 1] + strlen(argv[argc - 1]) + 1 == e[0];
	for (int i = 0; i + 1 < argc; i++)
		good &= argv[i] + strlen(argv[i]) + 1 == argv[i + 1];
	ok_[5] = good;
	const char *plat = (const char *)av(AT_PLATFORM);
	ok_[6] = plat && strcmp(plat, "i686") == 0 &&
		 (unsigned long)plat == (((unsigned long)argv[0] & ~15ul) - 5);
	ok_[7] = av(AT_RANDOM) == (unsigned long)plat - 16;
	uint32_t *sp = (uint32_t *)argv - 1;
	ok_[8] = ((unsigned long)sp & 15) == 0 && *sp == (uint32_t)argc &&
		 (char **)(sp + 1 + argc + 1) == environ;
	unsigned long aux_end = (unsigned long)(auxv + 2 * nauxv + 2);
	ok_[9] = aux_end <= av(AT_RANDOM) && av(AT_RANDOM) - aux_end < 16;
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	ok_[10] = av(AT_HWCAP) == d;
	ok_[11] = av(AT_UID) == getuid() && av(AT_EUID) == geteuid() &&
		  av(AT_GID) == getgid() && av(AT_EGID) == getegid() &&
		  av(AT_SECURE) == 0;
	ok_[12] = av(AT_PAGESZ) == PAGE && av(AT_CLKTCK) == 100 &&
		  av(AT_FLAGS) == 0;
	ok_[13] = av(AT_MINSIGSTKSZ) >= 512;
	good = 0;
	for (uint32_t i = 0; i < nauxv; i++)
		good |= auxv[2 * i] == AT_HWCAP2;
	ok_[14] = good;
	ok_[15] = av(AT_ENTRY) == (unsigned long)_start;
	/* the load bias from our own file's headers: where AT_PHDR says the
	 * table is, less where the PT_LOAD holding it puts it */
	const Elf32_Phdr *ph = (const Elf32_Phdr *)av(AT_PHDR);
	static Elf32_Ehdr fe;
	unsigned long bias = 0, image_end = 0;
	int found = 0;
	const Elf32_Ehdr *eh = NULL;
	if (slurp("/proc/self/exe", &fe, sizeof(fe)) == (long)sizeof(fe) && ph)
		for (unsigned i = 0; i < fe.e_phnum; i++)
			if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= fe.e_phoff &&
			    fe.e_phoff - ph[i].p_offset < ph[i].p_filesz) {
				bias = (unsigned long)ph - (fe.e_phoff - ph[i].p_offset + ph[i].p_vaddr);
				found = 1;
			}
	for (unsigned i = 0; found && i < fe.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (bias + ph[i].p_vaddr + ph[i].p_memsz > image_end)
			image_end = bias + ph[i].p_vaddr + ph[i].p_memsz;
		if (ph[i].p_offset == 0)
			eh = (const Elf32_Ehdr *)(bias + ph[i].p_vaddr);
	}
	ok_[16] = found && eh && memcmp(eh, &fe, sizeof(fe)) == 0 && (bias & (PAGE - 1)) == 0 &&
		  av(AT_ENTRY) == bias + fe.e_entry;
	ok_[17] = found && av(AT_PHNUM) == fe.e_phnum && av(AT_PHENT) == fe.e_phentsize;
	ok_[18] = av(AT_BASE) == 0;

	static char buf[4096], want[4096];
	size_t wl = 0;
	for (int i = 0; i < envc; i++) {
		memcpy(want + wl, e[i], strlen(e[i]) + 1);
		wl += strlen(e[i]) + 1;
	}
	n = slurp("/proc/self/environ", buf, sizeof(buf));
	ok_[19] = n == (long)wl && memcmp(buf, want, wl) == 0;
	wl = 0;
	for (int i = 0; i < argc; i++) {
		memcpy(want + wl, argv[i], strlen(argv[i]) + 1);
		wl += strlen(argv[i]) + 1;
	}
	n = slurp("/proc/self/cmdline", buf, sizeof(buf));
	ok_[20] = n == (long)wl && memcmp(buf, want, wl) == 0;

	/* grow the heap by a page with the raw call, so it shows in maps */
	unsigned long brk0 = (unsigned long)sys1(SYS_brk, 0);
	sys1(SYS_brk, brk0 + PAGE);
	unsigned long heap = heap_start();
	ok_[22] = image_end != 0;
#ifdef EXEC_PIE
	/* as Linux: a static-pie program's heap starts at ELF_ET_DYN_BASE, its
	 * image at the top of the mmap area */
	ok_[21] = heap != 0 && (on_mica() ? heap == 0x00400000 : heap == 0x56555000);
	ok_[22] &= ((image_end + PAGE - 1) & ~(PAGE - 1ul)) == top - MMAP_GAP;
#else
	/* as Linux without randomization: right after the .bss */
	ok_[21] = heap == (((unsigned long)end + PAGE - 1) & ~(PAGE - 1ul));
	ok_[22] &= bias == 0 && eh == (const Elf32_Ehdr *)0x08048000;
#endif
	/* i386's ARCH_DLINFO comes before the rest (docs/abi.md, the vDSO) */
	ok_[23] = nauxv >= 2 && stack_auxv[0] == AT_SYSINFO && stack_auxv[1] != 0 &&
		  stack_auxv[2] == AT_SYSINFO_EHDR && stack_auxv[3] != 0;
	return write(fd, ok_, sizeof(ok_)) == sizeof(ok_) ? 0 : 1;
}

static char suid_copy[64]; /* in a directory of this run's own */
#define SUID_COPY suid_copy
#define OTHER_ID 1000

/* The child of a set-user-ID and set-group-ID copy: its ids and
 * AT_SECURE, from the stack's auxv, to fd. */
static int child_secure(int fd)
{
	char **e = environ;
	while (*e)
		e++;
	stack_auxv = (uint32_t *)(e + 1);
	uint32_t v[5] = {av(AT_UID), av(AT_EUID), av(AT_GID), av(AT_EGID), av(AT_SECURE)};
	return write(fd, v, sizeof(v)) == sizeof(v) ? 0 : 1;
}

/* Run a set-ID copy of ourselves (owner and group OTHER_ID, mode 06755)
 * as root: AT_EUID and AT_EGID are the file's, AT_SECURE 1. */
static void test_setid(const char *self)
{
	static char img[4 << 20];
	int p[2], st = -1;
	uint32_t v[5] = {0};
	long n = slurp(self, img, sizeof(img));
	char dir[32] = "/tmp/exec_auxv.XXXXXX";
	if (!mkdtemp(dir) || chmod(dir, 0755))
		dir[0] = '\0';
	snprintf(suid_copy, sizeof(suid_copy), "%s/suid", dir);
	int fd = open(SUID_COPY, O_CREAT | O_TRUNC | O_WRONLY, 0755);
	ok(n > 0 && n < (long)sizeof(img) && fd >= 0 && write(fd, img, (size_t)n) == n &&
	       fchown(fd, OTHER_ID, OTHER_ID) == 0 && fchmod(fd, 06755) == 0,
	   "a set-user-ID, set-group-ID copy of the program");
	close(fd);
	pipe(p);
	char fdbuf[16];
	snprintf(fdbuf, sizeof(fdbuf), "%d", p[1]);
	pid_t pid = fork();
	if (pid == 0) {
		char *cargv[] = {SUID_COPY, "--secure", fdbuf, NULL}, *cenv[] = {"A=1", NULL};
		close(p[0]);
		execve(SUID_COPY, cargv, cenv);
		_exit(99);
	}
	close(p[1]);
	int got = read(p[0], v, sizeof(v)) == sizeof(v);
	close(p[0]);
	waitpid(pid, &st, 0);
	ok(got && st == 0 && v[0] == getuid() && v[1] == OTHER_ID && v[2] == getgid() &&
	       v[3] == OTHER_ID,
	   "set-ID exec: AT_UID and AT_GID ours, AT_EUID and AT_EGID the file's");
	ok(got && v[4] == 1, "set-ID exec: AT_SECURE 1");
	unlink(SUID_COPY);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--child") == 0)
		return child(argc, argv, atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "--secure") == 0)
		return child_secure(atoi(argv[2]));
	plan(NCHECKS + 4);
	int p[2];
	char fdbuf[16];
	unsigned char res[NCHECKS];
	pipe(p);
	snprintf(fdbuf, sizeof(fdbuf), "%d", p[1]);
	pid_t pid = fork();
	if (pid == 0) {
		char *cargv[] = {CHILD_ARGV0, "--child", fdbuf, argv[0], NULL};
		char *cenv[] = {"A=1", "EMPTY=", "LAST=the last one", NULL};
		close(p[0]);
		personality(ADDR_NO_RANDOMIZE);
		execve(argv[0], cargv, cenv);
		_exit(99);
	}
	close(p[1]);
	int got = read(p[0], res, sizeof(res)) == sizeof(res), st = -1;
	waitpid(pid, &st, 0);
	is_exit(st, 0, "the child ran and reported");
	for (int i = 0; i < NCHECKS; i++) {
		if (i == 23 && !on_mica())
			skip("%s", check_names[i]);
		else
			ok(got && res[i], "%s", check_names[i]);
	}
	test_setid(argv[0]);
	return done();
}
