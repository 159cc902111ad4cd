/*
 * Waiting for files to become ready: poll, ppoll, select (_newselect and
 * the old one-argument form), pselect6, and the time64 forms of ppoll and
 * pselect6.
 *
 * A file says what it is ready for through its poll operation (NULL:
 * always ready, as Linux's regular files). On its first scan of its fds
 * a waiter's poll table (struct poll_table) is handed to each file's poll
 * operation, which calls poll_wait on every wait queue whose wake may
 * change its readiness (a pipe's readers and writers, a terminal's input,
 * a timerfd's); that puts one entry per file and queue on the queue, and
 * takes a reference to the file, for the whole wait. If nothing is ready
 * the waiter sleeps with its deadline; a wake on any of its queues marks
 * the table triggered and wakes it, and it scans again (without adding
 * entries). When the wait ends every entry comes off its queue and every
 * file reference is dropped. A wake reaches only the pollers of the
 * queue woken, whatever the number of processes and other pollers. Timeouts
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

/* One registration: the poller's entry on wq, for file (held). */
struct poll_entry {
	struct wait_queue_entry wait;
	struct wait_queue_head *wq;
	struct file *file;
	struct poll_table *table;
};

#define POLL_INLINE 8	  /* entries kept in the table itself, on the stack */
#define POLL_CHUNK_LEN 30 /* entries per kmalloc'ed chunk beyond those */

/* More entries, kmalloc'ed as the first scan needs them. */
struct poll_chunk {
	struct poll_chunk *next;
	int used;
	struct poll_entry entries[POLL_CHUNK_LEN];
};

/* A poller's registrations and state, for one poll or select call. */
struct poll_table {
	bool registering; /* the first scan: poll_wait adds entries */
	bool triggered;	  /* a queue woke since the last scan began */
	int error;	  /* -ENOMEM when an entry could not be had */
	struct proc *proc;
	int used; /* of inline */
	struct poll_entry inline_entries[POLL_INLINE];
	struct poll_chunk *chunks; /* newest first */
};

/* A wake on one of the poller's queues: mark its table triggered and
 * wake it; the entry stays until the poll ends. Returns whether it
 * slept. */
static bool poll_wake_entry(struct wait_queue_entry *w)
{
	struct poll_entry *e = container_of(w, struct poll_entry, wait);

	e->table->triggered = true;
	return wake_up_process(e->table->proc);
}

/* An empty table for the current process, registering. */
static void poll_table_init(struct poll_table *pt)
{
	pt->registering = true;
	pt->triggered = false;
	pt->error = 0;
	pt->proc = current;
	pt->used = 0;
	pt->chunks = NULL;
}

/* A free entry of pt, or NULL when no memory is left. */
static struct poll_entry *poll_get_entry(struct poll_table *pt)
{
	if (pt->used < POLL_INLINE)
		return &pt->inline_entries[pt->used++];
	struct poll_chunk *c = pt->chunks;
	if (!c || c->used == POLL_CHUNK_LEN) {
		if (!(c = kmalloc(sizeof(*c))))
			return NULL;
		c->used = 0;
		c->next = pt->chunks;
		pt->chunks = c;
	}
	return &c->entries[c->used++];
}

/* Put the poller of pt on wq for file f (held until the poll ends), on
 * its first scan only; nothing with pt NULL. */
void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
	if (!pt || !pt->registering)
		return;
	struct poll_entry *e = poll_get_entry(pt);
	if (!e) {
		pt->error = -ENOMEM;
		return;
	}
	e->wait.link.next = e->wait.link.prev = NULL;
	e->wait.proc = pt->proc;
	e->wait.func = poll_wake_entry;
	e->wait.exclusive = false;
	e->wq = wq;
	e->file = f;
	e->table = pt;
	file_get(f);
	add_wait_queue(wq, &e->wait);
}

/* Take entry e off its queue and let go of its file. */
static void poll_drop_entry(struct poll_entry *e)
{
	remove_wait_queue(e->wq, &e->wait);
	file_put(e->file);
}

/* End a poll: every entry of pt off its queue, every file let go. */
static void poll_freewait(struct poll_table *pt)
{
	for (int i = 0; i < pt->used; i++)
		poll_drop_entry(&pt->inline_entries[i]);
	while (pt->chunks) {
		struct poll_chunk *c = pt->chunks;
		for (int i = 0; i < c->used; i++)
			poll_drop_entry(&c->entries[i]);
		pt->chunks = c->next;
		kfree(c);
	}
}

/* Sleep until a queue of pt wakes, the deadline until (0: none) or a
 * signal; at once if one woke already since the scan began. */
static void poll_schedule(struct poll_table *pt, uint64_t until)
{
	prepare_to_sleep(true);
	if (pt->triggered)
		current->state = P_RUNNING;
	schedule_until(until);
	finish_sleep();
	pt->triggered = false;
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

/* What f is ready for now, registering pt's waits on its first scan. */
static unsigned int file_poll(struct file *f, struct poll_table *pt)
{
	return f->fop && f->fop->poll ? f->fop->poll(f, pt) : DEFAULT_POLLMASK;
}

/* A poll's or select's scan of its files, registering pt's waits on the
 * first: returns how many are ready. */
typedef long (*poll_scan_fn)(void *arg, struct poll_table *pt);

/* Scan with scan(arg) until something is ready, t is over or a signal
 * comes, sleeping in between. Returns the count, 0 (timed out), -EINTR or
 * -ENOMEM (the waits could not be registered). */
static long poll_loop(poll_scan_fn scan, void *arg, const struct timeout *t)
{
	struct poll_table pt;
	long ret;

	poll_table_init(&pt);
	for (;;) {
		ret = scan(arg, &pt);
		pt.registering = false;
		if (ret || (ret = pt.error))
			break;
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (timeout_over(t))
			break;
		poll_schedule(&pt, t->forever ? 0 : t->until);
	}
	poll_freewait(&pt);
	return ret;
}

/* poll's files: the array and its length. */
struct poll_fds {
	struct pollfd *fds;
	uint32_t nfds;
};

/* One scan of poll's fds: fill each revents. Returns how many are
 * nonzero. */
static long poll_scan(void *arg, struct poll_table *pt)
{
	struct poll_fds *p = arg;
	long count = 0;

	for (uint32_t i = 0; i < p->nfds; i++) {
		struct pollfd *pfd = &p->fds[i];
		pfd->revents = 0;
		if (pfd->fd < 0)
			continue; /* ignored, as Linux */
		struct file *f = fget(pfd->fd);
		unsigned int mask = f ? file_poll(f, pt) : POLLNVAL;
		mask &= (uint16_t)pfd->events | POLLERR | POLLHUP | POLLNVAL;
		pfd->revents = (int16_t)mask;
		if (mask)
			count++;
	}
	return count;
}

/* Fill each revents, waiting until one is nonzero, t is over or a signal
 * comes. Returns how many are nonzero, 0, -EINTR or -ENOMEM. */
static long do_poll(struct pollfd *fds, uint32_t nfds, const struct timeout *t)
{
	struct poll_fds p = { fds, nfds };

	return poll_loop(poll_scan, &p, t);
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

/* select's files: the sets and how many fds they cover. */
struct select_fds {
	struct fdsets *s;
	int n;
};

/* One scan of select's sets into the result sets. Returns the number of
 * bits set in the results. */
static long select_scan(void *arg, struct poll_table *pt)
{
	struct fdsets *s = ((struct select_fds *)arg)->s;
	int n = ((struct select_fds *)arg)->n;
	long count = 0;

	memset(s->rin, 0, sizeof(s->rin));
	memset(s->rout, 0, sizeof(s->rout));
	memset(s->rex, 0, sizeof(s->rex));
	for (int fd = 0; fd < n; fd++) {
		bool i = fd_isset(s->in, fd), o = fd_isset(s->out, fd), e = fd_isset(s->ex, fd);
		if (!i && !o && !e)
			continue;
		unsigned int mask = file_poll(fget(fd), pt);
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
	return count;
}

/* Scan the sets into the result sets, waiting as do_poll. Returns the
 * number of bits set in the results, -EBADF if a set names an fd that is
 * not open, 0, -EINTR or -ENOMEM. */
static long do_select(struct fdsets *s, int n, const struct timeout *t)
{
	struct select_fds sf = { s, n };

	for (int fd = 0; fd < n; fd++)
		if ((fd_isset(s->in, fd) || fd_isset(s->out, fd) || fd_isset(s->ex, fd)) &&
		    !fget(fd))
			return -EBADF;
	return poll_loop(select_scan, &sf, t);
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
