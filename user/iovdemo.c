/*
 * iovdemo: a guided tour of readv(2) and writev(2).
 *
 * Usage: iovdemo            (no arguments; uses /tmp/iovdemo.tmp)
 *
 * An iovec is {base, len}: one piece of memory. writev gathers a list of
 * them into the file in order, as if they were one buffer; readv scatters
 * the file back, filling each segment completely before the next. Each
 * step below prints its iovecs, the call's result and the file offset
 * after it (lseek(fd, 0, SEEK_CUR)):
 *
 *   1. writev of 4 segments of different sizes, one of length 0
 *   2. readv of the same bytes into 4 segments of other sizes
 *   3. a writev whose second segment is an unmapped page: the call stops at
 *      the fault and returns the bytes moved so far (the first segment), a
 *      success; only when nothing moved does it fail with EFAULT
 *   4. a zero-length segment with a NULL base: skipped, not an error
 *   5. iovcnt 0: returns 0
 *
 * Bases are printed as "buffer+offset", never as raw addresses, so the
 * output is the same on Linux and on any kernel that follows its rules.
 * A result that differs from Linux's is flagged "UNEXPECTED" and makes
 * the exit status 1. The file is removed at the end (or emptied, where
 * unlink is not available).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#define PATH "/tmp/iovdemo.tmp"
#define PAGE 4096

static char greet[] = "Hello, ";
static char dash[] = "-----";
static char text[] = ">>scatter/gather<<";
static char tail[] = " I/O!\n";
static char ok[] = "partial ";
static char never[] = "never";
static char abc[] = "abc";
static char def[] = "def\n";
static char in0[5], in1[1], in2[10], in3[20];
static char *hole;

/* The buffers an iovec may point into, so bases print as "name+off". */
/* clang-format off */
static const struct {
	const char *name;
	const char *start;
	size_t size;
} bufs[] = {
	{"greet", greet, sizeof(greet)},
	{"dash", dash, sizeof(dash)},
	{"text", text, sizeof(text)},
	{"tail", tail, sizeof(tail)},
	{"ok", ok, sizeof(ok)},
	{"never", never, sizeof(never)},
	{"abc", abc, sizeof(abc)},
	{"def", def, sizeof(def)},
	{"in0", in0, sizeof(in0)},
	{"in1", in1, sizeof(in1)},
	{"in2", in2, sizeof(in2)},
	{"in3", in3, sizeof(in3)},
};
/* clang-format on */

static int status;

/* Prints p as "name+off" if it lies in a known buffer or the hole page,
 * else "NULL" or "?". */
static void print_base(const void *p)
{
	const char *c = p;

	if (!p) {
		printf("NULL");
		return;
	}
	if (hole && c >= hole && c < hole + PAGE) {
		printf("hole+%d", (int)(c - hole));
		return;
	}
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++) {
		if (c >= bufs[i].start && c < bufs[i].start + bufs[i].size) {
			printf("%s+%d", bufs[i].name, (int)(c - bufs[i].start));
			return;
		}
	}
	printf("?");
}

/* Prints len bytes of s in double quotes, with \n and other control
 * characters escaped. */
static void print_bytes(const char *s, size_t len)
{
	putchar('"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = s[i];
		if (ch == '\n')
			printf("\\n");
		else if (ch < ' ' || ch >= 127)
			printf("\\x%02x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/* Prints one iovec line; shows its bytes unless it points at the hole. */
static void print_iov(const char *label, int i, const struct iovec *v)
{
	printf("  %s[%d] base=", label, i);
	print_base(v->iov_base);
	printf(" len=%zu", v->iov_len);
	if (hole && v->iov_base == hole) {
		printf(" (unmapped)\n");
		return;
	}
	if (v->iov_base) {
		printf(" ");
		print_bytes(v->iov_base, v->iov_len);
	}
	printf("\n");
}

/* Prints the file offset of fd. */
static long print_offset(int fd)
{
	long off = lseek(fd, 0, SEEK_CUR);

	printf("offset now %ld\n", off);
	return off;
}

/* Flags got != want as UNEXPECTED, naming what was checked. */
static void expect(const char *what, long got, long want)
{
	if (got != want) {
		printf("  UNEXPECTED: %s is %ld, Linux gives %ld\n", what, got, want);
		status = 1;
	}
}

/* Returns the name of errno value e: a symbol for those this demo expects,
 * else its strerror text. */
static const char *errno_name(int e)
{
	switch (e) {
	case 0:
		return "0";
	case EFAULT:
		return "EFAULT";
	case EINVAL:
		return "EINVAL";
	case EBADF:
		return "EBADF";
	default:
		return strerror(e);
	}
}

int main(void)
{
	struct iovec v[4];
	ssize_t r;
	int fd;

	fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		fprintf(stderr, "iovdemo: %s: %s\n", PATH, strerror(errno));
		return 1;
	}
	printf("iovdemo: readv/writev on %s\n", PATH);

	printf("\n1. writev of 4 segments, one of them empty\n");
	v[0] = (struct iovec){greet, 7};
	v[1] = (struct iovec){dash + 2, 0};
	v[2] = (struct iovec){text + 2, 14};
	v[3] = (struct iovec){tail, 6};
	for (int i = 0; i < 4; i++)
		print_iov("iov", i, &v[i]);
	r = writev(fd, v, 4);
	printf("  writev returned %zd (7+0+14+6); ", r);
	expect("offset", print_offset(fd), 27);
	expect("writev", r, 27);

	printf("\n2. lseek to 0, then readv into segments of 5, 0, 10 and 20 bytes\n");
	lseek(fd, 0, SEEK_SET);
	v[0] = (struct iovec){in0, sizeof(in0)};
	v[1] = (struct iovec){in1, 0};
	v[2] = (struct iovec){in2, sizeof(in2)};
	v[3] = (struct iovec){in3, sizeof(in3)};
	r = readv(fd, v, 4);
	printf("  readv returned %zd; ", r);
	expect("offset", print_offset(fd), 27);
	expect("readv", r, 27);
	for (int i = 0; i < 4; i++) {
		size_t got = r < 0 ? 0 : (size_t)r < v[i].iov_len ? (size_t)r : v[i].iov_len;
		printf("  seg[%d] base=", i);
		print_base(v[i].iov_base);
		printf(" len=%zu got %zu ", v[i].iov_len, got);
		print_bytes(v[i].iov_base, got);
		printf("\n");
		r -= got;
	}
	r = readv(fd, v, 4);
	printf("  readv again at end of file returned %zd; ", r);
	expect("offset", print_offset(fd), 27);
	expect("readv at EOF", r, 0);

	printf("\n3. partial writev: segment 1 points at an unmapped page\n");
	hole = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (hole == MAP_FAILED || munmap(hole, PAGE) < 0) {
		fprintf(stderr, "iovdemo: mmap/munmap: %s\n", strerror(errno));
		return 1;
	}
	printf("  (hole = a page from mmap, then munmap'd)\n");
	v[0] = (struct iovec){ok, 8};
	v[1] = (struct iovec){hole, 16};
	v[2] = (struct iovec){never, 5};
	for (int i = 0; i < 3; i++)
		print_iov("iov", i, &v[i]);
	errno = 0;
	r = writev(fd, v, 3);
	printf("  writev returned %zd (just iov[0]), errno %s; ", r, errno_name(errno));
	expect("offset", print_offset(fd), 35);
	expect("writev", r, 8);
	errno = 0;
	r = writev(fd, v + 1, 2);
	printf("  the same from iov[1] on: nothing can move, so writev returned %zd, errno %s; ", r,
	       errno_name(errno));
	expect("offset", print_offset(fd), 35);
	expect("writev", r, -1);
	expect("errno", errno, EFAULT);

	printf("\n4. a zero-length segment with a NULL base is skipped\n");
	v[0] = (struct iovec){abc, 3};
	v[1] = (struct iovec){NULL, 0};
	v[2] = (struct iovec){def, 4};
	for (int i = 0; i < 3; i++)
		print_iov("iov", i, &v[i]);
	r = writev(fd, v, 3);
	printf("  writev returned %zd; ", r);
	expect("offset", print_offset(fd), 42);
	expect("writev", r, 7);

	r = writev(fd, v, 0);
	printf("\n5. writev with iovcnt 0 returned %zd; ", r);
	expect("offset", print_offset(fd), 42);
	expect("writev", r, 0);

	char all[64];
	lseek(fd, 0, SEEK_SET);
	r = read(fd, all, sizeof(all));
	printf("\nthe file now holds %zd bytes: ", r);
	print_bytes(all, r < 0 ? 0 : r);
	printf("\n");
	expect("file size", r, 42);

	close(fd);
	if (unlink(PATH) < 0)
		close(open(PATH, O_WRONLY | O_TRUNC));
	return status;
}
