/*
 * Selftests for file mappings (mm/filemap.c) where user space cannot
 * look: the reverse map (an inode's i_mmap list) after splits, fork and
 * the end of an address space; the file reference each VMA holds; that a
 * shared fault maps the file's own page and a private write a copy; that
 * truncate unmaps a page from every address space; and that every page
 * comes back when the last mapping and the file go.
 */
#include <kernel/ktest.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/highmem.h>

#define P PAGE_SIZE
#define U 0x40000000u /* where the test maps the file */

/* VMAs on ip's reverse map. */
static int rmap_len(struct inode *ip)
{
	int n = 0;

	for (struct vma *v = ip->i_mmap; v; v = v->rmap_next)
		n++;
	return n;
}

/* The page mapped at va in m, or NULL. */
static struct page *mapped_page(struct mm *m, uint32_t va)
{
	uint32_t pa = vm_lookup(m->pgdir, va, NULL);

	return pa ? phys_to_page(pa) : NULL;
}

/* A regular file of npages pages of data, open read-write (one reference). */
static struct file *make_file(uint32_t npages)
{
	struct inode *ip = inode_new(S_IFREG | 0644);
	struct file *f = ip ? file_alloc(ip, O_RDWR, ip->fop) : NULL;

	if (ip)
		inode_put(ip); /* the file holds it now */
	if (!f)
		return NULL;
	for (uint32_t i = 0; i < npages; i++)
		ramfs_get_page(ip, i, NULL);
	ip->size = (loff_t)npages * P;
	return f;
}

/* Faults, splits, fork and destruction keep the reverse map and the file
 * references exact, and free everything at the end. */
static void rmap_and_refs(void)
{
	uint32_t before = nr_free_pages();
	struct file *f = make_file(4);

	KT_EXPECT(f != NULL);
	if (!f)
		return;
	struct inode *ip = f->inode;
	struct mm *m = mm_create();
	KT_EXPECT(m != NULL);
	if (!m) {
		file_put(f);
		return;
	}
	struct vma *v = vma_add_file(m, U, U + 4 * P, VM_READ | VM_WRITE | VM_SHARED, f, 0);
	KT_EXPECT(v != NULL);
	KT_EXPECT_EQ(rmap_len(ip), 1);
	KT_EXPECT_EQ(f->refcount, 2);

	/* a shared read fault maps the file's own page */
	KT_EXPECT_EQ(handle_mm_fault(m, U + 2 * P, PF_USER), 0);
	KT_EXPECT(mapped_page(m, U + 2 * P) == ramfs_find_page(ip, 2));
	KT_EXPECT_EQ(handle_mm_fault(m, U + 3 * P, PF_USER | PF_WRITE), 0);

	/* unmapping page 1 splits the VMA: two on the list, the upper at vm_pgoff 2 */
	KT_EXPECT_EQ(vma_unmap(m, U + P, U + 2 * P), 0);
	KT_EXPECT_EQ(rmap_len(ip), 2);
	KT_EXPECT_EQ(f->refcount, 3);
	struct vma *hi = find_vma(m, U + 2 * P);
	KT_EXPECT(hi != NULL && hi->vm_pgoff == 2 && hi->file == f);

	/* fork: the child's VMAs join the list; truncate reaches both */
	struct mm *c = mm_dup(m);
	KT_EXPECT(c != NULL);
	KT_EXPECT_EQ(rmap_len(ip), 4);
	KT_EXPECT(c && mapped_page(c, U + 2 * P) == ramfs_find_page(ip, 2));
	KT_EXPECT_EQ(ramfs_truncate(ip, 3 * P), 0);
	KT_EXPECT(mapped_page(m, U + 3 * P) == NULL);
	KT_EXPECT(!c || mapped_page(c, U + 3 * P) == NULL);
	KT_EXPECT(mapped_page(m, U + 2 * P) != NULL);
	KT_EXPECT_EQ(handle_mm_fault(m, U + 3 * P, PF_USER), FAULT_SIGBUS);

	if (c)
		mm_destroy(c);
	KT_EXPECT_EQ(rmap_len(ip), 2);
	file_put(f); /* the fd goes: the VMAs keep the file */
	KT_EXPECT_EQ(ip->refcount, 1);
	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A private write fault copies the page; the file's page is untouched and
 * a later read fault elsewhere still maps the file's own page. */
static void private_copy(void)
{
	uint32_t before = nr_free_pages();
	struct file *f = make_file(2);
	struct mm *m = f ? mm_create() : NULL;

	KT_EXPECT(m != NULL);
	if (!m) {
		if (f)
			file_put(f);
		return;
	}
	struct inode *ip = f->inode;
	memcpy_to_page(ramfs_find_page(ip, 0), 5, "\x5a", 1);
	KT_EXPECT(vma_add_file(m, U, U + 2 * P, VM_READ | VM_WRITE, f, 0) != NULL);
	KT_EXPECT_EQ(handle_mm_fault(m, U, PF_USER), 0);
	KT_EXPECT(mapped_page(m, U) == ramfs_find_page(ip, 0));
	KT_EXPECT_EQ(handle_mm_fault(m, U, PF_USER | PF_WRITE | PF_PROT), 0);
	struct page *copy = mapped_page(m, U);
	KT_EXPECT(copy && copy != ramfs_find_page(ip, 0));
	uint8_t b5 = 0;
	if (copy)
		memcpy_from_page(&b5, copy, 5, 1);
	KT_EXPECT_EQ(b5, 0x5a);
	KT_EXPECT_EQ(handle_mm_fault(m, U + P, PF_USER | PF_WRITE), 0);
	KT_EXPECT(mapped_page(m, U + P) != ramfs_find_page(ip, 1));
	KT_EXPECT_EQ(m->rss, 2);
	file_put(f);
	mm_destroy(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

static const struct ktest_case cases[] = {
	{ "rmap_and_refs", rmap_and_refs },
	{ "private_copy", private_copy },
};
KTEST_SUITE(filemap, cases);
