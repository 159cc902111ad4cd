/*
 * fs_perm - file permission checks with real credentials, as Linux: the
 * test (root) builds a tree, and forked children that drop to nobody
 * (65534/65534, no groups) or to other ids check each path:
 *
 *   lookup    a directory without search permission (EACCES), the last
 *             one included; search-only directories
 *   open      read/write/O_TRUNC need the mode bits; a file this open
 *             made opens however asked; O_NOATIME needs the owner
 *   create    write and search on the parent for creat, mkdir, mknod,
 *             symlink, link (EEXIST first); new files get the fsuid and
 *             fsgid, or a set-group-ID directory's group (and its S_ISGID)
 *   remove    unlink, rmdir and rename need write on the parent; a sticky
 *             directory keeps others' files (EPERM); a directory moving
 *             to a new parent needs write on itself
 *   link      protected_hardlinks: others' files only if readable and
 *             writable and not set-ID (EPERM)
 *   exec      needs x for the caller; root needs at least one x bit; a
 *             set-user-ID / set-group-ID program changes the effective ids
 *             and gives capabilities to an euid 0, unless
 *             PR_SET_NO_NEW_PRIVS
 *   chmod     only the owner (EPERM); S_ISGID dropped outside the group
 *   chown     CAP_CHOWN, or the owner to a group it is in; set-ID bits go
 *   utimes    "now" for the owner or a writer, times for the owner only
 *   truncate  write permission; writes and truncates drop set-ID bits
 *   access    the real ids, or the effective ones with AT_EACCESS
 *   misc      chdir/fchdir need search (EACCES); mknod of a device needs
 *             CAP_MKNOD; /proc/PID files belong to the process's euid
 *             (while dumpable), and another user's maps, exe and cwd need
 *             ptrace access (EACCES);
 *             a pipe belongs to its maker
 *
 * Children record results in shared memory in order; the parent checks
 * them in the same order (next()).
 */
#include "tap.h"

#include <dirent.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#define NOBODY 65534
#define GRP 4321 /* a group nobody is not in */

static long *R;
static int nr, nc; /* results recorded by the child, consumed by the parent */
static char B[128], prog[200];

/* Records v (the child). */
static void rec(long v)
{
	R[nr++] = v;
}

/* The next recorded result (the parent). */
static long next(void)
{
	return R[nc++];
}

/* Do the next two results equal a and b? (Both are consumed.) */
static int two(long a, long b)
{
	long x = next(), y = next();
	return x == a && y == b;
}

/* Records a libc call's result: 0 or more, or -errno. */
#define REC(call) rec((call) < 0 ? -errno : 0)

/* "B/name" in a static buffer (two in turn). */
static const char *P(const char *name)
{
	static char buf[4][256];
	static int k;
	char *p = buf[k++ & 3];
	snprintf(p, 256, "%s/%s", B, name);
	return p;
}

/* Drop to uid/gid u/g with no groups. */
static void become(long u, long g)
{
	sys2(SYS_setgroups32, 0, 0);
	sys3(SYS_setresgid32, g, g, g);
	sys3(SYS_setresuid32, u, u, u);
}

/* Runs fn in a child; the parent's checks start at its first result. */
static int child(void (*fn)(void))
{
	nr = nc = 0;
	memset(R, 0x55, 8192);
	pid_t p = fork();
	if (p == 0) {
		umask(0);
		fn();
		_exit(0);
	}
	int st;
	return waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Makes file name in B with mode (as root, exactly). */
static void mkfile(const char *name, int mode)
{
	int fd = open(P(name), O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd >= 0) {
		(void)!write(fd, "data", 4);
		close(fd);
	}
	chmod(P(name), mode);
}

static void mkd(const char *name, int mode)
{
	mkdir(P(name), 0700);
	chmod(P(name), mode);
}

/* The mode bits (07777) of path, or -errno. */
static long mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) ? -errno : (long)(st.st_mode & 07777);
}

static long uid_of(const char *path)
{
	struct stat st;
	return stat(path, &st) ? -errno : (long)st.st_uid;
}

static long gid_of(const char *path)
{
	struct stat st;
	return stat(path, &st) ? -errno : (long)st.st_gid;
}

/* Copies this program to path with mode and owner (for the exec checks). */
static void copy_self(const char *path, int mode, int uid, int gid)
{
	char buf[8192];
	int in = open("/proc/self/exe", O_RDONLY), out = open(path, O_CREAT | O_WRONLY, 0700);
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		(void)!write(out, buf, (size_t)n);
	close(in);
	close(out);
	chown(path, uid, gid);
	chmod(path, mode);
}

static void setup(void)
{
	snprintf(B, sizeof(B), "/tmp/fs_perm.%d", getpid());
	umask(0);
	mkdir(B, 0755);
	mkfile("r600", 0600);
	mkfile("r644", 0644);
	mkfile("w666", 0666);
	mkd("closed", 0700);
	mkfile("closed/f", 0644);
	mkd("xonly", 0711);
	mkfile("xonly/f", 0644);
	mkd("nowrite", 0755);
	mkfile("nowrite/f", 0666);
	mkd("nowrite/sub", 0777);
	mkd("open", 0777);
	mkd("open/rootdir", 0755);
	mkd("open/dest", 0777);
	mkd("sticky", 01777);
	mkfile("sticky/rootfile", 0666);
	mkd("sgid", 02777);
	chown(P("sgid"), 0, GRP);
	mkfile("suid", 04777);
	mkfile("sgidx", 02777);
	mkfile("sgidnx", 02766);
	mkfile("rootsuid", 04777);
	mkfile("chsuid", 04755);
	mkfile("chsgid", 02755);
	mkfile("chsgidnx", 02745);
	mkfile("mine", 0644);
	chown(P("mine"), NOBODY, NOBODY);
	mkfile("mygrp", 0644);
	chown(P("mygrp"), NOBODY, GRP);
	snprintf(prog, sizeof(prog), "%s/prog", B);
	copy_self(prog, 0755, 0, 0);
	copy_self(P("prog700"), 0700, 0, 0);
	copy_self(P("prog001"), 0001, 1234, 1234);
	copy_self(P("progsuid"), 04755, 1234, 0);
	copy_self(P("progsgid"), 02755, 0, GRP);
	copy_self(P("progsgidnx"), 02745, 0, GRP);
	copy_self(P("progroot"), 04755, 0, 0);
}

static void ch_lookup(void)
{
	struct stat st;

	become(NOBODY, NOBODY);
	REC(stat(P("closed/f"), &st));
	REC(open(P("closed/f"), O_RDONLY));
	REC(stat(P("closed"), &st));
	REC(stat(P("closed/."), &st));
	REC(stat(P("closed/nothing"), &st));
	REC(stat(P("xonly/f"), &st));
	REC(open(P("xonly"), O_RDONLY | O_DIRECTORY));
	REC(open(P("closed/../r644"), O_RDONLY));
	REC(chdir(P("closed")));
	int fd = open(P("closed"), O_PATH);
	rec(fd >= 0);
	REC(fchdir(fd));
	REC(chdir(P("xonly")));
}

static void test_lookup(void)
{
	ok(child(ch_lookup), "lookup child ran");
	is_err(next(), EACCES, "stat of a file in a directory nobody may search: EACCES");
	is_err(next(), EACCES, "open of it: EACCES");
	is(next(), 0, "the directory itself can be stat'ed");
	is_err(next(), EACCES, "but not dir/.: EACCES");
	is_err(next(), EACCES, "a missing name in it is EACCES, not ENOENT");
	is(next(), 0, "a search-only (0711) directory: names in it resolve");
	is_err(next(), EACCES, "but it cannot be opened for reading");
	is_err(next(), EACCES, "dir/.. needs search on dir too");
	is_err(next(), EACCES, "chdir to an unsearchable directory: EACCES");
	ok(next(), "an O_PATH fd of it can be had");
	is_err(next(), EACCES, "fchdir to it: EACCES");
	is(next(), 0, "chdir to a search-only directory works");
}

static void ch_open(void)
{
	become(NOBODY, NOBODY);
	REC(open(P("r600"), O_RDONLY));
	REC(open(P("r644"), O_RDONLY));
	REC(open(P("r644"), O_WRONLY));
	REC(open(P("r644"), O_RDWR));
	REC(open(P("r644"), O_RDONLY | O_TRUNC));
	REC(open(P("w666"), O_RDWR | O_TRUNC));
	REC(open(P("open/made"), O_CREAT | O_RDWR, 0));
	REC(open(P("open/made"), O_RDONLY));
	REC(open(P("r644"), O_RDONLY | O_NOATIME));
	REC(open(P("mine"), O_RDONLY | O_NOATIME));
	REC(open(P("r644"), 3)); /* access mode 3: read and write asked */
}

static void test_open(void)
{
	ok(child(ch_open), "open child ran");
	is_err(next(), EACCES, "O_RDONLY of another's 0600 file: EACCES");
	is(next(), 0, "O_RDONLY of a 0644 file");
	is_err(next(), EACCES, "O_WRONLY of it: EACCES");
	is_err(next(), EACCES, "O_RDWR of it: EACCES");
	is_err(next(), EACCES, "O_RDONLY|O_TRUNC asks for write: EACCES");
	is(next(), 0, "O_RDWR|O_TRUNC of a 0666 file");
	is(next(), 0, "O_CREAT with mode 0 opens the new file for O_RDWR anyway");
	is_err(next(), EACCES, "but the next open of that 0000 file is EACCES");
	is_err(next(), EPERM, "O_NOATIME on another's file: EPERM");
	is(next(), 0, "O_NOATIME on one's own file");
	is_err(next(), EACCES, "access mode 3 asks for read and write: EACCES");
}

static void ch_create(void)
{
	struct stat st;

	become(NOBODY, NOBODY);
	REC(open(P("nowrite/new"), O_CREAT | O_WRONLY, 0644));
	REC(open(P("nowrite/f"), O_CREAT | O_WRONLY, 0644)); /* exists: no dir write needed */
	REC(mkdir(P("nowrite/d"), 0755));
	REC(mkdir(P("nowrite/f"), 0755));
	REC(mknod(P("nowrite/fifo"), S_IFIFO | 0644, 0));
	REC(symlink("x", P("nowrite/sl")));
	REC(link(P("w666"), P("nowrite/hl")));
	REC(rename(P("nowrite/f"), P("open/f")));
	REC(unlink(P("nowrite/f")));
	REC(rmdir(P("nowrite/sub")));
	REC(open(P("open/new"), O_CREAT | O_WRONLY, 0640));
	REC(stat(P("open/new"), &st));
	rec(st.st_uid);
	rec(st.st_gid);
	rec(st.st_mode & 07777);
	REC(mkdir(P("open/newd"), 0750));
	rec(uid_of(P("open/newd")));
	REC(symlink("target", P("open/newl")));
	REC(lstat(P("open/newl"), &st));
	rec(st.st_uid);
	REC(mknod(P("open/fifo"), S_IFIFO | 0600, 0));
	rec(uid_of(P("open/fifo")));
	REC(mknod(P("open/chr"), S_IFCHR | 0600, 0x0103));
	REC(unlink(P("open/new")));
	REC(rename(P("open/rootdir"), P("open/dest/rootdir")));
	REC(rename(P("open/newd"), P("open/dest/newd")));
}

static void test_create(void)
{
	ok(child(ch_create), "create child ran");
	is_err(next(), EACCES, "creat in a 0755 root directory: EACCES");
	is(next(), 0, "O_CREAT of an existing writable file needs no directory write");
	is_err(next(), EACCES, "mkdir there: EACCES");
	is_err(next(), EEXIST, "mkdir of an existing name: EEXIST before EACCES");
	is_err(next(), EACCES, "mknod of a FIFO: EACCES");
	is_err(next(), EACCES, "symlink: EACCES");
	is_err(next(), EACCES, "link: EACCES");
	is_err(next(), EACCES, "rename out of it: EACCES");
	is_err(next(), EACCES, "unlink in it: EACCES");
	is_err(next(), EACCES, "rmdir in it: EACCES");
	is(next(), 0, "creat in a 0777 directory");
	is(next(), 0, "the new file exists");
	is(next(), NOBODY, "owned by the creator's fsuid");
	is(next(), NOBODY, "and its fsgid");
	is(next(), 0640, "with the mode asked (umask 0)");
	is(next(), 0, "mkdir in a 0777 directory");
	is(next(), NOBODY, "the new directory is the creator's");
	is(next(), 0, "symlink there");
	is(next(), 0, "lstat of it");
	is(next(), NOBODY, "the link is the creator's");
	is(next(), 0, "mknod of a FIFO there");
	is(next(), NOBODY, "the FIFO is the creator's");
	is_err(next(), EPERM, "mknod of a character device without CAP_MKNOD: EPERM");
	is(next(), 0, "unlink of one's own file");
	is_err(next(), EACCES, "moving another's directory to a new parent needs write on it: EACCES");
	is(next(), 0, "moving one's own directory is fine");
}

static void ch_sticky(void)
{
	become(NOBODY, NOBODY);
	REC(unlink(P("sticky/rootfile")));
	REC(rename(P("sticky/rootfile"), P("sticky/other")));
	REC(open(P("sticky/mine"), O_CREAT | O_WRONLY, 0644));
	REC(rename(P("sticky/mine"), P("sticky/mine2")));
	REC(unlink(P("sticky/mine2")));
	REC(rename(P("w666"), P("sticky/rootfile"))); /* over another's file */
}

static void ch_sticky_root(void)
{
	REC(unlink(P("sticky/rootfile")));
}

static void test_sticky(void)
{
	ok(child(ch_sticky), "sticky child ran");
	is_err(next(), EPERM, "unlink of another's file in a sticky directory: EPERM");
	is_err(next(), EPERM, "rename of it: EPERM");
	is(next(), 0, "one's own file there can be made");
	is(next(), 0, "renamed");
	is(next(), 0, "and removed");
	is_err(next(), EACCES, "rename out of a 0755 directory: EACCES first");
	ok(child(ch_sticky_root), "root sticky child ran");
	is(next(), 0, "root (CAP_FOWNER) may remove it");
}

static void ch_links(void)
{
	become(NOBODY, NOBODY);
	REC(link(P("r644"), P("open/l1")));
	REC(link(P("w666"), P("open/l2")));
	REC(link(P("mine"), P("open/l3")));
	REC(link(P("suid"), P("open/l4")));
}

static void test_links(void)
{
	ok(child(ch_links), "link child ran");
	is_err(next(), EPERM, "a hard link to another's read-only file: EPERM");
	is(next(), 0, "to another's 0666 file: allowed");
	is(next(), 0, "to one's own file: allowed");
	is_err(next(), EPERM, "to another's set-user-ID file, even 04777: EPERM");
}

/* Run prog (argv[1] --ids, argv[2] the fd) and read the ids it reports. */
static void run_ids(const char *path)
{
	int fd[2];
	char buf[128] = "";

	if (pipe(fd))
		return;
	pid_t p = fork();
	if (p == 0) {
		char fds[16];
		snprintf(fds, sizeof(fds), "%d", fd[1]);
		char *argv[] = { (char *)path, "--ids", fds, NULL };
		execv(path, argv);
		_exit(100 + errno);
	}
	close(fd[1]);
	ssize_t n = read(fd[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd[0]);
	int st = 0;
	waitpid(p, &st, 0);
	long r = -1, e = -1, s = -1, g = -1, eg = -1, sg = -1, cap = -1;
	sscanf(buf, "%ld %ld %ld %ld %ld %ld %ld", &r, &e, &s, &g, &eg, &sg, &cap);
	rec(WIFEXITED(st) && WEXITSTATUS(st) >= 100 ? -(WEXITSTATUS(st) - 100) : 0);
	rec(e);
	rec(s);
	rec(eg);
	rec(sg);
	rec(cap);
}

static void ch_exec(void)
{
	char *argv[] = { "x", NULL };

	become(NOBODY, NOBODY);
	REC(execv(P("r644"), argv));
	REC(execv(P("prog700"), argv));
	REC(execv(P("closed"), argv));
	run_ids(prog);
	run_ids(P("progsuid"));
	run_ids(P("progsgid"));
	run_ids(P("progsgidnx"));
	run_ids(P("progroot"));
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	run_ids(P("progsuid"));
}

static void ch_exec_root(void)
{
	char *argv[] = { "x", NULL };

	REC(execv(P("r644"), argv));
	run_ids(P("prog001"));
	sys5(SYS_prctl, 8 /* PR_SET_KEEPCAPS */, 1, 0, 0, 0);
	sys3(SYS_setresuid32, 1000, 1000, 1000);
	run_ids(prog);
}

static void test_exec(void)
{
	ok(child(ch_exec), "exec child ran");
	is_err(next(), EACCES, "execve of a 0644 file: EACCES");
	is_err(next(), EACCES, "of another's 0700 program: EACCES");
	is_err(next(), EACCES, "of a directory: EACCES");
	is(next(), 0, "a 0755 program runs");
	ok(two(NOBODY, NOBODY), "with euid and saved uid nobody");
	ok(two(NOBODY, NOBODY), "and egid and saved gid nogroup");
	is(next(), 0, "and no capabilities");
	is(next(), 0, "a set-user-ID program of uid 1234 runs");
	ok(two(1234, 1234), "as euid 1234, which is also the saved uid");
	ok(two(NOBODY, NOBODY), "the gids unchanged");
	is(next(), 0, "and no capabilities");
	is(next(), 0, "a set-group-ID program runs");
	ok(two(NOBODY, NOBODY), "uids unchanged");
	ok(two(GRP, GRP), "as egid and saved gid 4321");
	next();
	is(next(), 0, "a set-group-ID program without group execute runs");
	next(), next();
	ok(two(NOBODY, NOBODY), "with the gids unchanged");
	next();
	is(next(), 0, "a set-user-ID-root program runs");
	ok(two(0, 0), "as euid 0");
	next(), next();
	is(next(), 1, "with CAP_SETUID in effect");
	is(next(), 0, "after PR_SET_NO_NEW_PRIVS a set-user-ID program runs");
	ok(two(NOBODY, NOBODY), "without its owner's uid");
	next(), next(), next();
	ok(child(ch_exec_root), "root exec child ran");
	is_err(next(), EACCES, "root: execve of a file with no x bit: EACCES");
	is(next(), 0, "root runs another's mode 0001 program");
	next(), next(), next(), next();
	is(next(), 1, "with its capabilities");
	is(next(), 0, "uid 1000 with PR_SET_KEEPCAPS runs a program");
	next(), next(), next(), next();
	is(next(), 0, "which starts without capabilities");
}

static void ch_chmod(void)
{
	become(NOBODY, NOBODY);
	REC(chmod(P("r644"), 0777));
	REC(chmod(P("mine"), 0600));
	rec(mode_of(P("mine")));
	REC(chmod(P("mygrp"), 02755));
	rec(mode_of(P("mygrp")));
	int fd = open(P("w666"), O_RDONLY);
	REC(fchmod(fd, 0777));
	REC(chown(P("mine"), NOBODY, NOBODY));
	REC(chown(P("mine"), 0, -1));
	REC(chown(P("mine"), -1, GRP));
	REC(chown(P("mine"), -1, NOBODY));
	REC(chown(P("r644"), -1, -1));
	REC(chown(P("chsuid"), -1, -1));
	REC(chown(P("r644"), NOBODY, -1));
}

static void ch_chgrp(void)
{
	unsigned g[1] = { GRP };

	sys2(SYS_setgroups32, 1, g);
	sys3(SYS_setresgid32, NOBODY, NOBODY, NOBODY);
	sys3(SYS_setresuid32, NOBODY, NOBODY, NOBODY);
	REC(chown(P("mine"), -1, GRP));
	rec(gid_of(P("mine")));
	REC(chmod(P("mine"), 02644));
	rec(mode_of(P("mine")));
}

static void ch_chown_root(void)
{
	REC(chown(P("chsuid"), 1, -1));
	rec(mode_of(P("chsuid")));
	REC(chown(P("chsgid"), -1, 1));
	rec(mode_of(P("chsgid")));
	REC(chown(P("chsgidnx"), -1, 1));
	rec(mode_of(P("chsgidnx")));
}

static void test_chmod(void)
{
	ok(child(ch_chmod), "chmod child ran");
	is_err(next(), EPERM, "chmod of another's file: EPERM");
	is(next(), 0, "chmod of one's own file");
	is(next(), 0600, "applied");
	is(next(), 0, "chmod 02755 of one's own file of a group one is not in");
	is(next(), 0755, "succeeds without S_ISGID");
	is_err(next(), EPERM, "fchmod of another's file: EPERM");
	is(next(), 0, "chown of one's own file to oneself");
	is_err(next(), EPERM, "chown of one's own file to root: EPERM");
	is_err(next(), EPERM, "chgrp to a group one is not in: EPERM");
	is(next(), 0, "chgrp to one's own group");
	is(next(), 0, "chown -1 -1 of another's plain file changes nothing: 0");
	is_err(next(), EPERM, "chown -1 -1 of another's set-user-ID file would clear it: EPERM");
	is_err(next(), EPERM, "chown of another's file: EPERM");
	ok(child(ch_chgrp), "chgrp child ran");
	is(next(), 0, "chgrp to a supplementary group");
	is(next(), GRP, "applied");
	is(next(), 0, "chmod 02644 in that group");
	is(next(), 02644, "keeps S_ISGID");
	ok(child(ch_chown_root), "root chown child ran");
	is(next(), 0, "root chown of a set-user-ID file");
	is(next(), 0755, "clears S_ISUID");
	is(next(), 0, "root chgrp of a group-executable set-group-ID file");
	is(next(), 0755, "clears S_ISGID");
	is(next(), 0, "root chgrp of a set-group-ID file without group execute");
	is(next(), 02745, "keeps S_ISGID (CAP_FSETID)");
}

static void ch_times(void)
{
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct timespec half[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	struct timespec exact[2] = { { 5, 0 }, { 5, 0 } };

	become(NOBODY, NOBODY);
	REC(utimensat(AT_FDCWD, P("w666"), NULL, 0));
	REC(utimensat(AT_FDCWD, P("w666"), now, 0));
	REC(utimensat(AT_FDCWD, P("w666"), half, 0));
	REC(utimensat(AT_FDCWD, P("w666"), exact, 0));
	REC(utimensat(AT_FDCWD, P("r644"), NULL, 0));
	REC(utimensat(AT_FDCWD, P("r644"), exact, 0));
	REC(utimensat(AT_FDCWD, P("mine"), exact, 0));
	REC(truncate(P("r644"), 0));
	REC(truncate(P("w666"), 1));
	int fd = open(P("suid"), O_WRONLY);
	rec(write(fd, "x", 1));
	rec(mode_of(P("suid")));
	fd = open(P("sgidx"), O_WRONLY);
	rec(write(fd, "x", 1));
	rec(mode_of(P("sgidx")));
	REC(truncate(P("sgidnx"), 0));
	rec(mode_of(P("sgidnx")));
}

static void ch_times_root(void)
{
	int fd = open(P("rootsuid"), O_WRONLY);
	rec(write(fd, "x", 1));
	rec(mode_of(P("rootsuid")));
}

static void test_times(void)
{
	ok(child(ch_times), "times child ran");
	is(next(), 0, "utimensat(NULL) of a file one may write");
	is(next(), 0, "both UTIME_NOW is the same");
	is_err(next(), EPERM, "UTIME_NOW with UTIME_OMIT is for the owner: EPERM");
	is_err(next(), EPERM, "exact times for the owner only: EPERM");
	is_err(next(), EACCES, "utimensat(NULL) of a file one may not write: EACCES");
	is_err(next(), EPERM, "exact times on it: EPERM");
	is(next(), 0, "exact times on one's own file");
	is_err(next(), EACCES, "truncate of a file one may not write: EACCES");
	is(next(), 0, "truncate of a 0666 file");
	is(next(), 1, "a write to another's 04777 file");
	is(next(), 0777, "drops S_ISUID");
	is(next(), 1, "a write to a 02777 file");
	is(next(), 0777, "drops S_ISGID (group-executable)");
	is(next(), 0, "truncate of a 02766 file of a group one is not in");
	is(next(), 0766, "drops S_ISGID too");
	ok(child(ch_times_root), "root write child ran");
	is(next(), 1, "root's write to a 04777 file");
	is(next(), 04777, "keeps S_ISUID (CAP_FSETID)");
}

static void ch_access(void)
{
	sys3(SYS_setresuid32, NOBODY, 0, 0); /* real nobody, effective root */
	REC(access(P("r600"), R_OK));
	REC(faccessat(AT_FDCWD, P("r600"), R_OK, AT_EACCESS));
	REC(sys4(SYS_faccessat2, AT_FDCWD, P("closed/f"), F_OK, 0));
	REC(sys4(SYS_faccessat2, AT_FDCWD, P("closed/f"), F_OK, AT_EACCESS));
	sys3(SYS_setresuid32, 0, NOBODY, 0); /* real root, effective nobody */
	REC(access(P("r600"), R_OK | W_OK));
	REC(faccessat(AT_FDCWD, P("r600"), R_OK, AT_EACCESS));
	REC(access(P("r644"), X_OK));
	REC(access(P("prog700"), X_OK));
	REC(access(P("closed"), X_OK));
}

static void test_access(void)
{
	ok(child(ch_access), "access child ran");
	is_err(next(), EACCES, "real uid nobody: access(R_OK) of a 0600 file: EACCES");
	is(next(), 0, "with AT_EACCESS the effective root may");
	is_err(next(), EACCES, "faccessat2: the path walk uses the real ids too");
	is(next(), 0, "and the effective ones with AT_EACCESS");
	is(next(), 0, "real uid root: access(R_OK|W_OK) of a 0600 file");
	is_err(next(), EACCES, "effective nobody with AT_EACCESS: EACCES");
	is_err(next(), EACCES, "root: X_OK of a 0644 file is EACCES");
	is(next(), 0, "X_OK of a 0700 program");
	is(next(), 0, "X_OK of a 0700 directory");
}

static void ch_misc(void)
{
	char path[64];
	struct stat st;
	int p[2];

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)getppid());
	rec(prctl(PR_GET_DUMPABLE));
	become(NOBODY, NOBODY);
	rec(prctl(PR_GET_DUMPABLE));
	REC(stat("/proc/self/status", &st));
	rec(st.st_uid);
	rec(sys2(SYS_prctl, PR_SET_DUMPABLE, 2));
	rec(sys2(SYS_prctl, PR_SET_DUMPABLE, 1));
	rec(prctl(PR_GET_DUMPABLE));
	REC(stat("/proc/self/status", &st));
	rec(st.st_uid);
	rec(st.st_gid);
	REC(open(path, O_RDONLY | O_DIRECTORY));
	char other[64], link[256];
	snprintf(other, sizeof(other), "/proc/%d/maps", (int)getppid());
	REC(open(other, O_RDONLY));
	snprintf(other, sizeof(other), "/proc/%d/exe", (int)getppid());
	REC(readlink(other, link, sizeof(link)));
	snprintf(other, sizeof(other), "/proc/%d/cwd", (int)getppid());
	REC(readlink(other, link, sizeof(link)));
	snprintf(other, sizeof(other), "/proc/%d/status", (int)getppid());
	REC(open(other, O_RDONLY));
	REC(readlink("/proc/self/exe", link, sizeof(link)));
	REC(open("/proc/self/maps", O_RDONLY));
	REC(pipe(p));
	REC(fstat(p[0], &st));
	rec(st.st_uid);
}

static void test_misc(void)
{
	ok(child(ch_misc), "misc child ran");
	is(next(), 1, "a process is dumpable");
	is(next(), 0, "until it changes its uids (PR_GET_DUMPABLE 0)");
	is(next(), 0, "stat of /proc/self/status");
	is(next(), 0, "which now belongs to root");
	is_err(next(), EINVAL, "PR_SET_DUMPABLE 2: EINVAL");
	is(next(), 0, "PR_SET_DUMPABLE 1");
	is(next(), 1, "PR_GET_DUMPABLE reads it back");
	is(next(), 0, "stat of /proc/self/status again");
	is(next(), NOBODY, "owned by the process's euid");
	is(next(), NOBODY, "and egid");
	is_err(next(), EACCES, "/proc/PID/fd of a root process: EACCES");
	is_err(next(), EACCES, "its maps: EACCES (no ptrace access)");
	is_err(next(), EACCES, "readlink of its exe: EACCES");
	is_err(next(), EACCES, "readlink of its cwd: EACCES");
	is(next(), 0, "its status is readable");
	is(next(), 0, "one's own exe link is readable");
	is(next(), 0, "one's own maps too");
	is(next(), 0, "a pipe");
	is(next(), 0, "fstat of it");
	is(next(), NOBODY, "belongs to its maker");
}

/* Removes the tree (as root). */
static void cleanup(void)
{
	const char *names[] = { "r600", "r644", "w666", "closed/f", "xonly/f", "nowrite/f", "open/made",
				"open/f", "open/newl", "open/fifo", "open/l1", "open/l2", "open/l3",
				"open/l4", "open/dest/newd", "sticky/rootfile", "sticky/other", "suid",
				"sgidx", "sgidnx", "rootsuid", "chsuid", "chsgid", "chsgidnx", "mine",
				"mygrp", "prog", "prog700", "prog001", "progsuid", "progsgid",
				"progsgidnx", "progroot", "nowrite/new", "open/new", "open/chr",
				"sticky/mine", "sticky/mine2", "nowrite/hl", "nowrite/sl", "nowrite/fifo" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(P(names[i]));
	const char *dirs[] = { "closed", "xonly", "nowrite/sub", "nowrite/d", "nowrite", "open/dest/newd",
			       "open/dest/rootdir", "open/rootdir", "open/newd", "open/dest",
			       "open", "sticky", "sgid/d", "sgid" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		rmdir(P(dirs[i]));
	unlink(P("sgid/f"));
	unlink(P("sgid/fx"));
	rmdir(P("sgid"));
	rmdir(B);
}

static void ch_sgid(void)
{
	become(NOBODY, NOBODY);
	REC(open(P("sgid/f"), O_CREAT | O_WRONLY, 0644));
	rec(gid_of(P("sgid/f")));
	REC(mkdir(P("sgid/d"), 0755));
	rec(gid_of(P("sgid/d")));
	rec(mode_of(P("sgid/d")));
	REC(open(P("sgid/fx"), O_CREAT | O_WRONLY, 02755));
	rec(mode_of(P("sgid/fx")));
}

static void test_sgid(void)
{
	ok(child(ch_sgid), "set-group-ID directory child ran");
	is(next(), 0, "creat in a set-group-ID directory");
	is(next(), GRP, "the file gets the directory's group");
	is(next(), 0, "mkdir there");
	is(next(), GRP, "the directory gets the group too");
	is(next(), 02755, "and is set-group-ID itself");
	is(next(), 0, "creat of a 02755 file there by a non-member");
	is(next(), 0755, "loses S_ISGID");
}

/* The program run by the exec checks: writes its ids and whether
 * CAP_SETUID is in effect to fd. */
static int report_ids(int fd)
{
	unsigned r, e, s, g, eg, sg;
	struct {
		unsigned version;
		int pid;
	} h = { 0x20080522, 0 };
	struct {
		unsigned eff, prm, inh;
	} d[2];
	char buf[128];

	sys3(SYS_getresuid32, &r, &e, &s);
	sys3(SYS_getresgid32, &g, &eg, &sg);
	sys2(SYS_capget, &h, d);
	int n = snprintf(buf, sizeof(buf), "%u %u %u %u %u %u %d", r, e, s, g, eg, sg,
			 (d[0].eff >> 7) & 1);
	return write(fd, buf, (size_t)n) == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--ids"))
		return report_ids(atoi(argv[2]));
	R = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (R == MAP_FAILED)
		return 1;
	plan(178);
	setup();
	test_lookup();
	test_open();
	test_create();
	test_sticky();
	test_links();
	test_exec();
	test_chmod();
	test_times();
	test_access();
	test_misc();
	test_sgid();
	cleanup();
	return done();
}
