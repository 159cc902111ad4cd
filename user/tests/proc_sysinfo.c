/*
 * proc_sysinfo: sysinfo(2), checked the same way on Linux and Mica
 * against /proc/meminfo, /proc/uptime and the process count.
 *
 *   result    0; totalram * mem_unit is MemTotal; freeram * mem_unit is
 *             within 4 MiB of MemFree (read around the call); uptime is
 *             /proc/uptime's seconds rounded up, give or take one; loads
 *             fit their fixed-point range; procs counts this process and
 *             a child it made (at least 2); swap is none or within total
 *   errors    EFAULT for NULL, a kernel address, an unmapped page
 */
#include "tap.h"

#include <sys/mman.h>
#include <sys/sysinfo.h>

/* The value of "name:" in /proc/meminfo in kB, or -1. */
static long meminfo(const char *name)
{
	char buf[4096], *p;
	int fd = open("/proc/meminfo", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, name);
	return p ? strtol(p + strlen(name) + 1, NULL, 10) : -1;
}

int main(void)
{
	struct sysinfo si;

	plan(10);
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	long before = meminfo("MemFree");
	is(sys1(SYS_sysinfo, &si), 0, "sysinfo returns 0");
	long after = meminfo("MemFree");
	unsigned long long unit = si.mem_unit;
	ok(unit >= 1 && si.totalram * unit == (unsigned long long)meminfo("MemTotal") * 1024,
	   "totalram * mem_unit is MemTotal");
	long long freekb = (long long)(si.freeram * unit / 1024);
	ok(freekb >= (before < after ? before : after) - 4096 &&
		   freekb <= (before > after ? before : after) + 4096,
	   "freeram * mem_unit is MemFree");
	ok(si.freeram <= si.totalram && si.sharedram <= si.totalram && si.bufferram <= si.totalram,
	   "free, shared and buffer memory fit in the total");
	ok(si.freeswap <= si.totalswap, "free swap fits in the swap");
	char up[64] = { 0 };
	int fd = open("/proc/uptime", O_RDONLY);
	read(fd, up, sizeof(up) - 1);
	close(fd);
	long secs = (long)(atof(up) + 0.999);
	ok((long)si.uptime >= secs - 1 && (long)si.uptime <= secs + 1, "uptime agrees with /proc/uptime");
	ok(si.procs >= 2, "procs counts this process and its child");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	is_err(sys1(SYS_sysinfo, NULL), EFAULT, "sysinfo(NULL)");
	is_err(sys1(SYS_sysinfo, 0xc0000000), EFAULT, "sysinfo into kernel memory");
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m, 4096);
	is_err(sys1(SYS_sysinfo, m), EFAULT, "sysinfo into an unmapped page");
	return done();
}
