/*
 * Alarms and interval timers: alarm, getitimer and setitimer. There is
 * one timer, ITIMER_REAL, kept as the jiffies its SIGALRM is due
 * (alarm_at) and its reload (alarm_interval); the timer tick sends it
 * (signal_alarms, kernel/signal.c).
 */
#include <kernel/proc.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define ALARM_MAX 0x7fffffffu /* alarm(): seconds above INT_MAX are INT_MAX */

/* Ticks left before the current alarm, or 0. */
static uint64_t alarm_left(void)
{
	return current->alarm_at > jiffies ? current->alarm_at - jiffies : 0;
}

/* alarm(seconds): SIGALRM after that long (0 cancels). Returns the seconds
 * that were left of the previous alarm as Linux rounds them: to the
 * nearest second, but 1 rather than 0 when any time was left. */
long sys_alarm(long seconds)
{
	uint64_t t = alarm_left();
	uint32_t left = t / HZ, rem = t % HZ;
	uint32_t secs = (uint32_t)seconds > ALARM_MAX ? ALARM_MAX : (uint32_t)seconds;

	if ((left == 0 && rem) || rem * 2 >= HZ)
		left++;
	current->alarm_at = secs ? jiffies + (uint64_t)secs * HZ : 0;
	current->alarm_interval = 0;
	return left;
}

#define ITIMER_REAL 0
#define USEC_PER_TICK (USEC_PER_SEC / HZ)

/* {sec, usec} -> ticks (rounded up, so a timer never fires early). */
static uint64_t tv_to_ticks(const int32_t tv[2])
{
	return (uint64_t)(uint32_t)tv[0] * HZ +
	       ((uint32_t)tv[1] + USEC_PER_TICK - 1) / USEC_PER_TICK;
}

/* ticks -> {sec, usec}, at most {INT_MAX, 999999}. */
static void ticks_to_tv(uint64_t t, int32_t tv[2])
{
	if (t / HZ > ALARM_MAX) {
		tv[0] = ALARM_MAX;
		tv[1] = USEC_PER_SEC - 1;
		return;
	}
	tv[0] = t / HZ;
	tv[1] = (t % HZ) * USEC_PER_TICK;
}

/* setitimer/getitimer: ITIMER_REAL only, the timer behind alarm(). */
long sys_getitimer(long which, long uval)
{
	int32_t v[4];

	if (which != ITIMER_REAL)
		return -EINVAL;
	ticks_to_tv(current->alarm_interval, v);
	ticks_to_tv(alarm_left(), v + 2);
	return copy_to_user((void __user *)uval, v, sizeof(v)) ? -EFAULT : 0;
}

/* setitimer(ITIMER_REAL, new, old): arm (or with a zero or NULL value,
 * disarm) the alarm timer, the previous setting in *old. Returns 0,
 * -EINVAL for another timer or a bad time, -EFAULT. */
long sys_setitimer(long which, long unew, long uold)
{
	int32_t v[4];

	if (which != ITIMER_REAL)
		return -EINVAL;
	memset(v, 0, sizeof(v)); /* as Linux: a NULL new value disarms */
	if (unew && copy_from_user(v, (const void __user *)unew, sizeof(v)))
		return -EFAULT;
	if (unew && (v[1] < 0 || v[1] >= USEC_PER_SEC || v[3] < 0 || v[3] >= USEC_PER_SEC ||
		     v[0] < 0 || v[2] < 0))
		return -EINVAL;
	if (uold) {
		int32_t o[4];
		ticks_to_tv(current->alarm_interval, o);
		ticks_to_tv(alarm_left(), o + 2);
		if (copy_to_user((void __user *)uold, o, sizeof(o)))
			return -EFAULT;
	}
	uint64_t value = tv_to_ticks(v + 2);
	current->alarm_interval = value ? tv_to_ticks(v) : 0;
	current->alarm_at = value ? jiffies + value : 0;
	return 0;
}
