/*
 * Selftests for page tables (mm/vm.c): map, look up, unmap in a fresh
 * page directory; the kernel half is shared; kernel text is read-only
 * and the NULL page is unmapped; an address in a 4 MiB page of the
 * direct map is looked up through its directory entry; mprotect's
 * vma_protect rewrites the entries of the pages already mapped.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <asm/x86.h>

static void map_lookup_unmap(void)
{
	uint32_t before = nr_free_pages();
	pde_t *pd = pgdir_create();
	struct page *p = alloc_zeroed_page();
	pte_t pte;

	KT_EXPECT(pd != NULL && p != NULL);
	if (!pd || !p)
		return;
	KT_EXPECT_EQ(vm_lookup(pd, 0x08048000, NULL), 0);
	KT_EXPECT_EQ(vm_map(pd, 0x08048000, p, PTE_U | PTE_W), 0);
	KT_EXPECT_EQ(vm_lookup(pd, 0x08048123, &pte), page_to_phys(p) + 0x123);
	KT_EXPECT((pte & (PTE_P | PTE_U | PTE_W)) == (PTE_P | PTE_U | PTE_W));
	KT_EXPECT_EQ(vm_lookup(pd, 0x08049000, NULL), 0);
	KT_EXPECT(vm_unmap(pd, 0x08048000) == p);
	KT_EXPECT_EQ(vm_lookup(pd, 0x08048000, NULL), 0);
	KT_EXPECT(vm_unmap(pd, 0x08048000) == NULL);
	put_page(p);
	pgdir_destroy(pd);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void destroy_frees_everything(void)
{
	uint32_t before = nr_free_pages();
	pde_t *pd = pgdir_create();

	for (uint32_t va = 0x1000; va < 0x1000 + 40 * PAGE_SIZE; va += PAGE_SIZE)
		vm_map(pd, va, alloc_zeroed_page(), PTE_U);
	vm_map(pd, TASK_SIZE - PAGE_SIZE, alloc_zeroed_page(), PTE_U | PTE_W);
	KT_EXPECT(nr_free_pages() < before - 41);
	pgdir_destroy(pd);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void kernel_half_shared(void)
{
	pde_t *pd = pgdir_create();

	for (uint32_t i = PDX(PAGE_OFFSET); i < NPDENTRIES; i++)
		KT_EXPECT_EQ(pd[i], kpgdir[i]);
	for (uint32_t i = 0; i < PDX(PAGE_OFFSET); i++)
		KT_EXPECT_EQ(pd[i], 0);
	pgdir_destroy(pd);
}

static void kernel_protection(void)
{
	pte_t pte;

	KT_EXPECT(rcr0() & CR0_WP);
	KT_EXPECT_EQ(vm_lookup(kpgdir, 0, NULL), 0); /* NULL page */
	KT_EXPECT(vm_lookup(kpgdir, (uint32_t)map_lookup_unmap, &pte) != 0);
	KT_EXPECT(!(pte & PTE_W)); /* text read-only */
	KT_EXPECT(!(pte & PTE_U)); /* kernel only */
	KT_EXPECT(vm_lookup(kpgdir, (uint32_t)&ktest_failed, &pte) != 0);
	KT_EXPECT(pte & PTE_W); /* data writable */
}

/* Low memory above 4 MiB is mapped in 4 MiB pages: vm_lookup takes the
 * physical address from the directory entry itself. */
static void big_pages(void)
{
	uint32_t va = PAGE_OFFSET + (8u << 20) + 0x12345;
	pte_t pte = 0;

	KT_EXPECT(kpgdir[PDX(va)] & PTE_PS);
	KT_EXPECT_EQ(vm_lookup(kpgdir, va, &pte), (8u << 20) + 0x12345);
	KT_EXPECT(pte & PTE_PS);
	KT_EXPECT(!(pte & PTE_U)); /* kernel only */
}

/* vma_protect changes the entries of the pages already mapped, keeping
 * each page: read-only drops PTE_W; PROT_NONE makes the entry not present
 * (PTE_NONE); read-write makes it present again but not yet writable (the
 * next write faults, and the fault decides). A page never mapped stays so. */
static void protect_changes_ptes(void)
{
	const uint32_t bits = PTE_P | PTE_W | PTE_NONE, va = 0x08048000;
	struct mm *mm = mm_create();
	struct page *p = alloc_zeroed_page();

	KT_EXPECT(mm != NULL && p != NULL);
	if (!mm || !p)
		return;
	KT_EXPECT_EQ(vma_add(mm, va, va + 2 * PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KT_EXPECT_EQ(vm_map(mm->pgdir, va, p, PTE_U | PTE_W), 0); /* the page is mm's now */
	pte_t *pte = walk_pgdir(mm->pgdir, va, false);
	KT_EXPECT(pte != NULL);
	if (!pte) {
		mm_put(mm);
		return;
	}
	KT_EXPECT_EQ(vma_protect(mm, va, va + 2 * PAGE_SIZE, VM_READ), 0);
	KT_EXPECT_EQ(*pte & bits, PTE_P);
	KT_EXPECT_EQ(vma_protect(mm, va, va + 2 * PAGE_SIZE, 0), 0);
	KT_EXPECT_EQ(*pte & bits, PTE_NONE);
	KT_EXPECT_EQ(PTE_ADDR(*pte), page_to_phys(p));
	KT_EXPECT_EQ(vma_protect(mm, va, va + 2 * PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KT_EXPECT_EQ(*pte & bits, PTE_P);
	KT_EXPECT_EQ(PTE_ADDR(*pte), page_to_phys(p));
	KT_EXPECT_EQ(pte[1], 0); /* the second page was never mapped */
	mm_put(mm);
}

static const struct ktest_case cases[] = {
	{ "map_lookup_unmap", map_lookup_unmap },
	{ "destroy_frees_everything", destroy_frees_everything },
	{ "kernel_half_shared", kernel_half_shared },
	{ "kernel_protection", kernel_protection },
	{ "big_pages", big_pages },
	{ "protect_changes_ptes", protect_changes_ptes },
};
KTEST_SUITE(vm, cases);
