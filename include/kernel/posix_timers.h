/*
 * POSIX per-process timers (kernel/posix-timers.c): timer_create and
 * friends, on the clocks of kernel/clock_timer.c.
 */
#ifndef KERNEL_POSIX_TIMERS_H
#define KERNEL_POSIX_TIMERS_H

#include <kernel/kernel.h>
#include <asm/uaccess.h>

struct proc;
struct sig_info;

/* The head of the struct sigevent timer_create reads (64 bytes on i386). */
struct sigevent_k {
	int32_t value;	/* sigev_value, handed to the signal's si_value */
	int32_t signo;	/* sigev_signo */
	int32_t notify; /* SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD, SIGEV_THREAD_ID */
	int32_t tid;	/* SIGEV_THREAD_ID: the thread to signal */
	uint8_t pad[48];
};

/* A timer setting in nanoseconds: its period and its (first) expiry. */
struct itimer_ns {
	uint64_t interval, value;
};

/* Read the struct itimerspec at user address u, 32-bit time_t or with
 * ts64 64-bit (syscalls/timer.c). Returns 0, -EFAULT or -EINVAL. */
long get_itimerspec(const void __user *u, bool ts64, struct itimer_ns *it);
/* Write *it as a struct itimerspec at u. Returns 0 or -EFAULT. */
long put_itimerspec(void __user *u, bool ts64, const struct itimer_ns *it);

/* timer_create: a timer on clockid notifying as ev says (NULL: SIGALRM
 * with the timer's id as its value), its id stored at uid. Returns 0 or
 * -EINVAL, -EOPNOTSUPP, -EAGAIN, -EFAULT (in Linux's order). */
long posix_timer_create(long clockid, const struct sigevent_k *ev, int32_t __user *uid);
/* timer_settime: arm or disarm timer id with *new (TIMER_ABSTIME in
 * flags), its old setting in *old if old is not NULL. 0 or -EINVAL. */
long posix_timer_set(long id, long flags, const struct itimer_ns *new, struct itimer_ns *old);
/* timer_gettime: timer id's setting now in *cur. 0 or -EINVAL. */
long posix_timer_get(long id, struct itimer_ns *cur);
/* timer_getoverrun: the overrun of timer id's last delivered signal, or -EINVAL. */
long posix_timer_overrun(long id);
/* timer_delete. 0 or -EINVAL. */
long posix_timer_delete(long id);
/* Delete every timer of p (execve, exit). */
void posix_timers_release(struct proc *p);
/* Stop p's ITIMER_VIRTUAL and ITIMER_PROF (exit; syscalls/timer.c). */
void cpu_itimers_release(struct proc *p);
/* A signal of p with info is being delivered or taken: false if it came
 * from a timer since deleted or set again (it is then dropped), else
 * true, with a timer signal's overrun filled in. */
bool posix_timer_deliver(struct proc *p, struct sig_info *info);

#endif
