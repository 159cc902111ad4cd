/*
 * stress_forkbomb: fork until the process limit, bounded at 600 processes
 * so that the Linux host (whose limit is far higher) is never at risk.
 * Every child stays alive, blocked in a read of a pipe, until the parent
 * lets them all go by closing the write end. Then:
 *   - fork stopped with EAGAIN (the limit) or all 600 ran; never another
 *     error. On Mica (512 processes) the limit comes first.
 *   - at the limit, the next fork fails the same way;
 *   - every child exits 0 and is reaped, waitpid then says ECHILD;
 *   - fork works again afterwards.
 * The children are also made to fork: half of them fork one grandchild
 * each, so the limit is reached from several processes at once, and a
 * grandchild that cannot be made is no error either (EAGAIN).
 */
#include "tap.h"

#define BOUND 600

/* A child: optionally fork one grandchild that waits for the same
 * release, then wait for the release itself. Exits 0, or 1 if the
 * grandchild's fork failed with anything but EAGAIN or it was not
 * reaped cleanly. */
static void child(int release, int grandchild)
{
	char c;
	pid_t g = -1;

	if (grandchild) {
		g = fork();
		if (g == 0) {
			read(release, &c, 1);
			_exit(0);
		}
		if (g < 0 && errno != EAGAIN)
			_exit(1);
	}
	read(release, &c, 1); /* returns 0 once the parent closes the write end */
	if (g > 0) {
		int st;
		if (waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			_exit(1);
	}
	_exit(0);
}

int main(void)
{
	int rel[2], forked = 0, err = 0, st;

	plan(7);
	if (pipe(rel) < 0) {
		ok(0, "pipe");
		return done();
	}
	/* Children get the read end only; the write end is closed in each.
	 * Count processes: each forked child may make one more (grandchild);
	 * stop when we, or the system, reach the bound. */
	int procs = 1;
	while (procs < BOUND) {
		int gc = (forked % 2) && procs + 2 <= BOUND;
		pid_t pid = fork();
		if (pid == 0) {
			close(rel[1]);
			child(rel[0], gc);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		forked++;
		procs += 1 + gc;
	}
	ok(err == 0 || err == EAGAIN, "fork stops only with EAGAIN (the process limit)");
	ok(err == EAGAIN || procs >= BOUND,
	   "either the limit was reached or all 600 processes ran");
	if (on_mica())
		is_err(-err, EAGAIN, "Mica reaches its process limit before 600");
	else
		skip("Mica reaches its process limit before 600");

	if (err == EAGAIN) {
		pid_t again = fork();
		if (again == 0)
			_exit(0);
		ok(again < 0 && errno == EAGAIN, "at the limit, the next fork fails the same way");
		if (again > 0)
			forked++;
	} else {
		skip("at the limit, the next fork fails the same way");
	}
	close(rel[1]);
	int reaped = 0, clean = 0;
	while (wait(&st) > 0) {
		reaped++;
		clean += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	int werr = errno;
	close(rel[0]);
	ok(reaped == forked && clean == forked, "every child exited 0 and was reaped");
	is_err(-werr, ECHILD, "then wait says ECHILD");
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	is_exit(pid > 0 ? (waitpid(pid, &st, 0), st) : -1, 7, "fork works again afterwards");
	return done();
}
