/*
 * Signals.
 *
 * Sending a signal marks it pending (sig_pending) unless its action
 * ignores it (SIG_IGN, or SIG_DFL for a signal whose default is to be
 * ignored: SIGCHLD, SIGCONT, SIGURG and SIGWINCH) and it is neither blocked
 * nor awaited by rt_sigtimedwait. A pending signal that is not blocked
 * wakes a sleeping process, whose sleep returns -EINTR.
 *
 * Job control, as Linux: the default action of SIGSTOP, SIGTSTP, SIGTTIN
 * and SIGTTOU stops the process (P_STOPPED, which the scheduler skips) on
 * its way back to user mode, and tells its parent (SIGCHLD with
 * CLD_STOPPED, unless SA_NOCLDSTOP; wait4 with WUNTRACED). SIGCONT, even
 * ignored or blocked, resumes a stopped process (CLD_CONTINUED, WCONTINUED)
 * and throws away its pending stop signals; sending a stop signal throws
 * away a pending SIGCONT. SIGKILL ends a stopped process at once; other
 * signals stay pending until it is continued. SIGTSTP, SIGTTIN and SIGTTOU do
 * nothing to a process whose group is orphaned. A system call a stop cut
 * short is restarted after the SIGCONT when no handler runs.
 *
 * A standard signal (1-31) is pending once: sent again before it is
 * taken, it is merged, and the info of the first send is kept. A
 * real-time signal (32-64) is queued: each send adds its info to the
 * process's queue (struct sigqueue, oldest first), and each is taken on
 * its own, the oldest of that number first, until none is left. As
 * Linux, at most RLIMIT_SIGPENDING infos are queued (here per process,
 * where Linux counts per user): beyond that a sigqueue or tkill of a
 * real-time signal fails with -EAGAIN, and a kill or the kernel's own
 * signal is still made pending, without its info (SI_USER, no sender).
 *
 * Signals are acted on when the process returns to user mode
 * (check_signals, from trap()): the lowest pending, unblocked one is taken;
 * SIG_DFL ends the process with that signal's wait status; a handler gets
 * a stack frame built by setup_sigframe (arch/x86/signal.c) and runs with
 * its sa_mask (and the signal itself, unless SA_NODEFER) blocked, until it
 * returns through sigreturn. A system call that a handled signal cut short
 * with -EINTR is restarted afterwards if the handler has SA_RESTART.
 * As Linux, every signal the mask still lets through gets its frame on
 * the same return, each on top of the last: the last set up runs first.
 * SIGKILL and SIGSTOP cannot be caught, blocked or ignored.
 *
 * init (pid 1) is unkillable from user space, as on Linux: a signal it
 * has no handler for is dropped, SIGKILL included, and a pending one whose
 * handler was reset to SIG_DFL is skipped. Only a fault (force_signal)
 * with the default action, or the kernel's own SIGKILL, ends it.
 *
 * A death by SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV,
 * SIGXCPU, SIGXFSZ or SIGSYS sets the core-dump bit (WCOREFLAG) of the
 * wait status when the soft RLIMIT_CORE is not 0. No core file is written.
 */
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/posix_timers.h>
#include <asm/traps.h>
#include <asm/arch.h>

#define SIGRTMIN 32 /* the first real-time signal (the kernel's, not libc's) */

/* One queued real-time signal with its info (kmalloc'ed). */
struct sigqueue {
	struct sigqueue *next;
	int sig;
	struct sig_info info;
};

/* Is doing nothing the default action of sig (SIG_DFL)? */
static bool ignored_by_default(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGCONT:
	case SIGURG:
	case SIGWINCH:
		return true;
	}
	return false;
}

#define STOP_SIGNALS (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

/* Is the default action of sig to stop the process? */
static bool is_stop_signal(int sig)
{
	return (sigmask(sig) & STOP_SIGNALS) != 0;
}

/* Would p throw sig away right now? */
static bool discarded(struct proc *p, int sig)
{
	uint32_t h = p->sigaction[sig - 1].handler;

	if (sig == SIGKILL)
		return false;
	/* as Linux: a blocked (or awaited) signal is kept, since its action
	 * may change before it is unblocked */
	if ((p->sig_blocked | p->sig_waited) & sigmask(sig))
		return false;
	return h == SIG_IGN || (h == SIG_DFL && ignored_by_default(sig));
}

/* Queue real-time signal sig with info at the end of p's queue. Returns
 * 0, or -EAGAIN when RLIMIT_SIGPENDING infos are queued or no memory. */
static int enqueue_rt(struct proc *p, int sig, const struct sig_info *info)
{
	struct sigqueue *q, **end = &p->sigq;

	if ((uint64_t)p->sigq_count >= rlimit_cur(p, RLIMIT_SIGPENDING))
		return -EAGAIN;
	q = kmalloc(sizeof(*q));
	if (!q)
		return -EAGAIN;
	*q = (struct sigqueue){ NULL, sig, *info };
	while (*end)
		end = &(*end)->next;
	*end = q;
	p->sigq_count++;
	return 0;
}

/* Mark sig pending for p with its info (a standard signal pending already
 * keeps its first info; a real-time one is queued); wake p if that
 * interrupts its sleep, or if p is stopped and sig is SIGKILL. Returns 0,
 * or -EAGAIN when a real-time info cannot be queued and queued says that
 * is an error (sigqueue, tkill): then nothing is sent. */
static int make_pending(struct proc *p, int sig, const struct sig_info *info, bool queued)
{
	if (sig >= SIGRTMIN) {
		if (enqueue_rt(p, sig, info) < 0 && queued)
			return -EAGAIN;
	} else if (!(p->sig_pending & sigmask(sig))) {
		p->siginfo[sig - 1] = *info;
	}
	p->sig_pending |= sigmask(sig);
	if (p->state == P_SLEEPING && p->sleep_intr && signal_pending(p))
		wake_up_process(p);
	if (p->state == P_STOPPED && sig == SIGKILL)
		make_runnable(p); /* as Linux: the others wait for SIGCONT */
	return 0;
}

/* Take pending sig off p: clear it (a real-time one once its last queued
 * info is taken) and copy its info to *info; a real-time signal whose
 * info was not queued reads as SI_USER with no sender, as on Linux. */
static void collect_signal(struct proc *p, int sig, struct sig_info *info)
{
	if (sig < SIGRTMIN) {
		p->sig_pending &= ~sigmask(sig);
		*info = p->siginfo[sig - 1];
		return;
	}
	*info = (struct sig_info){ .code = SI_USER };
	bool found = false, more = false;
	for (struct sigqueue **qp = &p->sigq; *qp;) {
		struct sigqueue *q = *qp;
		if (q->sig != sig) {
			qp = &q->next;
		} else if (found) {
			more = true;
			break;
		} else {
			*info = q->info;
			found = true;
			*qp = q->next;
			kfree(q);
			p->sigq_count--;
		}
	}
	if (!more)
		p->sig_pending &= ~sigmask(sig);
}

/* Drop pending signal sig of p with every info queued for it (its action
 * became SIG_IGN); sig 0 drops every signal (p is exiting). */
void flush_signal(struct proc *p, int sig)
{
	for (struct sigqueue **qp = &p->sigq; *qp;) {
		struct sigqueue *q = *qp;
		if (sig && q->sig != sig) {
			qp = &q->next;
			continue;
		}
		*qp = q->next;
		kfree(q);
		p->sigq_count--;
	}
	p->sig_pending &= sig ? ~sigmask(sig) : 0;
}

/* SIGCHLD to p's parent for p's stop or continue (code CLD_STOPPED or
 * CLD_CONTINUED, sig the signal), unless the parent has SA_NOCLDSTOP;
 * the parent's wait is woken in any case. */
void notify_parent_stop(struct proc *p, int code, int sig)
{
	struct proc *parent = p->parent;

	if (!parent)
		return;
	if (!(parent->sigaction[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
		struct sig_info info = { .code = code, .pid = p->pid, .status = sig };
		send_signal_full(parent, SIGCHLD, &info, false);
	}
	wake_up_all(&parent->wait_chld);
}

/* What sending sig does before it is queued, as Linux's prepare_signal: a
 * stop signal drops a pending SIGCONT; SIGCONT drops the pending stop
 * signals and resumes p if it is stopped. */
static void prepare_signal(struct proc *p, int sig)
{
	if (is_stop_signal(sig)) {
		p->sig_pending &= ~sigmask(SIGCONT);
		return;
	}
	if (sig != SIGCONT)
		return;
	p->sig_pending &= ~STOP_SIGNALS;
	if (p->state == P_STOPPED) {
		make_runnable(p);
		p->stop_report = 0;
		p->cont_report = true;
		notify_parent_stop(p, CLD_CONTINUED, SIGCONT);
	}
}

/* Can sig be made pending for p at all? (valid, p alive, not ignored)
 * A valid signal to a live process is prepared (prepare_signal) first. */
static bool deliverable(struct proc *p, int sig)
{
	if (sig <= 0 || sig > NSIG || p->state == P_ZOMBIE || p->state == P_UNUSED)
		return false;
	prepare_signal(p, sig);
	return !discarded(p, sig);
}

/* Make sig pending for p with info, unless p would discard it; init
 * drops all but the kernel's SIGKILL. Returns 0, or -EAGAIN when queued
 * (a sigqueue or tkill) and a real-time signal's info has no room. */
int send_signal_full(struct proc *p, int sig, const struct sig_info *info, bool queued)
{
	if (!deliverable(p, sig))
		return 0;
	/* init has no default actions, but the kernel's SIGKILL still counts */
	if (p->unkillable && p->sigaction[sig - 1].handler == SIG_DFL && sig != SIGKILL)
		return 0;
	return make_pending(p, sig, info, queued);
}

/* Make sig pending for p with code, sender pid and fault addr, unless
 * p would discard it; init drops all but the kernel's SIGKILL. */
void send_signal_info(struct proc *p, int sig, int code, int pid, uint32_t addr)
{
	struct sig_info info = { .code = code, .pid = pid, .addr = addr };

	send_signal_full(p, sig, &info, false);
}

/* SIGCHLD to parent for child pid's death with wait status st: its
 * CLD_* code and si_status come from st. */
void send_sigchld(struct proc *parent, pid_t pid, int st)
{
	int sig = WTERMSIG(st);
	int code = !sig ? CLD_EXITED : (st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
	struct sig_info info = { .code = code, .pid = pid, .status = sig ? sig : WEXITSTATUS(st) };

	send_signal_full(parent, SIGCHLD, &info, false);
}

/* The lowest signal in the non-empty set (bit sig - 1 is signal sig),
 * counted in two 32-bit halves. */
static int lowest_signal(uint64_t set)
{
	uint32_t low = (uint32_t)set;

	return low ? __builtin_ctz(low) + 1 : __builtin_ctz((uint32_t)(set >> 32)) + 32 + 1;
}

/* Take the lowest signal of set pending for p: clear it, copy its info
 * to *info. Stale POSIX timer signals are dropped on the way. Returns
 * the signal, or 0 if none of set is pending. */
int dequeue_signal(struct proc *p, uint64_t set, struct sig_info *info)
{
	uint64_t ready;

	while ((ready = p->sig_pending & set)) {
		int sig = lowest_signal(ready);
		collect_signal(p, sig, info);
		if (posix_timer_deliver(p, info))
			return sig;
	}
	return 0;
}

/* The info of pending signal sig of p sent by POSIX timer id (a standard
 * signal's, or the queued one of a real-time signal), or NULL. */
struct sig_info *pending_timer_info(struct proc *p, int sig, int id)
{
	if (!(p->sig_pending & sigmask(sig)))
		return NULL;
	if (sig < SIGRTMIN) {
		struct sig_info *si = &p->siginfo[sig - 1];
		return si->from_timer && si->pid == id ? si : NULL;
	}
	for (struct sigqueue *q = p->sigq; q; q = q->next)
		if (q->sig == sig && q->info.from_timer && q->info.pid == id)
			return &q->info;
	return NULL;
}

/* A signal from the kernel itself (SI_KERNEL, no sender). */
void send_signal(struct proc *p, int sig)
{
	send_signal_info(p, sig, SI_KERNEL, 0, 0);
}

/* May the caller send sig (0..NSIG) to p? As Linux's
 * check_kill_permission: itself always; else the caller's real or
 * effective uid must be p's real or saved uid, or CAP_KILL, or sig is
 * SIGCONT within the caller's session. 0, -EINVAL (sig) or -EPERM. */
int kill_permission(struct proc *p, int sig)
{
	const struct cred *c = &current->cred, *t = &p->cred;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (p == current)
		return 0;
	if (c->euid == t->suid || c->euid == t->uid || c->uid == t->suid || c->uid == t->uid ||
	    capable(CAP_KILL))
		return 0;
	if (sig == SIGCONT && p->sid == current->sid)
		return 0;
	return -EPERM;
}

/* A signal from another process (kill, tkill, sigqueue) with its info
 * (code, sender, si_value in status); init never gets one it has no
 * handler for. Returns 0, or -EAGAIN as send_signal_full for a real-time
 * signal sent with a code other than SI_USER (sigqueue, tkill). */
int send_user_signal_info(struct proc *p, int sig, const struct sig_info *info)
{
	if (!deliverable(p, sig))
		return 0;
	if (p->unkillable && p->sigaction[sig - 1].handler == SIG_DFL)
		return 0; /* SIGKILL's action is always SIG_DFL: dropped too */
	return make_pending(p, sig, info, info->code != SI_USER);
}

/* A signal from another process (kill, tkill), with its code and
 * sender; init never gets one it has no handler for. Returns 0 or
 * -EAGAIN (send_user_signal_info). */
int send_user_signal(struct proc *p, int sig, int code, int pid)
{
	struct sig_info info = { .code = code, .pid = pid };

	return send_user_signal_info(p, sig, &info);
}

/* A signal from a CPU exception: made deliverable even when blocked or
 * ignored, by resetting its action to SIG_DFL (which kills even init). */
void force_signal(struct proc *p, int sig, int code, uint32_t addr)
{
	struct k_sigaction *ka = &p->sigaction[sig - 1];

	if ((p->sig_blocked & sigmask(sig)) || ka->handler == SIG_IGN) {
		ka->handler = SIG_DFL; /* as Linux: a fault cannot be ignored */
		p->sig_blocked &= ~sigmask(sig);
	}
	if (ka->handler == SIG_DFL)
		p->unkillable = false; /* as Linux: a fault kills even init */
	struct sig_info info = { .code = code, .addr = addr };
	if (deliverable(p, sig))
		make_pending(p, sig, &info, false);
}

/* Does the default action of sig dump core (on Linux, when allowed)? */
static bool dumps_core(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS:
		return true;
	}
	return false;
}

/* The wait status of p killed by sig: with the core-dump bit when a core
 * would be written (sig dumps core, the soft RLIMIT_CORE is not 0 and p
 * is dumpable). */
static int death_status(struct proc *p, int sig)
{
	bool core = dumps_core(sig) && rlimit_cur(p, RLIMIT_CORE) && !p->not_dumpable;
	return W_EXITCODE(0, sig) | (core ? WCOREFLAG : 0);
}

/* Is a signal pending for p that is not blocked (and would end a sleep)? */
bool signal_pending(struct proc *p)
{
	return (p->sig_pending & ~(p->sig_blocked & ~UNBLOCKABLE)) != 0;
}

/* Stop p for sig (the default action of a stop signal): tell its parent
 * and give up the CPU until a SIGCONT or a fatal signal makes it runnable. */
static void do_stop(struct proc *p, int sig)
{
	p->stop_report = sig;
	p->cont_report = false;
	p->state = P_STOPPED;
	notify_parent_stop(p, CLD_STOPPED, sig);
	sched();
}

/* Rewind tf onto the int $0x80 of the call being made, to run it again;
 * a relative sleep goes on as restart_syscall, until its old end. */
static void restart_syscall(struct trapframe *tf, struct proc *p)
{
	tf->eax = p->restart.until ? NR_RESTART_SYSCALL : p->syscall_nr;
	tf->eip -= SYSCALL_INSN_LEN;
}

/* On the way back to user mode (tf): act on the pending signals, the
 * lowest first, until none is left that the mask lets through: each
 * handler gets its frame (on top of the one before). A default action
 * that kills does not return; one that stops returns once the process is
 * resumed, and then a call the stop cut short is rerun. */
void check_signals(struct trapframe *tf)
{
	struct proc *p = current;
	bool stopped = false;

	while (signal_pending(p)) {
		uint64_t ready = p->sig_pending & ~(p->sig_blocked & ~UNBLOCKABLE);
		int sig = lowest_signal(ready);
		struct k_sigaction ka = p->sigaction[sig - 1];
		struct sig_info info;

		collect_signal(p, sig, &info);
		if (!posix_timer_deliver(p, &info))
			continue; /* from a timer deleted or set again since */
		if (sig == SIGKILL || ka.handler == SIG_DFL) {
			if (sig != SIGKILL && ignored_by_default(sig))
				continue;
			if (sig != SIGKILL && p->unkillable)
				continue; /* init: no default action */
			if (is_stop_signal(sig)) {
				/* as Linux: an orphaned group ignores job control */
				if (sig != SIGSTOP && pgrp_orphaned(p->pgid, NULL))
					continue;
				do_stop(p, sig);
				stopped = true;
				continue;
			}
			do_exit(death_status(p, sig));
		}
		if (ka.handler == SIG_IGN)
			continue;
		/* a system call cut short by this signal: rerun it afterwards? */
		if (p->syscall_restart && (ka.flags & SA_RESTART))
			restart_syscall(tf, p);
		p->syscall_restart = p->syscall_restart_nohand = false;
		p->restart.until = 0; /* a handler ran: a cut-short sleep is over */
		uint64_t oldmask = p->sig_mask_saved ? p->sig_saved_mask : p->sig_blocked;
		p->sig_mask_saved = false;
		if (setup_sigframe(tf, sig, &ka, &info, oldmask) < 0) {
			/* no room for the frame: as Linux, die of SIGSEGV */
			do_exit(death_status(p, SIGSEGV));
		}
		p->sig_blocked |= ka.mask | (ka.flags & SA_NODEFER ? 0 : sigmask(sig));
		p->sig_blocked &= ~UNBLOCKABLE;
		if (ka.flags & SA_RESETHAND)
			p->sigaction[sig - 1].handler = SIG_DFL;
		/* as Linux: go on with the signals still deliverable under the
		 * new mask; each frame goes on top of the last, so the handler
		 * set up last runs first and returns into the one before */
	}
	if (stopped && p->syscall_restart_nohand) { /* as Linux's -ERESTARTNOHAND */
		restart_syscall(tf, p);
		p->syscall_restart = p->syscall_restart_nohand = false;
	}
	if (p->sig_mask_saved) { /* rt_sigsuspend ended without a handler */
		p->sig_blocked = p->sig_saved_mask;
		p->sig_mask_saved = false;
	}
}

/* p's alarm timer fired (from the tick): SIGALRM, and the next one
 * armed when it is periodic. */
static void alarm_fire(struct ktimer *t)
{
	struct proc *p = container_of(t, struct proc, alarm_timer);

	alarm_arm(p, p->alarm_interval ? jiffies + p->alarm_interval : 0);
	send_signal_info(p, SIGALRM, SI_KERNEL, 0, 0);
}

/* Set p's ITIMER_REAL to fire at jiffies at (0: disarm), on the kernel
 * timer list, so that the tick looks only at the alarms that are due. */
void alarm_arm(struct proc *p, uint64_t at)
{
	p->alarm_at = at;
	if (at)
		ktimer_arm(&p->alarm_timer, at, alarm_fire);
	else
		ktimer_cancel(&p->alarm_timer);
}
