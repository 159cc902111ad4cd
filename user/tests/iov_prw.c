/*
 * iov_prw: pread64, pwrite64, preadv and pwritev.
 *
 * On i386 the 64-bit position goes in two registers, low word first:
 * pread64(fd, buf, count, lo, hi) and preadv(fd, iov, cnt, lo, hi).
 * The positioned calls never move the file offset, so every group parks
 * the offset at a known place (PARK) and checks it is still there.
 * Linux's order of checks: a negative position is EINVAL before the fd is
 * even looked up, then EBADF, then ESPIPE for unseekable files, then the
 * usual read/write and iovec checks.
 */
#include "raw.h"

#define FSIZE 1000
#define PARK 7

static char path[64];
static long fd;
static unsigned char buf[8192];
static unsigned char src[8192];

#define PR(fd, b, n, lo, hi) RSYS(SYS_pread64, (fd), (b), (n), (lo), (hi))
#define PW(fd, b, n, lo, hi) RSYS(SYS_pwrite64, (fd), (b), (n), (lo), (hi))
#define PRV(fd, v, n, lo, hi) RSYS(SYS_preadv, (fd), (v), (n), (lo), (hi))
#define PWV(fd, v, n, lo, hi) RSYS(SYS_pwritev, (fd), (v), (n), (lo), (hi))

/* Refills buf with 0xAA and puts the offset back at PARK. */
static void reset(void)
{
	memset(buf, 0xAA, sizeof(buf));
	RSYS(SYS_lseek, fd, PARK, SEEK_SET);
}

/* pread64/pwrite64 at offsets inside, at and past EOF. */
static void basics(void)
{
	reset();
	is(PR(fd, buf, 100, 200, 0), 100, "pread64 100 bytes at 200");
	ok(is_pat(buf, 200, 100) && buf[100] == 0xAA, "pread64 bytes right");
	is(fpos(fd), PARK, "pread64 leaves the offset");

	fill_pat(src, 300, 50);
	for (int i = 0; i < 50; i++)
		src[i] ^= 0x5A;
	is(PW(fd, src, 50, 300, 0), 50, "pwrite64 50 bytes at 300");
	is(fpos(fd), PARK, "pwrite64 leaves the offset");
	PR(fd, buf, 60, 300, 0);
	ok(memcmp(buf, src, 50) == 0 && is_pat(buf + 50, 350, 10),
	   "pwrite64 bytes land at 300 and nowhere else");
	fill_pat(src, 300, 50);
	PW(fd, src, 50, 300, 0);

	reset();
	is(PR(fd, buf, 10, FSIZE, 0), 0, "pread64 at EOF returns 0");
	is(PR(fd, buf, 10, FSIZE + 100, 0), 0, "pread64 past EOF returns 0");
	is(PR(fd, buf, 10, 0, 1), 0, "pread64 at 1<<32 returns 0");
	is(PR(fd, buf, 0, 0, 0), 0, "pread64 count 0 returns 0");
	is(PR(fd, NULL, 0, 0, 0), 0, "pread64 NULL count 0 returns 0");
	is(PR(fd, NULL, 10, 0, 0), -EFAULT, "pread64 into NULL gives EFAULT");
	is(PR(fd, NULL, 10, FSIZE, 0), 0, "pread64 into NULL past EOF returns 0");
	ok(buf[0] == 0xAA && fpos(fd) == PARK, "EOF reads copy nothing");

	/* Writing past EOF extends the file; the gap reads as zeroes. */
	fill_pat(src, 0, 10);
	is(PW(fd, src, 10, 5000, 0), 10, "pwrite64 at 5000 returns 10");
	is(fsize(fd), 5010, "file size is 5010");
	ok(PR(fd, buf, 5010, 0, 0) == 5010 && is_pat(buf, 0, FSIZE) &&
		   all_are(buf + FSIZE, 0, 5000 - FSIZE) &&
		   is_pat(buf + 5000, 0, 10),
	   "gap before the pwrite64 reads as zeroes");
	is(fpos(fd), PARK, "extending pwrite64 leaves the offset");
}

/* Negative positions are EINVAL, before the fd is checked. */
static void negative(void)
{
	struct iovec v[1] = { { buf, 10 } };

	reset();
	is(PR(fd, buf, 10, -1, -1), -EINVAL, "pread64 at -1 gives EINVAL");
	is(PR(fd, buf, 10, 0, 0x80000000), -EINVAL, "pread64 at -2^63 gives EINVAL");
	is(PR(fd, buf, 0, -1, -1), -EINVAL, "pread64 count 0 at -1 gives EINVAL");
	is(PW(fd, src, 10, -1, -1), -EINVAL, "pwrite64 at -1 gives EINVAL");
	is(PRV(fd, v, 1, -1, -1), -EINVAL, "preadv at -1 gives EINVAL");
	is(PRV(fd, v, 0, -1, -1), -EINVAL, "preadv iovcnt 0 at -1 gives EINVAL");
	is(PWV(fd, v, 1, -1, -1), -EINVAL, "pwritev at -1 gives EINVAL");
	is(PR(-1, buf, 10, -1, -1), -EINVAL, "pread64 fd -1 at -1 gives EINVAL");
	is(PRV(-1, v, 1, -1, -1), -EINVAL, "preadv fd -1 at -1 gives EINVAL");
	is(PR(fd, buf, 10, 0xFFFFFFFF, 0x7FFFFFFF), -EINVAL,
	   "pread64 whose end passes 2^63-1 gives EINVAL");
	is(PW(fd, src, 10, 0xFFFFFFFF, 0x7FFFFFFF), -EINVAL,
	   "pwrite64 whose end passes 2^63-1 gives EINVAL");
	is(PRV(fd, v, 1, 0xFFFFFFFF, 0x7FFFFFFF), -EINVAL,
	   "preadv whose end passes 2^63-1 gives EINVAL");
	is(PR(fd, buf, 0, 0xFFFFFFFF, 0x7FFFFFFF), 0, "pread64 count 0 at 2^63-1 is 0");
	int z = RSYS(SYS_open, "/dev/zero", O_RDONLY, 0);
	is(PR(z, buf, 10, 0xFFFFFFFF, 0x7FFFFFFF), -EINVAL,
	   "pread64 of /dev/zero whose end passes 2^63-1 gives EINVAL");
	RSYS(SYS_close, z);
	ok(fsize(fd) == 5010 && fpos(fd) == PARK && buf[0] == 0xAA,
	   "negative positions move nothing");
}

/* Pipes cannot seek: ESPIPE, after the position and fd checks. */
static void pipes(void)
{
	int p[2];
	struct iovec v[1] = { { buf, 10 } };

	RSYS(SYS_pipe, p);
	write_all(p[1], "abc", 3);
	is(PR(p[0], buf, 10, 0, 0), -ESPIPE, "pread64 on a pipe gives ESPIPE");
	is(PR(p[1], buf, 10, 0, 0), -ESPIPE, "pread64 on a pipe's write end gives ESPIPE");
	is(PW(p[1], src, 10, 0, 0), -ESPIPE, "pwrite64 on a pipe gives ESPIPE");
	is(PRV(p[0], v, 1, 0, 0), -ESPIPE, "preadv on a pipe gives ESPIPE");
	is(PWV(p[1], v, 1, 0, 0), -ESPIPE, "pwritev on a pipe gives ESPIPE");
	is(PRV(p[0], v, -1, 0, 0), -ESPIPE, "ESPIPE wins over iovcnt -1");
	is(PRV(p[0], v, 0, 0, 0), -ESPIPE, "ESPIPE wins over iovcnt 0");
	is(PR(p[0], buf, 10, -1, -1), -EINVAL, "pread64 on a pipe at -1 gives EINVAL");
	is(RSYS(SYS_read, p[0], buf, 10), 3, "the pipe data is still there");
	RSYS(SYS_close, p[0]);
	RSYS(SYS_close, p[1]);
}

/* /dev/null, bad fds and directories. */
static void others(void)
{
	long null = ropen("/dev/null", O_RDWR, 0);
	long closed = ropen(path, O_RDONLY, 0);
	long rd = ropen(path, O_RDONLY, 0);
	long wr = ropen(path, O_WRONLY, 0);
	long dir = ropen("/tmp", O_RDONLY | O_DIRECTORY, 0);
	struct iovec v[1] = { { buf, 10 } };

	RSYS(SYS_close, closed);
	is(PR(null, buf, 10, 0, 0), 0, "pread64 on /dev/null returns 0");
	is(PR(null, buf, 10, 0, 1), 0, "pread64 on /dev/null at 1<<32 returns 0");
	is(PW(null, src, 10, 100, 0), 10, "pwrite64 on /dev/null returns the count");
	is(PR(-1, buf, 10, 0, 0), -EBADF, "pread64 on fd -1 gives EBADF");
	is(PR(closed, buf, 10, 0, 0), -EBADF, "pread64 on a closed fd gives EBADF");
	is(PR(wr, buf, 10, 0, 0), -EBADF, "pread64 on an O_WRONLY fd gives EBADF");
	is(PW(rd, src, 10, 0, 0), -EBADF, "pwrite64 on an O_RDONLY fd gives EBADF");
	is(PRV(wr, v, 1, 0, 0), -EBADF, "preadv on an O_WRONLY fd gives EBADF");
	is(PRV(wr, v, 0, 0, 0), -EBADF, "preadv iovcnt 0 on an O_WRONLY fd gives EBADF");
	is(PWV(rd, v, 1, 0, 0), -EBADF, "pwritev on an O_RDONLY fd gives EBADF");
	is(PWV(1000000, v, 1, 0, 0), -EBADF, "pwritev on fd 1000000 gives EBADF");
	is(PR(dir, buf, 10, 0, 0), -EISDIR, "pread64 on a directory gives EISDIR");
	is(PR(dir, buf, 0, 0, 0), -EISDIR, "pread64 count 0 on a directory gives EISDIR");
	is(PRV(dir, v, 1, 0, 0), -EISDIR, "preadv on a directory gives EISDIR");
	RSYS(SYS_close, null);
	RSYS(SYS_close, rd);
	RSYS(SYS_close, wr);
	RSYS(SYS_close, dir);
}

/* preadv/pwritev: scattered segments, the offset stays put. */
static void vectors(void)
{
	static const unsigned len[5] = { 1, 7, 0, 50, 3 };
	static const unsigned at[5] = { 0, 8, 20, 24, 80 };
	struct iovec v[5];
	unsigned off = 100;
	int good = 1;

	reset();
	for (int i = 0; i < 5; i++)
		v[i] = (struct iovec){ buf + at[i], len[i] };
	is(PRV(fd, v, 5, 100, 0), 61, "preadv 1,7,0,50,3 at 100 returns 61");
	for (int i = 0; i < 5; i++) {
		good &= is_pat(buf + at[i], off, len[i]);
		good &= buf[at[i] + len[i]] == 0xAA;
		off += len[i];
	}
	ok(good, "preadv segments hold their bytes and nothing more");
	is(fpos(fd), PARK, "preadv leaves the offset");

	for (int i = 0; i < 5; i++)
		v[i] = (struct iovec){ src + at[i], len[i] };
	memset(src, 0x33, 100);
	is(PWV(fd, v, 5, 600, 0), 61, "pwritev 1,7,0,50,3 at 600 returns 61");
	is(fpos(fd), PARK, "pwritev leaves the offset");
	PR(fd, buf, 63, 599, 0);
	ok(is_pat(buf, 599, 1) && all_are(buf + 1, 0x33, 61) &&
		   is_pat(buf + 62, 661, 1),
	   "pwritev bytes land at 600..660 only");
	fill_pat(buf, 600, 61);
	PW(fd, buf, 61, 600, 0);

	reset();
	is(PRV(fd, v, 5, 5010, 0), 0, "preadv at EOF returns 0");
	is(PRV(fd, v, 5, 0, 1), 0, "preadv at 1<<32 returns 0");
}

/* preadv/pwritev take the same bad iovecs as readv/writev. */
static void bad_vectors(void)
{
	unsigned char *hole = unmapped();
	struct iovec good[1] = { { buf, 10 } };
	struct iovec neg[2] = { { buf, 10 }, { buf, NEGLEN } };
	struct iovec nul[1] = { { NULL, 10 } };
	struct iovec mid[3] = { { buf, 100 }, { hole, 100 }, { buf + 200, 100 } };

	reset();
	is(PRV(fd, good, 0, 0, 0), 0, "preadv iovcnt 0 returns 0");
	is(PRV(fd, good, -1, 0, 0), -EINVAL, "preadv iovcnt -1 gives EINVAL");
	is(PWV(fd, good, 1025, 0, 0), -EINVAL, "pwritev iovcnt 1025 gives EINVAL");
	is(PRV(fd, NULL, 1, 0, 0), -EFAULT, "preadv NULL array gives EFAULT");
	is(PWV(fd, NULL, 1, 0, 0), -EFAULT, "pwritev NULL array gives EFAULT");
	is(PRV(fd, neg, 2, 0, 0), -EINVAL, "preadv negative length gives EINVAL");
	is(PWV(fd, neg, 2, 0, 0), -EINVAL, "pwritev negative length gives EINVAL");
	is(PRV(fd, nul, 1, 0, 0), -EFAULT, "preadv into NULL gives EFAULT");
	is(PWV(fd, nul, 1, 0, 0), -EFAULT, "pwritev from NULL gives EFAULT");
	ok(buf[0] == 0xAA && fsize(fd) == 5010 && fpos(fd) == PARK,
	   "rejected vectors move nothing");

	is(PRV(fd, mid, 3, 50, 0), 100, "preadv fault in segment 2 returns 100");
	ok(is_pat(buf, 50, 100) && buf[200] == 0xAA, "preadv partial bytes");
	memset(buf, 0x44, 300);
	is(PWV(fd, mid, 3, 4950, 0), 100, "pwritev fault in segment 2 returns 100");
	ok(fsize(fd) == 5050 && PR(fd, src, 100, 4950, 0) == 100 &&
		   all_are(src, 0x44, 100),
	   "pwritev wrote segment 1 only, file grew to 5050");
	is(fpos(fd), PARK, "partial positioned calls leave the offset");

	const char *name = "preadv with a kernel base of len 0 gives EFAULT";
	if (mica_only("%s", name)) {
		struct iovec k[2] = { { buf, 10 }, { (void *)KERNEL_BASE, 0 } };
		is(PRV(fd, k, 2, 0, 0), -EFAULT, "%s", name);
	}
}

/* With O_APPEND, Linux's pwrite appends and ignores the position. */
static void append(void)
{
	long afd = ropen(path, O_RDWR | O_APPEND, 0);
	struct iovec v[2] = { { src, 4 }, { src + 4, 6 } };

	RSYS(SYS_lseek, afd, 5, SEEK_SET);
	memset(src, 0x77, 10);
	is(PW(afd, src, 3, 0, 0), 3, "pwrite64 at 0 with O_APPEND returns 3");
	is(fsize(afd), 5053, "pwrite64 with O_APPEND appended");
	ok(PR(afd, buf, 3, 5050, 0) == 3 && all_are(buf, 0x77, 3) &&
		   PR(afd, buf, 3, 0, 0) == 3 && is_pat(buf, 0, 3),
	   "O_APPEND bytes at the end, start untouched");
	is(fpos(afd), 5, "pwrite64 with O_APPEND leaves the offset");
	is(PWV(afd, v, 2, 0, 0), 10, "pwritev at 0 with O_APPEND returns 10");
	is(fsize(afd), 5063, "pwritev with O_APPEND appended");
	is(fpos(afd), 5, "pwritev with O_APPEND leaves the offset");
	RSYS(SYS_close, afd);
}

int main(void)
{
	plan(90);
	fd = mkpat(tmpname(path, "iov_prw"), FSIZE);
	if (!ok(fd >= 0 && fsize(fd) == FSIZE, "create the test file"))
		return done();
	basics();
	negative();
	pipes();
	others();
	vectors();
	bad_vectors();
	append();
	is(RSYS(SYS_close, fd), 0, "close the test file");
	is(RSYS(SYS_unlink, path), 0, "unlink the test file");
	return done();
}
