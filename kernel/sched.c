/*
 * Round-robin scheduling on one CPU. scheduler() runs on the boot stack
 * and picks the next runnable process after the last one it ran; a
 * process gives the CPU back through sched(), from yield() (the timer, in
 * user mode), sleep_on() or do_exit(). When nothing can run, the idle
 * loop enables interrupts and halts until one arrives.
 *
 * The kernel runs with interrupts off, and processes that keep waking each
 * other inside the kernel never return to user mode, where interrupts are
 * on. So that no such pattern can starve the timer (and with it alarms,
 * timed sleeps and preemption) or the console, every pass of the scheduler
 * opens a brief window for pending interrupts.
 *
 * Timed sleeps (sleep_until, sleep_on_until) keep their deadline in
 * wake_at (0 when a sleep has none); the timer tick wakes those whose
 * deadline has come, whatever channel they sleep on.
 */
#include <kernel/proc.h>
#include <kernel/clock_timer.h>
#include <kernel/vma.h>
#include <kernel/atomic_context.h>
#include <kernel/highmem.h>
#include <asm/arch.h>
#include <asm/x86.h>

void swtch(struct context **old, struct context *new);

static struct context *sched_context;
static int last;
static char timer_chan;
static struct proc *preempted; /* left the CPU runnable; NULL if it slept */

/* Count an involuntary switch for the process that last left the CPU
 * runnable, now that next (another process) runs instead, as Linux
 * counts nivcsw only when the CPU really goes to someone else. */
static void count_preemption(struct proc *next)
{
	if (preempted && preempted != next && preempted->state == P_RUNNABLE)
		preempted->nivcsw++;
	preempted = NULL;
}

/* One pass of the scheduler, on the boot stack: run the next runnable
 * process after the last one run until it gives the CPU back, freeing it
 * if it is an autoreaped zombie. Returns false, after waiting for an
 * interrupt, when none was runnable. */
static bool schedule_once(void)
{
	irq_window(); /* no wakeup pattern can keep interrupts out */
	struct proc *p = NULL;
	for (int k = 1; k <= NPROC; k++) {
		struct proc *q = &proc_table[(last + k) % NPROC];
		if (q->state == P_RUNNABLE) {
			p = q;
			last = q - proc_table;
			break;
		}
	}
	if (!p) {
		sti_hlt(); /* wait for an interrupt to make one runnable */
		cli();
		return false;
	}
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

/* Let the other runnable processes run first; back when scheduled. */
void yield(void)
{
	might_sleep();
	current->state = P_RUNNABLE;
	sched();
}

/* Sleep until wakeup(chan) or a signal that is not blocked. Returns 0,
 * or -EINTR when such a signal is pending (then it does not sleep). */
int sleep_on(void *chan)
{
	might_sleep();
	if (signal_pending(current))
		return -EINTR;
	current->chan = chan;
	current->state = P_SLEEPING;
	sched();
	current->chan = NULL;
	return signal_pending(current) ? -EINTR : 0;
}

/* Sleep until wakeup(chan) or a signal sent, without the pending-signal
 * check: the caller loops until its condition holds. */
void sleep_on_noint(void *chan)
{
	might_sleep();
	current->chan = chan;
	current->state = P_SLEEPING;
	sched();
	current->chan = NULL;
}

/* Make every process sleeping on chan runnable. */
void wakeup(void *chan)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == P_SLEEPING && p->chan == chan)
			p->state = P_RUNNABLE;
	}
}

/* Sleep until jiffies >= until or a signal comes. Returns 0 or -EINTR. */
int sleep_until(uint64_t until)
{
	int err = 0;

	current->wake_at = until;
	while (jiffies < until)
		if ((err = sleep_on(&timer_chan)))
			break;
	current->wake_at = 0;
	return err;
}

/* Sleep until wakeup(chan), jiffies >= until (0: no deadline) or a signal.
 * Returns 0 (woken or due: the caller looks which) or -EINTR. */
int sleep_on_until(void *chan, uint64_t until)
{
	if (until && jiffies >= until)
		return 0;
	current->wake_at = until;
	int err = sleep_on(chan);
	current->wake_at = 0;
	return err;
}

/* From the timer interrupt, which came in user mode if user: charge the
 * tick to the running process, end the timed sleeps that are due, send
 * the alarms that are due. */
void timer_tick(bool user)
{
	acct_tick(current, user);
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == P_SLEEPING && p->wake_at && p->wake_at <= jiffies)
			p->state = P_RUNNABLE;
	}
	signal_alarms(jiffies);
	clock_timers_tick();
}
