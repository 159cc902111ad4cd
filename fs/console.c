/*
 * /dev/console: output to COM1 (mirrored to VGA), input from COM1's
 * receive interrupt and from the PS/2 keyboard, through the line
 * discipline of the console's terminal (fs/tty.c): termios, editing,
 * echo, signal characters and job control as Linux's n_tty. The
 * terminal starts as Linux's: canonical, echoing, ISIG, ICRNL, ONLCR, 24
 * rows of 80 columns.
 *
 * As on Linux, opening /dev/console never makes it a controlling
 * terminal (TIOCSCTTY on it does); /dev/ttyS0 is the same line and does
 * (fs/ttyS.c). /dev/tty (5:0) opens the caller's controlling terminal,
 * or gives ENXIO.
 */
#include <kernel/splice.h>
#include <kernel/console.h>
#include <kernel/tty.h>
#include <kernel/proc.h>
#include <asm/arch.h>

/* Send n bytes to COM1 and the VGA screen exactly as they are. */
static void console_hw_out(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		serial_putc(1, s[i]);
	vga_write(s, n);
}

struct tty console_tty = {
	.termios = {
		.c_iflag = 0x500,  /* ICRNL | IXON */
		.c_oflag = 0x5,	   /* OPOST | ONLCR */
		.c_cflag = 0xbf,   /* B38400 | CS8 | CREAD */
		.c_lflag = 0x8a3b, /* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
		.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 },
	},
	.winsize = { .ws_row = 24, .ws_col = 80 },
	.dev = MKDEV(4, 64), /* the line is COM1, /dev/ttyS0 */
	.out = console_hw_out,
};

/* A byte from the serial port or the keyboard (interrupt context). */
void console_input(char c)
{
	tty_input(&console_tty, c);
}

/* read(2): the terminal's (tty_read). */
static ssize_t console_read_iter(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return tty_read(&console_tty, f, to);
}

/* Send the iterator's bytes to out(port, ...) in chunks; stops at a fault.
 * Returns the bytes sent, or -EFAULT if none could be. */
ssize_t tty_write_chunks(struct iov_iter *from, void (*out)(int port, const char *, size_t),
			 int port)
{
	char buf[256];
	size_t total = 0;

	while (iov_iter_count(from)) {
		size_t want = min(sizeof(buf), iov_iter_count(from));
		size_t n = copy_from_iter(buf, want, from);
		out(port, buf, n);
		total += n;
		if (n < want)
			return total ? (ssize_t)total : -EFAULT;
	}
	return total;
}

/* write(2): the terminal's (tty_write, through c_oflag). */
static ssize_t console_write_iter(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return tty_write(&console_tty, f, from);
}

/* The terminal ioctls (tty_ioctl). */
static long console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return tty_ioctl(&console_tty, f, cmd, arg);
}

/* Readiness as the line discipline says (tty_poll). */
static unsigned int console_poll(struct file *f, struct poll_table *pt)
{
	return tty_poll(&console_tty, f, pt);
}

const struct file_operations console_ops = {
	.poll = console_poll,
	.read_iter = console_read_iter,
	.write_iter = console_write_iter,
	.ioctl = console_ioctl,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};

/* /dev/tty: the caller's controlling terminal (there is only the
 * console's), or -ENXIO without one. */
static int dev_tty_open(struct inode *ip, struct file *f)
{
	return current->tty ? 0 : -ENXIO;
}

const struct file_operations dev_tty_ops = {
	.open = dev_tty_open,
	.poll = console_poll,
	.read_iter = console_read_iter,
	.write_iter = console_write_iter,
	.ioctl = console_ioctl,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};
