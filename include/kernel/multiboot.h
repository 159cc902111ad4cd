/*
 * What the kernel keeps from the Multiboot v1 information structure
 * (kernel/multiboot.c copies it out early, before anything can overwrite
 * the boot loader's memory). mm/ does not read it: it gets the memory map
 * and the modules' ranges through kernel/memmap.h.
 */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdint.h>
#include <kernel/memmap.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define MAX_MMAP 32
#define MAX_MODULES 8

struct boot_module {
	uint32_t start, end; /* physical */
	char name[128];	     /* its command line, less a leading path */
};

struct boot_info {
	char cmdline[1024];
	char loader[64];
	int nmmap;
	struct mem_range mmap[MAX_MMAP];
	int nmods;
	struct boot_module mods[MAX_MODULES];
};

extern struct boot_info boot_info;
/* Copy the Multiboot information at info_phys into boot_info; panics if
 * magic is not the Multiboot loader's or there is no memory map. */
void multiboot_parse(uint32_t magic, uint32_t info_phys);

#endif
