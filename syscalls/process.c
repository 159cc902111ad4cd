/*
 * The process itself: fork, exit and exit_group, the ids (pid, tid,
 * parent; user and group ids are in syscalls/cred.c),
 * set_tid_address and umask (prctl is syscalls/prctl.c). Waiting for children is in
 * syscalls/wait.c, execve in syscalls/exec.c, signals in
 * syscalls/signal.c, alarms and timers in syscalls/timer.c, process
 * groups and sessions in syscalls/session.c, limits in syscalls/rlimit.c.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
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
long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

#define UMASK_BITS 0777 /* the permission bits a umask can hold */

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
