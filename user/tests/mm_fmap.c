/*
 * mm_fmap - mmap of regular files: MAP_SHARED shows the file's own pages
 * (a store is seen by read() at once, a write() is seen through the
 * mapping at once), MAP_PRIVATE copies a page on its first store and from
 * then on no longer follows the file, the partial last page reads zeroes
 * past the end, /dev/zero gives anonymous memory, and mmap2/old_mmap's
 * errors come in Linux's order.
 *
 * Works on /dev/shm/mm_fmap.<pid> (tmpfs on Linux, ramfs on Mica), removed
 * at the end. A file of 2 pages and 100 bytes of pat() is made first.
 */
#include "raw.h"

#include <signal.h>

#define FSIZE (2 * PAGE + 100)
#define RW (PROT_READ | PROT_WRITE)

static char path[64];

/* mmap2 through libc's syscall(): the address, or -errno. */
static long mm2(unsigned long addr, unsigned long len, long prot, long flags, long fd, long pgoff)
{
	long r = syscall(SYS_mmap2, addr, len, prot, flags, fd, pgoff);
	return r == -1 ? -errno : r;
}

/* True iff a raw mmap result is an address rather than -errno. */
static int mapped(long r)
{
	return r != 0 && (unsigned long)r < -4096UL;
}

/* pread of n bytes at off into buf: the count or -errno. */
static long rd(long fd, void *buf, long n, long long off)
{
	return RSYS(SYS_pread64, fd, buf, n, (long)off, (long)(off >> 32));
}

/* pwrite of n bytes at off from buf: the count or -errno. */
static long wr(long fd, const void *buf, long n, long long off)
{
	return RSYS(SYS_pwrite64, fd, buf, n, (long)off, (long)(off >> 32));
}

/* Opens the test file with flags; the fd or -errno. */
static long fopen_(long flags)
{
	return RSYS(SYS_open, path, flags, 0644);
}

/* Returns 1 iff [p, p+n) is all zero bytes. */
static int zeros(const void *p, unsigned long n)
{
	const unsigned char *c = p;
	for (unsigned long i = 0; i < n; i++)
		if (c[i])
			return 0;
	return 1;
}

/* The file's size by fstat64, or -errno. */
static long long file_size(long fd)
{
	struct kstat64 st;
	long r = RSYS(SYS_fstat64, fd, &st);
	return r < 0 ? r : st.st_size;
}

/* MAP_SHARED: the file's own pages, both ways, at once. */
static void shared(long fd)
{
	unsigned char buf[PAGE];
	long m = mm2(0, 3 * PAGE, RW, MAP_SHARED, fd, 0);

	if (!ok(mapped(m), "MAP_SHARED of 3 pages of a 2-page-and-100-byte file")) {
		for (int i = 0; i < 11; i++)
			ok(0, "shared check %d (needs the mapping)", i);
		return;
	}
	unsigned char *p = (unsigned char *)m;
	ok(is_pat(p, 0, FSIZE), "the mapping shows the file's bytes");
	ok(zeros(p + FSIZE, 3 * PAGE - FSIZE), "the partial last page reads zeroes past the end");
	p[10] = 0xEE;
	is(rd(fd, buf, 1, 10), 1, "pread after a store through the mapping");
	is(buf[0], 0xEE, "read() sees the store at once");
	unsigned char x = 0x77;
	is(wr(fd, &x, 1, PAGE + 5), 1, "pwrite into page 1");
	is(p[PAGE + 5], 0x77, "the mapping sees the write() at once");
	p[FSIZE + 10] = 0x55;
	is(file_size(fd), FSIZE, "a store past the end in the last page leaves the size");
	is(rd(fd, buf, 1, FSIZE + 10), 0, "and read() there is still end of file");

	long m2 = mm2(0, PAGE, RW, MAP_SHARED, fd, 1);
	ok(mapped(m2) && ((unsigned char *)m2)[5] == 0x77,
	   "a second mapping at pgoff 1 shows page 1 at its start");
	if (mapped(m2)) {
		((unsigned char *)m2)[6] = 0x66;
		RSYS(SYS_munmap, m2, PAGE);
	}
	is(p[PAGE + 6], 0x66, "a store through one shared mapping shows in the other");
	/* put the file back as it was for the next checks */
	p[10] = pat(10);
	p[PAGE + 5] = pat(PAGE + 5);
	p[PAGE + 6] = pat(PAGE + 6);
	p[FSIZE + 10] = 0;
	is(RSYS(SYS_munmap, m, 3 * PAGE), 0, "munmap of the shared mapping");
}

/* MAP_PRIVATE: follows the file until its first store, then a copy. */
static void private(long fd)
{
	unsigned char buf[4], x;
	long m = mm2(0, 3 * PAGE, RW, MAP_PRIVATE, fd, 0);

	if (!ok(mapped(m), "MAP_PRIVATE of the file")) {
		for (int i = 0; i < 9; i++)
			ok(0, "private check %d (needs the mapping)", i);
		return;
	}
	unsigned char *p = (unsigned char *)m;
	ok(is_pat(p, 0, FSIZE), "the private mapping shows the file's bytes");
	x = 0x31;
	wr(fd, &x, 1, 20);
	is(p[20], 0x31, "before any store it follows a write() to the file");
	p[30] = 0x99;
	is(rd(fd, buf, 1, 30), 1, "pread after a store to the private mapping");
	is(buf[0], pat(30), "the file does not see the private store");
	x = 0x42;
	wr(fd, &x, 1, 40);
	ok(p[40] == pat(40) && p[30] == 0x99 && p[20] == 0x31,
	   "the copied page no longer follows the file");
	x = 0x43;
	wr(fd, &x, 1, PAGE + 40);
	is(p[PAGE + 40], 0x43, "a page not stored to still follows the file");
	long s = mm2(0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	ok(mapped(s) && ((unsigned char *)s)[30] == pat(30) && ((unsigned char *)s)[40] == 0x42,
	   "a shared mapping shows the file, not the private copy");
	if (mapped(s))
		RSYS(SYS_munmap, s, PAGE);
	p[FSIZE + 1] = 7;
	is(file_size(fd), FSIZE, "a private store past the end leaves the size");
	is(RSYS(SYS_munmap, m, 3 * PAGE), 0, "munmap of the private mapping");
	wr(fd, "", 0, 0);
	x = pat(20);
	wr(fd, &x, 1, 20);
	x = pat(40);
	wr(fd, &x, 1, 40);
	x = pat(PAGE + 40);
	wr(fd, &x, 1, PAGE + 40);
}

/* The mapping holds the file: close and unlink do not end it. */
static void keeps_file(void)
{
	char p2[80];
	snprintf(p2, sizeof(p2), "%s.keep", path);
	long fd = RSYS(SYS_open, p2, O_RDWR | O_CREAT | O_TRUNC, 0644);
	unsigned char b[PAGE];
	for (unsigned i = 0; i < PAGE; i++)
		b[i] = pat(i + 7);
	wr(fd, b, PAGE, 0);
	long a = mm2(0, PAGE, RW, MAP_SHARED, fd, 0);
	long c = mm2(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	RSYS(SYS_close, fd);
	ok(mapped(a) && mapped(c) && is_pat((void *)a, 7, PAGE), "after close the mapping still shows the file");
	is(RSYS(SYS_unlink, p2), 0, "unlink the mapped file");
	if (!mapped(a) || !mapped(c)) {
		ok(0, "after unlink (needs the mappings)");
		return;
	}
	((unsigned char *)a)[1] = 0xAB;
	ok(is_pat((void *)a, 7, 1) && ((unsigned char *)c)[1] == 0xAB,
	   "after close and unlink the file lives on: a private mapping sees a shared store");
	RSYS(SYS_munmap, a, PAGE);
	RSYS(SYS_munmap, c, PAGE);
}

/* /dev/zero: private and shared anonymous memory. */
static void devzero(void)
{
	long z = RSYS(SYS_open, "/dev/zero", O_RDWR), zw = RSYS(SYS_open, "/dev/zero", O_WRONLY);
	long zr = RSYS(SYS_open, "/dev/zero", O_RDONLY);
	long m = mm2(0, 2 * PAGE, RW, MAP_PRIVATE, z, 0);
	ok(mapped(m) && zeros((void *)m, 2 * PAGE), "MAP_PRIVATE of /dev/zero reads zeroes");
	if (mapped(m)) {
		((char *)m)[5] = 1;
		RSYS(SYS_munmap, m, 2 * PAGE);
	}
	long s = mm2(0, PAGE, RW, MAP_SHARED, z, 0);
	int st = -1;
	if (mapped(s)) {
		pid_t pid = fork();
		if (pid == 0) {
			((volatile char *)s)[100] = 42;
			_exit(0);
		}
		waitpid(pid, &st, 0);
	}
	ok(mapped(s) && st == 0 && ((volatile char *)s)[100] == 42,
	   "MAP_SHARED of /dev/zero is shared with a forked child");
	if (mapped(s))
		RSYS(SYS_munmap, s, PAGE);
	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE, zw, 0), EACCES,
	       "/dev/zero open write-only, MAP_PRIVATE: EACCES");
	is_err(mm2(0, PAGE, RW, MAP_SHARED, zr, 0), EACCES,
	       "/dev/zero open read-only, MAP_SHARED with PROT_WRITE: EACCES");
	m = mm2(0, PAGE, RW, MAP_PRIVATE, zr, 0);
	ok(mapped(m), "/dev/zero open read-only, MAP_PRIVATE with PROT_WRITE: allowed");
	if (mapped(m))
		RSYS(SYS_munmap, m, PAGE);
	RSYS(SYS_close, z);
	RSYS(SYS_close, zw);
	RSYS(SYS_close, zr);
}

/* Linux's errors for a file mapping, in its order. */
static void errors(long fd)
{
	long ro = fopen_(O_RDONLY), wo = fopen_(O_WRONLY);
	long dir = RSYS(SYS_open, "/dev/shm", O_RDONLY | O_DIRECTORY);
	long null = RSYS(SYS_open, "/dev/null", O_RDWR), pfd[2] = {-1, -1};
	int fds[2];
	if (RSYS(SYS_pipe, fds) == 0) {
		pfd[0] = fds[0];
		pfd[1] = fds[1];
	}

	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE, 99, 0), EBADF, "fd 99: EBADF");
	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), EBADF, "fd -1 without MAP_ANONYMOUS: EBADF");
	is_err(mm2(0, 0, PROT_READ, MAP_PRIVATE, 99, 0), EBADF, "a bad fd comes before len 0");
	is_err(mm2(0, 0, PROT_READ, MAP_PRIVATE, fd, 0), EINVAL, "len 0: EINVAL");
	is_err(mm2(0, 0, PROT_READ, MAP_PRIVATE, wo, 0), EINVAL, "len 0 comes before EACCES");
	is_err(mm2(0, PAGE, PROT_READ, 0, fd, 0), EINVAL, "no MAP_SHARED or MAP_PRIVATE: EINVAL");
	is_err(mm2(0, PAGE, PROT_READ, 0, 99, 0), EBADF, "no map type and a bad fd: EBADF");
	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, fd, 0), EINVAL,
	       "MAP_GROWSDOWN of a file: EINVAL");
	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE, wo, 0), EACCES,
	       "MAP_PRIVATE of a write-only fd: EACCES");
	is_err(mm2(0, PAGE, PROT_WRITE, MAP_SHARED, wo, 0), EACCES,
	       "MAP_SHARED of a write-only fd: EACCES");
	is_err(mm2(0, PAGE, RW, MAP_SHARED, ro, 0), EACCES,
	       "MAP_SHARED with PROT_WRITE of a read-only fd: EACCES");
	long r = mm2(0, PAGE, PROT_READ, MAP_SHARED, ro, 0);
	ok(mapped(r) && is_pat((void *)r, 0, 100), "MAP_SHARED PROT_READ of a read-only fd works");
	if (mapped(r)) {
		is_err(RSYS(SYS_mprotect, r, PAGE, RW), EACCES,
		       "mprotect adding PROT_WRITE to it: EACCES");
		is(RSYS(SYS_mprotect, r, PAGE, PROT_NONE), 0, "mprotect to PROT_NONE is allowed");
		RSYS(SYS_munmap, r, PAGE);
	} else {
		ok(0, "mprotect (needs the mapping)");
		ok(0, "mprotect PROT_NONE (needs the mapping)");
	}
	r = mm2(0, PAGE, PROT_READ, MAP_PRIVATE, ro, 0);
	ok(mapped(r) && RSYS(SYS_mprotect, r, PAGE, RW) == 0,
	   "MAP_PRIVATE of a read-only fd may become writable");
	if (mapped(r)) {
		((char *)r)[0] = 1;
		RSYS(SYS_munmap, r, PAGE);
	}
	r = mm2(0, PAGE, RW, MAP_PRIVATE, ro, 0);
	ok(mapped(r), "MAP_PRIVATE with PROT_WRITE of a read-only fd works");
	if (mapped(r))
		RSYS(SYS_munmap, r, PAGE);
	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE, dir, 0), ENODEV, "a directory: ENODEV");
	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE, pfd[0], 0), ENODEV,
	       "a pipe's read end: ENODEV");
	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE, pfd[1], 0), EACCES,
	       "a pipe's write end: EACCES (not readable)");
	is_err(mm2(0, PAGE, PROT_READ, MAP_SHARED, null, 0), ENODEV, "/dev/null: ENODEV");
	long mi = RSYS(SYS_open, "/proc/meminfo", O_RDONLY);
	is_err(mm2(0, PAGE, PROT_READ, MAP_PRIVATE, mi, 0), EIO, "/proc/meminfo: EIO");
	RSYS(SYS_close, mi);
	is_err(mm2(0x10000001, PAGE, RW, MAP_SHARED | MAP_FIXED, ro, 0), EINVAL,
	       "MAP_FIXED unaligned comes before EACCES");
	is_err(mm2(0x10000001, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, dir, 0), EINVAL,
	       "MAP_FIXED unaligned comes before ENODEV");
	r = mm2(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	is_err(mm2(r, PAGE, RW, MAP_SHARED | MAP_FIXED_NOREPLACE, ro, 0), EEXIST,
	       "MAP_FIXED_NOREPLACE over a mapping comes before EACCES");
	is_err(mm2(r, PAGE, RW, MAP_SHARED | MAP_FIXED, ro, 0), EACCES,
	       "a refused MAP_FIXED (EACCES)...");
	ok(mapped(r) && is_pat((void *)r, 0, 100), "...leaves the old mapping in place");
	if (mapped(r))
		RSYS(SYS_munmap, r, PAGE);
	is_err(mm2(0, 0xfffff000UL, PROT_READ, MAP_PRIVATE, fd, 0), ENOMEM, "len 0xfffff000: ENOMEM");
	is_err(mm2(0, 0xffffffffUL, PROT_READ, MAP_PRIVATE, fd, 0), ENOMEM, "len 0xffffffff: ENOMEM");
	is_err(mm2(0, 0xfffff000UL, PROT_READ, MAP_PRIVATE, dir, 0), ENOMEM,
	       "a huge len comes before ENODEV");
	r = mm2(0, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0xffffffffUL);
	ok(mapped(r), "pgoff 0xffffffff: allowed (the pages are past the end)");
	if (mapped(r))
		RSYS(SYS_munmap, r, 2 * PAGE);
	r = mm2(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE, fd, 0);
	ok(mapped(r) && is_pat((void *)r, 0, 100), "MAP_SHARED_VALIDATE works as MAP_SHARED");
	if (mapped(r))
		RSYS(SYS_munmap, r, PAGE);
	is_err(mm2(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE | 0x80000, fd, 0), EOPNOTSUPP,
	       "MAP_SHARED_VALIDATE with MAP_SYNC: EOPNOTSUPP");

	/* old_mmap: one pointer to six words, the offset in bytes */
	unsigned long args[6] = {0, PAGE, PROT_READ, MAP_PRIVATE, (unsigned long)fd, PAGE};
	r = RSYS(SYS_mmap, args);
	ok(mapped(r) && is_pat((void *)r, PAGE, PAGE), "old_mmap at byte offset 4096 shows page 1");
	if (mapped(r))
		RSYS(SYS_munmap, r, PAGE);
	args[5] = 100;
	is_err(RSYS(SYS_mmap, args), EINVAL, "old_mmap at an unaligned offset: EINVAL");
	args[4] = 99;
	is_err(RSYS(SYS_mmap, args), EINVAL, "old_mmap: the offset comes before EBADF");
	is_err(RSYS(SYS_mmap, 0), EFAULT, "old_mmap of a NULL argument block: EFAULT");
	is_err(RSYS(SYS_mmap, KERNEL_BASE), EFAULT, "old_mmap of a kernel argument block: EFAULT");
	r = mm2(0, PAGE, PROT_READ, MAP_SHARED, fd, 1);
	ok(mapped(r) && is_pat((void *)r, PAGE, PAGE), "mmap2's offset is in 4096-byte pages");
	if (mapped(r))
		RSYS(SYS_munmap, r, PAGE);

	RSYS(SYS_close, ro);
	RSYS(SYS_close, wo);
	RSYS(SYS_close, dir);
	RSYS(SYS_close, null);
	RSYS(SYS_close, pfd[0]);
	RSYS(SYS_close, pfd[1]);
}

int main(void)
{
	static unsigned char data[FSIZE];

	plan(70);
	snprintf(path, sizeof(path), "/dev/shm/mm_fmap.%ld", RSYS(SYS_getpid));
	long fd = fopen_(O_RDWR | O_CREAT | O_TRUNC);
	for (unsigned i = 0; i < FSIZE; i++)
		data[i] = pat(i);
	is(wr(fd, data, FSIZE, 0), FSIZE, "make a file of 2 pages and 100 bytes");
	shared(fd);
	private(fd);
	keeps_file();
	devzero();
	errors(fd);
	RSYS(SYS_close, fd);
	is(RSYS(SYS_unlink, path), 0, "unlink the file");
	return done();
}
