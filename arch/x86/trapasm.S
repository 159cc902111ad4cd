/*
 * Common trap entry and exit. Each vector stub (build/gen/vectors.S) has
 * pushed an error code and the vector number; we push the segment
 * registers and the general registers to complete a struct trapframe,
 * switch to the kernel's segments and call trap(tf). trapret pops it all
 * again and irets; a new process starts there too.
 *
 * The kernel runs with %ds = %es = kernel data and %fs = %gs = the null
 * selector, whatever user mode had loaded. So the user's %fs and %gs
 * live only in its own trapframe, on its own kernel stack: a process's
 * state never depends on another's segment registers, and the GDT's TLS
 * slots can be rewritten (a context switch, set_thread_area, execve)
 * while the kernel runs without touching a live segment register. A
 * kernel-mode trap saves and restores the kernel's own values, which
 * always load. Only the return to user mode loads user selectors, and
 * each of those loads has a fixup below.
 *
 * The first instruction is clac: the CPU does not clear EFLAGS.AC on a
 * trap, so a handler would otherwise run with the SMAP window of what it
 * interrupted open (a uaccess routine's, or user mode's own AC flag). The
 * trapframe keeps the interrupted EFLAGS, and iret gives AC back.
 */
#include <asm/asm.h>
#include <asm/mmu.h>
#include <asm/traps.h>
#include <asm/smap.h>
#include <asm/entry.h>

	.text
	.globl alltraps
alltraps:
	ASM_CLAC
	save_regs
	cld
	pushl %esp
	call trap
	addl $4, %esp

	.globl trapret
trapret:
	restore_regs
	addl $8, %esp		/* trapno and err */
/*
 * The iret itself faults when sigreturn restored a cs or ss that user
 * mode may not have. Then the user registers are all loaded again except
 * those five words, which are still on the stack where the trapframe
 * ends: the fixup pushes an error code and T_IRET_FAULT and goes through
 * alltraps, which rebuilds the process's trapframe in place, and trap()
 * sends SIGSEGV as for a #GP in user mode. The signal's frame, or the
 * process's death, replaces the bad cs and ss; nothing continues after
 * the iret, so there is no 2: here either.
 */
1:	iret
	.pushsection .fixup, "ax"
3:	pushl $0
	pushl $T_IRET_FAULT
	jmp alltraps
	.popsection
	_ASM_EXTABLE(1b, 3b)
