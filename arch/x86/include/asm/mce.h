/*
 * Machine checks (vector 18) and machine-check-safe copies, as Linux's
 * arch/x86/kernel/cpu/mce and copy_mc. arch/x86/mce.c enables the banks
 * at boot and handles #MC; arch/x86/copy_mc.S holds the copies whose
 * loads carry EX_TYPE_DEFAULT_MCE_SAFE exception-table entries.
 */
#ifndef ASM_MCE_H
#define ASM_MCE_H

#include <stdint.h>
#include <stdbool.h>
#include <asm/msr.h>

#define CR4_MCE 0x00000040	 /* machine-check exceptions enabled */
#define CPUID_EDX_MCE (1u << 7)	 /* cpuid leaf 1, edx: #MC exists */
#define CPUID_EDX_MCA (1u << 14) /* cpuid leaf 1, edx: MCG_CAP and banks */

/* The machine-check MSRs (Intel SDM vol. 3, chapter 16). */
#define MSR_IA32_MCG_CAP 0x179
#define MSR_IA32_MCG_STATUS 0x17a
#define MSR_IA32_MCG_CTL 0x17b
#define MSR_IA32_MCx_CTL(b) (0x400 + 4 * (b))
#define MSR_IA32_MCx_STATUS(b) (0x401 + 4 * (b))
#define MSR_IA32_MCx_ADDR(b) (0x402 + 4 * (b))
#define MSR_IA32_MCx_MISC(b) (0x403 + 4 * (b))

#define MCG_BANKCNT_MASK 0xffull    /* MCG_CAP: number of banks */
#define MCG_CTL_P (1ull << 8)	    /* MCG_CAP: MCG_CTL exists */
#define MCG_SER_P (1ull << 24)	    /* MCG_CAP: software error recovery */
#define MCG_STATUS_RIPV (1ull << 0) /* restart at the saved EIP is safe */
#define MCG_STATUS_EIPV (1ull << 1) /* the saved EIP is where the error hit */
#define MCG_STATUS_MCIP (1ull << 2) /* a machine check is in progress */

#define MCI_STATUS_VAL (1ull << 63)   /* the bank holds a valid error */
#define MCI_STATUS_OVER (1ull << 62)  /* an earlier error was lost */
#define MCI_STATUS_UC (1ull << 61)    /* uncorrected */
#define MCI_STATUS_EN (1ull << 60)    /* reporting was enabled */
#define MCI_STATUS_MISCV (1ull << 59) /* MCi_MISC is valid */
#define MCI_STATUS_ADDRV (1ull << 58) /* MCi_ADDR is valid */
#define MCI_STATUS_PCC (1ull << 57)   /* processor context corrupt */
#define MCI_STATUS_S (1ull << 56)     /* signalled by #MC (software recoverable) */
#define MCI_STATUS_AR (1ull << 55)    /* action required */

#define MCE_MAX_BANKS 32  /* banks read; MCG_CAP may say up to 255 */
#define MCE_MAX_POISON 16 /* poisoned pages remembered */

struct trapframe;

/* Enable machine checks where CPUID has MCE and MCA; logs "mce: N banks"
 * or "mce: not supported". */
void mce_init(void);
/* Vector 18: read and clear the banks, then resume at an MCE-safe fixup,
 * signal the user process, or panic with the decoded report. */
void do_machine_check(struct trapframe *tf);
/* Returns the number of banks mce_init enabled (0: machine checks off). */
int mce_banks(void);
/* Returns true if the physical page holding paddr has been reported
 * poisoned by a machine check. */
bool mce_page_poisoned(uint64_t paddr);
/* Copies at most max recorded poisoned page addresses (physical, page
 * aligned, oldest first) to out. Returns how many there are in all. */
int mce_poisoned_pages(uint64_t *out, int max);

/*
 * Machine-check-safe copies (arch/x86/copy_mc.S; copy_mc_to_kernel and
 * copy_mc_to_user are declared in asm/uaccess.h, as in Linux). The
 * unaligned head is copied bytewise up to the source's 4-byte alignment,
 * then aligned longs, then the tail bytewise. A poisoned read (#MC) stops
 * the copy at once, without retrying byte by byte. They return the bytes
 * NOT copied; copy_mc_to_user (arch/x86/copy_mc_user.c) checks access_ok,
 * and a page fault on its destination gives the exact count.
 */
/* copy_mc_to_user without the access_ok check. */
unsigned long __copy_mc_to_user_ll(void __user *dst, const void *src, unsigned long n);
/* Read one long at src into *dst. Returns 0, or the trap number (18 for a
 * machine check, 14 for a page fault on a kernel address) that stopped it. */
int mc_read_long(unsigned long *dst, const unsigned long *src);

#endif
