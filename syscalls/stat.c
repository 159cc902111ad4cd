/*
 * stat64, lstat64, fstat64, fstatat64 and statx, filling Linux i386's 96-byte
 * struct stat64. lstat64 and AT_SYMLINK_NOFOLLOW describe a symbolic link
 * itself (its size is its target's length); the others what it names.
 */
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

struct stat64 {
	uint64_t st_dev;
	uint8_t __pad0[4];
	uint32_t __st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint8_t __pad3[4];
	int64_t st_size;
	uint32_t st_blksize;
	uint64_t st_blocks;
	uint32_t st_atime, st_atime_nsec;
	uint32_t st_mtime, st_mtime_nsec;
	uint32_t st_ctime, st_ctime_nsec;
	uint64_t st_ino;
} __packed;

_Static_assert(sizeof(struct stat64) == 96, "struct stat64 must match Linux i386");

/* Copy ip's struct stat64 to ubuf: 0 or -EFAULT. */
static long fill_stat(struct inode *ip, void __user *ubuf)
{
	struct stat64 st;

	memset(&st, 0, sizeof(st));
	st.st_dev = inode_dev(ip);
	st.__st_ino = ip->ino;
	st.st_ino = ip->ino;
	st.st_mode = ip->mode;
	st.st_nlink = ip->nlink;
	st.st_rdev = ip->rdev;
	st.st_size = S_ISREG(ip->mode) || S_ISLNK(ip->mode) ? ip->size : 0;
	st.st_uid = ip->uid;
	st.st_atime = ip->atime.sec;
	st.st_atime_nsec = ip->atime.nsec;
	st.st_mtime = ip->mtime.sec;
	st.st_mtime_nsec = ip->mtime.nsec;
	st.st_ctime = ip->ctime.sec;
	st.st_ctime_nsec = ip->ctime.nsec;
	st.st_gid = ip->gid;
	st.st_blksize = PAGE_SIZE;
	st.st_blocks = (uint64_t)ip->npages * (PAGE_SIZE / 512); /* holes take none */
	if (copy_to_user((void __user *)ubuf, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

/* stat of upath relative to dirfd with AT_* flags: 0 or -errno. */
static long stat_at(int dirfd, const char __user *upath, void __user *ubuf, long flags)
{
	int err = 0;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	char *path = getname((const char __user *)upath, &err);
	if (!path) {
		if (err == -ENOENT && (flags & AT_EMPTY_PATH)) {
			if (dirfd == AT_FDCWD)
				return fill_stat(current->cwd, ubuf);
			struct file *f = fget_raw(dirfd);
			if (!f || !f->inode)
				return -EBADF;
			return fill_stat(f->inode, ubuf);
		}
		return err;
	}
	struct inode *base = dirfd_inode(dirfd, path, &err);
	unsigned follow = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct inode *ip = base ? lookup_at(base, path, follow, &err) : NULL;
	kfree(path);
	if (!ip)
		return err;
	err = fill_stat(ip, ubuf);
	inode_put(ip);
	return err;
}

/* stat64(2). */
long sys_stat64(const char __user *path, void __user *buf)
{
	return stat_at(AT_FDCWD, path, buf, 0);
}

/* lstat64(2): stat64 of a symbolic link itself. */
long sys_lstat64(const char __user *path, void __user *buf)
{
	return stat_at(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW);
}

/* fstatat64(2). */
long sys_fstatat64(long dirfd, const char __user *path, void __user *buf, long flags)
{
	return stat_at(dirfd, path, buf, flags);
}

/* fstat64(2): 0, -EBADF or -EFAULT. */
long sys_fstat64(long fd, void __user *buf)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	if (!f->inode)
		return -EBADF;
	return fill_stat(f->inode, buf);
}

#define STATX_BASIC_STATS 0x7ff /* type, mode, nlink, uid, gid, times, ino, size, blocks */
#define STATX_MNT_ID 0x1000	/* stx_mnt_id: always given, as Linux */
#define STATX__RESERVED 0x80000000u
#define AT_STATX_SYNC_TYPE 0x6000

struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t __reserved;
};

struct statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, __spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint64_t __spare2[13];
};

_Static_assert(sizeof(struct statx) == 256, "struct statx must match Linux");

/* A statx timestamp of t. */
static struct statx_timestamp sx_time(struct ftime t)
{
	struct statx_timestamp s = { t.sec, t.nsec, 0 };
	return s;
}

/* statx(2): the basic stats of upath from dirfd (no birth time) and the
 * mount id, whatever the mask asks. 0, -EINVAL for bad flags or a reserved mask bit, or the
 * lookup's error. */
long sys_statx(long dirfd, const char __user *upath, long flags, long mask, void __user *ubuf)
{
	int err = 0;
	struct statx sx;

	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if ((uint32_t)mask & STATX__RESERVED)
		return -EINVAL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	unsigned follow = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct inode *ip = user_lookup_at(dirfd, upath, follow, flags, &err);
	if (!ip)
		return err;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	sx.stx_blksize = PAGE_SIZE;
	sx.stx_nlink = ip->nlink;
	sx.stx_uid = ip->uid;
	sx.stx_gid = ip->gid;
	sx.stx_mode = ip->mode;
	sx.stx_ino = ip->ino;
	sx.stx_size = S_ISREG(ip->mode) || S_ISLNK(ip->mode) ? ip->size : 0;
	sx.stx_blocks = (uint64_t)ip->npages * (PAGE_SIZE / 512);
	sx.stx_atime = sx_time(ip->atime);
	sx.stx_mtime = sx_time(ip->mtime);
	sx.stx_ctime = sx_time(ip->ctime);
	sx.stx_rdev_major = MAJOR(ip->rdev);
	sx.stx_rdev_minor = MINOR(ip->rdev);
	sx.stx_dev_major = MAJOR(inode_dev(ip));
	sx.stx_dev_minor = MINOR(inode_dev(ip));
	sx.stx_mnt_id = MINOR(inode_dev(ip)); /* one mount per file system: its number */
	inode_put(ip);
	if (copy_to_user((void __user *)ubuf, &sx, sizeof(sx)))
		return -EFAULT;
	return 0;
}

struct statfs64 {
	uint32_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} __packed;

_Static_assert(sizeof(struct statfs64) == 84, "struct statfs64 must match Linux i386");

/* Copy the statfs64 of ip's file system (sz must be its size) to ubuf:
 * 0, -EINVAL or -EFAULT. */
static long fill_statfs(const struct inode *ip, long sz, void __user *ubuf)
{
	struct statfs64 sf;
	struct kstatfs st;

	if (sz != sizeof(sf))
		return -EINVAL;
	fs_statfs(ip, &st);
	memset(&sf, 0, sizeof(sf));
	sf.f_type = st.type;
	sf.f_bsize = st.bsize;
	sf.f_frsize = st.frsize;
	sf.f_blocks = st.blocks;
	sf.f_bfree = st.bfree;
	sf.f_bavail = st.bavail;
	sf.f_files = st.files;
	sf.f_ffree = st.ffree;
	sf.f_fsid[0] = st.fsid;
	sf.f_namelen = st.namelen;
	sf.f_flags = st.flags;
	if (copy_to_user((void __user *)ubuf, &sf, sizeof(sf)))
		return -EFAULT;
	return 0;
}

/* The old struct statfs of statfs(2) and fstatfs(2): 32-bit counts. */
struct statfs32 {
	uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};

_Static_assert(sizeof(struct statfs32) == 64, "struct statfs must match Linux i386");

/* Copy the old 32-bit statfs of ip's file system to ubuf: 0, -EOVERFLOW
 * when a count does not fit 32 bits (as Linux), or -EFAULT. */
static long fill_statfs32(const struct inode *ip, void __user *ubuf)
{
	struct statfs32 sf;
	struct kstatfs st;

	fs_statfs(ip, &st);
	if ((st.blocks | st.bfree | st.bavail | st.files | st.ffree) >> 32)
		return -EOVERFLOW;
	memset(&sf, 0, sizeof(sf));
	sf.f_type = st.type;
	sf.f_bsize = st.bsize;
	sf.f_frsize = st.frsize;
	sf.f_blocks = (uint32_t)st.blocks;
	sf.f_bfree = (uint32_t)st.bfree;
	sf.f_bavail = (uint32_t)st.bavail;
	sf.f_files = (uint32_t)st.files;
	sf.f_ffree = (uint32_t)st.ffree;
	sf.f_fsid[0] = st.fsid;
	sf.f_namelen = st.namelen;
	sf.f_flags = st.flags;
	if (copy_to_user((void __user *)ubuf, &sf, sizeof(sf)))
		return -EFAULT;
	return 0;
}

/* statfs(2): the old form of statfs64, with 32-bit counts. */
long sys_statfs(const char __user *upath, void __user *ubuf)
{
	int err = 0;
	struct inode *ip = namei_user((const char __user *)upath, &err);

	if (!ip)
		return err;
	err = fill_statfs32(ip, ubuf);
	inode_put(ip);
	return err;
}

/* fstatfs(2): the old form of fstatfs64. */
long sys_fstatfs(long fd, void __user *ubuf)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	return fill_statfs32(f->inode ? f->inode : root_inode, ubuf);
}

/* statfs64(2): the file system holding upath. */
long sys_statfs64(const char __user *upath, long sz, void __user *ubuf)
{
	int err = 0;
	struct inode *ip = namei_user((const char __user *)upath, &err);

	if (!ip)
		return err;
	err = fill_statfs(ip, sz, ubuf);
	inode_put(ip);
	return err;
}

/* fstatfs64(2): the file system holding fd's file (the root ramfs for
 * a file with no inode). */
long sys_fstatfs64(long fd, long sz, void __user *ubuf)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	return fill_statfs(f->inode ? f->inode : root_inode, sz, ubuf);
}
