/*
 * Machine-check-safe copies, as Linux's copy_mc_fragile: every load of
 * the source has an EX_TYPE_DEFAULT_MCE_SAFE exception-table entry, so a
 * machine check on a poisoned source (or a page fault on an unmapped
 * kernel source) resumes at a fixup that returns the bytes not copied.
 *
 * The source-alignment rule (Linux's copy_mc documentation): a poisoned
 * read is reported per load, and an unaligned load can straddle into the
 * next, possibly poisoned, unit. So the head is copied bytewise up to the
 * source's 4-byte alignment, then aligned longs, then the tail bytewise.
 * After a poisoned read nothing is retried byte by byte: the count of the
 * faulting unit and everything after it comes back as not copied.
 *
 * Registers: esi source, edi destination, edx bytes not yet copied (the
 * return value at every exit). Each loop starts at its load, so an
 * asynchronous #MC taken between iterations lands on the MCE-safe load.
 */
#include <asm/asm.h>
#include <asm/smap.h>

/*
 * COPY_MC name, user: emit the function name(dst, src, n). With user 1
 * the copy runs in a SMAP window (stac before it, clac at the one exit,
 * where every fixup ends) and each store also has an EX_TYPE_UACCESS
 * entry: a fault on a long store falls back to the byte loop, which stops
 * at the exact byte; with user 0 a fault on the (kernel) destination is
 * an oops.
 */
.macro COPY_MC name, user
	.text
	.globl \name
	.type \name, @function
\name:
	pushl %esi
	pushl %edi
	movl 12(%esp), %edi
	movl 16(%esp), %esi
	movl 20(%esp), %edx
.if \user
	ASM_STAC
.endif
	testl %edx, %edx
	jz .L\name\()_done
	testl $3, %esi
	jz .L\name\()_words
.L\name\()_head:				/* bytes up to source alignment */
.L\name\()_rb:	movb (%esi), %al
.L\name\()_wb:	movb %al, (%edi)
	incl %esi
	incl %edi
	decl %edx
	jz .L\name\()_done
	testl $3, %esi
	jnz .L\name\()_head
.L\name\()_words:
	cmpl $4, %edx
	jb .L\name\()_tail
.L\name\()_loop:				/* aligned longs */
.L\name\()_rl:	movl (%esi), %eax
.L\name\()_wl:	movl %eax, (%edi)
	addl $4, %esi
	addl $4, %edi
	subl $4, %edx
	cmpl $4, %edx
	jae .L\name\()_loop
.L\name\()_tail:
	testl %edx, %edx
	jz .L\name\()_done
.L\name\()_bytes:				/* the tail, bytewise */
.L\name\()_rt:	movb (%esi), %al
.L\name\()_wt:	movb %al, (%edi)
	incl %esi
	incl %edi
	decl %edx
	jnz .L\name\()_bytes
.L\name\()_done:
.if \user
	ASM_CLAC
.endif
	movl %edx, %eax
	popl %edi
	popl %esi
	ret

	.pushsection .fixup, "ax"
.L\name\()_fix_read:				/* a poisoned or unmapped source */
	jmp .L\name\()_done
.L\name\()_fix_wl:				/* a long store faulted: find the byte */
	jmp .L\name\()_bytes
	.popsection
	_ASM_EXTABLE_TYPE(.L\name\()_rb, .L\name\()_fix_read, EX_TYPE_DEFAULT_MCE_SAFE)
	_ASM_EXTABLE_TYPE(.L\name\()_rl, .L\name\()_fix_read, EX_TYPE_DEFAULT_MCE_SAFE)
	_ASM_EXTABLE_TYPE(.L\name\()_rt, .L\name\()_fix_read, EX_TYPE_DEFAULT_MCE_SAFE)
.if \user
	_ASM_EXTABLE_UA(.L\name\()_wb, .L\name\()_fix_read)
	_ASM_EXTABLE_UA(.L\name\()_wl, .L\name\()_fix_wl)
	_ASM_EXTABLE_UA(.L\name\()_wt, .L\name\()_fix_read)
.endif
	.size \name, . - \name
.endm

/* unsigned long copy_mc_to_kernel(void *dst, const void *src, unsigned long n):
 * returns the bytes not copied. */
COPY_MC copy_mc_to_kernel, 0
/* unsigned long __copy_mc_to_user_ll(void __user *dst, const void *src,
 * unsigned long n): the same into user memory; returns the bytes not copied. */
COPY_MC __copy_mc_to_user_ll, 1

/*
 * int mc_read_long(unsigned long *dst, const unsigned long *src): one
 * machine-check-safe load. Returns 0, or the trap number that stopped it:
 * its EX_TYPE_FAULT_MCE_SAFE entry puts the trap number in eax.
 */
	.text
	.globl mc_read_long
	.type mc_read_long, @function
mc_read_long:
	movl 8(%esp), %ecx
1:	movl (%ecx), %edx
	movl 4(%esp), %ecx
	movl %edx, (%ecx)
	xorl %eax, %eax
2:	ret
	.pushsection .fixup, "ax"
3:	jmp 2b
	.popsection
	_ASM_EXTABLE_TYPE(1b, 3b, EX_TYPE_FAULT_MCE_SAFE)
	.size mc_read_long, . - mc_read_long
