/*
 * Round-robin scheduling on one CPU. scheduler() runs on the boot stack
 * and picks the next runnable process after the last one it ran; a
 * process gives the CPU back through sched(), from yield() (the timer, in
 * user mode), sleep_on() or do_exit(). When nothing can run, the idle
 * loop enables interrupts and halts until one arrives.
 */
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <asm/arch.h>
#include <asm/x86.h>

void swtch(struct context **old, struct context *new);

static struct context *sched_context;
static int last;
static char timer_chan;

void scheduler(void)
{
	for (;;) {
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
			sti_hlt();	/* wait for an interrupt to make one runnable */
			cli();
			continue;
		}
		p->state = P_RUNNING;
		current = p;
		switch_pgdir(p->mm->pgdir);
		tss_set_esp0((uint32_t)p->kstack + KSTACK_SIZE);
		/* its TLS descriptors, before anything can load its selectors:
		 * those are only in its trapframe, popped by its own trapret
		 * (the kernel runs with null %fs/%gs, docs/segments.md) */
		gdt_set_tls(p->tls);
		fpu_restore(p);
		swtch(&sched_context, p->context);
		current = NULL;
		switch_pgdir(kpgdir);
		if (p->state == P_ZOMBIE && p->autoreap)
			proc_free(p);	/* off its stack now: free it */
	}
}

/* Give the CPU to the scheduler; the caller has set current->state. */
void sched(void)
{
	fpu_save(current);
	swtch(&current->context, sched_context);
}

void yield(void)
{
	current->state = P_RUNNABLE;
	sched();
}

int sleep_on(void *chan)
{
	if (signal_pending(current))
		return -EINTR;
	current->chan = chan;
	current->state = P_SLEEPING;
	sched();
	current->chan = NULL;
	return signal_pending(current) ? -EINTR : 0;
}

void wakeup(void *chan)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == P_SLEEPING && p->chan == chan)
			p->state = P_RUNNABLE;
	}
}

int sleep_until(uint64_t until)
{
	while (jiffies < until)
		if (sleep_on(&timer_chan))
			return -EINTR;
	return 0;
}

void signal_alarms(uint64_t now);

void timer_tick(void)
{
	wakeup(&timer_chan);
	signal_alarms(jiffies);
}
