/*
 * fs_timerfd: timerfd_create (322), timerfd_settime (325), timerfd_gettime
 * (326) and the time64 settime (411) / gettime (410), against Linux.
 *
 *   create    which clocks (the alarm clocks too) and flags; O_NONBLOCK and
 *             FD_CLOEXEC; the file's mode (0600, no type) and F_GETFL
 *   settime   EFAULT, EINVAL (flags, times, a file that is no timerfd, in
 *             Linux's order), EBADF; gettime's view; the old value; time64
 *   read      fewer than 8 bytes EINVAL; EAGAIN with O_NONBLOCK; blocking
 *             until the expiration; the count of a periodic timer; a read
 *             consumes it (even when the copy faults); EINTR; setting the
 *             timer clears it; write EINVAL, lseek 0
 *   poll      POLLIN only once expired, never POLLOUT
 *   share     a forked child reads the same count; closing frees the timer
 */
#include "tap.h"
#include "raw.h"

#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#define NR_timerfd_create 322
#define NR_timerfd_settime 325
#define NR_timerfd_gettime 326
#define NR_timerfd_gettime64 410
#define NR_timerfd_settime64 411
#define MS 1000000

struct its32 {
	int32_t isec, insec, vsec, vnsec;
};
struct its64 {
	int64_t isec, insec, vsec, vnsec;
};

static long tcreate(long clk, long flags)
{
	return sys2(NR_timerfd_create, clk, flags);
}

static long tset(long fd, long flags, long isec, long insec, long vsec, long vnsec)
{
	struct its32 n = { isec, insec, vsec, vnsec };
	return sys4(NR_timerfd_settime, fd, flags, &n, 0);
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0)
		;
}

static int64_t ns(int32_t sec, int32_t nsec)
{
	return (int64_t)sec * 1000000000 + nsec;
}

/* revents of a zero-timeout poll of fd for POLLIN|POLLOUT. */
static int revents(long fd)
{
	struct pollfd p = { (int)fd, POLLIN | POLLOUT, 0 };
	if (RSYS(SYS_poll, &p, 1, 0) < 0)
		return -1;
	return p.revents;
}

static void create(void)
{
	static const struct {
		long clk, err;
		const char *name;
	} clocks[] = {
		{ CLOCK_REALTIME, 0, "REALTIME" },
		{ CLOCK_MONOTONIC, 0, "MONOTONIC" },
		{ CLOCK_BOOTTIME, 0, "BOOTTIME" },
		{ 8, 0, "REALTIME_ALARM" },
		{ 9, 0, "BOOTTIME_ALARM" },
		{ CLOCK_PROCESS_CPUTIME_ID, -EINVAL, "PROCESS_CPUTIME_ID" },
		{ CLOCK_THREAD_CPUTIME_ID, -EINVAL, "THREAD_CPUTIME_ID" },
		{ CLOCK_MONOTONIC_RAW, -EINVAL, "MONOTONIC_RAW" },
		{ CLOCK_REALTIME_COARSE, -EINVAL, "REALTIME_COARSE" },
		{ 11, -EINVAL, "TAI" },
		{ -1, -EINVAL, "clock -1" },
		{ 99, -EINVAL, "clock 99" },
	};
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		long fd = tcreate(clocks[i].clk, 0);
		if (clocks[i].err)
			is(fd, clocks[i].err, "timerfd_create on %s", clocks[i].name);
		else
			ok(fd >= 0, "timerfd_create on %s", clocks[i].name);
		if (fd >= 0)
			RSYS(SYS_close, fd);
	}
	is(tcreate(CLOCK_MONOTONIC, 1), -EINVAL, "flags 1: EINVAL");
	is(tcreate(CLOCK_MONOTONIC, O_RDWR), -EINVAL, "flags O_RDWR: EINVAL");
	long fd = tcreate(CLOCK_MONOTONIC, O_NONBLOCK | O_CLOEXEC);
	ok(fd >= 0, "TFD_NONBLOCK|TFD_CLOEXEC");
	is(RSYS(SYS_fcntl64, fd, F_GETFD), FD_CLOEXEC, "the descriptor is FD_CLOEXEC");
	is(RSYS(SYS_fcntl64, fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR | O_NONBLOCK,
	   "F_GETFL: O_RDWR|O_NONBLOCK");
	struct kstat64 st;
	RSYS(SYS_fstat64, fd, &st);
	is(st.st_mode, 0600, "fstat: mode 0600 with no file type");
	RSYS(SYS_close, fd);
	fd = tcreate(CLOCK_MONOTONIC, 0);
	is(RSYS(SYS_fcntl64, fd, F_GETFD), 0, "without TFD_CLOEXEC: not FD_CLOEXEC");
	is(RSYS(SYS_fcntl64, fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR, "F_GETFL: O_RDWR");
	RSYS(SYS_close, fd);
}

static void settime(void)
{
	long fd = tcreate(CLOCK_MONOTONIC, 0);
	int p[2];
	struct its32 good = { 0, 0, 5, 0 }, bad = { 0, 0, 0, 1000000000 }, o;

	RSYS(SYS_pipe, p);
	is(sys4(NR_timerfd_settime, fd, 0, NULL, NULL), -EFAULT, "settime NULL new: EFAULT");
	is(sys4(NR_timerfd_settime, fd, 0, unmapped(), NULL), -EFAULT, "unmapped new: EFAULT");
	is(sys4(NR_timerfd_settime, fd, 0, KERNEL_BASE, NULL), -EFAULT, "kernel new: EFAULT");
	is(sys4(NR_timerfd_settime, fd, 4, &good, NULL), -EINVAL, "flags 4: EINVAL");
	is(sys4(NR_timerfd_settime, fd, 0, &bad, NULL), -EINVAL, "nsec 1000000000: EINVAL");
	is(tset(fd, 0, 0, 0, -1, 0), -EINVAL, "sec -1: EINVAL");
	is(tset(fd, 0, 0, -1, 0, 0), -EINVAL, "interval nsec -1: EINVAL");
	is(sys4(NR_timerfd_settime, 999, 0, &good, NULL), -EBADF, "bad fd: EBADF");
	is(sys4(NR_timerfd_settime, 999, 0, &bad, NULL), -EINVAL, "bad fd and bad time: EINVAL");
	is(sys4(NR_timerfd_settime, 999, 4, &good, NULL), -EINVAL, "bad fd and bad flags: EINVAL");
	is(sys4(NR_timerfd_settime, p[0], 0, &good, NULL), -EINVAL, "a pipe: EINVAL");
	is(sys2(NR_timerfd_gettime, p[0], &o), -EINVAL, "gettime of a pipe: EINVAL");
	is(sys2(NR_timerfd_gettime, 999, &o), -EBADF, "gettime of a bad fd: EBADF");
	is(sys2(NR_timerfd_gettime, fd, NULL), -EFAULT, "gettime to NULL: EFAULT");
	is(sys2(NR_timerfd_gettime, fd, unmapped()), -EFAULT, "gettime to unmapped: EFAULT");
	is(sys2(NR_timerfd_gettime, fd, ro_page()), -EFAULT, "gettime to read-only: EFAULT");
	RSYS(SYS_close, p[0]);
	RSYS(SYS_close, p[1]);

	memset(&o, 0x55, sizeof(o));
	is(sys2(NR_timerfd_gettime, fd, &o), 0, "gettime of an unarmed timerfd");
	ok(!o.isec && !o.insec && !o.vsec && !o.vnsec, "reads all zero");
	is(tset(fd, 2, 2, 5, 5, 0), 0, "settime with TFD_TIMER_CANCEL_ON_SET, {2.000000005, 5 s}");
	sys2(NR_timerfd_gettime, fd, &o);
	ok(o.isec == 2 && o.insec == 5 && ns(o.vsec, o.vnsec) > 4000LL * MS &&
		   ns(o.vsec, o.vnsec) <= 5000LL * MS,
	   "gettime reads it back");
	struct its32 n = { 0, 0, 7, 0 };
	memset(&o, 0, sizeof(o));
	is(sys4(NR_timerfd_settime, fd, 0, &n, &o), 0, "settime with an old value");
	ok(o.isec == 2 && o.insec == 5 && ns(o.vsec, o.vnsec) <= 5000LL * MS, "old is the setting before");
	n.vsec = 3;
	is(sys4(NR_timerfd_settime, fd, 0, &n, unmapped()), -EFAULT, "unmapped old: EFAULT");
	sys2(NR_timerfd_gettime, fd, &o);
	ok(ns(o.vsec, o.vnsec) <= 3000LL * MS && ns(o.vsec, o.vnsec) > 2000LL * MS,
	   "but the new setting took effect");
	struct its64 n64 = { 1, 250000000, 9, 0 }, o64;
	is(sys4(NR_timerfd_settime64, fd, 0, &n64, NULL), 0, "timerfd_settime64");
	memset(&o64, 0, sizeof(o64));
	is(sys2(NR_timerfd_gettime64, fd, &o64), 0, "timerfd_gettime64");
	ok(o64.isec == 1 && o64.insec == 250000000 && o64.vsec >= 8 && o64.vsec <= 9,
	   "the time64 setting reads back");
	n64.vnsec = 1000000000;
	is(sys4(NR_timerfd_settime64, fd, 0, &n64, NULL), -EINVAL, "settime64 nsec 1e9: EINVAL");
	is(tset(fd, 0, 0, 0, 0, 0), 0, "settime 0 disarms");
	sys2(NR_timerfd_gettime, fd, &o);
	ok(!o.vsec && !o.vnsec && !o.isec && !o.insec, "gettime then reads zero");
	RSYS(SYS_close, fd);
}

static volatile sig_atomic_t alarmed;
static void on_alarm(int s)
{
	(void)s;
	alarmed = 1;
}

static void reading(void)
{
	long fd = tcreate(CLOCK_MONOTONIC, 0);
	long nb = tcreate(CLOCK_MONOTONIC, O_NONBLOCK);
	uint64_t v = 0;
	char small[7];

	is(RSYS(SYS_read, fd, small, 7), -EINVAL, "read of 7 bytes: EINVAL");
	is(RSYS(SYS_read, nb, &v, 8), -EAGAIN, "O_NONBLOCK read of an unarmed timerfd: EAGAIN");
	is(revents(nb), 0, "poll: nothing before it expires");
	/* t0 before arming: a tick between the two would shorten the wait
	 * the clock sees (CLOCK_MONOTONIC counts ticks), not the timer's */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	tset(fd, 0, 0, 0, 0, 30 * MS);
	is(RSYS(SYS_read, fd, &v, 8), 8, "a blocking read waits for the expiration");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	is((long)v, 1, "and reads a count of 1");
	ok(ns(t1.tv_sec, t1.tv_nsec) - ns(t0.tv_sec, t0.tv_nsec) >= 25 * MS, "after about 30 ms");

	tset(nb, 0, 0, 10 * MS, 0, 10 * MS);
	msleep(105);
	is(revents(nb), POLLIN, "poll: POLLIN once expired, no POLLOUT");
	char big[16];
	memset(big, 0, sizeof(big));
	is(RSYS(SYS_read, nb, big, 16), 8, "a read of 16 bytes returns 8");
	memcpy(&v, big, 8);
	ok(v >= 5 && v < 1000, "the count of a periodic timer");
	is(RSYS(SYS_read, nb, &v, 8), -EAGAIN, "the read took the count");
	is(RSYS(SYS_write, nb, &v, 8), -EINVAL, "write: EINVAL");
	is(RSYS(SYS_lseek, nb, 0, SEEK_CUR), 0, "lseek: 0");
	msleep(30);
	is(RSYS(SYS_read, nb, (void *)unmapped(), 8), -EFAULT, "a read into unmapped memory: EFAULT");
	is(RSYS(SYS_read, nb, &v, 8), -EAGAIN, "and the count is gone");
	msleep(30);
	struct its32 z = { 0, 0, 0, 0 }, o;
	is(sys4(NR_timerfd_settime, nb, 0, &z, &o), 0, "disarm with expirations unread");
	ok(o.isec == 0 && o.insec == 10 * MS, "the old setting has the period");
	is(RSYS(SYS_read, nb, &v, 8), -EAGAIN, "setting the timer cleared the count");

	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	tset(nb, 1, 0, 0, now.tv_sec, now.tv_nsec);
	msleep(20);
	v = 0;
	is(RSYS(SYS_read, nb, &v, 8), 8, "TFD_TIMER_ABSTIME in the past expires at once");
	is((long)v, 1, "once");

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	tset(fd, 0, 0, 0, 5, 0);
	alarmed = 0;
	int32_t it[4] = { 0, 0, 0, 50000 };
	RSYS(SYS_setitimer, 0, it, 0);
	is(RSYS(SYS_read, fd, &v, 8), -EINTR, "a signal interrupts a blocking read: EINTR");
	ok(alarmed, "the handler ran");
	signal(SIGALRM, SIG_DFL);

	tset(nb, 0, 0, 0, 0, 10 * MS);
	long pid = rfork();
	if (pid == 0) {
		uint64_t c = 0;
		long r = RSYS(SYS_read, fd, &c, 8); /* blocks 5 s at most: fd is armed */
		(void)r;
		msleep(40);
		rexit(RSYS(SYS_read, nb, &c, 8) == 8 && c == 1 ? 0 : 1);
	}
	tset(fd, 0, 0, 0, 0, 10 * MS); /* wake the child */
	is(rwait(pid), 0, "a forked child reads the shared timerfd");
	is(RSYS(SYS_read, nb, &v, 8), -EAGAIN, "so the parent finds no count");
	RSYS(SYS_close, fd);
	RSYS(SYS_close, nb);

	int leaked = 0;
	for (int i = 0; i < 300; i++) {
		long t = tcreate(CLOCK_MONOTONIC, 0);
		if (t < 0 || tset(t, 0, 0, 10 * MS, 1, 0) != 0)
			leaked++;
		RSYS(SYS_close, t);
	}
	is(leaked, 0, "300 armed timerfds made and closed");
}

int main(void)
{
	plan(74);
	create();
	settime();
	reading();
	return done();
}
