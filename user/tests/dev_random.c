/*
 * dev_random: getrandom(2), /dev/random and /dev/urandom.
 *
 * Only return values are compared with Linux, never the bytes; the bytes
 * are checked for not being constant and for two reads differing. The
 * paths: flags (GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE; EINVAL for
 * others and for RANDOM|INSECURE), EFAULT for NULL, kernel, unmapped and
 * read-only buffers, a buffer that runs into an unmapped page (the bytes
 * up to it), counts above MAX_RW_COUNT (clamped), a long read cut short
 * by a signal (a whole number of pages), and the devices' read, write
 * (mixed in), poll, lseek, ioctl and stat.
 */
#include "raw.h"
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/time.h>

#define NR_getrandom 355
#define NR_setitimer 104
#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#define RNDGETENTCNT 0x80045200
#define RNDADDTOENTCNT 0x40045201
#define RNDADDENTROPY 0x40085203
#define RNDRESEEDCRNG 0x5207
#define FIXED_AT 0x10000000UL /* a free user address on Linux and Mica */
#define BIG (32L << 20)

static unsigned char a[100000], b[100000];
static volatile int alarms;

/* getrandom(2) through int $0x80. */
static long grnd(void *buf, unsigned long len, long flags)
{
	return sys3(NR_getrandom, buf, len, flags);
}

/* Are a[0..n) and b[0..n) different and neither all one byte? */
static int looks_random(unsigned long n)
{
	return memcmp(a, b, n) != 0 && !all_are(a, a[0], n) && !all_are(b, b[0], n);
}

/* SIGALRM handler: counts. */
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* Arms a one-shot ms timer whose SIGALRM on_alarm counts. */
static void alarm_in(long ms)
{
	struct sigaction sa;
	long it[4] = { 0, 0, ms / 1000, (ms % 1000) * 1000 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, 0);
	alarms = 0;
	sys3(NR_setitimer, ITIMER_REAL, it, 0);
}

/* getrandom: sizes, flags, bad buffers, counts. */
static void getrandom_calls(void)
{
	static const unsigned long sizes[] = { 1, 16, 31, 32, 33, 64, 65, 4096, 100000 };

	is(grnd(NULL, 0, 0), 0, "0 bytes into NULL: 0");
	is(grnd(a, 0, GRND_NONBLOCK), 0, "0 bytes: 0");
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned long n = sizes[i];
		memset(a, 0, n);
		memset(b, 0, n);
		ok(grnd(a, n, 0) == (long)n && grnd(b, n, 0) == (long)n &&
			   (n < 8 || looks_random(n)),
		   "%lu bytes: all of them, and two calls differ", n);
	}
	is(grnd(a, 64, GRND_NONBLOCK), 64, "GRND_NONBLOCK");
	is(grnd(a, 64, GRND_RANDOM), 64, "GRND_RANDOM");
	is(grnd(a, 64, GRND_INSECURE), 64, "GRND_INSECURE");
	is(grnd(a, 64, GRND_RANDOM | GRND_NONBLOCK), 64, "GRND_RANDOM|GRND_NONBLOCK");
	is(grnd(a, 64, GRND_INSECURE | GRND_NONBLOCK), 64, "GRND_INSECURE|GRND_NONBLOCK");
	is(grnd(a, 64, GRND_RANDOM | GRND_INSECURE), -EINVAL, "GRND_RANDOM|GRND_INSECURE: EINVAL");
	is(grnd(a, 64, 8), -EINVAL, "flag 8: EINVAL");
	is(grnd(a, 64, -1), -EINVAL, "flags -1: EINVAL");
	is(grnd(NULL, 16, 8), -EINVAL, "bad flags come before the buffer");

	is(grnd(NULL, 16, 0), -EFAULT, "NULL: EFAULT");
	is(grnd((void *)KERNEL_TEXT, 16, 0), -EFAULT, "a kernel address: EFAULT");
	is(grnd((void *)KERNEL_BASE, 100, 0), -EFAULT, "a kernel address, 100 bytes: EFAULT");
	is(grnd(unmapped(), 16, 0), -EFAULT, "an unmapped page: EFAULT");
	is(grnd(unmapped(), 1000, 0), -EFAULT, "an unmapped page, 1000 bytes: EFAULT");
	is(grnd(ro_page(), 16, 0), -EFAULT, "a read-only page: EFAULT");
	is(grnd(ro_page(), 5000, 0), -EFAULT, "a read-only page, 5000 bytes: EFAULT");
	unsigned char *edge = edge_page();
	is(grnd(edge + PAGE - 10, 20, 0), 10, "20 bytes running off the page: the 10 before it");
	is(grnd(edge + PAGE - 100, 200, 0), 100, "200 bytes running off the page: 100");
	is(grnd(edge + PAGE - 1000, 100000, 0), 1000, "100000 running off the page: 1000");

	unsigned char *m = mmap((void *)FIXED_AT, 2 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ok(m == (void *)FIXED_AT, "map two pages at 0x10000000");
	RSYS(SYS_munmap, m + PAGE, PAGE);
	is(grnd(m, 0x7fffffffUL, 0), PAGE, "INT_MAX bytes: clamped, filled up to the hole");
	is(grnd(m, 0x80000000UL, 0), PAGE, "2 GiB (negative as ssize_t): the same");
	is(grnd(m, 0xffffffffUL, GRND_INSECURE), PAGE, "4 GiB - 1: the same");
	RSYS(SYS_munmap, m, PAGE);
}

/* A long getrandom or read that a signal cuts short: it returns what it
 * had made, a whole number of pages. */
static void interrupted(long fd)
{
	unsigned char *m = mmap(NULL, BIG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	long r;

	alarm_in(50);
	r = grnd(m, BIG, 0);
	ok(r > 0 && r < BIG && r % PAGE == 0 && alarms == 1,
	   "getrandom of 32 MiB cut by a signal: a part, in whole pages");
	if (!(r > 0 && r < BIG && r % PAGE == 0 && alarms == 1))
		diag("got %ld, %d alarms", r, alarms);
	alarm_in(50);
	r = RSYS(SYS_read, fd, m, BIG);
	ok(r > 0 && r < BIG && r % PAGE == 0 && alarms == 1,
	   "read of 32 MiB cut by a signal: a part, in whole pages");
	if (!(r > 0 && r < BIG && r % PAGE == 0 && alarms == 1))
		diag("got %ld, %d alarms", r, alarms);
	signal(SIGALRM, SIG_DFL);
	RSYS(SYS_munmap, m, BIG);
}

/* /dev/random or /dev/urandom (minor 8 or 9). */
static void device(const char *path, unsigned minor)
{
	struct stat st;
	long fd = ropen(path, O_RDWR, 0);
	int cnt = -1;

	ok(stat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 &&
		   minor(st.st_rdev) == minor && (st.st_mode & 0777) == 0666,
	   "%s: a character device 1:%u, mode 0666", path, minor);
	ok(fd >= 0, "%s opens read-write", path);
	memset(a, 0, 5000);
	memset(b, 0, 5000);
	ok(RSYS(SYS_read, fd, a, 5000) == 5000 && RSYS(SYS_read, fd, b, 5000) == 5000 &&
		   looks_random(5000),
	   "%s: reads of 5000 give 5000, and differ", path);
	is(RSYS(SYS_read, fd, a, 0), 0, "%s: a read of 0", path);
	is(RSYS(SYS_read, fd, NULL, 10), -EFAULT, "%s: a read into NULL: EFAULT", path);
	is(RSYS(SYS_read, fd, KERNEL_TEXT, 10), -EFAULT, "%s: a read into the kernel: EFAULT", path);
	unsigned char *edge = edge_page();
	is(RSYS(SYS_read, fd, edge + PAGE - 100, 1000), 100, "%s: a read running off the page: 100",
	   path);
	is(RSYS(SYS_write, fd, "entropy?", 8), 8, "%s: a write is taken whole", path);
	is(RSYS(SYS_write, fd, a, 5000), 5000, "%s: so is a write of 5000", path);
	is(RSYS(SYS_write, fd, a, 0), 0, "%s: a write of 0", path);
	is(RSYS(SYS_write, fd, NULL, 10), -EFAULT, "%s: a write from NULL: EFAULT", path);
	is(RSYS(SYS_write, fd, edge + PAGE - 100, 1000), 100,
	   "%s: a write running off the page: 100", path);
	is(RSYS(SYS_lseek, fd, 100, SEEK_SET), 0, "%s: lseek goes nowhere: 0", path);
	struct pollfd p = { (int)fd, POLLIN | POLLOUT, 0 };
	/* Linux's urandom has no poll of its own; random's is never writable */
	short want = minor == 9 ? POLLIN | POLLOUT : POLLIN;
	ok(RSYS(SYS_poll, &p, 1, 0) == 1 && p.revents == want, "%s: poll: %s", path,
	   minor == 9 ? "POLLIN|POLLOUT" : "POLLIN only");
	ok(RSYS(SYS_ioctl, fd, RNDGETENTCNT, &cnt) == 0 && cnt == 256,
	   "%s: RNDGETENTCNT: 256 bits", path);
	is(RSYS(SYS_ioctl, fd, RNDGETENTCNT, NULL), -EFAULT, "%s: RNDGETENTCNT into NULL: EFAULT",
	   path);
	is(RSYS(SYS_ioctl, fd, FIONREAD, &cnt), -EINVAL, "%s: FIONREAD: EINVAL", path);
	is(RSYS(SYS_ioctl, fd, RNDRESEEDCRNG, 0), 0, "%s: RNDRESEEDCRNG (root)", path);
	struct {
		int count, size;
		char buf[8];
	} info = { 0, 8, "mixmein" };
	is(RSYS(SYS_ioctl, fd, RNDADDENTROPY, &info), 0, "%s: RNDADDENTROPY of 8 bytes", path);
	is(RSYS(SYS_ioctl, fd, RNDADDENTROPY, NULL), -EFAULT, "%s: RNDADDENTROPY from NULL: EFAULT",
	   path);
	info.size = -1;
	is(RSYS(SYS_ioctl, fd, RNDADDENTROPY, &info), -EFAULT, "%s: RNDADDENTROPY size -1: EFAULT",
	   path);
	info.size = 8;
	info.count = -1;
	is(RSYS(SYS_ioctl, fd, RNDADDENTROPY, &info), -EINVAL, "%s: RNDADDENTROPY count -1: EINVAL",
	   path);
	int zero = 0, neg = -1;
	is(RSYS(SYS_ioctl, fd, RNDADDTOENTCNT, &zero), 0, "%s: RNDADDTOENTCNT 0", path);
	is(RSYS(SYS_ioctl, fd, RNDADDTOENTCNT, &neg), -EINVAL, "%s: RNDADDTOENTCNT -1: EINVAL", path);
	is(RSYS(SYS_ioctl, fd, 0x1234, 0), -EINVAL, "%s: an unknown ioctl: EINVAL", path);
	if (minor == 9)
		interrupted(fd);
	RSYS(SYS_close, fd);
	fd = ropen(path, O_RDONLY | O_NONBLOCK, 0);
	is(RSYS(SYS_read, fd, a, 64), 64, "%s: O_NONBLOCK reads too", path);
	is(RSYS(SYS_write, fd, a, 1), -EBADF, "%s: write on a read-only open: EBADF", path);
	RSYS(SYS_close, fd);
}

int main(void)
{
	plan(90);
	getrandom_calls();
	device("/dev/urandom", 9);
	device("/dev/random", 8);
	return done();
}
