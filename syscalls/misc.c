/*
 * Who the kernel says it is: uname, and personality, the execution domain
 * a process asks for (only PER_LINUX exists; the flag bits are kept and
 * inherited across fork and execve, and change nothing).
 */
#include <kernel/proc.h>
#include <asm/uaccess.h>

/* The Linux ABI level Mica implements, so version checks in programs
 * and libraries pass; Mica's own name and version are in `version`. */
#define UTS_RELEASE "6.1.0"
#define MICA_VERSION "1.0.0"
#define PERSONALITY_QUERY 0xffffffffu /* personality(2): change nothing */

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

/* uname(2): fill the user's struct utsname. Returns 0 or -EFAULT. */
long sys_uname(long ubuf)
{
	static const struct utsname u = {
		"Mica", "mica", UTS_RELEASE, "#1 Mica " MICA_VERSION " " __DATE__, "i686", "(none)",
	};

	return copy_to_user((void __user *)ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

/* personality(persona): set the caller's persona unless it is 0xffffffff.
 * Returns the old one (any value is accepted, as Linux). */
long sys_personality(long persona)
{
	uint32_t old = current->personality;

	if ((uint32_t)persona != PERSONALITY_QUERY)
		current->personality = (uint32_t)persona;
	return (long)old;
}
