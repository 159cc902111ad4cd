/*
 * proc_eflags_ac - a program may set EFLAGS.AC, the flag SMAP uses as its
 * user-access window in the kernel, and system calls made with it set
 * work as always: pointers are checked, data moves, and AC is still set
 * when the call returns. The kernel clears AC on every entry (its own
 * window stays shut) and gives the program its flags back on the way out.
 *
 * Every call runs inside one asm statement that sets AC, makes the call
 * through int $0x80, reads EFLAGS and clears AC again, touching only
 * aligned memory: with CR0.AM (Linux sets it) an unaligned user access
 * with AC set would raise #AC (SIGBUS).
 */
#include "tap.h"

#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FL_AC 0x00040000UL	/* EFLAGS.AC */
#define KERNEL_BASE 0xC0000000UL

/* One raw system call with EFLAGS.AC set around it; *flags gets EFLAGS as
 * it was right after the call. Returns the kernel's result or -errno. */
static long sys_ac(long nr, long a, long b, long c, unsigned long *flags)
{
	long ret;
	unsigned long f;

	__asm__ volatile("pushfl\n\t"
			 "orl %[ac], (%%esp)\n\t"
			 "popfl\n\t"
			 "int $0x80\n\t"
			 "pushfl\n\t"
			 "popl %[f]\n\t"
			 "pushfl\n\t"
			 "andl %[noac], (%%esp)\n\t"
			 "popfl"
			 : "=a"(ret), [f] "=&r"(f)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), [ac] "i"(FL_AC), [noac] "i"(~FL_AC)
			 : "memory", "cc");
	*flags = f;
	return ret;
}

/* Returns EFLAGS. */
static unsigned long read_flags(void)
{
	unsigned long f;

	__asm__ volatile("pushfl\n\tpopl %0" : "=r"(f));
	return f;
}

static char msg[16] __attribute__((aligned(16))) = "window shut ok\n";
static char buf[16] __attribute__((aligned(16)));

int main(void)
{
	unsigned long fl;
	int p[2];

	plan(11);
	if (pipe(p) != 0)
		return 1;

	long r = sys_ac(SYS_getppid, 0, 0, 0, &fl);
	ok(r > 0, "getppid works with AC set");
	ok(fl & FL_AC, "AC is still set after the call");

	r = sys_ac(SYS_write, p[1], (long)msg, sizeof(msg), &fl);
	is(r, sizeof(msg), "write from a user buffer with AC set moves every byte");
	ok(fl & FL_AC, "AC is still set after write");

	r = sys_ac(SYS_read, p[0], (long)buf, sizeof(buf), &fl);
	is(r, sizeof(buf), "read into a user buffer with AC set moves every byte");
	ok(!memcmp(buf, msg, sizeof(msg)), "and the bytes are the ones written");

	r = sys_ac(SYS_write, p[1], 0, 8, &fl);
	is_err(r, EFAULT, "write from NULL with AC set is EFAULT");
	ok(fl & FL_AC, "AC is still set after the EFAULT");

	if (write(p[1], msg, 8) != 8) /* something to read: the read must not block */
		return 1;
	r = sys_ac(SYS_read, p[0], (long)KERNEL_BASE, 8, &fl);
	is_err(r, EFAULT, "read into a kernel address with AC set is EFAULT");
	ok(fl & FL_AC, "AC is still set after that EFAULT too");

	ok(!(read_flags() & FL_AC), "AC is clear again once the program clears it");
	return done();
}
