/*
 * ELF32 executable checks.
 *
 * execve hands the loader a file from the ramfs, which anyone may have
 * written, so before kernel/binfmt_elf.c maps anything every header field
 * it will use is checked here, in two steps that match where Linux finds
 * each problem:
 *
 *	1. the ELF header: magic, type (ET_EXEC or ET_DYN), machine
 *	   (EM_386 or EM_486), program header table shape and position
 *	   (the class, data and version bytes are not looked at, as Linux)
 *	                                                       -> -ENOEXEC
 *	   (execve fails and the caller goes on with its old image)
 *	2. each PT_LOAD at its load bias: p_filesz <= p_memsz, inside user
 *	   space below task_size, p_vaddr and p_offset congruent mod the
 *	   page size; and at least one PT_LOAD                 -> -EINVAL
 *	   (Linux finds these while mapping, past the point of no return,
 *	   and the process dies of SIGSEGV)
 *
 * What Linux allows is allowed here too: segments whose file range runs
 * past the end of the file (the pages there give SIGBUS when touched),
 * segments that share a page (the later one's mapping wins), PT_INTERP
 * (the loader deals with the interpreter). The entry point is not checked:
 * an entry outside the program's code faults on the first instruction.
 *
 * Headers are copied out with memcpy, so the image needs no alignment, and
 * every range is checked as "length <= size - offset", which cannot wrap.
 * Nothing outside [image, image + size) is ever read.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kernel/errno.h>
#include <lib/elf.h>
#include <lib/string.h>
#include <asm/page.h>

#define MIN_VADDR PAGE_SIZE /* page 0 stays unmapped so NULL faults */

/* Check the ELF header eh of a file of file_size bytes: an i386 ET_EXEC
 * or ET_DYN whose program header table lies inside the file. Returns 0,
 * or -ENOEXEC with *why set. */
int elf_check_header(const Elf32_Ehdr *eh, uint64_t file_size, const char **why)
{
	uint64_t table = (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr);

	/* as Linux on i386, the class, data encoding and version bytes are not
	 * looked at: the machine says what the file is */
	if (memcmp(eh->e_ident, ELFMAG, 4) != 0)
		*why = "bad ELF magic";
	else if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		*why = "not an executable (e_type neither ET_EXEC nor ET_DYN)";
	else if (eh->e_machine != EM_386 && eh->e_machine != EM_486)
		*why = "not an i386 executable";
	else if (eh->e_phentsize != sizeof(Elf32_Phdr))
		*why = "bad e_phentsize";
	else if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		*why = "bad e_phnum";
	else if (table > file_size || eh->e_phoff > file_size - table)
		*why = "program headers past end of file";
	else
		return 0;
	return -ENOEXEC;
}

/*
 * Check one PT_LOAD for loading at bias below task_size (ET_EXEC's bias
 * is 0 and its segments may not touch page 0). Returns 0, or -EINVAL with
 * *why set.
 */
static int check_load(const Elf32_Phdr *ph, bool dyn, uint32_t bias, uint32_t task_size,
		      const char **why)
{
	uint32_t start = ph->p_vaddr + bias; /* an ET_DYN bias may wrap vaddr round */

	if (ph->p_filesz > ph->p_memsz)
		*why = "PT_LOAD p_filesz > p_memsz";
	else if (!dyn && ph->p_vaddr < MIN_VADDR)
		*why = "PT_LOAD below 0x1000";
	else if ((uint64_t)start + ph->p_memsz > task_size)
		*why = "PT_LOAD reaches past user space";
	else if ((ph->p_vaddr - ph->p_offset) % PAGE_SIZE != 0)
		*why = "PT_LOAD p_vaddr and p_offset differ mod page size";
	else
		return 0;
	return -EINVAL;
}

/* Check every PT_LOAD of the n program headers ph of an image with
 * header eh, loaded at bias below task_size; there must be one. Returns
 * 0, or -EINVAL with *why set. */
int elf_check_loads(const Elf32_Ehdr *eh, const Elf32_Phdr *ph, uint32_t bias, uint32_t task_size,
		    const char **why)
{
	unsigned int nload = 0;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		int err = check_load(&ph[i], eh->e_type == ET_DYN, bias, task_size, why);
		if (err)
			return err;
		nload++;
	}
	if (nload == 0) {
		*why = "no PT_LOAD segment";
		return -EINVAL;
	}
	*why = "ok";
	return 0;
}

/*
 * Validate the size-byte ELF image for loading below task_size at bias 0
 * (see include/lib/elf.h). Returns 0, -ENOEXEC or -EINVAL, with *why
 * saying why.
 */
int elf_validate(const void *image, size_t size, uint32_t task_size, const char **why)
{
	const unsigned char *img = image;
	const char *dummy;
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	unsigned int nload = 0;

	if (!why)
		why = &dummy;
	*why = "ok";
	if (size < sizeof(eh)) {
		*why = "file smaller than an ELF header";
		return -ENOEXEC;
	}
	memcpy(&eh, img, sizeof(eh));
	int err = elf_check_header(&eh, size, why);
	if (err)
		return err;
	for (unsigned int i = 0; i < eh.e_phnum; i++) { /* one at a time: no big copy */
		memcpy(&ph, img + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		err = check_load(&ph, eh.e_type == ET_DYN, 0, task_size, why);
		if (err)
			return err;
		nload++;
	}
	if (nload == 0) {
		*why = "no PT_LOAD segment";
		return -EINVAL;
	}
	return 0;
}
