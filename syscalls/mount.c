/*
 * mount(2), umount2(2) and the old umount(2): the user side. The strings
 * are copied as Linux's copy_mount_string/copy_mount_options do (the
 * option text is read up to a page, as far as it is readable), the
 * target is looked up following links, and the flags pick the operation
 * in Linux's order: remount (with MS_BIND, of the mount's flags only),
 * bind (not done: EINVAL), a propagation change, move (not done: EINVAL),
 * else a new mount. fs/mount.c does the work.
 */
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/mount.h>
#include <kernel/cred.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define MOUNT_STRING_MAX PAGE_SIZE /* longer type or source: EINVAL */
#define PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* Copy a user string of at most a page (type, source): a kmalloc'd copy,
 * or NULL with *err -EFAULT, -EINVAL (too long) or -ENOMEM. */
static char *copy_mount_string(const char __user *ustr, int *err)
{
	char *buf = kmalloc(MOUNT_STRING_MAX);

	if (!buf) {
		*err = -ENOMEM;
		return NULL;
	}
	long n = strncpy_from_user(buf, (const char __user *)ustr, MOUNT_STRING_MAX);
	if (n < 0 || n == MOUNT_STRING_MAX) {
		*err = n < 0 ? -EFAULT : -EINVAL;
		kfree(buf);
		return NULL;
	}
	return buf;
}

/* Copy the option text: a page from udata, as much of it as can be read
 * past the first page boundary; NUL-terminated. The copy, or NULL with
 * *err -EFAULT (not even the first part is readable) or -ENOMEM. */
static char *copy_mount_options(const void __user *udata, int *err)
{
	char *buf = kmalloc(PAGE_SIZE);
	size_t first = PAGE_SIZE - ((unsigned long)udata & (PAGE_SIZE - 1));

	if (!buf) {
		*err = -ENOMEM;
		return NULL;
	}
	if (copy_from_user(buf, (const void __user *)udata, first)) {
		*err = -EFAULT;
		kfree(buf);
		return NULL;
	}
	if (first < PAGE_SIZE &&
	    copy_from_user(buf + first, (const void __user *)(udata + first), PAGE_SIZE - first))
		memset(buf + first, 0, PAGE_SIZE - first);
	buf[PAGE_SIZE - 1] = '\0';
	return buf;
}

/* mount(2): 0 or -errno (see the file comment and kernel/mount.h). */
long sys_mount(const char __user *usrc, const char __user *utarget, const char __user *utype,
	       long flags, const void __user *udata)
{
	int err = 0;
	char *type = NULL, *src = NULL, *data = NULL;
	struct inode *dir = NULL;
	uint32_t fl = flags;

	if (utype && !(type = copy_mount_string(utype, &err)))
		goto out;
	if (usrc && !(src = copy_mount_string(usrc, &err)))
		goto out;
	if (udata && !(data = copy_mount_options(udata, &err)))
		goto out;
	dir = namei_user((const char __user *)utarget, &err);
	if (!dir)
		goto out;
	if ((fl & MS_MGC_MSK) == MS_MGC_VAL)
		fl &= ~MS_MGC_MSK;
	if (fl & MS_NOUSER)
		err = -EINVAL;
	else if (!capable(CAP_SYS_ADMIN))
		err = -EPERM;
	else if ((fl & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		err = do_remount(dir, fl, NULL, true);
	else if (fl & MS_REMOUNT)
		err = do_remount(dir, fl, data, false);
	else if (fl & MS_BIND)
		err = -EINVAL; /* no bind mounts */
	else if (fl & PROPAGATION)
		err = do_change_type(dir, fl);
	else if (fl & MS_MOVE)
		err = -EINVAL; /* no moving mounts */
	else
		err = do_new_mount(src, dir, type, fl, data);
out:
	if (dir)
		inode_put(dir);
	kfree(type);
	kfree(src);
	kfree(data);
	return err;
}

/* umount2(2): flags MNT_FORCE, MNT_DETACH, MNT_EXPIRE, UMOUNT_NOFOLLOW
 * (others -EINVAL, before the path is read); 0 or -errno. */
long sys_umount2(const char __user *upath, long flags)
{
	int err = 0;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	unsigned follow = (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct inode *ip = user_lookup_at(AT_FDCWD, upath, follow, 0, &err);
	if (!ip)
		return err;
	err = capable(CAP_SYS_ADMIN) ? do_umount(ip, flags) : -EPERM;
	inode_put(ip);
	return err;
}

/* umount(2), the old call: umount2 without flags. */
long sys_umount(const char __user *upath)
{
	return sys_umount2(upath, 0);
}
