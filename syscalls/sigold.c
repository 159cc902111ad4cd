/*
 * The old i386 signal calls, from before the real-time signals: signal,
 * sigaction, sgetmask, ssetmask, sigpending, sigprocmask and sigsuspend.
 * Their sets are the 32-bit old_sigset_t: signals 1-32 only. As Linux,
 * setting a whole mask from one (ssetmask, sigsuspend) clears the rest,
 * while sigprocmask's SIG_SETMASK keeps signals 33-64 as they were.
 * signal(2) installs a handler with SA_RESETHAND | SA_NODEFER (System V's
 * semantics, as Linux's sys_signal), returning the old one. The work is
 * the rt_* calls' (syscalls/signal.c); only the formats differ.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define OLD_MASK 0xffffffffull /* the signals an old_sigset_t holds */

/* struct old_sigaction of sigaction(2) on i386 (16 bytes). */
struct old_sigaction {
	uint32_t handler, mask, flags, restorer;
};

/* Installs act (if not NULL) as sig's action; the old one into *old.
 * Returns 0 or -EINVAL (no such signal; SIGKILL and SIGSTOP keep theirs). */
static long set_action(long sig, const struct k_sigaction *act, struct k_sigaction *old)
{
	if (sig < 1 || sig > NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	*old = current->sigaction[sig - 1];
	if (act) {
		current->sigaction[sig - 1] = *act;
		current->sigaction[sig - 1].mask &= ~UNBLOCKABLE;
		if (act->handler == SIG_IGN) /* a pending signal now ignored goes */
			flush_signal(current, (int)sig);
	}
	return 0;
}

/* signal(sig, handler): a one-shot handler that does not block its own
 * signal. Returns the old handler, or -EINVAL. */
long sys_signal(long sig, long handler)
{
	struct k_sigaction act = { (uint32_t)handler, SA_RESETHAND | SA_NODEFER, 0, 0 }, old;
	long err = set_action(sig, &act, &old);

	return err ? err : (long)old.handler;
}

/* sigaction(sig, act, oact) with struct old_sigaction. Returns 0, -EFAULT
 * (act read first, oact written last) or -EINVAL. */
long sys_sigaction(long sig, const void __user *uact, void __user *uoact)
{
	struct old_sigaction oa;
	struct k_sigaction act, old;

	if (uact) {
		if (copy_from_user(&oa, (const void __user *)uact, sizeof(oa)))
			return -EFAULT;
		act = (struct k_sigaction){ oa.handler, oa.flags, oa.restorer, oa.mask };
	}
	long err = set_action(sig, uact ? &act : NULL, &old);
	if (err)
		return err;
	oa = (struct old_sigaction){ old.handler, (uint32_t)old.mask, old.flags, old.restorer };
	if (uoact && copy_to_user((void __user *)uoact, &oa, sizeof(oa)))
		return -EFAULT;
	return 0;
}

/* sgetmask(): the blocked signals 1-32. */
long sys_sgetmask(void)
{
	return (long)(uint32_t)current->sig_blocked;
}

/* ssetmask(mask): block exactly mask (signals 33-64 unblocked, as Linux's
 * siginitset). Returns the old mask of signals 1-32. */
long sys_ssetmask(long mask)
{
	uint32_t old = (uint32_t)current->sig_blocked;

	current->sig_blocked = (uint32_t)mask & ~UNBLOCKABLE;
	return (long)old;
}

/* sigpending(set): the pending blocked signals 1-32. 0 or -EFAULT. */
long sys_sigpending(void __user *uset)
{
	uint32_t set = (uint32_t)(current->sig_pending & current->sig_blocked);

	return copy_to_user((void __user *)uset, &set, sizeof(set)) ? -EFAULT : 0;
}

/* sigprocmask(how, set, oset) with 32-bit sets; SIG_SETMASK keeps signals
 * 33-64. Returns 0, -EFAULT, or -EINVAL for a bad how (only with a set). */
long sys_sigprocmask(long how, const void __user *uset, void __user *uoset)
{
	uint32_t set, old = (uint32_t)current->sig_blocked;
	uint64_t blocked = current->sig_blocked;

	if (uset) {
		if (copy_from_user(&set, (const void __user *)uset, sizeof(set)))
			return -EFAULT;
		if (how == SIG_BLOCK)
			blocked |= set;
		else if (how == SIG_UNBLOCK)
			blocked &= ~(uint64_t)set;
		else if (how == SIG_SETMASK)
			blocked = (blocked & ~OLD_MASK) | set;
		else
			return -EINVAL;
		current->sig_blocked = blocked & ~UNBLOCKABLE;
	}
	if (uoset && copy_to_user((void __user *)uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* sigsuspend(unused, unused, mask): i386's three-argument form. Waits
 * for a signal with exactly mask blocked (the old mask comes back after
 * the handler). Always -EINTR. */
long sys_sigsuspend(long unused1, long unused2, long mask)
{
	current->sig_saved_mask = current->sig_blocked;
	current->sig_mask_saved = true;
	current->sig_blocked = (uint32_t)mask & ~UNBLOCKABLE;
	return wait_for_signal();
}
