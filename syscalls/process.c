/*
 * Process calls: fork, execve, exit_group, getpid and friends, kill,
 * set_tid_address and the signal-mask stubs musl calls around fork.
 * (exit, waitpid and wait4 live with do_exit in kernel/exit.c.)
 */
#include <kernel/proc.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

#define MAX_ARG_STRLEN (32 * PAGE_SIZE)
#define MAX_ARG_TOTAL (128 * 1024)
#define MAX_ARGS 8192

long sys_fork(void)
{
	return do_fork();
}

long sys_getpid(void)
{
	return current->pid;
}

long sys_gettid(void)
{
	return current->pid;
}

long sys_getppid(void)
{
	return current->parent ? current->parent->pid : 0;
}

long sys_getuid(void)
{
	return 0;
}

long sys_getgid(void)
{
	return 0;
}

long sys_geteuid(void)
{
	return 0;
}

long sys_getegid(void)
{
	return 0;
}

long sys_exit_group(long code)
{
	do_exit(W_EXITCODE(code, 0));
}

long sys_set_tid_address(long tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/* No signal handlers exist, so there is no mask to keep; report an empty one. */
long sys_rt_sigprocmask(long how, long set, long oldset, long size)
{
	if (size != 8)
		return -EINVAL;
	if (oldset && clear_user((void __user *)oldset, 8))
		return -EFAULT;
	return 0;
}

/*
 * A signal's action is its default (SIG_DFL) or to be ignored (SIG_IGN);
 * there are no user handlers, so asking for one is -ENOSYS. The old
 * action is reported as {handler, flags, restorer, mask}, 20 bytes.
 */
long sys_rt_sigaction(long sig, long act, long oact, long size)
{
	uint32_t handler = 0;
	uint64_t bit = 1ull << (sig - 1);

	if (size != 8 || sig < 1 || sig > NSIG)
		return -EINVAL;
	if (act && get_user(handler, (uint32_t __user *)act))
		return -EFAULT;
	if (act && (sig == SIGKILL || sig == 19))
		return -EINVAL;
	if (act && handler > 1)
		return -ENOSYS;
	if (oact) {
		uint32_t old[5] = { (current->sig_ignored & bit) ? 1 : 0, 0, 0, 0, 0 };
		if (copy_to_user((void __user *)oact, old, sizeof(old)))
			return -EFAULT;
	}
	if (act)
		current->sig_ignored = handler ? current->sig_ignored | bit :
						 current->sig_ignored & ~bit;
	return 0;
}

long sys_kill(long pid, long sig)
{
	bool found = false;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct proc *p = proc_find(pid);
		if (!p)
			return -ESRCH;
		send_signal(p, sig);
		return 0;
	}
	if (pid < -1)
		return -ESRCH;
	/* All processes form one process group. 0: that group, the caller
	 * included; -1: every process but init and the caller. */
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == P_UNUSED || p->state == P_ZOMBIE ||
		    (pid == -1 && (p == current || p->pid == 1)))
			continue;
		found = true;
		send_signal(p, sig);
	}
	return found ? 0 : -ESRCH;
}

/*
 * Copy a NULL-terminated user array of strings into buf (at *used) and
 * the kernel pointers into vec. Returns the count or -EFAULT / -E2BIG.
 */
static long copy_strings(long uarr, char *buf, size_t *used, char **vec, int max)
{
	int n = 0;

	if (!uarr)
		return 0;
	for (;; n++) {
		uint32_t up;
		if (get_user(up, (uint32_t __user *)uarr + n))
			return -EFAULT;
		if (!up)
			break;
		if (n >= max)
			return -E2BIG;
		long len = strnlen_user((const char __user *)up, MAX_ARG_STRLEN);
		if (len == 0)
			return -EFAULT;
		if (len > MAX_ARG_STRLEN || *used + len > MAX_ARG_TOTAL)
			return -E2BIG;
		if (strncpy_from_user(buf + *used, (const char __user *)up, len) != len - 1)
			return -EFAULT;
		vec[n] = buf + *used;
		*used += len;
	}
	vec[n] = NULL;
	return n;
}

long sys_execve(long upath, long uargv, long uenvp)
{
	long err;
	int ierr = 0;
	char *path = getname((const char __user *)upath, &err);

	if (!path)
		return err;
	/* as Linux: the file is found before the arguments are read */
	struct inode *ip = namei(path, &ierr);
	if (!ip) {
		kfree(path);
		return ierr;
	}
	inode_put(ip);
	char *buf = kmalloc(MAX_ARG_TOTAL);
	char **argv = kmalloc((MAX_ARGS + 1) * sizeof(char *));
	char **envp = kmalloc((MAX_ARGS + 1) * sizeof(char *));
	size_t used = 0;
	err = -ENOMEM;
	if (buf && argv && envp) {
		err = copy_strings(uargv, buf, &used, argv, MAX_ARGS);
		if (err >= 0) {
			if (!uargv)
				argv[0] = NULL;
			err = copy_strings(uenvp, buf, &used, envp, MAX_ARGS);
			if (err >= 0) {
				if (!uenvp)
					envp[0] = NULL;
				err = do_execve(path, argv, envp);
			}
		}
	}
	kfree(buf);
	kfree(argv);
	kfree(envp);
	kfree(path);
	return err;
}

/* One session, one process group per process: enough for shells and libc. */
long sys_getpgrp(void)
{
	return current->pid;
}

long sys_getpgid(long pid)
{
	if (pid && !proc_find(pid))
		return -ESRCH;
	return pid ? pid : current->pid;
}

long sys_setpgid(long pid, long pgid)
{
	if (pid < 0 || pgid < 0)
		return -EINVAL;
	if (pid && !proc_find(pid))
		return -ESRCH;
	return 0;
}

long sys_setsid(void)
{
	return current->pid;
}

long sys_getsid(long pid)
{
	if (pid && !proc_find(pid))
		return -ESRCH;
	return 1;
}

/* Set the file mode creation mask; returns the old one. */
long sys_umask(long mask)
{
	uint32_t old = current->umask;

	current->umask = mask & 0777;
	return old;
}

#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIM_INFINITY 0xffffffffu

/* The limits are fixed: the stack's 8 MiB and NOFILE descriptors. */
static void get_rlimit(long res, uint64_t *cur)
{
	*cur = res == RLIMIT_STACK ? 8u << 20 : res == RLIMIT_NOFILE ? NOFILE : ~0ull;
}

long sys_ugetrlimit(long res, long ulim)
{
	uint64_t v;

	if (res < 0 || res >= 16)
		return -EINVAL;
	get_rlimit(res, &v);
	uint32_t lim[2] = { v > RLIM_INFINITY ? RLIM_INFINITY : (uint32_t)v,
			    v > RLIM_INFINITY ? RLIM_INFINITY : (uint32_t)v };
	return copy_to_user((void __user *)ulim, lim, sizeof(lim)) ? -EFAULT : 0;
}

long sys_prlimit64(long pid, long res, long unew, long uold)
{
	uint64_t v;

	if (res < 0 || res >= 16)
		return -EINVAL;
	if (pid && pid != current->pid && !proc_find(pid))
		return -ESRCH;
	if (unew)
		return -EPERM;	/* the limits cannot be changed */
	get_rlimit(res, &v);
	uint64_t lim[2] = { v, v };
	if (uold && copy_to_user((void __user *)uold, lim, sizeof(lim)))
		return -EFAULT;
	return 0;
}

/* tkill/tgkill: a thread is a process here (tid == pid). raise() and
 * abort() in musl send their signal this way. */
long sys_tkill(long tid, long sig)
{
	if (tid <= 0)
		return -EINVAL;
	return sys_kill(tid, sig);
}

long sys_tgkill(long tgid, long tid, long sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return sys_kill(tid, sig);
}
