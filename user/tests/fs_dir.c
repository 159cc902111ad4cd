/*
 * fs_dir: directories and path lookup: mkdir, chdir, getcwd, open and
 * openat with relative paths, access, stat64, fstatat64, getdents64.
 *
 * Works in a fresh directory D = /tmp/fs_dir.<pid> holding files a, b, c
 * of 1, 2 and 3 bytes. getdents64 order is the file system's, so names are
 * sorted before comparing. At the end D is removed again with rmdir.
 */
#include "raw.h"
#include <dirent.h>

static char dir[64];
static char cwd[256];
static char p[128];

#define STAT(path, st) RSYS(SYS_stat64, (path), (st))

/* Returns 1 iff getcwd succeeds with exactly want. */
static int cwd_is(const char *want)
{
	long n = RSYS(SYS_getcwd, cwd, sizeof(cwd));

	return n == (long)strlen(want) + 1 && strcmp(cwd, want) == 0;
}

/* Returns st_ino of path, or 0 on error. */
static unsigned long long ino(const char *path)
{
	struct kstat64 st;

	return STAT(path, &st) == 0 ? st.st_ino : 0;
}

/* Returns 1 iff x and y describe the same file with the same type and size. */
static int same(const struct kstat64 *x, const struct kstat64 *y)
{
	return x->st_ino == y->st_ino && x->st_dev == y->st_dev &&
	       x->st_mode == y->st_mode && x->st_size == y->st_size;
}

/* Creates relative file name holding n bytes of c; returns 1 on success. */
static int mkfile(const char *name, int c, int n)
{
	char data[8];
	long fd = ropen(name, O_WRONLY | O_CREAT | O_EXCL, 0644);

	memset(data, c, n);
	return fd >= 0 && RSYS(SYS_write, fd, data, n) == n &&
	       RSYS(SYS_close, fd) == 0;
}

/* Returns 1 iff fd reads back exactly s (from its current offset). */
static int reads(long fd, const char *s)
{
	char got[16];
	long n = fd < 0 ? fd : read_full(fd, got, sizeof(got));

	if (fd >= 0)
		RSYS(SYS_close, fd);
	return n == (long)strlen(s) && memcmp(got, s, n) == 0;
}

/* mkdir, chdir and getcwd, with their failures. */
static void make_and_enter(void)
{
	unsigned char *ro = ro_page();

	expect("mkdir D", RSYS(SYS_mkdir, dir, 0755), 0);
	expect("mkdir D again gives EEXIST", RSYS(SYS_mkdir, dir, 0755),
	       -EEXIST);
	expect("mkdir / gives EEXIST", RSYS(SYS_mkdir, "/", 0755), -EEXIST);
	expect("mkdir in a missing directory gives ENOENT",
	       RSYS(SYS_mkdir, "/tmp/fs_dir.no/x", 0755), -ENOENT);
	expect("mkdir under a file gives ENOTDIR",
	       RSYS(SYS_mkdir, "/etc/motd/x", 0755), -ENOTDIR);
	expect("mkdir \"\" gives ENOENT", RSYS(SYS_mkdir, "", 0755), -ENOENT);
	expect("mkdir NULL gives EFAULT", RSYS(SYS_mkdir, NULL, 0755), -EFAULT);
	expect("chdir D", RSYS(SYS_chdir, dir), 0);
	ok(cwd_is(dir), "getcwd returns D and its length + 1");

	size_t n = strlen(dir);
	expect("getcwd with one byte too few gives ERANGE",
	       RSYS(SYS_getcwd, cwd, n), -ERANGE);
	expect("getcwd with exactly enough", RSYS(SYS_getcwd, cwd, n + 1),
	       (long)n + 1);
	expect("getcwd size 0 gives ERANGE", RSYS(SYS_getcwd, cwd, 0), -ERANGE);
	expect("getcwd into NULL gives EFAULT", RSYS(SYS_getcwd, NULL, 100),
	       -EFAULT);
	expect("getcwd into a kernel address gives EFAULT",
	       RSYS(SYS_getcwd, KADDR, 100), -EFAULT);
	expect("getcwd into a read-only page gives EFAULT",
	       RSYS(SYS_getcwd, ro, 100), -EFAULT);
}

/* Relative names, openat and chdir failures. */
static void relative(void)
{
	ok(mkfile("a", 'A', 1) && mkfile("b", 'B', 2) && mkfile("c", 'C', 3),
	   "create a, b, c by relative path");
	snprintf(p, sizeof(p), "%s/a", dir);
	ok(reads(ropen(p, O_RDONLY, 0), "A"), "a read by absolute path");
	ok(reads(RSYS(SYS_openat, AT_FDCWD, "b", O_RDONLY | O_LARGEFILE), "BB"),
	   "openat(AT_FDCWD, \"b\")");
	long dfd = ropen(dir, O_RDONLY | O_DIRECTORY, 0);
	RSYS(SYS_chdir, "/");
	ok(reads(RSYS(SYS_openat, dfd, "c", O_RDONLY), "CCC"),
	   "openat(dirfd, \"c\") from another cwd");
	long afd = ropen(p, O_RDONLY, 0);
	expect("openat on a file fd gives ENOTDIR",
	       RSYS(SYS_openat, afd, "a", O_RDONLY), -ENOTDIR);
	expect("openat on fd -5 gives EBADF", RSYS(SYS_openat, -5, "a", O_RDONLY),
	       -EBADF);
	long m = RSYS(SYS_openat, -5, "/etc/motd", O_RDONLY);
	ok(m >= 0, "openat with an absolute path ignores a bad dirfd");
	RSYS(SYS_close, m);
	RSYS(SYS_close, afd);
	RSYS(SYS_close, dfd);
	RSYS(SYS_chdir, dir);

	expect("mkdir over a file gives EEXIST", RSYS(SYS_mkdir, "a", 0755),
	       -EEXIST);
	expect("mkdir under a file gives ENOTDIR (relative)",
	       RSYS(SYS_mkdir, "a/x", 0755), -ENOTDIR);
	expect("chdir to a file gives ENOTDIR", RSYS(SYS_chdir, "a"), -ENOTDIR);
	expect("chdir to a missing path gives ENOENT", RSYS(SYS_chdir, "nope"),
	       -ENOENT);
	expect("chdir \"\" gives ENOENT", RSYS(SYS_chdir, ""), -ENOENT);
	expect("chdir NULL gives EFAULT", RSYS(SYS_chdir, NULL), -EFAULT);
	ok(cwd_is(dir), "failed chdirs leave the cwd");
}

/* access and stat64 on files, directories and missing paths. */
static void lookups(void)
{
	struct kstat64 st, st2;

	expect("access a F_OK", RSYS(SYS_access, "a", F_OK), 0);
	expect("access a R_OK", RSYS(SYS_access, "a", R_OK), 0);
	expect("access /etc/motd R_OK", RSYS(SYS_access, "/etc/motd", R_OK), 0);
	expect("access missing F_OK gives ENOENT",
	       RSYS(SYS_access, "nope", F_OK), -ENOENT);
	expect("access missing R_OK gives ENOENT",
	       RSYS(SYS_access, "nope", R_OK), -ENOENT);
	expect("access \"a/\" gives ENOTDIR", RSYS(SYS_access, "a/", F_OK),
	       -ENOTDIR);
	expect("access mode 8 gives EINVAL", RSYS(SYS_access, "a", 8), -EINVAL);
	expect("access NULL gives EFAULT", RSYS(SYS_access, NULL, F_OK),
	       -EFAULT);

	ok(STAT("c", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3,
	   "stat64 c: regular, 3 bytes");
	ok(STAT(".", &st) == 0 && S_ISDIR(st.st_mode), "stat64 .: directory");
	ok(STAT(dir, &st2) == 0 && same(&st, &st2), "stat64 D is stat64 .");
	ok(STAT("/etc/motd", &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0,
	   "stat64 /etc/motd: non-empty regular file");
	expect("stat64 missing gives ENOENT", STAT("nope", &st), -ENOENT);
	expect("stat64 \"a/\" gives ENOTDIR", STAT("a/", &st), -ENOTDIR);
	expect("stat64 \"\" gives ENOENT", STAT("", &st), -ENOENT);
	expect("stat64 NULL path gives EFAULT", STAT(NULL, &st), -EFAULT);
	expect("stat64 into NULL gives EFAULT", STAT("a", NULL), -EFAULT);

	long dfd = ropen(".", O_RDONLY | O_DIRECTORY, 0);
	long cfd = ropen("c", O_RDONLY, 0);
	STAT("c", &st);
	ok(RSYS(SYS_fstatat64, AT_FDCWD, "c", &st2, 0) == 0 && same(&st, &st2),
	   "fstatat64(AT_FDCWD, c) matches stat64");
	ok(RSYS(SYS_fstatat64, dfd, "c", &st2, 0) == 0 && same(&st, &st2),
	   "fstatat64(dirfd, c) matches stat64");
	ok(RSYS(SYS_fstat64, cfd, &st2) == 0 && same(&st, &st2),
	   "fstat64 of c matches stat64");
	expect("fstatat64 on fd -5 gives EBADF",
	       RSYS(SYS_fstatat64, -5, "c", &st2, 0), -EBADF);
	expect("fstatat64 absolute path ignores a bad dirfd",
	       RSYS(SYS_fstatat64, -5, "/etc/motd", &st2, 0), 0);
	expect("fstatat64 with unknown flags gives EINVAL",
	       RSYS(SYS_fstatat64, AT_FDCWD, "c", &st2, 0x12345), -EINVAL);
	RSYS(SYS_close, dfd);
	RSYS(SYS_close, cfd);

	/* ".", ".." and repeated slashes. */
	unsigned long long a = ino("a");
	const char *base = strrchr(dir, '/') + 1;
	snprintf(p, sizeof(p), "/tmp/./%s/../%s//a", base, base);
	ok(a != 0 && ino(p) == a, "/tmp/./D/../D//a is a");
	snprintf(p, sizeof(p), "/../tmp/%s/./a", base);
	ok(ino(p) == a, "/../tmp/D/./a is a");
	snprintf(p, sizeof(p), "..//%s/.//a", base);
	ok(ino(p) == a, "..//D/.//a is a");
	expect("chdir ..", RSYS(SYS_chdir, ".."), 0);
	ok(cwd_is("/tmp"), "getcwd after chdir .. is /tmp");
	expect("chdir back by relative name", RSYS(SYS_chdir, base), 0);
	ok(cwd_is(dir), "getcwd is D again");
}

/*
 * Reads directory fd from its start; fills out with the sorted names joined
 * by spaces. Returns 1 iff every record is well formed, d_type matches the
 * name and the listing ends with a 0 return.
 */
static int listing(long fd, char *out, size_t size)
{
	static unsigned char dbuf[4096];
	char names[16][32];
	int n = 0, good = 1;
	long r;

	RSYS(SYS_lseek, fd, 0, SEEK_SET);
	while ((r = RSYS(SYS_getdents64, fd, dbuf, sizeof(dbuf))) > 0) {
		for (long off = 0; off < r && good;) {
			unsigned char *d = dbuf + off;
			unsigned short reclen;
			memcpy(&reclen, d + 16, 2);
			const char *name = (const char *)d + 19;
			size_t len = strnlen(name, reclen > 19 ? reclen - 19 : 0);
			int dot = strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
			good &= reclen % 8 == 0 && reclen >= 20 + len &&
				off + reclen <= r && len < 32 && n < 16;
			good &= d[18] == (dot ? DT_DIR : DT_REG);
			if (good)
				strcpy(names[n++], name);
			off += reclen;
		}
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char t[32];
			strcpy(t, names[j]);
			strcpy(names[j], names[j - 1]);
			strcpy(names[j - 1], t);
		}
	out[0] = 0;
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
			 i ? " " : "", names[i]);
	return good && r == 0;
}

/* getdents64 lists exactly the directory's entries, then returns 0. */
static void entries(void)
{
	static unsigned char dbuf[512];
	char names[128];
	long dfd = ropen(".", O_RDONLY | O_DIRECTORY, 0);
	long afd = ropen("a", O_RDONLY, 0);

	ok(listing(dfd, names, sizeof(names)), "getdents64 records well formed");
	ok(strcmp(names, ". .. a b c") == 0, "getdents64 lists . .. a b c");
	expect("getdents64 at the end returns 0",
	       RSYS(SYS_getdents64, dfd, dbuf, sizeof(dbuf)), 0);
	RSYS(SYS_lseek, dfd, 0, SEEK_SET);
	expect("getdents64 with a 10-byte buffer gives EINVAL",
	       RSYS(SYS_getdents64, dfd, dbuf, 10), -EINVAL);
	expect("getdents64 into NULL gives EFAULT",
	       RSYS(SYS_getdents64, dfd, NULL, sizeof(dbuf)), -EFAULT);
	expect("getdents64 on a file gives ENOTDIR",
	       RSYS(SYS_getdents64, afd, dbuf, sizeof(dbuf)), -ENOTDIR);
	expect("getdents64 on fd -1 gives EBADF",
	       RSYS(SYS_getdents64, -1, dbuf, sizeof(dbuf)), -EBADF);

	/* Find a's record and compare its d_ino with stat64. */
	unsigned long long want = ino("a"), got = 0;
	long r;
	RSYS(SYS_lseek, dfd, 0, SEEK_SET);
	while ((r = RSYS(SYS_getdents64, dfd, dbuf, sizeof(dbuf))) > 0)
		for (long off = 0; off < r;) {
			unsigned short reclen;
			memcpy(&reclen, dbuf + off + 16, 2);
			if (strcmp((char *)dbuf + off + 19, "a") == 0)
				memcpy(&got, dbuf + off, 8);
			off += reclen ? reclen : r;
		}
	ok(want != 0 && got == want, "d_ino of a matches stat64");

	expect("unlink b", RSYS(SYS_unlink, "b"), 0);
	ok(listing(dfd, names, sizeof(names)) && strcmp(names, ". .. a c") == 0,
	   "after unlink b, rewound getdents64 lists . .. a c");
	RSYS(SYS_close, dfd);
	RSYS(SYS_close, afd);
}

/* unlink: files only; then leave D. */
static void cleanup(void)
{
	struct kstat64 st;

	expect("unlink a directory gives EISDIR", RSYS(SYS_unlink, dir),
	       -EISDIR);
	expect("unlink a missing file gives ENOENT", RSYS(SYS_unlink, "nope"),
	       -ENOENT);
	expect("unlink NULL gives EFAULT", RSYS(SYS_unlink, NULL), -EFAULT);
	expect("unlink a", RSYS(SYS_unlink, "a"), 0);
	expect("stat64 a after unlink gives ENOENT", STAT("a", &st), -ENOENT);
	expect("unlink c", RSYS(SYS_unlink, "c"), 0);
	expect("chdir /", RSYS(SYS_chdir, "/"), 0);
	ok(cwd_is("/"), "getcwd is / again");
	expect("rmdir the emptied directory", RSYS(SYS_rmdir, dir), 0);
	expect("stat64 of it gives ENOENT", STAT(dir, &st), -ENOENT);
}

int main(void)
{
	plan(79);
	snprintf(dir, sizeof(dir), "/tmp/fs_dir.%ld", RSYS(SYS_getpid));
	make_and_enter();
	relative();
	lookups();
	entries();
	cleanup();
	return done();
}
