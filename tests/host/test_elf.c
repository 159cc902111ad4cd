/*
 * Host unit test for lib/elf.c (built with ASan and UBSan).
 *
 * A small valid i386 executable image is built in memory: a text PT_LOAD
 * (R+X) at 0x08048000, a data PT_LOAD (R+W, with bss) two pages up, a
 * PT_GNU_STACK and a PT_TLS. Each test point damages one thing and expects
 * the documented error code; boundary cases that are still valid are
 * checked to pass. Every image is validated from a malloc'd buffer of its
 * exact size, so ASan reports any read past the end.
 *
 * Usage: test_elf [static-i386-elf-file]
 * With a file argument, that file (for example a program built with
 * i386-linux-musl-gcc -static) must validate as well; without, that point
 * is reported as skipped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <kernel/errno.h>
#include <lib/elf.h>

#include "check.h"

#define TASK_SIZE 0xC0000000u
#define TEXT_VADDR 0x08048000u
#define TEXT_SIZE 0x1200u
#define DATA_OFFSET 0x2000u
#define DATA_VADDR 0x0804a000u
#define DATA_FILESZ 0x80u
#define DATA_MEMSZ 0x3000u
#define IMAGE_LEN (DATA_OFFSET + DATA_FILESZ)

static const char *elf_path;	/* argv[1], a real ELF file */

/* The image under test; the headers are accessed in place (the buffer is aligned). */
static union {
	unsigned char b[0x12000];
	uint32_t align;
} img;
static size_t img_len;
#define EH ((Elf32_Ehdr *)img.b)
#define PH(i) ((Elf32_Phdr *)(img.b + sizeof(Elf32_Ehdr)) + (i))

/* Build the valid reference image into img. */
static void build_valid(void)
{
	Elf32_Ehdr *eh = EH;

	host_memset(img.b, 0, sizeof(img.b));
	host_memcpy(eh->e_ident, ELFMAG, 4);
	eh->e_ident[4] = ELFCLASS32;
	eh->e_ident[5] = ELFDATA2LSB;
	eh->e_ident[6] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_entry = TEXT_VADDR + 0x100;
	eh->e_phoff = sizeof(Elf32_Ehdr);
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = 4;

	*PH(0) = (Elf32_Phdr){ PT_LOAD, 0, TEXT_VADDR, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE,
			       PF_R | PF_X, 0x1000 };
	*PH(1) = (Elf32_Phdr){ PT_LOAD, DATA_OFFSET, DATA_VADDR, DATA_VADDR, DATA_FILESZ,
			       DATA_MEMSZ, PF_R | PF_W, 0x1000 };
	*PH(2) = (Elf32_Phdr){ PT_GNU_STACK, 0, 0, 0, 0, 0, PF_R | PF_W, 16 };
	*PH(3) = (Elf32_Phdr){ PT_TLS, DATA_OFFSET, DATA_VADDR, DATA_VADDR, 0x10, 0x20, PF_R, 4 };
	img_len = IMAGE_LEN;
}

/*
 * Validate len bytes of p from a heap copy at offset shift in a block of
 * exactly len + shift bytes, so a read past the end hits ASan's redzone.
 */
static int validate_copy(const unsigned char *p, size_t len, size_t shift, uint32_t task_size,
			 const char **msg)
{
	unsigned char *c = malloc(len + shift ? len + shift : 1);
	int r;

	host_memcpy(c + shift, p, len);
	r = elf_validate(c + shift, len, task_size, msg);
	free(c);
	return r;
}

/* Validate the current image (img, img_len) with task size TASK_SIZE. */
static int validate(const char **msg)
{
	return validate_copy(img.b, img_len, 0, TASK_SIZE, msg);
}

/* Expect the current image to give want; name describes the damage. */
static void expect(int want, const char *name)
{
	const char *msg = NULL;
	int r = validate(&msg);

	check(r == want, "%s: got %d (%s), want %d", name, r, msg ? msg : "(null)", want);
	check(msg != NULL && msg[0] != '\0', "%s: *why not set", name);
}

/* ---- test points ---- */

static void test_valid(void)
{
	const char *msg = "unset";

	build_valid();
	expect(0, "valid image");
	check(elf_validate(img.b, img_len, TASK_SIZE, NULL) == 0, "why == NULL is allowed");
	check(elf_validate(img.b, img_len, TASK_SIZE, &msg) == 0 && msg != NULL,
	      "valid: *why must be set");
	check(validate_copy(img.b, img_len, 1, TASK_SIZE, NULL) == 0, "unaligned image at +1");
	check(validate_copy(img.b, img_len, 3, TASK_SIZE, NULL) == 0, "unaligned image at +3");
	img_len = IMAGE_LEN + 1000;
	expect(0, "trailing bytes after the last segment");
	/* a bigger phnum, the extra entries PT_NULL, is fine up to the limit */
	build_valid();
	EH->e_phnum = ELF_MAX_PHNUM;
	img_len = sizeof(Elf32_Ehdr) + ELF_MAX_PHNUM * sizeof(Elf32_Phdr);
	expect(0, "phnum == ELF_MAX_PHNUM (64 KiB of headers)");
	/* a segment ending exactly at task_size */
	build_valid();
	PH(1)->p_vaddr = TASK_SIZE - DATA_MEMSZ;
	PH(3)->p_type = PT_NULL;
	expect(0, "segment ending exactly at task_size");
	/* entry on the last byte of the text segment */
	build_valid();
	EH->e_entry = TEXT_VADDR + TEXT_SIZE - 1;
	expect(0, "entry on the last byte of text");
	/* segments on adjacent pages do not overlap */
	build_valid();
	PH(1)->p_vaddr = DATA_VADDR - 0x1000;	/* text ends in page 0x08049 */
	expect(0, "data in text's last page (the later segment wins there)");
	PH(1)->p_vaddr = TEXT_VADDR + 0x2000;
	PH(0)->p_memsz = 0x2000;		/* text: pages 0x08048-0x08049 */
	PH(3)->p_type = PT_NULL;
	expect(0, "adjacent pages");
	/* a memsz 0 PT_LOAD occupies no page */
	build_valid();
	PH(3)->p_type = PT_LOAD;
	PH(3)->p_vaddr = TEXT_VADDR;
	PH(3)->p_offset = 0;
	PH(3)->p_filesz = PH(3)->p_memsz = 0;
	expect(0, "empty PT_LOAD inside text");
}

static void test_too_small(void)
{
	size_t len;

	build_valid();
	for (len = 0; len < sizeof(Elf32_Ehdr); len++) {
		img_len = len;
		expect(-ENOEXEC, "file shorter than the ELF header");
	}
	check(elf_validate(NULL, 0, TASK_SIZE, NULL) == -ENOEXEC, "NULL, 0");
}

static void test_bad_magic(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		build_valid();
		img.b[i] ^= 0x20;
		expect(-ENOEXEC, "bad magic");
	}
	build_valid();
	host_memcpy(img.b, "#!/bin/sh\n", 10);
	expect(-ENOEXEC, "a shell script");
}

/* As Linux on i386, the class, data encoding and version bytes are not
 * looked at. */
static void test_bad_ident(void)
{
	build_valid();
	EH->e_ident[4] = 2;	/* ELFCLASS64 */
	expect(0, "ELFCLASS64 is not looked at");
	EH->e_ident[4] = 0;
	expect(0, "ELFCLASSNONE is not looked at");
	build_valid();
	EH->e_ident[5] = 2;	/* big-endian */
	expect(0, "ELFDATA2MSB is not looked at");
	build_valid();
	EH->e_ident[6] = 0;
	expect(0, "EI_VERSION 0 is not looked at");
	build_valid();
	EH->e_version = 2;
	expect(0, "e_version 2 is not looked at");
}

static void test_bad_machine(void)
{
	static const uint16_t machines[] = { 0, 62 /* x86-64 */, 40 /* ARM */, 7 /* i860 */ };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(machines); i++) {
		build_valid();
		EH->e_machine = machines[i];
		expect(-ENOEXEC, "wrong e_machine");
	}
	build_valid();
	EH->e_machine = 6;	/* EM_486, which Linux takes too */
	expect(0, "EM_486");
}

static void test_bad_type(void)
{
	static const uint16_t types[] = { 1 /* ET_REL */, 4 /* ET_CORE */, 0, 0xfe00 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		build_valid();
		EH->e_type = types[i];
		expect(-ENOEXEC, "ET_REL/CORE/NONE");
	}
	build_valid();
	EH->e_type = ET_DYN;
	expect(0, "ET_DYN (PIE or static-pie)");
	PH(0)->p_vaddr = 0;
	EH->e_entry = 0x100;
	expect(0, "ET_DYN at vaddr 0");
}

static void test_bad_phentsize(void)
{
	build_valid();
	EH->e_phentsize = 0;
	expect(-ENOEXEC, "e_phentsize 0");
	EH->e_phentsize = 56;	/* Elf64_Phdr */
	expect(-ENOEXEC, "e_phentsize 56");
}

static void test_bad_phnum(void)
{
	build_valid();
	EH->e_phnum = 0;
	expect(-ENOEXEC, "phnum 0");
	EH->e_phnum = ELF_MAX_PHNUM + 1;
	expect(-ENOEXEC, "phnum ELF_MAX_PHNUM + 1");
	EH->e_phnum = 0xffff;
	expect(-ENOEXEC, "phnum 0xffff");
}

static void test_bad_phoff(void)
{
	static const uint32_t offs[] = { IMAGE_LEN, IMAGE_LEN - 4 * 32 + 1, IMAGE_LEN + 4096,
					 0xffffffe0u, 0x80000000u, 0xffffffffu };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		build_valid();
		EH->e_phoff = offs[i];
		expect(-ENOEXEC, "program headers past the end");
	}
	/* the table may sit anywhere inside the file */
	build_valid();
	host_memcpy(img.b + IMAGE_LEN - 4 * 32, PH(0), 4 * 32);
	EH->e_phoff = IMAGE_LEN - 4 * 32;
	expect(0, "program headers at the very end");
	EH->e_phoff = IMAGE_LEN - 4 * 32 - 2;	/* unaligned, still inside */
	host_memcpy(img.b + IMAGE_LEN - 4 * 32 - 2, PH(0), 4 * 32);
	expect(0, "unaligned program header table");
}

static void test_interp(void)
{
	build_valid();
	PH(2)->p_type = PT_INTERP;
	PH(2)->p_offset = 0x200;
	PH(2)->p_filesz = 0x20;
	expect(0, "PT_INTERP (the loader checks the interpreter)");
}

static void test_no_load(void)
{
	build_valid();
	PH(0)->p_type = 4;	/* PT_NOTE */
	PH(1)->p_type = PT_NULL;
	expect(-EINVAL, "no PT_LOAD");
}

static void test_filesz_memsz(void)
{
	build_valid();
	PH(1)->p_filesz = DATA_MEMSZ + 1;
	expect(-EINVAL, "p_filesz > p_memsz (past end too)");
	build_valid();
	PH(0)->p_memsz = TEXT_SIZE - 1;
	expect(-EINVAL, "p_filesz > p_memsz");
}

/* As on Linux, a segment may map file pages past the end of the file
 * (touching them gives SIGBUS). */
static void test_past_eof(void)
{
	build_valid();
	PH(1)->p_filesz = DATA_FILESZ + 1;
	expect(0, "data segment one byte past end of file");
	build_valid();
	PH(1)->p_offset = DATA_OFFSET + 0x2000;
	PH(1)->p_vaddr = DATA_VADDR + 0x2000;
	expect(0, "p_offset past end of file");
	build_valid();
	PH(1)->p_offset = 0xfffff000u;	/* offset + filesz wraps 32 bits */
	PH(1)->p_filesz = 0x2000;
	PH(1)->p_memsz = 0x3000;
	expect(0, "p_offset + p_filesz past 4 GiB");
	build_valid();
	img_len = IMAGE_LEN - 1;
	expect(0, "file one byte short");
}

static void test_kernel_half(void)
{
	build_valid();
	PH(1)->p_vaddr = TASK_SIZE;
	expect(-EINVAL, "vaddr == task_size");
	build_valid();
	PH(1)->p_vaddr = 0xc0100000u;
	expect(-EINVAL, "vaddr at the kernel image");
	build_valid();
	PH(1)->p_vaddr = TASK_SIZE - DATA_MEMSZ + 0x1000;	/* ends 1 page past */
	expect(-EINVAL, "segment crossing into kernel space");
	build_valid();
	PH(1)->p_vaddr = TASK_SIZE - 0x1000;
	PH(1)->p_memsz = 0x1001;
	expect(-EINVAL, "segment one byte into kernel space");
	/* the same image is fine with a larger task size */
	check(validate_copy(img.b, img_len, 0, 0xd0000000u, NULL) == 0,
	      "segment ok below task_size 0xd0000000");
}

static void test_wrap(void)
{
	build_valid();
	PH(1)->p_vaddr = 0xfffff000u;
	PH(1)->p_memsz = 0x2000;
	expect(-EINVAL, "vaddr + memsz wraps");
	check(validate_copy(img.b, img_len, 0, 0xffffffffu, NULL) == -EINVAL,
	      "vaddr + memsz wraps, task_size 4G-1");
	PH(1)->p_memsz = 0xffffffffu;
	PH(1)->p_vaddr = 0x0804a000u;
	expect(-EINVAL, "memsz 0xffffffff");
}

static void test_low_vaddr(void)
{
	build_valid();
	PH(0)->p_vaddr = 0;
	EH->e_entry = 0x100;
	expect(-EINVAL, "vaddr 0 (NULL page)");
	PH(0)->p_vaddr = 0x1000;
	EH->e_entry = 0x1100;
	expect(0, "vaddr 0x1000 is the lowest allowed");
}

/* Segments that share pages load as on Linux: the later one's mapping
 * wins in the pages they share. */
static void test_overlap(void)
{
	build_valid();
	PH(1)->p_vaddr = TEXT_VADDR;	/* same address */
	expect(0, "two segments at the same address");
	build_valid();
	PH(1)->p_vaddr = TEXT_VADDR + 0x1000;	/* text's second page */
	expect(0, "data in the middle of text");
	build_valid();
	PH(1)->p_vaddr = TEXT_VADDR - 0x2000;	/* data below text, reaching into it */
	expect(0, "data below text, its bss reaching into text");
	build_valid();
	PH(3)->p_type = PT_LOAD;
	PH(3)->p_vaddr = DATA_VADDR + 0x2000;	/* inside data's bss */
	expect(0, "third PT_LOAD inside data's bss");
}

/* As on Linux, the entry point is the program's business: a bad one
 * faults on the first instruction, so the validator accepts it. */
static void test_entry(void)
{
	build_valid();
	EH->e_entry = DATA_VADDR + 0x10;
	expect(0, "entry in the non-executable data segment");
	EH->e_entry = TEXT_VADDR + TEXT_SIZE;
	expect(0, "entry one past the end of text");
	EH->e_entry = 0;
	expect(0, "entry 0");
	EH->e_entry = 0xc0100000u;
	expect(0, "entry in the kernel");
	build_valid();
	PH(0)->p_flags = PF_R;
	expect(0, "no executable segment at all");
	/* entry in an executable segment's bss part (memsz > filesz) is still inside */
	build_valid();
	PH(1)->p_flags = PF_R | PF_W | PF_X;
	EH->e_entry = DATA_VADDR + DATA_MEMSZ - 1;
	expect(0, "entry in an executable segment's bss");
}

static void test_misaligned(void)
{
	build_valid();
	PH(1)->p_vaddr = DATA_VADDR + 4;	/* vaddr - offset not page-aligned */
	expect(-EINVAL, "misaligned vaddr");
	build_valid();
	PH(1)->p_offset = DATA_OFFSET - 0x10;	/* offset moved, vaddr not */
	expect(-EINVAL, "misaligned offset");
	build_valid();
	PH(1)->p_offset = DATA_OFFSET - 0x10;	/* both congruent: fine */
	PH(1)->p_vaddr = DATA_VADDR + 0x1000 - 0x10;
	expect(0, "vaddr and offset congruent mod 4096");
}

static void test_truncated(void)
{
	size_t len;
	int r;

	build_valid();
	for (len = 0; len < IMAGE_LEN; len++) {
		r = validate_copy(img.b, len, 0, TASK_SIZE, NULL);
		check(r == (len < sizeof(Elf32_Ehdr) + 4 * sizeof(Elf32_Phdr) ? -ENOEXEC : 0),
		      "image cut to %zu bytes gave %d", len, r);
	}
	check(validate_copy(img.b, IMAGE_LEN, 0, TASK_SIZE, NULL) == 0, "uncut image");
}

static void test_fuzz(void)
{
	uint32_t x = 88172645u;
	int iter, k, r;

	for (iter = 0; iter < 20000; iter++) {
		build_valid();
		for (k = 0; k < 1 + iter % 3; k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* the headers: ELF header and the four program headers */
			img.b[x % (sizeof(Elf32_Ehdr) + 4 * sizeof(Elf32_Phdr))] = (unsigned char)(x >> 7);
		}
		if (iter % 5 == 0)
			img_len = x % (IMAGE_LEN + 1);
		r = validate(NULL);
		check(r == 0 || r == -ENOEXEC || r == -EINVAL, "fuzz %d: returned %d", iter, r);
	}
}

static void test_real_file(void)
{
	unsigned char *buf;
	const char *msg = NULL;
	FILE *f;
	long len;
	int r;

	if (!elf_path) {
		skip_reason = "no ELF file given on the command line";
		return;
	}
	f = fopen(elf_path, "rb");
	check(f != NULL, "cannot open %s", elf_path);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len > 0 ? (size_t)len : 1);
	check(len > 0 && fread(buf, 1, (size_t)len, f) == (size_t)len, "cannot read %s", elf_path);
	fclose(f);
	if (!failed) {
		r = elf_validate(buf, (size_t)len, TASK_SIZE, &msg);
		check(r == 0, "%s: got %d (%s)", elf_path, r, msg);
	}
	free(buf);
}

static const struct host_test tests[] = {
	{ "valid image and valid boundary cases", test_valid },
	{ "shorter than an ELF header: -ENOEXEC", test_too_small },
	{ "bad magic: -ENOEXEC", test_bad_magic },
	{ "class, data encoding, version are not looked at", test_bad_ident },
	{ "bad machine: -ENOEXEC", test_bad_machine },
	{ "type ET_REL, ET_CORE: -ENOEXEC; ET_DYN loads", test_bad_type },
	{ "bad e_phentsize: -ENOEXEC", test_bad_phentsize },
	{ "phnum 0 and too many: -ENOEXEC", test_bad_phnum },
	{ "program headers past end of file: -ENOEXEC", test_bad_phoff },
	{ "PT_INTERP is accepted", test_interp },
	{ "no PT_LOAD: -EINVAL", test_no_load },
	{ "p_filesz > p_memsz: -EINVAL", test_filesz_memsz },
	{ "segment past end of file is accepted", test_past_eof },
	{ "segment in the kernel half: -EINVAL", test_kernel_half },
	{ "vaddr + memsz wraps: -EINVAL", test_wrap },
	{ "vaddr in the NULL page: -EINVAL", test_low_vaddr },
	{ "segments sharing pages are accepted", test_overlap },
	{ "entry outside every executable segment is accepted", test_entry },
	{ "misaligned offset/vaddr: -EINVAL", test_misaligned },
	{ "image cut at every length: no out-of-bounds read", test_truncated },
	{ "random header corruption: no crash, known codes", test_fuzz },
	{ "a real static i386 executable validates", test_real_file },
};

int main(int argc, char **argv)
{
	if (argc > 1)
		elf_path = argv[1];
	return run_tests(tests, ARRAY_SIZE(tests));
}
