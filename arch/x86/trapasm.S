/*
 * Common trap entry and exit. Each vector stub (build/gen/vectors.S) has
 * pushed an error code and the vector number; we push the segment
 * registers and the general registers to complete a struct trapframe,
 * switch to the kernel data segments and call trap(tf).
 * trapret pops it all again and irets; a new process starts there too.
 */
#include <asm/mmu.h>

	.text
	.globl alltraps
alltraps:
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	movw $SEG_KDATA, %ax
	movw %ax, %ds
	movw %ax, %es
	xorw %ax, %ax
	movw %ax, %fs
	cld
	pushl %esp
	call trap
	addl $4, %esp

	.globl trapret
trapret:
	popal
1:	popl %gs
2:	popl %fs
3:	popl %es
4:	popl %ds
	addl $8, %esp		/* trapno and err */
	iret

/*
 * A user segment register can become impossible to reload: set_thread_area
 * may have emptied the TLS descriptor it selects. The pop then faults in
 * kernel mode; instead of an oops, the fixup puts a safe selector in the
 * saved slot (0 for %gs/%fs, the user data segment for %ds/%es), as
 * Linux does, and retries the pop. The process sees the register reset.
 */
	.section .fixup, "ax"
5:	movl $0, (%esp)
	jmp 1b
6:	movl $0, (%esp)
	jmp 2b
7:	movl $SEG_UDATA, (%esp)
	jmp 3b
8:	movl $SEG_UDATA, (%esp)
	jmp 4b
	.previous
	.pushsection __ex_table, "a"
	.balign 4
	.long 1b, 5b
	.long 2b, 6b
	.long 3b, 7b
	.long 4b, 8b
	.popsection
