/*
 * Timers on the POSIX clocks (kernel/clock_timer.c): what POSIX timers
 * (kernel/posix-timers.c) and timerfd (fs/timerfd.c) are built on. A
 * timer counts on one base clock in nanoseconds: the wall clock, the
 * monotonic clock, or a process's CPU time. A timer on the wall or the
 * monotonic clock is a kernel timer (kernel/timer.c) armed for the tick
 * its expiry falls in, so the tick looks only at the ones due (a wall
 * clock timer is armed again when the clock is set: clock_was_set); a
 * timer on a process's CPU time is on that process's list, which the
 * tick walks only for the process it charges (clock_timers_tick). A due
 * timer's fire callback runs from the tick with the number of
 * expirations (more than 1 when a period shorter than the time since
 * the last check passed), and a periodic one moves on to its next
 * expiry.
 */
#ifndef KERNEL_CLOCK_TIMER_H
#define KERNEL_CLOCK_TIMER_H

#include <kernel/kernel.h>
#include <kernel/list.h>
#include <kernel/timer.h>

struct proc;

enum clock_base {
	CT_REALTIME,  /* the wall clock (CLOCK_REALTIME, CLOCK_TAI) */
	CT_MONOTONIC, /* ticks since boot (MONOTONIC, BOOTTIME) */
	CT_CPU_PROF,  /* a process's user + system time */
	CT_CPU_VIRT   /* a process's user time */
};

struct clock_timer {
	int clockid;	       /* the clock it was made for */
	enum clock_base base;  /* the clock the current setting counts on */
	struct proc *cpu;      /* CT_CPU_*: the process whose time it is */
	int cpu_pid;	       /* ... and its pid, in case the slot is reused */
	uint64_t expires;      /* when it is due, ns on base; 0: disarmed */
	uint64_t interval;     /* period in ns, 0 for a one-shot timer */
	struct ktimer kt;      /* wall and monotonic clocks: armed for the tick */
	struct list_head link; /* on its process's list (CPU clocks) or the
				   * wall clock's (realtime_armed) while armed */
	/* runs from the timer tick when due: n expirations since the last */
	void (*fire)(struct clock_timer *t, uint64_t n);
};

#define TIMER_ABSTIME 1

/* Set t up for clock id (with *t zeroed; fire set by the caller).
 * Returns 0; -EINVAL for no such clock (or a CPU clock of a process that
 * is gone); -EOPNOTSUPP for a clock timers cannot use. */
int clock_timer_init(struct clock_timer *t, long clockid);
/* Arm t to expire value ns from now (or at value on its clock when abs),
 * then every interval ns; value 0 disarms it. */
void clock_timer_set(struct clock_timer *t, uint64_t value, uint64_t interval, bool abs);
/* Stop t (nothing if it is not armed). */
void clock_timer_disarm(struct clock_timer *t);
/* Ns until t is due (0 if disarmed or due now); *interval its period.
 * Returns true if t is armed. */
bool clock_timer_get(struct clock_timer *t, uint64_t *left, uint64_t *interval);
/* From the timer interrupt, which charged p (NULL: none): fire p's CPU
 * clock timers that are due. */
void clock_timers_tick(struct proc *p);
/* The wall clock was set: arm its timers again for their new ticks. */
void clock_was_set(void);
/* p is dead: timers on its CPU time stand still from now on. */
void clock_timers_proc_gone(struct proc *p);
/* Now on clock base for t, in ns. */
uint64_t clock_timer_now(const struct clock_timer *t);
/* n / d for 64-bit values (the kernel has no libgcc). */
uint64_t div_u64(uint64_t n, uint64_t d);

#endif
