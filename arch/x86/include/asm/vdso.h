/*
 * The vDSO (arch/x86/vdso.c) and the sysenter entry (arch/x86/sysenter.c):
 * what exec, signal delivery and the fault handler ask of them. The
 * VDSO_* offsets into the image come from its link
 * (build/gen/vdso-offsets.h, made from nm).
 */
#ifndef ASM_VDSO_H
#define ASM_VDSO_H

#include <stdint.h>
#include <stdbool.h>
#include "vdso-offsets.h"

#define VDSO_PAGES 1 /* the image's size in pages */

struct mm;
struct page;
struct trapframe;

/* Copy the image into its pages and choose sysenter or int $0x80 for it
 * (sysenter_init); logs "vdso: system calls through ...". */
void vdso_init(void);
/* Map the vDSO into mm, below its other mmap areas, and set
 * mm->vdso_base. Returns 0 or -ENOMEM. */
int vdso_map(struct mm *mm);
/* Page i of the vDSO, with a reference for the caller (the fault handler
 * maps it again where a vDSO page went missing). */
struct page *vdso_page(uint32_t i);
/* The image as the kernel copied it (patched for the CPU); *size bytes. */
const void *vdso_image(uint32_t *size);
/* The user address of __kernel_vsyscall in mm (AT_SYSINFO), or 0 if mm
 * has no vDSO. */
uint32_t vdso_vsyscall(const struct mm *mm);
/* The user address of __kernel_rt_sigreturn (rt) or __kernel_sigreturn
 * in mm, or 0 if mm has no vDSO. */
uint32_t vdso_sigreturn(const struct mm *mm, bool rt);

/* sysenter.c */
/* Point the SYSENTER MSRs at the entry if the CPU has sysenter (CPUID
 * SEP); returns whether it has. */
bool sysenter_init(void);
/* Whether system calls may enter with sysenter (sysenter_init said so). */
bool sysenter_enabled(void);
/* A kernel-mode debug trap: true (and TF cleared for the kernel, kept for
 * the user) when it is a single-step into the sysenter entry. */
bool sysenter_debug_trap(struct trapframe *tf);
/* entry_sysenter.S's C half: run the call; true if sysexit may return. */
bool sysenter_syscall(struct trapframe *tf);
/* entry_sysenter.S: where sysenter arrives. */
void sysenter_entry(void);

#endif
