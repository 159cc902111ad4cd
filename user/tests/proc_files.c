/*
 * proc_files: the machine-wide text files of /proc (meminfo, uptime,
 * loadavg, cpuinfo, mounts, sys/kernel/pid_max), compared with Linux by
 * their structure, their fields and the relations between the values,
 * never by the values themselves, which depend on the machine.
 */
#include <stdio.h>
#include <time.h>
#include "tap.h"

static char buf[16384];

/* Reads all of path into buf in reads of chunk bytes; returns its length or -1. */
static long slurp(const char *path, size_t chunk)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -1;
	while (n < (long)sizeof(buf) - 1 &&
	       (r = read(fd, buf + n, chunk < sizeof(buf) - 1 - n ? chunk : sizeof(buf) - 1 - n)) >
		   0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return n;
}

/* The value of meminfo field name in text, or -1 when it is missing. */
static long field(const char *text, const char *name)
{
	char key[40];
	const char *p = text;
	size_t k = (size_t)snprintf(key, sizeof(key), "%s:", name);

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, k) == 0)
			return strtol(p + k, NULL, 10);
	return -1;
}

/* 1 iff every line of text is "Name:<spaces>N" or "Name:<spaces>N kB". */
static int meminfo_lines_ok(const char *text)
{
	const char *p = text;
	int lines = 0;

	while (*p) {
		const char *colon = strchr(p, ':'), *nl = strchr(p, '\n');
		char *end;
		if (!colon || !nl || colon > nl || colon == p)
			return 0;
		const char *v = colon + 1;
		if (*v != ' ')
			return 0;
		strtoul(v, &end, 10);
		if (end == v || (strncmp(end, " kB\n", 4) != 0 && *end != '\n'))
			return 0;
		p = nl + 1;
		lines++;
	}
	return lines > 0;
}

/* 1 iff a and b are the same once spaces are dropped and every run of
 * digits is taken as one digit (values may change between two reads). */
static int same_shape(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (!*a || !*b)
			break;
		int da = *a >= '0' && *a <= '9', db = *b >= '0' && *b <= '9';
		if (da != db || (!da && *a != *b))
			return 0;
		while (da && a[1] >= '0' && a[1] <= '9')
			a++;
		while (db && b[1] >= '0' && b[1] <= '9')
			b++;
		a++;
		b++;
	}
	return *a == *b;
}

/* The meminfo checks. */
static void meminfo(void)
{
	static char whole[16384];
	static const char *const need[] = {
	    "MemTotal",	    "MemFree",	    "MemAvailable", "Buffers",	       "Cached",
	    "SwapCached",   "Active",	    "Inactive",	    "SwapTotal",       "SwapFree",
	    "Zswap",	    "Zswapped",
	    "Dirty",	    "Writeback",    "AnonPages",    "Mapped",	       "Shmem",
	    "Slab",	    "SReclaimable", "SUnreclaim",   "KernelStack",     "PageTables",
	    "CommitLimit",  "Committed_AS", "VmallocTotal", "HugePages_Total", "HugePages_Free",
	    "Hugepagesize",
	};
	long n = slurp("/proc/meminfo", sizeof(buf));
	int missing = 0;

	ok(n > 0, "/proc/meminfo reads");
	memcpy(whole, buf, sizeof(whole));
	ok(meminfo_lines_ok(whole), "every line is \"Name: N\" or \"Name: N kB\"");
	ok(strncmp(whole, "MemTotal:", 9) == 0 && strstr(whole, "\nMemFree:") &&
	       strstr(whole, "\nMemFree:") < strstr(whole, "\nMemAvailable:") &&
	       strstr(whole, "\nMemAvailable:") < strstr(whole, "\nBuffers:") &&
	       strstr(whole, "\nBuffers:") < strstr(whole, "\nCached:"),
	   "MemTotal, MemFree, MemAvailable, Buffers, Cached come first, in order");
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (field(whole, need[i]) < 0) {
			diag("no %s", need[i]);
			missing++;
		}
	is(missing, 0, "Linux's fields are all there");
	long total = field(whole, "MemTotal"), free = field(whole, "MemFree");
	ok(total > 0 && free > 0 && free <= total, "0 < MemFree <= MemTotal");
	ok(field(whole, "MemAvailable") <= total, "MemAvailable <= MemTotal");
	ok(field(whole, "SwapFree") <= field(whole, "SwapTotal"), "SwapFree <= SwapTotal");
	is(field(whole, "Slab"), field(whole, "SReclaimable") + field(whole, "SUnreclaim"),
	   "Slab = SReclaimable + SUnreclaim");
	ok(field(whole, "KernelStack") > 0, "KernelStack is not 0");
	ok(field(whole, "HugePages_Free") <= field(whole, "HugePages_Total"),
	   "HugePages_Free <= HugePages_Total");
	n = slurp("/proc/meminfo", 7);
	ok(n > 0 && same_shape(buf, whole) && field(buf, "MemTotal") == total,
	   "reads of 7 bytes give the same lines and MemTotal");
}

/* Seconds since boot from /proc/uptime, or -1; *idle gets the second number. */
static double uptime(double *idle)
{
	double up = -1;
	char nl = 0;

	if (slurp("/proc/uptime", sizeof(buf)) <= 0 ||
	    sscanf(buf, "%lf %lf%c", &up, idle, &nl) != 3 || nl != '\n')
		return -1;
	return up;
}

/* The uptime, loadavg, cpuinfo, mounts and pid_max checks. */
static void others(void)
{
	double idle, up = uptime(&idle), up2;
	struct timespec ts = {0, 50 * 1000 * 1000};
	unsigned dot = 0;

	ok(up > 0 && idle >= 0, "/proc/uptime is two non-negative numbers and a newline");
	ok(strchr(buf, '.') && sscanf(strchr(buf, '.') + 1, "%u", &dot) == 1 &&
	       strchr(buf, ' ') - strchr(buf, '.') == 3,
	   "the uptime has two decimals");
	nanosleep(&ts, NULL);
	up2 = uptime(&idle);
	ok(up2 >= up + 0.04, "it grows by the 50 ms slept");

	double l1, l5, l15;
	int run, all, last;
	char nl = 0;
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	ok(slurp("/proc/loadavg", sizeof(buf)) > 0 &&
	       sscanf(buf, "%lf %lf %lf %d/%d %d%c", &l1, &l5, &l15, &run, &all, &last, &nl) == 7 &&
	       nl == '\n',
	   "/proc/loadavg: three averages, running/total and the last pid");
	ok(l1 >= 0 && l5 >= 0 && l15 >= 0, "the averages are not negative");
	ok(run >= 1 && run <= all, "1 <= running <= total (the reader runs)");
	ok(last >= child, "the last pid is at least the child just forked");

	ok(slurp("/proc/cpuinfo", sizeof(buf)) > 0 && strncmp(buf, "processor\t: 0\n", 14) == 0,
	   "/proc/cpuinfo starts with processor 0");
	ok(strstr(buf, "\nvendor_id\t: ") && strstr(buf, "\ncpu family\t: ") &&
	       strstr(buf, "\nmodel\t\t: ") && strstr(buf, "\nmodel name\t: ") &&
	       strstr(buf, "\nstepping\t: "),
	   "it has vendor_id, cpu family, model, model name and stepping");

	int lines = 0, bad = 0, root = 0;
	slurp("/proc/mounts", sizeof(buf));
	for (char *p = buf; *p;) {
		char dev[64], dir[256], type[64], opts[256];
		int a, b;
		char *nlp = strchr(p, '\n');
		if (!nlp)
			break;
		*nlp = '\0';
		bad += sscanf(p, "%63s %255s %63s %255s %d %d", dev, dir, type, opts, &a, &b) != 6;
		root += strcmp(dir, "/") == 0;
		lines++;
		p = nlp + 1;
	}
	ok(lines > 0 && bad == 0, "/proc/mounts: six fields a line");
	ok(root >= 1, "/ is mounted");

	long max = -1;
	ok(slurp("/proc/sys/kernel/pid_max", sizeof(buf)) > 0 &&
	       sscanf(buf, "%ld%c", &max, &nl) == 2 && nl == '\n',
	   "/proc/sys/kernel/pid_max is a number");
	ok(max >= 301 && max > getpid(), "pid_max > 300 and > this pid");
	ok(slurp("/proc/sys/kernel/tainted", sizeof(buf)) == 2 && !strcmp(buf, "0\n"),
	   "/proc/sys/kernel/tainted is 0");
}

/* Runs the checks; returns done(). */
int main(void)
{
	plan(25);
	meminfo();
	others();
	return done();
}
