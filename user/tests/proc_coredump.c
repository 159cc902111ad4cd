/*
 * proc_coredump: the core-dump bit (WCOREDUMP, 0x80) of the wait status
 * and RLIMIT_CORE, checked the same way on Linux and Mica.
 *
 *   rlimit   RLIMIT_CORE is read and set through getrlimit/setrlimit
 *            (prlimit64); cur > max is EINVAL; bad pointers, pids and
 *            resources fail as Linux; fork and execve keep the limit
 *   bit      with a soft limit of 0, no death sets the bit; with an
 *            unlimited one, the core-dumping signals (SIGQUIT, SIGILL,
 *            SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ,
 *            SIGSYS), raised or from a fault, set it and SIGCHLD says
 *            CLD_DUMPED; SIGTERM, SIGKILL, SIGINT, SIGUSR1 never do
 *
 * The test sets the limit itself, so the host's `ulimit -c` does not
 * matter. Linux writes a core file into the dying child's working
 * directory (Mica writes none): each child runs in a scratch directory
 * that is emptied and removed afterwards. When the host's core_pattern
 * sends cores elsewhere (a path or a pipe to a program), the points with
 * a nonzero limit are skipped on Linux.
 */
#include "tap.h"

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static char scratch[64];
static volatile int chld_code;

static void on_chld(int s, siginfo_t *si, void *uc)
{
	(void)s;
	(void)uc;
	chld_code = si->si_code;
}

/* Does this host write cores into the dying process's directory? (Mica:
 * there is no core_pattern and no core file; the bit is all there is.) */
static int cores_local(void)
{
	char pat[256];
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);

	if (fd < 0)
		return on_mica();
	ssize_t n = read(fd, pat, sizeof(pat) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	pat[n] = '\0';
	return pat[0] != '|' && !strchr(pat, '/');
}

/* Removes every file in the scratch directory. */
static void empty_scratch(void)
{
	DIR *d = opendir(scratch);
	struct dirent *e;
	char path[400];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", scratch, e->d_name);
		unlink(path);
	}
	closedir(d);
}

static int set_core(rlim_t cur, rlim_t max)
{
	struct rlimit r = { cur, max };
	return setrlimit(RLIMIT_CORE, &r);
}

/* How a child dies. */
enum how { RAISE, SEGV, FPE, ILL, TRAP };

static volatile int zero, seven = 7;

/* Runs a child in the scratch directory that dies of sig (raised, or from
 * the fault how). Returns its wait status; chld_code gets SIGCHLD's code. */
static int die(int sig, enum how how)
{
	int st = -1;

	chld_code = 0;
	pid_t p = fork();
	if (p == 0) {
		if (chdir(scratch))
			_exit(100);
		signal(sig, SIG_DFL);
		switch (how) {
		case SEGV:
			*(volatile int *)0 = 1;
			break;
		case FPE:
			zero = seven / zero;	/* 1 / x compiles without a division */
			break;
		case ILL:
			asm volatile("ud2");
			break;
		case TRAP:
			asm volatile("int3");
			break;
		case RAISE:
			raise(sig);
			break;
		}
		_exit(101);
	}
	waitpid(p, &st, 0);
	empty_scratch();
	return st;
}

static void limits(char *self)
{
	struct rlimit r;
	int st;

	is(getrlimit(RLIMIT_CORE, &r), 0, "getrlimit(RLIMIT_CORE)");
	is(set_core(0, RLIM_INFINITY), 0, "setrlimit(RLIMIT_CORE, {0, infinity})");
	is(getrlimit(RLIMIT_CORE, &r) == 0 && r.rlim_cur == 0 && r.rlim_max == RLIM_INFINITY, 1,
	   "getrlimit reads it back");
	is(set_core(1 << 20, RLIM_INFINITY), 0, "the soft limit can be raised");
	is(getrlimit(RLIMIT_CORE, &r) == 0 && r.rlim_cur == 1 << 20, 1, "to 1 MiB");
	is_errno(set_core(2, 1), EINVAL, "soft above hard is EINVAL");

	unsigned long long nv[2] = { 0, ~0ull }, old[2] = { 1, 1 };
	is(sys4(SYS_prlimit64, 0, RLIMIT_CORE, 0, old), 0, "prlimit64 reads the limit");
	is(old[0] == 1 << 20 && old[1] == ~0ull, 1, "as 64-bit values");
	is_err(sys4(SYS_prlimit64, 0, RLIMIT_CORE, KERNEL_BASE, 0), EFAULT, "prlimit64 new at a kernel address");
	is_err(sys4(SYS_prlimit64, 0, RLIMIT_CORE, 0, KERNEL_BASE), EFAULT, "prlimit64 old at a kernel address");
	is_err(sys4(SYS_prlimit64, 0, 99, nv, 0), EINVAL, "prlimit64 of resource 99 is EINVAL");
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	is_err(sys4(SYS_prlimit64, dead, RLIMIT_CORE, nv, 0), ESRCH, "prlimit64 of a reaped pid is ESRCH");

	pid_t c = fork();
	if (c == 0)
		_exit(getrlimit(RLIMIT_CORE, &r) == 0 && r.rlim_cur == 1 << 20 ? 0 : 1);
	waitpid(c, &st, 0);
	is_exit(st, 0, "fork keeps the limit");
	c = fork();
	if (c == 0) {
		char *argv[] = { self, "--core-limit", NULL };
		execve(self, argv, NULL);
		_exit(99);
	}
	waitpid(c, &st, 0);
	is_exit(st, 0, "execve keeps the limit");
}

static const struct {
	int sig;
	enum how how;
	const char *name;
} dumping[] = {
	{ SIGQUIT, RAISE, "SIGQUIT" },
	{ SIGABRT, RAISE, "SIGABRT" },
	{ SIGBUS, RAISE, "SIGBUS" },
	{ SIGXCPU, RAISE, "SIGXCPU" },
	{ SIGXFSZ, RAISE, "SIGXFSZ" },
	{ SIGSYS, RAISE, "SIGSYS" },
	{ SIGSEGV, SEGV, "SIGSEGV from a NULL write" },
	{ SIGFPE, FPE, "SIGFPE from a division by zero" },
	{ SIGILL, ILL, "SIGILL from ud2" },
	{ SIGTRAP, TRAP, "SIGTRAP from int3" },
};
#define NDUMPING (int)(sizeof(dumping) / sizeof(dumping[0]))

static const int plain[] = { SIGTERM, SIGKILL, SIGINT, SIGUSR1 };
#define NPLAIN (int)(sizeof(plain) / sizeof(plain[0]))

static void bits(void)
{
	int st;

	set_core(0, RLIM_INFINITY);
	for (int i = 0; i < NDUMPING; i++) {
		st = die(dumping[i].sig, dumping[i].how);
		is(WIFSIGNALED(st) && WTERMSIG(st) == dumping[i].sig && !WCOREDUMP(st), 1,
		   "%s with RLIMIT_CORE 0: no core-dump bit", dumping[i].name);
	}
	st = die(SIGQUIT, RAISE);
	is(chld_code, CLD_KILLED, "SIGCHLD says CLD_KILLED");

	int local = cores_local();
	set_core(RLIM_INFINITY, RLIM_INFINITY);
	for (int i = 0; i < NDUMPING; i++) {
		if (!local) {
			skip("%s with RLIMIT_CORE unlimited: the core-dump bit", dumping[i].name);
			continue;
		}
		st = die(dumping[i].sig, dumping[i].how);
		is(WIFSIGNALED(st) && WTERMSIG(st) == dumping[i].sig && WCOREDUMP(st), 1,
		   "%s with RLIMIT_CORE unlimited: the core-dump bit", dumping[i].name);
	}
	if (local) {
		st = die(SIGQUIT, RAISE);
		is(chld_code, CLD_DUMPED, "SIGCHLD says CLD_DUMPED");
	} else {
		skip("SIGCHLD says CLD_DUMPED");
	}
	for (int i = 0; i < NPLAIN; i++) {
		st = die(plain[i], RAISE);
		is(WIFSIGNALED(st) && WTERMSIG(st) == plain[i] && !WCOREDUMP(st), 1,
		   "signal %d with RLIMIT_CORE unlimited: no core-dump bit", plain[i]);
	}
	set_core(0, RLIM_INFINITY);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--core-limit")) {
		struct rlimit r;
		return getrlimit(RLIMIT_CORE, &r) == 0 && r.rlim_cur == 1 << 20 ? 0 : 1;
	}

	plan(14 + NDUMPING + 1 + NDUMPING + 1 + NPLAIN + 1);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);

	strcpy(scratch, "./coreXXXXXX");
	ok(mkdtemp(scratch) != NULL, "a scratch directory for the dying children");
	limits(argv[0]);
	bits();
	empty_scratch();
	rmdir(scratch);
	return done();
}
