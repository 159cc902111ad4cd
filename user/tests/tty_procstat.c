/*
 * tty_procstat: /proc/PID/stat's tty_nr and tpgid, the same on Linux (a
 * pseudo-terminal) and Mica (the console's line, /dev/ttyS0). See term.h.
 *
 *   tty_nr   the device number of the controlling terminal, in Linux's
 *            encoding (minor bits 0-7, major 8-19, minor 8-19 in 20-31):
 *            the st_rdev of the terminal's device node; 0 without one
 *   tpgid    the terminal's foreground process group: the session
 *            leader's own group once it acquires it, a job's group after
 *            tcsetpgrp, seen alike in every member's stat; -1 without a
 *            terminal (before it is acquired, after setsid, after
 *            TIOCNOTTY)
 *
 * The checks run in a child that makes a session of its own and opens
 * the terminal, so that it becomes the controlling one; results come back
 * through relay.h.
 */
#include "term.h"
#include "relay.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define NPOINTS 18

/* Fields 7 and 8 (tty_nr, tpgid) of /proc/PID/stat (pid 0: self), after
 * the ")" that ends the name. Returns 0, or -1 if it cannot be read. */
static int stat_tty(pid_t pid, long *tty_nr, long *tpgid)
{
	char path[64], buf[1024];
	long pgrp, sid, ppid;
	char state;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/stat");
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c %ld %ld %ld %ld %ld", &state, &ppid, &pgrp, &sid, tty_nr,
			 tpgid) != 6)
		return -1;
	return 0;
}

/* Linux's 32-bit encoding of a device number (what tty_nr shows). */
static long encode_dev(dev_t d)
{
	unsigned long ma = major(d), mi = minor(d);
	return (long)((mi & 0xff) | (ma << 8) | ((mi & ~0xfful) << 12));
}

/* A member of the session that sleeps until killed, in a group of its
 * own (set on both sides). Returns its pid. */
static pid_t member(void)
{
	pid_t p = fork();
	if (p == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(p, p);
	return p;
}

/* The session leader's checks (a child of the test). */
static void leader(void)
{
	long nr = 99, pg = 99, want;
	sigset_t set;
	struct stat st;

	setsid();
	child_ok(stat_tty(0, &nr, &pg) == 0 && nr == 0 && pg == -1,
		 "a new session has no terminal: tty_nr 0, tpgid -1");
	int fd = open(term_path, O_RDWR);
	sigemptyset(&set);
	sigaddset(&set, SIGTTOU);
	sigprocmask(SIG_BLOCK, &set, NULL);
	child_ok(fd >= 0 && fstat(fd, &st) == 0, "the leader opens the terminal");
	want = encode_dev(st.st_rdev);
	child_is(stat_tty(0, &nr, &pg), 0, "its /proc/self/stat can be read");
	child_is(nr, want, "tty_nr is the terminal's device number");
	child_ok(nr != 0, "which is not 0");
	child_is(pg, getpgrp(), "tpgid is the leader's own group, the foreground one");
	child_is(pg, tcgetpgrp(fd), "as tcgetpgrp says");

	pid_t job = member();
	stat_tty(job, &nr, &pg);
	child_is(nr, want, "a member's tty_nr is the same terminal");
	child_is(pg, getpgrp(), "and its tpgid the foreground group, not its own");
	child_is(tcsetpgrp(fd, job), 0, "tcsetpgrp makes the member's group the foreground");
	stat_tty(0, &nr, &pg);
	child_is(pg, job, "then the leader's tpgid is that group");
	stat_tty(job, &nr, &pg);
	child_is(pg, job, "and so is the member's");
	tcsetpgrp(fd, getpgrp());
	stat_tty(job, &nr, &pg);
	child_is(pg, getpgrp(), "back in the foreground, tpgid follows");
	kill(job, SIGKILL);
	waitpid(job, NULL, 0);

	/* a member that lets go of the terminal, and one in a new session */
	pid_t p = fork();
	if (p == 0) {
		setpgid(0, 0);
		long r = ioctl(fd, TIOCNOTTY);
		stat_tty(0, &nr, &pg);
		child_ok(r == 0 && nr == 0 && pg == -1, "after TIOCNOTTY: tty_nr 0, tpgid -1");
		_exit(0);
	}
	waitpid(p, NULL, 0);
	p = fork();
	if (p == 0) {
		long r = setsid();
		stat_tty(0, &nr, &pg);
		child_ok(r > 0 && nr == 0 && pg == -1, "after setsid: tty_nr 0, tpgid -1");
		_exit(0);
	}
	waitpid(p, NULL, 0);
	stat_tty(0, &nr, &pg);
	child_ok(nr == want && pg == getpgrp(), "the leader still has its terminal");
	_exit(0);
}

int main(void)
{
	long nr = 99, pg = 99;
	int tfd = term_open();

	plan(NPOINTS);
	if (tfd < 0)
		return term_skip_all(NPOINTS);
	close(tfd);
	ok(stat_tty(0, &nr, &pg) == 0, "the test's /proc/self/stat can be read");
	is(nr == 0 && pg == -1, 1, "the test itself has no controlling terminal: 0 and -1");
	relay_open();
	pid_t c = fork();
	if (c == 0) {
		close(relay_fd[0]);
		alarm(20); /* a hang is a failed point, not a stuck run */
		leader();
	}
	relay_collect(NPOINTS - 2);
	waitpid(c, NULL, 0);
	return done();
}
