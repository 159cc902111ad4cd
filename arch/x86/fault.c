/*
 * The page-fault handler, in DESIGN's order:
 *   1. A user address inside a valid VMA whose fault can be resolved
 *      (demand-zero, stack growth, copy-on-write; mm/fault.c) is fixed and
 *      the instruction retried, even when it was a kernel uaccess routine
 *      that faulted; but not a kernel-mode fault while
 *      faulthandler_disabled() (pagefault_disable(), or in an interrupt):
 *      that one goes to step 2 as it is, so an _inatomic copy comes back
 *      short instead of allocating, copying or sleeping.
 *   2. Otherwise a kernel-mode fault whose EIP is in the exception table
 *      resumes at its fixup.
 *   3. Otherwise a user-mode fault kills the process as SIGSEGV would, or
 *      SIGBUS (BUS_ADRERR) for a file page wholly past the end of its file.
 *      A valid access that no free page can back calls the OOM killer
 *      (mm/oom.c), which sends SIGKILL to the process with the most
 *      memory; when that is another process, the access is retried.
 *   4. Otherwise it is a kernel bug: oops.
 * Before all of these, a kernel-mode fault on a user address is an oops
 * at once, with no fixup, when it is an instruction fetch (the kernel
 * never runs user code: with SMEP on the CPU refuses it) or, with SMAP
 * on, a data access with EFLAGS.AC clear: only a uaccess routine inside
 * its stac/clac window may touch user memory, and one that did not open
 * the window is a bug the exception table must not hide (as Linux).
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <kernel/atomic_context.h>
#include <asm/arch.h>
#include <asm/trapframe.h>
#include <asm/x86.h>
#include <asm/cpufeature.h>

/* Returns whether a kernel-mode fault at user address addr broke the
 * SMEP/SMAP rules above: an instruction fetch, or a data access outside
 * the stac/clac window while SMAP is on. */
static bool user_access_violation(const struct trapframe *tf, uint32_t addr)
{
	if (tf_from_user(tf) || addr >= TASK_SIZE)
		return false;
	if (tf->err & PF_INSTR)
		return true;
	return cpu_feature_enabled(X86_FEATURE_SMAP) && !(tf->eflags & FL_AC);
}

/* Vector 14: resolve the fault at CR2, or apply the fixup, kill the
 * process or oops, in the order above. Returns to retry or resume. */
void page_fault(struct trapframe *tf)
{
	uint32_t addr = rcr2();
	int err = -EFAULT;

	if (user_access_violation(tf, addr))
		oops(tf, "page fault");

	bool atomic = !tf_from_user(tf) && faulthandler_disabled();

	if (!atomic && addr < TASK_SIZE && current && current->mm) {
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
		/* a user address may only resume at a uaccess site */
		if (fixup_exception(tf, addr < TASK_SIZE ? EX_CAUSE_PF_USER : EX_CAUSE_PF_KERNEL))
			return;
		oops(tf, "page fault");
	}
	/* LAB 8 BEGIN */
	if (err == FAULT_SIGBUS) {
		force_signal(current, SIGBUS, BUS_ADRERR, addr);
		return;
	}
	/* LAB 8 STUB
	// LAB 8, exercise "SIGBUS past the end of the file": handle_mm_fault's
	// FAULT_SIGBUS is not a SIGSEGV.
	   LAB 8 END */
	force_signal(current, SIGSEGV, (tf->err & PF_PROT) ? SEGV_ACCERR : SEGV_MAPERR, addr);
}
