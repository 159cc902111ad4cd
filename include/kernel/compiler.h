/* Compiler helpers shared by kernel and lib code. */
#ifndef KERNEL_COMPILER_H
#define KERNEL_COMPILER_H

/*
 * Address-space annotations, checked by sparse (make check; sparse
 * defines __CHECKER__). __user marks a pointer into user space: sparse
 * refuses to dereference it (noderef) and to mix it with a kernel pointer
 * (address space 1 against 0) without a __force cast, which only the
 * uaccess routines make. For the compiler they expand to nothing.
 */
#ifdef __CHECKER__
#define __user __attribute__((noderef, address_space(1)))
#define __kernel __attribute__((address_space(0)))
#define __force __attribute__((force))
#else
#define __user
#define __kernel
#define __force
#endif
#define __unused __attribute__((unused))
#define __noreturn __attribute__((noreturn))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define container_of(p, type, member) ((type *)((char *)(p) - __builtin_offsetof(type, member)))

#endif
