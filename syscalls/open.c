/*
 * open and openat: a name becomes an open file on a new fd. With O_CREAT
 * the last component is made if missing (a regular file, the mode minus
 * the umask); "name/" with O_CREAT is EISDIR before name is looked up.
 * Directories open read-only and without O_TRUNC. A symbolic link is
 * followed unless O_NOFOLLOW (then ELOOP); with O_CREAT a dangling one
 * makes its target. On a read-only mount, creating a file, or opening
 * one for writing or with O_TRUNC, is EROFS; then the caller's read or
 * write permission is checked (EACCES: fs/permission.c), except on a file
 * the open itself made. The calls on fds once
 * they exist are in syscalls/fd.c, the other calls on names in
 * syscalls/names.c.
 * O_PATH opens nothing: the fd names the file (a symbolic link itself
 * with O_NOFOLLOW, a FIFO or device without opening it), keeps only
 * O_PATH, O_DIRECTORY and O_NOFOLLOW, runs no driver, and serves only
 * the calls that take fget_raw's files (fs/fdtable.c).
 * Paths come in through getname() (strncpy_from_user): -EFAULT for a bad
 * pointer, -ENAMETOOLONG past PATH_MAX, -ENOENT for "".
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/permission.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

/* Does the current process have a free fd? */
static bool have_free_fd(void)
{
	return fd_count_free(1) == 1;
}

/* Find or create the inode for an open with O_CREAT: the inode (with a
 * reference) or NULL with *err. A symbolic link as the last component is
 * followed (depth links so far) and its target made if missing, as Linux;
 * with O_EXCL it is EEXIST, with O_NOFOLLOW ELOOP. Making it needs write
 * and search permission on the directory (EACCES); *created tells. */
static struct inode *open_create(struct inode *base, const char *path, int flags, int mode,
				 int depth, bool *created, int *err)
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
	if (ip && S_ISLNK(ip->mode) && is_procfs(ip) && !(flags & (O_EXCL | O_NOFOLLOW))) {
		inode_put(dir); /* a /proc link names something that exists, or nothing */
		ip = namei_at(base, path, err);
		if (ip && S_ISDIR(ip->mode)) {
			inode_put(ip);
			*err = -EISDIR;
			return NULL;
		}
		return ip;
	}
	if (ip && S_ISLNK(ip->mode) && !(flags & (O_EXCL | O_NOFOLLOW))) {
		ip = depth < MAXSYMLINKS
			     ? open_create(dir, ip->link, flags, mode, depth + 1, created, err)
			     : NULL;
		if (depth >= MAXSYMLINKS)
			*err = -ELOOP;
		inode_put(dir);
		return ip;
	}
	if (ip) {
		if (!is_dot_name(name, len))
			inode_get(ip);
		inode_put(dir);
		if (flags & O_EXCL) {
			inode_put(ip);
			*err = -EEXIST;
			return NULL;
		}
		if (S_ISDIR(ip->mode) || S_ISLNK(ip->mode)) {
			inode_put(ip);
			*err = S_ISDIR(ip->mode) ? -EISDIR : -ELOOP;
			return NULL;
		}
		return ip;
	}
	if (is_dot_name(name, len)) { /* "dir/.." that failed above */
		inode_put(dir);
		return NULL;
	}
	if ((*err = may_write_fs(dir)) || (*err = may_create(dir))) {
		inode_put(dir);
		return NULL;
	}
	ip = inode_new(S_IFREG | (mode & 07777 & ~current->umask));
	if (!ip) {
		inode_put(dir);
		*err = -ENOMEM;
		return NULL;
	}
	inode_init_owner(ip, dir);
	*created = true;
	*err = dir_link(dir, name, len, ip);
	inode_put(dir);
	if (*err) {
		inode_put(ip);
		return NULL;
	}
	return ip;
}

#define O_PATH_FLAGS (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) /* kept with O_PATH */

/* open(O_PATH) of path from base: the new fd, or -ENOENT, -ENOTDIR,
 * -ELOOP, -ENOMEM and the lookup's errors. */
static long open_path(struct inode *base, const char *path, long flags)
{
	int err = 0;
	struct inode *ip = lookup_at(base, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &err);

	if (!ip)
		return err;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode)) {
		inode_put(ip);
		return -ENOTDIR;
	}
	struct file *f = file_alloc(ip, flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW), &path_ops);
	inode_put(ip);
	if (!f)
		return -ENOMEM;
	int fd = fd_install(f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

#define O_NOATIME 01000000
#define ACC_READ(flags) (((flags)&O_ACCMODE) != O_WRONLY)
#define ACC_WRITE(flags) (((flags)&O_ACCMODE) != O_RDONLY || ((flags)&O_TRUNC))

/* May the caller open ip as flags ask, as Linux's may_open: read and/or
 * write permission (O_TRUNC asks for write; access mode 3 for both);
 * O_NOATIME only for the owner or CAP_FOWNER. 0, -EACCES, -EPERM. */
static int may_open(const struct inode *ip, long flags)
{
	int mask = (ACC_READ(flags) ? MAY_READ : 0) | (ACC_WRITE(flags) ? MAY_WRITE : 0);
	int err = inode_permission(ip, mask);

	if (err)
		return err;
	if ((flags & O_NOATIME) && !inode_owner_or_capable(ip))
		return -EPERM;
	return 0;
}

/* open/openat: the new fd, or -errno (see the file comment). */
static long do_open(int dirfd, const char __user *upath, long flags, long mode)
{
	int err = 0;
	char *path = getname((const char __user *)upath, &err);
	struct inode *ip = NULL;

	if (!path)
		return err;
	if (flags & O_PATH)
		flags &= O_PATH_FLAGS; /* as Linux: O_CREAT, O_TRUNC... are ignored */
	if ((flags & O_CREAT) && (flags & O_DIRECTORY)) { /* as Linux 6.4+ */
		kfree(path);
		return -EINVAL;
	}
	if (!have_free_fd()) {
		kfree(path);
		return -EMFILE;
	}
	struct inode *base = dirfd_inode(dirfd, path, &err);
	if (base && (flags & O_PATH)) {
		long fd = open_path(base, path, flags);
		kfree(path);
		return fd;
	}
	bool created = false;
	if (base)
		ip = (flags & O_CREAT) ? open_create(base, path, flags, mode, 0, &created, &err)
				       : lookup_at(base, path,
						   (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &err);
	kfree(path);
	if (!ip)
		return err;
	if (S_ISLNK(ip->mode)) /* O_NOFOLLOW met a link */
		err = -ELOOP;
	else if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if (S_ISDIR(ip->mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		err = -EISDIR; /* as Linux, O_TRUNC asks for write access */
	else if (((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)) && S_ISREG(ip->mode) &&
		 may_write_fs(ip))
		err = -EROFS; /* devices and FIFOs may be written */
	else if (!created && (err = may_open(ip, flags)))
		; /* a file this open made may be opened any way */
	else if (((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR ||
		  (flags & O_TRUNC)) &&
		 S_ISREG(ip->mode) && ip->i_writecount < 0)
		err = -ETXTBSY; /* a program some process runs; access mode 3 writes nothing */
	else if (!ip->fop)
		err = -ENXIO; /* a node with no driver behind it */
	if (err) {
		inode_put(ip);
		return err;
	}
	/* as Linux, O_TRUNC truncates even with O_RDONLY */
	if ((flags & O_TRUNC) && !created && S_ISREG(ip->mode) && ip->fop == &ramfs_file_ops) {
		file_remove_privs(ip);
		ramfs_truncate(ip, 0);
		touch_mtime(ip);
	}
	struct file *f = file_alloc(ip, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC), ip->fop);
	inode_put(ip);
	if (!f)
		return -ENOMEM;
	if (S_ISREG(f->inode->mode) && file_writable(f)) {
		get_write_access(f->inode); /* checked above: cannot fail */
		f->write_access = true;
	}
	if (f->fop->open && (err = f->fop->open(f->inode, f))) {
		f->fop = NULL; /* nothing to release */
		file_put(f);
		return err;
	}
	f->flags &= ~O_NOCTTY; /* the open hook (a terminal's) has seen it */
	int fd = fd_install(f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* open(2) relative to the cwd. */
long sys_open(const char __user *path, long flags, long mode)
{
	return do_open(AT_FDCWD, path, flags, mode);
}

/* creat(2): open for writing, created or truncated. */
long sys_creat(const char __user *path, long mode)
{
	return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* openat(2) relative to dirfd. */
long sys_openat(long dirfd, const char __user *path, long flags, long mode)
{
	return do_open(dirfd, path, flags, mode);
}
