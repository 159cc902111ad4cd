/*
 * proc_rlimit - resource limits: getrlimit (76, clamped), ugetrlimit,
 * setrlimit and prlimit64 for every resource (bad resources, cur > max,
 * bad pointers, a NOFILE hard limit past fs.nr_open, raising the hard
 * limit as root, 64-bit values through the 32-bit calls), inheritance by
 * fork and execve, and enforcement: RLIMIT_NOFILE (EMFILE, EBADF, EINVAL
 * from every call that takes an fd; a table that grows past 256),
 * RLIMIT_FSIZE (partial writes, EFBIG and SIGXFSZ), RLIMIT_AS (mmap,
 * brk), RLIMIT_STACK (growth stops: SIGSEGV; the mmap base), RLIMIT_CPU
 * (SIGXCPU, then SIGKILL) and RLIMIT_NPROC (not checked for root).
 *
 * Limits are changed in forked children; a child records what it saw in
 * a shared page and the parent checks it.
 */
#include "raw.h"

#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>

#define NR_getrlimit 76
#define NR_setrlimit 75
#define NR_ugetrlimit 191
#define NR_prlimit64 340
#define NR_brk 45
#define NLIMITS 16
#define NR_OPEN 1048576 /* fs.nr_open */
#define INF64 (~0ULL)
#define MIB (1L << 20)

struct rl64 {
	unsigned long long cur, max;
};

static long *seen;	/* a shared page: what the children saw */
static char *self_path; /* argv[0], which the forked children exec */

/* Set resource res of the caller to {cur, max} with prlimit64. */
static long setlim(int res, unsigned long long cur, unsigned long long max)
{
	struct rl64 v = { cur, max };
	return sys4(NR_prlimit64, 0, res, &v, NULL);
}

/* The caller's soft limit on res. */
static unsigned long long getcur(int res)
{
	struct rl64 v = { 0, 0 };
	sys4(NR_prlimit64, 0, res, NULL, &v);
	return v.cur;
}

/* Run fn in a child with seen[] cleared; returns its wait status. */
static int in_child(void (*fn)(long), long arg)
{
	memset(seen, 0x55, PAGE);
	return run_child(fn, arg);
}

/* Reading and setting, and the bad paths of the four calls. */
static void test_calls(void)
{
	struct rl64 v;
	unsigned long u[2];
	int good = 1, clamp = 1;

	for (int r = 0; r < NLIMITS; r++) {
		good &= sys4(NR_prlimit64, 0, r, NULL, &v) == 0;
		good &= sys2(NR_ugetrlimit, r, u) == 0;
		clamp &= u[0] == (v.cur > 0xffffffffULL ? 0xffffffffUL : v.cur);
		clamp &= u[1] == (v.max > 0xffffffffULL ? 0xffffffffUL : v.max);
		good &= sys2(NR_getrlimit, r, u) == 0;
		clamp &= u[0] == (v.cur > 0x7fffffffULL ? 0x7fffffffUL : v.cur);
		clamp &= u[1] == (v.max > 0x7fffffffULL ? 0x7fffffffUL : v.max);
	}
	ok(good, "every resource reads with prlimit64, ugetrlimit and getrlimit");
	ok(clamp, "ugetrlimit clamps to 0xffffffff, getrlimit to 0x7fffffff");
	is_err(sys4(NR_prlimit64, 0, NLIMITS, NULL, &v), EINVAL, "prlimit64 of resource 16");
	is_err(sys4(NR_prlimit64, 0, -1, NULL, &v), EINVAL, "prlimit64 of resource -1");
	is_err(sys2(NR_ugetrlimit, NLIMITS, u), EINVAL, "ugetrlimit of resource 16");
	is_err(sys2(NR_getrlimit, 100, u), EINVAL, "getrlimit of resource 100");
	u[0] = u[1] = 5;
	is_err(sys2(NR_setrlimit, NLIMITS, u), EINVAL, "setrlimit of resource 16");
	is_err(sys2(NR_ugetrlimit, RLIMIT_NOFILE, NULL), EFAULT, "ugetrlimit(NULL)");
	is_err(sys2(NR_ugetrlimit, RLIMIT_NOFILE, KERNEL_BASE), EFAULT, "ugetrlimit(0xC0000000)");
	is_err(sys2(NR_getrlimit, RLIMIT_NOFILE, KERNEL_TEXT), EFAULT, "getrlimit(0xC0100000)");
	is_err(sys2(NR_setrlimit, RLIMIT_NOFILE, NULL), EFAULT, "setrlimit(NULL)");
	is_err(sys2(NR_setrlimit, NLIMITS, NULL), EFAULT, "setrlimit reads before the resource check");
	is_err(sys4(NR_prlimit64, 0, RLIMIT_CORE, KERNEL_BASE, NULL), EFAULT,
	       "prlimit64 with an unreadable new");
	is_err(sys4(NR_prlimit64, 0, RLIMIT_CORE, NULL, 0xFFFFFFF8UL), EFAULT,
	       "prlimit64 with an unwritable old");
	is(sys4(NR_prlimit64, 0, RLIMIT_MSGQUEUE, NULL, NULL), 0, "prlimit64 with neither is 0");
}

/* Child: the set/get semantics, in seen[]. */
static void child_semantics(long unused __attribute__((unused)))
{
	struct rl64 v = { 0, 0 }, o;
	unsigned long u[2];

	seen[0] = setlim(RLIMIT_MSGQUEUE, 300, 200);
	seen[1] = setlim(RLIMIT_NOFILE, 100, NR_OPEN + 1);
	seen[2] = setlim(RLIMIT_NOFILE, 100, NR_OPEN);
	seen[3] = setlim(RLIMIT_MSGQUEUE, 100, 200);
	seen[4] = setlim(RLIMIT_MSGQUEUE, 100, 4000); /* root raises the hard limit */
	sys4(NR_prlimit64, 0, RLIMIT_MSGQUEUE, NULL, &v);
	seen[5] = v.cur == 100 && v.max == 4000;
	/* 64-bit values through the 32-bit calls */
	setlim(RLIMIT_FSIZE, 0x100000000ULL, INF64);
	sys2(NR_ugetrlimit, RLIMIT_FSIZE, u);
	seen[6] = u[0] == 0xffffffffUL && u[1] == 0xffffffffUL;
	sys2(NR_getrlimit, RLIMIT_FSIZE, u);
	seen[7] = u[0] == 0x7fffffffUL && u[1] == 0x7fffffffUL;
	u[0] = 12345;
	u[1] = 0xffffffffUL;
	seen[8] = sys2(NR_setrlimit, RLIMIT_FSIZE, u);
	sys4(NR_prlimit64, 0, RLIMIT_FSIZE, NULL, &v);
	seen[9] = v.cur == 12345 && v.max == INF64;
	u[0] = 7;
	u[1] = 6;
	seen[10] = sys2(NR_setrlimit, RLIMIT_FSIZE, u);
	/* old is read before new is set; a bad old still sets new */
	v.cur = v.max = 777;
	seen[11] = sys4(NR_prlimit64, 0, RLIMIT_LOCKS, &v, &o);
	seen[12] = o.cur == INF64;
	v.cur = v.max = 700;
	seen[13] = sys4(NR_prlimit64, 0, RLIMIT_LOCKS, &v, KERNEL_BASE);
	seen[14] = getcur(RLIMIT_LOCKS) == 700;
	/* fork inherits; execve keeps (the exec'd copy exits with what it saw) */
	setlim(RLIMIT_MSGQUEUE, 150, 160);
	pid_t pid = fork();
	if (pid == 0)
		_exit(getcur(RLIMIT_MSGQUEUE) == 150 ? 0 : 1);
	int st;
	waitpid(pid, &st, 0);
	seen[15] = st;
	pid = fork();
	if (pid == 0) {
		char *argv[] = { self_path, "exec-check", NULL };
		execv(argv[0], argv);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	seen[16] = st;
	/* another process's limits, and one that is gone */
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 200 && getcur(RLIMIT_MSGQUEUE) != 42; i++)
			usleep(10000);
		_exit(getcur(RLIMIT_MSGQUEUE) == 42 ? 0 : 1);
	}
	v.cur = v.max = 42;
	seen[17] = sys4(NR_prlimit64, pid, RLIMIT_MSGQUEUE, &v, &o);
	seen[18] = o.cur == 150;
	waitpid(pid, &st, 0);
	seen[19] = st;
	seen[20] = sys4(NR_prlimit64, pid, RLIMIT_MSGQUEUE, NULL, &o);
	seen[21] = sys4(NR_prlimit64, pid, RLIMIT_MSGQUEUE, KERNEL_BASE, NULL);
	seen[22] = sys4(NR_prlimit64, pid, 99, NULL, &o);
}

/* May this process raise a hard limit? Mica: yes (everyone is root with
 * every capability); Linux: with CAP_SYS_RESOURCE, which a container's
 * root may lack. */
static int can_raise(void)
{
	char line[128];
	unsigned long long eff = 0;
	FILE *f;

	if (on_mica())
		return 1;
	if (!(f = fopen("/proc/self/status", "r")))
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return (eff >> 24) & 1; /* CAP_SYS_RESOURCE */
}

static void test_semantics(void)
{
	int raise = can_raise();

	in_child(child_semantics, 0);
	is_err(seen[0], EINVAL, "cur > max is EINVAL");
	is_err(seen[1], EPERM, "a NOFILE hard limit past fs.nr_open is EPERM");
	if (raise)
		is(seen[2], 0, "a NOFILE hard limit of fs.nr_open is fine");
	else
		skip_why("no CAP_SYS_RESOURCE here", "a NOFILE hard limit of fs.nr_open is fine");
	is(seen[3], 0, "lowering a hard limit");
	if (raise) {
		is(seen[4], 0, "raising it again, as root");
		ok(seen[5], "prlimit64 reads back what was set");
	} else {
		skip_why("no CAP_SYS_RESOURCE here", "raising it again, as root");
		skip_why("no CAP_SYS_RESOURCE here", "prlimit64 reads back what was set");
	}
	ok(seen[6], "ugetrlimit reads a limit past 32 bits as infinity");
	ok(seen[7], "getrlimit reads it as 0x7fffffff");
	is(seen[8], 0, "setrlimit with 32-bit values");
	ok(seen[9], "setrlimit's 0xffffffff is infinity");
	is_err(seen[10], EINVAL, "setrlimit with cur > max");
	is(seen[11], 0, "prlimit64 with new and old");
	ok(seen[12], "old is the value before new");
	is_err(seen[13], EFAULT, "an unwritable old is EFAULT");
	ok(seen[14], "but new is set all the same");
	is_exit(seen[15], 0, "fork inherits the limits");
	is_exit(seen[16], 0, "execve keeps the limits");
	is(seen[17], 0, "prlimit64 sets another process's limit");
	ok(seen[18], "and reads its old one");
	is_exit(seen[19], 0, "the other process sees its new limit");
	is_err(seen[20], ESRCH, "prlimit64 of a reaped pid is ESRCH");
	is_err(seen[21], EFAULT, "an unreadable new comes before ESRCH");
	is_err(seen[22], ESRCH, "ESRCH comes before a bad resource");
}

/* Child: RLIMIT_NOFILE of 10 and every call that takes an fd. */
static void child_nofile(long unused __attribute__((unused)))
{
	int last = -1, n = 0, p[2];

	close(3); /* whatever the runner left open: only 0-2 stay */
	for (int fd = 3; fd < 64; fd++)
		close(fd);
	seen[0] = setlim(RLIMIT_NOFILE, 10, 10);
	for (;;) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) {
			seen[1] = -errno;
			break;
		}
		last = fd;
		n++;
	}
	seen[2] = last;
	seen[3] = n;
	seen[4] = sys1(SYS_dup, 0);
	seen[5] = sys2(SYS_dup2, 0, 10);
	seen[6] = sys2(SYS_dup2, 0, 9);
	seen[7] = sys3(SYS_dup3, 0, 10, 0);
	seen[8] = sys3(SYS_fcntl64, 0, F_DUPFD, 10);
	seen[9] = sys3(SYS_fcntl64, 0, F_DUPFD, 5);
	seen[10] = sys1(SYS_pipe, p);
	close(9);
	seen[11] = sys1(SYS_pipe, p);
	seen[12] = sys3(SYS_fcntl64, 0, F_DUPFD, 5);
	struct pollfd pf[11];
	for (int i = 0; i < 11; i++)
		pf[i] = (struct pollfd){ .fd = 0, .events = POLLOUT };
	seen[13] = sys3(SYS_poll, pf, 11, 0);
	seen[14] = sys3(SYS_poll, pf, 10, 0);
	seen[15] = sysconf(_SC_OPEN_MAX);
	seen[16] = getdtablesize();
	/* a lower limit leaves the fds above it open */
	setlim(RLIMIT_NOFILE, 4, 10);
	seen[17] = close(8);
	seen[18] = open("/dev/null", O_RDONLY) < 0 ? -errno : 0;
}

/* Child: a table that grows past 256 fds, and fork copying it. */
static void child_bigtable(long unused __attribute__((unused)))
{
	int ok1 = 1;

	seen[0] = setlim(RLIMIT_NOFILE, 2000, 2000);
	seen[1] = sys2(SYS_dup2, 0, 1500);
	seen[2] = sys3(SYS_fcntl64, 0, F_DUPFD, 1000);
	for (int i = 0; i < 600; i++)
		ok1 &= open("/dev/null", O_RDONLY) >= 0;
	seen[3] = ok1;
	pid_t pid = fork();
	if (pid == 0)
		_exit(fcntl(1500, F_GETFD) == 0 && fcntl(1000, F_GETFD) == 0 ? 0 : 1);
	int st;
	waitpid(pid, &st, 0);
	seen[4] = st;
	seen[5] = sys1(SYS_close, 1500);
	seen[6] = sys2(SYS_dup2, 0, 1999);
	seen[7] = sys2(SYS_dup2, 0, 2000);
	seen[8] = sys3(SYS_fcntl64, 0, F_DUPFD, 1999);
}

static void test_nofile(void)
{
	in_child(child_nofile, 0);
	is(seen[0], 0, "RLIMIT_NOFILE set to 10");
	is_err(seen[1], EMFILE, "open past it is EMFILE");
	is(seen[2], 9, "the highest fd is 9");
	is(seen[3], 7, "fds 3-9 opened");
	is_err(seen[4], EMFILE, "dup with the table full is EMFILE");
	is_err(seen[5], EBADF, "dup2 to the limit is EBADF");
	is(seen[6], 9, "dup2 below it replaces the fd");
	is_err(seen[7], EBADF, "dup3 to the limit is EBADF");
	is_err(seen[8], EINVAL, "F_DUPFD from the limit is EINVAL");
	is_err(seen[9], EMFILE, "F_DUPFD with the table full is EMFILE");
	is_err(seen[10], EMFILE, "pipe with no free fd is EMFILE");
	is_err(seen[11], EMFILE, "pipe with one free fd is EMFILE");
	is(seen[12], 9, "and left that fd free");
	is_err(seen[13], EINVAL, "poll of more fds than the limit is EINVAL");
	is(seen[14], 10, "poll of as many as the limit");
	is(seen[15], 10, "sysconf(_SC_OPEN_MAX) is the soft limit");
	is(seen[16], 10, "getdtablesize() is the soft limit");
	is(seen[17], 0, "an fd above a lowered limit still closes");
	is_err(seen[18], EMFILE, "and new ones stay below it");

	in_child(child_bigtable, 0);
	is(seen[0], 0, "RLIMIT_NOFILE set to 2000");
	is(seen[1], 1500, "dup2 to fd 1500");
	is(seen[2], 1000, "F_DUPFD from 1000");
	ok(seen[3], "600 more opens");
	is_exit(seen[4], 0, "a forked child has fds 1000 and 1500");
	is(seen[5], 0, "close of fd 1500");
	is(seen[6], 1999, "dup2 to the last fd below the limit");
	is_err(seen[7], EBADF, "dup2 to the limit");
	is_err(seen[8], EMFILE, "F_DUPFD from the last fd, taken, is EMFILE");
}

static volatile int xfsz;
static void on_xfsz(int sig __attribute__((unused)))
{
	xfsz++;
}

/* Child: RLIMIT_FSIZE of 10000 on writes, pwrite, writev, truncate. */
static void child_fsize(long unused __attribute__((unused)))
{
	static char buf[20000];
	char path[64];
	signal(SIGXFSZ, on_xfsz);
	int fd = open(tmpname(path, "proc_rlimit"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	seen[0] = setlim(RLIMIT_FSIZE, 10000, INF64);
	seen[1] = sys3(SYS_write, fd, buf, 8000);
	seen[2] = sys3(SYS_write, fd, buf, 4000);
	seen[3] = xfsz;
	seen[4] = sys3(SYS_write, fd, buf, 1);
	seen[5] = xfsz;
	seen[6] = sys5(SYS_pwrite64, fd, buf, 10, 20000, 0);
	seen[7] = sys5(SYS_pwrite64, fd, buf, 10, 9995, 0);
	struct iovec iov[2] = { { buf, 3000 }, { buf, 3000 } };
	lseek(fd, 5000, SEEK_SET);
	seen[8] = sys3(SYS_writev, fd, iov, 2);
	seen[9] = sys3(SYS_ftruncate64, fd, 20000, 0);
	seen[10] = sys3(SYS_ftruncate64, fd, 5000, 0);
	seen[11] = sys3(SYS_ftruncate64, fd, 10000, 0);
	seen[12] = sys3(SYS_truncate64, path, 10001, 0);
	seen[13] = xfsz;
	int p[2];
	pipe(p);
	seen[14] = sys3(SYS_write, p[1], buf, 20000);
	int nul = open("/dev/null", O_WRONLY);
	seen[15] = sys3(SYS_write, nul, buf, 20000);
	close(fd);
	unlink(path);
}

/* Child: a write past RLIMIT_FSIZE with SIGXFSZ at its default. */
static void child_fsize_dies(long unused __attribute__((unused)))
{
	char path[64];
	int fd = open(tmpname(path, "proc_rlimit_d"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	unlink(path);
	setlim(RLIMIT_CORE, 0, INF64);
	setlim(RLIMIT_FSIZE, 100, INF64);
	write(fd, path, 50);
	write(fd, path, 50);
	write(fd, path, 1);
	_exit(0);
}

static void test_fsize(void)
{
	in_child(child_fsize, 0);
	is(seen[0], 0, "RLIMIT_FSIZE set to 10000");
	is(seen[1], 8000, "a write below it");
	is(seen[2], 2000, "a write across it is cut at the limit");
	is(seen[3], 0, "with no SIGXFSZ");
	is_err(seen[4], EFBIG, "a write at the limit is EFBIG");
	is(seen[5], 1, "and sends SIGXFSZ");
	is_err(seen[6], EFBIG, "pwrite past the limit");
	is(seen[7], 5, "pwrite across it is cut");
	is(seen[8], 5000, "writev across it is cut");
	is_err(seen[9], EFBIG, "ftruncate past it");
	is(seen[10], 0, "ftruncate down is fine");
	is(seen[11], 0, "ftruncate to the limit itself");
	is_err(seen[12], EFBIG, "truncate one past it");
	is(seen[13], 4, "each EFBIG sent SIGXFSZ");
	is(seen[14], 20000, "pipes have no file size limit");
	is(seen[15], 20000, "nor has /dev/null");
	is_signal(run_child(child_fsize_dies, 0), SIGXFSZ, "SIGXFSZ's default kills");
}

/* Child: RLIMIT_AS of 64 MiB on mmap and brk. */
static void child_as(long unused __attribute__((unused)))
{
	seen[0] = setlim(RLIMIT_AS, 64 * MIB, INF64);
	void *big = mmap(NULL, 80 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	seen[1] = big == MAP_FAILED ? -errno : 0;
	char *a = mmap(NULL, 8 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	seen[2] = a != MAP_FAILED;
	int n = 0;
	while (n < 20 && mmap(NULL, 4 * MIB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) !=
				 MAP_FAILED)
		n++;
	seen[3] = n > 0 && n < 14;
	seen[4] = errno;
	/* the same range again, MAP_FIXED: its pages are not counted twice */
	void *b = mmap(a, 8 * MIB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	seen[5] = b == a;
	long cur = sys1(NR_brk, 0);
	seen[6] = sys1(NR_brk, cur + 32 * MIB) == cur;
	munmap(a, 8 * MIB);
	seen[7] = sys1(NR_brk, cur + 4 * MIB) == cur + 4 * MIB;
}

static int depth_reached;
/* Recurse n frames of 4 KiB, touching each. */
static int recurse(int n)
{
	volatile char frame[4000];
	frame[0] = (char)n;
	depth_reached++;
	return n ? recurse(n - 1) + frame[0] : 0;
}

/* Child: with RLIMIT_STACK of 512 KiB, recursing arg KiB deep. */
static void child_stack(long kib)
{
	setlim(RLIMIT_STACK, 512 * 1024, INF64);
	recurse((int)(kib / 4));
	_exit(0);
}

/* Child: where mmap puts things below the stack, after execve with a
 * 1 GiB RLIMIT_STACK (arg 1) or the default. */
static void child_gap(long big)
{
	if (big)
		setlim(RLIMIT_STACK, 1024 * MIB, INF64);
	char *argv[] = { self_path, big ? "gap-1g" : "gap-8m", NULL };
	execv(argv[0], argv);
	_exit(99);
}

/* In the exec'd copy: exit 0 if a new mapping is at least want MiB
 * below the stack. */
static int check_gap(unsigned long want)
{
	int local;
	char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return (unsigned long)&local - (unsigned long)m >= want * MIB ? 0 : 1;
}

static void test_memory(void)
{
	in_child(child_as, 0);
	is(seen[0], 0, "RLIMIT_AS set to 64 MiB");
	is_err(seen[1], ENOMEM, "mmap of 80 MiB is ENOMEM");
	ok(seen[2], "mmap of 8 MiB is fine");
	ok(seen[3], "more mmaps stop short of 64 MiB");
	is(seen[4], ENOMEM, "with ENOMEM");
	ok(seen[5], "MAP_FIXED over a mapping does not count it twice");
	ok(seen[6], "brk past RLIMIT_AS leaves the break");
	ok(seen[7], "brk within it after munmap moves it");
	is_exit(run_child(child_stack, 256), 0, "RLIMIT_STACK 512 KiB: 256 KiB of stack is fine");
	is_signal(run_child(child_stack, 2048), SIGSEGV,
		  "RLIMIT_STACK 512 KiB: 2 MiB of stack is SIGSEGV");
	is_exit(run_child(child_gap, 0), 0, "mmap stays about 128 MiB below the stack by default");
	is_exit(run_child(child_gap, 1), 0, "and about 1 GiB below with RLIMIT_STACK of 1 GiB");
}

/* Child: RLIMIT_CPU {1, 2}: a SIGXCPU handler runs, then SIGKILL. */
static void on_xcpu(int sig __attribute__((unused)))
{
	seen[0]++;
}
static void child_cpu(long unused __attribute__((unused)))
{
	seen[0] = 0;
	signal(SIGXCPU, on_xcpu);
	setlim(RLIMIT_CPU, 1, 2);
	for (;;)
		;
}

/* Child: RLIMIT_NPROC of 1: as root, fork still works. */
static void child_nproc(long unused __attribute__((unused)))
{
	setlim(RLIMIT_NPROC, 1, 1);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		_exit(1);
	waitpid(pid, NULL, 0);
	_exit(0);
}

static void test_cpu_nproc(void)
{
	int st = in_child(child_cpu, 0);
	is_signal(st, SIGKILL, "the hard RLIMIT_CPU kills with SIGKILL");
	ok(seen[0] >= 1, "after SIGXCPU at the soft limit");
	is_exit(run_child(child_nproc, 0), 0, "RLIMIT_NPROC is not checked for root");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec-check") == 0)
		return getcur(RLIMIT_MSGQUEUE) == 150 ? 0 : 1;
	if (argc > 1 && strcmp(argv[1], "gap-8m") == 0)
		return check_gap(100);
	if (argc > 1 && strcmp(argv[1], "gap-1g") == 0)
		return check_gap(1000);
	seen = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	self_path = argv[0];
	plan(98);
	test_calls();
	test_semantics();
	test_nofile();
	test_fsize();
	test_memory();
	test_cpu_nproc();
	return done();
}
