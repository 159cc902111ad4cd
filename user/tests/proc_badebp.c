/*
 * proc_badebp - the kernel never follows a user's %ebp.
 *
 * %ebp is the sixth system call argument, so a program may enter the
 * kernel with any value in it; the trap entry saves it at the top of the
 * kernel stack, where a frame-pointer walk (a backtrace, or the debug
 * allocator recording who freed an object) reaches it. Each check makes
 * calls that allocate and free kernel memory -- open and close, exit,
 * death by a signal, death by a fault -- with %ebp at kernel addresses
 * past the end of RAM, at the top of memory, inside RAM and in user
 * space. The calls must work as if %ebp were anything else, and the
 * kernel must not oops (make test boots with slub_debug, whose kfree
 * records a stack trace).
 */
#include <signal.h>
#include <sys/syscall.h>
#include "tap.h"

static const unsigned long bad_ebp[] = { 0xcf000000, 0xfffffff0, 0xc0000004, 0x00001000 };
#define NBAD (sizeof(bad_ebp) / sizeof(bad_ebp[0]))

/* System call nr(a, b, c) with %ebp = ebp. Returns the kernel's result. */
static long sys_ebp(long nr, long a, long b, long c, unsigned long ebp)
{
	long ret;

	__asm__ volatile("push %%ebp\n\t"
			 "mov %%edi, %%ebp\n\t"
			 "int $0x80\n\t"
			 "pop %%ebp"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "D"(ebp)
			 : "memory");
	return ret;
}

/* Child: exit_group(7) with %ebp = ebp. */
static void exit_with(long ebp)
{
	sys_ebp(SYS_exit_group, 7, 0, 0, (unsigned long)ebp);
}

/* Child: kill itself with SIGKILL, %ebp = ebp. */
static void kill_with(long ebp)
{
	sys_ebp(SYS_kill, getpid(), SIGKILL, 0, (unsigned long)ebp);
}

/* Child: read address 0 with %ebp = ebp (SIGSEGV). */
static void fault_with(long ebp)
{
	__asm__ volatile("push %%ebp\n\t"
			 "mov %0, %%ebp\n\t"
			 "movl 0, %%eax\n\t"
			 "pop %%ebp"
			 :
			 : "r"(ebp)
			 : "eax", "memory");
}

int main(void)
{
	plan(4 * NBAD);
	for (unsigned i = 0; i < NBAD; i++) {
		unsigned long e = bad_ebp[i];
		long fd = sys_ebp(SYS_open, (long)"/dev/null", O_RDONLY, 0, e);
		long r = fd >= 0 ? sys_ebp(SYS_close, fd, 0, 0, e) : fd;

		ok(fd >= 0 && r == 0, "open and close with %%ebp = %#lx", e);
		is_exit(run_child(exit_with, (long)e), 7, "exit_group(7) with %%ebp = %#lx", e);
		is_signal(run_child(kill_with, (long)e), SIGKILL, "SIGKILL with %%ebp = %#lx", e);
		is_signal(run_child(fault_with, (long)e), SIGSEGV, "a fault with %%ebp = %#lx", e);
	}
	return done();
}
