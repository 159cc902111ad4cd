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

/* The siginfo_t a user program sees (Linux i386, 128 bytes). */
struct user_siginfo {
	int32_t si_signo, si_errno, si_code;
	union {
		struct { int32_t pid; uint32_t uid; int32_t status; } kill;
		struct { uint32_t addr; } fault;
		uint8_t pad[116];
	};
};

#define NSEC_PER_TICK (1000000000 / HZ)

/*
 * rt_sigtimedwait(set, info, timeout, 8) and its 64-bit time twin: wait
 * for a signal of set (SIGKILL and SIGSTOP excepted), blocked or not, and
 * take it without running its handler. Returns the signal with its
 * siginfo in info; -EAGAIN once the timeout (NULL: none; 0: just look)
 * passes; -EINTR when another signal interrupts; -EINVAL for a bad size
 * or timeout; -EFAULT for a bad pointer, in Linux's order. ts64: the
 * timeout is {int64 sec, int64 nsec}, else {int32, int32}.
 */
static long sigtimedwait(long uset, long uinfo, long uts, long size, bool ts64)
{
	static char chan;
	uint64_t set;
	int64_t ts[2] = { 0, 0 };
	struct sig_info si;
	int sig;
	long err = 0;

	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&set, (const void __user *)uset, sizeof(set)))
		return -EFAULT;
	if (uts && ts64 && copy_from_user(ts, (const void __user *)uts, sizeof(ts)))
		return -EFAULT;
	if (uts && !ts64) {
		int32_t t[2];
		if (copy_from_user(t, (const void __user *)uts, sizeof(t)))
			return -EFAULT;
		ts[0] = t[0];
		ts[1] = t[1];
	}
	if (uts && (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000))
		return -EINVAL;
	set &= ~UNBLOCKABLE;
	uint64_t until = jiffies + (uint64_t)ts[0] * HZ +
			 ((uint32_t)ts[1] + NSEC_PER_TICK - 1) / NSEC_PER_TICK;
	/* while waiting, the signals of set are unblocked, so that they end
	 * the sleep, and kept even where their action ignores them */
	uint64_t blocked = current->sig_blocked;
	current->sig_waited = set;
	current->sig_blocked &= ~set;
	while (!(sig = dequeue_signal(current, set, &si))) {
		if (signal_pending(current)) {
			err = -EINTR;
			break;
		}
		if (uts && jiffies >= until) {
			err = -EAGAIN;
			break;
		}
		if (uts)
			sleep_until(until);
		else
			sleep_on(&chan);
	}
	current->sig_blocked = blocked;
	current->sig_waited = 0;
	if (err)
		return err;
	if (uinfo) {
		struct user_siginfo u;
		memset(&u, 0, sizeof(u));
		u.si_signo = sig;
		u.si_code = si.code;
		if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) {
			u.fault.addr = si.addr;
		} else {
			u.kill.pid = si.pid;
			u.kill.status = sig == SIGCHLD ? si.status : 0;
		}
		if (copy_to_user((void __user *)uinfo, &u, sizeof(u)))
			return -EFAULT;
	}
	return sig;
}

long sys_rt_sigtimedwait(long uset, long uinfo, long uts, long size)
{
	return sigtimedwait(uset, uinfo, uts, size, false);
}

long sys_rt_sigtimedwait_time64(long uset, long uinfo, long uts, long size)
{
	return sigtimedwait(uset, uinfo, uts, size, true);
}

#define ALARM_MAX 0x7fffffffu	/* alarm(): seconds above INT_MAX are INT_MAX */

/* Ticks left before the current alarm, or 0. */
static uint64_t alarm_left(void)
{
	return current->alarm_at > jiffies ? current->alarm_at - jiffies : 0;
}

/* alarm(seconds): SIGALRM after that long (0 cancels). Returns the seconds
 * that were left of the previous alarm as Linux rounds them: to the
 * nearest second, but 1 rather than 0 when any time was left. */
long sys_alarm(long seconds)
{
	uint64_t t = alarm_left();
	uint32_t left = t / HZ, rem = t % HZ;
	uint32_t secs = (uint32_t)seconds > ALARM_MAX ? ALARM_MAX : (uint32_t)seconds;

	if ((left == 0 && rem) || rem * 2 >= HZ)
		left++;
	current->alarm_at = secs ? jiffies + (uint64_t)secs * HZ : 0;
	current->alarm_interval = 0;
	return left;
}

#define ITIMER_REAL 0
#define USEC_PER_TICK (1000000 / HZ)

/* {sec, usec} -> ticks (rounded up, so a timer never fires early). */
static uint64_t tv_to_ticks(const int32_t tv[2])
{
	return (uint64_t)(uint32_t)tv[0] * HZ + ((uint32_t)tv[1] + USEC_PER_TICK - 1) / USEC_PER_TICK;
}

/* ticks -> {sec, usec}, at most {INT_MAX, 999999}. */
static void ticks_to_tv(uint64_t t, int32_t tv[2])
{
	if (t / HZ > ALARM_MAX) {
		tv[0] = ALARM_MAX;
		tv[1] = 999999;
		return;
	}
	tv[0] = t / HZ;
	tv[1] = (t % HZ) * USEC_PER_TICK;
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
	memset(v, 0, sizeof(v));	/* as Linux: a NULL new value disarms */
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
	uint64_t value = tv_to_ticks(v + 2);
	current->alarm_interval = value ? tv_to_ticks(v) : 0;
	current->alarm_at = value ? jiffies + value : 0;
	return 0;
}

#define PID_MIN (-0x7fffffffL - 1)	/* INT_MIN: its negation is no pid */

/* Is p a target of kill(pid, ...) from the caller? pid <= 0 only. */
static bool kill_matches(struct proc *p, long pid)
{
	if (pid == -1)	/* everyone but init and the caller */
		return p->pid > 1 && p != current;
	return p->pgid == (pid == 0 ? current->pgid : -pid);
}

/*
 * kill(pid, sig). pid > 0: that process; 0: the caller's process group,
 * the caller included; -1: every process but init and the caller; < -1:
 * process group -pid. Zombies count as targets (the signal is dropped).
 * As Linux: -ESRCH when nothing matched (or pid is INT_MIN), then -EINVAL
 * for a signal number outside 0..64. Signal 0 only checks.
 */
long sys_kill(long pid, long sig)
{
	bool found = false;

	if (pid > 0) {
		struct proc *p = proc_find(pid);
		if (!p)
			return -ESRCH;
		if (sig < 0 || sig > NSIG)
			return -EINVAL;
		send_user_signal(p, sig, SI_USER, current->pid);
		return 0;
	}
	if (pid == PID_MIN)
		return -ESRCH;
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == P_UNUSED || !kill_matches(p, pid))
			continue;
		found = true;
		if (sig >= 0 && sig <= NSIG)
			send_user_signal(p, sig, SI_USER, current->pid);
	}
	if (!found)
		return -ESRCH;
	return sig < 0 || sig > NSIG ? -EINVAL : 0;
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
	int perr;
	char *path = getname((const char __user *)upath, &perr);

	if (!path)
		return perr;
	/* as Linux: the file is found and checked before the arguments are read */
	struct inode *ip = exec_open(path, &err);
	if (!ip) {
		kfree(path);
		return err;
	}
	inode_put(ip);
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

/*
 * Process groups and sessions, as Linux. A process starts in its parent's
 * group and session and keeps them across execve. setsid makes a new
 * session and group led by the caller; setpgid moves the caller or one of
 * its children into another group of the same session, or a new one.
 */
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
		return -EPERM;	/* a session leader stays in its group */
	if (pgid != p->pid) {
		bool in_session = false;
		for (int i = 0; i < NPROC && !in_session; i++) {
			struct proc *g = &proc_table[i];
			in_session = g->state != P_UNUSED && g->pgid == pgid && g->sid == current->sid;
		}
		if (!in_session)
			return -EPERM;
	}
	p->pgid = pgid;
	return 0;
}

/* setsid(): a new session and process group, both led by the caller.
 * Returns the new session id; -EPERM if a group with the caller's pid
 * exists already (the caller leads one, say). */
long sys_setsid(void)
{
	if (pgrp_exists(current->pid))
		return -EPERM;
	current->sid = current->pgid = current->pid;
	return current->sid;
}

#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define TASK_COMM_LEN 16

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

	current->umask = mask & 0777;
	return old;
}

#define RLIMIT_CORE 4
#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS 16
#define RLIM_INFINITY 0xffffffffu

/* p's limits on res: RLIMIT_CORE is p's own; the others are fixed, the
 * stack's 8 MiB and NOFILE descriptors, everything else unlimited. */
static void get_rlimit(struct proc *p, long res, uint64_t lim[2])
{
	if (res == RLIMIT_CORE) {
		lim[0] = p->core_limit[0];
		lim[1] = p->core_limit[1];
		return;
	}
	lim[0] = lim[1] = res == RLIMIT_STACK ? 8u << 20 : res == RLIMIT_NOFILE ? NOFILE : ~0ull;
}

/* ugetrlimit(res, {cur, max}): 32-bit values, infinity above 4 GiB - 1. */
long sys_ugetrlimit(long res, long ulim)
{
	uint64_t v[2];

	if (res < 0 || res >= RLIM_NLIMITS)
		return -EINVAL;
	get_rlimit(current, res, v);
	uint32_t lim[2] = { v[0] > RLIM_INFINITY ? RLIM_INFINITY : (uint32_t)v[0],
			    v[1] > RLIM_INFINITY ? RLIM_INFINITY : (uint32_t)v[1] };
	return copy_to_user((void __user *)ulim, lim, sizeof(lim)) ? -EFAULT : 0;
}

/*
 * prlimit64(pid, res, new, old): read and set pid's (0: the caller's)
 * limits as 64-bit {cur, max}. Only RLIMIT_CORE can be changed (every
 * process may raise its hard limit: all run as root); a new value for
 * another resource is -EPERM. Errors in Linux's order: -EFAULT reading
 * new, -ESRCH, -EINVAL for res or cur > max, -EFAULT writing old.
 */
long sys_prlimit64(long pid, long res, long unew, long uold)
{
	uint64_t v[2], nv[2];
	struct proc *p = pid ? proc_find(pid) : current;

	if (unew && copy_from_user(nv, (const void __user *)unew, sizeof(nv)))
		return -EFAULT;
	if (!p)
		return -ESRCH;
	if (res < 0 || res >= RLIM_NLIMITS || (unew && nv[0] > nv[1]))
		return -EINVAL;
	if (unew && res != RLIMIT_CORE)
		return -EPERM;	/* the other limits are fixed */
	get_rlimit(p, res, v);
	if (unew) {
		p->core_limit[0] = nv[0];
		p->core_limit[1] = nv[1];
	}
	if (uold && copy_to_user((void __user *)uold, v, sizeof(v)))
		return -EFAULT;
	return 0;
}

/* tkill/tgkill: a thread is a process here (tid == pid). raise() and
 * abort() in musl send their signal this way. */
long sys_tkill(long tid, long sig)
{
	if (tid <= 0)
		return -EINVAL;
	struct proc *p = proc_find(tid);
	if (!p)
		return -ESRCH;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	send_user_signal(p, sig, SI_TKILL, current->pid);
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
