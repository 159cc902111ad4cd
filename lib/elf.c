/*
 * ELF32 executable validation.
 *
 * execve hands the loader a file from the ramfs, which anyone may have
 * written, so before kernel/exec.c maps anything every header field it will
 * use is checked here, in three passes:
 *
 *	1. the ELF header: identification, type, machine, program header
 *	   table shape and position                            -> -ENOEXEC
 *	2. each program header: PT_INTERP is refused (-ENOEXEC); each PT_LOAD
 *	   must fit in the file and in user space              -> -EINVAL
 *	3. the PT_LOADs together: at least one (-ENOEXEC), and no two share a
 *	   page                                               -> -EINVAL
 *
 * The entry point is not checked, as Linux does not: an entry outside the
 * program's code simply faults on the first instruction (SIGSEGV).
 *
 * Headers are copied out with memcpy, so the image needs no alignment, and
 * every range is checked as "length <= size - offset", which cannot wrap.
 * Nothing outside [image, image + size) is ever read.
 */
#include <stddef.h>
#include <stdint.h>
#include <kernel/errno.h>
#include <lib/elf.h>
#include <lib/string.h>
#include <asm/page.h>

#define MIN_VADDR PAGE_SIZE /* page 0 stays unmapped so NULL faults */

/* Copy program header i (already known to lie inside the image) into *ph. */
static void read_phdr(const unsigned char *image, const Elf32_Ehdr *eh, unsigned int i,
		      Elf32_Phdr *ph)
{
	memcpy(ph, image + eh->e_phoff + (size_t)i * sizeof(*ph), sizeof(*ph));
}

/* Returns 1 if the memory pages of PT_LOADs a and b (memsz > 0) overlap. */
static int pages_overlap(const Elf32_Phdr *a, const Elf32_Phdr *b)
{
	/* First and last page numbers; vaddr + memsz was checked not to wrap. */
	uint32_t a_first = a->p_vaddr >> PAGE_SHIFT;
	uint32_t a_last = (a->p_vaddr + a->p_memsz - 1) >> PAGE_SHIFT;
	uint32_t b_first = b->p_vaddr >> PAGE_SHIFT;
	uint32_t b_last = (b->p_vaddr + b->p_memsz - 1) >> PAGE_SHIFT;

	return a_first <= b_last && b_first <= a_last;
}

/*
 * Check one PT_LOAD against the file size and user space below task_size.
 * Returns 0, or -EINVAL with *why set.
 */
static int check_load(const Elf32_Phdr *ph, size_t size, uint32_t task_size, const char **why)
{
	if (ph->p_filesz > ph->p_memsz)
		*why = "PT_LOAD p_filesz > p_memsz";
	else if (ph->p_filesz > size || ph->p_offset > size - ph->p_filesz)
		*why = "PT_LOAD file range past end of file";
	else if (ph->p_vaddr < MIN_VADDR)
		*why = "PT_LOAD below 0x1000";
	else if (ph->p_memsz > UINT32_MAX - ph->p_vaddr)
		*why = "PT_LOAD p_vaddr + p_memsz wraps";
	else if (ph->p_vaddr + ph->p_memsz > task_size)
		*why = "PT_LOAD reaches into kernel space";
	else if ((ph->p_vaddr - ph->p_offset) % PAGE_SIZE != 0)
		*why = "PT_LOAD p_vaddr and p_offset differ mod page size";
	else
		return 0;
	return -EINVAL;
}

/*
 * Validate the size-byte ELF image for loading below task_size (see
 * include/lib/elf.h). Returns 0, -ENOEXEC or -EINVAL, with *why saying why.
 */
int elf_validate(const void *image, size_t size, uint32_t task_size, const char **why)
{
	const unsigned char *img = image;
	const char *dummy, *bad = NULL;
	Elf32_Ehdr eh;
	Elf32_Phdr ph, other;
	unsigned int i, j, nload = 0;
	int err;

	if (!why)
		why = &dummy;
	*why = "ok";

	/* Pass 1: the ELF header. */
	if (size < sizeof(eh)) {
		*why = "file smaller than an ELF header";
		return -ENOEXEC;
	}
	memcpy(&eh, img, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, 4) != 0)
		bad = "bad ELF magic";
	else if (eh.e_ident[4] != ELFCLASS32)
		bad = "not a 32-bit ELF file";
	else if (eh.e_ident[5] != ELFDATA2LSB)
		bad = "not little-endian";
	else if (eh.e_ident[6] != EV_CURRENT || eh.e_version != EV_CURRENT)
		bad = "bad ELF version";
	else if (eh.e_type == ET_DYN)
		bad = "ET_DYN (PIE or shared object) is not supported";
	else if (eh.e_type != ET_EXEC)
		bad = "not an executable (e_type != ET_EXEC)";
	else if (eh.e_machine != EM_386)
		bad = "not an i386 executable";
	else if (eh.e_phentsize != sizeof(Elf32_Phdr))
		bad = "bad e_phentsize";
	else if (eh.e_phnum == 0 || eh.e_phnum > ELF_MAX_PHNUM)
		bad = "bad e_phnum";
	else if (eh.e_phnum * sizeof(Elf32_Phdr) > size ||
		 eh.e_phoff > size - eh.e_phnum * sizeof(Elf32_Phdr))
		bad = "program headers past end of file";
	if (bad) {
		*why = bad;
		return -ENOEXEC;
	}

	/* Pass 2: each program header on its own. */
	for (i = 0; i < eh.e_phnum; i++) {
		read_phdr(img, &eh, i, &ph);
		if (ph.p_type == PT_INTERP) {
			*why = "PT_INTERP: dynamic linking is not supported";
			return -ENOEXEC;
		}
		if (ph.p_type != PT_LOAD)
			continue;
		err = check_load(&ph, size, task_size, why);
		if (err)
			return err;
		nload++;
	}
	if (nload == 0) {
		*why = "no PT_LOAD segment";
		return -ENOEXEC;
	}

	/* Pass 3: the PT_LOADs together. */
	for (i = 0; i < eh.e_phnum; i++) {
		read_phdr(img, &eh, i, &ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		for (j = i + 1; j < eh.e_phnum; j++) {
			read_phdr(img, &eh, j, &other);
			if (other.p_type == PT_LOAD && other.p_memsz != 0 &&
			    pages_overlap(&ph, &other)) {
				*why = "PT_LOAD segments overlap";
				return -EINVAL;
			}
		}
	}
	*why = "ok";
	return 0;
}
