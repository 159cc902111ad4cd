/*
 * Credentials (include/kernel/cred.h): their birth with init, their copy
 * at fork, their change at execve, and the capability rules that follow
 * a change of user ids, all as Linux's kernel/cred.c and
 * security/commoncap.c do them without file capabilities or securebits
 * other than keep-caps:
 *
 *   - init is root (all ids 0) with every capability in its permitted,
 *     effective and bounding sets, and no supplementary groups.
 *   - execve: a set-user-ID program makes its owner the effective uid, a
 *     set-group-ID program with group execute its group the effective gid
 *     (not on a nosuid mount, nor after PR_SET_NO_NEW_PRIVS); then the
 *     saved and file-system ids become
 *     the effective ones. A process whose real or effective uid is then 0
 *     gets the bounding and inheritable sets as its permitted set (and as
 *     its effective set when the effective uid is 0); any other gets none.
 *     PR_SET_KEEPCAPS is cleared. The process is dumpable again unless
 *     the ids differ (a set-ID program) or it could not read the program.
 *   - a change of the effective or fs ids makes a process non-dumpable: no
 *     core, and its /proc/PID files belong to root.
 *   - leaving uid 0 (no real, effective or saved uid left 0) clears the
 *     permitted and effective sets unless keep_caps; an effective uid that
 *     leaves 0 clears the effective set, one that becomes 0 gets the
 *     permitted set; an fsuid that leaves or becomes 0 drops or raises
 *     CAP_FS_SET in the effective set.
 */
#include <kernel/cred.h>
#include <kernel/proc.h>
#include <kernel/fs.h>
#include <kernel/permission.h>
#include <kernel/mm.h>
#include <lib/sort.h>

/* Root with every capability and no groups. */
void cred_init(struct cred *c)
{
	memset(c, 0, sizeof(*c));
	c->cap_permitted = c->cap_effective = c->cap_bset = CAP_FULL_SET;
}

/* A copy of parent in child, sharing (and counting) the group list. */
void cred_copy(struct cred *child, const struct cred *parent)
{
	*child = *parent;
	if (child->groups)
		child->groups->refcount++;
}

/* Let go of c's group list. */
void cred_release(struct cred *c)
{
	groups_put(c->groups);
	c->groups = NULL;
}

/* Is cap in the current process's effective set? Before the first
 * process (boot), everything is allowed. */
bool capable(int cap)
{
	if (!current)
		return true;
	return cap >= 0 && cap <= CAP_LAST_CAP && (current->cred.cap_effective & CAP_BIT(cap));
}

/* Binary search of g's sorted list for gid. */
static bool groups_search(const struct group_info *g, gid_t gid)
{
	int lo = 0, hi = g ? g->ngroups : 0;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (g->gid[mid] == gid)
			return true;
		if (g->gid[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Is gid the caller's fsgid or one of its groups? (Boot: only gid 0.) */
bool in_group_p(gid_t gid)
{
	if (!current)
		return gid == 0;
	return gid == current->cred.fsgid || groups_search(current->cred.groups, gid);
}

/* Is gid c's egid or one of its groups? */
bool in_egroup_p(const struct cred *c, gid_t gid)
{
	return gid == c->egid || groups_search(c->groups, gid);
}

/* A group list for n gids with refcount 1, or NULL without memory. */
struct group_info *groups_alloc(int n)
{
	struct group_info *g = kmalloc(sizeof(*g) + (size_t)n * sizeof(gid_t));

	if (g) {
		g->refcount = 1;
		g->ngroups = n;
	}
	return g;
}

/* Drop one reference to g (NULL is none), freeing it with the last. */
void groups_put(struct group_info *g)
{
	if (g && --g->refcount == 0)
		kfree(g);
}

/* Order of two gids for sort(). Returns <0, 0 or >0. */
static int gid_cmp(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort g's gids in increasing order. */
void groups_sort(struct group_info *g)
{
	sort(g->gid, (size_t)g->ngroups, sizeof(gid_t), gid_cmp);
}

/* c's groups become g (which c now holds); the old list is dropped. */
void cred_set_groups(struct cred *c, struct group_info *g)
{
	groups_put(c->groups);
	c->groups = g;
}

/* The set-ID bits of program ip, then the capabilities of the new image. */
bool cred_exec(struct cred *c, const struct inode *ip, bool nosuid)
{
	bool readable = inode_permission(ip, MAY_READ) == 0; /* by the old ids */

	if (!nosuid && !current->no_new_privs) {
		if (ip->mode & S_ISUID)
			c->euid = ip->uid;
		if ((ip->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			c->egid = ip->gid;
	}
	bool is_setid = c->euid != c->uid || c->egid != c->gid;
	uint64_t permitted = 0;
	if (c->euid == 0 || c->uid == 0)
		permitted = c->cap_bset | c->cap_inheritable;
	if (is_setid)
		c->cap_ambient = 0;
	c->cap_permitted = permitted | c->cap_ambient;
	c->cap_effective = c->euid == 0 ? c->cap_permitted : c->cap_ambient;
	c->suid = c->fsuid = c->euid;
	c->sgid = c->fsgid = c->egid;
	c->keep_caps = false;
	return readable && c->euid == c->uid && c->egid == c->gid;
}

/* See cred.h: the read mode of Linux's ptrace_may_access. */
bool may_inspect(const struct proc *p)
{
	const struct cred *c = &current->cred, *t = &p->cred;

	if (!current || p == current || capable(CAP_SYS_PTRACE))
		return true;
	return !p->not_dumpable && c->fsuid == t->uid && c->fsuid == t->euid &&
	       c->fsuid == t->suid && c->fsgid == t->gid && c->fsgid == t->egid &&
	       c->fsgid == t->sgid;
}

/* Install new as the current credentials; a change of identity makes the
 * process non-dumpable and clears its death signal, as Linux's
 * commit_creds. */
void cred_commit(const struct cred *new)
{
	struct cred *old = &current->cred;

	if (new->euid != old->euid || new->egid != old->egid || new->fsuid != old->fsuid ||
	    new->fsgid != old->fsgid || (new->cap_permitted & ~old->cap_permitted)) {
		current->not_dumpable = true;
		current->pdeath_signal = 0;
	}
	*old = *new;
}

/* After setuid, setreuid or setresuid turned old into new: Linux's
 * capability fix-ups for the uids that left or reached 0. */
void cred_fix_setuid(struct cred *new, const struct cred *old)
{
	if ((old->uid == 0 || old->euid == 0 || old->suid == 0) &&
	    (new->uid != 0 && new->euid != 0 && new->suid != 0)) {
		if (!new->keep_caps)
			new->cap_permitted = new->cap_effective = 0;
		new->cap_ambient = 0;
	}
	if (old->euid == 0 && new->euid != 0)
		new->cap_effective = 0;
	if (old->euid != 0 && new->euid == 0)
		new->cap_effective = new->cap_permitted;
}

/* After setfsuid turned old into new: CAP_FS_SET follows an fsuid that
 * leaves or reaches 0. */
void cred_fix_setfsuid(struct cred *new, const struct cred *old)
{
	if (old->fsuid == 0 && new->fsuid != 0)
		new->cap_effective &= ~CAP_FS_SET;
	if (old->fsuid != 0 && new->fsuid == 0)
		new->cap_effective |= new->cap_permitted &CAP_FS_SET;
}
