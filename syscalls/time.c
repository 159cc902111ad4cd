/*
 * Time: the wall clock is the CMOS time read at boot plus the PIT ticks
 * since (HZ a second); CLOCK_MONOTONIC is the ticks alone. time,
 * gettimeofday, clock_gettime (32- and 64-bit time_t), clock_getres.
 */
#include <kernel/proc.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7

extern uint32_t boot_epoch;

/* Seconds and nanoseconds on clock id, or -EINVAL. */
static int read_clock(long id, uint64_t *sec, uint32_t *nsec)
{
	uint64_t j = jiffies;

	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*sec = boot_epoch + j / HZ;
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*sec = j / HZ;
		break;
	default:
		return -EINVAL;
	}
	*nsec = (uint32_t)(j % HZ) * (1000000000 / HZ);
	return 0;
}

long sys_time(long ut)
{
	uint32_t now = boot_epoch + (uint32_t)(jiffies / HZ);

	if (ut && put_user(now, (uint32_t __user *)ut))
		return -EFAULT;
	return now;
}

long sys_gettimeofday(long utv, long utz)
{
	uint64_t sec;
	uint32_t nsec;

	read_clock(CLOCK_REALTIME, &sec, &nsec);
	int32_t tv[2] = { (int32_t)sec, (int32_t)(nsec / 1000) };
	if (utv && copy_to_user((void __user *)utv, tv, sizeof(tv)))
		return -EFAULT;
	if (utz && clear_user((void __user *)utz, 8))
		return -EFAULT;
	return 0;
}

long sys_clock_gettime(long id, long uts)
{
	uint64_t sec;
	uint32_t nsec;
	int err = read_clock(id, &sec, &nsec);

	if (err)
		return err;
	int32_t ts[2] = { (int32_t)sec, (int32_t)nsec };
	return copy_to_user((void __user *)uts, ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_gettime64(long id, long uts)
{
	uint64_t sec;
	uint32_t nsec;
	int err = read_clock(id, &sec, &nsec);

	if (err)
		return err;
	int64_t ts[2] = { (int64_t)sec, nsec };
	return copy_to_user((void __user *)uts, ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_getres(long id, long uts)
{
	uint64_t sec;
	uint32_t nsec;
	int err = read_clock(id, &sec, &nsec);

	if (err)
		return err;
	int32_t ts[2] = { 0, 1000000000 / HZ };
	if (uts && copy_to_user((void __user *)uts, ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}
