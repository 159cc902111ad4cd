/*
 * fork(), vfork() and clone(): a new process with a copy-on-write
 * duplicate of the address space (mm_dup), or with CLONE_VM|CLONE_VFORK
 * the caller's own address space, shared until the child calls execve or
 * exits while the caller sleeps. The child gets the same open files
 * (shared, with their offsets), working directory, TLS descriptors and
 * FPU state, process group, session and RLIMIT_CORE, and a copy of the
 * caller's trapframe with eax = 0, so it returns 0. It is no child
 * subreaper and has not called execve yet (see setpgid).
 *
 * clone's flags, as Linux's legacy clone on i386 takes them: the low byte
 * (CSIGNAL) is the signal the parent gets at the child's death;
 * CLONE_PARENT_SETTID writes the child's pid at parent_tid in the caller,
 * CLONE_CHILD_SETTID at child_tid in the child (when it first runs),
 * CLONE_CHILD_CLEARTID makes child_tid the child's clear_child_tid,
 * CLONE_SETTLS sets a TLS slot from the struct user_desc at tls, and a
 * newsp other than 0 is the child's stack pointer. CLONE_PARENT makes the
 * child a sibling of the caller. CLONE_DETACHED, CLONE_UNTRACED,
 * CLONE_PTRACE and CLONE_SYSVSEM change nothing here (no tracers, no
 * System V semaphores). Threads and everything else shared (CLONE_VM
 * without CLONE_VFORK, CLONE_THREAD, CLONE_SIGHAND, CLONE_FILES, CLONE_FS,
 * namespaces) are -EINVAL.
 */
#include <kernel/proc.h>
#include <kernel/pidhash.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <asm/x86.h>
#include <asm/uaccess.h>
#include <asm/mmu.h>
#include <asm/tls.h>

#define CSIGNAL 0xff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
#define CLONE_IO 0x80000000u /* share the I/O context: nothing to share here */

/* What clone does here; anything else is -EINVAL. */
#define CLONE_SUPPORTED                                                                         \
	(CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_PARENT | CLONE_SETTLS | CLONE_PARENT_SETTID | \
	 CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | CLONE_DETACHED | CLONE_UNTRACED |          \
	 CLONE_PTRACE | CLONE_SYSVSEM | CLONE_IO)

/* Linux's own checks of a flag combination, in its order: 0 or -EINVAL. */
static long clone_flags_valid(uint32_t flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PARENT) && current->unkillable)
		return -EINVAL; /* init has no siblings */
	if ((flags & CLONE_THREAD) && (flags & (CLONE_NEWUSER | CLONE_NEWPID)))
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_PARENT_SETTID)))
		return -EINVAL;
	/* what Linux allows but this kernel does not do */
	if (flags & ~CLONE_SUPPORTED)
		return -EINVAL;
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL; /* a thread */
	return 0;
}

/* Would one more process of the caller's real uid pass RLIMIT_NPROC? As
 * Linux: every process of that uid counts until it is reaped, and root
 * (uid 0), CAP_SYS_RESOURCE and CAP_SYS_ADMIN are exempt. */
static bool nproc_exceeded(void)
{
	uid_t uid = current->cred.uid;
	uint64_t n = 0;

	if (uid == 0 || capable(CAP_SYS_RESOURCE) || capable(CAP_SYS_ADMIN))
		return false;
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i].state != P_UNUSED && proc_table[i].cred.uid == uid)
			n++;
	return n >= rlimit_cur(current, RLIMIT_NPROC);
}

/* Sleep until vfork child c (pid) execs or exits. As Linux, only a fatal
 * signal ends the wait early: handled signals stay pending until after. */
static void vfork_wait(struct proc *c, pid_t pid)
{
	uint64_t blocked = current->sig_blocked;

	for (int s = 1; s <= NSIG; s++) {
		uint32_t h = current->sigaction[s - 1].handler;
		if (h != SIG_DFL && h != SIG_IGN)
			current->sig_blocked |= 1ull << (s - 1);
	}
	while (c->pid == pid && c->vfork_parent == current)
		if (wait_sleep(&current->vfork_wait))
			break;
	current->sig_blocked = blocked;
	if (c->pid == pid && c->vfork_parent == current)
		c->vfork_parent = NULL; /* killed: nobody waits any more */
}

/* clone(2): a new process as flags say (fork-like, or CLONE_VM|CLONE_VFORK
 * sharing the address space). Returns the child's pid, or -EINVAL, -EAGAIN,
 * -ENOMEM, -EFAULT. */
long do_clone(uint32_t flags, uint32_t newsp, int __user *ptid, const void __user *tls,
	      int __user *ctid)
{
	struct user_desc u;
	long err = clone_flags_valid(flags);

	if (err)
		return err;
	if (flags & CLONE_SETTLS) { /* as Linux: entry -1 picks no slot here */
		if (copy_from_user(&u, tls, sizeof(u)))
			return -EFAULT;
		if (!tls_desc_okay(&u))
			return -EINVAL;
		if (u.entry_number < GDT_TLS_MIN || u.entry_number > GDT_TLS_MAX)
			return -EINVAL;
	}
	if (nproc_exceeded())
		return -EAGAIN;
	struct proc *p = proc_alloc();
	if (!p)
		return -EAGAIN;
	cred_copy(&p->cred, &current->cred);
	p->mm = flags & CLONE_VM ? mm_get(current->mm) : mm_dup(current->mm);
	if (!p->mm || fd_table_dup(p, current)) {
		if (p->mm)
			mm_put(p->mm);
		proc_free(p);
		return -ENOMEM;
	}
	p->cwd = current->cwd;
	inode_get(p->cwd);
	p->root = current->root; /* chroot */
	if (p->root)
		inode_get(p->root);
	*p->tf = *current->tf;
	p->tf->eax = 0;
	if (newsp)
		p->tf->esp = newsp;
	p->parent = flags & CLONE_PARENT ? current->parent : current;
	p->exit_signal = flags & CLONE_PARENT ? current->exit_signal : (int)(flags & CSIGNAL);
	proc_set_pgid(p, current->pgid);
	proc_set_sid(p, current->sid);
	if (p->parent)
		list_add_tail(&p->sibling, &p->parent->children);
	memcpy(p->rlim, current->rlim, sizeof(p->rlim));
	p->tty = current->tty;
	memcpy(p->name, current->name, sizeof(p->name));
	memcpy(p->tls, current->tls, sizeof(p->tls));
	if (flags & CLONE_SETTLS)
		tls_set(p, (int)u.entry_number, tls_make_desc(&u));
	p->umask = current->umask;
	p->sched = sched_fork(current);
	p->personality = current->personality;
	p->not_dumpable = current->not_dumpable; /* prctl: not pdeath_signal */
	p->no_new_privs = current->no_new_privs;
	p->thp_disable = current->thp_disable;
	p->tsc_sigsegv = current->tsc_sigsegv;
	p->make_it_fail = current->make_it_fail; /* as Linux: fault injection too */
	p->timer_slack = current->timer_slack;
	p->timer_slack_default = current->timer_slack; /* as Linux */
	proc_set_exe(p, current->exe);
	p->arg_start = current->arg_start;
	memcpy(p->saved_auxv, current->saved_auxv, sizeof(p->saved_auxv));
	p->arg_end = current->arg_end;
	p->env_start = current->env_start;
	p->env_end = current->env_end;
	p->start_stack = current->start_stack;
	memcpy(p->sigaction, current->sigaction, sizeof(p->sigaction));
	p->sig_blocked = current->sig_blocked;
	if ((flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) { /* as Linux */
		p->sas_sp = current->sas_sp;
		p->sas_size = current->sas_size;
		p->sas_flags = current->sas_flags;
	}
	fpu_save(current);
	fpu_restore(current); /* fnsave reinitialised it */
	memcpy(fpu_area(p), fpu_area(current), FPU_STATE_SIZE);
	if (flags & CLONE_CHILD_SETTID)
		p->set_child_tid = ctid;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = ctid;
	pid_t pid = p->pid;
	if (flags & CLONE_PARENT_SETTID) /* as Linux: a bad pointer is ignored */
		(void)put_user((int)pid, ptid);
	if (flags & CLONE_VFORK)
		p->vfork_parent = current;
	make_runnable(p);
	if (flags & CLONE_VFORK)
		vfork_wait(p, pid);
	return pid;
}

/* fork(2): clone with SIGCHLD and nothing shared. Returns the child's pid
 * or -errno. */
long do_fork(void)
{
	return do_clone(SIGCHLD, 0, NULL, NULL, NULL);
}

/* In the child, on its first run: store its tid where CLONE_CHILD_SETTID
 * asked (a bad pointer is ignored, as Linux). */
void clone_child_start(void)
{
	if (current->set_child_tid) { /* as Linux: a bad pointer is ignored */
		(void)put_user((int)current->pid, current->set_child_tid);
		current->set_child_tid = NULL;
	}
}

/* p lets go of mm (at exec or exit): clear and wake its clear_child_tid
 * word if the memory is shared, and wake a parent waiting in vfork. */
void mm_release(struct proc *p, struct mm *mm)
{
	/* as Linux: only where someone else may look (the memory is shared) */
	if (p->clear_child_tid && mm && mm->users > 1) {
		uint32_t cr3 = rcr3();
		if (cr3 != V2P(mm->pgdir))
			switch_pgdir(mm->pgdir); /* execve: the new image is loaded */
		if (!put_user(0, p->clear_child_tid))
			futex_wake(mm, (uint32_t __user *)p->clear_child_tid, 1, false);
		if (cr3 != V2P(mm->pgdir))
			lcr3(cr3);
	}
	p->clear_child_tid = NULL;
	if (p->vfork_parent) {
		wake_up_all(&p->vfork_parent->vfork_wait);
		p->vfork_parent = NULL;
	}
}
