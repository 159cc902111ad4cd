/*
 * proc_cow - copy-on-write isolation between parent and child after fork.
 *
 * Every kind of user memory (data, bss, heap, stack, mmap, brk) is written on
 * one side after fork and must keep its old value on the other. Writes made
 * by the kernel itself (read(2) into a shared page) must break the sharing
 * too. Children report what they saw through their exit code: 0 means every
 * value they checked was right.
 */
#include "tap.h"

#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define PAGE 4096
#define BIG_PAGES 16

static int global = 1;
static unsigned char big[BIG_PAGES * PAGE] = {1};
static unsigned char fresh_bss[4 * PAGE]; /* never touched before the fork */

/* waitpid(pid) through libc; returns the status, or -1. */
static int reap(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/*
 * The child stores val in *p and checks it reads back; the parent must still
 * see its old value. Two checks.
 */
static void child_writes(volatile int *p, int val, const char *what)
{
	int old = *p;
	pid_t pid = fork();
	if (pid == 0) {
		*p = val;
		sched_yield();
		_exit(*p == val ? 0 : 1);
	}
	is_exit(reap(pid), 0, "%s: child reads back its own write", what);
	is(*p, old, "%s: parent keeps the old value after the child's write", what);
}

/*
 * The parent stores val in *p after the fork while the child waits; the child
 * must still see the old value, the parent its new one. Two checks.
 */
static void parent_writes(volatile int *p, int val, const char *what)
{
	int old = *p, go[2];
	pid_t pid;

	pipe(go);
	pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		read(go[0], &c, 1);
		_exit(*p == old ? 0 : 1);
	}
	close(go[0]);
	*p = val;
	write(go[1], "x", 1);
	close(go[1]);
	is_exit(reap(pid), 0, "%s: child keeps the old value after the parent's write", what);
	is(*p, val, "%s: parent reads back its own write", what);
}

/* Returns the number of bytes of buf[0..len) that differ from (i * mul + add) & 0xff. */
static int bad_bytes(const unsigned char *buf, size_t len, int mul, int add)
{
	int bad = 0;
	for (size_t i = 0; i < len; i++)
		bad += buf[i] != (unsigned char)(i * mul + add);
	return bad;
}

static void fill(unsigned char *buf, size_t len, int mul, int add)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * mul + add);
}

/* Data, heap, stack and mmap'd words, each written on either side. */
static void basic_kinds(void)
{
	volatile int local = 3;
	int *heap = malloc(64 * sizeof(int));
	int *map = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	heap[10] = 4;
	map[100] = 5;
	child_writes(&global, 11, "global");
	child_writes(&heap[10], 12, "heap");
	child_writes(&local, 13, "stack");
	child_writes(&map[100], 14, "mmap");
	parent_writes(&global, 21, "global");
	parent_writes(&heap[10], 22, "heap");
	parent_writes(&local, 23, "stack");
	parent_writes(&map[100], 24, "mmap");
	free(heap);
	munmap(map, PAGE);
}

/* A 16-page buffer: the child rewrites every page; the child reads the parent's data. */
static void big_buffer(void)
{
	pid_t pid;

	fill(big, sizeof(big), 7, 1);
	pid = fork();
	if (pid == 0)
		_exit(bad_bytes(big, sizeof(big), 7, 1) == 0 ? 0 : 1);
	is_exit(reap(pid), 0, "child reads the parent's 16-page buffer unchanged");

	pid = fork();
	if (pid == 0) {
		fill(big, sizeof(big), 3, 9);
		sched_yield();
		_exit(bad_bytes(big, sizeof(big), 3, 9) == 0 ? 0 : 1);
	}
	is_exit(reap(pid), 0, "child rewrites all 16 pages and reads its data back");
	is(bad_bytes(big, sizeof(big), 7, 1), 0, "parent's 16 pages untouched by the child");

	/* The child writes only every other page; the pages it skipped stay shared. */
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < BIG_PAGES; i += 2)
			big[i * PAGE + 5] ^= 0xff;
		_exit(bad_bytes(big + PAGE, PAGE, 7, 1) == 0 ? 0 : 1);
	}
	is_exit(reap(pid), 0, "child's untouched pages still hold the parent's data");
	is(bad_bytes(big, sizeof(big), 7, 1), 0, "parent unaffected by the child's sparse writes");

	/* Both sides write the same page while both are alive. */
	int to_child[2], to_parent[2];
	pipe(to_child);
	pipe(to_parent);
	pid = fork();
	if (pid == 0) {
		char c;
		big[PAGE + 1] = 0xAA;
		write(to_parent[1], "c", 1);
		read(to_child[0], &c, 1);
		_exit(big[PAGE + 1] == 0xAA ? 0 : 1);
	}
	char c;
	read(to_parent[0], &c, 1);
	big[PAGE + 1] = 0x55;
	write(to_child[1], "p", 1);
	is_exit(reap(pid), 0, "child keeps its value when both sides write one page");
	is(big[PAGE + 1], 0x55, "parent keeps its value when both sides write one page");
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
	fill(big, sizeof(big), 7, 1);
}

/* Pages never touched before the fork (demand-zero) are private too. */
static void untouched_pages(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		int bad = bad_bytes(fresh_bss, sizeof(fresh_bss), 0, 0) != 0;
		memset(fresh_bss, 0x77, sizeof(fresh_bss));
		_exit(bad);
	}
	is_exit(reap(pid), 0, "child sees the untouched bss as zero");
	is(bad_bytes(fresh_bss, sizeof(fresh_bss), 0, 0), 0, "parent's untouched bss still zero");
	fresh_bss[PAGE] = 9;
	is(fresh_bss[PAGE], 9, "parent writes the page after the child exits");
}

/* Three children write one shared word at the same time; each keeps its own. */
static void three_children(void)
{
	pid_t pids[3];
	int bad = 0;

	global = 100;
	for (int i = 0; i < 3; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			global = 200 + i;
			for (int k = 0; k < 20; k++)
				sched_yield();
			_exit(global == 200 + i ? 0 : 1);
		}
	}
	for (int i = 0; i < 3; i++) {
		int st = reap(pids[i]);
		bad += st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	is(bad, 0, "three children writing one word each keep their own value");
	is(global, 100, "parent's word unchanged by three children");
}

/*
 * The kernel writes into a shared page (read(2) from a pipe); copy-on-write
 * must happen inside copy_to_user too.
 */
static void kernel_writes(void)
{
	int p[2], go[2];
	pid_t pid;

	memset(big, 'P', 2 * PAGE);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		char want[100];
		memset(want, 'k', sizeof(want));
		close(p[1]);
		if (read(p[0], big + 50, 100) != 100)
			_exit(2);
		_exit(memcmp(big + 50, want, 100) == 0 && big[49] == 'P' && big[150] == 'P' ? 0
											    : 1);
	}
	close(p[0]);
	char src[100];
	memset(src, 'k', sizeof(src));
	write(p[1], src, sizeof(src));
	close(p[1]);
	is_exit(reap(pid), 0, "child's read(2) into a shared page lands in its copy");
	is(big[50] == 'P' && big[149] == 'P', 1, "parent's page untouched by the child's read(2)");

	/* The parent reads into a shared page while the child is alive; readv across two pages. */
	pipe(p);
	pipe(go);
	pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		read(go[0], &c, 1);
		for (int i = 0; i < 2 * PAGE; i++)
			if (big[i] != 'P')
				_exit(1);
		_exit(0);
	}
	close(go[0]);
	write(p[1], "0123456789", 10);
	struct iovec iov[2] = {{big + PAGE - 5, 5}, {big + PAGE, 5}};
	is(readv(p[0], iov, 2), 10, "parent's readv into two shared pages");
	write(go[1], "x", 1);
	is_exit(reap(pid), 0, "child's pages untouched by the parent's readv");
	is(memcmp(big + PAGE - 5, "0123456789", 10), 0, "parent reads its readv data back");
	close(p[0]);
	close(p[1]);
	close(go[1]);
	fill(big, sizeof(big), 7, 1);
}

/* Parent, child and grandchild each write the same global. */
static void nested(void)
{
	pid_t pid;

	global = 1;
	pid = fork();
	if (pid == 0) {
		global = 2;
		pid_t g = fork();
		if (g == 0) {
			int ok_before = global == 2;
			global = 3;
			_exit(ok_before && global == 3 ? 0 : 1);
		}
		int st = reap(g);
		if (st == -1 || !WIFEXITED(st))
			_exit(3);
		_exit(WEXITSTATUS(st) != 0 ? 4 : global == 2 ? 0 : 5);
	}
	is_exit(reap(pid), 0, "grandchild sees the child's value and its write stays private");
	is(global, 1, "parent unchanged after child and grandchild writes");
}

/*
 * brk-grown memory is private after fork, and a child's own brk changes do
 * not move the parent's break. Comes last: the raw brk calls change the break
 * behind malloc's back.
 */
static void after_brk(void)
{
	unsigned long base = (unsigned long)sys1(SYS_brk, 0);
	unsigned long top = base + 4 * PAGE;
	unsigned char *mem = (unsigned char *)base;
	pid_t pid;

	if (!ok((unsigned long)sys1(SYS_brk, top) == top, "brk grows by 4 pages")) {
		for (int i = 0; i < 4; i++)
			ok(0, "brk test %d (needs the grown break)", i);
		return;
	}
	fill(mem, 4 * PAGE, 5, 2);
	pid = fork();
	if (pid == 0) {
		int bad = bad_bytes(mem, 4 * PAGE, 5, 2) != 0;
		fill(mem, 4 * PAGE, 1, 0);
		if ((unsigned long)sys1(SYS_brk, top + 8 * PAGE) != top + 8 * PAGE)
			_exit(2);
		memset((void *)top, 1, 8 * PAGE);
		_exit(bad);
	}
	is_exit(reap(pid), 0, "child reads brk memory written before the fork, grows its own brk");
	is(bad_bytes(mem, 4 * PAGE, 5, 2), 0, "parent's brk memory unchanged by the child");
	is((unsigned long)sys1(SYS_brk, 0), top, "parent's break unmoved by the child's brk");
	pid = fork();
	if (pid == 0)
		_exit(sys1(SYS_brk, 0) == (long)top ? 0 : 1);
	is_exit(reap(pid), 0, "child inherits the parent's break");
}

int main(void)
{
	plan(40);
	basic_kinds();
	big_buffer();
	untouched_pages();
	three_children();
	kernel_writes();
	nested();
	after_brk();
	return done();
}
