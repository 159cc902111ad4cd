/*
 * suiterun: run many test programs in one boot, each as run-elf would run
 * it alone, and show each one's output, status and /proc/vmstat changes.
 *
 * usage: suiterun [-t SECONDS] PROGRAM...
 *
 * tests/run.py's highmem group boots Mica once with this as the program
 * and the user tests of the initramfs (/tests/NAME) as its arguments. Each
 * program runs in turn: in a fresh directory /tmp/suiterun.N as its cwd,
 * with init's shell environment, stdin on /dev/null, stdout and stderr on
 * one pipe, in a process group of its own. Its output is copied out as it
 * comes, between
 *
 *   suiterun: begin NAME
 *   ...the program's output...
 *   suiterun: end NAME exit N | signal N | killed after S s
 *   suiterun: vmstat NAME FIELD +DELTA ...   (each field that moved)
 *
 * A program still running after SECONDS (default 60) is killed with its
 * group. Once it has ended, its output is still copied until every writer
 * of the pipe is gone (an orphan of the test may report last), for up to
 * ORPHAN_GRACE_MS; then what is left of its group is killed. The vmstat
 * line compares /proc/vmstat before the program and after it.
 * Finally "suiterun: N programs" and "suiterun: vmstat total FIELD VALUE"
 * for every field, then "suiterun: ok".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_S 60
#define ORPHAN_GRACE_MS 5000
#define POLL_MS 50
#define MAX_FIELDS 64
#define FIELD_LEN 48

struct vmstat {
	int n;
	char name[MAX_FIELDS][FIELD_LEN];
	long long value[MAX_FIELDS];
};

/* Milliseconds of CLOCK_MONOTONIC. */
static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Reads /proc/vmstat into v (no fields if it cannot be read). */
static void vmstat_read(struct vmstat *v)
{
	char text[4096];
	int fd = open("/proc/vmstat", O_RDONLY);
	ssize_t len = fd >= 0 ? read(fd, text, sizeof(text) - 1) : -1;

	v->n = 0;
	if (fd >= 0)
		close(fd);
	if (len <= 0)
		return;
	text[len] = '\0';
	for (char *line = strtok(text, "\n"); line && v->n < MAX_FIELDS; line = strtok(NULL, "\n")) {
		char *sp = strchr(line, ' ');
		if (!sp || sp - line >= FIELD_LEN)
			continue;
		memcpy(v->name[v->n], line, sp - line);
		v->name[v->n][sp - line] = '\0';
		v->value[v->n++] = strtoll(sp + 1, NULL, 10);
	}
}

/* Prints the fields of after that differ from before, on one line. */
static void vmstat_delta(const char *name, const struct vmstat *before, const struct vmstat *after)
{
	printf("suiterun: vmstat %s", name);
	for (int i = 0; i < after->n; i++) {
		long long was = 0;
		for (int j = 0; j < before->n; j++)
			if (!strcmp(before->name[j], after->name[i]))
				was = before->value[j];
		if (after->value[i] != was)
			printf(" %s %+lld", after->name[i], after->value[i] - was);
	}
	printf("\n");
}

/* In the child: cwd, streams, group, then the program. Never returns. */
static void start(char *prog, const char *dir, int out)
{
	char *argv[] = { prog, NULL };
	char *envp[] = { "PATH=/bin:/sbin", "HOME=/", "TERM=vt100", NULL };
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (chdir(dir) < 0)
		_exit(126);
	if (null >= 0) {
		dup2(null, 0);
		if (null > 0)
			close(null);
	}
	dup2(out, 1);
	dup2(out, 2);
	if (out > 2)
		close(out);
	execve(prog, argv, envp);
	_exit(127);
}

/* Copies what is in fd to stdout; returns 0 at end of file, 1 if more may
 * come. *last keeps the last byte written. */
static int relay(int fd, char *last)
{
	char buf[4096];
	ssize_t n;

	/* after a fork our stack is copy-on-write: take the copy now, so the
	 * read's page copy does not fall back to kmap while a test that
	 * counts the fallbacks is running */
	buf[0] = buf[sizeof(buf) - 1] = '\0';
	n = read(fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0)
		return 0;
	fwrite(buf, 1, n, stdout);
	*last = buf[n - 1];
	return 1;
}

/* Runs prog (number k) and prints its frame. Returns 0, or -1 when it
 * could not be started. */
static int run_one(char *prog, int k, long timeout_ms)
{
	const char *name = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	char dir[64], last = '\n';
	int p[2], status = 0, open_ = 1, ended = 0, killed = 0;
	struct vmstat before, after;
	long t0, end_at = 0;

	snprintf(dir, sizeof(dir), "/tmp/suiterun.%d", k);
	if ((mkdir(dir, 0777) < 0 && errno != EEXIST) || pipe(p) < 0)
		return -1;
	vmstat_read(&before);
	printf("suiterun: begin %s\n", name);
	fflush(stdout);
	t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(p[0]);
		start(prog, dir, p[1]);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	while (open_ || !ended) {
		struct pollfd pf = { p[0], POLLIN, 0 };
		if (open_ && poll(&pf, 1, POLL_MS) > 0)
			open_ = relay(p[0], &last);
		else if (!open_)
			poll(NULL, 0, POLL_MS);
		if (!ended && waitpid(pid, &status, WNOHANG) == pid) {
			ended = 1;
			end_at = now_ms() + ORPHAN_GRACE_MS;
		}
		if (!ended && now_ms() - t0 > timeout_ms) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 1;
			waitpid(pid, &status, 0);
			ended = 1;
			end_at = now_ms() + ORPHAN_GRACE_MS;
		}
		if (ended && open_ && now_ms() > end_at)
			break; /* a writer still holds the pipe: given up on */
	}
	kill(-pid, SIGKILL); /* whatever is left of its group */
	close(p[0]);
	fflush(stdout);
	if (last != '\n')
		printf("\n");
	if (killed)
		printf("suiterun: end %s killed after %ld s\n", name, timeout_ms / 1000);
	else if (WIFSIGNALED(status))
		printf("suiterun: end %s signal %d\n", name, WTERMSIG(status));
	else
		printf("suiterun: end %s exit %d\n", name, WEXITSTATUS(status));
	rmdir(dir); /* if the program left files there, they stay */
	vmstat_read(&after);
	vmstat_delta(name, &before, &after);
	fflush(stdout);
	return 0;
}

/* Runs every program; returns 0 when each could be started. */
int main(int argc, char **argv)
{
	long timeout_ms = DEFAULT_TIMEOUT_S * 1000L;
	int first = 1, bad = 0, n = 0;
	struct vmstat total;

	if (argc > 2 && !strcmp(argv[1], "-t")) {
		timeout_ms = atol(argv[2]) * 1000L;
		first = 3;
	}
	for (int i = first; i < argc; i++, n++) {
		if (run_one(argv[i], n, timeout_ms) < 0) {
			printf("suiterun: FAILED: cannot run %s: %s\n", argv[i], strerror(errno));
			bad = 1;
		}
	}
	vmstat_read(&total);
	printf("suiterun: %d programs\n", n);
	for (int i = 0; i < total.n; i++)
		printf("suiterun: vmstat total %s %lld\n", total.name[i], total.value[i]);
	printf(bad ? "suiterun: FAILED\n" : "suiterun: ok\n");
	return bad;
}
