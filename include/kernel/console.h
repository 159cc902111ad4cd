/*
 * The console (fs/console.c) and the serial ports as character devices
 * (fs/ttyS.c).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <kernel/fs.h>

/* Take one typed or received character, in interrupt context: the line
 * discipline (fs/tty.c) edits, echoes and queues it. The serial and keyboard drivers
 * are given this as their input callback at boot. */
void console_input(char c);

/* Send the iterator's bytes to out(port, ...) in chunks; stops at a fault.
 * Returns the bytes sent, or -EFAULT if none could be. */
ssize_t tty_write_chunks(struct iov_iter *from, void (*out)(int port, const char *, size_t),
			 int port);

/* /dev/console: COM1 and the keyboard in, COM1 and VGA out. */
extern const struct file_operations console_ops;
/* /dev/tty: the caller's controlling terminal (ENXIO without one). */
extern const struct file_operations dev_tty_ops;
/* /dev/ttyS0, ttyS1, ttyS2: COM1-COM3 as raw byte streams. */
extern const struct file_operations ttyS_ops;

#endif
