/*
 * proc_creds - the credential calls and their privilege rules, as Linux:
 *
 *   get       getuid/geteuid/getgid/getegid (16- and 32-bit), getresuid32
 *             and getresgid32 with bad pointers (EFAULT, earlier ids kept)
 *   setresuid a root child may set any ids; unprivileged, each new id must
 *             be one of the real, effective and saved (else EPERM, nothing
 *             changed); -1 keeps an id; the fsuid follows the euid
 *   setreuid  the saved uid follows the euid when the real one is set or
 *             the euid becomes other than the old real uid; the EPERM cases
 *   setuid    root sets all three, others only the euid (to the real or
 *             saved uid); setuid(-1) is EINVAL
 *   setfsuid  returns the old fsuid whether or not the call changed it
 *   gids      the same rules for setresgid, setregid, setgid, setfsgid
 *   16-bit    0xffff means -1, uids above 65535 read back as 65534
 *   groups    setgroups sorts, getgroups counts and copies, EINVAL for a
 *             short list, a huge size or a gid of -1, EFAULT, EPERM unprivileged
 *   caps      leaving uid 0 clears the permitted and effective sets (kept
 *             with PR_SET_KEEPCAPS); seteuid away from 0 and back; setfsuid
 *             drops the file-system capabilities; capget and capset headers,
 *             versions and rules; PR_CAPBSET_READ/DROP
 *   kill      EPERM across uids, allowed with a matching real or saved uid,
 *             SIGCONT within the session
 *   status    /proc/self/status shows the ids, groups and capability sets
 *
 * Every change happens in a forked child, which stores what it saw in
 * shared memory for the parent to check: the test itself stays root.
 * Capability masks are compared only on bits both kernels give root (the
 * host may run without some, CAP_SYS_RESOURCE for one).
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#define NOBODY 65534
#define BADPTR 0x10		/* in the never-mapped first page */
#define KPTR 0xC0000000L	/* kernel space on Mica, unmapped on the host */
#define CAP_V1 0x19980330
#define CAP_V3 0x20080522
#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_FOWNER 3
#define CAP_KILL 5
#define CAP_SETGID 6
#define CAP_SETUID 7
#define CAP_SETPCAP 8
#define CAP_MKNOD 27
#define FS_BITS ((1u << CAP_CHOWN) | (1u << CAP_DAC_OVERRIDE) | (1u << CAP_FOWNER) | (1u << CAP_MKNOD))
#define BIT(c) (1u << (c))

struct cap_hdr {
	uint32_t version;
	int pid;
};
struct cap_data {
	uint32_t eff, prm, inh;
};

static long *R; /* results from children, in shared memory */

/* Runs fn in a child with R cleared; true iff it exited 0. */
static int child(void (*fn)(void))
{
	memset(R, 0x55, 4096);
	pid_t p = fork();
	if (p == 0) {
		fn();
		_exit(0);
	}
	int st;
	return waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The low capability word of the caller's effective, permitted sets. */
static void caps(long *eff, long *prm)
{
	struct cap_hdr h = { CAP_V3, 0 };
	struct cap_data d[2];
	sys2(SYS_capget, &h, d);
	*eff = d[0].eff;
	*prm = d[0].prm;
}

/* getresuid32 into R[at..at+2]. */
static void resuid(int at)
{
	uint32_t r, e, s;
	sys3(SYS_getresuid32, &r, &e, &s);
	R[at] = r, R[at + 1] = e, R[at + 2] = s;
}

static void resgid(int at)
{
	uint32_t r, e, s;
	sys3(SYS_getresgid32, &r, &e, &s);
	R[at] = r, R[at + 1] = e, R[at + 2] = s;
}

static void test_get(void)
{
	uint32_t a = 7, b = 7, c = 7;

	is(sys0(SYS_getuid32), 0, "getuid32 of root is 0");
	is(sys0(SYS_geteuid32), 0, "geteuid32 of root is 0");
	is(sys0(SYS_getgid), 0, "the 16-bit getgid is 0");
	is(sys3(SYS_getresuid32, &a, &b, &c), 0, "getresuid32 succeeds");
	ok(a == 0 && b == 0 && c == 0, "and gives 0, 0, 0");
	a = b = 7;
	is_err(sys3(SYS_getresuid32, &a, &b, BADPTR), EFAULT, "an unmapped saved-uid pointer: EFAULT");
	ok(a == 0 && b == 0, "the ids before it were stored");
	is_err(sys3(SYS_getresgid32, KPTR, &b, &c), EFAULT, "a kernel pointer: EFAULT");
	is_err(sys3(SYS_getresuid, 0, &b, &c), EFAULT, "the 16-bit getresuid with NULL: EFAULT");
}

static void ch_setresuid(void)
{
	R[0] = sys3(SYS_setresuid32, 1000, 1001, 1002);
	resuid(1);
	R[4] = sys1(SYS_setfsuid32, -1); /* the fsuid, unchanged */
	R[5] = sys3(SYS_setresuid32, 1003, -1, -1);
	resuid(6);
	R[9] = sys3(SYS_setresuid32, 1002, 1000, 1001);
	resuid(10);
	R[13] = sys3(SYS_setresuid32, -1, -1, 0);
	R[14] = sys3(SYS_setresuid32, 1001, 1001, 1001);
	resuid(15);
	R[18] = sys3(SYS_setresuid32, 1000, -1, -1);
}

static void test_setresuid(void)
{
	ok(child(ch_setresuid), "setresuid32 child ran");
	is(R[0], 0, "root: setresuid32(1000, 1001, 1002) succeeds");
	ok(R[1] == 1000 && R[2] == 1001 && R[3] == 1002, "and the three ids are set");
	is(R[4], 1001, "the fsuid follows the euid");
	is_err(R[5], EPERM, "unprivileged: a new real uid outside the three is EPERM");
	ok(R[6] == 1000 && R[7] == 1001 && R[8] == 1002, "and nothing changed");
	is(R[9], 0, "a permutation of the three ids is allowed");
	ok(R[10] == 1002 && R[11] == 1000 && R[12] == 1001, "and is applied");
	is_err(R[13], EPERM, "the saved uid cannot go back to 0");
	is(R[14], 0, "all three may become one of them");
	ok(R[15] == 1001 && R[16] == 1001 && R[17] == 1001, "1001 everywhere");
	is_err(R[18], EPERM, "after which 1000 is out of reach");
}

static void ch_setreuid(void)
{
	R[0] = sys2(SYS_setreuid32, -1, 1000); /* root: euid != ruid: suid too */
	resuid(1);
	R[4] = sys2(SYS_setreuid32, -1, 0); /* the real uid is still 0 */
	resuid(5);
	R[8] = sys2(SYS_setreuid32, 1000, 2000); /* root again: real set: suid = euid */
	resuid(9);
	R[12] = sys2(SYS_setreuid32, 2000, 1000); /* swap */
	resuid(13);
	R[16] = sys2(SYS_setreuid32, 3000, -1);
	R[17] = sys2(SYS_setreuid32, -1, 3000);
	R[18] = sys2(SYS_setreuid32, -1, -1);
	resuid(19);
}

static void test_setreuid(void)
{
	ok(child(ch_setreuid), "setreuid32 child ran");
	is(R[0], 0, "root: setreuid32(-1, 1000)");
	ok(R[1] == 0 && R[2] == 1000 && R[3] == 1000, "the saved uid follows a new euid");
	is(R[4], 0, "setreuid32(-1, 0) back: 0 is the real uid");
	ok(R[5] == 0 && R[6] == 0 && R[7] == 1000, "the saved uid stays 1000 (euid is the real uid)");
	is(R[8], 0, "setreuid32(1000, 2000) as root");
	ok(R[9] == 1000 && R[10] == 2000 && R[11] == 2000, "a real uid given: the saved uid is the euid");
	is(R[12], 0, "unprivileged: swapping real and effective is allowed");
	ok(R[13] == 2000 && R[14] == 1000 && R[15] == 1000, "and swaps them");
	is_err(R[16], EPERM, "a real uid that is neither real nor effective: EPERM");
	is_err(R[17], EPERM, "an euid that is none of the three: EPERM");
	is(R[18], 0, "setreuid32(-1, -1) changes nothing and succeeds");
	ok(R[19] == 2000 && R[20] == 1000 && R[21] == 1000, "the ids are as before");
}

static void ch_setuid(void)
{
	R[0] = sys1(SYS_setuid32, -1);
	R[1] = sys3(SYS_setresuid32, 1000, 1001, 1002);
	R[2] = sys1(SYS_setuid32, 1002); /* the saved uid: only the euid changes */
	resuid(3);
	R[6] = sys1(SYS_setuid32, 1001);
	R[7] = sys1(SYS_setuid32, 1000);
	resuid(8);
}

static void ch_setuid_root(void)
{
	R[0] = sys1(SYS_setuid32, 1000);
	resuid(1);
	R[4] = sys1(SYS_setuid32, 0);
	R[5] = sys1(SYS_setuid, 0xffff); /* the 16-bit -1 */
}

static void test_setuid(void)
{
	ok(child(ch_setuid), "setuid32 child ran");
	is_err(R[0], EINVAL, "setuid32(-1) is EINVAL");
	is(R[2], 0, "unprivileged setuid32 to the saved uid");
	ok(R[3] == 1000 && R[4] == 1002 && R[5] == 1002, "sets only the euid");
	is_err(R[6], EPERM, "setuid32 to a uid that was only the old euid: EPERM");
	is(R[7], 0, "setuid32 to the real uid");
	ok(R[8] == 1000 && R[9] == 1000 && R[10] == 1002, "sets the euid, keeps the saved uid");
	ok(child(ch_setuid_root), "root setuid32 child ran");
	is(R[0], 0, "root: setuid32(1000)");
	ok(R[1] == 1000 && R[2] == 1000 && R[3] == 1000, "sets all three ids");
	is_err(R[4], EPERM, "and root is gone for good: EPERM");
	is_err(R[5], EINVAL, "the 16-bit setuid(0xffff) is setuid(-1): EINVAL");
}

static void ch_setfsuid(void)
{
	R[0] = sys1(SYS_setfsuid32, 500); /* root: allowed, returns 0 */
	R[1] = sys1(SYS_setfsuid32, 600); /* old is 500 */
	R[2] = sys1(SYS_setfsuid32, -1);  /* 600 */
	R[3] = sys1(SYS_setfsgid32, 77);  /* root: allowed, returns 0 */
	R[4] = sys1(SYS_setfsgid32, -1);  /* 77 */
	R[5] = sys3(SYS_setresuid32, 1000, 1000, 1000);
	R[6] = sys1(SYS_setfsuid32, 4242); /* 1000, refused */
	R[7] = sys1(SYS_setfsuid32, -1);   /* still 1000 */
	R[8] = sys1(SYS_setfsgid32, 88);   /* 77, refused: CAP_SETGID is gone */
	R[9] = sys1(SYS_setfsgid32, 0);	   /* 77; 0 is the real gid: allowed */
	R[10] = sys1(SYS_setfsgid32, -1);  /* 0 */
}

static void test_setfsuid(void)
{
	ok(child(ch_setfsuid), "setfsuid32 child ran");
	is(R[0], 0, "setfsuid32 returns the old fsuid (0)");
	is(R[1], 500, "then 500");
	is(R[2], 600, "setfsuid32(-1) only reports: 600");
	is(R[3], 0, "setfsgid32 returns the old fsgid (0)");
	is(R[4], 77, "setfsgid32(-1) reports the new one, 77");
	is(R[5], 0, "the child drops to uid 1000");
	is(R[6], 1000, "unprivileged: a foreign fsuid is refused, the old one returned");
	is(R[7], 1000, "and the fsuid did not change");
	is(R[8], 77, "a foreign fsgid without CAP_SETGID: refused");
	is(R[9], 77, "the real gid is allowed");
	is(R[10], 0, "so the fsgid is 0 again");
}

static void ch_gids(void)
{
	R[0] = sys3(SYS_setresgid32, 10, 20, 30);
	resgid(1);
	R[4] = sys3(SYS_setresuid32, 1000, 1000, 1000);
	R[5] = sys3(SYS_setresgid32, 40, -1, -1);
	R[6] = sys3(SYS_setresgid32, 30, 10, 20);
	resgid(7);
	R[10] = sys2(SYS_setregid32, -1, 30); /* egid to the real gid: sgid kept */
	resgid(11);
	R[14] = sys1(SYS_setgid32, 20); /* the saved gid */
	resgid(15);
	R[18] = sys1(SYS_setgid32, 10);
	R[19] = sys1(SYS_setgid32, -1);
}

static void test_gids(void)
{
	ok(child(ch_gids), "gid child ran");
	is(R[0], 0, "root: setresgid32(10, 20, 30)");
	ok(R[1] == 10 && R[2] == 20 && R[3] == 30, "sets the three gids");
	is_err(R[5], EPERM, "unprivileged: a gid outside the three is EPERM");
	is(R[6], 0, "a permutation is allowed");
	ok(R[7] == 30 && R[8] == 10 && R[9] == 20, "and applied");
	is(R[10], 0, "setregid32(-1, real gid)");
	ok(R[11] == 30 && R[12] == 30 && R[13] == 20, "the saved gid stays: the egid is the real gid");
	is(R[14], 0, "setgid32 to the saved gid");
	ok(R[15] == 30 && R[16] == 20 && R[17] == 20, "sets only the egid");
	is_err(R[18], EPERM, "setgid32 to a gid that is neither real nor saved: EPERM");
	is_err(R[19], EINVAL, "setgid32(-1): EINVAL");
}

static void ch_16bit(void)
{
	uint16_t r = 1, e = 1, s = 1;

	R[0] = sys3(SYS_setresuid32, 70000, 70001, 5);
	R[1] = sys0(SYS_getuid);
	R[2] = sys0(SYS_geteuid);
	R[3] = sys3(SYS_getresuid, &r, &e, &s);
	R[4] = r, R[5] = e, R[6] = s;
	R[7] = sys0(SYS_getuid32);
	R[8] = sys3(SYS_setresuid, 0xffff, 0xffff, 70000); /* 70000 & 0xffff = 4464 */
	R[9] = sys1(SYS_setfsuid, 0xffff);		  /* -1: reports 70001 */
}

static void test_16bit(void)
{
	ok(child(ch_16bit), "16-bit child ran");
	is(R[1], NOBODY, "getuid of uid 70000 is the overflow uid 65534");
	is(R[2], NOBODY, "so is geteuid of 70001");
	is(R[3], 0, "getresuid (16-bit) succeeds");
	ok(R[4] == NOBODY && R[5] == NOBODY && R[6] == 5, "65534, 65534, 5");
	is(R[7], 70000, "getuid32 gives the real value");
	is_err(R[8], EPERM, "setresuid(-1, -1, 4464): a uid cut to 16 bits, not one of the three");
	is(R[9], 70001, "setfsuid(0xffff) only reports the fsuid, in full");
}

static void ch_groups(void)
{
	uint32_t g[4] = { 9, 3, 5, 3 }, out[8] = { 0 };
	uint16_t g16[2] = { 7, 0xffff }, o16[4] = { 0 };

	R[0] = sys2(SYS_setgroups32, 4, g);
	R[1] = sys2(SYS_getgroups32, 0, 0);
	R[2] = sys2(SYS_getgroups32, 8, out);
	R[3] = out[0], R[4] = out[1], R[5] = out[2], R[6] = out[3];
	R[7] = sys2(SYS_getgroups32, 3, out);
	R[8] = sys2(SYS_getgroups32, 4, BADPTR);
	R[9] = sys2(SYS_setgroups32, 65537, g);
	R[10] = sys2(SYS_setgroups32, -1, g);
	R[11] = sys2(SYS_setgroups32, 2, BADPTR);
	g[1] = 0xffffffffu;
	R[12] = sys2(SYS_setgroups32, 2, g);
	R[13] = sys2(SYS_setgroups, 2, g16); /* 0xffff is -1 */
	g[0] = 80000;
	g[1] = 4;
	R[14] = sys2(SYS_setgroups32, 2, g);
	R[15] = sys2(SYS_getgroups, 4, o16);
	R[16] = o16[0], R[17] = o16[1];
	R[18] = sys2(SYS_getgroups32, -1, out);
	R[19] = sys2(SYS_setgroups32, 0, BADPTR); /* nothing read */
	R[20] = sys2(SYS_getgroups32, 0, 0);
	R[21] = sys2(SYS_setgroups32, 1, g);
	R[22] = sys3(SYS_setresuid32, 1000, 1000, 1000);
	R[23] = sys2(SYS_setgroups32, 0, 0);
	R[24] = sys2(SYS_getgroups32, 1, out);
	R[25] = out[0];
}

static void test_groups(void)
{
	ok(child(ch_groups), "groups child ran");
	is(R[0], 0, "setgroups32 of 4 gids (one twice)");
	is(R[1], 4, "getgroups32(0, NULL) counts 4");
	is(R[2], 4, "getgroups32 copies 4");
	ok(R[3] == 3 && R[4] == 3 && R[5] == 5 && R[6] == 9, "in increasing order, duplicates kept");
	is_err(R[7], EINVAL, "a list shorter than the count: EINVAL");
	is_err(R[8], EFAULT, "an unmapped list: EFAULT");
	is_err(R[9], EINVAL, "more than NGROUPS_MAX (65536): EINVAL");
	is_err(R[10], EINVAL, "a negative size: EINVAL");
	is_err(R[11], EFAULT, "setgroups32 from an unmapped list: EFAULT");
	is_err(R[12], EINVAL, "a gid of -1 in the list: EINVAL");
	is_err(R[13], EINVAL, "the 16-bit setgroups with 0xffff: EINVAL");
	is(R[15], 2, "getgroups (16-bit) counts 2");
	ok(R[16] == 4 && R[17] == NOBODY, "and shows 80000 as 65534");
	is_err(R[18], EINVAL, "getgroups32 with a negative size: EINVAL");
	is(R[19], 0, "setgroups32(0, bad pointer) reads nothing");
	is(R[20], 0, "and empties the list");
	is(R[22], 0, "the child drops to uid 1000");
	is_err(R[23], EPERM, "unprivileged setgroups32: EPERM");
	is(R[24], 1, "the list is as root left it");
	is(R[25], 80000, "one gid, 80000");
}

static void ch_caps(void)
{
	caps(&R[0], &R[1]);
	R[2] = sys3(SYS_setresuid32, -1, 1000, -1); /* seteuid(1000) */
	caps(&R[3], &R[4]);
	R[5] = sys3(SYS_setresuid32, -1, 0, -1);
	caps(&R[6], &R[7]);
	R[8] = sys1(SYS_setfsuid32, 1000);
	caps(&R[9], &R[10]);
	R[11] = sys1(SYS_setfsuid32, 0);
	caps(&R[12], &R[13]);
	R[14] = sys3(SYS_setresuid32, 1000, 1000, 1000);
	caps(&R[15], &R[16]);
	R[17] = sys3(SYS_setresuid32, 0, 0, 0);
}

static void ch_keepcaps(void)
{
	R[0] = prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0);
	R[1] = sys5(SYS_prctl, PR_SET_KEEPCAPS, 2, 0, 0, 0);
	R[2] = sys5(SYS_prctl, PR_SET_KEEPCAPS, 1, 0, 0, 0);
	R[3] = sys5(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0);
	R[4] = sys3(SYS_setresuid32, 1000, 1000, 1000);
	caps(&R[5], &R[6]);
	R[7] = sys5(SYS_prctl, PR_CAPBSET_READ, CAP_KILL, 0, 0, 0);
	R[8] = sys5(SYS_prctl, PR_CAPBSET_DROP, CAP_KILL, 0, 0, 0);
}

static void ch_bset(void)
{
	R[0] = sys5(SYS_prctl, PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0);
	R[1] = sys5(SYS_prctl, PR_CAPBSET_READ, 64, 0, 0, 0);
	R[2] = sys5(SYS_prctl, PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0);
	R[3] = sys5(SYS_prctl, PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0);
	R[4] = sys5(SYS_prctl, PR_CAPBSET_DROP, 64, 0, 0, 0);
}

static void test_caps(void)
{
	ok(child(ch_caps), "capability child ran");
	ok((R[0] & BIT(CAP_SETUID)) && (R[1] & BIT(CAP_SETUID)), "root has CAP_SETUID");
	is(R[2], 0, "seteuid(1000) by setresuid32(-1, 1000, -1)");
	is(R[3], 0, "clears the effective set");
	is(R[4], R[1], "and keeps the permitted set");
	is(R[5], 0, "seteuid(0) back is allowed (the real uid is 0)");
	is(R[6], R[7], "and the effective set is the permitted one again");
	is(R[8], 0, "setfsuid32(1000) from 0");
	is(R[9] & FS_BITS, 0, "drops CHOWN, DAC_OVERRIDE, FOWNER and MKNOD");
	ok((R[9] & BIT(CAP_KILL)) && (R[9] & BIT(CAP_SETUID)), "and nothing else");
	is(R[11], 1000, "setfsuid32(0) back");
	is(R[12] & FS_BITS, FS_BITS, "raises them again");
	is(R[14], 0, "setresuid32(1000, 1000, 1000)");
	ok(R[15] == 0 && R[16] == 0, "no uid 0 left: no capabilities at all");
	is_err(R[17], EPERM, "and no way back: EPERM");

	ok(child(ch_keepcaps), "keep-caps child ran");
	is(R[0], 0, "PR_GET_KEEPCAPS is 0 at first");
	is_err(R[1], EINVAL, "PR_SET_KEEPCAPS 2: EINVAL");
	is(R[2], 0, "PR_SET_KEEPCAPS 1");
	is(R[3], 1, "PR_GET_KEEPCAPS reads it back");
	is(R[4], 0, "then leaving uid 0");
	is(R[5], 0, "clears the effective set");
	ok(R[6] & BIT(CAP_SETUID), "but keeps the permitted one");
	is(R[7], 1, "PR_CAPBSET_READ(CAP_KILL) is 1");
	is_err(R[8], EPERM, "PR_CAPBSET_DROP without CAP_SETPCAP in effect: EPERM");

	ok(child(ch_bset), "bounding-set child ran");
	is(R[0], 1, "PR_CAPBSET_READ(CAP_CHOWN) of root: 1");
	is_err(R[1], EINVAL, "PR_CAPBSET_READ(64): EINVAL");
	is(R[2], 0, "PR_CAPBSET_DROP(CAP_CHOWN)");
	is(R[3], 0, "then PR_CAPBSET_READ gives 0");
	is_err(R[4], EINVAL, "PR_CAPBSET_DROP(64): EINVAL");
}

static void ch_capset(void)
{
	struct cap_hdr h = { CAP_V3, 0 };
	struct cap_data d[2], e[2];

	sys2(SYS_capget, &h, d);
	e[0] = d[0], e[1] = d[1];
	e[0].eff &= ~BIT(CAP_KILL);
	R[0] = sys2(SYS_capset, &h, e);
	caps(&R[1], &R[2]);
	e[0].eff |= BIT(CAP_KILL);
	R[3] = sys2(SYS_capset, &h, e); /* back from permitted: allowed */
	e[0].prm &= ~BIT(CAP_KILL);
	R[4] = sys2(SYS_capset, &h, e); /* effective not within permitted */
	e[0].eff &= ~BIT(CAP_KILL);
	R[5] = sys2(SYS_capset, &h, e);
	e[0].prm |= BIT(CAP_KILL);
	e[0].eff |= BIT(CAP_KILL);
	R[6] = sys2(SYS_capset, &h, e); /* permitted cannot grow */
	h.pid = 1;
	R[7] = sys2(SYS_capset, &h, e);
	h.pid = 0;
	h.version = 0x1234;
	R[8] = sys2(SYS_capset, &h, e);
	R[9] = h.version;
	R[10] = sys2(SYS_capset, BADPTR, e);
	h.version = CAP_V3;
	R[11] = sys2(SYS_capset, &h, BADPTR);
	caps(&R[12], &R[13]);
}

static void test_capget(void)
{
	struct cap_hdr h = { 0x1234, 0 };
	struct cap_data d[2];

	is_err(sys2(SYS_capget, &h, d), EINVAL, "capget with an unknown version: EINVAL");
	is(h.version, CAP_V3, "and the version it wants is written back");
	h.version = 1;
	is(sys2(SYS_capget, &h, 0), 0, "with a NULL data pointer, an unknown version is 0");
	is(h.version, CAP_V3, "and still reported");
	is(sys2(SYS_capget, &h, 0), 0, "capget(v3, NULL) is 0");
	memset(d, 0x55, sizeof(d));
	h.version = CAP_V1;
	is(sys2(SYS_capget, &h, d), 0, "capget v1");
	ok(d[0].eff & BIT(CAP_SETUID), "fills the first word");
	ok(d[1].eff == 0x55555555u, "and only that");
	h.version = CAP_V3;
	h.pid = -1;
	is_err(sys2(SYS_capget, &h, d), EINVAL, "a negative pid: EINVAL");
	h.pid = 0x3fffffff;
	is_err(sys2(SYS_capget, &h, d), ESRCH, "a pid nobody has: ESRCH");
	h.pid = getppid();
	is(sys2(SYS_capget, &h, d), 0, "another process's sets can be read");
	h.pid = 0;
	is_err(sys2(SYS_capget, BADPTR, d), EFAULT, "an unmapped header: EFAULT");
	is_err(sys2(SYS_capget, &h, BADPTR), EFAULT, "an unmapped data pointer: EFAULT");
	is_err(sys2(SYS_capget, &h, KPTR), EFAULT, "a kernel data pointer: EFAULT");

	ok(child(ch_capset), "capset child ran");
	is(R[0], 0, "capset dropping CAP_KILL from the effective set");
	ok(!(R[1] & BIT(CAP_KILL)) && (R[2] & BIT(CAP_KILL)), "is applied, permitted kept");
	is(R[3], 0, "raising it again from the permitted set");
	is_err(R[4], EPERM, "an effective set outside the permitted one: EPERM");
	is(R[5], 0, "dropping CAP_KILL from both");
	is_err(R[6], EPERM, "a permitted set cannot grow: EPERM");
	is_err(R[7], EPERM, "another process's sets: EPERM");
	is_err(R[8], EINVAL, "capset with an unknown version: EINVAL");
	is(R[9], CAP_V3, "and the version written back");
	is_err(R[10], EFAULT, "an unmapped header: EFAULT");
	is_err(R[11], EFAULT, "unmapped data: EFAULT");
	ok(!(R[12] & BIT(CAP_KILL)) && !(R[13] & BIT(CAP_KILL)), "the failed calls changed nothing");
}

static int sync_fd[2];

static void ch_kill_target(void)
{
	sys3(SYS_setresuid32, 2000, 2000, 2000);
	close(sync_fd[0]);
	close(sync_fd[1]); /* the parent's read sees EOF: the ids are set */
	pause();
}

static pid_t target;

static void ch_kill(void)
{
	sys3(SYS_setresuid32, 1000, 1000, 1000);
	R[0] = kill(target, 0) ? -errno : 0;
	R[1] = kill(target, SIGTERM) ? -errno : 0;
	R[2] = kill(getppid(), 0) ? -errno : 0;
	R[3] = kill(getppid(), SIGCONT) ? -errno : 0; /* same session */
	R[4] = kill(target, 99) ? -errno : 0;
	R[5] = kill(getpid(), 0) ? -errno : 0;
	R[6] = sys2(SYS_tkill, target, SIGTERM);
}

static void ch_kill2(void)
{
	sys3(SYS_setresuid32, 2000, 5000, 5000); /* real uid 2000 */
	R[0] = kill(target, 0) ? -errno : 0;
	sys3(SYS_setresuid32, 5000, 5000, 2000); /* only the saved uid */
	R[1] = kill(target, 0) ? -errno : 0;
}

static void ch_kill3(void)
{
	sys3(SYS_setresuid32, 6000, 2000, 6000); /* effective uid 2000 */
	R[0] = kill(target, 0) ? -errno : 0;
}

static void test_kill(void)
{
	char c;
	int st;

	if (pipe(sync_fd))
		return;
	target = fork();
	if (target == 0) {
		ch_kill_target();
		_exit(0);
	}
	close(sync_fd[1]);
	(void)!read(sync_fd[0], &c, 1);
	close(sync_fd[0]);
	ok(child(ch_kill), "kill child ran");
	is_err(R[0], EPERM, "uid 1000 may not signal uid 2000, not even 0: EPERM");
	is_err(R[1], EPERM, "nor SIGTERM it");
	is_err(R[2], EPERM, "nor probe its root parent");
	is(R[3], 0, "but SIGCONT within the session is allowed");
	is_err(R[4], EINVAL, "a bad signal is EINVAL before EPERM");
	is(R[5], 0, "a process may signal itself");
	is_err(R[6], EPERM, "tkill has the same rule: EPERM");
	ok(child(ch_kill2), "second kill child ran");
	is(R[0], 0, "a real uid matching the target's real uid may");
	is_err(R[1], EPERM, "the sender's saved uid does not count: EPERM");
	ok(child(ch_kill3), "third kill child ran");
	is(R[0], 0, "an effective uid matching the target's may");
	kill(target, SIGKILL);
	waitpid(target, &st, 0);
	is_signal(st, SIGKILL, "root killed the target");
}

static void ch_status(void)
{
	uint32_t g[2] = { 12, 7 };
	char buf[4096];
	int fd, n;

	sys2(SYS_setgroups32, 2, g);
	sys3(SYS_setresgid32, 100, 101, 102);
	sys3(SYS_setresuid32, 1000, 1001, 1002);
	sys1(SYS_setfsuid32, 1000);
	fd = open("/proc/self/status", O_RDONLY);
	n = fd < 0 ? 0 : (int)read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	R[0] = strstr(buf, "\nUid:\t1000\t1001\t1002\t1000\n") != NULL;
	R[1] = strstr(buf, "\nGid:\t100\t101\t102\t101\n") != NULL;
	R[2] = strstr(buf, "\nGroups:\t7 12 \n") != NULL;
	R[3] = strstr(buf, "\nCapEff:\t0000000000000000\n") != NULL;
	R[4] = strstr(buf, "\nCapPrm:\t0000000000000000\n") != NULL;
	R[5] = strstr(buf, "\nCapInh:\t0000000000000000\n") != NULL;
	R[6] = strstr(buf, "\nCapAmb:\t0000000000000000\n") != NULL;
}

static void test_status(void)
{
	ok(child(ch_status), "status child ran");
	ok(R[0], "/proc/self/status Uid: real, effective, saved, fs");
	ok(R[1], "Gid: the same four");
	ok(R[2], "Groups: sorted, each followed by a space");
	ok(R[3], "CapEff: none left");
	ok(R[4], "CapPrm: none");
	ok(R[5], "CapInh: none");
	ok(R[6], "CapAmb: none");
}

int main(void)
{
	R = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (R == MAP_FAILED)
		return 1;
	plan(179);
	test_get();
	test_setresuid();
	test_setreuid();
	test_setuid();
	test_setfsuid();
	test_gids();
	test_16bit();
	test_groups();
	test_caps();
	test_capget();
	test_kill();
	test_status();
	return done();
}
