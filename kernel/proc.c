/*
 * The process table and the birth of processes. A new process gets a
 * kernel stack laid out so that the first swtch() to it "returns" into
 * forkret and from there into trapret, which pops its trapframe and irets
 * to user mode:
 *
 *   kstack + KSTACK_SIZE  -> +-----------------+
 *                            | struct trapframe|  p->tf
 *                            | &trapret        |  forkret returns here
 *                            | struct context  |  p->context, eip = forkret
 *                            |      ...        |
 *   kstack                -> +-----------------+
 *                            | guard page      |  never mapped (kernel/kstack.c)
 */
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/kstack.h>
#include <asm/arch.h>
#include <asm/x86.h>
#include <asm/mmu.h>

struct proc proc_table[NPROC];
struct proc *current;
static pid_t next_pid = 1;
static uint8_t fpu_template[512] __aligned(16);
static bool has_fxsr;		/* fxsave/fxrstor, and SSE state with them */
static uint32_t mxcsr_mask;	/* MXCSR bits fxrstor accepts */

#define FXSAVE_MXCSR 24		/* offsets in the fxsave image */
#define FXSAVE_MXCSR_MASK 28
#define MXCSR_DEFAULT_MASK 0x0000FFBFu	/* without DAZ, as Intel documents */
bool cpu_has_tsc;

extern void trapret(void);

/* Where a new process first runs in the kernel: straight back to user. */
static void forkret(void)
{
}

void *fpu_area(struct proc *p)
{
	return (void *)(((uintptr_t)p->fpu + 15) & ~15u);
}

void fpu_init_state(struct proc *p)
{
	memcpy(fpu_area(p), fpu_template, 512);
}

/*
 * Each process has its own FPU state, saved and restored on every switch:
 * with fxsave/fxrstor (x87 and SSE) where the CPU has them, or with the
 * x87-only fnsave/frstor on older ones.
 */
void fpu_save(struct proc *p)
{
	if (has_fxsr)
		fxsave(fpu_area(p));
	else
		fnsave(fpu_area(p));
}

void fpu_restore(struct proc *p)
{
	if (has_fxsr)
		fxrstor(fpu_area(p));
	else
		frstor(fpu_area(p));
}

/*
 * May an FPU image from user memory (sigreturn) be loaded? In the fxsave
 * layout, MXCSR bits the CPU does not support would make fxrstor fault:
 * as Linux, such a frame is refused (the caller sends SIGSEGV). The
 * fnsave layout of CPUs without FXSR has no MXCSR (offset 24 is the x87
 * operand selector) and nothing frstor refuses. Returns 0 or -EINVAL.
 */
int fpu_check_layout(const void *area, bool fxsave_layout)
{
	uint32_t mxcsr;

	if (!fxsave_layout)
		return 0;
	memcpy(&mxcsr, (const uint8_t *)area + FXSAVE_MXCSR, sizeof(mxcsr));
	return (mxcsr & ~mxcsr_mask) ? -EINVAL : 0;
}

/* fpu_check_layout for the layout this CPU saves. */
int fpu_check(const void *area)
{
	return fpu_check_layout(area, has_fxsr);
}

void proc_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	has_fxsr = d & CPUID_EDX_FXSR;
	cpu_has_tsc = d & CPUID_EDX_TSC;
	/* x87 on: no emulation, #MF as an exception */
	lcr0((rcr0() & ~0x4u) | 0x22u);		/* clear EM, set MP and NE */
	if (has_fxsr)
		lcr4(rcr4() | ((d & CPUID_EDX_SSE) ? 0x600u : 0x200u));	/* OSFXSR, OSXMMEXCPT */
	fninit();
	if (has_fxsr) {
		fxsave(fpu_template);
		mxcsr_mask = *(uint32_t *)(fpu_template + FXSAVE_MXCSR_MASK);
		if (!mxcsr_mask)	/* 0: the CPU predates the field */
			mxcsr_mask = MXCSR_DEFAULT_MASK;
	} else {
		fnsave(fpu_template);
	}
}

struct proc *proc_alloc(void)
{
	struct proc *p = NULL;

	for (int i = 0; i < NPROC; i++) {
		if (proc_table[i].state == P_UNUSED) {
			p = &proc_table[i];
			break;
		}
	}
	if (!p)
		return NULL;
	char *stack = kstack_alloc(p - proc_table);	/* with a guard page below */
	if (!stack)
		return NULL;
	memset(p, 0, sizeof(*p));
	p->kstack = stack;
	p->pid = next_pid++;
	p->state = P_EMBRYO;

	char *sp = p->kstack + KSTACK_SIZE;
	sp -= sizeof(struct trapframe);
	p->tf = (struct trapframe *)sp;
	memset(p->tf, 0, sizeof(*p->tf));
	sp -= 4;
	*(uint32_t *)sp = (uint32_t)trapret;
	sp -= sizeof(struct context);
	p->context = (struct context *)sp;
	memset(p->context, 0, sizeof(*p->context));
	p->context->eip = (uint32_t)forkret;
	fpu_init_state(p);
	return p;
}

/* Release a dead process's last resources (its parent calls this). */
void proc_free(struct proc *p)
{
	kstack_free(p->kstack);
	p->kstack = NULL;
	p->state = P_UNUSED;
	p->pid = 0;
}

struct proc *proc_find(pid_t pid)
{
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i].state != P_UNUSED && proc_table[i].pid == pid)
			return &proc_table[i];
	return NULL;
}

bool pgrp_exists(pid_t pgid)
{
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i].state != P_UNUSED && proc_table[i].pgid == pgid)
			return true;
	return false;
}

/*
 * Open fd 0, 1 and 2 of init: one read-write open of /dev/console, as
 * Linux's kernel_init does. Where init's own fds should go instead (files,
 * other devices, pipes) is init's business: it is told with arguments.
 */
static void open_std_fds(void)
{
	int err = 0;
	struct inode *ip = namei("/dev/console", &err);
	struct file *con;

	if (!ip)
		panic("open_std_fds: no /dev/console: error %d", err);
	con = file_alloc(ip, O_RDWR, ip->fop);
	inode_put(ip);
	if (!con)
		panic("open_std_fds: out of memory");
	fd_install(con, 0, 0);
	file_get(con);
	fd_install(con, 1, 0);
	file_get(con);
	fd_install(con, 2, 0);
}

void proc_start_init(const char *path, const char *const argv[])
{
	static char *const envp[] = { "HOME=/", "PATH=/bin:/sbin", "TERM=vt100", NULL };
	struct proc *p = proc_alloc();

	if (!p)
		panic("proc_start_init: no process slot");
	strlcpy(p->name, "init", sizeof(p->name));
	/* init leads the first session and process group; as Linux's init, it
	 * only gets the signals it has handlers for */
	p->pgid = p->sid = p->pid;
	p->unkillable = true;
	p->core_limit[0] = 0;	/* no core dumps unless a process asks */
	p->core_limit[1] = RLIM_INFINITY64;
	p->umask = 022;
	p->cwd = root_inode;
	inode_get(root_inode);
	current = p;
	open_std_fds();
	long err = do_execve(path, (char *const *)argv, envp);
	if (err)
		panic("proc_start_init: cannot run %s: error %ld", path, err);
	current = NULL;
	switch_pgdir(kpgdir);
	p->state = P_RUNNABLE;
}
