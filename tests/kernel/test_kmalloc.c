/*
 * Selftests for kmalloc/kfree (mm/kmalloc.c): every size class, alignment,
 * no overlap between live objects, reuse after free, large objects, and
 * the page count restored once everything is freed; the per-class counts
 * of /proc/slabinfo; and, with slub_debug, that kmalloc_check() finds an
 * overflow, an underflow and a write after free, naming the sites. The
 * defects are made and repaired here, so nothing is reported on the log:
 * the full report is the oops/uaf and oops/redzone boots' job.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/proc.h>

static void sizes_and_alignment(void)
{
	uint32_t before = nr_free_pages();
	static const size_t sizes[] = { 1,   8,	  15,	16,   17,   31,	  64,	100,
					128, 500, 1024, 2048, 2049, 4096, 5000, 65536 };
	void *p[ARRAY_SIZE(sizes)];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		KT_EXPECT(p[i] != NULL);
		size_t align = sizes[i] > 2048 ? PAGE_SIZE : 16;
		KT_EXPECT_EQ((uintptr_t)p[i] % align, 0);
		memset(p[i], (int)i + 1, sizes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		const uint8_t *b = p[i];
		int wrong = 0;
		for (size_t k = 0; k < sizes[i]; k++)
			wrong += b[k] != (uint8_t)(i + 1);
		KT_EXPECT_EQ(wrong, 0); /* nobody else wrote into it */
		kfree(p[i]);
	}
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void reuse(void)
{
	uint32_t before = nr_free_pages();
	void *keep = kmalloc(48); /* keeps the slab page alive */
	void *a = kmalloc(48);
	void *extra = NULL; /* held to the end: freeing it would reorder the pages */
	if (virt_to_page(a) != virt_to_page(keep)) { /* keep took a page's last slot */
		extra = keep;
		keep = a;
		a = kmalloc(48);
	}
	kfree(a);
	void *b = kmalloc(48);
	KT_EXPECT(a == b); /* the freed object is handed out again */
	KT_EXPECT(virt_to_page(a) == virt_to_page(keep));
	kfree(b);
	kfree(keep);
	kfree(extra);
	KT_EXPECT_EQ(nr_free_pages(), before); /* the empty slab page went back */
	kfree(NULL);
}

static void many_objects(void)
{
	uint32_t before = nr_free_pages();
	enum {
		N = 1000
	};
	static void *objs[N];

	for (int i = 0; i < N; i++) {
		objs[i] = kmalloc(24 + (i % 7) * 40);
		KT_EXPECT(objs[i] != NULL);
		*(int *)objs[i] = i;
	}
	int wrong = 0;
	for (int i = 0; i < N; i++)
		wrong += *(int *)objs[i] != i;
	KT_EXPECT_EQ(wrong, 0);
	for (int i = 0; i < N; i += 2)
		kfree(objs[i]);
	for (int i = 1; i < N; i += 2)
		kfree(objs[i]);
	KT_EXPECT_EQ(nr_free_pages(), before);
	void *z = kzalloc(300);
	int nz = 0;
	for (int i = 0; i < 300; i++)
		nz += ((uint8_t *)z)[i] != 0;
	KT_EXPECT_EQ(nz, 0);
	kfree(z);
	KT_EXPECT(kmalloc(1u << 30) == NULL);
}

/* The active count of the class that holds a size-byte object. */
static uint32_t active_of(void *obj)
{
	struct kmalloc_class_stats st[16];
	int n = kmalloc_stats(st, 16);
	struct page *p = virt_to_page(obj);

	for (int i = 0; i < n; i++)
		if ((p->flags & PG_LARGE) ? st[i].objsize == 0
					  : st[i].objsize == 1u << (p->slab_class + 4))
			return st[i].active;
	return 0xFFFFFFFF;
}

/* Does text hold a line that starts with word and a space? */
static bool has_line(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
		if (!strncmp(l, word, n) && l[n] == ' ')
			return true;
	return false;
}

/* Does text contain s? */
static bool has_text(const char *text, const char *s)
{
	for (size_t n = strlen(s); *text; text++)
		if (!strncmp(text, s, n))
			return true;
	return false;
}

/* One kmalloc and kfree move their class's active count by one. */
static void stats_count_objects(void)
{
	uint32_t before = nr_free_pages();
	void *a = kmalloc(100);
	uint32_t n = active_of(a);
	void *b = kmalloc(100);

	KT_EXPECT_EQ(active_of(a), n + 1);
	kfree(b);
	KT_EXPECT_EQ(active_of(a), n);
	void *big = kmalloc(3 * PAGE_SIZE);
	uint32_t nl = active_of(big);
	KT_EXPECT(nl >= 1);
	kfree(big);
	kfree(a);
	void *big2 = kmalloc(3 * PAGE_SIZE);
	KT_EXPECT_EQ(active_of(big2), nl);
	kfree(big2);
	KT_EXPECT_EQ(nr_free_pages(), before);

	static char text[2048];
	int len = kmalloc_slabinfo(text, sizeof(text));
	KT_EXPECT(len > 0 && len < (int)sizeof(text) - 1);
	KT_EXPECT(!strncmp(text, "slabinfo - version: 2.1\n", 24));
	KT_EXPECT(has_line(text, "kmalloc-64"));
	KT_EXPECT(has_line(text, "kmalloc-large"));
	KT_EXPECT(!has_line(text, "kmalloc-63"));
}

/* Is addr inside the function called name? */
static bool site_in(unsigned long addr, const char *name)
{
	const char *fn = ksym_lookup(addr, NULL);

	return fn && !strcmp(fn, name);
}

/* A byte written past either end of an object is found and located. */
static void finds_overflow_and_underflow(void)
{
	struct kmalloc_report r;

	if (!kmalloc_debug)
		KT_SKIP("slub_debug is off");
	uint8_t *p = kmalloc(40);
	KT_EXPECT(p != NULL);
	if (!p)
		return;
	KT_EXPECT_EQ(kmalloc_check(p, &r), 0);
	KT_EXPECT(r.defect == NULL);
	uint8_t keep = p[40];
	p[40] = 0x11; /* one byte past the end */
	KT_EXPECT_EQ(kmalloc_check(p, &r), -1);
	KT_EXPECT(r.defect && !strcmp(r.defect, "red zone overwritten"));
	KT_EXPECT_EQ(r.offset, 40);
	KT_EXPECT_EQ(r.found, 0x11);
	KT_EXPECT_EQ(r.expected, 0xcc);
	KT_EXPECT_EQ(r.size, 40);
	KT_EXPECT(r.live);
	KT_EXPECT(r.object == p);
	KT_EXPECT(site_in(r.alloc_site[0], "finds_overflow_and_underflow"));
	KT_EXPECT(site_in(r.alloc_site[1], "ktest_run_all"));
	KT_EXPECT(r.free_site[0] == 0);
	p[40] = keep;
	KT_EXPECT_EQ(kmalloc_check(p, &r), 0);
	keep = p[-3];
	p[-3] = 0; /* three bytes before the start */
	KT_EXPECT_EQ(kmalloc_check(p, &r), -1);
	KT_EXPECT_EQ(r.offset, -3);
	KT_EXPECT_EQ(r.found, 0);
	p[-3] = keep;
	KT_EXPECT_EQ(kmalloc_check(p, &r), 0);
	kfree(p);

	/* a large object: the slack after its end is a red zone too */
	uint8_t *big = kmalloc(5000);
	KT_EXPECT(big != NULL);
	if (!big)
		return;
	KT_EXPECT_EQ(kmalloc_check(big, &r), 0);
	keep = big[5000];
	big[5000] = 1;
	KT_EXPECT_EQ(kmalloc_check(big, &r), -1);
	KT_EXPECT_EQ(r.offset, 5000);
	KT_EXPECT_EQ(r.size, 5000);
	big[5000] = keep;
	KT_EXPECT_EQ(kmalloc_check(big, &r), 0);
	kfree(big);
}

/* Two objects of one class in one slab page, so that freeing one leaves
 * the page a slab. */
static bool same_page_pair(void **a, void **b, size_t size)
{
	static void *held[64];
	int n = 0;
	bool found = false;

	*a = kmalloc(size);
	while (!found && n < 64) {
		held[n] = kmalloc(size);
		if (held[n] && virt_to_page(held[n]) == virt_to_page(*a)) {
			*b = held[n];
			found = true;
		} else {
			n++;
		}
	}
	for (int i = 0; i < n; i++)
		kfree(held[i]);
	return found;
}

/* kfree from a function of its own, so the free site differs. */
static void free_it(void *p)
{
	kfree(p);
}

/* A byte written into a freed object is found, with both sites. */
static void finds_use_after_free(void)
{
	struct kmalloc_report r;
	void *pin, *obj;

	if (!kmalloc_debug)
		KT_SKIP("slub_debug is off");
	if (!same_page_pair(&pin, &obj, 200)) {
		KT_EXPECT(!"two objects in one slab page");
		return;
	}
	uint8_t *p = obj;
	free_it(p);
	KT_EXPECT_EQ(kmalloc_check(p, &r), 0); /* freed and untouched */
	KT_EXPECT(!r.live);
	p[8] = 0; /* written after free */
	KT_EXPECT_EQ(kmalloc_check(p, &r), -1);
	KT_EXPECT(r.defect && !strcmp(r.defect, "use after free"));
	KT_EXPECT_EQ(r.offset, 8);
	KT_EXPECT_EQ(r.expected, 0x6b);
	KT_EXPECT_EQ(r.found, 0);
	KT_EXPECT(!r.live);
	KT_EXPECT_EQ(r.size, 200);
	KT_EXPECT(site_in(r.alloc_site[0], "same_page_pair"));
	KT_EXPECT(site_in(r.alloc_site[1], "finds_use_after_free"));
	KT_EXPECT(site_in(r.free_site[0], "free_it"));
	KT_EXPECT(site_in(r.free_site[1], "finds_use_after_free"));
	p[8] = 0x6b; /* repair, so the next kmalloc reports nothing */
	KT_EXPECT_EQ(kmalloc_check(p, &r), 0);
	kfree(pin);
}

/* An object whose allocating process is gone is listed with its sites;
 * the boot's own objects are not. */
static void lists_orphans(void)
{
	static char text[4096];
	struct proc ghost = { .pid = 99999 }; /* in no process table slot */
	struct proc *saved = current;

	if (!kmalloc_debug)
		KT_SKIP("slub_debug is off");
	KT_EXPECT_EQ(kmalloc_orphans(text, sizeof(text), 8), 0);
	current = &ghost;
	void *o = kmalloc(72);
	current = saved;
	int len = kmalloc_orphans(text, sizeof(text), 8);
	KT_EXPECT(len > 0);
	KT_EXPECT(!strncmp(text, "kmalloc-", 8));
	KT_EXPECT(has_text(text, "(72 bytes) allocated by pid 99999:\n"));
	KT_EXPECT(has_text(text, "] lists_orphans+0x"));
	KT_EXPECT(has_text(text, "] ktest_run_all+0x"));
	kfree(o);
	KT_EXPECT_EQ(kmalloc_orphans(text, sizeof(text), 8), 0);
}

static const struct ktest_case cases[] = {
	{ "sizes_and_alignment", sizes_and_alignment },
	{ "reuse", reuse },
	{ "many_objects", many_objects },
	{ "stats_count_objects", stats_count_objects },
	{ "finds_overflow_and_underflow", finds_overflow_and_underflow },
	{ "finds_use_after_free", finds_use_after_free },
	{ "lists_orphans", lists_orphans },
};
KTEST_SUITE(kmalloc, cases);
