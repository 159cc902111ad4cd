/*
 * The page-fault handler, in DESIGN's order:
 *   1. A user address inside a valid VMA whose fault can be resolved
 *      (demand-zero, stack growth, copy-on-write; mm/fault.c) is fixed and
 *      the instruction retried, even when it was a kernel uaccess routine
 *      that faulted.
 *   2. Otherwise a kernel-mode fault whose EIP is in the exception table
 *      resumes at its fixup.
 *   3. Otherwise a user-mode fault kills the process as SIGSEGV would, or
 *      SIGBUS (BUS_ADRERR) for a file page wholly past the end of its file.
 *      A valid access that no free page can back calls the OOM killer
 *      (mm/oom.c), which sends SIGKILL to the process with the most
 *      memory; when that is another process, the access is retried.
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
		if (err == 0) {
			current->min_flt++; /* no I/O behind any page here */
			return;
		}
	}
	if (err == -ENOMEM && tf_from_user(tf)) {
		/* a valid access we cannot back: the biggest process dies
		 * (mm/oom.c); if that is another, retry once it has run */
		if (oom_kill())
			yield();
		return;
	}
	if (!tf_from_user(tf)) {
		if (fixup_exception(tf))
			return;
		oops(tf, "page fault");
	}
	if (err == FAULT_SIGBUS) {
		force_signal(current, SIGBUS, BUS_ADRERR, addr);
		return;
	}
	force_signal(current, SIGSEGV, (tf->err & PF_PROT) ? SEGV_ACCERR : SEGV_MAPERR, addr);
}
