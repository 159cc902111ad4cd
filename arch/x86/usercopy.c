/*
 * The bulk user-copy routines. __copy_user moves n bytes as n/4 longs
 * ("rep movsl") and then the n%4 tail bytes ("rep movsb"). Both string
 * instructions can fault on a user page, so both have a table entry:
 *
 *   1: rep movsl   faults -> 3: ecx = longs left * 4 + tail, and go on
 *                            byte by byte at 4:, from the exact long that
 *                            faulted, so every byte before the bad page
 *                            is still copied
 *   4: rep movsb   faults -> 2: ecx = bytes left: the exact count
 *
 * After a fault, ecx holds the number of bytes NOT copied; that is the
 * return value. copy_from_user zero-fills that many bytes at the end of
 * the kernel buffer, so no stale kernel data can leak out through it.
 *
 * Each routine opens the SMAP window (asm/smap.h) with stac as its first
 * instruction and closes it with clac at 2:, where the fault path ends
 * too, so it returns with EFLAGS.AC clear either way. The string
 * instructions count up: EFLAGS.DF is clear at every C call (the ABI), and
 * arch/x86/trapasm.S clears it on every entry, so no routine sets it. The string routines
 * at the end open one window for their whole loop (user_access_begin);
 * strncpy_from_user reads with unsafe_get_user, strnlen_user with an asm
 * loop of its own whose byte load has its own entry and fixup.
 *
 * The checked entry points (copy_to_user, copy_from_user, clear_user,
 * strncpy_from_user, strnlen_user) first ask should_fail_usercopy()
 * (kernel/fail_usercopy.c); an injected failure returns what a fault on
 * the first byte returns.
 */
#include <kernel/kernel.h>
#include <asm/uaccess.h>

/* The assembly stays aligned by hand. */
/* clang-format off */
#define __copy_user(to, from, size)					\
	do {								\
		int __d0, __d1, __d2;					\
		asm volatile(ASM_STAC					\
			     "1:	rep movsl\n"			\
			     "	movl %3, %0\n"				\
			     "4:	rep movsb\n"			\
			     "2:\n"					\
			     ASM_CLAC					\
			     "	.section .fixup, \"ax\"\n"		\
			     "3:	leal 0(%3, %0, 4), %0\n"	\
			     "	jmp 4b\n"				\
			     "	.previous\n"				\
			     _ASM_EXTABLE_UA(1b, 3b)			\
			     _ASM_EXTABLE_UA(4b, 2b)			\
			     : "=&c"(size), "=&D"(__d0), "=&S"(__d1), "=r"(__d2) \
			     : "0"((size) >> 2), "1"(to), "2"(from), "3"((size) & 3) \
			     : "memory");				\
	} while (0)

/* Copy n bytes to user space. Returns the number of bytes not copied. */
unsigned long __copy_to_user_ll(void __user *to, const void *from, unsigned long n)
{
	__copy_user(to, from, n);
	return n;
}

/* Copy n bytes from user space. Returns the number of bytes not copied;
 * unlike copy_from_user it leaves the uncopied tail alone. */
unsigned long __copy_from_user_ll(void *to, const void __user *from, unsigned long n)
{
	__copy_user(to, from, n);
	return n;
}

/*
 * A copy size that is negative as a long is a kernel bug (a length
 * computed wrong), never a user's request: every system call bounds its
 * sizes first. Oops with the call and the size, as Linux's BUG().
 */
#define CHECK_COPY_SIZE(fn, n)                                                               \
	do {                                                                                 \
		if (unlikely((long)(n) < 0)) {                                               \
			printk("usercopy: %s: negative size %lu (%ld)!\n", fn, n, (long)(n)); \
			BUG();                                                               \
		}                                                                            \
	} while (0)

/* Returns the number of bytes that could not be copied. */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	might_fault();
	CHECK_COPY_SIZE("copy_to_user", n);
	if (n && should_fail_usercopy()) /* a fault on the first byte */
		return n;
	if (access_ok(to, n))
		n = raw_copy_to_user(to, from, n);
	return n;
}

/* Returns the number of bytes that could not be copied; those bytes at
 * the end of `to` are zeroed. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left = n;

	might_fault();
	CHECK_COPY_SIZE("copy_from_user", n);
	if (!(n && should_fail_usercopy()) && access_ok(from, n))
		left = raw_copy_from_user(to, from, n);
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

/* Zero n bytes of user memory: "rep stosl" then "rep stosb", with the same
 * fixups as __copy_user. Returns the number of bytes not cleared. */
unsigned long __clear_user(void __user *to, unsigned long n)
{
	int d0, d1;

	asm volatile(ASM_STAC
		     "1:	rep stosl\n"
		     "	movl %2, %0\n"
		     "4:	rep stosb\n"
		     "2:\n"
		     ASM_CLAC
		     "	.section .fixup, \"ax\"\n"
		     "3:	leal 0(%2, %0, 4), %0\n"
		     "	jmp 4b\n"
		     "	.previous\n"
		     _ASM_EXTABLE_UA(1b, 3b)
		     _ASM_EXTABLE_UA(4b, 2b)
		     : "=&c"(n), "=&D"(d0), "=&r"(d1)
		     : "a"(0), "0"(n >> 2), "1"(to), "2"(n & 3)
		     : "memory");
	return n;
}
/* clang-format on */

/* Returns the number of bytes not cleared. */
unsigned long clear_user(void __user *to, unsigned long n)
{
	might_fault();
	if (n && should_fail_usercopy())
		return n;
	if (access_ok(to, n))
		return __clear_user(to, n);
	return n;
}

/* Bytes readable from user address a before TASK_SIZE, at most n. */
static long user_room(unsigned long a, long n)
{
	if (a >= TASK_SIZE)
		return 0;
	return (unsigned long)n > TASK_SIZE - a ? (long)(TASK_SIZE - a) : n;
}

/* Copy a NUL-terminated string of at most count bytes from user space.
 * Returns its length without the NUL, count if no NUL came within count
 * bytes (dst is then not terminated), or -EFAULT. */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long room, i;

	might_fault();
	if (count <= 0)
		return 0;
	if (should_fail_usercopy())
		return -EFAULT;
	room = user_room((__force unsigned long)src, count);
	if (!room || !user_access_begin(src, room))
		return -EFAULT;
	for (i = 0; i < room; i++) {
		char c;
		unsafe_get_user(c, src + i, efault);
		dst[i] = c;
		if (c == '\0') {
			user_access_end();
			return i;
		}
	}
	user_access_end();
	return room == count ? count : -EFAULT;
efault:
	user_access_end();
	return -EFAULT;
}

/*
 * Returns the size of the user string at s including its NUL, a value
 * > n if it is longer than n, or 0 on a fault. The scan of the room bytes
 * below TASK_SIZE is one asm loop: its byte load is 1:, whose fixup 3:
 * makes the count 0 and continues at 2:. The loop leaves the size with
 * the NUL in len, or room + 1 when none of the room bytes is a NUL.
 */
long strnlen_user(const char __user *s, long n)
{
	long room, len;

	might_fault();
	if (n <= 0)
		return 0;
	if (should_fail_usercopy())
		return 0;
	room = user_room((__force unsigned long)s, n);
	if (!room || !user_access_begin(s, room))
		return 0;
	/* LAB 4 BEGIN */
	int c;

	/* clang-format off */
	asm volatile("	xorl %0, %0\n"
		     "1:	movzbl (%2, %0), %1\n"
		     "	incl %0\n"
		     "	testl %1, %1\n"
		     "	jz 2f\n"
		     "	cmpl %3, %0\n"
		     "	jb 1b\n"
		     "	incl %0\n"
		     "2:\n"
		     "	.section .fixup, \"ax\"\n"
		     "3:	xorl %0, %0\n"
		     "	jmp 2b\n"
		     "	.previous\n"
		     _ASM_EXTABLE_UA(1b, 3b)
		     : "=&r"(len), "=&r"(c)
		     : "r"(s), "r"(room)
		     : "memory");
	/* clang-format on */
	/* LAB 4 STUB
	// LAB 4, exercise "Scan the string in assembly" (labs/04-strnlen-asm/README.md)
	// This loop finds the NUL of a string that is there, but it reads user
	// memory with plain C loads that have no exception table entry: a byte
	// on an unmapped page oopses the kernel instead of making len 0.
	// Replace it with an asm block whose byte load has a fixup.
	for (len = 0; len < room; len++)
		if (((__force const volatile char *)s)[len] == '\0')
			break;
	len++;
	   LAB 4 END */
	user_access_end();
	/* len is the size with the NUL, 0 after a fault, or room + 1 when no
	 * NUL came before n (then > n) or before TASK_SIZE (then a fault) */
	if (len <= room)
		return len;
	return room == n ? n + 1 : 0;
}

/*
 * Fault in every page of [uaddr, uaddr + size) for writing, as Linux's
 * fault_in_writeable: write the byte at uaddr and at the start of each
 * later page, resolving each fault (demand zero, copy-on-write). Unlike
 * Linux, which stores a zero there, the byte is read and stored back
 * unchanged, so a copy that then fails (an injected failure) leaves the
 * buffer as a fault would. Returns the bytes NOT faulted in: 0 for the
 * whole range, size if access_ok fails or the first page cannot be written,
 * else the bytes from the first page that could not be.
 */
size_t fault_in_writeable(char __user *uaddr, size_t size)
{
	unsigned long start = (__force unsigned long)uaddr, end = start + size, cur = start;

	might_fault();
	if (size == 0)
		return 0;
	if (!user_access_begin(uaddr, size))
		return size;
	for (; cur && cur < end; cur = PGROUNDDOWN(cur + PAGE_SIZE)) {
		uint8_t c;
		unsafe_get_user(c, (uint8_t __user *)cur, out);
		unsafe_put_user(c, (uint8_t __user *)cur, out);
	}
out:
	user_access_end();
	return size > cur - start ? size - (cur - start) : 0;
}

/*
 * Fault in every page of [uaddr, uaddr + size) for reading, as Linux's
 * fault_in_readable: load the byte at uaddr and at the start of each later
 * page. Returns the bytes NOT faulted in, as fault_in_writeable.
 */
size_t fault_in_readable(const char __user *uaddr, size_t size)
{
	unsigned long start = (__force unsigned long)uaddr, end = start + size, cur = start;
	uint8_t c;

	might_fault();
	if (size == 0)
		return 0;
	if (!user_access_begin(uaddr, size))
		return size;
	for (; cur && cur < end; cur = PGROUNDDOWN(cur + PAGE_SIZE))
		unsafe_get_user(c, (const uint8_t __user *)cur, out);
out:
	user_access_end();
	(void)c;
	return size > cur - start ? size - (cur - start) : 0;
}
