/*
 * fork(): a new process with a copy-on-write duplicate of the address
 * space (mm_dup), the same open files (shared, with their offsets), the
 * same working directory, TLS descriptors and FPU state, process group,
 * session and RLIMIT_CORE, and a copy of the caller's trapframe with
 * eax = 0, so the child returns 0 from fork. It is no child subreaper and
 * has not called execve yet (see setpgid).
 */
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <asm/x86.h>

long do_fork(void)
{
	struct proc *p = proc_alloc();

	if (!p)
		return -EAGAIN;
	p->mm = mm_dup(current->mm);
	if (!p->mm) {
		proc_free(p);
		return -ENOMEM;
	}
	p->cwd = current->cwd;
	inode_get(p->cwd);
	*p->tf = *current->tf;
	p->tf->eax = 0;
	p->parent = current;
	p->pgid = current->pgid;
	p->sid = current->sid;
	p->core_limit[0] = current->core_limit[0];
	p->core_limit[1] = current->core_limit[1];
	memcpy(p->name, current->name, sizeof(p->name));
	memcpy(p->tls, current->tls, sizeof(p->tls));
	p->umask = current->umask;
	memcpy(p->sigaction, current->sigaction, sizeof(p->sigaction));
	p->sig_blocked = current->sig_blocked;
	fpu_save(current);
	fpu_restore(current);	/* fnsave reinitialised it */
	memcpy(fpu_area(p), fpu_area(current), FPU_STATE_SIZE);
	fd_table_dup(p, current);
	p->state = P_RUNNABLE;
	return p->pid;
}
