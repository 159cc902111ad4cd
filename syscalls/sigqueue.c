/*
 * rt_sigqueueinfo and rt_tgsigqueueinfo: a signal with a siginfo the
 * sender fills in, as sigqueue(3) uses them. As Linux, a process may not
 * pretend to be the kernel or kill()/tkill() to another process: an
 * si_code >= 0 or SI_TKILL is -EPERM unless the target is the caller.
 * The signal carries the sender's si_code, si_pid and si_value (which
 * sigwaitinfo and SA_SIGINFO handlers read at si_value's offset, where a
 * SIGCHLD's si_status is kept). A real-time signal is queued, each with
 * its own value (kernel/signal.c); -EAGAIN when the queue is full.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

/* The head of the siginfo_t the sender passes (128 bytes on i386). */
struct queued_info {
	int32_t signo, errno_, code;
	int32_t pid;
	uint32_t uid;
	int32_t value; /* si_value.sival_int */
	uint8_t pad[128 - 6 * sizeof(int32_t)];
};

/* Send sig with info to p, pid the target's number (for the si_code
 * rule). Returns 0, -EPERM (si_code, or kill_permission), -EINVAL for
 * a bad signal, -EAGAIN when a real-time signal's queue is full
 * (RLIMIT_SIGPENDING). */
static long queue_to(struct proc *p, long pid, long sig, const struct queued_info *info)
{
	if ((info->code >= 0 || info->code == SI_TKILL) && pid != current->pid)
		return -EPERM;
	long err = kill_permission(p, sig);
	if (err || sig == 0)
		return err;
	struct sig_info si = { .code = info->code, .pid = info->pid, .status = info->value };
	return send_user_signal_info(p, (int)sig, &si);
}

/* rt_sigqueueinfo(pid, sig, info). Returns 0, or in Linux's order
 * -EFAULT (info), -EPERM (si_code), -ESRCH, -EINVAL (sig), -EAGAIN. */
long sys_rt_sigqueueinfo(long pid, long sig, const void __user *uinfo)
{
	struct queued_info info;

	if (copy_from_user(&info, (const void __user *)uinfo, sizeof(info)))
		return -EFAULT;
	if ((info.code >= 0 || info.code == SI_TKILL) && pid != current->pid)
		return -EPERM;
	struct proc *p = pid > 0 ? proc_find(pid) : NULL;
	if (!p)
		return -ESRCH;
	return queue_to(p, pid, sig, &info);
}

/* rt_tgsigqueueinfo(tgid, tid, sig, info): a thread is a process here, so
 * tid must be tgid. Returns 0, -EFAULT, -EINVAL (ids <= 0, sig), -EPERM,
 * -ESRCH. */
long sys_rt_tgsigqueueinfo(long tgid, long tid, long sig, const void __user *uinfo)
{
	struct queued_info info;

	if (copy_from_user(&info, (const void __user *)uinfo, sizeof(info)))
		return -EFAULT;
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if ((info.code >= 0 || info.code == SI_TKILL) && tid != current->pid)
		return -EPERM;
	struct proc *p = proc_find(tid);
	if (!p || tid != tgid)
		return -ESRCH;
	return queue_to(p, tid, sig, &info);
}
