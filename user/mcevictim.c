/*
 * mcevictim: the user side of tests/run.py's machine-check tests.
 *
 * mcevictim           fills a page, prints its address, and reads it in a
 *                     loop until a machine check that the runner injects
 *                     for that page's physical address arrives as SIGBUS;
 *                     the handler prints si_code and si_addr and whether
 *                     they are Linux's BUS_MCEERR_AR for this page.
 * mcevictim pmem OFF  reads all of /dev/pmem0 with preadv into four large
 *                     buffers, over and over, until a machine check the
 *                     runner injects at byte OFF of the region cuts one
 *                     short; then reads at OFF (the bad range: EIO),
 *                     writes the sector there (which clears it) and reads
 *                     it back.
 * Each prints what it saw and exits 0, or 1 if no machine check came
 * within the loop's bound.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE 4096
#define SPINS 4000000000u
#define NBUF 4
#define BUFSZ (256 * 1024) /* NBUF of them: 1 MiB a call */
#define READS 20000	   /* preadv calls to wait for the machine check in */
#define SECTOR 512
#ifndef BUS_MCEERR_AR
#define BUS_MCEERR_AR 4
#endif

static unsigned char page[PAGE] __attribute__((aligned(PAGE)));

/* SIGBUS: report si_code and si_addr, and exit 0. */
static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	char line[160];
	int n = snprintf(line, sizeof(line),
			 "mcevictim: SIGBUS si_code %d si_addr %p: %s\n", si->si_code,
			 si->si_addr,
			 si->si_code == BUS_MCEERR_AR && si->si_addr == (void *)page ?
				 "BUS_MCEERR_AR at the poisoned page" : "unexpected");

	(void)sig;
	(void)uc;
	write(1, line, n);
	_exit(0);
}

static char bufs[NBUF][BUFSZ];

/* mcevictim pmem OFF: preadv /dev/pmem0 until a machine check cuts a read
 * short, then read, clear and reread the bad sector at OFF. Returns the
 * exit status. */
static int pmem(long off)
{
	struct iovec iov[NBUF];
	char sector[SECTOR];
	long total = 0;
	ssize_t n = 0;
	int fd = open("/dev/pmem0", O_RDWR);

	if (fd < 0) {
		printf("mcevictim: open /dev/pmem0: %s\n", strerror(errno));
		return 1;
	}
	for (int i = 0; i < NBUF; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = BUFSZ;
		memset(bufs[i], 1, BUFSZ); /* no page faults inside the loop */
		total += BUFSZ;
	}
	printf("mcevictim: reading /dev/pmem0 with preadv\n");
	fflush(stdout);
	for (int r = 0; r < READS; r++) {
		n = preadv(fd, iov, NBUF, 0);
		if (n != total)
			break;
	}
	if (n == total) {
		printf("mcevictim: no machine check came\n");
		return 1;
	}
	printf("mcevictim: preadv read %ld of %ld bytes%s\n", (long)n, total,
	       n > 0 && n < total ? ": a short count" : "");
	n = pread(fd, sector, SECTOR, off & ~(long)(SECTOR - 1));
	printf("mcevictim: pread of the poisoned sector: %s\n", n < 0 ? strerror(errno) : "no error");
	memset(sector, 0x33, SECTOR);
	n = pwrite(fd, sector, SECTOR, off & ~(long)(SECTOR - 1));
	printf("mcevictim: pwrite of the sector: %ld\n", (long)n);
	memset(sector, 0, SECTOR);
	n = pread(fd, sector, SECTOR, off & ~(long)(SECTOR - 1));
	printf("mcevictim: pread again: %ld, %s\n", (long)n,
	       n == SECTOR && sector[0] == 0x33 && sector[SECTOR - 1] == 0x33 ? "the data written"
									    : "wrong data");
	close(fd);
	return 0;
}

/* Set up the handler and the page, say where it is, and read it; or, with
 * "pmem OFF", read /dev/pmem0 (see the top of the file). */
int main(int argc, char **argv)
{
	struct sigaction sa;
	volatile unsigned sum = 0;

	if (argc == 3 && !strcmp(argv[1], "pmem"))
		return pmem(strtol(argv[2], NULL, 0));
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	memset(page, 0x5a, sizeof(page));
	printf("mcevictim: spinning, page at %p\n", (void *)page);
	fflush(stdout);
	for (unsigned i = 0; i < SPINS; i++)
		sum += page[i % PAGE];
	printf("mcevictim: no machine check came\n");
	return 1;
}
