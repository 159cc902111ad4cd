/*
 * proc_sigqueue: real-time signals are queued, standard ones are not, the
 * same on Linux and Mica.
 *
 *   queue     three sigqueue()s of one real-time signal while it is blocked
 *             are all delivered once it is unblocked, in the order sent,
 *             each with its own si_value; sigpending shows it meanwhile;
 *             kill() of a real-time signal queues too (SI_USER)
 *   merge     three of a standard signal are one delivery, with the first
 *             one's si_value
 *   wait      sigtimedwait takes the lowest signal first, and the queued
 *             ones of a number in order, one per call, then EAGAIN
 *   ignore    setting SIG_IGN drops every queued one
 *   nested    two standard signals unblocked at once: both handlers run,
 *             the higher one's first (its frame is set up last, on top)
 *   limit     with RLIMIT_SIGPENDING reached, sigqueue of a real-time
 *             signal is EAGAIN and nothing is sent; the queue still
 *             delivers what it holds
 *
 * Linux counts RLIMIT_SIGPENDING per user (over all of root's processes)
 * and Mica per process, so the limit test sets it to what /proc/self/status
 * says is queued already (SigQ) plus two.
 */
#include "tap.h"

#include <signal.h>
#include <sys/resource.h>
#include <time.h>

#define MAXREC 16

static volatile sig_atomic_t nrec;
static volatile int rec_sig[MAXREC], rec_val[MAXREC], rec_code[MAXREC];

/* Records each delivery: signal, si_value and si_code. */
static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (nrec < MAXREC) {
		rec_sig[nrec] = sig;
		rec_val[nrec] = si->si_value.sival_int;
		rec_code[nrec] = si->si_code;
		nrec++;
	}
}

/* Installs on_sig (SA_SIGINFO) for sig. */
static void catch(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

/* Blocks (how SIG_BLOCK) or unblocks (SIG_UNBLOCK) the signals a, b. */
static void mask2(int how, int a, int b)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, a);
	if (b)
		sigaddset(&s, b);
	sigprocmask(how, &s, NULL);
}

/* sigqueue(self, sig) with value v. Returns its result. */
static int queue(int sig, int v)
{
	union sigval sv;
	sv.sival_int = v;
	return sigqueue(getpid(), sig, sv);
}

/* Is sig pending (sigpending)? */
static int pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

static void test_queue(void)
{
	int rt = SIGRTMIN + 1, ok3 = 1;

	catch(rt);
	mask2(SIG_BLOCK, rt, 0);
	for (int i = 0; i < 3; i++)
		ok3 &= queue(rt, 10 + i) == 0;
	ok(ok3, "queue: three sigqueue of SIGRTMIN+1 succeed while it is blocked");
	is(pending(rt), 1, "queue: sigpending shows it");
	nrec = 0;
	mask2(SIG_UNBLOCK, rt, 0);
	is(nrec, 3, "queue: unblocked, it is delivered three times");
	ok(rec_val[0] == 10 && rec_val[1] == 11 && rec_val[2] == 12,
	   "queue: in the order sent, each with its si_value");
	ok(rec_code[0] == SI_QUEUE && rec_code[2] == SI_QUEUE, "queue: si_code SI_QUEUE");
	is(pending(rt), 0, "queue: then nothing is pending");

	mask2(SIG_BLOCK, rt, 0);
	kill(getpid(), rt);
	kill(getpid(), rt);
	nrec = 0;
	mask2(SIG_UNBLOCK, rt, 0);
	is(nrec, 2, "queue: two kill()s of it are two deliveries");
	ok(rec_code[0] == SI_USER && rec_code[1] == SI_USER, "queue: with SI_USER");
	signal(rt, SIG_DFL);
}

static void test_merge(void)
{
	int ok3 = 1;

	catch(SIGUSR1);
	mask2(SIG_BLOCK, SIGUSR1, 0);
	for (int i = 0; i < 3; i++)
		ok3 &= queue(SIGUSR1, 30 + i) == 0;
	ok(ok3, "merge: three sigqueue of SIGUSR1 succeed");
	nrec = 0;
	mask2(SIG_UNBLOCK, SIGUSR1, 0);
	is(nrec, 1, "merge: a standard signal is delivered once");
	is(rec_val[0], 30, "merge: with the first one's si_value");
	signal(SIGUSR1, SIG_DFL);
}

static void test_wait(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec zero = { 0, 0 };
	int got[8], val[8], n = 0, r;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	queue(SIGRTMIN + 2, 1);
	queue(SIGRTMIN, 2);
	queue(SIGUSR2, 3);
	queue(SIGRTMIN + 2, 4);
	queue(SIGRTMIN, 5);
	queue(SIGUSR2, 6);
	while (n < 8 && (r = sigtimedwait(&set, &si, &zero)) > 0) {
		got[n] = r;
		val[n++] = si.si_value.sival_int;
	}
	is(n, 5, "wait: sigtimedwait takes five: two merged SIGUSR2, 2 + 2 queued");
	ok(n == 5 && got[0] == SIGUSR2 && val[0] == 3, "wait: SIGUSR2 first, the lowest");
	ok(n == 5 && got[1] == SIGRTMIN && val[1] == 2 && got[2] == SIGRTMIN && val[2] == 5,
	   "wait: then SIGRTMIN twice, in the order sent");
	ok(n == 5 && got[3] == SIGRTMIN + 2 && val[3] == 1 && got[4] == SIGRTMIN + 2 && val[4] == 4,
	   "wait: then SIGRTMIN+2 twice");
	is_errno(sigtimedwait(&set, &si, &zero), EAGAIN, "wait: then none is left: EAGAIN");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void test_ignore(void)
{
	int rt = SIGRTMIN + 3;

	catch(rt);
	mask2(SIG_BLOCK, rt, 0);
	queue(rt, 1);
	queue(rt, 2);
	signal(rt, SIG_IGN);
	is(pending(rt), 0, "ignore: SIG_IGN drops the queued signals");
	catch(rt);
	nrec = 0;
	mask2(SIG_UNBLOCK, rt, 0);
	is(nrec, 0, "ignore: none is delivered after the handler is back");
	signal(rt, SIG_DFL);
}

static void test_nested(void)
{
	catch(SIGUSR1);
	catch(SIGUSR2);
	mask2(SIG_BLOCK, SIGUSR1, SIGUSR2);
	queue(SIGUSR1, 1);
	queue(SIGUSR2, 2);
	nrec = 0;
	mask2(SIG_UNBLOCK, SIGUSR1, SIGUSR2);
	is(nrec, 2, "nested: both handlers run when both are unblocked at once");
	ok(rec_sig[0] == SIGUSR2 && rec_sig[1] == SIGUSR1,
	   "nested: SIGUSR2's first, then SIGUSR1's it was nested in");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/* The queued count of /proc/self/status's "SigQ: N/LIMIT", or -1. */
static long sigq_used(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *p = strstr(buf, "SigQ:");
	return p ? strtol(p + 5, NULL, 10) : -1;
}

/* Child: fills a queue of two (RLIMIT_SIGPENDING), then checks the
 * overflow. Exits with a bit per failed check. */
static void limit_child(long unused)
{
	int rt = SIGRTMIN + 4, bad = 0;
	sigset_t set;
	siginfo_t si;
	struct timespec zero = { 0, 0 };

	(void)unused;
	mask2(SIG_BLOCK, rt, 0);
	long used = sigq_used();
	struct rlimit rl = { (rlim_t)used + 2, (rlim_t)used + 2 };
	if (used < 0 || setrlimit(RLIMIT_SIGPENDING, &rl))
		_exit(64);
	bad |= (queue(rt, 1) != 0 || queue(rt, 2) != 0) << 0;
	errno = 0;
	bad |= !(queue(rt, 3) == -1 && errno == EAGAIN) << 1;
	sigemptyset(&set);
	sigaddset(&set, rt);
	bad |= !(sigtimedwait(&set, &si, &zero) == rt && si.si_value.sival_int == 1) << 2;
	bad |= !(sigtimedwait(&set, &si, &zero) == rt && si.si_value.sival_int == 2) << 3;
	bad |= (sigtimedwait(&set, &si, &zero) != -1) << 4;
	bad |= (queue(rt, 4) != 0) << 5; /* room again */
	_exit(bad);
}

int main(void)
{
	plan(8 + 3 + 5 + 2 + 2 + 1);
	test_queue();
	test_merge();
	test_wait();
	test_ignore();
	test_nested();
	is_exit(run_child(limit_child, 0), 0,
		"limit: at RLIMIT_SIGPENDING sigqueue is EAGAIN, the queue keeps its two");
	return done();
}
