/*
 * splice_pipes: splice(2) from pipe to pipe, and how every splice waits.
 *
 * Pipe to pipe: whole buffers move (a moved buffer may still be topped up
 * by a small write, as Linux's), a part of one is split off (that copy is
 * never topped up), a len past the data moves what there is, the output
 * filling ends it with a partial count; EAGAIN from an empty input or a
 * full output with SPLICE_F_NONBLOCK or O_NONBLOCK on either end, 0 from
 * an empty input with no writer, EPIPE (and SIGPIPE, which kills by
 * default) on an output with no reader. Waiting: a splice out of an empty
 * pipe sleeps until a writer comes; one into a full pipe until a reader
 * makes room; a signal ends either with EINTR, or restarts it under
 * SA_RESTART. A FIFO splices as a pipe.
 */
#include "splice_raw.h"
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>

/* Nonblocking writes of n bytes into fd until one fails: how many went in. */
static int writes_until_full(long fd, unsigned n)
{
	int count = 0;
	long fl = RSYS(SYS_fcntl64, fd, F_GETFL);

	RSYS(SYS_fcntl64, fd, F_SETFL, fl | O_NONBLOCK);
	while (write_pat(fd, 0, n) == (long)n)
		count++;
	RSYS(SYS_fcntl64, fd, F_SETFL, fl);
	return count;
}

/* Drains fd (nonblocking); returns the bytes read. */
static long drain(long fd)
{
	static char b[65536];
	long fl = RSYS(SYS_fcntl64, fd, F_GETFL), n = 0, r;

	RSYS(SYS_fcntl64, fd, F_SETFL, fl | O_NONBLOCK);
	while ((r = RSYS(SYS_read, fd, b, sizeof(b))) > 0)
		n += r;
	RSYS(SYS_fcntl64, fd, F_SETFL, fl);
	return n;
}

static void moves(void)
{
	int a[2], b[2];

	mkpipe(a, 0);
	mkpipe(b, 0);
	write_pat(a[1], 0, 3 * PAGE);
	is(splice_raw(a[0], NULL, b[1], NULL, 2 * PAGE, 0), 2 * PAGE, "two whole buffers move");
	is(nread(a[0]), PAGE, "one stays behind");
	ok(read_is_pat(b[0], 0, 2 * PAGE), "the moved bytes, in order");
	ok(read_is_pat(a[0], 2 * PAGE, PAGE), "the rest, in order");

	write_pat(a[1], 0, 100);
	is(splice_raw(a[0], NULL, b[1], NULL, 30, 0), 30, "30 of a 100-byte buffer: split");
	is(nread(a[0]), 70, "70 stay");
	is(nread(b[0]), 30, "30 went");
	is(revents(a[0], POLLIN) | revents(b[0], POLLIN), POLLIN, "both read ends readable");
	write_pat(b[1], 30, 1);
	is(writes_until_full(b[1], PAGE), 14, "the split copy is not topped up: 14 pages fit after");
	ok(read_is_pat(b[0], 0, 30) && read_is_pat(b[0], 30, 1), "its bytes, then the write's");
	drain(b[0]);
	ok(read_is_pat(a[0], 30, 70), "the rest of the source buffer");

	write_pat(a[1], 0, 100);
	is(splice_raw(a[0], NULL, b[1], NULL, 100, 0), 100, "a whole 100-byte buffer moves");
	write_pat(b[1], 100, 1);
	is(writes_until_full(b[1], PAGE), 15, "and is topped up by a small write: 15 pages fit");
	ok(read_is_pat(b[0], 0, 101), "its bytes and the write's, in one buffer");
	drain(b[0]);

	write_pat(a[1], 0, 5000);
	is(splice_raw(a[0], NULL, b[1], NULL, 100000, 0), 5000, "len past the data: what is there");
	ok(read_is_pat(b[0], 0, 5000), "the bytes");

	is(writes_until_full(b[1], PAGE), 16, "fill the output");
	write_pat(a[1], 0, 10);
	is(splice_raw(a[0], NULL, b[1], NULL, 10, SPLICE_F_NONBLOCK), -EAGAIN,
	   "full output, SPLICE_F_NONBLOCK: EAGAIN");
	drain(b[0]);
	is(writes_until_full(b[1], PAGE), 16, "fill it again");
	RSYS(SYS_read, b[0], (char[PAGE]){ 0 }, PAGE);
	write_pat(a[1], 10, 2 * PAGE);
	is(splice_raw(a[0], NULL, b[1], NULL, 3 * PAGE, 0), 10,
	   "room for one buffer: the first moves, then it stops");
	drain(a[0]);
	drain(b[0]);

	is(splice_raw(a[0], NULL, b[1], NULL, 10, SPLICE_F_NONBLOCK), -EAGAIN,
	   "empty input, SPLICE_F_NONBLOCK: EAGAIN");
	RSYS(SYS_fcntl64, a[0], F_SETFL, O_NONBLOCK);
	is(splice_raw(a[0], NULL, b[1], NULL, 10, 0), -EAGAIN, "empty input, O_NONBLOCK in: EAGAIN");
	RSYS(SYS_fcntl64, a[0], F_SETFL, 0);
	RSYS(SYS_fcntl64, b[1], F_SETFL, O_NONBLOCK);
	is(splice_raw(a[0], NULL, b[1], NULL, 10, 0), -EAGAIN, "empty input, O_NONBLOCK out: EAGAIN");
	RSYS(SYS_fcntl64, b[1], F_SETFL, 0);
	RSYS(SYS_close, a[1]);
	a[1] = -1;
	is(splice_raw(a[0], NULL, b[1], NULL, 10, 0), 0, "empty input, no writer: 0");

	mkpipe(a, 0);
	write_pat(a[1], 0, 10);
	RSYS(SYS_close, b[0]);
	b[0] = -1;
	signal(SIGPIPE, SIG_IGN);
	is(splice_raw(a[0], NULL, b[1], NULL, 10, 0), -EPIPE, "output with no reader: EPIPE");
	is(nread(a[0]), 10, "the input keeps its data");
	signal(SIGPIPE, SIG_DFL);
	long pid = rfork();
	if (pid == 0)
		rexit(splice_raw(a[0], NULL, b[1], NULL, 10, 0) == -EPIPE ? 3 : 4);
	is_signal(rwait(pid), SIGPIPE, "and SIGPIPE, which kills by default");
	closep(a);
	closep(b);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Arms SIGALRM in ms milliseconds, with SA_RESTART or not. */
static void alarm_in(int ms, int restart)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { 0, ms * 1000 } };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* In a child: sleeps ms, then writes n bytes of pat(0..) into fd, or
 * (n == 0) reads a page from fd. */
static long later(long fd, int ms, unsigned n)
{
	long pid = rfork();

	if (pid == 0) {
		struct timespec ts = { 0, ms * 1000000L };
		RSYS(SYS_nanosleep, &ts, NULL);
		if (n)
			write_pat(fd, 0, n);
		else
			RSYS(SYS_read, fd, (char[PAGE]){ 0 }, PAGE);
		rexit(0);
	}
	return pid;
}

static void waits(const char *path)
{
	int p[2];
	long fd = ropen(path, O_RDWR | O_CREAT | O_TRUNC, 0644), pid;

	mkpipe(p, 0);
	pid = later(p[1], 50, 700);
	is(splice_raw(p[0], NULL, fd, NULL, 1000, 0), 700, "empty pipe -> file waits for a writer");
	is_exit(rwait(pid), 0, "the writer");
	ok(RSYS(SYS_pread64, fd, (char[700]){ 0 }, 700, 0, 0) == 700, "the file has its bytes");

	alarm_in(50, 0);
	is(splice_raw(p[0], NULL, fd, NULL, 1000, 0), -EINTR, "a signal ends the wait: EINTR");
	alarm_in(50, 1);
	pid = later(p[1], 150, 300);
	is(splice_raw(p[0], NULL, fd, NULL, 1000, 0), 300, "under SA_RESTART it goes on");
	rwait(pid);

	is(writes_until_full(p[1], PAGE), 16, "fill the pipe");
	pid = later(p[0], 50, 0);
	is(splice_raw(fd, &(long long){ 0 }, p[1], NULL, 1000, 0), 1000,
	   "file -> full pipe waits for room");
	rwait(pid);
	alarm_in(50, 0);
	is(splice_raw(fd, &(long long){ 0 }, p[1], NULL, 1000, 0), -EINTR,
	   "a signal ends that wait: EINTR");
	closep(p);
	RSYS(SYS_close, fd);
	RSYS(SYS_unlink, path);
}

static void fifo(const char *path, const char *file)
{
	long f = mkpat(file, 3000);

	RSYS(SYS_mknod, path, S_IFIFO | 0600, 0);
	long rw = ropen(path, O_RDWR, 0);
	is(splice_raw(f, NULL, rw, NULL, 5000, 0), 3000, "file -> FIFO: the file");
	ok(read_is_pat(rw, 0, 3000), "read back from the FIFO");
	is(splice_raw(rw, &(long long){ 0 }, f, NULL, 1, 0), -ESPIPE, "an offset for it: ESPIPE");
	RSYS(SYS_close, rw);
	RSYS(SYS_close, f);
	RSYS(SYS_unlink, path);
	RSYS(SYS_unlink, file);
}

int main(void)
{
	char a[64], b[64], c[64];

	plan(38);
	moves();
	waits(tmpname(a, "splice_pipes"));
	fifo(tmpname(b, "splice_pipes"), tmpname(c, "splice_pipes"));
	return done();
}
