/*
 * The page-fault handler, in DESIGN's order:
 *   1. A user address inside a valid VMA whose fault can be resolved
 *      (demand-zero, stack growth, copy-on-write; mm/fault.c) is fixed and
 *      the instruction retried, even when it was a kernel uaccess routine
 *      that faulted.
 *   2. Otherwise a kernel-mode fault whose EIP is in the exception table
 *      resumes at its fixup.
 *   3. Otherwise a user-mode fault kills the process as SIGSEGV would.
 *   4. Otherwise it is a kernel bug: oops.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <asm/arch.h>
#include <asm/trapframe.h>
#include <asm/x86.h>

void page_fault(struct trapframe *tf)
{
	uint32_t addr = rcr2();

	if (addr < TASK_SIZE && current && current->mm &&
	    handle_mm_fault(current->mm, addr, tf->err) == 0)
		return;
	if (!tf_from_user(tf)) {
		if (fixup_exception(tf))
			return;
		oops(tf, "page fault");
	}
	send_signal(current, SIGSEGV);
}
