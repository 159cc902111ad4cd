/*
 * The character devices and kernel-debugging /proc files, made as ramfs
 * nodes at boot (the other /proc files are fs/procfs.c's):
 *   /dev/console  the console (fs/console.c)
 *   /dev/tty      the caller's controlling terminal (fs/console.c)
 *   /dev/ttyS0-2  the serial ports, raw (fs/ttyS.c)
 *   /dev/null     reads end-of-file, writes vanish
 *   /dev/zero     reads zeroes (iov_iter_zero), writes vanish
 *   /dev/full     reads zeroes, every write is ENOSPC
 *   /dev/random, /dev/urandom  the generator of kernel/random.c; writes
 *                 are mixed into its pool. Both always read at once, as
 *                 Linux's once seeded; random polls readable only
 *   /dev/kmsg     each write goes to the kernel log (as Linux's, write only)
 *   /dev/pmem0    with memmap=nn!ss, the persistent-memory region (fs/pmem.c)
 *   /proc/slabinfo kmalloc's size classes, Linux's format (mm/kmalloc.c)
 *   /proc/kmalloc_orphans  with slub_debug, live objects whose allocating
 *                  process is gone, with their allocation sites
 *   /proc/sys/fs/pipe-max-size  (fs/pipe.c)
 */
#include <kernel/fs.h>
#include <kernel/pipe.h>
#include <kernel/random.h>
#include <kernel/console.h>
#include <kernel/mm.h>
#include <kernel/pmem.h>
#include <kernel/splice.h>
#include <asm/uaccess.h>

#define ORPHANS_SHOWN 8 /* objects /proc/kmalloc_orphans lists in full */

/* The random devices' ioctls, Linux's numbers */
#define RNDGETENTCNT 0x80045200	  /* the pool's entropy in bits, an int */
#define RNDADDTOENTCNT 0x40045201 /* credit bits (accepted; always full) */
#define RNDADDENTROPY 0x40085203  /* mix in a struct rand_pool_info */
#define RNDZAPENTCNT 0x5204	  /* clear the count (accepted) */
#define RNDCLEARPOOL 0x5206	  /* the same */
#define RNDRESEEDCRNG 0x5207	  /* renew the generator's key */
#define POOL_BITS 256		  /* what RNDGETENTCNT reports, as a ready Linux */

/* /dev/null reads end-of-file: returns 0. */
static ssize_t null_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return 0;
}

/* Writes to null and zero succeed whole, without touching the buffer. */
static ssize_t null_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	size_t n = iov_iter_count(from);

	iov_iter_advance(from, n);
	return n;
}

/* /dev/zero fills the whole read with zeroes. Returns the bytes filled,
 * or -EFAULT when none could be. */
static ssize_t zero_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	size_t want = iov_iter_count(to);
	size_t n = iov_iter_zero(want, to);

	return n || !want ? (ssize_t)n : -EFAULT;
}

/* /dev/full: the device is always full. Returns -ENOSPC. */
static ssize_t full_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return -ENOSPC;
}

/* /dev/random and /dev/urandom: random bytes (kernel/random.c). */
static ssize_t random_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return get_random_bytes_iter(to);
}

/* Writes to the random devices are mixed into the pool. Returns the
 * bytes taken, or -EFAULT. */
static ssize_t random_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return add_random_iter(from);
}

/* /dev/random is always readable and, as Linux's, never writable. */
static unsigned int random_poll(struct file *f, struct poll_table *pt)
{
	return POLLIN | POLLRDNORM;
}

/* RNDADDENTROPY: mix in the buf_size bytes after the two ints at uarg,
 * checked as Linux does (the count first; the size as unsigned, clamped
 * to MAX_RW_COUNT). Returns 0, -EINVAL (negative count) or -EFAULT (also
 * when not every byte could be read). */
static long add_entropy_user(unsigned long uarg)
{
	int count;
	uint32_t size;
	uint8_t chunk[64];

	if (get_user(count, (int __user *)uarg))
		return -EFAULT;
	if (count < 0)
		return -EINVAL;
	if (get_user(size, (uint32_t __user *)(uarg + 4)))
		return -EFAULT;
	size = min(size, (uint32_t)MAX_RW_COUNT);
	if (!access_ok(uarg + 8, size))
		return -EFAULT;
	for (unsigned long p = uarg + 8; size > 0;) {
		uint32_t n = min(size, (uint32_t)sizeof(chunk));
		if (copy_from_user(chunk, (const void __user *)p, n))
			return -EFAULT;
		add_random_bytes(chunk, n);
		p += n;
		size -= n;
	}
	return 0;
}

/* The random devices' ioctls (as for root). Returns 0 or what they give,
 * -EFAULT, or -EINVAL for any other command, as Linux's. */
static long random_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	int n;

	switch (cmd) {
	case RNDGETENTCNT:
		return put_user(POOL_BITS, (int __user *)arg);
	case RNDADDTOENTCNT:
		if (get_user(n, (int __user *)arg))
			return -EFAULT;
		return n < 0 ? -EINVAL : 0;
	case RNDADDENTROPY:
		return add_entropy_user(arg);
	case RNDZAPENTCNT:
	case RNDCLEARPOOL:
		return 0;
	case RNDRESEEDCRNG:
		random_reseed();
		return 0;
	}
	return -EINVAL;
}

/* The random devices' lseek does nothing and returns 0 (noop_llseek). */
static loff_t random_llseek(struct file *f, loff_t off, int whence)
{
	return 0;
}

/* Devices seek nowhere but accept any offset, as Linux's do. */
static loff_t dev_llseek(struct file *f, loff_t off, int whence)
{
	if (whence > SEEK_END)
		return -EINVAL;
	f->pos = 0;
	return 0;
}

/* Copies what is left of the len bytes of text at buf from *pos on: the
 * text is made afresh for every read, so the part before *pos is produced
 * again and dropped (into an ITER_DISCARD, as a generator that can only
 * start at the beginning). Returns the bytes copied, 0 at the end, or
 * -EFAULT. */
ssize_t text_read(const char *buf, int len, struct iov_iter *to, loff_t *pos)
{
	struct iov_iter skip;

	if (*pos >= len)
		return 0;
	iov_iter_discard(&skip, READ, *pos);
	size_t gone = copy_to_iter(buf, *pos, &skip);
	size_t n = copy_to_iter(buf + gone, min((size_t)(len - gone), iov_iter_count(to)), to);
	if (!n && iov_iter_count(to))
		return -EFAULT;
	*pos += n;
	return n;
}

/* The counts are taken afresh on each read; the kernel does not sleep
 * between formatting and copying, so one buffer serves every reader. */
static ssize_t slabinfo_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	static char buf[2048];
	int len = kmalloc_slabinfo(buf, sizeof(buf));

	return text_read(buf, len, to, pos);
}

/* /proc/kmalloc_orphans: objects left by processes that are gone. */
static ssize_t orphans_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	static char buf[4096];
	int len = kmalloc_orphans(buf, sizeof(buf), ORPHANS_SHOWN);

	return text_read(buf, len, to, pos);
}

/* Each write is printed on the kernel log as it is; returns its length. */
static ssize_t kmsg_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	char buf[128];
	size_t total = 0;

	while (iov_iter_count(from)) {
		size_t want = min(sizeof(buf), iov_iter_count(from));
		size_t n = copy_from_iter(buf, want, from);
		if (n)
			printk("%.*s", (int)n, buf);
		total += n;
		if (n < want)
			return total ? (ssize_t)total : -EFAULT;
	}
	return total;
}

/* As Linux's: null cannot be spliced from (-EINVAL), full not into; a
 * splice into null or zero drops the data (splice_write_null). */
static const struct file_operations null_ops = {
	.read_iter = null_read,
	.write_iter = null_write,
	.llseek = dev_llseek,
	.splice_write = splice_write_null,
};

static const struct file_operations zero_ops = {
	.read_iter = zero_read,
	.write_iter = null_write,
	.llseek = dev_llseek,
	.splice_read = generic_file_splice_read,
	.splice_write = splice_write_null,
};

static const struct file_operations full_ops = {
	.read_iter = zero_read,
	.write_iter = full_write,
	.llseek = dev_llseek,
	.splice_read = generic_file_splice_read,
};

static const struct file_operations random_ops = {
	.read_iter = random_read,
	.write_iter = random_write,
	.poll = random_poll,
	.ioctl = random_ioctl,
	.llseek = random_llseek,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};

/* urandom has no poll of its own (always ready both ways), as Linux's */
static const struct file_operations urandom_ops = {
	.read_iter = random_read,
	.write_iter = random_write,
	.ioctl = random_ioctl,
	.llseek = random_llseek,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};

static const struct file_operations kmsg_ops = {
	.write_iter = kmsg_write,
	.llseek = dev_llseek,
};

static const struct file_operations slabinfo_ops = {
	.read_iter = slabinfo_read,
	.llseek = generic_llseek,
	.splice_read = generic_file_splice_read,
};

static const struct file_operations orphans_ops = {
	.read_iter = orphans_read,
	.llseek = generic_llseek,
};

#define NR_CHRDEVS 16 /* character devices chrdev_ops knows */

static struct chrdev {
	uint32_t rdev;
	const struct file_operations *fop;
} chrdevs[NR_CHRDEVS];

/* The operations of the character device numbered rdev (as made at boot),
 * or NULL: what a node mknod makes is read and written through. */
const struct file_operations *chrdev_ops(uint32_t rdev)
{
	for (int i = 0; i < NR_CHRDEVS && chrdevs[i].fop; i++)
		if (chrdevs[i].rdev == rdev)
			return chrdevs[i].fop;
	return NULL;
}

/* Remember character device rdev's operations for chrdev_ops. */
static void register_chrdev(uint32_t rdev, const struct file_operations *fop)
{
	for (int i = 0; i < NR_CHRDEVS; i++) {
		if (!chrdevs[i].fop) {
			chrdevs[i].rdev = rdev;
			chrdevs[i].fop = fop;
			return;
		}
	}
	panic("register_chrdev: table full");
}

/* Make dir/name, a node of this mode and device number, read and written
 * through fop. Panics when memory is out (at boot). */
void make_node(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
	       const struct file_operations *fop)
{
	struct inode *ip = inode_new(mode);

	if (!ip)
		panic("make_node: out of memory");
	ip->rdev = rdev;
	ip->fop = fop;
	if (S_ISCHR(mode))
		register_chrdev(rdev, fop);
	dir_link(dir, name, strlen(name), ip);
	inode_put(ip);
}

/* The directory parent/name, made if missing. Returns it (parent holds
 * it). Panics when memory is out (at boot). */
struct inode *make_subdir(struct inode *parent, const char *name)
{
	struct inode *d = dir_lookup(parent, name, strlen(name));
	int err;

	if (!d && !(d = ramfs_mkdir(parent, name, strlen(name), 0755, &err)))
		panic("make_subdir: %d", err);
	return d;
}

/* The directory /name, made if missing. Returns it (the root holds it). */
static struct inode *make_dir(const char *name)
{
	return make_subdir(root_inode, name);
}

/* Make /dev, /dev/shm, /proc and /tmp and the nodes in them, at boot. */
void devices_init(void)
{
	struct inode *dev = make_dir("dev");
	struct inode *proc = make_dir("proc");

	make_dir("tmp")->mode = S_IFDIR | 01777;
	make_subdir(dev, "shm")->mode = S_IFDIR | 01777; /* POSIX shared memory's tmpfs */
	make_node(dev, "console", S_IFCHR | 0600, MKDEV(5, 1), &console_ops);
	make_node(dev, "tty", S_IFCHR | 0666, MKDEV(5, 0), &dev_tty_ops);
	make_node(dev, "ttyS0", S_IFCHR | 0660, MKDEV(4, 64), &ttyS_ops);
	make_node(dev, "ttyS1", S_IFCHR | 0660, MKDEV(4, 65), &ttyS_ops);
	make_node(dev, "ttyS2", S_IFCHR | 0660, MKDEV(4, 66), &ttyS_ops);
	make_node(dev, "null", S_IFCHR | 0666, MKDEV(1, 3), &null_ops);
	make_node(dev, "zero", S_IFCHR | 0666, MKDEV(1, 5), &zero_ops);
	make_node(dev, "full", S_IFCHR | 0666, MKDEV(1, 7), &full_ops);
	make_node(dev, "random", S_IFCHR | 0666, MKDEV(1, 8), &random_ops);
	make_node(dev, "urandom", S_IFCHR | 0666, MKDEV(1, 9), &urandom_ops);
	make_node(dev, "kmsg", S_IFCHR | 0644, MKDEV(1, 11), &kmsg_ops);
	pmem_init(dev);
	make_node(proc, "slabinfo", S_IFREG | 0400, 0, &slabinfo_ops);
	make_node(proc, "kmalloc_orphans", S_IFREG | 0400, 0, &orphans_ops);
	procfs_init(proc);
	pipe_sysctl_init(make_subdir(make_subdir(proc, "sys"), "fs"));
}
