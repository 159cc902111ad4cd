/*
 * proc_sigfpu: the FPU state a signal handler interrupts comes back intact
 * through sigreturn and rt_sigreturn, whatever the handler does to the
 * FPU, and the saved image in the frame is sanitised rather than trusted.
 *
 * The x87 registers, control word, status word (with a sticky exception
 * flag) and tag word must survive a handler that reinitialises the FPU.
 * tests/run.py runs this program a second time on a CPU without FXSR
 * (QEMU -cpu pentium2,-fxsr), where the kernel saves the fnsave layout,
 * which has no MXCSR: nothing in it may be masked as if it were one.
 * With SSE, MXCSR survives too, and a frame whose MXCSR has reserved bits
 * set (which fxrstor would refuse) is a bad frame: the process dies of
 * SIGSEGV, as on Linux.
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <ucontext.h>

struct user_desc {
	unsigned int entry_number, base_addr, limit;
	unsigned int seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
		seg_not_present : 1, useable : 1;
};

struct fpenv {	/* fnstenv, 32-bit protected mode */
	uint32_t cw, sw, tw, fip, fcs, fdp, fds;
};

static volatile int handled;

/* Does the CPU have SSE (and so MXCSR)? */
static int has_sse(void)
{
	uint32_t a = 1, b, c, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	return (d >> 25) & 1;
}

static float tls_value = 2.5f;

static void handler(int sig)
{
	(void)sig;
	handled++;
	/* trash everything: a fresh FPU with other values and control word */
	__asm__ volatile("fninit\n\tfldz\n\tfld1\n\tfldpi" ::: "memory");
	uint16_t cw = 0x0c7f;	/* round toward zero, all exceptions masked */
	__asm__ volatile("fldcw %0" : : "m"(cw));
	if (has_sse()) {
		uint32_t mx = 0x7f80 | 0x6000;
		__asm__ volatile("ldmxcsr %0" : : "m"(mx));
	}
}

static void handler_info(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	handler(sig);
}

/* The FPU image a handler's frame points to: sc.fpstate, in the plain
 * frame right after sig on the stack; uc_mcontext.fpregs in the rt one. */
static uint8_t *frame_fpu;

/* Sets reserved MXCSR bits in the frame's FPU image. The fxsave image
 * follows a 112-byte legacy header on Linux; Mica's frame holds the
 * fxsave image itself: set the bits at both places. */
static void poison(uint8_t *fp)
{
	handled++;
	if (fp) {
		*(uint32_t *)(fp + 24) |= 0xffff0000u;
		*(uint32_t *)(fp + 112 + 24) |= 0xffff0000u;
	}
}

static void poison_rt(int sig, siginfo_t *si, void *ucp)
{
	ucontext_t *uc = ucp;
	(void)sig;
	(void)si;
	poison((uint8_t *)uc->uc_mcontext.fpregs);
}

/* sigcontext.fpstate: word 19 of the sigcontext that follows sig. */
static void poison_plain(int sig)
{
	uint32_t *sc = (uint32_t *)__builtin_frame_address(0) + 3;
	(void)sig;
	frame_fpu = (uint8_t *)(uintptr_t)sc[19];
	poison(frame_fpu);
}

/* Child: raise a signal whose handler poisons its frame's MXCSR. */
static void poison_child(long rt)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	if (rt) {
		sa.sa_sigaction = poison_rt;
		sa.sa_flags = SA_SIGINFO;
	} else {
		sa.sa_handler = poison_plain;
	}
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	_exit(0);
}

static void install(int info, void (*h)(int), void (*hi)(int, siginfo_t *, void *))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	if (info) {
		sa.sa_sigaction = hi;
		sa.sa_flags = SA_SIGINFO;
	} else {
		sa.sa_handler = h;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

int main(void)
{
	static const char *const kind[] = {"sigreturn", "rt_sigreturn"};
	struct user_desc u;

	plan(2 * 6 + 2);
	/* a TLS segment holding 2.5, loaded through %fs */
	unsigned int gs;
	__asm__ volatile("movl %%gs, %0" : "=r"(gs));
	memset(&u, 0, sizeof(u));
	u.entry_number = (gs >> 3) + 2;
	u.base_addr = (unsigned int)(uintptr_t)&tls_value;
	u.limit = 0xfffff;
	u.seg_32bit = 1;
	u.limit_in_pages = 1;
	unsigned int sel = (u.entry_number << 3) | 3;
	if (sys1(SYS_set_thread_area, &u) != 0)
		diag("set_thread_area failed");

	for (int rt = 0; rt <= 1; rt++) {
		struct fpenv before, after;
		double top = 0, next = 0;
		uint16_t cw = 0x037f & ~0x0300, cw_after = 0;	/* single precision */
		uint32_t mx = 0x1f80 | 0x2000, mx_after = 0;	/* round down */

		install(rt, handler, handler_info);
		handled = 0;
		__asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
		if (has_sse())
			__asm__ volatile("ldmxcsr %0" : : "m"(mx));
		/* 1/3 sets the sticky precision flag; then 1.0 and 2.5 (via %fs) */
		__asm__ volatile("movl %1, %%fs\n\t"
				 "fld1\n\t"
				 "fld1\n\t"
				 "fadd %%st(0), %%st(0)\n\t"
				 "fadd %%st(1), %%st(0)\n\t"
				 "fdivr %%st(1), %%st(0)\n\t"
				 "fstp %%st(0)\n\t"
				 "flds %%fs:0\n\t"
				 "fnstenv %0\n\t"
				 "fldcw %2"
				 : "=m"(before)
				 : "r"(sel), "m"(cw)
				 : "memory");
		raise(SIGUSR1);
		__asm__ volatile("fnstenv %0\n\tfldcw %1" : "=m"(after) : "m"(cw) : "memory");
		__asm__ volatile("fnstcw %0" : "=m"(cw_after));
		__asm__ volatile("fstpl %0\n\tfstpl %1" : "=m"(top), "=m"(next));
		if (has_sse())
			__asm__ volatile("stmxcsr %0" : "=m"(mx_after));
		else
			mx_after = mx;
		__asm__ volatile("movl %0, %%fs" : : "r"(0));
		is(handled, 1, "%s: the handler ran", kind[rt]);
		ok(top == 2.5 && next == 1.0, "%s: the x87 stack is back", kind[rt]);
		is((long)(after.cw & 0xffff), (long)(before.cw & 0xffff), "%s: the control word is back",
		   kind[rt]);
		ok((before.sw & 0x20) && (after.sw & 0xffff) == (before.sw & 0xffff),
		   "%s: the status word, with its sticky precision flag, is back", kind[rt]);
		is((long)(after.tw & 0xffff), (long)(before.tw & 0xffff), "%s: the tag word is back",
		   kind[rt]);
		is((long)mx_after, (long)mx, "%s: MXCSR is back", kind[rt]);
	}

	if (has_sse()) {
		is_signal(run_child(poison_child, 0), SIGSEGV,
			  "reserved MXCSR bits in the frame: sigreturn kills with SIGSEGV");
		is_signal(run_child(poison_child, 1), SIGSEGV,
			  "reserved MXCSR bits in the frame: rt_sigreturn kills with SIGSEGV");
	} else {
		tap_count++;
		tap_print("ok %d - reserved MXCSR bits in the frame # SKIP no SSE: no MXCSR\n", tap_count);
		tap_count++;
		tap_print("ok %d - reserved MXCSR bits in the frame (rt) # SKIP no SSE: no MXCSR\n",
			  tap_count);
	}
	return done();
}
