/*
 * proc_sigaltstack: sigaltstack (186) and SA_ONSTACK delivery, against Linux.
 *
 *   set       the initial state (SS_DISABLE), sizes below MINSIGSTKSZ
 *             (ENOMEM), modes (EINVAL past 0, SS_ONSTACK, SS_DISABLE and
 *             SS_AUTODISARM), what reads back, EFAULT both ways
 *   deliver   an SA_ONSTACK handler (rt or plain) runs on the stack and
 *             sees SS_ONSTACK; changing the stack there is EPERM; uc_stack;
 *             a nested signal stays on it, below; without SA_ONSTACK the
 *             handler runs on the normal stack
 *   disarm    SS_AUTODISARM: the stack is off while its handler runs and
 *             back after rt_sigreturn
 *   death     a frame that would overflow the stack, or a stack that is
 *             not mapped, kill with SIGSEGV
 *   inherit   fork keeps the stack, execve clears it
 */
#include "tap.h"
#include "raw.h"

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#define NR_sigaltstack 186
#define SS_ONSTACK_ 1
#define SS_DISABLE_ 2
#define SS_AUTODISARM_ 0x80000000u
#define ALT_SIZE 65536

struct kss {
	uint32_t sp;
	int32_t flags;
	uint32_t size;
};

static char alt[ALT_SIZE] __attribute__((aligned(16)));
static char other[ALT_SIZE] __attribute__((aligned(16)));

static long sas(const struct kss *ss, struct kss *oss)
{
	return sys2(NR_sigaltstack, ss, oss);
}

static long set_stack(void *base, int32_t flags, uint32_t size)
{
	struct kss s = { (uint32_t)base, flags, size };
	return sas(&s, NULL);
}

static int on_alt(uintptr_t sp)
{
	return sp > (uintptr_t)alt && sp <= (uintptr_t)alt + ALT_SIZE;
}

static volatile uintptr_t h_sp, h_sp2;
static volatile long h_get, h_set, h_disable;
static volatile int32_t h_flags, uc_flags;
static volatile uint32_t h_size, uc_sp, uc_size;
static volatile int nest;

static void rt_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	struct kss o;
	int here;

	(void)si;
	if (nest) { /* the nested signal */
		h_sp2 = (uintptr_t)&here;
		return;
	}
	h_sp = (uintptr_t)&here;
	memset(&o, 0, sizeof(o));
	h_get = sas(NULL, &o);
	h_flags = o.flags;
	h_size = o.size;
	h_set = set_stack(other, 0, ALT_SIZE);
	struct kss d = { 0, SS_DISABLE_, 0 };
	h_disable = sas(&d, NULL);
	uc_flags = uc->uc_stack.ss_flags;
	uc_sp = (uint32_t)(uintptr_t)uc->uc_stack.ss_sp;
	uc_size = uc->uc_stack.ss_size;
	nest = 1;
	raise(sig == SIGUSR1 ? SIGUSR2 : sig);
	nest = 0;
}

static void plain_handler(int sig)
{
	int here;
	(void)sig;
	h_sp = (uintptr_t)&here;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void set(void)
{
	struct kss o;

	memset(&o, 0x55, sizeof(o));
	is(sas(NULL, &o), 0, "sigaltstack(NULL, &old)");
	ok(o.sp == 0 && o.flags == SS_DISABLE_ && o.size == 0, "no stack at first: {0, SS_DISABLE, 0}");
	is(sas(NULL, NULL), 0, "sigaltstack(NULL, NULL)");
	static const uint32_t small[] = { 0, 1, 2047 };
	for (unsigned i = 0; i < 3; i++)
		is(set_stack(alt, 0, small[i]), -ENOMEM, "size %u: ENOMEM", small[i]);
	is(set_stack(alt, 0, 2048), 0, "size MINSIGSTKSZ (2048)");
	static const int32_t bad[] = { 3, 4, 8, 0x40000000, -1, (int32_t)(SS_AUTODISARM_ | 4) };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is(set_stack(alt, bad[i], ALT_SIZE), -EINVAL, "flags %#x: EINVAL", (unsigned)bad[i]);

	is(set_stack(alt, SS_ONSTACK_, ALT_SIZE), 0, "flags SS_ONSTACK accepted");
	memset(&o, 0, sizeof(o));
	sas(NULL, &o);
	ok(o.sp == (uint32_t)(uintptr_t)alt && o.flags == 0 && o.size == ALT_SIZE,
	   "reads back {sp, 0, size}");
	is(set_stack(alt, (int32_t)SS_AUTODISARM_, ALT_SIZE), 0, "SS_AUTODISARM accepted");
	sas(NULL, &o);
	ok(o.flags == (int32_t)SS_AUTODISARM_ && o.size == ALT_SIZE, "reads back with SS_AUTODISARM");
	is(set_stack(alt, (int32_t)(SS_AUTODISARM_ | SS_DISABLE_), 1), 0,
	   "SS_DISABLE|SS_AUTODISARM with size 1");
	sas(NULL, &o);
	ok(o.sp == 0 && o.flags == (int32_t)(SS_AUTODISARM_ | SS_DISABLE_) && o.size == 0,
	   "reads back {0, SS_DISABLE|SS_AUTODISARM, 0}");
	is(set_stack(alt, SS_DISABLE_, 3), 0, "SS_DISABLE with size 3");
	sas(NULL, &o);
	ok(o.sp == 0 && o.flags == SS_DISABLE_ && o.size == 0, "reads back {0, SS_DISABLE, 0}");

	is(sas((struct kss *)unmapped(), NULL), -EFAULT, "unmapped new stack_t: EFAULT");
	is(sas((struct kss *)KERNEL_BASE, NULL), -EFAULT, "kernel new stack_t: EFAULT");
	is(sas(NULL, (struct kss *)unmapped()), -EFAULT, "unmapped old stack_t: EFAULT");
	is(sas(NULL, (struct kss *)KERNEL_BASE), -EFAULT, "kernel old stack_t: EFAULT");
	is(sas(NULL, (struct kss *)ro_page()), -EFAULT, "read-only old stack_t: EFAULT");
	struct kss n = { (uint32_t)(uintptr_t)alt, 0, ALT_SIZE };
	is(sas(&n, (struct kss *)unmapped()), -EFAULT, "setting with an unmapped old: EFAULT");
	sas(NULL, &o);
	ok(o.sp == (uint32_t)(uintptr_t)alt && o.size == ALT_SIZE, "but the new stack is set");
}

static void deliver(void)
{
	set_stack(alt, 0, ALT_SIZE);
	handle(SIGUSR1, rt_handler, SA_ONSTACK);
	handle(SIGUSR2, rt_handler, SA_ONSTACK);
	h_sp = h_sp2 = 0;
	raise(SIGUSR1);
	ok(on_alt(h_sp), "an SA_ONSTACK handler runs on the alternate stack");
	ok(h_get == 0 && h_flags == SS_ONSTACK_ && h_size == ALT_SIZE,
	   "sigaltstack there reads SS_ONSTACK");
	is(h_set, -EPERM, "changing the stack while on it: EPERM");
	is(h_disable, -EPERM, "disabling it while on it: EPERM");
	ok(uc_sp == (uint32_t)(uintptr_t)alt && uc_flags == 0 && uc_size == ALT_SIZE,
	   "uc_stack holds the stack");
	ok(on_alt(h_sp2) && h_sp2 < h_sp, "a nested signal's frame goes below, on the same stack");
	struct kss o;
	sas(NULL, &o);
	ok(o.sp == (uint32_t)(uintptr_t)alt && o.flags == 0 && o.size == ALT_SIZE,
	   "after the handler the stack is as it was");

	signal(SIGUSR1, SIG_DFL);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = plain_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	h_sp = 0;
	raise(SIGUSR1);
	ok(on_alt(h_sp), "a plain (non-SA_SIGINFO) SA_ONSTACK handler too");
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	h_sp = 0;
	raise(SIGUSR1);
	ok(h_sp && !on_alt(h_sp), "without SA_ONSTACK the normal stack");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void disarm(void)
{
	is(set_stack(alt, (int32_t)SS_AUTODISARM_, ALT_SIZE), 0, "set with SS_AUTODISARM");
	handle(SIGUSR1, rt_handler, SA_ONSTACK);
	handle(SIGUSR2, rt_handler, 0);
	h_sp = 0;
	raise(SIGUSR1);
	ok(on_alt(h_sp), "its handler runs on the stack");
	ok(h_get == 0 && h_flags == SS_DISABLE_ && h_size == 0, "where sigaltstack reads SS_DISABLE");
	is(h_set, 0, "and another stack may be set");
	ok(uc_flags == (int32_t)SS_AUTODISARM_ && uc_size == ALT_SIZE, "uc_stack has the stack as set");
	struct kss o;
	sas(NULL, &o);
	ok(o.sp == (uint32_t)(uintptr_t)alt && o.flags == (int32_t)SS_AUTODISARM_ &&
		   o.size == ALT_SIZE,
	   "rt_sigreturn puts it back");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	set_stack(NULL, SS_DISABLE_, 0);
}

static void recurse(int sig)
{
	raise(sig);
}

static void overflow_child(long unused)
{
	(void)unused;
	static char small[8192];
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = recurse;
	sa.sa_flags = SA_ONSTACK | SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	set_stack(small, 0, sizeof(small));
	raise(SIGUSR1);
	rexit(0);
}

static void unmapped_child(long unused)
{
	(void)unused;
	handle(SIGUSR1, rt_handler, SA_ONSTACK);
	set_stack(unmapped(), 0, 8192);
	raise(SIGUSR1);
	rexit(0);
}

static void death(void)
{
	is_signal(run_child(overflow_child, 0), SIGSEGV,
		  "frames that would overflow the stack: SIGSEGV");
	is_signal(run_child(unmapped_child, 0), SIGSEGV, "a stack that is not mapped: SIGSEGV");
}

static int exec_check(void)
{
	struct kss o;
	memset(&o, 0x55, sizeof(o));
	if (sas(NULL, &o) != 0)
		return 1;
	return o.sp == 0 && o.flags == SS_DISABLE_ && o.size == 0 ? 0 : 2;
}

static void inherit(char *argv0)
{
	set_stack(alt, 0, ALT_SIZE);
	long pid = rfork();
	if (pid == 0) {
		struct kss o;
		memset(&o, 0, sizeof(o));
		sas(NULL, &o);
		rexit(o.sp == (uint32_t)(uintptr_t)alt && o.size == ALT_SIZE && o.flags == 0 ? 0 : 1);
	}
	is(rwait(pid), 0, "fork: the child has the same stack");
	char *args[] = { argv0, "exec-check", NULL };
	char *env[] = { NULL };
	pid = rfork();
	if (pid == 0) {
		RSYS(SYS_execve, argv0, args, env);
		rexit(100);
	}
	is(rwait(pid), 0, "execve clears it");
	set_stack(NULL, SS_DISABLE_, 0);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "exec-check") == 0)
		return exec_check();
	plan(47);
	set();
	deliver();
	disarm();
	death();
	inherit(argv[0]);
	return done();
}
