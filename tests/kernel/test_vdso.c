/*
 * Selftests for the vDSO and the sysenter entry (arch/x86/vdso.c,
 * arch/x86/sysenter.c): the image the kernel copied is the ELF shared
 * object it was linked with, its dynamic symbols are where the kernel's
 * offsets (AT_SYSINFO, the signal return addresses) say, the landing pad
 * follows an int $0x80, the fast-entry sequence is sysenter where the CPU
 * has it and a jump over it elsewhere, the SYSENTER MSRs point at the
 * entry, and vdso_map puts the shared pages into an address space, which
 * gives their references back when it goes.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <lib/elf.h>
#include <asm/arch.h>
#include <asm/mce.h>
#include <asm/mmu.h>
#include <asm/msr.h>
#include <asm/vdso.h>
#include <asm/x86.h>

#define OP_INT 0xcd
#define INT80_VECTOR 0x80

/* The value of dynamic symbol name in the image (looked up through
 * PT_DYNAMIC and DT_HASH, as a loader does), or -1. */
static long dynsym(const uint8_t *img, const char *name)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	const Elf32_Phdr *ph = (const Elf32_Phdr *)(img + eh->e_phoff);
	const Elf32_Dyn *dyn = NULL;

	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf32_Dyn *)(img + ph[i].p_offset);
	if (!dyn)
		return -1;
	const uint32_t *hash = NULL;
	const Elf32_Sym *syms = NULL;
	const char *strs = NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_HASH)
			hash = (const uint32_t *)(img + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_SYMTAB)
			syms = (const Elf32_Sym *)(img + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_STRTAB)
			strs = (const char *)(img + dyn->d_un.d_ptr);
	}
	if (!hash || !syms || !strs)
		return -1;
	for (uint32_t i = 1; i < hash[1]; i++)
		if (!strcmp(strs + syms[i].st_name, name))
			return syms[i].st_value;
	return -1;
}

/* The image is an i386 ELF shared object with no writable segment. */
static void image_is_elf(void)
{
	uint32_t size;
	const Elf32_Ehdr *eh = vdso_image(&size);
	const char *why = NULL;

	KT_EXPECT(size > sizeof(*eh) && size <= VDSO_PAGES * PAGE_SIZE);
	KT_EXPECT_EQ(elf_check_header(eh, size, &why), 0);
	KT_EXPECT_EQ(eh->e_type, ET_DYN);
	const Elf32_Phdr *ph = (const Elf32_Phdr *)((const uint8_t *)eh + eh->e_phoff);
	int loads = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		loads++;
		KT_EXPECT_EQ(ph[i].p_vaddr, 0);
		KT_EXPECT_EQ(ph[i].p_flags, PF_R | PF_X);
		KT_EXPECT(ph[i].p_memsz <= VDSO_PAGES * PAGE_SIZE);
	}
	KT_EXPECT_EQ(loads, 1);
}

/* The kernel's offsets are the image's dynamic symbols. */
static void symbols_match(void)
{
	uint32_t size;
	const uint8_t *img = vdso_image(&size);

	KT_EXPECT_EQ(dynsym(img, "__kernel_vsyscall"), VDSO_KERNEL_VSYSCALL);
	KT_EXPECT_EQ(dynsym(img, "__kernel_sigreturn"), VDSO_KERNEL_SIGRETURN);
	KT_EXPECT_EQ(dynsym(img, "__kernel_rt_sigreturn"), VDSO_KERNEL_RT_SIGRETURN);
	KT_EXPECT_EQ(dynsym(img, "int80_landing_pad"), -1); /* not exported */
	KT_EXPECT_EQ(img[VDSO_INT80_LANDING_PAD - 2], OP_INT);
	KT_EXPECT_EQ(img[VDSO_INT80_LANDING_PAD - 1], INT80_VECTOR);
}

/* sysenter where the CPU has it, else a jump to the int $0x80. */
static void entry_fits_the_cpu(void)
{
	uint32_t size;
	const uint8_t *seq = (const uint8_t *)vdso_image(&size) + VDSO_SYSENTER_SEQ;

	if (sysenter_enabled()) {
		static const uint8_t want[] = { 0x89, 0xe5, 0x0f,
						0x34 }; /* movl %esp,%ebp; sysenter */
		KT_EXPECT(!memcmp(seq, want, sizeof(want)));
		KT_EXPECT_EQ(rdmsr(MSR_IA32_SYSENTER_CS), SEG_KCODE);
		KT_EXPECT_EQ(rdmsr(MSR_IA32_SYSENTER_EIP), (uint32_t)sysenter_entry);
		KT_EXPECT(rdmsr(MSR_IA32_SYSENTER_ESP) != 0);
	} else {
		KT_EXPECT_EQ(seq[0], 0xeb); /* jmp over the rest */
		KT_EXPECT_EQ((uintptr_t)(seq + 2 + seq[1]),
			     (uintptr_t)vdso_image(&size) + VDSO_INT80_LANDING_PAD - 2);
	}
}

/* vdso_map: a read-only user mapping of the shared pages, flagged for
 * /proc/PID/maps; the address space's end gives the references back. */
static void map_and_unmap(void)
{
	struct mm *mm = mm_create();
	uint32_t size;
	const void *img = vdso_image(&size);

	KT_EXPECT(mm != NULL);
	if (!mm)
		return;
	mm->mmap_base = MMAP_BASE;
	struct page *pg = phys_to_page(V2P(img));
	int refs = pg->refcount;
	KT_EXPECT_EQ(vdso_map(mm), 0);
	KT_EXPECT(mm->vdso_base != 0 && mm->vdso_base < MMAP_BASE);
	struct vma *v = find_vma(mm, mm->vdso_base);
	KT_EXPECT(v && v->start == mm->vdso_base && (v->flags & VM_VDSO));
	KT_EXPECT(v && !(v->flags & VM_WRITE) && (v->flags & VM_EXEC));
	pte_t pte;
	KT_EXPECT_EQ(vm_lookup(mm->pgdir, mm->vdso_base, &pte), V2P(img));
	KT_EXPECT((pte & PTE_U) && !(pte & PTE_W));
	KT_EXPECT_EQ(pg->refcount, refs + 1);
	mm_destroy(mm);
	KT_EXPECT_EQ(pg->refcount, refs);
}

static const struct ktest_case cases[] = {
	{ "image_is_elf", image_is_elf },
	{ "symbols_match", symbols_match },
	{ "entry_fits_the_cpu", entry_fits_the_cpu },
	{ "map_and_unmap", map_and_unmap },
};
KTEST_SUITE(vdso, cases);
