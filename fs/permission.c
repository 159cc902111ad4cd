/*
 * File permission checks, as Linux's fs/namei.c and fs/attr.c make them
 * with the caller's file-system ids:
 *
 *   - the owner class when the fsuid owns the file, else the group class
 *     when the file's group is the fsgid or a supplementary group, else
 *     the other class; the class's bits must hold every bit asked for;
 *   - CAP_DAC_READ_SEARCH overrides reading any file and reading or
 *     searching a directory; CAP_DAC_OVERRIDE overrides everything, except
 *     executing a file that has no execute bit at all;
 *   - making or removing a name needs write and search permission on the
 *     directory; in a sticky directory (S_ISVTX) only the owner of the
 *     name's inode or of the directory (or CAP_FOWNER) may remove it.
 *
 * Before the first process exists (boot) every check passes.
 */
#include <kernel/permission.h>
#include <kernel/cred.h>
#include <kernel/proc.h>
#include <kernel/fs.h>

/* The permission bits of ip's class for the caller (owner, group, other),
 * shifted down to the rwx of the other class. */
static uint32_t class_bits(const struct inode *ip)
{
	const struct cred *c = &current->cred;

	if (ip->uid == c->fsuid)
		return (ip->mode >> 6) & 7;
	if (in_group_p(ip->gid))
		return (ip->mode >> 3) & 7;
	return ip->mode & 7;
}

/* Linux's inode_permission: ip's own hook (a /proc/PID directory: -ESRCH
 * once its process is gone), then generic_permission's mode bits and DAC
 * capabilities. Returns 0 or -errno (-EACCES). */
int inode_permission(const struct inode *ip, int mask)
{
	int err = dir_permission((struct inode *)ip); /* a /proc/PID hook first */

	if (err)
		return err;
	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (!current || !(mask & ~class_bits(ip)))
		return 0;
	if (S_ISDIR(ip->mode)) {
		if (!(mask & MAY_WRITE) && capable(CAP_DAC_READ_SEARCH))
			return 0;
		return capable(CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	if (mask == MAY_READ && capable(CAP_DAC_READ_SEARCH))
		return 0;
	if ((!(mask & MAY_EXEC) || (ip->mode & 0111)) && capable(CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

/* Write and search permission on dir: 0 or -EACCES. */
int may_create(const struct inode *dir)
{
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* See permission.h: 0, -EACCES or -EPERM (sticky directory). */
int may_delete(const struct inode *dir, const struct inode *victim)
{
	int err = may_create(dir);

	if (err || !current)
		return err;
	if ((dir->mode & S_ISVTX) && victim->uid != current->cred.fsuid &&
	    dir->uid != current->cred.fsuid && !capable(CAP_FOWNER))
		return -EPERM;
	return 0;
}

/* Owner by fsuid, or CAP_FOWNER. */
bool inode_owner_or_capable(const struct inode *ip)
{
	return !current || ip->uid == current->cred.fsuid || capable(CAP_FOWNER);
}

/* Is ip a file one may link to without owning it? */
static bool safe_hardlink_source(const struct inode *ip)
{
	if (!S_ISREG(ip->mode) || (ip->mode & S_ISUID))
		return false;
	if ((ip->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		return false;
	return inode_permission(ip, MAY_READ | MAY_WRITE) == 0;
}

/* protected_hardlinks: 0 or -EPERM (see permission.h). */
int may_linkat(const struct inode *ip)
{
	return safe_hardlink_source(ip) || inode_owner_or_capable(ip) ? 0 : -EPERM;
}

/* Is the caller in group gid, or has it CAP_FSETID? */
static bool in_group_or_capable(uint32_t gid)
{
	return in_group_p(gid) || capable(CAP_FSETID);
}

/* Owner and group of a new inode (see permission.h). */
void inode_init_owner(struct inode *ip, const struct inode *dir)
{
	if (!current)
		return;
	ip->uid = current->cred.fsuid;
	ip->gid = current->cred.fsgid;
	if (!dir || !(dir->mode & S_ISGID))
		return;
	ip->gid = dir->gid;
	if (S_ISDIR(ip->mode))
		ip->mode |= S_ISGID;
	else if ((ip->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
		 !in_group_or_capable(dir->gid))
		ip->mode &= ~S_ISGID;
}

/* Clear ip's set-ID bits as a write by the caller does (permission.h). */
void file_remove_privs(struct inode *ip)
{
	uint32_t kill = 0;

	if (!S_ISREG(ip->mode) || !current || capable(CAP_FSETID))
		return;
	if (ip->mode & S_ISUID)
		kill |= S_ISUID;
	if ((ip->mode & S_ISGID) && ((ip->mode & S_IXGRP) || !in_group_p(ip->gid)))
		kill |= S_ISGID;
	if (kill) {
		ip->mode &= ~kill;
		touch_ctime(ip);
	}
}

/* chmod's mode (see permission.h). */
uint32_t chmod_mode(const struct inode *ip, uint32_t mode, uint32_t gid)
{
	if ((mode & S_ISGID) && current && !in_group_or_capable(gid))
		mode &= ~S_ISGID;
	return mode;
}
