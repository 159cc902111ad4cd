/*
 * proc_sigtimedwait_eintr: rt_sigtimedwait (177, and 421 with a 64-bit
 * timeout) ends with EINTR when another signal is handled, even with
 * SA_RESTART (it is never restarted, as on Linux), and when the process
 * is stopped and continued (signal(7): the calls that fail with EINTR
 * after a stop).
 *
 *   restart   a child sends SIGUSR1 (handler with SA_RESTART) while the
 *             test waits for SIGUSR2, with no timeout and with one
 *   stop      a child stops and continues the waiting process
 */
#include "tap.h"
#include "raw.h"

#include <signal.h>
#include <stdint.h>
#include <time.h>

#define NR_rt_sigtimedwait 177
#define NR_rt_sigtimedwait_time64 421

static volatile sig_atomic_t handled;

static void on_usr1(int s)
{
	(void)s;
	handled++;
}

/* A child that sends sig, or SIGSTOP then SIGCONT when sig is 0, to the
 * parent after 100 ms; its pid. */
static long poke(int sig)
{
	long parent = getpid();
	long pid = rfork();
	if (pid == 0) {
		usleep(100000);
		if (sig) {
			RSYS(SYS_kill, parent, sig);
		} else {
			RSYS(SYS_kill, parent, SIGSTOP);
			usleep(100000);
			RSYS(SYS_kill, parent, SIGCONT);
		}
		rexit(0);
	}
	return pid;
}

int main(void)
{
	struct sigaction sa;
	uint64_t set = 1ull << (SIGUSR2 - 1);
	int32_t ts32[2] = { 5, 0 };
	int64_t ts64[2] = { 5, 0 };

	plan(8);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	alarm(20); /* a restarted wait would never end */

	long pid = poke(SIGUSR1);
	is(sys4(NR_rt_sigtimedwait, &set, NULL, NULL, 8), -EINTR,
	   "a handled SA_RESTART signal ends a wait with no timeout: EINTR");
	is(handled, 1, "and its handler ran");
	rwait(pid);
	pid = poke(SIGUSR1);
	is(sys4(NR_rt_sigtimedwait, &set, NULL, ts32, 8), -EINTR, "with a timeout too");
	rwait(pid);
	pid = poke(SIGUSR1);
	is(sys4(NR_rt_sigtimedwait_time64, &set, NULL, ts64, 8), -EINTR,
	   "rt_sigtimedwait_time64 too");
	rwait(pid);
	is(handled, 3, "each handler ran once");

	pid = poke(0);
	is(sys4(NR_rt_sigtimedwait, &set, NULL, NULL, 8), -EINTR,
	   "stopped and continued with no handler: EINTR");
	rwait(pid);
	pid = poke(0);
	is(sys4(NR_rt_sigtimedwait, &set, NULL, ts32, 8), -EINTR, "with a timeout too");
	rwait(pid);
	is(handled, 3, "no handler ran for the stop");
	alarm(0);
	return done();
}
