/*
 * Power-off. Under QEMU with "-device isa-debug-exit,iobase=0xf4" a write
 * of v to port 0xf4 exits QEMU with status (v << 1) | 1; the exact status
 * is also printed on the log line "mica: power off, status N" for tools
 * that need all 8 bits. Without that device we fall through to a halt.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>

#define DEBUG_EXIT_PORT 0xf4	   /* QEMU's isa-debug-exit */
#define DEBUG_EXIT_MASK 0x7f	   /* the status bits QEMU keeps */
#define ACPI_PM1A_CNT_QEMU 0x604   /* PIIX4 PM1a control, as QEMU places it */
#define ACPI_PM1A_CNT_BOCHS 0xB004 /* the same on Bochs and old QEMU */
#define ACPI_SLP_EN_S5 0x2000	   /* SLP_EN with sleep type S5: soft off */

/* Log status, then leave QEMU with it through isa-debug-exit (or ACPI
 * shutdown); halts forever where neither exists. Does not return. */
void power_off(int status)
{
	printk("mica: power off, status %d\n", status);
	cli();
	outl(DEBUG_EXIT_PORT, (uint32_t)status & DEBUG_EXIT_MASK);
	/* ACPI shutdown for QEMU's PIIX4 and for Bochs, in case. */
	outw(ACPI_PM1A_CNT_QEMU, ACPI_SLP_EN_S5);
	outw(ACPI_PM1A_CNT_BOCHS, ACPI_SLP_EN_S5);
	for (;;)
		hlt();
}
