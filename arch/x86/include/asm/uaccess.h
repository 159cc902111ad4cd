/*
 * User memory access: the only way kernel code may touch a user pointer.
 *
 * Names. access_ok(), get_user(), put_user(), copy_to_user() and
 * copy_from_user() check the range first. The "__" forms (__get_user,
 * __copy_to_user, ...) do not: the caller has already called access_ok()
 * for the whole range. The "_ll" and "_asm" forms are the assembly layer
 * underneath. The two return conventions never mix: get_user/put_user
 * return 0 or -EFAULT; the copy routines return the number of bytes that
 * could NOT be copied (0 means success).
 *
 * The exception table. access_ok() only proves that a range lies below
 * TASK_SIZE; the pages may still be unmapped or read-only, so the copy
 * itself can fault. Rather than check every page first, we let it fault.
 * The exception table (section __ex_table) consists of pairs of
 * addresses: the address of an instruction that is allowed to fault, and
 * the address of the code to continue at when it does (its "fixup", in
 * section .fixup, away from the fast path). When the page-fault handler
 * (arch/x86/fault.c) cannot resolve a fault taken in kernel mode, it
 * looks the faulting EIP up in the table (search_exception_tables); if it
 * is there, it sets EIP to the fixup and returns from the trap. The fixup
 * then turns the fault into a return value: -EFAULT, or the number of
 * bytes left. Only an EIP that is not in the table is a kernel bug (oops).
 *
 * In the inline assembly below the local labels have fixed roles:
 *   1:  the instruction that may fault (4: a second one, for 8 bytes)
 *   2:  where execution continues, fault or not
 *   3:  the fixup
 * and _ASM_EXTABLE(1b, 3b) emits the table entry linking them.
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <kernel/kernel.h>
#include <kernel/libdeps.h>
#include <asm/mmu.h>
#include <lib/extable.h>

/* One exception table entry as two absolute addresses (gdb's x/2a names them). */
#define _ASM_EXTABLE(from, to)				\
	"	.pushsection __ex_table, \"a\"\n"	\
	"	.balign 4\n"				\
	"	.long " #from ", " #to "\n"		\
	"	.popsection\n"

/*
 * __range_ok: 0 if [addr, addr + size) lies in user space, nonzero if not.
 * addl computes addr + size and sets the carry flag if it wrapped past
 * 0xFFFFFFFF; sbbl turns that carry into flag = 0 or -1; cmpl sets carry
 * if TASK_SIZE < addr + size; the last sbbl folds that carry into flag.
 */
static inline unsigned long __range_ok(unsigned long addr, unsigned long size)
{
	unsigned long flag, sum;

	asm("addl %3, %1\n\t"
	    "sbbl %0, %0\n\t"
	    "cmpl %1, %4\n\t"
	    "sbbl $0, %0"
	    : "=&r"(flag), "=&r"(sum)
	    : "1"(addr), "g"(size), "rm"((unsigned long)TASK_SIZE)
	    : "cc");
	return flag;
}

/*
 * access_ok: true iff the range lies wholly below TASK_SIZE without
 * wrapping. An empty range is checked as one byte, so it must still start
 * below TASK_SIZE: a kernel pointer is refused even with length 0.
 */
#define access_ok(addr, size) \
	(__range_ok((unsigned long)(addr), (size) ? (unsigned long)(size) : 1UL) == 0)

/* An integer type as wide as x: unsigned long, or unsigned long long. */
#define __inttype(x) __typeof__(__builtin_choose_expr(sizeof(x) > sizeof(0UL), 0ULL, 0UL))

struct __large_struct { unsigned long buf[100]; };
#define __m(x) (*(struct __large_struct __user *)(x))

/* Store x (1, 2 or 4 bytes) at addr; on a fault err = -EFAULT. */
#define __put_user_asm(x, addr, err, itype, rtype, ltype)	\
	asm volatile("1:	mov" itype " %" rtype "1, %2\n"	\
		     "2:\n"					\
		     "	.section .fixup, \"ax\"\n"		\
		     "3:	movl %3, %0\n"			\
		     "	jmp 2b\n"				\
		     "	.previous\n"				\
		     _ASM_EXTABLE(1b, 3b)			\
		     : "=r"(err)				\
		     : ltype(x), "m"(__m(addr)), "i"(-EFAULT), "0"(err))

/* Store 8 bytes: two stores, two table entries, one fixup. */
#define __put_user_asm_u64(x, addr, err)			\
	asm volatile("1:	movl %%eax, 0(%2)\n"		\
		     "4:	movl %%edx, 4(%2)\n"		\
		     "2:\n"					\
		     "	.section .fixup, \"ax\"\n"		\
		     "3:	movl %3, %0\n"			\
		     "	jmp 2b\n"				\
		     "	.previous\n"				\
		     _ASM_EXTABLE(1b, 3b)			\
		     _ASM_EXTABLE(4b, 3b)			\
		     : "=r"(err)				\
		     : "A"(x), "r"(addr), "i"(-EFAULT), "0"(err) \
		     : "memory")

/* Load 1, 2 or 4 bytes from addr into x; on a fault err = -EFAULT, x = 0. */
#define __get_user_asm(x, addr, err, itype, rtype, ltype)	\
	asm volatile("1:	mov" itype " %2, %" rtype "1\n"	\
		     "2:\n"					\
		     "	.section .fixup, \"ax\"\n"		\
		     "3:	movl %3, %0\n"			\
		     "	xor" itype " %" rtype "1, %" rtype "1\n" \
		     "	jmp 2b\n"				\
		     "	.previous\n"				\
		     _ASM_EXTABLE(1b, 3b)			\
		     : "=r"(err), ltype(x)			\
		     : "m"(__m(addr)), "i"(-EFAULT), "0"(err))

#define __get_user_asm_u64(x, addr, err)			\
	asm volatile("1:	movl 0(%2), %%eax\n"		\
		     "4:	movl 4(%2), %%edx\n"		\
		     "2:\n"					\
		     "	.section .fixup, \"ax\"\n"		\
		     "3:	movl %3, %0\n"			\
		     "	xorl %%eax, %%eax\n"			\
		     "	xorl %%edx, %%edx\n"			\
		     "	jmp 2b\n"				\
		     "	.previous\n"				\
		     _ASM_EXTABLE(1b, 3b)			\
		     _ASM_EXTABLE(4b, 3b)			\
		     : "=r"(err), "=&A"(x)			\
		     : "r"(addr), "i"(-EFAULT), "0"(err))

/* Dispatch on the access size; any other size is a build error. */
extern void __bad_user_access_size(void);

#define __put_user_size(x, ptr, size, err)					\
	do {									\
		switch (size) {							\
		case 1: __put_user_asm((unsigned char)(x), ptr, err, "b", "b", "iq"); break; \
		case 2: __put_user_asm((unsigned short)(x), ptr, err, "w", "w", "ir"); break; \
		case 4: __put_user_asm((unsigned long)(x), ptr, err, "l", "", "ir"); break; \
		case 8: __put_user_asm_u64((unsigned long long)(x), ptr, err); break; \
		default: __bad_user_access_size();				\
		}								\
	} while (0)

#define __get_user_size(x, ptr, size, err)					\
	do {									\
		switch (size) {							\
		case 1: { unsigned char __gu1;					\
			__get_user_asm(__gu1, ptr, err, "b", "b", "=q"); (x) = __gu1; break; } \
		case 2: { unsigned short __gu2;					\
			__get_user_asm(__gu2, ptr, err, "w", "w", "=r"); (x) = __gu2; break; } \
		case 4: { unsigned long __gu4;					\
			__get_user_asm(__gu4, ptr, err, "l", "", "=r"); (x) = __gu4; break; } \
		case 8: { unsigned long long __gu8;				\
			__get_user_asm_u64(__gu8, ptr, err); (x) = __gu8; break; } \
		default: __bad_user_access_size();				\
		}								\
	} while (0)

/*
 * get_user(x, ptr): x = *ptr for a user pointer of 1, 2, 4 or 8 bytes.
 * Returns 0, or -EFAULT with x set to 0.
 */
#define __get_user(x, ptr)							\
	({									\
		int __gu_err = 0;						\
		__inttype(*(ptr)) __gu_val = 0;					\
		__get_user_size(__gu_val, (ptr), sizeof(*(ptr)), __gu_err);	\
		(x) = (__typeof__(*(ptr)))__gu_val;				\
		__gu_err;							\
	})

#define get_user(x, ptr)							\
	({									\
		int __gu_ret = -EFAULT;						\
		if (access_ok((ptr), sizeof(*(ptr))))				\
			__gu_ret = __get_user((x), (ptr));			\
		else								\
			(x) = (__typeof__(*(ptr)))0;				\
		__gu_ret;							\
	})

/* put_user(x, ptr): *ptr = x. Returns 0, or -EFAULT; *ptr is untouched,
 * except that an 8-byte store straddling into a bad page may have written
 * its first 4 bytes (it is two stores). */
#define __put_user(x, ptr)							\
	({									\
		int __pu_err = 0;						\
		__typeof__(*(ptr)) __pu_val = (x);				\
		__put_user_size((__inttype(*(ptr)))__pu_val, (ptr), sizeof(*(ptr)), __pu_err); \
		__pu_err;							\
	})

#define put_user(x, ptr)							\
	({									\
		int __pu_ret = -EFAULT;						\
		if (access_ok((ptr), sizeof(*(ptr))))				\
			__pu_ret = __put_user((x), (ptr));			\
		__pu_ret;							\
	})

/* The bulk copies (arch/x86/usercopy.c). Return the bytes NOT copied. */
unsigned long __copy_to_user_ll(void __user *to, const void *from, unsigned long n);
unsigned long __copy_from_user_ll(void *to, const void __user *from, unsigned long n);

/*
 * Unchecked copies. Sizes 1, 2, 4 and 8 known at compile time take the
 * single-instruction get/put path; everything else the _ll routine.
 */
static inline __attribute__((always_inline)) unsigned long
__copy_to_user_inatomic(void __user *to, const void *from, unsigned long n)
{
	if (__builtin_constant_p(n)) {
		int err = 0;
		switch (n) {
		case 1: __put_user_size(*(const uint8_t *)from, to, 1, err); return err ? 1 : 0;
		case 2: __put_user_size(*(const uint16_t *)from, to, 2, err); return err ? 2 : 0;
		case 4: __put_user_size(*(const uint32_t *)from, to, 4, err); return err ? 4 : 0;
		case 8: __put_user_size(*(const uint64_t *)from, to, 8, err); return err ? 8 : 0;
		}
	}
	return __copy_to_user_ll(to, from, n);
}

static inline __attribute__((always_inline)) unsigned long
__copy_from_user_inatomic(void *to, const void __user *from, unsigned long n)
{
	if (__builtin_constant_p(n)) {
		int err = 0;
		switch (n) {
		case 1: __get_user_size(*(uint8_t *)to, from, 1, err); return err ? 1 : 0;
		case 2: __get_user_size(*(uint16_t *)to, from, 2, err); return err ? 2 : 0;
		case 4: __get_user_size(*(uint32_t *)to, from, 4, err); return err ? 4 : 0;
		case 8: __get_user_size(*(uint64_t *)to, from, 8, err); return err ? 8 : 0;
		}
	}
	return __copy_from_user_ll(to, from, n);
}

#define __copy_to_user __copy_to_user_inatomic
#define __copy_from_user __copy_from_user_inatomic

/*
 * copy_to_user/copy_from_user/clear_user are declared in <kernel/libdeps.h>
 * (lib/iov_iter.c uses them too). Also in arch/x86/usercopy.c:
 */
/* Copy a NUL-terminated string of at most count bytes. Returns its length
 * (without the NUL), count if no NUL came within count bytes (then dst is
 * not terminated), or -EFAULT. */
long strncpy_from_user(char *dst, const char __user *src, long count);
/* Returns the string's size including the NUL, a value > n if it is
 * longer than n, or 0 on a fault. */
long strnlen_user(const char __user *s, long n);
unsigned long __clear_user(void __user *to, unsigned long n);

/* Search the sorted exception table (arch/x86/extable.c). */
const struct exception_table_entry *search_exception_tables(unsigned long addr);
extern struct exception_table_entry __start___ex_table[], __stop___ex_table[];

#endif
