/*
 * proc_sched: the scheduler's answers as Linux gives them to root: policy
 * and priority (sched_setscheduler, sched_getparam, the priority ranges,
 * sched_rr_get_interval and its time64 form), SCHED_RESET_ON_FORK, CPU
 * affinity with its size rules, getcpu, nice values (nice, getpriority,
 * setpriority) and their inheritance, personality across fork and execve,
 * and uname. Raw calls throughout: musl's sched_setscheduler is ENOSYS by
 * design, and the raw getpriority returns 20 - nice.
 */
#include "tap.h"

#include <sys/syscall.h>

#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_DEADLINE 6
#define SCHED_RESET_ON_FORK 0x40000000
#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2
#define PER_LINUX32 0x0008
#define ADDR_NO_RANDOMIZE 0x0040000
#define QUERY 0xffffffffL
#define BADPTR 1 /* never mapped */

struct ts32 {
	int sec, nsec;
};

struct ts64 {
	long long sec;
	long nsec, pad;
};

/* A pid that no process has: a child that has been reaped. */
static long gone_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

/* Fork a child that exits 0 iff its policy is want_policy and its raw
 * getpriority is want_prio; returns its wait status. */
static int child_sched(long want_policy, long want_prio)
{
	pid_t pid = fork();
	int st = -1;

	if (pid == 0)
		_exit(sys1(SYS_sched_getscheduler, 0) == want_policy &&
		      sys2(SYS_getpriority, PRIO_PROCESS, 0) == want_prio
		      ? 0 : 1);
	waitpid(pid, &st, 0);
	return st;
}

static void policies(long gone)
{
	int prio = 0;

	is(sys1(SYS_sched_getscheduler, 0), SCHED_OTHER, "a process starts as SCHED_OTHER");
	is_err(sys1(SYS_sched_getscheduler, -1), EINVAL, "getscheduler(-1) is EINVAL");
	is_err(sys1(SYS_sched_getscheduler, gone), ESRCH, "getscheduler(no such pid) is ESRCH");
	prio = 7;
	is(sys2(SYS_sched_getparam, 0, &prio), 0, "getparam(0)");
	is(prio, 0, "priority 0 under SCHED_OTHER");
	is_err(sys2(SYS_sched_getparam, 0, NULL), EINVAL, "getparam(NULL) is EINVAL");
	is_err(sys2(SYS_sched_getparam, 0, BADPTR), EFAULT, "getparam(bad pointer) is EFAULT");
	is_err(sys2(SYS_sched_getparam, gone, &prio), ESRCH, "getparam(no such pid) is ESRCH");

	prio = 1;
	is_err(sys3(SYS_sched_setscheduler, 0, SCHED_OTHER, &prio), EINVAL,
	       "SCHED_OTHER with priority 1 is EINVAL");
	prio = 0;
	is(sys3(SYS_sched_setscheduler, 0, SCHED_OTHER, &prio), 0, "SCHED_OTHER priority 0");
	is_err(sys3(SYS_sched_setscheduler, 0, 99, &prio), EINVAL, "policy 99 is EINVAL");
	is_err(sys3(SYS_sched_setscheduler, 0, -1, &prio), EINVAL, "policy -1 is EINVAL");
	is_err(sys3(SYS_sched_setscheduler, 0, SCHED_DEADLINE, &prio), EINVAL,
	       "SCHED_DEADLINE through setscheduler is EINVAL");
	is_err(sys3(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL), EINVAL, "NULL param is EINVAL");
	is_err(sys3(SYS_sched_setscheduler, 0, SCHED_OTHER, BADPTR), EFAULT,
	       "unreadable param is EFAULT");
	is_err(sys3(SYS_sched_setscheduler, -1, SCHED_OTHER, &prio), EINVAL, "pid -1 is EINVAL");
	is_err(sys3(SYS_sched_setscheduler, gone, SCHED_OTHER, &prio), ESRCH,
	       "no such pid is ESRCH");
	is(sys3(SYS_sched_setscheduler, 0, SCHED_BATCH, &prio), 0, "SCHED_BATCH");
	is(sys1(SYS_sched_getscheduler, 0), SCHED_BATCH, "getscheduler says SCHED_BATCH");
	is(sys3(SYS_sched_setscheduler, 0, SCHED_IDLE, &prio), 0, "SCHED_IDLE");
	is(sys1(SYS_sched_getscheduler, 0), SCHED_IDLE, "getscheduler says SCHED_IDLE");

	prio = 0;
	is_err(sys3(SYS_sched_setscheduler, 0, SCHED_FIFO, &prio), EINVAL,
	       "SCHED_FIFO with priority 0 is EINVAL");
	prio = 100;
	is_err(sys3(SYS_sched_setscheduler, 0, SCHED_FIFO, &prio), EINVAL,
	       "SCHED_FIFO with priority 100 is EINVAL");
	prio = 10;
	is(sys3(SYS_sched_setscheduler, 0, SCHED_FIFO, &prio), 0, "SCHED_FIFO priority 10 (root)");
	is(sys1(SYS_sched_getscheduler, 0), SCHED_FIFO, "getscheduler says SCHED_FIFO");
	prio = 0;
	sys2(SYS_sched_getparam, 0, &prio);
	is(prio, 10, "getparam says 10");
	struct ts32 ts = { 9, 9 };
	is(sys2(SYS_sched_rr_get_interval, 0, &ts), 0, "rr_get_interval under SCHED_FIFO");
	ok(ts.sec == 0 && ts.nsec == 0, "is 0 (no time slice)");
	prio = 20;
	is(sys2(SYS_sched_setparam, 0, &prio), 0, "setparam 20 keeps SCHED_FIFO");
	is(sys3(SYS_sched_setscheduler, 0, SCHED_RR, &prio), 0, "SCHED_RR priority 20");
	ts.sec = ts.nsec = 9;
	is(sys2(SYS_sched_rr_get_interval, 0, &ts), 0, "rr_get_interval under SCHED_RR");
	ok(ts.sec == 0 && ts.nsec == 100000000, "is Linux's 100 ms");
	prio = 0;
	is(sys3(SYS_sched_setscheduler, 0, SCHED_OTHER, &prio), 0, "back to SCHED_OTHER");

	prio = 0;
	is(sys2(SYS_sched_setparam, 0, &prio), 0, "setparam 0 under SCHED_OTHER");
	prio = 5;
	is_err(sys2(SYS_sched_setparam, 0, &prio), EINVAL, "setparam 5 under SCHED_OTHER is EINVAL");
	is_err(sys2(SYS_sched_setparam, 0, NULL), EINVAL, "setparam(NULL) is EINVAL");

	static const long pol[] = { SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE,
				    SCHED_DEADLINE };
	static const long max[] = { 0, 99, 99, 0, 0, 0 }, min[] = { 0, 1, 1, 0, 0, 0 };
	for (int i = 0; i < 6; i++) {
		is(sys1(SYS_sched_get_priority_max, pol[i]), max[i], "priority max of policy %ld",
		   pol[i]);
		is(sys1(SYS_sched_get_priority_min, pol[i]), min[i], "priority min of policy %ld",
		   pol[i]);
	}
	is_err(sys1(SYS_sched_get_priority_max, 4), EINVAL, "priority max of policy 4 is EINVAL");
	is_err(sys1(SYS_sched_get_priority_min, -1), EINVAL, "priority min of policy -1 is EINVAL");

	ts.sec = ts.nsec = -1;
	is(sys2(SYS_sched_rr_get_interval, 0, &ts), 0, "rr_get_interval under SCHED_OTHER");
	ok(ts.sec == 0 && ts.nsec >= 0 && ts.nsec < 1000000000, "a slice under a second");
	struct ts64 t64 = { -1, -1, 0 };
	is(sys2(SYS_sched_rr_get_interval_time64, 0, &t64), 0, "the time64 form");
	ok(t64.sec == 0 && t64.nsec == ts.nsec, "gives the same slice");
	is_err(sys2(SYS_sched_rr_get_interval, 0, BADPTR), EFAULT, "a bad timespec is EFAULT");
	is_err(sys2(SYS_sched_rr_get_interval, -1, &ts), EINVAL, "pid -1 is EINVAL");
	is_err(sys2(SYS_sched_rr_get_interval_time64, gone, &t64), ESRCH, "no such pid is ESRCH");

	prio = 0;
	is(sys3(SYS_sched_setscheduler, 0, SCHED_BATCH | SCHED_RESET_ON_FORK, &prio), 0,
	   "SCHED_BATCH with SCHED_RESET_ON_FORK");
	is(sys1(SYS_sched_getscheduler, 0), SCHED_BATCH | SCHED_RESET_ON_FORK,
	   "getscheduler shows the flag");
	is_exit(child_sched(SCHED_BATCH, 20), 0, "a child keeps SCHED_BATCH without the flag");
	is(sys3(SYS_sched_setscheduler, 0, SCHED_OTHER, &prio), 0, "SCHED_OTHER clears the flag");
	is(sys1(SYS_sched_getscheduler, 0), SCHED_OTHER, "getscheduler says SCHED_OTHER");
}

static void affinity(long gone)
{
	unsigned char m[128];
	unsigned mask[32];

	is_err(sys3(SYS_sched_getaffinity, 0, 0, m), EINVAL, "getaffinity with len 0 is EINVAL");
	is_err(sys3(SYS_sched_getaffinity, 0, 2, m), EINVAL, "len 2 is EINVAL");
	is_err(sys3(SYS_sched_getaffinity, 0, 6, m), EINVAL, "len 6 (not whole words) is EINVAL");
	memset(m, 0, sizeof(m));
	is(sys3(SYS_sched_getaffinity, 0, 4, m), 4, "len 4 returns 4");
	ok(m[0] & 1, "CPU 0 is in the mask");
	long n = sys3(SYS_sched_getaffinity, 0, sizeof(m), m);
	ok(n >= 4 && n <= (long)sizeof(m) && n % 4 == 0, "len 128 returns the kernel's mask size");
	if (mica_only("the mask is {CPU 0}"))
		ok(n == 4 && m[0] == 1, "the mask is {CPU 0}");
	is_err(sys3(SYS_sched_getaffinity, 0, 4, NULL), EFAULT, "getaffinity(NULL) is EFAULT");
	is_err(sys3(SYS_sched_getaffinity, gone, 4, m), ESRCH, "no such pid is ESRCH");
	is_err(sys3(SYS_sched_getaffinity, -1, 4, m), ESRCH, "pid -1 is ESRCH");

	memset(mask, 0, sizeof(mask));
	memcpy(mask, m, n); /* to restore the host's mask */
	unsigned one = 1, none = 0, high = 0x80000000u;
	is_err(sys3(SYS_sched_setaffinity, 0, 4, &none), EINVAL, "an empty mask is EINVAL");
	is_err(sys3(SYS_sched_setaffinity, 0, 4, &high), EINVAL, "a mask of CPU 31 is EINVAL");
	is_err(sys3(SYS_sched_setaffinity, 0, 0, &one), EINVAL, "len 0 (empty) is EINVAL");
	is(sys3(SYS_sched_setaffinity, 0, 1, &one), 0, "len 1 with CPU 0");
	is(sys3(SYS_sched_setaffinity, 0, 4, &one), 0, "{CPU 0}");
	is_err(sys3(SYS_sched_setaffinity, 0, 4, NULL), EFAULT, "setaffinity(NULL) is EFAULT");
	is_err(sys3(SYS_sched_setaffinity, gone, 4, &one), ESRCH, "no such pid is ESRCH");
	is(sys3(SYS_sched_setaffinity, 0, sizeof(mask), mask), 0, "the whole mask back");

	unsigned cpu = 7, node = 7;
	is(sys3(SYS_getcpu, &cpu, &node, NULL), 0, "getcpu");
	if (mica_only("on CPU 0, node 0"))
		ok(cpu == 0 && node == 0, "on CPU 0, node 0");
	is(sys3(SYS_getcpu, NULL, NULL, NULL), 0, "getcpu(NULL, NULL)");
	is_err(sys3(SYS_getcpu, BADPTR, NULL, NULL), EFAULT, "getcpu(bad pointer) is EFAULT");
}

static void priorities(long gone)
{
	is(sys2(SYS_getpriority, PRIO_PROCESS, 0), 20, "raw getpriority is 20 - nice");
	is(sys3(SYS_setpriority, PRIO_PROCESS, 0, 5), 0, "setpriority 5");
	is(sys2(SYS_getpriority, PRIO_PROCESS, getpid()), 15, "getpriority of our pid says 15");
	is(sys1(SYS_nice, -3), 0, "nice(-3) (root)");
	is(sys2(SYS_getpriority, PRIO_PROCESS, 0), 18, "nice is 2");
	is(sys1(SYS_nice, 100), 0, "nice(100)");
	is(sys2(SYS_getpriority, PRIO_PROCESS, 0), 1, "clamped to nice 19");
	is(sys3(SYS_setpriority, PRIO_PROCESS, 0, -100), 0, "setpriority -100");
	is(sys2(SYS_getpriority, PRIO_PROCESS, 0), 40, "clamped to nice -20");
	is(sys3(SYS_setpriority, PRIO_PGRP, 0, 7), 0, "setpriority of our process group");
	is(sys2(SYS_getpriority, PRIO_PGRP, 0), 13, "getpriority of the group says 13");
	is_exit(child_sched(SCHED_OTHER, 13), 0, "a child inherits nice 7");
	is_err(sys2(SYS_getpriority, 3, 0), EINVAL, "getpriority which 3 is EINVAL");
	is_err(sys3(SYS_setpriority, -1, 0, 0), EINVAL, "setpriority which -1 is EINVAL");
	is_err(sys2(SYS_getpriority, PRIO_PROCESS, gone), ESRCH, "no such pid is ESRCH");
	is_err(sys3(SYS_setpriority, PRIO_PROCESS, gone, 0), ESRCH, "setpriority of none is ESRCH");
	is_err(sys2(SYS_getpriority, PRIO_USER, 1234), ESRCH, "user 1234 has no processes");
	is(sys3(SYS_setpriority, PRIO_PROCESS, 0, 0), 0, "back to nice 0");
}

static void personality_and_uname(char *self)
{
	struct utsname u;
	int st = -1;

	is(sys1(SYS_personality, QUERY), 0, "personality starts as PER_LINUX");
	is(sys1(SYS_personality, ADDR_NO_RANDOMIZE), 0, "set ADDR_NO_RANDOMIZE: the old one back");
	is(sys1(SYS_personality, QUERY), ADDR_NO_RANDOMIZE, "the query sees it");
	pid_t pid = fork();
	if (pid == 0)
		_exit(sys1(SYS_personality, QUERY) == ADDR_NO_RANDOMIZE ? 0 : 1);
	waitpid(pid, &st, 0);
	is_exit(st, 0, "a child inherits it");
	pid = fork();
	if (pid == 0) {
		execl(self, self, "--persona", (char *)NULL);
		_exit(2);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 0, "execve keeps it");
	is(sys1(SYS_personality, 0x12345), ADDR_NO_RANDOMIZE, "any persona is accepted");
	is(sys1(SYS_personality, PER_LINUX32), 0x12345, "PER_LINUX32");
	ok(uname(&u) == 0 && !strcmp(u.machine, "i686"), "under PER_LINUX32 the machine is i686");
	is(sys1(SYS_personality, 0), PER_LINUX32, "back to PER_LINUX");
	ok(u.release[0] >= '1' && u.release[0] <= '9' && strchr(u.release, '.'),
	   "the release is a version number");
	if (mica_only("the release is the Linux ABI level, 6.1.0"))
		ok(!strcmp(u.release, "6.1.0"), "the release is the Linux ABI level, 6.1.0");
	if (mica_only("the version names Mica"))
		ok(strstr(u.version, "Mica") != NULL, "the version names Mica");
	is_err(sys1(SYS_uname, BADPTR), EFAULT, "uname(bad pointer) is EFAULT");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--persona"))
		return sys1(SYS_personality, QUERY) == ADDR_NO_RANDOMIZE ? 0 : 1;
	plan(115);
	setpgid(0, 0); /* PRIO_PGRP below must reach nobody else */
	long gone = gone_pid();
	policies(gone);
	affinity(gone);
	priorities(gone);
	personality_and_uname(argv[0]);
	return done();
}
