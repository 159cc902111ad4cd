/*
 * exec_args - execve with many and long argument and environment strings.
 *
 * The kernel copies the strings into a buffer that grows as they come, so
 * this checks the sizes around its steps: a few short strings, hundreds of
 * strings totalling some 250 KiB (many doublings), and one string of the
 * longest length allowed (MAX_ARG_STRLEN, 32 pages with its NUL), each
 * arriving byte for byte in the new image, in order; then the limits,
 * which are Linux's: one byte more in that string is E2BIG, and so are
 * strings adding up past a quarter of an 8 MiB stack. The child checks
 * what it got and says so through its exit status.
 */
#include "tap.h"

#include <sys/resource.h>

#define LONGEST (32 * 4096) /* MAX_ARG_STRLEN, the NUL included */
#define MANY 300
#define MANY_LEN 700
#define MANY_ENV 50

static char *self;

/* Byte j of string k of a set: differs between strings and positions. */
static char byte_of(int k, int j)
{
	return (char)('a' + (k * 7 + j * 3) % 26);
}

/* A string of len bytes of byte_of(k, ...) (malloc'd, NUL-terminated). */
static char *make_string(int k, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		exit(2);
	for (size_t j = 0; j < len; j++)
		s[j] = byte_of(k, (int)j);
	s[len] = '\0';
	return s;
}

/* Whether s is make_string(k, len)'s string. */
static int is_string(const char *s, int k, size_t len)
{
	for (size_t j = 0; j < len; j++)
		if (s[j] != byte_of(k, (int)j))
			return 0;
	return s[len] == '\0';
}

/* The child: argv[1] says which set to expect. Exits 0 if all is there. */
static int child(int argc, char **argv, char **envp)
{
	int envc = 0;

	while (envp[envc])
		envc++;
	if (!strcmp(argv[1], "few"))
		return !(argc == 4 && !strcmp(argv[2], "x") && !strcmp(argv[3], "") && envc == 1 &&
			 !strcmp(envp[0], "A=1"));
	if (!strcmp(argv[1], "many")) {
		if (argc != MANY + 2 || envc != MANY_ENV)
			return 1;
		for (int k = 0; k < MANY; k++)
			if (!is_string(argv[k + 2], k, MANY_LEN - (size_t)k))
				return 2;
		for (int k = 0; k < MANY_ENV; k++)
			if (strncmp(envp[k], "E=", 2) || !is_string(envp[k] + 2, 1000 + k, 3000))
				return 3;
		return 0;
	}
	if (!strcmp(argv[1], "longest"))
		return !(argc == 3 && is_string(argv[2], 5, LONGEST - 1));
	return 4;
}

/* execve(self, argv, envp) in a child; returns its wait status, or
 * 0x10000 | errno when the execve failed (the child reports it). */
static int run(char **argv, char **envp)
{
	int pfd[2], st = 0, e = 0;

	if (pipe(pfd))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		execve(self, argv, envp);
		e = errno;
		if (write(pfd[1], &e, sizeof(e)) != sizeof(e))
			_exit(126);
		_exit(127);
	}
	close(pfd[1]);
	if (read(pfd[0], &e, sizeof(e)) != sizeof(e))
		e = 0;
	close(pfd[0]);
	waitpid(pid, &st, 0);
	return e ? 0x10000 | e : st;
}

int main(int argc, char **argv, char **envp)
{
	static char *many_argv[MANY + 3], *many_env[MANY_ENV + 1], *big_argv[25];
	struct rlimit rl = { 8 << 20, 8 << 20 };

	if (argc > 1)
		return child(argc, argv, envp);
	self = argv[0];
	plan(5);
	/* the argument limit is a quarter of the stack limit on Linux */
	setrlimit(RLIMIT_STACK, &rl);

	char *few[] = { self, "few", "x", "", NULL }, *few_env[] = { "A=1", NULL };
	is_exit(run(few, few_env), 0, "a few short strings arrive as they were");

	many_argv[0] = self;
	many_argv[1] = "many";
	for (int k = 0; k < MANY; k++)
		many_argv[k + 2] = make_string(k, MANY_LEN - (size_t)k);
	for (int k = 0; k < MANY_ENV; k++) {
		char *s = make_string(1000 + k, 3002);
		memcpy(s, "E=", 2);
		for (int j = 0; j < 3000; j++)
			s[j + 2] = byte_of(1000 + k, j);
		many_env[k] = s;
	}
	is_exit(run(many_argv, many_env), 0, "300 arguments and 50 variables (about 310 KiB) arrive in order");

	char *longest[] = { self, "longest", make_string(5, LONGEST - 1), NULL };
	is_exit(run(longest, (char *[]){ NULL }), 0, "a string of MAX_ARG_STRLEN bytes with its NUL arrives");
	char *too_long[] = { self, "longest", make_string(5, LONGEST), NULL };
	is(run(too_long, (char *[]){ NULL }), 0x10000 | E2BIG, "one byte longer is E2BIG");

	/* 20 strings of 120,000 bytes: past 2 MiB */
	big_argv[0] = self;
	big_argv[1] = "many";
	for (int k = 0; k < 20; k++)
		big_argv[k + 2] = make_string(k, 120000);
	is(run(big_argv, (char *[]){ NULL }), 0x10000 | E2BIG, "2.4 MB of arguments is E2BIG");
	return done();
}
