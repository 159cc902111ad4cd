/*
 * proc_sys_uts: /proc/sys/kernel/hostname and domainname are uname's
 * nodename and domainname, read and written as Linux's sysctl strings
 * (strict writes):
 *
 *   read     the name and a newline; from an offset, the rest of that;
 *            past the newline, nothing
 *   write    at offset 0 the text replaces the name; at an offset within
 *            the name or at its end it replaces the rest from there (two
 *            write(2)s append); past the end nothing changes; the text
 *            ends at a newline or NUL and is cut at 64 characters; the
 *            whole count is returned; an empty write changes nothing
 *   splice   into a pipe and out of one, both ways
 *   errors   a buffer with any unreadable byte: EFAULT and the name as it
 *            was; a read into a bad buffer: EFAULT; write on an O_RDONLY
 *            fd: EBADF; open for writing as a user other than root: EACCES
 *
 * On Linux the program first takes a UTS namespace of its own (it runs as
 * root), so the host's names are not touched; Mica has no namespaces and
 * its names change for the rest of the boot, which is restored at the end.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* unshare */
#endif
#include "tap.h"
#include "badptr.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>

#define HOST "/proc/sys/kernel/hostname"
#define DOMAIN "/proc/sys/kernel/domainname"
#define NAME_MAX_LEN 64 /* a UTS name's characters, the NUL not counted */
#define UID_NOBODY 65534
#define NPOINTS 69

/* pwrite of n bytes of s at pos to path through a fresh O_WRONLY fd.
 * Returns the raw result. */
static long pw(const char *path, const void *s, size_t n, long pos)
{
	int fd = open(path, O_WRONLY);
	long r = sys5(SYS_pwrite64, fd, s, n, pos, 0);

	close(fd);
	return r;
}

/* The domainname uname reports now. */
static const char *domain(void)
{
	static struct utsname u;

	uname(&u);
	return u.domainname;
}

/* The nodename uname reports now. */
static const char *node(void)
{
	static struct utsname u;

	uname(&u);
	return u.nodename;
}

/* Whether path reads (in one read) as exactly want. */
static int reads_as(const char *path, const char *want)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	long n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

/* Whether path reads as name and a newline. */
static int reads_name(const char *path, const char *name)
{
	char want[128];

	snprintf(want, sizeof(want), "%s\n", name);
	return reads_as(path, want);
}

/* Reading: the names, offsets, the end, stat. */
static void reads(void)
{
	char buf[128];
	struct stat st;

	ok(reads_name(HOST, node()), "hostname reads as uname's nodename and a newline");
	ok(reads_name(DOMAIN, domain()), "domainname reads as uname's domainname and a newline");
	ok(stat(DOMAIN, &st) == 0 && st.st_mode == (S_IFREG | 0644) && st.st_size == 0,
	   "domainname: a regular file, mode 0644, size 0");
	is(pw(DOMAIN, "abc", 3, 0), 3, "write abc");
	int fd = open(DOMAIN, O_RDONLY);
	is(sys5(SYS_pread64, fd, buf, 2, 0, 0), 2, "pread of 2 at 0: 2 bytes");
	ok(memcmp(buf, "ab", 2) == 0, "they are ab");
	is(sys5(SYS_pread64, fd, buf, sizeof(buf), 1, 0), 3, "pread at 1: bc and the newline");
	ok(memcmp(buf, "bc\n", 3) == 0, "they are bc\\n");
	is(sys5(SYS_pread64, fd, buf, 3, 0, 0), 3, "pread of exactly the name: no newline");
	is(sys5(SYS_pread64, fd, buf, sizeof(buf), 3, 0), 1, "pread at the name's end: the newline");
	is(sys5(SYS_pread64, fd, buf, sizeof(buf), 4, 0), 0, "pread past the newline: 0");
	is(sys5(SYS_pread64, fd, buf, sizeof(buf), 100, 0), 0, "pread far past: 0");
	is(lseek(fd, 0, SEEK_END), 0, "SEEK_END is 0: the size is 0");
	char seq[8];
	int n = 0;
	lseek(fd, 0, SEEK_SET);
	while (n < (int)sizeof(seq) && read(fd, seq + n, 1) == 1)
		n++;
	ok(n == 4 && memcmp(seq, "abc\n", 4) == 0, "read a byte at a time: abc\\n, then the end");
	close(fd);
}

/* Writing: replace, append, cut, the end, and the hostname both ways. */
static void writes(void)
{
	char big[100];

	is(pw(DOMAIN, "example", 7, 0), 7, "write example: 7");
	ok(strcmp(domain(), "example") == 0, "uname's domainname is example");
	ok(reads_name(DOMAIN, "example"), "and the file reads example");
	is(pw(DOMAIN, "xy\nz", 4, 0), 4, "write xy\\nz: the whole count");
	ok(strcmp(domain(), "xy") == 0, "the name ends at the newline: xy");
	is(pw(DOMAIN, "a\0b", 3, 0), 3, "write a\\0b: 3");
	ok(strcmp(domain(), "a") == 0, "the name ends at the NUL: a");
	is(pw(DOMAIN, "", 0, 0), 0, "an empty write: 0");
	ok(strcmp(domain(), "a") == 0, "changes nothing");
	memset(big, 'q', sizeof(big));
	is(pw(DOMAIN, big, sizeof(big), 0), 100, "write of 100 characters: 100");
	ok(strlen(domain()) == NAME_MAX_LEN && domain()[0] == 'q', "the name is cut at 64");
	is(pw(DOMAIN, "abcdef", 6, 0), 6, "write abcdef");
	is(pw(DOMAIN, "ZZ", 2, 2), 2, "write ZZ at 2: 2");
	ok(strcmp(domain(), "abZZ") == 0, "replaces the rest from 2: abZZ");
	is(pw(DOMAIN, "DE", 2, 4), 2, "write DE at the end, 4");
	ok(strcmp(domain(), "abZZDE") == 0, "appends: abZZDE");
	is(pw(DOMAIN, "YY", 2, 7), 2, "write at 7, past the end: still the count");
	ok(strcmp(domain(), "abZZDE") == 0, "and nothing changed");
	is(pw(DOMAIN, "AAAAAAAA", 8, 60), 8, "write past 60 on a 6-character name: 8");
	ok(strcmp(domain(), "abZZDE") == 0, "nothing changed");
	memset(big, 'z', NAME_MAX_LEN);
	pw(DOMAIN, big, NAME_MAX_LEN, 0);
	is(pw(DOMAIN, "AAAAAAAA", 8, 60), 8, "write 8 at 60 of a 64-character name: 8");
	ok(strlen(domain()) == NAME_MAX_LEN && strcmp(domain() + 60, "AAAA") == 0,
	   "the 4 that fit are in, the rest cut");

	int fd = open(DOMAIN, O_WRONLY);
	ok(write(fd, "he", 2) == 2 && write(fd, "llo", 3) == 3, "two write(2)s in a row");
	close(fd);
	ok(strcmp(domain(), "hello") == 0, "the second appends: hello");
	struct iovec iov[2] = {{"fo", 2}, {"o.bar", 5}};
	fd = open(DOMAIN, O_WRONLY);
	is(writev(fd, iov, 2), 7, "writev of two segments: 7");
	close(fd);
	ok(strcmp(domain(), "foo.bar") == 0, "one name of both: foo.bar");
	fd = open(DOMAIN, O_WRONLY | O_TRUNC);
	ok(fd >= 0, "open with O_TRUNC works");
	close(fd);
	ok(strcmp(domain(), "foo.bar") == 0, "and truncates nothing");

	is(pw(HOST, "node-1", 6, 0), 6, "write node-1 to hostname");
	ok(strcmp(node(), "node-1") == 0, "uname's nodename is node-1");
	is(sys2(SYS_sethostname, "node-2", 6), 0, "sethostname node-2");
	ok(reads_name(HOST, "node-2"), "the hostname file reads node-2");
	ok(strcmp(domain(), "foo.bar") == 0, "the domainname is its own");
}

/* splice: the file into a pipe and a pipe into the file, as LTP's
 * splice06 does. */
static void splices(void)
{
	int p[2];
	char buf[64];

	pw(DOMAIN, "spliced", 7, 0);
	pipe(p);
	int fd = open(DOMAIN, O_RDONLY);
	is(splice(fd, NULL, p[1], NULL, sizeof(buf), 0), 8,
	   "splice of domainname into a pipe: 8 bytes");
	close(fd);
	ok(read(p[0], buf, sizeof(buf)) == 8 && memcmp(buf, "spliced\n", 8) == 0,
	   "the pipe holds spliced\n");
	write(p[1], "from-pipe", 9);
	fd = open(DOMAIN, O_WRONLY);
	is(splice(p[0], NULL, fd, NULL, sizeof(buf), 0), 9,
	   "splice of a pipe into domainname: 9 bytes");
	close(fd);
	ok(strcmp(domain(), "from-pipe") == 0, "the name is from-pipe");
	close(p[0]);
	close(p[1]);
}

/* In a child: a user other than root may read but not write. */
static void as_nobody(long unused)
{
	(void)unused;
	if (setuid(UID_NOBODY))
		_exit(2);
	int fd = open(DOMAIN, O_WRONLY);
	if (fd >= 0 || errno != EACCES)
		_exit(3);
	fd = open(DOMAIN, O_RDONLY);
	_exit(fd >= 0 ? 0 : 4);
}

/* Bad buffers and descriptors. */
static void errors(void)
{
	char *edge = (char *)(badptr_hole - 3); /* 3 readable bytes, then the hole */

	pw(DOMAIN, "kept", 4, 0);
	int fd = open(DOMAIN, O_RDWR);
	for (int k = 0; k < NKINDS; k++) {
		is_err(sys3(SYS_write, fd, bad_ptr(k, 8), 8), EFAULT, "write from %s", kind_name[k]);
		is_err(sys3(SYS_read, fd, bad_ptr(k, 8), 8), EFAULT, "read into %s", kind_name[k]);
	}
	memcpy(edge, "abc", 3);
	is_err(sys3(SYS_write, fd, edge, 8), EFAULT, "write of 3 good bytes and 5 unmapped: EFAULT");
	struct iovec iov[2] = {{"ab", 2}, {(void *)badptr_hole, 2}};
	is_err(sys3(SYS_writev, fd, iov, 2), EFAULT, "writev with an unmapped second segment");
	ok(strcmp(domain(), "kept") == 0, "no failed write changed the name");
	close(fd);
	fd = open(DOMAIN, O_RDONLY);
	is_err(sys3(SYS_write, fd, "x", 1), EBADF, "write on an O_RDONLY fd: EBADF");
	close(fd);
	fd = open(DOMAIN, O_WRONLY);
	char buf[8];
	is_err(sys3(SYS_read, fd, buf, sizeof(buf)), EBADF, "read on an O_WRONLY fd: EBADF");
	close(fd);
	is_exit(run_child(as_nobody, 0), 0, "uid 65534 reads it; open for writing: EACCES");
	ok(strcmp(domain(), "kept") == 0, "the name is still kept");
}

int main(void)
{
	struct utsname saved;

	plan(NPOINTS);
	if (unshare(CLONE_NEWUTS) && !on_mica()) {
		diag("no UTS namespace of its own: not touching the host's names");
		for (int i = 0; i < NPOINTS; i++)
			skip("needs a UTS namespace on Linux");
		return done();
	}
	uname(&saved);
	badptr_setup();
	reads();
	writes();
	splices();
	errors();
	sys2(SYS_sethostname, saved.nodename, strlen(saved.nodename));
	sys2(SYS_setdomainname, saved.domainname, strlen(saved.domainname));
	ok(reads_name(HOST, saved.nodename) && reads_name(DOMAIN, saved.domainname),
	   "the names are as they were");
	return done();
}
