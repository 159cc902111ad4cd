/*
 * sendfile(2) and sendfile64(2), as Linux's do_sendfile: in_fd's data
 * goes into a pipe directly (splice_file_to_pipe) or, for any other
 * out_fd, through a pipe of the call's own (do_splice_direct).
 *
 * The checks come in Linux's order: the offset pointer is read first
 * (-EFAULT); then in_fd: -EBADF (not open or not readable), -ESPIPE (an
 * offset for a file that cannot seek), -EINVAL (a negative offset, or an
 * offset + count past the largest loff_t); then out_fd: -EBADF (not open
 * or not writable), -EOVERFLOW (the transfer would start at or past the
 * call's limit), -EINVAL (O_APPEND, or an input that cannot be spliced
 * from: a pipe, a directory). The count is clamped to MAX_RW_COUNT and to
 * the limit: 2^31 - 1 for sendfile's 32-bit offset, none beyond loff_t's
 * for sendfile64 and for the file position. With an offset pointer the
 * offset is written back (-EFAULT if it cannot be, after the transfer) and
 * in_fd's position stays; without one the position is used and advanced.
 * out_fd's position advances by what it took. Positions move only when
 * something moved.
 */
#include <kernel/fs.h>
#include <kernel/pipe.h>
#include <kernel/proc.h>
#include <kernel/splice.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

/* The largest offset sendfile's 32-bit off_t reaches (Linux's MAX_NON_LFS) */
#define MAX_NON_LFS INT32_MAX

/* Move up to count bytes from in_fd (at *ppos, or its position when ppos
 * is NULL) to out_fd, stopping at max. Returns the bytes moved or -errno
 * (see the file comment for the order of the checks). */
static ssize_t do_sendfile(long out_fd, long in_fd, loff_t *ppos, size_t count, loff_t max)
{
	struct file *in = fget(in_fd), *out;
	loff_t pos, out_pos;
	ssize_t ret;

	if (!in || !file_readable(in))
		return -EBADF;
	if (ppos && !in->fop->llseek)
		return -ESPIPE;
	pos = ppos ? *ppos : in->pos;
	if (pos < 0 || (uint64_t)pos + count > (uint64_t)INT64_MAX)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	out = fget(out_fd);
	if (!out || !file_writable(out))
		return -EBADF;
	if (pos + (loff_t)count > max) {
		if (pos >= max)
			return -EOVERFLOW;
		count = max - pos;
	}
	out_pos = out->pos;
	struct pipe *opipe = get_pipe_info(out);
	if (opipe) {
		if (get_pipe_info(in))
			return -EINVAL; /* a pipe cannot be spliced from here */
		ret = splice_file_to_pipe(in, opipe, &pos, count,
					  out->flags & O_NONBLOCK ? SPLICE_F_NONBLOCK : 0);
	} else {
		if ((uint64_t)out_pos + count > (uint64_t)INT64_MAX)
			return -EINVAL;
		ret = do_splice_direct(in, &pos, out, &out_pos, count, 0);
	}
	if (ret > 0) {
		if (!opipe)
			out->pos = out_pos;
		if (ppos)
			*ppos = pos;
		else
			in->pos = pos;
	}
	return ret;
}

/* sendfile(2): the offset is a 32-bit off_t at uoff (or NULL for the
 * position), limited to 2^31 - 1. Returns the bytes moved or -errno. */
long sys_sendfile(long out_fd, long in_fd, int32_t __user *uoff, unsigned long count)
{
	int32_t off;

	if (!uoff)
		return do_sendfile(out_fd, in_fd, NULL, count, INT64_MAX);
	if (get_user(off, uoff))
		return -EFAULT;
	loff_t pos = off;
	ssize_t ret = do_sendfile(out_fd, in_fd, &pos, count, MAX_NON_LFS);
	if (put_user((int32_t)pos, uoff))
		return -EFAULT;
	return ret;
}

/* sendfile64(2): the offset is a 64-bit loff_t at uoff (or NULL for the
 * position). Returns the bytes moved or -errno. */
long sys_sendfile64(long out_fd, long in_fd, loff_t __user *uoff, unsigned long count)
{
	loff_t pos;

	if (!uoff)
		return do_sendfile(out_fd, in_fd, NULL, count, INT64_MAX);
	if (copy_from_user(&pos, uoff, sizeof(pos)))
		return -EFAULT;
	ssize_t ret = do_sendfile(out_fd, in_fd, &pos, count, INT64_MAX);
	if (copy_to_user(uoff, &pos, sizeof(pos)))
		return -EFAULT;
	return ret;
}
