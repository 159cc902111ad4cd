/*
 * The fixmap: kernel virtual pages at addresses fixed at build time,
 * counted down from FIXADDR_TOP, as Linux's asm/fixmap.h. One page table
 * (made at boot in kpgdir by mm/highmem.c, so every address space shares
 * it) maps 0xFFC00000-0xFFFFFFFF; only the pages below are used:
 *
 *   FIXADDR_TOP (0xFFFFF000)     FIX_HOLE: never mapped
 *   0xFFFFE000 .. 0xFFFEF000     FIX_KMAP_BEGIN..FIX_KMAP_END: the
 *                                kmap_local_page/kmap_atomic slots,
 *                                KM_MAX_IDX a CPU (slot i at
 *                                __fix_to_virt(FIX_KMAP_BEGIN + i))
 */
#ifndef ASM_FIXMAP_H
#define ASM_FIXMAP_H

#include <asm/page.h>

#define KM_MAX_IDX 16 /* nested local mappings a task may hold (Linux's) */
#define NR_CPUS 1

#define FIXADDR_TOP 0xFFFFF000u

enum fixed_addresses {
	FIX_HOLE,
	FIX_KMAP_BEGIN,
	FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1,
	__end_of_fixed_addresses
};

/* The virtual address of fixmap page x. */
#define __fix_to_virt(x) (FIXADDR_TOP - ((unsigned int)(x) << PAGE_SHIFT))
/* The lowest fixmap address in use. */
#define FIXADDR_START __fix_to_virt(__end_of_fixed_addresses - 1)
/* The start of the 4 MiB that the fixmap's one page table maps. */
#define FIXMAP_PT_BASE 0xFFC00000u

#endif
