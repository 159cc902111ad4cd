/*
 * The pid, process-group and session hash lists: see
 * include/kernel/pidhash.h. Each process has one link per list type in
 * struct proc (pid_links); a bucket holds the processes whose id of that
 * type hashes there, in the order they came.
 */
#include <kernel/proc.h>
#include <kernel/pidhash.h>

#define PIDHASH_BITS 8
#define PIDHASH_SIZE (1u << PIDHASH_BITS)
#define GOLDEN_RATIO_32 0x61C88647u /* Linux's hash_32 multiplier */

static struct list_head buckets[PIDTYPE_MAX][PIDHASH_SIZE]; /* zeroed: empty */
static struct list_head by_pid = LIST_HEAD_INIT(by_pid);    /* pid_order links */

/* p's id of type. */
static pid_t id_of(const struct proc *p, enum pid_type type)
{
	return type == PIDTYPE_PID ? p->pid : type == PIDTYPE_PGID ? p->pgid : p->sid;
}

/* The bucket of id in the table of type. */
static struct list_head *bucket(enum pid_type type, pid_t id)
{
	return &buckets[type][((uint32_t)id * GOLDEN_RATIO_32) >> (32 - PIDHASH_BITS)];
}

/* Put p on the list of type by its id (none for id 0). */
static void link_type(struct proc *p, enum pid_type type)
{
	pid_t id = id_of(p, type);

	if (id)
		list_add_tail(&p->pid_links[type], bucket(type, id));
}

/* Take p off the list of type if it is on it. */
static void unlink_type(struct proc *p, enum pid_type type)
{
	if (list_linked(&p->pid_links[type]))
		list_del_init(&p->pid_links[type]);
}

/* Put p on the pid list, and in its place in pid order: after the last
 * live process with a lower pid, looked for from the end. */
void pidhash_add(struct proc *p)
{
	struct list_head *after = by_pid.prev;

	link_type(p, PIDTYPE_PID);
	while (after != &by_pid && list_entry(after, struct proc, pid_order)->pid > p->pid)
		after = after->prev;
	list_insert(&p->pid_order, after, after->next);
}

/* Take p off all three lists and the pid order. */
void pidhash_del(struct proc *p)
{
	for (int t = 0; t < PIDTYPE_MAX; t++)
		unlink_type(p, t);
	if (list_linked(&p->pid_order))
		list_del_init(&p->pid_order);
}

/* The process that link e of the pid order is, or NULL at the end. */
static struct proc *order_entry(struct list_head *e)
{
	return e == &by_pid ? NULL : list_entry(e, struct proc, pid_order);
}

/* Returns the live process with the lowest pid >= from, or NULL. */
struct proc *proc_next_pid(pid_t from)
{
	struct proc *p;

	if (from <= 1)
		return order_entry(by_pid.next);
	if ((p = proc_find(from)))
		return p;
	if ((p = proc_find(from - 1)))
		return order_entry(p->pid_order.next);
	for (p = order_entry(by_pid.next); p && p->pid < from; p = order_entry(p->pid_order.next))
		; /* the process before from is gone: walk from the start */
	return p;
}

/* Make pgid p's process group. */
void proc_set_pgid(struct proc *p, pid_t pgid)
{
	unlink_type(p, PIDTYPE_PGID);
	p->pgid = pgid;
	link_type(p, PIDTYPE_PGID);
}

/* Make sid p's session. */
void proc_set_sid(struct proc *p, pid_t sid)
{
	unlink_type(p, PIDTYPE_SID);
	p->sid = sid;
	link_type(p, PIDTYPE_SID);
}

/* The first process from link pos on (in the bucket of id) whose id of
 * type is id, or NULL. */
static struct proc *scan(enum pid_type type, pid_t id, struct list_head *pos)
{
	struct list_head *head = bucket(type, id);

	for (; pos != head; pos = pos->next) {
		struct proc *p = list_entry(pos, struct proc, pid_links[type]);
		if (id_of(p, type) == id)
			return p;
	}
	return NULL;
}

/* Returns the first live process whose id of type is id, or NULL. */
struct proc *pid_first(enum pid_type type, pid_t id)
{
	struct list_head *head = bucket(type, id);

	return list_empty(head) ? NULL : scan(type, id, head->next);
}

/* Returns the next process after p with p's id of type, or NULL. */
struct proc *pid_next(enum pid_type type, struct proc *p)
{
	return scan(type, id_of(p, type), p->pid_links[type].next);
}

/* Returns the live process with this pid (zombies included), or NULL. */
struct proc *proc_find(pid_t pid)
{
	return pid ? pid_first(PIDTYPE_PID, pid) : NULL;
}

/* Is some process (zombies included) a member of process group pgid? */
bool pgrp_exists(pid_t pgid)
{
	return pgid && pid_first(PIDTYPE_PGID, pgid) != NULL;
}

/* Is id a pid, or a group's or session's id, in use? */
bool pid_in_use(pid_t id)
{
	for (int t = 0; t < PIDTYPE_MAX; t++)
		if (pid_first(t, id))
			return true;
	return false;
}
