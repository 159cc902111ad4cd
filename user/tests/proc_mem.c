/*
 * proc_mem - brk, mmap2/munmap/mprotect and stack growth.
 *
 * brk is checked through raw calls before anything else could move the
 * break (this program never uses malloc). Accesses that must fault run in a
 * forked child and the parent checks it died of SIGSEGV (wait status 11);
 * accesses that must work also run in a child where a kernel bug would kill
 * the test program itself.
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PAGE 4096UL
#define MIB (1024UL * 1024UL)

extern char _end[]; /* end of bss, from the linker */

static unsigned long brk_(unsigned long addr)
{
	return (unsigned long)sys1(SYS_brk, addr);
}

/* Raw mmap2 of anonymous private memory; returns the address or -errno. */
static long map(unsigned long len, int prot, int flags)
{
	return sys5(SYS_mmap2, 0, len, prot, flags, -1);
}

/* True iff a raw mmap2 result is an address rather than -errno. */
static int mapped(long r)
{
	return r != 0 && (unsigned long)r < -4096UL;
}

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void peek(long addr)
{
	(void)*(volatile char *)addr;
}

static void poke(long addr)
{
	*(volatile char *)addr = 1;
}

/* Returns 1 iff buf[0..len) is all zero. */
static int all_zero(unsigned long addr, unsigned long len)
{
	const unsigned char *p = (const unsigned char *)addr;
	for (unsigned long i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Writes a pattern to one word in every page of [addr, addr+len); check_pages verifies it. */
static void mark_pages(unsigned long addr, unsigned long len, unsigned tag)
{
	for (unsigned long off = 0; off < len; off += PAGE)
		*(volatile unsigned *)(addr + off + 8) = tag + (unsigned)off;
}

static int check_pages(unsigned long addr, unsigned long len, unsigned tag)
{
	for (unsigned long off = 0; off < len; off += PAGE)
		if (*(volatile unsigned *)(addr + off + 8) != tag + (unsigned)off)
			return 0;
	return 1;
}

/* brk: query, grow, zero fill, shrink, refusals. */
static void test_brk(void)
{
	unsigned long init = brk_(0), cur;
	volatile int on_stack = 0;

	ok(init >= (unsigned long)_end, "initial break is at or above the end of bss");
	is(init % PAGE, 0, "initial break is page aligned");
	is(brk_(0), init, "brk(0) twice gives the same break");
	is(brk_(init + PAGE), init + PAGE, "grow by one page");
	ok(all_zero(init, PAGE), "new brk page reads as zero");
	memset((void *)init, 0x5A, PAGE);
	ok(*(volatile unsigned char *)(init + PAGE - 1) == 0x5A, "new brk page is writable");
	is(brk_(init + 65 * PAGE), init + 65 * PAGE, "grow by 64 more pages");
	ok(all_zero(init + PAGE, 64 * PAGE), "64 new pages read as zero");
	mark_pages(init, 65 * PAGE, 0xB0B0);
	ok(check_pages(init, 65 * PAGE, 0xB0B0), "65 brk pages keep what was written");

	is(brk_(init + PAGE), init + PAGE, "shrink back to one page");
	is_signal(run_child(peek, (long)(init + 10 * PAGE)), SIGSEGV,
		  "reading a page released by shrinking brk gives SIGSEGV");
	is(brk_(init + 20 * PAGE), init + 20 * PAGE, "grow again by 19 pages");
	ok(all_zero(init + PAGE, 19 * PAGE), "re-grown pages read as zero, not old data");
	ok(*(volatile unsigned char *)(init + 5) == 0x5A,
	   "page kept across shrink still holds data");

	is(brk_(init + 100), init + 100, "unaligned brk returns exactly what was asked");
	is_exit(run_child(poke, (long)(init + PAGE - 1)), 0,
		"rest of the page below an unaligned break is usable");
	is_signal(run_child(poke, (long)(init + PAGE)), SIGSEGV,
		  "page above an unaligned break faults");

	cur = brk_(0);
	/* the program's text is below the initial break with any C library
	 * (glibc's startup has moved the break by the time init is read) */
	is(brk_((unsigned long)test_brk & ~(PAGE - 1)), cur,
	   "brk below the initial break refused (returns old break)");
	is(brk_(0xFFFFF000UL), cur, "brk to 0xFFFFF000 refused");
	is(brk_((unsigned long)&on_stack), cur, "brk into the stack refused");
	if (on_mica())
		is(brk_(KERNEL_BASE + PAGE), cur, "brk into kernel space refused");
	else
		skip("brk into kernel space refused");
	is(brk_(0), cur, "break unchanged by the refused calls");
	is(brk_(init), init, "brk back to the initial break");
}

/* mmap2 of anonymous memory: zero fill, munmap (whole and part), bad arguments. */
static void test_mmap(void)
{
	long one = map(PAGE, RW, ANON), many = map(100 * PAGE, RW, ANON), odd;

	ok(mapped(one) && one % PAGE == 0, "mmap of 1 page gives a page-aligned address");
	ok(mapped(many) && many % PAGE == 0, "mmap of 100 pages gives a page-aligned address");
	if (!mapped(one) || !mapped(many)) {
		for (int i = 0; i < 21; i++)
			ok(0, "mmap check %d (needs the mappings)", i);
		return;
	}
	ok((unsigned long)one + PAGE <= (unsigned long)many ||
	       (unsigned long)many + 100 * PAGE <= (unsigned long)one,
	   "the two mappings do not overlap");
	ok(all_zero(one, PAGE), "1-page mapping reads as zero");
	ok(all_zero(many, 100 * PAGE), "100-page mapping reads as zero");
	memset((void *)one, 0x11, PAGE);
	ok(*(unsigned char *)(one + PAGE - 1) == 0x11, "1-page mapping is writable");
	mark_pages(many, 100 * PAGE, 0xC0DE);
	ok(check_pages(many, 100 * PAGE, 0xC0DE), "100-page mapping keeps what was written");

	is(sys2(SYS_munmap, one, PAGE), 0, "munmap of the 1-page mapping");
	is_signal(run_child(peek, one), SIGSEGV, "reading an unmapped page gives SIGSEGV");
	is(sys2(SYS_munmap, many + 50 * PAGE, PAGE), 0, "munmap of one page in the middle");
	ok(check_pages(many, 50 * PAGE, 0xC0DE) &&
	       check_pages(many + 51 * PAGE, 49 * PAGE, 0xC0DE + (unsigned)(51 * PAGE)),
	   "pages on both sides of the hole keep their data");
	is_signal(run_child(poke, many + 50 * PAGE), SIGSEGV, "writing the hole gives SIGSEGV");
	is(sys2(SYS_munmap, many + 90 * PAGE, 10 * PAGE), 0, "munmap of the last 10 pages");
	is_exit(run_child(poke, many + 89 * PAGE), 0, "page below the cut still writable");
	is_signal(run_child(peek, many + 95 * PAGE), SIGSEGV, "page in the cut tail gives SIGSEGV");
	is(sys2(SYS_munmap, many + 50 * PAGE, PAGE), 0, "munmap of an already unmapped page is 0");
	is(sys2(SYS_munmap, many, 90 * PAGE), 0, "munmap of the rest, across the hole");

	odd = map(100, RW, ANON);
	ok(mapped(odd), "mmap of 100 bytes");
	is_exit(run_child(poke, odd + PAGE - 1), 0, "mmap of 100 bytes maps the whole page");
	sys2(SYS_munmap, odd, 100);

	is_err(map(0, RW, ANON), EINVAL, "mmap with length 0");
	is_err(map(PAGE, RW, MAP_ANONYMOUS), EINVAL, "mmap without MAP_PRIVATE or MAP_SHARED");
	is_err(map(0xF0000000UL, RW, ANON), ENOMEM, "mmap of 0xF0000000 bytes");
	is_err(sys2(SYS_munmap, many + 1, PAGE), EINVAL, "munmap of an unaligned address");
	is_err(sys2(SYS_munmap, many, 0), EINVAL, "munmap with length 0");
}

/* mprotect: read-only pages fault on write, and can be made writable again. */
static void test_mprotect(void)
{
	long m = map(4 * PAGE, RW, ANON), none;

	if (!ok(mapped(m), "mmap 4 pages for mprotect")) {
		for (int i = 0; i < 10; i++)
			ok(0, "mprotect check %d (needs the mapping)", i);
		return;
	}
	mark_pages(m, 4 * PAGE, 0xFACE);
	is(sys3(SYS_mprotect, m + PAGE, 2 * PAGE, PROT_READ), 0, "mprotect 2 pages PROT_READ");
	ok(check_pages(m, 4 * PAGE, 0xFACE), "read-only pages still read their data");
	is_signal(run_child(poke, m + PAGE + 100), SIGSEGV,
		  "writing a read-only page gives SIGSEGV");
	is_signal(run_child(poke, m + 3 * PAGE - 1), SIGSEGV,
		  "last byte of the read-only range too");
	is_exit(run_child(poke, m + 3 * PAGE), 0, "page after the read-only range stays writable");
	is(sys3(SYS_mprotect, m + PAGE, 2 * PAGE, RW), 0, "mprotect back to read-write");
	poke(m + PAGE + 100);
	ok(check_pages(m, 4 * PAGE, 0xFACE), "data preserved across both mprotect calls");
	is_err(sys3(SYS_mprotect, m + 1, PAGE, PROT_READ), EINVAL,
	       "mprotect of an unaligned address");
	sys2(SYS_munmap, m, 4 * PAGE);
	is_err(sys3(SYS_mprotect, m, PAGE, PROT_READ), ENOMEM, "mprotect of an unmapped range");

	none = map(PAGE, PROT_NONE, ANON);
	is_signal(run_child(peek, none), SIGSEGV, "reading a PROT_NONE page gives SIGSEGV");
	sys2(SYS_munmap, none, PAGE);
}

/* Writes then checks one byte per page in a fresh stack area of mib MiB, from top down. */
static void touch_stack(long mib)
{
	unsigned long len = (unsigned long)mib * MIB;
	volatile char *p = __builtin_alloca(len);

	for (unsigned long off = len; off >= PAGE; off -= PAGE)
		p[off - 1] = (char)(off >> 12);
	for (unsigned long off = len; off >= PAGE; off -= PAGE)
		if (p[off - 1] != (char)(off >> 12))
			_exit(1);
}

static volatile long depth_limit = 1L << 30;

/* Recurses with 1 KiB frames until the stack runs out. */
static int recurse(long n)
{
	volatile char frame[1024];
	frame[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return recurse(n + 1) + frame[0];
}

static void overflow(long unused)
{
	(void)unused;
	recurse(0);
}

/* The stack grows on demand up to 8 MiB; beyond that the process dies. */
static void test_stack(void)
{
	is_exit(run_child(touch_stack, 1), 0, "touching 1 MiB of stack");
	is_exit(run_child(touch_stack, 6), 0, "touching 6 MiB of stack");
	is_signal(run_child(touch_stack, 64), SIGSEGV, "touching 64 MiB of stack gives SIGSEGV");
	is_signal(run_child(overflow, 0), SIGSEGV, "unbounded recursion gives SIGSEGV");
	is_exit(run_child(touch_stack, 2), 0, "parent's stack still usable after the overflows");
}

int main(void)
{
	plan(63);
	test_brk();
	test_mmap();
	test_mprotect();
	test_stack();
	return done();
}
