/*
 * proc_pidmax: writing /proc/sys/kernel/pid_max, against Linux (as root).
 *
 *   parse     what a write takes (decimal, hex, spaces and a newline
 *             around it, nothing) and refuses with EINVAL (words, signs,
 *             trailing junk, values at or below 300, past the limit);
 *             only the value it already has is written on Linux, so the
 *             host is left as it was
 *   wrap      (Mica) with a small pid_max, new pids stay below it and wrap
 *             around to 300, as Linux's
 */
#include "tap.h"
#include "raw.h"

#define PID_MAX_PATH "/proc/sys/kernel/pid_max"

/* Write s to pid_max through a fresh fd: the write's result. */
static long put(const char *s)
{
	long fd = ropen(PID_MAX_PATH, O_WRONLY, 0);
	if (fd < 0)
		return fd;
	long r = RSYS(SYS_write, fd, s, strlen(s));
	RSYS(SYS_close, fd);
	return r;
}

/* pid_max now, or -1. */
static long get(void)
{
	char buf[32] = { 0 };
	long fd = ropen(PID_MAX_PATH, O_RDONLY, 0);
	long n = fd >= 0 ? RSYS(SYS_read, fd, buf, sizeof(buf) - 1) : -1;
	RSYS(SYS_close, fd);
	return n > 0 ? atol(buf) : -1;
}

static void wrap(long old)
{
	if (!on_mica()) { /* the host's pid_max is the host's own */
		skip("write 400");
		skip("pids stay below a lowered pid_max");
		skip("and wrap around to 300 and up");
		skip("restore pid_max");
		return;
	}
	is(put("400"), 3, "write 400");
	int below = 1, wrapped = 0, low_after_wrap = 0;
	long prev = 0;
	for (int i = 0; i < 450; i++) {
		long pid = rfork();
		if (pid == 0)
			rexit(0);
		if (pid < 0)
			break;
		rwait(pid);
		below &= pid < 400;
		if (pid < prev) {
			wrapped = 1;
			low_after_wrap |= pid < 300;
		}
		prev = pid;
	}
	ok(below, "pids stay below a lowered pid_max");
	ok(wrapped && !low_after_wrap, "and wrap around to 300 and up");
	char buf[16];
	snprintf(buf, sizeof(buf), "%ld", old);
	is(put(buf), (long)strlen(buf), "restore pid_max");
}

int main(void)
{
	char buf[48];

	plan(21);
	long old = get();
	ok(old > 300, "pid_max is above 300");
	static const char *const bad[] = { "abc", "300", "0", "-1", "99999999999", "32768x", "+32768",
					   "4194305", "1 2" };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is(put(bad[i]), -EINVAL, "writing '%s': EINVAL", bad[i]);
	is(put(""), 0, "an empty write takes nothing");
	snprintf(buf, sizeof(buf), "%ld", old);
	is(put(buf), (long)strlen(buf), "writing its own value");
	snprintf(buf, sizeof(buf), "  %ld \n", old);
	is(put(buf), (long)strlen(buf), "with spaces and a newline");
	snprintf(buf, sizeof(buf), "%#lx", old);
	is(put(buf), (long)strlen(buf), "in hex");
	snprintf(buf, sizeof(buf), "%#lo\n", old);
	is(put(buf), (long)strlen(buf), "in octal");
	is(get(), old, "the value is the same");
	wrap(old);
	is(get(), old, "pid_max is as it was");
	return done();
}
