/*
 * Opening, closing and duplicating file descriptors, and the calls that
 * work on names: open, openat, close, dup, dup2, pipe, fcntl64, ioctl,
 * access, chdir, getcwd, mkdir(at), rmdir, unlink(at). A directory may be
 * removed while it is open or some process's cwd, as on Linux: it lives on
 * empty, and creating anything in it gives ENOENT (dir_link).
 * Paths come in through getname() (strncpy_from_user): -EFAULT for a bad
 * pointer, -ENAMETOOLONG past PATH_MAX, -ENOENT for "".
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define AT_REMOVEDIR 0x200

/* Does the current process have a free fd? */
static bool have_free_fd(void)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (!current->files[fd])
			return true;
	return false;
}

/* Is name[0..len) empty, "." or ".."? */
static bool is_dot_name(const char *name, size_t len)
{
	return len == 0 || (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Find or create the inode for an open with O_CREAT. */
static struct inode *open_create(struct inode *base, const char *path, int flags, int mode,
				 int *err)
{
	const char *name;
	size_t len;
	struct inode *dir = namei_parent_at(base, path, &name, &len, err);

	if (!dir)
		return NULL;
	/* as Linux, "name/" is EISDIR before name is even looked up */
	if (!is_dot_name(name, len) && path[strlen(path) - 1] == '/') {
		inode_put(dir);
		*err = -EISDIR;
		return NULL;
	}
	if (len > NAME_MAX) {
		inode_put(dir);
		*err = -ENAMETOOLONG;
		return NULL;
	}
	struct inode *ip =
	    is_dot_name(name, len) ? namei_at(base, path, err) : dir_lookup(dir, name, len);
	if (ip) {
		if (!is_dot_name(name, len))
			inode_get(ip);
		inode_put(dir);
		if (flags & O_EXCL) {
			inode_put(ip);
			*err = -EEXIST;
			return NULL;
		}
		if (S_ISDIR(ip->mode)) {
			inode_put(ip);
			*err = -EISDIR;
			return NULL;
		}
		return ip;
	}
	if (is_dot_name(name, len)) { /* "dir/.." that failed above */
		inode_put(dir);
		return NULL;
	}
	ip = inode_new(S_IFREG | (mode & 07777 & ~current->umask));
	if (!ip) {
		inode_put(dir);
		*err = -ENOMEM;
		return NULL;
	}
	*err = dir_link(dir, name, len, ip);
	inode_put(dir);
	if (*err) {
		inode_put(ip);
		return NULL;
	}
	return ip;
}

/* open/openat: the new fd, or -errno (see the file comment). */
static long do_open(int dirfd, long upath, long flags, long mode)
{
	long lerr;
	int err = 0;
	char *path = getname((const char __user *)upath, &lerr);
	struct inode *ip = NULL;

	if (!path)
		return lerr;
	if ((flags & O_CREAT) && (flags & O_DIRECTORY)) { /* as Linux 6.4+ */
		kfree(path);
		return -EINVAL;
	}
	if (!have_free_fd()) {
		kfree(path);
		return -EMFILE;
	}
	struct inode *base = dirfd_inode(dirfd, path, &err);
	if (base)
		ip = (flags & O_CREAT) ? open_create(base, path, flags, mode, &err)
				       : namei_at(base, path, &err);
	kfree(path);
	if (!ip)
		return err;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if (S_ISDIR(ip->mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		err = -EISDIR; /* as Linux, O_TRUNC asks for write access */
	if (err) {
		inode_put(ip);
		return err;
	}
	/* as Linux, O_TRUNC truncates even with O_RDONLY */
	if ((flags & O_TRUNC) && S_ISREG(ip->mode) && ip->fop == &ramfs_file_ops)
		ramfs_truncate(ip, 0);
	struct file *f =
	    file_alloc(ip, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_CLOEXEC), ip->fop);
	inode_put(ip);
	if (!f)
		return -ENOMEM;
	int fd = fd_install(f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* open(2) relative to the cwd. */
long sys_open(long path, long flags, long mode)
{
	return do_open(AT_FDCWD, path, flags, mode);
}

/* openat(2) relative to dirfd. */
long sys_openat(long dirfd, long path, long flags, long mode)
{
	return do_open(dirfd, path, flags, mode);
}

/* close(2): 0 or -EBADF. */
long sys_close(long fd)
{
	return fd_close(fd);
}

/* dup(2): the lowest free fd, sharing the file; -EBADF, -EMFILE. */
long sys_dup(long fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	int nfd = fd_install(f, 0, 0);
	if (nfd >= 0)
		file_get(f);
	return nfd;
}

/* dup2(2): newfd (closed first if open), sharing oldfd's file; -EBADF. */
long sys_dup2(long oldfd, long newfd)
{
	struct file *f = fget(oldfd);

	if (!f || newfd < 0 || newfd >= NOFILE)
		return -EBADF;
	if (oldfd == newfd)
		return newfd;
	file_get(f);
	if (current->files[newfd])
		fd_close(newfd);
	return fd_install(f, newfd, 0);
}

/* fcntl64: F_DUPFD(_CLOEXEC), F_GETFD/F_SETFD, F_GETFL/F_SETFL; others -EINVAL. */
long sys_fcntl64(long fd, long cmd, long arg)
{
	struct file *f = fget(fd);
	int nfd;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= NOFILE)
			return -EINVAL;
		nfd = fd_install(f, arg, cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
		if (nfd >= 0)
			file_get(f);
		return nfd;
	case F_GETFD:
		return current->fd_flags[fd];
	case F_SETFD:
		current->fd_flags[fd] = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK));
		return 0;
	}
	return -EINVAL;
}

/* pipe(2): two fds into ufds, or -EMFILE, -ENOMEM, -EFAULT (fds closed again). */
long sys_pipe(long ufds)
{
	struct file *rd, *wr;
	int fds[2];
	int free = 0;

	for (int fd = 0; fd < NOFILE && free < 2; fd++)
		if (!current->files[fd])
			free++;
	if (free < 2)
		return -EMFILE;
	long err = pipe_create(&rd, &wr);
	if (err)
		return err;
	fds[0] = fd_install(rd, 0, 0);
	fds[1] = fd_install(wr, 0, 0);
	if (copy_to_user((void __user *)ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
#define FIONREAD 0x541B

/* The ioctls every file has (as Linux's do_vfs_ioctl), then the file's own. */
long sys_ioctl(long fd, long cmd, long arg)
{
	struct file *f = fget(fd);
	int on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		current->fd_flags[fd] = cmd == FIOCLEX ? FD_CLOEXEC : 0;
		return 0;
	case FIONBIO:
		if (get_user(on, (int __user *)arg))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	case FIONREAD:
		if (f->inode && S_ISREG(f->inode->mode)) {
			loff_t left = f->inode->size - f->pos;
			return put_user(left > 0 ? (int)left : 0, (int __user *)arg);
		}
		break;
	}
	if (!f->fop->ioctl)
		return -ENOTTY;
	return f->fop->ioctl(f, cmd, arg);
}

/* access(2): 0, -EACCES for X_OK without an x bit, or a lookup error. */
long sys_access(long upath, long mode)
{
	long err = 0;

	if (mode & ~7)
		return -EINVAL;
	struct inode *ip = namei_user((const char __user *)upath, &err);
	if (!ip)
		return err;
	/* root may read and write anything; executing needs an x bit */
	if ((mode & 1) && !S_ISDIR(ip->mode) && !(ip->mode & 0111))
		err = -EACCES;
	inode_put(ip);
	return err;
}

/* chdir(2): make the directory at upath the cwd; 0 or -errno. */
long sys_chdir(long upath)
{
	long err;
	struct inode *ip = namei_user((const char __user *)upath, &err);

	if (!ip)
		return err;
	if (!S_ISDIR(ip->mode)) {
		inode_put(ip);
		return -ENOTDIR;
	}
	inode_put(current->cwd);
	current->cwd = ip;
	return 0;
}

/* The cwd's path, rebuilt from the tree: -ENOENT once it was removed, as
 * Linux; -ERANGE when size cannot hold it and its NUL. */
long sys_getcwd(long ubuf, long size)
{
	int err = 0;
	char *buf = kmalloc(PATH_MAX);

	if (!buf)
		return -ENOMEM;
	char *path = dir_path(current->cwd, buf, PATH_MAX, &err);
	size_t len = path ? strlen(path) + 1 : 0;
	long ret = len;
	if (!path)
		ret = err;
	else if ((unsigned long)size < len)
		ret = -ERANGE;
	else if (copy_to_user((void __user *)ubuf, path, len))
		ret = -EFAULT;
	kfree(buf);
	return ret;
}

/*
 * Copy a user path and find its parent directory, relative to dirfd. On
 * success returns the directory (with a reference), *pathp the kmalloc'd
 * path and *name, *len its last component; else NULL with *err set.
 */
static struct inode *user_parent(int dirfd, long upath, char **pathp, const char **name,
				 size_t *len, long *err)
{
	int ierr = 0;
	char *path = getname((const char __user *)upath, err);

	if (!path)
		return NULL;
	struct inode *base = dirfd_inode(dirfd, path, &ierr);
	struct inode *dir = base ? namei_parent_at(base, path, name, len, &ierr) : NULL;
	if (dir && *len > NAME_MAX) {
		inode_put(dir);
		dir = NULL;
		ierr = -ENAMETOOLONG;
	}
	if (!dir) {
		kfree(path);
		*err = ierr;
		return NULL;
	}
	*pathp = path;
	return dir;
}

/* mkdir/mkdirat: 0, -EEXIST, -ENOENT (missing or removed parent), -ENOSPC... */
static long do_mkdir(int dirfd, long upath, long mode)
{
	long err = 0;
	const char *name;
	size_t len;
	char *path;
	struct inode *dir = user_parent(dirfd, upath, &path, &name, &len, &err);

	if (!dir)
		return err;
	if (is_dot_name(name, len) || dir_lookup(dir, name, len)) {
		err = -EEXIST;
	} else {
		struct inode *ip = inode_new(S_IFDIR | (mode & 01777 & ~current->umask));
		err = ip ? dir_link(dir, name, len, ip) : -ENOMEM;
		if (ip) {
			if (!err)
				ip->nlink++; /* "." */
			inode_put(ip);
		}
	}
	inode_put(dir);
	kfree(path);
	return err;
}

/* mkdir(2) relative to the cwd. */
long sys_mkdir(long path, long mode)
{
	return do_mkdir(AT_FDCWD, path, mode);
}

/* mkdirat(2) relative to dirfd. */
long sys_mkdirat(long dirfd, long path, long mode)
{
	return do_mkdir(dirfd, path, mode);
}

/* unlink/rmdir relative to dirfd, with Linux's errors: 0 or -errno. */
static long do_unlink(int dirfd, long upath, bool rmdir)
{
	long err = 0;
	const char *name;
	size_t len;
	char *path;
	struct inode *dir = user_parent(dirfd, upath, &path, &name, &len, &err);

	if (!dir)
		return err;
	struct inode *ip = is_dot_name(name, len) ? NULL : dir_lookup(dir, name, len);
	if (len == 0) /* "/" itself */
		err = rmdir ? -EBUSY : -EISDIR;
	else if (is_dot_name(name, len))
		err = rmdir ? (len == 1 ? -EINVAL : -ENOTEMPTY) : -EISDIR;
	else if (!ip)
		err = -ENOENT;
	else if (rmdir && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if (!rmdir && S_ISDIR(ip->mode))
		err = -EISDIR;
	else if (!rmdir && path[strlen(path) - 1] == '/')
		err = -ENOTDIR;
	else if (rmdir && ip->entries)
		err = -ENOTEMPTY;
	else
		err = dir_unlink(dir, name, len);
	inode_put(dir);
	kfree(path);
	return err;
}

/* unlink(2). */
long sys_unlink(long path)
{
	return do_unlink(AT_FDCWD, path, false);
}

/* rmdir(2). */
long sys_rmdir(long path)
{
	return do_unlink(AT_FDCWD, path, true);
}

/* unlinkat(2): AT_REMOVEDIR makes it rmdir; other flags -EINVAL. */
long sys_unlinkat(long dirfd, long path, long flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_unlink(dirfd, path, flags & AT_REMOVEDIR);
}
