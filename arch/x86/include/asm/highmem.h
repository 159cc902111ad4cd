/*
 * The persistent kmap pool's virtual area (kmap()/kunmap(), mm/highmem.c),
 * as Linux's asm/highmem.h: LAST_PKMAP page-sized slots from PKMAP_BASE,
 * below the fixmap, all in one page table made at boot in kpgdir:
 *
 *   PKMAP_BASE (0xFF800000) .. 0xFFBFFFFF   slot nr at PKMAP_ADDR(nr)
 */
#ifndef ASM_HIGHMEM_H
#define ASM_HIGHMEM_H

#include <asm/page.h>

#define LAST_PKMAP 1024 /* one page table's worth of slots (Linux's, no PAE) */
#define PKMAP_BASE 0xFF800000u

/* The slot number of pool address va, and the address of slot nr. */
#define PKMAP_NR(va) (((unsigned int)(va)-PKMAP_BASE) >> PAGE_SHIFT)
#define PKMAP_ADDR(nr) (PKMAP_BASE + ((unsigned int)(nr) << PAGE_SHIFT))

#endif
