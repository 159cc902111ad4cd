/*
 * Physical pages, page tables and the kernel heap.
 *
 * Every physical page frame has a struct page (mm/pmm.c). A free page has
 * refcount 0; a user page mapped by n address spaces (after fork, for
 * copy-on-write) has refcount n. kmalloc's slab pages keep their free list
 * in their struct page too. A run of n > 1 contiguous pages from
 * alloc_pages(n) is a compound page, as Linux's: its first page is marked
 * PG_HEAD with the run's length in `compound`, each other PG_TAIL with its
 * index in the run, so compound_head() finds the run from any of its pages
 * and page_copy_sane (lib/iov_iter.c) lets a copy span the whole run.
 *
 * Two boot switches turn on the debug checks (docs/testing.md):
 * "page_poison=1" fills every freed page with PAGE_POISON and checks the
 * fill when the page is handed out again; "slub_debug" (or "kmalloc_debug")
 * gives each kmalloc object red zones, free poison and the backtraces of
 * its allocation and free (mm/kmalloc.c).
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <kernel/kernel.h>
#include <asm/mmu.h>

typedef uint32_t pde_t;
typedef uint32_t pte_t;

struct page {
	uint16_t refcount;
	uint16_t flags; /* PG_* */
	union {
		struct {			  /* PG_SLAB */
			uint16_t inuse;		  /* objects handed out */
			uint16_t slab_class;	  /* index into kmalloc's size classes */
			void *freelist;		  /* free objects in this page */
			struct page *next, *prev; /* partial list */
		};
		struct {		 /* PG_LARGE */
			uint32_t npages; /* length of the run */
			uint32_t size;	 /* bytes the caller asked for */
		};
	};
	uint32_t compound; /* PG_HEAD: pages in the run; PG_TAIL: index in it */
};

#define PG_RESERVED 0x1 /* never allocatable (kernel image, holes, ...) */
#define PG_SLAB 0x2	/* owned by kmalloc's small-object slabs */
#define PG_LARGE 0x4	/* first page of a large kmalloc run */
#define PG_POISONED 0x8 /* free, and filled with PAGE_POISON (page_poison=1) */
#define PG_HEAD 0x10	/* first page of a compound run (alloc_pages(n > 1)) */
#define PG_TAIL 0x20	/* a later page of a compound run */

#define PAGE_POISON 0xaa /* a freed page's bytes under page_poison=1 */

extern struct page *page_array;
extern uint32_t max_pfn;     /* frames page_array covers: low and high memory */
extern uint32_t max_low_pfn; /* frames below it are low memory (the direct map) */

static inline uint32_t page_to_pfn(const struct page *p)
{
	return p - page_array;
}

static inline struct page *pfn_to_page(uint32_t pfn)
{
	return &page_array[pfn];
}

/* The page n frames after page (in a compound run, its n'th page). */
static inline struct page *nth_page(struct page *page, uint32_t n)
{
	return page + n;
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

/* A low page's direct-map address; a high page's kmap address while it
 * is kmapped, else NULL (mm/highmem.c). */
void *page_address(struct page *page);

/* pmm.c. Every allocator takes low memory (page_address() works on what
 * it returns) except alloc_high_page; user and file pages come from
 * alloc_highuser_page (kernel/highmem.h), which prefers high memory. */
void pmm_init(void);
/* Print "NNNMB HIGHMEM available." and "NNNMB LOWMEM available.". */
void pmm_print_zones(void);
/* The end of low memory: the top of the direct map. */
uint32_t pmm_ram_top(void);
/* The end of the RAM in use: the top of high memory (pmm_ram_top() if none). */
uint32_t pmm_high_top(void);
/* One page, refcount 1, contents undefined. NULL when memory is out. */
struct page *alloc_page(void);
/* One zeroed page, refcount 1. */
struct page *alloc_zeroed_page(void);
/* A zeroed low page for user data; NULL when only the kernel's reserve is left. */
struct page *alloc_user_page(void);
/* One high page, refcount 1, contents undefined; NULL when there is none free. */
struct page *alloc_high_page(void);
/* True while user data may take pages: a free high page, or more than the
 * kernel's reserve of low memory free. */
bool user_pages_left(void);
/* How many more pages user data may take (free high pages, and free low
 * pages above the reserve). */
uint32_t user_pages_avail(void);
/* n physically contiguous pages, each refcount 1. */
struct page *alloc_pages(uint32_t n);
void free_pages(struct page *p, uint32_t n);
/* alloc_pages(n > 1) makes a compound run (PG_HEAD, then PG_TAIL pages):
 * the run's first page for any of its pages, or page itself if it is in
 * none (a single page, or a run whose head was freed). */
struct page *compound_head(struct page *page);
/* Pages in the run head starts: its length for a PG_HEAD page, else 1. */
uint32_t compound_nr(const struct page *head);

/* Take and drop a reference; the last put frees the page. */
void get_page(struct page *p);
void put_page(struct page *p);
/* Free and boot-time free pages, low and high together (MemFree, MemTotal). */
uint32_t nr_free_pages(void);
uint32_t nr_total_pages(void);
/* The same for high memory alone (HighFree, HighTotal). */
uint32_t nr_free_highpages(void);
uint32_t totalhigh_pages(void);
/* page_poison=1: freed pages are poisoned and checked when reused. */
extern bool page_poison;
/* The offset of the first byte of free page p that is no longer
 * PAGE_POISON, or -1 if none is (or p is not a poisoned free page). */
int page_poison_find(const struct page *p);

/* vm.c */
#define PTE_GROUP 8 /* entries the table walks test at once (fork, exit) */

/* Whether none of the PTE_GROUP page-table entries from e has bits of
 * mask: a run the walks skip in one test (mostly empty tables). */
static inline __attribute__((always_inline)) bool pte_group_clear(const uint32_t *e, uint32_t mask)
{
	return !((e[0] | e[1] | e[2] | e[3] | e[4] | e[5] | e[6] | e[7]) & mask);
}

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

/* slub_debug / kmalloc_debug: red zones, free poison, allocation sites. */
extern bool kmalloc_debug;

#define KM_SITES 6 /* return addresses kept per allocation and free */

/* What kmalloc_check() found wrong with one object (slub_debug). */
struct kmalloc_report {
	const char *defect;	 /* NULL when intact: "use after free", ... */
	uint32_t class_size;	 /* the size class: 64 is "kmalloc-64" */
	const void *object;	 /* the address kmalloc returned */
	uint32_t size;		 /* bytes asked for */
	bool live;		 /* allocated (true) or free */
	int32_t offset;		 /* first bad byte, from the object's start */
	uint8_t expected, found; /* that byte's fill and its value */
	int alloc_pid, free_pid;
	unsigned long alloc_site[KM_SITES], free_site[KM_SITES]; /* 0-ended */
};

/* Checks the object kmalloc returned at ptr, allocated or freed since,
 * against its red zones and poison. Returns 0 if intact, else -1 with
 * *r describing the first defect. Needs kmalloc_debug. */
int kmalloc_check(const void *ptr, struct kmalloc_report *r);
/* Prints r as a "BUG: kmalloc-N: ..." report with symbolized sites. */
void kmalloc_report_print(const struct kmalloc_report *r);
/* With slub_debug: up to max live objects whose allocating process has
 * exited, each with its allocation sites, as text into buf (at most n
 * bytes; /proc/kmalloc_orphans). Returns the text's length. */
int kmalloc_orphans(char *buf, size_t n, int max);
/* A deliberate defect for the oops tests: "uaf", "redzone" or
 * "double-free". Returns false for other names. */
bool kmalloc_inject(const char *what);

/* One size class's counts, as /proc/slabinfo shows them. */
struct kmalloc_class_stats {
	uint32_t objsize; /* bytes per object slot (0: the large objects) */
	uint32_t active;  /* objects handed out */
	uint32_t total;	  /* slots in the class's slab pages */
	uint32_t pages;	  /* pages the class holds */
};
/* The counts of each class into st[0..max-1]; returns how many. */
int kmalloc_stats(struct kmalloc_class_stats *st, int max);
/* /proc/slabinfo's text into buf (at most n bytes); returns its length. */
int kmalloc_slabinfo(char *buf, size_t n);

/* The OOM killer (mm/oom.c), for a user fault no page can back: SIGKILL
 * to the process with the most user pages. Returns true if that is not
 * the current process, which then retries the access after a yield. */
bool oom_kill(void);

#endif
