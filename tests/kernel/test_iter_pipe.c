/*
 * Selftests of the two segment-less iov_iter kinds (lib/iov_iter.c) on a
 * real pipe ring (fs/pipe.c):
 *   ITER_PIPE: copies fill anonymous buffers and top up the one the
 *   iterator began (never one that was there before), copy_page_to_iter
 *   takes a page reference instead of copying (the page's refcount shows
 *   it) and grows its own buffer for the next bytes of the same page, the
 *   count is bounded by the free slots, a full ring takes nothing, revert
 *   takes bytes and references back out, and nothing can be copied from it.
 *   ITER_DISCARD: every copy only counts and advances, touching nothing.
 * Every page comes back when the pipe is freed.
 */
#include <kernel/ktest.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/highmem.h>
#include <kernel/pipe.h>

static char src[3 * PAGE_SIZE];

/* End the case as failed when cond (a set-up step) does not hold. */
#define REQUIRE(cond)            \
	do {                     \
		KT_EXPECT(cond); \
		if (!(cond))     \
			return;  \
	} while (0)

/* Fill src with a pattern that differs byte to byte. */
static void fill_src(void)
{
	for (size_t k = 0; k < sizeof(src); k++)
		src[k] = (char)(k * 7 + 3);
}

/* Whether buffer b holds n bytes equal to src[from..from + n). */
static bool buf_is(struct pipe_buf *b, size_t from, size_t n)
{
	char *addr = kmap_local_page(b->page);
	bool same = b->len == n && !memcmp(addr + b->offset, src + from, n);

	kunmap_local(addr);
	return same;
}

/* Copies fill anonymous buffers; the next copy tops up the last one. */
static void copy_fills_buffers(void)
{
	uint32_t before = nr_free_pages();
	struct pipe *p = pipe_alloc();
	struct iov_iter it;

	fill_src();
	REQUIRE(p != NULL);
	iov_iter_pipe(&it, READ, p, 100000);
	KT_EXPECT_EQ(iov_iter_count(&it), 16 * PAGE_SIZE); /* bounded by the slots */
	KT_EXPECT(iov_iter_is_pipe(&it) && !iov_iter_is_discard(&it) && !iter_is_iovec(&it));
	KT_EXPECT_EQ(copy_to_iter(src, 10000, &it), 10000);
	KT_EXPECT_EQ(pipe_occupancy(p), 3);
	KT_EXPECT(buf_is(pipe_buf(p, 0), 0, PAGE_SIZE));
	KT_EXPECT(buf_is(pipe_buf(p, 2), 2 * PAGE_SIZE, 10000 - 2 * PAGE_SIZE));
	KT_EXPECT(pipe_buf(p, 2)->ops == &anon_pipe_buf_ops);
	KT_EXPECT_EQ(copy_to_iter(src + 10000, 100, &it), 100); /* merged */
	KT_EXPECT_EQ(pipe_occupancy(p), 3);
	KT_EXPECT(buf_is(pipe_buf(p, 2), 2 * PAGE_SIZE, 10100 - 2 * PAGE_SIZE));
	KT_EXPECT_EQ(iov_iter_count(&it), 16 * PAGE_SIZE - 10100);
	KT_EXPECT_EQ(iov_iter_zero(50, &it), 50);
	char *addr = kmap_local_page(pipe_buf(p, 2)->page);
	KT_EXPECT(pipe_buf(p, 2)->len == 10150 - 2 * PAGE_SIZE &&
		  addr[10100 - 2 * PAGE_SIZE] == 0 && addr[10149 - 2 * PAGE_SIZE] == 0);
	kunmap_local(addr);
	char back[8];
	KT_EXPECT_EQ(copy_from_iter(back, sizeof(back), &it), 0); /* a destination only */

	/* a second iterator never tops up a buffer it did not begin */
	iov_iter_pipe(&it, READ, p, 100);
	KT_EXPECT_EQ(copy_to_iter(src, 10, &it), 10);
	KT_EXPECT_EQ(pipe_occupancy(p), 4);
	KT_EXPECT(buf_is(pipe_buf(p, 3), 0, 10));
	pipe_free(p);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* copy_page_to_iter puts a reference in: no copy, refcount + 1. */
static void page_by_reference(void)
{
	uint32_t before = nr_free_pages();
	struct pipe *p = pipe_alloc();
	struct page *pg = alloc_highuser_page();
	struct iov_iter it;

	REQUIRE(p != NULL && pg != NULL);
	uint16_t refs = pg->refcount;
	iov_iter_pipe(&it, READ, p, 16 * PAGE_SIZE);
	KT_EXPECT_EQ(copy_page_to_iter(pg, 100, 200, &it), 200);
	KT_EXPECT_EQ(pipe_occupancy(p), 1);
	KT_EXPECT(pipe_buf(p, 0)->page == pg && pipe_buf(p, 0)->offset == 100 &&
		  pipe_buf(p, 0)->len == 200);
	KT_EXPECT(pipe_buf(p, 0)->ops == &page_pipe_buf_ops);
	KT_EXPECT_EQ(pg->refcount, refs + 1);
	/* the bytes right after: the same buffer grows, no new reference */
	KT_EXPECT_EQ(copy_page_to_iter(pg, 300, 50, &it), 50);
	KT_EXPECT_EQ(pipe_occupancy(p), 1);
	KT_EXPECT_EQ(pipe_buf(p, 0)->len, 250);
	KT_EXPECT_EQ(pg->refcount, refs + 1);
	/* not contiguous: a new buffer and a new reference */
	KT_EXPECT_EQ(copy_page_to_iter(pg, 0, 10, &it), 10);
	KT_EXPECT_EQ(pipe_occupancy(p), 2);
	KT_EXPECT_EQ(pg->refcount, refs + 2);
	/* a copy after a reference starts an anonymous buffer */
	KT_EXPECT_EQ(copy_to_iter(src, 5, &it), 5);
	KT_EXPECT_EQ(pipe_occupancy(p), 3);
	KT_EXPECT(pipe_buf(p, 2)->ops == &anon_pipe_buf_ops);
	KT_EXPECT_EQ(copy_page_to_iter(pg, 4000, 200, &it), 0); /* off the page */
	KT_EXPECT_EQ(iov_iter_count(&it), 16 * PAGE_SIZE - 265);

	/* a page at the reference limit is copied instead (here into the
	 * anonymous buffer this iterator is filling) */
	uint16_t saved = pg->refcount;
	pg->refcount = 0xf000;
	KT_EXPECT_EQ(copy_page_to_iter(pg, 0, 20, &it), 20);
	KT_EXPECT_EQ(pg->refcount, 0xf000); /* copied into the anonymous buffer */
	KT_EXPECT_EQ(pipe_occupancy(p), 3);
	KT_EXPECT_EQ(pipe_buf(p, 2)->len, 25);
	pg->refcount = saved;

	pipe_free(p);
	KT_EXPECT_EQ(pg->refcount, refs); /* every reference went with the pipe */
	put_page(pg);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A full ring takes nothing; the count is bounded by the free slots. */
static void full_ring(void)
{
	uint32_t before = nr_free_pages();
	struct pipe *p = pipe_alloc();
	struct page *pg = alloc_highuser_page();
	struct iov_iter it;

	REQUIRE(p != NULL && pg != NULL);
	iov_iter_pipe(&it, READ, p, 15 * PAGE_SIZE);
	KT_EXPECT_EQ(iov_iter_zero(15 * PAGE_SIZE, &it), 15 * PAGE_SIZE);
	iov_iter_pipe(&it, READ, p, 100000);
	KT_EXPECT_EQ(iov_iter_count(&it), PAGE_SIZE);
	KT_EXPECT_EQ(copy_to_iter(src, 3 * PAGE_SIZE, &it), PAGE_SIZE);
	KT_EXPECT(pipe_full(p));
	iov_iter_pipe(&it, READ, p, 100000);
	KT_EXPECT_EQ(iov_iter_count(&it), 0);
	KT_EXPECT_EQ(copy_to_iter(src, 1, &it), 0);
	it.count = 100; /* as if the bound had been wrong: the ring still says no */
	KT_EXPECT_EQ(copy_page_to_iter(pg, 0, 100, &it), 0);
	KT_EXPECT_EQ(iov_iter_zero(100, &it), 0);
	KT_EXPECT_EQ(pipe_occupancy(p), 16);
	pipe_free(p);
	put_page(pg);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* revert takes the newest bytes back out, releasing whole buffers and
 * their references; then filling goes on from there. */
static void revert_takes_back(void)
{
	uint32_t before = nr_free_pages();
	struct pipe *p = pipe_alloc();
	struct page *pg = alloc_highuser_page();
	struct iov_iter it;

	REQUIRE(p != NULL && pg != NULL);
	uint16_t refs = pg->refcount;
	iov_iter_pipe(&it, READ, p, 16 * PAGE_SIZE);
	KT_EXPECT_EQ(copy_to_iter(src, 5000, &it), 5000);
	KT_EXPECT_EQ(copy_page_to_iter(pg, 0, 1000, &it), 1000);
	KT_EXPECT_EQ(pipe_occupancy(p), 3);
	iov_iter_revert(&it, 1500); /* the reference and 500 bytes */
	KT_EXPECT_EQ(pipe_occupancy(p), 2);
	KT_EXPECT_EQ(pg->refcount, refs);
	KT_EXPECT(buf_is(pipe_buf(p, 1), PAGE_SIZE, 4500 - PAGE_SIZE));
	KT_EXPECT_EQ(iov_iter_count(&it), 16 * PAGE_SIZE - 4500);
	KT_EXPECT_EQ(copy_to_iter(src + 4500, 100, &it), 100); /* tops up again */
	KT_EXPECT_EQ(pipe_occupancy(p), 2);
	KT_EXPECT(buf_is(pipe_buf(p, 1), PAGE_SIZE, 4600 - PAGE_SIZE));
	iov_iter_revert(&it, 4600);
	KT_EXPECT_EQ(pipe_occupancy(p), 0);
	KT_EXPECT_EQ(iov_iter_count(&it), 16 * PAGE_SIZE);
	iov_iter_advance(&it, 10); /* nothing to step over: only the count */
	KT_EXPECT_EQ(iov_iter_count(&it), 16 * PAGE_SIZE - 10);
	KT_EXPECT_EQ(pipe_occupancy(p), 0);
	pipe_free(p);
	put_page(pg);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* ITER_DISCARD counts every copy into it and touches nothing. */
static void discard_counts(void)
{
	struct page *pg = alloc_highuser_page();
	struct iov_iter it;
	char back[4] = { 1, 2, 3, 4 };

	REQUIRE(pg != NULL);
	uint16_t refs = pg->refcount;
	iov_iter_discard(&it, READ, 1000);
	KT_EXPECT(iov_iter_is_discard(&it) && !iov_iter_is_pipe(&it));
	KT_EXPECT_EQ(copy_to_iter(src, 300, &it), 300);
	KT_EXPECT_EQ(iov_iter_count(&it), 700);
	KT_EXPECT_EQ(copy_page_to_iter(pg, 0, 200, &it), 200);
	KT_EXPECT_EQ(pg->refcount, refs); /* no reference kept */
	KT_EXPECT_EQ(iov_iter_zero(100, &it), 100);
	KT_EXPECT_EQ(copy_mc_to_iter(src, 50, &it), 50);
	KT_EXPECT_EQ(iov_iter_count(&it), 350);
	KT_EXPECT_EQ(copy_from_iter(back, sizeof(back), &it), 0);
	KT_EXPECT(back[0] == 1 && back[3] == 4);
	iov_iter_advance(&it, 50);
	KT_EXPECT_EQ(iov_iter_count(&it), 300);
	iov_iter_revert(&it, 100);
	KT_EXPECT_EQ(iov_iter_count(&it), 400);
	KT_EXPECT_EQ(copy_to_iter(src, 1000, &it), 400); /* clamped to the count */
	KT_EXPECT_EQ(copy_to_iter(src, 1, &it), 0);
	put_page(pg);
}

static const struct ktest_case cases[] = {
	{ "copy_fills_buffers", copy_fills_buffers },
	{ "page_by_reference", page_by_reference },
	{ "full_ring", full_ring },
	{ "revert_takes_back", revert_takes_back },
	{ "discard_counts", discard_counts },
};
KTEST_SUITE(iter_pipe, cases);
