/*
 * tree.c - what the workers leave behind, and free memory.
 *
 * Before the run the supervisor records every name in the file system
 * with its size (tree_snapshot). After it, tree_restore empties SCRATCH
 * (keeping the directory itself, which existed before the run),
 * removes any other new name and cuts any file that grew back to its
 * size, so the memory the workers' files took comes back and MemFree can
 * be compared with its value before the run. /proc is not walked: its
 * nodes are the kernel's, made up as they are read. Workers may only change
 * SCRATCH (filter.c), so a change elsewhere is reported.
 *
 * Neither walk allocates: the snapshot is one static buffer, the walks
 * use static and stack buffers only, so the supervisor's own memory does
 * not move between the two MemFree readings.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"

#define SNAP_BYTES 65536
#define MAX_DEPTH 24

static char snap[SNAP_BYTES];	/* "path\0" + 8-byte size, repeated */
static uint32_t snap_used;
static char path[4200];

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Returns the recorded size of p, or -2 if p was not there before. */
static long long snap_size(const char *p)
{
	for (uint32_t at = 0; at < snap_used;) {
		uint32_t n = strlen(snap + at) + 1;
		long long sz;
		memcpy(&sz, snap + at + n, 8);
		if (!strcmp(snap + at, p))
			return sz;
		at += n + 8;
	}
	return -2;
}

/* Records p with size sz. Returns 0, or -1 when the buffer is full. */
static int snap_add(const char *p, long long sz)
{
	uint32_t n = strlen(p) + 1;

	if (snap_used + n + 8 > SNAP_BYTES)
		return -1;
	memcpy(snap + snap_used, p, n);
	memcpy(snap + snap_used + n, &sz, 8);
	snap_used += n + 8;
	return 0;
}

/* Removes path (a file, or a directory with everything in it; with
 * keep, the directory itself stays). */
static void remove_tree(int depth, int keep)
{
	struct stat st;
	char buf[1024];
	size_t len = strlen(path);
	int fd;
	long n;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode) || depth >= MAX_DEPTH) {
		unlink(path);
		return;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY);
	while (fd >= 0 && (n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			if (len + 1 + strlen(d->d_name) >= sizeof(path))
				continue;
			path[len] = '/';
			strcpy(path + len + 1, d->d_name);
			remove_tree(depth + 1, 0);
			path[len] = 0;
		}
	}
	if (fd >= 0)
		close(fd);
	if (!keep)
		rmdir(path);
}

/* Removes path and everything under it. */
static void remove_all(int depth)
{
	remove_tree(depth, 0);
}

/* Walks the tree under path. snapshot: records every name. Otherwise
 * removes new names and cuts grown files; returns how many names
 * outside SCRATCH were new, grown or gone (printed when verbose or
 * outside SCRATCH). */
static int walk(int snapshot, int depth, int verbose)
{
	char buf[1024];
	size_t len = strlen(path);
	int bad = 0, fd = open(len ? path : "/", O_RDONLY | O_DIRECTORY);
	long n;

	if (fd < 0 || depth >= MAX_DEPTH) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			struct stat st;
			int inscratch;
			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			if (len + 1 + strlen(d->d_name) >= sizeof(path))
				continue;
			path[len] = '/';
			strcpy(path + len + 1, d->d_name);
			if (!strcmp(path, "/proc")) { /* the kernel's, made up as it is read */
				path[len] = 0;
				continue;
			}
			inscratch = !strncmp(path, SCRATCH "/", strlen(SCRATCH) + 1);
			if (lstat(path, &st) == 0) {
				long long was = snapshot ? 0 : snap_size(path);
				if (snapshot) {
					if (snap_add(path, S_ISREG(st.st_mode) ? st.st_size : -1) < 0)
						bad++;
				} else if (was == -2) {
					if (!inscratch) {
						printf("fuzz: a new name outside %s: %s\n", SCRATCH, path);
						bad++;
					}
					remove_all(0);
					path[len] = 0;
					continue;
				} else if (S_ISREG(st.st_mode) && was >= 0 && st.st_size > was) {
					printf("fuzz: %s grew from %lld to %lld bytes\n", path, was,
					       (long long)st.st_size);
					truncate(path, was);
					bad++;
				}
				if (S_ISDIR(st.st_mode))
					bad += walk(snapshot, depth + 1, verbose);
			}
			path[len] = 0;
		}
	}
	close(fd);
	return bad;
}

/* Records the tree. Returns 0, or -1 if it does not fit. */
int tree_snapshot(void)
{
	snap_used = 0;
	path[0] = 0;
	return walk(1, 0, 0) ? -1 : 0;
}

/* Empties SCRATCH, removes new names, cuts grown files, and reports
 * names that disappeared outside SCRATCH. Returns the number of changes
 * found outside SCRATCH. */
int tree_restore(int verbose)
{
	int bad;

	strcpy(path, SCRATCH);
	remove_tree(0, 1);
	mkdir(SCRATCH, 0777);	/* in case a worker removed it */
	path[0] = 0;
	bad = walk(0, 0, verbose);
	for (uint32_t at = 0; at < snap_used;) {
		uint32_t n = strlen(snap + at) + 1;
		struct stat st;
		if (lstat(snap + at, &st) < 0 && strncmp(snap + at, SCRATCH "/", strlen(SCRATCH) + 1)) {
			printf("fuzz: %s is gone\n", snap + at);
			bad++;
		}
		at += n + 8;
	}
	return bad;
}

/* Returns MemFree from /proc/meminfo in kB, or -1. */
long mem_free_kb(void)
{
	static char buf[512];
	int fd = open("/proc/meminfo", O_RDONLY);
	long n;
	char *p;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "MemFree:");
	if (!p)
		return -1;
	p += 8;
	while (*p == ' ')
		p++;
	n = 0;
	while (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	return n;
}
