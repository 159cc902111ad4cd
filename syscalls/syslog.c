/*
 * syslog(2): reading the kernel log buffer (kernel/printk.c), as Linux's
 * do_syslog and so klogctl(3) and busybox's dmesg see it. Three positions
 * into the log: its end, the clear mark (CLEAR and READ_CLEAR move it to
 * the end; READ_ALL reads from it) and the read mark of the destructive
 * READ, which waits for text. Reads return whole lines, the newest that
 * fit for READ_ALL. Everyone is root, so nothing is restricted.
 */
#include <kernel/proc.h>
#include <kernel/log.h>
#include <kernel/mm.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10
#define LEVEL_MIN 1 /* console levels CONSOLE_LEVEL takes */
#define LEVEL_MAX 8
#define LEVEL_DEFAULT 7 /* Linux's CONSOLE_LOGLEVEL_DEFAULT */

static uint64_t clear_pos; /* READ_ALL starts here (or at the oldest held) */
static uint64_t read_pos;  /* READ's next byte */
static int console_level = LEVEL_DEFAULT;
static int saved_level = -1; /* before CONSOLE_OFF, or -1 */

/* Copy log text [from, to) to user ubuf through a bounce buffer. Returns
 * the bytes copied or -ENOMEM, -EFAULT. */
static long copy_log(uint64_t from, uint64_t to, void __user *ubuf)
{
	size_t n = (size_t)(to - from);
	char *tmp;

	if (n == 0)
		return 0;
	if (!(tmp = kmalloc(n)))
		return -ENOMEM;
	log_copy(from, tmp, n);
	long err = copy_to_user((void __user *)ubuf, tmp, n) ? -EFAULT : (long)n;
	kfree(tmp);
	return err;
}

/* READ: wait for unread text, then up to len bytes of it, cut at the last
 * line end that fits (a line longer than len comes in pieces). Returns
 * the bytes read, -EINTR, -ENOMEM or -EFAULT. */
static long syslog_read(void __user *ubuf, long len)
{
	uint64_t from;

	while ((from = max(read_pos, log_first())) >= log_end())
		if (wait_sleep(&log_wait))
			return -EINTR;
	uint64_t to = log_end();
	if (to - from > (uint64_t)len) {
		uint64_t cut = from + (uint64_t)len, line = cut;
		while (line > from && line < log_end() && log_line_start(line) != line)
			line--;
		to = line > from ? line : cut;
	}
	long n = copy_log(from, to, ubuf);
	if (n >= 0)
		read_pos = to;
	return n;
}

/* READ_ALL (and READ_CLEAR if clear): the newest whole lines since the
 * clear mark that fit in len bytes. Returns the bytes read or -errno. */
static long syslog_read_all(void __user *ubuf, long len, bool clear)
{
	uint64_t end = log_end(), from = max(clear_pos, log_first());

	if (end - from > (uint64_t)len)
		from = log_line_start(end - (uint64_t)len);
	long n = copy_log(from, end, ubuf);
	if (n >= 0 && clear)
		clear_pos = end;
	return n;
}

/*
 * syslog(type, buf, len): SYSLOG_ACTION_* as Linux. The reads need buf
 * and len >= 0 (-EINVAL), read nothing for len 0, and need buf writable
 * for len bytes (-EFAULT). CONSOLE_LEVEL takes 1-8 in len (-EINVAL).
 * Returns the bytes read, the sizes asked for, 0, or -EINVAL for an
 * unknown type; first -EPERM without CAP_SYSLOG (or CAP_SYS_ADMIN), as
 * Linux with dmesg_restrict 1.
 */
long sys_syslog(long type, void __user *ubuf, long len)
{
	if (!capable(CAP_SYSLOG) && !capable(CAP_SYS_ADMIN))
		return -EPERM; /* dmesg_restrict 1, Debian's: every action */
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!ubuf || len < 0)
			return -EINVAL;
		if (len == 0)
			return 0;
		if (!access_ok((void __user *)ubuf, (size_t)len))
			return -EFAULT;
		if (type == SYSLOG_ACTION_READ)
			return syslog_read(ubuf, len);
		return syslog_read_all(ubuf, len, type == SYSLOG_ACTION_READ_CLEAR);
	case SYSLOG_ACTION_CLEAR:
		clear_pos = log_end();
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_level < 0)
			saved_level = console_level;
		console_level = LEVEL_MIN;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_level >= 0) {
			console_level = saved_level;
			saved_level = -1;
		}
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < LEVEL_MIN || len > LEVEL_MAX)
			return -EINVAL;
		console_level = (int)len;
		saved_level = -1;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)(log_end() - max(read_pos, log_first()));
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	}
	return -EINVAL;
}
