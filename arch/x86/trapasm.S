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
	popl %gs
	popl %fs
	popl %es
	popl %ds
	addl $8, %esp		/* trapno and err */
	iret
