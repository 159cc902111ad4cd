/*
 * Signal frames, laid out as Linux i386 lays them out: setup_sigframe
 * builds one when a handler is to run (kernel/signal.c), restore_sigframe
 * reads it back for sigreturn and rt_sigreturn (syscalls/sigreturn.c).
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
 * The frame goes below the interrupted esp, or, for a handler with
 * SA_ONSTACK, at the top of the alternate signal stack (sigaltstack,
 * syscalls/sigaltstack.c) unless esp is on it already; a frame that would
 * run off the alternate stack is not written (the process dies of
 * SIGSEGV, as on Linux). The rt frame's uc_stack holds the alternate
 * stack as it was, and rt_sigreturn sets it back from there, which is
 * how SS_AUTODISARM (the stack is off while its handler runs) ends.
 *
 * pretcode is the return address: sa_restorer (musl's __restore, which
 * calls sigreturn, or __restore_rt, which calls rt_sigreturn), else the
 * vDSO's __kernel_sigreturn or __kernel_rt_sigreturn (arch/x86/vdso.c),
 * which make the same call, or, in a process without a vDSO, the retcode
 * bytes in the frame. sigreturn copies
 * the saved state back, keeping only what a user may set: every selector
 * gets RPL 3, only the arithmetic, direction, trap and alignment flags
 * come from the frame, and an FPU image the CPU would refuse (reserved
 * MXCSR bits in the fxsave layout: fpu_check) makes the frame bad. A
 * selector that user mode may not have is caught on the way out by
 * trapret's fixups: a data segment register becomes null, a bad cs or ss
 * kills the process with SIGSEGV. sigreturn is never restarted
 * (arch/x86/syscall.c): its eax is the interrupted program's.
 *
 * Both directions touch the user frame inside one user-access window
 * (user_access_begin, asm/uaccess.h), as Linux's: the registers and the
 * siginfo are put together in kernel memory first, then stored with
 * unsafe_put_user/unsafe_copy_to_user (read back with unsafe_get_user/
 * unsafe_copy_from_user), and a fault anywhere leaves the window at the
 * efault label with -EFAULT. No call is made inside the window.
 *
 * The retcode bytes are the two instructions Linux puts there too:
 *   plain:  popl %eax; movl $__NR_sigreturn, %eax; int $0x80
 *   rt:     movl $__NR_rt_sigreturn, %eax; int $0x80
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>
#include <asm/trapframe.h>
#include <asm/traps.h>
#include <asm/arch.h>
#include <asm/fpu.h>
#include <asm/mmu.h>
#include <asm/vdso.h>

/* The EFLAGS bits sigreturn takes from the frame. */
#define FL_USER_SETTABLE \
	(FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_TF | FL_DF | FL_OF | FL_AC | FL_RF)
#define FPU_FRAME_ALIGN 64 /* the FPU image's alignment on the user stack */
#define STACK_ALIGN 16	   /* esp + 4 at the handler's entry, as after a call */
#define OP_POPL_EAX 0x58   /* the retcode's opcodes */
#define OP_MOVL_IMM_EAX 0xb8
#define OP_INT 0xcd
#define RETCODE_SIZE 8

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
	uint8_t retcode[RETCODE_SIZE];
};

struct siginfo {
	int32_t si_signo, si_errno, si_code;
	union {
		struct {
			int32_t pid;
			uint32_t uid;
		} kill;
		struct {
			int32_t pid;
			uint32_t uid;
			int32_t status;
		} chld;
		struct {
			uint32_t addr;
		} fault;
		uint8_t pad[116];
	};
};

struct ucontext {
	uint32_t uc_flags, uc_link;
	struct user_stack uc_stack;
	struct sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

struct rt_sigframe {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct siginfo info;
	struct ucontext uc;
	uint8_t retcode[RETCODE_SIZE];
};

_Static_assert(sizeof(struct sigcontext) == 88, "sigcontext as on Linux i386");
_Static_assert(sizeof(struct siginfo) == 128, "siginfo as on Linux i386");

/* Copy the interrupted user registers of tf into sc, with the address of
 * the saved FPU image (fp) and the low word of the old signal mask. */
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

/* Write into rc the code that calls sigreturn number nr: "popl %eax" first
 * when pop (the plain frame's sig argument), then "movl $nr, %eax; int $0x80". */
static void put_retcode(uint8_t rc[RETCODE_SIZE], bool pop, uint32_t nr)
{
	size_t i = 0;

	memset(rc, 0, RETCODE_SIZE);
	if (pop)
		rc[i++] = OP_POPL_EAX;
	rc[i++] = OP_MOVL_IMM_EAX;
	memcpy(rc + i, &nr, sizeof(nr));
	i += sizeof(nr);
	rc[i++] = OP_INT;
	rc[i++] = T_SYSCALL;
}

/*
 * Save the FPU state below user stack address top (FPU_FRAME_ALIGN
 * aligned) and find room for a frame of size bytes under it, placed so
 * that esp + 4 is STACK_ALIGN aligned at the handler's first instruction.
 * Sets *fp to the FPU image and *sp to the frame. Returns 0, or -EFAULT
 * if it would not fit below top, or run off the alternate stack when alt.
 */
static int push_fpu_state(uint32_t top, bool alt, size_t size, uint32_t *sp, uint32_t *fp)
{
	/* LAB 9 BEGIN */
	fpu_save(current);
	/* LAB 9 END */
	*fp = (top - FPU_STATE_SIZE) & ~(FPU_FRAME_ALIGN - 1u);
	*sp = ((*fp - size + 4) & ~(STACK_ALIGN - 1u)) - 4;
	if (*sp >= top || *sp >= TASK_SIZE || *sp < PAGE_SIZE)
		return -EFAULT;
	if (alt && !in_sig_stack(current, *sp))
		return -EFAULT; /* as Linux: never overflow the alternate stack */
	/* LAB 9 BEGIN */
	if (copy_to_user((void __user *)*fp, fpu_area(current), FPU_STATE_SIZE))
		return -EFAULT;
	/* LAB 9 STUB
	// LAB 9, exercise "Save and restore the FPU" (labs/09-signals/README.md):
	// the room for the FPU image at *fp is kept, but nothing goes in it.
	   LAB 9 END */
	return 0;
}

/* Where the handler of ka returns: its sa_restorer, else the vDSO's
 * __kernel_rt_sigreturn (rt) or __kernel_sigreturn, else (no vDSO) the
 * frame's retcode at retcode, as Linux chooses. */
static uint32_t restorer(const struct k_sigaction *ka, bool rt, uint32_t retcode)
{
	if (ka->flags & SA_RESTORER)
		return ka->restorer;
	uint32_t vdso = current->mm ? vdso_sigreturn(current->mm, rt) : 0;
	return vdso ? vdso : retcode;
}

/* Write a plain (non-SA_SIGINFO) frame for sig at sp. The handler gets sig
 * as its one argument; edx and ecx are zero. Returns 0 or -EFAULT. */
static int setup_frame(struct trapframe *tf, int sig, const struct k_sigaction *ka,
		       uint64_t oldmask, uint32_t sp, uint32_t fp)
{
	struct sigframe __user *frame = (struct sigframe __user *)sp;
	uint32_t pretcode = restorer(ka, false, sp + __builtin_offsetof(struct sigframe, retcode));
	uint8_t rc[RETCODE_SIZE];
	struct sigcontext sc;

	save_context(&sc, tf, fp, (uint32_t)oldmask);
	put_retcode(rc, true, __NR_sigreturn);
	if (!user_access_begin(frame, sizeof(*frame)))
		return -EFAULT;
	unsafe_put_user(pretcode, &frame->pretcode, efault);
	unsafe_put_user(sig, &frame->sig, efault);
	unsafe_copy_to_user(&frame->sc, &sc, sizeof(sc), efault);
	unsafe_put_user((uint32_t)(oldmask >> 32), &frame->extramask, efault);
	unsafe_copy_to_user(frame->retcode, rc, RETCODE_SIZE, efault);
	user_access_end();
	tf->edx = tf->ecx = 0;
	return 0;
efault:
	user_access_end();
	return -EFAULT;
}

/* Fill si (zeroed first) for sig as the handler of an SA_SIGINFO frame
 * sees it, from what the sender recorded in info. */
static void fill_siginfo(struct siginfo *si, int sig, const struct sig_info *info)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = info->code;
	if (info->from_timer) { /* si_timerid, si_overrun, si_value */
		si->kill.pid = info->pid;
		si->kill.uid = (uint32_t)info->overrun;
	} else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) {
		si->fault.addr = info->addr;
	} else {
		si->kill.pid = info->pid;
	}
	if (sig == SIGCHLD || info->code < 0) /* si_status, or a sender's si_value */
		si->chld.status = info->status;
}

/* Write an SA_SIGINFO frame for sig at sp: the handler gets sig, a siginfo
 * and a ucontext, also in eax, edx and ecx. Returns 0 or -EFAULT. */
static int setup_rt_frame(struct trapframe *tf, int sig, const struct k_sigaction *ka,
			  const struct sig_info *info, uint64_t oldmask, uint32_t sp, uint32_t fp)
{
	struct rt_sigframe __user *frame = (struct rt_sigframe __user *)sp;
	uint32_t pinfo = sp + __builtin_offsetof(struct rt_sigframe, info);
	uint32_t puc = sp + __builtin_offsetof(struct rt_sigframe, uc);
	uint32_t pretcode =
		restorer(ka, true, sp + __builtin_offsetof(struct rt_sigframe, retcode));
	/* LAB 9 BEGIN */
	struct user_stack st = { current->sas_sp, sas_raw_flags(current), current->sas_size };
	/* LAB 9 STUB
	// LAB 9, exercise "Give back the alternate stack" (labs/09-signals/README.md):
	// uc_stack should hold the alternate stack as it is now.
	struct user_stack st = { 0, 0, 0 };
	   LAB 9 END */
	uint8_t rc[RETCODE_SIZE];
	struct sigcontext sc;
	struct siginfo si;

	fill_siginfo(&si, sig, info);
	save_context(&sc, tf, fp, (uint32_t)oldmask);
	put_retcode(rc, false, __NR_rt_sigreturn);
	if (!user_access_begin(frame, sizeof(*frame)))
		return -EFAULT;
	unsafe_put_user(pretcode, &frame->pretcode, efault);
	unsafe_put_user(sig, &frame->sig, efault);
	unsafe_put_user(pinfo, &frame->pinfo, efault);
	unsafe_put_user(puc, &frame->puc, efault);
	unsafe_copy_to_user(&frame->info, &si, sizeof(si), efault);
	unsafe_put_user(0, &frame->uc.uc_flags, efault);
	unsafe_put_user(0, &frame->uc.uc_link, efault);
	unsafe_copy_to_user(&frame->uc.uc_stack, &st, sizeof(st), efault);
	unsafe_copy_to_user(&frame->uc.uc_mcontext, &sc, sizeof(sc), efault);
	unsafe_put_user(oldmask, &frame->uc.uc_sigmask, efault);
	unsafe_copy_to_user(frame->retcode, rc, RETCODE_SIZE, efault);
	user_access_end();
	tf->edx = pinfo;
	tf->ecx = puc;
	return 0;
efault:
	user_access_end();
	return -EFAULT;
}

/* The most user stack a signal frame takes: an rt_sigframe and the FPU
 * state with their alignment (AT_MINSIGSTKSZ, as Linux's sigframe size). */
uint32_t sigframe_max_size(void)
{
	return sizeof(struct rt_sigframe) + FPU_STATE_SIZE + FPU_FRAME_ALIGN + STACK_ALIGN;
}

/* Make tf enter ka's handler for sig with the frame at sp: a clean FPU,
 * user segments, DF and TF clear. */
static void enter_handler(struct trapframe *tf, int sig, const struct k_sigaction *ka, uint32_t sp)
{
	fpu_init_state(current);
	fpu_restore(current);
	tf->esp = sp;
	tf->eip = ka->handler;
	tf->eax = sig;
	tf->cs = SEG_UCODE;
	tf->ss = tf->ds = tf->es = SEG_UDATA;
	tf->eflags &= ~(FL_DF | FL_TF);
}

/* Save the interrupted state of tf on the user stack in the frame ka asks
 * for (rt with SA_SIGINFO) and point tf at the handler. Returns 0, or
 * -EFAULT if the frame cannot be written (tf's registers are unchanged). */
int setup_sigframe(struct trapframe *tf, int sig, const struct k_sigaction *ka,
		   const struct sig_info *info, uint64_t oldmask)
{
	bool rt = ka->flags & SA_SIGINFO;
	struct proc *p = current;
	uint32_t sp, fp, top = tf->esp;
	bool alt = on_sig_stack(p, top); /* nested on the alternate stack */
	int err;

	if ((ka->flags & SA_ONSTACK) && sas_ss_flags(p, top) == 0) {
		top = p->sas_sp + p->sas_size; /* X/Open's stack switch */
		alt = true;
	}
	err = push_fpu_state(top, alt, rt ? sizeof(struct rt_sigframe) : sizeof(struct sigframe),
			     &sp, &fp);
	if (err)
		return err;
	err = rt ? setup_rt_frame(tf, sig, ka, info, oldmask, sp, fp)
		 : setup_frame(tf, sig, ka, oldmask, sp, fp);
	if (err)
		return err;
	/* LAB 9 BEGIN */
	if (rt && (p->sas_flags & SS_AUTODISARM))
		sas_reset(p); /* saved in uc_stack; rt_sigreturn puts it back */
	/* LAB 9 END */
	enter_handler(tf, sig, ka, sp);
	return 0;
}

/* Put back the state saved in sc. Returns 0, or -EFAULT if the FPU
 * state it points to cannot be read or loaded. */
static int restore_context(struct trapframe *tf, const struct sigcontext *sc)
{
	/* LAB 9 BEGIN */
	uint8_t fpu[FPU_STATE_SIZE];

	if (sc->fpstate) {
		if (copy_from_user(fpu, (const void __user *)sc->fpstate, FPU_STATE_SIZE) ||
		    fpu_check(fpu))
			return -EFAULT;
		memcpy(fpu_area(current), fpu, FPU_STATE_SIZE);
		fpu_restore(current);
	}
	/* LAB 9 STUB
	// LAB 9, exercise "Save and restore the FPU": load the image that
	// sc->fpstate points to, if there is one and the CPU would take it.
	   LAB 9 END */
	/*
	 * Every selector comes back with RPL 3, as on Linux. Whether the
	 * descriptor it names may be used from user mode is the CPU's
	 * business on the way out: a data segment register that cannot be
	 * loaded becomes null (trapasm.S), and a cs or ss that iret refuses
	 * makes the return a #GP of the process (SIGSEGV).
	 */
	/* LAB 9 BEGIN */
	tf->gs = sc->gs | SEL_RPL;
	tf->fs = sc->fs | SEL_RPL;
	tf->es = sc->es | SEL_RPL;
	tf->ds = sc->ds | SEL_RPL;
	/* LAB 9 STUB
	// LAB 9, exercise "Check what sigreturn restores" (labs/09-signals/README.md):
	// the data segment registers, and eflags below, come back as the
	// frame has them.
	tf->gs = sc->gs;
	tf->fs = sc->fs;
	tf->es = sc->es;
	tf->ds = sc->ds;
	   LAB 9 END */
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
	/* LAB 9 BEGIN */
	tf->eflags = (tf->eflags & ~FL_USER_SETTABLE) | (sc->eflags & FL_USER_SETTABLE);
	/* LAB 9 STUB
	tf->eflags = sc->eflags;
	   LAB 9 END */
	return 0;
}

/*
 * The frame of a returning handler, for sigreturn (rt false) and
 * rt_sigreturn: the handler's `ret` popped pretcode and, for a plain
 * frame, __restore popped sig, so the frame starts 8 (plain) or 4 (rt)
 * bytes below esp. The whole frame must lie in user space, as on Linux;
 * only the mask and the saved registers (and for rt, uc_stack) are read.
 * Puts back the registers it saved (and for rt, the alternate stack of
 * uc_stack, as far as sigaltstack allows) and sets *mask to the signal
 * mask to restore. Returns 0; -EFAULT if the frame cannot be read
 * (nothing changed, *mask not set); -EINVAL if its FPU state cannot be
 * loaded (*mask set, the registers unchanged).
 */
int restore_sigframe(struct trapframe *tf, bool rt, uint64_t *mask)
{
	struct sigcontext sc;
	struct user_stack st;
	uint64_t m;

	if (rt) {
		struct rt_sigframe __user *frame = (struct rt_sigframe __user *)(tf->esp - 4);

		if (!user_access_begin(frame, sizeof(*frame)))
			return -EFAULT;
		unsafe_get_user(m, &frame->uc.uc_sigmask, efault);
		unsafe_copy_from_user(&sc, &frame->uc.uc_mcontext, sizeof(sc), efault);
		/* LAB 9 BEGIN */
		unsafe_copy_from_user(&st, &frame->uc.uc_stack, sizeof(st), efault);
		/* LAB 9 END */
	} else {
		struct sigframe __user *frame = (struct sigframe __user *)(tf->esp - 8);
		uint32_t extramask;

		if (!user_access_begin(frame, sizeof(*frame)))
			return -EFAULT;
		unsafe_get_user(extramask, &frame->extramask, efault);
		unsafe_copy_from_user(&sc, &frame->sc, sizeof(sc), efault);
		m = ((uint64_t)extramask << 32) | sc.oldmask;
	}
	user_access_end();
	*mask = m;
	if (restore_context(tf, &sc))
		return -EINVAL;
	/* LAB 9 BEGIN */
	if (rt) /* as Linux's restore_altstack: a refusal is ignored */
		(void)do_sigaltstack(&st, NULL, tf->esp);
	/* LAB 9 STUB
	// LAB 9, exercise "Give back the alternate stack": rt_sigreturn sets
	// the alternate stack back from uc_stack.
	(void)st;
	   LAB 9 END */
	return 0;
efault:
	user_access_end();
	return -EFAULT;
}
