/*
 * mm_mlock - mlock, mlock2, munlock, mlockall, munlockall and MAP_POPULATE:
 * what a lock makes resident (mincore), what it counts (VmLck in
 * /proc/self/status, read as a difference, never as an absolute value),
 * msync's EBUSY on a locked range, fork not inheriting locks, and Linux's
 * errors: ENOMEM for unmapped ranges (partly locked up to the hole),
 * lengths that run past the address space, PROT_NONE and pages past a
 * file's end; EINVAL for bad flags. mremap and brk grow locked memory
 * resident. Root (CAP_IPC_LOCK) is not limited by RLIMIT_MEMLOCK; a child
 * that drops to uid 65534 is (EPERM, ENOMEM, EAGAIN). The file is
 * /tmp/mm_mlock.<pid>.<k>.
 */
#include <sys/resource.h>

#include "raw.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define MLOCK_ONFAULT_ 1
#define MCL_CURRENT_ 1
#define MCL_FUTURE_ 2
#define MCL_ONFAULT_ 4
#define MAP_POPULATE_ 0x8000
#define MAP_NONBLOCK_ 0x10000
#define MAP_LOCKED_ 0x2000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

/* mmap2 at no hint, offset 0, through libc's syscall(): the address, or
 * -errno. */
static long mm2(long len, long prot, long flags, long fd)
{
	long r = syscall(SYS_mmap2, 0, len, prot, flags, fd, 0);
	return r == -1 ? -errno : r;
}

/* True iff a raw mmap result is an address rather than -errno. */
static int mapped(long r)
{
	return r != 0 && (unsigned long)r < -4096UL;
}

/* n fresh private anonymous pages, nothing touched; 0 on failure. */
static char *fresh(int n, long prot)
{
	long m = mm2((long)n * PAGE, prot, ANON, -1);
	return mapped(m) ? (char *)m : NULL;
}

/* mincore of n pages at p as a string of '0'/'1' (static), or "error". */
static const char *res(const void *p, int n)
{
	static char s[33];
	unsigned char v[32];

	if (n > 32 || RSYS(SYS_mincore, p, (long)n * PAGE, v) != 0)
		return "error";
	for (int i = 0; i < n; i++)
		s[i] = (v[i] & 1) ? '1' : '0';
	s[n] = '\0';
	return s;
}

/* Passes iff the residency string of n pages at p is want. */
static void is_res(const void *p, int n, const char *want, const char *what)
{
	const char *got = res(p, n);
	ok(strcmp(got, want) == 0, "%s: mincore says %s", what, want);
	if (strcmp(got, want) != 0)
		diag("got %s", got);
}

/* VmLck of /proc/self/status in kB, or -1. */
static long vmlck(void)
{
	static char buf[4096];
	long fd = ropen("/proc/self/status", O_RDONLY, 0);
	long n = fd < 0 ? -1 : RSYS(SYS_read, fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		RSYS(SYS_close, fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *l = strstr(buf, "VmLck:");
	return l ? strtol(l + 6, NULL, 10) : -1;
}

/* mlock and munlock of anonymous memory, and their errors. */
static void locks(void)
{
	char *a = fresh(4, RW);
	long base = vmlck();

	is_res(a, 4, "0000", "four fresh pages");
	is(RSYS(SYS_mlock, a + 1, PAGE), 0, "mlock of a page from an unaligned start");
	is_res(a, 4, "1100", "the two pages it touches are resident");
	is(vmlck() - base, 8, "VmLck grows by those two pages");
	is(RSYS(SYS_mlock, a, 2 * PAGE), 0, "mlock of a locked range again");
	is(vmlck() - base, 8, "VmLck counts them once");
	is_err(RSYS(SYS_msync, a, PAGE, MS_INVALIDATE), EBUSY, "msync MS_INVALIDATE of it: EBUSY");
	is(RSYS(SYS_msync, a, PAGE, MS_SYNC), 0, "msync MS_SYNC of it: 0");
	is(RSYS(SYS_munlock, a, 4 * PAGE), 0, "munlock of the four pages");
	is(vmlck() - base, 0, "VmLck is back");
	is_res(a, 4, "1100", "the pages stay resident");
	is(RSYS(SYS_msync, a, PAGE, MS_INVALIDATE), 0, "msync MS_INVALIDATE after munlock: 0");

	RSYS(SYS_munmap, a + 3 * PAGE, PAGE);
	is_err(RSYS(SYS_mlock, a, 4 * PAGE), ENOMEM, "mlock of a range running into a hole: ENOMEM");
	is(vmlck() - base, 12, "the three pages before the hole are locked all the same");
	is_res(a, 3, "110", "but not faulted in");
	is_err(RSYS(SYS_munlock, a, 4 * PAGE), ENOMEM, "munlock of it: ENOMEM");
	is(vmlck() - base, 0, "the pages before the hole are unlocked");
	is(RSYS(SYS_mlock, a, 0), 0, "mlock of length 0: 0");
	is(RSYS(SYS_munlock, a, 0), 0, "munlock of length 0: 0");
	is(RSYS(SYS_mlock, a + 3 * PAGE, 0), 0, "mlock of length 0 in a hole: 0");
	is_err(RSYS(SYS_mlock, a + 3 * PAGE, PAGE), ENOMEM, "mlock of an unmapped page: ENOMEM");
	is_err(RSYS(SYS_munlock, a + 3 * PAGE, PAGE), ENOMEM, "munlock of an unmapped page: ENOMEM");
	is_err(RSYS(SYS_mlock, 0, PAGE), ENOMEM, "mlock of NULL: ENOMEM");
	is_err(RSYS(SYS_mlock, 0xC0000000UL, PAGE), ENOMEM, "mlock of a kernel address: ENOMEM");
	is_err(RSYS(SYS_mlock, a, -PAGE), ENOMEM, "a length that wraps: ENOMEM");
	is_err(RSYS(SYS_mlock, a, -1L), ENOMEM, "length -1: ENOMEM");
	is_err(RSYS(SYS_munlock, a, -1L), ENOMEM, "munlock of length -1: ENOMEM");
	is_err(RSYS(SYS_mlock, WRAPADDR, 0x2000), ENOMEM, "at 0xFFFFF000 for 2 pages: ENOMEM");
	RSYS(SYS_munlock, a, 3 * PAGE);
	is(vmlck() - base, 0, "nothing is left locked");
	RSYS(SYS_munmap, a, 3 * PAGE);

	char *n = fresh(2, PROT_NONE);
	is_err(RSYS(SYS_mlock, n, 2 * PAGE), ENOMEM, "mlock of PROT_NONE memory: ENOMEM");
	is_res(n, 2, "00", "nothing faulted in");
	RSYS(SYS_munlock, n, 2 * PAGE);
	RSYS(SYS_munmap, n, 2 * PAGE);
	char *r = fresh(2, PROT_READ);
	is(RSYS(SYS_mlock, r, 2 * PAGE), 0, "mlock of read-only memory");
	is_res(r, 2, "11", "its zero pages are resident");
	RSYS(SYS_munmap, r, 2 * PAGE);
	is(vmlck() - base, 0, "munmap drops the lock it held");
}

/* mlock2 and its flag. */
static void lock2(void)
{
	char *a = fresh(2, RW);
	long base = vmlck();

	is_err(RSYS(SYS_mlock2, a, PAGE, 2), EINVAL, "mlock2 with flag 2: EINVAL");
	is_err(RSYS(SYS_mlock2, a, PAGE, -1L), EINVAL, "mlock2 with every flag: EINVAL");
	is_err(RSYS(SYS_mlock2, a + 2 * PAGE, PAGE, 2), EINVAL, "the flag is checked before the range");
	is(RSYS(SYS_mlock2, a, 2 * PAGE, MLOCK_ONFAULT_), 0, "mlock2 MLOCK_ONFAULT");
	is(vmlck() - base, 8, "VmLck counts the range");
	is_res(a, 2, "00", "MLOCK_ONFAULT faults nothing in");
	a[PAGE] = 1;
	is_res(a, 2, "01", "a touched page comes in as usual");
	is(RSYS(SYS_mlock2, a, 2 * PAGE, 0), 0, "mlock2 with no flag is mlock");
	is_res(a, 2, "11", "and faults the rest in");
	is(vmlck() - base, 8, "VmLck counts the range once");
	is_err(RSYS(SYS_mlock2, 0, PAGE, 0), ENOMEM, "mlock2 of NULL: ENOMEM");
	RSYS(SYS_munmap, a, 2 * PAGE);
	is(vmlck() - base, 0, "munmap drops the lock");
}

/* mlockall and munlockall; fork drops every lock and MCL_FUTURE. */
static void lockall(void)
{
	long base = vmlck();

	is_err(RSYS(SYS_mlockall, 0), EINVAL, "mlockall(0): EINVAL");
	is_err(RSYS(SYS_mlockall, 8), EINVAL, "mlockall with an unknown flag: EINVAL");
	is_err(RSYS(SYS_mlockall, -1L), EINVAL, "mlockall with every flag: EINVAL");
	is_err(RSYS(SYS_mlockall, MCL_ONFAULT_), EINVAL, "mlockall(MCL_ONFAULT) alone: EINVAL");
	is(vmlck() - base, 0, "nothing locked by them");

	char *before = fresh(3, RW);
	is(RSYS(SYS_mlockall, MCL_FUTURE_), 0, "mlockall(MCL_FUTURE)");
	is_res(before, 3, "000", "a mapping made before it stays out");
	long mid = vmlck();
	char *after = fresh(3, RW);
	is_res(after, 3, "111", "a mapping made after it is resident at once");
	is(vmlck() - mid, 12, "and counted in VmLck");
	long cur = RSYS(SYS_brk, 0);
	long top = (cur + PAGE - 1) & ~(long)(PAGE - 1);
	is(RSYS(SYS_brk, top + 3 * PAGE), top + 3 * PAGE, "brk grows the heap by three pages");
	is_res((void *)top, 3, "111", "the new heap pages are resident at once");
	RSYS(SYS_brk, cur);
	is(RSYS(SYS_munlockall), 0, "munlockall");
	is(vmlck() - base, 0, "VmLck is back");
	char *later = fresh(3, RW);
	is_res(later, 3, "000", "after munlockall a new mapping is not faulted in");

	is(RSYS(SYS_mlockall, MCL_FUTURE_ | MCL_ONFAULT_), 0, "mlockall(MCL_FUTURE|MCL_ONFAULT)");
	char *onf = fresh(2, RW);
	is_res(onf, 2, "00", "a new mapping is locked but not faulted in");
	is(vmlck() - base, 8, "VmLck counts it");
	RSYS(SYS_munlockall);

	is(RSYS(SYS_mlockall, MCL_CURRENT_ | MCL_FUTURE_), 0, "mlockall(MCL_CURRENT|MCL_FUTURE)");
	is_res(before, 3, "111", "an untouched mapping is resident now");
	is_res(later, 3, "111", "another one too");
	ok(vmlck() - base >= 36, "VmLck counts every mapping");
	is_err(RSYS(SYS_msync, before, PAGE, MS_INVALIDATE), EBUSY, "msync MS_INVALIDATE: EBUSY");
	int pfd[2];
	RSYS(SYS_pipe, pfd);
	long pid = rfork();
	if (pid == 0) {
		long v[3] = { vmlck(), 0, 0 };
		char *c = fresh(2, RW);
		v[1] = c && strcmp(res(c, 2), "00") == 0;
		v[2] = RSYS(SYS_msync, before, PAGE, MS_INVALIDATE);
		RSYS(SYS_write, pfd[1], v, sizeof(v));
		rexit(0);
	}
	long v[3] = { -1, -1, -1 };
	RSYS(SYS_read, pfd[0], v, sizeof(v));
	is_exit((int)rwait(pid), 0, "a child of fork");
	is(v[0], 0, "has nothing locked (VmLck 0)");
	is(v[1], 1, "does not inherit MCL_FUTURE: its new mapping is not faulted in");
	is(v[2], 0, "its msync MS_INVALIDATE of the parent's locked memory is 0");
	RSYS(SYS_close, pfd[0]);
	RSYS(SYS_close, pfd[1]);
	is(RSYS(SYS_munlockall), 0, "munlockall");
	is(vmlck(), 0, "VmLck is 0");
	is(RSYS(SYS_munlockall), 0, "munlockall again");
	RSYS(SYS_munmap, before, 3 * PAGE);
	RSYS(SYS_munmap, after, 3 * PAGE);
	RSYS(SYS_munmap, later, 3 * PAGE);
	RSYS(SYS_munmap, onf, 2 * PAGE);
}

/* mremap of a locked mapping: the pages it grows by are faulted in and
 * counted, in place and moved; a shrink gives back its share. */
static void remaps(void)
{
	char *a = fresh(8, RW);
	RSYS(SYS_munmap, a + PAGE, 7 * PAGE);
	RSYS(SYS_mlock, a, PAGE);
	long base = vmlck();
	long r = RSYS(SYS_mremap, a, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
	is(r, (long)a, "mremap grows a locked page in place");
	is_res(a, 3, "111", "the pages it grew by are resident");
	is(vmlck() - base, 8, "and locked");
	char *to = fresh(5, RW); /* the target: MREMAP_FIXED replaces what is there */
	long m = RSYS(SYS_mremap, a, 3 * PAGE, 5 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	is(m, (long)to, "mremap moves it to a fixed address, growing it");
	is_res((void *)m, 5, "11111", "every page is resident there");
	is(vmlck() - base, 16, "and locked");
	is(RSYS(SYS_mremap, m, 5 * PAGE, 2 * PAGE, 0), m, "mremap shrinks it");
	is(vmlck() - base, 4, "VmLck gives back the pages");
	RSYS(SYS_munmap, m, 2 * PAGE);
}

/* MAP_POPULATE, MAP_NONBLOCK and MAP_LOCKED of anonymous memory, and
 * RLIMIT_MEMLOCK 0 for root. */
static void populate(void)
{
	long base = vmlck();
	long p = mm2(3 * PAGE, RW, ANON | MAP_POPULATE_, -1);
	is_res((void *)p, 3, "111", "MAP_POPULATE of anonymous memory faults it in");
	long q = mm2(3 * PAGE, RW, ANON | MAP_POPULATE_ | MAP_NONBLOCK_, -1);
	is_res((void *)q, 3, "000", "MAP_POPULATE|MAP_NONBLOCK does not");
	long s = mm2(2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE_, -1);
	is_res((void *)s, 2, "11", "MAP_POPULATE of shared anonymous memory");
	is(vmlck() - base, 0, "MAP_POPULATE locks nothing");
	long l = mm2(3 * PAGE, RW, ANON | MAP_LOCKED_, -1);
	is_res((void *)l, 3, "111", "MAP_LOCKED faults the mapping in");
	is(vmlck() - base, 12, "and counts it in VmLck");
	RSYS(SYS_munmap, p, 3 * PAGE);
	RSYS(SYS_munmap, q, 3 * PAGE);
	RSYS(SYS_munmap, s, 2 * PAGE);
	RSYS(SYS_munmap, l, 3 * PAGE);

	struct {
		unsigned long long cur, max;
	} old, zero = { 0, 0 };
	RSYS(SYS_prlimit64, 0, RLIMIT_MEMLOCK, 0, &old);
	zero.max = old.max; /* a hard limit only CAP_SYS_RESOURCE could raise again */
	is(RSYS(SYS_prlimit64, 0, RLIMIT_MEMLOCK, &zero, 0), 0, "RLIMIT_MEMLOCK set to 0");
	char *a = fresh(3, RW);
	is(RSYS(SYS_mlock, a, 3 * PAGE), 0, "root may mlock all the same");
	is_res(a, 3, "111", "and the pages are resident");
	is(RSYS(SYS_mlockall, MCL_CURRENT_), 0, "and mlockall");
	RSYS(SYS_munlockall);
	RSYS(SYS_prlimit64, 0, RLIMIT_MEMLOCK, &old, 0);
	RSYS(SYS_munmap, a, 3 * PAGE);
}

/* What an unprivileged process (uid 65534, no CAP_IPC_LOCK) with a
 * RLIMIT_MEMLOCK of two pages gets, then with a limit of 0: each result
 * in order, for the parent to check. */
static void unprivileged_child(long *r)
{
	struct {
		unsigned long long cur, max;
	} lim = { 2 * PAGE, 2 * PAGE };
	int i = 0;

	RSYS(SYS_prlimit64, 0, RLIMIT_MEMLOCK, &lim, 0);
	if (RSYS(SYS_setuid32, 65534) != 0)
		return;
	char *a = fresh(4, RW);
	r[i++] = RSYS(SYS_mlock, a, 2 * PAGE);
	r[i++] = RSYS(SYS_mlock, a, 3 * PAGE);
	r[i++] = RSYS(SYS_mlock, a, 2 * PAGE);
	r[i++] = RSYS(SYS_mlock, a + 2 * PAGE, PAGE);
	r[i++] = RSYS(SYS_munlock, a, 4 * PAGE);
	r[i++] = RSYS(SYS_mlockall, MCL_CURRENT_);
	r[i++] = RSYS(SYS_mlockall, MCL_FUTURE_);
	r[i++] = mm2(3 * PAGE, RW, ANON, -1);
	r[i++] = mapped(mm2(PAGE, RW, ANON, -1));
	long cur = RSYS(SYS_brk, 0);
	r[i++] = RSYS(SYS_brk, ((cur + PAGE - 1) & ~(long)(PAGE - 1)) + 4 * PAGE) == cur;
	r[i++] = RSYS(SYS_munlockall);
	r[i++] = mm2(3 * PAGE, RW, ANON | MAP_LOCKED_, -1);
	r[i++] = mapped(mm2(PAGE, RW, ANON | MAP_LOCKED_, -1));
	lim.cur = 0;
	RSYS(SYS_prlimit64, 0, RLIMIT_MEMLOCK, &lim, 0);
	r[i++] = RSYS(SYS_mlock, a, PAGE);
	r[i++] = RSYS(SYS_mlock2, a, PAGE, 2);
	r[i++] = RSYS(SYS_mlock, a, 0);
	r[i++] = RSYS(SYS_mlockall, MCL_FUTURE_);
	r[i++] = RSYS(SYS_mlockall, 0);
	r[i++] = mm2(PAGE, RW, ANON | MAP_LOCKED_, -1);
	r[i++] = RSYS(SYS_munlock, a, PAGE);
	r[i++] = RSYS(SYS_munlockall);
}

/* RLIMIT_MEMLOCK and its EPERM, ENOMEM and EAGAIN without CAP_IPC_LOCK. */
static void unprivileged(void)
{
	long r[21];
	int pfd[2];

	for (unsigned i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		r[i] = 12345;
	RSYS(SYS_pipe, pfd);
	long pid = rfork();
	if (pid == 0) {
		unprivileged_child(r);
		RSYS(SYS_write, pfd[1], r, sizeof(r));
		rexit(0);
	}
	RSYS(SYS_read, pfd[0], r, sizeof(r));
	is_exit((int)rwait(pid), 0, "a child drops root (setuid 65534) with a limit of two pages");
	RSYS(SYS_close, pfd[0]);
	RSYS(SYS_close, pfd[1]);
	is(r[0], 0, "it may mlock two pages");
	is_err(r[1], ENOMEM, "three: ENOMEM");
	is(r[2], 0, "the two locked ones again: 0 (they are not counted twice)");
	is_err(r[3], ENOMEM, "one more page besides them: ENOMEM");
	is(r[4], 0, "munlock");
	is_err(r[5], ENOMEM, "mlockall(MCL_CURRENT) of more than the limit: ENOMEM");
	is(r[6], 0, "mlockall(MCL_FUTURE) is not checked against it");
	is_err(r[7], EAGAIN, "but a later three-page mmap is: EAGAIN");
	is(r[8], 1, "a one-page mmap fits");
	is(r[9], 1, "a brk growth past the limit fails");
	is(r[10], 0, "munlockall");
	is_err(r[11], EAGAIN, "a three-page MAP_LOCKED mmap: EAGAIN");
	is(r[12], 1, "a one-page one fits");
	is_err(r[13], EPERM, "with a limit of 0, mlock: EPERM");
	is_err(r[14], EINVAL, "mlock2 with a bad flag: EINVAL first");
	is_err(r[15], EPERM, "mlock of length 0: EPERM all the same");
	is_err(r[16], EPERM, "mlockall(MCL_FUTURE): EPERM");
	is_err(r[17], EINVAL, "mlockall(0): EINVAL first");
	is_err(r[18], EPERM, "MAP_LOCKED: EPERM");
	is(r[19], 0, "munlock needs no permission");
	is(r[20], 0, "nor munlockall");
}

/* Locks and MAP_POPULATE of file mappings: pages past the end, and the
 * copy-on-write that populating a private writable mapping breaks. */
static void files(void)
{
	char path[64];
	long fd = mkpat(tmpname(path, "mm_mlock"), 2 * PAGE);
	long base = vmlck();

	long f = mm2(4 * PAGE, RW, MAP_PRIVATE, fd);
	is_err(RSYS(SYS_mlock, f, 4 * PAGE), ENOMEM,
	       "mlock of a file mapping running past the end of the file: ENOMEM");
	is_res((void *)f, 4, "1100", "the pages inside the file are resident");
	is(vmlck() - base, 16, "the whole range is locked");
	RSYS(SYS_munmap, f, 4 * PAGE);
	long g = mm2(4 * PAGE, RW, MAP_PRIVATE | MAP_POPULATE_, fd);
	ok(mapped(g), "MAP_POPULATE of a mapping past the end of the file succeeds");
	is_res((void *)g, 4, "1100", "its pages inside the file are resident");
	RSYS(SYS_munmap, g, 4 * PAGE);

	long pw = mm2(PAGE, RW, MAP_PRIVATE | MAP_POPULATE_, fd);
	long pr = mm2(PAGE, PROT_READ, MAP_PRIVATE | MAP_POPULATE_, fd);
	long plain = mm2(PAGE, RW, MAP_PRIVATE, fd);
	long sh = mm2(PAGE, RW, MAP_SHARED | MAP_POPULATE_, fd);
	is(RSYS(SYS_pwrite64, fd, "Z", 1, 0, 0), 1, "a write() to the file after mapping it");
	is(*(char *)pw, pat(0), "a populated private writable mapping already has its own copy");
	is(*(char *)pr, 'Z', "a populated private read-only one still shows the file");
	is(*(char *)plain, 'Z', "so does a private writable one that was not populated");
	is(*(char *)sh, 'Z', "and a populated shared one");
	is(RSYS(SYS_mlock, sh, PAGE), 0, "mlock of a shared file mapping");
	*(char *)sh = 'Y';
	char b = 0;
	RSYS(SYS_pread64, fd, &b, 1, 0, 0);
	is(b, 'Y', "a store to it is in the file");
	long lk = mm2(PAGE, RW, MAP_PRIVATE, fd);
	is(RSYS(SYS_mlock, lk, PAGE), 0, "mlock of a private writable file mapping");
	RSYS(SYS_pwrite64, fd, "X", 1, 0, 0);
	is(*(char *)lk, 'Y', "breaks its copy-on-write: a later write() is not seen");
	RSYS(SYS_munmap, pw, PAGE);
	RSYS(SYS_munmap, pr, PAGE);
	RSYS(SYS_munmap, plain, PAGE);
	RSYS(SYS_munmap, sh, PAGE);
	RSYS(SYS_munmap, lk, PAGE);
	is(vmlck() - base, 0, "munmap drops the locks");
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, path);
}

int main(void)
{
	plan(130);
	locks();
	lock2();
	lockall();
	remaps();
	populate();
	unprivileged();
	files();
	return done();
}
