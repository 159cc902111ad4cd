/*
 * Reading and writing the bytes of a test address space's pages from the
 * kernel side, for selftests that check what a copy or a fault left there.
 * The pages may be high memory, so every access maps the page with
 * kmap_local_page for just that access (include/kernel/highmem.h); a
 * range must lie within one page.
 */
#ifndef TESTS_KERNEL_MMPEEK_H
#define TESTS_KERNEL_MMPEEK_H

#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/highmem.h>

/* The page mapped at va in m, or NULL if none is present. */
static inline struct page *mm_page_at(struct mm *m, uint32_t va)
{
	uint32_t pa = vm_lookup(m->pgdir, va, NULL);

	return pa ? phys_to_page(pa) : NULL;
}

/* Copy n bytes at va of m (within one page) into buf. Returns false, with
 * buf untouched, if va is not mapped. */
static inline bool mm_peek(struct mm *m, uint32_t va, void *buf, size_t n)
{
	struct page *pg = mm_page_at(m, va);

	BUG_ON(va % PAGE_SIZE + n > PAGE_SIZE);
	if (!pg)
		return false;
	memcpy_from_page(buf, pg, va % PAGE_SIZE, n);
	return true;
}

/* Store n bytes from buf at va of m (within one page), behind any PTE
 * permission. Returns false if va is not mapped. */
static inline bool mm_poke(struct mm *m, uint32_t va, const void *buf, size_t n)
{
	struct page *pg = mm_page_at(m, va);

	BUG_ON(va % PAGE_SIZE + n > PAGE_SIZE);
	if (!pg)
		return false;
	memcpy_to_page(pg, va % PAGE_SIZE, buf, n);
	return true;
}

/* True if va of m is mapped and its n bytes (within one page) equal want. */
static inline bool mm_equals(struct mm *m, uint32_t va, const void *want, size_t n)
{
	struct page *pg = mm_page_at(m, va);
	bool same;

	BUG_ON(va % PAGE_SIZE + n > PAGE_SIZE);
	if (!pg)
		return false;
	const char *k = kmap_local_page(pg);
	same = memcmp(k + va % PAGE_SIZE, want, n) == 0;
	kunmap_local(k);
	return same;
}

/* The byte at va of m, or -1 if va is not mapped. */
static inline int mm_byte(struct mm *m, uint32_t va)
{
	uint8_t b;

	return mm_peek(m, va, &b, 1) ? b : -1;
}

/* True if page pg's n bytes from off equal want. */
static inline bool page_equals(struct page *pg, size_t off, const void *want, size_t n)
{
	const char *k = kmap_local_page(pg);
	bool same = memcmp(k + off, want, n) == 0;

	kunmap_local(k);
	return same;
}

#endif
