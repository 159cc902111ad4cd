/*
 * Signal calls: actions (rt_sigaction), the blocked mask
 * (rt_sigprocmask, rt_sigpending), waiting for a signal (pause,
 * rt_sigsuspend, rt_sigtimedwait) and sending one (kill, tkill, tgkill).
 * Delivery itself is kernel/signal.c; sigreturn is syscalls/sigreturn.c.
 */
#include <kernel/proc.h>
#include <kernel/pidhash.h>
#include <kernel/time.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* rt_sigprocmask(how, set, oldset, 8): change the blocked set. */
long sys_rt_sigprocmask(long how, const void __user *uset, void __user *uoldset, long size)
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

/* rt_sigpending(set, size): the signals pending while blocked, the first
 * size bytes of the set (as Linux, any size up to 8; more is -EINVAL). */
long sys_rt_sigpending(void __user *uset, long size)
{
	uint64_t set = current->sig_pending & current->sig_blocked;

	if ((unsigned long)size > sizeof(set))
		return -EINVAL;
	return copy_to_user((void __user *)uset, &set, (size_t)size) ? -EFAULT : 0;
}

/*
 * rt_sigaction(sig, act, oact, 8): a signal's action is SIG_DFL, SIG_IGN
 * or a handler (see kernel/signal.c); the 20-byte struct k_sigaction is
 * {handler, flags, restorer, mask}. SIGKILL and SIGSTOP cannot be changed.
 */
long sys_rt_sigaction(long sig, const void __user *uact, void __user *uoact, long size)
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
			flush_signal(current, (int)sig);
	}
	return 0;
}

/* pause: sleep until a signal is delivered; then -EINTR. */
long sys_pause(void)
{
	return wait_for_signal();
}

/* rt_sigsuspend(mask, 8): wait for a signal with mask blocked meanwhile;
 * the old mask comes back when the handler returns. Always -EINTR. */
long sys_rt_sigsuspend(const void __user *umask, long size)
{
	uint64_t mask;

	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&mask, (const void __user *)umask, sizeof(mask)))
		return -EFAULT;
	current->sig_saved_mask = current->sig_blocked;
	current->sig_mask_saved = true;
	current->sig_blocked = mask & ~UNBLOCKABLE;
	return wait_for_signal();
}

/* The siginfo_t a user program sees (Linux i386, 128 bytes). */
struct user_siginfo {
	int32_t si_signo, si_errno, si_code;
	union {
		struct {
			int32_t pid;
			uint32_t uid;
			int32_t status;
		} kill;
		struct {
			uint32_t addr;
		} fault;
		uint8_t pad[116];
	};
};

#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)

/*
 * rt_sigtimedwait(set, info, timeout, 8) and its 64-bit time twin: wait
 * for a signal of set (SIGKILL and SIGSTOP excepted), blocked or not, and
 * take it without running its handler. Returns the signal with its
 * siginfo in info; -EAGAIN once the timeout (NULL: none; 0: just look)
 * passes; -EINTR when another signal interrupts; -EINVAL for a bad size
 * or timeout; -EFAULT for a bad pointer, in Linux's order. ts64: the
 * timeout is {int64 sec, int64 nsec}, else {int32, int32}.
 */
static long sigtimedwait(const void __user *uset, void __user *uinfo, const void __user *uts,
			 long size, bool ts64)
{
	uint64_t set;
	int64_t ts[2] = { 0, 0 };
	struct sig_info si;
	int sig;
	long err = 0;

	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&set, (const void __user *)uset, sizeof(set)))
		return -EFAULT;
	if (uts && get_user_timespec(uts, ts64, ts))
		return -EFAULT;
	if (uts && (ts[0] < 0 || ts[1] < 0 || ts[1] >= NSEC_PER_SEC))
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
			wait_for_signal();
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
		if (si.from_timer) { /* si_timerid, si_overrun, si_value */
			u.kill.pid = si.pid;
			u.kill.uid = (uint32_t)si.overrun;
			u.kill.status = si.status;
		} else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) {
			u.fault.addr = si.addr;
		} else {
			u.kill.pid = si.pid;
			u.kill.status =
				sig == SIGCHLD || si.code < 0 ? si.status : 0; /* si_value */
		}
		if (copy_to_user((void __user *)uinfo, &u, sizeof(u)))
			return -EFAULT;
	}
	return sig;
}

/* rt_sigtimedwait with a 32-bit struct timespec: see sigtimedwait. */
long sys_rt_sigtimedwait(const void __user *uset, void __user *uinfo, const void __user *uts,
			 long size)
{
	return sigtimedwait(uset, uinfo, uts, size, false);
}

/* rt_sigtimedwait_time64: the same with a 64-bit time_t. */
long sys_rt_sigtimedwait_time64(const void __user *uset, void __user *uinfo, const void __user *uts,
				long size)
{
	return sigtimedwait(uset, uinfo, uts, size, true);
}

/* What kill's targets came to: how many, how many got the signal, and
 * the error kept so far. */
struct kill_tally {
	int found, sent;
	long err;
};

/* kill's work on one target p: check, send, and keep the error as the
 * rule for a group (keep_eperm) or for everyone says. */
static void kill_one(struct proc *p, long sig, bool keep_eperm, struct kill_tally *t)
{
	long e = kill_permission(p, sig);

	t->found++;
	if (!e) {
		t->sent++;
		if (sig)
			send_user_signal(p, sig, SI_USER, current->pid);
	}
	if (keep_eperm || e != -EPERM)
		t->err = e;
}

/*
 * kill(pid, sig). pid > 0: that process; 0: the caller's process group,
 * the caller included; -1: every process but init and the caller; < -1:
 * process group -pid. Zombies count as targets (the signal is dropped).
 * Each target is checked as Linux: -EINVAL for a signal outside 0..64,
 * -EPERM without the right (kill_permission). One process: -ESRCH, or its
 * error. A group: 0 if any member got it, else the last error (-ESRCH for
 * none). Everyone (-1): the last error other than -EPERM, or 0; -ESRCH
 * when there was no one. Signal 0 only checks.
 */
long sys_kill(long pid, long sig)
{
	if (pid > 0) {
		struct proc *p = proc_find(pid);
		if (!p)
			return -ESRCH;
		long err = kill_permission(p, sig);
		if (!err && sig)
			send_user_signal(p, sig, SI_USER, current->pid);
		return err;
	}
	if (pid == PID_MIN)
		return -ESRCH;
	struct kill_tally t = { 0, 0, 0 };
	if (pid == -1) { /* everyone: the whole table */
		for (struct proc *p = proc_table; p < proc_table + NPROC; p++)
			if (p->state != P_UNUSED && p->pid > 1 && p != current)
				kill_one(p, sig, false, &t);
	} else { /* a group: its members' hash list */
		struct proc *p;
		for_each_pid_member(p, PIDTYPE_PGID, pid == 0 ? current->pgid : (pid_t)-pid)
			kill_one(p, sig, true, &t);
	}
	if (!t.found)
		return -ESRCH;
	return pid != -1 && t.sent ? 0 : t.err;
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
	long err = kill_permission(p, sig);
	if (err || !sig)
		return err;
	return send_user_signal(p, sig, SI_TKILL, current->pid);
}

/* tgkill(tgid, tid, sig): tkill, and -ESRCH unless tid is in thread
 * group tgid (here: is tgid). -EINVAL for ids <= 0. */
long sys_tgkill(long tgid, long tid, long sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return sys_tkill(tid, sig);
}
