/*
 * proc_syslog - syslog(2) over the kernel log, as klogctl and dmesg use
 * it: every type's errors (unknown types, NULL or negative-length reads,
 * unwritable buffers, console levels out of 1-8), the sizes, a line
 * written to /dev/kmsg coming back from READ_ALL with a "<N>" prefix,
 * READ_CLEAR and CLEAR hiding older lines from READ_ALL, and the
 * destructive READ taking unread text.
 *
 * The log's contents differ between machines: only the lines this test
 * writes, and the format of every line, are checked.
 */
#include "tap.h"

#include <sys/mman.h>

#define NR_syslog 103
#define READ 2
#define READ_ALL 3
#define READ_CLEAR 4
#define CLEAR 5
#define CONSOLE_OFF 6
#define CONSOLE_ON 7
#define CONSOLE_LEVEL 8
#define SIZE_UNREAD 9
#define SIZE_BUFFER 10

static char buf[1 << 20];

/* Write s to /dev/kmsg. Returns write's result. */
static long kmsg(const char *s)
{
	int fd = open("/dev/kmsg", O_WRONLY);
	long n = write(fd, s, strlen(s));
	close(fd);
	return n;
}

/* Does every line of buf[0..n) start with "<digits>"? */
static int lines_have_levels(const char *b, long n)
{
	for (long i = 0; i < n;) {
		if (b[i] != '<' || b[i + 1] < '0' || b[i + 1] > '9')
			return 0;
		const char *nl = memchr(b + i, '\n', (size_t)(n - i));
		if (!nl)
			return 0;
		i = nl - b + 1;
	}
	return 1;
}

/* Is needle somewhere in buf[0..n)? */
static int has(const char *b, long n, const char *needle)
{
	size_t k = strlen(needle);
	for (long i = 0; i + (long)k <= n; i++)
		if (memcmp(b + i, needle, k) == 0)
			return 1;
	return 0;
}

static void test_errors(void)
{
	is_err(sys3(NR_syslog, 11, buf, 10), EINVAL, "type 11 is EINVAL");
	is_err(sys3(NR_syslog, -1, buf, 10), EINVAL, "type -1 is EINVAL");
	is(sys3(NR_syslog, 0, NULL, 0), 0, "SYSLOG_ACTION_CLOSE");
	is(sys3(NR_syslog, 1, NULL, 0), 0, "SYSLOG_ACTION_OPEN");
	for (int t = READ; t <= READ_CLEAR; t++) {
		if (t == READ_CLEAR)
			continue; /* it would clear the log: below */
		is_err(sys3(NR_syslog, t, NULL, 10), EINVAL, "type %d with a NULL buffer", t);
		is_err(sys3(NR_syslog, t, buf, -1), EINVAL, "type %d with length -1", t);
		is(sys3(NR_syslog, t, buf, 0), 0, "type %d with length 0 reads nothing", t);
		is_err(sys3(NR_syslog, t, KERNEL_BASE, 4096), EFAULT, "type %d into 0xC0000000", t);
		is_err(sys3(NR_syslog, t, 0xFFFFFF00UL, 0x200), EFAULT,
		       "type %d into a buffer wrapping past 4 GiB", t);
	}
	is_err(sys3(NR_syslog, READ_CLEAR, NULL, 10), EINVAL, "READ_CLEAR with a NULL buffer");
	is_err(sys3(NR_syslog, READ_CLEAR, KERNEL_BASE, 4096), EFAULT, "READ_CLEAR into 0xC0000000");
	is_err(sys3(NR_syslog, CONSOLE_LEVEL, NULL, 0), EINVAL, "console level 0");
	is_err(sys3(NR_syslog, CONSOLE_LEVEL, NULL, 9), EINVAL, "console level 9");
	is_err(sys3(NR_syslog, CONSOLE_LEVEL, NULL, -1), EINVAL, "console level -1");
	is(sys3(NR_syslog, CONSOLE_OFF, NULL, 0), 0, "CONSOLE_OFF");
	is(sys3(NR_syslog, CONSOLE_ON, NULL, 0), 0, "CONSOLE_ON");
}

static void test_reads(void)
{
	long size = sys3(NR_syslog, SIZE_BUFFER, NULL, 0);
	ok(size >= 4096 && size <= (long)sizeof(buf), "SIZE_BUFFER is the buffer's size");
	is(kmsg("<6>proc_syslog: first marker\n"), 29, "a line written to /dev/kmsg");
	long n = sys3(NR_syslog, READ_ALL, buf, size);
	ok(n > 0 && n <= size, "READ_ALL reads the log");
	ok(has(buf, n, "proc_syslog: first marker\n"), "the line is in it");
	ok(lines_have_levels(buf, n), "every line starts with a <level> prefix");
	long small = sys3(NR_syslog, READ_ALL, buf, 100);
	ok(small >= 0 && small <= 100, "READ_ALL with 100 bytes reads at most 100");
	ok(small == 0 || lines_have_levels(buf, small), "in whole lines");
	long unread = sys3(NR_syslog, SIZE_UNREAD, NULL, 0);
	ok(unread > 0, "SIZE_UNREAD counts the unread text");
	n = sys3(NR_syslog, READ, buf, 4096);
	ok(n > 0 && n <= 4096, "READ takes unread text without waiting");
	ok(sys3(NR_syslog, SIZE_UNREAD, NULL, 0) <= unread, "and leaves less unread");

	n = sys3(NR_syslog, READ_CLEAR, buf, size);
	ok(n > 0 && has(buf, n, "first marker"), "READ_CLEAR reads the log");
	is(kmsg("<6>proc_syslog: second marker\n"), 30, "another line");
	n = sys3(NR_syslog, READ_ALL, buf, size);
	ok(has(buf, n, "second marker") && !has(buf, n, "first marker"),
	   "after READ_CLEAR, READ_ALL has only the newer line");
	is(sys3(NR_syslog, CLEAR, NULL, 0), 0, "CLEAR");
	n = sys3(NR_syslog, READ_ALL, buf, size);
	ok(!has(buf, n, "second marker"), "after CLEAR, READ_ALL has neither");
	is(kmsg("proc_syslog: third marker\n"), 26, "a line without a level");
	n = sys3(NR_syslog, READ_ALL, buf, size);
	ok(has(buf, n, "third marker") && lines_have_levels(buf, n), "comes back with one");
}

int main(void)
{
	plan(38);
	test_errors();
	test_reads();
	return done();
}
