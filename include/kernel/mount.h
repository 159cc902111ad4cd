/*
 * mount(2) and umount2(2): the flag values (Linux's) and the operations
 * fs/mount.c does for syscalls/mount.c. The path-walk side of mounts
 * (mount_cross, may_write_fs...) is in kernel/fs.h.
 */
#ifndef KERNEL_MOUNT_H
#define KERNEL_MOUNT_H

#include <kernel/fs.h>

#define TMPFS_MAGIC 0x01021994 /* what tmpfs (and the root ramfs) report */
#define RAMFS_MAGIC 0x858458f6
#define PROC_SUPER_MAGIC 0x9fa0 /* what /proc reports */

/* mount(2) flags */
#define MS_RDONLY 0x1
#define MS_NOSUID 0x2
#define MS_NODEV 0x4
#define MS_NOEXEC 0x8
#define MS_SYNCHRONOUS 0x10
#define MS_REMOUNT 0x20
#define MS_MANDLOCK 0x40
#define MS_DIRSYNC 0x80
#define MS_NOSYMFOLLOW 0x100
#define MS_NOATIME 0x400
#define MS_NODIRATIME 0x800
#define MS_BIND 0x1000
#define MS_MOVE 0x2000
#define MS_REC 0x4000
#define MS_SILENT 0x8000
#define MS_UNBINDABLE (1u << 17)
#define MS_PRIVATE (1u << 18)
#define MS_SLAVE (1u << 19)
#define MS_SHARED (1u << 20)
#define MS_RELATIME (1u << 21)
#define MS_STRICTATIME (1u << 24)
#define MS_LAZYTIME (1u << 25)
#define MS_NOUSER (1u << 31)
#define MS_MGC_VAL 0xC0ED0000u /* the old magic in the top half, ignored */
#define MS_MGC_MSK 0xffff0000u

/* umount2(2) flags */
#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8

/* A new tmpfs or ramfs (type) on directory dir, with MS_* flags and the
 * option text data (may be NULL): 0, -EINVAL (no type, a bad option),
 * -ENODEV (an unknown type), -ENOTDIR, -ENOENT (dir removed), -ENOSPC
 * (too many mounts), -ENOMEM. */
int do_new_mount(const char *source, struct inode *dir, const char *type, uint32_t flags,
		 const char *data);
/* MS_REMOUNT of the file system whose root is dir: new flags (and, unless
 * bind, options): 0, -EINVAL (not a mount's root, a bad option, a size
 * below what is in use), -EBUSY (read-only with a file open for writing). */
int do_remount(struct inode *dir, uint32_t flags, const char *data, bool bind);
/* MS_SHARED/MS_PRIVATE/MS_SLAVE/MS_UNBINDABLE on a mount's root: 0 or
 * -EINVAL. */
int do_change_type(struct inode *dir, uint32_t flags);
/* umount2 of the file system whose root is ip, with MNT_* flags: 0,
 * -EINVAL (not a mount's root), -EAGAIN (MNT_EXPIRE the first time),
 * -EBUSY (in use, without MNT_DETACH). */
int do_umount(struct inode *ip, uint32_t flags);
/* True iff reading ip should leave its atime alone (noatime, read-only). */
bool fs_noatime(const struct inode *ip);
/* Does execve of ip ignore its set-ID bits (MS_NOSUID)? */
bool fs_nosuid(const struct inode *ip);

#endif
