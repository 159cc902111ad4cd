/*
 * The vDSO's code (arch/x86/vdso.c maps it into every process): the three
 * entry points Linux i386 exports at version LINUX_2.5, position
 * independent, since the image goes wherever exec finds room.
 *
 * __kernel_vsyscall makes the system call in eax with the arguments in
 * ebx, ecx, edx, esi, edi and ebp, as int $0x80 would, and preserves
 * every register but eax. It saves ecx, edx and ebp on the stack, puts
 * esp in ebp and enters with sysenter (arch/x86/entry_sysenter.S), which
 * reads the sixth argument back from the stack; the kernel returns to
 * int80_landing_pad, by sysexit or by iret. The int $0x80 in between is
 * for two things: a restarted call (the kernel moves eip back by its two
 * bytes, and iret restores every argument register for it), and a CPU
 * without sysenter, where vdso_init patches "movl %esp, %ebp; sysenter"
 * into a jump to it.
 *
 * __kernel_sigreturn and __kernel_rt_sigreturn are where a signal handler
 * installed without SA_RESTORER returns to (arch/x86/signal.c).
 */
#define NR_SIGRETURN 119
#define NR_RT_SIGRETURN 173

	.text
	.globl __kernel_vsyscall
	.type __kernel_vsyscall, @function
	.balign 16
__kernel_vsyscall:
	.cfi_startproc
	pushl %ecx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset ecx, 0
	pushl %edx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset edx, 0
	pushl %ebp
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset ebp, 0
	.globl sysenter_seq		/* local in the image: the version script */
sysenter_seq:
	movl %esp, %ebp
	sysenter
	int $0x80
	.globl int80_landing_pad
int80_landing_pad:
	popl %ebp
	.cfi_adjust_cfa_offset -4
	.cfi_restore ebp
	popl %edx
	.cfi_adjust_cfa_offset -4
	.cfi_restore edx
	popl %ecx
	.cfi_adjust_cfa_offset -4
	.cfi_restore ecx
	ret
	.cfi_endproc
	.size __kernel_vsyscall, . - __kernel_vsyscall

	.globl __kernel_sigreturn
	.type __kernel_sigreturn, @function
	.balign 16
__kernel_sigreturn:
	popl %eax			/* the signal number, as Linux's */
	movl $NR_SIGRETURN, %eax
	int $0x80
	.size __kernel_sigreturn, . - __kernel_sigreturn

	.globl __kernel_rt_sigreturn
	.type __kernel_rt_sigreturn, @function
	.balign 16
__kernel_rt_sigreturn:
	movl $NR_RT_SIGRETURN, %eax
	int $0x80
	.size __kernel_rt_sigreturn, . - __kernel_rt_sigreturn

	.section .note.GNU-stack, "", @progbits
