/*
 * The double-fault task. A double fault means the CPU could not deliver
 * a fault: most often the stack it had to push the frame on was unusable
 * (a kernel stack overflow into its guard page, an esp pointing at
 * nothing). Vector 8 is a task gate (arch/x86/idt.c), so the CPU saves
 * the faulting state into the main TSS and starts this task on its own
 * stack and TSS, where it can print an oops instead of the triple fault
 * and reset that a second failed push would cause.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/kstack.h>
#include <asm/arch.h>
#include <asm/tss.h>
#include <asm/trapframe.h>
#include <asm/mmu.h>

/* Returns whether the kernel address a is mapped in kpgdir. */
static bool kernel_mapped(uint32_t a)
{
	pde_t pde = kpgdir[PDX(a)];

	return (pde & PTE_P) && ((pde & PTE_PS) || vm_lookup(kpgdir, a, NULL));
}

/* Write into buf (n bytes) what made the fault undeliverable, in words,
 * judged from the stack pointer esp. */
static void describe(uint32_t esp, char *buf, size_t n)
{
	int slot = kstack_guard_slot(esp);

	if (slot == KSTACK_BOOT) {
		snprintf(buf, n,
			 "kernel stack overflow: ESP %08x is in the guard page below the "
			 "boot stack",
			 esp);
	} else if (slot >= 0) {
		snprintf(buf, n,
			 "kernel stack overflow: ESP %08x is in the guard page below the "
			 "kernel stack of pid %d (%s)",
			 esp, proc_table[slot].pid, proc_table[slot].name);
	} else if (!kernel_mapped(esp - 4)) {
		snprintf(buf, n, "a fault while delivering a fault: ESP %08x is not mapped", esp);
	} else {
		snprintf(buf, n, "a fault while delivering a fault (ESP %08x)", esp);
	}
}

/* The double-fault task's entry: rebuild a trapframe from the state the
 * CPU saved in the main TSS and print the oops. Does not return. */
void double_fault_task(void)
{
	struct trapframe tf = {
		.edi = tss.edi,
		.esi = tss.esi,
		.ebp = tss.ebp,
		.ebx = tss.ebx,
		.edx = tss.edx,
		.ecx = tss.ecx,
		.eax = tss.eax,
		.gs = tss.gs,
		.fs = tss.fs,
		.es = tss.es,
		.ds = tss.ds,
		.trapno = T_DOUBLE_FAULT,
		.err = 0,
		.eip = tss.eip,
		.cs = tss.cs,
		.eflags = tss.eflags,
	};
	char why[160];

	describe(tss.esp, why, sizeof(why));
	oops_double_fault(&tf, tss.esp, why);
}
