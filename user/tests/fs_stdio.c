/*
 * fs_stdio: musl's stdio on regular files.
 *
 * musl moves buffered data with readv/writev (two segments: the caller's
 * buffer and the FILE buffer) and seeks with _llseek, so these checks run
 * the kernel's scatter/gather paths through an ordinary C library.
 * File contents are checked with raw reads, independent of stdio; TAP
 * output goes through raw.h, never through stdout.
 */
#include "raw.h"
#include <stdlib.h>

#define BIG 102400

static char path[64];
static char line[64];
static unsigned char data[BIG];
static unsigned char back[BIG + 16];

/* Returns 1 iff the file at path holds exactly the n bytes at want. */
static int holds(const void *want, long n)
{
	long fd = ropen(path, O_RDONLY, 0);
	long got = read_full(fd, back, sizeof(back));

	RSYS(SYS_close, fd);
	return got == n && memcmp(back, want, n) == 0;
}

/* fopen "w", fwrite, fprintf, fclose. */
static void writing(void)
{
	FILE *f = fopen(path, "w");

	if (!ok(f != NULL, "fopen \"w\" creates the file"))
		return;
	is(fwrite("hello world\n", 1, 12, f), 12, "fwrite 12 bytes");
	is(fprintf(f, "%d %s\n", 42, "lines"), 9, "fprintf returns its length");
	is(fclose(f), 0, "fclose");
	ok(holds("hello world\n42 lines\n", 21), "file holds what was written");
}

/* fopen "r", fread, fgets, EOF state. */
static void reading(void)
{
	char five[8] = { 0 };
	FILE *f = fopen(path, "r");

	if (!ok(f != NULL, "fopen \"r\""))
		return;
	ok(fread(five, 1, 5, f) == 5 && memcmp(five, "hello", 5) == 0,
	   "fread 5 bytes");
	ok(fgets(line, sizeof(line), f) && strcmp(line, " world\n") == 0,
	   "fgets the rest of line 1");
	ok(fgets(line, 5, f) && strcmp(line, "42 l") == 0,
	   "fgets stops at the buffer size");
	ok(fgets(line, sizeof(line), f) && strcmp(line, "ines\n") == 0,
	   "fgets continues the long line");
	ok(fgets(line, sizeof(line), f) == NULL && feof(f) && !ferror(f),
	   "fgets at EOF returns NULL, feof set");
	is(fclose(f), 0, "fclose after reading");
}

/* fseek, ftell, ungetc, and fopen "r+". */
static void seeking(void)
{
	FILE *f = fopen(path, "r+");

	if (!ok(f != NULL, "fopen \"r+\""))
		return;
	is(fseek(f, 6, SEEK_SET), 0, "fseek SEEK_SET 6");
	is(ftell(f), 6, "ftell is 6");
	is(fgetc(f), 'w', "fgetc after fseek");
	is(fseek(f, -6, SEEK_END), 0, "fseek SEEK_END -6");
	is(ftell(f), 15, "ftell is size - 6");
	ok(fgets(line, sizeof(line), f) && strcmp(line, "lines\n") == 0,
	   "fgets after SEEK_END");
	is(fseek(f, -3, SEEK_CUR), 0, "fseek SEEK_CUR -3");
	is(fgetc(f), 'e', "fgetc after SEEK_CUR");
	is(ungetc('X', f), 'X', "ungetc");
	is(fgetc(f), 'X', "fgetc returns the pushed-back byte");
	errno = 0;
	ok(fseek(f, -100, SEEK_SET) == -1 && errno == EINVAL,
	   "fseek to a negative offset fails with EINVAL");
	fseek(f, 0, SEEK_SET);
	is(fwrite("HELLO", 1, 5, f), 5, "fwrite over the start");
	is(fclose(f), 0, "fclose after r+");
	ok(holds("HELLO world\n42 lines\n", 21), "r+ overwrote in place");
}

/* fopen "a" writes at the end even after fseek. */
static void appending(void)
{
	FILE *f = fopen(path, "a");

	if (!ok(f != NULL, "fopen \"a\""))
		return;
	fputs("tail\n", f);
	fseek(f, 0, SEEK_SET);
	fputs("more\n", f);
	is(fclose(f), 0, "fclose after appending");
	ok(holds("HELLO world\n42 lines\ntail\nmore\n", 31),
	   "\"a\" appended both writes at the end");
	f = fopen(path, "w");
	fclose(f);
	ok(holds("", 0), "fopen \"w\" truncates");
}

/* 100 KiB written and read back in odd chunk sizes. */
static void big_file(void)
{
	static const size_t wsz[] = { 1, 3, 7, 13, 4093, 4099, 8191, 17, 1021,
				      65537 };
	static const size_t rsz[] = { 5, 4097, 3, 10007, 1, 1023, 33333, 2 };
	static char small[37];
	size_t off = 0;
	int i = 0, good = 1;

	fill_pat(data, 0, BIG);
	FILE *f = fopen(path, "w");
	if (!ok(f != NULL, "fopen \"w\" for the 100 KiB file"))
		return;
	while (off < BIG) {
		size_t n = wsz[i++ % 10];
		if (n > BIG - off)
			n = BIG - off;
		good &= fwrite(data + off, 1, n, f) == n;
		off += n;
	}
	ok(good, "fwrite in odd chunks");
	is(fclose(f), 0, "fclose the 100 KiB file");
	ok(holds(data, BIG), "the 100 KiB file holds the data in order");

	f = fopen(path, "r");
	memset(back, 0, sizeof(back));
	off = 0, i = 0, good = 1;
	for (;;) {
		size_t n = fread(back + off, 1, rsz[i++ % 8], f);
		off += n;
		if (n == 0)
			break;
	}
	ok(off == BIG && memcmp(back, data, BIG) == 0,
	   "fread in odd chunks reads it all back");
	ok(feof(f) && !ferror(f), "feof after the last fread");
	fclose(f);

	/* A tiny buffer splits every fwrite between two segments. */
	f = fopen(path, "w");
	setvbuf(f, small, _IOFBF, sizeof(small));
	for (off = 0, i = 0; off < 5000; off += wsz[i++ % 4])
		fwrite(data + off, 1, wsz[i % 4], f);
	fclose(f);
	ok(holds(data, off), "writes through a 37-byte buffer");
	f = fopen(path, "r");
	setvbuf(f, NULL, _IONBF, 0);
	memset(back, 0, off);
	ok(fread(back, 1, off, f) == off && memcmp(back, data, off) == 0,
	   "unbuffered fread");
	fclose(f);
}

/* fopen failures set errno like open(2). */
static void failures(void)
{
	errno = 0;
	ok(fopen("/tmp/fs_stdio.no.such", "r") == NULL && errno == ENOENT,
	   "fopen a missing file: ENOENT");
	errno = 0;
	ok(fopen("/tmp", "w") == NULL && errno == EISDIR,
	   "fopen a directory for writing: EISDIR");
	errno = 0;
	ok(fopen("/etc/motd/x", "r") == NULL && errno == ENOTDIR,
	   "fopen under a file: ENOTDIR");
	is(remove(path), 0, "remove the test file");
	errno = 0;
	ok(fopen(path, "r") == NULL && errno == ENOENT,
	   "fopen after remove: ENOENT");
}

int main(void)
{
	plan(44);
	tmpname(path, "fs_stdio");
	writing();
	reading();
	seeking();
	appending();
	big_file();
	failures();
	return done();
}
