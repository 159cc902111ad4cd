/*
 * prctl(option, arg2, arg3, arg4, arg5): the options below, as Linux;
 * any other is -EINVAL.
 *
 *   PR_SET/GET_PDEATHSIG     a signal sent (SI_USER, from the parent) when
 *                            the parent dies (kernel/exit.c); fork's child
 *                            starts with none
 *   PR_SET/GET_DUMPABLE      0 or 1; kept by fork, 1 again after execve
 *   PR_SET/GET_NAME          the 16-byte command name
 *   PR_SET/GET_TIMING        only PR_TIMING_STATISTICAL
 *   PR_GET_SECCOMP           0 (there is no seccomp: PR_SET_SECCOMP EINVAL)
 *   PR_SET/GET_TSC           PR_TSC_SIGSEGV makes rdtsc fault (CR4.TSD,
 *                            set at each switch); inherited, kept by execve
 *   PR_SET/GET_TIMERSLACK    kept, not used (sleeps end at the tick); 0
 *                            restores the default, which a child takes from
 *                            its parent's current value
 *   PR_SET/GET_CHILD_SUBREAPER  orphans below go to the caller (not
 *                            inherited by fork, kept across execve)
 *   PR_SET/GET_NO_NEW_PRIVS  once set, for good (inherited, kept)
 *   PR_GET_TID_ADDRESS       the clear_child_tid address
 *   PR_SET/GET_THP_DISABLE   kept, not used (there are no huge pages)
 *   PR_GET/SET_KEEPCAPS, PR_CAPBSET_READ/DROP, PR_GET/SET_SECUREBITS,
 *   PR_CAP_AMBIENT           the capability options: cap_prctl
 *                            (syscalls/cred.c)
 */
#include <kernel/proc.h>
#include <kernel/cred.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_GET_KEEPCAPS 7
#define PR_SET_KEEPCAPS 8
#define PR_GET_TIMING 13
#define PR_SET_TIMING 14
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_SECCOMP 21
#define PR_CAPBSET_READ 23
#define PR_CAPBSET_DROP 24
#define PR_GET_TSC 25
#define PR_SET_TSC 26
#define PR_GET_SECUREBITS 27
#define PR_SET_SECUREBITS 28
#define PR_SET_TIMERSLACK 29
#define PR_GET_TIMERSLACK 30
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define PR_GET_TID_ADDRESS 40
#define PR_SET_THP_DISABLE 41
#define PR_GET_THP_DISABLE 42
#define PR_CAP_AMBIENT 47
#define PR_TIMING_STATISTICAL 0
#define PR_TSC_ENABLE 1
#define PR_TSC_SIGSEGV 2
#define TASK_COMM_LEN 16
#define TIMER_SLACK_DEFAULT 50000 /* ns, Linux's default */

/* A timer slack as kept (0: the default). */
static uint64_t slack_of(uint64_t v)
{
	return v ? v : TIMER_SLACK_DEFAULT;
}

/* PR_SET_NAME / PR_GET_NAME with the name at user address arg2. Returns
 * 0 or -EFAULT. */
static long prctl_name(bool set, void __user *arg2)
{
	char name[TASK_COMM_LEN];

	if (set) {
		if (strncpy_from_user(name, (const char __user *)arg2, sizeof(name)) < 0)
			return -EFAULT;
		name[sizeof(name) - 1] = '\0';
		memcpy(current->name, name, sizeof(name));
		return 0;
	}
	memcpy(name, current->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	return copy_to_user((void __user *)arg2, name, sizeof(name)) ? -EFAULT : 0;
}

/* prctl(2): see the top of the file. Returns the option's value, 0, or
 * -EINVAL (unknown option, bad value or unused arguments not 0, as Linux
 * checks them) or -EFAULT. */
long sys_prctl(long option, long arg2, long arg3, long arg4, long arg5)
{
	struct proc *p = current;
	/* arg2 as a user address, for the options that take one */
	void __user *uarg2 = (void __user *)(unsigned long)arg2;

	switch (option) {
	case PR_GET_KEEPCAPS:
	case PR_SET_KEEPCAPS:
	case PR_CAPBSET_READ:
	case PR_CAPBSET_DROP:
	case PR_GET_SECUREBITS:
	case PR_SET_SECUREBITS:
	case PR_CAP_AMBIENT:
		return cap_prctl(option, arg2, arg3, arg4, arg5);
	case PR_SET_PDEATHSIG:
		if (arg2 < 0 || arg2 > NSIG)
			return -EINVAL;
		p->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user(p->pdeath_signal, (int __user *)uarg2);
	case PR_GET_DUMPABLE:
		return p->not_dumpable ? 0 : 1;
	case PR_SET_DUMPABLE:
		if (arg2 != 0 && arg2 != 1)
			return -EINVAL;
		p->not_dumpable = arg2 == 0;
		return 0;
	case PR_GET_TIMING:
		return PR_TIMING_STATISTICAL;
	case PR_SET_TIMING:
		return arg2 == PR_TIMING_STATISTICAL ? 0 : -EINVAL;
	case PR_SET_NAME:
	case PR_GET_NAME:
		return prctl_name(option == PR_SET_NAME, uarg2);
	case PR_GET_SECCOMP:
		return 0;
	case PR_GET_TSC:
		return put_user(p->tsc_sigsegv ? PR_TSC_SIGSEGV : PR_TSC_ENABLE,
				(int __user *)uarg2);
	case PR_SET_TSC:
		if (arg2 != PR_TSC_ENABLE && arg2 != PR_TSC_SIGSEGV)
			return -EINVAL;
		p->tsc_sigsegv = arg2 == PR_TSC_SIGSEGV;
		tsc_set_user(!p->tsc_sigsegv); /* for the rest of this run too */
		return 0;
	case PR_SET_TIMERSLACK:
		p->timer_slack = arg2 ? (uint32_t)arg2 : slack_of(p->timer_slack_default);
		return 0;
	case PR_GET_TIMERSLACK:
		return (long)slack_of(p->timer_slack);
	case PR_SET_CHILD_SUBREAPER:
		p->child_subreaper = arg2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_user((int)p->child_subreaper, (int __user *)uarg2);
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		p->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return p->no_new_privs;
	case PR_GET_TID_ADDRESS:
		return put_user(p->clear_child_tid, (int __user *__user *)uarg2);
	case PR_SET_THP_DISABLE:
		if (arg3 || arg4 || arg5)
			return -EINVAL;
		p->thp_disable = arg2 != 0;
		return 0;
	case PR_GET_THP_DISABLE:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return p->thp_disable;
	}
	return -EINVAL;
}
