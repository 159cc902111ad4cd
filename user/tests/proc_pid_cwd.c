/*
 * proc_pid_cwd: a current directory inside /proc, the same on Linux and
 * Mica.
 *
 *   getcwd   in /proc/self it is /proc/PID (the link resolved), in its
 *            fd/ and fdinfo/ /proc/PID/fd and /proc/PID/fdinfo, in another
 *            process's directory that one's pid; ".." climbs back to
 *            /proc; /proc/self/cwd reads the same; a buffer too small is
 *            ERANGE
 *   gone     once the process is reaped: getcwd in /proc/PID is ENOENT,
 *            in /proc/PID/fd it still gives the path; every lookup in
 *            /proc/PID (".", "..", a file, a missing name, openat from an
 *            fd) is ESRCH, and so are chdir to it and fchdir; the fd still
 *            fstats
 * getcwd is called raw, so that the error is the kernel's.
 */
#include "tap.h"

#include <signal.h>
#include <sys/stat.h>

static char buf[256], want[256];

/* The raw getcwd into buf (size bytes). Returns its result. */
static long rgetcwd(long size)
{
	return sys2(SYS_getcwd, buf, size);
}

/* Is the cwd exactly want? */
static int cwd_is(void)
{
	return rgetcwd(sizeof(buf)) > 0 && !strcmp(buf, want);
}

/* A child that pauses until killed. Returns its pid. */
static pid_t pauser(void)
{
	pid_t p = fork();
	if (p == 0)
		for (;;)
			pause();
	return p;
}

static void test_getcwd(void)
{
	int me = getpid();

	ok(chdir("/proc/self") == 0, "chdir /proc/self");
	snprintf(want, sizeof(want), "/proc/%d", me);
	ok(cwd_is(), "getcwd: /proc/PID, the link resolved");
	ok(chdir("fd") == 0, "chdir fd");
	snprintf(want, sizeof(want), "/proc/%d/fd", me);
	ok(cwd_is(), "getcwd: /proc/PID/fd");
	long n = readlink("/proc/self/cwd", buf, sizeof(buf) - 1);
	if (n > 0)
		buf[n] = '\0';
	ok(n > 0 && !strcmp(buf, want), "/proc/self/cwd says the same");
	is_err(rgetcwd(5), ERANGE, "a buffer too small: ERANGE");
	ok(chdir("../fdinfo") == 0, "chdir ../fdinfo");
	snprintf(want, sizeof(want), "/proc/%d/fdinfo", me);
	ok(cwd_is(), "getcwd: /proc/PID/fdinfo");
	ok(chdir("../..") == 0, "chdir ../..");
	snprintf(want, sizeof(want), "/proc");
	ok(cwd_is(), "getcwd: /proc");
	ok(chdir("sys/kernel") == 0, "chdir sys/kernel");
	snprintf(want, sizeof(want), "/proc/sys/kernel");
	ok(cwd_is(), "getcwd: /proc/sys/kernel");

	pid_t c = pauser();
	snprintf(want, sizeof(want), "/proc/%d", c);
	ok(chdir(want) == 0 && cwd_is(), "getcwd in another process's directory: its pid");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	chdir("/");
}

static void test_gone(void)
{
	struct stat st;
	pid_t c = pauser();

	snprintf(want, sizeof(want), "/proc/%d/fd", c);
	ok(chdir(want) == 0, "gone: chdir into a child's /proc/PID/fd");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	ok(cwd_is(), "gone: once it is reaped getcwd still gives the path");
	is_errno(chdir(".."), ESRCH, "gone: chdir .. to /proc/PID: ESRCH");
	chdir("/");

	c = pauser();
	snprintf(want, sizeof(want), "/proc/%d", c);
	chdir(want);
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	is_err(rgetcwd(sizeof(buf)), ENOENT, "gone: getcwd in /proc/PID: ENOENT");
	is_errno(open("stat", O_RDONLY), ESRCH, "gone: open of a file in it: ESRCH");
	is_errno(open("nosuch", O_RDONLY), ESRCH, "gone: of a missing name: ESRCH");
	is_errno(stat(".", &st), ESRCH, "gone: stat of \".\": ESRCH");
	is_errno(chdir(".."), ESRCH, "gone: chdir ..: ESRCH");
	is_errno(chdir("fd"), ESRCH, "gone: chdir fd: ESRCH");
	is_errno(openat(dfd, "status", O_RDONLY), ESRCH, "gone: openat from its fd: ESRCH");
	is(fstat(dfd, &st), 0, "gone: the fd still fstats");
	is_errno(fchdir(dfd), ESRCH, "gone: fchdir to it: ESRCH");
	is_errno(chdir(want), ENOENT, "gone: chdir to its path: ENOENT");
	close(dfd);
	chdir("/");
}

int main(void)
{
	plan(13 + 13);
	test_getcwd();
	test_gone();
	return done();
}
