/*
 * futex(2): FUTEX_WAIT and FUTEX_WAKE, with FUTEX_PRIVATE_FLAG.
 *
 * A waiter is keyed by where its 32-bit word lives. Without
 * FUTEX_PRIVATE_FLAG a word in a MAP_SHARED mapping is keyed by its
 * physical page and offset, so processes that share the page (fork keeps
 * MAP_SHARED pages shared) wait and wake each other; any other word, and
 * every word with FUTEX_PRIVATE_FLAG, is keyed by (address space, user
 * address). Waiters wait in a hash of queues (FUTEX_HASH_SIZE buckets,
 * picked by the key), each oldest first: a wake looks only at the
 * waiters whose key falls in its bucket, and wakes the oldest first.
 *
 * FUTEX_WAIT(uaddr, val, timeout): -EAGAIN unless *uaddr == val, then
 * sleeps until a FUTEX_WAKE on the same key (0), the relative timeout
 * passes (-ETIMEDOUT) or a signal comes (-EINTR). The checks come in
 * Linux's order: the timeout (-EFAULT, -EINVAL), the alignment of uaddr
 * (-EINVAL), reading *uaddr (-EFAULT). Other operations are -ENOSYS.
 */
#include <kernel/proc.h>
#include <kernel/time.h>
#include <kernel/vma.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define NSEC_PER_SEC 1000000000
#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)
#define KEY_SHARED 1u /* in key.base: a physical page, not an mm */

struct futex_key {
	uint32_t base; /* the mm, or the physical page | KEY_SHARED */
	uint32_t off;  /* the user address, or the offset in the page */
};

/* One waiter, in its own stack frame, on its key's bucket. */
struct futex_waiter {
	struct list_head link; /* in the bucket, oldest first; none once woken */
	struct futex_key key;
	struct proc *proc;
	bool woken;
};

#define FUTEX_HASH_BITS 8
#define FUTEX_HASH_SIZE (1u << FUTEX_HASH_BITS)
#define GOLDEN_RATIO_32 0x61C88647u /* Linux's hash_32 multiplier */

static struct list_head futex_queues[FUTEX_HASH_SIZE]; /* zeroed: empty */

/* The bucket of key. */
static struct list_head *futex_bucket(const struct futex_key *key)
{
	uint32_t h = (key->base ^ (key->off * GOLDEN_RATIO_32)) * GOLDEN_RATIO_32;

	return &futex_queues[h >> (32 - FUTEX_HASH_BITS)];
}

/* The key of the word at uaddr in mm: 0, -EINVAL (misaligned) or -EFAULT
 * (not mapped; only looked at without FUTEX_PRIVATE_FLAG). */
static long get_key(struct mm *mm, uint32_t __user *uptr, bool private, struct futex_key *key)
{
	uint32_t uaddr = (uint32_t)uptr; /* the key is the address itself */

	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	key->base = (uint32_t)mm;
	key->off = uaddr;
	if (private)
		return 0;
	struct vma *v = uaddr < TASK_SIZE ? find_vma(mm, uaddr) : NULL;
	if (!v)
		return -EFAULT;
	if (v->flags & VM_SHARED) {
		/* a shared page (a file's, or shared anonymous memory's, which
		 * is a file too) may still have to be faulted in */
		pte_t *pte = walk_pgdir(mm->pgdir, uaddr, false);
		if ((!pte || !PTE_HAS_PAGE(*pte)) && handle_mm_fault(mm, uaddr, PF_USER) == 0)
			pte = walk_pgdir(mm->pgdir, uaddr, false);
		if (!pte || !PTE_HAS_PAGE(*pte))
			return -EFAULT;
		key->base = PTE_ADDR(*pte) | KEY_SHARED;
		key->off = uaddr & (PAGE_SIZE - 1);
	}
	return 0;
}

/* FUTEX_WAKE: wake at most n waiters on the word at uaddr in mm.
 * Returns how many were woken, or -EFAULT/-EINVAL. */
long futex_wake(struct mm *mm, uint32_t __user *uaddr, int n, bool private)
{
	struct futex_key key;
	long err = get_key(mm, uaddr, private, &key);
	int woken = 0;

	if (err)
		return err;
	struct list_head *bucket = futex_bucket(&key), *pos, *next;
	list_for_each_safe(pos, next, bucket)
	{
		struct futex_waiter *w = list_entry(pos, struct futex_waiter, link);
		if (w->key.base != key.base || w->key.off != key.off)
			continue;
		list_del_init(&w->link);
		w->woken = true;
		wake_up_process(w->proc);
		if (++woken >= n) /* as Linux: n <= 0 still wakes one */
			break;
	}
	return woken;
}

/* Wait on uaddr while it holds val; timed: no later than jiffies until. */
static long futex_wait(uint32_t __user *uaddr, uint32_t val, bool private, bool timed,
		       uint64_t until)
{
	struct futex_waiter w = { 0 };
	uint32_t cur;
	long err = get_key(current->mm, uaddr, private, &w.key);

	if (err)
		return err;
	if (get_user(cur, uaddr))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	w.proc = current;
	list_add_tail(&w.link, futex_bucket(&w.key));
	for (;;) {
		prepare_to_sleep(true);
		if (w.woken)
			break;
		if (signal_pending(current)) {
			err = -EINTR;
			break;
		}
		if (timed && jiffies >= until) {
			err = -ETIMEDOUT;
			break;
		}
		schedule_until(timed ? until : 0);
	}
	finish_sleep();
	if (list_linked(&w.link))
		list_del_init(&w.link);
	return w.woken ? 0 : err;
}

/* The futex call with its timeout already read as {sec, nsec} (ts, or
 * NULL for none). */
static long do_futex(uint32_t __user *uaddr, long op, long val, const int64_t *ts)
{
	bool private = op & FUTEX_PRIVATE_FLAG;
	int cmd = op & FUTEX_CMD_MASK;
	uint64_t until = 0;

	/* as this host's Linux: only the bitset and PI waits take the flag,
	 * and Mica has neither */
	if (op & FUTEX_CLOCK_REALTIME)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		if (ts) /* rounded up: never less than asked for */
			until = jiffies + (uint64_t)ts[0] * HZ +
				((uint32_t)ts[1] + NSEC_PER_TICK - 1) / NSEC_PER_TICK;
		return futex_wait(uaddr, val, private, ts != NULL, until);
	case FUTEX_WAKE:
		return futex_wake(current->mm, uaddr, val, private);
	}
	return -ENOSYS;
}

/* Read the timeout of a wait: 32-bit or 64-bit {sec, nsec} (only the low
 * 32 bits of a 64-bit nsec count). Returns 0,
 * -EFAULT or -EINVAL (negative seconds, nanoseconds outside 0..999999999). */
static long get_timeout(const void __user *uts, bool ts64, int64_t ts[2])
{
	if (get_user_timespec(uts, ts64, ts))
		return -EFAULT;
	return ts[0] < 0 || ts[1] < 0 || ts[1] >= NSEC_PER_SEC ? -EINVAL : 0;
}

/* futex and futex_time64 (syscalls/futex.c): the timeout of FUTEX_WAIT is
 * read first. Returns what the operation returns, or -errno. */
long futex_call(uint32_t __user *uaddr, long op, long val, const void __user *uts, bool ts64)
{
	int64_t ts[2];

	if (uts && (op & FUTEX_CMD_MASK) == FUTEX_WAIT) {
		long err = get_timeout(uts, ts64, ts);
		if (err)
			return err;
		return do_futex(uaddr, op, val, ts);
	}
	return do_futex(uaddr, op, val, NULL);
}
