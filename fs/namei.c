/*
 * Path names. Resolution walks the ramfs from the root (absolute paths)
 * or the current directory, one component at a time: "." stays, ".."
 * goes to the parent (the root's parent is the root), repeated slashes
 * count as one. A directory something is mounted on stands for the
 * mounted root, and ".." of a mounted root is the parent of the
 * directory it covers (fs/mount.c). A directory's ".." is its parent pointer, a counted
 * reference, so it stays valid after the directory (and the parent) are
 * removed, as Linux's dentries keep theirs; a removed directory is empty,
 * so every lookup in it gives ENOENT. getcwd's text is rebuilt from the
 * tree by dir_path(), so it follows renames.
 * Errors are Linux's: ENOENT (missing, or an empty path), ENOTDIR (a
 * non-final component, or a name followed by "/", that is not a
 * directory), ENAMETOOLONG (a component over NAME_MAX, a path over
 * PATH_MAX), ELOOP (more than MAXSYMLINKS symbolic links followed),
 * EACCES (a directory on the way, the last one included, that the caller
 * may not search: fs/permission.c).
 * A symbolic link is followed where it stands: its target is resolved
 * from the directory holding it (the root if absolute), then the walk
 * goes on from what it names.
 * Every lookup returns its inode (or buffer) or NULL, with the -errno in
 * an int *err: one convention for the whole family.
 *
 * "The root" is the caller's: the directory chroot gave it (proc->root),
 * else the ramfs root. Absolute paths and absolute link targets start
 * there, ".." does not climb above it, and dir_path's names are relative
 * to it. As Linux, a process whose cwd is outside its root can still
 * walk ".." from there (chroot does not move the cwd).
 */
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/permission.h>
#include <asm/uaccess.h>

/* Copy a user path into a kmalloc'd PATH_MAX buffer: the buffer, or NULL
 * with *err -EFAULT, -ENAMETOOLONG, -ENOENT ("") or -ENOMEM. */
char *getname(const char __user *upath, int *err)
{
	char *buf = kmalloc(PATH_MAX);

	if (!buf) {
		*err = -ENOMEM;
		return NULL;
	}
	long n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n < 0 || n == PATH_MAX || n == 0) {
		*err = n < 0 ? -EFAULT : n ? -ENAMETOOLONG : -ENOENT;
		kfree(buf);
		return NULL;
	}
	return buf;
}

/* Step *p over slashes and the next component; returns that component
 * through *name and its length. */
static size_t next_component(const char **p, const char **name)
{
	while (**p == '/')
		(*p)++;
	*name = *p;
	while (**p && **p != '/')
		(*p)++;
	return *p - *name;
}

static struct inode *resolve(struct inode *base, const char *path, unsigned flags, bool parent_only,
			     const char **last, size_t *lastlen, int *links, int *err);

/* Follow the symbolic link ip found in directory dir: the inode its target
 * names (looked up from dir, or the root for an absolute target, every
 * link in it followed), without a reference; NULL with *err, -ELOOP past
 * MAXSYMLINKS links in the whole lookup. */
static struct inode *follow_link(struct inode *dir, struct inode *ip, int *links, int *err)
{
	if (++*links > MAXSYMLINKS) {
		*err = -ELOOP;
		return NULL;
	}
	if (ip->iop && ip->iop->jump) /* a /proc magic link */
		return ip->iop->jump(ip, err);
	if (!ip->iop || !ip->iop->get_link)
		return resolve(dir, ip->link, LOOKUP_FOLLOW, false, NULL, NULL, links, err);
	char *text = kmalloc(PATH_MAX); /* a /proc link whose text is made now */
	int n = text ? ip->iop->get_link(ip, text, PATH_MAX) : -ENOMEM;
	struct inode *next = NULL;
	if (n < 0)
		*err = n;
	else
		next = resolve(dir, text, LOOKUP_FOLLOW, false, NULL, NULL, links, err);
	kfree(text);
	return next;
}

/*
 * Walk path from base (the root for an absolute path), taking no
 * references (nothing can change under a walk: it does not sleep). With
 * parent_only, stop before the last component and return it through
 * *last, *lastlen. Links in the middle are followed, a last one only with
 * LOOKUP_FOLLOW or a slash after it; *links counts them.
 */
static struct inode *resolve(struct inode *base, const char *path, unsigned flags, bool parent_only,
			     const char **last, size_t *lastlen, int *links, int *err)
{
	struct inode *root = fs_root();
	struct inode *ip = (path[0] == '/' || !base) ? root : base;
	const char *p = path;

	if (!*path) {
		*err = -ENOENT;
		return NULL;
	}
	if (strlen(path) >= PATH_MAX) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	for (;;) {
		const char *name;
		size_t len = next_component(&p, &name);
		const char *rest = p;
		while (*rest == '/')
			rest++;
		int e = len && S_ISDIR(ip->mode) ? inode_permission(ip, MAY_EXEC) : 0;
		if (e) { /* as Linux's may_lookup, before any name in ip: the
			  * search permission (EACCES) and dir's own hook */
			*err = e;
			return NULL;
		}
		if (parent_only && !*rest) {
			/* name is the last component (maybe empty: path "/"); the
			 * caller checks its length where Linux looks it up */
			if (!S_ISDIR(ip->mode)) {
				*err = -ENOTDIR;
				return NULL;
			}
			*last = name;
			*lastlen = len;
			return ip;
		}
		if (len == 0) /* end of path, possibly after a slash */
			return ip;
		if (len > NAME_MAX) {
			*err = -ENAMETOOLONG;
			return NULL;
		}
		if (!S_ISDIR(ip->mode)) {
			*err = -ENOTDIR;
			return NULL;
		}
		if (is_dot_name(name, len)) { /* "." stays, ".." climbs */
			if (len == 2 && ip != root)
				ip = mount_dotdot(ip);
			continue;
		}
		struct inode *next = dir_lookup(ip, name, len);
		if (!next) {
			*err = -ENOENT;
			return NULL;
		}
		next = mount_cross(next);
		if (S_ISLNK(next->mode) && (*rest || *p == '/' || (flags & LOOKUP_FOLLOW))) {
			next = follow_link(ip, next, links, err);
			if (!next)
				return NULL;
		}
		if (*p == '/' && !S_ISDIR(next->mode)) {
			*err = -ENOTDIR;
			return NULL;
		}
		ip = next;
	}
}

/* resolve() from the start of a lookup, taking a reference to the result;
 * the /proc nodes earlier lookups made and nothing holds go first. */
static struct inode *walk(struct inode *base, const char *path, unsigned flags, bool parent_only,
			  const char **last, size_t *lastlen, int *err)
{
	int links = 0;

	procfs_drain();
	struct inode *ip = resolve(base, path, flags, parent_only, last, lastlen, &links, err);

	if (ip)
		inode_get(ip);
	return ip;
}

/* Copy a user path and resolve it from the cwd: the inode with a
 * reference, or NULL with *err set. */
struct inode *namei_user(const char __user *upath, int *err)
{
	char *path = getname(upath, err);

	if (!path)
		return NULL;
	struct inode *ip = namei(path, err);
	kfree(path);
	return ip;
}

/* The caller's root: its chroot directory, or the ramfs root. */
struct inode *fs_root(void)
{
	return current && current->root ? current->root : root_inode;
}

/* The current directory (the root before the first process). */
static struct inode *cwd_inode(void)
{
	return current ? current->cwd : root_inode;
}

/* Resolve path from the cwd: the inode with a reference, or NULL with *err. */
struct inode *namei(const char *path, int *err)
{
	return walk(cwd_inode(), path, LOOKUP_FOLLOW, false, NULL, NULL, err);
}

/* Resolve path from base, following a last link iff flags has
 * LOOKUP_FOLLOW: the inode with a reference, or NULL with *err. */
struct inode *lookup_at(struct inode *base, const char *path, unsigned flags, int *err)
{
	return walk(base, path, flags, false, NULL, NULL, err);
}

/* Resolve all of path but its last component from the cwd (see fs.h). */
struct inode *namei_parent(const char *path, const char **name, size_t *len, int *err)
{
	return walk(cwd_inode(), path, 0, true, name, len, err);
}

/* Resolve path from base: the inode with a reference, or NULL with *err. */
struct inode *namei_at(struct inode *base, const char *path, int *err)
{
	return walk(base, path, LOOKUP_FOLLOW, false, NULL, NULL, err);
}

/* Resolve all of path but its last component from base (see fs.h). */
struct inode *namei_parent_at(struct inode *base, const char *path, const char **name, size_t *len,
			      int *err)
{
	return walk(base, path, 0, true, name, len, err);
}

/* The directory an *at() call starts from (see fs.h); no reference. */
struct inode *dirfd_inode(int dirfd, const char *path, int *err)
{
	if (path[0] == '/' || dirfd == AT_FDCWD)
		return cwd_inode();
	struct file *f = fget_raw(dirfd);
	if (!f || !f->inode) {
		*err = -EBADF;
		return NULL;
	}
	if (!S_ISDIR(f->inode->mode)) {
		*err = -ENOTDIR;
		return NULL;
	}
	return f->inode;
}

/* dir's permission hook, if it has one: 0 or -errno. */
int dir_permission(struct inode *dir)
{
	return dir->iop && dir->iop->permission ? dir->iop->permission(dir) : 0;
}

#define DIR_NAME_MADE 16 /* a made-up directory's name: a pid, "fdinfo" */

/* Build dir's absolute path at the end of buf (see fs.h): its start, or
 * NULL with *err -ENOENT (removed) or -ENAMETOOLONG. A made-up directory
 * (/proc/PID) is named by its dir_name hook. */
char *dir_path(struct inode *dir, char *buf, size_t size, int *err)
{
	struct inode *root = fs_root();
	char *p = buf + size - 1;

	*p = '\0';
	for (struct inode *d = dir; d != root_inode && d != root; d = d->parent) {
		d = mount_covered(d); /* a mounted root's name is its directory's */
		if (d == root_inode || d == root)
			break;
		struct inode *up = d->parent;
		const char *name = NULL;
		char made[DIR_NAME_MADE];
		if (dir_dead(d) || up == d) {
			name = NULL;
		} else if (d->iop && d->iop->dir_name) { /* /proc/PID, its fd/ */
			if (d->iop->dir_name(d, d == dir, made, sizeof(made)) > 0)
				name = made;
		} else {
			name = d->d_entry ? d->d_entry->name : NULL; /* its entry in up */
		}
		if (!name) {
			*err = -ENOENT; /* removed, or in a file system unmounted since */
			return NULL;
		}
		size_t len = strlen(name);
		if ((size_t)(p - buf) < len + 1) {
			*err = -ENAMETOOLONG;
			return NULL;
		}
		p -= len;
		memcpy(p, name, len);
		*--p = '/';
	}
	if (!*p) {
		if (p == buf) {
			*err = -ENAMETOOLONG;
			return NULL;
		}
		*--p = '/';
	}
	return p;
}

/* Is directory dir the caller's root or below it (a walk of ".." from it
 * meets the root)? */
bool dir_reachable(struct inode *dir)
{
	struct inode *root = fs_root();

	for (struct inode *d = dir;; d = d->parent) {
		if (d == root)
			return true;
		d = mount_covered(d);
		if (d == root)
			return true;
		if (d == root_inode || d->parent == d)
			return false;
	}
}
