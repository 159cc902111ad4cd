/*
 * Atomic context: stretches of kernel code that must not sleep, and the
 * debug checks that catch a call that may sleep made inside one. Linux's
 * names and meanings (include/linux/uaccess.h, preempt.h, kernel.h):
 *
 *   pagefault_disable()/pagefault_enable()  nestable; while disabled, a
 *       kernel-mode page fault is never resolved (no demand-zero page, no
 *       copy-on-write, no file page read): the faulting uaccess instruction
 *       goes straight to its exception-table fixup (arch/x86/fault.c), so
 *       __copy_to_user_inatomic/__copy_from_user_inatomic come back short
 *       instead of sleeping.
 *   irq_enter()/irq_exit()  bracket a hardware interrupt's handler
 *       (arch/x86/trap.c): in_interrupt() is true inside.
 *   local_irq_save()/local_irq_restore()  a section that keeps interrupts
 *       out. The kernel itself always runs with EFLAGS.IF clear (it is not
 *       preemptible: interrupts are taken in user mode, in the idle loop
 *       and at explicit windows), so IF tells nothing about whether code may
 *       sleep; irqs_disabled() reports an open local_irq_save() section.
 *
 * might_sleep() and might_fault() (always compiled in) print Linux's
 * "BUG: sleeping function called from invalid context" report, once per
 * call site, when called in atomic context: page faults disabled, in an
 * interrupt, or interrupts saved off. They never oops. Unlike Linux, where
 * might_fault() is quiet while page faults are disabled (the copy then
 * simply fails), a faulting copy there is reported too: code with page
 * faults disabled must use the _inatomic copies, which do not check.
 *
 * The counters are per CPU; there is one CPU, and no process switch can
 * happen inside an atomic section without might_sleep() saying so.
 */
#ifndef KERNEL_ATOMIC_CONTEXT_H
#define KERNEL_ATOMIC_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

extern int pagefault_disable_depth; /* open pagefault_disable() calls */
extern int hardirq_depth;	    /* nested hardware interrupt handlers */
extern int irqs_off_depth;	    /* open local_irq_save() sections */

/* Disable the resolution of page faults (nestable). */
static inline void pagefault_disable(void)
{
	pagefault_disable_depth++;
	__asm__ __volatile__("" ::: "memory"); /* the count before any access */
}

/* Undo one pagefault_disable(). */
static inline void pagefault_enable(void)
{
	__asm__ __volatile__("" ::: "memory"); /* every access before the count */
	pagefault_disable_depth--;
}

/* Returns whether page faults are disabled now. */
static inline bool pagefault_disabled(void)
{
	return pagefault_disable_depth != 0;
}

/* Returns whether the CPU is running a hardware interrupt's handler. */
static inline bool in_interrupt(void)
{
	return hardirq_depth != 0;
}

/* Returns whether the page-fault handler must not resolve a kernel-mode
 * fault now: page faults disabled, or in an interrupt. */
static inline bool faulthandler_disabled(void)
{
	return pagefault_disabled() || in_interrupt();
}

/* Returns whether a local_irq_save() section is open. */
static inline bool irqs_disabled(void)
{
	return irqs_off_depth != 0;
}

/* Returns whether the code runs in atomic context other than interrupts
 * off: page faults disabled or in an interrupt. */
static inline bool in_atomic(void)
{
	return pagefault_disabled() || in_interrupt();
}

/* Enter and leave a hardware interrupt's handler. */
static inline void irq_enter(void)
{
	hardirq_depth++;
}

/* Leave the handler irq_enter() entered. */
static inline void irq_exit(void)
{
	hardirq_depth--;
}

/* Keep interrupts out until local_irq_restore(flags); flags gets the
 * EFLAGS to restore (kernel/atomic_context.c). */
#define local_irq_save(flags) ((flags) = arch_local_irq_save())
uint32_t arch_local_irq_save(void);
/* End a local_irq_save() section, restoring its EFLAGS.IF. */
void local_irq_restore(uint32_t flags);

/* The address of the code here, and the return address of this function. */
#define _THIS_IP_                        \
	({                               \
		__label__ __here;        \
__here:                                  \
		(unsigned long)&&__here; \
	})
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))

/*
 * The check behind might_sleep(): in atomic context, print the report for
 * the check at file:line, reached from call site ip, unless that site was
 * reported before. Returns nothing; never oopses.
 */
void __might_sleep(const char *file, int line, unsigned long ip);

/* At the top of a function that may sleep: report a call from atomic
 * context, once per calling site. */
#define might_sleep() __might_sleep(__FILE__, __LINE__, _RET_IP_)
/* At the top of a function that may take a page fault it resolves. */
#define might_fault() __might_sleep(__FILE__, __LINE__, _RET_IP_)
/* In a macro expanded at its call site (get_user, put_user). */
#define might_fault_here() __might_sleep(__FILE__, __LINE__, _THIS_IP_)

/* The number of reports printed since boot (for the selftests). */
extern unsigned long might_sleep_reports;

#endif
