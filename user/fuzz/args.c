/*
 * args.c - a worker's memory and fds, and the pools its arguments come
 * from.
 *
 * Each life maps one arena of ARENA_PAGES pages and then carves it:
 *
 *	page  0- 3  BIG     four read-write pages for large transfers
 *	page  4- 5  A, B    two read-write pages; B ends at an unmapped page,
 *	page  6     GUARD   so B + PAGE - k is "a mapped page, then nothing"
 *	page  7     RO      random bytes, read-only
 *	page  8     NONE    PROT_NONE
 *	page  9     RND     random bytes (structures), rewritten as we go
 *	page 10     IOV     iovec arrays, built per call
 *	page 11     ARGV    argv/envp arrays, built per call
 *	page 12     MISC    timespecs, sigsets, sigactions, sigreturn frames
 *	page 13-15  STR     the path strings, built once a life, read-only
 *
 * The fds are opened once a life (own_fd[]), besides the pipe and file
 * that all workers share (inherited from the supervisor), and fds the
 * fuzzed calls return are kept in a small ring. Paths come in three classes: scratch
 * paths under SCRATCH (the worker's cwd), which any call may create,
 * change or remove; system paths ("/etc/motd", "/"...), which calls may
 * only look up or open for reading; and bad pointers.
 *
 * Nothing here hands out the worker's .data, .bss or heap, nor the
 * shared slot page: the worker's own state stays intact unless a call
 * deliberately unmaps or remaps memory.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"

#define ARENA_PAGES 16
#define P_BIG 0
#define P_A 4
#define P_B 5
#define P_GUARD 6
#define P_RO 7
#define P_NONE 8
#define P_RND 9
#define P_IOV 10
#define P_ARGV 11
#define P_MISC 12
#define P_STR 13
#define STR_PAGES 3

#define KADDR 0xC0000000u	/* the first kernel address */
#define AT_FDCWD_ (-100)
#define NOPID 0x3ffffff0	/* a pid that never exists */

static uint8_t *arena;
static char *stackbuf;		/* a dead buffer on the worker's stack */
extern char __executable_start[], etext[];

/* own fds, by role */
enum { FD_PIPE_R, FD_PIPE_W, FD_FILE, FD_FILE_RO, FD_FILE_APP, FD_FILE_WO,
       FD_SCRATCH, FD_ROOT, FD_PROC, FD_NULL, FD_ZERO, FD_MEMINFO, FD_MOTD,
       FD_CONSOLE, FD_CLOSED, FD_SHARED0, NOWN = FD_SHARED0 + NSHARED };
static int own_fd[NOWN];
#define RING 8
static int ring[RING];
static uint32_t ring_n;
static uint32_t maps[RING];	/* addresses mmap returned */
static uint32_t maps_n;

/* paths: the STR pages hold them; tables point at them */
#define MAXPATHS 48
static uint32_t scratch_paths[MAXPATHS], sys_paths[MAXPATHS], exec_paths[8];
static int nscratch, nsys, nexec;
static uint32_t str_used;
static uint32_t pending_iovcnt;

/* struct stat64 as the i386 kernel fills it: the fields used here. */
#define STAT64_SIZE 96
#define STAT64_MODE 16		/* offset of st_mode */
#define STAT64_INO 88		/* offset of the 64-bit st_ino */
#define S_IFMT_ 0170000
#define S_IFDIR_ 0040000

static uint64_t scratch_ino;

/* Returns the inode number of fd if it is an open directory, else 0. */
static uint64_t dir_ino(uint32_t fd)
{
	static uint8_t st[STAT64_SIZE];
	long a[1 + MAX_ARGS] = { SYS_fstat64, (long)fd, (long)(uintptr_t)st };
	uint32_t mode;
	uint64_t ino;

	if (fz_call(a) != 0)
		return 0;
	memcpy(&mode, st + STAT64_MODE, 4);
	memcpy(&ino, st + STAT64_INO, 8);
	return (mode & S_IFMT_) == S_IFDIR_ ? ino : 0;
}

/* Returns a pointer to page i of the arena. */
static uint8_t *page(int i)
{
	return arena + i * PAGE;
}

/* Returns the address of page i of the arena, as an argument value. */
static uint32_t addr(int i)
{
	return (uint32_t)(uintptr_t)page(i);
}

/* PICK(values...): one of the values, uniformly. */
#define PICK(...) pick_(rnd(), (const uint32_t[]){ __VA_ARGS__ }, \
			sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/* Returns v[i] for i = r scaled to 0..n-1. */
static uint32_t pick_(uint32_t r, const uint32_t *v, uint32_t n)
{
	return v[(uint32_t)(((uint64_t)r * n) >> 32)];
}

/* Copies s (len bytes, NUL added) into the STR pages. Returns its address. */
static uint32_t put_str(const char *s, uint32_t len)
{
	uint32_t at = addr(P_STR) + str_used;

	if (str_used + len + 1 > STR_PAGES * PAGE)
		return addr(P_STR);
	memcpy(page(P_STR) + str_used, s, len);
	page(P_STR)[str_used + len] = 0;
	str_used += len + 1;
	return at;
}

/* Adds a repeated-pattern string of len bytes. Returns its address. */
static uint32_t put_long(const char *unit, uint32_t len)
{
	static char tmp[4200];
	uint32_t ul = strlen(unit);

	for (uint32_t i = 0; i < len; i++)
		tmp[i] = unit[i % ul];
	return put_str(tmp, len);
}

/* Fills the path tables for this life. */
static void make_paths(void)
{
	static const char *const scratch[] = {
		"a", "b", "c", "d", "d/e", "d/e/f", "d/", "a/", "./a", "d/../b",
		"d//e", "d/e/../../c", SCRATCH "/a", SCRATCH "/d/e", SCRATCH "/",
		"//tmp//fuzz//b", ".", "..", "", "-", " ", "a\xff\x01", "fifo",
		"d/e/f/g/h",
	};
	static const char *const sys[] = {
		"/", "/etc/motd", "/etc/motd/", "/etc/motd/x", "/bin/sh", "/bin",
		"/sbin/init", "/dev/null", "/dev/zero", "/dev/console",
		"/proc/meminfo", "/proc", "/tmp", "/nonexistent", "/nonexistent/x",
		"//", "/./etc/../etc/motd", "/..", "/dev", "/tests",
	};

	str_used = 0;
	nscratch = nsys = nexec = 0;
	for (unsigned i = 0; i < sizeof(scratch) / sizeof(scratch[0]); i++)
		scratch_paths[nscratch++] = put_str(scratch[i], strlen(scratch[i]));
	scratch_paths[nscratch++] = put_long("x", 255);		/* longest name */
	scratch_paths[nscratch++] = put_long("y", 256);		/* one too long */
	scratch_paths[nscratch++] = put_long("d/./", 4095);	/* longest path */
	scratch_paths[nscratch++] = put_long("d/./", 4096);	/* too long */
	for (unsigned i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		sys_paths[nsys++] = put_str(sys[i], strlen(sys[i]));
	exec_paths[nexec++] = put_str("/bin/echo", 9);
	exec_paths[nexec++] = put_str("/etc/motd", 9);
	exec_paths[nexec++] = put_str("/", 1);
	exec_paths[nexec++] = put_str("a", 1);
	exec_paths[nexec++] = put_str("/nonexistent", 12);
	exec_paths[nexec++] = put_str("", 0);
	exec_paths[nexec++] = put_str("/tmp", 4);
	/* a string that runs into the unmapped page */
	memcpy(page(P_B) + PAGE - 3, "abc", 3);
}

/* Returns a pointer nothing may use: NULL, the kernel, unmapped memory,
 * an unterminated string at the edge, or memory of random bytes. */
static uint32_t bad_ptr(void)
{
	return PICK(0, 1, 0xfff, KADDR, KADDR + 0x100000, 0xffffffff, 0xfffff000,
		    addr(P_GUARD), addr(P_NONE), addr(P_B) + PAGE - 3, addr(P_RO),
		    0xbfffffff, (uint32_t)(uintptr_t)__executable_start);
}

/* Opens the worker's own fds. Returns 0, or -1 if something basic failed. */
static int open_fds(int slot)
{
	char name[32] = SCRATCH "/f";
	int fds[2];

	name[strlen(name)] = (char)('0' + slot % 10);
	if (pipe2(fds, O_NONBLOCK) < 0)
		return -1;
	own_fd[FD_PIPE_R] = fds[0];
	own_fd[FD_PIPE_W] = fds[1];
	own_fd[FD_FILE] = open(name, O_RDWR | O_CREAT, 0644);
	own_fd[FD_FILE_RO] = open(name, O_RDONLY);
	own_fd[FD_FILE_APP] = open(name, O_WRONLY | O_APPEND);
	own_fd[FD_FILE_WO] = open(name, O_WRONLY);
	own_fd[FD_SCRATCH] = open(SCRATCH, O_RDONLY | O_DIRECTORY);
	own_fd[FD_ROOT] = open("/", O_RDONLY | O_DIRECTORY);
	own_fd[FD_PROC] = open("/proc", O_RDONLY | O_DIRECTORY);
	own_fd[FD_NULL] = open("/dev/null", O_RDWR);
	own_fd[FD_ZERO] = open("/dev/zero", O_RDWR);
	own_fd[FD_MEMINFO] = open("/proc/meminfo", O_RDONLY);
	own_fd[FD_MOTD] = open("/etc/motd", O_RDONLY);
	own_fd[FD_CONSOLE] = open("/dev/console", O_RDONLY | O_NONBLOCK | O_NOCTTY);
	own_fd[FD_CLOSED] = open("/dev/null", O_RDONLY);
	close(own_fd[FD_CLOSED]);
	for (int i = 0; i < NSHARED; i++)
		own_fd[FD_SHARED0 + i] = shared_fd[i];
	if (own_fd[FD_FILE] < 0 || own_fd[FD_SCRATCH] < 0)
		return -1;
	write(own_fd[FD_FILE], page(P_RO), 1000);
	scratch_ino = dir_ino(own_fd[FD_SCRATCH]);
	for (int i = 0; i < RING; i++)
		ring[i] = own_fd[i % NOWN];
	return 0;
}

/* Sets up this life's arena and fds (cwd must already be SCRATCH).
 * stack is a dead buffer on the worker's stack. slot numbers the
 * worker's own file. Returns 0, or -1 on failure. */
int args_setup(char *stack, int slot)
{
	void *m = mmap(NULL, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	arena = m;
	stackbuf = stack;
	for (uint32_t *w = (uint32_t *)arena; w < (uint32_t *)page(ARENA_PAGES); w++)
		*w = rnd();
	munmap(page(P_GUARD), PAGE);
	mprotect(page(P_RO), PAGE, PROT_READ);
	mprotect(page(P_NONE), PAGE, PROT_NONE);
	make_paths();
	mprotect(page(P_STR), STR_PAGES * PAGE, PROT_READ);
	ring_n = maps_n = 0;
	for (int i = 0; i < RING; i++)
		maps[i] = addr(P_A);
	return open_fds(slot);
}

/* Rewrites a few random words of the random-bytes page. */
void args_refresh(void)
{
	uint32_t *w = (uint32_t *)page(P_RND);

	for (int i = 0; i < 4; i++)
		w[rnd_below(PAGE / 4)] = rnd();
}

/* Remembers fd, which a call just returned. */
void args_note_fd(long fd)
{
	if (fd >= 0 && fd < 1024)
		ring[ring_n++ % RING] = (int)fd;
}

/* Remembers a address that mmap just returned. */
void args_note_map(uint32_t a)
{
	maps[maps_n++ % RING] = a;
}

/* Returns a file descriptor from the pools. */
static uint32_t gen_fd(void)
{
	switch (rnd_below(10)) {
	case 0: case 1: case 2: case 3: case 4:
		return own_fd[rnd_below(NOWN)];
	case 5: case 6:
		return ring[rnd_below(RING)];
	case 7:
		return rnd_below(3);
	case 8:
		return PICK(-1, 255, 256, 1023, 1024, 0x7fffffff, 0x80000000, -100);
	default:
		return rnd_below(300);
	}
}

/* Returns a pointer to memory for the kernel to read or write. */
static uint32_t gen_buf(void)
{
	switch (rnd_below(8)) {
	case 0: case 1:
		return addr(P_BIG) + PICK(0, 0, 1, 3, 0x800, 0x3000);
	case 2:
		return addr(P_A) + PICK(0, 7, 0x100, 0xff8);
	case 3:
		return addr(P_B) + PAGE - PICK(1, 2, 4, 8, 16, 100, 0x800);
	case 4:
		return addr(P_RND) + rnd_below(PAGE);
	case 5:
		return PICK(addr(P_RO), addr(P_RO) + 100, addr(P_NONE), addr(P_GUARD),
			    (uint32_t)(uintptr_t)stackbuf, (uint32_t)(uintptr_t)stackbuf + 8000,
			    (uint32_t)(uintptr_t)__executable_start, addr(P_IOV), addr(P_STR));
	case 6:
		return bad_ptr();
	default:
		return PICK(0, 0xbffff000, 0xbffffffc, KADDR - 1, KADDR, 0x7fffffff,
			    0x08048000, 0x10000, rnd());
	}
}

/* Returns a byte count. */
static uint32_t gen_len(void)
{
	switch (rnd_below(6)) {
	case 0: case 1:
		return rnd_below(20);
	case 2:
		return PICK(31, 32, 63, 64, 100, 255, 256, 511, 512, 1023, 1024);
	case 3:
		return PICK(4095, 4096, 4097, 8191, 8192, 12288, 16384, 16385, 65535, 65536);
	case 4:
		return PICK(0x7ffff000, 0x7fffffff, 0x80000000, 0xfffff000, 0xffffffff,
			    0x10000000, 0x40000000, 0xbfffffff);
	default:
		return rnd_below(0x10000);
	}
}

/* Returns a path for a lookup: any path or a bad pointer. */
static uint32_t gen_path(int write)
{
	uint32_t r = rnd_below(10);

	if (r < 5 || (write && r < 8))
		return scratch_paths[rnd_below(nscratch)];
	if (r < 8)
		return sys_paths[rnd_below(nsys)];
	if (r < 9 || write)
		return bad_ptr();
	return addr(P_RND) + rnd_below(PAGE);	/* random bytes as a name */
}

/* Returns an iovec array pointer; sets pending_iovcnt to its length. */
static uint32_t gen_iov(void)
{
	uint32_t *v;
	uint32_t n = PICK(0, 1, 1, 2, 3, 4, 7, 8, 9, 16, 64);
	uint32_t off = rnd_below(PAGE / 8 - n) * 8;

	pending_iovcnt = n;
	switch (rnd_below(8)) {
	case 0:
		return bad_ptr();
	case 1:
		pending_iovcnt = PICK(1, 2, 3, 8);
		return addr(P_B) + PAGE - 8 * rnd_below(3);	/* runs off the end */
	case 2:
		return addr(P_RND) + rnd_below(PAGE / 8) * 8;	/* random members */
	default:
		break;
	}
	v = (uint32_t *)(page(P_IOV) + off);
	for (uint32_t i = 0; i < n; i++) {
		switch (rnd_below(8)) {
		case 0: case 1: case 2: case 3:
			v[2 * i] = gen_buf();
			v[2 * i + 1] = rnd_below(3) ? rnd_below(300) : gen_len();
			break;
		case 4:
			v[2 * i] = addr(P_BIG) + rnd_below(PAGE);
			v[2 * i + 1] = rnd_below(PAGE);
			break;
		case 5:
			v[2 * i] = bad_ptr();
			v[2 * i + 1] = PICK(0, 0, 1, 100);
			break;
		case 6:
			v[2 * i] = addr(P_A);
			v[2 * i + 1] = PICK(0x7fffffff, 0x80000000, 0xffffffff, 0x7ffff000);
			break;
		default:
			v[2 * i] = rnd();
			v[2 * i + 1] = rnd();
		}
	}
	return addr(P_IOV) + off;
}

/* Returns a pointer to {a, b} in the MISC page at word slot i. */
static uint32_t put_pair(int i, uint32_t a, uint32_t b)
{
	uint32_t *w = (uint32_t *)page(P_MISC) + 2 * i;

	w[0] = a;
	w[1] = b;
	return (uint32_t)(uintptr_t)w;
}

/* Returns a pointer to a timespec (or timeval) of an interesting time. */
static uint32_t gen_timespec(void)
{
	switch (rnd_below(10)) {
	case 0: case 1: case 2:
		return put_pair(0, 0, PICK(0, 1, 1000, 10000000));
	case 3:
		return put_pair(0, PICK(0, 1, 2, -1, 0x7fffffff), PICK(0, 999999999, 1000000000, -1));
	case 4:
		return put_pair(0, rnd(), rnd());
	case 5:
		return addr(P_B) + PAGE - 4;	/* half of it readable */
	case 6:
		return bad_ptr();
	default:
		return put_pair(0, 0, rnd_below(20000000));
	}
}

/* Returns a pointer to a signal set. */
static uint32_t gen_sigset(void)
{
	switch (rnd_below(6)) {
	case 0:
		return put_pair(1, 0, 0);
	case 1:
		return put_pair(1, 0xffffffff, 0xffffffff);
	case 2:
		return put_pair(1, 1u << rnd_below(32), 1u << rnd_below(32));
	case 3:
		return bad_ptr();
	default:
		return put_pair(1, rnd(), rnd());
	}
}

/* Returns a signal-handler address workers may install: the defaults,
 * the landing pad, or addresses that fault. Never other code. */
uint32_t args_handler(void)
{
	return PICK(0, 1, 0, 1, (uint32_t)(uintptr_t)fz_land_handler,
		    (uint32_t)(uintptr_t)fz_land_handler, 2, KADDR, addr(P_GUARD),
		    addr(P_NONE), 0xfffffff0);
}

/* Returns a pointer to a sigaction (Linux's layout: handler first). */
static uint32_t gen_sigact(void)
{
	uint32_t *w = (uint32_t *)page(P_MISC) + 8;

	if (one_in(8))
		return PICK(0, KADDR, addr(P_GUARD), addr(P_NONE), 0xffffffff);
	w[0] = args_handler();
	w[1] = one_in(3) ? rnd() : (rnd() & 0xdc000007);
	w[2] = PICK((uint32_t)(uintptr_t)fz_land_handler, 0, rnd());
	w[3] = rnd();
	w[4] = rnd();
	if (one_in(8)) {	/* a struct that runs into the unmapped page */
		uint32_t *e = (uint32_t *)(page(P_B) + PAGE - 8);
		e[0] = w[0];
		e[1] = w[1];
		return (uint32_t)(uintptr_t)e;
	}
	return (uint32_t)(uintptr_t)w;
}

/* Returns a pointer to an argv-like array of strings. */
static uint32_t gen_argv(void)
{
	uint32_t *v = (uint32_t *)page(P_ARGV);
	uint32_t n = PICK(0, 1, 2, 3, 10);

	switch (rnd_below(8)) {
	case 0:
		return 0;
	case 1:
		return bad_ptr();
	case 2: {	/* no terminator before the unmapped page */
		uint32_t *e = (uint32_t *)(page(P_B) + PAGE - 8);
		e[0] = e[1] = scratch_paths[0];
		return (uint32_t)(uintptr_t)e;
	}
	default:
		break;
	}
	for (uint32_t i = 0; i < n; i++)
		v[i] = one_in(6) ? bad_ptr() : gen_path(0);
	v[n] = 0;
	return (uint32_t)(uintptr_t)v;
}

/* Returns a mapping address. */
static uint32_t gen_addr(void)
{
	switch (rnd_below(8)) {
	case 0: case 1:
		return addr(PICK(P_BIG, P_A, P_B, P_GUARD, P_RO, P_NONE, P_RND, P_MISC));
	case 2:
		return maps[rnd_below(RING)];
	case 3:
		return addr(P_A) + PICK(1, 0x800, 0xfff);
	case 4:
		return PICK(0, 0x1000, 0x10000, 0x08000000, 0x40000000, 0xb7fff000,
			    0xb8000000, 0xbfff0000, 0xbffff000);
	case 5:
		return PICK(KADDR, KADDR - PAGE, 0xfffff000, 0xffffffff, 0x7ffff000);
	case 6:
		return rnd() & ~(PAGE - 1);
	default:
		return rnd();
	}
}

/* Returns a mapping length. */
static uint32_t gen_mmlen(void)
{
	switch (rnd_below(4)) {
	case 0: case 1:
		return PICK(0, 1, 4095, 4096, 4097, 8192, 0x3000, 0x10000);
	case 2:
		return PICK(0x100000, 0x1000000, 0x4000000, 0x10000000, 0x7ffff000,
			    0x80000000, 0xfffff000, 0xffffffff);
	default:
		return rnd_below(0x100000);
	}
}

/* Returns open(2) flags. */
static uint32_t gen_oflags(void)
{
	static const uint32_t bits[] = { 0100, 0200, 0400, 01000, 02000, 04000, 010000,
					 040000, 0100000, 0200000, 0400000, 01000000,
					 02000000, 010000000, 020200000 };
	uint32_t f = rnd_below(4);

	if (one_in(8))
		return rnd();
	for (int i = rnd_below(4); i > 0; i--)
		f |= bits[rnd_below(sizeof(bits) / sizeof(bits[0]))];
	return f;
}

/* Returns a bit mask: 0, one bit, a few low bits, or random. */
static uint32_t gen_flags(void)
{
	switch (rnd_below(5)) {
	case 0: return 0;
	case 1: return 1u << rnd_below(32);
	case 2: return rnd() & 0xff;
	case 3: return PICK(0xffffffff, 0x80000000, 0x100, 0x800, 0x80000);
	default: return rnd();
	}
}

/* Returns a pointer to a structure of random bytes. */
static uint32_t gen_struct(void)
{
	switch (rnd_below(6)) {
	case 0: case 1: case 2:
		return addr(P_RND) + rnd_below(PAGE / 2);
	case 3:
		return addr(P_RO) + rnd_below(PAGE / 2);
	case 4:
		return addr(P_B) + PAGE - PICK(4, 8, 16, 32);
	default:
		return bad_ptr();
	}
}

/* Returns an interesting value of no particular kind. */
static uint32_t gen_any(void)
{
	switch (rnd_below(10)) {
	case 0: case 1: case 2:
		return PICK(0, 1, 2, 3, -1, -2, 0x7fffffff, 0x80000000, 0xffffffff,
			    0xbfffffff, KADDR, PAGE, 0xffff, 0x10000, 16, 64);
	case 3:
		return rnd_below(32);
	case 4: case 5:
		return gen_buf();
	case 6:
		return gen_fd();
	case 7:
		return gen_len();
	default:
		return rnd();
	}
}

/* Returns argument argi of kind kind; sofar holds the call's number and
 * the arguments made before it. */
uint32_t gen_arg(int kind, int argi, const long *sofar)
{
	(void)argi;
	(void)sofar;
	switch (kind) {
	case K_FD:
		return gen_fd();
	case K_DIRFD:
		return rnd_below(3) ? PICK(AT_FDCWD_, AT_FDCWD_, own_fd[FD_SCRATCH],
					  own_fd[FD_ROOT], own_fd[FD_PROC],
					  own_fd[FD_FILE], -1, 9999) : gen_fd();
	case K_DIRFD_W:
		return args_scratch_dirfd();
	case K_BUF:
		return gen_buf();
	case K_LEN:
		return gen_len();
	case K_PATH:
		return gen_path(0);
	case K_PATH_W:
		return gen_path(1);
	case K_IOV:
		return gen_iov();
	case K_IOVCNT:
		return rnd_below(5) ? pending_iovcnt :
			PICK(0, 1, 8, 9, 1024, 1025, -1, 0x7fffffff, 0x80000000);
	case K_FLAGS:
		return gen_flags();
	case K_OFLAGS:
		return gen_oflags();
	case K_MODE:
		return PICK(0, 0644, 0755, 0777, 07777, 0100644, 020644, 010644,
			    060644, 0140777, 0xffffffff, rnd() & 0177777);
	case K_PID:
		return PICK(0, 0, (uint32_t)raw0(SYS_getpid), -(uint32_t)raw0(SYS_getpid), 1, 2,
			    3, -1, -2, NOPID, -NOPID, 0x80000000, rnd_below(40), rnd());
	case K_SIG:
		return rnd_below(4) ? rnd_below(65) : PICK(65, 128, -1, 0x80000000, rnd());
	case K_ADDR:
		return gen_addr();
	case K_MMLEN:
		return gen_mmlen();
	case K_PROT:
		return rnd_below(6) ? rnd_below(8) : PICK(0x1000000, 0x2000000, 0x8, rnd());
	case K_MMFLAGS:
		if (one_in(6))
			return rnd();
		return PICK(0x22, 0x22, 0x21, 0x23, 0x02, 0x01) |
		       (one_in(3) ? PICK(0x10, 0x100, 0x4000, 0x8000, 0x20000,
					  0x40000, 0x100000, 0x800) : 0);
	case K_OFF:
		return PICK(0, 0, 1, 100, 4095, 4096, 0x10000, 0x7fffffff, 0x80000000,
			    0xffffffff, -4096, rnd(), rnd_below(0x20000));
	case K_OFF_HI:
		return rnd_below(3) ? 0 : PICK(1, 0x7fffffff, 0x80000000, 0xffffffff, rnd());
	case K_WHENCE:
		return rnd_below(5) ? rnd_below(5) : PICK(5, -1, rnd());
	case K_IOCTL:
		return rnd_below(4) ? PICK(0x5401, 0x5402, 0x5403, 0x5404, 0x5413, 0x5414,
					   0x540f, 0x5410, 0x541b, 0x5421, 0x5451, 0x5450,
					   0x540e, 0x5422, 0x5412, 0x5452, 0x80045430,
					   0x40045431, 0x8901, 0x127, 0x1260)
				    : rnd();
	case K_FCNTL:
		return rnd_below(5) ? PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
					   15, 16, 1024, 1025, 1026, 1030, 1031, 1032,
					   1033, 1034)
				    : rnd();
	case K_TIMESPEC:
		return gen_timespec();
	case K_SIGSET:
		return gen_sigset();
	case K_SIGSZ:
		return rnd_below(4) ? 8 : PICK(0, 4, 16, 128, -1, rnd());
	case K_SIGACT:
		return gen_sigact();
	case K_ARGV:
		return gen_argv();
	case K_CLOCK:
		return rnd_below(4) ? rnd_below(12) : PICK(-1, 16, 0xfffffffe, 0xfffffff8, rnd());
	case K_SMALL:
		return rnd_below(3) ? rnd_below(17) : PICK(-1, 32, 64, 255, 256, 0x7fffffff, rnd());
	case K_STRUCT:
		return gen_struct();
	default:
		return gen_any();
	}
}

/* Returns a forged sigreturn frame: random bytes with plausible
 * registers where both Linux frame layouts keep them, the resume address
 * a landing pad or a faulting address. */
void *args_sigframe(void)
{
	uint32_t *w;
	uint32_t base = addr(P_MISC) + 1024 + 4 * rnd_below(64);
	/* sigcontext at esp (sigreturn) and at esp + 160 (rt_sigreturn) */
	static const uint32_t sc_at[] = { 0, 160 };

	switch (rnd_below(16)) {
	case 0:
		return (void *)(uintptr_t)bad_ptr();
	case 1:
		return page(P_B) + PAGE - 4 * rnd_below(40);	/* runs off the end */
	default:
		break;
	}
	w = (uint32_t *)(uintptr_t)base;
	for (int i = 0; i < 128; i++)
		w[i] = rnd();
	for (int k = 0; k < 2; k++) {
		uint32_t *sc = w + sc_at[k] / 4;
		uint32_t ds = PICK(0x23, 0x23, 0x2b, 0x7b, 0x33, 0x3b, 0x43, 0, 3, 0x10, rnd());

		sc[0] = one_in(2) ? PICK(0, 0x33, 0x3b, 0x43, 0x23, 0x4b) : rnd() & 0xffff; /* gs */
		sc[1] = one_in(2) ? PICK(0, 0x33, 0x23) : rnd() & 0xffff;		/* fs */
		sc[2] = one_in(2) ? 0x23 : ds;						/* es */
		sc[3] = one_in(2) ? 0x23 : ds;						/* ds */
		sc[14] = rnd_below(4) ? (uint32_t)(uintptr_t)fz_land_sigreturn : bad_ptr(); /* eip */
		sc[15] = one_in(2) ? 0x1b : PICK(0x73, 0x08, 0x13, 0x1b | 0x4, rnd() & 0xffff); /* cs */
		sc[16] = one_in(2) ? 0x202 : rnd();					/* eflags */
		sc[18] = one_in(2) ? 0x23 : ds;						/* ss */
		sc[19] = PICK(0, 0, rnd(), addr(P_RND), KADDR);				/* fpstate */
	}
	return w;
}

/* Returns where the worker's .text starts; mappings must not make it
 * writable or replace it. */
uint32_t args_text_start(void)
{
	return (uint32_t)(uintptr_t)__executable_start;
}

/* Returns the page-rounded end of the worker's .text. */
uint32_t args_text_end(void)
{
	return ((uint32_t)(uintptr_t)etext + PAGE - 1) & ~(PAGE - 1);
}

/* Returns 1 if p is one of the scratch paths (changing it is harmless). */
int args_is_write_safe_path(uint32_t p)
{
	for (int i = 0; i < nscratch; i++)
		if (scratch_paths[i] == p)
			return 1;
	return 0;
}

/* Returns 1 if p names something under SCRATCH, a device that may be
 * written, or cannot name anything (a bad pointer); 0 for system paths
 * and unknown memory. */
int args_is_safe_path(uint32_t p)
{
	if (args_is_write_safe_path(p))
		return 1;
	for (int i = 0; i < nsys; i++)
		if (sys_paths[i] == p)
			return !strcmp((const char *)(uintptr_t)p, "/dev/null") ||
			       !strcmp((const char *)(uintptr_t)p, "/dev/zero") ||
			       !strcmp((const char *)(uintptr_t)p, "/nonexistent/x");
	return args_is_bad_ptr(p) || p == addr(P_B) + PAGE - 3;
}

/* Returns 1 if the kernel can read nothing at p: NULL's page, the
 * kernel, the unmapped and the PROT_NONE page. */
int args_is_bad_ptr(uint32_t p)
{
	return p < 0x1000 || p >= KADDR || (p & ~(PAGE - 1)) == addr(P_GUARD) ||
	       (p & ~(PAGE - 1)) == addr(P_NONE);
}

/* Returns 1 if fd resolves relative names inside SCRATCH or not at all:
 * AT_FDCWD (the cwd stays in SCRATCH), SCRATCH itself, or an fd that is
 * not an open directory. Asks the kernel: fd numbers are reused, so an
 * fd opened as a file may be a directory elsewhere by now. */
int args_is_safe_dirfd(uint32_t fd)
{
	uint64_t ino;

	if ((int32_t)fd == AT_FDCWD_)
		return 1;
	ino = dir_ino(fd);
	return ino == 0 || ino == scratch_ino;
}

/* Returns a scratch path, for rewriting a path a call may not change. */
uint32_t args_scratch_path(void)
{
	return scratch_paths[rnd_below(nscratch)];
}

/* Returns a directory fd that is safe for calls that change the tree. */
uint32_t args_scratch_dirfd(void)
{
	return PICK(AT_FDCWD_, AT_FDCWD_, own_fd[FD_SCRATCH], own_fd[FD_FILE], -1, 9999,
		    0x80000000, own_fd[FD_CLOSED]);
}

/* Returns a path execve may be given: one harmless program, files that
 * are not programs, and bad pointers. */
uint32_t args_exec_path(void)
{
	return rnd_below(4) ? exec_paths[rnd_below(nexec)] : bad_ptr();
}

/* Returns 1 if [a, a + len) lies in the arena's writable pages (the
 * worker built what is there). */
int args_in_arena(uint32_t a, uint32_t len)
{
	uint32_t lo = addr(P_BIG), hi = addr(ARENA_PAGES);

	if (a < lo || a + len > hi || a + len < a)
		return 0;
	for (uint32_t p = a & ~(PAGE - 1); p < a + len; p += PAGE)
		if (p == addr(P_GUARD) || p == addr(P_RO) || p == addr(P_NONE))
			return 0;
	return 1;
}

/* Returns a pointer to an int in the MISC page holding v. */
uint32_t args_int(uint32_t v)
{
	uint32_t *w = (uint32_t *)page(P_MISC) + 32;

	*w = v;
	return (uint32_t)(uintptr_t)w;
}

/* Returns a pointer to a fresh structure of n random words in the MISC
 * page, for the filter to fix up. */
uint32_t *args_fresh_struct(int n)
{
	uint32_t *w = (uint32_t *)page(P_MISC) + 64;

	for (int i = 0; i < n && i < 64; i++)
		w[i] = rnd_below(4) ? gen_any() : 0;
	return w;
}

/* Returns a dead stack buffer address (for the filter's sanity checks). */
uint32_t args_bad_ptr(void)
{
	return bad_ptr();
}
