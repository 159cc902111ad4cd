/*
 * trap(): where every interrupt, exception and system call lands, with a
 * complete struct trapframe (arch/x86/trapasm.S).
 *
 * CPU exceptions raised in user mode kill the process as the matching
 * signal would (see the table below). In kernel mode, a fault on an
 * instruction listed in the exception table resumes at its fixup; any
 * other is an oops. Page faults go to page_fault() (arch/x86/fault.c),
 * which follows the same rule after trying to resolve the fault.
 * A faulting iret to user mode comes back as T_IRET_FAULT with the
 * process's own frame rebuilt (arch/x86/trapasm.S) and is a user #GP.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <kernel/random.h>
#include <kernel/atomic_context.h>
#include <asm/arch.h>
#include <asm/mce.h>
#include <asm/trapframe.h>
#include <asm/traps.h>
#include <asm/vdso.h>
#include <asm/x86.h>

#define FPE_INTDIV 1 /* si_code values, as Linux */
#define ILL_ILLOPN 2
#define BUS_ADRALN 1

/*
 * What each user-mode exception sends, as Linux does: the signal, the
 * si_code (0: SI_KERNEL, with si_addr 0), and whether si_addr is the
 * faulting instruction. Page faults are arch/x86/fault.c's.
 */
static const struct {
	uint8_t sig, code;
	bool at_ip;
} exception_signal[T_NEXCEPTIONS] = {
	[T_DIVIDE] = { SIGFPE, FPE_INTDIV, true },
	[T_DEBUG] = { SIGTRAP, 0, false },
	[T_BRKPT] = { SIGTRAP, 0, false },
	[T_OFLOW] = { SIGSEGV, 0, false },
	[T_BOUND] = { SIGSEGV, 0, false },
	[T_ILLOP] = { SIGILL, ILL_ILLOPN, true },
	[T_DEVICE] = { SIGSEGV, 0, false },
	[T_COPROC] = { SIGFPE, 0, false },
	[T_TS] = { SIGSEGV, 0, false },
	[T_NP] = { SIGBUS, 0, false },
	[T_STACK] = { SIGBUS, 0, false },
	[T_GP] = { SIGSEGV, 0, false },
	[T_FPERR] = { SIGFPE, 0, true },
	[T_ALIGN] = { SIGBUS, BUS_ADRALN, false },
	[T_SIMDERR] = { SIGFPE, 0, true },
};

/* The exception names of the oops report, by vector. */
static const char *const exception_names[T_NEXCEPTIONS] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor segment overrun",
	"invalid TSS",
	"segment not present",
	"stack-segment fault",
	"general protection fault",
	"page fault",
	"reserved",
	"x87 floating-point error",
	"alignment check",
	"machine check",
	"SIMD floating-point error",
	"virtualization",
	"control protection",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"security",
	"reserved",
};

/* A CPU exception other than a page fault: in user mode, the signal the
 * table above names for the current process; in kernel mode, the fixup
 * of the faulting instruction, or an oops if it has none. */
static void exception(struct trapframe *tf)
{
	if (tf_from_user(tf) && current) {
		int sig = exception_signal[tf->trapno].sig;
		int code = exception_signal[tf->trapno].code;
		force_signal(current, sig ? sig : SIGSEGV, code ? code : SI_KERNEL,
			     exception_signal[tf->trapno].at_ip ? tf->eip : 0);
		return;
	}
	if (tf->trapno == T_DEBUG && sysenter_debug_trap(tf))
		return; /* single-stepped into sysenter (arch/x86/sysenter.c) */
	if (fixup_exception(tf, EX_CAUSE_OTHER))
		return;
	oops(tf, exception_names[tf->trapno]);
}

/* A hardware interrupt: drop a spurious one, acknowledge the PIC, then run
 * the driver of its line (the timer also preempts a user process). */
static void irq(struct trapframe *tf)
{
	int n = tf->trapno - IRQ0;

	if (pic_spurious(n))
		return;
	pic_eoi(n);
	irq_enter();
	add_interrupt_randomness(n, tf->eip);
	switch (n) {
	case IRQ_TIMER:
		jiffies++;
		timer_tick(tf_from_user(tf));
		break;
	case IRQ_KBD:
		kbd_irq();
		break;
	case IRQ_COM1:
		serial_irq();
		break;
	default:
		break;
	}
	irq_exit();
	if (n == IRQ_TIMER && tf_from_user(tf) && current)
		yield(); /* the process's slice is over: out of the handler first */
}

/* Take the timer tick that came while the kernel ran with interrupts off
 * (and any other pending interrupt) now, still in kernel mode, so that the
 * tick is charged as system time (kernel/acct.c). Returns true if a tick
 * came. */
static bool kernel_tick_window(void)
{
	uint64_t before = jiffies;

	irq_window();
	return jiffies != before;
}

/* The way back to user mode from tf, a trap of the current process: a
 * tick that came meanwhile preempts it, then its pending signals are
 * acted on (handler frames, restarts, stops, deaths). */
static inline __attribute__((always_inline)) void return_to_user(struct trapframe *tf)
{
	if (tf->trapno != IRQ0 + IRQ_TIMER && kernel_tick_window())
		yield(); /* the tick preempts, as it would have in user mode */
	check_signals(tf);
	/* a restart decision is for this return to user mode only */
	current->syscall_restart = current->syscall_restart_nohand = false;
}

/* The C entry of every trap (trapasm.S): dispatch on the vector, then, on
 * the way back to user mode, deliver pending signals. Returns to trapret. */
void trap(struct trapframe *tf)
{
	if (tf->trapno == T_IRET_FAULT) {
		/* the return to user mode could not load cs or ss (trapasm.S):
		 * a general-protection fault of the process, as on Linux */
		tf->trapno = T_GP;
		if (!tf_from_user(tf))
			oops(tf, "iret to kernel mode faulted");
		exception(tf);
	} else if (tf->trapno == T_SYSCALL)
		syscall_dispatch(tf);
	else if (tf->trapno == T_PAGE_FAULT)
		page_fault(tf);
	else if (tf->trapno == T_MCHK)
		do_machine_check(tf); /* arch/x86/mce.c */
	else if (tf->trapno < T_NEXCEPTIONS)
		exception(tf);
	else if (tf->trapno < IRQ0 + NIRQS)
		irq(tf);
	if (tf_from_user(tf) && current)
		return_to_user(tf);
}

/* trap()'s way back to user mode, for the sysenter entry. */
void trap_return_to_user(struct trapframe *tf)
{
	return_to_user(tf);
}
