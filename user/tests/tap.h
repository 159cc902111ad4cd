/*
 * tap.h - TAP output, child helpers and raw system calls for the user tests.
 *
 * Each test program prints
 *
 *	TAP version 13
 *	1..N
 *	ok 1 - name
 *	not ok 2 - name
 *	# expected X, got Y
 *
 * and exits 0 iff every check passed. Every line goes to fd 1 with a single
 * write(2) as soon as it is made, so nothing waits in a buffer when a test
 * forks and a child can never repeat its parent's output. Children report to
 * their parent through exit codes and pipes, never through stdout.
 *
 * The programs run on Linux and on Mica and the two outputs are compared, so
 * names and passing lines never contain pids, addresses or times. Checks that
 * only hold on Mica print "ok N - name # SKIP not Mica" elsewhere.
 *
 * This is the one assertion API of the user tests: plan(), ok(), is(),
 * is_err(), is_errno(), is_exit(), is_signal(), skip(), skip_why(),
 * mica_only(), diag() and done(). Every name argument is a printf format.
 * raw.h adds raw-syscall and memory helpers on top of it.
 *
 * sys0()..sys5() enter the kernel with int $0x80 and return its raw result:
 * a value, or -errno. Bad-pointer tests use them so that libc never touches
 * the memory first and the exact error code is visible.
 */
#ifndef TAP_H
#define TAP_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "syscall_raw.h"

static int tap_planned __attribute__((unused));
static int tap_count __attribute__((unused));
static int tap_failed __attribute__((unused));

/* Writes all of buf[0..len) to fd 1. */
static inline void tap_write(const char *buf, size_t len)
{
	fflush(stdout); /* keep any stdio output of the program in order */
	while (len > 0) {
		ssize_t n = write(1, buf, len);
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* printf to fd 1 as one write; long lines are cut at 1 KiB. */
static inline void tap_vprint(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	tap_write(buf, (size_t)n);
}

/* printf to fd 1 as one write (tap_vprint). */
static inline __attribute__((format(printf, 1, 2))) void tap_print(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vprint(fmt, ap);
	va_end(ap);
}

/* Prints the header and the plan of n checks. */
static inline void plan(int n)
{
	tap_planned = n;
	tap_print("TAP version 13\n1..%d\n", n);
}

/* Prints a "# ..." diagnostic line. */
static inline __attribute__((format(printf, 1, 2))) void diag(const char *fmt, ...)
{
	char line[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	tap_print("# %s\n", line);
}

/* Prints one result line, and the reason (if any) when the check failed. */
static inline int tap_result(int pass, const char *reason, const char *fmt, va_list ap)
{
	char name[400];
	vsnprintf(name, sizeof(name), fmt, ap);
	tap_count++;
	if (!pass)
		tap_failed++;
	tap_print("%sok %d - %s\n", pass ? "" : "not ", tap_count, name);
	if (!pass)
		tap_print("# %s\n", reason ? reason : "check failed");
	return pass;
}

/* One check: passes iff cond. Returns cond. */
static inline __attribute__((format(printf, 2, 3))) int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_result(cond, NULL, fmt, ap);
	va_end(ap);
	return cond;
}

/* Short name of an errno value (Linux's numbers 1-133), for reason lines. */
static inline const char *errname(int e)
{
	static const char *const names[] = {
	    [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO",
	    [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN",
	    [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY",
	    [17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR",
	    [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
	    [27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK",
	    [32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK", [36] = "ENAMETOOLONG",
	    [37] = "ENOLCK", [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG",
	    [43] = "EIDRM", [44] = "ECHRNG", [45] = "EL2NSYNC", [46] = "EL3HLT", [47] = "EL3RST",
	    [48] = "ELNRNG", [49] = "EUNATCH", [50] = "ENOCSI", [51] = "EL2HLT", [52] = "EBADE",
	    [53] = "EBADR", [54] = "EXFULL", [55] = "ENOANO", [56] = "EBADRQC", [57] = "EBADSLT",
	    [59] = "EBFONT", [60] = "ENOSTR", [61] = "ENODATA", [62] = "ETIME", [63] = "ENOSR",
	    [64] = "ENONET", [65] = "ENOPKG", [66] = "EREMOTE", [67] = "ENOLINK", [68] = "EADV",
	    [69] = "ESRMNT", [70] = "ECOMM", [71] = "EPROTO", [72] = "EMULTIHOP", [73] = "EDOTDOT",
	    [74] = "EBADMSG", [75] = "EOVERFLOW", [76] = "ENOTUNIQ", [77] = "EBADFD",
	    [78] = "EREMCHG", [79] = "ELIBACC", [80] = "ELIBBAD", [81] = "ELIBSCN", [82] = "ELIBMAX",
	    [83] = "ELIBEXEC", [84] = "EILSEQ", [85] = "ERESTART", [86] = "ESTRPIPE", [87] = "EUSERS",
	    [88] = "ENOTSOCK", [89] = "EDESTADDRREQ", [90] = "EMSGSIZE", [91] = "EPROTOTYPE",
	    [92] = "ENOPROTOOPT", [93] = "EPROTONOSUPPORT", [94] = "ESOCKTNOSUPPORT",
	    [95] = "EOPNOTSUPP", [96] = "EPFNOSUPPORT", [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE",
	    [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN", [101] = "ENETUNREACH", [102] = "ENETRESET",
	    [103] = "ECONNABORTED", [104] = "ECONNRESET", [105] = "ENOBUFS", [106] = "EISCONN",
	    [107] = "ENOTCONN", [108] = "ESHUTDOWN", [109] = "ETOOMANYREFS", [110] = "ETIMEDOUT",
	    [111] = "ECONNREFUSED", [112] = "EHOSTDOWN", [113] = "EHOSTUNREACH", [114] = "EALREADY",
	    [115] = "EINPROGRESS", [116] = "ESTALE", [117] = "EUCLEAN", [118] = "ENOTNAM",
	    [119] = "ENAVAIL", [120] = "EISNAM", [121] = "EREMOTEIO", [122] = "EDQUOT",
	    [123] = "ENOMEDIUM", [124] = "EMEDIUMTYPE", [125] = "ECANCELED", [126] = "ENOKEY",
	    [127] = "EKEYEXPIRED", [128] = "EKEYREVOKED", [129] = "EKEYREJECTED",
	    [130] = "EOWNERDEAD", [131] = "ENOTRECOVERABLE", [132] = "ERFKILL", [133] = "EHWPOISON",
	};
	if (e > 0 && e < (int)(sizeof(names) / sizeof(names[0])) && names[e])
		return names[e];
	return "E?";
}

/* Formats v into buf as "-ENAME" when it is a -errno value, else in decimal. */
static inline const char *tap_val(long v, char *buf, size_t len)
{
	if (v < 0 && v > -4096 && strcmp(errname((int)-v), "E?") != 0)
		snprintf(buf, len, "-%s", errname((int)-v));
	else
		snprintf(buf, len, "%ld", v);
	return buf;
}

/* Passes iff got == want; the reason line shows both (-errno values by name). */
static inline __attribute__((format(printf, 3, 4))) int is(long got, long want, const char *fmt, ...)
{
	char why[96], g[32], w[32];
	va_list ap;
	snprintf(why, sizeof(why), "expected %s, got %s", tap_val(want, w, sizeof(w)),
		 tap_val(got, g, sizeof(g)));
	va_start(ap, fmt);
	tap_result(got == want, why, fmt, ap);
	va_end(ap);
	return got == want;
}

/* For raw calls: passes iff got == -err. */
static inline __attribute__((format(printf, 3, 4))) int is_err(long got, int err, const char *fmt, ...)
{
	char why[96];
	va_list ap;
	if (got < 0 && got > -4096)
		snprintf(why, sizeof(why), "expected -%s, got -%s (%ld)", errname(err),
			 errname((int)-got), got);
	else
		snprintf(why, sizeof(why), "expected -%s, got %ld", errname(err), got);
	va_start(ap, fmt);
	tap_result(got == -err, why, fmt, ap);
	va_end(ap);
	return got == -err;
}

/* For libc calls: passes iff ret == -1 and errno == err. */
static inline __attribute__((format(printf, 3, 4))) int is_errno(long ret, int err, const char *fmt, ...)
{
	int e = errno, pass = ret == -1 && e == err;
	char why[96];
	va_list ap;
	snprintf(why, sizeof(why), "expected -1 (%s), got %ld (errno %s)", errname(err), ret,
		 errname(e));
	va_start(ap, fmt);
	tap_result(pass, why, fmt, ap);
	va_end(ap);
	return pass;
}

/* Describes a wait status ("exit 3", "signal 11") into buf. */
static inline const char *tap_status(int st, char *buf, size_t len)
{
	if (st == -1)
		snprintf(buf, len, "no status (wait failed)");
	else if (WIFEXITED(st))
		snprintf(buf, len, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "signal %d", WTERMSIG(st));
	else
		snprintf(buf, len, "status 0x%x", (unsigned)st);
	return buf;
}

/* Passes iff the wait status st is a normal exit with code. */
static inline __attribute__((format(printf, 3, 4))) int is_exit(int st, int code, const char *fmt, ...)
{
	char got[40], why[80];
	int pass = st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == code;
	va_list ap;
	snprintf(why, sizeof(why), "expected exit %d, got %s", code, tap_status(st, got, 40));
	va_start(ap, fmt);
	tap_result(pass, why, fmt, ap);
	va_end(ap);
	return pass;
}

/* Passes iff the wait status st is a death by signal sig. */
static inline __attribute__((format(printf, 3, 4))) int is_signal(int st, int sig, const char *fmt, ...)
{
	char got[40], why[80];
	int pass = st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == sig;
	va_list ap;
	snprintf(why, sizeof(why), "expected signal %d, got %s", sig, tap_status(st, got, 40));
	va_start(ap, fmt);
	tap_result(pass, why, fmt, ap);
	va_end(ap);
	return pass;
}

/* Prints a passing "ok N - name # SKIP why" line from a va_list name. */
static inline void tap_skip(const char *why, const char *fmt, va_list ap)
{
	char name[400];
	vsnprintf(name, sizeof(name), fmt, ap);
	tap_count++;
	tap_print("ok %d - %s # SKIP %s\n", tap_count, name, why);
}

/* Prints a passing "# SKIP why" line for a check that is not made here. */
static inline __attribute__((format(printf, 2, 3))) void skip_why(const char *why, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_skip(why, fmt, ap);
	va_end(ap);
}

/* Prints a passing "# SKIP not Mica" line for a check that only holds on Mica. */
static inline __attribute__((format(printf, 1, 2))) void skip(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_skip("not Mica", fmt, ap);
	va_end(ap);
}

/*
 * Returns MemFree in kB from /proc/meminfo, or -1. Raw system calls into a
 * stack buffer: no libc state is touched, so two calls around an operation
 * see only the memory the operation took.
 */
static inline long mem_free(void)
{
	char buf[1024], *p;
	long fd = sys_raw(SYS_open, (long)"/proc/meminfo", O_RDONLY, 0, 0, 0), n = 0, r;

	if (fd < 0)
		return -1;
	while (n < (long)sizeof(buf) - 1 &&
	       (r = sys_raw(SYS_read, fd, (long)(buf + n), (long)sizeof(buf) - 1 - n, 0, 0)) > 0)
		n += r;
	sys_raw(SYS_close, fd, 0, 0, 0, 0);
	buf[n] = '\0';
	p = strstr(buf, "MemFree:");
	return p ? strtol(p + 8, NULL, 10) : -1;
}

/* Returns 1 when running on Mica (uname sysname), 0 otherwise. */
static inline int on_mica(void)
{
	static int cached = -1;
	struct utsname u;
	if (cached < 0)
		cached = uname(&u) == 0 && strcmp(u.sysname, "Mica") == 0;
	return cached;
}

/* Returns 1 on Mica; elsewhere prints the check's "# SKIP not Mica" line, returns 0. */
static inline __attribute__((format(printf, 1, 2))) int mica_only(const char *fmt, ...)
{
	va_list ap;
	if (on_mica())
		return 1;
	va_start(ap, fmt);
	tap_skip("not Mica", fmt, ap);
	va_end(ap);
	return 0;
}

/* Ends the run. Returns the exit code: 0 iff all planned checks ran and passed. */
static inline int done(void)
{
	if (tap_count != tap_planned) {
		diag("planned %d checks, ran %d", tap_planned, tap_count);
		return 1;
	}
	return tap_failed ? 1 : 0;
}

/* Runs fn(arg) in a forked child that then exits 0. Returns the wait status, or -1. */
static inline int run_child(void (*fn)(long), long arg)
{
	int st;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* sysN(nr, args...): N arguments, each cast to long (pointers included). */
#define sys0(nr) sys_raw((nr), 0, 0, 0, 0, 0)
#define sys1(nr, a) sys_raw((nr), (long)(a), 0, 0, 0, 0)
#define sys2(nr, a, b) sys_raw((nr), (long)(a), (long)(b), 0, 0, 0)
#define sys3(nr, a, b, c) sys_raw((nr), (long)(a), (long)(b), (long)(c), 0, 0)
#define sys4(nr, a, b, c, d) sys_raw((nr), (long)(a), (long)(b), (long)(c), (long)(d), 0)
#define sys5(nr, a, b, c, d, e) sys_raw((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))

/* Addresses that no user pointer may reach on Mica (and that are unmapped on Linux). */
#define KERNEL_BASE 0xC0000000UL
#define KERNEL_TEXT 0xC0100000UL

#endif /* TAP_H */
