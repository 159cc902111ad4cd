/*
 * sigaltstack (186): the alternate signal stack, as Linux. A handler
 * with SA_ONSTACK gets its frame there (arch/x86/signal.c) unless the
 * process is on it already. The stack is [sas_sp, sas_sp + sas_size);
 * sas_size 0 means none (SS_DISABLE). SS_AUTODISARM (kept in sas_flags)
 * turns it off while a handler runs on it: the rt frame saves it in
 * uc_stack and rt_sigreturn sets it back from there. It is kept by
 * fork and cleared by execve.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_FLAG_BITS SS_AUTODISARM
#define MINSIGSTKSZ 2048

/* Is sp within p's alternate stack, whatever its flags? */
bool in_sig_stack(const struct proc *p, uint32_t sp)
{
	return sp > p->sas_sp && sp - p->sas_sp <= p->sas_size;
}

/* Is sp on p's alternate stack? Never while SS_AUTODISARM is set. */
bool on_sig_stack(const struct proc *p, uint32_t sp)
{
	return !(p->sas_flags & SS_AUTODISARM) && in_sig_stack(p, sp);
}

/* The mode sigaltstack reports for p at user sp: SS_DISABLE with no
 * stack, SS_ONSTACK while on it, else 0. */
int sas_ss_flags(const struct proc *p, uint32_t sp)
{
	if (!p->sas_size)
		return SS_DISABLE;
	return on_sig_stack(p, sp) ? SS_ONSTACK : 0;
}

/* The flags of p's stack as they were set, as Linux keeps them: SS_DISABLE
 * (with SS_AUTODISARM if set so) when there is none. */
int32_t sas_raw_flags(const struct proc *p)
{
	return (int32_t)(p->sas_size || p->sas_flags ? p->sas_flags : SS_DISABLE);
}

/* Take the stack ss (NULL: leave it) for the caller at user sp, the old
 * one in *oss (if not NULL). Returns 0; -EPERM while on the stack;
 * -EINVAL for a mode other than 0, SS_ONSTACK, SS_DISABLE (with or
 * without SS_AUTODISARM); -ENOMEM for a size below MINSIGSTKSZ. */
int do_sigaltstack(const struct user_stack *ss, struct user_stack *oss, uint32_t sp)
{
	struct proc *p = current;

	if (oss) {
		oss->ss_sp = p->sas_sp;
		oss->ss_size = p->sas_size;
		oss->ss_flags = sas_ss_flags(p, sp) | (p->sas_flags & SS_FLAG_BITS);
	}
	if (!ss)
		return 0;
	if (on_sig_stack(p, sp))
		return -EPERM;
	uint32_t mode = (uint32_t)ss->ss_flags & ~SS_FLAG_BITS;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	uint32_t base = ss->ss_sp, size = ss->ss_size;
	if (mode == SS_DISABLE)
		base = size = 0;
	else if (size < MINSIGSTKSZ)
		return -ENOMEM;
	p->sas_sp = base;
	p->sas_size = size;
	p->sas_flags = (uint32_t)ss->ss_flags;
	return 0;
}

/* Forget p's alternate stack (execve; SS_AUTODISARM on entering it). */
void sas_reset(struct proc *p)
{
	p->sas_sp = p->sas_size = 0;
	p->sas_flags = SS_DISABLE;
}

/* sigaltstack(uss, uoss): stack_t is {ss_sp, ss_flags, ss_size}. Returns
 * 0 or, in Linux's order, -EFAULT reading uss, -EPERM, -EINVAL, -ENOMEM
 * (do_sigaltstack), -EFAULT writing uoss (uss is taken by then). */
long sys_sigaltstack(const void __user *uss, void __user *uoss)
{
	struct user_stack ss, oss;

	if (uss && copy_from_user(&ss, (const void __user *)uss, sizeof(ss)))
		return -EFAULT;
	int err = do_sigaltstack(uss ? &ss : NULL, uoss ? &oss : NULL, current->tf->esp);
	if (!err && uoss && copy_to_user((void __user *)uoss, &oss, sizeof(oss)))
		return -EFAULT;
	return err;
}
