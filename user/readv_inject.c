/* readv_inject.c K: fail user copy K of one readv, as a real fault would. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define K "/proc/sys/debug/fail_usercopy/"

static void put(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY);
	write(fd, text, strlen(text));
	close(fd);
}

int main(int argc, char **argv)
{
	char a[4] = "....", b[4] = "....";
	struct iovec iov[2] = { { a, 4 }, { b, 4 } };
	int fd = open("/tmp/abc", O_RDWR | O_CREAT | O_TRUNC, 0644);

	write(fd, "abcdefgh", 8);
	lseek(fd, 0, SEEK_SET);
	put(K "task-filter", "Y");	/* only processes with make-it-fail */
	put(K "space", argc > 1 ? argv[1] : "2"); /* copies 1..K-1 use it up */
	put(K "times", "1");		/* one failure, then none */
	put(K "verbose", argc > 2 ? argv[2] : "1"); /* 1: a log line; 2: and a trace */
	put(K "probability", "100");	/* last: now it is armed */
	if (fork() == 0) {
		put("/proc/self/make-it-fail", "1");
		long n = readv(fd, iov, 2);	/* copy 1: the iovecs; 2: a; 3: b */
		put("/proc/self/make-it-fail", "0");
		printf("readv = %ld (%s), a = %.4s, b = %.4s, offset %ld\n", n,
		       n < 0 ? strerror(errno) : "ok", a, b, (long)lseek(fd, 0, SEEK_CUR));
		return 0;
	}
	wait(NULL);
	put(K "probability", "0");
	char t[16] = "";
	int k = open(K "times", O_RDONLY);
	read(k, t, sizeof(t) - 1);
	printf("times now %s", t);
	unlink("/tmp/abc");
	return 0;
}
