/*
 * The check API of the lib/ test cases (tests/lib/NAME_cases.c), which are
 * compiled twice: into the kernel by tests/kernel/test_lib.c (the ktest/lib
 * suite, where lib/ is built freestanding with the kernel's flags) and into
 * the host unit tests of tests/host/ (lib/ unchanged, under ASan and UBSan).
 *
 *   LT_EXPECT(cond)           cond holds
 *   LT_EXPECT_EQ(a, b)        a == b, compared as long long
 *   LT_EXPECT_STR(got, want)  strcmp(got, want) == 0
 *
 * In the kernel they are KT_EXPECT and KT_EXPECT_EQ of kernel/ktest.h; on the
 * host they are check() calls of tests/host/check.h, which the host test
 * includes first. A failure names the file, the line and the values.
 */
#ifndef TESTS_LIB_LIB_CHECK_H
#define TESTS_LIB_LIB_CHECK_H

#ifdef TESTS_HOST_HOST_PREFIX_H /* the host build force-includes host_prefix.h */

#include <stdint.h>

#define LT_EXPECT(cond) check(!!(cond), "%s:%d: expected %s", __FILE__, __LINE__, #cond)

#define LT_EXPECT_EQ(a, b)                                                                 \
	do {                                                                               \
		long long __a = (long long)(a), __b = (long long)(b);                      \
		check(__a == __b, "%s:%d: expected %s == %s, got %lld and %lld", __FILE__, \
		      __LINE__, #a, #b, __a, __b);                                         \
	} while (0)

#define LT_EXPECT_STR(got, want)                                                               \
	do {                                                                                   \
		const char *__g = (got), *__w = (want);                                        \
		check(strcmp(__g, __w) == 0, "%s:%d: %s is \"%s\", expected \"%s\"", __FILE__, \
		      __LINE__, #got, __g, __w);                                               \
	} while (0)

#else

#include <kernel/ktest.h>

#define LT_EXPECT(cond) KT_EXPECT(cond)
#define LT_EXPECT_EQ(a, b) KT_EXPECT_EQ(a, b)

#define LT_EXPECT_STR(got, want)                                                                   \
	do {                                                                                       \
		const char *__g = (got), *__w = (want);                                            \
		if (strcmp(__g, __w)) {                                                            \
			ktest_failed++;                                                            \
			printk("    # %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
			       #got, __g, __w);                                                    \
		}                                                                                  \
	} while (0)

#endif

#endif /* TESTS_LIB_LIB_CHECK_H */
