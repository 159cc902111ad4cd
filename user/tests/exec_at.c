/*
 * exec_at - execveat: a path relative to a directory fd, the file of an
 * fd itself (AT_EMPTY_PATH, as fexecve), AT_SYMLINK_NOFOLLOW, and the
 * errors, against Linux. The program execs itself in child mode, which
 * sends back AT_EXECFN and its name (/proc/self/comm): Linux gives the
 * new image "/dev/fd/N/path" or "/dev/fd/N" as AT_EXECFN, and the file's
 * own name as its comm (since 6.14; before, the last part of AT_EXECFN).
 */
#include "tap.h"

#include <sys/auxv.h>
#include <sys/stat.h>

#ifndef SYS_execveat
#define SYS_execveat 358
#endif
/* The files, in a directory of this run's own (runs may share /tmp). */
static char run_dir[64], copy_path[96], link_path[96], script_path[96];
#define COPY copy_path
#define LINK link_path
#define SCRIPT script_path

/* Child mode: AT_EXECFN and comm, NUL-separated, to fd. */
static int child(int fd)
{
	char buf[600], comm[64] = "";
	int c = open("/proc/self/comm", O_RDONLY);
	ssize_t n = c < 0 ? 0 : read(c, comm, sizeof(comm) - 1);
	close(c);
	comm[n > 0 ? n - 1 : 0] = '\0'; /* without the newline */
	const char *fn = (const char *)getauxval(AT_EXECFN);
	int len = snprintf(buf, sizeof(buf), "%s", fn ? fn : "(none)");
	len += snprintf(buf + len + 1, sizeof(buf) - (size_t)len - 1, "%s", comm) + 1;
	return write(fd, buf, (size_t)len + 1) == len + 1 ? 0 : 1;
}

/* execveat(dirfd, path, argv {"x", "--child", fd}, {}, flags) in a child;
 * returns its raw error (negative) or 0 when it ran, with what it sent
 * in execfn and comm. */
static long run_at(long dirfd, const char *path, long flags, char *execfn, char *comm)
{
	int p[2], e[2];
	long err = 0;
	char fdbuf[16];
	execfn[0] = comm[0] = '\0';
	pipe(p);
	pipe(e);
	snprintf(fdbuf, sizeof(fdbuf), "%d", p[1]);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {"x", "--child", fdbuf, NULL}, *envp[] = {NULL};
		close(p[0]);
		close(e[0]);
		fcntl(e[1], F_SETFD, FD_CLOEXEC);
		long r = sys5(SYS_execveat, dirfd, path, argv, envp, flags);
		write(e[1], &r, sizeof(r));
		_exit(99);
	}
	close(p[1]);
	close(e[1]);
	if (read(e[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	char buf[600];
	ssize_t n = read(p[0], buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		strcpy(execfn, buf);
		strcpy(comm, buf + strlen(buf) + 1);
	}
	close(p[0]);
	close(e[0]);
	waitpid(pid, NULL, 0);
	return err;
}

int main(int argc, char **argv)
{
	static char img[4 << 20];
	char fn[600], comm[64], want[600];

	if (argc == 3 && strcmp(argv[1], "--child") == 0)
		return child(atoi(argv[2]));
	/* the script's interpreter: {COPY, "--script", script, "--child", fd} */
	if (argc == 5 && strcmp(argv[1], "--script") == 0 && strcmp(argv[3], "--child") == 0)
		return child(atoi(argv[4]));
	if (argc > 1) /* anything else: never run the whole test again */
		return 100;
	plan(20);
	int fd = open(argv[0], O_RDONLY);
	long n = read(fd, img, sizeof(img));
	close(fd);
	strcpy(run_dir, "/tmp/exec_at.XXXXXX");
	if (!mkdtemp(run_dir))
		return 1;
	snprintf(copy_path, sizeof(copy_path), "%s/exec_at.prog", run_dir);
	snprintf(link_path, sizeof(link_path), "%s/exec_at.link", run_dir);
	snprintf(script_path, sizeof(script_path), "%s/exec_at.sh", run_dir);
	fd = open(COPY, O_CREAT | O_TRUNC | O_WRONLY, 0755);
	write(fd, img, (size_t)n);
	close(fd);
	symlink(COPY, LINK);

	ok(run_at(AT_FDCWD, COPY, 0, fn, comm) == 0 && strcmp(fn, COPY) == 0 &&
	       strcmp(comm, "exec_at.prog") == 0,
	   "AT_FDCWD and an absolute path: as execve");
	int dir = open(run_dir, O_RDONLY | O_DIRECTORY);
	snprintf(want, sizeof(want), "/dev/fd/%d/exec_at.prog", dir);
	ok(run_at(dir, "exec_at.prog", 0, fn, comm) == 0 && strcmp(fn, want) == 0 &&
	       strcmp(comm, "exec_at.prog") == 0,
	   "relative to a directory fd: AT_EXECFN /dev/fd/N/name");
	ok(run_at(-1, COPY, 0, fn, comm) == 0 && strcmp(fn, COPY) == 0,
	   "an absolute path ignores a bad dirfd");
	int file = open(COPY, O_RDONLY);
	snprintf(want, sizeof(want), "/dev/fd/%d", file);
	ok(run_at(file, "", AT_EMPTY_PATH, fn, comm) == 0 && strcmp(fn, want) == 0 &&
	       strcmp(comm, "exec_at.prog") == 0,
	   "AT_EMPTY_PATH: the fd's file, AT_EXECFN /dev/fd/N, comm the file's name");
	int opath = open(COPY, O_PATH);
	ok(run_at(opath, "", AT_EMPTY_PATH, fn, comm) == 0, "AT_EMPTY_PATH on an O_PATH fd");
	int cloexec = open(COPY, O_RDONLY | O_CLOEXEC);
	ok(run_at(cloexec, "", AT_EMPTY_PATH, fn, comm) == 0, "AT_EMPTY_PATH on a close-on-exec fd");
	ok(run_at(AT_FDCWD, LINK, 0, fn, comm) == 0 && strcmp(fn, LINK) == 0,
	   "a symbolic link is followed");
	is_err(run_at(AT_FDCWD, LINK, AT_SYMLINK_NOFOLLOW, fn, comm), ELOOP,
	       "AT_SYMLINK_NOFOLLOW on a link: ELOOP");
	ok(run_at(AT_FDCWD, COPY, AT_SYMLINK_NOFOLLOW, fn, comm) == 0,
	   "AT_SYMLINK_NOFOLLOW on a file: runs");
	is_err(run_at(AT_FDCWD, COPY, 0x8000, fn, comm), EINVAL, "unknown flag: EINVAL");
	is_err(run_at(file, "", 0, fn, comm), ENOENT, "empty path without AT_EMPTY_PATH: ENOENT");
	is_err(run_at(-1, "exec_at.prog", 0, fn, comm), EBADF, "relative path, dirfd -1: EBADF");
	is_err(run_at(999, "", AT_EMPTY_PATH, fn, comm), EBADF, "AT_EMPTY_PATH, dirfd 999: EBADF");
	is_err(run_at(file, "exec_at.prog", 0, fn, comm), ENOTDIR,
	       "relative path, dirfd a file: ENOTDIR");
	is_err(run_at(dir, "", AT_EMPTY_PATH, fn, comm), EACCES, "AT_EMPTY_PATH on a directory: EACCES");
	is_err(run_at(AT_FDCWD, NULL, 0, fn, comm), EFAULT, "path NULL: EFAULT");
	is_err(run_at(AT_FDCWD, (const char *)KERNEL_BASE, AT_EMPTY_PATH, fn, comm), EFAULT,
	       "path at 0xC0000000: EFAULT");
	/* a script: AT_EXECFN and the name are the script's, as Linux */
	fd = open(SCRIPT, O_CREAT | O_TRUNC | O_WRONLY, 0755);
	dprintf(fd, "#!%s --script\n", COPY);
	close(fd);
	ok(run_at(AT_FDCWD, SCRIPT, 0, fn, comm) == 0 && strcmp(fn, SCRIPT) == 0 &&
	       strcmp(comm, "exec_at.sh") == 0,
	   "a script: AT_EXECFN and comm are the script's");
	snprintf(want, sizeof(want), "/dev/fd/%d/exec_at.sh", dir);
	ok(run_at(dir, "exec_at.sh", 0, fn, comm) == 0 && strcmp(fn, want) == 0 &&
	       strcmp(comm, "exec_at.sh") == 0,
	   "a script from a directory fd: AT_EXECFN /dev/fd/N/name");
	unlink(SCRIPT);
	int w = open(COPY, O_WRONLY);
	is_err(run_at(file, "", AT_EMPTY_PATH, fn, comm), ETXTBSY, "a file open for writing: ETXTBSY");
	close(w);
	close(file);
	close(opath);
	close(cloexec);
	close(dir);
	unlink(LINK);
	unlink(COPY);
	rmdir(run_dir);
	return done();
}
