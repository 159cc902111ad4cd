/*
 * proc_oomkill - when memory runs out, the big process dies, not the one
 * that faults.
 *
 * A child (the hog) maps MAP_SHARED anonymous memory 4 MiB at a time and
 * touches every page of it (shared memory, as on Linux, takes pages only
 * as they are touched), until it holds all the free memory but 6 MiB, or
 * 128 MiB, and tells its parent. The parent, a small process, then
 * touches 8 MiB of new private memory. On Mica that needs pages nobody
 * has, and the out-of-memory killer must pick the hog (the most pages),
 * so the parent finishes and finds the hog already dead of SIGKILL. This
 * host has far more memory than the hog takes, so there nothing runs
 * out: the parent kills the hog itself, and the Mica-only point is
 * skipped.
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include "tap.h"

#define CHUNK (4u << 20)
#define HOG_MAX (128u << 20)
#define LEAVE (6u << 20) /* free memory the hog leaves: less than TOUCH */
#define TOUCH (8u << 20)

/* The hog: maps and touches until it holds what it wants, reports how
 * much on fd, then waits. */
static void hog(int fd)
{
	unsigned long held = 0, want = HOG_MAX;
	struct sysinfo si;

	if (sysinfo(&si) == 0) {
		unsigned long long avail = (unsigned long long)si.freeram * si.mem_unit;
		if (avail < (unsigned long long)want + LEAVE)
			want = avail > LEAVE ? (unsigned long)(avail - LEAVE) : 0;
	}
	while (held + 4096 <= want) {
		unsigned long len = want - held < CHUNK ? (want - held) & ~4095ul : CHUNK;
		volatile char *m =
			mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			break;
		for (unsigned long off = 0; off < len; off += 4096)
			m[off] = 1;
		held += len;
	}
	write(fd, &held, sizeof(held));
	for (;;)
		pause();
}

int main(void)
{
	int p[2], st = 0;
	unsigned long held = 0;
	pid_t pid, early;
	volatile char *mem;

	plan(4);
	if (pipe(p) < 0)
		return 1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		hog(p[1]);
	}
	close(p[1]);
	ok(read(p[0], &held, sizeof(held)) == sizeof(held) && held > 0,
	   "the hog mapped shared memory");
	mem = mmap(NULL, TOUCH, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem != MAP_FAILED)
		for (unsigned long off = 0; off < TOUCH; off += 4096)
			mem[off] = 1;
	ok(mem != MAP_FAILED, "the small process touched %u MiB and lives", TOUCH >> 20);
	early = waitpid(pid, &st, WNOHANG);
	if (on_mica())
		ok(early == pid, "the out-of-memory killer chose the hog");
	else
		skip("the out-of-memory killer chose the hog");
	if (early != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	is_signal(st, SIGKILL, "the hog died of SIGKILL");
	return done();
}
