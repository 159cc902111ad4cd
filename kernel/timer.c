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
	struct list_head *at = ktimer_list.prev;
	while (at != &ktimer_list && list_entry(at, struct ktimer, link)->expires > expires)
		at = at->prev;
	list_insert(&t->link, at, at->next);
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
	while (!list_empty(&ktimer_list)) {
		struct ktimer *t = list_first_entry(&ktimer_list, struct ktimer, link);
		if (t->expires > now)
			break;
		list_del_init(&t->link);
		narmed--;
		t->fn(t);
	}
}

/* Returns how many timers are armed. */
int ktimers_armed(void)
{
	return narmed;
}
