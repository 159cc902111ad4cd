/*
 * getdents64: directory entries as Linux's struct linux_dirent64, each
 * record 8-byte aligned. The file position is 0 for ".", 1 for "..", and
 * 2 + seq for an entry, seq being the order in which it was linked; a
 * call resumes at the first entry with 2 + seq >= position. So entries
 * removed or added between calls never make a walk skip a survivor.
 * A removed directory gives -ENOENT, not even "." and "..", as Linux.
 * A /proc directory's made-up names (processes, descriptors) come after
 * its ramfs entries, at the positions its readdir hook gives them.
 */
#include <kernel/fs.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

struct dirent64_head {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
} __packed;

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

/* Emit one record at ubuf + *used. Returns 1 if it fit, 0 if not, or -EFAULT. */
static int emit(void __user *ubuf, long count, long *used, const char *name, uint32_t ino,
		uint32_t mode, loff_t next)
{
	size_t len = strlen(name);
	uint16_t reclen = (sizeof(struct dirent64_head) + len + 1 + 7) & ~7;
	char rec[sizeof(struct dirent64_head) + NAME_MAX + 8];
	struct dirent64_head h = { ino, next, reclen, dtype(mode) };

	if (*used + reclen > count)
		return 0;
	memset(rec, 0, reclen);
	memcpy(rec, &h, sizeof(h));
	memcpy(rec + sizeof(h), name, len);
	if (copy_to_user((void __user *)(ubuf + *used), rec, reclen))
		return -EFAULT;
	*used += reclen;
	return 1;
}

/* Fill ubuf[0..count) with records from fd's position on. Returns the
 * bytes filled, 0 at the end, or -EBADF, -ENOTDIR, -ENOENT, -EINVAL, -EFAULT. */
long sys_getdents64(long fd, void __user *ubuf, long count)
{
	struct file *f = fget(fd);
	long used = 0;

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
	for (;;) {
		loff_t i = f->pos;
		const char *name;
		struct inode *ip = NULL;
		struct dyn_dirent dyn;
		struct dirent_node *d = dir->entries;
		while (i >= 2 && d && (loff_t)d->seq + 2 < i)
			d = d->next;
		if (i == 0) {
			name = ".";
			ip = dir;
		} else if (i == 1) {
			name = "..";
			ip = dir->parent;
		} else if (d) {
			name = d->name;
			ip = d->inode;
			i = (loff_t)d->seq + 2;
		} else if (dir->iop && dir->iop->readdir && dir->iop->readdir(dir, i, &dyn)) {
			name = dyn.name; /* a /proc name after the ramfs entries */
			i = dyn.pos;
		} else
			break;
		int r = ip ? emit(ubuf, count, &used, name, ip->ino, ip->mode, i + 1)
			   : emit(ubuf, count, &used, name, dyn.ino, dyn.mode, i + 1);
		if (r < 0)
			return used ? used : r;
		if (r == 0)
			return used ? used : -EINVAL;
		f->pos = i + 1;
	}
	return used;
}
