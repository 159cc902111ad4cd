/*
 * mkdir: make directories.
 *
 * Usage: mkdir [-p] dirs...
 *
 * Each directory is made with mkdir(2), mode 0777 (the kernel applies any
 * umask). With -p, every missing parent is made first, left to right, and
 * a directory that already exists is not an error. Whether a path is a
 * directory is tested with open(O_DIRECTORY), so no stat call is needed.
 * Errors: "mkdir: cannot create directory 'X': reason", exit status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Returns 1 if path names a directory. */
static int is_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* Makes path and, if parents is set, its missing parents.
 * Returns 0, or -1 after printing an error. */
static int make(char *path, int parents)
{
	int e;

	if (parents) {
		for (char *p = path + 1; *p; p++) {
			if (*p != '/' || p[-1] == '/')
				continue;
			*p = '\0';
			mkdir(path, 0777); /* failures show up at the last step */
			*p = '/';
		}
	}
	if (mkdir(path, 0777) == 0)
		return 0;
	e = errno;
	if (parents && e == EEXIST && is_dir(path))
		return 0;
	fprintf(stderr, "mkdir: cannot create directory '%s': %s\n", path, strerror(e));
	return -1;
}

int main(int argc, char **argv)
{
	int i = 1, parents = 0, status = 0;

	if (i < argc && !strcmp(argv[i], "-p")) {
		parents = 1;
		i++;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: mkdir [-p] dirs...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (make(argv[i], parents) < 0)
			status = 1;
	return status;
}
