/*
 * fs_fallocate: fallocate's modes on a regular file (allocate and extend,
 * FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE,
 * FALLOC_FL_ZERO_RANGE), its errors in Linux's order (EINVAL, EOPNOTSUPP for
 * modes and their combinations as Linux 6.17 on checks them,
 * EBADF, ESPIPE, ENODEV, EFBIG; ENOSPC with nothing kept on Mica), and
 * posix_fadvise's calls (fadvise64_64 and fadvise64): accepted advice,
 * EINVAL, ESPIPE, EBADF. Raw calls: the offsets and lengths go in
 * register pairs, the sixth argument in ebp.
 */
#include "tap.h"

#include <sys/stat.h>
#include <sys/syscall.h>

#define F "/tmp/fs_fallocate.f"
#define NR_FALLOCATE 324
#define NR_FADVISE64 250
#define NR_FADVISE64_64 272
#define KEEP 0x01
#define PUNCH 0x02
#define NO_HIDE_STALE 0x04
#define COLLAPSE 0x08
#define ZERO 0x10
#define INSERT 0x20
#define UNSHARE 0x40
#define WRITE_ZEROES 0x80
#define LO(x) ((long)((unsigned long long)(x) & 0xffffffff))
#define HI(x) ((long)((unsigned long long)(x) >> 32))

/* A raw system call with six arguments, the last in ebp. */
static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long args[2] = { nr, f }, ret;
	__asm__ volatile("push %%ebp\n\tmov 4(%%eax), %%ebp\n\tmov (%%eax), %%eax\n\t"
			 "int $0x80\n\tpop %%ebp"
			 : "=a"(ret)
			 : "a"(args), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return ret;
}

/* fallocate(fd, mode, off, len) through the i386 register pairs. */
static long falloc(int fd, int mode, long long off, long long len)
{
	return sys6(NR_FALLOCATE, fd, mode, LO(off), HI(off), LO(len), HI(len));
}

/* posix_fadvise's fadvise64_64(fd, off, len, advice). */
static long fadv(int fd, long long off, long long len, int advice)
{
	return sys6(NR_FADVISE64_64, fd, LO(off), HI(off), LO(len), HI(len), advice);
}

/* The file's size and 512-byte blocks. */
static long long size_of(int fd, long long *blocks)
{
	struct stat st;
	fstat(fd, &st);
	if (blocks)
		*blocks = st.st_blocks;
	return st.st_size;
}

/* Are the n bytes at off all zero? */
static int zeroes(int fd, long long off, int n)
{
	char buf[8192];
	if (n > (int)sizeof(buf) || pread(fd, buf, n, off) != n)
		return 0;
	for (int i = 0; i < n; i++)
		if (buf[i])
			return 0;
	return 1;
}

static void modes(int fd)
{
	long long blocks, before;
	char buf[8];

	is(falloc(fd, 0, 0, 10000), 0, "mode 0 over [0, 10000)");
	ok(size_of(fd, &blocks) == 10000 && blocks >= 24, "extends the size, with blocks");
	ok(zeroes(fd, 0, 8192) && zeroes(fd, 8192, 10000 - 8192), "and reads as zeroes");
	before = blocks;
	is(falloc(fd, KEEP, 10000, 8192), 0, "FALLOC_FL_KEEP_SIZE past the end");
	ok(size_of(fd, &blocks) == 10000 && blocks > before, "adds blocks, keeps the size");
	pwrite(fd, "abcdef", 6, 0);
	is(falloc(fd, 0, 0, 100), 0, "mode 0 over data");
	ok(pread(fd, buf, 6, 0) == 6 && !memcmp(buf, "abcdef", 6), "keeps the data");
	is(falloc(fd, PUNCH | KEEP, 1, 2), 0, "punch [1, 3)");
	ok(pread(fd, buf, 6, 0) == 6 && !memcmp(buf, "a\0\0def", 6), "zeroes just those bytes");
	pwrite(fd, "xyz", 3, 5000);
	size_of(fd, &before);
	is(falloc(fd, PUNCH | KEEP, 4096, 4096), 0, "punch the page [4096, 8192)");
	ok(zeroes(fd, 4096, 4096) && size_of(fd, &blocks) == 10000, "it reads zeroes, same size");
	ok(blocks < before, "and its blocks are freed");
	is(falloc(fd, PUNCH | KEEP, 9000, 1LL << 39), 0, "punch from 9000 to far past the end");
	ok(size_of(fd, NULL) == 10000 && zeroes(fd, 9000, 1000), "keeps the size");
	pwrite(fd, "123456", 6, 100);
	is(falloc(fd, ZERO, 101, 4), 0, "FALLOC_FL_ZERO_RANGE [101, 105)");
	ok(pread(fd, buf, 6, 100) == 6 && !memcmp(buf, "1\0\0\0\0006", 6), "zeroes them");
	is(falloc(fd, ZERO, 9500, 1000), 0, "FALLOC_FL_ZERO_RANGE past the end");
	ok(size_of(fd, NULL) == 10500, "extends the size");
	is(falloc(fd, ZERO | KEEP, 10500, 1000), 0, "with FALLOC_FL_KEEP_SIZE");
	ok(size_of(fd, NULL) == 10500, "keeps it");
	is(falloc(fd, KEEP, 1LL << 32, 1), 0, "the offset's high half counts (KEEP_SIZE at 4 GiB)");
	ok(size_of(fd, NULL) == 10500, "size unchanged");
	is(falloc(fd, 0, (1LL << 32) + 10, 1), 0, "mode 0 at 4 GiB + 10");
	ok(size_of(fd, NULL) == (1LL << 32) + 11, "the size is 4 GiB + 11");
	ftruncate(fd, 0);
}

static void errors(int fd)
{
	int ro = open(F, O_RDONLY), nul = open("/dev/null", O_RDWR), p[2];
	pipe(p);

	is_err(falloc(fd, 0, 0, 0), EINVAL, "len 0 is EINVAL");
	is_err(falloc(fd, 0, 0, -1), EINVAL, "len -1 is EINVAL");
	is_err(falloc(fd, 0, -1, 10), EINVAL, "offset -1 is EINVAL");
	is_err(falloc(fd, 0x100, 0, 10), EOPNOTSUPP, "an unknown mode bit is EOPNOTSUPP");
	is_err(falloc(fd, NO_HIDE_STALE, 0, 10), EOPNOTSUPP, "FALLOC_FL_NO_HIDE_STALE is EOPNOTSUPP");
	is_err(falloc(fd, PUNCH, 0, 10), EOPNOTSUPP, "PUNCH_HOLE without KEEP_SIZE is EOPNOTSUPP");
	is_err(falloc(fd, PUNCH | ZERO | KEEP, 0, 10), EOPNOTSUPP, "PUNCH_HOLE|ZERO_RANGE is EOPNOTSUPP");
	is_err(falloc(fd, COLLAPSE | KEEP, 0, 4096), EOPNOTSUPP,
	       "COLLAPSE_RANGE with KEEP_SIZE is EOPNOTSUPP");
	is_err(falloc(fd, INSERT | KEEP, 0, 4096), EOPNOTSUPP,
	       "INSERT_RANGE with KEEP_SIZE is EOPNOTSUPP");
	is_err(falloc(fd, WRITE_ZEROES | KEEP, 0, 4096), EOPNOTSUPP,
	       "WRITE_ZEROES with KEEP_SIZE is EOPNOTSUPP");
	is_err(falloc(fd, UNSHARE | PUNCH | KEEP, 0, 10), EOPNOTSUPP,
	       "two modes at once are EOPNOTSUPP");
	is_err(falloc(ro, 0, 0, 10), EBADF, "a read-only fd is EBADF");
	is_err(falloc(ro, 0x100, 0, 10), EOPNOTSUPP, "the mode is checked before the fd's mode");
	is_err(falloc(ro, 0, 0, 0), EINVAL, "and the length before that");
	is_err(falloc(200, 0, 0, 0), EBADF, "a closed fd is EBADF first");
	is_err(falloc(p[1], 0, 0, 10), ESPIPE, "a pipe's write end is ESPIPE");
	is_err(falloc(p[0], 0, 0, 10), EBADF, "its read end is EBADF");
	is_err(falloc(nul, 0, 0, 10), ENODEV, "/dev/null is ENODEV");
	is_err(falloc(fd, 0, 0x7fffffffffffff00LL, 0x1000), EFBIG, "an end that wraps is EFBIG");
	is_err(falloc(fd, 0, 1LL << 44, 4096), EFBIG, "an end past the largest file is EFBIG");
	ok(size_of(fd, NULL) == 0, "and the file is untouched");
	if (mica_only("an end past 1 TiB is EFBIG on Mica's ramfs"))
		is_err(falloc(fd, KEEP, 1LL << 40, 1), EFBIG, "an end past 1 TiB is EFBIG on Mica's ramfs");
	if (mica_only("more than memory holds is ENOSPC, with nothing kept")) {
		long before = mem_free();
		long long blocks;
		long r = falloc(fd, 0, 0, 1LL << 31);
		size_of(fd, &blocks);
		ok(r == -ENOSPC && blocks == 0 && size_of(fd, NULL) == 0 && mem_free() == before,
		   "more than memory holds is ENOSPC, with nothing kept");
	}
	close(ro);
	close(nul);
	close(p[0]);
	close(p[1]);
}

static void advice(int fd)
{
	int p[2], nul = open("/dev/null", O_RDONLY), d = open("/tmp", O_RDONLY | O_DIRECTORY);
	pipe(p);

	for (int a = 0; a <= 5; a++)
		is(fadv(fd, 0, 100, a), 0, "fadvise64_64 advice %d", a);
	is_err(fadv(fd, 0, 100, 6), EINVAL, "advice 6 is EINVAL");
	is_err(fadv(fd, 0, 100, -1), EINVAL, "advice -1 is EINVAL");
	is_err(fadv(fd, 0, -1, 0), EINVAL, "a negative length is EINVAL");
	is(fadv(fd, -5, 0, 0), 0, "a negative offset is fine");
	is(fadv(fd, 1LL << 40, 1LL << 40, 3), 0, "so is a range past the end");
	is_err(fadv(p[0], 0, 100, 99), ESPIPE, "a pipe is ESPIPE before the advice");
	is_err(fadv(200, 0, 100, 0), EBADF, "a closed fd is EBADF");
	is(fadv(nul, 0, 0, 4), 0, "/dev/null takes advice");
	is(fadv(d, 0, 0, 2), 0, "so does a directory");
	is(sys5(NR_FADVISE64, fd, 0, 0, 100, 4), 0, "fadvise64 (32-bit length)");
	is(sys5(NR_FADVISE64, fd, 0, 0, -1, 0), 0, "its length is unsigned");
	is_err(sys5(NR_FADVISE64, fd, 0, 0, 100, 77), EINVAL, "fadvise64 advice 77 is EINVAL");
	is_err(sys5(NR_FADVISE64, p[1], 0, 0, 100, 0), ESPIPE, "fadvise64 on a pipe is ESPIPE");
	close(p[0]);
	close(p[1]);
	close(nul);
	close(d);
}

int main(void)
{
	plan(66);
	int fd = open(F, O_CREAT | O_RDWR | O_TRUNC, 0644);
	modes(fd);
	errors(fd);
	advice(fd);
	close(fd);
	unlink(F);
	return done();
}
