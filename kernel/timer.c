/*
 * Kernel timers (include/kernel/timer.h): one list of armed timers,
 * sorted by deadline, equal deadlines in the order they were armed. The
 * tick takes timers off the front while they are due, so it costs
 * O(expired timers), whatever the number of processes or armed timers.
 */
#include <kernel/timer.h>

static struct list_head ktimer_list = LIST_HEAD_INIT(ktimer_list); /* armed, earliest first */
static int narmed;

/* Arm t to call fn at jiffies expires, moving it if it was armed: it goes
 * after every armed timer due no later, found walking from the end. */
void ktimer_arm(struct ktimer *t, uint64_t expires, void (*fn)(struct ktimer *t))
{
	ktimer_cancel(t);
	t->expires = expires;
	t->fn = fn;
	/* LAB 10 BEGIN */
	struct list_head *at = ktimer_list.prev;
	while (at != &ktimer_list && list_entry(at, struct ktimer, link)->expires > expires)
		at = at->prev;
	list_insert(&t->link, at, at->next);
	/* LAB 10 STUB
	// LAB 10, exercise "Keep the timer list sorted" (labs/10-waitqueues/README.md):
	// insert t after every armed timer due no later than it, so that the
	// list stays earliest first. This stub appends it in arming order.
	list_add_tail(&t->link, &ktimer_list);
	   LAB 10 END */
	narmed++;
}

/* Disarm t if armed. Returns whether it was. */
bool ktimer_cancel(struct ktimer *t)
{
	if (!list_linked(&t->link))
		return false;
	list_del_init(&t->link);
	narmed--;
	return true;
}

/* Run the timers due at now, earliest first; each is off the list
 * before its function runs. */
void ktimers_run(uint64_t now)
{
	/* LAB 10 BEGIN */
	while (!list_empty(&ktimer_list)) {
		struct ktimer *t = list_first_entry(&ktimer_list, struct ktimer, link);
		if (t->expires > now)
			break;
		list_del_init(&t->link);
		narmed--;
		t->fn(t);
	}
	/* LAB 10 STUB
	// LAB 10, exercise "Keep the timer list sorted": once the list is
	// sorted, take timers off its front while they are due and stop at
	// the first that is not. This stub walks the whole list from the
	// start for every timer it fires: every tick costs O(armed timers),
	// and timers due at the same tick fire in arming order.
	for (;;) {
		struct ktimer *t = NULL;
		for (struct list_head *pos = ktimer_list.next; pos != &ktimer_list; pos = pos->next)
			if (list_entry(pos, struct ktimer, link)->expires <= now) {
				t = list_entry(pos, struct ktimer, link);
				break;
			}
		if (!t)
			break;
		list_del_init(&t->link);
		narmed--;
		t->fn(t);
	}
	   LAB 10 END */
}

/* Returns how many timers are armed. */
int ktimers_armed(void)
{
	return narmed;
}
