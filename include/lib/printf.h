/*
 * vsnprintf and friends (lib/vsnprintf.c): %d %i %u %x %X %o %p %s %c %%,
 * the l/ll/h/hh/z/j/t length modifiers, width (also '*'), precision,
 * and the flags '-', '0', '+', ' ' and '#'. As in glibc, %p prints 0x...
 * in lower-case hex or "(nil)", and a NULL %s prints "(null)".
 * Returns the length the full output would have had, as C99 says.
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
