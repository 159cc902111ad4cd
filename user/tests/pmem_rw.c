/*
 * pmem_rw: /dev/pmem0 through read, write, readv, writev, pread64,
 * pwrite64, preadv, pwritev, lseek, ioctl and fstat.
 *
 * On Mica the device is the 1 MiB of RAM that "memmap=1M!100M" on the
 * command line made persistent memory (tests/run.py boots it so). Linux
 * on the test host has no /dev/pmem0, so there the same checks run on a
 * comparable device: a 1 MiB loop block device the test sets up itself
 * (as root; AUTOCLEAR, so it goes away with the last close). Linux's own
 * /dev/pmem0 is such a block device, and its read(2)/write(2) semantics
 * are the ones checked: reads at and past the end give 0, writes there
 * ENOSPC, a transfer crossing the end is cut short, lseek stays within
 * [0, size], a fault partway gives the bytes moved so far. The only
 * checks that differ (the device type and numbers, fsync and mmap, which
 * a block device has) are Mica's alone.
 * Without a loop device every check is skipped, saying why.
 */
#include "raw.h"

#define SIZE (1024 * 1024) /* memmap=1M!... on Mica, the loop file's size */
#define PMEM_MAJOR 259
#define BLKGETSIZE 0x1260
#define BLKSSZGET 0x1268
#define BLKGETSIZE64 0x80041272
#define LOOP_SET_FD 0x4C00
#define LOOP_SET_STATUS64 0x4C04
#define LOOP_CTL_GET_FREE 0x4C82
#define LO_FLAGS_AUTOCLEAR 4
#define KADDR 0xC0000000UL
#define BAD_IOCTL 0x12345678

/* struct loop_info64 of <linux/loop.h> */
struct loop_info64 {
	unsigned long long lo_device, lo_inode, lo_rdevice, lo_offset, lo_sizelimit;
	unsigned int lo_number, lo_encrypt_type, lo_encrypt_key_size, lo_flags;
	unsigned char lo_file_name[64], lo_crypt_name[64], lo_encrypt_key[32];
	unsigned long long lo_init[2];
};

static const char *nodev; /* why the device checks are skipped, or NULL */
static char path[64];
static long fd, holder = -1;
static unsigned char src[4 * PAGE + 16], buf[4 * PAGE + 16];

#define PR(f, b, n, off) RSYS(SYS_pread64, (f), (b), (n), (off), 0)
#define PW(f, b, n, off) RSYS(SYS_pwrite64, (f), (b), (n), (off), 0)

/* A check of the device: skipped (saying why) when there is none. */
#define IS(got, want, ...)                               \
	do {                                             \
		if (nodev)                               \
			skip_why(nodev, __VA_ARGS__);    \
		else                                     \
			is((long)(got), (long)(want), __VA_ARGS__); \
	} while (0)
#define OK(cond, ...)                                 \
	do {                                          \
		if (nodev)                            \
			skip_why(nodev, __VA_ARGS__); \
		else                                  \
			ok((cond), __VA_ARGS__);      \
	} while (0)

/* Sets up a loop device over a fresh SIZE-byte file as path, held open by
 * holder. Returns NULL, or why there is none. */
static const char *make_loop(void)
{
	char file[64];
	long ctl = ropen("/dev/loop-control", O_RDWR, 0);
	struct loop_info64 info;

	if (ctl < 0)
		return "no /dev/pmem0 and no loop devices here";
	snprintf(file, sizeof(file), "/tmp/pmem_rw.%d", (int)getpid());
	long back = ropen(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	RSYS(SYS_unlink, file);
	if (back < 0 || RSYS(SYS_ftruncate, back, SIZE) < 0)
		return "no file for a loop device";
	for (int tries = 0; tries < 8; tries++) {
		long n = RSYS(SYS_ioctl, ctl, LOOP_CTL_GET_FREE);
		if (n < 0)
			break;
		snprintf(path, sizeof(path), "/dev/loop%ld", n);
		holder = ropen(path, O_RDWR, 0);
		if (holder < 0)
			continue;
		if (RSYS(SYS_ioctl, holder, LOOP_SET_FD, back) == 0) {
			memset(&info, 0, sizeof(info));
			info.lo_flags = LO_FLAGS_AUTOCLEAR;
			RSYS(SYS_ioctl, holder, LOOP_SET_STATUS64, &info);
			RSYS(SYS_close, back);
			RSYS(SYS_close, ctl);
			return NULL;
		}
		RSYS(SYS_close, holder); /* taken meanwhile: try the next */
		holder = -1;
	}
	RSYS(SYS_close, back);
	RSYS(SYS_close, ctl);
	return "no /dev/pmem0 and no free loop device here";
}

/* Opens the device (or says why not) and checks its type and size. */
static void setup(void)
{
	struct kstat64 st;
	unsigned long long size64 = 0;
	unsigned long sectors = 0;
	int ssz = 0;

	if (on_mica())
		strcpy(path, "/dev/pmem0");
	else
		nodev = make_loop();
	fd = nodev ? -1 : ropen(path, O_RDWR, 0);
	if (on_mica() || !nodev)
		is(fd >= 0 ? 0 : fd, 0, "the device opens read-write");
	else
		skip_why(nodev, "the device opens read-write");
	if (fd < 0 && !nodev)
		nodev = "the device did not open";

	if (on_mica() && !nodev) {
		long r = RSYS(SYS_fstat64, fd, &st);
		ok(r == 0 && S_ISCHR(st.st_mode) && st.st_rdev == (PMEM_MAJOR << 8),
		   "fstat: a character device, 259:0");
	} else {
		skip_why(nodev ? nodev : "Linux's pmem0 and a loop device are block devices",
			 "fstat: a character device, 259:0");
	}
	IS(RSYS(SYS_ioctl, fd, BLKGETSIZE64, &size64), 0, "BLKGETSIZE64");
	IS(size64, SIZE, "BLKGETSIZE64 gives the size in bytes");
	IS(RSYS(SYS_ioctl, fd, BLKGETSIZE, &sectors), 0, "BLKGETSIZE");
	IS(sectors, SIZE / 512, "BLKGETSIZE gives the size in sectors");
	IS(RSYS(SYS_ioctl, fd, BLKSSZGET, &ssz), 0, "BLKSSZGET");
	IS(ssz, 512, "BLKSSZGET gives 512");
	IS(RSYS(SYS_ioctl, fd, BLKGETSIZE64, NULL), -EFAULT, "BLKGETSIZE64 to NULL: EFAULT");
	IS(RSYS(SYS_ioctl, fd, BLKGETSIZE64, KADDR), -EFAULT,
	   "BLKGETSIZE64 to a kernel address: EFAULT");
	IS(RSYS(SYS_ioctl, fd, BAD_IOCTL, &ssz), -ENOTTY, "an unknown ioctl: ENOTTY");
}

/* lseek within [0, size] only. */
static void seeks(void)
{
	IS(RSYS(SYS_lseek, fd, 0, SEEK_END), SIZE, "SEEK_END 0 is the size");
	IS(RSYS(SYS_lseek, fd, -1, SEEK_END), SIZE - 1, "SEEK_END -1");
	IS(RSYS(SYS_lseek, fd, 1, SEEK_END), -EINVAL, "SEEK_END +1: EINVAL");
	IS(RSYS(SYS_lseek, fd, SIZE, SEEK_SET), SIZE, "SEEK_SET to the end");
	IS(RSYS(SYS_lseek, fd, SIZE + 1, SEEK_SET), -EINVAL, "SEEK_SET past the end: EINVAL");
	IS(RSYS(SYS_lseek, fd, -1, SEEK_SET), -EINVAL, "SEEK_SET -1: EINVAL");
	IS(RSYS(SYS_lseek, fd, 100, SEEK_SET), 100, "SEEK_SET 100");
	IS(RSYS(SYS_lseek, fd, 23, SEEK_CUR), 123, "SEEK_CUR +23");
	IS(RSYS(SYS_lseek, fd, -124, SEEK_CUR), -EINVAL, "SEEK_CUR before 0: EINVAL");
	IS(RSYS(SYS_lseek, fd, 0, SEEK_CUR), 123, "a failed lseek leaves the offset");
	IS(RSYS(SYS_lseek, fd, 0, 3), -EINVAL, "SEEK_DATA: EINVAL");
	IS(RSYS(SYS_lseek, fd, 0, 5), -EINVAL, "whence 5: EINVAL");
}

/* Data round trips: odd-aligned buffers, page-straddling offsets, vectors. */
static void data(void)
{
	struct iovec wv[3], rv[3];
	int bad = 0;

	fill_pat(src, 0, sizeof(src));
	IS(PW(fd, src + 1, 3 * PAGE, PAGE - 100), 3 * PAGE,
	   "pwrite64 3 pages from an odd buffer, straddling pages");
	memset(buf, 0, sizeof(buf));
	IS(PR(fd, buf + 3, 3 * PAGE, PAGE - 100), 3 * PAGE, "pread64 them back into an odd buffer");
	OK(!memcmp(buf + 3, src + 1, 3 * PAGE), "the bytes read are the bytes written");

	wv[0] = (struct iovec){ src + 5, 1 };
	wv[1] = (struct iovec){ src + 6, PAGE + 1 };
	wv[2] = (struct iovec){ src + 7 + PAGE, 33 };
	RSYS(SYS_lseek, fd, 12345, SEEK_SET);
	IS(RSYS(SYS_writev, fd, wv, 3), PAGE + 35, "writev of 1 + 4097 + 33 bytes at 12345");
	IS(RSYS(SYS_lseek, fd, 0, SEEK_CUR), 12345 + PAGE + 35, "writev moves the offset by that");
	memset(buf, 0, sizeof(buf));
	rv[0] = (struct iovec){ buf + 1, 7 };
	rv[1] = (struct iovec){ buf + 8, 4000 };
	rv[2] = (struct iovec){ buf + 4008, PAGE + 35 - 4007 };
	RSYS(SYS_lseek, fd, 12345, SEEK_SET);
	IS(RSYS(SYS_readv, fd, rv, 3), PAGE + 35, "readv of 7 + 4000 + 131 bytes back");
	OK(!memcmp(buf + 1, src + 5, PAGE + 35), "readv reads what writev wrote");
	IS(RSYS(SYS_lseek, fd, 0, SEEK_CUR), 12345 + PAGE + 35, "readv moves the offset by that");

	RSYS(SYS_lseek, fd, 7, SEEK_SET);
	wv[0] = (struct iovec){ src + 3, 999 };
	wv[1] = (struct iovec){ src + 1002, 2 };
	IS(RSYS(SYS_pwritev, fd, wv, 2, 2 * PAGE - 3, 0), 1001, "pwritev of 999 + 2 bytes");
	memset(buf, 0, sizeof(buf));
	rv[0] = (struct iovec){ buf + 2, 500 };
	rv[1] = (struct iovec){ buf + 502, 501 };
	IS(RSYS(SYS_preadv, fd, rv, 2, 2 * PAGE - 3, 0), 1001, "preadv of 500 + 501 bytes");
	OK(!memcmp(buf + 2, src + 3, 1001), "preadv reads what pwritev wrote");
	IS(RSYS(SYS_lseek, fd, 0, SEEK_CUR), 7, "pwritev and preadv leave the offset");

	/* every length 1-9 at every device offset 0-7 from every source offset 0-3 */
	if (!nodev) {
		for (unsigned len = 1; len <= 9; len++)
			for (unsigned off = 0; off < 8; off++)
				for (unsigned so = 0; so < 4; so++) {
					unsigned char b[16];
					fill_pat(src, len * 64 + off * 8 + so, 16);
					bad += PW(fd, src + so, len, 40000 + off) != (long)len;
					memset(b, 0, sizeof(b));
					bad += PR(fd, b + so, len, 40000 + off) != (long)len;
					bad += memcmp(b + so, src + so, len) != 0;
				}
	}
	IS(bad, 0, "every length 1-9, device offset 0-7, buffer offset 0-3 round-trips");
}

/* Offsets at and past the end. */
static void ends(void)
{
	IS(PR(fd, buf, 10, SIZE), 0, "pread64 at the end: 0");
	IS(PR(fd, buf, 10, SIZE + 100), 0, "pread64 past the end: 0");
	IS(PR(fd, buf, 10, SIZE - 4), 4, "pread64 across the end: the 4 bytes left");
	IS(PW(fd, src, 10, SIZE), -ENOSPC, "pwrite64 at the end: ENOSPC");
	IS(PW(fd, src, 10, SIZE + 100), -ENOSPC, "pwrite64 past the end: ENOSPC");
	IS(PW(fd, src, 10, SIZE - 4), 4, "pwrite64 across the end: the 4 bytes left");
	IS(PW(fd, src, 0, SIZE), 0, "pwrite64 of 0 bytes at the end: 0");
	IS(PW(fd, src, 0, SIZE + 5), 0, "pwrite64 of 0 bytes past the end: 0");
	RSYS(SYS_lseek, fd, SIZE - 3, SEEK_SET);
	IS(RSYS(SYS_write, fd, src, 10), 3, "write across the end: 3");
	IS(RSYS(SYS_lseek, fd, 0, SEEK_CUR), SIZE, "the offset is then the end");
	IS(RSYS(SYS_write, fd, src, 10), -ENOSPC, "write at the end: ENOSPC");
	IS(RSYS(SYS_read, fd, buf, 10), 0, "read at the end: 0");
	IS(RSYS(SYS_pread64, fd, buf, 10, 0xFFFFFFFF, 0xFFFFFFFF), -EINVAL,
	   "pread64 at offset -1: EINVAL");
	IS(RSYS(SYS_pwrite64, fd, src, 10, 0xFFFFFFFF, 0xFFFFFFFF), -EINVAL,
	   "pwrite64 at offset -1: EINVAL");
	IS(RSYS(SYS_pread64, fd, buf, 10, 0xFFFFFFFF, 0x7FFFFFFF), -EINVAL,
	   "pread64 whose end overflows: EINVAL");
}

/* Bad buffers: EFAULT when nothing moved, the partial count otherwise. */
static void faults(void)
{
	unsigned char *hole = nodev ? NULL : unmapped();
	unsigned char *edge = nodev ? NULL : edge_page();
	struct iovec v[2];

	IS(PR(fd, NULL, 10, 0), -EFAULT, "pread64 into NULL: EFAULT");
	IS(PW(fd, NULL, 10, 0), -EFAULT, "pwrite64 from NULL: EFAULT");
	IS(PR(fd, KADDR, 10, 0), -EFAULT, "pread64 into a kernel address: EFAULT");
	IS(PW(fd, KADDR, 10, 0), -EFAULT, "pwrite64 from a kernel address: EFAULT");
	IS(PR(fd, hole, 10, 0), -EFAULT, "pread64 into an unmapped page: EFAULT");

	if (!nodev) {
		fill_pat(src, 0, 200);
		PW(fd, src, 200, 5000);
	}
	IS(PW(fd, hole, 100, 5000), -EFAULT, "pwrite64 from an unmapped page: EFAULT");
	memset(buf, 0, 200);
	IS(PR(fd, buf, 200, 5000), 200, "read back after the failed pwrite64");
	OK(is_pat(buf, 0, 200), "a pwrite64 that moved nothing changed nothing");

	if (!nodev)
		memset(edge + PAGE - 96, 0xEE, 96);
	IS(PW(fd, edge + PAGE - 96, 200, 5001), 96,
	   "pwrite64 from a buffer that faults after 96 bytes: 96");
	memset(buf, 0, 200);
	PR(fd, buf, 200, 5000);
	OK(buf[0] == pat(0) && all_are(buf + 1, 0xEE, 96) && is_pat(buf + 97, 97, 103),
	   "exactly those 96 bytes were written");
	IS(PR(fd, edge + PAGE - 50, 200, 5000), 50,
	   "pread64 into a buffer that faults after 50 bytes: 50");
	OK(!nodev && edge[PAGE - 50] == pat(0) && all_are(edge + PAGE - 49, 0xEE, 49),
	   "those 50 bytes were read");
	IS(PW(fd, edge + 1, 8000, 3), PAGE - 1, "pwrite64 of 8000 from a page of 4095: 4095");

	RSYS(SYS_lseek, fd, 9000, SEEK_SET);
	v[0] = (struct iovec){ src, 1000 };
	v[1] = (struct iovec){ edge + PAGE - 10, 200 };
	IS(RSYS(SYS_writev, fd, v, 2), 1010, "writev whose second buffer faults: 1010");
	IS(RSYS(SYS_lseek, fd, 0, SEEK_CUR), 10010, "the offset moved by exactly 1010");
	RSYS(SYS_lseek, fd, 9000, SEEK_SET);
	IS(RSYS(SYS_readv, fd, v, 2), 1010, "readv whose second buffer faults: 1010");
	IS(RSYS(SYS_lseek, fd, 0, SEEK_CUR), 10010, "the offset moved by exactly 1010");
	v[0] = (struct iovec){ hole, 10 };
	IS(RSYS(SYS_preadv, fd, v, 2, 0, 0), -EFAULT, "preadv whose first buffer is unmapped: EFAULT");
	IS(RSYS(SYS_pwritev, fd, v, 2, 0, 0), -EFAULT,
	   "pwritev whose first buffer is unmapped: EFAULT");
	v[0] = (struct iovec){ (void *)KADDR, 10 };
	IS(RSYS(SYS_pwritev, fd, v, 1, 0, 0), -EFAULT, "pwritev from a kernel address: EFAULT");
}

/* Bad file descriptors and directions. */
static void bad_fds(void)
{
	long ro = nodev ? -1 : ropen(path, O_RDONLY, 0);
	long wo = nodev ? -1 : ropen(path, O_WRONLY, 0);
	struct iovec v = { buf, 10 };

	IS(PR(-1, buf, 10, 0), -EBADF, "pread64 on fd -1: EBADF");
	IS(PW(999, src, 10, 0), -EBADF, "pwrite64 on a closed fd: EBADF");
	IS(PW(ro, src, 10, 0), -EBADF, "pwrite64 on a read-only fd: EBADF");
	IS(RSYS(SYS_writev, ro, &v, 1), -EBADF, "writev on a read-only fd: EBADF");
	IS(PR(wo, buf, 10, 0), -EBADF, "pread64 on a write-only fd: EBADF");
	IS(RSYS(SYS_readv, wo, &v, 1), -EBADF, "readv on a write-only fd: EBADF");
	IS(PR(ro, buf, 10, 0), 10, "pread64 on the read-only fd works");
	IS(PW(wo, src, 10, 64000), 10, "pwrite64 on the write-only fd works");
	if (!nodev) {
		RSYS(SYS_close, ro);
		RSYS(SYS_close, wo);
	}
}

/* What a block device has and this character device has not. */
static void not_a_block_device(void)
{
	const char *why = nodev ? nodev : "Linux's pmem0 and a loop device are block devices";

	IS(RSYS(SYS_ftruncate, fd, 0), -EINVAL, "ftruncate: EINVAL");
	if (on_mica() && !nodev) {
		is(RSYS(SYS_fsync, fd), -EINVAL, "fsync: EINVAL, as any character device");
		is(RSYS(SYS_mmap2, 0, PAGE, PROT_READ, MAP_SHARED, fd, 0), -ENODEV,
		   "mmap: ENODEV (no DAX mapping)");
	} else {
		skip_why(why, "fsync: EINVAL, as any character device");
		skip_why(why, "mmap: ENODEV (no DAX mapping)");
	}
}

/* The data outlives the open file. */
static void reopen(void)
{
	int same = 0;

	if (!nodev) {
		fill_pat(src, 777, 3000);
		PW(fd, src, 3000, 200000);
		RSYS(SYS_close, fd);
		fd = ropen(path, O_RDWR, 0);
		memset(buf, 0, 3000);
		same = PR(fd, buf, 3000, 200000) == 3000 && !memcmp(buf, src, 3000);
	}
	OK(same, "the data is intact after close and reopen");
	IS(RSYS(SYS_lseek, fd, 0, SEEK_CUR), 0, "a new open starts at offset 0");
}

int main(void)
{
	plan(84);
	setup();
	seeks();
	data();
	ends();
	faults();
	bad_fds();
	not_a_block_device();
	reopen();
	if (holder >= 0)
		RSYS(SYS_close, holder);
	return done();
}
