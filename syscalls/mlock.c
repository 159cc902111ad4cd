/*
 * Memory locks: mlock, mlock2, munlock, mlockall and munlockall. Mica
 * never pages anything out, so a lock changes two things, as Linux shows
 * them: the pages are made resident at once (faulted in, copy-on-write
 * broken for private writable memory: mincore sees them all), and the
 * VMAs carry VM_LOCKED (msync's MS_INVALIDATE is EBUSY on them, VmLck in
 * /proc/PID/status counts them, fork's child does not inherit them).
 * RLIMIT_MEMLOCK limits what a process without CAP_IPC_LOCK may lock, by
 * Linux's rules: a limit of 0 forbids locking (EPERM), and a lock that
 * would take the locked bytes past the limit is ENOMEM (EAGAIN for mmap).
 */
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <kernel/cred.h>
#include <kernel/resource.h>
#include <kernel/syscalls.h>

#define MLOCK_ONFAULT 0x01
#define MCL_CURRENT 1
#define MCL_FUTURE 2
#define MCL_ONFAULT 4

/* Linux's can_do_mlock: may the caller lock memory at all? */
bool can_do_mlock(void)
{
	return rlimit_cur(current, RLIMIT_MEMLOCK) != 0 || capable(CAP_IPC_LOCK);
}

/* Bytes of mm's locked VMAs inside [start, end). */
static uint64_t locked_in(const struct mm *mm, uint32_t start, uint32_t end)
{
	uint64_t n = 0;

	for (const struct vma *v = mm->vmas; v; v = v->next)
		if ((v->flags & VM_LOCKED) && v->start < end && start < v->end)
			n += min(v->end, end) - max(v->start, start);
	return n;
}

/* May mm lock bytes more (vmflags with VM_LOCKED, else there is nothing
 * to check), as Linux's mlock_future_ok? Always with CAP_IPC_LOCK. */
bool mlock_future_ok(const struct mm *mm, uint32_t vmflags, uint64_t bytes)
{
	if (!(vmflags & VM_LOCKED) || capable(CAP_IPC_LOCK))
		return true;
	return locked_in(mm, 0, TASK_SIZE) + bytes <= rlimit_cur(current, RLIMIT_MEMLOCK);
}

/* Linux's answer for a failed populate after the lock is set: a page
 * that cannot be faulted in is ENOMEM, no memory is EAGAIN. */
static long populate_error(int err)
{
	return err == -EFAULT ? -ENOMEM : err == -ENOMEM ? -EAGAIN : err;
}

/* [addr, addr + len) widened to whole pages, in 64 bits as a 64-bit
 * kernel's compat call sees it: *start and *end. Returns false when the
 * range runs past user space (nothing is mapped there: ENOMEM). */
static bool lock_range(long addr, long len, uint32_t *start, uint32_t *end)
{
	uint32_t a = (uint32_t)addr;
	uint64_t e = (uint64_t)PGROUNDDOWN(a) +
		     (((uint64_t)(uint32_t)len + (a & ~PAGE_MASK) + PAGE_SIZE - 1) &
		      ~(uint64_t)(PAGE_SIZE - 1));

	*start = PGROUNDDOWN(a);
	*end = e > TASK_SIZE ? TASK_SIZE : (uint32_t)e;
	return e <= TASK_SIZE;
}

/* mlock2's work: lock [addr, addr + len) with lock's bits, then fault it
 * in. Returns 0, -EPERM (no locking allowed), -ENOMEM (past
 * RLIMIT_MEMLOCK, a hole, or a page that cannot be had) or -EAGAIN (no
 * memory), as Linux's do_mlock. */
static long do_mlock(long addr, long len, uint32_t lock)
{
	struct mm *mm = current->mm;
	uint32_t start, end;
	bool inside = lock_range(addr, len, &start, &end);

	if (!can_do_mlock())
		return -EPERM;
	/* the range's bytes that are locked already are not counted twice */
	if (!capable(CAP_IPC_LOCK) &&
	    locked_in(mm, 0, TASK_SIZE) + (end - start) - locked_in(mm, start, end) >
		    rlimit_cur(current, RLIMIT_MEMLOCK))
		return -ENOMEM;
	if (start == end && inside)
		return 0;
	int err = vma_set_lock(mm, start, end, lock);
	if (err)
		return err;
	if (!inside)
		return -ENOMEM;
	if (lock & VM_LOCKONFAULT)
		return 0;
	err = mm_populate(mm, start, end, false);
	return err ? populate_error(err) : 0;
}

/* mlock(addr, len): lock and fault in the pages of the range (do_mlock). */
long sys_mlock(long addr, long len)
{
	return do_mlock(addr, len, VM_LOCKED);
}

/* mlock2(addr, len, flags): mlock, or with MLOCK_ONFAULT lock the pages
 * only as they fault in. -EINVAL for any other flag. */
long sys_mlock2(long addr, long len, long flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(addr, len, VM_LOCKED | ((flags & MLOCK_ONFAULT) ? VM_LOCKONFAULT : 0));
}

/* munlock(addr, len): unlock the range. Returns 0, or -ENOMEM for a hole
 * (the VMAs before it are unlocked). */
long sys_munlock(long addr, long len)
{
	uint32_t start, end;
	bool inside = lock_range(addr, len, &start, &end);

	if (start == end && inside)
		return 0;
	int err = vma_set_lock(current->mm, start, end, 0);
	return err ? err : inside ? 0 : -ENOMEM;
}

/* mlockall(flags): MCL_CURRENT locks and faults in every mapping now
 * (pages that cannot be had are skipped), MCL_FUTURE every mapping made
 * from now on, MCL_ONFAULT makes either lock only as pages fault in.
 * Returns 0, -EINVAL for no flag, an unknown one or MCL_ONFAULT alone,
 * -EPERM (no locking allowed), -ENOMEM (MCL_CURRENT of more than the
 * limit allows). */
long sys_mlockall(long flags)
{
	struct mm *mm = current->mm;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!can_do_mlock())
		return -EPERM;
	uint64_t total = 0;
	for (struct vma *v = mm->vmas; v; v = v->next)
		total += v->end - v->start;
	if ((flags & MCL_CURRENT) && !capable(CAP_IPC_LOCK) &&
	    total > rlimit_cur(current, RLIMIT_MEMLOCK))
		return -ENOMEM;
	uint32_t lock = VM_LOCKED | ((flags & MCL_ONFAULT) ? VM_LOCKONFAULT : 0);
	mm->def_flags = (flags & MCL_FUTURE) ? lock : 0;
	if (!(flags & MCL_CURRENT))
		return 0;
	for (struct vma *v = mm->vmas; v; v = v->next)
		v->flags = (v->flags & ~VM_LOCKED_MASK) | lock;
	mm_populate(mm, 0, TASK_SIZE, true);
	return 0;
}

/* munlockall(): every mapping unlocked, and MCL_FUTURE undone. Returns 0. */
long sys_munlockall(void)
{
	struct mm *mm = current->mm;

	mm->def_flags = 0;
	for (struct vma *v = mm->vmas; v; v = v->next)
		v->flags &= ~VM_LOCKED_MASK;
	return 0;
}
