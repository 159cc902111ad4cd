/*
 * Host unit test for lib/extable.c (built with ASan and UBSan).
 *
 * Tables are built the way the linker leaves __ex_table: entries in an
 * arbitrary order, with the fixup tied to its insn so a sort that separates
 * the pair is caught. Checked: sorting and the sortedness test, searches for
 * every entry (first and last included), misses between, below and above
 * the entries, an empty table and a one-entry table; every entry type's
 * name and which exception causes each type accepts.
 */
#include <stdio.h>
#include <lib/extable.h>

#include "check.h"

#define FIXUP(insn) ((insn) ^ 0x5a5a0000UL)	/* each entry's fixup, derived from insn */
#define TYPE(insn) (EX_TYPE_DEFAULT + (insn) % EX_TYPE_MAX) /* and its type */

static unsigned long rng = 12345;

/* A small deterministic pseudo-random generator. */
static unsigned long rnd(void)
{
	rng = rng * 1103515245UL + 12345UL;
	return (rng >> 8) & 0xffffff;
}

/*
 * Fill t with n entries whose insns are distinct multiples of 3 above base
 * (kernel-like addresses), in shuffled order.
 */
static void make_table(struct exception_table_entry *t, size_t n, unsigned long base)
{
	size_t i;

	for (i = 0; i < n; i++) {
		t[i].insn = base + 3 * i + 3;
		t[i].fixup = FIXUP(t[i].insn);
		t[i].type = TYPE(t[i].insn);
	}
	for (i = n; i > 1; i--) {
		size_t j = rnd() % i;
		struct exception_table_entry tmp = t[i - 1];

		t[i - 1] = t[j];
		t[j] = tmp;
	}
}

static void test_sort(void)
{
	struct exception_table_entry t[300];
	size_t n, i;

	for (n = 0; n <= ARRAY_SIZE(t); n += (n < 10 ? 1 : 29)) {
		make_table(t, n, 0xc0100000UL);
		sort_extable(t, t + n);
		for (i = 0; i < n; i++)
			if (t[i].insn != 0xc0100000UL + 3 * i + 3 || t[i].fixup != FIXUP(t[i].insn) ||
			    t[i].type != TYPE(t[i].insn))
				break;
		check(i == n, "n=%zu: entry %zu after sort: expected insn %#lx, got %#lx", n, i,
		      0xc0100000UL + 3 * i + 3, i < n ? t[i].insn : 0);
		check(extable_is_sorted(t, t + n) == 1, "n=%zu: sorted table not seen as sorted", n);
	}
	/* addresses far apart (over 2^31): must not compare by subtraction */
	{
		static const unsigned long far[] = { 0xc0000010UL, 0x10UL, 0xfffffff0UL, 0x30UL,
						     0x90000000UL, 0x7fffffffUL, 0xc0000000UL,
						     0x20UL, 0xf0000000UL, 0x80000000UL };
		static const unsigned long want[] = { 0x10UL, 0x20UL, 0x30UL, 0x7fffffffUL,
						      0x80000000UL, 0x90000000UL, 0xc0000000UL,
						      0xc0000010UL, 0xf0000000UL, 0xfffffff0UL };

		for (i = 0; i < ARRAY_SIZE(far); i++) {
			t[i].insn = far[i];
			t[i].fixup = FIXUP(far[i]);
		}
		sort_extable(t, t + ARRAY_SIZE(far));
		for (i = 0; i < ARRAY_SIZE(far); i++)
			if (t[i].insn != want[i] || t[i].fixup != FIXUP(want[i]))
				break;
		check(i == ARRAY_SIZE(far), "far-apart addresses: entry %zu: expected %#lx, got %#lx",
		      i, i < ARRAY_SIZE(far) ? want[i] : 0, i < ARRAY_SIZE(far) ? t[i].insn : 0);
		for (i = 0; i < ARRAY_SIZE(far); i++)
			check(search_extable(t, ARRAY_SIZE(far), want[i]) == &t[i],
			      "far-apart addresses: %#lx not found", want[i]);
	}
}

static void test_is_sorted(void)
{
	struct exception_table_entry t[8];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		t[i].insn = 100 + i;
	check(extable_is_sorted(t, t + 8) == 1, "ascending table");
	check(extable_is_sorted(t, t) == 1, "empty table is sorted");
	check(extable_is_sorted(NULL, NULL) == 1, "NULL empty table is sorted");
	check(extable_is_sorted(t, t + 1) == 1, "one entry is sorted");
	t[3].insn = t[4].insn;
	check(extable_is_sorted(t, t + 8) == 1, "equal neighbours are sorted");
	t[3].insn = 200;
	check(extable_is_sorted(t, t + 8) == 0, "a bump in the middle");
	check(extable_is_sorted(t, t + 4) == 1, "the sorted prefix");
	t[3].insn = 103;
	t[7].insn = 0;
	check(extable_is_sorted(t, t + 8) == 0, "last entry out of order");
	t[7].insn = 107;
	t[0].insn = 500;
	check(extable_is_sorted(t, t + 8) == 0, "first entry out of order");
}

static void test_search_hits(void)
{
	struct exception_table_entry t[257];
	size_t n, i;

	for (n = 1; n <= ARRAY_SIZE(t); n += (n < 20 ? 1 : 12)) {
		make_table(t, n, 0xc0100000UL);
		sort_extable(t, t + n);
		for (i = 0; i < n; i++) {
			const struct exception_table_entry *e = search_extable(t, n, t[i].insn);

			check(e == &t[i], "n=%zu: entry %zu (insn %#lx) not found", n, i, t[i].insn);
			check(e && e->fixup == FIXUP(t[i].insn), "n=%zu: wrong fixup", n);
		}
		check(search_extable(t, n, t[0].insn) == &t[0], "n=%zu: first entry", n);
		check(search_extable(t, n, t[n - 1].insn) == &t[n - 1], "n=%zu: last entry", n);
	}
}

static void test_search_misses(void)
{
	struct exception_table_entry t[100];
	unsigned long v, base = 0xc0100000UL;
	size_t n;

	for (n = 0; n <= ARRAY_SIZE(t); n++) {
		make_table(t, n, base);
		sort_extable(t, t + n);
		/* insns are base+3 .. base+3n; everything else must miss */
		for (v = base - 2; v <= base + 3 * n + 4; v++) {
			if (v > base && v <= base + 3 * n && (v - base) % 3 == 0)
				continue;
			check(search_extable(t, n, v) == NULL, "n=%zu: %#lx wrongly found", n, v);
		}
		check(search_extable(t, n, 0) == NULL, "n=%zu: 0 found", n);
		check(search_extable(t, n, ~0UL) == NULL, "n=%zu: ~0 found", n);
	}
}

static void test_empty_and_single(void)
{
	struct exception_table_entry one = { 0xc0101234UL, 0xc0109999UL, EX_TYPE_UACCESS };

	check(search_extable(NULL, 0, 0) == NULL, "empty NULL table, value 0");
	check(search_extable(NULL, 0, 0xc0101234UL) == NULL, "empty NULL table");
	check(search_extable(&one, 0, 0xc0101234UL) == NULL, "num 0 ignores the entry");
	sort_extable(NULL, NULL);
	sort_extable(&one, &one);
	sort_extable(&one, &one + 1);
	check(one.insn == 0xc0101234UL && one.fixup == 0xc0109999UL && one.type == EX_TYPE_UACCESS,
	      "sorting one entry changed it");
	check(search_extable(&one, 1, 0xc0101234UL) == &one, "single entry not found");
	check(search_extable(&one, 1, 0xc0101233UL) == NULL, "single: below found");
	check(search_extable(&one, 1, 0xc0101235UL) == NULL, "single: above found");
}

/* Returns 1 if strings a and b are equal (lib/string.c is not linked). */
static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void test_type_names(void)
{
	static const char *const want[] = { "EX_TYPE_?", "EX_TYPE_DEFAULT", "EX_TYPE_UACCESS",
					    "EX_TYPE_DEFAULT_MCE_SAFE", "EX_TYPE_FAULT_MCE_SAFE" };
	unsigned long t;

	check(ARRAY_SIZE(want) == EX_TYPE_MAX + 1, "a type without an expected name");
	for (t = 0; t <= EX_TYPE_MAX; t++) {
		check(ex_type_known(t) == (t != EX_TYPE_NONE), "type %lu known is wrong", t);
		check(same(ex_type_name(t), want[t]), "type %lu is named %s", t, ex_type_name(t));
	}
	check(!ex_type_known(EX_TYPE_MAX + 1), "type past the last is known");
	check(!ex_type_known(~0UL), "type ~0 is known");
	check(same(ex_type_name(EX_TYPE_MAX + 1), "EX_TYPE_?"), "name past the last");
	check(same(ex_type_name(0x100 | EX_TYPE_UACCESS), "EX_TYPE_?"), "data bits named");
	check(ex_type_mce_safe(EX_TYPE_DEFAULT_MCE_SAFE) && ex_type_mce_safe(EX_TYPE_FAULT_MCE_SAFE),
	      "the MCE-safe types are not MCE-safe");
	check(!ex_type_mce_safe(EX_TYPE_DEFAULT) && !ex_type_mce_safe(EX_TYPE_UACCESS) &&
		      !ex_type_mce_safe(EX_TYPE_NONE) && !ex_type_mce_safe(EX_TYPE_MAX + 1),
	      "a type that is not MCE-safe is");
}

/* Every type against every cause: the whole acceptance matrix. */
static void test_type_accepts(void)
{
	/* rows: NONE, DEFAULT, UACCESS, DEFAULT_MCE_SAFE, FAULT_MCE_SAFE, MAX + 1;
	 * columns: PF_USER, PF_KERNEL, MCE, OTHER */
	static const int want[EX_TYPE_MAX + 2][4] = {
		{ 0, 0, 0, 0 }, { 0, 1, 0, 1 }, { 1, 1, 0, 0 },
		{ 0, 1, 1, 0 }, { 0, 1, 1, 0 }, { 0, 0, 0, 0 },
	};
	static const enum ex_cause causes[4] = { EX_CAUSE_PF_USER, EX_CAUSE_PF_KERNEL, EX_CAUSE_MCE,
						 EX_CAUSE_OTHER };
	unsigned long t;
	int c;

	for (t = 0; t <= EX_TYPE_MAX + 1; t++)
		for (c = 0; c < 4; c++)
			check(ex_type_accepts(t, causes[c]) == want[t][c], "type %lu cause %d: %d", t, c,
			      ex_type_accepts(t, causes[c]));
	check(!ex_type_accepts(EX_TYPE_UACCESS, (enum ex_cause)99), "an unknown cause accepted");
}

static const struct host_test tests[] = {
	{ "sort_extable orders shuffled tables, pairs intact", test_sort },
	{ "extable_is_sorted", test_is_sorted },
	{ "search_extable finds every entry, first and last", test_search_hits },
	{ "search_extable misses between, below, above", test_search_misses },
	{ "empty table and single entry", test_empty_and_single },
	{ "every type known and named, the MCE-safe ones", test_type_names },
	{ "ex_type_accepts: every type against every cause", test_type_accepts },
};

int main(void)
{
	return run_tests(tests, ARRAY_SIZE(tests));
}
