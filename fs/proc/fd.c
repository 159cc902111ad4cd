/*
 * /proc/PID/fd and /proc/PID/fdinfo: one name per open descriptor of the
 * process, in increasing order. fd/N is a magic link to the open file's
 * inode (so opening it opens that file again, as Linux) whose text is
 * the file's path, "pipe:[INO]" or the device's path; its mode says how
 * the descriptor was opened (r-x, -wx or rwx for the owner, as Linux).
 * fdinfo/N is a text file: the descriptor's position and flags, Linux's
 * first lines.
 */
#include <kernel/procfs.h>

#define MNT_ID_PIPEFS 256  /* fdinfo mnt_id of a pipe: no listed mount has it */
#define S_IRWXU_LINK 00700 /* the owner bits an fd link's mode may show */

/* The file open on descriptor ip->fd of ip's process, or NULL. */
static struct file *node_file(const struct inode *ip)
{
	struct proc *p = proc_of(ip);

	if (!p || ip->fd < 0 || ip->fd >= p->max_fds)
		return NULL;
	return p->files[ip->fd];
}

/* The open file behind a descriptor name of directory dir, or NULL. */
static struct file *named_file(struct inode *dir, const char *name, size_t len, int *fd)
{
	struct proc *p = proc_of(dir);

	*fd = proc_name_number(name, len);
	if (!p || *fd < 0 || *fd >= p->max_fds)
		return NULL;
	return p->files[*fd];
}

/* An fd link's jump: the open file's inode, or NULL with -ENOENT once the
 * descriptor is closed. */
static struct inode *fd_jump(struct inode *ip, int *err)
{
	struct file *f = node_file(ip);

	if (!f || !f->inode) {
		*err = -ENOENT;
		return NULL;
	}
	return f->inode;
}

/* An fd link's text (file_link_text). Returns its length or -ENOENT. */
static int fd_get_link(struct inode *ip, char *buf, size_t size)
{
	struct file *f = node_file(ip);

	return f ? file_link_text(f, buf, size) : -ENOENT;
}

static const struct inode_operations fd_link_iop = { .get_link = fd_get_link, .jump = fd_jump };

/* An fd link's mode: r, w or both as the file was opened, and x. */
static uint32_t fd_link_mode(const struct file *f)
{
	return S_IFLNK | (S_IRWXU_LINK &
			  ((file_readable(f) ? 0400 : 0) | (file_writable(f) ? 0200 : 0) | 0100));
}

/* Lookup in fd/: the link for an open descriptor, or NULL. */
static struct inode *fd_dir_lookup(struct inode *dir, const char *name, size_t len)
{
	int fd;
	struct file *f = named_file(dir, name, len, &fd);

	if (!f)
		return NULL;
	struct inode *ip = proc_node_new(dir, fd_link_mode(f), dir->pid, fd,
					 proc_ino(dir->pid, PROC_INO_FD + fd), NULL, &fd_link_iop);
	if (ip)
		ip->size = PROC_FD_LINK_SIZE;
	return ip;
}

/* The lowest open descriptor of dir's process at or above pos -
 * PROC_DYN_POS, into *e: a link (links) or an fdinfo file, its inode in
 * slot + fd. False if there is none. */
static bool fd_readdir_common(struct inode *dir, loff_t pos, struct dyn_dirent *e, uint32_t slot,
			      bool links)
{
	struct proc *p = proc_of(dir);
	int from = pos < PROC_DYN_POS || !p ? 0 : (int)min(pos - PROC_DYN_POS, (loff_t)p->max_fds);

	for (int fd = from; p && fd < p->max_fds; fd++) {
		if (!p->files[fd])
			continue;
		e->pos = PROC_DYN_POS + fd;
		e->ino = proc_ino(dir->pid, slot + fd);
		e->mode = links ? fd_link_mode(p->files[fd]) : S_IFREG | 0444;
		snprintf(e->name, sizeof(e->name), "%d", fd);
		return true;
	}
	return false;
}

/* Listing fd/: one link per open descriptor. */
static bool fd_dir_readdir(struct inode *dir, loff_t pos, struct dyn_dirent *e)
{
	return fd_readdir_common(dir, pos, e, PROC_INO_FD, true);
}

/* The name of fd/ in /proc/PID, kept (as Linux) after the process is
 * gone. Returns its length. */
static int fd_dir_name(struct inode *dir, bool self, char *buf, size_t size)
{
	return snprintf(buf, size, "fd");
}

/* The name of fdinfo/, as fd_dir_name. Returns its length. */
static int fdinfo_dir_name(struct inode *dir, bool self, char *buf, size_t size)
{
	return snprintf(buf, size, "fdinfo");
}

const struct inode_operations proc_fd_dir_iop = {
	.lookup = fd_dir_lookup,
	.readdir = fd_dir_readdir,
	.dir_name = fd_dir_name,
};

/* fdinfo/N: "pos", "flags" (octal, O_CLOEXEC included when the descriptor
 * has FD_CLOEXEC), "mnt_id" (mountinfo's id of the file's mount) and
 * "ino", as Linux. Returns bytes read, or
 * -ENOENT once the descriptor is closed. */
static ssize_t fdinfo_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct inode *ip = f->inode;
	struct file *of = node_file(ip);
	char buf[128];

	if (!of || !of->inode)
		return -ENOENT;
	uint32_t flags = of->flags;
	if (proc_of(ip)->fd_flags[ip->fd] & FD_CLOEXEC)
		flags |= O_CLOEXEC;
	int len = snprintf(buf, sizeof(buf), "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%u\n",
			   (long long)of->pos, flags,
			   S_ISFIFO(of->inode->mode) ? MNT_ID_PIPEFS
						     : (int)MINOR(inode_dev(of->inode)),
			   of->inode->ino);
	return text_read(buf, len, to, pos);
}

static const struct file_operations fdinfo_ops = {
	.read_iter = fdinfo_read,
	.llseek = generic_llseek,
};

/* Lookup in fdinfo/: the text file for an open descriptor, or NULL. */
static struct inode *fdinfo_dir_lookup(struct inode *dir, const char *name, size_t len)
{
	int fd;

	if (!named_file(dir, name, len, &fd))
		return NULL;
	return proc_node_new(dir, S_IFREG | 0444, dir->pid, fd,
			     proc_ino(dir->pid, PROC_INO_FDINFO + fd), &fdinfo_ops, NULL);
}

/* Listing fdinfo/: one file per open descriptor. */
static bool fdinfo_dir_readdir(struct inode *dir, loff_t pos, struct dyn_dirent *e)
{
	return fd_readdir_common(dir, pos, e, PROC_INO_FDINFO, false);
}

const struct inode_operations proc_fdinfo_dir_iop = {
	.lookup = fdinfo_dir_lookup,
	.readdir = fdinfo_dir_readdir,
	.dir_name = fdinfo_dir_name,
};
