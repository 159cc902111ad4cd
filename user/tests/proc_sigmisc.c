/*
 * proc_sigmisc: signal dispositions, umask, shared anonymous memory, lazy
 * .bss and huge read/write counts, checked the same way on Linux and Mica.
 *
 *   SIG_IGN      an ignored SIGPIPE turns pipe death into -EPIPE; SIG_IGN
 *                survives fork and execve; SIGKILL cannot be ignored;
 *                rt_sigaction reports the old action; bad arguments fail
 *   umask        returns the old mask and shapes the mode of new files
 *   MAP_SHARED   a child's writes to shared anonymous memory reach the parent
 *   .bss         a 64 MiB .bss costs nothing until it is touched
 *   counts       "negative" read/write counts are huge counts: clamped
 */
#include "tap.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static char big_bss[64 << 20];

/* Child: writes to a pipe with no reader and reports what write returned. */
static void write_no_reader(long ignore)
{
	int p[2];
	if (ignore)
		signal(SIGPIPE, SIG_IGN);
	if (pipe(p))
		_exit(100);
	close(p[0]);
	long r = sys3(SYS_write, p[1], "x", 1);
	_exit(r == -EPIPE ? 7 : 8);
}

static void signals(char *self)
{
	int st = run_child(write_no_reader, 0);
	is_signal(st, SIGPIPE, "SIGPIPE by default kills a writer with no reader");
	st = run_child(write_no_reader, 1);
	is_exit(st, 7, "with SIGPIPE ignored, the write returns -EPIPE");

	/* the old action: 20 bytes, handler first */
	unsigned long act[5] = { (unsigned long)SIG_IGN }, old[5];
	memset(old, 0xff, sizeof(old));
	is(sys4(SYS_rt_sigaction, SIGUSR1, act, old, 8), 0, "rt_sigaction SIG_IGN on SIGUSR1");
	is((long)old[0], (long)SIG_DFL, "the old action was SIG_DFL");
	is(sys4(SYS_rt_sigaction, SIGUSR1, 0, old, 8), 0, "rt_sigaction query");
	is((long)old[0], (long)SIG_IGN, "the action is now SIG_IGN");
	is_err(sys4(SYS_rt_sigaction, SIGKILL, act, 0, 8), EINVAL, "SIGKILL cannot be ignored");
	is(sys4(SYS_rt_sigaction, SIGKILL, 0, old, 8), 0, "SIGKILL's action can be read");
	is_err(sys4(SYS_rt_sigaction, 0, 0, old, 8), EINVAL, "signal 0 is invalid");
	is_err(sys4(SYS_rt_sigaction, 65, 0, old, 8), EINVAL, "signal 65 is invalid");
	is_err(sys4(SYS_rt_sigaction, SIGUSR1, 0, old, 4), EINVAL, "sigset size 4 is invalid");
	is_err(sys4(SYS_rt_sigaction, SIGUSR1, KERNEL_BASE, 0, 8), EFAULT, "act at a kernel address");
	is_err(sys4(SYS_rt_sigaction, SIGUSR1, 0, KERNEL_BASE, 8), EFAULT, "oact at a kernel address");

	/* an ignored signal sent by kill does nothing, in this process and in
	 * a forked child; SIGKILL still kills */
	is(kill(getpid(), SIGUSR1), 0, "kill(self, ignored SIGUSR1) returns 0");
	pid_t pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGUSR1);
		_exit(5);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 5, "SIG_IGN is inherited by fork");

	/* ... and kept across execve */
	pid = fork();
	if (pid == 0) {
		char *argv[] = { self, "--ignored-child", NULL };
		execve(self, argv, NULL);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 6, "SIG_IGN is kept across execve");
	signal(SIGUSR1, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGUSR1);
		_exit(5);
	}
	waitpid(pid, &st, 0);
	is_signal(st, SIGUSR1, "back to SIG_DFL, SIGUSR1 kills");
}

static void umasks(void)
{
	struct stat st;

	umask(022);
	is(umask(077), 022, "umask returns the old mask");
	int fd = open("/tmp/proc_sigmisc.u", O_CREAT | O_WRONLY | O_TRUNC, 0666);
	ok(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "umask 077 makes a 0666 file 0600");
	close(fd);
	unlink("/tmp/proc_sigmisc.u");
	is(umask(0), 077, "umask 0 returns 077");
	fd = open("/tmp/proc_sigmisc.u", O_CREAT | O_WRONLY | O_TRUNC, 0666);
	ok(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0666,
	   "umask 0 keeps 0666");
	close(fd);
	unlink("/tmp/proc_sigmisc.u");
	is(umask(01777), 0, "umask keeps only the permission bits");
	is(umask(022), 0777, "so 01777 reads back as 0777");
	umask(022);
	ok(mkdir("/tmp/proc_sigmisc.d", 0777) == 0 && stat("/tmp/proc_sigmisc.d", &st) == 0 &&
		   (st.st_mode & 0777) == 0755,
	   "mkdir 0777 under umask 022 gives 0755");
	rmdir("/tmp/proc_sigmisc.d");
}

static void shared_memory(void)
{
	int *m = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *priv = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st;

	ok(m != MAP_FAILED && priv != MAP_FAILED, "mmap MAP_SHARED and MAP_PRIVATE anonymous");
	ok(m[0] == 0 && m[1024] == 0 && m[2048] == 0, "shared memory starts zeroed");
	m[0] = 1;
	*priv = 1;
	pid_t pid = fork();
	if (pid == 0) {
		m[0] = 42;
		m[2048] = 43;
		*priv = 44;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	is(m[0], 42, "the child's write to a shared page reaches the parent");
	is(m[2048], 43, "also on a page nobody had touched before fork");
	is(*priv, 1, "while a private page stays the parent's own");
	pid = fork();
	if (pid == 0)
		_exit(m[0] == 42 && m[2048] == 43 ? 0 : 1);
	waitpid(pid, &st, 0);
	is_exit(st, 0, "the parent's memory is what a second child sees");
	is(munmap(m, 3 * 4096), 0, "munmap the shared mapping");
	is_err(sys5(SYS_mmap2, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1), EINVAL,
	       "mmap2 of length 0");
}

static void lazy_bss(void)
{
	long before = mem_free();
	big_bss[0] = 1;
	big_bss[sizeof(big_bss) - 1] = 2;
	long after = mem_free();
	if (on_mica())
		ok(before > 0 && before - after < 1024,
		   "a 64 MiB .bss costs less than 1 MiB until touched");
	else
		skip("a 64 MiB .bss costs less than 1 MiB until touched");
	ok(big_bss[1] == 0 && big_bss[sizeof(big_bss) / 2] == 0, ".bss reads as zero");
}

static void counts(void)
{
	static char buf[16384];
	int fd = open("/tmp/proc_sigmisc.c", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int null = open("/dev/null", O_WRONLY);

	ok(fd >= 0 && null >= 0, "open a scratch file and /dev/null");
	is(write(fd, buf, 5000), 5000, "write 5000 bytes");
	lseek(fd, 0, SEEK_SET);
	is(sys3(SYS_read, fd, buf, -1), 5000, "read with count -1 stops at EOF");
	lseek(fd, 0, SEEK_SET);
	is(sys3(SYS_read, fd, buf, 0x80000000), 5000, "read with count 0x80000000 too");
	is(sys3(SYS_write, null, buf, 0x7fffffff), 0x7ffff000, "write 0x7fffffff to /dev/null");
	is(sys5(SYS_pread64, fd, buf, -1, 100, 0), 4900, "pread64 count -1 at 100");
	lseek(fd, 0, SEEK_SET);
	is_err(sys3(SYS_read, fd, KERNEL_TEXT, -1), EFAULT, "read count -1 into a kernel address");
	close(fd);
	close(null);
	unlink("/tmp/proc_sigmisc.c");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--ignored-child")) {
		kill(getpid(), SIGUSR1);
		return 6;
	}
	plan(41);
	signals(argv[0]);
	umasks();
	shared_memory();
	lazy_bss();
	counts();
	return done();
}
