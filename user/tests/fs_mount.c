/*
 * fs_mount: mount(2), umount2(2) and umount(2) of tmpfs and ramfs on a
 * directory: the mount hides what was there, has its own statfs and
 * st_dev, ".." climbs out of it, size= limits it (ENOSPC), MS_RDONLY and
 * MS_REMOUNT make every write path EROFS, /proc/mounts lists it, and
 * umount2 is EBUSY while a file or cwd is inside (a file mapped after
 * its fd was closed, a process running a program from it), with MNT_DETACH,
 * MNT_EXPIRE and UMOUNT_NOFOLLOW as Linux; the bad paths (missing or
 * non-directory targets, unknown types, bad options, bad pointers, bad
 * flags) give Linux's errors. The checks run in a child; the parent
 * unmounts whatever is left (even when the child crashed) and removes
 * the directory.
 */
#include "raw.h"

#include <signal.h>
#include <stdint.h>
#include <sys/mount.h>

#define TMPFS_MAGIC 0x01021994
#define RAMFS_MAGIC 0x858458f6
#define ST_RDONLY 1
#define NR_MOUNT 21
#define NR_UMOUNT 22
#define NR_UMOUNT2 52
#define BAD_FLAG 0x80 /* not an umount2 flag */

struct statfs64_i386 {
	uint32_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed));

static char base[64];			/* the test's directory under /tmp */
static char mnt[96], mnt2[96], under[128], path[160];

/* mount(2) raw: 0 or -errno. */
static long rmount(const char *src, const char *target, const char *type, long flags,
		   const void *data)
{
	return RSYS(NR_MOUNT, src, target, type, flags, data);
}

/* umount2(2) raw: 0 or -errno. */
static long rumount2(const char *target, long flags)
{
	return RSYS(NR_UMOUNT2, target, flags);
}

/* statfs64 of p into *sf: 0 or -errno. */
static long rstatfs(const char *p, struct statfs64_i386 *sf)
{
	memset(sf, 0, sizeof(*sf));
	return RSYS(SYS_statfs64, p, sizeof(*sf), sf);
}

/* base/rel in path[]. */
static const char *at(const char *dir, const char *rel)
{
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return path;
}

/* Does /proc/mounts have a line "src target type opts..." whose options
 * start with opts? */
static int listed(const char *src, const char *target, const char *type, const char *opts)
{
	char want[256], line[512];
	FILE *f = fopen("/proc/mounts", "r");
	int found = 0;

	if (!f)
		return 0;
	snprintf(want, sizeof(want), "%s %s %s %s", src, target, type, opts);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, want, strlen(want)))
			found = 1;
	fclose(f);
	return found;
}

/* A file mapped from the mount keeps it busy after its fd is closed, as
 * on Linux (the mapping holds the file open): umount2 and, for a shared
 * mapping of a file opened for writing, a read-only remount are EBUSY. */
static void busy_mapped(void)
{
	long fd = ropen(at(mnt, "mapped"), O_CREAT | O_RDWR, 0644);
	ok(fd >= 0 && ftruncate(fd, 4096) == 0, "a file to map");
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	ok(m != MAP_FAILED, "mapped MAP_SHARED, its fd closed");
	is_err(rumount2(mnt, 0), EBUSY, "umount2 while it is mapped: EBUSY");
	is_err(rmount("none", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), EBUSY,
	       "remount read-only while it is mapped for writing: EBUSY");
	munmap(m, 4096);
	fd = ropen(at(mnt, "mapped"), O_RDONLY, 0);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	is_err(rumount2(mnt, 0), EBUSY, "umount2 while it is mapped MAP_PRIVATE, read-only: EBUSY");
	is_err(rmount("none", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), 0,
	       "but a read-only remount is fine");
	is_err(rmount("none", mnt, "tmpfs", MS_REMOUNT, NULL), 0, "and back to read-write");
	munmap(m, 4096);
	is_err(RSYS(SYS_unlink, at(mnt, "mapped")), 0, "unmapped, the file goes");
}

/* A process running a program from the mount keeps it busy: EBUSY. */
static void busy_program(void)
{
	char prog[192];
	snprintf(prog, sizeof(prog), "%s/prog", mnt);
	int in = open("/proc/self/exe", O_RDONLY), out = ropen(prog, O_CREAT | O_WRONLY, 0755);
	char buf[4096];
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	int go[2];
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { prog, "pause", NULL };
		close(go[0]);
		chdir("/");
		dup2(go[1], 3);
		execv(prog, argv);
		_exit(127);
	}
	close(go[1]);
	char c = 0;
	ok(read(go[0], &c, 1) == 1 && c == 'p', "a copy of this program runs from the mount");
	close(go[0]);
	is_err(rumount2(mnt, 0), EBUSY, "umount2 while it runs: EBUSY");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	is_err(RSYS(SYS_unlink, prog), 0, "once it is gone the copy can be removed");
}

/* Mounting and what it hides, statfs, st_dev and "..". */
static void basics(void)
{
	struct statfs64_i386 sf;
	struct stat sb, sm, sp;

	is_err(rmount("none", mnt, "tmpfs", 0, NULL), 0, "mount a tmpfs");
	is_err(RSYS(SYS_access, under, F_OK), ENOENT, "the directory's own file is hidden");
	is_err(rstatfs(mnt, &sf), 0, "statfs64 of the mount");
	is(sf.f_type, TMPFS_MAGIC, "its type is tmpfs");
	ok(sf.f_blocks > 0 && sf.f_bfree == sf.f_blocks && sf.f_bsize == 4096,
	   "an empty tmpfs: every block free");
	ok(sf.f_files > 0 && sf.f_ffree == sf.f_files - 1, "one inode in use (its root)");
	ok(stat(mnt, &sm) == 0 && stat(base, &sb) == 0 && sm.st_dev != sb.st_dev,
	   "the mount has its own st_dev");
	is(sm.st_mode, S_IFDIR | 01777, "a tmpfs root is drwxrwxrwt");
	ok(stat(at(mnt, ".."), &sp) == 0 && sp.st_ino == sb.st_ino && sp.st_dev == sb.st_dev,
	   "\"..\" of the mount's root is the directory holding it");
	ok(listed("none", mnt, "tmpfs", "rw"), "/proc/mounts lists it");

	long fd = ropen(at(mnt, "f"), O_CREAT | O_RDWR, 0644);
	ok(fd >= 0 && write(fd, "hello", 5) == 5, "a file made in it");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_bfree == sf.f_blocks - 1 &&
		   sf.f_ffree == sf.f_files - 2,
	   "its page and inode are counted");
	close(fd);
	static char out[160];
	snprintf(out, sizeof(out), "%s/out", base);
	is_err(RSYS(SYS_rename, at(mnt, "f"), out), EXDEV, "rename out of the mount: EXDEV");
	is_err(RSYS(SYS_link, at(mnt, "f"), out), EXDEV, "link out of the mount: EXDEV");
	is_err(RSYS(SYS_rename, out, at(mnt, "g")), EXDEV, "EXDEV comes before a missing name");
	is_err(RSYS(SYS_rmdir, mnt), EBUSY, "rmdir of the mount point: EBUSY");
	is_err(RSYS(SYS_rename, mnt, at(base, "moved")), EBUSY, "rename of it: EBUSY");

	char cwd[160];
	ok(chdir(mnt) == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, mnt),
	   "getcwd inside the mount");
	ok(chdir("..") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, base),
	   "chdir(\"..\") from its root leaves it");
	long dfd = ropen(mnt, O_RDONLY | O_DIRECTORY, 0);
	ok(dfd >= 0 && RSYS(SYS_fstatfs64, dfd, sizeof(sf), &sf) == 0 && sf.f_type == TMPFS_MAGIC,
	   "fstatfs64 of its root");
	long up = RSYS(SYS_openat, dfd, "..", O_RDONLY | O_DIRECTORY);
	ok(up >= 0 && fstat(up, &sp) == 0 && sp.st_ino == sb.st_ino, "openat(root, \"..\")");
	close(up);

	is_err(rumount2(mnt, 0), EBUSY, "umount2 with a directory open inside: EBUSY");
	close(dfd);
	ok(chdir(mnt) == 0, "chdir into it");
	is_err(rumount2(mnt, 0), EBUSY, "umount2 with the cwd inside: EBUSY");
	is_err(rumount2(mnt, MNT_FORCE), EBUSY, "MNT_FORCE on a tmpfs: still EBUSY");
	ok(chdir(base) == 0, "chdir out");
	busy_mapped();
	busy_program();
	is_err(rumount2(mnt, 0), 0, "umount2");
	is_err(RSYS(SYS_access, under, F_OK), 0, "the directory's own file is back");
	ok(!listed("none", mnt, "tmpfs", ""), "/proc/mounts no longer lists it");
	is_err(rumount2(mnt, 0), EINVAL, "umount2 of a directory that is no mount point: EINVAL");
}

/* size=, ramfs, stacked mounts and the old umount. */
static void sizes(void)
{
	struct statfs64_i386 sf;
	static char page[4096];

	is_err(rmount("lim", mnt, "tmpfs", 0, "size=16k,mode=700"), 0, "mount size=16k,mode=700");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_blocks == 4 && sf.f_bfree == 4, "statfs: 4 blocks");
	struct stat st;
	ok(stat(mnt, &st) == 0 && st.st_mode == (S_IFDIR | 0700), "mode=700 sets the root's mode");
	ok(listed("lim", mnt, "tmpfs", "rw"), "/proc/mounts lists its source");
	long fd = ropen(at(mnt, "big"), O_CREAT | O_RDWR, 0644);
	int n = 0;
	for (int i = 0; i < 4; i++)
		n += write(fd, page, sizeof(page)) == sizeof(page);
	is(n, 4, "16 KiB fit");
	is_err(RSYS(SYS_write, fd, page, 1), ENOSPC, "one byte more: ENOSPC");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_bfree == 0 && sf.f_bavail == 0, "statfs: no block free");
	is_err(rmount("lim", mnt, "tmpfs", MS_REMOUNT, "size=8k"), EINVAL,
	       "remount smaller than what is used: EINVAL");
	is_err(rmount("lim", mnt, "tmpfs", MS_REMOUNT, "size=32k"), 0, "remount size=32k");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_blocks == 8 && sf.f_bfree == 4, "statfs: 8 blocks, 4 free");
	is(RSYS(SYS_write, fd, page, 1), 1, "and it can grow again");
	close(fd);
	is_err(rumount2(mnt, 0), 0, "umount2 of the full tmpfs");

	is_err(rmount("r", mnt, "ramfs", 0, "whatever=1"), 0, "ramfs ignores unknown options");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_type == RAMFS_MAGIC, "statfs: ramfs's magic");
	ok(listed("r", mnt, "ramfs", "rw"), "/proc/mounts lists the ramfs");
	ok(mkdir(at(mnt, "d"), 0755) == 0, "a directory in it");
	is_err(rmount("top", mnt, "tmpfs", 0, NULL), 0, "a tmpfs mounted on top of it");
	is_err(RSYS(SYS_access, at(mnt, "d"), F_OK), ENOENT, "the ramfs is hidden");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_type == TMPFS_MAGIC, "statfs sees the top one");
	is_err(RSYS(NR_UMOUNT, mnt), 0, "umount(2) takes the top one off");
	is_err(RSYS(SYS_access, at(mnt, "d"), F_OK), 0, "the ramfs shows again");
	ok(mkdir(at(mnt, "d/sub"), 0755) == 0 && rmount("in", at(mnt, "d/sub"), "tmpfs", 0, NULL) == 0,
	   "a tmpfs inside the ramfs");
	is_err(rumount2(mnt, 0), EBUSY, "a mount with a mount inside it: EBUSY");
	is_err(rumount2(at(mnt, "d/sub"), 0), 0, "the inner one comes off");
	is_err(rumount2(mnt, MNT_EXPIRE), EAGAIN, "MNT_EXPIRE the first time: EAGAIN");
	is_err(rumount2(mnt, MNT_EXPIRE), 0, "MNT_EXPIRE the second time unmounts");
}

/* MS_RDONLY, MS_REMOUNT and every write path's EROFS. */
static void readonly(void)
{
	struct statfs64_i386 sf;

	is_err(rmount("ro", mnt, "tmpfs", MS_RDONLY, NULL), 0, "mount read-only");
	ok(rstatfs(mnt, &sf) == 0 && (sf.f_flags & ST_RDONLY), "statfs: ST_RDONLY");
	ok(listed("ro", mnt, "tmpfs", "ro"), "/proc/mounts says ro");
	is_err(ropen(at(mnt, "f"), O_CREAT | O_WRONLY, 0644), EROFS, "creat: EROFS");
	is_err(RSYS(SYS_mkdir, at(mnt, "d"), 0755), EROFS, "mkdir: EROFS");
	is_err(RSYS(SYS_mkdir, mnt, 0755), EEXIST, "mkdir of what exists: EEXIST first");
	is_err(RSYS(SYS_unlink, at(mnt, "nothing")), EROFS, "unlink of a missing name: EROFS");
	is_err(rmount("ro", mnt, "tmpfs", MS_REMOUNT, NULL), 0, "remount read-write");
	long fd = ropen(at(mnt, "f"), O_CREAT | O_WRONLY, 0644);
	ok(fd >= 0 && write(fd, "data", 4) == 4, "now a file can be made");
	is_err(rmount("ro", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), EBUSY,
	       "remount read-only with a file open for writing: EBUSY");
	close(fd);
	ok(mkdir(at(mnt, "d"), 0755) == 0 && symlink("f", at(mnt, "l")) == 0, "a directory, a link");
	is_err(rmount("ro", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), 0, "remount read-only");
	ok(listed("ro", mnt, "tmpfs", "ro"), "/proc/mounts says ro again");
	fd = ropen(at(mnt, "f"), O_RDONLY, 0);
	char buf[8];
	ok(fd >= 0 && read(fd, buf, 8) == 4, "a file still opens and reads");
	close(fd);
	fd = ropen(at(mnt, "f"), O_CREAT | O_RDONLY, 0644);
	ok(fd >= 0, "O_CREAT of an existing file for reading is fine");
	close(fd);
	is_err(ropen(at(mnt, "f"), O_WRONLY, 0), EROFS, "open for writing: EROFS");
	is_err(ropen(at(mnt, "f"), O_RDWR, 0), EROFS, "open for reading and writing: EROFS");
	is_err(ropen(at(mnt, "f"), O_RDONLY | O_TRUNC, 0), EROFS, "O_TRUNC: EROFS");
	is_err(ropen(at(mnt, "g"), O_CREAT | O_RDONLY, 0644), EROFS, "creating for reading: EROFS");
	is_err(RSYS(SYS_access, at(mnt, "f"), W_OK), EROFS, "access(W_OK): EROFS");
	is_err(RSYS(SYS_access, at(mnt, "f"), R_OK), 0, "access(R_OK) is fine");
	is_err(RSYS(SYS_unlink, at(mnt, "f")), EROFS, "unlink: EROFS");
	is_err(RSYS(SYS_rmdir, at(mnt, "d")), EROFS, "rmdir: EROFS");
	static char p2[160];
	snprintf(p2, sizeof(p2), "%s/%s", mnt, "f2");
	is_err(RSYS(SYS_rename, at(mnt, "f"), p2), EROFS, "rename: EROFS");
	is_err(RSYS(SYS_link, at(mnt, "f"), p2), EROFS, "link: EROFS");
	is_err(RSYS(SYS_symlink, "f", p2), EROFS, "symlink: EROFS");
	is_err(RSYS(SYS_mknod, p2, S_IFIFO | 0644, 0), EROFS, "mknod: EROFS");
	is_err(RSYS(SYS_chmod, at(mnt, "f"), 0600), EROFS, "chmod: EROFS");
	is_err(RSYS(SYS_chown32, at(mnt, "f"), 1, 1), EROFS, "chown: EROFS");
	is_err(RSYS(SYS_lchown32, at(mnt, "l"), 1, 1), EROFS, "lchown of a link: EROFS");
	is_err(RSYS(SYS_utimes, at(mnt, "f"), NULL), EROFS, "utimes: EROFS");
	is_err(RSYS(SYS_utimensat, AT_FDCWD, at(mnt, "f"), NULL, 0), EROFS, "utimensat: EROFS");
	is_err(RSYS(SYS_truncate64, at(mnt, "f"), 0, 0), EROFS, "truncate: EROFS");
	is_err(RSYS(SYS_truncate64, at(mnt, "d"), 0, 0), EISDIR, "truncate of a directory: EISDIR first");
	fd = ropen(mnt, O_RDONLY | O_DIRECTORY, 0);
	is_err(RSYS(SYS_fchmod, fd, 0700), EROFS, "fchmod: EROFS");
	is_err(RSYS(SYS_mkdirat, fd, "e", 0755), EROFS, "mkdirat: EROFS");
	close(fd);
	is_err(rumount2(mnt, 0), 0, "umount2 of the read-only mount");
}

/* MNT_DETACH, UMOUNT_NOFOLLOW, and the errors. */
static void errors(void)
{
	char buf[8];

	is_err(rmount("none", mnt, "tmpfs", 0, NULL), 0, "mount again");
	long fd = ropen(at(mnt, "f"), O_CREAT | O_RDWR, 0644);
	ok(fd >= 0 && write(fd, "kept", 4) == 4, "a file open inside");
	is_err(rumount2(mnt, MNT_DETACH), 0, "MNT_DETACH while it is in use");
	is_err(RSYS(SYS_access, under, F_OK), 0, "the directory's own file shows at once");
	ok(RSYS(SYS_pread64, fd, buf, 4, 0, 0) == 4 && !memcmp(buf, "kept", 4),
	   "the open file still reads");
	close(fd);
	is_err(rumount2(mnt, MNT_EXPIRE | MNT_DETACH), EINVAL, "MNT_EXPIRE with MNT_DETACH: EINVAL");

	ok(symlink(mnt, mnt2) == 0, "a link to the mount point");
	is_err(rmount("none", mnt2, "tmpfs", 0, NULL), 0, "mount through the link");
	is_err(rumount2(mnt2, UMOUNT_NOFOLLOW), EINVAL, "UMOUNT_NOFOLLOW: the link is no mount");
	is_err(rumount2(mnt2, 0), 0, "without it the link is followed");
	unlink(mnt2);

	is_err(rmount("none", at(base, "missing"), "tmpfs", 0, NULL), ENOENT, "a missing target");
	is_err(rmount("none", under, "tmpfs", 0, NULL), ENOTDIR, "a file as target: ENOTDIR");
	is_err(rmount("none", mnt, "nosuchfs", 0, NULL), ENODEV, "an unknown type: ENODEV");
	is_err(rmount("none", mnt, NULL, 0, NULL), EINVAL, "no type: EINVAL");
	is_err(rmount("none", mnt, "tmpfs", 0, "size=lots"), EINVAL, "a bad size: EINVAL");
	is_err(rmount("none", mnt, "tmpfs", 0, "bogus"), EINVAL, "an unknown tmpfs option: EINVAL");
	is_err(rmount("none", mnt, "tmpfs", MS_REMOUNT, NULL), EINVAL,
	       "remount of no mount point: EINVAL");
	is_err(rmount("none", (char *)1, "tmpfs", 0, NULL), EFAULT, "a bad target pointer");
	is_err(rmount("none", mnt, (char *)1, 0, NULL), EFAULT, "a bad type pointer");
	is_err(rmount((char *)1, mnt, "tmpfs", 0, NULL), EFAULT, "a bad source pointer");
	is_err(rmount("none", mnt, "tmpfs", 0, (char *)1), EFAULT, "a bad data pointer");
	is_err(rumount2((char *)1, 0), EFAULT, "umount2 of a bad pointer");
	is_err(rumount2(at(base, "missing"), 0), ENOENT, "umount2 of a missing path");
	is_err(rumount2(under, 0), EINVAL, "umount2 of a file: EINVAL");
	is_err(rumount2(mnt, BAD_FLAG), EINVAL, "umount2 with an unknown flag: EINVAL");
	is_err(RSYS(NR_UMOUNT, mnt), EINVAL, "umount(2) of no mount point: EINVAL");
}

/* Does /proc/mounts show target with exactly these options? */
static int options_are(const char *target, const char *type, const char *opts)
{
	char want[256], line[512];
	FILE *f = fopen("/proc/mounts", "r");
	int found = 0;

	if (!f)
		return 0;
	snprintf(want, sizeof(want), " %s %s %s 0 0\n", target, type, opts);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, want))
			found = 1;
	fclose(f);
	return found;
}

/* Mount flags as statfs and /proc/mounts show them; nr_inodes=; the
 * propagation flags. */
static void flags(void)
{
	struct statfs64_i386 sf;

	is_err(rmount("a", mnt, "tmpfs", 0, NULL), 0, "a plain tmpfs");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_flags == 0x1020, "f_flags: ST_VALID|ST_RELATIME");
	ok(options_are(mnt, "tmpfs", "rw,relatime"), "options rw,relatime");
	is_err(rmount(NULL, mnt, NULL, MS_PRIVATE, NULL), 0, "MS_PRIVATE on a mount point");
	is_err(rmount(NULL, base, NULL, MS_PRIVATE, NULL), EINVAL, "MS_PRIVATE elsewhere: EINVAL");
	is_err(rmount(NULL, mnt, NULL, MS_PRIVATE | MS_SHARED, NULL), EINVAL,
	       "two propagation types: EINVAL");
	is_err(rumount2(mnt, 0), 0, "umount2");
	is_err(rmount("b", mnt, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		      "size=16k,mode=700"),
	       0, "ro,nosuid,nodev,noexec");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_flags == 0x102f, "f_flags: all four");
	ok(options_are(mnt, "tmpfs", "ro,nosuid,nodev,noexec,relatime,size=16k,mode=700"),
	   "options as Linux shows them");
	is_err(rmount("b", mnt, "tmpfs", MS_REMOUNT, NULL), 0, "remount with no flags");
	ok(options_are(mnt, "tmpfs", "rw,relatime,size=16k,mode=700"),
	   "the flags are replaced, the size and mode kept");
	is_err(rumount2(mnt, 0), 0, "umount2");
	is_err(rmount("c", mnt, "tmpfs", MS_NOATIME, "nr_inodes=3"), 0, "noatime, nr_inodes=3");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_flags == 0x420 && sf.f_files == 3 && sf.f_ffree == 2,
	   "f_flags ST_NOATIME; 3 inodes, 2 free");
	ok(options_are(mnt, "tmpfs", "rw,noatime,nr_inodes=3"), "options rw,noatime,nr_inodes=3");
	ok(mkdir(at(mnt, "a"), 0755) == 0 && mkdir(at(mnt, "b"), 0755) == 0, "two directories");
	is_err(RSYS(SYS_mkdir, at(mnt, "c"), 0755), ENOSPC, "a third inode: ENOSPC");
	is_err(RSYS(SYS_symlink, "a", at(mnt, "c")), ENOSPC, "a link too: ENOSPC");
	ok(rmdir(at(mnt, "b")) == 0 && mkdir(at(mnt, "c"), 0755) == 0, "one freed, one made");
	is_err(rumount2(mnt, 0), 0, "umount2");
	is_err(rmount("d", mnt, "ramfs", MS_STRICTATIME | MS_SYNCHRONOUS | MS_DIRSYNC, "mode=700"),
	       0, "a ramfs strictatime,sync,dirsync,mode=700");
	ok(rstatfs(mnt, &sf) == 0 && sf.f_flags == 0x30 && sf.f_blocks == 0 && sf.f_files == 0,
	   "f_flags ST_SYNCHRONOUS; no counts");
	ok(options_are(mnt, "ramfs", "rw,sync,dirsync,mode=700"), "options rw,sync,dirsync,mode=700");
	is_err(rumount2(mnt, 0), 0, "umount2");
}

/* Run the checks in a child; then unmount whatever it left and clean up. */
int main(int argc, char **argv)
{
	snprintf(base, sizeof(base), "/tmp/fs_mount.XXXXXX");
	if (!mkdtemp(base)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(mnt, sizeof(mnt), "%s/m", base);
	snprintf(mnt2, sizeof(mnt2), "%s/link", base);
	snprintf(under, sizeof(under), "%s/m/under", base);
	mkdir(mnt, 0755);
	close(open(under, O_CREAT | O_WRONLY, 0644));

	if (argc > 1 && !strcmp(argv[1], "pause")) { /* busy_program's copy */
		write(3, "p", 1);
		close(3);
		for (;;)
			pause();
	}
	plan(144 + 8 + 3);
	pid_t pid = fork();
	if (pid == 0) {
		basics();
		sizes();
		readonly();
		errors();
		flags();
		chdir("/");
		exit(done());
	}
	int status = 0;
	waitpid(pid, &status, 0);
	for (int i = 0; i < 8 && umount2(mnt, MNT_DETACH) == 0; i++)
		;
	unlink(mnt2);
	unlink(under);
	rmdir(mnt);
	rmdir(at(base, "moved"));
	rmdir(base);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
