/*
 * Selftests for page tables (mm/vm.c): map, look up, unmap in a fresh
 * page directory; the kernel half is shared; kernel text is read-only
 * and the NULL page is unmapped.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
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

static const struct ktest_case cases[] = {
	{ "map_lookup_unmap", map_lookup_unmap },
	{ "destroy_frees_everything", destroy_frees_everything },
	{ "kernel_half_shared", kernel_half_shared },
	{ "kernel_protection", kernel_protection },
};
KTEST_SUITE(vm, cases);
