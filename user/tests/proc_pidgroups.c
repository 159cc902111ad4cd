/*
 * proc_pidgroups: processes found by pid, process group and session
 * reach exactly their members, with many processes about, checked the
 * same way on Linux and Mica.
 *
 *   groups    GROUPS process groups of PER_GROUP children each: kill of a
 *             group reaches its members and no other; getpgid names each
 *             one's group; getpriority/setpriority of a group see only it
 *   move      setpgid into another group: a kill of the old group misses
 *             the mover, one of the new group reaches it; a group left
 *             empty is gone (kill ESRCH, setpgid into it EPERM)
 *   session   a child's setsid makes it a session and group of one: its
 *             getsid and getpgid are its pid, the parent's group no longer
 *             holds it
 *   lookup    kill(pid, 0) and getpgid of each child while alive, ESRCH
 *             once reaped; a zombie still counts until reaped
 */
#include "tap.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/select.h>
#include <time.h>

#define GROUPS 10
#define PER_GROUP 8
#define NCHILD (GROUPS * PER_GROUP)

static pid_t kids[NCHILD];
static int report[2];

/* SIGUSR1 in a child: report its index, go on waiting. */
static int my_index;
static void on_usr1(int s)
{
	unsigned char b = (unsigned char)my_index;
	(void)s;
	if (write(report[1], &b, 1) != 1)
		_exit(3);
}

/* Child i: wait for signals until SIGTERM. */
static void child(int i)
{
	my_index = i;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGTERM, SIG_DFL);
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	for (;;)
		pause();
}

/* Reads what the children report for up to 300 ms after the last byte:
 * sets seen[i] for each index. Returns how many bytes came. */
static int collect(int *seen)
{
	int n = 0;
	for (;;) {
		struct timeval tv = { 0, 300000 };
		fd_set set;
		FD_ZERO(&set);
		FD_SET(report[0], &set);
		if (select(report[0] + 1, &set, NULL, NULL, &tv) <= 0)
			return n;
		unsigned char b;
		if (read(report[0], &b, 1) != 1)
			return n;
		if (b < NCHILD)
			seen[b]++;
		n++;
	}
}

/* The group of child i: its group's first member's pid. */
static pid_t group_of(int i)
{
	return kids[(i / PER_GROUP) * PER_GROUP];
}

/* Did exactly the children for which want(i) holds report, once each? */
static int exactly(const int *seen, int (*want)(int i))
{
	for (int i = 0; i < NCHILD; i++)
		if (seen[i] != (want(i) ? 1 : 0))
			return 0;
	return 1;
}

static int target_group;
static int in_target(int i)
{
	return i / PER_GROUP == target_group;
}

static void groups(void)
{
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL); /* children unblock it once set up */
	if (pipe(report))
		exit(1);
	for (int i = 0; i < NCHILD; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			close(report[0]);
			pid_t g = i % PER_GROUP ? kids[i - i % PER_GROUP] : 0;
			if (setpgid(0, g))
				_exit(4);
			child(i);
		}
		setpgid(kids[i], i % PER_GROUP ? group_of(i) : kids[i]); /* no race either way */
	}
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	int right = 0;
	for (int i = 0; i < NCHILD; i++)
		right += getpgid(kids[i]) == group_of(i);
	is(right, NCHILD, "groups: getpgid names each child's group (%d groups of %d)", GROUPS,
	   PER_GROUP);
	/* each child sets up its handler before it pauses: let them */
	struct timespec ts = { 0, 200000000 };
	nanosleep(&ts, NULL);

	int seen[NCHILD];
	target_group = 3;
	memset(seen, 0, sizeof(seen));
	is(kill(-group_of(target_group * PER_GROUP), SIGUSR1), 0, "groups: kill of group 3: 0");
	is(collect(seen), PER_GROUP, "groups: %d reports", PER_GROUP);
	ok(exactly(seen, in_target), "groups: from group 3's members only");

	setpriority(PRIO_PGRP, group_of(5 * PER_GROUP), 7);
	int nice_right = 0;
	for (int i = 0; i < NCHILD; i++) {
		errno = 0;
		int prio = getpriority(PRIO_PROCESS, kids[i]);
		nice_right += prio == (i / PER_GROUP == 5 ? 7 : 0);
	}
	is(nice_right, NCHILD, "groups: setpriority of group 5 changed its members only");
	errno = 0;
	is(getpriority(PRIO_PGRP, group_of(5 * PER_GROUP)), 7, "groups: getpriority of group 5");
}

static int moved_index;
static int in_new(int i)
{
	return i / PER_GROUP == 7 || i == moved_index;
}
static int in_old_but_moved(int i)
{
	return i / PER_GROUP == 2 && i != moved_index;
}

static void move(void)
{
	int seen[NCHILD];

	moved_index = 2 * PER_GROUP + 3; /* a member of group 2, not its leader */
	pid_t newg = group_of(7 * PER_GROUP);
	is(setpgid(kids[moved_index], newg), 0, "move: setpgid of a group 2 member into group 7");
	is(getpgid(kids[moved_index]), newg, "move: getpgid says group 7");
	memset(seen, 0, sizeof(seen));
	kill(-group_of(2 * PER_GROUP), SIGUSR1);
	is(collect(seen), PER_GROUP - 1, "move: group 2's kill reaches one fewer");
	ok(exactly(seen, in_old_but_moved), "move: and not the one that left");
	memset(seen, 0, sizeof(seen));
	kill(-newg, SIGUSR1);
	is(collect(seen), PER_GROUP + 1, "move: group 7's kill reaches one more");
	ok(exactly(seen, in_new), "move: the mover among them");

	/* empty group 9 but for its leader, then end the leader */
	int leader = 9 * PER_GROUP, st;
	for (int i = leader + 1; i < leader + PER_GROUP; i++)
		setpgid(kids[i], group_of(8 * PER_GROUP));
	pid_t g9 = kids[leader];
	kill(g9, SIGTERM);
	waitpid(g9, &st, 0);
	is_signal(st, SIGTERM, "move: group 9's leader, alone in it, ends");
	is_errno(kill(-g9, 0), ESRCH, "move: kill of the empty group: ESRCH");
	is_errno(setpgid(kids[leader + 1], g9), EPERM, "move: setpgid into the gone group: EPERM");
	kids[leader] = 0;
}

static void session(void)
{
	int p[2];
	if (pipe(p))
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		pid_t sid = setsid();
		int r[3] = { sid == getpid(), getsid(0) == getpid(), getpgid(0) == getpid() };
		if (write(p[1], r, sizeof(r)) != sizeof(r))
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	int r[3] = { 0, 0, 0 };
	is(read(p[0], r, sizeof(r)), (long)sizeof(r), "session: the child reports");
	ok(r[0] && r[1] && r[2], "session: setsid: session and group of its own, led by it");
	is(getsid(pid), pid, "session: getsid from the parent says so too");
	ok(getsid(0) != pid && getpgid(0) != pid, "session: the parent's stay as they were");
	ok(kill(-getpgid(0), 0) == 0 && kill(-pid, 0) == 0, "session: both groups exist");
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	close(p[0]);
}

static void lookup(void)
{
	int alive = 0, st;
	for (int i = 0; i < NCHILD; i++)
		if (kids[i])
			alive += kill(kids[i], 0) == 0;
	is(alive, NCHILD - 1, "lookup: kill(pid, 0) finds each live child");
	pid_t z = kids[0];
	kill(z, SIGTERM);
	/* a zombie: found until reaped */
	siginfo_t si;
	waitid(P_PID, z, &si, WEXITED | WNOWAIT);
	is(kill(z, 0), 0, "lookup: a zombie is still found");
	is(getpgid(z), z, "lookup: and its group is still its own");
	waitpid(z, &st, 0);
	is_errno(kill(z, 0), ESRCH, "lookup: reaped: ESRCH");
	is_errno(getpgid(z), ESRCH, "lookup: getpgid of it: ESRCH");
	kids[0] = 0;
	int reaped = 0;
	for (int i = 0; i < NCHILD; i++)
		if (kids[i]) {
			kill(kids[i], SIGTERM);
			reaped += waitpid(kids[i], &st, 0) == kids[i];
		}
	is(reaped, NCHILD - 2, "lookup: every other child reaped");
	is_errno(waitpid(-1, &st, WNOHANG), ECHILD, "lookup: none left");
}

int main(void)
{
	plan(27);
	groups();
	move();
	session();
	lookup();
	close(report[0]);
	close(report[1]);
	return done();
}
