/*
 * fs_fifo: named pipes (mkfifo, mknod S_IFIFO) and Linux's open rules.
 *
 * An O_RDONLY open waits for a writer and an O_WRONLY open for a reader;
 * O_RDONLY|O_NONBLOCK succeeds at once, O_WRONLY|O_NONBLOCK with no reader
 * is ENXIO, O_RDWR never waits. A waiting open ends with EINTR on a signal
 * whose handler lacks SA_RESTART and is restarted under SA_RESTART. Once
 * open, the ends behave as a pipe's (data, EOF, EPIPE/SIGPIPE, poll), and
 * when every end is closed the FIFO keeps nothing.
 *
 * Every order is tried with fork: reader first or writer first, in the
 * parent or in the child. The partner writes a token into an ordinary
 * pipe just before its own open, so the waiting side can check that its
 * open returned only once the partner came. Children report through
 * their exit status and never print.
 */
#include "raw.h"
#include <poll.h>
#include <signal.h>
#include <sys/time.h>

#define NR_setitimer 104

static char path[64], path2[64];
static char buf[256];
static volatile int alarms;

/* Sleeps for ms milliseconds. */
static void nap(long ms)
{
	long ts[2] = { 0, ms * 1000000 };

	RSYS(SYS_nanosleep, ts, NULL);
}

/* SIGALRM handler: counts. */
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* Installs on_alarm for SIGALRM with flags; arms a one-shot ms timer. */
static void alarm_in(long ms, int flags)
{
	struct sigaction sa;
	long it[4] = { 0, 0, ms / 1000, (ms % 1000) * 1000 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, 0);
	alarms = 0;
	sys3(NR_setitimer, ITIMER_REAL, it, 0);
}

/* Events poll reports on fd now (timeout 0), or -errno. */
static long poll_now(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };
	long r = RSYS(SYS_poll, &p, 1, 0);

	return r < 0 ? r : r == 0 ? 0 : p.revents;
}

/* Is a byte waiting in the (non-blocking) pipe read end fd? Takes it. */
static int token_there(int fd)
{
	char c;

	return RSYS(SYS_read, fd, &c, 1) == 1;
}

/* Nodes: mkfifo and mknod make FIFOs; bad names fail as on Linux. */
static void nodes(void)
{
	struct stat st;

	is(mkfifo(path, 0640), 0, "mkfifo makes a FIFO");
	ok(stat(path, &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0640 &&
		   st.st_size == 0 && st.st_nlink == 1,
	   "stat: S_IFIFO, mode 0640, size 0, one link");
	is_errno(mkfifo(path, 0600), EEXIST, "mkfifo onto an existing name: EEXIST");
	is(mknod(path2, S_IFIFO | 0600, 0), 0, "mknod S_IFIFO makes a FIFO");
	ok(stat(path2, &st) == 0 && S_ISFIFO(st.st_mode), "stat of the mknod FIFO: S_IFIFO");
	is(unlink(path2), 0, "unlink the mknod FIFO");
	is_errno(mkfifo("/tmp/no-such-dir/f", 0600), ENOENT, "mkfifo in a missing directory: ENOENT");
	is_err(RSYS(SYS_mknod, NULL, S_IFIFO | 0600, 0), EFAULT, "mknod FIFO with a NULL path: EFAULT");
	is_err(RSYS(SYS_mknod, KERNEL_TEXT, S_IFIFO | 0600, 0), EFAULT,
	       "mknod FIFO with a kernel path: EFAULT");
	is_err(RSYS(SYS_mknod, unmapped(), S_IFIFO | 0600, 0), EFAULT,
	       "mknod FIFO with an unmapped path: EFAULT");
	is_err(ropen(path, O_RDONLY | O_NONBLOCK | O_DIRECTORY, 0), ENOTDIR,
	       "open a FIFO with O_DIRECTORY: ENOTDIR");
	is_err(ropen(path, O_RDONLY | O_NONBLOCK | O_CREAT | O_EXCL, 0600), EEXIST,
	       "open a FIFO with O_CREAT|O_EXCL: EEXIST");
}

/* The non-blocking rules, in one process. */
static void nonblocking(void)
{
	long r, w, rw;

	is_err(ropen(path, O_WRONLY | O_NONBLOCK, 0), ENXIO,
	       "O_WRONLY|O_NONBLOCK with no reader: ENXIO");
	/* 3, not O_ACCMODE: musl's O_ACCMODE includes O_PATH */
	is_err(ropen(path, 3 | O_NONBLOCK, 0), EINVAL, "access mode 3 on a FIFO: EINVAL");
	is_err(ropen(path, 3, 0), EINVAL, "access mode 3 on a FIFO, blocking: EINVAL at once");
	r = ropen(path, O_RDONLY | O_NONBLOCK, 0);
	ok(r >= 0, "O_RDONLY|O_NONBLOCK with no writer opens at once");
	is(RSYS(SYS_read, r, buf, 10), 0, "its read with no writer: 0 (end of file)");
	is(poll_now(r, POLLIN), 0, "poll: no writer has come yet, so not even POLLHUP");
	is(RSYS(SYS_lseek, r, 0, SEEK_CUR), -ESPIPE, "lseek on a FIFO: ESPIPE");
	w = ropen(path, O_WRONLY | O_NONBLOCK, 0);
	ok(w >= 0, "O_WRONLY|O_NONBLOCK with a reader opens");
	is(poll_now(w, POLLOUT), POLLOUT, "poll: the write end is writable");
	is(RSYS(SYS_read, r, buf, 10), -EAGAIN, "read of an empty FIFO with a writer: EAGAIN");
	is(RSYS(SYS_write, w, "fifo", 4), 4, "write 4 bytes");
	is(poll_now(r, POLLIN), POLLIN, "poll: the read end is readable");
	ok(RSYS(SYS_read, r, buf, 10) == 4 && !memcmp(buf, "fifo", 4), "read them back");
	is(RSYS(SYS_read, w, buf, 1), -EBADF, "read from the write end: EBADF");
	is(RSYS(SYS_write, r, "x", 1), -EBADF, "write to the read end: EBADF");
	RSYS(SYS_close, w);
	is(poll_now(r, POLLIN), POLLHUP, "poll after the writer went: POLLHUP");
	is(RSYS(SYS_read, r, buf, 10), 0, "read after the writer went: end of file");
	w = ropen(path, O_WRONLY | O_NONBLOCK, 0);
	is(poll_now(r, POLLIN), 0, "a new writer: no POLLHUP any more");
	RSYS(SYS_close, r);
	signal(SIGPIPE, SIG_IGN);
	is(RSYS(SYS_write, w, "x", 1), -EPIPE, "write with the reader gone: EPIPE");
	is(poll_now(w, POLLOUT), POLLOUT | POLLERR, "poll with the reader gone: POLLOUT|POLLERR");
	signal(SIGPIPE, SIG_DFL);
	RSYS(SYS_close, w);

	rw = ropen(path, O_RDWR, 0);
	ok(rw >= 0, "O_RDWR with nobody else opens at once");
	is(RSYS(SYS_write, rw, "abc", 3), 3, "write through the O_RDWR end");
	is(RSYS(SYS_read, rw, buf, 2), 2, "read part of it back");
	w = ropen(path, O_WRONLY, 0);
	ok(w >= 0, "a blocking O_WRONLY open with a reader (O_RDWR) does not wait");
	r = ropen(path, O_RDONLY, 0);
	ok(r >= 0, "a blocking O_RDONLY open with a writer does not wait");
	ok(RSYS(SYS_read, r, buf, 10) == 1 && buf[0] == 'c', "another reader shares the data");
	RSYS(SYS_close, w);
	RSYS(SYS_close, r);
	is(RSYS(SYS_write, rw, "left", 4), 4, "write data nobody reads");
	RSYS(SYS_close, rw);
	r = ropen(path, O_RDONLY | O_NONBLOCK, 0);
	is(RSYS(SYS_read, r, buf, 10), 0, "all closed, then reopened: the FIFO kept nothing");
	rw = ropen(path, O_RDWR | O_NONBLOCK, 0);
	is(RSYS(SYS_read, rw, buf, 10), -EAGAIN, "and with a writer it is empty: EAGAIN");
	RSYS(SYS_close, r);
	RSYS(SYS_close, rw);
	struct stat st;
	ok(stat(path, &st) == 0 && st.st_size == 0, "the node still has size 0");
}

/* Child of the ordered opens: nap delay ms, tell the parent through tok,
 * open path with flags, check the parent's token on seen (so the open
 * returned only once the parent was opening too), then write "hello"
 * (writer) or read it and then end of file. Exits 0 iff all went. */
static void partner(int tok, int seen, long delay, int flags, int writer)
{
	nap(delay);
	RSYS(SYS_write, tok, "t", 1);
	long fd = ropen(path, flags, 0);
	if (fd < 0)
		rexit(1);
	if (!token_there(seen))
		rexit(5);
	if (writer) {
		if (RSYS(SYS_write, fd, "hello", 5) != 5)
			rexit(2);
	} else {
		char b[8];
		struct pollfd p = { (int)fd, POLLIN, 0 };
		RSYS(SYS_poll, &p, 1, -1);
		if (RSYS(SYS_read, fd, b, 8) != 5 || memcmp(b, "hello", 5))
			rexit(3);
		RSYS(SYS_poll, &p, 1, -1);
		if (RSYS(SYS_read, fd, b, 8) != 0)
			rexit(4);
	}
	rexit(0);
}

/* A non-blocking pipe for tokens: p[0] non-blocking. */
static void token_pipe(int p[2])
{
	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
}

/* The parent naps pdelay ms and opens with pflags, the child naps cdelay
 * ms and opens with cflags: the one that comes first waits for the
 * other. Then "hello" goes from the writing side to the reading one. */
static void ordered(const char *what, int pflags, long pdelay, int cflags, long cdelay)
{
	int c2p[2], p2c[2];
	int st = -1;
	int pwrites = (pflags & O_ACCMODE) == O_WRONLY;

	token_pipe(c2p);
	token_pipe(p2c);
	long pid = rfork();
	if (pid == 0) {
		RSYS(SYS_close, c2p[0]);
		RSYS(SYS_close, p2c[1]);
		partner(c2p[1], p2c[0], cdelay, cflags, !pwrites);
	}
	RSYS(SYS_close, c2p[1]);
	RSYS(SYS_close, p2c[0]);
	nap(pdelay);
	RSYS(SYS_write, p2c[1], "t", 1);
	long fd = ropen(path, pflags, 0);
	ok(fd >= 0 && token_there(c2p[0]), "%s: the open returned once the other came", what);
	if (pwrites) {
		is(RSYS(SYS_write, fd, "hello", 5), 5, "%s: write to the child", what);
		RSYS(SYS_close, fd);
	} else {
		char b[8];
		ok(RSYS(SYS_read, fd, b, 8) == 5 && !memcmp(b, "hello", 5), "%s: read the child's data",
		   what);
		is(RSYS(SYS_read, fd, b, 8), 0, "%s: then end of file", what);
		RSYS(SYS_close, fd);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 0, "%s: the child's side went well", what);
	RSYS(SYS_close, c2p[0]);
	RSYS(SYS_close, p2c[1]);
}

/* Two readers wait at once; one writer releases both. */
static void two_readers(void)
{
	long pids[2];
	int st;

	for (int i = 0; i < 2; i++) {
		pids[i] = rfork();
		if (pids[i] == 0) {
			long fd = ropen(path, O_RDONLY, 0);
			char b[4];
			long n = RSYS(SYS_read, fd, b, 4);
			rexit(fd >= 0 && (n == 0 || n == 1) ? 0 : 1);
		}
	}
	nap(100);
	long w = ropen(path, O_WRONLY, 0);
	ok(w >= 0, "a writer opens with two readers waiting");
	RSYS(SYS_close, w);
	for (int i = 0; i < 2; i++) {
		st = -1;
		waitpid(pids[i], &st, 0);
		is_exit(st, 0, "reader %d woke and saw end of file", i + 1);
	}
}

/* A waiting open and signals: EINTR without SA_RESTART, restarted with it. */
static void signals(void)
{
	alarm_in(50, 0);
	is_err(ropen(path, O_RDONLY, 0), EINTR, "a waiting O_RDONLY open: EINTR at a signal");
	is(alarms, 1, "the handler ran once");
	alarm_in(50, 0);
	is_err(ropen(path, O_WRONLY, 0), EINTR, "a waiting O_WRONLY open: EINTR at a signal");
	is_err(ropen(path, O_WRONLY | O_NONBLOCK, 0), ENXIO,
	       "the interrupted reader is not counted: ENXIO");
	long r = ropen(path, O_RDONLY | O_NONBLOCK, 0);
	is(RSYS(SYS_read, r, buf, 1), 0, "the interrupted writer is not counted: end of file");
	RSYS(SYS_close, r);

	int tok[2], ptok[2];
	int st = -1;
	token_pipe(tok);
	token_pipe(ptok);
	RSYS(SYS_write, ptok[1], "t", 1);
	long pid = rfork();
	if (pid == 0) {
		RSYS(SYS_close, tok[0]);
		partner(tok[1], ptok[0], 300, O_WRONLY, 1);
	}
	RSYS(SYS_close, tok[1]);
	RSYS(SYS_close, ptok[0]);
	RSYS(SYS_close, ptok[1]);
	alarm_in(50, SA_RESTART);
	long fd = ropen(path, O_RDONLY, 0);
	ok(fd >= 0 && token_there(tok[0]), "under SA_RESTART the open is restarted and waits on");
	is(alarms, 1, "the handler ran once meanwhile");
	ok(RSYS(SYS_read, fd, buf, 8) == 5 && !memcmp(buf, "hello", 5), "and the data comes");
	RSYS(SYS_close, fd);
	waitpid(pid, &st, 0);
	is_exit(st, 0, "the writer child went well");
	RSYS(SYS_close, tok[0]);
	signal(SIGALRM, SIG_DFL);
}

/* A writer killed by SIGPIPE; an unlinked FIFO still carries data. */
static void sigpipe_and_unlink(void)
{
	int st = -1;
	long rw = ropen(path, O_RDWR, 0);
	long w = ropen(path, O_WRONLY, 0);
	RSYS(SYS_close, rw);
	long pid = rfork();
	if (pid == 0) {
		RSYS(SYS_write, w, "x", 1);
		rexit(0);
	}
	waitpid(pid, &st, 0);
	is_signal(st, SIGPIPE, "a write with no reader kills by SIGPIPE");
	RSYS(SYS_close, w);

	rw = ropen(path, O_RDWR, 0);
	is(unlink(path), 0, "unlink the FIFO while open");
	is(RSYS(SYS_write, rw, "zz", 2), 2, "the unlinked FIFO takes data");
	is(RSYS(SYS_read, rw, buf, 10), 2, "and gives it back");
	RSYS(SYS_close, rw);
	is_err(ropen(path, O_RDONLY | O_NONBLOCK, 0), ENOENT, "its name is gone: ENOENT");
}

/* /proc/self/fd/N of a pipe opens that same pipe, as a FIFO opens. */
static void proc_fd_of_pipe(void)
{
	int p[2];
	char name[64];

	pipe(p);
	RSYS(SYS_write, p[1], "xy", 2);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", p[0]);
	long r = ropen(name, O_RDONLY | O_NONBLOCK, 0);
	ok(r >= 0 && RSYS(SYS_read, r, buf, 10) == 2 && !memcmp(buf, "xy", 2),
	   "/proc/self/fd/N of a pipe's read end reads that pipe");
	snprintf(name, sizeof(name), "/proc/self/fd/%d", p[1]);
	long w = ropen(name, O_WRONLY, 0);
	ok(w >= 0 && RSYS(SYS_write, w, "z", 1) == 1 && RSYS(SYS_read, p[0], buf, 10) == 1 &&
		   buf[0] == 'z',
	   "and of its write end writes into it");
	RSYS(SYS_close, r);
	RSYS(SYS_close, w);
	RSYS(SYS_close, p[1]);
	is(RSYS(SYS_read, p[0], buf, 10), 0, "with every writer closed, end of file");
	RSYS(SYS_close, p[0]);
}

int main(void)
{
	plan(83);
	tmpname(path, "fs_fifo");
	tmpname(path2, "fs_fifo");
	nodes();
	nonblocking();
	ordered("parent reads first, child writes", O_RDONLY, 0, O_WRONLY, 100);
	ordered("parent writes first, child reads", O_WRONLY, 0, O_RDONLY, 100);
	ordered("child reads first, parent writes", O_WRONLY, 100, O_RDONLY, 0);
	ordered("child writes first, parent reads", O_RDONLY, 100, O_WRONLY, 0);
	ordered("parent reads first, child O_RDWR", O_RDONLY, 0, O_RDWR, 100);
	ordered("parent writes first, child O_NONBLOCK reader", O_WRONLY, 0, O_RDONLY | O_NONBLOCK,
		100);
	two_readers();
	signals();
	sigpipe_and_unlink();
	proc_fd_of_pipe();
	return done();
}
