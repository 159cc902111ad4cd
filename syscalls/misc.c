/*
 * Who the kernel says it is: uname (and the old i386 olduname and
 * oldolduname), sethostname and setdomainname (CAP_SYS_ADMIN), and
 * personality, the execution domain
 * a process asks for (only PER_LINUX exists; the flag bits are kept and
 * inherited across fork and execve, and change nothing).
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <kernel/utsname.h>
#include <asm/uaccess.h>

/* The Linux ABI level Mica implements, so version checks in programs
 * and libraries pass; Mica's own name and version are in `version`. */
#define UTS_RELEASE "6.1.0"
#define MICA_VERSION "1.0.0"
#define PERSONALITY_QUERY 0xffffffffu /* personality(2): change nothing */

#define OLD_UTS_LEN 8 /* oldolduname's fields: 8 bytes and a NUL */
#define UTS_FIELDS 6

struct utsname {
	char sysname[UTS_LEN], nodename[UTS_LEN], release[UTS_LEN], version[UTS_LEN],
		machine[UTS_LEN], domainname[UTS_LEN];
};

static struct utsname uts = {
	"Mica", "mica", UTS_RELEASE, "#1 Mica " MICA_VERSION " " __DATE__, "i686", "(none)",
};

/* The nodename or the domainname: UTS_LEN bytes, NUL-terminated. */
char *uts_name(enum uts_name_field which)
{
	return which == UTS_NODENAME ? uts.nodename : uts.domainname;
}

/* uname(2): fill the user's struct utsname. Returns 0 or -EFAULT. */
long sys_uname(void __user *ubuf)
{
	return copy_to_user((void __user *)ubuf, &uts, sizeof(uts)) ? -EFAULT : 0;
}

/* olduname(2) (109): struct old_utsname, the first five fields of
 * uname's (no domainname). Returns 0 or -EFAULT. */
long sys_olduname(void __user *ubuf)
{
	return copy_to_user((void __user *)ubuf, &uts, (UTS_FIELDS - 1) * UTS_LEN) ? -EFAULT : 0;
}

/* oldolduname(2) (59): five fields of 9 bytes, each the first 8 bytes of
 * uname's and a NUL, as Linux's. Returns 0 or -EFAULT. */
long sys_oldolduname(void __user *ubuf)
{
	char old[UTS_FIELDS - 1][OLD_UTS_LEN + 1];
	const char *f = (const char *)&uts;

	for (int i = 0; i < UTS_FIELDS - 1; i++) {
		memcpy(old[i], f + i * UTS_LEN, OLD_UTS_LEN);
		old[i][OLD_UTS_LEN] = '\0';
	}
	return copy_to_user((void __user *)ubuf, old, sizeof(old)) ? -EFAULT : 0;
}

/* Set field (nodename or domainname) to the len bytes at uname, as
 * Linux: -EPERM without CAP_SYS_ADMIN, -EINVAL for len outside 0..64,
 * -EFAULT (nothing changed). Returns 0 or -errno. */
static long set_uts_name(char *field, const void __user *uname, long len)
{
	char tmp[UTS_LEN - 1];

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len < 0 || len > UTS_LEN - 1)
		return -EINVAL;
	if (copy_from_user(tmp, (const void __user *)uname, (size_t)len))
		return -EFAULT;
	memcpy(field, tmp, (size_t)len);
	memset(field + len, 0, UTS_LEN - (size_t)len);
	return 0;
}

/* sethostname(name, len): the nodename uname reports. */
long sys_sethostname(const void __user *uname, long len)
{
	return set_uts_name(uts.nodename, uname, len);
}

/* setdomainname(name, len): the domainname uname reports. */
long sys_setdomainname(const void __user *uname, long len)
{
	return set_uts_name(uts.domainname, uname, len);
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
