/*
 * /dev/console: output to COM1 (mirrored to VGA), input from COM1's
 * receive interrupt and from the PS/2 keyboard.
 *
 * Input is line-buffered: characters echo, backspace and ^U edit the line,
 * Enter ends it, ^D at the start of a line reads as end-of-file, and
 * output '\n' is sent as "\r\n". The raw ports are /dev/ttyS0-2 (fs/ttyS.c).
 */
#include <kernel/console.h>
#include <kernel/proc.h>
#include <asm/arch.h>
#include <asm/uaccess.h>

#define INBUF 4096

static struct {
	char buf[INBUF];
	uint32_t r, w, e; /* read, write (committed), edit positions */
	int eof_marks;	  /* ^D presses not yet consumed */
} in;

/* Send n bytes to COM1 (each '\n' as "\r\n") and to the VGA screen. */
static void out_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc(1, '\r');
		serial_putc(1, s[i]);
	}
	vga_write(s, n);
}

/* A byte from the serial port or the keyboard (interrupt context). */
void console_input(char c)
{
	switch (c) {
	case '\r':
	case '\n':
		if (in.e - in.r < INBUF) {
			in.buf[in.e++ % INBUF] = '\n';
			out_raw("\n", 1);
		}
		in.w = in.e;
		wakeup(&in);
		poll_wake();
		break;
	case 0x04: /* ^D: end the line without a newline; alone it is EOF */
		if (in.e == in.w)
			in.eof_marks++;
		in.w = in.e;
		wakeup(&in);
		poll_wake();
		break;
	case 0x7f:
	case '\b':
		if (in.e != in.w) {
			in.e--;
			out_raw("\b \b", 3);
		}
		break;
	case 0x15: /* ^U */
		while (in.e != in.w) {
			in.e--;
			out_raw("\b \b", 3);
		}
		break;
	default:
		if (in.e - in.r < INBUF - 1) {
			in.buf[in.e++ % INBUF] = c;
			out_raw(&c, 1);
		}
	}
}

/* Read one line (or what is there, up to the count), sleeping until a line
 * is complete. Returns the bytes read, 0 for ^D, -EINTR or -EFAULT. */
static ssize_t console_read_iter(struct file *f, struct iov_iter *to, loff_t *pos)
{
	size_t total = 0;

	if (iov_iter_count(to) == 0)
		return 0;
	while (in.r == in.w) {
		if (in.eof_marks) {
			in.eof_marks--;
			return 0;
		}
		if (f->flags & O_NONBLOCK)
			return -EAGAIN; /* as Linux's n_tty_read */
		if (sleep_on(&in))
			return -EINTR;
	}
	while (in.r != in.w && iov_iter_count(to)) {
		char c = in.buf[in.r % INBUF];
		if (copy_to_iter(&c, 1, to) != 1)
			return total ? (ssize_t)total : -EFAULT;
		in.r++;
		total++;
		if (c == '\n')
			break;
	}
	return total;
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

/* out_raw in tty_write_chunks' form. */
static void console_out(int port, const char *s, size_t n)
{
	out_raw(s, n);
}

/* Write the bytes to COM1 and the screen. Returns them all, or fewer (or
 * -EFAULT) when the user buffer faults. */
static ssize_t console_write_iter(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return tty_write_chunks(from, console_out, 1);
}

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCGPGRP 0x540F

/* The kernel's struct termios (Linux i386): 4 flag words, line, 19 cc. */
struct kernel_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};

/* Terminal ioctls on /dev/console. */
static long console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case TCGETS: {
		struct kernel_termios t = {
			.c_iflag = 0x500,  /* ICRNL | IXON */
			.c_oflag = 0x5,	   /* OPOST | ONLCR */
			.c_cflag = 0xbf,   /* B38400 | CS8 | CREAD */
			.c_lflag = 0x8a3b, /* ISIG ICANON ECHO... */
			.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 },
		};
		return copy_to_user((void __user *)arg, &t, sizeof(t)) ? -EFAULT : 0;
	}
	case TIOCGWINSZ: {
		uint16_t ws[4] = { 25, 80, 0, 0 };
		return copy_to_user((void __user *)arg, ws, sizeof(ws)) ? -EFAULT : 0;
	}
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TIOCSWINSZ:
		return 0;
	case TIOCGPGRP:
		return put_user(current ? current->pid : 0, (int __user *)arg);
	}
	return -ENOTTY;
}

/* Readable with a whole line or a ^D waiting; always writable. */
static unsigned int console_poll(struct file *f)
{
	unsigned int mask = POLLOUT | POLLWRNORM;

	if (in.r != in.w || in.eof_marks)
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

const struct file_operations console_ops = {
	.poll = console_poll,
	.read_iter = console_read_iter,
	.write_iter = console_write_iter,
	.ioctl = console_ioctl,
};
