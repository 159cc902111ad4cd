/*
 * proc_nanosleep: nanosleep's remaining time, checked the same way on
 * Linux and Mica (raw i386 calls with a 32-bit struct timespec).
 *
 *   interrupted  a SIGALRM handler (no SA_RESTART) cuts a 3 s sleep short
 *                after 200 ms: -EINTR, and *rem holds the time that was
 *                left, between 2 and 3 seconds, with nanoseconds in range;
 *                the same with rem NULL; with a rem that cannot be written
 *                the call fails with -EFAULT
 *   complete     a sleep that runs to its end returns 0 and leaves *rem
 *                alone; so does a zero sleep
 *   bad          a bad time (negative, nanoseconds >= 1e9) is -EINVAL and
 *                *rem is left alone; an unreadable req is -EFAULT
 *   stopped      SIGSTOP and SIGCONT in the middle of a sleep (nanosleep,
 *                clock_nanosleep relative and absolute) do not end it: it
 *                returns 0 once its whole time is over, as Linux restarts
 *                it for the time left; with a SIGCONT handler the sleep
 *                ends with -EINTR instead
 *   clocks       clock_nanosleep sleeps on CLOCK_REALTIME, MONOTONIC,
 *                BOOTTIME and TAI; the thread CPU clock and the raw, coarse
 *                and alarm clocks are EOPNOTSUPP (no RTC), unknown ids
 *                EINVAL; flags other than TIMER_ABSTIME are ignored; an
 *                absolute time already past returns at once; the time64
 *                form counts only the low 32 bits of tv_nsec
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#define NSEC_PER_SEC 1000000000

static volatile sig_atomic_t alarms;

static void on_alarm(int s)
{
	(void)s;
	alarms++;
}

/* Arm a one-shot ITIMER_REAL of ms milliseconds (raw 32-bit timevals). */
static void arm_ms(long ms)
{
	int32_t it[4] = {0, 0, ms / 1000, (ms % 1000) * 1000};
	sys3(SYS_setitimer, ITIMER_REAL, it, 0);
}

/* Nanoseconds in a 32-bit timespec. */
static int64_t nsecs(const int32_t ts[2])
{
	return (int64_t)ts[0] * NSEC_PER_SEC + ts[1];
}

static void interrupted(void)
{
	int32_t req[2] = {3, 0}, rem[2] = {-7, -7};

	alarms = 0;
	arm_ms(200);
	is_err(sys2(SYS_nanosleep, req, rem), EINTR, "a signal cuts the sleep short: -EINTR");
	is(alarms, 1, "the handler ran once");
	ok(rem[0] != -7 && rem[1] != -7, "rem was written (%d s %d ns)", rem[0], rem[1]);
	ok(nsecs(rem) > 2 * (int64_t)NSEC_PER_SEC && nsecs(rem) < 3 * (int64_t)NSEC_PER_SEC,
	   "rem is the time left, between 2 and 3 s");
	ok(rem[1] >= 0 && rem[1] < NSEC_PER_SEC, "rem's nanoseconds are in range");

	alarms = 0;
	arm_ms(100);
	is_err(sys2(SYS_nanosleep, req, 0), EINTR, "with rem NULL: -EINTR too");
	is(alarms, 1, "the handler ran");

	alarms = 0;
	arm_ms(100);
	is_err(sys2(SYS_nanosleep, req, 1), EFAULT, "an unwritable rem: -EFAULT");
	is(alarms, 1, "the handler ran");
}

static void complete(void)
{
	int32_t req[2] = {0, 30 * 1000 * 1000}, rem[2] = {-7, -7};

	is(sys2(SYS_nanosleep, req, rem), 0, "a 30 ms sleep runs to its end");
	ok(rem[0] == -7 && rem[1] == -7, "and leaves rem alone");
	int32_t zero[2] = {0, 0};
	is(sys2(SYS_nanosleep, zero, rem), 0, "a zero sleep returns 0");
	ok(rem[0] == -7 && rem[1] == -7, "and leaves rem alone");
}

static void bad(void)
{
	int32_t rem[2] = {-7, -7};
	int32_t neg[2] = {-1, 0}, big[2] = {0, NSEC_PER_SEC}, negns[2] = {0, -1};

	is_err(sys2(SYS_nanosleep, neg, rem), EINVAL, "negative seconds: -EINVAL");
	is_err(sys2(SYS_nanosleep, big, rem), EINVAL, "nanoseconds of 1e9: -EINVAL");
	is_err(sys2(SYS_nanosleep, negns, rem), EINVAL, "negative nanoseconds: -EINVAL");
	ok(rem[0] == -7 && rem[1] == -7, "rem is left alone");
	is_err(sys2(SYS_nanosleep, 1, rem), EFAULT, "an unreadable req: -EFAULT");
}

#define NR_CLOCK_NANOSLEEP 267 /* i386, with a 32-bit timespec */
#define SLEEP_MS 600
enum { SLEEP_NANO, SLEEP_CLOCK, SLEEP_ABS, SLEEP_HANDLED };

static void on_cont(int s)
{
	(void)s;
	alarms++;
}

/* Milliseconds on CLOCK_MONOTONIC. */
static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Child: tells fd it is about to sleep, then sleeps SLEEP_MS the way kind
 * says (3 s for SLEEP_HANDLED, with a SIGCONT handler). Exits 0 if the
 * sleep ended as it should, 1 for another result, 2 if it came back early. */
static void sleeper(int fd, int kind)
{
	int32_t req[2] = { 0, SLEEP_MS * 1000000 }, rem[2];
	int64_t start = now_ms();
	long r;

	if (kind == SLEEP_HANDLED) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_cont;
		sigaction(SIGCONT, &sa, NULL);
		alarms = 0;
		req[1] = 0;
		req[0] = 3;
	}
	write(fd, "s", 1);
	if (kind == SLEEP_ABS) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_nsec += (long)req[1];
		if (t.tv_nsec >= NSEC_PER_SEC) {
			t.tv_sec++;
			t.tv_nsec -= NSEC_PER_SEC;
		}
		int32_t abs[2] = { (int32_t)t.tv_sec, (int32_t)t.tv_nsec };
		r = sys4(NR_CLOCK_NANOSLEEP, CLOCK_MONOTONIC, TIMER_ABSTIME, abs, 0);
	} else if (kind == SLEEP_CLOCK) {
		r = sys4(NR_CLOCK_NANOSLEEP, CLOCK_MONOTONIC, 0, req, rem);
	} else {
		r = sys2(SYS_nanosleep, req, rem);
	}
	if (kind == SLEEP_HANDLED)
		_exit(r == -EINTR && alarms == 1 ? 0 : 1);
	if (r != 0)
		_exit(1);
	_exit(now_ms() - start >= SLEEP_MS ? 0 : 2);
}

/* Stops and continues a child that sleeps the way kind says. Returns its
 * wait status, or -1 if it was not seen stopped. */
static int stop_in_sleep(int kind)
{
	int p[2], st = -1;
	char c;

	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		sleeper(p[1], kind);
	}
	close(p[1]);
	read(p[0], &c, 1);
	close(p[0]);
	usleep(100000); /* let it fall asleep */
	kill(pid, SIGSTOP);
	int stopped = waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st);
	usleep(50000);
	kill(pid, SIGCONT);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return stopped ? st : -1;
}

static void stopped(void)
{
	is_exit(stop_in_sleep(SLEEP_NANO), 0,
		"nanosleep: a stop and SIGCONT do not end it, it sleeps its whole time");
	is_exit(stop_in_sleep(SLEEP_CLOCK), 0, "clock_nanosleep: the same for a relative sleep");
	is_exit(stop_in_sleep(SLEEP_ABS), 0, "clock_nanosleep: and for TIMER_ABSTIME");
	is_exit(stop_in_sleep(SLEEP_HANDLED), 0,
		"with a SIGCONT handler the sleep ends with -EINTR after it ran");
}

#define NR_CLOCK_NANOSLEEP_TIME64 407

/* clock_nanosleep(id, flags, {0, ns}) with a 32-bit timespec, no rem. */
static long cns(long id, long flags, int32_t ns)
{
	int32_t req[2] = { 0, ns };
	return sys4(NR_CLOCK_NANOSLEEP, id, flags, req, 0);
}

static void clocks(void)
{
	is(cns(CLOCK_REALTIME, 0, 1000000), 0, "clocks: CLOCK_REALTIME sleeps");
	is(cns(CLOCK_MONOTONIC, 0, 1000000), 0, "clocks: CLOCK_MONOTONIC sleeps");
	is(cns(CLOCK_BOOTTIME, 0, 1000000), 0, "clocks: CLOCK_BOOTTIME sleeps");
	is(cns(CLOCK_TAI, 0, 1000000), 0, "clocks: CLOCK_TAI sleeps");
	is_err(cns(CLOCK_MONOTONIC_RAW, 0, 1000), EOPNOTSUPP, "clocks: MONOTONIC_RAW: EOPNOTSUPP");
	is_err(cns(CLOCK_REALTIME_COARSE, 0, 1000), EOPNOTSUPP, "clocks: REALTIME_COARSE: EOPNOTSUPP");
	is_err(cns(CLOCK_MONOTONIC_COARSE, 0, 1000), EOPNOTSUPP,
	       "clocks: MONOTONIC_COARSE: EOPNOTSUPP");
	is_err(cns(CLOCK_BOOTTIME_ALARM, 0, 1000), EOPNOTSUPP, "clocks: BOOTTIME_ALARM: EOPNOTSUPP");
	is_err(cns(CLOCK_THREAD_CPUTIME_ID, 0, 1000), EOPNOTSUPP,
	       "clocks: the thread CPU clock: EOPNOTSUPP");
	is_err(cns(10, 0, 1000), EINVAL, "clocks: id 10: EINVAL");
	is_err(cns(99, 0, 1000), EINVAL, "clocks: id 99: EINVAL");
	is(cns(CLOCK_MONOTONIC, 6, 1000), 0, "clocks: flags beyond TIMER_ABSTIME are ignored");
	is(cns(CLOCK_MONOTONIC, TIMER_ABSTIME, 1), 0, "clocks: an absolute time long past: 0");
	is_err(cns(CLOCK_MONOTONIC, 0, NSEC_PER_SEC), EINVAL, "clocks: nanoseconds of 1e9: EINVAL");
	is_err(sys4(NR_CLOCK_NANOSLEEP, CLOCK_MONOTONIC, 0, 1, 0), EFAULT,
	       "clocks: an unreadable time: EFAULT");
	int64_t hi[2] = { 0, (1ll << 32) + 1000 }, neg[2] = { 0, 0xffffffffll };
	is(sys4(NR_CLOCK_NANOSLEEP_TIME64, CLOCK_MONOTONIC, 0, hi, 0), 0,
	   "clocks: time64: tv_nsec's high 32 bits do not count");
	is_err(sys4(NR_CLOCK_NANOSLEEP_TIME64, CLOCK_MONOTONIC, 0, neg, 0), EINVAL,
	       "clocks: time64: low 32 bits of -1: EINVAL");
}

int main(void)
{
	struct sigaction sa;

	plan(9 + 4 + 5 + 4 + 17);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: the sleep returns -EINTR */
	sigaction(SIGALRM, &sa, NULL);
	interrupted();
	complete();
	bad();
	stopped();
	clocks();
	return done();
}
