/*
 * proc_faults - faults and kill(2) end only the child, with the right signal.
 *
 * Each fault runs in a forked child; the parent checks WTERMSIG of the wait
 * status and carries on. Then kill(2): SIGKILL and SIGTERM against children
 * that are sleeping (pipe read, pipe write, wait, nanosleep) or spinning,
 * signals that are ignored by default, and the error cases (ESRCH, EINVAL).
 */
#include "tap.h"

#include <limits.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>

#define PAGE 4096UL

static volatile int canary = 0x1234;

/* The faults, one function each; run_fault() calls one in a child. */
static void read_null(void)
{
	(void)*(volatile int *)0;
}
static void write_null(void)
{
	*(volatile int *)0 = 1;
}
static void call_null(void)
{
	((void (*)(void))0)();
}
static void write_text(void)
{
	*(volatile unsigned char *)(unsigned long)write_text = 0xC3;
}
static void write_rodata(void)
{
	static const char msg[] = "read-only";
	*(volatile char *)msg = 'R';
}
static void read_kbase(void)
{
	(void)*(volatile int *)KERNEL_BASE;
}
static void read_ktext(void)
{
	(void)*(volatile int *)KERNEL_TEXT;
}
static void write_ktext(void)
{
	*(volatile int *)KERNEL_TEXT = 0;
}
static void call_ktext(void)
{
	((void (*)(void))KERNEL_TEXT)();
}
static void read_top(void)
{
	(void)*(volatile int *)0xFFFFF000UL;
}
static void div_zero(void)
{
	volatile int a = 1, b = 0;
	a = a / b;
}
static void div_overflow(void)
{
	volatile int a = INT_MIN, b = -1;
	a = a / b;
}
static void do_ud2(void)
{
	__asm__ volatile("ud2");
}
static void do_int3(void)
{
	__asm__ volatile("int3");
}
static void do_hlt(void)
{
	__asm__ volatile("hlt");
}
static void do_cli(void)
{
	__asm__ volatile("cli");
}
static void do_inb(void)
{
	__asm__ volatile("inb $0x80, %%al" ::: "eax");
}
static void read_cr0(void)
{
	__asm__ volatile("mov %%cr0, %%eax" ::: "eax");
}
static void int_0e(void)
{
	__asm__ volatile("int $0x0e");
}
static void int_20(void)
{
	__asm__ volatile("int $0x20");
}
static void beyond_brk(void)
{
	unsigned long b = (unsigned long)sys1(SYS_brk, 0);
	(void)*(volatile char *)((b + PAGE - 1) & ~(PAGE - 1));
}

static const struct fault {
	void (*fn)(void);
	int sig;
	const char *name;
} faults[] = {
    {read_null, SIGSEGV, "read of NULL"},
    {write_null, SIGSEGV, "write to NULL"},
    {call_null, SIGSEGV, "call to NULL"},
    {write_text, SIGSEGV, "write to own text"},
    {write_rodata, SIGSEGV, "write to read-only data"},
    {read_kbase, SIGSEGV, "read of 0xC0000000"},
    {read_ktext, SIGSEGV, "read of kernel text 0xC0100000"},
    {write_ktext, SIGSEGV, "write to kernel text 0xC0100000"},
    {call_ktext, SIGSEGV, "call to kernel text 0xC0100000"},
    {read_top, SIGSEGV, "read of 0xFFFFF000"},
    {div_zero, SIGFPE, "divide by zero"},
    {div_overflow, SIGFPE, "INT_MIN / -1"},
    {do_ud2, SIGILL, "ud2"},
    {do_int3, SIGTRAP, "int3"},
    {do_hlt, SIGSEGV, "hlt in user mode"},
    {do_cli, SIGSEGV, "cli in user mode"},
    {do_inb, SIGSEGV, "inb from port 0x80 in user mode"},
    {read_cr0, SIGSEGV, "mov from cr0 in user mode"},
    {int_0e, SIGSEGV, "int $0x0e (kernel-only gate)"},
    {int_20, SIGSEGV, "int $0x20 (kernel-only gate)"},
    {beyond_brk, SIGSEGV, "read of the page above the break"},
};

static void run_fault(long i)
{
	canary = 0; /* the child's copy only */
	if ((unsigned long)i < sizeof(faults) / sizeof(faults[0]))
		faults[i].fn();
	_exit(99); /* survived the fault */
}

/* waitpid(pid) through libc; returns the status, or -1. */
static int reap(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};
	sys2(SYS_nanosleep, &ts, NULL);
}

enum mode { READING, WRITING, WAITING, SLEEPING, SPINNING };
static const char *const mode_name[] = {"blocked in a pipe read", "blocked in a pipe write",
					"blocked in waitpid", "in nanosleep", "spinning"};

/*
 * Forks a child that signals readiness through a pipe and then blocks or
 * spins as mode says. Returns its pid once it is ready.
 */
static pid_t start_child(enum mode mode)
{
	int ready[2], blk[2];
	char c;
	pid_t pid;

	pipe(ready);
	pipe(blk);
	pid = fork();
	if (pid == 0) {
		static char fill[4096];
		volatile unsigned long spin = 0;
		struct timespec ts = {30, 0};
		write(ready[1], "r", 1);
		switch (mode) {
		case READING:
			read(blk[0], &c, 1);
			break;
		case WRITING:
			for (;;)
				write(blk[1], fill,
				      sizeof(fill)); /* no one reads: fills, then blocks */
		case WAITING:
			if (fork() == 0) {
				close(blk[1]); /* EOF once the child is gone */
				read(blk[0], &c, 1);
				_exit(0);
			}
			wait(NULL);
			break;
		case SLEEPING:
			sys2(SYS_nanosleep, &ts, NULL);
			break;
		case SPINNING:
			for (;;)
				spin++;
		}
		_exit(50);
	}
	read(ready[0], &c, 1);
	close(ready[0]);
	close(ready[1]);
	close(blk[0]);
	close(blk[1]);
	sleep_ms(20);
	return pid;
}

/* Each fault kills only its child. */
static void test_faults(void)
{
	unsigned n = sizeof(faults) / sizeof(faults[0]);
	int st;

	for (unsigned i = 0; i < n; i++)
		is_signal(run_child(run_fault, i), faults[i].sig,
			  "%s kills the child with signal %d", faults[i].name, faults[i].sig);
	is(canary, 0x1234, "parent's memory untouched by the faulting children");
	st = run_child(run_fault, n); /* index n: no fault, exits 99 */
	is_exit(st, 99, "a child after all the faults runs and exits normally");

	/* A child killed by a fault closes its fds: the parent's read sees EOF. */
	int p[2];
	char c;
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		write_null();
		_exit(0);
	}
	close(p[1]);
	is(read(p[0], &c, 1), 0, "pipe reads EOF after the writer dies of SIGSEGV");
	close(p[0]);
	is_signal(reap(pid), SIGSEGV, "that writer died of SIGSEGV");
}

/* SIGKILL and SIGTERM against sleeping and running children. */
static void test_kill(void)
{
	static const int sigs[] = {SIGKILL, SIGTERM};

	for (int m = READING; m <= SPINNING; m++) {
		for (int s = 0; s < 2; s++) {
			pid_t pid = start_child(m);
			long r = sys2(SYS_kill, pid, sigs[s]);
			int st = reap(pid);
			ok(r == 0 && st == sigs[s],
			   "kill(%s) of a child %s: wait status is exactly %d",
			   sigs[s] == SIGKILL ? "SIGKILL" : "SIGTERM", mode_name[m], sigs[s]);
		}
	}
}

static void kill_self(long sig)
{
	sys2(SYS_kill, getpid(), sig);
	_exit(3); /* must not get here */
}

/* Self-kill, default-ignored signals, signal 0 and the error cases. */
static void test_kill_cases(void)
{
	pid_t pid, dead;
	int p[2], st;
	char c;

	is_signal(run_child(kill_self, SIGKILL), SIGKILL, "child kills itself with SIGKILL");
	is_signal(run_child(kill_self, SIGTERM), SIGTERM, "child kills itself with SIGTERM");
	is_signal(run_child(kill_self, SIGUSR1), SIGUSR1, "SIGUSR1 terminates by default");

	pid = start_child(READING);
	is(sys2(SYS_kill, pid, 0), 0, "kill(pid, 0) on a live child");
	is(sys2(SYS_kill, getpid(), 0), 0, "kill(self, 0)");
	is_err(sys2(SYS_kill, pid, 65), EINVAL, "kill with signal 65");
	is_err(sys2(SYS_kill, pid, -1), EINVAL, "kill with signal -1");
	is(sys2(SYS_kill, pid, SIGCHLD), 0, "kill with SIGCHLD (ignored by default)");
	is(sys2(SYS_kill, pid, SIGWINCH), 0, "kill with SIGWINCH (ignored by default)");
	sleep_ms(20);
	is(sys3(SYS_waitpid, pid, &st, WNOHANG), 0,
	   "child still alive after the bad and ignored signals");
	sys2(SYS_kill, pid, SIGKILL);
	reap(pid);

	/* An exited but unreaped child still exists for kill(pid, 0). */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		_exit(4);
	}
	close(p[1]);
	read(p[0], &c, 1); /* EOF: the child has exited */
	close(p[0]);
	sleep_ms(20);
	is(sys2(SYS_kill, pid, 0), 0, "kill(pid, 0) on a zombie child");
	is(sys2(SYS_kill, pid, SIGKILL), 0, "kill(pid, SIGKILL) on a zombie child");
	is_exit(reap(pid), 4, "zombie keeps its exit status despite SIGKILL");
	dead = pid;
	is_err(sys2(SYS_kill, dead, 0), ESRCH, "kill(pid, 0) after the child was reaped");
	is_err(sys2(SYS_kill, dead, SIGTERM), ESRCH,
	       "kill(pid, SIGTERM) after the child was reaped");
	is_err(sys2(SYS_kill, INT_MAX, 0), ESRCH, "kill(INT_MAX, 0)");
	is_err(sys2(SYS_kill, INT_MAX, SIGKILL), ESRCH, "kill(INT_MAX, SIGKILL)");
}

int main(void)
{
	plan(52);
	test_faults();
	test_kill();
	test_kill_cases();
	return done();
}
