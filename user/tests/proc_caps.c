/*
 * proc_caps - the calls that need a capability, from a child that dropped
 * to nobody (65534), as Linux:
 *
 *   mount     CAP_SYS_ADMIN (EPERM), after MS_NOUSER's EINVAL; umount
 *             after its flag check (EINVAL) and the lookup (ENOENT)
 *   time      settimeofday, clock_settime, stime need CAP_SYS_TIME, after
 *             the clock id and the time itself are checked (EINVAL)
 *   syslog    every action needs CAP_SYSLOG (dmesg_restrict 1)
 *   rlimits   raising a hard limit needs CAP_SYS_RESOURCE; lowering and
 *             raising the soft one up to it do not; prlimit64 of another
 *             user's process is EPERM; RLIMIT_NPROC stops fork (EAGAIN),
 *             but not for root
 *   nice      lowering the nice value is EPERM (nice) or EACCES
 *             (setpriority); another user's process is EPERM
 *   ambient   PR_CAP_AMBIENT raises only permitted-and-inheritable
 *             capabilities; leaving uid 0 clears the ambient set
 *   nnp       PR_SET_NO_NEW_PRIVS takes only 1, for good; status shows it
 *   uts       sethostname and setdomainname need CAP_SYS_ADMIN; as root,
 *             setting the name it already has (so the host keeps its own)
 *             works, a bad length is EINVAL and a bad pointer EFAULT
 *   sysctl    /proc/sys/kernel/cap_last_cap and ngroups_max
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* struct utsname's domainname in musl */
#endif
#include "tap.h"

#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

#define NOBODY 65534
#define MS_NOUSER_FLAG (1u << 31)
#define CAP_KILL 5
#define NR_STIME 25 /* the i386 numbers: musl names only the time64 calls */
#define NR_SETTIMEOFDAY 79
#define NR_CLOCK_SETTIME 264

static long *R;
static int nr, nc;

/* Records v (the child). */
static void rec(long v)
{
	R[nr++] = v;
}

/* The next result the child recorded (the parent). */
static long next(void)
{
	return R[nc++];
}

/* Runs fn in a child as nobody (drop) or root; true iff it exited 0. */
static int child(void (*fn)(void), int drop)
{
	nr = nc = 0;
	memset(R, 0x55, 4096);
	pid_t p = fork();
	if (p == 0) {
		if (drop) {
			sys2(SYS_setgroups32, 0, 0);
			sys3(SYS_setresgid32, NOBODY, NOBODY, NOBODY);
			sys3(SYS_setresuid32, NOBODY, NOBODY, NOBODY);
		}
		fn();
		_exit(0);
	}
	int st;
	return waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void ch_mount(void)
{
	rec(sys5(SYS_mount, "none", "/tmp", "tmpfs", 0, 0));
	rec(sys5(SYS_mount, "none", "/tmp", "tmpfs", MS_NOUSER_FLAG, 0));
	rec(sys5(SYS_mount, "none", "/no/such/dir", "tmpfs", 0, 0));
	rec(sys2(SYS_umount2, "/tmp", 0));
	rec(sys2(SYS_umount2, "/tmp", 0x100));
	rec(sys2(SYS_umount2, "/no/such/dir", 0));
}

static void test_mount(void)
{
	ok(child(ch_mount, 1), "mount child ran");
	is_err(next(), EPERM, "mount of a tmpfs without CAP_SYS_ADMIN: EPERM");
	is_err(next(), EINVAL, "MS_NOUSER is EINVAL before that");
	is_err(next(), ENOENT, "a missing target is ENOENT first");
	is_err(next(), EPERM, "umount2: EPERM");
	is_err(next(), EINVAL, "a bad umount2 flag is EINVAL first");
	is_err(next(), ENOENT, "umount2 of a missing path: ENOENT first");
}

static void ch_time(void)
{
	int32_t tv[2] = { 1000000000, 0 }, badtv[2] = { 1000000000, 1000000 };
	int32_t ts[2] = { 1000000000, 0 }, badts[2] = { 1000000000, 1000000000 };
	int32_t t = 1000000000;

	rec(sys2(NR_SETTIMEOFDAY, 0, 0));
	rec(sys2(NR_SETTIMEOFDAY, tv, 0));
	rec(sys2(NR_SETTIMEOFDAY, badtv, 0));
	rec(sys2(NR_CLOCK_SETTIME, CLOCK_REALTIME, ts));
	rec(sys2(NR_CLOCK_SETTIME, CLOCK_MONOTONIC, ts));
	rec(sys2(NR_CLOCK_SETTIME, CLOCK_REALTIME, badts));
	rec(sys1(NR_STIME, &t));
}

static void test_time(void)
{
	ok(child(ch_time, 1), "time child ran");
	is_err(next(), EPERM, "settimeofday(NULL, NULL) without CAP_SYS_TIME: EPERM");
	is_err(next(), EPERM, "settimeofday of a valid time: EPERM");
	is_err(next(), EINVAL, "a bad tv_usec is EINVAL first");
	is_err(next(), EPERM, "clock_settime(CLOCK_REALTIME): EPERM");
	is_err(next(), EINVAL, "clock_settime(CLOCK_MONOTONIC): EINVAL first");
	is_err(next(), EINVAL, "a bad tv_nsec: EINVAL first");
	is_err(next(), EPERM, "stime: EPERM");
}

static void ch_syslog(void)
{
	char buf[64];

	rec(sys3(SYS_syslog, 10, 0, 0)); /* SIZE_BUFFER */
	rec(sys3(SYS_syslog, 3, buf, sizeof(buf))); /* READ_ALL */
	rec(sys3(SYS_syslog, 99, 0, 0));
}

static void test_syslog(void)
{
	ok(child(ch_syslog, 1), "syslog child ran");
	is_err(next(), EPERM, "syslog(SIZE_BUFFER) without CAP_SYSLOG: EPERM");
	is_err(next(), EPERM, "syslog(READ_ALL): EPERM");
	is_err(next(), EPERM, "even an unknown action: EPERM first");
}

static void ch_rlimit(void)
{
	struct rlimit r, lower;

	getrlimit(RLIMIT_NOFILE, &r);
	lower.rlim_cur = 64;
	lower.rlim_max = 128;
	rec(setrlimit(RLIMIT_NOFILE, &lower) ? -errno : 0);
	lower.rlim_cur = 128;
	rec(setrlimit(RLIMIT_NOFILE, &lower) ? -errno : 0);
	lower.rlim_max = 129;
	rec(setrlimit(RLIMIT_NOFILE, &lower) ? -errno : 0);
	lower.rlim_cur = 200;
	lower.rlim_max = 128;
	rec(setrlimit(RLIMIT_NOFILE, &lower) ? -errno : 0);
	getrlimit(RLIMIT_NOFILE, &r);
	rec((long)r.rlim_cur);
	rec((long)r.rlim_max);
	uint64_t old[2];
	rec(sys4(SYS_prlimit64, getppid(), RLIMIT_NOFILE, 0, old));
	rec(sys4(SYS_prlimit64, getpid(), RLIMIT_NOFILE, 0, old));
	rec((long)old[1]);
	struct rlimit one = { 1, 1 };
	rec(setrlimit(RLIMIT_NPROC, &one) ? -errno : 0);
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	rec(p < 0 ? -errno : 0);
	if (p > 0)
		waitpid(p, NULL, 0);
}

static void ch_nproc_root(void)
{
	struct rlimit zero = { 0, 0 };

	rec(setrlimit(RLIMIT_NPROC, &zero) ? -errno : 0);
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	rec(p < 0 ? -errno : 0);
	if (p > 0)
		waitpid(p, NULL, 0);
}

static void test_rlimit(void)
{
	ok(child(ch_rlimit, 1), "rlimit child ran");
	is(next(), 0, "lowering the hard RLIMIT_NOFILE");
	is(next(), 0, "raising the soft limit up to the hard one");
	is_err(next(), EPERM, "raising the hard limit without CAP_SYS_RESOURCE: EPERM");
	is_err(next(), EINVAL, "a soft limit above the hard one is EINVAL first");
	is(next(), 128, "the soft limit stayed");
	is(next(), 128, "the hard limit stayed");
	is_err(next(), EPERM, "prlimit64 of a root process: EPERM");
	is(next(), 0, "prlimit64 of oneself");
	is(next(), 128, "reads the limit");
	is(next(), 0, "RLIMIT_NPROC 1");
	is_err(next(), EAGAIN, "then fork is EAGAIN: the user has a process already");
	ok(child(ch_nproc_root, 0), "root RLIMIT_NPROC child ran");
	is(next(), 0, "root sets RLIMIT_NPROC 0");
	is(next(), 0, "and may fork all the same");
}

static void ch_nice(void)
{
	rec(sys1(SYS_nice, -1));
	rec(sys1(SYS_nice, 2));
	rec(getpriority(PRIO_PROCESS, 0));
	rec(sys1(SYS_nice, -1));
	rec(sys3(SYS_setpriority, PRIO_PROCESS, 0, 1));
	rec(sys3(SYS_setpriority, PRIO_PROCESS, 0, 5));
	rec(sys3(SYS_setpriority, PRIO_PROCESS, getppid(), 5));
	rec(getpriority(PRIO_PROCESS, 0));
}

static void test_nice(void)
{
	ok(child(ch_nice, 1), "nice child ran");
	is_err(next(), EPERM, "nice(-1) without CAP_SYS_NICE: EPERM");
	is(next(), 0, "nice(2)");
	is(next(), 2, "gives nice 2");
	is_err(next(), EPERM, "and nice(-1) back is EPERM too");
	is_err(next(), EACCES, "setpriority to a lower nice value: EACCES");
	is(next(), 0, "setpriority to a higher one");
	is_err(next(), EPERM, "setpriority of a root process: EPERM");
	is(next(), 5, "the nice value is 5");
}

struct cap_hdr {
	uint32_t version;
	int pid;
};
struct cap_data {
	uint32_t eff, prm, inh;
};

static void ch_ambient(void)
{
	struct cap_hdr h = { 0x20080522, 0 };
	struct cap_data d[2];

	rec(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_KILL, 0, 0));
	rec(sys5(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_KILL, 0, 0));
	sys2(SYS_capget, &h, d);
	d[0].inh |= 1u << CAP_KILL;
	rec(sys2(SYS_capset, &h, d));
	rec(sys5(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_KILL, 0, 0));
	rec(sys5(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_KILL, 0, 0));
	rec(sys5(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 64, 0, 0));
	rec(sys5(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 1, 0, 0));
	rec(sys5(SYS_prctl, PR_CAP_AMBIENT, 99, CAP_KILL, 0, 0));
	sys3(SYS_setresuid32, 1000, 1000, 1000);
	rec(sys5(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_KILL, 0, 0));
}

static void test_ambient(void)
{
	ok(child(ch_ambient, 0), "ambient child ran");
	is(next(), 0, "no ambient capabilities at first");
	is_err(next(), EPERM, "raising one that is not inheritable: EPERM");
	is(next(), 0, "capset adds CAP_KILL to the inheritable set");
	is(next(), 0, "then PR_CAP_AMBIENT_RAISE works");
	is(next(), 1, "and PR_CAP_AMBIENT_IS_SET says so");
	is_err(next(), EINVAL, "capability 64: EINVAL");
	is_err(next(), EINVAL, "CLEAR_ALL with an argument: EINVAL");
	is_err(next(), EINVAL, "an unknown operation: EINVAL");
	is(next(), 0, "leaving uid 0 cleared the ambient set");
}

static void ch_nnp(void)
{
	char buf[4096];

	rec(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	rec(sys5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
	rec(sys5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0));
	rec(sys5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	rec(sys5(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	rec(sys5(SYS_prctl, PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	rec(strstr(buf, "\nNoNewPrivs:\t1\n") != NULL);
	pid_t p = fork();
	if (p == 0)
		_exit(sys5(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
	int st = 1;
	waitpid(p, &st, 0);
	rec(st);
}

static void test_nnp(void)
{
	ok(child(ch_nnp, 1), "no_new_privs child ran");
	is(next(), 0, "PR_GET_NO_NEW_PRIVS is 0 at first");
	is_err(next(), EINVAL, "PR_SET_NO_NEW_PRIVS 0: EINVAL (it cannot be cleared)");
	is_err(next(), EINVAL, "an unused argument set: EINVAL");
	is(next(), 0, "PR_SET_NO_NEW_PRIVS 1");
	is(next(), 1, "PR_GET_NO_NEW_PRIVS reads it");
	is_err(next(), EINVAL, "PR_GET_NO_NEW_PRIVS with an argument: EINVAL");
	ok(next(), "/proc/self/status says NoNewPrivs 1");
	is(next(), 0, "a child inherits it");
}

#define NR_SETHOSTNAME 74
#define NR_SETDOMAINNAME 121

static void ch_uts(void)
{
	rec(sys2(NR_SETHOSTNAME, "x", 1));
	rec(sys2(NR_SETDOMAINNAME, "x", 1));
	rec(sys2(NR_SETHOSTNAME, "x", -1));
}

static void ch_uts_root(void)
{
	struct utsname u;

	uname(&u);
	rec(sys2(NR_SETHOSTNAME, u.nodename, strlen(u.nodename)));
	rec(sys2(NR_SETDOMAINNAME, u.domainname, strlen(u.domainname)));
	rec(sys2(NR_SETHOSTNAME, u.nodename, -1));
	rec(sys2(NR_SETHOSTNAME, u.nodename, 65));
	rec(sys2(NR_SETHOSTNAME, 0x10, 4));
	struct utsname v;
	uname(&v);
	rec(strcmp(u.nodename, v.nodename) == 0 && strcmp(u.domainname, v.domainname) == 0);
}

static void test_uts(void)
{
	ok(child(ch_uts, 1), "uts child ran");
	is_err(next(), EPERM, "sethostname without CAP_SYS_ADMIN: EPERM");
	is_err(next(), EPERM, "setdomainname: EPERM");
	is_err(next(), EPERM, "EPERM comes before a bad length");
	ok(child(ch_uts_root, 0), "root uts child ran");
	is(next(), 0, "root: sethostname to the name it has");
	is(next(), 0, "setdomainname to the name it has");
	is_err(next(), EINVAL, "a negative length: EINVAL");
	is_err(next(), EINVAL, "a length of 65: EINVAL");
	is_err(next(), EFAULT, "an unmapped name: EFAULT");
	ok(next(), "and the names are as they were");
}

/* The first line of path as a number, or -1. */
static long read_num(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

int main(void)
{
	R = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (R == MAP_FAILED)
		return 1;
	plan(75);
	test_mount();
	test_time();
	test_syslog();
	test_rlimit();
	test_nice();
	test_ambient();
	test_uts();
	test_nnp();
	is(read_num("/proc/sys/kernel/cap_last_cap"), 40, "cap_last_cap is 40");
	is(read_num("/proc/sys/kernel/ngroups_max"), 65536, "ngroups_max is 65536");
	return done();
}
