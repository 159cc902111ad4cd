/*
 * printk: format with lib/vsnprintf.c and send the text to the kernel log
 * port (COM1, or the port console= names) and to the VGA mirror. A '\n'
 * goes out as "\r\n" on serial so a terminal shows it properly.
 */
#include <kernel/kernel.h>
#include <asm/arch.h>

/* Write raw log text to the log serial port and the screen. */
static void log_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc(cmdline_console_port, '\r');
		serial_putc(cmdline_console_port, s[i]);
	}
	vga_write(s, n);
}

/* Format into a 512-byte buffer (longer output is cut) and write it to the
 * kernel log. Returns the bytes written. */
int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	log_write(buf, n);
	return n;
}

/* printf-style message to the kernel log. Returns the bytes written. */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
