/*
 * Signal frames, laid out as Linux i386 lays them out, and sigreturn.
 *
 * To run a handler we save the interrupted user state on the user stack
 * and make the trapframe "call" the handler:
 *
 *   without SA_SIGINFO (struct sigframe)    with SA_SIGINFO (struct rt_sigframe)
 *     pretcode   <- esp at handler entry      pretcode   <- esp
 *     sig           (its argument)            sig, pinfo, puc (its arguments)
 *     sigcontext    (registers)               siginfo
 *     extramask, retcode                      ucontext (sigcontext + mask), retcode
 *     FPU state                               FPU state
 *
 * pretcode is the return address: sa_restorer (musl's __restore, which
 * calls sigreturn, or __restore_rt, which calls rt_sigreturn), or the
 * retcode bytes in the frame that make the same call. sigreturn copies
 * the saved state back, keeping only what a user may set: every selector
 * gets RPL 3, only the arithmetic, direction, trap and alignment flags
 * come from the frame, and an FPU image the CPU would refuse (reserved
 * MXCSR bits in the fxsave layout: fpu_check) makes the frame bad. A
 * selector that user mode may not have is caught on the way out by
 * trapret's fixups: a data segment register becomes null, a bad cs or ss
 * kills the process with SIGSEGV. sigreturn is never restarted
 * (arch/x86/syscall.c): its eax is the interrupted program's.
 */
#include <kernel/proc.h>
#include <asm/uaccess.h>
#include <asm/trapframe.h>
#include <asm/arch.h>
#include <asm/mmu.h>

#define FL_USER_SETTABLE 0x50DD5	/* CF PF AF ZF SF TF DF OF AC RF */
#define FPU_SIZE 512

struct sigcontext {
	uint16_t gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip;
	uint16_t cs, __csh;
	uint32_t eflags, esp_at_signal;
	uint16_t ss, __ssh;
	uint32_t fpstate, oldmask, cr2;
};

struct sigframe {
	uint32_t pretcode;
	int32_t sig;
	struct sigcontext sc;
	uint32_t extramask;
	uint8_t retcode[8];
};

struct siginfo {
	int32_t si_signo, si_errno, si_code;
	union {
		struct { int32_t pid; uint32_t uid; } kill;
		struct { uint32_t addr; } fault;
		uint8_t pad[116];
	};
};

struct ucontext {
	uint32_t uc_flags, uc_link;
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
	struct sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

struct rt_sigframe {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct siginfo info;
	struct ucontext uc;
	uint8_t retcode[8];
};

_Static_assert(sizeof(struct sigcontext) == 88, "sigcontext as on Linux i386");
_Static_assert(sizeof(struct siginfo) == 128, "siginfo as on Linux i386");

static void save_context(struct sigcontext *sc, const struct trapframe *tf, uint32_t fp,
			 uint32_t oldmask)
{
	memset(sc, 0, sizeof(*sc));
	sc->gs = tf->gs;
	sc->fs = tf->fs;
	sc->es = tf->es;
	sc->ds = tf->ds;
	sc->edi = tf->edi;
	sc->esi = tf->esi;
	sc->ebp = tf->ebp;
	sc->esp = tf->esp;
	sc->ebx = tf->ebx;
	sc->edx = tf->edx;
	sc->ecx = tf->ecx;
	sc->eax = tf->eax;
	sc->trapno = tf->trapno;
	sc->err = tf->err;
	sc->eip = tf->eip;
	sc->cs = tf->cs;
	sc->eflags = tf->eflags;
	sc->esp_at_signal = tf->esp;
	sc->ss = tf->ss;
	sc->fpstate = fp;
	sc->oldmask = oldmask;
}

int setup_sigframe(struct trapframe *tf, int sig, const struct k_sigaction *ka,
		   const struct sig_info *info, uint64_t oldmask)
{
	/* int $0x80 with eax = 119 (sigreturn) or 173 (rt_sigreturn) */
	static const uint8_t ret_plain[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	static const uint8_t ret_rt[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 };
	bool rt = ka->flags & SA_SIGINFO;
	size_t size = rt ? sizeof(struct rt_sigframe) : sizeof(struct sigframe);
	uint32_t sp = tf->esp;

	/* the FPU state, 64-byte aligned, then the frame, so that esp + 4 is
	 * 16-byte aligned at the handler's first instruction, as after a call */
	fpu_save(current);
	uint32_t fp = ((sp - FPU_SIZE) & ~63u);
	sp = ((fp - size + 4) & ~15u) - 4;
	if (sp >= TASK_SIZE || sp < PAGE_SIZE ||
	    copy_to_user((void __user *)fp, fpu_area(current), FPU_SIZE))
		return -EFAULT;

	if (rt) {
		struct rt_sigframe f;
		memset(&f, 0, sizeof(f));
		f.sig = sig;
		f.pinfo = sp + __builtin_offsetof(struct rt_sigframe, info);
		f.puc = sp + __builtin_offsetof(struct rt_sigframe, uc);
		f.info.si_signo = sig;
		f.info.si_code = info->code;
		if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE)
			f.info.fault.addr = info->addr;
		else
			f.info.kill.pid = info->pid;
		save_context(&f.uc.uc_mcontext, tf, fp, (uint32_t)oldmask);
		f.uc.uc_sigmask = oldmask;
		f.uc.ss_flags = 2;	/* SS_DISABLE: no alternate stack */
		memcpy(f.retcode, ret_rt, sizeof(ret_rt));
		f.pretcode = (ka->flags & SA_RESTORER) ? ka->restorer :
			     sp + __builtin_offsetof(struct rt_sigframe, retcode);
		if (copy_to_user((void __user *)sp, &f, sizeof(f)))
			return -EFAULT;
		tf->edx = f.pinfo;
		tf->ecx = f.puc;
	} else {
		struct sigframe f;
		memset(&f, 0, sizeof(f));
		f.sig = sig;
		save_context(&f.sc, tf, fp, (uint32_t)oldmask);
		f.extramask = (uint32_t)(oldmask >> 32);
		memcpy(f.retcode, ret_plain, sizeof(ret_plain));
		f.pretcode = (ka->flags & SA_RESTORER) ? ka->restorer :
			     sp + __builtin_offsetof(struct sigframe, retcode);
		if (copy_to_user((void __user *)sp, &f, sizeof(f)))
			return -EFAULT;
		tf->edx = tf->ecx = 0;
	}
	/* the handler starts with a clean FPU */
	fpu_init_state(current);
	fpu_restore(current);
	tf->esp = sp;
	tf->eip = ka->handler;
	tf->eax = sig;
	tf->cs = SEG_UCODE;
	tf->ss = tf->ds = tf->es = SEG_UDATA;
	tf->eflags &= ~(FL_DF | 0x100);	/* clear DF and TF */
	return 0;
}

/* Put back the state saved in sc. Returns 0, or -EFAULT if the FPU
 * state it points to cannot be read or loaded. */
static int restore_context(struct trapframe *tf, const struct sigcontext *sc)
{
	uint8_t fpu[FPU_SIZE];

	if (sc->fpstate) {
		if (copy_from_user(fpu, (const void __user *)sc->fpstate, FPU_SIZE) ||
		    fpu_check(fpu))
			return -EFAULT;
		memcpy(fpu_area(current), fpu, FPU_SIZE);
		fpu_restore(current);
	}
	/*
	 * Every selector comes back with RPL 3, as on Linux. Whether the
	 * descriptor it names may be used from user mode is the CPU's
	 * business on the way out: a data segment register that cannot be
	 * loaded becomes null (trapasm.S), and a cs or ss that iret refuses
	 * makes the return a #GP of the process (SIGSEGV).
	 */
	tf->gs = sc->gs | SEL_RPL;
	tf->fs = sc->fs | SEL_RPL;
	tf->es = sc->es | SEL_RPL;
	tf->ds = sc->ds | SEL_RPL;
	tf->edi = sc->edi;
	tf->esi = sc->esi;
	tf->ebp = sc->ebp;
	tf->esp = sc->esp;
	tf->ebx = sc->ebx;
	tf->edx = sc->edx;
	tf->ecx = sc->ecx;
	tf->eax = sc->eax;
	tf->eip = sc->eip;
	tf->cs = sc->cs | SEL_RPL;
	tf->ss = sc->ss | SEL_RPL;
	tf->eflags = (tf->eflags & ~FL_USER_SETTABLE) | (sc->eflags & FL_USER_SETTABLE);
	return 0;
}

static void set_blocked(uint64_t mask)
{
	current->sig_blocked = mask & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
}

/* sigreturn: the handler's `ret` popped pretcode and __restore popped sig,
 * so the frame starts 8 bytes below esp. */
long sys_sigreturn(void)
{
	struct trapframe *tf = current->tf;
	struct sigframe f;

	if (copy_from_user(&f, (const void __user *)(tf->esp - 8), sizeof(f))) {
		force_signal(current, SIGSEGV, SI_KERNEL, 0);
		return -EFAULT;
	}
	set_blocked(((uint64_t)f.extramask << 32) | f.sc.oldmask);
	if (restore_context(tf, &f.sc))
		force_signal(current, SIGSEGV, SI_KERNEL, 0);
	return tf->eax;
}

/* rt_sigreturn: only pretcode was popped: the frame is 4 bytes below. */
long sys_rt_sigreturn(void)
{
	struct trapframe *tf = current->tf;
	struct rt_sigframe f;

	if (copy_from_user(&f, (const void __user *)(tf->esp - 4), sizeof(f))) {
		force_signal(current, SIGSEGV, SI_KERNEL, 0);
		return -EFAULT;
	}
	set_blocked(f.uc.uc_sigmask);
	if (restore_context(tf, &f.uc.uc_mcontext))
		force_signal(current, SIGSEGV, SI_KERNEL, 0);
	return tf->eax;
}
