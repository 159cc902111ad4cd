/*
 * Processes. Each has a kernel stack (KSTACK_SIZE) whose top holds the
 * trapframe of its last entry from user mode, an address space (struct mm),
 * a file descriptor table, a working directory and three TLS descriptors.
 *
 * Every process belongs to a process group (pgid) inside a session (sid),
 * both named by the pid of their first member, as in Linux; kill and
 * wait4 address groups by their pgid.
 *
 * The kernel runs with interrupts off (interrupt gates everywhere), so on
 * this one CPU nothing can run between a check and a sleep: wait queues
 * (kernel/wait.h) need no locks. Interrupts are taken in user mode and in the
 * scheduler, which opens a window for them on every pass; preemption
 * happens when the timer fires in user mode.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <kernel/kernel.h>
#include <kernel/resource.h>
#include <kernel/cred.h>
#include <asm/trapframe.h>
#include <asm/fpu.h>
#include <asm/fixmap.h>
#include <kernel/list.h>
#include <kernel/wait.h>
#include <kernel/timer.h>

#define NPROC 512
#define PID_MIN (-0x7fffffffL - 1) /* INT_MIN: kill and wait4 treat it as no pid */
#define NOFILE 256
#define KSTACK_SIZE 8192

struct mm;
struct file;
struct inode;
struct tty;
struct sigqueue;

#define NSIG 64

/* A signal's action, as rt_sigaction passes it on i386 (20 bytes). */
struct k_sigaction {
	uint32_t handler;  /* SIG_DFL, SIG_IGN or a user function */
	uint32_t flags;	   /* SA_* */
	uint32_t restorer; /* where the handler returns (SA_RESTORER) */
	uint64_t mask;	   /* blocked while the handler runs */
} __attribute__((packed));

/* What a handler with SA_SIGINFO is told about its signal. */
struct sig_info {
	int32_t code;	    /* SI_USER, SI_TKILL, SEGV_MAPERR... */
	int32_t pid;	    /* sender, for kill */
	uint32_t addr;	    /* faulting address, for SIGSEGV and SIGBUS */
	int32_t status;	    /* SIGCHLD: exit code, or the killing signal; si_value */
	int32_t overrun;    /* a POSIX timer's si_overrun, set at delivery */
	uint32_t timer_seq; /* the timer setting it came from (posix-timers.c) */
	bool from_timer;    /* sent by a POSIX timer (pid is its id) */
};

#define SIG_DFL 0
#define SIG_IGN 1
#define SA_NOCLDSTOP 0x00000001 /* SIGCHLD: not for stops and continues */
#define SA_NOCLDWAIT 0x00000002 /* SIGCHLD: children are not waited for */
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRERR 2	/* SIGBUS: a mapped address with nothing behind it */
#define CLD_EXITED 1	/* SIGCHLD codes: the child exited, */
#define CLD_KILLED 2	/* was killed by a signal, */
#define CLD_DUMPED 3	/* or was killed and dumped core, */
#define CLD_STOPPED 5	/* was stopped by a signal, */
#define CLD_CONTINUED 6 /* or was resumed by SIGCONT */

enum procstate {
	P_UNUSED,
	P_EMBRYO,
	P_SLEEPING,
	P_RUNNABLE,
	P_RUNNING,
	P_STOPPED, /* by a stop signal: not run until SIGCONT or SIGKILL */
	P_ZOMBIE
};

/* Callee-saved registers and EFLAGS that swtch() keeps on the stack it
 * leaves. */
struct context {
	uint32_t eflags, edi, esi, ebx, ebp, eip;
};

/* What sched_setscheduler, setpriority and nice set (syscalls/sched.c):
 * kept and inherited as Linux, though every process is scheduled alike. */
struct sched_attr {
	int policy;	    /* SCHED_OTHER, SCHED_FIFO... */
	int prio;	    /* real-time priority, 0 outside FIFO and RR */
	int nice;	    /* -20..19 */
	bool reset_on_fork; /* SCHED_RESET_ON_FORK: children start as SCHED_OTHER */
};

/* A relative sleep a stop cut short (nanosleep, clock_nanosleep): where
 * restart_syscall picks it up again after the SIGCONT, as Linux's
 * restart_block. until is 0 when there is nothing to go on with. */
struct restart_block {
	uint64_t until;	   /* jiffies the sleep ends at */
	void __user *urem; /* where the time left goes on a signal, or NULL */
	bool ts64;	   /* urem is a 64-bit timespec */
};
#define NR_RESTART_SYSCALL 0 /* restart_syscall, which a stopped sleep reruns as */

/* A task's local mappings (kmap_local_page, kmap_atomic; mm/highmem.c):
 * how many, and the fixmap PTE of each, put back when it runs again. */
struct kmap_ctrl {
	int idx;
	uint32_t pteval[KM_MAX_IDX];
};

#define SAVED_AUXV_WORDS 48 /* room for every auxv pair execve makes */

struct proc {
	enum procstate state;
	pid_t pid;
	pid_t pgid; /* process group */
	pid_t sid;  /* session */
	struct proc *parent;
	char name[16];
	char *kstack;		 /* bottom of the kernel stack */
	struct trapframe *tf;	 /* user registers, at the stack's top */
	struct context *context; /* where swtch() resumes it */
	struct mm *mm;
	struct list_head run_link;	   /* on the run queue while P_RUNNABLE */
	bool sleep_intr;		   /* a P_SLEEPING sleep that signals end */
	struct wait_queue_head wait_chld;  /* wait*: a child died, stopped or went on */
	struct wait_queue_head vfork_wait; /* a vfork child execs or exits */
	struct list_head pid_links[3];	   /* by pid, pgid, sid (kernel/pidhash.h) */
	struct list_head pid_order;	   /* every live process, by increasing pid */
	struct list_head children;	   /* its children, oldest first */
	struct list_head sibling;	   /* in its parent's children */
	struct list_head cpu_timers;	   /* clock timers on its CPU time */
	uint64_t sig_pending;		   /* bit sig-1: signal sig is pending */
	uint64_t sig_blocked;		   /* bit sig-1: signal sig is blocked */
	uint64_t sig_saved_mask;	   /* rt_sigsuspend's mask to restore */
	uint64_t sig_waited;		   /* rt_sigtimedwait's set, while it waits */
	bool sig_mask_saved;
	struct k_sigaction sigaction[NSIG];
	struct sig_info siginfo[NSIG]; /* why each pending signal was sent */
	struct sigqueue *sigq;	       /* queued real-time signals, oldest first */
	int sigq_count;		       /* how many (RLIMIT_SIGPENDING) */
	uint32_t syscall_nr;	       /* the system call being made */
	bool syscall_restart;	       /* it returned -EINTR and may be restarted */
	bool syscall_restart_nohand;   /* ... if no handler runs (after a stop) */
	struct restart_block restart;  /* how restart_syscall goes on */
	void __user *robust_list;      /* set_robust_list's head (not inherited) */
	int stop_report;	       /* stop signal wait4 has not reported yet, or 0 */
	bool cont_report;	       /* a SIGCONT resumed it; WCONTINUED not told */
	uint64_t alarm_at;	       /* jiffies when SIGALRM is due, or 0 */
	struct ktimer alarm_timer;     /* armed for alarm_at (alarm_arm) */
	uint64_t alarm_interval;       /* ticks between SIGALRMs (setitimer), or 0 */
	int exit_status;	       /* wait status once a zombie */
	bool autoreap;		       /* a zombie nobody will wait for */
	bool did_exec;		       /* has called execve since fork */
	bool unkillable;	       /* init: no default action for sent signals */
	bool child_subreaper;	       /* PR_SET_CHILD_SUBREAPER: adopts orphans */
	int timer_next_id;	       /* the next POSIX timer id to try */
	/* prctl state (syscalls/prctl.c), inherited by fork unless noted */
	int pdeath_signal;	      /* sent when the parent dies; fork: 0 */
	bool not_dumpable;	      /* PR_SET_DUMPABLE 0; execve: dumpable */
	bool no_new_privs;	      /* PR_SET_NO_NEW_PRIVS: for good */
	bool thp_disable;	      /* PR_SET_THP_DISABLE */
	bool tsc_sigsegv;	      /* PR_TSC_SIGSEGV: rdtsc faults */
	bool make_it_fail;	      /* /proc/PID/make-it-fail: fault injection may pick it */
	uint64_t timer_slack;	      /* ns; 0: the default */
	uint64_t timer_slack_default; /* what PR_SET_TIMERSLACK 0 returns to */
	/* the alternate signal stack (syscalls/sigaltstack.c): size 0 is none */
	uint32_t sas_sp, sas_size, sas_flags;
	struct rlimit64 rlim[RLIM_NLIMITS]; /* resource limits (kernel/resource.h) */
	/* CPU time in clock ticks (HZ, which is USER_HZ): the timer charges
	 * the running process by the mode it interrupted (kernel/acct.c);
	 * the c* fields total the reaped children, their own children's
	 * included, as Linux's cutime and cstime */
	uint64_t utime, stime, cutime, cstime;
	uint32_t min_flt, maj_flt, cmin_flt, cmaj_flt; /* page faults */
	uint32_t nvcsw, nivcsw, cnvcsw, cnivcsw;       /* voluntary, involuntary switches */
	uint32_t maxrss, cmaxrss; /* peak resident pages: images left by execve; children */
	/* The fd table: files[fd] and fd_flags[fd] (FD_CLOEXEC) for fd <
	 * max_fds, at first the arrays below, at least NOFILE long; it grows
	 * as fds are taken, up to RLIMIT_NOFILE (fs/fdtable.c) */
	struct file **files;
	uint8_t *fd_flags;
	int max_fds;
	struct file *fd_array[NOFILE];
	uint8_t fd_flags_array[NOFILE];
	struct inode *cwd;
	struct inode *root;	     /* chroot's directory (counted), or NULL: the root */
	struct tty *tty;	     /* controlling terminal (fs/tty.c), or NULL */
	uint64_t tls[3];	     /* GDT slots 6-8 */
	int __user *clear_child_tid; /* set_tid_address, CLONE_CHILD_CLEARTID */
	int __user *set_child_tid;   /* CLONE_CHILD_SETTID: written on first run */
	int exit_signal;	     /* sent to the parent at death (clone's CSIGNAL) */
	struct proc *vfork_parent;   /* sleeps until this child execs or exits */
	uint32_t umask;		     /* file mode creation mask */
	struct cred cred;	     /* ids, groups, capabilities (kernel/cred.c) */
	struct sched_attr sched;     /* policy, priority, nice */
	uint32_t personality;	     /* personality(2): PER_LINUX and flags */
	/* the program (/proc/PID/exe, counted) and where execve put its argv
	 * and environment strings on the user stack (/proc/PID/cmdline) */
	struct inode *exe;
	uint32_t arg_start, arg_end;
	/* the auxiliary vector execve gave the program, AT_NULL included
	 * (/proc/PID/auxv, as Linux's mm->saved_auxv) */
	uint32_t saved_auxv[SAVED_AUXV_WORDS];
	uint32_t env_start, env_end;
	uint32_t start_stack; /* the initial esp execve set (stat's startstack) */
	uint64_t start_time;  /* jiffies when it was made (stat's starttime) */
	uint8_t fpu[FPU_STATE_SIZE + FPU_STATE_ALIGN]; /* FPU state: fpu_area() */
	struct kmap_ctrl kmap_ctrl;		       /* its kmap_local slots (mm/highmem.c) */
};

extern struct proc proc_table[NPROC];
/* The pid given out most recently (/proc/loadavg). */
pid_t last_pid(void);
/* Pids are below pid_max (/proc/sys/kernel/pid_max: RESERVED_PIDS + 1 to
 * PID_MAX_LIMIT, i386 Linux's bounds); after a wrap they start at
 * RESERVED_PIDS. */
#define PID_MAX_DEFAULT 32768
#define PID_MAX_LIMIT 32768
#define RESERVED_PIDS 300
extern int pid_max;
extern struct proc *current;

/* A fresh process slot with a kernel stack, in P_EMBRYO; NULL if none. */
struct proc *proc_alloc(void);
void proc_free(struct proc *p);
/* The live process (zombies included) with this pid, or NULL: one hash
 * bucket looked at (kernel/pidhash.c). */
struct proc *proc_find(pid_t pid);
/* Is some process (zombies included) a member of process group pgid? */
bool pgrp_exists(pid_t pgid);
/* Start the first user process (init) from path with argv. */
void proc_start_init(const char *path, const char *const argv[]);

/* sched.c */
void scheduler(void) __noreturn;
/* Selftests only (kmain's context, before init): run processes until
 * done(arg). Returns false if nothing was left to run before then. */
bool sched_run_until(bool (*done)(void *arg), void *arg);
void sched(void);
void yield(void);
/* Make sleeping p run (at the end of the run queue; the current process
 * marked sleeping just runs on). Returns false if p was not asleep. */
bool wake_up_process(struct proc *p);
/* Put p, which is not on the run queue (new, or stopped), at its end as
 * P_RUNNABLE. */
void make_runnable(struct proc *p);
/* From the timer interrupt (user: it came in user mode): charge the tick,
 * run the timers that are due. */
void timer_tick(bool user);
#define NSEC_PER_SEC 1000000000 /* the units of a timespec's and a timeval's */
#define USEC_PER_SEC 1000000	/* second part, for the time calls */

/* syscalls/sched.c: what a child of parent starts with (fork, clone). */
struct sched_attr sched_fork(const struct proc *parent);

/* fork.c, exit.c, signal.c */
long do_fork(void);
/* clone(flags, newsp, parent_tid, tls, child_tid): see kernel/fork.c.
 * Returns the child's pid or -errno. */
long do_clone(uint32_t flags, uint32_t newsp, int __user *ptid, const void __user *tls,
	      int __user *ctid);
/* A new process's first steps in the kernel (CLONE_CHILD_SETTID). */
void clone_child_start(void);
/* p lets go of mm (exit, execve): clear_child_tid is cleared and woken if
 * others share mm, and a vfork parent is released. */
void mm_release(struct proc *p, struct mm *mm);
/* futex.c: FUTEX_WAKE of at most n waiters on the word at uaddr in mm
 * (private: FUTEX_PRIVATE_FLAG). Returns how many woke, or -errno. */
long futex_wake(struct mm *mm, uint32_t __user *uaddr, int n, bool private);
/* futex(2) with its timeout read as a timespec32, or a 64-bit one if ts64. */
long futex_call(uint32_t __user *uaddr, long op, long val, const void __user *uts, bool ts64);
void do_exit(int wait_status) __noreturn;
/* Which children a wait is for: any, the one with pid id, or those of
 * process group id. */
enum wait_type {
	WAIT_ANY,
	WAIT_PID,
	WAIT_PGID
};
/* Wait for a matching child's event (kernel/exit.c): its pid with its wait
 * status in *st, 0 (nohang, none ready), -ECHILD or -EINTR. kind: the
 * wait's __WCLONE and __WALL bits (WAIT_CLONE, WAIT_ALL); events: which
 * of exit, stop and continue count (WEV_*); keep: leave it waitable. */
#define WAIT_ALL 0x40000000   /* __WALL */
#define WAIT_CLONE 0x80000000 /* __WCLONE */
#define WEV_STOPPED 2	      /* WUNTRACED: a stop, status 0x7f | sig << 8 */
#define WEV_EXITED 4	      /* WEXITED: an exit or a death by a signal */
#define WEV_CONTINUED 8	      /* WCONTINUED: a resumption, status 0xffff */
#define W_STOPCODE(sig) ((sig) << 8 | 0x7f)
#define W_CONTINUED 0xffff
long wait_child(enum wait_type type, long id, long kind, bool nohang, int events, bool keep,
		int *st);
/* A signal from the kernel (SIGPIPE, SIGALRM, SIGCHLD...): pending for p
 * unless p ignores it, waking it. */
void send_signal(struct proc *p, int sig);
/* Set p's ITIMER_REAL (alarm, setitimer) to send SIGALRM at jiffies at,
 * then every p->alarm_interval ticks if that is not 0; at 0 disarms it. */
void alarm_arm(struct proc *p, uint64_t at);
void send_signal_info(struct proc *p, int sig, int code, int pid, uint32_t addr);
/* The same with a whole info (si_status/si_value in status). Returns 0, or
 * -EAGAIN when queued and a real-time signal's info cannot be queued. */
int send_signal_full(struct proc *p, int sig, const struct sig_info *info, bool queued);
/* Drop pending sig of p and its queued infos; sig 0: every signal. */
void flush_signal(struct proc *p, int sig);
/* The info of a pending sig of p that POSIX timer id sent, or NULL. */
struct sig_info *pending_timer_info(struct proc *p, int sig, int id);
/* SIGCHLD to parent for child pid's death with wait status st. */
void send_sigchld(struct proc *parent, pid_t pid, int st);
/* Take the lowest signal pending in set: clear it and copy its info to
 * *info. Returns the signal, or 0 if none of set is pending. */
int dequeue_signal(struct proc *p, uint64_t set, struct sig_info *info);
/* A signal from another process (kill, tkill, sigqueue): as send_signal,
 * but init never gets a signal it has no handler for, SIGKILL included.
 * Returns 0, or -EAGAIN when a real-time signal with a code other than
 * SI_USER finds its queue full (RLIMIT_SIGPENDING). */
int send_user_signal(struct proc *p, int sig, int code, int pid);
int send_user_signal_info(struct proc *p, int sig, const struct sig_info *info);
/* May the caller send sig to p (kill's rule on uids, CAP_KILL)? 0,
 * -EINVAL for a bad signal, -EPERM. */
int kill_permission(struct proc *p, int sig);
/* SIGCHLD to p's parent for its stop (CLD_STOPPED, the signal) or its
 * resumption (CLD_CONTINUED, SIGCONT), unless the parent set SA_NOCLDSTOP;
 * the parent's wait wakes either way. */
void notify_parent_stop(struct proc *p, int code, int sig);
/* Is process group pgid orphaned, ignoring member ignore (may be NULL): no
 * member has a parent (other than init) in another group of its session? */
bool pgrp_orphaned(pid_t pgid, struct proc *ignore);
/* Does process group pgid have a stopped member? */
bool pgrp_has_stopped(pid_t pgid);
/* Send sig (from the kernel) to every member of process group pgid. */
void kill_pgrp(pid_t pgid, int sig);
/* do_exit's job control (kernel/jobctl.c): dying p's child c's group, and
 * then p's own group, get SIGHUP and SIGCONT if p's death orphans them
 * while they have stopped members. */
void exit_orphan_child(struct proc *p, struct proc *c);
void exit_orphan_group(struct proc *p);
/* A signal from a CPU exception: blocked or ignored, it still kills. */
void force_signal(struct proc *p, int sig, int code, uint32_t addr);
/* Is a signal waiting that should interrupt p's sleep? */
bool signal_pending(struct proc *p);
/* On the way back to user mode: take the default action of a pending
 * signal, or set up its handler's frame on the user stack. */
void check_signals(struct trapframe *tf);
/* sigaltstack's stack_t on i386. */
struct user_stack {
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
};
#define SS_AUTODISARM (1u << 31)
/* syscalls/sigaltstack.c: is sp on p's alternate signal stack (never with
 * SS_AUTODISARM; in_sig_stack: whatever the flags)? sas_ss_flags: SS_DISABLE, SS_ONSTACK or 0 for p at sp;
 * sas_raw_flags: the flags as set (SS_DISABLE for none); do_sigaltstack:
 * sigaltstack(2) for the caller at user sp (0 or -errno); sas_reset:
 * forget the stack. */
bool on_sig_stack(const struct proc *p, uint32_t sp);
bool in_sig_stack(const struct proc *p, uint32_t sp);
int sas_ss_flags(const struct proc *p, uint32_t sp);
int32_t sas_raw_flags(const struct proc *p);
int do_sigaltstack(const struct user_stack *ss, struct user_stack *oss, uint32_t sp);
void sas_reset(struct proc *p);
/* arch/x86/signal.c: the handler's stack frame (0 or -EFAULT), and its
 * undoing for sigreturn (0, -EFAULT or -EINVAL; see there). */
/* The most user stack a signal frame takes: AT_MINSIGSTKSZ. */
uint32_t sigframe_max_size(void);
int setup_sigframe(struct trapframe *tf, int sig, const struct k_sigaction *ka,
		   const struct sig_info *info, uint64_t oldmask);
int restore_sigframe(struct trapframe *tf, bool rt, uint64_t *mask);

/* acct.c: CPU time, faults, switches and peak RSS (getrusage, times). */
void acct_tick(struct proc *p, bool user);
uint32_t acct_maxrss(const struct proc *p);
void acct_mm_done(struct proc *p, const struct mm *mm);
void acct_reap(struct proc *parent, const struct proc *child);
/* The figures of the child reaped last, its own reaped children's added
 * (wait4's and waitid's rusage): times in ticks, maxrss in pages. */
struct child_usage {
	uint64_t utime, stime;
	uint32_t min_flt, maj_flt, nvcsw, nivcsw, maxrss;
};
const struct child_usage *acct_last_reaped(void);
/* syscalls/rusage.c: write acct_last_reaped() to user rusage ru. Returns
 * 0 or -EFAULT. */
long put_reaped_rusage(void __user *ru);

/* exec.c: replace the current image. Strings are kernel copies. */
long do_execve(const char *path, char *const argv[], char *const envp[]);
/* exec.c: path's inode if it may be executed, else NULL with *err set. */
struct inode *exec_open(const char *path, long *err);
/* exec.c: exec_open's checks on inode ip: 0, -EACCES or -ETXTBSY. */
long exec_check(const struct inode *ip);
/* exec.c: do_execve of the inode ip under the name filename (AT_EXECFN),
 * the process then named comm (NULL: filename's last component). */
long do_execve_inode(struct inode *ip, const char *filename, const char *comm, char *const argv[],
		     char *const envp[]);
/* exec.c: make ip (NULL: none) p's program, denying writes to it while p
 * runs it, and let the old one go. */
void proc_set_exe(struct proc *p, struct inode *ip);
/* The FPU state (fpu_save, fpu_restore...): asm/fpu.h, arch/x86/fpu.c. */

/* Wait status: exit code ret in bits 8-15, else the killing signal in
 * bits 0-6 with WCOREFLAG when a core was dumped. */
#define W_EXITCODE(ret, sig) (((ret)&0xff) << 8 | (sig))
#define WTERMSIG(st) ((st)&0x7f)
#define WEXITSTATUS(st) (((st) >> 8) & 0xff)

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGSEGV 11
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGWINCH 28
#define SIGSYS 31

/* The bit of sig in a signal set (sig_pending, sig_blocked, masks). */
#define sigmask(sig) (1ull << ((sig)-1))
/* Signals that cannot be blocked: every mask the user sets drops them. */
#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

#define WCOREFLAG 0x80 /* wait status: the process dumped core */

#endif
