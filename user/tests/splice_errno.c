/*
 * splice_errno: every error of splice(2), in Linux's order.
 *
 * len 0 is 0 before anything is looked at; unknown flags are EINVAL
 * before the fds; bad fds are EBADF; an offset for a pipe is ESPIPE
 * (before the pointer is read); an offset pointer that cannot be read
 * (NULL+8, kernel, unmapped, crossing into an unmapped page) is EFAULT,
 * before the modes are checked; then EBADF for an end or file open the
 * wrong way (O_PATH too), EINVAL for two non-pipes, a pipe to itself, a
 * negative offset or one whose end passes the largest loff_t, an O_APPEND
 * file, and files that cannot splice (a directory, /dev/null and /proc/PID
 * files as sources, /dev/full as destination). An offset that cannot be written back is
 * EFAULT after the data moved. Every valid flag is accepted.
 */
#include "splice_raw.h"
#include <signal.h>

static char path[64];

int main(void)
{
	int p[2], q[2];
	long long off = 0, *kern = (long long *)0xC0000000UL;
	unsigned char *hole = unmapped(), *edge;

	plan(42);
	long fd = mkpat(tmpname(path, "splice_errno"), 3 * PAGE);
	long ro = ropen(path, O_RDONLY, 0), app = ropen(path, O_WRONLY | O_APPEND, 0);
	long opath = ropen(path, O_PATH, 0), dir = ropen("/tmp", O_RDONLY | O_DIRECTORY, 0);
	long null = ropen("/dev/null", O_RDWR, 0), full = ropen("/dev/full", O_RDWR, 0);
	mkpipe(p, 0);
	mkpipe(q, 0);
	edge = edge_page();

	is(splice_raw(-1, NULL, -1, NULL, 0, 0), 0, "len 0, bad fds: 0");
	is(splice_raw(-1, NULL, -1, NULL, 0, 0x10), 0, "len 0, bad flags: 0");
	is(splice_raw(fd, NULL, p[1], NULL, 1, 0x10), -EINVAL, "flag 0x10: EINVAL");
	is(splice_raw(-1, NULL, p[1], NULL, 1, 0x80000000UL), -EINVAL, "flag 1<<31, bad fd: EINVAL");
	is(splice_raw(-1, NULL, p[1], NULL, 1, 0), -EBADF, "fd_in -1: EBADF");
	is(splice_raw(fd, NULL, -1, NULL, 1, 0), -EBADF, "fd_out -1: EBADF");
	is(splice_raw(fd, NULL, 999, NULL, 1, 0), -EBADF, "fd_out not open: EBADF");
	is(splice_raw(opath, NULL, p[1], NULL, 1, 0), -EBADF, "an O_PATH fd_in: EBADF");

	is(splice_raw(p[0], &off, fd, NULL, 1, 0), -ESPIPE, "off_in for a pipe: ESPIPE");
	is(splice_raw(fd, NULL, p[1], &off, 1, 0), -ESPIPE, "off_out for a pipe: ESPIPE");
	is(splice_raw(p[0], (void *)8, fd, NULL, 1, 0), -ESPIPE, "a bad off_in for a pipe: ESPIPE");
	is(splice_raw(p[0], &off, q[1], &off, 1, 0), -ESPIPE, "offsets for two pipes: ESPIPE");

	is(splice_raw(fd, (void *)8, p[1], NULL, 1, 0), -EFAULT, "off_in NULL+8: EFAULT");
	is(splice_raw(fd, kern, p[1], NULL, 1, 0), -EFAULT, "off_in in the kernel: EFAULT");
	is(splice_raw(fd, hole, p[1], NULL, 1, 0), -EFAULT, "off_in unmapped: EFAULT");
	is(splice_raw(fd, edge + PAGE - 4, p[1], NULL, 1, 0), -EFAULT,
	   "off_in crossing into an unmapped page: EFAULT");
	is(splice_raw(p[0], NULL, fd, hole, 1, 0), -EFAULT, "off_out unmapped: EFAULT");
	is(splice_raw(app, (void *)8, p[1], NULL, 1, 0), -EFAULT,
	   "a bad off_in wins over a write-only fd_in");
	is(nread(p[0]), 0, "nothing moved");

	is(splice_raw(p[1], NULL, q[1], NULL, 1, 0), -EBADF, "fd_in a write end: EBADF");
	is(splice_raw(fd, NULL, p[0], NULL, 1, 0), -EBADF, "fd_out a read end: EBADF");
	is(splice_raw(app, NULL, p[1], NULL, 1, 0), -EBADF, "fd_in write-only: EBADF");
	is(splice_raw(p[0], NULL, ro, NULL, 1, 0), -EBADF, "fd_out read-only: EBADF");
	is(splice_raw(fd, NULL, ro, NULL, 1, 0), -EBADF, "two files, fd_out read-only: EBADF");
	is(splice_raw(fd, NULL, fd, NULL, 1, 0), -EINVAL, "two files: EINVAL");
	is(splice_raw(p[0], NULL, p[1], NULL, 1, 0), -EINVAL, "a pipe into itself: EINVAL");

	off = -1;
	is(splice_raw(fd, &off, p[1], NULL, 1, 0), -EINVAL, "off_in -1: EINVAL");
	is(splice_raw(p[0], NULL, fd, &off, 1, SPLICE_F_NONBLOCK), -EINVAL, "off_out -1: EINVAL");
	off = 0x7fffffffffffff00LL;
	is(splice_raw(p[0], NULL, fd, &off, 0x1000, SPLICE_F_NONBLOCK), -EINVAL,
	   "off_out + len past the largest offset: EINVAL");
	ok(off == 0x7fffffffffffff00LL, "the offset is left as it was");
	is(splice_raw(p[0], NULL, app, NULL, 1, 0), -EINVAL, "fd_out O_APPEND: EINVAL");
	is(splice_raw(dir, NULL, p[1], NULL, 1, 0), -EINVAL, "a directory -> pipe: EINVAL");
	is(splice_raw(null, NULL, p[1], NULL, 1, 0), -EINVAL, "/dev/null -> pipe: EINVAL");
	long st = ropen("/proc/self/status", O_RDONLY, 0), maps = ropen("/proc/self/maps", O_RDONLY, 0);
	is(splice_raw(st, NULL, p[1], NULL, 1, 0), -EINVAL, "/proc/self/status -> pipe: EINVAL");
	is(splice_raw(maps, NULL, p[1], NULL, 1, 0), -EINVAL, "/proc/self/maps -> pipe: EINVAL");
	write_pat(p[1], 0, 10);
	is(splice_raw(p[0], NULL, full, NULL, 10, 0), -EINVAL, "pipe -> /dev/full: EINVAL");
	is(nread(p[0]), 10, "the data stays");

	off = 0;
	is(splice_raw(fd, &off, q[1], NULL, 5, SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE |
						   SPLICE_F_GIFT),
	   5, "every flag: accepted");
	unsigned char *ro_off = pages(1); /* offset 0, read-only */
	RSYS(SYS_mprotect, ro_off, PAGE, PROT_READ);
	is(splice_raw(fd, ro_off, q[1], NULL, 7, 0), -EFAULT,
	   "an off_in that cannot be written back: EFAULT");
	is(nread(q[0]), 12, "after the data moved");
	closep(q);
	is(splice_raw(p[0], NULL, q[1], NULL, 1, 0), -EBADF, "a closed pipe: EBADF");
	RSYS(SYS_close, p[0]);
	p[0] = -1;
	signal(SIGPIPE, SIG_IGN);
	is(splice_raw(fd, NULL, p[1], NULL, 1, 0), -EPIPE, "a pipe with no reader: EPIPE");
	closep(p);
	RSYS(SYS_unlink, path);
	return done();
}
