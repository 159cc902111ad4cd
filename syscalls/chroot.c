/*
 * chroot (61): make a directory the caller's root (proc->root, counted):
 * absolute paths start there and ".." stops there (fs/namei.c),
 * getcwd and /proc/PID/root name it "/". As Linux, the current directory
 * stays where it was, the root is inherited by fork and kept by execve.
 * It takes CAP_SYS_CHROOT.
 */
#include <kernel/proc.h>
#include <kernel/fs.h>
#include <kernel/cred.h>
#include <kernel/syscalls.h>

/* chroot(path): 0, or -EFAULT, -ENOENT, -ENOTDIR, -ENAMETOOLONG, -ELOOP
 * as the path's lookup gives them, -ENOTDIR for a path that is no
 * directory, then -EPERM without CAP_SYS_CHROOT (Linux's order). */
long sys_chroot(const char __user *upath)
{
	int err;
	struct inode *ip = namei_user((const char __user *)upath, &err);

	if (!ip)
		return err;
	if (!S_ISDIR(ip->mode)) {
		inode_put(ip);
		return -ENOTDIR;
	}
	if (!capable(CAP_SYS_CHROOT)) {
		inode_put(ip);
		return -EPERM;
	}
	if (current->root)
		inode_put(current->root);
	current->root = ip;
	return 0;
}
