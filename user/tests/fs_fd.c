/*
 * fs_fd: the file descriptor table: dup, dup2, fork, O_CLOEXEC, EMFILE,
 * fstat64.
 *
 * Fd numbers are compared, never printed, and no test assumes anything
 * about fds 0-2: "lowest free" is checked with fds this program opened.
 * The O_CLOEXEC check execs this same program as "<argv0> exec-check X Y Z"
 * and reads the child's verdict from its exit status, one bit per fd.
 */
#include "raw.h"
#include <stdlib.h>

#define MAXFDS 100000

static char path[64];
static unsigned char buf[256];
static int fds[MAXFDS];

/* Exec'd image: fd x must be closed, y and z open; y's offset is 42. */
static int exec_check(char **argv)
{
	struct kstat64 st;
	int bits = 0;

	if (RSYS(SYS_fstat64, atoi(argv[2]), &st) != -EBADF)
		bits |= 1;
	if (RSYS(SYS_fstat64, atoi(argv[3]), &st) != 0)
		bits |= 2;
	if (RSYS(SYS_fstat64, atoi(argv[4]), &st) != 0)
		bits |= 4;
	if (fpos(atoi(argv[3])) != 42)
		bits |= 8;
	return bits;
}

/* dup takes the lowest free fd; dup2 checks both fds. */
static void dups(void)
{
	long a = ropen(path, O_RDWR, 0);
	long b = ropen(path, O_RDWR, 0);
	long c = ropen(path, O_RDWR, 0);
	struct kstat64 sa, sc;

	RSYS(SYS_close, b);
	is(RSYS(SYS_dup, a), b, "dup returns the lowest free fd");
	RSYS(SYS_close, a);
	RSYS(SYS_close, b);
	is(RSYS(SYS_dup, c), a, "dup returns the lowest of two free fds");
	RSYS(SYS_close, c);
	is(RSYS(SYS_dup2, a, a), a, "dup2 to the same fd returns it");
	is(RSYS(SYS_dup2, b, b), -EBADF, "dup2 of a closed fd to itself gives EBADF");
	is(RSYS(SYS_dup, b), -EBADF, "dup of a closed fd gives EBADF");
	is(RSYS(SYS_dup2, a, -1), -EBADF, "dup2 to newfd -1 gives EBADF");
	is(RSYS(SYS_dup2, a, 100000), -EBADF, "dup2 to newfd 100000 gives EBADF");
	is(RSYS(SYS_dup2, a, 0x7fffffff), -EBADF, "dup2 to newfd 0x7fffffff gives EBADF");
	is(RSYS(SYS_dup, -1), -EBADF, "dup of fd -1 gives EBADF");
	is(RSYS(SYS_dup, 1000000), -EBADF, "dup of fd 1000000 gives EBADF");
	c = ropen(path, O_RDWR, 0);
	is(RSYS(SYS_dup2, -1, c), -EBADF, "dup2 from fd -1 gives EBADF");
	is(fpos(c), 0, "failed dup2 leaves newfd open");

	/* dup'd fds share one open file and so one offset. */
	long d = RSYS(SYS_dup, a);
	fill_pat(buf, 0, 100);
	RSYS(SYS_write, a, buf, 100);
	is(fpos(d), 100, "dup'd fd sees the offset moved by write");
	RSYS(SYS_lseek, d, 3, SEEK_SET);
	ok(RSYS(SYS_read, a, buf, 5) == 5 && is_pat(buf, 3, 5),
	   "read on the original follows lseek on the dup");
	RSYS(SYS_lseek, c, 50, SEEK_SET);
	is(RSYS(SYS_dup2, a, c), c, "dup2 over an open fd returns newfd");
	ok(fpos(c) == 8 && RSYS(SYS_fstat64, a, &sa) == 0 &&
		   RSYS(SYS_fstat64, c, &sc) == 0 && sa.st_ino == sc.st_ino,
	   "dup2 newfd now shares the old fd's file and offset");
	RSYS(SYS_close, a);
	RSYS(SYS_close, c);
	RSYS(SYS_close, d);
}

/* fork shares open files with the child; O_CLOEXEC closes on execve only. */
static void inherit(char *argv0)
{
	long f = ropen(path, O_RDWR, 0);
	long x = ropen(path, O_RDONLY | O_CLOEXEC, 0);
	long z = RSYS(SYS_dup, x);
	struct kstat64 st;

	RSYS(SYS_lseek, f, 0, SEEK_SET);
	long pid = rfork();
	if (pid == 0) {
		int bad = RSYS(SYS_read, f, buf, 10) != 10 || !is_pat(buf, 0, 10);
		bad |= RSYS(SYS_fstat64, x, &st) != 0;
		rexit(bad);
	}
	long status = rwait(pid);
	is(status, 0, "forked child read the inherited fd");
	is(fpos(f), 10, "child's read moved the parent's offset");

	char sx[16], sf[16], sz[16];
	snprintf(sx, sizeof(sx), "%ld", x);
	snprintf(sf, sizeof(sf), "%ld", f);
	snprintf(sz, sizeof(sz), "%ld", z);
	RSYS(SYS_lseek, f, 42, SEEK_SET);
	char *args[] = { argv0, "exec-check", sx, sf, sz, NULL };
	char *env[] = { NULL };
	pid = rfork();
	if (pid == 0) {
		RSYS(SYS_execve, argv0, args, env);
		rexit(100);
	}
	status = rwait(pid);
	int code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 100;
	ok(code != 100, "execve of this program");
	ok(code < 100 && !(code & 1), "O_CLOEXEC fd is closed across execve");
	ok(code < 100 && !(code & 2), "plain fd survives execve");
	ok(code < 100 && !(code & 4), "dup of an O_CLOEXEC fd survives execve");
	ok(code < 100 && !(code & 8), "fd offset is shared with the new image");
	is(RSYS(SYS_fstat64, x, &st), 0, "O_CLOEXEC fd still open in the parent");
	RSYS(SYS_close, f);
	RSYS(SYS_close, x);
	RSYS(SYS_close, z);
}

/* Opening until the table is full gives EMFILE; a freed slot is reused. */
static void full_table(void)
{
	int n = 0, p[2];
	long r = 0;

	while (n < MAXFDS) {
		r = ropen("/dev/null", O_RDONLY, 0);
		if (r < 0)
			break;
		fds[n++] = r;
	}
	is(r, -EMFILE, "opening /dev/null repeatedly ends in EMFILE");
	if (n == 0)
		n = 1, fds[0] = -1;
	is(RSYS(SYS_dup, fds[0]), -EMFILE, "dup on a full table gives EMFILE");
	is(RSYS(SYS_pipe, p), -EMFILE, "pipe on a full table gives EMFILE");
	long freed = fds[n / 2];
	RSYS(SYS_close, freed);
	is(RSYS(SYS_pipe, p), -EMFILE, "pipe with one free slot gives EMFILE");
	r = ropen("/dev/null", O_RDONLY, 0);
	ok(r >= 0 && r == freed, "after a close the next open gets that fd");
	is(RSYS(SYS_dup, fds[0]), -EMFILE, "and the table is full again");
	int bad = 0;
	for (int i = 0; i < n; i++)
		bad |= RSYS(SYS_close, fds[i]) != 0;
	ok(!bad, "close every fd opened");
}

/* fstat64 reports the file type of each kind of fd. */
static void stats(void)
{
	struct kstat64 st;
	long f = ropen(path, O_RDONLY, 0);
	long dir = ropen("/tmp", O_RDONLY | O_DIRECTORY, 0);
	long null = ropen("/dev/null", O_RDONLY, 0);
	unsigned char *ro = ro_page();
	int p[2];

	RSYS(SYS_pipe, p);
	ok(RSYS(SYS_fstat64, f, &st) == 0 && S_ISREG(st.st_mode) &&
		   st.st_size == 100 && st.st_nlink == 1,
	   "fstat64 of a file: S_ISREG, size 100, 1 link");
	ok(RSYS(SYS_fstat64, dir, &st) == 0 && S_ISDIR(st.st_mode),
	   "fstat64 of a directory: S_ISDIR");
	ok(RSYS(SYS_fstat64, p[0], &st) == 0 && S_ISFIFO(st.st_mode),
	   "fstat64 of a pipe read end: S_ISFIFO");
	ok(RSYS(SYS_fstat64, p[1], &st) == 0 && S_ISFIFO(st.st_mode),
	   "fstat64 of a pipe write end: S_ISFIFO");
	ok(RSYS(SYS_fstat64, null, &st) == 0 && S_ISCHR(st.st_mode) &&
		   st.st_rdev == 0x103,
	   "fstat64 of /dev/null: S_ISCHR, device 1,3");
	is(RSYS(SYS_fstat64, -1, &st), -EBADF, "fstat64 of fd -1 gives EBADF");
	is(RSYS(SYS_fstat64, f, NULL), -EFAULT, "fstat64 into NULL gives EFAULT");
	is(RSYS(SYS_fstat64, f, ro), -EFAULT, "fstat64 into a read-only page gives EFAULT");
	RSYS(SYS_close, f);
	RSYS(SYS_close, dir);
	RSYS(SYS_close, null);
	RSYS(SYS_close, p[0]);
	RSYS(SYS_close, p[1]);
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "exec-check") == 0)
		return exec_check(argv);
	plan(41);
	long fd = ropen(tmpname(path, "fs_fd"), O_RDWR | O_CREAT | O_EXCL, 0644);
	if (!ok(fd >= 0, "create the test file"))
		return done();
	RSYS(SYS_close, fd);
	dups();
	inherit(argv[0]);
	full_table();
	stats();
	is(RSYS(SYS_unlink, path), 0, "unlink the test file");
	return done();
}
