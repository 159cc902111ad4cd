/*
 * Finding processes by number (kernel/pidhash.c): every live process
 * (any state but P_UNUSED, zombies included) is on three hash lists, by
 * its pid, its process group and its session, each a table of
 * PIDHASH_SIZE buckets. A lookup by pid, and a walk of one group's or one
 * session's members, look at one bucket: O(1) for a pid, O(members plus
 * the few others that share the bucket) for a group, whatever NPROC is.
 *
 * p->pgid and p->sid change only through proc_set_pgid and proc_set_sid,
 * which move p between buckets.
 *
 * Every live process is also on one list in increasing pid order, for
 * listing /proc: a new pid is nearly always above every live one, so it
 * goes in at the end after looking at a few entries, and the process
 * after a given pid is found through the hash in O(1).
 */
#ifndef KERNEL_PIDHASH_H
#define KERNEL_PIDHASH_H

#include <kernel/kernel.h>

struct proc;

enum pid_type {
	PIDTYPE_PID,
	PIDTYPE_PGID,
	PIDTYPE_SID,
	PIDTYPE_MAX
};

/* Put p on the pid list by its pid (set by proc_alloc). */
void pidhash_add(struct proc *p);
/* Take p off every list (proc_free). */
void pidhash_del(struct proc *p);
/* Make pgid p's process group, or sid its session, moving it between
 * lists. */
void proc_set_pgid(struct proc *p, pid_t pgid);
void proc_set_sid(struct proc *p, pid_t sid);
/* The first live process whose id of type is id, and the next one after
 * p: for_each_pid_member walks a group's (PIDTYPE_PGID) or a session's
 * (PIDTYPE_SID) members. Returns NULL at the end. p may not leave the
 * list while it is the cursor. */
struct proc *pid_first(enum pid_type type, pid_t id);
struct proc *pid_next(enum pid_type type, struct proc *p);
#define for_each_pid_member(p, type, id) for (p = pid_first(type, id); p; p = pid_next(type, p))
/* The live process with the lowest pid >= from, or NULL: O(1) when from
 * is 0, a live pid, or one above a live pid (how a listing goes on). */
struct proc *proc_next_pid(pid_t from);
/* Is id some process's pid, or the id of a group or session with
 * members? */
bool pid_in_use(pid_t id);

#endif
