/*
 * fs_pipesz: a pipe's capacity in page-sized slots, as Linux counts it.
 *
 * A pipe holds 16 slots of one page. A write first tops up the last slot
 * with its tail (len % 4096 bytes) when that fits there, then fills whole
 * new slots; so how many writes of a given size fill a pipe, and when a
 * full pipe has room again, are the same here as on Linux. Also:
 * F_GETPIPE_SZ/F_SETPIPE_SZ (rounding to a power-of-two number of pages,
 * EBUSY below the slots in use, EINVAL, EBADF on non-pipes), pipe2's
 * flags (O_CLOEXEC, O_NONBLOCK, O_DIRECT packets, EINVAL otherwise) and
 * /proc/sys/fs/pipe-max-size, pipe-user-pages-soft and -hard.
 */
#include "raw.h"
#include <sys/ioctl.h>

#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#endif
#define O_DIRECT_I386 040000 /* the i386 value (musl and glibc agree) */

static unsigned char buf[70000];

#define RD(fd, b, n) RSYS(SYS_read, (fd), (b), (n))
#define WR(fd, b, n) RSYS(SYS_write, (fd), (b), (n))
#define FCNTL(fd, cmd, arg) RSYS(SYS_fcntl64, (fd), (cmd), (arg))

/* A pipe2 with flags into p; returns the raw result. */
static long mkpipe(int p[2], long flags)
{
	p[0] = p[1] = -1;
	return RSYS(SYS_pipe2, p, flags);
}

/* Closes both ends of p. */
static void closep(int p[2])
{
	RSYS(SYS_close, p[0]);
	RSYS(SYS_close, p[1]);
}

static long last_write; /* what the write that ended writes_until_full returned */

/* Writes of n bytes into the non-blocking write end fd until one does not
 * go in whole; returns how many did (last_write has the one that did not). */
static long writes_until_full(int fd, long n)
{
	long count = 0;

	for (;;) {
		last_write = WR(fd, buf, n);
		if (last_write != n)
			return count;
		count++;
	}
}

/* FIONREAD of fd. */
static long nread(int fd)
{
	int n = -1;

	RSYS(SYS_ioctl, fd, FIONREAD, &n);
	return n;
}

/* How many writes of each size fill a default pipe, and what room a read
 * gives back. */
static void slots(void)
{
	/* size, whole writes that fit, what the next one takes */
	static const long sizes[][3] = {
		{ 1000, 64, -EAGAIN },	{ 100, 640, -EAGAIN },	{ 4096, 16, -EAGAIN },
		{ 4097, 10, 4096 },	{ 2048, 32, -EAGAIN },	{ 3000, 16, -EAGAIN },
		{ 5000, 10, 4096 },	{ 8193, 6, 4096 },	{ 65536, 1, -EAGAIN },
		{ 65537, 0, 65536 },
	};
	int p[2];

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		mkpipe(p, O_NONBLOCK);
		long c = writes_until_full(p[1], sizes[i][0]);
		ok(c == sizes[i][1] && last_write == sizes[i][2],
		   "writes of %ld bytes: %ld fit, the next takes %ld", sizes[i][0], sizes[i][1],
		   sizes[i][2]);
		if (c != sizes[i][1] || last_write != sizes[i][2])
			diag("got %ld, then %ld", c, last_write);
		closep(p);
	}

	mkpipe(p, O_NONBLOCK);
	is(WR(p[1], buf, 100000), 65536, "a write of 100000 into an empty pipe takes 65536");
	is(nread(p[0]), 65536, "FIONREAD: 65536");
	is(WR(p[1], buf, 1), -EAGAIN, "then a 1-byte write: EAGAIN");
	closep(p);

	mkpipe(p, O_NONBLOCK);
	is(writes_until_full(p[1], 1000), 64, "64 writes of 1000 fill the pipe");
	is(nread(p[0]), 64000, "FIONREAD: 64000 (96 bytes of each slot unused)");
	is(WR(p[1], buf, 97), -EAGAIN, "97 bytes fit in no slot: EAGAIN");
	is(WR(p[1], buf, 96), 96, "96 bytes top up the last slot");
	is(WR(p[1], buf, 1), -EAGAIN, "then even 1 byte is EAGAIN");
	is(RD(p[0], buf, 1), 1, "read 1 byte");
	is(WR(p[1], buf, 1), -EAGAIN, "a byte of room is no room: the first slot is still in use");
	is(RD(p[0], buf, 3999), 3999, "read the rest of the first slot");
	is(WR(p[1], buf, 4096), 4096, "a whole slot is free again: a 4096-byte write fits");
	is(WR(p[1], buf, 1), -EAGAIN, "and the pipe is full again");
	closep(p);

	mkpipe(p, O_NONBLOCK);
	is(WR(p[1], buf, 10), 10, "10 bytes in an empty pipe");
	is(RD(p[0], buf, 10), 10, "read them");
	is(writes_until_full(p[1], 4096), 16, "the pipe empty again: 16 page writes fit");
	closep(p);
}

/* F_GETPIPE_SZ and F_SETPIPE_SZ. */
static void setsize(void)
{
	static const struct {
		long arg, want;
	} cases[] = {
		{ 0, 4096 },
		{ 1, 4096 },
		{ 4096, 4096 },
		{ 4097, 8192 },
		{ 65536, 65536 },
		{ 100000, 131072 },
		{ 1048576, 1048576 },
		{ 1048577, -EPERM },
		{ 0x7fffffffL, -EPERM },
		{ -1, -EINVAL },
		{ 0x80000001L, -EINVAL },
	};
	int p[2];
	long fd;

	mkpipe(p, O_NONBLOCK);
	is(FCNTL(p[0], F_GETPIPE_SZ, 0), 65536, "F_GETPIPE_SZ of the read end: 65536");
	is(FCNTL(p[1], F_GETPIPE_SZ, 0), 65536, "F_GETPIPE_SZ of the write end: 65536");
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is(FCNTL(p[1], F_SETPIPE_SZ, cases[i].arg), cases[i].want, "F_SETPIPE_SZ %ld",
		   cases[i].arg);
	is(FCNTL(p[0], F_GETPIPE_SZ, 0), 1048576, "the last size holds, seen from either end");
	is(FCNTL(p[0], F_SETPIPE_SZ, 1048576), 1048576, "setting the size it has is no growth");

	is(FCNTL(p[0], F_SETPIPE_SZ, 4096), 4096, "shrink to one page");
	is(WR(p[1], buf, 5000), 4096, "a 5000-byte write takes one page");
	is(WR(p[1], buf, 1), -EAGAIN, "one slot, full");
	is(RD(p[0], buf, 4095), 4095, "read all but a byte");
	is(WR(p[1], buf, 100), -EAGAIN, "the slot is in use and holds 1 byte at its end: EAGAIN");
	is(RD(p[0], buf, 10), 1, "read the last byte");
	is(WR(p[1], buf, 100), 100, "empty: the write fits");
	is(WR(p[1], buf, 100), 100, "a small write tops up the slot");
	is(WR(p[1], buf, 4096), -EAGAIN, "a page write needs a slot of its own: EAGAIN");
	closep(p);

	mkpipe(p, O_NONBLOCK);
	fill_pat(buf, 0, 3 * 4096 + 10);
	for (int i = 0; i < 3; i++)
		WR(p[1], buf + i * 4096, 4096);
	WR(p[1], buf + 3 * 4096, 10);
	is(FCNTL(p[1], F_SETPIPE_SZ, 8192), -EBUSY, "shrink below the 4 slots in use: EBUSY");
	is(FCNTL(p[1], F_GETPIPE_SZ, 0), 65536, "the size is unchanged");
	is(FCNTL(p[1], F_SETPIPE_SZ, 16384), 16384, "shrink to exactly the 4 slots in use");
	is(nread(p[0]), 3 * 4096 + 10, "no data lost");
	memset(buf, 0, 3 * 4096 + 10);
	ok(RD(p[0], buf, 20000) == 3 * 4096 + 10 && is_pat(buf, 0, 3 * 4096 + 10),
	   "the data comes back whole, in order");
	closep(p);

	fd = ropen("/dev/null", O_RDWR, 0);
	is(FCNTL(fd, F_GETPIPE_SZ, 0), -EBADF, "F_GETPIPE_SZ of /dev/null: EBADF");
	is(FCNTL(fd, F_SETPIPE_SZ, 4096), -EBADF, "F_SETPIPE_SZ of /dev/null: EBADF");
	RSYS(SYS_close, fd);
	is(FCNTL(-1, F_GETPIPE_SZ, 0), -EBADF, "F_GETPIPE_SZ of fd -1: EBADF");
	is(FCNTL(200, F_SETPIPE_SZ, 4096), -EBADF, "F_SETPIPE_SZ of a closed fd: EBADF");

	char path[64];
	tmpname(path, "fs_pipesz");
	mkfifo(path, 0600);
	long rw = ropen(path, O_RDWR | O_NONBLOCK, 0);
	is(FCNTL(rw, F_GETPIPE_SZ, 0), 65536, "a FIFO: F_GETPIPE_SZ 65536");
	is(FCNTL(rw, F_SETPIPE_SZ, 8192), 8192, "a FIFO: F_SETPIPE_SZ 8192");
	fd = ropen(path, O_RDONLY | O_NONBLOCK, 0);
	is(FCNTL(fd, F_GETPIPE_SZ, 0), 8192, "another open of the FIFO shares the size");
	RSYS(SYS_close, fd);
	RSYS(SYS_close, rw);
	rw = ropen(path, O_RDWR | O_NONBLOCK, 0);
	is(FCNTL(rw, F_GETPIPE_SZ, 0), 65536, "reopened after the last close: 65536 again");
	RSYS(SYS_close, rw);
	unlink(path);
}

/* pipe2's flags. */
static void flags(void)
{
	int p[2];

	is(mkpipe(p, 0), 0, "pipe2 with no flags");
	is(FCNTL(p[0], F_GETFL, 0), O_RDONLY, "F_GETFL of the read end: O_RDONLY");
	is(FCNTL(p[1], F_GETFL, 0), O_WRONLY, "F_GETFL of the write end: O_WRONLY");
	is(FCNTL(p[0], F_GETFD, 0), 0, "no FD_CLOEXEC");
	closep(p);
	is(mkpipe(p, O_CLOEXEC | O_NONBLOCK), 0, "pipe2 O_CLOEXEC|O_NONBLOCK");
	ok(FCNTL(p[0], F_GETFD, 0) == FD_CLOEXEC && FCNTL(p[1], F_GETFD, 0) == FD_CLOEXEC,
	   "both ends FD_CLOEXEC");
	ok(FCNTL(p[0], F_GETFL, 0) == (O_RDONLY | O_NONBLOCK) &&
		   FCNTL(p[1], F_GETFL, 0) == (O_WRONLY | O_NONBLOCK),
	   "both ends O_NONBLOCK");
	is(RD(p[0], buf, 1), -EAGAIN, "the empty read end: EAGAIN");
	closep(p);

	is(mkpipe(p, O_APPEND), -EINVAL, "pipe2 O_APPEND: EINVAL");
	is(mkpipe(p, O_TRUNC), -EINVAL, "pipe2 O_TRUNC: EINVAL");
	is(mkpipe(p, 0x80000000L), -EINVAL, "pipe2 with the top bit: EINVAL");
	is(mkpipe(p, O_DIRECTORY), -EINVAL, "pipe2 O_DIRECTORY: EINVAL");
	is(RSYS(SYS_pipe2, NULL, 0), -EFAULT, "pipe2(NULL): EFAULT");
	is(RSYS(SYS_pipe2, KERNEL_BASE, O_CLOEXEC), -EFAULT, "pipe2(kernel address): EFAULT");
	is(RSYS(SYS_pipe2, unmapped(), O_NONBLOCK), -EFAULT, "pipe2(unmapped): EFAULT");
	long fd = RSYS(SYS_dup, 0);
	is(RSYS(SYS_pipe2, NULL, 0), -EFAULT, "pipe2(NULL) again");
	is(RSYS(SYS_dup, 0), fd + 1, "a failed pipe2 leaves no fds behind");
	RSYS(SYS_close, fd);
	RSYS(SYS_close, fd + 1);
}

/* O_DIRECT: every write is a packet; a read takes at most one. */
static void packets(void)
{
	int p[2];

	is(mkpipe(p, O_DIRECT_I386 | O_NONBLOCK), 0, "pipe2 O_DIRECT");
	is(FCNTL(p[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK, "the read end has no O_DIRECT");
	is(FCNTL(p[1], F_GETFL, 0), O_WRONLY | O_NONBLOCK | O_DIRECT_I386,
	   "the write end has O_DIRECT: it makes packets");
	WR(p[1], "abc", 3);
	WR(p[1], "defg", 4);
	WR(p[1], "hi", 2);
	is(nread(p[0]), 9, "three packets: FIONREAD 9");
	ok(RD(p[0], buf, 100) == 3 && !memcmp(buf, "abc", 3), "a read of 100 returns one packet");
	ok(RD(p[0], buf, 2) == 2 && !memcmp(buf, "de", 2), "a short read takes part of the next");
	ok(RD(p[0], buf, 100) == 2 && !memcmp(buf, "hi", 2), "and the rest of that packet is gone");
	is(RD(p[0], buf, 100), -EAGAIN, "then the pipe is empty");
	fill_pat(buf, 0, 5000);
	is(WR(p[1], buf, 5000), 5000, "a write of 5000");
	is(RD(p[0], buf + 10000, 10000), 4096, "is a packet of a page");
	ok(RD(p[0], buf + 20000, 10000) == 904 && is_pat(buf + 10000, 0, 4096) &&
		   is_pat(buf + 20000, 4096, 904),
	   "and one of the rest");
	is(writes_until_full(p[1], 1), 16, "16 one-byte packets fill the pipe");
	closep(p);
}

/* /proc/sys/fs/pipe-max-size: readable; root may write it. */
static void maxsize(void)
{
	char b[32] = { 0 };
	long fd = ropen("/proc/sys/fs/pipe-max-size", O_RDONLY, 0);

	ok(fd >= 0 && RD(fd, b, sizeof(b) - 1) == 8 && !strcmp(b, "1048576\n"),
	   "pipe-max-size reads 1048576");
	RSYS(SYS_close, fd);
	fd = ropen("/proc/sys/fs/pipe-max-size", O_WRONLY, 0);
	is(WR(fd, "1048576\n", 8), 8, "writing the same value back succeeds");
	is(WR(fd, "abc\n", 4), -EINVAL, "writing a non-number: EINVAL");
	RSYS(SYS_close, fd);
	/* as Linux's numeric sysctls: one read from offset 0 gives the text */
	fd = ropen("/proc/sys/fs/pipe-max-size", O_RDONLY, 0);
	memset(b, 0, sizeof(b));
	ok(RD(fd, b, 3) == 3 && !strcmp(b, "104"), "a 3-byte read: the first 3 bytes");
	is(RD(fd, b, sizeof(b)), 0, "the next read: end of file");
	is(RSYS(SYS_pread64, fd, b, sizeof(b), 2, 0), 0, "a read at offset 2: end of file");
	RSYS(SYS_close, fd);
}

/* Writes str to the sysctl at path through a fresh open (a sysctl write
 * at an offset past 0 is taken as the tail of an earlier one on Linux);
 * returns write's result. */
static long sysctl_write(const char *path, const char *str)
{
	long fd = ropen(path, O_WRONLY, 0), r = WR(fd, str, strlen(str));

	RSYS(SYS_close, fd);
	return r;
}

/* Returns 1 if the sysctl at path reads exactly want. */
static int sysctl_is(const char *path, const char *want)
{
	char b[32] = { 0 };
	long fd = ropen(path, O_RDONLY, 0), r = RD(fd, b, sizeof(b) - 1);

	RSYS(SYS_close, fd);
	return r == (long)strlen(want) && !strcmp(b, want);
}

/* /proc/sys/fs/pipe-user-pages-soft and -hard: Linux's defaults (16384,
 * 0), and root may write a number (blanks around it allowed) but nothing
 * else. Only the values they hold are written, so a run elsewhere at the
 * same time sees no change. */
static void userpages(void)
{
	static const char *const names[] = { "/proc/sys/fs/pipe-user-pages-soft",
					     "/proc/sys/fs/pipe-user-pages-hard" };
	static const char *const want[] = { "16384\n", "0\n" };
	static const char *const spaced[] = { " 16384 \n", "\t0\n" };

	for (int k = 0; k < 2; k++) {
		const char *n = names[k] + 13;
		ok(sysctl_is(names[k], want[k]), "%s reads %.*s", n, (int)strlen(want[k]) - 1, want[k]);
		is(sysctl_write(names[k], "abc"), -EINVAL, "%s: a non-number is EINVAL", n);
		is(sysctl_write(names[k], "-1"), -EINVAL, "%s: -1 is EINVAL", n);
		is(sysctl_write(names[k], spaced[k]), (long)strlen(spaced[k]),
		   "%s: the same number with blanks around it is taken", n);
		ok(sysctl_is(names[k], want[k]), "%s: and reads back", n);
		is(sysctl_write(names[k], want[k]), (long)strlen(want[k]), "%s: written as read", n);
	}
}

int main(void)
{
	plan(110);
	slots();
	setsize();
	flags();
	packets();
	maxsize();
	userpages();
	return done();
}
