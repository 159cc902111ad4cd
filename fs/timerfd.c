/*
 * timerfd: a timer read through a file descriptor, as Linux's
 * timerfd_create (322), timerfd_settime (325), timerfd_gettime (326) and
 * their time64 forms (411, 410).
 *
 * The file holds a clock timer (kernel/clock_timer.c) and a count of its
 * expirations not yet read. Each expiration (from the tick) adds to the
 * count and wakes readers and pollers; read(2) of at least 8 bytes waits
 * for a count above 0 (EAGAIN with O_NONBLOCK), returns it as a u64 and
 * starts it again at 0; poll shows POLLIN while it is above 0. Setting the
 * timer clears the count. The timer belongs to the file, so it is shared
 * by dup and fork and stops when the last descriptor closes.
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/clock_timer.h>
#include <kernel/time.h>
#include <kernel/posix_timers.h>
#include <kernel/syscalls.h>
#include <lib/iov_iter.h>
#include <asm/uaccess.h>

#define TFD_CLOEXEC O_CLOEXEC
#define TFD_NONBLOCK O_NONBLOCK
#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2
#define TFD_MODE 0600 /* an anonymous inode's mode: no file type, as Linux's */

struct timerfd {
	struct clock_timer ct;	     /* first: tfd_fire gets its address */
	uint64_t ticks;		     /* expirations not yet read */
	struct wait_queue_head wait; /* readers and pollers */
};

static const struct file_operations timerfd_ops;

/* The clock tick's callback: n more expirations; wake readers and polls. */
static void tfd_fire(struct clock_timer *ct, uint64_t n)
{
	struct timerfd *t = (struct timerfd *)ct;

	t->ticks += n;
	wake_up_all(&t->wait);
}

/* read(2): wait for an expiration (unless O_NONBLOCK: -EAGAIN) and
 * return the count as 8 bytes, -EINVAL for a buffer under 8 bytes,
 * -EINTR or -EFAULT (the count is gone then, as on Linux). */
static ssize_t tfd_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct timerfd *t = f->private;

	if (iov_iter_count(to) < sizeof(t->ticks))
		return -EINVAL;
	while (!t->ticks) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_sleep(&t->wait))
			return -EINTR;
	}
	uint64_t n = t->ticks;
	t->ticks = 0; /* as Linux: taken even if the copy then faults */
	if (copy_to_iter(&n, sizeof(n), to) < sizeof(n))
		return -EFAULT;
	return sizeof(n);
}

/* lseek: does nothing and returns 0, as Linux's noop_llseek here. */
static loff_t tfd_llseek(struct file *f, loff_t off, int whence)
{
	return 0;
}

/* POLLIN while expirations wait to be read. */
static unsigned int tfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd *t = f->private;

	poll_wait(f, &t->wait, pt);
	return t->ticks ? POLLIN | POLLRDNORM : 0;
}

/* The last descriptor is gone: stop the timer, free it. */
static void tfd_release(struct file *f)
{
	struct timerfd *t = f->private;

	clock_timer_disarm(&t->ct);
	kfree(t);
}

static const struct file_operations timerfd_ops = {
	.read_iter = tfd_read,
	.llseek = tfd_llseek,
	.poll = tfd_poll,
	.release = tfd_release,
};

/* timerfd_create(clockid, flags): a new timerfd's descriptor; -EINVAL for
 * another clock or flag, -EMFILE, -ENOMEM. The alarm clocks count as
 * their plain twins (there is no suspend to wake from). */
long sys_timerfd_create(long clockid, long flags)
{
	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	if (clockid == CLOCK_REALTIME_ALARM)
		clockid = CLOCK_REALTIME;
	else if (clockid == CLOCK_BOOTTIME_ALARM)
		clockid = CLOCK_BOOTTIME;
	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC && clockid != CLOCK_BOOTTIME)
		return -EINVAL;
	if (fd_count_free(1) < 1)
		return -EMFILE;
	struct timerfd *t = kmalloc(sizeof(*t));
	struct inode *ip = t ? inode_new(TFD_MODE) : NULL;
	if (!ip) {
		kfree(t);
		return -ENOMEM;
	}
	memset(t, 0, sizeof(*t));
	clock_timer_init(&t->ct, clockid);
	t->ct.fire = tfd_fire;
	ip->nlink = 1;
	struct file *f = file_alloc(ip, O_RDWR | (flags & TFD_NONBLOCK), &timerfd_ops);
	inode_put(ip);
	if (!f) {
		kfree(t);
		return -ENOMEM;
	}
	f->private = t;
	return fd_install(f, 0, (flags & TFD_CLOEXEC) ? FD_CLOEXEC : 0);
}

/* The timerfd behind fd, or NULL with *err -EBADF or -EINVAL (another file). */
static struct timerfd *tfd_get(long fd, long *err)
{
	struct file *f = fget(fd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->fop != &timerfd_ops) {
		*err = -EINVAL;
		return NULL;
	}
	return f->private;
}

/* The setting of t now: time left (0 once due) and period. */
static void tfd_setting(struct timerfd *t, struct itimer_ns *cur)
{
	clock_timer_get(&t->ct, &cur->value, &cur->interval);
}

/* timerfd_settime(fd, flags, new, old), ts64 choosing the itimerspec. As
 * Linux: -EFAULT reading new, -EINVAL for bad flags or times, -EBADF,
 * -EINVAL for a file that is no timerfd, -EFAULT writing old. */
static long timerfd_settime(long fd, long flags, const void __user *unew, void __user *uold,
			    bool ts64)
{
	struct itimer_ns new, old;
	long err = get_itimerspec(unew, ts64, &new);

	if (err == -EFAULT)
		return err;
	if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) || err)
		return -EINVAL;
	struct timerfd *t = tfd_get(fd, &err);
	if (!t)
		return err;
	tfd_setting(t, &old);
	t->ticks = 0;
	clock_timer_set(&t->ct, new.value, new.value ? new.interval : 0, flags & TFD_TIMER_ABSTIME);
	return uold ? put_itimerspec(uold, ts64, &old) : 0;
}

/* timerfd_settime (325): 32-bit time_t. Returns 0 or -errno. */
long sys_timerfd_settime(long fd, long flags, const void __user *unew, void __user *uold)
{
	return timerfd_settime(fd, flags, unew, uold, false);
}

/* timerfd_settime64 (411): 64-bit time_t. Returns 0 or -errno. */
long sys_timerfd_settime64(long fd, long flags, const void __user *unew, void __user *uold)
{
	return timerfd_settime(fd, flags, unew, uold, true);
}

/* timerfd_gettime(fd, cur), ts64 choosing the itimerspec: 0, -EBADF,
 * -EINVAL (no timerfd), -EFAULT. */
static long timerfd_gettime(long fd, void __user *ucur, bool ts64)
{
	long err;
	struct itimer_ns cur;
	struct timerfd *t = tfd_get(fd, &err);

	if (!t)
		return err;
	tfd_setting(t, &cur);
	return put_itimerspec(ucur, ts64, &cur);
}

/* timerfd_gettime (326): 32-bit time_t. Returns 0 or -errno. */
long sys_timerfd_gettime(long fd, void __user *ucur)
{
	return timerfd_gettime(fd, ucur, false);
}

/* timerfd_gettime64 (410): 64-bit time_t. Returns 0 or -errno. */
long sys_timerfd_gettime64(long fd, void __user *ucur)
{
	return timerfd_gettime(fd, ucur, true);
}
