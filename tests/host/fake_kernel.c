/*
 * A fake kernel environment for host unit tests of lib/ code: everything
 * include/kernel/libdeps.h and tests/host/include/asm/uaccess.h promise, built
 * on plain host memory.
 *
 * User space is a 32-bit address space of its own. "User pointers" handed to
 * the code under test are small numbers cast to pointers, never host
 * addresses, so the kernel code cannot reach user memory except through the
 * copy routines here, and kernel addresses (0xC0001000) or wrapping ranges
 * (0xFFFFF000 + 0x2000) can be passed and checked exactly as on i386:
 *
 *   0x00000000  ..  FAKE_USER_BASE              unmapped: every byte faults
 *   FAKE_USER_BASE .. + FAKE_USER_SIZE           mapped, backed by fake_user_mem
 *   .. TASK_SIZE (0xC0000000)                    unmapped user space
 *   TASK_SIZE .. 0xFFFFFFFF                      kernel: access_ok fails
 *
 * On top of that, every user byte at or above fake_fault_at faults, so a test
 * can put a fault at any byte. The copy routines check access_ok first, then
 * copy byte by byte up to the first faulting byte and return how many bytes
 * were not copied, as the real ones do; copy_from_user zero-fills the rest.
 *
 * Pages are an array of struct page over one page-aligned block, so
 * page_address() of consecutive pages is contiguous, as in a direct map.
 * kmalloc/kfree wrap malloc/free and count, so tests can check for leaks,
 * and can be made to fail.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/libdeps.h>
#include <asm/uaccess.h>
#include <asm/page.h>

#define FAKE_TASK_SIZE 0xC0000000UL
#define FAKE_USER_BASE 0x10000UL
#define FAKE_USER_SIZE (1UL << 20)
#define FAKE_NR_PAGES 16

struct page {
	int unused;
};

const unsigned long fake_user_base = FAKE_USER_BASE;
const unsigned long fake_user_size = FAKE_USER_SIZE;
const unsigned long fake_nr_pages = FAKE_NR_PAGES;
unsigned long fake_fault_at = ~0UL;
unsigned long fake_kmalloc_calls;    /* kmalloc() calls since fake_reset() */
long fake_kmalloc_live;		     /* blocks not yet kfree()d */
int fake_kmalloc_fail;		     /* if nonzero, kmalloc() returns NULL */
unsigned long fake_user_calls;	     /* copy_*_user/clear_user calls */
const unsigned char *fake_poison_at; /* a kernel byte that machine-checks */
unsigned long fake_fail_copy_nth;    /* should_fail_usercopy: fail the nth call (0: none) */

static unsigned char fake_user_mem[FAKE_USER_SIZE];
static unsigned char fake_phys[FAKE_NR_PAGES * PAGE_SIZE] __attribute__((aligned(4096)));
static struct page fake_mem_map[FAKE_NR_PAGES];

/* Broken test setup, not a result to report: stop at once. */
static void fake_die(const char *what, unsigned long v)
{
	fprintf(stderr, "fake_kernel: %s (0x%lx)\n", what, v);
	abort();
}

/* Forget faults and counters between tests (leaks are checked before). */
void fake_reset(void)
{
	fake_fault_at = ~0UL;
	fake_kmalloc_calls = 0;
	fake_kmalloc_live = 0;
	fake_kmalloc_fail = 0;
	fake_user_calls = 0;
	fake_poison_at = NULL;
	fake_fail_copy_nth = 0;
}

/* The fault injection lib/iov_iter.c asks for: true on the
 * fake_fail_copy_nth-th call from when it was set, once. */
bool should_fail_usercopy(void)
{
	return fake_fail_copy_nth && --fake_fail_copy_nth == 0;
}

/* might_fault()'s check (kernel/atomic_context.c): the host has no atomic
 * context, so there is never anything to report. */
void __might_sleep(const char *file, int line, unsigned long ip)
{
	(void)file;
	(void)line;
	(void)ip;
}

/* Host pointer to n bytes of mapped fake user memory at uaddr, for tests to
 * fill and inspect. Dies if the range is not inside the mapped window. */
void *fake_user(unsigned long uaddr, unsigned long n)
{
	if (uaddr < FAKE_USER_BASE || n > FAKE_USER_SIZE ||
	    uaddr - FAKE_USER_BASE > FAKE_USER_SIZE - n)
		fake_die("fake_user: range outside fake user memory", uaddr);
	return fake_user_mem + (uaddr - FAKE_USER_BASE);
}

/* The n'th fake page; dies if there is no such page. */
struct page *fake_page(unsigned long n)
{
	if (n >= FAKE_NR_PAGES)
		fake_die("fake_page: no such page", n);
	return &fake_mem_map[n];
}

/* Host pointer to the block behind all fake pages (fake_nr_pages * 4096). */
unsigned char *fake_phys_mem(void)
{
	return fake_phys;
}

/* True if the user byte at uaddr can be touched. */
static bool user_byte_ok(uintptr_t uaddr)
{
	return uaddr >= FAKE_USER_BASE && uaddr - FAKE_USER_BASE < FAKE_USER_SIZE &&
	       uaddr < fake_fault_at;
}

/* access_ok over 32-bit user addresses: addr + size neither wraps nor passes
 * TASK_SIZE. Anything that is not a 32-bit quantity fails. */
bool fake_access_ok(const void __user *addr, unsigned long size)
{
	uint64_t a = (uintptr_t)addr;

	if (a > 0xFFFFFFFFu || size > 0xFFFFFFFFu)
		return false;
	if (a + size > 0xFFFFFFFFu) /* would carry out of 32 bits */
		return false;
	return a + size <= FAKE_TASK_SIZE;
}

/*
 * The byte loop of every copy routine: counts the call, checks access_ok if
 * checked is set, then moves n bytes at user address uaddr up to the first faulting byte:
 * out of user memory into out if out is set, else into user memory from in
 * (zeroes if in is NULL). Returns the number of bytes not copied.
 */
static unsigned long user_copy(const void __user *uaddr, unsigned long n, unsigned char *out,
			       const unsigned char *in, bool checked)
{
	uintptr_t u = (uintptr_t)uaddr;
	unsigned long k;

	fake_user_calls++;
	if (checked && !fake_access_ok(uaddr, n))
		return n;
	for (k = 0; k < n; k++) {
		if (!user_byte_ok(u + k))
			return n - k;
		if (out)
			out[k] = fake_user_mem[u + k - FAKE_USER_BASE];
		else
			fake_user_mem[u + k - FAKE_USER_BASE] = in ? in[k] : 0;
	}
	return 0;
}

/* Unchecked. Returns the number of bytes not copied. */
unsigned long raw_copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return user_copy(to, n, NULL, from, false);
}

/* Unchecked. Returns the number of bytes not copied; leaves the rest of `to`
 * alone. */
unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return user_copy(from, n, to, NULL, false);
}

/* The flushcache and nocache copies are raw copies here (no cache to
 * flush). Return the bytes not copied. */
unsigned long __copy_user_flushcache(void *dst, const void __user *src, unsigned long n)
{
	return raw_copy_from_user(dst, src, n);
}

unsigned long __copy_user_nocache(void *dst, const void __user *src, unsigned long n)
{
	return raw_copy_from_user(dst, src, n);
}

/* memcpy on the host. */
void memcpy_flushcache(void *dst, const void *src, unsigned long n)
{
	memcpy(dst, src, n);
}

/* Returns the number of bytes not copied. */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return user_copy(to, n, NULL, from, true);
}

/* Returns the number of bytes not copied; those are zeroed in `to`. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left = user_copy(from, n, to, NULL, true);

	if (left)
		memset((unsigned char *)to + (n - left), 0, left);
	return left;
}

/* Returns the number of bytes not zeroed. */
unsigned long clear_user(void __user *to, unsigned long n)
{
	return user_copy(to, n, NULL, NULL, true);
}

/*
 * The copy_mc unit rule over host memory (see asm/uaccess.h here): move n
 * bytes from kernel src to dst, a host pointer, or a fake user address if
 * user is set. Returns the bytes not copied.
 */
static unsigned long mc_copy(void *dst, const unsigned char *src, unsigned long n, bool user)
{
	unsigned long done = 0, k;

	while (done < n) {
		uintptr_t a = (uintptr_t)(src + done);
		unsigned long unit = ((a & 3) || n - done < 4) ? 1 : 4;
		uintptr_t bad = (uintptr_t)fake_poison_at;

		if (fake_poison_at && bad >= a && bad < a + unit)
			return n - done;
		for (k = 0; k < unit; k++) {
			if (!user) {
				((unsigned char *)dst)[done + k] = src[done + k];
				continue;
			}
			uintptr_t u = (uintptr_t)dst + done + k;
			if (!user_byte_ok(u))
				return n - done - k;
			fake_user_mem[u - FAKE_USER_BASE] = src[done + k];
		}
		done += unit;
	}
	return 0;
}

/* Returns the number of bytes not copied. */
unsigned long copy_mc_to_kernel(void *dst, const void *src, unsigned long n)
{
	return mc_copy(dst, src, n, false);
}

/* Returns the number of bytes not copied (n if access_ok fails). */
unsigned long copy_mc_to_user(void __user *dst, const void *src, unsigned long n)
{
	fake_user_calls++;
	if (!fake_access_ok(dst, n))
		return n;
	return mc_copy((void *)dst, src, n, true);
}

/* Address of a fake page's first byte; dies on a pointer not in the map. */
void *page_address(struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)fake_mem_map;

	if (off % sizeof(struct page) || off / sizeof(struct page) >= FAKE_NR_PAGES)
		fake_die("page_address: not a fake page", (unsigned long)(uintptr_t)page);
	return fake_phys + off / sizeof(struct page) * PAGE_SIZE;
}

/* malloc, counted; fails while fake_kmalloc_fail is set. */
void *kmalloc(size_t size)
{
	void *p;

	fake_kmalloc_calls++;
	if (fake_kmalloc_fail)
		return NULL;
	p = malloc(size ? size : 1);
	if (p)
		fake_kmalloc_live++;
	return p;
}

/* free, counted; kfree(NULL) does nothing. */
void kfree(void *p)
{
	if (!p)
		return;
	fake_kmalloc_live--;
	free(p);
}
