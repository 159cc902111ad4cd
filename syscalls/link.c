/*
 * More names for files: hard links (link, linkat), symbolic links
 * (symlink, symlinkat, readlink, readlinkat) and nodes (mknod, mknodat).
 * A hard link is one more directory entry for the same inode (st_nlink
 * counts them); directories get none (EPERM). A symbolic link is an inode
 * holding its target's text, which namei follows (fs/namei.c); it may
 * dangle. mknod makes a regular file, a FIFO, a socket or a character
 * device node; a device node is read and written through the device of
 * that number made at boot, if any (else open gives ENXIO).
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/permission.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define S_IFBLK 0060000
#define S_IFSOCK 0140000

/*
 * The parent of the name a creating call makes, with Linux's errors for
 * that name: "/", "." or ".." are EEXIST, an existing name is EEXIST, a
 * missing one followed by a slash ENOENT, then a read-only mount EROFS. Returns the directory (with a
 * reference; *pathp, *name, *len as user_parent's) or NULL with *err.
 */
static struct inode *create_parent(int dirfd, const char __user *upath, char **pathp,
				   const char **name, size_t *len, int *err)
{
	struct inode *dir = user_parent(dirfd, upath, pathp, name, len, err);

	if (!dir)
		return NULL;
	if (is_dot_name(*name, *len) || dir_lookup(dir, *name, *len))
		*err = -EEXIST;
	else if ((*pathp)[strlen(*pathp) - 1] == '/')
		*err = -ENOENT;
	else if (!(*err = may_write_fs(dir)))
		return dir;
	inode_put(dir);
	kfree(*pathp);
	return NULL;
}

/* Link dir/name to a new inode ip, owned as inode_init_owner says
 * (dropping the caller's reference to ip and dir, freeing path). Returns
 * 0 or -errno. */
static long link_new(struct inode *dir, const char *name, size_t len, char *path, struct inode *ip)
{
	if (ip)
		inode_init_owner(ip, dir);
	int err = ip ? dir_link(dir, name, len, ip) : -ENOMEM;

	if (ip)
		inode_put(ip);
	inode_put(dir);
	kfree(path);
	return err;
}

/* linkat: a new name new (from ndfd) for the file old names (from odfd,
 * a last link followed only with AT_SYMLINK_FOLLOW). 0 or -errno; another
 * file system is -EXDEV, then protected_hardlinks' -EPERM (may_linkat),
 * the new directory's -EACCES, and a directory -EPERM, after the new
 * name's own errors, as Linux. */
static long do_link(int odfd, const char __user *uold, int ndfd, const char __user *unew,
		    long flags)
{
	int err = 0;
	const char *name;
	size_t len;
	char *path;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	unsigned follow = (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0;
	struct inode *ip = user_lookup_at(odfd, uold, follow, flags, &err);
	if (!ip)
		return err;
	struct inode *dir = create_parent(ndfd, unew, &path, &name, &len, &err);
	if (!dir) {
		inode_put(ip);
		return err;
	}
	if (is_procfs(dir)) /* as Linux: /proc's lookup of the new name fails */
		err = -ENOENT;
	else if (!same_fs(dir, ip) || is_procfs(ip)) /* /proc is another mount on Linux */
		err = -EXDEV;
	else if ((err = may_linkat(ip)) || (err = may_create(dir)))
		; /* protected_hardlinks' EPERM, then the directory's EACCES */
	else if (S_ISDIR(ip->mode))
		err = -EPERM;
	else if (ip->nlink == 0)
		err = -ENOENT; /* an open file that was unlinked */
	else
		err = dir_link(dir, name, len, ip);
	inode_put(ip);
	inode_put(dir);
	kfree(path);
	return err;
}

/* link(2): a hard link; a symbolic link old is linked itself. */
long sys_link(const char __user *uold, const char __user *unew)
{
	return do_link(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

/* linkat(2). */
long sys_linkat(long odfd, const char __user *uold, long ndfd, const char __user *unew, long flags)
{
	return do_link(odfd, uold, ndfd, unew, flags);
}

/* symlinkat: a symbolic link at unew (from ndfd) holding the text utarget,
 * which need not name anything. 0 or -errno (ENOENT for an empty target). */
static long do_symlink(const char __user *utarget, int ndfd, const char __user *unew)
{
	int err = 0;
	const char *name;
	size_t len;
	char *path;
	char *target = getname((const char __user *)utarget, &err);

	if (!target)
		return err;
	struct inode *dir = create_parent(ndfd, unew, &path, &name, &len, &err);
	if (dir && (err = may_create(dir))) {
		inode_put(dir);
		kfree(path);
		dir = NULL;
	}
	if (!dir) {
		kfree(target);
		return err;
	}
	struct inode *ip = inode_new(S_IFLNK | 0777);
	char *copy = ip ? kmalloc(strlen(target) + 1) : NULL;
	if (ip && !copy) {
		inode_put(ip);
		ip = NULL;
	}
	if (ip) {
		strcpy(copy, target);
		ip->link = copy;
		ip->size = strlen(copy);
	}
	kfree(target);
	return link_new(dir, name, len, path, ip);
}

/* symlink(2). */
long sys_symlink(const char __user *utarget, const char __user *unew)
{
	return do_symlink(utarget, AT_FDCWD, unew);
}

/* symlinkat(2). */
long sys_symlinkat(const char __user *utarget, long ndfd, const char __user *unew)
{
	return do_symlink(utarget, ndfd, unew);
}

/* readlinkat: copy the target of the symbolic link upath (from dirfd) to
 * ubuf, at most size bytes and no NUL. Returns the bytes copied; -EINVAL
 * for size <= 0 or a file that is not a link (-ENOENT when upath is ""
 * and dirfd's file is not one). */
static long do_readlink(int dirfd, const char __user *upath, void __user *ubuf, long size)
{
	int err = 0;
	char c;
	bool empty = !get_user(c, (const char __user *)upath) && c == '\0';

	if (size <= 0)
		return -EINVAL;
	/* "" names dirfd's own file: an O_PATH fd of a link (as Linux) */
	struct inode *ip = user_lookup_at(dirfd, upath, 0, AT_EMPTY_PATH, &err);
	if (!ip)
		return err;
	char *text = S_ISLNK(ip->mode) ? kmalloc(PATH_MAX) : NULL;
	long n = !S_ISLNK(ip->mode) ? (empty ? -ENOENT : -EINVAL)
		 : text		    ? inode_readlink(ip, text, PATH_MAX)
				    : -ENOMEM;
	if (n >= 0) {
		n = min(n, size);
		if (copy_to_user((void __user *)ubuf, text, n))
			n = -EFAULT;
	}
	kfree(text);
	inode_put(ip);
	return n;
}

/* readlink(2). */
long sys_readlink(const char __user *upath, void __user *ubuf, long size)
{
	return do_readlink(AT_FDCWD, upath, ubuf, size);
}

/* readlinkat(2). */
long sys_readlinkat(long dirfd, const char __user *upath, void __user *ubuf, long size)
{
	return do_readlink(dirfd, upath, ubuf, size);
}

/* mknodat: a node of mode's type (0 meaning regular) at upath, its
 * permissions minus the umask; dev numbers a character device. 0, -EPERM
 * for a directory, -EINVAL for an unknown type, the name's errors, then
 * -EACCES (may_create) and -EPERM for a device without CAP_MKNOD. */
static long do_mknod(int dirfd, const char __user *upath, long mode, long dev)
{
	int err = 0;
	const char *name;
	size_t len;
	char *path;
	uint32_t type = mode & S_IFMT;

	if (type == 0)
		type = S_IFREG;
	if (type == S_IFDIR)
		return -EPERM;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
	    type != S_IFSOCK)
		return -EINVAL;
	struct inode *dir = create_parent(dirfd, upath, &path, &name, &len, &err);
	if (!dir)
		return err;
	if (!(err = may_create(dir)) && (type == S_IFCHR || type == S_IFBLK) && !capable(CAP_MKNOD))
		err = -EPERM;
	if (err) {
		inode_put(dir);
		kfree(path);
		return err;
	}
	struct inode *ip = inode_new(type | (mode & 07777 & ~current->umask));
	if (ip && (type == S_IFCHR || type == S_IFBLK)) {
		ip->rdev = dev;
		ip->fop = type == S_IFCHR ? chrdev_ops(dev) : NULL;
	}
	return link_new(dir, name, len, path, ip);
}

/* mknod(2). */
long sys_mknod(const char __user *upath, long mode, long dev)
{
	return do_mknod(AT_FDCWD, upath, mode, dev);
}

/* mknodat(2). */
long sys_mknodat(long dirfd, const char __user *upath, long mode, long dev)
{
	return do_mknod(dirfd, upath, mode, dev);
}
