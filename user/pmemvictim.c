/*
 * pmemvictim: the user side of tests/run.py's mce/pmem test. Booted with
 * memmap=1M!100M, it fills /dev/pmem0, says which physical address the
 * runner should poison (argv[1]: the region's base; the target is
 * TARGET bytes in), and reads the whole device with preadv, over and
 * over, until a read comes back short: the machine check the runner
 * injects landed in copy_mc_to_iter. The handler recorded the poisoned
 * line, so from then on reads stop before its sector (EIO there), as
 * Linux's pmem driver; a write of the whole sector clears it. Each step
 * prints one "pmemvictim: ..." line; the last is "pmemvictim: ok" (exit
 * 0), or the step that went wrong (exit 1). No short read within the
 * loop's bound: exit 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define SIZE (1024 * 1024)
#define TARGET 0x80000 /* the poisoned byte's offset in the device */
#define SECTOR 512
#define ROUNDS 100000

static unsigned char a[SIZE / 2], b[SIZE / 2], pat[SIZE];

/* Print one line at once, and fail with it if !cond. */
static void step(int cond, const char *what, long v)
{
	printf("pmemvictim: %s: %ld\n", what, v);
	fflush(stdout);
	if (!cond)
		exit(1);
}

int main(int argc, char **argv)
{
	unsigned long base = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int fd = open("/dev/pmem0", O_RDWR);
	long r = SIZE;

	step(fd >= 0 && base, "open /dev/pmem0", fd);
	for (long i = 0; i < SIZE; i++)
		pat[i] = (unsigned char)(i * 7 + (i >> 9));
	step(pwrite(fd, pat, SIZE, 0) == SIZE, "filled", SIZE);
	memset(a, 0, sizeof(a)); /* every page of the buffers is there */
	memset(b, 0, sizeof(b));
	printf("pmemvictim: reading, poison at phys %#lx\n", base + TARGET);
	fflush(stdout);
	for (int i = 0; i < ROUNDS && r == SIZE; i++)
		r = preadv(fd, iov, 2, 0);
	if (r == SIZE) {
		printf("pmemvictim: no machine check came\n");
		return 2;
	}
	step(r >= 0 && r < SIZE, "preadv came back short", r);
	step(!memcmp(a, pat, r < (long)sizeof(a) ? r : (long)sizeof(a)),
	     "the bytes before it are right", r);
	r = preadv(fd, iov, 2, 0);
	step(r == TARGET / SECTOR * SECTOR, "reads now stop before the poisoned sector", r);
	r = pread(fd, a, 100, TARGET);
	step(r == -1 && errno == EIO, "a read of the poisoned sector is EIO", errno);
	r = pwrite(fd, pat + TARGET / SECTOR * SECTOR, SECTOR, TARGET / SECTOR * SECTOR);
	step(r == SECTOR, "a write of the whole sector", r);
	r = preadv(fd, iov, 2, 0);
	step(r == SIZE && !memcmp(a, pat, sizeof(a)) && !memcmp(b, pat + sizeof(a), sizeof(b)),
	     "clears it: the whole device reads again", r);
	printf("pmemvictim: ok\n");
	return 0;
}
