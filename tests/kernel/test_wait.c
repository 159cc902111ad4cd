/*
 * Selftests for sleeping and waking (kernel/wait.c, kernel/sched.c,
 * kernel/timer.c), with kernel-only processes (kproc.h) run from kmain's
 * context:
 *   wake_up_counts          wake_up wakes every non-exclusive sleeper and
 *                           one exclusive one; wake_up_nr and wake_up_all
 *                           the rest; a queue's wake leaves other queues be
 *   wake_before_sleep       a wake between prepare_to_wait and schedule()
 *                           is not lost: schedule() returns at once
 *   timeout                 a timed wait ends with -ETIMEDOUT, its timer
 *                           disarmed
 *   signal_interrupts       a signal ends an interruptible sleep (-EINTR),
 *                           not an uninterruptible one, which its queue ends
 *   run_queue_round_robin   runnable processes take turns in order
 *   timers_ordered          kernel timers fire earliest first, equal
 *                           deadlines in arming order; a cancelled one never
 *   timers_same_tick        timers armed out of order and due at one tick
 *                           fire earliest first (the list is sorted)
 */
#include <kernel/ktest.h>
#include <kernel/proc.h>
#include <kernel/timer.h>
#include <asm/arch.h>
#include "kproc.h"

static DECLARE_WAIT_QUEUE_HEAD(wq);
static DECLARE_WAIT_QUEUE_HEAD(other_wq);
static int woke_plain, woke_excl, woke_other;

/* Returns false: sched_run_until(never) runs until nothing is runnable. */
static bool never(void *arg)
{
	return false;
}

/* Sleeps once on wq (non-exclusive), counts the wake, exits. */
static void plain_sleeper(void)
{
	struct wait_queue_entry e;

	init_wait_entry(&e);
	prepare_to_wait(&wq, &e, false);
	schedule();
	finish_wait(&wq, &e);
	woke_plain++;
	kproc_exit();
}

/* Sleeps once on wq as an exclusive waiter, counts the wake, exits. */
static void excl_sleeper(void)
{
	struct wait_queue_entry e;

	init_wait_entry(&e);
	prepare_to_wait_exclusive(&wq, &e, false);
	schedule();
	finish_wait(&wq, &e);
	woke_excl++;
	kproc_exit();
}

/* Sleeps once on other_wq, counts the wake, exits. */
static void other_sleeper(void)
{
	wait_sleep_noint(&other_wq);
	woke_other++;
	kproc_exit();
}

static void wake_up_counts(void)
{
	woke_plain = woke_excl = woke_other = 0;
	KT_EXPECT(kproc(plain_sleeper, "plain1") != NULL);
	KT_EXPECT(kproc(excl_sleeper, "excl1") != NULL);
	KT_EXPECT(kproc(plain_sleeper, "plain2") != NULL);
	KT_EXPECT(kproc(excl_sleeper, "excl2") != NULL);
	KT_EXPECT(kproc(excl_sleeper, "excl3") != NULL);
	KT_EXPECT(kproc(other_sleeper, "other") != NULL);
	KT_EXPECT(!sched_run_until(never, NULL)); /* all asleep */
	KT_EXPECT(waitqueue_active(&wq));
	wake_up(&wq);
	sched_run_until(never, NULL);
	KT_EXPECT_EQ(woke_plain, 2);
	KT_EXPECT_EQ(woke_excl, 1);
	KT_EXPECT_EQ(wake_up_nr(&wq, 1), 1);
	sched_run_until(never, NULL);
	KT_EXPECT_EQ(woke_excl, 2);
	wake_up_all(&wq);
	sched_run_until(never, NULL);
	KT_EXPECT_EQ(woke_excl, 3);
	KT_EXPECT(!waitqueue_active(&wq));
	KT_EXPECT_EQ(wake_up_nr(&wq, 5), 0); /* nobody left */
	KT_EXPECT_EQ(woke_other, 0);	     /* never woken by wq's wakes */
	wake_up(&other_wq);
	KT_EXPECT(sched_run_until(all_gone, NULL));
	KT_EXPECT_EQ(woke_other, 1);
	kproc_mm_release();
}

static int early_done;
static bool early_queued_after_wake;

/* Marks itself sleeping on wq, is woken before it calls schedule(),
 * and must not sleep. */
static void early_waker(void)
{
	struct wait_queue_entry e;

	init_wait_entry(&e);
	prepare_to_wait(&wq, &e, true);
	wake_up(&wq); /* as an interrupt or another process would */
	early_queued_after_wake = waitqueue_active(&wq);
	schedule(); /* returns at once: the wake is not lost */
	finish_wait(&wq, &e);
	early_done = 1;
	kproc_exit();
}

static void wake_before_sleep(void)
{
	early_done = 0;
	early_queued_after_wake = true;
	KT_EXPECT(kproc(early_waker, "early") != NULL);
	/* it finishes without anyone else waking it */
	KT_EXPECT(sched_run_until(all_gone, NULL));
	KT_EXPECT_EQ(early_done, 1);
	KT_EXPECT(!early_queued_after_wake); /* the wake took the entry off */
	KT_EXPECT(!waitqueue_active(&wq));
	kproc_mm_release();
}

static int timeout_ret, timeout_armed_during;
static uint64_t timeout_start, timeout_end;

/* Waits 3 ticks on wq for a condition that never holds. */
static void timed_waiter(void)
{
	timeout_start = jiffies;
	timeout_ret = wait_event_interruptible_until(&wq, false, timeout_start + 3);
	timeout_end = jiffies;
	kproc_exit();
}

#define RUN_TICKS_MAX 100 /* a case that needs the timer gives up after 1 s */

/* Run the kprocs until done(arg), idling for interrupts (the timer's
 * wakes) when none is runnable, for at most RUN_TICKS_MAX ticks. Returns
 * whether done(arg) came. */
static bool run_until_ticks(bool (*done)(void *arg), void *arg)
{
	uint64_t end = jiffies + RUN_TICKS_MAX;

	while (!sched_run_until(done, arg))
		if (jiffies >= end)
			return false;
	return true;
}

/* Notes how many timers are armed while the timed waiter sleeps. */
static bool note_armed(void *arg)
{
	struct proc *p = arg;

	if (p->state == P_SLEEPING)
		timeout_armed_during = ktimers_armed();
	return p->state == P_UNUSED || p->state == P_ZOMBIE;
}

static void timeout(void)
{
	int armed_before = ktimers_armed();

	timeout_ret = 1;
	timeout_armed_during = 0;
	struct proc *p = kproc(timed_waiter, "timed");
	KT_EXPECT(p != NULL);
	KT_EXPECT(run_until_ticks(note_armed, p));
	KT_EXPECT(run_until_ticks(all_gone, NULL));
	KT_EXPECT_EQ(timeout_ret, -ETIMEDOUT);
	KT_EXPECT(timeout_end >= timeout_start + 3);
	KT_EXPECT_EQ(timeout_armed_during, armed_before + 1);
	KT_EXPECT_EQ(ktimers_armed(), armed_before);
	KT_EXPECT(!waitqueue_active(&wq));
	kproc_mm_release();
}

static int intr_ret = 1, noint_done;

/* Sleeps interruptibly on wq for a condition that never holds. */
static void intr_sleeper(void)
{
	intr_ret = wait_event_interruptible(&wq, false);
	kproc_exit();
}

/* Sleeps uninterruptibly on other_wq until noint_go is set. */
static int noint_go;
static void noint_sleeper(void)
{
	wait_event(&other_wq, noint_go);
	noint_done = 1;
	kproc_exit();
}

static void signal_interrupts(void)
{
	intr_ret = 1;
	noint_done = noint_go = 0;
	struct proc *a = kproc(intr_sleeper, "intr");
	struct proc *b = kproc(noint_sleeper, "noint");
	KT_EXPECT(a && b);
	if (!a || !b)
		return;
	KT_EXPECT(!sched_run_until(never, NULL));
	KT_EXPECT_EQ(a->state, P_SLEEPING);
	KT_EXPECT_EQ(b->state, P_SLEEPING);
	send_signal(a, SIGTERM);
	send_signal(b, SIGTERM);
	KT_EXPECT_EQ(b->state, P_SLEEPING); /* uninterruptible: still asleep */
	sched_run_until(never, NULL);
	KT_EXPECT_EQ(intr_ret, -EINTR);
	KT_EXPECT_EQ(noint_done, 0);
	wake_up(&other_wq); /* a wake without the condition: back to sleep */
	KT_EXPECT(!sched_run_until(never, NULL));
	KT_EXPECT_EQ(noint_done, 0);
	noint_go = 1;
	wake_up(&other_wq);
	KT_EXPECT(sched_run_until(all_gone, NULL));
	KT_EXPECT_EQ(noint_done, 1);
	KT_EXPECT(!waitqueue_active(&wq));
	KT_EXPECT(!waitqueue_active(&other_wq));
	kproc_mm_release();
}

#define RR_PROCS 3
#define RR_ROUNDS 3
static char rr_log[RR_PROCS * RR_ROUNDS + 1];
static int rr_len;

/* Logs its name's last letter, yields, RR_ROUNDS times. */
static void rr_proc(void)
{
	char id = current->name[strlen(current->name) - 1];

	for (int i = 0; i < RR_ROUNDS; i++) {
		rr_log[rr_len++] = id;
		yield();
	}
	kproc_exit();
}

static void run_queue_round_robin(void)
{
	rr_len = 0;
	memset(rr_log, 0, sizeof(rr_log));
	KT_EXPECT(kproc(rr_proc, "rra") != NULL);
	KT_EXPECT(kproc(rr_proc, "rrb") != NULL);
	KT_EXPECT(kproc(rr_proc, "rrc") != NULL);
	KT_EXPECT(sched_run_until(all_gone, NULL));
	KT_EXPECT_EQ(rr_len, RR_PROCS * RR_ROUNDS);
	KT_EXPECT(strcmp(rr_log, "abcabcabc") == 0);
	kproc_mm_release();
}

static struct ktimer ta, tb, tc, td;
static int fired[4], nfired;

/* Logs which timer fired. */
static void log_fire(struct ktimer *t)
{
	fired[nfired++] = t == &ta ? 'a' : t == &tb ? 'b' : t == &tc ? 'c' : 'd';
}

static void timers_ordered(void)
{
	uint64_t base = jiffies + 1000000; /* far beyond any real tick */
	int armed = ktimers_armed();

	nfired = 0;
	ktimer_arm(&ta, base + 30, log_fire);
	ktimer_arm(&tb, base + 10, log_fire);
	ktimer_arm(&tc, base + 20, log_fire);
	ktimer_arm(&td, base + 10, log_fire); /* after tb: armed later */
	KT_EXPECT_EQ(ktimers_armed(), armed + 4);
	KT_EXPECT(ktimer_cancel(&tc));
	KT_EXPECT(!ktimer_cancel(&tc));
	KT_EXPECT(!ktimer_pending(&tc));
	ktimers_run(base + 9);
	KT_EXPECT_EQ(nfired, 0);
	ktimers_run(base + 10);
	KT_EXPECT_EQ(nfired, 2);
	ktimer_arm(&tb, base + 40, log_fire); /* re-armed after firing */
	ktimers_run(base + 100);
	KT_EXPECT_EQ(nfired, 4);
	KT_EXPECT_EQ(fired[0], 'b');
	KT_EXPECT_EQ(fired[1], 'd');
	KT_EXPECT_EQ(fired[2], 'a');
	KT_EXPECT_EQ(fired[3], 'b');
	KT_EXPECT_EQ(ktimers_armed(), armed);
}

/* Timers armed out of order and all due at one tick fire earliest first,
 * equal deadlines in arming order: the list is kept sorted. */
static void timers_same_tick(void)
{
	uint64_t base = jiffies + 1000000;
	int armed = ktimers_armed();

	nfired = 0;
	ktimer_arm(&ta, base + 30, log_fire);
	ktimer_arm(&tb, base + 10, log_fire);
	ktimer_arm(&tc, base + 20, log_fire);
	ktimer_arm(&td, base + 10, log_fire);
	ktimers_run(base + 100); /* all four due at once */
	KT_EXPECT_EQ(nfired, 4);
	KT_EXPECT_EQ(fired[0], 'b');
	KT_EXPECT_EQ(fired[1], 'd');
	KT_EXPECT_EQ(fired[2], 'c');
	KT_EXPECT_EQ(fired[3], 'a');
	KT_EXPECT_EQ(ktimers_armed(), armed);
}

static const struct ktest_case cases[] = {
	{ "wake_up_counts", wake_up_counts },
	{ "wake_before_sleep", wake_before_sleep },
	{ "timeout", timeout },
	{ "signal_interrupts", signal_interrupts },
	{ "run_queue_round_robin", run_queue_round_robin },
	{ "timers_ordered", timers_ordered },
	{ "timers_same_tick", timers_same_tick },
};

KTEST_SUITE(wait, cases);
