/*
 * exec_sharedpage - a program linked so that its data segment starts in
 * the page where its text segment ends (user/tests/exec_sharedpage.ld),
 * p_vaddr and p_offset congruent mod the page size. Linux maps the data
 * segment over that page: the page shows the same file page, so the end
 * of the text (its read-only data) is still there, with the data
 * segment's permissions; the .bss is zero, and stores stay in the
 * process. (exec_elf checks the zeroed tail of the page byte by byte: a C
 * library's own .bss lies there, changed before main.)
 */
#include "tap.h"

#include <elf.h>
#include <stdint.h>
#include <sys/auxv.h>

#define PAGE 4096ul
#define BSS_BYTES (3 * 4096)

static const char rodata[] = "read-only bytes at the end of the text";
int data_word = 0x12345678;
char data_text[] = "initialised data";
static char bss[BSS_BYTES];

/* Reads n bytes at off of our own file into buf. Returns 1 if all came. */
static int file_bytes(void *buf, size_t n, unsigned long off)
{
	int fd = open("/proc/self/exe", O_RDONLY);
	ssize_t r = fd < 0 ? -1 : pread(fd, buf, n, (off_t)off);
	close(fd);
	return r == (ssize_t)n;
}

/* The perms and offset of the /proc/self/maps line holding addr, into
 * perms (5 bytes) and *off. Returns 1 if there is one. */
static int maps_of(unsigned long addr, char *perms, unsigned long *off)
{
	static char buf[16384];
	int fd = open("/proc/self/maps", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (char *l = buf; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned long s, e;
		if (sscanf(l, "%lx-%lx %4s %lx", &s, &e, perms, off) == 4 && addr >= s && addr < e)
			return 1;
	}
	return 0;
}

int main(void)
{
	const Elf32_Phdr *ph = (const Elf32_Phdr *)getauxval(AT_PHDR), *text = NULL, *data = NULL;
	static unsigned char mem[PAGE], file[PAGE];

	plan(9);
	for (unsigned long i = 0; ph && i < getauxval(AT_PHNUM); i++) {
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X))
			text = &ph[i];
		else if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_W))
			data = &ph[i];
	}
	unsigned long shared = data ? data->p_vaddr & ~(PAGE - 1) : 0;
	unsigned long text_end = text ? text->p_vaddr + text->p_filesz : 0;
	ok(text && data && shared < text_end && shared >= text->p_vaddr &&
	       (data->p_vaddr - data->p_offset) % PAGE == 0,
	   "the data segment starts in the text segment's last page");
	if (!text || !data || shared >= text_end) {
		for (int i = 0; i < 8; i++)
			ok(0, "(no shared page)");
		return done();
	}
	size_t tn = text_end - shared;
	memcpy(mem, (const void *)shared, tn);
	ok(file_bytes(file, tn, text->p_offset + (shared - text->p_vaddr)) &&
	       memcmp(mem, file, tn) == 0,
	   "the text's bytes in the shared page are the file's");
	ok(strcmp((const char *)rodata, "read-only bytes at the end of the text") == 0,
	   "read-only data reads right");
	ok(data_word == 0x12345678 && strcmp(data_text, "initialised data") == 0,
	   "initialised data reads right");
	int zero = 1;
	for (int i = 0; i < BSS_BYTES; i++)
		zero &= bss[i] == 0;
	ok(zero, "the .bss is zero");
	char perms[5] = "";
	unsigned long off = 1;
	ok(maps_of(shared, perms, &off) && strcmp(perms, "rw-p") == 0 &&
	       off == (data->p_offset & ~(PAGE - 1)),
	   "maps: the shared page is the data segment's, rw-p at its file page");
	data_word = 99;
	int w = 0;
	ok(file_bytes(&w, sizeof(w), data->p_offset + ((unsigned long)&data_word - data->p_vaddr)) &&
	       w == 0x12345678,
	   "a store to data stays in the process: the file keeps 0x12345678");
	pid_t pid = fork();
	if (pid == 0) {
		data_word = 7;
		_exit(data_word == 7 ? 0 : 1);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	is_exit(st, 0, "a child's store to data");
	ok(data_word == 99, "the parent's data is its own after the child's store");
	return done();
}
