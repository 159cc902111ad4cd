/*
 * fs_opath: O_PATH descriptors. open(O_PATH) names a file without opening
 * it: any file (a directory, a symbolic link itself with O_NOFOLLOW, a
 * FIFO without waiting, a device node with no driver), with every other
 * open flag but O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC ignored. The fd
 * serves fstat, fstatfs, close, dup, fcntl F_DUPFD/F_GETFD/F_SETFD/F_GETFL,
 * fchdir, and the dirfd of *at calls (AT_EMPTY_PATH too); read, write,
 * ioctl, fchmod, fchown, ftruncate, lseek, getdents64, mmap and the rest
 * are EBADF, and poll reports POLLNVAL, as on Linux.
 */
#include "raw.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>

#define O_PATH_I386 010000000 /* musl and glibc agree on i386 */
#define NR_fstatfs64 269
#define NR_getdents64 220
#define NR_fchown32 207
#define NR_fstatat64 300
#define NR_readlinkat 305
#define NR_utimensat 320

static char dir[64], path[128];
static unsigned char buf[256];

/* path = dir/name. */
static const char *at(const char *name)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* open(dir/name, O_PATH | flags): the raw result. */
static long popen_at(const char *name, long flags)
{
	return ropen(at(name), O_PATH_I386 | flags, 0);
}

/* What can be opened with O_PATH, and how. */
static void opening(void)
{
	struct kstat64 st;
	long fd;

	fd = popen_at("secret", 0);
	ok(fd >= 0, "a mode-0000 file opens");
	ok(RSYS(SYS_fstat64, fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5 &&
		   (st.st_mode & 0777) == 0,
	   "fstat: a regular file of 5 bytes, mode 0000");
	is(RSYS(SYS_fcntl64, fd, F_GETFL, 0), O_PATH_I386, "F_GETFL: O_PATH");
	RSYS(SYS_close, fd);

	fd = popen_at("secret", O_WRONLY | O_TRUNC | O_APPEND | O_NONBLOCK);
	ok(fd >= 0 && RSYS(SYS_fstat64, fd, &st) == 0 && st.st_size == 5,
	   "O_WRONLY|O_TRUNC ignored: the file keeps its 5 bytes");
	is(RSYS(SYS_fcntl64, fd, F_GETFL, 0), O_PATH_I386, "F_GETFL: only O_PATH is kept");
	RSYS(SYS_close, fd);
	is(popen_at("none", O_CREAT | O_WRONLY), -ENOENT, "O_CREAT ignored: a missing name is ENOENT");
	is(popen_at("secret", O_DIRECTORY), -ENOTDIR, "O_DIRECTORY on a file: ENOTDIR");

	fd = popen_at("sub", O_DIRECTORY);
	ok(fd >= 0 && RSYS(SYS_fstat64, fd, &st) == 0 && S_ISDIR(st.st_mode), "a directory opens");
	is(RSYS(SYS_fcntl64, fd, F_GETFL, 0), O_PATH_I386 | O_DIRECTORY,
	   "F_GETFL: O_PATH|O_DIRECTORY");
	RSYS(SYS_close, fd);

	fd = popen_at("link", O_NOFOLLOW);
	ok(fd >= 0 && RSYS(SYS_fstat64, fd, &st) == 0 && S_ISLNK(st.st_mode),
	   "O_NOFOLLOW: the symbolic link itself");
	char t[32] = { 0 };
	is(RSYS(NR_readlinkat, fd, "", t, sizeof(t)), 6, "readlinkat(fd, \"\") reads its target");
	ok(!strcmp(t, "secret"), "which is \"secret\"");
	ok(RSYS(NR_fstatat64, fd, "", &st, AT_EMPTY_PATH) == 0 && S_ISLNK(st.st_mode),
	   "fstatat AT_EMPTY_PATH: the link");
	RSYS(SYS_close, fd);
	fd = popen_at("link", 0);
	ok(fd >= 0 && RSYS(SYS_fstat64, fd, &st) == 0 && S_ISREG(st.st_mode),
	   "without O_NOFOLLOW: the target");
	is(RSYS(NR_readlinkat, fd, "", t, sizeof(t)), -ENOENT,
	   "readlinkat(fd, \"\") of a non-link: ENOENT");
	RSYS(SYS_close, fd);
	fd = popen_at("dangling", O_NOFOLLOW);
	ok(fd >= 0, "a dangling link opens with O_NOFOLLOW");
	RSYS(SYS_close, fd);
	is(popen_at("dangling", 0), -ENOENT, "and without it: ENOENT");

	fd = popen_at("fifo", 0);
	ok(fd >= 0 && RSYS(SYS_fstat64, fd, &st) == 0 && S_ISFIFO(st.st_mode),
	   "a FIFO opens at once, no writer needed");
	RSYS(SYS_close, fd);
	fd = popen_at("nodev", 0);
	ok(fd >= 0 && RSYS(SYS_fstat64, fd, &st) == 0 && S_ISCHR(st.st_mode) &&
		   major(st.st_rdev) == 42,
	   "a device node with no driver opens (no ENXIO)");
	RSYS(SYS_close, fd);
	is(ropen(at("nodev"), O_RDONLY, 0), -ENXIO, "(opened for reading it is ENXIO)");
}

/* What an O_PATH fd can and cannot do. */
static void using(void)
{
	long fd = popen_at("secret", 0), d;
	struct kstat64 st;
	int n;

	is(RSYS(SYS_read, fd, buf, 1), -EBADF, "read: EBADF");
	is(RSYS(SYS_write, fd, "x", 1), -EBADF, "write: EBADF");
	is(RSYS(SYS_pread64, fd, buf, 1, 0, 0), -EBADF, "pread64: EBADF");
	is(RSYS(SYS_lseek, fd, 0, SEEK_SET), -EBADF, "lseek: EBADF");
	is(RSYS(SYS_ioctl, fd, FIONREAD, &n), -EBADF, "ioctl FIONREAD: EBADF");
	is(RSYS(SYS_ioctl, fd, FIOCLEX, 0), -EBADF, "ioctl FIOCLEX: EBADF");
	is(RSYS(SYS_fchmod, fd, 0644), -EBADF, "fchmod: EBADF");
	is(RSYS(NR_fchown32, fd, 0, 0), -EBADF, "fchown32: EBADF");
	is(RSYS(SYS_ftruncate64, fd, 0, 0), -EBADF, "ftruncate64: EBADF");
	is(RSYS(SYS_fsync, fd), -EBADF, "fsync: EBADF");
	is(RSYS(SYS_mmap2, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 0), -EBADF, "mmap2: EBADF");
	is(RSYS(NR_utimensat, fd, NULL, NULL, 0), -EBADF, "utimensat(fd, NULL): EBADF");
	is(RSYS(SYS_fcntl64, fd, F_SETFL, O_NONBLOCK), -EBADF, "fcntl F_SETFL: EBADF");
	struct pollfd p = { (int)fd, POLLIN | POLLOUT, 0 };
	ok(RSYS(SYS_poll, &p, 1, 0) == 1 && p.revents == POLLNVAL, "poll: POLLNVAL");

	ok(RSYS(SYS_fstat64, fd, &st) == 0 && st.st_size == 5, "fstat works");
	long sfs[21];
	is(RSYS(NR_fstatfs64, fd, 84, sfs), 0, "fstatfs64 works");
	is(RSYS(SYS_fcntl64, fd, F_GETFD, 0), 0, "F_GETFD: 0");
	is(RSYS(SYS_fcntl64, fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD works");
	is(RSYS(SYS_fcntl64, fd, F_GETFD, 0), FD_CLOEXEC, "and F_GETFD sees it");
	d = RSYS(SYS_fcntl64, fd, F_DUPFD, 0);
	ok(d >= 0 && RSYS(SYS_fcntl64, d, F_GETFL, 0) == O_PATH_I386, "F_DUPFD: another O_PATH fd");
	RSYS(SYS_close, d);
	d = RSYS(SYS_dup, fd);
	ok(d >= 0 && RSYS(SYS_read, d, buf, 1) == -EBADF, "dup: a copy, still unreadable");
	is(RSYS(SYS_dup2, fd, d), d, "dup2 onto it");
	is(RSYS(SYS_dup3, fd, d, O_CLOEXEC), d, "dup3 onto it");
	is(RSYS(SYS_close, d), 0, "close the copy");
	is(RSYS(SYS_close, fd), 0, "close");
	is(RSYS(SYS_close, fd), -EBADF, "close again: EBADF");
}

/* An O_PATH directory as a cwd and as a dirfd. */
static void as_dir(void)
{
	long d = popen_at("sub", 0), f, cwd = ropen(".", O_RDONLY | O_DIRECTORY, 0);
	struct kstat64 st;
	char here[128], want[160];

	is(RSYS(NR_getdents64, d, buf, sizeof(buf)), -EBADF, "getdents64: EBADF");
	f = RSYS(SYS_openat, d, "inner", O_RDWR | O_CREAT, 0644);
	ok(f >= 0, "openat through it creates a file");
	is(RSYS(SYS_write, f, "hi", 2), 2, "which is an ordinary file");
	RSYS(SYS_close, f);
	ok(RSYS(NR_fstatat64, d, "inner", &st, 0) == 0 && st.st_size == 2, "fstatat through it");
	ok(RSYS(NR_fstatat64, d, "", &st, AT_EMPTY_PATH) == 0 && S_ISDIR(st.st_mode),
	   "fstatat(d, \"\", AT_EMPTY_PATH): the directory");
	is(RSYS(SYS_mkdirat, d, "deeper", 0755), 0, "mkdirat through it");
	is(RSYS(SYS_unlinkat, d, "deeper", AT_REMOVEDIR), 0, "unlinkat through it");
	is(RSYS(SYS_fchdir, d), 0, "fchdir to it");
	getcwd(here, sizeof(here));
	snprintf(want, sizeof(want), "%s/sub", dir);
	ok(!strcmp(here, want), "getcwd is the directory");
	ok(RSYS(SYS_open, "inner", O_RDONLY) >= 0, "and relative paths start there");
	RSYS(SYS_fchdir, cwd);
	long fd = popen_at("secret", 0);
	is(RSYS(SYS_fchdir, fd), -ENOTDIR, "fchdir to an O_PATH file: ENOTDIR");
	is(RSYS(SYS_openat, fd, "x", O_RDONLY), -ENOTDIR, "a file as a dirfd: ENOTDIR");
	RSYS(SYS_close, fd);
	RSYS(SYS_close, d);
	RSYS(SYS_close, cwd);
	unlink(at("sub/inner"));
}

int main(void)
{
	plan(58);
	tmpname(dir, "fs_opath");
	mkdir(dir, 0755);
	close(open(at("secret"), O_WRONLY | O_CREAT, 0000));
	int w = open(at("secret"), O_WRONLY);
	write(w, "12345", 5);
	close(w);
	mkdir(at("sub"), 0755);
	symlink("secret", at("link"));
	symlink("nowhere", at("dangling"));
	mkfifo(at("fifo"), 0600);
	mknod(at("nodev"), S_IFCHR | 0600, makedev(42, 0));
	opening();
	using();
	as_dir();
	static const char *names[] = { "secret", "link", "dangling", "fifo", "nodev" };
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(at(names[i]));
	rmdir(at("sub"));
	rmdir(dir);
	return done();
}
