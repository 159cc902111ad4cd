/*
 * struct file: one open of an inode, shared by every fd that dup() or
 * fork() made from it (refcount), with its offset and O_* flags.
 */
#include <kernel/fs.h>
#include <kernel/mount.h>
#include <kernel/locks.h>
#include <kernel/mm.h>
#include <kernel/time.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define NSEC_PER_SEC 1000000000u
#define RELATIME_SECS (24 * 60 * 60) /* relatime refreshes an atime this old */

/* The wall clock now (syscalls/time.c: it may have been set). */
struct ftime fs_now(void)
{
	struct ftime t;

	realtime_now(&t.sec, &t.nsec);
	return t;
}

/* Is a earlier than or the same as b? */
static bool ftime_le(struct ftime a, struct ftime b)
{
	return a.sec < b.sec || (a.sec == b.sec && a.nsec <= b.nsec);
}

/* Update ip's atime on a read, relatime's way. */
void touch_atime(struct inode *ip)
{
	struct ftime now = fs_now();

	if (fs_noatime(ip))
		return;
	if (ftime_le(ip->atime, ip->mtime) || ftime_le(ip->atime, ip->ctime) ||
	    now.sec - ip->atime.sec >= RELATIME_SECS)
		ip->atime = now;
}

/* ip's data changed: mtime and ctime are now. */
void touch_mtime(struct inode *ip)
{
	ip->mtime = ip->ctime = fs_now();
}

/* ip's inode changed: ctime is now. */
void touch_ctime(struct inode *ip)
{
	ip->ctime = fs_now();
}

/* An O_PATH file has no operations: the calls that would use them get
 * -EBADF from fget, which does not return such a file. */
const struct file_operations path_ops = { 0 };

/* A new open file of ip (taking a reference to it) with flags and fop,
 * refcount 1; NULL without memory. */
struct file *file_alloc(struct inode *ip, uint32_t flags, const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refcount = 1;
	f->flags = flags;
	f->inode = ip;
	f->fop = fop;
	if (ip)
		inode_get(ip);
	return f;
}

/* Take a reference to f (dup, fork). */
void file_get(struct file *f)
{
	f->refcount++;
}

/* Drop a reference; the last one runs release and drops the inode. */
void file_put(struct file *f)
{
	BUG_ON(f->refcount <= 0);
	if (--f->refcount > 0)
		return;
	locks_remove_file(f);
	if (f->write_access)
		put_write_access(f->inode);
	if (f->fop && f->fop->release)
		f->fop->release(f);
	if (f->inode)
		inode_put(f->inode);
	kfree(f);
}

/* Read n bytes at pos into the kernel buffer buf. Returns bytes or -errno. */
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t pos)
{
	struct kvec kv = { buf, n };
	struct iov_iter it;

	if (!f->fop->read_iter)
		return -EINVAL;
	iov_iter_kvec(&it, READ, &kv, 1, n);
	return f->fop->read_iter(f, &it, &pos);
}

/* Write n bytes of buf at *pos, advancing it. Returns bytes or -errno. */
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	struct kvec kv = { (void *)buf, n };
	struct iov_iter it;

	if (!f->fop->write_iter)
		return -EINVAL;
	iov_iter_kvec(&it, WRITE, &kv, 1, n);
	return f->fop->write_iter(f, &it, pos);
}

/* FIONREAD's answer, the same for every kind of file: avail as an int at
 * uarg (0 when negative, the low 32 bits as Linux's put_user of the
 * difference). Returns 0 or -EFAULT. */
long ioctl_fionread(unsigned long uarg, loff_t avail)
{
	return put_user(avail > 0 ? (int)avail : 0, (int __user *)uarg);
}

/* lseek to off from whence, as Linux's generic_file_llseek_size: a result
 * in [0, maxsize], SEEK_END and SEEK_DATA/SEEK_HOLE measured from eof.
 * Returns the new position; -EINVAL outside [0, maxsize] or for another
 * whence, -ENXIO for SEEK_DATA/SEEK_HOLE at or past eof. */
static loff_t llseek_size(struct file *f, loff_t off, int whence, loff_t maxsize, loff_t eof)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = eof;
		break;
	case SEEK_DATA: /* all of a file counts as data */
	case SEEK_HOLE: /* the only hole is at the end */
		if (off < 0 || off >= eof)
			return -ENXIO;
		base = 0;
		if (whence == SEEK_HOLE)
			off = eof;
		break;
	default:
		return -EINVAL;
	}
	if (off < -base || off > maxsize - base)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

/* lseek for files with a size: SEEK_SET/CUR/END, and SEEK_DATA/SEEK_HOLE
 * as Linux's generic code has them; no negative result. */
loff_t generic_llseek(struct file *f, loff_t off, int whence)
{
	return llseek_size(f, off, whence, INT64_MAX, f->inode ? f->inode->size : 0);
}

/* lseek within [0, size] for a device of fixed size, as Linux's
 * fixed_size_llseek: SEEK_SET/CUR/END only. Returns the new position, or
 * -EINVAL (another whence, or a result outside [0, size]). */
loff_t fixed_size_llseek(struct file *f, loff_t off, int whence, loff_t size)
{
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		return -EINVAL;
	return llseek_size(f, off, whence, size, size);
}
