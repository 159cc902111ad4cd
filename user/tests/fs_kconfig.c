/*
 * fs_kconfig: the kernel's configuration, where programs look for it
 * (LTP's tst_kconfig, distributions' tools): /proc/config.gz, or
 * /boot/config-RELEASE with uname's release. Linux here has the first,
 * Mica the second (user/kconfig): on both one of them is a readable
 * regular file. On Mica its options say what Mica has and lacks.
 */
#include "tap.h"
#include "raw.h"

#include <sys/stat.h>
#include <sys/utsname.h>

static char text[8192];

/* Is the line "opt" (e.g. "CONFIG_FUTEX=y") in text? */
static int has_line(const char *opt)
{
	size_t n = strlen(opt);
	for (const char *p = text; (p = strstr(p, opt)); p += n)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

int main(void)
{
	struct utsname u;
	char boot[128];
	struct kstat64 st;

	plan(7);
	uname(&u);
	snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
	const char *path = RSYS(SYS_stat64, "/proc/config.gz", &st) == 0 ? "/proc/config.gz" : boot;
	is(RSYS(SYS_stat64, path, &st), 0, "/proc/config.gz or /boot/config-RELEASE exists");
	ok(S_ISREG(st.st_mode) && (st.st_mode & 0444) == 0444 && !(st.st_mode & 0222 & ~0200),
	   "a regular file everyone may read and only its owner write");
	long fd = ropen(path, O_RDONLY, 0);
	long n = fd >= 0 ? RSYS(SYS_read, fd, text, sizeof(text) - 1) : -1;
	ok(n > 0, "it can be read");
	RSYS(SYS_close, fd);
	text[n > 0 ? n : 0] = '\0';
	if (mica_only("the options Mica has are set"))
		ok(has_line("CONFIG_POSIX_TIMERS=y") && has_line("CONFIG_TIMERFD=y") &&
			   has_line("CONFIG_FUTEX=y") && has_line("CONFIG_TMPFS=y"),
		   "the options Mica has are set");
	if (mica_only("HZ is 100"))
		ok(has_line("CONFIG_HZ=100"), "HZ is 100");
	if (mica_only("the ones it lacks are not"))
		ok(!strstr(text, "CONFIG_EVENTFD=") && !strstr(text, "CONFIG_AIO=") &&
			   !strstr(text, "CONFIG_PID_NS=") && !strstr(text, "CONFIG_SYSVIPC="),
		   "the ones it lacks are not");
	if (mica_only("no option is m (there are no modules)"))
		ok(!strstr(text, "=m\n"), "no option is m (there are no modules)");
	return done();
}
