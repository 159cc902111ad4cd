/*
 * splice_tee: tee(2) copies the bytes waiting in one pipe into another
 * without consuming them, as Linux's link_pipe: each of the input's
 * buffers is duplicated by reference into a slot of the output, cut to
 * what len leaves; it stops at the input's end, when the output is full,
 * or when len is used up.
 *
 * The checks in Linux's order: flags outside SPLICE_F_ALL are EINVAL,
 * then len 0 is 0 (even with bad fds), then a bad fd is EBADF, a wrong
 * mode (input not readable, output not writable) EBADF, then a non-pipe
 * or the same pipe on both sides EINVAL. An empty input with a writer
 * blocks, or is EAGAIN with SPLICE_F_NONBLOCK or O_NONBLOCK on either
 * end; with no writer it is 0. An output with no reader is SIGPIPE and
 * EPIPE. Every transfer's bytes are checked on both pipes.
 */
#include "splice_common.h"

static unsigned char buf[2 * PAGE];

/* Flags, len 0, bad fds, wrong modes, non-pipes, the same pipe. */
static void errors(void)
{
	int a[2], b[2];
	char path[64];

	mkpipe(a, 0);
	mkpipe(b, 0);
	long f = mkpat(tmpname(path, "splice_tee"), 100);
	long po = ropen(path, O_PATH, 0);
	RSYS(SYS_write, a[1], "abc", 3);

	is(TEE(a[0], b[1], 1, 0x10), -EINVAL, "flag 0x10 gives EINVAL");
	is(TEE(a[0], b[1], 1, ~0L), -EINVAL, "all flags set gives EINVAL");
	is(TEE(BAD_FD, BAD_FD, 0, 0x10), -EINVAL, "bad flags come before len 0 and bad fds");
	is(TEE(BAD_FD, BAD_FD, 0, 0), 0, "len 0 gives 0 even with bad fds");
	is(TEE(a[0], b[1], 0, SPLICE_F_ALL), 0, "len 0 with every known flag gives 0");
	is(TEE(BAD_FD, b[1], 1, 0), -EBADF, "input fd not open gives EBADF");
	is(TEE(a[0], BAD_FD, 1, 0), -EBADF, "output fd not open gives EBADF");
	is(TEE(-1, b[1], 1, 0), -EBADF, "input fd -1 gives EBADF");
	is(TEE(po, b[1], 1, 0), -EBADF, "an O_PATH input gives EBADF");
	is(TEE(a[1], b[1], 1, 0), -EBADF, "input is a write end: EBADF");
	is(TEE(a[0], b[0], 1, 0), -EBADF, "output is a read end: EBADF");
	is(TEE(f, b[1], 1, 0), -EINVAL, "input is a regular file: EINVAL");
	is(TEE(a[0], f, 1, 0), -EINVAL, "output is a regular file: EINVAL");
	is(TEE(a[0], a[1], 1, 0), -EINVAL, "input and output the same pipe: EINVAL");
	is(nread(a[0]), 3, "the failed calls leave the input's 3 bytes");
	is(nread(b[0]), 0, "and put nothing in the output");
	RSYS(SYS_close, f);
	RSYS(SYS_close, po);
	RSYS(SYS_unlink, path);
	closep(a);
	closep(b);
}

/* The input is not consumed; len cuts; partial when the output fills. */
static void copies(void)
{
	int a[2], b[2];

	mkpipe(a, 0);
	mkpipe(b, 0);
	fill_pat(buf, 0, 100);
	RSYS(SYS_write, a[1], buf, 100);
	is(TEE(a[0], b[1], 100, 0), 100, "tee of 100 waiting bytes gives 100");
	is(nread(a[0]), 100, "the input still holds its 100 bytes");
	ok(drain_is_pat(b[0], 0, 100), "the output holds the same 100 bytes");
	ok(drain_is_pat(a[0], 0, 100), "and reading the input gives them too");

	/* three slots of 4096, 4096 and 100 bytes */
	fill_slots(a[1], 0, 2);
	fill_pat(buf, 2 * PAGE, 100);
	RSYS(SYS_write, a[1], buf, 100);
	is(TEE(a[0], b[1], 10, SPLICE_F_MOVE | SPLICE_F_MORE), 10,
	   "len 10 gives 10 (SPLICE_F_MOVE|SPLICE_F_MORE accepted)");
	ok(drain_is_pat(b[0], 0, 10), "the output got the first 10 bytes");
	is(TEE(a[0], b[1], PAGE + 5, 0), PAGE + 5, "len of a slot and 5 gives that");
	ok(drain_is_pat(b[0], 0, PAGE + 5), "the output got the first slot and 5 more bytes");
	is(TEE(a[0], b[1], 0xffffffffUL, 0), 2 * PAGE + 100, "a huge len gives all that is waiting");
	ok(drain_is_pat(b[0], 0, 2 * PAGE + 100), "the output got all of it in order");
	is(nread(a[0]), 2 * PAGE + 100, "the input still holds all of it");

	/* the copy is spliced into a file; the input keeps its bytes */
	char path[64];
	long f = ropen(tmpname(path, "splice_tee"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	is(TEE(a[0], b[1], PAGE, 0), PAGE, "tee of a slot");
	is(splice_raw(b[0], NULL, f, NULL, PAGE, 0), PAGE, "the copy splices into a file");
	ok(fsize(f) == PAGE && RSYS(SYS_pread64, f, buf, PAGE, 0, 0) == PAGE && is_pat(buf, 0, PAGE),
	   "the file holds the slot's bytes");
	is(nread(a[0]), 2 * PAGE + 100, "and the input still holds all of its bytes");
	RSYS(SYS_close, f);
	RSYS(SYS_unlink, path);

	/* later writes to the input stay out of what was teed */
	RSYS(SYS_write, a[1], "xyz", 3);
	is(TEE(a[0], b[1], 3, 0), 3, "tee of 3 more bytes after a write gives 3");
	ok(drain_is_pat(a[0], 0, 2 * PAGE + 100), "the input reads back in order");
	is(RSYS(SYS_read, a[0], buf, 10), 3, "and then the 3 bytes written last");
	ok(drain_is_pat(b[0], 0, 3), "the output's 3 bytes are the input's first 3 then");

	/* partial when the output fills: 15 slots used, 3 waiting */
	fill_slots(b[1], 0, PIPE_SLOTS - 1);
	fill_slots(a[1], 0, 3);
	is(TEE(a[0], b[1], 3 * PAGE, 0), PAGE, "with one output slot free, tee gives one slot");
	is(nread(b[0]), PIPE_BYTES, "the output is full");
	is(TEE(a[0], b[1], 1, SPLICE_F_NONBLOCK), -EAGAIN,
	   "a full output with SPLICE_F_NONBLOCK gives EAGAIN");
	ok(call_blocks(SYS_tee, a[0], b[1], 1, 0), "a full output blocks tee");
	ok(drain_is_pat(b[0], 0, (PIPE_SLOTS - 1) * PAGE) && drain_is_pat(b[0], 0, PAGE),
	   "the output holds its 15 slots then the input's first");
	is(nread(a[0]), 3 * PAGE, "the input still holds its 3 slots");

	/* the teed page must survive the input's slots being reused */
	is(TEE(a[0], b[1], PAGE, 0), PAGE, "tee of a whole slot");
	ok(drain_is_pat(a[0], 0, 3 * PAGE), "the input is read out");
	fill_slots(a[1], 7, PIPE_SLOTS);
	ok(drain_is_pat(a[0], 7, PIPE_BYTES), "the input filled and emptied again");
	ok(drain_is_pat(b[0], 0, PAGE), "the output's teed slot still holds the old bytes");
	closep(a);
	closep(b);
}

/* Empty input: blocks, EAGAIN, or 0 without writer; no reader: EPIPE. */
static void ends(void)
{
	int a[2], b[2];

	mkpipe(a, 0);
	mkpipe(b, 0);
	is(TEE(a[0], b[1], 10, SPLICE_F_NONBLOCK), -EAGAIN,
	   "empty input, SPLICE_F_NONBLOCK: EAGAIN");
	set_nonblock(a[0], 1);
	is(TEE(a[0], b[1], 10, 0), -EAGAIN, "empty input with O_NONBLOCK: EAGAIN");
	set_nonblock(a[0], 0);
	set_nonblock(b[1], 1);
	is(TEE(a[0], b[1], 10, 0), -EAGAIN, "empty input, output with O_NONBLOCK: EAGAIN");
	set_nonblock(b[1], 0);
	ok(call_blocks(SYS_tee, a[0], b[1], 10, 0), "empty input with a writer blocks");
	is_exit(call_interrupted_status(SYS_tee, a[0], b[1], 10, 0), 100 + EINTR,
		"a handler (no SA_RESTART) ends the wait with EINTR");
	RSYS(SYS_write, a[1], "abc", 3);
	is(revents(b[0], POLLIN), 0, "the output is not readable before a tee");
	is(TEE(a[0], b[1], 10, 0), 3, "tee of 3 bytes");
	is(revents(b[0], POLLIN), POLLIN, "the output is readable after it");
	ok(RSYS(SYS_read, b[0], buf, 10) == 3 && memcmp(buf, "abc", 3) == 0 && drain(a[0]) == 3,
	   "both pipes give the 3 bytes");
	RSYS(SYS_close, a[1]);
	a[1] = -1;
	is(TEE(a[0], b[1], 10, 0), 0, "empty input without a writer gives 0");
	RSYS(SYS_close, b[0]);
	b[0] = -1;
	is(TEE(a[0], b[1], 10, 0), -EPIPE, "output without a reader: EPIPE, even with nothing to copy");
	closep(a);

	mkpipe(a, 0);
	RSYS(SYS_write, a[1], "abc", 3);
	is(TEE(a[0], b[1], 10, 0), -EPIPE, "output without a reader: EPIPE (SIGPIPE ignored)");
	int st = call_sigpipe_status(SYS_tee, a[0], b[1], 10, 0);
	is_signal(st, SIGPIPE, "output without a reader: SIGPIPE kills");
	is(nread(a[0]), 3, "the input keeps its bytes");
	closep(a);
	closep(b);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	plan(59);
	errors();
	copies();
	ends();
	return done();
}
