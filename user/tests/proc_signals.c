/*
 * proc_signals: signal handlers. sigaction/signal, delivery on the way
 * back to user mode, the signal frame and sigreturn (FPU state and
 * registers survive a handler), SA_SIGINFO with si_code and si_addr for a
 * fault, masks (sigprocmask, sa_mask, SA_NODEFER, sigsuspend, sigpending),
 * SA_RESETHAND, SA_RESTART, SIGCHLD, alarm/setitimer with pause, and what
 * fork and execve keep. Same results on Linux and Mica.
 */
#include "tap.h"

#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>

static volatile int got, count, depth, maxdepth;
static volatile uintptr_t null_page = 0x10;	/* an address in the NULL page */
static volatile double fl = 1.25;
static sigjmp_buf jb;
static volatile int si_code_seen;
static volatile void *si_addr_seen;

static void on_sig(int s)
{
	got = s;
	count++;
	volatile double x = fl * 3;	/* the handler uses the FPU too */
	(void)x;
}

static void nested(int s)
{
	(void)s;
	depth++;
	if (depth > maxdepth)
		maxdepth = depth;
	if (count++ < 2)	/* three deliveries in all */
		raise(SIGUSR1);
	depth--;
}

static void on_segv(int s, siginfo_t *si, void *uc)
{
	(void)uc;
	got = s;
	si_code_seen = si->si_code;
	si_addr_seen = si->si_addr;
	siglongjmp(jb, 1);
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static void handlers(void)
{
	volatile double d = 2.5;

	install(SIGUSR1, on_sig, 0);
	got = 0;
	raise(SIGUSR1);
	is(got, SIGUSR1, "raise runs the handler before it returns");
	ok(d * 2 == 5.0, "FPU values survive the handler");
	got = 0;
	is(kill(getpid(), SIGUSR1), 0, "kill(self)");
	is(got, SIGUSR1, "the handler ran for kill too");

	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	is(sigaction(SIGSEGV, &sa, &old), 0, "sigaction SIGSEGV with SA_SIGINFO");
	got = 0;
	if (!sigsetjmp(jb, 1))
		*(volatile int *)null_page = 1;
	is(got, SIGSEGV, "a NULL-page write runs the SIGSEGV handler");
	is(si_code_seen, SEGV_MAPERR, "si_code is SEGV_MAPERR");
	ok(si_addr_seen == (void *)0x10, "si_addr is the faulting address");
	static const int ro = 5;
	if (!sigsetjmp(jb, 1))
		*(volatile int *)&ro = 6;
	is(si_code_seen, SEGV_ACCERR, "a write to read-only data gives SEGV_ACCERR");
	sigaction(SIGSEGV, &old, NULL);

	install(SIGUSR1, nested, 0);
	depth = maxdepth = count = 0;
	raise(SIGUSR1);
	is(maxdepth, 1, "the signal is blocked in its own handler");
	install(SIGUSR1, nested, SA_NODEFER);
	depth = maxdepth = count = 0;
	raise(SIGUSR1);
	is(maxdepth, 3, "SA_NODEFER lets it nest");

	install(SIGUSR2, on_sig, SA_RESETHAND);
	count = 0;
	raise(SIGUSR2);
	memset(&old, 0, sizeof(old));
	sigaction(SIGUSR2, NULL, &old);
	ok(count == 1 && old.sa_handler == SIG_DFL, "SA_RESETHAND: once, then SIG_DFL");
}

static void masks(void)
{
	sigset_t m, pend, cur;

	install(SIGUSR1, on_sig, 0);
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	is(sigprocmask(SIG_BLOCK, &m, NULL), 0, "block SIGUSR1");
	got = 0;
	raise(SIGUSR1);
	is(got, 0, "a blocked signal waits");
	sigpending(&pend);
	is(sigismember(&pend, SIGUSR1), 1, "and is pending");
	sigprocmask(SIG_UNBLOCK, &m, NULL);
	is(got, SIGUSR1, "unblocking delivers it");
	sigemptyset(&m);
	sigaddset(&m, SIGKILL);
	sigaddset(&m, SIGSTOP);
	sigprocmask(SIG_BLOCK, &m, NULL);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	ok(!sigismember(&cur, SIGKILL) && !sigismember(&cur, SIGSTOP),
	   "SIGKILL and SIGSTOP cannot be blocked");
	is_err(sys4(SYS_rt_sigprocmask, 5, &m, NULL, 8), EINVAL, "sigprocmask with a bad how");
	is_err(sys4(SYS_rt_sigprocmask, SIG_BLOCK, KERNEL_BASE, NULL, 8), EFAULT,
	       "sigprocmask with a kernel pointer");
	is_err(sys4(SYS_rt_sigaction, SIGUSR1, 0, 0, 16), EINVAL, "sigaction with size 16");
}

static void on_alarm(int s)
{
	got = s;
	count++;
}

static void timers(void)
{
	int p[2];
	char c;

	install(SIGALRM, on_alarm, 0);
	got = 0;
	alarm(1);
	pause();
	is(got, SIGALRM, "alarm then pause: SIGALRM arrives");
	is((int)alarm(0), 0, "no alarm left");

	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
	count = 0;
	is(setitimer(ITIMER_REAL, &it, NULL), 0, "setitimer 20 ms, repeating");
	while (count < 3)
		pause();
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	ok(count >= 3, "the interval timer fires again and again");

	/* a read interrupted by a handled signal: EINTR, or restarted */
	pipe(p);
	install(SIGALRM, on_alarm, 0);
	alarm(1);
	errno = 0;
	ok(read(p[0], &c, 1) == -1 && errno == EINTR, "without SA_RESTART, read gives EINTR");
	install(SIGALRM, on_alarm, SA_RESTART);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(1500000);
		write(p[1], "z", 1);
		_exit(0);
	}
	alarm(1);
	count = 0;
	ok(read(p[0], &c, 1) == 1 && c == 'z' && count == 1,
	   "with SA_RESTART, the read goes on after the handler");
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

static void children(const char *self)
{
	int st;

	install(SIGCHLD, on_sig, 0);
	got = 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(4);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	is(got, SIGCHLD, "a child's exit sends SIGCHLD");
	signal(SIGCHLD, SIG_DFL);

	install(SIGTERM, on_sig, 0);
	pid = fork();
	if (pid == 0) {
		got = 0;
		while (!got)
			pause();
		_exit(got == SIGTERM ? 7 : 8);
	}
	usleep(100000);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	is_exit(st, 7, "a forked child keeps the handler");

	pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)self, "--term-self", NULL };
		execve(self, argv, NULL);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	is_signal(st, SIGTERM, "execve resets a handler to SIG_DFL");
	signal(SIGTERM, SIG_DFL);

	pid = fork();
	if (pid == 0) {
		/* a sigreturn with nothing on the stack restores garbage */
		long zero[64] = { 0 };
		__asm__ volatile("movl %0, %%esp\n\tmovl $119, %%eax\n\tint $0x80"
				 : : "r"(&zero[32]) : "memory");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	is_signal(st, SIGSEGV, "a bogus sigreturn kills only that process");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--term-self")) {
		kill(getpid(), SIGTERM);
		return 0;
	}
	plan(30);
	handlers();
	masks();
	timers();
	children(argv[0]);
	return done();
}
