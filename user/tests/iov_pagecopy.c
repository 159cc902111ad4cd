/*
 * iov_pagecopy: read(2)/readv(2)/write(2)/writev(2) of a regular file into
 * and out of user memory that is present, never touched, or copy-on-write,
 * and into and out of bad memory.
 *
 * A file's bytes move through copy_page_to_iter/copy_page_from_iter
 * (lib/iov_iter.c), which on Mica fault the first segment's part in, copy
 * under kmap_atomic with page faults disabled, and finish under kmap when
 * that copy comes back short: a later segment on a page that is not
 * present or is copy-on-write. Mica counts both ways in /proc/vmstat
 * (copy_page_atomic, copy_page_fallback); Linux has no such counters, so
 * those points are "# SKIP not Mica" there, while every data, count and
 * errno check runs on both. /proc/vmstat itself behaves as Linux's: its
 * nr_free_pages field, EIO for a write, EINVAL for SEEK_END.
 */
#include <sys/mman.h>
#include "raw.h"

#define FSIZE (3 * PAGE)

static unsigned char present[2 * PAGE];

/* The value of /proc/vmstat's field name, or -1 if it has none. */
static long vmstat(const char *name)
{
	static char text[4096];
	long fd = ropen("/proc/vmstat", O_RDONLY, 0), n;
	size_t len = strlen(name);

	if (fd < 0)
		return -1;
	n = RSYS(SYS_read, fd, text, sizeof(text) - 1);
	RSYS(SYS_close, fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (!strncmp(line, name, len) && line[len] == ' ')
			return strtol(line + len + 1, NULL, 10);
	return -1;
}

static long atomic0, fallback0, r;

/* Remember the counters before an operation, after a yield that lets
 * whoever relays our output (init, through a pipe) drain what we wrote. */
static void mark(void)
{
	RSYS(SYS_sched_yield);
	atomic0 = vmstat("copy_page_atomic");
	fallback0 = vmstat("copy_page_fallback");
}

/*
 * On Mica, check the counters moved since mark(): copy_page_fallback by
 * exactly df, copy_page_atomic by at least da. The counters are the whole
 * machine's, and a TAP line on a pipe is a page copy too (atomic, into the
 * relay's present buffer), so this runs before the operation's own result
 * is printed; the relay may still drain an earlier line meanwhile, which
 * only adds atomic copies, hence "at least".
 */
static void counted(long da, long df, const char *what)
{
	long a = vmstat("copy_page_atomic"), f = vmstat("copy_page_fallback");
	int good = atomic0 >= 0 && fallback0 >= 0 && f - fallback0 == df && a - atomic0 >= da;

	if (on_mica() && !good)
		diag("atomic %ld -> %ld, fallback %ld -> %ld", atomic0, a, fallback0, f);
	if (mica_only("%s: copy_page_atomic +%ld or more, copy_page_fallback +%ld", what, da, df))
		ok(good, "%s: copy_page_atomic +%ld or more, copy_page_fallback +%ld", what, da, df);
}

/* Reads into memory that is present, never touched, and both at once. */
static void reads(long fd)
{
	memset(present, 0xAA, sizeof(present));
	RSYS(SYS_lseek, fd, 10, SEEK_SET);
	mark();
	r = RSYS(SYS_read, fd, present + 5, 3000);
	counted(1, 0, "present destination");
	is(r, 3000, "read 3000 bytes into present memory");
	ok(is_pat(present + 5, 10, 3000) && present[4] == 0xAA && present[3005] == 0xAA,
	   "the bytes are the file's, and nothing around them changed");

	unsigned char *fresh = pages(2);
	RSYS(SYS_lseek, fd, 100, SEEK_SET);
	mark();
	r = RSYS(SYS_read, fd, fresh + 50, 2000);
	counted(1, 0, "untouched destination, faulted in first");
	is(r, 2000, "read into never-touched memory");
	ok(is_pat(fresh + 50, 100, 2000) && fresh[49] == 0 && fresh[2050] == 0,
	   "never-touched memory holds the file's bytes");

	unsigned char *fresh2 = pages(1);
	struct iovec v[2] = { { present, 100 }, { fresh2 + 8, 3000 } };
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	mark();
	r = RSYS(SYS_readv, fd, v, 2);
	counted(0, 1, "a second segment not present");
	is(r, 3100, "readv into present then never-touched memory");
	ok(is_pat(present, 0, 100) && is_pat(fresh2 + 8, 100, 3000) && fresh2[7] == 0,
	   "both segments hold their bytes");
	is(fpos(fd), 3100, "the offset moved by 3100");
	RSYS(SYS_munmap, fresh, 2 * PAGE);
	RSYS(SYS_munmap, fresh2, PAGE);
}

/* A second segment on a private file mapping's page that was only read:
 * writing it needs copy-on-write, and the file keeps its bytes. */
static void cow(long fd, long fd2)
{
	unsigned char *map = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)fd2, 0);

	ok(map != MAP_FAILED, "mmap MAP_PRIVATE of a second file");
	if (map == MAP_FAILED)
		return;
	ok(map[0] == 'Z' && map[PAGE - 1] == 'Z', "its page is read in (read fault only)");
	struct iovec v[2] = { { present, 10 }, { map + 100, 200 } };
	RSYS(SYS_lseek, fd, 1000, SEEK_SET);
	mark();
	r = RSYS(SYS_readv, fd, v, 2);
	counted(0, 1, "a copy-on-write second segment");
	is(r, 210, "readv into a present then a copy-on-write page");
	ok(is_pat(present, 1000, 10) && is_pat(map + 100, 1010, 200) && map[99] == 'Z' &&
	       map[300] == 'Z',
	   "the private copy holds the bytes");
	unsigned char back[300];
	is(RSYS(SYS_pread64, fd2, back, 300, 0, 0), 300, "pread the mapped file back");
	ok(all_are(back, 'Z', 300), "the file itself is unchanged");
	RSYS(SYS_munmap, map, PAGE);
}

/* Writes from present and never-touched memory (zeroes). */
static void writes(long fd)
{
	unsigned char back[3000];
	unsigned char *fresh = pages(1);

	fill_pat(present, 0, 1000);
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	mark();
	r = RSYS(SYS_write, fd, present, 1000);
	counted(1, 0, "present source");
	is(r, 1000, "write 1000 bytes from present memory");
	mark();
	r = RSYS(SYS_write, fd, fresh, 500);
	counted(1, 0, "untouched source, faulted in first");
	is(r, 500, "write 500 bytes from never-touched memory");
	unsigned char *fresh2 = pages(1);
	struct iovec v[2] = { { present + 1000, 300 }, { fresh2, 200 } };
	fill_pat(present + 1000, 1500, 300);
	mark();
	r = RSYS(SYS_writev, fd, v, 2);
	counted(0, 1, "a source second segment not present");
	is(r, 500, "writev from present then never-touched memory");
	is(RSYS(SYS_pread64, fd, back, 2000, 0, 0), 2000, "read the 2000 bytes back");
	ok(is_pat(back, 0, 1000) && all_are(back + 1000, 0, 500) && is_pat(back + 1500, 1500, 300) &&
	       all_are(back + 1800, 0, 200),
	   "the file has the pattern, zeroes, the pattern and zeroes");
	RSYS(SYS_munmap, fresh, PAGE);
	RSYS(SYS_munmap, fresh2, PAGE);
}

/* An unmapped page between two mapped ones: no later mmap can take it. */
static unsigned char *hole_page(void)
{
	unsigned char *p = pages(3);

	RSYS(SYS_munmap, p + PAGE, PAGE);
	return p + PAGE;
}

/* Bad memory: nothing moves, or the bytes up to the bad page do. */
static void bad(long fd)
{
	unsigned char *ro = ro_page(), *hole = hole_page(), *edge = edge_page();

	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	is_err(RSYS(SYS_read, fd, NULL, 10), EFAULT, "read into NULL");
	is_err(RSYS(SYS_read, fd, (void *)0xC0000000UL, 10), EFAULT, "read into a kernel address");
	is_err(RSYS(SYS_read, fd, hole, 10), EFAULT, "read into an unmapped page");
	is_err(RSYS(SYS_read, fd, ro, 10), EFAULT, "read into a read-only page");
	ok(is_pat(ro, 0, PAGE), "the read-only page is unchanged");
	is(fpos(fd), 0, "failed reads leave the offset");
	is(RSYS(SYS_read, fd, edge + PAGE - 100, 300), 100, "read across into an unmapped page: 100");
	ok(is_pat(edge + PAGE - 100, 0, 100), "the 100 bytes are the file's");
	is(fpos(fd), 100, "the offset moved by 100");
	struct iovec v[2] = { { present, 10 }, { hole, 10 } };
	is(RSYS(SYS_readv, fd, v, 2), 10, "readv with an unmapped second segment: the first's 10");
	struct iovec w[2] = { { present, 10 }, { ro, 10 } };
	is(RSYS(SYS_readv, fd, w, 2), 10, "readv with a read-only second segment: the first's 10");
	ok(is_pat(present, 110, 10), "the second readv's 10 bytes are the file's");
	is(fpos(fd), 120, "the offset moved by 20");
	struct iovec h[2] = { { hole, 10 }, { present, 10 } };
	is(RSYS(SYS_readv, fd, h, 2), -EFAULT, "readv with an unmapped first segment: EFAULT");
	is(fpos(fd), 120, "the offset did not move");
	is_err(RSYS(SYS_write, fd, hole, 10), EFAULT, "write from an unmapped page");
	is_err(RSYS(SYS_write, fd, (void *)0xC0000000UL, 10), EFAULT, "write from a kernel address");
	is_err(RSYS(SYS_write, fd, NULL, 10), EFAULT, "write from NULL");
	is(RSYS(SYS_write, fd, edge + PAGE - 30, 100), 30, "write across into an unmapped page: 30");
	is_err(RSYS(SYS_read, 1000, present, 10), EBADF, "read on a bad fd");
	is_err(RSYS(SYS_readv, -1, v, 1), EBADF, "readv on a bad fd");
}

/* /proc/vmstat itself, as Linux's: a field every kernel has, EIO for a
 * write, EINVAL for SEEK_END. */
static void vmstat_file(void)
{
	char buf[64];
	long fd = ropen("/proc/vmstat", O_RDWR, 0);

	ok(vmstat("nr_free_pages") > 0, "/proc/vmstat has an nr_free_pages line");
	ok(fd >= 0, "root opens /proc/vmstat for writing");
	is_err(RSYS(SYS_write, fd, "1\n", 2), EIO, "a write to it is EIO");
	is(RSYS(SYS_pread64, fd, buf, 14, 0, 0), 14, "pread at 0 reads");
	ok(!memcmp(buf, "nr_free_pages ", 14), "its first field is nr_free_pages");
	is_err(RSYS(SYS_lseek, fd, 0, SEEK_END), EINVAL, "lseek SEEK_END is EINVAL");
	is(RSYS(SYS_lseek, fd, 3, SEEK_SET), 3, "lseek SEEK_SET 3");
	is_err(RSYS(SYS_read, fd, (void *)0xC0000000UL, 10), EFAULT, "a read into a kernel address");
	RSYS(SYS_close, fd);
}

/* Runs every case; returns 0 iff all passed. */
int main(void)
{
	char path[64], path2[64];
	static unsigned char z[PAGE];
	long fd = mkpat(tmpname(path, "iov_pagecopy"), FSIZE);
	long fd2 = ropen(tmpname(path2, "iov_pagecopy"), O_RDWR | O_CREAT | O_TRUNC, 0644);

	plan(55);
	memset(z, 'Z', sizeof(z));
	ok(fd >= 0 && fd2 >= 0 && write_all(fd2, z, PAGE) == 0, "make the two files");
	reads(fd);
	cow(fd, fd2);
	bad(fd);
	writes(fd);
	vmstat_file();
	RSYS(SYS_close, fd);
	RSYS(SYS_close, fd2);
	RSYS(SYS_unlink, path);
	RSYS(SYS_unlink, path2);
	return done();
}
