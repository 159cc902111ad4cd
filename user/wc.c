/*
 * wc: count lines, words and bytes.
 *
 * Usage: wc [-l] [-w] [-c] [files...]    (flags may be combined: -lw)
 *
 * No files, or "-", means stdin. With no flags all three counts are shown.
 * A word is a run of characters other than space, \t, \n, \v, \f and \r.
 *
 * Output format, one line per file, then a "total" line if there were
 * several files:
 *   - one count selected:  "%lu" or "%lu NAME"        e.g. "3"
 *   - several counts:      each as "%7lu", separated by one space, in the
 *                          order lines, words, bytes, then " NAME"
 *                          e.g. "      3      12      80 /etc/motd"
 * Errors go to stderr as "wc: NAME: reason"; the exit status is then 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { LINES, WORDS, BYTES };

static int show[3];
static int nshown;
static unsigned long total[3];

/* Counts lines, words and bytes of fd into c. Returns 0, or -1 on a read
 * error (errno set). */
static int count(int fd, unsigned long c[3])
{
	char buf[4096];
	int in_word = 0;
	ssize_t n;

	c[LINES] = c[WORDS] = c[BYTES] = 0;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c[BYTES] += n;
		for (ssize_t i = 0; i < n; i++) {
			char ch = buf[i];
			int space = ch == ' ' || (ch >= '\t' && ch <= '\r');
			if (ch == '\n')
				c[LINES]++;
			if (!space && !in_word)
				c[WORDS]++;
			in_word = !space;
		}
	}
	return 0;
}

/* Prints the selected counts of c, then name if it is not NULL. */
static void print(unsigned long c[3], const char *name)
{
	int first = 1;

	for (int k = 0; k < 3; k++) {
		if (!show[k])
			continue;
		printf(nshown == 1 ? "%s%lu" : "%s%7lu", first ? "" : " ", c[k]);
		first = 0;
	}
	if (name)
		printf(" %s", name);
	printf("\n");
}

/* Counts one file ("-" is stdin) and prints its line. Returns 0 or -1. */
static int do_file(const char *name, const char *label)
{
	unsigned long c[3];
	int fd = 0, r;

	if (strcmp(name, "-")) {
		fd = open(name, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
			return -1;
		}
	}
	r = count(fd, c);
	if (r < 0)
		fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
	if (fd != 0)
		close(fd);
	if (r < 0)
		return -1;
	for (int k = 0; k < 3; k++)
		total[k] += c[k];
	print(c, label);
	return 0;
}

int main(int argc, char **argv)
{
	int i, status = 0, nfiles;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				show[LINES] = 1;
			else if (*p == 'w')
				show[WORDS] = 1;
			else if (*p == 'c')
				show[BYTES] = 1;
			else {
				fprintf(stderr,
					"wc: unknown option -%c\nusage: wc [-lwc] [files...]\n",
					*p);
				return 2;
			}
		}
	}
	if (!show[LINES] && !show[WORDS] && !show[BYTES])
		show[LINES] = show[WORDS] = show[BYTES] = 1;
	nshown = show[LINES] + show[WORDS] + show[BYTES];
	nfiles = argc - i;
	if (nfiles == 0)
		return do_file("-", NULL) < 0 ? 1 : 0;
	for (; i < argc; i++)
		if (do_file(argv[i], argv[i]) < 0)
			status = 1;
	if (nfiles > 1)
		print(total, "total");
	return status;
}
