/*
 * The leak check of "init --exec" (tools/run-elf): the kernel's memory
 * must come back to where it was once the program and every orphan of it
 * are gone.
 *
 * leak_check_begin(), just before init forks the program, records
 * MemFree (/proc/meminfo), the active objects of each kmalloc size class
 * (/proc/slabinfo) and the name of every file in the ramfs (/proc aside:
 * the kernel makes its nodes up as they are read, and no program can
 * create anything there).
 * leak_check_end(), after the program has been reaped, reaps every
 * remaining child (killing those still running ORPHAN_GRACE_MS later),
 * removes every file and directory the program created
 * (files are the program's, not the kernel's: a test may leave one on
 * purpose), and counts again. It writes one line to the kernel log through
 * /dev/kmsg:
 *
 *   init: leak check: ok
 *   init: leak: kmalloc-256 +3 objects, kmalloc-large +1 objects, 5 pages
 *
 * followed, after a leak and with slub_debug, by the kmalloc objects whose
 * allocating process is gone and their allocation sites
 * (/proc/kmalloc_orphans), and, before it all, "init: leak check: removed
 * N files the program left: /tmp/a ..." when there were any. tests/run.py fails a program's test on
 * a "init: leak:" line or a missing "init: leak check: ok".
 *
 * The check must not move the counts itself: it uses no malloc, only
 * static buffers, and a full dry run before the first count touches every
 * page of code, data and stack it will use later.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "leakcheck.h"

#define MAX_CLASSES 24
#define MAX_FILES 1024
#define MAX_DEPTH 16
#define NAMES_BYTES 65536
#define DIRBUF 4096
#define MAX_SWEEPS 64	      /* each may move MAX_DEPTH levels of a deep tree up */
#define POLL_MS 10	      /* how often to look for exited orphans */
#define ORPHAN_GRACE_MS 10000 /* and for how long before killing them */

struct counts {
	long free_kb; /* MemFree */
	int nclasses;
	char name[MAX_CLASSES][24]; /* "kmalloc-64" */
	long active[MAX_CLASSES];   /* its active objects */
};

static struct counts before, after;
static char names[NAMES_BYTES]; /* the ramfs's paths, NUL-separated */
static int nnames;
static size_t names_len;
static char path[4096];			/* the walk's current path */
static char dirbufs[MAX_DEPTH][DIRBUF]; /* getdents64 buffers, one a level */
static char text[8192];			/* a /proc file */
static char line[512];			/* the report */
static char removed_list[256];
static int nremoved;
static int nmoved, sweep_again; /* deep directories moved up for another sweep */

/* Reads the whole of file into text. Returns its length, or -1. */
static int read_text(const char *file)
{
	int fd = open(file, O_RDONLY);
	int len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (len < (int)sizeof(text) - 1 &&
	       (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = '\0';
	return len;
}

/* Fills *c from /proc/meminfo and /proc/slabinfo. Returns 0, or -1 if
 * either cannot be read. */
static int take_counts(struct counts *c)
{
	memset(c, 0, sizeof(*c));
	if (read_text("/proc/meminfo") < 0)
		return -1;
	char *p = strstr(text, "MemFree:");
	if (!p || sscanf(p + 8, "%ld", &c->free_kb) != 1)
		return -1;
	if (read_text("/proc/slabinfo") < 0)
		return -1;
	for (p = text; *p && c->nclasses < MAX_CLASSES;
	     p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		if (*p == '#' || !strncmp(p, "slabinfo", 8))
			continue;
		if (sscanf(p, "%23s %ld", c->name[c->nclasses], &c->active[c->nclasses]) == 2)
			c->nclasses++;
	}
	return 0;
}

/* Was path among the files before the program ran? */
static int known(const char *p)
{
	const char *n = names;

	for (int i = 0; i < nnames; i++, n += strlen(n) + 1)
		if (!strcmp(n, p))
			return 1;
	return 0;
}

/* Remembers path as one of the files before the run. */
static void remember(const char *p)
{
	size_t n = strlen(p) + 1;

	if (nnames < MAX_FILES && names_len + n <= sizeof(names)) {
		memcpy(names + names_len, p, n);
		names_len += n;
		nnames++;
	}
}

/* Removes path and, if it is a directory, everything below it. */
static void remove_tree(int depth);

/* Calls fn on each entry of the directory at path (path is extended by
 * "/name" for the call and restored after). */
static void for_each_entry(int depth, void (*fn)(int depth))
{
	size_t base = strlen(path);
	int fd;

	if (depth >= MAX_DEPTH || (fd = open(path[0] ? path : "/", O_RDONLY | O_DIRECTORY)) < 0)
		return;
	char *buf = dirbufs[depth];
	long n;
	while ((n = syscall(SYS_getdents64, fd, buf, DIRBUF)) > 0) {
		for (long off = 0; off < n;) {
			struct dirent *d = (struct dirent *)(buf + off);
			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			/* /proc is the kernel's, made up as it is read */
			if (base == 0 && !strcmp(d->d_name, "proc"))
				continue;
			if (base + 1 + strlen(d->d_name) >= sizeof(path))
				continue;
			path[base] = '/';
			strcpy(path + base + 1, d->d_name);
			fn(depth + 1);
			path[base] = '\0';
		}
	}
	close(fd);
}

/* Is path a directory (not following a symlink)? */
static int is_dir(void)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Removes path and, if it is a directory, everything below it. */
static void remove_tree(int depth)
{
	if (depth >= MAX_DEPTH - 1 && is_dir()) {
		/* too deep for our buffers: move it to the top, sweep again */
		static char moved[32];
		snprintf(moved, sizeof(moved), "/.leakcheck.%d", nmoved++);
		if (rename(path, moved) == 0)
			sweep_again = 1;
		return;
	}
	if (is_dir()) {
		/* removing while reading would skip entries: read again until empty */
		for (int pass = 0; pass < 8; pass++)
			for_each_entry(depth, remove_tree);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Walk step before the run: remember every path. */
static void record_one(int depth)
{
	remember(path);
	if (is_dir())
		for_each_entry(depth, record_one);
}

/* Walk step after the run: remove what is new, look inside what is not. */
static void sweep_one(int depth)
{
	if (!known(path)) {
		size_t used = strlen(removed_list);
		if (used + strlen(path) + 2 < sizeof(removed_list))
			snprintf(removed_list + used, sizeof(removed_list) - used, " %s", path);
		nremoved++;
		remove_tree(depth);
		return;
	}
	if (is_dir())
		for_each_entry(depth, sweep_one);
}

/* The report line comparing a with b, into line. Returns 1 if they differ. */
static int compare(const struct counts *a, const struct counts *b)
{
	int n = snprintf(line, sizeof(line), "init: leak:");
	int differ = 0;

	for (int i = 0; i < b->nclasses; i++) {
		long was = 0;
		for (int k = 0; k < a->nclasses; k++)
			if (!strcmp(a->name[k], b->name[i]))
				was = a->active[k];
		if (b->active[i] != was && n < (int)sizeof(line)) {
			n += snprintf(line + n, sizeof(line) - n, "%s %s %+ld objects",
				      differ ? "," : "", b->name[i], b->active[i] - was);
			differ = 1;
		}
	}
	if (b->free_kb != a->free_kb && n < (int)sizeof(line)) {
		long pages = (a->free_kb - b->free_kb) / 4;
		n += snprintf(line + n, sizeof(line) - n, "%s %ld pages", differ ? "," : "", pages);
		differ = 1;
	}
	return differ;
}

/* Writes s and a newline to the kernel log. */
static void klog(const char *s)
{
	int fd = open("/dev/kmsg", O_WRONLY);
	char buf[sizeof(line) + 320];

	if (fd < 0)
		return;
	int n = snprintf(buf, sizeof(buf), "%s\n", s);
	write(fd, buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1);
	close(fd);
}

/* Reaps every child. Orphans still running ORPHAN_GRACE_MS after the
 * program are killed (SIGKILL to every process but init), since the count
 * needs them gone. Returns 1 if it had to kill, 0 if all ended by
 * themselves. */
static int reap_all(void)
{
	struct timespec tick = {0, POLL_MS * 1000000L}, start, now;
	int killed = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		pid_t w = waitpid(-1, NULL, WNOHANG);
		if (w > 0)
			continue;
		if (w < 0 && errno != EINTR)
			return killed; /* ECHILD: all gone */
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms =
		    (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (ms >= ORPHAN_GRACE_MS && !killed) {
			kill(-1, SIGKILL);
			killed = 1;
		}
		nanosleep(&tick, NULL);
	}
}

/* After a leak: the kernel's list of objects whose allocating process is
 * gone, with their allocation sites (slub_debug), each line on the log as
 * "init: leak: ...". */
static void show_orphans(void)
{
	static char out[600];

	if (read_text("/proc/kmalloc_orphans") <= 0)
		return;
	for (char *l = text; *l;) {
		char *e = strchr(l, '\n');
		if (e)
			*e = '\0';
		snprintf(out, sizeof(out), "init: leak: %.580s", l);
		klog(out);
		l = e ? e + 1 : l + strlen(l);
	}
}

/* Touches 32 KiB of stack, more than any later call chain of the check
 * needs, so that no stack page first appears between the two counts. */
static void touch_stack(void)
{
	volatile char deep[32768];

	for (size_t i = 0; i < sizeof(deep); i += 512)
		deep[i] = 0;
}

/* Everything leak_check_end does, on the state as it is: run once before
 * the first count, so that every page it needs is already there. */
static void dry_run(void)
{
	static char scratch[sizeof(line) + 320];

	touch_stack();
	memset(dirbufs, 0, sizeof(dirbufs));
	memset(names, 0, sizeof(names));
	memset(&after, 0, sizeof(after));
	take_counts(&before);
	nnames = 0;
	names_len = 0;
	path[0] = '\0';
	for_each_entry(0, record_one);
	for_each_entry(0, sweep_one); /* finds nothing new */
	take_counts(&after);
	compare(&before, &after);
	snprintf(scratch, sizeof(scratch), "%s%s", line, removed_list);
	int fd = open("/dev/kmsg", O_WRONLY); /* the open and close, no line */
	if (fd >= 0)
		close(fd);
}

/* Record the counts and files before the run; see leakcheck.h. */
void leak_check_begin(void)
{
	dry_run();
	nnames = 0;
	names_len = 0;
	path[0] = '\0';
	for_each_entry(0, record_one);
	take_counts(&before);
}

/* Reap, sweep, count and report after the run; see leakcheck.h. */
void leak_check_end(void)
{
	if (reap_all()) {
		snprintf(line, sizeof(line),
			 "init: leak check: killed the processes still running"
			 " %d s after the program",
			 ORPHAN_GRACE_MS / 1000);
		klog(line);
	}
	removed_list[0] = '\0';
	nremoved = 0;
	path[0] = '\0';
	for (int round = 0; round == 0 || (sweep_again && round < MAX_SWEEPS); round++) {
		sweep_again = 0;
		for_each_entry(0, sweep_one);
	}
	if (take_counts(&after) < 0) {
		klog("init: leak check: cannot read /proc/meminfo or /proc/slabinfo");
		return;
	}
	if (nremoved) {
		snprintf(line, sizeof(line),
			 "init: leak check: removed %d files the program left:%s", nremoved,
			 removed_list);
		klog(line);
	}
	if (compare(&before, &after)) {
		klog(line);
		show_orphans();
	} else
		klog("init: leak check: ok");
}
