/*
 * The wall clock (syscalls/time.c): CLOCK_REALTIME, which time,
 * gettimeofday, file times and clock_gettime read and clock_settime,
 * settimeofday and stime set.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <kernel/kernel.h>

/* The wall clock now: seconds since 1970 and nanoseconds. */
void realtime_now(int64_t *sec, uint32_t *nsec);

#endif
