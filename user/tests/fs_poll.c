/*
 * fs_poll: poll, ppoll, select (_newselect and the old form), pselect6
 * and the time64 ppoll/pselect6, through raw i386 calls, the same on
 * Linux and Mica.
 *
 *   poll     pipe ends: empty, with data, full, hung up (no writer: POLLHUP),
 *            broken (no reader: POLLERR); revents filtered by events except
 *            POLLERR/POLLHUP/POLLNVAL; a negative fd is ignored, a closed
 *            one is POLLNVAL; regular files and /dev/null always ready;
 *            nfds over RLIMIT_NOFILE is EINVAL, an unreadable array or a
 *            read-only one (revents cannot be written) EFAULT
 *   wait     a timeout elapses (0 returned after at least its length); a
 *            writer in another process wakes a poller blocked for ever, its
 *            close wakes it with POLLHUP; a signal ends the wait with EINTR,
 *            even with SA_RESTART (never restarted)
 *   ppoll    the timespec comes back with the time left; a bad one is EINVAL,
 *            a bad sigset size EINVAL; the sigmask is in force while it waits
 *            (a blocked signal does not interrupt, an unblocked one does) and
 *            the old mask is back afterwards
 *   select   read, write and except sets; the timeval is updated (0 after a
 *            timeout, the time left otherwise, microseconds past a second
 *            carried); an fd not open is EBADF, n < 0 and a negative time
 *            EINVAL, an unreadable set EFAULT; EINTR on a signal
 *   pselect6 its sigmask argument as ppoll's, a bad size EINVAL
 *   time64   ppoll_time64 and pselect6_time64 with a 64-bit timespec
 */
#include "tap.h"

#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/time.h>

#define NR_select 82
#define NR__newselect 142
#define NR_poll 168
#define NR_pselect6 308
#define NR_ppoll 309
#define NR_pselect6_time64 413
#define NR_ppoll_time64 414
#define NR_clock_gettime 265
#define NR_rt_sigprocmask 175
#define NR_setitimer 104
#define MONOTONIC 1
#define BADFD 20	/* closed at the start; below Linux's first fd table size */
#define FAR_FD 1000	/* past the fd table of a process with few fds, Linux's or Mica's */

static volatile sig_atomic_t alarms;

static void on_alarm(int s)
{
	(void)s;
	alarms++;
}

/* SIGALRM to on_alarm with SA_RESTART: these calls are never restarted. */
static void catch_alarm(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, 0);
}

/* Six-argument raw call: the sixth goes in %ebp, saved around the trap. */
static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	long nf[2] = {nr, f};
	__asm__ volatile("push %%ebp\n\t"
			 "mov 4(%%eax), %%ebp\n\t"
			 "mov 0(%%eax), %%eax\n\t"
			 "int $0x80\n\t"
			 "pop %%ebp"
			 : "=a"(ret)
			 : "a"(nf), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return ret;
}

/* Milliseconds on CLOCK_MONOTONIC. */
static long long now_ms(void)
{
	int32_t ts[2];
	sys2(NR_clock_gettime, MONOTONIC, ts);
	return (long long)ts[0] * 1000 + ts[1] / 1000000;
}

/* Arm a one-shot ITIMER_REAL of ms milliseconds. */
static void arm_ms(long ms)
{
	int32_t it[4] = {0, 0, ms / 1000, (ms % 1000) * 1000};
	sys3(NR_setitimer, ITIMER_REAL, it, 0);
}

/* The caller's blocked set. */
static uint64_t blocked(void)
{
	uint64_t m = 0;
	sys4(NR_rt_sigprocmask, SIG_BLOCK, 0, &m, 8);
	return m;
}

/* poll one fd for events with timeout 0: revents, or -errno. */
static long poll1(int fd, short events)
{
	struct pollfd p = {fd, events, 0x7777};
	long r = sys3(NR_poll, &p, 1, 0);
	return r < 0 ? r : p.revents;
}

static void test_poll_pipe(void)
{
	int fds[2];
	char buf[4096];

	pipe(fds);
	is(poll1(fds[0], POLLIN | POLLRDNORM), 0, "poll: empty pipe is not readable");
	is(poll1(fds[1], POLLOUT | POLLWRNORM), POLLOUT | POLLWRNORM, "poll: empty pipe is writable");
	write(fds[1], "x", 1);
	is(poll1(fds[0], POLLIN | POLLRDNORM | POLLOUT), POLLIN | POLLRDNORM,
	   "poll: pipe with data is readable (read end never POLLOUT)");
	is(poll1(fds[0], POLLPRI), 0, "poll: revents filtered by events");
	struct pollfd two[3] = {{fds[0], POLLIN, 0}, {-1, POLLIN, 0x55}, {fds[1], POLLOUT, 0}};
	is(sys3(NR_poll, two, 3, 0), 2, "poll: counts ready fds");
	is(two[1].revents, 0, "poll: a negative fd is ignored, revents 0");
	close(fds[1]);
	is(poll1(fds[0], POLLIN), POLLIN | POLLHUP, "poll: no writer: POLLHUP with the data");
	read(fds[0], buf, 1);
	is(poll1(fds[0], POLLIN), POLLHUP, "poll: drained, no writer: POLLHUP alone");
	is(poll1(fds[0], 0), POLLHUP, "poll: POLLHUP even with no events asked");
	close(fds[0]);

	pipe(fds);
	close(fds[0]);
	is(poll1(fds[1], POLLOUT), POLLOUT | POLLERR, "poll: no reader: POLLERR");
	close(fds[1]);

	pipe(fds);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	memset(buf, 'y', sizeof(buf));
	while (write(fds[1], buf, sizeof(buf)) > 0)
		;
	is(poll1(fds[1], POLLOUT), 0, "poll: full pipe is not writable");
	is(poll1(fds[0], POLLIN | POLLOUT), POLLIN, "poll: full pipe's read end is readable");
	close(fds[0]);
	close(fds[1]);
}

static void test_poll_other(void)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/fs_poll.%d", (int)getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	is(poll1(fd, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM),
	   POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM, "poll: a regular file is always ready");
	close(fd);
	unlink(path);
	fd = open("/dev/null", O_RDWR);
	is(poll1(fd, POLLIN | POLLOUT), POLLIN | POLLOUT, "poll: /dev/null is always ready");
	close(fd);
	is(poll1(BADFD, POLLIN), POLLNVAL, "poll: a closed fd is POLLNVAL");
	struct pollfd p = {BADFD, 0, 0};
	is(sys3(NR_poll, &p, 1, 0), 1, "poll: POLLNVAL counts as ready");

	is_err(sys3(NR_poll, 0, 0x7fffffff, 0), EINVAL, "poll: nfds over RLIMIT_NOFILE");
	is_err(sys3(NR_poll, 0, 1, 0), EFAULT, "poll: unreadable array");
	is_err(sys3(NR_poll, KERNEL_BASE, 1, 0), EFAULT, "poll: kernel address");
	is(sys3(NR_poll, 0, 0, 0), 0, "poll: nfds 0 with timeout 0 returns 0");
}

/* A read-only pollfd: copied in, but revents cannot be written back. */
static void test_poll_rofault(void)
{
	struct pollfd *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p->fd = BADFD;
	p->events = POLLIN;
	mprotect(p, 4096, PROT_READ);
	is_err(sys3(NR_poll, p, 1, 0), EFAULT, "poll: revents cannot be written: EFAULT");
	munmap(p, 4096);
}

static void test_wait(void)
{
	int fds[2];
	struct pollfd p;

	pipe(fds);
	p = (struct pollfd){fds[0], POLLIN, 0};
	long long t0 = now_ms();
	long r = sys3(NR_poll, &p, 1, 100);
	long long dt = now_ms() - t0;
	is(r, 0, "wait: poll times out with 0");
	ok(dt >= 90 && dt < 2000, "wait: poll slept its 100 ms timeout");

	pid_t pid = fork();
	if (pid == 0) {
		usleep(100000);
		write(fds[1], "z", 1);
		usleep(100000);
		_exit(0);
	}
	close(fds[1]);
	p = (struct pollfd){fds[0], POLLIN, 0};
	r = sys3(NR_poll, &p, 1, -1);
	is(r, 1, "wait: data from another process wakes poll");
	is(p.revents, POLLIN, "wait: woken readable");
	char c;
	read(fds[0], &c, 1);
	p = (struct pollfd){fds[0], POLLIN, 0};
	r = sys3(NR_poll, &p, 1, 5000);
	is(r, 1, "wait: the last writer's exit wakes poll");
	is(p.revents, POLLHUP, "wait: woken with POLLHUP");
	waitpid(pid, 0, 0);
	close(fds[0]);

	pipe(fds);
	catch_alarm();
	alarms = 0;
	arm_ms(100);
	p = (struct pollfd){fds[0], POLLIN, 0};
	is_err(sys3(NR_poll, &p, 1, -1), EINTR, "wait: a signal ends poll with EINTR");
	is(alarms, 1, "wait: the handler ran");
	close(fds[0]);
	close(fds[1]);
}

static void test_ppoll(void)
{
	int fds[2];
	struct pollfd p;
	int32_t ts[2];
	uint64_t mask;

	pipe(fds);
	write(fds[1], "x", 1);
	p = (struct pollfd){fds[0], POLLIN, 0};
	ts[0] = 5;
	ts[1] = 0;
	is(sys5(NR_ppoll, &p, 1, ts, 0, 8), 1, "ppoll: ready at once");
	long long left = (long long)ts[0] * 1000000000 + ts[1];
	ok(left > 4000000000LL && left <= 5000000000LL, "ppoll: timespec holds the time left");
	read(fds[0], ts, 1);

	p = (struct pollfd){fds[0], POLLIN, 0};
	ts[0] = 0;
	ts[1] = 50000000;
	is(sys5(NR_ppoll, &p, 1, ts, 0, 8), 0, "ppoll: times out");
	ok(ts[0] == 0 && ts[1] == 0, "ppoll: nothing left after a timeout");
	ts[0] = 0;
	ts[1] = 1000000000;
	is_err(sys5(NR_ppoll, &p, 1, ts, 0, 8), EINVAL, "ppoll: nanoseconds >= 1e9");
	ts[0] = -1;
	ts[1] = 0;
	is_err(sys5(NR_ppoll, &p, 1, ts, 0, 8), EINVAL, "ppoll: negative time");
	is_err(sys5(NR_ppoll, &p, 1, 0x1000, 0, 8), EFAULT, "ppoll: unreadable timespec");
	mask = 0;
	is_err(sys5(NR_ppoll, &p, 1, 0, &mask, 4), EINVAL, "ppoll: sigset size 4");
	is_err(sys5(NR_ppoll, &p, 1, 0, 0x1000, 8), EFAULT, "ppoll: unreadable sigset");

	/* SIGALRM blocked; ppoll's mask unblocks it while it waits */
	catch_alarm();
	uint64_t alrm = 1ull << (SIGALRM - 1);
	sys4(NR_rt_sigprocmask, SIG_BLOCK, &alrm, 0, 8);
	alarms = 0;
	arm_ms(50);
	mask = 0;
	is_err(sys5(NR_ppoll, &p, 1, 0, &mask, 8), EINTR, "ppoll: unblocked by its mask, EINTR");
	is(alarms, 1, "ppoll: the handler ran during the wait");
	is((long)(blocked() & alrm ? 1 : 0), 1, "ppoll: the old mask is back");

	/* SIGALRM unblocked; ppoll's mask blocks it: it waits out the timeout */
	sys4(NR_rt_sigprocmask, SIG_UNBLOCK, &alrm, 0, 8);
	alarms = 0;
	arm_ms(50);
	ts[0] = 0;
	ts[1] = 200000000;
	is(sys5(NR_ppoll, &p, 1, ts, &alrm, 8), 0, "ppoll: a signal its mask blocks does not interrupt");
	is(alarms, 1, "ppoll: the signal is handled once the mask is gone");
	close(fds[0]);
	close(fds[1]);
}

/* Bit fd of a 32-bit-word fd set. */
#define SET(s, fd) ((s)[(fd) / 32] |= 1u << ((fd) % 32))
#define ISSET(s, fd) (((s)[(fd) / 32] >> ((fd) % 32)) & 1)

static void test_select(void)
{
	int fds[2];
	uint32_t rd[8], wr[8], ex[8];
	int32_t tv[2];

	pipe(fds);
	int n = (fds[0] > fds[1] ? fds[0] : fds[1]) + 1;
	memset(rd, 0, sizeof(rd));
	memset(wr, 0, sizeof(wr));
	memset(ex, 0, sizeof(ex));
	SET(rd, fds[0]);
	SET(wr, fds[1]);
	SET(ex, fds[0]);
	tv[0] = 0;
	tv[1] = 0;
	is(sys5(NR__newselect, n, rd, wr, ex, tv), 1, "select: only the write end is ready");
	ok(!ISSET(rd, fds[0]) && ISSET(wr, fds[1]) && !ISSET(ex, fds[0]),
	   "select: sets hold just the ready fds");
	write(fds[1], "x", 1);
	memset(rd, 0, sizeof(rd));
	memset(wr, 0, sizeof(wr));
	SET(rd, fds[0]);
	SET(wr, fds[1]);
	tv[0] = 0;
	tv[1] = 1500000;
	is(sys5(NR__newselect, n, rd, wr, 0, tv), 2, "select: both ends ready");
	ok(ISSET(rd, fds[0]) && ISSET(wr, fds[1]), "select: both bits set");
	ok(tv[0] == 1 && tv[1] >= 0 && tv[1] <= 500000,
	   "select: microseconds past a second carried; time left written back");
	char c;
	read(fds[0], &c, 1);

	memset(rd, 0, sizeof(rd));
	SET(rd, fds[0]);
	tv[0] = 0;
	tv[1] = 50000;
	long long t0 = now_ms();
	is(sys5(NR__newselect, n, rd, 0, 0, tv), 0, "select: times out");
	ok(now_ms() - t0 >= 40, "select: slept its timeout");
	ok(tv[0] == 0 && tv[1] == 0 && rd[0] == 0, "select: timeval 0 and set cleared after a timeout");

	memset(rd, 0, sizeof(rd));
	SET(rd, BADFD);
	tv[0] = 0;
	tv[1] = 0;
	is_err(sys5(NR__newselect, BADFD + 1, rd, 0, 0, tv), EBADF, "select: an fd not open");
	static uint32_t far[(FAR_FD + 32) / 32];
	SET(far, FAR_FD);
	is(sys5(NR__newselect, FAR_FD + 1, far, 0, 0, tv), 0,
	   "select: a bit past the fd table's size is not looked at (no EBADF)");
	is_err(sys5(NR__newselect, -1, 0, 0, 0, tv), EINVAL, "select: n < 0");
	tv[0] = -1;
	is_err(sys5(NR__newselect, n, 0, 0, 0, tv), EINVAL, "select: negative seconds");
	tv[0] = 0;
	tv[1] = -1;
	is_err(sys5(NR__newselect, n, 0, 0, 0, tv), EINVAL, "select: negative microseconds");
	tv[1] = 0;
	is_err(sys5(NR__newselect, n, 0x1000, 0, 0, tv), EFAULT, "select: unreadable set");
	is_err(sys5(NR__newselect, n, 0, 0, 0, 0x1000), EFAULT, "select: unreadable timeval");

	/* the old form: five arguments in a block */
	memset(wr, 0, sizeof(wr));
	SET(wr, fds[1]);
	tv[0] = tv[1] = 0;
	long args[5] = {n, 0, (long)wr, 0, (long)tv};
	is(sys1(NR_select, args), 1, "select (82): the argument block form");
	is_err(sys1(NR_select, 0x1000), EFAULT, "select (82): unreadable block");

	catch_alarm();
	alarms = 0;
	arm_ms(50);
	memset(rd, 0, sizeof(rd));
	SET(rd, fds[0]);
	is_err(sys5(NR__newselect, n, rd, 0, 0, 0), EINTR, "select: a signal ends it with EINTR");
	is(alarms, 1, "select: the handler ran");
	close(fds[0]);
	close(fds[1]);
}

static void test_pselect(void)
{
	int fds[2];
	uint32_t rd[8];
	int32_t ts[2];
	uint64_t mask = 0;
	uint64_t alrm = 1ull << (SIGALRM - 1);

	pipe(fds);
	int n = fds[0] + 1;
	uint32_t pack[2] = {(uint32_t)(uintptr_t)&mask, 4};
	memset(rd, 0, sizeof(rd));
	SET(rd, fds[0]);
	ts[0] = ts[1] = 0;
	is_err(sys6(NR_pselect6, n, (long)rd, 0, 0, (long)ts, (long)pack), EINVAL, "pselect6: sigset size 4");
	is_err(sys6(NR_pselect6, n, (long)rd, 0, 0, (long)ts, 0x1000), EFAULT, "pselect6: unreadable pack");
	ts[1] = -5;
	is_err(sys6(NR_pselect6, n, (long)rd, 0, 0, (long)ts, 0), EINVAL, "pselect6: bad timespec");

	catch_alarm();
	sys4(NR_rt_sigprocmask, SIG_BLOCK, &alrm, 0, 8);
	pack[1] = 8;
	alarms = 0;
	arm_ms(50);
	is_err(sys6(NR_pselect6, n, (long)rd, 0, 0, 0, (long)pack), EINTR, "pselect6: unblocked by its mask, EINTR");
	is(alarms, 1, "pselect6: the handler ran");
	is((long)(blocked() & alrm ? 1 : 0), 1, "pselect6: the old mask is back");
	sys4(NR_rt_sigprocmask, SIG_UNBLOCK, &alrm, 0, 8);

	write(fds[1], "x", 1);
	memset(rd, 0, sizeof(rd));
	SET(rd, fds[0]);
	ts[0] = 3;
	ts[1] = 0;
	is(sys6(NR_pselect6, n, (long)rd, 0, 0, (long)ts, 0), 1, "pselect6: ready");
	ok(ts[0] == 2 || (ts[0] == 3 && ts[1] == 0), "pselect6: timespec holds the time left");

	int64_t ts64[2] = {0, 30000000};
	memset(rd, 0, sizeof(rd));
	SET(rd, fds[0]);
	is(sys6(NR_pselect6_time64, n, (long)rd, 0, 0, (long)ts64, 0), 1, "pselect6_time64: ready");
	ok(ts64[0] == 0 && ts64[1] > 0 && ts64[1] <= 30000000, "pselect6_time64: 64-bit time left");
	read(fds[0], ts, 1);
	struct pollfd p = {fds[0], POLLIN, 0};
	ts64[0] = 0;
	ts64[1] = 30000000;
	is(sys5(NR_ppoll_time64, &p, 1, ts64, 0, 8), 0, "ppoll_time64: times out");
	ok(ts64[0] == 0 && ts64[1] == 0, "ppoll_time64: nothing left");
	ts64[0] = -1;
	is_err(sys5(NR_ppoll_time64, &p, 1, ts64, 0, 8), EINVAL, "ppoll_time64: negative time");
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	plan(75);
	close(BADFD);
	test_poll_pipe();
	test_poll_other();
	test_poll_rofault();
	test_wait();
	test_ppoll();
	test_select();
	test_pselect();
	return done();
}
