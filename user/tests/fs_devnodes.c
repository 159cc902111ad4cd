/*
 * fs_devnodes: device numbers. /dev's nodes carry Linux's major:minor
 * numbers; mknod of a character node with one of them makes a second name
 * for that device (it opens and acts as it); any other number, a block
 * node and a socket node open with ENXIO, as on Linux with no such driver.
 * st_rdev gives back what mknod was given, in Linux's encoding.
 */
#include "raw.h"
#include <sys/sysmacros.h>

static char dir[64], path[128];
static unsigned char buf[256];

/* path = dir/name. */
static const char *at(const char *name)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* /dev/name is a character device maj:min. */
static void dev_number(const char *name, unsigned maj, unsigned min)
{
	struct stat st;
	char p[64];

	snprintf(p, sizeof(p), "/dev/%s", name);
	ok(stat(p, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == maj &&
		   minor(st.st_rdev) == min,
	   "%s is a character device %u:%u", p, maj, min);
}

/* A new character node name for maj:min; returns mknod's result. */
static long node(const char *name, mode_t type, unsigned maj, unsigned min)
{
	return mknod(at(name), type | 0666, makedev(maj, min)) == 0 ? 0 : -errno;
}

/* The memory devices through nodes of their own. */
static void mem_devices(void)
{
	long fd;

	is(node("null", S_IFCHR, 1, 3), 0, "mknod c 1 3");
	fd = ropen(at("null"), O_RDWR, 0);
	ok(fd >= 0, "it opens");
	is(RSYS(SYS_write, fd, "abc", 3), 3, "as /dev/null: writes vanish");
	is(RSYS(SYS_read, fd, buf, 10), 0, "and reads end at once");
	RSYS(SYS_close, fd);

	is(node("zero", S_IFCHR, 1, 5), 0, "mknod c 1 5");
	fd = ropen(at("zero"), O_RDONLY, 0);
	memset(buf, 0xAA, sizeof(buf));
	ok(RSYS(SYS_read, fd, buf, 100) == 100 && all_are(buf, 0, 100), "as /dev/zero: zeroes");
	RSYS(SYS_close, fd);

	is(node("full", S_IFCHR, 1, 7), 0, "mknod c 1 7");
	fd = ropen(at("full"), O_WRONLY, 0);
	is(RSYS(SYS_write, fd, "x", 1), -ENOSPC, "as /dev/full: ENOSPC");
	RSYS(SYS_close, fd);

	is(node("random", S_IFCHR, 1, 8), 0, "mknod c 1 8");
	fd = ropen(at("random"), O_RDONLY, 0);
	is(RSYS(SYS_read, fd, buf, 100), 100, "as /dev/random: 100 bytes");
	RSYS(SYS_close, fd);
	is(node("urandom", S_IFCHR, 1, 9), 0, "mknod c 1 9");
	fd = ropen(at("urandom"), O_RDONLY, 0);
	is(RSYS(SYS_read, fd, buf, 100), 100, "as /dev/urandom: 100 bytes");
	RSYS(SYS_close, fd);

	struct stat st;
	ok(stat(at("urandom"), &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 &&
		   minor(st.st_rdev) == 9 && (st.st_mode & 0777) == (0666 & ~022),
	   "stat: c 1:9, mode 0666 minus the umask");
}

/* Numbers with no driver, other node types. */
static void no_driver(void)
{
	static const unsigned nums[][2] = { { 1, 200 }, { 42, 0 }, { 0, 0 }, { 4095, 1048575 } };
	struct stat st;

	for (unsigned i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "c%u", i);
		is(node(name, S_IFCHR, nums[i][0], nums[i][1]), 0, "mknod c %u %u", nums[i][0],
		   nums[i][1]);
		ok(stat(at(name), &st) == 0 && major(st.st_rdev) == nums[i][0] &&
			   minor(st.st_rdev) == nums[i][1],
		   "its st_rdev is %u:%u", nums[i][0], nums[i][1]);
		is(ropen(at(name), O_RDONLY | O_NONBLOCK, 0), -ENXIO, "c %u %u opens with ENXIO",
		   nums[i][0], nums[i][1]);
		is(ropen(at(name), O_WRONLY | O_NONBLOCK, 0), -ENXIO, "for writing too");
	}
	is(node("blk", S_IFBLK, 1, 3), 0, "mknod b 1 3 (a block node)");
	ok(stat(at("blk"), &st) == 0 && S_ISBLK(st.st_mode) && major(st.st_rdev) == 1 &&
		   minor(st.st_rdev) == 3,
	   "stat: a block device 1:3");
	is(ropen(at("blk"), O_RDONLY | O_NONBLOCK, 0), -ENXIO, "it opens with ENXIO");
	is(node("sock", S_IFSOCK, 0, 0), 0, "mknod of a socket node");
	ok(stat(at("sock"), &st) == 0 && S_ISSOCK(st.st_mode), "stat: a socket");
	is(ropen(at("sock"), O_RDONLY, 0), -ENXIO, "it opens with ENXIO");
	is(node("fifo", S_IFIFO, 1, 3), 0, "mknod S_IFIFO with a device number");
	ok(stat(at("fifo"), &st) == 0 && S_ISFIFO(st.st_mode) && st.st_rdev == 0,
	   "a FIFO ignores the number: st_rdev 0");
	is(node("dir", S_IFDIR, 0, 0), -EPERM, "mknod S_IFDIR: EPERM");
	is(node("bad", 0170000, 0, 0), -EINVAL, "mknod of type 0170000: EINVAL");
	is(node("bad", 0030000, 0, 0), -EINVAL, "mknod of type 0030000: EINVAL");
	is(node("null", S_IFCHR, 1, 3), -EEXIST, "mknod onto an existing name: EEXIST");
	is_err(RSYS(SYS_mknod, NULL, S_IFCHR | 0600, makedev(1, 3)), EFAULT,
	       "mknod c with a NULL path: EFAULT");
	is_err(RSYS(SYS_mknodat, 9999, "x", S_IFCHR | 0600, makedev(1, 3)), EBADF,
	       "mknodat with a bad dirfd: EBADF");
}

/* Removes everything made under dir, then dir. */
static void cleanup(void)
{
	static const char *names[] = { "null", "zero", "full", "random", "urandom", "c0",
				       "c1",   "c2",   "c3",   "blk",	 "sock",    "fifo" };

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(at(names[i]));
	rmdir(dir);
}

int main(void)
{
	plan(53);
	umask(022);
	dev_number("null", 1, 3);
	dev_number("zero", 1, 5);
	dev_number("full", 1, 7);
	dev_number("random", 1, 8);
	dev_number("urandom", 1, 9);
	dev_number("kmsg", 1, 11);
	dev_number("tty", 5, 0);
	dev_number("console", 5, 1);
	dev_number("ttyS0", 4, 64);
	tmpname(dir, "fs_devnodes");
	is(mkdir(dir, 0755), 0, "a scratch directory");
	mem_devices();
	no_driver();
	cleanup();
	return done();
}
