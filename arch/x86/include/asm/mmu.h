/*
 * x86 MMU, segmentation and control-register definitions, one bit per
 * line: the one header for the CPU's bits (after xv6's mmu.h).
 *
 * Virtual address space (see also mm/vm.c):
 *   0x00000000-0x00000FFF  never mapped: NULL dereferences fault
 *   0x00001000-0xBFFFFFFF  user space (TASK_SIZE = 0xC0000000)
 *   0xC0000000-...         kernel: direct map of low memory (the RAM
 *                          below MAX_DIRECT_MAP, 768 MiB, or below
 *                          highmem='s boundary), kernel image at 0xC0100000
 *   0xF0000000-0xF05FFFFF  kernel stacks with guard pages (kernel/kstack.c)
 *   0xFF800000-0xFFBFFFFF  the kmap pool: LAST_PKMAP slots (asm/highmem.h)
 *   0xFFFEF000-0xFFFFEFFF  the fixmap's kmap_local/kmap_atomic slots,
 *                          KM_MAX_IDX a CPU (asm/fixmap.h)
 *   0xFFFFF000-0xFFFFFFFF  never mapped (FIX_HOLE)
 * High memory (RAM above the direct map, up to 4 GiB) has no fixed kernel
 * address: the kernel reaches it only through the two slot areas
 * (include/kernel/highmem.h, mm/highmem.c).
 * and below MMAP_MIN (64 KiB) there is never a user page (mmap, execve).
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

/* Hand-aligned assembly macros and tables: clang-format leaves them be. */
/* clang-format off */

#include <asm/page.h>

#define PAGE_OFFSET 0xC0000000u
#define TASK_SIZE 0xC0000000u
#define MAX_DIRECT_MAP (768 << 20)	/* RAM above this is high memory */

#define PGROUNDUP(a) (((a) + PAGE_SIZE - 1) & PAGE_MASK)
#define PGROUNDDOWN(a) ((a) & PAGE_MASK)
#define PDX(va) (((unsigned long)(va) >> 22) & 0x3FF)	/* page directory index */
#define PTX(va) (((unsigned long)(va) >> 12) & 0x3FF)	/* page table index */
#define NPDENTRIES 1024
#define NPTENTRIES 1024
#define PTSIZE (PAGE_SIZE * NPTENTRIES)	/* bytes one page table maps: 4 MiB */

#define V2P(a) ((unsigned long)(a) - PAGE_OFFSET)	/* direct-map virt -> phys */
#define P2V(a) ((void *)((unsigned long)(a) + PAGE_OFFSET))

/* Page directory and page table entry bits. */
#define PTE_P 0x001	/* present */
#define PTE_W 0x002	/* writable */
#define PTE_U 0x004	/* user may access */
#define PTE_PWT 0x008	/* write-through */
#define PTE_PCD 0x010	/* cache disabled */
#define PTE_A 0x020	/* accessed */
#define PTE_D 0x040	/* dirty */
#define PTE_PS 0x080	/* 4 MiB page (in a PDE, with CR4.PSE) */
#define PTE_G 0x100	/* global */
#define PTE_NONE 0x400	/* software: not present, but the page is kept (PROT_NONE) */
#define PTE_HAS_PAGE(pte) ((pte) & (PTE_P | PTE_NONE))
#define PTE_ADDR(pte) ((pte) & ~0xFFFu)
#define PTE_FLAGS(pte) ((pte) & 0xFFFu)

/* Page-fault error code bits (pushed by the CPU with vector 14). */
#define PF_PROT 0x1	/* 0: not-present page, 1: protection violation */
#define PF_WRITE 0x2	/* 0: read, 1: write */
#define PF_USER 0x4	/* 0: kernel mode, 1: user mode */
#define PF_RSVD 0x8	/* reserved bit set in a paging entry */
#define PF_INSTR 0x10	/* instruction fetch */

/* Selector error code bits (pushed with #TS, #NP, #SS and #GP). */
#define SELERR_EXT 0x1		/* an external event (an interrupt) caused it */
#define SELERR_IDT 0x2		/* the index is an IDT vector */
#define SELERR_TI 0x4		/* the index is in the LDT (with SELERR_IDT 0) */
#define SELERR_INDEX_SHIFT 3	/* the descriptor index starts at bit 3 */

/* Control register bits. */
#define CR0_PE 0x00000001	/* protection enable */
#define CR0_MP 0x00000002	/* monitor coprocessor: wait/fwait honour TS */
#define CR0_EM 0x00000004	/* emulation: x87 instructions raise #NM */
#define CR0_NE 0x00000020	/* numeric error: x87 errors as #MF, not IRQ 13 */
#define CR0_WP 0x00010000	/* supervisor writes honour read-only pages */
#define CR0_PG 0x80000000	/* paging */
#define CR4_TSD 0x00000004	/* rdtsc only at CPL 0 (prctl PR_TSC_SIGSEGV) */
#define CR4_PSE 0x00000010	/* 4 MiB pages */
#define CR4_OSFXSR 0x00000200	/* the OS uses fxsave/fxrstor: SSE enabled */
#define CR4_OSXMMEXCPT 0x00000400	/* SIMD exceptions as #XM (vector 19) */
#define CR4_SMEP 0x00100000	/* no kernel-mode instruction fetch from user pages */
#define CR4_SMAP 0x00200000	/* no kernel-mode data access to user pages unless EFLAGS.AC */

/* EFLAGS bits. */
#define FL_CF 0x00000001	/* carry */
#define FL_1 0x00000002		/* reserved, always 1 */
#define FL_PF 0x00000004	/* parity */
#define FL_AF 0x00000010	/* auxiliary carry */
#define FL_ZF 0x00000040	/* zero */
#define FL_SF 0x00000080	/* sign */
#define FL_TF 0x00000100	/* trap: single-step */
#define FL_IF 0x00000200	/* interrupts enabled */
#define FL_DF 0x00000400	/* direction flag */
#define FL_OF 0x00000800	/* overflow */
#define FL_IOPL_MASK 0x00003000	/* I/O privilege level */
#define FL_NT 0x00004000	/* nested task: iret returns to the TSS link */
#define FL_RF 0x00010000	/* resume: no debug fault on the next instruction */
#define FL_AC 0x00040000	/* alignment check (with CR0.AM, in user mode) */

/* Segment descriptor, access byte (bits 40-47 of the descriptor). */
#define SEG_A_ACCESSED 0x01	/* set by the CPU on a load */
#define SEG_A_RW 0x02		/* data: writable; code: readable */
#define SEG_A_DC 0x04		/* data: expands down; code: conforming */
#define SEG_A_CODE 0x08		/* executable: a code segment */
#define SEG_A_S 0x10		/* code or data, not a system descriptor */
#define SEG_A_DPL_SHIFT 5	/* descriptor privilege level, bits 5-6 */
#define SEG_A_DPL(dpl) ((dpl) << SEG_A_DPL_SHIFT)
#define SEG_A_P 0x80		/* present */
/* System descriptor and gate types (the access byte's low 4 bits, S = 0). */
#define STS_TG 0x5		/* task gate */
#define STS_T32A 0x9		/* available 32-bit TSS */
#define STS_IG32 0xE		/* 32-bit interrupt gate */
/* Segment descriptor, flags nibble (bits 52-55). */
#define SEG_F_AVL 0x1		/* available to software (user_desc.useable) */
#define SEG_F_DB 0x4		/* 32-bit segment */
#define SEG_F_G 0x8		/* limit in 4 KiB units */
#define SEG_LIMIT_MAX 0xFFFFF	/* the largest limit: 4 GiB with SEG_F_G */

/* GDT layout, as Linux i386 keeps the TLS slots at 6-8. */
#define GDT_NULL 0
#define GDT_KCODE 1
#define GDT_KDATA 2
#define GDT_UCODE 3
#define GDT_UDATA 4
#define GDT_TSS 5
#define GDT_TLS_MIN 6
#define GDT_TLS_MAX 8
#define GDT_TLS_ENTRIES 3
#define GDT_DFTSS 9	/* the double-fault task's TSS (task gate at vector 8) */
#define GDT_ENTRIES 10

#define SEG_KCODE (GDT_KCODE << 3)
#define SEG_KDATA (GDT_KDATA << 3)
#define SEG_UCODE ((GDT_UCODE << 3) | 3)
#define SEG_UDATA ((GDT_UDATA << 3) | 3)
#define SEG_TSS (GDT_TSS << 3)
#define SEG_DFTSS (GDT_DFTSS << 3)
#define SEG_NULL 0	/* loads into any data segment register; faults on use */
#define SEL_TI 0x4	/* selector bit: look the index up in the LDT, not the GDT */
#define SEL_RPL 0x3	/* selector bits: requested privilege level */
#define DPL_KERNEL 0	/* the kernel's privilege level (ring 0) */
#define DPL_USER 3	/* user mode's privilege level (ring 3) */

/* clang-format on */

#endif
