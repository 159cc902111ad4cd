/*
 * Selftests for lib/ as built into the kernel (-ffreestanding, -Og, no
 * libgcc): the host tests in tests/host check the logic against libc;
 * these check that the kernel's build of it gives the same answers.
 * snprintf against literal strings, the string functions and sort/bsearch
 * (cases shared with the host tests, from tests/lib/), the cpio reader on a small archive made
 * here, and elf_validate on a minimal ELF image made here.
 */
#include <kernel/ktest.h>
#include <asm/mmu.h>
#include <lib/cpio.h>
#include <lib/elf.h>
#include <lib/sort.h>

#include "../lib/string_cases.c"
#include "../lib/sort_cases.c"
#include "../lib/vsnprintf_cases.c"

/* Append one newc entry to the archive at buf + *off. */
static void cpio_add(char *buf, size_t *off, const char *name, uint32_t mode, const char *data,
		     size_t size)
{
	size_t nsize = strlen(name) + 1;

	snprintf(buf + *off, 111, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 7u,
		 mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)nsize, 0u);
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

/* cpio_next on a small archive made here: entries, cuts, bad fields. */
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
	KT_EXPECT_EQ(cpio_next(&it, &e), 0); /* stays on the trailer */

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

	ar[3] = '9'; /* "070901" */
	cpio_iter_init(&it, ar, len);
	KT_EXPECT_EQ(cpio_next(&it, &e), CPIO_EBADMAGIC);
	ar[3] = '7';
	ar[6 + 8] = 'g'; /* mode field */
	cpio_iter_init(&it, ar, len);
	KT_EXPECT_EQ(cpio_next(&it, &e), CPIO_EBADHEX);
	ar[6 + 8] = '0';
	memcpy(ar + 6 + 11 * 8, "00000000", 8); /* namesize 0 */
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

/* Fills *m with the minimal valid executable. */
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
	m->ph[1] = m->ph[0]; /* used by the two-segment cases */
}

#define ELF_CASE(want, mutate)                                                  \
	do {                                                                    \
		const char *__why = NULL;                                       \
		mini_elf_init(&m);                                              \
		mutate;                                                         \
		int __r = elf_validate(&m, sizeof(m), TASK_SIZE, &__why);       \
		if (__r != (want))                                              \
			printk("    # %s: %s\n", #mutate, __why ? __why : "?"); \
		KT_EXPECT_EQ(__r, want);                                        \
		KT_EXPECT(__why != NULL);                                       \
	} while (0)

/* elf_validate on the minimal image and on one mutation of it per field. */
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
	ELF_CASE(0, m.eh.e_ident[4] = 2); /* 64-bit: not looked at, as Linux */
	ELF_CASE(0, m.eh.e_ident[5] = 2); /* big-endian: likewise */
	ELF_CASE(0, m.eh.e_machine = 6);  /* EM_486 */
	ELF_CASE(0, m.eh.e_type = ET_DYN);
	ELF_CASE(-ENOEXEC, m.eh.e_type = ET_REL);
	ELF_CASE(-ENOEXEC, m.eh.e_machine = 62); /* x86-64 */
	ELF_CASE(-ENOEXEC, m.eh.e_phentsize = 16);
	ELF_CASE(-ENOEXEC, m.eh.e_phnum = 0);
	ELF_CASE(-ENOEXEC, m.eh.e_phnum = 1000);
	ELF_CASE(-ENOEXEC, m.eh.e_phoff = 0xFFFFFFF0u);
	ELF_CASE(-EINVAL, m.ph[0].p_type = PT_NULL); /* no PT_LOAD */
	/* as on Linux, a segment may run past the end of the file */
	ELF_CASE(0, m.ph[0].p_filesz = sizeof(m) + 1);
	ELF_CASE(-EINVAL, m.ph[0].p_memsz = 4); /* < filesz */
	ELF_CASE(0, m.ph[0].p_offset = 0xFFFFF000u);
	ELF_CASE(-EINVAL, m.ph[0].p_offset = 0xFFFFF010u); /* differs mod page */
	ELF_CASE(0, (m.ph[0].p_vaddr = TASK_SIZE - 0x1000, m.eh.e_entry = TASK_SIZE - 0xFF0));
	ELF_CASE(-EINVAL, (m.ph[0].p_vaddr = TASK_SIZE - 0x1000, m.eh.e_entry = TASK_SIZE - 0xFF0,
			   m.ph[0].p_memsz = 0x1001));
	ELF_CASE(-EINVAL, (m.ph[0].p_vaddr = 0xFFFFF000u, m.eh.e_entry = 0xFFFFF010u,
			   m.ph[0].p_memsz = 0x2000));
	ELF_CASE(-EINVAL, (m.ph[0].p_vaddr = 0, m.eh.e_entry = 0x10));
	ELF_CASE(-EINVAL, m.ph[0].p_vaddr = 0x08048010); /* differs mod page */
	/* as on Linux, a bad entry point is left to fault on the first fetch */
	ELF_CASE(0, m.eh.e_entry = 0x08049000);	    /* outside */
	ELF_CASE(0, m.ph[0].p_flags = PF_R | PF_W); /* entry not in X */
	/* two segments in one page load as on Linux: the later one wins there */
	ELF_CASE(0, (m.eh.e_phnum = 2, m.ph[1].p_filesz = 0, m.ph[1].p_memsz = 0x10,
		     m.ph[1].p_flags = PF_R | PF_W));
	ELF_CASE(0, (m.eh.e_phnum = 2, m.ph[1].p_vaddr = 0x08049000, m.ph[1].p_filesz = 0,
		     m.ph[1].p_memsz = 0x10, m.ph[1].p_flags = PF_R | PF_W));
}

static const struct ktest_case cases[] = {
	{ "snprintf_formats", snprintf_formats },
	{ "snprintf_truncation", snprintf_truncation },
	{ "string_functions", string_functions },
	{ "string_arch_copies", string_arch_copies },
	{ "sort_bsearch", sort_bsearch },
	{ "cpio_reader", cpio_reader },
	{ "elf_checks", elf_checks },
};
KTEST_SUITE(lib, cases);
