/*
 * Process death and its reaping.
 *
 * do_exit() releases everything it can while still running on its own
 * kernel stack (files, working directory, address space), hands its
 * children to their new reaper, becomes a zombie holding its wait status
 * and wakes its parent. The parent's wait (wait_child, for wait4, waitpid
 * and waitid in syscalls/wait.c) reads the status and frees the last
 * remains: the kernel stack and the process slot. A zombie nobody will
 * wait for (autoreap) is freed by the scheduler once it is off its stack.
 *
 * As on Linux, orphans go to the nearest living ancestor that made itself
 * a child subreaper (prctl PR_SET_CHILD_SUBREAPER), or else to init. A
 * zombie handed over this way is announced to its new parent with SIGCHLD,
 * or freed at once if that parent does not wait (SIGCHLD ignored).
 *
 * When init itself exits, its status is kept and the machine powers off
 * with it (128 + signal if killed) as soon as no other process is left
 * running, so that, as with a program whose output goes to a pipe on
 * Linux, what its children still print is not lost. Orphans left with no
 * reaper (init gone, no subreaper above them) have no parent: a zombie
 * among them is freed at once, the others are freed as they die.
 */
#include <kernel/proc.h>
#include <kernel/clock_timer.h>
#include <kernel/posix_timers.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/tty.h>
#include <asm/uaccess.h>

#define INIT_PID 1
#define KILLED_BY(sig) (128 + (sig)) /* the shell's code for a death by sig */

static bool init_exited;
static int init_code;

/* After init's exit: power off with init's code once nothing but zombies
 * (and dying, about to be one) is left. Returns only if something runs. */
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
	for (struct proc *a = p->parent; a && a->pid != INIT_PID; a = a->parent)
		if (a->child_subreaper && a->state != P_ZOMBIE)
			return a;
	struct proc *init = proc_find(INIT_PID);
	return init && init != p && init->state != P_ZOMBIE ? init : NULL;
}

/* Hand every child of dying p to its reaper. A zombie among them is
 * announced to the reaper, or freed when nobody will wait for it. */
static void reparent_children(struct proc *p)
{
	struct proc *reaper = find_reaper(p);
	struct list_head *pos, *next;

	list_for_each_safe(pos, next, &p->children)
	{
		struct proc *c = list_entry(pos, struct proc, sibling);
		list_del_init(&c->sibling);
		c->parent = reaper;
		if (reaper)
			list_add_tail(&c->sibling, &reaper->children);
		c->exit_signal = SIGCHLD; /* as Linux: the reaper gets SIGCHLD */
		if (c->pdeath_signal)	  /* prctl PR_SET_PDEATHSIG, as kill() by p */
			send_signal_info(c, c->pdeath_signal, SI_USER, p->pid, 0);
		exit_orphan_child(p, c);
		if (c->state != P_ZOMBIE || c->autoreap)
			continue;
		if (!reaper || ignores_children(reaper)) {
			proc_free(c); /* not running: safe to free here */
			continue;
		}
		send_sigchld(reaper, c->pid, c->exit_status);
		wake_up_all(&reaper->wait_chld);
	}
}

/* The power-off rule: init's death is recorded as the machine's exit
 * code (128 + the signal if it was killed). */
static void note_init_exit(int status)
{
	init_code = WTERMSIG(status) ? KILLED_BY(WTERMSIG(status)) : WEXITSTATUS(status);
	init_exited = true;
	if (WTERMSIG(status))
		printk("mica: init killed by signal %d\n", WTERMSIG(status));
}

/* Close dying p's files and let go of its working and root directories
 * and its program file. */
static void release_files(struct proc *p)
{
	fd_table_close_all(p);
	if (p->cwd) {
		inode_put(p->cwd);
		p->cwd = NULL;
	}
	proc_set_exe(p, NULL);
	if (p->root) {
		inode_put(p->root);
		p->root = NULL;
	}
}

/* Free dying p's address space, moving onto the kernel's page tables. */
static void release_mm(struct proc *p)
{
	switch_pgdir(kpgdir);
	acct_mm_done(p, p->mm);
	mm_put(p->mm);
	p->mm = NULL;
}

/* Tell p's parent of p's death with wait status st: its exit signal
 * (clone's CSIGNAL: SIGCHLD with the status, another signal, or none for
 * 0), and a wakeup for wait4. */
static void notify_parent(struct proc *p, int st)
{
	if (p->exit_signal == SIGCHLD)
		send_sigchld(p->parent, p->pid, st);
	else if (p->exit_signal > 0 && p->exit_signal <= NSIG)
		send_signal(p->parent, p->exit_signal);
	wake_up_all(&p->parent->wait_chld);
}

/* Make dying p a zombie holding status and tell its parent, or mark it to
 * be freed by the scheduler when nobody will wait for it. */
static void become_zombie(struct proc *p, int status)
{
	p->exit_status = status;
	alarm_arm(p, 0);
	posix_timers_release(p);
	cpu_itimers_release(p);
	clock_timers_proc_gone(p); /* others' timers on its CPU time stop */
	/* as Linux: with SIGCHLD ignored (or SA_NOCLDWAIT), or no parent left,
	 * nobody waits for this child; the scheduler frees it */
	if (!p->parent || (p->exit_signal == SIGCHLD && ignores_children(p->parent)))
		p->autoreap = true;
	p->state = P_ZOMBIE;
	if (p->parent)
		notify_parent(p, status);
}

/*
 * End the current process with wait status status (W_EXITCODE): release
 * its resources, hand its children on, become a zombie and never return.
 * init's exit may power the machine off here (maybe_power_off).
 */
void do_exit(int status)
{
	struct proc *p = current;

	mm_release(p, p->mm);
	release_files(p);
	tty_exit(p); /* a session leader lets go of its terminal */
	if (p->pid == INIT_PID)
		note_init_exit(status);
	maybe_power_off(p);
	release_mm(p);
	reparent_children(p);
	exit_orphan_group(p);
	flush_signal(p, 0); /* a zombie takes no signal: drop the queued ones */
	become_zombie(p, status);
	sched();
	panic("do_exit: zombie %d ran again", p->pid);
}

/* Is child c of the kind a wait asks for with __WCLONE and __WALL
 * (kind)? As Linux: a "clone" child (exit signal other than SIGCHLD) only
 * with __WCLONE, the others only without; __WALL takes both. */
static bool wait_kind_matches(struct proc *c, long kind)
{
	if (kind & WAIT_ALL)
		return true;
	return (c->exit_signal != SIGCHLD) == !!(kind & WAIT_CLONE);
}

/* Does child c match (type, id): any child, child id, or group id? */
static bool wait_matches(struct proc *c, enum wait_type type, long id)
{
	if (type == WAIT_PID)
		return c->pid == id;
	if (type == WAIT_PGID)
		return c->pgid == id;
	return true;
}

/* The event of child c that a wait for events can report now, as a wait
 * status in *st: its exit (a zombie), its stop not yet reported, or its
 * resumption not yet reported. Returns false if none. */
static bool child_event(struct proc *c, int events, int *st)
{
	if (c->state == P_ZOMBIE) {
		*st = c->exit_status;
		return events & WEV_EXITED;
	}
	if ((events & WEV_STOPPED) && c->state == P_STOPPED && c->stop_report) {
		*st = W_STOPCODE(c->stop_report);
		return true;
	}
	if ((events & WEV_CONTINUED) && c->cont_report) {
		*st = W_CONTINUED;
		return true;
	}
	return false;
}

#define WAIT_COUNTS (-1) /* wait_consider: a match, with nothing to report */

/* Look at child c for a wait (see wait_child): 0 if it does not count,
 * WAIT_COUNTS if it does but has no event to report, or its pid with the
 * event taken (unless keep) and its status in *st. */
static long wait_consider(struct proc *c, enum wait_type type, long id, long kind, int events,
			  bool keep, int *st)
{
	if (c->autoreap || !wait_matches(c, type, id) || !wait_kind_matches(c, kind))
		return 0;
	if (c->state == P_ZOMBIE && !(events & WEV_EXITED))
		return 0; /* as Linux: then it does not count */
	if (!child_event(c, events, st))
		return WAIT_COUNTS;
	pid_t cpid = c->pid;
	if (keep)
		return cpid;
	if (c->state == P_ZOMBIE) {
		acct_reap(current, c);
		proc_free(c);
	} else if (*st == W_CONTINUED)
		c->cont_report = false;
	else
		c->stop_report = 0;
	return cpid;
}

/*
 * Wait for a child matching (type, id) to have one of events (WEV_*): an
 * exit, a stop or a resumption, looking through the caller's children
 * list, oldest first, as Linux (a wait for one pid looks at that child
 * only). Returns its pid with its wait status in *st, the event consumed
 * (a zombie freed) unless keep (WNOWAIT); 0 for nohang with none ready;
 * -ECHILD with no matching child; -EINTR.
 * Without WEV_EXITED a zombie is no match, as on Linux.
 */
long wait_child(enum wait_type type, long id, long kind, bool nohang, int events, bool keep,
		int *st)
{
	for (;;) {
		long r = 0;
		if (type == WAIT_PID) { /* as Linux's do_wait_pid: that one child */
			struct proc *c = proc_find((pid_t)id);
			if (c && c->parent == current)
				r = wait_consider(c, type, id, kind, events, keep, st);
		} else {
			struct list_head *pos, *next;
			list_for_each_safe(pos, next, &current->children)
			{
				long k = wait_consider(list_entry(pos, struct proc, sibling), type,
						       id, kind, events, keep, st);
				if (k)
					r = k;
				if (k > 0)
					break;
			}
		}
		if (r > 0)
			return r;
		if (!r)
			return -ECHILD;
		if (nohang)
			return 0;
		if (wait_sleep(&current->wait_chld)) /* a child died, stopped or went on */
			return -EINTR;
	}
}
