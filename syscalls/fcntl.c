/*
 * fcntl (55) and fcntl64 (221), which are one call, as on a current
 * x86-64 Linux running i386 programs, and flock (143).
 *
 * The record-lock commands read the two i386 layouts of struct flock:
 * F_GETLK/F_SETLK/F_SETLKW the 16-byte one with 32-bit l_start and l_len,
 * F_GETLK64/F_SETLK64/F_SETLKW64 and the OFD commands the packed 24-byte
 * struct flock64. Both become a struct file_lock (fs/locks.c) with
 * Linux's checks in Linux's order: l_whence (EINVAL), the start and end
 * (EOVERFLOW past OFFSET_MAX, EINVAL before 0), l_type (EINVAL), then for
 * a set the file's mode (EBADF), and for OFD commands l_pid 0 (EINVAL).
 * F_GETLK through the 32-bit layout gives EOVERFLOW for a conflicting
 * lock that starts past 2 GiB - 1 and cuts a longer length to INT32_MAX,
 * as Linux's compat code.
 *
 * Each command is one case of do_fcntl: a new one is a case there.
 */
#include <kernel/fs.h>
#include <kernel/locks.h>
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/pipe.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_SETOWN 8
#define F_GETOWN 9
#define F_SETSIG 10
#define F_GETSIG 11
#define F_GETLK64 12
#define F_SETLK64 13
#define F_SETLKW64 14
#define F_SETOWN_EX 15
#define F_GETOWN_EX 16
#define F_GETOWNER_UIDS 17
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_SETLEASE 1024
#define F_GETLEASE 1025
#define F_NOTIFY 1026
#define F_DUPFD_CLOEXEC 1030
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034

#define F_OWNER_TID 0
#define F_OWNER_PID 1
#define F_OWNER_PGRP 2
#define DN_MULTISHOT 0x80000000u /* F_NOTIFY: keep the watch */
#define MAX_SIGNUM 64		 /* F_SETSIG takes 0 (SIGIO) to 64 */

#define O_ASYNC 020000
#define O_DIRECT 040000
#define O_NOATIME 01000000
/* What F_SETFL changes, as Linux. O_ASYNC is not among them: it is set
 * only by a file that can send SIGIO, and none here can. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME)

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#define LOCK_MAND 32 /* ignored, as Linux since 5.17 */

/* struct flock on i386: 32-bit offsets */
struct flock32 {
	int16_t l_type, l_whence;
	int32_t l_start, l_len;
	int32_t l_pid;
};

/* struct flock64 on i386: packed, 24 bytes */
struct flock64 {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;
	int32_t l_pid;
} __attribute__((packed));

/* Either layout, widened. */
struct kflock {
	int type, whence;
	loff_t start, len;
	pid_t pid;
};

/* Does cmd take struct flock64 rather than the 32-bit struct flock? */
static bool flock64_cmd(long cmd)
{
	return cmd == F_GETLK64 || cmd == F_SETLK64 || cmd == F_SETLKW64 || cmd == F_OFD_GETLK ||
	       cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

/* Read the user's struct flock (layout by cmd) into *k. 0 or -EFAULT. */
static int get_flock(long cmd, const void __user *uarg, struct kflock *k)
{
	if (flock64_cmd(cmd)) {
		struct flock64 l;
		if (copy_from_user(&l, (const void __user *)uarg, sizeof(l)))
			return -EFAULT;
		*k = (struct kflock){ l.l_type, l.l_whence, l.l_start, l.l_len, l.l_pid };
	} else {
		struct flock32 l;
		if (copy_from_user(&l, (const void __user *)uarg, sizeof(l)))
			return -EFAULT;
		*k = (struct kflock){ l.l_type, l.l_whence, l.l_start, l.l_len, l.l_pid };
	}
	return 0;
}

/* Write *k back in cmd's layout. 0 or -EFAULT. */
static int put_flock(long cmd, void __user *uarg, const struct kflock *k)
{
	if (flock64_cmd(cmd)) {
		struct flock64 l = { (int16_t)k->type, (int16_t)k->whence, k->start, k->len,
				     k->pid };
		return copy_to_user((void __user *)uarg, &l, sizeof(l)) ? -EFAULT : 0;
	}
	struct flock32 l = { (int16_t)k->type, (int16_t)k->whence, (int32_t)k->start,
			     (int32_t)k->len, k->pid };
	return copy_to_user((void __user *)uarg, &l, sizeof(l)) ? -EFAULT : 0;
}

/* Turn k into a lock request on f as Linux's flock64_to_posix_lock: the
 * owner is the file for OFD commands, else the caller. Returns 0,
 * -EINVAL or -EOVERFLOW. */
static int to_lock(struct file *f, long cmd, const struct kflock *k, struct file_lock *req)
{
	loff_t base;

	switch (k->whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = f->inode->size;
		break;
	default:
		return -EINVAL;
	}
	if (k->start > OFFSET_MAX - base)
		return -EOVERFLOW;
	req->start = base + k->start;
	if (req->start < 0)
		return -EINVAL;
	if (k->len > 0) {
		if (k->len - 1 > OFFSET_MAX - req->start)
			return -EOVERFLOW;
		req->end = req->start + (k->len - 1);
	} else if (k->len < 0) {
		if (req->start + k->len < 0)
			return -EINVAL;
		req->end = req->start - 1;
		req->start += k->len;
	} else {
		req->end = OFFSET_MAX;
	}
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	req->kind = ofd ? LOCK_OFD : LOCK_POSIX;
	req->owner = ofd ? (const void *)f : (const void *)current;
	req->pid = ofd ? -1 : current->pid;
	req->next = NULL;
	if (k->type != F_RDLCK && k->type != F_WRLCK && k->type != F_UNLCK)
		return -EINVAL;
	req->type = k->type;
	return 0;
}

/* F_GETLK, F_GETLK64, F_OFD_GETLK: report the first conflicting lock in
 * the user's struct, or l_type F_UNLCK. Returns 0 or -errno. */
static long fcntl_getlk(struct file *f, long cmd, void __user *uarg)
{
	struct kflock k;
	struct file_lock req;
	int err = get_flock(cmd, uarg, &k);

	if (err)
		return err;
	if (k.type != F_RDLCK && k.type != F_WRLCK)
		return -EINVAL;
	if ((err = to_lock(f, cmd, &k, &req)))
		return err;
	if (cmd == F_OFD_GETLK && k.pid != 0)
		return -EINVAL;
	posix_test(f, &req);
	k.type = req.type;
	if (req.type != F_UNLCK) {
		k.whence = SEEK_SET;
		k.start = req.start;
		k.len = req.end == OFFSET_MAX ? 0 : req.end - req.start + 1;
		k.pid = req.pid;
		if (cmd == F_GETLK && k.start > INT32_MAX)
			return -EOVERFLOW;
		if (cmd == F_GETLK && k.len > INT32_MAX)
			k.len = INT32_MAX;
	}
	return put_flock(cmd, uarg, &k);
}

/* F_SETLK(W), F_SETLK(W)64, F_OFD_SETLK(W): set or remove a lock, waiting
 * for the W forms. Returns 0 or -errno (see posix_lock). */
static long fcntl_setlk(struct file *f, long cmd, const void __user *uarg)
{
	struct kflock k;
	struct file_lock req;
	int err = get_flock(cmd, uarg, &k);

	if (err)
		return err;
	if ((err = to_lock(f, cmd, &k, &req)))
		return err;
	if ((req.type == F_RDLCK && !file_readable(f)) ||
	    (req.type == F_WRLCK && !file_writable(f)))
		return -EBADF;
	if ((cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW) && k.pid != 0)
		return -EINVAL;
	bool wait = cmd == F_SETLKW || cmd == F_SETLKW64 || cmd == F_OFD_SETLKW;
	return posix_lock(f, &req, wait);
}

/* Does a process or (pgrp) a process group called who exist? */
static bool owner_exists(pid_t who, bool pgrp)
{
	return proc_find(who) || (pgrp && pgrp_exists(who));
}

/* F_SETOWN: who > 0 a process, < 0 the group -who, 0 nobody. Returns 0,
 * -EINVAL (INT_MIN) or -ESRCH. */
static long fcntl_setown(struct file *f, long arg)
{
	int32_t who = (int32_t)arg;
	int type = F_OWNER_PID;

	if (who < 0) {
		if (who == INT32_MIN)
			return -EINVAL;
		type = F_OWNER_PGRP;
		who = -who;
	}
	if (who && !owner_exists(who, type == F_OWNER_PGRP))
		return -ESRCH;
	f->fown.type = type;
	f->fown.pid = who;
	return 0;
}

/* F_SETOWN_EX: {type, pid} from uarg. Returns 0, -EFAULT, -EINVAL (type)
 * or -ESRCH. */
static long fcntl_setown_ex(struct file *f, const void __user *uarg)
{
	int32_t o[2];

	if (copy_from_user(o, (const void __user *)uarg, sizeof(o)))
		return -EFAULT;
	if (o[0] != F_OWNER_TID && o[0] != F_OWNER_PID && o[0] != F_OWNER_PGRP)
		return -EINVAL;
	if (o[1] && !owner_exists(o[1], o[0] == F_OWNER_PGRP))
		return -ESRCH;
	f->fown.type = o[0];
	f->fown.pid = o[1];
	return 0;
}

/* F_GETOWN_EX: store {type, pid}. Returns 0 or -EFAULT. */
static long fcntl_getown_ex(struct file *f, void __user *uarg)
{
	int32_t o[2] = { f->fown.type, f->fown.pid };

	return copy_to_user((void __user *)uarg, o, sizeof(o)) ? -EFAULT : 0;
}

/* F_SETFL: change the SETFL_MASK bits. O_DIRECT needs a file that can
 * do direct I/O (a ramfs file, as tmpfs) or a pipe (packet mode); on
 * anything else it is -EINVAL, as Linux. Returns 0 or -EINVAL. */
static long fcntl_setfl(struct file *f, long arg)
{
	if ((arg & O_DIRECT) && !S_ISFIFO(f->inode->mode) && f->inode->fop != &ramfs_file_ops)
		return -EINVAL;
	f->flags = (arg & SETFL_MASK) | (f->flags & ~SETFL_MASK);
	return 0;
}

/* F_DUPFD, F_DUPFD_CLOEXEC: the lowest free fd >= arg. Returns it, or
 * -EINVAL (arg < 0 or beyond RLIMIT_NOFILE), -EMFILE. */
static long fcntl_dupfd(struct file *f, long arg, uint32_t fd_flags)
{
	if (arg < 0 || (uint64_t)arg >= rlimit_cur(current, RLIMIT_NOFILE))
		return -EINVAL;
	int nfd = fd_install(f, arg, fd_flags);
	if (nfd >= 0)
		file_get(f);
	return nfd;
}

/* F_NOTIFY: accepted on a directory (no event is ever sent); a mask with
 * nothing to watch is accepted anywhere, as Linux. 0 or -ENOTDIR. */
static long fcntl_notify(struct file *f, long arg)
{
	if (((uint32_t)arg & ~DN_MULTISHOT) == 0)
		return 0;
	return S_ISDIR(f->inode->mode) ? 0 : -ENOTDIR;
}

/* The commands an O_PATH file answers; the rest are -EBADF on it. */
static bool path_cmd(long cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
	       cmd == F_GETFL;
}

/* One fcntl command on fd (open as f). Returns its result or -errno;
 * an unknown command is -EINVAL. */
static long do_fcntl(int fd, struct file *f, long cmd, unsigned long arg)
{
	uint32_t zero[2] = { 0, 0 };

	switch (cmd) {
	case F_DUPFD:
		return fcntl_dupfd(f, arg, 0);
	case F_DUPFD_CLOEXEC:
		return fcntl_dupfd(f, arg, FD_CLOEXEC);
	case F_GETFD:
		return current->fd_flags[fd];
	case F_SETFD:
		current->fd_flags[fd] = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		return fcntl_setfl(f, arg);
	case F_GETLK:
	case F_GETLK64:
	case F_OFD_GETLK:
		return fcntl_getlk(f, cmd, (void __user *)arg);
	case F_SETLK:
	case F_SETLKW:
	case F_SETLK64:
	case F_SETLKW64:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fcntl_setlk(f, cmd, (void __user *)arg);
	case F_SETOWN:
		return fcntl_setown(f, arg);
	case F_GETOWN:
		return f->fown.type == F_OWNER_PGRP ? -f->fown.pid : f->fown.pid;
	case F_SETOWN_EX:
		return fcntl_setown_ex(f, (void __user *)arg);
	case F_GETOWN_EX:
		return fcntl_getown_ex(f, (void __user *)arg);
	case F_GETOWNER_UIDS: /* the owner's uid and euid: root's */
		return copy_to_user((void __user *)arg, zero, sizeof(zero)) ? -EFAULT : 0;
	case F_SETSIG:
		if ((unsigned long)arg > MAX_SIGNUM)
			return -EINVAL;
		f->fown.signum = (int)arg;
		return 0;
	case F_GETSIG:
		return f->fown.signum;
	case F_SETLEASE:
		return lease_set(f, arg);
	case F_GETLEASE:
		return lease_get(f);
	case F_NOTIFY:
		return fcntl_notify(f, arg);
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return pipe_fcntl(f, cmd, arg);
	case F_ADD_SEALS: /* only a memfd has seals */
	case F_GET_SEALS:
		return -EINVAL;
	}
	return -EINVAL;
}

/* fcntl64(fd, cmd, arg): -EBADF for a bad fd (or an O_PATH fd and a
 * command it cannot take), else do_fcntl's result. */
long sys_fcntl64(long fd, long cmd, unsigned long arg)
{
	struct file *f = fget_raw(fd);

	if (!f || ((f->flags & O_PATH) && !path_cmd(cmd)))
		return -EBADF;
	return do_fcntl(fd, f, cmd, arg);
}

/* fcntl(fd, cmd, arg): the same call as fcntl64, as on current Linux. */
long sys_fcntl(long fd, long cmd, unsigned long arg)
{
	return sys_fcntl64(fd, cmd, arg);
}

/* flock(fd, op): LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB not to wait.
 * Returns 0, -EBADF (no fd, or a lock on a file open for neither reading
 * nor writing), -EINVAL, -EWOULDBLOCK, -EINTR. LOCK_MAND is ignored. */
long sys_flock(long fd, long op)
{
	struct file *f = fget(fd);
	bool wait = !(op & LOCK_NB);

	if (!f)
		return -EBADF;
	op &= ~LOCK_NB;
	if (op != LOCK_UN && ((f->flags & O_PATH) || (!file_readable(f) && !file_writable(f))))
		return -EBADF;
	if (op & LOCK_MAND)
		return 0;
	int type = op == LOCK_SH ? F_RDLCK : op == LOCK_EX ? F_WRLCK : op == LOCK_UN ? F_UNLCK : -1;
	if (type < 0)
		return -EINVAL;
	return flock_lock(f, type, wait);
}
