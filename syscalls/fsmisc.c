/*
 * The smaller file calls beyond DESIGN's table that ordinary programs
 * still make: truncate64/ftruncate64, fsync/fdatasync, chmod/fchmod.
 * Same conventions as syscalls/names.c.
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

/* Set a regular ramfs file's size: 0, -EISDIR, -EINVAL, -EFBIG. */
static long do_truncate(struct inode *ip, loff_t len)
{
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!S_ISREG(ip->mode) || ip->fop != &ramfs_file_ops)
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	if (len > MAX_FILE_SIZE)
		return -EFBIG;
	return ramfs_truncate(ip, len);
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
	return do_truncate(f->inode, len);
}

/* truncate64 by path, the length in two registers: 0 or -errno. */
long sys_truncate64(long upath, long lo, long hi)
{
	int err;
	loff_t len = make_pos(lo, hi);
	struct inode *ip = namei_user((const char __user *)upath, &err);

	if (!ip)
		return err;
	err = do_truncate(ip, len);
	inode_put(ip);
	return err;
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

/* Set ip's permission bits from mode, keeping its type. Returns 0. */
static long set_mode(struct inode *ip, long mode)
{
	ip->mode = (ip->mode & S_IFMT) | (mode & 07777);
	return 0;
}

/* chmod by path: 0 or -errno. */
long sys_chmod(long upath, long mode)
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
