/*
 * The smaller file calls beyond DESIGN's table that ordinary programs
 * still make: truncate/ftruncate and truncate64/ftruncate64, fsync/fdatasync, chmod/fchmod/
 * fchmodat, and the chown family, with Linux's permission rules
 * (fs/permission.c).
 * Same conventions as syscalls/names.c.
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/permission.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

/* Set a regular ramfs file's size: 0, -EISDIR, -EINVAL, -EROFS, -EACCES
 * (by path, without write permission), -ETXTBSY (a program some process
 * runs), -EFBIG. mtime and ctime become now when the size changes, or
 * always (ftruncate), as Linux's tmpfs; the set-ID bits go as after a
 * write (file_remove_privs). */
static long do_truncate(struct inode *ip, loff_t len, bool always, bool by_path)
{
	int err;

	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!S_ISREG(ip->mode) || ip->fop != &ramfs_file_ops)
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	if (may_write_fs(ip))
		return -EROFS;
	if (by_path && (err = inode_permission(ip, MAY_WRITE)))
		return err;
	if (ip->i_writecount < 0) /* Linux's get_write_access */
		return -ETXTBSY;
	if (len > ip->size && rlimit_fsize_grow(len))
		return -EFBIG;
	if (len > MAX_FILE_SIZE)
		return -EFBIG;
	file_remove_privs(ip);
	loff_t old = ip->size;
	err = ramfs_truncate(ip, len);
	if (!err && (always || len != old))
		touch_mtime(ip);
	return err;
}

/* ftruncate64 with the length in two registers: 0 or -errno. */
long sys_ftruncate64(long fd, long lo, long hi)
{
	struct file *f = fget(fd);
	loff_t len = make_pos(lo, hi);

	if (len < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (!f->inode || !file_writable(f))
		return -EINVAL;
	return do_truncate(f->inode, len, true, false);
}

/* ftruncate(2) with a 32-bit length (negative: -EINVAL). */
long sys_ftruncate(long fd, long len)
{
	return sys_ftruncate64(fd, len, len < 0 ? -1 : 0);
}

/* truncate64 by path, the length in two registers: 0 or -errno. */
long sys_truncate64(const char __user *upath, long lo, long hi)
{
	int err;
	loff_t len = make_pos(lo, hi);
	struct inode *ip = namei_user((const char __user *)upath, &err);

	if (!ip)
		return err;
	err = do_truncate(ip, len, false, true);
	inode_put(ip);
	return err;
}

/* truncate(2) with a 32-bit length (negative: -EINVAL). */
long sys_truncate(const char __user *upath, long len)
{
	return sys_truncate64(upath, len, len < 0 ? -1 : 0);
}

/* Everything is in memory: there is nothing to write back. Like Linux,
 * only files and directories can be synced (-EINVAL for pipes, devices). */
long sys_fsync(long fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (!f->inode || !(S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode)))
		return -EINVAL;
	return 0;
}

/* Set ip's permission bits from mode, keeping its type: only its owner
 * or CAP_FOWNER may, and S_ISGID goes unless the caller is in the file's
 * group (or has CAP_FSETID), as Linux. Returns 0, -EROFS or -EPERM. */
static long set_mode(struct inode *ip, long mode)
{
	if (may_write_fs(ip))
		return -EROFS;
	if (!inode_owner_or_capable(ip))
		return -EPERM;
	ip->mode = (ip->mode & S_IFMT) | chmod_mode(ip, mode & 07777, ip->gid);
	touch_ctime(ip);
	return 0;
}

/* chmod by path: 0 or -errno. */
long sys_chmod(const char __user *upath, long mode)
{
	int err;
	struct inode *ip = namei_user((const char __user *)upath, &err);

	if (!ip)
		return err;
	err = set_mode(ip, mode);
	inode_put(ip);
	return err;
}

/* chmod of fd's inode: 0 or -EBADF. */
long sys_fchmod(long fd, long mode)
{
	struct file *f = fget(fd);

	if (!f || !f->inode)
		return -EBADF;
	return set_mode(f->inode, mode);
}

/* As fsync: there is nothing to write back. */
long sys_fdatasync(long fd)
{
	return sys_fsync(fd);
}

/* fchmodat(2): chmod of upath from dirfd, following links (the system
 * call has no flags). */
long sys_fchmodat(long dirfd, const char __user *upath, long mode)
{
	int err = 0;
	struct inode *ip = user_lookup_at(dirfd, upath, LOOKUP_FOLLOW, 0, &err);

	if (!ip)
		return err;
	err = set_mode(ip, mode);
	inode_put(ip);
	return err;
}

/* fchmodat2(2): fchmodat with flags, AT_SYMLINK_NOFOLLOW (a link's own
 * mode cannot be set: -EOPNOTSUPP, after -EROFS, as Linux) and
 * AT_EMPTY_PATH. Returns 0, -EINVAL for other flags, or -errno. */
long sys_fchmodat2(long dirfd, const char __user *upath, long mode, long flags)
{
	int err = 0;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	unsigned follow = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct inode *ip = user_lookup_at(dirfd, upath, follow, flags, &err);
	if (!ip)
		return err;
	if (S_ISLNK(ip->mode))
		err = may_write_fs(ip) ? -EROFS : -EOPNOTSUPP;
	else
		err = set_mode(ip, mode);
	inode_put(ip);
	return err;
}

#define NO_ID ((uint32_t)-1) /* chown: leave this id as it is */
#define NO_ID16 0xffff	     /* the same, in the 16-bit calls */
/*
 * Set ip's owner and group (NO_ID keeps one), with Linux's rules: a new
 * owner needs CAP_CHOWN (the owner may "change" it to itself); a new
 * group needs CAP_CHOWN, or the caller owns the file and is in that group
 * (or it is the file's own). A file that is not a directory loses its
 * set-user-ID bit, and its set-group-ID bit when group-executable or the
 * caller is neither in its group nor has CAP_FSETID; changing the mode
 * that way is for the owner or CAP_FOWNER. Returns 0, -EROFS or -EPERM.
 */
static long set_owner(struct inode *ip, uint32_t uid, uint32_t gid)
{
	bool owner = current->cred.fsuid == ip->uid;

	if (may_write_fs(ip))
		return -EROFS;
	if (uid != NO_ID && !(owner && uid == ip->uid) && !capable(CAP_CHOWN))
		return -EPERM;
	if (gid != NO_ID && !(owner && (gid == ip->gid || in_group_p(gid))) && !capable(CAP_CHOWN))
		return -EPERM;
	uint32_t mode = ip->mode;
	if (!S_ISDIR(mode)) {
		mode &= ~S_ISUID;
		if ((mode & S_ISGID) &&
		    ((mode & S_IXGRP) || !(in_group_p(ip->gid) || capable(CAP_FSETID))))
			mode &= ~S_ISGID;
	}
	if (mode != ip->mode && !inode_owner_or_capable(ip))
		return -EPERM;
	if (uid != NO_ID)
		ip->uid = uid;
	if (gid != NO_ID)
		ip->gid = gid;
	ip->mode = mode;
	touch_ctime(ip);
	return 0;
}

/* chown of upath from dirfd: flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
static long do_chown(int dirfd, const char __user *upath, uint32_t uid, uint32_t gid, long flags)
{
	int err = 0;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	unsigned follow = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct inode *ip = user_lookup_at(dirfd, upath, follow, flags, &err);
	if (!ip)
		return err;
	err = set_owner(ip, uid, gid);
	inode_put(ip);
	return err;
}

/* chown of fd's inode: 0 or -EBADF. */
static long do_fchown(long fd, uint32_t uid, uint32_t gid)
{
	struct file *f = fget(fd);

	if (!f || !f->inode)
		return -EBADF;
	return set_owner(f->inode, uid, gid);
}

/* A 16-bit id from the old calls, with 0xffff meaning "keep". */
static uint32_t id16(long id)
{
	return (uint16_t)id == NO_ID16 ? NO_ID : (uint16_t)id;
}

/* chown32(2): follows links. */
long sys_chown32(const char __user *upath, long uid, long gid)
{
	return do_chown(AT_FDCWD, upath, uid, gid, 0);
}

/* lchown32(2): a link itself. */
long sys_lchown32(const char __user *upath, long uid, long gid)
{
	return do_chown(AT_FDCWD, upath, uid, gid, AT_SYMLINK_NOFOLLOW);
}

/* fchown32(2). */
long sys_fchown32(long fd, long uid, long gid)
{
	return do_fchown(fd, uid, gid);
}

/* fchownat(2). */
long sys_fchownat(long dirfd, const char __user *upath, long uid, long gid, long flags)
{
	return do_chown(dirfd, upath, uid, gid, flags);
}

/* chown(2) with 16-bit ids. */
long sys_chown(const char __user *upath, long uid, long gid)
{
	return do_chown(AT_FDCWD, upath, id16(uid), id16(gid), 0);
}

/* lchown(2) with 16-bit ids. */
long sys_lchown(const char __user *upath, long uid, long gid)
{
	return do_chown(AT_FDCWD, upath, id16(uid), id16(gid), AT_SYMLINK_NOFOLLOW);
}

/* fchown(2) with 16-bit ids. */
long sys_fchown(long fd, long uid, long gid)
{
	return do_fchown(fd, id16(uid), id16(gid));
}
