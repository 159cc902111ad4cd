/*
 * proc_sigreturn - what rt_sigreturn takes from a frame a handler changed.
 *
 * An SA_SIGINFO handler may edit the ucontext it is given, and
 * rt_sigreturn restores from it: the registers, the flags and the signal
 * mask. It must not restore what a user may not set: of eflags only the
 * arithmetic, direction, trap and alignment flags come from the frame
 * (IOPL and IF stay as they were), and SIGKILL and SIGSTOP can never
 * become blocked. Each check raises SIGUSR1 at itself with a raw kill
 * whose return reads EFLAGS at once, before anything else can change it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* REG_EFL */
#endif
#include "tap.h"

#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>

#define FL_CF 0x001UL
#define FL_IF 0x200UL
#define FL_DF 0x400UL
#define FL_IOPL 0x3000UL

static volatile unsigned long set_flags, clear_flags; /* what the handler does to eflags */
static volatile int add_sig[3], nadd; /* signals it adds to uc_sigmask */
static volatile int handled;

/* SIGUSR1's handler: edits the frame's eflags and signal mask as asked. */
static void edit_frame(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_EFL] |= set_flags;
	uc->uc_mcontext.gregs[REG_EFL] &= ~clear_flags;
	for (int i = 0; i < nadd; i++)
		sigaddset(&uc->uc_sigmask, add_sig[i]);
	handled++;
}

/* kill(getpid(), SIGUSR1) through int $0x80; returns EFLAGS as the
 * program sees them right after the call (the handler has run by then),
 * with DF cleared again afterwards. */
static unsigned long kill_self_flags(void)
{
	long pid = getpid(), ret;
	unsigned long fl;

	__asm__ volatile("int $0x80\n\t"
			 "pushfl\n\t"
			 "popl %1\n\t"
			 "cld"
			 : "=a"(ret), "=&r"(fl)
			 : "a"((long)SYS_kill), "b"(pid), "c"((long)SIGUSR1)
			 : "memory", "cc");
	(void)ret;
	return fl;
}

/* One round: the handler sets set and clears clear in eflags. Returns
 * EFLAGS after the return, or 0 if the handler did not run. */
static unsigned long round_trip(unsigned long set, unsigned long clear)
{
	int before = handled;

	set_flags = set;
	clear_flags = clear;
	unsigned long fl = kill_self_flags();
	set_flags = clear_flags = 0;
	return handled == before + 1 ? fl : 0;
}

/* The blocked mask now. */
static sigset_t blocked(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigprocmask(SIG_BLOCK, NULL, &s);
	return s;
}

int main(void)
{
	struct sigaction sa;
	sigset_t none;

	plan(8);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = edit_frame;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	unsigned long fl = round_trip(FL_CF | FL_DF, 0);
	ok(fl != 0, "the handler ran and returned");
	is((long)(fl & (FL_CF | FL_DF)), (long)(FL_CF | FL_DF),
	   "CF and DF set in uc_mcontext come back");
	fl = round_trip(FL_IOPL, 0);
	is((long)(fl & FL_IOPL), 0, "IOPL 3 in uc_mcontext is not taken");
	fl = round_trip(0, FL_IF);
	is((long)(fl & FL_IF), (long)FL_IF, "IF cleared in uc_mcontext is not taken");

	sigset_t s = blocked();
	is(sigismember(&s, SIGUSR1), 0, "after the handler its own signal is unblocked again");

	add_sig[0] = SIGUSR2;
	nadd = 1;
	round_trip(0, 0);
	s = blocked();
	is(sigismember(&s, SIGUSR2), 1, "a signal the handler adds to uc_sigmask stays blocked");
	sigprocmask(SIG_SETMASK, &none, NULL);

	add_sig[0] = SIGKILL;
	add_sig[1] = SIGSTOP;
	add_sig[2] = SIGUSR2;
	nadd = 3;
	round_trip(0, 0);
	nadd = 0;
	s = blocked();
	is(sigismember(&s, SIGKILL) + sigismember(&s, SIGSTOP), 0,
	   "SIGKILL and SIGSTOP in uc_sigmask do not become blocked");
	is(sigismember(&s, SIGUSR2), 1, "the rest of that uc_sigmask does");
	sigprocmask(SIG_SETMASK, &none, NULL);
	return done();
}
