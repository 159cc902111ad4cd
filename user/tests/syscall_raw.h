/*
 * syscall_raw.h - one raw system call through int $0x80, shared by tap.h and
 * raw.h. The result is the kernel's own: a value, or -errno, with no libc
 * wrapper touching the arguments first. The build is static and non-PIC, so
 * ebx is free for the first argument.
 */
#ifndef SYSCALL_RAW_H
#define SYSCALL_RAW_H

/* Raw system call through int $0x80: returns the kernel's result or -errno. */
static inline long sys_raw(long nr, long a, long b, long c, long d, long e)
{
	long ret;
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return ret;
}

#endif /* SYSCALL_RAW_H */
