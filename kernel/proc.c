/*
 * The process table and the birth of processes. A new process gets a
 * kernel stack laid out so that the first swtch() to it "returns" into
 * forkret and from there into trapret, which pops its trapframe and irets
 * to user mode:
 *
 *   kstack + KSTACK_SIZE  -> +-----------------+
 *                            | struct trapframe|  p->tf
 *                            | &trapret        |  forkret returns here
 *                            | struct context  |  p->context, eip = forkret
 *                            |      ...        |
 *   kstack                -> +-----------------+
 *                            | guard page      |  never mapped (kernel/kstack.c)
 */
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/kstack.h>
#include <kernel/pidhash.h>
#include <asm/arch.h>
#include <asm/fpu.h>
#include <asm/mmu.h>

struct proc proc_table[NPROC];
struct proc *current;
/* Free slots: those never used (from never_used on), and a stack of the
 * ones freed since, so that taking and giving back a slot is O(1). */
static int never_used;
static int free_slots[NPROC], nfree;
/* Pids count up from 1 to pid_max - 1 (/proc/sys/kernel/pid_max), then
 * wrap to RESERVED_PIDS, as Linux; a pid still naming a process, or a
 * process group or session that has members, is skipped. */
int pid_max = PID_MAX_DEFAULT;
static pid_t last_given;

/* Returns the pid given out most recently (0 before the first). */
pid_t last_pid(void)
{
	return last_given;
}

/* The next free pid after the last one given, wrapping below pid_max;
 * 0 if every one is taken. */
static pid_t alloc_pid(void)
{
	pid_t pid = last_given;

	for (int tries = 0; tries < pid_max; tries++) {
		pid = pid + 1 >= pid_max ? RESERVED_PIDS : pid + 1;
		if (!pid_in_use(pid)) {
			last_given = pid;
			return pid;
		}
	}
	return 0;
}
extern void trapret(void);

/* Where a new process first runs in the kernel: straight back to user. */
static void forkret(void)
{
	clone_child_start();
}

/* Returns a fresh process slot in P_EMBRYO, with a pid, a kernel stack
 * (guard page below) laid out to start in forkret and trapret, and the
 * initial FPU state; NULL if every slot, every pid or the memory for a
 * stack is taken. */
struct proc *proc_alloc(void)
{
	struct proc *p;

	if (nfree)
		p = &proc_table[free_slots[nfree - 1]];
	else if (never_used < NPROC)
		p = &proc_table[never_used];
	else
		return NULL;
	pid_t pid = alloc_pid();
	if (!pid)
		return NULL;
	char *stack = kstack_alloc(p - proc_table); /* with a guard page below */
	if (!stack)
		return NULL;
	if (nfree)
		nfree--;
	else
		never_used++;
	memset(p, 0, sizeof(*p));
	p->files = p->fd_array;
	p->fd_flags = p->fd_flags_array;
	p->max_fds = NOFILE;
	p->kstack = stack;
	p->pid = pid;
	pidhash_add(p);
	p->state = P_EMBRYO;
	p->start_time = jiffies;

	char *sp = p->kstack + KSTACK_SIZE;
	sp -= sizeof(struct trapframe);
	p->tf = (struct trapframe *)sp;
	memset(p->tf, 0, sizeof(*p->tf));
	sp -= 4;
	*(uint32_t *)sp = (uint32_t)trapret;
	sp -= sizeof(struct context);
	p->context = (struct context *)sp;
	memset(p->context, 0, sizeof(*p->context));
	p->context->eip = (uint32_t)forkret;
	p->context->eflags = FL_1; /* interrupts off, AC clear, as in the kernel */
	fpu_init_state(p);
	return p;
}

/* Release a dead process's last resources (its parent calls this): off
 * the pid lists and its parent's children, its slot free again. */
void proc_free(struct proc *p)
{
	fd_table_close_all(p); /* a fork that failed half-way */
	cred_release(&p->cred);
	kstack_free(p->kstack);
	p->kstack = NULL;
	pidhash_del(p);
	if (list_linked(&p->sibling))
		list_del_init(&p->sibling);
	p->state = P_UNUSED;
	p->pid = 0;
	free_slots[nfree++] = (int)(p - proc_table);
}
/*
 * Open fd 0, 1 and 2 of init: one read-write open of /dev/console, as
 * Linux's kernel_init does. Where init's own fds should go instead (files,
 * other devices, pipes) is init's business: it is told with arguments.
 */
static void open_std_fds(void)
{
	int err = 0;
	struct inode *ip = namei("/dev/console", &err);
	struct file *con;

	if (!ip)
		panic("open_std_fds: no /dev/console: error %d", err);
	con = file_alloc(ip, O_RDWR, ip->fop);
	inode_put(ip);
	if (!con)
		panic("open_std_fds: out of memory");
	fd_install(con, 0, 0);
	file_get(con);
	fd_install(con, 1, 0);
	file_get(con);
	fd_install(con, 2, 0);
}

/* Create process 1 with fds 0-2 on /dev/console and exec path with argv
 * in it, leaving it runnable; panics if any of that fails. */
void proc_start_init(const char *path, const char *const argv[])
{
	static char *const envp[] = { "HOME=/", "PATH=/bin:/sbin", "TERM=vt100", NULL };
	struct proc *p = proc_alloc();

	if (!p)
		panic("proc_start_init: no process slot");
	strlcpy(p->name, "init", sizeof(p->name));
	/* init leads the first session and process group; as Linux's init, it
	 * only gets the signals it has handlers for */
	proc_set_pgid(p, p->pid);
	proc_set_sid(p, p->pid);
	p->unkillable = true;
	rlimit_init(p);
	cred_init(&p->cred);
	p->umask = 022;
	p->cwd = root_inode;
	inode_get(root_inode);
	current = p;
	open_std_fds();
	long err = do_execve(path, (char *const *)argv, envp);
	if (err)
		panic("proc_start_init: cannot run %s: error %ld", path, err);
	current = NULL;
	switch_pgdir(kpgdir);
	make_runnable(p);
}
