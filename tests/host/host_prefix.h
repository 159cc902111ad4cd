/*
 * Force-included (gcc -include) into the lib/ sources and the tests when they are
 * built for the host, so lib/ compiles unchanged next to the host's libc.
 *
 * lib/ defines memcpy, snprintf, bsearch... which would clash with libc and
 * with the sanitizers' interceptors. So every lib symbol is renamed to lib_*
 * by the macros below: a test calling memcpy() calls lib/string.c's code.
 *
 * The host headers that declare those names are included first, before the
 * macros exist: their declarations keep the real names (and their nonnull
 * attributes and extern-inline bodies stay attached to libc's functions, not
 * to ours), and later #includes of them are no-ops. Tests reach libc's own
 * versions, for reference results, through the host_* wrappers, which are
 * defined here for the same reason: the macros do not exist yet.
 */
#ifndef TESTS_HOST_HOST_PREFIX_H
#define TESTS_HOST_HOST_PREFIX_H

#undef _FORTIFY_SOURCE	/* fortify wraps snprintf & co. in inline functions */

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libc's vsnprintf, for reference output. */
static inline int host_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

/* libc's snprintf, for reference output. */
static inline __attribute__((format(printf, 3, 4))) int
host_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* libc's qsort, for reference ordering. */
static inline void host_qsort(void *base, size_t num, size_t size,
			      int (*cmp)(const void *, const void *))
{
	qsort(base, num, size, cmp);
}

/* libc's memcmp, memset and memcpy, for test scaffolding and references. */
static inline int host_memcmp(const void *a, const void *b, size_t n)
{
	return n ? memcmp(a, b, n) : 0;
}

static inline void *host_memset(void *dst, int c, size_t n)
{
	return n ? memset(dst, c, n) : dst;
}

static inline void *host_memcpy(void *dst, const void *src, size_t n)
{
	return n ? memcpy(dst, src, n) : dst;
}

/* libc's strcmp and strncmp, for reference results. */
static inline int host_strcmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

static inline int host_strncmp(const char *a, const char *b, size_t n)
{
	return strncmp(a, b, n);
}

#define memcpy lib_memcpy
#define memmove lib_memmove
#define memset lib_memset
#define memcmp lib_memcmp
#define memchr lib_memchr
#define strlen lib_strlen
#define strnlen lib_strnlen
#define strcmp lib_strcmp
#define strncmp lib_strncmp
#define strcpy lib_strcpy
#define strlcpy lib_strlcpy
#define strchr lib_strchr
#define strrchr lib_strrchr
#define vsnprintf lib_vsnprintf
#define snprintf lib_snprintf
#define sort lib_sort
#define bsearch lib_bsearch

#endif
