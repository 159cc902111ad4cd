/*
 * The sysenter entry of system calls (docs/abi.md, "The system call
 * entry"). The vDSO's __kernel_vsyscall pushes ecx, edx and ebp, puts esp
 * in ebp and executes sysenter; the CPU comes here at CPL 0 with
 * interrupts off, cs and ss from MSR_IA32_SYSENTER_CS and esp from
 * MSR_IA32_SYSENTER_ESP (sysenter_stack: used only until the first
 * instruction has loaded the process's own kernel stack from the TSS).
 * Nothing of the user's eip or esp is saved by the CPU: we build the same
 * struct trapframe int $0x80 builds, with the user's esp from ebp and
 * the eip filled in by sysenter_syscall (the vDSO's landing pad).
 *
 * Back to user mode: sysexit when sysenter_syscall says the frame allows
 * it (eip still the landing pad, the usual cs/ss, no TF: sysexit restores
 * only eip from edx and esp from ecx, and the landing pad pops ecx, edx
 * and ebp itself), else trapret's iret, which restores every register
 * (a signal handler, sigreturn, execve, a restarted call at the vDSO's
 * int $0x80).
 */
#include <asm/asm.h>
#include <asm/mmu.h>
#include <asm/traps.h>
#include <asm/entry.h>

#define TSS_ESP0 4	/* offsetof(struct tss, esp0) */
#define FL_IF_BIT 9

	.text
	.globl sysenter_entry
sysenter_entry:
	movl tss + TSS_ESP0, %esp
	pushl $SEG_UDATA		/* ss */
	pushl %ebp			/* esp: the vDSO put it in ebp */
	pushfl
	orl $FL_IF, (%esp)		/* user mode runs with interrupts on */
	pushl $FL_1			/* and the kernel with every flag clear: */
	popfl				/* no AC (SMAP), NT, DF or TF from user mode */
	pushl $SEG_UCODE		/* cs */
	pushl $0			/* eip: sysenter_syscall sets it */
	pushl $0			/* err */
	pushl $T_SYSCALL
	save_regs
	pushl %esp
	call sysenter_syscall
	addl $4, %esp
	testl %eax, %eax
	jz trapret
	restore_regs
	addl $8, %esp			/* trapno and err */
	movl (%esp), %edx		/* sysexit's eip */
	movl 12(%esp), %ecx		/* and esp */
	addl $8, %esp			/* eip and cs: eflags on top */
	btrl $FL_IF_BIT, (%esp)
	popfl
	sti				/* takes effect after sysexit */
	sysexit
