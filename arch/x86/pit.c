/* The 8253/8254 timer: channel 0 at HZ interrupts a second, on IRQ 0. */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

#define PIT_HZ 1193182	     /* the PIT's input clock */
#define PIT_CH0 0x40	     /* channel 0 data port */
#define PIT_MODE 0x43	     /* mode/command register */
#define PIT_SEL_CH0 0x00     /* mode byte: channel 0 */
#define PIT_ACCESS_LOHI 0x30 /* mode byte: low byte, then high byte */
#define PIT_MODE_RATE 0x04   /* mode byte: mode 2, rate generator */

volatile uint64_t jiffies;

/* Program PIT channel 0 to interrupt HZ times a second and unmask IRQ 0. */
void pit_init(void)
{
	uint16_t div = PIT_HZ / HZ;

	outb(PIT_MODE, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE);
	outb(PIT_CH0, div & 0xFF);
	outb(PIT_CH0, div >> 8);
	pic_unmask(IRQ_TIMER);
}
