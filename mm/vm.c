/*
 * Page tables.
 *
 *   virtual                      physical
 *   0x00000000-0x00000FFF        never mapped (NULL)
 *   0x00001000-0xBFFFFFFF        user pages, per process (PTE_U)
 *   0xC0000000-0xC03FFFFF        first 4 MiB through kpt0: the kernel image,
 *                                text/rodata read-only after vm_protect_kernel
 *   0xC0400000-...               low memory above 4 MiB in 4 MiB pages
 *                                (PTE_PS), up to pmm_ram_top(); when high
 *                                memory follows, a last partial 4 MiB is
 *                                mapped through kpt_edge, so that no high
 *                                page is in the direct map
 *   0xF0000000-0xF05FFFFF        kernel stacks, each above an unmapped guard
 *                                page (kernel/kstack.c, static page tables)
 *   0xFF800000-0xFFBFFFFF        the kmap pool (mm/highmem.c, pkmap_pt)
 *   0xFFFEF000-0xFFFFEFFF        kmap_local/kmap_atomic slots in the fixmap
 *                                (mm/highmem.c, fixmap_pt); the top page is
 *                                never mapped
 *
 * RAM above the direct map is high memory: user and file pages that the
 * kernel maps into the pool or a fixmap slot while it needs their bytes.
 *
 * The kernel half of every page directory is a copy of kpgdir's and never
 * changes after boot, so address spaces need no synchronisation. With
 * CR0.WP set, the kernel too faults on writes to read-only user pages.
 */
#include <kernel/mm.h>
#include <asm/x86.h>

pde_t *kpgdir;
static pde_t kpgdir_store[NPDENTRIES] __aligned(PAGE_SIZE);
static pte_t kpt0[NPTENTRIES] __aligned(PAGE_SIZE);
static pte_t kpt_edge[NPTENTRIES] __aligned(PAGE_SIZE); /* low memory's last 4 MiB */

#define BIGPAGE (4u << 20) /* what one PTE_PS entry maps */

/* Build the kernel page directory: the direct map of low memory from
 * PAGE_OFFSET, with text and rodata read-only, and switch to it. */
void vm_init(void)
{
	uint32_t top = pmm_ram_top();
	/* Without high memory the map goes on to the next 4 MiB boundary
	 * (only holes lie beyond top); with it, it stops at top exactly. */
	bool exact = pmm_high_top() > top;
	uint32_t big_end = exact ? top & ~(BIGPAGE - 1) : (top + BIGPAGE - 1) & ~(BIGPAGE - 1);

	kpgdir = kpgdir_store;
	for (int i = 0; i < NPTENTRIES; i++)
		kpt0[i] = (i << PAGE_SHIFT) | PTE_P | PTE_W;
	kpgdir[PDX(PAGE_OFFSET)] = V2P(kpt0) | PTE_P | PTE_W;
	for (uint32_t pa = BIGPAGE; pa < big_end; pa += BIGPAGE)
		kpgdir[PDX(PAGE_OFFSET + pa)] = pa | PTE_P | PTE_W | PTE_PS;
	if (exact && top > big_end) {
		for (uint32_t pa = big_end; pa < top; pa += PAGE_SIZE)
			kpt_edge[PTX(pa)] = pa | PTE_P | PTE_W;
		kpgdir[PDX(PAGE_OFFSET + big_end)] = V2P(kpt_edge) | PTE_P | PTE_W;
	}
	lcr3(V2P(kpgdir));
}

/* Make the kernel's text, fixups, exception table and rodata read-only. */
void vm_protect_kernel(void)
{
	for (uint32_t va = (uint32_t)_kernel_start; va < PGROUNDUP((uint32_t)_erodata);
	     va += PAGE_SIZE)
		kpt0[PTX(va)] &= ~PTE_W;
	lcr3(V2P(kpgdir));
}

/* Returns the PTE for va in pgdir, allocating a zeroed page table when
 * alloc is set; NULL if there is none (or no memory for one). */
pte_t *walk_pgdir(pde_t *pgdir, uint32_t va, bool alloc)
{
	pde_t *pde = &pgdir[PDX(va)];

	if (!(*pde & PTE_P)) {
		if (!alloc)
			return NULL;
		struct page *pt = alloc_zeroed_page();
		if (!pt)
			return NULL;
		*pde = page_to_phys(pt) | PTE_P | PTE_W | PTE_U;
	}
	if (*pde & PTE_PS)
		return NULL;
	pte_t *pt = P2V(PTE_ADDR(*pde));
	return &pt[PTX(va)];
}

/* Drop the TLB entry for va if pgdir is the one loaded. */
void flush_tlb_page(pde_t *pgdir, uint32_t va)
{
	if (V2P(pgdir) == rcr3())
		invlpg((void *)va);
}

/* Map page at user address va with perm, dropping any page mapped there
 * before. Returns 0, or -ENOMEM when no page table could be allocated. */
int vm_map(pde_t *pgdir, uint32_t va, struct page *page, uint32_t perm)
{
	BUG_ON(va >= TASK_SIZE || va & ~PAGE_MASK);
	pte_t *pte = walk_pgdir(pgdir, va, true);
	if (!pte)
		return -ENOMEM;
	if (PTE_HAS_PAGE(*pte))
		put_page(phys_to_page(PTE_ADDR(*pte)));
	*pte = page_to_phys(page) | perm | PTE_P;
	flush_tlb_page(pgdir, va);
	return 0;
}

/* Unmap va. Returns the page that was mapped there (its reference now the
 * caller's), or NULL if none was. */
struct page *vm_unmap(pde_t *pgdir, uint32_t va)
{
	pte_t *pte = walk_pgdir(pgdir, va, false);

	if (!pte || !PTE_HAS_PAGE(*pte))
		return NULL;
	struct page *p = phys_to_page(PTE_ADDR(*pte));
	*pte = 0;
	flush_tlb_page(pgdir, va);
	return p;
}

/* Returns the physical address va maps to in pgdir (0 if not present), a
 * 4 MiB page's included, and stores the raw PTE (for a 4 MiB page, its
 * directory entry) in *out when out is set. */
uint32_t vm_lookup(pde_t *pgdir, uint32_t va, pte_t *out)
{
	/* LAB 2 BEGIN */
	pde_t pde = pgdir[PDX(va)];

	if ((pde & PTE_P) && (pde & PTE_PS)) { /* the directory entry maps it all */
		if (out)
			*out = pde;
		return (pde & ~(BIGPAGE - 1)) | (va & (BIGPAGE - 1));
	}
	pte_t *pte = walk_pgdir(pgdir, va, false);

	if (out)
		*out = pte ? *pte : 0;
	if (!pte || !(*pte & PTE_P))
		return 0;
	return PTE_ADDR(*pte) | (va & ~PAGE_MASK);
	/* LAB 2 STUB
	// LAB 2, exercise "Translate an address" (labs/02-paging/README.md):
	// walk pgdir's two levels for va (a PTE_PS directory entry maps a
	// 4 MiB page by itself) and store the entry found in *out.
	(void)pgdir;
	(void)va;
	if (out)
		*out = 0;
	return 0;
	   LAB 2 END */
}

/* Returns a new page directory sharing the kernel half, with an empty user
 * half, or NULL when out of memory. */
pde_t *pgdir_create(void)
{
	struct page *p = alloc_zeroed_page();

	if (!p)
		return NULL;
	pde_t *pgdir = page_address(p);
	for (uint32_t i = PDX(PAGE_OFFSET); i < NPDENTRIES; i++)
		pgdir[i] = kpgdir[i];
	return pgdir;
}

_Static_assert(NPTENTRIES % PTE_GROUP == 0 && PDX(TASK_SIZE) % PTE_GROUP == 0,
	       "the tables divide into groups");

/* Drop every user page and page table of pgdir, then pgdir itself. Runs of
 * empty entries are skipped PTE_GROUP at a time (a small process's tables
 * are mostly empty, and every exit and execve comes here). */
void pgdir_destroy(pde_t *pgdir)
{
	for (uint32_t i = 0; i < PDX(TASK_SIZE); i++) {
		if (i % PTE_GROUP == 0 && pte_group_clear(&pgdir[i], PTE_P)) {
			i += PTE_GROUP - 1;
			continue;
		}
		if (!(pgdir[i] & PTE_P))
			continue;
		pte_t *pt = P2V(PTE_ADDR(pgdir[i]));
		for (int j = 0; j < NPTENTRIES; j += PTE_GROUP) {
			if (pte_group_clear(&pt[j], PTE_P | PTE_NONE))
				continue;
			for (int k = j; k < j + PTE_GROUP; k++)
				if (PTE_HAS_PAGE(pt[k]))
					put_page(phys_to_page(PTE_ADDR(pt[k])));
		}
		put_page(virt_to_page(pt));
	}
	put_page(virt_to_page(pgdir));
}

/* Load pgdir into CR3. */
void switch_pgdir(pde_t *pgdir)
{
	lcr3(V2P(pgdir));
}
