/*
 * The page-fault handler, in DESIGN's order:
 *   1. A user address inside a valid VMA whose fault can be resolved
 *      (demand-zero, stack growth, copy-on-write; mm/fault.c) is fixed and
 *      the instruction retried, even when it was a kernel uaccess routine
 *      that faulted.
 *   2. Otherwise a kernel-mode fault whose EIP is in the exception table
 *      resumes at its fixup.
 *   3. Otherwise a user-mode fault kills the process as SIGSEGV would
 *      (SIGKILL when it was valid but memory ran out, as Linux's OOM
 *      killer does).
 *   4. Otherwise it is a kernel bug: oops.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <asm/arch.h>
#include <asm/trapframe.h>
#include <asm/x86.h>

/* Vector 14: resolve the fault at CR2, or apply the fixup, kill the
 * process or oops, in the order above. Returns to retry or resume. */
void page_fault(struct trapframe *tf)
{
	uint32_t addr = rcr2();
	int err = -EFAULT;

	if (addr < TASK_SIZE && current && current->mm) {
		err = handle_mm_fault(current->mm, addr, tf->err);
		if (err == 0)
			return;
	}
	if (err == -ENOMEM && tf_from_user(tf)) {
		/* as Linux's OOM killer would: a valid access we cannot back */
		printk("mica: out of memory: killed pid %d (%s)\n", current->pid, current->name);
		send_signal(current, SIGKILL);
		return;
	}
	if (!tf_from_user(tf)) {
		if (fixup_exception(tf))
			return;
		oops(tf, "page fault");
	}
	force_signal(current, SIGSEGV, (tf->err & PF_PROT) ? SEGV_ACCERR : SEGV_MAPERR, addr);
}
