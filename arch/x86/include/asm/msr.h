/*
 * Model-specific registers: rdmsr and wrmsr, and the numbers the kernel
 * uses outside the machine-check code (asm/mce.h has its own).
 */
#ifndef ASM_MSR_H
#define ASM_MSR_H

#include <stdint.h>

#define MSR_IA32_SYSENTER_CS 0x174  /* sysenter's cs (ss is cs + 8, sysexit's cs + 16, + 24) */
#define MSR_IA32_SYSENTER_ESP 0x175 /* sysenter's esp */
#define MSR_IA32_SYSENTER_EIP 0x176 /* sysenter's eip */

/* Returns the 64-bit model-specific register msr (rdmsr). */
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

/* Write v to the model-specific register msr (wrmsr). */
static inline void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

#endif
