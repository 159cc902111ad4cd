/*
 * The ELF loader of execve: maps a program, and the interpreter its
 * PT_INTERP names, into a new address space from the files' own pages.
 * Only the headers are read; everything else comes in by page faults.
 *
 * Each PT_LOAD, in program header order, becomes a private file mapping
 * of [PGROUNDDOWN(vaddr), PGROUNDUP(vaddr + p_filesz)) from file page
 * (p_offset - vaddr % PAGE_SIZE) / PAGE_SIZE, as Linux's elf_load. A later
 * segment's mapping replaces what an earlier one put in the pages they
 * share (MAP_FIXED), so two segments in one page load as on Linux: the
 * page has the later segment's permissions and shows the same file page.
 * Read-only text is never written, so every process running the program
 * maps the file's own physical pages (mm/filemap.c); writable data is
 * copied page by page on its first write. When p_memsz > p_filesz:
 *   - the rest of the last file page after p_filesz is zeroed (Linux's
 *     padzero), which makes that page a private copy; in a read-only
 *     segment the write fails and, as on Linux, the file's bytes stay;
 *   - the pages after it up to vaddr + p_memsz are anonymous zero pages,
 *     read/write (and executable if the segment is), as vm_brk_flags
 *     makes them; a segment with no file bytes starts them at its first
 *     page, replacing whatever an earlier segment put there.
 * Adjacent mappings of the same file, permissions and contiguous offsets
 * are one VMA, as Linux merges them.
 *
 * The load bias (where an image's vaddr 0 goes):
 *   ET_EXEC                0: the addresses the file gives;
 *   ET_DYN with PT_INTERP  ELF_ET_DYN_BASE (0x00400000): a PIE program;
 *   ET_DYN without it      top-down in the mmap area, as mmap(NULL) of the
 *                          image's whole span: a static-pie program, or an
 *                          interpreter (by PT_INTERP or run directly).
 * Mica has no address randomization, so these are Linux's places with it
 * off (x86-64 Linux gives a 32-bit PIE 0x56555000 instead, its compat
 * value). An interpreter is opened, checked and read before anything is
 * mapped, so its errors (-ENOENT, -EACCES, -ELIBBAD, -EIO) leave the old
 * image; a mapping problem is fatal, as past Linux's point of no return.
 */
#include <kernel/binfmt.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <asm/uaccess.h>

#define INTERP_MIN 2 /* PT_INTERP's p_filesz: at least one byte and the NUL */

/* Read exactly n bytes at off of f into buf. Returns 0, or -EIO for a
 * short read (the file ends first) or the read's error. */
static int read_exact(struct file *f, void *buf, size_t n, loff_t off)
{
	ssize_t r = kernel_read(f, buf, n, off);

	if (r < 0)
		return (int)r;
	return (size_t)r == n ? 0 : -EIO;
}

/* An interpreter's header, as Linux checks it before mapping anything:
 * ELF magic, an i386 machine, program headers of the right size and
 * number inside the file. Returns 0 or -ELIBBAD with *why. */
static int check_interp_header(const Elf32_Ehdr *eh, uint64_t size, const char **why)
{
	uint64_t table = (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr);

	if (memcmp(eh->e_ident, ELFMAG, 4) != 0)
		*why = "interpreter: bad ELF magic";
	else if (eh->e_machine != EM_386 && eh->e_machine != EM_486)
		*why = "interpreter: not i386";
	else if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 ||
		 eh->e_phnum > ELF_MAX_PHNUM || table > size || eh->e_phoff > size - table)
		*why = "interpreter: bad program header table";
	else
		return 0;
	return -ELIBBAD;
}

/* Read f's ELF header and program headers into *im (see binfmt.h).
 * Returns 0, -ENOEXEC or -ELIBBAD/-EIO (interp), or -ENOMEM. */
int elf_image_read(struct elf_image *im, struct file *f, bool interp)
{
	uint64_t size = f->inode->size;
	int err;

	memset(im, 0, sizeof(*im));
	im->why = "ok";
	err = read_exact(f, &im->eh, sizeof(im->eh), 0);
	if (err)
		return interp ? err : -ENOEXEC;
	err = interp ? check_interp_header(&im->eh, size, &im->why)
		     : elf_check_header(&im->eh, size, &im->why);
	if (err)
		return err;
	size_t n = im->eh.e_phnum * sizeof(Elf32_Phdr);
	im->ph = kmalloc(n);
	if (!im->ph)
		return -ENOMEM;
	err = read_exact(f, im->ph, n, im->eh.e_phoff);
	if (err) {
		kfree(im->ph);
		im->ph = NULL;
		im->why = "program headers cannot be read";
		return interp ? -ELIBBAD : -ENOEXEC;
	}
	file_get(f);
	im->file = f;
	return 0;
}

/* Drop the file reference and headers of im. */
void elf_image_put(struct elf_image *im)
{
	if (im->file)
		file_put(im->file);
	kfree(im->ph);
	im->file = NULL;
	im->ph = NULL;
}

/* The first PT_INTERP's path into *name, kmalloc'd, or NULL. Returns 0,
 * -ENOEXEC (too short, longer than PATH_MAX, no NUL at its end), -EIO
 * (the file ends first) or -ENOMEM, as Linux. */
int elf_interp_name(const struct elf_image *im, char **name)
{
	*name = NULL;
	for (unsigned int i = 0; i < im->eh.e_phnum; i++) {
		const Elf32_Phdr *ph = &im->ph[i];
		if (ph->p_type != PT_INTERP)
			continue;
		if (ph->p_filesz > PATH_MAX || ph->p_filesz < INTERP_MIN)
			return -ENOEXEC;
		char *s = kmalloc(ph->p_filesz);
		if (!s)
			return -ENOMEM;
		int err = read_exact(im->file, s, ph->p_filesz, ph->p_offset);
		if (!err && s[ph->p_filesz - 1] != '\0')
			err = -ENOEXEC;
		if (err) {
			kfree(s);
			return err;
		}
		*name = s;
		return 0;
	}
	return 0;
}

/* The span of im's PT_LOADs from the page of the lowest: the length an
 * mmap of the whole image takes. 0 when there is none. */
static uint32_t total_size(const struct elf_image *im)
{
	uint32_t lo = UINT32_MAX, hi = 0;

	for (unsigned int i = 0; i < im->eh.e_phnum; i++) {
		const Elf32_Phdr *ph = &im->ph[i];
		if (ph->p_type != PT_LOAD)
			continue;
		lo = min(lo, PGROUNDDOWN(ph->p_vaddr));
		hi = max(hi, ph->p_vaddr + ph->p_memsz);
	}
	return hi > lo ? PGROUNDUP(hi) - lo : 0;
}

/* The first PT_LOAD's p_vaddr (where Linux starts an ET_DYN mapping),
 * or 0 if there is none. */
static uint32_t first_vaddr(const struct elf_image *im)
{
	for (unsigned int i = 0; i < im->eh.e_phnum; i++)
		if (im->ph[i].p_type == PT_LOAD)
			return im->ph[i].p_vaddr;
	return 0;
}

/* The largest power-of-two p_align above a page among im's PT_LOADs
 * (Linux's maximum_alignment), or PAGE_SIZE. */
static uint32_t max_align(const struct elf_image *im)
{
	uint32_t align = PAGE_SIZE;

	for (unsigned int i = 0; i < im->eh.e_phnum; i++) {
		uint32_t a = im->ph[i].p_align;
		if (im->ph[i].p_type == PT_LOAD && a > align && (a & (a - 1)) == 0 &&
		    a <= MMAP_BASE / 2)
			align = a;
	}
	return align;
}

/* The load bias of im in mm: 0 for ET_EXEC, ELF_ET_DYN_BASE for a PIE
 * program (pie: it has an interpreter), else the top-down mmap place of
 * the whole image, aligned as its segments ask. Returns 0 or -ENOMEM. */
int elf_choose_bias(struct mm *mm, const struct elf_image *im, bool pie, uint32_t *bias)
{
	uint32_t first = PGROUNDDOWN(first_vaddr(im)), len = total_size(im);
	uint32_t align = max_align(im);

	*bias = 0;
	if (im->eh.e_type != ET_DYN)
		return 0;
	if (pie) {
		*bias = (ELF_ET_DYN_BASE & ~(align - 1)) - first;
		return 0;
	}
	if (len == 0 || len > UINT32_MAX - align)
		return -ENOMEM;
	uint32_t area = get_unmapped_area(mm, len + align - PAGE_SIZE);
	if (!area)
		return -ENOMEM;
	*bias = ((area + align - 1) & ~(align - 1)) - first;
	return 0;
}

/* VM_* permissions for p_flags. */
static uint32_t vm_prot(uint32_t p_flags)
{
	return ((p_flags & PF_R) ? VM_READ : 0) | ((p_flags & PF_W) ? VM_WRITE : 0) |
	       ((p_flags & PF_X) ? VM_EXEC : 0);
}

/* Map [start, end) of mm with flags, from file page pgoff of file (or
 * anonymous when NULL), replacing what was there; joined to the VMA just
 * below when that one continues it. Returns 0 or -ENOMEM. */
static int map_range(struct mm *mm, uint32_t start, uint32_t end, uint32_t flags, struct file *file,
		     uint64_t pgoff)
{
	if (vma_unmap(mm, start, end))
		return -ENOMEM;
	struct vma *prev = start ? find_vma(mm, start - 1) : NULL;
	if (prev && prev->end == start && prev->flags == flags && prev->file == file &&
	    (!file || prev->vm_pgoff + ((start - prev->start) >> PAGE_SHIFT) == pgoff)) {
		prev->end = end;
		return 0;
	}
	return vma_add_file(mm, start, end, flags, file, pgoff) ? 0 : -ENOMEM;
}

/* Zero the rest of the page that holds user address addr (padzero),
 * through the page tables of the current address space. Returns 0 or
 * -EFAULT when the page cannot be written. */
static int padzero(uint32_t addr)
{
	uint32_t n = PGROUNDUP(addr) - addr;

	return n && clear_user((void __user *)addr, n) ? -EFAULT : 0;
}

/* Map PT_LOAD ph of im at bias (see the top of the file); vm_extra goes
 * on the file mapping. Returns 0, -EPERM (below MMAP_MIN), -EFAULT (a
 * writable segment's tail cannot be zeroed) or -ENOMEM. */
static int map_segment(struct mm *mm, struct elf_image *im, const Elf32_Phdr *ph, uint32_t bias,
		       uint32_t vm_extra)
{
	uint32_t vaddr = bias + ph->p_vaddr, prot = vm_prot(ph->p_flags);
	uint32_t zero_start = PGROUNDDOWN(vaddr), zero_end = PGROUNDUP(vaddr + ph->p_memsz);
	int err;

	if (ph->p_memsz == 0)
		return 0;
	if (zero_start < MMAP_MIN) {
		im->why = "a segment lies below mmap_min_addr";
		return -EPERM;
	}
	for (struct vma *v = mm->vmas; v; v = v->next)
		if ((v->flags & VM_GROWSDOWN) && v->start < zero_end && zero_start < v->end) {
			im->why = "a segment lies on the stack";
			return -ENOMEM;
		}
	if (ph->p_filesz) {
		uint32_t end = PGROUNDUP(vaddr + ph->p_filesz);
		uint64_t pgoff = (ph->p_offset - (vaddr & (PAGE_SIZE - 1))) >> PAGE_SHIFT;
		err = map_range(mm, zero_start, end, prot | vm_extra, im->file, pgoff);
		if (err)
			return err;
		/* as Linux, a read-only segment keeps the file's bytes there */
		if (ph->p_memsz > ph->p_filesz && padzero(vaddr + ph->p_filesz) &&
		    (prot & VM_WRITE)) {
			im->why = "the page after a segment's file bytes cannot be zeroed";
			return -EFAULT;
		}
		zero_start = end;
	}
	if (zero_end > zero_start)
		return map_range(mm, zero_start, zero_end, VM_READ | VM_WRITE | (prot & VM_EXEC),
				 NULL, 0);
	return 0;
}

/* Map im's PT_LOADs at bias into mm, which must be the current address
 * space (padzero writes through it); record the bias and the end of the
 * highest segment in im. Returns 0 or a fatal -errno (see binfmt.h). */
int elf_map(struct mm *mm, struct elf_image *im, uint32_t bias, uint32_t vm_extra)
{
	int err = elf_check_loads(&im->eh, im->ph, bias, TASK_SIZE, &im->why);

	if (err)
		return err;
	im->bias = bias;
	im->end = 0;
	for (unsigned int i = 0; i < im->eh.e_phnum; i++) {
		const Elf32_Phdr *ph = &im->ph[i];
		if (ph->p_type != PT_LOAD)
			continue;
		err = map_segment(mm, im, ph, bias, vm_extra);
		if (err)
			return err;
		im->end = max(im->end, bias + ph->p_vaddr + ph->p_memsz);
	}
	return 0;
}

/* AT_PHDR: where the PT_LOAD that holds the program header table maps it
 * (the last such segment, as Linux), plus the bias. */
uint32_t elf_phdr_addr(const struct elf_image *im)
{
	uint32_t addr = 0, phoff = im->eh.e_phoff;

	for (unsigned int i = 0; i < im->eh.e_phnum; i++) {
		const Elf32_Phdr *ph = &im->ph[i];
		if (ph->p_type == PT_LOAD && ph->p_offset <= phoff &&
		    phoff - ph->p_offset < ph->p_filesz)
			addr = phoff - ph->p_offset + ph->p_vaddr;
	}
	return addr + im->bias;
}
