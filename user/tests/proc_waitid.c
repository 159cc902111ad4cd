/*
 * proc_waitid: waitid(2), checked the same way on Linux and Mica.
 *
 *   result   0 with siginfo {SIGCHLD, CLD_EXITED/CLD_KILLED, pid, status}
 *   WNOWAIT  the child stays waitable
 *   WNOHANG  0 with an all-zero siginfo while the child runs
 *   idtype   P_ALL, P_PID, P_PGID (0: the caller's group)
 *   WSTOPPED without WEXITED: a zombie is no match
 *   errors   EINVAL for options without WEXITED/WSTOPPED/WCONTINUED,
 *            unknown option bits, a bad idtype, P_PID 0, P_PGID < 0,
 *            P_PIDFD < 0; EBADF for P_PIDFD of any fd (none is a pidfd);
 *            ECHILD with no matching child; EFAULT for a bad siginfo
 *            (the child is reaped all the same)
 */
#include "tap.h"

#include <signal.h>
#include <sys/syscall.h>

/* waitid through int $0x80: the raw result. */
static long raw_waitid(long idtype, long id, siginfo_t *si, long options)
{
	return sys5(SYS_waitid, idtype, id, si, options, 0);
}

/* A child that exits with code at once (or, for code < 0, dies of -code). */
static pid_t child(int code, int own_group)
{
	pid_t p = fork();
	if (p == 0) {
		if (own_group)
			setpgid(0, 0);
		if (code < 0)
			raise(-code);
		_exit(code);
	}
	if (own_group)
		setpgid(p, p);
	return p;
}

/* A child that waits for end-of-file on pipe fds, then exits 0. */
static pid_t waiting_child(int fds[2])
{
	pid_t p = fork();
	if (p == 0) {
		char c;
		alarm(60);
		close(fds[1]);
		read(fds[0], &c, 1);
		_exit(0);
	}
	return p;
}

int main(void)
{
	siginfo_t si;
	int st, go[2];

	plan(31);
	is_err(raw_waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD, "no child: ECHILD");

	pid_t c = child(42, 0);
	memset(&si, 0xff, sizeof(si));
	is(raw_waitid(P_PID, c, &si, WEXITED), 0, "waitid(P_PID) returns 0");
	is(si.si_signo, SIGCHLD, "si_signo SIGCHLD");
	is(si.si_code, CLD_EXITED, "si_code CLD_EXITED");
	is(si.si_pid, c, "si_pid the child");
	is(si.si_status, 42, "si_status its exit code");
	is(waitpid(c, &st, WNOHANG), -1, "and it is reaped");

	c = child(-SIGTERM, 0);
	is(raw_waitid(P_ALL, 0, &si, WEXITED), 0, "waitid(P_ALL) for a child killed by SIGTERM");
	is(si.si_code, CLD_KILLED, "si_code CLD_KILLED");
	is(si.si_status, SIGTERM, "si_status the signal");

	c = child(7, 0);
	is(raw_waitid(P_PID, c, &si, WEXITED | WNOWAIT), 0, "WNOWAIT");
	is(si.si_status, 7, "reports the status");
	is(waitpid(c, &st, 0), c, "and leaves the child to waitpid");
	is_exit(st, 7, "with the same status");

	pipe(go);
	c = waiting_child(go);
	memset(&si, 0xff, sizeof(si));
	is(raw_waitid(P_PID, c, &si, WEXITED | WNOHANG), 0, "WNOHANG with the child running: 0");
	ok(si.si_pid == 0 && si.si_signo == 0, "and a zeroed siginfo");
	close(go[0]);
	close(go[1]);
	waitpid(c, NULL, 0);

	c = child(5, 1);
	/* let it run to its end, without reaping it: WNOWAIT */
	for (int i = 0; i < 200; i++) {
		memset(&si, 0, sizeof(si));
		if (raw_waitid(P_PID, c, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == c)
			break;
		usleep(10000);
	}
	is_err(raw_waitid(P_PGID, 0, &si, WEXITED | WNOHANG), ECHILD,
	       "P_PGID 0: a child in another group does not match");
	memset(&si, 0xff, sizeof(si));
	is(raw_waitid(P_PGID, c, &si, WEXITED | WSTOPPED | WNOHANG), 0,
	   "P_PGID of the child's group");
	is(si.si_pid, c, "finds it");

	c = child(6, 0);
	usleep(100000);
	memset(&si, 0xff, sizeof(si));
	is_err(raw_waitid(P_PID, c, &si, WSTOPPED | WNOHANG), ECHILD,
	       "WSTOPPED alone: a zombie child is no match (ECHILD)");
	ok(waitpid(c, &st, WNOHANG) == c && WIFEXITED(st), "and it is still there to reap");

	is_err(raw_waitid(P_ALL, 0, &si, 0), EINVAL, "options 0: EINVAL");
	is_err(raw_waitid(P_ALL, 0, &si, WNOHANG), EINVAL, "WNOHANG alone: EINVAL");
	is_err(raw_waitid(P_ALL, 0, &si, WEXITED | 0x10), EINVAL, "an unknown option bit: EINVAL");
	is_err(raw_waitid(7, 0, &si, WEXITED), EINVAL, "idtype 7: EINVAL");
	is_err(raw_waitid(P_PID, 0, &si, WEXITED), EINVAL, "P_PID 0: EINVAL");
	is_err(raw_waitid(P_PGID, -1, &si, WEXITED), EINVAL, "P_PGID -1: EINVAL");
	is_err(raw_waitid(3, 999, &si, WEXITED), EBADF, "P_PIDFD of a closed fd: EBADF");
	is_err(raw_waitid(3, 0, &si, WEXITED), EBADF, "P_PIDFD of an fd that is no pidfd: EBADF");
	is_err(raw_waitid(3, -1, &si, WEXITED), EINVAL, "P_PIDFD -1: EINVAL");

	c = child(3, 0);
	usleep(100000);
	is_err(sys5(SYS_waitid, P_PID, c, 0, WEXITED, KERNEL_BASE), EFAULT,
	       "a bad rusage: EFAULT, the child reaped all the same");
	waitpid(c, NULL, WNOHANG);
	return done();
}
