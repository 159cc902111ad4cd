/*
 * The FPU. At boot fpu_init switches the x87 on for real (no emulation,
 * errors as #MF) and, where the CPU has fxsave/fxrstor, SSE with it; then
 * it saves the freshly initialised state as the template every process
 * starts with (a new process, execve, a signal handler).
 *
 * Each process has its own FPU state, saved and restored on every switch:
 * with fxsave/fxrstor (x87 and SSE, 512 bytes) where the CPU has them, or
 * with the x87-only fnsave/frstor (108 bytes) on older ones. sigreturn
 * loads an image that came from user memory, so fpu_check refuses one
 * that would make fxrstor fault.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <asm/fpu.h>
#include <asm/mmu.h>
#include <asm/x86.h>

#define CPUID_FEATURES 1 /* cpuid leaf: feature flags in edx */
#define FXSAVE_MXCSR 24	 /* offsets in the fxsave image */
#define FXSAVE_MXCSR_MASK 28
#define MXCSR_DEFAULT_MASK 0x0000FFBFu /* without DAZ, as Intel documents */

bool cpu_has_tsc;
static bool has_fxsr;	    /* fxsave/fxrstor, and SSE state with them */
static uint32_t mxcsr_mask; /* MXCSR bits fxrstor accepts */
static uint8_t fpu_template[FPU_STATE_SIZE] __aligned(FPU_STATE_ALIGN);

/* Read the CPU's features, enable the FPU and record the template state. */
void fpu_init(void)
{
	uint32_t a, b, c, d;

	cpuid(CPUID_FEATURES, &a, &b, &c, &d);
	has_fxsr = d & CPUID_EDX_FXSR;
	cpu_has_tsc = d & CPUID_EDX_TSC;
	/* x87 on: no emulation, wait honours TS, errors as #MF */
	lcr0((rcr0() & ~CR0_EM) | CR0_MP | CR0_NE);
	if (has_fxsr)
		lcr4(rcr4() | CR4_OSFXSR | ((d & CPUID_EDX_SSE) ? CR4_OSXMMEXCPT : 0));
	fninit();
	if (has_fxsr) {
		fxsave(fpu_template);
		memcpy(&mxcsr_mask, fpu_template + FXSAVE_MXCSR_MASK, sizeof(mxcsr_mask));
		if (!mxcsr_mask) /* 0: the CPU predates the field */
			mxcsr_mask = MXCSR_DEFAULT_MASK;
	} else {
		fnsave(fpu_template);
	}
}

/* Returns p's FPU area: its fpu[] buffer rounded up to FPU_STATE_ALIGN. */
void *fpu_area(struct proc *p)
{
	return (void *)(((uintptr_t)p->fpu + FPU_STATE_ALIGN - 1) &
			~(uintptr_t)(FPU_STATE_ALIGN - 1));
}

/* Copy the boot-time template into p's FPU area. */
void fpu_init_state(struct proc *p)
{
	memcpy(fpu_area(p), fpu_template, FPU_STATE_SIZE);
}

/* Save the CPU's FPU state into p's area (fnsave also reinitialises it). */
void fpu_save(struct proc *p)
{
	if (has_fxsr)
		fxsave(fpu_area(p));
	else
		fnsave(fpu_area(p));
}

/* Load p's saved FPU state into the CPU. */
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

/* fpu_check_layout for the layout this CPU saves: 0 or -EINVAL. */
int fpu_check(const void *area)
{
	return fpu_check_layout(area, has_fxsr);
}
