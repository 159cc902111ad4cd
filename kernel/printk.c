/*
 * printk: format with lib/vsnprintf.c and send the text to the kernel log
 * port (COM1, or the port console= names) and to the VGA mirror. A '\n'
 * goes out as "\r\n" on serial so a terminal shows it properly.
 *
 * The text is also kept in the log buffer (include/kernel/log.h) that
 * syslog(2) reads (syscalls/syslog.c): a ring of LOG_BUF_LEN bytes in
 * which each line starts "<4>[    s.uuuuuu] ", Linux's default level and
 * its printk time, unless the line brings its own "<N>". Positions count
 * every byte ever stored, so the ring holds [end - LOG_BUF_LEN, end).
 */
#include <kernel/kernel.h>
#include <kernel/log.h>
#include <kernel/proc.h>
#include <asm/arch.h>

#define DEFAULT_LEVEL 4 /* Linux's MESSAGE_LOGLEVEL_DEFAULT (KERN_WARNING) */
#define USEC_PER_TICK (USEC_PER_SEC / HZ)

static char log_buf[LOG_BUF_LEN];
static uint64_t log_pos;  /* bytes stored since boot */
static uint64_t log_done; /* the position after the last '\n' */
static bool log_mid_line; /* the last byte stored was not a '\n' */
struct wait_queue_head log_wait;

/* Store one byte in the ring. */
static void log_putc(char c)
{
	log_buf[log_pos % LOG_BUF_LEN] = c;
	log_pos++;
}

/* The length of the "<N>" level prefix s[0..n) starts with, or 0. */
static size_t level_len(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 3 || s[0] != '<')
		return 0;
	while (i < n && i < 5 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 1 && i < n && s[i] == '>' ? i + 1 : 0;
}

/* Keep s[0..n) in the ring, a prefix before each new line; wake readers. */
static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!log_mid_line) { /* "<level>[time] ", the line's own level kept */
			char pre[40];
			uint64_t t = jiffies;
			size_t lev = level_len(s + i, n - i);
			int k = lev ? snprintf(pre, sizeof(pre), "%.*s", (int)lev, s + i)
				    : snprintf(pre, sizeof(pre), "<%d>", DEFAULT_LEVEL);
			k += snprintf(pre + k, sizeof(pre) - k, "[%5u.%06u] ", (uint32_t)(t / HZ),
				      (uint32_t)(t % HZ) * USEC_PER_TICK);
			for (int j = 0; j < k; j++)
				log_putc(pre[j]);
			log_mid_line = true;
			i += lev;
			if (i >= n)
				break;
		}
		log_putc(s[i]);
		if (s[i] == '\n') {
			log_mid_line = false;
			log_done = log_pos;
		}
	}
	wake_up_all(&log_wait);
}

/* The position after the last whole line stored: readers see a line
 * once its '\n' has come. */
uint64_t log_end(void)
{
	return log_done;
}

/* The first line start at or after pos, or log_end(). */
uint64_t log_line_start(uint64_t pos)
{
	uint64_t lo = log_pos > LOG_BUF_LEN ? log_pos - LOG_BUF_LEN : 0;

	if (pos == 0 && lo == 0)
		return 0;
	if (pos <= lo) /* the byte before lo is gone: look from lo on */
		pos = lo + 1;
	while (pos < log_done && log_buf[(pos - 1) % LOG_BUF_LEN] != '\n')
		pos++;
	return pos;
}

/* The oldest position held, at a line start. */
uint64_t log_first(void)
{
	return log_line_start(0);
}

/* Copy the held text [from, from + n) to buf. */
void log_copy(uint64_t from, char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(from + i) % LOG_BUF_LEN];
}

/* Write raw log text to the log serial port and the screen. */
static void log_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc(cmdline_console_port, '\r');
		serial_putc(cmdline_console_port, s[i]);
	}
	vga_write(s, n);
}

/* Format into a 512-byte buffer (longer output is cut) and write it to the
 * kernel log. Returns the bytes written. */
int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	log_write(buf, n);
	log_store(buf, n);
	return n;
}

/* printf-style message to the kernel log. Returns the bytes written. */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
