/*
 * proc_sigrestart: system-call restart around handlers that return while
 * another signal is pending.
 *
 * A read() on an empty pipe is interrupted by SIGUSR1, whose handler has
 * no SA_RESTART, so the read must fail with EINTR. That handler raises
 * SIGUSR2 (blocked by its sa_mask), whose handler has SA_RESTART; it runs
 * as soon as the first handler's sigreturn unblocks it. sigreturn's own
 * return value is the interrupted read's -EINTR, and it must not be taken
 * for a restartable call: sigreturn and rt_sigreturn are never
 * restarted. Both handlers run, in order, and read() returns EINTR, with
 * every mix of sigreturn and rt_sigreturn (SA_SIGINFO). With SA_RESTART
 * on both, the read is restarted and gets the data that comes later.
 */
#include "tap.h"

#include <signal.h>
#include <time.h>
#include <sys/syscall.h>

static volatile int order;	/* 1 after USR1's handler, 12 after both */

static void on_usr1(int sig)
{
	(void)sig;
	order = order * 10 + 1;
	kill(getpid(), SIGUSR2);	/* pending: USR2 is in this handler's mask */
}

static void on_usr1_info(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	on_usr1(sig);
}

static void on_usr2(int sig)
{
	(void)sig;
	order = order * 10 + 2;
}

static void on_usr2_info(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	on_usr2(sig);
}

static void install(int sig, int info, int restart, void (*plain)(int),
		    void (*rt)(int, siginfo_t *, void *))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	if (info) {
		sa.sa_sigaction = rt;
		sa.sa_flags = SA_SIGINFO;
	} else {
		sa.sa_handler = plain;
	}
	if (restart)
		sa.sa_flags |= SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(sig, &sa, NULL);
}

static void nap(long ms)
{
	struct timespec ts = {0, ms * 1000 * 1000};
	nanosleep(&ts, NULL);
}

static char clean_stack[65536] __attribute__((aligned(16)));

/*
 * read(fd, buf, 1) by a raw int $0x80 made on a stack whose upper half
 * is zeroed, so that a wrongly repeated sigreturn there would find an
 * all-zero frame and crash for certain instead of by chance. Returns the
 * raw result.
 */
static long read_on_clean_stack(int fd, char *buf)
{
	char *sp = clean_stack + sizeof(clean_stack) / 2;
	long ret;

	memset(sp, 0, sizeof(clean_stack) / 2);
	__asm__ volatile("movl %%esp, %%edi\n\t"
			 "movl %[sp], %%esp\n\t"
			 "int $0x80\n\t"
			 "movl %%edi, %%esp"
			 : "=a"(ret)
			 : "a"(SYS_read), "b"(fd), "c"(buf), "d"(1), [sp] "S"(sp)
			 : "edi", "memory");
	return ret;
}

/* Child: handlers as arg says (bit 0: USR1 with SA_SIGINFO, bit 1: USR2
 * with SA_SIGINFO, bit 2: SA_RESTART on USR1 too); blocks in read() on a
 * pipe while a grandchild sends SIGUSR1 and, 100 ms later, writes one
 * byte. Exits 0 if read gave want (-EINTR, or 1 byte), 1 if it gave
 * something else, 2 if the handlers did not both run in order. */
static void interrupted_read(long arg)
{
	int p[2];
	char c;
	long want = (arg & 4) ? 1 : -EINTR;

	install(SIGUSR1, arg & 1, arg & 4, on_usr1, on_usr1_info);
	install(SIGUSR2, arg & 2, 1, on_usr2, on_usr2_info);
	if (pipe(p))
		_exit(3);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		nap(50);
		kill(parent, SIGUSR1);
		nap(100);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	order = 0;
	long n = read_on_clean_stack(p[0], &c);
	waitpid(pid, NULL, 0);
	_exit(n != want ? 1 : order != 12 ? 2 : 0);
}

int main(void)
{
	static const char *const kind[] = {"sigreturn", "rt_sigreturn"};

	plan(4 + 2);
	for (int a = 0; a <= 1; a++)
		for (int b = 0; b <= 1; b++)
			is_exit(run_child(interrupted_read, a | b << 1), 0,
				"USR1 (%s, no SA_RESTART), then USR2 pending (%s, SA_RESTART): "
				"both run, read gives EINTR",
				kind[a], kind[b]);
	is_exit(run_child(interrupted_read, 4), 0,
		"with SA_RESTART on both (sigreturn first), the read is restarted and gets the byte");
	is_exit(run_child(interrupted_read, 4 | 1 | 2), 0,
		"the same with rt_sigreturn for both");
	return done();
}
