/*
 * init: the first user process. Starts the shell and reaps orphans.
 *
 * Usage: init                 print a welcome line and /etc/motd, then run
 *                             an interactive /bin/sh
 *        init --login PATH ARGS...
 *                             the same with PATH and ARGS as the shell
 *                             (make run ASH=1: /bin/busybox ash)
 *        init -c "cmdline"    run "/bin/sh -c cmdline", print nothing else
 *        init --exec PATH ARGS...
 *        init --exec-file FILE
 *                             run PATH with ARGS directly (tools/run-elf),
 *                             or the NUL-separated path and arguments in
 *                             FILE (so arguments may hold spaces),
 *                             reap every orphan it leaves, and end with
 *                             its exit status (128+N if signal N killed
 *                             it); checks that the kernel's memory came
 *                             back after it (user/leakcheck.c)
 *
 * Before any of these, the program's standard fds can be redirected:
 *   --stdin FILE, --stdout FILE, --stderr FILE
 *        open FILE (a regular file or a device such as /dev/ttyS0) as the
 *        program's fd 0, 1 or 2
 *   --stdin-pipe FILE, --stdout-pipe FILE, --stderr-pipe FILE
 *        give the program a pipe instead, as a shell pipeline would: a
 *        helper process of init's copies FILE into it (stdin) or copies
 *        everything that comes out of it to FILE (stdout, stderr)
 * The kernel opens /dev/console as init's fds 0-2; everything else about
 * them is decided here, in user space.
 *
 * The kernel may split its command line on spaces, so "init -c echo hi"
 * is taken as "init -c 'echo hi'": the words after -c are joined again.
 *
 * An interactive shell runs as a terminal's login does: in a session of its
 * own with the console as its controlling terminal (setsid, TIOCSCTTY), so
 * that it can do job control. The kernel never gives init one (opening
 * /dev/console does not, as on Linux).
 *
 * The shell gets a fixed environment (PATH, HOME, TERM), not init's own.
 * init then loops in waitpid(-1): as process 1 it inherits every orphan,
 * and each one is reaped here until its child (the shell, or the program
 * of --exec and --exec-file) exits. With --exec or --exec-file, the leak
 * check then reaps the orphans left and counts the pages, and init waits
 * until none is left. init exits with its child's status (128+N if a
 * signal killed it), which the kernel reports as it powers off. If the
 * child cannot be started, init prints why and exits 127.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

/* One redirected standard fd of the program. */
struct stream {
	const char *path;	/* the file or device, or NULL: inherit init's */
	bool pipe;		/* through a pipe and a helper process */
	int fd;			/* what becomes the program's fd */
	int helper_fd;		/* the helper's end of the pipe, or -1 */
};

static struct stream streams[3];

/* Takes the --stdin/--stdout/--stderr[-pipe] options at argv[i...].
 * Returns the index of the first other argument. */
static int parse_streams(int argc, char **argv, int i)
{
	static const char *const names[3] = {"--stdin", "--stdout", "--stderr"};

	while (i + 1 < argc) {
		int which = -1;
		bool pipe = false;

		for (int k = 0; k < 3; k++) {
			size_t n = strlen(names[k]);
			if (!strncmp(argv[i], names[k], n) &&
			    (!argv[i][n] || !strcmp(argv[i] + n, "-pipe"))) {
				which = k;
				pipe = argv[i][n] != '\0';
			}
		}
		if (which < 0)
			break;
		streams[which].path = argv[i + 1];
		streams[which].pipe = pipe;
		i += 2;
	}
	return i;
}

/* Opens what each redirected stream needs before the program is forked:
 * its file, or a pipe. Returns 0, or -1 with the reason printed. */
static int open_streams(void)
{
	for (int k = 0; k < 3; k++) {
		struct stream *s = &streams[k];
		int p[2];

		s->fd = s->helper_fd = -1;
		if (!s->path)
			continue;
		if (!s->pipe) {
			s->fd = open(s->path, (k == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
		} else if (pipe2(p, O_CLOEXEC) == 0) {
			s->fd = k == 0 ? p[0] : p[1];
			s->helper_fd = k == 0 ? p[1] : p[0];
		}
		if (s->fd < 0) {
			dprintf(2, "init: %s: %s\n", s->path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* In the program's child: put each redirected stream on its fd. */
static void install_streams(void)
{
	for (int k = 0; k < 3; k++)
		if (streams[k].fd >= 0)
			dup2(streams[k].fd, k);
}

/* Copies everything from fd in to fd out until end-of-file or an error. */
static void copy_all(int in, int out)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		for (ssize_t off = 0; n > 0 && off < n;) {
			ssize_t w = write(out, buf + off, n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return;
			off += w;
		}
}

/* Write to every stack page a helper will use, so that its copy-on-write
 * faults all happen before the program starts: the program may measure
 * the kernel's free memory, and it must not move under it. */
static void __attribute__((noinline)) touch_stack(void)
{
	volatile char pad[16384];

	for (size_t i = 0; i < sizeof(pad); i += 512)
		pad[i] = 0;
}

/* After the program is forked (waiting to be let go at fd go): start a
 * helper for each piped stream and wait until each is ready, drop init's
 * copies of the program's ends, so each pipe ends when the program (and
 * whatever it leaves behind) closes it, and let the program go. A helper
 * is ready when it has closed its end of the pipe `ready`: init waits for
 * that pipe's end-of-file, so the pipe (and its pages) is gone before the
 * program starts and cannot be freed while the program counts memory. */
static void start_stream_helpers(int go)
{
	int ready[2];
	char c = 'g';

	if (pipe2(ready, O_CLOEXEC))
		ready[0] = ready[1] = -1;
	for (int k = 0; k < 3; k++) {
		struct stream *s = &streams[k];

		if (s->helper_fd < 0)
			continue;
		if (fork() == 0) {
			for (int j = 0; j < 3; j++) {
				if (streams[j].fd >= 0)
					close(streams[j].fd);
				if (j != k && streams[j].helper_fd >= 0)
					close(streams[j].helper_fd);
			}
			close(go);
			int f = open(s->path, k == 0 ? O_RDONLY : O_WRONLY);
			if (f < 0)
				_exit(1);
			touch_stack();
			close(ready[0]);
			close(ready[1]);
			if (k == 0)
				copy_all(f, s->helper_fd);
			else
				copy_all(s->helper_fd, f);
			_exit(0);
		}
	}
	for (int k = 0; k < 3; k++) {
		struct stream *s = &streams[k];
		if (s->fd >= 0)
			close(s->fd);
		if (s->helper_fd >= 0)
			close(s->helper_fd);
	}
	/* the program starts only once every helper has all its memory */
	close(ready[1]);
	while (read(ready[0], &c, 1) < 0 && errno == EINTR)
		;
	close(ready[0]);
	write(go, &c, 1);
	close(go);
}

/* Point init's own fds 1 and 2 straight at the files the program's go to,
 * for init's messages. Done before anything is counted for the leak check,
 * since these opens stay for init's life. */
static void redirect_own_fds(void)
{
	for (int k = 1; k < 3; k++) {
		if (!streams[k].path)
			continue;
		int f = open(streams[k].path, O_WRONLY);
		if (f >= 0 && f != k) {
			dup2(f, k);
			close(f);
		}
	}
}

/* Reads the NUL-separated strings of file into a new argv (NULL-terminated).
 * Returns it, or NULL with the reason printed. */
static char **read_argv_file(const char *file)
{
	static char buf[65536];
	static char *args[1024];
	int fd = open(file, O_RDONLY), n = 0;
	ssize_t len = 0, r;

	if (fd < 0) {
		dprintf(2, "init: %s: %s\n", file, strerror(errno));
		return NULL;
	}
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += r;
	close(fd);
	buf[len] = '\0';
	for (char *p = buf; p < buf + len && n < 1023; p += strlen(p) + 1)
		args[n++] = p;
	args[n] = NULL;
	if (n == 0) {
		dprintf(2, "init: %s: no program named\n", file);
		return NULL;
	}
	return args;
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
	bool quiet = false, login = false;
	int first = parse_streams(argc, argv, 1);

	/* the rest is read as if the stream options were not there */
	argv[first - 1] = argv[0];
	argv += first - 1;
	argc -= first - 1;
	if (argc == 3 && !strcmp(argv[1], "--exec-file")) {
		child_argv = read_argv_file(argv[2]);
		if (!child_argv)
			return 127;
		path = child_argv[0];
		quiet = true;
	} else if (argc >= 3 && !strcmp(argv[1], "--exec")) {
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
	} else if (argc >= 3 && !strcmp(argv[1], "--login")) {
		path = argv[2];
		child_argv = argv + 2;
		login = true;
		dprintf(1, "init: starting %s\n", path);
		show_motd();
	} else if (argc == 1) {
		login = true;
		dprintf(1, "init: starting " SHELL "\n");
		show_motd();
	} else {
		dprintf(2, "usage: init [--stdin[-pipe] F] [--stdout[-pipe] F] [--stderr[-pipe] F]\n"
			   "            [-c \"cmdline\" | --exec path args... | --exec-file F |\n"
			   "             --login path args...]\n");
		return 2;
	}
	redirect_own_fds();
	if (quiet)
		leak_check_begin();
	if (open_streams())
		return 127;

	int go[2];
	if (pipe2(go, O_CLOEXEC)) {
		dprintf(2, "init: pipe: %s\n", strerror(errno));
		return 127;
	}
	pid = fork();
	if (pid < 0) {
		dprintf(2, "init: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		char c;
		close(go[1]);
		while (read(go[0], &c, 1) < 0 && errno == EINTR)
			;
		/* a process group of its own, as a shell gives a job: its
		 * kill(0, ...) reaches its own processes, not init's helpers */
		if (quiet)
			setpgid(0, 0);
		/* a login: its own session, the console its terminal */
		if (login && setsid() >= 0)
			ioctl(0, TIOCSCTTY, 0);
		install_streams();
		execve(path, child_argv, shell_envp);
		dprintf(2, "init: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(go[0]);
	start_stream_helpers(go[1]);

	/* Reap orphans until the child (the shell or the program) is done. */
	for (;;) {
		w = waitpid(-1, &st, 0);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			dprintf(2, "init: waitpid: %s\n", strerror(errno));
			return 127;
		}
	}
	/* With --exec, stay until every orphan is gone, however the program
	 * ended, so that they all keep a parent (init, getppid() == 1), as
	 * on Linux; the leak check reaps them and counts after that. */
	if (quiet)
		leak_check_end();
	while (quiet && (waitpid(-1, NULL, 0) > 0 || errno == EINTR))
		;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st)) {
		/* init cannot be killed by a signal it has no handler for, so
		 * it reports a death by signal N the way a shell does: 128+N */
		if (!quiet)
			dprintf(2, "init: %s killed by signal %d\n", path, WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	return 1;
}
