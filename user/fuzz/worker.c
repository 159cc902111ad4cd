/*
 * worker.c - one life of a fuzz worker: set up, then ncalls random
 * system calls, then exit 0.
 *
 * A worker runs as a child of the supervisor. It puts itself in its own
 * process group, points fds 0-2 at /dev/null (a random write must not
 * reach the console), moves into SCRATCH and sets up its arena and fds
 * (args.c). From then on it uses no libc at all -- a call may have
 * changed its signal mask, its %gs or its memory map -- only the raw
 * calls of raw.S.
 *
 * Each call is drawn as follows: 2 in 5 from the calls Mica implements
 * (mica_calls.h, generated from the kernel's table), 11 in 20 from the
 * whole Linux i386 range 0..NR_MAX-1, and 1 in 20 a number past the
 * table (NR_MAX..1023, or a huge or negative one). Its arguments come
 * from the pools of its kinds (table.c, args.c) and pass through
 * filter.c. Before the call, the worker writes the call and its count
 * to its slot; after it, it checks the result:
 *
 *  - a number Mica does not implement must give -ENOSYS, whatever the
 *    arguments;
 *  - an error must be a real errno (1..MAX_ERRNO): kernel-internal codes
 *    such as -ERESTARTSYS (512) must never reach user space. lseek is the
 *    exception: past 4 GiB it returns the low 32 bits of the offset, as
 *    Linux's compat lseek does, and those can be anything.
 *
 * A result that breaks either rule is kept in the slot; the supervisor
 * fails the run on it.
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"
#include "mica_calls.h"

#define ENOSYS_ 38
#define NR_LSEEK 19	/* returns the offset's low 32 bits, which may look like -errno */
#define MAX_ERRNO 133	/* EHWPOISON, the last errno Linux has */
#define TRACE_FD 200	/* where the trace fd moves, away from fds 0-2 */

static uint8_t implemented[1024 / 8];

/* Returns the result of system call nr with no arguments. */
long raw0(long nr)
{
	long a[1 + MAX_ARGS] = { nr };

	return fz_call(a);
}

/* Returns 1 if Mica's table has call nr. */
int mica_implements(uint32_t nr)
{
	static int ready;

	if (!ready) {
		for (int i = 0; i < NR_MICA_CALLS; i++)
			implemented[mica_calls[i] / 8] |= 1 << (mica_calls[i] % 8);
		ready = 1;
	}
	return nr < 1024 && (implemented[nr / 8] >> (nr % 8)) & 1;
}

/* Returns the next call number, skipping excluded ones and most rare ones. */
static uint32_t pick_nr(const uint8_t *exclude)
{
	for (;;) {
		uint32_t r = rnd_below(20), nr;

		if (r < 8)
			nr = mica_calls[rnd_below(NR_MICA_CALLS)];
		else if (r < 19)
			nr = rnd_below(NR_MAX);
		else
			nr = rnd_below(2) ? NR_MAX + rnd_below(1024 - NR_MAX) :
			     (uint32_t)(rnd_below(2) ? 0x80000000u | rnd() : rnd());
		if (nr < 1024 && exclude[nr])
			continue;
		if (nr < NR_MAX && (calls[nr].flags & C_RARE) && !one_in(16))
			continue;
		return nr;
	}
}

/* Writes n bytes of s to fd (raw, no libc). */
static void out(int fd, const char *s, uint32_t n)
{
	long a[1 + MAX_ARGS] = { SYS_write, fd, (long)(uintptr_t)s, (long)n };

	fz_call(a);
}

/* Appends v in hex to buf at *n. */
static void put_hex(char *buf, uint32_t *n, uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	int started = 0;

	buf[(*n)++] = '0';
	buf[(*n)++] = 'x';
	for (int sh = 28; sh >= 0; sh -= 4) {
		uint32_t d = (v >> sh) & 15;
		if (d || started || sh == 0) {
			buf[(*n)++] = digits[d];
			started = 1;
		}
	}
}

/* Appends the string s to buf at *n. */
static void put_s(char *buf, uint32_t *n, const char *s)
{
	while (*s)
		buf[(*n)++] = *s++;
}

/* Writes "life L call I: name(args...)" to the trace fd, as one write. */
static void trace_call(int fd, uint64_t life, uint32_t i, const long *a)
{
	char buf[256];
	uint32_t n = 0;

	put_s(buf, &n, "fuzz: life ");
	put_hex(buf, &n, (uint32_t)life);
	put_s(buf, &n, " call ");
	put_hex(buf, &n, i);
	put_s(buf, &n, ": ");
	put_s(buf, &n, call_name((uint32_t)a[0]));
	buf[n++] = '[';
	put_hex(buf, &n, (uint32_t)a[0]);
	put_s(buf, &n, "](");
	for (int k = 1; k <= MAX_ARGS; k++) {
		put_hex(buf, &n, (uint32_t)a[k]);
		if (k < MAX_ARGS)
			put_s(buf, &n, ", ");
	}
	put_s(buf, &n, ")");
	out(fd, buf, n);
}

/* Writes " = ret\n" to the trace fd. */
static void trace_ret(int fd, long ret)
{
	char buf[32];
	uint32_t n = 0;

	put_s(buf, &n, " = ");
	put_hex(buf, &n, (uint32_t)ret);
	buf[n++] = '\n';
	out(fd, buf, n);
}

/* Checks the result of call a[] against the rules above; a broken rule is
 * counted and kept in the slot. */
static void check_result(struct slot *s, const long *a, long ret)
{
	uint32_t nr = (uint32_t)a[0];
	int bad = 0;

	if (ret < 0 && ret >= -4095) {
		s->errors++;
		if (ret == -ENOSYS_)
			s->enosys++;
		if (-ret > MAX_ERRNO && nr != NR_LSEEK)
			bad = 1;
	} else {
		s->ok++;
	}
	if (!mica_implements(nr) && ret != -ENOSYS_)
		bad = 1;
	if (!bad)
		return;
	if (s->nbad < BAD_KEEP) {
		struct bad_call *b = &s->bad[s->nbad];
		b->nr = nr;
		for (int k = 0; k < MAX_ARGS; k++)
			b->args[k] = (uint32_t)a[1 + k];
		b->ret = (int32_t)ret;
	}
	s->nbad++;
}

/* Moves fd from onto fd to (raw dup2). */
static void move_fd(int from, int to)
{
	long a[1 + MAX_ARGS] = { SYS_dup2, from, to };

	fz_call(a);
}

/* Runs life number life of seed: ncalls calls, reported in s. slotno
 * names the worker's own file; trace_fd, when >= 0, gets every call;
 * exclude[nr] != 0 keeps call nr out. Never returns. */
void worker_main(struct slot *s, int slotno, uint64_t seed, uint64_t life,
		 uint32_t ncalls, int trace_fd, const uint8_t *exclude)
{
	char stack[8192];	/* a dead buffer on the stack, for the pools */
	long a[1 + MAX_ARGS];
	int null = open("/dev/null", O_RDWR);

	rng_seed(seed, life);
	setpgid(0, 0);
	if (trace_fd >= 0)
		trace_fd = fcntl(trace_fd, F_DUPFD, TRACE_FD);
	if (null >= 0) {
		move_fd(null, 0);
		move_fd(null, 1);
		move_fd(null, 2);
		if (null > 2)
			close(null);
	}
	mica_implements(0);
	if (chdir(SCRATCH) < 0 || args_setup(stack, slotno) < 0) {
		s->state = SLOT_DONE;
		_exit(EXIT_SETUP_FAILED);
	}
	for (uint32_t i = 0; i < ncalls; i++) {
		const struct call *c;
		int go;
		long ret;

		args_refresh();
		a[0] = pick_nr(exclude);
		c = (uint32_t)a[0] < NR_MAX ? &calls[a[0]] : NULL;
		for (int k = 0; k < MAX_ARGS; k++) {
			if (c && (c->flags & C_KNOWN))
				a[1 + k] = k < c->nargs ? (long)gen_arg(c->kind[k], k, a) :
					   one_in(4) ? (long)gen_arg(K_ANY, k, a) : 0;
			else
				a[1 + k] = (long)gen_arg(K_ANY, k, a);
		}
		go = filter_call(a);
		s->nr = (uint32_t)a[0];
		for (int k = 0; k < MAX_ARGS; k++)
			s->args[k] = (uint32_t)a[1 + k];
		s->calls = i + 1;
		if (trace_fd >= 0)
			trace_call(trace_fd, life, i, a);
		if (go == GO_FORK)
			ret = fz_call_fork(a);
		else if (go == GO_SIGRETURN)
			ret = fz_sigreturn(a[0], args_sigframe());
		else
			ret = fz_call(a);
		if (trace_fd >= 0)
			trace_ret(trace_fd, ret);
		filter_after(a, ret);
		check_result(s, a, ret);
	}
	s->state = SLOT_DONE;
	a[0] = SYS_exit_group;
	a[1] = 0;
	fz_call(a);
	for (;;)
		;
}
