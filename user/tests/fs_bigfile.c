/*
 * fs_bigfile: sparse files out to the ramfs size limit, and what they cost.
 *
 * Linux and Mica agree on a 1-byte pwrite64 at 2^40 - 1 (the last byte of
 * a 1 TiB file), holes reading as zeroes, and EINVAL for a negative
 * offset. Mica's limit is exactly 1 TiB (MAX_FILE_SIZE): past it a write
 * gives EFBIG or stops short and ftruncate gives EFBIG. Linux's limit is
 * far larger (16 TiB on ext4, 8 EiB on tmpfs), so those points are SKIPs
 * there.
 *
 * Mica only, as measured through /proc/meminfo: the page index is charged
 * as file data is. A lone byte near 1 TiB costs its page and three index pages,
 * so 64 such files cost well under 1.3 MiB; unlink gives every page back;
 * truncating gives the index back; and with memory full, a far write is
 * ENOSPC while the kernel goes on working.
 */
#include "raw.h"

#define TIB (1LL << 40)
#define NFAR 64

static char D[64], p[160];

static char *at(const char *rel)
{
	snprintf(p, sizeof(p), "%s/%s", D, rel);
	return p;
}

/* pwrite64 of n bytes of buf at off; the raw result. */
static long pwrite_at(long fd, const void *buf, long n, long long off)
{
	return RSYS(SYS_pwrite64, fd, buf, n, (unsigned long)off, (unsigned long)(off >> 32));
}

static long pread_at(long fd, void *buf, long n, long long off)
{
	return RSYS(SYS_pread64, fd, buf, n, (unsigned long)off, (unsigned long)(off >> 32));
}

static long long fsize64(long fd)
{
	struct kstat64 st;

	return RSYS(SYS_fstat64, fd, &st) == 0 ? st.st_size : -1;
}

/* ftruncate64 to len; the raw result. */
static long trunc_to(long fd, long long len)
{
	return RSYS(SYS_ftruncate64, fd, (unsigned long)len, (unsigned long)(len >> 32));
}

/* Forks a child that exits 7; returns 1 iff that is what wait saw. */
static int can_fork(void)
{
	long pid = rfork();

	if (pid == 0)
		rexit(7);
	long st = pid < 0 ? pid : rwait(pid);
	return st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7;
}

static void limits(void)
{
	char c = 0;
	long fd = ropen(at("big"), O_RDWR | O_CREAT, 0644);

	ok(fd >= 0, "create D/big");
	is(pwrite_at(fd, "x", 1, TIB - 1), 1, "pwrite64 of 1 byte at 2^40 - 1");
	ok(fsize64(fd) == TIB, "the file is 1 TiB long");
	ok(pread_at(fd, &c, 1, TIB - 1) == 1 && c == 'x', "pread64 reads the byte back");
	c = 1;
	ok(pread_at(fd, &c, 1, TIB / 2) == 1 && c == 0, "the middle is a hole of zeroes");
	is(pwrite_at(fd, "x", 1, -1), -EINVAL, "pwrite64 at a negative offset gives EINVAL");
	is(trunc_to(fd, -1), -EINVAL, "ftruncate64 to a negative length gives EINVAL");
	is(trunc_to(fd, TIB), 0, "ftruncate64 to 2^40 works");
	if (mica_only("pwrite64 at 2^40 gives EFBIG (Mica's limit is 1 TiB)"))
		is(pwrite_at(fd, "x", 1, TIB), -EFBIG, "pwrite64 at 2^40 gives EFBIG (Mica's limit is 1 TiB)");
	if (mica_only("pwrite64 across the limit stops at it"))
		is(pwrite_at(fd, "yz", 2, TIB - 1), 1, "pwrite64 across the limit stops at it");
	if (mica_only("pwrite64 at 2^44 gives EFBIG"))
		is(pwrite_at(fd, "x", 1, TIB << 4), -EFBIG, "pwrite64 at 2^44 gives EFBIG");
	if (mica_only("ftruncate64 past 2^40 gives EFBIG"))
		is(trunc_to(fd, TIB + 1), -EFBIG, "ftruncate64 past 2^40 gives EFBIG");
	ok(fsize64(fd) == TIB, "the size is still 1 TiB");
	is(trunc_to(fd, 0), 0, "ftruncate64 to 0");
	RSYS(SYS_close, fd);
	is(RSYS(SYS_unlink, at("big")), 0, "unlink D/big");
}

/* Mica only: what the index costs, and that it comes back. */
static void costs(void)
{
	char name[32];
	long fds[NFAR], before, mid, made = 0;

	before = mem_free();
	for (int i = 0; i < NFAR; i++) {
		snprintf(name, sizeof(name), "far%d", i);
		fds[i] = ropen(at(name), O_RDWR | O_CREAT, 0644);
		made += pwrite_at(fds[i], "q", 1, TIB - 1 - ((long long)i << 30)) == 1;
	}
	mid = mem_free();
	is(made, NFAR, "64 files with a byte near 1 TiB");
	ok(before - mid < NFAR * 5 * 4, "cost under 20 kB a file");
	if (before - mid >= NFAR * 5 * 4)
		diag("MemFree %ld kB before, %ld kB after", before, mid);
	ok(can_fork(), "the kernel can still fork");
	int gone = 0;
	for (int i = 0; i < NFAR; i++) {
		snprintf(name, sizeof(name), "far%d", i);
		RSYS(SYS_close, fds[i]);
		gone += RSYS(SYS_unlink, at(name)) == 0;
	}
	is(gone, NFAR, "unlink them");
	ok(mem_free() == before, "MemFree is back where it was");

	long fd = ropen(at("shrink"), O_RDWR | O_CREAT, 0644);
	before = mem_free();
	is(pwrite_at(fd, "a", 1, 0), 1, "a byte at 0");
	is(before - mem_free(), 4, "costs one page");
	is(pwrite_at(fd, "b", 1, TIB - 1), 1, "and a byte at 2^40 - 1");
	/* page 0 now sits under three new levels, and the far byte needs
	 * two more index pages and its own page */
	is(before - mem_free(), 4 * 7, "costs its page and five index pages");
	is(trunc_to(fd, 4096), 0, "ftruncate64 to 4096");
	is(before - mem_free(), 4, "gives the index back: one page left");
	is(trunc_to(fd, 0), 0, "ftruncate64 to 0");
	is(before - mem_free(), 0, "gives the last page back");

	/* a write that faults costs nothing either */
	is(pwrite_at(fd, unmapped(), 1, TIB - 1), -EFAULT, "a far pwrite64 from an unmapped buffer gives EFAULT");
	ok(mem_free() == before && fsize64(fd) == 0, "and leaves no index behind");
	RSYS(SYS_close, fd);
	is(RSYS(SYS_unlink, at("shrink")), 0, "unlink D/shrink");
}

/* Mica only: memory full, then far writes. */
static void full(void)
{
	static char chunk[1 << 16];
	long r;

	memset(chunk, 'f', sizeof(chunk));
	long before = mem_free();
	long fd = ropen(at("far"), O_RDWR | O_CREAT, 0644);
	long fill = ropen(at("fill"), O_RDWR | O_CREAT, 0644);
	while ((r = RSYS(SYS_write, fill, chunk, sizeof(chunk))) > 0)
		;
	is(r, -ENOSPC, "fill memory until ENOSPC");
	int enospc = fd >= 0;
	for (int i = 0; fd >= 0 && i < 32; i++)
		enospc &= pwrite_at(fd, "q", 1, TIB - 1 - ((long long)i << 30)) == -ENOSPC;
	ok(enospc, "32 far pwrite64s give ENOSPC");
	ok(fsize64(fd) == 0, "and the file stays empty");
	is(ropen(at("new"), O_RDWR | O_CREAT, 0644), -ENOSPC, "creating a file gives ENOSPC");
	is(RSYS(SYS_mkdir, at("newd"), 0755), -ENOSPC, "so does mkdir");
	char motd[8];
	long m = ropen("/etc/motd", O_RDONLY, 0);
	ok(m >= 0 && RSYS(SYS_read, m, motd, sizeof(motd)) == sizeof(motd),
	   "the kernel's reserve is intact: /etc/motd opens and reads");
	RSYS(SYS_close, m);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, at("far"));
	RSYS(SYS_close, fill);
	is(RSYS(SYS_unlink, at("fill")), 0, "unlink the fill");
	ok(can_fork(), "the kernel can fork again");
	long after = mem_free();
	ok(after == before, "MemFree is back where it was");
	if (after != before)
		diag("MemFree %ld kB before, %ld kB after", before, after);
}

int main(void)
{
	plan(42);
	snprintf(D, sizeof(D), "/tmp/fs_bigfile.%ld", RSYS(SYS_getpid));
	is(RSYS(SYS_mkdir, D, 0755), 0, "mkdir D");
	limits();
	if (on_mica()) {
		costs();
		full();
	} else {
		for (int i = 0; i < 25; i++)
			skip_why("memory accounting is Mica's", "index memory on Mica");
	}
	is(RSYS(SYS_rmdir, D), 0, "rmdir D");
	return done();
}
