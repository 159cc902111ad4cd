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
	expect("write 5000 bytes", WR(fd, big, 5000), 5000);
	expect("offset after write is 5000", fpos(fd), 5000);
	expect("SEEK_SET 0", SEEK(fd, 0, SEEK_SET), 0);
	ok(RD(fd, buf, 8192) == 5000 && is_pat(buf, 0, 5000),
	   "read returns the 5000 bytes written");
	expect("read at EOF returns 0", RD(fd, buf, 10), 0);
	expect("SEEK_CUR -100", SEEK(fd, -100, SEEK_CUR), 4900);
	expect("SEEK_END -10", SEEK(fd, -10, SEEK_END), 4990);
	expect("SEEK_SET 123", SEEK(fd, 123, SEEK_SET), 123);
	ok(RD(fd, buf, 10) == 10 && is_pat(buf, 123, 10),
	   "read after SEEK_SET gets the bytes at 123");
	expect("SEEK_CUR 0 reports 133", SEEK(fd, 0, SEEK_CUR), 133);

	/* Seeking past EOF and writing leaves a hole that reads as zeroes. */
	expect("SEEK_SET past EOF", SEEK(fd, 8000, SEEK_SET), 8000);
	expect("size unchanged by the seek", fsize(fd), 5000);
	expect("write 10 at 8000", WR(fd, big, 10), 10);
	expect("size is 8010", fsize(fd), 8010);
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
	expect("SEEK_SET -1 gives EINVAL", SEEK(fd, -1, SEEK_SET), -EINVAL);
	expect("SEEK_CUR to -1 gives EINVAL", SEEK(fd, -101, SEEK_CUR),
	       -EINVAL);
	expect("SEEK_END to -1 gives EINVAL", SEEK(fd, -8011, SEEK_END),
	       -EINVAL);
	expect("whence 5 gives EINVAL", SEEK(fd, 0, 5), -EINVAL);
	expect("whence -1 gives EINVAL", SEEK(fd, 0, -1), -EINVAL);
	expect("failed seeks leave the offset", fpos(fd), 100);
	expect("lseek on fd -1 gives EBADF", SEEK(-1, 0, SEEK_SET), -EBADF);
	RSYS(SYS_pipe, p);
	expect("lseek on a pipe gives ESPIPE", SEEK(p[0], 0, SEEK_CUR),
	       -ESPIPE);
	expect("_llseek on a pipe gives ESPIPE",
	       RSYS(SYS__llseek, p[1], 0, 0, &res, SEEK_SET), -ESPIPE);
	RSYS(SYS_close, p[0]);
	RSYS(SYS_close, p[1]);

	/* _llseek(fd, hi, lo, &result, whence) */
	ok(RSYS(SYS__llseek, fd, 0, 1234, &res, SEEK_SET) == 0 && res == 1234,
	   "_llseek SEEK_SET 1234");
	ok(RSYS(SYS__llseek, fd, -1, -10, &res, SEEK_END) == 0 && res == 8000,
	   "_llseek SEEK_END -10");
	expect("_llseek to -1 gives EINVAL",
	       RSYS(SYS__llseek, fd, -1, -1, &res, SEEK_SET), -EINVAL);
	expect("_llseek whence 5 gives EINVAL",
	       RSYS(SYS__llseek, fd, 0, 0, &res, 5), -EINVAL);
	expect("_llseek to a NULL result gives EFAULT",
	       RSYS(SYS__llseek, fd, 0, 500, NULL, SEEK_SET), -EFAULT);
	expect("the offset moved anyway (Linux order)", fpos(fd), 500);
	expect("_llseek to a kernel result gives EFAULT",
	       RSYS(SYS__llseek, fd, 0, 600, KADDR, SEEK_SET), -EFAULT);
	expect("_llseek to a read-only result gives EFAULT",
	       RSYS(SYS__llseek, fd, 0, 700, ro, SEEK_SET), -EFAULT);
	ok(is_pat(ro, 0, 8), "read-only result untouched");
}

/* Zero counts, bad buffers and huge counts. */
static void buffers(void)
{
	unsigned char *ro = ro_page();
	unsigned char *edge = edge_page();	/* last: nothing may fill the hole */

	SEEK(fd, 10, SEEK_SET);
	expect("read count 0 returns 0", RD(fd, buf, 0), 0);
	expect("read NULL count 0 returns 0", RD(fd, NULL, 0), 0);
	expect("read into NULL gives EFAULT", RD(fd, NULL, 10), -EFAULT);
	expect("read into a read-only page gives EFAULT", RD(fd, ro, 10),
	       -EFAULT);
	ok(fpos(fd) == 10 && is_pat(ro, 0, PAGE),
	   "failed reads leave offset and page");
	SEEK(fd, 0, SEEK_END);
	expect("write from a kernel address gives EFAULT", WR(fd, KADDR, 10),
	       -EFAULT);
	expect("write from NULL gives EFAULT", WR(fd, NULL, 10), -EFAULT);
	expect("failed writes leave the size", fsize(fd), 8010);
	fill_pat(edge + PAGE - 100, 8010, 100);
	expect("write running into an unmapped page returns 100",
	       WR(fd, edge + PAGE - 100, 8192), 100);
	SEEK(fd, 8010, SEEK_SET);
	ok(fsize(fd) == 8110 && RD(fd, buf, 200) == 100 &&
		   is_pat(buf, 8010, 100),
	   "the 100 mapped bytes were written");

	/* A count far beyond the file stops at EOF. */
	SEEK(fd, 0, SEEK_SET);
	memset(big, 0xAA, sizeof(big));
	expect("read count 0x7fffffff returns the file size",
	       RD(fd, big, 0x7fffffff), 8110);
	ok(is_pat(big, 0, 5000) && big[8110] == 0xAA, "huge read bytes right");
	/* A "negative" count is a huge one: clamped, then stopped by EOF. */
	SEEK(fd, 0, SEEK_SET);
	expect("read count 0xffffffff returns the file size", RD(fd, big, 0xffffffff), 8110);
	long null = ropen("/dev/null", O_WRONLY, 0);
	expect("write count 0x7fffffff to /dev/null returns MAX_RW_COUNT",
	       WR(null, big, 0x7fffffff), MAX_RW_COUNT);
	RSYS(SYS_close, null);
}

/* open flags: O_TRUNC, O_EXCL, and reads/writes against the open mode. */
static void flags(void)
{
	long rd = ropen(path, O_RDONLY, 0);
	long wr = ropen(path, O_WRONLY, 0);

	expect("O_CREAT|O_EXCL on an existing file gives EEXIST",
	       ropen(path, O_RDWR | O_CREAT | O_EXCL, 0644), -EEXIST);
	expect("O_CREAT|O_EXCL on a directory gives EEXIST",
	       ropen("/tmp", O_RDONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
	expect("read on an O_WRONLY fd gives EBADF", RD(wr, buf, 10), -EBADF);
	expect("write on an O_RDONLY fd gives EBADF", WR(rd, buf, 10), -EBADF);
	long t = ropen(path, O_WRONLY | O_TRUNC, 0);
	ok(t >= 0 && fsize(rd) == 0, "O_TRUNC empties the file");
	expect("read after truncation returns 0", RD(rd, buf, 10), 0);
	RSYS(SYS_close, t);
	RSYS(SYS_close, rd);
	RSYS(SYS_close, wr);
}

/* Every lookup failure open(2) reports, and bad path pointers. */
static void paths(void)
{
	unsigned char *edge = edge_page();

	expect("missing file without O_CREAT gives ENOENT",
	       ropen("/tmp/fs_rw.no.such", O_RDONLY, 0), -ENOENT);
	expect("O_CREAT in a missing directory gives ENOENT",
	       ropen("/tmp/fs_rw.no.such/x", O_RDWR | O_CREAT, 0644), -ENOENT);
	expect("empty path gives ENOENT", ropen("", O_RDONLY, 0), -ENOENT);
	expect("/etc/motd/x gives ENOTDIR", ropen("/etc/motd/x", O_RDONLY, 0),
	       -ENOTDIR);
	expect("/etc/motd/x with O_CREAT gives ENOTDIR",
	       ropen("/etc/motd/x", O_RDWR | O_CREAT, 0644), -ENOTDIR);
	expect("/etc/motd/ gives ENOTDIR", ropen("/etc/motd/", O_RDONLY, 0),
	       -ENOTDIR);

	memcpy(longpath, "/tmp/", 5);
	memset(longpath + 5, 'a', 256);
	longpath[5 + 256] = 0;
	expect("a 256-byte name gives ENAMETOOLONG", ropen(longpath, O_RDONLY, 0),
	       -ENAMETOOLONG);
	longpath[5 + 255] = 0;
	expect("a 255-byte name is fine (ENOENT)", ropen(longpath, O_RDONLY, 0),
	       -ENOENT);
	memset(longpath, '/', 4096);
	memcpy(longpath + 4093, "tmp", 4);
	expect("a 4096-byte path gives ENAMETOOLONG",
	       ropen(longpath, O_RDONLY | O_DIRECTORY, 0), -ENAMETOOLONG);
	long d = ropen(longpath + 1, O_RDONLY | O_DIRECTORY, 0);
	ok(d >= 0, "a 4095-byte path opens");
	RSYS(SYS_close, d);

	expect("NULL path gives EFAULT", ropen(NULL, O_RDONLY, 0), -EFAULT);
	expect("kernel path gives EFAULT", ropen((char *)KADDR, O_RDONLY, 0),
	       -EFAULT);
	memcpy(edge + PAGE - 4, "/tmp", 4);
	expect("path running into an unmapped page gives EFAULT",
	       ropen((char *)edge + PAGE - 4, O_RDONLY, 0), -EFAULT);
	memcpy(edge + PAGE - 5, "/tmp", 5);
	d = ropen((char *)edge + PAGE - 5, O_RDONLY | O_DIRECTORY, 0);
	ok(d >= 0, "path whose NUL is the page's last byte opens");
	RSYS(SYS_close, d);

	expect("O_WRONLY on a directory gives EISDIR",
	       ropen("/tmp", O_WRONLY, 0), -EISDIR);
	expect("O_RDWR on a directory gives EISDIR", ropen("/tmp", O_RDWR, 0),
	       -EISDIR);
	expect("O_CREAT on a directory gives EISDIR",
	       ropen("/tmp", O_RDONLY | O_CREAT, 0644), -EISDIR);
	d = ropen("/tmp", O_RDONLY | O_DIRECTORY, 0);
	expect("read on a directory gives EISDIR", RD(d, buf, 10), -EISDIR);
	expect("read count 0 on a directory gives EISDIR", RD(d, buf, 0),
	       -EISDIR);
	RSYS(SYS_close, d);
}

/* close of bad fds; /dev/zero and /dev/null. */
static void devices(void)
{
	long c = ropen("/dev/null", O_RDONLY, 0);
	long zero = ropen("/dev/zero", O_RDWR, 0);
	long null = ropen("/dev/null", O_RDWR, 0);

	expect("close the /dev/null fd", RSYS(SYS_close, c), 0);
	expect("close of a closed fd gives EBADF", RSYS(SYS_close, c), -EBADF);
	expect("close(-1) gives EBADF", RSYS(SYS_close, -1), -EBADF);
	expect("close(1000000) gives EBADF", RSYS(SYS_close, 1000000), -EBADF);

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
	expect("/dev/zero read into NULL gives EFAULT", RD(zero, NULL, 10),
	       -EFAULT);
	expect("write to /dev/zero returns the count", WR(zero, buf, 100), 100);
	expect("read from /dev/null returns 0", RD(null, buf, 100), 0);
	expect("write to /dev/null returns the count", WR(null, buf, 100), 100);
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
	expect("close the test file", RSYS(SYS_close, fd), 0);
	expect("unlink the test file", RSYS(SYS_unlink, path), 0);
	expect("open after unlink gives ENOENT", ropen(path, O_RDONLY, 0),
	       -ENOENT);
	return done();
}
