/*
 * splice_vmsplice: vmsplice(2) in both directions, as Linux's.
 *
 * On an fd open for writing (a pipe's write end, a FIFO opened O_RDWR) it
 * puts user memory into the pipe: each piece of a segment within one page
 * takes a slot of its own, holding a reference to the user's page (so a
 * later store to the page shows in what is read), never merged into by a
 * later write; it stops when the pipe is full or at the first byte that
 * cannot be read. On a read end it reads the pipe into the vector, as
 * readv does: a buffer whose copy faults is not consumed.
 *
 * The checks in Linux's order: flags outside SPLICE_F_ALL are EINVAL, a
 * bad fd EBADF, then the vector as import_iovec takes it (EINVAL, EFAULT;
 * an empty one is 0 even on a non-pipe), then a non-pipe is EBADF. A full
 * (or empty) pipe is EAGAIN with SPLICE_F_NONBLOCK, and otherwise blocks,
 * even with O_NONBLOCK on the file. No reader: SIGPIPE and EPIPE.
 */
#include "splice_common.h"

#define SEGS 1025

static struct iovec vec[SEGS];
static unsigned char src[20 * PAGE] __attribute__((aligned(PAGE)));
static unsigned char dst[4 * PAGE];

/* Sets vec[0..n) to one byte each of src, from src[off]. */
static void one_byte_segs(int n, unsigned off)
{
	for (int i = 0; i < n; i++) {
		vec[i].iov_base = src + off + i;
		vec[i].iov_len = 1;
	}
}

/* Flags, fds, vectors, non-pipes. */
static void errors(void)
{
	int p[2];
	char path[64];

	mkpipe(p, 0);
	fill_pat(src, 0, sizeof(src));
	long f = mkpat(tmpname(path, "splice_vmsplice"), 100);
	long po = ropen(path, O_PATH, 0);
	unsigned char *edge = edge_page();
	struct iovec one = { src, 10 };

	is(VMSPLICE(p[1], &one, 1, 0x10), -EINVAL, "flag 0x10 gives EINVAL");
	is(VMSPLICE(BAD_FD, NULL, 0, 0x10), -EINVAL, "bad flags come before a bad fd");
	is(VMSPLICE(BAD_FD, &one, 1, 0), -EBADF, "fd not open gives EBADF");
	is(VMSPLICE(-1, &one, 1, 0), -EBADF, "fd -1 gives EBADF");
	is(VMSPLICE(po, &one, 1, 0), -EBADF, "an O_PATH fd gives EBADF");
	is(VMSPLICE(f, &one, 1, 0), -EBADF, "a regular file gives EBADF");
	is(VMSPLICE(f, &one, 0, 0), 0, "a regular file with no segments gives 0");
	is(VMSPLICE(f, NULL, 1, 0), -EFAULT, "a regular file with a NULL vector gives EFAULT");
	is(VMSPLICE(p[1], &one, 0, 0), 0, "no segments gives 0");
	is(VMSPLICE(p[1], vec, SEGS, 0), -EINVAL, "1025 segments give EINVAL");
	is(VMSPLICE(p[1], vec, -1, 0), -EINVAL, "-1 segments give EINVAL");
	is(VMSPLICE(p[1], NULL, 1, 0), -EFAULT, "a NULL vector gives EFAULT");
	is(VMSPLICE(p[1], KERNEL_BASE, 1, 0), -EFAULT, "a vector at a kernel address gives EFAULT");
	is(VMSPLICE(p[1], edge + PAGE - 4, 1, 0), -EFAULT, "a vector running off its page gives EFAULT");
	struct iovec neg = { src, NEGLEN };
	is(VMSPLICE(p[1], &neg, 1, 0), -EINVAL, "a segment length negative as ssize_t gives EINVAL");
	struct iovec empty[2] = { { src, 0 }, { NULL, 0 } };
	is(VMSPLICE(p[1], empty, 2, 0), 0, "segments of length 0 give 0");
	struct iovec bad = { unmapped(), 10 };
	is(VMSPLICE(p[1], &bad, 1, 0), -EFAULT, "an unmapped segment gives EFAULT");
	bad.iov_base = (void *)KERNEL_BASE;
	is(VMSPLICE(p[1], &bad, 1, 0), -EFAULT, "a kernel segment gives EFAULT");
	bad.iov_base = NULL;
	is(VMSPLICE(p[1], &bad, 1, 0), -EFAULT, "a NULL segment gives EFAULT");
	is(nread(p[0]), 0, "the failed calls put nothing in the pipe");
	RSYS(SYS_close, f);
	RSYS(SYS_close, po);
	RSYS(SYS_unlink, path);
	closep(p);
}

/* User memory into the pipe: slots, references, partial counts. */
static void to_pipe(void)
{
	int p[2];

	mkpipe(p, 0);
	fill_pat(src, 0, sizeof(src));
	struct iovec one = { src, 100 };
	is(VMSPLICE(p[1], &one, 1, 0), 100, "100 bytes go in");
	ok(drain_is_pat(p[0], 0, 100), "and read back the same");

	one_byte_segs(17, 0);
	is(VMSPLICE(p[1], vec, 17, 0), 16, "17 one-byte segments: 16 go in, one a slot");
	is(nread(p[0]), 16, "the pipe holds 16 bytes");
	is(VMSPLICE(p[1], vec, 1, SPLICE_F_NONBLOCK), -EAGAIN,
	   "the pipe is full: SPLICE_F_NONBLOCK gives EAGAIN");
	set_nonblock(p[1], 1);
	is(RSYS(SYS_write, p[1], "x", 1), -EAGAIN, "a write does not merge into a vmspliced slot");
	ok(call_blocks(SYS_vmsplice, p[1], (long)vec, 1, 0),
	   "a full pipe blocks vmsplice even with O_NONBLOCK");
	is_exit(call_interrupted_status(SYS_vmsplice, p[1], (long)vec, 1, 0), 100 + EINTR,
		"a handler (no SA_RESTART) ends the wait with EINTR");
	set_nonblock(p[1], 0);
	ok(drain_is_pat(p[0], 0, 16), "the 16 bytes read back in order");

	one_byte_segs(1024, 0);
	is(VMSPLICE(p[1], vec, 1024, 0), 16, "1024 one-byte segments (IOV_MAX): 16 go in");
	ok(drain_is_pat(p[0], 0, 16), "and read back in order");

	for (int i = 0; i < 16; i++) {
		vec[i].iov_base = src + i * PAGE + PAGE - 96;
		vec[i].iov_len = 200;
	}
	is(VMSPLICE(p[1], vec, 16, 0), 8 * 200, "segments across a page boundary take two slots each");
	int whole = 0;
	for (int i = 0; i < 8; i++)
		whole += drain_is_pat(p[0], i * PAGE + PAGE - 96, 200);
	ok(whole == 8 && nread(p[0]) == 0, "the 8 segments read back whole");

	one.iov_len = sizeof(src);
	is(VMSPLICE(p[1], &one, 1, 0), PIPE_BYTES, "20 pages: what a pipe holds (16) goes in");
	ok(drain_is_pat(p[0], 0, PIPE_BYTES), "the 16 pages read back in order");

	fill_slots(p[1], 0, PIPE_SLOTS - 1);
	struct iovec three[3] = { { src, 100 }, { src + 100, 100 }, { src + 200, 100 } };
	is(VMSPLICE(p[1], three, 3, SPLICE_F_NONBLOCK), 100, "one slot free: one segment goes in");
	ok(drain_is_pat(p[0], 0, (PIPE_SLOTS - 1) * PAGE) && drain_is_pat(p[0], 0, 100),
	   "the pipe reads its slots then the segment");

	unsigned char *edge = edge_page();
	fill_pat(edge, 0, PAGE);
	struct iovec e = { edge + PAGE - 96, 200 };
	is(VMSPLICE(p[1], &e, 1, 0), 96, "a segment running into an unmapped page: the mapped part");
	ok(drain_is_pat(p[0], PAGE - 96, 96), "which reads back");
	struct iovec gb[2] = { { src, 100 }, { edge + PAGE, 10 } };
	is(VMSPLICE(p[1], gb, 2, 0), 100, "a good segment, then an unmapped one: the good one");
	ok(drain_is_pat(p[0], 0, 100), "which reads back");
	gb[0].iov_base = edge + PAGE;
	gb[1].iov_base = src;
	is(VMSPLICE(p[1], gb, 2, 0), -EFAULT, "an unmapped segment first gives EFAULT");
	is(nread(p[0]), 0, "and puts nothing in");

	char path[64];
	long f = ropen(tmpname(path, "splice_vmsplice"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct iovec two = { src, 2 * PAGE };
	long long foff = 100;
	is(VMSPLICE(p[1], &two, 1, 0), 2 * PAGE, "2 pages go in");
	is(splice_raw(p[0], NULL, f, &foff, 3 * PAGE, 0), 2 * PAGE,
	   "and splice into a file at offset 100");
	ok(foff == 2 * PAGE + 100 && RSYS(SYS_pread64, f, dst, 3 * PAGE, 100, 0) == 2 * PAGE &&
		   is_pat(dst, 0, 2 * PAGE),
	   "the file holds the pages' bytes there");
	RSYS(SYS_close, f);
	RSYS(SYS_unlink, path);

	unsigned char *ro = ro_page();
	struct iovec r = { ro, PAGE };
	is(VMSPLICE(p[1], &r, 1, SPLICE_F_GIFT), PAGE, "a read-only page goes in (SPLICE_F_GIFT accepted)");
	ok(drain_is_pat(p[0], 0, PAGE), "and reads back");

	unsigned char *pg = pages(1);
	memset(pg, 'A', PAGE);
	struct iovec w = { pg, PAGE };
	is(VMSPLICE(p[1], &w, 1, 0), PAGE, "a page of 'A' goes in");
	memset(pg, 'B', PAGE);
	is(RSYS(SYS_read, p[0], dst, PAGE), PAGE, "read it after storing 'B' in the page");
	ok(all_are(dst, 'B', PAGE), "the pipe held the page itself: the read sees 'B'");
	memset(pg, 'C', PAGE);
	is(VMSPLICE(p[1], &w, 1, 0), PAGE, "a page of 'C' goes in");
	RSYS(SYS_munmap, pg, PAGE);
	ok(RSYS(SYS_read, p[0], dst, PAGE) == PAGE && all_are(dst, 'C', PAGE),
	   "and reads back whole after the page is unmapped");

	unsigned char *fresh = pages(1);
	w.iov_base = fresh;
	is(VMSPLICE(p[1], &w, 1, 0), PAGE, "a page never touched goes in");
	memset(fresh, 'D', PAGE);
	ok(RSYS(SYS_read, p[0], dst, PAGE) == PAGE && all_are(dst, 0, PAGE),
	   "it reads back as zeros, whatever was stored since (the zero page's copy-on-write)");
	memset(fresh, 'E', PAGE);
	RSYS(SYS_mprotect, fresh, PAGE, PROT_NONE);
	is(VMSPLICE(p[1], &w, 1, 0), -EFAULT, "a PROT_NONE page gives EFAULT");
	RSYS(SYS_mprotect, fresh, PAGE, PROT_READ | PROT_WRITE);
	is(VMSPLICE(p[1], &w, 1, 0), PAGE, "made readable again, it goes in");
	ok(RSYS(SYS_read, p[0], dst, PAGE) == PAGE && all_are(dst, 'E', PAGE),
	   "with the bytes it held before PROT_NONE");

	unsigned char *wo = mmap(NULL, 2 * PAGE, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(wo, 'F', PAGE);
	w.iov_base = wo;
	is(VMSPLICE(p[1], &w, 1, 0), PAGE, "a PROT_WRITE page stored into goes in");
	ok(RSYS(SYS_read, p[0], dst, PAGE) == PAGE && all_are(dst, 'F', PAGE), "with its bytes");
	w.iov_base = wo + PAGE;
	is(VMSPLICE(p[1], &w, 1, 0), -EFAULT, "a PROT_WRITE page never touched gives EFAULT");

	one.iov_base = src;
	one.iov_len = 0x7fffffff;
	is(VMSPLICE(p[1], &one, 1, SPLICE_F_NONBLOCK), PIPE_BYTES,
	   "a segment of 2^31 - 1 bytes: what the pipe holds");
	ok(drain_is_pat(p[0], 0, PIPE_BYTES), "which reads back");
	closep(p);

	tmpname(path, "splice_vmsplice_fifo");
	RSYS(SYS_mknod, path, S_IFIFO | 0600, 0);
	long fifo = ropen(path, O_RDWR, 0);
	one.iov_len = 50;
	is(VMSPLICE(fifo, &one, 1, 0), 50, "a FIFO open O_RDWR is written to");
	ok(drain_is_pat(fifo, 0, 50), "and reads back");
	RSYS(SYS_close, fifo);
	RSYS(SYS_unlink, path);

	mkpipe(p, 0);
	RSYS(SYS_close, p[0]);
	p[0] = -1;
	one.iov_len = 10;
	is(VMSPLICE(p[1], &one, 1, 0), -EPIPE, "no reader: EPIPE (SIGPIPE ignored)");
	int st = call_sigpipe_status(SYS_vmsplice, p[1], (long)&one, 1, 0);
	is_signal(st, SIGPIPE, "no reader: SIGPIPE kills");
	closep(p);
}

/* The pipe into user memory: a copy, as readv; faults leave the buffer. */
static void to_user(void)
{
	int p[2];
	unsigned char *rop = ro_page(); /* before m, so it cannot fill m's hole */
	unsigned char *m = pages(3);

	RSYS(SYS_munmap, m + 2 * PAGE, PAGE);
	mkpipe(p, 0);
	struct iovec one = { dst, 10 };
	is(VMSPLICE(p[0], &one, 1, SPLICE_F_NONBLOCK), -EAGAIN,
	   "empty pipe, SPLICE_F_NONBLOCK: EAGAIN");
	set_nonblock(p[0], 1);
	ok(call_blocks(SYS_vmsplice, p[0], (long)&one, 1, 0),
	   "empty pipe blocks vmsplice even with O_NONBLOCK");
	is_exit(call_interrupted_status(SYS_vmsplice, p[0], (long)&one, 1, 0), 100 + EINTR,
		"a handler (no SA_RESTART) ends the wait with EINTR");
	set_nonblock(p[0], 0);

	fill_pat(src, 0, 100);
	RSYS(SYS_write, p[1], src, 100);
	memset(dst, 0xAA, 300);
	struct iovec sc[3] = { { dst, 10 }, { dst + 50, 20 }, { dst + 100, 200 } };
	is(VMSPLICE(p[0], sc, 3, 0), 100, "100 bytes into 3 segments of 230");
	ok(is_pat(dst, 0, 10) && is_pat(dst + 50, 10, 20) && is_pat(dst + 100, 30, 70) &&
		   dst[10] == 0xAA && dst[170] == 0xAA,
	   "the segments are filled in order");
	is(nread(p[0]), 0, "and the pipe is empty");

	RSYS(SYS_write, p[1], src, 100);
	is(VMSPLICE(p[0], &one, 1, 0), 10, "a 10-byte vector takes 10 of 100");
	ok(is_pat(dst, 0, 10) && nread(p[0]) == 90, "the first 10; 90 stay");
	struct iovec bad = { m + 2 * PAGE, 10 };
	is(VMSPLICE(p[0], &bad, 1, 0), -EFAULT, "an unmapped segment gives EFAULT");
	bad.iov_base = (void *)KERNEL_BASE;
	is(VMSPLICE(p[0], &bad, 1, 0), -EFAULT, "a kernel segment gives EFAULT");
	struct iovec ro = { rop, 10 };
	is(VMSPLICE(p[0], &ro, 1, 0), -EFAULT, "a read-only segment gives EFAULT");
	ok(drain_is_pat(p[0], 10, 90), "the 90 bytes stay and read back");

	fill_slots(p[1], 0, 2);
	struct iovec half = { m + 2 * PAGE - 6000, 8000 };
	is(VMSPLICE(p[0], &half, 1, 0), PAGE, "2 slots into 6000 mapped bytes: the first slot");
	ok(is_pat(m + 2 * PAGE - 6000, 0, PAGE), "which is in the buffer");
	is(nread(p[0]), PAGE, "the slot whose copy faulted stays whole");
	ok(drain_is_pat(p[0], PAGE, PAGE), "and reads back");
	fill_slots(p[1], 0, 1);
	half.iov_base = m + 2 * PAGE - 100;
	is(VMSPLICE(p[0], &half, 1, 0), -EFAULT, "one slot into 100 mapped bytes: EFAULT");
	ok(drain_is_pat(p[0], 0, PAGE), "and the slot stays whole");

	fill_pat(src, 0, 2 * PAGE);
	struct iovec two = { src, 2 * PAGE };
	is(VMSPLICE(p[1], &two, 1, 0), 2 * PAGE, "2 pages vmspliced in");
	is(RSYS(SYS_read, p[0], m + 2 * PAGE - 6000, 8000), PAGE,
	   "read(2) of them into 6000 mapped bytes: the first page");
	ok(is_pat(m + 2 * PAGE - 6000, 0, PAGE), "which is in the buffer");
	is(nread(p[0]), PAGE, "the second stays");
	is(VMSPLICE(p[0], &one, 1, 0), 10, "vmsplice to the user takes 10 of it");
	ok(is_pat(dst, PAGE, 10), "the right 10");
	memset(src + PAGE, 0, PAGE);
	is(RSYS(SYS_read, p[0], dst, sizeof(dst)), PAGE - 10, "the rest stays in the pipe");
	ok(all_are(dst, 0, PAGE - 10), "and shows the zeros stored in its page since");

	RSYS(SYS_close, p[1]);
	p[1] = -1;
	is(VMSPLICE(p[0], &one, 1, 0), 0, "empty pipe without a writer gives 0");
	closep(p);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	plan(94);
	errors();
	to_pipe();
	to_user();
	return done();
}
