/*
 * proc_baseline - no page leaks across fork/exit and fork/exec/exit.
 *
 * Reads MemFree from /proc/meminfo, runs 500 fork/exit cycles (each child
 * touches heap and stack pages, then exits with i % 256), then 50 fork+exec
 * cycles, and reads MemFree again after each batch. On Mica every page must
 * come back, so the numbers are equal; on Linux they move, so those checks
 * are skipped there. The exit codes are checked everywhere.
 *
 * Nothing is printed between the readings: all results are kept and printed
 * at the end. One warm-up round of each cycle runs before the first reading.
 */
#include "tap.h"

#include <fcntl.h>
#include <stdlib.h>

#define FORKS 500
#define EXECS 50

/* What every child does: dirty some heap and stack pages. */
static void touch_memory(int i)
{
	volatile char stack[5 * 4096];
	char *heap = malloc(16 * 4096);

	for (int k = 0; k < (int)sizeof(stack); k += 4096)
		stack[k] = (char)i;
	if (heap)
		for (int k = 0; k < 16 * 4096; k += 4096)
			heap[k] = (char)i;
}

/* Forks a child that touches memory and exits with code; returns the wait status. */
static int fork_exit(int code)
{
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		touch_memory(code);
		_exit(code);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* Forks a child that execs "self --child code"; returns the wait status. */
static int fork_exec(const char *self, int code)
{
	char num[16], *argv[] = {(char *)self, "--child", num, NULL}, *envp[] = {NULL};
	int st;
	pid_t pid;

	snprintf(num, sizeof(num), "%d", code);
	pid = fork();
	if (pid == 0) {
		execve(self, argv, envp);
		_exit(255);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static int exited_with(int st, int code)
{
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == code;
}

/* Touches 64 KiB of our own stack so its growth does not land between the readings. */
static void pre_touch_stack(void)
{
	volatile char area[64 * 1024];
	for (unsigned k = 0; k < sizeof(area); k += 1024)
		area[k] = 0;
}

int main(int argc, char **argv)
{
	long before, mid, after;
	int bad_forks = 0, bad_execs = 0, warm, st;

	if (argc >= 3 && strcmp(argv[1], "--child") == 0) {
		int code = atoi(argv[2]);
		touch_memory(code);
		return code;
	}

	plan(9);
	pre_touch_stack();
	warm = exited_with(fork_exit(1), 1) && exited_with(fork_exec(argv[0], 2), 2);
	mem_free();
	before = mem_free();
	for (int i = 0; i < FORKS; i++)
		bad_forks += !exited_with(fork_exit(i % 256), i % 256);
	mid = mem_free();
	for (int i = 0; i < EXECS; i++)
		bad_execs += !exited_with(fork_exec(argv[0], 100 + i), 100 + i);
	after = mem_free();
	st = waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;

	ok(warm, "warm-up fork/exit and fork/exec");
	ok(before > 0, "/proc/meminfo has a MemFree line");
	is(bad_forks, 0, "%d fork/exit cycles: every exit code right", FORKS);
	is(bad_execs, 0, "%d fork/exec cycles: every exit code right", EXECS);
	ok(st, "no child left unreaped");
	ok(mid > 0 && after > 0, "MemFree readable after the cycles");
	if (on_mica()) {
		is(mid, before, "MemFree after %d fork/exit cycles equals the baseline", FORKS);
		is(after, before, "MemFree after %d fork/exec cycles equals the baseline", EXECS);
		is(mem_free(), before, "MemFree still at the baseline after printing");
	} else {
		skip("MemFree after %d fork/exit cycles equals the baseline", FORKS);
		skip("MemFree after %d fork/exec cycles equals the baseline", EXECS);
		skip("MemFree still at the baseline after printing");
	}
	return done();
}
