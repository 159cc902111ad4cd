/*
 * fs_fcntl: fcntl's commands other than record locks, as Linux answers
 * them: F_DUPFD(_CLOEXEC) and its range, F_GETFD/F_SETFD, what F_GETFL
 * reports and which bits F_SETFL changes (O_DIRECT only where direct I/O
 * or packet mode exists, O_ASYNC ignored on a file that cannot signal),
 * the owner commands (F_SETOWN, F_GETOWN_EX...), F_SETSIG, leases, F_NOTIFY,
 * seals on a file that is no memfd, unknown commands, and fcntl (55)
 * being the same call as fcntl64. Raw calls, so the kernel's own results
 * are what is checked.
 */
#include "tap.h"

#include <sys/syscall.h>

#define FCNTL64 221
#define FCNTL 55
#define F "/tmp/fs_fcntl.f"
#define XO_LARGEFILE 0100000
#define XO_NOFOLLOW 0400000
#define XO_DIRECT 040000
#define XO_NOATIME 01000000
#define XO_ASYNC 020000
#define XF_SETOWN_EX 15
#define XF_GETOWN_EX 16
#define XF_GETOWNER_UIDS 17
#define XF_SETLEASE 1024
#define XF_GETLEASE 1025
#define XF_NOTIFY 1026
#define XF_ADD_SEALS 1033
#define XF_GET_SEALS 1034
#define XDN_MODIFY 2
#define XDN_CREATE 4
#define BADPTR 1

/* fcntl64 through int $0x80. */
static long fc(long fd, long cmd, long arg)
{
	return sys3(FCNTL64, fd, cmd, arg);
}

/* A pid that no process has: a child that has been reaped. */
static long gone_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static void dup_and_flags(void)
{
	int fd = sys3(SYS_open, F, O_CREAT | O_RDWR | O_TRUNC, 0644);

	is(fc(fd, F_GETFL, 0), O_RDWR, "F_GETFL of an O_RDWR open is O_RDWR");
	int fd2 = sys3(SYS_open, F, O_RDONLY | O_CLOEXEC | O_NOCTTY | XO_NOFOLLOW | XO_LARGEFILE, 0);
	is(fc(fd2, F_GETFL, 0), XO_NOFOLLOW | XO_LARGEFILE,
	   "F_GETFL keeps O_NOFOLLOW and O_LARGEFILE, not O_CLOEXEC or O_NOCTTY");
	is(fc(fd2, F_GETFD, 0), FD_CLOEXEC, "O_CLOEXEC is the fd's FD_CLOEXEC");
	is(fc(fd2, F_SETFD, 3), 0, "F_SETFD 3");
	is(fc(fd2, F_GETFD, 0), FD_CLOEXEC, "keeps only FD_CLOEXEC");
	is(fc(fd2, F_SETFD, 0), 0, "F_SETFD 0");
	is(fc(fd2, F_GETFD, 0), 0, "clears it");
	close(fd2);

	is(fc(fd, F_SETFL, ~XO_ASYNC), 0, "F_SETFL with every bit but O_ASYNC");
	is(fc(fd, F_GETFL, 0), O_RDWR | O_APPEND | O_NONBLOCK | XO_DIRECT | XO_NOATIME,
	   "only O_APPEND, O_NONBLOCK, O_DIRECT and O_NOATIME changed");
	is(fc(fd, F_SETFL, 0), 0, "F_SETFL 0");
	is(fc(fd, F_GETFL, 0), O_RDWR, "clears them again");
	is(fc(fd, F_SETFL, XO_ASYNC), 0, "F_SETFL O_ASYNC on a regular file");
	is(fc(fd, F_GETFL, 0), O_RDWR, "is ignored (the file cannot send SIGIO)");
	is(fc(fd, F_SETFL, O_RDONLY | O_WRONLY), 0, "F_SETFL cannot change the access mode");
	is(fc(fd, F_GETFL, 0), O_RDWR, "still O_RDWR");

	int nul = open("/dev/null", O_RDWR);
	is_err(fc(nul, F_SETFL, XO_DIRECT), EINVAL, "O_DIRECT on /dev/null is EINVAL");
	int d = open("/tmp", O_RDONLY | O_DIRECTORY);
	is_err(fc(d, F_SETFL, XO_DIRECT), EINVAL, "O_DIRECT on a directory is EINVAL");
	int p[2];
	pipe(p);
	is(fc(p[0], F_SETFL, O_NONBLOCK), 0, "O_NONBLOCK on a pipe");
	char c;
	is_err(sys3(SYS_read, p[0], &c, 1), EAGAIN, "an empty pipe read is EAGAIN");
	is(fc(p[0], F_GETFL, 0) & ~XO_LARGEFILE, O_RDONLY | O_NONBLOCK, "F_GETFL shows it");
	is(fc(p[1], F_SETFL, XO_DIRECT), 0, "O_DIRECT on a pipe (packet mode)");
	is(fc(p[1], F_GETFL, 0) & ~XO_LARGEFILE, O_WRONLY | XO_DIRECT, "F_GETFL shows it");

	is_err(fc(fd, F_DUPFD, -1), EINVAL, "F_DUPFD -1 is EINVAL");
	is_err(fc(fd, F_DUPFD, 1 << 20), EINVAL, "F_DUPFD beyond RLIMIT_NOFILE is EINVAL");
	is_err(fc(fd, F_DUPFD_CLOEXEC, -5), EINVAL, "F_DUPFD_CLOEXEC -5 is EINVAL");
	is(fc(fd, F_DUPFD, 40), 40, "F_DUPFD 40 gives 40");
	is(fc(fd, F_DUPFD, 40), 41, "then 41");
	is(fc(40, F_GETFD, 0), 0, "without FD_CLOEXEC");
	is(fc(fd, F_DUPFD_CLOEXEC, 40), 42, "F_DUPFD_CLOEXEC 40 gives 42");
	is(fc(42, F_GETFD, 0), FD_CLOEXEC, "with FD_CLOEXEC");
	is(fc(41, F_GETFL, 0), O_RDWR, "a duplicate shares the open file");
	close(40);
	close(41);
	close(42);

	is_err(fc(-1, F_GETFL, 0), EBADF, "a bad fd is EBADF");
	is_err(fc(200, F_GETFD, 0), EBADF, "a closed fd is EBADF");
	is(sys3(FCNTL, fd, F_GETFL, 0), O_RDWR, "fcntl (55) is fcntl64");
	is_err(sys3(FCNTL, 200, F_GETFL, 0), EBADF, "with the same EBADF");
	is_err(fc(fd, 99, 0), EINVAL, "command 99 is EINVAL");
	is_err(fc(fd, 1050, 0), EINVAL, "command 1050 is EINVAL");
	is_err(fc(fd, XF_ADD_SEALS, 1), EINVAL, "F_ADD_SEALS on a regular file is EINVAL");
	is_err(fc(fd, XF_GET_SEALS, 0), EINVAL, "F_GET_SEALS on a regular file is EINVAL");
	is_err(fc(p[0], XF_GET_SEALS, 0), EINVAL, "F_GET_SEALS on a pipe is EINVAL");

	is_err(fc(fd, XF_NOTIFY, XDN_MODIFY), ENOTDIR, "F_NOTIFY on a file is ENOTDIR");
	is(fc(fd, XF_NOTIFY, 0), 0, "F_NOTIFY 0 on a file (nothing to watch)");
	is(fc(d, XF_NOTIFY, XDN_CREATE), 0, "F_NOTIFY on a directory");
	is(fc(d, XF_NOTIFY, 0), 0, "F_NOTIFY 0 drops the watch");
	close(nul);
	close(d);
	close(p[0]);
	close(p[1]);
	close(fd);
}

static void owners(long gone)
{
	int fd = sys3(SYS_open, F, O_RDWR, 0);
	int ex[2] = { 7, 7 };

	is(fc(fd, F_GETOWN, 0), 0, "F_GETOWN of a new open is 0");
	is(fc(fd, XF_GETOWN_EX, (long)ex), 0, "F_GETOWN_EX");
	ok(ex[0] == 0 && ex[1] == 0, "says F_OWNER_TID, pid 0");
	is(fc(fd, F_SETOWN, getpid()), 0, "F_SETOWN our pid");
	is(fc(fd, F_GETOWN, 0), getpid(), "F_GETOWN gives it back");
	fc(fd, XF_GETOWN_EX, (long)ex);
	ok(ex[0] == 1 && ex[1] == getpid(), "F_GETOWN_EX says F_OWNER_PID and the pid");
	is(fc(fd, F_SETOWN, -getpgrp()), 0, "F_SETOWN -pgrp");
	is(fc(fd, F_GETOWN, 0), -getpgrp(), "F_GETOWN gives -pgrp");
	fc(fd, XF_GETOWN_EX, (long)ex);
	ok(ex[0] == 2 && ex[1] == getpgrp(), "F_GETOWN_EX says F_OWNER_PGRP and the group");
	is_err(fc(fd, F_SETOWN, gone), ESRCH, "F_SETOWN of no such pid is ESRCH");
	is_err(fc(fd, F_SETOWN, -gone), ESRCH, "F_SETOWN of no such group is ESRCH");
	is_err(fc(fd, F_SETOWN, -2147483647 - 1), EINVAL, "F_SETOWN INT_MIN is EINVAL");
	is(fc(fd, F_GETOWN, 0), -getpgrp(), "and none of them changed the owner");
	ex[0] = 5;
	ex[1] = getpid();
	is_err(fc(fd, XF_SETOWN_EX, (long)ex), EINVAL, "F_SETOWN_EX type 5 is EINVAL");
	ex[0] = 0;
	is(fc(fd, XF_SETOWN_EX, (long)ex), 0, "F_SETOWN_EX F_OWNER_TID");
	is(fc(fd, F_GETOWN, 0), getpid(), "F_GETOWN gives the tid");
	ex[0] = 1;
	ex[1] = gone;
	is_err(fc(fd, XF_SETOWN_EX, (long)ex), ESRCH, "F_SETOWN_EX of no such pid is ESRCH");
	is_err(fc(fd, XF_SETOWN_EX, BADPTR), EFAULT, "F_SETOWN_EX from a bad pointer is EFAULT");
	is_err(fc(fd, XF_GETOWN_EX, BADPTR), EFAULT, "F_GETOWN_EX to a bad pointer is EFAULT");
	is(fc(fd, F_SETOWN, 0), 0, "F_SETOWN 0");
	fc(fd, XF_GETOWN_EX, (long)ex);
	ok(ex[0] == 1 && ex[1] == 0, "F_GETOWN_EX says F_OWNER_PID, pid 0");
	int uids[2] = { 7, 7 };
	is(fc(fd, XF_GETOWNER_UIDS, (long)uids), 0, "F_GETOWNER_UIDS");
	ok(uids[0] == 0 && uids[1] == 0, "root's uid and euid");

	is(fc(fd, F_GETSIG, 0), 0, "F_GETSIG starts at 0 (SIGIO)");
	is_err(fc(fd, F_SETSIG, 65), EINVAL, "F_SETSIG 65 is EINVAL");
	is_err(fc(fd, F_SETSIG, -1), EINVAL, "F_SETSIG -1 is EINVAL");
	is(fc(fd, F_SETSIG, 64), 0, "F_SETSIG 64");
	is(fc(fd, F_GETSIG, 0), 64, "F_GETSIG gives 64");
	is(fc(fd, F_SETSIG, 0), 0, "F_SETSIG 0");
	close(fd);
}

static void leases(void)
{
	int ro = sys3(SYS_open, F, O_RDONLY, 0);

	is(fc(ro, XF_GETLEASE, 0), F_UNLCK, "no lease at first");
	is(fc(ro, XF_SETLEASE, F_RDLCK), 0, "a read lease on the only open, read-only");
	is(fc(ro, XF_GETLEASE, 0), F_RDLCK, "F_GETLEASE says F_RDLCK");
	is(fc(ro, XF_SETLEASE, F_WRLCK), 0, "a write lease on the only open");
	is(fc(ro, XF_GETLEASE, 0), F_WRLCK, "F_GETLEASE says F_WRLCK");
	is_err(fc(ro, XF_SETLEASE, 5), EINVAL, "lease type 5 is EINVAL");
	is(fc(ro, XF_SETLEASE, F_UNLCK), 0, "F_UNLCK drops it");
	is(fc(ro, XF_GETLEASE, 0), F_UNLCK, "F_GETLEASE says F_UNLCK");
	is_err(fc(ro, XF_SETLEASE, F_UNLCK), EAGAIN, "F_UNLCK without a lease is EAGAIN");
	int rw = sys3(SYS_open, F, O_RDWR, 0);
	is_err(fc(ro, XF_SETLEASE, F_RDLCK), EAGAIN, "no read lease while a writer is open");
	is_err(fc(rw, XF_SETLEASE, F_WRLCK), EAGAIN, "no write lease while another open exists");
	close(ro);
	is_err(fc(rw, XF_SETLEASE, F_RDLCK), EAGAIN, "no read lease on a writable open");
	is(fc(rw, XF_SETLEASE, F_WRLCK), 0, "a write lease on the only open, read-write");
	is(fc(rw, XF_SETLEASE, F_UNLCK), 0, "and drop it");
	close(rw);
	int p[2];
	pipe(p);
	is_err(fc(p[0], XF_SETLEASE, F_RDLCK), EINVAL, "a lease on a pipe is EINVAL");
	int d = open("/tmp", O_RDONLY | O_DIRECTORY);
	is_err(fc(d, XF_SETLEASE, F_RDLCK), EINVAL, "a lease on a directory is EINVAL");
	is(fc(d, XF_GETLEASE, 0), F_UNLCK, "F_GETLEASE on a directory says F_UNLCK");
	close(d);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	plan(90);
	long gone = gone_pid();
	dup_and_flags();
	owners(gone);
	leases();
	unlink(F);
	return done();
}
