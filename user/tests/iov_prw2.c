/*
 * iov_prw2: preadv2 and pwritev2 (378, 379) on the preadv/pwritev path:
 * an offset in two registers (its high half counts), offset -1 meaning
 * the file position (which then moves, and makes a pipe fine), another
 * negative offset EINVAL, the flags XRWF_HIPRI/XRWF_DSYNC/XRWF_SYNC accepted,
 * XRWF_APPEND writing at the end, XRWF_NOWAIT on a file and on a pipe
 * (EAGAIN where it would wait, the fd's own flags untouched), unknown
 * flags EOPNOTSUPP only when there is something to move, and the usual
 * EBADF, ESPIPE and EFAULT.
 */
#include "raw.h"

#include <fcntl.h>

#define F "/tmp/iov_prw2.f"
#define NR_PREADV2 378
#define NR_PWRITEV2 379
#define XRWF_HIPRI 0x01
#define XRWF_DSYNC 0x02
#define XRWF_SYNC 0x04
#define XRWF_NOWAIT 0x08
#define XRWF_APPEND 0x10
#define XRWF_UNKNOWN 0x10000
#define LO(x) ((long)((unsigned long long)(x) & 0xffffffff))
#define HI(x) ((long)((unsigned long long)(x) >> 32))

/* A raw system call with six arguments, the last in ebp. */
static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long args[2] = { nr, f }, ret;
	__asm__ volatile("push %%ebp\n\tmov 4(%%eax), %%ebp\n\tmov (%%eax), %%eax\n\t"
			 "int $0x80\n\tpop %%ebp"
			 : "=a"(ret)
			 : "a"(args), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return ret;
}

/* preadv2 of n bytes into buf at off with flags (one segment). */
static long rd2(int fd, void *buf, size_t n, long long off, int flags)
{
	struct iovec iov = { buf, n };
	return sys6(NR_PREADV2, fd, (long)&iov, 1, LO(off), HI(off), flags);
}

/* pwritev2 of n bytes from buf at off with flags (one segment). */
static long wr2(int fd, const void *buf, size_t n, long long off, int flags)
{
	struct iovec iov = { (void *)buf, n };
	return sys6(NR_PWRITEV2, fd, (long)&iov, 1, LO(off), HI(off), flags);
}

/* The file position of fd. */
static long pos_of(int fd)
{
	return lseek(fd, 0, SEEK_CUR);
}

static void file_cases(int fd)
{
	char buf[16];

	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);
	memset(buf, 0, sizeof(buf));
	ok(rd2(fd, buf, 4, 2, 0) == 4 && !memcmp(buf, "2345", 4), "preadv2 at offset 2");
	is(pos_of(fd), 0, "leaves the position alone");
	ok(rd2(fd, buf, 4, -1, 0) == 4 && !memcmp(buf, "0123", 4), "offset -1 reads at the position");
	is(pos_of(fd), 4, "and moves it");
	is(rd2(fd, buf, 4, (1LL << 32) + 2, 0), 0, "the offset's high half counts (EOF at 4 GiB)");
	is_err(rd2(fd, buf, 4, -2, 0), EINVAL, "offset -2 is EINVAL");
	is_err(rd2(200, buf, 4, -2, 0), EINVAL, "before the fd is looked at");
	is_err(rd2(200, buf, 4, 0, 0), EBADF, "a closed fd is EBADF");
	is_err(rd2(200, buf, 4, -1, 0), EBADF, "also with offset -1");
	ok(rd2(fd, buf, 2, 8, XRWF_HIPRI | XRWF_DSYNC | XRWF_SYNC) == 2 && !memcmp(buf, "89", 2),
	   "XRWF_HIPRI|XRWF_DSYNC|XRWF_SYNC are accepted");
	ok(rd2(fd, buf, 3, 0, XRWF_NOWAIT) == 3 && !memcmp(buf, "012", 3),
	   "XRWF_NOWAIT on a file's data");
	is_err(rd2(fd, buf, 4, 0, XRWF_UNKNOWN), EOPNOTSUPP, "an unknown flag is EOPNOTSUPP");
	is(sys6(NR_PREADV2, fd, (long)buf, 0, 0, 0, XRWF_UNKNOWN), 0,
	   "but not with nothing to move");
	is_err(sys6(NR_PREADV2, fd, 1, 1, 0, 0, 0), EFAULT, "an unreadable iovec is EFAULT");
	is_err(rd2(fd, (void *)KERNEL_BASE, 4, 0, 0), EFAULT, "a buffer at 3 GiB is EFAULT");

	lseek(fd, 3, SEEK_SET);
	is(wr2(fd, "ab", 2, 0, 0), 2, "pwritev2 at offset 0");
	is(pos_of(fd), 3, "leaves the position alone");
	is(wr2(fd, "XY", 2, -1, 0), 2, "offset -1 writes at the position");
	is(pos_of(fd), 5, "and moves it");
	is(wr2(fd, "!!", 2, 1, XRWF_APPEND), 2, "XRWF_APPEND with offset 1");
	ok(pread(fd, buf, 12, 0) == 12 && !memcmp(buf, "ab2XY56789!!", 12), "writes at the end");
	is(pos_of(fd), 5, "the position stays");
	is(wr2(fd, "??", 2, -1, XRWF_APPEND | XRWF_DSYNC), 2, "XRWF_APPEND with offset -1");
	is(pos_of(fd), 14, "the position follows the end");
	is_err(wr2(fd, "x", 1, 0, XRWF_UNKNOWN), EOPNOTSUPP, "pwritev2 with an unknown flag");
	long r = wr2(fd, "n", 1, 0, XRWF_NOWAIT);
	if (!on_mica() && r == -EOPNOTSUPP) { /* ext4 takes no XRWF_NOWAIT buffered write */
		skip_why("no XRWF_NOWAIT writes on this host's /tmp", "XRWF_NOWAIT write to a file");
		skip_why("no XRWF_NOWAIT writes on this host's /tmp", "it wrote");
	} else {
		is(r, 1, "XRWF_NOWAIT write to a file");
		ok(pread(fd, buf, 1, 0) == 1 && buf[0] == 'n', "it wrote");
	}
	is_err(wr2(fd, "x", 1, -3, 0), EINVAL, "pwritev2 offset -3 is EINVAL");
	int ro = open(F, O_RDONLY);
	is_err(wr2(ro, "x", 1, 0, 0), EBADF, "pwritev2 to a read-only fd is EBADF");
	int wo = open(F, O_WRONLY);
	is_err(rd2(wo, buf, 1, 0, 0), EBADF, "preadv2 from a write-only fd is EBADF");
	close(ro);
	close(wo);
}

static void pipe_cases(void)
{
	int p[2];
	char buf[8];
	static char big[65536];

	pipe(p);
	is_err(rd2(p[0], buf, 1, -1, XRWF_NOWAIT), EAGAIN, "XRWF_NOWAIT on an empty pipe is EAGAIN");
	is(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0, "the fd stays blocking");
	is_err(rd2(p[0], buf, 1, 0, 0), ESPIPE, "an offset on a pipe is ESPIPE");
	is_err(wr2(p[1], "x", 1, 5, 0), ESPIPE, "pwritev2 with an offset is ESPIPE");
	is(wr2(p[1], "abc", 3, -1, 0), 3, "pwritev2 offset -1 writes the pipe");
	ok(rd2(p[0], buf, 8, -1, XRWF_NOWAIT) == 3 && !memcmp(buf, "abc", 3),
	   "XRWF_NOWAIT reads what is there");
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	while (write(p[1], big, sizeof(big)) > 0)
		;
	fcntl(p[1], F_SETFL, 0);
	is_err(wr2(p[1], "x", 1, -1, XRWF_NOWAIT), EAGAIN, "XRWF_NOWAIT on a full pipe is EAGAIN");
	is(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0, "the write end stays blocking");
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	plan(38);
	int fd = open(F, O_CREAT | O_RDWR | O_TRUNC, 0644);
	file_cases(fd);
	pipe_cases();
	close(fd);
	unlink(F);
	return done();
}
