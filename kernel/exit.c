/*
 * Process death and its reaping.
 *
 * do_exit() releases everything it can while still running on its own
 * kernel stack (files, working directory, address space), hands its
 * children to init, becomes a zombie holding its wait status and wakes
 * its parent. The parent's wait4() reads the status and frees the last
 * remains: the kernel stack and the process slot.
 *
 * When init itself exits, its status is kept and the machine powers off
 * with it (128 + signal if killed) as soon as no other process is left
 * running, so that, as with a program whose output goes to a pipe on
 * Linux, what its children still print is not lost. Children that outlive
 * init have no parent; they stay zombies until the power-off.
 */
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <asm/uaccess.h>

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8
#define __WALL 0x40000000
#define __WCLONE 0x80000000

static bool init_exited;
static int init_code;

/* After init's exit: power off once nothing but zombies is left. */
static void maybe_power_off(struct proc *dying)
{
	if (!init_exited)
		return;
	for (int i = 0; i < NPROC; i++) {
		struct proc *q = &proc_table[i];
		if (q != dying && q->state != P_UNUSED && q->state != P_ZOMBIE)
			return;
	}
	power_off(init_code);
}

void do_exit(int status)
{
	struct proc *p = current;
	struct proc *init = proc_find(1);

	if (p->clear_child_tid) {
		put_user(0, (int __user *)p->clear_child_tid);
		p->clear_child_tid = 0;
	}
	fd_table_close_all(p);
	if (p->cwd) {
		inode_put(p->cwd);
		p->cwd = NULL;
	}
	if (p->pid == 1) {
		init_code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
		init_exited = true;
		if (status & 0x7f)
			printk("mica: init killed by signal %d\n", status & 0x7f);
		init = NULL;	/* its orphans will have no parent */
	}
	maybe_power_off(p);
	switch_pgdir(kpgdir);
	mm_destroy(p->mm);
	p->mm = NULL;

	for (int i = 0; i < NPROC; i++) {
		struct proc *c = &proc_table[i];
		if (c->state != P_UNUSED && c->parent == p) {
			c->parent = init == p ? NULL : init;
			if (!c->parent && c->state == P_ZOMBIE)
				c->autoreap = true;
			if (c->state == P_ZOMBIE && init)
				wakeup(init);
		}
	}
	p->exit_status = status;
	p->alarm_at = 0;
	/* as Linux: with SIGCHLD ignored (or SA_NOCLDWAIT), or no parent left,
	 * nobody waits for this child; the scheduler frees it */
	if (!p->parent || p->parent->sigaction[SIGCHLD - 1].handler == SIG_IGN ||
	    (p->parent->sigaction[SIGCHLD - 1].flags & 2 /* SA_NOCLDWAIT */))
		p->autoreap = true;
	p->state = P_ZOMBIE;
	if (p->parent) {
		send_signal_info(p->parent, SIGCHLD, (status & 0x7f) ? 2 : 1, p->pid, 0);
		wakeup(p->parent);
	}
	sched();
	panic("do_exit: zombie %d ran again", p->pid);
}

/*
 * wait4(pid, status, options, rusage). pid > 0: that child; -1: any;
 * 0 or < -1: process groups, which all processes share here, so any.
 * Returns the reaped pid, 0 for WNOHANG with none ready, -ECHILD with no
 * matching child, -EINVAL for unknown options, -EFAULT when the status or
 * rusage can't be written (the child is reaped all the same, as Linux does).
 */
long sys_wait4(long pid, long ustatus, long options, long urusage)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	for (;;) {
		bool have = false;
		for (int i = 0; i < NPROC; i++) {
			struct proc *c = &proc_table[i];
			if (c->state == P_UNUSED || c->parent != current || c->autoreap)
				continue;
			if (pid > 0 && c->pid != pid)
				continue;
			have = true;
			if (c->state != P_ZOMBIE)
				continue;
			pid_t cpid = c->pid;
			int st = c->exit_status;
			proc_free(c);
			if (urusage && clear_user((void __user *)urusage, 72))
				return -EFAULT;
			if (ustatus && put_user(st, (int __user *)ustatus))
				return -EFAULT;
			return cpid;
		}
		if (!have)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (sleep_on(current))
			return -EINTR;
	}
}

long sys_waitpid(long pid, long ustatus, long options)
{
	return sys_wait4(pid, ustatus, options, 0);
}

long sys_exit(long code)
{
	do_exit(W_EXITCODE(code, 0));
}
