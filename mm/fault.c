/*
 * Resolving page faults on user addresses (step 1 of arch/x86/fault.c):
 *   - an address just below the stack VMA, within RLIMIT_STACK and
 *     RLIMIT_AS, grows it;
 *   - a not-present page inside a VMA gets a fresh zeroed page
 *     (alloc_highuser_page: high memory first);
 *   - a write to a present read-only page of a writable VMA is
 *     copy-on-write: the page is ours alone (refcount 1) and simply becomes
 *     writable, or it is shared and we take a private copy (copy_highpage
 *     into a page that is not zeroed first: every byte is overwritten).
 * User pages may be high memory: their bytes are reached through the
 * kmap interface (kernel/highmem.h), never page_address().
 * A file VMA's pages come from the file instead (mm/filemap.c), and
 * the vDSO's (VM_VDSO) are its shared pages (arch/x86/vdso.c).
 * Anything else (no VMA, a write to a read-only VMA, PROT_NONE) is a real
 * fault: we return -EFAULT and let the caller decide.
 */
#include <kernel/vma.h>
#include <kernel/proc.h>
#include <kernel/highmem.h>
#include <asm/vdso.h>

struct fault_stats fault_stats;

/* Grow the stack VMA down to cover addr, if that is allowed. */
static struct vma *grow_stack(struct mm *mm, uint32_t addr)
{
	struct vma *stack = NULL;

	for (struct vma *v = mm->vmas; v; v = v->next)
		if ((v->flags & VM_GROWSDOWN) && v->start > addr)
			stack = v;
	/* as Linux: no further than RLIMIT_STACK below the top, nor past
	 * RLIMIT_AS; then the access is a SIGSEGV */
	uint64_t limit = min(rlimit_cur(current, RLIMIT_STACK), (uint64_t)TASK_SIZE);
	if (!stack || addr < TASK_SIZE - (uint32_t)limit ||
	    !range_free(mm, PGROUNDDOWN(addr), stack->start) ||
	    !vm_may_expand(mm, PGROUNDDOWN(addr), stack->start))
		return NULL;
	/* the stack must be the first VMA above addr */
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v != stack && v->start > addr && v->start < stack->start)
			return NULL;
	stack->start = PGROUNDDOWN(addr);
	return stack;
}

/* A vDSO page gone from v's page table (madvise, mremap): map the shared
 * page back read-only, as Linux's special mapping faults it in. Returns 0,
 * -EFAULT past the image or -ENOMEM. */
static int vdso_fault(struct mm *mm, struct vma *v, uint32_t va)
{
	uint64_t i = ((va - v->start) >> PAGE_SHIFT) + v->vm_pgoff;

	if (i >= VDSO_PAGES)
		return -EFAULT;
	struct page *p = vdso_page((uint32_t)i);
	int err = vm_map(mm->pgdir, va, p, PTE_U);
	if (err)
		put_page(p);
	else
		mm_rss_add(mm, 1);
	return err;
}

/* Resolve a fault at user address addr with error code err in mm: demand
 * zero, stack growth, copy-on-write or a file page. Returns 0 when the
 * access can be retried, -EFAULT when addr is not validly mapped for it,
 * -ENOMEM when no page could be had, FAULT_SIGBUS past a file's end. */
int handle_mm_fault(struct mm *mm, uint32_t addr, uint32_t err)
{
	struct vma *v = find_vma(mm, addr);
	uint32_t va = PGROUNDDOWN(addr);

	if (!v)
		v = grow_stack(mm, addr);
	if (!v)
		return -EFAULT;
	if (!(v->flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EFAULT;
	if ((err & PF_WRITE) && !(v->flags & VM_WRITE))
		return -EFAULT;
	uint32_t perm = PTE_U | ((v->flags & VM_WRITE) ? PTE_W : 0);
	pte_t *pte = walk_pgdir(mm->pgdir, va, true);
	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_NONE) { /* back from PROT_NONE: same page */
		*pte = (*pte & ~PTE_NONE) | PTE_P | PTE_U;
		flush_tlb_page(mm->pgdir, va);
		if (!(err & PF_WRITE))
			return 0;
	}
	if (v->file)
		return filemap_fault(mm, v, va, err, pte);
	if (!(*pte & PTE_P) && (v->flags & VM_VDSO))
		return vdso_fault(mm, v, va);
	if (!(*pte & PTE_P)) {
		struct page *p = alloc_highuser_page();
		if (!p)
			return -ENOMEM;
		int err = vm_map(mm->pgdir, va, p, perm);
		if (!err)
			mm_rss_add(mm, 1);
		/* LAB 7 BEGIN */
		if (!err)
			fault_stats.zero_fills++;
		/* LAB 7 END */
		return err;
	}
	if (!(err & PF_WRITE) || (*pte & PTE_W))
		return -EFAULT; /* present and permitted: nothing to fix */
	/* LAB 7 BEGIN */
	struct page *old = phys_to_page(PTE_ADDR(*pte));
	if (old->refcount == 1 || (v->flags & VM_SHARED)) {
		*pte |= PTE_W;
		flush_tlb_page(mm->pgdir, va);
		fault_stats.cow_reuses++;
		return 0;
	}
	struct page *copy = alloc_highuser_page_nozero();
	if (!copy)
		return -ENOMEM;
	copy_highpage(copy, old);
	int ret = vm_map(mm->pgdir, va, copy, perm); /* drops our reference to old */
	if (!ret)
		fault_stats.cow_copies++;
	return ret;
	/* LAB 7 STUB
	// LAB 7, exercise "Copy on a write fault" (labs/07-cow/README.md):
	// a write to a present read-only page of a writable VMA. While fork
	// copies every private page (mm_dup), no such page is shared, so
	// making it writable is enough; once fork shares pages, it is not.
	*pte |= PTE_W;
	flush_tlb_page(mm->pgdir, va);
	return 0;
	   LAB 7 END */
}
