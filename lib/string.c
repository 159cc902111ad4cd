/*
 * Freestanding string and memory functions.
 *
 * The kernel links without libc, yet gcc may emit calls to memcpy, memmove,
 * memset and memcmp by itself (struct copies, large initializers), so these
 * four must exist and must never call themselves. memcpy and memset (and
 * memmove's forward case, through memcpy) are the architecture's string
 * instructions where <asm/string.h> provides them (__HAVE_ARCH_MEMCPY,
 * __HAVE_ARCH_MEMSET: rep movsl/stosl and a byte tail on x86), as Linux's
 * arch memcpy; otherwise C loops that move a word at a time when the
 * pointers allow it and a byte at a time otherwise. Everything else is a
 * plain byte loop. Comparisons treat bytes as unsigned char, as the C
 * library does.
 */
#include <stdint.h>
#include <lib/string.h>
#include <asm/string.h>

/*
 * gcc can turn a byte loop into a call to memset or memcpy. Inside those very
 * functions that call would recurse forever, so switch the transformation off.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define no_libcall __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define no_libcall
#endif

#if !defined(__HAVE_ARCH_MEMCPY) || !defined(__HAVE_ARCH_MEMSET)
/*
 * A word-sized type that may alias any object, so the word loops are valid
 * C even though the buffers were declared as something else.
 */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD_SIZE sizeof(word_t)

/* True if every pointer and n are multiples of the word size. */
static int word_aligned(const void *a, const void *b, size_t n)
{
	return (((uintptr_t)a | (uintptr_t)b | n) & (WORD_SIZE - 1)) == 0;
}
#endif

#ifdef __HAVE_ARCH_MEMCPY
/* Copy n bytes; the buffers must not overlap. Returns dst. */
void *memcpy(void *dst, const void *src, size_t n)
{
	return __memcpy(dst, src, n);
}
#else
/* Copy n bytes; the buffers must not overlap. Returns dst. */
no_libcall void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (word_aligned(d, s, n)) {
		for (; n; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
			*(word_t *)d = *(const word_t *)s;
		return dst;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}
#endif

/* Copy n bytes; the buffers may overlap. Returns dst. */
no_libcall void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d <= (uintptr_t)s || (uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n); /* forward copy is safe */
	/* dst overlaps the end of src: copy backwards. */
	d += n;
	s += n;
	while (n--)
		*--d = *--s;
	return dst;
}

#ifdef __HAVE_ARCH_MEMSET
/* Fill n bytes with (unsigned char)c. Returns dst. */
void *memset(void *dst, int c, size_t n)
{
	return __memset(dst, c, n);
}
#else
/* Fill n bytes with (unsigned char)c. Returns dst. */
no_libcall void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;

	if (word_aligned(d, NULL, n)) {
		word_t w = b * (~(word_t)0 / 0xff); /* b in every byte */

		for (; n; n -= WORD_SIZE, d += WORD_SIZE)
			*(word_t *)d = w;
		return dst;
	}
	while (n--)
		*d++ = b;
	return dst;
}
#endif

/* Returns <0, 0 or >0 as the first differing byte of a is below, equal, above b's. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p < *q ? -1 : 1;
	return 0;
}

/* Returns a pointer to the first byte equal to (unsigned char)c, or NULL. */
void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/* Returns the number of bytes before the terminating NUL. */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/* Like strlen, but looks at no more than max bytes. Returns at most max. */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* Returns <0, 0 or >0 comparing the strings as unsigned bytes. */
int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p < *q ? -1 : *p > *q;
}

/* strcmp limited to the first n bytes. Returns <0, 0 or >0. */
int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
		if (!*p)
			break;
	}
	return 0;
}

/* Copy src with its NUL into dst, which must be large enough. Returns dst. */
char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

/*
 * Copy at most size - 1 bytes of src into dst and NUL-terminate it (if size
 * is not 0). Returns strlen(src); a result >= size means dst was truncated.
 */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* Returns the first occurrence of (char)c in s (c may be NUL), or NULL. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* Returns the last occurrence of (char)c in s (c may be NUL), or NULL. */
char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}
