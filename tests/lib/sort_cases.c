/*
 * Cases for lib/sort.c: sort() and bsearch() on ints and on records.
 *
 * Included by tests/kernel/test_lib.c (suite ktest/lib) and by
 * tests/host/test_sort.c, so the kernel's freestanding build of lib/sort.c and the
 * host's ASan/UBSan build run the same cases; see tests/lib/lib_check.h.
 */
#include <lib/printf.h>
#include <lib/sort.h>
#include <lib/string.h>

#include "lib_check.h"

/* Orders ints ascending: returns -1, 0 or 1. */
static int lt_cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct rec {
	uint32_t key;
	char tag[8];
};

/* Orders struct rec by key: returns -1, 0 or 1. */
static int cmp_rec(const void *a, const void *b)
{
	uint32_t x = ((const struct rec *)a)->key, y = ((const struct rec *)b)->key;

	return (x > y) - (x < y);
}

/* sort() of 200 ints with duplicates and of 7 records; bsearch() hits and misses. */
static void sort_bsearch(void)
{
	static int v[200];
	uint32_t seed = 12345, sum = 0, sum2 = 0, x = 0, x2 = 0;
	int unsorted = 0;

	for (int i = 0; i < 200; i++) {
		seed = seed * 1103515245 + 12345;
		v[i] = (int)(seed >> 8) % 1000 - 500; /* duplicates and negatives */
		sum += v[i];
		x ^= (uint32_t)v[i] * 2654435761u;
	}
	sort(v, 200, sizeof(int), lt_cmp_int);
	for (int i = 0; i < 200; i++) {
		unsorted += i && v[i - 1] > v[i];
		sum2 += v[i];
		x2 ^= (uint32_t)v[i] * 2654435761u;
	}
	LT_EXPECT_EQ(unsorted, 0);
	LT_EXPECT_EQ(sum2, sum); /* a permutation of the input */
	LT_EXPECT_EQ(x2, x);
	int missing = 0;
	for (int i = 0; i < 200; i++) {
		int *f = bsearch(&v[i], v, 200, sizeof(int), lt_cmp_int);
		missing += !f || *f != v[i];
	}
	LT_EXPECT_EQ(missing, 0);
	int k = v[0] - 1;
	LT_EXPECT(bsearch(&k, v, 200, sizeof(int), lt_cmp_int) == NULL);
	k = v[199] + 1;
	LT_EXPECT(bsearch(&k, v, 200, sizeof(int), lt_cmp_int) == NULL);
	LT_EXPECT(bsearch(&v[0], v, 0, sizeof(int), lt_cmp_int) == NULL);

	/* records bigger than a word, already sorted, reversed, tiny */
	struct rec r[7];
	for (int i = 0; i < 7; i++) {
		r[i].key = 70 - 10 * i;
		snprintf(r[i].tag, sizeof(r[i].tag), "r%u", (unsigned)r[i].key);
	}
	sort(r, 7, sizeof(r[0]), cmp_rec);
	int wrong = 0;
	for (int i = 0; i < 7; i++) {
		char want[8];
		snprintf(want, sizeof(want), "r%d", 10 * (i + 1));
		wrong += r[i].key != 10u * (i + 1) || strcmp(r[i].tag, want);
	}
	LT_EXPECT_EQ(wrong, 0);
	struct rec key = { .key = 40 };
	struct rec *hit = bsearch(&key, r, 7, sizeof(r[0]), cmp_rec);
	LT_EXPECT(hit == &r[3]);
	int one = 5;
	sort(&one, 1, sizeof(int), lt_cmp_int);
	LT_EXPECT_EQ(one, 5);
	sort(NULL, 0, sizeof(int), lt_cmp_int);
}
