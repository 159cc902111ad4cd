/*
 * getdents64: directory entries as Linux's struct linux_dirent64, each
 * record 8-byte aligned. The file position is 0 for ".", 1 for "..", and
 * 2 + seq for an entry, seq being the order in which it was linked; a
 * call resumes at the first entry with 2 + seq >= position. So entries
 * removed or added between calls never make a walk skip a survivor.
 * A call finds where it resumes with one binary search of the seq index
 * (fs/dirent.c) and then follows the entry list, so a listing is linear
 * in the entries; each record is written straight into the caller's
 * buffer (dirent_put), /proc's made-up names through the same writer.
 * A removed directory gives -ENOENT, not even "." and "..", as Linux.
 * A /proc directory's made-up names (processes, descriptors) come after
 * its ramfs entries, at the positions its readdir hook gives them.
 */
#include <kernel/fs.h>
#include <kernel/syscalls.h>
#include <kernel/fault-inject.h>
#include <asm/uaccess.h>

#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

#define DIR_POS_FIRST 2 /* "." is at 0, ".." at 1, entry seq at 2 + seq */

/* struct linux_dirent64: d_ino at 0, d_off at 8, d_reclen at 16, d_type
 * at 18, d_name from 19; a record is 8-byte aligned. */
#define DIRENT_OFF_OFF 8
#define DIRENT_RECLEN_OFF 16
#define DIRENT_NAME_OFF 19
#define DIRENT_ALIGN 8

/* Where records go: the next one at buf, left bytes of room (the count
 * as an int, as Linux's), used bytes written so far. */
struct dirent_writer {
	char __user *buf;
	int left;
	long used;
};

/* The d_type of file type mode (DT_UNKNOWN 0 for others). */
static uint8_t dtype(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return DT_DIR;
	case S_IFREG:
		return DT_REG;
	case S_IFCHR:
		return DT_CHR;
	case S_IFIFO:
		return DT_FIFO;
	case S_IFLNK:
		return DT_LNK;
	}
	return 0;
}

/* Write one record straight into the user buffer: ino, off (the d_off,
 * where a listing resumes after it), then d_reclen, d_type and the name's
 * first byte as one word, and the rest of the name and its NUL a word at
 * a time. As Linux's filldir64, the padding after the NUL is left as it
 * was. Returns 1 if written, 0 if it does not fit, or -EFAULT (the bytes
 * before the fault may have been written). name is NUL-terminated. */
static int dirent_put(struct dirent_writer *w, const char *name, size_t len, uint32_t ino,
		      uint8_t type, loff_t off)
{
	uint32_t reclen = (DIRENT_NAME_OFF + len + 1 + DIRENT_ALIGN - 1) & ~(DIRENT_ALIGN - 1);
	char __user *r = w->buf;

	if ((int)reclen > w->left)
		return 0;
	/* a record is one user copy to fail_usercopy: a fault on its first byte */
	if (should_fail_usercopy() || !user_access_begin(r, reclen))
		return -EFAULT;
	unsafe_put_user((uint64_t)ino, (uint64_t __user *)r, efault);
	unsafe_put_user((int64_t)off, (int64_t __user *)(r + DIRENT_OFF_OFF), efault);
	uint32_t first = (uint8_t)name[0]; /* the NUL for an empty name */
	unsafe_put_user(reclen | (uint32_t)type << 16 | first << 24,
			(uint32_t __user *)(r + DIRENT_RECLEN_OFF), efault);
	const char *s = name + 1;
	char __user *u = r + DIRENT_NAME_OFF + 1;
	size_t left = len; /* name[1..len) and the NUL */
	for (; left >= sizeof(uint32_t); left -= sizeof(uint32_t)) {
		uint32_t v;
		__builtin_memcpy(&v, s, sizeof(v));
		unsafe_put_user(v, (uint32_t __user *)u, efault);
		s += sizeof(v);
		u += sizeof(v);
	}
	for (; left; left--)
		unsafe_put_user(*s++, (char __user *)u++, efault);
	user_access_end();
	w->buf += reclen;
	w->left -= reclen;
	w->used += reclen;
	return 1;
efault:
	user_access_end();
	return -EFAULT;
}

/* Fill ubuf[0..count) with records from fd's position on: ".", "..",
 * the entries from the first whose position is at or past it, then a
 * /proc directory's made-up names. Returns the bytes filled, 0 at the
 * end, or -EBADF, -ENOTDIR, -ENOENT, -EINVAL, -EFAULT. */
long sys_getdents64(long fd, void __user *ubuf, long count)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	if (dir_dead(f->inode)) /* as Linux: a removed directory cannot be read */
		return -ENOENT;
	/* as Linux, count and buffer are checked only as records go out: a
	 * first record that does not fit (count is an int, so "negative" fits
	 * nothing) is -EINVAL, one that cannot be written -EFAULT, and at the
	 * end of the directory neither matters */
	struct inode *dir = f->inode;
	struct dirent_writer w = { ubuf, (int)count, 0 };
	loff_t pos = f->pos;
	int r = 1;
	while (r > 0 && pos >= 0 && pos < DIR_POS_FIRST) {
		struct inode *ip = pos == 0 ? dir : dir->parent;
		r = dirent_put(&w, pos == 0 ? "." : "..", pos + 1, ip->ino, dtype(ip->mode),
			       pos + 1);
		if (r > 0)
			f->pos = ++pos;
	}
	struct dirent_node *d = r > 0 && pos >= 0 ? dir_seek(dir, pos - DIR_POS_FIRST) : NULL;
	while (d) {
		uint32_t gen = dir->dix.gen;
		r = dirent_put(&w, d->name, d->len, d->inode->ino, dtype(d->inode->mode),
			       (loff_t)d->seq + DIR_POS_FIRST + 1);
		if (r <= 0)
			break;
		f->pos = pos = (loff_t)d->seq + DIR_POS_FIRST + 1;
		/* the write may have slept on a fault: d may be gone then */
		d = dir->dix.gen == gen ? d->next : dir_seek(dir, pos - DIR_POS_FIRST);
	}
	struct dyn_dirent dyn;
	while (r > 0 && dir->iop && dir->iop->readdir && dir->iop->readdir(dir, pos, &dyn)) {
		r = dirent_put(&w, dyn.name, strlen(dyn.name), dyn.ino, dtype(dyn.mode),
			       dyn.pos + 1);
		if (r > 0)
			f->pos = pos = dyn.pos + 1;
	}
	if (r < 0)
		return w.used ? w.used : r;
	if (r == 0)
		return w.used ? w.used : -EINVAL;
	return w.used;
}
