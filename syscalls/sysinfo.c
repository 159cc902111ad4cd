/*
 * sysinfo(2): the figures /proc/meminfo, /proc/uptime and /proc/loadavg
 * show, in Linux's i386 struct sysinfo. As Linux, sizes are in bytes with
 * mem_unit 1 whenever RAM and swap together fit in 32 bits, else in
 * pages. totalhigh/freehigh are the high zone's (HighTotal/HighFree, part
 * of totalram/freeram, as Linux's). Mica keeps no load averages (0), has
 * no swap and nothing shared or in buffers; uptime is rounded up to a
 * whole second, as Linux's.
 */
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/procfs.h>
#include <kernel/syscalls.h>
#include <asm/arch.h>
#include <asm/uaccess.h>

struct sysinfo32 {
	int32_t uptime;
	uint32_t loads[3];
	uint32_t totalram, freeram, sharedram, bufferram;
	uint32_t totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t totalhigh, freehigh;
	uint32_t mem_unit;
	char reserved[8];
};

/* sysinfo(2): fill *uinfo. Returns 0 or -EFAULT. */
long sys_sysinfo(void __user *uinfo)
{
	struct sysinfo32 si = { 0 };
	uint64_t j = jiffies;
	int running;
	uint64_t total = nr_total_pages(), free = nr_free_pages();
	uint64_t high = totalhigh_pages(), high_free = nr_free_highpages();

	si.uptime = (int32_t)(j / HZ + (j % HZ ? 1 : 0));
	si.procs = (uint16_t)count_procs(&running);
	si.mem_unit = PAGE_SIZE;
	si.totalram = (uint32_t)total;
	si.freeram = (uint32_t)free;
	si.totalhigh = (uint32_t)high;
	si.freehigh = (uint32_t)high_free;
	if (total * PAGE_SIZE <= 0xffffffffull) { /* as Linux: bytes if they fit */
		si.mem_unit = 1;
		si.totalram = (uint32_t)(total * PAGE_SIZE);
		si.freeram = (uint32_t)(free * PAGE_SIZE);
		si.totalhigh = (uint32_t)(high * PAGE_SIZE);
		si.freehigh = (uint32_t)(high_free * PAGE_SIZE);
	}
	if (copy_to_user((void __user *)uinfo, &si, sizeof(si)))
		return -EFAULT;
	return 0;
}
