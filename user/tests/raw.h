/*
 * raw.h: raw system calls and memory helpers for the fs_ and iov_ test
 * programs, on top of the assertion API of tap.h (plan, ok, is, skip_why,
 * mica_only, diag, done). Every program runs twice, natively on Linux and on
 * Mica as init, and the two outputs are compared, so nothing printed may
 * depend on the system: no pids, no addresses, no fd numbers.
 *
 * System calls go straight through `int $0x80` (RSYS, on sys_raw() of
 * syscall_raw.h) and return the kernel's raw value, -errno on failure. That
 * way a bad pointer reaches the kernel exactly as written, with no libc
 * wrapper touching it first.
 *
 * Memory layout assumed for bad-pointer cases (Linux i386 and Mica):
 *   0x00000000-0x00000FFF  never mapped
 *   0x08048000...          program text and .bss (static buffers live here)
 *   0xC0000000 (KERNEL_BASE) first kernel address; access_ok fails on Mica.
 * A 64-bit Linux host runs these programs in compat mode, where user space
 * reaches 0xFFFFE000: there KERNEL_BASE is merely unmapped. Checks that need the
 * 3G/1G split are Mica-only (SKIP on Linux).
 */
#ifndef RAW_H
#define RAW_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "syscall_raw.h"
#include "tap.h"

#define WRAPADDR 0xFFFFF000UL	/* base whose +0x2000 wraps past 4 GiB */
#define NEGLEN 0x80000000UL	/* an iov_len that is negative as ssize_t */
#define PAGE 4096
#define MAX_RW_COUNT 0x7ffff000L	/* INT_MAX rounded down to a page */

/* RSYS(SYS_x, args...): sys_raw with missing arguments zero and casts done. */
#define RSYS(...) RSYS_(__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define RSYS_(nr, a, b, c, d, e, ...)                                          \
	sys_raw((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))

/* struct stat64 as the i386 kernel fills it (asm/stat.h), 96 bytes. */
struct kstat64 {
	unsigned long long st_dev;
	unsigned char pad0[4];
	unsigned long st_ino32;
	unsigned int st_mode;
	unsigned int st_nlink;
	unsigned long st_uid, st_gid;
	unsigned long long st_rdev;
	unsigned char pad3[4];
	long long st_size;
	unsigned long st_blksize;
	unsigned long long st_blocks;
	unsigned long st_times[6];
	unsigned long long st_ino;
};

/* ---- helpers ---- */

/* The test byte at file offset i: differs between neighbours and blocks. */
static inline unsigned char pat(unsigned i)
{
	return (unsigned char)(i * 131u + (i >> 8) * 7u + 1u);
}

/* Returns 1 iff buf[0..n) holds pat(off), pat(off+1), ... */
static inline int is_pat(const void *buf, unsigned off, unsigned n)
{
	const unsigned char *p = buf;

	for (unsigned i = 0; i < n; i++)
		if (p[i] != pat(off + i))
			return 0;
	return 1;
}

/* Fills buf[0..n) with pat(off), pat(off+1), ... */
static inline void fill_pat(void *buf, unsigned off, unsigned n)
{
	unsigned char *p = buf;

	for (unsigned i = 0; i < n; i++)
		p[i] = pat(off + i);
}

/* Returns 1 iff all n bytes at buf equal c. */
static inline int all_are(const void *buf, int c, unsigned n)
{
	const unsigned char *p = buf;

	for (unsigned i = 0; i < n; i++)
		if (p[i] != (unsigned char)c)
			return 0;
	return 1;
}

/* Fills path with a fresh name "/tmp/<prog>.<pid>.<k>"; returns path. */
static inline char *tmpname(char *path, const char *prog)
{
	static int k;

	sprintf(path, "/tmp/%s.%ld.%d", prog, RSYS(SYS_getpid), ++k);
	return path;
}

/* open(2) with O_LARGEFILE, as libc passes it. */
static inline long ropen(const char *path, long flags, long mode)
{
	return RSYS(SYS_open, path, flags | O_LARGEFILE, mode);
}

/* Creates path holding n bytes of pat(0...); returns an O_RDWR fd. */
static inline long mkpat(const char *path, unsigned n)
{
	static unsigned char chunk[PAGE];
	long fd = ropen(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (unsigned off = 0; fd >= 0 && off < n; off += PAGE) {
		unsigned len = n - off < PAGE ? n - off : PAGE;
		fill_pat(chunk, off, len);
		RSYS(SYS_write, fd, chunk, len);
	}
	if (fd >= 0)
		RSYS(SYS_lseek, fd, 0, SEEK_SET);
	return fd;
}

/* Current file offset of fd, or -errno. */
static inline long fpos(long fd)
{
	return RSYS(SYS_lseek, fd, 0, SEEK_CUR);
}

/* Size of the file behind fd (fstat64), or -errno. */
static inline long fsize(long fd)
{
	struct kstat64 st;
	long r = RSYS(SYS_fstat64, fd, &st);

	return r < 0 ? r : (long)st.st_size;
}

/* Maps n fresh read-write zeroed pages; NULL on failure. */
static inline unsigned char *pages(int n)
{
	void *p = mmap(NULL, (size_t)n * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Returns a user address whose page is not mapped (mapped, then unmapped). */
static inline unsigned char *unmapped(void)
{
	unsigned char *p = pages(1);

	RSYS(SYS_munmap, p, PAGE);
	return p;
}

/*
 * Returns a mapped page whose next page is unmapped. A later mmap may
 * reuse the hole, so take it after the other mappings a test needs.
 */
static inline unsigned char *edge_page(void)
{
	unsigned char *p = pages(2);

	RSYS(SYS_munmap, p + PAGE, PAGE);
	return p;
}

/* Returns a page of pat(0...) made read-only with mprotect. */
static inline unsigned char *ro_page(void)
{
	unsigned char *p = pages(1);

	fill_pat(p, 0, PAGE);
	RSYS(SYS_mprotect, p, PAGE, PROT_READ);
	return p;
}

/* fork(2) after flushing stdio (TAP lines are never buffered); returns the raw result. */
static inline long rfork(void)
{
	fflush(stdout);
	return RSYS(SYS_fork);
}

/* Ends the calling child at once with the given status. */
static inline void rexit(int code)
{
	RSYS(SYS_exit_group, code);
	for (;;)
		;
}

/* Waits for pid; returns its wait status, or -errno. */
static inline long rwait(long pid)
{
	int status = 0;
	long r = RSYS(SYS_wait4, pid, &status, 0, 0);

	return r < 0 ? r : status;
}

/* Writes all n bytes (looping on short writes); returns 0 or -errno. */
static inline long write_all(long fd, const void *buf, unsigned n)
{
	const char *p = buf;

	while (n > 0) {
		long r = RSYS(SYS_write, fd, p, n);
		if (r <= 0)
			return r < 0 ? r : -EIO;
		p += r;
		n -= r;
	}
	return 0;
}

/* Reads until n bytes or EOF; returns the bytes read or -errno. */
static inline long read_full(long fd, void *buf, unsigned n)
{
	char *p = buf;
	unsigned got = 0;

	while (got < n) {
		long r = RSYS(SYS_read, fd, p + got, n - got);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		got += r;
	}
	return got;
}

#endif
