/*
 * The file layer.
 *
 *   fd table (struct proc.files[]) -> struct file -> struct inode
 *
 * A struct file is one open: its position, its O_* flags and its
 * file_operations. Every read and write goes through read_iter/write_iter
 * with an iov_iter: read(2) and write(2) are the one-segment case, readv
 * and writev the general one, and the kernel's own I/O (exec) uses
 * ITER_KVEC. `pos` points at the offset to use and advance: &file->pos for
 * read/write, a local copy for pread/preadv.
 *
 * Inodes are ramfs nodes: directories, regular files whose data lives in
 * pages (and /proc's text files, which make theirs on each read),
 * character devices (console, ttyS*, null, zero, kmsg) and pipes.
 * The kernel is not preemptible (it runs with interrupts off), so one
 * read_iter/write_iter call on a regular file is atomic with respect to
 * every other: a readv or writev is never interleaved with another.
 */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include <kernel/kernel.h>
#include <lib/iov_iter.h>
#include <kernel/wait.h>

#define NAME_MAX 255
#define PATH_MAX 4096

/* open(2) flags, Linux i386 values */
#define O_ACCMODE 0003
#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_DIRECT 040000 /* on a pipe's write end: packet mode */
#define O_LARGEFILE 0100000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_CLOEXEC 02000000
#define O_PATH 010000000 /* a name held, not opened: see syscalls/open.c */
#define FD_CLOEXEC 1

#define S_IFMT 0170000
#define S_IFIFO 0010000
#define S_IFCHR 0020000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define S_IFLNK 0120000
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m)&S_IFMT) == S_IFLNK)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)
#define S_ISCHR(m) (((m)&S_IFMT) == S_IFCHR)

#define MAXSYMLINKS 40 /* links one lookup may follow before ELOOP, as Linux */

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4
#define SEEK_MAX SEEK_HOLE

/* access(2) modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* The ioctls every file answers (as Linux's do_vfs_ioctl) */
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451

/* A device number in Linux's 32-bit encoding (what mknod takes and
 * stat64 shows): minor bits 0-7, major bits 8-19, minor bits 8-19 in
 * 20-31; for numbers below 256 the old 8:8 one. */
#define MKDEV(major, minor) \
	((((minor)&0xff) | ((major) << 8) | (((minor) & ~0xffu) << 12)) & 0xffffffffu)
#define MAJOR(dev) (((dev) >> 8) & 0xfff)
#define MINOR(dev) (((dev)&0xff) | (((dev) >> 12) & 0xfff00))

#define AT_FDCWD -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_NO_AUTOMOUNT 0x800
#define AT_EMPTY_PATH 0x1000

#define MAX_FILE_SIZE (1ll << 40) /* largest ramfs file (1 TiB); holes are free */

struct file;
struct inode;
struct pipe;
struct file_lock;
struct super;
struct vma;

/* A name a /proc directory makes up for a listing (inode_operations.readdir). */
struct dyn_dirent {
	loff_t pos;    /* its directory position: getdents64 resumes after it */
	uint32_t ino;  /* and what the record shows of it */
	uint32_t mode; /* S_IF* for d_type */
	char name[16];
};

/*
 * What a /proc node does beyond a ramfs inode (fs/proc/); any hook may be
 * NULL. Nodes that lookup makes live until the next path walk begins
 * (procfs_drain), or as long as something holds a reference.
 */
struct inode_operations {
	/* A name the directory has no ramfs entry for: its inode (no
	 * reference for the caller) or NULL. */
	struct inode *(*lookup)(struct inode *dir, const char *name, size_t len);
	/* The first made-up name at position pos or later into *e: true, or
	 * false when there is none. */
	bool (*readdir)(struct inode *dir, loff_t pos, struct dyn_dirent *e);
	/* A symbolic link whose text is made when read: into buf (size
	 * bytes, NUL-terminated), returning its length or -errno. */
	int (*get_link)(struct inode *ip, char *buf, size_t size);
	/* A link that names its file directly, as Linux's /proc magic links:
	 * the inode (no reference taken) or NULL with *err. */
	struct inode *(*jump)(struct inode *ip, int *err);
	/* A made-up directory's name in its parent (for getcwd), into buf
	 * (size bytes): its length, or -ENOENT when it is gone and is the
	 * directory asked about (self), not one of its ancestors. */
	int (*dir_name)(struct inode *dir, bool self, char *buf, size_t size);
	/* May a name be looked up in directory dir, or dir become a cwd?
	 * 0, or -errno (a /proc/PID whose process is gone: -ESRCH). */
	int (*permission)(struct inode *dir);
};

struct poll_table;

struct file_operations {
	/* NULL open means nothing to do; else run by open(2) on the new file,
	 * 0 or -errno (then the file is dropped without release) */
	int (*open)(struct inode *ip, struct file *f);
	ssize_t (*read_iter)(struct file *f, struct iov_iter *to, loff_t *pos);
	ssize_t (*write_iter)(struct file *f, struct iov_iter *from, loff_t *pos);
	/* NULL llseek means the file cannot seek: -ESPIPE */
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	void (*release)(struct file *f);
	/* POLL* readiness now, after poll_wait on each queue whose wake may
	 * change it; NULL means always ready (DEFAULT_POLLMASK) */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	/* splice(2) from the file into a pipe, and from a pipe into the file
	 * (include/kernel/splice.h); NULL means it cannot: -EINVAL */
	ssize_t (*splice_read)(struct file *in, loff_t *ppos, struct pipe *pipe, size_t len,
			       unsigned int flags);
	ssize_t (*splice_write)(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len,
				unsigned int flags);
};

/* poll(2) event bits, Linux values */
#define POLLIN 0x0001
#define POLLPRI 0x0002
#define POLLOUT 0x0004
#define POLLERR 0x0008
#define POLLHUP 0x0010
#define POLLNVAL 0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* syscalls/poll.c: a poll's registration of its waits. poll_wait, from a
 * file's poll operation, puts the poller on wq (once per file and queue
 * for the whole poll, keeping f open meanwhile); with pt NULL, or on a
 * poll's later scans, it does nothing. */
struct poll_table;
void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt);

/* A directory entry (fs/dirent.c): on its directory's entry list, in a
 * hash bucket, and at a slot of the seq index. */
struct dirent_node {
	char *name; /* kmalloc'd, NUL-terminated */
	struct inode *inode;
	struct dirent_node *next, *prev; /* the entry list, in increasing seq */
	struct dirent_node *hnext;	 /* the next in its hash bucket */
	uint32_t hash;			 /* name_hash(name, len) */
	uint32_t seq;			 /* order of linking: getdents64's position - 2 */
	uint32_t slot;			 /* its index in dix.slots */
	uint16_t len;			 /* strlen(name) */
};

/* One slot of a directory's seq index: a seq, and its entry (NULL once
 * the entry is gone: a hole, still ordered by its seq). */
struct dir_slot {
	uint32_t seq;
	struct dirent_node *d;
};

/* A directory's lookup and seek structures (fs/dirent.c). */
struct dir_index {
	struct dirent_node **buckets; /* 2^hash_bits chains; NULL while empty */
	uint32_t hash_bits;
	struct dir_slot *slots; /* [0, nslots) in increasing seq, cap allocated */
	uint32_t nslots, cap;
	uint32_t nlive; /* entries (slots that are not holes) */
	uint32_t gen;	/* bumped by each removal */
};

/* A file time: seconds since 1970 and nanoseconds */
struct ftime {
	int64_t sec;
	uint32_t nsec;
};

struct inode {
	uint32_t ino;
	uint32_t mode;	   /* S_IF* | permissions */
	uint32_t uid, gid; /* owner, as chown set it (0 at creation) */
	struct ftime atime, mtime, ctime;
	char *link;	/* a symbolic link's target (kmalloc'd), size its length */
	uint32_t nlink; /* 0 for a removed directory: see dir_dead() */
	int refcount;	/* open files, cwds, entries, subdirectories' parent */
	uint32_t rdev;	/* device number for S_IFCHR */
	loff_t size;
	const struct file_operations *fop;
	/* regular files: the page index, a radix tree of whole pages (ramfs.c);
	 * index is the data page itself at height 0, else an index page */
	struct page *index;
	uint32_t height;
	uint32_t npages; /* data pages, for st_blocks */
	/* directories: parent is a counted reference (the root's is itself,
	 * uncounted), kept while a removed directory lives on */
	struct inode *parent;
	struct dirent_node *entries, *entries_last; /* in increasing seq */
	struct dirent_node *d_entry; /* a directory's own entry in parent (NULL: none) */
	uint32_t next_seq;
	struct dir_index dix;
	struct pipe *pipe; /* a FIFO's pipe while some end is open (fs/fifo.c) */
	/* /proc's nodes (fs/proc/): their hooks, and the process (and
	 * descriptor) one describes; iop is NULL outside /proc */
	const struct inode_operations *iop;
	pid_t pid;
	int fd;
	/* mounts (fs/mount.c): the file system the inode belongs to (NULL for
	 * the root ramfs), and for a directory the root of the file system
	 * mounted on it (NULL if none), which hides its own entries */
	struct super *sb;
	struct inode *mounted;
	struct vma *i_mmap; /* regular files: the VMAs mapping it (mm/filemap.c) */
	/* a file whose last name went while it was open: that name and its
	 * directory (counted), for /proc/PID/fd/N's "(deleted)" text */
	struct inode *gone_dir;
	char *gone_name;
	struct file_lock *locks;	  /* advisory locks and leases (fs/locks.c) */
	struct wait_queue_head lock_wait; /* waiters for a lock to go */
	/* Linux's i_writecount: > 0, opens for writing; < 0, processes
	 * running the file as their program, which deny writes (ETXTBSY) */
	int i_writecount;
};

/* Is ip a /proc node (read-only to every call that makes or removes names)? */
static inline bool is_procfs(const struct inode *ip)
{
	return ip->iop != NULL;
}

/* A directory that was removed: it stays empty, and nothing is created in it. */
static inline bool dir_dead(const struct inode *ip)
{
	return S_ISDIR(ip->mode) && ip->nlink == 0;
}

struct file {
	int refcount;
	uint32_t flags; /* O_ACCMODE | O_APPEND | O_NONBLOCK ... */
	loff_t pos;
	struct inode *inode;
	const struct file_operations *fop;
	void *private;
	uint32_t pipe_seen; /* a FIFO reader's view of its writers (fs/pipe.c) */
	/* fcntl F_SETOWN(_EX)/F_SETSIG: who would get SIGIO, and which signal */
	struct {
		pid_t pid;
		int type; /* F_OWNER_TID, F_OWNER_PID or F_OWNER_PGRP */
		int signum;
	} fown;
	bool write_access; /* counted in inode->i_writecount (get_write_access) */
};

/* Access mode 3 is Linux's "neither": the file can only be ioctl'd. */
/* True iff f was opened for reading. */
static inline bool file_readable(const struct file *f)
{
	return (f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_ACCMODE) == O_RDWR;
}

/* True iff f was opened for writing. */
static inline bool file_writable(const struct file *f)
{
	return (f->flags & O_ACCMODE) == O_WRONLY || (f->flags & O_ACCMODE) == O_RDWR;
}

/* Take write access to regular file ip for an open or truncate: 0, or
 * -ETXTBSY while a process runs it (Linux's get_write_access). */
static inline int get_write_access(struct inode *ip)
{
	if (ip->i_writecount < 0)
		return -ETXTBSY;
	ip->i_writecount++;
	return 0;
}

/* Give back what get_write_access took. */
static inline void put_write_access(struct inode *ip)
{
	ip->i_writecount--;
}

/* file.c */
/* The wall-clock time now, for file times. */
struct ftime fs_now(void);
/* A read of ip: update its atime as Linux's relatime does (when older
 * than mtime or ctime, or a day old). */
void touch_atime(struct inode *ip);
/* ip's data changed: mtime and ctime become now. */
void touch_mtime(struct inode *ip);
/* ip's attributes or links changed: ctime becomes now. */
void touch_ctime(struct inode *ip);
struct file *file_alloc(struct inode *ip, uint32_t flags, const struct file_operations *fop);
void file_get(struct file *f);
void file_put(struct file *f);
/* Kernel-internal read through ITER_KVEC. Returns bytes or -errno. */
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos);
loff_t generic_llseek(struct file *f, loff_t off, int whence);
loff_t fixed_size_llseek(struct file *f, loff_t off, int whence, loff_t size);
/* Answer FIONREAD: store avail (0 if negative) as an int at uarg.
 * Returns 0 or -EFAULT. */
long ioctl_fionread(unsigned long uarg, loff_t avail);

/* The 64-bit file offset or length whose halves came in two registers. */
static inline loff_t make_pos(long lo, long hi)
{
	return (loff_t)(((uint64_t)(uint32_t)hi << 32) | (uint32_t)lo);
}

/* Is name[0..len) empty (the end of "/"), "." or ".."? */
static inline bool is_dot_name(const char *name, size_t len)
{
	return len == 0 || (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/* fdtable.c */
struct proc;
/* The file open on fd in the current process, or NULL; an O_PATH file
 * counts as none (the calls that take one use fget_raw), as Linux's. */
struct file *fget(int fd);
/* The file open on fd, O_PATH or not, or NULL. */
struct file *fget_raw(int fd);
/* Install f at the lowest free fd >= min. Returns the fd or -EMFILE. */
int fd_install(struct file *f, int min, uint32_t fd_flags);
int fd_close(int fd);
/* Make the table hold fd: 0, -EBADF (fd >= RLIMIT_NOFILE), -ENOMEM. */
int fd_table_fit(int fd);
/* The free fds below RLIMIT_NOFILE, counted up to want. */
int fd_count_free(int want);
int fd_table_dup(struct proc *child, struct proc *parent);
void fd_table_close_all(struct proc *p);
void fd_table_cloexec(struct proc *p);

/* dirent.c: a directory's entry list, hash table and seq index. */
/* The hash every entry's bucket derives from (FNV-1a of name[0..len)). */
uint32_t name_hash(const char *name, size_t len);
/* The entry of dir called name[0..len), or NULL. */
struct dirent_node *dir_find(const struct inode *dir, const char *name, size_t len);
/* Room for one more entry in dir's index: 0 or -ENOMEM, nothing changed. */
int dir_index_reserve(struct inode *dir);
/* Append d (name and len set) to dir with the next seq, after a reserve. */
void dir_index_add(struct inode *dir, struct dirent_node *d);
/* Take d out of dir's list, hash table and seq index; dix.gen moves on. */
void dir_index_del(struct inode *dir, struct dirent_node *d);
/* The first entry of dir with a seq of seq or more, or NULL. */
struct dirent_node *dir_seek(const struct inode *dir, uint64_t seq);
/* Free dir's index (dir holds no entry); and the same if dir is empty. */
void dir_index_free(struct inode *dir);
void dir_index_trim(struct inode *dir);

/* ramfs.c */
extern struct inode *root_inode;
void ramfs_init(void);
struct inode *inode_new(uint32_t mode);
void inode_get(struct inode *ip);
void inode_put(struct inode *ip);
struct inode *dir_lookup(struct inode *dir, const char *name, size_t len);
/* Add name -> ip to dir (the entry holds a reference). Returns 0, -EEXIST,
 * -ENAMETOOLONG, -ENOENT (dir was removed), -ENOSPC (user memory is full),
 * -ENOMEM. */
int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ip);
/* Remove name from dir; a directory must be empty. 0, -ENOENT, -ENOTEMPTY. */
int dir_unlink(struct inode *dir, const char *name, size_t len);
/* Move odir's entry oname to nname in ndir, replacing what nname names
 * (the caller has checked kinds and emptiness). All or nothing: 0, or
 * -ENOENT / -ENOMEM with nothing changed. */
int dir_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
	       const char *nname, size_t nlen);
/* Make the directory name in dir with mode (its entry in dir, its "." and
 * its ".." counted): the new directory, which dir's entry holds (no extra
 * reference), or NULL with *err as dir_link's. */
struct inode *ramfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode, int *err);
/* Swap the inodes odir's oname and ndir's nname name (the caller has
 * checked that neither moves into itself): 0 or -ENOENT, nothing changed. */
int dir_exchange(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
		 const char *nname, size_t nlen);
/* Set the file's size, freeing or (lazily) adding pages; the dropped
 * pages are unmapped from every address space first. */
int ramfs_truncate(struct inode *ip, loff_t size);
/* The file's page idx (the file keeps its reference), or NULL for a hole. */
struct page *ramfs_find_page(struct inode *ip, uint32_t idx);
/* The same, made in a hole as a write would; NULL with *err -ENOSPC (a
 * tmpfs's size= limit) or -ENOMEM (user memory full). */
struct page *ramfs_get_page(struct inode *ip, uint32_t idx, int *err);
/* fallocate(2)'s modes on a ramfs file (fs/ramfs.c); the range is
 * within MAX_FILE_SIZE. Returns 0, -ENOSPC or -EOPNOTSUPP. */
#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#define FALLOC_FL_ZERO_RANGE 0x10
int ramfs_fallocate(struct inode *ip, int mode, loff_t off, loff_t len);
extern const struct file_operations ramfs_file_ops, ramfs_dir_ops;

/* namei.c: path resolution from the current directory. Every call that
 * can fail returns its result or NULL, with the -errno in *err. Symbolic
 * links in the middle of a path are always followed; the last component's
 * only by namei, namei_at and namei_user (lookup_at says which). */
/* Resolve path to an inode (with a reference) or -errno via *err. */
struct inode *namei(const char *path, int *err);
#define LOOKUP_FOLLOW 1 /* follow a symbolic link in the last component */
/* Resolve path from base, following a last-component link iff flags has
 * LOOKUP_FOLLOW: the inode (with a reference), or NULL with *err. */
struct inode *lookup_at(struct inode *base, const char *path, unsigned flags, int *err);
/* Resolve all but the last component: returns the parent directory (with
 * a reference) and sets *name and *len to the last component, whose
 * length (maybe over NAME_MAX) the caller checks. */
struct inode *namei_parent(const char *path, const char **name, size_t *len, int *err);
/* The same, relative to base instead of the current directory. */
struct inode *namei_at(struct inode *base, const char *path, int *err);
struct inode *namei_parent_at(struct inode *base, const char *path, const char **name, size_t *len,
			      int *err);
/* The directory an openat-style call starts from: cwd for AT_FDCWD or an absolute
 * path, else dirfd's directory (-EBADF, -ENOTDIR). No reference taken. */
struct inode *dirfd_inode(int dirfd, const char *path, int *err);
/* The absolute path of directory dir (from the caller's root), built at
 * the end of buf[0..size): returns its start, or NULL with *err -ENOENT
 * (dir or an ancestor was removed) or -ENAMETOOLONG (longer than size - 1). */
char *dir_path(struct inode *dir, char *buf, size_t size, int *err);
/* dir's permission hook (inode_operations), if it has one: 0 or -errno. */
int dir_permission(struct inode *dir);
/* The caller's root directory (chroot), absolute paths start there: no
 * reference taken. dir_reachable: is dir at or below it? */
struct inode *fs_root(void);
bool dir_reachable(struct inode *dir);
/* Copy a user path and resolve it: the inode (with a reference), or
 * NULL with *err set. */
struct inode *namei_user(const char __user *upath, int *err);
/* Copy user path upath and resolve it from dirfd (see dirfd_inode),
 * following a last link iff follow is LOOKUP_FOLLOW; with AT_EMPTY_PATH in
 * flags, "" is dirfd's own file (syscalls/names.c). */
struct inode *user_lookup_at(int dirfd, const char __user *upath, unsigned follow, long flags,
			     int *err);
/* Copy user path upath and find its parent directory from dirfd: the
 * directory (with a reference), *pathp the kmalloc'd path, *name and *len
 * its last component (at most NAME_MAX); else NULL with *err. */
struct inode *user_parent(int dirfd, const char __user *upath, char **pathp, const char **name,
			  size_t *len, int *err);
/* Copy a path from user space into a kmalloc'd PATH_MAX buffer. */
char *getname(const char __user *upath, int *err);

/* mount.c: file systems mounted on directories (tmpfs, ramfs). A path
 * walk goes down into what is mounted on a directory and ".." from a
 * mounted root climbs to the directory it covers. */
/* ip, or the root of what is mounted on it (the top of a stack). */
struct inode *mount_cross(struct inode *ip);
/* For the root of a mount, the directory it covers (below every stacked
 * mount); else ip. */
struct inode *mount_covered(struct inode *ip);
/* The directory ".." of directory ip names, crossing out of mounts. */
struct inode *mount_dotdot(struct inode *ip);
/* True iff ip is the root of a mounted file system. */
bool is_mount_root(const struct inode *ip);
/* True iff a and b are in the same file system (else rename, link: EXDEV). */
bool same_fs(const struct inode *a, const struct inode *b);
/* -EROFS if ip is on a file system mounted read-only, else 0: the check
 * every call that would change ip or an entry of it makes. */
int may_write_fs(const struct inode *ip);
/* ip's st_dev: 1 for the root ramfs, 0:N for each mount. */
uint32_t inode_dev(const struct inode *ip);
/* ip is being linked into dir: it joins dir's file system (counted
 * there) if it had none. 0, or -ENOSPC when that has no inode left. */
int fs_adopt(struct inode *dir, struct inode *ip);
/* ip is being freed: its file system forgets it. */
void fs_forget(struct inode *ip);
/* One more data page for ip's file (false: its file system is full, by
 * its size= limit); and one fewer. */
bool fs_charge_page(struct inode *ip);
void fs_uncharge_page(struct inode *ip);
/* The statfs of a file system, in Linux's struct statfs64 terms. */
struct kstatfs {
	uint32_t type, bsize, namelen, frsize, flags, fsid;
	uint64_t blocks, bfree, bavail, files, ffree;
};
/* Fill *st for the file system ip is in. */
void fs_statfs(const struct inode *ip, struct kstatfs *st);
/* /proc/mounts: one line per mount, from *pos on, into to. */
ssize_t mounts_text_read(struct iov_iter *to, loff_t *pos);
/* /proc/PID/mountinfo's text, read at *pos. */
ssize_t mountinfo_text_read(struct iov_iter *to, loff_t *pos);
/* ramfs.c: remove everything below directory dir (iteratively). */
void dir_clear(struct inode *dir);

/* initramfs.c */
void initramfs_unpack(const void *data, size_t size);
/* Create a regular file at path (parents must exist) holding data. */
int ramfs_create_file(const char *path, const void *data, size_t size, uint32_t mode);

/* devices.c, pipe.c */
void devices_init(void);
/* The operations of character device rdev, or NULL for none. */
const struct file_operations *chrdev_ops(uint32_t rdev);
/* devices.c, for the /proc files: a node dir/name read and written through
 * fop; the directory parent/name, made if missing; and what is left from
 * *pos on of the len bytes of text at buf, copied to the reader. */
void make_node(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
	       const struct file_operations *fop);
struct inode *make_subdir(struct inode *parent, const char *name);
ssize_t text_read(const char *buf, int len, struct iov_iter *to, loff_t *pos);
/* procfs.c: the machine-wide files of /proc (meminfo, uptime...). */
void procfs_init(struct inode *proc);
/* fs/proc/pid.c: free the nodes lookups made that nothing holds; called as
 * each path walk begins, when no walk is using them. */
void procfs_drain(void);
/* fs/proc/link.c: the text of symbolic link ip into buf (size bytes,
 * NUL-terminated): its length, or -errno. */
int inode_readlink(struct inode *ip, char *buf, size_t size);
/* pipe.c: a new pipe's two files (flags: O_NONBLOCK, O_DIRECT), or -ENOMEM */
int pipe_create(struct file **rd, struct file **wr, uint32_t flags);
/* fifo.c: what a FIFO node opens through */
extern const struct file_operations fifo_ops;
/* file.c: an O_PATH file's operations (none) */
extern const struct file_operations path_ops;
#define PIPE_BUF 4096
#define PIPE_SIZE 65536 /* as Linux: 16 pages */

#endif
