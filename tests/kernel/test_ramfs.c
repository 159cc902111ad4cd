/*
 * Selftests for the ramfs (fs/ramfs.c) where user space cannot reach:
 * the page index's exact cost and its undoing when memory runs out part
 * way, rename and link with every page and slab object taken (nothing
 * may change or be lost), pipe creation with user memory full, and the
 * counted parent of a removed directory, archive names the initramfs
 * must refuse, and the directory index (fs/dirent.c): names whose hashes
 * collide, the table's growth, the seq index's holes, a rename that
 * finds no memory for it, and a directory's path from its own entry.
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

/* Two names with the same FNV-1a hash (found by search): the bucket
 * holds both, and only the bytes tell them apart. */
#define TWIN_A "wpcbmwgi"
#define TWIN_B "dvwfniwq"
#define DIR_ENTRIES 1000

/* Link n empty files "f<from>".."f<from + n - 1>" into dir (the entries
 * hold them). True iff all were linked. */
static bool fill_dir(struct inode *dir, int from, int n)
{
	char name[16];

	for (int i = from; i < from + n; i++) {
		struct inode *ip = inode_new(S_IFREG | 0644);
		int len = snprintf(name, sizeof(name), "f%d", i);
		int err = ip ? dir_link(dir, name, len, ip) : -ENOMEM;
		if (ip)
			inode_put(ip);
		if (err)
			return false;
	}
	return true;
}

/* True iff dir's list, slots and hash table agree: the list in increasing
 * seq, each entry at its slot and in its bucket, nlive entries. */
static bool index_consistent(const struct inode *dir)
{
	const struct dir_index *x = &dir->dix;
	uint32_t n = 0;

	for (const struct dirent_node *d = dir->entries; d; d = d->next, n++) {
		if (d->next && d->next->seq <= d->seq)
			return false;
		if (d->slot >= x->nslots || x->slots[d->slot].d != d ||
		    x->slots[d->slot].seq != d->seq)
			return false;
		if (dir_find(dir, d->name, d->len) != d || d->hash != name_hash(d->name, d->len))
			return false;
	}
	return n == x->nlive && (!n || dir->entries_last->next == NULL);
}

/* Colliding names are both found, each as itself, and either goes alone. */
static void hash_collisions(void)
{
	struct inode *d = new_dir("ktest-ramfs");
	struct inode *a = inode_new(S_IFREG | 0644), *b = inode_new(S_IFREG | 0644);
	KT_EXPECT(d && a && b);
	if (!d || !a || !b)
		return;
	KT_EXPECT_EQ(name_hash(TWIN_A, 8), name_hash(TWIN_B, 8));
	KT_EXPECT(fill_dir(d, 0, 50));
	KT_EXPECT_EQ(dir_link(d, TWIN_A, 8, a), 0);
	KT_EXPECT_EQ(dir_link(d, TWIN_B, 8, b), 0);
	KT_EXPECT_EQ(dir_link(d, TWIN_B, 8, a), -EEXIST);
	KT_EXPECT(dir_lookup(d, TWIN_A, 8) == a && dir_lookup(d, TWIN_B, 8) == b);
	KT_EXPECT(dir_lookup(d, "wpcbmwgj", 8) == NULL);
	KT_EXPECT_EQ(dir_unlink(d, TWIN_A, 8), 0);
	KT_EXPECT(dir_lookup(d, TWIN_A, 8) == NULL && dir_lookup(d, TWIN_B, 8) == b);
	KT_EXPECT_EQ(dir_rename(d, TWIN_B, 8, d, TWIN_A, 8), 0);
	KT_EXPECT(dir_lookup(d, TWIN_A, 8) == b && dir_lookup(d, TWIN_B, 8) == NULL);
	KT_EXPECT(index_consistent(d));
	inode_put(a);
	inode_put(b);
	dir_clear(d);
	KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-ramfs", 11), 0);
}

/* The table doubles as a directory grows: at DIR_ENTRIES entries it has at
 * least as many buckets, no chain is long, and the index is consistent. */
static void hash_table_grows(void)
{
	struct inode *d = new_dir("ktest-ramfs");
	if (!d)
		return;
	KT_EXPECT(fill_dir(d, 0, DIR_ENTRIES));
	KT_EXPECT_EQ(d->dix.nlive, DIR_ENTRIES);
	KT_EXPECT((1u << d->dix.hash_bits) >= DIR_ENTRIES);
	uint32_t longest = 0;
	for (uint32_t i = 0; i < 1u << d->dix.hash_bits; i++) {
		uint32_t n = 0;
		for (struct dirent_node *e = d->dix.buckets[i]; e; e = e->hnext)
			n++;
		longest = max(longest, n);
	}
	KT_EXPECT(longest <= 8);
	KT_EXPECT(index_consistent(d));
	dir_clear(d);
	KT_EXPECT(d->dix.buckets == NULL && d->dix.slots == NULL); /* empty: no index */
	KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-ramfs", 11), 0);
}

/* After every other entry goes, dir_seek(s) is the first survivor with
 * seq >= s for every s, and the holes never outnumber the entries by
 * much (they are squeezed out). */
static void seek_index_compacts(void)
{
	char name[16];
	struct inode *d = new_dir("ktest-ramfs");
	if (!d)
		return;
	KT_EXPECT(fill_dir(d, 0, DIR_ENTRIES));
	uint32_t base = d->entries->seq, bad = 0;
	for (int i = 0; i < DIR_ENTRIES; i += 2) {
		int len = snprintf(name, sizeof(name), "f%d", i);
		KT_EXPECT_EQ(dir_unlink(d, name, len), 0);
		if (d->dix.nslots - d->dix.nlive > d->dix.nlive + 8)
			bad++;
	}
	KT_EXPECT_EQ(bad, 0);
	for (uint32_t s = 0; s < base + DIR_ENTRIES + 2; s++) {
		struct dirent_node *e = dir_seek(d, s), *want = d->entries;
		while (want && want->seq < s)
			want = want->next;
		bad += e != want;
	}
	KT_EXPECT_EQ(bad, 0);
	KT_EXPECT(dir_seek(d, (uint64_t)1 << 40) == NULL);
	KT_EXPECT(index_consistent(d));
	dir_clear(d);
	KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-ramfs", 11), 0);
}

/* A rename into a directory whose seq index is full, with no memory for a
 * bigger one, is -ENOMEM and changes nothing; then it works. */
static void rename_index_full(void)
{
	struct inode *from = new_dir("ktest-ramfs");
	int err = 0;
	struct inode *to = from ? ramfs_mkdir(from, "to", 2, 0755, &err) : NULL;
	struct inode *ip = inode_new(S_IFREG | 0644);
	KT_EXPECT(from && to && ip);
	if (!from || !to || !ip)
		return;
	KT_EXPECT_EQ(dir_link(from, "a", 1, ip), 0);
	KT_EXPECT(fill_dir(to, 0, 1));
	uint32_t cap = to->dix.cap;
	KT_EXPECT(fill_dir(to, 1, cap - 1)); /* every slot used, no holes */
	KT_EXPECT(to->dix.nslots == cap && to->dix.nlive == cap);
	void *spare = kmalloc(sizeof("b")); /* the name's copy will get this */
	take_pages(-1);
	take_objects(2 * cap * sizeof(struct dir_slot));
	kfree(spare);
	KT_EXPECT_EQ(dir_rename(from, "a", 1, to, "b", 1), -ENOMEM);
	KT_EXPECT(dir_lookup(from, "a", 1) == ip && dir_lookup(to, "b", 1) == NULL);
	KT_EXPECT(index_consistent(from) && index_consistent(to));
	give_back();
	KT_EXPECT_EQ(dir_rename(from, "a", 1, to, "b", 1), 0);
	KT_EXPECT(dir_lookup(from, "a", 1) == NULL && dir_lookup(to, "b", 1) == ip);
	KT_EXPECT(index_consistent(from) && index_consistent(to));
	inode_put(ip);
	dir_clear(from);
	KT_EXPECT_EQ(dir_unlink(root_inode, "ktest-ramfs", 11), 0);
}

/* A directory's path comes from its own entry (d_entry): it follows a
 * rename and an exchange, and is gone once the directory is removed. */
static void dir_path_follows(void)
{
	char buf[64];
	int err = 0;
	struct inode *d = new_dir("ktest-ramfs");
	struct inode *a = d ? ramfs_mkdir(d, "a", 1, 0755, &err) : NULL;
	struct inode *b = a ? ramfs_mkdir(d, "b", 1, 0755, &err) : NULL;
	KT_EXPECT(d && a && b);
	if (!d || !a || !b)
		return;
	KT_EXPECT(fill_dir(d, 0, 100));
	char *p = dir_path(a, buf, sizeof(buf), &err);
	KT_EXPECT(p && !strcmp(p, "/ktest-ramfs/a"));
	KT_EXPECT_EQ(dir_rename(d, "a", 1, b, "c", 1), 0);
	p = dir_path(a, buf, sizeof(buf), &err);
	KT_EXPECT(p && !strcmp(p, "/ktest-ramfs/b/c"));
	KT_EXPECT_EQ(dir_rename(b, "c", 1, d, "a", 1), 0);
	KT_EXPECT_EQ(dir_exchange(d, "a", 1, d, "b", 1), 0);
	p = dir_path(a, buf, sizeof(buf), &err);
	KT_EXPECT(p && !strcmp(p, "/ktest-ramfs/b"));
	p = dir_path(b, buf, sizeof(buf), &err);
	KT_EXPECT(p && !strcmp(p, "/ktest-ramfs/a"));
	inode_get(a);
	KT_EXPECT_EQ(dir_unlink(d, "b", 1), 0); /* a, now called b */
	KT_EXPECT(dir_path(a, buf, sizeof(buf), &err) == NULL && err == -ENOENT);
	KT_EXPECT(a->d_entry == NULL);
	inode_put(a);
	dir_clear(d);
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
	{ "hash_collisions", hash_collisions },
	{ "hash_table_grows", hash_table_grows },
	{ "seek_index_compacts", seek_index_compacts },
	{ "rename_index_full", rename_index_full },
	{ "dir_path_follows", dir_path_follows },
};
KTEST_SUITE(ramfs, cases);
