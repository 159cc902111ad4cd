/*
 * proc_clock - the clocks: clock_gettime and clock_getres (32- and 64-bit
 * time_t) on every clock id Linux has on i386, the CPU-time clocks (the
 * caller's, by Linux's negative ids, and another process's) following
 * getrusage, unknown ids; clock_settime, clock_settime64, settimeofday and
 * stime with Linux's errors (only CLOCK_REALTIME is settable, bad
 * nanoseconds, negative times, bad pointers). Setting the wall clock for
 * real is checked on Mica only: on the host it would move the machine's
 * clock. Also rt_sigqueueinfo and rt_tgsigqueueinfo: si_code rules
 * (EPERM for si_code >= 0 or SI_TKILL to another process), si_value
 * reaching sigwaitinfo and SA_SIGINFO handlers.
 */
#include "tap.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define NR_clock_settime 264
#define NR_clock_gettime 265
#define NR_clock_getres 266
#define NR_clock_gettime64 403
#define NR_clock_settime64 404
#define NR_clock_getres_time64 406
#define NR_settimeofday 79
#define NR_gettimeofday 78
#define NR_stime 25
#define NR_time 13
#define NR_rt_sigqueueinfo 178
#define NR_rt_tgsigqueueinfo 335
#define NR_rt_sigtimedwait 177
#define SELF_SCHED_CLOCK (-6)	/* ~0 << 3 | CPUCLOCK_SCHED: the caller's CPU time */
#define SELF_THREAD_CLOCK (-2)	/* the same, per thread */
#define SELF_VIRT_CLOCK (-7)	/* user time only */
#define BAD_CPU_CLOCK (-5)	/* type 3: no such clock */



struct ts32 {
	long sec, nsec;
};
struct ts64 {
	long long sec, nsec;
};

/* Make a CPU-time clock id for pid (Linux's MAKE_PROCESS_CPUCLOCK). */
static long pid_clock(int pid, int type)
{
	return (long)((~(unsigned long)pid) << 3 | (unsigned long)type);
}

static void test_ids(void)
{
	static const int good[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
				    CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW,
				    CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
				    CLOCK_BOOTTIME, 11 /* CLOCK_TAI */ };
	struct ts32 r;
	struct ts64 r64;

	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int id = good[i];
		r.sec = r.nsec = -1;
		is(sys2(NR_clock_getres, id, &r), 0, "clock_getres(%d)", id);
		ok(r.sec == 0 && r.nsec > 0 && r.nsec <= 10000000, "clock %d: resolution at most 10 ms", id);
		is(sys2(NR_clock_getres_time64, id, &r64), 0, "clock_getres_time64(%d)", id);
		ok(r64.sec == 0 && r64.nsec == r.nsec, "clock %d: the same resolution in 64 bits", id);
		is(sys2(NR_clock_gettime, id, &r), 0, "clock_gettime(%d)", id);
		is(sys2(NR_clock_gettime64, id, &r64), 0, "clock_gettime64(%d)", id);
		ok(r64.sec >= r.sec && r64.sec - r.sec <= 1, "clock %d: both widths agree", id);
	}
	static const int bad[] = { 10, 12, 16, 100, -1, BAD_CPU_CLOCK };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int id = bad[i];
		is_err(sys2(NR_clock_getres, id, &r), EINVAL, "clock_getres(%d)", id);
		is_err(sys2(NR_clock_gettime, id, &r), EINVAL, "clock_gettime(%d)", id);
	}
	is(sys2(NR_clock_getres, CLOCK_MONOTONIC, NULL), 0, "clock_getres with a NULL res");
	is_err(sys2(NR_clock_getres, CLOCK_MONOTONIC, KERNEL_BASE), EFAULT, "clock_getres(0xC0000000)");
	is_err(sys2(NR_clock_getres, 100, KERNEL_BASE), EINVAL, "the id is checked first");
	is_err(sys2(NR_clock_gettime, CLOCK_REALTIME, NULL), EFAULT, "clock_gettime(NULL)");
	is_err(sys2(NR_clock_gettime64, CLOCK_REALTIME, KERNEL_TEXT), EFAULT,
	       "clock_gettime64(0xC0100000)");
	is_err(sys2(NR_clock_getres_time64, CLOCK_REALTIME, KERNEL_TEXT), EFAULT,
	       "clock_getres_time64(0xC0100000)");
}

/* Milliseconds on a clock, through the raw call. */
static long clock_ms(long id)
{
	struct ts32 t = { 0, 0 };
	sys2(NR_clock_gettime, id, &t);
	return t.sec * 1000 + t.nsec / 1000000;
}

/* CPU milliseconds of RUSAGE_SELF. */
static long rusage_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

static void test_cpu_clocks(void)
{
	long t0 = clock_ms(CLOCK_MONOTONIC);
	while (clock_ms(CLOCK_PROCESS_CPUTIME_ID) < 300 && clock_ms(CLOCK_MONOTONIC) - t0 < 20000)
		for (volatile int i = 0; i < 100000; i++)
			;
	long cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID), ru = rusage_ms();
	ok(cpu >= 300, "CLOCK_PROCESS_CPUTIME_ID counts a busy loop");
	ok(cpu - ru < 50 && ru - cpu < 50, "and agrees with getrusage");
	long th = clock_ms(CLOCK_THREAD_CPUTIME_ID);
	ok(th - cpu < 50 && cpu - th < 50, "CLOCK_THREAD_CPUTIME_ID: the one thread's");
	long self = clock_ms(SELF_SCHED_CLOCK);
	ok(self - cpu < 50 && cpu - self < 50, "the negative id for pid 0 is the caller's CPU time");
	long thr = clock_ms(SELF_THREAD_CLOCK);
	ok(thr - cpu < 50 && cpu - thr < 50, "and its per-thread form");
	long virt = clock_ms(SELF_VIRT_CLOCK);
	ok(virt <= cpu + 20 && virt > 0, "CPUCLOCK_VIRT is user time");
	ok(clock_ms(pid_clock(getpid(), 2)) >= 300, "a clock id for the caller's own pid");

	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(p[0], &c, 1);
		_exit(0);
	}
	struct ts32 r;
	is(sys2(NR_clock_gettime, pid_clock(pid, 2), &r), 0, "another process's CPU clock");
	ok(r.sec == 0 && r.nsec < 200000000, "which has used little");
	write(p[1], "x", 1);
	waitpid(pid, NULL, 0);
	is_err(sys2(NR_clock_gettime, pid_clock(pid, 2), &r), EINVAL, "a reaped process's clock");
}

static void test_set_errors(void)
{
	struct ts32 bad = { 0, 1000000000 }, neg = { -1, 0 }, negn = { 5, -1 };
	struct ts64 bad64 = { 0, 2000000000LL };
	long tv[2] = { 0, 1000000 }, tvn[2] = { -1, 0 };
	int tz[2] = { -1000, 0 }, tzok[2] = { 0, 0 };

	for (int id = 1; id <= 11; id++)
		if (id != 8 && id != 9 && id != 10)
			is_err(sys2(NR_clock_settime, id, &bad), EINVAL, "clock_settime(%d) is EINVAL", id);
	is_err(sys2(NR_clock_settime, 100, NULL), EINVAL, "clock_settime(100, NULL): the id first");
	is_err(sys2(NR_clock_settime, CLOCK_MONOTONIC, NULL), EINVAL, "and CLOCK_MONOTONIC's");
	is_err(sys2(NR_clock_settime, CLOCK_REALTIME, NULL), EFAULT, "clock_settime(REALTIME, NULL)");
	is_err(sys2(NR_clock_settime, CLOCK_REALTIME, &bad), EINVAL, "nanoseconds of 1e9");
	is_err(sys2(NR_clock_settime, CLOCK_REALTIME, &negn), EINVAL, "nanoseconds of -1");
	is_err(sys2(NR_clock_settime, CLOCK_REALTIME, &neg), EINVAL, "a negative second");
	is_err(sys2(NR_clock_settime64, CLOCK_MONOTONIC, &bad64), EINVAL, "clock_settime64(MONOTONIC)");
	is_err(sys2(NR_clock_settime64, CLOCK_REALTIME, &bad64), EINVAL,
	       "clock_settime64 with nanoseconds of 2e9");
	is_err(sys2(NR_clock_settime64, CLOCK_REALTIME, KERNEL_BASE), EFAULT,
	       "clock_settime64(0xC0000000)");
	is_err(sys2(NR_settimeofday, tv, NULL), EINVAL, "settimeofday with 1e6 microseconds");
	is_err(sys2(NR_settimeofday, tvn, NULL), EINVAL, "settimeofday with a negative second");
	is_err(sys2(NR_settimeofday, KERNEL_BASE, NULL), EFAULT, "settimeofday(0xC0000000)");
	is_err(sys2(NR_settimeofday, NULL, KERNEL_BASE), EFAULT, "settimeofday with a bad tz");
	is_err(sys2(NR_settimeofday, NULL, tz), EINVAL, "a time zone past 15 hours");
	is(sys2(NR_settimeofday, NULL, NULL), 0, "settimeofday(NULL, NULL) does nothing");
	is(sys2(NR_settimeofday, NULL, tzok), 0, "settimeofday of the UTC time zone alone");
	is_err(sys1(NR_stime, KERNEL_BASE), EFAULT, "stime(0xC0000000)");
	is_err(sys1(NR_stime, NULL), EFAULT, "stime(NULL)");
}

/* Mica only: set the wall clock and read it back every way. */
static void test_set(void)
{
	struct ts32 t = { 2000000000, 500000000 }, r;
	struct ts64 t64 = { 3000000000LL, 0 }, r64;
	long mono0 = clock_ms(CLOCK_MONOTONIC);

	if (!mica_only("clock_settime(REALTIME) sets the wall clock")) {
		for (int i = 0; i < 9; i++)
			skip("setting the wall clock, point %d", i + 2);
		return;
	}
	ok(sys2(NR_clock_settime, CLOCK_REALTIME, &t) == 0 &&
		   sys2(NR_clock_gettime, CLOCK_REALTIME, &r) == 0 && r.sec - t.sec <= 1 && r.sec >= t.sec,
	   "clock_settime(REALTIME) sets the wall clock");
	ok(sys1(NR_time, NULL) - t.sec <= 1, "time() follows it");
	long tv[2] = { 0, 0 };
	sys2(NR_gettimeofday, tv, NULL);
	ok(tv[0] - t.sec <= 1 && tv[0] >= t.sec, "gettimeofday follows it");
	ok(clock_ms(CLOCK_MONOTONIC) - mono0 < 1000, "CLOCK_MONOTONIC does not move");
	sys2(NR_clock_gettime, 11, &r);
	ok(r.sec - t.sec <= 1, "CLOCK_TAI follows it");
	char path[] = "/tmp/proc_clock.file";
	int fd = open(path, O_CREAT | O_RDWR, 0600);
	struct stat st;
	fstat(fd, &st);
	ok(st.st_mtime - t.sec <= 1 && st.st_mtime >= t.sec, "a new file's times follow it");
	close(fd);
	unlink(path);
	ok(sys2(NR_clock_settime64, CLOCK_REALTIME, &t64) == 0 &&
		   sys2(NR_clock_gettime64, CLOCK_REALTIME, &r64) == 0 && r64.sec - t64.sec <= 1,
	   "clock_settime64 past 2038");
	long sec = 1234567890;
	ok(sys1(NR_stime, &sec) == 0 && sys1(NR_time, NULL) - sec <= 1, "stime sets the seconds");
	long ntv[2] = { 1500000000, 250000 };
	int ntz[2] = { -60, 0 }, gtz[2] = { 9, 9 };
	ok(sys2(NR_settimeofday, ntv, ntz) == 0 && sys1(NR_time, NULL) - ntv[0] <= 1,
	   "settimeofday sets the wall clock");
	sys2(NR_gettimeofday, tv, gtz);
	ok(gtz[0] == -60 && gtz[1] == 0, "and gettimeofday reports its time zone");
	int utc[2] = { 0, 0 };
	sys2(NR_settimeofday, NULL, utc); /* back to UTC */
}

static volatile int handler_value = -1, handler_code = 99;
static void on_usr2(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	handler_value = si->si_value.sival_int;
	handler_code = si->si_code;
}

/* A siginfo for rt_sigqueueinfo: code, and value in si_value. */
static siginfo_t make_info(int code, int value)
{
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_code = code;
	si.si_pid = getpid();
	si.si_value.sival_int = value;
	return si;
}

static void test_sigqueue(void)
{
	sigset_t set, old;
	siginfo_t si = make_info(SI_QUEUE, 1234), got;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	is(sys3(NR_rt_sigqueueinfo, getpid(), SIGUSR1, &si), 0, "rt_sigqueueinfo to itself");
	memset(&got, 0, sizeof(got));
	is(sigwaitinfo(&set, &got), SIGUSR1, "sigwaitinfo takes it");
	is(got.si_code, SI_QUEUE, "with si_code SI_QUEUE");
	is(got.si_value.sival_int, 1234, "and its si_value");
	is(got.si_pid, getpid(), "and the si_pid given");
	si = make_info(0, 1);
	is(sys3(NR_rt_sigqueueinfo, getpid(), SIGUSR1, &si), 0, "si_code SI_USER to itself is fine");
	is(sigwaitinfo(&set, &got), SIGUSR1, "and arrives");
	is_err(sys3(NR_rt_sigqueueinfo, getpid(), SIGUSR1, KERNEL_BASE), EFAULT,
	       "rt_sigqueueinfo with a bad siginfo");
	is_err(sys3(NR_rt_sigqueueinfo, getpid(), 65, &si), EINVAL, "signal 65");
	is(sys3(NR_rt_sigqueueinfo, getpid(), 0, &si), 0, "signal 0 checks only");

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	si = make_info(SI_QUEUE, 77);
	is(sys3(NR_rt_sigqueueinfo, getpid(), SIGUSR2, &si), 0, "rt_sigqueueinfo to a handler");
	ok(handler_value == 77 && handler_code == SI_QUEUE, "the SA_SIGINFO handler sees si_value");

	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t s;
		siginfo_t g;
		sigemptyset(&s);
		sigaddset(&s, SIGUSR1);
		sigprocmask(SIG_BLOCK, &s, NULL);
		write(p[1], "r", 1);
		int sig = sigwaitinfo(&s, &g);
		_exit(sig == SIGUSR1 && g.si_code == SI_QUEUE && g.si_value.sival_int == 42 ? 0 : 1);
	}
	char c;
	read(p[0], &c, 1);
	si = make_info(0, 42);
	is_err(sys3(NR_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM,
	       "si_code SI_USER to another process is EPERM");
	si = make_info(SI_TKILL, 42);
	is_err(sys3(NR_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM, "and so is SI_TKILL");
	si = make_info(SI_QUEUE, 42);
	is_err(sys4(NR_rt_tgsigqueueinfo, pid, pid + 100000, SIGUSR1, &si), ESRCH,
	       "rt_tgsigqueueinfo to a tid not in the group");
	is_err(sys4(NR_rt_tgsigqueueinfo, 0, pid, SIGUSR1, &si), EINVAL, "rt_tgsigqueueinfo tgid 0");
	is(sys3(NR_rt_sigqueueinfo, pid, SIGUSR1, &si), 0, "SI_QUEUE to another process");
	int st;
	waitpid(pid, &st, 0);
	is_exit(st, 0, "which sigwaitinfo receives with its value");
	is_err(sys3(NR_rt_sigqueueinfo, pid, SIGUSR1, &si), ESRCH, "a reaped pid is ESRCH");
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(void)
{
	plan(146);
	test_ids();
	test_cpu_clocks();
	test_set_errors();
	test_sigqueue();
	test_set();
	return done();
}
