/*
 * Calls about a file's space and caching: fallocate (324), fadvise64
 * (250) and fadvise64_64 (272). On i386 each 64-bit offset or length
 * comes in two registers, low half first.
 *
 * fallocate makes Linux's generic checks in Linux's order (vfs_fallocate)
 * and leaves the rest to ramfs (fs/ramfs.c), the one file system with
 * space to reserve. Page-cache advice has nothing to act on here (every
 * file lives in memory), so it is checked and accepted.
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/syscalls.h>

/* the modes; FALLOC_FL_KEEP_SIZE is the one flag that goes with them */
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_INSERT_RANGE 0x20
#define FALLOC_FL_UNSHARE_RANGE 0x40
#define FALLOC_FL_WRITE_ZEROES 0x80
#define FALLOC_FL_MODE_MASK                                                       \
	(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE | \
	 FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES)

#define POSIX_FADV_NOREUSE 5 /* the last advice: 0 NORMAL .. 5 NOREUSE */

/* The checks of mode alone, as Linux's vfs_fallocate (6.17 on): one mode
 * at most, KEEP_SIZE required by PUNCH_HOLE and refused by COLLAPSE_RANGE,
 * INSERT_RANGE and WRITE_ZEROES. Returns 0 or -EOPNOTSUPP. */
static long falloc_mode_ok(long mode)
{
	if (mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	switch (mode & FALLOC_FL_MODE_MASK) {
	case 0:
	case FALLOC_FL_UNSHARE_RANGE:
	case FALLOC_FL_ZERO_RANGE:
		return 0;
	case FALLOC_FL_PUNCH_HOLE:
		return (mode & FALLOC_FL_KEEP_SIZE) ? 0 : -EOPNOTSUPP;
	case FALLOC_FL_COLLAPSE_RANGE:
	case FALLOC_FL_INSERT_RANGE:
	case FALLOC_FL_WRITE_ZEROES:
		return (mode & FALLOC_FL_KEEP_SIZE) ? -EOPNOTSUPP : 0;
	}
	return -EOPNOTSUPP;
}

/*
 * fallocate(fd, mode, offset, len). Errors in Linux's order: -EBADF (no
 * fd), -EINVAL (offset < 0, len <= 0), the mode checks, -EBADF (not open
 * for writing), -ESPIPE (a pipe), -EISDIR, -ENODEV (not a regular file),
 * -EFBIG (past MAX_FILE_SIZE, or wrapping), -EOPNOTSUPP (a file that is
 * not ramfs's, or a mode ramfs lacks), -ENOSPC. Returns 0 on success.
 */
long sys_fallocate(long fd, long mode, long off_lo, long off_hi, long len_lo, long len_hi)
{
	struct file *f = fget(fd);
	loff_t off = make_pos(off_lo, off_hi), len = make_pos(len_lo, len_hi);

	if (!f)
		return -EBADF;
	if (off < 0 || len <= 0)
		return -EINVAL;
	long err = falloc_mode_ok(mode);
	if (err)
		return err;
	if (!file_writable(f))
		return -EBADF;
	struct inode *ip = f->inode;
	if (S_ISFIFO(ip->mode))
		return -ESPIPE;
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!S_ISREG(ip->mode))
		return -ENODEV;
	if (off > MAX_FILE_SIZE - len)
		return -EFBIG;
	if (ip->fop != &ramfs_file_ops)
		return -EOPNOTSUPP;
	return ramfs_fallocate(ip, (int)mode, off, len);
}

/* The advice calls' shared part: -EBADF, -ESPIPE (a pipe), -EINVAL for a
 * negative len or unknown advice, else 0. */
static long do_fadvise(long fd, loff_t len, long advice)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (f->inode && S_ISFIFO(f->inode->mode))
		return -ESPIPE;
	if (len < 0 || advice < 0 || advice > POSIX_FADV_NOREUSE)
		return -EINVAL;
	return 0;
}

/* fadvise64(fd, offset, len, advice) with a 32-bit len (a size_t:
 * never negative). */
long sys_fadvise64(long fd, long off_lo, long off_hi, long len, long advice)
{
	return do_fadvise(fd, (loff_t)(uint32_t)len, advice);
}

/* fadvise64_64(fd, offset, len, advice): posix_fadvise's call. */
long sys_fadvise64_64(long fd, long off_lo, long off_hi, long len_lo, long len_hi, long advice)
{
	return do_fadvise(fd, make_pos(len_lo, len_hi), advice);
}
