/*
 * Setting file times: utimensat (32- and 64-bit time_t), utimes,
 * futimesat and utime. A time is given exactly (tmpfs keeps nanoseconds),
 * as UTIME_NOW or as UTIME_OMIT; no times at all means "both now". The
 * ctime becomes now whenever anything is set. Setting both to now needs
 * write permission or ownership, any other time ownership (or
 * CAP_FOWNER). Checks in Linux's order: the times are
 * copied (-EFAULT) and, for the timeval calls, their microseconds checked
 * (-EINVAL); utimensat with both omitted succeeds at once; then the flags,
 * the lookup, and the nanoseconds (-EINVAL).
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/permission.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#define NSEC_MAX 999999999
#define USEC_MAX 999999
#define NSEC_PER_USEC 1000

/* A time to set: sec and nsec, or nsec UTIME_NOW / UTIME_OMIT. */
struct utime_req {
	int64_t sec;
	long nsec;
};

/* Is nsec a valid nanosecond count or one of the two markers? */
static bool nsec_valid(long nsec)
{
	return (nsec >= 0 && nsec <= NSEC_MAX) || nsec == UTIME_NOW || nsec == UTIME_OMIT;
}

/* Set one time from req (now for UTIME_NOW, nothing for UTIME_OMIT). */
static void set_one(struct ftime *t, const struct utime_req *req, struct ftime now)
{
	if (req->nsec == UTIME_OMIT)
		return;
	if (req->nsec == UTIME_NOW) {
		*t = now;
		return;
	}
	t->sec = req->sec;
	t->nsec = req->nsec;
}

/* Set ip's atime and mtime from t[0], t[1] (NULL: both now), its ctime
 * to now. Returns 0, -EINVAL for a bad nanosecond count, -EROFS, then as
 * Linux: both now needs the owner, CAP_FOWNER or write permission
 * (-EACCES); anything else the owner or CAP_FOWNER (-EPERM). */
static long set_times(struct inode *ip, const struct utime_req *t)
{
	struct ftime now = fs_now();
	static const struct utime_req both_now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };

	if (t && (!nsec_valid(t[0].nsec) || !nsec_valid(t[1].nsec)))
		return -EINVAL;
	if (may_write_fs(ip))
		return -EROFS;
	bool both_now_asked = !t || (t[0].nsec == UTIME_NOW && t[1].nsec == UTIME_NOW);
	if (!inode_owner_or_capable(ip)) {
		if (!both_now_asked)
			return -EPERM; /* an exact time (or one omitted): the owner's */
		int err = inode_permission(ip, MAY_WRITE);
		if (err)
			return err; /* "now" needs write permission */
	}
	if (!t)
		t = both_now;
	set_one(&ip->atime, &t[0], now);
	set_one(&ip->mtime, &t[1], now);
	ip->ctime = now;
	return 0;
}

/* The common tail: the file (upath from dirfd, or dirfd itself for a NULL
 * path) gets times t. Returns 0 or -errno. */
static long do_utimes(int dirfd, const char __user *upath, const struct utime_req *t, long flags)
{
	int err = 0;

	if (!upath && dirfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		struct file *f = fget(dirfd);
		if (!f || !f->inode)
			return -EBADF;
		return set_times(f->inode, t);
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	unsigned follow = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct inode *ip = user_lookup_at(dirfd, upath, follow, flags, &err);
	if (!ip)
		return err;
	err = set_times(ip, t);
	inode_put(ip);
	return err;
}

/* utimensat with its two timespecs already read (t NULL for none). */
static long utimensat_common(long dirfd, const char __user *upath, struct utime_req *t, long flags)
{
	if (t && t[0].nsec == UTIME_OMIT && t[1].nsec == UTIME_OMIT)
		return 0; /* as Linux: nothing to do, not even the lookup */
	return do_utimes(dirfd, upath, t, flags);
}

/* utimensat(2) with 32-bit struct timespec. */
long sys_utimensat(long dirfd, const char __user *upath, const void __user *utimes, long flags)
{
	int32_t ts[4];
	struct utime_req t[2];

	if (utimes) {
		if (copy_from_user(ts, (const void __user *)utimes, sizeof(ts)))
			return -EFAULT;
		t[0] = (struct utime_req){ ts[0], ts[1] };
		t[1] = (struct utime_req){ ts[2], ts[3] };
	}
	return utimensat_common(dirfd, upath, utimes ? t : NULL, flags);
}

/* utimensat_time64(2): struct timespec with a 64-bit tv_sec (and a
 * 64-bit slot whose low half is tv_nsec, as Linux reads it). */
long sys_utimensat_time64(long dirfd, const char __user *upath, const void __user *utimes,
			  long flags)
{
	int64_t ts[4];
	struct utime_req t[2];

	if (utimes) {
		if (copy_from_user(ts, (const void __user *)utimes, sizeof(ts)))
			return -EFAULT;
		t[0] = (struct utime_req){ ts[0], (long)(int32_t)ts[1] };
		t[1] = (struct utime_req){ ts[2], (long)(int32_t)ts[3] };
	}
	return utimensat_common(dirfd, upath, utimes ? t : NULL, flags);
}

/* futimesat(2): two struct timevals (32-bit); microseconds out of range
 * are -EINVAL before the lookup. */
long sys_futimesat(long dirfd, const char __user *upath, const void __user *utimes)
{
	int32_t tv[4];
	struct utime_req t[2];

	if (utimes) {
		if (copy_from_user(tv, (const void __user *)utimes, sizeof(tv)))
			return -EFAULT;
		if (tv[1] < 0 || tv[1] > USEC_MAX || tv[3] < 0 || tv[3] > USEC_MAX)
			return -EINVAL;
		t[0] = (struct utime_req){ tv[0], tv[1] * NSEC_PER_USEC };
		t[1] = (struct utime_req){ tv[2], tv[3] * NSEC_PER_USEC };
	}
	return do_utimes(dirfd, upath, utimes ? t : NULL, 0);
}

/* utimes(2): futimesat from the cwd. */
long sys_utimes(const char __user *upath, const void __user *utimes)
{
	return sys_futimesat(AT_FDCWD, upath, utimes);
}

/* utime(2): struct utimbuf {actime, modtime} in whole seconds. */
long sys_utime(const char __user *upath, const void __user *ubuf)
{
	int32_t b[2];
	struct utime_req t[2];

	if (ubuf) {
		if (copy_from_user(b, (const void __user *)ubuf, sizeof(b)))
			return -EFAULT;
		t[0] = (struct utime_req){ b[0], 0 };
		t[1] = (struct utime_req){ b[1], 0 };
	}
	return do_utimes(AT_FDCWD, upath, ubuf ? t : NULL, 0);
}
