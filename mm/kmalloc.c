/*
 * kmalloc/kfree. Small objects (up to 2048 bytes) come from slab pages of
 * one power-of-two size class each: the page's struct page holds its free
 * list and how many objects are out, and a page whose objects all come
 * back returns to the page allocator, so a fork/exit storm leaves the free
 * page count where it found it. Larger objects get a run of contiguous
 * pages whose length is kept in the first page's struct page.
 * Every object is aligned to 16 at least, large ones to a page.
 *
 * The debug allocator ("slub_debug" or "kmalloc_debug" on the command
 * line, as Linux's slub_debug) gives every small object a slot laid out as
 *
 *   slot + 0             struct km_track: free-list link, state, size,
 *                        the pids and return addresses of the last
 *                        allocation and free
 *   slot + KM_HDR        left red zone, KM_LEFT_RZ bytes of RED_ACTIVE
 *   slot + KM_PAYLOAD    the object: POISON_INUSE until the caller writes
 *   + size               right red zone, RED_ACTIVE up to the slot's end
 *
 * so the size class is that of KM_PAYLOAD + size + KM_RIGHT_RZ. kfree
 * checks both red zones (an overflow or underflow), then fills everything
 * after the header with POISON_FREE; kmalloc checks that fill before it
 * hands the slot out again (a write after free). A defect is printed as a
 * "BUG: kmalloc-N: ..." report naming the object's allocation and free
 * sites, then repaired so the kernel goes on, as Linux's SLUB does. A
 * large object gets RED_ACTIVE in the slack after its end, checked by
 * kfree; its pages are covered by page_poison=1 once freed.
 */
#include <kernel/mm.h>
#include <kernel/proc.h>

#define MIN_SHIFT 4  /* 16 bytes */
#define MAX_SHIFT 12 /* 4096: one slot a page (debug slots of big objects) */
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define MAX_SMALL 2048	      /* larger requests get whole pages */
#define MAX_LARGE (64u << 20) /* and nothing bigger than this */

#define KM_LIVE 0xa11c	  /* handed out */
#define KM_FREE 0xf4ee	  /* on the free list */
#define POISON_INUSE 0x5a /* allocated, not yet written */
#define POISON_FREE 0x6b  /* freed */
#define RED_ACTIVE 0xcc	  /* red zone around a live object */

/* The debug header at the start of a slot. Its first word is the
 * free-list link, as a plain free object's is. */
struct km_track {
	void *next;
	uint16_t magic; /* KM_LIVE or KM_FREE */
	uint16_t size;	/* bytes asked for */
	int32_t alloc_pid, free_pid;
	unsigned long alloc_site[KM_SITES];
	unsigned long free_site[KM_SITES];
};

#define KM_HDR sizeof(struct km_track)
#define KM_LEFT_RZ 16
#define KM_PAYLOAD (KM_HDR + KM_LEFT_RZ) /* a multiple of 16 */
#define KM_RIGHT_RZ 16			 /* at least */

_Static_assert(KM_PAYLOAD % 16 == 0 && KM_HDR == 64, "debug objects must stay 16-aligned");

bool kmalloc_debug;
static struct page *partial[NCLASSES]; /* slab pages with free objects */
static uint32_t nr_active[NCLASSES], nr_slabs[NCLASSES];
static uint32_t nr_large, nr_large_pages;

/* Bytes per slot in size class c. */
static uint32_t class_size(int c)
{
	return 1u << (c + MIN_SHIFT);
}

/* The smallest size class whose slots hold size bytes. */
static int size_class(size_t size)
{
	int c = 0;

	while (class_size(c) < size)
		c++;
	return c;
}

/* Push slab page p on the partial list at head. */
static void partial_add(struct page **head, struct page *p)
{
	p->prev = NULL;
	p->next = *head;
	if (*head)
		(*head)->prev = p;
	*head = p;
}

/* Take slab page p off the partial list at head. */
static void partial_del(struct page **head, struct page *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		*head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	p->next = p->prev = NULL;
}

/* Offset of the first byte in [b, b + n) that is not v, or -1. */
static int32_t find_bad(const uint8_t *b, uint32_t n, uint8_t v)
{
	uint32_t i = 0;
	uint32_t word = v * 0x01010101u;

	while (i < n && ((uintptr_t)(b + i) & 3))
		if (b[i++] != v)
			return i - 1;
	while (i + 4 <= n && *(const uint32_t *)(b + i) == word)
		i += 4;
	for (; i < n; i++)
		if (b[i] != v)
			return i;
	return -1;
}

/* A new slab page for class c, its objects chained into its free list
 * (in debug mode each one a poisoned free slot). */
static struct page *new_slab(int c)
{
	struct page *p = alloc_page();
	size_t size = class_size(c);

	if (!p)
		return NULL;
	p->flags = PG_SLAB;
	p->slab_class = c;
	p->inuse = 0;
	p->freelist = NULL;
	char *base = page_address(p);
	for (size_t off = PAGE_SIZE; off >= size; off -= size) {
		void **obj = (void **)(base + off - size);
		if (kmalloc_debug) {
			struct km_track *t = (struct km_track *)obj;
			memset(t, 0, KM_HDR);
			t->magic = KM_FREE;
			memset((char *)t + KM_HDR, POISON_FREE, size - KM_HDR);
		}
		*obj = p->freelist;
		p->freelist = obj;
	}
	partial_add(&partial[c], p);
	nr_slabs[c]++;
	return p;
}

/* Empty caches; the debug layout is chosen here, once, from the command line. */
void kmalloc_init(void)
{
	kmalloc_debug = cmdline_slub_debug;
	for (int c = 0; c < NCLASSES; c++)
		partial[c] = NULL;
}

/* The running process's pid, 0 during boot. */
static int current_pid(void)
{
	return current ? current->pid : 0;
}

/* The whole report for r, with the reporter's own call trace. */
void kmalloc_report_print(const struct kmalloc_report *r)
{
	printk("\nBUG: kmalloc-%u: %s\n", r->class_size, r->defect);
	if (r->offset != INT32_MIN)
		printk("Object 0x%08lx (%u bytes, %s): byte %d is 0x%02x, should be 0x%02x\n",
		       (unsigned long)r->object, r->size, r->live ? "allocated" : "free", r->offset,
		       r->found, r->expected);
	else
		printk("Object 0x%08lx (%u bytes, %s)\n", (unsigned long)r->object, r->size,
		       r->live ? "allocated" : "free");
	if (r->alloc_site[0]) {
		printk("Allocated by pid %d:\n", r->alloc_pid);
		stack_trace_print(r->alloc_site, KM_SITES);
	}
	if (r->free_site[0]) {
		printk("Freed by pid %d:\n", r->free_pid);
		stack_trace_print(r->free_site, KM_SITES);
	}
	printk("Found by pid %d in:\n", current_pid());
	dump_stack();
	printk("---[ end trace ]---\n");
}

/* Fills r from the debug header t of the object at ptr. */
static void report_init(struct kmalloc_report *r, const struct km_track *t, int c, const void *ptr)
{
	memset(r, 0, sizeof(*r));
	r->class_size = class_size(c);
	r->object = ptr;
	r->offset = INT32_MIN;
	if (!t)
		return;
	r->size = t->size;
	r->live = t->magic == KM_LIVE;
	r->alloc_pid = t->alloc_pid;
	r->free_pid = t->free_pid;
	memcpy(r->alloc_site, t->alloc_site, sizeof(r->alloc_site));
	memcpy(r->free_site, t->free_site, sizeof(r->free_site));
}

/* Checks n bytes at b (object offset off) for fill v; records a defect. */
static bool check_fill(struct kmalloc_report *r, const char *defect, const uint8_t *b, uint32_t n,
		       uint8_t v, int32_t off)
{
	int32_t i = find_bad(b, n, v);

	if (i < 0)
		return true;
	r->defect = defect;
	r->offset = off + i;
	r->expected = v;
	r->found = b[i];
	return false;
}

/* The tail red zone of a large object. */
static int check_large(const void *ptr, struct page *p, struct kmalloc_report *r)
{
	report_init(r, NULL, 0, ptr);
	r->class_size = p->npages * PAGE_SIZE;
	r->size = p->size;
	r->live = true;
	if (!check_fill(r, "red zone overwritten", (const uint8_t *)ptr + p->size,
			p->npages * PAGE_SIZE - p->size, RED_ACTIVE, p->size))
		return -1;
	return 0;
}

/* Check one object's red zones or poison; see mm.h. Returns 0 if intact,
 * -1 with *r filled in. */
int kmalloc_check(const void *ptr, struct kmalloc_report *r)
{
	struct page *p = virt_to_page(ptr);

	if (!kmalloc_debug) {
		report_init(r, NULL, 0, ptr);
		r->defect = "nothing to check: slub_debug is off";
		return -1;
	}
	if (p->flags & PG_LARGE)
		return check_large(ptr, p, r);
	if (!(p->flags & PG_SLAB)) {
		report_init(r, NULL, 0, ptr);
		r->class_size = 0;
		r->defect = "not a kmalloc object (its page is not a slab)";
		return -1;
	}
	int c = p->slab_class;
	uint32_t cs = class_size(c);
	uint32_t off = (uintptr_t)ptr & ~PAGE_MASK;
	const uint8_t *slot = (const uint8_t *)ptr - off % cs;
	const struct km_track *t = (const struct km_track *)slot;

	report_init(r, t, c, ptr);
	if (off % cs != KM_PAYLOAD) {
		r->defect = "not the start of an object";
		return -1;
	}
	if (t->magic == KM_LIVE) {
		if (t->size > cs - KM_PAYLOAD) {
			r->defect = "header overwritten (size)";
			return -1;
		}
		if (!check_fill(r, "red zone overwritten", slot + KM_HDR, KM_LEFT_RZ, RED_ACTIVE,
				-KM_LEFT_RZ) ||
		    !check_fill(r, "red zone overwritten", slot + KM_PAYLOAD + t->size,
				cs - KM_PAYLOAD - t->size, RED_ACTIVE, t->size))
			return -1;
		return 0;
	}
	if (t->magic == KM_FREE) {
		if (!check_fill(r, "use after free", slot + KM_HDR, cs - KM_HDR, POISON_FREE,
				-KM_LEFT_RZ))
			return -1;
		return 0;
	}
	r->defect = "header overwritten (state)";
	return -1;
}

/* Debug mode: take slot obj of class c off the free list's head after
 * checking it; returns the object's address. */
static void *debug_alloc(struct page *p, int c, size_t size, unsigned long *site)
{
	struct km_track *t = p->freelist;
	uint32_t cs = class_size(c);
	struct kmalloc_report r;
	char *base = page_address(p);

	if (kmalloc_check((char *)t + KM_PAYLOAD, &r) < 0) {
		kmalloc_report_print(&r);
		printk("FIX kmalloc-%u: object restored, handed out\n", cs);
	}
	/* the link must point at a slot of this page; else drop the rest */
	uintptr_t next = (uintptr_t)t->next;
	if (next && ((next & PAGE_MASK) != (uintptr_t)base || (next - (uintptr_t)base) % cs)) {
		printk("\nBUG: kmalloc-%u: free list corrupted at 0x%08lx\n", cs, (unsigned long)t);
		dump_stack();
		printk("---[ end trace ]---\n");
		t->next = NULL;
	}
	p->freelist = t->next;
	t->next = NULL;
	t->magic = KM_LIVE;
	t->size = size;
	t->alloc_pid = current_pid();
	t->free_pid = 0;
	memcpy(t->alloc_site, site, sizeof(t->alloc_site));
	memset(t->free_site, 0, sizeof(t->free_site));
	uint8_t *b = (uint8_t *)t;
	memset(b + KM_HDR, RED_ACTIVE, KM_LEFT_RZ);
	memset(b + KM_PAYLOAD, POISON_INUSE, size);
	memset(b + KM_PAYLOAD + size, RED_ACTIVE, cs - KM_PAYLOAD - size);
	return b + KM_PAYLOAD;
}

/* Debug mode: check a live object being freed and poison it. Returns the
 * slot to put on the free list, or NULL when it must not be (a double
 * free). */
static void *debug_free(void *ptr, int c, unsigned long *site)
{
	struct kmalloc_report r;
	struct km_track *t = (struct km_track *)((char *)ptr - KM_PAYLOAD);
	uint32_t cs = class_size(c);

	if (t->magic == KM_FREE) {
		report_init(&r, t, c, ptr);
		r.defect = "double free";
		kmalloc_report_print(&r);
		printk("FIX kmalloc-%u: second free ignored\n", cs);
		return NULL;
	}
	if (kmalloc_check(ptr, &r) < 0) {
		kmalloc_report_print(&r);
		printk("FIX kmalloc-%u: object freed and poisoned\n", cs);
	}
	t->magic = KM_FREE;
	t->free_pid = current_pid();
	memcpy(t->free_site, site, sizeof(t->free_site));
	memset((char *)t + KM_HDR, POISON_FREE, cs - KM_HDR);
	return t;
}

/* An object of whole pages, page-aligned. Returns NULL when out of memory. */
static void *kmalloc_large(size_t size)
{
	if (size > MAX_LARGE)
		return NULL;
	uint32_t n = PGROUNDUP(size) >> PAGE_SHIFT;
	struct page *p = alloc_pages(n);
	if (!p)
		return NULL;
	p->flags |= PG_LARGE; /* keeps PG_HEAD of a compound run */
	p->npages = n;
	p->size = size;
	nr_large++;
	nr_large_pages += n;
	char *obj = page_address(p);
	if (kmalloc_debug) {
		memset(obj, POISON_INUSE, size);
		memset(obj + size, RED_ACTIVE, n * PAGE_SIZE - size);
	}
	return obj;
}

/* Free the large object ptr whose first page is p, checking its red zone. */
static void kfree_large(void *ptr, struct page *p)
{
	struct kmalloc_report r;

	if ((uintptr_t)ptr & ~PAGE_MASK)
		panic("kfree: %p is not the start of a large object", ptr);
	if (kmalloc_debug && check_large(ptr, p, &r) < 0)
		kmalloc_report_print(&r);
	uint32_t n = p->npages;
	p->flags &= ~PG_LARGE;
	nr_large--;
	nr_large_pages -= n;
	free_pages(p, n);
}

/* size bytes, 16-aligned (page-aligned above MAX_SMALL), contents
 * undefined. Returns NULL when out of memory or above MAX_LARGE. */
void *kmalloc(size_t size)
{
	unsigned long site[KM_SITES];

	if (size == 0)
		size = 1;
	if (size > MAX_SMALL)
		return kmalloc_large(size);
	int c = size_class(kmalloc_debug ? KM_PAYLOAD + size + KM_RIGHT_RZ : size);
	struct page *p = partial[c] ? partial[c] : new_slab(c);
	if (!p)
		return NULL;
	void *obj;
	if (kmalloc_debug) {
		stack_trace_save(site, KM_SITES, 1); /* from our caller on */
		obj = debug_alloc(p, c, size, site);
	} else {
		void **o = p->freelist;
		p->freelist = *o;
		obj = o;
	}
	p->inuse++;
	nr_active[c]++;
	if (!p->freelist)
		partial_del(&partial[c], p);
	return obj;
}

/* kmalloc, zero-filled. Returns NULL when out of memory. */
void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* Give back an object from kmalloc (NULL is ignored). Panics on a pointer
 * kmalloc never returned; slub_debug reports a double free instead. */
void kfree(void *ptr)
{
	unsigned long site[KM_SITES];

	if (!ptr)
		return;
	struct page *p = virt_to_page(ptr);
	if (p->flags & PG_LARGE) {
		kfree_large(ptr, p);
		return;
	}
	if (!(p->flags & PG_SLAB))
		panic("kfree: %p was not allocated by kmalloc", ptr);
	int c = p->slab_class;
	uint32_t align = kmalloc_debug ? KM_PAYLOAD : 0;
	if (((uintptr_t)ptr & ~PAGE_MASK) % class_size(c) != align)
		panic("kfree: %p is misaligned for its size class", ptr);
	void *slot = ptr;
	if (kmalloc_debug) {
		stack_trace_save(site, KM_SITES, 1); /* from our caller on */
		slot = debug_free(ptr, c, site);
		if (!slot)
			return;
	}
	if (!p->freelist)
		partial_add(&partial[c], p);
	*(void **)slot = p->freelist;
	p->freelist = slot;
	nr_active[c]--;
	if (--p->inuse == 0) {
		partial_del(&partial[c], p);
		p->flags = 0;
		nr_slabs[c]--;
		free_pages(p, 1);
	}
}

/* Per-class counts into st[0..max-1], then the large objects'.
 * Returns the number of entries filled. */
int kmalloc_stats(struct kmalloc_class_stats *st, int max)
{
	int n = 0;

	for (int c = 0; c < NCLASSES && n < max; c++, n++) {
		st[n].objsize = class_size(c);
		st[n].active = nr_active[c];
		st[n].total = nr_slabs[c] * (PAGE_SIZE / class_size(c));
		st[n].pages = nr_slabs[c];
	}
	if (n < max) {
		st[n].objsize = 0;
		st[n].active = st[n].total = nr_large;
		st[n].pages = nr_large_pages;
		n++;
	}
	return n;
}

/*
 * Linux's /proc/slabinfo layout, one line a size class, then
 * "kmalloc-large" for the objects above MAX_SMALL: its objects and, under
 * slabdata, the pages they hold.
 */
int kmalloc_slabinfo(char *buf, size_t n)
{
	struct kmalloc_class_stats st[NCLASSES + 1];
	int k = kmalloc_stats(st, NCLASSES + 1);
	size_t len = snprintf(buf, n,
			      "slabinfo - version: 2.1\n"
			      "# name            <active_objs> <num_objs> <objsize> <objperslab> "
			      "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
			      "slabdata <active_slabs> <num_slabs> <sharedavail>\n");

	for (int i = 0; i < k && len < n; i++) {
		char name[20];
		if (st[i].objsize)
			snprintf(name, sizeof(name), "kmalloc-%u", st[i].objsize);
		else
			strlcpy(name, "kmalloc-large", sizeof(name));
		len += snprintf(buf + len, n - len,
				"%-17s %6u %6u %6u %4u %4u : tunables 0 0 0 : slabdata %6u %6u 0\n",
				name, st[i].active, st[i].total, st[i].objsize,
				st[i].objsize ? PAGE_SIZE / st[i].objsize : 1, 1, st[i].pages,
				st[i].pages);
	}
	return len < n ? len : n - 1;
}

/* Appends the object at slot (its debug header t) to buf as a line and
 * its symbolized allocation sites. Returns the new length. */
static size_t orphan_text(char *buf, size_t len, size_t n, const struct km_track *t, uint32_t cs)
{
	len += snprintf(buf + len, n - len,
			"kmalloc-%u object 0x%08lx (%u bytes) allocated by pid %d:\n", cs,
			(unsigned long)t + KM_PAYLOAD, t->size, (int)t->alloc_pid);
	for (int i = 0; i < KM_SITES && t->alloc_site[i] && len < n; i++) {
		unsigned long off;
		const char *fn = ksym_lookup(t->alloc_site[i], &off);
		len += snprintf(buf + len, n - len, "  [<%08lx>] %s+0x%lx\n", t->alloc_site[i],
				fn ? fn : "?", fn ? off : 0);
	}
	return len;
}

/*
 * The live objects whose allocating process is gone: once a program and
 * everything it left in the file system are gone, each is a leak, and its
 * allocation sites say which call made it. Objects of the boot (pid 0)
 * and of init (pid 1) are left out; so are large objects, which keep no
 * sites.
 */
int kmalloc_orphans(char *buf, size_t n, int max)
{
	size_t len = 0;
	int found = 0;

	if (!kmalloc_debug)
		return snprintf(buf, n, "slub_debug is off: no allocation sites to show\n");
	buf[0] = '\0';
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = pfn_to_page(pfn);
		if (!(p->flags & PG_SLAB))
			continue;
		uint32_t cs = class_size(p->slab_class);
		char *base = page_address(p);
		for (uint32_t off = 0; off + cs <= PAGE_SIZE; off += cs) {
			const struct km_track *t = (const struct km_track *)(base + off);
			if (t->magic != KM_LIVE || t->alloc_pid <= 1 || proc_find(t->alloc_pid))
				continue;
			if (found++ < max && len < n)
				len = orphan_text(buf, len, n, t, cs);
		}
	}
	if (found > max && len < n)
		len += snprintf(buf + len, n - len, "... and %d more\n", found - max);
	return len < n ? len : n - 1;
}

/* Deliberate defects for oops=uaf, oops=redzone and oops=double-free
 * (with slub_debug): each is found and reported by the next kmalloc or the
 * kfree. Returns false for other names. */
bool kmalloc_inject(const char *what)
{
	if (!strcmp(what, "uaf") || !strcmp(what, "double-free")) {
		/* pin keeps p's page a slab after p is freed; extra, when pin
		 * took its page's last slot, is held to the end so that the
		 * pages keep their order and p's slot is the next handed out */
		void *pin = kmalloc(40), *extra = NULL;
		volatile uint8_t *p = kmalloc(40);
		if (virt_to_page((void *)p) != virt_to_page(pin)) {
			extra = pin;
			pin = (void *)p;
			p = kmalloc(40);
		}
		kfree((void *)p);
		if (what[0] == 'u') {
			p[8] = 0;	    /* written after free */
			kfree(kmalloc(40)); /* the same slot again: reported here */
		} else {
			kfree((void *)p); /* reported, and ignored */
		}
		kfree(pin);
		kfree(extra);
		return true;
	}
	if (!strcmp(what, "redzone")) {
		volatile uint8_t *p = kmalloc(40);
		p[40] = 0; /* one past the end */
		kfree((void *)p);
		return true;
	}
	return false;
}
