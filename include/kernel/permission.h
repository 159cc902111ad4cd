/*
 * File permission checks with the caller's credentials (fs/permission.c),
 * as Linux's generic_permission, may_create, may_delete and friends.
 */
#ifndef KERNEL_PERMISSION_H
#define KERNEL_PERMISSION_H

#include <kernel/kernel.h>

struct inode;

#define MAY_EXEC 1  /* execute a file, search a directory */
#define MAY_WRITE 2 /* write, or make and remove names in a directory */
#define MAY_READ 4  /* read a file, list a directory */

#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_IXGRP 00010

/* May the caller (its fsuid, fsgid and groups, capabilities) access ip
 * as mask asks? 0 or -EACCES, after ip's own permission hook (/proc/PID:
 * -ESRCH once its process is gone). */
int inode_permission(const struct inode *ip, int mask);
/* May the caller make a name in directory dir (write and search)? 0 or
 * -EACCES. */
int may_create(const struct inode *dir);
/* May the caller remove victim's name from directory dir: write and
 * search on dir (-EACCES), and in a sticky directory own victim or dir or
 * have CAP_FOWNER (-EPERM)? */
int may_delete(const struct inode *dir, const struct inode *victim);
/* Is the caller ip's owner (by fsuid) or has it CAP_FOWNER? */
bool inode_owner_or_capable(const struct inode *ip);
/* May the caller link to ip (protected_hardlinks, as Debian's default):
 * 0, or -EPERM unless it owns ip, has CAP_FOWNER, or ip is a regular
 * file without set-ID bits that it may read and write. */
int may_linkat(const struct inode *ip);
/* A new inode ip in directory dir gets the caller's fsuid, and its fsgid
 * or, in a set-group-ID directory, dir's group (a new directory there
 * is set-group-ID too; a new group-executable file keeps S_ISGID only if
 * the caller is in that group or has CAP_FSETID). */
void inode_init_owner(struct inode *ip, const struct inode *dir);
/* ip is being written or truncated: drop its set-user-ID bit, and its
 * set-group-ID bit when group-executable or the caller is not in its
 * group, unless the caller has CAP_FSETID (Linux's file_remove_privs). */
void file_remove_privs(struct inode *ip);
/* The mode chmod sets on ip: mode, without S_ISGID when the caller is not
 * in group gid and lacks CAP_FSETID. */
uint32_t chmod_mode(const struct inode *ip, uint32_t mode, uint32_t gid);

#endif
