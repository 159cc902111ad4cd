/*
 * Heapsort and binary search over arrays of fixed-size elements.
 *
 * sort() is a heapsort: O(n log n) in the worst case, no recursion and no
 * memory beyond a few locals, which is what a kernel wants (Linux's
 * lib/sort.c makes the same choice). It is not stable. The array is viewed
 * as a binary tree, element i having children 2i+1 and 2i+2. First every
 * subtree is made a max-heap, bottom up; then the largest element (the root)
 * is swapped to the end, the heap shrinks by one and the new root sinks
 * back into place, until the heap is empty.
 *
 * bsearch() has the C library's contract: the array is sorted by cmp and any
 * matching element may be returned.
 */
#include <stddef.h>
#include <lib/sort.h>

/* Exchange the size bytes at a and b. */
static void swap_bytes(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Let element root sink until the first n elements below it form a max-heap. */
static void sift_down(char *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	/* root has a child iff 2 * root + 1 < n, i.e. root < n / 2. */
	while (root < n / 2) {
		size_t child = 2 * root + 1;

		if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
			child++; /* the larger child */
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

/* Sort num elements of size bytes at base into ascending order by cmp. */
void sort(void *base, size_t num, size_t size, int (*cmp)(const void *, const void *))
{
	char *b = base;
	size_t i;

	if (num < 2 || size == 0)
		return;
	for (i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, cmp);
	for (i = num - 1; i > 0; i--) {
		swap_bytes(b, b + i * size, size); /* largest to the end */
		sift_down(b, 0, i, size, cmp);
	}
}

/*
 * Find key in the num sorted elements at base; cmp(key, elem) orders them.
 * Returns a matching element, or NULL if there is none.
 */
void *bsearch(const void *key, const void *base, size_t num, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const char *b = base;
	size_t lo = 0, hi = num; /* the answer, if any, is in [lo, hi) */

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *elem = b + mid * size;
		int c = cmp(key, elem);

		if (c == 0)
			return (void *)elem;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
