/*
 * The vDSO: a small ELF shared object (arch/x86/vdso/: __kernel_vsyscall,
 * __kernel_sigreturn and __kernel_rt_sigreturn at version LINUX_2.5, as
 * Linux i386 has them) linked into the kernel image, copied at boot into
 * pages of its own and mapped read+exec into every process execve makes,
 * where AT_SYSINFO_EHDR (the image) and AT_SYSINFO (__kernel_vsyscall)
 * point the C libraries at it. /proc/PID/maps names it [vdso].
 *
 * Every process maps the same pages (each mapping holds a reference, the
 * kernel one more, so they are never freed): fork shares them read-only
 * as any private page, and a write after mprotect copies the page for
 * that process alone, as Linux's private special mapping does.
 *
 * On a CPU without sysenter (sysenter_init), the four bytes "movl %esp,
 * %ebp; sysenter" at vdso_sysenter_seq become a two-byte jump over them,
 * so __kernel_vsyscall falls through to its int $0x80.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <asm/arch.h>
#include <asm/mmu.h>
#include <asm/vdso.h>

#define OP_JMP_SHORT 0xeb  /* jmp rel8 */
#define SYSENTER_SEQ_LEN 4 /* movl %esp, %ebp (2); sysenter (2) */

extern const uint8_t vdso_image_start[], vdso_image_end[]; /* arch/x86/vdso/image.S */

static struct page *vdso_pages[VDSO_PAGES];

/* Copy the image into its pages (patched for a CPU without sysenter). */
void vdso_init(void)
{
	uint32_t size = vdso_image_end - vdso_image_start;

	BUG_ON(size > VDSO_PAGES * PAGE_SIZE);
	for (int i = 0; i < VDSO_PAGES; i++) {
		vdso_pages[i] = alloc_zeroed_page();
		BUG_ON(!vdso_pages[i]);
		uint32_t off = i * PAGE_SIZE;
		if (off < size)
			memcpy(page_address(vdso_pages[i]), vdso_image_start + off,
			       size - off < PAGE_SIZE ? size - off : PAGE_SIZE);
	}
	if (!sysenter_init()) {
		uint8_t *seq = (uint8_t *)page_address(vdso_pages[0]) + VDSO_SYSENTER_SEQ;
		seq[0] = OP_JMP_SHORT;
		seq[1] = SYSENTER_SEQ_LEN - 2;
	}
	pr_info("vdso: system calls through %s (%u bytes)\n",
		sysenter_enabled() ? "sysenter" : "int $0x80", size);
}

/* Page i of the vDSO, with a reference for the caller. */
struct page *vdso_page(uint32_t i)
{
	BUG_ON(i >= VDSO_PAGES);
	get_page(vdso_pages[i]);
	return vdso_pages[i];
}

/* The image's bytes in kernel memory (the ktest reads its ELF). */
const void *vdso_image(uint32_t *size)
{
	*size = vdso_image_end - vdso_image_start;
	return page_address(vdso_pages[0]);
}

/* Map the vDSO into the new address space mm, below its other mmap
 * areas, and record where (mm->vdso_base). Returns 0 or -ENOMEM. */
int vdso_map(struct mm *mm)
{
	uint32_t len = VDSO_PAGES * PAGE_SIZE;
	uint32_t base = get_unmapped_area(mm, len);

	if (!base || vma_add(mm, base, base + len, VM_READ | VM_EXEC | VM_VDSO))
		return -ENOMEM;
	for (uint32_t i = 0; i < VDSO_PAGES; i++) {
		struct page *p = vdso_page(i);
		if (vm_map(mm->pgdir, base + i * PAGE_SIZE, p, PTE_U)) {
			put_page(p);
			return -ENOMEM;
		}
		mm_rss_add(mm, 1);
	}
	mm->vdso_base = base;
	return 0;
}

/* The user address of __kernel_vsyscall in mm (AT_SYSINFO), or 0. */
uint32_t vdso_vsyscall(const struct mm *mm)
{
	return mm->vdso_base ? mm->vdso_base + VDSO_KERNEL_VSYSCALL : 0;
}

/* The user address of __kernel_rt_sigreturn (rt) or __kernel_sigreturn
 * in mm, or 0 if mm has no vDSO. */
uint32_t vdso_sigreturn(const struct mm *mm, bool rt)
{
	if (!mm->vdso_base)
		return 0;
	return mm->vdso_base + (rt ? VDSO_KERNEL_RT_SIGRETURN : VDSO_KERNEL_SIGRETURN);
}
