/*
 * The 32-bit task-state segment. The kernel has two: the main TSS, which
 * only supplies esp0/ss0 (the kernel stack for traps from user mode), and
 * the double-fault TSS, a complete task that vector 8's task gate switches
 * to. On that switch the CPU saves the faulting state into the main TSS,
 * which is how the double-fault report finds the registers.
 */
#ifndef ASM_TSS_H
#define ASM_TSS_H

#include <stdint.h>

struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));

/* gdt.c: the main TSS, as the CPU left it when it switched to the
 * double-fault task. */
extern struct tss tss;

/* doublefault.c: the double-fault task's entry point. */
void double_fault_task(void) __attribute__((noreturn));

#endif
