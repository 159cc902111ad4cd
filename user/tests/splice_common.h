/*
 * splice_common.h: what the tee, vmsplice and sendfile tests (splice_tee,
 * splice_vmsplice, splice_sendfile) share, on top of splice_raw.h (the
 * splice tests' pipes, FIONREAD as nread(), splice_raw()): the calls as raw
 * system calls (so a bad pointer reaches the kernel as written), and pipe
 * helpers that never print: filling a pipe slot by slot, draining it and
 * checking the bytes, and running a call in a child to see whether it
 * blocks, is interrupted or dies of SIGPIPE.
 *
 * Data is always pat() bytes (raw.h) from a known offset, so a check that
 * reads a pipe can say which bytes must come and in what order.
 */
#ifndef SPLICE_COMMON_H
#define SPLICE_COMMON_H

#include <signal.h>
#include <sys/time.h>

#include "splice_raw.h"

#define SPLICE_F_ALL 15 /* every flag the calls know */

#define PIPE_SLOTS 16			/* slots of a new pipe */
#define PIPE_BYTES (PIPE_SLOTS * PAGE)	/* what a new pipe holds at most */
#define BAD_FD 999			/* never open in these programs */
#define BLOCK_CHECK_US 250000		/* how long a call must wait to count as blocked */

#define TEE(in, out, len, fl) RSYS(SYS_tee, (in), (out), (len), (fl))
#define VMSPLICE(fd, iov, n, fl) RSYS(SYS_vmsplice, (fd), (iov), (n), (fl))
#define SENDFILE(out, in, offp, n) RSYS(SYS_sendfile, (out), (in), (offp), (n))
#define SENDFILE64(out, in, offp, n) RSYS(SYS_sendfile64, (out), (in), (offp), (n))

/* Sets or clears O_NONBLOCK on fd; returns 0 or -errno. */
static inline long set_nonblock(long fd, int on)
{
	long fl = RSYS(SYS_fcntl64, fd, F_GETFL);

	if (fl < 0)
		return fl;
	return RSYS(SYS_fcntl64, fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

/* Writes n slots of one whole page each, pat(off...) bytes, into write end
 * fd; returns the bytes written (each write is one slot) or -errno. */
static inline long fill_slots(long fd, unsigned off, int n)
{
	static unsigned char page[PAGE];
	long total = 0;

	for (int i = 0; i < n; i++) {
		fill_pat(page, off + (unsigned)total, PAGE);
		long r = RSYS(SYS_write, fd, page, PAGE);
		if (r < 0)
			return total ? total : r;
		total += r;
		if (r < PAGE)
			break;
	}
	return total;
}

/* Reads exactly n bytes from fd (read end of a pipe with data that must be
 * there) and returns 1 iff they are pat(off...). Never blocks on an empty
 * pipe: it stops when FIONREAD says nothing is left. */
static inline int drain_is_pat(long fd, unsigned off, unsigned n)
{
	static unsigned char chunk[PAGE];
	unsigned got = 0;

	while (got < n) {
		if (nread(fd) <= 0)
			return 0;
		unsigned want = n - got < PAGE ? n - got : PAGE;
		long r = RSYS(SYS_read, fd, chunk, want);
		if (r <= 0 || !is_pat(chunk, off + got, (unsigned)r))
			return 0;
		got += (unsigned)r;
	}
	return 1;
}

/* Empties the pipe whose read end is fd without blocking; returns the
 * bytes dropped. */
static inline long drain(long fd)
{
	static unsigned char chunk[PAGE];
	long total = 0, r;

	while (nread(fd) > 0 && (r = RSYS(SYS_read, fd, chunk, PAGE)) > 0)
		total += r;
	return total;
}

/* A handler that only interrupts. */
static inline void on_alarm(int sig)
{
	(void)sig;
}

/* What a call made by a child did, for the checks that a call blocks or
 * dies of SIGPIPE: the call's arguments, and the child's wait status. */
struct child_call {
	long nr, a, b, c, d;
	int sigpipe_ignored; /* else SIGPIPE has its default action */
	int alarm_handled;   /* SIGALRM runs on_alarm (no SA_RESTART), else kills */
};

/*
 * Runs the call in a forked child with a 250 ms alarm: a call that
 * blocks is killed by SIGALRM (or, with alarm_handled, interrupted by it);
 * one that returns exits with 100 + its -errno, or 0 for a count; SIGPIPE
 * kills the child unless ignored.
 * Returns the child's wait status, or -1.
 */
static inline int child_status(const struct child_call *cc)
{
	long pid = rfork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		signal(SIGPIPE, cc->sigpipe_ignored ? SIG_IGN : SIG_DFL);
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = cc->alarm_handled ? on_alarm : SIG_DFL;
		sigaction(SIGALRM, &sa, NULL);
		struct itimerval it = { { 0, 0 }, { 0, BLOCK_CHECK_US } };
		setitimer(ITIMER_REAL, &it, NULL);
		long r = sys_raw(cc->nr, cc->a, cc->b, cc->c, cc->d, 0);
		rexit(r < 0 ? (int)(100 - r) : 0);
	}
	long st = rwait(pid);
	return st < 0 ? -1 : (int)st;
}

/* True iff the call blocks (the child died of its alarm). */
static inline int call_blocks(long nr, long a, long b, long c, long d)
{
	struct child_call cc = { nr, a, b, c, d, 1, 0 };
	int st = child_status(&cc);

	return st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM;
}

/* The wait status of a child whose blocked call a handler without
 * SA_RESTART interrupts: exit 100 + EINTR when the call gave -EINTR. */
static inline int call_interrupted_status(long nr, long a, long b, long c, long d)
{
	struct child_call cc = { nr, a, b, c, d, 1, 1 };

	return child_status(&cc);
}

/* The wait status of a child making the call with SIGPIPE's default action. */
static inline int call_sigpipe_status(long nr, long a, long b, long c, long d)
{
	struct child_call cc = { nr, a, b, c, d, 0, 0 };

	return child_status(&cc);
}

#endif /* SPLICE_COMMON_H */
