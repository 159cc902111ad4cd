/*
 * splice_file: splice(2) between files and pipes, checked byte for byte.
 *
 * file -> pipe: the whole file when it fits, with the file position or an
 * offset (written back, the position untouched), 0 at end of file, holes
 * as zeroes, a partial count when the pipe fills (16 page buffers: an
 * unaligned start costs a buffer), EAGAIN on the full pipe with
 * SPLICE_F_NONBLOCK or O_NONBLOCK, a huge len clamped, the pipe's bytes
 * following the file's page after a later write or a truncate (the pipe
 * holds the page, as Linux's) and keeping it after an unlink, with every
 * page back once read out (Mica). pipe -> file: all that waits (then it stops, the writer
 * still open), a len shorter than the data (the rest stays), an offset,
 * 0 from an empty pipe with no writer. Devices: /dev/zero and /dev/full
 * read as zeroes, /dev/urandom gives bytes, a splice into /dev/null and
 * /dev/zero drops the data; /proc/sys/fs/pipe-max-size reads as read(2)
 * does. poll readiness follows every splice.
 */
#include "splice_raw.h"

#define NPAGES 20
#define FSIZE (NPAGES * PAGE)

static unsigned char buf[FSIZE + 1000];

/* The file -> pipe cases. */
static void file_to_pipe(long fd)
{
	int p[2];
	long long off;

	mkpipe(p, 0);
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	is(splice_raw(fd, NULL, p[1], NULL, 10000, 0), 10000, "file -> pipe: 10000 bytes");
	is(fpos(fd), 10000, "the file position moved by them");
	is(nread(p[0]), 10000, "FIONREAD shows them");
	is(revents(p[0], POLLIN), POLLIN, "the read end polls readable");
	ok(read_is_pat(p[0], 0, 10000), "and they are the file's bytes");
	is(revents(p[0], POLLIN), 0, "read out: not readable");

	off = 5000;
	is(splice_raw(fd, &off, p[1], NULL, 3000, 0), 3000, "with an offset: 3000 bytes");
	is(off, 8000, "the offset is written back");
	is(fpos(fd), 10000, "the file position is untouched");
	ok(read_is_pat(p[0], 5000, 3000), "the bytes from the offset");

	off = FSIZE;
	is(splice_raw(fd, &off, p[1], NULL, 100, 0), 0, "at end of file: 0");
	is(off, FSIZE, "the offset stays");
	off = FSIZE - 10;
	is(splice_raw(fd, &off, p[1], NULL, 100, 0), 10, "10 before the end: 10");
	ok(read_is_pat(p[0], FSIZE - 10, 10), "the last 10 bytes");

	/* fill: 16 whole pages go in, the rest waits */
	off = 0;
	is(splice_raw(fd, &off, p[1], NULL, FSIZE, 0), 16 * PAGE, "the whole file: 16 pages fit");
	is(revents(p[1], POLLOUT), 0, "the write end is not writable");
	is(splice_raw(fd, &off, p[1], NULL, 100, SPLICE_F_NONBLOCK), -EAGAIN,
	   "full pipe, SPLICE_F_NONBLOCK: EAGAIN");
	is(off, 16 * PAGE, "the offset stays");
	ok(read_is_pat(p[0], 0, 16 * PAGE), "the 16 pages read back");
	closep(p);

	mkpipe(p, O_NONBLOCK);
	off = 100;
	is(splice_raw(fd, &off, p[1], NULL, FSIZE, 0), 16 * PAGE - 100,
	   "from offset 100: the first buffer is short, 16 fit");
	is(splice_raw(fd, &off, p[1], NULL, 100, 0), -EAGAIN, "full O_NONBLOCK pipe: EAGAIN");
	ok(read_is_pat(p[0], 100, 16 * PAGE - 100), "the bytes read back");
	off = 0;
	is(splice_raw(fd, &off, p[1], NULL, 0xffffffffUL, 0), 16 * PAGE, "len 4 GiB - 1: a pipeful");
	ok(read_is_pat(p[0], 0, 16 * PAGE), "the bytes read back");
	closep(p);
}

/* A file page spliced into a pipe is the file's page: a later write to
 * the file shows in the pipe, as on Linux. */
static void by_reference(long fd)
{
	int p[2];
	long long off = 0;

	mkpipe(p, 0);
	is(splice_raw(fd, &off, p[1], NULL, 100, 0), 100, "100 bytes into a pipe");
	is(RSYS(SYS_pwrite64, fd, "XYZ", 3, 10, 0), 3, "then 3 bytes written over the file");
	ok(read_full(p[0], buf, 100) == 100 && is_pat(buf, 0, 10) && !memcmp(buf + 10, "XYZ", 3) &&
		   is_pat(buf + 13, 13, 87),
	   "the pipe shows the file's page as it is now");
	fill_pat(buf, 10, 3);
	RSYS(SYS_pwrite64, fd, buf, 3, 10, 0);
	closep(p);
}

/* The pipe keeps the file's pages: a truncate zeroes the tail of the page
 * it cuts (as a later read shows), an unlink and close change nothing. On
 * Mica the memory comes back, to the page, when the pipe goes; and a
 * pipe's own memory does not move as data comes and goes. */
static void pages_kept(const char *path)
{
	int p[2];
	long null = ropen("/dev/null", O_WRONLY, 0), fd, before;

	write_pat(null, 0, 16 * PAGE); /* the buffers' pages, in before counting */
	memset(buf, 0, sizeof(buf));
	RSYS(SYS_close, null);
	mkpipe(p, 0);
	before = mem_free();
	fd = mkpat(path, 3 * PAGE);
	is(splice_raw(fd, NULL, p[1], NULL, 3 * PAGE, 0), 3 * PAGE, "a 3-page file into a pipe");
	is(RSYS(SYS_ftruncate64, fd, 10, 0), 0, "truncated to 10 bytes");
	RSYS(SYS_close, fd);
	is(RSYS(SYS_unlink, path), 0, "unlinked and closed");
	ok(read_full(p[0], buf, 3 * PAGE) == 3 * PAGE && is_pat(buf, 0, 10) &&
		   all_are(buf + 10, 0, PAGE - 10) && is_pat(buf + PAGE, PAGE, 2 * PAGE),
	   "the pipe still has the pages: the cut one zeroed past 10, the rest as they were");
	if (mica_only("MemFree is back when the pages are read out"))
		is(mem_free(), before, "MemFree is back when the pages are read out");
	write_pat(p[1], 0, 16 * PAGE);
	read_full(p[0], buf, 16 * PAGE);
	if (mica_only("a pipe's memory stays put as data comes and goes"))
		is(mem_free(), before, "a pipe's memory stays put as data comes and goes");
	closep(p);
}

/* A sparse file: holes come through as zeroes. */
static void holes(const char *path)
{
	int p[2];
	long fd = ropen(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	mkpipe(p, 0);
	RSYS(SYS_pwrite64, fd, "end", 3, 3 * PAGE, 0);
	is(splice_raw(fd, NULL, p[1], NULL, 4 * PAGE, 0), 3 * PAGE + 3, "a sparse file: all of it");
	ok(read_full(p[0], buf, 3 * PAGE + 3) == 3 * PAGE + 3 && all_are(buf, 0, 3 * PAGE) &&
		   !memcmp(buf + 3 * PAGE, "end", 3),
	   "the hole reads as zeroes");
	closep(p);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, path);
}

/* The pipe -> file cases. */
static void pipe_to_file(const char *path)
{
	int p[2];
	long long off;
	long fd = ropen(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	mkpipe(p, 0);
	write_pat(p[1], 0, 10000);
	is(splice_raw(p[0], NULL, fd, NULL, 20000, 0), 10000,
	   "pipe -> file: all 10000 waiting (the writer is open)");
	is(fpos(fd), 10000, "the file position moved by them");
	is(fsize(fd), 10000, "the file has them");
	is(revents(p[0], POLLIN), 0, "the pipe is empty");
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	ok(read_is_pat(fd, 0, 10000), "the file's bytes are the pipe's");

	write_pat(p[1], 10000, 10000);
	is(splice_raw(p[0], NULL, fd, NULL, 3000, 0), 3000, "len 3000 of 10000: 3000");
	is(nread(p[0]), 7000, "7000 stay in the pipe");
	off = 100000;
	is(splice_raw(p[0], NULL, fd, &off, 5000, 0), 5000, "at an offset: 5000");
	is(off, 105000, "the offset is written back");
	is(fpos(fd), 13000, "the file position is untouched");
	is(fsize(fd), 105000, "the file grew to the offset's end");
	ok(read_is_pat(p[0], 18000, 2000), "the last 2000 stay in the pipe, in order");
	RSYS(SYS_lseek, fd, 10000, SEEK_SET);
	ok(read_is_pat(fd, 10000, 3000), "the file's bytes at 10000");
	ok(RSYS(SYS_pread64, fd, buf, 5000, 100000, 0) == 5000 && is_pat(buf, 13000, 5000),
	   "the file's bytes at the offset");

	is(splice_raw(p[0], NULL, fd, NULL, 100, SPLICE_F_NONBLOCK), -EAGAIN,
	   "empty pipe, SPLICE_F_NONBLOCK: EAGAIN");
	RSYS(SYS_close, p[1]);
	p[1] = -1;
	is(splice_raw(p[0], NULL, fd, NULL, 100, 0), 0, "empty pipe, no writer: 0");
	closep(p);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, path);
}

/* Devices on either side. */
static void devices(void)
{
	int p[2];
	long zero = ropen("/dev/zero", O_RDWR, 0), full = ropen("/dev/full", O_RDONLY, 0);
	long null = ropen("/dev/null", O_WRONLY, 0), ur = ropen("/dev/urandom", O_RDONLY, 0);

	mkpipe(p, 0);
	is(splice_raw(zero, NULL, p[1], NULL, 10000, 0), 10000, "/dev/zero -> pipe: 10000");
	ok(read_full(p[0], buf, 10000) == 10000 && all_are(buf, 0, 10000), "all zeroes");
	is(splice_raw(full, NULL, p[1], NULL, 100, 0), 100, "/dev/full -> pipe: 100");
	ok(read_full(p[0], buf, 100) == 100 && all_are(buf, 0, 100), "all zeroes");
	is(splice_raw(ur, NULL, p[1], NULL, 64, 0), 64, "/dev/urandom -> pipe: 64");
	ok(read_full(p[0], buf, 64) == 64 && !all_are(buf, 0, 64), "not all zeroes");

	write_pat(p[1], 0, 5000);
	is(splice_raw(p[0], NULL, null, NULL, 100000, 0), 5000, "pipe -> /dev/null: all 5000");
	is(nread(p[0]), 0, "consumed");
	is(revents(p[1], POLLOUT), POLLOUT, "the write end is writable");
	write_pat(p[1], 0, 3000);
	is(splice_raw(p[0], NULL, null, NULL, 1000, 0), 1000, "pipe -> /dev/null, len 1000: 1000");
	ok(read_is_pat(p[0], 1000, 2000), "the rest stays, in order");
	write_pat(p[1], 0, 300);
	is(splice_raw(p[0], NULL, zero, NULL, 1000, 0), 300, "pipe -> /dev/zero: 300");
	is(nread(p[0]), 0, "consumed");
	closep(p);
	RSYS(SYS_close, zero);
	RSYS(SYS_close, full);
	RSYS(SYS_close, null);
	RSYS(SYS_close, ur);
}

/* A /proc file splices as read(2) reads it: a sysctl from its start,
 * /proc/mounts from an offset too. */
static void procfs(void)
{
	static char a[4096], b[4096];
	int p[2];
	long fd = ropen("/proc/sys/fs/pipe-max-size", O_RDONLY, 0);
	long n = RSYS(SYS_read, fd, a, sizeof(a));

	mkpipe(p, O_NONBLOCK);
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	is(splice_raw(fd, NULL, p[1], NULL, sizeof(b), 0), n, "pipe-max-size -> pipe: read's count");
	ok(n > 0 && RSYS(SYS_read, p[0], b, sizeof(b)) == n && !memcmp(a, b, n), "read's bytes");
	RSYS(SYS_close, fd);

	fd = ropen("/proc/mounts", O_RDONLY, 0);
	n = RSYS(SYS_read, fd, a, sizeof(a));
	long long off = 2;
	is(splice_raw(fd, &off, p[1], NULL, sizeof(b), 0), n - 2, "/proc/mounts from offset 2: the rest");
	ok(n > 2 && RSYS(SYS_read, p[0], b, sizeof(b)) == n - 2 && !memcmp(a + 2, b, n - 2),
	   "the bytes from offset 2");
	closep(p);
	RSYS(SYS_close, fd);
}

int main(void)
{
	char path[64], path2[64];
	long fd;

	plan(68);
	tmpname(path, "splice_file");
	tmpname(path2, "splice_file");
	fd = mkpat(path, FSIZE);
	file_to_pipe(fd);
	by_reference(fd);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, path);
	holes(path);
	pages_kept(path);
	pipe_to_file(path2);
	devices();
	procfs();
	return done();
}
