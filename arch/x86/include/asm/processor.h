/*
 * The user register state a program starts with. execve (kernel/exec.c)
 * calls start_thread once the new image is in place; the return to user
 * mode (trapret) then loads it, as Linux's start_thread does on i386.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <kernel/kernel.h>
#include <asm/mmu.h>
#include <asm/trapframe.h>

/* Make tf start a fresh user program at eip with stack pointer esp: user
 * code and data segments, null %fs and %gs, zero general registers, and
 * only IF set in EFLAGS. */
static inline void start_thread(struct trapframe *tf, uint32_t eip, uint32_t esp)
{
	memset(tf, 0, sizeof(*tf));
	tf->cs = SEG_UCODE;
	tf->ds = tf->es = tf->ss = SEG_UDATA;
	tf->fs = tf->gs = SEG_NULL;
	tf->eflags = FL_IF | FL_1;
	tf->eip = eip;
	tf->esp = esp;
}

#endif
