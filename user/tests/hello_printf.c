/*
 * hello_printf - musl's stdio on top of write/writev.
 *
 * Prints "hello, world", formatted numbers, a 5000-character line and a
 * three-part writev, checking every return value and every formatted string.
 * Free-form output lines start with "# " so the whole output stays valid TAP;
 * tap.h flushes stdout before each result line, so the order is fixed.
 */
#include "tap.h"

#include <limits.h>
#include <stdint.h>
#include <sys/uio.h>

#define LONG_LINE 5000

static char line[LONG_LINE + 1];

/* snprintf with fmt must give exactly want; prints the result too. */
static void fmt_is(const char *name, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fmt_is(const char *name, const char *want, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!ok(n == (int)strlen(want) && strcmp(buf, want) == 0, "format: %s", name))
		diag("expected \"%s\", got \"%s\"", want, buf);
	printf("# %s\n", buf);
}

int main(void)
{
	struct iovec iov[3];
	char small[8];
	int n;

	plan(26);

	is(printf("# hello, world\n"), 15, "printf(\"hello, world\") returns its length");
	is(fflush(stdout), 0, "fflush(stdout) returns 0");

	/* Integers, widths, flags, lengths. */
	fmt_is("integer widths and flags", "-42|   42|42   |00042|+42", "%d|%5d|%-5d|%05d|%+d", -42,
	       42, 42, 42, 42);
	fmt_is("INT_MIN and INT_MAX", "-2147483648 2147483647", "%d %d", INT_MIN, INT_MAX);
	fmt_is("unsigned, hex, octal", "3735928559 deadbeef DEADBEEF 33653337357", "%u %x %X %o",
	       0xDEADBEEFu, 0xDEADBEEFu, 0xDEADBEEFu, 0xDEADBEEFu);
	fmt_is("alternate forms", "0xdeadbeef 033653337357", "%#x %#o", 0xDEADBEEFu, 0xDEADBEEFu);
	fmt_is("long long limits", "-9223372036854775808 18446744073709551615", "%lld %llu",
	       LLONG_MIN, ULLONG_MAX);
	fmt_is("size_t values", "4 4 8", "%zu %zu %zu", sizeof(long), sizeof(void *),
	       sizeof(long long));
	fmt_is("length modifiers l, hh, h", "-1 255 65535", "%ld %hhu %hu", -1L, (unsigned char)-1,
	       (unsigned short)-1);
	fmt_is("alternate hex with widths", "  0x1f|1f  ", "%#6x|%-4x", 31u, 31u);

	/* Floating point. */
	fmt_is("f, e and g conversions", "3.142 1.234568e+04 0.0001 1e+10", "%.3f %e %g %g",
	       3.14159, 12345.678, 0.0001, 1e10);
	fmt_is("negative, padded and infinite doubles", "-0.50|  2.25|inf", "%.2f|%6.2f|%f", -0.5,
	       2.25, 1.0 / 0.0);

	/* Strings and characters. */
	fmt_is("string widths and precision", "abc|       abc|abc       |ab", "%s|%10s|%-10s|%.2s",
	       "abc", "abc", "abc", "abc");
	fmt_is("characters and a percent sign", "Mica 100%", "%c%c%c%c %d%%", 'M', 'i', 'c', 'a',
	       100);
	fmt_is("negative padding, zero precision string", "  -7|-0007|x", "%4d|%05d|%.0sx", -7, -7,
	       "hidden");

	const char *volatile src = "truncated output";
	n = snprintf(small, sizeof(small), "%s", src);
	ok(n == 16 && strcmp(small, "truncat") == 0,
	   "snprintf truncates and returns the full length");

	/* A 5000-character line through printf. */
	for (int i = 0; i < LONG_LINE; i++)
		line[i] = (char)('a' + i % 26);
	is(printf("# %s\n", line), LONG_LINE + 3, "printf of a 5000-character line");
	is(printf("# %0*d\n", 3000, 7), 3003, "printf of a 3000-digit zero-padded number");
	n = snprintf(NULL, 0, "%s%s", line, line);
	is(n, 2 * LONG_LINE, "snprintf(NULL, 0) counts 10000 characters");

	/* puts, fputs, putchar. */
	ok(puts("# puts line") >= 0, "puts returns non-negative");
	ok(fputs("# fputs line\n", stdout) >= 0, "fputs returns non-negative");
	n = putchar('#');
	is(putchar('\n'), '\n', "putchar of a newline returns it");
	is(n, '#', "putchar returns the character");

	/* writev of three iovecs, straight to fd 1. */
	fflush(stdout);
	iov[0].iov_base = "# writev: ";
	iov[0].iov_len = 10;
	iov[1].iov_base = "three ";
	iov[1].iov_len = 6;
	iov[2].iov_base = "iovecs\n";
	iov[2].iov_len = 7;
	is(writev(1, iov, 3), 23, "writev of 3 iovecs returns 23");
	iov[1].iov_len = 0;
	iov[1].iov_base = NULL;
	iov[0].iov_base = "# writev: empty ";
	iov[0].iov_len = 16;
	is(writev(1, iov, 3), 23, "writev with an empty middle iovec returns 23");
	is(writev(1, iov, 0), 0, "writev of 0 iovecs returns 0");

	return done();
}
