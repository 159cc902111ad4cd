/*
 * CPU features the kernel switches on at boot and code asks about later
 * (cpu_feature_enabled) or has patched for (asm/alternative.h). A feature
 * is "enabled" when the CPU has it and the command line did not turn it
 * off: arch/x86/smap.c sets the bits once, before the alternatives are
 * applied, and they never change after that.
 */
#ifndef ASM_CPUFEATURE_H
#define ASM_CPUFEATURE_H

/* Feature numbers: bit positions in x86_features_enabled. Plain numbers,
 * since the assembler reads them too (ALTERNATIVE's feature word). */
#define X86_FEATURE_SMEP 0 /* CR4.SMEP: no kernel execution of user pages */
#define X86_FEATURE_SMAP 1 /* CR4.SMAP: no kernel data access to user pages outside stac/clac */

/* cpuid leaf 7 (subleaf 0), ebx. */
#define CPUID_LEAF_EXT_FEATURES 7
#define CPUID7_EBX_SMEP (1u << 7)
#define CPUID7_EBX_SMAP (1u << 20)

#ifndef __ASSEMBLY__
#include <stdint.h>
#include <stdbool.h>

extern uint32_t x86_features_enabled; /* bit f: feature f is on */

/* Returns whether feature f (X86_FEATURE_*) is on. */
static inline bool cpu_feature_enabled(unsigned f)
{
	return x86_features_enabled & (1u << f);
}

/* Detect SMEP and SMAP, switch on those the CPU has (unless nosmep or
 * nosmap), record them and print the boot line (arch/x86/smap.c). */
void smap_init(void);
#endif

#endif
