/*
 * Selftests for /dev/pmem0 (fs/pmem.c) and its memmap= region: the region's
 * frames never reach the page allocator, and the bad-range list makes
 * reads stop with -EIO at a poisoned sector and writes that cover one
 * clear it, as Linux's is_bad_pmem/pmem_clear_poison. The device's file
 * operations are called directly on kernel buffers (ITER_KVEC).
 *
 * tests/run.py boots this suite with memmap=1M!100M, and with regions
 * the kernel must refuse; without a region every case but the first is
 * skipped.
 */
#include <kernel/ktest.h>
#include <kernel/fs.h>
#include <kernel/memmap.h>
#include <kernel/mm.h>
#include <kernel/pmem.h>
#include <lib/iov_iter.h>

#define SEC PMEM_SECTOR
#define BUFSZ (2 * PAGE_SIZE)

static uint8_t kbuf[BUFSZ];
static uint64_t base, size;
static const struct file_operations *ops;
static struct file file;

#define NEED_REGION()                                                     \
	do {                                                              \
		if (!size || !ops)                                        \
			KT_SKIP("no memmap=nn!ss region: no /dev/pmem0"); \
		pmem_clear_badranges();                                   \
	} while (0)

/* read_iter of n bytes at off into kbuf. Returns what it returns. */
static ssize_t rd(loff_t off, size_t n)
{
	struct kvec kv = { kbuf, n };
	struct iov_iter it;

	iov_iter_kvec(&it, READ, &kv, 1, n);
	return ops->read_iter(&file, &it, &off);
}

/* write_iter of n bytes of kbuf at off. Returns what it returns. */
static ssize_t wr(loff_t off, size_t n)
{
	struct kvec kv = { kbuf, n };
	struct iov_iter it;

	iov_iter_kvec(&it, WRITE, &kv, 1, n);
	return ops->write_iter(&file, &it, &off);
}

/* /dev/pmem0 is registered exactly when a region was kept. Prints
 * MemTotal for tests/run.py. */
static void device_iff_region(void)
{
	KT_EXPECT_EQ(pmem_size() != 0, ops != NULL);
	KT_EXPECT_EQ(pmem_size(), size);
	/* /proc/meminfo's; tests/run.py compares it with and without a region */
	printk("    # MemTotal: %u kB\n", nr_total_pages() * (PAGE_SIZE / 1024));
}

static void region_reserved(void)
{
	uint32_t bad = 0;

	NEED_REGION();
	KT_EXPECT_EQ(pmem_size(), size);
	for (uint64_t pa = base; pa < base + size; pa += PAGE_SIZE) {
		const struct page *p = &page_array[pa >> PAGE_SHIFT];
		bad += !(p->flags & PG_RESERVED) || p->refcount != 0;
	}
	KT_EXPECT_EQ(bad, 0);
	/* and the page allocator never hands one out */
	struct page *head = NULL, *p;
	uint32_t inside = 0;
	while ((p = alloc_page()) != NULL) {
		uint32_t pa = page_to_phys(p);
		inside += pa >= base && pa < base + size;
		*(struct page **)page_address(p) = head;
		head = p;
	}
	while (head) {
		p = head;
		head = *(struct page **)page_address(p);
		put_page(p);
	}
	KT_EXPECT_EQ(inside, 0);
}

static void poisoned_read_is_eio(void)
{
	NEED_REGION();
	KT_EXPECT_EQ(pmem_record_poison(base + 5000, 1), 0); /* sector 9: 4608-5119 */
	KT_EXPECT_EQ(pmem_badranges(), 1);
	KT_EXPECT_EQ(rd(0, BUFSZ), 9 * SEC); /* stops before it */
	KT_EXPECT_EQ(rd(9 * SEC, 10), -EIO);
	KT_EXPECT_EQ(rd(5100, 100), -EIO);
	KT_EXPECT_EQ(rd(10 * SEC, 100), 100); /* after it is fine */
	KT_EXPECT_EQ(rd(9 * SEC - 1, 100), 1);
}

static void write_clears_covered_sectors(void)
{
	NEED_REGION();
	memset(kbuf, 0x77, BUFSZ);
	KT_EXPECT_EQ(pmem_record_poison(base + 9 * SEC, SEC), 0);
	KT_EXPECT_EQ(wr(9 * SEC + 100, 100), -EIO); /* part of it: stays bad */
	KT_EXPECT_EQ(wr(9 * SEC - 208, 300), 208);  /* up to it */
	KT_EXPECT_EQ(pmem_badranges(), 1);
	KT_EXPECT_EQ(wr(8 * SEC, 2 * SEC), 2 * SEC); /* all of it: cleared */
	KT_EXPECT_EQ(pmem_badranges(), 0);
	memset(kbuf, 0, BUFSZ);
	KT_EXPECT_EQ(rd(8 * SEC, 2 * SEC), 2 * SEC);
	KT_EXPECT_EQ(kbuf[0], 0x77);
	KT_EXPECT_EQ(kbuf[2 * SEC - 1], 0x77);
}

static void clear_splits_a_range(void)
{
	NEED_REGION();
	KT_EXPECT_EQ(pmem_record_poison(base + 20 * SEC, 4 * SEC), 0); /* 20-23 */
	KT_EXPECT_EQ(pmem_badranges(), 1);
	KT_EXPECT_EQ(wr(21 * SEC, SEC), SEC); /* 21 alone */
	KT_EXPECT_EQ(pmem_badranges(), 2);
	KT_EXPECT_EQ(rd(21 * SEC, SEC), SEC);
	KT_EXPECT_EQ(rd(20 * SEC, 10), -EIO);
	KT_EXPECT_EQ(rd(22 * SEC, 10), -EIO);
	KT_EXPECT_EQ(rd(23 * SEC, 10), -EIO);
	KT_EXPECT_EQ(rd(24 * SEC, 10), 10);
}

static void record_limits(void)
{
	NEED_REGION();
	KT_EXPECT_EQ(pmem_record_poison(base - 1, 1), -ERANGE);
	KT_EXPECT_EQ(pmem_record_poison(base + size, 100), -ERANGE);
	KT_EXPECT_EQ(pmem_record_poison(base, 0), -ERANGE);
	KT_EXPECT_EQ(pmem_record_poison(base - 10, 20), 0); /* the part inside counts */
	KT_EXPECT_EQ(rd(0, 1), -EIO);
	KT_EXPECT_EQ(pmem_record_poison(base + SEC, 1), 0); /* touches it: merged */
	KT_EXPECT_EQ(pmem_badranges(), 1);
	KT_EXPECT_EQ(rd(0, BUFSZ), -EIO);
	KT_EXPECT_EQ(rd(2 * SEC, 10), 10);
	pmem_clear_badranges();
	for (int i = 0; i < PMEM_MAX_BADRANGES; i++)
		KT_EXPECT_EQ(pmem_record_poison(base + (2 * i + 1) * SEC, 1), 0);
	KT_EXPECT_EQ(pmem_record_poison(base + 100 * SEC, 1), -ENOSPC);
	KT_EXPECT_EQ(pmem_record_poison(base + 3 * SEC, 1), 0); /* already there */
	KT_EXPECT_EQ(pmem_badranges(), PMEM_MAX_BADRANGES);
	KT_EXPECT_EQ(rd(size - 10, 100), 10); /* the end still cuts reads short */
	KT_EXPECT_EQ(wr(size, 1), -ENOSPC);
	pmem_clear_badranges();
}

static void pmem_suite_init(void)
{
	memmap_pmem(&base, &size);
	ops = chrdev_ops(MKDEV(PMEM_MAJOR, PMEM_MINOR));
	file.fop = ops;
	file.flags = O_RDWR;
}

static const struct ktest_case cases[] = {
	{ "device_iff_region", device_iff_region },
	{ "region_reserved", region_reserved },
	{ "poisoned_read_is_eio", poisoned_read_is_eio },
	{ "write_clears_covered_sectors", write_clears_covered_sectors },
	{ "clear_splits_a_range", clear_splits_a_range },
	{ "record_limits", record_limits },
};
KTEST_SUITE(pmem, cases, .init = pmem_suite_init);
