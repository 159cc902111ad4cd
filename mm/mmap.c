/*
 * VMA bookkeeping: creating, duplicating (fork), sharing (vfork: a count
 * of users), unmapping, changing the protection of, and destroying address
 * spaces, plus brk and the search for free mmap space. The page tables always agree with the VMAs: a page
 * is mapped only inside a VMA, writable only if the VMA is writable and
 * the page is not shared copy-on-write. A file VMA holds a reference to
 * its file and is on the inode's reverse map from vma_add_file until
 * vma_free; a split gives each half both, with the upper half's vm_pgoff moved.
 */
#include <kernel/vma.h>
#include <kernel/proc.h>
#include <kernel/fs.h>
#include <kernel/highmem.h>
#include <asm/x86.h>

/* A new, empty address space with the kernel's mappings; NULL when
 * memory runs out. */
struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pgdir = pgdir_create();
	if (!mm->pgdir) {
		kfree(mm);
		return NULL;
	}
	mm->users = 1;
	mm->mmap_base = MMAP_BASE;
	return mm;
}

/* Take one more reference to mm (a CLONE_VM child). Returns mm. */
struct mm *mm_get(struct mm *mm)
{
	mm->users++;
	return mm;
}

/* Drop a reference to mm; the last one destroys it. */
void mm_put(struct mm *mm)
{
	if (--mm->users == 0)
		mm_destroy(mm);
}

/* Free v (already out of its mm's list): off the reverse map, its file
 * reference dropped. */
static void vma_free(struct vma *v)
{
	if (v->file) {
		filemap_rmap_del(v);
		file_put(v->file);
	}
	kfree(v);
}

/* Free mm: its VMAs, its page tables and the user pages only it holds. */
void mm_destroy(struct mm *mm)
{
	struct vma *v = mm->vmas;

	while (v) {
		struct vma *next = v->next;
		vma_free(v);
		v = next;
	}
	pgdir_destroy(mm->pgdir);
	kfree(mm);
}

/* The VMA of mm that holds addr, or NULL. */
struct vma *find_vma(struct mm *mm, uint32_t addr)
{
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (addr >= v->start && addr < v->end)
			return v;
	return NULL;
}

/* True when no VMA of mm overlaps [start, end). */
bool range_free(struct mm *mm, uint32_t start, uint32_t end)
{
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->start < end && start < v->end)
			return false;
	return true;
}

/* Insert v keeping the list sorted by start. */
static void vma_link(struct mm *mm, struct vma *v)
{
	struct vma **pp = &mm->vmas;

	while (*pp && (*pp)->start < v->start)
		pp = &(*pp)->next;
	v->next = *pp;
	*pp = v;
}

/* Add the VMA [start, end) with flags (page aligned, free) mapping file
 * from page pgoff, or anonymous when file is NULL; the VMA takes a file
 * reference. Returns the VMA, or NULL without memory. */
struct vma *vma_add_file(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags,
			 struct file *file, uint64_t pgoff)
{
	struct vma *v = kzalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->start = start;
	v->end = end;
	v->flags = flags;
	v->mm = mm;
	if (file) {
		file_get(file);
		v->file = file;
		v->vm_pgoff = pgoff;
		filemap_rmap_add(v);
	}
	vma_link(mm, v);
	return v;
}

/* Add the anonymous VMA [start, end) with flags (page aligned, free).
 * Returns 0 or -ENOMEM. */
int vma_add(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags)
{
	return vma_add_file(mm, start, end, flags, NULL, 0) ? 0 : -ENOMEM;
}

/* Split v at addr (strictly inside it): the upper half is a new VMA with
 * the same file, its vm_pgoff moved to addr. Returns 0 or -ENOMEM. */
static int vma_split(struct vma *v, uint32_t addr)
{
	struct vma *n = kmalloc(sizeof(*n));

	if (!n)
		return -ENOMEM;
	*n = *v;
	n->start = addr;
	n->vm_pgoff = v->vm_pgoff + ((addr - v->start) >> PAGE_SHIFT);
	v->end = addr;
	v->next = n;
	if (n->file) {
		file_get(n->file);
		filemap_rmap_add(n);
	}
	return 0;
}

/* Whether page table pt has no entry with a page (PTE_GROUP at a time). */
static bool table_empty(const pte_t *pt)
{
	for (int j = 0; j < NPTENTRIES; j += PTE_GROUP)
		if (!pte_group_clear(&pt[j], PTE_P | PTE_NONE))
			return false;
	return true;
}

/*
 * Unmap every page of [start, end) and drop its reference, one page table
 * at a time: a directory entry with no table skips its 4 MiB, and a table
 * left with no page is freed (as Linux's free_pgtables), so fork and exit
 * do not scan it again; the TLB is then flushed whole, for the CPU may
 * cache directory entries too.
 */
static void unmap_pages(struct mm *mm, uint32_t start, uint32_t end)
{
	bool freed = false;

	for (uint32_t va = start; va < end;) {
		uint32_t first = va & ~(PTSIZE - 1), next = first + PTSIZE; /* 0 past the top */
		uint32_t stop = next && next < end ? next : end;
		pde_t *pde = &mm->pgdir[PDX(va)];
		bool whole = va == first && stop == next; /* the table lies inside the range */
		uint32_t cleared = 0;

		if (!(*pde & PTE_P) || (*pde & PTE_PS)) {
			va = stop;
			continue;
		}
		pte_t *pt = P2V(PTE_ADDR(*pde));
		for (; va < stop; va += PAGE_SIZE) {
			pte_t *pte = &pt[PTX(va)];
			if (!PTE_HAS_PAGE(*pte))
				continue;
			struct page *p = phys_to_page(PTE_ADDR(*pte));
			*pte = 0;
			flush_tlb_page(mm->pgdir, va);
			put_page(p);
			cleared++;
		}
		mm_rss_add(mm, -(int)cleared);
		if (whole || (cleared && table_empty(pt))) {
			*pde = 0;
			put_page(virt_to_page(pt));
			freed = true;
		}
	}
	if (freed && V2P(mm->pgdir) == rcr3())
		lcr3(V2P(mm->pgdir));
}

/* Unmap [start, end): split the VMAs at its edges, drop those inside and
 * free their pages. Returns 0, or -ENOMEM when a split fails. */
int vma_unmap(struct mm *mm, uint32_t start, uint32_t end)
{
	struct vma **pp = &mm->vmas;

	while (*pp) {
		struct vma *v = *pp;
		if (v->end <= start || v->start >= end) {
			pp = &v->next;
			continue;
		}
		if (v->start < start) { /* keep the part below start */
			if (vma_split(v, start))
				return -ENOMEM;
			pp = &v->next;
			continue;
		}
		if (v->end > end && vma_split(v, end)) /* keep the part above end */
			return -ENOMEM;
		unmap_pages(mm, v->start, v->end);
		*pp = v->next;
		vma_free(v);
	}
	return 0;
}

/* Give [start, end), which must be fully mapped, the protection flags.
 * Returns 0, -ENOMEM for a hole in the range or a failed split, -EACCES
 * for write access to a VM_NOWRITE VMA (whichever comes first). */
int vma_protect(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags)
{
	/* the whole range must be mapped, as mprotect(2) requires */
	for (uint32_t a = start; a < end;) {
		struct vma *v = find_vma(mm, a);
		if (!v)
			return -ENOMEM;
		if ((flags & VM_WRITE) && (v->flags & VM_NOWRITE))
			return -EACCES;
		a = v->end;
	}
	for (struct vma *v = mm->vmas; v; v = v->next) {
		if (v->end <= start || v->start >= end)
			continue;
		if (v->start < start) {
			if (vma_split(v, start))
				return -ENOMEM;
			continue; /* the next iteration sees the upper half */
		}
		if (v->end > end && vma_split(v, end))
			return -ENOMEM;
		v->flags = (v->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | flags;
		/* LAB 2 BEGIN */
		for (uint32_t va = v->start; va < v->end; va += PAGE_SIZE) {
			pte_t *pte = walk_pgdir(mm->pgdir, va, false);
			if (!pte || !PTE_HAS_PAGE(*pte))
				continue;
			/* PROT_NONE keeps the page but makes it not present, so
			 * user and kernel accesses alike fault. Write access comes
			 * back only through a fault, which handles sharing. */
			if (!(flags & (VM_READ | VM_WRITE | VM_EXEC)))
				*pte = (*pte & ~(PTE_P | PTE_W)) | PTE_NONE;
			else
				*pte = (*pte & ~(PTE_W | PTE_NONE)) | PTE_P;
			flush_tlb_page(mm->pgdir, va);
		}
		/* LAB 2 STUB
		// LAB 2, exercise "Change a page's permissions"
		// (labs/02-paging/README.md): the VMA says flags now; make the
		// page table entry of each page of [v->start, v->end) agree.
		   LAB 2 END */
	}
	return 0;
}

/* Set the VM_LOCKED_MASK bits of [start, end) to lock, splitting the VMAs
 * at its edges. Returns 0, or -ENOMEM at the first hole (the VMAs below it
 * keep the change) or when a split fails. */
int vma_set_lock(struct mm *mm, uint32_t start, uint32_t end, uint32_t lock)
{
	for (uint32_t a = start; a < end;) {
		struct vma *v = find_vma(mm, a);
		if (!v)
			return -ENOMEM;
		if (v->start < a) {
			if (vma_split(v, a))
				return -ENOMEM;
			continue; /* the upper half starts at a */
		}
		if (v->end > end && vma_split(v, end))
			return -ENOMEM;
		v->flags = (v->flags & ~VM_LOCKED_MASK) | lock;
		a = v->end;
	}
	return 0;
}

/* Fault in page va of v as a user access: a write for a private writable
 * VMA (copy-on-write broken now, as Linux's FOLL_WRITE), else a read. A
 * page that is there already is left alone. Returns 0, -EFAULT or -ENOMEM. */
static int populate_page(struct mm *mm, struct vma *v, uint32_t va)
{
	/* LAB 8 BEGIN */
	bool write = (v->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
	pte_t *pte = walk_pgdir(mm->pgdir, va, false);
	bool present = pte && (*pte & PTE_P);

	if (!(v->flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EFAULT; /* PROT_NONE cannot be faulted in */
	if (present && (!write || (*pte & PTE_W)))
		return 0;
	int err =
		handle_mm_fault(mm, va, PF_USER | (write ? PF_WRITE : 0) | (present ? PF_PROT : 0));
	return err == -ENOMEM ? -ENOMEM : err ? -EFAULT : 0;
	/* LAB 8 STUB
	// LAB 8, exercise "Populate a mapping" (labs/08-mmap/README.md):
	// fault page va of v in as a user access would, so that it is
	// resident (and, in a private writable VMA, already our own copy).
	return 0;
	   LAB 8 END */
}

/* Fault in every page of [start, end): 0, or the first page's -EFAULT
 * (a hole too) or -ENOMEM; with skip_errors a VMA that fails is left at
 * that page and the result is 0. VM_LOCKONFAULT VMAs are left alone. */
int mm_populate(struct mm *mm, uint32_t start, uint32_t end, bool skip_errors)
{
	for (uint32_t a = start; a < end;) {
		struct vma *v = find_vma(mm, a);
		if (!v) {
			if (skip_errors) { /* on to the next VMA above a, if any */
				struct vma *n = mm->vmas;
				while (n && n->start <= a)
					n = n->next;
				if (!n)
					return 0;
				a = n->start;
				continue;
			}
			return -EFAULT;
		}
		uint32_t stop = min(v->end, end);
		int err = 0;
		if (!(v->flags & VM_LOCKONFAULT))
			for (uint32_t va = PGROUNDDOWN(a); va < stop && !err; va += PAGE_SIZE)
				err = populate_page(mm, v, va);
		if (err && !skip_errors)
			return err;
		a = stop;
	}
	return 0;
}

/*
 * fork's copy of the PTEs of [start, end) (in one VMA with flags) from old
 * into mm, one page table at a time: a page directory entry with no table
 * skips its 4 MiB in one step, a group of PTE_GROUP empty entries is
 * skipped in one test, and mm gets a table only where old has a page. Private pages become read-only in both (a write copies them);
 * shared ones stay writable. Returns 0, or -ENOMEM with no table for mm.
 */
static int dup_range(struct mm *mm, struct mm *old, uint32_t start, uint32_t end, uint32_t flags)
{
	uint32_t va = start;

	while (va < end) {
		uint32_t next = (va & ~(PTSIZE - 1)) + PTSIZE; /* 0 past the top */
		uint32_t stop = next && next < end ? next : end;
		pde_t pde = old->pgdir[PDX(va)];
		pte_t *src, *dst = NULL;
		uint32_t copied = 0;

		if (!(pde & PTE_P) || (pde & PTE_PS)) {
			va = stop;
			continue;
		}
		src = P2V(PTE_ADDR(pde));
		for (; va < stop; va += PAGE_SIZE) {
			pte_t *pte = &src[PTX(va)];
			if (!PTE_HAS_PAGE(*pte)) {
				if (PTX(va) % PTE_GROUP == 0 &&
				    stop - va >= PTE_GROUP * PAGE_SIZE &&
				    pte_group_clear(pte, PTE_P | PTE_NONE))
					va += (PTE_GROUP - 1) * PAGE_SIZE; /* an empty run */
				continue;
			}
			if (!dst) {
				dst = walk_pgdir(mm->pgdir, va, true);
				if (!dst)
					return -ENOMEM;
				dst -= PTX(va); /* the table itself */
			}
			/* LAB 7 BEGIN */
			/* share the page read-only in both, and a write copies it;
			 * a shared mapping keeps one writable page for both */
			if (!(flags & VM_SHARED))
				*pte &= ~PTE_W;
			get_page(phys_to_page(PTE_ADDR(*pte)));
			dst[PTX(va)] = *pte & ~(PTE_A | PTE_D);
			/* LAB 7 STUB
			// LAB 7, exercise "Share the pages at fork" (labs/07-cow/README.md):
			// for now the child gets a copy of every private page, so
			// a fork costs as much memory as the parent holds; a
			// shared mapping's page is the same page in both.
			struct page *pg = phys_to_page(PTE_ADDR(*pte));
			if (!(flags & VM_SHARED)) {
				struct page *copy = alloc_highuser_page_nozero();
				if (!copy)
					return -ENOMEM;
				copy_highpage(copy, pg);
				pg = copy;
			} else {
				get_page(pg);
			}
			dst[PTX(va)] = page_to_phys(pg) | (PTE_FLAGS(*pte) & ~(PTE_A | PTE_D));
			   LAB 7 END */
			copied++;
		}
		mm_rss_add(mm, copied);
	}
	return 0;
}

/* A copy-on-write duplicate of old for fork: private pages shared
 * read-only, shared ones writable in both, file VMAs on the same files
 * (dup_range copies the page tables). NULL when memory runs out. */
struct mm *mm_dup(struct mm *old)
{
	struct mm *mm = mm_create();

	if (!mm)
		return NULL;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->mmap_base = old->mmap_base;
	mm->vdso_base = old->vdso_base;
	for (struct vma *v = old->vmas; v; v = v->next) {
		/* as Linux: a child inherits no memory lock, nor MCL_FUTURE */
		if (!vma_add_file(mm, v->start, v->end, v->flags & ~VM_LOCKED_MASK, v->file,
				  v->vm_pgoff))
			goto fail;
		if (dup_range(mm, old, v->start, v->end, v->flags))
			goto fail;
	}
	if (V2P(old->pgdir) == rcr3())
		lcr3(V2P(old->pgdir)); /* the parent's PTEs lost PTE_W */
	return mm;
fail:
	if (V2P(old->pgdir) == rcr3())
		lcr3(V2P(old->pgdir));
	mm_destroy(mm);
	return NULL;
}

/* Would mapping [start, end) keep mm within the caller's RLIMIT_AS? The
 * pages of the range that are mapped already are not counted twice. */
bool vm_may_expand(struct mm *mm, uint32_t start, uint32_t end)
{
	uint64_t total = end - start;

	for (struct vma *v = mm->vmas; v; v = v->next) {
		total += v->end - v->start;
		if (v->start < end && start < v->end) /* overlap: counted above */
			total -= min(v->end, end) - max(v->start, start);
	}
	return total <= rlimit_cur(current, RLIMIT_AS);
}

#define MIN_GAP (128u << 20)
#define MAX_GAP (TASK_SIZE / 6 * 5)

/* The mmap base for a new image whose stack may grow to stack_limit
 * bytes: TASK_SIZE less the gap, which is the limit clamped to
 * [MIN_GAP, MAX_GAP]. */
uint32_t mmap_base_for_stack(uint64_t stack_limit)
{
	uint64_t gap = stack_limit < MIN_GAP   ? MIN_GAP
		       : stack_limit > MAX_GAP ? MAX_GAP
					       : stack_limit;

	return TASK_SIZE - PGROUNDUP((uint32_t)gap);
}

/* A free range of len bytes for mmap, searched from mm's mmap base down
 * to MMAP_MIN; its start, or 0 if there is none. */
uint32_t get_unmapped_area(struct mm *mm, uint32_t len)
{
	uint32_t top = mm->mmap_base;

	if (len == 0 || len > top - MMAP_MIN)
		return 0;
	/* walk candidate holes from the top down */
	for (;;) {
		uint32_t start = top - len;
		struct vma *clash = NULL;
		for (struct vma *v = mm->vmas; v; v = v->next)
			if (v->start < top && start < v->end)
				clash = v; /* the highest clash wins: list is sorted */
		if (!clash)
			return start;
		if (clash->start < MMAP_MIN + len)
			return 0;
		top = clash->start;
	}
}

/* Move mm's break to newbrk, growing or shrinking the heap VMA. Returns
 * the new break, or the old one if it cannot move. */
uint32_t mm_brk(struct mm *mm, uint32_t newbrk)
{
	uint32_t old_end = PGROUNDUP(mm->brk), new_end = PGROUNDUP(newbrk);

	if (newbrk < mm->start_brk || newbrk > mm->mmap_base)
		return mm->brk;
	if (new_end > old_end) {
		if (!range_free(mm, old_end, new_end) || !vm_may_expand(mm, old_end, new_end) ||
		    !mlock_future_ok(mm, mm->def_flags, new_end - old_end))
			return mm->brk;
		/* grow the heap VMA (or make it, also when mlockall changed
		 * the lock new memory gets) */
		struct vma *v = old_end > mm->start_brk ? find_vma(mm, old_end - 1) : NULL;
		if (v && (v->flags & VM_BRK) && (v->flags & VM_LOCKED_MASK) == mm->def_flags)
			v->end = new_end;
		else if (vma_add(mm, old_end, new_end, VM_READ | VM_WRITE | VM_BRK | mm->def_flags))
			return mm->brk;
		if (mm->def_flags == VM_LOCKED) /* MCL_FUTURE: resident at once */
			mm_populate(mm, old_end, new_end, true);
	} else if (new_end < old_end) {
		vma_unmap(mm, new_end, old_end);
	}
	mm->brk = newbrk;
	return newbrk;
}
