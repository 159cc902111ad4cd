/*
 * splice_sendfile: sendfile(2) and sendfile64(2), as Linux's do_sendfile.
 *
 * The data goes from in_fd (a file that can be spliced from) to out_fd:
 * into a pipe directly (as splice), into anything else through an
 * internal pipe (do_splice_direct), looping until count is done or the
 * input ends. With an offset pointer the input is read there, the offset
 * is written back and the file position stays; with NULL the position is
 * used and advanced. The output's position always advances.
 *
 * The checks in Linux's order: the offset pointer is read first (EFAULT),
 * then in_fd (EBADF: not open, not readable; ESPIPE: an offset for an
 * unseekable input; EINVAL: a negative offset, an input that cannot be
 * spliced), then out_fd (EBADF: not open, not writable; EINVAL:
 * O_APPEND). sendfile's offset is a 32-bit off_t: a transfer is cut at
 * 2^31 - 1, and one starting there is EOVERFLOW; sendfile64's and the
 * file position are not limited so. A full output pipe blocks, or is
 * EAGAIN with O_NONBLOCK; no reader is SIGPIPE and EPIPE. A count is
 * clamped to MAX_RW_COUNT.
 */
#include "splice_common.h"

#define FILE_LEN 10000
#define LARGE_LEN 300000
#define HIGH_OFF 0x80000100LL /* a few bytes written past 2^31 in a sparse file */

static unsigned char buf[LARGE_LEN];
static char in_path[64], out_path[64];

/* Returns 1 iff the file at path holds pat(off...) for n bytes at where. */
static int file_is_pat(long fd, long where, unsigned off, unsigned n)
{
	long r = RSYS(SYS_pread64, fd, buf, n, where, 0);

	return r == (long)n && is_pat(buf, off, n);
}

/* Order of the checks; bad fds, modes, offsets, O_APPEND. */
static void errors(long in, long out)
{
	int p[2];
	long off = 0;
	unsigned char *edge = edge_page();

	mkpipe(p, 0);
	RSYS(SYS_write, p[1], "abc", 3);
	long po = ropen(in_path, O_PATH, 0);
	long wo = ropen(in_path, O_WRONLY, 0);
	long ap = ropen(out_path, O_WRONLY | O_APPEND, 0);
	long dir = ropen("/tmp", O_RDONLY | O_DIRECTORY, 0);

	is(SENDFILE(BAD_FD, BAD_FD, 1, 10), -EFAULT, "a bad offset pointer comes first: EFAULT");
	is(SENDFILE64(BAD_FD, BAD_FD, 1, 10), -EFAULT, "sendfile64 too");
	is(SENDFILE(out, BAD_FD, NULL, 10), -EBADF, "in_fd not open gives EBADF");
	is(SENDFILE(out, BAD_FD, NULL, 0), -EBADF, "even with count 0");
	is(SENDFILE(out, -1, &off, 10), -EBADF, "in_fd -1 gives EBADF");
	is(SENDFILE(out, po, NULL, 10), -EBADF, "an O_PATH in_fd gives EBADF");
	is(SENDFILE(out, wo, NULL, 10), -EBADF, "a write-only in_fd gives EBADF");
	is(SENDFILE(out, p[1], NULL, 10), -EBADF, "a pipe's write end as in_fd gives EBADF");
	is(SENDFILE(BAD_FD, p[0], &off, 10), -ESPIPE, "a pipe in_fd with an offset: ESPIPE, before out_fd");
	is(SENDFILE(out, p[0], NULL, 10), -EINVAL, "a pipe in_fd without an offset: EINVAL");
	is(SENDFILE(p[1], p[0], NULL, 10), -EINVAL, "a pipe in_fd into a pipe: EINVAL");
	is(nread(p[0]), 3, "and the pipe keeps its bytes");
	is(SENDFILE(out, dir, NULL, 10), -EINVAL, "a directory in_fd gives EINVAL");
	off = -1;
	is(SENDFILE(BAD_FD, in, &off, 10), -EINVAL, "a negative offset: EINVAL, before out_fd");
	long long off64 = -1;
	is(SENDFILE64(out, in, &off64, 10), -EINVAL, "sendfile64: a negative offset gives EINVAL");
	off64 = 0x7fffffffffffff00LL;
	is(SENDFILE64(out, in, &off64, 0x1000), -EINVAL, "sendfile64: an offset + count past 2^63 gives EINVAL");
	off = 0;
	is(SENDFILE(BAD_FD, in, &off, 10), -EBADF, "out_fd not open gives EBADF");
	is(SENDFILE(in, in, &off, 10), -EBADF, "a read-only out_fd gives EBADF");
	is(SENDFILE(p[0], in, &off, 10), -EBADF, "a pipe's read end as out_fd gives EBADF");
	is(SENDFILE(ap, in, &off, 10), -EINVAL, "an O_APPEND out_fd gives EINVAL");
	is(SENDFILE(out, in, KERNEL_BASE, 10), -EFAULT, "an offset at a kernel address gives EFAULT");
	is(SENDFILE(out, in, edge + PAGE - 2, 10), -EFAULT, "an offset running off its page gives EFAULT");
	is(SENDFILE64(out, in, edge + PAGE - 4, 10), -EFAULT,
	   "sendfile64: a 4-byte offset before an unmapped page gives EFAULT");
	ok(off == 0 && fsize(out) == 0 && fpos(in) == 0, "the failed calls moved nothing");
	*(long *)(edge + PAGE - 4) = 0;
	is(SENDFILE(out, in, edge + PAGE - 4, 10), 10, "sendfile: the same 4 bytes are its whole offset");
	ok(*(long *)(edge + PAGE - 4) == 10 && file_is_pat(out, 0, 0, 10), "it moved 10 bytes");
	RSYS(SYS_ftruncate, out, 0);
	RSYS(SYS_lseek, out, 0, SEEK_SET);
	RSYS(SYS_close, po);
	RSYS(SYS_close, wo);
	RSYS(SYS_close, ap);
	RSYS(SYS_close, dir);
	closep(p);
}

/* File to file: offsets and positions, counts, the end of the input. */
static void file_to_file(long in, long out)
{
	long off = 0;

	is(SENDFILE(out, in, &off, 100), 100, "100 bytes from offset 0");
	ok(off == 100 && fpos(in) == 0 && fpos(out) == 100,
	   "the offset is written back, in_fd's position stays, out_fd's advances");
	ok(file_is_pat(out, 0, 0, 100), "the output holds the bytes");
	is(SENDFILE(out, in, NULL, 200), 200, "200 bytes from in_fd's position");
	ok(fpos(in) == 200 && fpos(out) == 300 && file_is_pat(out, 100, 0, 200),
	   "both positions advance; the bytes follow");
	off = FILE_LEN - 10;
	is(SENDFILE(out, in, &off, 100), 10, "a count past the end gives what is left");
	ok(off == FILE_LEN && file_is_pat(out, 300, FILE_LEN - 10, 10), "offset at the end; the bytes");
	off = 2 * FILE_LEN;
	is(SENDFILE(out, in, &off, 100), 0, "an offset past the end gives 0");
	ok(off == 2 * FILE_LEN, "and leaves the offset");
	off = 5;
	is(SENDFILE(out, in, &off, 0), 0, "count 0 gives 0");
	ok(off == 5 && fsize(out) == 310, "and moves nothing");
	RSYS(SYS_lseek, in, 0, SEEK_SET);
	is(SENDFILE(out, in, NULL, 0xffffffffUL), FILE_LEN, "a huge count gives the whole file");
	ok(fpos(in) == FILE_LEN && file_is_pat(out, 310, 0, FILE_LEN), "position at the end; the bytes");
	is(SENDFILE(out, in, NULL, 100), 0, "at the end of the input: 0");

	char path[64];
	long big = mkpat(tmpname(path, "splice_sendfile"), LARGE_LEN);
	RSYS(SYS_ftruncate, out, 0);
	RSYS(SYS_lseek, out, 0, SEEK_SET);
	is(SENDFILE(out, big, NULL, LARGE_LEN), LARGE_LEN, "300000 bytes (many pipefuls) in one call");
	ok(fsize(out) == LARGE_LEN && file_is_pat(out, 0, 0, LARGE_LEN), "all of them, in order");
	RSYS(SYS_close, big);
	RSYS(SYS_unlink, path);

	unsigned char *ro = pages(1);
	*(long *)ro = 0;
	RSYS(SYS_mprotect, ro, PAGE, PROT_READ);
	RSYS(SYS_ftruncate, out, 0);
	RSYS(SYS_lseek, out, 0, SEEK_SET);
	is(SENDFILE(out, in, ro, 50), -EFAULT, "a read-only offset: EFAULT when it is written back");
	ok(fsize(out) == 50 && fpos(out) == 50 && file_is_pat(out, 0, 0, 50),
	   "after the bytes moved");

	long z = ropen("/dev/zero", O_RDONLY, 0);
	RSYS(SYS_ftruncate, out, 0);
	RSYS(SYS_lseek, out, 0, SEEK_SET);
	is(SENDFILE(out, z, NULL, 100), 100, "100 bytes from /dev/zero");
	ok(RSYS(SYS_pread64, out, buf, 200, 0, 0) == 100 && all_are(buf, 0, 100), "all zero");
	RSYS(SYS_close, z);
	long nul = ropen("/dev/null", O_WRONLY, 0);
	off = 0;
	is(SENDFILE(nul, in, &off, 5000), 5000, "5000 bytes to /dev/null");
	ok(off == 5000, "and the offset moves on");
	RSYS(SYS_close, nul);
}

/* File to pipe: slots, partial counts, full and reader-less pipes. */
static void file_to_pipe(long in)
{
	int p[2];
	char path[64];
	long big = mkpat(tmpname(path, "splice_sendfile"), LARGE_LEN);
	long off = 0;

	mkpipe(p, 0);
	is(SENDFILE(p[1], big, NULL, LARGE_LEN), PIPE_BYTES, "into an empty pipe: what it holds");
	ok(fpos(big) == PIPE_BYTES && drain_is_pat(p[0], 0, PIPE_BYTES), "position advanced; the bytes");
	fill_slots(p[1], 0, PIPE_SLOTS - 1);
	is(SENDFILE(p[1], big, &off, LARGE_LEN), PAGE, "one slot free: one page");
	ok(off == PAGE && fpos(big) == PIPE_BYTES, "offset written back; position stays");
	drain(p[0]);
	fill_slots(p[1], 0, PIPE_SLOTS - 1);
	off = 100;
	is(SENDFILE(p[1], big, &off, LARGE_LEN), PAGE - 100,
	   "one slot free, offset 100: the rest of that page");
	ok(drain_is_pat(p[0], 0, (PIPE_SLOTS - 1) * PAGE) && drain_is_pat(p[0], 100, PAGE - 100),
	   "the pipe's slots, then those bytes");
	RSYS(SYS_write, p[1], "x", 1);
	off = 0;
	is(SENDFILE(p[1], big, &off, LARGE_LEN), (PIPE_SLOTS - 1) * PAGE,
	   "after a 1-byte write: 15 pages, not merged into its slot");
	ok(RSYS(SYS_read, p[0], buf, 1) == 1 && drain_is_pat(p[0], 0, (PIPE_SLOTS - 1) * PAGE),
	   "the byte, then the pages");
	off = 2 * PAGE;
	is(SENDFILE(p[1], big, &off, 300), 300, "300 bytes into the pipe");
	struct iovec v = { buf, 1000 };
	is(RSYS(SYS_vmsplice, p[0], &v, 1, 0), 300, "vmsplice takes them out");
	ok(is_pat(buf, 2 * PAGE, 300) && nread(p[0]) == 0, "the file's bytes, and the pipe is empty");
	off = LARGE_LEN - 10;
	is(SENDFILE(p[1], big, &off, 100), 10, "a count past the end: what is left");
	ok(drain_is_pat(p[0], LARGE_LEN - 10, 10), "those bytes");

	fill_slots(p[1], 0, PIPE_SLOTS);
	off = 0;
	ok(call_blocks(SYS_sendfile, p[1], big, (long)&off, 100), "a full pipe blocks");
	is_exit(call_interrupted_status(SYS_sendfile, p[1], big, (long)&off, 100), 100 + EINTR,
		"a handler (no SA_RESTART) ends the wait with EINTR");
	set_nonblock(p[1], 1);
	is(SENDFILE(p[1], big, &off, 100), -EAGAIN, "a full pipe with O_NONBLOCK gives EAGAIN");
	ok(off == 0, "and leaves the offset");
	set_nonblock(p[1], 0);
	drain(p[0]);
	RSYS(SYS_close, p[0]);
	p[0] = -1;
	is(SENDFILE(p[1], in, &off, 100), -EPIPE, "no reader: EPIPE (SIGPIPE ignored)");
	int st = call_sigpipe_status(SYS_sendfile, p[1], in, (long)&off, 100);
	is_signal(st, SIGPIPE, "no reader: SIGPIPE kills");
	ok(off == 0, "the offset stays");
	closep(p);
	RSYS(SYS_close, big);
	RSYS(SYS_unlink, path);
}

/* The 32-bit offset of sendfile against sendfile64 and the position. */
static void large_offsets(long out)
{
	char path[64];
	long big = ropen(tmpname(path, "splice_sendfile"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	long long pos, off64;
	long off;

	fill_pat(buf, 0, 3);
	is(RSYS(SYS_pwrite64, big, buf, 3, (long)HIGH_OFF, (long)(HIGH_OFF >> 32)), 3,
	   "3 bytes written past 2^31");
	RSYS(SYS_ftruncate, out, 0);
	RSYS(SYS_lseek, out, 0, SEEK_SET);
	off = 0x7ffffff0;
	is(SENDFILE(out, big, &off, 100), 15, "sendfile from 2^31 - 16: cut at 2^31 - 1");
	ok(off == 0x7fffffff, "the offset is 2^31 - 1");
	ok(RSYS(SYS_pread64, out, buf, 100, 0, 0) == 15 && all_are(buf, 0, 15), "15 bytes of the hole");
	is(SENDFILE(out, big, &off, 100), -EOVERFLOW, "sendfile from 2^31 - 1: EOVERFLOW");
	ok(off == 0x7fffffff, "the offset stays");
	RSYS(SYS__llseek, big, 0, (long)HIGH_OFF, &pos, SEEK_SET);
	is(SENDFILE(out, big, NULL, 100), 3, "sendfile with the position past 2^31: no limit");
	pos = 0;
	RSYS(SYS__llseek, big, 0, 0, &pos, SEEK_CUR);
	ok(pos == HIGH_OFF + 3 && file_is_pat(out, 15, 0, 3), "the position advances; the bytes");
	off64 = HIGH_OFF;
	is(SENDFILE64(out, big, &off64, 100), 3, "sendfile64 past 2^31");
	ok(off64 == HIGH_OFF + 3 && file_is_pat(out, 18, 0, 3), "the offset advances; the bytes");
	off64 = 0x7ffffff0;
	is(SENDFILE64(out, big, &off64, 100), 100, "sendfile64 across 2^31");
	ok(off64 == 0x7ffffff0LL + 100, "the offset advances past 2^31");
	RSYS(SYS_close, big);
	RSYS(SYS_unlink, path);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	plan(80);
	RSYS(SYS_close, mkpat(tmpname(in_path, "splice_sendfile"), FILE_LEN));
	long in = ropen(in_path, O_RDONLY, 0);
	long out = ropen(tmpname(out_path, "splice_sendfile"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	errors(in, out);
	file_to_file(in, out);
	file_to_pipe(in);
	large_offsets(out);
	RSYS(SYS_close, in);
	RSYS(SYS_close, out);
	RSYS(SYS_unlink, in_path);
	RSYS(SYS_unlink, out_path);
	return done();
}
