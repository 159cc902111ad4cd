/*
 * tty_jobctl: a controlling terminal and job control on it, the same on
 * Linux (a pseudo-terminal) and Mica (the console). See term.h.
 *
 * Each case runs in a child that makes a session of its own and opens the
 * terminal (so it becomes the controlling terminal), with SIGTTOU blocked
 * as a shell has it; its own children are the jobs. Results come back
 * through relay.h.
 *
 *   ctty      a session leader's open without O_NOCTTY acquires the
 *             terminal (tcgetpgrp, tcgetsid); TIOCSCTTY again is 0;
 *             /dev/tty opens it; without one /dev/tty is ENXIO and
 *             tcgetpgrp/tcgetsid/tcsetpgrp are ENOTTY; TIOCSCTTY by a
 *             process that is not a session leader, or of a terminal
 *             another session has, is EPERM
 *   tcsetpgrp EINVAL for a negative group, ESRCH for none, EPERM for a
 *             group of another session, EFAULT for bad pointers
 *   bg read   SIGTTIN stops a background reader; made the foreground
 *             group and continued, its read goes on; EIO with SIGTTIN
 *             ignored or blocked, or from an orphaned group
 *   bg write  allowed without TOSTOP; with it SIGTTOU stops the writer
 *             unless it ignores SIGTTOU; tcsetpgrp and TCSETS from the
 *             background get SIGTTOU too
 *   isig      VINTR, VQUIT and VSUSP typed send SIGINT, SIGQUIT and
 *             SIGTSTP to the foreground group, flushing the input unless
 *             NOFLSH; a change of window size sends SIGWINCH
 *   notty     TIOCNOTTY by a member drops its terminal only; setsid drops
 *             it; a session leader's exit sends SIGHUP to the foreground
 *             group and frees the terminal for another session
 */
#include "term.h"
#include "relay.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>

#define NPOINTS 40

static int tfd;

/* A new session owning the terminal: returns the fd that acquired it. */
static int own_terminal(void)
{
	sigset_t set;

	setsid();
	int fd = open(term_path, O_RDWR);
	sigemptyset(&set);
	sigaddset(&set, SIGTTOU);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return fd;
}

/* A job: forks a child into a group of its own that runs fn(fd), then
 * exits with its result. Returns the pid. */
static pid_t job(int (*fn)(int), int fd)
{
	pid_t p = fork();
	if (p == 0) {
		setpgid(0, 0);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		alarm(10); /* a job that hangs dies of SIGALRM: a failed point */
		_exit(fn(fd));
	}
	setpgid(p, p);
	return p;
}

/* waitpid that retries EINTR; returns the status, or -1. */
static int wait_st(pid_t p, int options)
{
	int st = -1;
	while (waitpid(p, &st, options) < 0 && errno == EINTR)
		;
	return st;
}

/* Jobs: each returns its exit code. */
static int read_one(int fd)
{
	char c;
	long n = sys3(SYS_read, fd, &c, 1);
	return n == 1 ? c : n < 0 ? 200 + (int)-n : 100;
}

static int read_ignored(int fd)
{
	signal(SIGTTIN, SIG_IGN);
	return read_one(fd);
}

static int read_blocked(int fd)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGTTIN);
	sigprocmask(SIG_BLOCK, &s, NULL);
	return read_one(fd);
}

static int write_one(int fd)
{
	return sys3(SYS_write, fd, "\n", 1) == 1 ? 0 : 1;
}

static int write_ignored(int fd)
{
	signal(SIGTTOU, SIG_IGN);
	return write_one(fd);
}

static int setpgrp_bg(int fd)
{
	return tcsetpgrp(fd, getpgrp()) == 0 ? 0 : 1;
}

static int setattr_bg(int fd)
{
	struct termios t;
	tcgetattr(fd, &t);
	return tcsetattr(fd, TCSANOW, &t) == 0 ? 0 : 1;
}

static int pause_job(int fd)
{
	(void)fd;
	for (;;)
		pause();
	return 0;
}

static volatile sig_atomic_t winch;

static void on_winch(int s)
{
	(void)s;
	winch++;
}

static int winch_job(int fd)
{
	(void)fd;
	signal(SIGWINCH, on_winch);
	for (int i = 0; i < 200 && !winch; i++)
		usleep(10000);
	return winch;
}

/* Child of a middle process that exits: reads the terminal from an
 * orphaned group. */
static int orphan_read(int fd)
{
	pid_t p = fork();
	if (p == 0) {
		usleep(200000); /* the middle process is gone by now */
		alarm(5);
		child_is(read_one(fd), 200 + EIO, "bg read: from an orphaned group is EIO");
		_exit(0);
	}
	return 0;
}

static void case_ctty(void)
{
	int fd = own_terminal(), pg = -1;

	child_is(tcgetpgrp(fd), getpid(), "ctty: an open by a session leader acquires it");
	child_is(tcgetsid(fd), getpid(), "ctty: tcgetsid is the session");
	child_is(ioctl(fd, TIOCSCTTY, 0), 0, "ctty: TIOCSCTTY on its own terminal is 0");
	int t = open("/dev/tty", O_RDWR);
	child_is(t >= 0, 1, "ctty: /dev/tty opens it");
	child_is(ioctl(t, TIOCGPGRP, &pg) == 0 && pg == getpid(), 1,
		 "ctty: and is the same terminal");
	close(t);
	child_is(sys3(SYS_ioctl, fd, TIOCSPGRP, NULL), -EFAULT, "tcsetpgrp: NULL is EFAULT");
	child_is(sys3(SYS_ioctl, fd, TIOCGPGRP, KERNEL_BASE), -EFAULT,
		 "tcgetpgrp: into a kernel address is EFAULT");
	pg = -5;
	child_is(sys3(SYS_ioctl, fd, TIOCSPGRP, &pg), -EINVAL, "tcsetpgrp: a negative group is EINVAL");
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	wait_st(dead, 0);
	pg = dead;
	child_is(sys3(SYS_ioctl, fd, TIOCSPGRP, &pg), -ESRCH, "tcsetpgrp: no such group is ESRCH");
	pg = getppid(); /* the test, in another session */
	child_is(sys3(SYS_ioctl, fd, TIOCSPGRP, &pg), -EPERM,
		 "tcsetpgrp: a group of another session is EPERM");

	pid_t p = fork();
	if (p == 0) {
		child_is(ioctl(fd, TIOCSCTTY, 0) < 0 ? errno : 0, EPERM,
			 "ctty: TIOCSCTTY by a non-leader is EPERM");
		setsid();
		child_is(open("/dev/tty", O_RDWR) < 0 ? errno : 0, ENXIO,
			 "notty: after setsid /dev/tty is ENXIO");
		child_is(tcgetpgrp(fd) < 0 ? errno : 0, ENOTTY,
			 "notty: tcgetpgrp of a terminal that is not its own is ENOTTY");
		child_is(ioctl(fd, TIOCSCTTY, 0) < 0 ? errno : 0, EPERM,
			 "ctty: TIOCSCTTY of another session's terminal is EPERM");
		_exit(0);
	}
	wait_st(p, 0);
	p = fork();
	if (p == 0) {
		child_is(ioctl(fd, TIOCNOTTY), 0, "notty: TIOCNOTTY by a member");
		child_is(tcgetpgrp(fd) < 0 ? errno : 0, ENOTTY, "notty: drops its terminal");
		_exit(0);
	}
	wait_st(p, 0);
	child_is(tcgetpgrp(fd), getpid(), "notty: but not the session's");
	_exit(0);
}

static void case_bg_read(void)
{
	int fd = own_terminal();
	int st;

	pid_t p = job(read_one, fd);
	st = wait_st(p, WUNTRACED);
	child_is(WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTTIN, "bg read: SIGTTIN stops the reader");
	tcsetpgrp(fd, p);
	kill(p, SIGCONT);
	usleep(100000);
	term_type(fd, "q\n");
	st = wait_st(p, 0);
	child_is(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 'q',
		 "bg read: in the foreground and continued, its read goes on");
	tcsetpgrp(fd, getpgrp());
	tcflush(fd, TCIFLUSH);
	st = wait_st(job(read_ignored, fd), 0);
	child_is(WEXITSTATUS(st), 200 + EIO, "bg read: SIGTTIN ignored is EIO");
	st = wait_st(job(read_blocked, fd), 0);
	child_is(WEXITSTATUS(st), 200 + EIO, "bg read: SIGTTIN blocked is EIO");
	st = wait_st(job(orphan_read, fd), 0);
	usleep(600000); /* the orphan reads while this session has the terminal */
	_exit(0);
}

static void case_bg_write(void)
{
	int fd = own_terminal();
	struct termios t;
	int st;

	st = wait_st(job(write_one, fd), WUNTRACED);
	child_is(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0, "bg write: allowed without TOSTOP");
	tcgetattr(fd, &t);
	t.c_lflag |= TOSTOP;
	tcsetattr(fd, TCSANOW, &t);
	pid_t p = job(write_one, fd);
	st = wait_st(p, WUNTRACED);
	child_is(WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTTOU, "bg write: with TOSTOP SIGTTOU stops it");
	kill(p, SIGKILL);
	wait_st(p, 0);
	st = wait_st(job(write_ignored, fd), WUNTRACED);
	child_is(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0, "bg write: with SIGTTOU ignored it goes");
	t.c_lflag &= ~TOSTOP;
	tcsetattr(fd, TCSANOW, &t);
	p = job(setpgrp_bg, fd);
	st = wait_st(p, WUNTRACED);
	child_is(WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTTOU, "bg write: tcsetpgrp gets SIGTTOU");
	kill(p, SIGKILL);
	wait_st(p, 0);
	p = job(setattr_bg, fd);
	st = wait_st(p, WUNTRACED);
	child_is(WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTTOU, "bg write: tcsetattr gets SIGTTOU");
	kill(p, SIGKILL);
	wait_st(p, 0);
	child_is(tcgetpgrp(fd), getpid(), "bg write: the foreground group is unchanged");
	_exit(0);
}

static void case_isig(void)
{
	int fd = own_terminal(), st, n = -1;
	struct termios t;
	struct winsize ws;

	tcgetattr(fd, &t);
	t.c_lflag = ISIG;
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	tcsetattr(fd, TCSAFLUSH, &t);
	pid_t p = job(pause_job, fd);
	tcsetpgrp(fd, p);
	term_type(fd, "abc\x03");
	st = wait_st(p, 0);
	child_is(WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGINT, "isig: VINTR sends SIGINT");
	ioctl(fd, FIONREAD, &n);
	child_is(n, 0, "isig: and flushes the input");
	p = job(pause_job, fd);
	tcsetpgrp(fd, p);
	t.c_lflag = ISIG | NOFLSH;
	tcsetattr(fd, TCSANOW, &t);
	term_type(fd, "ab\x1c");
	st = wait_st(p, 0);
	child_is(WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGQUIT, "isig: VQUIT sends SIGQUIT");
	ioctl(fd, FIONREAD, &n);
	child_is(n, 2, "isig: NOFLSH keeps the input");
	p = job(pause_job, fd);
	tcsetpgrp(fd, p);
	term_type(fd, "\x1a");
	st = wait_st(p, WUNTRACED);
	child_is(WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTSTP, "isig: VSUSP stops the job (SIGTSTP)");
	kill(p, SIGKILL);
	wait_st(p, 0);
	t.c_lflag = 0;
	tcsetattr(fd, TCSANOW, &t);
	p = job(pause_job, fd);
	tcsetpgrp(fd, p);
	term_type(fd, "\x03");
	usleep(100000);
	child_is(waitpid(p, &st, WNOHANG), 0, "isig: without ISIG VINTR is a plain byte");
	kill(p, SIGKILL);
	wait_st(p, 0);
	tcflush(fd, TCIFLUSH);
	p = job(winch_job, fd);
	tcsetpgrp(fd, p);
	usleep(50000);
	ioctl(fd, TIOCGWINSZ, &ws);
	ws.ws_row += 3;
	ioctl(fd, TIOCSWINSZ, &ws);
	st = wait_st(p, 0);
	child_is(WIFEXITED(st) && WEXITSTATUS(st) > 0, 1, "isig: a new window size sends SIGWINCH");
	tcsetpgrp(fd, getpgrp());
	_exit(0);
}

static volatile sig_atomic_t hup;

static void on_hup(int s)
{
	(void)s;
	hup = 1;
}

/* The session leader exits; its foreground job must get SIGHUP. */
static void case_hangup(void)
{
	int fd = own_terminal();
	int go[2];

	pipe(go);
	pid_t p = fork();
	if (p == 0) {
		char c;
		setpgid(0, 0);
		signal(SIGHUP, on_hup);
		close(go[1]);
		read(go[0], &c, 1);
		for (int i = 0; i < 300 && !hup; i++)
			usleep(10000);
		child_is(hup, 1, "notty: a session leader's exit sends SIGHUP to the foreground");
		_exit(0);
	}
	setpgid(p, p);
	tcsetpgrp(fd, p);
	close(go[0]);
	close(go[1]);
	_exit(0);
}

/* After the hang-up: another session acquires the terminal. */
static void case_again(void)
{
	int fd = own_terminal();
	child_is(tcgetpgrp(fd), getpid(), "notty: the terminal is free again for a new session");
	_exit(0);
}

/* Runs one case in a child and waits for it. */
static void run_case(void (*fn)(void))
{
	pid_t p = fork();
	if (p == 0)
		fn();
	wait_st(p, 0);
}

int main(void)
{
	int pg;

	plan(NPOINTS);
	tfd = term_open();
	if (tfd < 0)
		return term_skip_all(NPOINTS);
	term_mode(tfd, ICANON | ISIG, 1, 0);
	is(tcgetpgrp(tfd) < 0 ? errno : 0, ENOTTY, "ctty: tcgetpgrp without one is ENOTTY");
	is(tcgetsid(tfd) < 0 ? errno : 0, ENOTTY, "ctty: tcgetsid without one is ENOTTY");
	pg = getpgrp();
	is_err(sys3(SYS_ioctl, tfd, TIOCSPGRP, &pg), ENOTTY, "ctty: tcsetpgrp without one is ENOTTY");
	is_err(sys3(SYS_open, "/dev/tty", O_RDWR, 0), ENXIO, "ctty: /dev/tty without one is ENXIO");
	relay_open();
	run_case(case_ctty);
	run_case(case_bg_read);
	run_case(case_bg_write);
	run_case(case_isig);
	run_case(case_hangup);
	usleep(200000);
	run_case(case_again);
	close(relay_fd[1]);
	relay_collect(NPOINTS - 4);
	tcsetattr(tfd, TCSAFLUSH, &term_saved);
	return done();
}
