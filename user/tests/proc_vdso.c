/*
 * proc_vdso - the vDSO, as Linux i386 gives it to every process: the
 * auxv's AT_SYSINFO_EHDR (the image, an ELF shared object) and AT_SYSINFO
 * (its __kernel_vsyscall, the C libraries' way into the kernel), [vdso]
 * in /proc/self/maps, kept across fork and made again by execve; a
 * process may make its copy writable (the write copies the page for it
 * alone) or move it with mremap (the entry's return follows it).
 *
 * __kernel_vsyscall is called here with every register set by hand
 * (vcall below): it must act as int $0x80 does, preserve every register
 * but eax, pass a sixth argument, restart a call a signal interrupted
 * (SA_RESTART: the vDSO's int $0x80 after its sysenter is where a
 * restart goes), and return -EINTR without SA_RESTART. Its fast-entry
 * instruction (sysenter on Mica, sysenter or syscall on Linux) entered
 * with a stack pointer that cannot be read gives -EFAULT for the call,
 * which is not made, and then SIGSEGV at the landing pad's pops, on both
 * kernels. A handler installed without SA_RESTORER returns through the
 * vDSO's __kernel_sigreturn or __kernel_rt_sigreturn. Single-stepping
 * through it (TF set) traps at each of its instructions and goes on past
 * the call.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* REG_EAX, REG_EIP */
#endif
#include "tap.h"

#include <elf.h>
#include <signal.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>

#define PAGE 4096
#define EXEC_CHILD_ARG "--exec-child"
#define K_SA_RESTORER 0x04000000u
#define K_SA_SIGINFO 4u
#define BAD_SP 0x1000u /* below mmap_min_addr: never mapped */
#define REGS_SENTINEL 0x5a5a0000

/* One call of __kernel_vsyscall (vcall): the registers going in, the
 * registers coming out. */
struct vregs {
	long nr, arg[6];   /* eax; ebx, ecx, edx, esi, edi, ebp */
	unsigned long fn;  /* what to call (vcall) or jump to (vjump) */
	long out[6];	   /* ebx, ecx, edx, esi, edi, ebp afterwards */
	long ret;	   /* eax afterwards */
};

/* long vcall(struct vregs *r): load every register from r, call r->fn,
 * store every register back into r; returns eax. */
long vcall(struct vregs *r);
/* void vjump(struct vregs *r): eax, ebx, ecx, edx from r, esp = r->arg[5],
 * jump to r->fn; never comes back. */
void vjump(struct vregs *r);
__asm__(".text\n"
	".globl vcall\n"
	"vcall:\n"
	"	pushl %ebp\n"
	"	pushl %ebx\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl 20(%esp), %eax\n"
	"	pushl %eax\n"
	"	pushl 28(%eax)\n"
	"	movl 4(%eax), %ebx\n"
	"	movl 8(%eax), %ecx\n"
	"	movl 12(%eax), %edx\n"
	"	movl 16(%eax), %esi\n"
	"	movl 20(%eax), %edi\n"
	"	movl 24(%eax), %ebp\n"
	"	movl 0(%eax), %eax\n"
	"	call *(%esp)\n"
	"	addl $4, %esp\n"
	"	xchgl %eax, (%esp)\n"
	"	movl %ebx, 32(%eax)\n"
	"	movl %ecx, 36(%eax)\n"
	"	movl %edx, 40(%eax)\n"
	"	movl %esi, 44(%eax)\n"
	"	movl %edi, 48(%eax)\n"
	"	movl %ebp, 52(%eax)\n"
	"	popl %ecx\n"
	"	movl %ecx, 56(%eax)\n"
	"	movl %ecx, %eax\n"
	"	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebx\n"
	"	popl %ebp\n"
	"	ret\n"
	".globl vjump\n"
	"vjump:\n"
	"	movl 4(%esp), %eax\n"
	"	movl 4(%eax), %ebx\n"
	"	movl 8(%eax), %ecx\n"
	"	movl 12(%eax), %edx\n"
	"	movl 28(%eax), %esi\n"
	"	movl 24(%eax), %esp\n"
	"	movl 0(%eax), %eax\n"
	"	jmp *%esi\n");

_Static_assert(__builtin_offsetof(struct vregs, fn) == 28 && __builtin_offsetof(struct vregs, ret) == 56,
	       "vcall's offsets");

static const unsigned char *image;   /* AT_SYSINFO_EHDR */
static unsigned long image_size;     /* its PT_LOAD's extent */
static unsigned long sysinfo;	     /* AT_SYSINFO */

/* __kernel_vsyscall with nr and up to six arguments (the rest 0). */
static long vsys(long nr, long a, long b, long c, long d, long e, long f)
{
	struct vregs r = { nr, { a, b, c, d, e, f }, sysinfo, { 0 }, 0 };
	return vcall(&r);
}

/* The address in the image of dynamic symbol name (0 if none) and, in
 * *version, the name of its version (NULL if none), read through DT_HASH,
 * DT_SYMTAB, DT_STRTAB, DT_VERSYM and DT_VERDEF as a loader reads them. */
static unsigned long vdso_sym(const char *name, const char **version)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)image;
	const Elf32_Phdr *ph = (const Elf32_Phdr *)(image + eh->e_phoff);
	unsigned long bias = 0, dyn = 0;
	int have_load = 0;

	*version = NULL;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			bias = (unsigned long)image - ph[i].p_vaddr;
			have_load = 1;
		} else if (ph[i].p_type == PT_DYNAMIC)
			dyn = ph[i].p_vaddr;
	}
	if (!have_load || !dyn)
		return 0;
	const Elf32_Word *hash = NULL;
	const Elf32_Sym *syms = NULL;
	const char *strs = NULL;
	const Elf32_Half *versym = NULL;
	const unsigned char *verdef = NULL;
	for (const Elf32_Dyn *d = (const Elf32_Dyn *)(dyn + bias); d->d_tag != DT_NULL; d++) {
		unsigned long p = d->d_un.d_ptr + bias;
		if (d->d_tag == DT_HASH)
			hash = (const Elf32_Word *)p;
		else if (d->d_tag == DT_SYMTAB)
			syms = (const Elf32_Sym *)p;
		else if (d->d_tag == DT_STRTAB)
			strs = (const char *)p;
		else if (d->d_tag == DT_VERSYM)
			versym = (const Elf32_Half *)p;
		else if (d->d_tag == DT_VERDEF)
			verdef = (const unsigned char *)p;
	}
	if (!hash || !syms || !strs)
		return 0;
	for (Elf32_Word i = 1; i < hash[1]; i++) { /* hash[1]: nchain, the symbol count */
		if (strcmp(strs + syms[i].st_name, name) != 0 || syms[i].st_shndx == SHN_UNDEF)
			continue;
		for (const unsigned char *v = verdef; v && versym;) {
			const Elf32_Verdef *vd = (const Elf32_Verdef *)v;
			if (vd->vd_ndx == (versym[i] & 0x7fff)) {
				const Elf32_Verdaux *aux = (const Elf32_Verdaux *)(v + vd->vd_aux);
				*version = strs + aux->vda_name;
				break;
			}
			if (!vd->vd_next)
				break;
			v += vd->vd_next;
		}
		return syms[i].st_value + bias;
	}
	return 0;
}

/* Whether [addr, addr + 1) lies in the image. */
static int in_image(unsigned long addr)
{
	return addr >= (unsigned long)image && addr < (unsigned long)image + image_size;
}

/* The number of [vdso] lines in /proc/self/maps; the first one's start,
 * end and permissions go to *start, *end and perms (5 bytes). */
static int vdso_maps(unsigned long *start, unsigned long *end, char *perms)
{
	static char buf[16384];
	int fd = open("/proc/self/maps", O_RDONLY), n = 0, count = 0;
	long r;
	if (fd < 0)
		return -1;
	while (n < (int)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	for (char *line = buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (strstr(line, "[vdso]") && count++ == 0)
			sscanf(line, "%lx-%lx %4s", start, end, perms);
		line = nl ? nl + 1 : NULL;
	}
	return count;
}

/* The sysinfo word of the C library's thread control block, %gs:16: the
 * address both musl and glibc call for every system call. */
static unsigned long tcb_sysinfo(void)
{
	unsigned long v;
	__asm__ volatile("movl %%gs:16, %0" : "=r"(v));
	return v;
}

static int pipe_fd[2];
static volatile int handled;

/* SIGALRM: writes the byte the interrupted read waits for. */
static void on_alarm(int sig)
{
	(void)sig;
	handled++;
	write(pipe_fd[1], "x", 1);
}

/* A read of 1 byte of the empty pipe through __kernel_vsyscall while a
 * SIGALRM comes after 50 ms, its handler installed with flags. Returns
 * the read's result; *byte gets what it read. */
static long read_across_signal(int flags, char *byte)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = flags };
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	handled = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	long r = vsys(SYS_read, pipe_fd[0], (long)byte, 1, 0, 0, 0);
	signal(SIGALRM, SIG_DFL);
	return r;
}

static unsigned long ret_addr; /* the return address a raw handler saw */

/* A handler installed without SA_RESTORER: notes its return address. */
static void raw_handler(int sig)
{
	(void)sig;
	ret_addr = (unsigned long)__builtin_return_address(0);
}

/* Installs raw_handler for SIGUSR1 with rt_sigaction (raw: no libc
 * restorer) and flags, raises SIGUSR1; returns the return address the
 * handler saw, or 0 when it did not run. */
static unsigned long raw_signal_return(unsigned flags)
{
	struct {
		unsigned long handler, flags, restorer;
		unsigned mask[2];
	} ka = { (unsigned long)raw_handler, flags, 0, { 0, 0 } };
	ret_addr = 0;
	if (sys4(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8) != 0)
		return 0;
	sys2(SYS_kill, getpid(), SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
	return ret_addr;
}

static int report_fd; /* the bad-stack child's report pipe */

/* SIGSEGV on the alternate stack: sends the interrupted eax and eip. */
static void on_segv(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	long regs[2] = { uc->uc_mcontext.gregs[REG_EAX], uc->uc_mcontext.gregs[REG_EIP] };
	(void)sig;
	(void)si;
	write(report_fd, regs, sizeof(regs));
	_exit(0);
}

/* The fast-entry sequence of __kernel_vsyscall: "movl %esp, %ebp;
 * sysenter" (Linux and Mica with sysenter) or "movl %ecx, %ebp; syscall"
 * (Linux on AMD CPUs), among its first bytes; 0 if it has neither (no
 * fast entry: int $0x80 only). */
static unsigned long fast_entry(void)
{
	const unsigned char *p = (const unsigned char *)sysinfo;
	for (int i = 0; i < 16; i++) {
		if (p[i] == 0x89 && p[i + 1] == 0xe5 && p[i + 2] == 0x0f && p[i + 3] == 0x34)
			return sysinfo + i;
		if (p[i] == 0x89 && p[i + 1] == 0xcd && p[i + 2] == 0x0f && p[i + 3] == 0x05)
			return sysinfo + i;
	}
	return 0;
}

/* The child of the bad-stack check: the fast entry with esp unreadable,
 * making a 1-byte write to the data pipe wfd; its SIGSEGV handler (on an
 * alternate stack) reports eax and eip down rfd. */
static void bad_stack_child(int wfd, int rfd, unsigned long entry)
{
	static char altstack[16384];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_ONSTACK };
	report_fd = rfd;
	sigaltstack(&ss, NULL);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	struct vregs r = { SYS_write, { wfd, (long)"y", 1, 0, 0, BAD_SP }, entry, { 0 }, 0 };
	vjump(&r);
	_exit(99);
}

static volatile int steps, steps_in_vdso;

/* SIGTRAP of a single step: counts it (and those inside the vDSO). */
static void on_step(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	(void)sig;
	(void)si;
	steps++;
	steps_in_vdso += in_image(uc->uc_mcontext.gregs[REG_EIP]);
}

/* getpid through __kernel_vsyscall with the trap flag set (a single step
 * of every instruction, into the kernel entry and back); returns its
 * result. */
static long stepped_getpid(void)
{
	struct sigaction sa = { .sa_sigaction = on_step, .sa_flags = SA_SIGINFO };
	long r;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTRAP, &sa, NULL);
	__asm__ volatile("pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n\t"
			 "call *%2\n\t"
			 "pushfl\n\tandl $~0x100, (%%esp)\n\tpopfl"
			 : "=a"(r)
			 : "0"((long)SYS_getpid), "r"(sysinfo)
			 : "memory", "cc");
	signal(SIGTRAP, SIG_DFL);
	return r;
}

/* The child of the mremap check: moves the vDSO ([start, end)) and calls
 * __kernel_vsyscall where it went, with raw int $0x80 calls around it
 * (the C library still calls the old address); exits 0 if getpid came
 * back right. */
static void moved_child(unsigned long start, unsigned long end)
{
	unsigned long size = end - start;
	long to = (long)mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long moved = sys5(SYS_mremap, start, size, size, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	long pid = sys0(SYS_getpid);
	long got = -1;
	if (moved == to) {
		struct vregs r = { SYS_getpid, { 0 }, (unsigned long)to + (sysinfo - start), { 0 }, 0 };
		got = vcall(&r);
	}
	sys1(SYS_exit, moved == to && got == pid ? 0 : 1);
}

/* The child of the mprotect check: makes the vDSO writable and writes the
 * last byte of its first page (past the image); exits 0 if that worked. */
static void written_child(unsigned long start)
{
	volatile unsigned char *last = (unsigned char *)start + PAGE - 1;
	if (sys3(SYS_mprotect, start, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
		sys1(SYS_exit, 2);
	*last = 0x5a;
	sys1(SYS_exit, *last == 0x5a && vsys(SYS_getpid, 0, 0, 0, 0, 0, 0) == getpid() ? 0 : 1);
}

/* The child of the exec check: exits 0 if its own image has a vDSO in the
 * auxv and once in its maps. */
static int exec_child(void)
{
	unsigned long start = 0, end = 0;
	char perms[8] = "";
	unsigned long eh = getauxval(AT_SYSINFO_EHDR);
	return eh && vdso_maps(&start, &end, perms) == 1 && start == eh ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], EXEC_CHILD_ARG) == 0)
		return exec_child();
	plan(33);

	image = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
	sysinfo = getauxval(AT_SYSINFO);
	if (!ok(image != NULL, "AT_SYSINFO_EHDR is in the auxv") ||
	    !ok(sysinfo != 0, "AT_SYSINFO is in the auxv"))
		return done();
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)image;
	ok(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS32 &&
		   eh->e_type == ET_DYN && eh->e_machine == EM_386,
	   "the image is a 32-bit i386 ELF shared object");
	const Elf32_Phdr *ph = (const Elf32_Phdr *)(image + eh->e_phoff);
	int loads = 0, dynamic = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && loads++ == 0) {
			image_size = ph[i].p_memsz;
			ok(ph[i].p_flags == (PF_R | PF_X), "its PT_LOAD is read+exec");
		}
		dynamic += ph[i].p_type == PT_DYNAMIC;
	}
	ok(loads == 1 && dynamic == 1, "one PT_LOAD and one PT_DYNAMIC");
	ok(in_image(sysinfo), "AT_SYSINFO points inside the image");

	const char *ver;
	unsigned long vs = vdso_sym("__kernel_vsyscall", &ver);
	ok(vs == sysinfo, "__kernel_vsyscall in its dynamic symbols is AT_SYSINFO");
	ok(ver && strcmp(ver, "LINUX_2.5") == 0, "__kernel_vsyscall has version LINUX_2.5");
	unsigned long sr = vdso_sym("__kernel_sigreturn", &ver);
	ok(in_image(sr) && ver && strcmp(ver, "LINUX_2.5") == 0, "__kernel_sigreturn, LINUX_2.5");
	unsigned long rsr = vdso_sym("__kernel_rt_sigreturn", &ver);
	ok(in_image(rsr) && ver && strcmp(ver, "LINUX_2.5") == 0,
	   "__kernel_rt_sigreturn, LINUX_2.5");

	unsigned long start = 0, end = 0;
	char perms[8] = "";
	int lines = vdso_maps(&start, &end, perms);
	ok(lines == 1 && start == (unsigned long)image && end >= start + image_size,
	   "one [vdso] line in /proc/self/maps, over the image");
	ok(strcmp(perms, "r-xp") == 0, "[vdso] is r-xp");
	is(tcb_sysinfo(), sysinfo, "the C library calls through AT_SYSINFO (%%gs:16)");

	is(vsys(SYS_getpid, 0, 0, 0, 0, 0, 0), getpid(), "getpid through __kernel_vsyscall");
	is(vsys(9999, 0, 0, 0, 0, 0, 0), -ENOSYS, "an unknown number gives -ENOSYS");
	struct vregs r = { SYS_getppid,
			   { REGS_SENTINEL + 1, REGS_SENTINEL + 2, REGS_SENTINEL + 3,
			     REGS_SENTINEL + 4, REGS_SENTINEL + 5, REGS_SENTINEL + 6 },
			   sysinfo, { 0 }, 0 };
	vcall(&r);
	int same = r.ret == getppid();
	for (int i = 0; i < 6; i++)
		same &= r.out[i] == r.arg[i];
	ok(same, "every register but eax comes back as it went in");

	/* a sixth argument: mmap2's page offset, in ebp */
	char path[] = "/tmp/proc_vdso.XXXXXX";
	int fd = mkstemp(path);
	static char pages[2 * PAGE];
	memset(pages, 'A', PAGE);
	memset(pages + PAGE, 'B', PAGE);
	write(fd, pages, sizeof(pages));
	long m = vsys(SYS_mmap2, 0, PAGE, PROT_READ, MAP_PRIVATE, fd, 1);
	ok((unsigned long)m < 0xfffff000ul && ((char *)m)[0] == 'B',
	   "mmap2 through it gets its sixth argument (page offset 1)");
	if ((unsigned long)m > 4096 && (unsigned long)m < 0xfffff000ul)
		munmap((void *)m, PAGE);
	close(fd);
	unlink(path);

	/* restarts */
	char byte = 0;
	pipe(pipe_fd);
	long got = read_across_signal(SA_RESTART, &byte);
	ok(got == 1 && byte == 'x' && handled == 1,
	   "a read through it that a SA_RESTART handler interrupts is restarted");
	got = read_across_signal(0, &byte);
	is(got, -EINTR, "without SA_RESTART it returns -EINTR");
	char c;
	while (read(pipe_fd[0], &c, 1) != 1) /* the handler's byte */
		;

	/* signal handlers without a restorer return through the vDSO */
	is(raw_signal_return(0), sr, "a plain handler returns to __kernel_sigreturn");
	is(raw_signal_return(K_SA_SIGINFO), rsr, "an SA_SIGINFO handler returns to __kernel_rt_sigreturn");
	is(vsys(SYS_getpid, 0, 0, 0, 0, 0, 0), getpid(), "and the program goes on after them");

	/* fork keeps it */
	int rep[2];
	pipe(rep);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned long s2 = 0, e2 = 0;
		char p2[8] = "";
		long ok_ = vdso_maps(&s2, &e2, p2) == 1 && s2 == start &&
			   vsys(SYS_getpid, 0, 0, 0, 0, 0, 0) == getpid();
		_exit(ok_ ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	is_exit(st, 0, "a fork child has the same [vdso] and calls through it");

	/* mprotect and a write: this process's copy alone changes. Linux 6.1
	 * allows it (for debuggers' breakpoints); this host's newer kernel
	 * seals its vDSO (EINVAL), so the points are Mica's alone. */
	unsigned char before = image[PAGE - 1];
	if (mica_only("a child may make its vDSO writable and write it")) {
		pid = fork();
		if (pid == 0)
			written_child(start);
		waitpid(pid, &st, 0);
		is_exit(st, 0, "a child may make its vDSO writable and write it");
	}
	if (mica_only("the parent's vDSO is unchanged (the write copied the page)"))
		is(image[PAGE - 1], before, "the parent's vDSO is unchanged (the write copied the page)");

	/* mremap moves it, and the entry returns to where it went */
	pid = fork();
	if (pid == 0)
		moved_child(start, end);
	waitpid(pid, &st, 0);
	is_exit(st, 0, "a vDSO moved with mremap works at its new address");

	/* execve maps a new one */
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], EXEC_CHILD_ARG, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	is_exit(st, 0, "an exec'd image has a vDSO of its own, once in its maps");

	/* the fast entry with a stack that cannot be read */
	unsigned long entry = fast_entry();
	int data[2];
	pipe(data);
	fcntl(data[0], F_SETFL, O_NONBLOCK);
	if (!entry) {
		skip_why("no fast entry on this CPU", "a fast entry with a bad stack: -EFAULT");
		skip_why("no fast entry on this CPU", "then SIGSEGV at the landing pad, in the vDSO");
		skip_why("no fast entry on this CPU", "and the call is not made");
	} else {
		pid = fork();
		if (pid == 0)
			bad_stack_child(data[1], rep[1], entry);
		long regs[2] = { 0, 0 };
		waitpid(pid, &st, 0);
		read(rep[0], regs, sizeof(regs));
		is(regs[0], -EFAULT, "a fast entry with a bad stack: -EFAULT");
		ok(in_image(regs[1]) && WIFEXITED(st), "then SIGSEGV at the landing pad, in the vDSO");
		is(read(data[0], &c, 1), -1, "and the call is not made");
	}

	/* single steps: the sysenter entry keeps the user's trap flag */
	is(stepped_getpid(), getpid(), "getpid through it single-stepped");
	ok(steps_in_vdso >= 5 && steps > steps_in_vdso,
	   "each step of it trapped, and the steps went on after the call");

	/* the C library's clock_gettime, with or without a vDSO function */
	struct timespec t0, t1;
	ok(clock_gettime(CLOCK_MONOTONIC, &t0) == 0 && clock_gettime(CLOCK_MONOTONIC, &t1) == 0 &&
		   (t1.tv_sec > t0.tv_sec || (t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec)),
	   "clock_gettime works (the vDSO's, or the system call)");
	return done();
}
