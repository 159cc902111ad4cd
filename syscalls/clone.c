/*
 * clone, vfork, set_robust_list and get_robust_list (kernel/fork.c does the work; fork
 * itself stays with the other process calls). clone3 is not implemented:
 * its slot stays empty, so it is -ENOSYS and C libraries fall back to
 * clone.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define CLONE_VM 0x00000100
#define CLONE_VFORK 0x00004000
#define ROBUST_LIST_HEAD_SIZE 12 /* struct robust_list_head on i386 */

/* clone(flags, newsp, parent_tid, tls, child_tid): i386's argument order. */
long sys_clone(long flags, long newsp, int __user *ptid, const void __user *tls, int __user *ctid)
{
	return do_clone(flags, newsp, ptid, tls, ctid);
}

/* vfork(): the child shares the caller's memory and stack until it calls
 * execve or exits; the caller sleeps until then. */
long sys_vfork(void)
{
	return do_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, NULL, NULL, NULL);
}

/* set_robust_list(head, len): the head is kept for get_robust_list and
 * never walked (no threads, so no lock is ever left to a dead owner's
 * waiters). -EINVAL for a len other than the i386 struct
 * robust_list_head's, as Linux. */
long sys_set_robust_list(void __user *head, long len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

/* get_robust_list(pid, head_ptr, len_ptr): the head pid (0: the caller)
 * set, 0 before any (and once it exited), and the head's size. Returns 0,
 * -ESRCH, -EFAULT. */
long sys_get_robust_list(long pid, void __user *__user *uhead, uint32_t __user *ulen)
{
	struct proc *p = pid ? proc_find(pid) : current;

	if (!p)
		return -ESRCH;
	void __user *head = p->state == P_ZOMBIE ? NULL : p->robust_list;
	if (put_user((uint32_t)ROBUST_LIST_HEAD_SIZE, ulen))
		return -EFAULT;
	return put_user(head, uhead) ? -EFAULT : 0;
}
