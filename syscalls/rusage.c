/*
 * Resource usage: getrusage and times, from the figures kernel/acct.c
 * keeps. Times are clock ticks (HZ, which is USER_HZ: 100 a second);
 * getrusage gives them as timevals, the peak resident size in KiB, page
 * faults (all minor: nothing here waits for I/O) and context switches.
 * A process is one thread, so RUSAGE_THREAD is RUSAGE_SELF.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>
#include <asm/arch.h>
#include <asm/page.h>

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1
#define USEC_PER_TICK (USEC_PER_SEC / HZ)
#define KIB_PER_PAGE (PAGE_SIZE / 1024)

/* struct rusage on i386: two timevals, then fourteen longs. */
struct rusage32 {
	int32_t utime_sec, utime_usec;
	int32_t stime_sec, stime_usec;
	int32_t maxrss, ixrss, idrss, isrss;
	int32_t minflt, majflt, nswap;
	int32_t inblock, oublock, msgsnd, msgrcv, nsignals;
	int32_t nvcsw, nivcsw;
};

/* ticks as a timeval's seconds and microseconds. */
static void ticks_to_tv(uint64_t ticks, int32_t *sec, int32_t *usec)
{
	*sec = (int32_t)(ticks / HZ);
	*usec = (int32_t)(ticks % HZ) * USEC_PER_TICK;
}

/* Fill *ru for p: its own figures (self) or its reaped children's. */
static void fill_rusage(const struct proc *p, bool self, struct rusage32 *ru)
{
	memset(ru, 0, sizeof(*ru));
	ticks_to_tv(self ? p->utime : p->cutime, &ru->utime_sec, &ru->utime_usec);
	ticks_to_tv(self ? p->stime : p->cstime, &ru->stime_sec, &ru->stime_usec);
	ru->maxrss = (int32_t)((self ? acct_maxrss(p) : p->cmaxrss) * KIB_PER_PAGE);
	ru->minflt = (int32_t)(self ? p->min_flt : p->cmin_flt);
	ru->majflt = (int32_t)(self ? p->maj_flt : p->cmaj_flt);
	ru->nvcsw = (int32_t)(self ? p->nvcsw : p->cnvcsw);
	ru->nivcsw = (int32_t)(self ? p->nivcsw : p->cnivcsw);
}

/* Write the last reaped child's figures (acct_last_reaped) to user ru, as
 * wait4 and waitid report them. Returns 0 or -EFAULT. */
long put_reaped_rusage(void __user *uru)
{
	const struct child_usage *u = acct_last_reaped();
	struct rusage32 ru;

	memset(&ru, 0, sizeof(ru));
	ticks_to_tv(u->utime, &ru.utime_sec, &ru.utime_usec);
	ticks_to_tv(u->stime, &ru.stime_sec, &ru.stime_usec);
	ru.maxrss = (int32_t)(u->maxrss * KIB_PER_PAGE);
	ru.minflt = (int32_t)u->min_flt;
	ru.majflt = (int32_t)u->maj_flt;
	ru.nvcsw = (int32_t)u->nvcsw;
	ru.nivcsw = (int32_t)u->nivcsw;
	return copy_to_user((void __user *)uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/* getrusage(who, ru): RUSAGE_SELF, RUSAGE_THREAD (the same here) or
 * RUSAGE_CHILDREN. Returns 0, -EINVAL for another who, -EFAULT. */
long sys_getrusage(long who, void __user *uru)
{
	struct rusage32 ru;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	fill_rusage(current, who != RUSAGE_CHILDREN, &ru);
	return copy_to_user((void __user *)uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/*
 * times(buf): the caller's user and system time and its reaped children's
 * in *buf (unless NULL), in clock ticks. Returns the ticks since boot as
 * a clock_t (it may look negative, as Linux's may: callers compare two
 * values), or -EFAULT.
 */
long sys_times(void __user *ubuf)
{
	int32_t tms[4] = { (int32_t)current->utime, (int32_t)current->stime,
			   (int32_t)current->cutime, (int32_t)current->cstime };

	if (ubuf && copy_to_user((void __user *)ubuf, tms, sizeof(tms)))
		return -EFAULT;
	return (long)(uint32_t)jiffies;
}
