/*
 * dyn_loader - a dynamically linked program checks what its loader
 * (glibc's ld-linux.so.2 or musl's ld-musl-i386.so.1, named by PT_INTERP)
 * and the kernel gave it: the auxiliary vector (AT_BASE is the loader's
 * load address, AT_PHDR the program's own headers, AT_ENTRY its _start,
 * AT_EXECFN its path, AT_RANDOM, AT_SECURE, AT_PAGESZ), the objects
 * dl_iterate_phdr lists, /proc/self/maps naming the loader and libc by
 * their real paths with the device, inode and file offset stat and the
 * ELF headers give, the heap's name, RELRO made read-only, thread-local storage (also
 * in a child of fork), dlopen at run time (glibc: libm.so.6), execve of a
 * dynamically linked program from one, and a set-user-ID copy that the
 * loader runs in secure mode (AT_SECURE). Built only dynamically, with each
 * C library (build/user-dyn/LIBC/dyn_loader); nothing printed depends on
 * addresses, so the host's run is the reference.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <elf.h>
#include <limits.h>
#include <link.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "../tests/tap.h"

extern char _start[];
static __thread int tls_value = 42;

/* The PT_ of type in the program's own headers (from AT_PHDR), or NULL. */
static const Elf32_Phdr *own_phdr(unsigned type)
{
	const Elf32_Phdr *ph = (const Elf32_Phdr *)getauxval(AT_PHDR);
	for (unsigned long i = 0; ph && i < getauxval(AT_PHNUM); i++)
		if (ph[i].p_type == type)
			return &ph[i];
	return NULL;
}

/* The program's load bias: AT_PHDR less PT_PHDR's p_vaddr. */
static unsigned long own_bias(void)
{
	const Elf32_Phdr *ph = own_phdr(PT_PHDR);
	return ph ? getauxval(AT_PHDR) - ph->p_vaddr : 0;
}

struct objs {
	int n, main_ok, interp_ok;
	char interp[PATH_MAX];
};

/* dl_iterate_phdr callback: counts objects, and finds the main program
 * (bias as AT_PHDR says, same headers) and the loader (at AT_BASE). */
static int one_obj(struct dl_phdr_info *info, size_t size, void *data)
{
	struct objs *o = data;
	(void)size;
	o->n++;
	if (info->dlpi_phdr == (const Elf32_Phdr *)getauxval(AT_PHDR) &&
	    info->dlpi_addr == own_bias())
		o->main_ok = 1;
	if (info->dlpi_addr == getauxval(AT_BASE) && info->dlpi_name) {
		o->interp_ok = 1;
		strncpy(o->interp, info->dlpi_name, sizeof(o->interp) - 1);
	}
	return 0;
}

struct mapline {
	unsigned long start, end, off, ino;
	unsigned maj, min;
	char perms[5], path[PATH_MAX];
};

/* The /proc/self/maps line holding addr, into *m. Returns 1 if found. */
static int maps_line(unsigned long addr, struct mapline *m)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[PATH_MAX + 128];
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f)) {
		m->path[0] = '\0';
		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %s", &m->start, &m->end, m->perms, &m->off,
			   &m->maj, &m->min, &m->ino, m->path) >= 7 &&
		    addr >= m->start && addr < m->end)
			found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

/* Checks the maps line of addr, which lies in the file path: the real
 * path, the device and inode stat gives, and an offset that is the
 * address's own (a shared object's segments have p_vaddr == p_offset
 * mod the page, and its text at the same distance from its base). */
static void check_line(const char *what, unsigned long addr, const char *path, unsigned long base)
{
	struct mapline m;
	char real[PATH_MAX] = "";
	struct stat st;
	int have = maps_line(addr, &m);

	ok(have, "/proc/self/maps has a line holding %s", what);
	ok(have && realpath(path, real) && strcmp(m.path, real) == 0,
	   "it names the file by its real path");
	if (have && strcmp(m.path, real) != 0)
		diag("maps says %s, realpath %s", m.path, real);
	ok(have && stat(path, &st) == 0 && m.maj == major(st.st_dev) &&
	       m.min == minor(st.st_dev) && m.ino == st.st_ino,
	   "with the file's device and inode");
	ok(have && m.start - base == m.off, "and the file offset the mapping starts at");
	if (have && m.start - base != m.off)
		diag("start - base %#lx, offset %#lx", m.start - base, m.off);
}

/* The auxiliary vector the kernel passed. */
static void auxv(char **argv)
{
	ok(getauxval(AT_BASE) != 0, "AT_BASE is the loader's load address (not 0)");
	ok(own_phdr(PT_INTERP) != NULL, "AT_PHDR points at the program's headers (PT_INTERP found)");
	ok(own_phdr(PT_DYNAMIC) != NULL, "and its PT_DYNAMIC");
	is(getauxval(AT_PHENT), sizeof(Elf32_Phdr), "AT_PHENT is 32");
	is(getauxval(AT_PAGESZ), 4096, "AT_PAGESZ is 4096");
	ok(getauxval(AT_ENTRY) == (unsigned long)_start, "AT_ENTRY is the program's _start");
	ok(getauxval(AT_BASE) != own_bias(), "the loader is not where the program is");
	is(getauxval(AT_SECURE), 0, "AT_SECURE is 0");
	is(getauxval(AT_FLAGS), 0, "AT_FLAGS is 0");
	is(getauxval(AT_UID), getuid(), "AT_UID is the uid");
	is(getauxval(AT_EGID), getegid(), "AT_EGID is the egid");
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	ok(rnd && nonzero, "AT_RANDOM points at 16 bytes, not all zero");
	const char *fn = (const char *)getauxval(AT_EXECFN);
	ok(fn && strcmp(fn, argv[0]) == 0, "AT_EXECFN is the path execve was given");
	const char *plat = (const char *)getauxval(AT_PLATFORM);
	ok(plat && strcmp(plat, "i686") == 0, "AT_PLATFORM is \"i686\"");
	ok(getauxval(AT_HWCAP) & 1, "AT_HWCAP has the FPU bit");
}

/* What the loader made: objects, maps lines, RELRO. */
static void loaded(void)
{
	struct objs o = { 0 };
	dl_iterate_phdr(one_obj, &o);
	ok(o.n >= 2, "dl_iterate_phdr lists the program and at least one shared object");
	ok(o.main_ok, "the main program's entry has AT_PHDR's headers and bias");
	ok(o.interp_ok, "one entry is the loader, at AT_BASE");
	const Elf32_Phdr *in = own_phdr(PT_INTERP);
	const char *interp = in ? (const char *)(own_bias() + in->p_vaddr) : "";
	check_line("AT_BASE (the loader)", getauxval(AT_BASE), interp, getauxval(AT_BASE));
	Dl_info di;
	int have = dladdr((void *)puts, &di) != 0 && di.dli_fname;
	ok(have, "dladdr finds the object holding puts");
	check_line("puts (libc)", (unsigned long)puts, have ? di.dli_fname : "",
		   have ? (unsigned long)di.dli_fbase : 0);
	struct mapline m;
	ok(maps_line((unsigned long)_start, &m) && strchr(m.perms, 'x'),
	   "the program's _start is in an executable mapping");

	const Elf32_Phdr *relro = own_phdr(PT_GNU_RELRO);
	ok(relro != NULL, "the program has PT_GNU_RELRO");
	unsigned long ra = relro ? (own_bias() + relro->p_vaddr) & ~4095UL : 0;
	ok(relro && maps_line(ra, &m) && m.perms[0] == 'r' && m.perms[1] == '-',
	   "the loader made it read-only (mprotect)");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		*(volatile char *)ra = 0;
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	is_signal(st, SIGSEGV, "a store to it is SIGSEGV");
}

/* The heap's maps name: a page mapped over part of the brk area is
 * [heap] too (musl's loader maps one PROT_NONE there), as Linux names
 * every anonymous mapping inside it. */
static void heap(void)
{
	long cur = syscall(SYS_brk, 0);
	long top = (cur + 4095) & ~4095L;
	struct mapline m;

	ok(syscall(SYS_brk, top + 2 * 4096) == top + 2 * 4096, "brk grows the heap by two pages");
	void *g = mmap((void *)top, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ok(g == (void *)top && maps_line(top, &m) && strcmp(m.perms, "---p") == 0 &&
	       strcmp(m.path, "[heap]") == 0,
	   "a PROT_NONE page mapped over it is named [heap]");
	ok(maps_line(top + 4096, &m) && strcmp(m.path, "[heap]") == 0, "so is the page above it");
	syscall(SYS_brk, cur);
}

/* TLS (in a child of fork too), dlopen, execve of a dynamic program. */
static void runtime(char **argv)
{
	is(tls_value, 42, "a __thread variable has its initial value");
	tls_value = 5;
	fflush(stdout);
	pid_t child = fork();
	if (child == 0)
		_exit(tls_value == 5 ? (tls_value = 7, 0) : 1);
	int cst = 0;
	waitpid(child, &cst, 0);
	is_exit(cst, 0, "a child of fork sees the value stored in it (its TLS is there)");
	is(tls_value, 5, "and its own store does not change the parent's");
#ifdef __GLIBC__
	void *lib = dlopen("libm.so.6", RTLD_NOW);
	ok(lib != NULL, "dlopen(\"libm.so.6\") at run time");
	double (*cosp)(double) = lib ? (double (*)(double))dlsym(lib, "cos") : NULL;
	ok(cosp && cosp(0.0) == 1.0, "its cos(0) is 1");
	ok(lib && dlclose(lib) == 0, "dlclose");
	ok(dlopen("libnosuch.so.1", RTLD_NOW) == NULL, "dlopen of a missing library fails");
#else
	skip_why("glibc's libm.so.6", "dlopen(\"libm.so.6\") at run time");
	skip_why("glibc's libm.so.6", "its cos(0) is 1");
	skip_why("glibc's libm.so.6", "dlclose");
	ok(dlopen("libnosuch.so.1", RTLD_NOW) == NULL, "dlopen of a missing library fails");
#endif
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = { argv[0], "child", NULL };
		execv("/proc/self/exe", args);
		_exit(99);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	is_exit(st, 33, "execve of the same dynamically linked program runs it");
}

/* A set-user-ID root copy of this program, started by a child that gave
 * up root: the loader runs it in secure mode (AT_SECURE 1). */
static void secure(void)
{
	char path[64];
	static char buf[1 << 16];
	snprintf(path, sizeof(path), "/tmp/dyn_loader.suid.%d", (int)getpid());
	int in = open("/proc/self/exe", O_RDONLY), out = open(path, O_WRONLY | O_CREAT, 0700);
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, (size_t)n);
	close(in);
	close(out);
	ok(chmod(path, 04755) == 0, "a set-user-ID root copy of the program");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = { path, "secure", NULL };
		if (setuid(65534) == 0)
			execv(path, args);
		_exit(99);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	is_exit(st, 34, "run by uid 65534: euid 0, AT_SECURE 1, loaded all the same");
	unlink(path);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return getauxval(AT_BASE) != 0 && tls_value == 42 ? 33 : 1;
	if (argc > 1 && strcmp(argv[1], "secure") == 0)
		return getauxval(AT_SECURE) == 1 && geteuid() == 0 && getuid() == 65534 ? 34 : 1;
	plan(44);
	auxv(argv);
	loaded();
	heap();
	runtime(argv);
	secure();
	return done();
}
