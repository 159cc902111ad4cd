/*
 * Deliberately wrong code for the checker: tests/run.py (style/sparse-bites)
 * runs `make check` on this file alone and expects sparse to report each
 * mistake below, at its line. Never compiled into the kernel.
 */
#include <kernel/kernel.h>
#include <asm/uaccess.h>

/* Wrong: reads user memory with a plain dereference, without get_user. */
static int read_flag(const int __user *uflag)
{
	return *uflag; /* BAD: dereference of noderef expression */
}

/* Wrong: hands a user pointer to memcpy, which takes kernel pointers. */
static void fill(char *dst, const char __user *usrc, size_t n)
{
	memcpy(dst, usrc, n); /* BAD: incorrect type in argument 2 (different address spaces) */
}

/* Wrong: makes a user pointer out of a signed integer without __force. */
static const char __user *forge(long addr)
{
	return (const char __user *)addr; /* BAD: cast adds address space */
}

/* Wrong: a global function that no header declares. */
int bad_user_entry(const int __user *uflag, char *dst, long addr) /* BAD: was not declared */
{
	fill(dst, forge(addr), 4);
	return read_flag(uflag);
}
