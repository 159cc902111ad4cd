/*
 * The wall clock (syscalls/time.c): CLOCK_REALTIME, which time,
 * gettimeofday, file times and clock_gettime read and clock_settime,
 * settimeofday and stime set.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <kernel/kernel.h>

/* Linux's clock ids (include/uapi/linux/time.h). */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11 /* the wall clock (a TAI offset of 0, as Linux's default) */

/* Negative clock ids name CPU clocks: ~pid << 3 | perthread << 2 | type. */
#define CPUCLOCK_PROF 0
#define CPUCLOCK_VIRT 1
#define CPUCLOCK_SCHED 2
#define CPUCLOCK_TYPE_MASK 3 /* type 3 is no clock */

/* The wall clock now: seconds since 1970 and nanoseconds. */
void realtime_now(int64_t *sec, uint32_t *nsec);

/* Read a user {sec, nsec} at uts into ts: two 32-bit words, or with ts64
 * two 64-bit ones of which nsec keeps only its low 32 bits (as Linux's
 * get_timespec64). No range check. Returns 0 or -EFAULT. */
long get_user_timespec(const void __user *uts, bool ts64, int64_t ts[2]);

#endif
