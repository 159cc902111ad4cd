/*
 * Selftests for user memory access (asm/uaccess.h, arch/x86/usercopy.c).
 *
 * .init loads the address space of usermap.h: two read-write pages at U,
 * the unmapped page at UEND, and a read-only page at R holding rpat().
 *
 * There is no current process (current == NULL), so page_fault() cannot
 * resolve anything through the VMAs (its step 1) and a faulting uaccess
 * instruction goes straight to its exception-table fixup: the path these
 * cases exercise.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>
#include <asm/x86.h>
#include "usermap.h"

#define BAD_KADDR 0xF0000000u /* kernel half, mapped by nothing */
#define BUF (3 * PAGE_SIZE)

static uint32_t free_before_init;

static uint8_t ksrc[BUF], kdst[BUF], tmp[BUF];

/* The byte the read-only page holds at offset i. */
static uint8_t rpat(uint32_t i)
{
	return (uint8_t)(i * 7 ^ 0x3C);
}

/* Number of bytes in [p, p + n) that differ from c. */
static size_t count_not(const uint8_t *p, int c, size_t n)
{
	size_t bad = 0;

	while (n--)
		bad += *p++ != (uint8_t)c;
	return bad;
}

static void fill_pattern(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 13 + (i >> 8));
}

static void uaccess_init(void)
{
	free_before_init = nr_free_pages();
	if (usermap_load(true))
		return;
	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		*uk(R + i) = rpat(i);
}

/* Every size 0-64 and 4096, every alignment 0-7 of both sides. */
static void roundtrip(void)
{
	NEED_MM();
	for (uint32_t n = 0; n <= 65; n++) {
		uint32_t size = n == 65 ? 4096 : n;
		/* 4096 bytes cross from the first page into the second */
		uint32_t base = size == 4096 ? U + PAGE_SIZE - 2000 : U + 100;
		for (uint32_t ua = 0; ua < 8; ua++) {
			for (uint32_t ka = 0; ka < 8; ka++) {
				uint32_t ud = base + ua;
				uint8_t *ks = ksrc + 8 + ka, *kd = kdst + 8 + ka;

				fill_pattern(ks, size, size * 64 + ua * 8 + ka);
				poke_fill(ud - 8, 0x5A, size + 16);
				LOOP_EXPECT_EQ(copy_to_user((void __user *)ud, ks, size), 0,
					       "to: size %u ua %u ka %u", size, ua, ka);
				barrier();
				peek(ud - 8, tmp, size + 16);
				LOOP_EXPECT_EQ(count_not(tmp, 0x5A, 8), 0, "size %u", size);
				LOOP_EXPECT_EQ(memcmp(tmp + 8, ks, size), 0,
					       "to: size %u ua %u ka %u", size, ua, ka);
				LOOP_EXPECT_EQ(count_not(tmp + 8 + size, 0x5A, 8), 0,
					       "size %u ua %u", size, ua);

				memset(kdst, 0xCC, size + 24);
				LOOP_EXPECT_EQ(copy_from_user(kd, (const void __user *)ud, size), 0,
					       "from: size %u ua %u ka %u", size, ua, ka);
				LOOP_EXPECT_EQ(memcmp(kd, ks, size), 0, "from: size %u ua %u ka %u",
					       size, ua, ka);
				LOOP_EXPECT_EQ(count_not(kdst, 0xCC, 8 + ka), 0, "ka %u", ka);
				LOOP_EXPECT_EQ(count_not(kd + size, 0xCC, 8), 0, "size %u ka %u",
					       size, ka);
			}
		}
	}
}

static uint64_t kvar = 0x1122334455667788ull; /* a kernel target */

/*
 * One width of get_user/put_user: write val at user address a (checked
 * and unchecked forms), read it back, and check the neighbours. a may be
 * unaligned or cross the page boundary between U and U+4096.
 */
#define GET_PUT_OK(type, val, a)                               \
	do {                                                   \
		type __v, __got, __w = (type)(val), __nw;      \
		type __user *__p = (type __user *)(a);         \
		memset(&__v, 0x5A, sizeof(__v));               \
		__nw = __w ^ (type)-1; /* every bit flipped */ \
		poke_fill((a)-1, 0x5A, sizeof(type) + 2);      \
		KT_EXPECT_EQ(put_user(__w, __p), 0);           \
		barrier();                                     \
		peek((a), &__got, sizeof(type));               \
		KT_EXPECT_EQ(__got, __w);                      \
		KT_EXPECT_EQ(*uk((a)-1), 0x5A);                \
		KT_EXPECT_EQ(*uk((a) + sizeof(type)), 0x5A);   \
		KT_EXPECT_EQ(get_user(__v, __p), 0);           \
		KT_EXPECT_EQ(__v, __w);                        \
		KT_EXPECT_EQ(__put_user(__nw, __p), 0);        \
		barrier();                                     \
		peek((a), &__got, sizeof(type));               \
		KT_EXPECT_EQ(__got, __nw);                     \
		KT_EXPECT_EQ(__get_user(__v, __p), 0);         \
		KT_EXPECT_EQ(__v, __nw);                       \
	} while (0)

/* get_user/put_user of one width at address a must fail: -EFAULT, the
 * value read is 0, and (when a is our kernel variable) nothing is written. */
#define GET_PUT_FAIL(type, a)                                \
	do {                                                 \
		type __v, __bad;                             \
		type __user *__p = (type __user *)(a);       \
		uint64_t __k = kvar;                         \
		memset(&__v, 0xC3, sizeof(__v));             \
		memset(&__bad, 0x96, sizeof(__bad));         \
		KT_EXPECT_EQ(get_user(__v, __p), -EFAULT);   \
		KT_EXPECT_EQ(__v, 0);                        \
		KT_EXPECT_EQ(put_user(__bad, __p), -EFAULT); \
		barrier();                                   \
		KT_EXPECT_EQ(kvar, __k);                     \
	} while (0)

/* The unchecked forms on an address access_ok would refuse (a faulting
 * kernel address): the fixup alone must produce -EFAULT and 0. */
#define UNCHECKED_FAIL(type, a)                                                 \
	do {                                                                    \
		type __v;                                                       \
		memset(&__v, 0xC3, sizeof(__v));                                \
		KT_EXPECT_EQ(__get_user(__v, (type __user *)(a)), -EFAULT);     \
		KT_EXPECT_EQ(__v, 0);                                           \
		KT_EXPECT_EQ(__put_user((type)1, (type __user *)(a)), -EFAULT); \
	} while (0)

static void get_put_user(void)
{
	NEED_MM();
	static const uint32_t addrs[] = { U + 0x100, U + 0x101, U + 0x203, U + PAGE_SIZE - 3,
					  UEND - 9 };

	for (size_t i = 0; i < ARRAY_SIZE(addrs); i++) {
		uint32_t a = addrs[i];
		GET_PUT_OK(uint8_t, 0xA5, a);
		GET_PUT_OK(uint16_t, 0xBEEF, a);
		GET_PUT_OK(uint32_t, 0xDEADBEEF, a);
		GET_PUT_OK(uint64_t, 0x0123456789ABCDEFull, a);
	}

	/* the unmapped page: the neighbour just below must not change */
	poke_fill(UEND - 8, 0x5A, 8);
	GET_PUT_FAIL(uint8_t, UEND);
	GET_PUT_FAIL(uint16_t, UEND);
	GET_PUT_FAIL(uint32_t, UEND);
	GET_PUT_FAIL(uint64_t, UEND);
	GET_PUT_FAIL(uint32_t, UEND + 0x800);
	peek(UEND - 8, tmp, 8);
	KT_EXPECT_EQ(count_not(tmp, 0x5A, 8), 0);

	/* a kernel address: refused by access_ok, kvar stays as it was */
	GET_PUT_FAIL(uint8_t, (uint32_t)&kvar);
	GET_PUT_FAIL(uint16_t, (uint32_t)&kvar);
	GET_PUT_FAIL(uint32_t, (uint32_t)&kvar);
	GET_PUT_FAIL(uint64_t, (uint32_t)&kvar);
	KT_EXPECT_EQ(kvar, 0x1122334455667788ull);

	/* NULL passes access_ok but page 0 is never mapped */
	GET_PUT_FAIL(uint8_t, 0);
	GET_PUT_FAIL(uint16_t, 0);
	GET_PUT_FAIL(uint32_t, 0);
	GET_PUT_FAIL(uint64_t, 0);

	/* crossing into the unmapped page: a 2- or 4-byte access is one
	 * instruction and faults before it stores anything */
	poke_fill(UEND - 8, 0x5A, 8);
	GET_PUT_FAIL(uint16_t, UEND - 1);
	GET_PUT_FAIL(uint32_t, UEND - 2);
	GET_PUT_FAIL(uint32_t, UEND - 3);
	peek(UEND - 8, tmp, 8);
	KT_EXPECT_EQ(count_not(tmp, 0x5A, 8), 0);
	/* 8 bytes from UEND - 4: the first load/store works, the second
	 * faults. The result is -EFAULT and a zero value. */
	GET_PUT_FAIL(uint64_t, UEND - 4);
	GET_PUT_FAIL(uint64_t, UEND - 1);
	{
		uint64_t v = 0x1234;
		poke_fill(UEND - 4, 0x5A, 4);
		KT_EXPECT_EQ(__get_user(v, (uint64_t __user *)(UEND - 4)), -EFAULT);
		KT_EXPECT_EQ(v, 0);
		KT_EXPECT_EQ(__put_user(0xFFFFFFFFFFFFFFFFull, (uint64_t __user *)(UEND - 4)),
			     -EFAULT);
		barrier();
		if (*uk(UEND - 4) != 0x5A) /* as in Linux; not promised either way */
			printk("    # note: a faulting 8-byte put_user stored its low half\n");
	}

	/* the unchecked forms reach the fixup for kernel addresses too */
	UNCHECKED_FAIL(uint8_t, BAD_KADDR);
	UNCHECKED_FAIL(uint16_t, BAD_KADDR + 0x11);
	UNCHECKED_FAIL(uint32_t, BAD_KADDR + 0x22);
	UNCHECKED_FAIL(uint64_t, BAD_KADDR + 0x33);
	UNCHECKED_FAIL(uint32_t, UEND);
	UNCHECKED_FAIL(uint64_t, UEND);
}

static const char kstatic[64] = "kernel bytes that must never reach a user buffer";
static char ktarget[64];

static void kernel_address(void)
{
	NEED_MM();
	for (uint32_t n = 1; n <= 64; n += 21) {
		memset(kdst, 0xCC, 80);
		KT_EXPECT_EQ(copy_from_user(kdst, (__force const void __user *)kstatic, n), n);
		KT_EXPECT_EQ(count_not(kdst, 0, n), 0);	       /* all zeroed */
		KT_EXPECT_EQ(count_not(kdst + n, 0xCC, 8), 0); /* and no more */

		memset(ktarget, 0x77, sizeof(ktarget));
		memset(ksrc, 0x11, n);
		KT_EXPECT_EQ(copy_to_user((__force void __user *)ktarget, ksrc, n), n);
		barrier();
		KT_EXPECT_EQ(count_not((uint8_t *)ktarget, 0x77, sizeof(ktarget)), 0);
		KT_EXPECT_EQ(clear_user((__force void __user *)ktarget, n), n);
		barrier();
		KT_EXPECT_EQ(count_not((uint8_t *)ktarget, 0x77, sizeof(ktarget)), 0);
		memset(kdst, 0xCC, 80);
		KT_EXPECT_EQ(
			strncpy_from_user((char *)kdst, (__force const char __user *)kstatic, n),
			-EFAULT);
		KT_EXPECT_EQ(count_not(kdst, 0xCC, n), 0); /* untouched */
	}
	/* a range that starts in user space and ends in the kernel is
	 * refused as a whole: nothing is copied from its user part */
	poke_fill(U, 0x42, 16);
	memset(kdst, 0xCC, 32);
	KT_EXPECT_EQ(copy_from_user(kdst, (const void __user *)(TASK_SIZE - 8), 16), 16);
	KT_EXPECT_EQ(count_not(kdst, 0, 16), 0);
	KT_EXPECT_EQ(copy_to_user((void __user *)(TASK_SIZE - 8), ksrc, 16), 16);
	KT_EXPECT_EQ(clear_user((void __user *)(TASK_SIZE - 8), 16), 16);

	KT_EXPECT(!access_ok(kstatic, 1));
	KT_EXPECT(!access_ok(kstatic, 0));
	KT_EXPECT(!access_ok(&kvar, sizeof(kvar)));
	KT_EXPECT(!access_ok(BAD_KADDR, 4));
	KT_EXPECT(!access_ok(PAGE_OFFSET, 0));
	KT_EXPECT(access_ok(U, 16));
}

/* The overshoots past the boundary to try: 1-64, then steps of 61, then
 * exactly 8192; 0 ends the list. */
static uint32_t next_overshoot(uint32_t d)
{
	if (d < 64)
		return d + 1;
	if (d == 8192)
		return 0;
	return d + 61 < 8192 ? d + 61 : 8192;
}

/*
 * Start k bytes before UEND, the first unmapped byte, and move len > k
 * bytes: exactly k must move and len - k be reported as left.
 */
static void boundary_partial(void)
{
	NEED_MM();
	for (uint32_t k = 1; k <= 16; k++) {
		uint32_t start = UEND - k;

		fill_pattern(ksrc, BUF, k * 101);
		for (uint32_t d = 1; d; d = next_overshoot(d)) {
			uint32_t len = k + d;
			unsigned long left;

			/* copy_to_user: the k bytes arrive, nothing before them changes */
			poke_fill(UEND - 512, 0x5A, 512);
			left = copy_to_user((void __user *)start, ksrc, len);
			barrier();
			LOOP_EXPECT_EQ(left, len - k, "k %u len %u", k, len);
			peek(UEND - 512, tmp, 512);
			LOOP_EXPECT_EQ(memcmp(tmp + 512 - k, ksrc, k), 0, "k %u len %u", k, len);
			LOOP_EXPECT_EQ(count_not(tmp, 0x5A, 512 - k), 0, "k %u len %u", k, len);

			/* copy_from_user: k bytes, then zeroes up to len */
			memset(kdst, 0xCC, len + 8);
			left = copy_from_user(kdst, (const void __user *)start, len);
			LOOP_EXPECT_EQ(left, len - k, "k %u len %u", k, len);
			LOOP_EXPECT_EQ(memcmp(kdst, ksrc, k), 0, "k %u len %u", k, len);
			LOOP_EXPECT_EQ(count_not(kdst + k, 0, len - k), 0, "k %u len %u", k, len);
			LOOP_EXPECT_EQ(count_not(kdst + len, 0xCC, 8), 0, "k %u len %u", k, len);

			/* the raw routine leaves the tail alone */
			memset(kdst, 0xCC, len + 8);
			left = __copy_from_user_ll(kdst, (const void __user *)start, len);
			LOOP_EXPECT_EQ(left, len - k, "k %u len %u", k, len);
			LOOP_EXPECT_EQ(memcmp(kdst, ksrc, k), 0, "k %u len %u", k, len);
			LOOP_EXPECT_EQ(count_not(kdst + k, 0xCC, len - k + 8), 0, "k %u len %u", k,
				       len);

			/* clear_user: the k bytes become zero, nothing before them */
			poke_fill(UEND - 512, 0x5A, 512);
			left = clear_user((void __user *)start, len);
			barrier();
			LOOP_EXPECT_EQ(left, len - k, "k %u len %u", k, len);
			peek(UEND - 512, tmp, 512);
			LOOP_EXPECT_EQ(count_not(tmp + 512 - k, 0, k), 0, "k %u len %u", k, len);
			LOOP_EXPECT_EQ(count_not(tmp, 0x5A, 512 - k), 0, "k %u len %u", k, len);
		}
	}
}

/*
 * Every length 0..64 at distances k before UEND around the word and
 * length edges, from kernel buffers at every alignment mod 4: the rep
 * movsl/stosl loops and their fixups move exactly min(k, n) bytes, report
 * the rest as left, and touch nothing else on either side.
 */
static void fault_every_length(void)
{
	static const uint32_t ks[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65
	};

	NEED_MM();
	for (uint32_t ki = 0; ki < ARRAY_SIZE(ks); ki++) {
		uint32_t k = ks[ki], start = UEND - k;

		for (uint32_t n = 0; n <= 64; n++) {
			uint32_t moved = n < k ? n : k;

			for (uint32_t ka = 0; ka < 4; ka++) {
				uint8_t *src = ksrc + 8 + ka, *dst = kdst + 8 + ka;
				unsigned long left;

				fill_pattern(src, n, k * 64 + n * 4 + ka);
				poke_fill(UEND - 128, 0x5A, 128);
				left = copy_to_user((void __user *)start, src, n);
				barrier();
				LOOP_EXPECT_EQ(left, n - moved, "to: k %u n %u ka %u", k, n, ka);
				peek(UEND - 128, tmp, 128);
				LOOP_EXPECT_EQ(memcmp(tmp + 128 - k, src, moved), 0,
					       "to: k %u n %u ka %u", k, n, ka);
				LOOP_EXPECT_EQ(count_not(tmp, 0x5A, 128 - k), 0, "to: k %u n %u", k,
					       n);
				LOOP_EXPECT_EQ(count_not(tmp + 128 - k + moved, 0x5A, k - moved), 0,
					       "to: k %u n %u", k, n);

				memset(kdst, 0xCC, 8 + 4 + 64 + 8);
				left = __copy_from_user_ll(dst, (const void __user *)start, n);
				LOOP_EXPECT_EQ(left, n - moved, "from: k %u n %u ka %u", k, n, ka);
				LOOP_EXPECT_EQ(memcmp(dst, src, moved), 0, "from: k %u n %u ka %u",
					       k, n, ka);
				LOOP_EXPECT_EQ(count_not(kdst, 0xCC, 8 + ka), 0, "from: k %u n %u",
					       k, n);
				LOOP_EXPECT_EQ(count_not(dst + moved, 0xCC, n - moved + 8), 0,
					       "from: k %u n %u ka %u", k, n, ka);

				left = clear_user((void __user *)start, n);
				barrier();
				LOOP_EXPECT_EQ(left, n - moved, "clear: k %u n %u", k, n);
				peek(UEND - 128, tmp, 128);
				LOOP_EXPECT_EQ(count_not(tmp + 128 - k, 0, moved), 0,
					       "clear: k %u n %u", k, n);
				LOOP_EXPECT_EQ(count_not(tmp, 0x5A, 128 - k), 0, "clear: k %u n %u",
					       k, n);
			}
		}
	}
}

static void readonly_page(void)
{
	NEED_MM();
	uint32_t v = 0;
	uint8_t b = 0;
	int changed = 0;

	KT_EXPECT(rcr0() & CR0_WP); /* else the kernel would write through */
	memset(ksrc, 0xEE, PAGE_SIZE);
	KT_EXPECT_EQ(copy_to_user((void __user *)(R + 100), ksrc, 50), 50);
	KT_EXPECT_EQ(copy_to_user((void __user *)R, ksrc, PAGE_SIZE), PAGE_SIZE);
	KT_EXPECT_EQ(copy_to_user((void __user *)(R + PAGE_SIZE - 3), ksrc, 3), 3);
	KT_EXPECT_EQ(clear_user((void __user *)(R + 1), 7), 7);
	KT_EXPECT_EQ(put_user(0x12345678u, (uint32_t __user *)(R + 8)), -EFAULT);
	KT_EXPECT_EQ(put_user((uint8_t)1, (uint8_t __user *)(R + 9)), -EFAULT);
	KT_EXPECT_EQ(__put_user(0x0102030405060708ull, (uint64_t __user *)(R + 16)), -EFAULT);
	barrier();
	for (uint32_t i = 0; i < PAGE_SIZE; i++)
		changed += *uk(R + i) != rpat(i);
	KT_EXPECT_EQ(changed, 0);

	/* reading works */
	memset(kdst, 0, 400);
	KT_EXPECT_EQ(copy_from_user(kdst, (const void __user *)(R + 10), 300), 0);
	changed = 0;
	for (uint32_t i = 0; i < 300; i++)
		changed += kdst[i] != rpat(10 + i);
	KT_EXPECT_EQ(changed, 0);
	KT_EXPECT_EQ(get_user(v, (uint32_t __user *)(R + 4)), 0);
	KT_EXPECT_EQ(v, rpat(4) | rpat(5) << 8 | rpat(6) << 16 | (uint32_t)rpat(7) << 24);
	KT_EXPECT_EQ(get_user(b, (uint8_t __user *)(R + PAGE_SIZE - 1)), 0);
	KT_EXPECT_EQ(b, rpat(PAGE_SIZE - 1));
}

static void access_ok_edges(void)
{
	/* refused */
	KT_EXPECT(!access_ok(0xFFFFF000u, 0x2000)); /* wraps */
	KT_EXPECT(!access_ok(TASK_SIZE - 1, 2));
	KT_EXPECT(!access_ok(TASK_SIZE, 0));
	KT_EXPECT(!access_ok(TASK_SIZE, 1));
	KT_EXPECT(!access_ok(0xFFFFFFFFu, 1));
	KT_EXPECT(!access_ok(0, 0xFFFFFFFFu));
	KT_EXPECT(!access_ok(1, 0xFFFFFFFFu));	    /* 1 + 0xFFFFFFFF wraps to 0 */
	KT_EXPECT(!access_ok(0x1000, 0xFFFFF000u)); /* wraps to exactly 0 */
	KT_EXPECT(!access_ok(0, TASK_SIZE + 1));
	/* accepted */
	KT_EXPECT(access_ok(TASK_SIZE - 1, 1));
	KT_EXPECT(access_ok(TASK_SIZE - 1, 0));
	KT_EXPECT(access_ok(0x1000, 0));
	KT_EXPECT(access_ok(0, 0));
	KT_EXPECT(access_ok(TASK_SIZE - 4096, 4096));
	KT_EXPECT(access_ok(0, TASK_SIZE));

	/* __range_ok itself: 0 is "ok"; size 0 is taken literally */
	KT_EXPECT_EQ(__range_ok(0, TASK_SIZE), 0);
	KT_EXPECT_EQ(__range_ok(TASK_SIZE - 1, 1), 0);
	KT_EXPECT_EQ(__range_ok(TASK_SIZE, 0), 0);
	KT_EXPECT(__range_ok(TASK_SIZE, 1) != 0);
	KT_EXPECT(__range_ok(TASK_SIZE - 1, 2) != 0);
	KT_EXPECT(__range_ok(0xFFFFFFFFu, 1) != 0);
	KT_EXPECT(__range_ok(0xFFFFF000u, 0x2000) != 0);
	KT_EXPECT(__range_ok(1, 0xFFFFFFFFu) != 0);

	/* the same answers from access_ok() */
	KT_EXPECT(!access_ok((const void __user *)0xFFFFF000u, 0x2000));
	KT_EXPECT(!access_ok((const void __user *)1UL, 0xFFFFFFFFu));
	KT_EXPECT(!access_ok((const void __user *)TASK_SIZE, 0));
	KT_EXPECT(access_ok((const void __user *)(TASK_SIZE - 1), 1));
	KT_EXPECT(access_ok((const void __user *)0, TASK_SIZE));

	/* the same with values the compiler cannot see */
	volatile uint32_t a = TASK_SIZE - 8, n = 9;
	KT_EXPECT(!access_ok(a, n));
	n = 8;
	KT_EXPECT(access_ok(a, n));
	a = TASK_SIZE;
	n = 0;
	KT_EXPECT(!access_ok(a, n));
	n = 1;
	KT_EXPECT(!access_ok(a, n));
	KT_EXPECT(__range_ok(a, n) != 0);
}

/* strncpy_from_user and clear_user at the edges (strnlen_user has a suite of
 * its own, tests/kernel/test_strnlen.c). */
static void strings(void)
{
	NEED_MM();
	char buf[32];

	poke(U + 100, "hello", 6);
	memset(buf, 0xCC, sizeof(buf));
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(U + 100), 32), 5);
	KT_EXPECT_EQ(memcmp(buf, "hello", 6), 0);
	KT_EXPECT_EQ((uint8_t)buf[6], 0xCC);
	memset(buf, 0xCC, sizeof(buf));
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(U + 100), 6), 5);
	KT_EXPECT_EQ(buf[5], '\0');
	/* truncated: count bytes, no NUL */
	memset(buf, 0xCC, sizeof(buf));
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(U + 100), 3), 3);
	KT_EXPECT_EQ(memcmp(buf, "hel", 3), 0);
	KT_EXPECT_EQ((uint8_t)buf[3], 0xCC);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(U + 100), 5), 5);
	KT_EXPECT_EQ((uint8_t)buf[5], 0xCC);
	memset(buf, 0xCC, sizeof(buf));
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(U + 100), 0), 0);
	KT_EXPECT_EQ((uint8_t)buf[0], 0xCC);
	/* the empty string */
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(U + 105), 10), 0);
	KT_EXPECT_EQ(buf[0], '\0');

	/* the NUL is the last mapped byte */
	poke(UEND - 6, "abcde", 6);
	memset(buf, 0xCC, sizeof(buf));
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(UEND - 6), 32), 5);
	KT_EXPECT_EQ(memcmp(buf, "abcde", 6), 0);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(UEND - 6), 6), 5);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(UEND - 6), 5), 5);
	/* no NUL before the unmapped page */
	poke(UEND - 6, "abcdef", 6);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(UEND - 6), 32), -EFAULT);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(UEND - 6), 7), -EFAULT);
	/* 6 bytes stop short of the fault */
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(UEND - 6), 6), 6);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)UEND, 4), -EFAULT);
	/* kernel addresses, and a string running up to TASK_SIZE */
	KT_EXPECT_EQ(strncpy_from_user(buf, (__force const char __user *)kstatic, 10), -EFAULT);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)(TASK_SIZE - 2), 10), -EFAULT);
	KT_EXPECT_EQ(strncpy_from_user(buf, (const char __user *)0, 10), -EFAULT);

	/* clear_user up to and past the boundary */
	poke_fill(UEND - 16, 0x5A, 16);
	KT_EXPECT_EQ(clear_user((void __user *)(UEND - 5), 5), 0);
	peek(UEND - 16, tmp, 16);
	KT_EXPECT_EQ(count_not(tmp + 11, 0, 5), 0);
	KT_EXPECT_EQ(count_not(tmp, 0x5A, 11), 0);
	poke_fill(UEND - 16, 0x5A, 16);
	KT_EXPECT_EQ(clear_user((void __user *)(UEND - 5), 6), 1);
	KT_EXPECT_EQ(clear_user((void __user *)(UEND - 5), 0), 0);
	KT_EXPECT_EQ(clear_user((void __user *)UEND, 100), 100);
	peek(UEND - 16, tmp, 16);
	KT_EXPECT_EQ(count_not(tmp + 11, 0, 5), 0);
	KT_EXPECT_EQ(count_not(tmp, 0x5A, 11), 0);
}

/* Number of exception-table entries whose instruction is in function fn. */
static int entries_in(const char *fn)
{
	int n = 0;

	for (struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++) {
		const char *name = ksym_lookup(e->insn, NULL);
		n += name && !strcmp(name, fn);
	}
	return n;
}

/* Compile-time sizes 1, 2, 4, 8 take the single-instruction path. */
static void constant_size_fastpath(void)
{
	NEED_MM();
	uint8_t b = 0x5C, b2 = 0;
	uint16_t h = 0xBEEF, h2 = 0;
	uint32_t w = 0xDEADBEEF, w2 = 0;
	uint64_t q = 0x0123456789ABCDEFull, q2 = 0;

	poke_fill(U + 0x200, 0, 0x20);
	pagefault_disable(); /* the _inatomic contract */
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(U + 0x201), &b, 1), 0);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(U + 0x203), &h, 2), 0);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(U + 0x207), &w, 4), 0);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(U + 0x20F), &q, 8), 0);
	barrier();
	peek(U + 0x200, tmp, 0x20);
	KT_EXPECT_EQ(tmp[0x1], 0x5C);
	KT_EXPECT_EQ(tmp[0x3] | tmp[0x4] << 8, 0xBEEF);
	KT_EXPECT_EQ(memcmp(tmp + 0x7, &w, 4), 0);
	KT_EXPECT_EQ(memcmp(tmp + 0xF, &q, 8), 0);
	KT_EXPECT_EQ(tmp[0x0] | tmp[0x2] | tmp[0x5] | tmp[0x6] | tmp[0x17], 0);

	KT_EXPECT_EQ(__copy_from_user_inatomic(&b2, (const void __user *)(U + 0x201), 1), 0);
	KT_EXPECT_EQ(__copy_from_user_inatomic(&h2, (const void __user *)(U + 0x203), 2), 0);
	KT_EXPECT_EQ(__copy_from_user_inatomic(&w2, (const void __user *)(U + 0x207), 4), 0);
	KT_EXPECT_EQ(__copy_from_user_inatomic(&q2, (const void __user *)(U + 0x20F), 8), 0);
	KT_EXPECT_EQ(b2, b);
	KT_EXPECT_EQ(h2, h);
	KT_EXPECT_EQ(w2, w);
	KT_EXPECT_EQ(q2, q);

	/* faults report the whole size as not copied */
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)UEND, &b, 1), 1);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(UEND - 1), &h, 2), 2);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(R + 4), &w, 4), 4);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(UEND - 4), &q, 8), 8);
	KT_EXPECT_EQ(__copy_from_user_inatomic(&b2, (const void __user *)UEND, 1), 1);
	KT_EXPECT_EQ(__copy_from_user_inatomic(&h2, (const void __user *)(UEND - 1), 2), 2);
	KT_EXPECT_EQ(__copy_from_user_inatomic(&w2, (const void __user *)BAD_KADDR, 4), 4);
	KT_EXPECT_EQ(__copy_from_user_inatomic(&q2, (const void __user *)(UEND - 4), 8), 8);
	pagefault_enable();
	KT_EXPECT_EQ(*uk(R + 4), rpat(4));

	/* and the path really was inline: this function has its own table
	 * entries, 1 + 1 + 1 + 2 per direction per call site */
	KT_EXPECT(entries_in(__func__) >= 20);
}

/* Last: unload the mm and check every page came back. */
static void teardown_frees_everything(void)
{
	NEED_MM();
	usermap_unload();
	KT_EXPECT(rcr3() == V2P(kpgdir));
	KT_EXPECT_EQ(nr_free_pages(), free_before_init);
}

static const struct ktest_case cases[] = {
	{ "roundtrip", roundtrip },
	{ "get_put_user", get_put_user },
	{ "kernel_address", kernel_address },
	{ "boundary_partial", boundary_partial },
	{ "fault_every_length", fault_every_length },
	{ "readonly_page", readonly_page },
	{ "access_ok_edges", access_ok_edges },
	{ "strings", strings },
	{ "constant_size_fastpath", constant_size_fastpath },
	{ "teardown_frees_everything", teardown_frees_everything },
};
KTEST_SUITE(uaccess, cases, .init = uaccess_init, .exit = usermap_unload);
