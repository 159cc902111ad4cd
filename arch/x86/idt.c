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

extern uint32_t vectors[NVECTORS];
static uint64_t idt[NVECTORS] __aligned(8);

/* Returns a 32-bit interrupt gate to code selector sel, offset off, that
 * code at privilege dpl may raise with int. */
static uint64_t gate(uint32_t off, uint16_t sel, int dpl)
{
	uint64_t g = 0;

	g |= off & 0xFFFF;
	g |= (uint64_t)sel << 16;
	g |= (uint64_t)(SEG_A_P | SEG_A_DPL(dpl) | STS_IG32) << 40;
	g |= (uint64_t)(off >> 16) << 48;
	return g;
}

/* Returns a task gate: entering it switches to the task of TSS selector sel. */
static uint64_t task_gate(uint16_t sel)
{
	return (uint64_t)sel << 16 | (uint64_t)(SEG_A_P | SEG_A_DPL(DPL_KERNEL) | STS_TG) << 40;
}

/* Point every vector at its stub (the user-raisable ones with DPL 3, the
 * double fault at its task) and load the IDT. */
void idt_init(void)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __packed desc = { sizeof(idt) - 1, (uint32_t)idt };

	for (int i = 0; i < NVECTORS; i++)
		idt[i] = gate(vectors[i], SEG_KCODE, DPL_KERNEL);
	idt[T_SYSCALL] = gate(vectors[T_SYSCALL], SEG_KCODE, DPL_USER);
	idt[T_BRKPT] = gate(vectors[T_BRKPT], SEG_KCODE, DPL_USER);
	idt[T_OFLOW] = gate(vectors[T_OFLOW], SEG_KCODE, DPL_USER);
	idt[T_DOUBLE_FAULT] = task_gate(SEG_DFTSS);
	lidt(&desc);
}
