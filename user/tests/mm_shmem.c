/*
 * mm_shmem - MAP_SHARED anonymous memory as Linux's shmem: its pages come
 * in as they are touched (mincore), /proc/self/maps names it
 * "/dev/zero (deleted)" (so does a MAP_SHARED mapping of /dev/zero), fork
 * shares it, MADV_DONTNEED keeps its data, and after mremap grows it the
 * pages past its first length are SIGBUS. Also the maps permissions of
 * PROT_WRITE and PROT_EXEC alone (-w-p, --xp), memory that x86 still lets
 * be read.
 */
#include <setjmp.h>
#include <signal.h>

#include "raw.h"

#define RW (PROT_READ | PROT_WRITE)
#define SHANON (MAP_SHARED | MAP_ANONYMOUS)
#define MREMAP_MAYMOVE_ 1

static sigjmp_buf jb;

/* SIGBUS and SIGSEGV handler: back to the sigsetjmp with the signal. */
static void caught(int sig)
{
	siglongjmp(jb, sig);
}

/* Fills perms and name with the maps line of addr. Returns 1 if found. */
static int maps_of(const void *addr, char *perms, char *name, unsigned long *off)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f)) {
		unsigned long s, e;
		int n = 0;
		name[0] = '\0';
		if (sscanf(line, "%lx-%lx %4s %lx %*x:%*x %*u %n", &s, &e, perms, off, &n) >= 4 &&
		    (unsigned long)addr >= s && (unsigned long)addr < e) {
			found = 1;
			if (n > 0) {
				strcpy(name, line + n);
				name[strcspn(name, "\n")] = '\0';
			}
		}
	}
	if (f)
		fclose(f);
	return found;
}

/* mincore of n pages at p as '0'/'1' (static), or "error". */
static const char *res(const void *p, int n)
{
	static char s[17];
	unsigned char v[16];

	if (n > 16 || RSYS(SYS_mincore, p, (long)n * PAGE, v) != 0)
		return "error";
	for (int i = 0; i < n; i++)
		s[i] = (v[i] & 1) ? '1' : '0';
	s[n] = '\0';
	return s;
}

/* The touch of byte p: 0 if it worked, else the signal it raised. */
static int touch(volatile char *p)
{
	int sig = sigsetjmp(jb, 1);
	if (sig == 0)
		*p = 1;
	return sig;
}

int main(void)
{
	char perms[8], name[400];
	unsigned long off = 1;

	plan(22);
	signal(SIGBUS, caught);
	signal(SIGSEGV, caught);

	char *a = mmap(NULL, 4 * PAGE, RW, SHANON, -1, 0);
	ok(a != MAP_FAILED, "mmap of four pages of shared anonymous memory");
	is(strcmp(res(a, 4), "0000"), 0, "none is resident before it is touched");
	a[PAGE] = 'x';
	is(strcmp(res(a, 4), "0100"), 0, "a touched page is");
	ok(maps_of(a, perms, name, &off) && strcmp(perms, "rw-s") == 0, "maps shows it rw-s");
	is(strcmp(name, "/dev/zero (deleted)"), 0, "named /dev/zero (deleted)");
	is(off, 0, "at offset 0");
	long fd = ropen("/dev/zero", O_RDWR, 0);
	char *z = mmap(NULL, 2 * PAGE, RW, MAP_SHARED, fd, 0);
	RSYS(SYS_close, fd);
	ok(z != MAP_FAILED && maps_of(z, perms, name, &off) &&
	       strcmp(name, "/dev/zero (deleted)") == 0,
	   "so is a MAP_SHARED mapping of /dev/zero");
	is(strcmp(res(z, 2), "00"), 0, "whose pages come in on touch too");

	long pid = rfork();
	if (pid == 0) {
		a[2 * PAGE] = 'c';
		rexit(a[PAGE] == 'x' ? 0 : 1);
	}
	is_exit((int)rwait(pid), 0, "a child of fork sees the parent's store");
	is(a[2 * PAGE], 'c', "and the parent sees the child's");
	is(RSYS(SYS_madvise, a, 4 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED of it");
	ok(a[PAGE] == 'x' && a[2 * PAGE] == 'c', "keeps its data");

	long b = RSYS(SYS_mremap, a, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE_);
	ok(b > 0 || b < -4096, "mremap grows it to eight pages");
	char *g = (char *)b;
	ok(g[PAGE] == 'x', "its data moves along");
	is(touch(g + 3 * PAGE), 0, "its last first-length page can be touched");
	is(touch(g + 5 * PAGE), SIGBUS, "a page past its first length is SIGBUS");
	RSYS(SYS_munmap, g, 8 * PAGE);
	RSYS(SYS_munmap, z, 2 * PAGE);

	char *w = mmap(NULL, PAGE, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(w != MAP_FAILED && maps_of(w, perms, name, &off) && strcmp(perms, "-w-p") == 0,
	   "PROT_WRITE alone is -w-p in maps");
	w[5] = 'w';
	is(((volatile char *)w)[5], 'w', "and can be read all the same (x86)");
	is(RSYS(SYS_mprotect, w, PAGE, PROT_EXEC), 0, "mprotect to PROT_EXEC alone");
	ok(maps_of(w, perms, name, &off) && strcmp(perms, "--xp") == 0, "is --xp in maps");
	is(touch(w + 5), SIGSEGV, "a store to it is SIGSEGV");
	char *x = mmap(NULL, PAGE, PROT_EXEC, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ok(x != MAP_FAILED && maps_of(x, perms, name, &off) && strcmp(perms, "--xs") == 0,
	   "shared PROT_EXEC alone is --xs");
	return done();
}
