/*
 * fs_links: hard links and symbolic links, and the *at calls around them.
 *   link/linkat: one inode, two names, st_nlink counting them; directories
 *     are EPERM; EEXIST, ENOENT; AT_SYMLINK_FOLLOW links the target.
 *   symlink/readlink/lstat: relative and absolute targets, dangling links,
 *     every path walk following them (open, stat, chdir, mkdir under one),
 *     O_NOFOLLOW and AT_SYMLINK_NOFOLLOW, ELOOP for a loop and after 40.
 *   renameat2 (NOREPLACE, EXCHANGE), faccessat(2), fchmodat, fchownat and
 *     chown32/lchown32/fchown32, mknodat of regular files and FIFOs.
 * Every result is compared with Linux's by the runner.
 */
#include "tap.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define DIR "/tmp/fs_links.d"
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif
#define NR_FCHMODAT2 452

/* st_nlink of path (not following a last link), or -1. */
static long nlinks(const char *path)
{
	struct stat st;
	return lstat(path, &st) ? -1 : (long)st.st_nlink;
}

/* Create path holding text; 0 or -1. */
static int put(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	int n = write(fd, text, strlen(text));
	close(fd);
	return n == (int)strlen(text) ? 0 : -1;
}

/* Read up to 63 bytes of path into buf (NUL-terminated); the count or -1. */
static int get(const char *path, char *buf)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int n = read(fd, buf, 63);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static void hard_links(void)
{
	struct stat a, b;
	char buf[64];

	ok(put(DIR "/f", "hello") == 0, "create f");
	is(nlinks(DIR "/f"), 1, "a new file has one link");
	is(link(DIR "/f", DIR "/g"), 0, "link f g");
	is(nlinks(DIR "/f"), 2, "f now has two links");
	ok(stat(DIR "/f", &a) == 0 && stat(DIR "/g", &b) == 0 && a.st_ino == b.st_ino,
	   "f and g are one inode");
	ok(get(DIR "/g", buf) == 5 && !strcmp(buf, "hello"), "g reads f's bytes");
	ok(put(DIR "/g", "bye") == 0 && get(DIR "/f", buf) == 3 && !strcmp(buf, "bye"),
	   "a write through g is seen through f");
	is_errno(link(DIR "/f", DIR "/g"), EEXIST, "link onto an existing name");
	is_errno(link(DIR "/nope", DIR "/h"), ENOENT, "link of a missing file");
	is_errno(link(DIR "/f", DIR "/nodir/h"), ENOENT, "link into a missing directory");
	is_errno(link(DIR "/f", DIR "/f/h"), ENOTDIR, "link under a file");
	is(mkdir(DIR "/d", 0755), 0, "mkdir d");
	is_errno(link(DIR "/d", DIR "/d2"), EPERM, "a directory cannot be hard linked");
	is_errno(link(DIR "/d", DIR "/f"), EEXIST, "EEXIST comes before EPERM");
	is_errno(link(DIR "/f", DIR "/h/"), ENOENT, "a new name with a trailing slash");
	is_errno(link(DIR "/f", DIR "/."), EEXIST, "link onto \".\"");
	is(unlink(DIR "/f"), 0, "unlink f");
	is(nlinks(DIR "/g"), 1, "g is left with one link");
	ok(get(DIR "/g", buf) == 3 && !strcmp(buf, "bye"), "and still holds the data");
	int dfd = open(DIR "/d", O_RDONLY | O_DIRECTORY);
	is(linkat(AT_FDCWD, DIR "/g", dfd, "g2", 0), 0, "linkat into d by its fd");
	is(nlinks(DIR "/d/g2"), 2, "d/g2 counts as g's second link");
	is_errno(linkat(AT_FDCWD, DIR "/g", dfd, "g3", 0x8000), EINVAL, "linkat with a bad flag");
	is(unlink(DIR "/d/g2"), 0, "unlink d/g2");
	int fd = open(DIR "/g", O_RDONLY);
	is(unlink(DIR "/g"), 0, "unlink g while open");
	ok(fstat(fd, &a) == 0 && a.st_nlink == 0, "the open file has no links left");
	close(fd);
	close(dfd);
}

static void symlinks(void)
{
	struct stat st, lst;
	char buf[64];

	ok(put(DIR "/t", "target") == 0, "create t");
	is(symlink("t", DIR "/rel"), 0, "symlink rel -> t (relative)");
	is(symlink(DIR "/t", DIR "/abs"), 0, "symlink abs -> " DIR "/t (absolute)");
	ok(get(DIR "/rel", buf) == 6 && !strcmp(buf, "target"), "open follows a relative link");
	ok(get(DIR "/abs", buf) == 6 && !strcmp(buf, "target"), "open follows an absolute link");
	ok(stat(DIR "/rel", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 6,
	   "stat follows the link");
	ok(lstat(DIR "/rel", &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_size == 1,
	   "lstat sees the link, its size the target's length");
	ok(lstat(DIR "/abs", &lst) == 0 && lst.st_size == (off_t)strlen(DIR "/t"),
	   "an absolute link's size is its whole target");
	ok(st.st_ino != lst.st_ino, "the link is an inode of its own");
	is(lstat(DIR "/rel", &lst) == 0 ? (long)(lst.st_mode & 07777) : -1, 0777,
	   "a link's mode is 0777");
	memset(buf, 'x', sizeof(buf));
	is(readlink(DIR "/rel", buf, sizeof(buf)), 1, "readlink rel gives 1 byte");
	ok(buf[0] == 't' && buf[1] == 'x', "the target, with no NUL added");
	is(readlink(DIR "/abs", buf, 4), 4, "readlink into 4 bytes truncates");
	ok(!memcmp(buf, "/tmp", 4), "to the target's first 4 bytes");
	is_errno(readlink(DIR "/t", buf, sizeof(buf)), EINVAL, "readlink of a file");
	is_errno(readlink(DIR "/nope", buf, sizeof(buf)), ENOENT, "readlink of nothing");
	is_errno(syscall(SYS_readlink, DIR "/rel", buf, 0), EINVAL, "readlink with size 0");
	is_errno(syscall(SYS_readlink, DIR "/rel", NULL, 10), EFAULT, "readlink to NULL");
	is_errno(symlink("x", DIR "/t"), EEXIST, "symlink onto an existing name");
	is_errno(symlink("", DIR "/empty"), ENOENT, "symlink with an empty target");
	is_errno(syscall(SYS_symlink, NULL, DIR "/null"), EFAULT, "symlink with a NULL target");

	/* dangling */
	is(symlink("missing", DIR "/dang"), 0, "symlink to a missing file");
	is_errno(stat(DIR "/dang", &st), ENOENT, "stat of a dangling link");
	ok(lstat(DIR "/dang", &st) == 0 && S_ISLNK(st.st_mode), "lstat of a dangling link");
	is_errno(open(DIR "/dang", O_RDONLY), ENOENT, "open of a dangling link");
	is_errno(open(DIR "/dang", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST,
		 "O_CREAT|O_EXCL on a dangling link");
	int fd = open(DIR "/dang", O_CREAT | O_WRONLY, 0644);
	ok(fd >= 0, "O_CREAT through a dangling link");
	close(fd);
	ok(lstat(DIR "/missing", &st) == 0 && S_ISREG(st.st_mode), "made the target");
	ok(lstat(DIR "/dang", &st) == 0 && S_ISLNK(st.st_mode), "and left the link a link");
	is(unlink(DIR "/dang"), 0, "unlink removes the link");
	ok(lstat(DIR "/missing", &st) == 0, "not its target");

	/* nofollow */
	is_errno(open(DIR "/rel", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a link");
	fd = open(DIR "/t", O_RDONLY | O_NOFOLLOW);
	ok(fd >= 0, "O_NOFOLLOW on a file opens it");
	close(fd);
	is_errno(open(DIR "/rel", O_CREAT | O_WRONLY | O_NOFOLLOW, 0644), ELOOP,
		 "O_CREAT|O_NOFOLLOW on a link");
	ok(fstatat(AT_FDCWD, DIR "/rel", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode),
	   "fstatat AT_SYMLINK_NOFOLLOW");
	ok(fstatat(AT_FDCWD, DIR "/rel", &st, 0) == 0 && S_ISREG(st.st_mode),
	   "fstatat without it follows");

	/* directories through links */
	is(mkdir(DIR "/sub", 0755), 0, "mkdir sub");
	is(symlink("sub", DIR "/sl"), 0, "symlink sl -> sub");
	ok(put(DIR "/sl/in", "x") == 0, "create a file through sl");
	ok(lstat(DIR "/sub/in", &st) == 0, "it lands in sub");
	is(mkdir(DIR "/sl/deeper", 0755), 0, "mkdir through sl");
	ok(stat(DIR "/sl/", &st) == 0 && S_ISDIR(st.st_mode), "sl/ is the directory");
	is_errno(stat(DIR "/rel/", &st), ENOTDIR, "rel/ (a link to a file) is ENOTDIR");
	is(symlink("../sub/deeper", DIR "/sub/up"), 0, "a link with .. in its target");
	ok(stat(DIR "/sl/up", &st) == 0 && S_ISDIR(st.st_mode), "resolves from the link's directory");
	char cwd[256];
	ok(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	is(chdir(DIR "/sl"), 0, "chdir through a link");
	ok(getcwd(buf, sizeof(buf)) && !strcmp(buf, DIR "/sub"), "getcwd names the real directory");
	ok(chdir(cwd) == 0, "chdir back");
	is_errno(rmdir(DIR "/sl"), ENOTDIR, "rmdir of a link to a directory");
	is_errno(mkdir(DIR "/sl", 0755), EEXIST, "mkdir onto a link");
	is_errno(mkdir(DIR "/dang2", 0755) == 0 && symlink("dang2/x", DIR "/dx") == 0
			 ? mkdir(DIR "/dx", 0755)
			 : 0,
		 EEXIST, "mkdir onto a dangling link");

	/* loops */
	is(symlink("loop1", DIR "/loop2"), 0, "loop2 -> loop1");
	is(symlink("loop2", DIR "/loop1"), 0, "loop1 -> loop2");
	is_errno(open(DIR "/loop1", O_RDONLY), ELOOP, "open of a loop");
	is_errno(stat(DIR "/loop1/x", &st), ELOOP, "a loop in the middle of a path");
	ok(lstat(DIR "/loop1", &st) == 0 && S_ISLNK(st.st_mode), "lstat of a loop");
	/* a chain: c0 -> t, c1 -> c0, ... */
	char name[64], target[64];
	int made = 0;
	for (int i = 0; i <= 41; i++) {
		snprintf(name, sizeof(name), DIR "/c%d", i);
		if (i == 0)
			snprintf(target, sizeof(target), "t");
		else
			snprintf(target, sizeof(target), "c%d", i - 1);
		made += symlink(target, name) == 0;
	}
	is(made, 42, "a chain of 42 links");
	ok(stat(DIR "/c39", &st) == 0 && S_ISREG(st.st_mode), "40 links in a row resolve");
	is_errno(stat(DIR "/c40", &st), ELOOP, "41 is ELOOP");
	for (int i = 0; i <= 41; i++) {
		snprintf(name, sizeof(name), DIR "/c%d", i);
		unlink(name);
	}

	/* hard link to a symlink, linkat AT_SYMLINK_FOLLOW */
	is(link(DIR "/rel", DIR "/hl"), 0, "link of a symlink");
	ok(lstat(DIR "/hl", &st) == 0 && S_ISLNK(st.st_mode), "links the symlink itself");
	is(linkat(AT_FDCWD, DIR "/rel", AT_FDCWD, DIR "/hf", AT_SYMLINK_FOLLOW), 0,
	   "linkat AT_SYMLINK_FOLLOW");
	ok(lstat(DIR "/hf", &st) == 0 && S_ISREG(st.st_mode) && nlinks(DIR "/t") == 2,
	   "links the target");

	/* symlinkat/readlinkat */
	int dfd = open(DIR "/sub", O_RDONLY | O_DIRECTORY);
	is(symlinkat("in", dfd, "l2"), 0, "symlinkat in sub");
	is(readlinkat(dfd, "l2", buf, sizeof(buf)), 2, "readlinkat");
	is_errno(readlinkat(dfd, "in", buf, sizeof(buf)), EINVAL, "readlinkat of a file");
	is_errno(readlinkat(999, "l2", buf, sizeof(buf)), EBADF, "readlinkat with a bad dirfd");
	close(dfd);
	is(unlink(DIR "/sub/l2"), 0, "clean up l2");
}

static void at_calls(void)
{
	struct stat st;
	char buf[64];

	ok(put(DIR "/a", "A") == 0 && put(DIR "/b", "B") == 0, "create a and b");
	is_errno(syscall(SYS_renameat2, AT_FDCWD, DIR "/a", AT_FDCWD, DIR "/b", RENAME_NOREPLACE),
		 EEXIST, "RENAME_NOREPLACE onto an existing name");
	is(syscall(SYS_renameat2, AT_FDCWD, DIR "/a", AT_FDCWD, DIR "/c", RENAME_NOREPLACE), 0,
	   "RENAME_NOREPLACE onto a new name");
	is(syscall(SYS_renameat2, AT_FDCWD, DIR "/c", AT_FDCWD, DIR "/b", RENAME_EXCHANGE), 0,
	   "RENAME_EXCHANGE c and b");
	ok(get(DIR "/b", buf) == 1 && buf[0] == 'A' && get(DIR "/c", buf) == 1 && buf[0] == 'B',
	   "their contents swapped names");
	is_errno(syscall(SYS_renameat2, AT_FDCWD, DIR "/c", AT_FDCWD, DIR "/zz", RENAME_EXCHANGE),
		 ENOENT, "RENAME_EXCHANGE with a missing new name");
	is_errno(syscall(SYS_renameat2, AT_FDCWD, DIR "/c", AT_FDCWD, DIR "/b",
			 RENAME_EXCHANGE | RENAME_NOREPLACE),
		 EINVAL, "EXCHANGE with NOREPLACE");
	is_errno(syscall(SYS_renameat2, AT_FDCWD, DIR "/c", AT_FDCWD, DIR "/b", 0x80), EINVAL,
		 "renameat2 with an unknown flag");
	is(syscall(SYS_renameat2, AT_FDCWD, DIR "/c", AT_FDCWD, DIR "/sub", RENAME_EXCHANGE), 0,
	   "RENAME_EXCHANGE of a file and a directory");
	ok(stat(DIR "/c", &st) == 0 && S_ISDIR(st.st_mode) && stat(DIR "/c/in", &st) == 0,
	   "c is now the directory");
	ok(stat(DIR "/sub", &st) == 0 && S_ISREG(st.st_mode), "sub is now the file");
	is_errno(syscall(SYS_renameat2, AT_FDCWD, DIR "/c", AT_FDCWD, DIR "/c/deeper",
			 RENAME_EXCHANGE),
		 EINVAL, "exchanging a directory with its own child");
	int dfd = open(DIR "/c", O_RDONLY | O_DIRECTORY);
	is(renameat(dfd, "in", AT_FDCWD, DIR "/moved"), 0, "renameat from a dirfd");
	ok(stat(DIR "/moved", &st) == 0, "moved arrived");
	is_errno(renameat(dfd, "in", AT_FDCWD, DIR "/moved"), ENOENT, "and in is gone");

	/* faccessat */
	is(faccessat(dfd, "deeper", F_OK, 0), 0, "faccessat F_OK");
	is_errno(faccessat(dfd, "nope", F_OK, 0), ENOENT, "faccessat of nothing");
	is_errno(syscall(SYS_faccessat, dfd, "deeper", 8), EINVAL, "faccessat with a bad mode");
	is_errno(syscall(SYS_faccessat2, AT_FDCWD, DIR "/moved", X_OK, 0), EACCES,
		 "faccessat2 X_OK of a 0644 file");
	is(syscall(SYS_faccessat2, AT_FDCWD, DIR "/rel", F_OK, AT_SYMLINK_NOFOLLOW), 0,
	   "faccessat2 AT_SYMLINK_NOFOLLOW");
	is(symlink("nothing", DIR "/d2") == 0 ? syscall(SYS_faccessat2, AT_FDCWD, DIR "/d2", F_OK,
							 AT_SYMLINK_NOFOLLOW)
					   : -2,
	   0, "faccessat2 AT_SYMLINK_NOFOLLOW of a dangling link");
	is_errno(syscall(SYS_faccessat2, AT_FDCWD, DIR "/d2", F_OK, 0), ENOENT,
		 "and following it");
	is_errno(syscall(SYS_faccessat2, AT_FDCWD, DIR "/d2", F_OK, 0x4), EINVAL,
		 "faccessat2 with a bad flag");

	/* fchmodat */
	is(fchmodat(dfd, "deeper", 0700, 0), 0, "fchmodat");
	ok(stat(DIR "/c/deeper", &st) == 0 && (st.st_mode & 07777) == 0700, "mode 0700");
	is(syscall(SYS_fchmodat, AT_FDCWD, DIR "/rel", 0600), 0, "fchmodat through a link");
	ok(stat(DIR "/t", &st) == 0 && (st.st_mode & 07777) == 0600, "changes the target");
	ok(lstat(DIR "/rel", &st) == 0 && (st.st_mode & 07777) == 0777, "not the link");

	/* fchmodat2, and AT_EMPTY_PATH */
	is(sys4(NR_FCHMODAT2, AT_FDCWD, DIR "/t", 0640, AT_SYMLINK_NOFOLLOW), 0,
	   "fchmodat2 AT_SYMLINK_NOFOLLOW of a file");
	is_err(sys4(NR_FCHMODAT2, AT_FDCWD, DIR "/rel", 0600, AT_SYMLINK_NOFOLLOW), EOPNOTSUPP,
	       "fchmodat2 AT_SYMLINK_NOFOLLOW of a link: EOPNOTSUPP");
	is_err(sys4(NR_FCHMODAT2, AT_FDCWD, DIR "/t", 0600, 0x4), EINVAL, "fchmodat2 with a bad flag");
	int tfd = open(DIR "/t", O_RDONLY);
	ok(sys4(NR_FCHMODAT2, tfd, "", 0604, AT_EMPTY_PATH) == 0 && stat(DIR "/t", &st) == 0 &&
		   (st.st_mode & 07777) == 0604,
	   "fchmodat2 AT_EMPTY_PATH: the fd's file");
	is(syscall(SYS_faccessat2, tfd, "", R_OK, AT_EMPTY_PATH), 0, "faccessat2 AT_EMPTY_PATH");
	is_errno(syscall(SYS_faccessat2, tfd, "", R_OK, 0), ENOENT,
		 "faccessat2 of \"\" without AT_EMPTY_PATH: ENOENT");
	close(tfd);
	chmod(DIR "/t", 0600);

	/* chown family */
	is(syscall(SYS_chown32, DIR "/t", 1234, 5678), 0, "chown32");
	ok(stat(DIR "/t", &st) == 0 && st.st_uid == 1234 && st.st_gid == 5678, "records uid/gid");
	is(syscall(SYS_chown32, DIR "/t", -1, 42), 0, "chown32 with uid -1");
	ok(stat(DIR "/t", &st) == 0 && st.st_uid == 1234 && st.st_gid == 42, "keeps the uid");
	is(syscall(SYS_lchown32, DIR "/rel", 7, 8), 0, "lchown32 of a link");
	ok(lstat(DIR "/rel", &st) == 0 && st.st_uid == 7 && st.st_gid == 8, "the link changed");
	ok(stat(DIR "/rel", &st) == 0 && st.st_uid == 1234, "its target did not");
	int fd = open(DIR "/t", O_RDONLY);
	is(syscall(SYS_fchown32, fd, 0, 0), 0, "fchown32");
	ok(fstat(fd, &st) == 0 && st.st_uid == 0 && st.st_gid == 0, "back to root");
	is_errno(syscall(SYS_fchown32, 999, 0, 0), EBADF, "fchown32 of a bad fd");
	close(fd);
	is(fchownat(AT_FDCWD, DIR "/rel", 3, 3, AT_SYMLINK_NOFOLLOW), 0, "fchownat NOFOLLOW");
	ok(lstat(DIR "/rel", &st) == 0 && st.st_uid == 3, "the link changed");
	is_errno(fchownat(AT_FDCWD, DIR "/rel", 3, 3, 0x4), EINVAL, "fchownat bad flag");
	is(chmod(DIR "/t", 04755), 0, "set-user-ID on t");
	is(syscall(SYS_chown32, DIR "/t", 0, 0), 0, "chown of a set-user-ID file");
	ok(stat(DIR "/t", &st) == 0 && (st.st_mode & 07777) == 0755, "clears the bit");
	is_errno(syscall(SYS_chown32, DIR "/nope", 0, 0), ENOENT, "chown of nothing");

	/* mknodat */
	is(mknodat(dfd, "reg", S_IFREG | 0600, 0), 0, "mknodat a regular file");
	ok(stat(DIR "/c/reg", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0, "it is empty");
	is(mknodat(dfd, "fifo", S_IFIFO | 0600, 0), 0, "mknodat a FIFO");
	ok(stat(DIR "/c/fifo", &st) == 0 && S_ISFIFO(st.st_mode), "stat says FIFO");
	is_errno(mknodat(dfd, "fifo", S_IFIFO | 0600, 0), EEXIST, "mknodat onto an existing name");
	is_errno(mknodat(dfd, "dir", S_IFDIR | 0700, 0), EPERM, "mknodat S_IFDIR");
	is_errno(mknodat(dfd, "bad", 0170000 | 0600, 0), EINVAL, "mknodat of an unknown type");
	is(mknod(DIR "/c/plain", 0644, 0), 0, "mknod with type 0 is a regular file");
	ok(stat(DIR "/c/plain", &st) == 0 && S_ISREG(st.st_mode), "a regular file");
	close(dfd);
}

int main(void)
{
	plan(154);
	mkdir(DIR, 0755);
	umask(022);
	hard_links();
	symlinks();
	at_calls();
	/* clean up */
	const char *files[] = {"t",	  "rel",	  "abs",	"missing",  "hl",	 "hf",
			       "loop1",	  "loop2",	  "d2",		"dx",	    "sl",	 "moved",
			       "b",	  "sub",	  "c/up",	"c/reg",    "c/fifo",	 "c/plain"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char p[128];
		snprintf(p, sizeof(p), DIR "/%s", files[i]);
		unlink(p);
	}
	rmdir(DIR "/c/deeper");
	rmdir(DIR "/c");
	rmdir(DIR "/d");
	rmdir(DIR "/dang2");
	rmdir(DIR);
	return done();
}
