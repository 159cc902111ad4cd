/*
 * int $0x80: the system call number is in eax, the arguments in ebx, ecx,
 * edx, esi, edi and ebp, and the result goes back in eax. Unknown numbers
 * return -ENOSYS. A call that returns -EINTR because a signal arrived
 * is restarted after the handler if its action has SA_RESTART, except
 * pause, nanosleep, clock_nanosleep, rt_sigsuspend, the poll and select
 * family and rt_sigtimedwait, which never are (as on Linux).
 * Nor are sigreturn and rt_sigreturn: the eax they return is the one
 * saved in the signal frame, the result of the call the first signal
 * interrupted, and may well be -EINTR; "restarting" them would run
 * sigreturn again on whatever the stack then holds. Every other call a
 * stop signal cut short is rerun once the process is continued, when no
 * handler runs in between (Linux's -ERESTARTNOHAND), but rt_sigtimedwait,
 * which then returns -EINTR as Linux's (signal(7)); a relative
 * nanosleep or clock_nanosleep goes on as restart_syscall until the end it
 * had (Linux's -ERESTART_RESTARTBLOCK), and gives -EINTR with the time
 * left only when a handler runs.
 *
 * The calls themselves are reached through syscall_table, the array of
 * function pointers syscalls/table.c fills from SYSCALL_LIST: that table
 * is the one way arch/ calls up into syscalls/ (a callback table, as
 * Linux's sys_call_table), and arch/ calls nothing in fs/ at all.
 */
#include <kernel/kernel.h>
#include <kernel/syscalls.h>
#include <asm/trapframe.h>
#include <asm/arch.h>
#include <kernel/proc.h>

/* Returns whether call nr, cut short with -EINTR, may be rerun after an
 * SA_RESTART handler. */
static bool restartable(uint32_t nr)
{
	switch (nr) {
	case __NR_restart_syscall:
	case __NR_pause:
	case __NR_sigreturn:
	case __NR_nanosleep:
	case __NR_clock_nanosleep:
	case __NR_clock_nanosleep_time64:
	case __NR_rt_sigreturn:
	case __NR_rt_sigsuspend:
	case __NR_sigsuspend:
	case __NR_poll:
	case __NR_ppoll:
	case __NR_ppoll_time64:
	case __NR_select:
	case __NR__newselect:
	case __NR_pselect6:
	case __NR_pselect6_time64:
	case __NR_rt_sigtimedwait:
	case __NR_rt_sigtimedwait_time64:
		return false;
	}
	return true;
}

/* Returns whether call nr, cut short with -EINTR by a stop signal, is rerun
 * once the process is continued (no handler having run); a relative sleep
 * is rerun as restart_syscall (current->restart). */
static bool restartable_nohand(uint32_t nr)
{
	switch (nr) {
	case __NR_sigreturn:
	case __NR_rt_sigreturn:
	case __NR_rt_sigtimedwait:
	case __NR_rt_sigtimedwait_time64:
		return false;
	}
	return true;
}

/* Run the system call tf->eax names with tf's six argument registers and
 * put its result (or -ENOSYS) in tf->eax; note whether it may restart. */
void syscall_dispatch(struct trapframe *tf)
{
	uint32_t nr = tf->eax;
	syscall_fn fn = nr < NR_SYSCALLS ? syscall_table[nr] : NULL;

	current->syscall_nr = nr;
	current->syscall_restart = current->syscall_restart_nohand = false;
	if (nr != NR_RESTART_SYSCALL)
		current->restart.until = 0;
	if (!fn) {
		tf->eax = -ENOSYS;
		return;
	}
	tf->eax = fn(tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp);
	/* cut short by a signal: a handler with SA_RESTART reruns the call */
	if ((int32_t)tf->eax == -EINTR && restartable(nr))
		current->syscall_restart = true;
	/* cut short by a stop: rerun after the SIGCONT unless a handler ran */
	if ((int32_t)tf->eax == -EINTR && restartable_nohand(nr))
		current->syscall_restart_nohand = true;
}
