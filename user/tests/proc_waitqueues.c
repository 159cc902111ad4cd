/*
 * proc_waitqueues: a wakeup reaches exactly the processes waiting for
 * what happened, however many others sleep, checked the same way on
 * Linux and Mica.
 *
 *   pipes     SLEEPERS children each blocked reading a pipe of its own;
 *             a byte on one pipe wakes that child and no other, in any
 *             order; a ping-pong with another child stays right meanwhile
 *   poll      a poll and a select on POLL_FDS pipes end for a write to
 *             one of them (the one reported), not for one elsewhere
 *   wait      CHILDREN children: WNOHANG sees none done, each pid's
 *             status comes back by its own waitpid, then ECHILD (for
 *             itself, init, a reaped child, anyone); wait(-1) collects a
 *             batch that exits at once
 *   futex     FUTEX_WAKE wakes as many as asked, oldest waiters first
 *             counted, and none of another word's
 *   timers    children with ITIMER_REAL and alarm deadlines in the
 *             reverse of their creation order get SIGALRM in deadline
 *             order; nanosleep cut short by a signal reports the time left
 *   clock set (Mica only: the host's clock is not to be moved) setting the
 *             wall clock past an absolute CLOCK_REALTIME timer fires it,
 *             and leaves a relative one alone
 */
#include "tap.h"

#include <poll.h>
#include <signal.h>
#include <time.h>
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/timerfd.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

#define SLEEPERS 100
#define PINGS 200
#define POLL_FDS 64
#define POLL_HIT 41
#define CHILDREN 60
#define BATCH 30
#define NFUTEX_WAITERS 5

/* Returns the state letter of /proc/PID/stat ('S', 'R'...), or 0. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* Sleeps ms milliseconds. */
static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* Waits up to 10 s for pid to be asleep ('S'). Returns whether it was. */
static int wait_asleep(pid_t pid)
{
	for (int i = 0; i < 10000; i++) {
		if (proc_state(pid) == 'S')
			return 1;
		msleep(1);
	}
	return 0;
}

/* Child: read one byte from fd, write index i to out, exit 0. */
static void pipe_sleeper(int fd, int out, int i)
{
	unsigned char c;
	if (read(fd, &c, 1) != 1)
		_exit(1);
	unsigned char b = (unsigned char)i;
	_exit(write(out, &b, 1) == 1 ? 0 : 2);
}

/* Child: echo bytes from in to out until end-of-file. */
static void echoer(int in, int out)
{
	unsigned char c;
	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			_exit(1);
	_exit(0);
}

static void pipes(void)
{
	int fds[SLEEPERS][2], res[2];
	pid_t pids[SLEEPERS];
	int asleep = 0;

	if (pipe(res))
		exit(1);
	for (int i = 0; i < SLEEPERS; i++) {
		if (pipe(fds[i]))
			exit(1);
		pids[i] = fork();
		if (pids[i] == 0) {
			close(res[0]);
			pipe_sleeper(fds[i][0], res[1], i);
		}
		close(fds[i][0]);
	}
	close(res[1]);
	for (int i = 0; i < SLEEPERS; i++)
		asleep += wait_asleep(pids[i]);
	is(asleep, SLEEPERS, "pipes: every sleeper is asleep on its own pipe");

	/* a ping-pong with another child, the sleepers all still asleep */
	int to[2], from[2], good = 0;
	if (pipe(to) || pipe(from))
		exit(1);
	pid_t echo = fork();
	if (echo == 0) {
		close(to[1]);
		close(from[0]);
		echoer(to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	for (int i = 0; i < PINGS; i++) {
		unsigned char c = (unsigned char)i, back = 0;
		if (write(to[1], &c, 1) == 1 && read(from[0], &back, 1) == 1 && back == c)
			good++;
	}
	is(good, PINGS, "pipes: a ping-pong beside the sleepers: every byte comes back");
	close(to[1]);
	int st;
	waitpid(echo, &st, 0);
	is_exit(st, 0, "pipes: the echoer ends at end-of-file");
	close(from[0]);
	int still = 0;
	for (int i = 0; i < SLEEPERS; i++)
		still += proc_state(pids[i]) == 'S';
	is(still, SLEEPERS, "pipes: the sleepers slept through it");

	/* wake them one at a time in a shuffled order: each byte wakes its own */
	int right = 0, exited = 0;
	for (int k = 0; k < SLEEPERS; k++) {
		int i = (k * 37) % SLEEPERS;
		unsigned char c = 'x', who = 0xff;
		if (write(fds[i][1], &c, 1) != 1 || read(res[0], &who, 1) != 1)
			break;
		right += who == i;
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			exited++;
		close(fds[i][1]);
	}
	is(right, SLEEPERS, "pipes: a byte on pipe i wakes sleeper i, in any order");
	is(exited, SLEEPERS, "pipes: each sleeper exits after its own byte");
	close(res[0]);
}

/* Child: poll (select if use_select) the read ends of the pipes in fds
 * forever; write the count returned and the index of the ready fd to out. */
static void poller(int fds[][2], int out, int use_select)
{
	int ready = -1, n;

	if (use_select) {
		fd_set set;
		FD_ZERO(&set);
		for (int i = 0; i < POLL_FDS; i++)
			FD_SET(fds[i][0], &set);
		n = select(FD_SETSIZE, &set, NULL, NULL, NULL);
		for (int i = 0; i < POLL_FDS; i++)
			if (FD_ISSET(fds[i][0], &set))
				ready = ready == -1 ? i : -2;
	} else {
		struct pollfd p[POLL_FDS];
		for (int i = 0; i < POLL_FDS; i++)
			p[i] = (struct pollfd){ fds[i][0], POLLIN, 0 };
		n = poll(p, POLL_FDS, -1);
		for (int i = 0; i < POLL_FDS; i++)
			if (p[i].revents)
				ready = ready == -1 ? i : -2;
	}
	int r[2] = { n, ready };
	_exit(write(out, r, sizeof(r)) == sizeof(r) ? 0 : 1);
}

/* One poll (or select) case: the child sleeps, a write elsewhere leaves it
 * asleep, a write to pipe POLL_HIT ends it with that one reported. */
static void poll_case(int use_select)
{
	const char *what = use_select ? "select" : "poll";
	int fds[POLL_FDS][2], res[2], other[2];

	if (pipe(res) || pipe(other))
		exit(1);
	for (int i = 0; i < POLL_FDS; i++)
		if (pipe(fds[i]))
			exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		close(res[0]);
		poller(fds, res[1], use_select);
	}
	close(res[1]);
	ok(wait_asleep(pid), "poll: the %s on %d pipes sleeps", what, POLL_FDS);
	if (write(other[1], "o", 1) != 1)
		exit(1);
	msleep(30);
	is(proc_state(pid), 'S', "poll: a write to a pipe it does not watch leaves the %s asleep",
	   what);
	if (write(fds[POLL_HIT][1], "h", 1) != 1)
		exit(1);
	int r[2] = { 0, 0 };
	is(read(res[0], r, sizeof(r)), (long)sizeof(r), "poll: the %s reports", what);
	is(r[0], 1, "poll: the %s returns 1", what);
	is(r[1], POLL_HIT, "poll: the %s names the pipe written to", what);
	int st;
	waitpid(pid, &st, 0);
	is_exit(st, 0, "poll: the %s child exits", what);
	for (int i = 0; i < POLL_FDS; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	close(res[0]);
	close(other[0]);
	close(other[1]);
}

static void waits(void)
{
	pid_t pids[CHILDREN];
	int gate[2], st;

	if (pipe(gate))
		exit(1);
	for (int i = 0; i < CHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char c;
			close(gate[1]);
			(void)!read(gate[0], &c, 1); /* end-of-file: the gate opens */
			_exit(i);
		}
	}
	close(gate[0]);
	is(waitpid(-1, &st, WNOHANG), 0, "wait: WNOHANG with %d children running: 0", CHILDREN);
	is(waitpid(pids[CHILDREN / 2], &st, WNOHANG), 0, "wait: WNOHANG for one running child: 0");
	is_errno(waitpid(getpid(), &st, WNOHANG), ECHILD, "wait: for itself: ECHILD");
	is_errno(waitpid(1, &st, WNOHANG), ECHILD, "wait: for init, not its child: ECHILD");
	close(gate[1]); /* every child wakes and exits */
	int right = 0;
	for (int i = CHILDREN - 1; i >= 0; i--)
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == i)
			right++;
	is(right, CHILDREN, "wait: each child's own status, reaped last to first");
	is_errno(waitpid(pids[0], &st, 0), ECHILD, "wait: for a child already reaped: ECHILD");
	is_errno(waitpid(-1, &st, 0), ECHILD, "wait: then no child is left");

	for (int i = 0; i < BATCH; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(100 + i);
	}
	int found = 0;
	for (int k = 0; k < BATCH; k++) {
		pid_t got = wait(&st);
		for (int i = 0; i < BATCH; i++)
			if (got == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 100 + i) {
				pids[i] = 0;
				found++;
			}
	}
	is(found, BATCH, "wait: wait(-1) collects all %d of a batch, each once", BATCH);
	is_errno(wait(&st), ECHILD, "wait: and then ECHILD");
}

/* FUTEX_WAIT/FUTEX_WAKE on a shared word (not private). */
static long futex(int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

/* Child: wait on word while it is 0; exit 0 if woken by a FUTEX_WAKE. */
static void futex_waiter(int *word)
{
	long r = futex(word, FUTEX_WAIT, 0);
	_exit(r == 0 ? 0 : 1);
}

static void futexes(void)
{
	int *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pids[NFUTEX_WAITERS], other;
	int asleep = 0, st;

	if (w == MAP_FAILED)
		exit(1);
	w[0] = w[1] = 0;
	for (int i = 0; i < NFUTEX_WAITERS; i++) {
		if ((pids[i] = fork()) == 0)
			futex_waiter(&w[0]);
		asleep += wait_asleep(pids[i]);
	}
	if ((other = fork()) == 0)
		futex_waiter(&w[1]);
	asleep += wait_asleep(other);
	is(asleep, NFUTEX_WAITERS + 1, "futex: %d waiters on one word, one on another",
	   NFUTEX_WAITERS);
	is(futex(&w[0], FUTEX_WAKE, 2), 2, "futex: FUTEX_WAKE 2 wakes 2");
	int woke = 0;
	for (int i = 0; i < 2; i++)
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			woke++;
	is(woke, 2, "futex: the two oldest waiters are the ones woken");
	is(futex(&w[0], FUTEX_WAKE, INT_MAX), NFUTEX_WAITERS - 2, "futex: FUTEX_WAKE all wakes the rest");
	is(futex(&w[0], FUTEX_WAKE, INT_MAX), 0, "futex: then nobody is left on the word");
	is(proc_state(other), 'S', "futex: the other word's waiter still sleeps");
	is(futex(&w[1], FUTEX_WAKE, 1), 1, "futex: its own word's wake wakes it");
	woke = 0;
	for (int i = 2; i < NFUTEX_WAITERS; i++)
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			woke++;
	waitpid(other, &st, 0);
	is(woke + (WIFEXITED(st) && WEXITSTATUS(st) == 0), NFUTEX_WAITERS - 1,
	   "futex: every waiter saw FUTEX_WAIT return 0");
	munmap(w, 4096);
}

static int alarm_out = -1, alarm_id;

/* SIGALRM in a timer child: report which child it is. */
static void on_alarm_report(int s)
{
	unsigned char b = (unsigned char)alarm_id;
	(void)s;
	_exit(write(alarm_out, &b, 1) == 1 ? 0 : 1);
}

static void on_alarm_nop(int s)
{
	(void)s;
}

#define TIMER_CHILDREN 4
#define TIMER_GAP_MS 60

static void timers(void)
{
	int res[2], st;
	pid_t pids[TIMER_CHILDREN];

	if (pipe(res))
		exit(1);
	/* child k's deadline is (TIMER_CHILDREN - k) gaps away: the last made
	 * fires first; the last of all uses alarm(1) */
	for (int k = 0; k < TIMER_CHILDREN; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			close(res[0]);
			alarm_out = res[1];
			alarm_id = k;
			signal(SIGALRM, on_alarm_report);
			if (k == 0) {
				alarm(1);
			} else {
				long ms = (long)(TIMER_CHILDREN - k) * TIMER_GAP_MS;
				struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
				setitimer(ITIMER_REAL, &it, NULL);
			}
			for (;;)
				pause();
		}
	}
	close(res[1]);
	unsigned char order[TIMER_CHILDREN] = { 0 };
	int n = 0;
	while (n < TIMER_CHILDREN && read(res[0], &order[n], 1) == 1)
		n++;
	is(n, TIMER_CHILDREN, "timers: every child's SIGALRM came");
	int inorder = 1;
	for (int i = 0; i < n; i++)
		inorder &= order[i] == TIMER_CHILDREN - 1 - i;
	ok(inorder, "timers: in deadline order, not creation order");
	int exited = 0;
	for (int k = 0; k < TIMER_CHILDREN; k++)
		exited += waitpid(pids[k], &st, 0) == pids[k] && WIFEXITED(st) && !WEXITSTATUS(st);
	is(exited, TIMER_CHILDREN, "timers: each child exits from its handler");
	close(res[0]);

	/* nanosleep cut short by a signal: -EINTR and the time left */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm_nop; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec req = { 2, 0 }, rem = { 0, 0 };
	int r = nanosleep(&req, &rem);
	is_errno(r, EINTR, "timers: nanosleep cut short by SIGALRM: EINTR");
	ok(rem.tv_sec == 1 && rem.tv_nsec > 500000000, "timers: the time left is about 1.95 s");
	signal(SIGALRM, SIG_DFL);
}

/* Setting the wall clock moves the absolute wall-clock timers' ticks. */
static void clock_set(void)
{
	int mica = mica_only("clock set: an absolute timer 100 s ahead is not due");
	mica &= mica_only("clock set: the clock set 200 s ahead fires it");
	mica &= mica_only("clock set: a relative 2 s timer is not due after the jump");
	if (!mica)
		return;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	int abs_fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	int rel_fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	struct itimerspec abs_t = { { 0, 0 }, { now.tv_sec + 100, now.tv_nsec } };
	struct itimerspec rel_t = { { 0, 0 }, { 2, 0 } };
	timerfd_settime(abs_fd, TFD_TIMER_ABSTIME, &abs_t, NULL);
	timerfd_settime(rel_fd, 0, &rel_t, NULL);
	uint64_t n = 0;
	is_errno(read(abs_fd, &n, sizeof(n)), EAGAIN, "clock set: an absolute timer 100 s ahead is not due");
	struct timespec ahead = { now.tv_sec + 200, now.tv_nsec };
	clock_settime(CLOCK_REALTIME, &ahead);
	struct pollfd p = { abs_fd, POLLIN, 0 };
	poll(&p, 1, 1000);
	n = 0;
	is(read(abs_fd, &n, sizeof(n)) == sizeof(n) ? (long)n : -1, 1,
	   "clock set: the clock set 200 s ahead fires it");
	is_errno(read(rel_fd, &n, sizeof(n)), EAGAIN,
		 "clock set: a relative 2 s timer is not due after the jump");
	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_sec -= 200;
	clock_settime(CLOCK_REALTIME, &now);
	close(abs_fd);
	close(rel_fd);
}

int main(void)
{
	plan(43);
	pipes();
	poll_case(0);
	poll_case(1);
	waits();
	futexes();
	timers();
	clock_set();
	return done();
}
