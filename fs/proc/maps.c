/*
 * /proc/PID/maps, and the sizes /proc/PID/stat, statm and status show,
 * from the process's VMAs.
 *
 * maps has one line per VMA in address order, in Linux's format:
 *   start-end perms offset major:minor inode [padding name]
 * perms being r/w/x and p (private) or s (shared). The program's ELF
 * segments (VM_EXEFILE) show the file offset they were loaded from, the
 * program's device (its st_dev: 00:01 for the root ramfs), inode and path;
 * a file mapping shows its file the same way, at its offset;
 * an anonymous mapping inside the brk area (the heap, and whatever a
 * program mapped over part of it, as Linux) is [heap], the stack [stack],
 * the vDSO's pages (VM_VDSO) [vdso]; the other anonymous mappings have
 * 0 for all three and no name. A name starts at column 73, as Linux
 * (built for 64 bits) pads it, which is what programs on this machine
 * read.
 */
#include <kernel/procfs.h>
#include <kernel/vma.h>
#include <kernel/mm.h>

#define MAPS_NAME_COLUMN 73 /* where Linux's seq_pad puts a name */
#define MAPS_LINE_MAX 96    /* a line's bytes without its name */
#define DEV_MINOR_BITS 8    /* MKDEV's old 8:8 device numbers */
#define DEV_MINOR_MASK 0xff

/* The sizes and bounds in p's address space (zeroes for a zombie). */
void proc_vm_counts(const struct proc *p, struct vm_counts *c)
{
	memset(c, 0, sizeof(*c));
	if (!p->mm)
		return;
	for (const struct vma *v = p->mm->vmas; v; v = v->next) {
		uint32_t len = v->end - v->start;
		c->size += len;
		if (v->flags & VM_LOCKED)
			c->locked += len;
		if (v->flags & VM_GROWSDOWN) {
			c->stack += len;
			continue;
		}
		if ((v->flags & VM_EXEFILE) && (v->flags & VM_EXEC)) {
			c->exe += len;
			if (!c->start_code)
				c->start_code = v->start;
			c->end_code = v->end;
		}
		if ((v->flags & VM_EXEFILE) && (v->flags & VM_WRITE) && !c->start_data) {
			c->start_data = v->start;
			c->end_data = v->end;
		}
		if ((v->flags & VM_WRITE) && !(v->flags & VM_SHARED))
			c->data += len;
		if (v->flags & VM_SHARED)
			c->shared += len;
	}
	for (uint32_t va = 0; va < TASK_SIZE; va += PAGE_SIZE * NPTENTRIES)
		if (walk_pgdir(p->mm->pgdir, va, false))
			c->ptes += PAGE_SIZE; /* one page table covers this 4 MiB */
}

/* The name maps shows for v, into name (PATH_MAX bytes), and its
 * offset, device and inode: the program's path for its segments, the
 * file's path for a file mapping, [vdso], [heap], [stack], or ""
 * (anonymous). */
static void vma_name(const struct vma *v, const struct proc *p, char *name, uint32_t *off,
		     uint32_t *dev, uint32_t *ino)
{
	struct inode *ip = v->file ? v->file->inode : (v->flags & VM_EXEFILE) ? p->exe : NULL;

	*off = *dev = *ino = 0;
	name[0] = '\0';
	if (ip) {
		*off = (uint32_t)(v->vm_pgoff << PAGE_SHIFT);
		*dev = inode_dev(ip);
		*ino = ip->ino;
		if (inode_path(ip, name, PATH_MAX) < 0)
			name[0] = '\0';
	} else if (v->flags & VM_VDSO)
		strlcpy(name, "[vdso]", PATH_MAX);
	else if (v->start < p->mm->brk && v->end > p->mm->start_brk)
		strlcpy(name, "[heap]", PATH_MAX); /* Linux's vma_is_initial_heap */
	else if (v->flags & VM_GROWSDOWN)
		strlcpy(name, "[stack]", PATH_MAX);
}

/* Append v's line to buf at *len (buf holds size bytes); name is scratch
 * space of PATH_MAX bytes. */
void proc_maps_line(char *buf, size_t size, size_t *len, const struct vma *v, const struct proc *p,
		    char *name)
{
	uint32_t off, dev, ino;

	vma_name(v, p, name, &off, &dev, &ino);
	int n = snprintf(buf + *len, size - *len, "%08x-%08x %c%c%c%c %08x %02x:%02x %u ", v->start,
			 v->end, (v->flags & VM_READ) ? 'r' : '-',
			 (v->flags & VM_WRITE) ? 'w' : '-', (v->flags & VM_EXEC) ? 'x' : '-',
			 (v->flags & VM_SHARED) ? 's' : 'p', off, dev >> DEV_MINOR_BITS,
			 dev & DEV_MINOR_MASK, ino);
	*len += n;
	if (name[0])
		*len += snprintf(buf + *len, size - *len, "%*s%s", max(MAPS_NAME_COLUMN - n, 0), "",
				 name);
	*len += snprintf(buf + *len, size - *len, "\n");
}

/* The bytes p's maps lines take, with extra more per line; name is
 * scratch space of PATH_MAX bytes. */
size_t proc_maps_size(const struct proc *p, char *name, size_t extra)
{
	size_t size = 0;
	uint32_t off, dev, ino;

	for (const struct vma *v = p->mm ? p->mm->vmas : NULL; v; v = v->next) {
		vma_name(v, p, name, &off, &dev, &ino);
		size += MAPS_LINE_MAX + strlen(name) + extra;
	}
	return size;
}

/* /proc/PID/maps. Returns bytes read, -ESRCH once the process was reaped,
 * -ENOMEM. */
static ssize_t maps_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);
	char *name = kmalloc(PATH_MAX);
	size_t size = 1, len = 0;

	if (!p || !name) {
		kfree(name);
		return p ? -ENOMEM : -ESRCH;
	}
	size += proc_maps_size(p, name, 0);
	char *buf = kmalloc(size);
	if (!buf) {
		kfree(name);
		return -ENOMEM;
	}
	for (const struct vma *v = p->mm ? p->mm->vmas : NULL; v; v = v->next)
		proc_maps_line(buf, size, &len, v, p, name);
	ssize_t r = text_read(buf, len, to, pos);
	kfree(buf);
	kfree(name);
	return r;
}

/* Opening another process's maps needs the right to look into it, as
 * Linux's mm_access: 0, -EACCES, or -ESRCH once it was reaped. */
int proc_inspect_open(struct inode *ip, struct file *f)
{
	struct proc *p = proc_of(ip);

	if (!p)
		return -ESRCH;
	return p->mm && p->mm != current->mm && !may_inspect(p) ? -EACCES : 0;
}

const struct file_operations proc_maps_ops = {
	.open = proc_inspect_open,
	.read_iter = maps_read,
	.llseek = generic_llseek,
};
