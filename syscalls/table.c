/*
 * The system call table, indexed by Linux i386 numbers (SYSCALL_LIST in
 * include/kernel/syscalls.h). An empty slot means -ENOSYS.
 * Each sys_* has its own prototype (include/kernel/syscalls.h); the table
 * stores it as a six-long syscall_fn. A call taking fewer arguments simply
 * ignores the rest, which the i386 cdecl calling convention makes safe
 * (the caller pops the arguments), and a pointer or int argument is the
 * same 32-bit stack slot as a long. The cast goes through void (*)(void),
 * the generic function pointer type, as the conversion is deliberate.
 */
#include <kernel/syscalls.h>

#define ENTRY(nr, name) [nr] = (syscall_fn)(void (*)(void))sys_##name,
const syscall_fn syscall_table[NR_SYSCALLS] = { SYSCALL_LIST(ENTRY) };
