/*
 * In-kernel selftests, printed as KTAP (the format of Linux's KUnit):
 *
 *   KTAP version 1
 *   1..3
 *       KTAP version 1
 *       # Subtest: pmm
 *       1..4
 *       ok 1 - alloc_until_empty
 *       ...
 *   ok 1 - pmm
 *
 * A suite is a named list of cases; a case is a function that uses the
 * KT_EXPECT* macros. Each failed expectation prints a "#" line with the
 * file, line and values, and marks the case failed.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <kernel/kernel.h>

struct ktest_case {
	const char *name;
	void (*run)(void);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	int ncases;
	void (*init)(void); /* optional, before the first case */
	void (*exit)(void); /* optional, after the last case */
};

extern int ktest_failed;	  /* failures in the current case */
extern const char *ktest_skipped; /* why the current case was skipped, or NULL */

/* End the case as skipped ("ok N - name # SKIP why"), e.g. when a boot
 * switch it needs is off. */
#define KT_SKIP(why)                   \
	do {                           \
		ktest_skipped = (why); \
		return;                \
	} while (0)

#define KT_EXPECT(cond)                                                                  \
	do {                                                                             \
		if (!(cond)) {                                                           \
			ktest_failed++;                                                  \
			printk("    # %s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
		}                                                                        \
	} while (0)

#define KT_EXPECT_EQ(a, b)                                                                      \
	do {                                                                                    \
		long long __a = (long long)(a), __b = (long long)(b);                           \
		if (__a != __b) {                                                               \
			ktest_failed++;                                                         \
			printk("    # %s:%d: expected %s == %s, got %lld and %lld\n", __FILE__, \
			       __LINE__, #a, #b, __a, __b);                                     \
		}                                                                               \
	} while (0)

/* NEED(x): a case that cannot go on without x (an allocation, a
 * mapping) fails and returns. */
#define NEED(x)                         \
	do {                            \
		KT_EXPECT((x) != NULL); \
		if (!(x))               \
			return;         \
	} while (0)

/* KT_EXPECT_EQ for loops: adds the loop's position to the message and
 * prints only the first three failures of a case. */
#define LOOP_EXPECT_EQ(a, b, fmt, ...)                                                          \
	do {                                                                                    \
		long long __x = (long long)(a), __y = (long long)(b);                           \
		if (__x != __y && ktest_failed++ < 3)                                           \
			printk("    # %s:%d: expected %s == %s, got %lld and %lld (" fmt ")\n", \
			       __FILE__, __LINE__, #a, #b, __x, __y, __VA_ARGS__);              \
	} while (0)

/*
 * Define suite sname with the cases in arr. The suite registers itself: a
 * pointer to it goes into section ktest_suites, which ktest_run_all() walks,
 * so a new tests/kernel/test_*.c file needs no list to be edited.
 */
#define KTEST_SUITE(sname, arr, ...)                                                 \
	static const struct ktest_suite ktest_suite_##sname = {                      \
		.name = #sname, .cases = arr, .ncases = ARRAY_SIZE(arr), __VA_ARGS__ \
	};                                                                           \
	static const struct ktest_suite *const ktest_ptr_##sname                     \
		__attribute__((used, section("ktest_suites"))) = &ktest_suite_##sname

/* Run the suites named on the command line (all by default). */
void ktest_run_all(void);

#endif
