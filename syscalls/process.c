/*
 * Process calls: fork, execve, exit_group, getpid and friends, kill,
 * set_tid_address, signal actions and masks, alarms and timers.
 * (exit, waitpid and wait4 live with do_exit in kernel/exit.c.)
 */
#include <kernel/proc.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define MAX_ARG_STRLEN (32 * PAGE_SIZE)
#define MAX_ARG_TOTAL (2048 * 1024)	/* a quarter of the 8 MiB stack, as Linux */
/* each pointer counts against the total too, as on Linux */
#define MAX_ARGS (MAX_ARG_TOTAL / sizeof(char *))

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

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define UNBLOCKABLE ((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)))

/* rt_sigprocmask(how, set, oldset, 8): change the blocked set. */
long sys_rt_sigprocmask(long how, long uset, long uoldset, long size)
{
	uint64_t set, old = current->sig_blocked;

	if (size != 8)
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, (const void __user *)uset, sizeof(set)))
			return -EFAULT;
		if (how == SIG_BLOCK)
			set = old | set;
		else if (how == SIG_UNBLOCK)
			set = old & ~set;
		else if (how != SIG_SETMASK)
			return -EINVAL;
	}
	if (uoldset && copy_to_user((void __user *)uoldset, &old, sizeof(old)))
		return -EFAULT;
	if (uset)
		current->sig_blocked = set & ~UNBLOCKABLE;
	return 0;
}

/* rt_sigpending(set, 8): the signals pending while blocked. */
long sys_rt_sigpending(long uset, long size)
{
	uint64_t set = current->sig_pending & current->sig_blocked;

	if (size != 8)
		return -EINVAL;
	return copy_to_user((void __user *)uset, &set, sizeof(set)) ? -EFAULT : 0;
}

/*
 * rt_sigaction(sig, act, oact, 8): a signal's action is SIG_DFL, SIG_IGN
 * or a handler (see kernel/signal.c); the 20-byte struct k_sigaction is
 * {handler, flags, restorer, mask}. SIGKILL and SIGSTOP cannot be changed.
 */
long sys_rt_sigaction(long sig, long uact, long uoact, long size)
{
	struct k_sigaction act;

	if (size != 8 || sig < 1 || sig > NSIG)
		return -EINVAL;
	if (uact && copy_from_user(&act, (const void __user *)uact, sizeof(act)))
		return -EFAULT;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uoact && copy_to_user((void __user *)uoact, &current->sigaction[sig - 1],
				  sizeof(struct k_sigaction)))
		return -EFAULT;
	if (uact) {
		act.mask &= ~UNBLOCKABLE;
		current->sigaction[sig - 1] = act;
		/* a pending signal that is now ignored is dropped */
		if (act.handler == SIG_IGN)
			current->sig_pending &= ~(1ull << (sig - 1));
	}
	return 0;
}

/* pause: sleep until a signal is delivered; then -EINTR. */
long sys_pause(void)
{
	static char chan;

	while (!sleep_on(&chan))
		;
	return -EINTR;
}

/* rt_sigsuspend(mask, 8): wait for a signal with mask blocked meanwhile;
 * the old mask comes back when the handler returns. Always -EINTR. */
long sys_rt_sigsuspend(long umask, long size)
{
	static char chan;
	uint64_t mask;

	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&mask, (const void __user *)umask, sizeof(mask)))
		return -EFAULT;
	current->sig_saved_mask = current->sig_blocked;
	current->sig_mask_saved = true;
	current->sig_blocked = mask & ~UNBLOCKABLE;
	while (!sleep_on(&chan))
		;
	return -EINTR;
}

/* Ticks left before the current alarm, or 0. */
static uint32_t alarm_left(void)
{
	return current->alarm_at > jiffies ? (uint32_t)(current->alarm_at - jiffies) : 0;
}

/* alarm(seconds): SIGALRM after that long (0 cancels); returns the seconds
 * that were left of the previous alarm, rounded up. */
long sys_alarm(long seconds)
{
	uint32_t left = (alarm_left() + HZ - 1) / HZ;

	current->alarm_at = seconds ? jiffies + (uint64_t)(uint32_t)seconds * HZ : 0;
	current->alarm_interval = 0;
	return left;
}

#define ITIMER_REAL 0

/* {sec, usec} <-> ticks (rounded up, so a timer never fires early). */
static uint32_t tv_to_ticks(const int32_t tv[2])
{
	return (uint32_t)tv[0] * HZ + ((uint32_t)tv[1] + (1000000 / HZ - 1)) / (1000000 / HZ);
}

static void ticks_to_tv(uint32_t t, int32_t tv[2])
{
	tv[0] = t / HZ;
	tv[1] = (t % HZ) * (1000000 / HZ);
}

/* setitimer/getitimer: ITIMER_REAL only, the timer behind alarm(). */
long sys_getitimer(long which, long uval)
{
	int32_t v[4];

	if (which != ITIMER_REAL)
		return -EINVAL;
	ticks_to_tv(current->alarm_interval, v);
	ticks_to_tv(alarm_left(), v + 2);
	return copy_to_user((void __user *)uval, v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setitimer(long which, long unew, long uold)
{
	int32_t v[4];

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (unew && copy_from_user(v, (const void __user *)unew, sizeof(v)))
		return -EFAULT;
	if (unew && (v[1] < 0 || v[1] >= 1000000 || v[3] < 0 || v[3] >= 1000000 || v[0] < 0 ||
		     v[2] < 0))
		return -EINVAL;
	if (uold) {
		int32_t o[4];
		ticks_to_tv(current->alarm_interval, o);
		ticks_to_tv(alarm_left(), o + 2);
		if (copy_to_user((void __user *)uold, o, sizeof(o)))
			return -EFAULT;
	}
	if (unew) {
		uint32_t value = tv_to_ticks(v + 2);
		current->alarm_interval = value ? tv_to_ticks(v) : 0;
		current->alarm_at = value ? jiffies + value : 0;
	}
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
		send_signal_info(p, sig, SI_USER, current->pid, 0);
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
		send_signal_info(p, sig, SI_USER, current->pid, 0);
	}
	return found ? 0 : -ESRCH;
}

/*
 * Copy the first n strings of a user array (counted by count_strings) into
 * buf at *used, their kernel pointers into vec[0..n-1], and end vec with
 * NULL. Returns 0, -EFAULT or -E2BIG.
 */
static long copy_strings(long uarr, long n, char *buf, size_t *used, char **vec)
{
	for (long i = 0; i < n; i++) {
		uint32_t up;
		if (get_user(up, (uint32_t __user *)uarr + i))
			return -EFAULT;
		long len = strnlen_user((const char __user *)up, MAX_ARG_STRLEN);
		if (len == 0)
			return -EFAULT;
		if (len > MAX_ARG_STRLEN || *used + len > MAX_ARG_TOTAL)
			return -E2BIG;
		if (strncpy_from_user(buf + *used, (const char __user *)up, len) != len - 1)
			return -EFAULT;
		vec[i] = buf + *used;
		*used += len;
	}
	vec[n] = NULL;
	return 0;
}

/* The number of strings in a NULL-terminated user array: >= 0, or
 * -EFAULT, or -E2BIG past MAX_ARGS. */
static long count_strings(long uarr)
{
	long n = 0;

	if (!uarr)
		return 0;
	for (;; n++) {
		uint32_t up;
		if (get_user(up, (uint32_t __user *)uarr + n))
			return -EFAULT;
		if (!up)
			return n;
		if (n >= (long)MAX_ARGS)
			return -E2BIG;
	}
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
	bool runnable = S_ISREG(ip->mode) && (ip->mode & 0111);
	inode_put(ip);
	if (!runnable) {
		kfree(path);
		return -EACCES;
	}
	long argc = count_strings(uargv), envc = count_strings(uenvp);
	if (argc < 0 || envc < 0 || argc + envc > (long)MAX_ARGS) {
		kfree(path);
		return argc < 0 ? argc : envc < 0 ? envc : -E2BIG;
	}
	char *buf = kmalloc(MAX_ARG_TOTAL);
	char **argv = kmalloc((argc + 1) * sizeof(char *));
	char **envp = kmalloc((envc + 1) * sizeof(char *));
	size_t used = (argc + envc) * sizeof(char *);	/* the pointers' share */
	err = -ENOMEM;
	if (buf && argv && envp) {
		err = copy_strings(uargv, argc, buf, &used, argv);
		if (!err)
			err = copy_strings(uenvp, envc, buf, &used, envp);
		if (!err)
			err = do_execve(path, argv, envp);
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
	if (tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	struct proc *p = proc_find(tid);
	if (!p)
		return -ESRCH;
	send_signal_info(p, sig, SI_TKILL, current->pid, 0);
	return 0;
}

long sys_tgkill(long tgid, long tid, long sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return sys_tkill(tid, sig);
}
