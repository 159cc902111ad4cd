/*
 * Selftests for copy-on-write (labs/07-cow): what fork's mm_dup leaves in
 * the page tables, and what handle_mm_fault does with a write to a page
 * that is shared read-only (copy it) or that only this mm still holds
 * (make it writable again), with fault_stats counting each outcome.
 *
 * Each case builds small address spaces with one read-write anonymous VMA
 * at RW and drives handle_mm_fault on them directly, as the page-fault
 * handler would for a user write; no process runs. The write-fault cases
 * make the sharing themselves (one page mapped read-only in two mms, as
 * fork leaves it), so they do not depend on mm_dup. Each case checks that
 * the free page count comes back.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include "mmpeek.h"

#define P PAGE_SIZE
#define RW 0x10000000u
#define NPAGES 4
#define WRITE_FAULT (PF_USER | PF_WRITE)
#define COW_FAULT (PF_USER | PF_WRITE | PF_PROT) /* a write to a present page */

/* An mm with the VMA RW .. RW + NPAGES pages, read-write, nothing mapped;
 * NULL without memory. */
static struct mm *make_mm(void)
{
	struct mm *m = mm_create();

	if (m && vma_add(m, RW, RW + NPAGES * P, VM_READ | VM_WRITE)) {
		mm_destroy(m);
		return NULL;
	}
	return m;
}

/* Two make_mm() mms: returns one and sets *other to the second; NULL,
 * with neither left, without memory. */
static struct mm *make_two(struct mm **other)
{
	struct mm *m = make_mm();

	*other = m ? make_mm() : NULL;
	if (m && !*other) {
		mm_destroy(m);
		return NULL;
	}
	return m;
}

/* The PTE of va in m, or 0 if it has none. */
static pte_t pte_of(struct mm *m, uint32_t va)
{
	pte_t *pte = walk_pgdir(m->pgdir, va, false);

	return pte ? *pte : 0;
}

/* The physical address of the page at va of m, or 0. */
static uint32_t phys_at(struct mm *m, uint32_t va)
{
	struct page *p = mm_page_at(m, va);

	return p ? page_to_phys(p) : 0;
}

/* The references to the page at va of m (0 if none is mapped). */
static int refs_at(struct mm *m, uint32_t va)
{
	struct page *p = mm_page_at(m, va);

	return p ? p->refcount : 0;
}

/* Map the page at RW of m into c at RW too, read-only in both, with a
 * reference for c: what fork leaves for a private page. */
static void share_first_page(struct mm *m, struct mm *c)
{
	struct page *p = mm_page_at(m, RW);
	pte_t *pte = walk_pgdir(m->pgdir, RW, false);

	*pte &= ~PTE_W;
	flush_tlb_page(m->pgdir, RW);
	get_page(p);
	KT_EXPECT_EQ(vm_map(c->pgdir, RW, p, PTE_U), 0);
}

/* make_two(), with "parent" written at RW + 100 of the first mm's page
 * and that page then shared with *other as fork shares it: the first mm,
 * or NULL without memory. */
static struct mm *make_shared_pair(struct mm **other)
{
	struct mm *m = make_two(other);

	if (!m)
		return NULL;
	KT_EXPECT_EQ(handle_mm_fault(m, RW, WRITE_FAULT), 0);
	KT_EXPECT(mm_poke(m, RW + 100, "parent", 6));
	share_first_page(m, *other);
	return m;
}

/* After mm_dup, parent and child map the same page at each address,
 * read-only in both, with a reference each; the fork itself takes no
 * more than its page directory and one page table. */
static void fork_shares(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = make_mm();
	NEED(m);

	for (uint32_t i = 0; i < NPAGES; i++) {
		KT_EXPECT_EQ(handle_mm_fault(m, RW + i * P, WRITE_FAULT), 0);
		KT_EXPECT(mm_poke(m, RW + i * P + 8, "page", 4));
	}
	uint32_t at_fork = nr_free_pages();
	struct mm *c = mm_dup(m);
	if (!c)
		mm_destroy(m);
	NEED(c);
	for (uint32_t i = 0; i < NPAGES; i++) {
		uint32_t va = RW + i * P;
		LOOP_EXPECT_EQ(refs_at(m, va), 2, "page %u: the parent's and the child's", i);
		LOOP_EXPECT_EQ(phys_at(c, va), phys_at(m, va), "page %u", i);
		LOOP_EXPECT_EQ(pte_of(m, va) & PTE_W, 0, "parent's page %u", i);
		LOOP_EXPECT_EQ(pte_of(c, va) & PTE_W, 0, "child's page %u", i);
	}
	uint32_t fork_took = at_fork - nr_free_pages();
	KT_EXPECT(fork_took <= 2); /* the child's page directory and one table */
	KT_EXPECT(mm_equals(c, RW + 8, "page", 4));
	mm_destroy(c);
	KT_EXPECT_EQ(refs_at(m, RW), 1);
	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A write to a page two mms share read-only gives the writer a private,
 * writable copy with the same bytes; the other keeps the old page, now
 * held by it alone, and never sees the writer's stores. */
static void write_fault_copies(void)
{
	uint32_t before = nr_free_pages();
	struct mm *c, *m = make_shared_pair(&c);
	NEED(m);
	uint32_t shared = phys_at(m, RW);

	KT_EXPECT_EQ(handle_mm_fault(c, RW + 100, COW_FAULT), 0);
	KT_EXPECT(phys_at(c, RW) != shared);  /* the child's copy */
	KT_EXPECT_EQ(phys_at(m, RW), shared); /* the parent keeps its page */
	KT_EXPECT_EQ(refs_at(m, RW), 1);      /* the child's reference gone */
	KT_EXPECT_EQ((pte_of(c, RW) & (PTE_P | PTE_W)), PTE_P | PTE_W);
	KT_EXPECT_EQ((pte_of(m, RW) & PTE_W), 0);	/* untouched until it writes */
	KT_EXPECT(mm_equals(c, RW + 100, "parent", 6)); /* the same bytes */
	KT_EXPECT(mm_poke(c, RW + 100, "child!", 6));
	KT_EXPECT(mm_equals(m, RW + 100, "parent", 6));			/* and its own */
	KT_EXPECT_EQ(handle_mm_fault(c, RW + 100, COW_FAULT), -EFAULT); /* nothing left to fix */
	mm_destroy(c);
	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A write to a read-only page that only this mm holds (the other side
 * copied it, or exited) makes that page writable: no copy, no page taken. */
static void write_fault_reuses(void)
{
	uint32_t before = nr_free_pages();
	struct mm *c, *m = make_shared_pair(&c);
	NEED(m);
	uint32_t shared = phys_at(m, RW);
	mm_destroy(c); /* the child exits: the page is the parent's alone */
	KT_EXPECT_EQ(refs_at(m, RW), 1);

	uint32_t free_now = nr_free_pages();
	KT_EXPECT_EQ(handle_mm_fault(m, RW + 100, COW_FAULT), 0);
	KT_EXPECT_EQ(phys_at(m, RW), shared); /* the same page */
	KT_EXPECT_EQ(pte_of(m, RW) & PTE_W, PTE_W);
	KT_EXPECT_EQ(nr_free_pages(), free_now);
	KT_EXPECT(mm_equals(m, RW + 100, "parent", 6));
	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* fault_stats: each demand-zero page, copy and reuse counted once, and
 * nothing else counted. */
static void counters(void)
{
	uint32_t before = nr_free_pages();
	struct mm *c, *m = make_two(&c);
	NEED(m);

	struct fault_stats s0 = fault_stats;
	for (uint32_t i = 0; i < 3; i++)
		KT_EXPECT_EQ(handle_mm_fault(m, RW + i * P, WRITE_FAULT), 0);
	KT_EXPECT_EQ(fault_stats.zero_fills - s0.zero_fills, 3);
	KT_EXPECT_EQ(fault_stats.cow_copies - s0.cow_copies, 0);
	KT_EXPECT_EQ(fault_stats.cow_reuses - s0.cow_reuses, 0);

	share_first_page(m, c);
	struct fault_stats s1 = fault_stats;
	KT_EXPECT_EQ(handle_mm_fault(c, RW, COW_FAULT), 0); /* copies */
	KT_EXPECT_EQ(handle_mm_fault(m, RW, COW_FAULT), 0); /* then ours alone */
	KT_EXPECT_EQ(fault_stats.cow_copies - s1.cow_copies, 1);
	KT_EXPECT_EQ(fault_stats.cow_reuses - s1.cow_reuses, 1);
	KT_EXPECT_EQ(fault_stats.zero_fills - s1.zero_fills, 0);
	mm_destroy(c);
	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static const struct ktest_case cases[] = {
	{ "fork_shares", fork_shares },
	{ "write_fault_copies", write_fault_copies },
	{ "write_fault_reuses", write_fault_reuses },
	{ "counters", counters },
};
KTEST_SUITE(cow, cases);
