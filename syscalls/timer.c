/*
 * Alarms and interval timers: alarm, getitimer and setitimer. ITIMER_REAL
 * is kept as the jiffies its SIGALRM is due (alarm_at) and its reload
 * (alarm_interval), with a kernel timer armed for it (alarm_arm,
 * kernel/signal.c) that sends it from the tick. ITIMER_VIRTUAL (SIGVTALRM, on user time) and
 * ITIMER_PROF (SIGPROF, on user + system time) are clock timers on the
 * process's CPU time (kernel/clock_timer.c), one pair per process slot;
 * as Linux, none of them is inherited by fork, and execve keeps them.
 *
 * And the POSIX timer calls (timer_create...; kernel/posix-timers.c):
 * here their struct itimerspec, 32-bit or 64-bit time_t, is read, checked
 * and written back.
 */
#include <kernel/proc.h>
#include <kernel/posix_timers.h>
#include <kernel/clock_timer.h>
#include <kernel/syscalls.h>
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
	current->alarm_interval = 0;
	alarm_arm(current, secs ? jiffies + (uint64_t)secs * HZ : 0);
	return left;
}

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
#define SIGVTALRM 26
#define SIGPROF 27
#define CPUCLOCK_SELF_PROF (-8) /* ~0 << 3 | CPUCLOCK_PROF: the caller's */
#define CPUCLOCK_SELF_VIRT (-7) /* ~0 << 3 | CPUCLOCK_VIRT */
#define USEC_PER_TICK (USEC_PER_SEC / HZ)
#define NSEC_PER_USEC 1000

/* A process's ITIMER_VIRTUAL or ITIMER_PROF. */
struct cpu_itimer {
	struct clock_timer ct; /* first: cpu_itimer_fire gets its address */
	pid_t pid;	       /* the process it is for, 0: unused */
	int sig;	       /* SIGVTALRM or SIGPROF */
};

static struct cpu_itimer cpu_itimers[NPROC][2];

/* The clock tick's callback: the timer's signal to its process. */
static void cpu_itimer_fire(struct clock_timer *ct, uint64_t n)
{
	struct cpu_itimer *it = (struct cpu_itimer *)ct;
	struct proc *p = proc_find(it->pid);

	if (p)
		send_signal(p, it->sig);
}

/* The caller's ITIMER_VIRTUAL or ITIMER_PROF (which), set up afresh if
 * its slot was another process's. */
static struct cpu_itimer *cpu_itimer(long which)
{
	struct cpu_itimer *it = &cpu_itimers[current - proc_table][which - ITIMER_VIRTUAL];

	if (it->pid != current->pid) {
		clock_timer_disarm(&it->ct);
		memset(it, 0, sizeof(*it));
		clock_timer_init(&it->ct,
				 which == ITIMER_VIRTUAL ? CPUCLOCK_SELF_VIRT : CPUCLOCK_SELF_PROF);
		it->ct.fire = cpu_itimer_fire;
		it->pid = current->pid;
		it->sig = which == ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
	}
	return it;
}

/* Stop p's CPU-time interval timers (exit). */
void cpu_itimers_release(struct proc *p)
{
	for (int i = 0; i < 2; i++) {
		struct cpu_itimer *it = &cpu_itimers[p - proc_table][i];
		if (it->pid == p->pid) {
			clock_timer_disarm(&it->ct);
			it->pid = 0;
		}
	}
}

/* ns -> {sec, usec}, at most {INT_MAX, 999999}. */
static void ns_to_tv(uint64_t ns, int32_t tv[2])
{
	uint64_t sec = div_u64(ns, NSEC_PER_SEC);

	if (sec > ALARM_MAX) {
		tv[0] = ALARM_MAX;
		tv[1] = USEC_PER_SEC - 1;
		return;
	}
	tv[0] = (int32_t)sec;
	tv[1] = (int32_t)((uint32_t)(ns - sec * NSEC_PER_SEC) / NSEC_PER_USEC);
}

/* A CPU-time itimer's setting as {interval, value} timevals. */
static void cpu_itimer_get(struct cpu_itimer *it, int32_t v[4])
{
	uint64_t left, interval;

	clock_timer_get(&it->ct, &left, &interval);
	ns_to_tv(interval, v);
	ns_to_tv(left, v + 2);
}

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

/* The setting of interval timer which (valid) as {interval, value}. */
static void itimer_get(long which, int32_t v[4])
{
	if (which == ITIMER_REAL) {
		ticks_to_tv(current->alarm_interval, v);
		ticks_to_tv(alarm_left(), v + 2);
	} else {
		cpu_itimer_get(cpu_itimer(which), v);
	}
}

/* getitimer(which, val): ITIMER_REAL, ITIMER_VIRTUAL or ITIMER_PROF.
 * Returns 0, -EINVAL for another timer, -EFAULT. */
long sys_getitimer(long which, void __user *uval)
{
	int32_t v[4];

	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	itimer_get(which, v);
	return copy_to_user((void __user *)uval, v, sizeof(v)) ? -EFAULT : 0;
}

/* setitimer(which, new, old): arm (or with a zero or NULL value, disarm)
 * interval timer which, the previous setting in *old. Returns 0, -EINVAL
 * for another timer or a bad time, -EFAULT (reading new: nothing is set;
 * writing old: the new setting is in place, as Linux). */
long sys_setitimer(long which, const void __user *unew, void __user *uold)
{
	int32_t v[4];

	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	memset(v, 0, sizeof(v)); /* as Linux: a NULL new value disarms */
	if (unew && copy_from_user(v, (const void __user *)unew, sizeof(v)))
		return -EFAULT;
	if (unew && (v[1] < 0 || v[1] >= USEC_PER_SEC || v[3] < 0 || v[3] >= USEC_PER_SEC ||
		     v[0] < 0 || v[2] < 0))
		return -EINVAL;
	int32_t o[4];
	itimer_get(which, o);
	if (which != ITIMER_REAL) {
		uint64_t value = (uint64_t)v[2] * NSEC_PER_SEC + (uint64_t)v[3] * NSEC_PER_USEC;
		uint64_t interval = (uint64_t)v[0] * NSEC_PER_SEC + (uint64_t)v[1] * NSEC_PER_USEC;
		if (value) /* as Linux: a tick more, so it never fires early */
			value += NSEC_PER_SEC / HZ;
		clock_timer_set(&cpu_itimer(which)->ct, value, value ? interval : 0, false);
	} else {
		uint64_t value = tv_to_ticks(v + 2);
		current->alarm_interval = value ? tv_to_ticks(v) : 0;
		alarm_arm(current, value ? jiffies + value : 0);
	}
	/* as Linux: the old setting is written once the new one is in place */
	if (uold && copy_to_user((void __user *)uold, o, sizeof(o)))
		return -EFAULT;
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
long get_itimerspec(const void __user *u, bool ts64, struct itimer_ns *it)
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
long put_itimerspec(void __user *u, bool ts64, const struct itimer_ns *it)
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
long sys_timer_create(long clockid, const void __user *usev, int32_t __user *uid)
{
	struct sigevent_k ev;

	if (usev && copy_from_user(&ev, (const void __user *)usev, sizeof(ev)))
		return -EFAULT;
	return posix_timer_create(clockid, usev ? &ev : NULL, (int32_t __user *)uid);
}

/* timer_settime(id, flags, new, old) with ts64's itimerspec: as Linux,
 * -EINVAL for a NULL new, -EFAULT reading it, -EINVAL for a bad time or
 * id, and -EFAULT writing old (the timer is set by then). */
static long timer_settime(long id, long flags, const void __user *unew, void __user *uold,
			  bool ts64)
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
long sys_timer_settime(long id, long flags, const void __user *unew, void __user *uold)
{
	return timer_settime(id, flags, unew, uold, false);
}

/* timer_settime64 (409): 64-bit time_t. Returns 0 or -errno. */
long sys_timer_settime64(long id, long flags, const void __user *unew, void __user *uold)
{
	return timer_settime(id, flags, unew, uold, true);
}

/* timer_gettime(id, cur) with ts64's itimerspec. 0, -EINVAL, -EFAULT. */
static long timer_gettime(long id, void __user *ucur, bool ts64)
{
	struct itimer_ns cur;
	long err = posix_timer_get(id, &cur);

	return err ? err : put_itimerspec(ucur, ts64, &cur);
}

/* timer_gettime (261): 32-bit time_t. Returns 0 or -errno. */
long sys_timer_gettime(long id, void __user *ucur)
{
	return timer_gettime(id, ucur, false);
}

/* timer_gettime64 (408): 64-bit time_t. Returns 0 or -errno. */
long sys_timer_gettime64(long id, void __user *ucur)
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
