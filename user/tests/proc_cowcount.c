/*
 * proc_cowcount - what copy-on-write costs, measured (labs/07-cow).
 *
 * A fork of a process holding 16 MiB of touched memory takes almost no
 * memory (the pages are shared read-only, not copied); each page the
 * child writes is one copy; once the child is gone, the parent's writes
 * copy nothing and reuse its pages. The counts are /proc/vmstat's
 * cow_copies, cow_reuses and zero_fills and /proc/meminfo's MemFree,
 * compared before and after each step (only the deltas mean anything:
 * libc's own pages fault too). Linux has no such counters and its MemFree
 * moves on its own, so every point is Mica's alone.
 */
#include "tap.h"

#include <stdarg.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PAGE 4096
#define BIG (16 << 20) /* the memory the forking process holds */
#define NPAGES 64      /* the pages the counting steps write */

struct counts {
	long copies, reuses, zero_fills;
};

/* The value of /proc/vmstat's line "name N" in text, or -1. */
static long field(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, name, n) == 0 && p[n] == ' ')
			return strtol(p + n + 1, NULL, 10);
	return -1;
}

/* Reads the three counters with raw calls into a stack buffer (no libc
 * state touched). All -1 when /proc/vmstat cannot be read. */
static struct counts counts(void)
{
	char buf[1024];
	long fd = sys3(SYS_open, "/proc/vmstat", O_RDONLY, 0), n = 0, r;
	struct counts c = { -1, -1, -1 };

	if (fd < 0)
		return c;
	while (n < (long)sizeof(buf) - 1 &&
	       (r = sys3(SYS_read, fd, buf + n, (long)sizeof(buf) - 1 - n)) > 0)
		n += r;
	sys1(SYS_close, fd);
	buf[n] = '\0';
	c.copies = field(buf, "cow_copies");
	c.reuses = field(buf, "cow_reuses");
	c.zero_fills = field(buf, "zero_fills");
	return c;
}

/* A check that got is at least min (or at most, when at_most): passes or
 * fails with "expected at least MIN, got GOT". */
static __attribute__((format(printf, 4, 5))) int bound(long got, long limit, int at_most,
						       const char *fmt, ...)
{
	char why[100];
	va_list ap;
	int pass = at_most ? got <= limit : got >= limit;

	snprintf(why, sizeof(why), "expected %s %ld, got %ld", at_most ? "at most" : "at least",
		 limit, got);
	va_start(ap, fmt);
	tap_result(pass, why, fmt, ap);
	va_end(ap);
	return pass;
}

/* Writes one byte in each of n pages at p. */
static void touch(volatile char *p, int n, char val)
{
	for (int i = 0; i < n; i++)
		p[(long)i * PAGE] = val;
}

/* Fork with BIG bytes touched: the child measures MemFree at once and
 * sends how many KiB the fork took through a pipe. */
static void fork_is_cheap(void)
{
	char *big = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fds[2];
	long took = -1;

	if (big == MAP_FAILED || pipe(fds)) {
		ok(0, "fork of a process holding 16 MiB takes under 1 MiB");
		return;
	}
	touch(big, BIG / PAGE, 1);
	long before = mem_free();
	pid_t pid = fork();
	if (pid == 0) {
		long kib = before - mem_free();
		write(fds[1], &kib, sizeof(kib));
		_exit(0);
	}
	if (read(fds[0], &took, sizeof(took)) != sizeof(took))
		took = -1;
	waitpid(pid, NULL, 0);
	close(fds[0]);
	close(fds[1]);
	if (mica_only("fork of a process holding 16 MiB takes under 1 MiB"))
		bound(took, 1024, 1, "fork of a process holding 16 MiB takes under 1 MiB");
	munmap(big, BIG);
}

/* The counting steps of docs' Lab 7: 64 fresh pages touched, a fork whose
 * child writes each, then the parent's writes once the child is gone. */
static void counted(void)
{
	char *m = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (m == MAP_FAILED)
		m = NULL;

	struct counts c0 = counts();
	if (m)
		touch(m, NPAGES, 1);
	struct counts c1 = counts();
	pid_t pid = fork();
	if (pid == 0) {
		if (m)
			touch(m, NPAGES, 2);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	struct counts c2 = counts();
	if (m)
		touch(m, NPAGES, 3);
	struct counts c3 = counts();

	if (mica_only("touching 64 fresh pages: zero_fills grows by 64"))
		bound(c1.zero_fills - c0.zero_fills, NPAGES, 0,
		      "touching 64 fresh pages: zero_fills grows by 64");
	if (mica_only("the child writing 64 shared pages: cow_copies grows by 64"))
		bound(c2.copies - c1.copies, NPAGES, 0,
		      "the child writing 64 shared pages: cow_copies grows by 64");
	if (mica_only("the parent writing them after: cow_reuses grows by 64"))
		bound(c3.reuses - c2.reuses, NPAGES, 0,
		      "the parent writing them after: cow_reuses grows by 64");
	if (mica_only("the parent writing them after: no page copied"))
		bound(c3.copies - c2.copies, 0, 1, "the parent writing them after: no page copied");
	if (m)
		munmap(m, NPAGES * PAGE);
}

int main(void)
{
	plan(5);
	fork_is_cheap();
	counted();
	return done();
}
