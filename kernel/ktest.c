/*
 * The selftest runner: with "test" on the command line, kmain calls
 * ktest_run_all() instead of starting init. It runs every suite (or those
 * named by test=a,b), prints KTAP, and powers off with status 0 when all
 * passed, 1 otherwise. tests/run.py reads the serial log. The suites are the
 * KTEST_SUITE definitions linked into the kernel; there is no list to keep.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>

int ktest_failed;
const char *ktest_skipped;

/* Every KTEST_SUITE, collected by the linker (see linker.ld). */
extern const struct ktest_suite *const __start_ktest_suites[];
extern const struct ktest_suite *const __stop_ktest_suites[];

/* Is suite name in the comma-separated list test= gave (all when none)? */
static bool selected(const char *name)
{
	const char *p = cmdline_test_suites;
	size_t n = strlen(name);

	if (!p || !*p || !strcmp(p, "all"))
		return true;
	while (*p) {
		const char *e = p;
		while (*e && *e != ',')
			e++;
		if ((size_t)(e - p) == n && !strncmp(p, name, n))
			return true;
		p = *e ? e + 1 : e;
	}
	return false;
}

/* Run the selected suites, print KTAP, and power off: status 0 when every
 * case passed, 1 otherwise. Does not return. */
void ktest_run_all(void)
{
	const struct ktest_suite *const *sp;
	int nsel = 0, suite_no = 0, bad_suites = 0;

	for (sp = __start_ktest_suites; sp < __stop_ktest_suites; sp++)
		nsel += selected((*sp)->name);
	printk("KTAP version 1\n1..%d\n", nsel);
	for (sp = __start_ktest_suites; sp < __stop_ktest_suites; sp++) {
		const struct ktest_suite *s = *sp;
		int bad = 0;
		if (!selected(s->name))
			continue;
		printk("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", s->name, s->ncases);
		if (s->init)
			s->init();
		for (int c = 0; c < s->ncases; c++) {
			ktest_failed = 0;
			ktest_skipped = NULL;
			/* named first, so a case that crashes the kernel is known */
			printk("    # case %d: %s\n", c + 1, s->cases[c].name);
			s->cases[c].run();
			printk("    %sok %d - %s%s%s\n", ktest_failed ? "not " : "", c + 1,
			       s->cases[c].name, ktest_skipped ? " # SKIP " : "",
			       ktest_skipped ? ktest_skipped : "");
			bad += ktest_failed != 0;
		}
		if (s->exit)
			s->exit();
		printk("%sok %d - %s\n", bad ? "not " : "", ++suite_no, s->name);
		bad_suites += bad != 0;
	}
	printk("# selftests done: %d of %d suites failed\n", bad_suites, nsel);
	power_off(bad_suites ? 1 : 0);
}
