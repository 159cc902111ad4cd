/*
 * Alarms and interval timers: alarm, getitimer and setitimer. There is
 * one timer, ITIMER_REAL, kept as the jiffies its SIGALRM is due
 * (alarm_at) and its reload (alarm_interval); the timer tick sends it
 * (signal_alarms, kernel/signal.c).
 *
 * And the POSIX timer calls (timer_create...; kernel/posix-timers.c):
 * here their struct itimerspec, 32-bit or 64-bit time_t, is read, checked
 * and written back.
 */
#include <kernel/proc.h>
#include <kernel/posix_timers.h>
#include <kernel/clock_timer.h>
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

/* 64-bit ns in which a time of sec seconds saturates (Linux's KTIME_MAX). */
#define KTIME_MAX 0x7fffffffffffffffull
#define KTIME_SEC_MAX (KTIME_MAX / NSEC_PER_SEC)

/* Is {sec, nsec} a valid timespec (Linux's timespec64_valid)? */
static bool ts_valid(int64_t sec, uint32_t nsec)
{
	return sec >= 0 && nsec < NSEC_PER_SEC;
}

/* {sec, nsec} (valid) as ns, saturating at KTIME_MAX. */
static uint64_t ts_to_ns(int64_t sec, uint32_t nsec)
{
	if ((uint64_t)sec >= KTIME_SEC_MAX)
		return KTIME_MAX;
	return (uint64_t)sec * NSEC_PER_SEC + nsec;
}

/*
 * Read the struct itimerspec at u: {interval, value}, each {int32 sec,
 * int32 nsec}, or with ts64 {int64 sec, int64 nsec} (of whose nsec only
 * the low 32 bits count, as Linux's compat reading). Returns 0, -EFAULT,
 * or -EINVAL for a negative second or a nanosecond field past 999999999.
 */
long get_itimerspec(long u, bool ts64, struct itimer_ns *it)
{
	int64_t sec[2];
	uint32_t nsec[2];

	if (ts64) {
		int64_t t[4];
		if (copy_from_user(t, (const void __user *)u, sizeof(t)))
			return -EFAULT;
		sec[0] = t[0], nsec[0] = (uint32_t)t[1];
		sec[1] = t[2], nsec[1] = (uint32_t)t[3];
	} else {
		int32_t t[4];
		if (copy_from_user(t, (const void __user *)u, sizeof(t)))
			return -EFAULT;
		sec[0] = t[0], nsec[0] = (uint32_t)t[1];
		sec[1] = t[2], nsec[1] = (uint32_t)t[3];
	}
	if (!ts_valid(sec[0], nsec[0]) || !ts_valid(sec[1], nsec[1]))
		return -EINVAL;
	it->interval = ts_to_ns(sec[0], nsec[0]);
	it->value = ts_to_ns(sec[1], nsec[1]);
	return 0;
}

/* Write *it to the struct itimerspec at u (32- or 64-bit time_t).
 * Returns 0 or -EFAULT. */
long put_itimerspec(long u, bool ts64, const struct itimer_ns *it)
{
	uint64_t ns[2] = { it->interval, it->value };
	int64_t t[4];

	for (int i = 0; i < 2; i++) {
		uint64_t sec = div_u64(ns[i], NSEC_PER_SEC);
		t[2 * i] = (int64_t)sec;
		t[2 * i + 1] = (int64_t)(ns[i] - sec * NSEC_PER_SEC);
	}
	if (ts64)
		return copy_to_user((void __user *)u, t, sizeof(t)) ? -EFAULT : 0;
	int32_t t32[4] = { (int32_t)t[0], (int32_t)t[1], (int32_t)t[2], (int32_t)t[3] };
	return copy_to_user((void __user *)u, t32, sizeof(t32)) ? -EFAULT : 0;
}

/* timer_create(clockid, sevp, timerid): sevp NULL means SIGALRM. Returns
 * 0 or -errno (see posix_timer_create); -EFAULT if sevp cannot be read. */
long sys_timer_create(long clockid, long usev, long uid)
{
	struct sigevent_k ev;

	if (usev && copy_from_user(&ev, (const void __user *)usev, sizeof(ev)))
		return -EFAULT;
	return posix_timer_create(clockid, usev ? &ev : NULL, (int32_t __user *)uid);
}

/* timer_settime(id, flags, new, old) with ts64's itimerspec: as Linux,
 * -EINVAL for a NULL new, -EFAULT reading it, -EINVAL for a bad time or
 * id, and -EFAULT writing old (the timer is set by then). */
static long timer_settime(long id, long flags, long unew, long uold, bool ts64)
{
	struct itimer_ns new, old;

	if (!unew)
		return -EINVAL;
	long err = get_itimerspec(unew, ts64, &new);
	if (err)
		return err;
	err = posix_timer_set(id, flags, &new, uold ? &old : NULL);
	if (!err && uold)
		err = put_itimerspec(uold, ts64, &old);
	return err;
}

/* timer_settime (260): 32-bit time_t. Returns 0 or -errno. */
long sys_timer_settime(long id, long flags, long unew, long uold)
{
	return timer_settime(id, flags, unew, uold, false);
}

/* timer_settime64 (409): 64-bit time_t. Returns 0 or -errno. */
long sys_timer_settime64(long id, long flags, long unew, long uold)
{
	return timer_settime(id, flags, unew, uold, true);
}

/* timer_gettime(id, cur) with ts64's itimerspec. 0, -EINVAL, -EFAULT. */
static long timer_gettime(long id, long ucur, bool ts64)
{
	struct itimer_ns cur;
	long err = posix_timer_get(id, &cur);

	return err ? err : put_itimerspec(ucur, ts64, &cur);
}

/* timer_gettime (261): 32-bit time_t. Returns 0 or -errno. */
long sys_timer_gettime(long id, long ucur)
{
	return timer_gettime(id, ucur, false);
}

/* timer_gettime64 (408): 64-bit time_t. Returns 0 or -errno. */
long sys_timer_gettime64(long id, long ucur)
{
	return timer_gettime(id, ucur, true);
}

/* timer_getoverrun(id): the last delivered signal's overrun, or -EINVAL. */
long sys_timer_getoverrun(long id)
{
	return posix_timer_overrun(id);
}

/* timer_delete(id). Returns 0 or -EINVAL. */
long sys_timer_delete(long id)
{
	return posix_timer_delete(id);
}
