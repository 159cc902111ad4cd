/*
 * iov_segs: readv, writev and preadv over every segment count the iov_iter
 * paths treat differently: 1 (the single-segment path), 2, 8 (the caller's
 * fast array), 9 and 16 (the kept-warm array), 1,024 (IOV_MAX) and 1,025
 * (EINVAL). Segments have lengths 1..13 so each lands at a new alignment;
 * the data must land in order, byte for byte, with nothing written past a
 * segment. Then the edges: a zero-length segment among others, a segment
 * that faults after good ones (the bytes before it are the result), a
 * negative length before an unreadable entry (EINVAL: Linux reads entries
 * one by one), a length negative as ssize_t (EINVAL), lengths whose sum
 * passes MAX_RW_COUNT (clamped, not an error), and two imports at once
 * (a child sleeps in readv on a pipe with 16 segments while the parent's
 * 16-segment readv goes on).
 */
#include "raw.h"

#define MAXSEG 1025
#define SEGLEN(k) ((unsigned)(k) % 13u + 1u) /* 1..13 */

static struct iovec iov[MAXSEG];
static unsigned char buf[MAXSEG * 16];
static char path[64];

#define RV(nr, fd, v, n) RSYS((nr), (fd), (v), (n))
#define PRV(fd, v, n, off) RSYS(SYS_preadv, (fd), (v), (n), (off), 0)

/* Lays out n segments of SEGLEN bytes, each 3 bytes after the previous
 * one's end (a gap the kernel must not touch), over buf filled with 0xAA.
 * Returns the total length. */
static unsigned layout(int n)
{
	unsigned at = 0, total = 0;

	memset(buf, 0xAA, sizeof(buf));
	for (int k = 0; k < n; k++) {
		iov[k] = (struct iovec){ buf + at, SEGLEN(k) };
		at += SEGLEN(k) + 3;
		total += SEGLEN(k);
	}
	return total;
}

/* Whether the first count bytes of the n segments, taken in order, are
 * pat(off...), the rest of the segments still 0xAA, and every gap byte
 * still 0xAA. */
static int segs_hold(int n, unsigned off, unsigned count)
{
	unsigned at = 0;

	for (int k = 0; k < n; k++) {
		unsigned len = SEGLEN(k), got = count < len ? count : len;
		if (!is_pat(buf + at, off, got) || !all_are(buf + at + got, 0xAA, len - got + 3))
			return 0;
		off += got;
		count -= got;
		at += len + 3;
	}
	return 1;
}

/* writev n segments of pat(0...) to a fresh file, then readv and preadv
 * them back: counts, contents, offsets. Five checks. */
static void counts(int n)
{
	long fd = ropen(tmpname(path, "iov_segs"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	unsigned total = layout(n), at = 0, off = 0;

	for (int k = 0; k < n; k++) { /* the source: pat in the segments */
		fill_pat(buf + at, off, SEGLEN(k));
		off += SEGLEN(k);
		at += SEGLEN(k) + 3;
	}
	is(RV(SYS_writev, fd, iov, n), total, "%d-segment vector: writev returns the sum", n);
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	layout(n);
	is(RV(SYS_readv, fd, iov, n), total, "%d-segment vector: readv returns the sum", n);
	ok(segs_hold(n, 0, total), "%d-segment vector: readv fills each in order, gaps untouched", n);
	layout(n);
	is(PRV(fd, iov, n, 1), total - 1, "%d-segment vector: preadv at 1 returns the rest", n);
	ok(segs_hold(n, 1, total - 1), "%d-segment vector: preadv fills them from offset 1", n);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, path);
}

/* IOV_MAX + 1 segments: EINVAL for each call, nothing moved. Three checks. */
static void too_many(void)
{
	long fd = ropen(tmpname(path, "iov_segs"), O_RDWR | O_CREAT | O_TRUNC, 0644);

	layout(MAXSEG);
	is_err(RV(SYS_writev, fd, iov, MAXSEG), EINVAL, "1025 segments: writev EINVAL");
	is_err(RV(SYS_readv, fd, iov, MAXSEG), EINVAL, "1025 segments: readv EINVAL");
	is_err(PRV(fd, iov, MAXSEG, 0), EINVAL, "1025 segments: preadv EINVAL");
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, path);
}

/* Zero-length segments among others, and a bad segment after good ones. */
static void edges(void)
{
	long fd = mkpat(tmpname(path, "iov_segs"), 8192);
	unsigned char *hole = unmapped(), *edge = edge_page();

	/* 3, 0, 0, 5, 0 bytes (a zero-length one at an unmapped address) */
	memset(buf, 0xAA, 64);
	struct iovec z[5] = { { buf, 3 }, { buf + 10, 0 }, { hole, 0 }, { buf + 20, 5 }, { buf + 40, 0 } };
	is(PRV(fd, z, 5, 100), 8, "zero-length segments: preadv returns 8");
	ok(is_pat(buf, 100, 3) && is_pat(buf + 20, 103, 5) && all_are(buf + 3, 0xAA, 17) &&
		   all_are(buf + 25, 0xAA, 39),
	   "zero-length segments: the others hold their bytes, nothing else written");
	/* a good segment, then one on an unmapped page: the first one's bytes */
	struct iovec b[3] = { { buf, 16 }, { hole, 16 }, { buf + 32, 16 } };
	is(PRV(fd, b, 3, 0), 16, "bad segment after a good one: preadv returns 16");
	is(RV(SYS_writev, fd, b, 3), 16, "bad segment after a good one: writev returns 16");
	/* a segment running off the end of its mapping: up to the last good byte */
	struct iovec e[2] = { { buf, 8 }, { edge + PAGE - 6, 20 } };
	is(PRV(fd, e, 2, 0), 14, "segment crossing into an unmapped page: preadv returns 14");
	ok(is_pat(edge + PAGE - 6, 8, 6), "segment crossing into an unmapped page: its 6 bytes read");
	/* nothing read at all: EFAULT */
	struct iovec f[2] = { { hole, 16 }, { buf, 16 } };
	is_err(PRV(fd, f, 2, 0), EFAULT, "bad first segment: preadv EFAULT");
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, path);
}

/* Lengths: negative as ssize_t, before an unreadable entry, and summing
 * past MAX_RW_COUNT. */
static void lengths(void)
{
	long null = ropen("/dev/null", O_WRONLY, 0);
	long zero = ropen("/dev/zero", O_RDONLY, 0);
	unsigned char *edge = edge_page();
	struct iovec *last = (struct iovec *)(edge + PAGE - sizeof(struct iovec));

	struct iovec n1[2] = { { buf, 4 }, { buf, NEGLEN } };
	is_err(RV(SYS_writev, null, n1, 2), EINVAL, "length 0x80000000: writev EINVAL");
	is_err(RV(SYS_readv, zero, n1, 2), EINVAL, "length 0x80000000: readv EINVAL");
	/* the only readable entry has a negative length; the next is unmapped */
	*last = (struct iovec){ buf, (size_t)-1 };
	is_err(RV(SYS_readv, zero, last, 2), EINVAL, "negative length before an unreadable entry: EINVAL");
	*last = (struct iovec){ buf, 4 };
	is_err(RV(SYS_readv, zero, last, 2), EFAULT, "good entry before an unreadable one: EFAULT");
	/* 0x7fffffff twice: clamped to MAX_RW_COUNT, which /dev/null takes whole */
	struct iovec big[2] = { { buf, 0x7fffffff }, { buf, 0x7fffffff } };
	is(RV(SYS_writev, null, big, 2), MAX_RW_COUNT, "lengths summing past 2 GiB: writev clamps to MAX_RW_COUNT");
	RSYS(SYS_close, null);
	RSYS(SYS_close, zero);
}

/* A child sleeps in a 16-segment readv of a pipe (holding its import's
 * array) while the parent runs 16-segment readvs of /dev/zero; then the
 * child gets its bytes. Three checks. */
static void two_at_once(void)
{
	int p[2];
	long zero = ropen("/dev/zero", O_RDONLY, 0);
	unsigned total = layout(16);

	if (pipe(p))
		return;
	long pid = rfork();
	if (pid == 0) {
		long r = RV(SYS_readv, p[0], iov, 16);
		rexit(r == 16 && segs_hold(16, 0, 16) ? 0 : 1);
	}
	usleep(100000); /* let the child block in its readv */
	int good = 1;
	for (int k = 0; k < 50; k++) {
		memset(buf, 0xAA, sizeof(buf));
		good &= RV(SYS_readv, zero, iov, 16) == (long)total;
		good &= buf[0] == 0 && iov[15].iov_len == SEGLEN(15) &&
			all_are((unsigned char *)iov[15].iov_base, 0, SEGLEN(15));
	}
	ok(good, "16-segment readvs while another sleeps in one: all whole");
	unsigned char src[16];
	fill_pat(src, 0, 16);
	is(write(p[1], src, 16), 16, "the sleeping reader's data written");
	int st = 0;
	waitpid((pid_t)pid, &st, 0);
	is_exit(st, 0, "the sleeping reader gets its 16 bytes in its segments");
	close(p[0]);
	close(p[1]);
	RSYS(SYS_close, zero);
}

int main(void)
{
	static const int ns[] = { 1, 2, 8, 9, 16, 1024 };

	plan(6 * 5 + 3 + 7 + 5 + 3);
	for (unsigned k = 0; k < sizeof(ns) / sizeof(ns[0]); k++)
		counts(ns[k]);
	too_many();
	edges();
	lengths();
	two_at_once();
	return done();
}
