/*
 * faultsweep: run programs under random user-copy fault injection
 * (fail_usercopy) and see that the kernel survives them.
 *
 * usage: faultsweep [-t SECONDS] PROGRAM...
 *
 * The boot's command line arms the attribute (tests/run.py gives
 * fail_usercopy=1,P,0,0 and a seed, probability P, or 61,100,0,0, every
 * 61st copy; times 0 in both, so nothing fails yet). faultsweep prints the knobs as it found them, turns on
 * task-filter and sets times to -1, then runs each program in turn with
 * make-it-fail set (in the child, before its execve, so the execve itself
 * is a target), stdout and stderr on /dev/null, in a process group of its
 * own. A program still running after SECONDS (default 3) is killed with
 * SIGKILL, and must then be gone within KILL_GRACE_MS. The programs' own
 * results do not matter (their copies fail at random); how each ended
 * does: an exit or a signal is normal, a process that cannot be killed
 * is not. At the end the injection goes off (probability 0) before
 * anything is counted, the programs' leftovers that init would not clear
 * go (stray processes, mounts: see clean_up), and it prints
 *
 *   faultsweep: knobs interval 1 probability 5 space 0 times 0
 *   faultsweep: NAME exit 1 | signal 11 | killed after 3 s   (one a program)
 *   faultsweep: N programs, F failures injected, E exited, S signalled, K killed
 *   faultsweep: ok                       (or "faultsweep: FAILED: ...")
 *
 * The leak check of init (user/leakcheck.c) then compares MemFree and the
 * kmalloc counts with those before faultsweep started.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KNOBS "/proc/sys/debug/fail_usercopy/"
#define POLL_MS 20
#define KILL_GRACE_MS 5000
#define DEFAULT_TIMEOUT_S 3
#define KILL_SETTLE_MS 100 /* for init to reap what was killed */
#define KILL_ROUNDS 5

/* Writes text to the knob; returns 0 or -1. */
static int knob_set(const char *knob, const char *text)
{
	char path[96];
	int fd, ok;

	snprintf(path, sizeof(path), KNOBS "%s", knob);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/* The knob's text (without its newline) into buf; "?" if unreadable. */
static const char *knob_get(const char *knob, char *buf, size_t size)
{
	char path[96];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), KNOBS "%s", knob);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	if (n <= 0)
		return strcpy(buf, "?");
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* Milliseconds of CLOCK_MONOTONIC. */
static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Sleeps ms milliseconds. */
static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* In the child: make-it-fail on, output away, a group of its own, then
 * the program. Never returns. */
static void start(char *prog)
{
	char *argv[] = { prog, NULL };
	char *envp[] = { "PATH=/bin:/sbin", "HOME=/", NULL };
	int null = open("/dev/null", O_RDWR), fd;

	setpgid(0, 0);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (null > 2)
			close(null);
	}
	fd = open("/proc/self/make-it-fail", O_WRONLY);
	if (fd < 0 || write(fd, "1", 1) != 1)
		_exit(126);
	close(fd);
	execve(prog, argv, envp);
	_exit(127);
}

/* Waits up to ms for pid; returns 1 with *status when it ended, else 0. */
static int wait_for(pid_t pid, long ms, int *status)
{
	long end = now_ms() + ms;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return 1;
		if (now_ms() >= end)
			return 0;
		sleep_ms(POLL_MS);
	}
}

/* Kills every process with make-it-fail set: what is left of the
 * programs (they and their children inherit it), such as orphans in
 * sessions of their own. Returns how many were signalled. */
static int kill_leftovers(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[64], v[8] = "";
		int pid = atoi(e->d_name), fd;
		if (pid <= 1 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/make-it-fail", pid);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		if (read(fd, v, sizeof(v) - 1) > 0 && v[0] == '1')
			n += kill(pid, SIGKILL) == 0;
		close(fd);
	}
	closedir(d);
	return n;
}

/* What the programs left that init's leak check would not clear: their
 * stray processes are killed, and every mount but the root is taken
 * down, deepest first (a program whose umount lost its path copy leaves
 * its tmpfs mounted). Returns the number of mounts removed. */
static int clean_up(void)
{
	static char text[8192], *mnt[64];
	int n = 0, removed = 0, fd;
	ssize_t len = -1;

	for (int round = 0; round < KILL_ROUNDS && kill_leftovers(); round++)
		sleep_ms(KILL_SETTLE_MS); /* init reaps them; a fork may have raced */
	fd = open("/proc/mounts", O_RDONLY);
	if (fd >= 0) {
		len = read(fd, text, sizeof(text) - 1);
		close(fd);
	}
	if (len <= 0)
		return 0;
	text[len] = '\0';
	for (char *line = strtok(text, "\n"); line && n < 64; line = strtok(NULL, "\n")) {
		char *dir = strchr(line, ' ');
		if (!dir)
			continue;
		dir++;
		dir[strcspn(dir, " ")] = '\0';
		if (strcmp(dir, "/"))
			mnt[n++] = dir;
	}
	while (n-- > 0)
		removed += umount2(mnt[n], 0) == 0;
	return removed;
}

/* Runs the sweep; returns the exit status (0 when nothing went wrong). */
int main(int argc, char **argv)
{
	long timeout_ms = DEFAULT_TIMEOUT_S * 1000L;
	int first = 1, nexit = 0, nsig = 0, nkilled = 0, bad = 0;
	char a[32], b[32], c[32], d[32];

	if (argc > 2 && !strcmp(argv[1], "-t")) {
		timeout_ms = atol(argv[2]) * 1000L;
		first = 3;
	}
	printf("faultsweep: knobs interval %s probability %s space %s times %s\n",
	       knob_get("interval", a, sizeof(a)), knob_get("probability", b, sizeof(b)),
	       knob_get("space", c, sizeof(c)), knob_get("times", d, sizeof(d)));
	fflush(stdout);
	if (knob_set("task-filter", "Y") || knob_set("verbose", "0") || knob_set("times", "-1")) {
		printf("faultsweep: FAILED: the knobs cannot be set\n");
		return 1;
	}
	for (int i = first; i < argc; i++) {
		const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		int status = 0;
		long t0 = now_ms();
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0) {
			printf("faultsweep: FAILED: fork: %s\n", strerror(errno));
			bad = 1;
			break;
		}
		if (pid == 0)
			start(argv[i]);
		if (wait_for(pid, timeout_ms, &status)) {
			if (WIFSIGNALED(status)) {
				nsig++;
				printf("faultsweep: %s signal %d (%ld ms)\n", name, WTERMSIG(status),
				       now_ms() - t0);
			} else {
				nexit++;
				printf("faultsweep: %s exit %d (%ld ms)\n", name, WEXITSTATUS(status),
				       now_ms() - t0);
			}
			kill(-pid, SIGKILL); /* whatever it left in its group */
			continue;
		}
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		nkilled++;
		if (!wait_for(pid, KILL_GRACE_MS, &status)) {
			printf("faultsweep: FAILED: %s survives SIGKILL\n", name);
			bad = 1;
			break;
		}
		printf("faultsweep: %s killed after %ld ms\n", name, timeout_ms);
	}
	knob_set("probability", "0");
	knob_set("times", "0");
	int mounts = clean_up();
	if (mounts)
		printf("faultsweep: %d mounts the programs left are taken down\n", mounts);
	printf("faultsweep: %d programs, %s failures injected, %d exited, %d signalled, %d killed\n",
	       nexit + nsig + nkilled, knob_get("injected", a, sizeof(a)), nexit, nsig, nkilled);
	printf(bad ? "faultsweep: FAILED\n" : "faultsweep: ok\n");
	return bad;
}
