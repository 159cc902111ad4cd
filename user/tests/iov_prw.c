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
	expect("pread64 100 bytes at 200", PR(fd, buf, 100, 200, 0), 100);
	ok(is_pat(buf, 200, 100) && buf[100] == 0xAA, "pread64 bytes right");
	expect("pread64 leaves the offset", fpos(fd), PARK);

	fill_pat(src, 300, 50);
	for (int i = 0; i < 50; i++)
		src[i] ^= 0x5A;
	expect("pwrite64 50 bytes at 300", PW(fd, src, 50, 300, 0), 50);
	expect("pwrite64 leaves the offset", fpos(fd), PARK);
	PR(fd, buf, 60, 300, 0);
	ok(memcmp(buf, src, 50) == 0 && is_pat(buf + 50, 350, 10),
	   "pwrite64 bytes land at 300 and nowhere else");
	fill_pat(src, 300, 50);
	PW(fd, src, 50, 300, 0);

	reset();
	expect("pread64 at EOF returns 0", PR(fd, buf, 10, FSIZE, 0), 0);
	expect("pread64 past EOF returns 0", PR(fd, buf, 10, FSIZE + 100, 0),
	       0);
	expect("pread64 at 1<<32 returns 0", PR(fd, buf, 10, 0, 1), 0);
	expect("pread64 count 0 returns 0", PR(fd, buf, 0, 0, 0), 0);
	expect("pread64 NULL count 0 returns 0", PR(fd, NULL, 0, 0, 0), 0);
	expect("pread64 into NULL gives EFAULT", PR(fd, NULL, 10, 0, 0),
	       -EFAULT);
	expect("pread64 into NULL past EOF returns 0",
	       PR(fd, NULL, 10, FSIZE, 0), 0);
	ok(buf[0] == 0xAA && fpos(fd) == PARK, "EOF reads copy nothing");

	/* Writing past EOF extends the file; the gap reads as zeroes. */
	fill_pat(src, 0, 10);
	expect("pwrite64 at 5000 returns 10", PW(fd, src, 10, 5000, 0), 10);
	expect("file size is 5010", fsize(fd), 5010);
	ok(PR(fd, buf, 5010, 0, 0) == 5010 && is_pat(buf, 0, FSIZE) &&
		   all_are(buf + FSIZE, 0, 5000 - FSIZE) &&
		   is_pat(buf + 5000, 0, 10),
	   "gap before the pwrite64 reads as zeroes");
	expect("extending pwrite64 leaves the offset", fpos(fd), PARK);
}

/* Negative positions are EINVAL, before the fd is checked. */
static void negative(void)
{
	struct iovec v[1] = { { buf, 10 } };

	reset();
	expect("pread64 at -1 gives EINVAL", PR(fd, buf, 10, -1, -1), -EINVAL);
	expect("pread64 at -2^63 gives EINVAL", PR(fd, buf, 10, 0, 0x80000000),
	       -EINVAL);
	expect("pread64 count 0 at -1 gives EINVAL", PR(fd, buf, 0, -1, -1),
	       -EINVAL);
	expect("pwrite64 at -1 gives EINVAL", PW(fd, src, 10, -1, -1), -EINVAL);
	expect("preadv at -1 gives EINVAL", PRV(fd, v, 1, -1, -1), -EINVAL);
	expect("preadv iovcnt 0 at -1 gives EINVAL", PRV(fd, v, 0, -1, -1),
	       -EINVAL);
	expect("pwritev at -1 gives EINVAL", PWV(fd, v, 1, -1, -1), -EINVAL);
	expect("pread64 fd -1 at -1 gives EINVAL", PR(-1, buf, 10, -1, -1),
	       -EINVAL);
	expect("preadv fd -1 at -1 gives EINVAL", PRV(-1, v, 1, -1, -1),
	       -EINVAL);
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
	expect("pread64 on a pipe gives ESPIPE", PR(p[0], buf, 10, 0, 0),
	       -ESPIPE);
	expect("pread64 on a pipe's write end gives ESPIPE",
	       PR(p[1], buf, 10, 0, 0), -ESPIPE);
	expect("pwrite64 on a pipe gives ESPIPE", PW(p[1], src, 10, 0, 0),
	       -ESPIPE);
	expect("preadv on a pipe gives ESPIPE", PRV(p[0], v, 1, 0, 0), -ESPIPE);
	expect("pwritev on a pipe gives ESPIPE", PWV(p[1], v, 1, 0, 0),
	       -ESPIPE);
	expect("ESPIPE wins over iovcnt -1", PRV(p[0], v, -1, 0, 0), -ESPIPE);
	expect("ESPIPE wins over iovcnt 0", PRV(p[0], v, 0, 0, 0), -ESPIPE);
	expect("pread64 on a pipe at -1 gives EINVAL", PR(p[0], buf, 10, -1, -1),
	       -EINVAL);
	expect("the pipe data is still there", RSYS(SYS_read, p[0], buf, 10),
	       3);
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
	expect("pread64 on /dev/null returns 0", PR(null, buf, 10, 0, 0), 0);
	expect("pread64 on /dev/null at 1<<32 returns 0",
	       PR(null, buf, 10, 0, 1), 0);
	expect("pwrite64 on /dev/null returns the count",
	       PW(null, src, 10, 100, 0), 10);
	expect("pread64 on fd -1 gives EBADF", PR(-1, buf, 10, 0, 0), -EBADF);
	expect("pread64 on a closed fd gives EBADF", PR(closed, buf, 10, 0, 0),
	       -EBADF);
	expect("pread64 on an O_WRONLY fd gives EBADF", PR(wr, buf, 10, 0, 0),
	       -EBADF);
	expect("pwrite64 on an O_RDONLY fd gives EBADF", PW(rd, src, 10, 0, 0),
	       -EBADF);
	expect("preadv on an O_WRONLY fd gives EBADF", PRV(wr, v, 1, 0, 0),
	       -EBADF);
	expect("preadv iovcnt 0 on an O_WRONLY fd gives EBADF",
	       PRV(wr, v, 0, 0, 0), -EBADF);
	expect("pwritev on an O_RDONLY fd gives EBADF", PWV(rd, v, 1, 0, 0),
	       -EBADF);
	expect("pwritev on fd 1000000 gives EBADF", PWV(1000000, v, 1, 0, 0),
	       -EBADF);
	expect("pread64 on a directory gives EISDIR", PR(dir, buf, 10, 0, 0),
	       -EISDIR);
	expect("pread64 count 0 on a directory gives EISDIR",
	       PR(dir, buf, 0, 0, 0), -EISDIR);
	expect("preadv on a directory gives EISDIR", PRV(dir, v, 1, 0, 0),
	       -EISDIR);
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
	expect("preadv 1,7,0,50,3 at 100 returns 61", PRV(fd, v, 5, 100, 0),
	       61);
	for (int i = 0; i < 5; i++) {
		good &= is_pat(buf + at[i], off, len[i]);
		good &= buf[at[i] + len[i]] == 0xAA;
		off += len[i];
	}
	ok(good, "preadv segments hold their bytes and nothing more");
	expect("preadv leaves the offset", fpos(fd), PARK);

	for (int i = 0; i < 5; i++)
		v[i] = (struct iovec){ src + at[i], len[i] };
	memset(src, 0x33, 100);
	expect("pwritev 1,7,0,50,3 at 600 returns 61", PWV(fd, v, 5, 600, 0),
	       61);
	expect("pwritev leaves the offset", fpos(fd), PARK);
	PR(fd, buf, 63, 599, 0);
	ok(is_pat(buf, 599, 1) && all_are(buf + 1, 0x33, 61) &&
		   is_pat(buf + 62, 661, 1),
	   "pwritev bytes land at 600..660 only");
	fill_pat(buf, 600, 61);
	PW(fd, buf, 61, 600, 0);

	reset();
	expect("preadv at EOF returns 0", PRV(fd, v, 5, 5010, 0), 0);
	expect("preadv at 1<<32 returns 0", PRV(fd, v, 5, 0, 1), 0);
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
	expect("preadv iovcnt 0 returns 0", PRV(fd, good, 0, 0, 0), 0);
	expect("preadv iovcnt -1 gives EINVAL", PRV(fd, good, -1, 0, 0),
	       -EINVAL);
	expect("pwritev iovcnt 1025 gives EINVAL", PWV(fd, good, 1025, 0, 0),
	       -EINVAL);
	expect("preadv NULL array gives EFAULT", PRV(fd, NULL, 1, 0, 0),
	       -EFAULT);
	expect("pwritev NULL array gives EFAULT", PWV(fd, NULL, 1, 0, 0),
	       -EFAULT);
	expect("preadv negative length gives EINVAL", PRV(fd, neg, 2, 0, 0),
	       -EINVAL);
	expect("pwritev negative length gives EINVAL", PWV(fd, neg, 2, 0, 0),
	       -EINVAL);
	expect("preadv into NULL gives EFAULT", PRV(fd, nul, 1, 0, 0), -EFAULT);
	expect("pwritev from NULL gives EFAULT", PWV(fd, nul, 1, 0, 0),
	       -EFAULT);
	ok(buf[0] == 0xAA && fsize(fd) == 5010 && fpos(fd) == PARK,
	   "rejected vectors move nothing");

	expect("preadv fault in segment 2 returns 100", PRV(fd, mid, 3, 50, 0),
	       100);
	ok(is_pat(buf, 50, 100) && buf[200] == 0xAA, "preadv partial bytes");
	memset(buf, 0x44, 300);
	expect("pwritev fault in segment 2 returns 100",
	       PWV(fd, mid, 3, 4950, 0), 100);
	ok(fsize(fd) == 5050 && PR(fd, src, 100, 4950, 0) == 100 &&
		   all_are(src, 0x44, 100),
	   "pwritev wrote segment 1 only, file grew to 5050");
	expect("partial positioned calls leave the offset", fpos(fd), PARK);

	const char *name = "preadv with a kernel base of len 0 gives EFAULT";
	if (mica_only(name)) {
		struct iovec k[2] = { { buf, 10 }, { (void *)KADDR, 0 } };
		expect(name, PRV(fd, k, 2, 0, 0), -EFAULT);
	}
}

/* With O_APPEND, Linux's pwrite appends and ignores the position. */
static void append(void)
{
	long afd = ropen(path, O_RDWR | O_APPEND, 0);
	struct iovec v[2] = { { src, 4 }, { src + 4, 6 } };

	RSYS(SYS_lseek, afd, 5, SEEK_SET);
	memset(src, 0x77, 10);
	expect("pwrite64 at 0 with O_APPEND returns 3", PW(afd, src, 3, 0, 0),
	       3);
	expect("pwrite64 with O_APPEND appended", fsize(afd), 5053);
	ok(PR(afd, buf, 3, 5050, 0) == 3 && all_are(buf, 0x77, 3) &&
		   PR(afd, buf, 3, 0, 0) == 3 && is_pat(buf, 0, 3),
	   "O_APPEND bytes at the end, start untouched");
	expect("pwrite64 with O_APPEND leaves the offset", fpos(afd), 5);
	expect("pwritev at 0 with O_APPEND returns 10", PWV(afd, v, 2, 0, 0),
	       10);
	expect("pwritev with O_APPEND appended", fsize(afd), 5063);
	expect("pwritev with O_APPEND leaves the offset", fpos(afd), 5);
	RSYS(SYS_close, afd);
}

int main(void)
{
	plan(85);
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
	expect("close the test file", RSYS(SYS_close, fd), 0);
	expect("unlink the test file", RSYS(SYS_unlink, path), 0);
	return done();
}
