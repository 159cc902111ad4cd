/*
 * int $0x80: the system call number is in eax, the arguments in ebx, ecx,
 * edx, esi, edi and ebp, and the result goes back in eax. Unknown numbers
 * return -ENOSYS. A call that returns -EINTR because a signal arrived
 * is restarted after the handler if its action has SA_RESTART, except
 * pause, nanosleep and rt_sigsuspend, which never are (as on Linux).
 */
#include <kernel/kernel.h>
#include <kernel/syscalls.h>
#include <asm/trapframe.h>
#include <asm/arch.h>
#include <kernel/proc.h>

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
	if ((int32_t)tf->eax == -EINTR && nr != 29 && nr != 162 && nr != 179)
		current->syscall_restart = true;
}
