/*
 * Power-off. Under QEMU with "-device isa-debug-exit,iobase=0xf4" a write
 * of v to port 0xf4 exits QEMU with status (v << 1) | 1; the exact status
 * is also printed on the log line "mica: power off, status N" for tools
 * that need all 8 bits. Without that device we fall through to a halt.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>

/* Log status, then leave QEMU with it through isa-debug-exit (or ACPI
 * shutdown); halts forever where neither exists. Does not return. */
void power_off(int status)
{
	printk("mica: power off, status %d\n", status);
	cli();
	outl(0xf4, (uint32_t)status & 0x7f);
	/* ACPI shutdown for QEMU's PIIX4 and for Bochs, in case. */
	outw(0x604, 0x2000);
	outw(0xB004, 0x2000);
	for (;;)
		hlt();
}
