/*
 * Round-robin scheduling on one CPU. The run queue lists the P_RUNNABLE
 * processes in the order they became runnable: a process is on it
 * exactly while it is P_RUNNABLE. scheduler() runs on the boot stack and
 * runs the process at the front until it gives the CPU back through
 * sched(): from yield() (the timer, in user mode: it goes to the end of
 * the queue), a sleep (kernel/wait.c) or do_exit(). Picking the next
 * process and waking one are O(1), whatever NPROC is. When the queue is
 * empty, the idle loop enables interrupts and halts until one arrives.
 *
 * The kernel runs with interrupts off, and processes that keep waking each
 * other inside the kernel never return to user mode, where interrupts are
 * on. So that no such pattern can starve the timer (and with it alarms,
 * timed sleeps and preemption) or the console, every pass of the scheduler
 * opens a brief window for pending interrupts.
 *
 * Timed sleeps and alarms are kernel timers (kernel/timer.c): the tick
 * runs the ones that are due.
 */
#include <kernel/proc.h>
#include <kernel/clock_timer.h>
#include <kernel/vma.h>
#include <kernel/atomic_context.h>
#include <kernel/highmem.h>
#include <kernel/timer.h>
#include <asm/arch.h>
#include <asm/x86.h>

void swtch(struct context **old, struct context *new);

static struct context *sched_context;
static struct list_head runq = LIST_HEAD_INIT(runq); /* P_RUNNABLE, oldest first */
static struct proc *preempted;			     /* left the CPU runnable; NULL if it slept */

/* Count an involuntary switch for the process that last left the CPU
 * runnable, now that next (another process) runs instead, as Linux
 * counts nivcsw only when the CPU really goes to someone else. */
static void count_preemption(struct proc *next)
{
	if (preempted && preempted != next && preempted->state == P_RUNNABLE)
		preempted->nivcsw++;
	preempted = NULL;
}

/* One pass of the scheduler, on the boot stack: run the process at the
 * front of the run queue until it gives the CPU back, freeing it
 * if it is an autoreaped zombie. Returns false, after waiting for an
 * interrupt, when none was runnable. */
static bool schedule_once(void)
{
	irq_window(); /* no wakeup pattern can keep interrupts out */
	if (list_empty(&runq)) {
		sti_hlt(); /* wait for an interrupt to make one runnable */
		cli();
		return false;
	}
	struct proc *p = list_first_entry(&runq, struct proc, run_link);
	list_del_init(&p->run_link);
	count_preemption(p);
	p->state = P_RUNNING;
	current = p;
	switch_pgdir(p->mm->pgdir);
	tss_set_esp0((uint32_t)p->kstack + KSTACK_SIZE);
	/* its TLS descriptors, before anything can load its selectors:
	 * those are only in its trapframe, popped by its own trapret
	 * (the kernel runs with null %fs/%gs, docs/segments.md) */
	gdt_set_tls(p->tls);
	tsc_set_user(!p->tsc_sigsegv);
	fpu_restore(p);
	kmap_local_sched_out(NULL); /* the fixmap's local slots become p's */
	kmap_local_sched_in(p);
	swtch(&sched_context, p->context);
	kmap_local_sched_out(p);
	kmap_local_sched_in(NULL);
	current = NULL;
	if (p->state == P_RUNNABLE)
		preempted = p;
	switch_pgdir(kpgdir);
	if (p->state == P_ZOMBIE && p->autoreap)
		proc_free(p); /* off its stack now: free it */
	return true;
}

/* The scheduler loop, on the boot stack: run each runnable process in
 * turn. Never returns. */
void scheduler(void)
{
	for (;;)
		schedule_once();
}

/* For the selftests, from kmain's context before init starts: run the
 * runnable processes until done(arg) holds. Returns false if it stopped
 * first because nothing was runnable. */
bool sched_run_until(bool (*done)(void *arg), void *arg)
{
	while (!done(arg))
		if (!schedule_once() && !done(arg))
			return false;
	return true;
}

/* Give the CPU to the scheduler; the caller has set current->state. A
 * process that stops running (sleeps, stops) counts a voluntary switch. */
void sched(void)
{
	if (current->state != P_RUNNABLE && current->state != P_ZOMBIE)
		current->nvcsw++;
	fpu_save(current);
	swtch(&current->context, sched_context);
}

/* Put p (not on the run queue) at its end, runnable. */
void make_runnable(struct proc *p)
{
	p->state = P_RUNNABLE;
	list_add_tail(&p->run_link, &runq);
}

/* Let the other runnable processes run first; back when scheduled. */
void yield(void)
{
	might_sleep();
	make_runnable(current);
	sched();
}

/* Wake sleeping p: to the end of the run queue, or, when p is the
 * current process (marked sleeping, not yet off the CPU), running on.
 * Returns whether p was asleep. */
bool wake_up_process(struct proc *p)
{
	if (p->state != P_SLEEPING)
		return false;
	if (p == current)
		p->state = P_RUNNING;
	else
		make_runnable(p);
	return true;
}

/* From the timer interrupt, which came in user mode if user: charge the
 * tick to the running process, run the kernel timers that are due (timed
 * sleeps, alarms, wall and monotonic clock timers), then the running
 * process's CPU clock timers. */
void timer_tick(bool user)
{
	acct_tick(current, user);
	ktimers_run(jiffies);
	clock_timers_tick(current);
}
