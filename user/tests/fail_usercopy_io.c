/*
 * fail_usercopy_io: an injected user-copy failure is a real fault, for
 * read, write, readv, writev, preadv and pwritev on a file and on a pipe.
 *
 * Each call moves 17 bytes through three segments of 5, 9 and 3 bytes
 * (one segment of 17 for read and write). Its "places" are the iovec
 * array (place 0, the vector calls only) and each segment's buffer. For
 * every place the call is made twice from the same state:
 *   real      the place is an unmapped page; the result, errno, file
 *             offset, buffers, file and pipe contents must be Linux's
 *             (checked against values worked out here, on Linux too)
 *   injected  everything mapped, and fail_usercopy makes exactly the
 *             user copy of that place fail (failcopy.h); the outcome
 *             must be the real one byte for byte (Mica, or a Linux with
 *             fail_usercopy; else "# SKIP")
 * and "N user copies" checks that a failure at copy N+1 is never used.
 * On a file, a fault partway returns the bytes moved and the offset
 * moves by exactly that; on a pipe, as Linux, a read that faults
 * returns -EFAULT and leaves every byte in the pipe, and a write that
 * faults returns -EFAULT and puts nothing in it.
 */
#include "failcopy.h"

#define NSEG 3
#define TOTAL 17
#define START 10  /* the file offset read/write/readv/writev start at */
#define PSTART 20 /* preadv/pwritev's offset (the file offset stays at START) */
#define FILE_BYTES 4096
#define REST_MAX 64

static const unsigned seglen[NSEG] = { 5, 9, 3 };
static const unsigned segat[NSEG] = { 0, 100, 200 };

enum call { C_READ, C_WRITE, C_READV, C_WRITEV, C_PREADV, C_PWRITEV,
	    C_PIPE_READ, C_PIPE_WRITE, C_PIPE_READV, C_PIPE_WRITEV, NCALLS };
static const char *const call_name[NCALLS] = {
	"read", "write", "readv", "writev", "preadv", "pwritev",
	"pipe read", "pipe write", "pipe readv", "pipe writev",
};

/* What one call left behind; compared whole with memcmp. */
struct outcome {
	long r;			   /* the call's raw result */
	long pos;		   /* the file offset after it (-1 for a pipe) */
	unsigned char buf[256];	   /* the segment buffers */
	unsigned char file[FILE_BYTES + 64];
	long size;		   /* the file's size */
	long rest;		   /* bytes left in the pipe */
	unsigned char rest_bytes[REST_MAX];
};

static unsigned char *sh;	/* shared with the injected child: buffers, result */
static long *sh_result;
static char path[64];
static long file_fd;
static unsigned char *hole;	/* an unmapped page */
static enum call cur;
static long cur_fd;
static long pipe_r, pipe_w;	/* the pipe of a pipe call */
static struct iovec iov[NSEG];
static struct iovec *cur_iov;
static struct outcome real, inj;

/* The byte a write call's source holds at stream position j. */
static unsigned char wpat(unsigned j)
{
	return (unsigned char)(0xC0 ^ pat(j));
}

static int is_vector(enum call c)
{
	return c == C_READV || c == C_WRITEV || c == C_PREADV || c == C_PWRITEV ||
	       c == C_PIPE_READV || c == C_PIPE_WRITEV;
}

static int is_write(enum call c)
{
	return c == C_WRITE || c == C_WRITEV || c == C_PWRITEV || c == C_PIPE_WRITE ||
	       c == C_PIPE_WRITEV;
}

static int is_pipe(enum call c)
{
	return c >= C_PIPE_READ;
}

/* Makes the call cur on cur_fd with cur_iov; stores its result. */
static void do_call(long unused)
{
	long r;

	(void)unused;
	switch (cur) {
	case C_READ: case C_PIPE_READ:
		r = RSYS(SYS_read, cur_fd, cur_iov[0].iov_base, TOTAL);
		break;
	case C_WRITE: case C_PIPE_WRITE:
		r = RSYS(SYS_write, cur_fd, cur_iov[0].iov_base, TOTAL);
		break;
	case C_READV: case C_PIPE_READV:
		r = RSYS(SYS_readv, cur_fd, cur_iov, NSEG);
		break;
	case C_WRITEV: case C_PIPE_WRITEV:
		r = RSYS(SYS_writev, cur_fd, cur_iov, NSEG);
		break;
	case C_PREADV:
		r = RSYS(SYS_preadv, cur_fd, cur_iov, NSEG, PSTART, 0);
		break;
	default:
		r = RSYS(SYS_pwritev, cur_fd, cur_iov, NSEG, PSTART, 0);
		break;
	}
	*sh_result = r;
}

/* Sets up the state every variant of call c starts from: the file (pat,
 * FILE_BYTES, offset START) or a fresh pipe (holding TOTAL bytes of pat
 * for a read; its read end non-blocking), the buffers (0xAA, or wpat for
 * a write) and good iovecs. */
static void setup(enum call c)
{
	static unsigned char chunk[FILE_BYTES];
	unsigned j = 0;
	int p[2];

	memset(sh, 0xAA, 256);
	for (int s = 0; s < NSEG; s++) {
		iov[s] = (struct iovec){ sh + segat[s], seglen[s] };
		if (is_write(c) && is_vector(c))
			for (unsigned i = 0; i < seglen[s]; i++)
				sh[segat[s] + i] = wpat(j++);
	}
	if (!is_vector(c)) {
		iov[0].iov_len = TOTAL;
		for (unsigned i = 0; is_write(c) && i < TOTAL; i++)
			sh[i] = wpat(i);
	}
	if (is_pipe(c)) {
		RSYS(SYS_pipe, p);
		pipe_r = p[0];
		pipe_w = p[1];
		if (!is_write(c)) {
			fill_pat(chunk, 0, TOTAL);
			RSYS(SYS_write, pipe_w, chunk, TOTAL);
		}
		RSYS(SYS_fcntl64, pipe_r, F_SETFL, O_NONBLOCK);
		cur_fd = is_write(c) ? pipe_w : pipe_r;
		return;
	}
	fill_pat(chunk, 0, FILE_BYTES);
	RSYS(SYS_pwrite64, file_fd, chunk, FILE_BYTES, 0, 0);
	RSYS(SYS_ftruncate64, file_fd, FILE_BYTES, 0);
	RSYS(SYS_lseek, file_fd, START, SEEK_SET);
	cur_fd = file_fd;
}

/* Records what the call left behind into o (r from the shared slot). */
static void collect(enum call c, struct outcome *o)
{
	memset(o, 0, sizeof(*o));
	o->r = *sh_result;
	memcpy(o->buf, sh, sizeof(o->buf));
	if (!is_pipe(c)) {
		o->pos = fpos(file_fd);
		o->size = fsize(file_fd);
		RSYS(SYS_pread64, file_fd, o->file, sizeof(o->file), 0, 0);
		o->rest = -1;
		return;
	}
	o->pos = -1;
	o->rest = RSYS(SYS_read, pipe_r, o->rest_bytes, REST_MAX);
}

/* Runs call c with place broken: for real, that place is an unmapped
 * page; for injected, copy number place + 1 fails.
 * Returns fc_inject's answer for injected (1 when it was used), else 1. */
static int run(enum call c, int place, int injected, struct outcome *o)
{
	struct iovec bad[NSEG];
	int used = 1;

	cur = c;
	setup(c);
	memcpy(bad, iov, sizeof(bad));
	cur_iov = bad;
	*sh_result = -12345;
	if (!injected) {
		if (is_vector(c) && place == 0)
			cur_iov = (struct iovec *)hole;
		else
			bad[is_vector(c) ? place - 1 : 0].iov_base = hole;
		do_call(0);
	} else {
		used = fc_inject(place + 1, do_call, 0);
	}
	collect(c, o);
	if (is_pipe(c)) {
		RSYS(SYS_close, pipe_r);
		RSYS(SYS_close, pipe_w);
	}
	return used;
}

/* Is real what Linux gives for call c broken at place? Worked out from
 * the rules in the file comment. */
static int real_as_linux(enum call c, int place)
{
	unsigned moved = 0, seg = is_vector(c) ? (unsigned)place - 1 : 0;
	unsigned char want[256];
	long want_r;

	/* bytes before the broken place, in order */
	if (is_vector(c) && place > 0)
		for (unsigned s = 0; s < seg; s++)
			moved += seglen[s];
	want_r = moved ? (long)moved : -EFAULT;
	if (is_pipe(c))
		want_r = -EFAULT;
	if (real.r != want_r)
		return diag("%s: r %ld, want %ld", call_name[c], real.r, want_r), 0;
	/* the buffers: a read fills the segments before the place (a pipe
	 * read too: the bytes reach the buffer but stay in the pipe) */
	memset(want, 0xAA, sizeof(want));
	unsigned j = 0;
	for (int s = 0; s < NSEG; s++) {
		unsigned len = is_vector(c) ? seglen[s] : TOTAL;
		unsigned at = is_vector(c) ? segat[s] : 0;
		for (unsigned i = 0; i < len; i++, j++) {
			if (is_write(c))
				want[at + i] = wpat(j);
			else if (j < moved)
				want[at + i] = pat((c == C_PREADV ? PSTART
					     : is_pipe(c) ? 0 : START) + j);
		}
		if (!is_vector(c))
			break;
	}
	if (memcmp(real.buf, want, sizeof(want)))
		return diag("%s: the buffers differ", call_name[c]), 0;
	if (is_pipe(c)) {
		long want_rest = is_write(c) ? -EAGAIN : TOTAL;
		if (real.rest != want_rest)
			return diag("%s: pipe holds %ld, want %ld", call_name[c], real.rest, want_rest), 0;
		return is_write(c) || is_pat(real.rest_bytes, 0, TOTAL);
	}
	long start = c == C_PREADV || c == C_PWRITEV ? PSTART : START;
	long want_pos = START + (c == C_PREADV || c == C_PWRITEV ? 0 : (long)moved);
	if (real.pos != want_pos || real.size != FILE_BYTES)
		return diag("%s: offset %ld size %ld, want %ld %d", call_name[c], real.pos,
			    real.size, want_pos, FILE_BYTES), 0;
	for (long i = 0; i < FILE_BYTES; i++) {
		unsigned char w = is_write(c) && i >= start && i < start + (long)moved
					  ? wpat((unsigned)(i - start)) : pat((unsigned)i);
		if (real.file[i] != w)
			return diag("%s: file byte %ld is %#x, want %#x", call_name[c], i,
				    real.file[i], w), 0;
	}
	return 1;
}

/* Every place of call c, real and injected, then the copy count. */
static void check_call(enum call c)
{
	int places = is_vector(c) ? NSEG + 1 : 1;

	for (int place = 0; place < places; place++) {
		char what[48];
		if (!is_vector(c))
			snprintf(what, sizeof(what), "the buffer");
		else if (place == 0)
			snprintf(what, sizeof(what), "the iovec array");
		else
			snprintf(what, sizeof(what), "segment %d", place);
		run(c, place, 0, &real);
		ok(real_as_linux(c, place), "%s: %s unmapped: result, offset and data as Linux",
		   call_name[c], what);
		if (!fc_dir()) {
			skip_why(FC_SKIP, "%s: failure injected at copy %d is the same", call_name[c],
				 place + 1);
			continue;
		}
		int used = run(c, place, 1, &inj);
		ok(used == 1 && !memcmp(&real, &inj, sizeof(real)),
		   "%s: failure injected at copy %d is the same", call_name[c], place + 1);
		if (used != 1 || memcmp(&real, &inj, sizeof(real)))
			diag("used %d; r %ld/%ld pos %ld/%ld rest %ld/%ld buf %d file %d", used,
			     real.r, inj.r, real.pos, inj.pos, real.rest, inj.rest,
			     memcmp(real.buf, inj.buf, sizeof(real.buf)) != 0,
			     memcmp(real.file, inj.file, sizeof(real.file)) != 0);
	}
	if (!fc_dir()) {
		skip_why(FC_SKIP, "%s makes %d user copies", call_name[c], places);
		return;
	}
	int last = run(c, places - 1, 1, &inj);
	int past = run(c, places, 1, &inj);
	ok(last == 1 && past == 0 && inj.r == TOTAL,
	   "%s makes %d user copies", call_name[c], places);
}

int main(void)
{
	plan(4 * 3 + 6 * 9);
	sh = fc_shared(2);
	sh_result = (long *)(sh + PAGE);
	hole = unmapped();
	file_fd = mkpat(tmpname(path, "fail_usercopy_io"), FILE_BYTES);
	if (!sh || file_fd < 0)
		return diag("setup failed"), 1;
	if (fc_dir())
		fc_off();
	for (enum call c = 0; c < NCALLS; c++)
		check_call(c);
	RSYS(SYS_close, file_fd);
	RSYS(SYS_unlink, path);
	return done();
}
