/*
 * fs_holes: sparse files as Linux shows them. st_blocks counts the pages
 * that hold data (8 blocks of 512 bytes each), not the size; SEEK_DATA and
 * SEEK_HOLE find those pages and the holes between them, a page at a time,
 * as on Linux's tmpfs and on ext4 with 4 KiB blocks; both are ENXIO at or
 * past the end, and the end counts as a hole.
 * Works on one file, /tmp/fs_holes.<pid>, removed at the end.
 */
#include "raw.h"

#define SEEK_DATA_ 3
#define SEEK_HOLE_ 4
#define TIB (1LL << 40)

static long fd;

/* st_blocks of fd, or -errno. */
static long blocks(void)
{
	struct kstat64 st;
	long r = RSYS(SYS_fstat64, fd, &st);

	return r < 0 ? r : (long)st.st_blocks;
}

/* One byte at off; the raw result. */
static long poke(long long off)
{
	return RSYS(SYS_pwrite64, fd, "x", 1, (unsigned long)off, (unsigned long)(off >> 32));
}

/* _llseek to off with whence: the new offset, or -errno. */
static long long seek(long long off, int whence)
{
	long long res = -1;
	long r =
	    RSYS(SYS__llseek, fd, (unsigned long)(off >> 32), (unsigned long)off, &res, whence);

	return r < 0 ? r : res;
}

/* ftruncate64 to len; the raw result. */
static long trunc_to(long long len)
{
	return RSYS(SYS_ftruncate64, fd, (unsigned long)len, (unsigned long)(len >> 32));
}

/* expect() for 64-bit values. */
static int expect64(const char *name, long long got, long long want)
{
	if (ok(got == want, "%s", name))
		return 1;
	diag("expected %lld, got %lld", want, got);
	return 0;
}

int main(void)
{
	char path[64];

	plan(40);
	snprintf(path, sizeof(path), "/tmp/fs_holes.%ld", RSYS(SYS_getpid));
	fd = ropen(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ok(fd >= 0, "create the file");
	is(blocks(), 0, "an empty file has no blocks");
	is(RSYS(SYS_write, fd, "abc", 3), 3, "write 3 bytes");
	is(blocks(), 8, "3 bytes take a page: 8 blocks");
	is(poke(1 << 20), 1, "a byte at 1 MiB");
	is(blocks(), 16, "two pages: 16 blocks, not the size");
	expect64("SEEK_DATA at 0 is 0", seek(0, SEEK_DATA_), 0);
	expect64("SEEK_HOLE at 0 is the end of the first page", seek(0, SEEK_HOLE_), 4096);
	expect64("SEEK_DATA in the hole finds the page at 1 MiB", seek(4096, SEEK_DATA_), 1 << 20);
	expect64("SEEK_HOLE in the hole stays", seek(4096, SEEK_HOLE_), 4096);
	expect64("SEEK_DATA inside the hole's page", seek(5000, SEEK_DATA_), 1 << 20);
	expect64("SEEK_HOLE in the last page is the end", seek(1 << 20, SEEK_HOLE_), (1 << 20) + 1);
	expect64("SEEK_HOLE at the end gives ENXIO", seek((1 << 20) + 1, SEEK_HOLE_), -ENXIO);
	expect64("SEEK_DATA at the end gives ENXIO", seek((1 << 20) + 1, SEEK_DATA_), -ENXIO);
	expect64("SEEK_DATA at -1 gives ENXIO", seek(-1, SEEK_DATA_), -ENXIO);

	is(trunc_to(3), 0, "ftruncate64 to 3");
	is(trunc_to(10000), 0, "ftruncate64 up to 10000");
	expect64("a lone first page, then the grown tail: SEEK_HOLE at 0 is 4096",
		 seek(0, SEEK_HOLE_), 4096);
	expect64("SEEK_DATA in the tail gives ENXIO", seek(5000, SEEK_DATA_), -ENXIO);
	is(trunc_to(0), 0, "ftruncate64 to 0");
	is(blocks(), 0, "no blocks again");
	is(poke(8192), 1, "a byte at 8192");
	expect64("SEEK_DATA at 0 skips the leading hole", seek(0, SEEK_DATA_), 8192);
	expect64("SEEK_HOLE at 0 is 0", seek(0, SEEK_HOLE_), 0);
	expect64("SEEK_HOLE at the data is the end", seek(8192, SEEK_HOLE_), 8193);
	is(blocks(), 8, "8 blocks");
	is(trunc_to(100000), 0, "ftruncate64 up to 100000");
	expect64("SEEK_HOLE after the data page", seek(8193, SEEK_HOLE_), 12288);
	expect64("no data after it: ENXIO", seek(12288, SEEK_DATA_), -ENXIO);
	expect64("SEEK_HOLE in the grown tail stays", seek(99999, SEEK_HOLE_), 99999);
	is(blocks(), 8, "growing adds no blocks");
	is(trunc_to(8192), 0, "ftruncate64 to 8192 drops the page");
	is(blocks(), 0, "no blocks");
	expect64("all hole: SEEK_HOLE at 0 is 0", seek(0, SEEK_HOLE_), 0);
	expect64("all hole: SEEK_DATA at 0 gives ENXIO", seek(0, SEEK_DATA_), -ENXIO);

	is(poke(TIB - 1), 1, "a byte at 2^40 - 1");
	is(blocks(), 8, "8 blocks for a 1 TiB file");
	expect64("SEEK_DATA crosses the 1 TiB hole", seek(8193, SEEK_DATA_), TIB - 4096);
	expect64("SEEK_HOLE at 0 is 0", seek(0, SEEK_HOLE_), 0);
	RSYS(SYS_close, fd);
	is(RSYS(SYS_unlink, path), 0, "unlink");
	return done();
}
