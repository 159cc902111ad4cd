/*
 * The text files of /proc that describe the whole machine, made as ramfs
 * nodes at boot next to /proc/slabinfo (fs/devices.c) and formatted afresh
 * on every read, in Linux's formats:
 *   /proc/meminfo      every field of Linux's, from the page allocator,
 *                      kmalloc and the process table (see meminfo_read)
 *   /proc/uptime       seconds since boot and seconds idle, 1/100 s
 *   /proc/loadavg      three load averages, running/total, the last pid
 *   /proc/cpuinfo      the one CPU, from cpuid
 *   /proc/mounts       the root ramfs (Linux's "rootfs" line) and the mounts
 *   /proc/sys/kernel/pid_max (writable, as Linux's), /proc/sys/kernel/tainted (0),
 *   /proc/sys/kernel/cap_last_cap, /proc/sys/kernel/ngroups_max
 *   /proc/sys/kernel/hostname and domainname (fs/proc/uts.c)
 *   /proc/sys/debug/fail_usercopy/ (fs/proc/fault_inject.c)
 *   /proc/vmstat (fs/proc/vmstat.c)
 * A file is formatted into a buffer on the stack and the part the reader
 * asked for (from its offset on) is copied out by text_read.
 */
#include <kernel/splice.h>
#include <kernel/fs.h>
#include <kernel/procfs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/kstack.h>
#include <kernel/utsname.h>
#include <asm/arch.h>
#include <asm/x86.h>

#define KB_PER_PAGE (PAGE_SIZE / 1024)
#define SLAB_STATS 16 /* kmalloc's size classes and its large objects */

/* Appends one "Name:   value kB" line (Linux's widths) to buf at *len. */
static void meminfo_line(char *buf, int size, int *len, const char *name, uint32_t kb, bool unit)
{
	char label[24];

	snprintf(label, sizeof(label), "%s:", name);
	*len += snprintf(buf + *len, size - *len, "%-16s%8u%s\n", label, kb, unit ? " kB" : "");
}

/* Pages kmalloc holds, in slabs and in large objects. */
static uint32_t kmalloc_pages(void)
{
	struct kmalloc_class_stats st[SLAB_STATS];
	int n = kmalloc_stats(st, SLAB_STATS);
	uint32_t pages = 0;

	for (int i = 0; i < n; i++)
		pages += st[i].pages;
	return pages;
}

/* Processes that exist (any state but unused), with Linux's meaning of a
 * task; *running gets those running or runnable. */
int count_procs(int *running)
{
	int n = 0;

	*running = 0;
	for (int i = 0; i < NPROC; i++) {
		enum procstate s = proc_table[i].state;
		if (s == P_UNUSED)
			continue;
		n++;
		*running += s == P_RUNNING || s == P_RUNNABLE;
	}
	return n;
}

/*
 * /proc/meminfo. MemFree is the page allocator's count; nothing is
 * reclaimable (file data lives in the ramfs and there is no swap), so
 * MemAvailable equals MemFree, and the fields of features Mica lacks
 * (swap, huge pages, vmalloc, writeback) are 0. HighTotal/HighFree and
 * LowTotal/LowFree split MemTotal and MemFree by zone (high memory, low
 * memory), as a Linux CONFIG_HIGHMEM kernel's. Slab is kmalloc's pages,
 * KernelStack the kernel stacks of the existing processes. Returns bytes
 * read.
 */
static ssize_t meminfo_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	static const char *const zero[] = {
		"Dirty", "Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable",
	};
	static const char *const zero2[] = {
		"NFS_Unstable",
		"Bounce",
		"WritebackTmp",
	};
	static const char *const zero3[] = {
		"VmallocTotal",	  "VmallocUsed",   "VmallocChunk",
		"Percpu",	  "AnonHugePages", "ShmemHugePages",
		"ShmemPmdMapped", "FileHugePages", "FilePmdMapped",
	};
	static const char *const huge[] = {
		"HugePages_Total",
		"HugePages_Free",
		"HugePages_Rsvd",
		"HugePages_Surp",
	};
	char buf[2048];
	int len = 0, size = sizeof(buf), running;
	uint32_t total = nr_total_pages() * KB_PER_PAGE, free = nr_free_pages() * KB_PER_PAGE;
	uint32_t slab = kmalloc_pages() * KB_PER_PAGE;
	uint32_t kstacks = count_procs(&running) * (KSTACK_SIZE / 1024);

	meminfo_line(buf, size, &len, "MemTotal", total, true);
	meminfo_line(buf, size, &len, "MemFree", free, true);
	meminfo_line(buf, size, &len, "MemAvailable", free, true);
	meminfo_line(buf, size, &len, "Buffers", 0, true);
	meminfo_line(buf, size, &len, "Cached", 0, true);
	meminfo_line(buf, size, &len, "SwapCached", 0, true);
	meminfo_line(buf, size, &len, "Active", 0, true);
	meminfo_line(buf, size, &len, "Inactive", 0, true);
	meminfo_line(buf, size, &len, "Active(anon)", 0, true);
	meminfo_line(buf, size, &len, "Inactive(anon)", 0, true);
	meminfo_line(buf, size, &len, "Active(file)", 0, true);
	meminfo_line(buf, size, &len, "Inactive(file)", 0, true);
	meminfo_line(buf, size, &len, "Unevictable", 0, true);
	meminfo_line(buf, size, &len, "Mlocked", 0, true);
	/* CONFIG_HIGHMEM's four, where Linux has them (mm/pmm.c's zones) */
	uint32_t high_total = totalhigh_pages() * KB_PER_PAGE;
	uint32_t high_free = nr_free_highpages() * KB_PER_PAGE;
	meminfo_line(buf, size, &len, "HighTotal", high_total, true);
	meminfo_line(buf, size, &len, "HighFree", high_free, true);
	meminfo_line(buf, size, &len, "LowTotal", total - high_total, true);
	meminfo_line(buf, size, &len, "LowFree", free - high_free, true);
	meminfo_line(buf, size, &len, "SwapTotal", 0, true);
	meminfo_line(buf, size, &len, "SwapFree", 0, true);
	meminfo_line(buf, size, &len, "Zswap", 0, true); /* Linux 5.19 on */
	meminfo_line(buf, size, &len, "Zswapped", 0, true);
	for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
		meminfo_line(buf, size, &len, zero[i], 0, true);
	meminfo_line(buf, size, &len, "Slab", slab, true);
	meminfo_line(buf, size, &len, "SReclaimable", 0, true);
	meminfo_line(buf, size, &len, "SUnreclaim", slab, true);
	meminfo_line(buf, size, &len, "KernelStack", kstacks, true);
	meminfo_line(buf, size, &len, "PageTables", 0, true);
	for (size_t i = 0; i < ARRAY_SIZE(zero2); i++)
		meminfo_line(buf, size, &len, zero2[i], 0, true);
	meminfo_line(buf, size, &len, "CommitLimit", total, true);
	meminfo_line(buf, size, &len, "Committed_AS", total - free, true);
	for (size_t i = 0; i < ARRAY_SIZE(zero3); i++)
		meminfo_line(buf, size, &len, zero3[i], 0, true);
	for (size_t i = 0; i < ARRAY_SIZE(huge); i++)
		meminfo_line(buf, size, &len, huge[i], 0, false);
	meminfo_line(buf, size, &len, "Hugepagesize", 4096, true);
	meminfo_line(buf, size, &len, "Hugetlb", 0, true);
	meminfo_line(buf, size, &len, "DirectMap4k", total - high_total, true); /* low memory */
	return text_read(buf, len, to, pos);
}

/* /proc/uptime: "up idle\n" in seconds with two decimals. Mica keeps no
 * idle time, so idle is 0.00. Returns bytes read. */
static ssize_t uptime_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[64];
	uint64_t t = jiffies;
	uint32_t sec = (uint32_t)(t / HZ), frac = (uint32_t)(t % HZ) * 100 / HZ;
	int len = snprintf(buf, sizeof(buf), "%u.%02u 0.00\n", sec, frac);

	return text_read(buf, len, to, pos);
}

/* /proc/loadavg: Mica keeps no load averages (0.00 each); then running
 * and existing processes and the last pid given out. Returns bytes read. */
static ssize_t loadavg_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[64];
	int running, n = count_procs(&running);
	int len = snprintf(buf, sizeof(buf), "0.00 0.00 0.00 %d/%d %d\n", running, n, last_pid());

	return text_read(buf, len, to, pos);
}

/* /proc/cpuinfo: Linux's first fields for processor 0, from cpuid leaves
 * 0, 1 and (when there) 0x80000002-4 for the model name. Returns bytes read. */
static ssize_t cpuinfo_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[512], vendor[13], name[49];
	uint32_t max, a, b, c, d, r[12];
	int len;

	cpuid(0, &max, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	cpuid(1, &a, &b, &c, &d);
	uint32_t family = (a >> 8) & 0xf, model = (a >> 4) & 0xf;
	if (family == 0xf)
		family += (a >> 20) & 0xff;
	if (family >= 6)
		model |= ((a >> 16) & 0xf) << 4;
	strlcpy(name, "unknown", sizeof(name));
	cpuid(0x80000000u, &max, &b, &c, &d);
	if (max >= 0x80000004u) {
		for (int i = 0; i < 3; i++)
			cpuid(0x80000002u + i, &r[4 * i], &r[4 * i + 1], &r[4 * i + 2],
			      &r[4 * i + 3]);
		memcpy(name, r, 48);
		name[48] = '\0';
	}
	len = snprintf(buf, sizeof(buf),
		       "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
		       "model name\t: %s\nstepping\t: %u\nfpu\t\t: %s\n\n",
		       vendor, family, model, name, a & 0xf, (d & 1) ? "yes" : "no");
	return text_read(buf, len, to, pos);
}

/* /proc/mounts and /proc/self/mounts: the root ramfs and every mount
 * (fs/mount.c). Returns bytes read. */
static ssize_t mounts_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return mounts_text_read(to, pos);
}

/* /proc/PID/mountinfo: the mounts with their ids (fs/mount.c). Returns
 * bytes read. */
static ssize_t mountinfo_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return mountinfo_text_read(to, pos);
}

/* /proc/sys/kernel/pid_max. Returns bytes read. */
static ssize_t pid_max_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d\n", pid_max);

	return text_read(buf, len, to, pos);
}

#define SYSCTL_INT_MAX 32 /* bytes of one written number, at most */

/* Parse a written sysctl number as Linux's proc_dointvec: spaces, a
 * number in C's bases (0x..., 0...), optional trailing spaces. Returns
 * true with *v set, false for anything else (or more than fits a long). */
static bool parse_sysctl_long(const char *s, long *v)
{
	unsigned long n = 0;
	unsigned base = 10;
	bool neg = false, any = false;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '-') {
		neg = true;
		s++;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (;; s++, any = true) {
		unsigned d = *s >= '0' && *s <= '9'   ? (unsigned)(*s - '0')
			     : *s >= 'a' && *s <= 'f' ? (unsigned)(*s - 'a' + 10)
			     : *s >= 'A' && *s <= 'F' ? (unsigned)(*s - 'A' + 10)
						      : 99;
		if (d >= base)
			break;
		if (n > (0x7fffffffUL - d) / base)
			return false;
		n = n * base + d;
	}
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!any || *s)
		return false;
	*v = neg ? -(long)n : (long)n;
	return true;
}

/* Writing /proc/sys/kernel/pid_max: a number from RESERVED_PIDS + 1 to
 * PID_MAX_LIMIT, as Linux on i386. Returns the bytes taken (0 for none),
 * -EINVAL for anything else, -EFAULT. A write past offset 0 is ignored,
 * as Linux's strict sysctl writes. */
static ssize_t pid_max_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	char buf[SYSCTL_INT_MAX + 1];
	size_t n = iov_iter_count(from);
	long v;

	if (n == 0 || *pos > 0)
		return n;
	if (n > SYSCTL_INT_MAX)
		return -EINVAL;
	if (copy_from_iter(buf, n, from) < n)
		return -EFAULT;
	buf[n] = '\0';
	if (!parse_sysctl_long(buf, &v) || v <= RESERVED_PIDS || v > PID_MAX_LIMIT)
		return -EINVAL;
	pid_max = (int)v;
	*pos += n;
	return n;
}

/* /proc/sys/kernel/tainted: 0, nothing has tainted the kernel. Returns
 * bytes read. */
static ssize_t tainted_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	static const char text[] = "0\n";

	return text_read(text, sizeof(text) - 1, to, pos);
}

/* /proc/sys/kernel/cap_last_cap: the highest capability number. Returns
 * bytes read. */
static ssize_t cap_last_cap_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d\n", CAP_LAST_CAP);

	return text_read(buf, len, to, pos);
}

/* /proc/sys/kernel/ngroups_max: how many supplementary groups a process
 * may have. Returns bytes read. */
static ssize_t ngroups_max_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d\n", NGROUPS_MAX);

	return text_read(buf, len, to, pos);
}

#define PROC_TEXT_OPS(fn)                                                                          \
	{                                                                                          \
		.read_iter = fn, .llseek = generic_llseek, .splice_read = generic_file_splice_read \
	}

static const struct file_operations meminfo_ops = PROC_TEXT_OPS(meminfo_read);
static const struct file_operations uptime_ops = PROC_TEXT_OPS(uptime_read);
static const struct file_operations loadavg_ops = PROC_TEXT_OPS(loadavg_read);
static const struct file_operations cpuinfo_ops = PROC_TEXT_OPS(cpuinfo_read);
const struct file_operations proc_mounts_ops = PROC_TEXT_OPS(mounts_read);
const struct file_operations proc_mountinfo_ops = PROC_TEXT_OPS(mountinfo_read);
static const struct file_operations pid_max_ops = {
	.read_iter = pid_max_read,
	.write_iter = pid_max_write,
	.llseek = generic_llseek,
};
static const struct file_operations tainted_ops = PROC_TEXT_OPS(tainted_read);
static const struct file_operations cap_last_cap_ops = PROC_TEXT_OPS(cap_last_cap_read);
static const struct file_operations ngroups_max_ops = PROC_TEXT_OPS(ngroups_max_read);

/* Makes the files above in the directory proc, at boot. */
void procfs_init(struct inode *proc)
{
	struct inode *sys = make_subdir(proc, "sys");
	struct inode *kernel = make_subdir(sys, "kernel");

	make_node(proc, "meminfo", S_IFREG | 0444, 0, &meminfo_ops);
	make_node(proc, "uptime", S_IFREG | 0444, 0, &uptime_ops);
	make_node(proc, "loadavg", S_IFREG | 0444, 0, &loadavg_ops);
	make_node(proc, "cpuinfo", S_IFREG | 0444, 0, &cpuinfo_ops);
	make_node(proc, "mounts", S_IFREG | 0444, 0, &proc_mounts_ops);
	make_node(kernel, "pid_max", S_IFREG | 0644, 0, &pid_max_ops);
	make_node(kernel, "tainted", S_IFREG | 0644, 0, &tainted_ops);
	make_node(kernel, "cap_last_cap", S_IFREG | 0444, 0, &cap_last_cap_ops);
	make_node(kernel, "ngroups_max", S_IFREG | 0444, 0, &ngroups_max_ops);
	proc_uts_init(kernel);
	fault_inject_proc_init(sys);
	vmstat_proc_init(proc);
	procfs_pid_init(proc);
}
