/*
 * proc_orphans: who adopts a process whose parent dies, checked the same
 * way on Linux and Mica.
 *
 *   prctl      PR_SET/GET_CHILD_SUBREAPER; EFAULT and EINVAL; the flag is
 *              not inherited by fork and is kept across execve
 *   subreaper  an orphan's new parent is the nearest living ancestor that
 *              is a child subreaper: getppid() names it and its wait4
 *              reaps the orphan, a zombie orphan included; when a subreaper
 *              dies, its orphans go further up
 *   init       the last two points are printed by a child after this
 *              program has exited: its new parent is not 0 (it was 0 on
 *              Mica when init --exec returned before reaping orphans), and
 *              on Mica it is init, pid 1 (on Linux it may be a subreaper
 *              of the host)
 */
#include "tap.h"
#include "relay.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>

#define LIFETIME 60	/* seconds: no child outlives a failed run for long */

static pid_t me;
static volatile sig_atomic_t chld;

static void on_chld(int s)
{
	(void)s;
	chld++;
}

/* Sleeps ms milliseconds. */
static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* Waits up to 10 s for getppid() to stop being old. Returns getppid(). */
static pid_t await_new_parent(pid_t old)
{
	for (int i = 0; i < 1000 && getppid() == old; i++)
		msleep(10);
	return getppid();
}

/* fork(), with the child's lifetime limited by an alarm. */
static pid_t fork_limited(void)
{
	pid_t p = fork();
	if (p == 0)
		alarm(LIFETIME);
	return p;
}

static long get_subreaper(void)
{
	int v = -1;
	long r = sys2(SYS_prctl, PR_GET_CHILD_SUBREAPER, &v);
	return r ? r : v;
}

static void flag(char *self)
{
	int st;

	is(get_subreaper(), 0, "a process starts as no child subreaper");
	is(sys2(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1), 0, "PR_SET_CHILD_SUBREAPER 1");
	is(get_subreaper(), 1, "PR_GET_CHILD_SUBREAPER reads it back");
	is_err(sys2(SYS_prctl, PR_GET_CHILD_SUBREAPER, 0), EFAULT, "PR_GET_CHILD_SUBREAPER to NULL is EFAULT");
	is_err(sys2(SYS_prctl, 999, 0), EINVAL, "an unknown prctl option is EINVAL");

	pid_t c = fork();
	if (c == 0)
		_exit(get_subreaper() == 0 ? 0 : 1);
	waitpid(c, &st, 0);
	is_exit(st, 0, "fork does not pass the flag on");

	relay_open();
	c = fork();
	if (c == 0) {
		char fd[16];
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		snprintf(fd, sizeof(fd), "%d", relay_fd[1]);
		char *argv[] = { self, "--subreaper", fd, NULL };
		execve(self, argv, NULL);
		_exit(99);
	}
	waitpid(c, &st, 0);
	relay_collect(1);
}

/* This process is a subreaper: a grandchild whose parent dies comes here. */
static void adopt(void)
{
	int gp[2], st;
	pid_t g;

	relay_open();
	pipe(gp);
	pid_t c = fork_limited();
	if (c == 0) {
		pid_t cp = getpid();
		g = fork_limited();
		if (g == 0) {
			pid_t np = await_new_parent(cp);
			child_is(np, me, "an orphan's new parent is its subreaper ancestor");
			_exit(9);
		}
		write(gp[1], &g, sizeof(g));
		_exit(0);
	}
	close(gp[1]);
	read(gp[0], &g, sizeof(g));
	close(gp[0]);
	waitpid(c, &st, 0);
	is_exit(st, 0, "the orphan's parent exited");
	is(waitpid(-1, &st, 0), g, "the subreaper's wait4 reaps the orphan");
	is_exit(st, 9, "with the orphan's status");
	relay_collect(1);

	/* a zombie orphan: it died before its parent */
	pipe(gp);
	c = fork_limited();
	if (c == 0) {
		sigset_t ch, none;
		sigemptyset(&ch);
		sigemptyset(&none);
		sigaddset(&ch, SIGCHLD);
		signal(SIGCHLD, on_chld);
		sigprocmask(SIG_BLOCK, &ch, NULL);
		g = fork();
		if (g == 0)
			_exit(6);
		while (!chld)
			sigsuspend(&none);	/* g is a zombie now */
		write(gp[1], &g, sizeof(g));
		_exit(0);
	}
	close(gp[1]);
	read(gp[0], &g, sizeof(g));
	close(gp[0]);
	waitpid(c, &st, 0);
	is_exit(st, 0, "a parent exits leaving its child a zombie");
	is(waitpid(-1, &st, 0), g, "the subreaper reaps the zombie orphan");
	is_exit(st, 6, "with its status");
	is(waitpid(-1, &st, WNOHANG), -1, "and has no child left");
}

/* Two subreapers on the line: the nearer one adopts; when it dies, its
 * orphans go on to the next. */
static void nested(void)
{
	int st;

	relay_open();
	pid_t s = fork_limited();
	if (s == 0) {
		pid_t sp = getpid();
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		pid_t c = fork_limited();
		if (c == 0) {
			pid_t cp = getpid();
			if (fork_limited() == 0) {
				child_is(await_new_parent(cp), sp, "the nearest subreaper adopts");
				_exit(4);
			}
			_exit(0);
		}
		waitpid(c, NULL, 0);
		pid_t w = waitpid(-1, &st, 0);
		child_ok(w > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 4, "and reaps the orphan");

		/* now this subreaper dies with a child alive */
		if (fork_limited() == 0) {
			child_is(await_new_parent(sp), me, "a dead subreaper's orphan goes to the next one up");
			_exit(3);
		}
		_exit(0);
	}
	waitpid(s, &st, 0);
	is_exit(st, 0, "the inner subreaper exited");
	pid_t w = waitpid(-1, &st, 0);
	ok(w > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 3, "the outer subreaper reaps its orphan");
	relay_collect(3);
}

/* --subreaper FD: after execve, is this process still a subreaper? */
static void exec_subreaper(const char *fd)
{
	relay_fd[1] = atoi(fd);
	child_is(get_subreaper(), 1, "execve keeps the subreaper flag");
	_exit(0);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--subreaper"))
		exec_subreaper(argv[2]);

	me = getpid();
	plan(7 + 8 + 5 + 1 + 2);
	flag(argv[0]);
	adopt();
	nested();
	is(prctl(PR_SET_CHILD_SUBREAPER, 0), 0, "PR_SET_CHILD_SUBREAPER 0");

	/* the last two points come from a child once this process is gone */
	int ready[2];
	pipe(ready);
	pid_t g = fork_limited();
	if (g == 0) {
		char c;
		close(ready[1]);
		read(ready[0], &c, 1);	/* end-of-file: the parent is exiting */
		pid_t np = await_new_parent(me);
		msleep(200);	/* time for init to end, had it not waited */
		ok(np != 0 && np != me && getppid() == np, "an orphan of the test has a new parent");
		if (on_mica())
			is(getppid(), 1, "on Mica, init");
		else
			skip("on Mica, init");
		_exit(0);
	}
	close(ready[0]);
	/* exit status: 0 iff all ran and passed but the child's two */
	return tap_count == tap_planned - 2 && !tap_failed ? 0 : 1;
}
