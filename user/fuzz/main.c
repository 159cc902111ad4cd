/*
 * fuzz - a system call fuzzer for Mica. It runs only on Mica (uname
 * says so) and only as a program under tools/run-elf or the shell
 * inside QEMU: random system calls as root would wreck a real machine.
 *
 * usage: fuzz [-s SEED] [-n CALLS] [-w WORKERS] [-l CALLS_A_LIFE]
 *             [-W WATCHDOG_MS] [-x NR,NR...] [-g LIFE] [-t] [-v]
 *
 *   -s  the seed (default 1); the same seed gives the same call streams
 *   -n  the number of calls in all (default 10000)
 *   -w  workers at once (default 8, at most MAX_WORKERS)
 *   -l  calls in one worker's life (default 400)
 *   -W  a worker whose call count does not move for this long is killed
 *       with SIGKILL (default 1000 ms): it is blocked, legitimately
 *   -x  call numbers never to make
 *   -g  run only life number LIFE, alone (to replay one stream)
 *   -t  trace every call of every worker to stderr
 *   -v  one line per life that ended by a signal
 *
 * The supervisor (this file) forks workers (worker.c) until CALLS calls
 * have been made, one life at a time: life number k runs the stream of
 * (SEED, k). A worker killed by a signal, or one that ended itself, is
 * replaced by the next life. All workers inherit one pipe (both ends,
 * non-blocking until a call says otherwise) and one file, so that they
 * meet there: several readers and writers on one pipe, one file offset. At the end the supervisor reaps everything,
 * removes what the workers created (tree.c), and compares MemFree with
 * its value before the first worker.
 *
 * It prints a summary and ends with "fuzz: ok" and status 0, or with
 * "fuzz: FAIL ..." and status 1 when a call broke a result rule, a
 * worker could not be killed, memory did not come back, or a file
 * outside SCRATCH changed. A kernel oops, panic or hang stops the whole
 * machine instead: tools/run-elf and tests/run.py see that.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define POLL_NS 10000000L		/* 10 ms between looks at the workers */
#define UNKILLABLE_MS 10000		/* SIGKILL not obeyed for this long: a hang */
#define SETTLE_TRIES 30			/* MemFree readings, 100 ms apart */
#define NSIG_ 65
#define SIGRT_FIRST 32

static struct {
	uint64_t seed;
	uint32_t calls, workers, life, watchdog_ms;
	int64_t only_life;
	int trace, verbose;
	uint8_t exclude[1024];
} opt = { 1, 10000, 8, 400, 1000, -1, 0, 0, { 0 } };

static struct slot *slots;
int shared_fd[NSHARED] = { -1, -1, -1 };
static pid_t pids[MAX_WORKERS];
static uint64_t lifeno[MAX_WORKERS];
static uint32_t budget[MAX_WORKERS], last_calls[MAX_WORKERS];
static long long last_move[MAX_WORKERS], killed_at[MAX_WORKERS];

/* the tallies */
static uint64_t total_calls, lives, completed, landed, by_exit, by_exec, setup_failed;
static uint64_t calls_ok, calls_err, calls_enosys, nbad;
static uint64_t by_signal[NSIG_], watchdog_kills;
#define WATCHDOG_ROW NSIG_		/* sig_nr row of the watchdog's kills */
static uint32_t sig_nr[NSIG_ + 1][8];	/* the last call of lives killed by a signal */
static uint32_t sig_nr_n[NSIG_ + 1][8];
static int unkillable;

/* Returns milliseconds on the monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Returns the name of signal n, e.g. "SIGSEGV". */
static const char *sig_name(int n)
{
	static const char *const names[] = {
		"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
		"SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
		"SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
		"SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
		"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
		"SIGSYS",
	};
	static char rt[16];

	if (n >= 0 && n < (int)(sizeof(names) / sizeof(names[0])))
		return names[n];
	snprintf(rt, sizeof(rt), "SIGRT%d", n);
	return rt;
}

/* Returns 1 if this is Mica. Prints why not otherwise. */
static int on_mica(void)
{
	struct utsname u;

	if (uname(&u) < 0 || strcmp(u.sysname, "Mica") != 0) {
		fprintf(stderr, "fuzz: refusing to run: this is %s, not Mica. The fuzzer "
				"makes random system calls and runs only inside QEMU "
				"(tools/run-elf, make fuzz).\n", u.sysname);
		return 0;
	}
	return 1;
}

/* Parses a list "n,n,n" of call numbers into opt.exclude. */
static void parse_exclude(const char *s)
{
	while (*s) {
		char *end;
		unsigned long n = strtoul(s, &end, 0);
		if (end == s)
			break;
		if (n < sizeof(opt.exclude))
			opt.exclude[n] = 1;
		s = *end ? end + 1 : end;
	}
}

/* Parses the command line into opt. Returns 0, or -1 on a usage error. */
static int parse_args(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "s:n:w:l:W:x:g:tv")) != -1) {
		switch (c) {
		case 's': opt.seed = strtoull(optarg, NULL, 0); break;
		case 'n': opt.calls = strtoul(optarg, NULL, 0); break;
		case 'w': opt.workers = strtoul(optarg, NULL, 0); break;
		case 'l': opt.life = strtoul(optarg, NULL, 0); break;
		case 'W': opt.watchdog_ms = strtoul(optarg, NULL, 0); break;
		case 'x': parse_exclude(optarg); break;
		case 'g': opt.only_life = strtoll(optarg, NULL, 0); break;
		case 't': opt.trace = 1; break;
		case 'v': opt.verbose = 1; break;
		default: return -1;
		}
	}
	if (opt.workers < 1 || opt.workers > MAX_WORKERS || opt.life < 1)
		return -1;
	if (opt.only_life >= 0) {
		opt.workers = 1;
		if (opt.calls > opt.life)
			opt.calls = opt.life;
	}
	return 0;
}

/* Starts life number life in slot i with a budget of n calls.
 * Returns 0, or -1 if fork failed (tried again later). */
static int spawn(int i, uint64_t life, uint32_t n)
{
	pid_t pid;

	mkdir(SCRATCH, 0777);	/* a worker may have removed it */
	memset(&slots[i], 0, sizeof(slots[i]));
	slots[i].state = SLOT_RUNNING;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		slots[i].state = SLOT_FREE;
		return -1;
	}
	if (pid == 0)
		worker_main(&slots[i], i, opt.seed, life, n, opt.trace ? 2 : -1, opt.exclude);
	pids[i] = pid;
	lifeno[i] = life;
	budget[i] = n;
	last_calls[i] = 0;
	last_move[i] = now_ms();
	killed_at[i] = 0;
	return 0;
}

/* Notes call nr as the last one of a life killed by signal sig. */
static void note_killer(int sig, uint32_t nr)
{
	for (int k = 0; k < 8; k++) {
		if (sig_nr_n[sig][k] && sig_nr[sig][k] == nr) {
			sig_nr_n[sig][k]++;
			return;
		}
		if (!sig_nr_n[sig][k]) {
			sig_nr[sig][k] = nr;
			sig_nr_n[sig][k] = 1;
			return;
		}
	}
}

/* Accounts for the end of the worker in slot i with wait status st. */
static void finish(int i, int st)
{
	struct slot *s = &slots[i];
	uint32_t done = s->calls;

	total_calls += done;
	calls_ok += s->ok;
	calls_err += s->errors;
	calls_enosys += s->enosys;
	lives++;
	for (uint32_t k = 0; k < s->nbad && k < BAD_KEEP; k++) {
		struct bad_call *b = &s->bad[k];
		printf("fuzz: FAIL: seed %llu life %llu: %s[%u](%#x, %#x, %#x, %#x, %#x, %#x) "
		       "returned %d (%s)\n",
		       (unsigned long long)opt.seed, (unsigned long long)lifeno[i],
		       call_name(b->nr), b->nr, b->args[0], b->args[1], b->args[2],
		       b->args[3], b->args[4], b->args[5], b->ret,
		       mica_implements(b->nr) ? "not a real errno" : "not ENOSYS");
	}
	nbad += s->nbad;
	if (WIFSIGNALED(st)) {
		int sig = WTERMSIG(st) < NSIG_ ? WTERMSIG(st) : 0;
		if (killed_at[i]) {
			watchdog_kills++;
			note_killer(WATCHDOG_ROW, s->nr);
		} else {
			by_signal[sig]++;
			note_killer(sig, s->nr);
		}
		if (opt.verbose)
			printf("fuzz: life %llu: %s after %u calls, in %s(%#x, %#x, %#x)%s\n",
			       (unsigned long long)lifeno[i], sig_name(sig), done, call_name(s->nr),
			       s->args[0], s->args[1], s->args[2],
			       killed_at[i] ? " (watchdog)" : "");
	} else if (s->state == SLOT_DONE && WEXITSTATUS(st) == 0) {
		completed++;
	} else if (WEXITSTATUS(st) == EXIT_LANDED_SIGRETURN ||
		   WEXITSTATUS(st) == EXIT_LANDED_HANDLER) {
		landed++;
	} else if (WEXITSTATUS(st) == EXIT_SETUP_FAILED) {
		setup_failed++;
	} else if (s->nr == 11 || s->nr == 358) {
		by_exec++;
	} else {
		by_exit++;
	}
	s->state = SLOT_FREE;
	pids[i] = 0;
}

/* Kills workers that made no progress for opt.watchdog_ms; notes one
 * that SIGKILL does not end within UNKILLABLE_MS. */
static void watchdog(void)
{
	long long t = now_ms();

	for (uint32_t i = 0; i < opt.workers; i++) {
		if (!pids[i])
			continue;
		if (slots[i].calls != last_calls[i]) {
			last_calls[i] = slots[i].calls;
			last_move[i] = t;
		} else if (!killed_at[i] && t - last_move[i] > opt.watchdog_ms) {
			kill(pids[i], SIGKILL);
			killed_at[i] = t;
		} else if (killed_at[i] && t - killed_at[i] > UNKILLABLE_MS && !unkillable) {
			printf("fuzz: FAIL: seed %llu life %llu: the worker does not die of SIGKILL; "
			       "it is in %s(%#x, %#x, %#x)\n",
			       (unsigned long long)opt.seed, (unsigned long long)lifeno[i],
			       call_name(slots[i].nr), slots[i].args[0], slots[i].args[1],
			       slots[i].args[2]);
			unkillable = 1;
		}
	}
}

/* Runs the lives. Returns when all calls are made and all workers are
 * reaped, or when a worker cannot be killed. */
static void run(void)
{
	uint64_t next_life = opt.only_life >= 0 ? (uint64_t)opt.only_life : 0;
	uint64_t assigned = 0, next_report = opt.calls / 10;
	int live = 0;

	for (;;) {
		uint64_t inflight = 0;
		for (uint32_t i = 0; i < opt.workers; i++)
			if (pids[i])
				inflight += budget[i];
		for (uint32_t i = 0; i < opt.workers; i++) {
			if (pids[i] || total_calls + inflight >= opt.calls)
				continue;
			if (opt.only_life >= 0 && assigned)
				break;
			uint32_t n = opt.calls - total_calls - inflight;
			if (n > opt.life)
				n = opt.life;
			if (spawn(i, next_life, n) < 0)
				break;
			next_life++;
			assigned++;
			inflight += n;
			live++;
		}
		if (!live)
			return;
		int st;
		pid_t w = waitpid(-1, &st, WNOHANG);
		if (w > 0) {
			for (uint32_t i = 0; i < opt.workers; i++)
				if (pids[i] == w) {
					finish(i, st);
					live--;
				}
			if (total_calls >= next_report && next_report) {
				printf("fuzz: %llu calls, %llu lives\n",
				       (unsigned long long)total_calls, (unsigned long long)lives);
				fflush(stdout);
				next_report += opt.calls / 10;
			}
			continue;
		}
		if (w < 0 && errno == ECHILD)
			return;
		nanosleep(&(struct timespec){ 0, POLL_NS }, NULL);
		watchdog();
		if (unkillable)
			return;
	}
}

/* Touches every page of the supervisor's writable segments (.data and
 * .bss, its own and libc's) and 64 KiB of stack, so that none of them
 * appears between the two MemFree readings: pages come on first touch. */
static void __attribute__((noinline)) touch_memory(void)
{
	volatile char pad[65536];
	const Elf32_Phdr *ph = (const Elf32_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM);

	for (size_t i = 0; i < sizeof(pad); i += PAGE)
		pad[i] = 0;
	for (unsigned long k = 0; ph && k < n; k++) {
		if (ph[k].p_type != PT_LOAD || !(ph[k].p_flags & PF_W))
			continue;
		for (uint32_t a = ph[k].p_vaddr & ~(PAGE - 1); a < ph[k].p_vaddr + ph[k].p_memsz;
		     a += PAGE) {
			volatile char *p = (volatile char *)(uintptr_t)a;
			*p = *p;
		}
	}
}

/* Prints the last calls of lives that ended in row (a signal, or
 * WATCHDOG_ROW), most common first. */
static void print_killers(int row)
{
	printf(" (last calls:");
	for (int k = 0; k < 8 && sig_nr_n[row][k]; k++)
		printf(" %s %u", call_name(sig_nr[row][k]), sig_nr_n[row][k]);
	printf(")\n");
}

/* Prints the killed-by lines of the summary: one line per classic
 * signal, one for all the real-time ones (SIGRTMIN = 32 and up). */
static void print_signals(void)
{
	uint64_t rt = 0;

	for (int sig = 0; sig < NSIG_; sig++) {
		if (!by_signal[sig])
			continue;
		if (sig >= SIGRT_FIRST) {
			rt += by_signal[sig];
			continue;
		}
		printf("fuzz: killed by %s: %llu", sig_name(sig), (unsigned long long)by_signal[sig]);
		print_killers(sig);
	}
	if (rt)
		printf("fuzz: killed by real-time signals: %llu\n", (unsigned long long)rt);
	if (watchdog_kills) {
		printf("fuzz: killed by the watchdog (blocked for %u ms): %llu", opt.watchdog_ms,
		       (unsigned long long)watchdog_kills);
		print_killers(WATCHDOG_ROW);
	}
}

/* Checks that this is Mica, runs the lives and prints the summary.
 * Returns 0 ("fuzz: ok"), 1 (a failed check) or 2 (not Mica, usage). */
int main(int argc, char **argv)
{
	long before, after = -1;
	int changed, fail = 0;
	long long t0;

	if (!on_mica())
		return 2;
	if (parse_args(argc, argv) < 0) {
		fprintf(stderr, "usage: fuzz [-s seed] [-n calls] [-w workers] [-l calls-a-life] "
				"[-W watchdog-ms] [-x nr,nr...] [-g life] [-t] [-v]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	mkdir("/tmp", 0777);
	mkdir(SCRATCH, 0777);
	slots = mmap(NULL, PAGE * 4, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED || sizeof(struct slot) * MAX_WORKERS > PAGE * 4) {
		printf("fuzz: FAIL: no shared memory for the slots\n");
		return 1;
	}
	memset(slots, 0, PAGE * 4); /* its pages come on first touch: before MemFree is read */
	printf("fuzz: seed %llu, %u calls, %u workers, %u calls a life, watchdog %u ms\n",
	       (unsigned long long)opt.seed, opt.calls, opt.workers, opt.life, opt.watchdog_ms);
	fflush(stdout);
	if (tree_snapshot() < 0)
		printf("fuzz: the file tree is too big to snapshot\n");
	tree_restore(0);
	touch_memory();
	mica_implements(0);
	before = mem_free_kb();
	t0 = now_ms();
	/* made after the first reading and closed before the second, so
	 * that their memory is counted neither time */
	if (pipe2(shared_fd, O_NONBLOCK) < 0)
		shared_fd[0] = shared_fd[1] = -1;
	shared_fd[2] = open(SCRATCH "/shared", O_RDWR | O_CREAT, 0644);

	run();

	for (int i = 0; i < NSHARED; i++)
		if (shared_fd[i] >= 0)
			close(shared_fd[i]);

	long long ms = now_ms() - t0;
	if (!unkillable) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		changed = tree_restore(opt.verbose);
		for (int k = 0; k < SETTLE_TRIES; k++) {
			after = mem_free_kb();
			if (after >= before)
				break;
			nanosleep(&(struct timespec){ 0, 100000000L }, NULL);
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
		}
	} else {
		changed = 0;
	}
	printf("fuzz: %llu calls in %lld.%03lld s (%llu a second), %llu lives\n",
	       (unsigned long long)total_calls, ms / 1000, ms % 1000,
	       (unsigned long long)(ms ? total_calls * 1000 / ms : 0), (unsigned long long)lives);
	printf("fuzz: results: %llu ok, %llu errors (%llu ENOSYS), %llu broke a rule\n",
	       (unsigned long long)calls_ok, (unsigned long long)calls_err,
	       (unsigned long long)calls_enosys, (unsigned long long)nbad);
	printf("fuzz: lives: %llu completed, %llu exit(2), %llu execve, %llu landing pad, "
	       "%llu setup failed, %llu killed\n",
	       (unsigned long long)completed, (unsigned long long)by_exit,
	       (unsigned long long)by_exec, (unsigned long long)landed,
	       (unsigned long long)setup_failed,
	       (unsigned long long)(lives - completed - by_exit - by_exec - landed - setup_failed));
	print_signals();
	printf("fuzz: MemFree %ld kB before, %ld kB after\n", before, after);
	if (nbad) {
		printf("fuzz: FAIL: %llu results broke a rule\n", (unsigned long long)nbad);
		fail = 1;
	}
	if (unkillable) {
		printf("fuzz: FAIL: a worker could not be killed\n");
		fail = 1;
	}
	if (!unkillable && after < before) {
		printf("fuzz: FAIL: leak: %ld kB did not come back\n", before - after);
		fail = 1;
	}
	if (changed) {
		printf("fuzz: FAIL: %d changes outside %s\n", changed, SCRATCH);
		fail = 1;
	}
	printf(fail ? "fuzz: FAIL\n" : "fuzz: ok\n");
	return fail;
}
