/*
 * The credential calls, with Linux's permission rules (man 2 setuid,
 * setreuid, setresuid, setfsuid, setgroups, capget):
 *
 *   setuid(u)      CAP_SETUID: every uid becomes u; else u must be the
 *                  real or saved uid, and becomes the effective (and fs) uid
 *   setreuid(r, e) r must be the real or effective uid, e the real,
 *                  effective or saved one (or CAP_SETUID); setting r, or e
 *                  to other than the old real uid, makes the saved uid e
 *   setresuid(r, e, s) each given id must be one of the three (or CAP_SETUID)
 *   setfsuid(u)    u must be one of the four (or CAP_SETUID); returns the
 *                  old fsuid whether or not it changed
 *   setgroups      CAP_SETGID; at most NGROUPS_MAX, none of them -1
 *
 * and the same for gids with CAP_SETGID. An id of -1 means "leave it";
 * setuid(-1) and setgid(-1) are -EINVAL. The effective id always carries
 * the fs id with it. Capabilities follow the uids (kernel/cred.c). The old
 * 16-bit calls take ids whose 0xffff is -1 and show ids above 65535 as
 * 65534. Each call builds the new credentials aside and installs them
 * only when every check passed.
 *
 * capget/capset speak Linux's three header versions (1: one 32-bit word
 * per set, 2 and 3: two); any other version is -EINVAL with version 3
 * written back, which is how libraries ask for it.
 */
#include <kernel/cred.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define cur (&current->cred)

/* ---- getting the ids ---- */

/* getuid32(): the real uid. */
long sys_getuid32(void)
{
	return cur->uid;
}

/* getgid32(): the real gid. */
long sys_getgid32(void)
{
	return cur->gid;
}

/* geteuid32(): the effective uid. */
long sys_geteuid32(void)
{
	return cur->euid;
}

/* getegid32(): the effective gid. */
long sys_getegid32(void)
{
	return cur->egid;
}

/* getuid(): the real uid, 16 bits. */
long sys_getuid(void)
{
	return high2low(cur->uid);
}

/* getgid(): the real gid, 16 bits. */
long sys_getgid(void)
{
	return high2low(cur->gid);
}

/* geteuid(): the effective uid, 16 bits. */
long sys_geteuid(void)
{
	return high2low(cur->euid);
}

/* getegid(): the effective gid, 16 bits. */
long sys_getegid(void)
{
	return high2low(cur->egid);
}

/* Store three ids at user addresses a, b, c, as 32-bit or (wide false)
 * 16-bit values, stopping at the first that faults: 0 or -EFAULT. */
static long put_three(void __user *a, void __user *b, void __user *c, uint32_t x, uint32_t y,
		      uint32_t z, bool wide)
{
	if (wide)
		return put_user(x, (uint32_t __user *)a) || put_user(y, (uint32_t __user *)b) ||
				       put_user(z, (uint32_t __user *)c)
			       ? -EFAULT
			       : 0;
	return put_user((uint16_t)high2low(x), (uint16_t __user *)a) ||
			       put_user((uint16_t)high2low(y), (uint16_t __user *)b) ||
			       put_user((uint16_t)high2low(z), (uint16_t __user *)c)
		       ? -EFAULT
		       : 0;
}

/* getresuid32(r, e, s): the real, effective and saved uids. 0 or -EFAULT. */
long sys_getresuid32(void __user *r, void __user *e, void __user *s)
{
	return put_three(r, e, s, cur->uid, cur->euid, cur->suid, true);
}

/* getresgid32(r, e, s): the real, effective and saved gids. 0 or -EFAULT. */
long sys_getresgid32(void __user *r, void __user *e, void __user *s)
{
	return put_three(r, e, s, cur->gid, cur->egid, cur->sgid, true);
}

/* getresuid(r, e, s): the same as 16-bit ids. */
long sys_getresuid(void __user *r, void __user *e, void __user *s)
{
	return put_three(r, e, s, cur->uid, cur->euid, cur->suid, false);
}

/* getresgid(r, e, s): the same as 16-bit ids. */
long sys_getresgid(void __user *r, void __user *e, void __user *s)
{
	return put_three(r, e, s, cur->gid, cur->egid, cur->sgid, false);
}

/* ---- setting the uids ---- */

/* Install new as the caller's credentials (the group list unchanged).
 * Returns 0. */
static long commit(const struct cred *new)
{
	cred_commit(new);
	return 0;
}

/* setuid(u); see the top. 0, -EINVAL (u is -1) or -EPERM. */
static long do_setuid(uid_t u)
{
	struct cred new = *cur;

	if (u == INVALID_ID)
		return -EINVAL;
	if (capable(CAP_SETUID))
		new.uid = new.suid = u;
	else if (u != cur->uid && u != cur->suid)
		return -EPERM;
	new.euid = new.fsuid = u;
	cred_fix_setuid(&new, cur);
	return commit(&new);
}

/* setreuid(r, e); see the top. 0 or -EPERM. */
static long do_setreuid(uid_t r, uid_t e)
{
	struct cred new = *cur;
	bool cap = capable(CAP_SETUID);

	if (r != INVALID_ID) {
		if (r != cur->uid && r != cur->euid && !cap)
			return -EPERM;
		new.uid = r;
	}
	if (e != INVALID_ID) {
		if (e != cur->uid && e != cur->euid && e != cur->suid && !cap)
			return -EPERM;
		new.euid = e;
	}
	if (r != INVALID_ID || (e != INVALID_ID && e != cur->uid))
		new.suid = new.euid;
	new.fsuid = new.euid;
	cred_fix_setuid(&new, cur);
	return commit(&new);
}

/* Is id -1, or one of the caller's real, effective and saved ids a, b, c? */
static bool one_of(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
	return id == INVALID_ID || id == a || id == b || id == c;
}

/* setresuid(r, e, s); see the top. 0 or -EPERM. */
static long do_setresuid(uid_t r, uid_t e, uid_t s)
{
	struct cred new = *cur;

	if (!capable(CAP_SETUID) && (!one_of(r, cur->uid, cur->euid, cur->suid) ||
				     !one_of(e, cur->uid, cur->euid, cur->suid) ||
				     !one_of(s, cur->uid, cur->euid, cur->suid)))
		return -EPERM;
	if (r != INVALID_ID)
		new.uid = r;
	if (e != INVALID_ID)
		new.euid = e;
	if (s != INVALID_ID)
		new.suid = s;
	new.fsuid = new.euid;
	cred_fix_setuid(&new, cur);
	return commit(&new);
}

/* setfsuid(u): the old fsuid, always; u is taken if allowed (see top). */
static long do_setfsuid(uid_t u)
{
	struct cred new = *cur;
	uid_t old = cur->fsuid;

	if (u == INVALID_ID || u == old)
		return old;
	if (u != cur->uid && u != cur->euid && u != cur->suid && !capable(CAP_SETUID))
		return old;
	new.fsuid = u;
	cred_fix_setfsuid(&new, cur);
	commit(&new);
	return old;
}

/* setuid32(uid): see do_setuid. */
long sys_setuid32(long u)
{
	return do_setuid(u);
}

/* setuid(uid) with a 16-bit uid. */
long sys_setuid(long u)
{
	return do_setuid(low2high(u));
}

/* setreuid32(ruid, euid): see do_setreuid. */
long sys_setreuid32(long r, long e)
{
	return do_setreuid(r, e);
}

/* setreuid(ruid, euid) with 16-bit uids. */
long sys_setreuid(long r, long e)
{
	return do_setreuid(low2high(r), low2high(e));
}

/* setresuid32(ruid, euid, suid): see do_setresuid. */
long sys_setresuid32(long r, long e, long s)
{
	return do_setresuid(r, e, s);
}

/* setresuid(ruid, euid, suid) with 16-bit uids. */
long sys_setresuid(long r, long e, long s)
{
	return do_setresuid(low2high(r), low2high(e), low2high(s));
}

/* setfsuid32(uid): see do_setfsuid. */
long sys_setfsuid32(long u)
{
	return do_setfsuid(u);
}

/* setfsuid(uid) with a 16-bit uid; the old fsuid in full. */
long sys_setfsuid(long u)
{
	return do_setfsuid(low2high(u));
}

/* ---- setting the gids: the same rules with CAP_SETGID ---- */

/* setgid(g): 0, -EINVAL (g is -1) or -EPERM. */
static long do_setgid(gid_t g)
{
	struct cred new = *cur;

	if (g == INVALID_ID)
		return -EINVAL;
	if (capable(CAP_SETGID))
		new.gid = new.sgid = g;
	else if (g != cur->gid && g != cur->sgid)
		return -EPERM;
	new.egid = new.fsgid = g;
	return commit(&new);
}

/* setregid(r, e): 0 or -EPERM. */
static long do_setregid(gid_t r, gid_t e)
{
	struct cred new = *cur;
	bool cap = capable(CAP_SETGID);

	if (r != INVALID_ID) {
		if (r != cur->gid && r != cur->egid && !cap)
			return -EPERM;
		new.gid = r;
	}
	if (e != INVALID_ID) {
		if (e != cur->gid && e != cur->egid && e != cur->sgid && !cap)
			return -EPERM;
		new.egid = e;
	}
	if (r != INVALID_ID || (e != INVALID_ID && e != cur->gid))
		new.sgid = new.egid;
	new.fsgid = new.egid;
	return commit(&new);
}

/* setresgid(r, e, s): 0 or -EPERM. */
static long do_setresgid(gid_t r, gid_t e, gid_t s)
{
	struct cred new = *cur;

	if (!capable(CAP_SETGID) && (!one_of(r, cur->gid, cur->egid, cur->sgid) ||
				     !one_of(e, cur->gid, cur->egid, cur->sgid) ||
				     !one_of(s, cur->gid, cur->egid, cur->sgid)))
		return -EPERM;
	if (r != INVALID_ID)
		new.gid = r;
	if (e != INVALID_ID)
		new.egid = e;
	if (s != INVALID_ID)
		new.sgid = s;
	new.fsgid = new.egid;
	return commit(&new);
}

/* setfsgid(g): the old fsgid, always; g is taken if allowed. */
static long do_setfsgid(gid_t g)
{
	struct cred new = *cur;
	gid_t old = cur->fsgid;

	if (g == INVALID_ID)
		return old;
	if (g == cur->gid || g == cur->egid || g == cur->sgid || g == old || capable(CAP_SETGID)) {
		new.fsgid = g;
		commit(&new);
	}
	return old;
}

/* setgid32(gid): see do_setgid. */
long sys_setgid32(long g)
{
	return do_setgid(g);
}

/* setgid(gid) with a 16-bit gid. */
long sys_setgid(long g)
{
	return do_setgid(low2high(g));
}

/* setregid32(rgid, egid): see do_setregid. */
long sys_setregid32(long r, long e)
{
	return do_setregid(r, e);
}

/* setregid(rgid, egid) with 16-bit gids. */
long sys_setregid(long r, long e)
{
	return do_setregid(low2high(r), low2high(e));
}

/* setresgid32(rgid, egid, sgid): see do_setresgid. */
long sys_setresgid32(long r, long e, long s)
{
	return do_setresgid(r, e, s);
}

/* setresgid(rgid, egid, sgid) with 16-bit gids. */
long sys_setresgid(long r, long e, long s)
{
	return do_setresgid(low2high(r), low2high(e), low2high(s));
}

/* setfsgid32(gid): see do_setfsgid. */
long sys_setfsgid32(long g)
{
	return do_setfsgid(g);
}

/* setfsgid(gid) with a 16-bit gid; the old fsgid in full. */
long sys_setfsgid(long g)
{
	return do_setfsgid(low2high(g));
}

/* ---- supplementary groups ---- */

/*
 * getgroups(size, list): the count of supplementary groups; with size
 * > 0 they are also written to list (32-bit or, !wide, 16-bit gids), in
 * increasing order. -EINVAL for a negative size or one below the count,
 * -EFAULT for a list that cannot be written.
 */
static long do_getgroups(long size, void __user *list, bool wide)
{
	const struct group_info *g = cur->groups;
	int n = g ? g->ngroups : 0;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return n;
	if (n > size)
		return -EINVAL;
	if (wide)
		return copy_to_user((void __user *)list, g ? g->gid : NULL, (size_t)n * 4) ? -EFAULT
											   : n;
	for (int i = 0; i < n; i++)
		if (put_user((uint16_t)high2low(g->gid[i]), (uint16_t __user *)list + i))
			return -EFAULT;
	return n;
}

/*
 * setgroups(size, list): the caller's supplementary groups become the
 * size gids at list. In Linux's order: -EPERM without CAP_SETGID, -EINVAL
 * for a size outside 0..NGROUPS_MAX, -ENOMEM, -EFAULT for a list that
 * cannot be read, -EINVAL for a gid of -1 in it.
 */
static long do_setgroups(long size, const void __user *list, bool wide)
{
	if (!capable(CAP_SETGID))
		return -EPERM;
	if ((unsigned long)size > NGROUPS_MAX)
		return -EINVAL;
	struct group_info *g = groups_alloc((int)size);
	if (!g)
		return -ENOMEM;
	long err = 0;
	if (wide) {
		if (copy_from_user(g->gid, (const void __user *)list, (size_t)size * 4))
			err = -EFAULT;
	} else {
		for (long i = 0; i < size && !err; i++) {
			uint16_t v;
			if (get_user(v, (const uint16_t __user *)list + i))
				err = -EFAULT;
			g->gid[i] = low2high(v);
		}
	}
	for (long i = 0; i < size && !err; i++)
		if (g->gid[i] == INVALID_ID)
			err = -EINVAL;
	if (err) {
		groups_put(g);
		return err;
	}
	groups_sort(g);
	cred_set_groups(cur, g);
	return 0;
}

/* getgroups32(size, list): see do_getgroups. */
long sys_getgroups32(long size, void __user *list)
{
	return do_getgroups(size, list, true);
}

/* getgroups(size, list) with 16-bit gids (65534 for a larger one). */
long sys_getgroups(long size, void __user *list)
{
	return do_getgroups(size, list, false);
}

/* setgroups32(size, list): see do_setgroups. */
long sys_setgroups32(long size, const void __user *list)
{
	return do_setgroups(size, list, true);
}

/* setgroups(size, list) with 16-bit gids (0xffff is -1: -EINVAL). */
long sys_setgroups(long size, const void __user *list)
{
	return do_setgroups(size, list, false);
}

/* ---- capabilities ---- */

#define CAP_VERSION_1 0x19980330 /* one 32-bit word a set */
#define CAP_VERSION_2 0x20071026 /* two words (deprecated) */
#define CAP_VERSION_3 0x20080522 /* two words */

struct cap_header {
	uint32_t version;
	int32_t pid;
};

struct cap_data {
	uint32_t effective, permitted, inheritable;
};

/* Read the header's version: the number of cap_data words it means in
 * *words, 0; -EINVAL with version 3 written back for an unknown one;
 * -EFAULT. */
static long cap_version(struct cap_header __user *uhdr, int *words)
{
	uint32_t v;

	if (get_user(v, &uhdr->version))
		return -EFAULT;
	switch (v) {
	case CAP_VERSION_1:
		*words = 1;
		return 0;
	case CAP_VERSION_2:
	case CAP_VERSION_3:
		*words = 2;
		return 0;
	}
	if (put_user((uint32_t)CAP_VERSION_3, (uint32_t __user *)uhdr))
		return -EFAULT;
	return -EINVAL;
}

/*
 * capget(hdr, data): the effective, permitted and inheritable sets of
 * process hdr->pid (0: the caller), zombies included. With a NULL data
 * only the version is checked (and an unknown one reported, returning 0).
 * -EFAULT, -EINVAL (version, a negative pid), -ESRCH.
 */
long sys_capget(struct cap_header __user *uhdr, void __user *udata)
{
	int words = 0;
	long err = cap_version(uhdr, &words);
	int32_t pid;

	if (!udata || err)
		return !udata && err == -EINVAL ? 0 : err;
	if (get_user(pid, &((struct cap_header __user *)uhdr)->pid))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	struct proc *p = pid && pid != current->pid ? proc_find(pid) : current;
	if (!p)
		return -ESRCH;
	const struct cred *c = &p->cred;
	struct cap_data d[2] = {
		{ (uint32_t)c->cap_effective, (uint32_t)c->cap_permitted,
		  (uint32_t)c->cap_inheritable },
		{ (uint32_t)(c->cap_effective >> 32), (uint32_t)(c->cap_permitted >> 32),
		  (uint32_t)(c->cap_inheritable >> 32) },
	};
	return copy_to_user((void __user *)udata, d, words * sizeof(d[0])) ? -EFAULT : 0;
}

/* Is every bit of a in b? */
static bool cap_subset(uint64_t a, uint64_t b)
{
	return !(a & ~b);
}

/*
 * capset(hdr, data): set the caller's own sets (hdr->pid 0 or its pid;
 * else -EPERM). Bits above CAP_LAST_CAP are dropped. As Linux: -EPERM
 * unless the new inheritable set is within the old inheritable and
 * permitted sets (without CAP_SETPCAP) and within the old inheritable and
 * bounding sets, the new permitted set within the old, and the new
 * effective set within the new permitted. The ambient set keeps only what
 * is both permitted and inheritable.
 */
long sys_capset(struct cap_header __user *uhdr, const void __user *udata)
{
	int words = 0;
	long err = cap_version(uhdr, &words);
	int32_t pid;
	struct cap_data d[2] = { 0 };

	if (err)
		return err;
	if (get_user(pid, &((struct cap_header __user *)uhdr)->pid))
		return -EFAULT;
	if (pid != 0 && pid != current->pid)
		return -EPERM;
	if (copy_from_user(d, (const void __user *)udata, words * sizeof(d[0])))
		return -EFAULT;
	uint64_t eff = (d[0].effective | (uint64_t)d[1].effective << 32) & CAP_FULL_SET;
	uint64_t prm = (d[0].permitted | (uint64_t)d[1].permitted << 32) & CAP_FULL_SET;
	uint64_t inh = (d[0].inheritable | (uint64_t)d[1].inheritable << 32) & CAP_FULL_SET;
	if (!capable(CAP_SETPCAP) && !cap_subset(inh, cur->cap_inheritable | cur->cap_permitted))
		return -EPERM;
	if (!cap_subset(inh, cur->cap_inheritable | cur->cap_bset))
		return -EPERM;
	if (!cap_subset(prm, cur->cap_permitted) || !cap_subset(eff, prm))
		return -EPERM;
	cur->cap_effective = eff;
	cur->cap_permitted = prm;
	cur->cap_inheritable = inh;
	cur->cap_ambient &= prm & inh;
	return 0;
}

#define PR_GET_KEEPCAPS 7
#define PR_SET_KEEPCAPS 8
#define PR_CAPBSET_READ 23
#define PR_CAPBSET_DROP 24
#define PR_GET_SECUREBITS 27
#define PR_SET_SECUREBITS 28
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_IS_SET 1
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_LOWER 3
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#define SECBIT_KEEP_CAPS 0x10 /* the securebits word's keep-caps bit */

/* Is cap a capability number this kernel knows? */
static bool cap_valid(unsigned long cap)
{
	return cap <= CAP_LAST_CAP;
}

/* PR_CAP_AMBIENT's operations: 0/1 for IS_SET, else 0, -EINVAL, -EPERM. */
static long ambient_prctl(unsigned long op, unsigned long cap, unsigned long a4, unsigned long a5)
{
	if (op == PR_CAP_AMBIENT_CLEAR_ALL) {
		if (cap || a4 || a5)
			return -EINVAL;
		cur->cap_ambient = 0;
		return 0;
	}
	if (!cap_valid(cap) || a4 || a5)
		return -EINVAL;
	uint64_t bit = CAP_BIT(cap);
	switch (op) {
	case PR_CAP_AMBIENT_IS_SET:
		return (cur->cap_ambient & bit) != 0;
	case PR_CAP_AMBIENT_LOWER:
		cur->cap_ambient &= ~bit;
		return 0;
	case PR_CAP_AMBIENT_RAISE:
		if (!(cur->cap_permitted & bit) || !(cur->cap_inheritable & bit))
			return -EPERM;
		cur->cap_ambient |= bit;
		return 0;
	}
	return -EINVAL;
}

/* The prctl options of capabilities (see cred.h). Returns the result. */
long cap_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	switch (option) {
	case PR_GET_KEEPCAPS:
		return cur->keep_caps;
	case PR_SET_KEEPCAPS:
		if (a2 > 1)
			return -EINVAL;
		cur->keep_caps = a2;
		return 0;
	case PR_CAPBSET_READ:
		if (!cap_valid(a2))
			return -EINVAL;
		return (cur->cap_bset & CAP_BIT(a2)) != 0;
	case PR_CAPBSET_DROP:
		if (!capable(CAP_SETPCAP))
			return -EPERM;
		if (!cap_valid(a2))
			return -EINVAL;
		cur->cap_bset &= ~CAP_BIT(a2);
		return 0;
	case PR_GET_SECUREBITS:
		return cur->keep_caps ? SECBIT_KEEP_CAPS : 0;
	case PR_SET_SECUREBITS: /* only keep-caps may be set here */
		if (!capable(CAP_SETPCAP))
			return -EPERM;
		if (a2 & ~(unsigned long)SECBIT_KEEP_CAPS)
			return -EPERM;
		cur->keep_caps = a2 != 0;
		return 0;
	case PR_CAP_AMBIENT:
		return ambient_prctl(a2, a3, a4, a5);
	}
	return -EINVAL;
}
