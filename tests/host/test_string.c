/*
 * Host unit test for lib/string.c (built with ASan and UBSan).
 *
 * Every function is run over many sizes and alignments inside buffers with
 * guard bytes, and checked against a byte-by-byte reference or against the
 * host libc (host_* from host_prefix.h). Output is TAP; one point per
 * function, with the first failing case on a '#' line.
 */
#include <stdio.h>
#include <lib/string.h>

#include "check.h"
#include "../lib/string_cases.c"

#define GUARD 0xA5

/* Reduce a comparison result to -1, 0 or 1. */
static int sgn(int x)
{
	return (x > 0) - (x < 0);
}

/* Fill n bytes with a pattern that depends on seed. */
static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31 + i * 7 + 1);
}

/* Returns 1 if bytes [from, to) of p all equal GUARD. */
static int guard_ok(const unsigned char *p, size_t from, size_t to)
{
	for (; from < to; from++)
		if (p[from] != GUARD)
			return 0;
	return 1;
}

static void test_memcpy(void)
{
	unsigned char src[96], dst[128];
	size_t n, so, doff, i;

	for (n = 0; n <= 64; n++) {
		for (so = 0; so < 8; so++) {
			for (doff = 0; doff < 8; doff++) {
				fill(src, sizeof(src), (unsigned int)(n + so));
				host_memset(dst, GUARD, sizeof(dst));
				check(memcpy(dst + 16 + doff, src + so, n) == dst + 16 + doff,
				      "memcpy return value, n=%zu", n);
				for (i = 0; i < n; i++)
					if (dst[16 + doff + i] != src[so + i])
						break;
				check(i == n, "memcpy n=%zu src+%zu dst+%zu: byte %zu wrong", n,
				      so, doff, i);
				check(guard_ok(dst, 0, 16 + doff) &&
					      guard_ok(dst, 16 + doff + n, sizeof(dst)),
				      "memcpy n=%zu src+%zu dst+%zu wrote outside", n, so, doff);
			}
		}
	}
	check(memcpy(NULL, NULL, 0) == NULL, "memcpy(NULL, NULL, 0) != NULL");
}

static void test_memmove(void)
{
	unsigned char buf[96], ref[96];
	size_t n, from, to, i;

	for (n = 0; n <= 40; n++) {
		for (from = 0; from + n <= 64; from += 3) {
			for (to = 0; to + n <= 64; to++) {
				fill(buf, sizeof(buf), (unsigned int)n);
				host_memcpy(ref, buf, sizeof(ref));
				/* reference: copy out, then in */
				{
					unsigned char tmp[96];

					host_memcpy(tmp, ref + from, n);
					host_memcpy(ref + to, tmp, n);
				}
				check(memmove(buf + to, buf + from, n) == buf + to,
				      "memmove return value");
				for (i = 0; i < sizeof(buf); i++)
					if (buf[i] != ref[i])
						break;
				check(i == sizeof(buf), "memmove n=%zu from %zu to %zu: byte %zu wrong",
				      n, from, to, i);
			}
		}
	}
}

static void test_memset(void)
{
	static const int values[] = { 0, 1, 0x7f, 0x80, 0xff, 0x1ab, -1 };
	unsigned char buf[128];
	size_t n, off, v, i;

	for (n = 0; n <= 70; n++) {
		for (off = 0; off < 8; off++) {
			for (v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
				unsigned char want = (unsigned char)values[v];

				host_memset(buf, GUARD, sizeof(buf));
				check(memset(buf + 16 + off, values[v], n) == buf + 16 + off,
				      "memset return value");
				for (i = 0; i < n; i++)
					if (buf[16 + off + i] != want)
						break;
				check(i == n, "memset n=%zu off=%zu c=%#x: byte %zu is %#x", n, off,
				      values[v], i, i < n ? buf[16 + off + i] : 0);
				check(guard_ok(buf, 0, 16 + off) &&
					      guard_ok(buf, 16 + off + n, sizeof(buf)),
				      "memset n=%zu off=%zu wrote outside", n, off);
			}
		}
	}
}

static void test_memcmp(void)
{
	unsigned char a[64], b[64];
	size_t n, pos;

	check(memcmp("abc", "abd", 0) == 0, "memcmp n=0 not 0");
	for (n = 1; n <= 40; n++) {
		fill(a, n, 7);
		host_memcpy(b, a, n);
		check(memcmp(a, b, n) == 0, "memcmp equal n=%zu not 0", n);
		for (pos = 0; pos < n; pos++) {
			unsigned char save = b[pos];

			b[pos] = (unsigned char)(a[pos] + 1);
			check(sgn(memcmp(a, b, n)) == sgn(host_memcmp(a, b, n)),
			      "memcmp n=%zu diff at %zu: wrong sign", n, pos);
			check(sgn(memcmp(b, a, n)) == sgn(host_memcmp(b, a, n)),
			      "memcmp n=%zu diff at %zu (swapped): wrong sign", n, pos);
			check(memcmp(a, b, pos) == 0, "memcmp stops too late (n=%zu)", pos);
			b[pos] = save;
		}
	}
	/* bytes compare as unsigned: 0x80 > 0x01 */
	check(memcmp("\x80", "\x01", 1) > 0, "memcmp treats bytes as signed");
	check(memcmp("\x01", "\xff", 1) < 0, "memcmp 0x01 vs 0xff");
}

static void test_memchr(void)
{
	const char s[] = "hello, world\0tail\xe9";
	size_t len = sizeof(s) - 1;

	check(memchr(s, 'h', len) == s, "memchr first byte");
	check(memchr(s, 'o', len) == s + 4, "memchr finds the first 'o'");
	check(memchr(s, 'w', len) == s + 7, "memchr 'w'");
	check(memchr(s, '\0', len) == s + 12, "memchr finds NUL");
	check(memchr(s, 't', len) == s + 13, "memchr looks past NUL");
	check(memchr(s, 'z', len) == NULL, "memchr missing char");
	check(memchr(s, 'w', 7) == NULL, "memchr looks beyond n");
	check(memchr(s, 'w', 8) == s + 7, "memchr last byte of n");
	check(memchr(s, 'h', 0) == NULL, "memchr n=0");
	check(memchr(s, 0x100 + 'e', len) == s + 1, "memchr must use (unsigned char)c");
	check(memchr(s, 0xe9, len) == s + len - 1, "memchr high byte 0xe9");
	check(memchr(s, -23, len) == s + len - 1, "memchr c=-23 is 0xe9");
}

static void test_strlen(void)
{
	char buf[80];
	size_t n, off;

	for (off = 0; off < 8; off++) {
		for (n = 0; n + off < sizeof(buf) - 1; n++) {
			host_memset(buf, 'x', sizeof(buf));
			buf[off + n] = '\0';
			check(strlen(buf + off) == n, "strlen of %zu bytes at +%zu gave %zu", n, off,
			      strlen(buf + off));
			check(strnlen(buf + off, n + 5) == n, "strnlen max > len");
			check(strnlen(buf + off, n) == n, "strnlen max == len");
			if (n)
				check(strnlen(buf + off, n - 1) == n - 1, "strnlen max < len");
			check(strnlen(buf + off, 0) == 0, "strnlen max 0");
		}
	}
	/* strnlen must not read past max: 4 bytes, no NUL */
	{
		char *p = malloc(4);

		host_memcpy(p, "abcd", 4);
		check(strnlen(p, 4) == 4, "strnlen unterminated");
		free(p);
	}
}

/* Compare strcmp and strncmp (n = 0..13) on a and b with libc's results. */
static void strcmp_case(const char *a, const char *b)
{
	size_t n;

	check(sgn(strcmp(a, b)) == sgn(host_strcmp(a, b)), "strcmp(\"%s\", \"%s\") = %d", a, b,
	      strcmp(a, b));
	for (n = 0; n < 14; n++)
		check(sgn(strncmp(a, b, n)) == sgn(host_strncmp(a, b, n)),
		      "strncmp(\"%s\", \"%s\", %zu) = %d", a, b, n, strncmp(a, b, n));
}

static void test_strcmp(void)
{
	static const char *const strs[] = {
		"", "a", "b", "ab", "abc", "abd", "abcd", "ABC", "a\x80", "a\x7f", "\xff",
		"\x01", "hello", "hello world", "hellp", "zzz",
	};
	size_t i, j, ns = sizeof(strs) / sizeof(strs[0]);

	for (i = 0; i < ns; i++)
		for (j = 0; j < ns; j++)
			strcmp_case(strs[i], strs[j]);
	/* strncmp must stop at n even without a NUL */
	{
		char *a = malloc(3), *b = malloc(3);

		host_memcpy(a, "abc", 3);
		host_memcpy(b, "abd", 3);
		check(strncmp(a, b, 2) == 0, "strncmp n=2 unterminated");
		check(strncmp(a, b, 3) < 0, "strncmp n=3 unterminated");
		free(a);
		free(b);
	}
}

static void test_strcpy(void)
{
	char dst[32];
	const char *srcs[] = { "", "x", "hello", "0123456789abcdefghijklmnopqrstu" };
	size_t i;

	for (i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		size_t len = strlen(srcs[i]);

		host_memset(dst, GUARD, sizeof(dst));
		check(strcpy(dst, srcs[i]) == dst, "strcpy return value");
		check(host_strcmp(dst, srcs[i]) == 0, "strcpy copy of \"%s\"", srcs[i]);
		check(guard_ok((unsigned char *)dst, len + 1, sizeof(dst)),
		      "strcpy of \"%s\" wrote past the NUL", srcs[i]);
	}
}

static void test_strlcpy(void)
{
	const char *src = "hello, world";	/* 12 bytes */
	unsigned char dst[32];
	size_t size, i;

	for (size = 0; size <= 20; size++) {
		size_t want = size == 0 ? 0 : size - 1 < 12 ? size - 1 : 12;

		host_memset(dst, GUARD, sizeof(dst));
		check(strlcpy((char *)dst + 4, src, size) == 12,
		      "strlcpy size %zu: must return strlen(src)", size);
		for (i = 0; i < want; i++)
			if (dst[4 + i] != (unsigned char)src[i])
				break;
		check(i == want, "strlcpy size %zu: byte %zu wrong", size, i);
		if (size)
			check(dst[4 + want] == '\0', "strlcpy size %zu: no NUL at %zu", size,
			      want);
		check(guard_ok(dst, 0, 4) && guard_ok(dst, 4 + (size ? want + 1 : 0), sizeof(dst)),
		      "strlcpy size %zu wrote outside", size);
	}
	check(strlcpy((char *)dst, "", 5) == 0 && dst[0] == '\0', "strlcpy empty source");
}

static void test_strchr(void)
{
	const char s[] = "a/b/c\xe9/d";

	check(strchr(s, 'a') == s, "strchr first byte");
	check(strchr(s, '/') == s + 1, "strchr finds first '/'");
	check(strrchr(s, '/') == s + 6, "strrchr finds last '/'");
	check(strchr(s, 'd') == s + 7 && strrchr(s, 'd') == s + 7, "strchr/strrchr last byte");
	check(strchr(s, 'z') == NULL && strrchr(s, 'z') == NULL, "strchr/strrchr missing");
	check(strchr(s, '\0') == s + 8, "strchr NUL finds the terminator");
	check(strrchr(s, '\0') == s + 8, "strrchr NUL finds the terminator");
	check(strchr(s, 0xe9) == s + 5 && strrchr(s, 0xe9) == s + 5, "strchr high byte");
	check(strchr(s, 0x100 + 'b') == s + 2, "strchr must use (char)c");
	check(strchr("", 'a') == NULL && strrchr("", 'a') == NULL, "strchr empty string");
	check(strrchr("aaa", 'a') != NULL && *(strrchr("aaa", 'a') + 1) == '\0',
	      "strrchr repeated char");
}

static const struct host_test tests[] = {
	{ "memcpy sizes, alignments, guards", test_memcpy },
	{ "memmove overlapping both ways", test_memmove },
	{ "memset sizes, alignments, values", test_memset },
	{ "memcmp sign and unsigned bytes", test_memcmp },
	{ "memchr", test_memchr },
	{ "strlen and strnlen", test_strlen },
	{ "strcmp and strncmp vs libc", test_strcmp },
	{ "strcpy", test_strcpy },
	{ "strlcpy truncation and return value", test_strlcpy },
	{ "strchr and strrchr", test_strchr },
	{ "literal cases shared with ktest/lib", string_functions },
	{ "memcpy/memset/memmove every length 0..64 and alignment, clear_page, copy_page", string_arch_copies },
};

int main(void)
{
	return run_tests(tests, ARRAY_SIZE(tests));
}
