/*
 * proc_pid_stat: /proc/PID/stat, statm, status, cmdline, environ and
 * comm, checked the same way on Linux and Mica. Values that differ
 * between machines (times, sizes) are checked for their format and
 * bounds; what both kernels know exactly is compared exactly.
 *
 *   stat      52 fields; pid, (comm), state R for the reader, S for a
 *             child asleep in read, T stopped, Z for a zombie; ppid, pgrp, session;
 *             num_threads 1; vsize >= rss pages; arg_start < arg_end;
 *             a comm with spaces and ')' inside the parentheses
 *   statm     seven numbers, size >= resident
 *   status    Name, Umask, State, Tgid, Pid, PPid, Uid, Gid, Threads in
 *             Linux's order and format; VmSize, VmRSS in kB; SigBlk and
 *             SigIgn show a blocked and an ignored signal
 *   cmdline   argv, each NUL-terminated; empty for a zombie; reads from
 *             an offset
 *   environ   holds a variable the test put in the environment
 *   comm      the name and a newline; a write renames the process (what
 *             prctl(PR_GET_NAME) says), 15 bytes at most; another
 *             process's comm cannot be written (EINVAL)
 *   errors    ESRCH reading an open stat of a reaped process; EFAULT for a
 *             bad buffer
 */
#include "tap.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>

static char text[8192];

/* Reads all of path into text. Returns the length or -1. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;
	if (fd < 0)
		return -1;
	while (n < (long)sizeof(text) - 1 && (r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	return n;
}

/* The value after "name:\t" in text (status), or NULL. */
static const char *field(const char *name)
{
	static char val[256];
	char key[64];
	snprintf(key, sizeof(key), "\n%s:\t", name);
	const char *p = strncmp(text, key + 1, strlen(key) - 1) ? strstr(text, key) : text - 1;
	if (!p)
		return NULL;
	p += strlen(key);
	size_t n = strcspn(p, "\n");
	snprintf(val, sizeof(val), "%.*s", (int)n, p);
	return val;
}

/* Splits the stat line after "(comm) " into f[3..]; f[1] pid, f[2] comm. */
static int stat_fields(char f[][32], int max, char *comm, size_t commlen)
{
	char *open = strchr(text, '('), *close = strrchr(text, ')');
	int n = 2;
	if (!open || !close)
		return 0;
	snprintf(f[1], 32, "%.*s", (int)(open - text - 1), text);
	snprintf(comm, commlen, "%.*s", (int)(close - open - 1), open + 1);
	for (char *p = strtok(close + 2, " \n"); p && n < max; p = strtok(NULL, " \n"))
		snprintf(f[++n], 32, "%s", p);
	return n;
}

int main(int argc, char **argv)
{
	char f[64][32], comm[64], path[64], want[64];
	int n;

	if (argc == 3 && !strcmp(argv[1], "child")) { /* run again: sleep in read */
		char x;
		return read(atoi(argv[2]), &x, 1) < 0;
	}
	plan(42);
	ok(slurp("/proc/self/stat") > 0, "/proc/self/stat reads");
	n = stat_fields(f, 64, comm, sizeof(comm));
	is(n, 52, "stat has 52 fields");
	snprintf(want, sizeof(want), "%d", getpid());
	ok(!strcmp(f[1], want), "field 1 is the pid");
	prctl(PR_GET_NAME, want);
	ok(!strcmp(comm, want), "field 2 is (comm)");
	ok(!strcmp(f[3], "R"), "the reader is running (R)");
	is(atol(f[4]), getppid(), "field 4 is the parent's pid");
	is(atol(f[5]), getpgrp(), "field 5 is the process group");
	is(atol(f[6]), getsid(0), "field 6 is the session");
	is(atol(f[20]), 1, "num_threads is 1");
	ok(strtoul(f[23], NULL, 10) >= strtoul(f[24], NULL, 10) * 4096 && strtoul(f[23], NULL, 10) > 0,
	   "vsize covers rss pages");
	ok(strtoul(f[48], NULL, 10) < strtoul(f[49], NULL, 10), "arg_start < arg_end");

	ok(slurp("/proc/self/statm") > 0, "statm reads");
	unsigned long sz, res, shr, txt, lib, dat, dt;
	is(sscanf(text, "%lu %lu %lu %lu %lu %lu %lu", &sz, &res, &shr, &txt, &lib, &dat, &dt), 7,
	   "statm has seven numbers");
	ok(sz >= res && res > 0, "size >= resident > 0");

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR2, SIG_IGN);
	umask(027);
	ok(slurp("/proc/self/status") > 0, "status reads");
	ok(field("Name") && !strcmp(field("Name"), want), "Name is the comm");
	ok(field("Umask") && !strcmp(field("Umask"), "0027"), "Umask is 0027");
	ok(field("State") && !strcmp(field("State"), "R (running)"), "State is R (running)");
	snprintf(want, sizeof(want), "%d", getpid());
	ok(field("Pid") && !strcmp(field("Pid"), want) && !strcmp(field("Tgid"), want),
	   "Pid and Tgid are the pid");
	snprintf(want, sizeof(want), "%d", getppid());
	ok(field("PPid") && !strcmp(field("PPid"), want), "PPid is the parent");
	ok(field("Uid") && !strcmp(field("Uid"), "0\t0\t0\t0") && !strcmp(field("Gid"), "0\t0\t0\t0"),
	   "Uid and Gid are root's, four times");
	ok(field("Threads") && !strcmp(field("Threads"), "1"), "Threads is 1");
	ok(field("VmRSS") && strstr(field("VmRSS"), " kB") && atol(field("VmSize")) >= atol(field("VmRSS")),
	   "VmSize and VmRSS in kB, VmSize >= VmRSS");
	ok(field("SigBlk") && strtoull(field("SigBlk"), NULL, 16) == 1ull << (SIGUSR1 - 1) &&
		   strlen(field("SigBlk")) == 16,
	   "SigBlk shows SIGUSR1 in 16 hex digits");
	ok(field("SigIgn") && (strtoull(field("SigIgn"), NULL, 16) & (1ull << (SIGUSR2 - 1))),
	   "SigIgn shows SIGUSR2");
	const char *order[] = { "Name", "Umask", "State", "Tgid", "Pid", "PPid", "Uid", "Gid", "FDSize",
				"VmSize", "VmRSS", "Threads", "SigQ", "SigPnd", "SigBlk", "CapEff" };
	const char *at = text;
	int inorder = 1;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		char key[32];
		snprintf(key, sizeof(key), "%s:\t", order[i]);
		const char *p = strstr(at, key);
		inorder &= p != NULL;
		if (p)
			at = p;
	}
	ok(inorder, "status's fields come in Linux's order");
	umask(022);

	long len = slurp("/proc/self/cmdline");
	ok(len > 0 && !strcmp(text, argv[0]) && text[len - 1] == '\0', "cmdline starts with argv[0], NUL-ended");
	int fd = open("/proc/self/cmdline", O_RDONLY);
	lseek(fd, 1, SEEK_SET);
	char c[8] = { 0 };
	ok(read(fd, c, 3) == 3 && !memcmp(c, argv[0] + 1, 3), "cmdline reads from an offset");
	is_err(sys3(SYS_read, fd, NULL, 4), EFAULT, "a read of cmdline into NULL");
	close(fd);

	/* comm */
	fd = open("/proc/self/comm", O_WRONLY);
	is(write(fd, "renamed by comm", 15), 15, "a write to comm");
	close(fd);
	prctl(PR_GET_NAME, want);
	ok(!strcmp(want, "renamed by comm"), "renames the process");
	ok(slurp("/proc/self/comm") == 16 && !strcmp(text, "renamed by comm\n"), "comm reads the name and a newline");
	slurp("/proc/self/stat");
	stat_fields(f, 64, comm, sizeof(comm));
	ok(!strcmp(comm, "renamed by comm"), "stat shows a name with spaces inside the parentheses");

	/* a child: asleep, stopped, a zombie, then gone */
	int go[2];
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		char fdtext[16];
		char *env[] = { "PROC_PID_STAT_MARK=x42", NULL };
		snprintf(fdtext, sizeof(fdtext), "%d", go[0]);
		char *args[] = { "sleeper", "child", fdtext, NULL };
		execve("/proc/self/exe", args, env);
		_exit(99);
	}
	close(go[0]);
	usleep(300000);
	snprintf(path, sizeof(path), "/proc/%d/environ", pid);
	len = slurp(path);
	ok(len == 23 && !strcmp(text, "PROC_PID_STAT_MARK=x42"), "a child's environ is what execve gave it");
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	len = slurp(path);
	ok(len > 14 && !memcmp(text, "sleeper\0child\0", 14), "and its cmdline its argv, NUL-separated");
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	slurp(path);
	stat_fields(f, 64, comm, sizeof(comm));
	ok(!strcmp(f[3], "S"), "a child blocked in read is sleeping (S)");
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fd = open(path, O_WRONLY);
	is_errno(write(fd, "x", 1), EINVAL, "another process's comm cannot be written");
	close(fd);
	kill(pid, SIGSTOP);
	waitpid(pid, NULL, WUNTRACED);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	slurp(path);
	stat_fields(f, 64, comm, sizeof(comm));
	ok(!strcmp(f[3], "T"), "a stopped child's state is T");
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	slurp(path);
	ok(field("State") && !strcmp(field("State"), "T (stopped)"), "and its status says T (stopped)");
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	int sfd = open(path, O_RDONLY);
	kill(pid, SIGKILL);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	slurp(path);
	stat_fields(f, 64, comm, sizeof(comm));
	ok(!strcmp(f[3], "Z"), "a zombie's state is Z");
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	is(slurp(path), 0, "a zombie's cmdline is empty");
	waitpid(pid, NULL, 0);
	is_errno(read(sfd, text, 100), ESRCH, "reading a reaped process's stat");
	close(sfd);
	return done();
}
