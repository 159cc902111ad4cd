/*
 * Selftests for address spaces as processes use them, without a
 * scheduler: page-fault resolution (mm/fault.c), fork's copy-on-write
 * duplicate, brk, munmap and mprotect on VMAs (mm/mmap.c), and the
 * interplay of uaccess with step 1 of the fault handler when there is a
 * current process.
 *
 * Most cases build a private mm with test_mm():
 *   RW  .. RW+4P     read-write data
 *   RO  .. RO+2P     read-only
 *   STK .. TASK_SIZE the stack (VM_GROWSDOWN)
 * and call handle_mm_fault() on it directly with the error code the CPU
 * would push. Each case checks the free page count comes back.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/proc.h>
#include <asm/uaccess.h>
#include <asm/x86.h>
#include "mmpeek.h"

#define P PAGE_SIZE
#define RW 0x10000000u
#define RO 0x20000000u
#define STK (TASK_SIZE - 4 * P)

#define barrier() asm volatile("" ::: "memory")

/* Free pages, counting the pages kmalloc holds as free: a mid-test count
 * of user pages must not depend on whether a VMA's kmalloc needed a new
 * slab page (it does more often under slub_debug's larger slots). */
static uint32_t free_but_kmalloc(void)
{
	struct kmalloc_class_stats st[16];
	int n = kmalloc_stats(st, 16);
	uint32_t free = nr_free_pages();

	for (int i = 0; i < n; i++)
		free += st[i].pages;
	return free;
}

static struct mm *test_mm(void)
{
	struct mm *m = mm_create();

	if (!m)
		return NULL;
	if (vma_add(m, RW, RW + 4 * P, VM_READ | VM_WRITE) || vma_add(m, RO, RO + 2 * P, VM_READ) ||
	    vma_add(m, STK, TASK_SIZE, VM_READ | VM_WRITE | VM_GROWSDOWN)) {
		mm_destroy(m);
		return NULL;
	}
	return m;
}

static pte_t pte_at(struct mm *m, uint32_t va)
{
	pte_t pte = 0;

	vm_lookup(m->pgdir, va, &pte);
	return pte;
}

/* The page mapped at va, or NULL. */
static struct page *page_at(struct mm *m, uint32_t va)
{
	uint32_t pa = vm_lookup(m->pgdir, va, NULL);

	return pa ? phys_to_page(pa) : NULL;
}

static int nvmas(struct mm *m)
{
	int n = 0;

	for (struct vma *v = m->vmas; v; v = v->next)
		n++;
	return n;
}

/* find_vma, but a zeroed dummy instead of NULL, so a check fails
 * rather than faults. */
static struct vma *vma_at(struct mm *m, uint32_t addr)
{
	static struct vma none;
	struct vma *v = find_vma(m, addr);

	return v ? v : &none;
}

/* Where the stack VMA (the one ending at TASK_SIZE) starts, or 0. */
static uint32_t stack_start(struct mm *m)
{
	struct vma *v = find_vma(m, TASK_SIZE - 1);

	return v ? v->start : 0;
}

/* True if the page at va of m is mapped and all zeroes. */
static bool page_is_zero(struct mm *m, uint32_t va)
{
	struct page *pg = page_at(m, va);
	bool zero = true;

	if (!pg)
		return false;
	const uint8_t *k = kmap_local_page(pg);
	for (uint32_t i = 0; i < P && zero; i++)
		zero = k[i] == 0;
	kunmap_local(k);
	return zero;
}

static void demand_zero(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = test_mm();
	NEED(m);

	/* a not-present page in a VMA appears zeroed, writable if the VMA is */
	KT_EXPECT_EQ(vm_lookup(m->pgdir, RW + P, NULL), 0);
	KT_EXPECT_EQ(handle_mm_fault(m, RW + P + 0x234, PF_USER), 0);
	KT_EXPECT(page_is_zero(m, RW + P));
	KT_EXPECT_EQ(pte_at(m, RW + P) & (PTE_P | PTE_U | PTE_W), PTE_P | PTE_U | PTE_W);
	KT_EXPECT_EQ(page_at(m, RW + P)->refcount, 1);
	KT_EXPECT_EQ(handle_mm_fault(m, RW + 3 * P + 0xFFF, PF_USER | PF_WRITE), 0);
	KT_EXPECT(page_is_zero(m, RW + 3 * P));
	KT_EXPECT_EQ(vm_lookup(m->pgdir, RW + 2 * P, NULL), 0); /* only what was touched */
	/* present and permitted: nothing to fix, so it is a real fault */
	KT_EXPECT_EQ(handle_mm_fault(m, RW + P, PF_USER), -EFAULT);

	/* a read-only VMA: a write fails and maps nothing; a read maps read-only */
	KT_EXPECT_EQ(handle_mm_fault(m, RO + 8, PF_USER | PF_WRITE), -EFAULT);
	KT_EXPECT_EQ(vm_lookup(m->pgdir, RO, NULL), 0);
	KT_EXPECT_EQ(handle_mm_fault(m, RO + 8, PF_USER), 0);
	KT_EXPECT_EQ(pte_at(m, RO) & (PTE_P | PTE_U | PTE_W), PTE_P | PTE_U);
	KT_EXPECT(page_is_zero(m, RO));
	KT_EXPECT_EQ(handle_mm_fault(m, RO + 8, PF_USER | PF_WRITE | PF_PROT), -EFAULT);
	KT_EXPECT_EQ(pte_at(m, RO) & PTE_W, 0);

	/* outside every VMA */
	KT_EXPECT_EQ(handle_mm_fault(m, 0x30000000u, PF_USER), -EFAULT);
	KT_EXPECT_EQ(handle_mm_fault(m, RW - 1, PF_USER | PF_WRITE), -EFAULT);
	KT_EXPECT_EQ(handle_mm_fault(m, RW + 4 * P, PF_USER), -EFAULT);
	KT_EXPECT_EQ(handle_mm_fault(m, RO + 2 * P, PF_USER), -EFAULT);
	KT_EXPECT_EQ(handle_mm_fault(m, 0, PF_USER), -EFAULT);
	KT_EXPECT_EQ(vm_lookup(m->pgdir, 0x30000000u, NULL), 0);

	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void stack_growth(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = test_mm();
	NEED(m);

	/* the top of the stack VMA itself */
	KT_EXPECT_EQ(handle_mm_fault(m, TASK_SIZE - 4, PF_USER | PF_WRITE), 0);
	/* just below: the VMA grows to cover the page */
	KT_EXPECT_EQ(handle_mm_fault(m, STK - 100, PF_USER | PF_WRITE), 0);
	KT_EXPECT(find_vma(m, STK - 100) != NULL);
	KT_EXPECT_EQ(vma_at(m, STK - 100)->start, STK - P);
	KT_EXPECT(vma_at(m, STK - 100)->flags & VM_GROWSDOWN);
	KT_EXPECT(page_is_zero(m, STK - 100));
	KT_EXPECT_EQ(nvmas(m), 3);
	/* further down, still within STACK_LIMIT */
	KT_EXPECT_EQ(handle_mm_fault(m, TASK_SIZE - 64 * P, PF_USER), 0);
	KT_EXPECT_EQ(stack_start(m), TASK_SIZE - 64 * P);
	KT_EXPECT_EQ(handle_mm_fault(m, STACK_LOW + 16, PF_USER | PF_WRITE), 0);
	KT_EXPECT_EQ(stack_start(m), STACK_LOW);
	/* beyond the limit */
	KT_EXPECT_EQ(handle_mm_fault(m, STACK_LOW - 4, PF_USER | PF_WRITE), -EFAULT);
	KT_EXPECT_EQ(handle_mm_fault(m, STACK_LOW - 64 * P, PF_USER), -EFAULT);
	KT_EXPECT_EQ(stack_start(m), STACK_LOW);
	KT_EXPECT(find_vma(m, STACK_LOW - 4) == NULL);
	mm_destroy(m);

	/* another VMA between the address and the stack blocks the growth */
	m = test_mm();
	NEED(m);
	KT_EXPECT_EQ(vma_add(m, TASK_SIZE - 10 * P, TASK_SIZE - 9 * P, VM_READ | VM_WRITE), 0);
	KT_EXPECT_EQ(handle_mm_fault(m, TASK_SIZE - 6 * P, PF_USER | PF_WRITE), 0);
	KT_EXPECT_EQ(stack_start(m), TASK_SIZE - 6 * P);
	KT_EXPECT_EQ(handle_mm_fault(m, TASK_SIZE - 12 * P, PF_USER | PF_WRITE), -EFAULT);
	KT_EXPECT_EQ(stack_start(m), TASK_SIZE - 6 * P);
	KT_EXPECT(find_vma(m, TASK_SIZE - 12 * P) == NULL);
	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void cow_fork(void)
{
	uint32_t before = nr_free_pages();
	struct mm *parent = test_mm();
	NEED(parent);

	KT_EXPECT_EQ(handle_mm_fault(parent, RW, PF_USER | PF_WRITE), 0);
	KT_EXPECT_EQ(handle_mm_fault(parent, RO, PF_USER), 0);
	static uint8_t pattern[P];
	for (uint32_t i = 0; i < P; i++)
		pattern[i] = (uint8_t)(i * 3 + 1);
	KT_EXPECT(mm_poke(parent, RW, pattern, P));
	uint32_t ppa = vm_lookup(parent->pgdir, RW, NULL);

	struct mm *child = mm_dup(parent);
	NEED(child);
	KT_EXPECT_EQ(nvmas(child), 3);
	KT_EXPECT_EQ(vm_lookup(child->pgdir, RW, NULL), ppa); /* the same page */
	KT_EXPECT_EQ(pte_at(parent, RW) & (PTE_P | PTE_U | PTE_W), PTE_P | PTE_U);
	KT_EXPECT_EQ(pte_at(child, RW) & (PTE_P | PTE_U | PTE_W), PTE_P | PTE_U);
	KT_EXPECT_EQ(page_at(parent, RW)->refcount, 2);
	KT_EXPECT_EQ(page_at(parent, RO)->refcount, 2);
	KT_EXPECT(page_at(child, RO) == page_at(parent, RO));
	KT_EXPECT_EQ(vm_lookup(child->pgdir, RW + P, NULL), 0); /* untouched stays so */

	/* a write in the child copies the page */
	KT_EXPECT_EQ(handle_mm_fault(child, RW + 5, PF_USER | PF_WRITE | PF_PROT), 0);
	uint32_t cpa = vm_lookup(child->pgdir, RW, NULL);
	KT_EXPECT(cpa != 0 && cpa != ppa);
	KT_EXPECT(pte_at(child, RW) & PTE_W);
	KT_EXPECT_EQ(pte_at(parent, RW) & PTE_W, 0);
	KT_EXPECT_EQ(phys_to_page(ppa)->refcount, 1);
	KT_EXPECT(cpa && phys_to_page(cpa)->refcount == 1);
	KT_EXPECT(mm_equals(child, RW, pattern, P));
	KT_EXPECT(mm_poke(child, RW, "\xEE", 1));
	KT_EXPECT_EQ(mm_byte(parent, RW), 1); /* the parent's page is its own */

	/* then a write in the parent: its page is no longer shared, so it
	 * just becomes writable again */
	KT_EXPECT_EQ(handle_mm_fault(parent, RW + 9, PF_USER | PF_WRITE | PF_PROT), 0);
	KT_EXPECT_EQ(vm_lookup(parent->pgdir, RW, NULL), ppa);
	KT_EXPECT(pte_at(parent, RW) & PTE_W);
	KT_EXPECT_EQ(mm_byte(parent, RW + 1), 4);

	/* read-only stays read-only, in either */
	KT_EXPECT_EQ(handle_mm_fault(child, RO, PF_USER | PF_WRITE | PF_PROT), -EFAULT);
	/* demand-zero in one does not show in the other */
	KT_EXPECT_EQ(handle_mm_fault(child, RW + 2 * P, PF_USER | PF_WRITE), 0);
	KT_EXPECT_EQ(vm_lookup(parent->pgdir, RW + 2 * P, NULL), 0);

	mm_destroy(child);
	KT_EXPECT_EQ(page_at(parent, RO)->refcount, 1);
	mm_destroy(parent);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void brk(void)
{
	const uint32_t base = 0x08049000;
	uint32_t before = nr_free_pages();
	struct mm *m = mm_create();
	NEED(m);

	KT_EXPECT_EQ(vma_add(m, 0x08048000, base, VM_READ | VM_EXEC), 0);
	m->start_brk = m->brk = base;
	KT_EXPECT_EQ(mm_brk(m, base + 0x2100), base + 0x2100);
	KT_EXPECT_EQ(m->brk, base + 0x2100);
	struct vma *v = find_vma(m, base + 0x2000);
	NEED(v);
	KT_EXPECT_EQ(v->start, base);
	KT_EXPECT_EQ(v->end, base + 0x3000);
	KT_EXPECT(v->flags & VM_BRK);
	KT_EXPECT((v->flags & (VM_READ | VM_WRITE)) == (VM_READ | VM_WRITE));
	KT_EXPECT_EQ(handle_mm_fault(m, base + 0x2000, PF_USER | PF_WRITE), 0);
	KT_EXPECT(page_is_zero(m, base + 0x2000));

	/* growing extends the same VMA */
	KT_EXPECT_EQ(mm_brk(m, base + 0x5000), base + 0x5000);
	KT_EXPECT_EQ(nvmas(m), 2);
	KT_EXPECT(find_vma(m, base + 0x4FFF) == v);
	KT_EXPECT(find_vma(m, base + 0x5000) == NULL);

	/* shrinking unmaps and frees the pages above the new end */
	uint32_t f = free_but_kmalloc();
	KT_EXPECT_EQ(mm_brk(m, base + 0x10), base + 0x10);
	KT_EXPECT_EQ(vm_lookup(m->pgdir, base + 0x2000, NULL), 0);
	KT_EXPECT(find_vma(m, base + 0x1000) == NULL);
	KT_EXPECT(find_vma(m, base) != NULL);
	/* the page, and its page table, which holds no other page now */
	KT_EXPECT_EQ(free_but_kmalloc(), f + 2);
	KT_EXPECT_EQ(m->pgdir[PDX(base)] & PTE_P, 0);

	/* refused: below start_brk, above MMAP_BASE, into another VMA */
	KT_EXPECT_EQ(mm_brk(m, base - 1), base + 0x10);
	KT_EXPECT_EQ(mm_brk(m, MMAP_BASE + 1), base + 0x10);
	KT_EXPECT_EQ(vma_add(m, 0x08060000, 0x08061000, VM_READ), 0);
	KT_EXPECT_EQ(mm_brk(m, 0x08060010), base + 0x10);
	KT_EXPECT_EQ(m->brk, base + 0x10);
	KT_EXPECT_EQ(vma_at(m, base)->end, base + 0x1000);
	/* right up to it is fine */
	KT_EXPECT_EQ(mm_brk(m, 0x08060000), 0x08060000);
	/* and back to empty */
	KT_EXPECT_EQ(mm_brk(m, base), base);
	KT_EXPECT(find_vma(m, base) == NULL);
	KT_EXPECT_EQ(nvmas(m), 2);
	KT_EXPECT_EQ(mm_brk(m, base + 1), base + 1);
	KT_EXPECT(find_vma(m, base) != NULL);

	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void unmap_split(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = test_mm();
	NEED(m);

	for (uint32_t i = 0; i < 4; i++)
		KT_EXPECT_EQ(handle_mm_fault(m, RW + i * P, PF_USER | PF_WRITE), 0);
	uint32_t f = free_but_kmalloc();

	/* a hole in the middle: two VMAs with the same flags */
	KT_EXPECT_EQ(vma_unmap(m, RW + P, RW + 2 * P), 0);
	KT_EXPECT_EQ(nvmas(m), 4);
	struct vma *lo = find_vma(m, RW), *hi = find_vma(m, RW + 2 * P);
	NEED(lo);
	NEED(hi);
	KT_EXPECT_EQ(lo->start, RW);
	KT_EXPECT_EQ(lo->end, RW + P);
	KT_EXPECT_EQ(hi->start, RW + 2 * P);
	KT_EXPECT_EQ(hi->end, RW + 4 * P);
	KT_EXPECT_EQ(lo->flags, hi->flags);
	KT_EXPECT(lo->next == hi); /* still sorted */
	KT_EXPECT(find_vma(m, RW + P) == NULL);
	KT_EXPECT_EQ(vm_lookup(m->pgdir, RW + P, NULL), 0);
	KT_EXPECT(vm_lookup(m->pgdir, RW, NULL) != 0);
	KT_EXPECT(vm_lookup(m->pgdir, RW + 2 * P, NULL) != 0);
	KT_EXPECT_EQ(free_but_kmalloc(), f + 1);
	KT_EXPECT_EQ(handle_mm_fault(m, RW + P, PF_USER), -EFAULT);

	/* trimming the tail, unmapping nothing, and a range over several VMAs */
	KT_EXPECT_EQ(vma_unmap(m, RW + 3 * P, RW + 10 * P), 0);
	KT_EXPECT_EQ(hi->end, RW + 3 * P);
	KT_EXPECT_EQ(vma_unmap(m, 0x30000000u, 0x30010000u), 0);
	KT_EXPECT_EQ(nvmas(m), 4);
	KT_EXPECT_EQ(vma_unmap(m, RW, RO + 2 * P), 0);
	KT_EXPECT_EQ(nvmas(m), 1);
	KT_EXPECT(range_free(m, RW, RO + 2 * P));
	/* the four pages, and the page table they were in, empty now */
	KT_EXPECT_EQ(free_but_kmalloc(), f + 5);
	KT_EXPECT_EQ(m->pgdir[PDX(RW)] & PTE_P, 0);

	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void protect(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = test_mm();
	NEED(m);

	for (uint32_t i = 0; i < 3; i++)
		KT_EXPECT_EQ(handle_mm_fault(m, RW + i * P, PF_USER | PF_WRITE), 0);
	uint32_t pa1 = vm_lookup(m->pgdir, RW + P, NULL);

	/* read-only in the middle: three VMAs, the PTE loses PTE_W */
	KT_EXPECT_EQ(vma_protect(m, RW + P, RW + 2 * P, VM_READ), 0);
	KT_EXPECT_EQ(nvmas(m), 5);
	KT_EXPECT_EQ(vma_at(m, RW + P)->flags & (VM_READ | VM_WRITE), VM_READ);
	KT_EXPECT_EQ(vma_at(m, RW + P)->start, RW + P);
	KT_EXPECT_EQ(vma_at(m, RW + P)->end, RW + 2 * P);
	KT_EXPECT_EQ(vma_at(m, RW)->flags & VM_WRITE, VM_WRITE);
	KT_EXPECT_EQ(vma_at(m, RW + 2 * P)->flags & VM_WRITE, VM_WRITE);
	KT_EXPECT_EQ(pte_at(m, RW + P) & (PTE_P | PTE_W), PTE_P);
	KT_EXPECT(pte_at(m, RW) & PTE_W);
	KT_EXPECT(pte_at(m, RW + 2 * P) & PTE_W);
	KT_EXPECT_EQ(handle_mm_fault(m, RW + P, PF_USER | PF_WRITE | PF_PROT), -EFAULT);

	/* writable again: the page becomes writable on the next write fault */
	KT_EXPECT_EQ(vma_protect(m, RW + P, RW + 2 * P, VM_READ | VM_WRITE), 0);
	KT_EXPECT_EQ(pte_at(m, RW + P) & PTE_W, 0);
	KT_EXPECT_EQ(handle_mm_fault(m, RW + P, PF_USER | PF_WRITE | PF_PROT), 0);
	KT_EXPECT(pte_at(m, RW + P) & PTE_W);
	KT_EXPECT_EQ(vm_lookup(m->pgdir, RW + P, NULL), pa1); /* the same page */

	/* PROT_NONE keeps the page but nothing may touch it */
	uint32_t f = free_but_kmalloc();
	KT_EXPECT(mm_poke(m, RW + 5, "\x42", 1));
	KT_EXPECT_EQ(vma_protect(m, RW, RW + P, 0), 0);
	KT_EXPECT_EQ(vm_lookup(m->pgdir, RW, NULL), 0);
	KT_EXPECT(pte_at(m, RW) & PTE_NONE);
	KT_EXPECT_EQ(handle_mm_fault(m, RW, PF_USER), -EFAULT);
	KT_EXPECT_EQ(handle_mm_fault(m, RW, PF_USER | PF_WRITE), -EFAULT);
	KT_EXPECT_EQ(free_but_kmalloc(), f);
	KT_EXPECT_EQ(vma_protect(m, RW, RW + P, VM_READ), 0);
	KT_EXPECT_EQ(pte_at(m, RW) & (PTE_P | PTE_W | PTE_NONE), PTE_P);
	KT_EXPECT_EQ(mm_byte(m, RW + 5), 0x42);

	/* a hole in the range: refused, nothing changed */
	KT_EXPECT_EQ(vma_protect(m, RW + 3 * P, RW + 5 * P, VM_READ), -ENOMEM);
	KT_EXPECT_EQ(vma_at(m, RW + 3 * P)->flags & VM_WRITE, VM_WRITE);

	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* 200 duplicates alive at once, then 200 made and dropped one by one. */
static void fork_storm(void)
{
	static struct mm *kids[200];
	uint32_t before = nr_free_pages();
	struct mm *parent = test_mm();
	int failed = 0, wrong = 0;
	NEED(parent);

	for (uint32_t i = 0; i < 4; i++)
		KT_EXPECT_EQ(handle_mm_fault(parent, RW + i * P, PF_USER | PF_WRITE), 0);
	KT_EXPECT_EQ(handle_mm_fault(parent, TASK_SIZE - 8, PF_USER | PF_WRITE), 0);
	struct page *shared = page_at(parent, RW);
	NEED(shared);

	for (int i = 0; i < 200; i++) {
		kids[i] = mm_dup(parent);
		failed += kids[i] == NULL;
	}
	KT_EXPECT_EQ(failed, 0);
	KT_EXPECT_EQ(shared->refcount, 201);
	/* every other child writes to one page, getting its own copy */
	for (int i = 0; i < 200; i += 2)
		if (kids[i])
			wrong += handle_mm_fault(kids[i], RW + (i % 4) * P,
						 PF_USER | PF_WRITE | PF_PROT) != 0;
	KT_EXPECT_EQ(wrong, 0);
	KT_EXPECT_EQ(shared->refcount, 201 - 50);
	for (int i = 0; i < 200; i++) {
		if (kids[i])
			mm_destroy(kids[i]);
		kids[i] = NULL;
	}
	KT_EXPECT_EQ(shared->refcount, 1);

	uint32_t mid = free_but_kmalloc();
	for (int i = 0; i < 200; i++) {
		struct mm *c = mm_dup(parent);
		if (!c) {
			failed++;
			continue;
		}
		wrong += handle_mm_fault(c, TASK_SIZE - 8, PF_USER | PF_WRITE | PF_PROT) != 0;
		wrong += handle_mm_fault(c, STK - 8, PF_USER | PF_WRITE) != 0; /* grows */
		mm_destroy(c);
	}
	KT_EXPECT_EQ(failed, 0);
	KT_EXPECT_EQ(wrong, 0);
	KT_EXPECT_EQ(free_but_kmalloc(), mid);
	KT_EXPECT_EQ(stack_start(parent), STK); /* not the children's */
	mm_destroy(parent);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/*
 * uaccess from the kernel with a current process: a fault on a user
 * address inside a VMA is resolved (step 1 of page_fault) and the copy
 * goes on, whether it needs demand-zero, stack growth or copy-on-write.
 */
static void uaccess_resolves_faults(void)
{
	static struct proc fake;
	uint32_t before = nr_free_pages();
	struct mm *m = test_mm(), *child = NULL;
	uint8_t buf[16];
	uint32_t v = 0x55555555;
	NEED(m);

	KT_EXPECT(current == NULL);
	fake.mm = m;
	rlimit_init(&fake); /* the stack may grow 8 MiB, as a process's */
	current = &fake;
	switch_pgdir(m->pgdir);

	/* demand-zero, from kernel mode */
	KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 0x10), "hello", 6), 0);
	KT_EXPECT_EQ(get_user(v, (uint32_t __user *)(RW + P + 8)), 0);
	KT_EXPECT_EQ(v, 0);
	KT_EXPECT(page_is_zero(m, RW + P));
	KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 3 * P - 3), "abcdef", 6), 0);
	KT_EXPECT_EQ(clear_user((void __user *)(RW + 2 * P - 5), 10), 0);
	memset(buf, 0xCC, sizeof(buf));
	KT_EXPECT_EQ(copy_from_user(buf, (const void __user *)(RO + P - 8), 16), 0);
	KT_EXPECT_EQ(buf[0] | buf[15], 0);
	/* stack growth, from kernel mode */
	KT_EXPECT_EQ(put_user(0x1234u, (uint32_t __user *)(STK - 3 * P + 4)), 0);
	KT_EXPECT_EQ(stack_start(m), STK - 3 * P);
	/* still refused: outside every VMA, a read-only VMA, below STACK_LOW */
	KT_EXPECT_EQ(copy_to_user((void __user *)0x30000000u, "x", 1), 1);
	KT_EXPECT_EQ(copy_to_user((void __user *)(RO + 4), "xyz", 3), 3);
	KT_EXPECT_EQ(put_user(1u, (uint32_t __user *)(STACK_LOW - 8)), -EFAULT);
	KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 4 * P - 2), "1234", 4), 2);
	barrier();
	KT_EXPECT(mm_equals(m, RW + 0x10, "hello", 6));
	KT_EXPECT(mm_equals(m, RW + 3 * P - 3, "abc", 3));
	KT_EXPECT(mm_equals(m, RW + 3 * P, "def", 3));
	KT_EXPECT(mm_equals(m, RW + 4 * P - 2, "12", 2));
	KT_EXPECT(page_is_zero(m, RO));

	/* copy-on-write: after the dup, our writes go to private copies */
	child = mm_dup(m);
	KT_EXPECT(child != NULL);
	if (child) {
		uint32_t shared = vm_lookup(m->pgdir, RW, NULL);
		KT_EXPECT_EQ(vm_lookup(child->pgdir, RW, NULL), shared);
		KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 0x10), "HELLO", 6), 0);
		KT_EXPECT_EQ(put_user(0xCAFEF00Du, (uint32_t __user *)(RW + P + 8)), 0);
		KT_EXPECT_EQ(get_user(v, (uint32_t __user *)(RW + P + 8)), 0);
		KT_EXPECT_EQ(v, 0xCAFEF00Du);
		barrier();
		KT_EXPECT(vm_lookup(m->pgdir, RW, NULL) != shared);
		KT_EXPECT_EQ(vm_lookup(child->pgdir, RW, NULL), shared);
		KT_EXPECT(mm_equals(m, RW + 0x10, "HELLO", 6));
		KT_EXPECT(mm_equals(child, RW + 0x10, "hello", 6));
		KT_EXPECT(page_is_zero(child, RW + P));
		KT_EXPECT(page_at(child, RW) && page_at(child, RW)->refcount == 1);
		KT_EXPECT_EQ(pte_at(child, RW) & PTE_W, 0);
		/* read-only after mprotect, then PROT_NONE: the copy fails */
		KT_EXPECT_EQ(vma_protect(m, RW + 2 * P, RW + 3 * P, VM_READ), 0);
		KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 2 * P), "x", 1), 1);
		KT_EXPECT_EQ(vma_protect(m, RW + 2 * P, RW + 3 * P, 0), 0);
		KT_EXPECT_EQ(copy_from_user(buf, (const void __user *)(RW + 2 * P), 4), 4);
		KT_EXPECT_EQ(vma_protect(m, RW + 2 * P, RW + 3 * P, VM_READ | VM_WRITE), 0);
		KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 2 * P), "x", 1), 0);
	}

	current = NULL;
	fake.mm = NULL;
	switch_pgdir(kpgdir);
	if (child)
		mm_destroy(child);
	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static const struct ktest_case cases[] = {
	{ "demand_zero", demand_zero }, { "stack_growth", stack_growth },
	{ "cow_fork", cow_fork },	{ "brk", brk },
	{ "unmap_split", unmap_split }, { "protect", protect },
	{ "fork_storm", fork_storm },	{ "uaccess_resolves_faults", uaccess_resolves_faults },
};
KTEST_SUITE(proc, cases);
