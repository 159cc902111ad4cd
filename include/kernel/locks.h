/*
 * Advisory file locks (fs/locks.c), as Linux keeps them: POSIX record
 * locks (fcntl F_SETLK...), owned by a process; OFD locks (F_OFD_SETLK...),
 * owned by an open file; flock(2) locks, owned by an open file and never
 * in conflict with the other two; and leases (F_SETLEASE). Each inode
 * holds its locks in one list, `locks`, and the processes waiting for a
 * change sleep on that list's address.
 *
 * A POSIX lock goes when its process closes any fd of the file (or
 * exits); OFD and flock locks and leases when their open file's last
 * reference goes.
 */
#ifndef KERNEL_LOCKS_H
#define KERNEL_LOCKS_H

#include <kernel/fs.h>

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define OFFSET_MAX INT64_MAX /* a lock's end when it runs to the end of the file */

enum lock_kind {
	LOCK_POSIX, /* fcntl F_SETLK: owner is the struct proc */
	LOCK_OFD,   /* fcntl F_OFD_SETLK: owner is the struct file */
	LOCK_FLOCK, /* flock(2): owner is the struct file */
	LOCK_LEASE  /* F_SETLEASE: owner is the struct file */
};

/* One lock of bytes [start, end], or a lease (whole file). */
struct file_lock {
	struct file_lock *next;
	enum lock_kind kind;
	int type; /* F_RDLCK or F_WRLCK (F_UNLCK only in a request) */
	loff_t start, end;
	const void *owner;
	pid_t pid; /* who set it, for F_GETLK's l_pid */
};

struct proc;

/* Set (or with F_UNLCK remove) the POSIX or OFD lock req on f's inode,
 * splitting and merging the owner's own ranges. With wait, sleep while
 * another owner's lock conflicts. Returns 0, -EAGAIN (a conflict, no
 * wait), -EDEADLK, -EINTR or -ENOLCK (no memory). */
int posix_lock(struct file *f, const struct file_lock *req, bool wait);
/* F_GETLK: replace *req by the first lock of another owner that conflicts
 * with it, or set its type to F_UNLCK when none does. */
void posix_test(struct file *f, struct file_lock *req);
/* flock(2) on f: type F_RDLCK (LOCK_SH), F_WRLCK (LOCK_EX) or F_UNLCK.
 * A conversion drops the old lock first, as Linux. Returns 0, -EAGAIN
 * (EWOULDBLOCK, no wait), -EINTR or -ENOMEM. */
int flock_lock(struct file *f, int type, bool wait);
/* F_SETLEASE: 0, -EINVAL (type, not a regular file), -EAGAIN (other
 * opens conflict, or F_UNLCK without a lease), -ENOMEM. */
int lease_set(struct file *f, long type);
/* F_GETLEASE: f's lease type, or F_UNLCK. */
int lease_get(struct file *f);
/* p closes an fd of f: drop p's POSIX locks on f's inode. */
void locks_remove_posix(struct proc *p, struct file *f);
/* f's last reference goes: drop its OFD and flock locks and its lease. */
void locks_remove_file(struct file *f);

#endif
