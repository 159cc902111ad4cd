/*
 * The scheduler's calls: sched_yield, the policy and priority calls
 * (sched_setscheduler, sched_getparam, sched_get_priority_max...), CPU
 * affinity, getcpu, and the nice value (nice, getpriority, setpriority).
 *
 * Mica has one CPU and one scheduler, round-robin from the timer: every
 * process runs as Linux's SCHED_OTHER would with nothing else to weigh.
 * A process still keeps the policy, real-time priority and nice value it
 * was given (struct proc's sched), answers with them as Linux does for
 * root, and hands them on through fork; they change nothing about when it
 * runs. The affinity mask is always {CPU 0}.
 */
#include <kernel/proc.h>
#include <kernel/pidhash.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_DEADLINE 6
#define SCHED_RESET_ON_FORK 0x40000000
#define MAX_RT_PRIO 99	    /* the highest SCHED_FIFO/SCHED_RR priority */
#define RR_TIMESLICE_MS 100 /* Linux's SCHED_RR quantum */
#define MS_PER_SEC 1000

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2
#define MIN_NICE (-20)
#define MAX_NICE 19
#define NICE_WIDTH 40

#define NR_CPUS 1
#define CPUMASK_BYTES 4 /* the kernel's cpumask: one 32-bit word on i386 */
#define BITS_PER_BYTE 8

struct timespec32 {
	int32_t tv_sec, tv_nsec;
};

struct timespec64 {
	int64_t tv_sec;
	int32_t tv_nsec, pad;
};

/* sched_yield(2): let other runnable processes go first. Returns 0. */
long sys_sched_yield(void)
{
	yield();
	return 0;
}

/* The process pid names for the sched_* calls (0: the caller), or NULL. */
static struct proc *sched_target(long pid)
{
	return pid == 0 ? current : proc_find(pid);
}

/* Is policy one Linux knows? */
static bool policy_valid(long policy)
{
	switch (policy) {
	case SCHED_OTHER:
	case SCHED_FIFO:
	case SCHED_RR:
	case SCHED_BATCH:
	case SCHED_IDLE:
	case SCHED_DEADLINE:
		return true;
	}
	return false;
}

/* Is policy a real-time one (a priority 1..99)? */
static bool rt_policy(long policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/*
 * sched_setscheduler and sched_setparam (policy -1: keep p's). Checks in
 * Linux's order: a NULL param or negative pid -EINVAL, an unreadable
 * param -EFAULT, no such process -ESRCH, then the policy and its
 * priority -EINVAL (SCHED_DEADLINE needs sched_setattr's runtime, so it
 * is -EINVAL here as there). Returns 0.
 */
static long set_scheduler(long pid, long policy, const void __user *uparam)
{
	int32_t prio;
	bool reset = false;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&prio, (const void __user *)uparam, sizeof(prio)))
		return -EFAULT;
	struct proc *p = sched_target(pid);
	if (!p)
		return -ESRCH;
	if (policy == -1) {
		policy = p->sched.policy;
		reset = p->sched.reset_on_fork;
	} else if (policy & SCHED_RESET_ON_FORK) {
		reset = true;
		policy &= ~SCHED_RESET_ON_FORK;
	}
	if (!policy_valid(policy) || prio < 0 || prio > MAX_RT_PRIO)
		return -EINVAL;
	if (policy == SCHED_DEADLINE || rt_policy(policy) != (prio != 0))
		return -EINVAL;
	p->sched.policy = policy;
	p->sched.prio = prio;
	p->sched.reset_on_fork = reset;
	return 0;
}

/* sched_setscheduler(pid, policy, param): see set_scheduler. A negative
 * policy is -EINVAL. Returns 0 or -errno. */
long sys_sched_setscheduler(long pid, long policy, const void __user *uparam)
{
	if (policy < 0)
		return -EINVAL;
	return set_scheduler(pid, policy, uparam);
}

/* sched_setparam(pid, param): a new priority under the same policy.
 * Returns 0 or -errno (see set_scheduler). */
long sys_sched_setparam(long pid, const void __user *uparam)
{
	return set_scheduler(pid, -1, uparam);
}

/* sched_getscheduler(pid): the policy, with SCHED_RESET_ON_FORK when set;
 * -EINVAL for a negative pid, -ESRCH for none. */
long sys_sched_getscheduler(long pid)
{
	if (pid < 0)
		return -EINVAL;
	struct proc *p = sched_target(pid);
	if (!p)
		return -ESRCH;
	return p->sched.policy | (p->sched.reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

/* sched_getparam(pid, param): store the real-time priority (0 outside
 * FIFO and RR). Returns 0, -EINVAL (NULL, pid < 0), -ESRCH, -EFAULT. */
long sys_sched_getparam(long pid, void __user *uparam)
{
	if (!uparam || pid < 0)
		return -EINVAL;
	struct proc *p = sched_target(pid);
	if (!p)
		return -ESRCH;
	int32_t prio = p->sched.prio;
	return copy_to_user((void __user *)uparam, &prio, sizeof(prio)) ? -EFAULT : 0;
}

/* sched_get_priority_max(policy): 99 for FIFO and RR, 0 for the other
 * policies, -EINVAL for an unknown one. */
long sys_sched_get_priority_max(long policy)
{
	if (!policy_valid(policy))
		return -EINVAL;
	return rt_policy(policy) ? MAX_RT_PRIO : 0;
}

/* sched_get_priority_min(policy): 1 for FIFO and RR, 0 for the others,
 * -EINVAL for an unknown one. */
long sys_sched_get_priority_min(long policy)
{
	if (!policy_valid(policy))
		return -EINVAL;
	return rt_policy(policy) ? 1 : 0;
}

/* The time slice of pid in nanoseconds (under a second) for
 * sched_rr_get_interval: 0 for SCHED_FIFO, Linux's 100 ms for SCHED_RR,
 * one tick for the rest (the round-robin quantum). Returns 0, -EINVAL
 * (pid < 0) or -ESRCH. */
static long rr_interval(long pid, uint32_t *ns)
{
	if (pid < 0)
		return -EINVAL;
	struct proc *p = sched_target(pid);
	if (!p)
		return -ESRCH;
	if (p->sched.policy == SCHED_FIFO)
		*ns = 0;
	else if (p->sched.policy == SCHED_RR)
		*ns = RR_TIMESLICE_MS * (NSEC_PER_SEC / MS_PER_SEC);
	else
		*ns = NSEC_PER_SEC / HZ;
	return 0;
}

/* sched_rr_get_interval(pid, ts): the time slice as a 32-bit timespec.
 * Returns 0 or -errno (-EFAULT for ts). */
long sys_sched_rr_get_interval(long pid, void __user *uts)
{
	uint32_t ns;
	long err = rr_interval(pid, &ns);

	if (err)
		return err;
	struct timespec32 ts = { (int32_t)(ns / NSEC_PER_SEC), (int32_t)(ns % NSEC_PER_SEC) };
	return copy_to_user((void __user *)uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* sched_rr_get_interval_time64(pid, ts): the same with a 64-bit tv_sec. */
long sys_sched_rr_get_interval_time64(long pid, void __user *uts)
{
	uint32_t ns;
	long err = rr_interval(pid, &ns);

	if (err)
		return err;
	struct timespec64 ts = { (int64_t)(ns / NSEC_PER_SEC), (int32_t)(ns % NSEC_PER_SEC), 0 };
	return copy_to_user((void __user *)uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* The size checks both affinity calls share, as Linux: the mask must hold
 * every CPU (len * 8 >= NR_CPUS) and be whole 32-bit words. */
static bool affinity_len_ok(unsigned long len)
{
	return len * BITS_PER_BYTE >= NR_CPUS && (len & (sizeof(uint32_t) - 1)) == 0;
}

/* sched_getaffinity(pid, len, mask): store {CPU 0} in the first
 * min(len, 4) bytes. Returns that count, or -EINVAL (len), -ESRCH,
 * -EFAULT. */
long sys_sched_getaffinity(long pid, unsigned long len, void __user *umask)
{
	uint32_t mask = 1;

	if (!affinity_len_ok(len))
		return -EINVAL;
	if (pid < 0 || !sched_target(pid))
		return -ESRCH;
	unsigned long n = min(len, (unsigned long)CPUMASK_BYTES);
	return copy_to_user((void __user *)umask, &mask, n) ? -EFAULT : (long)n;
}

/* sched_setaffinity(pid, len, mask): the mask (its first min(len, 4)
 * bytes, the rest zero, as Linux) must include CPU 0, the only one.
 * Returns 0, -EFAULT, -ESRCH or -EINVAL. */
long sys_sched_setaffinity(long pid, unsigned long len, const void __user *umask)
{
	uint32_t mask = 0;
	unsigned long n = min(len, (unsigned long)CPUMASK_BYTES);

	if (n && copy_from_user(&mask, (const void __user *)umask, n))
		return -EFAULT;
	if (pid < 0 || !sched_target(pid))
		return -ESRCH;
	return (mask & 1) ? 0 : -EINVAL;
}

/* getcpu(cpu, node, cache): CPU 0 on node 0, each stored where its pointer
 * is not NULL. Returns 0 or -EFAULT. */
long sys_getcpu(void __user *ucpu, void __user *unode)
{
	uint32_t zero = 0;

	if (ucpu && copy_to_user((void __user *)ucpu, &zero, sizeof(zero)))
		return -EFAULT;
	if (unode && copy_to_user((void __user *)unode, &zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}

/* Does p match getpriority/setpriority's (which, who)? who is already
 * the caller's pid, group or real uid for 0; PRIO_USER matches by the
 * real uid. */
static bool prio_match(struct proc *p, long which, long who)
{
	if (p->state == P_UNUSED || p->state == P_EMBRYO)
		return false;
	if (which == PRIO_PROCESS)
		return p->pid == who;
	if (which == PRIO_PGRP)
		return p->pgid == who;
	return p->cred.uid == (uint32_t)who;
}

/* The candidate for a match after p (NULL: the first), or NULL at the
 * end: the process by pid, a group's members by its hash list, and for
 * PRIO_USER every slot of the table. */
static struct proc *prio_next(struct proc *p, long which, long who)
{
	if (which == PRIO_PROCESS)
		return p ? NULL : proc_find((pid_t)who);
	if (which == PRIO_PGRP)
		return p ? pid_next(PIDTYPE_PGID, p) : pid_first(PIDTYPE_PGID, (pid_t)who);
	p = p ? p + 1 : proc_table;
	return p < proc_table + NPROC ? p : NULL;
}

/* May p's nice value go down to nice? As Linux's can_nice: within
 * RLIMIT_NICE (20 - nice at most), or with CAP_SYS_NICE. */
static bool can_nice(struct proc *p, long nice)
{
	return (uint64_t)(20 - nice) <= rlimit_cur(p, RLIMIT_NICE) || capable(CAP_SYS_NICE);
}

/* setpriority's error for p and nice, as Linux's set_one_prio: -EPERM
 * unless p's real or effective uid is the caller's effective uid (or
 * CAP_SYS_NICE), -EACCES for a lower value can_nice refuses, else 0. */
static long prio_permission(struct proc *p, long nice)
{
	const struct cred *c = &current->cred;

	if (p->cred.uid != c->euid && p->cred.euid != c->euid && !capable(CAP_SYS_NICE))
		return -EPERM;
	if (nice < p->sched.nice && !can_nice(p, nice))
		return -EACCES;
	return 0;
}

/* who with 0 replaced by the caller's pid, group or uid for which. */
static long prio_who(long which, long who)
{
	if (who != 0)
		return who;
	return which == PRIO_PROCESS ? current->pid
	       : which == PRIO_PGRP  ? current->pgid
				     : (long)current->cred.uid;
}

/* getpriority(which, who): 20 - the lowest nice value among the matches
 * (so 1..40, as Linux's raw call). -EINVAL for which, -ESRCH for none. */
long sys_getpriority(long which, long who)
{
	long best = -ESRCH;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	who = prio_who(which, who);
	for (struct proc *p = prio_next(NULL, which, who); p; p = prio_next(p, which, who))
		if (prio_match(p, which, who) && 20 - p->sched.nice > best)
			best = 20 - p->sched.nice;
	return best;
}

/* setpriority(which, who, nice): every match the caller may change gets
 * nice, clamped to -20..19. Returns 0, -EINVAL, -ESRCH, or the last
 * match's -EPERM/-EACCES (prio_permission), as Linux. */
long sys_setpriority(long which, long who, long nice)
{
	long err = -ESRCH;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	nice = nice < MIN_NICE ? MIN_NICE : nice > MAX_NICE ? MAX_NICE : nice;
	who = prio_who(which, who);
	for (struct proc *p = prio_next(NULL, which, who); p; p = prio_next(p, which, who)) {
		if (!prio_match(p, which, who))
			continue;
		long e = prio_permission(p, nice);
		if (e)
			err = e;
		else if (err == -ESRCH)
			err = 0;
		if (!e)
			p->sched.nice = (int)nice;
	}
	return err;
}

/* nice(inc): add inc (clamped to +-40) to the caller's nice value, the sum
 * clamped to -20..19. Returns 0, as Linux's raw call, or -EPERM for a
 * decrease can_nice refuses. */
long sys_nice(long inc)
{
	inc = inc < -NICE_WIDTH ? -NICE_WIDTH : inc > NICE_WIDTH ? NICE_WIDTH : inc;
	long nice = current->sched.nice + inc;
	nice = nice < MIN_NICE ? MIN_NICE : nice > MAX_NICE ? MAX_NICE : nice;
	if (inc < 0 && !can_nice(current, nice))
		return -EPERM;
	current->sched.nice = (int)nice;
	return 0;
}

/* A child's scheduling attributes: its parent's, except that with
 * SCHED_RESET_ON_FORK a real-time policy becomes SCHED_OTHER and a
 * negative nice 0, and the flag itself is not inherited (as Linux). */
struct sched_attr sched_fork(const struct proc *parent)
{
	struct sched_attr a = parent->sched;

	if (a.reset_on_fork) {
		if (rt_policy(a.policy)) {
			a.policy = SCHED_OTHER;
			a.prio = 0;
		}
		if (a.nice < 0)
			a.nice = 0;
		a.reset_on_fork = false;
	}
	return a;
}
