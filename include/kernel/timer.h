/*
 * Kernel timers: a function called from the timer tick once jiffies
 * reaches a deadline (kernel/timer.c). Armed timers wait on one list
 * sorted by deadline, so a tick costs a look at the first one plus the
 * work of those that expire; arming walks the list from its end (the
 * latest deadline first), since new deadlines tend to be the latest.
 *
 * A struct ktimer lives in whatever owns it (a process, a sleeper's
 * stack frame); zeroed it is valid and not armed. Its function runs from
 * the tick with interrupts off and must not sleep; the timer is off the
 * list by then, so the function may arm it again.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <kernel/kernel.h>
#include <kernel/list.h>

struct ktimer {
	struct list_head link; /* on the armed list, or on none */
	uint64_t expires;      /* jiffies it fires at */
	void (*fn)(struct ktimer *t);
};

/* Arm t to call fn at jiffies expires (at the next tick if that has
 * passed), moving it if it was armed already. */
void ktimer_arm(struct ktimer *t, uint64_t expires, void (*fn)(struct ktimer *t));
/* Disarm t if it is armed. Returns whether it was. */
bool ktimer_cancel(struct ktimer *t);
/* Is t armed? */
static inline bool ktimer_pending(const struct ktimer *t)
{
	return list_linked(&t->link);
}
/* From the tick: run every timer due at now, earliest first. */
void ktimers_run(uint64_t now);
/* How many timers are armed (for the ktests and gdb). */
int ktimers_armed(void);

#endif
