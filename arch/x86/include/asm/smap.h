/*
 * SMAP's user-access window. With CR4.SMAP on, a kernel-mode data access
 * to a user page (PTE_U) faults unless EFLAGS.AC is set. stac sets AC and
 * opens the window, clac clears it and closes it again; every uaccess
 * routine brackets its user accesses with the pair (asm/uaccess.h), and
 * nothing else in the kernel ever sets AC. The trap entry clears AC
 * (trapasm.S), so a handler never runs inside the window it interrupted;
 * iret gives the interrupted code its AC back.
 *
 * stac and clac are alternatives (asm/alternative.h): on a CPU without
 * SMAP, or with nosmap, each becomes a 3-byte NOP at boot.
 */
#ifndef ASM_SMAP_H
#define ASM_SMAP_H

/* clang-format off */

#include <asm/alternative.h>

#ifdef __ASSEMBLY__
#define ASM_CLAC ALTERNATIVE(clac, , ALT_NOT(X86_FEATURE_SMAP))
#define ASM_STAC ALTERNATIVE(stac, , ALT_NOT(X86_FEATURE_SMAP))
#else
#define ASM_CLAC ALTERNATIVE("clac", "", ALT_NOT(X86_FEATURE_SMAP))
#define ASM_STAC ALTERNATIVE("stac", "", ALT_NOT(X86_FEATURE_SMAP))

/* The instructions' bytes, for the alternatives' check. */
#define STAC_BYTES { 0x0f, 0x01, 0xcb }
#define CLAC_BYTES { 0x0f, 0x01, 0xca }
#define STAC_LEN 3

/* Open the user-access window: set EFLAGS.AC. */
static inline __attribute__((always_inline)) void stac(void)
{
	asm volatile(ASM_STAC ::: "memory");
}

/* Close the user-access window: clear EFLAGS.AC. */
static inline __attribute__((always_inline)) void clac(void)
{
	asm volatile(ASM_CLAC ::: "memory");
}

/* Close the window for a call that must not run inside it; returns the
 * EFLAGS to give back to smap_restore() (Linux's smap_save). */
static inline __attribute__((always_inline)) unsigned long smap_save(void)
{
	unsigned long flags;

	asm volatile("pushfl\n\tpopl %0\n\t" ASM_CLAC : "=rm"(flags) : : "memory");
	return flags;
}

/* Put back the window state smap_save() returned (the whole EFLAGS). */
static inline __attribute__((always_inline)) void smap_restore(unsigned long flags)
{
	asm volatile("pushl %0\n\tpopfl" : : "g"(flags) : "memory", "cc");
}
#endif

/* clang-format on */

#endif
