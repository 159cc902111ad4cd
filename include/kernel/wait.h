/*
 * Wait queues (kernel/wait.c), as Linux's: every thing a process can wait
 * for (a pipe's readers and writers, a terminal's input, a parent's
 * children, a timerfd, a file's locks...) has a struct wait_queue_head,
 * and a sleeper puts a struct wait_queue_entry, kept in its own stack
 * frame, on it. A wake_up touches only that queue's entries, so its cost
 * is its sleepers', whatever the number of processes.
 *
 * The pattern, which never loses a wakeup:
 *
 *	struct wait_queue_entry e;
 *	init_wait_entry(&e);
 *	for (;;) {
 *		prepare_to_wait(&wq, &e, true);  // on the queue, P_SLEEPING
 *		if (condition)
 *			break;
 *		if (signal_pending(current)) { err = -EINTR; break; }
 *		schedule();                      // sleeps unless woken since
 *	}
 *	finish_wait(&wq, &e);                    // P_RUNNING, off the queue
 *
 * The wait_event* macros below are that loop. A wake between
 * prepare_to_wait and schedule() sets the sleeper running again, so
 * schedule() returns at once and the condition is looked at again. The
 * kernel runs with interrupts off on one CPU, so no lock is needed: a
 * queue changes only in code that runs to completion (the timer tick and
 * the console's interrupt included).
 *
 * A woken entry is taken off its queue (autoremove_wake); an exclusive
 * one (prepare_to_wait_exclusive, at the queue's end) counts against a
 * wake_up's budget of one, so wake_up wakes every non-exclusive sleeper
 * and the first exclusive one, wake_up_all everyone. An interruptible
 * sleep is also ended by a signal that is not blocked (kernel/signal.c);
 * an uninterruptible one only by its queue. A sleep with a deadline
 * arms a timer (kernel/timer.c) on the sleeper's stack.
 *
 * A zeroed wait_queue_head (in a kmalloc'ed and memset object, or a
 * static) is an empty queue; DECLARE_WAIT_QUEUE_HEAD is the same for a
 * static one. The header needs no other kernel header (pipe_buf.h, built
 * for the host too, holds wait queues).
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/list.h>

struct proc;
struct wait_queue_entry;

/* What a wake does to an entry: returns whether it woke someone. */
typedef bool (*wait_func_t)(struct wait_queue_entry *e);

struct wait_queue_head {
	struct list_head head; /* the entries, oldest first */
};

struct wait_queue_entry {
	struct list_head link; /* on a queue, or on none */
	struct proc *proc;     /* the sleeper */
	wait_func_t func;      /* autoremove_wake, or poll's own */
	bool exclusive;	       /* counts against wake_up's budget */
};

#define DECLARE_WAIT_QUEUE_HEAD(name) struct wait_queue_head name = { LIST_HEAD_INIT(name.head) }

/* Make wq an empty queue. */
static inline void init_waitqueue_head(struct wait_queue_head *wq)
{
	list_init(&wq->head);
}

/* Does anyone wait on wq? */
static inline bool waitqueue_active(const struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

/* The default wake: make e's sleeper run and take e off its queue.
 * Returns whether the sleeper was asleep. */
bool autoremove_wake(struct wait_queue_entry *e);
/* Set e up for the current process, with autoremove_wake. */
void init_wait_entry(struct wait_queue_entry *e);
/* Put e at the end of wq (unless there already) without sleeping: for
 * poll, whose entries stay for the whole wait. */
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
/* Take e off wq if it is still there. */
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
/* Put e on wq unless there, and mark the current process sleeping,
 * interruptibly (signals end it) or not. The caller then looks at its
 * condition and calls schedule(). */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e, bool intr);
/* The same with e exclusive, at the queue's end. */
void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *e, bool intr);
/* End a wait: the current process runs, and e is off wq. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
/* Mark the current process sleeping on no queue (interruptibly or not),
 * for a caller whose entries are its own (poll); finish_sleep sets it
 * running again. */
void prepare_to_sleep(bool intr);
void finish_sleep(void);
/* Give up the CPU if the current process is still marked sleeping (not
 * woken since prepare_to_wait); back when woken. */
void schedule(void);
/* schedule() with a deadline: also woken at jiffies until (0: none).
 * Returns whether the deadline has come. */
bool schedule_until(uint64_t until);

/* Wake every non-exclusive sleeper on wq and the first exclusive one. */
void wake_up(struct wait_queue_head *wq);
/* Wake every sleeper on wq. */
void wake_up_all(struct wait_queue_head *wq);
/* Wake every non-exclusive sleeper and at most nr exclusive ones.
 * Returns how many exclusive ones woke. */
int wake_up_nr(struct wait_queue_head *wq, int nr);

/* One interruptible sleep on wq, for callers that loop on their own
 * condition: 0 once woken (or due, when until is not 0), -EINTR when a
 * signal is pending, before sleeping or after. */
int wait_sleep_until(struct wait_queue_head *wq, uint64_t until);
/* wait_sleep_until with no deadline. */
static inline int wait_sleep(struct wait_queue_head *wq)
{
	return wait_sleep_until(wq, 0);
}
/* One uninterruptible sleep on wq, whatever signals come. */
void wait_sleep_noint(struct wait_queue_head *wq);
/* Sleep, on no queue, until jiffies >= until or a signal. 0 or -EINTR. */
int sleep_until(uint64_t until);
/* Sleep, on no queue, until a signal that is not blocked is pending
 * (pause, sigsuspend). Returns -EINTR. */
int wait_for_signal(void);

bool signal_pending(struct proc *p);
extern struct proc *current;

/* Sleep on wq until cond holds: 0, or -EINTR on a signal (the condition
 * is looked at first). */
#define wait_event_interruptible(wq, cond) wait_event_interruptible_until(wq, cond, 0)

/* Sleep on wq until cond holds, whatever signals come. */
#define wait_event(wq, cond)                                \
	do {                                                \
		struct wait_queue_entry __e;                \
		init_wait_entry(&__e);                      \
		for (;;) {                                  \
			prepare_to_wait((wq), &__e, false); \
			if (cond)                           \
				break;                      \
			schedule();                         \
		}                                           \
		finish_wait((wq), &__e);                    \
	} while (0)

/* Sleep on wq until cond holds or jiffies reaches until (0: no limit):
 * 0 (cond), -ETIMEDOUT or -EINTR, the condition looked at first. */
#define wait_event_interruptible_until(wq, cond, until)         \
	({                                                      \
		int __ret = 0;                                  \
		struct wait_queue_entry __e;                    \
		init_wait_entry(&__e);                          \
		for (;;) {                                      \
			prepare_to_wait((wq), &__e, true);      \
			if (cond)                               \
				break;                          \
			if (signal_pending(current)) {          \
				__ret = -EINTR;                 \
				break;                          \
			}                                       \
			if (schedule_until(until) && !(cond)) { \
				__ret = -ETIMEDOUT;             \
				break;                          \
			}                                       \
		}                                               \
		finish_wait((wq), &__e);                        \
		__ret;                                          \
	})

#endif
