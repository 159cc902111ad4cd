/*
 * fail_usercopy_exec: an injected user-copy failure in execve's reading
 * of its path, argv and envp is a real fault there.
 *
 * The call is execve(self, {"a0", "a1", NULL}, {"e0", NULL}), made by a
 * child; its user copies, in order, are
 *   1       the path
 *   2-4     argv[0..2], counting the strings
 *   5-6     envp[0..1]
 *   7-9     argv[0] again, its length, its bytes; 10-12 argv[1]
 *   13-15   envp[0]
 * and then the new image's own (its stack, its segments' tails). A real
 * fault at each reachable place (the path, an array entry, a string on an
 * unmapped page) makes execve return -EFAULT with the old image going
 * on, on Linux and Mica; a failure injected at each copy from 1 to 15
 * must do the same, and one at copy 16 (the new image, past the point of
 * no return) kills the child with SIGSEGV, as Linux's create_elf_tables
 * failing does. Without a fault the program runs ("--child": exit 42).
 * Injected points need fail_usercopy (Mica, or a Linux with it; else
 * "# SKIP").
 */
#include <signal.h>
#include "failcopy.h"

#define NARG 2
#define NENV 1
#define LAST_ARG_COPY 15 /* 1 + (NARG + 1) + (NENV + 1) + 3 * (NARG + NENV) */
#define CHILD_EXIT 42

static unsigned char *sh;
static long *sh_result;
static const char *self;
static unsigned char *hole, *edge;
static char *args[NARG + 1] = { "a0", "a1", NULL };
static char *envs[NENV + 1] = { "e0", NULL };
static const char *cur_path;
static char **cur_argv, **cur_envp;

/* execve with the current arguments; if it returns, store the result. */
static void do_exec(long unused)
{
	(void)unused;
	*sh_result = RSYS(SYS_execve, cur_path, cur_argv, cur_envp);
}

/* Copies v (n + 1 entries) so that entry i is the first on an unmapped
 * page; returns the array (entry 0 is at the hole itself when i is 0). */
static char **array_at_edge(char **v, int n, int i)
{
	char **a = (char **)(edge + PAGE) - i;

	for (int k = 0; k < i && k <= n; k++)
		a[k] = v[k];
	return a;
}

/* A real fault at place: 0 the path, 1..3 argv[0..2], 4..5 envp[0..1],
 * 6..7 the argv strings, 8 the envp string. Sets the arguments. */
static void break_place(int place, char **argv, char **envp)
{
	memcpy(argv, args, sizeof(args));
	memcpy(envp, envs, sizeof(envs));
	cur_path = self;
	cur_argv = argv;
	cur_envp = envp;
	if (place == 0)
		cur_path = (const char *)hole;
	else if (place <= NARG + 1)
		cur_argv = array_at_edge(args, NARG, place - 1);
	else if (place <= NARG + NENV + 2)
		cur_envp = array_at_edge(envs, NENV, place - NARG - 2);
	else if (place <= 2 * NARG + NENV + 2)
		argv[place - NARG - NENV - 3] = (char *)hole;
	else
		envp[0] = (char *)hole;
}

/* The real place whose fault copy k (1..15) stands for: the re-read of a
 * pointer as that entry unreadable, a string's length and bytes as the
 * string unreadable. */
static int place_of_copy(int k)
{
	static const int place[LAST_ARG_COPY] = { 0, 1, 2, 3, 4, 5, 1, 6, 6, 2, 7, 7, 4, 8, 8 };

	return place[k - 1];
}

/* Runs the exec in a child: really broken at place (injected < 0) or
 * with copy `injected` failing. Returns the child's first wait status;
 * *r gets execve's result when it returned, *used fc_inject's answer. */
static int run(int place, int injected, long *r, int *used)
{
	char *argv[NARG + 1], *envp[NENV + 1];
	int status = 0;

	*sh_result = -12345;
	*used = 1;
	break_place(place, argv, envp);
	if (injected < 0) {
		long pid = rfork();
		if (pid == 0) {
			do_exec(0);
			fc_stop();
		}
		RSYS(SYS_wait4, pid, &status, WUNTRACED, 0);
		if (WIFSTOPPED(status)) {
			RSYS(SYS_kill, pid, SIGKILL);
			RSYS(SYS_wait4, pid, 0, 0, 0);
		}
	} else {
		cur_path = self;
		cur_argv = args;
		cur_envp = envs;
		*used = fc_inject_status(injected, do_exec, 0, &status);
	}
	*r = *sh_result;
	return status;
}

int main(int argc, char **argv)
{
	static const char *const place_name[] = {
		"the path", "argv[0]", "argv[1]", "argv[2]", "envp[0]", "envp[1]",
		"argv[0]'s string", "argv[1]'s string", "envp[0]'s string",
	};
	int nplaces = (int)(sizeof(place_name) / sizeof(place_name[0]));
	long r;
	int used, st;

	if (argc > 1 && !strcmp(argv[1], "a1"))
		rexit(CHILD_EXIT); /* the program execve ran: argv {"a0", "a1"} */
	plan(1 + 9 + LAST_ARG_COPY + 1);
	self = argv[0];
	sh = fc_shared(2);
	sh_result = (long *)(sh + PAGE);
	hole = unmapped();
	edge = edge_page();
	if (!sh)
		return diag("setup failed"), 1;
	if (fc_dir())
		fc_off();

	cur_path = self;
	cur_argv = args;
	cur_envp = envs;
	long pid = rfork();
	if (pid == 0) {
		do_exec(0);
		rexit(1);
	}
	is_exit((int)rwait(pid), CHILD_EXIT, "execve without a fault runs the program");

	for (int place = 0; place < nplaces; place++) {
		st = run(place, -1, &r, &used);
		ok(WIFSTOPPED(st) && r == -EFAULT, "%s unmapped: EFAULT, the old image goes on",
		   place_name[place]);
	}
	for (int k = 1; k <= LAST_ARG_COPY; k++) {
		if (!fc_dir()) {
			skip_why(FC_SKIP, "failure injected at copy %d: EFAULT as a fault at %s", k,
				 place_name[place_of_copy(k)]);
			continue;
		}
		st = run(0, k, &r, &used);
		ok(used == 1 && WIFSTOPPED(st) && r == -EFAULT,
		   "failure injected at copy %d: EFAULT as a fault at %s", k,
		   place_name[place_of_copy(k)]);
	}
	if (!fc_dir()) {
		skip_why(FC_SKIP, "failure injected at copy %d (the new image): SIGSEGV",
			 LAST_ARG_COPY + 1);
	} else {
		st = run(0, LAST_ARG_COPY + 1, &r, &used);
		ok(used == 1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
		   "failure injected at copy %d (the new image): SIGSEGV", LAST_ARG_COPY + 1);
	}
	return done();
}
