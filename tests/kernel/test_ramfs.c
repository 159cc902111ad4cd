/*
 * Selftests for the ramfs (fs/ramfs.c) where user space cannot reach:
 * the page index's exact cost and its undoing when memory runs out part
 * way, rename and link with every page and slab object taken (nothing
 * may change or be lost), pipe creation with user memory full, and the
 * counted parent of a removed directory, and archive names the initramfs
 * must refuse.
 */
#include <kernel/ktest.h>
#include <kernel/fs.h>
#include <kernel/mm.h>

#define LONG_NAME "a-name-long-enough-for-its-own-size-class"

/* Pages taken away from the allocator, chained through their first word. */
static struct page *hoard;

/* Take free pages until only `leave` pages above the reserve are left for
 * user data (leave < 0: take every page, reserve and all). */
static void take_pages(int leave)
{
	struct page *p;

	for (;;) {
		if (leave >= 0 && !user_pages_left())
			break;
		if (!(p = alloc_page()))
			break;
		*(struct page **)page_address(p) = hoard;
		hoard = p;
	}
	/* give back `leave` of them, so exactly that many user pages remain */
	for (int i = 0; i < leave && hoard; i++) {
		p = hoard;
		hoard = *(struct page **)page_address(p);
		put_page(p);
	}
}

/* Objects take_objects took, chained through their first word. */
static void *objs;

/* Take kmalloc(size) objects, chained in objs, until none is left. */
static void take_objects(size_t size)
{
	void *o;

	while ((o = kmalloc(size)) != NULL) {
		*(void **)o = objs;
		objs = o;
	}
}

/* Give back everything take_pages and take_objects took. */
static void give_back(void)
{
	while (objs) {
		void *o = objs;
		objs = *(void **)o;
		kfree(o);
	}
	while (hoard) {
		struct page *p = hoard;
		hoard = *(struct page **)page_address(p);
		put_page(p);
	}
}

/* A new regular file and an O_RDWR file on it (the file holds the inode). */
static struct file *new_file(void)
{
	struct inode *ip = inode_new(S_IFREG | 0644);
	struct file *f = ip ? file_alloc(ip, O_RDWR, &ramfs_file_ops) : NULL;

	if (ip)
		inode_put(ip);
	return f;
}

/* A byte at MAX_FILE_SIZE - 1 costs its page and three index pages, and
 * truncating gives all four back. */
static void far_byte_cost(void)
{
	struct file *f = new_file();
	KT_EXPECT(f != NULL);
	if (!f)
		return;
	uint32_t before = nr_free_pages();
	loff_t pos = MAX_FILE_SIZE - 1;
	char c = 0;
	KT_EXPECT_EQ(kernel_write(f, "x", 1, &pos), 1);
	KT_EXPECT_EQ(before - nr_free_pages(), 4);
	KT_EXPECT_EQ(f->inode->height, 3);
	KT_EXPECT_EQ(kernel_read(f, &c, 1, MAX_FILE_SIZE - 1), 1);
	KT_EXPECT_EQ(c, 'x');
	KT_EXPECT_EQ(kernel_read(f, &c, 1, MAX_FILE_SIZE / 2), 1);
	KT_EXPECT_EQ(c, 0);
	KT_EXPECT_EQ(ramfs_truncate(f->inode, 0), 0);
	KT_EXPECT_EQ(nr_free_pages(), before);
	KT_EXPECT(f->inode->index == NULL);
	KT_EXPECT_EQ(f->inode->height, 0);
	file_put(f);
}

/* With two user pages left, a far write (four pages) is -ENOSPC and
 * gives back the index pages it took; so is any write with none left. */
static void index_undone_when_full(void)
{
	struct file *f = new_file();
	KT_EXPECT(f != NULL);
	if (!f)
		return;
	take_pages(2);
	uint32_t before = nr_free_pages();
	loff_t pos = MAX_FILE_SIZE - 1;
	KT_EXPECT_EQ(kernel_write(f, "x", 1, &pos), -ENOSPC);
	KT_EXPECT_EQ(nr_free_pages(), before);
	KT_EXPECT(f->inode->index == NULL);
	KT_EXPECT_EQ(f->inode->height, 0);
	KT_EXPECT_EQ(f->inode->size, 0);
	pos = 0;
	KT_EXPECT_EQ(kernel_write(f, "y", 1, &pos), 1); /* one page: fits */
	pos = 1 << 22; /* page 1024: two index pages and a data page */
	KT_EXPECT_EQ(kernel_write(f, "z", 1, &pos), -ENOSPC);
	KT_EXPECT_EQ(f->inode->height, 0); /* back to the lone page 0 */
	KT_EXPECT_EQ(before - nr_free_pages(), 1);
	give_back();
	file_put(f);
}

/* A directory linked into the root, as mkdir makes one. */
static struct inode *new_dir(const char *name)
{
	int err = 0;
	struct inode *d = ramfs_mkdir(root_inode, name, strlen(name), 0755, &err);

	KT_EXPECT(d != NULL);
	KT_EXPECT_EQ(err, 0);
	KT_EXPECT(!d || d->nlink == 2);
	return d;
}

/* With every page and every slab object of the name's size taken, rename
 * is -ENOMEM and changes nothing; link is -ENOSPC. Then both work. */
static void rename_without_memory(void)
{
	struct inode *d = new_dir("ktest-ramfs");
	struct inode *ip = inode_new(S_IFREG | 0644);
	struct inode *other = inode_new(S_IFREG | 0644);
	KT_EXPECT(d && ip && other);
	if (!d || !ip || !other)
		return;
	KT_EXPECT_EQ(dir_link(d, "a", 1, ip), 0);
	KT_EXPECT_EQ(dir_link(d, "victim", 6, other), 0);
	take_pages(-1);
	take_objects(sizeof(LONG_NAME));
	KT_EXPECT_EQ(dir_rename(d, "a", 1, d, LONG_NAME, strlen(LONG_NAME)), -ENOMEM);
	KT_EXPECT(dir_lookup(d, "a", 1) == ip);
	KT_EXPECT(dir_lookup(d, LONG_NAME, strlen(LONG_NAME)) == NULL);
	KT_EXPECT_EQ(ip->nlink, 1);
	take_objects(sizeof("victim"));
	KT_EXPECT_EQ(dir_rename(d, "a", 1, d, "victim", 6), -ENOMEM);
	KT_EXPECT(dir_lookup(d, "victim", 6) == other); /* not replaced */
	KT_EXPECT_EQ(other->nlink, 1);
	KT_EXPECT_EQ(dir_link(d, "new", 3, ip), -ENOSPC);
	give_back();
	KT_EXPECT_EQ(dir_rename(d, "a", 1, d, "victim", 6), 0);
	KT_EXPECT(dir_lookup(d, "victim", 6) == ip);
	KT_EXPECT(dir_lookup(d, "a", 1) == NULL);
	KT_EXPECT_EQ(other->nlink, 0);
	KT_EXPECT_EQ(dir_unlink(d, "victim", 6), 0);
	inode_put(ip);
	inode_put(other);
	KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-ramfs", 11), 0);
}

/* With user memory full, pipe_create is -ENOMEM and keeps nothing. */
static void pipe_when_full(void)
{
	struct file *rd = (struct file *)1, *wr = (struct file *)1;

	take_pages(5); /* fewer than a ring */
	uint32_t before = nr_free_pages();
	for (int i = 0; i < 50; i++)
		KT_EXPECT_EQ(pipe_create(&rd, &wr, 0), -ENOMEM);
	KT_EXPECT(rd == NULL && wr == NULL);
	KT_EXPECT_EQ(nr_free_pages(), before);
	give_back();
}

/* A removed directory holds its removed parent; creating in either is
 * -ENOENT; dropping the last reference frees the chain. */
static void removed_parent_counted(void)
{
	uint32_t before = nr_free_pages();
	struct inode *d = new_dir("ktest-ramfs");
	int err = 0;
	struct inode *a = d ? ramfs_mkdir(d, "a", 1, 0755, &err) : NULL;
	struct inode *b = a ? ramfs_mkdir(a, "b", 1, 0755, &err) : NULL;
	struct inode *f = inode_new(S_IFREG | 0644);
	KT_EXPECT(d && a && b && f);
	if (!d || !a || !b || !f)
		return;
	KT_EXPECT_EQ(a->nlink, 3); /* d's entry, its ".", b's ".." */
	inode_get(b);		   /* b stays held, as by an open fd */
	KT_EXPECT_EQ(dir_unlink(a, "b", 1), 0);
	KT_EXPECT_EQ(dir_unlink(d, "a", 1), 0);
	KT_EXPECT(dir_dead(b) && dir_dead(a));
	KT_EXPECT(b->parent == a);
	KT_EXPECT_EQ(a->refcount, 1); /* b's parent reference */
	KT_EXPECT_EQ(dir_link(b, "x", 1, f), -ENOENT);
	KT_EXPECT_EQ(dir_link(a, "x", 1, f), -ENOENT);
	KT_EXPECT_EQ(f->nlink, 0);
	inode_put(f);
	inode_put(b); /* frees b, then a */
	KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-ramfs", 11), 0);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* Archive names that would climb out or name "." or ".." are refused,
 * and make nothing. */
static void initramfs_names(void)
{
	KT_EXPECT_EQ(ramfs_create_file("/ktest-a/../b", "x", 1, 0644), -ENOENT);
	KT_EXPECT_EQ(ramfs_create_file("/../ktest-b", "x", 1, 0644), -ENOENT);
	KT_EXPECT_EQ(ramfs_create_file("/ktest-c/..", "x", 1, 0644), -EINVAL);
	KT_EXPECT_EQ(ramfs_create_file("/.", "x", 1, 0644), -EINVAL);
	KT_EXPECT(dir_lookup(root_inode, "..", 2) == NULL);
	KT_EXPECT(dir_lookup(root_inode, ".", 1) == NULL);
	KT_EXPECT(dir_lookup(root_inode, "ktest-b", 7) == NULL);
	struct inode *c = dir_lookup(root_inode, "ktest-c", 7);
	KT_EXPECT(c && c->entries == NULL); /* the directory, but no ".." in it */
	if (c)
		KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-c", 7), 0);
	struct inode *a = dir_lookup(root_inode, "ktest-a", 7);
	KT_EXPECT(a && a->entries == NULL);
	if (a)
		KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-a", 7), 0);
	KT_EXPECT_EQ(ramfs_create_file("/ktest-d/e", "xy", 2, 0644), 0);
	struct inode *d = dir_lookup(root_inode, "ktest-d", 7);
	struct inode *e = d ? dir_lookup(d, "e", 1) : NULL;
	KT_EXPECT(e && e->size == 2 && e->nlink == 1);
	if (d) {
		KT_EXPECT_EQ(dir_unlink(d, "e", 1), 0);
		KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-d", 7), 0);
	}
}

static const struct ktest_case cases[] = {
	{ "far_byte_cost", far_byte_cost },
	{ "index_undone_when_full", index_undone_when_full },
	{ "rename_without_memory", rename_without_memory },
	{ "pipe_when_full", pipe_when_full },
	{ "removed_parent_counted", removed_parent_counted },
	{ "initramfs_names", initramfs_names },
};
KTEST_SUITE(ramfs, cases);
