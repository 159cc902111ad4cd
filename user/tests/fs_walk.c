/*
 * fs_walk: path walks, open flags and directory fds at their edges, each
 * result compared with Linux's: trailing slashes, "." and "..", wrong
 * kinds (a file where a directory is wanted and the reverse), O_TRUNC
 * and write access on directories, names over NAME_MAX and paths of
 * PATH_MAX, link counts of directories, getdents64 with small and zero
 * counts and bad buffers, *at() calls on file and bad fds, and the same
 * flags again on a directory removed while open, and as the cwd; getcwd
 * at the PATH_MAX edge.
 * Works in D = /tmp/fs_walk.<pid>, removed at the end.
 */
#include "raw.h"

static char B[4096];

/* A kernel address; the name is part of a point name. */
#define KADDR KERNEL_BASE

/* One point: the expression's raw result must be want. */
#define E(want, x) is((long)(x), (long)(want), "%s", #x)

/* st_nlink of path, or -errno. */
static long nl(const char *p)
{
	struct kstat64 st;
	long r = RSYS(SYS_stat64, p, &st);

	return r < 0 ? r : (long)st.st_nlink;
}

/* st_nlink of fd, or -errno. */
static long fnl(long fd)
{
	struct kstat64 st;
	long r = RSYS(SYS_fstat64, fd, &st);

	return r < 0 ? r : (long)st.st_nlink;
}

/* The file type bits of path, or -errno. */
static long mode(const char *p)
{
	struct kstat64 st;
	long r = RSYS(SYS_stat64, p, &st);

	return r < 0 ? r : (long)(st.st_mode & S_IFMT);
}

/* getdents64 into B with count n: 1000 * records + the first record's
 * d_type, or the raw result when it is not positive. */
static long dents(long fd, long n)
{
	long r = RSYS(SYS_getdents64, fd, B, n), c = 0;

	if (r <= 0)
		return r;
	for (long o = 0; o < r; o += *(unsigned short *)(B + o + 16))
		c++;
	return c * 1000 + B[18];
}

/* getcwd into B: its raw result. */
static long cwdlen(void)
{
	return RSYS(SYS_getcwd, B, sizeof(B));
}

/* getcwd at the PATH_MAX edge: a cwd whose path has 4093 to 4097 bytes,
 * under D, built from components of 99 bytes. Returns 1 iff getcwd gave
 * length + 1 up to 4095 bytes and ENAMETOOLONG past, and all is removed. */
static int deep_getcwd(const char *D)
{
	char name[100], last[200];
	long len = strlen(D), depth = 0, good = 1;

	memset(name, 'd', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	good &= RSYS(SYS_chdir, D) == 0;
	while (len + 100 < 4000 && RSYS(SYS_mkdir, name, 0755) == 0 && RSYS(SYS_chdir, name) == 0) {
		len += 100;
		depth++;
	}
	for (long want = 4093; want <= 4097; want++) {
		long n = want - len - 1;
		memset(last, 'e', n);
		last[n] = '\0';
		long g = RSYS(SYS_mkdir, last, 0755) == 0 && RSYS(SYS_chdir, last) == 0
			     ? RSYS(SYS_getcwd, B, sizeof(B))
			     : -1;
		good &= g == (want <= 4095 ? want + 1 : -ENAMETOOLONG);
		good &= RSYS(SYS_chdir, "..") == 0 && RSYS(SYS_rmdir, last) == 0;
	}
	for (; depth > 0; depth--)
		good &= RSYS(SYS_chdir, "..") == 0 && RSYS(SYS_rmdir, name) == 0;
	return good && depth == 0;
}

int main(void)
{
	static char lng[300], lngslash[302], path[5000], D[64], Dslash[80], Dodd[96];

	plan(138);
	memset(lng, 'y', sizeof(lng) - 1);
	memset(path, 'a', sizeof(path) - 1);
	snprintf(lngslash, sizeof(lngslash), "%s/", lng);
	snprintf(D, sizeof(D), "/tmp/fs_walk.%ld", RSYS(SYS_getpid));
	snprintf(Dslash, sizeof(Dslash), "%s/", D);
	snprintf(Dodd, sizeof(Dodd), "/%s/.//", D); /* "//tmp/fs_walk.N/.//" */
	long dlen = strlen(D) + 1;
	E(0, RSYS(SYS_mkdir, D, 0755));
	E(0, RSYS(SYS_chdir, D));

	/* directories and their link counts */
	E(0, RSYS(SYS_mkdir, "x", 0755));
	E(0, RSYS(SYS_mkdir, "x/y/", 0755));
	E(3, nl("x"));
	E(2, nl("x/y"));
	E(3, nl("x/."));
	E(3, nl("x/y/.."));
	E(0, RSYS(SYS_rmdir, "x/y/"));
	E(2, nl("x"));
	E(0, RSYS(SYS_mkdir, "x/y", 0755));
	long f = ropen("file", O_RDWR | O_CREAT, 0644);
	E(1, f >= 0);
	E(3, RSYS(SYS_write, f, "abc", 3));

	/* open flags on files and directories */
	E(-ENOTDIR, ropen("file/", O_RDONLY, 0));
	E(1, ropen("x/", O_RDONLY, 0) >= 0);
	E(-EISDIR, ropen("missing/", O_RDWR | O_CREAT, 0644));
	E(-EISDIR, ropen("missing/", O_RDWR | O_CREAT | O_EXCL, 0644));
	E(-EISDIR, ropen("x/", O_RDWR | O_CREAT | O_EXCL, 0644));
	E(-EISDIR, ropen("file/", O_RDWR | O_CREAT, 0644));
	E(-EISDIR, ropen("file/", O_RDWR | O_CREAT | O_EXCL, 0644));
	E(-ENOENT, ropen("missing-dir/x/", O_RDWR | O_CREAT, 0644));
	E(-EISDIR, ropen(lngslash, O_RDWR | O_CREAT, 0644));
	E(-ENAMETOOLONG, ropen(lng, O_RDWR | O_CREAT, 0644));
	E(-EISDIR, ropen("x", O_RDONLY | O_TRUNC, 0));
	E(-EISDIR, ropen("x", O_WRONLY, 0));
	E(-EISDIR, ropen("x", O_RDWR, 0));
	E(-EISDIR, ropen("x", O_WRONLY | O_CREAT, 0644));
	E(-EEXIST, ropen("x", O_RDONLY | O_CREAT | O_EXCL, 0644));
	E(-EISDIR, ropen("x/.", O_RDONLY | O_CREAT, 0644));
	E(-ENOTDIR, ropen("file", O_RDONLY | O_DIRECTORY, 0));
	E(-ENOTDIR, ropen("file/.", O_RDONLY, 0));
	E(-EEXIST, ropen("x/..", O_RDONLY | O_CREAT | O_EXCL, 0644));

	/* unlink, rmdir and mkdir on the wrong kinds and on dots */
	E(-ENOTDIR, RSYS(SYS_unlink, "file/"));
	E(-EISDIR, RSYS(SYS_unlink, "x"));
	E(-ENOTDIR, RSYS(SYS_rmdir, "file"));
	E(-ENOTEMPTY, RSYS(SYS_rmdir, "x"));
	E(-EINVAL, RSYS(SYS_rmdir, "x/."));
	E(-ENOTEMPTY, RSYS(SYS_rmdir, "x/.."));
	E(-ENOTEMPTY, RSYS(SYS_rmdir, "x/y/.."));
	E(-EISDIR, RSYS(SYS_unlink, "x/."));
	E(-EISDIR, RSYS(SYS_unlink, "/"));
	E(-EBUSY, RSYS(SYS_rmdir, "/"));
	E(-EEXIST, RSYS(SYS_mkdir, "/", 0755));
	E(-EEXIST, RSYS(SYS_mkdir, "x/..", 0755));
	E(-ENOTDIR, RSYS(SYS_mkdir, "file/z", 0755));
	E(-EEXIST, RSYS(SYS_mkdir, "file", 0755));

	/* names over NAME_MAX, paths of PATH_MAX and more */
	E(-ENAMETOOLONG, RSYS(SYS_mkdir, lng, 0755));
	E(-ENAMETOOLONG, ropen(lng, O_RDWR | O_CREAT, 0644));
	E(-ENAMETOOLONG, RSYS(SYS_unlink, lng));
	E(-ENAMETOOLONG, RSYS(SYS_rmdir, lng));
	E(-ENAMETOOLONG, RSYS(SYS_stat64, lng, B));
	E(-ENAMETOOLONG, RSYS(SYS_chdir, lng));
	E(-ENAMETOOLONG, RSYS(SYS_stat64, path, B));
	path[4095] = 0;
	E(-ENAMETOOLONG, RSYS(SYS_stat64, path, B));
	path[4094] = 0;
	E(-ENAMETOOLONG, RSYS(SYS_stat64, path, B));
	E(-ENOTDIR, RSYS(SYS_chdir, "file"));
	E(-ENOENT, RSYS(SYS_chdir, ""));
	E(-ENOTDIR, RSYS(SYS_fchdir, f));
	E(-EBADF, RSYS(SYS_fchdir, 99));
	E(-EISDIR, RSYS(SYS_truncate64, "x", 0, 0));

	/* a directory fd: I/O, getdents64 counts and buffers, *at() bases */
	long dfd = ropen("x", O_RDONLY, 0);
	E(-EINVAL, RSYS(SYS_ftruncate64, dfd, 0, 0));
	E(-EBADF, RSYS(SYS_write, dfd, "a", 1));
	E(-EISDIR, RSYS(SYS_read, dfd, B, 1));
	E(1, RSYS(SYS_lseek, dfd, 0, SEEK_END) >= 0);
	E(0, RSYS(SYS_lseek, dfd, 0, SEEK_SET));
	E(3004, dents(dfd, sizeof B));
	E(0, dents(dfd, sizeof B));
	E(0, RSYS(SYS_lseek, dfd, 0, SEEK_SET));
	E(1004, dents(dfd, 24));
	E(1004, dents(dfd, 24));
	E(1004, dents(dfd, 24));
	E(0, dents(dfd, 24));
	E(0, dents(dfd, 0));
	E(-ENOTDIR, dents(f, 100));
	E(0, RSYS(SYS_getdents64, dfd, NULL, 100));
	RSYS(SYS_lseek, dfd, 0, SEEK_SET);
	E(-EFAULT, RSYS(SYS_getdents64, dfd, NULL, 100));
	E(1, RSYS(SYS_getdents64, dfd, KADDR, 100) < 0);
	E(-ENOTDIR, RSYS(SYS_openat, f, "x", O_RDONLY));
	E(1, RSYS(SYS_openat, f, "/tmp", O_RDONLY) >= 0);
	E(-EBADF, RSYS(SYS_openat, 99, "x", O_RDONLY));
	E(1, RSYS(SYS_openat, 99, "/tmp", O_RDONLY) >= 0);
	E(-ENOENT, RSYS(SYS_fstatat64, f, "", B, 0));
	E(0, RSYS(SYS_fstatat64, f, "", B, 0x1000));
	E(0, RSYS(SYS_fstatat64, dfd, "", B, 0x1000));
	E(0, RSYS(SYS_fstatat64, dfd, "y", B, 0));
	E(-EINVAL, RSYS(SYS_fstatat64, dfd, "y", B, 0x4));
	E(-ENOTDIR, RSYS(SYS_mkdirat, f, "q", 0755));
	E(-EISDIR, RSYS(SYS_unlinkat, dfd, "y", 0));
	E(-EINVAL, RSYS(SYS_unlinkat, dfd, "y", 0x100));

	/* x removed while open as dfd (its subdirectory y first) */
	E(0, RSYS(SYS_rmdir, "x/y"));
	E(2, nl("x"));
	E(0, RSYS(SYS_rmdir, "x"));
	E(0, fnl(dfd));
	E(1, RSYS(SYS_openat, dfd, ".", O_RDONLY | O_DIRECTORY) >= 0);
	E(-EISDIR, RSYS(SYS_openat, dfd, ".", O_WRONLY));
	E(-EEXIST, RSYS(SYS_openat, dfd, ".", O_RDONLY | O_CREAT | O_EXCL, 0644));
	E(-EISDIR, RSYS(SYS_openat, dfd, "..", O_RDONLY | O_CREAT, 0644));
	E(1, RSYS(SYS_openat, dfd, "./../file", O_RDONLY) >= 0);
	E(-ENOENT, RSYS(SYS_openat, dfd, "../x", O_RDONLY));
	E(-ENOENT, RSYS(SYS_openat, dfd, "y", O_RDONLY));
	E(-EISDIR, RSYS(SYS_openat, dfd, "y/", O_RDONLY | O_CREAT, 0644));
	E(1, RSYS(SYS_openat, dfd, "./", O_RDONLY) >= 0);
	E(0, RSYS(SYS_fstatat64, dfd, "./../..", B, 0));
	E(0, RSYS(SYS_fstatat64, dfd, "", B, 0x1000));
	E(0, RSYS(SYS_fchmod, dfd, 0700));
	E(0, RSYS(SYS_fsync, dfd));
	E(-ENOENT, RSYS(SYS_mkdirat, dfd, "y/", 0755));
	E(-ENOTEMPTY, RSYS(SYS_unlinkat, dfd, "..", AT_REMOVEDIR));

	/* the removed directory as the cwd, and out again */
	E(0, RSYS(SYS_fchdir, dfd));
	E(-ENOENT, cwdlen());
	E(0, RSYS(SYS_chdir, "./"));
	E(-ENOENT, RSYS(SYS_chdir, "y"));
	E(0, RSYS(SYS_access, ".", 0));
	E(-ENOENT, RSYS(SYS_access, "y", 0));
	E(0, RSYS(SYS_stat64, "..", B));
	E(0, nl("."));
	E(S_IFDIR, mode("."));
	E(-ENOENT, RSYS(SYS_rmdir, "../x"));
	E(0, RSYS(SYS_mkdir, "../x", 0755));
	E(0, RSYS(SYS_stat64, ".", B));
	E(2, nl("../x"));
	E(0, RSYS(SYS_rmdir, "../x"));
	E(0, RSYS(SYS_chdir, D));
	E(dlen, cwdlen());
	E(0, RSYS(SYS_chdir, "/"));
	E(2, cwdlen());
	E(0, RSYS(SYS_chdir, Dslash));
	E(dlen, cwdlen());
	E(0, RSYS(SYS_chdir, Dodd));
	E(dlen, cwdlen());
	E('/', B[0]);
	E(0, RSYS(SYS_unlink, "file"));
	E(0, fnl(f));
	E(0, RSYS(SYS_close, f));
	E(1, deep_getcwd(D));
	E(0, RSYS(SYS_chdir, "/"));
	E(0, RSYS(SYS_rmdir, D));
	E(-ENOENT, RSYS(SYS_rmdir, D));

	return done();
}
