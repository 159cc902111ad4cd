/*
 * proc_badptr_calls - the pointer arguments of the time, signal, limit,
 * scheduling, futex, timer, poll and file-status calls (proc_badptr has
 * the read/write/path ones): each bad pointer gives -EFAULT, as on Linux,
 * and a NULL that the call accepts ("no old value wanted") is accepted.
 *
 * The bad pointers are those of badptr.h: NULL, 0xC0000000 (start of
 * kernel space), 0xC0100000 (kernel text), an unmapped page between two
 * mapped ones, and an object wrapping past 4 GiB. On a 64-bit Linux host
 * the kernel addresses are merely unmapped user addresses; the result is
 * -EFAULT all the same. Then the state the failed calls must have left
 * alone: the signal mask and handler, the limits, no timer or fd leaked.
 */
#include "tap.h"
#include "badptr.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>

#define KSIGSET 8		/* the kernel's sigset_t */
#define FUTEX_WAIT_ 0
#define FUTEX_PRIVATE_FLAG_ 128
#define RLIMIT_NOFILE_ 7
#define F_GETLK64_ 12
#define FIONREAD_ 0x541B
#define PR_SET_NAME_ 15
#define PR_GET_NAME_ 16
#define CAP_VERSION_3 0x20080522
/* i386 numbers (musl names some calls _time32) */
#define NR_NEWSELECT 142
#define NR_CAPGET 184
#define NR_CLOCK_GETRES 266
#define NR_CLOCK_GETTIME 265
#define NR_CLOCK_NANOSLEEP 267
#define NR_FCNTL64 221
#define NR_FSTATFS64 269
#define NR_FUTEX 240
#define NR_GET_THREAD_AREA 244
#define NR_GETCPU 318
#define NR_GETITIMER 105
#define NR_GETRANDOM 355
#define NR_GETRUSAGE 77
#define NR_GETTIMEOFDAY 78
#define NR_IOCTL 54
#define NR_MINCORE 218
#define NR_PIPE2 331
#define NR_POLL 168
#define NR_PPOLL 309
#define NR_PRCTL 172
#define NR_PRLIMIT64 340
#define NR_READLINK 85
#define NR_RT_SIGACTION 174
#define NR_RT_SIGPENDING 176
#define NR_RT_SIGPROCMASK 175
#define NR_RT_SIGQUEUEINFO 178
#define NR_RT_SIGTIMEDWAIT 177
#define NR_SCHED_GETAFFINITY 242
#define NR_SCHED_RR_GET_INTERVAL 161
#define NR_SCHED_SETAFFINITY 241
#define NR_SETRLIMIT 75
#define NR_SIGALTSTACK 186
#define NR_STATFS 99
#define NR_STATFS64 268
#define NR_SYSINFO 116
#define NR_TIME 13
#define NR_UGETRLIMIT 191
#define NR_UTIMENSAT 320
#define NR_WAIT4 114
#define NR_WAITID 284
#define NR_GET_ROBUST_LIST 312
#define NR_TIMER_CREATE 259
#define NR_TIMER_SETTIME 260
#define NR_TIMER_GETTIME 261
#define NR_TIMER_DELETE 263
#define NR_TIMERFD_CREATE 322
#define NR_TIMERFD_SETTIME 325
#define NR_TIMERFD_GETTIME 326

static int rp[2];		/* a pipe holding data: readable at once */
static int file, tfd, dirfd_;	/* a regular file, a timerfd, / */
static long timer_id;		/* a POSIX timer */
static unsigned char buf[PAGE];	/* a good buffer for the other arguments */
static unsigned long good_page;	/* a mapped page */
static int free_fd;		/* lowest free fd once the setup is done */

static long c_gettimeofday_tv(unsigned long p)
{
	return sys2(NR_GETTIMEOFDAY, p, NULL);
}
static long c_gettimeofday_tz(unsigned long p)
{
	return sys2(NR_GETTIMEOFDAY, buf, p);
}
static long c_clock_gettime(unsigned long p)
{
	return sys2(NR_CLOCK_GETTIME, CLOCK_MONOTONIC, p);
}
static long c_clock_getres(unsigned long p)
{
	return sys2(NR_CLOCK_GETRES, CLOCK_MONOTONIC, p);
}
static long c_clock_nanosleep(unsigned long p)
{
	return sys4(NR_CLOCK_NANOSLEEP, CLOCK_MONOTONIC, 0, p, NULL);
}
static long c_time(unsigned long p)
{
	return sys1(NR_TIME, p);
}
static long c_getrusage(unsigned long p)
{
	return sys2(NR_GETRUSAGE, 0, p);
}
static long c_sysinfo(unsigned long p)
{
	return sys1(NR_SYSINFO, p);
}
static long c_ugetrlimit(unsigned long p)
{
	return sys2(NR_UGETRLIMIT, RLIMIT_NOFILE_, p);
}
static long c_setrlimit(unsigned long p)
{
	return sys2(NR_SETRLIMIT, RLIMIT_NOFILE_, p);
}
static long c_prlimit_old(unsigned long p)
{
	return sys4(NR_PRLIMIT64, 0, RLIMIT_NOFILE_, NULL, p);
}
static long c_prlimit_new(unsigned long p)
{
	return sys4(NR_PRLIMIT64, 0, RLIMIT_NOFILE_, p, NULL);
}
static long c_sigprocmask_set(unsigned long p)
{
	return sys4(NR_RT_SIGPROCMASK, SIG_BLOCK, p, NULL, KSIGSET);
}
static long c_sigprocmask_old(unsigned long p)
{
	return sys4(NR_RT_SIGPROCMASK, SIG_BLOCK, NULL, p, KSIGSET);
}
static long c_sigpending(unsigned long p)
{
	return sys2(NR_RT_SIGPENDING, p, KSIGSET);
}
static long c_sigaction_act(unsigned long p)
{
	return sys4(NR_RT_SIGACTION, SIGUSR1, p, NULL, KSIGSET);
}
static long c_sigaction_old(unsigned long p)
{
	return sys4(NR_RT_SIGACTION, SIGUSR1, NULL, p, KSIGSET);
}
static long c_sigaltstack_ss(unsigned long p)
{
	return sys2(NR_SIGALTSTACK, p, NULL);
}
static long c_sigaltstack_old(unsigned long p)
{
	return sys2(NR_SIGALTSTACK, NULL, p);
}
static long c_sigtimedwait_set(unsigned long p)
{
	static const struct timespec zero;
	return sys4(NR_RT_SIGTIMEDWAIT, p, NULL, &zero, KSIGSET);
}
static long c_sigqueueinfo(unsigned long p)
{
	return sys3(NR_RT_SIGQUEUEINFO, getpid(), SIGUSR1, p);
}
static long c_poll(unsigned long p)
{
	return sys3(NR_POLL, p, 1, 0);
}
static long c_ppoll_fds(unsigned long p)
{
	static const struct timespec zero;
	return sys5(NR_PPOLL, p, 1, &zero, NULL, KSIGSET);
}
static long c_ppoll_ts(unsigned long p)
{
	struct pollfd_ {
		int fd;
		short events, revents;
	} fds = {rp[0], 1, 0};
	return sys5(NR_PPOLL, &fds, 1, p, NULL, KSIGSET); /* readable: no wait */
}
static long c_select_fds(unsigned long p)
{
	static struct {
		long sec, usec;
	} zero;
	return sys5(NR_NEWSELECT, rp[0] + 1, p, NULL, NULL, &zero);
}
static long c_getrandom(unsigned long p)
{
	return sys3(NR_GETRANDOM, p, 16, 0);
}
static long c_robust_head(unsigned long p)
{
	return sys3(NR_GET_ROBUST_LIST, 0, p, buf);
}
static long c_robust_len(unsigned long p)
{
	return sys3(NR_GET_ROBUST_LIST, 0, buf, p);
}
static long c_futex_private(unsigned long p)
{
	return sys4(NR_FUTEX, p, FUTEX_WAIT_ | FUTEX_PRIVATE_FLAG_, 0, NULL);
}
static long c_futex_shared(unsigned long p)
{
	return sys4(NR_FUTEX, p, FUTEX_WAIT_, 0, NULL);
}
static long c_capget_hdr(unsigned long p)
{
	return sys2(NR_CAPGET, p, NULL);
}
static long c_capget_data(unsigned long p)
{
	struct {
		unsigned version;
		int pid;
	} hdr = {CAP_VERSION_3, 0};
	return sys2(NR_CAPGET, &hdr, p);
}
static long c_getaffinity(unsigned long p)
{
	return sys3(NR_SCHED_GETAFFINITY, 0, 128, p);
}
static long c_setaffinity(unsigned long p)
{
	return sys3(NR_SCHED_SETAFFINITY, 0, 4, p);
}
static long c_rr_interval(unsigned long p)
{
	return sys2(NR_SCHED_RR_GET_INTERVAL, 0, p);
}
static long c_getcpu(unsigned long p)
{
	return sys3(NR_GETCPU, p, NULL, NULL);
}
static long c_statfs64(unsigned long p)
{
	return sys3(NR_STATFS64, "/", 84, p);
}
static long c_fstatfs64(unsigned long p)
{
	return sys3(NR_FSTATFS64, dirfd_, 84, p);
}
static long c_statfs(unsigned long p)
{
	return sys2(NR_STATFS, "/", p);
}
static long c_readlink_buf(unsigned long p)
{
	return sys3(NR_READLINK, "/tmp/proc_badptr_calls.lnk", p, 64);
}
static long c_mincore(unsigned long p)
{
	return sys3(NR_MINCORE, good_page, PAGE, p);
}
static long c_timer_create_sev(unsigned long p)
{
	int id = -1;
	long r = sys3(NR_TIMER_CREATE, CLOCK_MONOTONIC, p, &id);
	if (r == 0)
		sys1(NR_TIMER_DELETE, id); /* NULL: the default sigevent */
	return r;
}
static long c_timer_create_id(unsigned long p)
{
	return sys3(NR_TIMER_CREATE, CLOCK_MONOTONIC, NULL, p);
}
static long c_timer_settime(unsigned long p)
{
	return sys4(NR_TIMER_SETTIME, timer_id, 0, p, NULL);
}
static long c_timer_gettime(unsigned long p)
{
	return sys2(NR_TIMER_GETTIME, timer_id, p);
}
static long c_getitimer(unsigned long p)
{
	return sys2(NR_GETITIMER, 0 /* ITIMER_REAL */, p);
}
static long c_timerfd_settime(unsigned long p)
{
	return sys4(NR_TIMERFD_SETTIME, tfd, 0, p, NULL);
}
static long c_timerfd_gettime(unsigned long p)
{
	return sys2(NR_TIMERFD_GETTIME, tfd, p);
}
static long c_getlk(unsigned long p)
{
	return sys3(NR_FCNTL64, file, F_GETLK64_, p);
}
static long c_fionread(unsigned long p)
{
	return sys3(NR_IOCTL, rp[0], FIONREAD_, p);
}
static long c_pr_set_name(unsigned long p)
{
	return sys2(NR_PRCTL, PR_SET_NAME_, p);
}
static long c_pr_get_name(unsigned long p)
{
	return sys2(NR_PRCTL, PR_GET_NAME_, p);
}
static long c_get_thread_area(unsigned long p)
{
	return sys1(NR_GET_THREAD_AREA, p);
}
static long c_utimensat(unsigned long p)
{
	return sys4(NR_UTIMENSAT, AT_FDCWD, "/tmp/proc_badptr_calls.tmp", p, 0);
}
static long c_pipe2(unsigned long p)
{
	return sys2(NR_PIPE2, p, 0);
}
/* wait4 and waitid on a real child that has exited. */
static long c_wait_child(int waitid_call, unsigned long p)
{
	pid_t pid = fork();
	long r;
	if (pid == 0)
		_exit(0);
	if (waitid_call)
		r = sys5(NR_WAITID, 1 /* P_PID */, pid, p, 4 /* WEXITED */, NULL);
	else
		r = sys4(NR_WAIT4, pid, NULL, 0, p);
	waitpid(pid, NULL, 0); /* in case the failing call left it */
	return r;
}
static long c_wait4_rusage(unsigned long p)
{
	return c_wait_child(0, p);
}
static long c_waitid_info(unsigned long p)
{
	return c_wait_child(1, p);
}

enum null_is { NULL_EFAULT, NULL_ALLOWED, NULL_EINVAL };

static const struct bad_case {
	const char *name;
	unsigned long size; /* bytes the call touches at the pointer */
	long (*call)(unsigned long ptr);
	enum null_is null; /* NULL_ALLOWED: succeeds with NULL; NULL_EINVAL: -EINVAL */
	int no_wrap;	   /* the wrapping pointer is misaligned for the call */
} cases[] = {
    {"gettimeofday tv", 8, c_gettimeofday_tv, NULL_ALLOWED, 0},
    {"gettimeofday tz", 8, c_gettimeofday_tz, NULL_ALLOWED, 0},
    {"clock_gettime", 8, c_clock_gettime, NULL_EFAULT, 0},
    {"clock_getres", 8, c_clock_getres, NULL_ALLOWED, 0},
    {"clock_nanosleep request", 8, c_clock_nanosleep, NULL_EFAULT, 0},
    {"time", 4, c_time, NULL_ALLOWED, 0},
    {"getrusage", 72, c_getrusage, NULL_EFAULT, 0},
    {"sysinfo", 64, c_sysinfo, NULL_EFAULT, 0},
    {"ugetrlimit", 8, c_ugetrlimit, NULL_EFAULT, 0},
    {"setrlimit", 8, c_setrlimit, NULL_EFAULT, 0},
    {"prlimit64 old limit", 16, c_prlimit_old, NULL_ALLOWED, 0},
    {"prlimit64 new limit", 16, c_prlimit_new, NULL_ALLOWED, 0},
    {"rt_sigprocmask set", KSIGSET, c_sigprocmask_set, NULL_ALLOWED, 0},
    {"rt_sigprocmask old set", KSIGSET, c_sigprocmask_old, NULL_ALLOWED, 0},
    {"rt_sigpending", KSIGSET, c_sigpending, NULL_EFAULT, 0},
    {"rt_sigaction action", 20, c_sigaction_act, NULL_ALLOWED, 0},
    {"rt_sigaction old action", 20, c_sigaction_old, NULL_ALLOWED, 0},
    {"sigaltstack stack", 12, c_sigaltstack_ss, NULL_ALLOWED, 0},
    {"sigaltstack old stack", 12, c_sigaltstack_old, NULL_ALLOWED, 0},
    {"rt_sigtimedwait set", KSIGSET, c_sigtimedwait_set, NULL_EFAULT, 0},
    {"rt_sigqueueinfo info", 128, c_sigqueueinfo, NULL_EFAULT, 0},
    {"poll fds", 8, c_poll, NULL_EFAULT, 0},
    {"ppoll fds", 8, c_ppoll_fds, NULL_EFAULT, 0},
    {"ppoll timeout", 8, c_ppoll_ts, NULL_ALLOWED, 0},
    {"select read set", 4, c_select_fds, NULL_ALLOWED, 0},
    {"getrandom buffer", 16, c_getrandom, NULL_EFAULT, 0},
    {"get_robust_list head", 4, c_robust_head, NULL_EFAULT, 0},
    {"get_robust_list size", 4, c_robust_len, NULL_EFAULT, 0},
    {"futex word (private)", 4, c_futex_private, NULL_EFAULT, 1},
    {"futex word (shared)", 4, c_futex_shared, NULL_EFAULT, 1},
    {"capget header", 8, c_capget_hdr, NULL_EFAULT, 0},
    {"capget data", 24, c_capget_data, NULL_ALLOWED, 0},
    {"sched_getaffinity mask", 128, c_getaffinity, NULL_EFAULT, 0},
    {"sched_setaffinity mask", 4, c_setaffinity, NULL_EFAULT, 0},
    {"sched_rr_get_interval", 8, c_rr_interval, NULL_EFAULT, 0},
    {"getcpu cpu", 4, c_getcpu, NULL_ALLOWED, 0},
    {"statfs64 buffer", 84, c_statfs64, NULL_EFAULT, 0},
    {"fstatfs64 buffer", 84, c_fstatfs64, NULL_EFAULT, 0},
    {"statfs buffer", 64, c_statfs, NULL_EFAULT, 0},
    {"readlink buffer", 64, c_readlink_buf, NULL_EFAULT, 0},
    {"mincore vector", 1, c_mincore, NULL_EFAULT, 0},
    {"timer_create sigevent", 64, c_timer_create_sev, NULL_ALLOWED, 0},
    {"timer_create id", 4, c_timer_create_id, NULL_EFAULT, 0},
    {"timer_settime value", 16, c_timer_settime, NULL_EINVAL, 0},
    {"timer_gettime value", 16, c_timer_gettime, NULL_EFAULT, 0},
    {"getitimer value", 16, c_getitimer, NULL_EFAULT, 0},
    {"timerfd_settime value", 16, c_timerfd_settime, NULL_EFAULT, 0},
    {"timerfd_gettime value", 16, c_timerfd_gettime, NULL_EFAULT, 0},
    {"fcntl64 F_GETLK64 lock", 24, c_getlk, NULL_EFAULT, 0},
    {"ioctl FIONREAD count", 4, c_fionread, NULL_EFAULT, 0},
    {"prctl PR_SET_NAME name", 16, c_pr_set_name, NULL_EFAULT, 0},
    {"prctl PR_GET_NAME name", 16, c_pr_get_name, NULL_EFAULT, 0},
    {"get_thread_area descriptor", 16, c_get_thread_area, NULL_EFAULT, 0},
    {"utimensat times", 16, c_utimensat, NULL_ALLOWED, 0},
    {"pipe2 fd array", 8, c_pipe2, NULL_EFAULT, 0},
    {"wait4 rusage", 72, c_wait4_rusage, NULL_ALLOWED, 0},
    {"waitid info", 128, c_waitid_info, NULL_ALLOWED, 0},
};
#define NCASES (int)(sizeof(cases) / sizeof(cases[0]))

/* Makes every bad call, one TAP point each (the wrapping pointer of a
 * misaligned call is a SKIP: its result there is -EINVAL, on Linux too). */
static void all_cases(void)
{
	for (int c = 0; c < NCASES; c++) {
		for (int k = 0; k < NKINDS; k++) {
			if (k == BADPTR_WRAP && cases[c].no_wrap) {
				skip_why("misaligned: -EINVAL comes first", "%s at %s", cases[c].name,
					 kind_name[k]);
				continue;
			}
			long r = cases[c].call(bad_ptr(k, cases[c].size));
			if (k == 0 && cases[c].null == NULL_ALLOWED) {
				ok(r >= 0 || r < -4095, "%s NULL is allowed", cases[c].name);
				continue;
			}
			if (k == 0 && cases[c].null == NULL_EINVAL) {
				is_err(r, EINVAL, "%s NULL: EINVAL", cases[c].name);
				continue;
			}
			is_err(r, EFAULT, "%s at %s", cases[c].name, kind_name[k]);
		}
	}
}

/* The state the failed calls must have left alone. */
static void after_checks(void)
{
	unsigned long long mask = ~0ULL;
	struct {
		unsigned long handler, flags, restorer;
		unsigned long long mask;
	} act;
	unsigned long lim[2];
	char name[16];

	is(sys4(NR_RT_SIGPROCMASK, SIG_BLOCK, NULL, &mask, KSIGSET), 0, "rt_sigprocmask query");
	is((long)(mask & ~0xffffffffULL), 0, "no failed call blocked a signal (high word)");
	is((long)(mask & 0xffffffffULL), 0, "no failed call blocked a signal (low word)");
	memset(&act, 0x55, sizeof(act));
	is(sys4(NR_RT_SIGACTION, SIGUSR1, NULL, &act, KSIGSET), 0, "rt_sigaction query");
	is((long)act.handler, (long)SIG_DFL, "SIGUSR1's handler is still the default");
	is(sys2(NR_UGETRLIMIT, RLIMIT_NOFILE_, lim), 0, "ugetrlimit");
	ok(lim[0] > 3 && lim[0] <= lim[1], "RLIMIT_NOFILE kept a sane value");
	is(sys2(NR_PRCTL, PR_GET_NAME_, name), 0, "PR_GET_NAME");
	name[15] = '\0';
	ok(strcmp(name, "proc_badptr_cal") == 0, "the failed PR_SET_NAME calls left the name alone");
	is(sys1(NR_TIMER_DELETE, timer_id), 0, "the timer made at the start is still there");
	is(lowest_free_fd(), free_fd, "no fd leaked by the failed pipe2 calls");
}

int main(void)
{
	int id = -1;

	plan(NCASES * NKINDS + 11);
	good_page = badptr_setup();
	pipe(rp);
	write(rp[1], "0123456789abcdef", 16);
	file = open("/tmp/proc_badptr_calls.tmp", O_CREAT | O_TRUNC | O_RDWR, 0644);
	write(file, "file contents", 13);
	unlink("/tmp/proc_badptr_calls.lnk");
	symlink("proc_badptr_calls.tmp", "/tmp/proc_badptr_calls.lnk");
	dirfd_ = open("/", O_RDONLY | O_DIRECTORY);
	tfd = (int)sys2(NR_TIMERFD_CREATE, CLOCK_MONOTONIC, 0);
	sys3(NR_TIMER_CREATE, CLOCK_MONOTONIC, NULL, &id);
	timer_id = id;
	memset(buf, 0, sizeof(buf));
	sys2(NR_PRCTL, PR_SET_NAME_, "proc_badptr_calls");
	free_fd = lowest_free_fd();

	all_cases();
	after_checks();

	unlink("/tmp/proc_badptr_calls.lnk");
	unlink("/tmp/proc_badptr_calls.tmp");
	return done();
}
