/*
 * exec_elf - execve of ELF images built here, byte by byte: ET_EXEC and
 * ET_DYN programs, PT_INTERP with an interpreter of our own, two
 * segments in one page, the .bss tail, and every way a header can be bad.
 *
 * Two position-independent routines from this file's own text are copied
 * into the images. prog_blob sends back a record {"PROG", the address it
 * runs at, its initial esp and edx, the size of its auxv} and the auxv
 * itself, then the memory ranges its table lists, and exits 0.
 * interp_blob, the interpreter, sends {"INTP", its address, esp, edx} and
 * jumps to AT_ENTRY with the stack untouched. Each image runs in a child
 * with stdout on a pipe (and with address randomization off, so the host
 * places things where Mica does); the parent reads the records, and
 * /proc/PID/maps while the child waits for it on stdin; then the child
 * reads one byte at AT_BASE (the interpreter's first page) and exits.
 *
 * Addresses that differ between the x86-64 host and Mica (the stack top,
 * a PIE's ELF_ET_DYN_BASE) are compared through their relations: the mmap
 * area ends 128 MiB below the stack top on both, and everything else is
 * relative to the load biases the auxv gives.
 */
#include "tap.h"

#include <elf.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/stat.h>

#define PAGE 4096u
#define EXEC_BASE 0x08048000u
#define MMAP_GAP (128u << 20) /* mmap_base is this far below the stack top */
#define MAX_RANGES 6

/* The routines copied into the images, with their table of ranges. */
extern const unsigned char prog_blob[], prog_label[], prog_table[], prog_blob_end[];
extern const unsigned char interp_blob[], interp_label[], interp_blob_end[];

__asm__(".text\n"
	".globl prog_blob, prog_label, prog_table, prog_blob_end\n"
	"prog_blob:\n"
	"	mov %edx, %ebx\n" /* edx at entry */
	"	call prog_label\n"
	"prog_label:\n"
	"	pop %ebp\n"
	"	mov %esp, %esi\n"
	"	mov (%esi), %eax\n"
	"	lea 8(%esi,%eax,4), %ecx\n" /* envp */
	"1:	mov (%ecx), %eax\n"
	"	add $4, %ecx\n"
	"	test %eax, %eax\n"
	"	jnz 1b\n"
	"	mov %ecx, %edi\n" /* auxv */
	"2:	mov (%ecx), %eax\n"
	"	add $8, %ecx\n"
	"	test %eax, %eax\n"
	"	jnz 2b\n"
	"	sub %edi, %ecx\n"
	"	push %ecx\n"
	"	push %ebx\n"
	"	push %esi\n"
	"	push %ebp\n"
	"	push $0x474f5250\n" /* "PROG" */
	"	mov $4, %eax\n"
	"	mov $1, %ebx\n"
	"	mov %esp, %ecx\n"
	"	mov $20, %edx\n"
	"	int $0x80\n"
	"	mov $4, %eax\n"
	"	mov $1, %ebx\n"
	"	mov %edi, %ecx\n"
	"	mov 16(%esp), %edx\n"
	"	int $0x80\n"
	/* the ranges: table {label's link address, count, {addr, len}...} */
	"	lea prog_table-prog_label(%ebp), %esi\n"
	"	mov %ebp, %edi\n"
	"	sub (%esi), %edi\n" /* the load bias */
	"	mov 4(%esi), %ebp\n"
	"	add $8, %esi\n"
	"3:	test %ebp, %ebp\n"
	"	jz 4f\n"
	"	mov $4, %eax\n"
	"	mov $1, %ebx\n"
	"	mov (%esi), %ecx\n"
	"	add %edi, %ecx\n"
	"	mov 4(%esi), %edx\n"
	"	int $0x80\n"
	"	add $8, %esi\n"
	"	dec %ebp\n"
	"	jmp 3b\n"
	"4:	mov $6, %eax\n" /* close(1): the parent sees the end */
	"	mov $1, %ebx\n"
	"	int $0x80\n"
	"	mov $3, %eax\n" /* read(0, ...): wait for the parent */
	"	xor %ebx, %ebx\n"
	"	lea -64(%esp), %ecx\n"
	"	mov $1, %edx\n"
	"	int $0x80\n"
	/* then touch AT_BASE, the interpreter's first page, if there is one */
	"	mov 8(%esp), %esi\n"
	"	mov (%esi), %eax\n"
	"	lea 8(%esi,%eax,4), %ecx\n"
	"5:	mov (%ecx), %eax\n"
	"	add $4, %ecx\n"
	"	test %eax, %eax\n"
	"	jnz 5b\n"
	"6:	mov (%ecx), %eax\n"
	"	add $8, %ecx\n"
	"	test %eax, %eax\n"
	"	jz 7f\n"
	"	cmp $7, %eax\n" /* AT_BASE */
	"	jne 6b\n"
	"	mov -4(%ecx), %eax\n"
	"	test %eax, %eax\n"
	"	jz 7f\n"
	"	movzbl (%eax), %eax\n"
	"7:	mov $252, %eax\n" /* exit_group(0) */
	"	xor %ebx, %ebx\n"
	"	int $0x80\n"
	"	.p2align 2\n"
	"prog_table:\n"
	"	.fill 2 + 2 * 6, 4, 0\n"
	"prog_blob_end:\n"
	".globl interp_blob, interp_label, interp_blob_end\n"
	"interp_blob:\n"
	"	mov %edx, %ebx\n"
	"	call interp_label\n"
	"interp_label:\n"
	"	pop %ebp\n"
	"	mov %esp, %esi\n"
	"	push %ebx\n"
	"	push %esi\n"
	"	push %ebp\n"
	"	push $0x50544e49\n" /* "INTP" */
	"	mov $4, %eax\n"
	"	mov $1, %ebx\n"
	"	mov %esp, %ecx\n"
	"	mov $16, %edx\n"
	"	int $0x80\n"
	"	add $16, %esp\n"
	"	mov (%esi), %eax\n"
	"	lea 8(%esi,%eax,4), %ecx\n"
	"1:	mov (%ecx), %eax\n"
	"	add $4, %ecx\n"
	"	test %eax, %eax\n"
	"	jnz 1b\n"
	"2:	mov (%ecx), %eax\n"
	"	add $8, %ecx\n"
	"	test %eax, %eax\n"
	"	jz 3f\n"
	"	cmp $9, %eax\n" /* AT_ENTRY */
	"	jne 2b\n"
	"	mov -4(%ecx), %eax\n"
	"	xor %ebx, %ebx\n"
	"	xor %ecx, %ecx\n"
	"	xor %edx, %edx\n"
	"	xor %esi, %esi\n"
	"	xor %edi, %edi\n"
	"	xor %ebp, %ebp\n"
	"	jmp *%eax\n"
	"3:	mov $252, %eax\n"
	"	mov $77, %ebx\n"
	"	int $0x80\n"
	"interp_blob_end:\n");

#define PROG_LEN ((uint32_t)(prog_blob_end - prog_blob))
#define PROG_LABEL ((uint32_t)(prog_label - prog_blob))
#define PROG_TABLE ((uint32_t)(prog_table - prog_blob))
#define INTERP_LEN ((uint32_t)(interp_blob_end - interp_blob))
#define INTERP_LABEL ((uint32_t)(interp_label - interp_blob))

/* A file image being built: its bytes, its headers, its phdrs. */
struct image {
	unsigned char buf[6 * PAGE];
	uint32_t size;
	Elf32_Ehdr *eh;
	Elf32_Phdr *ph;
};

/* What a run sent back. */
struct record {
	uint32_t magic, addr, esp, edx, auxlen;
};
struct run {
	int status;
	int have_interp, have_prog;
	struct record interp, prog;
	uint32_t auxv[128];
	unsigned char mem[4 * PAGE];
	uint32_t memlen;
	char maps[4096];
};

/* Starts an image of type type with n phdrs at offset 52 and then a
 * PT_GNU_STACK (so no READ_IMPLIES_EXEC on Linux), the file size bytes. */
static void img_init(struct image *im, int type, int n, uint32_t size)
{
	memset(im, 0, sizeof(*im));
	im->size = size;
	im->eh = (Elf32_Ehdr *)im->buf;
	im->ph = (Elf32_Phdr *)(im->buf + sizeof(Elf32_Ehdr));
	memcpy(im->eh->e_ident, ELFMAG, SELFMAG);
	im->eh->e_ident[EI_CLASS] = ELFCLASS32;
	im->eh->e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh->e_ident[EI_VERSION] = EV_CURRENT;
	im->eh->e_type = (Elf32_Half)type;
	im->eh->e_machine = EM_386;
	im->eh->e_version = EV_CURRENT;
	im->eh->e_phoff = sizeof(Elf32_Ehdr);
	im->eh->e_ehsize = sizeof(Elf32_Ehdr);
	im->eh->e_phentsize = sizeof(Elf32_Phdr);
	im->eh->e_phnum = (Elf32_Half)(n + 1);
	im->ph[n].p_type = PT_GNU_STACK;
	im->ph[n].p_flags = PF_R | PF_W;
	im->ph[n].p_align = 16;
}

/* Sets phdr i. */
static void img_ph(struct image *im, int i, uint32_t type, uint32_t off, uint32_t vaddr,
		   uint32_t filesz, uint32_t memsz, uint32_t flags)
{
	Elf32_Phdr *p = &im->ph[i];
	p->p_type = type;
	p->p_offset = off;
	p->p_vaddr = p->p_paddr = vaddr;
	p->p_filesz = filesz;
	p->p_memsz = memsz;
	p->p_flags = flags;
	p->p_align = type == PT_LOAD ? PAGE : 4;
}

/* Copies prog_blob to file offset off, which vaddr maps, as the entry;
 * its table lists the ranges {addr, len} (link addresses). */
static void img_prog(struct image *im, uint32_t off, uint32_t vaddr, int n, const uint32_t *ranges)
{
	uint32_t *table = (uint32_t *)(im->buf + off + PROG_TABLE);
	memcpy(im->buf + off, prog_blob, PROG_LEN);
	table[0] = vaddr + PROG_LABEL;
	table[1] = (uint32_t)n;
	for (int i = 0; i < 2 * n; i++)
		table[2 + i] = ranges[i];
	im->eh->e_entry = vaddr;
}

/* Writes the image to path with mode. Returns 0 or -1. */
static int img_write(const struct image *im, const char *path, int mode)
{
	unlink(path);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
	if (fd < 0)
		return -1;
	int ok = write(fd, im->buf, im->size) == (ssize_t)im->size;
	close(fd);
	return ok ? 0 : -1;
}

/* Reads exactly n bytes from fd. Returns 1 if all came. */
static int read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r <= 0)
			return 0;
		p += r;
		n -= (size_t)r;
	}
	return 1;
}

/* Runs path (argv {path}, env {"E=1"}) in a child, address randomization
 * off, stdout a pipe; fills *r with the records and memory it sent (memlen
 * bytes wanted). Returns execve's error in the child (negative), or 0
 * when it ran (r->status its wait status). */
static long run_image(const char *path, struct run *r, uint32_t memlen)
{
	int p[2], e[2], in[2];
	long err = 0;

	memset(r, 0, sizeof(*r));
	if (pipe(p) || pipe(e) || pipe(in))
		return -1000;
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {(char *)path, NULL}, *envp[] = {"E=1", NULL};
		close(p[0]);
		close(e[0]);
		close(in[1]);
		dup2(p[1], 1);
		dup2(in[0], 0);
		close(p[1]);
		close(in[0]);
		fcntl(e[1], F_SETFD, FD_CLOEXEC);
		personality(ADDR_NO_RANDOMIZE);
		long x = sys3(SYS_execve, path, argv, envp);
		write(e[1], &x, sizeof(x));
		_exit(99);
	}
	close(p[1]);
	close(e[1]);
	close(in[0]);
	if (read(e[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(e[0]);
	struct record rec;
	while (!err && read_all(p[0], &rec, 16)) {
		if (rec.magic == 0x50544e49) {
			r->have_interp = 1;
			r->interp = rec;
			continue;
		}
		if (rec.magic != 0x474f5250 || !read_all(p[0], &rec.auxlen, 4))
			break;
		r->have_prog = 1;
		r->prog = rec;
		if (rec.auxlen > sizeof(r->auxv) || !read_all(p[0], r->auxv, rec.auxlen))
			break;
		while (r->memlen < memlen) {
			ssize_t n = read(p[0], r->mem + r->memlen, memlen - r->memlen);
			if (n <= 0)
				break;
			r->memlen += (uint32_t)n;
		}
		break;
	}
	if (r->have_prog) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/maps", pid);
		int fd = open(path, O_RDONLY);
		ssize_t n = fd < 0 ? 0 : read(fd, r->maps, sizeof(r->maps) - 1);
		r->maps[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	close(in[1]);
	close(p[0]);
	waitpid(pid, &r->status, 0);
	return err;
}

/* The value of auxv entry type in r, or def if it has none. */
static uint32_t aux(const struct run *r, uint32_t type, uint32_t def)
{
	for (uint32_t i = 0; i + 1 < r->prog.auxlen / 4; i += 2)
		if (r->auxv[i] == type)
			return r->auxv[i + 1];
	return def;
}


/* The files, in a directory of this run's own under /tmp (several runs
 * of the test may share a host's /tmp); "@P" and "@I" in a maps pattern
 * stand for the first two. */
static char run_dir[64], prog_path[96], interp_path[96], scratch_path[96];
#define PROG prog_path
#define INTERP interp_path
#define SCRATCH scratch_path

/* The top of the stack (where AT_EXECFN's page ends) and of the mmap
 * area for a run whose initial esp was esp: the strings and vectors here
 * take less than a page. */
static uint32_t stack_top(const struct run *r)
{
	return (r->prog.esp + PAGE - 1) & ~(PAGE - 1);
}

/* The lines of r's maps inside [lo, hi) as "start-end perms offset
 * name;" (no device or inode numbers), into out. The vDSO's lines
 * ([vdso], and the host's [vvar]...) are left out: each kernel puts
 * its vDSO elsewhere. */
static void maps_in(const struct run *r, uint32_t lo, uint32_t hi, char *out, size_t size)
{
	const char *p = r->maps;
	size_t len = 0;

	out[0] = '\0';
	while (*p) {
		unsigned long s, e, off;
		char line[512], perms[8];
		int name = 0;
		size_t n = strcspn(p, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %n", &s, &e, perms, &off, &name) < 4 ||
		    !name || s < lo || e > hi || strncmp(line + name, "[v", 2) == 0)
			continue;
		len += (size_t)snprintf(out + len, size - len, "%08lx-%08lx %s %08lx %s;", s, e,
					perms, off, line + name);
	}
}

/* A check that r's maps inside [lo, hi) are pattern, with "@P" and "@I"
 * standing for the program's and the interpreter's paths. */
static void is_maps(const struct run *r, uint32_t lo, uint32_t hi, const char *pattern,
		    const char *name)
{
	char got[2048], want[2048];
	size_t n = 0;
	for (const char *p = pattern; *p && n < sizeof(want) - 100; p++) {
		if (p[0] == '@' && (p[1] == 'P' || p[1] == 'I')) {
			n += (size_t)snprintf(want + n, sizeof(want) - n, "%s",
					      p[1] == 'P' ? PROG : INTERP);
			p++;
		} else {
			want[n++] = *p;
		}
	}
	want[n] = '\0';
	maps_in(r, lo, hi, got, sizeof(got));
	ok(strcmp(got, want) == 0, "%s", name);
	if (strcmp(got, want) != 0)
		diag("got  %s\n# want %s", got, want);
}

/* The interpreter image: ET_DYN (or type) at base, code at base + PAGE. */
static void make_interp(const char *path, int type, uint32_t base, int mode)
{
	struct image im;
	img_init(&im, type, 1, PAGE + INTERP_LEN);
	img_ph(&im, 0, PT_LOAD, 0, base, PAGE + INTERP_LEN, PAGE + INTERP_LEN, PF_R | PF_X);
	memcpy(im.buf + PAGE, interp_blob, INTERP_LEN);
	im.eh->e_entry = base + PAGE;
	img_write(&im, path, mode);
}

/* A two-page program of type at base: headers and PT_INTERP (naming
 * ipath with p_filesz plen, or strlen + 1 when plen < 0; none if ipath is
 * NULL) in page 0, prog_blob in page 1. */
static void make_prog(const char *ipath, int type, uint32_t base, long plen)
{
	struct image im;
	int n = 0;
	img_init(&im, type, ipath ? 2 : 1, 2 * PAGE);
	if (ipath) {
		uint32_t len = plen >= 0 ? (uint32_t)plen : (uint32_t)strlen(ipath) + 1;
		img_ph(&im, n++, PT_INTERP, 0x200, base + 0x200, len, len, PF_R);
		strcpy((char *)im.buf + 0x200, ipath);
	}
	img_ph(&im, n, PT_LOAD, 0, base, 2 * PAGE, 2 * PAGE, PF_R | PF_X);
	img_prog(&im, PAGE, base + PAGE, 0, NULL);
	img_write(&im, PROG, 0755);
}

/* Writes len bytes of data to path with mode. */
static void make_file(const char *path, const void *data, size_t len, int mode)
{
	unlink(path);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
	write(fd, data, len);
	close(fd);
}

/* Overwrites n bytes at off of path. */
static void poke(const char *path, long off, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY);
	pwrite(fd, data, n, off);
	close(fd);
}

/* The static program, ET_DYN without an interpreter, and ET_DYN or
 * ET_EXEC with one: where each piece goes and what the auxv says. */
static void test_load(void)
{
	struct run r;
	long e;

	make_prog(NULL, ET_EXEC, EXEC_BASE, 0);
	e = run_image(PROG, &r, 0);
	ok(e == 0 && r.status == 0 && r.have_prog && !r.have_interp, "ET_EXEC: runs");
	ok(r.prog.addr == EXEC_BASE + PAGE + PROG_LABEL, "ET_EXEC: at its own addresses");
	ok(r.prog.edx == 0, "ET_EXEC: edx 0 at the entry (no atexit function)");
	ok((r.prog.esp & 15) == 0, "ET_EXEC: esp 16-byte aligned");
	ok(aux(&r, AT_PHDR, 0) == EXEC_BASE + 52 && aux(&r, AT_PHENT, 0) == 32 &&
	       aux(&r, AT_PHNUM, 0) == 2,
	   "ET_EXEC: AT_PHDR, AT_PHENT, AT_PHNUM");
	ok(aux(&r, AT_ENTRY, 0) == EXEC_BASE + PAGE && aux(&r, AT_BASE, 1) == 0 &&
	       aux(&r, AT_FLAGS, 1) == 0,
	   "ET_EXEC: AT_ENTRY, AT_BASE 0, AT_FLAGS 0");
	is_maps(&r, EXEC_BASE, EXEC_BASE + 4 * PAGE, "08048000-0804a000 r-xp 00000000 @P;",
		"ET_EXEC: maps names the program");

	struct image im;
	img_init(&im, ET_EXEC, 100, 2 * PAGE); /* 99 PT_NULLs after the PT_LOAD */
	img_ph(&im, 0, PT_LOAD, 0, EXEC_BASE, 2 * PAGE, 2 * PAGE, PF_R | PF_X);
	img_prog(&im, PAGE, EXEC_BASE + PAGE, 0, NULL);
	img_write(&im, PROG, 0755);
	e = run_image(PROG, &r, 0);
	ok(e == 0 && r.status == 0 && aux(&r, AT_PHNUM, 0) == 101, "101 program headers: runs");

	/* as Linux, the class, data and version bytes are not looked at */
	static const struct {
		const char *name;
		int off, val;
	} ident[] = {{"EI_CLASS 2 (64-bit)", 4, 2}, {"EI_DATA 2 (big-endian)", 5, 2},
		     {"EI_VERSION 0", 6, 0}, {"e_version 0x3001", 20, 0x3001},
		     {"e_machine 6 (EM_486)", 18, 6}};
	for (unsigned i = 0; i < sizeof(ident) / sizeof(ident[0]); i++) {
		make_prog(NULL, ET_EXEC, EXEC_BASE, 0);
		unsigned char v[2] = {(unsigned char)ident[i].val, (unsigned char)(ident[i].val >> 8)};
		poke(PROG, ident[i].off, v, ident[i].off >= 18 ? 2 : 1);
		e = run_image(PROG, &r, 0);
		ok(e == 0 && r.status == 0 && r.have_prog, "%s: runs", ident[i].name);
	}
	make_prog(NULL, ET_EXEC, EXEC_BASE, 0);
	poke(PROG, 18, "\x07\x00", 2);
	is_err(run_image(PROG, &r, 0), ENOEXEC, "e_machine 7: ENOEXEC");

	/* ET_DYN without PT_INTERP (a static-pie program, or ld.so run as a
	 * program): top-down in the mmap area, whatever its vaddr says */
	make_prog(NULL, ET_DYN, 0, 0);
	e = run_image(PROG, &r, 0);
	uint32_t bias = aux(&r, AT_ENTRY, 0) - PAGE;
	ok(e == 0 && r.status == 0 && r.have_prog, "ET_DYN: runs");
	ok((bias & (PAGE - 1)) == 0 && r.prog.addr == bias + PAGE + PROG_LABEL,
	   "ET_DYN: AT_ENTRY moved by the page-aligned load bias");
	ok(aux(&r, AT_PHDR, 0) == bias + 52 && aux(&r, AT_BASE, 1) == 0, "ET_DYN: AT_PHDR moved, AT_BASE 0");
	ok(bias + 2 * PAGE == stack_top(&r) - MMAP_GAP, "ET_DYN: at the top of the mmap area");
	char want[512];
	snprintf(want, sizeof(want), "%08x-%08x r-xp 00000000 @P;", bias, bias + 2 * PAGE);
	is_maps(&r, bias, bias + 2 * PAGE, want, "ET_DYN: maps names the program");
	make_prog(NULL, ET_DYN, EXEC_BASE, 0);
	e = run_image(PROG, &r, 0);
	ok(e == 0 && r.status == 0 && aux(&r, AT_ENTRY, 0) == bias + PAGE,
	   "ET_DYN with vaddr 0x08048000: the same place");

	/* a PIE program and its interpreter */
	make_interp(INTERP, ET_DYN, 0, 0755);
	make_prog(INTERP, ET_DYN, 0, -1);
	e = run_image(PROG, &r, 0);
	uint32_t base = aux(&r, AT_BASE, 0), pbias = aux(&r, AT_ENTRY, 0) - PAGE;
	ok(e == 0 && r.status == 0 && r.have_interp && r.have_prog, "PIE + interpreter: both run");
	ok(r.interp.addr == base + PAGE + INTERP_LABEL, "PIE + interpreter: AT_BASE is the interpreter's bias");
	ok(base + 2 * PAGE == stack_top(&r) - MMAP_GAP,
	   "PIE + interpreter: the interpreter at the top of the mmap area");
	ok(r.interp.esp == r.prog.esp && r.interp.edx == 0,
	   "PIE + interpreter: the interpreter starts on the program's stack, edx 0");
	ok(r.prog.addr == pbias + PAGE + PROG_LABEL && aux(&r, AT_PHDR, 0) == pbias + 52 &&
	       aux(&r, AT_PHNUM, 0) == 3,
	   "PIE + interpreter: AT_ENTRY, AT_PHDR, AT_PHNUM are the program's");
	ok((pbias & (PAGE - 1)) == 0 && pbias + 2 * PAGE <= base, "PIE + interpreter: the program below the interpreter");
	if (mica_only("PIE + interpreter: the program at ELF_ET_DYN_BASE 0x00400000"))
		is(pbias, 0x00400000, "PIE + interpreter: the program at ELF_ET_DYN_BASE 0x00400000");
	snprintf(want, sizeof(want),
		 "%08x-%08x r-xp 00000000 @P;%08x-%08x r-xp 00000000 @I;", pbias,
		 pbias + 2 * PAGE, base, base + 2 * PAGE);
	is_maps(&r, pbias, base + 2 * PAGE, want, "PIE + interpreter: maps names both files");

	make_prog(INTERP, ET_EXEC, EXEC_BASE, -1);
	e = run_image(PROG, &r, 0);
	ok(e == 0 && r.status == 0 && r.have_interp && r.prog.addr == EXEC_BASE + PAGE + PROG_LABEL &&
	       aux(&r, AT_BASE, 0) == base && r.interp.addr == base + PAGE + INTERP_LABEL,
	   "ET_EXEC + interpreter: program fixed, interpreter in the mmap area");
	make_interp(INTERP, ET_EXEC, 0x20000000, 0755);
	e = run_image(PROG, &r, 0);
	ok(e == 0 && r.status == 0 && r.interp.addr == 0x20000000 + PAGE + INTERP_LABEL &&
	       aux(&r, AT_BASE, 1) == 0,
	   "ET_EXEC interpreter: at its own address, AT_BASE 0");
	make_prog(INTERP, ET_EXEC, EXEC_BASE, PAGE); /* the rest of the page is zeroes */
	make_interp(INTERP, ET_DYN, 0, 0755);
	e = run_image(PROG, &r, 0);
	ok(e == 0 && r.status == 0 && r.have_interp, "PT_INTERP of 4096 bytes, NUL-padded");
}

/* The interpreter's errors, all before the point of no return except
 * the last ones. */
static void test_interp_errors(void)
{
	struct run r;
	char text[200];

	memset(text, 't', sizeof(text));
	make_prog("/tmp/exec_elf.none", ET_EXEC, EXEC_BASE, -1);
	is_err(run_image(PROG, &r, 0), ENOENT, "interpreter missing: ENOENT");
	make_prog("/tmp", ET_EXEC, EXEC_BASE, -1);
	is_err(run_image(PROG, &r, 0), EACCES, "interpreter a directory: EACCES");
	make_prog("", ET_EXEC, EXEC_BASE, 2);
	is_err(run_image(PROG, &r, 0), EACCES, "interpreter \"\" (the cwd): EACCES");
	make_interp(SCRATCH, ET_DYN, 0, 0644);
	make_prog(SCRATCH, ET_EXEC, EXEC_BASE, -1);
	is_err(run_image(PROG, &r, 0), EACCES, "interpreter not executable: EACCES");
	make_file(SCRATCH, "short", 5, 0755);
	is_err(run_image(PROG, &r, 0), EIO, "interpreter shorter than an ELF header: EIO");
	make_file(SCRATCH, text, sizeof(text), 0755);
	is_err(run_image(PROG, &r, 0), ELIBBAD, "interpreter a text file: ELIBBAD");
	make_file(SCRATCH, "#!/bin/sh\n", 10, 0755);
	poke(SCRATCH, 10, text, sizeof(text));
	is_err(run_image(PROG, &r, 0), ELIBBAD, "interpreter a script: ELIBBAD");
	make_interp(SCRATCH, ET_DYN, 0, 0755);
	poke(SCRATCH, 18, "\x3e\x00", 2); /* EM_X86_64 */
	is_err(run_image(PROG, &r, 0), ELIBBAD, "interpreter for x86-64: ELIBBAD");
	make_interp(SCRATCH, ET_DYN, 0, 0755);
	poke(SCRATCH, 42, "\x28\x00", 2); /* e_phentsize 40 */
	is_err(run_image(PROG, &r, 0), ELIBBAD, "interpreter e_phentsize 40: ELIBBAD");
	make_interp(SCRATCH, ET_DYN, 0, 0755);
	poke(SCRATCH, 28, "\x00\x00\x01\x00", 4); /* e_phoff past the end */
	is_err(run_image(PROG, &r, 0), ELIBBAD, "interpreter program headers past its end: ELIBBAD");
	make_prog(SCRATCH, ET_EXEC, EXEC_BASE, 1);
	is_err(run_image(PROG, &r, 0), ENOEXEC, "PT_INTERP p_filesz 1: ENOEXEC");
	make_prog(SCRATCH, ET_EXEC, EXEC_BASE, 5);
	is_err(run_image(PROG, &r, 0), ENOEXEC, "PT_INTERP without its NUL: ENOEXEC");
	make_prog(SCRATCH, ET_EXEC, EXEC_BASE, 4097);
	is_err(run_image(PROG, &r, 0), ENOEXEC, "PT_INTERP longer than PATH_MAX: ENOEXEC");
	make_prog(SCRATCH, ET_EXEC, EXEC_BASE, -1);
	poke(PROG, 52 + 4, "\x00\x00\x01\x00", 4); /* PT_INTERP's p_offset past the end */
	is_err(run_image(PROG, &r, 0), EIO, "PT_INTERP past the end of the file: EIO");
	make_interp(SCRATCH, ET_DYN, 0, 0755);
	int fd = open(SCRATCH, O_WRONLY);
	make_prog(SCRATCH, ET_EXEC, EXEC_BASE, -1);
	is_err(run_image(PROG, &r, 0), ETXTBSY, "interpreter open for writing: ETXTBSY");
	close(fd);
	ok(run_image(PROG, &r, 0) == 0 && r.status == 0 && r.have_interp, "closed: it runs");
	make_interp(SCRATCH, ET_REL, 0, 0755);
	ok(run_image(PROG, &r, 0) == 0 && !r.have_interp, "interpreter ET_REL: execve does not return");
	is_signal(r.status, SIGSEGV, "interpreter ET_REL: killed by SIGSEGV");
}

/* Segments Linux refuses while it maps them, past its point of no
 * return: the process dies of SIGSEGV. */
static void test_bad_segments(void)
{
	static const struct {
		const char *name;
		uint32_t type, off, vaddr, filesz, memsz, flags;
		int dies;
	} cases[] = {
		{"p_offset and p_vaddr differ mod 4096", ET_EXEC, 0x10, 0x20000000, PAGE, PAGE, PF_R, 1},
		{"segment past 4 GiB - 8 KiB", ET_EXEC, 0, 0xfffff000, PAGE, PAGE, PF_R, 1},
		{"p_vaddr + p_memsz wraps", ET_EXEC, 0, 0x40000000, PAGE, 0xd0000000, PF_R, 1},
		{"p_filesz > p_memsz", ET_EXEC, 0, 0x40000000, 2 * PAGE, PAGE, PF_R, 1},
		{"file bytes past the end of the file, read-only", ET_EXEC, 0, 0x40000000, 8 * PAGE,
		 8 * PAGE, PF_R, 0},
		{"file bytes past the end of the file, writable", ET_EXEC, 0, 0x40000000, 8 * PAGE,
		 8 * PAGE, PF_R | PF_W, 0},
		{"a .bss whose first page is past the end of the file", ET_EXEC, 0, 0x40000000,
		 8 * PAGE + 5, 9 * PAGE, PF_R | PF_W, 1},
		{"no PT_LOAD, ET_EXEC", ET_EXEC, 0, 0, 0, 0, 0, 1},
		{"no PT_LOAD, ET_DYN", ET_DYN, 0, 0, 0, 0, 0, 1},
		/* Mica's stack page; an ordinary address for x86-64's 32-bit programs */
		{"a writable segment on the stack", ET_EXEC, 0, 0xbfffe000, 2 * PAGE, 2 * PAGE,
		 PF_R | PF_W, 2},
		{"a read-only segment on the stack", ET_EXEC, 0, 0xbfffe000, 2 * PAGE, 2 * PAGE, PF_R,
		 2},
	};
	struct image im;
	struct run r;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int load = cases[i].filesz || cases[i].memsz;
		img_init(&im, (int)cases[i].type, 2, 2 * PAGE);
		img_ph(&im, 0, PT_LOAD, 0, EXEC_BASE, 2 * PAGE, 2 * PAGE, PF_R | PF_X);
		img_ph(&im, 1, load ? PT_LOAD : PT_NULL, cases[i].off, cases[i].vaddr,
		       cases[i].filesz, cases[i].memsz, cases[i].flags);
		if (!load)
			im.ph[0].p_type = PT_NULL;
		img_prog(&im, PAGE, EXEC_BASE + PAGE, 0, NULL);
		img_write(&im, PROG, 0755);
		if (cases[i].dies == 2 && !mica_only("%s: killed by SIGSEGV", cases[i].name))
			continue;
		long e = run_image(PROG, &r, 0);
		if (cases[i].dies)
			ok(e == 0 && !r.have_prog && WIFSIGNALED(r.status) &&
			       WTERMSIG(r.status) == SIGSEGV,
			   "%s: killed by SIGSEGV", cases[i].name);
		else
			ok(e == 0 && r.have_prog && r.status == 0, "%s: runs", cases[i].name);
	}
}

/* Which byte each part of the image below holds. */
#define RODATA 0xaa
#define DATA 0xbb
#define PAST 0xcc /* file bytes after the data segment's p_filesz */
#define NEXT 0xdd

/*
 * Two segments in one page, as -z noseparate-code links may make them:
 * text (headers and code in page 0, RODATA in page 1 up to 0x1800) and
 * data from 0x1800 in the same page 1, each variant dumping pages 1-3.
 */
static void test_shared_page(void)
{
	uint32_t ranges[] = {EXEC_BASE + PAGE, 3 * PAGE};
	struct image im;
	struct run r;
	unsigned char want[3 * PAGE];

	img_init(&im, ET_EXEC, 2, 3 * PAGE);
	memset(im.buf + PAGE, RODATA, 0x800);
	memset(im.buf + PAGE + 0x800, DATA, 0x100);
	memset(im.buf + PAGE + 0x900, PAST, 0x700);
	memset(im.buf + 2 * PAGE, NEXT, PAGE);
	img_ph(&im, 0, PT_LOAD, 0, EXEC_BASE, 0x1800, 0x1800, PF_R | PF_X);
	img_ph(&im, 1, PT_LOAD, 0x1800, EXEC_BASE + 0x1800, 0x100, 0x2000, PF_R | PF_W);
	img_prog(&im, 0x400, EXEC_BASE + 0x400, 1, ranges);
	img_write(&im, PROG, 0755);

	run_image(PROG, &r, 3 * PAGE);
	memset(want, 0, sizeof(want));
	memset(want, RODATA, 0x800);
	memset(want + 0x800, DATA, 0x100);
	ok(r.status == 0 && r.memlen == 3 * PAGE && memcmp(r.mem, want, sizeof(want)) == 0,
	   "text and data in one page: text's bytes, data's, zeroes after p_filesz and in .bss");
	is_maps(&r, EXEC_BASE, EXEC_BASE + 8 * PAGE,
		"08048000-08049000 r-xp 00000000 @P;08049000-0804a000 rw-p 00001000 @P"
		";0804a000-0804c000 rw-p 00000000 ;",
		"text and data in one page: the shared page is data's, .bss anonymous");
	unsigned char past[0x700], pastwant[0x700];
	int fd = open(PROG, O_RDONLY);
	memset(pastwant, PAST, sizeof(pastwant));
	ok(pread(fd, past, sizeof(past), PAGE + 0x900) == (ssize_t)sizeof(past) &&
	       memcmp(past, pastwant, sizeof(past)) == 0,
	   "the zeroes went to a private copy: the file still holds its bytes");
	close(fd);
	run_image(PROG, &r, 3 * PAGE);
	ok(r.status == 0 && memcmp(r.mem, want, sizeof(want)) == 0, "a second run sees the same");

	img_ph(&im, 1, PT_LOAD, 0x1800, EXEC_BASE + 0x1800, 0x100, 0x2000, PF_R);
	img_write(&im, PROG, 0755);
	run_image(PROG, &r, 3 * PAGE);
	memset(want + 0x900, PAST, 0x700);
	ok(r.status == 0 && r.memlen == 3 * PAGE && memcmp(r.mem, want, sizeof(want)) == 0,
	   "read-only data with .bss: the file's bytes stay after p_filesz, as Linux");
	is_maps(&r, EXEC_BASE, EXEC_BASE + 8 * PAGE,
		"08048000-08049000 r-xp 00000000 @P;08049000-0804a000 r--p 00001000 @P"
		";0804a000-0804c000 rw-p 00000000 ;",
		"read-only data with .bss: the .bss pages are still read/write");

	img_ph(&im, 1, PT_LOAD, 0x1800, EXEC_BASE + 0x1800, 0x100, 0x100, PF_R | PF_W);
	img_write(&im, PROG, 0755);
	run_image(PROG, &r, PAGE);
	ok(r.status == 0 && r.memlen == PAGE && memcmp(r.mem, want, PAGE) == 0,
	   "data without .bss: no zeroing, the file's bytes stay");

	img_ph(&im, 1, PT_LOAD, 0x1800, EXEC_BASE + 0x1800, 0, 0x2000, PF_R | PF_W);
	img_write(&im, PROG, 0755);
	run_image(PROG, &r, 3 * PAGE);
	memset(want, 0, sizeof(want));
	ok(r.status == 0 && r.memlen == 3 * PAGE && memcmp(r.mem, want, sizeof(want)) == 0,
	   "a .bss-only segment in text's page: the whole page becomes zeroes, as Linux");
	is_maps(&r, EXEC_BASE, EXEC_BASE + 8 * PAGE,
		"08048000-08049000 r-xp 00000000 @P;08049000-0804c000 rw-p 00000000 ;",
		"a .bss-only segment in text's page: anonymous from that page");

	img_ph(&im, 0, PT_LOAD, 0x1000, EXEC_BASE + 0x1000, 0x1800, 0x1800, PF_R | PF_W);
	img_ph(&im, 1, PT_LOAD, 0, EXEC_BASE, 0x1100, 0x1100, PF_R | PF_X);
	img_write(&im, PROG, 0755);
	run_image(PROG, &r, 3 * PAGE);
	memset(want, RODATA, 0x800);
	memset(want + 0x800, DATA, 0x100);
	memset(want + 0x900, PAST, 0x700);
	memset(want + PAGE, NEXT, PAGE);
	ok(r.status == 0 && r.memlen == 2 * PAGE && memcmp(r.mem, want, 2 * PAGE) == 0,
	   "segments out of order: the later one wins the shared page");
	is_maps(&r, EXEC_BASE, EXEC_BASE + 8 * PAGE,
		"08048000-0804a000 r-xp 00000000 @P;0804a000-0804b000 rw-p 00002000 @P;",
		"segments out of order: maps as Linux's, text merged into one VMA");
}

/* Runs PROG in a child that stops after its records, calls fn(pid)
 * there, then lets it go on (it reads a byte at AT_BASE). Returns the
 * child's wait status. */
static int run_paused(void (*fn)(void))
{
	int p[2], in[2], st = -1;
	struct record rec;

	if (pipe(p) || pipe(in))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {PROG, NULL}, *envp[] = {NULL};
		dup2(p[1], 1);
		dup2(in[0], 0);
		close(p[0]);
		close(p[1]);
		close(in[0]);
		close(in[1]);
		execve(PROG, argv, envp);
		_exit(99);
	}
	close(p[1]);
	close(in[0]);
	char buf[4096];
	while (read(p[0], buf, sizeof(buf)) > 0) /* until the child closes stdout */
		;
	(void)rec;
	fn();
	close(in[1]);
	close(p[0]);
	waitpid(pid, &st, 0);
	return st;
}

/* While the program runs, its file cannot be written. */
static void while_running(void)
{
	is_err(sys3(SYS_open, PROG, O_WRONLY, 0), ETXTBSY, "running program: open O_WRONLY ETXTBSY");
	is_err(sys3(SYS_open, PROG, O_RDWR, 0), ETXTBSY, "running program: open O_RDWR ETXTBSY");
	is_err(sys3(SYS_open, PROG, O_RDONLY | O_TRUNC, 0), ETXTBSY,
	       "running program: O_RDONLY|O_TRUNC ETXTBSY");
	is_err(sys2(SYS_truncate, PROG, 0), ETXTBSY, "running program: truncate ETXTBSY");
	long fd = sys3(SYS_open, PROG, O_RDONLY, 0);
	ok(fd >= 0, "running program: open O_RDONLY works");
	close((int)fd);
	fd = sys3(SYS_open, PROG, O_ACCMODE, 0);
	ok(fd >= 0, "running program: open with access mode 3 (no read, no write) works");
	if (fd >= 0)
		close((int)fd);
	fd = sys3(SYS_open, INTERP, O_WRONLY, 0);
	ok(fd >= 0, "its interpreter can be opened for writing");
	if (fd >= 0)
		close((int)fd);
	is(sys2(SYS_truncate, INTERP, 0), 0, "its interpreter can be truncated");
	struct stat st;
	ok(stat(PROG, &st) == 0 && st.st_size == 2 * PAGE, "the program file is unchanged");
}

/* ETXTBSY both ways, and SIGBUS from a truncated interpreter. */
static void test_txtbsy(void)
{
	struct run r;

	make_interp(INTERP, ET_DYN, 0, 0755);
	make_prog(INTERP, ET_EXEC, EXEC_BASE, -1);
	int st = run_paused(while_running);
	is_signal(st, SIGBUS, "the program touching the truncated interpreter's page: SIGBUS");
	long fd = sys3(SYS_open, PROG, O_WRONLY, 0);
	ok(fd >= 0, "after the program exits its file opens for writing");
	is_err(run_image(PROG, &r, 0), ETXTBSY, "execve of a file open for writing: ETXTBSY");
	close((int)fd);
	make_interp(INTERP, ET_DYN, 0, 0755);
	ok(run_image(PROG, &r, 0) == 0 && r.status == 0, "closed again: it runs");
	fd = sys3(SYS_open, "/proc/self/exe", O_WRONLY, 0);
	is_err(fd, ETXTBSY, "our own program through /proc/self/exe: ETXTBSY");
	if (fd >= 0)
		close((int)fd);
}

#define SHARE_KIDS 6
#define SHARE_TEXT (1u << 20)

/* SHARE_KIDS processes run one program with 1 MiB of text, each reading
 * all of it: its pages are the file's, so MemFree barely moves (had each
 * its own copy, it would drop by 6 MiB). */
static void test_share(void)
{
	static unsigned char page[PAGE];
	struct image im;
	int out[SHARE_KIDS][2], in[SHARE_KIDS][2], good = 1;
	pid_t pids[SHARE_KIDS];

	uint32_t ranges[] = {EXEC_BASE + 2 * PAGE, SHARE_TEXT};
	img_init(&im, ET_EXEC, 1, 2 * PAGE);
	img_ph(&im, 0, PT_LOAD, 0, EXEC_BASE, 2 * PAGE + SHARE_TEXT, 2 * PAGE + SHARE_TEXT,
	       PF_R | PF_X);
	img_prog(&im, PAGE, EXEC_BASE + PAGE, 1, ranges);
	img_write(&im, PROG, 0755);
	int fd = open(PROG, O_WRONLY | O_APPEND);
	memset(page, RODATA, sizeof(page));
	for (uint32_t i = 0; i < SHARE_TEXT / PAGE; i++)
		good &= write(fd, page, PAGE) == PAGE;
	close(fd);
	long before = mem_free();
	for (int k = 0; k < SHARE_KIDS; k++) {
		pipe(out[k]);
		pipe(in[k]);
		pids[k] = fork();
		if (pids[k] == 0) {
			char *argv[] = {PROG, NULL}, *envp[] = {NULL};
			dup2(out[k][1], 1);
			dup2(in[k][0], 0);
			for (int j = 0; j <= k; j++) {
				close(out[j][0]);
				close(out[j][1]);
				close(in[j][0]);
				close(in[j][1]);
			}
			execve(PROG, argv, envp);
			_exit(99);
		}
		close(out[k][1]);
		close(in[k][0]);
		long got = 0, n;
		while ((n = read(out[k][0], page, sizeof(page))) > 0)
			got += n;
		good &= got > (long)SHARE_TEXT + 20; /* the record, the auxv, the text */
		close(out[k][0]);
	}
	long after = mem_free();
	for (int k = 0; k < SHARE_KIDS; k++) {
		int st = -1;
		close(in[k][1]);
		waitpid(pids[k], &st, 0);
		good &= st == 0;
	}
	ok(good, "%d processes run one program and read all of its 1 MiB of text", SHARE_KIDS);
	if (on_mica()) {
		ok(before - after < (long)(SHARE_KIDS * SHARE_TEXT / 1024 / 4),
		   "their text is the file's pages: MemFree moves by far less than 6 MiB");
		if (before - after >= (long)(SHARE_KIDS * SHARE_TEXT / 1024 / 4))
			diag("MemFree went from %ld to %ld kB", before, after);
	} else {
		skip_why("MemFree on a shared host moves with everything else",
			 "their text is the file's pages: MemFree moves by far less than 6 MiB");
	}
}

#define MUTATIONS 300

/* Seeded random numbers for test_mutations (the same series everywhere). */
static uint32_t mut_rng = 12345;
static uint32_t mut_rand(void)
{
	mut_rng ^= mut_rng << 13;
	mut_rng ^= mut_rng >> 17;
	mut_rng ^= mut_rng << 5;
	return mut_rng;
}

/*
 * MUTATIONS images, ET_EXEC and ET_DYN, with and without an interpreter,
 * each with one to four random bytes or words of its ELF and program
 * headers changed (and sometimes cut short): every run must end in one of
 * the errors execve has, or a fault's signal, or exit 0. Outcomes are not
 * compared one by one with Linux: this host faults on pages without
 * PF_X, and its 32-bit programs can map up to 0xffffe000.
 */
static void test_mutations(void)
{
	struct image im;
	struct run r;
	int bad = 0, ran = 0, failed = 0, killed = 0;

	make_interp(INTERP, ET_DYN, 0, 0755);
	for (int it = 0; it < MUTATIONS; it++) {
		int with_interp = it & 1, n = 0;
		uint32_t base = (it & 2) ? 0 : EXEC_BASE;
		img_init(&im, (it & 2) ? ET_DYN : ET_EXEC, with_interp ? 3 : 2, 3 * PAGE);
		if (with_interp) {
			uint32_t len = (uint32_t)strlen(INTERP) + 1;
			img_ph(&im, n++, PT_INTERP, 0x300, base + 0x300, len, len, PF_R);
			strcpy((char *)im.buf + 0x300, INTERP);
		}
		img_ph(&im, n++, PT_LOAD, 0, base, 2 * PAGE, 2 * PAGE, PF_R | PF_X);
		img_ph(&im, n++, PT_LOAD, 2 * PAGE, base + 2 * PAGE, PAGE - 0x80, 3 * PAGE,
		       PF_R | PF_W);
		img_prog(&im, PAGE, base + PAGE, 0, NULL);
		for (uint32_t k = 1 + mut_rand() % 4; k > 0; k--) {
			uint32_t off = mut_rand() % (sizeof(Elf32_Ehdr) + 4 * sizeof(Elf32_Phdr));
			uint32_t v = mut_rand() % 3 ? mut_rand() % 0x10000 : mut_rand();
			if (mut_rand() & 1)
				im.buf[off] = (unsigned char)v;
			else
				memcpy(im.buf + (off & ~3u), &v, sizeof(v));
		}
		if (mut_rand() % 8 == 0)
			im.size = mut_rand() % (3 * PAGE);
		img_write(&im, PROG, 0755);
		long e = run_image(PROG, &r, 0);
		int sig = WIFSIGNALED(r.status) ? WTERMSIG(r.status) : 0;
		if (e == -ENOEXEC || e == -EIO || e == -ELIBBAD || e == -EACCES || e == -ENOENT ||
		    e == -ENOMEM)
			failed++;
		else if (e == 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
				    sig == SIGFPE || sig == SIGTRAP))
			killed++;
		else if (e == 0 && WIFEXITED(r.status) &&
			 (WEXITSTATUS(r.status) == 0 || WEXITSTATUS(r.status) == 77))
			ran++;
		else if (bad++ < 5)
			diag("mutation %d: execve %ld, status %#x", it, e, r.status);
	}
	ok(bad == 0, "%d images with damaged headers: each an error, a fault or a clean exit",
	   MUTATIONS);
	ok(ran > 0 && failed > 0 && killed > 0, "some of each");
}

int main(void)
{
	strcpy(run_dir, "/tmp/exec_elf.XXXXXX");
	if (!mkdtemp(run_dir))
		return 1;
	snprintf(prog_path, sizeof(prog_path), "%s/prog", run_dir);
	snprintf(interp_path, sizeof(interp_path), "%s/interp", run_dir);
	snprintf(scratch_path, sizeof(scratch_path), "%s/t", run_dir);
	plan(89);
	test_load();
	test_interp_errors();
	test_bad_segments();
	test_shared_page();
	test_txtbsy();
	test_share();
	test_mutations();
	unlink(PROG);
	unlink(INTERP);
	unlink(SCRATCH);
	rmdir(run_dir);
	return done();
}
