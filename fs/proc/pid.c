/*
 * /proc/PID and /proc/self. /proc is a ramfs directory (made at boot with
 * the machine-wide files); its lookup hook makes a directory for any
 * decimal name that is the pid of a process that exists (zombies
 * included), and its readdir hook lists those pids, in increasing order,
 * after the ramfs entries. A directory /proc/PID holds the entries of
 * pid_entries, made on lookup as well. See include/kernel/procfs.h for
 * how long such nodes live.
 *
 * /proc is read-only as on Linux: every node under it, the machine-wide
 * files included, carries an inode_operations, which the calls that make
 * or remove names check (is_procfs).
 */
#include <kernel/procfs.h>
#include <kernel/mm.h>
#include <kernel/pidhash.h>

#define PID_DIR_NLINK 4 /* ".", "..", fd and fdinfo */

/* The nodes made since the last walk began, each held once by this list. */
struct made_node {
	struct inode *ip;
	struct made_node *next;
};
static struct made_node *made;

/* Drop the list's reference to every node made since the last walk. */
void procfs_drain(void)
{
	while (made) {
		struct made_node *m = made;
		made = m->next;
		inode_put(m->ip);
		kfree(m);
	}
}

/* A new node (see procfs.h), its one reference the made list's. Returns
 * it, or NULL without memory. */
struct inode *proc_node_new(struct inode *parent, uint32_t mode, pid_t pid, int fd, uint32_t ino,
			    const struct file_operations *fop, const struct inode_operations *iop)
{
	struct made_node *m = kmalloc(sizeof(*m));
	struct inode *ip = m ? inode_new(mode) : NULL;

	if (!ip) {
		kfree(m);
		return NULL;
	}
	ip->ino = ino;
	ip->pid = pid;
	ip->fd = fd;
	struct proc *owner = pid > 0 ? proc_find(pid) : NULL;
	if (owner && !owner->not_dumpable) { /* else root's, as Linux */
		ip->uid = owner->cred.euid;
		ip->gid = owner->cred.egid;
	}
	ip->fop = fop;
	ip->iop = iop ? iop : &proc_file_iop;
	ip->nlink = 1;
	if (S_ISDIR(mode)) {
		ip->nlink = 2;
		ip->parent = parent;
		inode_get(parent);
	}
	m->ip = ip;
	m->next = made;
	made = m;
	return ip;
}

/* The process ip describes, zombies included; NULL once it was reaped. */
struct proc *proc_of(const struct inode *ip)
{
	return ip->pid > 0 ? proc_find(ip->pid) : NULL;
}

/* name[0..len) as a decimal number without leading zeros (Linux accepts
 * no other spelling of a pid or fd), or -1. */
int proc_name_number(const char *name, size_t len)
{
	int n = 0;

	if (len == 0 || len > 9 || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

/* What a /proc/PID directory holds, in Linux's order. */
struct pid_entry {
	const char *name;
	uint32_t mode;
	const struct file_operations *fop;
	const struct inode_operations *iop;
};

static const struct pid_entry pid_entries[] = {
	{ "fd", S_IFDIR | 0500, &ramfs_dir_ops, &proc_fd_dir_iop },
	{ "fdinfo", S_IFDIR | 0555, &ramfs_dir_ops, &proc_fdinfo_dir_iop },
	{ "environ", S_IFREG | 0400, &proc_environ_ops, NULL },
	{ "auxv", S_IFREG | 0400, &proc_auxv_ops, NULL },
	{ "status", S_IFREG | 0444, &proc_status_ops, NULL },
	{ "comm", S_IFREG | 0644, &proc_comm_ops, NULL },
	{ "cmdline", S_IFREG | 0444, &proc_cmdline_ops, NULL },
	{ "stat", S_IFREG | 0444, &proc_stat_ops, NULL },
	{ "statm", S_IFREG | 0444, &proc_statm_ops, NULL },
	{ "maps", S_IFREG | 0444, &proc_maps_ops, NULL },
	{ "cwd", S_IFLNK | 0777, NULL, &proc_cwd_iop },
	{ "root", S_IFLNK | 0777, NULL, &proc_root_link_iop },
	{ "exe", S_IFLNK | 0777, NULL, &proc_exe_iop },
	{ "mounts", S_IFREG | 0444, &proc_mounts_ops, NULL },
	{ "mountinfo", S_IFREG | 0444, &proc_mountinfo_ops, NULL },
	{ "smaps", S_IFREG | 0444, &proc_smaps_ops, NULL },
	{ "smaps_rollup", S_IFREG | 0444, &proc_smaps_rollup_ops, NULL },
	{ "make-it-fail", S_IFREG | 0644, &proc_make_it_fail_ops, NULL },
};

/* The node for entry i of dir, a /proc/PID directory. */
static struct inode *pid_entry_node(struct inode *dir, size_t i)
{
	const struct pid_entry *e = &pid_entries[i];

	return proc_node_new(dir, e->mode, dir->pid, -1, proc_ino(dir->pid, 1 + i), e->fop, e->iop);
}

/* Lookup in /proc/PID: the entry called name, if the process exists. */
static struct inode *pid_dir_lookup(struct inode *dir, const char *name, size_t len)
{
	if (!proc_of(dir))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(pid_entries); i++)
		if (strlen(pid_entries[i].name) == len && !memcmp(pid_entries[i].name, name, len))
			return pid_entry_node(dir, i);
	return NULL;
}

/* Listing /proc/PID: entry pos - PROC_DYN_POS on, while the process exists. */
static bool pid_dir_readdir(struct inode *dir, loff_t pos, struct dyn_dirent *e)
{
	size_t i = pos < PROC_DYN_POS ? 0 : (size_t)(pos - PROC_DYN_POS);

	if (!proc_of(dir) || i >= ARRAY_SIZE(pid_entries))
		return false;
	e->pos = PROC_DYN_POS + i;
	e->ino = proc_ino(dir->pid, 1 + i);
	e->mode = pid_entries[i].mode;
	strlcpy(e->name, pid_entries[i].name, sizeof(e->name));
	return true;
}

/* /proc/PID's name in /proc: the pid; as Linux, none once the process
 * is gone, unless it is asked for as the parent of fd/ or fdinfo/. */
static int pid_dir_name(struct inode *dir, bool self, char *buf, size_t size)
{
	if (self && !proc_of(dir))
		return -ENOENT;
	return snprintf(buf, size, "%d", dir->pid);
}

/* Lookups in /proc/PID, and chdir to it: -ESRCH once the process is
 * gone, as Linux's proc_pid_permission. */
static int pid_dir_permission(struct inode *dir)
{
	return proc_of(dir) ? 0 : -ESRCH;
}

static const struct inode_operations pid_dir_iop = {
	.lookup = pid_dir_lookup,
	.readdir = pid_dir_readdir,
	.dir_name = pid_dir_name,
	.permission = pid_dir_permission,
};

/* Lookup in /proc of a name with no ramfs entry: the directory of the
 * process whose pid it spells, or NULL. */
static struct inode *proc_root_lookup(struct inode *dir, const char *name, size_t len)
{
	int pid = proc_name_number(name, len);

	if (pid <= 0 || !proc_find(pid))
		return NULL;
	struct inode *ip = proc_node_new(dir, S_IFDIR | 0555, pid, -1, proc_ino(pid, 0),
					 &ramfs_dir_ops, &pid_dir_iop);
	if (ip)
		ip->nlink = PID_DIR_NLINK;
	return ip;
}

/* Listing /proc after its ramfs entries: the lowest pid at or above
 * pos - PROC_DYN_POS. */
static bool proc_root_readdir(struct inode *dir, loff_t pos, struct dyn_dirent *e)
{
	pid_t from = pos < PROC_DYN_POS ? 0 : (pid_t)(pos - PROC_DYN_POS);
	struct proc *p = proc_next_pid(from);

	if (!p)
		return false;
	pid_t best = p->pid;
	e->pos = PROC_DYN_POS + best;
	e->ino = proc_ino(best, 0);
	e->mode = S_IFDIR | 0555;
	snprintf(e->name, sizeof(e->name), "%d", best);
	return true;
}

static const struct inode_operations proc_root_iop = {
	.lookup = proc_root_lookup,
	.readdir = proc_root_readdir,
};

/* /proc/self: the caller's pid, as text. Returns its length. */
static int self_get_link(struct inode *ip, char *buf, size_t size)
{
	if (!current)
		return -ENOENT;
	return snprintf(buf, size, "%d", current->pid);
}

static const struct inode_operations self_iop = {
	.get_link = self_get_link,
};

/* Every other /proc node: no hooks, only read-only. */
const struct inode_operations proc_file_iop;

/* Mark dir and every node below it, that has no hooks yet, as /proc's. */
static void mark_static(struct inode *dir)
{
	if (!dir->iop)
		dir->iop = &proc_file_iop;
	for (struct dirent_node *e = dir->entries; e; e = e->next) {
		if (S_ISDIR(e->inode->mode))
			mark_static(e->inode);
		else if (!e->inode->iop)
			e->inode->iop = &proc_file_iop;
	}
}

/* Make /proc/self and give /proc its hooks, once its files exist (boot). */
void procfs_pid_init(struct inode *proc)
{
	struct inode *self = inode_new(S_IFLNK | 0777);

	if (!self || dir_link(proc, "self", 4, self))
		panic("procfs_pid_init: out of memory");
	self->iop = &self_iop;
	inode_put(self);
	proc->iop = &proc_root_iop;
	mark_static(proc);
	dev_links_init();
}
