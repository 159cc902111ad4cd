/*
 * The host unit tests' stand-in for arch/x86/include/asm/uaccess.h: the
 * same names with the same contracts, implemented by tests/host/fake_kernel.c
 * over a fake 32-bit user address space. The include path puts this
 * directory before arch/x86/include, so lib/ code compiled for the host gets
 * it instead of the real header (whose inline assembly is i386-only).
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <kernel/compiler.h>

/* True iff [addr, addr + size) does not wrap and ends at or below TASK_SIZE;
 * an empty range counts as one byte. */
bool fake_access_ok(const void __user *addr, unsigned long size);
#define access_ok(addr, size) fake_access_ok((const void __user *)(addr), (size))

/* Unchecked copies: copy up to the first faulting byte. Return the bytes not
 * copied; raw_copy_from_user leaves the uncopied tail alone. */
unsigned long raw_copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n);

/* Checked copies, as in arch/x86/usercopy.c. Return the bytes not copied;
 * copy_from_user zeroes the uncopied tail. */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
/* clear_user without access_ok or fault injection. Returns the bytes not
 * cleared. */
unsigned long __clear_user(void __user *to, unsigned long n);

/* Machine-check-safe copies, as arch/x86/copy_mc.S: bytes up to the
 * source's 4-byte alignment, then 4-byte units, then bytes; the unit that
 * holds the fake poisoned byte (fake_poison_at) is not copied and ends the
 * copy. Return the bytes not copied; copy_mc_to_user checks access_ok and
 * stops at the exact user byte that faults. */
unsigned long copy_mc_to_kernel(void *dst, const void *src, unsigned long n);
unsigned long copy_mc_to_user(void __user *dst, const void *src, unsigned long n);
/* The cache-flushing and non-temporal copies: on the host, raw copies
 * (memcpy for the kernel source); the same contracts. */
unsigned long __copy_user_flushcache(void *dst, const void __user *src, unsigned long n);
unsigned long __copy_user_nocache(void *dst, const void __user *src, unsigned long n);
void memcpy_flushcache(void *dst, const void *src, unsigned long n);

/* The copies for page faults disabled: as the raw ones, but a byte of the
 * fake not-present page (fake_absent_page) faults too; they die unless
 * page faults are disabled. Return the bytes not copied. */
unsigned long __copy_to_user_inatomic(void __user *to, const void *from, unsigned long n);
unsigned long __copy_from_user_inatomic(void *to, const void __user *from, unsigned long n);
/* Linux's fault_in_writeable/readable over the fake user memory: a page
 * touched stops being the not-present one. Return the bytes not faulted in. */
size_t fault_in_writeable(char __user *uaddr, size_t size);
size_t fault_in_readable(const char __user *uaddr, size_t size);

#endif
