/*
 * The calls on names that are not open: access, faccessat(2), chdir,
 * fchdir, getcwd, mkdir(at), rmdir, unlink(at), rename(at)(2). A directory may be removed
 * while it is open or some process's cwd, as on Linux: it lives on empty,
 * and creating anything in it gives ENOENT (dir_link). On a file system
 * mounted read-only every change is EROFS (may_write_fs), after the
 * checks Linux makes first; a mount point cannot be removed or renamed
 * (EBUSY), and nothing is renamed from one file system to another (EXDEV).
 * Paths come in through getname() (strncpy_from_user): -EFAULT for a bad
 * pointer, -ENAMETOOLONG past PATH_MAX, -ENOENT for "".
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/permission.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define AT_EACCESS 0x200 /* faccessat2: check with the effective ids */

/* Resolve the user path upath from dirfd, following a last link iff
 * follow; AT_EMPTY_PATH in flags lets "" mean dirfd's own file. The inode
 * (with a reference) or NULL with *err. */
struct inode *user_lookup_at(int dirfd, const char __user *upath, unsigned follow, long flags,
			     int *err)
{
	char *path = getname((const char __user *)upath, err);

	if (!path) {
		if (*err != -ENOENT || !(flags & AT_EMPTY_PATH))
			return NULL;
		struct inode *ip = current->cwd;
		if (dirfd != AT_FDCWD) {
			struct file *f = fget_raw(dirfd);
			if (!f || !f->inode) {
				*err = -EBADF;
				return NULL;
			}
			ip = f->inode;
		}
		*err = 0; /* getname's -ENOENT is not the answer */
		inode_get(ip);
		return ip;
	}
	struct inode *base = dirfd_inode(dirfd, path, err);
	struct inode *ip = base ? lookup_at(base, path, follow, err) : NULL;
	kfree(path);
	return ip;
}

/*
 * access and the faccessat calls, as Linux: the check (the path walk
 * included) is made with the real uid and gid as the fs ids, and with no
 * capabilities unless the real uid is 0 (then the permitted set); with
 * AT_EACCESS, with the caller's own fs ids. W_OK on a read-only mount is
 * EROFS; then inode_permission's EACCES (X_OK needs an x bit even for
 * root). 0 or -errno.
 */
static long do_access(int dirfd, const char __user *upath, long mode, long flags)
{
	int err = 0;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct cred saved = current->cred;
	if (!(flags & AT_EACCESS)) {
		current->cred.fsuid = saved.uid;
		current->cred.fsgid = saved.gid;
		current->cred.cap_effective = saved.uid == 0 ? saved.cap_permitted : 0;
	}
	unsigned follow = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct inode *ip = user_lookup_at(dirfd, upath, follow, flags, &err);
	if (ip) {
		if ((mode & W_OK) && (S_ISREG(ip->mode) || S_ISDIR(ip->mode) || S_ISLNK(ip->mode)))
			err = may_write_fs(ip); /* a read-only mount: EROFS, as Linux */
		if (!err) /* R_OK, W_OK and X_OK are MAY_READ, MAY_WRITE, MAY_EXEC */
			err = inode_permission(ip, (int)mode);
		inode_put(ip);
	}
	current->cred = saved;
	return err;
}

/* access(2) relative to the cwd. */
long sys_access(const char __user *upath, long mode)
{
	return do_access(AT_FDCWD, upath, mode, 0);
}

/* faccessat(2): the system call has no flags. */
long sys_faccessat(long dirfd, const char __user *upath, long mode)
{
	return do_access(dirfd, upath, mode, 0);
}

/* faccessat2(2): with AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
long sys_faccessat2(long dirfd, const char __user *upath, long mode, long flags)
{
	return do_access(dirfd, upath, mode, flags);
}

/* chdir(2): make the directory at upath the cwd; 0, -ENOTDIR, -EACCES (no
 * search permission) or a lookup error. */
long sys_chdir(const char __user *upath)
{
	int err;
	struct inode *ip = namei_user((const char __user *)upath, &err);

	if (!ip)
		return err;
	if (!S_ISDIR(ip->mode) || (err = inode_permission(ip, MAY_EXEC))) {
		inode_put(ip);
		return S_ISDIR(ip->mode) ? err : -ENOTDIR;
	}
	inode_put(current->cwd);
	current->cwd = ip;
	return 0;
}

#define UNREACHABLE "(unreachable)"

/* The cwd's path, rebuilt from the tree: -ENOENT once it was removed, as
 * Linux; -ERANGE when size cannot hold it and its NUL. A cwd outside the
 * caller's root (chroot) is "(unreachable)" and its full path, as Linux. */
long sys_getcwd(void __user *ubuf, long size)
{
	int err = 0;
	char *buf = kmalloc(PATH_MAX);

	if (!buf)
		return -ENOMEM;
	char *path = dir_path(current->cwd, buf, PATH_MAX, &err);
	if (path && !dir_reachable(current->cwd)) {
		size_t n = sizeof(UNREACHABLE) - 1;
		if ((size_t)(path - buf) < n) {
			path = NULL;
			err = -ENAMETOOLONG;
		} else {
			path -= n;
			memcpy(path, UNREACHABLE, n);
		}
	}
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
struct inode *user_parent(int dirfd, const char __user *upath, char **pathp, const char **name,
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

/* mkdir/mkdirat: 0, -EEXIST, -EROFS, -EACCES (may_create), -ENOENT
 * (missing or removed parent), -ENOSPC... */
static long do_mkdir(int dirfd, const char __user *upath, long mode)
{
	int err = 0;
	const char *name;
	size_t len;
	char *path;
	struct inode *dir = user_parent(dirfd, upath, &path, &name, &len, &err);

	if (!dir)
		return err;
	struct inode *ip = NULL;
	if (is_dot_name(name, len) || dir_lookup(dir, name, len))
		err = -EEXIST;
	else if (!(err = may_write_fs(dir)) && !(err = may_create(dir)))
		ip = ramfs_mkdir(dir, name, len, mode & 01777 & ~current->umask, &err);
	if (ip)
		inode_init_owner(ip, dir);
	inode_put(dir);
	kfree(path);
	return err;
}

/* mkdir(2) relative to the cwd. */
long sys_mkdir(const char __user *path, long mode)
{
	return do_mkdir(AT_FDCWD, path, mode);
}

/* mkdirat(2) relative to dirfd. */
long sys_mkdirat(long dirfd, const char __user *path, long mode)
{
	return do_mkdir(dirfd, path, mode);
}

/* unlink/rmdir relative to dirfd, with Linux's errors: 0 or -errno. */
static long do_unlink(int dirfd, const char __user *upath, bool rmdir)
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
	else if ((err = may_write_fs(dir)))
		; /* EROFS before the name is looked up, as Linux */
	else if (!ip)
		err = -ENOENT;
	else if ((err = may_delete(dir, ip)))
		; /* EACCES, or EPERM in a sticky directory */
	else if (rmdir && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if (!rmdir && S_ISDIR(ip->mode))
		err = -EISDIR;
	else if (!rmdir && path[strlen(path) - 1] == '/')
		err = -ENOTDIR;
	else if (ip->mounted)
		err = -EBUSY;	 /* something is mounted on it */
	else if (is_procfs(dir)) /* /proc is read-only, as on Linux */
		err = -EPERM;
	else if (is_procfs(ip)) /* /proc itself, a mount point on Linux */
		err = -EBUSY;
	else if (rmdir && ip->entries)
		err = -ENOTEMPTY;
	else
		err = dir_unlink(dir, name, len);
	inode_put(dir);
	kfree(path);
	return err;
}

/* unlink(2). */
long sys_unlink(const char __user *path)
{
	return do_unlink(AT_FDCWD, path, false);
}

/* rmdir(2). */
long sys_rmdir(const char __user *path)
{
	return do_unlink(AT_FDCWD, path, true);
}

/* unlinkat(2): AT_REMOVEDIR makes it rmdir; other flags -EINVAL. */
long sys_unlinkat(long dirfd, const char __user *path, long flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_unlink(dirfd, path, flags & AT_REMOVEDIR);
}

/* Make fd's directory the cwd (-EACCES without search permission); a
 * removed one is allowed, as on Linux (getcwd then gives ENOENT). */
long sys_fchdir(long fd)
{
	struct file *f = fget_raw(fd);

	if (!f || !f->inode)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	int err = inode_permission(f->inode, MAY_EXEC);
	if (err)
		return err;
	inode_get(f->inode);
	inode_put(current->cwd);
	current->cwd = f->inode;
	return 0;
}

/* Is d the same as a, or inside it? (following parents up to the root
 * of d's file system) */
static bool within(struct inode *d, struct inode *a)
{
	for (;; d = d->parent) {
		if (d == a)
			return true;
		if (d->parent == d)
			return false;
	}
}

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

/* Does path end in a slash? */
static bool trailing_slash(const char *path)
{
	return path[strlen(path) - 1] == '/';
}

/* May the caller move ip from odir to ndir (over victim, or exchanging
 * with it)? As Linux's vfs_rename: may_delete of ip, may_delete of victim
 * or may_create in ndir, and a directory that changes parents needs write
 * permission itself (for its ".."). 0, -EACCES or -EPERM. */
static int rename_permission(struct inode *odir, struct inode *ip, struct inode *ndir,
			     struct inode *victim, bool xchg)
{
	int err = may_delete(odir, ip);

	if (!err)
		err = victim ? may_delete(ndir, victim) : may_create(ndir);
	if (!err && odir != ndir && S_ISDIR(ip->mode))
		err = inode_permission(ip, MAY_WRITE);
	if (!err && odir != ndir && xchg && S_ISDIR(victim->mode))
		err = inode_permission(victim, MAY_WRITE);
	return err;
}

/*
 * rename(old, new), with Linux's checks in Linux's order: both parents
 * are resolved (from odfd and ndfd); parents in two file systems are
 * -EXDEV; "/", "." or ".." as either last
 * component is -EBUSY; a read-only file system -EROFS; a missing old is -ENOENT (a name over NAME_MAX,
 * -ENAMETOOLONG, is found as each is looked up: old first, then new);
 * with RENAME_NOREPLACE an existing new is -EEXIST, with RENAME_EXCHANGE
 * a missing one -ENOENT; a trailing slash on a name needs what it names
 * to be a directory (-ENOTDIR); a directory cannot move into itself or
 * below (-EINVAL), nor replace one of its own ancestors (-ENOTEMPTY,
 * -EINVAL for an exchange); two names of one file is success with nothing
 * done; the caller's permission (rename_permission: -EACCES, -EPERM);
 * a mount point on either side is -EBUSY; then (not for an exchange) new must be of old's kind (-ENOTDIR,
 * -EISDIR), a directory it replaces must be empty (-ENOTEMPTY), and a new
 * parent that was removed gives -ENOENT. dir_rename and dir_exchange
 * make the change all or nothing.
 */
static long do_rename(int odfd, const char __user *uold, int ndfd, const char __user *unew,
		      unsigned flags)
{
	int err = 0;
	const char *oname, *nname;
	size_t olen, nlen;
	bool xchg = flags & RENAME_EXCHANGE;

	if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) ||
	    (xchg && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT))))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL; /* no whiteouts: nothing overlays the ramfs */
	char *opath = getname((const char __user *)uold, &err);
	char *npath = opath ? getname((const char __user *)unew, &err) : NULL;
	struct inode *odir = NULL, *ndir = NULL, *obase, *nbase;

	if (!npath)
		goto out;
	obase = dirfd_inode(odfd, opath, &err);
	odir = obase ? namei_parent_at(obase, opath, &oname, &olen, &err) : NULL;
	nbase = odir ? dirfd_inode(ndfd, npath, &err) : NULL;
	ndir = nbase ? namei_parent_at(nbase, npath, &nname, &nlen, &err) : NULL;
	if (!ndir)
		goto out;
	if (!same_fs(odir, ndir) || is_procfs(odir) != is_procfs(ndir)) { /* /proc: its own */
		err = -EXDEV;
		goto out;
	}
	if (is_dot_name(oname, olen) || is_dot_name(nname, nlen)) {
		err = -EBUSY;
		goto out;
	}
	if ((err = may_write_fs(odir)))
		goto out;
	struct inode *ip = dir_lookup(odir, oname, olen);
	struct inode *victim = dir_lookup(ndir, nname, nlen);
	bool oslash = trailing_slash(opath), nslash = trailing_slash(npath);
	if (olen > NAME_MAX)
		err = -ENAMETOOLONG;
	else if (!ip)
		err = -ENOENT;
	else if (is_procfs(odir)) /* read-only: a new name is not found */
		err = victim ? -EPERM : -ENOENT;
	else if (is_procfs(ip) || (victim && is_procfs(victim)))
		err = -EBUSY; /* /proc itself */
	else if (nlen > NAME_MAX)
		err = -ENAMETOOLONG;
	else if ((flags & RENAME_NOREPLACE) && victim)
		err = -EEXIST;
	else if (xchg && !victim)
		err = -ENOENT;
	else if (!S_ISDIR(ip->mode) && (oslash || (!xchg && nslash)))
		err = -ENOTDIR;
	else if (xchg && !S_ISDIR(victim->mode) && nslash)
		err = -ENOTDIR;
	else if (within(ndir, ip))
		err = -EINVAL;
	else if (victim && within(odir, victim))
		err = xchg ? -EINVAL : -ENOTEMPTY;
	else if (victim == ip)
		err = 0;
	else if ((err = rename_permission(odir, ip, ndir, victim, xchg)))
		; /* EACCES, EPERM */
	else if (ip->mounted || (victim && victim->mounted))
		err = -EBUSY; /* a mount point stays where it is */
	else if (xchg)
		err = dir_exchange(odir, oname, olen, ndir, nname, nlen);
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

/* rename(2) relative to the cwd. */
long sys_rename(const char __user *uold, const char __user *unew)
{
	return do_rename(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

/* renameat(2). */
long sys_renameat(long odfd, const char __user *uold, long ndfd, const char __user *unew)
{
	return do_rename(odfd, uold, ndfd, unew, 0);
}

/* renameat2(2): RENAME_NOREPLACE or RENAME_EXCHANGE (RENAME_WHITEOUT is
 * -EINVAL). */
long sys_renameat2(long odfd, const char __user *uold, long ndfd, const char __user *unew,
		   long flags)
{
	return do_rename(odfd, uold, ndfd, unew, flags);
}
