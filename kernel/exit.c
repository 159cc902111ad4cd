/*
 * Process death and its reaping.
 *
 * do_exit() releases everything it can while still running on its own
 * kernel stack (files, working directory, address space), hands its
 * children to their new reaper, becomes a zombie holding its wait status
 * and wakes its parent. The parent's wait4() reads the status and frees
 * the last remains: the kernel stack and the process slot.
 *
 * As on Linux, orphans go to the nearest living ancestor that made itself
 * a child subreaper (prctl PR_SET_CHILD_SUBREAPER), or else to init. A
 * zombie handed over this way is announced to its new parent with SIGCHLD,
 * or freed at once if that parent does not wait (SIGCHLD ignored).
 *
 * When init itself exits, its status is kept and the machine powers off
 * with it (128 + signal if killed) as soon as no other process is left
 * running, so that, as with a program whose output goes to a pipe on
 * Linux, what its children still print is not lost. Children that outlive
 * init have no parent; their zombies are freed as they die.
 */
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <asm/uaccess.h>

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000
#define SA_NOCLDWAIT 2
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define PID_MIN (-0x7fffffffL - 1)	/* INT_MIN: its negation is no pid */

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

/* Does p let its children's zombies go unwaited (SIGCHLD ignored)? */
static bool ignores_children(struct proc *p)
{
	return p->sigaction[SIGCHLD - 1].handler == SIG_IGN ||
	       (p->sigaction[SIGCHLD - 1].flags & SA_NOCLDWAIT);
}

/* Who adopts the children of dying p: its nearest living ancestor that is
 * a child subreaper, else init; NULL when init is gone (or is p). */
static struct proc *find_reaper(struct proc *p)
{
	for (struct proc *a = p->parent; a && a->pid != 1; a = a->parent)
		if (a->child_subreaper && a->state != P_ZOMBIE)
			return a;
	struct proc *init = proc_find(1);
	return init && init != p && init->state != P_ZOMBIE ? init : NULL;
}

/* Hand every child of dying p to its reaper. A zombie among them is
 * announced to the reaper, or freed when nobody will wait for it. */
static void reparent_children(struct proc *p)
{
	struct proc *reaper = find_reaper(p);

	for (int i = 0; i < NPROC; i++) {
		struct proc *c = &proc_table[i];
		if (c->state == P_UNUSED || c->parent != p)
			continue;
		c->parent = reaper;
		if (c->state != P_ZOMBIE || c->autoreap)
			continue;
		if (!reaper || ignores_children(reaper)) {
			proc_free(c);	/* not running: safe to free here */
			continue;
		}
		send_sigchld(reaper, c->pid, c->exit_status);
		wakeup(reaper);
	}
}

void do_exit(int status)
{
	struct proc *p = current;

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
	}
	maybe_power_off(p);
	switch_pgdir(kpgdir);
	mm_destroy(p->mm);
	p->mm = NULL;

	reparent_children(p);
	p->exit_status = status;
	p->alarm_at = 0;
	/* as Linux: with SIGCHLD ignored (or SA_NOCLDWAIT), or no parent left,
	 * nobody waits for this child; the scheduler frees it */
	if (!p->parent || ignores_children(p->parent))
		p->autoreap = true;
	p->state = P_ZOMBIE;
	if (p->parent) {
		send_sigchld(p->parent, p->pid, status);
		wakeup(p->parent);
	}
	sched();
	panic("do_exit: zombie %d ran again", p->pid);
}

enum wait_type { WAIT_ALL, WAIT_PID, WAIT_PGID };

/* Does child c match (type, id): any child, child id, or group id? */
static bool wait_matches(struct proc *c, enum wait_type type, long id)
{
	if (type == WAIT_PID)
		return c->pid == id;
	if (type == WAIT_PGID)
		return c->pgid == id;
	return true;
}

/*
 * Wait for a child matching (type, id) to be a zombie. Returns its pid
 * with its wait status in *st, freeing it unless keep (WNOWAIT); 0 for
 * WNOHANG with none ready; -ECHILD with no matching child; -EINTR.
 * Only zombies are waitable: with exited false (no WEXITED) a running
 * child is waited for but never found ready, and a zombie is no match.
 */
static long wait_child(enum wait_type type, long id, long options, bool exited, bool keep,
		       int *st)
{
	for (;;) {
		bool have = false;
		for (int i = 0; i < NPROC; i++) {
			struct proc *c = &proc_table[i];
			if (c->state == P_UNUSED || c->parent != current || c->autoreap)
				continue;
			if (!wait_matches(c, type, id))
				continue;
			if (c->state == P_ZOMBIE && !exited)
				continue;	/* as Linux: then it does not count */
			have = true;
			if (c->state != P_ZOMBIE)
				continue;
			pid_t cpid = c->pid;
			*st = c->exit_status;
			if (!keep)
				proc_free(c);
			return cpid;
		}
		if (!have)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (sleep_on(current))	/* woken by a child's death (do_exit) */
			return -EINTR;
	}
}

/*
 * wait4(pid, status, options, rusage). pid > 0: that child; -1: any;
 * 0: any in the caller's process group; < -1: any in group -pid (a
 * child's group as it is now).
 * Returns the reaped pid, 0 for WNOHANG with none ready, -ECHILD with no
 * matching child, -ESRCH for INT_MIN, -EINVAL for unknown options, -EFAULT
 * when the status or rusage can't be written (the child is reaped all the
 * same, as Linux does).
 */
long sys_wait4(long pid, long ustatus, long options, long urusage)
{
	int st = 0;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == PID_MIN)
		return -ESRCH;
	enum wait_type type = pid > 0 ? WAIT_PID : pid == -1 ? WAIT_ALL : WAIT_PGID;
	long id = pid > 0 ? pid : pid == 0 ? current->pgid : -pid;
	long r = wait_child(type, id, options, true, false, &st);
	if (r <= 0)
		return r;
	if (urusage && clear_user((void __user *)urusage, 72))
		return -EFAULT;
	if (ustatus && put_user(st, (int __user *)ustatus))
		return -EFAULT;
	return r;
}

#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define WSTOPPED 2
#define WEXITED 4
#define WNOWAIT 0x01000000

/* The siginfo waitid fills in (Linux i386, 128 bytes). */
struct wait_siginfo {
	int32_t si_signo, si_errno, si_code;
	int32_t si_pid;
	uint32_t si_uid;
	int32_t si_status;
	uint8_t pad[128 - 24];
};

/*
 * waitid(idtype, id, info, options, rusage): P_ALL, P_PID id (> 0) or
 * P_PGID id (0: the caller's group). options must ask for WEXITED,
 * WSTOPPED or WCONTINUED (only exits happen here); WNOWAIT leaves the
 * child waitable. Returns 0 with info = {SIGCHLD, CLD_*, pid, uid 0,
 * exit code or signal}, or all zero for WNOHANG with none ready; -ECHILD,
 * -EINVAL, -EINTR, -EFAULT as Linux.
 */
long sys_waitid(long idtype, long id, long uinfo, long options, long urusage)
{
	struct wait_siginfo si;
	enum wait_type type;
	int st = 0;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (idtype == P_ALL) {
		type = WAIT_ALL;
	} else if (idtype == P_PID && id > 0) {
		type = WAIT_PID;
	} else if (idtype == P_PGID && id >= 0) {
		type = WAIT_PGID;
		if (id == 0)
			id = current->pgid;
	} else {
		return -EINVAL;
	}
	long r = wait_child(type, id, options, options & WEXITED, options & WNOWAIT, &st);
	if (r < 0)
		return r;
	memset(&si, 0, sizeof(si));
	if (r > 0) {
		int sig = st & 0x7f;
		si.si_signo = SIGCHLD;
		si.si_code = !sig ? CLD_EXITED : (st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
		si.si_pid = r;
		si.si_status = sig ? sig : (st >> 8) & 0xff;
	}
	if (r > 0 && urusage && clear_user((void __user *)urusage, 72))
		return -EFAULT;	/* as Linux: rusage only for a child found */
	if (uinfo && copy_to_user((void __user *)uinfo, &si, sizeof(si)))
		return -EFAULT;
	return 0;
}

long sys_waitpid(long pid, long ustatus, long options)
{
	return sys_wait4(pid, ustatus, options, 0);
}

long sys_exit(long code)
{
	do_exit(W_EXITCODE(code, 0));
}
