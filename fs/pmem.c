/*
 * /dev/pmem0: a memory-backed, block-free character device over the RAM
 * that the command line's memmap=nn[KMG]!ss[KMG] made persistent memory
 * (kernel/memmap.h; mm/pmm.c keeps those frames from the page allocator,
 * so MemTotal leaves them out). Without memmap= there is no /dev/pmem0.
 *
 * It behaves as Linux's /dev/pmem0 block device does through read(2) and
 * write(2), minus the page cache: the file offset is the byte offset in
 * the region, lseek stays within [0, size] (SEEK_SET/CUR/END; anything
 * else is -EINVAL, as fixed_size_llseek), a read at or past the end gives
 * 0 and one that crosses it is cut short, a write at or past the end is
 * -ENOSPC and one that crosses it is cut short. ioctl answers the block
 * size queries BLKGETSIZE64, BLKGETSIZE and BLKSSZGET; anything else is
 * -ENOTTY. The numbers are 259:0, Linux's for its pmem0 block device,
 * but here it is a character device.
 *
 * The two copies are the point of the device:
 *   read   copy_mc_to_iter: a machine check on poison cuts the copy
 *          short, and the read returns the short count (EIO if nothing)
 *   write  _copy_from_iter_flushcache: when write returns, nothing it
 *          wrote is only in the CPU cache (arch/x86/flushcache.c)
 *
 * Bad ranges, as Linux's pmem driver keeps them (badblocks, 512-byte
 * sectors): pmem_record_poison() adds the sectors a machine check found
 * poisoned (the #MC handler calls it, arch/x86/mce.c). A read stops before the first bad sector (-EIO if it starts
 * on one), as is_bad_pmem(); a write first clears the bad sectors it
 * covers whole, as pmem_clear_poison(), and stops before one it covers
 * only in part, which stays bad (-EIO if it starts there).
 */
#include <kernel/fs.h>
#include <kernel/memmap.h>
#include <kernel/pmem.h>
#include <lib/iov_iter.h>
#include <asm/uaccess.h>

/* The block ioctls, Linux's numbers on i386 */
#define BLKGETSIZE 0x1260	/* unsigned long: the size in 512-byte sectors */
#define BLKSSZGET 0x1268	/* int: the logical sector size */
#define BLKGETSIZE64 0x80041272 /* uint64_t: the size in bytes */
#define SECTOR_SIZE 512		/* what BLKGETSIZE and BLKSSZGET count in */

static uint64_t region_base, region_size; /* physical; size 0: no device */
static char *region;			  /* its direct-map address */

/* Bad sectors [start, end), relative to the region, in no order. */
static struct badrange {
	uint32_t start, end;
} bad[PMEM_MAX_BADRANGES];
static int nbad;

/* The region's size in bytes; 0 when there is no /dev/pmem0. */
uint64_t pmem_size(void)
{
	return region_size;
}

/* How many bad ranges the list holds now. */
int pmem_badranges(void)
{
	return nbad;
}

/* Forget every bad range. */
void pmem_clear_badranges(void)
{
	nbad = 0;
}

/* Mark sectors [s, e) bad, merging with the ranges they touch. Returns 0
 * or -ENOSPC (list full). */
static int add_bad(uint32_t s, uint32_t e)
{
	for (int i = 0; i < nbad;) {
		if (bad[i].start <= e && s <= bad[i].end) {
			s = min(s, bad[i].start);
			e = max(e, bad[i].end);
			bad[i] = bad[--nbad]; /* merged: take it out, look again */
			i = 0;
			continue;
		}
		i++;
	}
	if (nbad == PMEM_MAX_BADRANGES)
		return -ENOSPC;
	bad[nbad++] = (struct badrange){ s, e };
	return 0;
}

/* The sectors [s, e) are good again. A range split in two needs a free
 * slot; without one the range stays whole (bad is the safe side). */
static void clear_bad(uint32_t s, uint32_t e)
{
	for (int i = 0; i < nbad; i++) {
		struct badrange *r = &bad[i];

		if (e <= r->start || r->end <= s)
			continue;
		if (s <= r->start && r->end <= e) {
			*r = bad[--nbad];
			i--;
		} else if (s <= r->start) {
			r->start = e;
		} else if (r->end <= e) {
			r->end = s;
		} else if (nbad < PMEM_MAX_BADRANGES) {
			bad[nbad++] = (struct badrange){ e, r->end };
			r->end = s;
		}
	}
}

/* Record that physical bytes [phys, phys + len) are bad; see pmem.h.
 * Returns 0, -ERANGE (none of them in the region) or -ENOSPC. */
int pmem_record_poison(uint64_t phys, uint64_t len)
{
	uint64_t lo, hi;

	if (!region_size || !len || phys >= region_base + region_size || phys + len <= region_base)
		return -ERANGE;
	lo = max(phys, region_base) - region_base;
	hi = min(phys + len, region_base + region_size) - region_base;
	return add_bad(lo / PMEM_SECTOR, (hi + PMEM_SECTOR - 1) / PMEM_SECTOR);
}

/* The bytes from off on, at most n, before the first bad sector. */
static size_t good_run(uint64_t off, size_t n)
{
	uint64_t end = off + n;

	for (int i = 0; i < nbad; i++) {
		uint64_t bs = (uint64_t)bad[i].start * PMEM_SECTOR;
		uint64_t be = (uint64_t)bad[i].end * PMEM_SECTOR;
		if (bs < end && off < be)
			end = bs > off ? bs : off;
	}
	return end - off;
}

/* The read copy of /dev/pmem0, machine-check safe: poison in the region
 * cuts it short. Returns the bytes copied. */
static size_t pmem_copy_to_iter(const void *addr, size_t n, struct iov_iter *to)
{
	return copy_mc_to_iter(addr, n, to);
}

/* The bytes a transfer of want at pos may move before the end, or -errno:
 * -EINVAL when pos + want overflows (as Linux's rw_verify_area). Sets
 * *n to at most want and the bytes left in the region. */
static ssize_t clamp_to_end(loff_t pos, size_t want, size_t *n)
{
	if (pos > INT64_MAX - (loff_t)want)
		return -EINVAL;
	*n = pos >= (loff_t)region_size ? 0 : (size_t)min((uint64_t)want, region_size - pos);
	return 0;
}

/* read/readv/pread/preadv. Returns the bytes read, 0 at or past the end,
 * -EIO when the first byte is in a bad sector, -EFAULT when nothing could
 * be copied to the user buffer. */
static ssize_t pmem_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	size_t want = iov_iter_count(to), n, good, done;
	ssize_t err = clamp_to_end(*pos, want, &n);

	if (err || n == 0)
		return err;
	good = good_run(*pos, n);
	if (good == 0)
		return -EIO;
	done = pmem_copy_to_iter(region + *pos, good, to);
	if (done == 0)
		return good_run(*pos, 1) ? -EFAULT : -EIO; /* a machine check: now bad */
	*pos += done;
	return done;
}

/* write/writev/pwrite/pwritev, through the cache-flushing copy. Returns
 * the bytes written, 0 for an empty write, -ENOSPC at or past the end,
 * -EIO when the first byte is in a sector that stays bad, -EFAULT when
 * nothing could be copied from the user buffer. */
static ssize_t pmem_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	size_t want = iov_iter_count(from), n, good, done;
	ssize_t err = clamp_to_end(*pos, want, &n);

	if (err || want == 0)
		return err;
	if (n == 0)
		return -ENOSPC;
	if (nbad) /* the sectors written whole are good again */
		clear_bad((*pos + PMEM_SECTOR - 1) / PMEM_SECTOR, (*pos + n) / PMEM_SECTOR);
	good = good_run(*pos, n);
	if (good == 0)
		return -EIO;
	done = _copy_from_iter_flushcache(region + *pos, good, from);
	if (done == 0)
		return -EFAULT;
	*pos += done;
	return done;
}

/* lseek within [0, the device's size], fixed_size_llseek. Returns the new
 * offset, or -EINVAL (another whence, or a result outside the device). */
static loff_t pmem_llseek(struct file *f, loff_t off, int whence)
{
	return fixed_size_llseek(f, off, whence, (loff_t)region_size);
}

/* The block size queries. Returns 0, -EFAULT, or -ENOTTY for any other
 * command, as Linux's block devices. */
static long pmem_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case BLKGETSIZE64:
		return put_user(region_size, (uint64_t __user *)arg);
	case BLKGETSIZE:
		return put_user((unsigned long)(region_size / SECTOR_SIZE),
				(unsigned long __user *)arg);
	case BLKSSZGET:
		return put_user(SECTOR_SIZE, (int __user *)arg);
	}
	return -ENOTTY;
}

static const struct file_operations pmem_ops = {
	.read_iter = pmem_read,
	.write_iter = pmem_write,
	.llseek = pmem_llseek,
	.ioctl = pmem_ioctl,
};

/* Make /dev/pmem0 in dir over the memmap= region, if there is one. */
void pmem_init(struct inode *dir)
{
	if (!memmap_pmem(&region_base, &region_size))
		return;
	region = P2V(region_base);
	pr_info("pmem: /dev/pmem0 on [mem %#010llx-%#010llx] (%llu KiB, memmap=), "
		"reads copy_mc, writes flushcache\n",
		region_base, region_base + region_size - 1, region_size / 1024);
	make_node(dir, "pmem0", S_IFCHR | 0660, MKDEV(PMEM_MAJOR, PMEM_MINOR), &pmem_ops);
}
