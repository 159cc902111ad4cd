/*
 * init: the first user process. Starts the shell and reaps orphans.
 *
 * Usage: init                 print a welcome line and /etc/motd, then run
 *                             an interactive /bin/sh
 *        init -c "cmdline"    run "/bin/sh -c cmdline", print nothing else
 *        init --exec PATH ARGS...
 *                             run PATH with ARGS directly (tools/run-elf),
 *                             and end as it ended: with its exit status,
 *                             or killed by the same signal; checks that
 *                             the kernel's memory came back after it
 *                             (user/leakcheck.c)
 *
 * The kernel may split its command line on spaces, so "init -c echo hi"
 * is taken as "init -c 'echo hi'": the words after -c are joined again.
 *
 * The shell gets a fixed environment (PATH, HOME, TERM), not init's own.
 * init then loops in waitpid(-1): as process 1 it inherits every orphan,
 * and each one is reaped here until the shell itself exits. init then
 * exits with the shell's status (128+N if a signal killed it), which the
 * kernel reports as it powers off. If /bin/sh cannot be started, init
 * prints why and exits 127.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "leakcheck.h"

#define SHELL "/bin/sh"

static char *const shell_envp[] = {"PATH=/bin:/sbin", "HOME=/", "TERM=vt100", NULL};

/* Copies /etc/motd to stdout, if it exists. */
static void show_motd(void)
{
	char buf[512];
	ssize_t n;
	int fd = open("/etc/motd", O_RDONLY);

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, n);
	close(fd);
}

/* Joins words[0..n-1] with single spaces into a new string.
 * Returns it, or NULL if out of memory. */
static char *join(char **words, int n)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, words[i]);
	}
	return s;
}

int main(int argc, char **argv)
{
	char *sh_argv[4] = {"sh", NULL, NULL, NULL};
	int st;
	pid_t pid, w;

	const char *path = SHELL;
	char **child_argv = sh_argv;
	bool quiet = false;

	if (argc >= 3 && !strcmp(argv[1], "--exec")) {
		path = argv[2];
		child_argv = argv + 2;
		quiet = true;
	} else if (argc >= 3 && !strcmp(argv[1], "-c")) {
		sh_argv[1] = "-c";
		sh_argv[2] = join(argv + 2, argc - 2);
		if (!sh_argv[2]) {
			dprintf(2, "init: out of memory\n");
			return 127;
		}
	} else if (argc == 1) {
		dprintf(1, "init: starting " SHELL "\n");
		show_motd();
	} else {
		dprintf(2, "usage: init [-c \"cmdline\" | --exec path args...]\n");
		return 2;
	}

	if (quiet)
		leak_check_begin();
	pid = fork();
	if (pid < 0) {
		dprintf(2, "init: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		execve(path, child_argv, shell_envp);
		dprintf(2, "init: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}

	/* Reap orphans until the shell itself is done. */
	for (;;) {
		w = waitpid(-1, &st, 0);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			dprintf(2, "init: waitpid: %s\n", strerror(errno));
			return 127;
		}
	}
	if (quiet)
		leak_check_end();
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	/* With --exec, stay until every orphan is gone, so that they all
	 * have init as their parent (getppid() == 1), as on Linux. */
	while (quiet && (waitpid(-1, NULL, 0) > 0 || errno == EINTR))
		;
	if (WIFSIGNALED(st) && quiet) {
		/* die the same way, so the status seen outside is the program's */
		signal(WTERMSIG(st), SIG_DFL);
		kill(getpid(), WTERMSIG(st));
	}
	if (WIFSIGNALED(st)) {
		dprintf(2, "init: %s killed by signal %d\n", path, WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	return 1;
}
