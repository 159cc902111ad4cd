/*
 * User memory access: the only way kernel code may touch a user pointer.
 *
 * Names, as in Linux. access_ok(), get_user(), put_user(), copy_to_user(),
 * copy_from_user() and clear_user() check the range first. The "__" forms
 * (__get_user, __copy_to_user, ...) do not: the caller has already called
 * access_ok() for the whole range. The layers, top to bottom:
 *
 *   copy_to_user       access_ok, then raw_copy_to_user (arch/x86/usercopy.c)
 *   __copy_to_user     unchecked; may fault and sleep (resolving the fault)
 *   __copy_to_user_inatomic  unchecked; for callers that must not sleep
 *   raw_copy_to_user   the unchecked primitive the others are built on:
 *                      one mov for a constant 1/2/4/8 bytes, else the _ll copy
 *   __copy_to_user_ll  the rep movsl/rep movsb copy with its fixups
 *   __put_user_asm     one store with its fixup
 *
 * and the same for the "from" direction. The two return conventions never
 * mix: get_user/put_user return 0 or -EFAULT; the copy routines return the
 * number of bytes that could NOT be copied (0 means success).
 *
 * The exception table. access_ok() only proves that a range lies below
 * TASK_SIZE; the pages may still be unmapped or read-only, so the copy
 * itself can fault. Rather than check every page first, we let it fault.
 * The exception table (section __ex_table) consists of triples: the
 * address of an instruction that is allowed to fault, the address of the
 * code to continue at when it does (its "fixup", in section .fixup, away
 * from the fast path), and the entry's type (EX_TYPE_UACCESS for every
 * user access here; lib/extable.h). When the page-fault handler
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
 * and _ASM_EXTABLE_UA(1b, 3b) (asm/asm.h) emits the table entry linking them.
 *
 * The SMAP window (asm/smap.h). With CR4.SMAP on, every user access must
 * happen with EFLAGS.AC set. Each routine here opens the window with stac
 * and closes it with clac around its own access; a fixup jumps back to
 * 2:, before the clac, so the window is closed on the fault path too.
 * The __get_user_size/__put_user_size layer has no stac/clac: it is for
 * code inside a window of its own, opened by user_access_begin() and
 * closed by user_access_end(), with unsafe_get_user()/unsafe_put_user()
 * for the accesses (they jump to a label on a fault, as Linux's):
 *
 *	if (!user_access_begin(p, sizeof(*p)))
 *		return -EFAULT;
 *	unsafe_put_user(a, &p->a, efault);
 *	unsafe_put_user(b, &p->b, efault);
 *	user_access_end();
 *	return 0;
 *   efault:
 *	user_access_end();
 *	return -EFAULT;
 *
 * Nothing but such accesses goes inside a window: no calls, no sleeping.
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

/* Hand-aligned assembly macros and tables: clang-format leaves them be. */
/* clang-format off */

#include <kernel/kernel.h>
#include <kernel/atomic_context.h>
#include <asm/asm.h>
#include <asm/mmu.h>
#include <asm/smap.h>
#include <lib/extable.h>
#include <kernel/fault-inject.h>

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
	(__range_ok((__force unsigned long)(addr), (size) ? (unsigned long)(size) : 1UL) == 0)

/* An integer type as wide as x: unsigned long, or unsigned long long. */
#define __inttype(x) __typeof__(__builtin_choose_expr(sizeof(x) > sizeof(0UL), 0ULL, 0UL))

/*
 * __m(addr) names the user memory at addr as an "m" operand of an asm()
 * statement. The asm touches only 1 to 8 bytes, but the compiler must not
 * assume which: casting to a large struct tells it that the statement may
 * read or write a big object there, so it neither keeps a copy of that
 * memory in a register across the asm nor drops a store before it. The
 * struct is never really accessed at its full size.
 */
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
		     _ASM_EXTABLE_UA(1b, 3b)			\
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
		     _ASM_EXTABLE_UA(1b, 3b)			\
		     _ASM_EXTABLE_UA(4b, 3b)			\
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
		     _ASM_EXTABLE_UA(1b, 3b)			\
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
		     _ASM_EXTABLE_UA(1b, 3b)			\
		     _ASM_EXTABLE_UA(4b, 3b)			\
		     : "=r"(err), "=&A"(x)			\
		     : "r"(addr), "i"(-EFAULT), "0"(err))

/*
 * Dispatch on the access size; any other size is a build error. Every case
 * is compiled for every size, so a constant x is masked to each width
 * first: the cases that never run then truncate nothing (sparse checks
 * constant casts).
 */
extern void __bad_user_access_size(void);

#define __put_user_size(x, ptr, size, err)					\
	do {									\
		switch (size) {							\
		case 1: __put_user_asm((unsigned char)((x) & 0xffU), ptr, err, "b", "b", "iq"); break; \
		case 2: __put_user_asm((unsigned short)((x) & 0xffffU), ptr, err, "w", "w", "ir"); break; \
		case 4: __put_user_asm((unsigned long)((x) & 0xffffffffUL), ptr, err, "l", "", "ir"); break; \
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
 * Returns 0, or -EFAULT with x set to 0. get_user and put_user ask
 * should_fail_usercopy() first: an injected failure is a fault.
 */
#define __get_user(x, ptr)							\
	({									\
		int __gu_err = 0;						\
		__typeof__(ptr) __gu_ptr = (ptr);				\
		__inttype(*(ptr)) __gu_val = 0;					\
		stac();								\
		__get_user_size(__gu_val, __gu_ptr, sizeof(*(ptr)), __gu_err);	\
		clac();								\
		(x) = (__force __typeof__(*(ptr)))__gu_val;			\
		__gu_err;							\
	})

#define get_user(x, ptr)							\
	({									\
		int __gu_ret = -EFAULT;						\
		might_fault_here();						\
		if (!should_fail_usercopy() && access_ok((ptr), sizeof(*(ptr)))) \
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
		__typeof__(ptr) __pu_ptr = (ptr);				\
		__typeof__(*(ptr)) __pu_val = (x);				\
		stac();								\
		__put_user_size((__inttype(*(ptr)))__pu_val, __pu_ptr, sizeof(*(ptr)), __pu_err); \
		clac();								\
		__pu_err;							\
	})

#define put_user(x, ptr)							\
	({									\
		int __pu_ret = -EFAULT;						\
		might_fault_here();						\
		if (!should_fail_usercopy() && access_ok((ptr), sizeof(*(ptr)))) \
			__pu_ret = __put_user((x), (ptr));			\
		__pu_ret;							\
	})

/*
 * user_access_begin(ptr, len): check [ptr, ptr + len) with access_ok()
 * and open the SMAP window. Returns false (window closed) if the range is
 * bad, as Linux's; after true, the caller must call user_access_end().
 */
static inline __attribute__((always_inline, warn_unused_result)) bool
user_access_begin(const void __user *ptr, unsigned long len)
{
	if (unlikely(!access_ok(ptr, len)))
		return false;
	stac();
	return true;
}

/* Close the window user_access_begin() opened. */
static inline __attribute__((always_inline)) void user_access_end(void)
{
	clac();
}

/* Close the window around a call that must not run inside it; returns the
 * state for user_access_restore(), which opens it again if it was open. */
#define user_access_save() smap_save()
#define user_access_restore(flags) smap_restore(flags)

/*
 * unsafe_get_user(x, ptr, label) / unsafe_put_user(x, ptr, label): one
 * access inside a user_access_begin() window, no check and no stac/clac;
 * on a fault, go to label (x is then 0 for a get). The window is still
 * open at label: close it there.
 */
#define unsafe_get_user(x, ptr, label)						\
	do {									\
		int __ug_err = 0;						\
		__inttype(*(ptr)) __ug_val = 0;					\
		__get_user_size(__ug_val, (ptr), sizeof(*(ptr)), __ug_err);	\
		(x) = (__typeof__(*(ptr)))__ug_val;				\
		if (unlikely(__ug_err))						\
			goto label;						\
	} while (0)

#define unsafe_put_user(x, ptr, label)						\
	do {									\
		int __up_err = 0;						\
		__typeof__(*(ptr)) __up_val = (x);				\
		__put_user_size((__inttype(*(ptr)))__up_val, (ptr), sizeof(*(ptr)), __up_err); \
		if (unlikely(__up_err))						\
			goto label;						\
	} while (0)

/* Words of any object the unsafe copies move (they may alias anything). */
typedef uint32_t __attribute__((may_alias)) __uc_u32;

/* One step of the unsafe copies: move whole `type`s while len allows. */
#define __unsafe_copy_loop(dst, src, len, type, acc, label)			\
	while ((len) >= sizeof(type)) {						\
		acc;								\
		(dst) += sizeof(type);						\
		(src) += sizeof(type);						\
		(len) -= sizeof(type);						\
	}

/*
 * unsafe_copy_to_user(dst, src, len, label) / unsafe_copy_from_user(dst,
 * src, len, label): len bytes inside a window, 4 at a time and then byte
 * by byte; on a fault go to label, with the bytes before it moved.
 */
#define unsafe_copy_to_user(_dst, _src, _len, label)				\
	do {									\
		char __user *__cu_dst = (char __user *)(_dst);			\
		const char *__cu_src = (const char *)(_src);			\
		unsigned long __cu_len = (_len);				\
		__unsafe_copy_loop(__cu_dst, __cu_src, __cu_len, uint32_t,	\
			unsafe_put_user(*(const __uc_u32 *)__cu_src,		\
					(__uc_u32 __user *)__cu_dst, label), label) \
		__unsafe_copy_loop(__cu_dst, __cu_src, __cu_len, uint8_t,	\
			unsafe_put_user(*(const uint8_t *)__cu_src,		\
					(uint8_t __user *)__cu_dst, label), label) \
	} while (0)

#define unsafe_copy_from_user(_dst, _src, _len, label)				\
	do {									\
		char *__cf_dst = (char *)(_dst);				\
		const char __user *__cf_src = (const char __user *)(_src);	\
		unsigned long __cf_len = (_len);				\
		__unsafe_copy_loop(__cf_dst, __cf_src, __cf_len, uint32_t,	\
			unsafe_get_user(*(__uc_u32 *)__cf_dst,			\
					(const __uc_u32 __user *)__cf_src, label), label) \
		__unsafe_copy_loop(__cf_dst, __cf_src, __cf_len, uint8_t,	\
			unsafe_get_user(*(uint8_t *)__cf_dst,			\
					(const uint8_t __user *)__cf_src, label), label) \
	} while (0)

/* The bulk copies (arch/x86/usercopy.c). Return the bytes NOT copied. */
unsigned long __copy_to_user_ll(void __user *to, const void *from, unsigned long n);
unsigned long __copy_from_user_ll(void *to, const void __user *from, unsigned long n);

/*
 * raw_copy_to_user/raw_copy_from_user: the unchecked copy primitives.
 * Sizes 1, 2, 4 and 8 known at compile time take the single-instruction
 * get/put path; everything else the _ll routine. Return the bytes not
 * copied; raw_copy_from_user leaves the uncopied tail of `to` alone.
 */
static inline __attribute__((always_inline)) unsigned long
raw_copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (__builtin_constant_p(n)) {
		int err = 0;
		switch (n) {
		case 1: stac(); __put_user_size(*(const uint8_t *)from, to, 1, err); clac(); return err ? 1 : 0;
		case 2: stac(); __put_user_size(*(const uint16_t *)from, to, 2, err); clac(); return err ? 2 : 0;
		case 4: stac(); __put_user_size(*(const uint32_t *)from, to, 4, err); clac(); return err ? 4 : 0;
		case 8: stac(); __put_user_size(*(const uint64_t *)from, to, 8, err); clac(); return err ? 8 : 0;
		}
	}
	return __copy_to_user_ll(to, from, n);
}

/* Copy n bytes from user space, unchecked; the uncopied tail of to is left
 * alone. Returns the number of bytes not copied. */
static inline __attribute__((always_inline)) unsigned long
raw_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (__builtin_constant_p(n)) {
		int err = 0;
		switch (n) {
		case 1: stac(); __get_user_size(*(uint8_t *)to, from, 1, err); clac(); return err ? 1 : 0;
		case 2: stac(); __get_user_size(*(uint16_t *)to, from, 2, err); clac(); return err ? 2 : 0;
		case 4: stac(); __get_user_size(*(uint32_t *)to, from, 4, err); clac(); return err ? 4 : 0;
		case 8: stac(); __get_user_size(*(uint64_t *)to, from, 8, err); clac(); return err ? 8 : 0;
		}
	}
	return __copy_from_user_ll(to, from, n);
}

/*
 * Unchecked copies for a caller that has done access_ok() itself. Both
 * return the bytes not copied. __copy_to_user may take and resolve a page
 * fault (demand paging, copy-on-write), and so may sleep. The _inatomic
 * forms are for a caller in atomic context, which has called
 * pagefault_disable() (kernel/atomic_context.h): they make no might_fault()
 * check, and the page-fault handler resolves nothing for them, so a page
 * that is not present yet, or copy-on-write, ends the copy short.
 */
/* Copy n bytes to user space with page faults disabled by the caller.
 * Returns the number of bytes not copied. */
static inline __attribute__((always_inline)) unsigned long
__copy_to_user_inatomic(void __user *to, const void *from, unsigned long n)
{
	return raw_copy_to_user(to, from, n);
}

/* Copy n bytes from user space with page faults disabled by the caller.
 * Returns the number of bytes not copied; that tail of to is left alone. */
static inline __attribute__((always_inline)) unsigned long
__copy_from_user_inatomic(void *to, const void __user *from, unsigned long n)
{
	return raw_copy_from_user(to, from, n);
}

/* Copy n bytes to user space, unchecked; may fault and sleep. Returns the
 * number of bytes not copied. */
static inline __attribute__((always_inline)) unsigned long
__copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return raw_copy_to_user(to, from, n);
}

/* Copy n bytes from user space, unchecked; may fault and sleep. Returns the
 * number of bytes not copied (that tail of to is left alone). */
static inline __attribute__((always_inline)) unsigned long
__copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return raw_copy_from_user(to, from, n);
}

/* The checked entry points (arch/x86/usercopy.c); lib/iov_iter.c uses them
 * too. */
/* Copy n bytes to user space. Returns the number of bytes not copied. */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
/* Copy n bytes from user space. Returns the number of bytes not copied;
 * those bytes at the end of `to` are zeroed. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
/* Zero n bytes of user memory. Returns the number of bytes not cleared. */
unsigned long clear_user(void __user *to, unsigned long n);
/* Copy a NUL-terminated string of at most count bytes. Returns its length
 * (without the NUL), count if no NUL came within count bytes (then dst is
 * not terminated), or -EFAULT. */
long strncpy_from_user(char *dst, const char __user *src, long count);
/* Returns the string's size including the NUL, a value > n if it is
 * longer than n, or 0 on a fault. */
long strnlen_user(const char __user *s, long n);
/* Touch each page of [uaddr, uaddr + size) for writing (its byte at uaddr
 * and at each later page's start read and stored back) or reading,
 * resolving its faults, as Linux's. Return the bytes NOT faulted in: 0 when
 * all were, size when access_ok fails or the first page cannot be. */
size_t fault_in_writeable(char __user *uaddr, size_t size);
size_t fault_in_readable(const char __user *uaddr, size_t size);
/* clear_user without the access_ok() check. */
unsigned long __clear_user(void __user *to, unsigned long n);
/* Machine-check-safe copies (arch/x86/copy_mc.S, asm/mce.h): a poisoned
 * source ends the copy. Both return the bytes not copied. */
unsigned long copy_mc_to_kernel(void *dst, const void *src, unsigned long n);
unsigned long copy_mc_to_user(void __user *dst, const void *src, unsigned long n);

/* Cache-flushing and non-temporal copies (arch/x86/flushcache.c,
 * asm/flushcache.h), unchecked: the caller did access_ok. Return the bytes
 * not copied and leave the uncopied tail of dst alone. */
unsigned long __copy_user_flushcache(void *dst, const void __user *src, unsigned long n);
unsigned long __copy_user_nocache(void *dst, const void __user *src, unsigned long n);
/* Copy n bytes of kernel memory so that none of dst stays only in the
 * cache (where the CPU can). */
void memcpy_flushcache(void *dst, const void *src, size_t n);

/* Search the sorted exception table (arch/x86/extable.c). */
const struct exception_table_entry *search_exception_tables(unsigned long addr);
extern struct exception_table_entry __start___ex_table[], __stop___ex_table[];

/* clang-format on */

#endif
