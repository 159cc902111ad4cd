/*
 * bench: the kernel micro-benchmarks of `make bench` (docs/bench.md).
 *
 * One static program, the same binary on Mica and on Linux. Each line is
 * "NAME | VALUE": guest instructions per operation, the median of RUNS
 * timed runs of N operations each, read with rdtsc, which under QEMU's
 * "-icount shift=0" counts instructions the guest executed (so a run
 * repeats exactly). Nothing is subtracted: the loop and libc's wrappers are
 * in every figure, on both kernels alike. The last line is "bench: done".
 *
 * As pid 1 (Linux's rdinit=, make bench-linux) it first mounts devtmpfs on
 * /dev and proc on /proc, makes /tmp, and at the end powers the machine off
 * with reboot(2).
 *
 * usage: bench [--quick] [FILTER]...
 *   --quick   one run of one operation a line (make test: every line must
 *             appear; the figures mean nothing)
 *   --list    print the name of every line it can print, and nothing else
 *   FILTER    only lines whose name contains one of the FILTERs
 *   --exit    exit at once (the fork + exec + wait line execs this)
 */
/* every line's function takes (n, arg), whether it uses arg or not, and
 * the table leaves the optional fields of most lines out */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUNS 5
#define PAGE 4096
#define KIB 1024
#define MIB (1024 * 1024)
#define FILE_SIZE MIB		/* the pread/pwrite file */
#define BIG (4 * MIB)		/* the sequential-read file */
#define SEG 64			/* bytes in each readv/writev/preadv segment */
#define MAXSEG 1024		/* IOV_MAX */
#define LIST_BUF 8192		/* getdents64's buffer */
#define TOUCHED_HEAP (16 * MIB) /* fork with a touched heap */
#define UNTOUCHED_MAP (64 * MIB) /* fork with an untouched mapping */

typedef unsigned long long u64;

static u64 now(void)
{
	return __builtin_ia32_rdtsc();
}

/* Orders two u64 for qsort. */
static int cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;
	return x < y ? -1 : x > y;
}

/* Prints what failed and stops the run (powering off as pid 1). */
static void die(const char *what)
{
	perror(what);
	fflush(stdout);
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	exit(1);
}

static char buf[MIB], buf2[64 * KIB];
static struct iovec iov[MAXSEG];
static int fd_file, fd_big, fd_null, fd_zero;
static char *self; /* argv[0]: exec'd by the fork + exec line */
static const char *dyn_dir = "/run/dyn";

/*
 * Each benchmark: fn(n, arg) does n operations and returns the
 * instructions they took, timing only the operations (any setup and
 * cleanup of its own is outside the timed part).
 */
#define TIMED(n, body)                              \
	do {                                        \
		u64 t0_ = now();                    \
		for (long i_ = 0; i_ < (n); i_++) { \
			body;                       \
		}                                   \
		return now() - t0_;                 \
	} while (0)

/* getpid through syscall(): the kernel entry and exit. */
static u64 b_null(long n, long arg)
{
	TIMED(n, syscall(SYS_getpid));
}

/* read(2) of arg bytes from /dev/zero. */
static u64 b_read_zero(long n, long arg)
{
	TIMED(n, read(fd_zero, buf, arg));
}

/* write(2) of arg bytes to /dev/null. */
static u64 b_write_null(long n, long arg)
{
	TIMED(n, write(fd_null, buf, arg));
}

/* readv(2) of arg segments of SEG bytes from /dev/zero. */
static u64 b_readv(long n, long arg)
{
	TIMED(n, readv(fd_zero, iov, arg));
}

/* writev(2) of arg segments of SEG bytes to /dev/null. */
static u64 b_writev(long n, long arg)
{
	TIMED(n, writev(fd_null, iov, arg));
}

/* preadv(2) of arg segments of SEG bytes from the start of the file. */
static u64 b_preadv(long n, long arg)
{
	TIMED(n, preadv(fd_file, iov, arg, 0));
}

/* pread(2) of arg bytes from the start of the 1 MiB file. */
static u64 b_pread(long n, long arg)
{
	TIMED(n, pread(fd_file, buf, arg, 0));
}

/* pwrite(2) of arg bytes at the start of the 1 MiB file. */
static u64 b_pwrite(long n, long arg)
{
	TIMED(n, pwrite(fd_file, buf, arg, 0));
}

/* The whole 4 MiB file read from its start in arg-byte read(2)s. */
static u64 b_seqread(long n, long arg)
{
	u64 t0 = now();
	for (long i = 0; i < n; i++) {
		lseek(fd_big, 0, SEEK_SET);
		while (read(fd_big, buf, arg) > 0)
			;
	}
	return now() - t0;
}

static void *(*volatile memcpy_fn)(void *, const void *, size_t) = memcpy;

/* libc's memcpy of arg bytes in user space: the copy-bandwidth limit. */
static u64 b_memcpy(long n, long arg)
{
	TIMED(n, memcpy_fn(buf, buf2, arg));
}

/* mmap the 4 MiB file, read one byte of each page, munmap. */
static u64 b_mmap_touch(long n, long arg)
{
	u64 t0 = now();
	for (long i = 0; i < n; i++) {
		volatile char *p = mmap(0, BIG, PROT_READ, MAP_SHARED, fd_big, 0);
		if (p == MAP_FAILED)
			die("bench: mmap");
		for (long off = 0; off < BIG; off += PAGE)
			(void)p[off];
		munmap((void *)p, BIG);
	}
	return now() - t0;
}

/* open(2) + close(2) of a file in /tmp. */
static u64 b_open_close(long n, long arg)
{
	TIMED(n, close(open("/tmp/bench.data", O_RDONLY)));
}

/* stat(2) of a file in /tmp. */
static u64 b_stat(long n, long arg)
{
	struct stat st;
	TIMED(n, stat("/tmp/bench.data", &st));
}

/* The directory of arg entries, "/tmp/bdARG" (made by make_dir). */
static void dir_name(char *out, size_t size, long entries)
{
	snprintf(out, size, "/tmp/bd%ld", entries);
}

/* Makes the directory of arg empty files f0000..f(arg-1), in that order. */
static void make_dir(long entries)
{
	char path[64];
	dir_name(path, sizeof(path), entries);
	if (mkdir(path, 0755) < 0)
		die("bench: mkdir");
	for (long i = 0; i < entries; i++) {
		snprintf(path, sizeof(path), "/tmp/bd%ld/f%04ld", entries, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			die("bench: creat");
		close(fd);
	}
}

/* Every entry of the directory of arg entries, listed with getdents64
 * from its start (lseek to 0) to the end. */
static u64 b_getdents(long n, long arg)
{
	static char dbuf[LIST_BUF];
	char path[64];
	dir_name(path, sizeof(path), arg);
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		die("bench: open dir");
	u64 t0 = now();
	for (long i = 0; i < n; i++) {
		lseek(fd, 0, SEEK_SET);
		while (syscall(SYS_getdents64, fd, dbuf, sizeof(dbuf)) > 0)
			;
	}
	u64 t = now() - t0;
	close(fd);
	return t;
}

/* open + close of entry arg (f0000 first created, f0999 last) of the
 * directory of 1,000 entries. */
static u64 b_open_entry(long n, long arg)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/bd1000/f%04ld", arg);
	TIMED(n, close(open(path, O_RDONLY)));
}

/* A 1-byte write and a 1-byte read on a pipe, in one process. */
static u64 b_pipe_1(long n, long arg)
{
	int p[2];
	if (pipe(p) < 0)
		die("bench: pipe");
	u64 t0 = now();
	for (long i = 0; i < n; i++) {
		write(p[1], buf, 1);
		read(p[0], buf, 1);
	}
	u64 t = now() - t0;
	close(p[0]);
	close(p[1]);
	return t;
}

/* A child that reads fd until end-of-file, then exits; returns its pid. */
static pid_t drain_child(int p[2])
{
	pid_t pid = fork();
	if (pid < 0)
		die("bench: fork");
	if (pid == 0) {
		close(p[1]);
		while (read(p[0], buf, sizeof(buf2)) > 0)
			;
		_exit(0);
	}
	close(p[0]);
	return pid;
}

/* arg bytes through a pipe to a child that reads them, in one write(2). */
static u64 b_pipe_through(long n, long arg)
{
	int p[2];
	if (pipe(p) < 0)
		die("bench: pipe");
	pid_t pid = drain_child(p);
	u64 t0 = now();
	for (long i = 0; i < n; i++)
		write(p[1], buf2, arg);
	close(p[1]);
	waitpid(pid, NULL, 0); /* until the child has read the last byte */
	return now() - t0;
}

/* One byte to a child and one back, over two pipes: a round trip. */
static u64 b_pingpong(long n, long arg)
{
	int to[2], from[2];
	if (pipe(to) < 0 || pipe(from) < 0)
		die("bench: pipe");
	pid_t pid = fork();
	if (pid < 0)
		die("bench: fork");
	if (pid == 0) {
		char c;
		close(to[1]);
		close(from[0]);
		while (read(to[0], &c, 1) == 1)
			write(from[1], &c, 1);
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	u64 t0 = now();
	for (long i = 0; i < n; i++) {
		write(to[1], buf, 1);
		read(from[0], buf, 1);
	}
	u64 t = now() - t0;
	close(to[1]);
	close(from[0]);
	waitpid(pid, NULL, 0);
	return t;
}

/* fork, the child _exits at once, the parent waits. */
static void fork_exit_wait(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
}

/* fork + exit + wait with this process's own small heap. */
static u64 b_fork(long n, long arg)
{
	TIMED(n, fork_exit_wait());
}

/* fork + exit + wait with arg more bytes of anonymous memory, written
 * (every page present) when touch is set, else never touched. */
static u64 fork_with(long n, long bytes, int touch)
{
	char *p = mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("bench: mmap");
	if (touch)
		memset(p, 1, bytes);
	u64 t0 = now();
	for (long i = 0; i < n; i++)
		fork_exit_wait();
	u64 t = now() - t0;
	munmap(p, bytes);
	return t;
}

/* fork + exit + wait with a 16 MiB touched heap. */
static u64 b_fork_touched(long n, long arg)
{
	return fork_with(n, arg, 1);
}

/* fork + exit + wait with a 64 MiB mapping never touched. */
static u64 b_fork_untouched(long n, long arg)
{
	return fork_with(n, arg, 0);
}

/* fork; the child writes one byte of each of arg pages the parent has
 * written (a copy-on-write fault each) and exits; the parent waits. */
static u64 b_cow(long n, long arg)
{
	char *p = mmap(0, arg * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("bench: mmap");
	memset(p, 1, arg * PAGE);
	u64 t0 = now();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (long pg = 0; pg < arg; pg++)
				p[pg * PAGE] = 2;
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
	u64 t = now() - t0;
	munmap(p, arg * PAGE);
	return t;
}

/* mmap arg fresh anonymous pages, write one byte of each (a demand-zero
 * fault each), munmap. */
static u64 b_fault(long n, long arg)
{
	u64 t0 = now();
	for (long i = 0; i < n; i++) {
		char *p = mmap(0, arg * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (p == MAP_FAILED)
			die("bench: mmap");
		for (long pg = 0; pg < arg; pg++)
			p[pg * PAGE] = 1;
		munmap(p, arg * PAGE);
	}
	return now() - t0;
}

/* fork, the child execs prog with argv (its output to /dev/null), the
 * parent waits: n times. */
static u64 fork_exec(long n, const char *prog, char *const argv[])
{
	u64 t0 = now();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			dup2(fd_null, 1);
			execve(prog, argv, (char *[]){ NULL });
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
	return now() - t0;
}

/* This program again, which exits at once: a small static image. */
static u64 b_exec_self(long n, long arg)
{
	return fork_exec(n, self, (char *[]){ "bench", "--exit", NULL });
}

/* Busybox's true: a 1 MiB+ static image of which it touches little. */
static u64 b_exec_busybox(long n, long arg)
{
	return fork_exec(n, "/bin/busybox", (char *[]){ "true", NULL });
}

/* user/dyn/hello in each build (DYN_DIR/BUILD/hello), by arg. */
static const char *const hello_builds[] = { "glibc-static", "glibc", "musl-static", "musl" };

/* The path of hello build arg. */
static void hello_path(char *out, size_t size, long build)
{
	snprintf(out, size, "%s/%s/hello", dyn_dir, hello_builds[build]);
}

/* fork + exec hello (static or dynamic, glibc or musl) + wait. */
static u64 b_exec_hello(long n, long arg)
{
	char path[256];
	hello_path(path, sizeof(path), arg);
	return fork_exec(n, path, (char *[]){ "hello", NULL });
}

/* Whether the program this line execs is there (the optional lines). */
static int have_busybox(long arg)
{
	return access("/bin/busybox", X_OK) == 0;
}

/* Whether hello build arg is there. */
static int have_hello(long arg)
{
	char path[256];
	hello_path(path, sizeof(path), arg);
	return access(path, X_OK) == 0;
}

static const struct bench {
	const char *name;
	u64 (*fn)(long n, long arg);
	long arg;
	long n;	  /* operations a run */
	long per; /* when nonzero: a second line, "NAME, per UNIT", value / per */
	const char *unit;
	int (*have)(long arg); /* NULL: always; else the line runs if it is true */
} benches[] = {
	{ "null syscall (getpid)", b_null, 0, 2000 },
	{ "read 1 B /dev/zero", b_read_zero, 1, 2000 },
	{ "read 64 KiB /dev/zero", b_read_zero, 64 * KIB, 50 },
	{ "write 1 B /dev/null", b_write_null, 1, 2000 },
	{ "write 64 KiB /dev/null", b_write_null, 64 * KIB, 500 },
	{ "readv 1 seg /dev/zero", b_readv, 1, 1000 },
	{ "readv 8 seg /dev/zero", b_readv, 8, 500 },
	{ "readv 16 seg /dev/zero", b_readv, 16, 500 },
	{ "readv 1024 seg /dev/zero", b_readv, 1024, 20 },
	{ "writev 1 seg /dev/null", b_writev, 1, 1000 },
	{ "writev 8 seg /dev/null", b_writev, 8, 500 },
	{ "writev 16 seg /dev/null", b_writev, 16, 500 },
	{ "writev 1024 seg /dev/null", b_writev, 1024, 20 },
	{ "pread 1 B tmpfs", b_pread, 1, 1000 },
	{ "pread 4 KiB tmpfs", b_pread, 4 * KIB, 500 },
	{ "pread 64 KiB tmpfs", b_pread, 64 * KIB, 50 },
	{ "pread 1 MiB tmpfs", b_pread, MIB, 5 },
	{ "pwrite 1 B tmpfs", b_pwrite, 1, 1000 },
	{ "pwrite 4 KiB tmpfs", b_pwrite, 4 * KIB, 500 },
	{ "pwrite 64 KiB tmpfs", b_pwrite, 64 * KIB, 50 },
	{ "pwrite 1 MiB tmpfs", b_pwrite, MIB, 5 },
	{ "preadv 16 seg tmpfs", b_preadv, 16, 500 },
	{ "preadv 1024 seg tmpfs", b_preadv, 1024, 20 },
	{ "sequential read 4 MiB file", b_seqread, 64 * KIB, 3 },
	{ "user memcpy 64 KiB", b_memcpy, 64 * KIB, 50 },
	{ "mmap+touch 4 MiB file", b_mmap_touch, 0, 3 },
	{ "open+close", b_open_close, 0, 500 },
	{ "stat", b_stat, 0, 500 },
	{ "getdents64 10 entries", b_getdents, 10, 200, 10, "entry" },
	{ "getdents64 100 entries", b_getdents, 100, 50, 100, "entry" },
	{ "getdents64 1000 entries", b_getdents, 1000, 5, 1000, "entry" },
	{ "open first of 1000 entries", b_open_entry, 0, 500 },
	{ "open last of 1000 entries", b_open_entry, 999, 500 },
	{ "pipe 1 B write+read", b_pipe_1, 0, 1000 },
	{ "pipe 64 KiB to a child", b_pipe_through, 64 * KIB, 20 },
	{ "pipe ping-pong 1 B", b_pingpong, 0, 200 },
	{ "fork+exit+wait small", b_fork, 0, 20 },
	{ "fork+exit+wait 16 MiB touched", b_fork_touched, TOUCHED_HEAP, 5 },
	{ "fork+exit+wait 64 MiB untouched", b_fork_untouched, UNTOUCHED_MAP, 10 },
	{ "COW child writes 64 pages", b_cow, 64, 10, 64, "page" },
	{ "COW child writes 512 pages", b_cow, 512, 5, 512, "page" },
	{ "page fault 64 pages", b_fault, 64, 20, 64, "page" },
	{ "page fault 1024 pages", b_fault, 1024, 5, 1024, "page" },
	{ "fork+exec+wait self", b_exec_self, 0, 10 },
	{ "fork+exec+wait busybox true", b_exec_busybox, 0, 5, 0, 0, have_busybox },
	{ "exec hello glibc static", b_exec_hello, 0, 5, 0, 0, have_hello },
	{ "exec hello glibc dynamic", b_exec_hello, 1, 5, 0, 0, have_hello },
	{ "exec hello musl static", b_exec_hello, 2, 5, 0, 0, have_hello },
	{ "exec hello musl dynamic", b_exec_hello, 3, 5, 0, 0, have_hello },
};

/* Whether line name is wanted: no filters, or one of them is in it. */
static int wanted(const char *name, int nfilt, char **filt)
{
	for (int i = 0; i < nfilt; i++)
		if (strstr(name, filt[i]))
			return 1;
	return nfilt == 0;
}

/* The files and directories the lines use, and the iovec of SEG-byte
 * segments over buf. */
static void setup(void)
{
	fd_null = open("/dev/null", O_RDWR);
	fd_zero = open("/dev/zero", O_RDONLY);
	fd_file = open("/tmp/bench.data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	fd_big = open("/tmp/bench.big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd_null < 0 || fd_zero < 0 || fd_file < 0 || fd_big < 0)
		die("bench: setup");
	memset(buf, 'b', sizeof(buf));
	if (write(fd_file, buf, FILE_SIZE) != FILE_SIZE)
		die("bench: setup write");
	for (long off = 0; off < BIG; off += sizeof(buf))
		if (write(fd_big, buf, sizeof(buf)) != sizeof(buf))
			die("bench: setup write");
	for (int i = 0; i < MAXSEG; i++)
		iov[i] = (struct iovec){ buf + i * SEG, SEG };
	make_dir(10);
	make_dir(100);
	make_dir(1000);
}

/* Removes the directory of entries entries and its files. */
static void remove_dir(long entries)
{
	char path[64];
	for (long i = 0; i < entries; i++) {
		snprintf(path, sizeof(path), "/tmp/bd%ld/f%04ld", entries, i);
		unlink(path);
	}
	dir_name(path, sizeof(path), entries);
	rmdir(path);
}

/* As init (pid 1 on Linux): /dev, /proc and /tmp, which nobody made. */
static void as_init(void)
{
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/tmp", 01777);
}

/* Prints the name of every line, as the run would print it. */
static void list(void)
{
	for (size_t b = 0; b < sizeof(benches) / sizeof(benches[0]); b++) {
		printf("%s\n", benches[b].name);
		if (benches[b].per)
			printf("%s, per %s\n", benches[b].name, benches[b].unit);
	}
}

int main(int argc, char **argv)
{
	int quick = 0, nfilt = 0;
	char *filt[16];

	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return 0;
	if (argc > 1 && strcmp(argv[1], "--list") == 0) {
		list();
		return 0;
	}
	self = argv[0];
	if (getenv("BENCH_DYN"))
		dyn_dir = getenv("BENCH_DYN");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = 1;
		else if (nfilt < 16)
			filt[nfilt++] = argv[i];
	}
	if (getpid() == 1)
		as_init();
	setup();
	int runs = quick ? 1 : RUNS;
	printf("# bench: guest instructions per operation, median of %d runs\n", runs);
	for (size_t b = 0; b < sizeof(benches) / sizeof(benches[0]); b++) {
		const struct bench *e = &benches[b];
		u64 t[RUNS];
		if (!wanted(e->name, nfilt, filt) || (e->have && !e->have(e->arg)))
			continue;
		long n = quick ? 1 : e->n;
		if (!quick)
			e->fn(n / 10 + 1, e->arg); /* warm up: caches, first faults */
		for (int r = 0; r < runs; r++)
			t[r] = e->fn(n, e->arg);
		qsort(t, runs, sizeof(t[0]), cmp);
		double v = (double)t[runs / 2] / n;
		printf("%s | %.1f\n", e->name, v);
		if (e->per)
			printf("%s, per %s | %.1f\n", e->name, e->unit, v / e->per);
		fflush(stdout);
	}
	printf("bench: done\n");
	fflush(stdout);
	unlink("/tmp/bench.data");
	unlink("/tmp/bench.big");
	remove_dir(10);
	remove_dir(100);
	remove_dir(1000);
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
