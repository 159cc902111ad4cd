/*
 * proc_tls: set_thread_area's rules, and %fs/%gs with the TLS slots across
 * everything that can happen between two user instructions: fork, execve,
 * a sleep in the kernel, a page fault during a kernel copy, and
 * set_thread_area emptying or changing the slot a live register selects.
 *
 * The kernel must never mix up processes' segment state (a process's %gs
 * is its own, and the GDT holds its own TLS slots whenever it runs), and a
 * register whose slot was emptied becomes null on the way back to user
 * mode, as on Linux. Children whose %gs no longer points at libc's thread
 * block use raw system calls only and report through their exit code.
 */
#include "tap.h"

#include <elf.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

struct user_desc {
	unsigned int entry_number, base_addr, limit;
	unsigned int seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
		seg_not_present : 1, useable : 1;
};

#define RPL3 3
#define NOTLS_ELF "/tmp/proc_tls.elf"
#define ROUNDS 40

static unsigned int tls_min;	/* the first TLS slot: where libc's thread block is */

/* exit(code) straight through int $0x80: no libc, no %gs. */
static void __attribute__((noreturn)) raw_exit(int code)
{
	for (;;)
		sys1(SYS_exit, code);
}

static unsigned int get_gs(void)
{
	unsigned int v;
	__asm__ volatile("movl %%gs, %0" : "=r"(v));
	return v & 0xffff;
}

static unsigned int get_fs(void)
{
	unsigned int v;
	__asm__ volatile("movl %%fs, %0" : "=r"(v));
	return v & 0xffff;
}

static void set_gs(unsigned int v)
{
	__asm__ volatile("movl %0, %%gs" : : "r"(v));
}

static void set_fs(unsigned int v)
{
	__asm__ volatile("movl %0, %%fs" : : "r"(v));
}

static int fs_word(void)
{
	int v;
	__asm__ volatile("movl %%fs:0, %0" : "=r"(v));
	return v;
}

/* A flat 32-bit data segment at base, for slot idx (-1: any free one). */
static void data_desc(struct user_desc *u, int idx, const void *base)
{
	memset(u, 0, sizeof(*u));
	u->entry_number = (unsigned int)idx;
	u->base_addr = (unsigned int)(uintptr_t)base;
	u->limit = 0xfffff;
	u->seg_32bit = 1;
	u->limit_in_pages = 1;
	u->useable = 1;
}

/* An empty descriptor (Linux's LDT_empty) for slot idx. */
static void empty_desc(struct user_desc *u, int idx)
{
	memset(u, 0, sizeof(*u));
	u->entry_number = (unsigned int)idx;
	u->read_exec_only = 1;
	u->seg_not_present = 1;
}

static long sta(struct user_desc *u)
{
	return sys1(SYS_set_thread_area, u);
}

/* set_thread_area's argument checks, in Linux's order. */
static void rules(void)
{
	static int word;
	struct user_desc u;

	data_desc(&u, -1, &word);
	u.seg_32bit = 0;
	is_err(sta(&u), EINVAL, "a 16-bit segment gives EINVAL");
	data_desc(&u, -1, &word);
	u.contents = 2;
	is_err(sta(&u), EINVAL, "a code segment gives EINVAL");
	data_desc(&u, -1, &word);
	u.contents = 3;
	is_err(sta(&u), EINVAL, "a conforming code segment gives EINVAL");
	data_desc(&u, -1, &word);
	u.contents = 3;
	u.seg_not_present = 1;
	is_err(sta(&u), EINVAL, "a not-present conforming code segment gives EINVAL");
	data_desc(&u, -1, &word);
	u.seg_not_present = 1;
	is_err(sta(&u), EINVAL, "a not-present data segment gives EINVAL");
	data_desc(&u, tls_min - 1, &word);
	is_err(sta(&u), EINVAL, "the slot below the TLS range gives EINVAL");
	data_desc(&u, tls_min + 3, &word);
	is_err(sta(&u), EINVAL, "the slot above the TLS range gives EINVAL");
	data_desc(&u, 0, &word);
	is_err(sta(&u), EINVAL, "slot 0 gives EINVAL");
	data_desc(&u, 1, &word);
	is_err(sta(&u), EINVAL, "slot 1 (kernel code) gives EINVAL");
	is_err(sys1(SYS_set_thread_area, 1), EFAULT, "a bad pointer gives EFAULT");
	is_err(sys1(SYS_get_thread_area, 1), EFAULT, "get_thread_area with a bad pointer: EFAULT");
	data_desc(&u, tls_min + 3, &word);
	is_err(sys1(SYS_get_thread_area, &u), EINVAL, "get_thread_area of a slot outside: EINVAL");

	/* fill both free slots, then a third request finds none */
	struct user_desc a, b, c;
	data_desc(&a, -1, &word);
	data_desc(&b, -1, &word);
	is(sta(&a) == 0 && sta(&b) == 0, 1, "two more TLS entries fit");
	ok(a.entry_number == tls_min + 1 && b.entry_number == tls_min + 2,
	   "entry -1 takes the lowest free slots, in order");
	data_desc(&c, -1, &word);
	c.contents = 1;		/* an expand-down segment is fine, but no slot is free */
	is_err(sta(&c), ESRCH, "no free slot gives ESRCH");
	data_desc(&c, -1, &word);
	c.seg_32bit = 0;
	is_err(sta(&c), EINVAL, "a bad descriptor gives EINVAL before ESRCH");
	memset(&c, 0, sizeof(c));
	c.entry_number = b.entry_number;
	is(sta(&c), 0, "an all-zero descriptor clears a slot");
	memset(&c, 0, sizeof(c));
	c.entry_number = b.entry_number;
	is(sys1(SYS_get_thread_area, &c) == 0 && c.base_addr == 0 && c.read_exec_only == 1 &&
	       c.seg_not_present == 1,
	   1, "get_thread_area reads the cleared slot back as empty");
	memset(&c, 0, sizeof(c));
	c.entry_number = a.entry_number;
	is(sys1(SYS_get_thread_area, &c) == 0 && c.base_addr == (unsigned int)(uintptr_t)&word &&
	       c.seg_32bit == 1 && c.limit == 0xfffff && c.limit_in_pages == 1 && c.useable == 1,
	   1, "get_thread_area reads a slot back");
	empty_desc(&c, a.entry_number);
	is(sta(&c), 0, "an empty descriptor clears a slot");
}

/* Child: zero %gs, empty libc's slot, sleep in read() from a pipe into a
 * page never touched; report the bytes read and %gs. */
static void zero_gs_then_sleep(long fd)
{
	struct user_desc u;
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	empty_desc(&u, tls_min);
	set_gs(0);
	if (sta(&u))
		raw_exit(90);
	long n = sys3(SYS_read, fd, page, 16);
	raw_exit(n == 5 && get_gs() == 0 && page[0] == 'h' ? 0 : 91);
}

/* Child: empty the slot the live %gs selects, then the same sleep. */
static void empty_live_gs_then_sleep(long fd)
{
	struct user_desc u;
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	empty_desc(&u, tls_min);
	if (sta(&u))
		raw_exit(90);
	long n = sys3(SYS_read, fd, page, 16);
	raw_exit(n == 5 ? (get_gs() == 0 ? 0 : 92) : 91);
}

/* Child: a TLS segment of its own in %fs over libc's slot's neighbour, a
 * read into an untouched page (a page fault inside the kernel's copy);
 * %fs and %fs:0 must be intact afterwards. */
static void fault_in_copy(long fd)
{
	static int mine = 0x5a;
	struct user_desc u;
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	data_desc(&u, tls_min + 1, &mine);
	if (sta(&u))
		raw_exit(90);
	unsigned int sel = ((tls_min + 1) << 3) | RPL3;
	set_fs(sel);
	long n = sys3(SYS_read, fd, page, 16);
	raw_exit(n == 5 && get_fs() == sel && fs_word() == 0x5a && get_gs() == ((tls_min << 3) | RPL3)
		 ? 0 : 93);
}

/* Fork fn(pipe read end); the parent waits, writes "hello", and returns
 * the child's wait status. */
static int with_sleeping_child(void (*fn)(long))
{
	int p[2], st;

	if (pipe(p))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		fn(p[0]);
		raw_exit(89);
	}
	close(p[0]);
	struct timespec ts = {0, 50 * 1000 * 1000};
	nanosleep(&ts, NULL);	/* let the child block in read() */
	if (write(p[1], "hello", 5) != 5)
		diag("write to the pipe failed");
	close(p[1]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* Two processes with different contents in the same TLS slot take turns
 * through pipes; each must always see its own. */
static void ping_pong(void)
{
	static int parent_word = 111, child_word = 222;
	int ab[2], ba[2], st;
	struct user_desc u;
	unsigned int sel = ((tls_min + 1) << 3) | RPL3;
	char c = 'x';
	int bad = 0;

	data_desc(&u, tls_min + 1, &parent_word);
	if (sta(&u) || pipe(ab) || pipe(ba)) {
		ok(0, "two processes keep their own TLS slot across switches");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		data_desc(&u, tls_min + 1, &child_word);
		if (sta(&u))
			raw_exit(90);
		set_fs(sel);
		for (int i = 0; i < ROUNDS; i++) {
			if (sys3(SYS_read, ab[0], &c, 1) != 1)
				raw_exit(94);
			if (fs_word() != 222 || get_fs() != sel)
				raw_exit(95);
			sys3(SYS_write, ba[1], &c, 1);
		}
		raw_exit(0);
	}
	set_fs(sel);
	for (int i = 0; i < ROUNDS; i++) {
		sys3(SYS_write, ab[1], &c, 1);
		if (sys3(SYS_read, ba[0], &c, 1) != 1)
			break;
		if (fs_word() != 111 || get_fs() != sel)
			bad++;
	}
	set_fs(0);
	ok(!bad, "the parent always sees its own TLS slot");
	is_exit(waitpid(pid, &st, 0) == pid ? st : -1, 0, "the child always sees its own TLS slot");
	empty_desc(&u, tls_min + 1);
	sta(&u);
}

/* Changing the live slot's base: %fs:0 follows after the call. */
static void change_live(void)
{
	static int one = 1, two = 2;
	struct user_desc u;
	unsigned int sel = ((tls_min + 1) << 3) | RPL3;

	data_desc(&u, tls_min + 1, &one);
	sta(&u);
	set_fs(sel);
	int before = fs_word();
	data_desc(&u, tls_min + 1, &two);
	long r = sta(&u);
	int after = fs_word();
	is(before * 10 + after, 12, "set_thread_area on the live %%fs slot: %%fs:0 follows the new base");
	is(r == 0 && get_fs() == sel, 1, "and %%fs keeps its selector");
	empty_desc(&u, tls_min + 1);
	sta(&u);
	is(get_fs(), 0, "emptying the live %%fs slot resets %%fs to 0");
}

/* Write an ELF at 0x08048000 that yields the CPU a few times and exits
 * with %fs | %gs: a program without TLS must start with both null. */
static void write_notls_elf(void)
{
	static unsigned char img[4096];
	static const unsigned char code[] = {
		0xb9, 8, 0, 0, 0,		/* mov $8, %ecx */
		0x51,				/* 1: push %ecx */
		0xb8, 158, 0, 0, 0,		/* mov $158 (sched_yield), %eax */
		0xcd, 0x80,			/* int $0x80 */
		0x59,				/* pop %ecx */
		0xe2, 0xf5,			/* loop 1b */
		0x8c, 0xe3,			/* mov %fs, %ebx */
		0x8c, 0xe8,			/* mov %gs, %eax */
		0x09, 0xc3,			/* or %eax, %ebx */
		0xb8, 1, 0, 0, 0,		/* mov $1, %eax */
		0xcd, 0x80,			/* int $0x80 */
	};
	Elf32_Ehdr *eh = (Elf32_Ehdr *)img;
	Elf32_Phdr *ph = (Elf32_Phdr *)(img + sizeof(*eh));

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	eh->e_entry = 0x08048000 + 0x100;
	ph->p_type = PT_LOAD;
	ph->p_vaddr = ph->p_paddr = 0x08048000;
	ph->p_filesz = ph->p_memsz = sizeof(img);
	ph->p_flags = PF_R | PF_X;
	ph->p_align = 4096;
	memcpy(img + 0x100, code, sizeof(code));
	int fd = open(NOTLS_ELF, O_CREAT | O_TRUNC | O_WRONLY, 0755);
	if (fd >= 0) {
		if (write(fd, img, sizeof(img)) != (ssize_t)sizeof(img))
			diag("short write");
		close(fd);
	}
}

/* Child: a TLS segment in %fs, then execve of the program without TLS. */
static void exec_notls(long arg)
{
	static int mine = 7;
	struct user_desc u;
	char *argv[] = {NOTLS_ELF, NULL}, *envp[] = {NULL};

	data_desc(&u, tls_min + 1, &mine);
	if (sta(&u))
		raw_exit(90);
	set_fs(((tls_min + 1) << 3) | RPL3);
	if (arg)	/* and the same with %gs emptied and zeroed first */
		set_gs(0);
	sys3(SYS_execve, NOTLS_ELF, argv, envp);
	raw_exit(96);
}

int main(void)
{
	plan(20 + 3 + 2 + 3 + 2 + 1);
	tls_min = get_gs() >> 3;
	rules();

	is_exit(with_sleeping_child(zero_gs_then_sleep), 0,
		"fork; the child zeroes %%gs, empties libc's slot, sleeps in read() into an untouched page");
	is_exit(with_sleeping_child(empty_live_gs_then_sleep), 0,
		"fork; the child empties the slot its %%gs selects and sleeps: %%gs comes back 0");
	is_exit(with_sleeping_child(fault_in_copy), 0,
		"a page fault in the kernel's copy keeps %%fs, %%fs:0 and %%gs");

	ping_pong();
	change_live();

	write_notls_elf();
	is_exit(run_child(exec_notls, 0), 0, "execve after using TLS: the new program starts with null %%fs and %%gs");
	is_exit(run_child(exec_notls, 1), 0, "the same after zeroing %%gs");
	unlink(NOTLS_ELF);
	ok(get_gs() == (tls_min << 3 | RPL3), "the parent's %%gs is untouched by all of it");
	return done();
}
