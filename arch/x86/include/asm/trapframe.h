/*
 * The trap frame: what alltraps (trapasm.S) leaves on the kernel stack for
 * every interrupt, exception and system call. Lowest address first.
 * esp and ss are only pushed by the CPU when the trap came from user mode.
 */
#ifndef ASM_TRAPFRAME_H
#define ASM_TRAPFRAME_H

#include <stdint.h>
#include <asm/mmu.h>

struct trapframe {
	/* pushed by pushal */
	uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax;
	/* pushed by alltraps */
	uint32_t gs, fs, es, ds;
	/* pushed by the vector stub */
	uint32_t trapno, err;
	/* pushed by the CPU */
	uint32_t eip, cs, eflags;
	uint32_t esp, ss; /* only when coming from user mode */
};

/* Returns whether the trap came from user mode (cs has RPL 3). */
static inline int tf_from_user(const struct trapframe *tf)
{
	return (tf->cs & SEL_RPL) == DPL_USER;
}

/* The stack pointer at the time of the trap (kernel traps push no esp). */
static inline uint32_t tf_sp(const struct trapframe *tf)
{
	return tf_from_user(tf) ? tf->esp : (uint32_t)&tf->esp;
}

#endif
