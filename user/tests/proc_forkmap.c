/*
 * proc_forkmap - fork of big, mostly untouched mappings.
 *
 * fork copies only the page tables that exist, so this checks the cases
 * that walk is likely to get wrong: a 64 MiB mapping never touched (the
 * child reads zeroes and its writes stay its own); pages touched sparsely
 * across many 4 MiB page tables, on both sides of a table boundary and in
 * two mappings that share one table; a table left empty by munmap; a
 * PROT_NONE page among them; and a shared mapping, whose writes both sides
 * see. Copy-on-write isolation is checked both ways: the child's writes
 * do not reach the parent, and the parent's writes after the fork do not
 * reach the child. Children report the number of wrong values they saw
 * through their exit code (0: all right).
 */
#include "tap.h"

#include <stdint.h>
#include <sys/mman.h>

#define PAGE 4096u
#define TABLE (4u << 20) /* what one i386 page table maps */
#define BIG (64u << 20)

/* Pages touched in the sparse area: both sides of table boundaries, the
 * first and the last page, and some in between. */
static const unsigned sparse[] = { 0, 1, 1023, 1024, 1025, 2047, 4096, 5000, 9999, 12287, 16383 };
#define NSPARSE (sizeof(sparse) / sizeof(sparse[0]))

/* waitpid(pid) through libc; returns the status, or -1. */
static int reap(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* An anonymous mapping of len bytes whose start is a multiple of TABLE,
 * so the page numbers above fall where they are meant to. */
static unsigned char *map_aligned(size_t len, int flags)
{
	unsigned char *p = mmap(NULL, len + TABLE, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	uintptr_t a = ((uintptr_t)p + TABLE - 1) & ~(uintptr_t)(TABLE - 1);
	if (a > (uintptr_t)p)
		munmap(p, a - (uintptr_t)p);
	munmap((unsigned char *)a + len, (uintptr_t)p + TABLE - a);
	return (unsigned char *)a;
}

/* The value page i of the sparse area holds after its first touch. */
static unsigned char val(unsigned i)
{
	return (unsigned char)(i * 7 + 1);
}

/* Counts the sparse area's pages (first byte of each) that are not as
 * expected: val(i) at the touched ones (plus add), 0 everywhere else. */
static int sparse_wrong(const unsigned char *m, unsigned char add)
{
	int bad = 0;
	unsigned k = 0;

	for (unsigned i = 0; i < BIG / PAGE; i++) {
		unsigned char want = 0;
		if (k < NSPARSE && sparse[k] == i) {
			want = (unsigned char)(val(i) + add);
			k++;
		}
		bad += m[(size_t)i * PAGE] != want || m[(size_t)i * PAGE + PAGE - 1] != 0;
	}
	return bad;
}

/* A 64 MiB mapping never touched: the child reads zeroes, writes, and the
 * parent still reads zeroes. */
static void untouched(void)
{
	unsigned char *m = map_aligned(BIG, MAP_PRIVATE);
	ok(m != NULL, "untouched: 64 MiB mapped");
	if (!m)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		for (size_t off = 0; off < BIG; off += 256 * PAGE + 64)
			bad += m[off] != 0;
		for (size_t off = 0; off < BIG; off += 3 * TABLE + PAGE)
			m[off] = 0x5a;
		for (size_t off = 0; off < BIG; off += 3 * TABLE + PAGE)
			bad += m[off] != 0x5a;
		_exit(bad > 100 ? 100 : bad);
	}
	is_exit(reap(pid), 0, "untouched: the child reads zeroes and its own writes");
	int bad = 0;
	for (size_t off = 0; off < BIG; off += 3 * TABLE + PAGE)
		bad += m[off] != 0;
	is(bad, 0, "untouched: the parent still reads zeroes where the child wrote");
	munmap(m, BIG);
}

/* Pages touched sparsely over 16 page tables: the child sees each value and
 * zeroes between; writes on either side after the fork stay on that side. */
static void sparse_touched(void)
{
	unsigned char *m = map_aligned(BIG, MAP_PRIVATE);
	int go[2];

	ok(m != NULL, "sparse: 64 MiB mapped");
	if (!m || pipe(go))
		return;
	for (unsigned k = 0; k < NSPARSE; k++)
		m[(size_t)sparse[k] * PAGE] = val(sparse[k]);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		int bad = sparse_wrong(m, 0);
		for (unsigned k = 0; k < NSPARSE; k++) /* the child's own writes */
			m[(size_t)sparse[k] * PAGE] += 1;
		bad += sparse_wrong(m, 1);
		close(go[1]);
		if (read(go[0], &c, 1) != 1) /* the parent has written */
			bad++;
		bad += sparse_wrong(m, 1); /* ... and none of it shows here */
		_exit(bad > 100 ? 100 : bad);
	}
	close(go[0]);
	/* the parent writes at once, while the child may still share pages */
	for (unsigned k = 0; k < NSPARSE; k++)
		m[(size_t)sparse[k] * PAGE] += 2;
	if (write(go[1], "x", 1) != 1)
		diag("pipe write failed");
	close(go[1]);
	is_exit(reap(pid), 0, "sparse: the child sees every page, and neither side's writes");
	is(sparse_wrong(m, 2), 0, "sparse: the parent sees its own writes, not the child's");
	munmap(m, BIG);
}

/* Two mappings in one page table, a table emptied by munmap, a PROT_NONE
 * page kept: the child gets each page's contents. */
static void shapes(void)
{
	unsigned char *m = map_aligned(2 * TABLE, MAP_PRIVATE);
	ok(m != NULL, "shapes: 8 MiB mapped");
	if (!m)
		return;
	/* split the first table between two VMAs with different protections */
	mprotect(m + 16 * PAGE, 16 * PAGE, PROT_READ);
	m[0] = 11;	       /* first VMA */
	m[15 * PAGE] = 12;     /* its last page */
	m[32 * PAGE] = 13;     /* third VMA, same table */
	m[TABLE + PAGE] = 14;  /* second table: touched, then unmapped */
	munmap(m + TABLE, TABLE);
	m[40 * PAGE] = 15;
	mprotect(m + 40 * PAGE, PAGE, PROT_NONE);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = (m[0] != 11) + (m[15 * PAGE] != 12) + (m[16 * PAGE] != 0) +
			  (m[32 * PAGE] != 13);
		mprotect(m + 40 * PAGE, PAGE, PROT_READ | PROT_WRITE);
		bad += m[40 * PAGE] != 15;
		m[40 * PAGE] = 16;
		m[0] = 17;
		_exit(bad);
	}
	is_exit(reap(pid), 0, "shapes: two VMAs in one table and a PROT_NONE page reach the child");
	mprotect(m + 40 * PAGE, PAGE, PROT_READ);
	is(m[40 * PAGE] * 100 + m[0], 1511, "shapes: the child's writes stay in the child");
	munmap(m, TABLE);
}

/* A shared mapping, touched sparsely: the child's writes reach the parent. */
static void shared(void)
{
	unsigned char *m = map_aligned(BIG, MAP_SHARED);
	ok(m != NULL, "shared: 64 MiB mapped");
	if (!m)
		return;
	for (unsigned k = 0; k < NSPARSE; k++)
		m[(size_t)sparse[k] * PAGE] = val(sparse[k]);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = sparse_wrong(m, 0);
		for (unsigned k = 0; k < NSPARSE; k++)
			m[(size_t)sparse[k] * PAGE] += 3;
		_exit(bad > 100 ? 100 : bad);
	}
	is_exit(reap(pid), 0, "shared: the child sees every page");
	is(sparse_wrong(m, 3), 0, "shared: the parent sees the child's writes");
	munmap(m, BIG);
}

int main(void)
{
	plan(12);
	untouched();
	sparse_touched();
	shapes();
	shared();
	return done();
}
