/*
 * int $0x80: the system call number is in eax, the arguments in ebx, ecx,
 * edx, esi, edi and ebp, and the result goes back in eax. Unknown numbers
 * return -ENOSYS.
 */
#include <kernel/kernel.h>
#include <kernel/syscalls.h>
#include <asm/trapframe.h>
#include <asm/arch.h>

void syscall_dispatch(struct trapframe *tf)
{
	uint32_t nr = tf->eax;
	syscall_fn fn = nr < NR_SYSCALLS ? syscall_table[nr] : NULL;

	if (!fn) {
		tf->eax = -ENOSYS;
		return;
	}
	tf->eax = fn(tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp);
}
