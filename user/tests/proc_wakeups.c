/*
 * proc_wakeups: processes blocked in the kernel stay blocked, and the rest
 * of the machine keeps running: a heartbeat child that sleeps 10 ms and
 * writes a byte, twenty times, must be heard while other processes wait.
 * Checked the same way on Linux and Mica.
 *
 *   pipe writers  two writers on a full pipe that nobody reads (they once
 *                 woke each other forever, and with interrupts off in the
 *                 kernel no timer tick came again); two pages read let both
 *                 finish; SIGKILL ends a blocked one and only that one
 *   pipe readers  two readers on an empty pipe; one byte wakes one of them,
 *                 closing the write end gives the other end-of-file
 *   wait4         two parents waiting for children that are still running
 *   nanosleep     sleepers with long timeouts do not wake early
 *   pause         pause and sigsuspend end only by a signal, one at a time
 *   console       (Mica only) two readers of /dev/console with no input
 */
#include "tap.h"

#include <signal.h>
#include <time.h>

#define BEATS 20

static volatile sig_atomic_t alarmed;

static void on_alarm(int s)
{
	(void)s;
	alarmed = 1;
}

static void on_usr1_exit(int s)
{
	(void)s;
	_exit(7);
}

/* Sleeps ms milliseconds. */
static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* Starts the heartbeat child: BEATS bytes on a new pipe, 10 ms apart.
 * Returns the read end; *pid is the child. */
static int heartbeat(pid_t *pid)
{
	int hb[2];

	if (pipe(hb))
		return -1;
	*pid = fork();
	if (*pid == 0) {
		close(hb[0]);
		for (int i = 0; i < BEATS; i++) {
			msleep(10);
			if (write(hb[1], "h", 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(hb[1]);
	return hb[0];
}

/* Reads heartbeats from fd until end-of-file or a 20 s alarm. Returns how
 * many came, and reaps the heartbeat child. */
static int count_beats(int fd, pid_t pid)
{
	struct sigaction sa;
	char buf[BEATS];
	int n = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: the read is cut short */
	sigaction(SIGALRM, &sa, NULL);
	alarmed = 0;
	alarm(20);
	while (!alarmed) {
		ssize_t k = read(fd, buf, sizeof(buf));
		if (k <= 0)
			break;
		n += k;
	}
	alarm(0);
	close(fd);
	if (alarmed)
		kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return n;
}

/* Waits up to 20 s for any child to end. Returns its pid (status in *st)
 * or -1. */
static pid_t wait_any(int *st)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(20);
	pid_t w = waitpid(-1, st, 0);
	alarm(0);
	return w;
}

/* Is child pid still running (not yet ended)? */
static int running(pid_t pid)
{
	int st;
	return waitpid(pid, &st, WNOHANG) == 0;
}

/* Kills pid with SIGKILL and returns its wait status. */
static int kill_reap(pid_t pid)
{
	int st = -1;
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return st;
}

#define PAGE 4096
#define LIFETIME 60	/* seconds: no child outlives a failed run for long */

/* fork(), with the child's lifetime limited by an alarm. */
static pid_t fork_limited(void)
{
	pid_t p = fork();
	if (p == 0)
		alarm(LIFETIME);
	return p;
}

/* A child that writes one byte to fd (blocking), then exits 0. */
static pid_t blocked_writer(int fd)
{
	pid_t p = fork_limited();
	if (p == 0)
		_exit(write(fd, "w", 1) == 1 ? 0 : 1);
	return p;
}

/* Fills the pipe with write end fd until a write would block. */
static void fill(int fd)
{
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (write(fd, "f", 1) == 1)
		;
	fcntl(fd, F_SETFL, 0);
}

static void pipe_writers(void)
{
	int p[2], st;
	char pages[2 * PAGE];
	pid_t hp;

	pipe(p);
	fill(p[1]);
	pid_t w1 = blocked_writer(p[1]);
	pid_t w2 = blocked_writer(p[1]);
	int hb = heartbeat(&hp);
	is(count_beats(hb, hp), BEATS, "heartbeat while two writers block on a full pipe");
	ok(running(w1) && running(w2), "both writers are still blocked");

	/* two pages of room: Linux frees a pipe buffer (a page) at a time,
	 * and a woken writer needs a free one for itself */
	is(read(p[0], pages, 2 * PAGE), 2 * PAGE, "a reader takes two pages");
	pid_t w = wait_any(&st);
	ok(w == w1 || w == w2, "a writer finishes");
	is_exit(st, 0, "its write succeeded");
	pid_t other = w == w1 ? w2 : w1;
	is(wait_any(&st), other, "the other writer finishes too");
	is_exit(st, 0, "its write succeeded too");

	fill(p[1]);
	pid_t w3 = blocked_writer(p[1]);
	pid_t w4 = blocked_writer(p[1]);
	msleep(50);
	ok(running(w3) && running(w4), "two more writers block on the refilled pipe");
	is_signal(kill_reap(w3), SIGKILL, "SIGKILL ends a blocked writer");
	ok(running(w4), "and only that one");
	is_signal(kill_reap(w4), SIGKILL, "SIGKILL ends the last one");
	close(p[0]);
	close(p[1]);
}

/* A child that reads one byte from fds[0] (closing fds[1] first unless it
 * is -1): exits 0 for a byte, 2 for end-of-file, 1 for an error. */
static pid_t blocked_reader(const int fds[2])
{
	pid_t p = fork_limited();
	if (p == 0) {
		char c;
		if (fds[1] >= 0)
			close(fds[1]);
		ssize_t n = read(fds[0], &c, 1);
		_exit(n == 1 ? 0 : n == 0 ? 2 : 1);
	}
	return p;
}

static void pipe_readers(void)
{
	int p[2], st;
	pid_t hp;

	pipe(p);
	pid_t r1 = blocked_reader(p);
	pid_t r2 = blocked_reader(p);
	int hb = heartbeat(&hp);
	is(count_beats(hb, hp), BEATS, "heartbeat while two readers block on an empty pipe");
	ok(running(r1) && running(r2), "both readers are still blocked");
	is(write(p[1], "d", 1), 1, "a writer sends one byte");
	pid_t w = wait_any(&st);
	ok(w == r1 || w == r2, "one reader finishes");
	is_exit(st, 0, "with the byte");
	pid_t other = w == r1 ? r2 : r1;
	msleep(50);
	ok(running(other), "the other is still blocked");
	close(p[1]);
	is(wait_any(&st), other, "closing the write end wakes it");
	is_exit(st, 2, "with end-of-file");
	close(p[0]);
}

/* A child whose own child waits for end-of-file on fds, then exits 5;
 * it waits in wait4 and exits with that child's exit code. */
static pid_t blocked_waiter(const int fds[2])
{
	pid_t p = fork_limited();
	if (p == 0) {
		pid_t g = fork_limited();
		if (g == 0) {
			char c;
			close(fds[1]);
			read(fds[0], &c, 1);
			_exit(5);
		}
		close(fds[0]);
		close(fds[1]);
		int st;
		if (waitpid(g, &st, 0) != g || !WIFEXITED(st))
			_exit(1);
		_exit(WEXITSTATUS(st));
	}
	return p;
}

static void waiters(void)
{
	int go[2], st;
	pid_t hp;

	pipe(go);
	pid_t a = blocked_waiter(go);
	pid_t b = blocked_waiter(go);
	int hb = heartbeat(&hp);
	is(count_beats(hb, hp), BEATS, "heartbeat while two processes block in wait4");
	ok(running(a) && running(b), "both waiters are still blocked");
	close(go[0]);
	close(go[1]);	/* their children end */
	waitpid(a, &st, 0);
	is_exit(st, 5, "one waiter reaps its child");
	waitpid(b, &st, 0);
	is_exit(st, 5, "so does the other");
}

static void sleepers(void)
{
	pid_t s[3], hp;

	for (int i = 0; i < 3; i++) {
		s[i] = fork_limited();
		if (s[i] == 0) {
			msleep(30000);
			_exit(0);
		}
	}
	int hb = heartbeat(&hp);
	is(count_beats(hb, hp), BEATS, "heartbeat while three processes sleep 30 s");
	ok(running(s[0]) && running(s[1]) && running(s[2]), "none of them woke early");
	for (int i = 0; i < 3; i++)
		is_signal(kill_reap(s[i]), SIGKILL, "SIGKILL ends sleeper %d", i + 1);
}

static void pausers(void)
{
	pid_t p[2], hp;
	int st;

	for (int i = 0; i < 2; i++) {
		p[i] = fork_limited();
		if (p[i] == 0) {
			signal(SIGUSR1, on_usr1_exit);
			if (i == 0) {
				pause();
			} else {
				sigset_t none;
				sigemptyset(&none);
				sigsuspend(&none);
			}
			_exit(1);
		}
	}
	int hb = heartbeat(&hp);
	is(count_beats(hb, hp), BEATS, "heartbeat while processes wait in pause and sigsuspend");
	ok(running(p[0]) && running(p[1]), "both are still waiting");
	kill(p[0], SIGUSR1);
	waitpid(p[0], &st, 0);
	is_exit(st, 7, "SIGUSR1 ends pause through its handler");
	ok(running(p[1]), "the other is still waiting");
	kill(p[1], SIGUSR1);
	waitpid(p[1], &st, 0);
	is_exit(st, 7, "SIGUSR1 ends sigsuspend through its handler");
}

/* Mica only: on Linux /dev/console is the host's. */
static void console(void)
{
	pid_t r[2], hp;

	if (!on_mica()) {
		for (int i = 0; i < 5; i++)
			skip("readers of /dev/console with no input");
		return;
	}
	int fd[2] = { open("/dev/console", O_RDONLY), -1 };
	ok(fd[0] >= 0, "open /dev/console");
	r[0] = blocked_reader(fd);
	r[1] = blocked_reader(fd);
	int hb = heartbeat(&hp);
	is(count_beats(hb, hp), BEATS, "heartbeat while two readers block on the console");
	ok(running(r[0]) && running(r[1]), "both readers are still blocked");
	is_signal(kill_reap(r[0]), SIGKILL, "SIGKILL ends one");
	is_signal(kill_reap(r[1]), SIGKILL, "and the other");
	close(fd[0]);
}

int main(void)
{
	plan(11 + 8 + 4 + 5 + 5 + 5);
	pipe_writers();
	pipe_readers();
	waiters();
	sleepers();
	pausers();
	console();
	return done();
}
