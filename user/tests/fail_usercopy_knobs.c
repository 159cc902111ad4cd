/*
 * fail_usercopy_knobs: the knobs of fail_usercopy and make-it-fail, as
 * Linux's fault-injection files (Documentation/fault-injection).
 *
 * The knob files (failcopy.h finds them) read back what was written, in
 * debugfs's forms (decimal numbers, "Y"/"N"), take 0x and 0 prefixes,
 * and refuse anything else with EINVAL (ERANGE past 64 bits) without
 * changing; they are root's (mode 0600: EACCES for others). The
 * attribute behaves as documented: times counts down (-1 never does),
 * interval lets one call in N through to the rest of the checks, space
 * is used up first, probability 0 never fails and 50 fails some,
 * task-filter picks only processes with make-it-fail set, and verbose 1
 * writes "FAULT_INJECTION: forcing a failure." to the kernel log (2 also
 * a call trace). /proc/PID/make-it-fail reads "0\n" at first, takes 0
 * or 1 with spaces around, refuses other values (EINVAL), is inherited
 * by fork and kept by execve, needs CAP_SYS_RESOURCE to write (EPERM)
 * and says ESRCH once its process is gone. Bad buffers are EFAULT and
 * change nothing. Each probe is a 1-byte read from a file, one user copy,
 * made by a child.
 *
 * Linux on this host has no fail_usercopy: every point is a "# SKIP"
 * there (they run on a Linux with it).
 */
#include <signal.h>
#include "failcopy.h"

#define NOBODY 65534
#define PR_SET_DUMPABLE 4
#define MAX_PROBES 256
#define SYSLOG_READ_ALL 3
#define SYSLOG_CLEAR 5
#define LOG_BYTES (1 << 15)
#define NPOINTS (10 + 9 + 1 + 9 + 3 + 4)

static unsigned char *sh; /* shared with the children */
static long *sh_results;  /* one result per probe */
static char fpath[64];
static long file_fd;
static int nprobes;

/* Child body: nprobes 1-byte reads of the file; results to sh_results. */
static void probe_reads(long unused)
{
	char c;

	(void)unused;
	for (int i = 0; i < nprobes; i++)
		sh_results[i] = RSYS(SYS_pread64, file_fd, &c, 1, 0, 0);
}

/* Runs n probes in a child whose make-it-fail is mif, with the knobs as
 * they are now (the caller sets them). Returns how many failed with
 * EFAULT, -1 if the child did not run. Switches injection off after. */
static int probes(int n, int mif)
{
	int status = 0, failed = 0;
	long pid;

	nprobes = n;
	pid = rfork();
	if (pid == 0) {
		if (mif && fc_write_file("/proc/self/make-it-fail", "1") != 1)
			rexit(99);
		probe_reads(0);
		fc_stop();
	}
	RSYS(SYS_wait4, pid, &status, WUNTRACED, 0);
	RSYS(SYS_kill, pid, SIGKILL);
	RSYS(SYS_wait4, pid, 0, 0, 0);
	if (!WIFSTOPPED(status))
		return -1;
	for (int i = 0; i < n; i++)
		failed += sh_results[i] == -EFAULT;
	return failed;
}

/* Arms the attribute: task-filter Y, then the knobs, probability last. */
static void arm(const char *interval, const char *space, const char *times, const char *prob)
{
	fc_set("task-filter", "Y");
	fc_set("verbose", "0");
	fc_set("interval", interval);
	fc_set("space", space);
	fc_set("times", times);
	fc_set("probability", prob);
}

/* Writes text to knob and reads it back; 1 if it reads want. */
static int roundtrip(const char *knob, const char *text, long want)
{
	return fc_set(knob, text) == (long)strlen(text) && fc_get(knob) == want;
}

/* The knobs read back what was written, and bad values are refused.
 * Probability is nonzero only while task-filter is on (this process has
 * no make-it-fail), so the writes themselves never fail. */
static void check_values(void)
{
	fc_set("task-filter", "Y");
	ok(roundtrip("probability", "37", 37), "probability reads back 37");
	ok(roundtrip("probability", "0x10", 16) && roundtrip("interval", "010", 8),
	   "0x and 0 prefixes are hex and octal");
	fc_set("probability", "0");
	ok(roundtrip("interval", "5\n", 5), "interval reads back 5");
	ok(roundtrip("times", "-1", -1), "times reads back -1");
	ok(roundtrip("space", "12", 12), "space reads back 12");
	ok(roundtrip("verbose", "1", 1), "verbose reads back 1");
	ok(roundtrip("task-filter", "Y", 1) && roundtrip("task-filter", "0", 0) &&
		   roundtrip("task-filter", "on", 1) && roundtrip("task-filter", "off", 0) &&
		   roundtrip("task-filter", "y\n", 1),
	   "task-filter takes Y, 0, on, off, y and reads Y or N");
	ok(fc_set("probability", "abc") == -EINVAL && fc_set("probability", "-1") == -EINVAL &&
		   fc_set("probability", "12x") == -EINVAL && fc_set("times", "--1") == -EINVAL &&
		   fc_set("interval", "\n") == -EINVAL && fc_get("probability") == 0 &&
		   fc_get("times") == -1 && fc_get("interval") == 5,
	   "bad numbers give EINVAL and change nothing");
	ok(fc_set("task-filter", "maybe") == -EINVAL && fc_get("task-filter") == 1,
	   "task-filter 'maybe' gives EINVAL");
	ok(fc_set("space", "99999999999999999999999") == -ERANGE && fc_get("space") == 12,
	   "a number past 64 bits gives ERANGE");
	fc_off();
}

/* What the attribute does with times, interval, space and probability. */
static void check_attr(void)
{
	long before = fc_get("injected");

	arm("1", "0", "3", "100");
	int f = probes(5, 1);
	ok(f == 3 && sh_results[0] == -EFAULT && sh_results[2] == -EFAULT && sh_results[3] == 1 &&
		   sh_results[4] == 1,
	   "times 3: the first three copies fail, then none");
	arm("1", "0", "3", "100");
	fc_set("probability", "0");
	fc_set("times", "2");
	f = probes(1, 1);
	ok(f == 0 && fc_get("times") == 2, "times does not count down when nothing fails");
	ok(fc_get("injected") == before + 3, "injected counts the failures");
	arm("1", "0", "-1", "100");
	f = probes(6, 1);
	ok(f == 6 && fc_get("times") == -1, "times -1: every copy fails, times stays -1");
	fc_off();
	arm("3", "0", "-1", "100");
	f = probes(9, 1);
	int spaced = 1;
	for (int i = 0; i < 9; i++)
		for (int j = i + 1; j < 9; j++)
			if (sh_results[i] == -EFAULT && sh_results[j] == -EFAULT)
				spaced &= (j - i) % 3 == 0;
	ok(f == 3 && spaced, "interval 3: one copy in three fails");
	fc_off();
	arm("1", "0", "-1", "50");
	f = probes(200, 1);
	ok(f > 40 && f < 160, "probability 50: some of 200 copies fail, not all");
	fc_off();
	arm("1", "0", "5", "100");
	fc_set("probability", "0");
	f = probes(5, 1);
	ok(f == 0 && fc_get("times") == 5, "probability 0: nothing fails");
	fc_off();
	arm("1", "3", "1", "100");
	f = probes(4, 1);
	ok(f == 1 && sh_results[2] == -EFAULT && fc_get("space") == 1,
	   "space 3: two copies use it up, the third fails");
	fc_off();
	arm("1", "0", "1", "100");
	f = probes(3, 0);
	ok(f == 0 && fc_get("times") == 1, "task-filter Y: a process without make-it-fail never fails");
	fc_off();
}

/* Child body for task-filter N: turn the filter off (that write's copy
 * comes first), then probe. */
static void filter_off_then_probe(long unused)
{
	(void)unused;
	fc_set("task-filter", "N");
	probe_reads(0);
}

/* task-filter N: any process fails, make-it-fail or not. */
static void check_filter_off(void)
{
	int status;

	arm("1", "0", "1", "100");
	nprobes = 2;
	long pid = rfork();
	if (pid == 0) {
		filter_off_then_probe(0);
		fc_stop();
	}
	RSYS(SYS_wait4, pid, &status, WUNTRACED, 0);
	RSYS(SYS_kill, pid, SIGKILL);
	RSYS(SYS_wait4, pid, 0, 0, 0);
	ok(WIFSTOPPED(status) && sh_results[0] == -EFAULT && sh_results[1] == 1 &&
		   fc_get("times") == 0,
	   "task-filter N: a process without make-it-fail fails too");
	fc_off();
}

/* Reads /proc/<pid>/make-it-fail as a number (-errno on failure). */
static long mif_get(long pid)
{
	char path[64], buf[16];
	long r;

	snprintf(path, sizeof(path), "/proc/%ld/make-it-fail", pid);
	r = fc_read_file(path, buf, sizeof(buf));
	return r < 0 ? r : strcmp(buf, "0\n") == 0 ? 0 : strcmp(buf, "1\n") == 0 ? 1 : -9999;
}

/* Writes text to /proc/<pid>/make-it-fail; returns write's result. */
static long mif_set(long pid, const char *text)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%ld/make-it-fail", pid);
	return fc_write_file(path, text);
}

/* Child body: make-it-fail's value as the exit status, 40 + value. */
static void exit_with_mif(void)
{
	long v = mif_get(RSYS(SYS_getpid));

	rexit(v >= 0 ? 40 + (int)v : 1);
}

/* /proc/PID/make-it-fail: values, inheritance, permissions, ESRCH. */
static void check_make_it_fail(const char *self)
{
	long me = RSYS(SYS_getpid), pid;
	int st;

	ok(mif_get(me) == 0, "make-it-fail reads 0 at first");
	ok(mif_set(me, " 1 \n") == 4 && mif_get(me) == 1 && mif_set(me, "0") == 1 &&
		   mif_get(me) == 0,
	   "make-it-fail takes ' 1 \\n' and 0 and reads them back");
	ok(mif_set(me, "2") == -EINVAL && mif_set(me, "-1") == -EINVAL &&
		   mif_set(me, "x") == -EINVAL && mif_set(me, "\n") == -EINVAL && mif_get(me) == 0,
	   "make-it-fail 2, -1, x and an empty line give EINVAL");
	mif_set(me, "1"); /* probability is 0: nothing fails */
	pid = rfork();
	if (pid == 0)
		exit_with_mif();
	st = (int)rwait(pid);
	is_exit(st, 41, "make-it-fail is inherited across fork");
	pid = rfork();
	if (pid == 0) {
		char *argv[] = { (char *)self, "--make-it-fail", NULL };
		RSYS(SYS_execve, self, argv, NULL);
		rexit(1);
	}
	st = (int)rwait(pid);
	is_exit(st, 41, "make-it-fail is kept across execve");
	mif_set(me, "0");
	pid = rfork();
	if (pid == 0)
		fc_stop();
	RSYS(SYS_wait4, pid, &st, WUNTRACED, 0);
	ok(mif_set(pid, "1") == 1 && mif_get(pid) == 1 && mif_get(me) == 0,
	   "root sets another process's make-it-fail");
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/make-it-fail", pid);
	long fd = RSYS(SYS_open, path, O_RDWR);
	RSYS(SYS_kill, pid, SIGKILL);
	RSYS(SYS_wait4, pid, 0, 0, 0);
	char c;
	ok(fd >= 0 && RSYS(SYS_read, fd, &c, 1) == -ESRCH && RSYS(SYS_write, fd, "1", 1) == -ESRCH,
	   "make-it-fail of a reaped process: ESRCH");
	RSYS(SYS_close, fd);

	pid = rfork();
	if (pid == 0) {
		char kp[128];
		snprintf(kp, sizeof(kp), "%s/probability", fc_dir());
		RSYS(SYS_setresuid32, NOBODY, NOBODY, NOBODY);
		RSYS(SYS_prctl, PR_SET_DUMPABLE, 1); /* else /proc/self is root's */
		int good = RSYS(SYS_open, kp, O_RDONLY) == -EACCES &&
			   RSYS(SYS_open, kp, O_WRONLY) == -EACCES;
		long f = RSYS(SYS_open, "/proc/self/make-it-fail", O_WRONLY);
		int perm = f >= 0 && RSYS(SYS_write, f, "1", 1) == -EPERM &&
			   mif_get(RSYS(SYS_getpid)) == 0 && mif_get(1) == 0;
		rexit(good + 2 * perm);
	}
	st = (int)rwait(pid);
	ok(WIFEXITED(st) && (WEXITSTATUS(st) & 1), "nobody: the knob files give EACCES");
	ok(WIFEXITED(st) && (WEXITSTATUS(st) & 2),
	   "nobody: own make-it-fail opens for writing, the write gives EPERM");
}

/* Does the kernel log (what syslog's READ_ALL gives) hold text? */
static int log_has(const char *text)
{
	static char log[LOG_BYTES + 1];
	long n = RSYS(SYS_syslog, SYSLOG_READ_ALL, log, LOG_BYTES);

	if (n < 0)
		return 0;
	log[n] = '\0';
	return strstr(log, text) != NULL;
}

/* verbose 0, 1 and 2 on the kernel log, emptied before each. */
static void check_verbose(void)
{
	for (int v = 0; v <= 2; v++) {
		char text[4];
		RSYS(SYS_syslog, SYSLOG_CLEAR, 0, 0);
		arm("1", "0", "1", "100");
		snprintf(text, sizeof(text), "%d", v);
		fc_set("verbose", text);
		int f = probes(1, 1);
		fc_off();
		int line = log_has("FAULT_INJECTION: forcing a failure.") &&
			   log_has("name fail_usercopy, interval 1, probability 100, space 0, times 1");
		int trace = log_has("Call trace:");
		if (v == 0)
			ok(f == 1 && !line, "verbose 0: the failure is not logged");
		else if (v == 1)
			ok(f == 1 && line && !trace, "verbose 1: one line on the kernel log, with the name");
		else
			ok(f == 1 && line && trace, "verbose 2: the line and a call trace");
	}
}

/* Bad buffers and descriptors on the knob files and make-it-fail:
 * EFAULT for NULL, kernel and unmapped pointers (nothing changes),
 * EBADF for the wrong direction, EINVAL writing the read-only injected. */
static void check_bad_buffers(void)
{
	char path[128], mif[64];
	unsigned char *hole = unmapped();
	long fd, r1, r2, r3;

	snprintf(path, sizeof(path), "%s/interval", fc_dir());
	snprintf(mif, sizeof(mif), "/proc/%ld/make-it-fail", RSYS(SYS_getpid));
	fc_set("interval", "7");
	fd = RSYS(SYS_open, path, O_RDWR);
	r1 = RSYS(SYS_write, fd, NULL, 2);
	r2 = RSYS(SYS_write, fd, KERNEL_BASE, 2);
	r3 = RSYS(SYS_write, fd, hole, 2);
	ok(r1 == -EFAULT && r2 == -EFAULT && r3 == -EFAULT && fc_get("interval") == 7,
	   "a knob written from NULL, kernel or unmapped memory: EFAULT, unchanged");
	r1 = RSYS(SYS_read, fd, NULL, 8);
	r2 = RSYS(SYS_read, fd, KERNEL_BASE, 8);
	r3 = RSYS(SYS_read, fd, hole, 8);
	ok(r1 == -EFAULT && r2 == -EFAULT && r3 == -EFAULT,
	   "a knob read into NULL, kernel or unmapped memory: EFAULT");
	RSYS(SYS_close, fd);
	fd = RSYS(SYS_open, path, O_RDONLY);
	r1 = RSYS(SYS_write, fd, "3", 1);
	RSYS(SYS_close, fd);
	snprintf(path, sizeof(path), "%s/injected", fc_dir());
	r2 = fc_write_file(path, "5");
	ok(r1 == -EBADF && r2 == -EINVAL && fc_get("interval") == 7,
	   "EBADF writing a knob opened read-only, EINVAL writing injected");
	fd = RSYS(SYS_open, mif, O_RDWR);
	r1 = RSYS(SYS_write, fd, NULL, 1);
	r2 = RSYS(SYS_write, fd, KERNEL_BASE, 1);
	r3 = RSYS(SYS_read, fd, hole, 4);
	ok(fd >= 0 && r1 == -EFAULT && r2 == -EFAULT && r3 == -EFAULT &&
		   mif_get(RSYS(SYS_getpid)) == 0,
	   "make-it-fail from or into a bad pointer: EFAULT, unchanged");
	RSYS(SYS_close, fd);
	fc_off();
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--make-it-fail"))
		exit_with_mif();
	plan(NPOINTS);
	if (!fc_dir()) {
		for (int i = 0; i < NPOINTS; i++)
			skip_why(FC_SKIP, "fail_usercopy knob check %d", i + 1);
		return done();
	}
	sh = fc_shared(1);
	sh_results = (long *)sh;
	file_fd = mkpat(tmpname(fpath, "fail_usercopy_knobs"), 16);
	if (!sh || file_fd < 0)
		return diag("setup failed"), 1;
	fc_off();
	check_values();
	check_attr();
	check_filter_off();
	check_make_it_fail(argv[0]);
	check_verbose();
	check_bad_buffers();
	fc_off();
	RSYS(SYS_close, file_fd);
	RSYS(SYS_unlink, fpath);
	return done();
}
