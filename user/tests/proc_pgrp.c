/*
 * proc_pgrp: process groups and sessions, and the kill and wait calls that
 * address them, checked the same way on Linux and Mica.
 *
 *   ids       getpgrp/getpgid/getsid agree; bad pids give ESRCH
 *   setpgid   Linux's errors: EINVAL, ESRCH (not the caller or a child),
 *             EPERM (session leader, child in another session, a group of
 *             another session or of nobody), EACCES (child after execve)
 *   setsid    a new session and group led by the caller; EPERM for a
 *             group leader
 *   inherit   fork and execve keep the group and the session
 *   kill      0: the caller's group, the caller included; -pgid: that
 *             group; a group of zombies still exists; ESRCH before EINVAL;
 *             INT_MIN is ESRCH; -1 reaches everyone but init and the caller
 *   wait      pid 0 and -pgid choose children by their current group;
 *             INT_MIN is ESRCH
 *   init      (Mica only: on Linux, pid 1 is the host's) init ignores the
 *             signals it has no handler for, SIGKILL included; a child that
 *             kills its own group with SIGKILL dies alone
 *
 * Natively this test runs in the runner's process group and session, so
 * every kill that reaches a group is sent from a child in a group of its
 * own; kill(-1, sig) and kill(0, sig) from the test itself run on Mica only.
 */
#include "tap.h"
#include "relay.h"

#include <limits.h>
#include <signal.h>
#include <sys/syscall.h>

static volatile sig_atomic_t usr1, chld;

static void on_usr1(int s)
{
	(void)s;
	usr1++;
}

static void on_chld(int s)
{
	(void)s;
	chld++;
}

/* Catches sig with fn; interrupted calls (waitpid) restart. */
static void install(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

/* The pid of a child that has been reaped: no process has it now. */
static pid_t dead_pid(void)
{
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return p;
}

/* Waits (with SIGCHLD blocked, then suspended on) until chld > seen. */
static void await_chld(int seen)
{
	sigset_t none;
	sigemptyset(&none);
	while (chld <= seen)
		sigsuspend(&none);
}

/* A child that waits for end-of-file on pipe fds (whose write end it
 * closes), then exits code; in a group of its own if own_group. */
static pid_t child_waiting(const int fds[2], int code, int own_group)
{
	pid_t p = fork();
	if (p == 0) {
		char c;
		if (own_group)
			setpgid(0, 0);
		close(fds[1]);
		read(fds[0], &c, 1);
		_exit(code);
	}
	if (own_group)
		setpgid(p, p);	/* both sides: no race with the child */
	return p;
}

static void ids(void)
{
	pid_t dead = dead_pid();

	is(sys0(SYS_getpgrp), sys1(SYS_getpgid, 0), "getpgrp() == getpgid(0)");
	is(sys1(SYS_getpgid, getpid()), sys0(SYS_getpgrp), "getpgid(self) == getpgrp()");
	is(sys1(SYS_getsid, getpid()), sys1(SYS_getsid, 0), "getsid(self) == getsid(0)");
	is_err(sys1(SYS_getpgid, -1), ESRCH, "getpgid(-1) is ESRCH");
	is_err(sys1(SYS_getpgid, dead), ESRCH, "getpgid(reaped child) is ESRCH");
	is_err(sys1(SYS_getsid, -1), ESRCH, "getsid(-1) is ESRCH");
	is_err(sys1(SYS_getsid, dead), ESRCH, "getsid(reaped child) is ESRCH");
	is_err(sys2(SYS_setpgid, 0, -1), EINVAL, "setpgid(0, -1) is EINVAL");
	is_err(sys2(SYS_setpgid, -1, 0), EINVAL, "setpgid(-1, 0) is EINVAL (pgid becomes -1)");
	is_err(sys2(SYS_setpgid, -5, 3), ESRCH, "setpgid(-5, 3) is ESRCH");
	is_err(sys2(SYS_setpgid, dead, 0), ESRCH, "setpgid(reaped child, 0) is ESRCH");
	is_err(sys2(SYS_setpgid, getppid(), 0), ESRCH, "setpgid(parent, 0) is ESRCH");
	is_err(sys2(SYS_setpgid, 1, 0), ESRCH, "setpgid(1, 0) is ESRCH: not a child");
}

#define SESSION_CHECKS 21

/* In a child that makes a new session: what setsid and setpgid allow. */
static void session_child(char *self)
{
	pid_t me = getpid(), dead = dead_pid();
	pid_t old_sid = sys1(SYS_getsid, 0);
	int rdy[2], go[2];

	child_is(sys0(SYS_setsid), me, "setsid() returns the caller's pid");
	child_is(sys1(SYS_getsid, 0), me, "the caller leads the new session");
	child_is(sys0(SYS_getpgrp), me, "and a new process group");
	child_ok(sys1(SYS_getsid, getppid()) == old_sid, "the parent stays in the old session");
	child_is_err(sys0(SYS_setsid), EPERM, "setsid() by a group leader is EPERM");
	child_is_err(sys2(SYS_setpgid, 0, 0), EPERM, "setpgid(0, 0) by a session leader is EPERM");

	/* a child: inherits both, moves between groups of the session */
	pid_t m = fork();
	if (m == 0) {
		pid_t mm = getpid();
		child_is(sys0(SYS_getpgrp), me, "fork keeps the process group");
		child_is(sys1(SYS_getsid, 0), me, "fork keeps the session");
		child_is(sys2(SYS_setpgid, 0, 0), 0, "setpgid(0, 0): a group of its own");
		child_is(sys0(SYS_getpgrp), mm, "getpgrp() is now its pid");
		child_is(sys2(SYS_setpgid, 0, me), 0, "setpgid(0, leader): back into a group of the session");
		child_is(sys0(SYS_getpgrp), me, "getpgrp() is the leader's again");
		child_is_err(sys2(SYS_setpgid, 0, dead), EPERM, "setpgid into a group nobody is in is EPERM");
		_exit(0);
	}
	waitpid(m, NULL, 0);

	/* the parent moves a child; not after the child's execve */
	pipe(rdy);
	pipe(go);
	pid_t c = child_waiting(go, 0, 0);
	child_is(sys2(SYS_setpgid, c, c), 0, "setpgid(child, child) by its parent");
	child_is(sys1(SYS_getpgid, c), c, "getpgid(child) sees the move");
	child_is(sys2(SYS_setpgid, c, 0), 0, "setpgid(child, 0) is the same move");
	child_is(sys2(SYS_setpgid, c, me), 0, "setpgid(child, own group) moves it back");
	close(go[1]);
	waitpid(c, NULL, 0);
	close(go[0]);

	pid_t e = fork();
	if (e == 0) {
		char fd[16];
		snprintf(fd, sizeof(fd), "%d", rdy[1]);
		char *argv[] = { self, "--exec-ready", fd, NULL };
		execve(self, argv, NULL);
		_exit(99);
	}
	close(rdy[1]);
	char b;
	read(rdy[0], &b, 1);	/* the child has called execve */
	child_is_err(sys2(SYS_setpgid, e, e), EACCES, "setpgid on a child after its execve is EACCES");
	kill(e, SIGKILL);
	waitpid(e, NULL, 0);
	close(rdy[0]);

	/* a child in a session of its own is out of reach */
	pipe(rdy);
	pid_t s = fork();
	if (s == 0) {
		setsid();
		close(rdy[1]);
		pause();
		_exit(0);
	}
	close(rdy[1]);
	read(rdy[0], &b, 1);	/* end-of-file: the child has called setsid */
	child_is_err(sys2(SYS_setpgid, s, s), EPERM, "setpgid on a child in another session is EPERM");
	child_is_err(sys2(SYS_setpgid, s, me), EPERM, "... into the parent's group too");
	child_is(sys1(SYS_getsid, s), s, "getsid(child) names its new session");
	kill(s, SIGKILL);
	waitpid(s, NULL, 0);
	close(rdy[0]);
	_exit(0);
}

static void sessions(char *self)
{
	relay_open();
	pid_t l = fork();
	if (l == 0) {
		close(relay_fd[0]);
		session_child(self);
	}
	int st;
	waitpid(l, &st, 0);
	relay_collect(SESSION_CHECKS);

	/* joining a group of another session is EPERM: l is gone, so make a
	 * new session leader and try to join its group from here */
	int rdy[2];
	pipe(rdy);
	pid_t s = fork();
	if (s == 0) {
		setsid();
		close(rdy[1]);
		pause();
		_exit(0);
	}
	close(rdy[1]);
	char b;
	read(rdy[0], &b, 1);
	close(rdy[0]);
	pid_t j = fork();
	if (j == 0)
		_exit(sys2(SYS_setpgid, 0, s) == -EPERM ? 0 : 1);
	waitpid(j, &st, 0);
	is_exit(st, 0, "setpgid into a group of another session is EPERM");
	kill(s, SIGKILL);
	waitpid(s, NULL, 0);
}

#define KILL_CHECKS 18

/* In a child that leads a group of its own: kill and wait by group. */
static void group_child(void)
{
	pid_t me = getpid(), dead = dead_pid();
	int go[2], st;

	setpgid(0, 0);
	install(SIGCHLD, on_chld);
	sigset_t ch;
	sigemptyset(&ch);
	sigaddset(&ch, SIGCHLD);
	sigprocmask(SIG_BLOCK, &ch, NULL);

	/* kill(0) and kill(-pgid) reach the whole group, the caller too; the
	 * children keep SIGUSR1's default action, the caller catches it */
	pipe(go);
	pid_t a = child_waiting(go, 0, 0);
	pid_t b = child_waiting(go, 0, 0);
	install(SIGUSR1, on_usr1);
	child_is(sys2(SYS_kill, 0, SIGUSR1), 0, "kill(0, SIGUSR1) from a group leader");
	child_is(usr1, 1, "the caller got it too");
	waitpid(a, &st, 0);
	child_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "a child in the group died of it");
	waitpid(b, &st, 0);
	child_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "so did the other");
	child_is(sys2(SYS_kill, -me, SIGUSR1), 0, "kill(-pgid, SIGUSR1)");
	child_is(usr1, 2, "reaches the caller in that group");

	/* errors: ESRCH before EINVAL */
	child_is(sys2(SYS_kill, 0, 0), 0, "kill(0, 0) checks the group");
	child_is_err(sys2(SYS_kill, -dead, 0), ESRCH, "kill(-pgid of nobody, 0) is ESRCH");
	child_is_err(sys2(SYS_kill, -me, 100), EINVAL, "kill(-pgid, 100) is EINVAL");
	child_is_err(sys2(SYS_kill, -dead, 100), ESRCH, "kill(-pgid of nobody, 100) is ESRCH");
	child_is_err(sys2(SYS_kill, dead, 100), ESRCH, "kill(reaped pid, 100) is ESRCH");
	child_is_err(sys2(SYS_kill, me, 100), EINVAL, "kill(self, 100) is EINVAL");
	child_is_err(sys2(SYS_kill, INT_MIN, 0), ESRCH, "kill(INT_MIN, 0) is ESRCH");

	/* a group whose only member is a zombie still exists */
	sigprocmask(SIG_UNBLOCK, &ch, NULL);	/* take the SIGCHLDs so far */
	sigprocmask(SIG_BLOCK, &ch, NULL);
	int seen = chld;
	pid_t z = fork();
	if (z == 0) {
		setpgid(0, 0);
		_exit(0);
	}
	setpgid(z, z);
	await_chld(seen);
	child_is(sys2(SYS_kill, -z, 0), 0, "kill(-pgid, 0) with only a zombie in the group");
	waitpid(z, NULL, 0);
	child_is_err(sys2(SYS_kill, -z, 0), ESRCH, "ESRCH once it is reaped");

	/* wait4 by group: pid 0 is the caller's group, -pgid that group */
	close(go[1]);
	close(go[0]);
	pipe(go);
	pid_t other = child_waiting(go, 12, 1);	/* in its own group */
	pid_t mine = child_waiting(go, 11, 0);	/* in this group */
	pid_t moved = child_waiting(go, 13, 0);
	setpgid(moved, moved);				/* ... but moved out */
	child_is(waitpid(0, &st, WNOHANG), 0, "waitpid(0, WNOHANG) with the group's child running");
	close(go[1]);
	child_is(waitpid(0, &st, 0), mine, "waitpid(0) reaps the child in the caller's group");
	child_ok(WIFEXITED(st) && WEXITSTATUS(st) == 11, "with its status");
	child_is(waitpid(0, &st, 0), -1, "then waitpid(0) has no child left to wait for");
	child_is(waitpid(-other, &st, 0), other, "waitpid(-pgid) reaps the child in that group");
	child_is(waitpid(-moved, &st, 0), moved, "waitpid(-pgid) sees a child's current group");
	child_is(waitpid(-dead, &st, 0), -1, "waitpid(-pgid of nobody) fails");
	child_is(errno, ECHILD, "with ECHILD");
	child_is_err(sys3(SYS_waitpid, INT_MIN, 0, 0), ESRCH, "waitpid(INT_MIN) is ESRCH");
	child_is_err(sys4(SYS_wait4, INT_MIN, 0, 0, 0), ESRCH, "wait4(INT_MIN) is ESRCH");
	_exit(0);
}

#define GROUP_CHECKS 25

static void groups(void)
{
	relay_open();
	pid_t g = fork();
	if (g == 0) {
		close(relay_fd[0]);
		group_child();
	}
	int st;
	waitpid(g, &st, 0);
	relay_collect(GROUP_CHECKS);
	is_exit(st, 0, "the group leader finished");

	/* kill(-pgid) from outside the group */
	int go[2];
	pipe(go);
	pid_t a = child_waiting(go, 0, 1);
	pid_t b = fork();
	if (b == 0) {
		setpgid(0, a);
		char c;
		read(go[0], &c, 1);
		_exit(0);
	}
	setpgid(b, a);
	is(kill(-a, SIGTERM), 0, "kill(-pgid, SIGTERM) from outside the group");
	waitpid(a, &st, 0);
	is_signal(st, SIGTERM, "the group's leader died of it");
	waitpid(b, &st, 0);
	is_signal(st, SIGTERM, "and its other member");
	close(go[0]);
	close(go[1]);

	/* setpgrp(); kill(0, SIGKILL): the caller's new group only, not a
	 * process w left in the caller's old group */
	int keep[2];
	pipe(keep);
	pid_t w = child_waiting(keep, 3, 0);
	pid_t k = fork();
	if (k == 0) {
		setpgid(0, 0);
		kill(0, SIGKILL);
		_exit(1);
	}
	waitpid(k, &st, 0);
	is_signal(st, SIGKILL, "setpgrp(); kill(0, SIGKILL) kills the caller");
	close(keep[1]);
	waitpid(w, &st, 0);
	close(keep[0]);
	is_exit(st, 3, "and nothing else: a process in the caller's old group lives on");

	/* kill(-1, 0) with a child alive: every process but init and us */
	pipe(go);
	a = child_waiting(go, 0, 0);
	is(sys2(SYS_kill, -1, 0), 0, "kill(-1, 0) with a child alive");
	close(go[1]);
	waitpid(a, NULL, 0);
	close(go[0]);
}

static void on_urg_exit(int s)
{
	(void)s;
	_exit(7);
}

/*
 * Mica only: kill(-1) and init's immunity. On Linux pid 1 is the host's
 * init and -1 would reach the whole host. On Mica, init's helpers (the
 * processes that carry a program's output out) are in init's group too,
 * so what goes to the group or to -1 is SIGURG, which they ignore.
 */
static void init_rules(void)
{
	const int n = 12;
	int st;

	if (!on_mica()) {
		for (int i = 0; i < n; i++)
			skip("kill(-1, sig) and signals to init");
		return;
	}
	install(SIGURG, on_usr1);
	usr1 = 0;
	pid_t k = fork();
	if (k == 0) {
		int go[2], rdy[2];
		pipe(go);
		pipe(rdy);
		pid_t a = fork();
		if (a == 0) {
			char c;
			signal(SIGURG, on_urg_exit);
			close(go[1]);
			close(rdy[0]);
			close(rdy[1]);	/* ready: the handler is in place */
			read(go[0], &c, 1);
			_exit(0);
		}
		close(rdy[1]);
		char c;
		read(rdy[0], &c, 1);
		usr1 = 0;
		long r = sys2(SYS_kill, -1, SIGURG);
		waitpid(a, &st, 0);
		_exit(r == 0 && usr1 == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : 1);
	}
	waitpid(k, &st, 0);
	is_exit(st, 0, "kill(-1, SIGURG) reaches a child but not the caller");
	is(usr1, 1, "and this process, the caller's parent");
	is(getppid(), 1, "init is alive");

	k = fork();
	if (k == 0) {
		long r = sys2(SYS_kill, 1, SIGKILL) | sys2(SYS_kill, 1, SIGTERM) |
			 sys2(SYS_kill, 1, SIGUSR1) | sys2(SYS_kill, 1, SIGSEGV) |
			 sys2(SYS_tkill, 1, SIGKILL) | sys3(SYS_tgkill, 1, 1, SIGINT);
		_exit(r == 0 ? 0 : 1);
	}
	waitpid(k, &st, 0);
	is_exit(st, 0, "kill(1, SIGKILL/SIGTERM/SIGUSR1/SIGSEGV), tkill, tgkill return 0");
	is(getppid(), 1, "init is alive after them");
	is(sys2(SYS_kill, 1, 0), 0, "kill(1, 0) finds it");

	usr1 = 0;
	is(sys2(SYS_kill, 0, SIGURG), 0, "kill(0, SIGURG) in init's process group");
	is(usr1, 1, "reaches the caller");
	is(getppid(), 1, "but not init");
	is(sys2(SYS_kill, 1, SIGSTOP), 0, "kill(1, SIGSTOP) returns 0");
	is(sys2(SYS_kill, 1, SIGCHLD), 0, "kill(1, SIGCHLD) returns 0");
	is(getppid(), 1, "init is alive at the end");
	signal(SIGURG, SIG_DFL);
}

/* --exec-ready FD: an exec'd image that says so, then waits to be killed. */
static void exec_ready(const char *fd)
{
	int f = atoi(fd);
	write(f, "r", 1);
	close(f);
	pause();
	_exit(0);
}

/* --ids PGID SID FD: an exec'd image reporting whether it kept both. */
static void exec_ids(char **argv)
{
	relay_fd[1] = atoi(argv[4]);
	child_is(sys0(SYS_getpgrp), atol(argv[2]), "execve keeps the process group");
	child_is(sys1(SYS_getsid, 0), atol(argv[3]), "execve keeps the session");
	_exit(0);
}

static void across_exec(char *self)
{
	relay_open();
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		char pg[16], sid[16], fd[16];
		snprintf(pg, sizeof(pg), "%ld", sys0(SYS_getpgrp));
		snprintf(sid, sizeof(sid), "%ld", sys1(SYS_getsid, 0));
		snprintf(fd, sizeof(fd), "%d", relay_fd[1]);
		char *argv[] = { self, "--ids", pg, sid, fd, NULL };
		execve(self, argv, NULL);
		_exit(99);
	}
	waitpid(c, NULL, 0);
	relay_collect(2);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--exec-ready"))
		exec_ready(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "--ids"))
		exec_ids(argv);

	plan(13 + SESSION_CHECKS + 1 + GROUP_CHECKS + 1 + 3 + 2 + 1 + 2 + 12);
	ids();
	sessions(argv[0]);
	groups();
	across_exec(argv[0]);
	init_rules();
	return done();
}
