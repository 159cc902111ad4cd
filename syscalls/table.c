/*
 * The system call table, indexed by Linux i386 numbers (SYSCALL_LIST in
 * include/kernel/syscalls.h). An empty slot means -ENOSYS.
 * Each sys_* is declared here with six arguments, the most any takes; a
 * definition with fewer simply ignores the rest, which the i386 cdecl
 * calling convention makes safe (the caller pops the arguments).
 */
#include <kernel/syscalls.h>

#define DECLARE(nr, name) long sys_##name(long, long, long, long, long, long);
SYSCALL_LIST(DECLARE)

#define ENTRY(nr, name) [nr] = (syscall_fn)sys_##name,
const syscall_fn syscall_table[NR_SYSCALLS] = { SYSCALL_LIST(ENTRY) };
