/*
 * iov_writev: writev(2) to files, /dev/null and pipes, good and bad iovecs.
 *
 * Every group starts from an empty file (reopened with O_TRUNC). Segments
 * carry pat() bytes placed so that a correct write leaves pat(0...) in the
 * file; the file is then read back through a second fd and its size taken
 * with fstat64. The rules checked are Linux's: bad fd first, then iovcnt 0
 * returns 0, then iovcnt range, the iovec array, negative lengths,
 * access_ok; a fault partway returns the bytes written so far and nothing
 * after the bad segment reaches the file.
 */
#include "raw.h"

static char path[64];
static long fd = -1;
static unsigned char src[8192];
static unsigned char back[16384];
static struct iovec iov[1100];

#define WV(fd, v, n) RSYS(SYS_writev, (fd), (v), (n))

/* Reopens the test file empty, O_RDWR; returns the fd. */
static long fresh(void)
{
	if (fd >= 0)
		RSYS(SYS_close, fd);
	fd = ropen(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	return fd;
}

/* Reads the whole file through its own fd into back; returns its length. */
static long contents(void)
{
	long rfd = ropen(path, O_RDONLY, 0);
	long n = read_full(rfd, back, sizeof(back));

	RSYS(SYS_close, rfd);
	return n;
}

/* Returns 1 iff the file holds exactly pat(0..n). */
static int file_is_pat(unsigned n)
{
	return fsize(fd) == (long)n && contents() == (long)n &&
	       is_pat(back, 0, n);
}

/* Scattered segments of 1, 7, 0, 4096 and 3 bytes land in order. */
static void scattered(void)
{
	static const unsigned len[5] = { 1, 7, 0, 4096, 3 };
	static const unsigned at[5] = { 4200, 16, 40, 64, 0 };
	unsigned off = 0;

	fresh();
	for (int i = 0; i < 5; i++) {
		fill_pat(src + at[i], off, len[i]);
		iov[i] = (struct iovec){ src + at[i], len[i] };
		off += len[i];
	}
	is(WV(fd, iov, 5), 4107, "writev 1,7,0,4096,3 returns 4107");
	ok(file_is_pat(4107), "file holds the segments in order, size 4107");
	is(fpos(fd), 4107, "offset advanced by 4107");
}

/* Zero-length segments are skipped; their base is checked only by access_ok. */
static void zero_lengths(void)
{
	unsigned char *hole = unmapped();

	fresh();
	fill_pat(src, 0, 20);
	struct iovec z[3] = { { src, 0 }, { src + 1, 0 }, { src + 2, 0 } };
	is(WV(fd, z, 3), 0, "three zero-length segments return 0");
	is(fsize(fd), 0, "zero-length writev leaves the file empty");
	struct iovec s[4] = { { src, 10 }, { hole, 0 }, { NULL, 0 },
			      { src + 10, 10 } };
	is(WV(fd, s, 4), 20, "unmapped and NULL bases with len 0 are skipped");
	ok(file_is_pat(20), "segments around the skipped ones are contiguous");

	const char *name = "kernel base with len 0 gives EFAULT";
	if (mica_only("%s", name)) {
		struct iovec k[2] = { { src, 10 }, { (void *)KERNEL_BASE, 0 } };
		ok(WV(fd, k, 2) == -EFAULT && fsize(fd) == 20, "%s", name);
	}
	name = "a later kernel segment fails the call before anything moves";
	if (mica_only("%s", name)) {
		struct iovec k[2] = { { src, 10 }, { (void *)KERNEL_BASE, 4 } };
		ok(WV(fd, k, 2) == -EFAULT && fsize(fd) == 20 &&
			   fpos(fd) == 20,
		   "%s", name);
	}
}

/* iovcnt: 0 returns 0 before the array is read; -1 and 1025 are EINVAL. */
static void counts(void)
{
	fresh();
	iov[0] = (struct iovec){ src, 10 };
	is(WV(fd, iov, 0), 0, "iovcnt 0 returns 0");
	is(WV(fd, NULL, 0), 0, "iovcnt 0 with a NULL array returns 0");
	is(WV(fd, iov, -1), -EINVAL, "iovcnt -1 gives EINVAL");
	is(WV(fd, iov, 1025), -EINVAL, "iovcnt 1025 gives EINVAL");
	is(WV(fd, NULL, 1025), -EINVAL, "iovcnt 1025 with a NULL array gives EINVAL");
	is(fsize(fd), 0, "rejected calls write nothing");

	/* Segment i carries file byte i; the segments walk src out of order. */
	for (int i = 0; i < 1024; i++) {
		src[(i * 37) % 1024] = pat(i);
		iov[i] = (struct iovec){ src + (i * 37) % 1024, 1 };
	}
	is(WV(fd, iov, 1024), 1024, "1024 one-byte segments write 1024 bytes");
	ok(file_is_pat(1024), "1024 segments written in segment order");
}

/* An iovec array that cannot be read gives EFAULT and writes nothing. */
static void bad_array(void)
{
	unsigned char *edge = edge_page();
	struct iovec *tail = (struct iovec *)(edge + PAGE - sizeof(*tail));

	fresh();
	is(WV(fd, NULL, 1), -EFAULT, "NULL iovec array gives EFAULT");
	is(WV(fd, KERNEL_BASE, 1), -EFAULT, "kernel iovec array gives EFAULT");
	is(WV(fd, unmapped(), 1), -EFAULT, "unmapped iovec array gives EFAULT");
	*tail = (struct iovec){ src, 10 };
	is(WV(fd, tail, 2), -EFAULT, "array running into an unmapped page gives EFAULT");
	ok(fsize(fd) == 0 && fpos(fd) == 0, "bad arrays write nothing");
}

/* A length negative as ssize_t is EINVAL, checked before any access_ok. */
static void bad_lengths(void)
{
	fresh();
	struct iovec a[1] = { { src, NEGLEN } };
	is(WV(fd, a, 1), -EINVAL, "iov_len 0x80000000 gives EINVAL");
	struct iovec c[3] = { { src, 10 }, { src, 10 }, { src, 0xFFFFFFFFUL } };
	is(WV(fd, c, 3), -EINVAL, "negative length in segment 3 gives EINVAL");
	struct iovec d[2] = { { (void *)KERNEL_BASE, 1 }, { src, NEGLEN } };
	is(WV(fd, d, 2), -EINVAL, "EINVAL wins over an earlier kernel base");
	is(fsize(fd), 0, "negative lengths write nothing");
}

/* Faults: EFAULT when nothing moved, else the bytes written before it. */
static void faults(void)
{
	unsigned char *hole = unmapped();

	fresh();
	struct iovec a[1] = { { NULL, 10 } };
	is(WV(fd, a, 1), -EFAULT, "NULL base with len 10 gives EFAULT");
	ok(fsize(fd) == 0 && fpos(fd) == 0, "failed write: no growth, offset 0");
	RSYS(SYS_lseek, fd, 1000, SEEK_SET);
	is(WV(fd, a, 1), -EFAULT, "failed write past EOF gives EFAULT");
	is(fpos(fd), 1000, "failed write past EOF leaves the offset");

	fresh();
	fill_pat(src, 0, 100);
	fill_pat(src + 200, 100, 100);
	struct iovec b[3] = { { src, 100 }, { hole, 100 }, { src + 200, 100 } };
	is(WV(fd, b, 3), 100, "fault in segment 2 returns segment 1's length");
	ok(file_is_pat(100), "file holds segment 1 and nothing after");
	is(fpos(fd), 100, "offset advanced by exactly 100");

	unsigned char *edge = edge_page();
	fresh();
	fill_pat(edge + PAGE - 100, 0, 100);
	struct iovec c[1] = { { edge + PAGE - 100, 8192 } };
	is(WV(fd, c, 1), 100, "buffer running into an unmapped page returns 100");
	ok(file_is_pat(100), "the 100 mapped bytes were written");

	unsigned char *ro = ro_page();
	fresh();
	struct iovec d[1] = { { ro, PAGE } };
	is(WV(fd, d, 1), PAGE, "write from a read-only page succeeds");
	ok(file_is_pat(PAGE), "read-only page contents written");
	unsigned char *none = pages(1);
	RSYS(SYS_mprotect, none, PAGE, PROT_NONE);
	struct iovec e[1] = { { none, 10 } };
	is(WV(fd, e, 1), -EFAULT, "write from a PROT_NONE page gives EFAULT");

	fresh();
	struct iovec f[1] = { { (void *)WRAPADDR, 0x2000 } };
	is(WV(fd, f, 1), -EFAULT, "base 0xFFFFF000 len 0x2000 gives EFAULT");
	struct iovec g[1] = { { (void *)KERNEL_BASE, 16 } };
	is(WV(fd, g, 1), -EFAULT, "kernel base with len 16 gives EFAULT");
	is(fsize(fd), 0, "wrap and kernel faults write nothing");
}

/* /dev/null takes everything: huge valid totals clamp to MAX_RW_COUNT. */
static void devnull(void)
{
	long null = ropen("/dev/null", O_WRONLY, 0);
	struct iovec a[3] = { { src, 1 }, { src, 7 }, { src, 4096 } };
	struct iovec b[3] = { { back, 0x7fff0000 },
			      { back, 0x7fff0000 },
			      { back, 0x7fff0000 } };
	struct iovec c[1] = { { back, 0x7fffffff } };

	is(WV(null, a, 3), 4104, "writev to /dev/null returns the total");
	is(WV(null, b, 3), MAX_RW_COUNT, "3 x 0x7fff0000 to /dev/null returns MAX_RW_COUNT");
	is(WV(null, c, 1), MAX_RW_COUNT, "0x7fffffff to /dev/null returns MAX_RW_COUNT");
	RSYS(SYS_close, null);
}

/* Bad fds are EBADF before anything else. */
static void bad_fds(void)
{
	long closed = ropen(path, O_RDONLY, 0);
	long rd = ropen(path, O_RDONLY, 0);
	long dir = ropen("/tmp", O_RDONLY | O_DIRECTORY, 0);
	struct iovec a[1] = { { src, 10 } };

	RSYS(SYS_close, closed);
	fresh();
	is(WV(-1, a, 1), -EBADF, "writev on fd -1 gives EBADF");
	is(WV(closed, a, 1), -EBADF, "writev on a closed fd gives EBADF");
	is(WV(1000000, a, 1), -EBADF, "writev on fd 1000000 gives EBADF");
	is(WV(rd, a, 1), -EBADF, "writev on an O_RDONLY fd gives EBADF");
	is(WV(rd, a, 0), -EBADF, "EBADF wins over iovcnt 0");
	is(WV(rd, a, 1025), -EBADF, "EBADF wins over iovcnt 1025");
	is(WV(dir, a, 1), -EBADF, "writev on a directory fd gives EBADF");
	is(fsize(fd), 0, "EBADF calls write nothing");
	RSYS(SYS_close, rd);
	RSYS(SYS_close, dir);
}

/* O_APPEND writes go to the end whatever the offset. */
static void append(void)
{
	fresh();
	fill_pat(src, 0, 150);
	write_all(fd, src, 100);
	long afd = ropen(path, O_WRONLY | O_APPEND, 0);
	RSYS(SYS_lseek, afd, 10, SEEK_SET);
	struct iovec a[2] = { { src + 100, 20 }, { src + 120, 30 } };
	is(WV(afd, a, 2), 50, "writev with O_APPEND returns 50");
	ok(file_is_pat(150), "O_APPEND data went to the end, front intact");
	is(fpos(afd), 150, "O_APPEND offset is the new end");
	RSYS(SYS_close, afd);
}

/* Pipes: a writev of <= 4096 bytes arrives whole; no reader means SIGPIPE. */
static void pipes(void)
{
	int p[2];

	RSYS(SYS_pipe, p);
	fill_pat(src, 0, 4000);
	struct iovec a[3] = { { src, 1000 }, { src + 1000, 2999 },
			      { src + 3999, 1 } };
	is(WV(p[1], a, 3), 4000, "writev of 4000 bytes to a pipe");
	memset(back, 0, 8192);
	is(RSYS(SYS_read, p[0], back, 8192), 4000, "one read gets all 4000 bytes");
	ok(is_pat(back, 0, 4000), "pipe bytes arrive in segment order");

	RSYS(SYS_close, p[0]);
	long pid = rfork();
	if (pid == 0) {
		WV(p[1], a, 3);
		rexit(0);
	}
	RSYS(SYS_close, p[1]);
	long st = rwait(pid);
	ok(st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == 13,
	   "writev to a pipe with no reader: killed by SIGPIPE");
}

int main(void)
{
	plan(62);
	tmpname(path, "iov_writev");
	if (!ok(fresh() >= 0, "create the test file"))
		return done();
	scattered();
	zero_lengths();
	counts();
	bad_array();
	bad_lengths();
	faults();
	devnull();
	bad_fds();
	append();
	pipes();
	is(RSYS(SYS_close, fd), 0, "close the test file");
	is(RSYS(SYS_unlink, path), 0, "unlink the test file");
	return done();
}
