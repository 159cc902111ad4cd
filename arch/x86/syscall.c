/*
 * int $0x80: the system call number is in eax, the arguments in ebx, ecx,
 * edx, esi, edi and ebp, and the result goes back in eax. Unknown numbers
 * return -ENOSYS. A call that returns -EINTR because a signal arrived
 * is restarted after the handler if its action has SA_RESTART, except
 * pause, nanosleep and rt_sigsuspend, which never are (as on Linux).
 * Nor are sigreturn and rt_sigreturn: the eax they return is the one
 * saved in the signal frame, the result of the call the first signal
 * interrupted, and may well be -EINTR; "restarting" them would run
 * sigreturn again on whatever the stack then holds.
 */
#include <kernel/kernel.h>
#include <kernel/syscalls.h>
#include <asm/trapframe.h>
#include <asm/arch.h>
#include <kernel/proc.h>

/* Linux i386 numbers of the calls that are never restarted. */
enum {
	NR_pause = 29,
	NR_sigreturn = 119,
	NR_nanosleep = 162,
	NR_rt_sigreturn = 173,
	NR_rt_sigsuspend = 179,
};

/* May a call cut short with -EINTR be rerun after an SA_RESTART handler? */
static bool restartable(uint32_t nr)
{
	switch (nr) {
	case NR_pause:
	case NR_sigreturn:
	case NR_nanosleep:
	case NR_rt_sigreturn:
	case NR_rt_sigsuspend:
		return false;
	}
	return true;
}

void syscall_dispatch(struct trapframe *tf)
{
	uint32_t nr = tf->eax;
	syscall_fn fn = nr < NR_SYSCALLS ? syscall_table[nr] : NULL;

	current->syscall_nr = nr;
	current->syscall_restart = false;
	if (!fn) {
		tf->eax = -ENOSYS;
		return;
	}
	tf->eax = fn(tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp);
	/* cut short by a signal: a handler with SA_RESTART reruns the call */
	if ((int32_t)tf->eax == -EINTR && restartable(nr))
		current->syscall_restart = true;
}
