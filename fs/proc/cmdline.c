/*
 * /proc/PID/cmdline, environ, auxv and comm.
 *
 * cmdline and environ are read straight out of the process's memory:
 * the argv and environment strings execve put on its stack
 * ([arg_start, arg_end) and [env_start, env_end) of struct proc), NULs
 * and all, so what the process wrote over them is what a reader sees, as
 * on Linux. A zombie has no memory left: both read empty. Its pages may be
 * high memory: each is copied with copy_page_to_iter (kmap_atomic, or
 * kmap when the reader's buffer faults), holding a reference meanwhile.
 *
 * auxv is the auxiliary vector execve gave the program, as it was then
 * (a copy, as Linux's saved_auxv): id/value pairs up to and with AT_NULL.
 *
 * comm is the process's name (execve's last path component, or what
 * prctl(PR_SET_NAME) or a write here set) and a newline. A write sets it
 * from the first TASK_COMM_LEN - 1 bytes, newline and all, as Linux; only
 * the process itself may (EINVAL for another).
 */
#include <kernel/procfs.h>
#include <kernel/vma.h>
#include <kernel/highmem.h>
#include <asm/uaccess.h>

#define TASK_COMM_LEN 16 /* a name's bytes, its NUL included (struct proc.name) */

/* Copy [start + *pos, end) of p's memory to the reader, a page at a time,
 * stopping at a page that is not there. Returns the bytes copied, or
 * -EFAULT when the reader's buffer took none. */
static ssize_t read_proc_memory(struct proc *p, uint32_t start, uint32_t end, struct iov_iter *to,
				loff_t *pos)
{
	ssize_t total = 0;

	if (!p->mm || *pos < 0 || start + *pos >= end)
		return 0;
	for (uint32_t va = start + (uint32_t)*pos; va < end && iov_iter_count(to);) {
		pte_t pte;
		uint32_t pa = vm_lookup(p->mm->pgdir, PGROUNDDOWN(va), &pte);
		if (!pa)
			break;
		uint32_t off = va % PAGE_SIZE;
		size_t chunk = min((size_t)(PAGE_SIZE - off), (size_t)(end - va));
		chunk = min(chunk, iov_iter_count(to));
		struct page *pg = phys_to_page(pa);
		get_page(pg); /* the reader's fault may sleep while p unmaps it */
		size_t n = copy_page_to_iter(pg, off, chunk, to);
		put_page(pg);
		total += n;
		va += n;
		*pos += n;
		if (n < chunk)
			return total ? total : -EFAULT;
	}
	return total;
}

/* /proc/PID/cmdline: argv, NUL-separated. Returns bytes read, -ESRCH once
 * the process was reaped. */
static ssize_t cmdline_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);

	if (!p)
		return -ESRCH;
	return read_proc_memory(p, p->arg_start, p->arg_end, to, pos);
}

/* /proc/PID/environ: the environment strings, NUL-separated. Returns bytes
 * read, -ESRCH once the process was reaped. */
static ssize_t environ_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);

	if (!p)
		return -ESRCH;
	return read_proc_memory(p, p->env_start, p->env_end, to, pos);
}

/* /proc/PID/auxv: the saved auxv pairs through AT_NULL (none for a
 * zombie). Returns bytes read, -ESRCH once the process was reaped. */
static ssize_t auxv_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);
	int words = 0;

	if (!p)
		return -ESRCH;
	while (p->mm && words + 2 <= SAVED_AUXV_WORDS) {
		words += 2;
		if (p->saved_auxv[words - 2] == 0) /* AT_NULL */
			break;
	}
	return text_read((const char *)p->saved_auxv, words * sizeof(uint32_t), to, pos);
}

/* /proc/PID/comm: the name and a newline. Returns bytes read, -ESRCH
 * once the process was reaped. */
static ssize_t comm_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);
	char buf[TASK_COMM_LEN + 1];

	if (!p)
		return -ESRCH;
	int len = snprintf(buf, sizeof(buf), "%s\n", p->name);
	return text_read(buf, len, to, pos);
}

/* A write to /proc/PID/comm: the process's new name, from the first
 * TASK_COMM_LEN - 1 bytes. Returns the whole count, or -EINVAL (another
 * process), -EFAULT, -ESRCH. */
static ssize_t comm_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);
	size_t count = iov_iter_count(from);
	char buf[TASK_COMM_LEN];
	size_t n = min(count, (size_t)TASK_COMM_LEN - 1);

	if (!p)
		return -ESRCH;
	if (copy_from_iter(buf, n, from) != n)
		return -EFAULT;
	iov_iter_advance(from, count - n);
	if (p != current)
		return -EINVAL;
	buf[n] = '\0';
	strlcpy(p->name, buf, sizeof(p->name));
	return count;
}

const struct file_operations proc_cmdline_ops = {
	.read_iter = cmdline_read,
	.llseek = generic_llseek,
};

const struct file_operations proc_auxv_ops = {
	.read_iter = auxv_read,
	.llseek = generic_llseek,
};

const struct file_operations proc_environ_ops = {
	.open = proc_inspect_open,
	.read_iter = environ_read,
	.llseek = generic_llseek,
};

const struct file_operations proc_comm_ops = {
	.read_iter = comm_read,
	.write_iter = comm_write,
	.llseek = generic_llseek,
};
