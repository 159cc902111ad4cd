/*
 * Selftests for kmalloc/kfree (mm/kmalloc.c): every size class, alignment,
 * no overlap between live objects, reuse after free, large objects, and
 * the page count restored once everything is freed.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>

static void sizes_and_alignment(void)
{
	uint32_t before = nr_free_pages();
	static const size_t sizes[] = { 1, 8, 15, 16, 17, 31, 64, 100, 128, 500, 1024, 2048,
					2049, 4096, 5000, 65536 };
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
		KT_EXPECT_EQ(wrong, 0);	/* nobody else wrote into it */
		kfree(p[i]);
	}
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static void reuse(void)
{
	uint32_t before = nr_free_pages();
	void *keep = kmalloc(48);	/* keeps the slab page alive */
	void *a = kmalloc(48);
	kfree(a);
	void *b = kmalloc(48);
	KT_EXPECT(a == b);	/* the freed object is handed out again */
	KT_EXPECT(virt_to_page(a) == virt_to_page(keep));
	kfree(b);
	kfree(keep);
	KT_EXPECT_EQ(nr_free_pages(), before);	/* the empty slab page went back */
	kfree(NULL);
}

static void many_objects(void)
{
	uint32_t before = nr_free_pages();
	enum { N = 1000 };
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

static const struct ktest_case cases[] = {
	{ "sizes_and_alignment", sizes_and_alignment },
	{ "reuse", reuse },
	{ "many_objects", many_objects },
};
KTEST_SUITE(kmalloc, cases);
