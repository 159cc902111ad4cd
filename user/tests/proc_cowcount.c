/*
 * proc_cowcount - what the page-fault handler does around a fork, counted
 * (labs/07-cow).
 *
 * Each page touched for the first time is a demand-zero fill; after a
 * fork each page the child writes is one copy; once the child is gone,
 * the parent's writes copy nothing and reuse its pages. The counts are
 * /proc/vmstat's zero_fills, cow_copies and cow_reuses, compared before
 * and after each step (only the deltas mean anything: libc's own pages
 * fault too). Linux has no such counters, so every point is Mica's alone.
 * user/proc_forkcost measures the memory itself.
 */
#include "tap.h"

#include <stdarg.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PAGE 4096
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
	plan(4);
	counted();
	return done();
}
