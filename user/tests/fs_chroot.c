/*
 * fs_chroot: chroot (61), against Linux (as root on both). Each case runs
 * in a child, since a root cannot be given back.
 *
 *   errors    EFAULT (NULL, unmapped, kernel), ENOENT (missing, ""),
 *             ENOTDIR (a file, or a file as a middle component),
 *             ENAMETOOLONG, ELOOP; EPERM without CAP_SYS_CHROOT (as
 *             nobody), after the lookup's errors
 *   walk      absolute paths and absolute symbolic links start at the new
 *             root; ".." stops there, from "/" and from below; the cwd is
 *             left where it was and getcwd then says "(unreachable)";
 *             after chdir("/") getcwd follows the new root
 *   nested    a relative chroot inside the first, confined again
 *   inherit   fork's child and an execve'd program keep the root;
 *             /proc/PID/root names it, seen from outside
 */
#include "tap.h"
#include "raw.h"

#include <limits.h>
#include <sys/stat.h>

#define NR_chroot 61

static char dir[64], file[96], sub[96], lnk[96], prog[96], deep[96];

static long rchroot(const char *p)
{
	return sys1(NR_chroot, p);
}

static int is_file(const char *p)
{
	struct kstat64 st;
	return RSYS(SYS_stat64, p, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *p)
{
	struct kstat64 st;
	return RSYS(SYS_stat64, p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* getcwd into buf, "" on error. */
static const char *cwd(char *buf, size_t n)
{
	long r = RSYS(SYS_getcwd, buf, n);
	if (r < 0)
		buf[0] = '\0';
	return buf;
}

static void errors(void)
{
	char longname[PATH_MAX + 16];

	is_err(rchroot(NULL), EFAULT, "chroot(NULL): EFAULT");
	is_err(rchroot((char *)unmapped()), EFAULT, "unmapped path: EFAULT");
	is_err(rchroot((char *)KERNEL_BASE), EFAULT, "kernel path: EFAULT");
	is_err(rchroot("/nonexistent/dir"), ENOENT, "missing directory: ENOENT");
	is_err(rchroot(""), ENOENT, "empty path: ENOENT");
	is_err(rchroot(file), ENOTDIR, "a regular file: ENOTDIR");
	char through[128];
	snprintf(through, sizeof(through), "%s/x", file);
	is_err(rchroot(through), ENOTDIR, "a file as a middle component: ENOTDIR");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	is_err(rchroot(longname), ENAMETOOLONG, "a path over PATH_MAX: ENAMETOOLONG");
	char loop[128];
	snprintf(loop, sizeof(loop), "%s/loop", dir);
	RSYS(SYS_symlink, loop, loop);
	is_err(rchroot(loop), ELOOP, "a symbolic link loop: ELOOP");
	RSYS(SYS_unlink, loop);
	char here[256];
	is(RSYS(SYS_getcwd, here, sizeof(here)) > 0 && is_dir(dir), 1,
	   "after the failures nothing changed");
}

/* In a child: chroot(dir) and walk; exit code bit i set for check i failing. */
static void walk_child(long unused)
{
	(void)unused;
	char before[256], buf[300], want[300];
	int bad = 0;

	cwd(before, sizeof(before));
	if (rchroot(dir) != 0)
		rexit(255);
	bad |= !is_file("/f") << 0;
	bad |= !is_dir("/sub") << 1;
	bad |= !is_file("/../f") << 2;
	bad |= !is_file("/../../sub/../f") << 3;
	bad |= !is_file("/lnk") << 4; /* "/f" seen from the new root */
	snprintf(want, sizeof(want), "(unreachable)%s", before);
	bad |= (strcmp(cwd(buf, sizeof(buf)), want) != 0) << 5;
	bad |= (RSYS(SYS_chdir, "/") != 0) << 6;
	bad |= (strcmp(cwd(buf, sizeof(buf)), "/") != 0) << 7;
	RSYS(SYS_chdir, "..");
	bad |= (strcmp(cwd(buf, sizeof(buf)), "/") != 0) << 8;
	RSYS(SYS_chdir, "sub/deep");
	bad |= (strcmp(cwd(buf, sizeof(buf)), "/sub/deep") != 0) << 9;
	RSYS(SYS_chdir, "../../../..");
	bad |= (strcmp(cwd(buf, sizeof(buf)), "/") != 0) << 10;
	rexit(bad);
}

static void nested_child(long unused)
{
	(void)unused;
	char buf[64];
	int bad = 0;

	if (RSYS(SYS_chdir, dir) != 0 || rchroot(".") != 0)
		rexit(255);
	bad |= (rchroot("sub") != 0) << 0;
	bad |= !is_dir("/deep") << 1;
	bad |= is_file("/f") << 2;
	bad |= is_file("/../f") << 3;
	RSYS(SYS_chdir, "/");
	bad |= (strcmp(cwd(buf, sizeof(buf)), "/") != 0) << 4;
	bad |= !is_dir("deep") << 5;
	rexit(bad);
}

/* As nobody: exit code bit i set for check i failing. */
static void nobody_child(long unused)
{
	(void)unused;
	int bad = 0;
	if (RSYS(SYS_setuid32, 65534) != 0)
		rexit(255);
	bad |= (rchroot(dir) != -EPERM) << 0;
	bad |= (rchroot(file) != -ENOTDIR) << 1;
	bad |= (rchroot("/nonexistent/dir") != -ENOENT) << 2;
	bad |= (rchroot(NULL) != -EFAULT) << 3;
	bad |= !is_file(file) << 4; /* the root is still the old one */
	rexit(bad);
}

static int exec_check(void)
{
	return is_file("/f") && is_dir("/sub") && !is_file("/prog/x") ? 0 : 1;
}

static void exec_child(long unused)
{
	(void)unused;
	if (rchroot(dir) != 0 || RSYS(SYS_chdir, "/") != 0)
		rexit(254);
	long pid = rfork();
	if (pid == 0)
		rexit(is_file("/f") && !is_file(file) ? 0 : 1);
	if (rwait(pid) != 0)
		rexit(253);
	char *args[] = { "/prog", "exec-check", NULL };
	char *env[] = { NULL };
	RSYS(SYS_execve, "/prog", args, env);
	rexit(252);
}

/* Copy file from to to (mode 0755). Returns 0 or -1. */
static int copy(const char *from, const char *to)
{
	static char chunk[PAGE];
	long in = ropen(from, O_RDONLY, 0);
	long out = ropen(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	long n;

	if (in < 0 || out < 0)
		return -1;
	while ((n = RSYS(SYS_read, in, chunk, sizeof(chunk))) > 0)
		if (RSYS(SYS_write, out, chunk, n) != n)
			return -1;
	RSYS(SYS_close, in);
	RSYS(SYS_close, out);
	return n < 0 ? -1 : 0;
}

static void proc_root(void)
{
	char buf[128];
	long n = RSYS(SYS_readlink, "/proc/self/root", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	is(strcmp(buf, "/"), 0, "/proc/self/root is / without chroot");

	int go[2], ready[2];
	RSYS(SYS_pipe, go);
	RSYS(SYS_pipe, ready);
	long pid = rfork();
	if (pid == 0) {
		char c = 0;
		long r = rchroot(dir);
		RSYS(SYS_write, ready[1], &c, 1);
		RSYS(SYS_read, go[0], &c, 1);
		rexit(r != 0);
	}
	char c, link[64];
	RSYS(SYS_read, ready[0], &c, 1);
	snprintf(link, sizeof(link), "/proc/%ld/root", pid);
	n = RSYS(SYS_readlink, link, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	is(strcmp(buf, dir), 0, "/proc/PID/root names the new root, seen from outside");
	char through[160];
	snprintf(through, sizeof(through), "/proc/%ld/root/f", pid);
	ok(is_file(through), "and leads into it");
	RSYS(SYS_write, go[1], &c, 1);
	is(rwait(pid), 0, "the chrooted child");
	RSYS(SYS_close, go[0]);
	RSYS(SYS_close, go[1]);
	RSYS(SYS_close, ready[0]);
	RSYS(SYS_close, ready[1]);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "exec-check") == 0)
		return exec_check();
	plan(20);
	tmpname(dir, "fs_chroot");
	snprintf(file, sizeof(file), "%s/f", dir);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	snprintf(deep, sizeof(deep), "%s/sub/deep", dir);
	snprintf(lnk, sizeof(lnk), "%s/lnk", dir);
	snprintf(prog, sizeof(prog), "%s/prog", dir);
	int setup = RSYS(SYS_mkdir, dir, 0755) == 0 && RSYS(SYS_mkdir, sub, 0755) == 0 &&
		    RSYS(SYS_mkdir, deep, 0755) == 0 && RSYS(SYS_symlink, "/f", lnk) == 0;
	long fd = ropen(file, O_WRONLY | O_CREAT, 0644);
	setup &= fd >= 0 && copy(argv[0], prog) == 0;
	RSYS(SYS_close, fd);
	if (!ok(setup, "set up a directory tree"))
		return done();
	errors();
	is_exit(run_child(nobody_child, 0), 0,
		"as nobody: EPERM, but ENOTDIR, ENOENT and EFAULT first");
	is_exit(run_child(walk_child, 0), 0,
		"chroot: absolute paths, links and .. confined; cwd left; getcwd");
	is_exit(run_child(nested_child, 0), 0, "a nested relative chroot is confined again");
	is_exit(run_child(exec_child, 0), 0, "fork and execve keep the root");
	proc_root();
	RSYS(SYS_unlink, prog);
	RSYS(SYS_unlink, lnk);
	RSYS(SYS_unlink, file);
	RSYS(SYS_rmdir, deep);
	RSYS(SYS_rmdir, sub);
	is(RSYS(SYS_rmdir, dir), 0, "clean up");
	return done();
}
