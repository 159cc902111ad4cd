/*
 * cat: copy files (or stdin) to stdout.
 *
 * Usage: cat [files...]     no files, or "-", means stdin
 *
 * Each file is copied with read(2)/write(2) through one 4096-byte buffer,
 * handling short writes. An error on one file is reported on stderr as
 * "cat: NAME: reason" and cat goes on with the next; the exit status is 1
 * if any file failed, else 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[4096];

/* Prints "cat: name: reason" for the current errno. */
static void complain(const char *name)
{
	dprintf(2, "cat: %s: %s\n", name, strerror(errno));
}

/* Copies fd to stdout until EOF. Returns 0, or -1 after reporting an
 * error (read errors are named after name). */
static int copy(int fd, const char *name)
{
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			complain(name);
			return -1;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(1, buf + off, n - off);
			if (w <= 0) {
				if (w < 0 && errno == EINTR)
					continue;
				complain("write error");
				return -1;
			}
			off += w;
		}
	}
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		return copy(0, "-") < 0 ? 1 : 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			if (copy(0, "-") < 0)
				status = 1;
			continue;
		}
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			complain(argv[i]);
			status = 1;
			continue;
		}
		if (copy(fd, argv[i]) < 0)
			status = 1;
		close(fd);
	}
	return status;
}
