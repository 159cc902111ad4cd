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
