/*
 * The interrupt descriptor table: 256 interrupt gates pointing at the
 * generated stubs (build/gen/vectors.S). Interrupt gates clear IF, so the
 * kernel runs with interrupts off; they come back on when we return to
 * user mode or idle. Only int $0x80 (system calls), int3 and into may be
 * raised from user mode (DPL 3).
 *
 * Vector 8, the double fault, is a task gate instead: the CPU switches to
 * a separate task with its own TSS and stack (arch/x86/doublefault.c), so
 * a fault that cannot be delivered on the current stack (a kernel stack
 * overflow into its guard page, say) still ends in an oops report rather
 * than a triple fault and a silent reset.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/mmu.h>
#include <asm/arch.h>

extern uint32_t vectors[256];
static uint64_t idt[256] __aligned(8);

static uint64_t gate(uint32_t off, uint16_t sel, int dpl)
{
	uint64_t g = 0;

	g |= off & 0xFFFF;
	g |= (uint64_t)sel << 16;
	g |= (uint64_t)(0x8E | (dpl << 5)) << 40;	/* P, 32-bit interrupt gate */
	g |= (uint64_t)(off >> 16) << 48;
	return g;
}

/* A task gate: entering it switches to the task of TSS selector sel. */
static uint64_t task_gate(uint16_t sel)
{
	return (uint64_t)sel << 16 | (uint64_t)0x85 << 40;	/* P, DPL0, task gate */
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __packed desc = { sizeof(idt) - 1, (uint32_t)idt };

	for (int i = 0; i < 256; i++)
		idt[i] = gate(vectors[i], SEG_KCODE, 0);
	idt[T_SYSCALL] = gate(vectors[T_SYSCALL], SEG_KCODE, 3);
	idt[3] = gate(vectors[3], SEG_KCODE, 3);	/* int3 */
	idt[4] = gate(vectors[4], SEG_KCODE, 3);	/* into */
	idt[T_DOUBLE_FAULT] = task_gate(SEG_DFTSS);
	lidt(&desc);
}
