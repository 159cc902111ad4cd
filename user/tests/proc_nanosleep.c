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
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>

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

int main(void)
{
	struct sigaction sa;

	plan(9 + 4 + 5);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: the sleep returns -EINTR */
	sigaction(SIGALRM, &sa, NULL);
	interrupted();
	complete();
	bad();
	return done();
}
