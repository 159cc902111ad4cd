/*
 * ELF32 definitions and the header checks (lib/elf.c). They check
 * everything that can be checked without touching memory, so the loader
 * (kernel/binfmt_elf.c) only maps what it was told is sane.
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
#define ET_REL 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_386 3
#define EM_486 6 /* what Linux also takes for i386 */
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

/* The dynamic section's entries (the vDSO's: arch/x86/vdso/) */
#define DT_NULL 0
#define DT_HASH 4
#define DT_STRTAB 5
#define DT_SYMTAB 6

typedef struct {
	int32_t d_tag;
	union {
		uint32_t d_val;
		uint32_t d_ptr;
	} d_un;
} Elf32_Dyn;

#define ELF_MAX_PHNUM (65536 / sizeof(Elf32_Phdr)) /* Linux's limit: 64 KiB of headers */

/*
 * Check an ELF header for a file of file_size bytes: magic, type (ET_EXEC
 * or ET_DYN), machine (EM_386 or EM_486; as Linux, not the class, data
 * encoding or version bytes),
 * e_phentsize, e_phnum (1..ELF_MAX_PHNUM) and that the program header
 * table lies inside the file. Returns 0 or -ENOEXEC, with *why (not NULL)
 * set to a short static string saying what is wrong.
 */
int elf_check_header(const Elf32_Ehdr *eh, uint64_t file_size, const char **why);

/*
 * Check the PT_LOADs among the e_phnum program headers ph for loading at
 * bias below task_size: p_filesz <= p_memsz, bias + p_vaddr + p_memsz <=
 * task_size (no wrap), (p_vaddr - p_offset) % 4096 == 0, an ET_EXEC's
 * p_vaddr >= 0x1000, and at least one PT_LOAD. Segments may run past the
 * end of the file and share pages, as on Linux. Returns 0 or -EINVAL, with
 * *why (not NULL) set.
 */
int elf_check_loads(const Elf32_Ehdr *eh, const Elf32_Phdr *ph, uint32_t bias, uint32_t task_size,
		    const char **why);

/*
 * Validate an ELF32 i386 image of `size` bytes at `image`, whole in
 * memory, for loading at bias 0 below `task_size`: elf_check_header, then
 * elf_check_loads. Returns 0 if valid, -ENOEXEC (-8) for a file that is
 * not a loadable i386 executable, or -EINVAL (-22) for one whose segments
 * cannot be mapped. *why (if why is not NULL) is set to a short static
 * string describing the first problem, or "ok".
 */
int elf_validate(const void *image, size_t size, uint32_t task_size, const char **why);

#endif
