/*
 * The physical page allocator. One struct page per frame up to max_pfn,
 * in page_array, placed in the first free RAM after the kernel image and
 * the boot modules. A frame is free when its refcount is 0 and it is not
 * PG_RESERVED. Reserved: the low 1 MiB (BIOS, VGA), the kernel image,
 * the boot modules, page_array itself, everything the memory map does not
 * call available RAM (the memmap= persistent memory too: MemTotal leaves
 * it out), and RAM above the direct map. The memory map and the
 * modules' ranges come from the interface in kernel/memmap.h.
 *
 * Allocation is a next-fit scan; runs of n contiguous pages (kmalloc of
 * large objects, kernel stacks) use the same scan.
 *
 * With "page_poison=1" on the command line (as Linux's page_poison), a
 * freed page is filled with PAGE_POISON and marked PG_POISONED; handing it
 * out again checks the fill first, and a byte that changed while the page
 * was free is reported as "BUG: page poison overwritten", a use after free
 * by whoever held the page last.
 */
#include <kernel/mm.h>
#include <kernel/memmap.h>

struct page *page_array;
uint32_t max_pfn;
static uint32_t free_count, total_count, hint;
bool page_poison;

#define LOW_MEMORY_END 0x100000 /* the first 1 MiB: BIOS data, VGA, ROMs */

/* The direct-map address of page's frame. */
void *page_address(struct page *page)
{
	return P2V(page_to_phys(page));
}

/* Is frame pfn free for the taking? */
static bool is_free(uint32_t pfn)
{
	const struct page *p = &page_array[pfn];
	return !(p->flags & PG_RESERVED) && p->refcount == 0;
}

/* Mark every frame touching the physical range [start, end) reserved. */
static void reserve(uint32_t start, uint32_t end) /* physical byte range */
{
	for (uint32_t pfn = start >> PAGE_SHIFT;
	     pfn < PGROUNDUP(end) >> PAGE_SHIFT && pfn < max_pfn; pfn++)
		page_array[pfn].flags |= PG_RESERVED;
}

/* Returns the end of usable RAM, capped at what the direct map can hold. */
uint32_t pmm_ram_top(void)
{
	uint64_t top = 0;
	struct mem_range r;

	for (int i = 0; memmap_range(i, &r); i++)
		if (r.type == MEM_RAM && r.base + r.len > top)
			top = r.base + r.len;
	return top > MAX_DIRECT_MAP ? MAX_DIRECT_MAP : (uint32_t)PGROUNDDOWN((uint32_t)top);
}

/* Keep the memmap= persistent-memory region only if it is whole pages of
 * available RAM below top and above everything boot placed (the kernel,
 * the modules and page_array end below placed_end); else say why and drop
 * it. Kept, it is reserved like any range the map does not call RAM. */
static void pmem_check(uint32_t top, uint32_t placed_end)
{
	uint64_t base, len;
	struct mem_range r;
	bool in_ram = false;
	const char *why = NULL;

	if (!memmap_pmem(&base, &len))
		return;
	for (int i = 0; memmap_range(i, &r); i++)
		if (r.type == MEM_RAM && base >= r.base && base + len <= r.base + r.len)
			in_ram = true;
	if ((base | len) & (PAGE_SIZE - 1))
		why = "is not whole pages";
	else if (!in_ram)
		why = "is not available RAM";
	else if (base + len > top)
		why = "is above the direct map";
	else if (base < placed_end)
		why = "overlaps the kernel, the boot modules or the page array";
	if (why) {
		printk("memmap: [mem %#010llx-%#010llx] %s: no persistent memory\n", base,
		       base + len - 1, why);
		memmap_drop_pmem();
	}
}

/* Build page_array from the memory map and count free frames. */
void pmm_init(void)
{
	uint32_t top = pmm_ram_top();
	uint32_t avoid = V2P(_kernel_end);
	uint32_t mstart, mend;
	struct mem_range r;

	page_poison = cmdline_page_poison;
	max_pfn = top >> PAGE_SHIFT;
	for (int i = 0; memmap_module(i, &mstart, &mend); i++)
		if (mend > avoid)
			avoid = mend;

	uint32_t array_bytes = PGROUNDUP(max_pfn * sizeof(struct page));
	uint32_t array_pa = PGROUNDUP(avoid);
	if (array_pa + array_bytes > top)
		panic("pmm_init: no room for the page array above 0x%x", array_pa);
	page_array = P2V(array_pa);
	memset(page_array, 0, array_bytes);
	pmem_check(top, array_pa + array_bytes);

	/* Everything is reserved until the memory map says it is RAM. */
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++)
		page_array[pfn].flags = PG_RESERVED;
	for (int i = 0; memmap_range(i, &r); i++) {
		if (r.type != MEM_RAM || r.base >= top)
			continue;
		uint64_t end = r.base + r.len > top ? top : r.base + r.len;
		for (uint64_t pa = PGROUNDUP((uint32_t)r.base); pa + PAGE_SIZE <= end;
		     pa += PAGE_SIZE)
			page_array[pa >> PAGE_SHIFT].flags &= ~PG_RESERVED;
	}
	/* A range the map calls reserved wins over one it calls available. */
	for (int i = 0; memmap_range(i, &r); i++) {
		if (r.type != MEM_RAM && r.base < top)
			reserve(PGROUNDDOWN((uint32_t)r.base),
				r.base + r.len > top ? (uint32_t)top : (uint32_t)(r.base + r.len));
	}
	reserve(0, LOW_MEMORY_END);
	reserve(V2P(_kernel_start), V2P(_kernel_end));
	for (int i = 0; memmap_module(i, &mstart, &mend); i++)
		reserve(PGROUNDDOWN(mstart), mend);
	reserve(array_pa, array_pa + array_bytes);

	for (uint32_t pfn = 0; pfn < max_pfn; pfn++)
		if (is_free(pfn))
			free_count++;
	total_count = free_count;
}

/* First pfn of a run of n free pages in [from, to), or -1. */
static int32_t find_run(uint32_t from, uint32_t to, uint32_t n)
{
	uint32_t run = 0;

	for (uint32_t pfn = from; pfn < to; pfn++) {
		run = is_free(pfn) ? run + 1 : 0;
		if (run == n)
			return pfn + 1 - n;
	}
	return -1;
}

#define POISON_WORD (PAGE_POISON * 0x01010101u)

/* The first byte of free page p that lost its poison; see mm.h.
 * Returns its offset, or -1. */
int page_poison_find(const struct page *p)
{
	const uint32_t *w = page_address((struct page *)p);

	if (!(p->flags & PG_POISONED))
		return -1;
	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++) {
		if (w[i] == POISON_WORD)
			continue;
		const uint8_t *b = (const uint8_t *)&w[i];
		uint32_t k = 0;
		while (b[k] == PAGE_POISON)
			k++;
		return i * 4 + k;
	}
	return -1;
}

/* A poisoned free page is about to be handed out: report any byte that
 * changed since it was freed. */
static void check_poison(struct page *p)
{
	int off = page_poison_find(p);

	if (off < 0)
		return;
	printk("\nBUG: page poison overwritten: pfn 0x%x byte 0x%x is 0x%02x, not 0x%02x:"
	       " the page was written after it was freed\n",
	       page_to_pfn(p), off, ((uint8_t *)page_address(p))[off], PAGE_POISON);
	dump_stack();
	printk("---[ end trace ]---\n");
}

/* n contiguous free frames, refcount 1 each (poison checked first).
 * Returns the first, or NULL if there is no such run. */
struct page *alloc_pages(uint32_t n)
{
	int32_t start;

	if (n == 0 || n > free_count)
		return NULL;
	start = find_run(hint, max_pfn, n);
	if (start < 0)
		start = find_run(0, max_pfn, n);
	if (start < 0)
		return NULL;
	for (uint32_t k = 0; k < n; k++) {
		if (page_array[start + k].flags & PG_POISONED)
			check_poison(&page_array[start + k]);
		page_array[start + k].refcount = 1;
		page_array[start + k].flags = 0;
	}
	free_count -= n;
	hint = start + n;
	return &page_array[start];
}

/* One frame, refcount 1, contents undefined; NULL when memory is out. */
struct page *alloc_page(void)
{
	return alloc_pages(1);
}

/* One zeroed frame, refcount 1; NULL when memory is out. */
struct page *alloc_zeroed_page(void)
{
	struct page *p = alloc_pages(1);

	if (p)
		memset(page_address(p), 0, PAGE_SIZE);
	return p;
}

/* Free n frames from p on (poisoning them under page_poison). Panics on
 * a frame that is already free or reserved. */
void free_pages(struct page *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (p[i].refcount == 0 || (p[i].flags & PG_RESERVED))
			panic("free_pages: freeing free or reserved page pfn %u",
			      page_to_pfn(&p[i]));
		memset(&p[i], 0, sizeof(p[i]));
		if (page_poison) {
			memset(page_address(&p[i]), PAGE_POISON, PAGE_SIZE);
			p[i].flags = PG_POISONED;
		}
	}
	free_count += n;
}

#define PAGE_REF_MAX UINT16_MAX /* struct page's refcount is 16 bits */

/* Take another reference to an allocated frame. */
void get_page(struct page *p)
{
	BUG_ON(p->refcount == 0 || p->refcount == PAGE_REF_MAX);
	p->refcount++;
}

/* Drop a reference; the last one frees the frame. */
void put_page(struct page *p)
{
	BUG_ON(p->refcount == 0);
	if (--p->refcount == 0) {
		p->refcount = 1;
		free_pages(p, 1);
	}
}

/*
 * Pages for user data (process memory, file contents) never take the last
 * RESERVE_PAGES free pages: those stay for the kernel's own allocations,
 * so that a process that fills memory can still be killed, and a full
 * ramfs can still have files opened and unlinked to make room.
 */
#define RESERVE_PAGES 128

/* A zeroed frame for user data, or NULL once only the reserve is left. */
struct page *alloc_user_page(void)
{
	if (free_count <= RESERVE_PAGES)
		return NULL;
	return alloc_zeroed_page();
}

/* True while more than the reserve is free: user data may take pages. */
bool user_pages_left(void)
{
	return free_count > RESERVE_PAGES;
}

/* How many more pages alloc_user_page may give out now. */
uint32_t user_pages_avail(void)
{
	return free_count > RESERVE_PAGES ? free_count - RESERVE_PAGES : 0;
}

/* Frames free now. */
uint32_t nr_free_pages(void)
{
	return free_count;
}

/* Frames that were free after boot. */
uint32_t nr_total_pages(void)
{
	return total_count;
}
