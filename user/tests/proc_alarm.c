/*
 * proc_alarm: alarm and setitimer with large values and the rounding of
 * the seconds alarm returns, checked the same way on Linux and Mica.
 *
 *   large     alarm(INT_MAX) then alarm(0) returns INT_MAX (it once
 *             returned 42949672: seconds times HZ wrapped in 32 bits),
 *             through the raw call and through libc (setitimer);
 *             getitimer reports INT_MAX seconds for value and interval
 *   rounding  alarm returns the seconds left rounded to the nearest,
 *             but 1 rather than 0 while any time is left
 */
#include "tap.h"

#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t alarms;

static void on_alarm(int s)
{
	(void)s;
	alarms++;
}

/* Sleeps ms milliseconds. */
static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* Microseconds in a 32-bit timeval, as the raw calls use. */
static int64_t usecs(const int32_t tv[2])
{
	return (int64_t)tv[0] * 1000000 + tv[1];
}

static void large(void)
{
	int32_t v[4], nv[4];

	is(sys1(SYS_alarm, INT_MAX), 0, "alarm(INT_MAX) with no alarm set returns 0");
	is(sys2(SYS_getitimer, ITIMER_REAL, v), 0, "getitimer");
	ok(usecs(v + 2) > (int64_t)(INT_MAX - 2) * 1000000 && usecs(v + 2) <= (int64_t)INT_MAX * 1000000,
	   "reports INT_MAX seconds left");
	is(sys1(SYS_alarm, 0), INT_MAX, "alarm(0) then returns INT_MAX");
	is(sys1(SYS_alarm, 0), 0, "and a second alarm(0) returns 0");

	is(alarm(INT_MAX), 0, "libc alarm(INT_MAX)");
	is(alarm(0), INT_MAX, "libc alarm(0) returns INT_MAX");

	int32_t it[4] = { INT_MAX, 0, INT_MAX, 999999 };
	is(sys3(SYS_setitimer, ITIMER_REAL, it, 0), 0, "setitimer {INT_MAX s, INT_MAX.999999 s}");
	is(sys2(SYS_getitimer, ITIMER_REAL, v), 0, "getitimer");
	is(v[0], INT_MAX, "the interval is INT_MAX seconds");
	ok(v[1] == 0, "and no microseconds");
	is(v[2], INT_MAX, "the value left is INT_MAX whole seconds");
	memset(nv, 0, sizeof(nv));
	is(sys3(SYS_setitimer, ITIMER_REAL, nv, v), 0, "setitimer 0 cancels it");
	is(v[2], INT_MAX, "and returns the old value");
	is(sys1(SYS_alarm, 0), 0, "nothing is left");
}

static void rounding(void)
{
	sys1(SYS_alarm, 10);
	msleep(200);
	is(sys1(SYS_alarm, 0), 10, "9.8 s left rounds to 10");
	sys1(SYS_alarm, 10);
	msleep(800);
	is(sys1(SYS_alarm, 0), 9, "9.2 s left rounds to 9");
	sys1(SYS_alarm, 2);
	msleep(1700);
	is(sys1(SYS_alarm, 0), 1, "0.3 s left is 1, not 0");
	is(alarms, 0, "no SIGALRM came meanwhile");
}

int main(void)
{
	struct sigaction sa;

	plan(15 + 4);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	large();
	rounding();
	return done();
}
