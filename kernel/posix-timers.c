/*
 * POSIX timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete, as Linux (include/kernel/posix_timers.h).
 *
 * A timer is a slot of one table for the whole system, owned by the
 * process that made it and named within it by an id: each process counts
 * its ids up from 0 (a child starts again at 0), and an id is used up even
 * by a timer_create that fails after choosing it, as on Linux. Timers are
 * not inherited by fork and are deleted by execve and exit.
 *
 * On expiry (from the tick, kernel/clock_timer.c) a timer sends its
 * signal with si_code SI_TIMER, si_timerid, si_value and si_overrun.
 * While that signal is still pending, later expirations are counted as
 * the overrun instead; delivery (check_signals, rt_sigtimedwait) reads the
 * count into si_overrun and keeps it for timer_getoverrun. A timer queues
 * one signal at a time, real-time ones included, as Linux's preallocated
 * sigqueue. As Linux 6.13 and later, a pending signal of a timer that has
 * since been deleted or set again is stale and dropped when it would be
 * delivered, unless the new setting expires first and takes it over. SIGEV_NONE
 * timers run without a signal; SIGEV_THREAD_ID must name the caller
 * (a thread is a process here).
 */
#include <kernel/posix_timers.h>
#include <kernel/clock_timer.h>
#include <kernel/proc.h>

#define POSIX_TIMERS_MAX 256 /* in the whole system */
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4
#define SI_TIMER (-2)
#define OVERRUN_MAX 0x7fffffff /* si_overrun is an int: it saturates */
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9

struct posix_timer {
	struct clock_timer ct; /* first: ptimer_fire gets its address */
	struct proc *owner;    /* NULL: a free slot */
	int id;
	int notify;	  /* SIGEV_SIGNAL, SIGEV_NONE... */
	int signo;	  /* the signal it sends */
	int32_t value;	  /* its si_value */
	uint32_t seq;	  /* bumped by each setting; older signals are stale */
	int overrun;	  /* expirations since the pending signal was sent */
	int overrun_last; /* the overrun of the signal delivered last */
};

static struct posix_timer timers[POSIX_TIMERS_MAX];

/* a + b, at most OVERRUN_MAX. */
static int overrun_add(int a, uint64_t b)
{
	uint64_t s = (uint64_t)a + b;
	return s > OVERRUN_MAX ? OVERRUN_MAX : (int)s;
}

/* Timer id of the caller, or NULL. */
static struct posix_timer *find_timer(struct proc *p, long id)
{
	if (id < 0)
		return NULL;
	for (int i = 0; i < POSIX_TIMERS_MAX; i++)
		if (timers[i].owner == p && timers[i].id == id)
			return &timers[i];
	return NULL;
}

/* The clock tick's callback: n expirations of a timer. Its signal is
 * sent, or the expirations are added to the overrun while it is pending;
 * a signal still pending from an older setting is taken over. */
static void ptimer_fire(struct clock_timer *ct, uint64_t n)
{
	struct posix_timer *t = (struct posix_timer *)ct;
	struct proc *p = t->owner;

	if (t->notify == SIGEV_NONE)
		return;
	struct sig_info *si = pending_timer_info(p, t->signo, t->id);
	if (si && si->timer_seq == t->seq) { /* still pending: count them */
		t->overrun = overrun_add(t->overrun, n);
		return;
	}
	if (si) { /* pending from an older setting: as Linux, it stands for this one now */
		si->timer_seq = t->seq;
		si->status = t->value;
		t->overrun = overrun_add(0, n - 1);
		return;
	}
	struct sig_info info = { .code = SI_TIMER,
				 .pid = t->id,
				 .status = t->value,
				 .timer_seq = t->seq,
				 .from_timer = true };
	send_signal_full(p, t->signo, &info, false);
	t->overrun = overrun_add(0, n - 1); /* (if it was not ignored) */
}

/* Is ev a notification Linux accepts from the caller? */
static bool good_sigevent(const struct sigevent_k *ev)
{
	switch (ev->notify) {
	case SIGEV_SIGNAL | SIGEV_THREAD_ID:
		if (ev->tid != current->pid)
			return false;
		/* fall through */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		return ev->signo > 0 && ev->signo <= NSIG;
	case SIGEV_NONE:
		return true;
	}
	return false;
}

/* The caller's next timer id: its counter moves on (wrapping to 0 past
 * INT_MAX) past ids still in use. */
static int next_id(void)
{
	for (;;) {
		int id = current->timer_next_id;
		current->timer_next_id = id == 0x7fffffff ? 0 : id + 1;
		if (!find_timer(current, id))
			return id;
	}
}

/* timer_create: see include/kernel/posix_timers.h. As Linux, an unknown
 * clock and one without timers fail before an id is taken; a bad
 * sigevent, a bad uid or a CPU clock of no process after. */
long posix_timer_create(long clockid, const struct sigevent_k *ev, int32_t __user *uid)
{
	struct clock_timer ct = { 0 };
	long err = clock_timer_init(&ct, clockid);

	if (err && clockid >= 0 && clockid != CLOCK_REALTIME_ALARM &&
	    clockid != CLOCK_BOOTTIME_ALARM)
		return err;
	struct posix_timer *t = NULL;
	for (int i = 0; i < POSIX_TIMERS_MAX && !t; i++)
		if (!timers[i].owner)
			t = &timers[i];
	if (!t)
		return -EAGAIN;
	int id = next_id();
	if (ev && !good_sigevent(ev))
		return -EINVAL;
	if (put_user(id, uid))
		return -EFAULT;
	if (err)
		return err;
	memset(t, 0, sizeof(*t));
	t->ct = ct;
	t->ct.fire = ptimer_fire;
	t->owner = current;
	t->id = id;
	t->notify = ev ? ev->notify : SIGEV_SIGNAL;
	t->signo = ev ? ev->signo : SIGALRM;
	t->value = ev ? ev->value : id;
	return 0;
}

/* timer_gettime's view of t: time left and period. A signal timer that
 * is due but not yet fired shows 1 ns, as Linux; SIGEV_NONE shows 0. */
static void timer_get(struct posix_timer *t, struct itimer_ns *cur)
{
	bool armed = clock_timer_get(&t->ct, &cur->value, &cur->interval);

	if (armed && !cur->value && t->notify != SIGEV_NONE)
		cur->value = 1;
}

/* timer_settime on a checked setting. Returns 0 or -EINVAL (no timer). */
long posix_timer_set(long id, long flags, const struct itimer_ns *new, struct itimer_ns *old)
{
	struct posix_timer *t = find_timer(current, id);

	if (!t)
		return -EINVAL;
	if (old)
		timer_get(t, old);
	t->seq++; /* a signal still pending from the old setting is stale */
	t->overrun = 0;
	t->overrun_last = 0;
	clock_timer_set(&t->ct, new->value, new->value ? new->interval : 0, flags & TIMER_ABSTIME);
	return 0;
}

/* timer_gettime. Returns 0 or -EINVAL. */
long posix_timer_get(long id, struct itimer_ns *cur)
{
	struct posix_timer *t = find_timer(current, id);

	if (!t)
		return -EINVAL;
	timer_get(t, cur);
	return 0;
}

/* timer_getoverrun. Returns the count or -EINVAL. */
long posix_timer_overrun(long id)
{
	struct posix_timer *t = find_timer(current, id);

	return t ? t->overrun_last : -EINVAL;
}

/* Free timer slot t. */
static void timer_free(struct posix_timer *t)
{
	clock_timer_disarm(&t->ct);
	t->owner = NULL;
}

/* timer_delete. Returns 0 or -EINVAL. */
long posix_timer_delete(long id)
{
	struct posix_timer *t = find_timer(current, id);

	if (!t)
		return -EINVAL;
	timer_free(t);
	return 0;
}

/* Delete every timer p owns. */
void posix_timers_release(struct proc *p)
{
	for (int i = 0; i < POSIX_TIMERS_MAX; i++)
		if (timers[i].owner == p)
			timer_free(&timers[i]);
}

/* On delivery of a signal with info: false for a stale timer signal
 * (dropped), true otherwise, a timer's overrun moved into info. */
bool posix_timer_deliver(struct proc *p, struct sig_info *info)
{
	if (!info->from_timer)
		return true;
	struct posix_timer *t = find_timer(p, info->pid);
	if (!t || t->seq != info->timer_seq)
		return false;
	info->overrun = t->overrun;
	t->overrun_last = t->overrun;
	t->overrun = 0;
	return true;
}
