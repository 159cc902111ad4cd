/*
 * proc_highmem: the high-memory figures of /proc/meminfo and sysinfo(2),
 * which a kernel with high memory support (Linux's CONFIG_HIGHMEM, Mica)
 * has and others (an x86-64 Linux) lack: there the meminfo checks are
 * "# SKIP no HighTotal", and sysinfo's totalhigh and freehigh must be 0.
 *
 *   meminfo   HighTotal, HighFree, LowTotal, LowFree right after Mlocked
 *             and before SwapTotal, as Linux prints them; HighTotal +
 *             LowTotal = MemTotal, HighFree + LowFree within 4 MiB of
 *             MemFree (read around it), free within total; HighTotal is
 *             the size the boot log's "NNNMB HIGHMEM available." gave
 *             (less at most 4 MiB of reserved pages), LowTotal within the
 *             "NNNMB LOWMEM available." one (tests/run.py boots it with
 *             highmem=32M too)
 *   sysinfo   totalhigh * mem_unit is HighTotal, freehigh * mem_unit is
 *             HighFree within 4 MiB (both 0 without them), freehigh fits
 *             in totalhigh and totalhigh in totalram
 *   errors    EFAULT for a sysinfo buffer that ends in an unmapped page
 */
#include "tap.h"

#include <sys/mman.h>
#include <sys/sysinfo.h>

static char text[8192];

/* Reads /proc/meminfo into text. Returns its length, or -1. */
static long read_meminfo(void)
{
	int fd = open("/proc/meminfo", O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	return n;
}

/* The value of meminfo field name ("Name:" at a line start) in kB, or -1. */
static long field(const char *name)
{
	size_t len = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ':')
			return strtol(p + len + 1, NULL, 10);
	return -1;
}

/* The line number of field name, or -1. */
static int line_of(const char *name)
{
	size_t len = strlen(name);
	int line = 0;

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL, line++)
		if (!strncmp(p, name, len) && p[len] == ':')
			return line;
	return -1;
}

#define NR_syslog 103
#define SYSLOG_READ_ALL 3
static char klog[1 << 18];

/* The NNN of the kernel log's "NNNMB <zone> available." boot line (zone
 * HIGHMEM or LOWMEM, as Linux prints them), or -1 if there is none. */
static long boot_log_mb(const char *zone)
{
	char needle[32];
	long n = sys3(NR_syslog, SYSLOG_READ_ALL, klog, sizeof(klog) - 1);

	if (n <= 0)
		return -1;
	klog[n] = '\0';
	snprintf(needle, sizeof(needle), "MB %s available.", zone);
	char *p = strstr(klog, needle);
	if (!p)
		return -1;
	while (p > klog && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return strtol(p, NULL, 10);
}

int main(void)
{
	struct sysinfo si;

	plan(11);
	long free_before = (read_meminfo(), field("MemFree"));
	long n = read_meminfo();
	long free_after = (read_meminfo(), field("MemFree"));
	ok(n > 0, "/proc/meminfo reads");
	long ht = field("HighTotal"), hf = field("HighFree");
	long lt = field("LowTotal"), lf = field("LowFree");
	long total = field("MemTotal");
	int have = ht >= 0;

	static const char *const names[] = {
		"HighTotal, HighFree, LowTotal, LowFree follow Mlocked, before SwapTotal",
		"HighTotal + LowTotal is MemTotal",
		"HighFree + LowFree is MemFree",
		"each zone's free memory fits in its total",
		"HighTotal and LowTotal fit the boot log's HIGHMEM and LOWMEM sizes",
	};
	int ml = line_of("Mlocked");
	long lo = free_before < free_after ? free_before : free_after;
	long hi = free_before > free_after ? free_before : free_after;
	long high_mb = boot_log_mb("HIGHMEM"), low_mb = boot_log_mb("LOWMEM");
	int pass[] = {
		ml >= 0 && line_of("HighTotal") == ml + 1 && line_of("HighFree") == ml + 2 &&
			line_of("LowTotal") == ml + 3 && line_of("LowFree") == ml + 4 &&
			line_of("SwapTotal") > ml + 4,
		ht + lt == total,
		hf + lf >= lo - 4096 && hf + lf <= hi + 4096,
		hf >= 0 && lf >= 0 && hf <= ht && lf <= lt,
		high_mb >= 0 && low_mb >= 0 && ht <= (high_mb + 1) * 1024 &&
			ht >= high_mb * 1024 - 4096 && lt <= (low_mb + 1) * 1024,
	};
	for (int i = 0; i < 5; i++) {
		if (!have)
			skip_why("no HighTotal: a kernel without high memory", "%s", names[i]);
		else
			ok(pass[i], "%s", names[i]);
	}
	is(sys1(SYS_sysinfo, &si), 0, "sysinfo returns 0");
	unsigned long long unit = si.mem_unit;
	ok((unsigned long long)si.totalhigh * unit == (unsigned long long)(have ? ht : 0) * 1024,
	   "totalhigh * mem_unit is HighTotal (0 without one)");
	ok(si.freehigh <= si.totalhigh && si.totalhigh <= si.totalram,
	   "freehigh fits in totalhigh, totalhigh in totalram");
	long long fh = (long long)((unsigned long long)si.freehigh * unit / 1024);
	ok(have ? fh >= hf - 4096 && fh <= hf + 4096 : fh == 0,
	   "freehigh * mem_unit is HighFree (0 without one)");
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + 4096, 4096);
	is_err(sys1(SYS_sysinfo, m + 4096 - 20), EFAULT,
	       "sysinfo into a buffer that runs into an unmapped page");
	return done();
}
