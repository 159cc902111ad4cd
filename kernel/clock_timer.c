/*
 * Timers on the POSIX clocks: see include/kernel/clock_timer.h.
 *
 * Every clock here moves in ticks (HZ a second), so a timer is looked at
 * once a tick: clock_timers_tick walks the list of armed timers, reads
 * each one's base clock and fires those whose expiry has come. A
 * periodic timer then moves on by whole periods past now, and its fire
 * callback is told how many periods went by (the expiry itself plus the
 * ones missed in between), which is what POSIX timers report as the
 * overrun and timerfd as its expiration count. A timer is never early on
 * its own clock: it fires at the first tick at or after its expiry.
 *
 * As Linux, a relative CLOCK_REALTIME setting counts on the monotonic
 * clock (setting the wall clock does not move it), an absolute one on the
 * wall clock, so clock_settime can make it due at once.
 */
#include <kernel/clock_timer.h>
#include <kernel/proc.h>
#include <kernel/time.h>
#include <asm/arch.h>

#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)

static struct clock_timer *armed; /* every armed timer */

/* n / d by shift and subtract: 64-bit division without libgcc. d > 0. */
uint64_t div_u64(uint64_t n, uint64_t d)
{
	uint64_t q = 0, r = 0;

	if (d <= 0xffffffffu && n <= 0xffffffffu)
		return (uint32_t)n / (uint32_t)d;
	for (int i = 63; i >= 0; i--) {
		r = r << 1 | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	return q;
}

/* A CPU-time clock id's process (pid 0: the caller), or NULL if there is
 * none or the id is not a CPU clock a timer can use. */
static struct proc *cpu_clock_proc(long id)
{
	pid_t pid = (pid_t) ~(id >> 3);

	if ((id & CPUCLOCK_TYPE_MASK) == CPUCLOCK_TYPE_MASK)
		return NULL;
	if (pid == 0)
		return current;
	struct proc *p = proc_find(pid);
	if (!p || p->state == P_ZOMBIE)
		return NULL;
	/* a thread clock must name the caller: a thread is a process here */
	if ((id & 4) && p != current)
		return NULL;
	return p;
}

/* Set t up for clock id (with *t zeroed; fire set by the caller).
 * Returns 0, -EINVAL or -EOPNOTSUPP. */
int clock_timer_init(struct clock_timer *t, long clockid)
{
	t->clockid = clockid;
	if (clockid < 0) {
		struct proc *p = cpu_clock_proc(clockid);
		if (!p)
			return -EINVAL;
		t->cpu = p;
		t->cpu_pid = p->pid;
		t->base =
			(clockid & CPUCLOCK_TYPE_MASK) == CPUCLOCK_VIRT ? CT_CPU_VIRT : CT_CPU_PROF;
		return 0;
	}
	switch (clockid) {
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		t->base = CT_REALTIME;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		t->base = CT_MONOTONIC;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		t->cpu = current;
		t->cpu_pid = current->pid;
		t->base = CT_CPU_PROF;
		return 0;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_REALTIME_ALARM: /* as Linux without a wake-up alarm device */
	case CLOCK_BOOTTIME_ALARM:
		return -EOPNOTSUPP;
	}
	return -EINVAL;
}

/* Now on t's base clock in ns; a CPU clock of a process that is gone
 * stands still at 0 (its timer never fires). */
uint64_t clock_timer_now(const struct clock_timer *t)
{
	switch (t->base) {
	case CT_REALTIME: {
		int64_t sec;
		uint32_t nsec;
		realtime_now(&sec, &nsec);
		return sec < 0 ? 0 : (uint64_t)sec * NSEC_PER_SEC + nsec;
	}
	case CT_MONOTONIC:
		return jiffies * NSEC_PER_TICK;
	case CT_CPU_PROF:
	case CT_CPU_VIRT: {
		const struct proc *p = t->cpu;
		if (p->pid != t->cpu_pid || p->state == P_UNUSED)
			return 0;
		uint64_t ticks = t->base == CT_CPU_VIRT ? p->utime : p->utime + p->stime;
		return ticks * NSEC_PER_TICK;
	}
	}
	return 0;
}

/* Take t off the armed list (nothing if it is not on it). */
static void unlink_timer(struct clock_timer *t)
{
	for (struct clock_timer **pp = &armed; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			t->next = NULL;
			return;
		}
	}
}

/* Stop t (nothing if it is not armed). */
void clock_timer_disarm(struct clock_timer *t)
{
	if (t->expires)
		unlink_timer(t);
	t->expires = 0;
	t->interval = 0;
}

/* Arm t for value ns from now (at value with abs), then every interval
 * ns; a zero value disarms it. A relative CLOCK_REALTIME setting counts
 * on the monotonic clock. */
void clock_timer_set(struct clock_timer *t, uint64_t value, uint64_t interval, bool abs)
{
	clock_timer_disarm(t);
	if (!value)
		return;
	if (t->clockid == CLOCK_REALTIME || t->clockid == CLOCK_TAI)
		t->base = abs ? CT_REALTIME : CT_MONOTONIC;
	uint64_t at = abs ? value : clock_timer_now(t) + value;
	t->expires = at ? at : 1; /* 0 means disarmed */
	t->interval = interval;
	t->next = armed;
	armed = t;
}

/* Ns left until t is due (0 once due), its period in *interval.
 * Returns whether t is armed. */
bool clock_timer_get(struct clock_timer *t, uint64_t *left, uint64_t *interval)
{
	*interval = t->interval;
	*left = 0;
	if (!t->expires)
		return false;
	uint64_t now = clock_timer_now(t);
	*left = t->expires > now ? t->expires - now : 0;
	return true;
}

/* From the timer interrupt: fire every armed timer that is due, with
 * how many periods passed; a one-shot timer is disarmed first, a periodic
 * one moved to its first expiry after now. */
void clock_timers_tick(void)
{
	struct clock_timer **pp = &armed;

	while (*pp) {
		struct clock_timer *t = *pp;
		uint64_t now = clock_timer_now(t);
		if (now < t->expires) {
			pp = &t->next;
			continue;
		}
		uint64_t n = 1;
		if (t->interval) {
			uint64_t missed = div_u64(now - t->expires, t->interval);
			n += missed;
			t->expires += (missed + 1) * t->interval;
			pp = &t->next;
		} else {
			*pp = t->next; /* one-shot: off the list before it fires */
			t->next = NULL;
			t->expires = 0;
		}
		t->fire(t, n);
	}
}
