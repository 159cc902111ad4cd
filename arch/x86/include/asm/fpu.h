/*
 * The FPU (x87, and SSE where the CPU has it): switched on at boot, and
 * one saved state per process (arch/x86/fpu.c). The state lives in
 * struct proc's fpu[] buffer; fpu_area() is its aligned start.
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <stdbool.h>

#define FPU_STATE_SIZE 512 /* an fxsave image; an fnsave one (108) fits too */
#define FPU_STATE_ALIGN 16 /* fxsave/fxrstor need a 16-byte aligned area */

struct proc;

/* Detect the CPU's features (cpu_has_tsc, FXSR, SSE), enable the FPU
 * (CR0, CR4) and record the state every process starts with. */
void fpu_init(void);
/* Returns the aligned start of p's saved FPU state (FPU_STATE_SIZE bytes). */
void *fpu_area(struct proc *p);
/* Give p the FPU state every new process starts with. */
void fpu_init_state(struct proc *p);
/* Save the CPU's FPU state into p's area (fnsave also reinitialises the
 * FPU: restore it again if it stays in use). */
void fpu_save(struct proc *p);
/* Load p's saved state into the CPU's FPU. */
void fpu_restore(struct proc *p);
/* Returns 0 if the CPU can load the FPU image at area (sigreturn), else
 * -EINVAL. */
int fpu_check(const void *area);
/* fpu_check for a given layout: fxsave's (with MXCSR) or fnsave's. */
int fpu_check_layout(const void *area, bool fxsave_layout);

/* The CPU has rdtsc (set by fpu_init, from cpuid). */
extern bool cpu_has_tsc;

#endif
