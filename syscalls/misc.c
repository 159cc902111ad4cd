/* uname, nanosleep and sched_yield. */
#include <kernel/proc.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

/* uname(2): fill the user's struct utsname. Returns 0 or -EFAULT. */
long sys_uname(long ubuf)
{
	static const struct utsname u = {
		"Mica", "mica", "1.0.0", "#1 " __DATE__, "i686", "(none)",
	};

	return copy_to_user((void __user *)ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

/* sched_yield(2): let other runnable processes go first. Returns 0. */
long sys_sched_yield(void)
{
	yield();
	return 0;
}

struct timespec32 {
	int32_t tv_sec, tv_nsec;
};

/* nanosleep(2): sleep for *ureq. Returns 0, -EINVAL for a bad time,
 * -EFAULT, or -EINTR when a signal came (urem is not written yet). */
long sys_nanosleep(long ureq, long urem)
{
	struct timespec32 ts;

	if (copy_from_user(&ts, (const void __user *)ureq, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	uint64_t ticks = (uint64_t)ts.tv_sec * HZ +
			 ((uint32_t)ts.tv_nsec + (1000000000 / HZ - 1)) / (1000000000 / HZ);
	if (ticks == 0)
		return 0;
	/* +1: the current tick is already partly over */
	uint64_t until = jiffies + ticks + 1;
	if (!sleep_until(until))
		return 0;
	/* as Linux: a signal cut it short; rem gets the time that was left */
	if (urem) {
		uint64_t left = until > jiffies ? until - jiffies : 0;
		struct timespec32 r = { (int32_t)(left / HZ), (int32_t)(left % HZ) * (1000000000 / HZ) };
		if (copy_to_user((void __user *)urem, &r, sizeof(r)))
			return -EFAULT;
	}
	return -EINTR;
}
