/*
 * proc_readonly: /proc is read-only as on Linux, checked the same way on
 * Linux and Mica (both as root).
 *
 *   create   open(O_CREAT), mkdir, symlink, mknod and link of a new name
 *            in /proc or /proc/self give ENOENT (the lookup fails); of a
 *            name that exists, EEXIST
 *   remove   unlink of a /proc file and rmdir of a /proc directory give
 *            EPERM (rmdir of the link /proc/self: ENOTDIR); of a missing
 *            name, ENOENT
 *   rename   of a /proc name out of /proc, or of a file into it, EXDEV;
 *            inside /proc to a new name, ENOENT; link or linkat of a /proc
 *            file (or of a /proc/self/fd/N link) to a name elsewhere,
 *            EXDEV; linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N links the
 *            open file itself
 *   write    a /proc/PID file that takes no writes gives EINVAL; reading
 *            still works afterwards; comm stays writable
 */
#include "tap.h"

#include <sys/stat.h>

int main(void)
{
	char tmp[64];
	struct stat st;

	plan(27);
	snprintf(tmp, sizeof(tmp), "/tmp/proc_readonly.%d", getpid());
	close(open(tmp, O_WRONLY | O_CREAT, 0644));

	is_errno(open("/proc/newfile", O_WRONLY | O_CREAT, 0644), ENOENT, "O_CREAT of a new /proc name");
	is_errno(open("/proc/self/newfile", O_WRONLY | O_CREAT, 0644), ENOENT,
		 "O_CREAT of a new /proc/self name");
	is_errno(open("/proc/meminfo", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		 "O_CREAT|O_EXCL of /proc/meminfo");
	is_errno(mkdir("/proc/newdir", 0755), ENOENT, "mkdir in /proc");
	is_errno(mkdir("/proc/self/newdir", 0755), ENOENT, "mkdir in /proc/self");
	is_errno(mkdir("/proc/meminfo", 0755), EEXIST, "mkdir of /proc/meminfo");
	is_errno(symlink("/tmp", "/proc/newlink"), ENOENT, "symlink in /proc");
	is_errno(symlink("/tmp", "/proc/self/exe"), EEXIST, "symlink over /proc/self/exe");
	is_errno(mknod("/proc/newfifo", S_IFIFO | 0644, 0), ENOENT, "mknod in /proc");
	is_errno(link(tmp, "/proc/newlink"), ENOENT, "link into /proc");
	is_errno(link("/proc/meminfo", "/tmp/proc_readonly.link"), EXDEV, "link of /proc/meminfo out of /proc");
	is_errno(linkat(AT_FDCWD, "/proc/self/stat", AT_FDCWD, "/tmp/proc_readonly.link", 0), EXDEV,
		 "linkat of /proc/self/stat out of /proc");
	int tfd = open(tmp, O_RDONLY);
	char fdpath[64];
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", tfd);
	is_errno(linkat(AT_FDCWD, fdpath, AT_FDCWD, "/tmp/proc_readonly.link", 0), EXDEV,
		 "linkat of the link /proc/self/fd/N itself: EXDEV");
	ok(linkat(AT_FDCWD, fdpath, AT_FDCWD, "/tmp/proc_readonly.link", AT_SYMLINK_FOLLOW) == 0 &&
		   stat(tmp, &st) == 0 && st.st_nlink == 2,
	   "linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N links the open file");
	unlink("/tmp/proc_readonly.link");
	close(tfd);

	is_errno(unlink("/proc/meminfo"), EPERM, "unlink of /proc/meminfo");
	is_errno(unlink("/proc/self/stat"), EPERM, "unlink of /proc/self/stat");
	is_errno(unlink("/proc/nonexistent"), ENOENT, "unlink of a missing /proc name");
	is_errno(rmdir("/proc/sys"), EPERM, "rmdir of /proc/sys (not empty either)");
	is_errno(rmdir("/proc/self/fd"), EPERM, "rmdir of /proc/self/fd");
	is_errno(rmdir("/proc/self"), ENOTDIR, "rmdir of the link /proc/self");

	is_errno(rename("/proc/meminfo", "/tmp/proc_readonly.m"), EXDEV, "rename out of /proc");
	is_errno(rename(tmp, "/proc/newname"), EXDEV, "rename into /proc");
	is_errno(rename("/proc/meminfo", "/proc/newname"), ENOENT, "rename inside /proc to a new name");
	ok(stat("/proc/meminfo", &st) == 0, "/proc/meminfo is still there");

	int fd = open("/proc/self/stat", O_WRONLY);
	ok(fd >= 0, "/proc/self/stat opens for writing (as root)");
	is_errno(write(fd, "x", 1), EINVAL, "but a write is EINVAL");
	close(fd);
	fd = open("/proc/self/stat", O_RDONLY);
	char buf[16];
	ok(read(fd, buf, sizeof(buf)) > 0, "and it still reads");
	close(fd);
	unlink(tmp);
	return done();
}
