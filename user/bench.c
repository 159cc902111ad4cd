/*
 * bench: system-call and user-copy micro-benchmarks, timed in CPU cycles
 * with rdtsc inside the guest. Each line: name, iterations, cycles per
 * iteration (the median of 5 runs). Run by `make bench` under QEMU with
 * "-icount shift=0", where cycles count guest instructions, so the figures
 * are repeatable and comparable between kernel versions.
 *
 * The exec benchmarks fork and exec a small static program (this one,
 * which exits at once when given --exit) and busybox (true), against
 * "fork + exit + wait": the difference is what execve costs. The hello
 * benchmarks exec user/dyn/hello linked statically and dynamically with
 * each C library: the difference is the dynamic loader's work. Each line
 * also gives the minor page faults an operation took (this process and
 * its children, from getrusage).
 *
 * usage: bench [filter]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/syscall.h>

#define RUNS 5

static unsigned long long now(void)
{
	return __builtin_ia32_rdtsc();
}

static int cmp(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return x < y ? -1 : x > y;
}

static char buf[65536];
static int fd_file, fd_null, pfd[2];

/* Each benchmark does `n` operations per call. */
static void b_getpid(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getpid);
}

static void b_read_4k(int n)
{
	for (int i = 0; i < n; i++)
		pread(fd_file, buf, 4096, 0);
}

static void b_readv_4x1k(int n)
{
	struct iovec iov[4] = { { buf, 1024 }, { buf + 1024, 1024 }, { buf + 2048, 1024 },
				{ buf + 3072, 1024 } };
	for (int i = 0; i < n; i++)
		preadv(fd_file, iov, 4, 0);
}

static void b_read_64k(int n)
{
	for (int i = 0; i < n; i++)
		pread(fd_file, buf, 65536, 0);
}

static void b_write_null(int n)
{
	for (int i = 0; i < n; i++)
		write(fd_null, buf, 4096);
}

static void b_pipe_1k(int n)
{
	for (int i = 0; i < n; i++) {
		write(pfd[1], buf, 1024);
		read(pfd[0], buf, 1024);
	}
}

static void b_fault_zero(int n)
{
	char *p = mmap(0, n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < n; i++)
		p[i * 4096] = 1;
	munmap(p, n * 4096);
}

#define BIG (4 << 20) /* the 4 MiB file of the read-versus-mmap pair */
static int fd_big;
static char *bigbuf;

/* read() the whole 4 MiB file into a buffer: every byte copied. */
static void b_read_4m(int n)
{
	for (int i = 0; i < n; i++)
		pread(fd_big, bigbuf, BIG, 0);
}

/* mmap the 4 MiB file, touch each page once (a fault maps the file's own
 * page, nothing is copied), munmap. */
static void b_mmap_4m(int n)
{
	for (int i = 0; i < n; i++) {
		volatile char *p = mmap(0, BIG, PROT_READ, MAP_SHARED, fd_big, 0);
		for (int off = 0; off < BIG; off += 4096)
			(void)p[off];
		munmap((void *)p, BIG);
	}
}

static void b_fork_exit(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
}

static char *self; /* argv[0]: exec'd by the exec benchmarks */

/* fork, execve prog with argv, wait: n times. */
static void fork_exec(int n, const char *prog, char *const argv[])
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			execve(prog, argv, (char *[]){ NULL });
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
}

/* This program again, which exits at once: a small static image. */
static void b_exec_self(int n)
{
	fork_exec(n, self, (char *[]){ "bench", "--exit", NULL });
}

/* Busybox's true: a 1 MiB+ static image, of which it touches little. */
static void b_exec_busybox(int n)
{
	fork_exec(n, "/bin/busybox", (char *[]){ "true", NULL });
}

/* The hello of user/dyn, linked four ways (build/user-dyn/LIBC/hello, put
 * in the guest by make bench): BENCH_DYN names the directory. */
static const char *dyn_dir = "/run/dyn";

/* fork, exec DIR/build/hello with its output to /dev/null, wait: n times. */
static void exec_hello(int n, const char *build)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s/hello", dyn_dir, build);
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			dup2(fd_null, 1);
			execve(path, (char *[]){ "hello", NULL }, (char *[]){ NULL });
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
}

/* hello linked statically and dynamically with each C library: the
 * difference is what the dynamic loader costs. */
static void b_hello_glibc_static(int n)
{
	exec_hello(n, "glibc-static");
}

static void b_hello_glibc_dyn(int n)
{
	exec_hello(n, "glibc");
}

static void b_hello_musl_static(int n)
{
	exec_hello(n, "musl-static");
}

static void b_hello_musl_dyn(int n)
{
	exec_hello(n, "musl");
}

static const struct {
	const char *name;
	void (*fn)(int);
	int n;
} benches[] = {
	{ "getpid", b_getpid, 2000 },
	{ "pread 4 KiB (ramfs)", b_read_4k, 500 },
	{ "preadv 4 x 1 KiB (ramfs)", b_readv_4x1k, 500 },
	{ "pread 64 KiB (ramfs)", b_read_64k, 50 },
	{ "write 4 KiB to /dev/null", b_write_null, 1000 },
	{ "pipe write+read 1 KiB", b_pipe_1k, 500 },
	{ "demand-zero page fault", b_fault_zero, 200 },
	{ "fork + exit + wait", b_fork_exit, 20 },
	{ "read 4 MiB file", b_read_4m, 5 },
	{ "mmap+touch 4 MiB file", b_mmap_4m, 5 },
	{ "fork + exec self + wait", b_exec_self, 20 },
	{ "fork + exec busybox + wait", b_exec_busybox, 10 },
	{ "exec hello, glibc static", b_hello_glibc_static, 10 },
	{ "exec hello, glibc dynamic", b_hello_glibc_dyn, 10 },
	{ "exec hello, musl static", b_hello_musl_static, 10 },
	{ "exec hello, musl dynamic", b_hello_musl_dyn, 10 },
};

/* The build of hello benchmark fn runs, or NULL for the others. */
static const char *hello_build(void (*fn)(int))
{
	return fn == b_hello_glibc_static ? "glibc-static"
	       : fn == b_hello_glibc_dyn  ? "glibc"
	       : fn == b_hello_musl_static ? "musl-static"
	       : fn == b_hello_musl_dyn   ? "musl"
					  : NULL;
}

/* Minor page faults so far, of this process and its waited-for children. */
static long faults(void)
{
	struct rusage self, kids;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return self.ru_minflt + kids.ru_minflt;
}

int main(int argc, char **argv)
{
	const char *path = "/tmp/bench.data", *bigpath = "/tmp/bench.big";

	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return 0; /* exec'd by the exec benchmarks */
	self = argv[0];
	if (getenv("BENCH_DYN"))
		dyn_dir = getenv("BENCH_DYN");

	fd_file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	fd_null = open("/dev/null", O_WRONLY);
	if (fd_file < 0 || fd_null < 0 || pipe(pfd) < 0 || write(fd_file, buf, sizeof(buf)) < 0) {
		perror("bench: setup");
		return 1;
	}
	fd_big = open(bigpath, O_RDWR | O_CREAT | O_TRUNC, 0644);
	bigbuf = malloc(BIG);
	if (fd_big < 0 || !bigbuf) {
		perror("bench: setup");
		return 1;
	}
	memset(bigbuf, 'b', BIG); /* the file's pages, and the buffer's, exist */
	if (write(fd_big, bigbuf, BIG) != BIG) {
		perror("bench: setup");
		return 1;
	}
	printf("%-28s %8s %14s %10s\n", "benchmark", "ops", "cycles/op", "faults/op");
	for (size_t b = 0; b < sizeof(benches) / sizeof(benches[0]); b++) {
		unsigned long long t[RUNS];
		if (argc > 1 && !strstr(benches[b].name, argv[1]))
			continue;
		if (benches[b].fn == b_exec_busybox && access("/bin/busybox", X_OK) != 0)
			continue; /* not on this host */
		char need[256];
		const char *hb = hello_build(benches[b].fn);
		snprintf(need, sizeof(need), "%s/%s/hello", dyn_dir, hb ? hb : "");
		if (hb && access(need, X_OK) != 0)
			continue; /* not built */
		benches[b].fn(benches[b].n / 10 + 1);	/* warm up */
		long f0 = faults();
		for (int r = 0; r < RUNS; r++) {
			unsigned long long t0 = now();
			benches[b].fn(benches[b].n);
			t[r] = (now() - t0) / benches[b].n;
		}
		double fl = (double)(faults() - f0) / (RUNS * benches[b].n);
		qsort(t, RUNS, sizeof(t[0]), cmp);
		printf("%-28s %8d %14llu %10.1f\n", benches[b].name, benches[b].n, t[RUNS / 2], fl);
		fflush(stdout);
	}
	unlink(path);
	unlink(bigpath);
	return 0;
}
