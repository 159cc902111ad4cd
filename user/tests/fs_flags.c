/*
 * fs_flags: open-flag and lseek details where Linux has a definite answer:
 * O_CREAT|O_DIRECTORY, O_TRUNC with O_RDONLY, "file/" with O_CREAT, access
 * mode 3, lseek's whence checks, SEEK_DATA/SEEK_HOLE, fstatat with an
 * empty path, getdents64 with tiny counts, MADV_DONTNEED, FIONREAD on a
 * pipe, and execve with many arguments.
 */
#include "tap.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define F "/tmp/fs_flags.f"

int main(int argc, char **argv)
{
	struct stat st;
	char buf[64];

	if (argc > 1 && !strcmp(argv[1], "--count"))
		return argc == 20002 ? 0 : 1;
	if (argc == 4 && !strcmp(argv[1], "--count-script"))
		return !strcmp(argv[2], "/tmp/fs_flags.sh") && !strcmp(argv[3], "arg") ? 42 : 1;
	plan(24);
	int fd = open(F, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	write(fd, "hello", 5);
	close(fd);

	is_err(sys3(SYS_open, "/tmp/fs_flags.d", O_CREAT | O_DIRECTORY | O_RDWR, 0755), EINVAL,
	       "O_CREAT|O_DIRECTORY is EINVAL");
	is_errno(access("/tmp/fs_flags.d", F_OK), ENOENT, "and creates nothing");
	fd = open(F, O_RDONLY | O_TRUNC);
	ok(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC with O_RDONLY truncates");
	close(fd);
	is_err(sys3(SYS_open, F "/", O_CREAT | O_RDWR, 0644), EISDIR, "\"file/\" with O_CREAT");
	fd = sys3(SYS_open, F, 3, 0);
	ok(fd >= 0, "access mode 3 opens");
	is_err(sys3(SYS_read, fd, buf, 1), EBADF, "but cannot read");
	is_err(sys3(SYS_write, fd, "x", 1), EBADF, "or write");
	close(fd);

	int p[2];
	pipe(p);
	is_err(sys3(SYS_lseek, p[0], 0, 99), EINVAL, "lseek on a pipe, whence 99: EINVAL first");
	is_err(sys3(SYS_lseek, p[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe: ESPIPE");
	write(p[1], "abc", 3);
	int n = -1;
	is(ioctl(p[0], FIONREAD, &n), 0, "FIONREAD on a pipe");
	is(n, 3, "three bytes are waiting");
	close(p[0]);
	close(p[1]);

	fd = open(F, O_RDWR);
	write(fd, "0123456789", 10);
	is(sys3(SYS_lseek, fd, 2, 3), 2, "SEEK_DATA inside the file");
	is(sys3(SYS_lseek, fd, 2, 4), 10, "SEEK_HOLE is the end");
	is_err(sys3(SYS_lseek, fd, 10, 3), ENXIO, "SEEK_DATA at the end is ENXIO");
	close(fd);

	chdir("/tmp");
	ok(fstatat(AT_FDCWD, "", &st, AT_EMPTY_PATH) == 0 && S_ISDIR(st.st_mode),
	   "fstatat(AT_FDCWD, \"\", AT_EMPTY_PATH) is the cwd");
	int d = open("/tmp", O_RDONLY | O_DIRECTORY);
	is_err(sys3(SYS_getdents64, d, buf, 10), EINVAL, "getdents64 with 10 bytes");
	is_err(sys3(SYS_getdents64, d, buf, -1), EINVAL, "getdents64 with count -1");
	close(d);

	char *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 7;
	is(madvise(m, 4096, MADV_DONTNEED), 0, "MADV_DONTNEED");
	is(m[0], 0, "the page reads as zero afterwards");
	is_errno(madvise(m + 1, 4096, MADV_DONTNEED), EINVAL, "unaligned madvise");

	static char *many[20003];
	many[0] = argv[0];
	many[1] = "--count";
	for (int i = 2; i < 20002; i++)
		many[i] = "x";
	pid_t pid = fork();
	if (pid == 0) {
		execve(argv[0], many, NULL);
		_exit(99);
	}
	int st2;
	waitpid(pid, &st2, 0);
	is_exit(st2, 0, "execve with 20001 arguments");
	/* a "#!" script runs its interpreter with the script's path */
	fd = open("/tmp/fs_flags.sh", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	dprintf(fd, "#!%s --count-script\n", argv[0]);
	close(fd);
	pid = fork();
	if (pid == 0) {
		execl("/tmp/fs_flags.sh", "fs_flags.sh", "arg", (char *)0);
		_exit(99);
	}
	waitpid(pid, &st2, 0);
	is_exit(st2, 42, "a #! script runs: interpreter, its argument, the script, the rest");
	unlink("/tmp/fs_flags.sh");
	fd = open(F, O_CREAT | O_RDWR | O_TRUNC, 0644);
	int flags_before = fcntl(fd, F_GETFD);
	ioctl(fd, FIOCLEX);
	ok(flags_before == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "FIOCLEX sets close-on-exec");
	write(fd, "abcd", 4);
	lseek(fd, 1, SEEK_SET);
	n = -1;
	ok(ioctl(fd, FIONREAD, &n) == 0 && n == 3, "FIONREAD on a file: bytes after the offset");
	close(fd);
	unlink(F);
	return done();
}
