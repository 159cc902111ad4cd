/*
 * Process groups and sessions, as Linux. A process starts in its parent's
 * group and session and keeps them across execve. setsid makes a new
 * session and group led by the caller; setpgid moves the caller or one of
 * its children into another group of the same session, or a new one.
 */
#include <kernel/proc.h>
#include <kernel/pidhash.h>
#include <kernel/syscalls.h>

/* getpgrp(): the caller's process group. */
long sys_getpgrp(void)
{
	return current->pgid;
}

/* getpgid(pid): pid's process group (0: the caller's); -ESRCH if none. */
long sys_getpgid(long pid)
{
	struct proc *p = pid ? proc_find(pid) : current;

	return p ? p->pgid : -ESRCH;
}

/* getsid(pid): pid's session (0: the caller's); -ESRCH if none. */
long sys_getsid(long pid)
{
	struct proc *p = pid ? proc_find(pid) : current;

	return p ? p->sid : -ESRCH;
}

/*
 * setpgid(pid, pgid): put pid (0: the caller) into group pgid (0: pid's
 * own). Returns 0; -EINVAL for pgid < 0; -ESRCH unless pid is the caller
 * or its child; -EPERM for a child in another session, a session leader,
 * or a group that does not exist in the caller's session; -EACCES for a
 * child that has called execve.
 */
long sys_setpgid(long pid, long pgid)
{
	if (!pid)
		pid = current->pid;
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	struct proc *p = pid > 0 ? proc_find(pid) : NULL;
	if (!p)
		return -ESRCH;
	if (p->parent == current) {
		if (p->sid != current->sid)
			return -EPERM;
		if (p->did_exec)
			return -EACCES;
	} else if (p != current) {
		return -ESRCH;
	}
	if (p->sid == p->pid)
		return -EPERM; /* a session leader stays in its group */
	if (pgid != p->pid) {
		bool in_session = false;
		struct proc *g;
		for_each_pid_member(g, PIDTYPE_PGID, pgid) in_session |= g->sid == current->sid;
		if (!in_session)
			return -EPERM;
	}
	proc_set_pgid(p, pgid);
	return 0;
}

/* setsid(): a new session and process group, both led by the caller.
 * It starts without a controlling terminal.
 * Returns the new session id; -EPERM if a group with the caller's pid
 * exists already (the caller leads one, say). */
long sys_setsid(void)
{
	if (pgrp_exists(current->pid))
		return -EPERM;
	proc_set_sid(current, current->pid);
	proc_set_pgid(current, current->pid);
	current->tty = NULL; /* as Linux: a new session has no terminal */
	return current->sid;
}
