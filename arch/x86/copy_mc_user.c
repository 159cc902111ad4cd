/*
 * copy_mc_to_user: the checked entry point of the machine-check-safe copy
 * into user memory (the copy itself is arch/x86/copy_mc.S).
 */
#include <kernel/kernel.h>
#include <asm/uaccess.h>
#include <asm/mce.h>

/* Copy n bytes from kernel src to user dst, surviving a poisoned source.
 * Returns the bytes not copied (n if the range is not user memory). */
unsigned long copy_mc_to_user(void __user *dst, const void *src, unsigned long n)
{
	if (!access_ok(dst, n))
		return n;
	return __copy_mc_to_user_ll(dst, src, n);
}
