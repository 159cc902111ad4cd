/*
 * 16550 UART driver for COM1 (the console) and COM2 (an optional separate
 * kernel log) and COM3 (run-elf's separate stderr). Output polls the transmit-holding-register; input on COM1
 * is interrupt driven (IRQ 4): each received byte goes to the console
 * driver (fs/console.c), which buffers it and wakes readers.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

static const uint16_t ports[4] = { 0, 0x3F8, 0x2F8, 0x3E8 };	/* COM1-3 */
#define COM1 0x3F8

static bool present[4];

/* Returns the I/O base of COMn; anything but 1-3 means COM1. */
static uint16_t port_of(int n)
{
	return ports[n >= 1 && n <= 3 ? n : 1];
}

/* Program the UART at 115200 8N1. Returns false if absent. */
static bool uart_init(uint16_t p)
{
	outb(p + 1, 0x00);	/* no interrupts yet */
	outb(p + 3, 0x80);	/* DLAB */
	outb(p + 0, 0x01);	/* divisor 1: 115200 baud */
	outb(p + 1, 0x00);
	outb(p + 3, 0x03);	/* 8N1 */
	/* The FIFO stays off: switching it on empties it, and would lose
	 * whatever was typed ahead before boot. One byte, one interrupt. */
	outb(p + 4, 0x0B);	/* DTR, RTS, OUT2 (IRQs reach the PIC) */
	return inb(p + 5) != 0xFF;
}

/* Probe and program COM1-COM3; absent ports are remembered and skipped. */
void serial_init(void)
{
	for (int n = 1; n <= 3; n++)
		present[n] = uart_init(ports[n]);
}

/* Where COM1's received bytes go: the callback serial_enable_rx_irq set. */
static void (*rx_handler)(char c);

/* Turn on the receive interrupt of COM1 (after the IDT and PIC are set
 * up); each byte that arrives is passed to rx, in interrupt context. */
void serial_enable_rx_irq(void (*rx)(char c))
{
	rx_handler = rx;
	if (!present[1])
		return;
	outb(COM1 + 1, 0x01);
	pic_unmask(4);
}

/* Send c on COMn, waiting (bounded) for the transmitter; drops it if the
 * port is absent or stuck. */
void serial_putc(int n, char c)
{
	uint16_t p = port_of(n);
	int spins = 100000;

	if (!present[n >= 1 && n <= 3 ? n : 1])
		return;
	while (!(inb(p + 5) & 0x20) && --spins)
		;
	outb(p, (uint8_t)c);
}

/* Send the len bytes at s on COMn. */
void serial_write(int n, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		serial_putc(n, s[i]);
}

/* IRQ 4: drain every received byte into the receive callback. */
void serial_irq(void)
{
	while (inb(COM1 + 5) & 0x01) {
		char c = (char)inb(COM1);
		if (rx_handler)
			rx_handler(c);
	}
}
