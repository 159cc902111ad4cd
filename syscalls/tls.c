/*
 * set_thread_area and get_thread_area: a process's TLS descriptors, over
 * the descriptor helpers of arch/x86/tls.c (asm/tls.h). The checks come
 * in Linux's order; a segment register that selects a slot being changed
 * keeps its old value until the return to user mode reloads it, and if
 * the slot was emptied that reload fails and the register becomes null
 * (arch/x86/trapasm.S).
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>
#include <asm/mmu.h>
#include <asm/tls.h>

#define TLS_ENTRY_ANY (-1) /* entry_number: take the first free slot */

/*
 * set_thread_area(u_info): -EFAULT if u_info cannot be read, -EINVAL for a
 * descriptor no TLS slot may hold; entry -1 takes the first free slot
 * (-ESRCH if none) and writes its number back (-EFAULT if it cannot);
 * then -EINVAL for a slot outside 6-8. Returns 0 once the slot is set.
 */
long sys_set_thread_area(void __user *uinfo)
{
	struct user_desc u;
	int idx;

	if (copy_from_user(&u, (const void __user *)uinfo, sizeof(u)))
		return -EFAULT;
	if (!tls_desc_okay(&u))
		return -EINVAL;
	idx = (int)u.entry_number;
	if (idx == TLS_ENTRY_ANY) {
		idx = tls_free_slot(current);
		if (idx < 0)
			return -ESRCH;
		if (put_user((uint32_t)idx, (uint32_t __user *)uinfo))
			return -EFAULT;
	}
	if (idx < GDT_TLS_MIN || idx > GDT_TLS_MAX)
		return -EINVAL;
	tls_set(current, idx, tls_make_desc(&u));
	return 0;
}

/* get_thread_area(u_info): fill u_info with the slot its entry_number
 * names. Returns 0, -EFAULT, or -EINVAL for a slot outside 6-8. */
long sys_get_thread_area(void __user *uinfo)
{
	uint32_t idx;

	if (get_user(idx, (uint32_t __user *)uinfo))
		return -EFAULT;
	if (idx < GDT_TLS_MIN || idx > GDT_TLS_MAX)
		return -EINVAL;
	struct user_desc u = { .entry_number = idx };
	tls_read_desc(tls_get(current, idx), &u);
	return copy_to_user((void __user *)uinfo, &u, sizeof(u)) ? -EFAULT : 0;
}
