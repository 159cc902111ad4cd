/*
 * ELF32 definitions and the header validator (lib/elf.c). The validator
 * checks everything that can be checked without touching memory, so the
 * loader (kernel/exec.c) only maps what it was told is sane.
 */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include <stddef.h>
#include <stdint.h>

#define EI_NIDENT 16
#define ELFMAG "\177ELF"
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_386 3
#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_TLS 7
#define PT_GNU_STACK 0x6474e551
#define PF_X 1
#define PF_W 2
#define PF_R 4

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint32_t e_entry;
	uint32_t e_phoff;
	uint32_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	uint32_t p_type;
	uint32_t p_offset;
	uint32_t p_vaddr;
	uint32_t p_paddr;
	uint32_t p_filesz;
	uint32_t p_memsz;
	uint32_t p_flags;
	uint32_t p_align;
} Elf32_Phdr;

typedef struct {
	uint32_t st_name;
	uint32_t st_value;
	uint32_t st_size;
	unsigned char st_info;
	unsigned char st_other;
	uint16_t st_shndx;
} Elf32_Sym;

#define ELF_MAX_PHNUM 64

/*
 * Validate an ELF32 i386 executable image of `size` bytes at `image`
 * for loading into user space below `task_size`. Checks magic, class,
 * data encoding, version, type (ET_EXEC only), machine, e_phentsize,
 * phnum (1..ELF_MAX_PHNUM), that the program headers lie inside the file,
 * and for every PT_LOAD: p_filesz <= p_memsz, file range inside the file,
 * vaddr + memsz does not wrap and stays <= task_size, vaddr >= 0x1000,
 * (p_vaddr - p_offset) % 4096 == 0, no two PT_LOAD segments overlap (by page),
 * at least one PT_LOAD, and a PT_INTERP is refused. e_entry is not checked
 * (as on Linux, a bad entry point faults on the first instruction).
 * Returns 0 if valid, -ENOEXEC (-8) for a file that is not a loadable
 * i386 executable, or -EINVAL (-22) for a malformed one whose headers are
 * inconsistent (bad segment bounds, overlap, kernel-half addresses).
 * Precisely: every ELF header check (including phnum and the program header
 * table lying inside the file), a PT_INTERP and "no PT_LOAD" give -ENOEXEC;
 * every PT_LOAD check and overlap give -EINVAL.
 * *why (if why is not NULL) is set to a short static string describing the
 * first problem, or "ok".
 */
int elf_validate(const void *image, size_t size, uint32_t task_size, const char **why);

#endif
