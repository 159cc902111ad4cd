/*
 * The host unit tests' stand-in for include/kernel/highmem.h (and the
 * compound-page calls of kernel/mm.h): the names lib/ code uses, with the
 * same contracts, implemented by tests/host/fake_kernel.c. The include path
 * puts tests/host/include before include/, so lib/iov_iter.c compiled for
 * the host gets this header. Each mapping of a fake page is a separate
 * bounce buffer of exactly one page (copied back at unmap), so code that
 * runs past the page it mapped, or assumes two pages are adjacent, is an
 * AddressSanitizer report.
 */
#ifndef KERNEL_HIGHMEM_H
#define KERNEL_HIGHMEM_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/atomic_context.h>

struct page;

/* A pool mapping of page (may sleep); its address until kunmap(page). */
void *kmap(struct page *page);
/* Drop the mapping kmap(page) made. */
void kunmap(struct page *page);
/* A local mapping of page, released in stack order by kunmap_local. */
void *kmap_local_page(struct page *page);
/* Unmap the most recent local mapping, which addr lies in. */
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

/* The page n after page, and page's frame number (kernel/mm.h's). */
struct page *nth_page(struct page *page, uint32_t n);
uint32_t page_to_pfn(const struct page *page);
/* The first page of page's compound run, or page itself. */
struct page *compound_head(struct page *page);
/* Pages in the run head starts (1 for a single page). */
uint32_t compound_nr(const struct page *head);

#endif
