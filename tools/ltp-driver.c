/*
 * The in-guest half of tools/ltp-check: runs a list of LTP test commands
 * one after another, each in its own process group with a time limit,
 * and marks where each starts and ends on stdout. The same static binary
 * runs natively on the host and on Mica (as the program tools/run-elf
 * boots), so both see the same sequence of tests.
 *
 * usage: ltp-driver TIMEOUT LISTFILE [NAME=VALUE...]
 *
 * The NAME=VALUE words are put in the environment the tests inherit.
 * With LTP_CHECK_MULTICALL (a multi-call binary such as /bin/busybox)
 * and LTP_CHECK_APPLETS (names separated by spaces) among them, every
 * applet that PATH does not have becomes a link to that binary in
 * $TMPDIR/ltp-check-bin, added at the end of PATH: LTP's library runs
 * cp and friends through the shell.
 * LISTFILE has one test a line: its name, a tab, and its command line
 * (words separated by spaces, as in LTP's runtest files). For each test
 * the driver prints "@@ltp-check start NAME", runs the command with
 * stdin from /dev/null and stderr joined to stdout, in a fresh working
 * directory under $TMPDIR, and prints "@@ltp-check end NAME STATUS",
 * STATUS being "exit N", "signal N" or "timeout". A test still running
 * after TIMEOUT seconds gets SIGTERM (on which LTP's library kills the
 * processes it started) and GRACE_SECONDS later SIGKILL, with its
 * process group.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORDS 64
#define MAX_LINE 4096
#define GRACE_SECONDS 10 /* from SIGTERM to SIGKILL */

static volatile sig_atomic_t timed_out;

/* SIGALRM: the running test is past its time (1), or past its grace
 * period after SIGTERM (3). */
static void on_alarm(int sig)
{
	(void)sig;
	timed_out++;
}

/* Split line into at most MAX_WORDS - 1 space-separated words in argv,
 * NULL-terminated. Returns the number of words. */
static int split_words(char *line, char **argv)
{
	int n = 0;
	char *save = NULL;

	for (char *w = strtok_r(line, " \t", &save); w && n < MAX_WORDS - 1;
	     w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	argv[n] = NULL;
	return n;
}

/* In the child: a process group of its own, stdin /dev/null, stderr on
 * stdout, cwd dir; then exec argv from PATH. Exits 127 if exec fails. */
static void run_child(char **argv, const char *dir)
{
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (null >= 0) {
		dup2(null, 0);
		close(null);
	}
	dup2(1, 2);
	if (chdir(dir) < 0)
		perror("ltp-driver: chdir");
	signal(SIGALRM, SIG_DFL);
	execvp(argv[0], argv);
	fprintf(stderr, "ltp-driver: exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Run one test (argv) in a fresh directory under tmp, waiting at most
 * timeout seconds; prints its end marker. */
static void run_test(const char *name, char **argv, const char *tmp, unsigned timeout)
{
	char dir[2 * MAX_LINE];
	int status = 0;

	snprintf(dir, sizeof(dir), "%s/ltp-check.%s", tmp, name);
	mkdir(dir, 0777);
	printf("@@ltp-check start %s\n", name);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		printf("@@ltp-check end %s fork-failed %d\n", name, errno);
		fflush(stdout);
		return;
	}
	if (pid == 0)
		run_child(argv, dir);
	setpgid(pid, pid);
	timed_out = 0;
	alarm(timeout);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			break;
		if (timed_out == 1) {
			/* LTP's library kills its own test processes on SIGTERM */
			kill(pid, SIGTERM);
			timed_out = 2;
			alarm(GRACE_SECONDS);
		} else if (timed_out == 3) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
	}
	alarm(0);
	kill(-pid, SIGKILL); /* whatever the test left running */
	fflush(stdout);
	if (timed_out)
		printf("\n@@ltp-check end %s timeout\n", name);
	else if (WIFSIGNALED(status))
		printf("\n@@ltp-check end %s signal %d\n", name, WTERMSIG(status));
	else
		printf("\n@@ltp-check end %s exit %d\n", name, WEXITSTATUS(status));
	fflush(stdout);
	/* reap anything of ours that is left (orphans of the test go to init) */
	while (waitpid(-1, &status, WNOHANG) > 0)
		;
}

/* True iff PATH has an executable called name. */
static int in_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[MAX_LINE];

	while (path && *path) {
		size_t len = strcspn(path, ":");
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, path, name);
		if (access(buf, X_OK) == 0)
			return 1;
		path += len + (path[len] == ':');
	}
	return 0;
}

/* Link the applets PATH lacks to the multi-call binary (see above). */
static void add_applets(const char *tmp)
{
	const char *bin = getenv("LTP_CHECK_MULTICALL");
	const char *list = getenv("LTP_CHECK_APPLETS");
	static char dir[MAX_LINE], path[2 * MAX_LINE];
	char names[MAX_LINE], link[2 * MAX_LINE];
	char *save = NULL;

	if (!bin || !list || access(bin, X_OK) != 0)
		return;
	snprintf(dir, sizeof(dir), "%s/ltp-check-bin", tmp);
	mkdir(dir, 0755);
	snprintf(names, sizeof(names), "%s", list);
	for (char *n = strtok_r(names, " ", &save); n; n = strtok_r(NULL, " ", &save)) {
		if (in_path(n))
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, n);
		symlink(bin, link);
	}
	snprintf(path, sizeof(path), "PATH=%s:%s", getenv("PATH") ? getenv("PATH") : "", dir);
	putenv(path);
}

/* Read the list and run every test in it; exits 0, or 2 on bad usage. */
int main(int argc, char **argv)
{
	char line[MAX_LINE];
	char *words[MAX_WORDS];
	struct sigaction sa;

	if (argc < 3) {
		fprintf(stderr, "usage: ltp-driver TIMEOUT LISTFILE [NAME=VALUE...]\n");
		return 2;
	}
	for (int i = 3; i < argc; i++)
		if (strchr(argv[i], '='))
			putenv(argv[i]);
	unsigned timeout = (unsigned)atoi(argv[1]);
	FILE *list = fopen(argv[2], "r");
	if (!list) {
		perror(argv[2]);
		return 2;
	}
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: waitpid must return EINTR */
	sigaction(SIGALRM, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	add_applets(tmp);
	while (fgets(line, sizeof(line), list)) {
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		if (split_words(tab + 1, words) == 0)
			continue;
		run_test(line, words, tmp, timeout);
	}
	fclose(list);
	printf("@@ltp-check done\n");
	return 0;
}
