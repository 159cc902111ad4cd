/*
 * Resource limits: ugetrlimit and prlimit64. Only RLIMIT_CORE is a
 * process's own (it sets the core-dump bit of a wait status, see
 * kernel/signal.c); the stack and NOFILE limits are fixed, the rest
 * unlimited.
 */
#include <kernel/proc.h>
#include <asm/uaccess.h>

#define RLIMIT_CORE 4
#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS 16
#define RLIM_INFINITY 0xffffffffu
#define STACK_LIMIT (8u << 20) /* 8 MiB, the stack ulimit Linux starts with */

/* p's limits on res: RLIMIT_CORE is p's own; the others are fixed, the
 * stack's 8 MiB and NOFILE descriptors, everything else unlimited. */
static void get_rlimit(struct proc *p, long res, uint64_t lim[2])
{
	if (res == RLIMIT_CORE) {
		lim[0] = p->core_limit[0];
		lim[1] = p->core_limit[1];
		return;
	}
	lim[0] = lim[1] = res == RLIMIT_STACK ? STACK_LIMIT : res == RLIMIT_NOFILE ? NOFILE : ~0ull;
}

/* ugetrlimit(res, {cur, max}): 32-bit values, infinity above 4 GiB - 1. */
long sys_ugetrlimit(long res, long ulim)
{
	uint64_t v[2];

	if (res < 0 || res >= RLIM_NLIMITS)
		return -EINVAL;
	get_rlimit(current, res, v);
	uint32_t lim[2] = { v[0] > RLIM_INFINITY ? RLIM_INFINITY : (uint32_t)v[0],
			    v[1] > RLIM_INFINITY ? RLIM_INFINITY : (uint32_t)v[1] };
	return copy_to_user((void __user *)ulim, lim, sizeof(lim)) ? -EFAULT : 0;
}

/*
 * prlimit64(pid, res, new, old): read and set pid's (0: the caller's)
 * limits as 64-bit {cur, max}. Only RLIMIT_CORE can be changed (every
 * process may raise its hard limit: all run as root); a new value for
 * another resource is -EPERM. Errors in Linux's order: -EFAULT reading
 * new, -ESRCH, -EINVAL for res or cur > max, -EFAULT writing old.
 */
long sys_prlimit64(long pid, long res, long unew, long uold)
{
	uint64_t v[2], nv[2];
	struct proc *p = pid ? proc_find(pid) : current;

	if (unew && copy_from_user(nv, (const void __user *)unew, sizeof(nv)))
		return -EFAULT;
	if (!p)
		return -ESRCH;
	if (res < 0 || res >= RLIM_NLIMITS || (unew && nv[0] > nv[1]))
		return -EINVAL;
	if (unew && res != RLIMIT_CORE)
		return -EPERM; /* the other limits are fixed */
	get_rlimit(p, res, v);
	if (unew) {
		p->core_limit[0] = nv[0];
		p->core_limit[1] = nv[1];
	}
	if (uold && copy_to_user((void __user *)uold, v, sizeof(v)))
		return -EFAULT;
	return 0;
}
