/*
 * proc_itimers: setitimer/getitimer with ITIMER_VIRTUAL (SIGVTALRM, user
 * time) and ITIMER_PROF (SIGPROF, user + system time), against Linux.
 *
 *   set/get   which outside 0..2 EINVAL; bad times EINVAL; EFAULT both
 *             ways; the interval reads back exactly, the value a tick
 *             later at most (Linux adds one so they never fire early);
 *             the old setting (written after the new one is set: an
 *             EFAULT there leaves it set); a NULL new value disarms
 *   fire      each sends its signal while the process runs, again and
 *             again; sleeping does not move ITIMER_VIRTUAL
 *   inherit   fork's child has none; execve keeps them
 */
#include "tap.h"
#include "raw.h"

#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t vt, prof;

static void on_vt(int s)
{
	(void)s;
	vt++;
}

static void on_prof(int s)
{
	(void)s;
	prof++;
}

static long set(long which, int32_t isec, int32_t iusec, int32_t vsec, int32_t vusec)
{
	int32_t v[4] = { isec, iusec, vsec, vusec };
	return sys3(SYS_setitimer, which, v, 0);
}

static int64_t usecs(const int32_t tv[2])
{
	return (int64_t)tv[0] * 1000000 + tv[1];
}

/* Spins in user mode until *flag reaches n or about 4 s of CPU pass. */
static void spin_until(volatile sig_atomic_t *flag, int n)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (volatile int i = 0; i < 100000; i++)
			;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (*flag < n && t.tv_sec - t0.tv_sec < 4);
}

static void setget(void)
{
	int32_t v[4], o[4];

	for (long w = -1; w <= 3; w += 4) {
		is(set(w, 0, 0, 1, 0), -EINVAL, "setitimer(%ld): EINVAL", w);
		is(sys2(SYS_getitimer, w, v), -EINVAL, "getitimer(%ld): EINVAL", w);
	}
	static const char *const names[] = { "", "ITIMER_VIRTUAL", "ITIMER_PROF" };
	for (long w = ITIMER_VIRTUAL; w <= ITIMER_PROF; w++) {
		const char *n = names[w];
		memset(v, 0x55, sizeof(v));
		is(sys2(SYS_getitimer, w, v), 0, "%s: getitimer", n);
		ok(!v[0] && !v[1] && !v[2] && !v[3], "%s: none at first", n);
		is(set(w, 0, 30000, 9, 30000), 0, "%s: setitimer {0.03 s, 9.03 s}", n);
		sys2(SYS_getitimer, w, v);
		ok(v[0] == 0 && v[1] == 30000, "%s: the interval reads back", n);
		ok(usecs(v + 2) > 9000000 && usecs(v + 2) <= 9030000 + 10000,
		   "%s: the value, a tick more at most", n);
		is(set(w, 0, 0, 1, 1000000), -EINVAL, "%s: usec 1000000: EINVAL", n);
		is(set(w, 0, -1, 1, 0), -EINVAL, "%s: interval usec -1: EINVAL", n);
		is(set(w, 0, 0, -1, 0), -EINVAL, "%s: sec -1: EINVAL", n);
		is(sys2(SYS_getitimer, w, unmapped()), -EFAULT, "%s: getitimer to unmapped: EFAULT", n);
		is(sys2(SYS_getitimer, w, KERNEL_BASE), -EFAULT, "%s: getitimer to the kernel: EFAULT",
		   n);
		is(sys3(SYS_setitimer, w, unmapped(), 0), -EFAULT, "%s: unmapped new value: EFAULT", n);
		int32_t nv[4] = { 0, 0, 5, 0 };
		is(sys3(SYS_setitimer, w, nv, unmapped()), -EFAULT, "%s: unmapped old value: EFAULT", n);
		memset(o, 0, sizeof(o));
		is(sys3(SYS_setitimer, w, nv, o), 0, "%s: setitimer with an old value", n);
		ok(o[0] == 0 && o[1] == 0 && usecs(o + 2) > 4000000 && usecs(o + 2) <= 5010000,
		   "%s: old is the failed call's setting: it took effect", n);
		is(sys3(SYS_setitimer, w, NULL, o), 0, "%s: a NULL new value", n);
		ok(usecs(o + 2) > 4000000 && usecs(o + 2) <= 5010000, "%s: old is the 5 s setting", n);
		sys2(SYS_getitimer, w, v);
		ok(!v[0] && !v[1] && !v[2] && !v[3], "%s: and it is disarmed", n);
	}
}

static int exec_check(void)
{
	int32_t v[4];
	sys2(SYS_getitimer, ITIMER_PROF, v);
	return v[0] == 7 && usecs(v + 2) > 0 ? 0 : 1;
}

static void fire(char *argv0)
{
	signal(SIGVTALRM, on_vt);
	signal(SIGPROF, on_prof);
	vt = 0;
	set(ITIMER_VIRTUAL, 0, 20000, 0, 20000);
	spin_until(&vt, 3);
	ok(vt >= 3, "ITIMER_VIRTUAL sends SIGVTALRM again and again while it runs");
	set(ITIMER_VIRTUAL, 0, 0, 0, 0);
	prof = 0;
	set(ITIMER_PROF, 0, 20000, 0, 20000);
	spin_until(&prof, 3);
	ok(prof >= 3, "ITIMER_PROF sends SIGPROF again and again");
	set(ITIMER_PROF, 0, 0, 0, 0);
	vt = 0;
	set(ITIMER_VIRTUAL, 0, 0, 0, 50000);
	struct timespec ts = { 0, 200000000 };
	while (nanosleep(&ts, &ts) < 0)
		;
	is(vt, 0, "sleeping does not move ITIMER_VIRTUAL");
	set(ITIMER_VIRTUAL, 0, 0, 0, 0);

	set(ITIMER_PROF, 7, 0, 100, 0);
	long pid = rfork();
	if (pid == 0) {
		int32_t v[4];
		sys2(SYS_getitimer, ITIMER_PROF, v);
		rexit(!v[0] && !v[1] && !v[2] && !v[3] ? 0 : 1);
	}
	is(rwait(pid), 0, "fork's child has no ITIMER_PROF");
	char *args[] = { argv0, "exec-check", NULL };
	char *env[] = { NULL };
	pid = rfork();
	if (pid == 0) {
		set(ITIMER_PROF, 7, 0, 100, 0);
		RSYS(SYS_execve, argv0, args, env);
		rexit(100);
	}
	is(rwait(pid), 0, "fork then execve: the child's own ITIMER_PROF is kept");
	set(ITIMER_PROF, 0, 0, 0, 0);
	signal(SIGVTALRM, SIG_DFL);
	signal(SIGPROF, SIG_DFL);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "exec-check") == 0)
		return exec_check();
	plan(43);
	setget();
	fire(argv[0]);
	return done();
}
