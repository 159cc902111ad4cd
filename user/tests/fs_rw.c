/*
 * fs_rw: open, read, write, lseek and _llseek on files and devices.
 *
 * One test file under /tmp holds pat() bytes so every read can be checked
 * against its offset. Bad pointers are passed raw: NULL, a kernel address,
 * an unmapped page, a read-only page, a buffer running off a mapped page.
 * Path errors cover every lookup failure open(2) can report here.
 */
#include "raw.h"

static char path[64];
static long fd;
static unsigned char buf[8192];
static unsigned char big[16384];	/* larger than the test file */
static char longpath[4200];

#define RD(fd, b, n) RSYS(SYS_read, (fd), (b), (n))
#define WR(fd, b, n) RSYS(SYS_write, (fd), (b), (n))
#define SEEK(fd, off, wh) RSYS(SYS_lseek, (fd), (off), (wh))

/* Write, read back, and every whence of lseek. */
static void basics(void)
{
	fill_pat(big, 0, 5000);
	is(WR(fd, big, 5000), 5000, "write 5000 bytes");
	is(fpos(fd), 5000, "offset after write is 5000");
	is(SEEK(fd, 0, SEEK_SET), 0, "SEEK_SET 0");
	ok(RD(fd, buf, 8192) == 5000 && is_pat(buf, 0, 5000),
	   "read returns the 5000 bytes written");
	is(RD(fd, buf, 10), 0, "read at EOF returns 0");
	is(SEEK(fd, -100, SEEK_CUR), 4900, "SEEK_CUR -100");
	is(SEEK(fd, -10, SEEK_END), 4990, "SEEK_END -10");
	is(SEEK(fd, 123, SEEK_SET), 123, "SEEK_SET 123");
	ok(RD(fd, buf, 10) == 10 && is_pat(buf, 123, 10),
	   "read after SEEK_SET gets the bytes at 123");
	is(SEEK(fd, 0, SEEK_CUR), 133, "SEEK_CUR 0 reports 133");

	/* Seeking past EOF and writing leaves a hole that reads as zeroes. */
	is(SEEK(fd, 8000, SEEK_SET), 8000, "SEEK_SET past EOF");
	is(fsize(fd), 5000, "size unchanged by the seek");
	is(WR(fd, big, 10), 10, "write 10 at 8000");
	is(fsize(fd), 8010, "size is 8010");
	SEEK(fd, 5000, SEEK_SET);
	ok(RD(fd, buf, 8192) == 3010 && all_are(buf, 0, 3000) &&
		   is_pat(buf + 3000, 0, 10),
	   "the hole reads as zeroes");
}

/* Bad seeks are EINVAL or ESPIPE and leave the offset where it was. */
static void bad_seeks(void)
{
	int p[2];
	long long res = 0;
	unsigned char *ro = ro_page();

	SEEK(fd, 100, SEEK_SET);
	is(SEEK(fd, -1, SEEK_SET), -EINVAL, "SEEK_SET -1 gives EINVAL");
	is(SEEK(fd, -101, SEEK_CUR), -EINVAL, "SEEK_CUR to -1 gives EINVAL");
	is(SEEK(fd, -8011, SEEK_END), -EINVAL, "SEEK_END to -1 gives EINVAL");
	is(SEEK(fd, 0, 5), -EINVAL, "whence 5 gives EINVAL");
	is(SEEK(fd, 0, -1), -EINVAL, "whence -1 gives EINVAL");
	is(fpos(fd), 100, "failed seeks leave the offset");
	is(SEEK(-1, 0, SEEK_SET), -EBADF, "lseek on fd -1 gives EBADF");
	RSYS(SYS_pipe, p);
	is(SEEK(p[0], 0, SEEK_CUR), -ESPIPE, "lseek on a pipe gives ESPIPE");
	is(RSYS(SYS__llseek, p[1], 0, 0, &res, SEEK_SET), -ESPIPE, "_llseek on a pipe gives ESPIPE");
	RSYS(SYS_close, p[0]);
	RSYS(SYS_close, p[1]);

	/* _llseek(fd, hi, lo, &result, whence) */
	ok(RSYS(SYS__llseek, fd, 0, 1234, &res, SEEK_SET) == 0 && res == 1234,
	   "_llseek SEEK_SET 1234");
	ok(RSYS(SYS__llseek, fd, -1, -10, &res, SEEK_END) == 0 && res == 8000,
	   "_llseek SEEK_END -10");
	is(RSYS(SYS__llseek, fd, -1, -1, &res, SEEK_SET), -EINVAL, "_llseek to -1 gives EINVAL");
	is(RSYS(SYS__llseek, fd, 0, 0, &res, 5), -EINVAL, "_llseek whence 5 gives EINVAL");
	is(RSYS(SYS__llseek, fd, 0, 500, NULL, SEEK_SET), -EFAULT, "_llseek to a NULL result gives EFAULT");
	is(fpos(fd), 500, "the offset moved anyway (Linux order)");
	is(RSYS(SYS__llseek, fd, 0, 600, KERNEL_BASE, SEEK_SET), -EFAULT, "_llseek to a kernel result gives EFAULT");
	is(RSYS(SYS__llseek, fd, 0, 700, ro, SEEK_SET), -EFAULT, "_llseek to a read-only result gives EFAULT");
	ok(is_pat(ro, 0, 8), "read-only result untouched");
}

/* Zero counts, bad buffers and huge counts. */
static void buffers(void)
{
	unsigned char *ro = ro_page();
	unsigned char *edge = edge_page();	/* last: nothing may fill the hole */

	SEEK(fd, 10, SEEK_SET);
	is(RD(fd, buf, 0), 0, "read count 0 returns 0");
	is(RD(fd, NULL, 0), 0, "read NULL count 0 returns 0");
	is(RD(fd, NULL, 10), -EFAULT, "read into NULL gives EFAULT");
	is(RD(fd, ro, 10), -EFAULT, "read into a read-only page gives EFAULT");
	ok(fpos(fd) == 10 && is_pat(ro, 0, PAGE),
	   "failed reads leave offset and page");
	SEEK(fd, 0, SEEK_END);
	is(WR(fd, KERNEL_BASE, 10), -EFAULT, "write from a kernel address gives EFAULT");
	is(WR(fd, NULL, 10), -EFAULT, "write from NULL gives EFAULT");
	is(fsize(fd), 8010, "failed writes leave the size");
	fill_pat(edge + PAGE - 100, 8010, 100);
	is(WR(fd, edge + PAGE - 100, 8192), 100, "write running into an unmapped page returns 100");
	SEEK(fd, 8010, SEEK_SET);
	ok(fsize(fd) == 8110 && RD(fd, buf, 200) == 100 &&
		   is_pat(buf, 8010, 100),
	   "the 100 mapped bytes were written");

	/* A count far beyond the file stops at EOF. */
	SEEK(fd, 0, SEEK_SET);
	memset(big, 0xAA, sizeof(big));
	is(RD(fd, big, 0x7fffffff), 8110, "read count 0x7fffffff returns the file size");
	ok(is_pat(big, 0, 5000) && big[8110] == 0xAA, "huge read bytes right");
	/* A "negative" count is a huge one: clamped, then stopped by EOF. */
	SEEK(fd, 0, SEEK_SET);
	is(RD(fd, big, 0xffffffff), 8110, "read count 0xffffffff returns the file size");
	long null = ropen("/dev/null", O_WRONLY, 0);
	is(WR(null, big, 0x7fffffff), MAX_RW_COUNT, "write count 0x7fffffff to /dev/null returns MAX_RW_COUNT");
	RSYS(SYS_close, null);
}

/* open flags: O_TRUNC, O_EXCL, and reads/writes against the open mode. */
static void flags(void)
{
	long rd = ropen(path, O_RDONLY, 0);
	long wr = ropen(path, O_WRONLY, 0);

	is(ropen(path, O_RDWR | O_CREAT | O_EXCL, 0644), -EEXIST, "O_CREAT|O_EXCL on an existing file gives EEXIST");
	is(ropen("/tmp", O_RDONLY | O_CREAT | O_EXCL, 0644), -EEXIST, "O_CREAT|O_EXCL on a directory gives EEXIST");
	is(RD(wr, buf, 10), -EBADF, "read on an O_WRONLY fd gives EBADF");
	is(WR(rd, buf, 10), -EBADF, "write on an O_RDONLY fd gives EBADF");
	long t = ropen(path, O_WRONLY | O_TRUNC, 0);
	ok(t >= 0 && fsize(rd) == 0, "O_TRUNC empties the file");
	is(RD(rd, buf, 10), 0, "read after truncation returns 0");
	RSYS(SYS_close, t);
	RSYS(SYS_close, rd);
	RSYS(SYS_close, wr);
}

/* Every lookup failure open(2) reports, and bad path pointers. */
static void paths(void)
{
	unsigned char *edge = edge_page();

	is(ropen("/tmp/fs_rw.no.such", O_RDONLY, 0), -ENOENT, "missing file without O_CREAT gives ENOENT");
	is(ropen("/tmp/fs_rw.no.such/x", O_RDWR | O_CREAT, 0644), -ENOENT, "O_CREAT in a missing directory gives ENOENT");
	is(ropen("", O_RDONLY, 0), -ENOENT, "empty path gives ENOENT");
	is(ropen("/etc/motd/x", O_RDONLY, 0), -ENOTDIR, "/etc/motd/x gives ENOTDIR");
	is(ropen("/etc/motd/x", O_RDWR | O_CREAT, 0644), -ENOTDIR, "/etc/motd/x with O_CREAT gives ENOTDIR");
	is(ropen("/etc/motd/", O_RDONLY, 0), -ENOTDIR, "/etc/motd/ gives ENOTDIR");

	memcpy(longpath, "/tmp/", 5);
	memset(longpath + 5, 'a', 256);
	longpath[5 + 256] = 0;
	is(ropen(longpath, O_RDONLY, 0), -ENAMETOOLONG, "a 256-byte name gives ENAMETOOLONG");
	longpath[5 + 255] = 0;
	is(ropen(longpath, O_RDONLY, 0), -ENOENT, "a 255-byte name is fine (ENOENT)");
	memset(longpath, '/', 4096);
	memcpy(longpath + 4093, "tmp", 4);
	is(ropen(longpath, O_RDONLY | O_DIRECTORY, 0), -ENAMETOOLONG, "a 4096-byte path gives ENAMETOOLONG");
	long d = ropen(longpath + 1, O_RDONLY | O_DIRECTORY, 0);
	ok(d >= 0, "a 4095-byte path opens");
	RSYS(SYS_close, d);

	is(ropen(NULL, O_RDONLY, 0), -EFAULT, "NULL path gives EFAULT");
	is(ropen((char *)KERNEL_BASE, O_RDONLY, 0), -EFAULT, "kernel path gives EFAULT");
	memcpy(edge + PAGE - 4, "/tmp", 4);
	is(ropen((char *)edge + PAGE - 4, O_RDONLY, 0), -EFAULT, "path running into an unmapped page gives EFAULT");
	memcpy(edge + PAGE - 5, "/tmp", 5);
	d = ropen((char *)edge + PAGE - 5, O_RDONLY | O_DIRECTORY, 0);
	ok(d >= 0, "path whose NUL is the page's last byte opens");
	RSYS(SYS_close, d);

	is(ropen("/tmp", O_WRONLY, 0), -EISDIR, "O_WRONLY on a directory gives EISDIR");
	is(ropen("/tmp", O_RDWR, 0), -EISDIR, "O_RDWR on a directory gives EISDIR");
	is(ropen("/tmp", O_RDONLY | O_CREAT, 0644), -EISDIR, "O_CREAT on a directory gives EISDIR");
	d = ropen("/tmp", O_RDONLY | O_DIRECTORY, 0);
	is(RD(d, buf, 10), -EISDIR, "read on a directory gives EISDIR");
	is(RD(d, buf, 0), -EISDIR, "read count 0 on a directory gives EISDIR");
	RSYS(SYS_close, d);
}

/* close of bad fds; /dev/zero and /dev/null. */
static void devices(void)
{
	long c = ropen("/dev/null", O_RDONLY, 0);
	long zero = ropen("/dev/zero", O_RDWR, 0);
	long null = ropen("/dev/null", O_RDWR, 0);

	is(RSYS(SYS_close, c), 0, "close the /dev/null fd");
	is(RSYS(SYS_close, c), -EBADF, "close of a closed fd gives EBADF");
	is(RSYS(SYS_close, -1), -EBADF, "close(-1) gives EBADF");
	is(RSYS(SYS_close, 1000000), -EBADF, "close(1000000) gives EBADF");

	memset(buf, 0xAA, sizeof(buf));
	ok(RD(zero, buf, 5000) == 5000 && all_are(buf, 0, 5000) &&
		   buf[5000] == 0xAA,
	   "/dev/zero reads 5000 zero bytes");
	memset(buf, 0xAA, sizeof(buf));
	struct iovec v[3] = { { buf, 3 }, { buf + 10, 4096 }, { buf + 5000, 1 } };
	ok(RSYS(SYS_readv, zero, v, 3) == 4100 && all_are(buf, 0, 3) &&
		   all_are(buf + 10, 0, 4096) && buf[5000] == 0 &&
		   buf[3] == 0xAA && buf[4106] == 0xAA,
	   "readv of 3 segments from /dev/zero");
	is(RD(zero, NULL, 10), -EFAULT, "/dev/zero read into NULL gives EFAULT");
	is(WR(zero, buf, 100), 100, "write to /dev/zero returns the count");
	is(RD(null, buf, 100), 0, "read from /dev/null returns 0");
	is(WR(null, buf, 100), 100, "write to /dev/null returns the count");
	RSYS(SYS_close, zero);
	RSYS(SYS_close, null);
}

int main(void)
{
	plan(86);
	fd = ropen(tmpname(path, "fs_rw"), O_RDWR | O_CREAT | O_EXCL, 0644);
	if (!ok(fd >= 0, "create the test file with O_EXCL"))
		return done();
	basics();
	bad_seeks();
	buffers();
	flags();
	paths();
	devices();
	is(RSYS(SYS_close, fd), 0, "close the test file");
	is(RSYS(SYS_unlink, path), 0, "unlink the test file");
	is(ropen(path, O_RDONLY, 0), -ENOENT, "open after unlink gives ENOENT");
	return done();
}
