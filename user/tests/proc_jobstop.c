/*
 * proc_jobstop: stop and continue signals and the waits that see them,
 * without a terminal, the same on Linux and Mica.
 *
 *   stop      SIGSTOP and SIGTSTP (default action) stop a child; wait4
 *             with WUNTRACED reports 0x7f | sig << 8 once; without
 *             WUNTRACED nothing; WCONTINUED reports 0xffff once after
 *             SIGCONT, and nothing for a SIGCONT to a running child
 *   sigchld   the parent's SIGCHLD says CLD_STOPPED / CLD_CONTINUED with
 *             the signal; SA_NOCLDSTOP suppresses both, not the wait
 *   kill      SIGKILL ends a stopped child at once; SIGTERM, default or
 *             handled, waits for the SIGCONT
 *   pending   a stop signal discards a pending SIGCONT and SIGCONT the
 *             pending stop signals; a SIGCONT that is ignored still
 *             continues; a handled or ignored SIGTSTP does not stop
 *   restart   a read a stop cut short goes on after SIGCONT
 *   waitid    WSTOPPED and WCONTINUED with CLD_STOPPED/CLD_CONTINUED, and
 *             WNOWAIT leaves the event; WEXITED alone does not see a stop
 *   orphans   SIGTSTP to an orphaned group does nothing (SIGSTOP still
 *             stops); a group orphaned while it has a stopped member gets
 *             SIGHUP and SIGCONT
 *
 * Every child that takes SIGTSTP is put in a group of its own first, with
 * its parent (the test) in another group of the session, so that its group
 * is not orphaned on either system.
 */
#include "tap.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>

static volatile sig_atomic_t chld_code, chld_status, chld_count, got_term, got_tstp;

/* SIGCHLD: records the last si_code and si_status. */
static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_code = si->si_code;
	chld_status = si->si_status;
	chld_count++;
}

/* SIGTERM and SIGTSTP handlers of the children. */
static void on_term(int s)
{
	(void)s;
	got_term = 1;
}

static void on_tstp(int s)
{
	(void)s;
	got_tstp = 1;
}

/* Installs fn (SA_SIGINFO when info) with flags for sig. */
static void catch_sig(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

/* SIGCHLD to on_chld, with extra flags (SA_NOCLDSTOP). */
static void catch_chld(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART | flags;
	sigaction(SIGCHLD, &sa, NULL);
}

/* A child in its own process group that pauses until killed; the group
 * is set on both sides so no race is left. Returns its pid. */
static pid_t sleeper(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	return pid;
}

/* waitpid that retries EINTR. Returns its result, the status in *st. */
static pid_t wait_for(pid_t pid, int *st, int options)
{
	pid_t r;
	*st = -1;
	while ((r = waitpid(pid, st, options)) < 0 && errno == EINTR)
		;
	return r;
}

/* Waits up to ms for chld_count to reach n. Returns whether it did. */
static int await_chld(int n, int ms)
{
	for (int i = 0; i < ms / 10 && chld_count < n; i++)
		usleep(10000);
	return chld_count >= n;
}

static void test_stop_wait(void)
{
	int st;
	pid_t pid = sleeper();

	kill(pid, SIGSTOP);
	is(wait_for(pid, &st, WUNTRACED), pid, "stop: WUNTRACED reports the stopped child");
	is(st, 0x137f, "stop: its status is 0x7f | SIGSTOP << 8");
	ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stop: WIFSTOPPED and WSTOPSIG say SIGSTOP");
	is(wait_for(pid, &st, WUNTRACED | WNOHANG), 0, "stop: the stop is reported only once");
	is(wait_for(pid, &st, WNOHANG), 0, "stop: without WUNTRACED a stop is not reported");
	is(wait_for(pid, &st, WCONTINUED | WNOHANG), 0, "stop: no WCONTINUED event while stopped");
	kill(pid, SIGCONT);
	is(wait_for(pid, &st, WCONTINUED), pid, "stop: WCONTINUED reports the continued child");
	is(st, 0xffff, "stop: its status is 0xffff");
	ok(WIFCONTINUED(st), "stop: WIFCONTINUED");
	is(wait_for(pid, &st, WCONTINUED | WNOHANG), 0, "stop: the continue is reported only once");
	kill(pid, SIGCONT);
	is(wait_for(pid, &st, WCONTINUED | WNOHANG), 0,
	   "stop: SIGCONT to a running child is no WCONTINUED event");
	kill(pid, SIGTSTP);
	is(wait_for(pid, &st, WUNTRACED), pid, "stop: SIGTSTP's default action stops");
	is(st, 0x147f, "stop: its status is 0x7f | SIGTSTP << 8");
	kill(pid, SIGTTIN);
	kill(pid, SIGCONT);
	is(wait_for(pid, &st, WUNTRACED | WCONTINUED), pid,
	   "stop: a stop signal sent while stopped is dropped by the SIGCONT");
	is(st, 0xffff, "stop: so the next event is the continue");
	kill(pid, SIGKILL);
	wait_for(pid, &st, 0);
	is_signal(st, SIGKILL, "stop: the child is killed at the end");
	is(wait_for(-1, &st, WUNTRACED | WNOHANG), -1, "stop: no child left (ECHILD)");
}

static void test_sigchld(void)
{
	int st;
	pid_t pid;

	catch_chld(0);
	chld_count = 0;
	pid = sleeper();
	kill(pid, SIGSTOP);
	wait_for(pid, &st, WUNTRACED);
	ok(await_chld(1, 2000), "sigchld: a stop sends SIGCHLD");
	is(chld_code, CLD_STOPPED, "sigchld: si_code is CLD_STOPPED");
	is(chld_status, SIGSTOP, "sigchld: si_status is the stop signal");
	kill(pid, SIGCONT);
	ok(await_chld(2, 2000), "sigchld: a continue sends SIGCHLD");
	is(chld_code, CLD_CONTINUED, "sigchld: si_code is CLD_CONTINUED");
	is(chld_status, SIGCONT, "sigchld: si_status is SIGCONT");
	wait_for(pid, &st, WCONTINUED);

	catch_chld(SA_NOCLDSTOP);
	chld_count = 0;
	kill(pid, SIGSTOP);
	is(wait_for(pid, &st, WUNTRACED), pid, "sigchld: SA_NOCLDSTOP: the wait still sees the stop");
	kill(pid, SIGCONT);
	is(wait_for(pid, &st, WCONTINUED), pid, "sigchld: SA_NOCLDSTOP: and the continue");
	usleep(50000);
	is(chld_count, 0, "sigchld: SA_NOCLDSTOP: no SIGCHLD for either");
	kill(pid, SIGKILL);
	wait_for(pid, &st, 0);
	ok(await_chld(1, 2000), "sigchld: SA_NOCLDSTOP: a death still sends SIGCHLD");
	is(chld_code, CLD_KILLED, "sigchld: SA_NOCLDSTOP: with CLD_KILLED");
	signal(SIGCHLD, SIG_DFL);
}

static void test_kill_stopped(void)
{
	int st;
	pid_t pid = sleeper();

	kill(pid, SIGSTOP);
	wait_for(pid, &st, WUNTRACED);
	kill(pid, SIGKILL);
	is(wait_for(pid, &st, 0), pid, "kill: SIGKILL ends a stopped child");
	is_signal(st, SIGKILL, "kill: it dies of SIGKILL");

	pid = sleeper();
	kill(pid, SIGSTOP);
	wait_for(pid, &st, WUNTRACED);
	kill(pid, SIGTERM);
	usleep(50000);
	is(wait_for(pid, &st, WNOHANG), 0, "kill: SIGTERM (default) waits while the child is stopped");
	kill(pid, SIGCONT);
	wait_for(pid, &st, 0);
	is_signal(st, SIGTERM, "kill: after SIGCONT it dies of SIGTERM");

	int p[2];
	pipe(p);
	pid = fork();
	if (pid == 0) {
		catch_sig(SIGTERM, on_term, 0);
		close(p[0]);
		write(p[1], "r", 1);
		while (!got_term)
			pause();
		_exit(7);
	}
	close(p[1]);
	char c;
	read(p[0], &c, 1);
	close(p[0]);
	kill(pid, SIGSTOP);
	wait_for(pid, &st, WUNTRACED);
	kill(pid, SIGTERM);
	usleep(50000);
	is(wait_for(pid, &st, WNOHANG | WUNTRACED), 0,
	   "kill: a handled SIGTERM leaves the child stopped");
	kill(pid, SIGCONT);
	is(wait_for(pid, &st, 0), pid, "kill: after SIGCONT the handler runs");
	is_exit(st, 7, "kill: and the child exits");
}

/* Child: checks what sigpending shows around stop and continue signals
 * that are blocked. Exits with a bit per failed check. */
static void pending_child(long arg)
{
	sigset_t set, pend;
	int bad = 0;

	(void)arg;
	catch_sig(SIGCONT, on_term, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGCONT);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGCONT);
	sigpending(&pend);
	bad |= !sigismember(&pend, SIGCONT);
	kill(getpid(), SIGTSTP);
	sigpending(&pend);
	bad |= sigismember(&pend, SIGCONT) << 1;
	bad |= !sigismember(&pend, SIGTSTP) << 2;
	kill(getpid(), SIGCONT);
	sigpending(&pend);
	bad |= sigismember(&pend, SIGTSTP) << 3;
	bad |= !sigismember(&pend, SIGCONT) << 4;
	_exit(bad);
}

/* Child: SIGTSTP handled, then ignored; neither stops. Exits 0 if the
 * handler ran and the ignored one did nothing. */
static void tstp_child(long arg)
{
	(void)arg;
	setpgid(0, 0);
	catch_sig(SIGTSTP, on_tstp, 0);
	kill(getpid(), SIGTSTP);
	if (!got_tstp)
		_exit(1);
	signal(SIGTSTP, SIG_IGN);
	kill(getpid(), SIGTSTP);
	_exit(0);
}

static void test_pending(void)
{
	int st;

	st = run_child(pending_child, 0);
	is_exit(st, 0, "pending: stop drops a pending SIGCONT, SIGCONT a pending stop");
	st = run_child(tstp_child, 0);
	is_exit(st, 0, "pending: a handled or ignored SIGTSTP does not stop");

	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGCONT, SIG_IGN);
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	kill(pid, SIGSTOP);
	wait_for(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	is(wait_for(pid, &st, WCONTINUED), pid, "pending: an ignored SIGCONT still continues");
	kill(pid, SIGKILL);
	wait_for(pid, &st, 0);
}

static void test_restart(void)
{
	int p[2], q[2], st;
	char c;

	pipe(p);
	pipe(q);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		close(q[0]);
		write(q[1], "r", 1);
		long n = sys3(SYS_read, p[0], &c, 1);
		_exit(n == 1 && c == 'x' ? 0 : n < 0 ? 100 - n : 50);
	}
	close(p[0]);
	close(q[1]);
	read(q[0], &c, 1);
	usleep(50000); /* let it block in read */
	kill(pid, SIGSTOP);
	wait_for(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	usleep(50000);
	write(p[1], "x", 1);
	wait_for(pid, &st, 0);
	is_exit(st, 0, "restart: a read stopped and continued goes on and gets the byte");
	close(p[1]);
	close(q[0]);
}

static void test_waitid(void)
{
	siginfo_t si;
	pid_t pid = sleeper();
	int st;

	kill(pid, SIGSTOP);
	memset(&si, 0, sizeof(si));
	is(waitid(P_PID, pid, &si, WSTOPPED | WNOWAIT), 0, "waitid: WSTOPPED|WNOWAIT sees the stop");
	ok(si.si_pid == pid && si.si_code == CLD_STOPPED && si.si_status == SIGSTOP &&
		   si.si_signo == SIGCHLD,
	   "waitid: CLD_STOPPED with SIGSTOP");
	memset(&si, 0, sizeof(si));
	is(waitid(P_PID, pid, &si, WEXITED | WNOHANG), 0, "waitid: WEXITED alone returns 0");
	is(si.si_pid, 0, "waitid: and does not see the stop");
	memset(&si, 0, sizeof(si));
	waitid(P_PID, pid, &si, WSTOPPED);
	ok(si.si_pid == pid && si.si_code == CLD_STOPPED, "waitid: after WNOWAIT the stop is still there");
	memset(&si, 0, sizeof(si));
	is(waitid(P_PID, pid, &si, WSTOPPED | WNOHANG), 0, "waitid: then it is consumed");
	is(si.si_pid, 0, "waitid: so WNOHANG finds none");
	kill(pid, SIGCONT);
	memset(&si, 0, sizeof(si));
	waitid(P_ALL, 0, &si, WCONTINUED);
	ok(si.si_pid == pid && si.si_code == CLD_CONTINUED && si.si_status == SIGCONT,
	   "waitid: WCONTINUED gives CLD_CONTINUED with SIGCONT");
	kill(pid, SIGKILL);
	wait_for(pid, &st, 0);
	is_signal(st, SIGKILL, "waitid: the child is killed at the end");
}

/* Waits up to ms for one byte on fd. Returns it, or -1. */
static int read_byte(int fd, int ms)
{
	struct pollfd pf = { fd, POLLIN, 0 };
	char c;
	if (poll(&pf, 1, ms) != 1 || read(fd, &c, 1) != 1)
		return -1;
	return c;
}

static int hup_fd = -1;

/* The orphan's SIGHUP and SIGCONT handlers report on hup_fd. */
static void on_hup(int s)
{
	(void)s;
	write(hup_fd, "H", 1);
}

static void on_cont(int s)
{
	(void)s;
	write(hup_fd, "C", 1);
}

/* Child (its own group): forks a grandchild into another group, then
 * exits after the grandchild is set up, so that group is orphaned with
 * the grandchild running. The grandchild waits for a byte on go, which
 * the test sends once it has reaped this child (only then is the group
 * surely orphaned: a closed pipe end is seen before the exit is done),
 * and reports on fd what SIGTSTP and SIGSTOP do to it. */
static void orphan_tstp(int fd, int go)
{
	pid_t g = fork();
	if (g == 0) {
		char c;
		setpgid(0, 0);
		read(go, &c, 1);
		/* an orphaned group: SIGTSTP does nothing */
		kill(getpid(), SIGTSTP);
		write(fd, "T", 1);
		/* SIGSTOP stops; whoever continues it... nobody: the test's
		 * SIGCONT does */
		kill(getpid(), SIGSTOP);
		write(fd, "S", 1);
		_exit(0);
	}
	setpgid(g, g);
	char pid[16];
	int n = snprintf(pid, sizeof(pid), "%d", (int)g);
	write(fd, pid, n + 1);
	_exit(0);
}

/* Child: forks a grandchild into another group that stops itself, waits
 * for the stop, then exits: the grandchild's group is orphaned with a
 * stopped member and must get SIGHUP then SIGCONT. */
static void orphan_hup(int fd)
{
	int st;
	pid_t g = fork();
	if (g == 0) {
		setpgid(0, 0);
		hup_fd = fd;
		catch_sig(SIGHUP, on_hup, 0);
		catch_sig(SIGCONT, on_cont, 0);
		kill(getpid(), SIGSTOP);
		write(fd, "E", 1);
		_exit(0);
	}
	setpgid(g, g);
	waitpid(g, &st, WUNTRACED);
	_exit(WIFSTOPPED(st) ? 0 : 1);
}

static void test_orphans(void)
{
	int p[2], st;
	char buf[16];

	int go[2];
	pipe(p);
	pipe(go);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		close(go[1]);
		setpgid(0, 0);
		orphan_tstp(p[1], go[0]);
	}
	close(p[1]);
	close(go[0]);
	int n = 0;
	while (n < (int)sizeof(buf) && read(p[0], buf + n, 1) == 1 && buf[n])
		n++;
	pid_t g = atoi(buf);
	wait_for(c, &st, 0);
	write(go[1], "g", 1);
	close(go[1]);
	is(read_byte(p[0], 5000), 'T', "orphans: SIGTSTP to an orphaned group does nothing");
	is(read_byte(p[0], 300), -1, "orphans: SIGSTOP stops it all the same");
	kill(g, SIGCONT);
	is(read_byte(p[0], 5000), 'S', "orphans: and SIGCONT continues it");
	close(p[0]);

	pipe(p);
	c = fork();
	if (c == 0) {
		close(p[0]);
		setpgid(0, 0);
		orphan_hup(p[1]);
	}
	close(p[1]);
	wait_for(c, &st, 0);
	is_exit(st, 0, "orphans: the grandchild stopped before its parent died");
	/* both are pending when it runs: SIGHUP's frame is set up first and
	 * SIGCONT's on top of it, so SIGCONT's handler runs first */
	int a = read_byte(p[0], 5000), b = read_byte(p[0], 5000), e = read_byte(p[0], 5000);
	ok(a == 'C' || b == 'C', "orphans: a newly orphaned group with a stopped member gets SIGCONT");
	ok(a == 'C' && b == 'H', "orphans: and SIGHUP, whose handler runs second (nested)");
	is(e, 'E', "orphans: which continues it");
	close(p[0]);
}

int main(void)
{
	plan(55);
	test_stop_wait();
	test_sigchld();
	test_kill_stopped();
	test_pending();
	test_restart();
	test_waitid();
	test_orphans();
	return done();
}
