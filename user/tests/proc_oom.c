/*
 * proc_oom: running out of memory on Mica. The kernel keeps a reserve of
 * pages for itself, so when user memory or file data fill RAM:
 *   - a write to the ramfs stops short, then fails with ENOSPC;
 *   - unlinking a file still works and gives its memory back;
 *   - a process that touches more memory than there is dies of SIGKILL
 *     (as Linux's OOM killer would do), and its parent goes on.
 * Filling memory on the Linux host would be rude, so there every check is
 * a SKIP.
 */
#include "tap.h"

#include <fcntl.h>
#include <stdlib.h>

#define CHUNK (1 << 20)

/* Child: touch 1 MiB blocks until something gives. */
static void hog(long unused)
{
	(void)unused;
	for (;;) {
		char *m = malloc(CHUNK);
		if (!m)
			_exit(3);
		for (int i = 0; i < CHUNK; i += 4096)
			m[i] = 1;
	}
}

int main(void)
{
	static char buf[CHUNK];
	const char *names[3] = { "/tmp/proc_oom.0", "/tmp/proc_oom.1", "/tmp/proc_oom.2" };

	plan(9);
	if (!on_mica()) {
		for (int i = 0; i < 9; i++)
			skip("out-of-memory check %d", i + 1);
		return done();
	}
	long before = mem_free();
	ok(before > 0, "MemFree is readable");

	/* fill the ramfs: files stop at 64 MiB, so use several */
	long written = 0, last = 0;
	int fds[3], err = 0;
	for (int f = 0; f < 3 && !err; f++) {
		fds[f] = open(names[f], O_CREAT | O_WRONLY | O_TRUNC, 0644);
		for (int k = 0; k < 64; k++) {
			last = sys3(4, fds[f], buf, CHUNK);	/* raw write */
			if (last < 0) {
				err = (int)-last;
				break;
			}
			written += last;
		}
	}
	is(err, ENOSPC, "filling the ramfs ends in ENOSPC");
	ok(written > (before << 10) / 2, "after at least half of the free memory was written");
	ok(mem_free() < 1024, "less than 1 MiB is left");
	int probe = open("/proc/meminfo", O_RDONLY);
	ok(probe >= 0, "the kernel can still open files");
	close(probe);
	for (int f = 0; f < 3; f++) {
		close(fds[f]);
		unlink(names[f]);
	}
	ok(mem_free() > before - 2048, "unlinking gives the memory back");

	int st = run_child(hog, 0);
	is_signal(st, SIGKILL, "a process that touches too much memory dies of SIGKILL");
	ok(mem_free() > before - 2048, "and its memory comes back");
	int fd = open(names[0], O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ok(fd >= 0 && write(fd, buf, CHUNK) == CHUNK, "a new 1 MiB file can be written");
	close(fd);
	unlink(names[0]);
	return done();
}
