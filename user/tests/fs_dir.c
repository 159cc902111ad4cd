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

	is(RSYS(SYS_mkdir, dir, 0755), 0, "mkdir D");
	is(RSYS(SYS_mkdir, dir, 0755), -EEXIST, "mkdir D again gives EEXIST");
	is(RSYS(SYS_mkdir, "/", 0755), -EEXIST, "mkdir / gives EEXIST");
	is(RSYS(SYS_mkdir, "/tmp/fs_dir.no/x", 0755), -ENOENT, "mkdir in a missing directory gives ENOENT");
	is(RSYS(SYS_mkdir, "/etc/motd/x", 0755), -ENOTDIR, "mkdir under a file gives ENOTDIR");
	is(RSYS(SYS_mkdir, "", 0755), -ENOENT, "mkdir \"\" gives ENOENT");
	is(RSYS(SYS_mkdir, NULL, 0755), -EFAULT, "mkdir NULL gives EFAULT");
	is(RSYS(SYS_chdir, dir), 0, "chdir D");
	ok(cwd_is(dir), "getcwd returns D and its length + 1");

	size_t n = strlen(dir);
	is(RSYS(SYS_getcwd, cwd, n), -ERANGE, "getcwd with one byte too few gives ERANGE");
	is(RSYS(SYS_getcwd, cwd, n + 1), (long)n + 1, "getcwd with exactly enough");
	is(RSYS(SYS_getcwd, cwd, 0), -ERANGE, "getcwd size 0 gives ERANGE");
	is(RSYS(SYS_getcwd, NULL, 100), -EFAULT, "getcwd into NULL gives EFAULT");
	is(RSYS(SYS_getcwd, KERNEL_BASE, 100), -EFAULT, "getcwd into a kernel address gives EFAULT");
	is(RSYS(SYS_getcwd, ro, 100), -EFAULT, "getcwd into a read-only page gives EFAULT");
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
	is(RSYS(SYS_openat, afd, "a", O_RDONLY), -ENOTDIR, "openat on a file fd gives ENOTDIR");
	is(RSYS(SYS_openat, -5, "a", O_RDONLY), -EBADF, "openat on fd -5 gives EBADF");
	long m = RSYS(SYS_openat, -5, "/etc/motd", O_RDONLY);
	ok(m >= 0, "openat with an absolute path ignores a bad dirfd");
	RSYS(SYS_close, m);
	RSYS(SYS_close, afd);
	RSYS(SYS_close, dfd);
	RSYS(SYS_chdir, dir);

	is(RSYS(SYS_mkdir, "a", 0755), -EEXIST, "mkdir over a file gives EEXIST");
	is(RSYS(SYS_mkdir, "a/x", 0755), -ENOTDIR, "mkdir under a file gives ENOTDIR (relative)");
	is(RSYS(SYS_chdir, "a"), -ENOTDIR, "chdir to a file gives ENOTDIR");
	is(RSYS(SYS_chdir, "nope"), -ENOENT, "chdir to a missing path gives ENOENT");
	is(RSYS(SYS_chdir, ""), -ENOENT, "chdir \"\" gives ENOENT");
	is(RSYS(SYS_chdir, NULL), -EFAULT, "chdir NULL gives EFAULT");
	ok(cwd_is(dir), "failed chdirs leave the cwd");
}

/* access and stat64 on files, directories and missing paths. */
static void lookups(void)
{
	struct kstat64 st, st2;

	is(RSYS(SYS_access, "a", F_OK), 0, "access a F_OK");
	is(RSYS(SYS_access, "a", R_OK), 0, "access a R_OK");
	is(RSYS(SYS_access, "/etc/motd", R_OK), 0, "access /etc/motd R_OK");
	is(RSYS(SYS_access, "nope", F_OK), -ENOENT, "access missing F_OK gives ENOENT");
	is(RSYS(SYS_access, "nope", R_OK), -ENOENT, "access missing R_OK gives ENOENT");
	is(RSYS(SYS_access, "a/", F_OK), -ENOTDIR, "access \"a/\" gives ENOTDIR");
	is(RSYS(SYS_access, "a", 8), -EINVAL, "access mode 8 gives EINVAL");
	is(RSYS(SYS_access, NULL, F_OK), -EFAULT, "access NULL gives EFAULT");

	ok(STAT("c", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3,
	   "stat64 c: regular, 3 bytes");
	ok(STAT(".", &st) == 0 && S_ISDIR(st.st_mode), "stat64 .: directory");
	ok(STAT(dir, &st2) == 0 && same(&st, &st2), "stat64 D is stat64 .");
	ok(STAT("/etc/motd", &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0,
	   "stat64 /etc/motd: non-empty regular file");
	is(STAT("nope", &st), -ENOENT, "stat64 missing gives ENOENT");
	is(STAT("a/", &st), -ENOTDIR, "stat64 \"a/\" gives ENOTDIR");
	is(STAT("", &st), -ENOENT, "stat64 \"\" gives ENOENT");
	is(STAT(NULL, &st), -EFAULT, "stat64 NULL path gives EFAULT");
	is(STAT("a", NULL), -EFAULT, "stat64 into NULL gives EFAULT");

	long dfd = ropen(".", O_RDONLY | O_DIRECTORY, 0);
	long cfd = ropen("c", O_RDONLY, 0);
	STAT("c", &st);
	ok(RSYS(SYS_fstatat64, AT_FDCWD, "c", &st2, 0) == 0 && same(&st, &st2),
	   "fstatat64(AT_FDCWD, c) matches stat64");
	ok(RSYS(SYS_fstatat64, dfd, "c", &st2, 0) == 0 && same(&st, &st2),
	   "fstatat64(dirfd, c) matches stat64");
	ok(RSYS(SYS_fstat64, cfd, &st2) == 0 && same(&st, &st2),
	   "fstat64 of c matches stat64");
	is(RSYS(SYS_fstatat64, -5, "c", &st2, 0), -EBADF, "fstatat64 on fd -5 gives EBADF");
	is(RSYS(SYS_fstatat64, -5, "/etc/motd", &st2, 0), 0, "fstatat64 absolute path ignores a bad dirfd");
	is(RSYS(SYS_fstatat64, AT_FDCWD, "c", &st2, 0x12345), -EINVAL, "fstatat64 with unknown flags gives EINVAL");
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
	is(RSYS(SYS_chdir, ".."), 0, "chdir ..");
	ok(cwd_is("/tmp"), "getcwd after chdir .. is /tmp");
	is(RSYS(SYS_chdir, base), 0, "chdir back by relative name");
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
	is(RSYS(SYS_getdents64, dfd, dbuf, sizeof(dbuf)), 0, "getdents64 at the end returns 0");
	RSYS(SYS_lseek, dfd, 0, SEEK_SET);
	is(RSYS(SYS_getdents64, dfd, dbuf, 10), -EINVAL, "getdents64 with a 10-byte buffer gives EINVAL");
	is(RSYS(SYS_getdents64, dfd, NULL, sizeof(dbuf)), -EFAULT, "getdents64 into NULL gives EFAULT");
	is(RSYS(SYS_getdents64, afd, dbuf, sizeof(dbuf)), -ENOTDIR, "getdents64 on a file gives ENOTDIR");
	is(RSYS(SYS_getdents64, -1, dbuf, sizeof(dbuf)), -EBADF, "getdents64 on fd -1 gives EBADF");

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

	is(RSYS(SYS_unlink, "b"), 0, "unlink b");
	ok(listing(dfd, names, sizeof(names)) && strcmp(names, ". .. a c") == 0,
	   "after unlink b, rewound getdents64 lists . .. a c");
	RSYS(SYS_close, dfd);
	RSYS(SYS_close, afd);
}

/* unlink: files only; then leave D. */
static void cleanup(void)
{
	struct kstat64 st;

	is(RSYS(SYS_unlink, dir), -EISDIR, "unlink a directory gives EISDIR");
	is(RSYS(SYS_unlink, "nope"), -ENOENT, "unlink a missing file gives ENOENT");
	is(RSYS(SYS_unlink, NULL), -EFAULT, "unlink NULL gives EFAULT");
	is(RSYS(SYS_unlink, "a"), 0, "unlink a");
	is(STAT("a", &st), -ENOENT, "stat64 a after unlink gives ENOENT");
	is(RSYS(SYS_unlink, "c"), 0, "unlink c");
	is(RSYS(SYS_chdir, "/"), 0, "chdir /");
	ok(cwd_is("/"), "getcwd is / again");
	is(RSYS(SYS_rmdir, dir), 0, "rmdir the emptied directory");
	is(STAT(dir, &st), -ENOENT, "stat64 of it gives ENOENT");
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
