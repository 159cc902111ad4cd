/*
 * proc_trapinfo: what a handler learns about a CPU exception raised in
 * user mode: the signal, si_code, si_addr, and the trap number and error
 * code in the signal context, as Linux reports them. A general-protection
 * fault (a bad selector, a privileged instruction, an int to a gate user
 * mode may not use) is SIGSEGV with SI_KERNEL and si_addr 0, its error
 * code the selector or IDT entry at fault; ud2 is SIGILL ILL_ILLOPN and a
 * division by zero SIGFPE FPE_INTDIV, both at the instruction; int3 is
 * SIGTRAP with SI_KERNEL.
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#define REG_TRAPNO_ 12	/* gregs indices of the i386 sigcontext */
#define REG_ERR_ 13

void ud2_at(void);
void div_at(void);
__asm__(".text\n"
	".globl ud2_at\nud2_at:\n\tud2\n"
	".globl div_at\ndiv_at:\n\txorl %ecx, %ecx\n\tmovl $1, %eax\n\txorl %edx, %edx\n"
	"div_insn:\n\tdivl %ecx\n\tret\n");

struct report {
	int sig, code;
	uint32_t addr, trapno, err;
};

static int rp[2];

static void handler(int sig, siginfo_t *si, void *ucp)
{
	ucontext_t *uc = ucp;
	struct report r = {sig, si->si_code, (uint32_t)(uintptr_t)si->si_addr,
			   (uint32_t)uc->uc_mcontext.gregs[REG_TRAPNO_],
			   (uint32_t)uc->uc_mcontext.gregs[REG_ERR_]};
	if (write(rp[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(2);
	_exit(0);
}

static void gp_ldt(void) { __asm__ volatile("movl %0, %%ds" : : "r"(7)); }
static void gp_lcall(void) { __asm__ volatile("lcall $0x8, $0"); }
static void gp_hlt(void) { __asm__ volatile("hlt"); }
static void gp_int40(void) { __asm__ volatile("int $0x40"); }
static void gp_into(void)
{
	__asm__ volatile("movl $0x7fffffff, %%eax\n\taddl $1, %%eax\n\tinto" : : : "eax");
}
static void bkpt(void) { __asm__ volatile("int3"); }

/* Run f in a child with handlers for every fault signal; the report the
 * handler sent back, or sig -1. */
static struct report trap_in_child(void (*f)(void))
{
	struct report r = {-1, 0, 0, 0, 0};
	if (pipe(rp))
		return r;
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = handler;
		sa.sa_flags = SA_SIGINFO;
		int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
		for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			sigaction(sigs[i], &sa, NULL);
		f();
		_exit(3);
	}
	close(rp[1]);
	if (read(rp[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r.sig = -1;
	close(rp[0]);
	waitpid(pid, NULL, 0);
	return r;
}

static void check(const char *what, void (*f)(void), int sig, int code, uint32_t addr,
		  uint32_t trapno, uint32_t err)
{
	struct report r = trap_in_child(f);
	is(r.sig, sig, "%s: signal", what);
	is(r.code, code, "%s: si_code", what);
	is((long)r.addr, (long)addr, "%s: si_addr", what);
	is((long)r.trapno, (long)trapno, "%s: trap number in the context", what);
	is((long)r.err, (long)err, "%s: error code in the context", what);
}

int main(void)
{
	extern char div_insn[];

	plan(8 * 5);
	check("mov of LDT selector 7 to %ds", gp_ldt, SIGSEGV, SI_KERNEL, 0, 13, 4);
	check("lcall to the kernel code segment", gp_lcall, SIGSEGV, SI_KERNEL, 0, 13, 8);
	check("hlt", gp_hlt, SIGSEGV, SI_KERNEL, 0, 13, 0);
	check("int $0x40", gp_int40, SIGSEGV, SI_KERNEL, 0, 13, (0x40 << 3) | 2);
	check("into with OF set", gp_into, SIGSEGV, SI_KERNEL, 0, 4, 0);
	check("int3", bkpt, SIGTRAP, SI_KERNEL, 0, 3, 0);
	check("ud2", ud2_at, SIGILL, ILL_ILLOPN, (uint32_t)(uintptr_t)ud2_at, 6, 0);
	check("divl by zero", div_at, SIGFPE, FPE_INTDIV, (uint32_t)(uintptr_t)div_insn, 0, 0);
	return done();
}
