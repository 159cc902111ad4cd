/*
 * void swtch(struct context **old, struct context *new);
 * Save the callee-saved registers and EFLAGS on the current stack, store
 * the stack pointer in *old, switch to new's stack and pop its registers
 * and EFLAGS. The return address on new's stack says where it resumes.
 * EFLAGS goes with the context so that EFLAGS.AC (the SMAP window,
 * asm/smap.h) never passes from one process to another.
 */
	.text
	.globl swtch
swtch:
	movl 4(%esp), %eax
	movl 8(%esp), %edx
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	pushfl
	movl %esp, (%eax)
	movl %edx, %esp
	popfl
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
