/*
 * Host unit tests for lib/iov_iter.c, run under ASan and UBSan.
 *
 * The iterator is driven over the three kinds of memory it knows, all fakes
 * from tests/host/fake_kernel.c: kernel buffers (a host array), pages (the
 * fake page block) and user memory (a fake 32-bit user address space where a
 * fault can be put at any byte). The same segment layouts - scattered,
 * unaligned, zero-length, crossing page boundaries - are tried on each kind,
 * with every byte outside the segments checked to be left alone. The two
 * kinds without segments are tried too: ITER_PIPE over a small ring with
 * the pipe functions of tests/host/fake_pipe.c, and ITER_DISCARD.
 *
 * Output is TAP: one "ok N - name" or "not ok N - name" per test, the reasons
 * for a failure on "# " lines after it. Each test also fails if it leaves
 * kmalloc'd memory behind. Exit status 0 only if every test passes.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <lib/iov_iter.h>
#include <kernel/libdeps.h>
#include <kernel/errno.h>
#include <kernel/pipe_buf.h>

/* The test-side interface of fake_kernel.c. */
extern const unsigned long fake_user_base, fake_user_size, fake_nr_pages;
extern unsigned long fake_fault_at;
extern unsigned long fake_kmalloc_calls;
extern long fake_kmalloc_live;
extern int fake_kmalloc_fail;
extern unsigned long fake_user_calls;
extern const unsigned char *fake_poison_at;
extern unsigned long fake_fail_copy_nth;
struct page *fake_page(unsigned long n);
void fake_reset(void);
void *fake_user(unsigned long uaddr, unsigned long n);
unsigned char *fake_phys_mem(void);
extern unsigned long fake_absent_page, fake_kmaps, fake_kmap_locals, fake_printk_calls;
extern int pagefault_disable_depth;
void fake_pages_compound(unsigned long first, unsigned long len);
size_t fault_in_writeable(char *uaddr, size_t size);
size_t fault_in_readable(const char *uaddr, size_t size);

#define PG 4096
#define AREA (16 * PG)		/* every kind of backing memory is this big */
#define GUARD 0xEE		/* bytes no copy may touch */
#define MAXSEG 16

/* ---- TAP harness ---- */

static char reasons[2048];	/* "# ..." lines for the running test */
static int nfail;		/* failed checks in the running test */

/* Record a failed check (only the first few, to keep the output short).
 * Returns ok, so a test can stop early on a broken precondition. */
static __attribute__((format(printf, 4, 5))) bool check_at(bool ok, int line, const char *expr,
							      const char *fmt, ...)
{
	size_t len = strlen(reasons);
	va_list ap;

	if (ok)
		return true;
	if (nfail++ >= 6)
		return false;
	len += snprintf(reasons + len, sizeof(reasons) - len, "# line %d: %s", line, expr);
	if (len < sizeof(reasons) && fmt[1]) {	/* fmt is ":" then the message */
		va_start(ap, fmt);
		len += vsnprintf(reasons + len, sizeof(reasons) - len, fmt, ap);
		va_end(ap);
	}
	if (len < sizeof(reasons))
		snprintf(reasons + len, sizeof(reasons) - len, "\n");
	return false;
}

/* CHECK(cond) or CHECK(cond, "format", args...). */
#define CHECK(cond, ...) check_at(!!(cond), __LINE__, #cond, ":" __VA_ARGS__)
#define CHECK_EQ(a, b) check_eq(__LINE__, #a " == " #b, (long long)(a), (long long)(b))

/* CHECK_EQ(a, b): compare two integers, each evaluated once; a failure shows
 * both values. Returns true if they are equal. */
static bool check_eq(int line, const char *expr, long long a, long long b)
{
	return check_at(a == b, line, expr, ": got %lld (0x%llx), want %lld (0x%llx)", a,
			(unsigned long long)a, b, (unsigned long long)b);
}

/* ---- memory and layouts ---- */

static unsigned char kmem[AREA];	/* backing for ITER_KVEC */
#define UAREA (fake_user_base + 0x1000)	/* user address of the ITER_IOVEC area */
#define UARR (fake_user_base + 0x80000) /* user address for iovec arrays */

/* The byte at position k of a transfer, or of the data laid out in a segment. */
static unsigned char pat(size_t k, unsigned seed)
{
	return (unsigned char)(k * 131u + (k >> 8) + 17u + seed * 29u);
}

struct seg {
	size_t off, len;	/* within the AREA-sized backing memory */
};

/* An iterator of any kind over a layout, with its segment arrays. */
struct fixture {
	int type;
	int nsegs;
	struct seg segs[MAXSEG];
	struct kvec kv[MAXSEG];
	struct iovec iv[MAXSEG];
	struct bio_vec bv[MAXSEG];
	unsigned char *mem;	/* host view of the AREA backing the segments */
	size_t total;		/* sum of segment lengths */
};

static const char *type_name[] = {"iovec", "kvec", "bvec"};

/* Lay segs out in memory of kind type; the backing is filled with GUARD. */
static void fx_setup(struct fixture *fx, int type, const struct seg *segs, int n)
{
	int k;

	fx->type = type;
	fx->nsegs = n;
	fx->total = 0;
	if (type == ITER_KVEC)
		fx->mem = kmem;
	else if (type == ITER_IOVEC)
		fx->mem = fake_user(UAREA, AREA);
	else
		fx->mem = fake_phys_mem();
	memset(fx->mem, GUARD, AREA);
	for (k = 0; k < n; k++) {
		fx->segs[k] = segs[k];
		fx->total += segs[k].len;
		fx->kv[k].iov_base = kmem + segs[k].off;
		fx->kv[k].iov_len = segs[k].len;
		fx->iv[k].iov_base = (void *)(uintptr_t)(UAREA + segs[k].off);
		fx->iv[k].iov_len = segs[k].len;
		fx->bv[k].bv_page = fake_page(segs[k].off / PG);
		fx->bv[k].bv_offset = segs[k].off % PG;
		fx->bv[k].bv_len = segs[k].len;
	}
}

/* Start an iterator over the fixture's segments. */
static void fx_iter(struct fixture *fx, unsigned dir, size_t count, struct iov_iter *it)
{
	if (fx->type == ITER_KVEC)
		iov_iter_kvec(it, dir, fx->kv, fx->nsegs, count);
	else if (fx->type == ITER_IOVEC)
		iov_iter_init(it, dir, fx->iv, fx->nsegs, count);
	else
		iov_iter_bvec(it, dir, fx->bv, fx->nsegs, count);
}

/* Index of the iterator's current segment in the fixture. */
static long fx_index(const struct fixture *fx, const struct iov_iter *it)
{
	if (fx->type == ITER_KVEC)
		return it->kvec - fx->kv;
	if (fx->type == ITER_IOVEC)
		return it->iov - fx->iv;
	return it->bvec - fx->bv;
}

/* Fill the segments with pat(position, seed), as a source iterator would hold. */
static void fx_fill(struct fixture *fx, unsigned seed)
{
	size_t pos = 0;
	int k;

	for (k = 0; k < fx->nsegs; k++) {
		size_t j;

		for (j = 0; j < fx->segs[k].len; j++)
			fx->mem[fx->segs[k].off + j] = pat(pos++, seed);
	}
}

/* Check that the first `upto` bytes of the segments hold pat(position, seed)
 * (or zeroes if zero), and every other byte of the backing is still GUARD.
 * Returns true if all hold. */
static bool fx_verify(struct fixture *fx, size_t upto, unsigned seed, bool zero, int line)
{
	static unsigned char expect[AREA];
	size_t pos = 0;
	int k;
	size_t j;

	memset(expect, GUARD, AREA);
	for (k = 0; k < fx->nsegs; k++) {
		for (j = 0; j < fx->segs[k].len; j++, pos++) {
			if (pos < upto)
				expect[fx->segs[k].off + j] = zero ? 0 : pat(pos, seed);
		}
	}
	for (j = 0; j < AREA; j++) {
		if (fx->mem[j] != expect[j])
			return check_at(false, line, "fx_verify",
					": %s memory byte %zu is 0x%02x, want 0x%02x",
					type_name[fx->type], j, fx->mem[j], expect[j]);
	}
	return true;
}

/* Scattered, unaligned, with zero-length segments first, last and between,
 * and segments that cross page boundaries (4090+20, 20000+4096, 40955+8200). */
static const struct seg layout_a[] = {
	{50, 0}, {3, 5}, {100, 0}, {4090, 20}, {8191, 1}, {9000, 0}, {9000, 0},
	{12001, 333}, {20000, 4096}, {30000, 1}, {40955, 8200}, {60000, 0},
};
/* Back to back in memory, so a stray extra byte lands in the next segment. */
static const struct seg layout_b[] = {
	{4095, 1}, {4096, 7}, {4103, 0}, {4103, 4097}, {8200, 3},
};

/* ---- kvec/bvec/iovec data movement (one test per kind) ---- */

/* One copy fills every segment in order and touches nothing else. */
static void test_copy_to_iter_layout(int type)
{
	static unsigned char src[AREA];
	const struct seg *layouts[] = {layout_a, layout_b};
	int nl[] = {ARRAY_SIZE(layout_a), ARRAY_SIZE(layout_b)};
	struct fixture fx;
	struct iov_iter it;
	size_t k;
	int l;

	for (k = 0; k < AREA; k++)
		src[k] = pat(k, 1);
	for (l = 0; l < 2; l++) {
		fx_setup(&fx, type, layouts[l], nl[l]);
		fx_iter(&fx, READ, fx.total, &it);
		CHECK_EQ(copy_to_iter(src, fx.total + 100, &it), fx.total);
		CHECK_EQ(it.count, 0);
		CHECK_EQ(it.nr_segs, 0);
		CHECK_EQ(fx_index(&fx, &it), fx.nsegs);
		fx_verify(&fx, fx.total, 1, false, __LINE__);
		CHECK_EQ(copy_to_iter(src, 10, &it), 0);
		fx_verify(&fx, fx.total, 1, false, __LINE__);
	}
}

/* Copy in pieces of varying size; the result must equal one big copy. */
static void test_copy_to_iter_pieces(int type)
{
	static unsigned char src[AREA];
	struct fixture fx;
	struct iov_iter it;
	size_t done = 0, k, step = 1;

	for (k = 0; k < AREA; k++)
		src[k] = pat(k, 2);
	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	fx_iter(&fx, READ, fx.total, &it);
	while (done < fx.total) {
		size_t want = step < fx.total - done ? step : fx.total - done;
		size_t got = copy_to_iter(src + done, step, &it);

		if (!CHECK_EQ(got, want))
			return;
		done += got;
		CHECK_EQ(it.count, fx.total - done);
		step = step * 3 % 1000 + 1;
	}
	fx_verify(&fx, fx.total, 2, false, __LINE__);
}

/* A count shorter than the segments: only count bytes move. */
static void test_copy_to_iter_short_count(int type)
{
	static unsigned char src[AREA];
	struct fixture fx;
	struct iov_iter it;
	size_t k, count;

	for (k = 0; k < AREA; k++)
		src[k] = pat(k, 3);
	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	count = fx.total - 4100;
	fx_iter(&fx, READ, count, &it);
	CHECK_EQ(copy_to_iter(src, AREA, &it), count);
	CHECK_EQ(it.count, 0);
	fx_verify(&fx, count, 3, false, __LINE__);
	CHECK_EQ(copy_to_iter(src, 1, &it), 0);
}

/*
 * copy_mc_to_iter: with no poison, the same as copy_to_iter; with a
 * poisoned source byte, every kind of iterator comes back short, at the
 * 4-byte source unit that holds it (from src + 1: 3 head bytes, then
 * aligned units, so poison at src + 5001 leaves 4999 copied), advanced by
 * exactly that; the rest then copies to the end. A source iterator moves
 * nothing.
 */
static void test_copy_mc_to_iter(int type)
{
	static unsigned char src[AREA + 8] __attribute__((aligned(8)));
	struct fixture fx;
	struct iov_iter it;
	size_t k;

	for (k = 0; k < AREA; k++)
		src[k + 1] = pat(k, 4);
	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	fx_iter(&fx, READ, fx.total, &it);
	CHECK_EQ(copy_mc_to_iter(src + 1, fx.total, &it), fx.total);
	fx_verify(&fx, fx.total, 4, false, __LINE__);

	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	fx_iter(&fx, READ, fx.total, &it);
	fake_poison_at = src + 5001;
	CHECK_EQ(copy_mc_to_iter(src + 1, fx.total, &it), 4999);
	CHECK_EQ(it.count, fx.total - 4999);
	fx_verify(&fx, 4999, 4, false, __LINE__);
	CHECK_EQ(copy_mc_to_iter(src + 1 + 4999, fx.total, &it), 0); /* still poisoned */
	CHECK_EQ(it.count, fx.total - 4999);
	fake_poison_at = NULL;
	CHECK_EQ(copy_mc_to_iter(src + 1 + 4999, fx.total, &it), fx.total - 4999);
	CHECK_EQ(it.count, 0);
	fx_verify(&fx, fx.total, 4, false, __LINE__);

	/* poison in the head bytes: nothing moves; just past the end: all */
	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	fx_iter(&fx, READ, fx.total, &it);
	fake_poison_at = src + 1;
	CHECK_EQ(copy_mc_to_iter(src + 1, fx.total, &it), 0);
	CHECK_EQ(it.count, fx.total);
	fake_poison_at = src + 1 + fx.total;
	CHECK_EQ(copy_mc_to_iter(src + 1, fx.total, &it), fx.total);
	fx_verify(&fx, fx.total, 4, false, __LINE__);

	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	fx_iter(&fx, WRITE, fx.total, &it);
	fake_poison_at = NULL;
	CHECK_EQ(copy_mc_to_iter(src + 1, fx.total, &it), 0);
	CHECK_EQ(it.count, fx.total);
	fx_verify(&fx, 0, 4, false, __LINE__);
}

/* The copy the copy_from_iter tests run through: copy_from_iter, or the
 * flushcache and nocache variants, which must move the same bytes. */
static size_t (*from_copy)(void *addr, size_t bytes, struct iov_iter *i) = copy_from_iter;

/* Reading the segments back, in one go or in pieces, yields them in order. */
static void test_copy_from_iter_layout(int type)
{
	static unsigned char dst[AREA + 64];
	struct fixture fx;
	struct iov_iter it;
	size_t k, done = 0, step = 7;

	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	fx_fill(&fx, 4);
	memset(dst, GUARD, sizeof(dst));
	fx_iter(&fx, WRITE, fx.total, &it);
	CHECK_EQ(from_copy(dst, fx.total + 64, &it), fx.total);
	CHECK_EQ(it.count, 0);
	CHECK_EQ(it.nr_segs, 0);
	for (k = 0; k < fx.total; k++)
		if (!CHECK(dst[k] == pat(k, 4), "byte %zu", k))
			break;
	for (; k < sizeof(dst); k++)
		if (!CHECK(dst[k] == GUARD, "byte %zu past the data was written", k))
			break;

	/* Again in pieces. */
	memset(dst, GUARD, sizeof(dst));
	fx_iter(&fx, WRITE, fx.total, &it);
	while (done < fx.total) {
		size_t got = from_copy(dst + done, step, &it);

		if (!CHECK(got == step || got == fx.total - done, "got %zu at %zu", got, done))
			return;
		done += got;
		step = step * 5 % 997 + 1;
	}
	for (k = 0; k < fx.total; k++)
		if (!CHECK(dst[k] == pat(k, 4), "byte %zu", k))
			break;
	fx_verify(&fx, fx.total, 4, false, __LINE__);	/* the source is unchanged */
}

/* Zeroing part, then the rest, of the segments; nothing else is touched. */
static void test_zero_layout(int type)
{
	struct fixture fx;
	struct iov_iter it;
	size_t half;

	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	half = fx.total / 2 + 3;
	fx_iter(&fx, READ, fx.total, &it);
	CHECK_EQ(iov_iter_zero(half, &it), half);
	CHECK_EQ(it.count, fx.total - half);
	fx_verify(&fx, half, 0, true, __LINE__);
	CHECK_EQ(iov_iter_zero(AREA, &it), fx.total - half);
	CHECK_EQ(it.count, 0);
	fx_verify(&fx, fx.total, 0, true, __LINE__);
}

/* The wrong direction moves nothing and leaves the iterator alone. */
static void test_direction(int type)
{
	unsigned char buf[64];
	struct fixture fx;
	struct iov_iter it, saved;

	memset(buf, 0x55, sizeof(buf));
	fx_setup(&fx, type, layout_b, ARRAY_SIZE(layout_b));
	fx_iter(&fx, WRITE, fx.total, &it);
	CHECK_EQ(it.data_source, 1);
	saved = it;
	CHECK_EQ(copy_to_iter(buf, sizeof(buf), &it), 0);
	CHECK_EQ(iov_iter_zero(sizeof(buf), &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(0), 0, 16, &it), 0);
	CHECK(memcmp(&it, &saved, sizeof(it)) == 0, "iterator moved");
	fx_verify(&fx, 0, 0, false, __LINE__);

	fx_iter(&fx, READ, fx.total, &it);
	CHECK_EQ(it.data_source, 0);
	saved = it;
	CHECK_EQ(copy_from_iter(buf, sizeof(buf), &it), 0);
	CHECK_EQ(_copy_from_iter_flushcache(buf, sizeof(buf), &it), 0);
	CHECK_EQ(_copy_from_iter_nocache(buf, sizeof(buf), &it), 0);
	CHECK_EQ(copy_page_from_iter(fake_page(0), 0, 16, &it), 0);
	CHECK(memcmp(&it, &saved, sizeof(it)) == 0, "iterator moved");
	CHECK(buf[0] == 0x55 && buf[63] == 0x55, "buffer written");
}

/* The three set-up calls fill in every field of the iterator. */
static void test_init_fields(void)
{
	struct kvec kv[3] = {{0}};
	struct iovec iv[2] = {{0}};
	struct bio_vec bv[4] = {{0}};
	struct iov_iter it;

	memset(&it, 0xA5, sizeof(it));
	iov_iter_init(&it, READ, iv, 2, 77);
	CHECK_EQ(it.type, ITER_IOVEC);
	CHECK_EQ(it.data_source, READ);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(it.count, 77);
	CHECK(it.iov == iv);
	CHECK_EQ(it.nr_segs, 2);
	CHECK_EQ(iov_iter_count(&it), 77);

	memset(&it, 0xA5, sizeof(it));
	iov_iter_kvec(&it, WRITE, kv, 3, 5);
	CHECK_EQ(it.type, ITER_KVEC);
	CHECK_EQ(it.data_source, WRITE);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(it.count, 5);
	CHECK(it.kvec == kv);
	CHECK_EQ(it.nr_segs, 3);

	memset(&it, 0xA5, sizeof(it));
	iov_iter_bvec(&it, READ, bv, 4, 9000);
	CHECK_EQ(it.type, ITER_BVEC);
	CHECK_EQ(it.data_source, READ);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(it.count, 9000);
	CHECK(it.bvec == bv);
	CHECK_EQ(it.nr_segs, 4);
}

/* ---- pages ---- */

/* Page to iterator: any range inside the page works, any other is refused. */
static void test_copy_page_to_iter(void)
{
	static const struct seg segs[] = {{10, 50}, {70, 0}, {200, 250}};
	unsigned char *page3 = fake_phys_mem() + 3 * PG;
	struct fixture fx;
	struct iov_iter it, saved;
	size_t k;

	fx_setup(&fx, ITER_KVEC, segs, ARRAY_SIZE(segs));
	for (k = 0; k < PG; k++)
		page3[k] = pat(k, 5);
	fx_iter(&fx, READ, fx.total, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(3), 100, 200, &it), 200);
	CHECK_EQ(it.count, 100);
	for (k = 0; k < 200; k++) {
		size_t off = k < 50 ? 10 + k : 200 + (k - 50);

		if (!CHECK(kmem[off] == page3[100 + k], "byte %zu", k))
			break;
	}
	saved = it;
	/* Past the end of the page, by one byte or by overflow: rejected. */
	CHECK_EQ(copy_page_to_iter(fake_page(3), 4000, 97, &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(3), PG + 1, 0, &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(3), SIZE_MAX, 2, &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(3), 2, SIZE_MAX, &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(3), SIZE_MAX - 5, 10, &it), 0);
	CHECK(memcmp(&it, &saved, sizeof(it)) == 0, "rejected copy moved the iterator");
	CHECK(kmem[350] == GUARD, "rejected copy wrote");
	/* Up to the last byte of the page is fine. */
	CHECK_EQ(copy_page_to_iter(fake_page(3), 4000, 96, &it), 96);
	CHECK_EQ(it.count, 4);
	CHECK(kmem[350] == page3[4000] && kmem[445] == page3[4095]);
	CHECK_EQ(copy_page_to_iter(fake_page(3), PG, 0, &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(3), 0, PG, &it), 4);
	CHECK(kmem[446] == page3[0] && kmem[449] == page3[3] && kmem[450] == GUARD);
}

/* Iterator to pages: the same bounds, and bytes land at page + offset. */
static void test_copy_page_from_iter(void)
{
	static const struct seg segs[] = {{5, 3000}, {3005, 0}, {4000, 6000}};
	unsigned char *phys = fake_phys_mem();
	struct fixture fx;
	struct iov_iter it, saved;
	size_t k;

	fx_setup(&fx, ITER_KVEC, segs, ARRAY_SIZE(segs));
	fx_fill(&fx, 6);
	memset(phys, GUARD, 16 * PG);
	fx_iter(&fx, WRITE, fx.total, &it);
	saved = it;
	CHECK_EQ(copy_page_from_iter(fake_page(5), 1, PG, &it), 0);
	CHECK_EQ(copy_page_from_iter(fake_page(5), SIZE_MAX, 1, &it), 0);
	CHECK(memcmp(&it, &saved, sizeof(it)) == 0, "rejected copy moved the iterator");
	CHECK_EQ(copy_page_from_iter(fake_page(5), 0, PG, &it), PG);
	CHECK_EQ(copy_page_from_iter(fake_page(6), 1000, 3096, &it), 3096);
	CHECK_EQ(copy_page_from_iter(fake_page(7), 10, 100, &it), 100);
	CHECK_EQ(it.count, fx.total - PG - 3096 - 100);
	for (k = 0; k < 16 * PG; k++) {
		unsigned char want = GUARD;

		if (k >= 5 * PG && k < 6 * PG)
			want = pat(k - 5 * PG, 6);
		else if (k >= 6 * PG + 1000 && k < 7 * PG)
			want = pat(k - 6 * PG - 1000 + PG, 6);
		else if (k >= 7 * PG + 10 && k < 7 * PG + 110)
			want = pat(k - 7 * PG - 10 + PG + 3096, 6);
		if (!CHECK(phys[k] == want, "page byte %zu is 0x%02x, want 0x%02x", k, phys[k],
			   want))
			break;
	}
}

/* ---- the highmem path of the page copies, and compound pages ---- */

/* fault_in_writeable/readable: the bytes not faulted in, Linux's way. */
static void test_fault_in(void)
{
	char *u = (char *)(uintptr_t)UAREA;

	CHECK_EQ(fault_in_writeable(u + 10, 0), 0);
	CHECK_EQ(fault_in_writeable(u + 10, 3 * PG), 0);
	*(unsigned char *)fake_user(UAREA + PG, 1) = 0x77;
	CHECK_EQ(fault_in_writeable(u + PG, 2), 0);
	CHECK_EQ(*(unsigned char *)fake_user(UAREA + PG, 1), 0x77); /* stored back as it was */
	fake_fault_at = UAREA + 2 * PG;
	CHECK_EQ(fault_in_writeable(u + 2 * PG - 10, 100), 90); /* from the page that fails */
	CHECK_EQ(fault_in_readable(u + 2 * PG - 10, 100), 90);
	CHECK_EQ(fault_in_readable(u + 2 * PG + 5, 1), 1);
	CHECK_EQ(fault_in_writeable(u + 2 * PG - 1, 1), 0); /* the last good byte */
	CHECK_EQ(fault_in_writeable((char *)(uintptr_t)0xC0000000UL, 4), 4);
	CHECK_EQ(fault_in_readable((const char *)(uintptr_t)0xFFFFF000UL, 0x2000), 0x2000);
	CHECK_EQ(fault_in_readable(NULL, 1), 1);
	CHECK_EQ(fake_user_calls, 0); /* touches, not copies */
	fake_absent_page = UAREA + PG;
	CHECK_EQ(fault_in_readable(u + PG + 100, 1), 0);
	CHECK_EQ(fake_absent_page, 0); /* touching it made it present */
}

/* copy_page_to_iter into user memory: atomic when every page is present
 * (or the first segment's was faulted in), the kmap fallback from the byte
 * where the atomic copy stopped otherwise, counted either way. */
static void test_page_to_user_paths(void)
{
	static const struct seg segs[] = {{10, 100}, {PG + 50, 300}};
	unsigned char *page4 = fake_phys_mem() + 4 * PG;
	struct fixture fx;
	struct iov_iter it;
	unsigned long a0, f0;
	size_t k;

	for (k = 0; k < PG; k++)
		page4[k] = pat(k, 8);
	fx_setup(&fx, ITER_IOVEC, segs, 2);
	a0 = copy_page_atomic_count;
	f0 = copy_page_fallback_count;
	fx_iter(&fx, READ, 400, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(4), 7, 400, &it), 400);
	CHECK_EQ(copy_page_atomic_count - a0, 1);
	CHECK_EQ(copy_page_fallback_count - f0, 0);
	CHECK(memcmp(fx.mem + 10, page4 + 7, 100) == 0 && memcmp(fx.mem + PG + 50, page4 + 107, 300) == 0);
	CHECK(fx.mem[9] == GUARD && fx.mem[110] == GUARD && fx.mem[PG + 350] == GUARD);

	/* the second segment's page not present: atomic short, then kmap */
	fx_setup(&fx, ITER_IOVEC, segs, 2);
	fake_absent_page = UAREA + PG;
	fx_iter(&fx, READ, 400, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(4), 7, 400, &it), 400);
	CHECK_EQ(copy_page_atomic_count - a0, 1);
	CHECK_EQ(copy_page_fallback_count - f0, 1);
	CHECK_EQ(fake_absent_page, 0);
	CHECK(memcmp(fx.mem + 10, page4 + 7, 100) == 0 && memcmp(fx.mem + PG + 50, page4 + 107, 300) == 0);

	/* the first segment's page not present: faulted in, then atomic */
	fx_setup(&fx, ITER_IOVEC, segs, 2);
	fake_absent_page = UAREA;
	fx_iter(&fx, READ, 400, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(4), 7, 400, &it), 400);
	CHECK_EQ(copy_page_atomic_count - a0, 2);
	CHECK_EQ(copy_page_fallback_count - f0, 1);

	/* a bad byte in the first segment: the fault-in fails, the fallback
	 * stops at that byte */
	fx_setup(&fx, ITER_IOVEC, segs, 2);
	fake_fault_at = UAREA + 60;
	fx_iter(&fx, READ, 400, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(4), 7, 400, &it), 50);
	CHECK_EQ(it.count, 350);
	CHECK_EQ(copy_page_fallback_count - f0, 2);
	CHECK(memcmp(fx.mem + 10, page4 + 7, 50) == 0);
	fake_fault_at = ~0UL;

	/* an injected failure on the atomic copy is final, as the fault it
	 * stands for: no fallback retries it; on the second segment, the
	 * first's bytes stay copied */
	fx_setup(&fx, ITER_IOVEC, segs, 1);
	fake_fail_copy_nth = 1;
	fx_iter(&fx, READ, 100, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(4), 0, 100, &it), 0);
	CHECK_EQ(copy_page_fallback_count - f0, 2);
	CHECK_EQ(it.count, 100);
	CHECK(fx.mem[10] == GUARD && fx.mem[11] == GUARD); /* as a fault leaves it */
	fx_setup(&fx, ITER_IOVEC, segs, 2);
	fake_fail_copy_nth = 2;
	fx_iter(&fx, READ, 400, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(4), 0, 400, &it), 100);
	CHECK_EQ(copy_page_fallback_count - f0, 2);
	CHECK(memcmp(fx.mem + 10, page4, 100) == 0 && fx.mem[PG + 50] == GUARD);
	/* injected on the fallback's copy (the second asked): the bytes the
	 * atomic copy moved stay, the rest fail */
	fx_setup(&fx, ITER_IOVEC, segs, 2);
	fake_absent_page = UAREA + PG;
	fake_fail_copy_nth = 3; /* atomic seg 0, atomic seg 1 (short), then this */
	fx_iter(&fx, READ, 400, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(4), 0, 400, &it), 100);
	CHECK_EQ(copy_page_fallback_count - f0, 3);
	CHECK_EQ(it.count, 300);
	CHECK_EQ(pagefault_disable_depth, 0);
}

/* copy_page_from_iter from user memory: the same two ways. */
static void test_page_from_user_paths(void)
{
	static const struct seg segs[] = {{0, 50}, {3 * PG - 20, 60}};
	unsigned char *page5 = fake_phys_mem() + 5 * PG;
	struct fixture fx;
	struct iov_iter it;
	unsigned long a0 = copy_page_atomic_count, f0 = copy_page_fallback_count;

	fx_setup(&fx, ITER_IOVEC, segs, 2);
	fx_fill(&fx, 4);
	memset(page5, GUARD, PG);
	fake_absent_page = UAREA + 3 * PG; /* the second segment's second page */
	fx_iter(&fx, WRITE, 110, &it);
	CHECK_EQ(copy_page_from_iter(fake_page(5), 1000, 110, &it), 110);
	CHECK_EQ(copy_page_atomic_count - a0, 0);
	CHECK_EQ(copy_page_fallback_count - f0, 1);
	for (size_t k = 0; k < 110; k++)
		if (!CHECK(page5[1000 + k] == pat(k, 4), "byte %zu", k))
			break;
	CHECK(page5[999] == GUARD && page5[1110] == GUARD);
	fx_iter(&fx, WRITE, 110, &it);
	CHECK_EQ(copy_page_from_iter(fake_page(5), PG - 110, 110, &it), 110);
	CHECK_EQ(copy_page_atomic_count - a0, 1);
	fake_fault_at = UAREA + 3 * PG;
	fx_iter(&fx, WRITE, 110, &it);
	CHECK_EQ(copy_page_from_iter(fake_page(5), 0, 110, &it), 70);
	CHECK_EQ(copy_page_fallback_count - f0, 2);
}

/* page_copy_sane over a compound run: the copy may run to the run's end
 * from any of its pages, never past it (a printk and 0 bytes). */
static void test_compound_copies(void)
{
	static const struct seg segs[] = {{0, 3 * PG}};
	unsigned char *phys = fake_phys_mem();
	struct fixture fx;
	struct iov_iter it;
	size_t k;

	fake_pages_compound(8, 3);
	for (k = 0; k < 3 * PG; k++)
		phys[8 * PG + k] = pat(k, 2);
	fx_setup(&fx, ITER_KVEC, segs, 1);
	fx_iter(&fx, READ, 3 * PG, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(8), 100, 2 * PG + 50, &it), 2 * PG + 50);
	CHECK(memcmp(kmem, phys + 8 * PG + 100, 2 * PG + 50) == 0);
	CHECK_EQ(fake_printk_calls, 0);
	CHECK_EQ(copy_page_to_iter(fake_page(9), PG - 10, PG + 10, &it), PG - 50);
	CHECK(memcmp(kmem + 2 * PG + 50, phys + 10 * PG - 10, PG - 50) == 0);
	fx_iter(&fx, READ, 3 * PG, &it);
	CHECK_EQ(copy_page_to_iter(fake_page(8), 0, 3 * PG + 1, &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(10), 1, PG, &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(9), SIZE_MAX, 2, &it), 0);
	CHECK_EQ(fake_printk_calls, 3);
	CHECK_EQ(it.count, 3 * PG);
	/* into the run from a user iterator: page by page, each atomic */
	fx_setup(&fx, ITER_IOVEC, segs, 1);
	fx_fill(&fx, 3);
	unsigned long a0 = copy_page_atomic_count;
	fx_iter(&fx, WRITE, 3 * PG, &it);
	CHECK_EQ(copy_page_from_iter(fake_page(8), 5, 3 * PG - 5, &it), 3 * PG - 5);
	CHECK_EQ(copy_page_atomic_count - a0, 3);
	for (k = 0; k < 3 * PG - 5; k++)
		if (!CHECK(phys[8 * PG + 5 + k] == pat(k, 3), "byte %zu", k))
			break;
	/* a bvec longer than a page over the run */
	struct bio_vec bv = { fake_page(8), 3 * PG - 300, 200 };
	iov_iter_bvec(&it, WRITE, &bv, 1, bv.bv_len);
	CHECK_EQ(copy_from_iter(kmem, AREA, &it), 3 * PG - 300);
	CHECK(memcmp(kmem, phys + 8 * PG + 200, 3 * PG - 300) == 0);
	/* a single page refuses what the run allowed */
	fake_pages_compound(8, 0);
	fx_iter(&fx, WRITE, 3 * PG, &it);
	CHECK_EQ(copy_page_from_iter(fake_page(8), 5, PG, &it), 0);
}

/* ---- user memory with faults ---- */

static const struct seg ulayout[] = {{0, 10}, {100, 0}, {100, 20}, {200, 10}};
#define UTOTAL 40

/* A fault in the middle of a segment stops the copy at exactly that byte. */
static void test_iovec_fault_to(void)
{
	unsigned char src[UTOTAL];
	struct fixture fx;
	struct iov_iter it;
	size_t k;

	for (k = 0; k < UTOTAL; k++)
		src[k] = pat(k, 7);
	fx_setup(&fx, ITER_IOVEC, ulayout, ARRAY_SIZE(ulayout));
	fx_iter(&fx, READ, UTOTAL, &it);
	fake_fault_at = UAREA + 107;
	CHECK_EQ(copy_to_iter(src, UTOTAL, &it), 17);
	CHECK_EQ(it.count, UTOTAL - 17);
	CHECK_EQ(fx_index(&fx, &it), 2);
	CHECK_EQ(it.iov_offset, 7);
	CHECK_EQ(it.nr_segs, 2);
	fx_verify(&fx, 17, 7, false, __LINE__);

	/* Still faulting: nothing more moves, nothing changes. */
	CHECK_EQ(copy_to_iter(src + 17, UTOTAL, &it), 0);
	CHECK_EQ(it.count, UTOTAL - 17);
	CHECK_EQ(it.iov_offset, 7);

	/* Fault gone: the rest goes exactly where it belongs. */
	fake_fault_at = ~0UL;
	CHECK_EQ(copy_to_iter(src + 17, UTOTAL, &it), UTOTAL - 17);
	CHECK_EQ(it.count, 0);
	fx_verify(&fx, UTOTAL, 7, false, __LINE__);
}

/* Faults on a segment's first byte, and on the very first byte. */
static void test_iovec_fault_edges(void)
{
	unsigned char src[UTOTAL];
	struct fixture fx;
	struct iov_iter it;
	size_t k;

	for (k = 0; k < UTOTAL; k++)
		src[k] = pat(k, 8);
	fx_setup(&fx, ITER_IOVEC, ulayout, ARRAY_SIZE(ulayout));

	fx_iter(&fx, READ, UTOTAL, &it);
	fake_fault_at = UAREA + 0;
	CHECK_EQ(copy_to_iter(src, UTOTAL, &it), 0);
	CHECK_EQ(it.count, UTOTAL);
	CHECK_EQ(fx_index(&fx, &it), 0);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(it.nr_segs, 4);

	fx_iter(&fx, READ, UTOTAL, &it);
	fake_fault_at = UAREA + 100;
	CHECK_EQ(copy_to_iter(src, UTOTAL, &it), 10);
	CHECK_EQ(it.count, UTOTAL - 10);
	CHECK_EQ(it.iov_offset, 0);
	CHECK(fx_index(&fx, &it) + (long)it.nr_segs == 4);
	fx_verify(&fx, 10, 8, false, __LINE__);

	/* The last byte of the last segment. */
	fake_fault_at = ~0UL;
	fx_setup(&fx, ITER_IOVEC, ulayout, ARRAY_SIZE(ulayout));
	fx_iter(&fx, READ, UTOTAL, &it);
	fake_fault_at = UAREA + 209;
	CHECK_EQ(copy_to_iter(src, UTOTAL, &it), UTOTAL - 1);
	CHECK_EQ(it.count, 1);
	CHECK_EQ(it.iov_offset, 9);
	CHECK_EQ(it.nr_segs, 1);
	fx_verify(&fx, UTOTAL - 1, 8, false, __LINE__);
}

/* A failure injected into the k-th user copy (should_fail_usercopy) ends
 * the copy exactly as a fault on that segment's first byte: the same
 * count, cursor and data, both directions. */
static void test_iovec_injected(void)
{
	static const unsigned long seg_start[] = {0, 100, 200}; /* the non-empty segments */
	unsigned char src[UTOTAL], dst[UTOTAL], want[UTOTAL];
	struct fixture fx;
	struct iov_iter it, ref;

	for (size_t k = 0; k < UTOTAL; k++)
		src[k] = pat(k, 9);
	for (size_t k = 0; k < ARRAY_SIZE(seg_start); k++) {
		for (int dir = READ; dir <= WRITE; dir++) {
			fx_setup(&fx, ITER_IOVEC, ulayout, ARRAY_SIZE(ulayout));
			if (dir == WRITE)
				fx_fill(&fx, 9);
			fx_iter(&fx, dir, UTOTAL, &ref);
			memset(want, 0, sizeof(want));
			fake_fault_at = UAREA + seg_start[k];
			size_t real = dir == READ ? copy_to_iter(src, UTOTAL, &ref)
						  : copy_from_iter(want, UTOTAL, &ref);
			fake_fault_at = ~0UL;
			fx_setup(&fx, ITER_IOVEC, ulayout, ARRAY_SIZE(ulayout));
			if (dir == WRITE)
				fx_fill(&fx, 9);
			fx_iter(&fx, dir, UTOTAL, &it);
			memset(dst, 0, sizeof(dst));
			fake_fail_copy_nth = k + 1;
			size_t inj = dir == READ ? copy_to_iter(src, UTOTAL, &it)
						 : copy_from_iter(dst, UTOTAL, &it);
			CHECK_EQ(fake_fail_copy_nth, 0);
			CHECK_EQ(inj, real);
			CHECK_EQ(it.count, ref.count);
			CHECK_EQ(it.iov_offset, ref.iov_offset);
			CHECK_EQ(it.nr_segs, ref.nr_segs);
			if (dir == READ)
				fx_verify(&fx, real, 9, false, __LINE__);
			else
				CHECK(!memcmp(dst, want, sizeof(dst)), "copy_from_iter data differs");
		}
	}
}

/* Segments whose addresses are unmapped, or in the kernel: copy_to_user
 * refuses them; the copy stops there. */
static void test_iovec_bad_segments(void)
{
	unsigned char src[32];
	struct iovec iv[3];
	struct iov_iter it;
	unsigned char *u = fake_user(UAREA, 64);

	memset(src, 0x42, sizeof(src));
	memset(u, GUARD, 64);
	iv[0].iov_base = (void *)(uintptr_t)UAREA;
	iv[0].iov_len = 8;
	iv[1].iov_base = (void *)(uintptr_t)0x2000;	/* below fake user memory */
	iv[1].iov_len = 8;
	iv[2].iov_base = (void *)(uintptr_t)(UAREA + 16);
	iv[2].iov_len = 8;
	iov_iter_init(&it, READ, iv, 3, 24);
	CHECK_EQ(copy_to_iter(src, 24, &it), 8);
	CHECK_EQ(it.count, 16);
	CHECK_EQ(it.iov - iv, 1);
	CHECK(u[7] == 0x42 && u[16] == GUARD);

	iv[1].iov_base = (void *)(uintptr_t)0xC0001000;	/* kernel */
	iov_iter_init(&it, READ, iv, 3, 24);
	CHECK_EQ(copy_to_iter(src, 24, &it), 8);
	CHECK_EQ(iov_iter_zero(24, &it), 0);
	CHECK_EQ(it.count, 16);
}

/* copy_from_iter stops at the fault; copy_from_user zero-fills the part of
 * that segment's chunk it could not read, and nothing past it is touched. */
static void test_iovec_fault_from(void)
{
	unsigned char dst[UTOTAL + 8];
	struct fixture fx;
	struct iov_iter it;
	size_t k;

	fx_setup(&fx, ITER_IOVEC, ulayout, ARRAY_SIZE(ulayout));
	fx_fill(&fx, 9);
	memset(dst, 0xAA, sizeof(dst));
	fx_iter(&fx, WRITE, UTOTAL, &it);
	fake_fault_at = UAREA + 107;
	CHECK_EQ(from_copy(dst, UTOTAL, &it), 17);
	CHECK_EQ(it.count, UTOTAL - 17);
	CHECK_EQ(it.iov_offset, 7);
	CHECK_EQ(fx_index(&fx, &it), 2);
	for (k = 0; k < 17; k++)
		if (!CHECK(dst[k] == pat(k, 9), "byte %zu", k))
			break;
	/* no zero-fill: the destination may be a file page whose bytes
	 * past the fault hold data that must survive */
	for (k = 17; k < sizeof(dst); k++)
		if (!CHECK(dst[k] == 0xAA, "byte %zu past the fault written", k))
			break;

	fake_fault_at = ~0UL;
	CHECK_EQ(from_copy(dst + 17, UTOTAL, &it), UTOTAL - 17);
	for (k = 0; k < UTOTAL; k++)
		if (!CHECK(dst[k] == pat(k, 9), "byte %zu after resuming", k))
			break;
	CHECK(dst[UTOTAL] == 0xAA);
}

/* iov_iter_zero into user memory stops at the faulting byte too. */
static void test_iovec_zero_fault(void)
{
	struct fixture fx;
	struct iov_iter it;

	fx_setup(&fx, ITER_IOVEC, ulayout, ARRAY_SIZE(ulayout));
	fx_iter(&fx, READ, UTOTAL, &it);
	fake_fault_at = UAREA + 203;
	CHECK_EQ(iov_iter_zero(UTOTAL, &it), 33);
	CHECK_EQ(it.count, 7);
	CHECK_EQ(it.iov_offset, 3);
	CHECK_EQ(it.nr_segs, 1);
	fx_verify(&fx, 33, 0, true, __LINE__);
	fake_fault_at = ~0UL;
	CHECK_EQ(iov_iter_zero(UTOTAL, &it), 7);
	fx_verify(&fx, UTOTAL, 0, true, __LINE__);
}

/* Zero-length segments are never handed to the user copy routines. */
static void test_iovec_calls(void)
{
	unsigned char src[UTOTAL] = {0};
	struct fixture fx;
	struct iov_iter it;

	fx_setup(&fx, ITER_IOVEC, ulayout, ARRAY_SIZE(ulayout));
	fx_iter(&fx, READ, UTOTAL, &it);
	fake_user_calls = 0;
	CHECK_EQ(copy_to_iter(src, UTOTAL, &it), UTOTAL);
	CHECK_EQ(fake_user_calls, 3);
}

/* ---- advance and revert ---- */

/* Where advance leaves the cursor, step by step, and revert from the end. */
static void test_advance(void)
{
	static const struct seg segs[] = {{0, 5}, {10, 0}, {20, 7}, {30, 0}, {40, 0}, {50, 3}};
	struct fixture fx;
	struct iov_iter it;

	fx_setup(&fx, ITER_KVEC, segs, ARRAY_SIZE(segs));
	fx_iter(&fx, READ, 15, &it);
	iov_iter_advance(&it, 2);
	CHECK_EQ(fx_index(&fx, &it), 0);
	CHECK_EQ(it.iov_offset, 2);
	CHECK_EQ(it.count, 13);
	/* Finishing a segment lands on the start of the next non-empty one. */
	iov_iter_advance(&it, 3);
	CHECK_EQ(fx_index(&fx, &it), 2);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(it.nr_segs, 4);
	CHECK_EQ(it.count, 10);
	iov_iter_advance(&it, 7);
	CHECK_EQ(fx_index(&fx, &it), 5);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(it.nr_segs, 1);
	iov_iter_advance(&it, 0);
	CHECK_EQ(fx_index(&fx, &it), 5);
	CHECK_EQ(it.count, 3);
	iov_iter_advance(&it, 2);
	CHECK_EQ(it.iov_offset, 2);
	CHECK_EQ(it.count, 1);
	/* Past the end: clamped to count. */
	iov_iter_advance(&it, 1000);
	CHECK_EQ(it.count, 0);
	CHECK_EQ(it.nr_segs, 0);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(fx_index(&fx, &it), 6);
	CHECK_EQ(copy_to_iter("x", 1, &it), 0);
	/* And all the way back. */
	iov_iter_revert(&it, 15);
	CHECK_EQ(fx_index(&fx, &it), 0);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(it.nr_segs, 6);
	CHECK_EQ(it.count, 15);

	/* Clamping to a count that ends inside a segment. */
	fx_iter(&fx, READ, 8, &it);
	iov_iter_advance(&it, SIZE_MAX);
	CHECK_EQ(it.count, 0);
	CHECK_EQ(fx_index(&fx, &it), 2);
	CHECK_EQ(it.iov_offset, 3);
	CHECK_EQ(it.nr_segs, 4);
	iov_iter_revert(&it, 4);
	CHECK_EQ(fx_index(&fx, &it), 0);
	CHECK_EQ(it.iov_offset, 4);
	CHECK_EQ(it.count, 4);
}

/* A caller that copied too much gives some back and copies again. */
static void test_revert_recopy(int type)
{
	static unsigned char src[AREA];
	struct fixture fx;
	struct iov_iter it;
	size_t k, first = 9000;

	for (k = 0; k < AREA; k++)
		src[k] = pat(k, 10);
	fx_setup(&fx, type, layout_a, ARRAY_SIZE(layout_a));
	fx_iter(&fx, READ, fx.total, &it);
	CHECK_EQ(copy_to_iter(src + 5000, first, &it), first);	/* wrong data */
	iov_iter_revert(&it, first - 100);
	CHECK_EQ(it.count, fx.total - 100);
	iov_iter_revert(&it, 100);
	CHECK_EQ(it.count, fx.total);
	CHECK_EQ(it.iov_offset, 0);
	CHECK_EQ(fx_index(&fx, &it), 1);	/* segment 0 has length 0 */
	CHECK_EQ(copy_to_iter(src, fx.total, &it), fx.total);
	fx_verify(&fx, fx.total, 10, false, __LINE__);
}

static uint64_t rng_state;

/* xorshift64: deterministic, so a failure can be replayed. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Bytes consumed so far by the iterator, worked out from its fields. */
static size_t fx_pos(const struct fixture *fx, const struct iov_iter *it)
{
	long idx = fx_index(fx, it), k;
	size_t pos = it->iov_offset;

	for (k = 0; k < idx; k++)
		pos += fx->segs[k].len;
	return pos;
}

/* True if the cursor sits inside (or at the start of) a non-empty segment,
 * the one place where there is a single right answer for its fields. */
static bool fx_canonical(const struct fixture *fx, const struct iov_iter *it)
{
	long idx = fx_index(fx, it);

	return it->nr_segs && it->iov_offset < fx->segs[idx].len;
}

/* Check the iterator is consistent and at position pos of count0 bytes, and
 * that what it yields next is the data at pos. */
static bool check_state(struct fixture *fx, const struct iov_iter *it, size_t pos, size_t count0,
			const char *when, unsigned long iter)
{
	unsigned char buf[64];
	struct iov_iter probe = *it;
	size_t want = count0 - pos < sizeof(buf) ? count0 - pos : sizeof(buf), k;

	if (!CHECK(fx_index(fx, it) + (long)it->nr_segs == fx->nsegs,
		   "%s, iteration %lu: index %ld + nr_segs %lu", when, iter, fx_index(fx, it),
		   it->nr_segs))
		return false;
	if (!CHECK(it->count == count0 - pos && fx_pos(fx, it) == pos,
		   "%s, iteration %lu: count %zu pos %zu, want %zu %zu", when, iter, it->count,
		   fx_pos(fx, it), count0 - pos, pos))
		return false;
	if (!CHECK(copy_from_iter(buf, sizeof(buf), &probe) == want, "%s, iteration %lu", when,
		   iter))
		return false;
	for (k = 0; k < want; k++)
		if (!CHECK(buf[k] == pat(pos + k, 11), "%s, iteration %lu: byte %zu", when, iter,
			   k))
			return false;
	return true;
}

/* Random layouts, random advances and copies, then reverts of each step in
 * reverse order: every intermediate state must come back exactly. */
static void test_random_round_trip(int type)
{
	struct fixture fx;
	unsigned long iter;

	rng_state = 0x9E3779B97F4A7C15ull + type;
	for (iter = 0; iter < 3000; iter++) {
		struct seg segs[MAXSEG];
		struct iov_iter it, saved[24];
		size_t moved[24], pos[24], off = 0, count0, total = 0;
		int n = 1 + rnd() % 12, k, nsteps = 1 + rnd() % 20;

		for (k = 0; k < n; k++) {
			segs[k].len = rnd() % 3 == 0 ? 0 : rnd() % 2500;
			off += rnd() % 40;
			segs[k].off = off;
			off += segs[k].len;
			total += segs[k].len;
		}
		if (off > AREA)
			continue;	/* too big for the backing; draw again */
		fx_setup(&fx, type, segs, n);
		fx_fill(&fx, 11);
		count0 = rnd() % 4 == 0 ? rnd() % (total + 1) : total;
		fx_iter(&fx, WRITE, count0, &it);

		pos[0] = 0;
		for (k = 0; k < nsteps; k++) {
			size_t a = rnd() % 3 == 0 ? rnd() % (count0 + 50) : rnd() % 3000;

			saved[k] = it;
			size_t before = it.count;

			if (rnd() % 2) {
				static unsigned char buf[AREA];

				if (!CHECK_EQ(copy_from_iter(buf, a, &it), a < before ? a : before))
					return;
			} else {
				iov_iter_advance(&it, a);
			}
			moved[k] = before - it.count;
			if (!CHECK_EQ(moved[k], a < before ? a : before))
				return;
			pos[k + 1] = pos[k] + moved[k];
			if (!check_state(&fx, &it, pos[k + 1], count0, "forward", iter))
				return;
		}
		for (k = nsteps - 1; k >= 0; k--) {
			iov_iter_revert(&it, moved[k]);
			if (!check_state(&fx, &it, pos[k], count0, "revert", iter))
				return;
			if (fx_canonical(&fx, &saved[k]) && moved[k] &&
			    !CHECK(memcmp(&it, &saved[k], sizeof(it)) == 0,
				   "iteration %lu step %d: fields differ after revert", iter, k))
				return;
		}
	}
}

/* ---- import_iovec ---- */

/* Write entry k of a user iovec array at user address arr. */
static void put_uiov(unsigned long arr, int k, unsigned long base, size_t len)
{
	struct iovec v;

	v.iov_base = (void *)(uintptr_t)base;
	v.iov_len = len;
	memcpy(fake_user(arr + k * sizeof(v), sizeof(v)), &v, sizeof(v));
}

#define NEG_LEN ((size_t)1 << (sizeof(size_t) * 8 - 1))	/* smallest negative ssize_t */

/* Call import_iovec with a fast array; on return *iovp is as it left it. */
static long do_import(int dir, unsigned long arr, long n, struct iovec *fast, struct iovec **iovp,
		      struct iov_iter *it)
{
	*iovp = fast;
	memset(it, 0xA5, sizeof(*it));
	return import_iovec(dir, (const struct iovec __user *)(uintptr_t)arr, n, UIO_FASTIOV, iovp,
			    it);
}

/* Zero segments: an empty iterator, without reading the array. */
static void test_import_zero(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;

	/* The array is not even looked at. */
	CHECK_EQ(do_import(READ, 0xC0001000, 0, fast, &iov, &it), 0);
	CHECK(iov == NULL, "*iovp not cleared");
	CHECK_EQ(it.count, 0);
	CHECK_EQ(it.nr_segs, 0);
	CHECK_EQ(it.type, ITER_IOVEC);
	CHECK_EQ(fake_kmalloc_calls, 0);
	CHECK_EQ(fake_user_calls, 0);
	CHECK_EQ(copy_to_iter("abc", 3, &it), 0);
}

/* Up to UIO_FASTIOV segments go into the caller's array, not kmalloc. */
static void test_import_fast(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	int n, k;

	for (n = 1; n <= UIO_FASTIOV; n += UIO_FASTIOV - 1) {
		fake_reset();
		for (k = 0; k < n; k++)
			put_uiov(UARR, k, UAREA + 100 * k, k + 1);
		CHECK_EQ(do_import(WRITE, UARR, n, fast, &iov, &it), n * (n + 1) / 2);
		CHECK(iov == NULL, "n=%d: *iovp set for a fast import", n);
		CHECK_EQ(fake_kmalloc_calls, 0);
		CHECK(it.iov == fast, "n=%d: iterator not on the fast array", n);
		CHECK_EQ(it.nr_segs, n);
		CHECK_EQ(it.count, n * (n + 1) / 2);
		CHECK_EQ(it.type, ITER_IOVEC);
		CHECK_EQ(it.data_source, WRITE);
		CHECK_EQ(it.iov_offset, 0);
		for (k = 0; k < n; k++)
			CHECK(fast[k].iov_base == (void *)(uintptr_t)(UAREA + 100 * k) &&
				      fast[k].iov_len == (size_t)k + 1,
			      "n=%d: entry %d", n, k);
	}
}

/* More than UIO_FASTIOV segments: the kept-warm array, no kmalloc; a
 * second import while the first holds it gets one kmalloc. iovec_free
 * gives both back. */
static void test_import_kmalloc(void)
{
	struct iovec fast[UIO_FASTIOV], *iov, *iov2;
	struct iov_iter it, it2;
	static const int sizes[] = {UIO_FASTIOV + 1, UIO_MAXIOV};
	int s, k;

	for (s = 0; s < 2; s++) {
		int n = sizes[s];

		fake_reset();
		memset(fast, 0, sizeof(fast));
		for (k = 0; k < n; k++)
			put_uiov(UARR, k, UAREA + 3 * k, 2);
		CHECK(!iov_cache_in_use(), "n=%d: kept-warm array out before", n);
		CHECK_EQ(do_import(READ, UARR, n, fast, &iov, &it), 2 * n);
		CHECK(iov != NULL && iov != fast, "n=%d: no array returned", n);
		CHECK_EQ(fake_kmalloc_calls, 0);
		CHECK(iov_cache_in_use(), "n=%d: kept-warm array not used", n);
		CHECK(it.iov == iov, "n=%d", n);
		CHECK_EQ(it.nr_segs, n);
		CHECK_EQ(it.data_source, READ);
		CHECK(it.user_checked, "n=%d: import did not mark the segments checked", n);
		CHECK(fast[0].iov_len == 0, "n=%d: fast array written", n);
		if (iov)
			CHECK(iov[n - 1].iov_base == (void *)(uintptr_t)(UAREA + 3 * (n - 1)) &&
				      iov[n - 1].iov_len == 2,
			      "n=%d: last entry", n);
		/* while the first holds it: a kmalloc'd array */
		CHECK_EQ(do_import(WRITE, UARR, n, fast, &iov2, &it2), 2 * n);
		CHECK(iov2 != NULL && iov2 != fast && iov2 != iov, "n=%d: no second array", n);
		CHECK_EQ(fake_kmalloc_calls, 1);
		CHECK_EQ(fake_kmalloc_live, 1);
		CHECK(it2.iov == iov2 && iov2[n - 1].iov_len == 2, "n=%d: second array", n);
		iovec_free(iov2);
		iovec_free(iov);
		CHECK(!iov_cache_in_use(), "n=%d: kept-warm array not given back", n);
		iovec_free(NULL);
		CHECK(!iov_cache_in_use(), "n=%d: iovec_free(NULL) took it", n);
	}
}

/* Counts below 0 or above UIO_MAXIOV are -EINVAL and allocate nothing. */
static void test_import_bad_count(void)
{
	static const long counts[] = {UIO_MAXIOV + 1, -1, LONG_MIN, LONG_MAX, 100000};
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	size_t c;
	int k;

	for (k = 0; k < UIO_MAXIOV + 1; k++)
		put_uiov(UARR, k, UAREA, 1);
	for (c = 0; c < ARRAY_SIZE(counts); c++) {
		CHECK_EQ(do_import(READ, UARR, counts[c], fast, &iov, &it), -EINVAL);
		CHECK(iov == NULL, "count %ld: *iovp not cleared", counts[c]);
	}
	CHECK_EQ(fake_kmalloc_calls, 0);
}

/* An array that cannot be read in full is -EFAULT, whatever it holds. */
static void test_import_unreadable(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	int k;

	for (k = 0; k < 9; k++)
		put_uiov(UARR, k, UAREA, 1);
	/* A fault inside the last entry of a fast array, then of a kmalloc'd one. */
	fake_fault_at = UARR + 3 * sizeof(struct iovec) - 1;
	CHECK_EQ(do_import(READ, UARR, 3, fast, &iov, &it), -EFAULT);
	CHECK(iov == NULL);
	fake_fault_at = UARR + 9 * sizeof(struct iovec) - 1;
	CHECK_EQ(do_import(READ, UARR, 9, fast, &iov, &it), -EFAULT);
	CHECK(iov == NULL);
	CHECK_EQ(fake_kmalloc_calls, 0);
	CHECK(!iov_cache_in_use(), "kept-warm array kept after -EFAULT");
	/* One byte less is readable again. */
	CHECK_EQ(do_import(READ, UARR, 8, fast, &iov, &it), 8);
	fake_fault_at = ~0UL;
	/* Arrays at NULL, in the kernel, or wrapping around. */
	CHECK_EQ(do_import(READ, 0, 1, fast, &iov, &it), -EFAULT);
	CHECK_EQ(do_import(READ, 0xC0001000, 2, fast, &iov, &it), -EFAULT);
	CHECK_EQ(do_import(READ, 0xFFFFFFF8, 1, fast, &iov, &it), -EFAULT);
	/* Entries are read one by one, as Linux 6.x (and its compat path)
	 * does: a negative length is -EINVAL before a later entry faults ... */
	put_uiov(UARR, 0, UAREA, NEG_LEN);
	fake_fault_at = UARR + 2 * sizeof(struct iovec);
	CHECK_EQ(do_import(READ, UARR, 3, fast, &iov, &it), -EINVAL);
	CHECK(iov == NULL);
	/* ... and an entry that faults before the negative one is -EFAULT. */
	put_uiov(UARR, 0, UAREA, 1);
	put_uiov(UARR, 2, UAREA, NEG_LEN);
	fake_fault_at = UARR + sizeof(struct iovec);
	CHECK_EQ(do_import(READ, UARR, 3, fast, &iov, &it), -EFAULT);
	CHECK(iov == NULL);
	fake_fault_at = ~0UL;
}

/* A length negative as ssize_t is -EINVAL, in any entry. */
static void test_import_negative_len(void)
{
	static const size_t bad[] = {NEG_LEN, SIZE_MAX, (size_t)-4096};
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	size_t b;
	int k;

	for (b = 0; b < ARRAY_SIZE(bad); b++) {
		for (k = 0; k < 10; k++)
			put_uiov(UARR, k, UAREA, 4);
		put_uiov(UARR, 0, UAREA, bad[b]);
		CHECK_EQ(do_import(READ, UARR, 1, fast, &iov, &it), -EINVAL);
		CHECK(iov == NULL);
		put_uiov(UARR, 0, UAREA, 4);
		put_uiov(UARR, 2, UAREA, bad[b]);
		CHECK_EQ(do_import(WRITE, UARR, 3, fast, &iov, &it), -EINVAL);
		CHECK(iov == NULL);
		put_uiov(UARR, 2, UAREA, 4);
		put_uiov(UARR, 9, UAREA, bad[b]);
		CHECK_EQ(do_import(WRITE, UARR, 10, fast, &iov, &it), -EINVAL);
		CHECK(iov == NULL);
		CHECK_EQ(fake_kmalloc_live, 0);
	}
	/* The largest non-negative length is not EINVAL, just not accessible. */
	put_uiov(UARR, 0, UAREA, NEG_LEN - 1);
	CHECK_EQ(do_import(READ, UARR, 1, fast, &iov, &it), -EFAULT);
}

/* Ranges failing access_ok are -EFAULT, even with length 0. */
static void test_import_access_ok(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	int k;

	/* A kernel address, even with length 0, after a good entry. */
	put_uiov(UARR, 0, UAREA, 4);
	put_uiov(UARR, 1, 0xC0001000, 0);
	CHECK_EQ(do_import(READ, UARR, 2, fast, &iov, &it), -EFAULT);
	CHECK(iov == NULL);
	/* base + len wrapping around 4 GiB. */
	put_uiov(UARR, 1, 0xFFFFF000, 0x2000);
	CHECK_EQ(do_import(READ, UARR, 2, fast, &iov, &it), -EFAULT);
	put_uiov(UARR, 1, 0x1000, 0xFFFFF001);
	CHECK_EQ(do_import(READ, UARR, 2, fast, &iov, &it), -EFAULT);
	/* Right up to TASK_SIZE is user space; one byte more is not. */
	put_uiov(UARR, 1, 0xBFFFF000, 0x1000);
	CHECK_EQ(do_import(READ, UARR, 2, fast, &iov, &it), 0x1004);
	put_uiov(UARR, 1, 0xBFFFF000, 0x1001);
	CHECK_EQ(do_import(READ, UARR, 2, fast, &iov, &it), -EFAULT);
	/* With a kmalloc'd array: freed on the error. */
	for (k = 0; k < 12; k++)
		put_uiov(UARR, k, UAREA, 1);
	put_uiov(UARR, 11, 0xC0000000, 1);
	CHECK_EQ(do_import(READ, UARR, 12, fast, &iov, &it), -EFAULT);
	CHECK(iov == NULL);
	CHECK_EQ(fake_kmalloc_calls, 0);
	CHECK(!iov_cache_in_use(), "kept-warm array kept after -EFAULT");
}

/* An unmapped user address with length 0 is fine, and is skipped by copies. */
static void test_import_unmapped_zero_len(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	unsigned char *u = fake_user(UAREA, 16);

	memset(u, GUARD, 16);
	put_uiov(UARR, 0, 0, 0);		/* NULL */
	put_uiov(UARR, 1, UAREA, 3);
	put_uiov(UARR, 2, 0x40000000, 0);	/* unmapped */
	put_uiov(UARR, 3, UAREA + 8, 2);
	CHECK_EQ(do_import(READ, UARR, 4, fast, &iov, &it), 5);
	CHECK(iov == NULL);
	fake_user_calls = 0;
	CHECK_EQ(copy_to_iter("abcde", 5, &it), 5);
	CHECK_EQ(fake_user_calls, 2);
	CHECK(memcmp(u, "abc", 3) == 0 && u[3] == GUARD && memcmp(u + 8, "de", 2) == 0 &&
		      u[10] == GUARD);
}

/* Lengths adding up past MAX_RW_COUNT are cut down to it, not refused. */
static void test_import_clamp(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;

	put_uiov(UARR, 0, 0x1000, 0x50000000);
	put_uiov(UARR, 1, 0x1000, 0x50000000);
	put_uiov(UARR, 2, 0x1000, 0x50000000);
	put_uiov(UARR, 3, 0x1000, 7);
	CHECK_EQ(do_import(WRITE, UARR, 4, fast, &iov, &it), MAX_RW_COUNT);
	CHECK_EQ(MAX_RW_COUNT, 0x7ffff000);
	CHECK_EQ(it.count, MAX_RW_COUNT);
	CHECK_EQ(fast[0].iov_len, 0x50000000);
	CHECK_EQ(fast[1].iov_len, MAX_RW_COUNT - 0x50000000);
	CHECK_EQ(fast[2].iov_len, 0);
	CHECK_EQ(fast[3].iov_len, 0);
	CHECK_EQ(it.nr_segs, 4);

	/* Exactly MAX_RW_COUNT needs no clamp; one more byte is clamped. */
	put_uiov(UARR, 0, 0x1000, MAX_RW_COUNT);
	put_uiov(UARR, 1, 0x1000, 0);
	CHECK_EQ(do_import(WRITE, UARR, 2, fast, &iov, &it), MAX_RW_COUNT);
	put_uiov(UARR, 1, 0x1000, 1);
	CHECK_EQ(do_import(WRITE, UARR, 2, fast, &iov, &it), MAX_RW_COUNT);
	CHECK_EQ(fast[1].iov_len, 0);

	/* Entries after the clamp are still checked. */
	put_uiov(UARR, 0, 0x1000, 0x60000000);
	put_uiov(UARR, 1, 0x1000, 0x60000000);
	put_uiov(UARR, 2, 0xC0001000, 0);
	CHECK_EQ(do_import(WRITE, UARR, 3, fast, &iov, &it), -EFAULT);
	put_uiov(UARR, 2, 0x1000, NEG_LEN);
	CHECK_EQ(do_import(WRITE, UARR, 3, fast, &iov, &it), -EINVAL);
	put_uiov(UARR, 2, 0x1000, 0xBFFFF000);
	CHECK_EQ(do_import(WRITE, UARR, 3, fast, &iov, &it), MAX_RW_COUNT);
}

/* A negative length anywhere is -EINVAL, even after a bad address: all the
 * lengths are checked before any address, as Linux does. */
static void test_import_precedence(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	int k;

	for (k = 0; k < 5; k++)
		put_uiov(UARR, k, UAREA, 4);
	put_uiov(UARR, 1, 0xC0001000, 4);
	CHECK_EQ(do_import(READ, UARR, 5, fast, &iov, &it), -EFAULT);
	put_uiov(UARR, 3, UAREA, NEG_LEN);
	CHECK_EQ(do_import(READ, UARR, 5, fast, &iov, &it), -EINVAL);
	put_uiov(UARR, 1, UAREA, NEG_LEN);
	put_uiov(UARR, 3, 0xC0001000, 4);
	CHECK_EQ(do_import(READ, UARR, 5, fast, &iov, &it), -EINVAL);
	CHECK(iov == NULL);
}

/* kmalloc failing is -ENOMEM; the fast path needs no kmalloc. */
static void test_import_enomem(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	int k;

	struct iovec *held;
	struct iov_iter it_held;

	for (k = 0; k < 9; k++)
		put_uiov(UARR, k, UAREA, 1);
	fake_kmalloc_fail = 1;
	/* the kept-warm array needs no kmalloc; while it is out, one fails */
	CHECK_EQ(do_import(READ, UARR, 9, fast, &held, &it_held), 9);
	CHECK_EQ(do_import(READ, UARR, 9, fast, &iov, &it), -ENOMEM);
	CHECK(iov == NULL);
	CHECK_EQ(do_import(READ, UARR, 8, fast, &iov, &it), 8);
	/* No fast array at all: even one entry is kmalloc'd. */
	iov = NULL;
	CHECK_EQ(import_iovec(READ, (void *)(uintptr_t)UARR, 1, UIO_FASTIOV, &iov, &it), -ENOMEM);
	fake_kmalloc_fail = 0;
	iov = NULL;
	CHECK_EQ(import_iovec(READ, (void *)(uintptr_t)UARR, 1, UIO_FASTIOV, &iov, &it), 1);
	CHECK(iov != NULL && it.iov == iov);
	iovec_free(iov);
	iovec_free(held);
}

/* readv-style end to end: import, then copy through the iterator. */
static void test_import_copy(void)
{
	struct iovec fast[UIO_FASTIOV], *iov;
	struct iov_iter it;
	unsigned char *u = fake_user(UAREA, 64), out[16];

	memset(u, GUARD, 64);
	put_uiov(UARR, 0, UAREA + 1, 3);
	put_uiov(UARR, 1, UAREA + 10, 0);
	put_uiov(UARR, 2, UAREA + 20, 5);
	CHECK_EQ(do_import(READ, UARR, 3, fast, &iov, &it), 8);
	CHECK_EQ(copy_to_iter("0123456789", 10, &it), 8);
	CHECK(u[0] == GUARD && memcmp(u + 1, "012", 3) == 0 && u[4] == GUARD &&
		      memcmp(u + 20, "34567", 5) == 0 && u[25] == GUARD);
	CHECK_EQ(do_import(WRITE, UARR, 3, fast, &iov, &it), 8);
	memset(out, 0, sizeof(out));
	CHECK_EQ(copy_from_iter(out, sizeof(out), &it), 8);
	CHECK(memcmp(out, "01234567", 8) == 0 && out[8] == 0);
}

/* The layout and fault tests through _copy_from_iter_flushcache and
 * _copy_from_iter_nocache. */
static void test_flushcache_layout(int type)
{
	from_copy = _copy_from_iter_flushcache;
	test_copy_from_iter_layout(type);
	from_copy = copy_from_iter;
}

static void test_nocache_layout(int type)
{
	from_copy = _copy_from_iter_nocache;
	test_copy_from_iter_layout(type);
	from_copy = copy_from_iter;
}

static void test_flushcache_fault(void)
{
	from_copy = _copy_from_iter_flushcache;
	test_iovec_fault_from();
	from_copy = copy_from_iter;
}

static void test_nocache_fault(void)
{
	from_copy = _copy_from_iter_nocache;
	test_iovec_fault_from();
	from_copy = copy_from_iter;
}

/* ---- runner ---- */

/* ITER_PIPE on a ring of 4 slots (tests/host/fake_pipe.c): copies fill
 * anonymous buffers and top up the iterator's own last one,
 * copy_page_to_iter puts the page in by reference (and grows that buffer
 * for the bytes right after), nothing comes out of it, revert takes the
 * newest bytes back out, and a full ring takes nothing. */
static void test_pipe_iter(void)
{
	static struct pipe_buf bufs[4];
	static unsigned char src[4 * PG];
	struct pipe p;
	struct iov_iter it;
	char back[4] = { 1, 2, 3, 4 };
	size_t k;

	memset(&p, 0, sizeof(p));
	memset(bufs, 0, sizeof(bufs));
	p.bufs = bufs;
	p.nslots = 4;
	for (k = 0; k < sizeof(src); k++)
		src[k] = pat(k, 9);
	iov_iter_pipe(&it, READ, &p, 100000);
	CHECK_EQ(it.count, 4 * PG); /* bounded by the free slots */
	CHECK(iov_iter_is_pipe(&it) && !iov_iter_is_discard(&it) && !iter_is_iovec(&it));
	CHECK_EQ(copy_to_iter(src, 5000, &it), 5000);
	CHECK_EQ(p.head, 2);
	CHECK(bufs[0].len == PG && bufs[1].len == 5000 - PG && bufs[1].offset == 0);
	CHECK(memcmp(page_address(bufs[0].page), src, PG) == 0);
	CHECK(memcmp(page_address(bufs[1].page), src + PG, 5000 - PG) == 0);
	CHECK_EQ(copy_to_iter(src + 5000, 10, &it), 10); /* topped up */
	CHECK_EQ(p.head, 2);
	CHECK_EQ(bufs[1].len, 5010 - PG);
	CHECK_EQ(copy_page_to_iter(fake_page(7), 8, 100, &it), 100);
	CHECK_EQ(p.head, 3);
	CHECK(bufs[2].page == fake_page(7) && bufs[2].offset == 8 && bufs[2].len == 100);
	CHECK(bufs[2].ops == &page_pipe_buf_ops);
	CHECK_EQ(copy_page_to_iter(fake_page(7), 108, 50, &it), 50); /* grows */
	CHECK_EQ(p.head, 3);
	CHECK_EQ(bufs[2].len, 150);
	CHECK_EQ(copy_from_iter(back, sizeof(back), &it), 0);
	CHECK(back[0] == 1 && back[3] == 4);
	CHECK_EQ(it.count, 4 * PG - 5160);
	iov_iter_revert(&it, 160); /* the reference and 10 bytes of buffer 1 */
	CHECK_EQ(p.head, 2);
	CHECK_EQ(bufs[1].len, 5000 - PG);
	CHECK_EQ(it.count, 4 * PG - 5000);
	CHECK_EQ(iov_iter_zero(4 * PG, &it), 4 * PG - 5000); /* to the count */
	CHECK_EQ(p.head, 4);
	CHECK(bufs[1].len == PG && bufs[3].len == PG);
	CHECK(((unsigned char *)page_address(bufs[1].page))[PG - 1] == 0);
	it.count = 10; /* the ring is full whatever the count says */
	CHECK_EQ(copy_to_iter(src, 10, &it), 0);
	CHECK_EQ(copy_page_to_iter(fake_page(7), 0, 10, &it), 0);
	CHECK_EQ(it.count, 10);
}

/* ITER_DISCARD only counts: no memory is touched, no user copy made. */
static void test_discard_iter(void)
{
	static unsigned char src[100];
	struct iov_iter it;
	char back[4] = { 1, 2, 3, 4 };

	iov_iter_discard(&it, READ, 250);
	CHECK(iov_iter_is_discard(&it) && !iov_iter_is_pipe(&it) && !iter_is_iovec(&it));
	CHECK_EQ(copy_to_iter(src, 100, &it), 100);
	CHECK_EQ(copy_page_to_iter(fake_page(2), 0, 100, &it), 100);
	CHECK_EQ(copy_mc_to_iter(src, 20, &it), 20);
	CHECK_EQ(iov_iter_zero(100, &it), 30); /* clamped to the count */
	CHECK_EQ(it.count, 0);
	CHECK_EQ(copy_from_iter(back, sizeof(back), &it), 0);
	CHECK(back[0] == 1 && back[3] == 4);
	iov_iter_revert(&it, 30);
	CHECK_EQ(it.count, 30);
	iov_iter_advance(&it, 10);
	CHECK_EQ(it.count, 20);
	CHECK_EQ(fake_user_calls, 0);
}


struct test {
	const char *name;
	void (*fn)(void);		/* a test on its own, or */
	void (*fn_type)(int type);	/* one run per kind: iovec, kvec, bvec */
};

static const struct test tests[] = {
	{"iov_iter_init/kvec/bvec set every field", test_init_fields, NULL},
	{"copy_to_iter over scattered, zero-length, unaligned, page-crossing segments", NULL,
	 test_copy_to_iter_layout},
	{"copy_to_iter in pieces", NULL, test_copy_to_iter_pieces},
	{"count shorter than the segments", NULL, test_copy_to_iter_short_count},
	{"copy_mc_to_iter: a poisoned source ends every kind short, advanced exactly", NULL,
	 test_copy_mc_to_iter},
	{"copy_from_iter, whole and in pieces", NULL, test_copy_from_iter_layout},
	{"_copy_from_iter_flushcache, whole and in pieces", NULL, test_flushcache_layout},
	{"_copy_from_iter_nocache, whole and in pieces", NULL, test_nocache_layout},
	{"iov_iter_zero", NULL, test_zero_layout},
	{"copying against data_source moves nothing", NULL, test_direction},
	{"copy_page_to_iter copies within the page, rejects past its end", test_copy_page_to_iter,
	 NULL},
	{"copy_page_from_iter copies within the page, rejects past its end",
	 test_copy_page_from_iter, NULL},
	{"iovec: fault mid-segment stops copy_to_iter at that byte", test_iovec_fault_to, NULL},
	{"iovec: faults at a segment's first byte and the last byte", test_iovec_fault_edges, NULL},
	{"iovec: unmapped and kernel segment addresses stop the copy", test_iovec_bad_segments,
	 NULL},
	{"iovec: copy_from_iter fault leaves the rest of the destination alone", test_iovec_fault_from, NULL},
	{"iovec: _copy_from_iter_flushcache stops at the fault", test_flushcache_fault, NULL},
	{"iovec: _copy_from_iter_nocache stops at the fault", test_nocache_fault, NULL},
	{"iovec: iov_iter_zero stops at a fault", test_iovec_zero_fault, NULL},
	{"iovec: an injected failure at copy k is a fault on segment k", test_iovec_injected, NULL},
	{"iovec: zero-length segments never reach the user copy", test_iovec_calls, NULL},
	{"fault_in_writeable/readable: bytes not faulted in, as Linux", test_fault_in, NULL},
	{"copy_page_to_iter: atomic when present, kmap fallback from the short byte",
	 test_page_to_user_paths, NULL},
	{"copy_page_from_iter: atomic and fallback, counted", test_page_from_user_paths, NULL},
	{"page_copy_sane: copies over a compound run, never past it", test_compound_copies, NULL},
	{"iov_iter_advance skips empty segments and clamps to count", test_advance, NULL},
	{"copy, revert, copy again", NULL, test_revert_recopy},
	{"random advance/copy then revert round trips", NULL, test_random_round_trip},
	{"import_iovec: 0 segments gives an empty iterator", test_import_zero, NULL},
	{"import_iovec: 1 and 8 segments use the fast array", test_import_fast, NULL},
	{"import_iovec: 9 and 1024 segments use the kept-warm array, then kmalloc", test_import_kmalloc, NULL},
	{"import_iovec: 1025, -1 and other bad counts give -EINVAL", test_import_bad_count, NULL},
	{"import_iovec: unreadable array gives -EFAULT, after an earlier negative length -EINVAL", test_import_unreadable, NULL},
	{"import_iovec: negative iov_len gives -EINVAL", test_import_negative_len, NULL},
	{"import_iovec: kernel and wrapping ranges give -EFAULT", test_import_access_ok, NULL},
	{"import_iovec: unmapped user address with length 0 is fine",
	 test_import_unmapped_zero_len, NULL},
	{"import_iovec: total clamped to MAX_RW_COUNT", test_import_clamp, NULL},
	{"import_iovec: -EINVAL for any length beats -EFAULT for any address",
	 test_import_precedence, NULL},
	{"import_iovec: kmalloc failure gives -ENOMEM", test_import_enomem, NULL},
	{"import_iovec then copy through the iterator", test_import_copy, NULL},
	{"ITER_PIPE: buffers filled and topped up, pages by reference, revert, full ring",
	 test_pipe_iter, NULL},
	{"ITER_DISCARD only counts", test_discard_iter, NULL},
};

/* Run one test (kind < 0: a plain one) and print its TAP line.
 * Returns true if it passed. */
static bool run_one(const struct test *t, int kind, int number)
{
	reasons[0] = '\0';
	nfail = 0;
	fake_reset();
	if (kind < 0)
		t->fn();
	else
		t->fn_type(kind);
	CHECK(fake_kmalloc_live == 0, "%ld kmalloc'd blocks leaked", fake_kmalloc_live);
	CHECK(!iov_cache_in_use(), "the kept-warm iovec array was not given back");
	CHECK(fake_kmaps == 0 && fake_kmap_locals == 0, "%lu kmaps, %lu local maps left",
	      fake_kmaps, fake_kmap_locals);
	CHECK(pagefault_disable_depth == 0, "page faults left disabled");
	printf("%s %d - ", nfail ? "not ok" : "ok", number);
	if (kind >= 0)
		printf("%s: ", type_name[kind]);
	printf("%s\n%s", t->name, reasons);
	fflush(stdout);
	return nfail == 0;
}

/* Print the TAP plan, run every test; exit 0 only if all passed. */
int main(void)
{
	int n = 0, number = 0, failed = 0, kind;
	size_t t;

	for (t = 0; t < ARRAY_SIZE(tests); t++)
		n += tests[t].fn ? 1 : 3;
	printf("TAP version 13\n");
	if (fake_nr_pages * PG < AREA ||
	    fake_user_size < UARR - fake_user_base + (UIO_MAXIOV + 1) * sizeof(struct iovec)) {
		printf("Bail out! fake_kernel.c has less memory than these tests use\n");
		return 1;
	}
	printf("1..%d\n", n);
	for (t = 0; t < ARRAY_SIZE(tests); t++) {
		if (tests[t].fn) {
			failed += !run_one(&tests[t], -1, ++number);
			continue;
		}
		for (kind = ITER_IOVEC; kind <= ITER_BVEC; kind++)
			failed += !run_one(&tests[t], kind, ++number);
	}
	return failed ? 1 : 0;
}
