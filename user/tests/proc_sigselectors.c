/*
 * proc_sigselectors: sigreturn and rt_sigreturn with forged signal frames
 * whose selectors are the process's own, a kernel segment, an LDT
 * selector, the null selector, or beyond the GDT.
 *
 * As on Linux, every selector comes back with RPL 3. A data segment
 * register (ds, es, fs, gs) that cannot be loaded becomes null; the
 * program goes on and reports what it got. A cs or ss that user mode may
 * not have makes the return to user mode fault: the process dies of
 * SIGSEGV, or, with a SIGSEGV handler, the handler runs.
 *
 * Each case runs in a child that builds the frame by hand and makes the
 * raw call. The frame resumes at sel_report, which touches no memory: it
 * exits with the low byte of the segment register named by ebx.
 */
#include "tap.h"

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>

struct sigcontext32 {
	uint16_t gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip;
	uint16_t cs, __csh;
	uint32_t eflags, esp_at_signal;
	uint16_t ss, __ssh;
	uint32_t fpstate, oldmask, cr2;
};

struct sigframe32 {	/* sigreturn reads it 8 bytes below esp */
	uint32_t pretcode, sig;
	struct sigcontext32 sc;
	uint32_t extramask;
};

struct rt_sigframe32 {	/* rt_sigreturn reads it 4 bytes below esp */
	uint32_t pretcode, sig, pinfo, puc;
	uint8_t info[128];
	uint32_t uc_flags, uc_link, ss_sp, ss_flags, ss_size;
	struct sigcontext32 sc;
	uint32_t sigmask[2];
};

struct user_desc {
	unsigned int entry_number, base_addr, limit;
	unsigned int seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
		seg_not_present : 1, useable : 1;
};

enum reg { R_DS, R_ES, R_FS, R_GS, R_CS, R_SS, R_NREGS };
static const char *const reg_names[] = {"ds", "es", "fs", "gs", "cs", "ss"};

#define RPL3 3
#define EXIT_HANDLER 77
#ifndef SS_DISABLE
#define SS_DISABLE 2
#endif

void sel_report(void);
__asm__(".text\n"
	".globl sel_report\n"
	"sel_report:\n"
	"	cmpl $0, %ebx\n	jne 1f\n	movl %ds, %ebx\n	jmp 9f\n"
	"1:	cmpl $1, %ebx\n	jne 2f\n	movl %es, %ebx\n	jmp 9f\n"
	"2:	cmpl $2, %ebx\n	jne 3f\n	movl %fs, %ebx\n	jmp 9f\n"
	"3:	cmpl $3, %ebx\n	jne 4f\n	movl %gs, %ebx\n	jmp 9f\n"
	"4:	cmpl $4, %ebx\n	jne 5f\n	movl %cs, %ebx\n	jmp 9f\n"
	"5:	movl %ss, %ebx\n"
	"9:	andl $0xff, %ebx\n"
	"	movl $1, %eax\n"
	"	int $0x80\n");

static struct sigcontext32 own;	/* the process's own selectors */
static unsigned int tls_sel, empty_tls_sel;
static uint32_t frame_buf[256] __attribute__((aligned(16)));
static uint32_t stack_buf[256] __attribute__((aligned(16)));

static void read_own(void)
{
	unsigned int v;
#define SAVE(r)                                                  \
	__asm__ volatile("movl %%" #r ", %0" : "=r"(v)); \
	own.r = (uint16_t)v;
	SAVE(ds) SAVE(es) SAVE(fs) SAVE(gs) SAVE(cs) SAVE(ss)
#undef SAVE
}

/* The own context, resuming at sel_report to report register r. */
static void base_context(struct sigcontext32 *sc, enum reg r)
{
	*sc = own;
	sc->eip = (uint32_t)(uintptr_t)sel_report;
	sc->esp = (uint32_t)(uintptr_t)&stack_buf[200];
	sc->eflags = 0x202;
	sc->ebx = r;
	sc->fpstate = 0;
}

static void set_reg(struct sigcontext32 *sc, enum reg r, unsigned int sel)
{
	switch (r) {
	case R_DS: sc->ds = sel; break;
	case R_ES: sc->es = sel; break;
	case R_FS: sc->fs = sel; break;
	case R_GS: sc->gs = sel; break;
	case R_CS: sc->cs = sel; break;
	case R_SS: sc->ss = sel; break;
	default: break;
	}
}

static void on_segv(int sig)
{
	(void)sig;
	_exit(EXIT_HANDLER);
}

/* Child: sigreturn (arg bit 24: rt_sigreturn; bit 25: with a SIGSEGV
 * handler) into a frame whose register (bits 16-23) holds the selector
 * in bits 0-15, reporting that register. */
static void forge(long arg)
{
	enum reg r = (enum reg)((arg >> 16) & 0xff);
	unsigned int sel = arg & 0xffff;
	int rt = (arg >> 24) & 1;
	uint32_t esp;

	if ((arg >> 25) & 1)
		signal(SIGSEGV, on_segv);
	memset(frame_buf, 0, sizeof(frame_buf));
	if (rt) {
		struct rt_sigframe32 *f = (struct rt_sigframe32 *)frame_buf;
		base_context(&f->sc, r);
		set_reg(&f->sc, r, sel);
		f->ss_flags = SS_DISABLE;
		esp = (uint32_t)(uintptr_t)f + 4;
	} else {
		struct sigframe32 *f = (struct sigframe32 *)frame_buf;
		base_context(&f->sc, r);
		set_reg(&f->sc, r, sel);
		esp = (uint32_t)(uintptr_t)f + 8;
	}
	if ((arg >> 25) & 1) {	/* keep SIGSEGV unblocked in the restored mask */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	}
	__asm__ volatile("movl %0, %%esp\n\tint $0x80"
			 : : "r"(esp), "a"(rt ? SYS_rt_sigreturn : SYS_sigreturn) : "memory");
	_exit(99);
}

static int try(int rt, enum reg r, unsigned int sel)
{
	return run_child(forge, (long)sel | ((long)r << 16) | ((long)rt << 24));
}

/* The kernel's data segment: GDT index 2 on Mica, 3 on x86-64 Linux. */
static unsigned int kernel_data(void)
{
	return on_mica() ? 2 << 3 : 3 << 3;
}

static void data_regs(int rt)
{
	const char *call = rt ? "rt_sigreturn" : "sigreturn";

	for (enum reg r = R_DS; r <= R_ES; r++) {
		unsigned int mine = r == R_DS ? own.ds : own.es;
		is_exit(try(rt, r, mine), mine & 0xff, "%s: the own %%%s comes back", call, reg_names[r]);
		is_exit(try(rt, r, mine & ~RPL3), mine & 0xff, "%s: %%%s with RPL 0 comes back with RPL 3",
			call, reg_names[r]);
		is_exit(try(rt, r, kernel_data()), 0, "%s: the kernel data segment in %%%s becomes null",
			call, reg_names[r]);
		is_exit(try(rt, r, 1 << 3), 0, "%s: the kernel code segment in %%%s becomes null", call,
			reg_names[r]);
		is_exit(try(rt, r, 0x7), 0, "%s: an LDT selector in %%%s becomes null", call,
			reg_names[r]);
		is_exit(try(rt, r, 0xfff8), 0, "%s: a selector beyond the GDT in %%%s becomes null",
			call, reg_names[r]);
	}
	for (enum reg r = R_FS; r <= R_GS; r++) {
		is_exit(try(rt, r, tls_sel), tls_sel & 0xff, "%s: a live TLS selector in %%%s comes back",
			call, reg_names[r]);
		is_exit(try(rt, r, empty_tls_sel), 0, "%s: an empty TLS slot in %%%s becomes null", call,
			reg_names[r]);
		is_exit(try(rt, r, kernel_data()), 0, "%s: the kernel data segment in %%%s becomes null",
			call, reg_names[r]);
		is_exit(try(rt, r, 0x7), 0, "%s: an LDT selector in %%%s becomes null", call,
			reg_names[r]);
	}
}

static void code_stack(int rt)
{
	const char *call = rt ? "rt_sigreturn" : "sigreturn";

	is_exit(try(rt, R_CS, own.cs), own.cs & 0xff, "%s: the own %%cs comes back", call);
	is_exit(try(rt, R_SS, own.ss), own.ss & 0xff, "%s: the own %%ss comes back", call);
	is_signal(try(rt, R_CS, 1 << 3), SIGSEGV, "%s: the kernel code segment in %%cs: SIGSEGV", call);
	is_signal(try(rt, R_CS, 0), SIGSEGV, "%s: the null selector in %%cs: SIGSEGV", call);
	is_signal(try(rt, R_CS, 0x7), SIGSEGV, "%s: an LDT selector in %%cs: SIGSEGV", call);
	is_signal(try(rt, R_CS, own.ds), SIGSEGV, "%s: the user data segment in %%cs: SIGSEGV", call);
	is_signal(try(rt, R_CS, 0xfff8), SIGSEGV, "%s: a selector beyond the GDT in %%cs: SIGSEGV",
		  call);
	is_signal(try(rt, R_SS, kernel_data()), SIGSEGV,
		  "%s: the kernel data segment in %%ss: SIGSEGV", call);
	is_signal(try(rt, R_SS, 0), SIGSEGV, "%s: the null selector in %%ss: SIGSEGV", call);
	is_signal(try(rt, R_SS, own.cs), SIGSEGV, "%s: the user code segment in %%ss: SIGSEGV", call);
	is_signal(try(rt, R_SS, 0x7), SIGSEGV, "%s: an LDT selector in %%ss: SIGSEGV", call);
	is_exit(run_child(forge, (1 << 3) | ((long)R_CS << 16) | ((long)rt << 24) | (1L << 25)),
		EXIT_HANDLER, "%s: a kernel %%cs with a SIGSEGV handler: the handler runs", call);
	is_exit(run_child(forge, 0 | ((long)R_SS << 16) | ((long)rt << 24) | (1L << 25)),
		EXIT_HANDLER, "%s: a null %%ss with a SIGSEGV handler: the handler runs", call);
}

int main(void)
{
	static int tls_word = 5;
	struct user_desc u;

	plan(2 + 2 * (12 + 8 + 13));
	read_own();
	memset(&u, 0, sizeof(u));
	u.entry_number = -1;
	u.base_addr = (unsigned int)(uintptr_t)&tls_word;
	u.limit = 0xfffff;
	u.seg_32bit = 1;
	u.limit_in_pages = 1;
	is(sys1(SYS_set_thread_area, &u), 0, "set_thread_area makes a TLS entry");
	tls_sel = (u.entry_number << 3) | RPL3;
	/* the next slot is free: nothing else but libc's and ours are in use */
	memset(&u, 0, sizeof(u));
	u.entry_number = -1;
	u.read_exec_only = 1;
	u.seg_not_present = 1;
	is(sys1(SYS_set_thread_area, &u), 0, "an empty request finds a free slot");
	empty_tls_sel = (u.entry_number << 3) | RPL3;

	for (int rt = 0; rt <= 1; rt++) {
		data_regs(rt);
		code_stack(rt);
	}
	return done();
}
