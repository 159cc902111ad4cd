/*
 * Timers on the POSIX clocks: see include/kernel/clock_timer.h.
 *
 * Every clock here moves in ticks (HZ a second), so a timer is due at a
 * tick. A wall or monotonic clock timer is a kernel timer armed for the
 * first tick at which its clock reaches its expiry; when that tick comes
 * its clock is read again (the wall clock may have been set since) and it
 * fires, or is armed again for later. A timer on a CPU clock sits on its
 * process's list, and the tick walks the list of the process it charged,
 * the only one whose CPU time moved. A
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

/* The armed wall-clock timers, armed again when the clock is set. */
static struct list_head realtime_armed = LIST_HEAD_INIT(realtime_armed);

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

/* Take t off its kernel timer and its list (nothing if on neither). */
static void unlink_timer(struct clock_timer *t)
{
	ktimer_cancel(&t->kt);
	if (list_linked(&t->link))
		list_del_init(&t->link);
}

/* Stop t (nothing if it is not armed). */
void clock_timer_disarm(struct clock_timer *t)
{
	unlink_timer(t);
	t->expires = 0;
	t->interval = 0;
}

static void clock_timer_expire(struct clock_timer *t);

/* t's kernel timer fired: look at its clock and fire it if due. */
static void kt_fire(struct ktimer *kt)
{
	clock_timer_expire(container_of(kt, struct clock_timer, kt));
}

/* Put armed t where its expiry is watched: a kernel timer for the first
 * tick at which its wall or monotonic clock reaches t->expires (the next
 * tick if that has passed); its process's list for a CPU clock (none if
 * the process is gone: it stands still). */
static void watch_timer(struct clock_timer *t)
{
	if (t->base == CT_CPU_PROF || t->base == CT_CPU_VIRT) {
		struct proc *p = t->cpu;
		if (p->pid == t->cpu_pid && p->state != P_UNUSED && p->state != P_ZOMBIE)
			list_add_tail(&t->link, &p->cpu_timers);
		return;
	}
	uint64_t now = clock_timer_now(t), ticks = 0;
	if (t->expires > now)
		ticks = div_u64(t->expires - now + NSEC_PER_TICK - 1, NSEC_PER_TICK);
	ktimer_arm(&t->kt, jiffies + (ticks ? ticks : 1), kt_fire);
	if (t->base == CT_REALTIME)
		list_add_tail(&t->link, &realtime_armed);
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
	watch_timer(t);
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

/* Armed t's watch came round (it is off its kernel timer, maybe still on
 * a list): fire it if its clock has reached its expiry, with how many
 * periods passed, a one-shot timer disarmed first and a periodic one
 * moved to its first expiry after now; else watch it again. */
static void clock_timer_expire(struct clock_timer *t)
{
	uint64_t now = clock_timer_now(t);

	unlink_timer(t);
	if (now < t->expires) {
		watch_timer(t);
		return;
	}
	uint64_t n = 1;
	if (t->interval) {
		uint64_t missed = div_u64(now - t->expires, t->interval);
		n += missed;
		t->expires += (missed + 1) * t->interval;
		watch_timer(t);
	} else {
		t->expires = 0;
	}
	t->fire(t, n);
}

/* From the tick, which charged p: fire p's CPU clock timers that are
 * due. They are moved to a list of their own first and taken one at a
 * time: one that is not due goes back, one that fires is watched again
 * or not as its setting says, and a callback may disarm any of them. */
void clock_timers_tick(struct proc *p)
{
	struct list_head todo = LIST_HEAD_INIT(todo);

	if (!p)
		return;
	list_splice_tail_init(&p->cpu_timers, &todo);
	while (!list_empty(&todo)) {
		struct clock_timer *t = list_first_entry(&todo, struct clock_timer, link);
		if (clock_timer_now(t) >= t->expires) {
			clock_timer_expire(t);
		} else {
			list_del_init(&t->link);
			list_add_tail(&t->link, &p->cpu_timers);
		}
	}
}

/* The wall clock was set: every wall-clock timer is watched again from
 * its clock's new value (taken off a list of their own, one at a time). */
void clock_was_set(void)
{
	struct list_head todo = LIST_HEAD_INIT(todo);

	list_splice_tail_init(&realtime_armed, &todo);
	while (!list_empty(&todo)) {
		struct clock_timer *t = list_first_entry(&todo, struct clock_timer, link);
		unlink_timer(t);
		watch_timer(t);
	}
}

/* p died: take the timers on its CPU time off its list; they stay armed
 * and never fire, as its clock no longer moves. */
void clock_timers_proc_gone(struct proc *p)
{
	struct list_head *pos, *next;

	list_for_each_safe(pos, next, &p->cpu_timers) list_del_init(pos);
}
