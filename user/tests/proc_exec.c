/*
 * proc_exec - execve: what the new image receives, and every way it can fail.
 *
 * The program execs itself with "--child MODE ..." so no helper binaries are
 * needed. Child modes check argv, envp, auxv and the fresh image themselves
 * and report through their exit code (0 = all right) or a pipe. Failing
 * execve calls run in a forked child with stdout on /dev/null (an exec that
 * wrongly succeeds cannot disturb the output) and send back the raw result;
 * a few run in the parent itself, which must carry on untouched.
 */
#include "tap.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define LONG_ARG 10000

extern char **environ;
extern void _start(void);

static int marker = 1; /* set to 2 before exec; a fresh image sees 1 */
static const char *self;
static const char *const args_want[] = {"--child", "args", "", "two words", "tab\there", "-", "x"};
static const char *const env_want[] = {"A=1", "EMPTY=", "PATH=/bin", "Z=last"};
#define NARGS (int)(sizeof(args_want) / sizeof(args_want[0]))
#define NENV (int)(sizeof(env_want) / sizeof(env_want[0]))
static char long_arg[LONG_ARG + 1];
static char names[100][8];
static unsigned char img[2048 * 1024]; /* a copy of our own binary (glibc's is big) */
static long img_len;

static void make_long_arg(void)
{
	for (int i = 0; i < LONG_ARG; i++)
		long_arg[i] = (char)('a' + i % 26);
}

/* Child mode "args": argv and envp exactly as sent. */
static int child_args(int argc, char **argv)
{
	if (argc != NARGS + 2 || strcmp(argv[0], "exec-child") != 0 || argv[argc] != NULL)
		return 2;
	for (int i = 0; i < NARGS; i++)
		if (strcmp(argv[i + 1], args_want[i]) != 0)
			return 10 + i;
	make_long_arg();
	if (strcmp(argv[NARGS + 1], long_arg) != 0)
		return 3;
	for (int i = 0; i < NENV; i++)
		if (!environ[i] || strcmp(environ[i], env_want[i]) != 0)
			return 40 + i;
	return environ[NENV] == NULL ? 0 : 4;
}

/* Child mode "many": 100 arguments a0..a99 after the mode. */
static int child_many(int argc, char **argv)
{
	char want[8];
	if (argc != 103)
		return 2;
	for (int i = 0; i < 100; i++) {
		snprintf(want, sizeof(want), "a%d", i);
		if (strcmp(argv[3 + i], want) != 0)
			return 10 + i;
	}
	return environ[0] == NULL ? 0 : 3;
}

/* Child mode "aux": the auxiliary vector; returns a bitmask of failed checks. */
static int child_aux(void)
{
	unsigned long phdr = getauxval(AT_PHDR), entry = getauxval(AT_ENTRY);
	unsigned long n = getauxval(AT_PHNUM), rnd = getauxval(AT_RANDOM);
	int bad = 0, in_load = 0;

	bad |= getauxval(AT_PAGESZ) != 4096;
	bad |= (!phdr || getauxval(AT_PHENT) != sizeof(Elf32_Phdr) || n == 0 || n > 64) << 1;
	bad |= (entry != (unsigned long)_start) << 2;
	if (!(bad & 2)) {
		const Elf32_Phdr *ph = (const Elf32_Phdr *)phdr;
		for (unsigned long i = 0; i < n; i++)
			if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) &&
			    entry - ph[i].p_vaddr < ph[i].p_memsz)
				in_load = 1;
		bad |= !in_load << 3;
		bad |= (memcmp((const char *)phdr - sizeof(Elf32_Ehdr), ELFMAG, SELFMAG) != 0) << 4;
	}
	if (rnd) {
		const unsigned char *r = (const unsigned char *)rnd;
		int nonzero = 0;
		for (int i = 0; i < 16; i++)
			nonzero |= r[i];
		bad |= !nonzero << 5;
	} else {
		bad |= 1 << 6;
	}
	return bad;
}

/* Child mode "fresh FD ADDR": a new image, same pid and fds, old mappings gone. */
static int child_fresh(char **argv)
{
	int fd = atoi(argv[3]);
	unsigned long addr = strtoul(argv[4], NULL, 16);
	pid_t ids[2] = {getpid(), getppid()};
	if (write(fd, ids, sizeof(ids)) != sizeof(ids))
		return 2;
	if (marker != 1)
		return 3;
	if (sys3(SYS_mprotect, addr, 4096, PROT_READ) != -ENOMEM)
		return 4;
	return 0;
}

static int child_main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[2], "args") == 0)
		return child_args(argc, argv);
	if (argc >= 3 && strcmp(argv[2], "many") == 0)
		return child_many(argc, argv);
	if (argc >= 3 && strcmp(argv[2], "aux") == 0)
		return child_aux();
	if (argc >= 5 && strcmp(argv[2], "fresh") == 0)
		return child_fresh(argv);
	if (argc >= 4 && strcmp(argv[2], "exit") == 0)
		return atoi(argv[3]);
	return 100;
}

/* Forks, execs path with argv/envp in the child, returns the child's wait status. */
static int exec_status(const char *path, char **argv, char **envp)
{
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		sys3(SYS_execve, path, argv, envp);
		_exit(99);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/*
 * Runs execve(path, argv, envp) in a child whose stdout is /dev/null and
 * returns the raw result it sent back, or 1 when the exec succeeded.
 */
static long exec_result(unsigned long path, unsigned long argv, unsigned long envp)
{
	int p[2];
	long r = 1;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		close(p[0]);
		dup2(null, 1);
		r = sys3(SYS_execve, path, argv, envp);
		write(p[1], &r, sizeof(r));
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &r, sizeof(r)) != sizeof(r))
		r = 1;
	close(p[0]);
	waitpid(pid, NULL, 0);
	return r;
}

/* Writes len bytes of data to a new file at path with the given mode. */
static void make_file(const char *path, const void *data, long len, int mode)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, mode);
	if (len > 0)
		write(fd, data, (size_t)len);
	close(fd);
}

/* What the new image receives: argv, envp, auxv, pid, fds. */
static void test_image(void)
{
	char *child_argv[NARGS + 3], *many[104], fdbuf[16], addrbuf[16];
	char *env[NENV + 1], *empty_env[] = {NULL};
	int p[2];
	pid_t pid, ids[2] = {0, 0};
	void *map;

	child_argv[0] = "exec-child";
	for (int i = 0; i < NARGS; i++)
		child_argv[i + 1] = (char *)args_want[i];
	make_long_arg();
	child_argv[NARGS + 1] = long_arg;
	child_argv[NARGS + 2] = NULL;
	for (int i = 0; i < NENV; i++)
		env[i] = (char *)env_want[i];
	env[NENV] = NULL;
	is_exit(exec_status(self, child_argv, env), 0,
		"argv (with \"\" and a 10000-byte string) and envp arrive exactly");

	many[0] = (char *)self;
	many[1] = "--child";
	many[2] = "many";
	for (int i = 0; i < 100; i++) {
		snprintf(names[i], sizeof(names[i]), "a%d", i);
		many[3 + i] = names[i];
	}
	many[103] = NULL;
	is_exit(exec_status(self, many, empty_env), 0, "100 arguments arrive in order, empty envp");
	is_exit(exec_status(self, many, NULL), 0, "envp NULL is taken as empty");

	char *aux[] = {(char *)self, "--child", "aux", NULL};
	is_exit(exec_status(self, aux, empty_env), 0,
		"auxv: AT_PAGESZ 4096, AT_PHDR/PHENT/PHNUM, AT_ENTRY == _start, AT_RANDOM");
	char *exit42[] = {(char *)self, "--child", "exit", "42", NULL};
	is_exit(exec_status(self, exit42, empty_env), 42, "exit code of the exec'd image");

	/* a fixed address far from where either kernel places mmap areas, so
	 * the new image cannot have put something of its own there */
	map = mmap((void *)0x50000000, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	pipe(p);
	snprintf(fdbuf, sizeof(fdbuf), "%d", p[1]);
	snprintf(addrbuf, sizeof(addrbuf), "%lx", (unsigned long)map);
	char *fresh[] = {(char *)self, "--child", "fresh", fdbuf, addrbuf, NULL};
	marker = 2;
	pid = fork();
	if (pid == 0) {
		execve(self, fresh, empty_env);
		_exit(99);
	}
	close(p[1]);
	int st = -1;
	waitpid(pid, &st, 0);
	is_exit(st, 0, "fresh image: globals reset, old mappings gone, inherited fd usable");
	ok(read(p[0], ids, sizeof(ids)) == sizeof(ids) && ids[0] == pid,
	   "pid unchanged across execve");
	ok(ids[1] == getpid(), "parent unchanged across execve");
	close(p[0]);
	munmap(map, 4096);
}

/* Failing execve calls, each in a child. */
static void test_errors(void)
{
	char *av[] = {"x", "--child", "exit", "42", NULL}, *env[] = {NULL};
	char *bad_elem[] = {"x", (char *)KERNEL_BASE, NULL}, *bad_one[] = {"x", (char *)1, NULL};
	char *bad_env[] = {"A=1", (char *)KERNEL_TEXT, NULL};
	char path[5000], notdir[600];
	unsigned long s = (unsigned long)self, a = (unsigned long)av, e = (unsigned long)env;

	is_err(exec_result((unsigned long)"/nonexistent/prog", a, e), ENOENT, "nonexistent path");
	is_err(exec_result((unsigned long)"", a, e), ENOENT, "empty path");
	snprintf(notdir, sizeof(notdir), "%s/x", self);
	is_err(exec_result((unsigned long)notdir, a, e), ENOTDIR, "a file used as a directory");
	is_err(exec_result(0, a, e), EFAULT, "path NULL");
	is_err(exec_result(KERNEL_BASE, a, e), EFAULT, "path at 0xC0000000");
	is_err(exec_result(KERNEL_TEXT, a, e), EFAULT, "path at 0xC0100000");
	is_err(exec_result(s, KERNEL_BASE, e), EFAULT, "argv at 0xC0000000");
	is_err(exec_result(s, 1, e), EFAULT, "argv at address 1");
	is_err(exec_result(s, (unsigned long)bad_elem, e), EFAULT, "argv[1] at 0xC0000000");
	is_err(exec_result(s, (unsigned long)bad_one, e), EFAULT, "argv[1] at address 1");
	is_err(exec_result(s, a, KERNEL_BASE), EFAULT, "envp at 0xC0000000");
	is_err(exec_result(s, a, (unsigned long)bad_env), EFAULT, "envp[1] at 0xC0100000");
	/* strings with no NUL before an unmapped page: strnlen_user's fault */
	char *edge = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(edge + 4096, 4096);
	memset(edge + 4096 - 8, 'x', 8);
	char *edge_arg[] = {"x", edge + 4096 - 8, NULL}, *edge_env[] = {"A=1", edge + 4095, NULL};
	is_err(exec_result(s, (unsigned long)edge_arg, e), EFAULT,
	       "argv[1] running into an unmapped page");
	is_err(exec_result(s, a, (unsigned long)edge_env), EFAULT,
	       "envp[1] running into an unmapped page");
	munmap(edge, 4096);
	is_err(exec_result((unsigned long)"/tmp", a, e), EACCES, "a directory (/tmp)");
	is_err(exec_result((unsigned long)"/", a, e), EACCES, "the root directory");

	memset(path, '/', sizeof(path));
	strcpy(path + 4095 - 13, "nonexistent.x"); /* 4095 bytes: long but legal */
	is_err(exec_result((unsigned long)path, a, e), ENOENT, "path of 4095 bytes is looked up");
	memset(path, '/', sizeof(path));
	strcpy(path + 4096 - 13, "nonexistent.x"); /* 4096 bytes without the NUL */
	is_err(exec_result((unsigned long)path, a, e), ENAMETOOLONG, "path of 4096 bytes");
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	is_err(exec_result((unsigned long)path, a, e), ENAMETOOLONG, "path of 4999 bytes");
}

#define EH ((Elf32_Ehdr *)img)

/* Files in /tmp that are not runnable programs, and one that is. */
static void test_files(void)
{
	char *av[] = {"x", "--child", "exit", "42", NULL}, *env[] = {NULL};
	unsigned long a = (unsigned long)av, e = (unsigned long)env,
		      f = (unsigned long)"/tmp/proc_exec.f";
	int fd = open(self, O_RDONLY);

	img_len = fd < 0 ? -1 : read(fd, img, sizeof(img));
	close(fd);
	ok(img_len > (long)sizeof(Elf32_Ehdr) && img_len < (long)sizeof(img),
	   "read our own binary");

	make_file("/tmp/proc_exec.f", img, img_len, 0755);
	is_exit(exec_status("/tmp/proc_exec.f", av, env), 42, "a copy written to /tmp runs");
	/* open(O_CREAT) sets the mode only when it creates the file: use a new name. */
	make_file("/tmp/proc_exec.noexec", img, img_len, 0644);
	is_err(exec_result((unsigned long)"/tmp/proc_exec.noexec", a, e), EACCES,
	       "file without execute permission");
	make_file("/tmp/proc_exec.f", "hello, world\n", 13, 0755);
	is_err(exec_result(f, a, e), ENOEXEC, "text file");
	make_file("/tmp/proc_exec.f", "", 0, 0755);
	is_err(exec_result(f, a, e), ENOEXEC, "empty file");
	make_file("/tmp/proc_exec.f", img, 60, 0755);
	is_err(exec_result(f, a, e), ENOEXEC, "ELF truncated to 60 bytes");

	static const struct {
		const char *name;
		int field; /* 0 machine, 1 type, 2 phentsize, 3 phnum, 4 phoff */
		unsigned long val;
	} bad[] = {
	    {"ELF for x86-64 (e_machine 62)", 0, 62},
	    {"relocatable ELF (ET_REL)", 1, ET_REL},
	    {"e_phentsize 40", 2, 40},
	    {"e_phnum 0", 3, 0},
	    {"e_phnum 65535", 3, 65535},
	    {"e_phoff beyond the file", 4, 0x7fffff00},
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		Elf32_Ehdr save = *EH;
		switch (bad[i].field) {
		case 0:
			EH->e_machine = (Elf32_Half)bad[i].val;
			break;
		case 1:
			EH->e_type = (Elf32_Half)bad[i].val;
			break;
		case 2:
			EH->e_phentsize = (Elf32_Half)bad[i].val;
			break;
		case 3:
			EH->e_phnum = (Elf32_Half)bad[i].val;
			break;
		case 4:
			EH->e_phoff = (Elf32_Off)bad[i].val;
			break;
		}
		make_file("/tmp/proc_exec.f", img, img_len, 0755);
		*EH = save;
		is_err(exec_result(f, a, e), ENOEXEC, "%s", bad[i].name);
	}

	/* An entry point in kernel space loads, then faults in user mode. */
	Elf32_Ehdr save = *EH;
	EH->e_entry = KERNEL_TEXT;
	make_file("/tmp/proc_exec.f", img, img_len, 0755);
	*EH = save;
	is_signal(exec_status("/tmp/proc_exec.f", av, env), 11,
		  "entry point 0xC0100000 dies of SIGSEGV");
}

/* Failed execve calls made by this process itself leave it intact. */
static void test_survive(void)
{
	char *av[] = {"x", NULL}, *bad_elem[] = {"x", (char *)KERNEL_BASE, NULL}, *env[] = {NULL};
	char *heap = malloc(100);
	int p[2], fd;
	char c = 0;

	strcpy(heap, "heap data");
	marker = 77;
	pipe(p);
	write(p[1], "z", 1);
	fd = open("/tmp/proc_exec.f", O_CREAT | O_TRUNC | O_WRONLY, 0755);
	write(fd, "plain text\n", 11);
	close(fd);
	is_err(sys3(SYS_execve, "/nonexistent", av, env), ENOENT, "own execve: ENOENT");
	is_err(sys3(SYS_execve, self, bad_elem, env), EFAULT, "own execve: bad argv element");
	is_err(sys3(SYS_execve, "/tmp/proc_exec.f", av, env), ENOEXEC, "own execve: text file");
	make_file("/tmp/proc_exec.f", img, 60, 0755);
	is_err(sys3(SYS_execve, "/tmp/proc_exec.f", av, env), ENOEXEC, "own execve: truncated ELF");
	ok(marker == 77 && strcmp(heap, "heap data") == 0, "globals and heap intact afterwards");
	ok(read(p[0], &c, 1) == 1 && c == 'z', "open fds intact afterwards");
	is_exit(exec_status(self, (char *[]){(char *)self, "--child", "exit", "7", NULL}, env), 7,
		"the process can still fork and exec");
	close(p[0]);
	close(p[1]);
	free(heap);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--child") == 0)
		return child_main(argc, argv);
	self = argv[0];
	plan(47);
	test_image();
	test_errors();
	test_files();
	test_survive();
	unlink("/tmp/proc_exec.f");
	unlink("/tmp/proc_exec.noexec");
	return done();
}
