/*
 * proc_segfuzz: random segment state, many processes at once. Each child
 * (four run at a time, so their states meet in context switches) makes a
 * seeded random series of: set_thread_area with random flags and slots,
 * loads of random selectors into %fs and %gs, yields and short sleeps,
 * kernel copies into pages it never touched, and sigreturn into forged
 * frames with random selectors. Selector numbering differs between Mica
 * and x86-64 Linux, so the outcome of one child is not compared; what must
 * hold on both is that every child ends with an exit or with the signal of
 * a CPU exception (mostly SIGSEGV and SIGBUS from bad segments), that the
 * machine survives, and that the parent's own TLS is untouched.
 */
#include "tap.h"

#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define CHILDREN 400
#define AT_ONCE 4
#define STEPS 40
#define RPL3 3

struct user_desc {
	unsigned int entry_number, base_addr, limit;
	unsigned int seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
		seg_not_present : 1, useable : 1;
};

struct sigcontext32 {
	uint16_t gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip;
	uint16_t cs, __csh;
	uint32_t eflags, esp_at_signal;
	uint16_t ss, __ssh;
	uint32_t fpstate, oldmask, cr2;
};

static uint32_t rng;
static unsigned int tls_min;
static int tls_word = 77;
static uint32_t frame[64] __attribute__((aligned(16)));
static uint32_t stack2[512] __attribute__((aligned(16)));

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

void fuzz_resume(void);
__asm__(".text\n.globl fuzz_resume\nfuzz_resume:\n"
	"	movl $1, %eax\n	xorl %ebx, %ebx\n	int $0x80\n");

/* A selector worth trying: null, the process's own, a TLS slot, a kernel
 * one, an LDT one, or anything at all. */
static unsigned int pick_sel(void)
{
	unsigned int own, r = rnd() % 16;

	if (r < 2)
		return rnd() % 4;
	if (r < 4) {
		__asm__("movl %%ds, %0" : "=r"(own));
		return own & 0xffff;
	}
	if (r < 10)
		return (tls_min << 3) | RPL3;	/* libc's, unless emptied */
	if (r < 12)
		return ((tls_min + rnd() % 3) << 3) | RPL3;
	if (r == 12)
		return (1 + rnd() % 2) << 3 | (rnd() % 4);	/* kernel */
	if (r == 13)
		return (rnd() % 64) << 3 | 4 | (rnd() % 4);	/* LDT */
	if (r == 14)
		return (rnd() % 16) << 3 | RPL3;
	return rnd() & 0xffff;
}

/* No stack protector: its canary is read through %gs, which is random here. */
__attribute__((no_stack_protector, noinline)) static void step(int fd)
{
	struct user_desc u;
	unsigned int sel;

	switch (rnd() % 16) {
	case 0:
	case 1:		/* a random descriptor into a random slot */
		memset(&u, 0, sizeof(u));
		u.entry_number = rnd() % 5 == 0 ? (unsigned int)-1 : tls_min + rnd() % 4 - (rnd() % 2);
		u.base_addr = rnd() % 2 ? (unsigned int)(uintptr_t)&tls_word : rnd();
		u.limit = rnd() & 0xfffff;
		u.seg_32bit = rnd();
		u.contents = rnd();
		u.read_exec_only = rnd();
		u.limit_in_pages = rnd();
		u.seg_not_present = rnd();
		u.useable = rnd();
		sys1(SYS_set_thread_area, &u);
		break;
	case 2:		/* empty a slot, maybe the live one */
		memset(&u, 0, sizeof(u));
		u.entry_number = tls_min + rnd() % 3;
		u.read_exec_only = 1;
		u.seg_not_present = 1;
		sys1(SYS_set_thread_area, &u);
		break;
	case 3:
	case 4:		/* mostly a selector that loads (libc's slot may be gone) */
		sel = rnd() % 4 ? ((tls_min + rnd() % 2) << 3) | RPL3 : pick_sel();
		__asm__ volatile("movl %0, %%fs" : : "r"(sel));
		break;
	case 5:
	case 6:
		sel = rnd() % 4 ? ((tls_min + rnd() % 2) << 3) | RPL3 : pick_sel();
		__asm__ volatile("movl %0, %%gs" : : "r"(sel));
		break;
	case 7:
	case 8:
		sys0(SYS_sched_yield);
		break;
	case 9:
	case 10:
	case 11: {	/* a kernel copy into an untouched page, with a switch */
		uint32_t args[6] = {0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				    (uint32_t)-1, 0};
		unsigned long p = (unsigned long)sys1(SYS_mmap, args);
		if (p < (unsigned long)-4096L) {
			sys0(SYS_sched_yield);
			sys3(SYS_read, fd, (char *)p, 1);
		}
		break;
	}
	case 12:
	case 13: {	/* a short sleep */
		long ts[2] = {0, 1000 * 1000};
		sys2(SYS_nanosleep, ts, 0);
		break;
	}
	case 14:
		__asm__ volatile("movl %0, %%fs\n\tmovl %0, %%gs" : : "r"(0));
		break;
	default: {	/* sigreturn into a forged frame with random selectors */
		struct sigcontext32 *sc = (struct sigcontext32 *)&frame[2];
		memset(frame, 0, sizeof(frame));
		__asm__("movl %%cs, %0" : "=r"(sel));
		sc->cs = rnd() % 3 ? sel : pick_sel();
		__asm__("movl %%ss, %0" : "=r"(sel));
		sc->ss = rnd() % 3 ? sel : pick_sel();
		sc->ds = rnd() % 2 ? sel : pick_sel();
		sc->es = rnd() % 2 ? sel : pick_sel();
		sc->fs = pick_sel();
		sc->gs = pick_sel();
		sc->eip = (uint32_t)(uintptr_t)fuzz_resume;
		sc->esp = (uint32_t)(uintptr_t)&stack2[400];
		sc->eflags = 0x202 | (rnd() & 0x8d5);
		__asm__ volatile("movl %0, %%esp\n\tint $0x80"
				 : : "r"((uint32_t)(uintptr_t)sc), "a"(SYS_sigreturn) : "memory");
		break;
	}
	}
}

/* Is sig one that a CPU exception in user mode sends? */
static int exception_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

/* Child: its random series of steps, then exit 0 without libc. */
__attribute__((no_stack_protector, noinline)) static void child(int seed, int fd)
{
	rng = 0x9e3779b9u * (uint32_t)(seed + 1);
	for (int i = 0; i < STEPS; i++)
		step(fd);
	for (;;)
		sys1(SYS_exit, 0);
}

int main(void)
{
	unsigned int gs;
	int p[2], ended = 0, odd = 0, started = 0, running = 0;

	__asm__("movl %%gs, %0" : "=r"(gs));
	tls_min = (gs & 0xffff) >> 3;
	plan(4);
	/* a second TLS slot the children inherit, so two selectors load */
	struct user_desc u;
	memset(&u, 0, sizeof(u));
	u.entry_number = tls_min + 1;
	u.base_addr = (unsigned int)(uintptr_t)&tls_word;
	u.limit = 0xfffff;
	u.seg_32bit = 1;
	u.limit_in_pages = 1;
	if (sys1(SYS_set_thread_area, &u) || pipe(p))
		return 1;
	/* plenty of bytes for the reads: nobody blocks for long */
	static char junk[8192];
	while (started < CHILDREN || running > 0) {
		while (started < CHILDREN && running < AT_ONCE) {
			if (write(p[1], junk, 32) != 32)
				break;
			pid_t pid = fork();
			if (pid == 0)
				child(started, p[0]);
			if (pid < 0)
				break;
			started++;
			running++;
		}
		int st;
		if (wait(&st) < 0)
			break;
		running--;
		ended++;
		if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0) &&
		    !(WIFSIGNALED(st) && exception_signal(WTERMSIG(st))))
			odd++;
	}
	is(started, CHILDREN, "%d children started", CHILDREN);
	is(ended, CHILDREN, "every child ended");
	is(odd, 0, "each with an exit or the signal of a CPU exception");
	unsigned int gs_now;
	__asm__("movl %%gs, %0" : "=r"(gs_now));
	ok((gs_now & 0xffff) == (gs & 0xffff) && getpid() > 0, "the parent's %%gs and libc still work");
	return done();
}
