/*
 * Selftests for the physical page allocator (mm/pmm.c): allocate until
 * empty, never the same page twice, never a reserved page, free all, and
 * the free count comes back exactly; with page_poison=1, freed pages
 * hold the poison.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/highmem.h>
#include <kernel/multiboot.h>

static bool in_kernel_image(uint32_t pa)
{
	return pa >= V2P(_kernel_start) && pa < V2P(_kernel_end);
}

/* alloc_page takes low memory only: every free low page, once each, never
 * a reserved one, and none of the high ones. */
static void alloc_until_empty(void)
{
	uint32_t high = nr_free_highpages();
	uint32_t before = nr_free_pages() - high;
	struct page *head = NULL;
	uint32_t n = 0, dup = 0, bad = 0;

	/* chain the pages through their own first word */
	struct page *p;
	while ((p = alloc_page()) != NULL) {
		uint32_t pa = page_to_phys(p);
		uint32_t *mem = page_address(p);
		if (pa < 0x100000 || in_kernel_image(pa) || PageHighMem(p))
			bad++;
		for (int i = 0; i < boot_info.nmods; i++)
			if (pa >= PGROUNDDOWN(boot_info.mods[i].start) &&
			    pa < boot_info.mods[i].end)
				bad++;
		if (mem[1] == 0x5ca1ab1e && mem[2] == pa)
			dup++; /* already marked by us: handed out twice */
		mem[0] = head ? page_to_phys(head) : 0;
		mem[1] = 0x5ca1ab1e;
		mem[2] = pa;
		head = p;
		n++;
	}
	KT_EXPECT_EQ(n, before);
	KT_EXPECT_EQ(nr_free_pages(), high);
	KT_EXPECT_EQ(dup, 0);
	KT_EXPECT_EQ(bad, 0);
	KT_EXPECT(alloc_page() == NULL);
	while (head) {
		uint32_t *mem = page_address(head);
		struct page *next = mem[0] ? phys_to_page(mem[0]) : NULL;
		mem[1] = 0;
		put_page(head);
		head = next;
	}
	KT_EXPECT_EQ(nr_free_pages(), before + high);
}

static void contiguous_runs(void)
{
	uint32_t before = nr_free_pages();
	struct page *a = alloc_pages(8), *b = alloc_pages(3);

	KT_EXPECT(a != NULL && b != NULL);
	if (!a || !b)
		return;
	KT_EXPECT(b + 3 <= a || a + 8 <= b); /* no overlap */
	for (int i = 0; i < 8; i++)
		KT_EXPECT_EQ(a[i].refcount, 1);
	KT_EXPECT_EQ(nr_free_pages(), before - 11);
	free_pages(a, 8);
	free_pages(b, 3);
	KT_EXPECT_EQ(nr_free_pages(), before);
	KT_EXPECT(alloc_pages(0) == NULL);
	KT_EXPECT(alloc_pages(before + 1) == NULL);
}

static void refcounts(void)
{
	uint32_t before = nr_free_pages();
	struct page *p = alloc_zeroed_page();

	KT_EXPECT(p != NULL);
	if (!p)
		return;
	uint8_t *m = page_address(p);
	int nonzero = 0;
	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		nonzero += m[i] != 0;
	KT_EXPECT_EQ(nonzero, 0);
	get_page(p);
	KT_EXPECT_EQ(p->refcount, 2);
	put_page(p);
	KT_EXPECT_EQ(nr_free_pages(), before - 1);
	put_page(p);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* page_poison=1: a freed page holds PAGE_POISON in every byte, and a
 * byte written after the free is found. */
static void freed_pages_poisoned(void)
{
	if (!page_poison)
		KT_SKIP("page_poison is off");
	struct page *p = alloc_pages(2);
	KT_EXPECT(p != NULL);
	if (!p)
		return;
	memset(page_address(p), 0x11, 2 * PAGE_SIZE);
	free_pages(p, 2);
	for (int k = 0; k < 2; k++) {
		const uint8_t *m = page_address(&p[k]);
		int wrong = 0;
		for (uint32_t i = 0; i < PAGE_SIZE; i++)
			wrong += m[i] != PAGE_POISON;
		KT_EXPECT_EQ(wrong, 0);
		KT_EXPECT(p[k].flags & PG_POISONED);
		KT_EXPECT_EQ(p[k].refcount, 0);
	}
	KT_EXPECT_EQ(page_poison_find(&p[0]), -1);
	uint8_t *m1 = page_address(&p[1]);
	m1[100] = 0; /* a write after free */
	KT_EXPECT_EQ(page_poison_find(&p[1]), 100);
	m1[100] = PAGE_POISON; /* repaired, or its next allocation would report it */
	KT_EXPECT_EQ(page_poison_find(&p[1]), -1);
	struct page *z = alloc_zeroed_page(); /* poisoned pages still come back zeroed */
	KT_EXPECT(z != NULL);
	if (z) {
		KT_EXPECT(!(z->flags & PG_POISONED));
		KT_EXPECT_EQ(((uint32_t *)page_address(z))[7], 0);
		put_page(z);
	}
}

static const struct ktest_case cases[] = {
	{ "alloc_until_empty", alloc_until_empty },
	{ "contiguous_runs", contiguous_runs },
	{ "refcounts", refcounts },
	{ "freed_pages_poisoned", freed_pages_poisoned },
};
KTEST_SUITE(pmm, cases);
