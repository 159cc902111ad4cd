/*
 * proc_forkcost - what a fork costs in memory (labs/07-cow).
 *
 * A process touches 16 MiB and forks. With copy-on-write the fork takes
 * almost nothing (the pages are shared read-only, only page tables are
 * new), and a child that then writes 16 of the pages takes about 16
 * pages more, not 16 MiB. The child measures /proc/meminfo's MemFree
 * before and after and sends the figures through a pipe. Linux's MemFree
 * moves on its own, so the points are Mica's alone.
 */
#include "tap.h"

#include <stdarg.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096
#define BIG (16 << 20) /* the memory the forking process holds */
#define WRITTEN 16     /* the pages the child writes */

/* A check that got is at most limit: "expected at most LIMIT, got GOT". */
static __attribute__((format(printf, 3, 4))) int at_most(long got, long limit, const char *fmt,
							 ...)
{
	char why[100];
	va_list ap;

	snprintf(why, sizeof(why), "expected at most %ld, got %ld", limit, got);
	va_start(ap, fmt);
	int pass = tap_result(got <= limit, why, fmt, ap);
	va_end(ap);
	return pass;
}

int main(void)
{
	char *big = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long kib[2] = { -1, -1 }; /* the fork's cost, then the child's writes' */
	int fds[2];

	plan(2);
	if (big != MAP_FAILED && pipe(fds) == 0) {
		for (long i = 0; i < BIG; i += PAGE)
			big[i] = 1;
		long before = mem_free();
		pid_t pid = fork();
		if (pid == 0) {
			long at_fork = mem_free();
			for (int i = 0; i < WRITTEN; i++)
				big[(long)i * PAGE] = 2;
			long k[2] = { before - at_fork, at_fork - mem_free() };
			write(fds[1], k, sizeof(k));
			_exit(0);
		}
		if (read(fds[0], kib, sizeof(kib)) != sizeof(kib))
			kib[0] = kib[1] = -1;
		waitpid(pid, NULL, 0);
	}
	if (mica_only("fork of a process holding 16 MiB takes under 1 MiB (KiB)"))
		at_most(kib[0] < 0 ? 1L << 30 : kib[0], 1024,
			"fork of a process holding 16 MiB takes under 1 MiB (KiB)");
	if (mica_only("the child writing 16 of its pages takes under 1 MiB more (KiB)"))
		at_most(kib[1] < 0 ? 1L << 30 : kib[1], 1024,
			"the child writing 16 of its pages takes under 1 MiB more (KiB)");
	return done();
}
