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
	expect("pwrite64 of 1 byte at 2^40 - 1", pwrite_at(fd, "x", 1, TIB - 1), 1);
	ok(fsize64(fd) == TIB, "the file is 1 TiB long");
	ok(pread_at(fd, &c, 1, TIB - 1) == 1 && c == 'x', "pread64 reads the byte back");
	c = 1;
	ok(pread_at(fd, &c, 1, TIB / 2) == 1 && c == 0, "the middle is a hole of zeroes");
	expect("pwrite64 at a negative offset gives EINVAL", pwrite_at(fd, "x", 1, -1), -EINVAL);
	expect("ftruncate64 to a negative length gives EINVAL", trunc_to(fd, -1), -EINVAL);
	expect("ftruncate64 to 2^40 works", trunc_to(fd, TIB), 0);
	if (mica_only("pwrite64 at 2^40 gives EFBIG (Mica's limit is 1 TiB)"))
		expect("pwrite64 at 2^40 gives EFBIG (Mica's limit is 1 TiB)",
		       pwrite_at(fd, "x", 1, TIB), -EFBIG);
	if (mica_only("pwrite64 across the limit stops at it"))
		expect("pwrite64 across the limit stops at it", pwrite_at(fd, "yz", 2, TIB - 1), 1);
	if (mica_only("pwrite64 at 2^44 gives EFBIG"))
		expect("pwrite64 at 2^44 gives EFBIG", pwrite_at(fd, "x", 1, TIB << 4), -EFBIG);
	if (mica_only("ftruncate64 past 2^40 gives EFBIG"))
		expect("ftruncate64 past 2^40 gives EFBIG", trunc_to(fd, TIB + 1), -EFBIG);
	ok(fsize64(fd) == TIB, "the size is still 1 TiB");
	expect("ftruncate64 to 0", trunc_to(fd, 0), 0);
	RSYS(SYS_close, fd);
	expect("unlink D/big", RSYS(SYS_unlink, at("big")), 0);
}

/* Mica only: what the index costs, and that it comes back. */
static void costs(void)
{
	char name[32];
	long fds[NFAR], before, mid, made = 0;

	before = mem_free_kb();
	for (int i = 0; i < NFAR; i++) {
		snprintf(name, sizeof(name), "far%d", i);
		fds[i] = ropen(at(name), O_RDWR | O_CREAT, 0644);
		made += pwrite_at(fds[i], "q", 1, TIB - 1 - ((long long)i << 30)) == 1;
	}
	mid = mem_free_kb();
	expect("64 files with a byte near 1 TiB", made, NFAR);
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
	expect("unlink them", gone, NFAR);
	ok(mem_free_kb() == before, "MemFree is back where it was");

	long fd = ropen(at("shrink"), O_RDWR | O_CREAT, 0644);
	before = mem_free_kb();
	expect("a byte at 0", pwrite_at(fd, "a", 1, 0), 1);
	expect("costs one page", before - mem_free_kb(), 4);
	expect("and a byte at 2^40 - 1", pwrite_at(fd, "b", 1, TIB - 1), 1);
	/* page 0 now sits under three new levels, and the far byte needs
	 * two more index pages and its own page */
	expect("costs its page and five index pages", before - mem_free_kb(), 4 * 7);
	expect("ftruncate64 to 4096", trunc_to(fd, 4096), 0);
	expect("gives the index back: one page left", before - mem_free_kb(), 4);
	expect("ftruncate64 to 0", trunc_to(fd, 0), 0);
	expect("gives the last page back", before - mem_free_kb(), 0);

	/* a write that faults costs nothing either */
	expect("a far pwrite64 from an unmapped buffer gives EFAULT",
	       pwrite_at(fd, unmapped(), 1, TIB - 1), -EFAULT);
	ok(mem_free_kb() == before && fsize64(fd) == 0, "and leaves no index behind");
	RSYS(SYS_close, fd);
	expect("unlink D/shrink", RSYS(SYS_unlink, at("shrink")), 0);
}

/* Mica only: memory full, then far writes. */
static void full(void)
{
	static char chunk[1 << 16];
	long r;

	memset(chunk, 'f', sizeof(chunk));
	long before = mem_free_kb();
	long fd = ropen(at("far"), O_RDWR | O_CREAT, 0644);
	long fill = ropen(at("fill"), O_RDWR | O_CREAT, 0644);
	while ((r = RSYS(SYS_write, fill, chunk, sizeof(chunk))) > 0)
		;
	expect("fill memory until ENOSPC", r, -ENOSPC);
	int enospc = fd >= 0;
	for (int i = 0; fd >= 0 && i < 32; i++)
		enospc &= pwrite_at(fd, "q", 1, TIB - 1 - ((long long)i << 30)) == -ENOSPC;
	ok(enospc, "32 far pwrite64s give ENOSPC");
	ok(fsize64(fd) == 0, "and the file stays empty");
	expect("creating a file gives ENOSPC", ropen(at("new"), O_RDWR | O_CREAT, 0644), -ENOSPC);
	expect("so does mkdir", RSYS(SYS_mkdir, at("newd"), 0755), -ENOSPC);
	char motd[8];
	long m = ropen("/etc/motd", O_RDONLY, 0);
	ok(m >= 0 && RSYS(SYS_read, m, motd, sizeof(motd)) == sizeof(motd),
	   "the kernel's reserve is intact: /etc/motd opens and reads");
	RSYS(SYS_close, m);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, at("far"));
	RSYS(SYS_close, fill);
	expect("unlink the fill", RSYS(SYS_unlink, at("fill")), 0);
	ok(can_fork(), "the kernel can fork again");
	long after = mem_free_kb();
	ok(after == before, "MemFree is back where it was");
	if (after != before)
		diag("MemFree %ld kB before, %ld kB after", before, after);
}

int main(void)
{
	plan(42);
	snprintf(D, sizeof(D), "/tmp/fs_bigfile.%ld", RSYS(SYS_getpid));
	expect("mkdir D", RSYS(SYS_mkdir, D, 0755), 0);
	limits();
	if (on_mica()) {
		costs();
		full();
	} else {
		for (int i = 0; i < 25; i++)
			skip("index memory on Mica", "memory accounting is Mica's");
	}
	expect("rmdir D", RSYS(SYS_rmdir, D), 0);
	return done();
}
