/*
 * The names uname(2) reports that can be changed: the nodename
 * (sethostname, /proc/sys/kernel/hostname) and the domainname
 * (setdomainname, /proc/sys/kernel/domainname). The fields live in
 * syscalls/misc.c with the rest of struct utsname.
 */
#ifndef KERNEL_UTSNAME_H
#define KERNEL_UTSNAME_H

#define UTS_LEN 65 /* each field of struct utsname, NUL included */

enum uts_name_field {
	UTS_NODENAME,
	UTS_DOMAINNAME
};

/* The field's UTS_LEN bytes, a NUL-terminated string (at most
 * UTS_LEN - 1 characters) that the caller may read and change. */
char *uts_name(enum uts_name_field which);

/* Make /proc/sys/kernel/hostname and domainname in kernel, at boot
 * (fs/proc/uts.c). */
struct inode;
void proc_uts_init(struct inode *kernel);

#endif
