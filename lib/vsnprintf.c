/*
 * vsnprintf: formatted output into a bounded buffer.
 *
 * Every character goes through a sink that counts all the characters the
 * full result would have but stores only the first size - 1 of them; the
 * buffer is NUL-terminated at the end. The count is the return value, as C99
 * asks, so callers can detect truncation.
 *
 * A conversion is parsed into a struct spec (flags, width, precision, length
 * modifier). Integers are fetched with the type the length modifier names,
 * widened to a 64-bit magnitude plus a sign, and printed by put_number():
 *
 *	[spaces] [sign or 0x] [zeros] digits [spaces]
 *
 * The digits come from div64(), which divides 16 bits at a time so that only
 * 32-bit divisions are needed: i386 has no 64-bit divide instruction and the
 * kernel links without libgcc's __udivdi3/__umoddi3.
 *
 * Not supported: floating point, %n (a write primitive nobody needs in a
 * kernel), wide characters (%lc and %ls print as %c and %s), positional
 * arguments. An unknown conversion is copied to the output as is.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/printf.h>

#define F_LEFT 0x01  /* '-': pad on the right */
#define F_ZERO 0x02  /* '0': pad numbers with zeros */
#define F_PLUS 0x04  /* '+': always print a sign */
#define F_SPACE 0x08 /* ' ': a space where a '+' would go */
#define F_ALT 0x10   /* '#': 0x prefix, or a leading 0 for octal */

#define WIDTH_MAX ((size_t)__INT_MAX__) /* larger widths are clamped */

enum length {
	LEN_NONE,
	LEN_HH,
	LEN_H,
	LEN_L,
	LEN_LL,
	LEN_Z,
	LEN_J,
	LEN_T
};

struct spec {
	unsigned int flags; /* F_* */
	size_t width;	    /* minimum field width */
	int prec;	    /* precision, or -1 if none was given */
	enum length len;    /* length modifier */
};

struct sink {
	char *buf;
	size_t size; /* bytes available in buf, including the NUL */
	size_t len;  /* characters produced so far, stored or not */
};

/* Append one character; it is stored only while there is room before the NUL. */
static void put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

/* Append n copies of c. */
static void pad(struct sink *s, char c, size_t n)
{
	while (n--)
		put(s, c);
}

/*
 * Divide *n by base (2..16) in place and return the remainder, using only
 * 32-bit divisions: each step divides (remainder << 16 | next 16 bits).
 */
static unsigned int div64(unsigned long long *n, unsigned int base)
{
	unsigned long long q = 0;
	unsigned int rem = 0;
	int shift;

	if ((*n >> 32) == 0) {
		unsigned int v = (unsigned int)*n;

		*n = v / base;
		return v % base;
	}
	for (shift = 48; shift >= 0; shift -= 16) {
		unsigned int cur = rem << 16 | (unsigned int)((*n >> shift) & 0xffff);

		q |= (unsigned long long)(cur / base) << shift;
		rem = cur % base;
	}
	*n = q;
	return rem;
}

/*
 * Print a number given as magnitude and sign, honouring flags, width and
 * precision as C99 describes for %d %u %o %x. sign is '-', '+', ' ' or 0.
 */
static void put_number(struct sink *s, const struct spec *sp, unsigned long long mag, char sign,
		       unsigned int base, int upper)
{
	const char *xdigits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24]; /* 2^64 - 1 is 22 octal digits */
	size_t nd = 0, prec, zeros, len, fill;
	int hex_prefix = (sp->flags & F_ALT) && base == 16 && mag != 0;

	while (mag)
		digits[nd++] = xdigits[div64(&mag, base)];

	/* The default precision is 1, so 0 prints as "0"; with precision 0 as "". */
	prec = sp->prec < 0 ? 1 : (size_t)sp->prec;
	/* '#' with octal: raise the precision just enough to start with a 0. */
	if ((sp->flags & F_ALT) && base == 8 && prec <= nd)
		prec = nd + 1;
	zeros = prec > nd ? prec - nd : 0;

	len = (sign != 0) + (hex_prefix ? 2 : 0) + zeros + nd;
	fill = sp->width > len ? sp->width - len : 0;
	/* '0' pads with zeros after the sign, unless '-' or a precision overrides it. */
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0) {
		zeros += fill;
		fill = 0;
	}

	if (!(sp->flags & F_LEFT))
		pad(s, ' ', fill);
	if (sign)
		put(s, sign);
	if (hex_prefix) {
		put(s, '0');
		put(s, upper ? 'X' : 'x');
	}
	pad(s, '0', zeros);
	while (nd)
		put(s, digits[--nd]);
	if (sp->flags & F_LEFT)
		pad(s, ' ', fill);
}

/* Print the len bytes at str, padded with spaces to the field width. */
static void put_padded(struct sink *s, const struct spec *sp, const char *str, size_t len)
{
	size_t fill = sp->width > len ? sp->width - len : 0;

	if (!(sp->flags & F_LEFT))
		pad(s, ' ', fill);
	while (len--)
		put(s, *str++);
	if (sp->flags & F_LEFT)
		pad(s, ' ', fill);
}

/* Print string str, at most prec bytes of it if a precision was given. */
static void put_string(struct sink *s, const struct spec *sp, const char *str)
{
	size_t max = sp->prec < 0 ? (size_t)-1 : (size_t)sp->prec, len = 0;

	while (len < max && str[len]) /* never reads past the precision */
		len++;
	put_padded(s, sp, str, len);
}

/* Fetch a signed integer argument of the size sp->len names. */
static long long get_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z: /* the signed type of size_t's width */
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Fetch an unsigned integer argument of the size sp->len names. */
static unsigned long long get_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T: /* ptrdiff_t, read as the unsigned type of its width */
		return (size_t)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Read a decimal field width or precision, clamped to WIDTH_MAX. */
static size_t parse_num(const char **fmt)
{
	size_t n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		n = n * 10 + (size_t)(**fmt - '0');
		if (n > WIDTH_MAX)
			n = WIDTH_MAX;
		(*fmt)++;
	}
	return n;
}

/*
 * Parse flags, width, precision and length after a '%' into *sp, taking '*'
 * arguments from ap. Returns a pointer to the conversion character.
 */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->width = 0;
	sp->prec = -1;
	sp->len = LEN_NONE;

	for (;; fmt++) {
		if (*fmt == '-')
			sp->flags |= F_LEFT;
		else if (*fmt == '0')
			sp->flags |= F_ZERO;
		else if (*fmt == '+')
			sp->flags |= F_PLUS;
		else if (*fmt == ' ')
			sp->flags |= F_SPACE;
		else if (*fmt == '#')
			sp->flags |= F_ALT;
		else
			break;
	}

	if (*fmt == '*') {
		int w = va_arg(*ap, int);

		fmt++;
		if (w < 0) { /* a negative width is a '-' flag */
			sp->flags |= F_LEFT;
			sp->width = 0u - (unsigned int)w;
		} else {
			sp->width = (unsigned int)w;
		}
	} else {
		sp->width = parse_num(&fmt);
	}

	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			int p = va_arg(*ap, int);

			fmt++;
			sp->prec = p < 0 ? -1 : p; /* negative: as if omitted */
		} else {
			sp->prec = (int)parse_num(&fmt);
		}
	}

	switch (*fmt) {
	case 'h':
		fmt++;
		sp->len = LEN_H;
		if (*fmt == 'h') {
			fmt++;
			sp->len = LEN_HH;
		}
		break;
	case 'l':
		fmt++;
		sp->len = LEN_L;
		if (*fmt == 'l') {
			fmt++;
			sp->len = LEN_LL;
		}
		break;
	case 'z':
		fmt++;
		sp->len = LEN_Z;
		break;
	case 'j':
		fmt++;
		sp->len = LEN_J;
		break;
	case 't':
		fmt++;
		sp->len = LEN_T;
		break;
	}
	return fmt;
}

/*
 * Format into buf, storing at most size - 1 characters and a NUL (nothing at
 * all when size is 0). Returns the length the full output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size, 0 };
	struct spec sp;
	va_list aq;

	va_copy(aq, ap); /* so it can be passed by pointer on every ABI */
	while (*fmt) {
		const char *start = fmt;
		long long v;
		const void *p;
		char sign;

		if (*fmt != '%') {
			put(&s, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &aq);
		switch (*fmt) {
		case 'd':
		case 'i':
			v = get_signed(&sp, &aq);
			sign = v < 0		      ? '-'
			       : (sp.flags & F_PLUS)  ? '+'
			       : (sp.flags & F_SPACE) ? ' '
						      : 0;
			/* 0 - (unsigned) avoids overflow on LLONG_MIN */
			put_number(&s, &sp,
				   v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, sign,
				   10, 0);
			break;
		case 'u':
			put_number(&s, &sp, get_unsigned(&sp, &aq), 0, 10, 0);
			break;
		case 'o':
			put_number(&s, &sp, get_unsigned(&sp, &aq), 0, 8, 0);
			break;
		case 'x':
		case 'X':
			put_number(&s, &sp, get_unsigned(&sp, &aq), 0, 16, *fmt == 'X');
			break;
		case 'p':
			p = va_arg(aq, const void *);
			if (p) { /* like %#lx */
				sp.flags |= F_ALT;
				put_number(&s, &sp, (uintptr_t)p, 0, 16, 0);
			} else {
				put_padded(&s, &sp, "(nil)", 5);
			}
			break;
		case 's':
			p = va_arg(aq, const char *);
			/* NULL prints "(null)", or nothing if the precision cuts it (glibc) */
			if (!p)
				p = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
			put_string(&s, &sp, p);
			break;
		case 'c': {
			char c = (char)va_arg(aq, int);

			put_padded(&s, &sp, &c, 1);
			break;
		}
		case '%':
			put(&s, '%');
			break;
		case '\0': /* a lone '%' at the end */
			put(&s, '%');
			continue;
		default: /* unknown: copy it through */
			while (start <= fmt)
				put(&s, *start++);
			break;
		}
		fmt++;
	}
	va_end(aq);

	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)s.len;
}

/* vsnprintf with the arguments inline. Returns what vsnprintf returns. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
