/*
 * echo: print the arguments, separated by single spaces, then a newline.
 *
 * Usage: echo [-n] [args...]
 *
 * A leading "-n" (one or more) drops the trailing newline. No other options
 * and no backslash escapes. The whole line is built in memory and written
 * with one write(2), so pipes and the console see it in one piece.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes all len bytes of buf to fd. Returns 0, or -1 on error. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, newline = 1;
	size_t len = 0, total = 2;
	char *buf;

	while (i < argc && !strcmp(argv[i], "-n")) {
		newline = 0;
		i++;
	}
	for (int j = i; j < argc; j++)
		total += strlen(argv[j]) + 1;
	buf = malloc(total);
	if (!buf)
		return 1;
	for (; i < argc; i++) {
		size_t n = strlen(argv[i]);
		memcpy(buf + len, argv[i], n);
		len += n;
		if (i < argc - 1)
			buf[len++] = ' ';
	}
	if (newline)
		buf[len++] = '\n';
	return write_all(1, buf, len) < 0 ? 1 : 0;
}
