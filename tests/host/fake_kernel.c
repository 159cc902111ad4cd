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
 * One user page can be "not present" (fake_absent_page): the copies made
 * with page faults disabled (the _inatomic ones) fault on its bytes, while
 * the faulting copies and fault_in_* make it present, as demand paging does.
 *
 * Pages are an array of struct page over one page-aligned block, so
 * page_address() of consecutive pages is contiguous, as in a direct map.
 * The kmap calls instead hand out a fresh one-page bounce buffer for each
 * mapping (copied back to the page at unmap), so a copy that runs past the
 * page it mapped is an ASan report. fake_pages_compound(n, len) makes fake
 * pages n .. n+len-1 one compound run.
 * kmalloc/kfree wrap malloc/free and count, so tests can check for leaks,
 * and can be made to fail.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/libdeps.h>
#include <asm/uaccess.h>
#include <kernel/highmem.h>
#include <asm/page.h>

#define FAKE_TASK_SIZE 0xC0000000UL
#define FAKE_USER_BASE 0x10000UL
#define FAKE_USER_SIZE (1UL << 20)
#define FAKE_NR_PAGES 16

struct page {
	int run; /* a compound run's head: its length; a tail: -(index); else 0 */
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
unsigned long fake_absent_page;	     /* a user page the _inatomic copies fault on (0: none) */
unsigned long fake_kmaps, fake_kmap_locals; /* live kmap() and kmap_local_page() maps */
unsigned long fake_printk_calls;	    /* printk() calls since fake_reset() */
int pagefault_disable_depth;		    /* kernel/atomic_context.h's */

#define FAKE_LOCAL_MAX 16 /* local mappings at once (KM_MAX_IDX) */
#define FAKE_KMAP_MAX 16  /* kmap() mappings at once */

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
	fake_absent_page = 0;
	fake_printk_calls = 0;
	for (int i = 0; i < FAKE_NR_PAGES; i++)
		fake_mem_map[i].run = 0;
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
		if (fake_absent_page && (u + k) / PAGE_SIZE * PAGE_SIZE == fake_absent_page)
			fake_absent_page = 0; /* the fault is resolved: present now */
		if (out)
			out[k] = fake_user_mem[u + k - FAKE_USER_BASE];
		else
			fake_user_mem[u + k - FAKE_USER_BASE] = in ? in[k] : 0;
	}
	return 0;
}

/* Dies unless page faults are disabled; then a raw copy that also faults
 * on the not-present page's bytes. Returns the bytes not copied. */
static unsigned long inatomic_copy(const void __user *uaddr, unsigned long n, unsigned char *out,
				   const unsigned char *in)
{
	uintptr_t u = (uintptr_t)uaddr;
	unsigned long k = 0;

	if (pagefault_disable_depth <= 0)
		fake_die("an _inatomic copy with page faults enabled", u);
	for (; k < n; k++)
		if (fake_absent_page && (u + k) / PAGE_SIZE * PAGE_SIZE == fake_absent_page)
			break;
	return (n - k) + user_copy(uaddr, k, out, in, false);
}

/* The copy to user memory with page faults disabled. Returns the bytes
 * not copied. */
unsigned long __copy_to_user_inatomic(void __user *to, const void *from, unsigned long n)
{
	return inatomic_copy(to, n, NULL, from);
}

/* The copy from user memory with page faults disabled; the uncopied tail
 * of to is left alone. Returns the bytes not copied. */
unsigned long __copy_from_user_inatomic(void *to, const void __user *from, unsigned long n)
{
	return inatomic_copy(from, n, to, NULL);
}

/* Linux's loop over [uaddr, uaddr + size): touch uaddr and each later
 * page's first byte (write reads it and stores it back, as Mica's). Returns
 * the bytes not reached. */
static size_t fault_in(const void __user *uaddr, size_t size, bool write)
{
	uintptr_t start = (uintptr_t)uaddr, cur = start;
	unsigned char c;

	if (size == 0)
		return 0;
	if (!fake_access_ok(uaddr, size))
		return size;
	for (; cur && cur < start + size; cur = (cur + PAGE_SIZE) / PAGE_SIZE * PAGE_SIZE) {
		fake_user_calls--; /* not a copy: user_copy counts it, undo */
		if (user_copy((const void __user *)cur, 1, &c, NULL, false))
			break;
		if (!write)
			continue;
		fake_user_calls--; /* the store back is not a copy either */
		if (user_copy((void __user *)cur, 1, NULL, &c, false))
			break;
	}
	return size > cur - start ? size - (cur - start) : 0;
}

/* fault_in_writeable over the fake user memory. Returns the bytes not
 * faulted in. */
size_t fault_in_writeable(char __user *uaddr, size_t size)
{
	return fault_in(uaddr, size, true);
}

/* fault_in_readable over the fake user memory. Returns the bytes not
 * faulted in. */
size_t fault_in_readable(const char __user *uaddr, size_t size)
{
	return fault_in(uaddr, size, false);
}

/* Unchecked zeroing. Returns the number of bytes not cleared. */
unsigned long __clear_user(void __user *to, unsigned long n)
{
	return user_copy(to, n, NULL, NULL, false);
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

/* The index of fake page page; dies on a pointer not in the map. */
static unsigned long fake_page_index(const struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)fake_mem_map;

	if (off % sizeof(struct page) || off / sizeof(struct page) >= FAKE_NR_PAGES)
		fake_die("not a fake page", (unsigned long)(uintptr_t)page);
	return off / sizeof(struct page);
}

static struct {
	struct page *page;
	unsigned char *buf;
} fake_local[FAKE_LOCAL_MAX], fake_pool[FAKE_KMAP_MAX];

/* A one-page bounce buffer holding page's bytes. */
static unsigned char *bounce_in(struct page *page)
{
	unsigned char *buf = malloc(PAGE_SIZE);

	if (!buf)
		fake_die("out of host memory", 0);
	memcpy(buf, page_address(page), PAGE_SIZE);
	return buf;
}

/* Copy a bounce buffer back to its page and free it. */
static void bounce_out(struct page *page, unsigned char *buf)
{
	memcpy(page_address(page), buf, PAGE_SIZE);
	free(buf);
}

/* A local mapping: a bounce buffer, pushed on the stack of local maps. */
void *kmap_local_page(struct page *page)
{
	fake_page_index(page);
	if (fake_kmap_locals == FAKE_LOCAL_MAX)
		fake_die("kmap_local_page: every local slot is taken", FAKE_LOCAL_MAX);
	fake_local[fake_kmap_locals].page = page;
	fake_local[fake_kmap_locals].buf = bounce_in(page);
	return fake_local[fake_kmap_locals++].buf;
}

/* Pop the latest local mapping, which addr must lie in (stack order). */
void kunmap_local(const void *addr)
{
	const unsigned char *a = addr;

	if (fake_kmap_locals == 0)
		fake_die("kunmap_local: nothing is mapped", (unsigned long)(uintptr_t)addr);
	fake_kmap_locals--;
	if (a < fake_local[fake_kmap_locals].buf || a >= fake_local[fake_kmap_locals].buf + PAGE_SIZE)
		fake_die("kunmap_local: not the latest local mapping", (unsigned long)(uintptr_t)addr);
	bounce_out(fake_local[fake_kmap_locals].page, fake_local[fake_kmap_locals].buf);
}

/* A pool mapping: a bounce buffer until kunmap(page); dies in atomic
 * context, where kmap may not sleep. */
void *kmap(struct page *page)
{
	fake_page_index(page);
	if (pagefault_disable_depth)
		fake_die("kmap with page faults disabled (it may sleep)", 0);
	for (int k = 0; k < FAKE_KMAP_MAX; k++) {
		if (!fake_pool[k].page) {
			fake_pool[k].page = page;
			fake_pool[k].buf = bounce_in(page);
			fake_kmaps++;
			return fake_pool[k].buf;
		}
	}
	fake_die("kmap: every slot is taken", FAKE_KMAP_MAX);
	return NULL;
}

/* Drop page's pool mapping; dies if it has none. */
void kunmap(struct page *page)
{
	for (int k = 0; k < FAKE_KMAP_MAX; k++) {
		if (fake_pool[k].page == page) {
			bounce_out(page, fake_pool[k].buf);
			fake_pool[k].page = NULL;
			fake_kmaps--;
			return;
		}
	}
	fake_die("kunmap: the page is not mapped", (unsigned long)(uintptr_t)page);
}

/* Make fake pages first .. first+len-1 one compound run (len 0: undo). */
void fake_pages_compound(unsigned long first, unsigned long len)
{
	for (unsigned long k = 0; k < len || (len == 0 && k == 0); k++)
		fake_page(first + k)->run = len == 0 ? 0 : k == 0 ? (int)len : -(int)k;
}

/* The fake page n after page; dies past the last one. */
struct page *nth_page(struct page *page, uint32_t n)
{
	return fake_page(fake_page_index(page) + n);
}

/* page's index among the fake pages. */
uint32_t page_to_pfn(const struct page *page)
{
	return fake_page_index(page);
}

/* The head of page's fake compound run, or page. */
struct page *compound_head(struct page *page)
{
	unsigned long n = fake_page_index(page);

	return page->run < 0 ? fake_page(n + page->run) : page;
}

/* The length of the run head starts (1 if none). */
uint32_t compound_nr(const struct page *head)
{
	fake_page_index(head);
	return head->run > 0 ? (uint32_t)head->run : 1;
}

/* Counts the call and prints the message to stderr (the test's log). */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	fake_printk_calls++;
	va_start(ap, fmt);
	fprintf(stderr, "# printk: ");
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
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
