/*
 * The terminal line discipline, as Linux's n_tty, and the job control of a
 * controlling terminal.
 *
 * Input (tty_input, in interrupt context) goes through c_iflag (IGNCR,
 * ICRNL, INLCR, ISTRIP; IXON takes ^S/^Q away), then, with ISIG, VINTR,
 * VQUIT and VSUSP send SIGINT, SIGQUIT and SIGTSTP to the foreground
 * group (flushing the input unless NOFLSH). With ICANON the line is edited
 * (VERASE, VKILL, and with IEXTEN VWERASE, VLNEXT, VREPRINT) and becomes
 * readable at '\n', VEOL, VEOL2 or VEOF; without it every byte is readable
 * at once and a read honours VMIN and VTIME as n_tty does. Echo follows
 * ECHO, ECHOE, ECHOK, ECHOKE, ECHONL and ECHOCTL.
 *
 * The queue is a ring of TTY_BUF bytes: [r, w) can be read, [w, e) is
 * the line being edited. Each byte's mark says whether a line ends there
 * (TTY_EOL, the byte is read) or whether it stands for VEOF (TTY_EOF,
 * ends the line and is not read: alone, it reads as end-of-file).
 *
 * Output (writes and echo) goes through c_oflag: OPOST with ONLCR ("\n"
 * as "\r\n") and OCRNL.
 *
 * A controlling terminal belongs to a session (t->session) and has a
 * foreground process group (t->pgrp); a process's own is p->tty. A
 * process of the session outside the foreground group that reads gets
 * SIGTTIN (EIO if it ignores or blocks it, or its group is orphaned);
 * that writes with TOSTOP, or changes the settings, gets SIGTTOU (unless
 * it ignores or blocks it). The call then returns -EINTR and is rerun
 * after the stop, as Linux's -ERESTARTSYS.
 */
#include <kernel/tty.h>
#include <kernel/proc.h>
#include <kernel/pidhash.h>
#include <asm/arch.h>
#include <asm/uaccess.h>

/* c_iflag */
#define ISTRIP 0040
#define INLCR 0100
#define IGNCR 0200
#define ICRNL 0400
#define IXON 02000
/* c_oflag */
#define OPOST 0001
#define ONLCR 0004
#define OCRNL 0010
/* c_lflag */
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define TOSTOP 0000400
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000
/* c_cc */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16
#define VDISABLE 0 /* a c_cc entry that is off (_POSIX_VDISABLE) */

/* ioctls */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCSTI 0x5412
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCNOTTY 0x5422
#define TCSBRKP 0x5425
#define TIOCGSID 0x5429
#define TCIFLUSH 0
#define TCIOFLUSH 2
#define TCION 3 /* the largest TCXONC argument */

#define TTY_EOL 1		  /* a line ends at this byte, which is read */
#define TTY_EOF 2		  /* VEOF: the line ends here; the byte is not read */
#define TICKS_PER_VTIME (HZ / 10) /* VTIME counts tenths of a second */

#define L(t, flag) ((t)->termios.c_lflag & (flag))
#define I(t, flag) ((t)->termios.c_iflag & (flag))
#define CC(t, i) ((t)->termios.c_cc[i])

/* Is c the (enabled) control character cc[i] of t? */
static bool is_cc(struct tty *t, uint8_t c, int i)
{
	return CC(t, i) != VDISABLE && c == CC(t, i);
}

/* Is c a control character (as iscntrl)? */
static bool is_ctrl(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

/* Send n bytes to t's device through c_oflag's processing. */
static void tty_output(struct tty *t, const char *s, size_t n)
{
	uint32_t of = t->termios.c_oflag;
	char buf[128];
	size_t k = 0;

	if (!(of & OPOST)) {
		t->out(s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (k + 2 > sizeof(buf)) {
			t->out(buf, k);
			k = 0;
		}
		if (c == '\n' && (of & ONLCR))
			buf[k++] = '\r';
		else if (c == '\r' && (of & OCRNL))
			c = '\n';
		buf[k++] = c;
	}
	t->out(buf, k);
}

/* Echo c as ECHOCTL wants it: a control character other than tab and
 * newline as ^X. */
static void echo_char(struct tty *t, uint8_t c)
{
	if (L(t, ECHOCTL) && is_ctrl(c) && c != '\t' && c != '\n') {
		char s[2] = { '^', (char)(c ^ 0x40) };
		tty_output(t, s, 2);
		return;
	}
	tty_output(t, (const char *)&c, 1);
}

/* Make everything typed so far readable and wake the readers. */
static void commit(struct tty *t)
{
	t->w = t->e;
	wake_up_all(&t->read_wait);
}

/* Queue c with its mark at the end of the edited line, if there is room
 * (a line end always fits, as in Linux's n_tty). Returns whether it did. */
static bool put_char(struct tty *t, uint8_t c, uint8_t mark)
{
	if (t->e - t->r >= TTY_BUF - (mark ? 0 : 1))
		return false;
	t->buf[t->e % TTY_BUF] = (char)c;
	t->mark[t->e % TTY_BUF] = mark;
	t->e++;
	return true;
}

/* Throw away all input, read or being edited. */
static void flush_input(struct tty *t)
{
	t->r = t->w = t->e;
	t->lnext = false;
}

/* "\b \b" n times: rub out n columns. */
static void rub_out(struct tty *t, int n)
{
	while (n-- > 0)
		tty_output(t, "\b \b", 3);
}

/* VERASE, VWERASE or VKILL (c) in canonical mode: take back one
 * character, the last word, or the whole line, echoing as Linux's eraser. */
static void erase(struct tty *t, uint8_t c)
{
	bool kill = is_cc(t, c, VKILL), werase = !kill && !is_cc(t, c, VERASE);
	bool echo = L(t, ECHO), seen_word = false;

	if (t->e == t->w)
		return;
	if (kill && (!echo || !L(t, ECHOK) || !L(t, ECHOKE) || !L(t, ECHOE))) {
		t->e = t->w;
		if (echo) {
			echo_char(t, c);
			if (L(t, ECHOK))
				tty_output(t, "\n", 1);
		}
		return;
	}
	while (t->e != t->w) {
		uint8_t prev = (uint8_t)t->buf[(t->e - 1) % TTY_BUF];
		bool word = (prev >= '0' && prev <= '9') ||
			    ((prev | 0x20) >= 'a' && (prev | 0x20) <= 'z') || prev == '_';
		if (werase && !word && seen_word)
			break;
		seen_word |= word;
		t->e--;
		if (echo && !kill && !werase && !L(t, ECHOE))
			echo_char(t, c);
		else if (echo)
			rub_out(t, is_ctrl(prev) && L(t, ECHOCTL) ? 2 : is_ctrl(prev) ? 0 : 1);
		if (!kill && !werase)
			break;
	}
}

/* VINTR, VQUIT or VSUSP (c) with ISIG: flush unless NOFLSH, signal the
 * foreground group, echo the character. */
static void input_signal(struct tty *t, int sig, uint8_t c)
{
	if (!L(t, NOFLSH))
		flush_input(t);
	if (t->pgrp)
		kill_pgrp(t->pgrp, sig);
	if (L(t, ECHO))
		echo_char(t, c);
}

/* VREPRINT: the line being edited, again on a new line. */
static void reprint(struct tty *t, uint8_t c)
{
	echo_char(t, c);
	tty_output(t, "\n", 1);
	for (uint32_t i = t->w; i != t->e; i++)
		echo_char(t, (uint8_t)t->buf[i % TTY_BUF]);
}

/* An ordinary byte: echoed and queued; readable at once without ICANON. */
static void input_plain(struct tty *t, uint8_t c)
{
	if (!put_char(t, c, 0))
		return;
	if (L(t, ECHO))
		echo_char(t, c);
	if (!L(t, ICANON))
		commit(t);
}

/* The canonical-mode specials: Returns whether c was one (and handled). */
static bool input_canon(struct tty *t, uint8_t c)
{
	bool iext = L(t, IEXTEN);

	if (is_cc(t, c, VERASE) || is_cc(t, c, VKILL) || (iext && is_cc(t, c, VWERASE))) {
		erase(t, c);
	} else if (iext && is_cc(t, c, VLNEXT)) {
		t->lnext = true;
		if (L(t, ECHO) && L(t, ECHOCTL))
			tty_output(t, "^\b", 2);
	} else if (iext && L(t, ECHO) && is_cc(t, c, VREPRINT)) {
		reprint(t, c);
	} else if (c == '\n' || is_cc(t, c, VEOL) || is_cc(t, c, VEOL2)) {
		if (!put_char(t, c, TTY_EOL))
			return true;
		if (L(t, ECHO) || (c == '\n' && L(t, ECHONL)))
			echo_char(t, c);
		commit(t);
	} else if (is_cc(t, c, VEOF)) {
		if (put_char(t, 0, TTY_EOF))
			commit(t);
	} else {
		return false;
	}
	return true;
}

/* One byte that arrived on t (interrupt context, or TIOCSTI): see the
 * file comment for what is done with it. */
void tty_input(struct tty *t, char ch)
{
	uint8_t c = (uint8_t)ch;

	if (I(t, ISTRIP))
		c &= 0x7f;
	if (t->lnext) {
		t->lnext = false;
		if (L(t, ECHO) && L(t, ECHOCTL))
			tty_output(t, "\b", 1);
		input_plain(t, c);
		return;
	}
	if (c == '\r') {
		if (I(t, IGNCR))
			return;
		if (I(t, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(t, INLCR)) {
		c = '\r';
	}
	if (I(t, IXON) && (is_cc(t, c, VSTART) || is_cc(t, c, VSTOP)))
		return; /* flow control: output is never held back here */
	if (L(t, ISIG)) {
		int sig = is_cc(t, c, VINTR)   ? SIGINT
			  : is_cc(t, c, VQUIT) ? SIGQUIT
			  : is_cc(t, c, VSUSP) ? SIGTSTP
					       : 0;
		if (sig) {
			input_signal(t, sig, c);
			return;
		}
	}
	if (L(t, ICANON) && input_canon(t, c))
		return;
	input_plain(t, c);
}

/* Whether the caller ignores or blocks sig. */
static bool ignoring(int sig)
{
	return (current->sig_blocked & sigmask(sig)) ||
	       current->sigaction[sig - 1].handler == SIG_IGN;
}

/*
 * Job control for a read (SIGTTIN) or a write or a change (SIGTTOU) of
 * t by the caller, as Linux's __tty_check_change: 0 when t is not its
 * controlling terminal or it is in the foreground group; otherwise -EIO
 * (SIGTTIN ignored or blocked, or the group orphaned), 0 (SIGTTOU ignored
 * or blocked), or -EINTR with sig sent to its group.
 */
static int job_control(struct tty *t, int sig)
{
	struct proc *p = current;

	if (p->tty != t || !t->pgrp || p->pgid == t->pgrp)
		return 0;
	if (ignoring(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_orphaned(p->pgid, NULL))
		return -EIO;
	kill_pgrp(p->pgid, sig);
	return -EINTR;
}

/* Is there something a read can take? */
static bool input_ready(struct tty *t)
{
	return t->r != t->w;
}

/* Copy queued bytes to the reader: up to the end of one line (canonical:
 * a TTY_EOF mark is consumed, not copied) or all that is there. Sets *eof
 * when the line ended with VEOF. Returns the bytes copied, or -EFAULT
 * when none could be. */
static ssize_t copy_input(struct tty *t, struct iov_iter *to, bool canon, bool *eof)
{
	size_t n = 0;

	while (t->r != t->w && iov_iter_count(to)) {
		uint8_t mark = t->mark[t->r % TTY_BUF];
		if (mark == TTY_EOF) {
			t->r++;
			*eof = canon;
			if (canon)
				break;
			continue;
		}
		if (copy_to_iter(&t->buf[t->r % TTY_BUF], 1, to) != 1)
			return n ? (ssize_t)n : -EFAULT;
		t->r++;
		n++;
		if (canon && mark == TTY_EOL)
			break;
	}
	return n;
}

/*
 * read(2) of t: with ICANON, one line (or as much of it as fits); 0 for
 * VEOF at the start of a line. Without ICANON, as n_tty: VMIN > 0 waits
 * for VMIN bytes (VTIME > 0: or VTIME tenths of a second after the last
 * byte); VMIN = 0 returns what is there, waiting up to VTIME for one.
 * Returns the bytes read, 0, -EAGAIN (O_NONBLOCK), -EINTR, -EIO (job
 * control) or -EFAULT.
 */
ssize_t tty_read(struct tty *t, struct file *f, struct iov_iter *to)
{
	bool canon = L(t, ICANON), eof = false, expired = false;
	uint64_t deadline = 0, interbyte = 0;
	size_t min = 1, total = 0;
	ssize_t err = 0;

	if (iov_iter_count(to) == 0)
		return 0;
	if ((err = job_control(t, SIGTTIN)))
		return err;
	if (!canon && CC(t, VMIN)) {
		min = CC(t, VMIN);
		interbyte = (uint64_t)CC(t, VTIME) * TICKS_PER_VTIME;
	} else if (!canon && CC(t, VTIME)) {
		deadline = jiffies + (uint64_t)CC(t, VTIME) * TICKS_PER_VTIME;
	} else if (!canon) {
		expired = true; /* VMIN = VTIME = 0: never wait */
	}
	while (iov_iter_count(to)) {
		if (!input_ready(t)) {
			if (expired)
				break;
			if (f->flags & O_NONBLOCK) {
				err = -EAGAIN;
				break;
			}
			if (wait_sleep_until(&t->read_wait, deadline)) {
				err = -EINTR;
				break;
			}
			if (deadline && jiffies >= deadline && !input_ready(t))
				expired = true;
			continue;
		}
		ssize_t n = copy_input(t, to, canon, &eof);
		if (n < 0) {
			err = n;
			break;
		}
		total += n;
		if (canon || total >= min)
			break;
		if (interbyte)
			deadline = jiffies + interbyte;
	}
	return total ? (ssize_t)total : err;
}

/* Job control before a write to t: with TOSTOP, a background process gets
 * SIGTTOU. Returns 0 to go on, -EINTR or -EIO. */
int tty_write_allowed(struct tty *t)
{
	return L(t, TOSTOP) ? job_control(t, SIGTTOU) : 0;
}

/* write(2) to t: the bytes go out through c_oflag. With TOSTOP, a
 * background process gets SIGTTOU first. Returns the bytes written,
 * -EINTR, -EIO, or -EFAULT when none could be. */
ssize_t tty_write(struct tty *t, struct file *f, struct iov_iter *from)
{
	char buf[256];
	size_t total = 0;

	int err = tty_write_allowed(t);

	if (err)
		return err;
	while (iov_iter_count(from)) {
		size_t want = min(sizeof(buf), iov_iter_count(from));
		size_t n = copy_from_iter(buf, want, from);
		tty_output(t, buf, n);
		total += n;
		if (n < want)
			return total ? (ssize_t)total : -EFAULT;
	}
	return total;
}

/* Readable: a line (or, without ICANON, VMIN bytes when VTIME is 0, else
 * one byte) is waiting; always writable. */
unsigned int tty_poll(struct tty *t, struct file *f, struct poll_table *pt)
{
	unsigned int mask = POLLOUT | POLLWRNORM;
	uint32_t need = 1;

	poll_wait(f, &t->read_wait, pt);
	if (!L(t, ICANON) && !CC(t, VTIME) && CC(t, VMIN))
		need = CC(t, VMIN);
	if (t->w - t->r >= need)
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

/* Every process of session sid loses its controlling terminal. */
static void session_clear_tty(pid_t sid)
{
	struct proc *p;

	for_each_pid_member(p, PIDTYPE_SID, sid) p->tty = NULL;
}

/* Make t the controlling terminal of p's session, p's group in front. */
static void set_ctty(struct tty *t, struct proc *p)
{
	t->session = p->sid;
	t->pgrp = p->pgid;
	p->tty = t;
}

/* The session that t controls lets go of it (a leader's TIOCNOTTY, or its
 * exit): the foreground group gets SIGHUP (and SIGCONT unless on_exit). */
static void disassociate(struct tty *t, bool on_exit)
{
	if (t->pgrp) {
		kill_pgrp(t->pgrp, SIGHUP);
		if (!on_exit)
			kill_pgrp(t->pgrp, SIGCONT);
	}
	session_clear_tty(t->session);
	t->session = t->pgrp = 0;
}

/* An open of t without O_NOCTTY by a session leader that has no
 * controlling terminal, for reading, takes t if no session has it.
 * Returns 0. */
int tty_open_ctty(struct tty *t, struct file *f)
{
	struct proc *p = current;

	if (!(f->flags & O_NOCTTY) && p->sid == p->pid && !p->tty && !t->session &&
	    file_readable(f))
		set_ctty(t, p);
	return 0;
}

/* A dying session leader p lets go of its controlling terminal, as Linux's
 * disassociate_ctty(1). */
void tty_exit(struct proc *p)
{
	struct tty *t = p->tty;

	if (t && p->sid == p->pid && t->session == p->sid)
		disassociate(t, true);
}

/* TIOCSCTTY: t becomes the caller's controlling terminal. Returns 0 (also
 * when it is already); -EPERM for a process that is not a session leader
 * or has another, or for a terminal of another session unless steal (1:
 * allowed, everyone being root). */
static long tiocsctty(struct tty *t, unsigned long steal)
{
	struct proc *p = current;

	if (p->sid == p->pid && t->session == p->sid)
		return 0;
	if (p->sid != p->pid || p->tty)
		return -EPERM;
	if (t->session) {
		if (steal != 1)
			return -EPERM;
		session_clear_tty(t->session);
	}
	set_ctty(t, p);
	return 0;
}

/* Is some process of session sid in group pgid, or is pgid the pid of a
 * process of sid (Linux's session_of_pgrp falls back on that)? Returns 1,
 * 0 when such processes exist only in other sessions, -1 when none does. */
static int pgrp_in_session(pid_t pgid, pid_t sid)
{
	int found = -1;
	struct proc *q;

	for_each_pid_member(q, PIDTYPE_PGID, pgid)
	{
		if (q->state == P_ZOMBIE)
			continue;
		if (q->sid == sid)
			return 1;
		found = 0;
	}
	if (found < 0) {
		q = proc_find(pgid);
		if (q && q->state != P_ZOMBIE)
			found = q->sid == sid;
	}
	return found;
}

/* TIOCSPGRP (tcsetpgrp): the foreground group becomes *arg. Returns 0;
 * -ENOTTY unless t is the caller's controlling terminal (or from an
 * orphaned background group); -EINTR (SIGTTOU sent, from the background);
 * -EFAULT; -EINVAL for a negative group; -ESRCH for none; -EPERM for a
 * group of another session. */
static long tiocspgrp(struct tty *t, unsigned long arg)
{
	int pgid, err = job_control(t, SIGTTOU);

	if (err)
		return err == -EIO ? -ENOTTY : err;
	if (get_user(pgid, (int __user *)arg))
		return -EFAULT;
	if (pgid < 0)
		return -EINVAL;
	if (current->tty != t || t->session != current->sid)
		return -ENOTTY;
	int in = pgrp_in_session(pgid, current->sid);
	if (in < 0)
		return -ESRCH;
	if (!in)
		return -EPERM;
	t->pgrp = pgid;
	return 0;
}

/* TCGETS into arg; TCSETS, TCSETSW, TCSETSF (which flushes the input)
 * from it. A change of ICANON makes what was typed readable. Returns 0,
 * -EFAULT, or job control's -EINTR/-EIO. */
static long termios_ioctl(struct tty *t, unsigned int cmd, unsigned long arg)
{
	struct kernel_termios n;

	if (cmd == TCGETS)
		return copy_to_user((void __user *)arg, &t->termios, sizeof(n)) ? -EFAULT : 0;
	int err = job_control(t, SIGTTOU);
	if (err)
		return err;
	if (copy_from_user(&n, (const void __user *)arg, sizeof(n)))
		return -EFAULT;
	if (cmd == TCSETSF)
		flush_input(t);
	t->termios = n;
	if (!L(t, ICANON) && t->w != t->e)
		commit(t);
	return 0;
}

/* The bytes a read could take now (FIONREAD), VEOF marks not counted. */
static int input_count(struct tty *t)
{
	int n = 0;

	for (uint32_t i = t->r; i != t->w; i++)
		n += t->mark[i % TTY_BUF] != TTY_EOF;
	return n;
}

/* TIOCSWINSZ: a new size from arg; SIGWINCH to the foreground group when
 * it changed. Returns 0 or -EFAULT. */
static long set_winsize(struct tty *t, unsigned long arg)
{
	struct winsize ws;

	if (copy_from_user(&ws, (const void __user *)arg, sizeof(ws)))
		return -EFAULT;
	if (memcmp(&ws, &t->winsize, sizeof(ws))) {
		t->winsize = ws;
		if (t->pgrp)
			kill_pgrp(t->pgrp, SIGWINCH);
	}
	return 0;
}

/* TCFLSH (arg TCIFLUSH, TCOFLUSH, TCIOFLUSH), TCXONC (TCOOFF..TCION,
 * accepted: output is never held), TCSBRK/TCSBRKP (nothing to drain):
 * Returns 0, -EINVAL for another arg, or job control's -EINTR/-EIO. */
static long flow_ioctl(struct tty *t, unsigned int cmd, unsigned long arg)
{
	int err = job_control(t, SIGTTOU);

	if (err)
		return err;
	if (cmd == TCFLSH) {
		if (arg > TCIOFLUSH)
			return -EINVAL;
		if (arg == TCIFLUSH || arg == TCIOFLUSH)
			flush_input(t);
	} else if (cmd == TCXONC && arg > TCION) {
		return -EINVAL;
	}
	return 0;
}

/* The terminal ioctls of t, as Linux's tty_ioctl and n_tty_ioctl.
 * Returns 0 or a value, -errno as each case says, -ENOTTY for others. */
long tty_ioctl(struct tty *t, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct proc *p = current;

	switch (cmd) {
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return termios_ioctl(t, cmd, arg);
	case TIOCGWINSZ:
		return copy_to_user((void __user *)arg, &t->winsize, sizeof(t->winsize)) ? -EFAULT
											 : 0;
	case TIOCSWINSZ:
		return set_winsize(t, arg);
	case FIONREAD:
		return put_user(input_count(t), (int __user *)arg);
	case TIOCOUTQ:
		return put_user(0, (int __user *)arg); /* output never waits */
	case TCFLSH:
	case TCXONC:
	case TCSBRK:
	case TCSBRKP:
		return flow_ioctl(t, cmd, arg);
	case TIOCSTI: {
		char c;
		if (get_user(c, (const char __user *)arg))
			return -EFAULT;
		tty_input(t, c);
		return 0;
	}
	case TIOCSCTTY:
		return tiocsctty(t, arg);
	case TIOCNOTTY:
		if (p->tty != t)
			return -ENOTTY;
		if (p->sid == p->pid)
			disassociate(t, false);
		p->tty = NULL;
		return 0;
	case TIOCGPGRP:
		if (p->tty != t)
			return -ENOTTY;
		return put_user(t->pgrp, (int __user *)arg);
	case TIOCSPGRP:
		return tiocspgrp(t, arg);
	case TIOCGSID:
		if (p->tty != t || !t->session)
			return -ENOTTY;
		return put_user(t->session, (int __user *)arg);
	}
	return -ENOTTY;
}
