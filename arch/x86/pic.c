/*
 * The two 8259A interrupt controllers, remapped so IRQ 0-15 arrive on
 * vectors 32-47 (the CPU reserves 0-31 for exceptions). All lines start
 * masked; drivers unmask the ones they use.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

#define PIC1 0x20
#define PIC2 0xA0

static uint16_t mask = 0xFFFF & ~(1 << 2);	/* cascade line open */

/* Load the cached IRQ mask into both PICs' mask registers. */
static void write_mask(void)
{
	outb(PIC1 + 1, mask & 0xFF);
	outb(PIC2 + 1, mask >> 8);
}

/* Remap the two 8259s to vectors IRQ0..IRQ0+15 and mask every line but
 * the cascade. */
void pic_init(void)
{
	outb(PIC1, 0x11);	/* ICW1: init, ICW4 follows */
	outb(PIC2, 0x11);
	outb(PIC1 + 1, IRQ0);	/* ICW2: vector base */
	outb(PIC2 + 1, IRQ0 + 8);
	outb(PIC1 + 1, 1 << 2);	/* ICW3: slave on IRQ 2 */
	outb(PIC2 + 1, 2);
	outb(PIC1 + 1, 0x01);	/* ICW4: 8086 mode */
	outb(PIC2 + 1, 0x01);
	write_mask();
}

/* Let IRQ line irq through. */
void pic_unmask(int irq)
{
	mask &= ~(1 << irq);
	write_mask();
}

/* Acknowledge IRQ irq: end of interrupt to the slave (if irq >= 8) and
 * the master. */
void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2, 0x20);
	outb(PIC1, 0x20);
}
