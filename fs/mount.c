/*
 * Mounted file systems. The root ramfs is one file system (rootfs, made
 * at boot); mount(2) puts another on a directory: a tmpfs (sizes and an
 * inode count limited as Linux's tmpfs: size=, nr_inodes=, mode=, uid=,
 * gid=) or a ramfs (unlimited, its options ignored but mode=). Each is a
 * struct super with its own tree of ramfs inodes: its root is a new
 * directory, its own parent as the root's is, and the covered
 * directory's `mounted` points at it, so a path walk that reaches the
 * covered directory goes on in the mounted root (mount_cross), and ".."
 * of a mounted root climbs from the covered directory (mount_dotdot).
 * Mounts stack: one mounted on a mounted root covers that.
 *
 * Inodes join the file system of the directory they are first linked
 * into (fs_adopt), which counts them and their data pages against its
 * limits (-ENOSPC); a super lives while its mount or any of its inodes
 * does. Unmounting takes the tree apart at once, as rm -r would: files
 * still open (after MNT_DETACH) go on working, their directories are
 * empty and dead. A mount is busy (EBUSY) while some process has its cwd,
 * its program, or a file open or mapped in it, or something is mounted
 * inside it.
 *
 * Mount flags are kept as Linux's MS_* bits: MS_RDONLY makes every call
 * that changes the file system give EROFS (may_write_fs), and statfs and
 * /proc/mounts report the flags as Linux does.
 */
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/mount.h>
#include <kernel/vma.h>
#include <lib/printf.h>

#define MAX_MOUNTS 128 /* past it ENOSPC, as Linux's fs.mount-max; minors stay 8-bit */
#define ROOTFS_MINOR 1 /* st_dev of the root ramfs */
#define TMPFS_DEFAULT_MODE 01777
#define RAMFS_DEFAULT_MODE 0755
#define MOUNTS_TEXT_MAX 16384 /* /proc/mounts is cut there */

/* statfs64 f_flags (Linux's ST_*) */
#define ST_RDONLY 0x0001
#define ST_NOSUID 0x0002
#define ST_NODEV 0x0004
#define ST_NOEXEC 0x0008
#define ST_SYNCHRONOUS 0x0010
#define ST_VALID 0x0020
#define ST_NOATIME 0x0400
#define ST_NODIRATIME 0x0800
#define ST_RELATIME 0x1000

enum fs_kind {
	FS_ROOTFS,
	FS_TMPFS,
	FS_RAMFS
};

struct super {
	enum fs_kind kind;
	char *source;		  /* as mount(2) was given it ("none" for NULL) */
	struct inode *root;	  /* the mount holds a reference */
	struct inode *mountpoint; /* the covered directory (counted); NULL once unmounted */
	uint32_t flags;		  /* MS_RDONLY, MS_NOSUID... as mounted */
	uint64_t max_pages;	  /* tmpfs: 0 is no limit */
	uint64_t max_inodes;
	uint64_t pages, inodes;	 /* in use */
	uint32_t mode, uid, gid; /* the root's, as given (for /proc/mounts) */
	uint32_t minor;		 /* st_dev 0:minor */
	int refcount;		 /* its inodes, and 1 while mounted */
	bool expiry_mark;	 /* MNT_EXPIRE was asked once */
	struct super *next;	 /* the mount list, oldest first */
};

static struct super rootfs = {
	.kind = FS_ROOTFS,
	.source = "rootfs",
	.flags = MS_RELATIME,
	.minor = ROOTFS_MINOR,
	.refcount = 1,
};
static struct super *mount_list;

/* The file system ip belongs to. */
static struct super *sb_of(const struct inode *ip)
{
	return ip->sb ? ip->sb : &rootfs;
}

/* ip, or the root of what is mounted on it, through every stacked mount. */
struct inode *mount_cross(struct inode *ip)
{
	while (ip->mounted)
		ip = ip->mounted;
	return ip;
}

/* True iff ip is the root of a mounted file system (mounted still or not). */
bool is_mount_root(const struct inode *ip)
{
	return ip->sb && ip->sb->root == ip;
}

/* For a mounted root, the directory it covers (below every stacked
 * mount); else ip itself. */
struct inode *mount_covered(struct inode *ip)
{
	while (is_mount_root(ip) && ip->sb->mountpoint)
		ip = ip->sb->mountpoint;
	return ip;
}

/* ".." of directory ip: out of mounted roots to the directories they
 * cover, then the parent, and down into whatever is mounted on that. */
struct inode *mount_dotdot(struct inode *ip)
{
	return mount_cross(mount_covered(ip)->parent);
}

/* True iff a and b belong to the same file system. */
bool same_fs(const struct inode *a, const struct inode *b)
{
	return sb_of(a) == sb_of(b);
}

/* -EROFS when ip's file system is read-only, else 0. */
int may_write_fs(const struct inode *ip)
{
	return (sb_of(ip)->flags & MS_RDONLY) ? -EROFS : 0;
}

/* True iff reading ip should not update its atime (MS_NOATIME, or a
 * read-only file system). */
bool fs_noatime(const struct inode *ip)
{
	return sb_of(ip)->flags & (MS_NOATIME | MS_RDONLY);
}

/* True iff execve of ip ignores its set-user-ID and set-group-ID bits
 * (its file system is mounted MS_NOSUID). */
bool fs_nosuid(const struct inode *ip)
{
	return sb_of(ip)->flags & MS_NOSUID;
}

/* st_dev of ip: 0:minor of its file system. */
uint32_t inode_dev(const struct inode *ip)
{
	return MKDEV(0, sb_of(ip)->minor);
}

/* Drop a reference to sb; the last frees it. */
static void super_put(struct super *sb)
{
	BUG_ON(sb->refcount <= 0);
	if (--sb->refcount > 0 || sb == &rootfs)
		return;
	kfree(sb->source);
	kfree(sb);
}

/* ip joins dir's file system if it belongs to none yet: 0 or -ENOSPC
 * when that file system's inodes are all in use. */
int fs_adopt(struct inode *dir, struct inode *ip)
{
	struct super *sb = dir->sb;

	if (!sb || ip->sb)
		return 0;
	if (sb->max_inodes && sb->inodes >= sb->max_inodes)
		return -ENOSPC;
	ip->sb = sb;
	sb->inodes++;
	sb->refcount++;
	return 0;
}

/* ip is freed: its file system no longer counts it. */
void fs_forget(struct inode *ip)
{
	struct super *sb = ip->sb;

	if (!sb)
		return;
	ip->sb = NULL;
	sb->inodes--;
	super_put(sb);
}

/* Count one more data page for ip: false when its tmpfs is full. */
bool fs_charge_page(struct inode *ip)
{
	struct super *sb = ip->sb;

	if (!sb)
		return true;
	if (sb->max_pages && sb->pages >= sb->max_pages)
		return false;
	sb->pages++;
	return true;
}

/* Count one data page fewer for ip. */
void fs_uncharge_page(struct inode *ip)
{
	if (ip->sb)
		ip->sb->pages--;
}

/* statfs64's f_flags for sb's mount flags, as Linux's flags_by_mnt/sb. */
static uint32_t st_flags(const struct super *sb)
{
	static const uint32_t map[][2] = {
		{ MS_RDONLY, ST_RDONLY },
		{ MS_NOSUID, ST_NOSUID },
		{ MS_NODEV, ST_NODEV },
		{ MS_NOEXEC, ST_NOEXEC },
		{ MS_SYNCHRONOUS, ST_SYNCHRONOUS },
		{ MS_NOATIME, ST_NOATIME },
		{ MS_NODIRATIME, ST_NODIRATIME },
		{ MS_RELATIME, ST_RELATIME },
	};
	uint32_t f = ST_VALID;

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (sb->flags & map[i][0])
			f |= map[i][1];
	return f;
}

/* The statfs of ip's file system: the root ramfs counts all of memory,
 * a tmpfs its limits, a ramfs nothing (as Linux's simple_statfs); /proc
 * has proc's magic and no blocks or inodes to count, as on Linux. */
void fs_statfs(const struct inode *ip, struct kstatfs *st)
{
	const struct super *sb = sb_of(ip);

	memset(st, 0, sizeof(*st));
	st->type = sb->kind == FS_RAMFS ? RAMFS_MAGIC : TMPFS_MAGIC;
	st->bsize = st->frsize = PAGE_SIZE;
	st->namelen = NAME_MAX;
	st->flags = st_flags(sb);
	st->fsid = MKDEV(0, sb->minor);
	if (sb->kind == FS_ROOTFS) {
		st->blocks = nr_total_pages();
		st->bfree = st->bavail = nr_free_pages();
	} else if (sb->kind == FS_TMPFS) {
		st->blocks = sb->max_pages;
		st->bfree = st->bavail = sb->max_pages - sb->pages;
		st->files = sb->max_inodes;
		st->ffree = sb->max_inodes - sb->inodes;
	}
	if (is_procfs(ip)) {
		st->type = PROC_SUPER_MAGIC;
		st->blocks = st->bfree = st->bavail = st->files = st->ffree = 0;
	}
}

/* tmpfs's default size and inode count: half of memory, as Linux. */
static uint64_t tmpfs_default_pages(void)
{
	return nr_total_pages() / 2;
}

/* Parse a number with an optional k/m/g/t suffix (Linux's memparse) from
 * s[0..len); with pct, a '%' suffix means that share of memory in bytes.
 * Returns 0 or -EINVAL. */
static int parse_size(const char *s, size_t len, bool pct, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (len == 0)
		return -EINVAL;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -EINVAL;
	if (i + 1 == len) {
		int shift = 0;
		switch (s[i] | 0x20) {
		case 'k':
			shift = 10;
			break;
		case 'm':
			shift = 20;
			break;
		case 'g':
			shift = 30;
			break;
		case 't':
			shift = 40;
			break;
		default:
			if (!(pct && s[i] == '%'))
				return -EINVAL;
			*out = nr_total_pages() * (uint64_t)PAGE_SIZE / 100 * v;
			return 0;
		}
		if (v > (UINT64_MAX >> shift))
			return -EINVAL;
		v <<= shift;
	} else if (i != len) {
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/* Parse an octal or decimal number (uid=, gid=: decimal; mode=: octal)
 * from s[0..len). Returns 0 or -EINVAL. */
static int parse_num(const char *s, size_t len, unsigned base, uint32_t *out)
{
	uint64_t v = 0;

	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned d = s[i] - '0';
		if (s[i] < '0' || d >= base || v > UINT32_MAX)
			return -EINVAL;
		v = v * base + d;
	}
	if (v > UINT32_MAX)
		return -EINVAL;
	*out = v;
	return 0;
}

/* What mount options ask for. */
struct mount_opts {
	uint64_t max_pages, max_inodes;
	bool size_set, inodes_set;
	uint32_t mode, uid, gid;
	uint32_t set_flags, clear_flags; /* generic words: ro, rw, sync... */
};

/* Generic option words every file system takes (Linux's
 * vfs_parse_sb_flag): true iff word was one, with its flag noted. */
static bool generic_word(const char *w, size_t len, struct mount_opts *o)
{
	static const struct {
		const char *word;
		uint32_t flag;
		bool set;
	} words[] = {
		{ "ro", MS_RDONLY, true },
		{ "rw", MS_RDONLY, false },
		{ "sync", MS_SYNCHRONOUS, true },
		{ "async", MS_SYNCHRONOUS, false },
		{ "dirsync", MS_DIRSYNC, true },
		{ "lazytime", MS_LAZYTIME, true },
		{ "nolazytime", MS_LAZYTIME, false },
		{ "mand", 0, true },
		{ "nomand", 0, false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		if (strlen(words[i].word) != len || memcmp(words[i].word, w, len))
			continue;
		if (words[i].set)
			o->set_flags |= words[i].flag;
		else
			o->clear_flags |= words[i].flag;
		return true;
	}
	return false;
}

/* Parse the comma-separated option text data (NULL for none) for kind
 * into *o: 0, or -EINVAL for a bad value, or an option tmpfs does not
 * know (ramfs ignores those, as Linux's). */
static int parse_opts(enum fs_kind kind, const char *data, struct mount_opts *o)
{
	const char *p = data;

	while (p && *p) {
		const char *w = p, *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(w, '=', len);
		size_t klen = eq ? (size_t)(eq - w) : len;
		const char *v = eq ? eq + 1 : NULL;
		size_t vlen = eq ? len - klen - 1 : 0;
		uint64_t n;
		int err = 0;

		p = end ? end + 1 : NULL;
		if (len == 0 || generic_word(w, len, o))
			continue;
#define IS_KEY(k) (klen == sizeof(k) - 1 && !memcmp(w, k, klen))
		if (IS_KEY("mode") && v)
			err = parse_num(v, vlen, 8, &o->mode);
		else if (kind == FS_RAMFS)
			continue; /* ramfs ignores what it does not know */
		else if (IS_KEY("size") && v) {
			err = parse_size(v, vlen, true, &n);
			o->max_pages = (n + PAGE_SIZE - 1) >> PAGE_SHIFT;
			o->size_set = true;
		} else if (IS_KEY("nr_blocks") && v) {
			err = parse_size(v, vlen, false, &o->max_pages);
			o->size_set = true;
		} else if (IS_KEY("nr_inodes") && v) {
			err = parse_size(v, vlen, false, &o->max_inodes);
			o->inodes_set = true;
		} else if (IS_KEY("uid") && v)
			err = parse_num(v, vlen, 10, &o->uid);
		else if (IS_KEY("gid") && v)
			err = parse_num(v, vlen, 10, &o->gid);
		else
			err = -EINVAL;
#undef IS_KEY
		if (err)
			return err;
	}
	return 0;
}

/* Does open file f (NULL: none) keep sb busy? With writers, only a
 * regular file open for writing does. */
static bool file_in_sb(const struct file *f, const struct super *sb, bool writers)
{
	if (!f || !f->inode || sb_of(f->inode) != sb)
		return false;
	return !writers || (file_writable(f) && S_ISREG(f->inode->mode));
}

/* Does any process have its cwd, its program, a file open or a file
 * mapped (a VMA holds its file open, as on Linux) in sb? With writers,
 * only a regular file open for writing counts. */
static bool sb_in_use(const struct super *sb, bool writers)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == P_UNUSED)
			continue;
		if (!writers && p->cwd && sb_of(p->cwd) == sb)
			return true;
		if (!writers && p->exe && sb_of(p->exe) == sb)
			return true;
		for (int fd = 0; fd < p->max_fds; fd++)
			if (file_in_sb(p->files[fd], sb, writers))
				return true;
		for (struct vma *v = p->mm ? p->mm->vmas : NULL; v; v = v->next)
			if (file_in_sb(v->file, sb, writers))
				return true;
	}
	return false;
}

/* The super that sb is mounted in (NULL for the rootfs or an unmounted one). */
static struct super *parent_sb(const struct super *sb)
{
	return sb->mountpoint ? sb_of(sb->mountpoint) : NULL;
}

/* True iff m is sb or mounted somewhere inside it. */
static bool descends(const struct super *m, const struct super *sb)
{
	for (; m; m = parent_sb(m))
		if (m == sb)
			return true;
	return false;
}

/* True iff something is mounted inside sb. */
static bool has_submounts(const struct super *sb)
{
	for (struct super *m = mount_list; m; m = m->next)
		if (m != sb && descends(m, sb))
			return true;
	return false;
}

/* Take mount m off its directory and tear its tree down. */
static void umount_one(struct super *m)
{
	struct super **pp = &mount_list;

	while (*pp != m)
		pp = &(*pp)->next;
	*pp = m->next;
	dir_clear(m->root);
	m->root->nlink = 0; /* dead: nothing is made in it any more */
	m->mountpoint->mounted = NULL;
	inode_put(m->mountpoint);
	m->mountpoint = NULL;
	inode_put(m->root); /* the mount's reference; an open cwd may keep it */
	super_put(m);
}

/* Unmount sb and everything mounted inside it, newest first (a mount's
 * submounts are always newer than it). */
static void umount_tree(struct super *sb)
{
	for (;;) {
		struct super *last = NULL;
		for (struct super *m = mount_list; m; m = m->next)
			if (descends(m, sb))
				last = m;
		if (!last)
			return;
		umount_one(last);
	}
}

/* The lowest st_dev minor no mount uses. */
static uint32_t free_minor(void)
{
	for (uint32_t minor = ROOTFS_MINOR + 1;; minor++) {
		struct super *m = mount_list;
		while (m && m->minor != minor)
			m = m->next;
		if (!m)
			return minor;
	}
}

/* Flags a new mount keeps from mount(2)'s, relatime unless noatime or
 * strictatime (as Linux). */
static uint32_t mount_flags(uint32_t flags)
{
	uint32_t keep =
		flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS |
			 MS_DIRSYNC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_LAZYTIME);

	if (!(flags & MS_NOATIME))
		keep |= MS_RELATIME;
	if (flags & MS_STRICTATIME)
		keep &= ~(MS_RELATIME | MS_NOATIME);
	return keep;
}

/* Mount a new file system of type on directory dir (see mount.h). */
int do_new_mount(const char *source, struct inode *dir, const char *type, uint32_t flags,
		 const char *data)
{
	enum fs_kind kind;
	struct mount_opts o = { .max_pages = tmpfs_default_pages(),
				.max_inodes = tmpfs_default_pages() };
	int n = 0;

	if (!type || !*type)
		return -EINVAL;
	if (!strcmp(type, "tmpfs"))
		kind = FS_TMPFS;
	else if (!strcmp(type, "ramfs"))
		kind = FS_RAMFS;
	else
		return -ENODEV;
	o.mode = kind == FS_TMPFS ? TMPFS_DEFAULT_MODE : RAMFS_DEFAULT_MODE;
	int err = parse_opts(kind, data, &o);
	if (err)
		return err;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir_dead(dir))
		return -ENOENT;
	if (dir == root_inode)
		return -EINVAL; /* the root stays the root ramfs */
	for (struct super *m = mount_list; m; m = m->next)
		n++;
	if (n >= MAX_MOUNTS)
		return -ENOSPC;
	struct super *sb = kzalloc(sizeof(*sb));
	const char *src = source ? source : "none";
	char *copy = sb ? kmalloc(strlen(src) + 1) : NULL;
	struct inode *root = copy ? inode_new(S_IFDIR | (o.mode & 07777)) : NULL;
	if (!root) {
		kfree(copy);
		kfree(sb);
		return -ENOMEM;
	}
	strcpy(copy, src);
	sb->kind = kind;
	sb->source = copy;
	sb->flags = mount_flags(flags | o.set_flags) & ~o.clear_flags;
	if (kind == FS_TMPFS) {
		sb->max_pages = o.max_pages;
		sb->max_inodes = o.max_inodes;
	}
	sb->mode = o.mode & 07777;
	sb->uid = root->uid = o.uid;
	sb->gid = root->gid = o.gid;
	sb->minor = free_minor();
	sb->root = root;
	sb->inodes = 1;
	sb->refcount = 2; /* the mount and its root */
	root->sb = sb;
	root->parent = root;
	root->nlink++; /* its "..", itself */
	inode_get(dir);
	sb->mountpoint = dir;
	dir->mounted = root;
	struct super **pp = &mount_list;
	while (*pp)
		pp = &(*pp)->next;
	*pp = sb;
	return 0;
}

/* MS_REMOUNT of the file system whose root dir is (see mount.h). */
int do_remount(struct inode *dir, uint32_t flags, const char *data, bool bind)
{
	struct super *sb = dir == root_inode ? &rootfs : is_mount_root(dir) ? dir->sb : NULL;
	struct mount_opts o = { 0 };

	if (!sb)
		return -EINVAL;
	if (!bind) {
		int err = parse_opts(sb->kind, data, &o);
		if (err)
			return err;
		flags = (flags | o.set_flags) & ~o.clear_flags;
	}
	uint64_t pages = o.size_set ? o.max_pages : sb->max_pages;
	uint64_t inodes = o.inodes_set ? o.max_inodes : sb->max_inodes;
	if (sb->kind == FS_TMPFS &&
	    ((pages && pages < sb->pages) || (inodes && inodes < sb->inodes)))
		return -EINVAL; /* smaller than what is in use */
	if ((flags & MS_RDONLY) && !(sb->flags & MS_RDONLY) && sb_in_use(sb, true))
		return -EBUSY; /* a file is open for writing */
	uint32_t keep = mount_flags(flags);
	if (!(flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME))) {
		keep &= ~(MS_NOATIME | MS_NODIRATIME | MS_RELATIME);
		keep |= sb->flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME);
	}
	if (bind) /* only the mount's own flags change */
		keep = (keep & ~(MS_SYNCHRONOUS | MS_DIRSYNC | MS_LAZYTIME)) |
		       (sb->flags & (MS_SYNCHRONOUS | MS_DIRSYNC | MS_LAZYTIME));
	sb->flags = keep;
	if (sb->kind == FS_TMPFS) {
		sb->max_pages = pages;
		sb->max_inodes = inodes;
	}
	return 0;
}

/* A change of propagation type (MS_SHARED, MS_PRIVATE...) on dir: with
 * one mount namespace nothing propagates, so it is checked and accepted. */
int do_change_type(struct inode *dir, uint32_t flags)
{
	uint32_t type = flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE);

	if (dir != root_inode && !is_mount_root(dir))
		return -EINVAL;
	if (type & (type - 1))
		return -EINVAL; /* more than one */
	return 0;
}

/* umount2 of the file system whose root ip is (see mount.h). */
int do_umount(struct inode *ip, uint32_t flags)
{
	if (!is_mount_root(ip) || !ip->sb->mountpoint)
		return -EINVAL;
	struct super *sb = ip->sb;
	if (flags & MNT_EXPIRE) {
		if (flags & (MNT_FORCE | MNT_DETACH))
			return -EINVAL;
		if (!sb->expiry_mark) {
			sb->expiry_mark = true;
			return -EAGAIN;
		}
	}
	if (!(flags & MNT_DETACH) && (has_submounts(sb) || sb_in_use(sb, false)))
		return -EBUSY;
	umount_tree(sb);
	return 0;
}

/* Text being built for /proc/mounts: what does not fit is dropped. */
struct text {
	char *buf;
	int size, len;
};

/* printf onto the end of t, keeping it NUL-terminated within its size. */
static __attribute__((format(printf, 2, 3))) void put(struct text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	t->len = min(t->len + n, t->size - 1);
}

/* Append src to t with space, tab, newline and backslash as octal
 * escapes (as Linux's mangle()). */
static void put_escaped(struct text *t, const char *src)
{
	for (; *src; src++) {
		if (*src == ' ' || *src == '\t' || *src == '\n' || *src == '\\')
			put(t, "\\%03o", (unsigned char)*src);
		else
			put(t, "%c", *src);
	}
}

/* Append ro/rw and sb's mount flags, Linux's order (/proc/mounts' and
 * mountinfo's per-mount options). */
static void put_mount_flags(struct text *t, const struct super *sb)
{
	static const struct {
		uint32_t flag;
		const char *word;
	} words[] = {
		{ MS_SYNCHRONOUS, ",sync" },  { MS_DIRSYNC, ",dirsync" },
		{ MS_LAZYTIME, ",lazytime" }, { MS_NOSUID, ",nosuid" },
		{ MS_NODEV, ",nodev" },	      { MS_NOEXEC, ",noexec" },
		{ MS_NOATIME, ",noatime" },   { MS_NODIRATIME, ",nodiratime" },
		{ MS_RELATIME, ",relatime" },
	};

	put(t, "%s", sb->flags & MS_RDONLY ? "ro" : "rw");
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (sb->flags & words[i].flag)
			put(t, "%s", words[i].word);
}

/* Append tmpfs's or ramfs's own options where not the default, each
 * with a leading comma. */
static void put_fs_options(struct text *t, const struct super *sb)
{
	if (sb->kind == FS_TMPFS) {
		if (sb->max_pages != tmpfs_default_pages())
			put(t, ",size=%lluk",
			    (unsigned long long)sb->max_pages * (PAGE_SIZE / 1024));
		if (sb->max_inodes != tmpfs_default_pages())
			put(t, ",nr_inodes=%llu", (unsigned long long)sb->max_inodes);
		if (sb->mode != TMPFS_DEFAULT_MODE)
			put(t, ",mode=%03o", sb->mode);
		if (sb->uid)
			put(t, ",uid=%u", sb->uid);
		if (sb->gid)
			put(t, ",gid=%u", sb->gid);
	} else if (sb->kind == FS_RAMFS && sb->mode != RAMFS_DEFAULT_MODE) {
		put(t, ",mode=%o", sb->mode);
	}
}

/* Append sb's options as /proc/mounts shows them: ro/rw, the flags,
 * then the file system's own. */
static void put_options(struct text *t, const struct super *sb)
{
	put_mount_flags(t, sb);
	put_fs_options(t, sb);
}

static const char *const fs_type_names[] = { "rootfs", "tmpfs", "ramfs" };

/* Build a mount table one line a mount: line(t, m, dir) for the rootfs
 * at "/", then for each mount reachable from the root, oldest first, at
 * its directory's path. Returns the bytes read into to, or -ENOMEM. */
static ssize_t mount_table_read(struct iov_iter *to, loff_t *pos,
				void (*line)(struct text *t, const struct super *m,
					     const char *dir))
{
	struct text t = { .buf = kmalloc(MOUNTS_TEXT_MAX), .size = MOUNTS_TEXT_MAX };
	char *path = t.buf ? kmalloc(PATH_MAX) : NULL;

	if (!path) {
		kfree(t.buf);
		return -ENOMEM;
	}
	t.buf[0] = '\0';
	line(&t, &rootfs, "/");
	for (struct super *m = mount_list; m; m = m->next) {
		int err;
		const char *dir = dir_path(m->mountpoint, path, PATH_MAX, &err);
		if (dir) /* else not reachable from the root */
			line(&t, m, dir);
	}
	ssize_t n = text_read(t.buf, t.len, to, pos);
	kfree(path);
	kfree(t.buf);
	return n;
}

/* /proc/mounts' line for m at dir: "SOURCE DIR TYPE OPTIONS 0 0", and
 * for the rootfs "rootfs / rootfs rw 0 0" (ro once remounted so). */
static void mounts_line(struct text *t, const struct super *m, const char *dir)
{
	if (m == &rootfs) {
		put(t, "rootfs / rootfs %s 0 0\n", m->flags & MS_RDONLY ? "ro" : "rw");
		return;
	}
	put_escaped(t, m->source);
	put(t, " ");
	put_escaped(t, dir);
	put(t, " %s ", fs_type_names[m->kind]);
	put_options(t, m);
	put(t, " 0 0\n");
}

/* /proc/mounts: the rootfs's line, then one for each mount, oldest first.
 * Returns the bytes read or -ENOMEM. */
ssize_t mounts_text_read(struct iov_iter *to, loff_t *pos)
{
	return mount_table_read(to, pos, mounts_line);
}

/* mountinfo's line for m at dir, Linux's fields: mount id, parent id
 * (the rootfs's own), st_dev, root "/", mount point, per-mount options,
 * "-", type, source, super options. */
static void mountinfo_line(struct text *t, const struct super *m, const char *dir)
{
	const struct super *up = parent_sb(m);

	put(t, "%u %u 0:%u / ", m->minor, up ? up->minor : m->minor, m->minor);
	put_escaped(t, dir);
	put(t, " ");
	put_mount_flags(t, m);
	put(t, " - %s ", fs_type_names[m->kind]);
	put_escaped(t, m->source);
	put(t, " %s", m->flags & MS_RDONLY ? "ro" : "rw");
	put_fs_options(t, m);
	put(t, "\n");
}

/* /proc/PID/mountinfo: one line per mount (mountinfo_line). The id is the
 * st_dev minor, so statx's stx_mnt_id names the line. Returns the bytes
 * read or -ENOMEM. */
ssize_t mountinfo_text_read(struct iov_iter *to, loff_t *pos)
{
	return mount_table_read(to, pos, mountinfo_line);
}
