/* shortread.c: read(2) into a buffer that runs off the end of mapped memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	int fd = open("/tmp/shortread.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (int i = 0; i < 200; i++)
		write(fd, &"abcdefghijklmnopqrstuvwxyz"[i % 26], 1);
	lseek(fd, 0, SEEK_SET);

	/* two fresh pages; unmap the second, so the first ends at a hole */
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	char *buf = p + 4096 - 10;		/* 10 good bytes, then the hole */

	ssize_t n = read(fd, buf, 100);
	printf("read(fd, page_end - 10, 100) = %zd\n", n);
	printf("file offset now %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("bytes received: \"%.*s\"\n", (int)(n > 0 ? n : 0), buf);
	n = read(fd, p + 4096, 100);		/* wholly inside the hole */
	printf("read(fd, hole, 100) = %zd (%s)\n", n, n < 0 ? strerror(errno) : "");
	printf("file offset now %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	unlink("/tmp/shortread.dat");
	return 0;
}
