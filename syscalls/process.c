/*
 * The process itself: fork, exit and exit_group, the ids (pid, tid,
 * parent, and the user and group ids, all 0: everything runs as root,
 * and no supplementary groups),
 * set_tid_address, prctl and umask. Waiting for children is in
 * syscalls/wait.c, execve in syscalls/exec.c, signals in
 * syscalls/signal.c, alarms and timers in syscalls/timer.c, process
 * groups and sessions in syscalls/session.c, limits in syscalls/rlimit.c.
 */
#include <kernel/proc.h>
#include <asm/uaccess.h>

/* fork(): a copy of the caller; the child's pid, 0 in the child, or
 * -EAGAIN / -ENOMEM. */
long sys_fork(void)
{
	return do_fork();
}

/* getpid(): the caller's pid. */
long sys_getpid(void)
{
	return current->pid;
}

/* gettid(): the caller's thread id, its pid (one thread a process). */
long sys_gettid(void)
{
	return current->pid;
}

/* getppid(): the parent's pid, or 0 when it has none (init gone). */
long sys_getppid(void)
{
	return current->parent ? current->parent->pid : 0;
}

/* getuid(): 0, everything runs as root. */
long sys_getuid(void)
{
	return 0;
}

/* getgid(): 0, everything runs as root. */
long sys_getgid(void)
{
	return 0;
}

/* geteuid(): 0, everything runs as root. */
long sys_geteuid(void)
{
	return 0;
}

/* getegid(): 0, everything runs as root. */
long sys_getegid(void)
{
	return 0;
}

/*
 * getgroups(size, list): the caller's supplementary groups. No process
 * has any: they come only from setgroups (as Linux's init, which starts
 * with none, passes on to everything that never calls it). So nothing is
 * written and the count is 0, for any size >= 0 (as Linux: no list is
 * read or written for an empty set); -EINVAL for a negative size.
 */
static long do_getgroups(long size)
{
	return size < 0 ? -EINVAL : 0;
}

/* getgroups32(size, list): the supplementary groups as 32-bit gids;
 * see do_getgroups. */
long sys_getgroups32(long size)
{
	return do_getgroups(size);
}

/* getgroups(size, list): the old call with 16-bit gids; see
 * do_getgroups. */
long sys_getgroups(long size)
{
	return do_getgroups(size);
}

/* exit_group(code): end the process (its one thread) with code. */
long sys_exit_group(long code)
{
	do_exit(W_EXITCODE(code, 0));
}

/* set_tid_address(tidptr): at exit, 0 is written to *tidptr. Returns
 * the caller's tid. */
long sys_set_tid_address(long tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define TASK_COMM_LEN 16
#define UMASK_BITS 0777 /* the permission bits a umask can hold */

/*
 * prctl(option, arg2, ...): PR_SET/GET_CHILD_SUBREAPER (orphans among the
 * caller's descendants are handed to it rather than to init; kept across
 * execve, not inherited by fork) and PR_SET/GET_NAME. Anything else is
 * -EINVAL.
 */
long sys_prctl(long option, long arg2)
{
	char name[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_CHILD_SUBREAPER:
		current->child_subreaper = arg2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_user((int)current->child_subreaper, (int __user *)arg2);
	case PR_SET_NAME:
		if (strncpy_from_user(name, (const char __user *)arg2, sizeof(name)) < 0)
			return -EFAULT;
		name[sizeof(name) - 1] = '\0';
		memcpy(current->name, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		memcpy(name, current->name, sizeof(name));
		name[sizeof(name) - 1] = '\0';
		return copy_to_user((void __user *)arg2, name, sizeof(name)) ? -EFAULT : 0;
	}
	return -EINVAL;
}

/* Set the file mode creation mask; returns the old one. */
long sys_umask(long mask)
{
	uint32_t old = current->umask;

	current->umask = mask & UMASK_BITS;
	return old;
}

/* exit(code): end the calling process with exit status code. */
long sys_exit(long code)
{
	do_exit(W_EXITCODE(code, 0));
}
