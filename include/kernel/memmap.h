/*
 * The physical memory map, as the boot loader reported it, and the
 * physical ranges that boot-time data occupies (the Multiboot modules).
 * This is how mm/ learns about memory: mm/pmm.c asks these functions and
 * never reads the boot loader's structures itself. kernel/multiboot.c
 * implements them from what it copied out of the Multiboot information.
 */
#ifndef KERNEL_MEMMAP_H
#define KERNEL_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>

#define MEM_RAM 1 /* mem_range.type: available RAM (Multiboot's type 1) */

struct mem_range {
	uint64_t base, len;
	uint32_t type; /* MEM_RAM, or a kind of reserved memory */
};

/* Copy range i of the memory map into *r. Returns false when i is past
 * the last range (the ranges are numbered from 0, in the loader's order). */
bool memmap_range(int i, struct mem_range *r);
/* Set [*start, *end) to the physical bytes of boot module i. Returns false
 * when there is no module i. The page allocator keeps these reserved. */
bool memmap_module(int i, uint32_t *start, uint32_t *end);

#endif
