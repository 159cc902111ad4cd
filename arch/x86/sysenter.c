/*
 * The fast system call entry: sysenter from the vDSO's __kernel_vsyscall
 * (arch/x86/entry_sysenter.S builds the trapframe, this file does the
 * rest). Where the CPU has it (CPUID SEP, and not the early Pentium Pro
 * whose SEP bit lies), sysenter_init points the three SYSENTER MSRs at
 * the entry; elsewhere the vDSO's sysenter is patched out and the same
 * __kernel_vsyscall makes int $0x80.
 *
 * The call then runs exactly as one made with int $0x80 would, through
 * trap(): the sixth argument, which int $0x80 takes from ebp, is the ebp
 * the vDSO pushed, read from the user stack (EFAULT if that cannot be
 * read, as on Linux), and the frame's eip is the vDSO's landing pad, the
 * instruction after its int $0x80. So a call that is restarted (eip back
 * by the length of int $0x80) runs again as an int $0x80 with every
 * argument register restored by iret, as Linux's vDSO does.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <asm/arch.h>
#include <asm/msr.h>
#include <asm/mmu.h>
#include <asm/trapframe.h>
#include <asm/tss.h>
#include <asm/uaccess.h>
#include <asm/vdso.h>
#include <asm/x86.h>

#define CPUID_FEATURES 1
#define CPUID_EDX_SEP (1u << 11)
#define PPRO_FAMILY 6	    /* the Pentium Pro: SEP set, sysenter missing */
#define PPRO_SEP_MODEL 3    /* models below 3 ... */
#define PPRO_SEP_STEPPING 3 /* ... and steppings below 3 lack it */
#define SYSENTER_STACK_SIZE 4096

_Static_assert(__builtin_offsetof(struct tss, esp0) == 4, "entry_sysenter.S's TSS_ESP0");

/* Where sysenter leaves esp: only a debug trap on the entry's first
 * instruction (a user that set TF) ever pushes anything here. */
static uint8_t sysenter_stack[SYSENTER_STACK_SIZE] __aligned(16);
static bool sysenter_on;
/* The user's TF was set at sysenter (sysenter_debug_trap cleared it). */
static bool sysenter_stepped;

/* Returns whether this CPU has sysenter and sysexit. */
static bool cpu_has_sep(void)
{
	uint32_t a, b, c, d;

	cpuid(0, &a, &b, &c, &d);
	if (a < CPUID_FEATURES)
		return false;
	cpuid(CPUID_FEATURES, &a, &b, &c, &d);
	if (!(d & CPUID_EDX_SEP))
		return false;
	uint32_t family = (a >> 8) & 0xf, model = (a >> 4) & 0xf, stepping = a & 0xf;
	return !(family == PPRO_FAMILY && model < PPRO_SEP_MODEL && stepping < PPRO_SEP_STEPPING);
}

/* Set the SYSENTER MSRs where the CPU has sysenter; returns whether it
 * does (the vDSO then keeps its sysenter). */
bool sysenter_init(void)
{
	sysenter_on = cpu_has_sep();
	if (!sysenter_on)
		return false;
	wrmsr(MSR_IA32_SYSENTER_CS, SEG_KCODE);
	wrmsr(MSR_IA32_SYSENTER_ESP, (uint32_t)sysenter_stack + SYSENTER_STACK_SIZE);
	wrmsr(MSR_IA32_SYSENTER_EIP, (uint32_t)sysenter_entry);
	return true;
}

/* Returns whether sysenter is in use. */
bool sysenter_enabled(void)
{
	return sysenter_on;
}

/* A debug trap in kernel mode at the sysenter entry's first instruction:
 * user mode single-stepped into sysenter, which keeps TF. Clear TF for
 * the kernel, remember it for the user's frame and return true; false
 * for any other trap. */
bool sysenter_debug_trap(struct trapframe *tf)
{
	if (tf_from_user(tf) || tf->eip != (uint32_t)sysenter_entry)
		return false;
	tf->eflags &= ~FL_TF;
	sysenter_stepped = true;
	return true;
}

/* Whether the return from tf may be sysexit: to the landing pad, with
 * the usual selectors, nothing for iret alone to restore. */
static inline __attribute__((always_inline)) bool sysexit_ok(const struct trapframe *tf,
							     uint32_t landing)
{
	return tf->eip == landing && tf->cs == SEG_UCODE && tf->ss == SEG_UDATA &&
	       !(tf->eflags & (FL_TF | FL_RF | FL_NT));
}

/* The C half of the sysenter entry: fill in the frame's eip and ebp, run
 * the call as trap() would and return whether entry_sysenter.S may
 * return with sysexit (else it takes trapret's iret). */
bool sysenter_syscall(struct trapframe *tf)
{
	const uint32_t __user *sp = (const uint32_t __user *)tf->esp;
	/* a process in user mode has an address space: it came from there */
	uint32_t landing = current->mm->vdso_base + VDSO_INT80_LANDING_PAD;

	tf->eip = landing;
	if (unlikely(sysenter_stepped)) {
		tf->eflags |= FL_TF;
		sysenter_stepped = false;
	}
	/* the sixth argument: the ebp the vDSO pushed, where esp points */
	if (!user_access_begin(sp, sizeof(*sp)))
		goto efault;
	unsafe_get_user(tf->ebp, sp, efault_open);
	user_access_end();
	syscall_dispatch(tf);
	trap_return_to_user(tf);
	return sysexit_ok(tf, landing);
efault_open:
	user_access_end();
efault:
	tf->ebp = 0;
	tf->eax = -EFAULT; /* the call is not made, as on Linux */
	trap_return_to_user(tf);
	return false;
}
