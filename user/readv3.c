/* readv3.c: one readv(2) over three segments, then the same with a hole. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

static char a[5], b[1], c[4096];

/* Print a result and the file offset after it. */
static void show(const char *what, ssize_t n, int fd)
{
	if (n < 0)
		printf("%-34s = -1 %s", what, strerror(errno));
	else
		printf("%-34s = %zd", what, n);
	printf(", offset %ld\n", (long)lseek(fd, 0, SEEK_CUR));
}

int main(void)
{
	static char data[3000];
	int fd = open("/tmp/readv3.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (int i = 0; i < 3000; i++)
		data[i] = 'A' + i % 26;
	write(fd, data, sizeof(data));

	/* three pages, the last unmapped: hole is an address nothing backs */
	char *mem = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(mem + 2 * 4096, 4096);
	char *hole = mem + 2 * 4096;

	/* 1. 5 + 0 + 4096 bytes of room, 3000 bytes of file */
	struct iovec iov[3] = { { a, 5 }, { b, 0 }, { c, 4096 } };
	lseek(fd, 0, SEEK_SET);
	show("readv(fd, {5, 0, 4096}, 3)", readv(fd, iov, 3), fd);
	printf("  a = \"%.5s\", c = \"%.5s...\", c[2994] = '%c'\n", a, c, c[2994]);

	/* 2. the same, but iov[2] points at the unmapped page */
	iov[2].iov_base = hole;
	lseek(fd, 0, SEEK_SET);
	show("readv(fd, {5, 0, hole}, 3)", readv(fd, iov, 3), fd);

	/* 3. iov[2] starts 100 bytes before the hole */
	iov[2].iov_base = hole - 100;
	lseek(fd, 0, SEEK_SET);
	show("readv(fd, {5, 0, hole-100}, 3)", readv(fd, iov, 3), fd);

	/* 4. the very first byte faults: nothing moves */
	iov[0].iov_base = hole;
	lseek(fd, 0, SEEK_SET);
	show("readv(fd, {hole, 0, hole-100}, 3)", readv(fd, iov, 3), fd);

	/* 5. import_iovec's checks, in order */
	struct iovec neg[2] = { { a, 1 }, { b, (size_t)-1 } };
	show("readv(99, NULL, 0)", readv(99, NULL, 0), fd);
	show("readv(fd, NULL, 0)", readv(fd, NULL, 0), fd);
	show("readv(fd, iov, -1)", readv(fd, iov, -1), fd);
	show("readv(fd, iov, 1025)", readv(fd, iov, 1025), fd);
	show("readv(fd, hole, 3)", readv(fd, (struct iovec *)hole, 3), fd);
	show("readv(fd, {1, -1}, 2)", readv(fd, neg, 2), fd);
	unlink("/tmp/readv3.dat");
	return 0;
}
