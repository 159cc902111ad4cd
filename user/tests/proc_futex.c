/*
 * proc_futex - FUTEX_WAIT and FUTEX_WAKE: in one process, and across fork
 * on MAP_SHARED memory, with timeouts, EAGAIN, ETIMEDOUT and EINTR, the
 * private flag, futex_time64, and the wake of CLONE_CHILD_CLEARTID.
 *
 * All calls are raw (int $0x80). Where a test needs a child to be asleep
 * in FUTEX_WAIT before it is woken, the child says it is about to wait in
 * a shared counter and the parent then gives it 100 ms to get there; a
 * waiter that is never woken times out after a few seconds rather than
 * hanging the test.
 */
#include "tap.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define NR_FUTEX_TIME64 422
#define CLONE_VM 0x00000100
#define CLONE_VFORK 0x00004000
#define CLONE_CHILD_CLEARTID 0x00200000
#define STACK_SIZE 16384

struct ts32 {
	int sec, nsec;
};

struct ts64 {
	long long sec, nsec;
};

/* The shared page: [0] the futex word, [1] children about to wait, [2] a
 * second futex word, [3] the word CLONE_CHILD_CLEARTID clears. */
static int *shm;
static char child_stack[STACK_SIZE] __attribute__((aligned(16)));

static long futex(int *uaddr, int op, int val, const void *ts)
{
	return sys4(SYS_futex, uaddr, op, val, ts);
}

static void sleep_ms(int ms)
{
	struct ts32 t = {ms / 1000, (ms % 1000) * 1000000};

	sys2(SYS_nanosleep, &t, 0);
}

/* Waits until n children have said they are about to wait, plus 100 ms. */
static void wait_waiters(int n)
{
	for (int i = 0; i < 500 && __atomic_load_n(&shm[1], __ATOMIC_SEQ_CST) < n; i++)
		sleep_ms(10);
	sleep_ms(100);
}

/* A child: waits on shm[0] (holding 0) with op and a 3 s timeout; exits
 * with 0 if woken, 1 on ETIMEDOUT, 2 on EINTR, 3 otherwise. */
static void waiter(int op)
{
	struct ts32 t = {3, 0};

	__atomic_add_fetch(&shm[1], 1, __ATOMIC_SEQ_CST);
	long r = futex(&shm[0], op, 0, &t);
	_exit(r == 0 ? 0 : r == -ETIMEDOUT ? 1 : r == -EINTR ? 2 : 3);
}

static pid_t spawn_waiter(int op)
{
	pid_t pid = fork();

	if (pid == 0)
		waiter(op);
	return pid;
}

static int wait_status(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid ? st : -1;
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* One process: the errors and the timeouts. */
static void test_single(void)
{
	static int word = 5;
	struct ts32 zero = {0, 0}, short_t = {0, 20000000}, bad_ns = {0, 1000000000},
		    neg = {-1, 0};

	is_err(futex(&word, FUTEX_WAIT, 6, NULL), EAGAIN, "WAIT on a changed value: EAGAIN");
	is_err(futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 6, NULL), EAGAIN,
	       "WAIT with FUTEX_PRIVATE_FLAG on a changed value: EAGAIN");
	is_err(futex(&word, FUTEX_WAIT, 5, &zero), ETIMEDOUT, "WAIT with a zero timeout: ETIMEDOUT");
	is_err(futex(&word, FUTEX_WAIT, 5, &short_t), ETIMEDOUT, "WAIT for 20 ms: ETIMEDOUT");
	is_err(futex(&word, FUTEX_WAIT, 6, &zero), EAGAIN, "the value is checked before the time");
	is_err(futex(&word, FUTEX_WAIT, 5, &bad_ns), EINVAL, "timeout with nsec 1e9: EINVAL");
	is_err(futex(&word, FUTEX_WAIT, 5, &neg), EINVAL, "negative timeout: EINVAL");
	is_err(futex(&word, FUTEX_WAIT, 5, (void *)16), EFAULT, "bad timeout pointer: EFAULT");
	is_err(futex(&word, FUTEX_WAIT, 6, &bad_ns), EINVAL, "the timeout is checked first");
	is_err(futex((int *)((char *)&word + 1), FUTEX_WAIT, 5, &zero), EINVAL,
	       "WAIT on a misaligned address: EINVAL");
	is_err(futex((int *)16, FUTEX_WAIT, 5, &zero), EFAULT, "WAIT on an unmapped address: EFAULT");
	is_err(futex((int *)16, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 5, &zero), EFAULT,
	       "private WAIT on an unmapped address: EFAULT");
	is(futex(&word, FUTEX_WAKE, 1, NULL), 0, "WAKE with nobody waiting: 0");
	is(futex(&word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 10, NULL), 0, "private WAKE: 0");
	is_err(futex((int *)((char *)&word + 2), FUTEX_WAKE, 1, NULL), EINVAL,
	       "WAKE on a misaligned address: EINVAL");
	is_err(futex((int *)16, FUTEX_WAKE, 1, NULL), EFAULT,
	       "WAKE on an unmapped address: EFAULT");
	is(futex((int *)16, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL), 0,
	   "private WAKE on an unmapped address: 0 (the memory is not looked at)");
	is_err(futex(&word, 99, 0, NULL), ENOSYS, "an unknown operation: ENOSYS");
	is_err(futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL), ENOSYS,
	       "FUTEX_CLOCK_REALTIME with WAKE: ENOSYS");
	is_err(futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, word + 1, NULL), ENOSYS,
	       "FUTEX_CLOCK_REALTIME with WAIT: ENOSYS before the value is looked at");

	struct ts64 z64 = {0, 0}, bad64 = {0, -1};
	is_err(sys4(NR_FUTEX_TIME64, &word, FUTEX_WAIT, 5, &z64), ETIMEDOUT,
	       "futex_time64: zero timeout, ETIMEDOUT");
	is_err(sys4(NR_FUTEX_TIME64, &word, FUTEX_WAIT, 5, &bad64), EINVAL,
	       "futex_time64: negative nsec, EINVAL");
	is_err(sys4(NR_FUTEX_TIME64, &word, FUTEX_WAIT, 4, &z64), EAGAIN,
	       "futex_time64: changed value, EAGAIN");
	struct ts64 hi64 = {0, 1ll << 32};
	is_err(sys4(NR_FUTEX_TIME64, &word, FUTEX_WAIT, 5, &hi64), ETIMEDOUT,
	       "futex_time64: tv_nsec's high 32 bits do not count (zero: ETIMEDOUT)");
}

/* Across fork on MAP_SHARED memory. */
static void test_shared(void)
{
	shm[0] = 0;
	shm[1] = 0;
	pid_t a = spawn_waiter(FUTEX_WAIT);
	wait_waiters(1);
	is(futex(&shm[0], FUTEX_WAKE, 1, NULL), 1, "WAKE finds the child waiting on the page");
	is_exit(wait_status(a), 0, "and the child's WAIT returns 0");

	shm[1] = 0;
	a = spawn_waiter(FUTEX_WAIT);
	pid_t b = spawn_waiter(FUTEX_WAIT);
	wait_waiters(2);
	is(futex(&shm[2], FUTEX_WAKE, 5, NULL), 0, "WAKE on another word of the page wakes nobody");
	is(futex(&shm[0], FUTEX_WAKE, 1, NULL), 1, "WAKE 1 of 2 waiters: 1");
	is(futex(&shm[0], FUTEX_WAKE, 5, NULL), 1, "WAKE 5 of the 1 left: 1");
	is(futex(&shm[0], FUTEX_WAKE, 5, NULL), 0, "then nobody is left");
	is_exit(wait_status(a), 0, "first waiter woken");
	is_exit(wait_status(b), 0, "second waiter woken");

	shm[1] = 0;
	a = spawn_waiter(FUTEX_WAIT | FUTEX_PRIVATE_FLAG);
	wait_waiters(1);
	is(futex(&shm[0], FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL), 0,
	   "a private futex is another process's own: WAKE finds nobody");
	is(futex(&shm[0], FUTEX_WAKE, 1, NULL), 0, "nor does a shared WAKE");
	is_exit(wait_status(a), 1, "the private waiter times out");

	shm[1] = 0;
	a = fork();
	if (a == 0) {
		struct sigaction sa = {.sa_handler = on_usr1};	/* no SA_RESTART */
		sigaction(SIGUSR1, &sa, NULL);
		waiter(FUTEX_WAIT);
	}
	wait_waiters(1);
	kill(a, SIGUSR1);
	is_exit(wait_status(a), 2, "a signal ends the WAIT with EINTR");

	shm[1] = 0;
	shm[0] = 0;
	a = spawn_waiter(FUTEX_WAIT);
	wait_waiters(1);
	shm[0] = 1;
	is(futex(&shm[0], FUTEX_WAKE, 1, NULL), 1, "WAKE after the value changed still wakes");
	is_exit(wait_status(a), 0, "the waiter");
}

/* A CLONE_VM child: sleeps 200 ms and exits; its clear_child_tid is shm[3]. */
static int cleartid_child(void)
{
	sleep_ms(200);
	return 0;
}

/* clone(flags, sp, 0, 0, ctid) where the child runs fn() on stack sp. */
static long clone_fn(unsigned long flags, char *stack_top, int *ctid, int (*fn)(void))
{
	unsigned long *sp = (unsigned long *)stack_top;
	long ret;

	*--sp = (unsigned long)fn;
	__asm__ volatile("int $0x80\n\t"
			 "test %%eax, %%eax\n\t"
			 "jnz 1f\n\t"
			 "pop %%eax\n\t"
			 "call *%%eax\n\t"
			 "mov %%eax, %%ebx\n\t"
			 "mov $1, %%eax\n\t"	/* exit */
			 "int $0x80\n\t"
			 "hlt\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(SYS_clone), "b"(flags), "c"(sp), "d"(0), "S"(0), "D"(ctid)
			 : "memory");
	return ret;
}

/* The exit of a CLONE_CHILD_CLEARTID child that shares its memory clears
 * the word and wakes its waiters, here a process on the same page. */
static void test_cleartid(void)
{
	struct ts32 t = {5, 0};

	shm[3] = 42;
	pid_t b = fork();
	if (b == 0) {
		long c = clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD | CLONE_CHILD_CLEARTID,
				  child_stack + STACK_SIZE, &shm[3], cleartid_child);
		_exit(c > 0 && wait_status(c) == 0 ? 0 : 1);
	}
	is(futex(&shm[3], FUTEX_WAIT, 42, &t), 0, "the exit of a CLONE_CHILD_CLEARTID child wakes");
	is(shm[3], 0, "and the word is 0");
	is_exit(wait_status(b), 0, "the child's parent");
}

int main(void)
{
	shm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	plan(41);
	test_single();
	test_shared();
	test_cleartid();
	return done();
}
