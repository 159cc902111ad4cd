/*
 * proc_sigwait: waiting for signals and what signals tell, checked the
 * same way on Linux and Mica.
 *
 *   sigtimedwait  takes a blocked pending signal without its handler, with
 *                 its siginfo; EAGAIN after the timeout (0: just look);
 *                 wakes for a signal sent later; EINTR for another
 *                 signal; EINVAL and EFAULT for bad arguments
 *   blocked       a blocked signal whose action ignores it (SIGCHLD by
 *                 default) stays pending, as Linux keeps it
 *   SIGCHLD       si_code and si_status: the exit code, or the signal
 *   setitimer     a NULL new value disarms the timer
 *   nanosleep     cut short by a handled signal: EINTR, and rem holds the
 *                 time that was left
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#define LIFETIME 60	/* seconds: no child outlives a failed run for long */
#define NR_RT_SIGTIMEDWAIT_TIME64 421

static volatile sig_atomic_t usr1, usr2;
static volatile int chld_code, chld_status;

static void on_usr1(int s)
{
	(void)s;
	usr1++;
}

static void on_usr2(int s)
{
	(void)s;
	usr2++;
}

static void on_chld(int s, siginfo_t *si, void *uc)
{
	(void)s;
	(void)uc;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static void install(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigaction(sig, &sa, NULL);
}

/* Sleeps ms milliseconds. */
static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

/* A child that sends sig to its parent after ms milliseconds. */
static pid_t signal_later(int sig, long ms)
{
	pid_t p = fork();
	if (p == 0) {
		alarm(LIFETIME);
		msleep(ms);
		kill(getppid(), sig);
		_exit(0);
	}
	return p;
}

static void timedwait(void)
{
	sigset_t set, old;
	siginfo_t si;
	struct timespec zero = { 0, 0 }, short_ts = { 0, 50000000 };

	install(SIGUSR2, on_usr2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, &old);

	raise(SIGUSR2);
	memset(&si, 0, sizeof(si));
	is(sigtimedwait(&set, &si, &zero), SIGUSR2, "sigtimedwait takes a pending blocked signal");
	is(si.si_signo, SIGUSR2, "si_signo");
#ifdef __GLIBC__
	/* glibc's sigtimedwait folds SI_TKILL into SI_USER */
	skip_why("glibc's sigtimedwait reports SI_TKILL as SI_USER", "si_code SI_TKILL (raise)");
#else
	is(si.si_code, SI_TKILL, "si_code SI_TKILL (raise)");
#endif
	is(si.si_pid, getpid(), "si_pid is the sender");
	is(usr2, 0, "and its handler did not run");
	is_errno(sigtimedwait(&set, &si, &zero), EAGAIN, "with nothing pending, timeout 0 is EAGAIN");

	long t0 = now_ms();
	is_errno(sigtimedwait(&set, &si, &short_ts), EAGAIN, "a 50 ms timeout passes: EAGAIN");
	ok(now_ms() - t0 >= 40, "after about 50 ms");

	pid_t c = signal_later(SIGUSR2, 100);
	memset(&si, 0, sizeof(si));
	is(sigtimedwait(&set, &si, NULL), SIGUSR2, "sigtimedwait with no timeout wakes for a later signal");
	is(si.si_pid, c, "si_pid is the child that sent it");
	is(si.si_code, SI_USER, "si_code SI_USER (kill)");
	waitpid(c, NULL, 0);

	/* raw: musl's sigtimedwait retries after EINTR */
	uint64_t mask = 1ull << (SIGUSR2 - 1);
	install(SIGUSR1, on_usr1);
	c = signal_later(SIGUSR1, 100);
	is_err(sys4(SYS_rt_sigtimedwait, &mask, &si, 0, 8), EINTR,
	       "another, handled signal interrupts it: EINTR");
	is(usr1, 1, "and its handler ran");
	waitpid(c, NULL, 0);

	int32_t bad_ts[2] = { 0, 1000000000 };
	is_err(sys4(SYS_rt_sigtimedwait, &mask, 0, 0, 4), EINVAL, "sigset size 4 is EINVAL");
	is_err(sys4(SYS_rt_sigtimedwait, 0, 0, 0, 8), EFAULT, "a NULL set is EFAULT");
	is_err(sys4(SYS_rt_sigtimedwait, &mask, 0, bad_ts, 8), EINVAL, "a timeout with 10^9 ns is EINVAL");
	int64_t hi_ts[2] = { 0, 1ll << 32 };
	is_err(sys4(NR_RT_SIGTIMEDWAIT_TIME64, &mask, 0, hi_ts, 8), EAGAIN,
	       "time64: tv_nsec's high 32 bits do not count (a zero timeout: EAGAIN)");

	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGUSR2, SIG_DFL);
}

static void blocked_chld(void)
{
	sigset_t set, pend;
	siginfo_t si;
	struct timespec ts = { 10, 0 };

	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t c = fork();
	if (c == 0)
		_exit(42);
	memset(&si, 0, sizeof(si));
	is(sigtimedwait(&set, &si, &ts), SIGCHLD, "sigtimedwait takes SIGCHLD (default action: ignore)");
	is(si.si_pid, c, "si_pid is the child");
	is(si.si_code, CLD_EXITED, "si_code CLD_EXITED");
	is(si.si_status, 42, "si_status is its exit code");
	waitpid(c, NULL, 0);

	c = fork();
	if (c == 0)
		_exit(3);
	waitpid(c, NULL, 0);
	sigpending(&pend);
	ok(sigismember(&pend, SIGCHLD), "a blocked SIGCHLD stays pending though its action ignores it");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	sigpending(&pend);
	ok(!sigismember(&pend, SIGCHLD), "unblocked, it is dropped");
}

static void chld_info(void)
{
	struct sigaction sa;
	int st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	pid_t c = fork();
	if (c == 0)
		_exit(42);
	waitpid(c, &st, 0);
	is(chld_code, CLD_EXITED, "SIGCHLD handler: si_code CLD_EXITED");
	is(chld_status, 42, "si_status is the exit code");
	c = fork();
	if (c == 0) {
		raise(SIGTERM);
		_exit(1);
	}
	waitpid(c, &st, 0);
	is(chld_code, CLD_KILLED, "si_code CLD_KILLED");
	is(chld_status, SIGTERM, "si_status is the signal");
	signal(SIGCHLD, SIG_DFL);
}

static void timers(void)
{
	struct itimerval it = { { 0, 0 }, { 5, 0 } }, v;
	int32_t raw[4];

	setitimer(ITIMER_REAL, &it, NULL);
	is(sys3(SYS_setitimer, ITIMER_REAL, 0, 0), 0, "setitimer with a NULL new value");
	is(sys2(SYS_getitimer, ITIMER_REAL, raw), 0, "getitimer");
	ok(raw[2] == 0 && raw[3] == 0, "the timer is disarmed");
	getitimer(ITIMER_REAL, &v);
	ok(v.it_value.tv_sec == 0 && v.it_value.tv_usec == 0, "libc's getitimer agrees");

	install(SIGUSR1, on_usr1);
	pid_t c = signal_later(SIGUSR1, 200);
	struct timespec req = { 2, 0 }, rem = { -1, -1 };
	is_errno(nanosleep(&req, &rem), EINTR, "nanosleep cut short by a handled signal is EINTR");
	ok(rem.tv_sec >= 1 && rem.tv_sec <= 2 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000 &&
	       (rem.tv_sec < 2 || rem.tv_nsec == 0),
	   "rem holds the time that was left (1 to 2 s)");
	waitpid(c, NULL, 0);
	signal(SIGUSR1, SIG_DFL);
}

int main(void)
{
	plan(16 + 6 + 4 + 6 + 1);
	timedwait();
	blocked_chld();
	chld_info();
	timers();
	return done();
}
