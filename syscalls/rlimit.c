/*
 * Resource limits: getrlimit (the old call, clamped to 0x7fffffff),
 * ugetrlimit and setrlimit (32-bit, 0xffffffff meaning infinity) and
 * prlimit64, over each process's rlim[] (include/kernel/resource.h).
 * As Linux: cur > max is EINVAL, a NOFILE hard limit above NR_OPEN EPERM,
 * and raising a hard limit needs CAP_SYS_RESOURCE (EPERM); prlimit64 of
 * another process needs its ids to be the caller's real ones (or
 * CAP_SYS_RESOURCE). Where each limit is enforced:
 *   RLIMIT_NOFILE  fs/fdtable.c (every fd taken), poll's nfds
 *   RLIMIT_FSIZE   rlimit_fsize_write/grow below: ramfs writes, truncate
 *   RLIMIT_STACK   stack growth (mm/fault.c) and execve's mmap base
 *   RLIMIT_AS      vm_may_expand (mm/mmap.c): mmap, brk, stack growth
 *   RLIMIT_CPU     acct_tick (kernel/acct.c): SIGXCPU, SIGKILL at max
 *   RLIMIT_CORE    the core-dump bit of a wait status (kernel/signal.c)
 *   RLIMIT_NPROC   fork and clone (kernel/fork.c), not for root
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define RLIM32_INFINITY 0xffffffffu   /* ugetrlimit's and setrlimit's infinity */
#define OLD_RLIM_INFINITY 0x7fffffffu /* the old getrlimit's */
#define MIB (1u << 20)

/* The limits Linux starts init with (its INIT_RLIMITS), with NOFILE's
 * hard limit at NR_OPEN and NPROC/SIGPENDING as Linux sizes them for
 * this machine's memory (fixed here: both only counted, never checked). */
static const struct rlimit64 init_rlimits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_FSIZE] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_DATA] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_STACK] = { 8 * MIB, RLIM64_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM64_INFINITY },
	[RLIMIT_RSS] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_NPROC] = { 1024, 1024 },
	[RLIMIT_NOFILE] = { 1024, NR_OPEN },
	[RLIMIT_MEMLOCK] = { 8 * MIB, 8 * MIB },
	[RLIMIT_AS] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_LOCKS] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_SIGPENDING] = { 1024, 1024 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { RLIM64_INFINITY, RLIM64_INFINITY },
};

/* Give p (init) the limits every process descends from. */
void rlimit_init(struct proc *p)
{
	memcpy(p->rlim, init_rlimits, sizeof(p->rlim));
}

/* p's soft limit on res; with no process (kernel self-tests), init's. */
uint64_t rlimit_cur(const struct proc *p, int res)
{
	return p ? p->rlim[res].cur : init_rlimits[res].cur;
}

/* A write of *count bytes at pos to a regular file, as Linux's
 * generic_write_checks: 0 with *count cut to what fits under the
 * caller's RLIMIT_FSIZE, or -EFBIG with SIGXFSZ sent when pos is at or
 * past it. */
long rlimit_fsize_write(int64_t pos, size_t *count)
{
	uint64_t lim = rlimit_cur(current, RLIMIT_FSIZE);

	if (lim == RLIM64_INFINITY)
		return 0;
	if ((uint64_t)pos >= lim) {
		send_signal(current, SIGXFSZ);
		return -EFBIG;
	}
	if (*count > lim - (uint64_t)pos)
		*count = (size_t)(lim - (uint64_t)pos);
	return 0;
}

/* A file growing to size (truncate, fallocate): 0, or -EFBIG with SIGXFSZ
 * sent when size is past the caller's RLIMIT_FSIZE. */
long rlimit_fsize_grow(int64_t size)
{
	uint64_t lim = rlimit_cur(current, RLIMIT_FSIZE);

	if (lim != RLIM64_INFINITY && (uint64_t)size > lim) {
		send_signal(current, SIGXFSZ);
		return -EFBIG;
	}
	return 0;
}

/* Clamp a 64-bit limit to 32 bits, top standing for infinity. */
static uint32_t clamp32(uint64_t v, uint32_t top)
{
	return v > top ? top : (uint32_t)v;
}

/*
 * Read p's limits on res into *ov (if ov) and set them to *nv (if nv),
 * as Linux's do_prlimit: -EINVAL for res or cur > max, -EPERM for a
 * NOFILE hard limit above NR_OPEN. Returns 0 or -errno.
 */
static long do_prlimit(struct proc *p, unsigned long res, const struct rlimit64 *nv,
		       struct rlimit64 *ov)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (nv && nv->cur > nv->max)
		return -EINVAL;
	if (nv && res == RLIMIT_NOFILE && nv->max > NR_OPEN)
		return -EPERM;
	if (nv && nv->max > p->rlim[res].max && !capable(CAP_SYS_RESOURCE))
		return -EPERM; /* raising a hard limit */
	if (ov)
		*ov = p->rlim[res];
	if (nv)
		p->rlim[res] = *nv;
	return 0;
}

/* getrlimit(76), the old call: values above 0x7fffffff (infinity among
 * them) read as 0x7fffffff. Returns 0, -EINVAL, -EFAULT. */
long sys_getrlimit(long res, void __user *ulim)
{
	struct rlimit64 v;
	long err = do_prlimit(current, (unsigned long)res, NULL, &v);

	if (err)
		return err;
	uint32_t lim[2] = { clamp32(v.cur, OLD_RLIM_INFINITY), clamp32(v.max, OLD_RLIM_INFINITY) };
	return copy_to_user((void __user *)ulim, lim, sizeof(lim)) ? -EFAULT : 0;
}

/* ugetrlimit(191): 32-bit values, 0xffffffff for infinity and anything
 * that does not fit. Returns 0, -EINVAL, -EFAULT. */
long sys_ugetrlimit(long res, void __user *ulim)
{
	struct rlimit64 v;
	long err = do_prlimit(current, (unsigned long)res, NULL, &v);

	if (err)
		return err;
	uint32_t lim[2] = { clamp32(v.cur, RLIM32_INFINITY), clamp32(v.max, RLIM32_INFINITY) };
	return copy_to_user((void __user *)ulim, lim, sizeof(lim)) ? -EFAULT : 0;
}

/* setrlimit(75): 32-bit {cur, max}, 0xffffffff meaning infinity.
 * Returns 0, -EFAULT (read first), -EINVAL, -EPERM. */
long sys_setrlimit(long res, const void __user *ulim)
{
	uint32_t lim[2];

	if (copy_from_user(lim, (const void __user *)ulim, sizeof(lim)))
		return -EFAULT;
	struct rlimit64 v = { lim[0] == RLIM32_INFINITY ? RLIM64_INFINITY : lim[0],
			      lim[1] == RLIM32_INFINITY ? RLIM64_INFINITY : lim[1] };
	return do_prlimit(current, (unsigned long)res, &v, NULL);
}

/* May the caller read and set p's limits? Its own; another process's if
 * all of p's uids are the caller's real uid and all its gids the caller's
 * real gid, or with CAP_SYS_RESOURCE (Linux's check_prlimit_permission). */
static bool prlimit_permitted(const struct proc *p)
{
	const struct cred *c = &current->cred, *t = &p->cred;

	if (p == current || capable(CAP_SYS_RESOURCE))
		return true;
	return c->uid == t->uid && c->uid == t->euid && c->uid == t->suid && c->gid == t->gid &&
	       c->gid == t->egid && c->gid == t->sgid;
}

/*
 * prlimit64(pid, res, new, old): read and set pid's (0: the caller's)
 * limits as 64-bit {cur, max}. Errors in Linux's order: -EFAULT reading
 * new, -ESRCH, -EINVAL/-EPERM (do_prlimit), -EFAULT writing old (the new
 * value is set all the same).
 */
long sys_prlimit64(long pid, long res, const void __user *unew, void __user *uold)
{
	struct rlimit64 nv, ov;
	struct proc *p = pid ? proc_find(pid) : current;

	if (unew && copy_from_user(&nv, (const void __user *)unew, sizeof(nv)))
		return -EFAULT;
	if (!p)
		return -ESRCH;
	if (!prlimit_permitted(p))
		return -EPERM;
	long err = do_prlimit(p, (unsigned long)res, unew ? &nv : NULL, uold ? &ov : NULL);
	if (err)
		return err;
	if (uold && copy_to_user((void __user *)uold, &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}
