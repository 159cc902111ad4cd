/*
 * Selftests for the page copies of lib/iov_iter.c on user memory and
 * compound pages: fault_in_writeable/fault_in_readable (arch/x86/
 * usercopy.c), copy_page_to_iter/copy_page_from_iter's highmem path (the
 * fault-in, the copy under kmap_atomic, the kmap fallback, each counted in
 * copy_page_atomic_count/copy_page_fallback_count) and page_copy_sane over
 * compound runs from alloc_pages(n).
 *
 * Each user case builds a private mm with one read-write VMA, RW ..
 * RW+4P, and a read-only one at RO, and runs as a fake current process on
 * it, so page faults there are resolved (demand zero, copy-on-write) as a
 * process's are. Its pages come from alloc_highuser_page, so on a machine
 * with high memory they are high pages. Each case checks the free page
 * count comes back.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/proc.h>
#include <kernel/highmem.h>
#include <asm/uaccess.h>
#include <lib/iov_iter.h>
#include "mmpeek.h"

#define P PAGE_SIZE
#define RW 0x10000000u
#define RO 0x10100000u
#define UNMAPPED 0x10200000u /* in no VMA */

#define barrier() asm volatile("" ::: "memory")

static struct proc fake;
static uint8_t kbuf[3 * P];

/* Build the mm and make it current (as a fake process). Returns it, or
 * NULL with nothing changed. */
static struct mm *enter_mm(void)
{
	struct mm *m = mm_create();

	if (!m)
		return NULL;
	if (vma_add(m, RW, RW + 4 * P, VM_READ | VM_WRITE) || vma_add(m, RO, RO + P, VM_READ)) {
		mm_destroy(m);
		return NULL;
	}
	KT_EXPECT(current == NULL);
	fake.mm = m;
	fake.pid = 4243;
	memcpy(fake.name, "page-copy-test", sizeof("page-copy-test"));
	current = &fake;
	switch_pgdir(m->pgdir);
	return m;
}

/* Undo enter_mm and free m. */
static void leave_mm(struct mm *m)
{
	current = NULL;
	fake.mm = NULL;
	switch_pgdir(kpgdir);
	mm_destroy(m);
}

/* A user iovec over [base, base + len). */
static struct iovec uiov(uint32_t base, size_t len)
{
	return (struct iovec){ (void __user *)(unsigned long)base, len };
}

/* A page for user data (high memory first) with byte k = k * 7 + seed. */
static struct page *pattern_page(int seed)
{
	struct page *p = alloc_highuser_page();

	if (p) {
		uint8_t *k = kmap_local_page(p);
		for (uint32_t i = 0; i < P; i++)
			k[i] = (uint8_t)(i * 7 + seed);
		kunmap_local(k);
	}
	return p;
}

/* fault_in_writeable: each page of the range made present and writable
 * (a zero stored at its first byte in the range), the bytes not reached
 * returned, as Linux's. */
static void fault_in_write(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = enter_mm();
	NEED(m);

	KT_EXPECT_EQ(fault_in_writeable((char __user *)(RW + 100), 0), 0);
	KT_EXPECT(mm_page_at(m, RW) == NULL); /* size 0 touches nothing */
	KT_EXPECT_EQ(fault_in_writeable((char __user *)(RW + 100), 2 * P), 0);
	KT_EXPECT(mm_page_at(m, RW) && mm_page_at(m, RW + P) && mm_page_at(m, RW + 2 * P));
	KT_EXPECT(mm_page_at(m, RW + 3 * P) == NULL); /* past the range: untouched */
	KT_EXPECT(mm_page_at(m, RW + 2 * P) && mm_page_at(m, RW + 2 * P)->refcount == 1);
	/* a present page's bytes stay as they were (stored back, not zeroed) */
	KT_EXPECT(mm_poke(m, RW + 200, "ab", 2));
	KT_EXPECT_EQ(fault_in_writeable((char __user *)(RW + 200), 2), 0);
	KT_EXPECT_EQ(mm_byte(m, RW + 200), 'a');
	KT_EXPECT_EQ(mm_byte(m, RW + 201), 'b');
	/* the last VMA page, then no VMA: the bytes from the first bad page */
	KT_EXPECT_EQ(fault_in_writeable((char __user *)(RW + 4 * P - 10), 30), 20);
	KT_EXPECT(mm_page_at(m, RW + 3 * P) != NULL);
	KT_EXPECT_EQ(fault_in_writeable((char __user *)(RW + 4 * P), 30), 30);
	KT_EXPECT_EQ(fault_in_writeable((char __user *)UNMAPPED, 1), 1);
	/* read-only: nothing can be faulted in for writing */
	KT_EXPECT_EQ(fault_in_writeable((char __user *)RO, 10), 10);
	pte_t pte = 0;
	vm_lookup(m->pgdir, RO, &pte);
	KT_EXPECT_EQ(pte & PTE_W, 0); /* read in, perhaps, but never writable */
	/* kernel addresses, NULL, a wrapping range: access_ok refuses all */
	KT_EXPECT_EQ(fault_in_writeable((char __user *)0xC0100000u, 8), 8);
	KT_EXPECT_EQ(fault_in_writeable((char __user *)NULL, 8), 8);
	KT_EXPECT_EQ(fault_in_writeable((char __user *)(RW + 100), 0xFFFFFFF0u), 0xFFFFFFF0u);
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* fault_in_readable: pages present afterwards, contents unchanged; a
 * copy-on-write page is only read, so stays shared. */
static void fault_in_read(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = enter_mm(), *child;
	NEED(m);

	KT_EXPECT_EQ(fault_in_readable((const char __user *)(RW + 10), P), 0);
	KT_EXPECT(mm_page_at(m, RW) && mm_page_at(m, RW + P));
	KT_EXPECT_EQ(fault_in_readable((const char __user *)RO, P), 0); /* read-only is fine */
	KT_EXPECT(mm_page_at(m, RO) != NULL);
	KT_EXPECT_EQ(fault_in_readable((const char __user *)(RW + 4 * P - 1), P + 1), P);
	KT_EXPECT_EQ(fault_in_readable((const char __user *)UNMAPPED, 5), 5);
	KT_EXPECT_EQ(fault_in_readable((const char __user *)0xC0000000u, 1), 1);
	KT_EXPECT_EQ(fault_in_readable((const char __user *)NULL, 1), 1);
	KT_EXPECT_EQ(fault_in_readable((const char __user *)(RW + 10), 0), 0);

	/* copy-on-write: read keeps it shared, write takes the copy */
	KT_EXPECT(mm_poke(m, RW + 20, "cow", 3));
	child = mm_dup(m);
	if (!child) {
		leave_mm(m);
		NEED(child);
	}
	struct page *shared = mm_page_at(m, RW);
	KT_EXPECT_EQ(fault_in_readable((const char __user *)(RW + 20), 3), 0);
	KT_EXPECT(mm_page_at(m, RW) == shared);
	KT_EXPECT_EQ(fault_in_writeable((char __user *)(RW + 20), 3), 0);
	KT_EXPECT(mm_page_at(m, RW) != shared);
	KT_EXPECT(mm_equals(child, RW + 20, "cow", 3)); /* the child's is its own */
	KT_EXPECT(mm_equals(m, RW + 20, "cow", 3));	/* stored back unchanged */
	mm_destroy(child);
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A present destination: the copy is done under kmap_atomic, counted
 * once as atomic, no fallback. */
static void atomic_taken(void)
{
	uint32_t before = nr_free_pages();
	struct page *src = pattern_page(3);
	NEED(src);
	struct mm *m = enter_mm();
	if (!m)
		put_page(src);
	NEED(m);
	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "x", 1), 0); /* present now */
	KT_EXPECT_EQ(copy_to_user((void __user *)(RW + P), "x", 1), 0);

	struct iovec v[2] = { uiov(RW + 100, 1000), uiov(RW + P + 8, 500) };
	struct iov_iter it;
	unsigned long a0 = copy_page_atomic_count, f0 = copy_page_fallback_count;
	iov_iter_init(&it, READ, v, 2, 1500);
	KT_EXPECT_EQ(copy_page_to_iter(src, 40, 1500, &it), 1500);
	KT_EXPECT_EQ(copy_page_atomic_count - a0, 1);
	KT_EXPECT_EQ(copy_page_fallback_count - f0, 0);
	KT_EXPECT_EQ(iov_iter_count(&it), 0);
	barrier();
	uint8_t *k = kmap_local_page(src);
	KT_EXPECT(mm_equals(m, RW + 100, k + 40, 1000));
	KT_EXPECT(mm_equals(m, RW + P + 8, k + 1040, 500));
	kunmap_local(k);
	KT_EXPECT_EQ(mm_byte(m, RW + 99), 0); /* around the segments: untouched */
	KT_EXPECT_EQ(mm_byte(m, RW + 1100), 0);

	/* and back: present source pages into the page, atomically */
	KT_EXPECT(mm_poke(m, RW + 100, "ABCDEFGH", 8));
	iov_iter_init(&it, WRITE, v, 1, 8);
	a0 = copy_page_atomic_count;
	f0 = copy_page_fallback_count;
	KT_EXPECT_EQ(copy_page_from_iter(src, P - 8, 8, &it), 8);
	KT_EXPECT_EQ(copy_page_atomic_count - a0, 1);
	KT_EXPECT_EQ(copy_page_fallback_count - f0, 0);
	KT_EXPECT(page_equals(src, P - 8, "ABCDEFGH", 8));
	leave_mm(m);
	put_page(src);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A never-touched page in the second segment is not faulted in first
 * (only the first segment is, as Linux): the atomic copy comes back short
 * there and the kmap fallback finishes it, resolving the fault. */
static void fallback_untouched(void)
{
	uint32_t before = nr_free_pages();
	struct page *src = pattern_page(5);
	NEED(src);
	struct mm *m = enter_mm();
	if (!m)
		put_page(src);
	NEED(m);

	struct iovec v[2] = { uiov(RW + 16, 100), uiov(RW + 2 * P + 4, 300) };
	struct iov_iter it;
	unsigned long a0 = copy_page_atomic_count, f0 = copy_page_fallback_count;
	iov_iter_init(&it, READ, v, 2, 400);
	KT_EXPECT_EQ(copy_page_to_iter(src, 0, 400, &it), 400);
	KT_EXPECT_EQ(copy_page_atomic_count - a0, 0);
	KT_EXPECT_EQ(copy_page_fallback_count - f0, 1);
	KT_EXPECT(mm_page_at(m, RW + 2 * P) != NULL); /* the fallback's fault made it */
	barrier();
	uint8_t *k = kmap_local_page(src);
	KT_EXPECT(mm_equals(m, RW + 16, k, 100));
	KT_EXPECT(mm_equals(m, RW + 2 * P + 4, k + 100, 300));
	kunmap_local(k);

	/* from never-touched memory into the page: zeroes, by the fallback */
	iov_iter_init(&it, WRITE, (struct iovec[]){ uiov(RW + 8, 4), uiov(RW + 3 * P, 12) }, 2, 16);
	a0 = copy_page_atomic_count;
	f0 = copy_page_fallback_count;
	KT_EXPECT_EQ(copy_page_from_iter(src, 200, 16, &it), 16);
	KT_EXPECT_EQ(copy_page_fallback_count - f0, 1);
	KT_EXPECT_EQ(copy_page_atomic_count - a0, 0);
	KT_EXPECT(page_equals(src, 204, "\0\0\0\0\0\0\0\0\0\0\0\0", 12));

	/* the first segment on a never-touched page: the fault-in makes it, so
	 * the atomic copy succeeds */
	iov_iter_init(&it, READ, v, 1, 100);
	v[0] = uiov(RW + P + 50, 100);
	a0 = copy_page_atomic_count;
	f0 = copy_page_fallback_count;
	KT_EXPECT(mm_page_at(m, RW + P) == NULL);
	KT_EXPECT_EQ(copy_page_to_iter(src, 0, 100, &it), 100);
	KT_EXPECT_EQ(copy_page_atomic_count - a0, 1);
	KT_EXPECT_EQ(copy_page_fallback_count - f0, 0);
	leave_mm(m);
	put_page(src);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A copy-on-write page in the second segment: the atomic write comes back
 * short, the fallback takes the private copy; the other mm keeps its
 * page. A bad address stops the fallback at the exact byte. */
static void fallback_cow_and_fault(void)
{
	uint32_t before = nr_free_pages();
	struct page *src = pattern_page(9);
	NEED(src);
	struct mm *m = enter_mm(), *child;
	if (!m)
		put_page(src);
	NEED(m);
	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "first", 5), 0);
	KT_EXPECT_EQ(copy_to_user((void __user *)(RW + P), "second", 6), 0);
	child = mm_dup(m);
	if (!child) {
		leave_mm(m);
		put_page(src);
		NEED(child);
	}
	struct page *shared = mm_page_at(m, RW + P);
	/* make page 0 ours again, so only the second segment is COW */
	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "F", 1), 0);

	struct iovec v[2] = { uiov(RW + 100, 10), uiov(RW + P, 20) };
	struct iov_iter it;
	unsigned long a0 = copy_page_atomic_count, f0 = copy_page_fallback_count;
	iov_iter_init(&it, READ, v, 2, 30);
	KT_EXPECT_EQ(copy_page_to_iter(src, 1000, 30, &it), 30);
	KT_EXPECT_EQ(copy_page_atomic_count - a0, 0);
	KT_EXPECT_EQ(copy_page_fallback_count - f0, 1);
	KT_EXPECT(mm_page_at(m, RW + P) != shared);
	KT_EXPECT(mm_equals(child, RW + P, "second", 6));
	uint8_t *k = kmap_local_page(src);
	KT_EXPECT(mm_equals(m, RW + 100, k + 1000, 10));
	KT_EXPECT(mm_equals(m, RW + P, k + 1010, 20));
	kunmap_local(k);
	mm_destroy(child);

	/* the end of the VMA: the fault-in fails, the fallback copies up to
	 * the last good byte */
	v[0] = uiov(RW + 4 * P - 6, 20);
	iov_iter_init(&it, READ, v, 1, 20);
	a0 = copy_page_atomic_count;
	f0 = copy_page_fallback_count;
	KT_EXPECT_EQ(copy_page_to_iter(src, 0, 20, &it), 6);
	KT_EXPECT_EQ(iov_iter_count(&it), 14);
	KT_EXPECT_EQ(copy_page_fallback_count - f0, 1);
	KT_EXPECT_EQ(copy_page_atomic_count - a0, 0);
	/* read-only and kernel destinations: nothing */
	v[0] = uiov(RO, 20);
	iov_iter_init(&it, READ, v, 1, 20);
	KT_EXPECT_EQ(copy_page_to_iter(src, 0, 20, &it), 0);
	v[0] = uiov(0xC0001000u, 20);
	iov_iter_init(&it, READ, v, 1, 20);
	KT_EXPECT_EQ(copy_page_to_iter(src, 0, 20, &it), 0);
	v[0] = uiov(UNMAPPED, 20);
	iov_iter_init(&it, WRITE, v, 1, 20);
	KT_EXPECT_EQ(copy_page_from_iter(src, 0, 20, &it), 0);
	KT_EXPECT_EQ(iov_iter_count(&it), 20);
	leave_mm(m);
	put_page(src);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* On a machine with high memory (highmem=, -m 2G), the pages these cases
 * copy are high: a demand-zero page, a COW copy, a file page. */
static void pages_are_high(void)
{
	uint32_t before = nr_free_pages();

	if (nr_free_highpages() == 0)
		KT_SKIP("no high memory on this boot");
	struct mm *m = enter_mm();
	NEED(m);
	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "x", 1), 0);
	KT_EXPECT(mm_page_at(m, RW) && PageHighMem(mm_page_at(m, RW)));
	struct mm *child = mm_dup(m);
	KT_EXPECT(child != NULL);
	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "y", 1), 0); /* the COW copy */
	KT_EXPECT(mm_page_at(m, RW) && PageHighMem(mm_page_at(m, RW)));
	KT_EXPECT(child && mm_equals(child, RW, "x", 1) && mm_equals(m, RW, "y", 1));
	if (child)
		mm_destroy(child);
	struct page *p = pattern_page(1);
	KT_EXPECT(p && PageHighMem(p));
	if (p)
		put_page(p);
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* alloc_pages(n) marks a compound run; compound_head finds it from any page. */
static void compound_marks(void)
{
	uint32_t before = nr_free_pages();
	struct page *run = alloc_pages(3), *one = alloc_page();

	KT_EXPECT(run && one);
	if (!run || !one)
		goto out;
	KT_EXPECT(run->flags & PG_HEAD);
	KT_EXPECT_EQ(compound_nr(run), 3);
	KT_EXPECT(compound_head(&run[1]) == run);
	KT_EXPECT(compound_head(&run[2]) == run);
	KT_EXPECT(compound_head(run) == run);
	KT_EXPECT(run[2].flags & PG_TAIL);
	KT_EXPECT_EQ(compound_nr(&run[1]), 1); /* a tail starts no run */
	KT_EXPECT(compound_head(one) == one);
	KT_EXPECT_EQ(compound_nr(one), 1);
	KT_EXPECT_EQ(one->flags & (PG_HEAD | PG_TAIL), 0);
out:
	if (run)
		free_pages(run, 3);
	if (one)
		put_page(one);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* page_copy_sane: a copy may span a compound run from the page it names,
 * never past the run's end (nor past a single page): those move 0. */
static void compound_sane(void)
{
	uint32_t before = nr_free_pages();
	struct page *run = alloc_pages(3), *one = alloc_page();
	struct kvec kv = { kbuf, sizeof(kbuf) };
	struct iov_iter it;

	KT_EXPECT(run && one);
	if (!run || !one)
		goto out;
	for (uint32_t pg = 0; pg < 3; pg++) {
		uint8_t *k = kmap_local_page(&run[pg]);
		for (uint32_t i = 0; i < P; i++)
			k[i] = (uint8_t)(pg * P + i) ^ 0x3C;
		kunmap_local(k);
	}
	int wrong = 0;
	/* sane: within the run, from the head and from a tail */
	iov_iter_kvec(&it, READ, &kv, 1, sizeof(kbuf));
	KT_EXPECT_EQ(copy_page_to_iter(run, 100, 2 * P + 50, &it), 2 * P + 50);
	for (uint32_t i = 0; i < 2 * P + 50; i++)
		wrong += kbuf[i] != ((uint8_t)(100 + i) ^ 0x3C);
	KT_EXPECT_EQ(wrong, 0);
	iov_iter_kvec(&it, READ, &kv, 1, sizeof(kbuf));
	KT_EXPECT_EQ(copy_page_to_iter(&run[1], P - 10, P + 10, &it), P + 10);
	KT_EXPECT_EQ(kbuf[0], ((2 * P - 10) & 0xFF) ^ 0x3C);
	KT_EXPECT_EQ(kbuf[P + 9], ((3 * P - 1) & 0xFF) ^ 0x3C);
	iov_iter_kvec(&it, READ, &kv, 1, sizeof(kbuf));
	KT_EXPECT_EQ(copy_page_to_iter(run, 3 * P, 0, &it), 0);
	/* insane: past the run from the head or a tail, past a single page,
	 * wrapping: nothing moves and the iterator stays */
	iov_iter_kvec(&it, READ, &kv, 1, sizeof(kbuf));
	KT_EXPECT_EQ(copy_page_to_iter(run, 0, 3 * P + 1, &it), 0);
	KT_EXPECT_EQ(copy_page_to_iter(&run[2], 10, P, &it), 0);
	KT_EXPECT_EQ(copy_page_to_iter(&run[1], P, 2 * P, &it), 0);
	KT_EXPECT_EQ(copy_page_to_iter(one, 1, P, &it), 0);
	KT_EXPECT_EQ(copy_page_to_iter(one, (size_t)-4, 8, &it), 0);
	KT_EXPECT_EQ(iov_iter_count(&it), sizeof(kbuf));
	/* the same for copy_page_from_iter */
	memset(kbuf, 0xA5, sizeof(kbuf));
	iov_iter_kvec(&it, WRITE, &kv, 1, sizeof(kbuf));
	KT_EXPECT_EQ(copy_page_from_iter(run, 3 * P - 100, 101, &it), 0);
	KT_EXPECT_EQ(copy_page_from_iter(&run[1], 5, 2 * P - 5, &it), 2 * P - 5);
	KT_EXPECT(page_equals(&run[1], 5, kbuf, P - 5));
	KT_EXPECT(page_equals(&run[2], 0, kbuf, P));
	KT_EXPECT_EQ(iov_iter_count(&it), sizeof(kbuf) - (2 * P - 5));
out:
	if (run)
		free_pages(run, 3);
	if (one)
		put_page(one);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* An ITER_BVEC segment longer than a page, over a compound run: every
 * copy steps through it page by page. */
static void bvec_multipage(void)
{
	uint32_t before = nr_free_pages();
	struct page *run = alloc_pages(3);
	NEED(run);
	struct bio_vec bv[2] = { { run, 2 * P + 100, 50 }, { &run[2], 10, 200 } };
	struct iov_iter it;
	int wrong = 0;

	for (uint32_t i = 0; i < sizeof(kbuf); i++)
		kbuf[i] = (uint8_t)(i * 13 + 1);
	iov_iter_bvec(&it, READ, bv, 2, 2 * P + 110);
	KT_EXPECT_EQ(copy_to_iter(kbuf, sizeof(kbuf), &it), 2 * P + 110);
	for (uint32_t i = 0; i < 2 * P + 100; i++) {
		uint32_t at = 50 + i;
		uint8_t b;
		memcpy_from_page(&b, &run[at / P], at % P, 1);
		wrong += b != kbuf[i];
	}
	KT_EXPECT_EQ(wrong, 0);
	KT_EXPECT(page_equals(&run[2], 200, kbuf + 2 * P + 100, 10));
	/* back out of it, and zeroes into it */
	static uint8_t out[3 * P];
	iov_iter_bvec(&it, WRITE, bv, 2, 2 * P + 110);
	KT_EXPECT_EQ(copy_from_iter(out, sizeof(out), &it), 2 * P + 110);
	KT_EXPECT_EQ(memcmp(out, kbuf, 2 * P + 110), 0);
	/* from byte 10 of page 1 (segment offset P - 40) to byte 10 of page 2 */
	iov_iter_bvec(&it, READ, bv, 1, 2 * P + 100);
	iov_iter_advance(&it, P - 40);
	KT_EXPECT_EQ(iov_iter_zero(P, &it), P);
	uint8_t b[2];
	memcpy_from_page(&b[0], &run[1], 9, 1);
	memcpy_from_page(&b[1], &run[2], 10, 1);
	KT_EXPECT_EQ(b[0], kbuf[P - 41]);     /* just before: kept */
	KT_EXPECT_EQ(b[1], kbuf[2 * P - 40]); /* just after: kept */
	KT_EXPECT(page_equals(&run[1], 10, "\0\0\0\0", 4));
	KT_EXPECT(page_equals(&run[2], 6, "\0\0\0\0", 4));
	free_pages(run, 3);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static const struct ktest_case cases[] = {
	{ "fault_in_write", fault_in_write },
	{ "fault_in_read", fault_in_read },
	{ "atomic_taken", atomic_taken },
	{ "fallback_untouched", fallback_untouched },
	{ "fallback_cow_and_fault", fallback_cow_and_fault },
	{ "pages_are_high", pages_are_high },
	{ "compound_marks", compound_marks },
	{ "compound_sane", compound_sane },
	{ "bvec_multipage", bvec_multipage },
};
KTEST_SUITE(page_copy, cases);
