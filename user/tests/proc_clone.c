/*
 * proc_clone - clone with fork-like flags and with CLONE_VM|CLONE_VFORK,
 * vfork, the flag combinations Linux refuses, clone3, set_robust_list and
 * get_robust_list (the head kept, not inherited by a child),
 * and the C library's users of them: fork, posix_spawn, system, popen.
 *
 * The clone calls are raw (int $0x80, i386 argument order: flags, newsp,
 * parent_tid, tls, child_tid), so each flag's effect is seen as the kernel
 * gives it. A child reports through its exit code; a CLONE_VM child also
 * through the memory it shares with its parent. Built with musl and with
 * glibc, so both libraries' fork, vfork, posix_spawn, system and popen run.
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_CHILD_SETTID 0x01000000
#define WALL_ 0x40000000
#define WCLONE_ 0x80000000
#define NR_CLONE3 435
#define NR_GET_ROBUST_LIST 312
#define CLONE_IO_ 0x80000000u
#define STACK_SIZE 16384

extern char **environ;

/* Linux's struct user_desc for set_thread_area and CLONE_SETTLS. */
struct tls_desc {
	unsigned int entry_number;
	unsigned int base_addr;
	unsigned int limit;
	unsigned int seg_32bit : 1;
	unsigned int contents : 2;
	unsigned int read_exec_only : 1;
	unsigned int limit_in_pages : 1;
	unsigned int seg_not_present : 1;
	unsigned int useable : 1;
};

static const char *self;
static volatile int shared_word;	/* written by CLONE_VM children */
static char child_stack[STACK_SIZE] __attribute__((aligned(16)));
static int child_tid, parent_tid;

/* clone(flags, sp, ptid, tls, ctid) where the child, on stack sp, calls
 * fn() and exits with its result. Returns the parent's result. */
static long clone_fn(unsigned long flags, char *stack_top, int *ptid, void *tls, int *ctid,
		     int (*fn)(void))
{
	unsigned long *sp = (unsigned long *)stack_top;
	long ret;

	*--sp = (unsigned long)fn;
	__asm__ volatile("int $0x80\n\t"
			 "test %%eax, %%eax\n\t"
			 "jnz 1f\n\t"
			 "pop %%eax\n\t"
			 "call *%%eax\n\t"
			 "mov %%eax, %%ebx\n\t"
			 "mov $1, %%eax\n\t"	/* exit */
			 "int $0x80\n\t"
			 "hlt\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(SYS_clone), "b"(flags), "c"(sp), "d"(ptid), "S"(tls), "D"(ctid)
			 : "memory");
	return ret;
}

/* Waits for pid (with extra wait options) and returns its wait status, or -1. */
static int wait_for(pid_t pid, int options)
{
	int st;

	return sys4(SYS_wait4, pid, &st, options, 0) == pid ? st : -1;
}

/* A child on its own stack: is a local of it inside child_stack? */
static int on_child_stack(void)
{
	char here;

	return &here >= child_stack && &here < child_stack + STACK_SIZE ? 21 : 22;
}

/* A CLONE_VM child: writes the shared word, then exits 5. */
static int vm_child(void)
{
	shared_word = 77;
	return 5;
}

/* A CLONE_VM child that sleeps before its write: the parent must wait. */
static int slow_vm_child(void)
{
	static const struct timespec ts = {0, 50 * 1000 * 1000};

	sys2(SYS_nanosleep, &ts, 0);
	shared_word = 88;
	return 6;
}

static volatile sig_atomic_t got_usr1;
static int *volatile shared_page;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

/* A CLONE_VM child that sends its waiting parent SIGUSR1, then is slow. */
static int signalling_vm_child(void)
{
	sys2(SYS_kill, sys0(SYS_getppid), SIGUSR1);
	return slow_vm_child();
}

/* A CLONE_VM child that kills its waiting parent with SIGTERM, then after
 * 100 ms marks the MAP_SHARED page its grandparent watches. */
static int very_slow_vm_child(void)
{
	static const struct timespec ts = {0, 100 * 1000 * 1000};
	int *p = shared_page;

	sys2(SYS_kill, sys0(SYS_getppid), SIGTERM);
	sys2(SYS_nanosleep, &ts, 0);
	*p = 1;
	return 0;
}

/* A CLONE_VM child that replaces its image (exit code 9 from child_main). */
static int exec_vm_child(void)
{
	char *argv[] = {"clone-child", "9", NULL};

	shared_word = 99;
	sys3(SYS_execve, self, argv, environ);
	return 100;	/* execve failed */
}

/* A CLONE_VM child killed by SIGKILL. */
static int killed_vm_child(void)
{
	shared_word = 66;
	sys2(SYS_kill, sys0(SYS_getpid), SIGKILL);
	return 101;
}

/* Fork-like clone: the plain case, exit signals and the tid flags. */
static void test_forklike(void)
{
	long r;
	int st;

	r = sys5(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(7);
	ok(r > 0, "clone(SIGCHLD) makes a child");
	is_exit(wait_for(r, 0), 7, "and waitpid sees its exit code");
	r = sys5(SYS_clone, SIGCHLD | CLONE_IO_, 0, 0, 0, 0);
	if (r == 0)
		_exit(8);
	is_exit(r > 0 ? wait_for(r, 0) : -1, 8, "CLONE_IO is accepted (one I/O context)");

	shared_word = 1;
	r = sys5(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (r == 0) {
		shared_word = 2;
		_exit(shared_word);
	}
	is_exit(wait_for(r, 0), 2, "the child has its own copy of memory");
	is(shared_word, 1, "the parent's copy is unchanged");

	parent_tid = 0;
	r = sys5(SYS_clone, SIGCHLD | CLONE_PARENT_SETTID, 0, &parent_tid, 0, 0);
	if (r == 0)
		_exit(0);
	is(parent_tid, r, "CLONE_PARENT_SETTID writes the pid in the parent");
	wait_for(r, 0);

	child_tid = 0;
	r = sys5(SYS_clone, SIGCHLD | CLONE_CHILD_SETTID, 0, 0, 0, &child_tid);
	if (r == 0)
		_exit(child_tid == sys0(SYS_getpid) ? 0 : 1);
	is_exit(wait_for(r, 0), 0, "CLONE_CHILD_SETTID writes the pid in the child");
	is(child_tid, 0, "but not in the parent's memory");

	r = sys5(SYS_clone, SIGCHLD | CLONE_PARENT_SETTID, 0, 16, 0, 0);
	if (r == 0)
		_exit(3);
	is_exit(wait_for(r, 0), 3, "CLONE_PARENT_SETTID with a bad pointer: still a child");
	r = sys5(SYS_clone, SIGCHLD | CLONE_CHILD_SETTID, 0, 0, 0, 16);
	if (r == 0)
		_exit(3);
	is_exit(wait_for(r, 0), 3, "CLONE_CHILD_SETTID with a bad pointer: the child runs");

	/* a MAP_SHARED word shows what the child's own memory gets */
	int *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*word = 12345;
	r = sys5(SYS_clone, SIGCHLD | CLONE_CHILD_CLEARTID, 0, 0, 0, word);
	if (r == 0)
		_exit(0);
	wait_for(r, 0);
	is(*word, 12345, "CLONE_CHILD_CLEARTID: not cleared when no one shares the memory");
	r = sys5(SYS_clone, SIGCHLD | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, 0, 0, 0, word);
	if (r == 0)
		_exit(0);
	wait_for(r, 0);
	is(*word, r, "CLONE_CHILD_SETTID in MAP_SHARED memory: the parent sees the pid");
	munmap(word, 4096);

	r = clone_fn(SIGCHLD, child_stack + STACK_SIZE, 0, 0, 0, on_child_stack);
	is_exit(wait_for(r, 0), 21, "a fork-like child runs on newsp");

	/* exit signals other than SIGCHLD: a "clone" child */
	r = sys5(SYS_clone, 0, 0, 0, 0, 0);
	if (r == 0)
		_exit(4);
	ok(r > 0, "clone with exit signal 0 makes a child");
	sys_raw(SYS_nanosleep, (long)&(struct timespec){0, 20000000}, 0, 0, 0, 0);
	is_err(sys4(SYS_wait4, r, &st, WNOHANG, 0), ECHILD,
	       "waitpid without __WCLONE does not see it");
	is_exit(wait_for(r, WCLONE_), 4, "waitpid with __WCLONE reaps it");

	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	r = sys5(SYS_clone, SIGUSR1, 0, 0, 0, 0);
	if (r == 0)
		_exit(8);
	is_exit(wait_for(r, WALL_), 8, "exit signal SIGUSR1: __WALL reaps it");
	sigset_t pend;
	sigpending(&pend);
	ok(sigismember(&pend, SIGUSR1), "and the parent got SIGUSR1");
	int sig;
	sigwait(&usr1, &sig);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* CLONE_PARENT: a sibling of the caller, reaped by the caller's parent */
	pid_t top = getpid();
	pid_t mid = fork();
	if (mid == 0) {
		r = sys5(SYS_clone, SIGCHLD | CLONE_PARENT, 0, 0, 0, 0);
		if (r == 0)
			_exit(sys0(SYS_getppid) == top ? 12 : 13);
		_exit(sys4(SYS_wait4, r, &st, 0, 0) == -ECHILD ? 0 : 1);
	}
	is_exit(wait_for(mid, 0), 0, "CLONE_PARENT: the caller cannot wait for its sibling");
	r = sys4(SYS_wait4, -1, &st, 0, 0);
	ok(r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 12,
	   "CLONE_PARENT: the grandparent reaps it, and it is its parent");
}

/* CLONE_SETTLS: the child's TLS slot, and the errors of a bad descriptor. */
static void test_settls(void)
{
	static char area[64];
	struct tls_desc d;
	long r;

	memset(&d, 0, sizeof(d));
	d.entry_number = -1;
	d.base_addr = (unsigned)(unsigned long)area;
	d.limit = 0xfffff;
	d.seg_32bit = 1;
	d.limit_in_pages = 1;
	d.useable = 1;
	r = sys1(SYS_set_thread_area, &d);
	is(r, 0, "set_thread_area picks a free slot");
	unsigned entry = d.entry_number;

	struct tls_desc c = d;
	c.base_addr = (unsigned)(unsigned long)(area + 32);
	r = sys5(SYS_clone, SIGCHLD | CLONE_SETTLS, 0, 0, &c, 0);
	if (r == 0) {
		struct tls_desc g = {.entry_number = entry};
		sys1(SYS_get_thread_area, &g);
		_exit(g.base_addr == (unsigned)(unsigned long)(area + 32) ? 0 : 1);
	}
	is_exit(wait_for(r, 0), 0, "CLONE_SETTLS sets the child's slot");
	struct tls_desc g = {.entry_number = entry};
	sys1(SYS_get_thread_area, &g);
	ok(g.base_addr == (unsigned)(unsigned long)area, "the parent's slot is unchanged");

	c.entry_number = -1;
	is_err(sys5(SYS_clone, SIGCHLD | CLONE_SETTLS, 0, 0, &c, 0), EINVAL,
	       "CLONE_SETTLS with entry -1: EINVAL");
	c.entry_number = 1;
	is_err(sys5(SYS_clone, SIGCHLD | CLONE_SETTLS, 0, 0, &c, 0), EINVAL,
	       "CLONE_SETTLS with a slot that is no TLS slot: EINVAL");
	is_err(sys5(SYS_clone, SIGCHLD | CLONE_SETTLS, 0, 0, 16, 0), EFAULT,
	       "CLONE_SETTLS with a bad pointer: EFAULT");
	is_err(sys4(SYS_wait4, -1, 0, WNOHANG | WALL_, 0), ECHILD, "and no child was made");
}

/* CLONE_VM|CLONE_VFORK and vfork: shared memory, the parent waits. */
static void test_vfork(void)
{
	long r;

	shared_word = 0;
	r = clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD, child_stack + STACK_SIZE, 0, 0, 0,
		     vm_child);
	ok(r > 0, "CLONE_VM|CLONE_VFORK makes a child");
	is(shared_word, 77, "the child wrote the parent's memory");
	is_exit(wait_for(r, 0), 5, "and exited 5");

	shared_word = 0;
	r = clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD, child_stack + STACK_SIZE, 0, 0, 0,
		     slow_vm_child);
	is(shared_word, 88, "the parent sleeps until the child exits");
	is_exit(wait_for(r, 0), 6, "slow child's exit code");

	shared_word = 0;
	r = clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD, child_stack + STACK_SIZE, 0, 0, 0,
		     exec_vm_child);
	is(shared_word, 99, "execve in the child releases the parent");
	is_exit(wait_for(r, 0), 9, "and the new image runs");

	shared_word = 0;
	r = clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD, child_stack + STACK_SIZE, 0, 0, 0,
		     killed_vm_child);
	is(shared_word, 66, "a child killed by a signal releases the parent");
	is_signal(wait_for(r, 0), SIGKILL, "and died of SIGKILL");

	child_tid = 12345;
	r = clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD | CLONE_CHILD_CLEARTID,
		     child_stack + STACK_SIZE, 0, 0, &child_tid, vm_child);
	is(child_tid, 0, "CLONE_CHILD_CLEARTID with CLONE_VM: cleared at exit");
	wait_for(r, 0);
	child_tid = 0;
	parent_tid = 0;
	r = clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD | CLONE_CHILD_SETTID | CLONE_PARENT_SETTID,
		     child_stack + STACK_SIZE, &parent_tid, 0, &child_tid, vm_child);
	is(child_tid, r, "CLONE_CHILD_SETTID with CLONE_VM: the parent sees the pid");
	is(parent_tid, r, "CLONE_PARENT_SETTID with CLONE_VM");
	wait_for(r, 0);

	/* a handled signal sent meanwhile waits until the child is done */
	shared_word = 0;
	pid_t mid = fork();
	if (mid == 0) {
		signal(SIGUSR1, on_usr1);
		r = clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD, child_stack + STACK_SIZE, 0, 0, 0,
			     signalling_vm_child);
		int early = shared_word != 88;
		_exit(early ? 1 : !got_usr1 ? 2 : wait_for(r, 0) < 0 ? 3 : 0);
	}
	is_exit(wait_for(mid, 0), 0, "a handled signal waits until the vfork child is done");

	/* a fatal one ends the wait: the parent dies, the child goes on (a
	 * subreaper between adopts it, so it is nobody else's orphan) */
	int *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*word = 0;
	shared_page = word;
	pid_t reaper = fork();
	if (reaper == 0) {
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		mid = fork();
		if (mid == 0) {
			clone_fn(CLONE_VM | CLONE_VFORK | SIGCHLD, child_stack + STACK_SIZE, 0, 0, 0,
				 very_slow_vm_child);
			_exit(1);
		}
		int st = wait_for(mid, 0);
		int bad = !(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
		int orphan = sys4(SYS_wait4, -1, &st, 0, 0);	/* the adopted child */
		bad |= (orphan <= 0 || *word != 1) << 1;
		_exit(bad);
	}
	r = wait_for(reaper, 0);
	ok(WIFEXITED(r) && !(WEXITSTATUS(r) & 1), "SIGTERM kills a parent in its vfork wait");
	ok(WIFEXITED(r) && !(WEXITSTATUS(r) & 2), "and its vfork child lives on in the shared memory");
	munmap(word, 4096);

	shared_word = 0;
	pid_t pid = vfork();
	if (pid == 0) {
		shared_word = 55;
		_exit(11);
	}
	is(shared_word, 55, "vfork: the child shares the parent's memory");
	is_exit(wait_for(pid, 0), 11, "vfork: exit code");

	shared_word = 0;
	r = sys0(SYS_vfork);
	if (r == 0) {
		shared_word = 56;
		sys1(SYS_exit, 12);
	}
	is(shared_word, 56, "raw vfork (190): shared memory");
	is_exit(wait_for(r, 0), 12, "raw vfork: exit code");

	pid = vfork();
	if (pid == 0) {
		char *argv[] = {"clone-child", "13", NULL};
		execve(self, argv, environ);
		_exit(100);
	}
	is_exit(wait_for(pid, 0), 13, "vfork then execve");
}

/* The combinations Linux refuses, clone3, set_robust_list. */
static void test_errors(void)
{
	is_err(sys5(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0), EINVAL,
	       "CLONE_SIGHAND without CLONE_VM: EINVAL");
	is_err(sys5(SYS_clone, CLONE_THREAD | SIGCHLD, 0, 0, 0, 0), EINVAL,
	       "CLONE_THREAD without CLONE_SIGHAND: EINVAL");
	is_err(sys5(SYS_clone, CLONE_THREAD | CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0), EINVAL,
	       "CLONE_THREAD|CLONE_SIGHAND without CLONE_VM: EINVAL");
	is_err(sys5(SYS_clone, CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0, 0, 0), EINVAL,
	       "CLONE_NEWNS with CLONE_FS: EINVAL");
	is_err(sys5(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &parent_tid, 0, 0),
	       EINVAL, "CLONE_PIDFD with CLONE_PARENT_SETTID: EINVAL");
	is_err(sys5(SYS_clone, CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, 0, &parent_tid, 0, 0),
	       EINVAL, "CLONE_PIDFD with CLONE_DETACHED: EINVAL");
	is_err(sys4(SYS_wait4, -1, 0, WNOHANG | WALL_, 0), ECHILD, "none of them made a child");

	if (on_mica())
		is_err(sys2(NR_CLONE3, 0, 0), ENOSYS, "clone3: ENOSYS, so libraries fall back");
	else
		skip_why("Linux has clone3", "clone3: ENOSYS, so libraries fall back");

	static char head[12];
	is(sys2(SYS_set_robust_list, head, 12), 0, "set_robust_list: accepted");
	is_err(sys2(SYS_set_robust_list, head, 11), EINVAL, "set_robust_list with a bad size: EINVAL");
	uint32_t got = 1, len = 0;
	is(sys3(NR_GET_ROBUST_LIST, 0, &got, &len), 0, "get_robust_list of the caller");
	ok(got == (uint32_t)(uintptr_t)head && len == 12, "gives the head set and its size, 12");
	is(sys3(NR_GET_ROBUST_LIST, getpid(), &got, &len), 0, "get_robust_list by pid");
	is_err(sys3(NR_GET_ROBUST_LIST, 999999, &got, &len), ESRCH, "of no such process: ESRCH");
	is_err(sys3(NR_GET_ROBUST_LIST, 0, &got, 16), EFAULT, "a bad len pointer: EFAULT");
	is_err(sys3(NR_GET_ROBUST_LIST, 0, 16, &len), EFAULT, "a bad head pointer: EFAULT");
	long pid = sys0(SYS_fork); /* raw: glibc's fork() sets its own head again */
	if (pid == 0) {
		got = 1;
		sys3(NR_GET_ROBUST_LIST, 0, &got, &len);
		sys1(SYS_exit, got == 0 ? 0 : 1);
	}
	is_exit(wait_for(pid, 0), 0, "a child does not inherit the head");
}

/* The C library: fork, posix_spawn, system, popen. */
static void test_libc(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(getppid() > 0 ? 14 : 15);
	is_exit(wait_for(pid, 0), 14, "fork()");

	char *argv[] = {"clone-child", "15", NULL};
	int r = posix_spawn(&pid, self, NULL, NULL, argv, environ);
	is(r, 0, "posix_spawn");
	is_exit(wait_for(pid, 0), 15, "posix_spawn: the child's exit code");
	char *bad[] = {"nope", NULL};
	r = posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, bad, environ);
	is(r, ENOENT, "posix_spawn of a missing file: ENOENT");

	is_exit(system("exit 3"), 3, "system(\"exit 3\")");

	FILE *f = popen("echo popen-ok", "r");
	char buf[64] = "";
	ok(f && fgets(buf, sizeof(buf), f) && strcmp(buf, "popen-ok\n") == 0, "popen reads the output");
	is_exit(f ? pclose(f) : -1, 0, "pclose: the exit status");
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[0], "clone-child") == 0)
		return atoi(argv[1]);
	self = argv[0];
	plan(71);
	test_forklike();
	test_settls();
	test_vfork();
	test_errors();
	test_libc();
	return done();
}
