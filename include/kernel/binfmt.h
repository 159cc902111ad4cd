/*
 * The ELF loader of execve (kernel/binfmt_elf.c): what it knows about one
 * ELF file it maps, the program or its interpreter.
 */
#ifndef KERNEL_BINFMT_H
#define KERNEL_BINFMT_H

#include <kernel/kernel.h>
#include <lib/elf.h>

struct file;
struct mm;

/* Where Linux on i386 puts a PIE program (ET_DYN with PT_INTERP). */
#define ELF_ET_DYN_BASE 0x00400000u
#define USER_HZ 100 /* AT_CLKTCK: the unit of times(2) */

struct elf_image {
	struct file *file; /* a reference held until elf_image_put */
	Elf32_Ehdr eh;
	Elf32_Phdr *ph;	 /* the eh.e_phnum program headers (kmalloc'd) */
	uint32_t bias;	 /* where vaddr 0 went (0 for ET_EXEC) */
	uint32_t end;	 /* bias + the highest p_vaddr + p_memsz */
	const char *why; /* what was wrong, for the kernel log */
};

/* Read the ELF header and program headers of f (a reference is taken)
 * into *im; interp says which errors Linux gives: -ENOEXEC for a program,
 * -ELIBBAD (or -EIO for a file shorter than a header) for an interpreter.
 * Returns 0, those, or -ENOMEM; on failure *im holds nothing. */
int elf_image_read(struct elf_image *im, struct file *f, bool interp);
/* Drop what elf_image_read took. */
void elf_image_put(struct elf_image *im);
/* The interpreter PT_INTERP names, kmalloc'd, into *name (NULL when there
 * is none). Returns 0, -ENOEXEC (a bad name), -EIO or -ENOMEM. */
int elf_interp_name(const struct elf_image *im, char **name);
/* The load bias an ET_DYN program or interpreter gets in mm (mmap area
 * top-down, or ELF_ET_DYN_BASE for a PIE program with an interpreter),
 * 0 for ET_EXEC. Returns 0 or -ENOMEM (no room), with *bias set. */
int elf_choose_bias(struct mm *mm, const struct elf_image *im, bool pie, uint32_t *bias);
/* Map im's PT_LOADs at bias into mm, the current address space; vm_extra
 * (VM_EXEFILE for the program) goes on its file mappings. Returns 0, or
 * -EINVAL, -EPERM, -EFAULT or -ENOMEM: all fatal to the exec, as on Linux
 * where they come past the point of no return. */
int elf_map(struct mm *mm, struct elf_image *im, uint32_t bias, uint32_t vm_extra);
/* Where im's program headers are in memory once mapped (AT_PHDR). */
uint32_t elf_phdr_addr(const struct elf_image *im);

#endif
