/*
 * dev_console - /dev/console reads that must not block.
 *
 * With O_NONBLOCK and no input waiting, read and readv of the console
 * give EAGAIN at once (Linux's n_tty_read), and a read of 0 bytes gives
 * 0. No input ever arrives here: tests run with nothing typed on the
 * console. Where /dev/console cannot be opened (a Linux host without the
 * permission), the points are skipped.
 */
#include <sys/syscall.h>
#include <sys/uio.h>
#include "tap.h"

int main(void)
{
	char buf[16];
	struct iovec iov = { buf, sizeof(buf) };
	int fd = open("/dev/console", O_RDONLY | O_NONBLOCK | O_NOCTTY);

	plan(3);
	if (fd < 0) {
		tap_print("ok 1 - a non-blocking read with no input gives EAGAIN # SKIP no /dev/console\n");
		tap_print("ok 2 - a non-blocking readv with no input gives EAGAIN # SKIP no /dev/console\n");
		tap_print("ok 3 - a read of 0 bytes gives 0 # SKIP no /dev/console\n");
		tap_count = 3;
		return done();
	}
	is_err(sys3(SYS_read, fd, buf, sizeof(buf)), EAGAIN,
	       "a non-blocking read with no input gives EAGAIN");
	is_err(sys3(SYS_readv, fd, &iov, 1), EAGAIN,
	       "a non-blocking readv with no input gives EAGAIN");
	is(sys3(SYS_read, fd, buf, 0), 0, "a read of 0 bytes gives 0");
	close(fd);
	return done();
}
