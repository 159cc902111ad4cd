/*
 * Credentials: who a process is, as Linux's struct cred. Each process has
 * real, effective, saved and file-system user and group ids, a sorted list
 * of supplementary groups (shared between processes until one changes it,
 * counted), and capability sets as 64-bit masks, one bit per CAP_*.
 *
 * fork copies them; execve keeps them but for the set-user-ID and
 * set-group-ID bits of the program and Linux's rules for capabilities
 * (kernel/cred.c). Permission checks ask capable(cap) for a privilege and
 * compare the fsuid and fsgid (in_group_p) with a file's owner and group.
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include <kernel/kernel.h>

typedef uint32_t uid_t;
typedef uint32_t gid_t;

#define INVALID_ID 0xffffffffu /* (uid_t)-1: "no change", never a real id */
#define OVERFLOW_ID 65534      /* what a 16-bit call shows for a larger id */
#define NGROUPS_MAX 65536      /* supplementary groups a process may hold */

/* The capabilities, Linux's numbers (<linux/capability.h>). */
#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
#define CAP_FSETID 4
#define CAP_KILL 5
#define CAP_SETGID 6
#define CAP_SETUID 7
#define CAP_SETPCAP 8
#define CAP_LINUX_IMMUTABLE 9
#define CAP_NET_BIND_SERVICE 10
#define CAP_NET_ADMIN 12
#define CAP_IPC_LOCK 14
#define CAP_SYS_CHROOT 18
#define CAP_SYS_PTRACE 19
#define CAP_SYS_ADMIN 21
#define CAP_SYS_BOOT 22
#define CAP_SYS_NICE 23
#define CAP_SYS_RESOURCE 24
#define CAP_SYS_TIME 25
#define CAP_MKNOD 27
#define CAP_LEASE 28
#define CAP_SETFCAP 31
#define CAP_MAC_OVERRIDE 32
#define CAP_SYSLOG 34
#define CAP_LAST_CAP 40 /* CAP_CHECKPOINT_RESTORE, the last of Linux 6.1 */

#define CAP_BIT(cap) (1ull << (cap))
#define CAP_FULL_SET ((1ull << (CAP_LAST_CAP + 1)) - 1) /* every capability */
/* What a file-system uid of 0 brings, as Linux's CAP_FS_SET: dropped from
 * the effective set when the fsuid leaves 0, raised when it comes back. */
#define CAP_FS_SET                                                                  \
	(CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_DAC_OVERRIDE) |      \
	 CAP_BIT(CAP_DAC_READ_SEARCH) | CAP_BIT(CAP_FOWNER) | CAP_BIT(CAP_FSETID) | \
	 CAP_BIT(CAP_MAC_OVERRIDE))

/* A sorted list of supplementary group ids, shared by the processes that
 * hold it (refcount) and never changed once made. */
struct group_info {
	int refcount;
	int ngroups;
	gid_t gid[];
};

struct cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	struct group_info *groups; /* NULL: none */
	uint64_t cap_inheritable, cap_permitted, cap_effective;
	uint64_t cap_bset;    /* the bounding set: what execve may grant */
	uint64_t cap_ambient; /* kept across execve by unprivileged programs (none) */
	bool keep_caps;	      /* PR_SET_KEEPCAPS: a uid change keeps permitted */
};

struct proc;
struct inode;

/* The credentials of init: root, no groups, every capability. */
void cred_init(struct cred *c);
/* The child's copy of parent's credentials (fork, clone): the group list
 * is shared, with one more reference. */
void cred_copy(struct cred *child, const struct cred *parent);
/* Drop what c holds (the group list's reference); c is dead afterwards. */
void cred_release(struct cred *c);
/* Does the current process have capability cap in its effective set? */
bool capable(int cap);
/* Is gid the current process's fsgid or one of its supplementary groups? */
bool in_group_p(gid_t gid);
/* Is gid c's effective gid or one of its supplementary groups? */
bool in_egroup_p(const struct cred *c, gid_t gid);
/* execve's credentials for program ip (its set-ID bits; nosuid and the
 * caller's no_new_privs ignore them) and the capability rules of a root or
 * non-root program. Returns whether the new image is dumpable. */
bool cred_exec(struct cred *c, const struct inode *ip, bool nosuid);
/* After setuid, setreuid or setresuid changed old into new: Linux's
 * capability fix-ups for uids that left or reached 0. */
void cred_fix_setuid(struct cred *new, const struct cred *old);
/* After setfsuid changed old into new: CAP_FS_SET follows the fsuid. */
void cred_fix_setfsuid(struct cred *new, const struct cred *old);
/* Make new the caller's credentials (the same group list). As Linux's
 * commit_creds, a change of the effective or fs ids, or a permitted set
 * that grows, makes the process non-dumpable (proc's not_dumpable) and
 * clears its PR_SET_PDEATHSIG signal. */
void cred_commit(const struct cred *new);
/* May the caller look into process p (its memory maps, environment, exe,
 * cwd and root links), as Linux's ptrace_may_access in PTRACE_MODE_READ
 * with fs ids: itself; a dumpable process whose uids all equal the
 * caller's fsuid and gids its fsgid; anything with CAP_SYS_PTRACE. */
bool may_inspect(const struct proc *p);
/* Replace c's group list by g (its reference passes to c). */
void cred_set_groups(struct cred *c, struct group_info *g);
/* A new group list of n entries (refcount 1), or NULL. */
struct group_info *groups_alloc(int n);
void groups_put(struct group_info *g);
/* Sort g's entries in increasing order (as getgroups shows them). */
void groups_sort(struct group_info *g);

/* syscalls/cred.c: prctl's PR_GET/SET_KEEPCAPS, PR_CAPBSET_READ/DROP,
 * PR_GET/SET_SECUREBITS and PR_CAP_AMBIENT. Returns prctl's result. */
long cap_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);

/* The 16-bit ids of the old calls: (uint16_t)-1 means -1, and an id over
 * 65535 shows as OVERFLOW_ID. */
static inline uid_t low2high(uint32_t id16)
{
	id16 &= 0xffff;
	return id16 == 0xffff ? INVALID_ID : id16;
}

/* An id as a 16-bit call returns it: OVERFLOW_ID when it does not fit. */
static inline uint32_t high2low(uint32_t id)
{
	return id > 0xffff ? OVERFLOW_ID : id;
}

#endif
