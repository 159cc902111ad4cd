/*
 * proc_pid_maps: /proc/self/maps, checked the same way on Linux and Mica.
 *
 *   format    every line is "start-end perms offset major:minor inode"
 *             with Linux's widths (8 hex digits, 4 permission letters,
 *             8 hex digits, 2:2 hex), then, for a named mapping, the
 *             name starting at column 73; lines in address order, none
 *             overlapping
 *   names     the program's own segments carry the path readlink of
 *             /proc/self/exe gives and its inode, one of them r-xp; the
 *             stack is [stack]; after a brk the heap is [heap]
 *   mappings  an mmap the test makes shows with its permissions
 *             (rw-p, r--p after mprotect, rw-s for MAP_SHARED) and
 *             offset 0, inode 0, no name; munmap of its middle page
 *             splits it; munmap of all of it removes it; a MAP_SHARED
 *             one is rw-s; a file mapping shows the file's offset,
 *             device, inode and path
 */
#include "tap.h"

#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>

static char text[65536];

/* Reads /proc/self/maps into text. Returns its length. */
static long maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	long n = 0, r;
	while (fd >= 0 && n < (long)sizeof(text) - 1 &&
	       (r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	return n;
}

/* The line of text for the mapping starting at addr, into line; 1 if found. */
static int line_at(unsigned long addr, char *line, size_t size)
{
	char key[16];
	snprintf(key, sizeof(key), "%08lx-", addr);
	for (char *l = text; *l; l = strchr(l, '\n') + 1) {
		if (!strncmp(l, key, 9)) {
			snprintf(line, size, "%.*s", (int)strcspn(l, "\n"), l);
			return 1;
		}
		if (!strchr(l, '\n'))
			break;
	}
	return 0;
}

int main(void)
{
	char line[PATH_MAX + 128], exe[PATH_MAX], want[128];
	struct stat st;

	plan(16);
	ok(maps() > 0, "/proc/self/maps reads");
	int lines = 0, good = 0, sorted = 1, stack = 0, exe_lines = 0, exe_x = 0, named_col = 1;
	unsigned long last_end = 0;
	long n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	stat("/proc/self/exe", &st);
	for (char *l = text; *l;) {
		char *e = strchr(l, '\n');
		if (!e)
			break;
		*e = '\0';
		unsigned long s, end, off, ino;
		unsigned maj, min;
		char perms[8];
		int pos = 0;
		lines++;
		if (sscanf(l, "%lx-%lx %4s %lx %x:%x %lu %n", &s, &end, perms, &off, &maj, &min, &ino,
			   &pos) >= 7 &&
		    l[8] == '-' && l[17] == ' ' && l[22] == ' ' && l[31] == ' ' && l[34] == ':')
			good++;
		sorted &= s >= last_end && end > s;
		last_end = end;
		const char *name = pos ? l + pos : "";
		if (*name && (name - l) != 73)
			named_col = 0;
		stack += !strcmp(name, "[stack]");
		if (!strcmp(name, exe) && ino == (unsigned long)st.st_ino) {
			exe_lines++;
			exe_x += !strcmp(perms, "r-xp");
		}
		*e = '\n';
		l = e + 1;
	}
	ok(lines > 3 && good == lines, "every line has Linux's fields and widths");
	ok(sorted, "in address order, none overlapping");
	ok(named_col, "names start at column 73");
	ok(stack == 1, "one [stack]");
	ok(exe_lines >= 1, "the program's segments carry its path and inode");
	ok(exe_x == 1, "one of them is r-xp");

	long brk0 = sys1(SYS_brk, 0); /* raw: musl's brk() refuses to */
	sys1(SYS_brk, brk0 + 3 * 4096);
	maps();
	ok(strstr(text, "[heap]") != NULL, "after brk there is a [heap]");
	sys1(SYS_brk, brk0);

	/* guard pages of another protection on both sides: Linux would merge
	 * the mapping with a neighbour of the same kind */
	char *r = mmap(NULL, 5 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *m = mmap(r + 4096, 3 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	maps();
	snprintf(want, sizeof(want), "%08lx-%08lx rw-p 00000000 00:00 0 ", (unsigned long)m,
		 (unsigned long)m + 3 * 4096);
	ok(line_at((unsigned long)m, line, sizeof(line)) && !strcmp(line, want),
	   "an anonymous mmap is rw-p, offset 0, 00:00, inode 0, no name");
	mprotect(m, 4096, PROT_READ);
	maps();
	snprintf(want, sizeof(want), "%08lx-%08lx r--p 00000000 00:00 0 ", (unsigned long)m,
		 (unsigned long)m + 4096);
	ok(line_at((unsigned long)m, line, sizeof(line)) && !strcmp(line, want),
	   "mprotect of its first page makes that page r--p");
	munmap(m + 4096, 4096);
	maps();
	snprintf(want, sizeof(want), "%08lx-%08lx rw-p 00000000 00:00 0 ",
		 (unsigned long)m + 2 * 4096, (unsigned long)m + 3 * 4096);
	ok(line_at((unsigned long)m + 2 * 4096, line, sizeof(line)) && !strcmp(line, want),
	   "munmap of the middle page leaves the last one on its own");
	ok(!line_at((unsigned long)m + 4096, line, sizeof(line)), "and no line for the hole");
	munmap(r, 5 * 4096);
	maps();
	ok(!line_at((unsigned long)m, line, sizeof(line)) &&
		   !line_at((unsigned long)m + 2 * 4096, line, sizeof(line)),
	   "munmap of all of it removes its lines");

	char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	maps();
	ok(line_at((unsigned long)s, line, sizeof(line)) && !strncmp(line + 18, "rw-s", 4),
	   "a MAP_SHARED mapping is rw-s");
	munmap(s, 4096);

	char file[64];
	snprintf(file, sizeof(file), "/tmp/proc_pid_maps.%d", getpid());
	int ff = open(file, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(ff, 2 * 4096);
	char *fm = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, ff, 4096);
	fstat(ff, &st);
	maps();
	snprintf(want, sizeof(want), "r--p 00001000 %02x:%02x %lu ", (unsigned)(st.st_dev >> 8) & 0xfff,
		 (unsigned)(st.st_dev & 0xff), (unsigned long)st.st_ino);
	ok(fm != MAP_FAILED && line_at((unsigned long)fm, line, sizeof(line)) &&
		   !strncmp(line + 18, want, strlen(want)) && strlen(line) > 73 &&
		   !strcmp(line + 73, file),
	   "a file mapping shows its offset, device, inode and path");
	munmap(fm, 4096);
	close(ff);
	unlink(file);

	int fd = open("/proc/self/maps", O_RDONLY);
	is_err(sys3(SYS_read, fd, NULL, 64), EFAULT, "a read of maps into NULL");
	close(fd);
	return done();
}
