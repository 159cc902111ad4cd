/*
 * mcevictim: the user side of tests/run.py's mce/user test. It fills a
 * page, prints its address, and reads it in a loop until a machine check
 * that the runner injects for that page's physical address arrives as
 * SIGBUS. The handler prints what the kernel said (si_code and si_addr)
 * and whether it is Linux's BUS_MCEERR_AR for this page, then exits 0.
 * With no machine check within the loop's bound it exits 1.
 * (/dev/pmem0's machine-check test is user/pmemvictim.c.)
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PAGE 4096
#define SPINS 4000000000u
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

/* Set up the handler and the page, say where it is, and read it. */
int main(void)
{
	struct sigaction sa;
	volatile unsigned sum = 0;

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
