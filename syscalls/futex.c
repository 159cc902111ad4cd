/*
 * futex (240) and futex_time64 (422): the two entry points over
 * kernel/futex.c, which differ only in the layout of the timeout.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>

/* futex(2) with a 32-bit timespec. Returns the operation's result or -errno. */
long sys_futex(uint32_t __user *uaddr, long op, long val, const void __user *uts)
{
	return futex_call(uaddr, op, val, uts, false);
}

/* futex(2) with a 64-bit timespec. Returns the operation's result or -errno. */
long sys_futex_time64(uint32_t __user *uaddr, long op, long val, const void __user *uts)
{
	return futex_call(uaddr, op, val, uts, true);
}
