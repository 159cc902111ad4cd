/*
 * Wait queues: see include/kernel/wait.h. A sleeper's entry lives in its
 * stack frame; a wake walks only the queue it is given. A sleeper is
 * marked P_SLEEPING by prepare_to_wait and woken by wake_up_process
 * (kernel/sched.c), which puts it on the run queue, or, for the current
 * process between prepare_to_wait and schedule(), just sets it running
 * again so that schedule() does not sleep: no wakeup is lost.
 */
#include <kernel/wait.h>
#include <kernel/proc.h>
#include <kernel/timer.h>
#include <kernel/atomic_context.h>
#include <asm/arch.h>

/* The default wake: make e's sleeper run, and take e off its queue (so
 * that an exclusive sleeper is counted once). Returns whether it slept. */
bool autoremove_wake(struct wait_queue_entry *e)
{
	bool woke = wake_up_process(e->proc);

	list_del_init(&e->link);
	return woke;
}

/* Set e up for the current process with the default wake. */
void init_wait_entry(struct wait_queue_entry *e)
{
	e->link.next = e->link.prev = NULL;
	e->proc = current;
	e->func = autoremove_wake;
	e->exclusive = false;
}

/* Put e at the end of wq unless it is on it already. */
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	if (!list_linked(&e->link))
		list_add_tail(&e->link, &wq->head);
}

/* Take e off wq if a wake has not already. */
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	(void)wq;
	if (list_linked(&e->link))
		list_del_init(&e->link);
}

/* Mark the current process asleep, interruptibly or not. */
void prepare_to_sleep(bool intr)
{
	current->sleep_intr = intr;
	current->state = P_SLEEPING;
}

/* The current process runs again, woken or not. */
void finish_sleep(void)
{
	current->state = P_RUNNING;
}

/* Queue e on wq (unless there) and mark the caller sleeping. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e, bool intr)
{
	might_sleep();
	e->exclusive = false;
	add_wait_queue(wq, e);
	prepare_to_sleep(intr);
}

/* Queue e exclusive at the end of wq (unless there) and mark the caller
 * sleeping. */
void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *e, bool intr)
{
	might_sleep();
	e->exclusive = true;
	add_wait_queue(wq, e);
	prepare_to_sleep(intr);
}

/* The caller runs again and e is off wq. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	current->state = P_RUNNING;
	remove_wait_queue(wq, e);
}

/* Sleep unless woken since the caller marked itself sleeping. */
void schedule(void)
{
	if (current->state == P_SLEEPING)
		sched();
}

/* A timed sleep's timer: wake the sleeper it names. */
struct sleep_timer {
	struct ktimer timer;
	struct proc *proc;
};

/* The timer of a timed sleep fired: wake its sleeper. */
static void sleep_timer_fn(struct ktimer *t)
{
	wake_up_process(container_of(t, struct sleep_timer, timer)->proc);
}

/* schedule(), woken at jiffies until too (0: never). Returns whether the
 * deadline has come (then the caller runs, asleep or not before). */
bool schedule_until(uint64_t until)
{
	if (!until) {
		schedule();
		return false;
	}
	if (jiffies >= until) {
		current->state = P_RUNNING;
		return true;
	}
	struct sleep_timer st = { .proc = current };
	ktimer_arm(&st.timer, until, sleep_timer_fn);
	schedule();
	ktimer_cancel(&st.timer);
	return jiffies >= until;
}

/* Wake the sleepers of wq: every non-exclusive one, and exclusive ones
 * while budget lasts (nr < 0: no limit). Returns the exclusive ones woken. */
static int wake_common(struct wait_queue_head *wq, int nr)
{
	struct list_head *pos, *n;
	int woken = 0;

	list_for_each_safe(pos, n, &wq->head)
	{
		struct wait_queue_entry *e = list_entry(pos, struct wait_queue_entry, link);
		bool exclusive = e->exclusive;
		/* LAB 10 BEGIN */
		if (exclusive && nr >= 0 && woken >= nr)
			break; /* exclusive ones are at the end */
		/* LAB 10 STUB
		// LAB 10, exercise "Wake one exclusive sleeper" (labs/10-waitqueues/README.md):
		// stop before the first exclusive sleeper past the budget nr
		// (nr < 0: no budget). This stub wakes every sleeper: a
		// thundering herd.
		(void)nr;
		   LAB 10 END */
		if (e->func(e) && exclusive)
			woken++;
	}
	return woken;
}

/* Wake every non-exclusive sleeper of wq and the first exclusive one. */
void wake_up(struct wait_queue_head *wq)
{
	wake_common(wq, 1);
}

/* Wake every sleeper of wq. */
void wake_up_all(struct wait_queue_head *wq)
{
	wake_common(wq, -1);
}

/* Wake the non-exclusive sleepers and at most nr exclusive ones.
 * Returns how many exclusive ones woke. */
int wake_up_nr(struct wait_queue_head *wq, int nr)
{
	return wake_common(wq, nr);
}

/* One interruptible sleep on wq: 0 once woken or due (until, 0: none),
 * -EINTR when a signal is pending before or after. */
int wait_sleep_until(struct wait_queue_head *wq, uint64_t until)
{
	struct wait_queue_entry e;

	if (signal_pending(current))
		return -EINTR;
	init_wait_entry(&e);
	prepare_to_wait(wq, &e, true);
	schedule_until(until);
	finish_wait(wq, &e);
	return signal_pending(current) ? -EINTR : 0;
}

/* One uninterruptible sleep on wq. */
void wait_sleep_noint(struct wait_queue_head *wq)
{
	struct wait_queue_entry e;

	init_wait_entry(&e);
	prepare_to_wait(wq, &e, false);
	schedule();
	finish_wait(wq, &e);
}

/* Sleep on no queue until jiffies >= until or a signal: 0 or -EINTR. */
int sleep_until(uint64_t until)
{
	while (jiffies < until) {
		if (signal_pending(current))
			return -EINTR;
		might_sleep();
		prepare_to_sleep(true);
		schedule_until(until);
		finish_sleep();
	}
	return 0;
}

/* Sleep on no queue until a signal that is not blocked is pending. */
int wait_for_signal(void)
{
	while (!signal_pending(current)) {
		might_sleep();
		prepare_to_sleep(true);
		schedule();
		finish_sleep();
	}
	return -EINTR;
}
