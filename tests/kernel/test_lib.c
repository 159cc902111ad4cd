/*
 * Selftests for lib/ as built into the kernel (-ffreestanding, -Og, no
 * libgcc): the host tests in tests/host check the logic against libc;
 * these check that the kernel's build of it gives the same answers.
 * snprintf against literal strings, the string functions, sort/bsearch,
 * the cpio reader on a small archive made here, and elf_validate on a
 * minimal ELF image made here.
 */
#include <kernel/ktest.h>
#include <asm/mmu.h>
#include <lib/cpio.h>
#include <lib/elf.h>
#include <lib/sort.h>

#define INT_MIN_ (-__INT_MAX__ - 1)
#define LLONG_MIN_ (-__LONG_LONG_MAX__ - 1LL)
#define ULLONG_MAX_ (__LONG_LONG_MAX__ * 2ULL + 1)

/* snprintf into a 64-byte buffer must give exactly want, and return its length. */
#define SNP(want, ...)								\
	do {									\
		char __buf[64];							\
		memset(__buf, 0x7E, sizeof(__buf));				\
		int __n = snprintf(__buf, sizeof(__buf), __VA_ARGS__);		\
		if (strcmp(__buf, want))					\
			printk("    # snprintf(%s) gave \"%s\"\n", #__VA_ARGS__, __buf); \
		KT_EXPECT(strcmp(__buf, want) == 0);				\
		KT_EXPECT_EQ(__n, strlen(want));				\
	} while (0)

static const char *volatile null_str;	/* NULL the compiler cannot see */

static void snprintf_formats(void)
{
	SNP("0", "%d", 0);
	SNP("-1", "%d", -1);
	SNP("2147483647", "%d", __INT_MAX__);
	SNP("-2147483648", "%d", INT_MIN_);
	SNP("42", "%i", 42);
	SNP("4294967295", "%u", 4294967295u);
	SNP("deadbeef", "%x", 0xdeadbeefu);
	SNP("DEADBEEF", "%X", 0xdeadbeefu);
	SNP("0xc0100000", "%p", (void *)0xc0100000u);
	SNP("(nil)", "%p", (void *)0);
	SNP("hello", "%s", "hello");
	SNP("(null)", "%s", null_str);
	SNP("x", "%c", 'x');
	SNP("-9223372036854775808", "%lld", LLONG_MIN_);
	SNP("9223372036854775807", "%lld", __LONG_LONG_MAX__);
	SNP("18446744073709551615", "%llu", ULLONG_MAX_);
	SNP("123456789abcdef", "%llx", 0x0123456789abcdefULL);
	SNP("FFFFFFFFFFFFFFFF", "%llX", ULLONG_MAX_);
	SNP("4294967296", "%llu", 1ULL << 32);
	SNP("1777777777777777777777", "%llo", ULLONG_MAX_);
	SNP("-1", "%ld", -1L);
	SNP("4294967295", "%lu", 0xFFFFFFFFul);
	SNP("123", "%zu", (size_t)123);
	SNP("-1", "%hhd", 0x1FF);
	SNP("65535", "%hu", 0xFFFFF);
	/* widths, zero padding, left justification, precision, flags */
	SNP("   42", "%5d", 42);
	SNP("42   |", "%-5d|", 42);
	SNP("00042", "%05d", 42);
	SNP("-0042", "%05d", -42);
	SNP("0000beef", "%08x", 0xbeef);
	SNP("  007", "%5.3d", 7);
	SNP("", "%.0d", 0);
	SNP("+5", "%+d", 5);
	SNP(" 5", "% d", 5);
	SNP("0xff", "%#x", 255);
	SNP("0XFF", "%#X", 255);
	SNP("010", "%#o", 8);
	SNP("0", "%#x", 0);
	SNP("ab      |", "%-8s|", "ab");
	SNP("      ab", "%8s", "ab");
	SNP("abc", "%.3s", "abcdef");
	SNP("    42", "%*d", 6, 42);
	SNP("7   |", "%-*d|", 4, 7);
	SNP("7   |", "%*d|", -4, 7);
	SNP("  x", "%3c", 'x');
	SNP("0x000000ff", "%#010x", 255);
	SNP("-9223372036854775808|", "%-5lld|", LLONG_MIN_);
	SNP("100%", "%d%%", 100);
	SNP("a=1, b=-2, c=ff, d=str", "a=%d, b=%d, c=%x, d=%s", 1, -2, 0xff, "str");
}

static void snprintf_truncation(void)
{
	char buf[16];

	memset(buf, 0x7E, sizeof(buf));
	KT_EXPECT_EQ(snprintf(buf, 5, "%s", "hello world"), 11);
	KT_EXPECT_EQ(strcmp(buf, "hell"), 0);
	KT_EXPECT_EQ(buf[5], 0x7E);
	memset(buf, 0x7E, sizeof(buf));
	KT_EXPECT_EQ(snprintf(buf, 0, "%d", 12345), 5);
	KT_EXPECT_EQ(buf[0], 0x7E);
	KT_EXPECT_EQ(snprintf(NULL, 0, "%lld", LLONG_MIN_), 20);
	KT_EXPECT_EQ(snprintf(buf, 1, "abc"), 3);
	KT_EXPECT_EQ(buf[0], '\0');
	KT_EXPECT_EQ(snprintf(buf, 6, "%05d", -42), 5);
	KT_EXPECT_EQ(strcmp(buf, "-0042"), 0);
	KT_EXPECT_EQ(snprintf(buf, 5, "%05d", -42), 5);
	KT_EXPECT_EQ(strcmp(buf, "-004"), 0);
	KT_EXPECT_EQ(snprintf(buf, sizeof(buf), "%20s", "x"), 20);
	KT_EXPECT_EQ(strlen(buf), 15);
}

static void string_functions(void)
{
	char a[32], b[32];

	memset(a, 'q', sizeof(a));
	KT_EXPECT(memset(a, 'z', 5) == a);
	KT_EXPECT_EQ(a[4], 'z');
	KT_EXPECT_EQ(a[5], 'q');
	KT_EXPECT(memcpy(b, "0123456789", 11) == b);
	KT_EXPECT_EQ(strcmp(b, "0123456789"), 0);
	/* memmove both ways */
	memmove(b + 2, b, 8);
	KT_EXPECT_EQ(memcmp(b, "0101234567", 10), 0);
	memcpy(b, "0123456789", 11);
	memmove(b, b + 3, 7);
	KT_EXPECT_EQ(memcmp(b, "3456789789", 10), 0);
	KT_EXPECT(memcmp("abc", "abd", 3) < 0);
	KT_EXPECT(memcmp("abd", "abc", 3) > 0);
	KT_EXPECT(memcmp("\x80", "\x01", 1) > 0);	/* unsigned bytes */
	KT_EXPECT_EQ(memcmp("abc", "abd", 2), 0);
	const char *h = "hello";
	KT_EXPECT(memchr(h, 'l', 5) == h + 2);
	KT_EXPECT(memchr(h, 'o', 4) == NULL);
	KT_EXPECT(memchr(h, 0, 6) == h + 5);
	KT_EXPECT_EQ(strlen(""), 0);
	KT_EXPECT_EQ(strlen(h), 5);
	KT_EXPECT_EQ(strnlen(h, 3), 3);
	KT_EXPECT_EQ(strnlen(h, 10), 5);
	KT_EXPECT_EQ(strcmp("abc", "abc"), 0);
	KT_EXPECT(strcmp("abc", "abcd") < 0);
	KT_EXPECT(strcmp("b", "abc") > 0);
	KT_EXPECT(strcmp("\xff", "a") > 0);
	KT_EXPECT_EQ(strncmp("abcx", "abcy", 3), 0);
	KT_EXPECT(strncmp("abcx", "abcy", 4) < 0);
	KT_EXPECT_EQ(strncmp("a", "b", 0), 0);
	KT_EXPECT(strcpy(a, "copy") == a);
	KT_EXPECT_EQ(strcmp(a, "copy"), 0);
	memset(a, 'q', sizeof(a));
	KT_EXPECT_EQ(strlcpy(a, "truncated", 5), 9);
	KT_EXPECT_EQ(strcmp(a, "trun"), 0);
	KT_EXPECT_EQ(a[5], 'q');
	KT_EXPECT_EQ(strlcpy(a, "ok", sizeof(a)), 2);
	KT_EXPECT_EQ(strcmp(a, "ok"), 0);
	a[0] = 'q';
	KT_EXPECT_EQ(strlcpy(a, "xyz", 0), 3);
	KT_EXPECT_EQ(a[0], 'q');
	const char *p = "a/b/c";
	KT_EXPECT(strchr(p, '/') == p + 1);
	KT_EXPECT(strrchr(p, '/') == p + 3);
	KT_EXPECT(strchr(p, 'x') == NULL);
	KT_EXPECT(strrchr(p, 'x') == NULL);
	KT_EXPECT(strchr(p, '\0') == p + 5);
	KT_EXPECT(strrchr(p, '\0') == p + 5);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct rec {
	uint32_t key;
	char tag[8];
};

static int cmp_rec(const void *a, const void *b)
{
	uint32_t x = ((const struct rec *)a)->key, y = ((const struct rec *)b)->key;

	return (x > y) - (x < y);
}

static void sort_bsearch(void)
{
	static int v[200];
	uint32_t seed = 12345, sum = 0, sum2 = 0, x = 0, x2 = 0;
	int unsorted = 0;

	for (int i = 0; i < 200; i++) {
		seed = seed * 1103515245 + 12345;
		v[i] = (int)(seed >> 8) % 1000 - 500;	/* duplicates and negatives */
		sum += v[i];
		x ^= (uint32_t)v[i] * 2654435761u;
	}
	sort(v, 200, sizeof(int), cmp_int);
	for (int i = 0; i < 200; i++) {
		unsorted += i && v[i - 1] > v[i];
		sum2 += v[i];
		x2 ^= (uint32_t)v[i] * 2654435761u;
	}
	KT_EXPECT_EQ(unsorted, 0);
	KT_EXPECT_EQ(sum2, sum);	/* a permutation of the input */
	KT_EXPECT_EQ(x2, x);
	int missing = 0;
	for (int i = 0; i < 200; i++) {
		int *f = bsearch(&v[i], v, 200, sizeof(int), cmp_int);
		missing += !f || *f != v[i];
	}
	KT_EXPECT_EQ(missing, 0);
	int k = v[0] - 1;
	KT_EXPECT(bsearch(&k, v, 200, sizeof(int), cmp_int) == NULL);
	k = v[199] + 1;
	KT_EXPECT(bsearch(&k, v, 200, sizeof(int), cmp_int) == NULL);
	KT_EXPECT(bsearch(&v[0], v, 0, sizeof(int), cmp_int) == NULL);

	/* records bigger than a word, already sorted, reversed, tiny */
	struct rec r[7];
	for (int i = 0; i < 7; i++) {
		r[i].key = 70 - 10 * i;
		snprintf(r[i].tag, sizeof(r[i].tag), "r%u", (unsigned)r[i].key);
	}
	sort(r, 7, sizeof(r[0]), cmp_rec);
	int wrong = 0;
	for (int i = 0; i < 7; i++) {
		char want[8];
		snprintf(want, sizeof(want), "r%d", 10 * (i + 1));
		wrong += r[i].key != 10u * (i + 1) || strcmp(r[i].tag, want);
	}
	KT_EXPECT_EQ(wrong, 0);
	struct rec key = { .key = 40 };
	struct rec *hit = bsearch(&key, r, 7, sizeof(r[0]), cmp_rec);
	KT_EXPECT(hit == &r[3]);
	int one = 5;
	sort(&one, 1, sizeof(int), cmp_int);
	KT_EXPECT_EQ(one, 5);
	sort(NULL, 0, sizeof(int), cmp_int);
}

/* Append one newc entry to the archive at buf + *off. */
static void cpio_add(char *buf, size_t *off, const char *name, uint32_t mode, const char *data,
		     size_t size)
{
	size_t nsize = strlen(name) + 1;

	snprintf(buf + *off, 111, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 7u, mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)nsize, 0u);
	*off += 110;
	memcpy(buf + *off, name, nsize);
	*off += nsize;
	while (*off & 3)
		buf[(*off)++] = 0;
	memcpy(buf + *off, data, size);
	*off += size;
	while (*off & 3)
		buf[(*off)++] = 0;
}

static void cpio_reader(void)
{
	static char ar[1024];
	size_t len = 0;
	struct cpio_iter it;
	struct cpio_entry e;

	cpio_add(ar, &len, "dir", 040755, "", 0);
	cpio_add(ar, &len, "dir/hello.txt", 0100644, "hi there\n", 9);
	cpio_add(ar, &len, "TRAILER!!!", 0, "", 0);

	cpio_iter_init(&it, ar, len);
	KT_EXPECT_EQ(cpio_next(&it, &e), 1);
	KT_EXPECT_EQ(e.namelen, 3);
	KT_EXPECT_EQ(memcmp(e.name, "dir", 3), 0);
	KT_EXPECT_EQ(e.mode, 040755);
	KT_EXPECT_EQ(e.size, 0);
	KT_EXPECT_EQ(e.ino, 7);
	KT_EXPECT_EQ(cpio_next(&it, &e), 1);
	KT_EXPECT_EQ(e.namelen, 13);
	KT_EXPECT_EQ(memcmp(e.name, "dir/hello.txt", 13), 0);
	KT_EXPECT_EQ(e.mode, 0100644);
	KT_EXPECT_EQ(e.size, 9);
	KT_EXPECT_EQ(memcmp(e.data, "hi there\n", 9), 0);
	KT_EXPECT_EQ(((uintptr_t)e.data - (uintptr_t)ar) % 4, 0);
	KT_EXPECT_EQ(cpio_next(&it, &e), 0);
	KT_EXPECT_EQ(cpio_next(&it, &e), 0);	/* stays on the trailer */

	/* every cut of the archive before the trailer is reported, never overrun */
	int wrong = 0;
	for (size_t cut = 0; cut < len; cut++) {
		int r;
		cpio_iter_init(&it, ar, cut);
		while ((r = cpio_next(&it, &e)) == 1)
			;
		wrong += r != CPIO_ETRUNC;
	}
	KT_EXPECT_EQ(wrong, 0);

	ar[3] = '9';	/* "070901" */
	cpio_iter_init(&it, ar, len);
	KT_EXPECT_EQ(cpio_next(&it, &e), CPIO_EBADMAGIC);
	ar[3] = '7';
	ar[6 + 8] = 'g';	/* mode field */
	cpio_iter_init(&it, ar, len);
	KT_EXPECT_EQ(cpio_next(&it, &e), CPIO_EBADHEX);
	ar[6 + 8] = '0';
	memcpy(ar + 6 + 11 * 8, "00000000", 8);	/* namesize 0 */
	cpio_iter_init(&it, ar, len);
	KT_EXPECT_EQ(cpio_next(&it, &e), CPIO_EBADNAME);
	KT_EXPECT(strcmp(cpio_strerror(CPIO_EBADNAME), "no error") != 0);
	KT_EXPECT_EQ(strcmp(cpio_strerror(1), "no error"), 0);
}

/* A minimal valid executable: header, one PT_LOAD, 16 bytes of "code". */
struct mini_elf {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[2];
	uint8_t code[16];
};

static void mini_elf_init(struct mini_elf *m)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->eh.e_ident, ELFMAG, 4);
	m->eh.e_ident[4] = ELFCLASS32;
	m->eh.e_ident[5] = ELFDATA2LSB;
	m->eh.e_ident[6] = EV_CURRENT;
	m->eh.e_type = ET_EXEC;
	m->eh.e_machine = EM_386;
	m->eh.e_version = EV_CURRENT;
	m->eh.e_entry = 0x08048000 + offsetof(struct mini_elf, code);
	m->eh.e_phoff = offsetof(struct mini_elf, ph);
	m->eh.e_ehsize = sizeof(Elf32_Ehdr);
	m->eh.e_phentsize = sizeof(Elf32_Phdr);
	m->eh.e_phnum = 1;
	m->ph[0].p_type = PT_LOAD;
	m->ph[0].p_offset = 0;
	m->ph[0].p_vaddr = 0x08048000;
	m->ph[0].p_filesz = sizeof(*m);
	m->ph[0].p_memsz = sizeof(*m) + 0x100;
	m->ph[0].p_flags = PF_R | PF_X;
	m->ph[0].p_align = 0x1000;
	m->ph[1] = m->ph[0];	/* used by the two-segment cases */
}

#define ELF_CASE(want, mutate)							\
	do {									\
		const char *__why = NULL;					\
		mini_elf_init(&m);						\
		mutate;								\
		int __r = elf_validate(&m, sizeof(m), TASK_SIZE, &__why);	\
		if (__r != (want))						\
			printk("    # %s: %s\n", #mutate, __why ? __why : "?");	\
		KT_EXPECT_EQ(__r, want);					\
		KT_EXPECT(__why != NULL);					\
	} while (0)

static void elf_checks(void)
{
	struct mini_elf m;
	const char *why = NULL;

	mini_elf_init(&m);
	KT_EXPECT_EQ(elf_validate(&m, sizeof(m), TASK_SIZE, &why), 0);
	KT_EXPECT(why && strcmp(why, "ok") == 0);
	KT_EXPECT_EQ(elf_validate(&m, sizeof(m), TASK_SIZE, NULL), 0);
	KT_EXPECT_EQ(elf_validate(&m, sizeof(Elf32_Ehdr) - 1, TASK_SIZE, &why), -ENOEXEC);
	KT_EXPECT_EQ(elf_validate(&m, sizeof(Elf32_Ehdr) + 8, TASK_SIZE, &why), -ENOEXEC);

	ELF_CASE(0, (void)0);
	ELF_CASE(-ENOEXEC, m.eh.e_ident[1] = 'F');
	ELF_CASE(-ENOEXEC, m.eh.e_ident[4] = 2);		/* 64-bit */
	ELF_CASE(-ENOEXEC, m.eh.e_ident[5] = 2);		/* big-endian */
	ELF_CASE(-ENOEXEC, m.eh.e_type = ET_DYN);
	ELF_CASE(-ENOEXEC, m.eh.e_machine = 62);		/* x86-64 */
	ELF_CASE(-ENOEXEC, m.eh.e_phentsize = 16);
	ELF_CASE(-ENOEXEC, m.eh.e_phnum = 0);
	ELF_CASE(-ENOEXEC, m.eh.e_phnum = 1000);
	ELF_CASE(-ENOEXEC, m.eh.e_phoff = 0xFFFFFFF0u);
	ELF_CASE(-ENOEXEC, m.ph[0].p_type = PT_INTERP);
	ELF_CASE(-ENOEXEC, m.ph[0].p_type = PT_NULL);		/* no PT_LOAD */
	ELF_CASE(-EINVAL, m.ph[0].p_filesz = sizeof(m) + 1);
	ELF_CASE(-EINVAL, m.ph[0].p_memsz = 4);			/* < filesz */
	ELF_CASE(-EINVAL, m.ph[0].p_offset = 0xFFFFF000u);
	ELF_CASE(0, (m.ph[0].p_vaddr = TASK_SIZE - 0x1000, m.eh.e_entry = TASK_SIZE - 0xFF0));
	ELF_CASE(-EINVAL, (m.ph[0].p_vaddr = TASK_SIZE - 0x1000, m.eh.e_entry = TASK_SIZE - 0xFF0,
			   m.ph[0].p_memsz = 0x1001));
	ELF_CASE(-EINVAL, (m.ph[0].p_vaddr = 0xFFFFF000u, m.eh.e_entry = 0xFFFFF010u,
			   m.ph[0].p_memsz = 0x2000));
	ELF_CASE(-EINVAL, (m.ph[0].p_vaddr = 0, m.eh.e_entry = 0x10));
	ELF_CASE(-EINVAL, m.ph[0].p_vaddr = 0x08048010);	/* differs mod page */
	/* as on Linux, a bad entry point is left to fault on the first fetch */
	ELF_CASE(0, m.eh.e_entry = 0x08049000);			/* outside */
	ELF_CASE(0, m.ph[0].p_flags = PF_R | PF_W);		/* entry not in X */
	/* two segments: overlapping pages are refused, separate ones fine */
	ELF_CASE(-EINVAL, (m.eh.e_phnum = 2, m.ph[1].p_filesz = 0, m.ph[1].p_memsz = 0x10,
			   m.ph[1].p_flags = PF_R | PF_W));
	ELF_CASE(0, (m.eh.e_phnum = 2, m.ph[1].p_vaddr = 0x08049000, m.ph[1].p_filesz = 0,
		     m.ph[1].p_memsz = 0x10, m.ph[1].p_flags = PF_R | PF_W));
}

static const struct ktest_case cases[] = {
	{ "snprintf_formats", snprintf_formats },
	{ "snprintf_truncation", snprintf_truncation },
	{ "string_functions", string_functions },
	{ "sort_bsearch", sort_bsearch },
	{ "cpio_reader", cpio_reader },
	{ "elf_checks", elf_checks },
};
KTEST_SUITE(lib, cases);
