/* uname and sched_yield. */
#include <kernel/proc.h>
#include <asm/uaccess.h>
#include <asm/arch.h>

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

/* uname(2): fill the user's struct utsname. Returns 0 or -EFAULT. */
long sys_uname(long ubuf)
{
	static const struct utsname u = {
		"Mica", "mica", "1.0.0", "#1 " __DATE__, "i686", "(none)",
	};

	return copy_to_user((void __user *)ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

/* sched_yield(2): let other runnable processes go first. Returns 0. */
long sys_sched_yield(void)
{
	yield();
	return 0;
}
