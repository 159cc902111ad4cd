/*
 * fs_full: pipe() and chdir() while memory runs out.
 *
 * Everywhere: 100 pipes made, used and closed, and 100 chdirs between two
 * directories, each followed by a getcwd that names the right one.
 * Mica only (filling the host's memory would be rude): with memory full
 * (a file written until ENOSPC), pipe() gives ENOMEM over and over, also
 * with a few pages free but fewer than a pipe's ring needs, and never
 * keeps a page; chdir and getcwd still work and stay right; once memory
 * is back, pipes work again and MemFree returns exactly to where it was.
 */
#include "raw.h"

#define ROUNDS 100
#define PIPE_PAGES 16 /* Mica's ring: 64 KiB */

static char D[64], X[80], Y[80], cwd[256];

/* One pipe made, a byte through it, both ends closed: 0, or -errno of pipe(). */
static long pipe_once(void)
{
	int fds[2];
	char c = 0;
	long r = RSYS(SYS_pipe, fds);

	if (r < 0)
		return r;
	r = RSYS(SYS_write, fds[1], "p", 1) == 1 && RSYS(SYS_read, fds[0], &c, 1) == 1 && c == 'p'
		? 0
		: -EIO;
	RSYS(SYS_close, fds[0]);
	RSYS(SYS_close, fds[1]);
	return r;
}

/* ROUNDS pipes; the number of results equal to want. */
static int pipes(long want)
{
	int n = 0;

	for (int i = 0; i < ROUNDS; i++)
		n += pipe_once() == want;
	return n;
}

/* ROUNDS chdirs between X and Y; the number followed by the right getcwd. */
static int chdirs(void)
{
	int n = 0;

	for (int i = 0; i < ROUNDS; i++) {
		const char *to = i % 2 ? X : Y;
		n += RSYS(SYS_chdir, to) == 0 &&
		     RSYS(SYS_getcwd, cwd, sizeof(cwd)) == (long)strlen(to) + 1 && !strcmp(cwd, to);
	}
	return n;
}

static void full(void)
{
	static char chunk[1 << 16];
	long r, fill, before, low;
	char path[96];

	memset(chunk, 'f', sizeof(chunk));
	pipe_once(); /* anything the first pipe() leaves in place, before counting */
	before = mem_free();
	snprintf(path, sizeof(path), "%s/fill", D);
	fill = ropen(path, O_RDWR | O_CREAT, 0644);
	while ((r = RSYS(SYS_write, fill, chunk, sizeof(chunk))) > 0)
		;
	is(r, -ENOSPC, "fill memory until ENOSPC");
	low = mem_free();
	is(pipes(-ENOMEM), ROUNDS, "100 pipes give ENOMEM");
	is(mem_free(), low, "and take nothing");
	is(chdirs(), ROUNDS, "100 chdirs with getcwd right");
	is(mem_free(), low, "and take nothing");

	/* free a few pages, fewer than a ring needs */
	struct kstat64 st;
	RSYS(SYS_fstat64, fill, &st);
	long long keep = (st.st_size & ~(long long)(PAGE - 1)) - 5 * PAGE;
	RSYS(SYS_ftruncate64, fill, (unsigned long)keep, (unsigned long)(keep >> 32));
	low = mem_free();
	is(pipes(-ENOMEM), ROUNDS, "with 5 pages free, 100 pipes give ENOMEM");
	is(mem_free(), low, "and give every page back");

	keep -= 2 * PIPE_PAGES * PAGE;
	RSYS(SYS_ftruncate64, fill, (unsigned long)keep, (unsigned long)(keep >> 32));
	low = mem_free();
	is(pipes(0), ROUNDS, "with room for a ring, 100 pipes work");
	is(mem_free(), low, "and give every page back");

	RSYS(SYS_close, fill);
	is(RSYS(SYS_unlink, path), 0, "unlink the fill");
	is(mem_free(), before, "MemFree is back where it was");
}

int main(void)
{
	plan(16);
	snprintf(D, sizeof(D), "/tmp/fs_full.%ld", RSYS(SYS_getpid));
	snprintf(X, sizeof(X), "%s/x", D);
	snprintf(Y, sizeof(Y), "%s/y", D);
	is(RSYS(SYS_mkdir, D, 0755) | RSYS(SYS_mkdir, X, 0755) | RSYS(SYS_mkdir, Y, 0755), 0, "mkdir D, D/x, D/y");
	is(pipes(0), ROUNDS, "100 pipes made, used and closed");
	is(chdirs(), ROUNDS, "100 chdirs, each with the right getcwd");
	if (on_mica()) {
		full();
	} else {
		for (int i = 0; i < 11; i++)
			skip_why("filling the host's memory would be rude", "pipe and chdir with memory full");
	}
	is(RSYS(SYS_chdir, "/"), 0, "chdir /");
	is(RSYS(SYS_rmdir, X) | RSYS(SYS_rmdir, Y) | RSYS(SYS_rmdir, D), 0, "clean up D");
	return done();
}
