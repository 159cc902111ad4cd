/*
 * stress_fill: fill the file system, then memory, until the kernel says
 * no, and check that everything comes back. Both fills stop at 256 MiB so
 * that the Linux host is never at risk; Mica, with 128 MiB, runs out
 * first: the file writes end in ENOSPC and the memory hog dies of SIGKILL
 * (there is no swap and no overcommit to fall back on). The points about
 * running out are SKIPs on a side that did not run out, and the exact
 * MemFree checks are Mica's only (Linux's MemFree moves on its own).
 *
 * The files go in the current directory: a scratch directory on Linux,
 * the ramfs root on Mica.
 */
#include "tap.h"

#include <signal.h>

#define CHUNK (1 << 20)
#define CAP (256L << 20)     /* never write or touch more than this */
#define FILE_MAX (64L << 20) /* Mica's largest file */
#define NFILES (CAP / FILE_MAX)

static char buf[CHUNK];

/* A passing point that did not apply here, with the reason. */
static void skip_because(const char *name, const char *why)
{
	tap_count++;
	tap_print("ok %d - %s # SKIP %s\n", tap_count, name, why);
}

/* Child: touch 1 MiB blocks up to CAP; exits 0 if all of it was there,
 * 3 if malloc said no (the kernel may also kill it first). */
static void hog(long unused)
{
	(void)unused;
	for (long got = 0; got < CAP; got += CHUNK) {
		char *m = malloc(CHUNK);
		if (!m)
			_exit(3);
		for (int i = 0; i < CHUNK; i += 4096)
			m[i] = 1;
	}
	_exit(0);
}

int main(void)
{
	char names[NFILES][32];
	int fds[NFILES];
	long written = 0, r = 0;
	int err = 0, nf = 0;

	plan(10);
	signal(SIGXFSZ, SIG_IGN);
	memset(buf, 'f', sizeof(buf)); /* our own pages are in place before counting */
	for (int f = 0; f < NFILES; f++)
		snprintf(names[f], sizeof(names[f]), "stress_fill.%d", f);
	long before = mem_free();
	ok(before > 0, "MemFree is readable");

	for (int f = 0; f < NFILES && !err; f++) {
		fds[f] = open(names[f], O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (fds[f] < 0) {
			err = errno;
			break;
		}
		nf++;
		for (long k = 0; k < FILE_MAX / CHUNK; k++) {
			r = sys3(4, fds[f], buf, CHUNK); /* raw write: the errno as it is */
			if (r < 0) {
				err = (int)-r;
				break;
			}
			written += r;
		}
	}
	ok(err == ENOSPC || (err == 0 && written == CAP),
	   "writing files until ENOSPC or 256 MiB: ENOSPC is the only error");
	int full = err == ENOSPC;
	if (full || on_mica())
		ok(full && written > 32L << 20,
		   "the file system filled up before 256 MiB, after 32 MiB");
	else
		skip_because("the file system filled up before 256 MiB, after 32 MiB",
			     "did not run out");
	if (full) {
		int probe = open("/proc/meminfo", O_RDONLY);
		ok(probe >= 0 && sys3(4, fds[nf - 1], buf, 4096) == -ENOSPC,
		   "when full, files still open and a further write gives ENOSPC");
		close(probe);
	} else {
		skip_because("when full, files still open and a further write gives ENOSPC",
			     "did not run out");
	}
	int gone = 0;
	for (int f = 0; f < nf; f++) {
		close(fds[f]);
		gone += unlink(names[f]) == 0;
	}
	is(gone, nf, "every file can be unlinked");
	if (on_mica())
		is(mem_free(), before, "that gives back exactly the free memory of before");
	else
		skip("that gives back exactly the free memory of before");

	int st = run_child(hog, 0);
	ok((WIFEXITED(st) && WEXITSTATUS(st) == 0) || (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL),
	   "a process touching up to 256 MiB finishes or dies of SIGKILL");
	if (WIFSIGNALED(st) || on_mica())
		is_signal(st, SIGKILL, "it ran out of memory first and was killed");
	else
		skip_because("it ran out of memory first and was killed", "did not run out");
	if (on_mica())
		is(mem_free(), before, "its memory comes back exactly");
	else
		skip("its memory comes back exactly");

	int fd = open(names[0], O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ok(fd >= 0 && write(fd, buf, CHUNK) == CHUNK && close(fd) == 0 && unlink(names[0]) == 0,
	   "afterwards a 1 MiB file can be written and removed");
	return done();
}
