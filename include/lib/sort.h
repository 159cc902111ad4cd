/* Heapsort and binary search (lib/sort.c), with the C library's contracts. */
#ifndef LIB_SORT_H
#define LIB_SORT_H

#include <stddef.h>

void sort(void *base, size_t num, size_t size, int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t num, size_t size,
	      int (*cmp)(const void *, const void *));

#endif
