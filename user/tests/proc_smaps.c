/*
 * proc_smaps: /proc/self/smaps and smaps_rollup account for what is in
 * memory, per VMA, in Linux's fields: Size, Rss, Pss and the shared and
 * private split of an anonymous mapping partly touched, then shared with
 * a forked child, then private again when the child is gone; Locked
 * after mlock; a shared file mapping's pages are not Anonymous, a private
 * one's written page is; VmFlags names the permissions. Figures are
 * compared with what the test did, so Linux and Mica print the same.
 */
#include "raw.h"

#include <signal.h>
#include <unistd.h>

#define SMAPS_MAX (256 * 1024)

static char text[SMAPS_MAX];

/* Read a whole /proc file into text: its length, or -1. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n;

	if (fd < 0)
		return -1;
	while (len < SMAPS_MAX - 1 && (n = read(fd, text + len, SMAPS_MAX - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = '\0';
	return len;
}

/* The entry of the VMA that starts at addr in smaps: its text (up to
 * the next VMA's line), or NULL. */
static char *entry(void *addr)
{
	static char one[4096];
	char want[32];

	if (slurp("/proc/self/smaps") <= 0)
		return NULL;
	snprintf(want, sizeof(want), "%08lx-", (unsigned long)addr);
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		if (!strncmp(line, want, strlen(want))) {
			char *end = nl ? nl + 1 : line + strlen(line);
			/* the entry runs to VmFlags' line, the last of it */
			char *vf = strstr(end, "VmFlags:");
			char *stop = vf ? strchr(vf, '\n') : NULL;
			size_t n = (stop ? stop + 1 : end) - line;
			n = n < sizeof(one) - 1 ? n : sizeof(one) - 1;
			memcpy(one, line, n);
			one[n] = '\0';
			return one;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return NULL;
}

/* Field name's value in kB in e (-1 when it is not there). */
static long field(const char *e, const char *name)
{
	char want[40];
	long v;

	if (!e)
		return -1;
	snprintf(want, sizeof(want), "\n%s:", name);
	const char *p = strstr(e, want);
	return p && sscanf(p + strlen(want), " %ld", &v) == 1 ? v : -1;
}

/* Does e's VmFlags line have the code? */
static int vmflag(const char *e, const char *code)
{
	char want[8];
	const char *p = e ? strstr(e, "VmFlags:") : NULL;

	snprintf(want, sizeof(want), " %s", code);
	for (; p && (p = strstr(p, want)); p += strlen(want))
		if (p[strlen(want)] == ' ' || p[strlen(want)] == '\n')
			return 1;
	return 0;
}

/* An anonymous mapping: partly touched, shared with a child, locked. */
static void anon(void)
{
	char *a = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(a != MAP_FAILED, "mmap 8 anonymous pages");
	for (int i = 0; i < 3; i++)
		a[i * PAGE] = 1;
	char *e = entry(a);
	ok(e != NULL, "smaps has an entry for the mapping");
	is(field(e, "Size"), 32, "Size: 32 kB");
	is(field(e, "KernelPageSize"), 4, "KernelPageSize: 4 kB");
	is(field(e, "MMUPageSize"), 4, "MMUPageSize: 4 kB");
	is(field(e, "Rss"), 12, "Rss: the 3 pages written");
	is(field(e, "Pss"), 12, "Pss: all of them, nobody shares them");
	is(field(e, "Anonymous"), 12, "Anonymous: 12 kB");
	is(field(e, "Private_Dirty"), 12, "Private_Dirty: 12 kB");
	is(field(e, "Shared_Clean") + field(e, "Shared_Dirty"), 0, "nothing shared");
	is(field(e, "Swap"), 0, "Swap: 0");
	is(field(e, "Locked"), 0, "Locked: 0");
	ok(vmflag(e, "rd") && vmflag(e, "wr") && !vmflag(e, "ex") && !vmflag(e, "sh"),
	   "VmFlags: rd wr, no ex, no sh");
	ok(vmflag(e, "mr") && vmflag(e, "mw") && vmflag(e, "me") && vmflag(e, "ac"),
	   "VmFlags: mr mw me ac");

	int go[2], back[2];
	pipe(go);
	pipe(back);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		write(back[1], "r", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	char c = 0;
	read(back[0], &c, 1);
	e = entry(a);
	is(field(e, "Rss"), 12, "after fork: Rss still 12 kB");
	is(field(e, "Shared_Dirty"), 12, "after fork: the pages are Shared_Dirty");
	is(field(e, "Private_Dirty") + field(e, "Private_Clean"), 0, "and none private");
	is(field(e, "Pss"), 6, "Pss: half of each page");
	write(go[1], "x", 1);
	waitpid(pid, NULL, 0);
	e = entry(a);
	is(field(e, "Private_Dirty"), 12, "the child gone: Private_Dirty again");
	is(field(e, "Pss"), 12, "and Pss whole");

	is(mlock(a, 8 * PAGE), 0, "mlock the mapping");
	e = entry(a);
	is(field(e, "Rss"), 32, "mlock faulted every page in: Rss 32 kB");
	is(field(e, "Locked"), 32, "Locked: 32 kB");
	ok(vmflag(e, "lo"), "VmFlags: lo");
	munlock(a, 8 * PAGE);
	e = entry(a);
	is(field(e, "Locked"), 0, "munlock: Locked 0");
	munmap(a, 8 * PAGE);
	ok(entry(a) == NULL, "munmap: the entry is gone");
}

/* File mappings of a tmpfs file: shared pages are the file's, a private
 * copy made by a store is Anonymous. */
static void file(void)
{
	char name[] = "/tmp/proc_smaps.XXXXXX";
	int fd = mkstemp(name);
	char page[PAGE];
	memset(page, 'f', sizeof(page));
	ok(fd >= 0 && write(fd, page, PAGE) == PAGE && write(fd, page, PAGE) == PAGE,
	   "a 2-page file");
	volatile char *s = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	ok(s != MAP_FAILED && p != MAP_FAILED, "mapped MAP_SHARED and MAP_PRIVATE");
	(void)s[0];
	(void)s[PAGE];
	char *e = entry((void *)s);
	is(field(e, "Rss"), 8, "shared mapping read: Rss 8 kB");
	is(field(e, "Anonymous"), 0, "its pages are the file's, not Anonymous");
	ok(vmflag(e, "sh") && vmflag(e, "ms") && vmflag(e, "rd") && !vmflag(e, "wr"),
	   "VmFlags: rd sh ms, no wr");
	p[0] = 'x';
	(void)*(volatile char *)(p + PAGE);
	e = entry(p);
	is(field(e, "Rss"), 8, "private mapping, one page written, one read: Rss 8 kB");
	is(field(e, "Anonymous"), 4, "the written page is an Anonymous copy");
	munmap((void *)s, 2 * PAGE);
	munmap(p, 2 * PAGE);
	close(fd);
	unlink(name);
}

/* smaps_rollup: one [rollup] line and the sums. */
static void rollup(void)
{
	char *a = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(a, 1, 4 * PAGE);
	ok(slurp("/proc/self/smaps_rollup") > 0, "smaps_rollup reads");
	char *nl = strchr(text, '\n');
	ok(nl && nl - text > 8 && !strncmp(nl - 8, "[rollup]", 8), "its first line ends in [rollup]");
	char e[4096];
	snprintf(e, sizeof(e), "\n%s", nl ? nl + 1 : "");
	ok(field(e, "Rss") >= 16, "its Rss counts at least the 4 pages just written");
	ok(field(e, "Anonymous") >= 16, "and so does its Anonymous");
	ok(field(e, "Size") == -1 && strstr(e, "VmFlags") == NULL, "no Size and no VmFlags in it");
	munmap(a, 4 * PAGE);
}

/* The files of a process that is gone, or never was. */
static void errors(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	int fd = open(path, O_RDONLY);
	ok(fd >= 0, "open a child's smaps");
	waitpid(pid, NULL, 0);
	char buf[64];
	is_err(RSYS(SYS_read, fd, buf, sizeof(buf)), ESRCH, "read after it was reaped: ESRCH");
	close(fd);
	is_err(RSYS(SYS_open, path, O_RDONLY, 0), ENOENT, "open after it was reaped: ENOENT");
}

int main(void)
{
	plan(26 + 7 + 5 + 3);
	anon();
	file();
	rollup();
	errors();
	return done();
}
