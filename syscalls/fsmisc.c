/*
 * The smaller file calls beyond DESIGN's table that ordinary programs
 * still make: rename, pipe2, dup3, fchdir, truncate64/ftruncate64,
 * fsync/fdatasync, chmod/fchmod. Same conventions as syscalls/open.c.
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

long sys_pipe(long ufds);
long sys_dup2(long oldfd, long newfd);

/* Is d the same as a, or inside it? (following parents up to the root) */
static bool within(struct inode *d, struct inode *a)
{
	for (;; d = d->parent) {
		if (d == a)
			return true;
		if (d == root_inode)
			return false;
	}
}

/* Is name[0..len) empty, "." or ".."? */
static bool is_dots(const char *name, size_t len)
{
	return len == 0 || (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/*
 * rename(old, new), with Linux's checks in Linux's order: both parents
 * are resolved; "/", "." or ".." as either last component is -EBUSY; a
 * missing old is -ENOENT (a name over NAME_MAX, -ENAMETOOLONG, is found
 * as each is looked up: old first, then new); a trailing slash on either name needs old to
 * be a directory (-ENOTDIR); a directory cannot move into itself or below
 * (-EINVAL), nor replace one of its own ancestors (-ENOTEMPTY); two
 * names of one file is success with nothing done; then new must be of
 * old's kind (-ENOTDIR, -EISDIR), a directory it replaces must be empty
 * (-ENOTEMPTY), and a new parent that was removed gives -ENOENT.
 * dir_rename makes the move all or nothing.
 */
long sys_rename(long uold, long unew)
{
	long err = 0;
	int ierr = 0;
	const char *oname, *nname;
	size_t olen, nlen;
	char *opath = getname((const char __user *)uold, &err);
	char *npath = opath ? getname((const char __user *)unew, &err) : NULL;
	struct inode *odir = NULL, *ndir = NULL;

	if (!npath)
		goto out;
	odir = namei_parent(opath, &oname, &olen, &ierr);
	ndir = odir ? namei_parent(npath, &nname, &nlen, &ierr) : NULL;
	if (!ndir) {
		err = ierr;
		goto out;
	}
	if (is_dots(oname, olen) || is_dots(nname, nlen)) {
		err = -EBUSY;
		goto out;
	}
	struct inode *ip = dir_lookup(odir, oname, olen);
	struct inode *victim = dir_lookup(ndir, nname, nlen);
	bool slash = opath[strlen(opath) - 1] == '/' || npath[strlen(npath) - 1] == '/';
	if (olen > NAME_MAX)
		err = -ENAMETOOLONG;
	else if (!ip)
		err = -ENOENT;
	else if (nlen > NAME_MAX)
		err = -ENAMETOOLONG;
	else if (!S_ISDIR(ip->mode) && slash)
		err = -ENOTDIR;
	else if (within(ndir, ip))
		err = -EINVAL;
	else if (victim && within(odir, victim))
		err = -ENOTEMPTY;
	else if (victim == ip)
		err = 0;
	else if (victim && S_ISDIR(ip->mode) && !S_ISDIR(victim->mode))
		err = -ENOTDIR;
	else if (victim && !S_ISDIR(ip->mode) && S_ISDIR(victim->mode))
		err = -EISDIR;
	else if (victim && victim->entries)
		err = -ENOTEMPTY;
	else
		err = dir_rename(odir, oname, olen, ndir, nname, nlen);
out:
	if (odir)
		inode_put(odir);
	if (ndir)
		inode_put(ndir);
	kfree(opath);
	kfree(npath);
	return err;
}

/* pipe with O_CLOEXEC / O_NONBLOCK on both ends; other flags -EINVAL. */
long sys_pipe2(long ufds, long flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	long err = sys_pipe(ufds);
	if (err)
		return err;
	int fds[2];
	if (copy_from_user(fds, (const void __user *)ufds, sizeof(fds)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		struct file *f = fget(fds[i]);
		if (!f)
			continue;
		f->flags |= flags & O_NONBLOCK;
		current->fd_flags[fds[i]] = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
	}
	return 0;
}

/* dup2 that sets FD_CLOEXEC from flags; oldfd == newfd is -EINVAL. */
long sys_dup3(long oldfd, long newfd, long flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	long fd = sys_dup2(oldfd, newfd);
	if (fd >= 0)
		current->fd_flags[fd] = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
	return fd;
}

/* Make fd's directory the cwd; a removed one is allowed, as on Linux
 * (getcwd then gives ENOENT). */
long sys_fchdir(long fd)
{
	struct file *f = fget(fd);

	if (!f || !f->inode)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	inode_get(f->inode);
	inode_put(current->cwd);
	current->cwd = f->inode;
	return 0;
}

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
	loff_t len = (loff_t)(((uint64_t)(uint32_t)hi << 32) | (uint32_t)lo);

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
	long err;
	loff_t len = (loff_t)(((uint64_t)(uint32_t)hi << 32) | (uint32_t)lo);
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
	long err;
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
