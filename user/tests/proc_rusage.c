/*
 * proc_rusage - getrusage and times: user time from a busy loop, system
 * time from a loop of big reads, page faults and peak resident size from
 * touched pages, voluntary switches from sleeps, involuntary ones from
 * more busy processes than CPUs, the children's totals once they are
 * reaped (grandchildren included, zombies not yet), and the bad paths:
 * unknown who, unwritable buffers.
 *
 * Times are measured, so the checks are bounds that hold on any machine
 * (a busy loop of 0.2 s of CPU is mostly user time), never exact values.
 */
#include "tap.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

#define NR_getrusage 77
#define NR_times 43
#define RUSAGE_BOTH (-2)
#define HZ_USER 100

/* struct rusage as the i386 kernel writes it. */
struct ru32 {
	long utime_sec, utime_usec, stime_sec, stime_usec;
	long maxrss, ixrss, idrss, isrss, minflt, majflt, nswap;
	long inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

/* Milliseconds of user (or, if sys, system) time in *r. */
static long ms(const struct ru32 *r, int sys)
{
	return sys ? r->stime_sec * 1000 + r->stime_usec / 1000
		   : r->utime_sec * 1000 + r->utime_usec / 1000;
}

/* getrusage(who) through the raw call; exits on failure. */
static struct ru32 usage(int who)
{
	struct ru32 r;
	memset(&r, 0, sizeof(r));
	if (sys2(NR_getrusage, who, &r) != 0) {
		diag("getrusage(%d) failed", who);
		exit(2);
	}
	return r;
}

/* Milliseconds of CLOCK_MONOTONIC. */
static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Spin in user mode until this process has used want_ms of CPU time (or
 * 20 s of wall time went by). */
static void spin(long want_ms)
{
	long t0 = now_ms();
	struct ru32 r0 = usage(RUSAGE_SELF);
	long start = ms(&r0, 0) + ms(&r0, 1);
	for (;;) {
		for (volatile int i = 0; i < 200000; i++)
			;
		struct ru32 r = usage(RUSAGE_SELF);
		if (ms(&r, 0) + ms(&r, 1) - start >= want_ms || now_ms() - t0 > 20000)
			return;
	}
}

/* Touch n fresh pages of a new mapping; returns it. */
static char *touch(int n)
{
	char *p = mmap(NULL, (size_t)n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	for (int i = 0; i < n; i++)
		p[i * 4096] = 1;
	return p;
}

/* The bad paths of getrusage and times. */
static void test_errors(void)
{
	struct ru32 r;
	struct tms t;

	is(sys2(NR_getrusage, RUSAGE_SELF, &r), 0, "getrusage(RUSAGE_SELF)");
	is(sys2(NR_getrusage, RUSAGE_THREAD, &r), 0, "getrusage(RUSAGE_THREAD)");
	is(sys2(NR_getrusage, RUSAGE_CHILDREN, &r), 0, "getrusage(RUSAGE_CHILDREN)");
	is_err(sys2(NR_getrusage, RUSAGE_BOTH, &r), EINVAL, "getrusage(RUSAGE_BOTH) is internal");
	is_err(sys2(NR_getrusage, 2, &r), EINVAL, "getrusage(2)");
	is_err(sys2(NR_getrusage, -3, &r), EINVAL, "getrusage(-3)");
	is_err(sys2(NR_getrusage, 12345, NULL), EINVAL, "a bad who is checked before the buffer");
	is_err(sys2(NR_getrusage, RUSAGE_SELF, NULL), EFAULT, "getrusage(NULL)");
	is_err(sys2(NR_getrusage, RUSAGE_SELF, KERNEL_BASE), EFAULT, "getrusage(0xC0000000)");
	is_err(sys2(NR_getrusage, RUSAGE_CHILDREN, KERNEL_TEXT), EFAULT,
	       "getrusage(CHILDREN, 0xC0100000)");
	is_err(sys2(NR_getrusage, RUSAGE_SELF, 0xFFFFFFF0UL), EFAULT,
	       "getrusage buffer wrapping past 4 GiB");
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	is_err(sys2(NR_getrusage, RUSAGE_SELF, ro), EFAULT, "getrusage into a read-only page");
	long a = sys1(NR_times, NULL);
	ok(a < -4095 || a >= 0, "times(NULL) returns ticks, not an error");
	is_err(sys1(NR_times, KERNEL_BASE), EFAULT, "times(0xC0000000)");
	is_err(sys1(NR_times, ro), EFAULT, "times into a read-only page");
	is_err(sys1(NR_times, 0xFFFFFFF8UL), EFAULT, "times buffer wrapping past 4 GiB");
	long b = sys1(NR_times, &t);
	ok(b - a >= 0 && b - a < 50, "times(buf) returns the same clock as times(NULL)");
	munmap(ro, 4096);
}

/* User time from spinning, system time from big reads, and times(). */
static void test_times(void)
{
	struct ru32 r0 = usage(RUSAGE_SELF);
	spin(300);
	struct ru32 r1 = usage(RUSAGE_SELF);
	long du = ms(&r1, 0) - ms(&r0, 0), ds = ms(&r1, 1) - ms(&r0, 1);
	ok(du >= 200, "a busy loop of 0.3 s CPU counts at least 0.2 s of user time");
	ok(du > ds, "the busy loop is mostly user time");
	struct ru32 t = usage(RUSAGE_THREAD);
	long tt = ms(&t, 0) + ms(&t, 1), st = ms(&r1, 0) + ms(&r1, 1);
	ok(tt - st > -100 && tt - st < 100, "RUSAGE_THREAD is the one thread's RUSAGE_SELF");

	static char buf[1 << 20];
	int fd = open("/dev/zero", O_RDONLY);
	long t0 = now_ms(), n = 0;
	struct ru32 s0 = usage(RUSAGE_SELF), s1;
	do {
		for (int i = 0; i < 8; i++)
			n += read(fd, buf, sizeof(buf)) == sizeof(buf);
		s1 = usage(RUSAGE_SELF);
	} while (ms(&s1, 1) - ms(&s0, 1) < 200 && now_ms() - t0 < 20000);
	close(fd);
	ds = ms(&s1, 1) - ms(&s0, 1);
	du = ms(&s1, 0) - ms(&s0, 0);
	ok(ds >= 200, "reading /dev/zero in 1 MiB pieces counts system time");
	ok(ds > du, "the read loop is mostly system time");
	ok(n > 0, "the reads read");

	struct tms tm;
	long c0 = (long)times(&tm);
	struct ru32 r = usage(RUSAGE_SELF);
	long tu = ms(&r, 0) / 10, ts = ms(&r, 1) / 10;
	ok(tm.tms_utime >= tu - 2 && tm.tms_utime <= tu + 2,
	   "tms_utime is ru_utime in clock ticks");
	ok(tm.tms_stime >= ts - 2 && tm.tms_stime <= ts + 2,
	   "tms_stime is ru_stime in clock ticks");
	is(sysconf(_SC_CLK_TCK), HZ_USER, "clock ticks are USER_HZ, 100 a second");
	struct timespec d = { 0, 200000000 };
	nanosleep(&d, NULL);
	long c1 = (long)times(&tm);
	ok(c1 - c0 >= 15 && c1 - c0 <= 100, "times() advances 100 a second");
}

/* Page faults and the peak resident size. The peak counts from before
 * execve (Linux keeps the old image's), so each mapping is made bigger
 * than the peak so far. */
static void test_memory(void)
{
	struct ru32 r0 = usage(RUSAGE_SELF);
	int n = (int)(r0.maxrss / 4) + 2048;
	char *p = touch(n);
	struct ru32 r1 = usage(RUSAGE_SELF);
	ok(p != NULL, "a mapping 8 MiB over the peak so far");
	ok(r1.minflt - r0.minflt >= n, "touching its pages is a minor fault each");
	is(r1.majflt - r0.majflt, 0, "anonymous pages are no major faults");
	/* Linux reads its per-CPU rss counters approximately: 1 MiB of slack */
	ok(r1.maxrss - r0.maxrss >= 7168, "it raises ru_maxrss (KiB) by 8 MiB");
	munmap(p, (size_t)n * 4096);
	struct ru32 r2 = usage(RUSAGE_SELF);
	ok(r2.maxrss >= r1.maxrss, "ru_maxrss is a peak: munmap leaves it");
	is(r2.minflt - r1.minflt < 64, 1, "no faults without touching");
	n = (int)(r2.maxrss / 4) + 1024;
	p = touch(n);
	struct ru32 r3 = usage(RUSAGE_SELF);
	ok(r3.maxrss - r2.maxrss >= 3072, "a bigger mapping raises the peak again");
	munmap(p, (size_t)n * 4096);
}

/* Voluntary switches from sleeps. */
static void test_switches(void)
{
	struct ru32 r0 = usage(RUSAGE_SELF);
	for (int i = 0; i < 5; i++) {
		struct timespec d = { 0, 10000000 };
		nanosleep(&d, NULL);
	}
	struct ru32 r1 = usage(RUSAGE_SELF);
	ok(r1.nvcsw - r0.nvcsw >= 5, "five sleeps are at least five voluntary switches");
}

/* Child body: spin 0.2 s of CPU, touch 4 MiB, exit 7. */
static void busy_child(long grand)
{
	if (grand) { /* and a grandchild doing the same, reaped here */
		pid_t g = fork();
		if (g == 0) {
			spin(200);
			touch(1024);
			_exit(7);
		}
		waitpid(g, NULL, 0);
	}
	spin(200);
	touch(1024);
	_exit(7);
}

/* RUSAGE_CHILDREN and tms_cutime: reaped children only, grandchildren
 * included. */
static void test_children(void)
{
	struct ru32 c0 = usage(RUSAGE_CHILDREN);
	is(ms(&c0, 0) + ms(&c0, 1), 0, "no reaped children: no children's time");
	is(c0.maxrss, 0, "no reaped children: no children's ru_maxrss");

	pid_t pid = fork();
	if (pid == 0)
		busy_child(0);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	struct ru32 c1 = usage(RUSAGE_CHILDREN);
	is(ms(&c1, 0), 0, "a zombie not yet reaped adds no time");
	struct ru32 self0 = usage(RUSAGE_SELF);
	int st;
	waitpid(pid, &st, 0);
	is_exit(st, 7, "the busy child exits 7");
	struct ru32 c2 = usage(RUSAGE_CHILDREN);
	struct ru32 self1 = usage(RUSAGE_SELF);
	ok(ms(&c2, 0) >= 150, "the reaped child's 0.2 s of CPU is children's user time");
	ok(ms(&self1, 0) - ms(&self0, 0) < 100, "and not the parent's own");
	ok(c2.maxrss >= 4000, "children's ru_maxrss is the child's peak (KiB)");
	ok(c2.minflt >= 1024, "children's ru_minflt has the child's faults");
	struct tms tm;
	times(&tm);
	long cu = ms(&c2, 0) / 10;
	ok(tm.tms_cutime >= cu - 2 && tm.tms_cutime <= cu + 2, "tms_cutime agrees");

	pid = fork();
	if (pid == 0)
		busy_child(1);
	waitpid(pid, &st, 0);
	struct ru32 c3 = usage(RUSAGE_CHILDREN);
	ok(ms(&c3, 0) - ms(&c2, 0) >= 300, "a reaped child's own reaped children count too");
	ok(c3.maxrss >= c2.maxrss, "children's ru_maxrss keeps the biggest");

	/* wait4 reports the reaped child's own usage, its children's added */
	pid = fork();
	if (pid == 0)
		busy_child(1);
	struct ru32 w;
	memset(&w, 0, sizeof(w));
	is(sys4(SYS_wait4, pid, &st, 0, &w), pid, "wait4 with a rusage");
	ok(ms(&w, 0) >= 300, "wait4's rusage has the child's and grandchild's user time");
	ok(w.maxrss >= 4000 && w.minflt >= 1024, "and their peak and faults");
	pid = fork();
	if (pid == 0)
		_exit(3);
	is_err(sys4(SYS_wait4, pid, &st, 0, KERNEL_BASE), EFAULT, "wait4 into a kernel rusage");
	is_err(sys4(SYS_wait4, pid, &st, 0, 0), ECHILD, "the child was reaped all the same");

	/* three busy children on at most two CPUs: someone gets preempted */
	pid_t kids[3];
	for (int i = 0; i < 3; i++)
		if ((kids[i] = fork()) == 0) {
			spin(300);
			_exit(0);
		}
	for (int i = 0; i < 3; i++)
		waitpid(kids[i], NULL, 0);
	struct ru32 c4 = usage(RUSAGE_CHILDREN);
	ok(c4.nivcsw > c3.nivcsw, "busy children sharing a CPU are switched involuntarily");
}

int main(void)
{
	plan(52);
	test_errors();
	test_times();
	test_memory();
	test_switches();
	test_children();
	return done();
}
