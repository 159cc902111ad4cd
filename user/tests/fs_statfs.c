/*
 * fs_statfs: statfs64 and fstatfs64 report a tmpfs-like file system (the
 * host's /dev is devtmpfs, which reports tmpfs's magic too), /proc proc's
 * magic, the old statfs/fstatfs the same with 32-bit counts, with Linux's
 * errors; /dev/full reads zeroes and refuses every write with ENOSPC.
 * Every result is compared with Linux's by the runner.
 */
#include "tap.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>

#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define NR_STATFS 99
#define NR_FSTATFS 100

/* The old struct statfs (statfs and fstatfs): 32-bit counts. */
struct statfs32_i386 {
	uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};

struct statfs64_i386 {
	uint32_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed));

int main(void)
{
	struct statfs64_i386 sf;
	char buf[8];

	plan(13 + 3 + 8);
	memset(&sf, 0, sizeof(sf));
	is(syscall(SYS_statfs64, "/dev", sizeof(sf), &sf), 0, "statfs64 /dev");
	is(sf.f_type, TMPFS_MAGIC, "tmpfs's magic");
	ok(sf.f_bsize == 4096 && sf.f_namelen == 255, "4096-byte blocks, 255-byte names");
	ok(sf.f_bfree <= sf.f_blocks && sf.f_blocks > 0, "free blocks within the total");
	is_errno(syscall(SYS_statfs64, "/dev", 80, &sf), EINVAL, "a wrong struct size");
	is_errno(syscall(SYS_statfs64, "/nonexistent", sizeof(sf), &sf), ENOENT, "a missing path");
	is_errno(syscall(SYS_statfs64, "/dev", sizeof(sf), (void *)8), EFAULT, "a bad buffer");
	int fd = open("/dev/null", O_RDONLY);
	memset(&sf, 0, sizeof(sf));
	ok(syscall(SYS_fstatfs64, fd, sizeof(sf), &sf) == 0 && sf.f_type == TMPFS_MAGIC,
	   "fstatfs64 of /dev/null");
	close(fd);
	is_errno(syscall(SYS_fstatfs64, 999, sizeof(sf), &sf), EBADF, "fstatfs64 of a bad fd");

	memset(&sf, 0, sizeof(sf));
	is(syscall(SYS_statfs64, "/proc/self", sizeof(sf), &sf), 0, "statfs64 /proc/self");
	is(sf.f_type, PROC_SUPER_MAGIC, "proc's magic");
	ok(sf.f_blocks == 0 && sf.f_bfree == 0 && sf.f_files == 0 && sf.f_namelen == 255 &&
		   sf.f_bsize == 4096,
	   "no blocks or inodes counted, 255-byte names");

	struct statfs32_i386 s32;
	memset(&s32, 0, sizeof(s32));
	is(sys2(NR_STATFS, "/dev", &s32), 0, "the old statfs /dev");
	ok(s32.f_type == TMPFS_MAGIC && s32.f_bsize == 4096 && s32.f_namelen == 255 &&
		   s32.f_bfree <= s32.f_blocks,
	   "with the same magic, sizes and counts");
	is(sys2(NR_STATFS, "/proc", &s32), 0, "the old statfs /proc");
	is(s32.f_type, PROC_SUPER_MAGIC, "proc's magic");
	fd = open("/dev/null", O_RDONLY);
	ok(sys2(NR_FSTATFS, fd, &s32) == 0 && s32.f_type == TMPFS_MAGIC, "the old fstatfs");
	close(fd);
	is_err(sys2(NR_FSTATFS, 999, &s32), EBADF, "the old fstatfs of a bad fd: EBADF");
	is_err(sys2(NR_STATFS, "/dev", 8), EFAULT, "the old statfs, a bad buffer: EFAULT");
	is_err(sys2(NR_STATFS, "/nonexistent", &s32), ENOENT, "of a missing path: ENOENT");

	fd = open("/dev/full", O_RDWR);
	ok(fd >= 0, "open /dev/full");
	memset(buf, 'x', sizeof(buf));
	ok(read(fd, buf, sizeof(buf)) == sizeof(buf) && !memcmp(buf, "\0\0\0\0\0\0\0\0", 8),
	   "reads zeroes");
	is_errno(write(fd, "a", 1), ENOSPC, "a write is ENOSPC");
	is_errno(write(fd, "a", 0), ENOSPC, "even a zero-byte write is ENOSPC");
	close(fd);
	return done();
}
