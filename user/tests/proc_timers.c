/*
 * proc_timers: POSIX timers (timer_create 259, timer_settime 260,
 * timer_gettime 261, timer_getoverrun 262, timer_delete 263 and the
 * time64 settime 408 / gettime 409) through raw calls, against Linux.
 *
 *   create    ids count up per process and are not reused; which clocks
 *             and sigevents are accepted (EINVAL, EOPNOTSUPP), EFAULT
 *   settime   bad ids, NULL, bad times (EINVAL), bad pointers (EFAULT),
 *             the old setting, disarming, gettime's view, time64
 *   signals   SI_TIMER with si_timerid, si_value and si_overrun, the
 *             default SIGALRM whose value is the id, overruns while the
 *             signal is blocked (and timer_getoverrun), rt_sigtimedwait,
 *             periodic delivery, absolute times, CPU-time and wall-clock
 *             timers, SIGEV_NONE and SIGEV_THREAD_ID
 *   stale     a pending signal of a timer set again or deleted is dropped
 *             (Linux 6.13 and later)
 *   inherit   fork's child has no timers and counts ids from 0; execve
 *             deletes them
 *   sleeps    clock_nanosleep (267) on each clock: which sleep, which are
 *             EOPNOTSUPP (Linux has no sleep on them) or EINVAL, and in
 *             what order against EFAULT
 */
#include "tap.h"
#include "raw.h"

#include <signal.h>
#include <stdint.h>
#include <time.h>

#define NR_timer_create 259
#define NR_timer_settime 260
#define NR_timer_gettime 261
#define NR_timer_getoverrun 262
#define NR_timer_delete 263
#define NR_timer_settime64 409
#define NR_timer_gettime64 408
#define NR_rt_sigtimedwait 177
#define NR_clock_nanosleep 267
#define SIGEV_SIGNAL_ 0
#define SIGEV_NONE_ 1
#define SIGEV_THREAD_ 2
#define SIGEV_THREAD_ID_ 4
#define SI_TIMER_ (-2)
#define MS 1000000 /* ns */

struct ksigevent {
	int32_t value, signo, notify, tid;
	int32_t pad[12];
};
struct its32 {
	int32_t isec, insec, vsec, vnsec;
};
struct its64 {
	int64_t isec, insec, vsec, vnsec;
};

static volatile sig_atomic_t got, got_code, got_value, got_tid, got_ov, got_sig;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got++;
	got_sig = sig;
	got_code = si->si_code;
	got_value = si->si_value.sival_int;
	got_tid = si->si_timerid;
	got_ov = si->si_overrun;
}

static void catch(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

/* Blocks (how SIG_BLOCK) or unblocks sig. */
static void mask(int how, int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

static int sig_is_pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0)
		;
}

static long tcreate(long clk, struct ksigevent *ev, int32_t *id)
{
	return sys3(NR_timer_create, clk, ev, id);
}

static long tset(long id, long flags, long isec, long insec, long vsec, long vnsec)
{
	struct its32 n = { isec, insec, vsec, vnsec };
	return sys4(NR_timer_settime, id, flags, &n, 0);
}

static struct ksigevent sev(int notify, int signo, int value)
{
	struct ksigevent e;
	memset(&e, 0, sizeof(e));
	e.notify = notify;
	e.signo = signo;
	e.value = value;
	e.tid = getpid();
	return e;
}

/* ns in a 32-bit timespec pair. */
static int64_t ns(int32_t sec, int32_t nsec)
{
	return (int64_t)sec * 1000000000 + nsec;
}

/* Waits (up to about 2 s) until got reaches n. */
static void wait_got(int n)
{
	for (int i = 0; i < 200 && got < n; i++)
		msleep(10);
}

static void create(void)
{
	int32_t a = -1, b = -1, c = -1, x;
	struct ksigevent e;

	is(tcreate(CLOCK_MONOTONIC, NULL, &a), 0, "timer_create(MONOTONIC, NULL)");
	is(tcreate(CLOCK_MONOTONIC, NULL, &b), 0, "a second timer");
	is(b, a + 1, "ids count up");
	is(sys1(NR_timer_delete, a), 0, "timer_delete");
	is(tcreate(CLOCK_MONOTONIC, NULL, &c), 0, "a third timer");
	is(c, b + 1, "a deleted timer's id is not given again");
	is(sys1(NR_timer_delete, a), -EINVAL, "timer_delete of a deleted id: EINVAL");
	sys1(NR_timer_delete, b);
	sys1(NR_timer_delete, c);

	static const struct {
		long clk;
		long err;
		const char *name;
	} clocks[] = {
		{ CLOCK_REALTIME, 0, "REALTIME" },
		{ CLOCK_BOOTTIME, 0, "BOOTTIME" },
		{ CLOCK_PROCESS_CPUTIME_ID, 0, "PROCESS_CPUTIME_ID" },
		{ CLOCK_THREAD_CPUTIME_ID, 0, "THREAD_CPUTIME_ID" },
		{ 11, 0, "TAI" },
		{ -6, 0, "the caller's CPU clock (pid 0)" },
		{ -2, 0, "the calling thread's CPU clock" },
		{ -1, -EINVAL, "a CPU clock of type 3" },
		{ CLOCK_MONOTONIC_RAW, -EOPNOTSUPP, "MONOTONIC_RAW" },
		{ CLOCK_REALTIME_COARSE, -EOPNOTSUPP, "REALTIME_COARSE" },
		{ CLOCK_MONOTONIC_COARSE, -EOPNOTSUPP, "MONOTONIC_COARSE" },
		{ 10, -EINVAL, "clock 10" },
		{ 12, -EINVAL, "clock 12" },
		{ 99, -EINVAL, "clock 99" },
	};
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		long r = tcreate(clocks[i].clk, NULL, &x);
		is(r, clocks[i].err, "timer_create on %s", clocks[i].name);
		if (r == 0)
			sys1(NR_timer_delete, x);
	}
	long own = (long)(~(unsigned long)getpid() << 3) | 2;
	is(tcreate(own, NULL, &x), 0, "timer_create on the CPU clock of the caller's pid");
	sys1(NR_timer_delete, x);
	long gone = (long)(~(unsigned long)0x3ffffff << 3) | 2;
	is(tcreate(gone, NULL, &x), -EINVAL, "on the CPU clock of no process: EINVAL");

	static const struct {
		int notify, signo;
		int ppid; /* the tid is the parent's */
		long err;
		const char *name;
	} evs[] = {
		{ SIGEV_SIGNAL_, SIGUSR1, 0, 0, "SIGEV_SIGNAL" },
		{ SIGEV_SIGNAL_, 64, 0, 0, "SIGEV_SIGNAL with signal 64" },
		{ SIGEV_SIGNAL_, 0, 0, -EINVAL, "SIGEV_SIGNAL with signal 0" },
		{ SIGEV_SIGNAL_, 65, 0, -EINVAL, "SIGEV_SIGNAL with signal 65" },
		{ SIGEV_NONE_, 0, 0, 0, "SIGEV_NONE with signal 0" },
		{ SIGEV_NONE_, 999, 0, 0, "SIGEV_NONE with signal 999" },
		{ SIGEV_THREAD_, SIGUSR1, 0, 0, "SIGEV_THREAD (raw)" },
		{ SIGEV_THREAD_, 0, 0, -EINVAL, "SIGEV_THREAD with signal 0" },
		{ SIGEV_THREAD_ID_ | SIGEV_SIGNAL_, SIGUSR1, 0, 0, "SIGEV_THREAD_ID of the caller" },
		{ SIGEV_THREAD_ID_, SIGUSR1, 1, -EINVAL, "SIGEV_THREAD_ID of another process" },
		{ SIGEV_THREAD_ID_ | SIGEV_NONE_, SIGUSR1, 0, -EINVAL, "SIGEV_THREAD_ID|SIGEV_NONE" },
		{ 3, SIGUSR1, 0, -EINVAL, "sigev_notify 3" },
		{ 99, SIGUSR1, 0, -EINVAL, "sigev_notify 99" },
	};
	for (unsigned i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		e = sev(evs[i].notify, evs[i].signo, 0);
		if (evs[i].ppid)
			e.tid = getppid();
		long r = tcreate(CLOCK_MONOTONIC, &e, &x);
		is(r, evs[i].err, "timer_create with %s", evs[i].name);
		if (r == 0)
			sys1(NR_timer_delete, x);
	}

	e = sev(SIGEV_SIGNAL_, SIGUSR1, 0);
	is(tcreate(CLOCK_MONOTONIC, (struct ksigevent *)unmapped(), &x), -EFAULT,
	   "unmapped sigevent: EFAULT");
	is(tcreate(CLOCK_MONOTONIC, (struct ksigevent *)KERNEL_BASE, &x), -EFAULT,
	   "kernel sigevent: EFAULT");
	is(tcreate(CLOCK_MONOTONIC, &e, NULL), -EFAULT, "NULL timer id: EFAULT");
	is(tcreate(CLOCK_MONOTONIC, &e, (int32_t *)KERNEL_BASE), -EFAULT, "kernel timer id: EFAULT");
	is(tcreate(CLOCK_MONOTONIC, &e, (int32_t *)ro_page()), -EFAULT,
	   "read-only timer id: EFAULT");
}

static void settime(void)
{
	int32_t t, none;
	struct its32 o;
	struct its64 o64;

	signal(SIGALRM, SIG_IGN);
	tcreate(CLOCK_MONOTONIC, NULL, &t);
	is(tset(-1, 0, 0, 0, 1, 0), -EINVAL, "timer_settime of id -1: EINVAL");
	is(tset(t + 1000, 0, 0, 0, 1, 0), -EINVAL, "of an id not made: EINVAL");
	is(sys4(NR_timer_settime, t, 0, NULL, NULL), -EINVAL, "NULL new value: EINVAL");
	is(sys4(NR_timer_settime, t, 0, unmapped(), NULL), -EFAULT, "unmapped new value: EFAULT");
	is(sys4(NR_timer_settime, t, 0, KERNEL_BASE, NULL), -EFAULT, "kernel new value: EFAULT");
	is(tset(t, 0, 0, 0, 1, 1000000000), -EINVAL, "value nsec 1000000000: EINVAL");
	is(tset(t, 0, 0, 0, 1, -1), -EINVAL, "value nsec -1: EINVAL");
	is(tset(t, 0, 0, 0, -1, 0), -EINVAL, "value sec -1: EINVAL");
	is(tset(t, 0, 0, -1, 0, 0), -EINVAL, "interval nsec -1 (value 0): EINVAL");
	is(tset(t, 0, -1, 0, 1, 0), -EINVAL, "interval sec -1: EINVAL");
	is(tset(-1, 0, 0, -1, 0, 0), -EINVAL, "bad id and bad time: EINVAL");

	memset(&o, 0x55, sizeof(o));
	is(sys2(NR_timer_gettime, t, &o), 0, "timer_gettime of an unarmed timer");
	ok(!o.isec && !o.insec && !o.vsec && !o.vnsec, "reads all zero");
	is(tset(t, 98, 2, 5, 5, 0), 0, "settime {2.000000005 s, 5 s} (flags other than TIMER_ABSTIME ignored)");
	is(sys2(NR_timer_gettime, t, &o), 0, "timer_gettime");
	ok(o.isec == 2 && o.insec == 5, "the interval reads back");
	ok(ns(o.vsec, o.vnsec) > 4000LL * MS && ns(o.vsec, o.vnsec) <= 5000LL * MS,
	   "the time left is in (4 s, 5 s]");
	is(sys2(NR_timer_gettime, t, NULL), -EFAULT, "gettime to NULL: EFAULT");
	is(sys2(NR_timer_gettime, t, unmapped()), -EFAULT, "gettime to unmapped: EFAULT");
	is(sys2(NR_timer_gettime, t, KERNEL_BASE), -EFAULT, "gettime to the kernel: EFAULT");
	is(sys2(NR_timer_gettime, t, ro_page()), -EFAULT, "gettime to read-only: EFAULT");
	is(sys2(NR_timer_gettime, t + 1000, &o), -EINVAL, "gettime of a bad id: EINVAL");

	struct its32 n = { 0, 0, 7, 0 };
	memset(&o, 0, sizeof(o));
	is(sys4(NR_timer_settime, t, 0, &n, &o), 0, "settime with an old value");
	ok(o.isec == 2 && o.insec == 5 && ns(o.vsec, o.vnsec) <= 5000LL * MS &&
		   ns(o.vsec, o.vnsec) > 4000LL * MS,
	   "old has the previous setting");
	n.vsec = 3;
	is(sys4(NR_timer_settime, t, 0, &n, unmapped()), -EFAULT, "old value unmapped: EFAULT");
	sys2(NR_timer_gettime, t, &o);
	ok(o.isec == 0 && ns(o.vsec, o.vnsec) <= 3000LL * MS && ns(o.vsec, o.vnsec) > 2000LL * MS,
	   "but the new setting took effect");
	is(tset(t, 0, 1, 0, 0, 0), 0, "settime with value 0 disarms");
	sys2(NR_timer_gettime, t, &o);
	ok(!o.isec && !o.insec && !o.vsec && !o.vnsec, "gettime then reads all zero");

	struct its64 n64 = { 1, 250000000, 9, 0 };
	is(sys4(NR_timer_settime64, t, 0, &n64, NULL), 0, "timer_settime64");
	memset(&o64, 0, sizeof(o64));
	is(sys2(NR_timer_gettime64, t, &o64), 0, "timer_gettime64");
	ok(o64.isec == 1 && o64.insec == 250000000 && o64.vsec >= 8 && o64.vsec <= 9,
	   "time64 setting reads back");
	sys2(NR_timer_gettime, t, &o);
	ok(o.isec == 1 && o.insec == 250000000, "and through the 32-bit gettime");
	n64.vnsec = 1000000000;
	is(sys4(NR_timer_settime64, t, 0, &n64, NULL), -EINVAL, "settime64 nsec 1e9: EINVAL");
	n64.vnsec = 0;
	n64.isec = -1;
	is(sys4(NR_timer_settime64, t, 0, &n64, NULL), -EINVAL, "settime64 sec -1: EINVAL");
	is(sys2(NR_timer_gettime64, t, unmapped()), -EFAULT, "gettime64 unmapped: EFAULT");
	is(sys1(NR_timer_getoverrun, t), 0, "timer_getoverrun of a new timer is 0");
	is(sys1(NR_timer_getoverrun, t + 1000), -EINVAL, "getoverrun of a bad id: EINVAL");
	is(sys1(NR_timer_delete, t), 0, "delete");
	is(sys1(NR_timer_delete, -5), -EINVAL, "delete of id -5: EINVAL");

	struct ksigevent e = sev(SIGEV_NONE_, 0, 0);
	tcreate(CLOCK_MONOTONIC, &e, &none);
	tset(none, 0, 0, 0, 0, 20 * MS);
	msleep(60);
	sys2(NR_timer_gettime, none, &o);
	ok(!o.vsec && !o.vnsec, "SIGEV_NONE one-shot reads 0 once expired");
	tset(none, 0, 0, 30 * MS, 0, 30 * MS);
	msleep(100);
	sys2(NR_timer_gettime, none, &o);
	ok(o.insec == 30 * MS && o.vsec == 0 && o.vnsec > 0 && o.vnsec <= 30 * MS,
	   "SIGEV_NONE periodic shows the time to its next period");
	is(sys1(NR_timer_getoverrun, none), 0, "and no overrun");
	sys1(NR_timer_delete, none);
}

static void signals(void)
{
	int32_t t, d;
	struct ksigevent e = sev(SIGEV_SIGNAL_, SIGUSR1, 4242);
	struct timespec now;

	catch(SIGUSR1);
	catch(SIGALRM);
	tcreate(CLOCK_MONOTONIC, &e, &t);
	clock_gettime(CLOCK_MONOTONIC, &now);
	got = 0;
	is(tset(t, TIMER_ABSTIME, 0, 0, now.tv_sec, now.tv_nsec), 0,
	   "settime TIMER_ABSTIME in the past");
	wait_got(1);
	is(got, 1, "the signal comes at once");
	is(got_sig, SIGUSR1, "it is sigev_signo");
	is(got_code, SI_TIMER_, "si_code SI_TIMER");
	is(got_value, 4242, "si_value is sigev_value");
	is(got_tid, t, "si_timerid is the timer's id");
	is(got_ov, 0, "si_overrun 0");

	tcreate(CLOCK_MONOTONIC, NULL, &d);
	got = 0;
	tset(d, 0, 0, 0, 0, 20 * MS);
	wait_got(1);
	is(got, 1, "a timer made with a NULL sigevent fires");
	ok(got_sig == SIGALRM && got_value == d && got_tid == d,
	   "with SIGALRM and the id as its value");
	sys1(NR_timer_delete, d);

	mask(SIG_BLOCK, SIGUSR1);
	got = 0;
	tset(t, 0, 0, 10 * MS, 0, 10 * MS);
	msleep(205);
	struct its32 o;
	sys2(NR_timer_gettime, t, &o);
	ok(o.vsec == 0 && o.vnsec > 0 && o.vnsec <= 10 * MS,
	   "a periodic timer runs on while its signal is pending");
	is(sys1(NR_timer_getoverrun, t), 0, "getoverrun is 0 until the signal is delivered");
	mask(SIG_UNBLOCK, SIGUSR1);
	is(got, 1, "one signal for many expirations");
	ok(got_ov >= 15 && got_ov < 1000, "si_overrun counts the expirations missed");
	is(sys1(NR_timer_getoverrun, t), got_ov, "timer_getoverrun returns the same");
	tset(t, 0, 0, 0, 0, 0);
	is(sys1(NR_timer_getoverrun, t), 0, "setting the timer again clears it");

	got = 0;
	tset(t, 0, 0, 20 * MS, 0, 20 * MS);
	wait_got(4);
	ok(got >= 4, "a periodic timer keeps firing");
	tset(t, 0, 0, 0, 0, 0);
	msleep(50);
	int before = got;
	msleep(60);
	is(got, before, "and stops when disarmed");

	mask(SIG_BLOCK, SIGUSR1);
	tset(t, 0, 0, 10 * MS, 0, 10 * MS);
	msleep(60);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	int32_t ts[2] = { 1, 0 };
	is(sys4(NR_rt_sigtimedwait, &set, &si, ts, 8), SIGUSR1, "rt_sigtimedwait takes it");
	ok(si.si_code == SI_TIMER_ && si.si_timerid == t && si.si_value.sival_int == 4242,
	   "with the timer's siginfo");
	ok(si.si_overrun >= 2, "and its overrun");
	tset(t, 0, 0, 0, 0, 0);
	mask(SIG_UNBLOCK, SIGUSR1);

	/* absolute on the wall clock */
	int32_t r;
	tcreate(CLOCK_REALTIME, &e, &r);
	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_nsec += 50 * MS;
	if (now.tv_nsec >= 1000000000) {
		now.tv_nsec -= 1000000000;
		now.tv_sec++;
	}
	got = 0;
	is(tset(r, TIMER_ABSTIME, 0, 0, now.tv_sec, now.tv_nsec), 0,
	   "REALTIME timer at an absolute time");
	ok(got == 0, "not fired early");
	wait_got(1);
	is(got, 1, "fires when the wall clock gets there");
	sys1(NR_timer_delete, r);

	/* CPU time */
	int32_t c;
	tcreate(CLOCK_PROCESS_CPUTIME_ID, &e, &c);
	struct timespec c0, c1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	got = 0;
	tset(c, 0, 0, 0, 0, 50 * MS);
	for (long i = 0; i < 2000000000L && !got; i++)
		__asm__ volatile("" ::: "memory");
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	is(got, 1, "a PROCESS_CPUTIME_ID timer fires while the process runs");
	ok(ns(c1.tv_sec, c1.tv_nsec) - ns(c0.tv_sec, c0.tv_nsec) >= 50 * MS,
	   "after 50 ms of CPU time");
	sys1(NR_timer_delete, c);

	/* SIGEV_THREAD_ID of the caller */
	struct ksigevent ti = sev(SIGEV_THREAD_ID_, SIGUSR1, 77);
	int32_t th;
	tcreate(CLOCK_MONOTONIC, &ti, &th);
	got = 0;
	tset(th, 0, 0, 0, 0, 10 * MS);
	wait_got(1);
	ok(got == 1 && got_value == 77 && got_tid == th, "SIGEV_THREAD_ID timer signals the caller");
	sys1(NR_timer_delete, th);

	/* SIGEV_NONE sends nothing */
	struct ksigevent nn = sev(SIGEV_NONE_, SIGUSR1, 0);
	int32_t n;
	tcreate(CLOCK_MONOTONIC, &nn, &n);
	got = 0;
	tset(n, 0, 0, 0, 0, 10 * MS);
	msleep(50);
	is(got, 0, "SIGEV_NONE timer sends no signal");
	sys1(NR_timer_delete, n);
	sys1(NR_timer_delete, t);
}

static void stale(void)
{
	int32_t t;
	struct ksigevent e = sev(SIGEV_SIGNAL_, SIGUSR1, 1);

	catch(SIGUSR1);
	tcreate(CLOCK_MONOTONIC, &e, &t);
	mask(SIG_BLOCK, SIGUSR1);
	tset(t, 0, 0, 0, 0, 10 * MS);
	msleep(50);
	ok(sig_is_pending(SIGUSR1), "expired with its signal blocked: pending");
	tset(t, 0, 0, 0, 0, 0);
	ok(sig_is_pending(SIGUSR1), "still pending after the timer is set again");
	got = 0;
	mask(SIG_UNBLOCK, SIGUSR1);
	is(got, 0, "but not delivered: it was stale");

	mask(SIG_BLOCK, SIGUSR1);
	tset(t, 0, 0, 0, 0, 10 * MS);
	msleep(50);
	ok(sig_is_pending(SIGUSR1), "expired again: pending");
	is(sys1(NR_timer_delete, t), 0, "delete the timer");
	got = 0;
	mask(SIG_UNBLOCK, SIGUSR1);
	is(got, 0, "its pending signal is dropped");

	mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	got = 0;
	mask(SIG_UNBLOCK, SIGUSR1);
	ok(got == 1 && got_code == SI_USER, "a kill of the same signal still arrives");
}

static int exec_check(char **argv)
{
	int32_t id = atoi(argv[2]);
	struct its32 o;
	return sys2(NR_timer_gettime, id, &o) == -EINVAL ? 0 : 1;
}

static void inherit(char *argv0)
{
	int32_t t;
	tcreate(CLOCK_MONOTONIC, NULL, &t);
	tset(t, 0, 0, 0, 100, 0);
	long pid = rfork();
	if (pid == 0) {
		struct its32 o;
		int32_t c = -1;
		int bad = sys2(NR_timer_gettime, t, &o) != -EINVAL;
		bad |= (tcreate(CLOCK_MONOTONIC, NULL, &c) != 0 || c != 0) << 1;
		rexit(bad);
	}
	long st = rwait(pid);
	is(st, 0, "fork: the child has no timers and its first id is 0");
	struct its32 o;
	is(sys2(NR_timer_gettime, t, &o), 0, "the parent's timer is still there");

	char sid[16];
	snprintf(sid, sizeof(sid), "%d", t);
	char *args[] = { argv0, "exec-check", sid, NULL };
	char *env[] = { NULL };
	pid = rfork();
	if (pid == 0) {
		int32_t mine;
		tcreate(CLOCK_MONOTONIC, NULL, &mine);
		snprintf(sid, sizeof(sid), "%d", mine);
		RSYS(SYS_execve, argv0, args, env);
		rexit(100);
	}
	st = rwait(pid);
	is(st, 0, "execve deletes the timers");
	sys1(NR_timer_delete, t);
}

static void sleeps(void)
{
	static const struct {
		long clk, err;
		const char *name;
	} clocks[] = {
		{ CLOCK_REALTIME, 0, "REALTIME" },
		{ CLOCK_MONOTONIC, 0, "MONOTONIC" },
		{ CLOCK_BOOTTIME, 0, "BOOTTIME" },
		{ 11, 0, "TAI" },
		{ CLOCK_THREAD_CPUTIME_ID, -EOPNOTSUPP, "THREAD_CPUTIME_ID" },
		{ CLOCK_MONOTONIC_RAW, -EOPNOTSUPP, "MONOTONIC_RAW" },
		{ CLOCK_REALTIME_COARSE, -EOPNOTSUPP, "REALTIME_COARSE" },
		{ CLOCK_MONOTONIC_COARSE, -EOPNOTSUPP, "MONOTONIC_COARSE" },
		{ 8, -EOPNOTSUPP, "REALTIME_ALARM" },
		{ 9, -EOPNOTSUPP, "BOOTTIME_ALARM" },
		{ 10, -EINVAL, "clock 10" },
		{ 99, -EINVAL, "clock 99" },
		{ -2, -EINVAL, "the calling thread's CPU clock" },
	};
	int32_t ts[2] = { 0, 1000000 };
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		is(sys4(NR_clock_nanosleep, clocks[i].clk, 0, ts, NULL), clocks[i].err,
		   "clock_nanosleep on %s", clocks[i].name);
	is(sys4(NR_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, NULL, NULL), -EOPNOTSUPP,
	   "EOPNOTSUPP comes before EFAULT");
	is(sys4(NR_clock_nanosleep, CLOCK_MONOTONIC, 0, NULL, NULL), -EFAULT, "NULL request: EFAULT");
	int32_t bad[2] = { 0, 1000000000 };
	is(sys4(NR_clock_nanosleep, CLOCK_MONOTONIC, 0, bad, NULL), -EINVAL,
	   "nsec 1000000000: EINVAL");
	struct timespec now;
	clock_gettime(11, &now);
	int32_t abs[2] = { (int32_t)now.tv_sec, (int32_t)now.tv_nsec };
	is(sys4(NR_clock_nanosleep, 11, TIMER_ABSTIME, abs, NULL), 0,
	   "TAI with TIMER_ABSTIME in the past returns at once");
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec-check") == 0)
		return exec_check(argv);
	plan(137);
	create();
	settime();
	signals();
	stale();
	inherit(argv[0]);
	sleeps();
	return done();
}
