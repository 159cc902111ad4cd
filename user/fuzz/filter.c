/*
 * filter.c - the rules that keep a worker's random calls from hurting
 * anything but the worker, applied to every call after its arguments are
 * drawn and before it is made:
 *
 *  - Signals go only to the worker itself, to its own process group while
 *    it leads one (it starts in a group of its own), or to pids that do
 *    not exist; signal 0 (which delivers nothing) may go anywhere. Other calls that
 *    name a process never name init (1) or the supervisor (the parent).
 *    A clone child whose exit signal would go to the supervisor
 *    (CLONE_PARENT) gets none.
 *  - exit codes are cut to EXIT_CODE_MASK, so they never look like the
 *    landing pads'; reboot gets a bad magic number.
 *  - Signal handlers are only SIG_DFL, SIG_IGN, the landing pad or a
 *    faulting address; sigreturn gets a forged frame (args.c) that resumes
 *    at a landing pad. So a worker never runs code at a random address.
 *  - The worker's .text never becomes writable or gets other pages mapped
 *    over it, so its code stays its code.
 *  - System files are only looked up or read: paths outside SCRATCH lose
 *    their write and create flags, and calls that change the tree get
 *    scratch paths and scratch directory fds. A worker whose cwd leaves
 *    SCRATCH goes back (or ends, when it cannot).
 *  - execve runs only /bin/echo (or fails).
 *
 * These rules hold whatever the kernel does with the calls, as long as it
 * gives each process its own memory and obeys the arguments' meaning.
 */
#include <string.h>
#include <sys/syscall.h>

#include "fuzz.h"

#define NOPID 0x3ffffff0	/* a pid that never exists */
#define PROT_WRITE_ 0x2
#define MAP_FIXED_ 0x10
#define O_ACCMODE_ 3
#define O_CREAT_ 0100
#define O_TRUNC_ 01000
#define O_TMPFILE_ 020000000
#define AT_FDCWD_ (-100)
#define AT_EMPTY_PATH_ 0x1000
#define DEV_NULL_ 0x103 /* 1:3 */
#define DEV_ZERO_ 0x105 /* 1:5 */
/* What every symbolic link names: no listed path reaches it, so it is never
 * made a directory, and no ".." after a link can climb out of SCRATCH. */
#define LINK_TARGET (SCRATCH "/lt")
#define CLONE_PARENT_ 0x8000
#define CLONE_SIGNAL_MASK 0xff
#define F_SETOWN_ 8
#define F_SETOWN_EX_ 15
#define TIOCSPGRP_ 0x5410
#define FIOSETOWN_ 0x8901
#define SIOCSPGRP_ 0x8902

/* Returns 1 if [a, a + len) overlaps the worker's .text. A length that
 * wraps counts as reaching the top of memory. */
static int hits_text(uint32_t a, uint32_t len)
{
	uint32_t end = a + len < a ? 0xffffffff : a + len;

	a &= ~(PAGE - 1);
	return a < args_text_end() && end > args_text_start();
}

/* Returns pid, or the worker's own pid if pid is init or the supervisor. */
static long safe_pid(long pid)
{
	if (pid == 1 || pid == raw0(SYS_getppid))
		return raw0(SYS_getpid);
	return pid;
}

/* Returns a signal target that is the worker itself or nobody. */
static long own_target(void)
{
	return one_in(4) ? raw0(SYS_getpid) : NOPID;
}

/* Returns kill's pid argument made safe: the worker, nobody, or -- while
 * the worker leads its own process group, which then holds only it and
 * its short-lived children -- its group (0 or -pgid). */
static long kill_target(long pid)
{
	long self = raw0(SYS_getpid);

	if ((pid == 0 || pid == -self) && raw0(SYS_getpgrp) == self)
		return pid;
	return own_target();
}

/* Makes the path in a[i] one the call may change, and the dirfd in
 * a[d] (0: none) one that resolves inside SCRATCH. */
static void scratch_only(long *a, int i, int d)
{
	if (!args_is_write_safe_path((uint32_t)a[i]) && !args_is_bad_ptr((uint32_t)a[i]))
		a[i] = (long)args_scratch_path();
	if (d && !args_is_safe_dirfd((uint32_t)a[d]))
		a[d] = AT_FDCWD_;
}

/* open and friends: a path outside SCRATCH is opened read-only and is
 * never created or truncated. */
static void open_readonly(long *a, int path, int dirfd, int flags)
{
	uint32_t p = (uint32_t)a[path];
	int safe = args_is_safe_path(p);

	if (safe && dirfd && !args_is_safe_dirfd((uint32_t)a[dirfd]) &&
	    !args_is_bad_ptr(p) && *(const char *)(uintptr_t)p != '/')
		safe = 0;	/* a relative name under some other directory */
	if (safe)
		return;
	if ((a[flags] & O_ACCMODE_) == 1 || (a[flags] & O_ACCMODE_) == 2)
		a[flags] &= ~O_ACCMODE_;
	a[flags] &= ~(O_CREAT_ | O_TRUNC_ | O_TMPFILE_);
}

/* Keeps a mapping call's range [a[ai], +a[li]) off the worker's .text. */
static void off_text(long *a, int ai, int li)
{
	if (hits_text((uint32_t)a[ai], (uint32_t)a[li]))
		a[ai] = (long)args_bad_ptr() & ~(PAGE - 1);
	if (hits_text((uint32_t)a[ai], (uint32_t)a[li]))
		a[ai] = 0xb0000000;
}

/* Makes a sigaction pointer safe: inside the worker's arena its handler
 * word is rewritten; anything else readable is replaced. */
static void safe_sigaction(long *a, int i)
{
	uint32_t p = (uint32_t)a[i];

	if (args_in_arena(p, 4)) {
		uint32_t *h = (uint32_t *)(uintptr_t)p;
		uint32_t v = *h;
		if (v > 1 && v != (uint32_t)(uintptr_t)fz_land_handler && v < 0xC0000000)
			*h = args_handler();
	} else if (!args_is_bad_ptr(p)) {
		a[i] = 0;
	}
}

/* Rewrites the call in a[] (a[0] the number) so it is safe. Returns how
 * to make it: GO_NORMAL, GO_FORK (fz_call_fork), GO_SIGRETURN or GO_SKIP. */
int filter_call(long a[1 + MAX_ARGS])
{
	switch (a[0]) {
	case 1: case 252:	/* exit, exit_group */
		a[1] &= EXIT_CODE_MASK;
		return GO_NORMAL;
	case 2: case 190:	/* fork, vfork */
		return GO_FORK;
	case 120:		/* clone */
		if (a[1] & CLONE_PARENT_)
			a[1] &= ~CLONE_SIGNAL_MASK;
		return GO_FORK;
	case 435: {		/* clone3: a fresh struct clone_args, or a bad pointer */
		uint32_t *c = args_fresh_struct(22);
		c[1] = 0;			/* flags, high word */
		if (c[0] & CLONE_PARENT_)
			c[8] = 0;		/* exit_signal */
		c[9] = 0;
		a[1] = one_in(4) ? (long)args_bad_ptr() : (long)(uintptr_t)c;
		if (!args_in_arena((uint32_t)a[1], 4) && !args_is_bad_ptr((uint32_t)a[1]))
			a[1] = 0;
		return GO_FORK;
	}
	case 119: case 173:	/* sigreturn, rt_sigreturn */
		return GO_SIGRETURN;
	case 11:		/* execve */
		a[1] = (long)args_exec_path();
		return GO_NORMAL;
	case 358:		/* execveat */
		a[1] = AT_FDCWD_;
		a[2] = (long)args_exec_path();
		return GO_NORMAL;
	case 88:		/* reboot: never the right magic */
		a[1] = 0;
		return GO_NORMAL;
	case 37:		/* kill */
		if (a[2] != 0)
			a[1] = kill_target(a[1]);
		return GO_NORMAL;
	case 238:		/* tkill */
		a[1] = own_target();
		return GO_NORMAL;
	case 178:		/* rt_sigqueueinfo */
		a[1] = own_target();
		return GO_NORMAL;
	case 270: case 335:	/* tgkill, rt_tgsigqueueinfo */
		a[1] = a[2] = own_target();
		return GO_NORMAL;
	case 434:		/* pidfd_open */
		a[1] = own_target();
		return GO_NORMAL;
	case 48:		/* signal */
		if ((uint32_t)a[2] > 1 && (uint32_t)a[2] < 0xC0000000)
			a[2] = (long)args_handler();
		return GO_NORMAL;
	case 67: case 174:	/* sigaction, rt_sigaction */
		safe_sigaction(a, 2);
		return GO_NORMAL;
	case 55: case 221:	/* fcntl: no SIGIO for anyone else */
		if (a[2] == F_SETOWN_)
			a[3] = one_in(2) ? 0 : raw0(SYS_getpid);
		else if (a[2] == F_SETOWN_EX_)
			a[3] = 0;
		return GO_NORMAL;
	case 54:		/* ioctl */
		if (a[2] == TIOCSPGRP_ || a[2] == FIOSETOWN_ || a[2] == SIOCSPGRP_)
			a[3] = (long)args_int((uint32_t)raw0(SYS_getpid));
		return GO_NORMAL;
	case 125: case 380:	/* mprotect, pkey_mprotect */
		if (hits_text((uint32_t)a[1], (uint32_t)a[2]))
			a[3] &= ~PROT_WRITE_;
		return GO_NORMAL;
	case 192:		/* mmap2 */
		if ((a[4] & MAP_FIXED_) && hits_text((uint32_t)a[1], (uint32_t)a[2]))
			a[4] &= ~MAP_FIXED_;
		return GO_NORMAL;
	case 90: {		/* old mmap: the six words in a fresh struct */
		uint32_t *m = args_fresh_struct(6);
		m[0] = (uint32_t)gen_arg(K_ADDR, 0, a);
		m[1] = (uint32_t)gen_arg(K_MMLEN, 1, a);
		m[2] = (uint32_t)gen_arg(K_PROT, 2, a);
		m[3] = (uint32_t)gen_arg(K_MMFLAGS, 3, a);
		m[4] = (uint32_t)gen_arg(K_FD, 4, a);
		if ((m[3] & MAP_FIXED_) && hits_text(m[0], m[1]))
			m[3] &= ~MAP_FIXED_;
		a[1] = one_in(6) ? (long)args_bad_ptr() : (long)(uintptr_t)m;
		if (!args_in_arena((uint32_t)a[1], 4) && !args_is_bad_ptr((uint32_t)a[1]))
			a[1] = 0;
		return GO_NORMAL;
	}
	case 219: case 144: case 257: case 462: case 274: case 150: case 376:
		off_text(a, 1, 2);	/* madvise, msync, remap_file_pages, mseal, mbind, mlock */
		return GO_NORMAL;
	case 163:		/* mremap: neither range on .text */
		off_text(a, 1, 2);
		off_text(a, 5, 3);
		return GO_NORMAL;
	case 5: case 277:	/* open, mq_open */
		open_readonly(a, 1, 0, 2);
		return GO_NORMAL;
	case 295:		/* openat */
		open_readonly(a, 2, 1, 3);
		return GO_NORMAL;
	case 437:		/* openat2: how is a struct; its flags are random */
		if (!args_is_write_safe_path((uint32_t)a[2]) || !args_is_safe_dirfd((uint32_t)a[1]))
			a[3] = (long)args_bad_ptr();
		return GO_NORMAL;
	case 83:		/* symlink: every link points at LINK_TARGET, */
	case 304:		/* so following one stays in SCRATCH */
		a[1] = (long)(one_in(8) ? (uintptr_t)args_bad_ptr() : (uintptr_t)LINK_TARGET);
		break;
	case 303:		/* linkat: AT_EMPTY_PATH would link an fd's file, */
	case 298:		/* fchownat: or change its owner, outside SCRATCH */
		a[5] &= ~AT_EMPTY_PATH_;
		break;
	case 14:		/* mknod(at): a device node only for null or zero */
	case 297:
		a[a[0] == 14 ? 3 : 4] = one_in(3) ? 0 : one_in(2) ? DEV_NULL_ : DEV_ZERO_;
		break;
	case 342:		/* open_by_handle_at */
		a[3] &= ~(O_ACCMODE_ | O_CREAT_ | O_TRUNC_ | O_TMPFILE_);
		return GO_NORMAL;
	default:
		break;
	}
	/* generic rules by argument kind */
	const struct call *c = a[0] >= 0 && a[0] < NR_MAX ? &calls[a[0]] : NULL;
	if (!c || !(c->flags & C_KNOWN))
		return GO_NORMAL;
	for (int i = 0; i < c->nargs; i++) {
		switch (c->kind[i]) {
		case K_PID:
			a[1 + i] = safe_pid(a[1 + i]);
			break;
		case K_PATH_W:
			scratch_only(a, 1 + i, 0);
			break;
		case K_DIRFD_W:
			if (!args_is_safe_dirfd((uint32_t)a[1 + i]))
				a[1 + i] = AT_FDCWD_;
			break;
		default:
			break;
		}
	}
	return GO_NORMAL;
}

/* After a call: keeps new fds and mappings for later calls, and brings
 * the cwd back into SCRATCH if the call moved it out. */
void filter_after(const long a[1 + MAX_ARGS], long ret)
{
	static char cwd[512];
	uint32_t nr = (uint32_t)a[0];

	if (nr < NR_MAX && (calls[nr].flags & C_RETFD) && ret >= 0)
		args_note_fd(ret);
	if ((nr == 192 || nr == 90) && (uint32_t)ret < 0xC0000000 && (uint32_t)ret >= 0x1000)
		args_note_map((uint32_t)ret);
	if ((nr == 42 || nr == 331) && ret == 0 && args_in_arena((uint32_t)a[1], 8)) {
		args_note_fd(((const int *)(uintptr_t)a[1])[0]);
		args_note_fd(((const int *)(uintptr_t)a[1])[1]);
	}
	if ((nr == 12 || nr == 133 || nr == 61) && ret == 0) {
		long c[1 + MAX_ARGS] = { SYS_getcwd, (long)(uintptr_t)cwd, sizeof(cwd) };
		long n = fz_call(c);
		if (n <= 0 || strncmp(cwd, SCRATCH, strlen(SCRATCH)) != 0) {
			long d[1 + MAX_ARGS] = { SYS_chdir, (long)(uintptr_t)SCRATCH };
			/* no way back (SCRATCH lost its search permission for a
			 * worker that dropped its capabilities): the worker ends,
			 * rather than go on making names outside */
			if (fz_call(d) < 0) {
				long e[1 + MAX_ARGS] = { SYS_exit_group, 0 };
				fz_call(e);
			}
		}
	}
}
