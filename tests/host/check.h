/*
 * The harness shared by the host unit tests of lib/ (tests/host/test_*.c).
 *
 * A test binary is a table of test points, each a name and a function that
 * runs many check(cond, fmt, ...) calls. A point fails if any check fails;
 * only the first failure's message is kept and printed, as a '#' line after
 * "not ok", with the number of failed checks. run_tests() runs the table and
 * prints TAP version 13. A point that cannot run sets skip_reason and is
 * reported as "ok N - name # SKIP reason" (if none of its checks failed).
 *
 * Everything here is static: the header is included by exactly one .c file
 * of each test binary. Define CHECK_WHY_SIZE before including it for a
 * longer failure message than 512 bytes.
 */
#ifndef TESTS_HOST_CHECK_H
#define TESTS_HOST_CHECK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef CHECK_WHY_SIZE
#define CHECK_WHY_SIZE 512
#endif

struct host_test {
	const char *name;
	void (*run)(void);
};

static int failed;		/* failed checks in the current test point */
static long checks;		/* checks run in the current test point */
static long all_checks;		/* checks run by every point so far */
static char why[CHECK_WHY_SIZE];	/* the first failure's description */
static const char *skip_reason;	/* set by a test point that could not run */
static int report_checks;	/* failure lines say "N of M checks failed" */

/* Count a failed check unless cond holds, remembering the first message. */
static __attribute__((format(printf, 2, 3))) void check(int cond, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (cond)
		return;
	if (failed++ == 0) {
		va_start(ap, fmt);
		host_vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
}

/*
 * Run the n test points of tests in order, printing the TAP plan and one
 * result line each. Returns the exit code: 0 if every point passed, else 1.
 */
static int run_tests(const struct host_test *tests, size_t n)
{
	size_t i;
	int bad = 0;

	printf("TAP version 13\n1..%zu\n", n);
	for (i = 0; i < n; i++) {
		failed = 0;
		checks = 0;
		skip_reason = NULL;
		tests[i].run();
		all_checks += checks;
		if (skip_reason && !failed) {
			printf("ok %zu - %s # SKIP %s\n", i + 1, tests[i].name, skip_reason);
			continue;
		}
		printf("%sok %zu - %s\n", failed ? "not " : "", i + 1, tests[i].name);
		if (failed && report_checks)
			printf("# %s (%d of %ld checks failed)\n", why, failed, checks);
		else if (failed)
			printf("# %s (%d failed checks)\n", why, failed);
		bad |= failed != 0;
	}
	return bad;
}

#endif
