/*
 * /proc/PID/smaps and smaps_rollup: per VMA (or summed over all of them)
 * the maps line and how much of it is in memory, in Linux 6.1's fields
 * and order.
 *
 * The page tables are walked page by page. A present page counts in Rss;
 * it is Anonymous unless it is the file's own page-cache page; it is
 * Shared when another mapping holds it too, which Mica reads from the
 * page's reference count (less the page cache's own reference), as
 * Linux reads the map count; Pss divides each page by that count. Dirty
 * and Referenced are the PTE's D and A bits. Locked is the Pss of a
 * VM_LOCKED VMA. Mica has no swap and no huge pages, so those lines are 0.
 */
#include <kernel/procfs.h>
#include <kernel/vma.h>
#include <kernel/mm.h>

#define SMAPS_EXTRA 720 /* the bytes of one VMA's lines past its maps line */
#define PSS_SHIFT 12	/* Pss is summed in 1/4096ths of a byte, as Linux */
#define KB_SHIFT 10

/* What smaps counts for one VMA (bytes; pss in 1 << PSS_SHIFT units). */
struct mem_size_stats {
	uint64_t size, rss, pss, pss_dirty, shared_clean, shared_dirty;
	uint64_t private_clean, private_dirty, referenced, anonymous, locked;
};

/* The file v maps, or the program's for its segments, or NULL. */
static struct inode *vma_inode(const struct vma *v, const struct proc *p)
{
	return v->file ? v->file->inode : (v->flags & VM_EXEFILE) ? p->exe : NULL;
}

/* Add one present page at va of v, mapped by pte, to *m. */
static void smaps_page(struct mem_size_stats *m, const struct vma *v, struct inode *ip, uint32_t va,
		       pte_t pte)
{
	struct page *pg = phys_to_page(PTE_ADDR(pte));
	uint32_t idx = (uint32_t)v->vm_pgoff + ((va - v->start) >> PAGE_SHIFT);
	bool file_page = ip && ramfs_find_page(ip, idx) == pg;
	uint32_t mapcount = pg->refcount - (file_page ? 1 : 0);
	bool dirty = pte & PTE_D;
	uint64_t pss;

	if (mapcount < 1)
		mapcount = 1;
	pss = ((uint64_t)PAGE_SIZE << PSS_SHIFT) / mapcount;
	m->rss += PAGE_SIZE;
	m->pss += pss;
	if (dirty)
		m->pss_dirty += pss;
	if (!file_page)
		m->anonymous += PAGE_SIZE;
	if (pte & PTE_A)
		m->referenced += PAGE_SIZE;
	if (mapcount > 1) {
		if (dirty)
			m->shared_dirty += PAGE_SIZE;
		else
			m->shared_clean += PAGE_SIZE;
	} else if (dirty) {
		m->private_dirty += PAGE_SIZE;
	} else {
		m->private_clean += PAGE_SIZE;
	}
	if (v->flags & VM_LOCKED)
		m->locked += pss;
}

/* Add v's pages in p's address space to *m. */
static void smaps_vma(struct mem_size_stats *m, const struct vma *v, const struct proc *p)
{
	struct inode *ip = vma_inode(v, p);

	m->size += v->end - v->start;
	for (uint32_t va = v->start; va < v->end; va += PAGE_SIZE) {
		pte_t *pte = walk_pgdir(p->mm->pgdir, va, false);
		if (!pte) {
			/* no page table for this 4 MiB: on to the next */
			uint32_t next = (va | (PAGE_SIZE * NPTENTRIES - 1)) + 1;
			if (next == 0)
				break;
			va = next - PAGE_SIZE;
			continue;
		}
		if (*pte & PTE_P)
			smaps_page(m, v, ip, va, *pte);
	}
}

/* Append to buf at *len the lines of *m, Linux's order; with rollup the
 * sums of every VMA (no Size, page sizes or VmFlags lines). */
static void smaps_lines(char *buf, size_t size, size_t *len, const struct mem_size_stats *m,
			bool rollup)
{
#define KB(x) ((unsigned long)((x) >> KB_SHIFT))
#define LINE(name, v) (*len += snprintf(buf + *len, size - *len, "%-16s%8lu kB\n", name ":", v))
	if (!rollup) {
		LINE("Size", KB(m->size));
		LINE("KernelPageSize", KB(PAGE_SIZE));
		LINE("MMUPageSize", KB(PAGE_SIZE));
	}
	LINE("Rss", KB(m->rss));
	LINE("Pss", KB(m->pss >> PSS_SHIFT));
	LINE("Pss_Dirty", KB(m->pss_dirty >> PSS_SHIFT));
	if (rollup) {
		LINE("Pss_Anon", KB(0));
		LINE("Pss_File", KB(0));
		LINE("Pss_Shmem", KB(0));
	}
	LINE("Shared_Clean", KB(m->shared_clean));
	LINE("Shared_Dirty", KB(m->shared_dirty));
	LINE("Private_Clean", KB(m->private_clean));
	LINE("Private_Dirty", KB(m->private_dirty));
	LINE("Referenced", KB(m->referenced));
	LINE("Anonymous", KB(m->anonymous));
	LINE("LazyFree", 0ul);
	LINE("AnonHugePages", 0ul);
	LINE("ShmemPmdMapped", 0ul);
	LINE("FilePmdMapped", 0ul);
	LINE("Shared_Hugetlb", 0ul);
	LINE("Private_Hugetlb", 0ul);
	LINE("Swap", 0ul);
	LINE("SwapPss", 0ul);
	LINE("Locked", KB(m->locked >> PSS_SHIFT));
#undef LINE
#undef KB
}

/* Append v's VmFlags line: Linux's two-letter codes for what Mica has. */
static void vmflags_line(char *buf, size_t size, size_t *len, const struct vma *v)
{
	static const struct {
		uint32_t flag, want; /* the code shows when (flags & flag) == want */
		const char *code;
	} codes[] = {
		{ VM_READ, VM_READ, "rd" },
		{ VM_WRITE, VM_WRITE, "wr" },
		{ VM_EXEC, VM_EXEC, "ex" },
		{ VM_SHARED, VM_SHARED, "sh" },
		{ 0, 0, "mr" },
		{ VM_NOWRITE, 0, "mw" },
		{ 0, 0, "me" },
		{ VM_SHARED, VM_SHARED, "ms" },
		{ VM_GROWSDOWN, VM_GROWSDOWN, "gd" },
		{ VM_LOCKED, VM_LOCKED, "lo" },
		{ VM_SHARED | VM_WRITE, VM_WRITE, "ac" },
	};

	*len += snprintf(buf + *len, size - *len, "VmFlags:");
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		if ((v->flags & codes[i].flag) == codes[i].want)
			*len += snprintf(buf + *len, size - *len, " %s", codes[i].code);
	*len += snprintf(buf + *len, size - *len, " \n");
}

/* smaps (rollup false) or smaps_rollup of f's process. Returns bytes
 * read, -ESRCH once the process was reaped, -ENOMEM. */
static ssize_t smaps_text(struct file *f, struct iov_iter *to, loff_t *pos, bool rollup)
{
	struct proc *p = proc_of(f->inode);
	char *name = kmalloc(PATH_MAX);
	struct mem_size_stats sum = { 0 };
	size_t size = 1 + 2 * SMAPS_EXTRA, len = 0;

	if (!p || !name) {
		kfree(name);
		return p ? -ENOMEM : -ESRCH;
	}
	size += proc_maps_size(p, name, SMAPS_EXTRA);
	char *buf = kmalloc(size);
	if (!buf) {
		kfree(name);
		return -ENOMEM;
	}
	uint32_t first = 0, last = 0;
	for (const struct vma *v = p->mm ? p->mm->vmas : NULL; v; v = v->next) {
		struct mem_size_stats m = { 0 };
		smaps_vma(rollup ? &sum : &m, v, p);
		if (!first)
			first = v->start;
		last = v->end;
		if (rollup)
			continue;
		proc_maps_line(buf, size, &len, v, p, name);
		smaps_lines(buf, size, &len, &m, false);
		len += snprintf(buf + len, size - len, "%-16s%8u\n", "THPeligible:", 0u);
		vmflags_line(buf, size, &len, v);
	}
	if (rollup && p->mm && p->mm->vmas) {
		int n = snprintf(buf + len, size - len, "%08x-%08x ---p 00000000 00:00 0 ", first,
				 last);
		len += n;
		len += snprintf(buf + len, size - len, "%*s[rollup]\n", max(73 - n, 0), "");
		smaps_lines(buf, size, &len, &sum, true);
	}
	ssize_t r = text_read(buf, len, to, pos);
	kfree(buf);
	kfree(name);
	return r;
}

/* /proc/PID/smaps. */
static ssize_t smaps_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return smaps_text(f, to, pos, false);
}

/* /proc/PID/smaps_rollup. */
static ssize_t smaps_rollup_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return smaps_text(f, to, pos, true);
}

const struct file_operations proc_smaps_ops = {
	.open = proc_inspect_open,
	.read_iter = smaps_read,
	.llseek = generic_llseek,
};

const struct file_operations proc_smaps_rollup_ops = {
	.open = proc_inspect_open,
	.read_iter = smaps_rollup_read,
	.llseek = generic_llseek,
};
