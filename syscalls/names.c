/*
 * The calls on names that are not open: access, chdir, fchdir, getcwd,
 * mkdir(at), rmdir, unlink(at) and rename. A directory may be removed
 * while it is open or some process's cwd, as on Linux: it lives on empty,
 * and creating anything in it gives ENOENT (dir_link).
 * Paths come in through getname() (strncpy_from_user): -EFAULT for a bad
 * pointer, -ENAMETOOLONG past PATH_MAX, -ENOENT for "".
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

#define AT_REMOVEDIR 0x200

/* access(2): 0, -EACCES for X_OK without an x bit, or a lookup error. */
long sys_access(long upath, long mode)
{
	int err = 0;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	struct inode *ip = namei_user((const char __user *)upath, &err);
	if (!ip)
		return err;
	/* root may read and write anything; executing needs an x bit */
	if ((mode & X_OK) && !S_ISDIR(ip->mode) && !(ip->mode & 0111))
		err = -EACCES;
	inode_put(ip);
	return err;
}

/* chdir(2): make the directory at upath the cwd; 0 or -errno. */
long sys_chdir(long upath)
{
	int err;
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
				 size_t *len, int *err)
{
	char *path = getname((const char __user *)upath, err);

	if (!path)
		return NULL;
	struct inode *base = dirfd_inode(dirfd, path, err);
	struct inode *dir = base ? namei_parent_at(base, path, name, len, err) : NULL;
	if (dir && *len > NAME_MAX) {
		inode_put(dir);
		dir = NULL;
		*err = -ENAMETOOLONG;
	}
	if (!dir) {
		kfree(path);
		return NULL;
	}
	*pathp = path;
	return dir;
}

/* mkdir/mkdirat: 0, -EEXIST, -ENOENT (missing or removed parent), -ENOSPC... */
static long do_mkdir(int dirfd, long upath, long mode)
{
	int err = 0;
	const char *name;
	size_t len;
	char *path;
	struct inode *dir = user_parent(dirfd, upath, &path, &name, &len, &err);

	if (!dir)
		return err;
	if (is_dot_name(name, len) || dir_lookup(dir, name, len))
		err = -EEXIST;
	else
		ramfs_mkdir(dir, name, len, mode & 01777 & ~current->umask, &err);
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
	int err = 0;
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
	int err = 0;
	const char *oname, *nname;
	size_t olen, nlen;
	char *opath = getname((const char __user *)uold, &err);
	char *npath = opath ? getname((const char __user *)unew, &err) : NULL;
	struct inode *odir = NULL, *ndir = NULL;

	if (!npath)
		goto out;
	odir = namei_parent(opath, &oname, &olen, &err);
	ndir = odir ? namei_parent(npath, &nname, &nlen, &err) : NULL;
	if (!ndir)
		goto out;
	if (is_dot_name(oname, olen) || is_dot_name(nname, nlen)) {
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
