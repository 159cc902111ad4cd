/*
 * /proc/sys/kernel/hostname and /proc/sys/kernel/domainname: the
 * nodename and domainname of uname(2) (include/kernel/utsname.h), read
 * and written as Linux's proc_dostring with strict sysctl writes:
 *   read   the name and a newline, from the reader's offset on
 *   write  at offset 0 the written text replaces the name; at an offset
 *          within the name (or at its end) it replaces the rest from
 *          there, so two write(2)s in a row append; at an offset past
 *          the end nothing changes. The text ends at the first newline
 *          or NUL, and what passes UTS_LEN - 1 characters is dropped.
 *          The write returns the whole count all the same, or -EFAULT
 *          (nothing changed) if any byte of the buffer cannot be read.
 *   splice both ways, as every /proc/sys file on Linux: into a pipe
 *          through read_iter, out of one through write_iter.
 */
#include <kernel/fs.h>
#include <kernel/splice.h>
#include <kernel/utsname.h>
#include <lib/iov_iter.h>

#define UTS_CHUNK 64 /* bytes of a write taken in at a time */

/* Read the name which and a newline from *pos on. Returns the bytes
 * read, 0 at the end, or -EFAULT. */
static ssize_t uts_read(enum uts_name_field which, struct iov_iter *to, loff_t *pos)
{
	char buf[UTS_LEN + 1];
	int len = snprintf(buf, sizeof(buf), "%s\n", uts_name(which));

	return text_read(buf, len, to, pos);
}

/* Write the name which from *pos on, as the comment at the top says.
 * Returns the count written (0 for an empty write) or -EFAULT. */
static ssize_t uts_write(enum uts_name_field which, struct iov_iter *from, loff_t *pos)
{
	char name[UTS_LEN], chunk[UTS_CHUNK];
	size_t count = iov_iter_count(from), len;
	bool ended = false;

	if (count == 0)
		return 0;
	strlcpy(name, uts_name(which), sizeof(name));
	len = strlen(name);
	bool within = *pos <= (loff_t)len;
	if (within)
		len = (size_t)*pos;
	for (size_t left = count; left;) {
		size_t n = min(left, sizeof(chunk));
		if (copy_from_iter(chunk, n, from) < n)
			return -EFAULT;
		for (size_t i = 0; i < n && !ended && len < UTS_LEN - 1; i++) {
			if (chunk[i] == '\0' || chunk[i] == '\n')
				ended = true;
			else
				name[len++] = chunk[i];
		}
		left -= n;
	}
	if (!within)
		return count;
	name[len] = '\0';
	memcpy(uts_name(which), name, UTS_LEN);
	*pos += count;
	return count;
}

/* read_iter of /proc/sys/kernel/hostname. Returns bytes read. */
static ssize_t hostname_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return uts_read(UTS_NODENAME, to, pos);
}

/* write_iter of /proc/sys/kernel/hostname. Returns the count or -EFAULT. */
static ssize_t hostname_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return uts_write(UTS_NODENAME, from, pos);
}

/* read_iter of /proc/sys/kernel/domainname. Returns bytes read. */
static ssize_t domainname_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return uts_read(UTS_DOMAINNAME, to, pos);
}

/* write_iter of /proc/sys/kernel/domainname. Returns the count or -EFAULT. */
static ssize_t domainname_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return uts_write(UTS_DOMAINNAME, from, pos);
}

static const struct file_operations hostname_ops = {
	.read_iter = hostname_read,
	.write_iter = hostname_write,
	.llseek = generic_llseek,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};
static const struct file_operations domainname_ops = {
	.read_iter = domainname_read,
	.write_iter = domainname_write,
	.llseek = generic_llseek,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};

/* Make hostname and domainname in the directory kernel, at boot. */
void proc_uts_init(struct inode *kernel)
{
	make_node(kernel, "hostname", S_IFREG | 0644, 0, &hostname_ops);
	make_node(kernel, "domainname", S_IFREG | 0644, 0, &domainname_ops);
}
