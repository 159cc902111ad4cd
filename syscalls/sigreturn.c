/*
 * sigreturn and rt_sigreturn: the calls a signal handler returns through
 * (its retcode, or musl's __restore/__restore_rt). The frame is read and
 * the registers put back by restore_sigframe (arch/x86/signal.c); here the
 * signal mask is restored and a bad frame kills the process, as on Linux:
 * SIGSEGV, whatever its handler. Neither call is restarted after a signal
 * (arch/x86/syscall.c): the eax each returns is the interrupted program's,
 * which may well be -EINTR.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>

/* Return from a handler with a plain frame (rt false) or an rt frame.
 * Returns the restored eax, or -EFAULT for a frame that cannot be read. */
static long do_sigreturn(bool rt)
{
	struct trapframe *tf = current->tf;
	uint64_t mask;
	int err = restore_sigframe(tf, rt, &mask);

	if (err == -EFAULT) {
		force_signal(current, SIGSEGV, SI_KERNEL, 0);
		return -EFAULT;
	}
	/* LAB 9 BEGIN */
	current->sig_blocked = mask & ~UNBLOCKABLE;
	/* LAB 9 STUB
	// LAB 9, exercise "Check what sigreturn restores": the mask comes
	// back as the frame has it.
	current->sig_blocked = mask;
	   LAB 9 END */
	if (err)
		force_signal(current, SIGSEGV, SI_KERNEL, 0);
	return tf->eax;
}

/* sigreturn(): undo a plain signal frame. Returns the interrupted eax. */
long sys_sigreturn(void)
{
	return do_sigreturn(false);
}

/* rt_sigreturn(): undo an SA_SIGINFO frame. Returns the interrupted eax. */
long sys_rt_sigreturn(void)
{
	return do_sigreturn(true);
}
