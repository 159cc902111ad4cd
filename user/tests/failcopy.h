/*
 * failcopy.h - driving fail_usercopy fault injection from a test.
 *
 * The knobs are the files of /proc/sys/debug/fail_usercopy/ on Mica and
 * /sys/kernel/debug/fail_usercopy/ on a Linux built with
 * CONFIG_FAIL_USERCOPY (and debugfs mounted); fc_dir() finds them, or
 * says there are none, and then every injected check is a "# SKIP".
 *
 * fc_inject(k, fn, arg) makes the k-th user copy (counting from 1) of
 * whatever fn does fail, and only that one: task-filter on, interval 1,
 * space k, times 1, probability 100. fn runs in a forked child, which
 * first sets its own /proc/self/make-it-fail (the write's own copy comes
 * before the flag is set, so it is not counted), makes its calls, stores
 * what the parent needs in shared memory and stops itself with SIGSTOP
 * (kill and getpid copy nothing). The parent then reads times (0: the
 * failure was injected; 1: fn made fewer than k copies), switches the
 * injection off and kills the child. Everything the parent compares
 * afterwards (file offsets, buffers, pipes) must therefore be shared with
 * the child: open files and MAP_SHARED memory.
 */
#ifndef FAILCOPY_H
#define FAILCOPY_H

#include <signal.h>
#include <sys/mman.h>
#include "raw.h"

#define FC_MICA_DIR "/proc/sys/debug/fail_usercopy"
#define FC_LINUX_DIR "/sys/kernel/debug/fail_usercopy"
#define FC_SKIP "no fail_usercopy on this kernel (Linux: CONFIG_FAIL_USERCOPY and debugfs)"

/* The directory of the knobs, or NULL when the kernel has none. */
static inline const char *fc_dir(void)
{
	static const char *dir;
	static int looked;

	if (!looked) {
		looked = 1;
		if (RSYS(SYS_access, FC_MICA_DIR "/probability", W_OK) == 0)
			dir = FC_MICA_DIR;
		else if (RSYS(SYS_access, FC_LINUX_DIR "/probability", W_OK) == 0)
			dir = FC_LINUX_DIR;
	}
	return dir;
}

/* Writes text to file (whole, at offset 0). Returns write's result. */
static inline long fc_write_file(const char *file, const char *text)
{
	long fd = RSYS(SYS_open, file, O_WRONLY), r;

	if (fd < 0)
		return fd;
	r = RSYS(SYS_write, fd, text, strlen(text));
	RSYS(SYS_close, fd);
	return r;
}

/* Reads file into buf (size bytes, NUL-terminated). Returns the length or -errno. */
static inline long fc_read_file(const char *file, char *buf, size_t size)
{
	long fd = RSYS(SYS_open, file, O_RDONLY), r;

	if (fd < 0)
		return fd;
	r = RSYS(SYS_read, fd, buf, size - 1);
	RSYS(SYS_close, fd);
	buf[r > 0 ? r : 0] = '\0';
	return r;
}

/* Sets knob to text. Returns write's result. */
static inline long fc_set(const char *knob, const char *text)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", fc_dir(), knob);
	return fc_write_file(path, text);
}

/* The knob's value as a number ("Y"/"N" read as 1/0); -9999 when unreadable. */
static inline long fc_get(const char *knob)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "%s/%s", fc_dir(), knob);
	if (fc_read_file(path, buf, sizeof(buf)) <= 0)
		return -9999;
	if (buf[0] == 'Y' || buf[0] == 'N')
		return buf[0] == 'Y';
	return strtol(buf, NULL, 10);
}

/* Switches injection off: probability 0 first, then the rest to rest. */
static inline void fc_off(void)
{
	fc_set("probability", "0");
	fc_set("times", "1");
	fc_set("space", "0");
	fc_set("interval", "1");
	fc_set("verbose", "0");
	fc_set("task-filter", "N");
}

/* Arms the injection for the k-th copy of a process with make-it-fail
 * (task-filter first, probability last, so nothing fails on the way). */
static inline void fc_arm(int k)
{
	char v[16];

	fc_set("task-filter", "Y");
	fc_set("verbose", "0");
	fc_set("interval", "1");
	fc_set("times", "1");
	snprintf(v, sizeof(v), "%d", k);
	fc_set("space", v);
	fc_set("probability", "100");
}

/* Stops the calling child until its parent kills it. */
static inline void fc_stop(void)
{
	RSYS(SYS_kill, RSYS(SYS_getpid), SIGSTOP);
	for (;;)
		RSYS(SYS_pause);
}

/*
 * Runs fn(arg) in a child with the k-th user copy failing (see the top);
 * *status gets the child's first wait status (stopped, or exited or
 * killed if fn never came back). Returns 1 if the failure was injected,
 * 0 if none was (fewer than k copies), -1 if the child could not run.
 */
static inline int fc_inject_status(int k, void (*fn)(long), long arg, int *status)
{
	long pid, r;
	int injected, st;

	fc_arm(k);
	pid = rfork();
	if (pid == 0) {
		if (fc_write_file("/proc/self/make-it-fail", "1") != 1)
			rexit(99);
		fn(arg);
		fc_stop();
	}
	*status = 0;
	r = pid > 0 ? RSYS(SYS_wait4, pid, status, WUNTRACED, 0) : -1;
	injected = fc_get("times") == 0;
	fc_off();
	if (r == pid && WIFSTOPPED(*status)) {
		RSYS(SYS_kill, pid, SIGKILL);
		RSYS(SYS_wait4, pid, &st, 0, 0);
	}
	return r == pid ? injected : -1;
}

/* fc_inject_status for an fn that must come back: -1 unless the child
 * stopped as planned. */
static inline int fc_inject(int k, void (*fn)(long), long arg)
{
	int status, injected = fc_inject_status(k, fn, arg, &status);

	return WIFSTOPPED(status) ? injected : -1;
}

/* Memory shared with fc_inject's child: n zeroed pages. */
static inline unsigned char *fc_shared(int n)
{
	void *p = mmap(NULL, (size_t)n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

#endif /* FAILCOPY_H */
