/*
 * /dev/pmem0 (fs/pmem.c): the RAM that memmap=nn!ss made persistent
 * memory, as a character device, and its list of bad ranges.
 */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include <kernel/kernel.h>

struct inode;

#define PMEM_MAJOR 259 /* the numbers Linux's /dev/pmem0 block device has */
#define PMEM_MINOR 0
#define PMEM_SECTOR 512u      /* the bad-range granularity, as Linux's badblocks */
#define PMEM_MAX_BADRANGES 16 /* bad ranges the list holds */

/* Make /dev/pmem0 in dir if memmap= gave a region, and log the region. */
void pmem_init(struct inode *dir);
/* The region's size in bytes; 0 when there is no /dev/pmem0. */
uint64_t pmem_size(void);

/* Record that the bytes [phys, phys + len) are bad (a machine check read
 * poison there): the 512-byte sectors they touch read as -EIO until a
 * write covers them whole. Returns 0, -ERANGE when no byte lies in the
 * region, or -ENOSPC when the list is full. The #MC handler calls this. */
int pmem_record_poison(uint64_t phys, uint64_t len);
/* How many bad ranges the list holds now. */
int pmem_badranges(void);
/* Forget every bad range (the selftests start clean). */
void pmem_clear_badranges(void);

#endif
