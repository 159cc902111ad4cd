/*
 * Macros of the trap entry and exit code (arch/x86/trapasm.S,
 * arch/x86/entry_sysenter.S), for .S files only.
 */
#ifndef ASM_ENTRY_H
#define ASM_ENTRY_H

#include <asm/asm.h>
#include <asm/mmu.h>

#ifdef __ASSEMBLY__
/* clang-format off */
/*
 * A user segment register can be impossible to reload: set_thread_area
 * may have emptied the TLS descriptor it selects, or sigreturn brought
 * back any selector at all. The pop then faults in kernel mode (#GP, or
 * #NP); the fault's own trapframe holds only selectors that are already
 * loaded, so its return cannot fault again. The fixup puts the null
 * selector in the saved slot and retries, as Linux does: the process sees
 * the register reset to 0. The labels have their fixed roles (asm/asm.h):
 * 1: may fault, 3: is the fixup; the retry of 1: is the continuation.
 */
.macro pop_user_seg reg
1:	popl \reg
	.pushsection .fixup, "ax"
3:	movl $SEG_NULL, (%esp)
	jmp 1b
	.popsection
	_ASM_EXTABLE(1b, 3b)
.endm

/*
 * The rest of a struct trapframe after trapno: the user's segment
 * registers and pushal; then the kernel's own segments (ds = es = kernel
 * data, fs = gs = null: trapasm.S's header says why).
 */
.macro save_regs
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	movw $SEG_KDATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw $SEG_NULL, %ax
	movw %ax, %fs
	movw %ax, %gs
.endm

/* Undo save_regs: the general registers and the user's segments (a
 * segment that cannot be loaded becomes null: pop_user_seg), leaving
 * trapno on top. */
.macro restore_regs
	popal
	pop_user_seg %gs
	pop_user_seg %fs
	pop_user_seg %es
	pop_user_seg %ds
.endm
/* clang-format on */
#endif

#endif
