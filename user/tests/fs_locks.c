/*
 * fs_locks: advisory locks as Linux keeps them, with a parent and forked
 * children contending. POSIX record locks through both i386 layouts of
 * struct flock (byte ranges, l_whence SEEK_SET/CUR/END, l_len 0 and
 * negative, read/write compatibility, splitting, merging, upgrade and
 * downgrade, F_UNLCK of part of a range, l_pid in F_GETLK, release on the
 * close of any descriptor and at exit, F_SETLKW waiting and EINTR,
 * EDEADLK), OFD locks (per open file, released on its last close), flock
 * (per open file, EWOULDBLOCK, conversions, waiting, EINTR), and the bad
 * paths: EBADF for the fd's mode, EINVAL for l_type/l_whence/l_pid,
 * EOVERFLOW, EFAULT. Children report through exit codes and pipes.
 */
#include "tap.h"

#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/time.h>

#define FCNTL64 221
#define F "/tmp/fs_locks.f"
#define XF_GETLK 5
#define XF_SETLK 6
#define XF_SETLKW 7
#define XF_GETLK64 12
#define XF_SETLK64 13
#define XF_SETLKW64 14
#define XF_OFD_GETLK 36
#define XF_OFD_SETLK 37
#define XF_OFD_SETLKW 38
#define BADPTR 1
#define INT64MAX 0x7fffffffffffffffLL

/* struct flock of the i386 ABI: 32-bit offsets */
struct fl32 {
	short type, whence;
	int start, len, pid;
};

/* struct flock64 of the i386 ABI: packed, 24 bytes */
struct fl64 {
	short type, whence;
	long long start, len;
	int pid;
} __attribute__((packed));

/* fcntl64(fd, cmd, struct flock64 {type, whence, start, len, pid 0}). */
static long lk(int fd, int cmd, int type, int whence, long long start, long long len)
{
	struct fl64 l = { (short)type, (short)whence, start, len, 0 };
	return sys3(FCNTL64, fd, cmd, &l);
}

/* F_GETLK64 in a forked child (another owner): the answer in *out.
 * Returns the call's result. */
static long probe(int fd, int cmd, int type, long long start, long long len, struct fl64 *out)
{
	int p[2];
	long r = -9999;

	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		struct fl64 l = { (short)type, SEEK_SET, start, len, 0 };
		long res = sys3(FCNTL64, fd, cmd, &l);
		write(p[1], &res, sizeof(res));
		write(p[1], &l, sizeof(l));
		_exit(0);
	}
	close(p[1]);
	read(p[0], &r, sizeof(r));
	read(p[0], out, sizeof(*out));
	close(p[0]);
	waitpid(pid, NULL, 0);
	return r;
}

/* Passes iff another process sees the conflict {type, start, len}
 * (type F_UNLCK: none) when asking for type ask over [at, at + 1). */
static void sees(int fd, int ask, long long at, int type, long long start, long long len,
		 const char *name)
{
	struct fl64 l;
	long r = probe(fd, XF_GETLK64, ask, at, 1, &l);

	if (type == F_UNLCK)
		ok(r == 0 && l.type == F_UNLCK && l.start == at, "%s", name);
	else
		ok(r == 0 && l.type == type && l.whence == SEEK_SET && l.start == start &&
			   l.len == len && l.pid == getpid(),
		   "%s", name);
}

/* In a child: try cmd for type over [start, start + len) on fd. Returns
 * the child's exit code: 0 if the call returned want, else 1. */
static int child_try(int fd, int cmd, int type, long long start, long long len, long want)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(lk(fd, cmd, type, SEEK_SET, start, len) == want ? 0 : 1);
	waitpid(pid, &st, 0);
	return st;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Arm SIGALRM in 100 ms with a handler that does not restart calls. */
static void alarm_soon(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Does fd become readable within ms milliseconds? */
static int readable(int fd, int ms)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	return poll(&pfd, 1, ms) == 1;
}

static void bad_paths(int fd)
{
	int ro = open(F, O_RDONLY), wo = open(F, O_WRONLY), none = sys3(SYS_open, F, 3, 0);
	struct fl32 s = { F_WRLCK, SEEK_SET, 0, 1, 0 };

	is_err(lk(fd, XF_SETLK64, F_WRLCK, 3, 0, 1), EINVAL, "l_whence 3 is EINVAL");
	is_err(lk(fd, XF_SETLK64, 5, SEEK_SET, 0, 1), EINVAL, "l_type 5 is EINVAL");
	is_err(lk(fd, XF_GETLK64, F_UNLCK, SEEK_SET, 0, 1), EINVAL, "F_GETLK of F_UNLCK is EINVAL");
	is_err(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, -1, 1), EINVAL, "a start before 0 is EINVAL");
	is_err(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 5, -10), EINVAL,
	       "a negative l_len reaching before 0 is EINVAL");
	is_err(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, INT64MAX, 2), EOVERFLOW,
	       "an end past the largest offset is EOVERFLOW");
	lseek(fd, 10, SEEK_SET);
	is_err(lk(fd, XF_SETLK64, F_WRLCK, SEEK_CUR, INT64MAX, 1), EOVERFLOW,
	       "SEEK_CUR plus a huge start is EOVERFLOW");
	lseek(fd, 0, SEEK_SET);
	is_err(lk(fd, XF_SETLK64, 5, 9, 0, 1), EINVAL, "l_whence is checked before l_type");
	is_err(sys3(FCNTL64, fd, XF_SETLK64, NULL), EFAULT, "F_SETLK64 from NULL is EFAULT");
	is_err(sys3(FCNTL64, fd, XF_GETLK, BADPTR), EFAULT, "F_GETLK from a bad pointer is EFAULT");
	is_err(sys3(FCNTL64, 200, XF_SETLK, &s), EBADF, "a closed fd is EBADF");
	is_err(lk(ro, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 1), EBADF,
	       "a write lock on a read-only fd is EBADF");
	is_err(lk(wo, XF_SETLK64, F_RDLCK, SEEK_SET, 0, 1), EBADF,
	       "a read lock on a write-only fd is EBADF");
	is_err(lk(none, XF_SETLK64, F_RDLCK, SEEK_SET, 0, 1), EBADF,
	       "a read lock on an fd of access mode 3 is EBADF");
	is(lk(ro, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 1), 0, "F_UNLCK on a read-only fd");
	is(lk(none, XF_GETLK64, F_WRLCK, SEEK_SET, 0, 1), 0, "F_GETLK on an fd of access mode 3");
	struct fl64 o = { F_WRLCK, SEEK_SET, 0, 1, 1 };
	is_err(sys3(FCNTL64, fd, XF_OFD_SETLK, &o), EINVAL, "F_OFD_SETLK with l_pid 1 is EINVAL");
	is_err(sys3(FCNTL64, fd, XF_OFD_GETLK, &o), EINVAL, "F_OFD_GETLK with l_pid 1 is EINVAL");
	is(sys3(FCNTL64, fd, XF_SETLK, &s), 0, "F_SETLK with the 32-bit struct");
	is(sys3(FCNTL64, fd, XF_GETLK, &s), 0, "F_GETLK of our own lock");
	is(s.type, F_UNLCK, "our own locks never conflict");
	s.type = F_UNLCK;
	is(sys3(FCNTL64, fd, XF_SETLK, &s), 0, "F_UNLCK with the 32-bit struct");
	close(ro);
	close(wo);
	close(none);
}

static void ranges(int fd)
{
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 10), 0, "write lock [0, 10)");
	is(lk(fd, XF_SETLK64, F_RDLCK, SEEK_SET, 20, 10), 0, "read lock [20, 30)");
	sees(fd, F_RDLCK, 5, F_WRLCK, 0, 10, "another process sees the write lock, with our pid");
	sees(fd, F_RDLCK, 25, F_UNLCK, 0, 0, "a read lock does not stop a reader");
	sees(fd, F_WRLCK, 25, F_RDLCK, 20, 10, "a read lock stops a writer");
	sees(fd, F_WRLCK, 15, F_UNLCK, 0, 0, "nothing between the two");
	is_exit(child_try(fd, XF_SETLK64, F_WRLCK, 5, 1, -EAGAIN), 0,
		"a conflicting F_SETLK is EAGAIN");
	is_exit(child_try(fd, XF_SETLK64, F_RDLCK, 22, 2, 0), 0, "a second reader gets in");

	is(lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 3, 2), 0, "F_UNLCK of [3, 5) splits the lock");
	sees(fd, F_RDLCK, 3, F_UNLCK, 0, 0, "[3, 5) is free");
	sees(fd, F_RDLCK, 0, F_WRLCK, 0, 3, "[0, 3) is left");
	sees(fd, F_RDLCK, 7, F_WRLCK, 5, 5, "and [5, 10)");
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 3, 2), 0, "write lock [3, 5) again");
	sees(fd, F_RDLCK, 9, F_WRLCK, 0, 10, "merges into one [0, 10)");
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 20, 10), 0, "upgrade [20, 30) to a write lock");
	sees(fd, F_RDLCK, 21, F_WRLCK, 20, 10, "now it stops a reader");
	is(lk(fd, XF_SETLK64, F_RDLCK, SEEK_SET, 0, 5), 0, "downgrade [0, 5) to a read lock");
	sees(fd, F_RDLCK, 2, F_UNLCK, 0, 0, "a reader passes [0, 5)");
	sees(fd, F_WRLCK, 2, F_RDLCK, 0, 5, "a writer sees the read lock [0, 5)");
	sees(fd, F_RDLCK, 6, F_WRLCK, 5, 5, "the write lock [5, 10) is left");
	is(lk(fd, XF_SETLK64, F_RDLCK, SEEK_SET, 5, 10), 0, "read lock [5, 15)");
	sees(fd, F_WRLCK, 14, F_RDLCK, 0, 15, "merges with [0, 5) into [0, 15)");
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 15, 5), 0, "write lock [15, 20)");
	sees(fd, F_WRLCK, 17, F_WRLCK, 15, 15, "merges with [20, 30) into [15, 30)");

	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 100, 0), 0, "l_len 0: [100, end of file)");
	sees(fd, F_RDLCK, 1000000000000LL, F_WRLCK, 100, 0, "reaches every offset, reported as 0");
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 50, -10), 0, "l_start 50, l_len -10");
	sees(fd, F_RDLCK, 40, F_WRLCK, 40, 10, "is [40, 50)");
	lseek(fd, 60, SEEK_SET);
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_CUR, 2, 5), 0, "SEEK_CUR at 60, start 2, len 5");
	sees(fd, F_RDLCK, 63, F_WRLCK, 62, 5, "is [62, 67), reported with SEEK_SET");
	is(lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0), 0, "F_UNLCK of everything");
	sees(fd, F_WRLCK, 0, F_UNLCK, 0, 0, "nothing is left at 0");
	sees(fd, F_WRLCK, 1000, F_UNLCK, 0, 0, "or at 1000");
	ftruncate(fd, 200);
	is(lk(fd, XF_SETLK64, F_RDLCK, SEEK_END, -10, 10), 0, "SEEK_END -10, len 10 of 200 bytes");
	sees(fd, F_WRLCK, 195, F_RDLCK, 190, 10, "is [190, 200)");
	is(lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0), 0, "F_UNLCK of everything again");
}

/* F_GETLK reports the first conflict in Linux's order: an owner's locks
 * by start, whatever order they were set in. */
static void report_order(int fd)
{
	struct fl64 l;

	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 10, 5), 0, "write lock [10, 15), then");
	is(lk(fd, XF_SETLK64, F_RDLCK, SEEK_SET, 1, 5), 0, "read lock [1, 6)");
	long r = probe(fd, XF_GETLK64, F_WRLCK, 0, 0, &l);
	ok(r == 0 && l.type == F_RDLCK && l.start == 1 && l.len == 5,
	   "F_GETLK over the whole file reports the lower one, [1, 6)");
	r = probe(fd, XF_GETLK64, F_WRLCK, 6, 0, &l);
	ok(r == 0 && l.type == F_WRLCK && l.start == 10 && l.len == 5, "from 6 on, [10, 15)");
	is(lk(fd, XF_SETLK64, F_RDLCK, SEEK_SET, 20, 2), 0, "read lock [20, 22), then");
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 16, 2), 0, "write lock [16, 18)");
	r = probe(fd, XF_GETLK64, F_WRLCK, 15, 0, &l);
	ok(r == 0 && l.type == F_WRLCK && l.start == 16 && l.len == 2,
	   "from 15 on, [16, 18), set after [20, 22)");
	is(lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 11, 1), 0, "F_UNLCK of [11, 12)");
	r = probe(fd, XF_GETLK64, F_WRLCK, 6, 0, &l);
	ok(r == 0 && l.type == F_WRLCK && l.start == 10 && l.len == 1,
	   "from 6 on, the lower piece of the split, [10, 11)");
	is(lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0), 0, "F_UNLCK of everything");
}

static void compat_layout(int fd)
{
	struct fl32 s = { F_WRLCK, SEEK_SET, 0, 0, 0 };
	struct fl64 l;

	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0x100000000LL, 10), 0, "a lock at 4 GiB");
	pid_t pid = fork();
	if (pid == 0) {
		s.start = 0x7fffffff;
		_exit(sys3(FCNTL64, fd, XF_GETLK, &s) == -EOVERFLOW ? 0 : 1);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	is_exit(st, 0, "32-bit F_GETLK of a lock starting past 2 GiB is EOVERFLOW");
	ok(probe(fd, XF_GETLK64, F_RDLCK, 0, 0, &l) == 0 && l.start == 0x100000000LL && l.len == 10,
	   "F_GETLK64 reports it");
	lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0);
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0x10, 0x100000000LL), 0, "a lock 4 GiB long");
	pid = fork();
	if (pid == 0) {
		struct fl32 q = { F_RDLCK, SEEK_SET, 0, 0, 0 };
		long r = sys3(FCNTL64, fd, XF_GETLK, &q);
		_exit(r == 0 && q.type == F_WRLCK && q.start == 0x10 && q.len == 0x7fffffff ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 0, "32-bit F_GETLK cuts its length to INT32_MAX");
	lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0);
}

static void release(int fd)
{
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 10), 0, "write lock [0, 10)");
	int other = open(F, O_RDONLY);
	close(other);
	sees(fd, F_WRLCK, 0, F_UNLCK, 0, 0, "closing another fd of the file releases it");

	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 10), 0, "write lock [0, 10) again");
	pid_t pid = fork();
	if (pid == 0) {
		close(fd); /* the child's close releases only the child's locks */
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	sees(fd, F_RDLCK, 0, F_WRLCK, 0, 10, "a child's close leaves the parent's lock");
	lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0);

	int st = -1;
	pid = fork();
	if (pid == 0) {
		lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 1);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 1), 0, "a lock goes when its process exits");
	lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0);
}

static void waiting(int fd)
{
	int p[2], st = -1;

	is(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 10), 0, "write lock [0, 10)");
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		long r = lk(fd, XF_SETLKW64, F_WRLCK, SEEK_SET, 5, 1);
		write(p[1], &r, sizeof(r));
		_exit(0);
	}
	ok(!readable(p[0], 200), "F_SETLKW in a child waits");
	is(lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 4, 3), 0, "unlock [4, 7)");
	long r = -1;
	ok(readable(p[0], 5000) && read(p[0], &r, sizeof(r)) == sizeof(r) && r == 0,
	   "and the child gets its lock");
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);

	pid = fork();
	if (pid == 0) {
		alarm_soon();
		_exit(lk(fd, XF_SETLKW64, F_RDLCK, SEEK_SET, 0, 2) == -EINTR ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 0, "a signal ends F_SETLKW with EINTR");

	/* deadlock: we hold [0, 1); the child holds [20, 21) and waits for ours */
	lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0);
	lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 1);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 20, 1);
		write(p[1], "r", 1);
		long res = lk(fd, XF_SETLKW64, F_WRLCK, SEEK_SET, 0, 1);
		_exit(res == 0 ? 0 : 1);
	}
	char c;
	read(p[0], &c, 1);
	usleep(200000); /* let the child block */
	is_err(lk(fd, XF_SETLKW64, F_WRLCK, SEEK_SET, 20, 1), EDEADLK,
	       "waiting for a process that waits for us is EDEADLK");
	is_err(lk(fd, XF_SETLK64, F_WRLCK, SEEK_SET, 20, 1), EAGAIN,
	       "F_SETLK there is plain EAGAIN");
	lk(fd, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 1);
	waitpid(pid, &st, 0);
	is_exit(st, 0, "the child gets our lock once we let go");
	close(p[0]);
	close(p[1]);
}

static void ofd(void)
{
	int a = open(F, O_RDWR), b = open(F, O_RDWR);
	struct fl64 l = { F_WRLCK, SEEK_SET, 0, 1, 0 };

	is(lk(a, XF_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10), 0, "an OFD write lock on one open");
	is_err(lk(b, XF_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1), EAGAIN,
	       "another open of the same process conflicts");
	is(sys3(FCNTL64, b, XF_OFD_GETLK, &l), 0, "F_OFD_GETLK from the other open");
	ok(l.type == F_WRLCK && l.start == 0 && l.len == 10 && l.pid == -1,
	   "sees [0, 10) with l_pid -1");
	is_err(lk(b, XF_SETLK64, F_RDLCK, SEEK_SET, 0, 1), EAGAIN,
	       "a POSIX lock of the same process conflicts with it");
	is(lk(a, XF_OFD_SETLK, F_RDLCK, SEEK_SET, 0, 5), 0, "downgrade [0, 5) on the same open");
	is(lk(b, XF_OFD_SETLK, F_RDLCK, SEEK_SET, 0, 5), 0, "another reader shares [0, 5)");
	lk(b, XF_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	pid_t pid = fork();
	int st = -1;
	if (pid == 0)
		_exit(lk(a, XF_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0 ? 0 : 1);
	waitpid(pid, &st, 0);
	is_exit(st, 0, "a child's F_OFD_SETLK on the inherited open is the same owner");
	int c = dup(a);
	close(c);
	is_err(lk(b, XF_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1), EAGAIN,
	       "closing a duplicate keeps the OFD lock");
	close(a);
	is(lk(b, XF_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1), 0, "the last close releases it");
	is(lk(b, XF_OFD_SETLKW, F_UNLCK, SEEK_SET, 0, 0), 0, "F_OFD_SETLKW F_UNLCK");
	close(b);
}

static void flocks(void)
{
	int a = open(F, O_RDWR), b = open(F, O_RDONLY), none = sys3(SYS_open, F, 3, 0);
	int st = -1;

	is_err(sys2(SYS_flock, a, 0), EINVAL, "flock op 0 is EINVAL");
	is_err(sys2(SYS_flock, a, LOCK_SH | LOCK_EX), EINVAL, "LOCK_SH|LOCK_EX is EINVAL");
	is_err(sys2(SYS_flock, a, 9), EINVAL, "op 9 is EINVAL");
	is_err(sys2(SYS_flock, 200, LOCK_SH), EBADF, "a closed fd is EBADF");
	is_err(sys2(SYS_flock, none, LOCK_SH), EBADF, "access mode 3 is EBADF");
	is(sys2(SYS_flock, none, LOCK_UN), 0, "but LOCK_UN is fine");
	is(sys2(SYS_flock, a, 32), 0, "LOCK_MAND is ignored");
	is(sys2(SYS_flock, a, LOCK_UN), 0, "LOCK_UN without a lock");
	is(sys2(SYS_flock, a, LOCK_EX), 0, "LOCK_EX");
	is(sys2(SYS_flock, a, LOCK_EX | LOCK_NB), 0, "again on the same open");
	is_err(sys2(SYS_flock, b, LOCK_SH | LOCK_NB), EWOULDBLOCK,
	       "another open of the same process: EWOULDBLOCK");
	pid_t pid = fork();
	if (pid == 0)
		_exit(sys2(SYS_flock, a, LOCK_EX | LOCK_NB) == 0 &&
			      sys2(SYS_flock, b, LOCK_SH | LOCK_NB) == -EWOULDBLOCK
		      ? 0 : 1);
	waitpid(pid, &st, 0);
	is_exit(st, 0, "a child shares the open's lock, not the other open's");
	is(lk(a, XF_SETLK64, F_WRLCK, SEEK_SET, 0, 1), 0, "flock and POSIX locks do not meet");
	lk(a, XF_SETLK64, F_UNLCK, SEEK_SET, 0, 0);
	is(sys2(SYS_flock, a, LOCK_SH), 0, "convert to LOCK_SH");
	is(sys2(SYS_flock, b, LOCK_SH | LOCK_NB), 0, "now the other open shares it");
	is_err(sys2(SYS_flock, a, LOCK_EX | LOCK_NB), EWOULDBLOCK,
	       "upgrading while another holds LOCK_SH: EWOULDBLOCK");
	is(sys2(SYS_flock, b, LOCK_EX | LOCK_NB), 0, "the failed upgrade dropped the old lock");
	is(sys2(SYS_flock, b, LOCK_UN), 0, "LOCK_UN");

	int p[2];
	pipe(p);
	is(sys2(SYS_flock, a, LOCK_EX), 0, "LOCK_EX");
	pid = fork();
	if (pid == 0) {
		long r = sys2(SYS_flock, b, LOCK_SH);
		write(p[1], &r, sizeof(r));
		_exit(0);
	}
	ok(!readable(p[0], 200), "a blocking LOCK_SH in a child waits");
	is(sys2(SYS_flock, a, LOCK_UN), 0, "LOCK_UN");
	long r = -1;
	ok(readable(p[0], 5000) && read(p[0], &r, sizeof(r)) == sizeof(r) && r == 0,
	   "and the child gets it");
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	is_err(sys2(SYS_flock, a, LOCK_EX | LOCK_NB), EWOULDBLOCK,
	       "the child's lock outlives it: it belongs to the shared open");
	is(sys2(SYS_flock, b, LOCK_UN), 0, "and our LOCK_UN on that open drops it");

	is(sys2(SYS_flock, a, LOCK_EX), 0, "LOCK_EX again");
	pid = fork();
	if (pid == 0) {
		alarm_soon();
		_exit(sys2(SYS_flock, b, LOCK_EX) == -EINTR ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 0, "a signal ends a waiting flock with EINTR");
	close(a);
	is(sys2(SYS_flock, b, LOCK_EX | LOCK_NB), 0, "the last close of an open releases its lock");
	close(b);
	close(none);
}

int main(void)
{
	plan(124);
	int fd = sys3(SYS_open, F, O_CREAT | O_RDWR | O_TRUNC, 0644);
	bad_paths(fd);
	ranges(fd);
	report_order(fd);
	compat_layout(fd);
	release(fd);
	waiting(fd);
	close(fd);
	ofd();
	flocks();
	unlink(F);
	return done();
}
