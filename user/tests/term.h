/*
 * term.h - the terminal the tty_* tests work on, the same way on Linux and
 * Mica.
 *
 * On Linux, tests/run.py runs a tty_* program with a pseudo-terminal slave
 * as fd 0 (and no controlling terminal); on Mica the terminal is the
 * console, opened as /dev/console, and acquired as a controlling terminal
 * through /dev/ttyS0 (the same line: Linux never makes /dev/console
 * anyone's controlling terminal). Elsewhere (no terminal on fd 0, not
 * Mica) every point is skipped.
 *
 * The tests turn ECHO off before they type anything (TIOCSTI), since on
 * Mica the console's output is the test's own stdout, and put the
 * settings back at the end.
 */
#ifndef TERM_H
#define TERM_H

#include "tap.h"

#include <sys/ioctl.h>
#include <termios.h>

static char term_path[64];	      /* opens the terminal as a controlling one */
static struct termios term_saved; /* the settings to restore */

/* Opens the terminal O_RDWR | O_NOCTTY. Returns the fd, or -1 when there
 * is none to test. */
static inline int term_open(void)
{
	int fd;

	if (isatty(0) && ttyname_r(0, term_path, sizeof(term_path)) == 0) {
		fd = open(term_path, O_RDWR | O_NOCTTY);
	} else if (on_mica()) {
		strcpy(term_path, "/dev/ttyS0");
		fd = open("/dev/console", O_RDWR | O_NOCTTY);
	} else {
		return -1;
	}
	if (fd >= 0)
		tcgetattr(fd, &term_saved);
	return fd;
}

/* Sets the terminal's c_lflag to lflag with VMIN/VTIME, flushing input. */
static inline void term_mode(int fd, tcflag_t lflag, int vmin, int vtime)
{
	struct termios t = term_saved;
	t.c_lflag = lflag;
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	tcsetattr(fd, TCSAFLUSH, &t);
}

/* Types the string s on the terminal (TIOCSTI, as root may). */
static inline void term_type(int fd, const char *s)
{
	for (; *s; s++)
		ioctl(fd, TIOCSTI, s);
}

/* Prints n skipped points when there is no terminal. Returns done(). */
static inline int term_skip_all(int n)
{
	for (int i = 0; i < n; i++)
		skip_why("no terminal", "terminal point %d", i + 1);
	return done();
}

#endif
