/*
 * Reaching a page's bytes from the kernel, whether or not the page is in
 * the direct map: Linux's highmem interface (include/linux/highmem.h).
 *
 * Low memory is the RAM the kernel maps once at PAGE_OFFSET (at most
 * MAX_DIRECT_MAP); page_address() of a low page is its address there.
 * A high page has no permanent kernel address, and code that may be handed
 * one (user pages, file pages, pipe buffers) maps it for as long as it
 * needs the bytes:
 *
 *   kmap(page) / kunmap(page)       a slot of the kmap pool; may sleep
 *       while every slot is taken; the address is good in any context
 *       until kunmap, and kmap of a page already mapped shares its slot.
 *   kmap_local_page(page) / kunmap_local(addr)   a per-CPU slot, taken
 *       and released in stack order; the holder may fault and be switched
 *       away (its slots go and come back with it), but the address is only
 *       good in the code that mapped it.
 *   kmap_atomic(page) / kunmap_atomic(addr)   kmap_local_page with page
 *       faults disabled until the unmap: a user copy under it comes back
 *       short instead of resolving a fault (see include/kernel/
 *       atomic_context.h), which is what copy_page_to_iter relies on.
 *
 * Each returns page_address() for a low page, without taking a slot.
 */
#ifndef KERNEL_HIGHMEM_H
#define KERNEL_HIGHMEM_H

#include <kernel/mm.h>
#include <kernel/atomic_context.h>
#include <asm/string.h>

struct proc;

/* Returns whether page lies above the direct map (has no fixed address). */
bool PageHighMem(const struct page *page);

/* Map page into the kmap pool (may sleep); returns its kernel address. */
void *kmap(struct page *page);
/* Drop the mapping kmap(page) made. */
void kunmap(struct page *page);

/* Map page in this CPU's next local slot; returns its kernel address. */
void *kmap_local_page(struct page *page);
/* Unmap the local slot addr lies in (the most recently mapped one). */
void kunmap_local(const void *addr);

/* kmap_local_page with page faults disabled until kunmap_atomic. */
static inline void *kmap_atomic(struct page *page)
{
	pagefault_disable();
	return kmap_local_page(page);
}

/* Undo kmap_atomic: unmap addr's slot and enable page faults again. */
static inline void kunmap_atomic(const void *addr)
{
	kunmap_local(addr);
	pagefault_enable();
}

/* Fill len bytes of page from offset with zeroes. */
static inline void memzero_page(struct page *page, size_t offset, size_t len)
{
	char *addr = kmap_local_page(page);
	memset(addr + offset, 0, len);
	kunmap_local(addr);
}

/* Zero the whole of page (clear_page: rep stosl). */
static inline void clear_highpage(struct page *page)
{
	void *addr = kmap_local_page(page);
	clear_page(addr);
	kunmap_local(addr);
}

/* Copy the whole of page from to page to (copy_page: rep movsl). */
static inline void copy_highpage(struct page *to, struct page *from)
{
	char *src = kmap_local_page(from), *dst = kmap_local_page(to);
	copy_page(dst, src);
	kunmap_local(dst);
	kunmap_local(src);
}

/* Copy len bytes from kernel address from into page at offset. */
static inline void memcpy_to_page(struct page *page, size_t offset, const void *from, size_t len)
{
	char *addr = kmap_local_page(page);
	memcpy(addr + offset, from, len);
	kunmap_local(addr);
}

/* Copy len bytes of page from offset to kernel address to. */
static inline void memcpy_from_page(void *to, struct page *page, size_t offset, size_t len)
{
	char *addr = kmap_local_page(page);
	memcpy(to, addr + offset, len);
	kunmap_local(addr);
}

/*
 * alloc_highuser_page without the zeroing, for a caller that fills every
 * byte of the page at once (copy-on-write's copy_highpage). Same zones,
 * same reserve; NULL when only the kernel's reserve is left.
 */
struct page *alloc_highuser_page_nozero(void);

/*
 * A zeroed page for user or file data, which the kernel reaches only
 * through the kmap calls: from high memory while it has free pages, else
 * from low memory. NULL when only the kernel's reserve is left.
 */
struct page *alloc_highuser_page(void);

/* Enter the kmap pool's and the fixmap's page tables in kpgdir (boot,
 * before the first address space is made). */
void highmem_init(void);

/* The scheduler's calls: p (NULL for the code that runs with no process)
 * leaves the CPU, or runs again; its local mappings go, or come back. */
void kmap_local_sched_out(struct proc *p);
void kmap_local_sched_in(struct proc *p);

/* For the selftests: pool slots taken, and local mappings held now. */
int kmap_pool_in_use(void);
int kmap_local_depth(void);

/* Counted since boot. */
struct highmem_stats {
	uint32_t highuser_high;	    /* alloc_highuser_page gave a high page */
	uint32_t highuser_fallback; /* ... a low one: high memory was out */
	uint32_t kmap_sleeps;	    /* kmap waited for a free pool slot */
	uint32_t local_bad_unmaps;  /* kunmap_local BUG reports */
};
extern struct highmem_stats highmem_stats;

#endif
