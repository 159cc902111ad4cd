/*
 * fs_pipe: pipes between one process, its children and grandchildren.
 *
 * Children report through their exit status (0 = all well) and never
 * print. Blocking is exercised by making the reader wait for a writer that
 * sleeps first. A write of <= 4096 bytes (PIPE_BUF) must be atomic even
 * with several writers, and bytes are checked for order with pat().
 * Unlike a file, a pipe transfer that faults partway in its first page
 * moves nothing and gives EFAULT (Linux's rule).
 */
#include "raw.h"

#define CHUNK 4000
#define ROUNDS 20
#define LARGE 100000

static unsigned char buf[8192];
static unsigned char stream[2 * ROUNDS * CHUNK];
static unsigned char large[LARGE];

#define RD(fd, b, n) RSYS(SYS_read, (fd), (b), (n))
#define WR(fd, b, n) RSYS(SYS_write, (fd), (b), (n))

/* Closes both ends of pipe p. */
static void closep(int p[2])
{
	RSYS(SYS_close, p[0]);
	RSYS(SYS_close, p[1]);
}

/* Sleeps for ms milliseconds (nanosleep with a 32-bit timespec). */
static void nap(long ms)
{
	long ts[2] = { 0, ms * 1000000 };

	RSYS(SYS_nanosleep, ts, NULL);
}

/* Data written comes back; reads take what is there; readv scatters. */
static void basics(void)
{
	int p[2] = { -1, -1 };

	is(RSYS(SYS_pipe, p), 0, "pipe returns 0");
	ok(p[0] >= 0 && p[1] >= 0 && p[0] != p[1], "pipe gives two fds");
	is(WR(p[1], "hello", 5), 5, "write 5 bytes");
	ok(RD(p[0], buf, 100) == 5 && memcmp(buf, "hello", 5) == 0,
	   "read of 100 returns the 5 bytes there");
	is(RD(p[0], buf, 0), 0, "read count 0 on an empty pipe returns 0 at once");
	fill_pat(buf, 0, 10);
	WR(p[1], buf, 10);
	memset(buf, 0xAA, 32);
	struct iovec v[3] = { { buf, 3 }, { buf + 8, 3 }, { buf + 16, 4 } };
	is(RSYS(SYS_readv, p[0], v, 3), 10, "readv across 3 segments returns 10");
	ok(is_pat(buf, 0, 3) && is_pat(buf + 8, 3, 3) &&
		   is_pat(buf + 16, 6, 4) && buf[3] == 0xAA && buf[20] == 0xAA,
	   "readv segments filled in order");
	is(RSYS(SYS_lseek, p[0], 0, SEEK_CUR), -ESPIPE, "lseek on the read end gives ESPIPE");
	is(RSYS(SYS_lseek, p[1], 0, SEEK_SET), -ESPIPE, "lseek on the write end gives ESPIPE");
	is(RD(p[1], buf, 1), -EBADF, "read from the write end gives EBADF");
	is(WR(p[0], buf, 1), -EBADF, "write to the read end gives EBADF");
	closep(p);
}

/* Faulting transfers: EFAULT, and the pipe keeps or refuses the bytes. */
static void faults(void)
{
	int p[2];
	unsigned char *ro = ro_page();

	/* No fd may leak when the result cannot be stored. */
	long before = ropen("/dev/null", O_RDONLY, 0);
	RSYS(SYS_close, before);
	is(RSYS(SYS_pipe, NULL), -EFAULT, "pipe(NULL) gives EFAULT");
	is(RSYS(SYS_pipe, KERNEL_BASE), -EFAULT, "pipe(kernel address) gives EFAULT");
	is(RSYS(SYS_pipe, ro), -EFAULT, "pipe(read-only page) gives EFAULT");
	unsigned char *edge = edge_page();
	is(RSYS(SYS_pipe, edge + PAGE - 4), -EFAULT, "pipe(array running off the page) gives EFAULT");
	long after = ropen("/dev/null", O_RDONLY, 0);
	ok(after == before, "failed pipe calls leak no fd");
	RSYS(SYS_close, after);

	RSYS(SYS_pipe, p);
	WR(p[1], "hello", 5);
	is(RD(p[0], NULL, 10), -EFAULT, "read into NULL gives EFAULT");
	is(RD(p[0], edge + PAGE - 2, 5), -EFAULT, "read faulting after 2 bytes gives EFAULT");
	ok(RD(p[0], buf, 10) == 5 && memcmp(buf, "hello", 5) == 0,
	   "faulting reads consumed nothing");
	is(WR(p[1], edge + PAGE - 100, 200), -EFAULT, "write faulting after 100 bytes gives EFAULT");
	is(WR(p[1], NULL, 10), -EFAULT, "write from NULL gives EFAULT");
	WR(p[1], "ok", 2);
	ok(RD(p[0], buf, 100) == 2 && memcmp(buf, "ok", 2) == 0,
	   "faulting writes delivered nothing");
	closep(p);
}

/* A reader sleeps until data or EOF; a writer without readers dies. */
static void blocking(void)
{
	int p[2];
	long pid;

	RSYS(SYS_pipe, p);
	pid = rfork();
	if (pid == 0) {
		nap(50);
		rexit(WR(p[1], "late", 4) != 4);
	}
	ok(RD(p[0], buf, 100) == 4 && memcmp(buf, "late", 4) == 0,
	   "read blocks until the child writes");
	is(rwait(pid), 0, "writer child exits 0");

	pid = rfork();
	if (pid == 0) {
		RSYS(SYS_close, p[0]);
		nap(20);
		rexit(WR(p[1], "x", 1) != 1);
	}
	RSYS(SYS_close, p[1]);
	ok(RD(p[0], buf, 100) == 1 && buf[0] == 'x', "read gets the last byte");
	is(RD(p[0], buf, 100), 0, "read returns 0 once every writer is gone");
	is(rwait(pid), 0, "second writer child exits 0");
	RSYS(SYS_close, p[0]);

	RSYS(SYS_pipe, p);
	RSYS(SYS_close, p[0]);
	pid = rfork();
	if (pid == 0)
		rexit(WR(p[1], "x", 0) == 0 ? 7 : 1);
	long st = rwait(pid);
	ok(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7,
	   "0-byte write with no reader returns 0, no SIGPIPE");
	pid = rfork();
	if (pid == 0) {
		WR(p[1], "x", 1);
		rexit(2);
	}
	RSYS(SYS_close, p[1]);
	st = rwait(pid);
	ok(st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == 13,
	   "writer with no reader is killed by SIGPIPE");
}

/* Child: ROUNDS writevs of CHUNK bytes of c, in 4 segments each. */
static void letter_writer(int fd, int c)
{
	static unsigned char mine[CHUNK];

	memset(mine, c, CHUNK);
	struct iovec v[4] = { { mine, 1000 }, { mine + 1000, 999 },
			      { mine + 1999, 1 }, { mine + 2000, 2000 } };
	for (int i = 0; i < ROUNDS; i++)
		if (RSYS(SYS_writev, fd, v, 4) != CHUNK)
			rexit(1);
	rexit(0);
}

/* Writes of <= 4096 bytes never interleave; large writes arrive whole. */
static void atomic_and_large(void)
{
	int p[2], na = 0, nb = 0;
	long a, b;

	RSYS(SYS_pipe, p);
	if ((a = rfork()) == 0)
		letter_writer(p[1], 'A');
	if ((b = rfork()) == 0)
		letter_writer(p[1], 'B');
	RSYS(SYS_close, p[1]);
	is(read_full(p[0], stream, sizeof(stream)), sizeof(stream), "read both children's 160000 bytes");
	for (int i = 0; i < 2 * ROUNDS; i++) {
		if (all_are(stream + i * CHUNK, 'A', CHUNK))
			na++;
		else if (all_are(stream + i * CHUNK, 'B', CHUNK))
			nb++;
	}
	ok(na == ROUNDS && nb == ROUNDS,
	   "every 4000-byte writev arrived as one piece");
	ok(rwait(a) == 0 && rwait(b) == 0, "both letter writers exit 0");
	RSYS(SYS_close, p[0]);

	RSYS(SYS_pipe, p);
	if ((a = rfork()) == 0) {
		RSYS(SYS_close, p[0]);
		fill_pat(large, 0, LARGE);
		rexit(WR(p[1], large, LARGE) != LARGE);
	}
	RSYS(SYS_close, p[1]);
	is(read_full(p[0], large, LARGE), LARGE, "read the child's 100000-byte write");
	ok(is_pat(large, 0, LARGE), "100000 bytes arrive in order");
	is(RD(p[0], buf, 1), 0, "then EOF");
	is(rwait(a), 0, "the large write returned 100000 in the child");
	RSYS(SYS_close, p[0]);
}

/* A grandchild writes to its parent, which passes it on to ours. */
static void chain(void)
{
	int up[2], mid[2];
	long pid;

	RSYS(SYS_pipe, up);
	pid = rfork();
	if (pid == 0) {
		RSYS(SYS_close, up[0]);
		RSYS(SYS_pipe, mid);
		long g = RSYS(SYS_fork);
		if (g == 0) {
			RSYS(SYS_close, mid[0]);
			rexit(WR(mid[1], "G", 1) != 1);
		}
		RSYS(SYS_close, mid[1]);
		char m[4] = { 0 };
		int bad = RD(mid[0], m, 4) != 1 || m[0] != 'G' ||
			  RD(mid[0], m, 4) != 0;
		m[1] = 'C';
		bad |= WR(up[1], m, 2) != 2;
		bad |= rwait(g) != 0;
		rexit(bad);
	}
	RSYS(SYS_close, up[1]);
	memset(buf, 0, 8);
	ok(read_full(up[0], buf, 8) == 2 && memcmp(buf, "GC", 2) == 0,
	   "grandchild's byte arrives through the child");
	is(rwait(pid), 0, "child and grandchild exit 0");
	RSYS(SYS_close, up[0]);
}

int main(void)
{
	plan(38);
	basics();
	faults();
	blocking();
	atomic_and_large();
	chain();
	return done();
}
