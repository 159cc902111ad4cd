/*
 * Host unit test for lib/vsnprintf.c (built with ASan and UBSan).
 *
 * The reference is the host C library: formats are generated as every
 * combination of flags, field width, precision, length modifier and
 * conversion, and each is printed with many values by both libc's snprintf
 * (host_snprintf) and ours; the text and the return value must agree. Only
 * combinations whose meaning C defines are generated ('#' only with o/x/X,
 * '0' and '+' not with %s/%c/%p). Truncation is checked against the full
 * output, byte by byte, with a sentinel after the buffer. One TAP point per
 * family of formats; a failure prints the first mismatching format.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <lib/printf.h>

#define CHECK_WHY_SIZE 1024	/* a failure quotes a format and two outputs */
#include "check.h"
#include "../lib/vsnprintf_cases.c"

#define OUT 512	/* output buffer size for comparisons */

/*
 * Compare one result: libc wrote exp (returning er), we wrote got (returning
 * gr), both into OUT-byte buffers. Bytes are compared, so %c of NUL works.
 */
static void compare(const char *fmt, const char *exp, int er, const char *got, int gr)
{
	size_t n = er < 0 ? 0 : (size_t)er < OUT - 1 ? (size_t)er + 1 : OUT;

	check(er == gr && host_memcmp(exp, got, n) == 0,
	      "format \"%s\": expected \"%s\" (%d), got \"%s\" (%d)", fmt, exp, er, got, gr);
}

/* Print fmt with the given arguments through libc and through lib, and compare. */
#define CMP(fmt, ...)                                                              \
	do {                                                                       \
		char e_[OUT], g_[OUT];                                             \
		int er_ = host_snprintf(e_, sizeof(e_), fmt, __VA_ARGS__);         \
		int gr_ = snprintf(g_, sizeof(g_), fmt, __VA_ARGS__);              \
		compare(fmt, e_, er_, g_, gr_);                                    \
	} while (0)

/*
 * Hide a format from gcc's -Wformat checks, for formats whose behaviour C
 * defines but gcc warns about (empty format, '0' with a precision, NULL %s).
 */
static const char *nolint(const char *fmt)
{
	return fmt;
}

/* ---- values ---- */

static const int int_vals[] = {
	0, 1, -1, 2, -2, 7, 8, 9, 10, -10, 15, 16, 42, 99, 100, -100, 127, -128, 128, 255,
	256, 4095, 32767, -32768, 65535, 65536, 1000000, 123456789, -987654321,
	INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1,
};

static const long long ll_vals[] = {
	0, 1, -1, 9, 10, -10, 255, 65535, INT_MAX, INT_MIN, 2147483648LL, 4294967295LL,
	4294967296LL, -4294967296LL, 999999999999999999LL, 1000000000000000000LL,
	-1000000000000000000LL, 0x123456789abcdef0LL, 0x7edcba9876543210LL,
	(long long)0x8000000000000001ULL, (long long)12345678901234567890ULL,
	LLONG_MAX, LLONG_MIN, LLONG_MAX - 1, LLONG_MIN + 1,
};

/* ---- format generation ---- */

static const char flag_chars[] = "-0+ #";
static const char *const widths[] = { "", "1", "2", "7", "24" };
static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".22" };

/* Build "%<flags><width><prec><len><conv>" into out; flags is a bitmask over flag_chars. */
static void make_fmt(char *out, unsigned int flags, const char *width, const char *prec,
		     const char *len, char conv)
{
	size_t i, n = 0;

	out[n++] = '%';
	for (i = 0; i < 5; i++)
		if (flags & (1u << i))
			out[n++] = flag_chars[i];
	host_snprintf(out + n, 32, "%s%s%s%c", width, prec, len, conv);
}

/* Print fmt (one integer conversion of length len) with every test value. */
typedef void (*int_caller)(const char *fmt, char conv);

/*
 * Run call over every flag set, width and precision for each conversion in
 * convs, with length modifier len.
 */
static void sweep(const char *len, const char *convs, int_caller call)
{
	const char *c;
	unsigned int flags;
	size_t w, p;
	char fmt[48];

	for (c = convs; *c; c++) {
		for (flags = 0; flags < 32; flags++) {
			/* '#' is defined only for o, x and X */
			if ((flags & 16) && (*c == 'd' || *c == 'i' || *c == 'u'))
				continue;
			for (w = 0; w < ARRAY_SIZE(widths); w++) {
				for (p = 0; p < ARRAY_SIZE(precs); p++) {
					make_fmt(fmt, flags, widths[w], precs[p], len, *c);
					call(fmt, *c);
				}
			}
		}
	}
}

/* Returns 1 for the signed conversions. */
static int is_signed(char conv)
{
	return conv == 'd' || conv == 'i';
}

static void call_int(const char *fmt, char conv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(int_vals); i++) {
		if (is_signed(conv))
			CMP(fmt, int_vals[i]);
		else
			CMP(fmt, (unsigned int)int_vals[i]);
	}
	CMP(fmt, is_signed(conv) ? 0 : UINT_MAX);
	CMP(fmt, is_signed(conv) ? 0 : 0xdeadbeefu);
}

/* For hh and h the argument is an int either way; out-of-range values get truncated. */
static void call_short(const char *fmt, char conv)
{
	size_t i;

	(void)conv;
	for (i = 0; i < ARRAY_SIZE(int_vals); i++)
		CMP(fmt, int_vals[i]);
}

static void call_long(const char *fmt, char conv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ll_vals); i++) {
		if (is_signed(conv))
			CMP(fmt, (long)ll_vals[i]);
		else
			CMP(fmt, (unsigned long)ll_vals[i]);
	}
	CMP(fmt, is_signed(conv) ? LONG_MIN : ULONG_MAX);
}

static void call_llong(const char *fmt, char conv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ll_vals); i++) {
		if (is_signed(conv))
			CMP(fmt, ll_vals[i]);
		else
			CMP(fmt, (unsigned long long)ll_vals[i]);
	}
	if (is_signed(conv))
		CMP(fmt, LLONG_MIN);
	else
		CMP(fmt, ULLONG_MAX);
}

static void call_size(const char *fmt, char conv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ll_vals); i++) {
		if (is_signed(conv))
			CMP(fmt, (ssize_t)ll_vals[i]);
		else
			CMP(fmt, (size_t)ll_vals[i]);
	}
	CMP(fmt, (size_t)SIZE_MAX);
}

static void call_intmax(const char *fmt, char conv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ll_vals); i++) {
		if (is_signed(conv))
			CMP(fmt, (intmax_t)ll_vals[i]);
		else
			CMP(fmt, (uintmax_t)ll_vals[i]);
	}
}

static void call_ptrdiff(const char *fmt, char conv)
{
	size_t i;

	(void)conv;
	for (i = 0; i < ARRAY_SIZE(ll_vals); i++)
		CMP(fmt, (ptrdiff_t)ll_vals[i]);
}

/* ---- test points ---- */

static void test_literal(void)
{
	CMP("%s", "");
	CMP("plain text%s", "");
	CMP("%%%s", "");
	CMP("100%% sure%s", "");
	CMP("%s%%%%%s", "a", "b");
	CMP("tab\tnewline\n%s", "x");
	check(snprintf((char[8]){ 0 }, 8, nolint(""), 0) == 0, "empty format must return 0");
	{
		char b[8] = "xxxxxxx";

		check(snprintf(b, sizeof(b), nolint(""), 0) == 0 && b[0] == '\0', "empty format: NUL");
	}
}

static void test_int(void)
{
	sweep("", "di", call_int);
}

static void test_unsigned(void)
{
	sweep("", "uoxX", call_int);
}

static void test_hh(void)
{
	sweep("hh", "diuoxX", call_short);
}

static void test_h(void)
{
	sweep("h", "diuoxX", call_short);
}

static void test_l(void)
{
	sweep("l", "diuoxX", call_long);
}

static void test_ll(void)
{
	sweep("ll", "diuoxX", call_llong);
}

static void test_zjt(void)
{
	sweep("z", "diuoxX", call_size);
	sweep("j", "diuoxX", call_intmax);
	sweep("t", "diuoxX", call_ptrdiff);
}

/* Random 64-bit values and all powers of 2 and 10 (+-1): exercises div64. */
static void test_div64(void)
{
	static const char *const fmts[] = { "%llu", "%lld", "%llo", "%llx", "%llX", "%#llo" };
	unsigned long long x = 0x243f6a8885a308d3ULL, p;
	size_t f;
	int i, d;

	for (i = 0; i < 20000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		for (f = 0; f < ARRAY_SIZE(fmts); f++) {
			CMP(fmts[f], x);
			CMP(fmts[f], x >> (i % 64));
		}
	}
	for (i = 0; i < 64; i++) {
		for (d = -1; d <= 1; d++) {
			p = (1ULL << i) + (unsigned long long)d;
			for (f = 0; f < ARRAY_SIZE(fmts); f++)
				CMP(fmts[f], p);
		}
	}
	for (p = 1; p <= 1000000000000000000ULL * 10 / 10; p *= 10) {
		for (d = -1; d <= 1; d++)
			for (f = 0; f < ARRAY_SIZE(fmts); f++)
				CMP(fmts[f], p + (unsigned long long)d);
		if (p > ULLONG_MAX / 10)
			break;
	}
}

static void test_string(void)
{
	static const char *const strs[] = { "", "a", "hello", "hello, world!", "\xe9t\xe9", NULL };
	static const char *const sflags[] = { "", "-" };
	static const char *const swidths[] = { "", "1", "5", "13", "20" };
	static const char *const sprecs[] = { "", ".", ".0", ".2", ".5", ".6", ".13", ".40" };
	size_t f, w, p, s;
	char fmt[32];

	for (f = 0; f < ARRAY_SIZE(sflags); f++)
		for (w = 0; w < ARRAY_SIZE(swidths); w++)
			for (p = 0; p < ARRAY_SIZE(sprecs); p++)
				for (s = 0; s < ARRAY_SIZE(strs); s++) {
					host_snprintf(fmt, sizeof(fmt), "%%%s%s%ss", sflags[f],
						      swidths[w], sprecs[p]);
					CMP(fmt, strs[s]);
				}
	/* The precision bounds the read: an unterminated array is fine. */
	{
		char raw[3] = { 'a', 'b', 'c' }, out[8];

		check(snprintf(out, sizeof(out), "%.3s", raw) == 3 && host_strcmp(out, "abc") == 0,
		      "%%.3s of an unterminated array");
	}
}

static void test_char(void)
{
	static const int chars[] = { 'a', 'Z', ' ', '%', '\0', 0xe9, 0x141 };
	static const char *const cfmts[] = { "%c", "%1c", "%4c", "%-4c", "%-1c", "[%c]", "%c%c" };
	size_t f, c;

	for (f = 0; f < ARRAY_SIZE(cfmts); f++)
		for (c = 0; c < ARRAY_SIZE(chars); c++)
			CMP(cfmts[f], chars[c], 'q');
}

static void test_pointer(void)
{
	static const char *const pfmts[] = { "%p", "%1p", "%5p", "%20p", "%-20p", "%-5p", "[%p]" };
	int local;
	const void *ptrs[] = { NULL, (void *)1, (void *)0xdeadbeef, &local, (void *)test_pointer,
			       (void *)UINTPTR_MAX, (void *)(UINTPTR_MAX / 2 + 1) };
	size_t f, p;
	char out[32];

	for (f = 0; f < ARRAY_SIZE(pfmts); f++)
		for (p = 0; p < ARRAY_SIZE(ptrs); p++)
			CMP(pfmts[f], ptrs[p]);
	snprintf(out, sizeof(out), "%p", NULL);
	check(host_strcmp(out, "(nil)") == 0, "%%p of NULL is \"%s\", want (nil)", out);
	snprintf(out, sizeof(out), "%p", (void *)0xc0ffee);
	check(host_strcmp(out, "0xc0ffee") == 0, "%%p of 0xc0ffee is \"%s\"", out);
}

static void test_star(void)
{
	static const char *const ifmts[] = { "%*d", "%-*d", "%0*d", "%+*d", "%*x", "%#*o" };
	static const char *const pfmts[] = { "%.*d", "%.*x", "%#.*o", "%0.*d", "%.*s" };
	int a, v;
	size_t f;

	for (f = 0; f < ARRAY_SIZE(ifmts); f++)
		for (a = -12; a <= 12; a++)
			for (v = -2; v <= 2; v++)
				CMP(ifmts[f], a, v * 12345);
	for (f = 0; f < ARRAY_SIZE(pfmts); f++)
		for (a = -3; a <= 12; a++) {
			if (pfmts[f][3] == 's') {
				CMP(pfmts[f], a, "string");
				continue;
			}
			for (v = -2; v <= 2; v++)
				CMP(pfmts[f], a, v * 123);
		}
	for (a = -10; a <= 10; a += 5)
		for (v = -3; v <= 8; v++) {
			CMP("%*.*d", a, v, 42);
			CMP("%-*.*x|", a, v, 0xbeef);
			CMP("%*.*s|", a, v, "hello");
			CMP(nolint("%0*.*d"), a, v, -7);
		}
}

static void test_mixed(void)
{
	int local;

	CMP("%d %s %x %c%%", -5, "str", 255u, 'k');
	CMP("[%5d|%-5d|%05d|%+d|% d]", 42, 42, -42, 0, 7);
	CMP("%s=%lld (%#llx) %p", "val", LLONG_MIN, ULLONG_MAX, (void *)&local);
	CMP(nolint("%hhd %hd %d %ld %lld %zu %jd %td"), 300, 70000, -1, -2L, -3LL, (size_t)4,
	    (intmax_t)-5, (ptrdiff_t)6);
	CMP("%s%s%s", "a", "", "c");
	CMP("%-10s|%10s|", "left", "right");
	CMP("%#x %#X %#o %#x %#o", 0u, 0xabcu, 0u, 1u, 8u);
	CMP("%.0d|%.0x|%.0o|%#.0o|%#.0x|%5.0d|", 0, 0u, 0u, 0u, 0u, 0);
	CMP("%i%i%i%i", 1, -2, 3, -4);
	CMP("%u %u", 3000000000u, 0u);
	CMP("%3c|%-3c|", 'x', 'y');
}

/*
 * Print fmt into every buffer size from 0 to len + 2 and check the return
 * value, the stored prefix, the NUL and that nothing past size was written.
 */
#define TRUNC(fmt, ...)                                                              \
	do {                                                                         \
		char full_[OUT], b_[OUT + 16];                                       \
		int len_ = host_snprintf(full_, sizeof(full_), fmt, __VA_ARGS__);    \
		size_t sz_, i_;                                                      \
		for (sz_ = 0; sz_ <= (size_t)len_ + 2 && sz_ <= OUT; sz_++) {        \
			size_t keep_ = sz_ ? (sz_ - 1 < (size_t)len_ ? sz_ - 1 : (size_t)len_) : 0; \
			int r_;                                                      \
			host_memset(b_, 0x5a, sizeof(b_));                           \
			r_ = snprintf(b_, sz_, fmt, __VA_ARGS__);                    \
			check(r_ == len_, "format \"%s\" size %zu: returned %d, want %d", \
			      fmt, sz_, r_, len_);                                   \
			check(host_memcmp(b_, full_, keep_) == 0,                    \
			      "format \"%s\" size %zu: wrong prefix", fmt, sz_);      \
			check(sz_ == 0 || b_[keep_] == '\0',                         \
			      "format \"%s\" size %zu: no NUL at %zu", fmt, sz_, keep_); \
			for (i_ = sz_; i_ < sizeof(b_); i_++)                        \
				if (b_[i_] != 0x5a)                                  \
					break;                                       \
			check(i_ == sizeof(b_), "format \"%s\" size %zu: wrote byte %zu", \
			      fmt, sz_, i_);                                         \
		}                                                                    \
	} while (0)

static void test_truncation(void)
{
	const char *volatile null_str = NULL;	/* volatile: gcc warns on a visible NULL */
	int local;

	TRUNC("%d", INT_MIN);
	TRUNC("%lld", LLONG_MIN);
	TRUNC("%llu", ULLONG_MAX);
	TRUNC("%#llo", ULLONG_MAX);
	TRUNC("%s", "hello world");
	TRUNC("%-20s|", "x");
	TRUNC("%20s|", "x");
	TRUNC("%.50d", 7);
	TRUNC("%#030x", 0xabcdu);
	TRUNC("%p", (void *)&local);
	TRUNC("%p", NULL);
	TRUNC("%s", null_str);
	TRUNC("abc%cdef", 'Z');
	TRUNC("%%%%%%%s", "");
	TRUNC("%s %d %s", "one", 2, "three");
	TRUNC("%*d", -9, 5);
	TRUNC("%.*s", 3, "abcdef");
}

static void test_size0(void)
{
	char b[4] = "xyz";
	int local;

	check(snprintf(NULL, 0, "%d", 12345) == 5, "snprintf(NULL, 0, %%d) length");
	check(snprintf(NULL, 0, "%s %s", "hello", "world") == 11, "snprintf(NULL, 0, %%s) length");
	check(snprintf(NULL, 0, "%p", (void *)&local) ==
		      host_snprintf(NULL, 0, "%p", (void *)&local),
	      "snprintf(NULL, 0, %%p) length");
	check(snprintf(NULL, 0, "%300d", 1) == 300, "snprintf(NULL, 0, %%300d) length");
	check(snprintf(b, 0, "%s", "abc") == 3 && host_strcmp(b, "xyz") == 0,
	      "size 0 must not write");
	check(snprintf(b, 1, "%s", "abc") == 3 && b[0] == '\0' && b[1] == 'y',
	      "size 1 writes only the NUL");
	check(snprintf(NULL, 0, "%.100000d", 1) == 100000, "precision 100000 length");
	check(snprintf(NULL, 0, "%*d", 70000, 1) == 70000, "'*' width 70000 length");
}

/* vsnprintf directly, and a va_list used for two calls in a row via va_copy. */
static __attribute__((format(printf, 1, 2))) int twice(const char *fmt, ...)
{
	char a[64], b[64];
	va_list ap, aq;
	int ra, rb;

	va_start(ap, fmt);
	va_copy(aq, ap);
	ra = vsnprintf(a, sizeof(a), fmt, ap);
	rb = host_vsnprintf(b, sizeof(b), fmt, aq);
	va_end(aq);
	va_end(ap);
	return ra == rb && host_strcmp(a, b) == 0;
}

static void test_vsnprintf(void)
{
	check(twice("%d %s %llx", 5, "x", 0x123456789ULL), "vsnprintf %%d %%s %%llx");
	check(twice("%c%c%c", 'a', 'b', 'c'), "vsnprintf %%c");
	check(twice("%*.*s|%p", 8, 2, "abcdef", (void *)0x1234), "vsnprintf star and %%p");
}

static const struct host_test tests[] = {
	{ "literal text and %%", test_literal },
	{ "%d %i int: flags x width x precision", test_int },
	{ "%u %o %x %X unsigned int: flags x width x precision", test_unsigned },
	{ "hh length modifier", test_hh },
	{ "h length modifier", test_h },
	{ "l length modifier", test_l },
	{ "ll length modifier (LLONG_MIN, ULLONG_MAX)", test_ll },
	{ "z, j and t length modifiers", test_zjt },
	{ "64-bit values in bases 8, 10, 16 (div64)", test_div64 },
	{ "%s: width, precision, '-', NULL", test_string },
	{ "%c", test_char },
	{ "%p, including (nil)", test_pointer },
	{ "'*' width and precision, negative too", test_star },
	{ "several conversions in one format", test_mixed },
	{ "truncation at every buffer size", test_truncation },
	{ "size 0, NULL buffer, huge width and precision", test_size0 },
	{ "vsnprintf with a va_list", test_vsnprintf },
	{ "literal formats shared with ktest/lib", snprintf_formats },
	{ "truncation cases shared with ktest/lib", snprintf_truncation },
};

int main(void)
{
	int bad;

	report_checks = 1;
	bad = run_tests(tests, ARRAY_SIZE(tests));
	printf("# %ld comparisons in all\n", all_checks);
	return bad;
}
