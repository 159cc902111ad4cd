/*
 * Reading the Multiboot v1 information (the spec's section 3.3). The boot
 * page tables (boot/entry.S) map the first 768 MiB of RAM, the whole direct
 * map, at PAGE_OFFSET, so the structure and everything it points to is
 * reachable through P2V wherever the boot loader put it.
 *
 * What we keep goes into boot_info, and the memory map and module ranges
 * are handed to mm/ through the interface of kernel/memmap.h.
 */
#include <kernel/kernel.h>
#include <kernel/multiboot.h>
#include <asm/mmu.h>

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __packed;

struct mb_mod {
	uint32_t start, end, string, reserved;
} __packed;

struct mb_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __packed;

#define MB_INFO_MEMORY 0x001
#define MB_INFO_CMDLINE 0x004
#define MB_INFO_MODS 0x008
#define MB_INFO_MMAP 0x040
#define MB_INFO_LOADER 0x200
#define MB_MMAP_SIZE_FIELD 4   /* mb_mmap.size counts the bytes after itself */
#define MB_LOWER_BASE 0	       /* mem_lower: KiB of RAM from 0 */
#define MB_UPPER_BASE 0x100000 /* mem_upper: KiB of RAM from 1 MiB */
#define KIB_SHIFT 10

struct boot_info boot_info;
static struct mem_range pmem_range; /* len 0: no memmap= region */

/* Returns where a module's own words begin in its command line s: the
 * loader puts the module's file first ("/host/dir/prog /run/prog"), so
 * with more words after it that path is skipped, however long it is. */
static const char *module_words(const char *s)
{
	const char *sp = strchr(s, ' ');

	while (sp && *sp == ' ')
		sp++;
	return sp && *sp ? sp : s;
}

/* Copy what the boot loader passed (command line, loader name, memory
 * map, modules) into boot_info; panics if magic says no Multiboot loader
 * started us. */
void multiboot_parse(uint32_t magic, uint32_t info_phys)
{
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("multiboot_parse: bad magic 0x%x: not started by a Multiboot loader", magic);
	const struct mb_info *mi = P2V(info_phys);

	if (mi->flags & MB_INFO_CMDLINE)
		strlcpy(boot_info.cmdline, P2V(mi->cmdline), sizeof(boot_info.cmdline));
	if (mi->flags & MB_INFO_LOADER)
		strlcpy(boot_info.loader, P2V(mi->boot_loader_name), sizeof(boot_info.loader));
	if (mi->flags & MB_INFO_MMAP) {
		uint32_t p = mi->mmap_addr, end = mi->mmap_addr + mi->mmap_length;
		while (p < end && boot_info.nmmap < MAX_MMAP) {
			const struct mb_mmap *m = P2V(p);
			struct mem_range *r = &boot_info.mmap[boot_info.nmmap++];
			r->base = m->addr;
			r->len = m->len;
			r->type = m->type;
			p += m->size + MB_MMAP_SIZE_FIELD;
		}
	} else if (mi->flags & MB_INFO_MEMORY) {
		boot_info.mmap[0] =
			(struct mem_range){ MB_LOWER_BASE, (uint64_t)mi->mem_lower << KIB_SHIFT,
					    MEM_RAM };
		boot_info.mmap[1] =
			(struct mem_range){ MB_UPPER_BASE, (uint64_t)mi->mem_upper << KIB_SHIFT,
					    MEM_RAM };
		boot_info.nmmap = 2;
	} else {
		panic("multiboot_parse: the boot loader gave no memory map");
	}
	if (mi->flags & MB_INFO_MODS) {
		const struct mb_mod *mod = P2V(mi->mods_addr);
		for (uint32_t i = 0; i < mi->mods_count && i < MAX_MODULES; i++) {
			struct boot_module *bm = &boot_info.mods[boot_info.nmods++];
			bm->start = mod[i].start;
			bm->end = mod[i].end;
			if (mod[i].string)
				strlcpy(bm->name, module_words(P2V(mod[i].string)),
					sizeof(bm->name));
		}
	}
}

/* Copy range i of the memory map into *r; false past the last one. The
 * memmap= region, if any, comes after the loader's ranges. */
bool memmap_range(int i, struct mem_range *r)
{
	if (i >= 0 && i == boot_info.nmmap && pmem_range.len) {
		*r = pmem_range;
		return true;
	}
	if (i < 0 || i >= boot_info.nmmap)
		return false;
	*r = boot_info.mmap[i];
	return true;
}

/* Record [base, base + len) as the persistent-memory region. */
void memmap_add_pmem(uint64_t base, uint64_t len)
{
	pmem_range = (struct mem_range){ base, len, MEM_PRAM };
}

/* The persistent-memory region in *base, *len; false when there is none. */
bool memmap_pmem(uint64_t *base, uint64_t *len)
{
	*base = pmem_range.base;
	*len = pmem_range.len;
	return pmem_range.len != 0;
}

/* Forget the persistent-memory region. */
void memmap_drop_pmem(void)
{
	pmem_range.len = 0;
}

/* The physical range of boot module i; false when there is none. */
bool memmap_module(int i, uint32_t *start, uint32_t *end)
{
	if (i < 0 || i >= boot_info.nmods)
		return false;
	*start = boot_info.mods[i].start;
	*end = boot_info.mods[i].end;
	return true;
}
