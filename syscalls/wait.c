/*
 * Waiting for children: wait4, waitpid and waitid. The wait itself, and
 * the reaping of the zombie found, is wait_child (kernel/exit.c); here the
 * arguments are checked as Linux checks them and the status, siginfo and
 * rusage (the reaped child's, kernel/acct.c) are written out.
 */
#include <kernel/proc.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define WNOHANG 1
#define WUNTRACED 2
#define WSTOPPED 2
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000
#define SIGINFO_SIZE 128 /* siginfo_t on i386 */
#define RUSAGE_SIZE 72	 /* struct rusage on i386 */

/*
 * wait4(pid, status, options, rusage). pid > 0: that child; -1: any;
 * 0: any in the caller's process group; < -1: any in group -pid (a
 * child's group as it is now).
 * WUNTRACED also reports a child's stop (status 0x7f | sig << 8) and
 * WCONTINUED its resumption by SIGCONT (0xffff), each once.
 * Returns the child's pid, 0 for WNOHANG with none ready, -ECHILD with no
 * matching child, -ESRCH for INT_MIN, -EINVAL for unknown options, -EFAULT
 * when the status or rusage can't be written (the child is reaped all the
 * same, as Linux does).
 */
long sys_wait4(long pid, int __user *ustatus, long options, void __user *urusage)
{
	int st = 0;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == PID_MIN)
		return -ESRCH;
	enum wait_type type = pid > 0 ? WAIT_PID : pid == -1 ? WAIT_ANY : WAIT_PGID;
	long id = pid > 0 ? pid : pid == 0 ? current->pgid : -pid;
	int events = WEV_EXITED | (options & WUNTRACED ? WEV_STOPPED : 0) |
		     (options & WCONTINUED ? WEV_CONTINUED : 0);
	long r = wait_child(type, id, options & (__WALL | __WCLONE), options & WNOHANG, events,
			    false, &st);
	if (r <= 0)
		return r;
	bool reaped = st != W_CONTINUED && (st & 0xff) != 0x7f; /* not a stop report */
	if (urusage && (reaped ? put_reaped_rusage(urusage) != 0
			       : clear_user((void __user *)urusage, RUSAGE_SIZE) != 0))
		return -EFAULT;
	if (ustatus && put_user(st, (int __user *)ustatus))
		return -EFAULT;
	return r;
}

#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3

/* The siginfo waitid fills in (Linux i386, 128 bytes). */
struct wait_siginfo {
	int32_t si_signo, si_errno, si_code;
	int32_t si_pid;
	uint32_t si_uid;
	int32_t si_status;
	uint8_t pad[SIGINFO_SIZE - 6 * sizeof(int32_t)];
};

/*
 * waitid(idtype, id, info, options, rusage): P_ALL, P_PID id (> 0) or
 * P_PGID id (0: the caller's group); P_PIDFD is -EBADF, as for an fd
 * that is no pidfd. options must ask for WEXITED,
 * WSTOPPED or WCONTINUED; WNOWAIT leaves the event to be waited for again.
 * Returns 0 with info = {SIGCHLD, CLD_*, pid, uid 0, exit code or signal
 * (the stop signal for CLD_STOPPED, SIGCONT for CLD_CONTINUED)}, or all zero for WNOHANG with none ready; -ECHILD,
 * -EINVAL, -EINTR, -EFAULT as Linux.
 */
long sys_waitid(long idtype, long id, void __user *uinfo, long options, void __user *urusage)
{
	struct wait_siginfo si;
	enum wait_type type;
	int st = 0;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WALL |
			__WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (idtype == P_ALL) {
		type = WAIT_ANY;
	} else if (idtype == P_PID && id > 0) {
		type = WAIT_PID;
	} else if (idtype == P_PGID && id >= 0) {
		type = WAIT_PGID;
		if (id == 0)
			id = current->pgid;
	} else if (idtype == P_PIDFD) {
		return id < 0 ? -EINVAL : -EBADF; /* no fd is a pidfd here */
	} else {
		return -EINVAL;
	}
	int events = (options & WEXITED ? WEV_EXITED : 0) | (options & WSTOPPED ? WEV_STOPPED : 0) |
		     (options & WCONTINUED ? WEV_CONTINUED : 0);
	long r = wait_child(type, id, options & (__WALL | __WCLONE), options & WNOHANG, events,
			    options & WNOWAIT, &st);
	if (r < 0)
		return r;
	memset(&si, 0, sizeof(si));
	if (r > 0 && st == W_CONTINUED) {
		si.si_signo = SIGCHLD;
		si.si_code = CLD_CONTINUED;
		si.si_pid = r;
		si.si_status = SIGCONT;
	} else if (r > 0 && (st & 0xff) == 0x7f) {
		si.si_signo = SIGCHLD;
		si.si_code = CLD_STOPPED;
		si.si_pid = r;
		si.si_status = st >> 8;
	} else if (r > 0) {
		int sig = WTERMSIG(st);
		si.si_signo = SIGCHLD;
		si.si_code = !sig ? CLD_EXITED : (st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
		si.si_pid = r;
		si.si_status = sig ? sig : WEXITSTATUS(st);
	}
	/* as Linux: rusage only for a child found (zero for WNOWAIT and stop
	 * reports here) */
	if (r > 0 && urusage &&
	    ((options & WNOWAIT) || si.si_code == CLD_STOPPED || si.si_code == CLD_CONTINUED
		     ? clear_user((void __user *)urusage, RUSAGE_SIZE) != 0
		     : put_reaped_rusage(urusage) != 0))
		return -EFAULT;
	if (uinfo && copy_to_user((void __user *)uinfo, &si, sizeof(si)))
		return -EFAULT;
	return 0;
}

/* waitpid(pid, status, options): wait4 without the rusage. */
long sys_waitpid(long pid, int __user *ustatus, long options)
{
	return sys_wait4(pid, ustatus, options, NULL);
}
