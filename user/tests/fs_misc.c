/*
 * fs_misc: the file calls beyond the core table that ordinary programs use:
 * rename, pipe2, dup3, fchdir, truncate64/ftruncate64, fsync, chmod/fchmod.
 * Every result is compared with Linux's by the runner.
 */
#include "tap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define DIR "/tmp/fs_misc.d"

static off_t size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) ? -1 : st.st_size;
}

static void renames(void)
{
	struct stat st;
	int fd = open(DIR "/a", O_CREAT | O_WRONLY | O_TRUNC, 0644);

	ok(fd >= 0 && write(fd, "hello", 5) == 5, "create a 5-byte file");
	close(fd);
	is(rename(DIR "/a", DIR "/b"), 0, "rename a -> b");
	is_errno(access(DIR "/a", F_OK), ENOENT, "a is gone");
	is(size_of(DIR "/b"), 5, "b has a's 5 bytes");
	is_errno(rename(DIR "/nope", DIR "/c"), ENOENT, "rename of a missing file");
	is(mkdir(DIR "/d", 0755), 0, "mkdir d");
	is_errno(rename(DIR "/b", DIR "/d"), EISDIR, "a file cannot replace a directory");
	is_errno(rename(DIR "/d", DIR "/b"), ENOTDIR, "a directory cannot replace a file");
	is_errno(rename(DIR "/d", DIR "/d/e"), EINVAL, "a directory cannot move into itself");
	is(rename(DIR "/b", DIR "/d/b2"), 0, "move b into d as b2");
	is(size_of(DIR "/d/b2"), 5, "d/b2 has the bytes");
	fd = open(DIR "/c", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	close(fd);
	is(rename(DIR "/c", DIR "/d/b2"), 0, "rename over an existing file replaces it");
	is(size_of(DIR "/d/b2"), 0, "the replaced file is the empty one");
	is(rename(DIR "/d/b2", DIR "/d/b2"), 0, "rename onto itself is a no-op");
	is_errno(rename(NULL, DIR "/x"), EFAULT, "rename with a NULL path");
	ok(stat(DIR "/d", &st) == 0 && S_ISDIR(st.st_mode), "d is still a directory");
}

static void truncates(void)
{
	int fd = open(DIR "/t", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int ro = open(DIR "/t", O_RDONLY);
	char buf[8];

	ok(fd >= 0 && write(fd, "abcdefgh", 8) == 8, "an 8-byte file");
	is(ftruncate(fd, 3), 0, "ftruncate to 3");
	is(size_of(DIR "/t"), 3, "size 3");
	is(truncate(DIR "/t", 100), 0, "truncate up to 100");
	is(size_of(DIR "/t"), 100, "size 100");
	ok(pread(fd, buf, 8, 0) == 8 && !memcmp(buf, "abc\0\0\0\0\0", 8),
	   "the grown part reads as zeroes, the kept part survives");
	is_errno(ftruncate(fd, -1), EINVAL, "ftruncate to -1");
	is_errno(ftruncate(ro, 0), EINVAL, "ftruncate of a read-only fd");
	is_errno(ftruncate(-1, 0), EBADF, "ftruncate of fd -1");
	is_errno(truncate(DIR, 0), EISDIR, "truncate of a directory");
	is_errno(truncate(DIR "/missing", 0), ENOENT, "truncate of a missing file");
	is(fsync(fd), 0, "fsync of a file");
	is_errno(fsync(1000), EBADF, "fsync of a bad fd");
	close(fd);
	close(ro);
}

static void modes(void)
{
	struct stat st;
	int fd = open(DIR "/m", O_CREAT | O_RDWR | O_TRUNC, 0644);

	is(chmod(DIR "/m", 0600), 0, "chmod 0600");
	ok(stat(DIR "/m", &st) == 0 && (st.st_mode & 07777) == 0600 && S_ISREG(st.st_mode),
	   "mode is 0600, still a regular file");
	is(fchmod(fd, 0755), 0, "fchmod 0755");
	ok(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0755, "mode is 0755");
	is_errno(chmod(DIR "/missing", 0644), ENOENT, "chmod of a missing file");
	is_errno(fchmod(-1, 0644), EBADF, "fchmod of fd -1");
	close(fd);
}

static void fds(void)
{
	int p[2];
	char cwd[128];

	is(pipe2(p, O_CLOEXEC), 0, "pipe2 O_CLOEXEC");
	is(fcntl(p[0], F_GETFD), FD_CLOEXEC, "the read end is close-on-exec");
	is(fcntl(p[1], F_GETFD), FD_CLOEXEC, "the write end is close-on-exec");
	is_errno(pipe2(p, 0x12345678), EINVAL, "pipe2 with unknown flags");
	is_errno(dup3(p[0], p[0], 0), EINVAL, "dup3 onto itself");
	is(dup3(p[0], 20, O_CLOEXEC), 20, "dup3 to fd 20");
	is(fcntl(20, F_GETFD), FD_CLOEXEC, "fd 20 is close-on-exec");
	is(dup3(p[0], 20, 0), 20, "dup3 to fd 20 again, without O_CLOEXEC");
	is(fcntl(20, F_GETFD), 0, "now it is not");
	is_err(sys3(SYS_dup3, p[0], 21, 0x40), EINVAL, "dup3 with unknown flags");
	close(20);
	close(p[0]);
	close(p[1]);

	int dfd = open(DIR "/d", O_RDONLY | O_DIRECTORY);
	chdir("/");
	is(fchdir(dfd), 0, "fchdir into " DIR "/d");
	ok(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, DIR "/d"), "getcwd follows fchdir");
	int ffd = open(DIR "/m", O_RDONLY);
	is_errno(fchdir(ffd), ENOTDIR, "fchdir to a file");
	is_errno(fchdir(-1), EBADF, "fchdir to fd -1");
	close(ffd);
	close(dfd);
	chdir("/");
}

/* Files far larger than memory, as long as they are mostly holes. */
static void sparse(void)
{
	int fd = open(DIR "/s", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char c = 0, zero[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	struct stat st;

	is(sys5(SYS_pwrite64, fd, "y", 1, 0, 1), 1, "pwrite64 one byte at offset 1 << 32");
	ok(fstat(fd, &st) == 0 && st.st_size == (1ll << 32) + 1, "the size is 4 GiB + 1");
	is(sys5(SYS_pread64, fd, &c, 1, 0, 1), 1, "pread64 at 1 << 32");
	is(c, 'y', "reads the byte back");
	is(sys5(SYS_pread64, fd, zero, 8, 0x1000, 0), 8, "pread64 in the hole");
	ok(!memcmp(zero, "\0\0\0\0\0\0\0\0", 8), "the hole reads as zeroes");
	long long where = -1;
	is(sys5(SYS__llseek, fd, 0, 0, &where, SEEK_END), 0, "_llseek to the end");
	ok(where == (1ll << 32) + 1, "the end is at 4 GiB + 1");
	is(sys5(SYS_pwrite64, fd, "z", 1, 1 << 30, 0), 1, "pwrite64 at 1 GiB, inside the hole");
	is(sys5(SYS_pread64, fd, &c, 1, 1 << 30, 0), 1, "pread64 at 1 GiB");
	is(c, 'z', "reads that byte back");
	is(ftruncate(fd, 1 << 30), 0, "ftruncate back to 1 GiB");
	is(sys5(SYS_pread64, fd, &c, 1, 0, 1), 0, "past the new end pread64 returns 0");
	close(fd);
	unlink(DIR "/s");
}

int main(void)
{
	plan(62);
	mkdir(DIR, 0755);
	renames();
	truncates();
	modes();
	fds();
	sparse();
	unlink(DIR "/d/b2");
	rmdir(DIR "/d");
	unlink(DIR "/t");
	unlink(DIR "/m");
	rmdir(DIR);
	return done();
}
