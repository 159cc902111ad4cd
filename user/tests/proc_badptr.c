/*
 * proc_badptr - every pointer-taking system call refuses bad pointers with
 * -EFAULT, loses no data, and leaves the process running.
 *
 * Each call is made through raw int $0x80 with five kinds of bad pointer:
 * NULL, 0xC0000000 (start of kernel space), 0xC0100000 (kernel text), an
 * unmapped user page (a hole between two mapped pages), and an object that
 * wraps past 4 GiB (for a buffer: 0xFFFFF000 with 8 KiB). Then: partial
 * transfers up to a fault, data left in place, no leaked fds, and a child
 * making every bad call exits normally.
 */
#include "tap.h"
#include "badptr.h"

#include <fcntl.h>
#include <sys/uio.h>

static int rp[2], wp[2], file; /* pipe holding data, empty pipe, a 2-page file */

/* Makes rp a pipe holding 16 bytes with its write end closed: a read never blocks. */
static void fill_rp(void)
{
	pipe(rp);
	write(rp[1], "0123456789abcdef", 16);
	close(rp[1]);
}
static char statbuf[256];
static char *no_args[] = {"x", NULL};
static int free_fd; /* lowest free fd once the setup is done */

static long c_read(unsigned long p, unsigned long n)
{
	return sys3(SYS_read, rp[0], p, n);
}
static long c_write(unsigned long p, unsigned long n)
{
	return sys3(SYS_write, wp[1], p, n);
}
static long c_pread(unsigned long p, unsigned long n)
{
	return sys5(SYS_pread64, file, p, n, 0, 0);
}
static long c_pwrite(unsigned long p, unsigned long n)
{
	return sys5(SYS_pwrite64, file, p, n, 0, 0);
}
static long c_readv(unsigned long p, unsigned long n)
{
	(void)n;
	return sys3(SYS_readv, rp[0], p, 2);
}
static long c_writev(unsigned long p, unsigned long n)
{
	(void)n;
	return sys3(SYS_writev, wp[1], p, 2);
}
static long c_preadv(unsigned long p, unsigned long n)
{
	(void)n;
	return sys5(SYS_preadv, file, p, 2, 0, 0);
}
static long c_pwritev(unsigned long p, unsigned long n)
{
	(void)n;
	return sys5(SYS_pwritev, file, p, 2, 0, 0);
}
static long c_readv_base(unsigned long p, unsigned long n)
{
	struct iovec iov = {(void *)p, n};
	return sys3(SYS_readv, rp[0], &iov, 1);
}
static long c_writev_base(unsigned long p, unsigned long n)
{
	struct iovec iov = {(void *)p, n};
	return sys3(SYS_writev, wp[1], &iov, 1);
}
static long c_open(unsigned long p, unsigned long n)
{
	(void)n;
	return sys2(SYS_open, p, O_RDONLY);
}
static long c_openat(unsigned long p, unsigned long n)
{
	(void)n;
	return sys3(SYS_openat, AT_FDCWD, p, O_RDONLY);
}
static long c_access(unsigned long p, unsigned long n)
{
	(void)n;
	return sys2(SYS_access, p, F_OK);
}
static long c_chdir(unsigned long p, unsigned long n)
{
	(void)n;
	return sys1(SYS_chdir, p);
}
static long c_stat_path(unsigned long p, unsigned long n)
{
	(void)n;
	return sys2(SYS_stat64, p, statbuf);
}
static long c_fstatat_path(unsigned long p, unsigned long n)
{
	(void)n;
	return sys4(SYS_fstatat64, AT_FDCWD, p, statbuf, 0);
}
static long c_execve_path(unsigned long p, unsigned long n)
{
	(void)n;
	return sys3(SYS_execve, p, no_args, NULL);
}
static long c_stat_buf(unsigned long p, unsigned long n)
{
	(void)n;
	return sys2(SYS_stat64, "/", p);
}
static long c_fstat_buf(unsigned long p, unsigned long n)
{
	(void)n;
	return sys2(SYS_fstat64, file, p);
}
static long c_fstatat_buf(unsigned long p, unsigned long n)
{
	(void)n;
	return sys4(SYS_fstatat64, AT_FDCWD, "/", p, 0);
}
static long c_pipe(unsigned long p, unsigned long n)
{
	(void)n;
	return sys1(SYS_pipe, p);
}
static long c_uname(unsigned long p, unsigned long n)
{
	(void)n;
	return sys1(SYS_uname, p);
}
static long c_nanosleep(unsigned long p, unsigned long n)
{
	(void)n;
	return sys2(SYS_nanosleep, p, 0);
}
static long c_getcwd(unsigned long p, unsigned long n)
{
	return sys2(SYS_getcwd, p, n);
}
static long c_set_thread_area(unsigned long p, unsigned long n)
{
	(void)n;
	return sys1(SYS_set_thread_area, p);
}
static long c_llseek(unsigned long p, unsigned long n)
{
	(void)n;
	return sys5(SYS__llseek, file, 0, 0, p, SEEK_SET);
}
static long c_getdents(unsigned long p, unsigned long n)
{
	int dir = open("/", O_RDONLY | O_DIRECTORY);
	long r = sys3(SYS_getdents64, dir, p, n);
	close(dir);
	return r;
}
/* waitpid/wait4 on a real child that has exited. */
static long c_wait(long nr, unsigned long p)
{
	pid_t pid = fork();
	long r;
	if (pid == 0)
		_exit(0);
	r = sys4(nr, pid, p, 0, 0);
	waitpid(pid, NULL, 0); /* in case the failing call left it */
	return r;
}
static long c_waitpid(unsigned long p, unsigned long n)
{
	(void)n;
	return c_wait(SYS_waitpid, p);
}
static long c_wait4(unsigned long p, unsigned long n)
{
	(void)n;
	return c_wait(SYS_wait4, p);
}

static const struct bad_case {
	const char *name;
	unsigned long size; /* bytes the call touches at the pointer */
	long (*call)(unsigned long ptr, unsigned long size);
	int null_ok; /* NULL is a legal argument: the call must succeed */
} cases[] = {
    {"read buffer", 2 * PAGE, c_read, 0},
    {"write buffer", 2 * PAGE, c_write, 0},
    {"pread64 buffer", 2 * PAGE, c_pread, 0},
    {"pwrite64 buffer", 2 * PAGE, c_pwrite, 0},
    {"readv iovec array", 2 * sizeof(struct iovec), c_readv, 0},
    {"writev iovec array", 2 * sizeof(struct iovec), c_writev, 0},
    {"preadv iovec array", 2 * sizeof(struct iovec), c_preadv, 0},
    {"pwritev iovec array", 2 * sizeof(struct iovec), c_pwritev, 0},
    {"readv iov_base", 2 * PAGE, c_readv_base, 0},
    {"writev iov_base", 2 * PAGE, c_writev_base, 0},
    {"open path", 4, c_open, 0},
    {"openat path", 4, c_openat, 0},
    {"access path", 4, c_access, 0},
    {"chdir path", 4, c_chdir, 0},
    {"stat64 path", 4, c_stat_path, 0},
    {"fstatat64 path", 4, c_fstatat_path, 0},
    {"execve path", 4, c_execve_path, 0},
    {"stat64 buffer", 96, c_stat_buf, 0},
    {"fstat64 buffer", 96, c_fstat_buf, 0},
    {"fstatat64 buffer", 96, c_fstatat_buf, 0},
    {"pipe fd array", 8, c_pipe, 0},
    {"uname buffer", 390, c_uname, 0},
    {"nanosleep request", 8, c_nanosleep, 0},
    {"waitpid status", 4, c_waitpid, 1},
    {"wait4 status", 4, c_wait4, 1},
    {"getcwd buffer", 512, c_getcwd, 0},
    {"set_thread_area descriptor", 16, c_set_thread_area, 0},
    {"_llseek result", 8, c_llseek, 0},
    {"getdents64 buffer", 2 * PAGE, c_getdents, 0},
};
#define NCASES (int)(sizeof(cases) / sizeof(cases[0]))

/* Makes every bad call; returns how many did not give -EFAULT. */
static int all_cases(int report)
{
	int wrong = 0;
	for (int c = 0; c < NCASES; c++) {
		for (int k = 0; k < NKINDS; k++) {
			long r = cases[c].call(bad_ptr(k, cases[c].size), cases[c].size);
			if (k == 0 && cases[c].null_ok) {
				if (report)
					ok(r > 0, "%s NULL is allowed", cases[c].name);
				wrong += r <= 0;
				continue;
			}
			if (report)
				is_err(r, EFAULT, "%s at %s", cases[c].name, kind_name[k]);
			wrong += r != -EFAULT;
		}
	}
	return wrong;
}

static void child_all_cases(long unused)
{
	(void)unused;
	_exit(all_cases(0) ? 1 : 0);
}

/* After the failures: nothing lost, nothing leaked, partial transfers up to the fault. */
static void after_checks(void)
{
	char buf[64], *edge = (char *)(badptr_hole - 100); /* last 100 bytes before the hole */
	long long pos = -1;

	memset(buf, 0, sizeof(buf));
	ok(read(rp[0], buf, sizeof(buf)) == 16 && memcmp(buf, "0123456789abcdef", 16) == 0,
	   "the pipe's 16 bytes survived every failed read");
	write(wp[1], "end", 3);
	ok(read(wp[0], buf, sizeof(buf)) == 3 && memcmp(buf, "end", 3) == 0,
	   "failed writes put nothing into the pipe");
	is(lowest_free_fd(), free_fd, "no fd leaked by the failed pipe() and open() calls");
	is(sys5(SYS__llseek, file, 0, 5, KERNEL_BASE, SEEK_SET), -EFAULT,
	   "_llseek to 5 with a bad result pointer");
	is(sys5(SYS__llseek, file, 0, 0, &pos, SEEK_CUR), 0, "_llseek SEEK_CUR");
	is((long)pos, 5, "as on Linux, the failed _llseek still moved the offset");

	memset(edge, 'e', 100);
	is(sys5(SYS_pwrite64, file, edge, 200, 0, 0), 100,
	   "pwrite64 stops at the fault: 100 bytes");
	is(sys5(SYS_pread64, file, edge, 200, 0, 0), 100, "pread64 stops at the fault: 100 bytes");
	struct iovec iov[2] = {{buf, 10}, {(void *)badptr_hole, 10}};
	is(sys5(SYS_preadv, file, iov, 2, 0, 0), 10, "preadv: second segment unmapped, 10 bytes");
	iov[1].iov_len = 0;
	is(sys5(SYS_pwritev, file, iov, 2, 0, 0), 10,
	   "pwritev: unmapped segment of length 0 skipped");
	edge[99] = '\0';
	memcpy(edge + 90, "/nonexist", 9);
	is_err(sys2(SYS_open, edge + 90, O_RDONLY), ENOENT,
	       "path ending on the last byte of a page");
	edge[99] = 'x';
	is_err(sys2(SYS_open, edge + 90, O_RDONLY), EFAULT, "path running into an unmapped page");
	is_err(sys2(SYS_getcwd, buf, 1), ERANGE, "getcwd into 1 byte");
	long n = sys2(SYS_getcwd, buf, sizeof(buf));
	ok(n > 1 && n == (long)strlen(buf) + 1, "getcwd still works and counts the NUL");

	/* The kernel half is out of reach even for zero bytes (i386 access_ok). */
	if (on_mica()) {
		is_err(sys3(SYS_read, rp[0], KERNEL_TEXT, 0), EFAULT,
		       "read of 0 bytes into 0xC0100000");
		iov[1].iov_base = (void *)KERNEL_TEXT;
		is_err(sys3(SYS_writev, wp[1], iov, 2), EFAULT,
		       "writev: kernel segment of length 0");
	} else {
		skip("read of 0 bytes into 0xC0100000");
		skip("writev: kernel segment of length 0");
	}
	is(sys3(SYS_readv, rp[0], NULL, 0), 0, "readv with iovcnt 0 ignores the array pointer");
}

int main(void)
{
	static const char fill[2 * PAGE] = "file contents";

	plan(NCASES * NKINDS + 18);
	badptr_setup();
	fill_rp();
	pipe(wp);
	file = open("/tmp/proc_badptr.tmp", O_CREAT | O_TRUNC | O_RDWR, 0644);
	write(file, fill, sizeof(fill));
	close(file);
	file = open("/tmp/proc_badptr.tmp", O_RDWR);
	free_fd = lowest_free_fd();

	all_cases(1);
	after_checks();
	close(rp[0]);
	fill_rp();
	is_exit(run_child(child_all_cases, 0), 0,
		"a child making every bad call again exits normally");
	unlink("/tmp/proc_badptr.tmp");
	return done();
}
