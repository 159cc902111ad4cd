/*
 * The interrupt descriptor table: 256 interrupt gates pointing at the
 * generated stubs (build/gen/vectors.S). Interrupt gates clear IF, so the
 * kernel runs with interrupts off; they come back on when we return to
 * user mode or idle. Only int $0x80 (system calls), int3 and into may be
 * raised from user mode (DPL 3).
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
	lidt(&desc);
}
