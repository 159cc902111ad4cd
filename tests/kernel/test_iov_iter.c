/*
 * Selftests for iov_iter (lib/iov_iter.c) on real user memory.
 *
 * .init loads the address space of usermap.h, without its read-only page:
 * two user read-write pages at U; the page at UEND = U+0x2000 is unmapped.
 * With no current process a copy that reaches UEND stops at exactly that
 * byte, which is what a partial readv/writev must report.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <lib/iov_iter.h>
#include <asm/uaccess.h>
#include "usermap.h"

static uint8_t src[PAGE_SIZE], dst[PAGE_SIZE];

/* True if the n user bytes at a equal buf. */
static bool user_equals(uint32_t a, const void *buf, size_t n)
{
	uint8_t tmp[256];

	BUG_ON(n > sizeof(tmp));
	peek(a, tmp, n);
	return memcmp(tmp, buf, n) == 0;
}

static void iov_init_mm(void)
{
	if (usermap_load(false))
		panic("iov_init_mm: cannot build the test mm");
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 29 + 3);
}

static struct iovec uiov(uint32_t base, size_t len)
{
	return (struct iovec){ (void __user *)(unsigned long)base, len };
}

/* Four segments: one crossing the page boundary, one empty. */
static void copy_segments(void)
{
	struct iovec v[4] = { uiov(U + 100, 50), uiov(U + PAGE_SIZE - 30, 60), uiov(U + 5000, 0),
			      uiov(U + 6000, 40) };
	struct iov_iter it;

	poke_fill(U, 0x5A, 2 * PAGE_SIZE);
	iov_iter_init(&it, READ, v, 4, 150);
	KT_EXPECT_EQ(iov_iter_count(&it), 150);
	KT_EXPECT_EQ(copy_to_iter(src, 70, &it), 70);
	KT_EXPECT_EQ(iov_iter_count(&it), 80);
	KT_EXPECT(it.iov == &v[1]);
	KT_EXPECT_EQ(it.iov_offset, 20);
	KT_EXPECT_EQ(it.nr_segs, 3);
	KT_EXPECT_EQ(copy_to_iter(src + 70, 100, &it), 80); /* clamped to count */
	KT_EXPECT_EQ(iov_iter_count(&it), 0);
	KT_EXPECT_EQ(copy_to_iter(src, 10, &it), 0);
	barrier();
	KT_EXPECT(user_equals(U + 100, src, 50));
	KT_EXPECT(user_equals(U + PAGE_SIZE - 30, src + 50, 60));
	KT_EXPECT(user_equals(U + 6000, src + 110, 40));
	KT_EXPECT_EQ(*uk(U + 99), 0x5A);
	KT_EXPECT_EQ(*uk(U + 150), 0x5A);
	KT_EXPECT_EQ(*uk(U + PAGE_SIZE - 31), 0x5A);
	KT_EXPECT_EQ(*uk(U + PAGE_SIZE + 30), 0x5A);
	KT_EXPECT_EQ(*uk(U + 5000), 0x5A);
	KT_EXPECT_EQ(*uk(U + 6040), 0x5A);

	/* and back out again, in uneven steps */
	memset(dst, 0xCC, 200);
	iov_iter_init(&it, WRITE, v, 4, 150);
	KT_EXPECT_EQ(copy_to_iter(src, 10, &it), 0); /* wrong direction */
	KT_EXPECT_EQ(copy_from_iter(dst, 49, &it), 49);
	KT_EXPECT_EQ(copy_from_iter(dst + 49, 1, &it), 1);
	KT_EXPECT(it.iov == &v[1]);
	KT_EXPECT_EQ(it.iov_offset, 0);
	KT_EXPECT_EQ(copy_from_iter(dst + 50, 200, &it), 100);
	KT_EXPECT_EQ(memcmp(dst, src, 150), 0);
	KT_EXPECT_EQ(dst[150], 0xCC);
	KT_EXPECT_EQ(it.nr_segs, 0);

	/* iov_iter_zero over the same segments */
	iov_iter_init(&it, READ, v, 4, 150);
	KT_EXPECT_EQ(iov_iter_zero(1000, &it), 150);
	barrier();
	memset(dst, 0, 60);
	KT_EXPECT(user_equals(U + 100, dst, 50));
	KT_EXPECT(user_equals(U + PAGE_SIZE - 30, dst, 60));
	KT_EXPECT(user_equals(U + 6000, dst, 40));
	KT_EXPECT_EQ(*uk(U + 150), 0x5A);
}

/* A segment that runs into the unmapped page stops the copy at UEND. */
static void fault_stops_at_byte(void)
{
	struct iovec v[3] = { uiov(U + 100, 20), uiov(UEND - 10, 30), uiov(U + 200, 10) };
	struct iov_iter it;

	poke_fill(U, 0x5A, 2 * PAGE_SIZE);
	iov_iter_init(&it, READ, v, 3, 60);
	KT_EXPECT_EQ(copy_to_iter(src, 60, &it), 30);
	KT_EXPECT_EQ(iov_iter_count(&it), 30);
	KT_EXPECT(it.iov == &v[1]);
	KT_EXPECT_EQ(it.iov_offset, 10);
	barrier();
	KT_EXPECT(user_equals(U + 100, src, 20));
	KT_EXPECT(user_equals(UEND - 10, src + 20, 10));
	KT_EXPECT_EQ(*uk(U + 200), 0x5A); /* the segment after: untouched */
	/* trying again moves nothing and keeps the cursor */
	KT_EXPECT_EQ(copy_to_iter(src, 60, &it), 0);
	KT_EXPECT_EQ(iov_iter_count(&it), 30);

	memset(dst, 0xCC, 64);
	iov_iter_init(&it, WRITE, v, 3, 60);
	KT_EXPECT_EQ(copy_from_iter(dst, 60, &it), 30);
	KT_EXPECT_EQ(iov_iter_count(&it), 30);
	KT_EXPECT_EQ(memcmp(dst, src, 30), 0);
	KT_EXPECT_EQ(dst[30], 0xCC); /* no zero-fill past the fault */

	/* the fault in the middle of a longer copy, at odd offsets */
	for (uint32_t k = 1; k <= 9; k++) {
		struct iovec w[2] = { uiov(U + 1, 3), uiov(UEND - k, 100) };
		iov_iter_init(&it, READ, w, 2, 103);
		KT_EXPECT_EQ(copy_to_iter(src, 103, &it), 3 + k);
		KT_EXPECT_EQ(iov_iter_count(&it), 100 - k);
		iov_iter_init(&it, READ, w, 2, 103);
		KT_EXPECT_EQ(iov_iter_zero(103, &it), 3 + k);
	}
}

/* Write n iovecs into user memory at a. */
static void put_uvec(uint32_t a, const struct iovec *v, size_t n)
{
	poke(a, v, n * sizeof(*v));
}

#define IMPORT(dir, uaddr, n) \
	import_iovec((dir), (const struct iovec __user *)(uaddr), (n), UIO_FASTIOV, &iovp, &it)

static void import(void)
{
	struct iovec fast[UIO_FASTIOV], v[9];
	struct iovec *iovp;
	struct iov_iter it;
	uint32_t free0 = nr_free_pages();

	/* count 0: an empty iterator */
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U, 0), 0);
	KT_EXPECT(iovp == NULL);
	KT_EXPECT_EQ(iov_iter_count(&it), 0);
	KT_EXPECT_EQ(it.nr_segs, 0);

	/* count 1 */
	v[0] = uiov(U + 3000, 10);
	put_uvec(U, v, 1);
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(WRITE, U, 1), 10);
	KT_EXPECT(iovp == NULL);
	KT_EXPECT(it.iov == fast);
	KT_EXPECT_EQ(it.nr_segs, 1);
	KT_EXPECT_EQ(it.data_source, WRITE);
	KT_EXPECT_EQ((uint32_t)fast[0].iov_base, U + 3000);
	KT_EXPECT_EQ(fast[0].iov_len, 10);

	/* 8 fit in the fast array; used for a real copy */
	for (int i = 0; i < 9; i++)
		v[i] = uiov(U + 4050 + 10 * i, i + 1); /* into page 2 */
	put_uvec(U + 16, v, 9);
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U + 16, 8), 36);
	KT_EXPECT(iovp == NULL);
	KT_EXPECT(it.iov == fast);
	KT_EXPECT_EQ(it.nr_segs, 8);
	KT_EXPECT_EQ(copy_to_iter(src, 36, &it), 36);
	barrier();
	for (int i = 0, off = 0; i < 8; off += ++i)
		KT_EXPECT(user_equals(U + 4050 + 10 * i, src + off, i + 1));

	/* 9 do not: the kept-warm array, which the caller gives back; a
	 * second import meanwhile gets a kmalloc'd one; no page moves */
	uint32_t free9 = nr_free_pages();
	struct iovec *held;
	KT_EXPECT(!iov_cache_in_use());
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U + 16, 9), 45);
	KT_EXPECT(iovp != NULL && iovp != fast);
	KT_EXPECT(iov_cache_in_use());
	KT_EXPECT(it.iov == iovp);
	KT_EXPECT_EQ(it.nr_segs, 9);
	KT_EXPECT(it.user_checked);
	KT_EXPECT_EQ(nr_free_pages(), free9);
	if (iovp && iovp != fast)
		KT_EXPECT_EQ(iovp[8].iov_len, 9);
	held = iovp;
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U + 16, 9), 45);
	KT_EXPECT(iovp != NULL && iovp != fast && iovp != held);
	KT_EXPECT(it.iov == iovp);
	iovec_free(iovp);
	iovec_free(held);
	KT_EXPECT(!iov_cache_in_use());

	/* no fast array at all: even one entry goes in the kept-warm array */
	iovp = NULL;
	KT_EXPECT_EQ(IMPORT(READ, U + 16, 1), 1);
	KT_EXPECT(iovp != NULL);
	KT_EXPECT(it.iov == iovp);
	iovec_free(iovp);
	KT_EXPECT(!iov_cache_in_use());

	/* UIO_MAXIOV entries fill both pages exactly */
	for (uint32_t i = 0; i < UIO_MAXIOV; i++) {
		struct iovec e = uiov(U + i, i & 1);
		put_uvec(U + i * sizeof(e), &e, 1);
	}
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U, UIO_MAXIOV), UIO_MAXIOV / 2);
	KT_EXPECT(iovp != NULL);
	KT_EXPECT_EQ(it.nr_segs, UIO_MAXIOV);
	iovec_free(iovp == fast ? NULL : iovp);
	KT_EXPECT(!iov_cache_in_use());
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U, UIO_MAXIOV + 1), -EINVAL);
	KT_EXPECT(iovp == NULL);
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U, -1), -EINVAL);
	KT_EXPECT(iovp == NULL);
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U, -UIO_MAXIOV), -EINVAL);

	/* the array itself runs into the unmapped page */
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, UEND - 7 * sizeof(struct iovec), 8), -EFAULT);
	KT_EXPECT(iovp == NULL);
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, UEND - 8 * sizeof(struct iovec), 9), -EFAULT);
	KT_EXPECT(iovp == NULL);
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, UEND - 4, 1), -EFAULT);
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, PAGE_OFFSET + 0x1000, 1), -EFAULT); /* kernel array */
	KT_EXPECT(iovp == NULL);
	KT_EXPECT_EQ(nr_free_pages(), free0); /* no kmalloc'd copy was leaked */

	/* segment checks: negative length, then addresses */
	struct {
		struct iovec v[3];
		long want;
	} bad[] = {
		{ { uiov(U, 1), uiov(U, 0x80000000u), uiov(U, 1) }, -EINVAL },
		{ { uiov(PAGE_OFFSET, 1), uiov(U, 1), uiov(U, 0xFFFFFFFFu) }, -EINVAL },
		{ { uiov(U, 1), uiov(PAGE_OFFSET + 0x1000, 0), uiov(U, 1) }, -EFAULT },
		/* an unmapped user base is not looked at, with length 0 or not */
		{ { uiov(0x50000000u, 0), uiov(U, 1), uiov(U, 1) }, 2 },
		{ { uiov(0x50000000u, 100), uiov(0, 0), uiov(U, 1) }, 101 },
		{ { uiov(U, 1), uiov(0xFFFFFFF0u, 0x20), uiov(U, 1) }, -EFAULT }, /* wraps */
		{ { uiov(U, 1), uiov(TASK_SIZE - 0x10, 0x20), uiov(U, 1) }, -EFAULT },
		{ { uiov(U, 1), uiov(TASK_SIZE - 0x10, 0x10), uiov(U, 1) }, 0x12 },
		{ { uiov(U, 1), uiov(TASK_SIZE, 0), uiov(U, 1) }, -EFAULT },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		put_uvec(U, bad[i].v, 3);
		iovp = fast;
		long got = IMPORT(READ, U, 3);
		if (got != bad[i].want)
			printk("    # segment case %u\n", (unsigned)i);
		KT_EXPECT_EQ(got, bad[i].want);
	}

	/* the total is clamped to MAX_RW_COUNT, never an error */
	v[0] = uiov(0x1000, 0x70000000u);
	v[1] = uiov(0x1000, 0x70000000u);
	v[2] = uiov(0x1000, 5);
	put_uvec(U, v, 3);
	iovp = fast;
	KT_EXPECT_EQ(IMPORT(READ, U, 3), MAX_RW_COUNT);
	KT_EXPECT_EQ(iov_iter_count(&it), MAX_RW_COUNT);
	KT_EXPECT_EQ(fast[0].iov_len, 0x70000000u);
	KT_EXPECT_EQ(fast[1].iov_len, MAX_RW_COUNT - 0x70000000u);
	KT_EXPECT_EQ(fast[2].iov_len, 0);
	KT_EXPECT_EQ(nr_free_pages(), free0);
}

static void page_copies(void)
{
	struct page *p = alloc_page();
	struct iovec v[2] = { uiov(U + 10, 100), uiov(U + 4000, 200) };
	struct iov_iter it;

	KT_EXPECT(p != NULL);
	if (!p)
		return;
	uint8_t *pm = page_address(p);
	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		pm[i] = (uint8_t)(i ^ 0x5C);
	iov_iter_init(&it, READ, v, 2, 300);
	KT_EXPECT_EQ(copy_page_to_iter(p, 50, 300, &it), 300);
	barrier();
	KT_EXPECT(user_equals(U + 10, pm + 50, 100));
	KT_EXPECT(user_equals(U + 4000, pm + 150, 200));
	iov_iter_init(&it, READ, v, 2, 300);
	KT_EXPECT_EQ(copy_page_to_iter(p, PAGE_SIZE - 100, 101, &it), 0); /* off the page */
	KT_EXPECT_EQ(copy_page_to_iter(p, (size_t)-1, 2, &it), 0);	  /* wraps */
	KT_EXPECT_EQ(iov_iter_count(&it), 300);
	KT_EXPECT_EQ(copy_page_to_iter(p, PAGE_SIZE - 100, 100, &it), 100);

	/* and into the page, from user memory */
	poke_fill(U + 10, 0xAB, 100);
	iov_iter_init(&it, WRITE, v, 2, 300);
	KT_EXPECT_EQ(copy_page_from_iter(p, 1000, 300, &it), 300);
	int wrong = 0;
	for (int i = 0; i < 100; i++)
		wrong += pm[1000 + i] != 0xAB;
	KT_EXPECT_EQ(wrong, 0);
	KT_EXPECT_EQ(pm[999], (999 ^ 0x5C) & 0xFF);
	KT_EXPECT_EQ(pm[1300], (1300 ^ 0x5C) & 0xFF);
	put_page(p);
}

/* iov_iter_advance then iov_iter_revert lands on the right byte. */
static void advance_revert(void)
{
	struct iovec v[5] = { uiov(U, 10), uiov(U + 100, 0), uiov(U + 200, 7), uiov(U + 300, 0),
			      uiov(U + 400, 20) };
	struct iov_iter it;
	int bad_count = 0, bad_byte = 0, bad_home = 0;

	/* byte i of the iterator holds i */
	for (int s = 0, n = 0; s < 5; s++)
		for (size_t j = 0; j < v[s].iov_len; j++, n++)
			*uk((uint32_t)v[s].iov_base + j) = (uint8_t)n;
	for (size_t a = 0; a <= 37; a++) {
		for (size_t b = 0; b <= a; b++) {
			uint8_t byte = 0xFF;

			iov_iter_init(&it, WRITE, v, 5, 37);
			iov_iter_advance(&it, a);
			bad_count += iov_iter_count(&it) != 37 - a;
			iov_iter_revert(&it, b);
			bad_count += iov_iter_count(&it) != 37 - a + b;
			if (a - b < 37) {
				bad_byte += copy_from_iter(&byte, 1, &it) != 1 || byte != a - b;
			}
			if (a == b) /* back home, then one byte read */
				bad_home += it.iov != v || it.nr_segs != 5 || it.iov_offset != 1;
		}
	}
	KT_EXPECT_EQ(bad_count, 0);
	KT_EXPECT_EQ(bad_byte, 0);
	KT_EXPECT_EQ(bad_home, 0);

	/* advancing past the end clamps */
	iov_iter_init(&it, WRITE, v, 5, 37);
	iov_iter_advance(&it, 1000);
	KT_EXPECT_EQ(iov_iter_count(&it), 0);
	KT_EXPECT_EQ(it.nr_segs, 0);
	iov_iter_revert(&it, 37);
	KT_EXPECT_EQ(iov_iter_count(&it), 37);
	KT_EXPECT(it.iov == v);
	KT_EXPECT_EQ(it.iov_offset, 0);
}

/* Kernel segments and pages go through the same loop. */
static void kvec_bvec(void)
{
	char a[5], b[3], c[8];
	struct kvec kv[3] = { { a, 5 }, { b, 0 }, { c, 8 } };
	struct iov_iter it;

	iov_iter_kvec(&it, READ, kv, 3, 13);
	KT_EXPECT_EQ(copy_to_iter("abcdefghijklmnop", 16, &it), 13);
	KT_EXPECT_EQ(memcmp(a, "abcde", 5), 0);
	KT_EXPECT_EQ(memcmp(c, "fghijklm", 8), 0);
	iov_iter_revert(&it, 10);
	KT_EXPECT_EQ(iov_iter_count(&it), 10);
	KT_EXPECT_EQ(iov_iter_zero(2, &it), 2); /* a[3], a[4] */
	KT_EXPECT_EQ(a[2], 'c');
	KT_EXPECT_EQ(a[3] | a[4], 0);
	KT_EXPECT_EQ(c[0], 'f');

	struct page *p = alloc_zeroed_page();
	KT_EXPECT(p != NULL);
	if (!p)
		return;
	struct bio_vec bv[2] = { { p, 4, 100 }, { p, 6, 2000 } };
	char out[10];
	memcpy((char *)page_address(p) + 100, "WXYZ", 4);
	memcpy((char *)page_address(p) + 2000, "123456", 6);
	iov_iter_bvec(&it, WRITE, bv, 2, 10);
	KT_EXPECT_EQ(copy_from_iter(out, 10, &it), 10);
	KT_EXPECT_EQ(memcmp(out, "WXYZ123456", 10), 0);
	put_page(p);
}

static const struct ktest_case cases[] = {
	{ "copy_segments", copy_segments },
	{ "fault_stops_at_byte", fault_stops_at_byte },
	{ "import", import },
	{ "page_copies", page_copies },
	{ "advance_revert", advance_revert },
	{ "kvec_bvec", kvec_bvec },
};
KTEST_SUITE(iov_iter, cases, .init = iov_init_mm, .exit = usermap_unload);
