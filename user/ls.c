/*
 * ls: list directories and files.
 *
 * Usage: ls [-a] [-l] [paths...]     (flags may be combined: -la)
 *
 * Each path (default ".") is first opened with O_DIRECTORY. If that works
 * it is a directory: its entries are read with getdents64(2), names that
 * start with '.' are dropped unless -a is given, and the rest are sorted
 * by byte value and printed one per line. If the open fails with ENOTDIR
 * the path is a plain file and is printed as given. With several paths,
 * each directory gets a "path:" header and a blank line separates them.
 *
 * -l prints "TYPE+MODE SIZE NAME", e.g. "drwxr-xr-x        0 bin", from
 * fstatat64(2) without following symlinks. The call is made directly,
 * with the kernel's struct stat64, because musl's stat() tries statx
 * first. Owners and times are not shown.
 *
 * Errors: "ls: cannot access 'X': reason" on stderr; exit status 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* One record of getdents64(2); records are d_reclen bytes apart. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* The i386 kernel's struct stat64, as fstatat64(2) fills it. */
struct kstat64 {
	unsigned long long dev;
	unsigned char pad0[4];
	unsigned long ino32;
	unsigned int mode;
	unsigned int nlink;
	unsigned long uid, gid;
	unsigned long long rdev;
	unsigned char pad3[4];
	long long size;
	unsigned long blksize;
	unsigned long long blocks;
	unsigned long atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
	unsigned long long ino;
};
_Static_assert(sizeof(struct kstat64) == 96, "struct stat64 is 96 bytes on i386");

static int opt_all, opt_long;

/* Returns the ls -l type letter for a st_mode. */
static char type_char(unsigned int mode)
{
	switch (mode & 0170000) {
	case 0040000:
		return 'd';
	case 0120000:
		return 'l';
	case 0020000:
		return 'c';
	case 0060000:
		return 'b';
	case 0010000:
		return 'p';
	case 0140000:
		return 's';
	default:
		return '-';
	}
}

/* Prints one entry: just the name, or with -l the mode and size from
 * fstatat64(dirfd, name). Returns 0, or -1 if the stat failed. */
static int print_entry(int dirfd, const char *name, const char *shown)
{
	struct kstat64 st;
	char perm[10];

	if (!opt_long) {
		printf("%s\n", shown);
		return 0;
	}
	if (syscall(SYS_fstatat64, dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		fprintf(stderr, "ls: cannot access '%s': %s\n", shown, strerror(errno));
		return -1;
	}
	for (int i = 0; i < 9; i++)
		perm[i] = st.mode & (0400 >> i) ? "rwxrwxrwx"[i] : '-';
	perm[9] = '\0';
	printf("%c%s %8lld %s\n", type_char(st.mode), perm, st.size, shown);
	return 0;
}

/* Orders two names for qsort. */
static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the open directory fd. Returns 0, or -1 if anything failed. */
static int list_dir(int fd, const char *path)
{
	static char buf[4096] __attribute__((aligned(8)));
	char **names = NULL;
	int n = 0, cap = 0, status = 0;
	long len;

	while ((len = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			off += d->d_reclen;
			if (d->d_name[0] == '.' && !opt_all)
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				names = realloc(names, cap * sizeof(*names));
				if (!names) {
					fprintf(stderr, "ls: out of memory\n");
					exit(2);
				}
			}
			names[n] = strdup(d->d_name);
			if (!names[n]) {
				fprintf(stderr, "ls: out of memory\n");
				exit(2);
			}
			n++;
		}
	}
	if (len < 0) {
		fprintf(stderr, "ls: reading '%s': %s\n", path, strerror(errno));
		status = -1;
	}
	qsort(names, n, sizeof(*names), cmp_names);
	for (int i = 0; i < n; i++) {
		if (print_entry(fd, names[i], names[i]) < 0)
			status = -1;
		free(names[i]);
	}
	free(names);
	return status;
}

/* Lists one command-line path. Returns 0, or -1 if anything failed. */
static int list_path(const char *path, int header)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY), r;

	if (fd < 0 && errno == ENOTDIR)
		return print_entry(AT_FDCWD, path, path);
	if (fd < 0) {
		fflush(stdout); /* keep the error in its place in the output */
		fprintf(stderr, "ls: cannot access '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (header)
		printf("%s:\n", path);
	r = list_dir(fd, path);
	close(fd);
	return r;
}

int main(int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'a')
				opt_all = 1;
			else if (*p == 'l')
				opt_long = 1;
			else {
				fprintf(stderr,
					"ls: unknown option -%c\nusage: ls [-al] [paths...]\n", *p);
				return 2;
			}
		}
	}
	if (i == argc)
		return list_path(".", 0) < 0 ? 2 : 0;
	for (int first = i; i < argc; i++) {
		if (i > first)
			printf("\n");
		if (list_path(argv[i], argc - first > 1) < 0)
			status = 2;
	}
	return status;
}
