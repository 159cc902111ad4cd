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

	expect("mkdir D/a", RSYS(SYS_mkdir, at("a"), 0755), 0);
	expect("mkdir D/a/b", RSYS(SYS_mkdir, at("a/b"), 0755), 0);
	unsigned long long ia = ino_at(AT_FDCWD, at("a")), ib = ino_at(AT_FDCWD, at("a/b"));
	unsigned long long id = ino_at(AT_FDCWD, D);
	long fd = ropen(at("a/b"), O_RDONLY | O_DIRECTORY, 0);
	ok(fd >= 0 && ia && ib && id, "open D/a/b");
	expect("rmdir D/a/b while it is open", RSYS(SYS_rmdir, at("a/b")), 0);
	expect("rmdir D/a", RSYS(SYS_rmdir, at("a")), 0);

	int made = 0;
	for (int i = 0; i < NFILES; i++) {
		char name[32];
		snprintf(name, sizeof(name), "f%d", i);
		long f = ropen(at(name), O_RDWR | O_CREAT | O_EXCL, 0644);
		if (f >= 0 && RSYS(SYS_write, f, "z", 1) == 1)
			made++;
		RSYS(SYS_close, f);
	}
	expect("300 new files in D", made, NFILES);

	ok(RSYS(SYS_fstat64, fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 0,
	   "fstat of the removed dir: a directory with nlink 0");
	ok(RSYS(SYS_fstatat64, fd, "..", &st, 0) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 0 &&
	       st.st_ino == ia,
	   "fstatat(fd, \"..\") is the removed parent a, a directory with nlink 0");
	ok(ino_at(fd, "../..") == id, "fstatat(fd, \"../..\") is D");
	ok(ino_at(fd, ".") == ib, "fstatat(fd, \".\") is the removed dir itself");
	expect("fstatat(fd, \"x\") gives ENOENT", RSYS(SYS_fstatat64, fd, "x", &st, 0), -ENOENT);
	expect("fstatat(fd, \"../f0\") gives ENOENT (a is empty)",
	       RSYS(SYS_fstatat64, fd, "../f0", &st, 0), -ENOENT);
	ok(RSYS(SYS_fstatat64, fd, "../../f0", &st, 0) == 0 && S_ISREG(st.st_mode) &&
	       st.st_size == 1,
	   "fstatat(fd, \"../../f0\") is D's file f0");
	expect("getdents64 of the removed dir gives ENOENT",
	       RSYS(SYS_getdents64, fd, buf, sizeof(buf)), -ENOENT);
	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	expect("and again from offset 0", RSYS(SYS_getdents64, fd, buf, sizeof(buf)), -ENOENT);
	expect("even with a tiny buffer", RSYS(SYS_getdents64, fd, buf, 1), -ENOENT);
	long dd = RSYS(SYS_openat, fd, "..", O_RDONLY | O_DIRECTORY);
	expect("getdents64 of the removed parent through \"..\" gives ENOENT",
	       dd < 0 ? dd : RSYS(SYS_getdents64, dd, buf, sizeof(buf)), -ENOENT);
	RSYS(SYS_close, dd);

	expect("openat(fd, \"x\", O_CREAT) gives ENOENT",
	       RSYS(SYS_openat, fd, "x", O_RDWR | O_CREAT, 0644), -ENOENT);
	expect("openat(fd, \"../x\", O_CREAT) gives ENOENT",
	       RSYS(SYS_openat, fd, "../x", O_RDWR | O_CREAT, 0644), -ENOENT);
	expect("openat(fd, \"x\", O_CREAT|O_EXCL) gives ENOENT",
	       RSYS(SYS_openat, fd, "x", O_RDWR | O_CREAT | O_EXCL, 0644), -ENOENT);
	expect("openat(fd, \"x\") gives ENOENT", RSYS(SYS_openat, fd, "x", O_RDONLY), -ENOENT);
	expect("openat(fd, \".\", O_CREAT) gives EISDIR",
	       RSYS(SYS_openat, fd, ".", O_RDWR | O_CREAT, 0644), -EISDIR);
	long o = RSYS(SYS_openat, fd, ".", O_RDONLY);
	ok(o >= 0, "openat(fd, \".\") opens it");
	RSYS(SYS_close, o);
	o = RSYS(SYS_openat, fd, "..", O_RDONLY);
	ok(o >= 0, "openat(fd, \"..\") opens the removed parent");
	RSYS(SYS_close, o);
	o = RSYS(SYS_openat, fd, "../../g", O_RDWR | O_CREAT | O_EXCL, 0644);
	ok(o >= 0, "openat(fd, \"../../g\", O_CREAT) creates in live D");
	RSYS(SYS_close, o);
	expect("mkdirat(fd, \"x\") gives ENOENT", RSYS(SYS_mkdirat, fd, "x", 0755), -ENOENT);
	expect("mkdirat(fd, \"../x\") gives ENOENT", RSYS(SYS_mkdirat, fd, "../x", 0755), -ENOENT);
	expect("mkdirat(fd, \".\") gives EEXIST", RSYS(SYS_mkdirat, fd, ".", 0755), -EEXIST);
	expect("mkdirat(fd, \"..\") gives EEXIST", RSYS(SYS_mkdirat, fd, "..", 0755), -EEXIST);
	expect("unlinkat(fd, \"x\") gives ENOENT", RSYS(SYS_unlinkat, fd, "x", 0), -ENOENT);
	expect("unlinkat(fd, \".\", AT_REMOVEDIR) gives EINVAL",
	       RSYS(SYS_unlinkat, fd, ".", AT_REMOVEDIR), -EINVAL);

	if (mica_only("creating in the removed dir takes no memory")) {
		long before = mem_free_kb();
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
		long after = mem_free_kb();
		ok(before > 0 && after == before, "creating in the removed dir takes no memory");
		if (after != before)
			diag("MemFree %ld kB before, %ld kB after", before, after);
	}

	/* the cwd inside it */
	expect("fchdir to the removed dir", RSYS(SYS_fchdir, fd), 0);
	expect("getcwd gives ENOENT", getcwd_raw(), -ENOENT);
	expect("open(\"y\", O_CREAT) in the removed cwd gives ENOENT",
	       ropen("y", O_RDWR | O_CREAT, 0644), -ENOENT);
	expect("mkdir(\"z\") in the removed cwd gives ENOENT", RSYS(SYS_mkdir, "z", 0755), -ENOENT);
	expect("rename of D/f0 into the removed cwd gives ENOENT", RSYS(SYS_rename, at("f0"), "f0"),
	       -ENOENT);
	ok(ino_at(AT_FDCWD, at("f0")) != 0, "and D/f0 is still there");
	expect("rename from the removed cwd gives ENOENT", RSYS(SYS_rename, "f0", at("f0x")),
	       -ENOENT);
	expect("chdir(\".\") in the removed cwd", RSYS(SYS_chdir, "."), 0);
	expect("chdir(\"..\") to the removed parent", RSYS(SYS_chdir, ".."), 0);
	ok(ino_at(AT_FDCWD, ".") == ia, "the cwd is now a");
	expect("getcwd there gives ENOENT too", getcwd_raw(), -ENOENT);
	expect("chdir(\"..\") again, to D", RSYS(SYS_chdir, ".."), 0);
	ok(getcwd_raw() == (long)strlen(D) + 1 && !strcmp(cwd, D), "getcwd is D again");

	RSYS(SYS_close, fd);
	int gone = 0;
	for (int i = 0; i < NFILES; i++) {
		char name[32];
		snprintf(name, sizeof(name), "f%d", i);
		gone += RSYS(SYS_unlink, name) == 0;
	}
	expect("unlink the 300 files", gone, NFILES);
	expect("unlink g", RSYS(SYS_unlink, "g"), 0);
}

/* Removing the cwd itself, then a child's view of it. */
static void removed_cwd(void)
{
	expect("mkdir D/c", RSYS(SYS_mkdir, at("c"), 0755), 0);
	expect("chdir D/c", RSYS(SYS_chdir, at("c")), 0);
	expect("rmdir of the cwd works", RSYS(SYS_rmdir, at("c")), 0);
	expect("getcwd of the removed cwd gives ENOENT", getcwd_raw(), -ENOENT);
	long pid = rfork();
	if (pid == 0) {
		long r = RSYS(SYS_getcwd, cwd, sizeof(cwd));
		long m = RSYS(SYS_mkdir, "k", 0755);
		rexit(r == -ENOENT && m == -ENOENT ? 0 : 1);
	}
	expect("a child inherits the removed cwd (getcwd, mkdir ENOENT)", rwait(pid), 0);
	expect("stat(\".\") in it works",
	       ino_at(AT_FDCWD, ".") != 0 && ino_at(AT_FDCWD, "..") == ino_at(AT_FDCWD, D), 1);
	expect("mkdir D/c again (a new directory)", RSYS(SYS_mkdir, at("c"), 0755), 0);
	expect("the old cwd is still empty: stat(\"c\") gives ENOENT", ino_at(AT_FDCWD, "c") == 0,
	       1);
	expect("chdir back to D", RSYS(SYS_chdir, D), 0);
	expect("rmdir D/c", RSYS(SYS_rmdir, at("c")), 0);
}

/* A chain of CHAIN removed directories held by the deepest one's fd. */
static void removed_chain(void)
{
	int made = 0, removed = 0;

	expect("chdir D", RSYS(SYS_chdir, D), 0);
	for (int i = 0; i < CHAIN; i++)
		made += RSYS(SYS_mkdir, "d", 0755) == 0 && RSYS(SYS_chdir, "d") == 0;
	expect("a chain of 2000 nested directories", made, CHAIN);
	long fd = ropen(".", O_RDONLY | O_DIRECTORY, 0);
	ok(fd >= 0, "open the deepest");
	for (int i = 0; i < CHAIN; i++)
		removed += RSYS(SYS_chdir, "..") == 0 && RSYS(SYS_rmdir, "d") == 0;
	expect("remove them all, deepest first", removed, CHAIN);
	ok(getcwd_raw() == (long)strlen(D) + 1 && !strcmp(cwd, D), "back in D");
	struct kstat64 st;
	ok(RSYS(SYS_fstatat64, fd, "../../..", &st, 0) == 0 && st.st_nlink == 0,
	   "\"../../..\" from the deepest is a removed directory");
	expect("close the deepest: the chain goes", RSYS(SYS_close, fd), 0);
	expect("D is empty again: rmdir D", RSYS(SYS_rmdir, D), 0);
}

int main(void)
{
	plan(66);
	snprintf(D, sizeof(D), "/tmp/fs_removed.%ld", RSYS(SYS_getpid));
	expect("mkdir D", RSYS(SYS_mkdir, D, 0755), 0);
	dotdot_of_removed();
	removed_cwd();
	removed_chain();
	return done();
}
