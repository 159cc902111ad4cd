/*
 * Host unit test for lib/cpio.c (built with ASan and UBSan).
 *
 * Archives are built in memory by a small newc writer below. A good archive
 * (directories, files and a symlink, with name and data lengths covering
 * every alignment) must read back exactly. Then every kind of damage: bad
 * magic, a non-hex digit in each field, bad names, lengths past the end, a
 * missing trailer, the archive cut at every byte offset, and random
 * corruption. Damaged archives are copied into malloc'd buffers of the exact
 * size, so ASan reports any read past the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lib/cpio.h>
#include <lib/string.h>

#include "check.h"

#define HDR_LEN 110
#define MAX_STEPS 10000	/* a reader that loops forever is a failure too */

/* ---- a newc writer ---- */

struct archive {
	unsigned char buf[65536];
	size_t len;
	uint32_t next_ino;
	int lower_hex;		/* write hex digits in lower case */
	const char *magic;	/* "070701" unless set */
};

/* One entry of the reference archive. */
struct file {
	const char *name;
	uint32_t mode;
	const char *data;
	size_t size;
};

static char long_name[201];
static char big_data[1001];

static struct file files[] = {
	{ ".", 040755, "", 0 },
	{ "bin", 040755, "", 0 },
	{ "bin/init", 0100755, "\177ELF..this is the init program, 37 by", 37 },
	{ "dev", 040755, "", 0 },
	{ "etc/motd", 0100644, "hello\n", 6 },
	{ "e", 0100600, "", 0 },
	{ "ab", 0100644, "xy", 2 },
	{ "abc", 0100644, "xyz", 3 },
	{ "abcd", 0100644, "wxyz", 4 },
	{ "link", 0120777, "bin/init", 8 },
	{ long_name, 0100444, big_data, 1000 },
};

static void put_bytes(struct archive *a, const void *p, size_t n)
{
	host_memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void put_hex8(struct archive *a, uint32_t v)
{
	const char *digits = a->lower_hex ? "0123456789abcdef" : "0123456789ABCDEF";
	int i;

	for (i = 7; i >= 0; i--)
		a->buf[a->len++] = (unsigned char)digits[(v >> (4 * i)) & 0xf];
}

static void pad4(struct archive *a, unsigned char fill)
{
	while (a->len % 4)
		a->buf[a->len++] = fill;
}

/*
 * Append one entry. namesize is written as given; name_bytes bytes of name
 * follow the header. fill is the padding byte (0 in real archives).
 */
static void add_raw(struct archive *a, const char *name, size_t name_bytes, uint32_t namesize,
		    uint32_t mode, const void *data, size_t size, unsigned char fill)
{
	uint32_t fields[13] = { a->next_ino++, mode, 1000, 100, mode >> 12 == 4 ? 2 : 1,
				0x5f5e1000, (uint32_t)size, 8, 1, 0, 0, namesize, 0 };
	size_t i;

	put_bytes(a, a->magic ? a->magic : "070701", 6);
	for (i = 0; i < 13; i++)
		put_hex8(a, fields[i]);
	put_bytes(a, name, name_bytes);
	pad4(a, fill);
	put_bytes(a, data, size);
	pad4(a, fill);
}

/* Append a well-formed entry. */
static void add(struct archive *a, const char *name, uint32_t mode, const void *data,
		size_t size)
{
	size_t n = strlen(name) + 1;

	add_raw(a, name, n, (uint32_t)n, mode, data, size, 0);
}

static void add_trailer(struct archive *a)
{
	add(a, "TRAILER!!!", 0, "", 0);
}

/* Build the reference archive (all of files[], then the trailer) into *a. */
static void build_good(struct archive *a, const char *magic, int lower_hex, unsigned char fill)
{
	size_t i;

	a->len = 0;
	a->next_ino = 1;
	a->magic = magic;
	a->lower_hex = lower_hex;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		size_t n = strlen(files[i].name) + 1;

		add_raw(a, files[i].name, n, (uint32_t)n, files[i].mode, files[i].data,
			files[i].size, fill);
	}
	add_trailer(a);
}

/* A malloc'd copy of the first len bytes of a, exactly len bytes long. */
static unsigned char *exact_copy(const unsigned char *p, size_t len)
{
	unsigned char *c = malloc(len ? len : 1);

	host_memcpy(c, p, len);
	return c;
}

/*
 * Read the len-byte archive at p to the end. Returns the final cpio_next()
 * result and stores the number of entries in *count. Checks that every
 * entry lies inside the buffer.
 */
static int read_all(const unsigned char *p, size_t len, size_t *count)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int r, steps = 0;

	*count = 0;
	cpio_iter_init(&it, p, len);
	while ((r = cpio_next(&it, &e)) > 0 && ++steps < MAX_STEPS) {
		const unsigned char *name = (const unsigned char *)e.name;
		const unsigned char *data = e.data;

		check(name >= p && name + e.namelen < p + len, "entry name outside the buffer");
		check(e.size == 0 || (data >= p && data <= p + len && e.size <= (size_t)(p + len - data)),
		      "entry data outside the buffer");
		(*count)++;
	}
	check(steps < MAX_STEPS, "reader did not terminate");
	return r;
}

/* Check the entries of a reference archive read from p (len bytes). */
static void check_good(const unsigned char *p, size_t len, const char *what)
{
	struct cpio_iter it;
	struct cpio_entry e;
	size_t i;
	int r;

	cpio_iter_init(&it, p, len);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		const struct file *f = &files[i];
		size_t n = strlen(f->name);

		r = cpio_next(&it, &e);
		check(r == 1, "%s: entry %zu: cpio_next returned %d (%s)", what, i, r,
		      cpio_strerror(r));
		if (r != 1)
			return;
		check(e.namelen == n && host_memcmp(e.name, f->name, n) == 0 && e.name[n] == '\0',
		      "%s: entry %zu: name \"%.*s\", want \"%s\"", what, i, (int)e.namelen,
		      e.name, f->name);
		check(e.mode == f->mode, "%s: %s: mode %o", what, f->name, e.mode);
		check(e.size == f->size && host_memcmp(e.data, f->data, f->size) == 0,
		      "%s: %s: data (size %zu) differs", what, f->name, e.size);
		check(e.ino == i + 1 && e.uid == 1000 && e.gid == 100 && e.mtime == 0x5f5e1000 &&
			      e.nlink == (f->mode >> 12 == 4 ? 2u : 1u),
		      "%s: %s: ino/uid/gid/nlink/mtime wrong", what, f->name);
		check(((const unsigned char *)e.data - p) % 4 == 0, "%s: %s: data not 4-aligned",
		      what, f->name);
	}
	r = cpio_next(&it, &e);
	check(r == 0, "%s: trailer gave %d, want 0", what, r);
	r = cpio_next(&it, &e);
	check(r == 0, "%s: after the trailer gave %d, want 0 again", what, r);
}

/* ---- test points ---- */

static struct archive ar, ar2;

static void test_good(void)
{
	unsigned char *c;

	build_good(&ar, NULL, 0, 0);
	check_good(ar.buf, ar.len, "good archive");
	c = exact_copy(ar.buf, ar.len);
	check_good(c, ar.len, "good archive, exact buffer");
	free(c);
}

static void test_variants(void)
{
	build_good(&ar, "070702", 0, 0);
	check_good(ar.buf, ar.len, "magic 070702");
	build_good(&ar, NULL, 1, 0);
	check_good(ar.buf, ar.len, "lower-case hex");
	build_good(&ar, NULL, 0, 0xee);
	check_good(ar.buf, ar.len, "non-zero padding");
	/* anything after the trailer is ignored (real archives pad to 512) */
	build_good(&ar, NULL, 0, 0);
	host_memset(ar.buf + ar.len, 'Z', 600);
	check_good(ar.buf, ar.len + 600, "junk after the trailer");
}

static void test_trailer_name(void)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int r;

	ar.len = 0;
	ar.magic = NULL;
	add(&ar, "TRAILER!!", 0100644, "", 0);
	add(&ar, "TRAILER!!!x", 0100644, "", 0);
	add(&ar, "TRAILER!!!", 0100644, "", 0);
	cpio_iter_init(&it, ar.buf, ar.len);
	r = cpio_next(&it, &e);
	check(r == 1 && e.namelen == 9, "\"TRAILER!!\" is not the trailer (got %d)", r);
	r = cpio_next(&it, &e);
	check(r == 1 && e.namelen == 11, "\"TRAILER!!!x\" is not the trailer (got %d)", r);
	check(cpio_next(&it, &e) == 0, "\"TRAILER!!!\" ends the archive");
}

/* Returns the first cpio_next() result for an exact-size copy of p (len bytes). */
static int first_result(const unsigned char *p, size_t len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	unsigned char *c = exact_copy(p, len);
	int r;

	cpio_iter_init(&it, c, len);
	r = cpio_next(&it, &e);
	free(c);
	return r;
}

/* Build a one-entry archive ("file", 4 bytes of data) plus the trailer into ar2. */
static void build_one(void)
{
	ar2.len = 0;
	ar2.next_ino = 1;
	ar2.magic = NULL;
	ar2.lower_hex = 0;
	add(&ar2, "file", 0100644, "data", 4);
	add_trailer(&ar2);
}

static void test_bad_magic(void)
{
	static const char *const bad[] = { "070707", "070700", "070703", "07070x", "170701",
					   "\0\0\0\0\0\0", "707010", "O70701" };
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		build_one();
		host_memcpy(ar2.buf, bad[i], 6);
		r = first_result(ar2.buf, ar2.len);
		check(r == CPIO_EBADMAGIC, "magic \"%.6s\" gave %d", bad[i], r);
	}
	/* a bad second header, after a good first entry */
	{
		size_t count;

		/* header 110 + "file\0" 5 + pad 1 + data 4: the trailer is at 120 */
		build_one();
		check(ar2.buf[120] == '0' && ar2.buf[121] == '7', "test layout: no header at 120");
		ar2.buf[121] = 'X';
		r = read_all(ar2.buf, ar2.len, &count);
		check(r == CPIO_EBADMAGIC && count == 1, "bad second magic gave %d after %zu", r,
		      count);
	}
}

static void test_bad_hex(void)
{
	static const char bad_chars[] = "gG x-+\xff\0";
	size_t field, pos, c;
	int r;

	for (field = 0; field < 13; field++) {
		for (pos = 0; pos < 8; pos++) {
			for (c = 0; c < sizeof(bad_chars) - 1; c++) {
				build_one();
				ar2.buf[6 + 8 * field + pos] = (unsigned char)bad_chars[c];
				r = first_result(ar2.buf, ar2.len);
				check(r == CPIO_EBADHEX, "field %zu digit %zu = %#x gave %d", field,
				      pos, (unsigned char)bad_chars[c], r);
			}
		}
	}
}

static void test_bad_name(void)
{
	static const struct {
		const char *what, *name;
		size_t name_bytes;	/* also the namesize field */
		int want;
	} cases[] = {
		{ "namesize 0", "", 0, CPIO_EBADNAME },
		/* namesize 4 covers "file" without its NUL */
		{ "unterminated name", "file", 4, CPIO_EBADNAME },
		{ "NUL inside the name", "fi\0le", 6, CPIO_EBADNAME },
		/* the empty name is well-formed */
		{ "empty name (namesize 1)", "", 1, 1 },
	};
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ar2.len = 0;
		add_raw(&ar2, cases[i].name, cases[i].name_bytes, cases[i].name_bytes, 0100644,
			"", 0, 0);
		add_trailer(&ar2);
		r = first_result(ar2.buf, ar2.len);
		check(r == cases[i].want, "%s gave %d", cases[i].what, r);
	}
}

static void test_bad_sizes(void)
{
	static const uint32_t big[] = { 0xffffffffu, 0xfffffffeu, 0xfffffffdu, 0xfffffffcu,
					0x80000000u, 0x7fffffffu, 0x10000u };
	char hex[9];
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(big); i++) {
		/* namesize (field 11) far past the end */
		build_one();
		host_snprintf(hex, sizeof(hex), "%08X", big[i]);
		host_memcpy(ar2.buf + 6 + 8 * 11, hex, 8);
		r = first_result(ar2.buf, ar2.len);
		check(r == CPIO_ETRUNC, "namesize %s gave %d", hex, r);
		/* filesize (field 6) far past the end */
		build_one();
		host_memcpy(ar2.buf + 6 + 8 * 6, hex, 8);
		r = first_result(ar2.buf, ar2.len);
		check(r == CPIO_ETRUNC, "filesize %s gave %d", hex, r);
	}
	/* filesize one byte too long for the whole archive (data starts at 116) */
	build_one();
	host_snprintf(hex, sizeof(hex), "%08zX", ar2.len - 116 + 1);
	host_memcpy(ar2.buf + 6 + 8 * 6, hex, 8);
	r = first_result(ar2.buf, ar2.len);
	check(r == CPIO_ETRUNC, "filesize just past the end gave %d", r);

	r = first_result(ar2.buf, 0);
	check(r == CPIO_ETRUNC, "empty archive gave %d", r);
	{
		struct cpio_iter it;
		struct cpio_entry e;

		cpio_iter_init(&it, NULL, 0);
		check(cpio_next(&it, &e) == CPIO_ETRUNC, "NULL, 0 archive");
	}
}

static void test_no_trailer(void)
{
	size_t count;
	unsigned char *c;
	int r;

	ar.len = 0;
	ar.magic = NULL;
	add(&ar, "a", 0100644, "1", 1);
	add(&ar, "b", 0100644, "22", 2);
	c = exact_copy(ar.buf, ar.len);
	r = read_all(c, ar.len, &count);
	check(r == CPIO_ETRUNC && count == 2, "no trailer: %d after %zu entries", r, count);
	free(c);
}

static void test_truncate_everywhere(void)
{
	size_t len, count, i;
	unsigned char *c;
	int r;

	build_good(&ar, NULL, 0, 0);
	for (len = 0; len < ar.len; len++) {
		c = exact_copy(ar.buf, len);
		r = read_all(c, len, &count);
		free(c);
		check(r == CPIO_ETRUNC, "cut at %zu of %zu: got %d (%s) after %zu entries", len,
		      ar.len, r, cpio_strerror(r), count);
		check(count <= ARRAY_SIZE(files), "cut at %zu: %zu entries", len, count);
	}
	c = exact_copy(ar.buf, ar.len);
	r = read_all(c, ar.len, &count);
	free(c);
	check(r == 0 && count == ARRAY_SIZE(files), "uncut archive: %d after %zu entries", r, count);
	/* the same, for an archive with only the trailer */
	ar.len = 0;
	add_trailer(&ar);
	for (i = 0; i <= ar.len; i++) {
		c = exact_copy(ar.buf, i);
		r = read_all(c, i, &count);
		free(c);
		check(r == (i == ar.len ? 0 : CPIO_ETRUNC), "trailer-only cut at %zu: %d", i, r);
	}
}

static void test_fuzz(void)
{
	uint32_t x = 2463534242u;
	size_t count;
	unsigned char *c;
	int iter, k, r;

	build_good(&ar, NULL, 0, 0);
	for (iter = 0; iter < 3000; iter++) {
		size_t len = ar.len;

		c = exact_copy(ar.buf, len);
		for (k = 0; k < 1 + iter % 4; k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* hit headers more often than data: the first 2 KB */
			c[x % (iter % 2 ? len : 2048)] = (unsigned char)(x >> 8);
		}
		r = read_all(c, len, &count);
		check(r <= 0, "fuzz %d: reader ended with %d", iter, r);
		free(c);
	}
	/* random garbage that starts with a valid magic */
	for (iter = 0; iter < 2000; iter++) {
		size_t len = 110 + (size_t)(iter % 300), i;

		c = malloc(len);
		host_memcpy(c, "070701", 6);
		for (i = 6; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			c[i] = (unsigned char)"0123456789abcdefF0000000"[x % 24];
		}
		r = read_all(c, len, &count);
		check(r <= 0, "garbage %d: reader ended with %d", iter, r);
		free(c);
	}
}

static void test_strerror(void)
{
	static const int codes[] = { CPIO_EBADMAGIC, CPIO_ETRUNC, CPIO_EBADHEX, CPIO_EBADNAME };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		const char *s = cpio_strerror(codes[i]);

		check(s != NULL && s[0] != '\0', "cpio_strerror(%d) empty", codes[i]);
		for (j = 0; j < i; j++)
			check(s && host_strcmp(s, cpio_strerror(codes[j])) != 0,
			      "cpio_strerror(%d) == cpio_strerror(%d)", codes[i], codes[j]);
	}
	check(cpio_strerror(-99) != NULL, "cpio_strerror of an unknown code is NULL");
	check(cpio_strerror(0) != NULL, "cpio_strerror(0) is NULL");
}

static const struct host_test tests[] = {
	{ "good archive: files, dirs, symlink, every alignment", test_good },
	{ "070702, lower-case hex, non-zero padding, junk after trailer", test_variants },
	{ "only \"TRAILER!!!\" exactly ends the archive", test_trailer_name },
	{ "bad magic", test_bad_magic },
	{ "non-hex digit in every header field", test_bad_hex },
	{ "namesize 0, unterminated name, NUL inside name", test_bad_name },
	{ "namesize and filesize past the end, no overflow", test_bad_sizes },
	{ "missing trailer", test_no_trailer },
	{ "cut at every byte offset gives CPIO_ETRUNC", test_truncate_everywhere },
	{ "random corruption never reads out of bounds", test_fuzz },
	{ "cpio_strerror", test_strerror },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(long_name) - 1; i++)
		long_name[i] = (char)('a' + i % 26);
	for (i = 0; i < sizeof(big_data) - 1; i++)
		big_data[i] = (char)(i * 7);
	return run_tests(tests, ARRAY_SIZE(tests));
}
