/*
 * tty_ldisc: the terminal's line discipline, typed into with TIOCSTI, the
 * same on Linux (a pseudo-terminal) and Mica (the console). See term.h.
 *
 *   canon     a line is read whole at its newline, or in pieces; VERASE,
 *             VKILL, VWERASE and VLNEXT edit it; VEOF ends a line without
 *             a newline and alone reads as end-of-file; a partial line is
 *             not readable (EAGAIN with O_NONBLOCK, FIONREAD 0)
 *   iflag     ICRNL, IGNCR, INLCR
 *   raw       without ICANON, VMIN and VTIME as n_tty: MIN 0 TIME 0
 *             returns at once, MIN 0 TIME > 0 waits that long for a byte,
 *             MIN > 0 waits for MIN bytes, MIN and TIME > 0 times out after
 *             the first byte
 *   ioctls    TCGETS/TCSETS keep c_lflag and c_cc; TCFLSH, TCXONC (EINVAL
 *             for bad arguments); FIONREAD; EFAULT for bad pointers;
 *             ENOTTY for an unknown request; TIOCSWINSZ/TIOCGWINSZ
 */
#include "term.h"

#include <sys/syscall.h>
#include <sys/time.h>

#define NPOINTS 43

static int tfd;

/* Reads up to n bytes into buf (NUL-terminated). Returns read's result. */
static long rd(char *buf, size_t n)
{
	long r = read(tfd, buf, n);
	buf[r > 0 ? r : 0] = '\0';
	return r;
}

/* Milliseconds since some fixed time. */
static long now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000L + tv.tv_usec / 1000;
}

static void test_canon(void)
{
	char buf[64];
	tcflag_t canon = ICANON | ISIG | IEXTEN | ECHOE | ECHOK | ECHOKE | ECHOCTL;

	term_mode(tfd, canon, 1, 0);
	term_type(tfd, "hello\n");
	is(rd(buf, sizeof(buf)), 6, "canon: a line is read whole");
	ok(!strcmp(buf, "hello\n"), "canon: with its newline");
	term_type(tfd, "one\ntwo\n");
	rd(buf, sizeof(buf));
	ok(!strcmp(buf, "one\n"), "canon: one line per read");
	term_type(tfd, "x");
	rd(buf, 2);
	ok(!strcmp(buf, "tw"), "canon: a short read takes part of the line");
	rd(buf, sizeof(buf));
	ok(!strcmp(buf, "o\n"), "canon: and the next read the rest");
	int fl = fcntl(tfd, F_GETFL);
	fcntl(tfd, F_SETFL, fl | O_NONBLOCK);
	is_err(sys3(SYS_read, tfd, buf, sizeof(buf)), EAGAIN,
	       "canon: a line not ended is not readable (EAGAIN)");
	int n = -1;
	ioctl(tfd, FIONREAD, &n);
	is(n, 0, "canon: FIONREAD does not count it");
	fcntl(tfd, F_SETFL, fl);
	term_type(tfd, "yz\x7f\n");
	rd(buf, sizeof(buf));
	ok(!strcmp(buf, "xy\n"), "canon: VERASE takes back a character");
	term_type(tfd, "junk line\x15ok\n");
	rd(buf, sizeof(buf));
	ok(!strcmp(buf, "ok\n"), "canon: VKILL the whole line");
	term_type(tfd, "one two  \x17three\n");
	rd(buf, sizeof(buf));
	ok(!strcmp(buf, "one three\n"), "canon: VWERASE the last word");
	term_type(tfd, "a\x16\x7f\x16\x15\n");
	ok(rd(buf, sizeof(buf)) == 4 && !strcmp(buf, "a\x7f\x15\n"),
	   "canon: VLNEXT takes the next character as it is");
	term_type(tfd, "abc\x04");
	is(rd(buf, sizeof(buf)), 3, "canon: VEOF ends a line without a newline");
	term_type(tfd, "\x04");
	is(rd(buf, sizeof(buf)), 0, "canon: VEOF alone reads as end-of-file");
	term_type(tfd, "ab\n");
	ioctl(tfd, FIONREAD, &n);
	is(n, 3, "canon: FIONREAD counts a whole line");
	is(ioctl(tfd, TCFLSH, TCIFLUSH), 0, "ioctls: TCFLSH TCIFLUSH");
	ioctl(tfd, FIONREAD, &n);
	is(n, 0, "ioctls: throws the input away");
}

static void test_iflag(void)
{
	struct termios t;
	char buf[16];

	term_mode(tfd, ICANON, 1, 0);
	tcgetattr(tfd, &t);
	t.c_iflag = ICRNL;
	tcsetattr(tfd, TCSANOW, &t);
	term_type(tfd, "a\r");
	rd(buf, sizeof(buf));
	ok(!strcmp(buf, "a\n"), "iflag: ICRNL reads a CR as a newline");
	t.c_iflag = IGNCR;
	tcsetattr(tfd, TCSANOW, &t);
	term_type(tfd, "b\r\n");
	rd(buf, sizeof(buf));
	ok(!strcmp(buf, "b\n"), "iflag: IGNCR drops CRs");
	t.c_iflag = INLCR;
	t.c_lflag = 0;
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	tcsetattr(tfd, TCSANOW, &t);
	term_type(tfd, "c\n");
	rd(buf, sizeof(buf));
	ok(!strcmp(buf, "c\r"), "iflag: INLCR reads a newline as a CR");
}

/* Child: types c after ms milliseconds. */
static void type_later(long arg)
{
	char c = (char)(arg & 0xff);
	usleep((arg >> 8) * 1000);
	ioctl(tfd, TIOCSTI, &c);
}

/* Types c in a child after ms; returns its pid. */
static pid_t type_after(char c, int ms)
{
	pid_t p = fork();
	if (p == 0) {
		type_later((long)ms << 8 | (unsigned char)c);
		_exit(0);
	}
	return p;
}

static void test_raw(void)
{
	char buf[16];
	long t0, r;

	term_mode(tfd, 0, 0, 0);
	t0 = now_ms();
	is(rd(buf, sizeof(buf)), 0, "raw: MIN 0 TIME 0 with nothing returns 0");
	ok(now_ms() - t0 < 100, "raw: at once");
	term_type(tfd, "xy");
	is(rd(buf, sizeof(buf)), 2, "raw: MIN 0 TIME 0 returns what is there");
	term_mode(tfd, 0, 0, 3);
	t0 = now_ms();
	is(rd(buf, sizeof(buf)), 0, "raw: MIN 0 TIME 3 with nothing returns 0");
	r = now_ms() - t0;
	ok(r >= 250 && r < 1500, "raw: after about 0.3 s");
	pid_t p = type_after('k', 100);
	is(rd(buf, sizeof(buf)), 1, "raw: MIN 0 TIME 3 returns the byte that comes");
	waitpid(p, NULL, 0);
	term_mode(tfd, 0, 3, 0);
	term_type(tfd, "ab");
	p = type_after('c', 200);
	t0 = now_ms();
	is(rd(buf, sizeof(buf)), 3, "raw: MIN 3 waits for the third byte");
	ok(now_ms() - t0 >= 150 && !strcmp(buf, "abc"), "raw: which came later");
	waitpid(p, NULL, 0);
	term_type(tfd, "abcd");
	is(rd(buf, 2), 2, "raw: MIN 3 with a count of 2 returns 2");
	is(rd(buf, 2), 2, "raw: and again 2 of the 2 left");
	term_mode(tfd, 0, 5, 2);
	term_type(tfd, "z");
	t0 = now_ms();
	is(rd(buf, sizeof(buf)), 1, "raw: MIN 5 TIME 2 returns 1 byte when no more come");
	r = now_ms() - t0;
	ok(r >= 150 && r < 1500, "raw: after the inter-byte time");
	int fl = fcntl(tfd, F_GETFL);
	fcntl(tfd, F_SETFL, fl | O_NONBLOCK);
	is_err(sys3(SYS_read, tfd, buf, sizeof(buf)), EAGAIN,
	       "raw: O_NONBLOCK with nothing there is EAGAIN");
	fcntl(tfd, F_SETFL, fl);
}

static void test_ioctls(void)
{
	struct termios t, u;
	struct winsize ws = { 30, 100, 0, 0 }, got;

	term_mode(tfd, ICANON | ECHOE, 1, 0);
	tcgetattr(tfd, &t);
	t.c_lflag = ICANON | ISIG | TOSTOP;
	t.c_cc[VINTR] = 7;
	t.c_cc[VMIN] = 4;
	is(ioctl(tfd, TCSETS, &t), 0, "ioctls: TCSETS");
	memset(&u, 0, sizeof(u));
	ioctl(tfd, TCGETS, &u);
	ok(u.c_lflag == t.c_lflag && u.c_cc[VINTR] == 7 && u.c_cc[VMIN] == 4,
	   "ioctls: TCGETS gives back c_lflag and c_cc");
	is_err(sys3(SYS_ioctl, tfd, TCGETS, NULL), EFAULT, "ioctls: TCGETS to NULL is EFAULT");
	is_err(sys3(SYS_ioctl, tfd, TCSETS, KERNEL_BASE), EFAULT,
	       "ioctls: TCSETS from a kernel address is EFAULT");
	is_err(sys3(SYS_ioctl, tfd, TCFLSH, 7), EINVAL, "ioctls: TCFLSH 7 is EINVAL");
	is(sys3(SYS_ioctl, tfd, TCXONC, TCOON), 0, "ioctls: TCXONC TCOON");
	is_err(sys3(SYS_ioctl, tfd, TCXONC, 9), EINVAL, "ioctls: TCXONC 9 is EINVAL");
	is_err(sys3(SYS_ioctl, tfd, FIONREAD, NULL), EFAULT, "ioctls: FIONREAD to NULL is EFAULT");
	is_err(sys3(SYS_ioctl, tfd, 0x54ff, 0), ENOTTY, "ioctls: an unknown request is ENOTTY");
	ioctl(tfd, TIOCSWINSZ, &ws);
	ioctl(tfd, TIOCGWINSZ, &got);
	ok(got.ws_row == 30 && got.ws_col == 100, "ioctls: TIOCSWINSZ then TIOCGWINSZ");
	is_err(sys3(SYS_ioctl, tfd, TIOCSWINSZ, 0), EFAULT, "ioctls: TIOCSWINSZ from NULL is EFAULT");
}

int main(void)
{
	plan(NPOINTS);
	tfd = term_open();
	if (tfd < 0)
		return term_skip_all(NPOINTS);
	test_canon();
	test_iflag();
	test_raw();
	test_ioctls();
	tcsetattr(tfd, TCSAFLUSH, &term_saved);
	return done();
}
