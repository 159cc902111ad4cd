/*
 * Selftests of the fault-injection engine (kernel/fault-inject.c) on
 * attributes of their own, so fail_usercopy is never touched: the order
 * of the checks (probability 0 first, then task-filter, times, space,
 * interval, the random percent), times counting down and -1 never, space
 * taken by size, interval counting only the calls that reach it, a seeded
 * run repeating itself, and the parsers behind the command line and the
 * knob files.
 */
#include <kernel/ktest.h>
#include <kernel/fault-inject.h>
#include <kernel/prandom.h>
#include <kernel/proc.h>

/* An attribute that fails every call that reaches the random check,
 * with no limit and nothing logged. */
static struct fault_attr armed(void)
{
	struct fault_attr a = FAULT_ATTR_INITIALIZER("ktest");

	a.probability = 100;
	a.times = -1;
	a.verbose = 0;
	return a;
}

/* Probability 0 stops everything before any knob is counted. */
static void probability_zero_first(void)
{
	struct fault_attr a = armed();

	a.probability = 0;
	a.space = 5;
	a.interval = 3;
	a.times = 2;
	for (int i = 0; i < 4; i++)
		KT_EXPECT(!should_fail(&a, 1));
	KT_EXPECT_EQ(a.space, 5);
	KT_EXPECT_EQ(a.count, 0);
	KT_EXPECT_EQ(a.times, 2);
	KT_EXPECT_EQ(a.injected, 0);
}

/* times 2: two failures, then none; -1: no limit and stays -1. */
static void times_count_down(void)
{
	struct fault_attr a = armed();

	a.times = 2;
	KT_EXPECT(should_fail(&a, 1));
	KT_EXPECT(should_fail(&a, 1));
	KT_EXPECT(!should_fail(&a, 1));
	KT_EXPECT_EQ(a.times, 0);
	KT_EXPECT_EQ(a.injected, 2);
	a = armed();
	for (int i = 0; i < 10; i++)
		KT_EXPECT(should_fail(&a, 1));
	KT_EXPECT_EQ(a.times, -1);
}

/* space is taken while it is larger than the size; times 0 comes first. */
static void space_by_size(void)
{
	struct fault_attr a = armed();

	a.space = 3;
	KT_EXPECT(!should_fail(&a, 1));
	KT_EXPECT(!should_fail(&a, 1));
	KT_EXPECT_EQ(a.space, 1);
	KT_EXPECT(should_fail(&a, 1));
	a = armed();
	a.space = 10;
	KT_EXPECT(!should_fail(&a, 4));
	KT_EXPECT(!should_fail(&a, 4));
	KT_EXPECT(should_fail(&a, 4)); /* 2 left, not larger than 4 */
	KT_EXPECT_EQ(a.space, 2);
	a = armed();
	a.times = 0;
	a.space = 3;
	KT_EXPECT(!should_fail(&a, 1));
	KT_EXPECT_EQ(a.space, 3);
}

/* interval 3: every third call that gets past space fails. */
static void interval_counts(void)
{
	struct fault_attr a = armed();
	int failed = 0;

	a.interval = 3;
	for (int i = 1; i <= 9; i++) {
		bool f = should_fail(&a, 1);
		KT_EXPECT_EQ(f, i % 3 == 0);
		failed += f;
	}
	KT_EXPECT_EQ(failed, 3);
	KT_EXPECT_EQ(a.count, 9);
	a = armed();
	a.space = 2;
	a.interval = 2;
	KT_EXPECT(!should_fail(&a, 1)); /* space 2 -> 1, not counted */
	KT_EXPECT_EQ(a.count, 0);
	KT_EXPECT(!should_fail(&a, 1)); /* count 1 */
	KT_EXPECT(should_fail(&a, 1));	/* count 2 */
	KT_EXPECT_EQ(a.count, 2);
}

/* Probability 50 with a fixed seed: about half fail, and the same seed
 * gives the same answers. */
static void probability_seeded(void)
{
	struct fault_attr a = armed(), b = armed();
	int failed = 0, same = 1;

	a.probability = b.probability = 50;
	fault_attr_seed(&a, 42);
	fault_attr_seed(&b, 42);
	for (int i = 0; i < 200; i++) {
		bool fa = should_fail(&a, 1), fb = should_fail(&b, 1);
		failed += fa;
		same &= fa == fb;
	}
	KT_EXPECT(same);
	KT_EXPECT(failed > 60 && failed < 140);
	struct rnd_state s1, s2;
	prandom_seed_state(&s1, 1);
	prandom_seed_state(&s2, 2);
	KT_EXPECT(prandom_u32_state(&s1) != prandom_u32_state(&s2));
}

/* task-filter: only a process with make-it-fail; none outside one. */
static void task_filter(void)
{
	struct fault_attr a = armed();

	a.task_filter = true;
	if (!current) {
		KT_EXPECT(!should_fail(&a, 1));
		return;
	}
	bool saved = current->make_it_fail;
	current->make_it_fail = false;
	KT_EXPECT(!should_fail(&a, 1));
	current->make_it_fail = true;
	KT_EXPECT(should_fail(&a, 1));
	current->make_it_fail = saved;
}

/* The command line's four fields; anything else leaves attr alone. */
static void setup_parses(void)
{
	struct fault_attr a = armed();

	KT_EXPECT(setup_fault_attr(&a, "3,17,5,-1"));
	KT_EXPECT_EQ(a.interval, 3);
	KT_EXPECT_EQ(a.probability, 17);
	KT_EXPECT_EQ(a.space, 5);
	KT_EXPECT_EQ(a.times, -1);
	KT_EXPECT(!setup_fault_attr(&a, "1,2,x,4"));
	KT_EXPECT(!setup_fault_attr(&a, "1,2,3"));
	KT_EXPECT(!setup_fault_attr(&a, "1,2,3,4,5"));
	KT_EXPECT(!setup_fault_attr(&a, "-1,2,3,4"));
	KT_EXPECT_EQ(a.interval, 3);
	KT_EXPECT_EQ(a.times, -1);
}

/* fault_parse_number is kstrtoull/kstrtoll with base 0. */
static void numbers(void)
{
	long long v = 0;

	KT_EXPECT(!fault_parse_number("0x1f", 4, false, &v) && v == 31);
	KT_EXPECT(!fault_parse_number("010", 3, false, &v) && v == 8);
	KT_EXPECT(!fault_parse_number("5\n", 2, false, &v) && v == 5);
	KT_EXPECT(!fault_parse_number("-1", 2, true, &v) && v == -1);
	KT_EXPECT_EQ(fault_parse_number("-1", 2, false, &v), -EINVAL);
	KT_EXPECT_EQ(fault_parse_number("", 0, false, &v), -EINVAL);
	KT_EXPECT_EQ(fault_parse_number("5\n\n", 3, false, &v), -EINVAL);
	KT_EXPECT_EQ(fault_parse_number("08", 2, false, &v), -EINVAL);
	KT_EXPECT(!fault_parse_number("18446744073709551615", 20, false, &v) && v == -1);
	KT_EXPECT_EQ(fault_parse_number("18446744073709551616", 20, false, &v), -ERANGE);
	KT_EXPECT_EQ(fault_parse_number("9223372036854775808", 19, true, &v), -ERANGE);
	KT_EXPECT(!fault_parse_number("-9223372036854775808", 20, true, &v) &&
		  v == (long long)(1ULL << 63));
}

static const struct ktest_case cases[] = {
	{ "probability_zero_first", probability_zero_first },
	{ "times_count_down", times_count_down },
	{ "space_by_size", space_by_size },
	{ "interval_counts", interval_counts },
	{ "probability_seeded", probability_seeded },
	{ "task_filter", task_filter },
	{ "setup_parses", setup_parses },
	{ "numbers", numbers },
};
KTEST_SUITE(fault_inject, cases);
