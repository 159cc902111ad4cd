/*
 * iov_readv: readv(2) from a regular file, with good and bad iovecs.
 *
 * The file holds FSIZE bytes of pat(0...), so every byte read can be checked
 * against its file offset. Buffers start filled with 0xAA and are checked
 * again afterwards, so a kernel that writes one byte too many is caught.
 * The rules checked are Linux's: bad fd first, then iovcnt 0 returns 0,
 * then iovcnt range, the iovec array, negative lengths, access_ok; a fault
 * partway returns the bytes read so far; the offset advances by exactly
 * the bytes returned.
 */
#include "raw.h"

#define FSIZE 10000

static unsigned char buf[8192];
static unsigned char big[16384];	/* larger than the file */
static struct iovec iov[1100];

#define RV(fd, v, n) RSYS(SYS_readv, (fd), (v), (n))

/* Moves fd to off and refills buf with 0xAA. */
static void reset(long fd, long off)
{
	RSYS(SYS_lseek, fd, off, SEEK_SET);
	memset(buf, 0xAA, sizeof(buf));
}

/* Scattered segments of 1, 7, 0, 4096 and 3 bytes fill in order. */
static void scattered(long fd)
{
	static const unsigned len[5] = { 1, 7, 0, 4096, 3 };
	static const unsigned at[5] = { 0, 16, 40, 64, 4200 };
	unsigned off = 5;
	int good = 1;

	reset(fd, 5);
	for (int i = 0; i < 5; i++)
		iov[i] = (struct iovec){ buf + at[i], len[i] };
	is(RV(fd, iov, 5), 4107, "readv 1,7,0,4096,3 returns 4107");
	for (int i = 0; i < 5; i++) {
		good &= is_pat(buf + at[i], off, len[i]);
		good &= buf[at[i] + len[i]] == 0xAA;
		off += len[i];
	}
	ok(good, "each segment holds its bytes and nothing more");
	is(fpos(fd), 5 + 4107, "offset advanced by 4107");
}

/* Zero-length segments are skipped; their base is checked only by access_ok. */
static void zero_lengths(long fd)
{
	unsigned char *hole = unmapped();

	reset(fd, 100);
	struct iovec z[3] = { { buf, 0 }, { buf + 1, 0 }, { buf + 2, 0 } };
	is(RV(fd, z, 3), 0, "three zero-length segments return 0");
	is(fpos(fd), 100, "zero-length readv leaves the offset");

	struct iovec s[4] = { { buf, 10 }, { hole, 0 }, { NULL, 0 },
			      { buf + 10, 10 } };
	is(RV(fd, s, 4), 20, "unmapped and NULL bases with len 0 are skipped");
	ok(is_pat(buf, 100, 20) && buf[20] == 0xAA,
	   "segments around the skipped ones are contiguous");

	/* access_ok fails for a kernel address even with length 0. */
	const char *name = "kernel base with len 0 gives EFAULT";
	if (mica_only("%s", name)) {
		reset(fd, 100);
		struct iovec k[2] = { { buf, 10 }, { (void *)KERNEL_BASE, 0 } };
		is(RV(fd, k, 2), -EFAULT, "%s", name);
	}
	name = "a later kernel segment fails the call before anything moves";
	if (mica_only("%s", name)) {
		reset(fd, 100);
		struct iovec k[2] = { { buf, 10 }, { (void *)KERNEL_BASE, 4 } };
		ok(RV(fd, k, 2) == -EFAULT && fpos(fd) == 100 &&
			   buf[0] == 0xAA,
		   "%s", name);
	}
}

/* A read that meets EOF spreads over the segments; at EOF it returns 0. */
static void at_eof(long fd)
{
	reset(fd, FSIZE - 10);
	struct iovec v[4] = { { buf, 4 }, { buf + 8, 4 }, { buf + 16, 4 },
			      { buf + 24, 4 } };
	is(RV(fd, v, 4), 10, "short read at EOF returns 10");
	ok(is_pat(buf, FSIZE - 10, 4) && is_pat(buf + 8, FSIZE - 6, 4) &&
		   is_pat(buf + 16, FSIZE - 2, 2) && all_are(buf + 18, 0xAA, 14),
	   "short read fills 4+4+2 bytes, last segment untouched");
	is(fpos(fd), FSIZE, "offset is at EOF");
	is(RV(fd, v, 4), 0, "readv at EOF returns 0");
	reset(fd, FSIZE + 100);
	is(RV(fd, v, 4), 0, "readv past EOF returns 0");
	is(fpos(fd), FSIZE + 100, "readv past EOF leaves the offset");
}

/* iovcnt: 0 returns 0 before the array is read; -1 and 1025 are EINVAL. */
static void counts(long fd)
{
	reset(fd, 0);
	iov[0] = (struct iovec){ buf, 10 };
	is(RV(fd, iov, 0), 0, "iovcnt 0 returns 0");
	is(RV(fd, NULL, 0), 0, "iovcnt 0 with a NULL array returns 0");
	is(RV(fd, iov, -1), -EINVAL, "iovcnt -1 gives EINVAL");
	is(RV(fd, iov, 1025), -EINVAL, "iovcnt 1025 gives EINVAL");
	is(RV(fd, NULL, 1025), -EINVAL, "iovcnt 1025 with a NULL array gives EINVAL");
	ok(fpos(fd) == 0 && buf[0] == 0xAA, "rejected calls read nothing");

	/* Segment i gets file byte i; the segments walk buf out of order. */
	reset(fd, 3000);
	for (int i = 0; i < 1024; i++)
		iov[i] = (struct iovec){ buf + (i * 37) % 1024, 1 };
	is(RV(fd, iov, 1024), 1024, "1024 one-byte segments read 1024 bytes");
	int good = 1;
	for (int i = 0; i < 1024; i++)
		good &= buf[(i * 37) % 1024] == pat(3000 + i);
	ok(good, "1024 segments filled in segment order");
	is(fpos(fd), 3000 + 1024, "offset advanced by 1024");
}

/* An iovec array that cannot be read gives EFAULT and reads nothing. */
static void bad_array(long fd)
{
	unsigned char *edge = edge_page();
	struct iovec *tail = (struct iovec *)(edge + PAGE - sizeof(*tail));

	reset(fd, 0);
	iov[0] = (struct iovec){ buf, 10 };
	is(RV(fd, NULL, 1), -EFAULT, "NULL iovec array gives EFAULT");
	is(RV(fd, KERNEL_BASE, 1), -EFAULT, "kernel iovec array gives EFAULT");
	is(RV(fd, unmapped(), 1), -EFAULT, "unmapped iovec array gives EFAULT");
	*tail = (struct iovec){ buf, 10 };
	is(RV(fd, tail, 2), -EFAULT, "array running into an unmapped page gives EFAULT");
	struct iovec *tail10 = (struct iovec *)(edge + PAGE - 9 * sizeof(*tail));
	for (int i = 0; i < 9; i++)
		tail10[i] = (struct iovec){ buf + i, 1 };
	is(RV(fd, tail10, 10), -EFAULT, "10-entry array running into an unmapped page gives EFAULT");
	ok(fpos(fd) == 0 && buf[0] == 0xAA, "bad arrays read nothing");
}

/* A length negative as ssize_t is EINVAL, checked before any access_ok. */
static void bad_lengths(long fd)
{
	reset(fd, 0);
	struct iovec a[1] = { { buf, NEGLEN } };
	is(RV(fd, a, 1), -EINVAL, "iov_len 0x80000000 gives EINVAL");
	struct iovec b[1] = { { buf, 0xFFFFFFFFUL } };
	is(RV(fd, b, 1), -EINVAL, "iov_len 0xFFFFFFFF gives EINVAL");
	struct iovec c[3] = { { buf, 10 }, { buf + 16, 10 }, { buf, NEGLEN } };
	is(RV(fd, c, 3), -EINVAL, "negative length in segment 3 gives EINVAL");
	ok(fpos(fd) == 0 && buf[0] == 0xAA && buf[16] == 0xAA,
	   "negative length reads nothing");
	struct iovec d[2] = { { (void *)KERNEL_BASE, 1 }, { buf, NEGLEN } };
	is(RV(fd, d, 2), -EINVAL, "EINVAL wins over an earlier kernel base");
	struct iovec e[2] = { { NULL, 1 }, { buf, NEGLEN } };
	is(RV(fd, e, 2), -EINVAL, "EINVAL wins over an earlier NULL base");
}

/* Faults: EFAULT when nothing moved, else the bytes read before the fault. */
static void faults(long fd)
{
	unsigned char *hole = unmapped();

	reset(fd, 0);
	struct iovec a[1] = { { NULL, 10 } };
	is(RV(fd, a, 1), -EFAULT, "NULL base with len 10 gives EFAULT");
	is(fpos(fd), 0, "EFAULT leaves the offset");

	reset(fd, 50);
	struct iovec b[3] = { { buf, 100 }, { hole, 100 }, { buf + 200, 100 } };
	is(RV(fd, b, 3), 100, "fault in segment 2 returns segment 1's bytes");
	ok(is_pat(buf, 50, 100) && all_are(buf + 100, 0xAA, 200),
	   "segment 1 filled, segment 3 untouched");
	is(fpos(fd), 150, "offset advanced by exactly 100");

	unsigned char *edge = edge_page();
	reset(fd, 0);
	struct iovec c[1] = { { edge + PAGE - 100, 8192 } };
	is(RV(fd, c, 1), 100, "buffer running into an unmapped page returns 100");
	ok(is_pat(edge + PAGE - 100, 0, 100), "the 100 mapped bytes are right");
	is(fpos(fd), 100, "offset advanced by exactly 100 after straddle");

	unsigned char *ro = ro_page();
	reset(fd, 10);
	struct iovec d[1] = { { ro, 100 } };
	is(RV(fd, d, 1), -EFAULT, "read into a read-only page gives EFAULT");
	ok(fpos(fd) == 10 && is_pat(ro, 0, PAGE),
	   "read-only page unchanged, offset unchanged");
	struct iovec e[2] = { { buf, 100 }, { ro, 100 } };
	is(RV(fd, e, 2), 100, "good segment then read-only page returns 100");
	ok(is_pat(buf, 10, 100) && fpos(fd) == 110,
	   "bytes and offset after the read-only fault");

	reset(fd, 0);
	struct iovec f[1] = { { (void *)WRAPADDR, 0x2000 } };
	is(RV(fd, f, 1), -EFAULT, "base 0xFFFFF000 len 0x2000 gives EFAULT");
	struct iovec g[1] = { { (void *)KERNEL_BASE, 16 } };
	is(RV(fd, g, 1), -EFAULT, "kernel base with len 16 gives EFAULT");
	is(fpos(fd), 0, "wrap and kernel faults leave the offset");
}

/* Huge valid lengths are clamped, never an error; EOF bounds the read. */
static void huge(long fd)
{
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	memset(big, 0xAA, sizeof(big));
	struct iovec a[3] = { { big, 0x7fff0000 },
			      { big, 0x7fff0000 },
			      { big, 0x7fff0000 } };
	is(RV(fd, a, 3), FSIZE, "3 x 0x7fff0000 bytes returns the file size");
	ok(is_pat(big, 0, FSIZE) && big[FSIZE] == 0xAA,
	   "huge segments hold the file");
	is(fpos(fd), FSIZE, "offset is the file size after the huge read");

	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	struct iovec b[3] = { { big, 0x7fffffff },
			      { big, 0x7fffffff },
			      { big, 2 } };
	is(RV(fd, b, 3), FSIZE, "lengths summing to 2^32 return the file size");
}

/* Bad fds are EBADF before anything else; a directory is EISDIR. */
static void bad_fds(const char *path)
{
	long closed = ropen(path, O_RDONLY, 0);
	long wr = ropen(path, O_WRONLY, 0);
	long dir = ropen("/tmp", O_RDONLY | O_DIRECTORY, 0);
	struct iovec a[1] = { { buf, 10 } };

	RSYS(SYS_close, closed);
	is(RV(-1, a, 1), -EBADF, "readv on fd -1 gives EBADF");
	is(RV(closed, a, 1), -EBADF, "readv on a closed fd gives EBADF");
	is(RV(1000000, a, 1), -EBADF, "readv on fd 1000000 gives EBADF");
	is(RV(wr, a, 1), -EBADF, "readv on an O_WRONLY fd gives EBADF");
	is(RV(wr, a, 0), -EBADF, "EBADF wins over iovcnt 0");
	is(RV(-1, a, -1), -EBADF, "EBADF wins over iovcnt -1");
	is(RV(wr, NULL, 1), -EBADF, "EBADF wins over a NULL array");
	is(RV(dir, a, 1), -EISDIR, "readv on a directory gives EISDIR");
	struct iovec z[1] = { { buf, 0 } };
	is(RV(dir, z, 1), 0, "readv of 0 bytes on a directory returns 0");
	RSYS(SYS_close, wr);
	RSYS(SYS_close, dir);
}

int main(void)
{
	char path[64];
	long fd;

	plan(67);
	fd = mkpat(tmpname(path, "iov_readv"), FSIZE);
	if (!ok(fd >= 0 && fsize(fd) == FSIZE, "create the test file"))
		return done();
	scattered(fd);
	zero_lengths(fd);
	at_eof(fd);
	counts(fd);
	bad_array(fd);
	bad_lengths(fd);
	faults(fd);
	huge(fd);
	bad_fds(path);
	is(RSYS(SYS_close, fd), 0, "close the test file");
	is(RSYS(SYS_unlink, path), 0, "unlink the test file");
	return done();
}
