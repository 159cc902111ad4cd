/*
 * The x86 string instructions behind lib/string.c's memcpy and memset
 * (as Linux's arch/x86 string_32.h): "rep movsl" moves n/4 longs and
 * "rep movsb" the n%4 tail bytes; "rep stosl"/"rep stosb" fill the same
 * way. lib/string.c uses them when this header defines
 * __HAVE_ARCH_MEMCPY/__HAVE_ARCH_MEMSET, and keeps its C loops otherwise.
 * clear_page and copy_page are the whole-page forms, with no tail.
 *
 * All of them copy forwards and rely on EFLAGS.DF being clear, which the
 * C ABI guarantees at every call and arch/x86/trapasm.S sets on entry.
 * The same text assembles for the host unit tests (x86_64), where the
 * counts live in the 64-bit registers.
 */
#ifndef ASM_STRING_H
#define ASM_STRING_H

#include <stddef.h>
#include <asm/page.h>

#define __HAVE_ARCH_MEMCPY
#define __HAVE_ARCH_MEMSET

/* Copy n bytes from src to dst, lowest address first (so also a safe
 * memmove when dst is below src). Returns dst. */
static inline void *__memcpy(void *dst, const void *src, size_t n)
{
	unsigned long d0, d1, d2;

	asm volatile("rep movsl\n\t"
		     "mov %4, %0\n\t"
		     "rep movsb"
		     : "=&c"(d0), "=&D"(d1), "=&S"(d2)
		     : "0"(n / 4), "r"(n & 3), "1"(dst), "2"(src)
		     : "memory");
	return dst;
}

/* Fill n bytes at dst with (unsigned char)c. Returns dst. */
static inline void *__memset(void *dst, int c, size_t n)
{
	unsigned long d0, d1;

	asm volatile("rep stosl\n\t"
		     "mov %3, %0\n\t"
		     "rep stosb"
		     : "=&c"(d0), "=&D"(d1)
		     : "0"(n / 4), "r"(n & 3), "1"(dst), "a"((unsigned char)c * 0x01010101u)
		     : "memory");
	return dst;
}

/* Zero the page at kernel address page (page-aligned, PAGE_SIZE bytes). */
static inline void clear_page(void *page)
{
	unsigned long d0, d1;

	asm volatile("rep stosl"
		     : "=&c"(d0), "=&D"(d1)
		     : "0"(PAGE_SIZE / 4), "1"(page), "a"(0)
		     : "memory");
}

/* Copy the page at kernel address from to the page at to. */
static inline void copy_page(void *to, const void *from)
{
	unsigned long d0, d1, d2;

	asm volatile("rep movsl"
		     : "=&c"(d0), "=&D"(d1), "=&S"(d2)
		     : "0"(PAGE_SIZE / 4), "1"(to), "2"(from)
		     : "memory");
}

#endif
