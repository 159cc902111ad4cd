/*
 * mm_ftrunc - the end of a mapped file: a page wholly past the end is
 * SIGBUS (BUS_ADRERR, si_addr the address) and EFAULT for read()/write()
 * buffers there; ftruncate shrinking under a mapping takes the pages away
 * from every address space (private copies too), growing brings them
 * back; fork shares MAP_SHARED pages and copies MAP_PRIVATE ones on
 * write; split VMAs keep their file offsets; the file outlives close and
 * unlink while mapped, and its memory comes back exactly when the last
 * mapping goes (MemFree, Mica only).
 *
 * Files are /dev/shm/mm_ftrunc.<pid>.*, removed at the end.
 */
#include "raw.h"

#include <setjmp.h>
#include <signal.h>

#define RW (PROT_READ | PROT_WRITE)

static char base[64];
static sigjmp_buf jb;
static volatile unsigned long fault_addr;
static volatile int fault_code, fault_sig;

/* mmap2 through libc's syscall(): the address, or -errno. */
static long mm2(unsigned long addr, unsigned long len, long prot, long flags, long fd, long pgoff)
{
	long r = syscall(SYS_mmap2, addr, len, prot, flags, fd, pgoff);
	return r == -1 ? -errno : r;
}

/* True iff a raw mmap result is an address rather than -errno. */
static int mapped(long r)
{
	return r != 0 && (unsigned long)r < -4096UL;
}

/* The path base.name into buf. */
static const char *at(char *buf, const char *name)
{
	snprintf(buf, 96, "%s.%s", base, name);
	return buf;
}

/* ftruncate64 to len: 0 or -errno. */
static long trunc_to(long fd, long long len)
{
	return RSYS(SYS_ftruncate64, fd, (long)len, (long)(len >> 32));
}

/* A file name (made empty) of npages pages and extra bytes of pat(). Returns the fd. */
static long make_file(const char *name, unsigned npages, unsigned extra)
{
	char p[96];
	static unsigned char buf[PAGE];
	long fd = RSYS(SYS_open, at(p, name), O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (unsigned pg = 0; pg <= npages; pg++) {
		unsigned n = pg < npages ? PAGE : extra;
		for (unsigned i = 0; i < n; i++)
			buf[i] = pat(pg * PAGE + i);
		if (n)
			RSYS(SYS_pwrite64, fd, buf, n, pg * PAGE, 0);
	}
	return fd;
}

/* The SIGBUS/SIGSEGV handler of touch(): records the signal and jumps back. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = (unsigned long)si->si_addr;
	siglongjmp(jb, 1);
}

/* Touches addr (a store when write): 0, or the signal it raised, with
 * fault_code and fault_addr set. */
static int touch(unsigned long addr, int write)
{
	fault_sig = 0;
	if (sigsetjmp(jb, 1))
		return fault_sig;
	if (write)
		*(volatile char *)addr = 1;
	else
		(void)*(volatile char *)addr;
	return 0;
}

/* Checks that touching addr raises SIGBUS, BUS_ADRERR, at addr. */
static void sigbus_at(unsigned long addr, int write, const char *what)
{
	int s = touch(addr, write);
	ok(s == SIGBUS && fault_code == BUS_ADRERR && fault_addr == addr,
	   "%s: SIGBUS, BUS_ADRERR, si_addr the address", what);
	if (s != SIGBUS || fault_code != BUS_ADRERR || fault_addr != addr)
		diag("signal %d code %d, at +0x%lx", s, fault_code, fault_addr - (addr & ~(PAGE - 1UL)));
}

/* Returns 1 iff [p, p+n) is all zero bytes. */
static int zeros(unsigned long p, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		if (((const unsigned char *)p)[i])
			return 0;
	return 1;
}

/* A child's body: touch addr with SIGBUS at its default action. */
static void die_of_sigbus(long addr)
{
	signal(SIGBUS, SIG_DFL);
	(void)*(volatile char *)addr;
}

/* Past the end, and truncate shrinking and growing under the mapping. */
static void past_end(void)
{
	long fd = make_file("end", 1, 10), r;
	long m = mm2(0, 4 * PAGE, RW, MAP_SHARED, fd, 0);
	char b[16];

	if (!ok(mapped(m), "MAP_SHARED of 4 pages of a 1-page-and-10-byte file")) {
		for (int i = 0; i < 15; i++)
			ok(0, "past-end check %d (needs the mapping)", i);
		return;
	}
	sigbus_at(m + 2 * PAGE + 5, 0, "a load from a page wholly past the end");
	sigbus_at(m + 3 * PAGE, 1, "a store to a page wholly past the end");
	is(touch(m + PAGE + 4000, 1), 0, "a store into the partial last page is fine");
	is_signal(run_child(die_of_sigbus, m + 2 * PAGE), SIGBUS,
		  "without a handler the access kills with SIGBUS");
	long src = RSYS(SYS_open, "/dev/zero", O_RDONLY);
	r = RSYS(SYS_read, src, m + 2 * PAGE, 10);
	is_err(r, EFAULT, "read() into a buffer past the end: EFAULT");
	RSYS(SYS_close, src);
	long nul = RSYS(SYS_open, "/dev/null", O_WRONLY);
	is_err(RSYS(SYS_write, fd, m + 2 * PAGE, 10), EFAULT,
	       "write() from a buffer past the end: EFAULT");
	RSYS(SYS_close, nul);

	is(trunc_to(fd, 3 * PAGE), 0, "ftruncate grows the file to 3 pages");
	ok(touch(m + 2 * PAGE + 5, 0) == 0 && zeros(m + 2 * PAGE, PAGE),
	   "the grown page is reachable and reads zeroes");
	ok(*(unsigned char *)(m + PAGE + 4000) == 1,
	   "the store past the old end is now in the file");
	*(unsigned char *)(m + 2 * PAGE + 7) = 0x5A;
	is(RSYS(SYS_pread64, fd, b, 1, 2 * PAGE + 7, 0), 1, "pread of the grown page");
	is(b[0], 0x5A, "it sees a store through the mapping");

	is(trunc_to(fd, 100), 0, "ftruncate shrinks the file to 100 bytes");
	sigbus_at(m + PAGE, 0, "a page the shrink dropped");
	sigbus_at(m + 2 * PAGE + 7, 1, "a store to a dropped page");
	ok(is_pat((void *)m, 0, 100) && zeros(m + 100, PAGE - 100),
	   "the last page keeps its first 100 bytes and reads zeroes after");
	RSYS(SYS_munmap, m, 4 * PAGE);
	RSYS(SYS_close, fd);
}

/* Truncate takes private copies too, and reaches other processes. */
static void truncate_reaches(void)
{
	long fd = make_file("reach", 3, 0);
	long p = mm2(0, 3 * PAGE, RW, MAP_PRIVATE, fd, 0);
	long s = mm2(0, 3 * PAGE, RW, MAP_SHARED, fd, 0);

	if (!ok(mapped(p) && mapped(s), "a private and a shared mapping of a 3-page file")) {
		for (int i = 0; i < 5; i++)
			ok(0, "reach check %d (needs the mappings)", i);
		return;
	}
	*(volatile char *)(p + 2 * PAGE) = 9; /* a private copy of page 2 */
	(void)*(volatile char *)(s + 2 * PAGE);
	int go[2], ready[2];
	char c = 0;
	if (pipe(go) || pipe(ready)) {
		ok(0, "pipe");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) { /* the child maps page 2, then waits for the parent's truncate */
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		(void)*(volatile char *)(s + 2 * PAGE);
		close(go[1]);
		write(ready[1], &c, 1);
		read(go[0], &c, 1);
		(void)*(volatile char *)(s + 2 * PAGE);
		_exit(0);
	}
	close(go[0]);
	close(ready[1]);
	read(ready[0], &c, 1);
	is(trunc_to(fd, 2 * PAGE), 0, "ftruncate to 2 pages");
	close(go[1]);
	int st = -1;
	waitpid(pid, &st, 0);
	is_signal(st, SIGBUS, "a forked child mapping the dropped page gets SIGBUS");
	close(ready[0]);
	sigbus_at(p + 2 * PAGE, 0, "the private copy of a dropped page is gone too");
	ok(touch(p + PAGE, 0) == 0 && is_pat((void *)(p + PAGE), PAGE, PAGE),
	   "the private mapping's kept pages still show the file");
	is(trunc_to(fd, 3 * PAGE), 0, "grow again");
	ok(touch(p + 2 * PAGE, 0) == 0 && zeros(p + 2 * PAGE, PAGE),
	   "the private mapping now reads the new zero page");
	RSYS(SYS_munmap, p, 3 * PAGE);
	RSYS(SYS_munmap, s, 3 * PAGE);
	RSYS(SYS_close, fd);
}

/* fork: shared stays shared, private is copy-on-write, both hold the file. */
static void forked(void)
{
	char p[96];
	long fd = make_file("fork", 2, 0);
	long s = mm2(0, 2 * PAGE, RW, MAP_SHARED, fd, 0);
	long v = mm2(0, 2 * PAGE, RW, MAP_PRIVATE, fd, 0);

	if (!ok(mapped(s) && mapped(v), "a shared and a private mapping of a 2-page file")) {
		for (int i = 0; i < 5; i++)
			ok(0, "fork check %d (needs the mappings)", i);
		return;
	}
	*(volatile char *)(v + 1) = 0x11; /* the parent's private copy of page 0 */
	int st = -1;
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		*(volatile char *)(s + 3) = 0x33;	/* shared: the parent sees it */
		*(volatile char *)(v + PAGE + 3) = 0x44; /* private: it does not */
		*(volatile char *)(v + 1) = 0x22;	/* its own copy of the parent's copy */
		bad |= *(volatile unsigned char *)(v + 2) != pat(2);
		_exit(bad);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 0, "the child sees the parent's private copy");
	is(*(volatile unsigned char *)(s + 3), 0x33, "a child's store to MAP_SHARED reaches the parent");
	is(*(volatile unsigned char *)(v + PAGE + 3), pat(PAGE + 3),
	   "a child's store to MAP_PRIVATE does not");
	is(*(volatile unsigned char *)(v + 1), 0x11, "nor does its store to a page the parent had copied");

	/* the child holds the file: the parent lets go of everything */
	int pfd[2];
	pipe(pfd);
	pid = fork();
	if (pid == 0) {
		char c;
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		close(pfd[1]);
		read(pfd[0], &c, 1);
		_exit(*(volatile unsigned char *)(s + 3) == 0x33 &&
			      is_pat((void *)(s + PAGE), PAGE, PAGE)
			  ? 0
			  : 1);
	}
	RSYS(SYS_munmap, s, 2 * PAGE);
	RSYS(SYS_munmap, v, 2 * PAGE);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, at(p, "fork"));
	close(pfd[1]);
	close(pfd[0]);
	waitpid(pid, &st, 0);
	is_exit(st, 0, "after the parent unmaps, closes and unlinks, the child's mapping still works");
}

/* munmap and mprotect splits keep the file offsets right. */
static void splits(void)
{
	long fd = make_file("split", 4, 0);
	long m = mm2(0, 4 * PAGE, RW, MAP_SHARED, fd, 0);
	unsigned char b;

	if (!ok(mapped(m), "MAP_SHARED of a 4-page file")) {
		for (int i = 0; i < 5; i++)
			ok(0, "split check %d (needs the mapping)", i);
		return;
	}
	is(RSYS(SYS_munmap, m + PAGE, PAGE), 0, "munmap page 1 out of the middle");
	ok(is_pat((void *)m, 0, PAGE) && is_pat((void *)(m + 2 * PAGE), 2 * PAGE, 2 * PAGE),
	   "the two halves show pages 0, 2 and 3");
	is(RSYS(SYS_mprotect, m + 2 * PAGE, PAGE, PROT_READ), 0, "mprotect page 2 read-only");
	*(volatile unsigned char *)(m + 3 * PAGE + 9) = 0xC3;
	ok(RSYS(SYS_pread64, fd, &b, 1, 3 * PAGE + 9, 0) == 1 && b == 0xC3,
	   "a store through the split-off page 3 lands at file offset 3*4096+9");
	is(RSYS(SYS_mprotect, m + 2 * PAGE, 2 * PAGE, RW), 0, "mprotect pages 2-3 back");
	*(volatile unsigned char *)(m + 2 * PAGE + 9) = 0xC2;
	ok(RSYS(SYS_pread64, fd, &b, 1, 2 * PAGE + 9, 0) == 1 && b == 0xC2,
	   "and a store to page 2 lands at file offset 2*4096+9");
	RSYS(SYS_munmap, m, 4 * PAGE);
	RSYS(SYS_close, fd);
}

/* A read fault in a hole makes the page in the file, as tmpfs. */
static void holes(void)
{
	long fd = make_file("hole", 0, 0);
	struct kstat64 st;

	trunc_to(fd, 4 * PAGE);
	long m = mm2(0, 4 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	(void)*(volatile char *)(m + PAGE);
	RSYS(SYS_fstat64, fd, &st);
	is(st.st_blocks, 8, "a read fault in a hole makes one page in the file (st_blocks 8)");
	RSYS(SYS_munmap, m, 4 * PAGE);
	RSYS(SYS_close, fd);
}

/* Mica only: the pages come back exactly when the last mapping goes. */
static void memory(void)
{
	char p[96];
	long before = mem_free(), fd = make_file("mem", 0, 0);
	trunc_to(fd, 64 * PAGE);
	long m = mm2(0, 64 * PAGE, RW, MAP_SHARED, fd, 0);
	long v = mm2(0, 64 * PAGE, RW, MAP_PRIVATE, fd, 0);
	for (int i = 0; i < 64; i++) {
		*(volatile char *)(m + i * PAGE) = 1;
		*(volatile char *)(v + i * PAGE) = 2;
	}
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, at(p, "mem"));
	long held = before - mem_free();
	if (mica_only("an unlinked mapped file keeps its 64 pages and 64 private copies"))
		ok(held >= 128 * 4, "an unlinked mapped file keeps its 64 pages and 64 private copies");
	RSYS(SYS_munmap, m, 64 * PAGE);
	if (mica_only("with the private mapping left, the file's pages are still held"))
		ok(before - mem_free() >= 128 * 4,
		   "with the private mapping left, the file's pages are still held");
	RSYS(SYS_munmap, v, 64 * PAGE);
	if (mica_only("MemFree is back exactly after the last munmap")) {
		long now = mem_free();
		ok(now == before, "MemFree is back exactly after the last munmap");
		if (now != before)
			diag("MemFree %ld kB before, %ld kB after", before, now);
	}

	fd = make_file("mem2", 0, 0);
	trunc_to(fd, 64 * PAGE);
	before = mem_free();
	m = mm2(0, 64 * PAGE, RW, MAP_SHARED, fd, 0);
	for (int i = 0; i < 64; i++)
		*(volatile char *)(m + i * PAGE) = 1;
	trunc_to(fd, 0);
	if (mica_only("truncating a mapped file to 0 frees its pages at once"))
		ok(mem_free() - before >= -8, "truncating a mapped file to 0 frees its pages at once");
	RSYS(SYS_munmap, m, 64 * PAGE);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, at(p, "mem2"));
}

/* A hole that a full tmpfs (size=8k) cannot fill: SIGBUS, as Linux's shmem. */
static void full_tmpfs(void)
{
	char dir[96], file[128];
	snprintf(dir, sizeof(dir), "/tmp/mm_ftrunc.%ld", RSYS(SYS_getpid));
	snprintf(file, sizeof(file), "%s/f", dir);
	RSYS(SYS_mkdir, dir, 0700);
	if (!ok(RSYS(SYS_mount, "mm", dir, "tmpfs", 0, "size=8k") == 0, "mount a tmpfs of size=8k")) {
		for (int i = 0; i < 3; i++)
			ok(0, "full tmpfs check %d (needs the mount)", i);
		RSYS(SYS_rmdir, dir);
		return;
	}
	long fd = RSYS(SYS_open, file, O_RDWR | O_CREAT, 0644);
	trunc_to(fd, 4 * PAGE);
	long m = mm2(0, 4 * PAGE, RW, MAP_SHARED, fd, 0);
	ok(mapped(m) && touch(m, 1) == 0 && touch(m + PAGE, 0) == 0,
	   "two pages of a 4-page file fill it");
	if (mapped(m)) {
		sigbus_at(m + 2 * PAGE + 3, 0, "a hole past what the tmpfs holds");
		RSYS(SYS_munmap, m, 4 * PAGE);
	} else {
		ok(0, "a hole past what the tmpfs holds (needs the mapping)");
	}
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, file);
	is(RSYS(SYS_umount2, dir, 0), 0, "umount it");
	RSYS(SYS_rmdir, dir);
}

/* Lengths and addresses that wrap past 0xFFFFFFFF. */
static void wraps(void)
{
	long fd = make_file("wrap", 1, 0);
	is_err(mm2(0xFFFFF000UL, 0x2000, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0), ENOMEM,
	       "MAP_FIXED at 0xFFFFF000 for 2 pages: ENOMEM");
	is_err(RSYS(SYS_munmap, 0xFFFFF000UL, 0x2000), EINVAL, "munmap that wraps: EINVAL");
	is_err(RSYS(SYS_mprotect, 0xFFFFF000UL, 0x2000, PROT_READ), ENOMEM,
	       "mprotect that wraps: ENOMEM");
	long m = mm2(0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	is_err(RSYS(SYS_munmap, m, 0xFFFFF000UL), EINVAL, "munmap with a length that wraps: EINVAL");
	RSYS(SYS_munmap, m, PAGE);
	RSYS(SYS_close, fd);
}

int main(void)
{
	char p[96];
	struct sigaction sa;

	plan(50);
	snprintf(base, sizeof(base), "/dev/shm/mm_ftrunc.%ld", RSYS(SYS_getpid));
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	past_end();
	truncate_reaches();
	forked();
	splits();
	holes();
	memory();
	full_tmpfs();
	wraps();
	const char *names[] = {"end", "reach", "split", "hole", "wrap"};
	int gone = 0;
	for (unsigned i = 0; i < 5; i++)
		gone += RSYS(SYS_unlink, at(p, names[i])) == 0;
	is(gone, 5, "unlink the files");
	return done();
}
