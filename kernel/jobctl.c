/*
 * Process groups as job control sees them, as Linux.
 *
 * A process group is orphaned when no member has a parent in another group
 * of the same session (a parent that is init does not count): no shell is
 * left that could continue it. Stop signals from the terminal (SIGTSTP,
 * SIGTTIN, SIGTTOU) do nothing to an orphaned group, and reads of the
 * terminal from one give EIO instead of SIGTTIN.
 *
 * When a process dies, its own group and the groups of its children may
 * become orphaned; each that does, and has a stopped member, gets SIGHUP
 * and then SIGCONT (exit_orphan_groups), so that it is not left stopped
 * forever.
 */
#include <kernel/proc.h>
#include <kernel/pidhash.h>

#define INIT_PID 1

/* Is p a live member of process group pgid? */
static bool live_member(struct proc *p, pid_t pgid)
{
	return p->state != P_UNUSED && p->state != P_ZOMBIE && p->state != P_EMBRYO &&
	       p->pgid == pgid;
}

/* Is process group pgid orphaned, leaving out member ignore (the dying
 * process, or NULL)? True too when the group has no live member. */
bool pgrp_orphaned(pid_t pgid, struct proc *ignore)
{
	struct proc *p;

	for_each_pid_member(p, PIDTYPE_PGID, pgid)
	{
		if (p == ignore || !live_member(p, pgid))
			continue;
		struct proc *q = p->parent;
		if (!q || q->pid == INIT_PID || q == ignore)
			continue;
		if (q->pgid != pgid && q->sid == p->sid)
			return false;
	}
	return true;
}

/* Does process group pgid have a stopped member? */
bool pgrp_has_stopped(pid_t pgid)
{
	struct proc *p;

	for_each_pid_member(p, PIDTYPE_PGID, pgid) if (p->state == P_STOPPED) return true;
	return false;
}

/* Send sig from the kernel to every live member of process group pgid. */
void kill_pgrp(pid_t pgid, int sig)
{
	struct proc *p;

	for_each_pid_member(p, PIDTYPE_PGID, pgid) if (live_member(p, pgid)) send_signal(p, sig);
}

/* Group pgid, whose link to its session's other groups went through
 * dying p: if p's death orphans it and it has a stopped member, it gets
 * SIGHUP and SIGCONT. */
static void check_orphaned(pid_t pgid, struct proc *p)
{
	if (pgrp_orphaned(pgid, p) && pgrp_has_stopped(pgid)) {
		kill_pgrp(pgid, SIGHUP);
		kill_pgrp(pgid, SIGCONT);
	}
}

/* do_exit, as dying p hands child c on: c's group, if it is another group
 * of p's session, may be orphaned now (check_orphaned). */
void exit_orphan_child(struct proc *p, struct proc *c)
{
	if (c->state != P_ZOMBIE && c->pgid != p->pgid && c->sid == p->sid)
		check_orphaned(c->pgid, p);
}

/* do_exit, once dying p's children are handed on: p's own group, if p's
 * parent is in another group of the session, may be orphaned now. */
void exit_orphan_group(struct proc *p)
{
	struct proc *q = p->parent;

	if (q && q->pgid != p->pgid && q->sid == p->sid)
		check_orphaned(p->pgid, p);
}
