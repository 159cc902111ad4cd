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
/* mem_range.type: RAM made persistent memory by memmap=nn!ss (Linux's
 * E820_TYPE_PRAM), never given to the page allocator */
#define MEM_PRAM 12

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

/* Make the RAM [base, base + len) persistent memory, as memmap=len!base:
 * memmap_range then lists it as MEM_PRAM after the loader's ranges. Only
 * one region; a later call replaces it. */
void memmap_add_pmem(uint64_t base, uint64_t len);
/* The persistent-memory region, if memmap= made one (and pmm_init kept
 * it). Returns false when there is none. */
bool memmap_pmem(uint64_t *base, uint64_t *len);
/* Forget the region (pmm_init refuses one it cannot keep apart). */
void memmap_drop_pmem(void);

#endif
