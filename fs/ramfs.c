/*
 * ramfs: the one file system, in memory. Directories hold a list of named
 * entries; a regular file's data lives in whole pages, page i holding
 * bytes [i * PAGE_SIZE, (i + 1) * PAGE_SIZE), with NULL for a hole that
 * reads as zeroes. Reads and writes move data between those pages and the
 * caller's iov_iter with copy_page_to_iter / copy_page_from_iter, a page
 * at a time, and stop at the first byte that cannot be copied: the file
 * offset moves by exactly the bytes moved, and a write that moves nothing
 * leaves the file as it was. Data pages come from alloc_highuser_page
 * (high memory first) and are reached only through the kmap interface
 * (kernel/highmem.h); the index pages of the radix tree below are kernel
 * metadata, low memory from alloc_user_page, read through page_address.
 *
 * A directory's entries are kept by fs/dirent.c: a list in the order of
 * linking, a hash table for lookups and a seq index for getdents64.
 * A directory holds a counted reference to its parent, so ".." of a
 * directory removed while still open (or some cwd) stays valid, as Linux's
 * dentries keep theirs; the removed directory is dead (nlink 0), empty,
 * and dir_link refuses it. Every page a file uses, data or index, and
 * every new name, counts against user memory and leaves the kernel's
 * reserve alone (-ENOSPC when it is all that is left).
 */
#include <kernel/fs.h>
#include <kernel/permission.h>
#include <kernel/mm.h>
#include <kernel/highmem.h>
#include <kernel/procfs.h>
#include <kernel/resource.h>
#include <kernel/vma.h>
#include <kernel/splice.h>

struct inode *root_inode;
static uint32_t next_ino = 1;

/* A new inode of mode (refcount 1, its ino the next number), with the
 * ramfs operations for a directory or regular file (a FIFO's open for a
 * FIFO); nlink is 0, or 1 for
 * a directory (its "."). NULL without memory. */
struct inode *inode_new(uint32_t mode)
{
	struct inode *ip = kzalloc(sizeof(*ip));

	if (!ip)
		return NULL;
	ip->ino = next_ino++;
	ip->mode = mode;
	ip->atime = ip->mtime = ip->ctime = fs_now();
	ip->refcount = 1;
	if (S_ISDIR(mode)) {
		ip->fop = &ramfs_dir_ops;
		ip->nlink = 1; /* "." */
	} else if (S_ISREG(mode))
		ip->fop = &ramfs_file_ops;
	else if (S_ISFIFO(mode))
		ip->fop = &fifo_ops;
	return ip;
}

/* Take a reference to ip. */
void inode_get(struct inode *ip)
{
	ip->refcount++;
}

/* Drop a reference; the last one frees the inode, its pages, and its
 * reference to its parent directory, which may free that in turn (a loop,
 * not recursion: a chain of removed directories can be long). */
void inode_put(struct inode *ip)
{
	while (ip) {
		BUG_ON(ip->refcount <= 0);
		if (--ip->refcount > 0)
			return;
		struct inode *parent = S_ISDIR(ip->mode) && ip->parent != ip ? ip->parent : NULL;
		if (S_ISREG(ip->mode))
			ramfs_truncate(ip, 0);
		fs_forget(ip);
		kfree(ip->link);
		kfree(ip->gone_name);
		if (S_ISDIR(ip->mode))
			dir_index_free(ip); /* its entries are gone: it is empty */
		if (ip->gone_dir)
			inode_put(ip->gone_dir); /* a directory: no gone_dir of its own */
		kfree(ip);
		ip = parent;
	}
}

/* The inode dir calls name[0..len), or NULL; no reference taken. A /proc
 * directory may make the inode up (inode_operations.lookup). */
struct inode *dir_lookup(struct inode *dir, const char *name, size_t len)
{
	struct dirent_node *d = dir_find(dir, name, len);

	if (!d && dir->iop && dir->iop->lookup)
		return dir->iop->lookup(dir, name, len);
	return d ? d->inode : NULL;
}

/* Link name to ip in dir (see fs.h): the entry holds a reference to ip,
 * and a directory holds one to its parent. Returns 0 or -errno. */
int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ip)
{
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (dir_dead(dir))
		return -ENOENT;
	if (dir_lookup(dir, name, len))
		return -EEXIST;
	if (is_procfs(dir)) {
		if (current) /* as Linux: /proc's lookup of a new name fails */
			return -ENOENT;
		if (!ip->iop) /* a /proc node made at boot: read-only as the rest */
			ip->iop = &proc_file_iop;
	}
	/* names and inodes are kernel memory, but made for user data: a full
	 * file system refuses them as it refuses data pages */
	if (!user_pages_left())
		return -ENOSPC;
	int err = fs_adopt(dir, ip); /* a new inode joins dir's file system */
	if (err)
		return err;
	struct dirent_node *d = kmalloc(sizeof(*d));
	char *copy = kmalloc(len + 1);
	if (!d || !copy || dir_index_reserve(dir)) {
		kfree(d);
		kfree(copy);
		return -ENOMEM;
	}
	memcpy(copy, name, len);
	copy[len] = '\0';
	d->name = copy;
	d->len = len;
	d->inode = ip;
	dir_index_add(dir, d);
	inode_get(ip);
	ip->nlink++;
	touch_ctime(ip);
	touch_mtime(dir);
	if (S_ISDIR(ip->mode)) {
		inode_get(dir);
		ip->parent = dir;
		ip->d_entry = d;
		dir->nlink++;
	}
	return 0;
}

/* The one way a directory is made (see fs.h): a new directory of mode
 * linked as dir/name, or NULL with *err set. */
struct inode *ramfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode, int *err)
{
	struct inode *ip = inode_new(S_IFDIR | (mode & ~S_IFMT));

	if (!ip) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = dir_link(dir, name, len, ip);
	inode_put(ip); /* dir's entry holds it now, or it is gone */
	return *err ? NULL : ip;
}

/* Take the entry d out of dir and drop its reference. A directory
 * loses its "." too and is dead from then on (it must be empty); an open
 * file that loses its last name keeps it as gone_name. */
static void drop_entry(struct inode *dir, struct dirent_node *d)
{
	struct inode *ip = d->inode;

	dir_index_del(dir, d);
	touch_ctime(ip);
	touch_mtime(dir);
	if (S_ISDIR(ip->mode)) {
		dir->nlink--; /* its ".." */
		ip->nlink = 0;
		ip->d_entry = NULL;
	} else if (--ip->nlink == 0 && ip->refcount > 1 && !ip->gone_name) {
		ip->gone_name = d->name; /* still open: remember where it was */
		ip->gone_dir = dir;
		inode_get(dir);
		d->name = NULL;
	}
	kfree(d->name);
	kfree(d);
	inode_put(ip);
}

/* Remove the entry name from dir: 0, -ENOENT, or -ENOTEMPTY for a
 * directory with entries. */
int dir_unlink(struct inode *dir, const char *name, size_t len)
{
	struct dirent_node *d = dir_find(dir, name, len);

	if (!d)
		return -ENOENT;
	if (S_ISDIR(d->inode->mode) && d->inode->entries)
		return -ENOTEMPTY;
	drop_entry(dir, d);
	dir_index_trim(dir);
	return 0;
}

/* Remove everything below dir, deepest first, without recursion: go down
 * the last entry while it is a directory with entries, drop entries
 * that are not, climb back when a directory is empty. Directories
 * dropped this way are dead; open files live on unlinked. */
void dir_clear(struct inode *dir)
{
	struct inode *cur = dir;

	for (;;) {
		struct dirent_node *d = cur->entries_last;
		if (d) {
			struct inode *ip = d->inode;
			if (S_ISDIR(ip->mode) && ip->entries)
				cur = ip;
			else
				drop_entry(cur, d);
			continue;
		}
		dir_index_trim(cur);
		if (cur == dir)
			return;
		cur = cur->parent; /* its entry there is last: dropped next */
	}
}

/* Move directory ip's parent from odir to ndir, with the ".." counts. */
static void reparent(struct inode *ip, struct inode *odir, struct inode *ndir)
{
	if (!S_ISDIR(ip->mode) || odir == ndir)
		return;
	odir->nlink--;
	ndir->nlink++;
	inode_get(ndir);
	ip->parent = ndir;
	inode_put(odir); /* the caller still holds odir */
}

/* Move odir's entry oname to nname in ndir, dropping what nname named
 * there. All or nothing: 0, or -ENOENT / -ENOMEM with nothing changed. */
int dir_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
	       const char *nname, size_t nlen)
{
	struct dirent_node *d = dir_find(odir, oname, olen);

	if (!d || dir_dead(ndir))
		return -ENOENT;
	/* the only allocations, before any change: the new name, room in
	 * ndir's index */
	char *copy = kmalloc(nlen + 1);
	if (!copy || dir_index_reserve(ndir)) {
		kfree(copy);
		return -ENOMEM;
	}
	memcpy(copy, nname, nlen);
	copy[nlen] = '\0';
	struct inode *ip = d->inode;
	dir_index_del(odir, d); /* out of odir; its reference moves with it */
	struct dirent_node *v = dir_find(ndir, nname, nlen);
	if (v)
		drop_entry(ndir, v);
	kfree(d->name);
	d->name = copy;
	d->len = nlen;
	dir_index_add(ndir, d);
	dir_index_trim(odir);
	reparent(ip, odir, ndir);
	touch_ctime(ip);
	touch_mtime(odir);
	touch_mtime(ndir);
	return 0;
}

/* Swap what odir's oname and ndir's nname name (both must exist): 0 or
 * -ENOENT, with nothing changed on error. */
int dir_exchange(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
		 const char *nname, size_t nlen)
{
	struct dirent_node *o = dir_find(odir, oname, olen);
	struct dirent_node *n = dir_find(ndir, nname, nlen);

	if (!o || !n)
		return -ENOENT;
	struct inode *a = o->inode, *b = n->inode;
	o->inode = b;
	n->inode = a;
	if (S_ISDIR(a->mode))
		a->d_entry = n;
	if (S_ISDIR(b->mode))
		b->d_entry = o;
	reparent(a, odir, ndir);
	reparent(b, ndir, odir);
	touch_ctime(a);
	touch_ctime(b);
	touch_mtime(odir);
	touch_mtime(ndir);
	return 0;
}

/*
 * A regular file's pages are found through a radix tree of index pages,
 * each an array of FANOUT page pointers. A tree of height h covers
 * FANOUT^h file pages; at height 0 `index` is the file's only page (page 0).
 * It grows a level at a time as a write reaches further, so a 1-byte file
 * costs no index, and a byte near MAX_FILE_SIZE costs INDEX_MAX_HEIGHT
 * index pages. Index pages come from alloc_user_page (low memory: the
 * kernel reads their slots through page_address), data pages from
 * alloc_highuser_page: they count against the same memory, and a full file system refuses
 * them with -ENOSPC instead of eating the kernel's reserve. Index pages
 * left empty are freed at once, and the tree shrinks back when only its
 * first slot is in use.
 */
#define FANOUT_SHIFT (PAGE_SHIFT - 2)
#define FANOUT (1u << FANOUT_SHIFT) /* 1024 pointers a page */
#define INDEX_MAX_HEIGHT 3

_Static_assert(sizeof(struct page *) << FANOUT_SHIFT == PAGE_SIZE, "an index node is a page");
_Static_assert((MAX_FILE_SIZE >> PAGE_SHIFT) <= (1ull << (INDEX_MAX_HEIGHT * FANOUT_SHIFT)),
	       "the index reaches MAX_FILE_SIZE");

/* The FANOUT slots of an index page. */
static struct page **node_slots(struct page *node)
{
	return page_address(node);
}

/* Pages covered by a tree of height h. */
static uint64_t capacity(uint32_t h)
{
	return 1ull << (h * FANOUT_SHIFT);
}

/* Which slot of a node at height h leads to page idx. */
static uint32_t digit(uint32_t idx, uint32_t h)
{
	return (idx >> ((h - 1) * FANOUT_SHIFT)) & (FANOUT - 1);
}

/* True iff node's slots from first on are all empty. */
static bool slots_empty(struct page *node, uint32_t first)
{
	struct page **s = node_slots(node);

	for (uint32_t i = first; i < FANOUT; i++)
		if (s[i])
			return false;
	return true;
}

/* Lower the tree while everything in it sits under its first slot. */
static void index_shrink(struct inode *ip)
{
	while (ip->height > 0) {
		if (!ip->index) {
			ip->height = 0;
			return;
		}
		if (!slots_empty(ip->index, 1))
			return;
		struct page *node = ip->index;
		ip->index = node_slots(node)[0];
		put_page(node);
		ip->height--;
	}
}

/* Free the index pages on the path to page idx that hold nothing. */
static void index_prune(struct inode *ip, uint32_t idx)
{
	struct page **path[INDEX_MAX_HEIGHT];
	struct page **slot = &ip->index;
	uint32_t n = 0;

	if (idx < capacity(ip->height)) {
		for (uint32_t h = ip->height; h > 0 && *slot; h--) {
			path[n++] = slot;
			slot = &node_slots(*slot)[digit(idx, h)];
		}
	}
	while (n > 0 && slots_empty(*path[n - 1], 0)) {
		slot = path[--n];
		put_page(*slot);
		*slot = NULL;
	}
	index_shrink(ip);
}

/* The slot for page idx, or NULL. With create, adds the levels and index
 * pages it needs; NULL then means user memory is full, and the caller
 * must index_prune(). */
static struct page **page_slot(struct inode *ip, uint32_t idx, bool create)
{
	while (idx >= capacity(ip->height)) {
		if (!create)
			return NULL;
		if (ip->index) {
			struct page *node = alloc_user_page();
			if (!node)
				return NULL;
			node_slots(node)[0] = ip->index;
			ip->index = node;
		}
		ip->height++;
	}
	struct page **slot = &ip->index;
	for (uint32_t h = ip->height; h > 0; h--) {
		if (!*slot) {
			if (!create || !(*slot = alloc_user_page()))
				return NULL;
		}
		slot = &node_slots(*slot)[digit(idx, h)];
	}
	return slot;
}

/* The data page holding page idx of the file, or NULL for a hole. */
static struct page *page_at(struct inode *ip, uint32_t idx)
{
	struct page **s = page_slot(ip, idx, false);
	return s ? *s : NULL;
}

/* The page holding page idx of regular file ip (its reference kept by
 * the file), or NULL for a hole. */
struct page *ramfs_find_page(struct inode *ip, uint32_t idx)
{
	return page_at(ip, idx);
}

/* The page holding page idx of regular file ip, made (zeroed) in a hole as
 * a write would make it: the file's own page, its reference kept by the
 * file. NULL when the page cannot be made, with *err (if err is set)
 * -ENOSPC for a tmpfs at its size= limit or -ENOMEM when user memory is
 * full. The page fault of a file mapping finds its page here. */
struct page *ramfs_get_page(struct inode *ip, uint32_t idx, int *err)
{
	struct page *pg = page_at(ip, idx);

	if (pg)
		return pg;
	if (!fs_charge_page(ip)) {
		if (err)
			*err = -ENOSPC;
		return NULL;
	}
	struct page **slot = page_slot(ip, idx, true);
	if (slot && (pg = *slot = alloc_highuser_page()))
		ip->npages++;
	if (!pg) {
		fs_uncharge_page(ip);
		index_prune(ip, idx);
		if (err)
			*err = -ENOMEM;
	}
	return pg;
}

/* Free the pages from index keep on in the subtree at *slot (height h,
 * first page base), and the index pages that leaves empty. */
static void trim(struct inode *ip, struct page **slot, uint32_t h, uint64_t base, uint64_t keep)
{
	if (!*slot)
		return;
	if (h > 0) {
		uint64_t span = capacity(h - 1);
		struct page **s = node_slots(*slot);
		for (uint32_t i = 0; i < FANOUT; i++)
			if (base + (i + 1) * span > keep)
				trim(ip, &s[i], h - 1, base + i * span, keep);
		if (!slots_empty(*slot, 0))
			return;
	} else if (base < keep) {
		return;
	} else {
		ip->npages--;
		fs_uncharge_page(ip);
	}
	put_page(*slot);
	*slot = NULL;
}

#define NO_PAGE (~0ull) /* find_page found nothing */

/* The first page index >= from in the subtree at node (height h, first
 * page base) that holds a data page (data) or a hole (!data); NO_PAGE if
 * there is none. from lies in or before the subtree. */
static uint64_t find_page(struct page *node, uint32_t h, uint64_t base, uint64_t from, bool data)
{
	if (!node)
		return data ? NO_PAGE : max(base, from);
	if (h == 0)
		return data ? base : NO_PAGE;
	uint64_t span = capacity(h - 1);
	struct page **s = node_slots(node);
	for (uint32_t i = from > base ? (from - base) >> ((h - 1) * FANOUT_SHIFT) : 0; i < FANOUT;
	     i++) {
		uint64_t r = find_page(s[i], h - 1, base + i * span, from, data);
		if (r != NO_PAGE)
			return r;
	}
	return NO_PAGE;
}

/* lseek: SEEK_DATA and SEEK_HOLE find the file's pages and holes (page
 * granular, as on Linux's tmpfs), the rest is generic_llseek. */
static loff_t ramfs_llseek(struct file *f, loff_t off, int whence)
{
	struct inode *ip = f->inode;

	if (whence != SEEK_DATA && whence != SEEK_HOLE)
		return generic_llseek(f, off, whence);
	if (off < 0 || off >= ip->size)
		return -ENXIO;
	bool data = whence == SEEK_DATA;
	uint64_t from = (uint64_t)off >> PAGE_SHIFT, idx;
	if (from >= capacity(ip->height))
		idx = data ? NO_PAGE : from;
	else
		idx = find_page(ip->index, ip->height, 0, from, data);
	if (idx == NO_PAGE && !data)
		idx = capacity(ip->height); /* the tree is full: past it is a hole */
	loff_t p = idx == NO_PAGE ? ip->size : max(off, (loff_t)(idx << PAGE_SHIFT));
	if (p >= ip->size) {
		if (data)
			return -ENXIO;
		p = ip->size;
	}
	f->pos = p;
	return p;
}

/* Set ip's size, freeing the pages (and index pages) past it; growing
 * only moves the size. Returns 0, or -EINVAL for a size out of range. */
int ramfs_truncate(struct inode *ip, loff_t size)
{
	if (size < 0 || size > MAX_FILE_SIZE)
		return -EINVAL;
	uint64_t keep = ((uint64_t)size + PAGE_SIZE - 1) >> PAGE_SHIFT; /* pages kept */
	filemap_unmap_from(ip, keep); /* mappings of the dropped pages go first */
	if (keep < capacity(ip->height)) {
		trim(ip, &ip->index, ip->height, 0, keep);
		index_shrink(ip);
	}
	/* shrinking zeroes the tail of the last kept page, so growing again
	 * reads zeroes; growing leaves it (a shared mapping's stores past the
	 * old end come into the file, as on Linux) */
	struct page *last = keep ? page_at(ip, keep - 1) : NULL;
	if ((size & (PAGE_SIZE - 1)) && last && size < ip->size) {
		uint32_t off = size & (PAGE_SIZE - 1);
		memzero_page(last, off, PAGE_SIZE - off);
	}
	ip->size = size;
	return 0;
}

/* Read from *pos up to the end of the file into to (holes read as
 * zeroes). Returns the bytes moved, 0 at the end, or -EFAULT. */
static ssize_t ramfs_read_iter(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct inode *ip = f->inode;
	loff_t p = *pos;
	size_t total = 0, want;

	touch_atime(ip);
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

/* Write from at *pos (the end with O_APPEND), making pages as needed;
 * with O_DIRECT through the non-temporal copy (_copy_from_iter_nocache).
 * Returns the bytes moved, or -EFBIG, -ENOSPC, -EFAULT when none moved. */
static ssize_t ramfs_write_iter(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct inode *ip = f->inode;
	loff_t p = (f->flags & O_APPEND) ? ip->size : *pos;
	size_t total = 0, want = iov_iter_count(from);
	ssize_t err = -EFAULT; /* why we stopped short, if we did */

	if (want == 0)
		return 0;
	if (rlimit_fsize_write(p, &want)) /* SIGXFSZ sent */
		return -EFBIG;
	if (p >= MAX_FILE_SIZE)
		return -EFBIG;
	want = min((loff_t)want, (loff_t)MAX_FILE_SIZE - p);
	file_remove_privs(ip); /* a write drops set-ID bits, as Linux */
	while (total < want) {
		uint32_t idx = p >> PAGE_SHIFT, off = p & (PAGE_SIZE - 1);
		size_t chunk = min((size_t)(PAGE_SIZE - off), want - total);
		struct page *pg = page_at(ip, idx);
		struct page **slot = NULL;
		if (!pg) {
			if (!fs_charge_page(ip)) { /* its tmpfs's size= is reached */
				err = -ENOSPC;
				break;
			}
			slot = page_slot(ip, idx, true);
			if (slot && (pg = *slot = alloc_highuser_page()))
				ip->npages++;
			if (!pg) {
				fs_uncharge_page(ip);
				index_prune(ip, idx);
				err = -ENOSPC; /* out of memory: the file system is full */
				break;
			}
		}
		size_t n;
		if (f->flags & O_DIRECT) { /* not read back soon: non-temporal stores */
			char *kaddr =
				kmap_local_page(pg); /* the copy may fault: local, not atomic */
			n = _copy_from_iter_nocache(kaddr + off, chunk, from);
			kunmap_local(kaddr);
		} else {
			n = copy_page_from_iter(pg, off, chunk, from);
		}
		if (n == 0 && slot) { /* nothing landed in the new page: drop it */
			*slot = NULL;
			ip->npages--;
			fs_uncharge_page(ip);
			put_page(pg);
			index_prune(ip, idx);
		}
		total += n;
		p += n;
		if (n < chunk)
			break;
	}
	if (p > ip->size && total)
		ip->size = p;
	if (total)
		touch_mtime(ip);
	if (total)
		*pos = p;
	if (!total)
		return iov_iter_count(from) ? err : 0;
	return total;
}

/* Free file page idx if there is one, and the index pages that leaves empty. */
static void drop_page(struct inode *ip, uint32_t idx)
{
	struct page **slot = page_slot(ip, idx, false);

	if (!slot || !*slot)
		return;
	put_page(*slot);
	*slot = NULL;
	ip->npages--;
	fs_uncharge_page(ip);
	index_prune(ip, idx);
}

/* Zero bytes [pos, pos + n) of the file, all in one page (a hole stays). */
static void zero_in_page(struct inode *ip, loff_t pos, uint32_t n)
{
	struct page *pg = page_at(ip, pos >> PAGE_SHIFT);

	if (pg)
		memzero_page(pg, pos & (PAGE_SIZE - 1), n);
}

/* Zero [off, end) of the file: partial pages are cleared, whole pages freed
 * (FALLOC_FL_PUNCH_HOLE, as tmpfs), or only cleared while the file is
 * mapped somewhere, so every mapping keeps seeing the file's pages. */
static void punch_hole(struct inode *ip, loff_t off, loff_t end)
{
	uint64_t first = ((uint64_t)off + PAGE_SIZE - 1) >> PAGE_SHIFT; /* whole pages */
	uint64_t last = (uint64_t)end >> PAGE_SHIFT;

	if (first > last) { /* inside one page */
		zero_in_page(ip, off, end - off);
		return;
	}
	if (off & (PAGE_SIZE - 1))
		zero_in_page(ip, off, (first << PAGE_SHIFT) - off);
	if (end & (PAGE_SIZE - 1))
		zero_in_page(ip, last << PAGE_SHIFT, end & (PAGE_SIZE - 1));
	for (uint64_t idx = first; idx < last && idx < capacity(ip->height); idx++) {
		idx = find_page(ip->index, ip->height, 0, idx, true);
		if (idx == NO_PAGE || idx >= last)
			break;
		if (ip->i_mmap)
			zero_in_page(ip, (loff_t)idx << PAGE_SHIFT, PAGE_SIZE);
		else
			drop_page(ip, idx);
	}
}

/* Give every page of [off, end) a data page: the pages it needs, index
 * pages included, are counted against what user data may still take
 * first, so running out of memory changes nothing. Returns 0 or -ENOSPC. */
static int alloc_range(struct inode *ip, loff_t off, loff_t end)
{
	uint64_t first = (uint64_t)off >> PAGE_SHIFT;
	uint64_t last = ((uint64_t)end - 1) >> PAGE_SHIFT;
	uint64_t avail = user_pages_avail(), holes = 0;

	if (last - first + 1 > avail + ip->npages)
		return -ENOSPC;
	for (uint64_t idx = first; idx <= last; idx++)
		holes += page_at(ip, idx) == NULL;
	/* index pages: one per FANOUT data pages, plus a path and the growth */
	if (holes + (holes >> FANOUT_SHIFT) + 2 * INDEX_MAX_HEIGHT + 1 > avail)
		return holes ? -ENOSPC : 0;
	for (uint64_t idx = first; idx <= last; idx++) {
		/* past the count only a mount's size= limit can stop this; the
		 * pages made so far then stay in the file */
		if (!ramfs_get_page(ip, idx, NULL))
			return -ENOSPC;
	}
	return 0;
}

/* fallocate on a ramfs file, [off, off + len) already checked against
 * MAX_FILE_SIZE: mode 0 allocates and extends the size,
 * FALLOC_FL_KEEP_SIZE allocates only, FALLOC_FL_PUNCH_HOLE (with
 * KEEP_SIZE) frees, FALLOC_FL_ZERO_RANGE allocates and zeroes. Returns 0,
 * -ENOSPC or -EOPNOTSUPP for the other modes. */
int ramfs_fallocate(struct inode *ip, int mode, loff_t off, loff_t len)
{
	loff_t end = off + len;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE))
		return -EOPNOTSUPP;
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		punch_hole(ip, off, end);
		touch_mtime(ip);
		return 0;
	}
	int err = alloc_range(ip, off, end);
	if (err)
		return err;
	if (mode & FALLOC_FL_ZERO_RANGE) {
		for (loff_t p = off; p < end;) {
			uint32_t n = min((loff_t)(PAGE_SIZE - (p & (PAGE_SIZE - 1))), end - p);
			zero_in_page(ip, p, n);
			p += n;
		}
		touch_mtime(ip);
	}
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > ip->size) {
		ip->size = end;
		touch_mtime(ip);
	}
	return 0;
}

/* read(2) of a directory: -EISDIR. */
static ssize_t dir_read_iter(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return -EISDIR;
}

const struct file_operations ramfs_file_ops = {
	.read_iter = ramfs_read_iter,
	.write_iter = ramfs_write_iter,
	.llseek = ramfs_llseek,
	.splice_read = generic_file_splice_read, /* its pages go in by reference */
	.splice_write = iter_file_splice_write,
};

const struct file_operations ramfs_dir_ops = {
	.read_iter = dir_read_iter,
	.llseek = generic_llseek,
};

/* Make the root directory, its own parent. */
void ramfs_init(void)
{
	root_inode = inode_new(S_IFDIR | 0755);
	if (!root_inode)
		panic("ramfs_init: out of memory");
	root_inode->parent = root_inode;
	root_inode->nlink++; /* its "..", which is itself, stands for an entry */
}
