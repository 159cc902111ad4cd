/* The 8253/8254 timer: channel 0 at HZ interrupts a second, on IRQ 0. */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

#define PIT_HZ 1193182

volatile uint64_t jiffies;

/* Program PIT channel 0 to interrupt HZ times a second and unmask IRQ 0. */
void pit_init(void)
{
	uint16_t div = PIT_HZ / HZ;

	outb(0x43, 0x34);	/* channel 0, lo/hi byte, rate generator */
	outb(0x40, div & 0xFF);
	outb(0x40, div >> 8);
	pic_unmask(0);
}
