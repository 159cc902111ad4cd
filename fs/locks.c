/*
 * Advisory locks: the lists behind fcntl's record locks, flock(2) and
 * leases (include/kernel/locks.h says who owns what and when it goes).
 *
 * An inode's `locks` list holds every kind. A POSIX or OFD request
 * conflicts with a POSIX or OFD lock of another owner whose range
 * overlaps it when either is a write lock; flock locks conflict only
 * with flock locks of another open file. An owner's own POSIX (or OFD)
 * locks never overlap one another: setting a range first merges the
 * owner's locks of the same type that overlap or touch it, then cuts the
 * owner's other locks out of it (splitting one in two if it lies inside),
 * so an upgrade, a downgrade or an F_UNLCK of part of a range all come
 * out as Linux's. As in Linux's list, an owner's fcntl locks stand
 * together in order of start (owners in the order of their first lock),
 * and F_GETLK reports the first conflict in that order.
 *
 * Waiting: a blocked F_SETLKW or flock sleeps on &inode->locks, and every
 * change of the list wakes all sleepers, who look again. A blocked POSIX
 * request is also recorded in `waiters` (on the sleeper's own kernel
 * stack) with the owner it waits for, which is what deadlock detection
 * follows, as Linux's posix_locks_deadlock: if the owner we would wait for
 * is itself waiting, transitively (at most MAX_DEADLK_ITERATIONS steps),
 * for us, the request fails with EDEADLK. OFD requests are never checked,
 * as on Linux.
 */
#include <kernel/locks.h>
#include <kernel/proc.h>
#include <kernel/mm.h>

#define MAX_DEADLK_ITERATIONS 10

/* A POSIX request asleep in posix_lock: owner waits for blocker. */
struct lock_waiter {
	const void *owner;
	const void *blocker;
	struct lock_waiter *next;
};

static struct lock_waiter *waiters;

/* Is kind one of fcntl's (POSIX or OFD), which share one space? */
static bool fcntl_kind(enum lock_kind kind)
{
	return kind == LOCK_POSIX || kind == LOCK_OFD;
}

/* Does fcntl lock l belong to req's owner? */
static bool same_owner(const struct file_lock *l, const struct file_lock *req)
{
	return l->kind == req->kind && l->owner == req->owner;
}

/* Do l and req conflict (fcntl kinds, other owner, overlap, a writer)? */
static bool posix_conflict(const struct file_lock *l, const struct file_lock *req)
{
	if (!fcntl_kind(l->kind) || same_owner(l, req))
		return false;
	if (l->end < req->start || l->start > req->end)
		return false;
	return l->type == F_WRLCK || req->type == F_WRLCK;
}

/* The first lock on ip that conflicts with req, or NULL. */
static struct file_lock *first_conflict(struct inode *ip, const struct file_lock *req)
{
	for (struct file_lock *l = ip->locks; l; l = l->next)
		if (posix_conflict(l, req))
			return l;
	return NULL;
}

/* Would caller waiting for the owner of block close a cycle of waits? */
static bool deadlock(const void *caller, const struct file_lock *block)
{
	const void *owner = block->owner;

	for (int i = 0; i <= MAX_DEADLK_ITERATIONS; i++) {
		struct lock_waiter *w = waiters;
		while (w && w->owner != owner)
			w = w->next;
		if (!w)
			return false;
		if (w->blocker == caller)
			return true;
		owner = w->blocker;
	}
	return false;
}

/* Does l touch or overlap [s, e]? */
static bool touches(const struct file_lock *l, loff_t s, loff_t e)
{
	return (e == OFFSET_MAX || l->start <= e + 1) && (l->end == OFFSET_MAX || l->end + 1 >= s);
}

/* Append l to ip's locks. */
static void append_lock(struct inode *ip, struct file_lock *l)
{
	struct file_lock **pp = &ip->locks;

	while (*pp)
		pp = &(*pp)->next;
	l->next = NULL;
	*pp = l;
}

/* Insert the fcntl lock l where Linux's posix_lock_inode puts it: among
 * its owner's locks (kept together) in order of start, or at the end if
 * the owner has none. F_GETLK reports the first conflict in this order. */
static void insert_posix_lock(struct inode *ip, struct file_lock *l)
{
	struct file_lock **pp = &ip->locks;

	while (*pp && !same_owner(*pp, l))
		pp = &(*pp)->next;
	while (*pp && same_owner(*pp, l) && (*pp)->start < l->start)
		pp = &(*pp)->next;
	l->next = *pp;
	*pp = l;
}

/* Make req's owner hold exactly req over req's range (nothing, for
 * F_UNLCK), merging and cutting its other locks. Returns 0 or -ENOLCK. */
static int posix_apply(struct inode *ip, const struct file_lock *req)
{
	struct file_lock *split = kmalloc(sizeof(*split)), *new = NULL;
	loff_t s = req->start, e = req->end;
	struct file_lock **pp;

	if (req->type != F_UNLCK)
		new = kmalloc(sizeof(*new));
	if (!split || (req->type != F_UNLCK && !new)) {
		kfree(split);
		kfree(new);
		return -ENOLCK;
	}
	for (pp = &ip->locks; new &&*pp;) { /* merge the same type */
		struct file_lock *l = *pp;
		if (same_owner(l, req) && l->type == req->type && touches(l, s, e)) {
			s = min(s, l->start);
			e = max(e, l->end);
			*pp = l->next;
			kfree(l);
		} else {
			pp = &l->next;
		}
	}
	for (pp = &ip->locks; *pp;) { /* cut the rest out of [s, e] */
		struct file_lock *l = *pp;
		if (!same_owner(l, req) || l->end < s || l->start > e) {
			pp = &l->next;
		} else if (l->start < s && l->end > e) {
			*split = *l;
			split->start = e + 1;
			l->end = s - 1;
			l->next = split;
			split = NULL;
			pp = &l->next->next;
		} else if (l->start < s) {
			l->end = s - 1;
			pp = &l->next;
		} else if (l->end > e) {
			l->start = e + 1;
			pp = &l->next;
		} else {
			*pp = l->next;
			kfree(l);
		}
	}
	if (new) {
		*new = *req;
		new->start = s;
		new->end = e;
		insert_posix_lock(ip, new);
	}
	kfree(split);
	wake_up_all(&ip->lock_wait);
	return 0;
}

/* Set or remove the fcntl lock req on f's inode (see locks.h). Returns 0
 * or -EAGAIN, -EDEADLK, -EINTR, -ENOLCK. */
int posix_lock(struct file *f, const struct file_lock *req, bool wait)
{
	struct inode *ip = f->inode;
	struct file_lock *c;

	while (req->type != F_UNLCK && (c = first_conflict(ip, req))) {
		if (!wait)
			return -EAGAIN;
		if (req->kind == LOCK_POSIX && deadlock(req->owner, c))
			return -EDEADLK;
		struct lock_waiter w = { req->owner, c->owner, waiters };
		if (req->kind == LOCK_POSIX)
			waiters = &w;
		int err = wait_sleep(&ip->lock_wait);
		if (req->kind == LOCK_POSIX) {
			struct lock_waiter **wp = &waiters;
			while (*wp != &w)
				wp = &(*wp)->next;
			*wp = w.next;
		}
		if (err)
			return -EINTR;
	}
	return posix_apply(ip, req);
}

/* F_GETLK: *req becomes the first conflicting lock, or F_UNLCK. */
void posix_test(struct file *f, struct file_lock *req)
{
	struct file_lock *c = first_conflict(f->inode, req);

	if (c)
		*req = *c;
	else
		req->type = F_UNLCK;
}

/* Take the lock l out of ip's list (pp points at it) and free it. */
static void drop_lock(struct inode *ip, struct file_lock **pp)
{
	struct file_lock *l = *pp;

	*pp = l->next;
	kfree(l);
	wake_up_all(&ip->lock_wait);
}

/* The link to f's lock of kind on its inode, or NULL. */
static struct file_lock **find_own(struct file *f, enum lock_kind kind)
{
	for (struct file_lock **pp = &f->inode->locks; *pp; pp = &(*pp)->next)
		if ((*pp)->kind == kind && (*pp)->owner == f)
			return pp;
	return NULL;
}

/* Does a flock lock of another open file conflict with f taking type? */
static bool flock_conflict(struct file *f, int type)
{
	for (struct file_lock *l = f->inode->locks; l; l = l->next)
		if (l->kind == LOCK_FLOCK && l->owner != f &&
		    (l->type == F_WRLCK || type == F_WRLCK))
			return true;
	return false;
}

/* flock(2): see locks.h. Returns 0, -EAGAIN, -EINTR or -ENOMEM. */
int flock_lock(struct file *f, int type, bool wait)
{
	struct inode *ip = f->inode;
	struct file_lock **own = find_own(f, LOCK_FLOCK);

	if (own && (*own)->type == type)
		return 0;
	struct file_lock *new = type == F_UNLCK ? NULL : kmalloc(sizeof(*new));
	if (type != F_UNLCK && !new)
		return -ENOMEM;
	if (own)
		drop_lock(ip, own);
	if (type == F_UNLCK)
		return 0;
	while (flock_conflict(f, type)) {
		if (!wait || wait_sleep(&ip->lock_wait)) {
			kfree(new);
			return wait ? -EINTR : -EAGAIN;
		}
	}
	*new = (struct file_lock){ NULL, LOCK_FLOCK, type, 0, OFFSET_MAX, f, current->pid };
	append_lock(ip, new);
	return 0;
}

/* Would a lease of type on f conflict with the inode's other opens? A
 * read lease needs nobody (f included) to have it open for writing, a
 * write lease nobody but f to have it open at all, as Linux. */
static bool lease_open_conflict(struct file *f, long type)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == P_UNUSED)
			continue;
		for (int fd = 0; fd < p->max_fds; fd++) {
			struct file *g = p->files[fd];
			if (!g || g->inode != f->inode)
				continue;
			if (type == F_RDLCK ? file_writable(g) : g != f)
				return true;
		}
	}
	return false;
}

/* F_SETLEASE (see locks.h): no lease is ever broken, since nothing here
 * waits for a lease holder. Returns 0 or -errno. */
int lease_set(struct file *f, long type)
{
	if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
		return -EINVAL;
	if (!S_ISREG(f->inode->mode))
		return -EINVAL;
	struct file_lock **own = find_own(f, LOCK_LEASE);
	if (type == F_UNLCK) {
		if (!own)
			return -EAGAIN;
		drop_lock(f->inode, own);
		return 0;
	}
	if (lease_open_conflict(f, type))
		return -EAGAIN;
	if (own) {
		(*own)->type = (int)type;
		return 0;
	}
	struct file_lock *l = kmalloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	*l = (struct file_lock){ NULL, LOCK_LEASE, (int)type, 0, OFFSET_MAX, f, current->pid };
	append_lock(f->inode, l);
	return 0;
}

/* F_GETLEASE: the type of f's lease, or F_UNLCK. */
int lease_get(struct file *f)
{
	struct file_lock **own = find_own(f, LOCK_LEASE);

	return own ? (*own)->type : F_UNLCK;
}

/* Drop every lock on ip that match() says to (with who), waking waiters. */
static void remove_matching(struct inode *ip, bool (*match)(const struct file_lock *, const void *),
			    const void *who)
{
	for (struct file_lock **pp = &ip->locks; *pp;) {
		if (match(*pp, who))
			drop_lock(ip, pp);
		else
			pp = &(*pp)->next;
	}
}

/* Is l a POSIX lock of process p? */
static bool posix_of(const struct file_lock *l, const void *p)
{
	return l->kind == LOCK_POSIX && l->owner == p;
}

/* Is l an OFD or flock lock, or a lease, of file f? */
static bool file_owned(const struct file_lock *l, const void *f)
{
	return l->kind != LOCK_POSIX && l->owner == f;
}

/* p closes an fd of f: its POSIX locks on the inode go, as Linux. */
void locks_remove_posix(struct proc *p, struct file *f)
{
	if (f->inode && f->inode->locks)
		remove_matching(f->inode, posix_of, p);
}

/* f's last reference goes: its OFD and flock locks and its lease go. */
void locks_remove_file(struct file *f)
{
	if (f->inode && f->inode->locks)
		remove_matching(f->inode, file_owned, f);
}
