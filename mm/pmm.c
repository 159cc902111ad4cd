/*
 * The physical page allocator. One struct page per frame up to max_pfn
 * (all RAM below 4 GiB), in page_array, placed in low memory in the first
 * free RAM after the kernel image and the boot modules. A frame is free
 * when its refcount is 0 and it is not PG_RESERVED. Reserved: the low
 * 1 MiB (BIOS, VGA), the kernel image, the boot modules, page_array
 * itself, everything the memory map does not call available RAM (the
 * memmap= persistent memory too: MemTotal leaves it out). The memory map
 * and the modules' ranges come from the interface in kernel/memmap.h.
 *
 * Two zones, as Linux's: ZONE_NORMAL, the frames below max_low_pfn, which
 * the direct map holds (low memory), and ZONE_HIGHMEM, the frames from
 * max_low_pfn to max_pfn, which have no fixed kernel address (high
 * memory: reached through kmap, mm/highmem.c). RAM above MAX_DIRECT_MAP
 * is high memory; "highmem=nn[KMG]" makes the top nn of RAM high memory
 * even on a small machine, as Linux's highmem= (and refuses, with Linux's
 * messages, a size it cannot honour). Every allocator here but
 * alloc_high_page takes low memory; high pages are only for user and file
 * data (alloc_highuser_page, include/kernel/highmem.h).
 *
 * Allocation is a next-fit scan of a zone; runs of n contiguous pages
 * (kmalloc of large objects, kernel stacks) use the same scan, and are
 * marked as a compound page (PG_HEAD with the length, PG_TAIL with the
 * index).
 *
 * With "page_poison=1" on the command line (as Linux's page_poison), a
 * freed page is filled with PAGE_POISON and marked PG_POISONED; handing it
 * out again checks the fill first, and a byte that changed while the page
 * was free is reported as "BUG: page poison overwritten", a use after free
 * by whoever held the page last. High pages are filled and checked
 * through kmap_local_page.
 */
#include <kernel/mm.h>
#include <kernel/memmap.h>
#include <kernel/highmem.h>

struct page *page_array;
uint32_t max_pfn, max_low_pfn;
bool page_poison;

enum {
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	MAX_NR_ZONES
};

struct zone {
	uint32_t start_pfn, end_pfn; /* the frames [start_pfn, end_pfn) */
	uint32_t free, total;	     /* free now, and free after boot */
	uint32_t hint;		     /* where the next scan starts */
};
static struct zone zones[MAX_NR_ZONES];

#define LOW_MEMORY_END 0x100000 /* the first 1 MiB: BIOS data, VGA, ROMs */
#define RAM_LIMIT 0xFFFFF000ull /* the last page below 4 GiB: no PAE */
#define MIN_LOWMEM (64u << 20)	/* highmem= must leave this much low (Linux's) */
#define MB(pages) ((pages) >> (20 - PAGE_SHIFT))

/* The zone frame pfn lies in. */
static struct zone *pfn_zone(uint32_t pfn)
{
	return &zones[pfn >= max_low_pfn ? ZONE_HIGHMEM : ZONE_NORMAL];
}

static bool zones_known;
static uint32_t ram_top, low_top; /* end of RAM below 4 GiB; of low memory */

/* Work out where low memory ends and high memory ends from the memory map
 * and highmem=, as Linux's lowmem_pfn_init/highmem_pfn_init; says why a
 * highmem= size is ignored. Runs once (vm_init asks first). */
static void zones_setup(void)
{
	uint64_t top = 0;
	struct mem_range r;

	if (zones_known)
		return;
	zones_known = true;
	for (int i = 0; memmap_range(i, &r); i++) {
		if (r.type != MEM_RAM)
			continue;
		uint64_t end = r.base + r.len;
		if (end > RAM_LIMIT + PAGE_SIZE)
			printk("highmem: RAM above 4 GiB is not used (no PAE)\n");
		if (r.base >= RAM_LIMIT)
			continue;
		if (end > RAM_LIMIT)
			end = RAM_LIMIT;
		if (end > top)
			top = end;
	}
	ram_top = PGROUNDDOWN((uint32_t)top);
	uint32_t pfns = ram_top >> PAGE_SHIFT, maxmem = MAX_DIRECT_MAP >> PAGE_SHIFT;
	int64_t want = cmdline_highmem_set ? (int64_t)(cmdline_highmem >> PAGE_SHIFT) : -1;
	uint32_t low = pfns;

	if (pfns <= maxmem) {
		if (want >= pfns) {
			printk("highmem size (%lluMB) is bigger than pages available (%uMB)!\n",
			       (unsigned long long)MB(want), MB(pfns));
			want = 0;
		}
		if (want > 0 && pfns - want < (MIN_LOWMEM >> PAGE_SHIFT)) {
			printk("highmem size (%lluMB) results in <64MB lowmem, ignoring it!\n",
			       (unsigned long long)MB(want));
			want = 0;
		}
		if (want > 0)
			low = pfns - (uint32_t)want;
	} else {
		low = maxmem;
		if (want >= 0 && want + maxmem < pfns)
			pfns = maxmem + (uint32_t)want; /* RAM above is not used */
		else if (want >= 0 && want + maxmem > pfns)
			printk("only %uMB highmem pages available, ignoring highmem size of "
			       "%lluMB!\n",
			       MB(pfns - maxmem), (unsigned long long)MB(want));
	}
	ram_top = pfns << PAGE_SHIFT;
	low_top = low << PAGE_SHIFT;
}

/* Returns the end of low memory: the direct map's top (see mm/vm.c). */
uint32_t pmm_ram_top(void)
{
	zones_setup();
	return low_top;
}

/* Returns the end of the RAM the kernel uses (below 4 GiB): the end of
 * high memory, or pmm_ram_top() when there is none. */
uint32_t pmm_high_top(void)
{
	zones_setup();
	return ram_top;
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

/* Build page_array from the memory map and count each zone's free frames. */
void pmm_init(void)
{
	uint32_t top = pmm_ram_top(), high_top = pmm_high_top();
	uint32_t avoid = V2P(_kernel_end);
	uint32_t mstart, mend;
	struct mem_range r;

	page_poison = cmdline_page_poison;
	max_pfn = high_top >> PAGE_SHIFT;
	max_low_pfn = top >> PAGE_SHIFT;
	for (int i = 0; memmap_module(i, &mstart, &mend); i++)
		if (mend > avoid)
			avoid = mend;

	uint32_t array_bytes = PGROUNDUP(max_pfn * sizeof(struct page));
	uint32_t array_pa = PGROUNDUP(avoid);
	if (avoid > top || array_pa + array_bytes > top)
		panic("pmm_init: no room for the page array in low memory above 0x%x", array_pa);
	page_array = P2V(array_pa);
	memset(page_array, 0, array_bytes);
	pmem_check(top, array_pa + array_bytes);

	/* Everything is reserved until the memory map says it is RAM. */
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++)
		page_array[pfn].flags = PG_RESERVED;
	for (int i = 0; memmap_range(i, &r); i++) {
		if (r.type != MEM_RAM || r.base >= high_top)
			continue;
		uint64_t end = r.base + r.len > high_top ? high_top : r.base + r.len;
		for (uint64_t pa = PGROUNDUP((uint32_t)r.base); pa + PAGE_SIZE <= end;
		     pa += PAGE_SIZE)
			page_array[pa >> PAGE_SHIFT].flags &= ~PG_RESERVED;
	}
	/* A range the map calls reserved wins over one it calls available. */
	for (int i = 0; memmap_range(i, &r); i++) {
		if (r.type != MEM_RAM && r.base < high_top)
			reserve(PGROUNDDOWN((uint32_t)r.base),
				r.base + r.len > high_top ? high_top : (uint32_t)(r.base + r.len));
	}
	reserve(0, LOW_MEMORY_END);
	reserve(V2P(_kernel_start), V2P(_kernel_end));
	for (int i = 0; memmap_module(i, &mstart, &mend); i++)
		reserve(PGROUNDDOWN(mstart), mend);
	reserve(array_pa, array_pa + array_bytes);

	zones[ZONE_NORMAL] = (struct zone){ .start_pfn = 0, .end_pfn = max_low_pfn };
	zones[ZONE_HIGHMEM] =
		(struct zone){ .start_pfn = max_low_pfn, .end_pfn = max_pfn, .hint = max_low_pfn };
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++)
		if (is_free(pfn))
			pfn_zone(pfn)->free++;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zones[z].total = zones[z].free;
}

/* The zones' sizes, as Linux's boot log has them. */
void pmm_print_zones(void)
{
	printk("%uMB HIGHMEM available.\n", MB(max_pfn - max_low_pfn));
	printk("%uMB LOWMEM available.\n", MB(max_low_pfn));
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
	int off = -1;

	if (!(p->flags & PG_POISONED))
		return -1;
	const uint32_t *w = kmap_local_page((struct page *)p);
	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++) {
		if (w[i] == POISON_WORD)
			continue;
		const uint8_t *b = (const uint8_t *)&w[i];
		uint32_t k = 0;
		while (b[k] == PAGE_POISON)
			k++;
		off = i * 4 + k;
		break;
	}
	kunmap_local(w);
	return off;
}

/* A poisoned free page is about to be handed out: report any byte that
 * changed since it was freed. */
static void check_poison(struct page *p)
{
	int off = page_poison_find(p);

	if (off < 0)
		return;
	uint8_t *bytes = kmap_local_page(p);
	uint8_t found = bytes[off];
	kunmap_local(bytes);
	printk("\nBUG: page poison overwritten: pfn 0x%x byte 0x%x is 0x%02x, not 0x%02x:"
	       " the page was written after it was freed\n",
	       page_to_pfn(p), off, found, PAGE_POISON);
	dump_stack();
	printk("---[ end trace ]---\n");
}

/* Mark the n > 1 fresh pages from p one compound run: PG_HEAD and the
 * length on the first, PG_TAIL and the index on each other. */
static void mark_compound(struct page *p, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++) {
		p[k].flags |= k == 0 ? PG_HEAD : PG_TAIL;
		p[k].compound = k == 0 ? n : k;
	}
}

/* n contiguous free frames of zone z, refcount 1 each (poison checked
 * first), a compound run when n > 1. Returns the first, or NULL if there
 * is no such run. */
static struct page *zone_alloc(struct zone *z, uint32_t n)
{
	int32_t start;

	if (n == 0 || n > z->free)
		return NULL;
	start = find_run(z->hint, z->end_pfn, n);
	if (start < 0)
		start = find_run(z->start_pfn, z->end_pfn, n);
	if (start < 0)
		return NULL;
	for (uint32_t k = 0; k < n; k++) {
		if (page_array[start + k].flags & PG_POISONED)
			check_poison(&page_array[start + k]);
		page_array[start + k].refcount = 1;
		page_array[start + k].flags = 0;
	}
	z->free -= n;
	z->hint = start + n;
	if (n > 1)
		mark_compound(&page_array[start], n);
	return &page_array[start];
}

/* The head of page's compound run, or page when it is in none (see mm.h). */
struct page *compound_head(struct page *page)
{
	if (!(page->flags & PG_TAIL) || page->compound > page_to_pfn(page))
		return page;
	struct page *head = page - page->compound;
	return (head->flags & PG_HEAD) && head->compound > page->compound ? head : page;
}

/* The length of the run head starts: compound for PG_HEAD, else 1. */
uint32_t compound_nr(const struct page *head)
{
	return (head->flags & PG_HEAD) ? head->compound : 1;
}

/* n contiguous free frames of low memory, refcount 1 each. Returns the
 * first, or NULL if there is no such run. */
struct page *alloc_pages(uint32_t n)
{
	return zone_alloc(&zones[ZONE_NORMAL], n);
}

/* One frame of low memory, refcount 1, contents undefined; NULL when low
 * memory is out. */
struct page *alloc_page(void)
{
	return alloc_pages(1);
}

/* One frame of high memory, refcount 1, contents undefined; NULL when
 * high memory is out or there is none. */
struct page *alloc_high_page(void)
{
	return zone_alloc(&zones[ZONE_HIGHMEM], 1);
}

/* One zeroed frame of low memory, refcount 1; NULL when memory is out. */
struct page *alloc_zeroed_page(void)
{
	struct page *p = alloc_pages(1);

	if (p)
		clear_page(page_address(p));
	return p;
}

/* Free n frames from p on (poisoning them under page_poison) into their
 * zone. Panics on a frame that is already free or reserved. */
void free_pages(struct page *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (p[i].refcount == 0 || (p[i].flags & PG_RESERVED))
			panic("free_pages: freeing free or reserved page pfn %u",
			      page_to_pfn(&p[i]));
		memset(&p[i], 0, sizeof(p[i]));
		if (page_poison) {
			void *addr = kmap_local_page(&p[i]);
			memset(addr, PAGE_POISON, PAGE_SIZE);
			kunmap_local(addr);
			p[i].flags = PG_POISONED;
		}
		pfn_zone(page_to_pfn(&p[i]))->free++;
	}
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

/* A zeroed frame of low memory for user data, or NULL once only the
 * reserve is left. */
struct page *alloc_user_page(void)
{
	if (zones[ZONE_NORMAL].free <= RESERVE_PAGES)
		return NULL;
	return alloc_zeroed_page();
}

/* Free low frames above the reserve: what alloc_user_page may still take. */
static uint32_t low_user_avail(void)
{
	uint32_t f = zones[ZONE_NORMAL].free;

	return f > RESERVE_PAGES ? f - RESERVE_PAGES : 0;
}

/* True while user data may take pages: a free high page, or more than the
 * reserve free in low memory. */
bool user_pages_left(void)
{
	return zones[ZONE_HIGHMEM].free > 0 || low_user_avail() > 0;
}

/* How many more pages user data may take now: every free high page (see
 * alloc_highuser_page) and the low ones above the reserve. */
uint32_t user_pages_avail(void)
{
	return zones[ZONE_HIGHMEM].free + low_user_avail();
}

/* Frames free now, in both zones (MemFree). */
uint32_t nr_free_pages(void)
{
	return zones[ZONE_NORMAL].free + zones[ZONE_HIGHMEM].free;
}

/* Frames that were free after boot, in both zones (MemTotal). */
uint32_t nr_total_pages(void)
{
	return zones[ZONE_NORMAL].total + zones[ZONE_HIGHMEM].total;
}

/* High frames free now (HighFree). */
uint32_t nr_free_highpages(void)
{
	return zones[ZONE_HIGHMEM].free;
}

/* High frames that were free after boot (HighTotal). */
uint32_t totalhigh_pages(void)
{
	return zones[ZONE_HIGHMEM].total;
}
