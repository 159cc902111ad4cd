/*
 * High memory: the kernel's ways of reaching a page that has no fixed
 * kernel address (include/kernel/highmem.h), after Linux's mm/highmem.c.
 * Low pages (below max_low_pfn, in the direct map) need none of this:
 * every call below gives their page_address() and takes no slot.
 *
 * The kmap pool (kmap/kunmap): LAST_PKMAP slots from PKMAP_BASE
 * (asm/highmem.h), one page table, pkmap_pt, entered in kpgdir at boot so
 * that every address space shares it. pkmap_count[nr] counts the kmaps
 * of the page in slot nr (0: free); a page kmapped again finds its slot
 * through a small hash by pfn and shares it. A free slot is found by a
 * next-fit scan; when every slot is taken, kmap sleeps on pkmap_map_wait
 * until a kunmap frees one, as Linux's wait queue (kunmap wakes the
 * channel only while pkmap_waiters says someone sleeps there). The TLB:
 * a slot's entry is cleared and invalidated with invlpg at the kunmap
 * that frees it (one CPU, so no cross-CPU flush is ever needed, which is
 * what Linux's lazy flush_all_zero_pkmaps saves), so a freed slot maps a
 * new page at once and page_address() of a page no longer kmapped is
 * NULL.
 *
 * The local slots (kmap_local_page/kunmap_local, kmap_atomic): KM_MAX_IDX
 * fixmap pages a CPU (asm/fixmap.h) in fixmap_pt, also in kpgdir, used as
 * a stack by whoever runs: a process's mappings are in its struct proc
 * (kmap_ctrl: depth and the PTEs), code with no process (boot, the
 * scheduler) uses boot_kmap_ctrl. The scheduler takes the leaving
 * context's entries out and puts the arriving one's back
 * (kmap_local_sched_out/in, as Linux's), so a holder that faults and
 * sleeps finds its mappings again. Unmapping any but the last mapping is
 * reported as a BUG (the last one is unmapped anyway, as Linux does);
 * each unmap invalidates its slot with invlpg.
 */
#include <kernel/highmem.h>
#include <kernel/proc.h>
#include <asm/highmem.h>
#include <asm/fixmap.h>
#include <asm/x86.h>

_Static_assert(PKMAP_BASE % (NPTENTRIES * PAGE_SIZE) == 0, "the pool has one page table");
_Static_assert(LAST_PKMAP == NPTENTRIES, "the pool fills its page table");
_Static_assert(PKMAP_ADDR(LAST_PKMAP) <= FIXMAP_PT_BASE, "the pool ends below the fixmap");
_Static_assert(FIXADDR_START >= FIXMAP_PT_BASE, "the slots fit the fixmap's page table");

struct highmem_stats highmem_stats;

static pte_t pkmap_pt[NPTENTRIES] __aligned(PAGE_SIZE);
static pte_t fixmap_pt[NPTENTRIES] __aligned(PAGE_SIZE);

static int pkmap_count[LAST_PKMAP];	      /* kmaps of the page in each slot */
static struct page *pkmap_page[LAST_PKMAP];   /* the page in each slot, or NULL */
static int last_pkmap_nr;		      /* where the next scan starts */
static int pkmap_in_use;		      /* slots taken */
static struct wait_queue_head pkmap_map_wait; /* kmap sleeps here for a free slot */
static int pkmap_waiters;		      /* how many do */

#define PA_HASH_SIZE 128 /* page -> pool slot hash buckets */
static int16_t pa_head[PA_HASH_SIZE];
static int16_t pa_next[LAST_PKMAP];

static struct kmap_ctrl boot_kmap_ctrl; /* local mappings of code with no process */

/* Enter the pool's and the fixmap's page tables in kpgdir. Call after
 * vm_init, before the first pgdir_create. */
void highmem_init(void)
{
	for (int i = 0; i < PA_HASH_SIZE; i++)
		pa_head[i] = -1;
	kpgdir[PDX(PKMAP_BASE)] = V2P(pkmap_pt) | PTE_P | PTE_W;
	kpgdir[PDX(FIXMAP_PT_BASE)] = V2P(fixmap_pt) | PTE_P | PTE_W;
	lcr3(V2P(kpgdir));
}

/* Returns whether page lies above the direct map (has no fixed address). */
bool PageHighMem(const struct page *page)
{
	return page_to_pfn(page) >= max_low_pfn;
}

/* The hash bucket of page. */
static int16_t *pa_bucket(const struct page *page)
{
	return &pa_head[page_to_pfn(page) % PA_HASH_SIZE];
}

/* Returns the pool slot that maps page, or -1. */
static int pkmap_lookup(const struct page *page)
{
	for (int nr = *pa_bucket(page); nr >= 0; nr = pa_next[nr])
		if (pkmap_page[nr] == page)
			return nr;
	return -1;
}

/* A low page's direct-map address; a high page's pool address while it is
 * kmapped, else NULL (a local mapping is only its holder's). */
void *page_address(struct page *page)
{
	if (!PageHighMem(page))
		return P2V(page_to_phys(page));
	int nr = pkmap_lookup(page);
	return nr >= 0 ? (void *)PKMAP_ADDR(nr) : NULL;
}

/* Returns a free pool slot after the last one taken, or -1 if all are. */
static int pkmap_find_free(void)
{
	for (int k = 0; k < LAST_PKMAP; k++) {
		int nr = (last_pkmap_nr + k) % LAST_PKMAP;
		if (pkmap_count[nr] == 0) {
			last_pkmap_nr = (nr + 1) % LAST_PKMAP;
			return nr;
		}
	}
	return -1;
}

/* Map page into the pool (it is high): share its slot if it has one,
 * else take a free one, sleeping until a kunmap frees one. Returns the
 * address. */
static void *kmap_high(struct page *page)
{
	for (;;) {
		int nr = pkmap_lookup(page);
		if (nr >= 0) {
			pkmap_count[nr]++;
			return (void *)PKMAP_ADDR(nr);
		}
		nr = pkmap_find_free();
		if (nr >= 0) {
			pkmap_page[nr] = page;
			pkmap_count[nr] = 1;
			pkmap_in_use++;
			pa_next[nr] = *pa_bucket(page);
			*pa_bucket(page) = nr;
			pkmap_pt[nr] = page_to_phys(page) | PTE_P | PTE_W;
			return (void *)PKMAP_ADDR(nr);
		}
		if (!current)
			panic("kmap: every pool slot is taken and nothing here can sleep");
		highmem_stats.kmap_sleeps++;
		pkmap_waiters++;
		wait_sleep_noint(&pkmap_map_wait);
		pkmap_waiters--;
	}
}

/* Returns page's kernel address: its pool slot's for a high page (may
 * sleep for one), its direct-map address for a low one. */
void *kmap(struct page *page)
{
	might_sleep();
	if (!PageHighMem(page))
		return page_address(page);
	return kmap_high(page);
}

/* Drop one kmap of page; the last frees its slot (cleared, invlpg) and
 * wakes a kmap waiting for one. A page not kmapped is a BUG report. */
void kunmap(struct page *page)
{
	if (!PageHighMem(page))
		return;
	int nr = pkmap_lookup(page);
	if (nr < 0) {
		printk("\nBUG: kunmap of pfn 0x%x, which is not kmapped\n", page_to_pfn(page));
		dump_stack();
		printk("---[ end trace ]---\n");
		return;
	}
	if (--pkmap_count[nr] > 0)
		return;
	int16_t *link = pa_bucket(page);
	while (*link != nr)
		link = &pa_next[*link];
	*link = pa_next[nr];
	pkmap_page[nr] = NULL;
	pkmap_in_use--;
	pkmap_pt[nr] = 0;
	invlpg((void *)PKMAP_ADDR(nr));
	if (pkmap_waiters)
		wake_up_all(&pkmap_map_wait);
}

/* Returns how many pool slots are taken now. */
int kmap_pool_in_use(void)
{
	return pkmap_in_use;
}

/* The local-mapping stack of whoever runs now. */
static struct kmap_ctrl *kmap_ctrl_of(struct proc *p)
{
	return p ? &p->kmap_ctrl : &boot_kmap_ctrl;
}

/* Returns local slot idx's virtual address. */
static uint32_t local_va(int idx)
{
	return __fix_to_virt(FIX_KMAP_BEGIN + idx);
}

/* Returns the fixmap PTE of local slot idx. */
static pte_t *local_pte(int idx)
{
	return &fixmap_pt[PTX(local_va(idx))];
}

/* Map page in the running context's next local slot (a low page needs
 * none). Returns its kernel address. */
void *kmap_local_page(struct page *page)
{
	if (!PageHighMem(page))
		return P2V(page_to_phys(page)); /* page_address, without asking again */
	/* LAB 13 BEGIN */
	struct kmap_ctrl *c = kmap_ctrl_of(current);
	int idx = c->idx;
	if (idx >= KM_MAX_IDX)
		panic("kmap_local_page: more than KM_MAX_IDX (%d) nested local mappings",
		      KM_MAX_IDX);
	c->pteval[idx] = page_to_phys(page) | PTE_P | PTE_W;
	c->idx = idx + 1;
	*local_pte(idx) = c->pteval[idx];
	return (void *)local_va(idx);
	/* LAB 13 STUB
	// LAB 13, exercise "Map a page in a local slot" (labs/13-highmem/README.md):
	// push page on the running context's stack of local mappings
	// (kmap_ctrl_of(current)): record its PTE, enter it in the slot's
	// fixmap PTE and return the slot's address. This stub takes a slot of
	// the shared kmap pool instead: it works, but the pool is global,
	// counted and may sleep, and page_address() now finds the page.
	return kmap_high(page);
	   LAB 13 END */
}

/* Print a BUG report about kunmap_local(addr) and the call chain. */
static void local_unmap_bug(const void *addr, const char *what)
{
	highmem_stats.local_bad_unmaps++;
	printk("\nBUG: kunmap_local(%p): %s\n", addr, what);
	dump_stack();
	printk("---[ end trace ]---\n");
}

/* Unmap the last local slot, which addr should lie in; a direct-map
 * address (a low page's) is left alone. Any other address is reported. */
void kunmap_local(const void *addr)
{
	uint32_t a = (uint32_t)addr & PAGE_MASK;

	/* a low page's direct-map address: nothing was mapped */
	if (a >= PAGE_OFFSET && V2P(a) >> PAGE_SHIFT < max_low_pfn)
		return;
	/* LAB 13 BEGIN */
	/* LAB 13 STUB
	// LAB 13, exercise "Map a page in a local slot": the handout's
	// kmap_local_page takes a pool slot; this gives it back. Delete it
	// once kmap_local_page uses the local slots.
	if (a >= PKMAP_BASE && a < PKMAP_ADDR(LAST_PKMAP)) {
		struct page *page = pkmap_page[(a - PKMAP_BASE) >> PAGE_SHIFT];
		if (page)
			kunmap(page);
		return;
	}
	   LAB 13 END */
	struct kmap_ctrl *c = kmap_ctrl_of(current);
	/* LAB 13 BEGIN */
	if (a < local_va(KM_MAX_IDX - 1) || a > local_va(0)) {
		local_unmap_bug(addr, "not a local mapping");
		return;
	}
	if (c->idx == 0) {
		local_unmap_bug(addr, "nothing is mapped");
		return;
	}
	int idx = c->idx - 1;
	if (a != local_va(idx))
		local_unmap_bug(addr, "not the last local mapping: unmapping the last one");
	/* LAB 13 STUB
	// LAB 13, exercise "Check the unmap order" (labs/13-highmem/README.md):
	// report (local_unmap_bug) an address that is no local slot, an
	// unmap with nothing mapped, and one that is not of the last mapping
	// (which still unmaps the last one, as Linux's). This stub unmaps the
	// last mapping whatever addr is, and says nothing.
	(void)local_unmap_bug;
	if (c->idx == 0)
		return;
	int idx = c->idx - 1;
	   LAB 13 END */
	*local_pte(idx) = 0;
	invlpg((void *)local_va(idx));
	c->pteval[idx] = 0;
	c->idx = idx;
}

/* Returns how many local mappings the running context holds. */
int kmap_local_depth(void)
{
	return kmap_ctrl_of(current)->idx;
}

/* p (NULL: the code with no process) leaves the CPU: take its local
 * mappings out of the fixmap. */
void kmap_local_sched_out(struct proc *p)
{
	struct kmap_ctrl *c = kmap_ctrl_of(p);

	for (int i = 0; i < c->idx; i++) {
		*local_pte(i) = 0;
		invlpg((void *)local_va(i));
	}
}

/* p (NULL: the code with no process) runs again: put its local mappings
 * back. */
void kmap_local_sched_in(struct proc *p)
{
	struct kmap_ctrl *c = kmap_ctrl_of(p);

	for (int i = 0; i < c->idx; i++)
		*local_pte(i) = c->pteval[i];
}

/* A zeroed page for user or file data: from high memory while it has a
 * free page, else (counted) alloc_user_page's low one. */
struct page *alloc_highuser_page(void)
{
	struct page *p = alloc_high_page();

	if (p) {
		highmem_stats.highuser_high++;
		clear_highpage(p);
		return p;
	}
	highmem_stats.highuser_fallback++;
	return alloc_user_page();
}

/* alloc_highuser_page without the zeroing (the caller fills the page
 * whole): a high page while there is one, else (counted) a low one above
 * the kernel's reserve, else NULL. */
struct page *alloc_highuser_page_nozero(void)
{
	struct page *p = alloc_high_page();

	if (p) {
		highmem_stats.highuser_high++;
		return p;
	}
	highmem_stats.highuser_fallback++;
	return user_pages_left() ? alloc_page() : NULL;
}
