/*
 * proc_fork - fork, exit, exit_group, waitpid and wait4.
 *
 * Checks exit codes through the wait status, waiting by pid and for any
 * child, WNOHANG, ECHILD and EINVAL, bad status pointers, the identities a
 * child sees (pid, ppid, tid), fd sharing across fork, fifty children at once
 * and an orphaned grandchild. Children report through exit codes and pipes.
 */
#include "tap.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>

#define NKIDS 50

/* Forks a child that exits at once with code; returns its pid. */
static pid_t spawn_exit(int code)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(code);
	return pid;
}

/* waitpid(pid) through libc; returns the status, or -1. */
static int reap(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* Reads exactly len bytes from fd; returns 0 on success. */
static int read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Calls with no children at all, and bad options. */
static void no_children(void)
{
	int st;
	is_err(sys3(SYS_waitpid, -1, &st, 0), ECHILD, "waitpid(-1) with no children");
	is_err(sys3(SYS_waitpid, -1, &st, WNOHANG), ECHILD,
	       "waitpid(-1, WNOHANG) with no children");
	is_err(sys4(SYS_wait4, -1, &st, 0, 0), ECHILD, "wait4(-1) with no children");
	is_err(sys3(SYS_waitpid, -1, &st, 0x100), EINVAL, "waitpid with unknown option bits");
	is_err(sys4(SYS_wait4, -1, NULL, 0x10000, 0), EINVAL, "wait4 with unknown option bits");
}

/* Exit codes through _exit, exit, SYS_exit and SYS_exit_group. */
static void exit_codes(void)
{
	static const int codes[] = {0, 1, 42, 255};
	pid_t pid;
	int st;

	for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		is_exit(reap(spawn_exit(codes[i])), codes[i], "_exit(%d) gives WEXITSTATUS %d",
			codes[i], codes[i]);
	is_exit(reap(spawn_exit(256)), 0, "_exit(256) keeps the low 8 bits");
	is_exit(reap(spawn_exit(-1)), 255, "_exit(-1) gives 255");

	pid = fork();
	if (pid == 0)
		exit(9);
	is_exit(reap(pid), 9, "libc exit(9)");
	pid = fork();
	if (pid == 0)
		sys1(SYS_exit, 33);
	is_exit(reap(pid), 33, "raw SYS_exit(33)");
	pid = fork();
	if (pid == 0)
		sys1(SYS_exit_group, 77);
	is_exit(reap(pid), 77, "raw SYS_exit_group(77)");

	pid = spawn_exit(5);
	st = 0;
	ok(waitpid(-1, &st, 0) == pid, "waitpid(-1) returns the child's pid");
	is_exit(st, 5, "waitpid(-1) status");
	pid = spawn_exit(6);
	st = 0;
	ok(sys4(SYS_wait4, pid, &st, 0, 0) == pid, "wait4(pid) returns the pid");
	is_exit(st, 6, "wait4(pid) status");
	pid = spawn_exit(7);
	ok(sys3(SYS_waitpid, pid, NULL, 0) == pid, "waitpid with a NULL status pointer");
	is_err(sys3(SYS_waitpid, pid, &st, 0), ECHILD, "waitpid on a reaped child");
}

/* What a child sees: its pid, its parent's pid, its tid; fds shared with the parent. */
static void identities(void)
{
	pid_t me = getpid(), ppid = getppid(), pid, got = 0;
	int p[2], fd;
	char c;

	ok(sys0(SYS_gettid) == me, "gettid == getpid in the parent");
	pipe(p);
	pid = fork();
	if (pid == 0) {
		pid_t mine = getpid();
		write(p[1], &mine, sizeof(mine));
		_exit((getppid() == me ? 0 : 1) | (sys0(SYS_gettid) == mine ? 0 : 2));
	}
	read_full(p[0], &got, sizeof(got));
	is_exit(reap(pid), 0, "child: getppid == parent's pid, gettid == getpid");
	ok(got == pid, "child's getpid equals fork's return value");
	ok(pid != me && pid > 0, "child pid differs from the parent's");
	ok(getppid() == ppid && getpid() == me, "parent's pid and ppid unchanged by fork");

	/* A child's exit closes its fds: the parent then reads EOF. */
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		_exit(0);
	}
	close(p[1]);
	is(read(p[0], &c, 1), 0, "pipe reads EOF once the child holding the write end exits");
	reap(pid);
	close(p[0]);

	/* Parent and child share one open file and its offset. */
	fd = open("/tmp/proc_fork.tmp", O_CREAT | O_TRUNC | O_RDWR, 0644);
	pid = fork();
	if (pid == 0) {
		_exit(write(fd, "abcdef", 6) == 6 ? 0 : 1);
	}
	is_exit(reap(pid), 0, "child writes through an inherited fd");
	is(lseek(fd, 0, SEEK_CUR), 6, "the write moved the parent's shared offset");
	close(fd);
	unlink("/tmp/proc_fork.tmp");
}

/* WNOHANG: a child blocked in a pipe read is not reported; after release it is. */
static void nohang(void)
{
	int p[2], st = 0, spins = 0;
	pid_t pid, r;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		unsigned char c = 0;
		close(p[1]);
		_exit(read(p[0], &c, 1) == 1 ? c : 200);
	}
	close(p[0]);
	is(waitpid(pid, &st, WNOHANG), 0, "WNOHANG on a child blocked in read returns 0");
	is(waitpid(-1, &st, WNOHANG), 0, "WNOHANG with pid -1 returns 0 too");
	is(sys3(SYS_waitpid, pid, 1, WNOHANG), 0, "WNOHANG with a bad status pointer returns 0");
	write(p[1], "x", 1);
	close(p[1]);
	is_exit(reap(pid), 'x', "released child exits with the byte it read");

	pid = spawn_exit(12);
	while ((r = waitpid(pid, &st, WNOHANG)) == 0 && spins < 100000) {
		sched_yield();
		spins++;
	}
	ok(r == pid, "WNOHANG polling finds the exited child");
	is_exit(st, 12, "WNOHANG status");
}

/* Pids that are not our children give ECHILD. */
static void not_children(void)
{
	int rel[2], rep[2], st;
	pid_t pid, grand = 0;

	pipe(rel);
	pipe(rep);
	pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			char c;
			close(rel[1]);
			read(rel[0], &c, 1); /* blocks until the parent closes its end */
			_exit(0);
		}
		close(rel[1]);
		write(rep[1], &g, sizeof(g));
		waitpid(g, NULL, 0);
		_exit(0);
	}
	close(rel[0]);
	close(rep[1]);
	read_full(rep[0], &grand, sizeof(grand));
	is_err(sys3(SYS_waitpid, grand, &st, 0), ECHILD, "waitpid for a grandchild gives ECHILD");
	is_err(sys4(SYS_wait4, grand, &st, WNOHANG, 0), ECHILD, "wait4 WNOHANG for a grandchild");
	close(rel[1]);
	close(rep[0]);
	is_exit(reap(pid), 0, "child reaps its own child");
	is_err(sys3(SYS_waitpid, getpid(), &st, 0), ECHILD, "waitpid for self gives ECHILD");
	is_err(sys3(SYS_waitpid, INT_MAX, &st, 0), ECHILD, "waitpid for a pid that never existed");
}

/*
 * A bad status pointer gives EFAULT. As on Linux, the exit status is lost
 * with it: the zombie is reaped by the failing call, and a second wait
 * gives ECHILD.
 */
static void bad_status(void)
{
	static const unsigned long bad[] = {1, KERNEL_BASE, KERNEL_TEXT, 0xFFFFFFFE};
	int st;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pid_t pid = spawn_exit(3);
		long nr = (i & 1) ? SYS_wait4 : SYS_waitpid;
		is_err(sys4(nr, pid, bad[i], 0, 0), EFAULT, "%s with status pointer %#lx",
		       nr == SYS_wait4 ? "wait4" : "waitpid", bad[i]);
		is_err(sys3(SYS_waitpid, pid, &st, 0), ECHILD,
		       "the failing wait reaped the child (status %#lx)", bad[i]);
	}
}

/* Fifty children at once, reaped by -1 and by pid in reverse order. */
static void many_children(void)
{
	pid_t pids[NKIDS];
	int seen[NKIDS] = {0}, bad_code = 0, unknown = 0, st;

	for (int i = 0; i < NKIDS; i++)
		pids[i] = spawn_exit(i * 5);
	for (int n = 0; n < NKIDS; n++) {
		pid_t r = waitpid(-1, &st, 0);
		int i;
		for (i = 0; i < NKIDS && pids[i] != r; i++)
			;
		if (i == NKIDS || seen[i]) {
			unknown++;
			continue;
		}
		seen[i] = 1;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != i * 5)
			bad_code++;
	}
	is(unknown, 0, "%d children reaped by waitpid(-1), each pid once", NKIDS);
	is(bad_code, 0, "%d children by waitpid(-1): every exit code right", NKIDS);
	is_err(sys3(SYS_waitpid, -1, &st, WNOHANG), ECHILD, "no child left after that");

	for (int i = 0; i < NKIDS; i++)
		pids[i] = spawn_exit(255 - i);
	bad_code = 0;
	for (int i = NKIDS - 1; i >= 0; i--) {
		st = reap(pids[i]);
		if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 255 - i)
			bad_code++;
	}
	is(bad_code, 0, "%d children reaped by pid in reverse order", NKIDS);
	is_err(sys3(SYS_waitpid, -1, &st, 0), ECHILD, "no child left after the reverse reaping");
}

/*
 * A child exits while its own child still runs. The parent reaps it without
 * hanging; the orphan keeps running and sees a new parent. On Mica the test
 * may run as init (pid 1): then the orphan becomes our child and we reap it.
 */
static void orphan(void)
{
	int rel[2], rep[2];
	pid_t pid, gpid = 0;
	char r[2] = {0, 0};
	int st;

	pipe(rel);
	pipe(rep);
	pid = fork();
	if (pid == 0) {
		pid_t orig = getpid();
		if (fork() == 0) {
			pid_t me = getpid();
			char c, out[2];
			close(rel[1]);
			close(rep[0]);
			read(rel[0], &c, 1);
			out[0] = 'G';
			out[1] = getppid() != orig;
			write(rep[1], &me, sizeof(me));
			write(rep[1], out, 2);
			_exit(7);
		}
		_exit(3);
	}
	close(rel[0]);
	close(rep[1]);
	is_exit(reap(pid), 3, "child with a live grandchild exits and is reaped");
	write(rel[1], "go", 1);
	close(rel[1]);
	ok(read_full(rep[0], &gpid, sizeof(gpid)) == 0 && read_full(rep[0], r, 2) == 0 &&
	       r[0] == 'G',
	   "orphaned grandchild keeps running");
	ok(r[1] == 1, "orphan's getppid changed when its parent exited");
	close(rep[0]);
	if (getpid() == 1) {
		st = -1;
		ok(waitpid(-1, &st, 0) == gpid, "init inherits the orphan and reaps it");
		is_exit(st, 7, "orphan's exit code reaches init");
	} else {
		skip("init inherits the orphan and reaps it");
		skip("orphan's exit code reaches init");
	}
}

int main(void)
{
	plan(57);
	no_children();
	exit_codes();
	identities();
	nohang();
	not_children();
	bad_status();
	many_children();
	orphan();
	return done();
}
