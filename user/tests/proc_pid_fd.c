/*
 * proc_pid_fd: /proc/self/fd, /proc/self/fdinfo and the /dev links into
 * them, checked the same way on Linux and Mica.
 *
 *   fd/N       one link per open descriptor, listed in order; readlink
 *              gives the file's path ("PATH (deleted)" once unlinked),
 *              "pipe:[INO]" (INO the pipe's
 *              st_ino) for a pipe, the device's path for /dev/null; its
 *              mode shows the open's access (r-x, -wx, rwx for the owner)
 *   open       of fd/N opens the same file again with its own offset, a
 *              pipe end included (what is written through one end's new
 *              open comes out of the other's); a closed descriptor's link
 *              is ENOENT, O_CREAT of one too
 *   fdinfo/N   "pos:\t<offset>" and "flags:\t0<octal>", O_CLOEXEC shown
 *              for a close-on-exec descriptor
 *   /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd
 *              links to /proc/self/fd/0, 1, 2 and /proc/self/fd, so a
 *              file on fd 0 reads through /dev/stdin and a write to
 *              /dev/stderr lands in what fd 2 is
 *   errors     ENOENT for fd/N past the table and for names that are no
 *              number ("01", "x"), EINVAL for readlink of fdinfo/N
 */
#include "tap.h"

#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

/* readlink of path into buf (NUL-terminated); returns the length or -errno. */
static long rl(const char *path, char *buf, long size)
{
	long n = sys3(SYS_readlink, path, buf, size - 1);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* readlink of /proc/self/fd/fd into buf; returns buf ("" on error). */
static char *fdlink(int fd, char *buf, long size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (rl(path, buf, size) < 0)
		buf[0] = '\0';
	return buf;
}

/* Reads /proc/self/fdinfo/fd into buf. Returns its length or -1. */
static long fdinfo(int fd, char *buf, long size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	int f = open(path, O_RDONLY);
	if (f < 0)
		return -1;
	long n = read(f, buf, size - 1);
	close(f);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* The mode of /proc/self/fd/fd's link (lstat), or 0. */
static unsigned link_mode(int fd)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return lstat(path, &st) == 0 ? st.st_mode : 0;
}

int main(void)
{
	char buf[PATH_MAX], want[PATH_MAX], path[PATH_MAX], file[64];
	struct stat st;

	plan(36);
	snprintf(file, sizeof(file), "/tmp/proc_pid_fd.%d", getpid());
	int fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "0123456789", 10);
	ok(!strcmp(fdlink(fd, buf, sizeof(buf)), file), "fd link of a file names its path");
	ok(S_ISLNK(link_mode(fd)) && (link_mode(fd) & 0777) == 0700, "a read-write fd's link is lrwx------");
	int ro = open(file, O_RDONLY);
	int wo = open(file, O_WRONLY);
	ok((link_mode(ro) & 0777) == 0500, "a read-only fd's link is lr-x------");
	ok((link_mode(wo) & 0777) == 0300, "a write-only fd's link is l-wx------");
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	ok(!strcmp(fdlink(dfd, buf, sizeof(buf)), "/tmp"), "fd link of a directory names it");
	int nul = open("/dev/null", O_WRONLY);
	ok(!strcmp(fdlink(nul, buf, sizeof(buf)), "/dev/null"), "fd link of /dev/null names the device");

	int p[2];
	pipe(p);
	fstat(p[0], &st);
	snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)st.st_ino);
	ok(!strcmp(fdlink(p[0], buf, sizeof(buf)), want), "a pipe's read end is pipe:[INO]");
	ok(!strcmp(fdlink(p[1], buf, sizeof(buf)), want), "and so is its write end");

	/* the listing: every descriptor we opened, in order */
	DIR *d = opendir("/proc/self/fd");
	int seen = 0, order = 1, last = -1;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		int n = atoi(e->d_name);
		order &= n > last;
		last = n;
		seen += n == fd || n == ro || n == wo || n == p[0] || n == p[1];
		if (n == fd && e->d_type != DT_LNK)
			seen = -100;
	}
	if (d)
		closedir(d);
	ok(seen == 5, "fd/ lists the descriptors as links");
	ok(order, "in increasing order");

	/* open through the link: a new open file, its own offset */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	int again = open(path, O_RDONLY);
	char c[4] = { 0 };
	ok(again >= 0 && read(again, c, 3) == 3 && !memcmp(c, "012", 3),
	   "open of fd/N reads the file from its start");
	is(lseek(fd, 0, SEEK_CUR), 10, "the original descriptor's offset did not move");
	ok(fstat(again, &st) == 0 && stat(file, (struct stat *)want) == 0 &&
		   st.st_ino == ((struct stat *)want)->st_ino,
	   "it is the same file");
	close(again);

	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
	int w2 = open(path, O_WRONLY);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	int r2 = open(path, O_RDONLY | O_NONBLOCK);
	ok(w2 >= 0 && r2 >= 0, "a pipe's ends open again through fd/N");
	ok(write(w2, "hi", 2) == 2 && read(p[0], c, 2) == 2 && !memcmp(c, "hi", 2),
	   "a write through the new write end comes out of the old read end");
	ok(write(p[1], "yo", 2) == 2 && read(r2, c, 2) == 2 && !memcmp(c, "yo", 2),
	   "and the new read end reads the old write end");
	close(w2);
	close(p[1]);
	is(read(r2, c, 2), 0, "with every writer closed the new read end sees end-of-file");
	close(r2);
	close(p[0]);
	/* "echo x | cat /dev/stdin": the writer is gone before the open */
	pipe(p);
	write(p[1], "z", 1);
	close(p[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	alarm(10);
	r2 = open(path, O_RDONLY);
	ok(r2 >= 0 && read(r2, c, 2) == 1 && c[0] == 'z',
	   "a blocking open of a pipe whose writer is gone does not wait, and reads");
	alarm(0);
	close(r2);
	close(p[0]);

	/* fdinfo */
	lseek(fd, 3, SEEK_SET);
	fdinfo(fd, buf, sizeof(buf));
	ok(!strncmp(buf, "pos:\t3\n", 7), "fdinfo's pos is the offset");
	long flags = strtol(strstr(buf, "flags:\t") ? strstr(buf, "flags:\t") + 7 : "-1", NULL, 8);
	ok((flags & O_ACCMODE) == O_RDWR && !(flags & O_CLOEXEC), "fdinfo's flags: O_RDWR");
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fdinfo(fd, buf, sizeof(buf));
	flags = strtol(strstr(buf, "flags:\t") ? strstr(buf, "flags:\t") + 7 : "-1", NULL, 8);
	ok(flags & O_CLOEXEC, "a close-on-exec descriptor's flags show O_CLOEXEC");
	ok(strstr(buf, "flags:\t0") != NULL, "flags are written in octal with a leading 0");
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	is_err(sys3(SYS_readlink, path, buf, 64), EINVAL, "readlink of fdinfo/N");

	/* closed and impossible descriptors */
	close(wo);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", wo);
	is_err(sys3(SYS_readlink, path, buf, 64), ENOENT, "readlink of a closed descriptor's link");
	is_errno(open(path, O_RDONLY), ENOENT, "open of it");
	is_errno(open(path, O_WRONLY | O_CREAT, 0644), ENOENT, "open of it with O_CREAT");
	is_errno(stat("/proc/self/fd/100000", &st), ENOENT, "fd/100000");
	snprintf(path, sizeof(path), "/proc/self/fd/0%d", fd);
	is_errno(stat(path, &st), ENOENT, "fd/0N (a leading zero)");
	is_errno(stat("/proc/self/fd/x", &st), ENOENT, "fd/x");

	/* /dev links */
	ok(rl("/dev/stdin", buf, sizeof(buf)) > 0 && !strcmp(buf, "/proc/self/fd/0"),
	   "/dev/stdin links to /proc/self/fd/0");
	ok(rl("/dev/stderr", buf, sizeof(buf)) > 0 && !strcmp(buf, "/proc/self/fd/2") &&
		   rl("/dev/stdout", want, sizeof(want)) > 0 && !strcmp(want, "/proc/self/fd/1"),
	   "/dev/stdout and /dev/stderr link to fds 1 and 2");
	ok(rl("/dev/fd", buf, sizeof(buf)) > 0 && !strcmp(buf, "/proc/self/fd"),
	   "/dev/fd links to /proc/self/fd");
	pid_t pid = fork();
	if (pid == 0) {
		/* fd 0 and 2 become the file: /dev/stdin reads it, /dev/stderr appends */
		char in[4] = { 0 };
		int f = open(file, O_RDWR | O_APPEND);
		dup2(f, 0);
		dup2(f, 2);
		int s = open("/dev/stdin", O_RDONLY);
		int okay = s >= 0 && read(s, in, 3) == 3 && !memcmp(in, "012", 3);
		int er = open("/dev/stderr", O_WRONLY | O_APPEND);
		okay &= er >= 0 && write(er, "E", 1) == 1;
		_exit(okay ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	is_exit(status, 0, "/dev/stdin reads fd 0's file, /dev/stderr writes fd 2's");
	ok(stat(file, &st) == 0 && st.st_size == 11, "the write through /dev/stderr landed");
	unlink(file);
	snprintf(want, sizeof(want), "%s (deleted)", file);
	ok(!strcmp(fdlink(fd, buf, sizeof(buf)), want), "an unlinked open file's link says (deleted)");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	again = open(path, O_RDONLY);
	ok(again >= 0 && read(again, c, 2) == 2 && !memcmp(c, "01", 2),
	   "and it still opens through the link");
	close(again);
	return done();
}
