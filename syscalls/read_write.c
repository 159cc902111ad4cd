/*
 * read, write, readv, writev, pread64, pwrite64, preadv, pwritev, preadv2,
 * pwritev2, lseek and _llseek: every transfer becomes an iov_iter and one
 * call of the file's read_iter/write_iter.
 *
 * The checks come in Linux's order:
 *   pread/preadv: a negative offset is -EINVAL before anything else;
 *   a bad fd is -EBADF; positional I/O on a file that cannot seek is
 *   -ESPIPE; a file not open for that direction is -EBADF; a file with no
 *   such operation is -EINVAL; then the buffers: access_ok on read/write's
 *   buffer (-EFAULT, see rw_single), import_iovec's rules for the vector
 *   calls. Counts are clamped to MAX_RW_COUNT.
 * A transfer that faults partway returns the bytes moved so far, and the
 * offset moves by exactly that; -EFAULT only when nothing moved.
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

/* The largest offset lseek returns to a file not opened with O_LARGEFILE */
#define OFF_MAX_32 INT32_MAX

/* The file for fd if it is open for reading (rw = READ) or writing. */
static long fget_rw(int fd, int rw, struct file **fp)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (rw == READ ? !file_readable(f) : !file_writable(f))
		return -EBADF;
	if (rw == READ ? !f->fop->read_iter : !f->fop->write_iter)
		return -EINVAL;
	*fp = f;
	return 0;
}

/* Run the file's read_iter or write_iter over it at *pos. Returns the
 * bytes moved or -errno: -EINVAL for a negative explicit offset, or a
 * transfer whose end would pass the largest loff_t (Linux's
 * rw_verify_area; Mica has no file with unsigned offsets). */
static ssize_t do_iter(struct file *f, int rw, struct iov_iter *it, loff_t *pos)
{
	if (pos != &f->pos && *pos < 0)
		return -EINVAL;
	if (*pos >= 0 && (uint64_t)*pos + iov_iter_count(it) > (uint64_t)INT64_MAX)
		return -EINVAL;
	return rw == READ ? f->fop->read_iter(f, it, pos) : f->fop->write_iter(f, it, pos);
}

/*
 * read/write/pread/pwrite: one user segment. The count is first clamped to
 * MAX_RW_COUNT and to the end of user space, then the buffer must pass
 * access_ok. So a huge (or "negative") count with a good buffer is not an
 * error: the transfer stops at end-of-file or at the first byte that cannot
 * be copied, as on the x86-64 Linux hosts that run i386 programs, whose
 * user space reaches almost 4 GiB. A buffer that starts at or beyond
 * TASK_SIZE is still -EFAULT, even for a count of 0.
 */
static ssize_t rw_single(struct file *f, int rw, void __user *ubuf, size_t count, loff_t *pos)
{
	struct iovec iov;
	struct iov_iter it;

	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if ((unsigned long)ubuf < TASK_SIZE && count > TASK_SIZE - (unsigned long)ubuf)
		count = TASK_SIZE - (unsigned long)ubuf;
	if (import_single_range(rw == READ ? READ : WRITE, ubuf, count, &iov, &it))
		return -EFAULT;
	return do_iter(f, rw, &it, pos);
}

/* readv/writev/preadv/pwritev: import the vector, skip the call when empty. */
static ssize_t rw_vector(struct file *f, int rw, const struct iovec __user *uvec, long vlen,
			 loff_t *pos)
{
	struct iovec fast[UIO_FASTIOV];
	struct iovec *iov = fast;
	struct iov_iter it;
	long ret = import_iovec(rw == READ ? READ : WRITE, (const struct iovec __user *)uvec, vlen,
				UIO_FASTIOV, &iov, &it);

	if (ret > 0)
		ret = do_iter(f, rw, &it, pos);
	iovec_free(iov);
	return ret;
}

/* read(2). Returns bytes read, 0 at end of file, or -errno. */
long sys_read(long fd, void __user *buf, long count)
{
	struct file *f;
	long err = fget_rw(fd, READ, &f);

	return err ? err : rw_single(f, READ, buf, (size_t)count, &f->pos);
}

/* write(2). Returns bytes written or -errno. */
long sys_write(long fd, void __user *buf, long count)
{
	struct file *f;
	long err = fget_rw(fd, WRITE, &f);

	return err ? err : rw_single(f, WRITE, buf, (size_t)count, &f->pos);
}

/* readv(2). Returns bytes read or -errno (see rw_vector). */
long sys_readv(long fd, const struct iovec __user *vec, long vlen)
{
	struct file *f;
	long err = fget_rw(fd, READ, &f);

	return err ? err : rw_vector(f, READ, vec, vlen, &f->pos);
}

/* writev(2). Returns bytes written or -errno (see rw_vector). */
long sys_writev(long fd, const struct iovec __user *vec, long vlen)
{
	struct file *f;
	long err = fget_rw(fd, WRITE, &f);

	return err ? err : rw_vector(f, WRITE, vec, vlen, &f->pos);
}

/* The common head of the positional calls: offset, fd, seekable, mode. */
static long fget_pos(long fd, int rw, loff_t pos, struct file **fp)
{
	if (pos < 0)
		return -EINVAL;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	if (!f->fop->llseek)
		return -ESPIPE;
	return fget_rw(fd, rw, fp);
}

/* pread64(2): read at an offset, leaving the file position alone. */
long sys_pread64(long fd, void __user *buf, long count, long lo, long hi)
{
	struct file *f;
	loff_t pos = make_pos(lo, hi);
	long err = fget_pos(fd, READ, pos, &f);

	return err ? err : rw_single(f, READ, buf, (size_t)count, &pos);
}

/* pwrite64(2): write at an offset, leaving the file position alone. */
long sys_pwrite64(long fd, void __user *buf, long count, long lo, long hi)
{
	struct file *f;
	loff_t pos = make_pos(lo, hi);
	long err = fget_pos(fd, WRITE, pos, &f);

	return err ? err : rw_single(f, WRITE, buf, (size_t)count, &pos);
}

/* preadv(2): readv at an offset, leaving the file position alone. */
long sys_preadv(long fd, const struct iovec __user *vec, long vlen, long lo, long hi)
{
	struct file *f;
	loff_t pos = make_pos(lo, hi);
	long err = fget_pos(fd, READ, pos, &f);

	return err ? err : rw_vector(f, READ, vec, vlen, &pos);
}

/* pwritev(2): writev at an offset, leaving the file position alone. */
long sys_pwritev(long fd, const struct iovec __user *vec, long vlen, long lo, long hi)
{
	struct file *f;
	loff_t pos = make_pos(lo, hi);
	long err = fget_pos(fd, WRITE, pos, &f);

	return err ? err : rw_vector(f, WRITE, vec, vlen, &pos);
}

/* Returns the new position of f after seeking off from whence, or -EINVAL
 * (bad whence) or -ESPIPE (an unseekable file). */
static loff_t do_llseek(struct file *f, loff_t off, int whence)
{
	if ((unsigned)whence > SEEK_MAX) /* checked first */
		return -EINVAL;
	if (!f->fop->llseek)
		return -ESPIPE;
	return f->fop->llseek(f, off, whence);
}

/* lseek(2). Returns the new position or -errno; -EOVERFLOW when it does
 * not fit in 32 bits for a file not opened with O_LARGEFILE. */
long sys_lseek(long fd, long off, long whence)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	loff_t old = f->pos;
	loff_t r = do_llseek(f, off, whence);
	/* past 2 GiB only a large-file open (musl's always are) may go, and
	 * then, as Linux, the 32-bit result is simply the low half */
	if (r > OFF_MAX_32 && !(f->flags & O_LARGEFILE)) {
		f->pos = old;
		return -EOVERFLOW;
	}
	return (long)r;
}

/* _llseek(2): lseek with a 64-bit offset and result, stored at uresult.
 * Returns 0 or -errno. */
long sys__llseek(long fd, long hi, long lo, void __user *uresult, long whence)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	loff_t r = do_llseek(f, make_pos(lo, hi), whence);
	if (r < 0)
		return (long)r;
	if (copy_to_user((void __user *)uresult, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}

/* preadv2/pwritev2 flags (rwf_t), those of Linux 6.1 */
#define RWF_HIPRI 0x01	/* poll for completion: nothing to poll here */
#define RWF_DSYNC 0x02	/* as O_DSYNC for this write: memory is the medium */
#define RWF_SYNC 0x04	/* as O_SYNC for this write */
#define RWF_NOWAIT 0x08 /* do not wait: EAGAIN instead */
#define RWF_APPEND 0x10 /* as O_APPEND for this write */
#define RWF_SUPPORTED (RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND)
#define POS_CURRENT (-1) /* preadv2/pwritev2's offset meaning "the file position" */

/* Can f take RWF_NOWAIT (Linux's FMODE_NOWAIT)? Ramfs files never wait,
 * and pipes (FIFOs too) can answer EAGAIN. */
static bool nowait_ok(struct file *f)
{
	return f->inode && (S_ISFIFO(f->inode->mode) || f->inode->fop == &ramfs_file_ops);
}

/*
 * readv/writev at *pos with preadv2's flags, on the same path as the
 * others (rw_vector); the flags are checked only once there is something
 * to move, as Linux does. RWF_NOWAIT makes this one call non-blocking;
 * RWF_APPEND writes a regular file at its end, and *pos ends after the
 * write. Returns bytes moved or -errno (-EOPNOTSUPP for flags).
 */
static ssize_t rw_vector2(struct file *f, int rw, const struct iovec __user *uvec, long vlen,
			  loff_t *pos, long flags)
{
	struct iovec fast[UIO_FASTIOV];
	struct iovec *iov = fast;
	struct iov_iter it;
	long ret = import_iovec(rw == READ ? READ : WRITE, (const struct iovec __user *)uvec, vlen,
				UIO_FASTIOV, &iov, &it);

	if (ret > 0 && ((flags & ~RWF_SUPPORTED) || ((flags & RWF_NOWAIT) && !nowait_ok(f))))
		ret = -EOPNOTSUPP;
	if (ret > 0) {
		uint32_t nonblock = f->flags & O_NONBLOCK;
		if (flags & RWF_NOWAIT)
			f->flags |= O_NONBLOCK;
		if ((flags & RWF_APPEND) && rw == WRITE && S_ISREG(f->inode->mode))
			*pos = f->inode->size;
		ret = do_iter(f, rw, &it, pos);
		f->flags = (f->flags & ~O_NONBLOCK) | nonblock;
	}
	iovec_free(iov);
	return ret;
}

/* preadv2/pwritev2: the offset -1 means the file position (readv/writev,
 * so a pipe is fine), another negative one -EINVAL, else as preadv. */
static long prw2(long fd, int rw, const struct iovec __user *vec, long vlen, loff_t pos, long flags)
{
	struct file *f;
	long err;

	if (pos == POS_CURRENT) {
		err = fget_rw(fd, rw, &f);
		return err ? err : rw_vector2(f, rw, vec, vlen, &f->pos, flags);
	}
	err = fget_pos(fd, rw, pos, &f);
	return err ? err : rw_vector2(f, rw, vec, vlen, &pos, flags);
}

/* preadv2(fd, vec, vlen, pos_lo, pos_hi, flags): see prw2. */
long sys_preadv2(long fd, const struct iovec __user *vec, long vlen, long lo, long hi, long flags)
{
	return prw2(fd, READ, vec, vlen, make_pos(lo, hi), flags);
}

/* pwritev2(fd, vec, vlen, pos_lo, pos_hi, flags): see prw2. */
long sys_pwritev2(long fd, const struct iovec __user *vec, long vlen, long lo, long hi, long flags)
{
	return prw2(fd, WRITE, vec, vlen, make_pos(lo, hi), flags);
}
