/*
 * The process itself: fork, exit and exit_group, the ids (pid, tid,
 * parent; user and group ids are in syscalls/cred.c),
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

#define PR_GET_KEEPCAPS 7
#define PR_SET_KEEPCAPS 8
#define PR_CAPBSET_READ 23
#define PR_CAPBSET_DROP 24
#define PR_GET_SECUREBITS 27
#define PR_SET_SECUREBITS 28
#define PR_CAP_AMBIENT 47
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define TASK_COMM_LEN 16
#define UMASK_BITS 0777 /* the permission bits a umask can hold */

/*
 * prctl(option, arg2, ...): PR_SET/GET_CHILD_SUBREAPER (orphans among the
 * caller's descendants are handed to it rather than to init; kept across
 * execve, not inherited by fork), PR_SET/GET_NAME, and the capability
 * options (cap_prctl, syscalls/cred.c). Anything else is -EINVAL.
 */
long sys_prctl(long option, long arg2, long arg3, long arg4, long arg5)
{
	char name[TASK_COMM_LEN];

	switch (option) {
	case PR_GET_KEEPCAPS:
	case PR_SET_KEEPCAPS:
	case PR_CAPBSET_READ:
	case PR_CAPBSET_DROP:
	case PR_GET_SECUREBITS:
	case PR_SET_SECUREBITS:
	case PR_CAP_AMBIENT:
		return cap_prctl(option, arg2, arg3, arg4, arg5);
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
