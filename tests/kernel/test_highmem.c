/*
 * Selftests for high memory (mm/pmm.c's zones, mm/highmem.c's kmap
 * calls). tests/run.py boots this suite with highmem=32M on the default
 * machine and with -m 2G (and with highmem= sizes the kernel must
 * refuse); the cases that need high pages skip on a boot without them.
 *
 * The cases that need other processes (a kmap that sleeps for a slot, a
 * local mapping held across a switch) make kernel-only ones: proc_alloc
 * with its first swtch going to a function of this file instead of
 * forkret, all on one empty mm, run by sched_run_until from kmain's
 * context; each ends as an autoreaped zombie.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/proc.h>
#include <kernel/highmem.h>
#include <asm/highmem.h>
#include <asm/fixmap.h>
#include <asm/uaccess.h>
#include "kproc.h"

#define NEED_HIGHMEM()                                  \
	do {                                            \
		if (max_pfn == max_low_pfn)             \
			KT_SKIP("no high memory here"); \
	} while (0)

#define barrier() asm volatile("" ::: "memory")

/* Returns whether kernel address va is mapped in kpgdir. */
static bool kernel_mapped(uint32_t va)
{
	pde_t pde = kpgdir[PDX(va)];

	if (!(pde & PTE_P))
		return false;
	if (pde & PTE_PS)
		return true;
	return ((pte_t *)P2V(PTE_ADDR(pde)))[PTX(va)] & PTE_P;
}

/* Fill page with byte c through a local mapping. */
static void fill(struct page *page, int c)
{
	memzero_page(page, 0, PAGE_SIZE);
	char *a = kmap_local_page(page);
	memset(a, c, PAGE_SIZE);
	kunmap_local(a);
}

/* Returns how many bytes of the page at kernel address a are not c. */
static int not_filled(const void *a, int c)
{
	const uint8_t *b = a;
	int bad = 0;

	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		bad += b[i] != (uint8_t)c;
	return bad;
}

/* Returns how many bytes of page, read through a kmap_local mapping,
 * are not c. */
static int page_not_filled(struct page *page, int c)
{
	void *a = kmap_local_page(page);
	int bad = not_filled(a, c);
	kunmap_local(a);
	return bad;
}

/* The zones: low memory ends at the direct map's top, which is
 * MAX_DIRECT_MAP on a big machine; highmem= makes the high zone exactly
 * its size; no high page is in the direct map, and the last low one is. */
static void zone_sizes(void)
{
	uint32_t span = max_pfn - max_low_pfn;

	KT_EXPECT(max_low_pfn <= (MAX_DIRECT_MAP >> PAGE_SHIFT));
	KT_EXPECT_EQ(pmm_ram_top(), max_low_pfn << PAGE_SHIFT);
	KT_EXPECT_EQ(pmm_high_top(), max_pfn << PAGE_SHIFT);
	KT_EXPECT(totalhigh_pages() <= span);
	KT_EXPECT(nr_free_highpages() <= totalhigh_pages());
	KT_EXPECT(nr_total_pages() >= totalhigh_pages());
	printk("    # zones: low %u pages, high %u pages (%u free)\n", max_low_pfn, span,
	       nr_free_highpages());
	NEED_HIGHMEM();
	if (cmdline_highmem_set && max_pfn <= (MAX_DIRECT_MAP >> PAGE_SHIFT))
		KT_EXPECT_EQ(span, cmdline_highmem >> PAGE_SHIFT);
	if (!cmdline_highmem_set)
		KT_EXPECT_EQ(max_low_pfn, MAX_DIRECT_MAP >> PAGE_SHIFT);
	KT_EXPECT(totalhigh_pages() > 0);
	KT_EXPECT(kernel_mapped(PAGE_OFFSET + (max_low_pfn << PAGE_SHIFT) - PAGE_SIZE));
	if (max_low_pfn < (MAX_DIRECT_MAP >> PAGE_SHIFT))
		KT_EXPECT(!kernel_mapped(PAGE_OFFSET + (max_low_pfn << PAGE_SHIFT)));
	KT_EXPECT(!PageHighMem(pfn_to_page(max_low_pfn - 1)));
	KT_EXPECT(PageHighMem(pfn_to_page(max_low_pfn)));
	KT_EXPECT(PageHighMem(pfn_to_page(max_pfn - 1)));
}

/* The low-memory allocators never hand out a high page. */
static void low_allocators_stay_low(void)
{
	struct page *a = alloc_page(), *b = alloc_zeroed_page(), *c = alloc_user_page();
	struct page *d = alloc_pages(3);
	void *k = kmalloc(3 * PAGE_SIZE);

	KT_EXPECT(a && b && c && d && k);
	struct page *one[] = { a, b, c };
	for (int i = 0; i < 3; i++) {
		if (!one[i])
			continue;
		KT_EXPECT(!PageHighMem(one[i]));
		put_page(one[i]);
	}
	if (d) {
		KT_EXPECT(!PageHighMem(&d[2]));
		free_pages(d, 3);
	}
	if (k) {
		KT_EXPECT(V2P(k) + 3 * PAGE_SIZE <= max_low_pfn << PAGE_SHIFT);
		kfree(k);
	}
}

#define FEW 8 /* high pages left for alloc_highuser_page to hand out */

/* Takes every free high page but keep (alloc_high_page), chaining them
 * in a low array it returns with their count in *n; NULL if no memory. */
static struct page **drain_high(uint32_t keep, uint32_t *n)
{
	uint32_t want = nr_free_highpages() > keep ? nr_free_highpages() - keep : 0;
	uint32_t npages = (want * sizeof(struct page *) + PAGE_SIZE - 1) / PAGE_SIZE;
	struct page *arr = alloc_pages(npages ? npages : 1);

	*n = 0;
	if (!arr)
		return NULL;
	struct page **v = page_address(arr);
	while (*n < want && (v[*n] = alloc_high_page()))
		(*n)++;
	return v;
}

/* Frees what drain_high took, and its array. */
static void undrain(struct page **v, uint32_t n)
{
	uint32_t want = n;
	uint32_t npages = (want * sizeof(struct page *) + PAGE_SIZE - 1) / PAGE_SIZE;

	for (uint32_t i = 0; i < n; i++)
		put_page(v[i]);
	free_pages(virt_to_page(v), npages ? npages : 1);
}

/* alloc_highuser_page: zeroed high pages while there are any (poisoned
 * free pages included), then low ones, each counted as a fallback; the
 * kernel's reserve stays out of its reach; every count comes back. */
static void highuser_high_then_low(void)
{
	NEED_HIGHMEM();
	uint32_t before = nr_free_pages(), n;
	struct page *few[FEW + 1], *low[2];
	struct page **v = drain_high(FEW, &n);
	NEED(v);

	KT_EXPECT_EQ(nr_free_highpages(), FEW);
	uint32_t high0 = highmem_stats.highuser_high, fb0 = highmem_stats.highuser_fallback;
	for (int i = 0; i < FEW; i++) {
		few[i] = alloc_highuser_page();
		KT_EXPECT(few[i] && PageHighMem(few[i]));
		if (few[i])
			KT_EXPECT_EQ(page_not_filled(few[i], 0), 0);
	}
	KT_EXPECT_EQ(nr_free_highpages(), 0);
	KT_EXPECT_EQ(highmem_stats.highuser_high - high0, FEW);
	KT_EXPECT_EQ(highmem_stats.highuser_fallback - fb0, 0);
	KT_EXPECT_EQ(user_pages_avail(), nr_free_pages() - 128);
	for (int i = 0; i < 2; i++) {
		low[i] = alloc_highuser_page();
		KT_EXPECT(low[i] && !PageHighMem(low[i]));
		if (low[i])
			KT_EXPECT_EQ(not_filled(page_address(low[i]), 0), 0);
	}
	KT_EXPECT_EQ(highmem_stats.highuser_fallback - fb0, 2);
	/* a high page freed goes back to alloc_highuser_page first */
	put_page(few[0]);
	KT_EXPECT_EQ(user_pages_avail(), nr_free_pages() - 128);
	few[0] = alloc_highuser_page();
	KT_EXPECT(few[0] && PageHighMem(few[0]));
	KT_EXPECT_EQ(highmem_stats.highuser_fallback - fb0, 2);
	few[FEW] = NULL;
	for (int i = 0; i <= FEW; i++)
		if (few[i])
			put_page(few[i]);
	for (int i = 0; i < 2; i++)
		if (low[i])
			put_page(low[i]);
	undrain(v, n);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* The reserve: with high memory gone and low memory down to the reserve,
 * alloc_highuser_page and alloc_user_page give nothing, user_pages_left
 * says so, and the kernel's own alloc_page still has pages. */
static void reserve_kept(void)
{
	NEED_HIGHMEM();
	uint32_t before = nr_free_pages(), n, nlow = 0;
	struct page **v = drain_high(0, &n);
	struct page *head = NULL, *p;
	NEED(v);

	KT_EXPECT(user_pages_left() == (nr_free_pages() > 128));
	while ((p = alloc_user_page())) {
		*(struct page **)page_address(p) = head;
		head = p;
		nlow++;
	}
	KT_EXPECT(nlow > 0);
	KT_EXPECT(!user_pages_left());
	KT_EXPECT_EQ(user_pages_avail(), 0);
	KT_EXPECT(alloc_highuser_page() == NULL);
	p = alloc_page();
	KT_EXPECT(p != NULL);
	if (p)
		put_page(p);
	while (head) {
		struct page *next = *(struct page **)page_address(head);
		put_page(head);
		head = next;
	}
	undrain(v, n);
	KT_EXPECT(user_pages_left());
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* kmap of a high page: a pool address that page_address reports while it
 * is mapped; a second kmap shares the slot; the last kunmap frees it and
 * page_address is NULL again. A low page takes no slot. */
static void kmap_shares_slot(void)
{
	NEED_HIGHMEM();
	struct page *p = alloc_highuser_page(), *low = alloc_page();
	NEED(p);
	NEED(low);
	int used = kmap_pool_in_use();

	KT_EXPECT(PageHighMem(p));
	KT_EXPECT(page_address(p) == NULL);
	char *a = kmap(p);
	KT_EXPECT((uint32_t)a >= PKMAP_BASE && (uint32_t)a < PKMAP_ADDR(LAST_PKMAP));
	KT_EXPECT(page_address(p) == a);
	KT_EXPECT_EQ(kmap_pool_in_use(), used + 1);
	memset(a, 0x3c, PAGE_SIZE);
	char *b = kmap(p);
	KT_EXPECT(b == a);
	KT_EXPECT_EQ(kmap_pool_in_use(), used + 1);
	kunmap(p);
	KT_EXPECT(page_address(p) == a);
	KT_EXPECT_EQ(not_filled(a, 0x3c), 0);
	kunmap(p);
	KT_EXPECT(page_address(p) == NULL);
	KT_EXPECT_EQ(kmap_pool_in_use(), used);
	KT_EXPECT(!kernel_mapped((uint32_t)a));
	KT_EXPECT_EQ(page_not_filled(p, 0x3c), 0);
	KT_EXPECT(kmap(low) == page_address(low));
	KT_EXPECT_EQ(kmap_pool_in_use(), used);
	kunmap(low);
	KT_EXPECT(kmap_local_page(low) == page_address(low));
	KT_EXPECT_EQ(kmap_local_depth(), 0);
	kunmap_local(page_address(low));
	put_page(low);
	put_page(p);
}

/* --- kernel-only processes (kproc.h) for the cases below --- */

/* Returns whether *(volatile int *)arg is set. */
static bool flag_set(void *arg)
{
	return *(volatile int *)arg != 0;
}

/* Returns whether process arg sleeps. */
static bool sleeping(void *arg)
{
	return ((struct proc *)arg)->state == P_SLEEPING;
}

/* The exhaustion case's state. */
static struct page *spare;    /* the page the waiting kmap is for */
static struct page *to_unmap; /* the page the other process kunmaps */
static char *waiter_addr;     /* where the waiting kmap mapped spare */
static int waiter_done, unmapper_done;

/* Maps spare (sleeping until a slot is free) and writes through it. */
static void waiter(void)
{
	waiter_addr = kmap(spare);
	memset(waiter_addr, 0x77, PAGE_SIZE);
	waiter_done = 1;
	kproc_exit();
}

/* Frees a pool slot: kunmap of to_unmap. */
static void unmapper(void)
{
	kunmap(to_unmap);
	unmapper_done = 1;
	kproc_exit();
}

/* Every pool slot taken: the next kmap sleeps until a kunmap in another
 * process frees one; it then gets that slot, which maps the new page
 * (written through it, read back through a local mapping), not the old
 * one whose translation was read just before. */
static void kmap_exhaustion(void)
{
	NEED_HIGHMEM();
	uint32_t before = nr_free_pages();
	struct page *arr = alloc_pages(LAST_PKMAP * sizeof(struct page *) / PAGE_SIZE);
	NEED(arr);
	struct page **pg = page_address(arr);
	int used = kmap_pool_in_use(), n = 0, victim = LAST_PKMAP / 3;
	char *victim_addr = NULL;

	for (; used + n < LAST_PKMAP; n++) {
		pg[n] = alloc_highuser_page();
		if (pg[n] && !PageHighMem(pg[n]))
			put_page(pg[n]);
		if (!pg[n] || !PageHighMem(pg[n]))
			break;
		char *a = kmap(pg[n]);
		a[0] = (char)(1 + n % 100); /* never 0 */
		if (n == victim)
			victim_addr = a;
	}
	KT_EXPECT_EQ(kmap_pool_in_use(), LAST_PKMAP);
	spare = alloc_highuser_page();
	to_unmap = pg[victim];
	waiter_done = unmapper_done = 0;
	waiter_addr = NULL;
	uint32_t sleeps = highmem_stats.kmap_sleeps;
	struct proc *w = spare && victim_addr ? kproc(waiter, "kmap-waiter") : NULL;
	KT_EXPECT(w != NULL);
	if (w) {
		KT_EXPECT(sched_run_until(sleeping, w));
		KT_EXPECT_EQ(highmem_stats.kmap_sleeps - sleeps, 1);
		KT_EXPECT(!waiter_done);
		KT_EXPECT_EQ(victim_addr[0],
			     (char)(1 + victim % 100)); /* the old page, in the TLB */
		KT_EXPECT(kproc(unmapper, "kmap-unmapper") != NULL);
		KT_EXPECT(sched_run_until(flag_set, &waiter_done));
		KT_EXPECT(unmapper_done);
		KT_EXPECT(waiter_addr == victim_addr);
		KT_EXPECT(page_address(spare) == victim_addr);
		KT_EXPECT_EQ(not_filled(victim_addr, 0x77), 0);
		KT_EXPECT_EQ(page_not_filled(spare, 0x77), 0);
		KT_EXPECT_EQ(page_not_filled(to_unmap, 0), 1); /* its byte 0 only */
		kunmap(spare);
		KT_EXPECT(sched_run_until(all_gone, NULL));
	}
	/* the same without a process switch (no CR3 reload between): the
	 * freed slot's old translation, just used, must not outlive it */
	int v2 = 2 * LAST_PKMAP / 3;
	struct page *spare2 = alloc_highuser_page();
	KT_EXPECT(spare2 != NULL);
	if (spare && spare2 && n == LAST_PKMAP - used && v2 < n) {
		kmap(spare); /* takes the one free slot: the pool is full again */
		KT_EXPECT_EQ(kmap_pool_in_use(), LAST_PKMAP);
		char *old = page_address(pg[v2]);
		KT_EXPECT_EQ(old[0], (char)(1 + v2 % 100));
		kunmap(pg[v2]);
		char *again = kmap(spare2);
		KT_EXPECT(again == old);
		memset(again, 0x66, PAGE_SIZE);
		KT_EXPECT_EQ(page_not_filled(spare2, 0x66), 0);
		KT_EXPECT_EQ(page_not_filled(pg[v2], 0), 1); /* its byte 0 only */
		kunmap(spare2);
		kunmap(spare);
		kmap(pg[v2]); /* mapped again, as the loop below expects */
	}
	if (spare2)
		put_page(spare2);
	for (int i = 0; i < n; i++) {
		if (i != victim || !w)
			kunmap(pg[i]);
		put_page(pg[i]);
	}
	if (spare)
		put_page(spare);
	KT_EXPECT_EQ(kmap_pool_in_use(), used);
	free_pages(arr, LAST_PKMAP * sizeof(struct page *) / PAGE_SIZE);
	kproc_mm_release();
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* Local mappings nest to KM_MAX_IDX, one fixmap slot each, the newest
 * lowest; each is unmapped (and its slot cleared) in reverse order. */
static void kmap_local_nesting(void)
{
	NEED_HIGHMEM();
	struct page *p[KM_MAX_IDX];
	char *a[KM_MAX_IDX];
	int got = 0;

	for (; got < KM_MAX_IDX; got++) {
		p[got] = alloc_highuser_page();
		if (!p[got])
			break;
		fill(p[got], 0x10 + got);
	}
	KT_EXPECT_EQ(got, KM_MAX_IDX);
	if (got < KM_MAX_IDX) {
		while (got > 0)
			put_page(p[--got]);
		return;
	}
	for (int i = 0; i < KM_MAX_IDX; i++) {
		a[i] = kmap_local_page(p[i]);
		KT_EXPECT_EQ((uint32_t)a[i], __fix_to_virt(FIX_KMAP_BEGIN + i));
		KT_EXPECT_EQ(kmap_local_depth(), i + 1);
		KT_EXPECT(page_address(p[i]) == NULL); /* only the holder's */
	}
	for (int i = 0; i < KM_MAX_IDX; i++)
		KT_EXPECT_EQ(not_filled(a[i], 0x10 + i), 0);
	for (int i = KM_MAX_IDX - 1; i >= 0; i--) {
		kunmap_local(a[i]);
		KT_EXPECT_EQ(kmap_local_depth(), i);
		KT_EXPECT(!kernel_mapped((uint32_t)a[i]));
	}
	for (int i = 0; i < KM_MAX_IDX; i++)
		put_page(p[i]);
}

/* Unmapping a local mapping out of order is a BUG report (the last one is
 * unmapped anyway, as Linux does); so is an address that is no local
 * mapping, and an unmap with nothing mapped. */
static void kmap_local_out_of_order(void)
{
	NEED_HIGHMEM();
	struct page *x = alloc_highuser_page(), *y = alloc_highuser_page();
	NEED(x);
	NEED(y);
	fill(x, 0x5a);
	uint32_t bad = highmem_stats.local_bad_unmaps;

	char *ax = kmap_local_page(x);
	char *ay = kmap_local_page(y);
	KT_EXPECT_EQ((uint32_t)ax, __fix_to_virt(FIX_KMAP_BEGIN));
	if ((uint32_t)ax != __fix_to_virt(FIX_KMAP_BEGIN)) {
		/* not a local slot: kunmap_local below would free the page */
		kunmap_local(ay);
		kunmap_local(ax);
		put_page(x);
		put_page(y);
		return;
	}
	kunmap_local(ax);
	KT_EXPECT_EQ(highmem_stats.local_bad_unmaps - bad, 1);
	KT_EXPECT_EQ(kmap_local_depth(), 1);
	KT_EXPECT(!kernel_mapped((uint32_t)ay));
	KT_EXPECT_EQ(not_filled(ax, 0x5a), 0);
	kunmap_local(ax);
	KT_EXPECT_EQ(highmem_stats.local_bad_unmaps - bad, 1);
	KT_EXPECT_EQ(kmap_local_depth(), 0);
	kunmap_local(ax);
	KT_EXPECT_EQ(highmem_stats.local_bad_unmaps - bad, 2);
	kunmap_local((void *)PKMAP_BASE);
	KT_EXPECT_EQ(highmem_stats.local_bad_unmaps - bad, 3);
	KT_EXPECT_EQ(kmap_local_depth(), 0);
	put_page(x);
	put_page(y);
}

/* The switch case's state. */
static struct page *sw_page[2];
static int sw_bad[2], sw_done[2];

/* Holds a local mapping of sw_page[me] across yields while the other
 * process maps its own page in the same slot. */
static void sw_body(int me)
{
	char *a = kmap_local_page(sw_page[me]);

	for (int round = 0; round < 4; round++) {
		sw_bad[me] += not_filled(a, 0xe0 + me);
		yield();
	}
	sw_bad[me] += not_filled(a, 0xe0 + me);
	sw_bad[me] += kmap_local_depth() != 1;
	kunmap_local(a);
	sw_done[me] = 1;
	kproc_exit();
}
static void sw_first(void)
{
	sw_body(0);
}
static void sw_second(void)
{
	sw_body(1);
}

/* A local mapping survives a process switch: two processes hold their
 * own page in the same fixmap slot across yields, and kmain's context
 * keeps a third there while the scheduler runs them; each reads its own
 * bytes every time. */
static void kmap_local_survives_switch(void)
{
	NEED_HIGHMEM();
	struct page *mine = alloc_highuser_page();
	sw_page[0] = alloc_highuser_page();
	sw_page[1] = alloc_highuser_page();
	NEED(mine);
	NEED(sw_page[0]);
	NEED(sw_page[1]);
	fill(mine, 0xd0);
	fill(sw_page[0], 0xe0);
	fill(sw_page[1], 0xe1);
	sw_bad[0] = sw_bad[1] = sw_done[0] = sw_done[1] = 0;

	char *a = kmap_local_page(mine);
	KT_EXPECT_EQ((uint32_t)a, __fix_to_virt(FIX_KMAP_BEGIN));
	KT_EXPECT(kproc(sw_first, "kmap-local-0") != NULL);
	KT_EXPECT(kproc(sw_second, "kmap-local-1") != NULL);
	KT_EXPECT(sched_run_until(all_gone, NULL));
	KT_EXPECT(sw_done[0] && sw_done[1]);
	KT_EXPECT_EQ(sw_bad[0], 0);
	KT_EXPECT_EQ(sw_bad[1], 0);
	KT_EXPECT_EQ(kmap_local_depth(), 1);
	KT_EXPECT_EQ(not_filled(a, 0xd0), 0);
	kunmap_local(a);
	kproc_mm_release();
	put_page(mine);
	put_page(sw_page[0]);
	put_page(sw_page[1]);
}

#define UADDR 0x10000000u /* the fake process's one page of anonymous memory */

/* kmap_atomic disables page faults until kunmap_atomic: a user copy
 * under it comes back short where a fault would have given a page, and
 * succeeds once it is unmapped. */
static void kmap_atomic_disables_faults(void)
{
	NEED_HIGHMEM();
	static struct proc fake;
	struct page *p = alloc_highuser_page();
	struct mm *m = mm_create();
	char buf[16];
	NEED(p);
	NEED(m);
	KT_EXPECT_EQ(vma_add(m, UADDR, UADDR + PAGE_SIZE, VM_READ | VM_WRITE), 0);
	memset(&fake, 0, sizeof(fake));
	fake.mm = m;
	fake.pid = 4243;
	current = &fake;
	switch_pgdir(m->pgdir);

	KT_EXPECT(!pagefault_disabled());
	char *a = kmap_atomic(p);
	KT_EXPECT(pagefault_disabled());
	KT_EXPECT_EQ(__copy_from_user_inatomic(a, (const void __user *)UADDR, sizeof(buf)),
		     sizeof(buf));
	KT_EXPECT_EQ(vm_lookup(m->pgdir, UADDR, NULL), 0); /* no page was faulted in */
	kunmap_atomic(a);
	KT_EXPECT(!pagefault_disabled());
	KT_EXPECT_EQ(kmap_local_depth(), 0);
	KT_EXPECT_EQ(copy_from_user(buf, (const void __user *)UADDR, sizeof(buf)), 0);
	KT_EXPECT(vm_lookup(m->pgdir, UADDR, NULL) != 0);

	switch_pgdir(kpgdir);
	current = NULL;
	mm_destroy(m);
	put_page(p);
}

/* page_poison=1 fills a freed high page (through a local mapping) and
 * finds a byte written after the free. */
static void poison_high_pages(void)
{
	NEED_HIGHMEM();
	if (!page_poison)
		KT_SKIP("page_poison is off");
	struct page *p = alloc_high_page();
	NEED(p);
	fill(p, 0x11);
	put_page(p);
	KT_EXPECT(p->flags & PG_POISONED);
	KT_EXPECT_EQ(page_not_filled(p, PAGE_POISON), 0);
	KT_EXPECT_EQ(page_poison_find(p), -1);
	char *a = kmap_local_page(p);
	a[300] = 0;
	barrier();
	KT_EXPECT_EQ(page_poison_find(p), 300);
	a[300] = PAGE_POISON;
	kunmap_local(a);
	KT_EXPECT_EQ(page_poison_find(p), -1);
}

/* The header's helpers on high pages, and between a high and a low one:
 * memcpy_to_page, memcpy_from_page, memzero_page of a part,
 * copy_highpage both ways; no local slot is left taken. */
static void helpers_on_high_pages(void)
{
	NEED_HIGHMEM();
	struct page *h = alloc_highuser_page(), *h2 = alloc_highuser_page();
	struct page *low = alloc_zeroed_page();
	static char buf[PAGE_SIZE];
	NEED(h);
	NEED(h2);
	NEED(low);

	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		buf[i] = (char)(i * 7 + 1);
	memcpy_to_page(h, 100, buf, 200);
	char back[200];
	memcpy_from_page(back, h, 100, sizeof(back));
	KT_EXPECT_EQ(memcmp(back, buf, sizeof(back)), 0);
	memcpy_from_page(back, h, 0, 100);
	int nonzero = 0;
	for (int i = 0; i < 100; i++)
		nonzero += back[i] != 0;
	KT_EXPECT_EQ(nonzero, 0); /* before offset 100: still the zeroes */
	memcpy_to_page(h, 0, buf, PAGE_SIZE);
	memzero_page(h, 1000, 24);
	copy_highpage(h2, h);	/* high to high */
	copy_highpage(low, h2); /* high to low */
	const char *l = page_address(low);
	int bad = 0;
	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		bad += l[i] != (i >= 1000 && i < 1024 ? 0 : (char)(i * 7 + 1));
	KT_EXPECT_EQ(bad, 0);
	memset(page_address(low), 0x42, PAGE_SIZE);
	copy_highpage(h, low); /* low to high */
	KT_EXPECT_EQ(page_not_filled(h, 0x42), 0);
	KT_EXPECT_EQ(kmap_local_depth(), 0);
	put_page(h);
	put_page(h2);
	put_page(low);
}

static const struct ktest_case cases[] = {
	{ "zone_sizes", zone_sizes },
	{ "low_allocators_stay_low", low_allocators_stay_low },
	{ "highuser_high_then_low", highuser_high_then_low },
	{ "reserve_kept", reserve_kept },
	{ "kmap_local_nesting", kmap_local_nesting },
	{ "kmap_local_survives_switch", kmap_local_survives_switch },
	{ "kmap_atomic_disables_faults", kmap_atomic_disables_faults },
	{ "kmap_local_out_of_order", kmap_local_out_of_order },
	{ "kmap_shares_slot", kmap_shares_slot },
	{ "kmap_exhaustion", kmap_exhaustion },
	{ "poison_high_pages", poison_high_pages },
	{ "helpers_on_high_pages", helpers_on_high_pages },
};

KTEST_SUITE(highmem, cases);
