/*
 * Address spaces. A struct mm is a page directory plus a sorted list of
 * VMAs: page-aligned ranges [start, end) with permissions. Pages inside a
 * VMA appear on first touch (mm/fault.c): demand-zero, or a private copy
 * when a shared copy-on-write page is written. A file VMA (file set, as
 * Linux's vm_file/vm_pgoff) shows the file's pages from page vm_pgoff on
 * (mm/filemap.c), and sits on its inode's i_mmap list, the reverse map
 * that truncate uses to find every address space mapping a page.
 *
 * User layout (see also mm/vm.c):
 *   ELF segments   where the program headers say (usually 0x08048000)
 *   brk heap       from the end of the last segment, upwards
 *   mmap areas     top-down from MMAP_BASE, the vDSO first (exec)
 *   stack          grows down from TASK_SIZE, at most RLIMIT_STACK
 */
#ifndef KERNEL_VMA_H
#define KERNEL_VMA_H

#include <kernel/mm.h>

#define VM_READ 0x1
#define VM_WRITE 0x2
#define VM_EXEC 0x4
#define VM_GROWSDOWN 0x8 /* the stack */
#define VM_BRK 0x10	 /* the brk heap */
#define VM_SHARED 0x20	 /* MAP_SHARED: fork shares the pages, no copy-on-write */
#define VM_EXEFILE 0x40	 /* an ELF segment of the program (/proc/PID/maps) */
#define VM_NOWRITE 0x100 /* MAP_SHARED of an fd not open for writing: never PROT_WRITE */
#define VM_LOCKED \
	0x200 /* mlock, MAP_LOCKED: resident; msync(MS_INVALIDATE) is EBUSY; fork drops it */
#define VM_LOCKONFAULT 0x400 /* with VM_LOCKED: locked as pages fault in, not populated */
#define VM_VDSO 0x800	     /* the vDSO's pages (arch/x86/vdso.c): [vdso] in /proc/PID/maps */
#define VM_LOCKED_MASK (VM_LOCKED | VM_LOCKONFAULT)

#define STACK_LIMIT (8u << 20) /* RLIMIT_STACK at boot */
#define STACK_LOW (TASK_SIZE - STACK_LIMIT)
#define MMAP_BASE (TASK_SIZE - (128u << 20))
#define MMAP_MIN 0x10000u /* mmap_min_addr: no user page below this, ELF segments included */

struct file;
struct inode;

struct vma {
	uint32_t start, end;
	uint32_t flags;
	struct vma *next;
	struct file *file;	 /* a counted reference, or NULL for anonymous memory */
	uint64_t vm_pgoff;	 /* the file page that start maps (mmap2 allows 2^32 + len) */
	struct mm *mm;		 /* the address space this VMA belongs to */
	struct vma *rmap_next;	 /* the next VMA on file->inode->i_mmap */
	struct vma **rmap_pprev; /* the link that points at this VMA */
};

/* handle_mm_fault's answer for a file page wholly past the end of the
 * file: SIGBUS (BUS_ADRERR) from user mode, the fixup from the kernel. */
#define FAULT_SIGBUS (-EIO)

struct mm {
	pde_t *pgdir;
	struct vma *vmas;     /* sorted by start, non-overlapping */
	uint32_t start_brk;   /* where the heap starts */
	uint32_t brk;	      /* current break, not page aligned */
	int users;	      /* processes using it: a vfork child shares its parent's */
	uint32_t rss;	      /* user pages its page tables hold */
	uint32_t hiwater_rss; /* the most rss has been */
	uint32_t mmap_base;   /* mmap areas go below: MMAP_BASE, or lower for a big stack */
	uint32_t def_flags;   /* VM_LOCKED_MASK bits every new mapping gets (mlockall MCL_FUTURE) */
	uint32_t vdso_base;   /* where exec mapped the vDSO (arch/x86/vdso.c), or 0 */
};

/* mm's page tables gained n user pages (lost them if n < 0). */
static inline void mm_rss_add(struct mm *mm, int n)
{
	mm->rss += (uint32_t)n;
	if (mm->rss > mm->hiwater_rss)
		mm->hiwater_rss = mm->rss;
}

/* An empty address space with one user. NULL when memory runs out. */
struct mm *mm_create(void);
/* Free mm at once, whoever uses it (an execve image that failed to load). */
void mm_destroy(struct mm *mm);
/* One more user of mm (clone with CLONE_VM); returns mm. */
struct mm *mm_get(struct mm *mm);
/* One user fewer: the last one frees it. */
void mm_put(struct mm *mm);
/* A copy-on-write duplicate for fork. NULL when memory runs out. */
struct mm *mm_dup(struct mm *old);
struct vma *find_vma(struct mm *mm, uint32_t addr);
/* Add [start, end) (page aligned, free). Returns 0 or -ENOMEM. */
int vma_add(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags);
/* Add [start, end) mapping file (which gains a reference) from page pgoff
 * on, or anonymous memory when file is NULL. Returns the VMA or NULL. */
struct vma *vma_add_file(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags,
			 struct file *file, uint64_t pgoff);
/* Unmap [start, end): split or drop VMAs and free their pages. */
int vma_unmap(struct mm *mm, uint32_t start, uint32_t end);
/* Change the permissions of [start, end), which must be fully mapped.
 * Returns 0, -ENOMEM for a hole in the range or when memory runs out
 * (mprotect's one errno for both, as on Linux), or -EACCES for write
 * access to a VM_NOWRITE mapping. */
int vma_protect(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags);
/* Set the VM_LOCKED_MASK bits of [start, end) to lock (0 unlocks),
 * splitting VMAs at the edges. Returns 0, or -ENOMEM at a hole (the VMAs
 * before it are changed, as Linux's mlock) or when a split fails. */
int vma_set_lock(struct mm *mm, uint32_t start, uint32_t end, uint32_t lock);
/* Fault in every page of [start, end) as a user access would (a write
 * where the VMA is private and writable), as Linux's populate. Returns 0,
 * -EFAULT (a hole, PROT_NONE, a page past a file's end) or -ENOMEM, at the
 * first page that fails; with skip_errors the rest of that VMA is skipped
 * and the result is 0. VM_LOCKONFAULT VMAs are left alone. */
int mm_populate(struct mm *mm, uint32_t start, uint32_t end, bool skip_errors);
/* syscalls/mlock.c: may the caller lock memory at all (RLIMIT_MEMLOCK
 * above 0, or CAP_IPC_LOCK)? */
bool can_do_mlock(void);
/* May mm lock bytes more when vmflags has VM_LOCKED (RLIMIT_MEMLOCK, or
 * CAP_IPC_LOCK)? True when it has not. */
bool mlock_future_ok(const struct mm *mm, uint32_t vmflags, uint64_t bytes);
/* True when no VMA overlaps [start, end). */
bool range_free(struct mm *mm, uint32_t start, uint32_t end);
/* A free range of len bytes for mmap, top-down from MMAP_BASE; 0 if none. */
uint32_t get_unmapped_area(struct mm *mm, uint32_t len);
/* Resolve a fault at addr with the CPU's error code. 0 if fixed,
 * -EFAULT, -ENOMEM or FAULT_SIGBUS if not. */
int handle_mm_fault(struct mm *mm, uint32_t addr, uint32_t err);

/* What handle_mm_fault did, since boot (/proc/vmstat's cow_copies,
 * cow_reuses, zero_fills): a shared anonymous page copied for a write,
 * one we held alone made writable again, a demand-zero page mapped. */
struct fault_stats {
	uint32_t cow_copies;
	uint32_t cow_reuses;
	uint32_t zero_fills;
};
extern struct fault_stats fault_stats;
/* Would mapping [start, end) keep mm within the caller's RLIMIT_AS
 * (pages of [start, end) already mapped are not counted twice)? */
bool vm_may_expand(struct mm *mm, uint32_t start, uint32_t end);
/* The mmap base execve gives a new image, from its RLIMIT_STACK: the gap
 * below TASK_SIZE is the limit, at least 128 MiB, at most 5/6 of user
 * space, as Linux's mmap_base. */
uint32_t mmap_base_for_stack(uint64_t stack_limit);

/* mm/filemap.c: file pages in address spaces. */
/* Resolve a fault at page va of the file VMA v (pte is its entry, not a
 * PROT_NONE one): 0, -EFAULT, -ENOMEM or FAULT_SIGBUS. */
int filemap_fault(struct mm *mm, struct vma *v, uint32_t va, uint32_t err, pte_t *pte);
/* A file of size bytes in no directory, backing MAP_SHARED anonymous
 * memory ("/dev/zero (deleted)"); one reference, or NULL. */
struct file *shmem_file(uint32_t size);
/* Put v on, or take it off, its file's inode's i_mmap list. */
void filemap_rmap_add(struct vma *v);
void filemap_rmap_del(struct vma *v);
/* Unmap file pages from index keep on, and private copies of them, from
 * every address space mapping ip (truncate). */
void filemap_unmap_from(struct inode *ip, uint64_t keep);
/* How f may be mapped: FILEMAP_PAGES (its own pages), FILEMAP_ANON
 * (/dev/zero: anonymous memory), or -ENODEV / -EIO as Linux's mmap. */
#define FILEMAP_PAGES 1
#define FILEMAP_ANON 2
int filemap_kind(const struct file *f);
/* Change the break. Returns the new break, or the old one on failure. */
uint32_t mm_brk(struct mm *mm, uint32_t newbrk);

#endif
