/*
 * Terminals (fs/tty.c): a line discipline as Linux's n_tty, with termios,
 * a window size, and the job-control state of a controlling terminal (its
 * session and foreground process group). The console is the one terminal
 * (fs/console.c); /dev/ttyS0 shares it, and /dev/tty opens it when it is
 * the caller's controlling terminal.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <kernel/fs.h>

#define TTY_BUF 4096 /* input queue, as Linux's N_TTY_BUF_SIZE */
#define NCCS 19

/* The kernel's struct termios (Linux i386): 4 flag words, line, 19 cc. */
struct kernel_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};

/* struct winsize of TIOCGWINSZ/TIOCSWINSZ. */
struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

struct tty {
	struct kernel_termios termios;
	struct winsize winsize;
	pid_t session; /* the session it controls, or 0 */
	pid_t pgrp;    /* its foreground process group, or 0 */
	uint32_t dev;  /* the line's device number (/proc/PID/stat's tty_nr) */
	/* input: [r, w) can be read; [w, e) is the line being edited */
	char buf[TTY_BUF];
	uint8_t mark[TTY_BUF]; /* TTY_EOL/TTY_EOF: where a line ends */
	uint32_t r, w, e;
	bool lnext;			  /* the last byte was VLNEXT: take the next as it is */
	struct wait_queue_head read_wait; /* readers and pollers: input came */
	/* the device's output: bytes as they are, no processing */
	void (*out)(const char *s, size_t n);
};

/* Take one byte that arrived on t, in interrupt context: input flags,
 * signal characters, editing, echo, queueing. */
void tty_input(struct tty *t, char c);
/* The file operations of a terminal file: read, write, ioctl, poll and
 * open on the tty f stands for (tty_of). */
ssize_t tty_read(struct tty *t, struct file *f, struct iov_iter *to);
ssize_t tty_write(struct tty *t, struct file *f, struct iov_iter *from);
long tty_ioctl(struct tty *t, struct file *f, unsigned int cmd, unsigned long arg);
unsigned int tty_poll(struct tty *t, struct file *f, struct poll_table *pt);
/* Job control before a write to t (TOSTOP: SIGTTOU from the background).
 * Returns 0 to go on, -EINTR or -EIO. */
int tty_write_allowed(struct tty *t);
/* An open of t (not /dev/console, not /dev/tty: those never do) makes it
 * the controlling terminal of a session leader that has none, unless
 * O_NOCTTY or t controls a session already. Returns 0. */
int tty_open_ctty(struct tty *t, struct file *f);
/* do_exit: a dying session leader lets go of its controlling terminal;
 * the foreground group gets SIGHUP, the session loses the terminal. */
void tty_exit(struct proc *p);

/* The console's terminal (fs/console.c). */
extern struct tty console_tty;

#endif
