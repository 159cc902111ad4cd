/*
 * fs_odirect: writes to an O_DIRECT file on a tmpfs (/dev/shm).
 *
 * Linux's tmpfs takes O_DIRECT (since 6.6) and treats it as a hint; on
 * Mica an O_DIRECT write to a ramfs file copies with non-temporal stores
 * (_copy_from_iter_nocache), data that will not be read back soon. Either
 * way the bytes, the counts and the errors are those of an ordinary
 * write: any alignment, partial counts when the buffer faults partway,
 * EFAULT when nothing moved, and F_GETFL shows the flag.
 */
#include "raw.h"

#define KADDR 0xC0000000UL
#define NBUF (3 * PAGE + 16)

static char path[64];
static unsigned char src[NBUF], buf[NBUF];

#define PR(f, b, n, off) RSYS(SYS_pread64, (f), (b), (n), (off), 0)
#define PW(f, b, n, off) RSYS(SYS_pwrite64, (f), (b), (n), (off), 0)

int main(void)
{
	struct iovec v[3];
	unsigned char *edge, *hole;
	int bad = 0;
	long fd;

	plan(19);
	snprintf(path, sizeof(path), "/dev/shm/fs_odirect.%d", (int)getpid());
	fd = ropen(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0600);
	is(fd >= 0 ? 0 : fd, 0, "open O_DIRECT on a tmpfs file");
	is(RSYS(SYS_fcntl64, fd, F_GETFL) & O_DIRECT, O_DIRECT, "F_GETFL shows O_DIRECT");

	fill_pat(src, 0, NBUF);
	is(PW(fd, src + 1, 3 * PAGE, PAGE - 7), 3 * PAGE,
	   "pwrite64 3 pages from an odd buffer at an odd offset");
	is(fsize(fd), 4 * PAGE - 7, "the size follows");
	is(PR(fd, buf + 3, 3 * PAGE, PAGE - 7), 3 * PAGE, "pread64 them back");
	ok(!memcmp(buf + 3, src + 1, 3 * PAGE), "the bytes are the ones written");
	memset(buf, 0xAA, PAGE);
	is(PR(fd, buf, PAGE - 7, 0), PAGE - 7, "the hole before them reads");
	ok(all_are(buf, 0, PAGE - 7), "as zeroes");

	for (unsigned len = 1; len <= 9; len++)
		for (unsigned off = 0; off < 8; off++)
			for (unsigned so = 0; so < 4; so++) {
				unsigned char b[16] = { 0 };
				fill_pat(src, len * 64 + off * 8 + so, 16);
				bad += PW(fd, src + so, len, 50000 + off) != (long)len;
				bad += PR(fd, b, len, 50000 + off) != (long)len;
				bad += memcmp(b, src + so, len) != 0;
			}
	is(bad, 0, "every length 1-9, file offset 0-7, buffer offset 0-3 round-trips");

	edge = edge_page();
	hole = unmapped();
	fill_pat(edge, 0, PAGE);
	is(PW(fd, edge + PAGE - 100, 300, 1000), 100,
	   "pwrite64 from a buffer that faults after 100 bytes: 100");
	memset(buf, 0, 300);
	PR(fd, buf, 300, 1000);
	ok(!memcmp(buf, edge + PAGE - 100, 100), "exactly those 100 bytes were written");
	is(PW(fd, hole, 10, 0), -EFAULT, "pwrite64 from an unmapped page: EFAULT");
	is(PW(fd, NULL, 10, 0), -EFAULT, "pwrite64 from NULL: EFAULT");
	is(PW(fd, KADDR, 10, 0), -EFAULT, "pwrite64 from a kernel address: EFAULT");

	RSYS(SYS_lseek, fd, 70000, SEEK_SET);
	v[0] = (struct iovec){ src + 1, 33 };
	v[1] = (struct iovec){ src + 40, PAGE };
	v[2] = (struct iovec){ edge + PAGE - 5, 50 };
	is(RSYS(SYS_writev, fd, v, 3), 33 + PAGE + 5, "writev whose last buffer faults after 5");
	is(RSYS(SYS_lseek, fd, 0, SEEK_CUR), 70000 + 33 + PAGE + 5, "the offset moved by that");
	is(fsize(fd), 70000 + 33 + PAGE + 5, "and so did the size");
	memset(buf, 0, NBUF);
	PR(fd, buf, 33 + PAGE + 5, 70000);
	ok(!memcmp(buf, src + 1, 33) && !memcmp(buf + 33, src + 40, PAGE) &&
		   !memcmp(buf + 33 + PAGE, edge + PAGE - 5, 5),
	   "writev's bytes are all there");
	RSYS(SYS_close, fd);
	is(RSYS(SYS_unlink, path), 0, "unlink");
	return done();
}
