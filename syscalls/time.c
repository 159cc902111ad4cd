/*
 * Time: the wall clock is the CMOS time read at boot plus the PIT ticks
 * since (HZ a second), moved by clock_settime, settimeofday and stime
 * (everyone is root); CLOCK_MONOTONIC is the ticks alone; the CPU-time
 * clocks are the ticks charged to a process (kernel/acct.c), the caller's
 * or, for Linux's negative clock ids, another's. time,
 * gettimeofday, clock_gettime (32- and 64-bit time_t), clock_getres, and
 * nanosleep and clock_nanosleep, which sleep on the ticks (sleep_until).
 */
#include <kernel/proc.h>
#include <kernel/clock_timer.h>
#include <kernel/time.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define MINUTESWEST_MAX (15 * 60) /* settimeofday's time zone bound */

#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)
#define NSEC_PER_USEC 1000

/* The wall clock at jiffies 0: seconds (negative when the clock was set
 * earlier than the time since boot) and nanoseconds; boot_epoch until
 * set. Kept as two parts so that no 64-bit division is needed. */
static int64_t realtime_base_sec;
static uint32_t realtime_base_nsec;
static bool realtime_set;
static int32_t sys_tz[2]; /* settimeofday's {minuteswest, dsttime} */

/* The wall clock now: seconds since 1970 and nanoseconds. */
void realtime_now(int64_t *sec, uint32_t *nsec)
{
	uint64_t j = jiffies;
	uint32_t ns = (uint32_t)(j % HZ) * NSEC_PER_TICK;

	*sec = (realtime_set ? realtime_base_sec : boot_epoch) + (int64_t)(j / HZ);
	*nsec = (realtime_set ? realtime_base_nsec : 0) + ns;
	if (*nsec >= NSEC_PER_SEC) {
		*nsec -= NSEC_PER_SEC;
		(*sec)++;
	}
}

/* Read a user {sec, nsec}: two 32-bit words, or with ts64 two 64-bit ones
 * of which nsec keeps its low 32 bits. Returns 0 or -EFAULT. */
long get_user_timespec(const void __user *uts, bool ts64, int64_t ts[2])
{
	if (ts64) {
		if (copy_from_user(ts, (const void __user *)uts, 2 * sizeof(int64_t)))
			return -EFAULT;
		ts[1] = (int32_t)ts[1]; /* as Linux's get_timespec64: its low 32 bits */
	} else {
		int32_t t[2];
		if (copy_from_user(t, (const void __user *)uts, sizeof(t)))
			return -EFAULT;
		ts[0] = t[0];
		ts[1] = t[1];
	}
	return 0;
}

/* Set the wall clock to sec.nsec (checked by the caller). */
static void set_realtime(int64_t sec, uint32_t nsec)
{
	uint64_t j = jiffies;
	uint32_t ns = (uint32_t)(j % HZ) * NSEC_PER_TICK;

	realtime_base_sec = sec - (int64_t)(j / HZ);
	if (nsec < ns) { /* borrow a second */
		nsec += NSEC_PER_SEC;
		realtime_base_sec--;
	}
	realtime_base_nsec = nsec - ns;
	realtime_set = true;
	clock_was_set(); /* its timers fall due at other ticks now */
}

/* The process a negative (CPU-time) clock id names: pid 0 is the caller.
 * NULL for a bad id or a pid that is gone. */
static struct proc *cpu_clock_proc(long id)
{
	pid_t pid = (pid_t) ~(id >> 3);

	if ((id & CPUCLOCK_TYPE_MASK) == CPUCLOCK_TYPE_MASK)
		return NULL;
	if (pid == 0)
		return current;
	struct proc *p = proc_find(pid);
	return p && p->state != P_ZOMBIE ? p : NULL;
}

/* Seconds and nanoseconds on clock id, or -EINVAL. */
static int read_clock(long id, uint64_t *sec, uint32_t *nsec)
{
	uint64_t j = jiffies;

	if (id < 0) { /* another process's CPU time, or the caller's */
		struct proc *p = cpu_clock_proc(id);
		if (!p)
			return -EINVAL;
		j = (id & CPUCLOCK_TYPE_MASK) == CPUCLOCK_VIRT ? p->utime : p->utime + p->stime;
		*sec = j / HZ;
		*nsec = (uint32_t)(j % HZ) * NSEC_PER_TICK;
		return 0;
	}
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI: {
		int64_t s;
		realtime_now(&s, nsec);
		*sec = (uint64_t)s;
		return 0;
	}
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*sec = j / HZ;
		break;
	case CLOCK_PROCESS_CPUTIME_ID: /* one thread: the same CPU time */
	case CLOCK_THREAD_CPUTIME_ID:
		j = current->utime + current->stime;
		*sec = j / HZ;
		break;
	default:
		return -EINVAL;
	}
	*nsec = (uint32_t)(j % HZ) * NSEC_PER_TICK;
	return 0;
}

/* time(t): the wall clock's seconds, also stored in *t if t is not NULL;
 * -EFAULT if it cannot be. */
long sys_time(uint32_t __user *ut)
{
	int64_t sec;
	uint32_t nsec;

	realtime_now(&sec, &nsec);
	uint32_t now = (uint32_t)sec;

	if (ut && put_user(now, (uint32_t __user *)ut))
		return -EFAULT;
	return now;
}

/* gettimeofday(tv, tz): the wall clock in *tv, the time zone settimeofday
 * set in *tz (UTC at boot). Either may be NULL. Returns 0 or -EFAULT. */
long sys_gettimeofday(void __user *utv, void __user *utz)
{
	uint64_t sec;
	uint32_t nsec;

	read_clock(CLOCK_REALTIME, &sec, &nsec);
	int32_t tv[2] = { (int32_t)sec, (int32_t)(nsec / NSEC_PER_USEC) };
	if (utv && copy_to_user((void __user *)utv, tv, sizeof(tv)))
		return -EFAULT;
	if (utz && copy_to_user((void __user *)utz, sys_tz, sizeof(sys_tz)))
		return -EFAULT;
	return 0;
}

/* clock_gettime(id, ts): clock id in a 32-bit timespec. Returns 0,
 * -EINVAL for an unknown clock, -EFAULT. */
long sys_clock_gettime(long id, void __user *uts)
{
	uint64_t sec;
	uint32_t nsec;
	int err = read_clock(id, &sec, &nsec);

	if (err)
		return err;
	int32_t ts[2] = { (int32_t)sec, (int32_t)nsec };
	return copy_to_user((void __user *)uts, ts, sizeof(ts)) ? -EFAULT : 0;
}

/* clock_gettime64(id, ts): the same with a 64-bit time_t. */
long sys_clock_gettime64(long id, void __user *uts)
{
	uint64_t sec;
	uint32_t nsec;
	int err = read_clock(id, &sec, &nsec);

	if (err)
		return err;
	int64_t ts[2] = { (int64_t)sec, nsec };
	return copy_to_user((void __user *)uts, ts, sizeof(ts)) ? -EFAULT : 0;
}

/* clock_getres(id, res): one tick, in *res unless res is NULL. Returns
 * 0, -EINVAL for an unknown clock, -EFAULT. */
long sys_clock_getres(long id, void __user *uts)
{
	uint64_t sec;
	uint32_t nsec;
	int err = read_clock(id, &sec, &nsec);

	if (err)
		return err;
	int32_t ts[2] = { 0, NSEC_PER_TICK };
	if (uts && copy_to_user((void __user *)uts, ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

/* clock_getres_time64(id, res): the same with a 64-bit time_t. */
long sys_clock_getres_time64(long id, void __user *uts)
{
	uint64_t sec;
	uint32_t nsec;
	int err = read_clock(id, &sec, &nsec);

	if (err)
		return err;
	int64_t ts[2] = { 0, NSEC_PER_TICK };
	if (uts && copy_to_user((void __user *)uts, ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

/* Is sec.nsec a time the wall clock may be set to (Linux's
 * timespec64_valid_settod, for these widths)? */
static bool settable(int64_t sec, int64_t nsec)
{
	return sec >= 0 && nsec >= 0 && nsec < NSEC_PER_SEC;
}

/* clock_settime(id, ts), 32-bit (ts64 false) or 64-bit time_t: only
 * CLOCK_REALTIME can be set (-EINVAL for the others, before ts is read),
 * as for root. Returns 0, -EFAULT, or -EINVAL for a bad time. */
static long clock_settime(long id, const void __user *uts, bool ts64)
{
	int64_t ts[2];

	if (id != CLOCK_REALTIME)
		return -EINVAL;
	if (get_user_timespec(uts, ts64, ts))
		return -EFAULT;
	if (!settable(ts[0], ts[1]))
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	set_realtime(ts[0], (uint32_t)ts[1]);
	return 0;
}

/* clock_settime(2) with a 32-bit timespec. Returns 0 or -errno. */
long sys_clock_settime(long id, const void __user *uts)
{
	return clock_settime(id, uts, false);
}

/* clock_settime64(2) with a 64-bit timespec. Returns 0 or -errno. */
long sys_clock_settime64(long id, const void __user *uts)
{
	return clock_settime(id, uts, true);
}

/*
 * settimeofday(tv, tz): set the wall clock to *tv and the time zone
 * gettimeofday reports to *tz, either NULL to leave it. Linux's order:
 * -EFAULT reading tv, -EINVAL for its microseconds or a negative second,
 * -EFAULT reading tz, -EINVAL for minuteswest past +-15 hours.
 */
long sys_settimeofday(const void __user *utv, const void __user *utz)
{
	int32_t tv[2], tz[2];

	if (utv && copy_from_user(tv, (const void __user *)utv, sizeof(tv)))
		return -EFAULT;
	if (utv && !settable(tv[0], (int64_t)tv[1] * NSEC_PER_USEC))
		return -EINVAL;
	if (utz && copy_from_user(tz, (const void __user *)utz, sizeof(tz)))
		return -EFAULT;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	if (utz && (tz[0] > MINUTESWEST_MAX || tz[0] < -MINUTESWEST_MAX))
		return -EINVAL;
	if (utz)
		memcpy(sys_tz, tz, sizeof(sys_tz));
	if (utv)
		set_realtime(tv[0], (uint32_t)tv[1] * NSEC_PER_USEC);
	return 0;
}

/* stime(t): set the wall clock to the 32-bit seconds at t. Returns 0,
 * -EFAULT, -EINVAL for a negative time. */
long sys_stime(const int32_t __user *ut)
{
	int32_t t;

	if (get_user(t, (const int32_t __user *)ut))
		return -EFAULT;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	if (t < 0)
		return -EINVAL;
	set_realtime(t, 0);
	return 0;
}

struct timespec32 {
	int32_t tv_sec, tv_nsec;
};

/* A relative sleep to until was cut short by a signal: write the time
 * left to urem (a 64-bit timespec if ts64; none if 0) and note where
 * restart_syscall goes on if a stop, not a handler, cut it short.
 * Returns -EINTR, or -EFAULT when urem cannot be written. */
static long sleep_cut_short(uint64_t until, void __user *urem, bool ts64)
{
	uint64_t left = until > jiffies ? until - jiffies : 0;
	int64_t r[2] = { (int64_t)(left / HZ), (int64_t)(left % HZ) * NSEC_PER_TICK };
	int32_t r32[2] = { (int32_t)r[0], (int32_t)r[1] };

	if (urem && (ts64 ? copy_to_user((void __user *)urem, r, sizeof(r))
			  : copy_to_user((void __user *)urem, r32, sizeof(r32))))
		return -EFAULT;
	current->restart = (struct restart_block){ until, urem, ts64 };
	return -EINTR;
}

/* restart_syscall(2): go on with the sleep a stop cut short, to the end
 * it had (the kernel reruns a stopped sleep as this call). Returns 0,
 * -EINTR (as sleep_cut_short) or -EFAULT; -EINTR when nothing waits to
 * be restarted, as Linux. */
long sys_restart_syscall(void)
{
	struct restart_block r = current->restart;

	current->restart.until = 0;
	if (!r.until)
		return -EINTR;
	if (!sleep_until(r.until))
		return 0;
	return sleep_cut_short(r.until, r.urem, r.ts64);
}

/* nanosleep(2): sleep for *ureq. Returns 0, -EINVAL for a bad time,
 * -EFAULT, or -EINTR when a signal came, with the time that was left in
 * *urem (if not NULL); after a stop (no handler) it goes on instead. */
long sys_nanosleep(const void __user *ureq, void __user *urem)
{
	struct timespec32 ts;

	if (copy_from_user(&ts, (const void __user *)ureq, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	uint64_t ticks = (uint64_t)ts.tv_sec * HZ +
			 ((uint32_t)ts.tv_nsec + (NSEC_PER_TICK - 1)) / NSEC_PER_TICK;
	if (ticks == 0)
		return 0;
	/* +1: the current tick is already partly over */
	uint64_t until = jiffies + ticks + 1;
	if (!sleep_until(until))
		return 0;
	/* as Linux: a signal cut it short; rem gets the time that was left */
	return sleep_cut_short(until, urem, false);
}

#define TIMER_ABSTIME 1

/*
 * clock_nanosleep(id, flags, req, rem) and its 64-bit time twin: sleep for
 * req on CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME or CLOCK_TAI, or
 * until req on that clock with TIMER_ABSTIME. Returns 0; -EOPNOTSUPP for
 * the thread CPU clock and the raw, coarse and alarm clocks (as Linux
 * without an RTC), -EINVAL for another clock or a bad time; -EFAULT; -EINTR when a signal came, with the time left
 * in rem for a relative sleep. ts64: {int64, int64} times, else {int32, int32}.
 * A stop (no handler) does not end it: it goes on to the same end.
 */
static long clock_nanosleep(long id, long flags, const void __user *ureq, void __user *urem,
			    bool ts64)
{
	int64_t ts[2];

	if (id == CLOCK_THREAD_CPUTIME_ID || id == CLOCK_MONOTONIC_RAW ||
	    id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE ||
	    id == CLOCK_REALTIME_ALARM || id == CLOCK_BOOTTIME_ALARM)
		return -EOPNOTSUPP; /* as Linux: clocks that cannot be slept on (no RTC) */
	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC && id != CLOCK_BOOTTIME &&
	    id != CLOCK_TAI)
		return -EINVAL;
	if (get_user_timespec(ureq, ts64, ts))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= NSEC_PER_SEC)
		return -EINVAL;
	if (flags & TIMER_ABSTIME) {
		uint64_t sec;
		uint32_t nsec;
		read_clock(id, &sec, &nsec);
		if ((uint64_t)ts[0] < sec || ((uint64_t)ts[0] == sec && ts[1] <= nsec))
			return 0; /* already past */
		ts[0] -= sec;
		ts[1] -= nsec;
		if (ts[1] < 0) { /* borrow a second */
			ts[0]--;
			ts[1] += NSEC_PER_SEC;
		}
	}
	uint64_t ticks =
		(uint64_t)ts[0] * HZ + ((uint32_t)ts[1] + NSEC_PER_TICK - 1) / NSEC_PER_TICK;
	if (ticks == 0)
		return 0;
	uint64_t until = jiffies + ticks + 1; /* +1: this tick is partly over */
	if (!sleep_until(until))
		return 0;
	/* an absolute sleep is simply rerun after a stop, with the same end */
	if (flags & TIMER_ABSTIME)
		return -EINTR;
	return sleep_cut_short(until, urem, ts64);
}

/* clock_nanosleep(2) with a 32-bit timespec. Returns 0 or -errno. */
long sys_clock_nanosleep(long id, long flags, const void __user *ureq, void __user *urem)
{
	return clock_nanosleep(id, flags, ureq, urem, false);
}

/* clock_nanosleep_time64(2) with a 64-bit timespec. Returns 0 or -errno. */
long sys_clock_nanosleep_time64(long id, long flags, const void __user *ureq, void __user *urem)
{
	return clock_nanosleep(id, flags, ureq, urem, true);
}
