/*
 * Physical pages, page tables and the kernel heap.
 *
 * Every physical page frame has a struct page (mm/pmm.c). A free page has
 * refcount 0; a user page mapped by n address spaces (after fork, for
 * copy-on-write) has refcount n. kmalloc's slab pages keep their free list
 * in their struct page too.
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <kernel/kernel.h>
#include <asm/mmu.h>

typedef uint32_t pde_t;
typedef uint32_t pte_t;

struct page {
	uint16_t refcount;
	uint16_t flags;		/* PG_* */
	uint16_t inuse;		/* slab: objects handed out */
	uint16_t slab_class;	/* slab: index into kmalloc's size classes */
	uint32_t npages;	/* large kmalloc: length of the run */
	void *freelist;		/* slab: free objects in this page */
	struct page *next, *prev;	/* slab: partial list */
};

#define PG_RESERVED 0x1		/* never allocatable (kernel image, holes, ...) */
#define PG_SLAB 0x2		/* owned by kmalloc's small-object slabs */
#define PG_LARGE 0x4		/* first page of a large kmalloc run */

extern struct page *page_array;
extern uint32_t max_pfn;

static inline uint32_t page_to_pfn(const struct page *p)
{
	return p - page_array;
}

static inline struct page *pfn_to_page(uint32_t pfn)
{
	return &page_array[pfn];
}

static inline uint32_t page_to_phys(const struct page *p)
{
	return page_to_pfn(p) << PAGE_SHIFT;
}

static inline struct page *phys_to_page(uint32_t pa)
{
	return pfn_to_page(pa >> PAGE_SHIFT);
}

static inline struct page *virt_to_page(const void *va)
{
	return phys_to_page(V2P(va));
}

void *page_address(struct page *page);

/* pmm.c */
void pmm_init(void);
uint32_t pmm_ram_top(void);
/* One page, refcount 1, contents undefined. NULL when memory is out. */
struct page *alloc_page(void);
/* One zeroed page, refcount 1. */
struct page *alloc_zeroed_page(void);
/* A zeroed page for user data; NULL when only the kernel's reserve is left. */
struct page *alloc_user_page(void);
/* n physically contiguous pages, each refcount 1. */
struct page *alloc_pages(uint32_t n);
void free_pages(struct page *p, uint32_t n);
/* Take and drop a reference; the last put frees the page. */
void get_page(struct page *p);
void put_page(struct page *p);
uint32_t nr_free_pages(void);
uint32_t nr_total_pages(void);

/* vm.c */
extern pde_t *kpgdir;
void vm_init(void);
void vm_protect_kernel(void);
/* The PTE for va, allocating its page table when alloc is set. */
pte_t *walk_pgdir(pde_t *pgdir, uint32_t va, bool alloc);
/* Map page at user address va with perm (PTE_U, PTE_W...). Takes over the
 * caller's reference to page. Returns 0 or -ENOMEM. */
int vm_map(pde_t *pgdir, uint32_t va, struct page *page, uint32_t perm);
/* Unmap va; returns the page that was there (its reference passes to the
 * caller) or NULL. */
struct page *vm_unmap(pde_t *pgdir, uint32_t va);
/* Physical address mapped at va, or 0 if none. *pte gets the entry. */
uint32_t vm_lookup(pde_t *pgdir, uint32_t va, pte_t *pte);
/* A new page directory sharing the kernel half. NULL on no memory. */
pde_t *pgdir_create(void);
/* Drop every user mapping (put_page each page) and free the tables. */
void pgdir_destroy(pde_t *pgdir);
void switch_pgdir(pde_t *pgdir);
void flush_tlb_page(pde_t *pgdir, uint32_t va);

/* kmalloc.c */
void kmalloc_init(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

#endif
