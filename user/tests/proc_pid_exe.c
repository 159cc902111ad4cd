/*
 * proc_pid_exe: /proc/self, /proc/PID and the links exe, cwd and root,
 * checked the same way on Linux and Mica.
 *
 *   /proc/self     a link whose text is the caller's pid
 *   exe            readlink gives the program's absolute path (the file
 *                  stat of it and of the link agree on); execve of
 *                  /proc/self/exe runs the program again, as Debian's
 *                  busybox does for applets in pipelines; open reads it
 *   cwd, root      the working directory's path (as getcwd), and "/";
 *                  cwd follows chdir and can be walked through
 *   /proc/PID      a child's directory exists while it runs and as a
 *                  zombie (exe gone: ENOENT), and is ENOENT once reaped
 *   readlink       EINVAL for a size <= 0 or a file that is no link,
 *                  EFAULT for NULL and kernel buffers, ENOENT for a pid
 *                  that is no process and for names Linux never spells
 *                  a pid with ("01", "-1", "0")
 */
#include "tap.h"

#include <limits.h>
#include <sys/stat.h>

#define CHILD_CODE 42

/* readlink of path into buf (NUL-terminated); returns the length or -errno. */
static long rl(const char *path, char *buf, long size)
{
	long n = sys3(SYS_readlink, path, buf, size - 1);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int main(int argc, char **argv)
{
	char buf[PATH_MAX], want[PATH_MAX], path[64];
	struct stat a, b;

	if (argc == 2 && !strcmp(argv[1], "again"))
		return CHILD_CODE; /* run again through /proc/self/exe */
	plan(31);

	snprintf(want, sizeof(want), "%d", getpid());
	is(rl("/proc/self", buf, sizeof(buf)), (long)strlen(want), "readlink /proc/self has the pid's length");
	ok(!strcmp(buf, want), "readlink /proc/self is the pid");
	ok(lstat("/proc/self", &a) == 0 && S_ISLNK(a.st_mode), "/proc/self is a symbolic link");
	ok(stat("/proc/self", &a) == 0 && S_ISDIR(a.st_mode), "/proc/self leads to a directory");
	snprintf(path, sizeof(path), "/proc/%d", getpid());
	ok(stat(path, &b) == 0 && a.st_ino == b.st_ino, "/proc/self is /proc/PID");

	long n = rl("/proc/self/exe", buf, sizeof(buf));
	ok(n > 1 && buf[0] == '/', "readlink /proc/self/exe is an absolute path");
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	const char *got = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
	ok(!strcmp(base, got), "its last component is the program's name");
	ok(stat(buf, &a) == 0 && stat("/proc/self/exe", &b) == 0 && a.st_ino == b.st_ino &&
		   a.st_dev == b.st_dev,
	   "the path and the link name the same file");
	ok(lstat("/proc/self/exe", &a) == 0 && S_ISLNK(a.st_mode), "exe is a symbolic link");
	ok(S_ISREG(b.st_mode) && (b.st_mode & 0111), "it leads to an executable regular file");
	int fd = open("/proc/self/exe", O_RDONLY);
	char magic[4] = { 0 };
	ok(fd >= 0 && read(fd, magic, 4) == 4 && !memcmp(magic, "\177ELF", 4),
	   "open of /proc/self/exe reads the ELF image");
	close(fd);
	is(access("/proc/self/exe", X_OK), 0, "access X_OK of exe");

	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = { "again-by-exe", "again", NULL };
		execv("/proc/self/exe", args);
		_exit(99);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	is_exit(st, CHILD_CODE, "execve of /proc/self/exe runs the program again");

	char cwd[PATH_MAX];
	ok(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	rl("/proc/self/cwd", buf, sizeof(buf));
	ok(!strcmp(buf, cwd), "readlink /proc/self/cwd is getcwd's path");
	ok(chdir("/tmp") == 0 && rl("/proc/self/cwd", buf, sizeof(buf)) == 4 && !strcmp(buf, "/tmp"),
	   "after chdir(\"/tmp\") cwd says /tmp");
	ok(stat("/proc/self/cwd/.", &a) == 0 && stat("/tmp", &b) == 0 && a.st_ino == b.st_ino,
	   "a walk through cwd reaches the working directory");
	ok(chdir(cwd) == 0, "chdir back");
	ok(rl("/proc/self/root", buf, sizeof(buf)) == 1 && !strcmp(buf, "/"),
	   "readlink /proc/self/root is /");

	/* a child: its directory while it runs, as a zombie, and after */
	int go[2];
	pipe(go);
	pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		read(go[0], &c, 1);
		_exit(0);
	}
	close(go[0]);
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	n = rl(path, want, sizeof(want));
	rl("/proc/self/exe", buf, sizeof(buf));
	ok(n > 0 && !strcmp(buf, want), "a child's exe is its parent's program");
	close(go[1]);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	ok(stat(path, &a) == 0 && S_ISDIR(a.st_mode), "a zombie's directory is still there");
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	is_err(rl(path, buf, sizeof(buf)), ENOENT, "readlink of a zombie's exe");
	waitpid(pid, &st, 0);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	is_errno(stat(path, &a), ENOENT, "the directory is gone once the child is reaped");

	/* bad calls */
	is_err(sys3(SYS_readlink, "/proc/self/exe", buf, 0), EINVAL, "readlink with size 0");
	is_err(sys3(SYS_readlink, "/proc/self/exe", buf, -1), EINVAL, "readlink with size -1");
	is_err(sys3(SYS_readlink, "/proc/self/exe", NULL, 64), EFAULT, "readlink into NULL");
	is_err(sys3(SYS_readlink, "/proc/self/exe", 0xc0000000, 64), EFAULT,
	       "readlink into kernel memory");
	is_err(sys3(SYS_readlink, "/proc/self", buf, 0), EINVAL, "readlink /proc/self with size 0");
	is_err(sys3(SYS_readlink, "/proc/self/", buf, 64), EINVAL,
	       "readlink /proc/self/ (a directory)");
	ok(stat("/proc/01", &a) == -1 && errno == ENOENT && stat("/proc/-1", &a) == -1 &&
		   errno == ENOENT && stat("/proc/0", &a) == -1 && errno == ENOENT,
	   "/proc/01, /proc/-1 and /proc/0 do not exist");
	is_errno(stat("/proc/99999999/exe", &a), ENOENT, "a pid that is no process");
	return done();
}
