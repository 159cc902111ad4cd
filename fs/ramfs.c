/*
 * ramfs: the one file system, in memory. Directories hold a list of named
 * entries; a regular file's data lives in whole pages, page i holding
 * bytes [i * PAGE_SIZE, (i + 1) * PAGE_SIZE), with NULL for a hole that
 * reads as zeroes. Reads and writes move data between those pages and the
 * caller's iov_iter with copy_page_to_iter / copy_page_from_iter, a page
 * at a time, and stop at the first byte that cannot be copied: the file
 * offset moves by exactly the bytes moved, and a write that moves nothing
 * leaves the file as it was.
 */
#include <kernel/fs.h>
#include <kernel/mm.h>

struct inode *root_inode;
static uint32_t next_ino = 1;

struct inode *inode_new(uint32_t mode)
{
	struct inode *ip = kzalloc(sizeof(*ip));

	if (!ip)
		return NULL;
	ip->ino = next_ino++;
	ip->mode = mode;
	ip->refcount = 1;
	if (S_ISDIR(mode))
		ip->fop = &ramfs_dir_ops;
	else if (S_ISREG(mode))
		ip->fop = &ramfs_file_ops;
	return ip;
}

void inode_get(struct inode *ip)
{
	ip->refcount++;
}

void inode_put(struct inode *ip)
{
	BUG_ON(ip->refcount <= 0);
	if (--ip->refcount > 0)
		return;
	if (S_ISREG(ip->mode))
		ramfs_truncate(ip, 0);
	kfree(ip);
}

struct inode *dir_lookup(struct inode *dir, const char *name, size_t len)
{
	for (struct dirent_node *d = dir->entries; d; d = d->next)
		if (strlen(d->name) == len && !memcmp(d->name, name, len))
			return d->inode;
	return NULL;
}

/* Add name -> ip to dir; the entry holds a reference to ip. */
int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ip)
{
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (dir_lookup(dir, name, len))
		return -EEXIST;
	struct dirent_node *d = kmalloc(sizeof(*d));
	char *copy = kmalloc(len + 1);
	if (!d || !copy) {
		kfree(d);
		kfree(copy);
		return -ENOMEM;
	}
	memcpy(copy, name, len);
	copy[len] = '\0';
	d->name = copy;
	d->inode = ip;
	d->seq = dir->next_seq++;
	d->next = NULL;
	struct dirent_node **pp = &dir->entries;	/* keep creation order */
	while (*pp)
		pp = &(*pp)->next;
	*pp = d;
	inode_get(ip);
	ip->nlink++;
	if (S_ISDIR(ip->mode)) {
		ip->parent = dir;
		dir->nlink++;
	}
	return 0;
}

int dir_unlink(struct inode *dir, const char *name, size_t len)
{
	for (struct dirent_node **pp = &dir->entries; *pp; pp = &(*pp)->next) {
		struct dirent_node *d = *pp;
		if (strlen(d->name) != len || memcmp(d->name, name, len))
			continue;
		struct inode *ip = d->inode;
		if (S_ISDIR(ip->mode)) {
			if (ip->entries)
				return -ENOTEMPTY;
			dir->nlink--;
			ip->nlink = 1;	/* only its "." is left; gone below */
		}
		*pp = d->next;
		kfree(d->name);
		kfree(d);
		ip->nlink--;
		inode_put(ip);
		return 0;
	}
	return -ENOENT;
}

/*
 * A file's pages are found through a two-level index: leaves of LEAF
 * page pointers, and a top array of leaves that grows (by doubling) as
 * the file does. Only leaves that hold a page exist, so a file with a
 * hole of a gigabyte costs a few bytes of index, not a megabyte.
 */
#define LEAF (PAGE_SIZE / sizeof(struct page *))

/* The slot for page idx, or NULL; with create, makes the leaf as needed. */
static struct page **page_slot(struct inode *ip, uint32_t idx, bool create)
{
	uint32_t top = idx / LEAF;

	if (top >= ip->nleaves) {
		if (!create)
			return NULL;
		uint32_t n = ip->nleaves ? ip->nleaves : 1;
		while (n <= top)
			n *= 2;
		struct page ***leaves = kzalloc(n * sizeof(*leaves));
		if (!leaves)
			return NULL;
		if (ip->leaves)
			memcpy(leaves, ip->leaves, ip->nleaves * sizeof(*leaves));
		kfree(ip->leaves);
		ip->leaves = leaves;
		ip->nleaves = n;
	}
	if (!ip->leaves[top]) {
		if (!create)
			return NULL;
		if (!(ip->leaves[top] = kzalloc(LEAF * sizeof(struct page *))))
			return NULL;
	}
	return &ip->leaves[top][idx % LEAF];
}

static struct page *page_at(struct inode *ip, uint32_t idx)
{
	struct page **s = page_slot(ip, idx, false);
	return s ? *s : NULL;
}

int ramfs_truncate(struct inode *ip, loff_t size)
{
	if (size < 0 || size > MAX_FILE_SIZE)
		return -EINVAL;
	uint32_t keep = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;	/* pages kept */
	for (uint32_t top = keep / LEAF; top < ip->nleaves; top++) {
		struct page **leaf = ip->leaves[top];
		if (!leaf)
			continue;
		uint32_t first = top == keep / LEAF ? keep % LEAF : 0;
		for (uint32_t i = first; i < LEAF; i++) {
			if (leaf[i]) {
				put_page(leaf[i]);
				leaf[i] = NULL;
			}
		}
		if (first == 0) {
			kfree(leaf);
			ip->leaves[top] = NULL;
		}
	}
	if (keep == 0) {
		kfree(ip->leaves);
		ip->leaves = NULL;
		ip->nleaves = 0;
	}
	/* zero the tail of the last kept page, so growing again reads zeroes */
	struct page *last = keep ? page_at(ip, keep - 1) : NULL;
	if ((size & (PAGE_SIZE - 1)) && last) {
		uint32_t off = size & (PAGE_SIZE - 1);
		memset((char *)page_address(last) + off, 0, PAGE_SIZE - off);
	}
	ip->size = size;
	return 0;
}

static ssize_t ramfs_read_iter(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct inode *ip = f->inode;
	loff_t p = *pos;
	size_t total = 0, want;

	if (p >= ip->size || iov_iter_count(to) == 0)
		return 0;
	want = min((loff_t)iov_iter_count(to), ip->size - p);
	while (total < want) {
		uint32_t idx = p >> PAGE_SHIFT, off = p & (PAGE_SIZE - 1);
		size_t chunk = min((size_t)(PAGE_SIZE - off), want - total);
		struct page *pg = page_at(ip, idx);
		size_t n = pg ? copy_page_to_iter(pg, off, chunk, to) : iov_iter_zero(chunk, to);
		total += n;
		p += n;
		if (n < chunk)
			break;
	}
	*pos = p;
	return total ? (ssize_t)total : -EFAULT;
}

static ssize_t ramfs_write_iter(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct inode *ip = f->inode;
	loff_t p = (f->flags & O_APPEND) ? ip->size : *pos;
	size_t total = 0, want = iov_iter_count(from);
	ssize_t err = -EFAULT;	/* why we stopped short, if we did */

	if (want == 0)
		return 0;
	if (p >= MAX_FILE_SIZE)
		return -EFBIG;
	want = min((loff_t)want, (loff_t)MAX_FILE_SIZE - p);
	while (total < want) {
		uint32_t idx = p >> PAGE_SHIFT, off = p & (PAGE_SIZE - 1);
		size_t chunk = min((size_t)(PAGE_SIZE - off), want - total);
		struct page *pg = page_at(ip, idx);
		if (!pg) {
			/* the data page first: the index is kernel memory, and
			 * must not grow once user memory has run out */
			struct page **slot;
			pg = alloc_user_page();
			if (!pg || !(slot = page_slot(ip, idx, true))) {
				if (pg)
					put_page(pg);
				err = -ENOSPC;	/* out of memory: the file system is full */
				break;
			}
			*slot = pg;
		}
		size_t n = copy_page_from_iter(pg, off, chunk, from);
		total += n;
		p += n;
		if (n < chunk)
			break;
	}
	if (p > ip->size && total)
		ip->size = p;
	if (total)
		*pos = p;
	if (!total)
		return iov_iter_count(from) ? err : 0;
	return total;
}

static ssize_t dir_read_iter(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return -EISDIR;
}

const struct file_operations ramfs_file_ops = {
	.read_iter = ramfs_read_iter,
	.write_iter = ramfs_write_iter,
	.llseek = generic_llseek,
};

const struct file_operations ramfs_dir_ops = {
	.read_iter = dir_read_iter,
	.llseek = generic_llseek,
};

void ramfs_init(void)
{
	root_inode = inode_new(S_IFDIR | 0755);
	if (!root_inode)
		panic("ramfs_init: out of memory");
	root_inode->parent = root_inode;
	root_inode->nlink = 2;
}
