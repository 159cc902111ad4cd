/*
 * Links and the paths they show. A ramfs symbolic link keeps its text;
 * a /proc link makes it on each read (get_link). /proc/PID/exe, cwd,
 * root and fd/N are Linux's "magic" links: following one goes straight
 * to the file it names (jump), even one that no path reaches any more,
 * and readlink shows that file's path as Linux does.
 *
 * A directory's path comes from its parent pointers (dir_path). Another
 * file's is found by searching the tree from the root, depth first in
 * the order names were made, into what is mounted on a directory rather
 * than its covered entries, /proc left out: the first name of the inode
 * wins, so for a file with several hard links it may be another one than
 * the process used. A file that lost its last name while open shows the
 * name it had and " (deleted)", as Linux.
 */
#include <kernel/procfs.h>
#include <kernel/mm.h>

#define PATH_SEARCH_DEPTH 32 /* directories inode_path descends, at most */

/* The text of link ip (see fs.h): its length, or -errno. */
int inode_readlink(struct inode *ip, char *buf, size_t size)
{
	if (ip->iop && ip->iop->get_link)
		return ip->iop->get_link(ip, buf, size);
	if (!ip->link)
		return -EINVAL;
	strlcpy(buf, ip->link, size);
	return strlen(buf);
}

/* Write "/a/b/.../name" for the entries stack[0..depth) and last into
 * buf. Returns its length, or -ENAMETOOLONG. */
static int join_path(struct dirent_node *const stack[], int depth, const struct dirent_node *last,
		     char *buf, size_t size)
{
	size_t len = 0;

	for (int i = 0; i <= depth; i++) {
		const char *name = i < depth ? stack[i]->name : last->name;
		size_t n = strlen(name);
		if (len + 1 + n + 1 > size)
			return -ENAMETOOLONG;
		buf[len++] = '/';
		memcpy(buf + len, name, n);
		len += n;
	}
	buf[len] = '\0';
	return len;
}

/* The path of file ip that lost its last name while open, as Linux shows
 * it: "<where it was> (deleted)". Returns the length or -errno. */
static int deleted_path(struct inode *ip, char *buf, size_t size)
{
	int err = 0;
	char *dir = ip->gone_dir ? dir_path(ip->gone_dir, buf, size, &err) : NULL;

	if (!ip->gone_name)
		return -ENOENT;
	if (!dir) /* its directory went too: the name alone */
		return snprintf(buf, size, "%s (deleted)", ip->gone_name);
	size_t dlen = strlen(dir);
	memmove(buf, dir, dlen + 1);
	int n = snprintf(buf + dlen, size - dlen, "%s%s (deleted)", dlen > 1 ? "/" : "",
			 ip->gone_name);
	return (size_t)n < size - dlen ? (int)dlen + n : -ENAMETOOLONG;
}

/* The absolute path of ip (see procfs.h): its length or -errno. */
int inode_path(struct inode *ip, char *buf, size_t size)
{
	struct dirent_node *stack[PATH_SEARCH_DEPTH];
	int depth = 0, err = 0;

	if (S_ISDIR(ip->mode)) {
		char *p = dir_path(ip, buf, size, &err);
		if (!p)
			return err;
		memmove(buf, p, strlen(p) + 1);
		return strlen(buf);
	}
	struct dirent_node *e = root_inode->entries;
	if (ip->nlink == 0)
		return deleted_path(ip, buf, size);
	for (;;) {
		if (!e) {
			if (depth == 0)
				return -ENOENT;
			e = stack[--depth]->next;
			continue;
		}
		if (e->inode == ip)
			return join_path(stack, depth, e, buf, size);
		struct inode *d = mount_cross(e->inode); /* what is mounted there, if anything */
		if (S_ISDIR(d->mode) && !is_procfs(d) && d->entries && depth < PATH_SEARCH_DEPTH) {
			stack[depth++] = e;
			e = d->entries;
			continue;
		}
		e = e->next;
	}
}

/* What an fd/N link says of f (see procfs.h): its length or -errno. */
int file_link_text(struct file *f, char *buf, size_t size)
{
	struct inode *ip = f->inode;

	if (!ip)
		return -ENOENT;
	int n = inode_path(ip, buf, size);
	if (n >= 0 || n == -ENAMETOOLONG)
		return n;
	if (S_ISFIFO(ip->mode))
		return snprintf(buf, size, "pipe:[%u]", ip->ino);
	return n;
}

/* The process a magic link ip describes, or NULL with *err: -ENOENT once
 * it was reaped, -EACCES without the right to look into it (may_inspect,
 * as Linux's proc_fd_access_allowed). */
static struct proc *link_proc(struct inode *ip, int *err)
{
	struct proc *p = proc_of(ip);

	*err = !p ? -ENOENT : !may_inspect(p) ? -EACCES : 0;
	return *err ? NULL : p;
}

/* /proc/PID/exe: the process's program file, or NULL with -ENOENT. */
static struct inode *exe_jump(struct inode *ip, int *err)
{
	struct proc *p = link_proc(ip, err);

	if (!p)
		return NULL;
	if (!p->exe) {
		*err = -ENOENT;
		return NULL;
	}
	return p->exe;
}

/* /proc/PID/cwd: the process's working directory, or NULL with -ENOENT. */
static struct inode *cwd_jump(struct inode *ip, int *err)
{
	struct proc *p = link_proc(ip, err);

	if (!p)
		return NULL;
	if (!p->cwd) {
		*err = -ENOENT;
		return NULL;
	}
	return p->cwd;
}

/* /proc/PID/root: its root (chroot's directory), while it has not exited. */
static struct inode *root_jump(struct inode *ip, int *err)
{
	struct proc *p = link_proc(ip, err);

	if (!p)
		return NULL;
	if (p->state == P_ZOMBIE) {
		*err = -ENOENT;
		return NULL;
	}
	return p->root ? p->root : root_inode;
}

/* The text of a magic link: the path of what its jump names. Returns the
 * length or -errno. */
static int magic_get_link(struct inode *ip, char *buf, size_t size)
{
	int err = 0;
	struct inode *target = ip->iop->jump(ip, &err);

	return target ? inode_path(target, buf, size) : err;
}

const struct inode_operations proc_exe_iop = { .get_link = magic_get_link, .jump = exe_jump };
const struct inode_operations proc_cwd_iop = { .get_link = magic_get_link, .jump = cwd_jump };
const struct inode_operations proc_root_link_iop = {
	.get_link = magic_get_link,
	.jump = root_jump,
};

/* Link dir/name to a new symbolic link holding target. Panics without
 * memory (boot). */
static void make_symlink(struct inode *dir, const char *name, const char *target)
{
	struct inode *ip = inode_new(S_IFLNK | 0777);
	char *text = ip ? kmalloc(strlen(target) + 1) : NULL;

	if (!text)
		panic("make_symlink: out of memory");
	strcpy(text, target);
	ip->link = text;
	ip->size = strlen(text);
	if (dir_link(dir, name, strlen(name), ip))
		panic("make_symlink: cannot link %s", name);
	inode_put(ip);
}

/* /dev/stdin, stdout, stderr and fd, as Linux's udev makes them. */
void dev_links_init(void)
{
	struct inode *dev = dir_lookup(root_inode, "dev", 3);

	if (!dev)
		panic("dev_links_init: no /dev");
	make_symlink(dev, "stdin", "/proc/self/fd/0");
	make_symlink(dev, "stdout", "/proc/self/fd/1");
	make_symlink(dev, "stderr", "/proc/self/fd/2");
	make_symlink(dev, "fd", "/proc/self/fd");
}
