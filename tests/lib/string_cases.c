/*
 * Cases for lib/string.c: every function on literal inputs.
 *
 * Included by tests/kernel/test_lib.c (suite ktest/lib) and by
 * tests/host/test_string.c, so the kernel's freestanding build of lib/string.c and the
 * host's ASan/UBSan build run the same cases; see tests/lib/lib_check.h.
 */
#include <lib/string.h>

#include "lib_check.h"

/* Each string function on literal inputs: results, return values, untouched bytes. */
static void string_functions(void)
{
	char a[32], b[32];

	memset(a, 'q', sizeof(a));
	LT_EXPECT(memset(a, 'z', 5) == a);
	LT_EXPECT_EQ(a[4], 'z');
	LT_EXPECT_EQ(a[5], 'q');
	LT_EXPECT(memcpy(b, "0123456789", 11) == b);
	LT_EXPECT_EQ(strcmp(b, "0123456789"), 0);
	/* memmove both ways */
	memmove(b + 2, b, 8);
	LT_EXPECT_EQ(memcmp(b, "0101234567", 10), 0);
	memcpy(b, "0123456789", 11);
	memmove(b, b + 3, 7);
	LT_EXPECT_EQ(memcmp(b, "3456789789", 10), 0);
	LT_EXPECT(memcmp("abc", "abd", 3) < 0);
	LT_EXPECT(memcmp("abd", "abc", 3) > 0);
	LT_EXPECT(memcmp("\x80", "\x01", 1) > 0); /* unsigned bytes */
	LT_EXPECT_EQ(memcmp("abc", "abd", 2), 0);
	const char *h = "hello";
	LT_EXPECT(memchr(h, 'l', 5) == h + 2);
	LT_EXPECT(memchr(h, 'o', 4) == NULL);
	LT_EXPECT(memchr(h, 0, 6) == h + 5);
	LT_EXPECT_EQ(strlen(""), 0);
	LT_EXPECT_EQ(strlen(h), 5);
	LT_EXPECT_EQ(strnlen(h, 3), 3);
	LT_EXPECT_EQ(strnlen(h, 10), 5);
	LT_EXPECT_EQ(strcmp("abc", "abc"), 0);
	LT_EXPECT(strcmp("abc", "abcd") < 0);
	LT_EXPECT(strcmp("b", "abc") > 0);
	LT_EXPECT(strcmp("\xff", "a") > 0);
	LT_EXPECT_EQ(strncmp("abcx", "abcy", 3), 0);
	LT_EXPECT(strncmp("abcx", "abcy", 4) < 0);
	LT_EXPECT_EQ(strncmp("a", "b", 0), 0);
	LT_EXPECT(strcpy(a, "copy") == a);
	LT_EXPECT_EQ(strcmp(a, "copy"), 0);
	memset(a, 'q', sizeof(a));
	LT_EXPECT_EQ(strlcpy(a, "truncated", 5), 9);
	LT_EXPECT_EQ(strcmp(a, "trun"), 0);
	LT_EXPECT_EQ(a[5], 'q');
	LT_EXPECT_EQ(strlcpy(a, "ok", sizeof(a)), 2);
	LT_EXPECT_EQ(strcmp(a, "ok"), 0);
	a[0] = 'q';
	LT_EXPECT_EQ(strlcpy(a, "xyz", 0), 3);
	LT_EXPECT_EQ(a[0], 'q');
	const char *p = "a/b/c";
	LT_EXPECT(strchr(p, '/') == p + 1);
	LT_EXPECT(strrchr(p, '/') == p + 3);
	LT_EXPECT(strchr(p, 'x') == NULL);
	LT_EXPECT(strrchr(p, 'x') == NULL);
	LT_EXPECT(strchr(p, '\0') == p + 5);
	LT_EXPECT(strrchr(p, '\0') == p + 5);
}

#include <asm/string.h>

#define ARCH_GUARD 0xA5
#define ARCH_SPAN 64 /* every length 0..ARCH_SPAN at every alignment mod 8 */

static unsigned char arch_src[2 * ARCH_SPAN], arch_dst[2 * ARCH_SPAN + 32];
static unsigned char page_a[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned char page_b[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Returns the first byte of [p, p + n) that is not v, or n if there is none. */
static size_t arch_first_not(const unsigned char *p, size_t n, unsigned char v)
{
	size_t i = 0;

	while (i < n && p[i] == v)
		i++;
	return i;
}

/*
 * memcpy, memset and memmove (the string instructions of asm/string.h where
 * the architecture has them) at every length 0..64, every source and
 * destination alignment mod 8: the bytes moved, nothing outside touched;
 * memmove with dst a few bytes below or above src; clear_page, copy_page.
 */
static void string_arch_copies(void)
{
	int bad_copy = 0, bad_set = 0, bad_move = 0;

	for (size_t i = 0; i < sizeof(arch_src); i++)
		arch_src[i] = (unsigned char)(i * 7 + 3);
	for (size_t n = 0; n <= ARCH_SPAN; n++)
		for (size_t so = 0; so < 8; so++)
			for (size_t doff = 0; doff < 8; doff++) {
				unsigned char *d = arch_dst + 16 + doff;
				size_t k;

				for (k = 0; k < sizeof(arch_dst); k++)
					arch_dst[k] = ARCH_GUARD;
				if (memcpy(d, arch_src + so, n) != d)
					bad_copy++;
				for (k = 0; k < n && d[k] == arch_src[so + k]; k++)
					;
				if (k != n ||
				    arch_first_not(arch_dst, 16 + doff, ARCH_GUARD) != 16 + doff ||
				    arch_first_not(d + n, sizeof(arch_dst) - 16 - doff - n,
						   ARCH_GUARD) != sizeof(arch_dst) - 16 - doff - n)
					bad_copy++;
				if (memset(d, (int)(0x100 + so), n) !=
					    d || /* only the low byte counts */
				    arch_first_not(d, n, (unsigned char)so) != n ||
				    arch_first_not(arch_dst, 16 + doff, ARCH_GUARD) != 16 + doff ||
				    arch_first_not(d + n, sizeof(arch_dst) - 16 - doff - n,
						   ARCH_GUARD) != sizeof(arch_dst) - 16 - doff - n)
					bad_set++;
			}
	LT_EXPECT_EQ(bad_copy, 0);
	LT_EXPECT_EQ(bad_set, 0);
	/* overlapping moves, dst below src (the forward copy) and above it */
	for (size_t n = 0; n <= ARCH_SPAN; n++)
		for (size_t dist = 1; dist <= 9; dist++)
			for (int up = 0; up < 2; up++) {
				unsigned char want[2 * ARCH_SPAN + 32];
				size_t src = up ? 8 : 8 + dist, dst = up ? 8 + dist : 8, k;

				for (k = 0; k < sizeof(arch_dst); k++)
					arch_dst[k] = want[k] = (unsigned char)(k * 13 + 1);
				for (k = 0; k < n;
				     k++) /* the reference: from a copy of the source */
					want[dst + k] = arch_dst[src + k];
				if (memmove(arch_dst + dst, arch_dst + src, n) != arch_dst + dst)
					bad_move++;
				for (k = 0; k < sizeof(arch_dst) && arch_dst[k] == want[k]; k++)
					;
				if (k != sizeof(arch_dst))
					bad_move++;
			}
	LT_EXPECT_EQ(bad_move, 0);
	for (size_t k = 0; k < PAGE_SIZE; k++)
		page_a[k] = (unsigned char)(k * 5 + 1), page_b[k] = 0xee;
	copy_page(page_b, page_a);
	size_t k = 0;
	while (k < PAGE_SIZE && page_b[k] == (unsigned char)(k * 5 + 1))
		k++;
	LT_EXPECT_EQ(k, PAGE_SIZE);
	clear_page(page_a);
	LT_EXPECT_EQ(arch_first_not(page_a, PAGE_SIZE, 0), PAGE_SIZE);
	k = PAGE_SIZE - 1; /* copy_page's source went, its copy stays */
	LT_EXPECT_EQ(page_b[k], (unsigned char)(k * 5 + 1));
}
