/*
 * File pages in address spaces: the page fault of a file VMA, the
 * reverse map, and what truncate does to mappings.
 *
 * A file VMA maps file page vm_pgoff + (va - start) / PAGE_SIZE at va. The
 * fault finds that page in ramfs's page index (ramfs_get_page), making it
 * in a hole as tmpfs does (so st_blocks counts it), and maps the file's own
 * page, with a reference for the PTE:
 *   - MAP_SHARED: writable if the VMA is, so a store is in the page that
 *     read() copies from, and a write() lands in the page the mapping shows;
 *   - MAP_PRIVATE: read-only; the first write copies it into an anonymous
 *     page of this address space, which no longer follows the file.
 * File pages and private copies may be high memory (alloc_highuser_page):
 * the copy is copy_highpage, through the kmap interface.
 * A page wholly past the end of the file is FAULT_SIGBUS; the partial
 * last page reads zeroes past the end (ramfs zeroes a page's tail when a
 * truncate shrinks into it) and stores there do not move the size.
 *
 * Every file VMA is on its inode's i_mmap list (as Linux's i_mmap), so a
 * truncate can find every address space that maps a page it drops and
 * unmap it there first: the next touch is SIGBUS, and the page is freed
 * when the file's own reference goes. A VMA holds a reference to its
 * struct file, so the file lives on after close and unlink until the
 * last VMA mapping it is gone.
 */
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/highmem.h>

#define DEV_ZERO MKDEV(1, 5)

/* How f may be mapped: FILEMAP_PAGES for a ramfs regular file, FILEMAP_ANON
 * for /dev/zero, -EIO for the /proc files (regular files without pages, as
 * Linux's procfs answers), -ENODEV for the rest. */
int filemap_kind(const struct file *f)
{
	const struct inode *ip = f->inode;

	if (!ip)
		return -ENODEV;
	if (S_ISREG(ip->mode))
		return ip->fop == &ramfs_file_ops ? FILEMAP_PAGES : -EIO;
	if (S_ISCHR(ip->mode) && ip->rdev == DEV_ZERO)
		return FILEMAP_ANON;
	return -ENODEV;
}

/* A read-write file of size bytes that no directory holds, to back
 * MAP_SHARED anonymous memory (and /dev/zero's) as Linux's
 * shmem_zero_setup: its pages appear as they are touched, every mapping
 * of it (fork's too) shares them, and /proc/PID/maps names it
 * "/dev/zero (deleted)". The caller holds the one reference; NULL without
 * memory. */
struct file *shmem_file(uint32_t size)
{
	static const char name[] = "/dev/zero";
	struct inode *ip = inode_new(S_IFREG | 0600);
	char *gone = ip ? kmalloc(sizeof(name)) : NULL;
	struct file *f = gone ? file_alloc(ip, O_RDWR, &ramfs_file_ops) : NULL;

	if (gone) {
		memcpy(gone, name, sizeof(name));
		ip->gone_name = gone; /* freed with the inode */
		ip->size = size;
	}
	if (ip)
		inode_put(ip); /* the file holds it now, or it is freed */
	return f;
}

/* Put v at the head of its inode's i_mmap list. */
void filemap_rmap_add(struct vma *v)
{
	struct inode *ip = v->file->inode;

	v->rmap_next = ip->i_mmap;
	if (ip->i_mmap)
		ip->i_mmap->rmap_pprev = &v->rmap_next;
	ip->i_mmap = v;
	v->rmap_pprev = &ip->i_mmap;
}

/* Take v off its inode's i_mmap list. */
void filemap_rmap_del(struct vma *v)
{
	*v->rmap_pprev = v->rmap_next;
	if (v->rmap_next)
		v->rmap_next->rmap_pprev = v->rmap_pprev;
	v->rmap_next = NULL;
	v->rmap_pprev = NULL;
}

/* The file page index that page va of v maps (64 bits: vm_pgoff is a whole
 * 32-bit page number). */
static uint64_t vma_index(const struct vma *v, uint32_t va)
{
	return (uint64_t)v->vm_pgoff + ((va - v->start) >> PAGE_SHIFT);
}

/* Unmap every page at file index keep or above from each VMA mapping ip,
 * the file's own pages and private copies alike (Linux's even_cows). */
void filemap_unmap_from(struct inode *ip, uint64_t keep)
{
	for (struct vma *v = ip->i_mmap; v; v = v->rmap_next) {
		uint64_t last = vma_index(v, v->end - PAGE_SIZE);
		if (last < keep)
			continue;
		uint32_t from = keep > v->vm_pgoff ? v->start + ((keep - v->vm_pgoff) << PAGE_SHIFT)
						   : v->start;
		for (uint32_t va = from; va < v->end; va += PAGE_SIZE) {
			struct page *p = vm_unmap(v->mm->pgdir, va);
			if (p) {
				put_page(p);
				mm_rss_add(v->mm, -1);
			}
		}
	}
}

/* Map p (a new reference taken) at the empty va with perm. Returns 0 or
 * -ENOMEM. */
static int map_file_page(struct mm *mm, uint32_t va, struct page *p, uint32_t perm)
{
	get_page(p);
	int err = vm_map(mm->pgdir, va, p, perm);
	if (err)
		put_page(p);
	else
		mm_rss_add(mm, 1);
	return err;
}

/* Map a private copy of src at va, writable, in place of what was there
 * (present tells whether anything was). Returns 0 or -ENOMEM. */
static int map_copy(struct mm *mm, uint32_t va, struct page *src, bool present)
{
	struct page *copy = alloc_highuser_page_nozero();

	if (!copy)
		return -ENOMEM;
	copy_highpage(copy, src);
	int err = vm_map(mm->pgdir, va, copy, PTE_U | PTE_W); /* drops the old PTE's ref */
	if (err)
		put_page(copy);
	else if (!present)
		mm_rss_add(mm, 1);
	return err;
}

/* Resolve a fault at page va of file VMA v, pte its entry (not PROT_NONE):
 * the file's page mapped in, a shared page made writable, or a private
 * copy taken. Returns 0, -EFAULT (nothing to fix), -ENOMEM, or
 * FAULT_SIGBUS for a page wholly past the end of the file or a hole that
 * a full tmpfs cannot fill. */
int filemap_fault(struct mm *mm, struct vma *v, uint32_t va, uint32_t err, pte_t *pte)
{
	struct inode *ip = v->file->inode;
	uint64_t idx = vma_index(v, va);
	bool write = err & PF_WRITE, shared = v->flags & VM_SHARED;

	/* LAB 8 BEGIN */
	if (idx >= ((uint64_t)ip->size + PAGE_SIZE - 1) >> PAGE_SHIFT)
		return FAULT_SIGBUS;
	/* LAB 8 STUB
	// LAB 8, exercise "SIGBUS past the end of the file" (labs/08-mmap/README.md):
	// a page wholly past the end of the file is no page at all.
	   LAB 8 END */
	if (!(*pte & PTE_P)) {
		int why = -ENOMEM;
		struct page *p = ramfs_get_page(ip, idx, &why);
		if (!p) /* as Linux's shmem: a full tmpfs is SIGBUS, no memory the OOM killer */
			return why == -ENOSPC ? FAULT_SIGBUS : -ENOMEM;
		if (write && !shared)
			return map_copy(mm, va, p, false);
		uint32_t perm = PTE_U | (shared && (v->flags & VM_WRITE) ? PTE_W : 0);
		return map_file_page(mm, va, p, perm);
	}
	if (!write || (*pte & PTE_W))
		return -EFAULT; /* present and permitted: nothing to fix */
	struct page *old = phys_to_page(PTE_ADDR(*pte));
	/* shared: the file's page, writable again (after mprotect or PROT_NONE);
	 * private: an anonymous copy only we hold needs no new copy */
	if (shared || (old != ramfs_find_page(ip, idx) && old->refcount == 1)) {
		*pte |= PTE_W;
		flush_tlb_page(mm->pgdir, va);
		return 0;
	}
	return map_copy(mm, va, old, true);
}
