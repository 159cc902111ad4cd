/*
 * proc_oomkill - when memory runs out, the big process dies, not the one
 * that faults.
 *
 * A child (the hog) maps MAP_SHARED anonymous memory 4 MiB at a time
 * until mmap fails or it holds 256 MiB -- on Mica shared memory is
 * allocated whole at mmap time, so on a small machine that is all of
 * it -- and tells its parent. The parent, a small process, then touches
 * 8 MiB of new private memory. On Mica that needs pages nobody has, and
 * the out-of-memory killer must pick the hog (the most pages), so the
 * parent finishes and finds the hog already dead of SIGKILL. Linux
 * commits MAP_SHARED memory only on touch, so there nothing runs out:
 * the parent kills the hog itself, and the Mica-only point is skipped.
 */
#include <signal.h>
#include <sys/mman.h>
#include "tap.h"

#define CHUNK (4u << 20)
#define HOG_MAX (256u << 20)
#define TOUCH (8u << 20)

/* The hog: maps until it cannot, reports how much on fd, then waits. */
static void hog(int fd)
{
	unsigned long held = 0;

	while (held < HOG_MAX &&
	       mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0) !=
		       MAP_FAILED)
		held += CHUNK;
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
