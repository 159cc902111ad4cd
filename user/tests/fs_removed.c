/*
 * fs_removed: what a directory is after rmdir while something still holds
 * it (an open fd, a cwd). As Linux:
 *   - its "." and ".." still work: ".." is the directory it was removed
 *     from, even when that was removed too, and never memory reused since;
 *   - every other lookup in it gives ENOENT, and so does creating a file,
 *     a directory or a rename target there;
 *   - getdents64 gives ENOENT (not even "." and "..");
 *   - fchdir and chdir into it work, getcwd then gives ENOENT, and
 *     chdir("..") climbs out again;
 *   - the cwd itself may be removed;
 *   - a long chain of removed directories, held only by the deepest one,
 *     goes away when that is closed.
 * Works under D = /tmp/fs_removed.<pid>, removed at the end.
 */
#include "raw.h"

#define NFILES 300 /* files made after the removal, to reuse freed memory */
#define CHAIN 2000 /* depth of the removed chain */

static char D[64], p[160], cwd[256];

/* Builds D "/" rel into p and returns p. */
static char *at(const char *rel)
{
	snprintf(p, sizeof(p), "%s/%s", D, rel);
	return p;
}

/* st_ino of path (relative to dirfd), or 0. */
static unsigned long long ino_at(long dirfd, const char *path)
{
	struct kstat64 st;

	return RSYS(SYS_fstatat64, dirfd, path, &st, 0) == 0 ? st.st_ino : 0;
}

/* getcwd's raw result into cwd. */
static long getcwd_raw(void)
{
	return RSYS(SYS_getcwd, cwd, sizeof(cwd));
}

/* Removed twice over: D/a/b open, then b and a removed. */
static void dotdot_of_removed(void)
{
	struct kstat64 st;
	char buf[512];

	is(RSYS(SYS_mkdir, at("a"), 0755), 0, "mkdir D/a");
	is(RSYS(SYS_mkdir, at("a/b"), 0755), 0, "mkdir D/a/b");
	unsigned long long ia = ino_at(AT_FDCWD, at("a")), ib = ino_at(AT_FDCWD, at("a/b"));
	unsigned long long id = ino_at(AT_FDCWD, D);
	long fd = ropen(at("a/b"), O_RDONLY | O_DIRECTORY, 0);
	ok(fd >= 0 && ia && ib && id, "open D/a/b");
	is(RSYS(SYS_rmdir, at("a/b")), 0, "rmdir D/a/b while it is open");
	is(RSYS(SYS_rmdir, at("a")), 0, "rmdir D/a");

	int made = 0;
	for (int i = 0; i < NFILES; i++) {
		char name[32];
		snprintf(name, sizeof(name), "f%d", i);
		long f = ropen(at(name), O_RDWR | O_CREAT | O_EXCL, 0644);
		if (f >= 0 && RSYS(SYS_write, f, "z", 1) == 1)
			made++;
		RSYS(SYS_close, f);
	}
	is(made, NFILES, "300 new files in D");

	ok(RSYS(SYS_fstat64, fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 0,
	   "fstat of the removed dir: a directory with nlink 0");
	ok(RSYS(SYS_fstatat64, fd, "..", &st, 0) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 0 &&
	       st.st_ino == ia,
	   "fstatat(fd, \"..\") is the removed parent a, a directory with nlink 0");
	ok(ino_at(fd, "../..") == id, "fstatat(fd, \"../..\") is D");
	ok(ino_at(fd, ".") == ib, "fstatat(fd, \".\") is the removed dir itself");
	is(RSYS(SYS_fstatat64, fd, "x", &st, 0), -ENOENT, "fstatat(fd, \"x\") gives ENOENT");
	is(RSYS(SYS_fstatat64, fd, "../f0", &st, 0), -ENOENT, "fstatat(fd, \"../f0\") gives ENOENT (a is empty)");
	ok(RSYS(SYS_fstatat64, fd, "../../f0", &st, 0) == 0 && S_ISREG(st.st_mode) &&
	       st.st_size == 1,
	   "fstatat(fd, \"../../f0\") is D's file f0");
	is(RSYS(SYS_getdents64, fd, buf, sizeof(buf)), -ENOENT, "getdents64 of the removed dir gives ENOENT");
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	is(RSYS(SYS_getdents64, fd, buf, sizeof(buf)), -ENOENT, "and again from offset 0");
	is(RSYS(SYS_getdents64, fd, buf, 1), -ENOENT, "even with a tiny buffer");
	long dd = RSYS(SYS_openat, fd, "..", O_RDONLY | O_DIRECTORY);
	is(dd < 0 ? dd : RSYS(SYS_getdents64, dd, buf, sizeof(buf)), -ENOENT, "getdents64 of the removed parent through \"..\" gives ENOENT");
	RSYS(SYS_close, dd);

	is(RSYS(SYS_openat, fd, "x", O_RDWR | O_CREAT, 0644), -ENOENT, "openat(fd, \"x\", O_CREAT) gives ENOENT");
	is(RSYS(SYS_openat, fd, "../x", O_RDWR | O_CREAT, 0644), -ENOENT, "openat(fd, \"../x\", O_CREAT) gives ENOENT");
	is(RSYS(SYS_openat, fd, "x", O_RDWR | O_CREAT | O_EXCL, 0644), -ENOENT, "openat(fd, \"x\", O_CREAT|O_EXCL) gives ENOENT");
	is(RSYS(SYS_openat, fd, "x", O_RDONLY), -ENOENT, "openat(fd, \"x\") gives ENOENT");
	is(RSYS(SYS_openat, fd, ".", O_RDWR | O_CREAT, 0644), -EISDIR, "openat(fd, \".\", O_CREAT) gives EISDIR");
	long o = RSYS(SYS_openat, fd, ".", O_RDONLY);
	ok(o >= 0, "openat(fd, \".\") opens it");
	RSYS(SYS_close, o);
	o = RSYS(SYS_openat, fd, "..", O_RDONLY);
	ok(o >= 0, "openat(fd, \"..\") opens the removed parent");
	RSYS(SYS_close, o);
	o = RSYS(SYS_openat, fd, "../../g", O_RDWR | O_CREAT | O_EXCL, 0644);
	ok(o >= 0, "openat(fd, \"../../g\", O_CREAT) creates in live D");
	RSYS(SYS_close, o);
	is(RSYS(SYS_mkdirat, fd, "x", 0755), -ENOENT, "mkdirat(fd, \"x\") gives ENOENT");
	is(RSYS(SYS_mkdirat, fd, "../x", 0755), -ENOENT, "mkdirat(fd, \"../x\") gives ENOENT");
	is(RSYS(SYS_mkdirat, fd, ".", 0755), -EEXIST, "mkdirat(fd, \".\") gives EEXIST");
	is(RSYS(SYS_mkdirat, fd, "..", 0755), -EEXIST, "mkdirat(fd, \"..\") gives EEXIST");
	is(RSYS(SYS_unlinkat, fd, "x", 0), -ENOENT, "unlinkat(fd, \"x\") gives ENOENT");
	is(RSYS(SYS_unlinkat, fd, ".", AT_REMOVEDIR), -EINVAL, "unlinkat(fd, \".\", AT_REMOVEDIR) gives EINVAL");

	if (mica_only("creating in the removed dir takes no memory")) {
		long before = mem_free();
		for (int i = 0; i < 200; i++) {
			char name[32];
			snprintf(name, sizeof(name), "n%d", i);
			long f = RSYS(SYS_openat, fd, name, O_RDWR | O_CREAT, 0644);
			if (f >= 0) {
				static char page[PAGE];
				RSYS(SYS_write, f, page, sizeof(page));
				RSYS(SYS_close, f);
			}
			RSYS(SYS_mkdirat, fd, name, 0755);
		}
		long after = mem_free();
		ok(before > 0 && after == before, "creating in the removed dir takes no memory");
		if (after != before)
			diag("MemFree %ld kB before, %ld kB after", before, after);
	}

	/* the cwd inside it */
	is(RSYS(SYS_fchdir, fd), 0, "fchdir to the removed dir");
	is(getcwd_raw(), -ENOENT, "getcwd gives ENOENT");
	is(ropen("y", O_RDWR | O_CREAT, 0644), -ENOENT, "open(\"y\", O_CREAT) in the removed cwd gives ENOENT");
	is(RSYS(SYS_mkdir, "z", 0755), -ENOENT, "mkdir(\"z\") in the removed cwd gives ENOENT");
	is(RSYS(SYS_rename, at("f0"), "f0"), -ENOENT, "rename of D/f0 into the removed cwd gives ENOENT");
	ok(ino_at(AT_FDCWD, at("f0")) != 0, "and D/f0 is still there");
	is(RSYS(SYS_rename, "f0", at("f0x")), -ENOENT, "rename from the removed cwd gives ENOENT");
	is(RSYS(SYS_chdir, "."), 0, "chdir(\".\") in the removed cwd");
	is(RSYS(SYS_chdir, ".."), 0, "chdir(\"..\") to the removed parent");
	ok(ino_at(AT_FDCWD, ".") == ia, "the cwd is now a");
	is(getcwd_raw(), -ENOENT, "getcwd there gives ENOENT too");
	is(RSYS(SYS_chdir, ".."), 0, "chdir(\"..\") again, to D");
	ok(getcwd_raw() == (long)strlen(D) + 1 && !strcmp(cwd, D), "getcwd is D again");

	RSYS(SYS_close, fd);
	int gone = 0;
	for (int i = 0; i < NFILES; i++) {
		char name[32];
		snprintf(name, sizeof(name), "f%d", i);
		gone += RSYS(SYS_unlink, name) == 0;
	}
	is(gone, NFILES, "unlink the 300 files");
	is(RSYS(SYS_unlink, "g"), 0, "unlink g");
}

/* Removing the cwd itself, then a child's view of it. */
static void removed_cwd(void)
{
	is(RSYS(SYS_mkdir, at("c"), 0755), 0, "mkdir D/c");
	is(RSYS(SYS_chdir, at("c")), 0, "chdir D/c");
	is(RSYS(SYS_rmdir, at("c")), 0, "rmdir of the cwd works");
	is(getcwd_raw(), -ENOENT, "getcwd of the removed cwd gives ENOENT");
	long pid = rfork();
	if (pid == 0) {
		long r = RSYS(SYS_getcwd, cwd, sizeof(cwd));
		long m = RSYS(SYS_mkdir, "k", 0755);
		rexit(r == -ENOENT && m == -ENOENT ? 0 : 1);
	}
	is(rwait(pid), 0, "a child inherits the removed cwd (getcwd, mkdir ENOENT)");
	is(ino_at(AT_FDCWD, ".") != 0 && ino_at(AT_FDCWD, "..") == ino_at(AT_FDCWD, D), 1, "stat(\".\") in it works");
	is(RSYS(SYS_mkdir, at("c"), 0755), 0, "mkdir D/c again (a new directory)");
	is(ino_at(AT_FDCWD, "c") == 0, 1, "the old cwd is still empty: stat(\"c\") gives ENOENT");
	is(RSYS(SYS_chdir, D), 0, "chdir back to D");
	is(RSYS(SYS_rmdir, at("c")), 0, "rmdir D/c");
}

/* A chain of CHAIN removed directories held by the deepest one's fd. */
static void removed_chain(void)
{
	int made = 0, removed = 0;

	is(RSYS(SYS_chdir, D), 0, "chdir D");
	for (int i = 0; i < CHAIN; i++)
		made += RSYS(SYS_mkdir, "d", 0755) == 0 && RSYS(SYS_chdir, "d") == 0;
	is(made, CHAIN, "a chain of 2000 nested directories");
	long fd = ropen(".", O_RDONLY | O_DIRECTORY, 0);
	ok(fd >= 0, "open the deepest");
	for (int i = 0; i < CHAIN; i++)
		removed += RSYS(SYS_chdir, "..") == 0 && RSYS(SYS_rmdir, "d") == 0;
	is(removed, CHAIN, "remove them all, deepest first");
	ok(getcwd_raw() == (long)strlen(D) + 1 && !strcmp(cwd, D), "back in D");
	struct kstat64 st;
	ok(RSYS(SYS_fstatat64, fd, "../../..", &st, 0) == 0 && st.st_nlink == 0,
	   "\"../../..\" from the deepest is a removed directory");
	is(RSYS(SYS_close, fd), 0, "close the deepest: the chain goes");
	is(RSYS(SYS_rmdir, D), 0, "D is empty again: rmdir D");
}

int main(void)
{
	plan(66);
	snprintf(D, sizeof(D), "/tmp/fs_removed.%ld", RSYS(SYS_getpid));
	is(RSYS(SYS_mkdir, D, 0755), 0, "mkdir D");
	dotdot_of_removed();
	removed_cwd();
	removed_chain();
	return done();
}
