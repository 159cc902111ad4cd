/*
 * brk, mmap2 (anonymous memory and files), the old mmap, munmap, mprotect,
 * madvise, msync and mincore. Pages appear on first touch (mm/fault.c), so
 * these calls mostly change the VMAs; MAP_POPULATE and a locked mapping
 * (MAP_LOCKED, mlockall's MCL_FUTURE) fault every page in at once. A file
 * mapping's pages are the file's own (mm/filemap.c). MAP_SHARED anonymous
 * memory (and /dev/zero's) is a file of its own that no directory holds,
 * as Linux's shmem: its pages come in as they are touched and are shared,
 * not copied, by fork.
 */
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03 /* MAP_SHARED that refuses unknown flags */
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_LOCKED 0x2000 /* VM_LOCKED: populated now, as mlock */
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000 /* with MAP_POPULATE: no prefault after all */
#define MAP_FIXED_NOREPLACE 0x100000
/* The flags Linux's MAP_SHARED_VALIDATE knows (LEGACY_MAP_MASK): MAP_DENYWRITE,
 * MAP_EXECUTABLE, MAP_LOCKED, MAP_NORESERVE, MAP_POPULATE, MAP_NONBLOCK,
 * MAP_STACK, MAP_HUGETLB and the huge page size bits besides those above. */
#define MAP_KNOWN                                                                          \
	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | 0x0800 | 0x1000 | 0x2000 | \
	 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x40000 | 0xfc000000u)
#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_DONTFORK 10
#define MADV_DOFORK 11
#define MADV_HUGEPAGE 14
#define MADV_NOHUGEPAGE 15
#define MADV_DONTDUMP 16
#define MADV_DODUMP 17
#define MADV_COLD 20
#define MADV_PAGEOUT 21

/* The VM_* flags for PROT_* bits prot, as asked: /proc/PID/maps shows
 * PROT_WRITE alone as -w-p, as Linux. x86 pages cannot be write-only or
 * execute-only, so the page tables still let such a mapping be read. */
static uint32_t prot_to_vm(long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* brk(addr): move the break to addr if it can; returns the break. */
long sys_brk(long addr)
{
	return mm_brk(current->mm, addr);
}

/* Where mmap puts length bytes for addr and flags (nothing unmapped yet):
 * 0 with the address in *out, or -EINVAL, -ENOMEM, -EPERM or -EEXIST as
 * Linux's get_unmapped_area and MAP_FIXED_NOREPLACE. */
static long mmap_place(struct mm *mm, uint32_t a, uint32_t length, long flags, uint32_t *out)
{
	*out = a;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (a & ~PAGE_MASK)
			return -EINVAL;
		if (a > TASK_SIZE - length)
			return -ENOMEM;
		if (a < MMAP_MIN) /* Linux's mmap_min_addr */
			return -EPERM;
		if (!(flags & MAP_FIXED) && !range_free(mm, a, a + length))
			return -EEXIST;
		return 0;
	}
	a = PGROUNDDOWN(a);
	if (!a || a < MMAP_MIN || a > TASK_SIZE - length || !range_free(mm, a, a + length))
		a = get_unmapped_area(mm, length);
	*out = a;
	return a ? 0 : -ENOMEM;
}

/* Linux's checks of a file mapping of f with type, prot and flags, in its
 * order; adds VM_SHARED or VM_NOWRITE to *vmflags. Returns FILEMAP_PAGES,
 * FILEMAP_ANON (/dev/zero), or -EACCES, -ENODEV, -EIO, -EINVAL,
 * -EOPNOTSUPP. */
static int mmap_file_checks(struct file *f, long type, long prot, long flags, uint32_t *vmflags)
{
	switch (type) {
	case MAP_SHARED_VALIDATE:
		if (flags & ~MAP_KNOWN)
			return -EOPNOTSUPP;
		/* fall through */
	case MAP_SHARED:
		if ((prot & PROT_WRITE) && !file_writable(f))
			return -EACCES;
		*vmflags |= VM_SHARED | (file_writable(f) ? 0 : VM_NOWRITE);
		/* fall through */
	case MAP_PRIVATE:
		if (!file_readable(f))
			return -EACCES;
		int kind = filemap_kind(f);
		if (kind < 0)
			return kind;
		if (flags & MAP_GROWSDOWN)
			return -EINVAL;
		return kind;
	}
	return -EINVAL;
}

/* mmap2(addr, len, prot, flags, fd, pgoff): anonymous memory, a ramfs
 * file's pages from page pgoff on (mm/filemap.c), or /dev/zero's
 * anonymous memory. Returns the mapping's address; -EBADF, -EINVAL,
 * -ENOMEM, -EPERM, -EEXIST, -EAGAIN (RLIMIT_MEMLOCK), -EACCES, -ENODEV,
 * -EIO as Linux. */
long sys_mmap2(long addr, long len, long prot, long flags, long fd, long pgoff)
{
	struct mm *mm = current->mm;
	struct file *f = NULL;
	long type = flags & MAP_TYPE;
	int kind = 0;

	if (!(flags & MAP_ANONYMOUS) && !(f = fget(fd)))
		return -EBADF;
	if (len == 0)
		return -EINVAL;
	if ((uint32_t)len > TASK_SIZE - PAGE_SIZE)
		return -ENOMEM;
	uint32_t length = PGROUNDUP((uint32_t)len);
	uint32_t a;
	long err = mmap_place(mm, addr, length, flags, &a);
	if (err)
		return err;
	uint32_t vmflags =
		prot_to_vm(prot) | mm->def_flags | ((flags & MAP_LOCKED) ? VM_LOCKED : 0);
	if ((flags & MAP_LOCKED) && !can_do_mlock())
		return -EPERM;
	if (!mlock_future_ok(mm, vmflags, length))
		return -EAGAIN;
	if (f) {
		kind = mmap_file_checks(f, type, prot, flags, &vmflags);
		if (kind < 0)
			return kind;
		if (kind == FILEMAP_ANON) /* /dev/zero: anonymous memory */
			f = NULL;
	} else if (type == MAP_SHARED) {
		if (flags & MAP_GROWSDOWN)
			return -EINVAL;
		vmflags |= VM_SHARED;
	} else if (type != MAP_PRIVATE) {
		return -EINVAL;
	}
	if (!vm_may_expand(mm, a, a + length)) /* RLIMIT_AS, before the old pages go */
		return -ENOMEM;
	if ((flags & MAP_FIXED) && vma_unmap(mm, a, a + length))
		return -ENOMEM;
	/* shared anonymous memory is a file of its own, from page 0 */
	struct file *shm = !f && (vmflags & VM_SHARED) ? shmem_file(length) : NULL;
	if (!f && (vmflags & VM_SHARED) && !shm)
		return -ENOMEM;
	struct vma *v =
		vma_add_file(mm, a, a + length, vmflags, shm ? shm : f, shm ? 0 : (uint32_t)pgoff);
	if (shm)
		file_put(shm); /* the VMA holds it */
	if (!v)
		return -ENOMEM;
	/* as Linux's do_mmap: prefault a locked mapping, and MAP_POPULATE
	 * unless MAP_NONBLOCK; a page that cannot be had is no error */
	/* LAB 8 BEGIN */
	if ((vmflags & VM_LOCKED) || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)
		mm_populate(mm, a, a + length, true);
	/* LAB 8 STUB
	// LAB 8, exercise "Populate a mapping": MAP_POPULATE too
	if (vmflags & VM_LOCKED)
		mm_populate(mm, a, a + length, true);
	   LAB 8 END */
	return a;
}

/* The old i386 mmap: one pointer to the six arguments, offset in bytes. */
long sys_old_mmap(const void __user *uargs)
{
	uint32_t a[6];

	if (copy_from_user(a, (const void __user *)uargs, sizeof(a)))
		return -EFAULT;
	if (a[5] & ~PAGE_MASK)
		return -EINVAL;
	return sys_mmap2(a[0], a[1], a[2], a[3], a[4], a[5] >> PAGE_SHIFT);
}

/* munmap(addr, len): unmap the pages of [addr, addr + len). Returns 0,
 * -EINVAL for an unaligned or empty range, -ENOMEM if a split fails. */
long sys_munmap(long addr, long len)
{
	uint32_t a = addr;

	if ((a & ~PAGE_MASK) || len == 0 || (uint32_t)len > TASK_SIZE ||
	    a > TASK_SIZE - PGROUNDUP((uint32_t)len))
		return -EINVAL;
	return vma_unmap(current->mm, a, a + PGROUNDUP((uint32_t)len));
}

/* mprotect(addr, len, prot): change the protection of a mapped range.
 * Returns 0, -EINVAL for bad addr or prot, -ENOMEM for a hole. */
long sys_mprotect(long addr, long len, long prot)
{
	uint32_t a = addr;

	if (a & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (len == 0)
		return 0;
	uint32_t end = PGROUNDUP((uint32_t)len) + a;
	if (end <= a || (uint32_t)len > TASK_SIZE)
		return -ENOMEM;
	if (end > TASK_SIZE)
		return -ENOMEM;
	return vma_protect(current->mm, a, end, prot_to_vm(prot));
}

/* The advice madvise knows; MADV_DONTNEED is the one that changes
 * anything here. The rest are accepted and change nothing. */
static bool advice_known(long advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_COLD:
	case MADV_PAGEOUT:
		return true;
	}
	return false;
}

/* The end of [a, a + len) with len rounded up to pages, in 64 bits as a
 * 64-bit kernel's compat calls see it: past TASK_SIZE means "not mapped". */
static uint64_t range_end(uint32_t a, long len)
{
	return (uint64_t)a +
	       (((uint64_t)(uint32_t)len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1));
}

/* Is every page of [a, end) inside some VMA of mm? */
static bool range_mapped(struct mm *mm, uint32_t a, uint64_t end)
{
	if (end > TASK_SIZE)
		return false;
	for (uint32_t p = a; p < end;) {
		struct vma *v = find_vma(mm, p);
		if (!v)
			return false;
		p = v->end;
	}
	return true;
}

/* madvise(addr, len, advice): Linux's checks in its order (EINVAL for
 * unknown advice, then an unaligned addr; length 0 is 0). The mapped
 * parts of the range take the advice, and a hole makes it -ENOMEM.
 * MADV_DONTNEED drops the pages: private file pages show the file again
 * on the next touch, anonymous ones zeroes; shared pages (shared
 * anonymous memory's too, which is a file) stay in their file. */
long sys_madvise(long addr, long len, long advice)
{
	struct mm *mm = current->mm;
	uint32_t a = addr;
	uint64_t end = range_end(a, len);

	if (!advice_known(advice) || (a & ~PAGE_MASK))
		return -EINVAL;
	if (end == a)
		return 0;
	bool holes = !range_mapped(mm, a, end);
	if (advice == MADV_DONTNEED) {
		for (uint64_t p = a; p < end && p < TASK_SIZE; p += PAGE_SIZE) {
			struct vma *v = find_vma(mm, p);
			if (!v)
				continue;
			struct page *pg = vm_unmap(mm->pgdir, p);
			if (pg) {
				put_page(pg);
				mm_rss_add(mm, -1);
			}
		}
	}
	return holes ? -ENOMEM : 0;
}

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

/* msync(addr, len, flags): ramfs has nothing to write back, and a shared
 * mapping's stores are in the file's pages already, so this only checks:
 * 0, -EINVAL (unknown flags, unaligned addr, MS_SYNC with MS_ASYNC),
 * -EBUSY for MS_INVALIDATE of a MAP_LOCKED mapping, or -ENOMEM for a
 * range not wholly mapped. */
long sys_msync(long addr, long len, long flags)
{
	uint32_t a = addr;
	uint64_t end = range_end(a, len);

	if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || (a & ~PAGE_MASK))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	if (end == a)
		return 0;
	for (struct vma *v = current->mm->vmas; v && (flags & MS_INVALIDATE); v = v->next)
		if (v->start < end && a < v->end && (v->flags & VM_LOCKED))
			return -EBUSY;
	return range_mapped(current->mm, a, end) ? 0 : -ENOMEM;
}

/* Is page va of VMA v resident, as Linux's mincore sees it: mapped here,
 * or (a file VMA) in the file's pages? */
static bool page_resident(struct mm *mm, struct vma *v, uint32_t va)
{
	pte_t *pte = walk_pgdir(mm->pgdir, va, false);

	if (pte && PTE_HAS_PAGE(*pte))
		return true;
	/* LAB 8 BEGIN */
	if (!v->file)
		return false;
	struct inode *ip = v->file->inode;
	uint64_t idx = v->vm_pgoff + ((va - v->start) >> PAGE_SHIFT);
	return idx < ((uint64_t)ip->size + PAGE_SIZE - 1) >> PAGE_SHIFT && ramfs_find_page(ip, idx);
	/* LAB 8 STUB
	// LAB 8, exercise "Which pages are resident" (labs/08-mmap/README.md):
	// a page of a file VMA is resident when the file holds it, mapped
	// here or not.
	return false;
	   LAB 8 END */
}

/* mincore(addr, len, vec): one byte per page of the range into vec, 1
 * for a resident page, else 0. Returns 0, -EINVAL for an unaligned addr,
 * -ENOMEM for a range outside user space or not wholly mapped (the bytes
 * before the hole are written), -EFAULT for a vec that cannot be written. */
long sys_mincore(long addr, long len, void __user *uvec)
{
	struct mm *mm = current->mm;
	uint32_t a = addr, n = (uint32_t)len;
	uint32_t pages = (n >> PAGE_SHIFT) + ((n & ~PAGE_MASK) != 0);

	if (a & ~PAGE_MASK)
		return -EINVAL;
	if (!access_ok((void __user *)a, n))
		return -ENOMEM;
	if (!access_ok((void __user *)uvec, pages))
		return -EFAULT;
	for (uint32_t i = 0; i < pages; i++) {
		uint32_t va = a + (i << PAGE_SHIFT);
		struct vma *v = find_vma(mm, va);
		if (!v)
			return -ENOMEM;
		uint8_t r = page_resident(mm, v, va);
		if (put_user(r, (uint8_t __user *)uvec + i))
			return -EFAULT;
	}
	return 0;
}
