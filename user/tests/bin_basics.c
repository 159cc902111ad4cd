/*
 * bin_basics: /bin/true, /bin/false, /bin/uname and /bin/clear, run as a
 * shell runs them (fork, execve, wait), with their output read through a
 * pipe. The same checks hold for Mica's own programs and for coreutils'
 * and ncurses' on Linux.
 */
#include "tap.h"

#define OUT_MAX 512

/* Runs path with argv (NULL-terminated) and envp; stores up to OUT_MAX-1
 * bytes of its stdout, NUL-terminated, in out. Returns its wait status, or
 * -1 if it could not be started. */
static int run(const char *path, char *const argv[], char *const envp[], char *out)
{
	int fd[2], st;
	size_t len = 0;
	ssize_t n;

	if (pipe(fd) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execve(path, argv, envp);
		_exit(127);
	}
	close(fd[1]);
	while (len < OUT_MAX - 1 && (n = read(fd[0], out + len, OUT_MAX - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fd[0]);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* Runs /bin/uname with one option; checks its status is 0 and its output
 * is want and a newline. */
static void uname_field(const char *opt, const char *want)
{
	char out[OUT_MAX], line[OUT_MAX];
	char *argv[] = { "uname", (char *)opt, NULL }, *envp[] = { NULL };

	int st = run("/bin/uname", argv, envp, out);
	is_exit(st, 0, "uname %s exits 0", opt);
	snprintf(line, sizeof(line), "%s\n", want);
	ok(strcmp(out, line) == 0, "uname %s prints the field uname(2) gives", opt);
}

int main(void)
{
	char out[OUT_MAX];
	char *envp[] = { NULL };
	struct utsname u;

	plan(17);

	char *t_argv[] = { "true", "a", "b", NULL };
	is_exit(run("/bin/true", t_argv, envp, out), 0, "/bin/true with arguments exits 0");
	is(strlen(out), 0, "/bin/true prints nothing");
	char *f_argv[] = { "false", "a", "b", NULL };
	is_exit(run("/bin/false", f_argv, envp, out), 1, "/bin/false with arguments exits 1");
	is(strlen(out), 0, "/bin/false prints nothing");

	if (uname(&u) < 0)
		u.sysname[0] = '\0';
	uname_field("-s", u.sysname);
	uname_field("-n", u.nodename);
	uname_field("-r", u.release);
	uname_field("-m", u.machine);

	char *a_argv[] = { "uname", "-a", NULL };
	char head[OUT_MAX];
	snprintf(head, sizeof(head), "%s %s %s %s %s ", u.sysname, u.nodename, u.release, u.version,
		 u.machine);
	is_exit(run("/bin/uname", a_argv, envp, out), 0, "uname -a exits 0");
	ok(strncmp(out, head, strlen(head)) == 0, "uname -a starts with s, n, r, v and m in order");

	char *bad_argv[] = { "uname", "-Z", NULL };
	int st = run("/bin/uname", bad_argv, envp, out);
	ok(WIFEXITED(st) && WEXITSTATUS(st) != 0, "uname -Z (an unknown option) fails");

	char *c_argv[] = { "clear", NULL }, *c_envp[] = { "TERM=xterm", NULL };
	is_exit(run("/bin/clear", c_argv, c_envp, out), 0, "clear exits 0");
	ok(strcmp(out, "\033[H\033[2J\033[3J") == 0,
	   "clear homes the cursor and erases the screen and scroll-back");
	return done();
}
