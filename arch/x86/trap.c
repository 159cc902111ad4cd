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
#include <asm/arch.h>
#include <asm/trapframe.h>
#include <asm/x86.h>

#define FPE_INTDIV 1	/* si_code values, as Linux */
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
} exception_signal[32] = {
	[0] = { SIGFPE, FPE_INTDIV, true },	/* divide error */
	[1] = { SIGTRAP, 0, false },		/* debug */
	[3] = { SIGTRAP, 0, false },		/* int3 */
	[4] = { SIGSEGV, 0, false },		/* into */
	[5] = { SIGSEGV, 0, false },		/* bound */
	[6] = { SIGILL, ILL_ILLOPN, true },	/* invalid opcode */
	[7] = { SIGSEGV, 0, false },		/* device not available */
	[9] = { SIGFPE, 0, false },		/* coprocessor segment overrun */
	[10] = { SIGSEGV, 0, false },		/* invalid TSS */
	[11] = { SIGBUS, 0, false },		/* segment not present */
	[12] = { SIGBUS, 0, false },		/* stack segment */
	[13] = { SIGSEGV, 0, false },		/* general protection */
	[16] = { SIGFPE, 0, true },		/* x87 error */
	[17] = { SIGBUS, BUS_ADRALN, false },	/* alignment check */
	[19] = { SIGFPE, 0, true },		/* SIMD floating point */
};

const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack-segment fault", "general protection fault", "page fault",
	"reserved", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization",
	"control protection", "reserved", "reserved", "reserved", "reserved",
	"reserved", "reserved", "reserved", "reserved", "security", "reserved",
};

static void exception(struct trapframe *tf)
{
	if (tf_from_user(tf) && current) {
		int sig = exception_signal[tf->trapno].sig;
		int code = exception_signal[tf->trapno].code;
		force_signal(current, sig ? sig : SIGSEGV, code ? code : SI_KERNEL,
			     exception_signal[tf->trapno].at_ip ? tf->eip : 0);
		return;
	}
	if (fixup_exception(tf))
		return;
	oops(tf, exception_names[tf->trapno]);
}

static void irq(struct trapframe *tf)
{
	int n = tf->trapno - IRQ0;

	if (n == 7 || n == 15) {	/* spurious? check the in-service bit */
		uint16_t port = n == 7 ? 0x20 : 0xA0;
		outb(port, 0x0B);
		if (!(inb(port) & 0x80)) {
			if (n == 15)
				pic_eoi(0);
			return;
		}
	}
	pic_eoi(n);
	switch (n) {
	case 0:
		jiffies++;
		timer_tick();
		if (tf_from_user(tf) && current)
			yield();
		break;
	case 1:
		kbd_irq();
		break;
	case 4:
		serial_irq();
		break;
	default:
		break;
	}
}

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
	else if (tf->trapno < 32)
		exception(tf);
	else if (tf->trapno < IRQ0 + 16)
		irq(tf);
	if (tf_from_user(tf) && current) {
		check_signals(tf);
		/* a restart decision is for this return to user mode only */
		current->syscall_restart = false;
	}
}
