/*
 * 16550 UART driver for COM1-COM3, /dev/ttyS0-2: COM1 is the console,
 * COM2 the kernel log with console=ttyS1, and init may point a program's
 * fds at any of them (tools/run-elf uses COM2 and COM3). Output polls the
 * transmit-holding register; input on COM1 is interrupt driven (IRQ 4):
 * each received byte goes to the receive callback (the console driver,
 * fs/console.c), which buffers it and wakes readers.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

#define COM1 0x3F8
#define COM2 0x2F8
#define COM3 0x3E8

/* UART registers, as offsets from the port's I/O base. */
#define UART_DATA 0 /* receive buffer / transmit holding (DLAB 0) */
#define UART_DLL 0  /* divisor latch, low byte (DLAB 1) */
#define UART_IER 1  /* interrupt enable (DLAB 0) */
#define UART_DLM 1  /* divisor latch, high byte (DLAB 1) */
#define UART_LCR 3  /* line control */
#define UART_MCR 4  /* modem control */
#define UART_LSR 5  /* line status */

#define IER_RX 0x01	 /* interrupt when a byte has been received */
#define LCR_8N1 0x03	 /* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB 0x80	 /* divisor latch access */
#define MCR_DTR 0x01	 /* data terminal ready */
#define MCR_RTS 0x02	 /* request to send */
#define MCR_OUT2 0x08	 /* gates the UART's interrupt line to the PIC */
#define LSR_DR 0x01	 /* a received byte is waiting */
#define LSR_THRE 0x20	 /* the transmit holding register is empty */
#define LSR_ABSENT 0xFF	 /* what a read of a port with no UART gives */
#define DIVISOR_115200 1 /* 115200 baud from the 1.8432 MHz clock */
#define TX_SPINS 100000	 /* how long serial_putc waits for the transmitter */

static const uint16_t ports[4] = { 0, COM1, COM2, COM3 }; /* by COM number */

static bool present[4];

/* Returns the I/O base of COMn; anything but 1-3 means COM1. */
static uint16_t port_of(int n)
{
	return ports[n >= 1 && n <= 3 ? n : 1];
}

/* Program the UART at 115200 8N1. Returns false if absent. */
static bool uart_init(uint16_t p)
{
	outb(p + UART_IER, 0); /* no interrupts yet */
	outb(p + UART_LCR, LCR_DLAB);
	outb(p + UART_DLL, DIVISOR_115200);
	outb(p + UART_DLM, 0);
	outb(p + UART_LCR, LCR_8N1);
	/* The FIFO stays off: switching it on empties it, and would lose
	 * whatever was typed ahead before boot. One byte, one interrupt. */
	outb(p + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	return inb(p + UART_LSR) != LSR_ABSENT;
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
	outb(COM1 + UART_IER, IER_RX);
	pic_unmask(IRQ_COM1);
}

/* Send c on COMn, waiting (bounded) for the transmitter; drops it if the
 * port is absent or stuck. */
void serial_putc(int n, char c)
{
	uint16_t p = port_of(n);
	int spins = TX_SPINS;

	if (!present[n >= 1 && n <= 3 ? n : 1])
		return;
	while (!(inb(p + UART_LSR) & LSR_THRE) && --spins)
		;
	outb(p + UART_DATA, (uint8_t)c);
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
	while (inb(COM1 + UART_LSR) & LSR_DR) {
		char c = (char)inb(COM1 + UART_DATA);
		if (rx_handler)
			rx_handler(c);
	}
}
