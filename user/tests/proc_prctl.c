/*
 * proc_prctl: the prctl options besides the name and the subreaper
 * (proc_orphans, proc_pid_stat), against Linux.
 *
 *   pdeath    PR_SET/GET_PDEATHSIG: EINVAL past signal 64, EFAULT; fork's
 *             child starts with none; the signal comes (SI_USER, from the
 *             parent) when the parent dies
 *   dumpable  PR_SET/GET_DUMPABLE: 0 or 1, kept by fork, 1 after execve;
 *             a change of the effective uid clears it and the death
 *             signal, one that changes nothing does not
 *   tsc       PR_SET/GET_TSC: PR_TSC_SIGSEGV makes rdtsc kill with SIGSEGV,
 *             in the children too; PR_TSC_ENABLE leaves it working
 *   slack     PR_SET/GET_TIMERSLACK: 50000 ns at first, 0 restores the
 *             default, a child's default is its parent's value
 *   nnp       PR_SET/GET_NO_NEW_PRIVS: argument checks, for good, through
 *             fork and execve
 *   misc      PR_GET/SET_TIMING, PR_GET_SECCOMP, PR_GET_TID_ADDRESS,
 *             PR_SET/GET_THP_DISABLE, unknown options
 */
#include "tap.h"
#include "raw.h"

#include <signal.h>
#include <stdint.h>

#define PR_SET_PDEATHSIG_ 1
#define PR_GET_PDEATHSIG_ 2
#define PR_GET_DUMPABLE_ 3
#define PR_SET_DUMPABLE_ 4
#define PR_GET_TIMING_ 13
#define PR_SET_TIMING_ 14
#define PR_GET_SECCOMP_ 21
#define PR_GET_TSC_ 25
#define PR_SET_TSC_ 26
#define PR_SET_TIMERSLACK_ 29
#define PR_GET_TIMERSLACK_ 30
#define PR_SET_CHILD_SUBREAPER_ 36
#define PR_SET_NO_NEW_PRIVS_ 38
#define PR_GET_NO_NEW_PRIVS_ 39
#define PR_GET_TID_ADDRESS_ 40
#define PR_SET_THP_DISABLE_ 41
#define PR_GET_THP_DISABLE_ 42
#define PR_TSC_ENABLE_ 1
#define PR_TSC_SIGSEGV_ 2

static long pr(long opt, long a2, long a3, long a4, long a5)
{
	return sys5(SYS_prctl, opt, a2, a3, a4, a5);
}

static int get_int(long opt)
{
	int v = -7;
	if (pr(opt, (long)&v, 0, 0, 0) != 0)
		return -100;
	return v;
}

static volatile pid_t parent_pid;

static void on_pdeath(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	rexit(sig == SIGUSR1 && si->si_code == SI_USER && si->si_pid == parent_pid ? 42 : 43);
}

/* The middle process: a child that asks for SIGUSR1 at its parent's
 * death, then this process exits once the child is ready. */
static void middle(long fd_pair)
{
	int *fds = (int *)fd_pair;
	long pid = rfork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_pdeath;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR1, &sa, NULL);
		parent_pid = getppid();
		pr(PR_SET_PDEATHSIG_, SIGUSR1, 0, 0, 0);
		char c = 'r';
		RSYS(SYS_write, fds[1], &c, 1);
		for (int i = 0; i < 500; i++) /* 5 s at most */
			usleep(10000);
		rexit(44);
	}
	char c;
	RSYS(SYS_read, fds[0], &c, 1);
	char msg[16];
	int n = snprintf(msg, sizeof(msg), "%ld\n", pid);
	RSYS(SYS_write, fds[1], msg, n);
	rexit(0);
}

static void pdeath(void)
{
	is(get_int(PR_GET_PDEATHSIG_), 0, "PR_GET_PDEATHSIG: none at first");
	is_err(pr(PR_GET_PDEATHSIG_, 0, 0, 0, 0), EFAULT, "PR_GET_PDEATHSIG to NULL: EFAULT");
	is_err(pr(PR_GET_PDEATHSIG_, KERNEL_BASE, 0, 0, 0), EFAULT,
	       "PR_GET_PDEATHSIG to the kernel: EFAULT");
	is_err(pr(PR_GET_PDEATHSIG_, (long)ro_page(), 0, 0, 0), EFAULT,
	       "PR_GET_PDEATHSIG to read-only memory: EFAULT");
	is_err(pr(PR_SET_PDEATHSIG_, 65, 0, 0, 0), EINVAL, "PR_SET_PDEATHSIG 65: EINVAL");
	is_err(pr(PR_SET_PDEATHSIG_, -1, 0, 0, 0), EINVAL, "PR_SET_PDEATHSIG -1: EINVAL");
	is(pr(PR_SET_PDEATHSIG_, 64, 0, 0, 0), 0, "PR_SET_PDEATHSIG 64");
	is(get_int(PR_GET_PDEATHSIG_), 64, "reads back 64");
	is(pr(PR_SET_PDEATHSIG_, SIGUSR2, 1, 1, 1), 0, "PR_SET_PDEATHSIG ignores arg3-arg5");
	long pid = rfork();
	if (pid == 0)
		rexit(get_int(PR_GET_PDEATHSIG_));
	is(rwait(pid), 0, "fork's child starts with no death signal");
	is(pr(PR_SET_PDEATHSIG_, 0, 0, 0, 0), 0, "PR_SET_PDEATHSIG 0");

	/* this process adopts the orphan, so it can wait for it */
	pr(PR_SET_CHILD_SUBREAPER_, 1, 0, 0, 0);
	int fds[2];
	RSYS(SYS_pipe, fds);
	pid = rfork();
	if (pid == 0)
		middle((long)fds);
	is(rwait(pid), 0, "the parent of a PR_SET_PDEATHSIG process exits");
	char buf[16] = { 0 };
	RSYS(SYS_read, fds[0], buf, sizeof(buf) - 1);
	long orphan = atol(buf);
	long st = orphan > 0 ? rwait(orphan) : -1;
	is(st, 42 << 8, "the orphan gets its signal, SI_USER from the parent");
	RSYS(SYS_close, fds[0]);
	RSYS(SYS_close, fds[1]);
	pr(PR_SET_CHILD_SUBREAPER_, 0, 0, 0, 0);
}

static void dumpable(void)
{
	is(pr(PR_GET_DUMPABLE_, 0, 0, 0, 0), 1, "PR_GET_DUMPABLE: 1 at first");
	is_err(pr(PR_SET_DUMPABLE_, 2, 0, 0, 0), EINVAL, "PR_SET_DUMPABLE 2: EINVAL");
	is_err(pr(PR_SET_DUMPABLE_, -1, 0, 0, 0), EINVAL, "PR_SET_DUMPABLE -1: EINVAL");
	is(pr(PR_SET_DUMPABLE_, 0, 0, 0, 0), 0, "PR_SET_DUMPABLE 0");
	is(pr(PR_GET_DUMPABLE_, 0, 0, 0, 0), 0, "reads back 0");
	long pid = rfork();
	if (pid == 0)
		rexit((int)pr(PR_GET_DUMPABLE_, 0, 0, 0, 0));
	is(rwait(pid), 0, "fork's child is not dumpable either");
	is(pr(PR_SET_DUMPABLE_, 1, 0, 0, 0), 0, "PR_SET_DUMPABLE 1");
	is(pr(PR_GET_DUMPABLE_, 0, 0, 0, 0), 1, "reads back 1");
	pid = rfork();
	if (pid == 0) {
		pr(PR_SET_PDEATHSIG_, SIGUSR1, 0, 0, 0);
		RSYS(SYS_setgid32, 0); /* no change */
		int bad = get_int(PR_GET_PDEATHSIG_) != SIGUSR1;
		bad |= (pr(PR_GET_DUMPABLE_, 0, 0, 0, 0) != 1) << 1;
		RSYS(SYS_setuid32, 65534);
		bad |= (get_int(PR_GET_PDEATHSIG_) != 0) << 2;
		bad |= (pr(PR_GET_DUMPABLE_, 0, 0, 0, 0) != 0) << 3;
		rexit(bad);
	}
	is(rwait(pid), 0, "setuid to nobody clears the death signal and dumpable; setgid(0) did not");
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static void tsc_child(long mode)
{
	if (pr(PR_SET_TSC_, mode, 0, 0, 0) != 0)
		rexit(3);
	if (get_int(PR_GET_TSC_) != mode)
		rexit(4);
	long pid = rfork();
	if (pid == 0) { /* the setting is inherited */
		uint64_t a = rdtsc(), b = rdtsc();
		rexit(b >= a ? 0 : 5);
	}
	long st = rwait(pid);
	if (mode == PR_TSC_SIGSEGV_ && !(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV))
		rexit(6);
	uint64_t a = rdtsc(), b = rdtsc();
	rexit(b >= a ? 0 : 5);
}

static void tsc(void)
{
	is(get_int(PR_GET_TSC_), PR_TSC_ENABLE_, "PR_GET_TSC: PR_TSC_ENABLE");
	is_err(pr(PR_GET_TSC_, 0, 0, 0, 0), EFAULT, "PR_GET_TSC to NULL: EFAULT");
	is_err(pr(PR_SET_TSC_, 0, 0, 0, 0), EINVAL, "PR_SET_TSC 0: EINVAL");
	is_err(pr(PR_SET_TSC_, 3, 0, 0, 0), EINVAL, "PR_SET_TSC 3: EINVAL");
	is_exit(run_child(tsc_child, PR_TSC_ENABLE_), 0, "with PR_TSC_ENABLE rdtsc works");
	is_signal(run_child(tsc_child, PR_TSC_SIGSEGV_), SIGSEGV,
		  "with PR_TSC_SIGSEGV rdtsc is SIGSEGV, in a forked child too");
	uint64_t a = rdtsc(), b = rdtsc();
	ok(b >= a, "rdtsc still works here");
}

static void slack(void)
{
	is(pr(PR_GET_TIMERSLACK_, 0, 0, 0, 0), 50000, "PR_GET_TIMERSLACK: 50000 ns at first");
	is(pr(PR_SET_TIMERSLACK_, 1000, 0, 0, 0), 0, "PR_SET_TIMERSLACK 1000");
	is(pr(PR_GET_TIMERSLACK_, 0, 0, 0, 0), 1000, "reads back 1000");
	long pid = rfork();
	if (pid == 0) {
		int bad = pr(PR_GET_TIMERSLACK_, 0, 0, 0, 0) != 1000;
		pr(PR_SET_TIMERSLACK_, 7, 0, 0, 0);
		pr(PR_SET_TIMERSLACK_, 0, 0, 0, 0);
		bad |= (pr(PR_GET_TIMERSLACK_, 0, 0, 0, 0) != 1000) << 1;
		rexit(bad);
	}
	is(rwait(pid), 0, "a child has it, and 0 restores it there");
	is(pr(PR_SET_TIMERSLACK_, 0, 0, 0, 0), 0, "PR_SET_TIMERSLACK 0");
	is(pr(PR_GET_TIMERSLACK_, 0, 0, 0, 0), 50000, "restores the default");
}

static int exec_check(void)
{
	int bad = pr(PR_GET_DUMPABLE_, 0, 0, 0, 0) != 1;
	bad |= (pr(PR_GET_NO_NEW_PRIVS_, 0, 0, 0, 0) != 1) << 1;
	bad |= (pr(PR_GET_THP_DISABLE_, 0, 0, 0, 0) != 1) << 2;
	return bad;
}

static void nnp(char *argv0)
{
	is(pr(PR_GET_NO_NEW_PRIVS_, 0, 0, 0, 0), 0, "PR_GET_NO_NEW_PRIVS: 0");
	is_err(pr(PR_GET_NO_NEW_PRIVS_, 1, 0, 0, 0), EINVAL, "with arg2 set: EINVAL");
	is_err(pr(PR_GET_NO_NEW_PRIVS_, 0, 0, 0, 1), EINVAL, "with arg5 set: EINVAL");
	is_err(pr(PR_SET_NO_NEW_PRIVS_, 0, 0, 0, 0), EINVAL, "PR_SET_NO_NEW_PRIVS 0: EINVAL");
	is_err(pr(PR_SET_NO_NEW_PRIVS_, 2, 0, 0, 0), EINVAL, "PR_SET_NO_NEW_PRIVS 2: EINVAL");
	is_err(pr(PR_SET_NO_NEW_PRIVS_, 1, 1, 0, 0), EINVAL, "with arg3 set: EINVAL");
	long pid = rfork();
	if (pid == 0) {
		int bad = pr(PR_SET_NO_NEW_PRIVS_, 1, 0, 0, 0) != 0;
		bad |= (pr(PR_GET_NO_NEW_PRIVS_, 0, 0, 0, 0) != 1) << 1;
		long g = rfork();
		if (g == 0)
			rexit(pr(PR_GET_NO_NEW_PRIVS_, 0, 0, 0, 0) == 1 ? 0 : 1);
		bad |= (rwait(g) != 0) << 2;
		pr(PR_SET_DUMPABLE_, 0, 0, 0, 0);
		pr(PR_SET_THP_DISABLE_, 1, 0, 0, 0);
		char *args[] = { argv0, "exec-check", NULL };
		char *env[] = { NULL };
		if (!bad)
			RSYS(SYS_execve, argv0, args, env);
		rexit(100 + bad);
	}
	is(rwait(pid), 0, "set in a child: inherited, and execve keeps it and THP_DISABLE but "
			  "makes it dumpable again");
	is(pr(PR_GET_NO_NEW_PRIVS_, 0, 0, 0, 0), 0, "the parent is unchanged");
}

static void misc(void)
{
	is(pr(PR_GET_TIMING_, 0, 0, 0, 0), 0, "PR_GET_TIMING: PR_TIMING_STATISTICAL");
	is_err(pr(PR_SET_TIMING_, 1, 0, 0, 0), EINVAL, "PR_SET_TIMING 1: EINVAL");
	is(pr(PR_SET_TIMING_, 0, 0, 0, 0), 0, "PR_SET_TIMING 0");
	is(pr(PR_GET_SECCOMP_, 0, 0, 0, 0), 0, "PR_GET_SECCOMP: 0");

	long pid = rfork();
	if (pid == 0) {
		static int word;
		uint32_t got = 0;
		RSYS(SYS_set_tid_address, &word);
		int bad = pr(PR_GET_TID_ADDRESS_, (long)&got, 0, 0, 0) != 0;
		bad |= (got != (uint32_t)(uintptr_t)&word) << 1;
		bad |= (pr(PR_GET_TID_ADDRESS_, 0, 0, 0, 0) != -EFAULT) << 2;
		rexit(bad);
	}
	is(rwait(pid), 0, "PR_GET_TID_ADDRESS gives set_tid_address's address; NULL EFAULT");

	is(pr(PR_GET_THP_DISABLE_, 0, 0, 0, 0), 0, "PR_GET_THP_DISABLE: 0");
	is_err(pr(PR_GET_THP_DISABLE_, 1, 0, 0, 0), EINVAL, "with arg2 set: EINVAL");
	is_err(pr(PR_SET_THP_DISABLE_, 1, 1, 0, 0), EINVAL, "PR_SET_THP_DISABLE with arg3: EINVAL");
	is(pr(PR_SET_THP_DISABLE_, 1, 0, 0, 0), 0, "PR_SET_THP_DISABLE 1");
	is(pr(PR_GET_THP_DISABLE_, 0, 0, 0, 0), 1, "reads back 1");
	pr(PR_SET_THP_DISABLE_, 0, 0, 0, 0);
	is_err(pr(0, 0, 0, 0, 0), EINVAL, "option 0: EINVAL");
	is_err(pr(999, 0, 0, 0, 0), EINVAL, "option 999: EINVAL");
	is_err(pr(-1, 0, 0, 0, 0), EINVAL, "option -1: EINVAL");
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "exec-check") == 0)
		return exec_check();
	plan(56);
	pdeath();
	dumpable();
	tsc();
	slack();
	nnp(argv[0]);
	misc();
	return done();
}
