/*
 * Cases for lib/vsnprintf.c: snprintf against literal strings.
 *
 * Included by tests/kernel/test_lib.c (suite ktest/lib) and by
 * tests/host/test_vsnprintf.c, so the kernel's freestanding build of lib/vsnprintf.c and the
 * host's ASan/UBSan build run the same cases; see tests/lib/lib_check.h.
 */
#include <lib/printf.h>
#include <lib/string.h>

#include "lib_check.h"

#define INT_MIN_ (-__INT_MAX__ - 1)
#define LLONG_MIN_ (-__LONG_LONG_MAX__ - 1LL)
#define ULLONG_MAX_ (__LONG_LONG_MAX__ * 2ULL + 1)

/* snprintf into a 64-byte buffer must give exactly want, and return its length. */
#define SNP(want, ...)                                                 \
	do {                                                           \
		char __buf[64];                                        \
		memset(__buf, 0x7E, sizeof(__buf));                    \
		int __n = snprintf(__buf, sizeof(__buf), __VA_ARGS__); \
		LT_EXPECT_STR(__buf, want);                            \
		LT_EXPECT_EQ(__n, strlen(want));                       \
	} while (0)

static const char *volatile null_str; /* NULL the compiler cannot see */

/* snprintf of every conversion, length, flag, width and precision, against literals. */
static void snprintf_formats(void)
{
	SNP("0", "%d", 0);
	SNP("-1", "%d", -1);
	SNP("2147483647", "%d", __INT_MAX__);
	SNP("-2147483648", "%d", INT_MIN_);
	SNP("42", "%i", 42);
	SNP("4294967295", "%u", 4294967295u);
	SNP("deadbeef", "%x", 0xdeadbeefu);
	SNP("DEADBEEF", "%X", 0xdeadbeefu);
	SNP("0xc0100000", "%p", (void *)0xc0100000u);
	SNP("(nil)", "%p", (void *)0);
	SNP("hello", "%s", "hello");
	SNP("(null)", "%s", null_str);
	SNP("x", "%c", 'x');
	SNP("-9223372036854775808", "%lld", LLONG_MIN_);
	SNP("9223372036854775807", "%lld", __LONG_LONG_MAX__);
	SNP("18446744073709551615", "%llu", ULLONG_MAX_);
	SNP("123456789abcdef", "%llx", 0x0123456789abcdefULL);
	SNP("FFFFFFFFFFFFFFFF", "%llX", ULLONG_MAX_);
	SNP("4294967296", "%llu", 1ULL << 32);
	SNP("1777777777777777777777", "%llo", ULLONG_MAX_);
	SNP("-1", "%ld", -1L);
	SNP("4294967295", "%lu", 0xFFFFFFFFul);
	SNP("123", "%zu", (size_t)123);
	SNP("-1", "%hhd", 0x1FF);
	SNP("65535", "%hu", 0xFFFFF);
	/* widths, zero padding, left justification, precision, flags */
	SNP("   42", "%5d", 42);
	SNP("42   |", "%-5d|", 42);
	SNP("00042", "%05d", 42);
	SNP("-0042", "%05d", -42);
	SNP("0000beef", "%08x", 0xbeef);
	SNP("  007", "%5.3d", 7);
	SNP("", "%.0d", 0);
	SNP("+5", "%+d", 5);
	SNP(" 5", "% d", 5);
	SNP("0xff", "%#x", 255);
	SNP("0XFF", "%#X", 255);
	SNP("010", "%#o", 8);
	SNP("0", "%#x", 0);
	SNP("ab      |", "%-8s|", "ab");
	SNP("      ab", "%8s", "ab");
	SNP("abc", "%.3s", "abcdef");
	SNP("    42", "%*d", 6, 42);
	SNP("7   |", "%-*d|", 4, 7);
	SNP("7   |", "%*d|", -4, 7);
	SNP("  x", "%3c", 'x');
	SNP("0x000000ff", "%#010x", 255);
	SNP("-9223372036854775808|", "%-5lld|", LLONG_MIN_);
	SNP("100%", "%d%%", 100);
	SNP("a=1, b=-2, c=ff, d=str", "a=%d, b=%d, c=%x, d=%s", 1, -2, 0xff, "str");
}

/* snprintf into short buffers: the return value, the NUL and the bytes left alone. */
static void snprintf_truncation(void)
{
	char buf[16];

	memset(buf, 0x7E, sizeof(buf));
	LT_EXPECT_EQ(snprintf(buf, 5, "%s", "hello world"), 11);
	LT_EXPECT_EQ(strcmp(buf, "hell"), 0);
	LT_EXPECT_EQ(buf[5], 0x7E);
	memset(buf, 0x7E, sizeof(buf));
	LT_EXPECT_EQ(snprintf(buf, 0, "%d", 12345), 5);
	LT_EXPECT_EQ(buf[0], 0x7E);
	LT_EXPECT_EQ(snprintf(NULL, 0, "%lld", LLONG_MIN_), 20);
	LT_EXPECT_EQ(snprintf(buf, 1, "abc"), 3);
	LT_EXPECT_EQ(buf[0], '\0');
	LT_EXPECT_EQ(snprintf(buf, 6, "%05d", -42), 5);
	LT_EXPECT_EQ(strcmp(buf, "-0042"), 0);
	LT_EXPECT_EQ(snprintf(buf, 5, "%05d", -42), 5);
	LT_EXPECT_EQ(strcmp(buf, "-004"), 0);
	LT_EXPECT_EQ(snprintf(buf, sizeof(buf), "%20s", "x"), 20);
	LT_EXPECT_EQ(strlen(buf), 15);
}
