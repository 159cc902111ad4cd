/*
 * /proc/vmstat: one "name value" line per counter, in Linux's format and,
 * for the fields Mica can fill, Linux's names and order:
 *   nr_free_pages        free page frames now (the page allocator's count)
 * then Mica's own, event counts since boot that Linux does not have
 * (lib/iov_iter.c, docs/iov_iter.md):
 *   copy_page_atomic     copy_page_to_iter/copy_page_from_iter calls with a
 *                        user iterator done wholly under kmap_atomic
 *   copy_page_fallback   those whose atomic copy came back short (or whose
 *                        fault-in failed) and that finished under kmap()
 *   highuser_high        user and file pages alloc_highuser_page (and its
 *                        _nozero form) took from high memory
 *   highuser_fallback    those it had to take from low memory, high memory
 *                        being out (mm/highmem.c's highmem_stats)
 *   kmap_sleeps          kmap() calls that waited for a free pool slot
 *   cow_copies           write faults that copied a shared anonymous page
 *   cow_reuses           write faults on a read-only anonymous page that
 *                        was ours alone (or shared memory): made writable
 *   zero_fills           demand-zero pages mapped (mm/fault.c's fault_stats)
 * As Linux's (a seq_file without a write method): a write is EIO, and
 * lseek takes SEEK_SET and SEEK_CUR but not SEEK_END (EINVAL).
 */
#include <kernel/procfs.h>
#include <kernel/mm.h>
#include <kernel/highmem.h>
#include <kernel/vma.h>
#include <lib/iov_iter.h>

/* /proc/vmstat's text. Returns bytes read. */
static ssize_t vmstat_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[384];
	int len = snprintf(buf, sizeof(buf),
			   "nr_free_pages %u\n"
			   "copy_page_atomic %lu\n"
			   "copy_page_fallback %lu\n"
			   "highuser_high %u\n"
			   "highuser_fallback %u\n"
			   "kmap_sleeps %u\n"
			   "cow_copies %u\n"
			   "cow_reuses %u\n"
			   "zero_fills %u\n",
			   nr_free_pages(), copy_page_atomic_count, copy_page_fallback_count,
			   highmem_stats.highuser_high, highmem_stats.highuser_fallback,
			   highmem_stats.kmap_sleeps, fault_stats.cow_copies,
			   fault_stats.cow_reuses, fault_stats.zero_fills);

	return text_read(buf, len, to, pos);
}

/* A write to /proc/vmstat: -EIO, as Linux's for a file it cannot write. */
static ssize_t vmstat_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return -EIO;
}

/* lseek on /proc/vmstat, as Linux's seq_lseek: SEEK_SET and SEEK_CUR;
 * anything else is -EINVAL. Returns the new offset. */
static loff_t vmstat_llseek(struct file *f, loff_t off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	return generic_llseek(f, off, whence);
}

static const struct file_operations vmstat_ops = {
	.read_iter = vmstat_read,
	.write_iter = vmstat_write,
	.llseek = vmstat_llseek,
};

/* Make /proc/vmstat in proc, at boot. */
void vmstat_proc_init(struct inode *proc)
{
	make_node(proc, "vmstat", S_IFREG | 0444, 0, &vmstat_ops);
}
