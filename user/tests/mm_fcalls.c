/*
 * mm_fcalls - msync, mincore, madvise and mremap, on anonymous memory and
 * on file mappings, good paths and Linux's errors (unaligned addresses,
 * bad flags, holes, lengths that wrap past 0xFFFFFFFF, bad vectors).
 *
 * Each check that needs "nothing mapped after this" first makes such a
 * hole itself (maps two pages and unmaps the second), so nothing depends
 * on where the kernel places mappings. The file is
 * /dev/shm/mm_fcalls.<pid>, removed at the end.
 */
#include "raw.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define MREMAP_MAYMOVE_ 1
#define MREMAP_FIXED_ 2
#define MREMAP_DONTUNMAP_ 4

static char path[64];

/* mmap2 through libc's syscall(): the address, or -errno. */
static long mm2(unsigned long addr, unsigned long len, long prot, long flags, long fd, long pgoff)
{
	long r = syscall(SYS_mmap2, addr, len, prot, flags, fd, pgoff);
	return r == -1 ? -errno : r;
}

/* mremap through libc's syscall(): the address, or -errno. */
static long mre(long addr, unsigned long old, unsigned long new, long flags, long naddr)
{
	long r = syscall(SYS_mremap, addr, old, new, flags, naddr);
	return r == -1 ? -errno : r;
}

/* True iff a raw mmap result is an address rather than -errno. */
static int mapped(long r)
{
	return r != 0 && (unsigned long)r < -4096UL;
}

/* n pages of anonymous memory followed by at least one unmapped page. */
static long with_hole(unsigned n, long prot, long flags, long fd)
{
	long m = mm2(0, (n + 1) * PAGE, prot, flags, fd, 0);
	if (mapped(m))
		RSYS(SYS_munmap, m + n * PAGE, PAGE);
	return m;
}

/* msync: nothing to write back; the checks. */
static void msyncs(long fd)
{
	long m = with_hole(2, RW, MAP_SHARED, fd);

	((char *)m)[0] = 'S';
	is(RSYS(SYS_msync, m, 2 * PAGE, MS_SYNC), 0, "msync MS_SYNC of a shared file mapping");
	char b = 0;
	RSYS(SYS_pread64, fd, &b, 1, 0, 0);
	is(b, 'S', "after it, read() sees the store (it did before, too)");
	is(RSYS(SYS_msync, m, PAGE, MS_ASYNC), 0, "MS_ASYNC");
	is(RSYS(SYS_msync, m, PAGE, MS_INVALIDATE), 0, "MS_INVALIDATE");
	is(RSYS(SYS_msync, m, PAGE, 0), 0, "flags 0");
	is(RSYS(SYS_msync, m, 0, MS_SYNC), 0, "length 0");
	is(RSYS(SYS_msync, m, PAGE + 1, MS_SYNC), 0, "a length that rounds up to the mapping's end");
	is_err(RSYS(SYS_msync, m + 1, PAGE, MS_SYNC), EINVAL, "unaligned addr: EINVAL");
	is_err(RSYS(SYS_msync, m, PAGE, MS_SYNC | MS_ASYNC), EINVAL, "MS_SYNC|MS_ASYNC: EINVAL");
	is_err(RSYS(SYS_msync, m, PAGE, 8), EINVAL, "an unknown flag: EINVAL");
	is_err(RSYS(SYS_msync, m + 1, PAGE, 8), EINVAL, "unknown flag and unaligned: EINVAL");
	is_err(RSYS(SYS_msync, m, 3 * PAGE, MS_SYNC), ENOMEM, "a range running into a hole: ENOMEM");
	is_err(RSYS(SYS_msync, m + 2 * PAGE, PAGE, MS_SYNC), ENOMEM, "an unmapped range: ENOMEM");
	is_err(RSYS(SYS_msync, m, 0xFFFFF000UL, MS_SYNC), ENOMEM, "a length that wraps: ENOMEM");
	is_err(RSYS(SYS_msync, m, -1L, MS_SYNC), ENOMEM, "length -1: ENOMEM");
	is_err(RSYS(SYS_msync, 0xFFFFF000UL, 0x2000, MS_SYNC), ENOMEM,
	       "at 0xFFFFF000 for 2 pages: ENOMEM");
	long l = with_hole(1, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_LOCKED, -1);
	is_err(RSYS(SYS_msync, l, PAGE, MS_INVALIDATE), EBUSY,
	       "MS_INVALIDATE of a MAP_LOCKED mapping: EBUSY");
	is_err(RSYS(SYS_msync, l, 2 * PAGE, MS_INVALIDATE), EBUSY, "EBUSY comes before ENOMEM");
	is(RSYS(SYS_msync, l, PAGE, MS_SYNC), 0, "MS_SYNC of it is fine");
	RSYS(SYS_munmap, l, PAGE);
	long a = with_hole(1, RW, ANON, -1);
	is(RSYS(SYS_msync, a, PAGE, MS_SYNC), 0, "msync of anonymous memory");
	RSYS(SYS_munmap, a, PAGE);
	RSYS(SYS_munmap, m, 2 * PAGE);
}

/* mincore's bytes v[0..n) as the decimal digits of a number (1101 for
 * resident, resident, not, resident), a byte that is neither 0 nor 1 as 9. */
static long mc_digits(const unsigned char *v, int n)
{
	long d = 0;

	for (int i = 0; i < n; i++)
		d = d * 10 + (v[i] <= 1 ? v[i] : 9);
	return d;
}

/* mincore: one byte a page, 1 where resident. */
static void mincores(long fd)
{
	unsigned char vec[8];

	RSYS(SYS_ftruncate64, fd, 3 * PAGE, 0); /* pages 1 and 2 holes, page 0 data */
	long m = with_hole(4, PROT_READ, MAP_SHARED, fd);
	memset(vec, 0x55, sizeof(vec));
	is(RSYS(SYS_mincore, m, 4 * PAGE, vec), 0, "mincore of 4 pages of a 3-page file");
	is(vec[4] == 0x55 ? mc_digits(vec, 4) : -1, 1000,
	   "the file's page is resident, its holes and the page past the end are not");
	(void)*(volatile char *)(m + 2 * PAGE);
	RSYS(SYS_mincore, m, 4 * PAGE, vec);
	ok(vec[2] == 1 && vec[1] == 0, "a read fault in a hole makes it resident");
	RSYS(SYS_madvise, m, 4 * PAGE, MADV_DONTNEED);
	memset(vec, 0x55, sizeof(vec));
	RSYS(SYS_mincore, m, 4 * PAGE, vec);
	is(mc_digits(vec, 4), 1010,
	   "MADV_DONTNEED unmaps the pages, but the file still holds them: resident");
	long a = with_hole(3, RW, ANON, -1);
	((char *)a)[PAGE] = 1;
	memset(vec, 0x55, sizeof(vec));
	is(RSYS(SYS_mincore, a, 3 * PAGE, vec), 0, "mincore of 3 anonymous pages");
	ok(vec[0] == 0 && vec[1] == 1 && vec[2] == 0 && vec[3] == 0x55,
	   "only the touched page is resident");
	is(RSYS(SYS_mincore, a, 100, vec), 0, "a partial page counts as one");
	is(RSYS(SYS_mincore, a, 0, vec), 0, "length 0");
	is_err(RSYS(SYS_mincore, a + 1, PAGE, vec), EINVAL, "unaligned addr: EINVAL");
	is_err(RSYS(SYS_mincore, a, 4 * PAGE, vec), ENOMEM, "a range running into a hole: ENOMEM");
	is_err(RSYS(SYS_mincore, a + 3 * PAGE, PAGE, vec), ENOMEM, "an unmapped range: ENOMEM");
	is_err(RSYS(SYS_mincore, a, 0xFFFFF000UL, vec), ENOMEM, "a length that wraps: ENOMEM");
	is_err(RSYS(SYS_mincore, a, PAGE, 0), EFAULT, "a NULL vector: EFAULT");
	is_err(RSYS(SYS_mincore, a, PAGE, KERNEL_BASE), EFAULT, "a kernel vector: EFAULT");
	is_err(RSYS(SYS_mincore, a, PAGE, m + 3 * PAGE), EFAULT,
	       "a vector in a read-only mapping: EFAULT");
	RSYS(SYS_munmap, a, 3 * PAGE);
	RSYS(SYS_munmap, m, 4 * PAGE);
}

/* madvise: the advice, MADV_DONTNEED's effect, the checks. */
static void madvises(long fd)
{
	char c = 'F';
	RSYS(SYS_pwrite64, fd, &c, 1, PAGE + 8, 0);
	long p = with_hole(2, RW, MAP_PRIVATE, fd);
	((char *)p)[PAGE + 8] = 'P';
	is(RSYS(SYS_madvise, p, 2 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED of a private file mapping");
	is(((char *)p)[PAGE + 8], 'F', "its page shows the file's contents again");
	long a = with_hole(2, RW, ANON, -1);
	((char *)a)[9] = 'A';
	is(RSYS(SYS_madvise, a, 2 * PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED of anonymous memory");
	is(((char *)a)[9], 0, "it reads zeroes again");
	long s = with_hole(1, RW, MAP_SHARED | MAP_ANONYMOUS, -1);
	((char *)s)[9] = 'S';
	RSYS(SYS_madvise, s, PAGE, MADV_DONTNEED);
	is(((char *)s)[9], 'S', "shared anonymous memory keeps its data");
	long f = with_hole(2, RW, MAP_SHARED, fd);
	((char *)f)[PAGE + 9] = 'W';
	RSYS(SYS_madvise, f, 2 * PAGE, MADV_DONTNEED);
	is(((char *)f)[PAGE + 9], 'W', "a shared file mapping shows the file's data again");
	int adv[] = {MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTFORK,
		     MADV_DOFORK};
	int good = 0;
	for (unsigned i = 0; i < sizeof(adv) / sizeof(adv[0]); i++)
		good += RSYS(SYS_madvise, a, PAGE, adv[i]) == 0;
	is(good, 6, "NORMAL, RANDOM, SEQUENTIAL, WILLNEED, DONTFORK, DOFORK accepted");
	is_err(RSYS(SYS_madvise, a, PAGE, 999), EINVAL, "unknown advice: EINVAL");
	is_err(RSYS(SYS_madvise, a, PAGE, -1), EINVAL, "advice -1: EINVAL");
	is_err(RSYS(SYS_madvise, a + 1, PAGE, MADV_NORMAL), EINVAL, "unaligned addr: EINVAL");
	is(RSYS(SYS_madvise, a + 1, 0, MADV_NORMAL) == -EINVAL, 1,
	   "unaligned addr with length 0: still EINVAL");
	is(RSYS(SYS_madvise, a, 0, MADV_NORMAL), 0, "length 0");
	is_err(RSYS(SYS_madvise, a + 2 * PAGE, PAGE, 999), EINVAL,
	       "unknown advice on an unmapped range: EINVAL first");
	is_err(RSYS(SYS_madvise, a + 2 * PAGE, PAGE, MADV_NORMAL), ENOMEM,
	       "an unmapped range: ENOMEM");
	((char *)a)[9] = 'B';
	is_err(RSYS(SYS_madvise, a, 3 * PAGE, MADV_DONTNEED), ENOMEM,
	       "MADV_DONTNEED running into a hole: ENOMEM...");
	is(((char *)a)[9], 0, "...after dropping the mapped pages");
	is_err(RSYS(SYS_madvise, a, 0xFFFFF000UL, MADV_NORMAL), ENOMEM, "a length that wraps: ENOMEM");
	RSYS(SYS_munmap, a, 2 * PAGE);
	RSYS(SYS_munmap, p, 2 * PAGE);
	RSYS(SYS_munmap, s, PAGE);
	RSYS(SYS_munmap, f, 2 * PAGE);
}

/* mremap of anonymous memory. */
static void mremap_anon(void)
{
	long a = with_hole(2, RW, ANON, -1), r;

	memset((void *)a, 'a', 2 * PAGE);
	r = mre(a, 2 * PAGE, 3 * PAGE, 0, 0);
	is(r, a, "grow in place into a free page");
	ok(((char *)a)[2 * PAGE] == 0 && ((char *)a)[PAGE] == 'a', "the new page reads zeroes");
	is(mre(a, 3 * PAGE, PAGE, 0, 0), a, "shrink to one page");
	is(RSYS(SYS_munmap, a + PAGE, 2 * PAGE), 0, "(the tail is gone)");
	long blocker = mm2(a + PAGE, PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0);
	is_err(mre(a, PAGE, 2 * PAGE, 0, 0), ENOMEM, "grow into a mapped page without MAYMOVE: ENOMEM");
	r = mre(a, PAGE, 3 * PAGE, MREMAP_MAYMOVE_, 0);
	ok(mapped(r) && r != a && ((char *)r)[5] == 'a' && ((char *)r)[PAGE] == 0,
	   "MREMAP_MAYMOVE moves it with its data");
	is_err(mre(a, PAGE, PAGE, 0, 0), EFAULT, "the old address is gone: EFAULT");
	RSYS(SYS_munmap, blocker, PAGE);

	long t = with_hole(6, PROT_READ, ANON, -1);
	long n = mre(r, 3 * PAGE, 2 * PAGE, MREMAP_MAYMOVE_ | MREMAP_FIXED_, t + PAGE);
	ok(n == t + PAGE && ((char *)n)[5] == 'a', "MREMAP_FIXED moves it to the given address");
	ok(mre(t, PAGE, PAGE, 0, 0) == t && mre(t + 3 * PAGE, PAGE, PAGE, 0, 0) == t + 3 * PAGE,
	   "what was around the target is still mapped");
	is_err(mre(r, PAGE, PAGE, 0, 0), EFAULT, "and the old range is gone");

	is_err(mre(n + 1, PAGE, PAGE, 0, 0), EINVAL, "unaligned addr: EINVAL");
	is_err(mre(n, PAGE, 0, 0, 0), EINVAL, "new length 0: EINVAL");
	is_err(mre(n, 0, PAGE, MREMAP_MAYMOVE_, 0), EINVAL, "old length 0 of private memory: EINVAL");
	is_err(mre(n, PAGE, PAGE, 8, 0), EINVAL, "an unknown flag: EINVAL");
	is_err(mre(n, PAGE, PAGE, MREMAP_FIXED_, t), EINVAL, "MREMAP_FIXED without MAYMOVE: EINVAL");
	is_err(mre(n, PAGE, 2 * PAGE, MREMAP_MAYMOVE_ | MREMAP_DONTUNMAP_, 0), EINVAL,
	       "MREMAP_DONTUNMAP changing the length: EINVAL");
	is_err(mre(n, PAGE, PAGE, MREMAP_DONTUNMAP_, 0), EINVAL,
	       "MREMAP_DONTUNMAP without MAYMOVE: EINVAL");
	is_err(mre(n, PAGE, PAGE, MREMAP_MAYMOVE_ | MREMAP_FIXED_, t + 1), EINVAL,
	       "MREMAP_FIXED to an unaligned address: EINVAL");
	is_err(mre(n, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE_ | MREMAP_FIXED_, n + PAGE), EINVAL,
	       "MREMAP_FIXED onto an overlapping range: EINVAL");
	is_err(mre(t + 6 * PAGE, PAGE, 2 * PAGE, 0, 0), EFAULT, "an unmapped address: EFAULT");
	is_err(mre(n, PAGE, 0xFFFFF000UL, MREMAP_MAYMOVE_, 0), EINVAL,
	       "new length 0xFFFFF000: EINVAL");
	is_err(mre(n, 0xFFFFF000UL, PAGE, 0, 0), EINVAL, "shrinking from a length that wraps: EINVAL");
	RSYS(SYS_mprotect, t + 4 * PAGE, PAGE, RW);
	is_err(mre(t + 3 * PAGE, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE_, 0), EFAULT,
	       "an old range across two mappings: EFAULT");
	is(mre(t + 3 * PAGE, 2 * PAGE, PAGE, 0, 0), t + 3 * PAGE,
	   "but shrinking across them is allowed");

	long d = with_hole(1, RW, ANON, -1);
	((char *)d)[7] = 'd';
	long dn = mre(d, PAGE, PAGE, MREMAP_MAYMOVE_ | MREMAP_DONTUNMAP_, 0);
	ok(mapped(dn) && dn != d && ((char *)dn)[7] == 'd', "MREMAP_DONTUNMAP moves the data...");
	ok(mre(d, PAGE, PAGE, 0, 0) == d && ((char *)d)[7] == 0,
	   "...and leaves the old range mapped, empty");
	RSYS(SYS_munmap, d, PAGE);
	RSYS(SYS_munmap, dn, PAGE);

	long s = with_hole(1, RW, MAP_SHARED | MAP_ANONYMOUS, -1);
	((char *)s)[3] = 's';
	long s2 = mre(s, 0, PAGE, MREMAP_MAYMOVE_, 0);
	ok(mapped(s2) && s2 != s && ((char *)s2)[3] == 's',
	   "old length 0 of shared memory maps the same pages again");
	if (mapped(s2))
		((char *)s2)[4] = 't';
	is(((char *)s)[4], 't', "a store through the second mapping shows in the first");
	is_err(mre(s, 0, PAGE, 0, 0), ENOMEM, "old length 0 without MAYMOVE: ENOMEM");
	RSYS(SYS_munmap, s, PAGE);
	if (mapped(s2))
		RSYS(SYS_munmap, s2, PAGE);
	RSYS(SYS_munmap, n, 3 * PAGE);
	RSYS(SYS_munmap, t, 6 * PAGE);
}

/* A child's body: with RLIMIT_AS at 256 MiB, mremap may grow a page to
 * 16 MiB but not to 512 MiB; exits with a bit set for each check that
 * failed. */
static void child_as(long unused)
{
	struct {
		unsigned long long cur, max;
	} lim = {256UL << 20, ~0ULL};
	(void)unused;
	if (RSYS(SYS_prlimit64, 0, 9 /* RLIMIT_AS */, &lim, 0))
		_exit(64);
	long a = mm2(0, PAGE, RW, ANON, -1, 0);
	int bad = 0;
	bad |= (mre(a, PAGE, 512UL << 20, MREMAP_MAYMOVE_, 0) != -ENOMEM) << 0;
	long b = mre(a, PAGE, 16UL << 20, MREMAP_MAYMOVE_, 0);
	bad |= !mapped(b) << 1;
	_exit(bad);
}

/* mremap of a file mapping keeps its file offset. */
static void mremap_file(long fd)
{
	unsigned char b[PAGE];
	for (unsigned i = 0; i < PAGE; i++)
		b[i] = pat(i);
	for (unsigned pg = 0; pg < 4; pg++)
		RSYS(SYS_pwrite64, fd, b, PAGE, pg * PAGE, 0);
	/* the file page, then a blocker page of our own right after it, not
	 * whatever follows a fresh mapping (the vDSO's pages, on both kernels) */
	long area = mm2(0, 2 * PAGE, PROT_READ, ANON, -1, 0);
	long m = mapped(area) ? mm2(area, PAGE, RW, MAP_SHARED | MAP_FIXED, fd, 1) : -1;
	long blocker = mapped(m) ? m + PAGE : -1;
	long r = mre(m, PAGE, 3 * PAGE, MREMAP_MAYMOVE_, 0);
	ok(mapped(r) && r != m && is_pat((void *)r, 0, PAGE) && is_pat((void *)(r + PAGE), 0, PAGE),
	   "a moved file mapping grows over the following file pages");
	((char *)r)[2 * PAGE + 1] = 'M';
	char c = 0;
	RSYS(SYS_pread64, fd, &c, 1, 3 * PAGE + 1, 0);
	is(c, 'M', "a store to its new third page lands at file page 3");
	RSYS(SYS_munmap, blocker, PAGE);
	long in = with_hole(1, RW, MAP_PRIVATE, fd);
	is(mre(in, PAGE, 2 * PAGE, 0, 0), in, "a private file mapping grows in place");
	ok(is_pat((void *)(in + PAGE), 0, PAGE), "its new page is the next file page");
	RSYS(SYS_munmap, in, 2 * PAGE);
	RSYS(SYS_munmap, r, 3 * PAGE);
	is_exit(run_child(child_as, 0), 0, "mremap growing past RLIMIT_AS: ENOMEM");
}

int main(void)
{
	plan(87);
	snprintf(path, sizeof(path), "/dev/shm/mm_fcalls.%ld", RSYS(SYS_getpid));
	long fd = RSYS(SYS_open, path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	RSYS(SYS_ftruncate64, fd, 2 * PAGE, 0);
	msyncs(fd);
	mincores(fd);
	madvises(fd);
	mremap_anon();
	mremap_file(fd);
	RSYS(SYS_close, fd);
	is(RSYS(SYS_unlink, path), 0, "unlink the file");
	return done();
}
