/*
 * Host unit test for lib/sort.c (built with ASan and UBSan).
 *
 * sort() is compared with the host's qsort on random arrays of many lengths
 * and element sizes (including sizes that are not a multiple of 4, to catch
 * a swap that moves the wrong bytes), on already sorted, reversed and
 * constant arrays, and checked to be a permutation. bsearch() is checked for
 * hits on every element, misses between and around them, and empty arrays.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lib/sort.h>

#include "check.h"
#include "../lib/sort_cases.c"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* A small deterministic pseudo-random generator (xorshift64). */
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static long ncalls;	/* comparator calls, to bound sort()'s work */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	ncalls++;
	return (x > y) - (x < y);
}

/* A 7-byte record ordered by its first 3 bytes (big-endian); the rest rides along. */
struct rec7 {
	unsigned char key[3];
	unsigned char tag[4];
};

static int cmp_rec7(const void *a, const void *b)
{
	const unsigned char *x = a, *y = b;
	int i;

	for (i = 0; i < 3; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

/* Sort n random ints in [0, range) with sort() and qsort() and compare. */
static void one_int_case(size_t n, uint32_t range, const char *what)
{
	int *a = malloc((n ? n : 1) * sizeof(int)), *b = malloc((n ? n : 1) * sizeof(int));
	size_t i;
	long bound, sort_calls;

	for (i = 0; i < n; i++)
		a[i] = b[i] = (int)(rnd() % range) - (int)(range / 2);
	ncalls = 0;
	sort(a, n, sizeof(int), cmp_int);
	sort_calls = ncalls;
	host_qsort(b, n, sizeof(int), cmp_int);
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			break;
	check(i == n, "%s n=%zu range=%u: element %zu differs from qsort", what, n, range, i);
	/* heapsort makes at most about 2 n log2 n comparisons: allow 2 n (log2 n + 2) */
	for (bound = 4 + 4 * (long)n, i = n; i > 1; i /= 2)
		bound += 2 * (long)n;
	check(sort_calls <= bound, "%s n=%zu: %ld comparisons, more than %ld", what, n, sort_calls,
	      bound);
	free(a);
	free(b);
}

static void test_random_ints(void)
{
	size_t n;
	int rep;

	for (n = 0; n <= 70; n++)
		for (rep = 0; rep < 20; rep++)
			one_int_case(n, rep & 1 ? 10 : 1000000, "random ints");
	for (n = 100; n <= 5000; n = n * 3 + 1)
		one_int_case(n, 1u << 31, "large random ints");
}

static void test_special_orders(void)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 5, 16, 17, 100, 1023 };
	int a[1023];
	size_t s, i, n;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		n = sizes[s];
		for (i = 0; i < n; i++)
			a[i] = (int)i;
		sort(a, n, sizeof(int), cmp_int);
		for (i = 0; i < n && a[i] == (int)i; i++)
			;
		check(i == n, "already sorted n=%zu broke at %zu", n, i);
		for (i = 0; i < n; i++)
			a[i] = (int)(n - i);
		sort(a, n, sizeof(int), cmp_int);
		for (i = 0; i < n && a[i] == (int)(i + 1); i++)
			;
		check(i == n, "reversed n=%zu wrong at %zu", n, i);
		for (i = 0; i < n; i++)
			a[i] = 7;
		sort(a, n, sizeof(int), cmp_int);
		for (i = 0; i < n && a[i] == 7; i++)
			;
		check(i == n, "all equal n=%zu changed at %zu", n, i);
		for (i = 0; i < n; i++)
			a[i] = i % 2 ? -(int)i : (int)i;	/* sawtooth */
		sort(a, n, sizeof(int), cmp_int);
		for (i = 1; i < n && a[i - 1] <= a[i]; i++)
			;
		check(n == 0 || i == n, "sawtooth n=%zu unsorted at %zu", n, i);
	}
}

static void test_odd_size(void)
{
	struct rec7 a[300], b[300];
	size_t n, i;
	int rep;

	check(sizeof(struct rec7) == 7, "struct rec7 is %zu bytes", sizeof(struct rec7));
	for (rep = 0; rep < 30; rep++) {
		n = rnd() % 300;
		for (i = 0; i < n; i++) {
			uint32_t k = rnd() % 50000;	/* unique keys: order is total */

			a[i].key[0] = (unsigned char)(k >> 16);
			a[i].key[1] = (unsigned char)(k >> 8);
			a[i].key[2] = (unsigned char)k;
			/* the tag is a function of the key, so a torn swap shows up */
			a[i].tag[0] = (unsigned char)(k * 3);
			a[i].tag[1] = (unsigned char)(k * 5);
			a[i].tag[2] = (unsigned char)(k * 7);
			a[i].tag[3] = (unsigned char)(k * 11);
		}
		host_memcpy(b, a, n * sizeof(a[0]));
		sort(a, n, sizeof(a[0]), cmp_rec7);
		host_qsort(b, n, sizeof(b[0]), cmp_rec7);
		for (i = 0; i < n; i++) {
			uint32_t k = (uint32_t)a[i].key[0] << 16 | a[i].key[1] << 8 | a[i].key[2];

			if (cmp_rec7(&a[i], &b[i]) != 0 || a[i].tag[0] != (unsigned char)(k * 3) ||
			    a[i].tag[3] != (unsigned char)(k * 11))
				break;
		}
		check(i == n, "7-byte records n=%zu: record %zu wrong", n, i);
	}
}

static void test_permutation(void)
{
	int a[500], seen[500];
	size_t i, n = ARRAY_SIZE(a);

	for (i = 0; i < n; i++)
		a[i] = (int)i;
	for (i = n - 1; i > 0; i--) {	/* shuffle */
		size_t j = rnd() % (i + 1);
		int t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
	sort(a, n, sizeof(int), cmp_int);
	host_memset(seen, 0, sizeof(seen));
	for (i = 0; i < n; i++)
		if (a[i] >= 0 && a[i] < (int)n)
			seen[a[i]]++;
	for (i = 0; i < n && seen[i] == 1 && a[i] == (int)i; i++)
		;
	check(i == n, "shuffled 0..499 not sorted to itself at %zu", i);
	/* sort of 0 and 1 elements must not touch or even compare */
	ncalls = 0;
	sort(NULL, 0, sizeof(int), cmp_int);
	sort(a, 1, sizeof(int), cmp_int);
	check(ncalls == 0, "sort of 0 or 1 elements called cmp %ld times", ncalls);
}

static void test_bsearch_hits(void)
{
	int a[257];
	size_t n, i;

	for (n = 1; n <= ARRAY_SIZE(a); n += (n < 20 ? 1 : 17)) {
		for (i = 0; i < n; i++)
			a[i] = (int)(i * 3 + 1);
		for (i = 0; i < n; i++) {
			int key = a[i];
			int *p = bsearch(&key, a, n, sizeof(int), cmp_int);

			check(p == &a[i], "n=%zu: key %d found at %td, want %zu", n, key,
			      p ? p - a : -1, i);
		}
		{
			int first = a[0], last = a[n - 1];

			check(bsearch(&first, a, n, sizeof(int), cmp_int) == &a[0],
			      "n=%zu: first element not found", n);
			check(bsearch(&last, a, n, sizeof(int), cmp_int) == &a[n - 1],
			      "n=%zu: last element not found", n);
		}
	}
}

static void test_bsearch_misses(void)
{
	int a[100], key;
	size_t n, i;

	for (n = 0; n <= ARRAY_SIZE(a); n++) {
		for (i = 0; i < n; i++)
			a[i] = (int)(i * 3 + 1);
		for (key = -2; key <= (int)(n * 3 + 2); key++) {
			if (key >= 1 && (key - 1) % 3 == 0 && (size_t)(key - 1) / 3 < n)
				continue;	/* a hit */
			check(bsearch(&key, a, n, sizeof(int), cmp_int) == NULL,
			      "n=%zu: key %d wrongly found", n, key);
		}
	}
	key = 1;
	check(bsearch(&key, NULL, 0, sizeof(int), cmp_int) == NULL, "empty array with NULL base");
	key = INT_MIN;
	check(bsearch(&key, a, 50, sizeof(int), cmp_int) == NULL, "key below every element");
}

static void test_bsearch_duplicates(void)
{
	int a[] = { 1, 2, 2, 2, 2, 3, 5, 5, 9 };
	int key;
	int *p;

	key = 2;
	p = bsearch(&key, a, ARRAY_SIZE(a), sizeof(int), cmp_int);
	check(p && *p == 2, "duplicate key 2 not found");
	key = 5;
	p = bsearch(&key, a, ARRAY_SIZE(a), sizeof(int), cmp_int);
	check(p && *p == 5, "duplicate key 5 not found");
	key = 4;
	check(bsearch(&key, a, ARRAY_SIZE(a), sizeof(int), cmp_int) == NULL, "key 4 found");
}

static const struct host_test tests[] = {
	{ "sort random ints vs qsort, n = 0..70 and large", test_random_ints },
	{ "sort sorted, reversed, equal, sawtooth", test_special_orders },
	{ "sort 7-byte records vs qsort", test_odd_size },
	{ "sort is a permutation; n 0 and 1 untouched", test_permutation },
	{ "bsearch hits every element, first and last", test_bsearch_hits },
	{ "bsearch misses, empty array", test_bsearch_misses },
	{ "bsearch with duplicate keys", test_bsearch_duplicates },
	{ "ints and records, shared with ktest/lib", sort_bsearch },
};

int main(void)
{
	return run_tests(tests, ARRAY_SIZE(tests));
}
