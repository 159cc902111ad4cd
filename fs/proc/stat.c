/*
 * /proc/PID/stat, statm and status, in Linux's formats, every field in
 * Linux's order. What Mica keeps is shown as it is: pid, name, state
 * (R running or runnable, S sleeping, T stopped, Z zombie), parent, process group,
 * session, the controlling terminal (tty_nr, its line's device number,
 * and tpgid, its foreground group; 0 and -1 without one), CPU times (kernel/acct.c, in clock ticks), page faults,
 * context switches, start time, the address space's sizes and bounds
 * (fs/proc/maps.c), resident pages, signal masks, umask. What Mica does
 * not have reads as Linux shows it without: one thread, priority 20 and nice 0, no
 * namespaces, root's ids and every capability, no swap or huge pages.
 */
#include <kernel/procfs.h>
#include <kernel/vma.h>
#include <kernel/mm.h>
#include <kernel/tty.h>
#include <asm/arch.h>

#define KB(bytes) ((bytes) / 1024)
#define PRIORITY 20	   /* Linux's priority field for nice 0 */
#define RSSLIM 0xffffffffu /* RLIMIT_RSS, unlimited, as unsigned long */
#define SIGRT_FIRST 32	   /* signals from here on are queued */
#define STAT_BUF 768
#define STATUS_BUF 2048

/* The one-letter state stat shows, and status's word for it. */
static char state_letter(const struct proc *p, const char **word)
{
	switch (p->state) {
	case P_SLEEPING:
		*word = "sleeping";
		return 'S';
	case P_ZOMBIE:
		*word = "zombie";
		return 'Z';
	case P_STOPPED:
		*word = "stopped";
		return 'T';
	default:
		*word = "running";
		return 'R';
	}
}

/* The signals p ignores (sigign) and has handlers for (sigcgt). */
static void signal_sets(const struct proc *p, uint64_t *sigign, uint64_t *sigcgt)
{
	*sigign = *sigcgt = 0;
	for (int s = 0; s < NSIG; s++) {
		if (p->sigaction[s].handler == SIG_IGN)
			*sigign |= 1ull << s;
		else if (p->sigaction[s].handler != SIG_DFL)
			*sigcgt |= 1ull << s;
	}
}

/* p's parent's pid, 0 for init. */
static pid_t ppid_of(const struct proc *p)
{
	return p->parent ? p->parent->pid : 0;
}

/* /proc/PID/stat: Linux's 52 fields on one line. Returns bytes read,
 * -ESRCH once the process was reaped. */
static ssize_t stat_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);
	struct vm_counts c;
	uint64_t sigign, sigcgt;
	const char *word;
	char buf[STAT_BUF];

	if (!p)
		return -ESRCH;
	proc_vm_counts(p, &c);
	signal_sets(p, &sigign, &sigcgt);
	uint32_t rss = p->mm ? p->mm->rss : 0;
	uint32_t start_brk = p->mm ? p->mm->start_brk : 0;
	bool dead = p->state == P_ZOMBIE;
	int len = snprintf(
		buf, sizeof(buf),
		"%d (%s) %c %d %d %d %d %d %u %u %u %u %u %llu %llu %llu %llu %d %d %d %d %llu %u "
		"%u %u %u %u %u %u %u %llu %llu %llu %llu %u %u %u %d %d %u %u %u %u %u %u %u %u "
		"%u "
		"%u %u %u %d\n",
		p->pid, p->name, state_letter(p, &word), ppid_of(p), p->pgid, p->sid,
		p->tty ? (int)p->tty->dev : 0, p->tty ? p->tty->pgrp : -1, 0u, p->min_flt,
		p->cmin_flt, p->maj_flt, p->cmaj_flt, (unsigned long long)p->utime,
		(unsigned long long)p->stime, (unsigned long long)p->cutime,
		(unsigned long long)p->cstime, PRIORITY, 0, 1, 0, (unsigned long long)p->start_time,
		c.size, rss, RSSLIM, c.start_code, c.end_code, dead ? 0 : p->start_stack, 0u, 0u,
		(unsigned long long)p->sig_pending, (unsigned long long)p->sig_blocked,
		(unsigned long long)sigign, (unsigned long long)sigcgt, 0u, 0u, 0u, p->exit_signal,
		0, 0u, 0u, 0u, 0u, 0u, c.start_data, c.end_data, start_brk, dead ? 0 : p->arg_start,
		dead ? 0 : p->arg_end, dead ? 0 : p->env_start, dead ? 0 : p->env_end,
		dead ? p->exit_status : 0);
	return text_read(buf, len, to, pos);
}

/* /proc/PID/statm: size resident shared text lib data dt, in pages.
 * Returns bytes read, -ESRCH once the process was reaped. */
static ssize_t statm_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);
	struct vm_counts c;
	char buf[96];

	if (!p)
		return -ESRCH;
	proc_vm_counts(p, &c);
	int len = snprintf(buf, sizeof(buf), "%u %u %u %u 0 %u 0\n", c.size / PAGE_SIZE,
			   p->mm ? p->mm->rss : 0, 0u, c.exe / PAGE_SIZE,
			   (c.data + c.stack) / PAGE_SIZE);
	return text_read(buf, len, to, pos);
}

#define GROUPS_ROOM 40 /* what status keeps free after the Groups: line */

/* The Groups: line's list: each gid and a space, as Linux, into buf
 * (size bytes); as many as fit, leaving GROUPS_ROOM for the lines after.
 * Returns the length. */
static int groups_text(char *buf, int size, const struct group_info *g)
{
	int len = 0;

	for (int i = 0; g && i < g->ngroups && size - len > GROUPS_ROOM + 11; i++)
		len += snprintf(buf + len, size - len, "%s%u", i ? " " : "", g->gid[i]);
	len += snprintf(buf + len, size - len, " ");
	return len;
}

/* Append "Name:\t%8u kB\n" to buf at *len, as status's Vm lines. */
static void kb_line(char *buf, int *len, const char *name, uint32_t kb)
{
	*len += snprintf(buf + *len, STATUS_BUF - *len, "%s:\t%8u kB\n", name, kb);
}

/* /proc/PID/status: Linux's fields in Linux's order. Returns bytes read,
 * -ESRCH once the process was reaped. */
static ssize_t status_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	static char buf[STATUS_BUF]; /* no sleep between filling and copying it */
	struct proc *p = proc_of(f->inode);
	struct vm_counts vc;
	uint64_t sigign, sigcgt;
	const char *word;
	int len;

	if (!p)
		return -ESRCH;
	proc_vm_counts(p, &vc);
	const struct cred *c = &p->cred;
	signal_sets(p, &sigign, &sigcgt);
	char state = state_letter(p, &word);
	int pending = p->sigq_count; /* queued real-time infos, and */
	for (int s = 0; s < SIGRT_FIRST - 1; s++)
		pending += (p->sig_pending >> s) & 1; /* standard signals */
	uint32_t rss = p->mm ? p->mm->rss * (PAGE_SIZE / 1024) : 0;
	uint32_t hwm = p->mm ? p->mm->hiwater_rss * (PAGE_SIZE / 1024) : 0;
	len = snprintf(buf, STATUS_BUF,
		       "Name:\t%s\nUmask:\t%04o\nState:\t%c (%s)\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
		       "PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
		       "FDSize:\t%d\nGroups:\t",
		       p->name, p->umask, state, word, p->pid, p->pid, ppid_of(p), c->uid, c->euid,
		       c->suid, c->fsuid, c->gid, c->egid, c->sgid, c->fsgid, NOFILE);
	len += groups_text(buf + len, STATUS_BUF - len, c->groups);
	len += snprintf(buf + len, STATUS_BUF - len,
			"\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\nKthread:\t0\n", p->pid,
			p->pid, p->pgid, p->sid);
	if (p->mm) { /* a zombie has no Vm lines, as on Linux */
		kb_line(buf, &len, "VmPeak", KB(vc.size));
		kb_line(buf, &len, "VmSize", KB(vc.size));
		kb_line(buf, &len, "VmLck", KB(vc.locked));
		kb_line(buf, &len, "VmPin", 0);
		kb_line(buf, &len, "VmHWM", hwm);
		kb_line(buf, &len, "VmRSS", rss);
		kb_line(buf, &len, "RssAnon", rss);
		kb_line(buf, &len, "RssFile", 0);
		kb_line(buf, &len, "RssShmem", 0);
		kb_line(buf, &len, "VmData", KB(vc.data));
		kb_line(buf, &len, "VmStk", KB(vc.stack));
		kb_line(buf, &len, "VmExe", KB(vc.exe));
		kb_line(buf, &len, "VmLib", 0);
		kb_line(buf, &len, "VmPTE", KB(vc.ptes));
		kb_line(buf, &len, "VmSwap", 0);
		kb_line(buf, &len, "HugetlbPages", 0);
	}
	len += snprintf(buf + len, STATUS_BUF - len,
			"CoreDumping:\t0\nTHP_enabled:\t0\nuntag_mask:\t0xffffffff\nThreads:\t1\n"
			"SigQ:\t%d/%d\nSigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n"
			"SigIgn:\t%016llx\nSigCgt:\t%016llx\nCapInh:\t%016llx\nCapPrm:\t%016llx\n"
			"CapEff:\t%016llx\nCapBnd:\t%016llx\nCapAmb:\t%016llx\nNoNewPrivs:\t%d\n"
			"Seccomp:\t0\nSeccomp_filters:\t0\nSpeculation_Store_Bypass:\tunknown\n"
			"SpeculationIndirectBranch:\tunknown\nCpus_allowed:\t1\n"
			"Cpus_allowed_list:\t0\nMems_allowed:\t1\nMems_allowed_list:\t0\n"
			"voluntary_ctxt_switches:\t%u\nnonvoluntary_ctxt_switches:\t%u\n",
			pending, (int)rlimit_cur(p, RLIMIT_SIGPENDING),
			(unsigned long long)p->sig_pending, 0ull,
			(unsigned long long)p->sig_blocked, (unsigned long long)sigign,
			(unsigned long long)sigcgt, (unsigned long long)c->cap_inheritable,
			(unsigned long long)c->cap_permitted, (unsigned long long)c->cap_effective,
			(unsigned long long)c->cap_bset, (unsigned long long)c->cap_ambient,
			p->no_new_privs, p->nvcsw, p->nivcsw);
	return text_read(buf, len, to, pos);
}

const struct file_operations proc_stat_ops = {
	.read_iter = stat_read,
	.llseek = generic_llseek,
};

const struct file_operations proc_statm_ops = {
	.read_iter = statm_read,
	.llseek = generic_llseek,
};

const struct file_operations proc_status_ops = {
	.read_iter = status_read,
	.llseek = generic_llseek,
};
