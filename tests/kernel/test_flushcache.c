/*
 * Selftests for the cache-flushing and non-temporal copies
 * (arch/x86/flushcache.c): memcpy_flushcache, __copy_user_flushcache and
 * __copy_user_nocache, and the iov_iter calls built on them.
 *
 * Every implementation this CPU can run is tried in turn (flushcache_kind
 * is switched for the case and put back), with every source and
 * destination alignment 0-7 and every length up to three cache lines and
 * a bit: the copy must move exactly the bytes asked for and touch nothing
 * around them. The user-source copies also run into the unmapped page at
 * UEND (usermap.h) from every distance: they must stop at exactly the
 * first byte that cannot be read and return the bytes not copied.
 * tests/run.py boots this suite on several CPUs (see KTEST_VARIANTS) and
 * checks the boot line that names the implementation chosen.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <lib/iov_iter.h>
#include <asm/flushcache.h>
#include <asm/uaccess.h>
#include <asm/x86.h>
#include "usermap.h"

#define MAXLEN (3 * 64 + 9) /* three cache lines and a bit */
#define ALIGNS 8
#define GUARD 16 /* bytes checked on each side of the destination */
#define FILL 0x5A
#define NKINDS 4
#define CPUID_EDX_SSE2_BIT (1u << 26)
#define CPUID_EDX_CLFSH_BIT (1u << 19)

static uint8_t src[MAXLEN + ALIGNS], dst[MAXLEN + ALIGNS + 2 * GUARD];
static const enum flushcache_kind kinds[NKINDS] = { FLUSHCACHE_PLAIN, FLUSHCACHE_CLFLUSH,
						    FLUSHCACHE_CLFLUSHOPT, FLUSHCACHE_MOVNTI };

/* The byte the source holds at i. */
static uint8_t spat(uint32_t i)
{
	return (uint8_t)(i * 29 + 7);
}

/* Bytes of dst that are wrong after copying len bytes of spat(sa...) to
 * dst + GUARD + da: the copy itself, and FILL in the guards around it. */
static uint32_t count_wrong(uint32_t sa, uint32_t da, uint32_t len)
{
	uint32_t bad = 0;

	for (uint32_t i = 0; i < sizeof(dst); i++) {
		uint32_t at = GUARD + da;
		uint8_t want = i >= at && i < at + len ? spat(sa + i - at) : FILL;
		bad += dst[i] != want;
	}
	return bad;
}

/* The implementation cpuid says the boot should have chosen. */
static enum flushcache_kind expected_kind(void)
{
	uint32_t max, a, b, c, d, b7 = 0;

	cpuid(0, &max, &b, &c, &d);
	if (max >= 7)
		cpuid(7, &a, &b7, &c, &d);
	cpuid(1, &a, &b, &c, &d);
	if (d & CPUID_EDX_SSE2_BIT)
		return FLUSHCACHE_MOVNTI;
	if (b7 & (1u << 23))
		return FLUSHCACHE_CLFLUSHOPT;
	if (d & CPUID_EDX_CLFSH_BIT)
		return FLUSHCACHE_CLFLUSH;
	return FLUSHCACHE_PLAIN;
}

static void chosen_at_boot(void)
{
	printk("    # flushcache: %s chosen, %u-byte lines\n", flushcache_name(flushcache_kind),
	       flushcache_line);
	KT_EXPECT_EQ(flushcache_kind, expected_kind());
	KT_EXPECT(flushcache_supported(flushcache_kind));
	KT_EXPECT(flushcache_supported(FLUSHCACHE_PLAIN));
	KT_EXPECT(flushcache_line >= 32 && (flushcache_line & (flushcache_line - 1)) == 0);
}

/* memcpy_flushcache: every kind, alignment and length up to MAXLEN. */
static void memcpy_all_alignments(void)
{
	enum flushcache_kind saved = flushcache_kind;
	int tried = 0;

	for (uint32_t i = 0; i < sizeof(src); i++)
		src[i] = spat(i);
	for (int k = 0; k < NKINDS; k++) {
		if (!flushcache_supported(kinds[k]))
			continue;
		tried++;
		flushcache_kind = kinds[k];
		for (uint32_t sa = 0; sa < ALIGNS; sa++)
			for (uint32_t da = 0; da < ALIGNS; da++)
				for (uint32_t len = 0; len <= MAXLEN; len++) {
					memset(dst, FILL, sizeof(dst));
					memcpy_flushcache(dst + GUARD + da, src + sa, len);
					LOOP_EXPECT_EQ(count_wrong(sa, da, len), 0,
						       "%s sa %u da %u len %u",
						       flushcache_name(kinds[k]), sa, da, len);
				}
	}
	flushcache_kind = saved;
	KT_EXPECT(tried >= 1);
}

/* One of the user-source copies, by index: 0 flushcache, 1 nocache. */
static unsigned long user_copy(int which, void *d, uint32_t usrc, unsigned long n)
{
	const void __user *s = (const void __user *)usrc;

	return which ? __copy_user_nocache(d, s, n) : __copy_user_flushcache(d, s, n);
}

/* __copy_user_flushcache and __copy_user_nocache from user memory: every
 * kind, alignment and length, then into UEND from every distance. */
static void user_copies(int which)
{
	enum flushcache_kind saved = flushcache_kind;
	uint32_t base = U + PAGE_SIZE - 100; /* the copies straddle the two pages */

	NEED_MM();
	for (uint32_t i = 0; i < MAXLEN + ALIGNS; i++)
		*uk(base + i) = spat(i);
	for (uint32_t i = 0; i < 64; i++)
		*uk(UEND - 64 + i) = spat(i);
	for (int k = 0; k < NKINDS; k++) {
		if (!flushcache_supported(kinds[k]))
			continue;
		flushcache_kind = kinds[k];
		for (uint32_t sa = 0; sa < ALIGNS; sa++)
			for (uint32_t da = 0; da < ALIGNS; da++)
				for (uint32_t len = 0; len <= MAXLEN; len++) {
					memset(dst, FILL, sizeof(dst));
					unsigned long left =
						user_copy(which, dst + GUARD + da, base + sa, len);
					barrier();
					LOOP_EXPECT_EQ(left, 0, "%s sa %u da %u len %u",
						       flushcache_name(kinds[k]), sa, da, len);
					LOOP_EXPECT_EQ(count_wrong(sa, da, len), 0,
						       "%s sa %u da %u len %u",
						       flushcache_name(kinds[k]), sa, da, len);
				}
		/* from `room` bytes before the hole, ask for room + extra */
		for (uint32_t room = 0; room <= 40; room++)
			for (uint32_t da = 0; da < 4; da++)
				for (uint32_t extra = 1; extra <= 9; extra += 4) {
					uint32_t sa = 64 - room;
					memset(dst, FILL, sizeof(dst));
					unsigned long left = user_copy(which, dst + GUARD + da,
								       UEND - room, room + extra);
					barrier();
					LOOP_EXPECT_EQ(left, extra, "%s room %u da %u",
						       flushcache_name(kinds[k]), room, da);
					LOOP_EXPECT_EQ(count_wrong(sa, da, room), 0,
						       "%s room %u da %u",
						       flushcache_name(kinds[k]), room, da);
				}
		memset(dst, FILL, sizeof(dst));
		LOOP_EXPECT_EQ(user_copy(which, dst, UEND, 10), 10, "%s: from the hole",
			       flushcache_name(kinds[k]));
		LOOP_EXPECT_EQ(count_wrong(0, 0, 0), 0, "%s: nothing written",
			       flushcache_name(kinds[k]));
	}
	flushcache_kind = saved;
}

static void user_flushcache_all_alignments(void)
{
	user_copies(0);
}

static void user_nocache_all_alignments(void)
{
	user_copies(1);
}

/* _copy_from_iter_flushcache and _nocache: kernel and user segments, a
 * fault partway, the wrong direction. */
static void iter_copies(void)
{
	static uint8_t k1[300], out[600];
	struct kvec kv[2] = { { k1, 100 }, { k1 + 100, 200 } };
	struct iovec uv[2] = { { (void __user *)(U + 10), 50 },
			       { (void __user *)(UEND - 30), 100 } };
	struct iov_iter it;

	NEED_MM();
	for (uint32_t i = 0; i < sizeof(k1); i++)
		k1[i] = spat(i);
	for (int nocache = 0; nocache < 2; nocache++) {
		size_t (*fn)(void *, size_t, struct iov_iter *) =
			nocache ? _copy_from_iter_nocache : _copy_from_iter_flushcache;

		memset(out, 0, sizeof(out));
		iov_iter_kvec(&it, WRITE, kv, 2, 300);
		KT_EXPECT_EQ(fn(out + 1, 300, &it), 300);
		KT_EXPECT_EQ(memcmp(out + 1, k1, 300), 0);
		KT_EXPECT_EQ(iov_iter_count(&it), 0);

		for (uint32_t i = 0; i < 50; i++)
			*uk(U + 10 + i) = spat(i);
		for (uint32_t i = 0; i < 30; i++)
			*uk(UEND - 30 + i) = spat(50 + i);
		memset(out, 0, sizeof(out));
		iov_iter_init(&it, WRITE, uv, 2, 150);
		KT_EXPECT_EQ(fn(out + 3, 150, &it), 80); /* stops at UEND */
		barrier();
		KT_EXPECT_EQ(memcmp(out + 3, k1, 80), 0);
		KT_EXPECT_EQ(out[83], 0);
		KT_EXPECT_EQ(iov_iter_count(&it), 70);

		iov_iter_kvec(&it, READ, kv, 2, 300); /* a destination: nothing moves */
		KT_EXPECT_EQ(fn(out, 300, &it), 0);
		KT_EXPECT_EQ(iov_iter_count(&it), 300);
	}
	KT_EXPECT_EQ(copy_from_iter_flushcache(out, 0, &it), 0);
}

static void fc_init(void)
{
	usermap_load(false);
}

static const struct ktest_case cases[] = {
	{ "chosen_at_boot", chosen_at_boot },
	{ "memcpy_flushcache_all_alignments", memcpy_all_alignments },
	{ "copy_user_flushcache_all_alignments", user_flushcache_all_alignments },
	{ "copy_user_nocache_all_alignments", user_nocache_all_alignments },
	{ "copy_from_iter_flushcache_nocache", iter_copies },
};
KTEST_SUITE(flushcache, cases, .init = fc_init, .exit = usermap_unload);
