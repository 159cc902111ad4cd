/*
 * The run-time knobs of fault injection (include/kernel/fault-inject.h):
 *
 *   /proc/sys/debug/fail_usercopy/probability, interval, times, space,
 *       verbose, task-filter   fail_usercopy's attribute, mode 0600 (root)
 *   /proc/sys/debug/fail_usercopy/injected   failures forced since boot
 *       (Mica's own, read-only)
 *   /proc/PID/make-it-fail   0 or 1: may fault injection pick this
 *       process when task-filter is set; inherited by fork, kept by execve
 *
 * Linux has the attribute's files in debugfs, at
 * /sys/kernel/debug/fail_usercopy/; they read and write here as there:
 * numbers in decimal with a newline, task-filter as "Y" or "N"; a write
 * takes kstrtoull/kstrtoll's forms (0x hex, 0 octal, an optional newline;
 * a '-' for times and space only) or, for task-filter, kstrtobool's
 * (y/n, 1/0, on/off...). Anything else is -EINVAL and changes nothing.
 * make-it-fail is Linux's proc_fault_inject file: a write needs
 * CAP_SYS_RESOURCE (-EPERM), takes an integer 0 or 1 with spaces around
 * it, and returns the bytes it looked at (at most PROC_NUMBUF - 1).
 */
#include <kernel/procfs.h>
#include <kernel/fault-inject.h>
#include <kernel/cred.h>
#include <lib/iov_iter.h>

#define SIMPLE_ATTR_BUF 24 /* debugfs's simple_attr set_buf: 23 bytes and a NUL */
#define BOOL_BUF 4	   /* kstrtobool_from_user's buffer */
#define PROC_NUMBUF 13	   /* Linux's buffer for a number in /proc */

enum knob {
	PROBABILITY,
	INTERVAL,
	TIMES,
	SPACE,
	VERBOSE,
	TASK_FILTER,
	INJECTED,
	NR_KNOBS
};

static const struct {
	const char *name;
	uint32_t mode;
	bool is_signed;
} knobs[NR_KNOBS] = {
	[PROBABILITY] = { "probability", 0600, false },
	[INTERVAL] = { "interval", 0600, false },
	[TIMES] = { "times", 0600, true },
	[SPACE] = { "space", 0600, true },
	[VERBOSE] = { "verbose", 0600, false },
	[TASK_FILTER] = { "task-filter", 0600, false },
	[INJECTED] = { "injected", 0400, false },
};

static const struct file_operations knob_ops[NR_KNOBS];

/* Which knob of fail_usercopy file f is. */
static enum knob knob_of(const struct file *f)
{
	return (enum knob)(f->inode->fop - knob_ops);
}

/* A knob file's text: the value and a newline. Returns bytes read. */
static ssize_t knob_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct fault_attr *a = &fail_usercopy;
	char buf[SIMPLE_ATTR_BUF];
	int len;

	switch (knob_of(f)) {
	case PROBABILITY:
		len = snprintf(buf, sizeof(buf), "%lu\n", a->probability);
		break;
	case INTERVAL:
		len = snprintf(buf, sizeof(buf), "%lu\n", a->interval);
		break;
	case TIMES:
		len = snprintf(buf, sizeof(buf), "%d\n", a->times);
		break;
	case SPACE:
		len = snprintf(buf, sizeof(buf), "%d\n", a->space);
		break;
	case VERBOSE:
		len = snprintf(buf, sizeof(buf), "%lu\n", a->verbose);
		break;
	case TASK_FILTER:
		len = snprintf(buf, sizeof(buf), "%c\n", a->task_filter ? 'Y' : 'N');
		break;
	default:
		len = snprintf(buf, sizeof(buf), "%lu\n", a->injected);
		break;
	}
	return text_read(buf, len, to, pos);
}

/* kstrtobool: the first byte (and the second after 'o') of s. Returns 0
 * with *v set, or -EINVAL. */
static int parse_bool(const char *s, bool *v)
{
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
		*v = true;
		return 0;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
		*v = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N' || s[1] == 'f' || s[1] == 'F') {
			*v = s[1] == 'n' || s[1] == 'N';
			return 0;
		}
		return -EINVAL;
	}
	return -EINVAL;
}

/* A write to a knob: its first bytes as a number (or a bool), as
 * debugfs's simple_attr_write. Returns the whole count, -EINVAL, -ERANGE,
 * -EFAULT. */
static ssize_t knob_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct fault_attr *a = &fail_usercopy;
	enum knob k = knob_of(f);
	size_t count = iov_iter_count(from);
	size_t n = min(count, (size_t)(k == TASK_FILTER ? BOOL_BUF : SIMPLE_ATTR_BUF) - 1);
	char buf[SIMPLE_ATTR_BUF] = { 0 };
	long long v;
	int err;

	if (copy_from_iter(buf, n, from) != n)
		return -EFAULT;
	iov_iter_advance(from, count - n);
	if (k == TASK_FILTER) {
		bool b;
		if ((err = parse_bool(buf, &b)))
			return err;
		a->task_filter = b;
		return count;
	}
	if ((err = fault_parse_number(buf, n, knobs[k].is_signed, &v)))
		return err;
	switch (k) { /* stored as Linux stores a u64/s64 in an unsigned long or atomic_t */
	case PROBABILITY:
		a->probability = (unsigned long)v;
		break;
	case INTERVAL:
		a->interval = (unsigned long)v;
		break;
	case TIMES:
		a->times = (int)v;
		break;
	case SPACE:
		a->space = (int)v;
		break;
	default:
		a->verbose = (unsigned long)v;
		break;
	}
	return count;
}

#define KNOB_OPS                                                                           \
	{                                                                                  \
		.read_iter = knob_read, .write_iter = knob_write, .llseek = generic_llseek \
	}

static const struct file_operations knob_ops[NR_KNOBS] = {
	KNOB_OPS,
	KNOB_OPS,
	KNOB_OPS,
	KNOB_OPS,
	KNOB_OPS,
	KNOB_OPS,
	{ .read_iter = knob_read, .llseek = generic_llseek },
};

/* Make debug/fail_usercopy/ and its knobs in sys (/proc/sys), at boot. */
void fault_inject_proc_init(struct inode *sys)
{
	struct inode *dir = make_subdir(make_subdir(sys, "debug"), "fail_usercopy");

	for (int k = 0; k < NR_KNOBS; k++)
		make_node(dir, knobs[k].name, S_IFREG | knobs[k].mode, 0, &knob_ops[k]);
}

/* /proc/PID/make-it-fail: 0 or 1 and a newline. Returns bytes read, or
 * -ESRCH once the process was reaped. */
static ssize_t make_it_fail_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct proc *p = proc_of(f->inode);
	char buf[PROC_NUMBUF];

	if (!p)
		return -ESRCH;
	int len = snprintf(buf, sizeof(buf), "%d\n", p->make_it_fail);
	return text_read(buf, len, to, pos);
}

/* The bytes of s[0..*n) without the spaces around them (strstrip). */
static char *strip(char *s, size_t *n)
{
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\n'))
		s[--*n] = '\0';
	while (*n && (*s == ' ' || *s == '\t' || *s == '\n')) {
		s++;
		--*n;
	}
	return s;
}

/* A write to /proc/PID/make-it-fail, as Linux's proc_fault_inject_write:
 * -EPERM without CAP_SYS_RESOURCE, -EFAULT, -EINVAL (not 0 or 1), -ERANGE,
 * -ESRCH; else the bytes looked at. */
static ssize_t make_it_fail_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	char buf[PROC_NUMBUF] = { 0 };
	size_t count = min(iov_iter_count(from), (size_t)PROC_NUMBUF - 1);
	long long v;
	int err;

	if (!capable(CAP_SYS_RESOURCE))
		return -EPERM;
	if (copy_from_iter(buf, count, from) != count)
		return -EFAULT;
	size_t n = count;
	char *s = strip(buf, &n);
	if ((err = fault_parse_number(s, n, true, &v)))
		return err;
	if (v != (int)v)
		return -ERANGE;
	if (v < 0 || v > 1)
		return -EINVAL;
	struct proc *p = proc_of(f->inode);
	if (!p)
		return -ESRCH;
	p->make_it_fail = v;
	return count;
}

const struct file_operations proc_make_it_fail_ops = {
	.read_iter = make_it_fail_read,
	.write_iter = make_it_fail_write,
	.llseek = generic_llseek,
};
