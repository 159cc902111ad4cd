/*
 * Atomic context (include/kernel/atomic_context.h): the counters, the
 * local_irq_save() sections, and might_sleep()'s report:
 *
 *   BUG: sleeping function called from invalid context at FILE:LINE
 *   in_atomic(): 1, irqs_disabled(): 0, pid: N, name: COMM
 *   pagefault_disabled: 1, hardirq: 0
 *   Call trace:
 *     ...
 *   ---[ end trace ]---
 *
 * Each calling site (the return address of the function that checks, or
 * the code address of a get_user/put_user) is reported once; after
 * MIGHT_SLEEP_SITES different sites the reports stop.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <kernel/atomic_context.h>
#include <asm/mmu.h>
#include <asm/x86.h>

#define MIGHT_SLEEP_SITES 64

int pagefault_disable_depth;
int hardirq_depth;
int irqs_off_depth;
unsigned long might_sleep_reports;

static unsigned long reported[MIGHT_SLEEP_SITES];
static int nreported;

/* Open a local_irq_save() section: interrupts off until it is restored.
 * Returns the EFLAGS before. */
uint32_t arch_local_irq_save(void)
{
	uint32_t flags = read_eflags();

	cli();
	irqs_off_depth++;
	return flags;
}

/* Close a local_irq_save() section: interrupts on again if they were on
 * when it opened. */
void local_irq_restore(uint32_t flags)
{
	irqs_off_depth--;
	if (flags & FL_IF)
		sti();
}

/* Returns true the first time site ip is seen (and remembers it); false
 * for a site already reported or when the table is full (said once). */
static bool first_report(unsigned long ip)
{
	for (int i = 0; i < nreported; i++)
		if (reported[i] == ip)
			return false;
	if (nreported == MIGHT_SLEEP_SITES) {
		printk("might_sleep: %d call sites reported; no more reports\n", MIGHT_SLEEP_SITES);
		nreported++;
	}
	if (nreported > MIGHT_SLEEP_SITES)
		return false;
	reported[nreported++] = ip;
	return true;
}

/* In atomic context, print the report for the check at file:line reached
 * from ip, once per ip; otherwise nothing. */
void __might_sleep(const char *file, int line, unsigned long ip)
{
	if (!in_atomic() && !irqs_disabled())
		return;
	if (!first_report(ip))
		return;
	might_sleep_reports++;
	printk("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	printk("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s\n", in_atomic(),
	       irqs_disabled(), current ? current->pid : 0, current ? current->name : "swapper");
	printk("pagefault_disabled: %d, hardirq: %d\n", pagefault_disable_depth, hardirq_depth);
	dump_stack();
	printk("---[ end trace ]---\n");
}
