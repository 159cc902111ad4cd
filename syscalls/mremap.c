/*
 * mremap: shrink a mapping in place (the tail is unmapped), grow it in
 * place when the pages after it are free, or, with MREMAP_MAYMOVE, move
 * it: a new VMA with the same flags, file and file offset, and the old
 * range's PTEs moved into it, so the pages themselves never move or copy.
 * MREMAP_FIXED moves to a given address (unmapping what was there);
 * MREMAP_DONTUNMAP leaves the old VMA in place, empty. An old length of
 * 0 on a shared mapping makes a second mapping of the same pages. The
 * checks and errors are Linux's, in its order.
 */
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/syscalls.h>

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

/* len rounded up to whole pages, in 64 bits (0xffffffff does not wrap to
 * 0, as on a 64-bit kernel's compat call). */
static uint64_t page_align(uint32_t len)
{
	return ((uint64_t)len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

/* Would grow more bytes of mappings keep mm within RLIMIT_AS? */
static bool may_grow(struct mm *mm, uint64_t grow)
{
	uint64_t total = grow;

	for (struct vma *v = mm->vmas; v; v = v->next)
		total += v->end - v->start;
	return total <= rlimit_cur(current, RLIMIT_AS);
}

/* Linux's vma_to_resize: the VMA holding [a, a + old) and allowed to
 * become new bytes long, or NULL with *err -EFAULT (not mapped, or more
 * than one VMA), -EINVAL (old 0 of a private mapping) or -ENOMEM (past
 * RLIMIT_AS). */
static struct vma *resizable(struct mm *mm, uint32_t a, uint64_t old, uint64_t new, int *err)
{
	struct vma *v = find_vma(mm, a);

	*err = -EFAULT;
	if (!v)
		return NULL;
	if (!old && !(v->flags & VM_SHARED)) {
		*err = -EINVAL;
		return NULL;
	}
	if (old > v->end - a)
		return NULL;
	if (new > old && !may_grow(mm, new - old)) {
		*err = -ENOMEM;
		return NULL;
	}
	return v;
}

/* Move [a, a + old) of v to the free range [na, na + new): a new VMA, the
 * PTEs moved (old 0: the shared pages mapped a second time), and the old
 * range unmapped unless keep_old. Returns na, or -ENOMEM with nothing
 * moved. */
static long move_vma(struct mm *mm, struct vma *v, uint32_t a, uint32_t old, uint32_t na,
		     uint32_t new, bool keep_old)
{
	uint32_t moved = old ? old : new; /* old 0: share the first new bytes */
	if (moved > v->end - a)
		moved = v->end - a;
	for (uint32_t off = 0; off < moved; off += PAGE_SIZE) /* page tables first */
		if (!walk_pgdir(mm->pgdir, na + off, true))
			return -ENOMEM;
	/* the moved part is neither the stack nor the brk heap any more */
	uint32_t flags = v->flags & ~(VM_GROWSDOWN | VM_BRK), vstart = v->start;
	uint64_t pgoff = v->vm_pgoff + ((a - vstart) >> PAGE_SHIFT);
	struct vma *n = vma_add_file(mm, na, na + new, flags, v->file, pgoff);
	if (!n)
		return -ENOMEM;
	if ((flags & VM_VDSO) && a == mm->vdso_base)
		mm->vdso_base = na; /* the entry's landing pad and sigreturns follow it */
	for (uint32_t off = 0; off < moved; off += PAGE_SIZE) {
		pte_t *from = walk_pgdir(mm->pgdir, a + off, false);
		if (!from || !PTE_HAS_PAGE(*from))
			continue;
		pte_t *to = walk_pgdir(mm->pgdir, na + off, false);
		*to = *from;
		if (old)
			*from = 0; /* moved */
		else {		   /* mapped twice */
			get_page(phys_to_page(PTE_ADDR(*from)));
			mm_rss_add(mm, 1);
		}
		flush_tlb_page(mm->pgdir, a + off);
		flush_tlb_page(mm->pgdir, na + off);
	}
	if (!keep_old && old)
		vma_unmap(mm, a, a + old);
	return na;
}

/* mremap with MREMAP_FIXED or MREMAP_DONTUNMAP (Linux's mremap_to):
 * returns the new address or -errno. */
static long mremap_to(struct mm *mm, uint32_t a, uint64_t old, uint32_t na, uint64_t new,
		      long flags)
{
	int err;

	if (na & ~PAGE_MASK)
		return -EINVAL;
	if (new > TASK_SIZE || na > TASK_SIZE - new)
		return -EINVAL;
	if (a + old > na && na + new > a) /* the two ranges overlap */
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && vma_unmap(mm, na, na + new))
		return -ENOMEM;
	if (old > new) {
		if (vma_unmap(mm, a + new, a + old))
			return -ENOMEM;
		old = new;
	}
	struct vma *v = resizable(mm, a, old, new, &err);
	if (!v)
		return err;
	if (flags & MREMAP_FIXED) {
		if (na < MMAP_MIN)
			return -EPERM;
	} else if (!(na = get_unmapped_area(mm, new))) {
		return -ENOMEM;
	}
	return move_vma(mm, v, a, old, na, new, flags & MREMAP_DONTUNMAP);
}

/* mremap's work: returns the mapping's (maybe new) address, or -EINVAL,
 * -EFAULT, -ENOMEM, -EPERM as Linux. */
static long do_mremap(long addr, long old_len, long new_len, long flags, long new_addr)
{
	struct mm *mm = current->mm;
	uint32_t a = addr;
	uint64_t old = page_align(old_len), new = page_align(new_len);
	int err;

	if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if ((a & ~PAGE_MASK) || !new || new > TASK_SIZE)
		return -EINVAL;
	if (!find_vma(mm, a))
		return -EFAULT;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return mremap_to(mm, a, old, new_addr, new, flags);
	if (old >= new) { /* shrink: munmap's rules for the tail */
		if (old > new && (old > TASK_SIZE || a + old > TASK_SIZE))
			return -EINVAL;
		if (old > new &&vma_unmap(mm, a + new, a + old))
			return -ENOMEM;
		return a;
	}
	struct vma *v = resizable(mm, a, old, new, &err);
	if (!v)
		return err;
	/* grow in place: old reaches the end of v and the pages after are free */
	if (old == v->end - a && a + new <= STACK_LOW &&range_free(mm, v->end, a + new)) {
		v->end = a + new;
		return a;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint32_t na = get_unmapped_area(mm, new);
	if (!na)
		return -ENOMEM;
	return move_vma(mm, v, a, old, na, new, false);
}

/* mremap(addr, old_len, new_len, flags, new_addr): do_mremap; the pages a
 * locked mapping grew by are faulted in at once, as Linux's mremap. */
long sys_mremap(long addr, long old_len, long new_len, long flags, long new_addr)
{
	long r = do_mremap(addr, old_len, new_len, flags, new_addr);
	uint64_t from = page_align(old_len), to = page_align(new_len);

	if ((unsigned long)r >= -4096UL || to <= from)
		return r;
	struct vma *v = find_vma(current->mm, (uint32_t)r);
	if (v && (v->flags & VM_LOCKED_MASK) == VM_LOCKED)
		mm_populate(current->mm, (uint32_t)(r + from), (uint32_t)(r + to), true);
	return r;
}
