/*
 * Process accounting: CPU time, page faults, context switches and peak
 * resident size, the figures getrusage, times and /proc/PID/stat report.
 *
 * CPU time is sampled, as Linux's tick accounting does: each timer tick
 * charges one tick to the running process, to its user time when the
 * tick interrupted user mode and to its system time when it interrupted
 * the kernel. The kernel runs with interrupts off, so a tick that comes
 * while it works waits; the return to user mode opens a window for it
 * (arch/x86/trap.c) while still in kernel mode, and it is charged as
 * system time there. Ticks while nothing runs (the idle loop) are nobody's.
 *
 * When a parent reaps a child (wait4, waitid), the child's figures and
 * those of its own reaped children are added to the parent's c* fields,
 * as Linux's cutime/cstime; children that nobody waits for are not.
 *
 * Resident size is counted per address space (struct mm's rss and its
 * high-water mark). A process keeps the peak of the images it left by
 * execve in maxrss, so its peak covers its whole life, as Linux's.
 */
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <asm/arch.h>

/* Charge one timer tick to p (NULL: idle) as user time if user, else as
 * system time. */
void acct_tick(struct proc *p, bool user)
{
	if (!p)
		return;
	if (user)
		p->utime++;
	else
		p->stime++;
	/* RLIMIT_CPU, checked once a second of CPU time as Linux: SIGXCPU
	 * past the soft limit, SIGKILL at the hard one */
	uint64_t cpu = p->utime + p->stime;
	if (cpu % HZ)
		return;
	if (cpu / HZ >= p->rlim[RLIMIT_CPU].max)
		send_signal(p, SIGKILL);
	else if (cpu / HZ >= p->rlim[RLIMIT_CPU].cur)
		send_signal(p, SIGXCPU);
}

/* The peak resident size of p's life so far, in pages. */
uint32_t acct_maxrss(const struct proc *p)
{
	uint32_t mm_peak = p->mm ? p->mm->hiwater_rss : 0;

	return max(p->maxrss, mm_peak);
}

/* p lets go of its address space mm (execve, exit): keep mm's peak. */
void acct_mm_done(struct proc *p, const struct mm *mm)
{
	if (mm && mm->hiwater_rss > p->maxrss)
		p->maxrss = mm->hiwater_rss;
}

static struct child_usage last_reaped;

/* Parent reaps child: add the child's figures and its children's to the
 * parent's totals for reaped children, and keep them for wait4. */
void acct_reap(struct proc *parent, const struct proc *child)
{
	struct child_usage *u = &last_reaped;

	u->utime = child->utime + child->cutime;
	u->stime = child->stime + child->cstime;
	u->min_flt = child->min_flt + child->cmin_flt;
	u->maj_flt = child->maj_flt + child->cmaj_flt;
	u->nvcsw = child->nvcsw + child->cnvcsw;
	u->nivcsw = child->nivcsw + child->cnivcsw;
	u->maxrss = max(child->maxrss, child->cmaxrss);
	parent->cutime += u->utime;
	parent->cstime += u->stime;
	parent->cmin_flt += u->min_flt;
	parent->cmaj_flt += u->maj_flt;
	parent->cnvcsw += u->nvcsw;
	parent->cnivcsw += u->nivcsw;
	if (u->maxrss > parent->cmaxrss)
		parent->cmaxrss = u->maxrss;
}

/* The figures acct_reap kept last: the wait that reaped the child reads
 * them before anything else can run (one CPU, no sleep in between). */
const struct child_usage *acct_last_reaped(void)
{
	return &last_reaped;
}
