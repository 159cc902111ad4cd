/*
 * The two 8259A interrupt controllers, remapped so IRQ 0-15 arrive on
 * vectors 32-47 (the CPU reserves 0-31 for exceptions). All lines start
 * masked; drivers unmask the ones they use. The slave's output is wired
 * to the master's IRQ 2 (IRQ_CASCADE), so IRQ 8-15 need an end of
 * interrupt sent to both controllers.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

#define PIC1_CMD 0x20  /* master: command (ICW1, OCW2, OCW3) */
#define PIC1_DATA 0x21 /* master: data (ICW2-4, OCW1 = the mask) */
#define PIC2_CMD 0xA0  /* slave: command */
#define PIC2_DATA 0xA1 /* slave: data */

#define ICW1_ICW4 0x01			   /* ICW1: ICW4 follows */
#define ICW1_INIT 0x10			   /* ICW1: start initialisation */
#define ICW3_SLAVE_LINE (1 << IRQ_CASCADE) /* master ICW3: a slave on this line */
#define ICW3_SLAVE_ID IRQ_CASCADE	   /* slave ICW3: its cascade identity */
#define ICW4_8086 0x01			   /* ICW4: 8086/88 mode */
#define OCW2_EOI 0x20			   /* OCW2: non-specific end of interrupt */
#define OCW3_READ_ISR 0x0B		   /* OCW3: the next read of CMD returns the ISR */
#define PIC_SLAVE_BASE 8		   /* IRQ 8-15 are the slave's */
#define PIC_LINES 8			   /* lines per controller */

static uint16_t mask = 0xFFFF & ~(1 << IRQ_CASCADE); /* cascade line open */

/* Load the cached IRQ mask into both PICs' mask registers. */
static void write_mask(void)
{
	outb(PIC1_DATA, mask & 0xFF);
	outb(PIC2_DATA, mask >> 8);
}

/* Remap the two 8259s to vectors IRQ0..IRQ0+15 and mask every line but
 * the cascade. */
void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, IRQ0); /* ICW2: vector base */
	outb(PIC2_DATA, IRQ0 + PIC_SLAVE_BASE);
	outb(PIC1_DATA, ICW3_SLAVE_LINE);
	outb(PIC2_DATA, ICW3_SLAVE_ID);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
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
	if (irq >= PIC_SLAVE_BASE)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

/*
 * Is IRQ irq spurious? An 8259 reports a request that went away before it
 * was acknowledged as its lowest-priority line (7 on the master, 15 on the
 * slave) without setting that line's in-service bit. A spurious IRQ 15
 * still needs an end of interrupt to the master, which did see the cascade
 * line. Returns true if the interrupt is spurious and must be dropped.
 */
bool pic_spurious(int irq)
{
	uint16_t cmd;

	if (irq != IRQ_SPURIOUS_MASTER && irq != IRQ_SPURIOUS_SLAVE)
		return false;
	cmd = irq == IRQ_SPURIOUS_MASTER ? PIC1_CMD : PIC2_CMD;
	outb(cmd, OCW3_READ_ISR);
	if (inb(cmd) & (1 << (irq % PIC_LINES)))
		return false;
	if (irq == IRQ_SPURIOUS_SLAVE)
		outb(PIC1_CMD, OCW2_EOI); /* the master's EOI only */
	return true;
}
