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
 * places things where Mica does); the parent reads the records and
 * checks them.
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
	"	mov $252, %eax\n" /* exit_group(0) */
	"	xor %ebx, %ebx\n"
	"	int $0x80\n"
	"	.p2align 2\n"
	"prog_table:\n"
	"	.fill 2 + 2 * " "6" ", 4, 0\n"
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

/* Starts an image of type type with n phdrs at offset 52, the file at
 * least size bytes. */
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
	im->eh->e_phnum = (Elf32_Half)n;
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


static __attribute__((unused)) void show(const char *what, long e, struct run *r)
{
	diag("%s: err %ld st %#x interp %d prog %d iaddr %x paddr %x esp %x base %x entry %x phdr %x", what, e, r->status,
	     r->have_interp, r->have_prog, r->interp.addr, r->prog.addr, r->prog.esp, aux(r, AT_BASE, 1), aux(r, AT_ENTRY, 1), aux(r, AT_PHDR, 1));
}

/* interp image: ET_DYN, code at vaddr 0x1000 */
static __attribute__((unused)) void make_interp(const char *path, int type, uint32_t base)
{
	struct image im;
	img_init(&im, type, 1, PAGE + INTERP_LEN);
	img_ph(&im, 0, PT_LOAD, 0, base, PAGE + INTERP_LEN, PAGE + INTERP_LEN, PF_R | PF_X);
	memcpy(im.buf + PAGE, interp_blob, INTERP_LEN);
	im.eh->e_entry = base + PAGE;
	img_write(&im, path, 0755);
}

/* prog with interp */
static __attribute__((unused)) long prog_interp(const char *ipath, int type, uint32_t base, struct run *r, int plen)
{
	struct image im;
	img_init(&im, type, 2, 2 * PAGE);
	img_ph(&im, 0, PT_INTERP, 0x200, base + 0x200, plen >= 0 ? (uint32_t)plen : strlen(ipath) + 1, strlen(ipath) + 1, PF_R);
	strcpy((char *)im.buf + 0x200, ipath);
	img_ph(&im, 1, PT_LOAD, 0, base, 2 * PAGE, 2 * PAGE, PF_R | PF_X);
	img_prog(&im, PAGE, base + PAGE, 0, NULL);
	img_write(&im, "/tmp/exec_elf.p", 0755);
	return run_image("/tmp/exec_elf.p", r, 0);
}


static void dump(const char *what, struct run *r, uint32_t from)
{
	diag("%s: st %#x memlen %u", what, r->status, r->memlen);
	for (uint32_t i = 0; i < r->memlen; ) {
		uint32_t j = i;
		while (j < r->memlen && r->mem[j] == r->mem[i]) j++;
		diag("  %#x-%#x: %02x", from + i, from + j, r->mem[i]);
		i = j;
	}
	diag("%s", r->maps);
}

int main(void)
{
	struct image im;
	struct run r;
	plan(1);
	uint32_t ranges[] = {EXEC_BASE + PAGE, 3 * PAGE};
	img_init(&im, ET_EXEC, 2, 3 * PAGE);
	memset(im.buf + PAGE, 0xaa, 0x800);
	memset(im.buf + PAGE + 0x800, 0xbb, 0x100);
	memset(im.buf + PAGE + 0x900, 0xcc, 0x700);
	memset(im.buf + 2 * PAGE, 0xdd, PAGE);
	img_ph(&im, 0, PT_LOAD, 0, EXEC_BASE, 0x1800, 0x1800, PF_R | PF_X);
	img_ph(&im, 1, PT_LOAD, 0x1800, EXEC_BASE + 0x1800, 0x100, 0x2000, PF_R | PF_W);
	img_prog(&im, 0x400, EXEC_BASE + 0x400, 1, ranges);
	img_write(&im, "/tmp/exec_elf.a", 0755);
	run_image("/tmp/exec_elf.a", &r, 3 * PAGE); dump("two in a page", &r, EXEC_BASE + PAGE);
	img_ph(&im, 1, PT_LOAD, 0x1800, EXEC_BASE + 0x1800, 0x100, 0x2000, PF_R);
	img_write(&im, "/tmp/exec_elf.a", 0755);
	run_image("/tmp/exec_elf.a", &r, 3 * PAGE); dump("two in a page, ro bss", &r, EXEC_BASE + PAGE);
	img_ph(&im, 1, PT_LOAD, 0x1800, EXEC_BASE + 0x1800, 0x100, 0x100, PF_R | PF_W);
	img_write(&im, "/tmp/exec_elf.a", 0755);
	ranges[1] = PAGE;
	img_prog(&im, 0x400, EXEC_BASE + 0x400, 1, ranges);
	img_write(&im, "/tmp/exec_elf.a", 0755);
	run_image("/tmp/exec_elf.a", &r, PAGE); dump("two in a page, no bss", &r, EXEC_BASE + PAGE);
	/* bss ending exactly... zero filesz segment */
	ranges[1] = 3*PAGE;
	img_prog(&im, 0x400, EXEC_BASE + 0x400, 1, ranges);
	img_ph(&im, 1, PT_LOAD, 0x1800, EXEC_BASE + 0x1800, 0, 0x2000, PF_R | PF_W);
	img_write(&im, "/tmp/exec_elf.a", 0755);
	run_image("/tmp/exec_elf.a", &r, 3 * PAGE); dump("two in a page, filesz 0", &r, EXEC_BASE + PAGE);
	/* second segment below the first, overlapping */
	img_ph(&im, 0, PT_LOAD, 0x1000, EXEC_BASE + 0x1000, 0x1800, 0x1800, PF_R | PF_W);
	img_ph(&im, 1, PT_LOAD, 0, EXEC_BASE, 0x1100, 0x1100, PF_R | PF_X);
	img_write(&im, "/tmp/exec_elf.a", 0755);
	run_image("/tmp/exec_elf.a", &r, 3 * PAGE); dump("reverse order", &r, EXEC_BASE + PAGE);
	ok(1, "x");
	return done();
}
