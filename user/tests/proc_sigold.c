/*
 * proc_sigold: the old i386 signal calls, raw, the same on Linux and Mica.
 *
 *   signal      signal(48) installs a handler and returns the old one; it
 *               is one-shot (reset to SIG_DFL when it runs) and does not
 *               block its own signal; SIGKILL and bad numbers: EINVAL
 *   sigaction   sigaction(67) with struct old_sigaction: the handler,
 *               32-bit mask and flags come back as set; SIGKILL can be
 *               queried, not set; bad pointers EFAULT
 *   masks       sgetmask(68)/ssetmask(69) see signals 1-32, and ssetmask
 *               unblocks 33-64; sigprocmask(126) SIG_BLOCK, SIG_UNBLOCK,
 *               SIG_SETMASK (33-64 kept), a bad how EINVAL only with a
 *               set; sigpending(73) the pending blocked signals 1-32;
 *               rt_sigpending takes any size up to 8
 *   sigsuspend  sigsuspend(72) waits with exactly its mask, -EINTR after
 *               the handler, and the old mask is back
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>

#define NR_SIGNAL 48
#define NR_SIGACTION 67
#define NR_SGETMASK 68
#define NR_SSETMASK 69
#define NR_SIGSUSPEND 72
#define NR_SIGPENDING 73
#define NR_SIGPROCMASK 126
#define NR_RT_SIGPROCMASK 175
#define NR_RT_SIGPENDING 176
#define K_SA_NODEFER 0x40000000u
#define K_SA_RESETHAND 0x80000000u
#define K_SA_RESTORER 0x04000000u
#define RTSIG 40 /* a real-time signal, above old_sigset_t */

struct old_sigaction {
	uint32_t handler, mask, flags, restorer;
};

static volatile sig_atomic_t hits;
static volatile uint32_t mask_in_handler;

/* Counts its runs; the first notes the mask it runs with. */
static void on_usr1(int s)
{
	(void)s;
	hits++;
	if (hits == 1)
		mask_in_handler = (uint32_t)sys0(NR_SGETMASK);
}

/* Counts its runs. */
static void on_usr2(int s)
{
	(void)s;
	hits++;
}

/* The full 64-bit blocked set (rt_sigprocmask). */
static uint64_t blocked64(void)
{
	uint64_t m = 0;
	sys4(NR_RT_SIGPROCMASK, SIG_BLOCK, 0, &m, 8);
	return m;
}

/* Sets the full 64-bit blocked set. */
static void set_blocked64(uint64_t m)
{
	sys4(NR_RT_SIGPROCMASK, SIG_SETMASK, &m, 0, 8);
}

static void test_signal(void)
{
	is(sys2(NR_SIGNAL, SIGUSR1, (long)on_usr1), (long)SIG_DFL, "signal: the old handler, SIG_DFL");
	is(sys2(NR_SIGNAL, SIGUSR1, (long)on_usr1), (long)on_usr1, "signal: then the one set");
	hits = 0;
	kill(getpid(), SIGUSR1);
	is(hits, 1, "signal: the handler runs");
	ok((mask_in_handler & (1u << (SIGUSR1 - 1))) == 0, "signal: its own signal is not blocked");
	struct sigaction sa;
	sigaction(SIGUSR1, NULL, &sa);
	ok(sa.sa_handler == SIG_DFL, "signal: it is one-shot: SIG_DFL after it ran");
	is_err(sys2(NR_SIGNAL, SIGKILL, (long)on_usr1), EINVAL, "signal: SIGKILL: EINVAL");
	is_err(sys2(NR_SIGNAL, 0, (long)on_usr1), EINVAL, "signal: signal 0: EINVAL");
	is_err(sys2(NR_SIGNAL, 65, (long)on_usr1), EINVAL, "signal: signal 65: EINVAL");
	is(sys2(NR_SIGNAL, SIGUSR2, (long)SIG_IGN), (long)SIG_DFL, "signal: SIG_IGN");
	hits = 0;
	kill(getpid(), SIGUSR2);
	is(hits, 0, "signal: an ignored signal does nothing");
	sys2(NR_SIGNAL, SIGUSR2, (long)SIG_DFL);
}

static void test_sigaction(void)
{
	struct old_sigaction act = { (uint32_t)(uintptr_t)on_usr2, 1u << (SIGHUP - 1), 0, 0 }, old;

	is(sys3(NR_SIGACTION, SIGUSR2, &act, 0), 0, "sigaction: sets a handler");
	memset(&old, 0xff, sizeof(old));
	is(sys3(NR_SIGACTION, SIGUSR2, 0, &old), 0, "sigaction: and reads it back");
	ok(old.handler == act.handler && old.mask == act.mask && (old.flags & ~K_SA_RESTORER) == 0,
	   "sigaction: handler, mask and flags as set");
	struct sigaction sa;
	sigaction(SIGUSR2, NULL, &sa);
	ok(sa.sa_handler == on_usr2 && sigismember(&sa.sa_mask, SIGHUP),
	   "sigaction: rt_sigaction sees the same");
	hits = 0;
	kill(getpid(), SIGUSR2);
	is(hits, 1, "sigaction: the handler runs, and stays");
	kill(getpid(), SIGUSR2);
	is(hits, 2, "sigaction: twice");
	is(sys3(NR_SIGACTION, SIGKILL, 0, &old), 0, "sigaction: SIGKILL can be read");
	is_err(sys3(NR_SIGACTION, SIGKILL, &act, 0), EINVAL, "sigaction: not set: EINVAL");
	is_err(sys3(NR_SIGACTION, SIGUSR2, 16, 0), EFAULT, "sigaction: a bad act: EFAULT");
	is_err(sys3(NR_SIGACTION, SIGUSR2, 0, 16), EFAULT, "sigaction: a bad oact: EFAULT");
	is_err(sys3(NR_SIGACTION, 0, 0, &old), EINVAL, "sigaction: signal 0: EINVAL");
	signal(SIGUSR2, SIG_DFL);
}

static void test_masks(void)
{
	uint64_t saved = blocked64();
	uint32_t m = 0, p = 0;

	set_blocked64(1ull << (RTSIG - 1));
	is(sys0(NR_SGETMASK), 0, "sgetmask: signals 1-32 only");
	is(sys1(NR_SSETMASK, 1u << (SIGUSR1 - 1)), 0, "ssetmask: returns the old mask");
	ok(blocked64() == (1ull << (SIGUSR1 - 1)), "ssetmask: exactly that mask, 33-64 unblocked");
	uint32_t kill_too = (1u << (SIGKILL - 1)) | (1u << (SIGUSR2 - 1));
	sys1(NR_SSETMASK, kill_too);
	is(sys0(NR_SGETMASK), 1u << (SIGUSR2 - 1), "ssetmask: SIGKILL cannot be blocked");

	set_blocked64(1ull << (RTSIG - 1));
	m = 1u << (SIGUSR1 - 1);
	is(sys3(NR_SIGPROCMASK, SIG_BLOCK, &m, 0), 0, "sigprocmask: SIG_BLOCK");
	ok(blocked64() == ((1ull << (RTSIG - 1)) | m), "sigprocmask: adds to the set");
	m = 1u << (SIGUSR2 - 1);
	is(sys3(NR_SIGPROCMASK, SIG_SETMASK, &m, &p), 0, "sigprocmask: SIG_SETMASK");
	is(p, 1u << (SIGUSR1 - 1), "sigprocmask: the old set, 32 bits");
	ok(blocked64() == ((1ull << (RTSIG - 1)) | m), "sigprocmask: SIG_SETMASK keeps signals 33-64");
	is(sys3(NR_SIGPROCMASK, SIG_UNBLOCK, &m, 0), 0, "sigprocmask: SIG_UNBLOCK");
	ok(blocked64() == (1ull << (RTSIG - 1)), "sigprocmask: takes it out");
	is_err(sys3(NR_SIGPROCMASK, 7, &m, 0), EINVAL, "sigprocmask: a bad how: EINVAL");
	is(sys3(NR_SIGPROCMASK, 7, 0, &p), 0, "sigprocmask: a bad how with no set: 0");
	is_err(sys3(NR_SIGPROCMASK, SIG_BLOCK, 16, 0), EFAULT, "sigprocmask: a bad set: EFAULT");

	m = 1u << (SIGUSR1 - 1);
	sys3(NR_SIGPROCMASK, SIG_BLOCK, &m, 0);
	kill(getpid(), SIGUSR1);
	kill(getpid(), RTSIG);
	is(sys1(NR_SIGPENDING, &p), 0, "sigpending");
	is(p, 1u << (SIGUSR1 - 1), "sigpending: the blocked SIGUSR1, not signal 40");
	is_err(sys1(NR_SIGPENDING, 16), EFAULT, "sigpending: a bad pointer: EFAULT");
	uint64_t p64 = 0;
	uint16_t p2[2] = { 0, 0x5555 };
	is(sys2(NR_RT_SIGPENDING, p2, 2), 0, "rt_sigpending: a size of 2 is fine");
	ok(p2[0] == 1u << (SIGUSR1 - 1) && p2[1] == 0x5555,
	   "rt_sigpending: and writes those 2 bytes of the set");
	is_err(sys2(NR_RT_SIGPENDING, &p64, 9), EINVAL, "rt_sigpending: a size of 9: EINVAL");
	signal(SIGUSR1, SIG_IGN); /* drops both pending signals */
	signal(RTSIG, SIG_IGN);
	signal(SIGUSR1, SIG_DFL);
	signal(RTSIG, SIG_DFL);
	set_blocked64(saved);
}

static void test_sigsuspend(void)
{
	uint64_t saved = blocked64();

	signal(SIGUSR2, on_usr2);
	set_blocked64((1ull << (SIGUSR2 - 1)) | (1ull << (RTSIG - 1)));
	hits = 0;
	kill(getpid(), SIGUSR2);
	is(hits, 0, "sigsuspend: SIGUSR2 waits, blocked");
	is_err(sys3(NR_SIGSUSPEND, 0, 0, 0), EINTR, "sigsuspend with an empty mask: EINTR");
	is(hits, 1, "sigsuspend: the handler ran");
	ok(blocked64() == ((1ull << (SIGUSR2 - 1)) | (1ull << (RTSIG - 1))),
	   "sigsuspend: the old mask is back");
	signal(SIGUSR2, SIG_DFL);
	set_blocked64(saved);
}

int main(void)
{
	plan(10 + 11 + 20 + 4);
	test_signal();
	test_sigaction();
	test_masks();
	test_sigsuspend();
	return done();
}
