/*
 * Waiting for files to become ready: poll, ppoll, select (_newselect and
 * the old one-argument form), pselect6, and the time64 forms of ppoll and
 * pselect6.
 *
 * A file says what it is ready for through its poll operation (NULL:
 * always ready, as Linux's regular files). A waiter scans its fds, and if
 * none is ready sleeps on one channel, poll_chan, with its deadline; every
 * place that changes a file's readiness (pipe reads, writes and closes,
 * console input) calls poll_wake(), and the waiter scans again. Timeouts
 * are rounded up to whole ticks, plus one for the tick already under way,
 * as nanosleep's. A signal that is not blocked ends the wait with -EINTR
 * (never restarted, as Linux's ERESTARTNOHAND); ppoll and pselect6 block
 * their sigmask while they wait and, on -EINTR, until the handler returns.
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)
#define NSEC_PER_USEC 1000
#define USEC_PER_SEC 1000000
#define MSEC_PER_SEC 1000
#define MAX_TIMEOUT_SEC (1ll << 40) /* longer is as good as forever */

/* select's sets: which poll bits count as ready for each */
#define POLLIN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET POLLPRI

#define NFDBITS 32
#define FDS_BYTES(n) ((((n) + NFDBITS - 1) / NFDBITS) * sizeof(uint32_t))

static char poll_chan;

/* Wake every poll and select waiter to scan its files again. */
void poll_wake(void)
{
	wakeup(&poll_chan);
}

struct pollfd {
	int32_t fd;
	int16_t events, revents;
};

/* A wait's time limit: none, or a length (sec, nsec) and the tick it
 * ends on (0 for a zero length: do not wait). */
struct timeout {
	bool forever;
	int64_t sec;
	uint32_t nsec;
	uint64_t until;
};

/* Set t to sec and nsec from now. Returns 0, or -EINVAL for a negative
 * time or nanoseconds outside 0..999999999 (Linux's timespec64_valid). */
static int timeout_set(struct timeout *t, int64_t sec, int64_t nsec)
{
	if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
		return -EINVAL;
	t->forever = false;
	t->sec = sec > MAX_TIMEOUT_SEC ? MAX_TIMEOUT_SEC : sec;
	t->nsec = (uint32_t)nsec;
	uint64_t ticks = (uint64_t)t->sec * HZ + (t->nsec + NSEC_PER_TICK - 1) / NSEC_PER_TICK;
	t->until = ticks ? jiffies + ticks + 1 : 0;
	return 0;
}

/* The time of t that is left now, never more than asked for. */
static void timeout_left(const struct timeout *t, int64_t *sec, uint32_t *nsec)
{
	uint64_t left = t->until > jiffies ? t->until - jiffies : 0;

	*sec = (int64_t)(left / HZ);
	*nsec = (uint32_t)(left % HZ) * NSEC_PER_TICK;
	if (*sec > t->sec || (*sec == t->sec && *nsec > t->nsec)) {
		*sec = t->sec;
		*nsec = t->nsec;
	}
}

/* True iff the wait t is over (a zero timeout is over at once). */
static bool timeout_over(const struct timeout *t)
{
	return !t->forever && (t->until == 0 || jiffies >= t->until);
}

/* Read a timespec (32- or 64-bit time_t, as the call has) into t.
 * Returns 0, -EFAULT or -EINVAL. A 64-bit timespec's nanoseconds are its
 * low 32 bits, as Linux's compat and i386 get_timespec64. */
static int timespec_in(const void __user *uts, bool time64, struct timeout *t)
{
	if (time64) {
		int64_t ts[2];
		if (copy_from_user(ts, (const void __user *)uts, sizeof(ts)))
			return -EFAULT;
		return timeout_set(t, ts[0], (int32_t)ts[1]);
	}
	int32_t ts[2];
	if (copy_from_user(ts, (const void __user *)uts, sizeof(ts)))
		return -EFAULT;
	return timeout_set(t, ts[0], ts[1]);
}

/* Write the time left of t back to the timespec at uts. As Linux, a
 * timespec that cannot be written is not an error: nothing is returned. */
static void timespec_out(void __user *uts, bool time64, const struct timeout *t)
{
	int64_t sec;
	uint32_t nsec;

	timeout_left(t, &sec, &nsec);
	if (time64) {
		int64_t ts[2] = { sec, nsec };
		(void)copy_to_user((void __user *)uts, ts, sizeof(ts));
	} else {
		int32_t ts[2] = { (int32_t)sec, (int32_t)nsec };
		(void)copy_to_user((void __user *)uts, ts, sizeof(ts));
	}
}

/* Block mask (from user usig, size bytes) for the wait, saving the old
 * one; NULL usig changes nothing. Returns 0, -EINVAL (size not 8) or
 * -EFAULT; *set says whether the mask was changed. */
static int sigmask_begin(const void __user *usig, long size, bool *set)
{
	uint64_t mask;

	*set = false;
	if (!usig)
		return 0;
	if (size != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, (const void __user *)usig, sizeof(mask)))
		return -EFAULT;
	current->sig_saved_mask = current->sig_blocked;
	current->sig_mask_saved = true;
	current->sig_blocked = mask & ~UNBLOCKABLE;
	*set = true;
	return 0;
}

/* End a wait begun with sigmask_begin: the old mask comes back now,
 * unless the wait was cut short by a signal (-EINTR), when it comes back
 * after that signal's handler has run (kernel/signal.c). */
static void sigmask_end(bool set, long ret)
{
	if (set && ret != -EINTR) {
		current->sig_blocked = current->sig_saved_mask;
		current->sig_mask_saved = false;
	}
}

/* What f is ready for now. */
static unsigned int file_poll(struct file *f)
{
	return f->fop && f->fop->poll ? f->fop->poll(f) : DEFAULT_POLLMASK;
}

/* Fill each revents, waiting until one is nonzero, t is over or a signal
 * comes. Returns how many are nonzero, or -EINTR. */
static long do_poll(struct pollfd *fds, uint32_t nfds, const struct timeout *t)
{
	for (;;) {
		long count = 0;
		for (uint32_t i = 0; i < nfds; i++) {
			fds[i].revents = 0;
			if (fds[i].fd < 0)
				continue; /* ignored, as Linux */
			struct file *f = fget(fds[i].fd);
			unsigned int mask = f ? file_poll(f) : POLLNVAL;
			mask &= (uint16_t)fds[i].events | POLLERR | POLLHUP | POLLNVAL;
			fds[i].revents = (int16_t)mask;
			if (mask)
				count++;
		}
		if (count)
			return count;
		if (signal_pending(current))
			return -EINTR;
		if (timeout_over(t))
			return 0;
		sleep_on_until(&poll_chan, t->forever ? 0 : t->until);
	}
}

/* poll's core: nfds > RLIMIT_NOFILE is -EINVAL, then the array is read
 * (-EFAULT), waited on, and each revents written back (-EFAULT). */
static long poll_fds(void __user *ufds, uint32_t nfds, const struct timeout *t)
{
	if (nfds > rlimit_cur(current, RLIMIT_NOFILE))
		return -EINVAL;
	struct pollfd *fds = NULL;
	size_t size = nfds * sizeof(*fds);
	if (nfds && !(fds = kmalloc(size)))
		return -ENOMEM;
	long ret = -EFAULT;
	if (copy_from_user(fds, (const void __user *)ufds, size))
		goto out;
	ret = do_poll(fds, nfds, t);
	if (ret < 0)
		goto out;
	struct pollfd __user *u = (struct pollfd __user *)ufds;
	for (uint32_t i = 0; i < nfds; i++)
		if (put_user(fds[i].revents, &u[i].revents)) {
			ret = -EFAULT;
			break;
		}
out:
	kfree(fds);
	return ret;
}

/* poll(fds, nfds, timeout): timeout in milliseconds, negative for none.
 * Returns the number of fds with events, 0 on timeout, or an error. */
long sys_poll(void __user *ufds, long nfds, long timeout_ms)
{
	struct timeout t = { .forever = true };

	if (timeout_ms >= 0)
		timeout_set(&t, timeout_ms / MSEC_PER_SEC,
			    (int64_t)(timeout_ms % MSEC_PER_SEC) * (NSEC_PER_SEC / MSEC_PER_SEC));
	return poll_fds(ufds, (uint32_t)nfds, &t);
}

/* ppoll with a 32- or 64-bit timespec (NULL: no limit), updated with the
 * time left; sigmask blocked while it waits. */
static long do_ppoll(void __user *ufds, long nfds, void __user *uts, const void __user *usig,
		     long size, bool time64)
{
	struct timeout t = { .forever = true };
	bool masked;
	int err;

	if (uts && (err = timespec_in(uts, time64, &t)))
		return err;
	if ((err = sigmask_begin(usig, size, &masked)))
		return err;
	long ret = poll_fds(ufds, (uint32_t)nfds, &t);
	sigmask_end(masked, ret);
	if (uts)
		timespec_out(uts, time64, &t);
	return ret;
}

/* ppoll(fds, nfds, tmo_p, sigmask, sigsetsize), 32-bit timespec. */
long sys_ppoll(void __user *ufds, long nfds, void __user *uts, const void __user *usig, long size)
{
	return do_ppoll(ufds, nfds, uts, usig, size, false);
}

/* ppoll_time64: the same with a 64-bit timespec. */
long sys_ppoll_time64(void __user *ufds, long nfds, void __user *uts, const void __user *usig,
		      long size)
{
	return do_ppoll(ufds, nfds, uts, usig, size, true);
}

#define SELECT_MAX 1024 /* FD_SETSIZE: select looks at no fd beyond */

/* Which fds the three sets name (of n), in kernel copies. */
struct fdsets {
	uint32_t in[SELECT_MAX / NFDBITS], out[SELECT_MAX / NFDBITS], ex[SELECT_MAX / NFDBITS];
	uint32_t rin[SELECT_MAX / NFDBITS], rout[SELECT_MAX / NFDBITS], rex[SELECT_MAX / NFDBITS];
};

/* True iff bit fd of set is set. */
static bool fd_isset(const uint32_t *set, int fd)
{
	return set[fd / NFDBITS] & (1u << (fd % NFDBITS));
}

/* Scan the sets into the result sets, waiting as do_poll. Returns the
 * number of bits set in the results, -EBADF if a set names an fd that is
 * not open, or -EINTR. */
static long do_select(struct fdsets *s, int n, const struct timeout *t)
{
	for (int fd = 0; fd < n; fd++)
		if ((fd_isset(s->in, fd) || fd_isset(s->out, fd) || fd_isset(s->ex, fd)) &&
		    !fget(fd))
			return -EBADF;
	for (;;) {
		long count = 0;
		memset(s->rin, 0, sizeof(s->rin));
		memset(s->rout, 0, sizeof(s->rout));
		memset(s->rex, 0, sizeof(s->rex));
		for (int fd = 0; fd < n; fd++) {
			bool i = fd_isset(s->in, fd), o = fd_isset(s->out, fd),
			     e = fd_isset(s->ex, fd);
			if (!i && !o && !e)
				continue;
			unsigned int mask = file_poll(fget(fd));
			uint32_t bit = 1u << (fd % NFDBITS);
			if (i && (mask & POLLIN_SET)) {
				s->rin[fd / NFDBITS] |= bit;
				count++;
			}
			if (o && (mask & POLLOUT_SET)) {
				s->rout[fd / NFDBITS] |= bit;
				count++;
			}
			if (e && (mask & POLLEX_SET)) {
				s->rex[fd / NFDBITS] |= bit;
				count++;
			}
		}
		if (count)
			return count;
		if (signal_pending(current))
			return -EINTR;
		if (timeout_over(t))
			return 0;
		sleep_on_until(&poll_chan, t->forever ? 0 : t->until);
	}
}

/* Copy one user fd set of n bits in (NULL: empty). Returns 0 or -EFAULT. */
static int fdset_in(uint32_t *set, const void __user *uset, int n)
{
	memset(set, 0, SELECT_MAX / 8);
	if (!uset)
		return 0;
	return copy_from_user(set, (const void __user *)uset, FDS_BYTES(n)) ? -EFAULT : 0;
}

/* Copy one result set of n bits out (unless NULL). Returns 0 or -EFAULT. */
static int fdset_out(void __user *uset, const uint32_t *set, int n)
{
	if (!uset)
		return 0;
	return copy_to_user((void __user *)uset, set, FDS_BYTES(n)) ? -EFAULT : 0;
}

/* select's core, as Linux's core_sys_select: n < 0 is -EINVAL, n is cut
 * to FD_SETSIZE (1024) and to the size of the fd table; sets are read (-EFAULT), waited on, and the
 * results written back (-EFAULT). */
static long select_fds(long n, void __user *uin, void __user *uout, void __user *uex,
		       const struct timeout *t)
{
	if (n < 0)
		return -EINVAL;
	if (n > SELECT_MAX)
		n = SELECT_MAX;
	if (n > current->max_fds) /* as Linux: bits past the fd table are not looked at */
		n = current->max_fds;
	struct fdsets *s = kmalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	long ret = -EFAULT;
	if (fdset_in(s->in, uin, n) || fdset_in(s->out, uout, n) || fdset_in(s->ex, uex, n))
		goto out;
	ret = do_select(s, n, t);
	if (ret < 0)
		goto out;
	if (fdset_out(uin, s->rin, n) || fdset_out(uout, s->rout, n) || fdset_out(uex, s->rex, n))
		ret = -EFAULT;
out:
	kfree(s);
	return ret;
}

/* _newselect(n, in, out, ex, timeval): the timeval (NULL: no limit) is
 * updated with the time left, as Linux does. */
long sys__newselect(long n, void __user *uin, void __user *uout, void __user *uex, void __user *utv)
{
	struct timeout t = { .forever = true };

	if (utv) {
		int32_t tv[2];
		if (copy_from_user(tv, (const void __user *)utv, sizeof(tv)))
			return -EFAULT;
		/* as Linux: microseconds past a second carry into the seconds */
		int err = timeout_set(&t, (int64_t)tv[0] + tv[1] / USEC_PER_SEC,
				      (int64_t)(tv[1] % USEC_PER_SEC) * NSEC_PER_USEC);
		if (err)
			return err;
	}
	long ret = select_fds(n, uin, uout, uex, &t);
	if (utv) {
		int64_t sec;
		uint32_t nsec;
		timeout_left(&t, &sec, &nsec);
		int32_t tv[2] = { (int32_t)sec, (int32_t)(nsec / NSEC_PER_USEC) };
		(void)copy_to_user((void __user *)utv, tv, sizeof(tv));
	}
	return ret;
}

/* select(args): the old i386 form, its five arguments in a block. */
long sys_select(const void __user *uargs)
{
	struct {
		int32_t n;
		void __user *in, *out, *ex, *tv;
	} a;

	if (copy_from_user(&a, uargs, sizeof(a)))
		return -EFAULT;
	return sys__newselect(a.n, a.in, a.out, a.ex, a.tv);
}

/* pselect6 with a 32- or 64-bit timespec: the sixth argument points at
 * {sigset pointer, its size}; the sigset is blocked while it waits. */
static long do_pselect6(long n, void __user *uin, void __user *uout, void __user *uex,
			void __user *uts, const void __user *usig, bool time64)
{
	struct timeout t = { .forever = true };
	struct {
		const void __user *sigset;
		uint32_t size;
	} pack = { NULL, 0 };
	bool masked;
	int err;

	if (usig && copy_from_user(&pack, usig, sizeof(pack)))
		return -EFAULT;
	if (uts && (err = timespec_in(uts, time64, &t)))
		return err;
	if ((err = sigmask_begin(pack.sigset, pack.size, &masked)))
		return err;
	long ret = select_fds(n, uin, uout, uex, &t);
	sigmask_end(masked, ret);
	if (uts)
		timespec_out(uts, time64, &t);
	return ret;
}

/* pselect6(n, in, out, ex, timespec, {sigmask, size}), 32-bit timespec. */
long sys_pselect6(long n, void __user *uin, void __user *uout, void __user *uex, void __user *uts,
		  const void __user *usig)
{
	return do_pselect6(n, uin, uout, uex, uts, usig, false);
}

/* pselect6_time64: the same with a 64-bit timespec. */
long sys_pselect6_time64(long n, void __user *uin, void __user *uout, void __user *uex,
			 void __user *uts, const void __user *usig)
{
	return do_pselect6(n, uin, uout, uex, uts, usig, true);
}
