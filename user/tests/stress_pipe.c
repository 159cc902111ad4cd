/*
 * stress_pipe: 200 processes write PIPE_BUF-sized records into one pipe at
 * once while one reader drains it in odd-sized reads. A write of at most
 * PIPE_BUF bytes is atomic (pipe(7)), so the stream must be the records
 * laid end to end, each whole: no record torn or interleaved with
 * another, none lost or repeated, each writer's records in its own order,
 * and every writer exits 0 and is reaped.
 */
#include "tap.h"

#include <limits.h>
#include <signal.h>

#define WRITERS 200
#define RECORDS 2 /* per writer */
#define TOTAL (WRITERS * RECORDS)
#define READ_CHUNK 1500 /* not a divisor of PIPE_BUF: reads split records */

/* A record: writer number, sequence number, then bytes that depend on both. */
static void make_record(unsigned char *r, int w, int seq)
{
	r[0] = w & 0xff;
	r[1] = w >> 8;
	r[2] = seq;
	for (int i = 3; i < PIPE_BUF; i++)
		r[i] = (unsigned char)(w * 7 + seq * 13 + i);
}

/* Is r exactly make_record(r[0..1], r[2])? Sets *w and *seq. */
static int record_whole(const unsigned char *r, int *w, int *seq)
{
	*w = r[0] | r[1] << 8;
	*seq = r[2];
	if (*w >= WRITERS || *seq >= RECORDS)
		return 0;
	for (int i = 3; i < PIPE_BUF; i++)
		if (r[i] != (unsigned char)(*w * 7 + *seq * 13 + i))
			return 0;
	return 1;
}

/* Writer w: RECORDS writes of one record each, every one whole. */
static void writer(int fd, int w)
{
	static unsigned char rec[PIPE_BUF];

	for (int s = 0; s < RECORDS; s++) {
		make_record(rec, w, s);
		if (write(fd, rec, PIPE_BUF) != PIPE_BUF)
			_exit(1);
	}
	_exit(0);
}

int main(void)
{
	static unsigned char stream[PIPE_BUF + READ_CHUNK];
	static int next_seq[WRITERS];
	int p[2], started = 0, torn = 0, out_of_order = 0, records = 0;
	long bytes = 0;
	ssize_t n;

	plan(7);
	signal(SIGPIPE, SIG_IGN);
	if (pipe(p) < 0) {
		ok(0, "pipe");
		return done();
	}
	for (int w = 0; w < WRITERS; w++) {
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			writer(p[1], w);
		}
		if (pid < 0)
			break;
		started++;
	}
	close(p[1]);
	is(started, WRITERS, "200 writers started");

	/* Reassemble: the stream cut into PIPE_BUF pieces must give records. */
	size_t have = 0;
	while ((n = read(p[0], stream + have, READ_CHUNK)) > 0) {
		bytes += n;
		have += n;
		while (have >= PIPE_BUF) {
			int w, s;
			if (!record_whole(stream, &w, &s)) {
				torn++;
			} else {
				out_of_order += s != next_seq[w];
				next_seq[w] = s + 1;
			}
			records++;
			have -= PIPE_BUF;
			memmove(stream, stream + PIPE_BUF, have);
		}
	}
	close(p[0]);
	is(bytes, (long)TOTAL * PIPE_BUF, "every byte arrived (200 x 2 records of PIPE_BUF)");
	is(records, TOTAL, "the stream holds exactly 400 records");
	is(torn, 0, "no record is torn or mixed with another");
	is(out_of_order, 0, "each writer's records arrive in its own order");
	int complete = 0;
	for (int w = 0; w < WRITERS; w++)
		complete += next_seq[w] == RECORDS;
	is(complete, WRITERS, "no record is lost or repeated");

	int reaped = 0, clean = 0, st;
	while (wait(&st) > 0) {
		reaped++;
		clean += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	ok(reaped == started && clean == started && errno == ECHILD,
	   "every writer exited 0 and was reaped");
	return done();
}
