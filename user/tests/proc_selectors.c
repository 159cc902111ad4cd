/*
 * proc_selectors: every segment selector a user program can hand the CPU
 * directly, and the low memory where a descriptor table could be forged.
 *
 * Each attempt runs in a forked child and must end exactly as on Linux:
 * an LDT selector (there is no LDT), a kernel code or data selector, the
 * TSS, an index beyond the GDT, each loaded into ds/es/fs/gs/ss or used
 * by a far call or jump, dies of SIGSEGV (#GP). The null selector loads
 * into ds/es/fs/gs; in ss or a far transfer it faults at once.
 *
 * The call gate: an ELF whose PT_LOAD lies at 0x1000 holds, at linear
 * address 0x1100 (LDT index 0x220 if the LDT had base 0), a DPL-3 call
 * gate to the kernel code segment with an offset in its own text. Its
 * lcall must never reach ring 0: on Linux the LDT selector faults; Mica
 * refuses the ELF (no segment below mmap_min_addr, 64 KiB) and has no
 * LDT either. Either way the child dies of SIGSEGV. ELF images are built
 * by the test into /tmp, so no helper binary is needed. mmap_min_addr is
 * 64 KiB on Mica; the points between 4 KiB and 64 KiB are skipped on a
 * Linux whose sysctl is lower. modify_ldt is ENOSYS (skipped where Linux
 * has it).
 */
#include "tap.h"

#include <elf.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define SEL_LDT 0x4
#define RPL3 0x3
#define LOW_ELF "/tmp/proc_selectors.elf"
#define MICA_MMAP_MIN 0x10000UL
#define EXIT_RING0 42	/* the call-gate program's exit code if ring 0 ran */

enum op { OP_DS, OP_ES, OP_FS, OP_GS, OP_SS, OP_LCALL, OP_LJMP, OP_NOPS };
static const char *const op_names[OP_NOPS] = {
	"mov to %ds", "mov to %es", "mov to %fs", "mov to %gs", "mov to %ss",
	"lcall", "ljmp",
};

static int victim = 1234;

/* Child: do op with selector sel (then touch memory through ds). */
static void do_op(long arg)
{
	unsigned int sel = (unsigned int)arg & 0xffff;
	enum op op = (enum op)(arg >> 16);
	struct {
		uint32_t off;
		uint16_t sel;
	} __attribute__((packed)) far = {0, (uint16_t)sel};

	switch (op) {
	case OP_DS:
		__asm__ volatile("mov %0, %%ds\n\tincl %1" : : "r"(sel), "m"(victim) : "memory");
		break;
	case OP_ES:
		__asm__ volatile("mov %0, %%es\n\tincl %%es:%1" : : "r"(sel), "m"(victim) : "memory");
		break;
	case OP_FS:
		__asm__ volatile("mov %0, %%fs\n\tincl %%fs:%1" : : "r"(sel), "m"(victim) : "memory");
		break;
	case OP_GS:
		__asm__ volatile("mov %0, %%gs\n\tincl %%gs:%1" : : "r"(sel), "m"(victim) : "memory");
		break;
	case OP_SS:
		__asm__ volatile("mov %0, %%ss\n\tpushl %%eax\n\tpopl %%eax" : : "r"(sel) : "eax", "memory");
		break;
	case OP_LCALL:
		__asm__ volatile("lcall *%0" : : "m"(far) : "memory");
		break;
	case OP_LJMP:
		__asm__ volatile("ljmp *%0" : : "m"(far) : "memory");
		break;
	default:
		break;
	}
	_exit(victim == 1235 ? 0 : 3);
}

/* Every operation with selector sel must die of SIGSEGV. */
static void all_ops_die(unsigned int sel, const char *what)
{
	for (int op = 0; op < OP_NOPS; op++)
		is_signal(run_child(do_op, (long)sel | ((long)op << 16)), SIGSEGV, "%s with %s dies of SIGSEGV",
			  op_names[op], what);
}

/* Child: load the null selector into all four data segment registers,
 * read them back, and exit(0) if all read 0, straight through int $0x80
 * (libc needs %gs). No memory is touched through the null segments:
 * QEMU's TCG, unlike the hardware, would not fault on it anyway. */
static void load_null(long arg)
{
	(void)arg;
	__asm__ volatile("mov %0, %%ds\n\tmov %0, %%es\n\tmov %0, %%fs\n\tmov %0, %%gs\n\t"
			 "xorl %%ebx, %%ebx\n\t"
			 "mov %%ds, %%ecx\n\torl %%ecx, %%ebx\n\t"
			 "mov %%es, %%ecx\n\torl %%ecx, %%ebx\n\t"
			 "mov %%fs, %%ecx\n\torl %%ecx, %%ebx\n\t"
			 "mov %%gs, %%ecx\n\torl %%ecx, %%ebx\n\t"
			 "movl $1, %%eax\n\tint $0x80"
			 : : "r"(0) : "eax", "ebx", "ecx", "memory");
}

/* Write a one-segment ELF at vaddr whose code is code[0..len) at entry_off
 * of the segment, and whose bytes gate[0..8) sit at gate_off (if gate). */
static void write_elf(unsigned long vaddr, const unsigned char *code, size_t len,
		      size_t entry_off, const unsigned char *gate, size_t gate_off)
{
	static unsigned char img[4096];
	Elf32_Ehdr *eh = (Elf32_Ehdr *)img;
	Elf32_Phdr *ph = (Elf32_Phdr *)(img + sizeof(*eh));

	memset(img, 0, sizeof(img));
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
	eh->e_entry = (Elf32_Addr)(vaddr + entry_off);
	ph->p_type = PT_LOAD;
	ph->p_vaddr = ph->p_paddr = (Elf32_Addr)vaddr;
	ph->p_filesz = ph->p_memsz = sizeof(img);
	ph->p_flags = PF_R | PF_W | PF_X;
	ph->p_align = 4096;
	memcpy(img + entry_off, code, len);
	if (gate)
		memcpy(img + gate_off, gate, 8);
	unlink(LOW_ELF);
	int fd = open(LOW_ELF, O_CREAT | O_TRUNC | O_WRONLY, 0755);
	if (fd >= 0) {
		if (write(fd, img, sizeof(img)) != (ssize_t)sizeof(img))
			diag("short write of %s", LOW_ELF);
		close(fd);
	}
}

/* Fork, drop root where there is root (so Linux applies mmap_min_addr as
 * to everyone else), exec LOW_ELF; returns the wait status. */
static int run_elf(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = {LOW_ELF, NULL}, *envp[] = {NULL};
		if (!on_mica() && getuid() == 0 && (setgid(65534) || setuid(65534)))
			_exit(5);
		sys3(SYS_execve, LOW_ELF, argv, envp);
		_exit(6);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* The kernel's mmap_min_addr: Linux's sysctl, Mica's fixed 64 KiB. */
static unsigned long mmap_min_addr(void)
{
	char buf[32] = {0};
	int fd = open("/proc/sys/vm/mmap_min_addr", O_RDONLY);

	if (fd < 0)
		return on_mica() ? MICA_MMAP_MIN : 4096;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	close(fd);
	return strtoul(buf, NULL, 0);
}

/* A point that only holds where mmap_min_addr is at least 64 KiB. */
static void skip_low(const char *name)
{
	tap_count++;
	tap_print("ok %d - %s # SKIP this kernel's mmap_min_addr is below 64 KiB\n", tap_count, name);
}

static void low_elfs(void)
{
	/* exit(7) */
	static const unsigned char exit7[] = {0xb8, 1, 0, 0, 0, 0xbb, 7, 0, 0, 0, 0xcd, 0x80};
	/*
	 * lcall $0x1107, $0 (LDT index 0x220, RPL 3); then, had it come back,
	 * exit(42). The gate's target, at 0x1200: mov %cr0, %eax; lret.
	 */
	static const unsigned char gatecall[] = {
		0x9a, 0, 0, 0, 0, 0x07, 0x11,			/* lcall $0x1107,$0 */
		0xb8, 1, 0, 0, 0, 0xbb, EXIT_RING0, 0, 0, 0,	/* exit(42) */
		0xcd, 0x80,
	};
	static const unsigned char ring0[] = {0x0f, 0x20, 0xc0, 0xcb};	/* mov %cr0,%eax; lret */
	/* a call gate: offset 0x1200, selector 0x08, DPL 3, 32-bit, present */
	static const unsigned char gate[8] = {0x00, 0x12, 0x08, 0x00, 0x00, 0xec, 0x00, 0x00};
	unsigned long min = mmap_min_addr();

	write_elf(0x1000, gatecall, sizeof(gatecall), 0x180, gate, 0x100);
	/* put the ring-0 code at 0x1200 too */
	int fd = open(LOW_ELF, O_WRONLY);
	if (fd >= 0) {
		if (pwrite(fd, ring0, sizeof(ring0), 0x200) != (ssize_t)sizeof(ring0))
			diag("short write of the ring-0 code");
		close(fd);
	}
	is_signal(run_elf(), SIGSEGV, "an lcall through a call gate forged at 0x1100 dies of SIGSEGV");

	write_elf(0, exit7, sizeof(exit7), 0x100, NULL, 0);
	is_signal(run_elf(), SIGSEGV, "execve of an ELF loaded at address 0 dies of SIGSEGV");
	write_elf(0x1000, exit7, sizeof(exit7), 0x100, NULL, 0);
	if (min >= MICA_MMAP_MIN)
		is_signal(run_elf(), SIGSEGV, "execve of an ELF loaded at 0x1000 dies of SIGSEGV");
	else
		skip_low("execve of an ELF loaded at 0x1000 dies of SIGSEGV");
	write_elf(0xF000, exit7, sizeof(exit7), 0x100, NULL, 0);
	if (min >= MICA_MMAP_MIN)
		is_signal(run_elf(), SIGSEGV, "execve of an ELF loaded at 0xF000 dies of SIGSEGV");
	else
		skip_low("execve of an ELF loaded at 0xF000 dies of SIGSEGV");
	write_elf(0x10000, exit7, sizeof(exit7), 0x100, NULL, 0);
	is_exit(run_elf(), 7, "an ELF loaded at 0x10000 runs");
	unlink(LOW_ELF);
}

/* Child: mmap MAP_FIXED at addr (without root on Linux); exit code from errno. */
static void mmap_low(long addr)
{
	if (!on_mica() && getuid() == 0 && (setgid(65534) || setuid(65534)))
		_exit(5);
	void *p = mmap((void *)addr, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	_exit(p == (void *)addr ? 0 : p == MAP_FAILED ? errno : 99);
}

static void mmap_checks(void)
{
	unsigned long min = mmap_min_addr();

	is_exit(run_child(mmap_low, 0), EPERM, "mmap MAP_FIXED at 0 gives EPERM");
	if (min >= MICA_MMAP_MIN) {
		is_exit(run_child(mmap_low, 0x1000), EPERM, "mmap MAP_FIXED at 0x1000 gives EPERM");
		is_exit(run_child(mmap_low, 0xF000), EPERM, "mmap MAP_FIXED at 0xF000 gives EPERM");
	} else {
		skip_low("mmap MAP_FIXED at 0x1000 gives EPERM");
		skip_low("mmap MAP_FIXED at 0xF000 gives EPERM");
	}
	is_exit(run_child(mmap_low, 0x10000), 0, "mmap MAP_FIXED at 0x10000 works");
	void *p = mmap((void *)0x1000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(p != MAP_FAILED && (unsigned long)p >= min, "an mmap hint below mmap_min_addr is moved up");
	if (p != MAP_FAILED)
		munmap(p, 4096);
}

int main(void)
{
	/* the TSS is GDT index 5 on Mica, 8 on x86-64 Linux */
	unsigned int tss = on_mica() ? 5 : 8;

	plan(1 + 11 * OP_NOPS + 3 + 5 + 5 + 1);
	is_exit(run_child(load_null, 0), 0, "the null selector loads into %%ds, %%es, %%fs and %%gs");

	all_ops_die(SEL_LDT | RPL3, "LDT selector 0x7");
	all_ops_die(SEL_LDT, "LDT selector 0x4 (RPL 0)");
	all_ops_die((0x220 << 3) | SEL_LDT | RPL3, "LDT selector 0x1107");
	all_ops_die((1 << 3) | RPL3, "GDT index 1 (kernel code), RPL 3");
	all_ops_die(1 << 3, "GDT index 1 (kernel code), RPL 0");
	all_ops_die((2 << 3) | RPL3, "GDT index 2 (kernel), RPL 3");
	all_ops_die(2 << 3, "GDT index 2 (kernel), RPL 0");
	all_ops_die((tss << 3) | RPL3, "the TSS selector");
	all_ops_die(tss << 3, "the TSS selector, RPL 0");
	/* Mica's double-fault TSS; on x86-64 Linux the TSS descriptor's upper half */
	all_ops_die((9 << 3) | RPL3, "GDT index 9");
	all_ops_die(0xfffb, "a selector beyond the GDT");
	/* the null selector in ss or a far transfer faults at once */
	is_signal(run_child(do_op, (long)OP_SS << 16), SIGSEGV, "mov to %%ss of the null selector dies of SIGSEGV");
	is_signal(run_child(do_op, (long)OP_LCALL << 16), SIGSEGV, "lcall to the null selector dies of SIGSEGV");
	is_signal(run_child(do_op, (long)OP_LJMP << 16), SIGSEGV, "ljmp to the null selector dies of SIGSEGV");

	low_elfs();
	mmap_checks();

	long r = sys3(SYS_modify_ldt, 0, &victim, sizeof(victim));
	if (on_mica() || r == -ENOSYS)
		is_err(r, ENOSYS, "modify_ldt gives ENOSYS");
	else {
		tap_count++;
		tap_print("ok %d - modify_ldt gives ENOSYS # SKIP this Linux has CONFIG_MODIFY_LDT_SYSCALL\n",
			  tap_count);
	}
	return done();
}
