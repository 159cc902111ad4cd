/*
 * /dev/ttyS0, /dev/ttyS1, /dev/ttyS2: the serial ports COM1-COM3 as
 * character devices (Linux's major 4, minors 64-66), without a line
 * discipline: a write sends its bytes to the port exactly as they are (no
 * "\r\n" for "\n"), so a program's output reaches the host byte for byte.
 *
 * Reading: COM1 is the console's line, so /dev/ttyS0 reads the console's
 * input (fs/console.c), and is its terminal for ioctls and job control:
 * opening it makes the console the controlling terminal of a session
 * leader that has none (fs/tty.c). COM2 and COM3 have no receive interrupt wired up;
 * a read there waits, as on an idle line, until a signal interrupts it
 * (-EAGAIN at once with O_NONBLOCK).
 *
 * The port is the inode's minor number: 64 is COM1.
 */
#include <kernel/splice.h>
#include <kernel/console.h>
#include <kernel/tty.h>
#include <kernel/proc.h>
#include <asm/arch.h>

#define TTYS_MINOR0 64

/* Returns the COM port number (1-3) a ttyS inode stands for. */
static int ttyS_port(const struct file *f)
{
	return (int)(f->inode->rdev & 0xff) - TTYS_MINOR0 + 1;
}

/* serial_write in tty_write_chunks' form. */
static void ttyS_out(int port, const char *s, size_t n)
{
	serial_write(port, s, n);
}

/* Send the bytes to the port (ttyS0: after the console's job control).
 * Returns them all, or fewer (or -EFAULT) when the user buffer faults;
 * -EINTR or -EIO from job control. */
static ssize_t ttyS_write_iter(struct file *f, struct iov_iter *from, loff_t *pos)
{
	int err = ttyS_port(f) == 1 ? tty_write_allowed(&console_tty) : 0;

	if (err)
		return err;
	return tty_write_chunks(from, ttyS_out, ttyS_port(f));
}

/* ttyS0: the console's input. ttyS1/ttyS2: nothing ever arrives, so wait
 * for a signal. Returns bytes read, -EAGAIN or -EINTR. */
static ssize_t ttyS_read_iter(struct file *f, struct iov_iter *to, loff_t *pos)
{
	if (ttyS_port(f) == 1)
		return console_ops.read_iter(f, to, pos);
	if (iov_iter_count(to) == 0)
		return 0;
	if (f->flags & O_NONBLOCK)
		return -EAGAIN;
	return wait_for_signal();
}

/* ttyS0: the console's terminal ioctls. The others are no terminals. */
static long ttyS_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return ttyS_port(f) == 1 ? tty_ioctl(&console_tty, f, cmd, arg) : -ENOTTY;
}

/* ttyS0's open may make the console the caller's controlling terminal. */
static int ttyS_open(struct inode *ip, struct file *f)
{
	return ttyS_port(f) == 1 ? tty_open_ctty(&console_tty, f) : 0;
}

/* ttyS0 polls as the console; the others never have input. */
static unsigned int ttyS_poll(struct file *f, struct poll_table *pt)
{
	return ttyS_port(f) == 1 ? tty_poll(&console_tty, f, pt) : POLLOUT | POLLWRNORM;
}

const struct file_operations ttyS_ops = {
	.open = ttyS_open,
	.poll = ttyS_poll,
	.read_iter = ttyS_read_iter,
	.write_iter = ttyS_write_iter,
	.ioctl = ttyS_ioctl,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};
