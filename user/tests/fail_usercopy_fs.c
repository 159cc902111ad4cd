/*
 * fail_usercopy_fs: an injected user-copy failure is a real fault, for
 * stat64, fstat64, fstatat64, statx and getdents64.
 *
 * The stat calls copy the path in (all but fstat64) and the result out:
 * with either on an unmapped page they give -EFAULT and write nothing,
 * and a failure injected into that copy must give exactly the same
 * (result and buffer). getdents64 writes one record a copy; the
 * directory holds ".", "..", "a", "bb" and "ccc", each a 24-byte record
 * on Linux and Mica, so a buffer that starts 24 * j bytes before an
 * unmapped page faults on record j: the call returns the j records before
 * it (-EFAULT for j = 0), and the next call goes on with record j. The
 * failure injected into the call's copy j + 1 must give the same bytes,
 * result and directory position (a record's padding is not written, as
 * on Linux, so both buffers start filled alike). "Injected" points need
 * fail_usercopy (Mica, or a Linux with it; else "# SKIP"), the others run
 * everywhere.
 */
#include <sys/stat.h>
#include "failcopy.h"

#define STATX_BASIC 0x7ffu
#define RECLEN 24
#define NREC 5
#define DBUF 256

enum call { C_STAT, C_FSTAT, C_FSTATAT, C_STATX, NCALLS };
static const char *const call_name[NCALLS] = { "stat64", "fstat64", "fstatat64", "statx" };

static unsigned char *sh; /* shared with the injected child */
static long *sh_result;
static unsigned char *hole;
static char fpath[64], dpath[64];
static long file_fd, dir_fd;
static enum call cur;
static const char *cur_path;
static void *cur_buf;
static long cur_count;

/* The stat call cur on cur_path (or file_fd) into cur_buf; stores the result. */
static void do_stat(long unused)
{
	long r;

	(void)unused;
	switch (cur) {
	case C_STAT:
		r = RSYS(SYS_stat64, cur_path, cur_buf);
		break;
	case C_FSTAT:
		r = RSYS(SYS_fstat64, file_fd, cur_buf);
		break;
	case C_FSTATAT:
		r = RSYS(SYS_fstatat64, AT_FDCWD, cur_path, cur_buf, 0);
		break;
	default:
		r = RSYS(SYS_statx, AT_FDCWD, cur_path, 0, STATX_BASIC, cur_buf);
		break;
	}
	*sh_result = r;
}

/* Calls c with copy `place` broken (0 the path, 1 the buffer; fstat64
 * has only the buffer, place 1), really (unmapped) or by injection.
 * Returns the result; the buffer is sh[0..256). *used gets fc_inject's
 * answer (1 for a real fault). */
static long stat_run(enum call c, int place, int injected, int *used)
{
	cur = c;
	cur_path = fpath;
	cur_buf = sh;
	memset(sh, 0xAA, 256);
	*sh_result = -12345;
	*used = 1;
	if (!injected) {
		if (place == 0)
			cur_path = (const char *)hole;
		else
			cur_buf = hole;
		do_stat(0);
	} else {
		*used = fc_inject(c == C_FSTAT ? place : place + 1, do_stat, 0);
	}
	return *sh_result;
}

/* Every place of stat call c, then its copy count. */
static void check_stat(enum call c)
{
	static const char *const what[2] = { "path", "buffer" };
	int used;

	for (int place = c == C_FSTAT; place < 2; place++) {
		long r = stat_run(c, place, 0, &used);
		ok(r == -EFAULT && all_are(sh, 0xAA, 256), "%s: %s unmapped gives EFAULT, writes nothing",
		   call_name[c], what[place]);
		if (!fc_dir()) {
			skip_why(FC_SKIP, "%s: failure injected into the %s copy is the same",
				 call_name[c], what[place]);
			continue;
		}
		r = stat_run(c, place, 1, &used);
		ok(used == 1 && r == -EFAULT && all_are(sh, 0xAA, 256),
		   "%s: failure injected into the %s copy is the same", call_name[c], what[place]);
	}
	int n = c == C_FSTAT ? 1 : 2;
	if (!fc_dir()) {
		skip_why(FC_SKIP, "%s makes %d user copies", call_name[c], n);
		return;
	}
	static unsigned char good[256];
	cur_path = fpath;
	cur_buf = good;
	do_stat(0);
	long r = *sh_result;
	int past = fc_inject(n + 1, do_stat, 0);
	ok(r == 0 && past == 0 && *sh_result == 0, "%s makes %d user copies", call_name[c], n);
}

/* getdents64 of dir_fd into cur_buf (cur_count bytes); stores the result. */
static void do_getdents(long unused)
{
	(void)unused;
	*sh_result = RSYS(SYS_getdents64, dir_fd, cur_buf, cur_count);
}

/* What one getdents64 variant left: the result, the first 24 * j bytes
 * the call wrote, and the next call's result and bytes. */
struct dents {
	long r, r2;
	unsigned char head[RECLEN * NREC];
	unsigned char next[DBUF];
};

/* Marks in seen[] the names of the records in buf[0..n); returns 0 if
 * one is unknown or seen twice. */
static int names(const unsigned char *buf, long n, int seen[NREC])
{
	static const char *const all[NREC] = { ".", "..", "a", "bb", "ccc" };

	for (long off = 0; off + RECLEN <= n; off += RECLEN) {
		const char *name = (const char *)buf + off + 19;
		int k = 0;
		while (k < NREC && strcmp(name, all[k]))
			k++;
		if (k == NREC || seen[k]++)
			return 0;
	}
	return 1;
}

/* getdents64 from the start, faulting on record j: really (the buffer
 * begins 24 * j bytes before an unmapped page) or by injection (copy
 * j + 1); then a second call into a good buffer. Fills d. Returns
 * fc_inject's answer (1 for a real fault). */
static int dents_run(int j, int injected, unsigned char *edge, struct dents *d)
{
	int used = 1;

	memset(d, 0, sizeof(*d));
	RSYS(SYS_lseek, dir_fd, 0, SEEK_SET);
	memset(sh, 0xAA, DBUF);
	*sh_result = -12345;
	cur_count = DBUF;
	if (!injected) {
		cur_buf = edge + PAGE - RECLEN * j;
		memset(cur_buf, 0xAA, RECLEN * j); /* padding is not written: as sh */
		do_getdents(0);
		memcpy(d->head, cur_buf, RECLEN * j);
	} else {
		cur_buf = sh;
		used = fc_inject(j + 1, do_getdents, 0);
		memcpy(d->head, sh, RECLEN * j);
		if (!all_are(sh + RECLEN * j, 0xAA, DBUF - RECLEN * j))
			used = -2; /* wrote past the failed record */
	}
	d->r = *sh_result;
	cur_buf = sh;
	memset(sh, 0xAA, DBUF); /* the next call's padding shows this, not the last call's */
	do_getdents(0);
	d->r2 = *sh_result;
	if (d->r2 > 0)
		memcpy(d->next, sh, d->r2);
	return used;
}

/* Every record of the directory as the faulting one, then the copy count. */
static void check_getdents(void)
{
	unsigned char *edge = edge_page();
	struct dents real, inj;

	for (int j = 0; j < NREC; j++) {
		int seen[NREC] = { 0 };
		dents_run(j, 0, edge, &real);
		int good = real.r == (j ? RECLEN * j : -EFAULT) && real.r2 == RECLEN * (NREC - j) &&
			   names(real.head, RECLEN * j, seen) && names(real.next, real.r2, seen);
		for (int k = 0; k < NREC; k++)
			good &= seen[k] == 1;
		ok(good, "getdents64: record %d on an unmapped page: %d records, the rest next", j, j);
		if (!fc_dir()) {
			skip_why(FC_SKIP, "getdents64: failure injected at copy %d is the same", j + 1);
			continue;
		}
		int used = dents_run(j, 1, edge, &inj);
		ok(used == 1 && !memcmp(&real, &inj, sizeof(real)),
		   "getdents64: failure injected at copy %d is the same", j + 1);
	}
	if (!fc_dir()) {
		skip_why(FC_SKIP, "getdents64 makes %d user copies", NREC);
		return;
	}
	int used = dents_run(NREC, 1, edge, &inj);
	ok(used == 0 && inj.r == RECLEN * NREC && inj.r2 == 0, "getdents64 makes %d user copies",
	   NREC);
}

int main(void)
{
	static const char *const files[] = { "a", "bb", "ccc" };
	char p[96];

	plan(3 * 5 + 3 + 2 * NREC + 1);
	sh = fc_shared(2);
	sh_result = (long *)(sh + PAGE);
	hole = unmapped();
	file_fd = mkpat(tmpname(fpath, "fail_usercopy_fs"), 100);
	tmpname(dpath, "fail_usercopy_fs");
	RSYS(SYS_mkdir, dpath, 0755);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", dpath, files[i]);
		RSYS(SYS_close, ropen(p, O_CREAT | O_WRONLY, 0644));
	}
	dir_fd = ropen(dpath, O_RDONLY | O_DIRECTORY, 0);
	if (!sh || file_fd < 0 || dir_fd < 0)
		return diag("setup failed"), 1;
	if (fc_dir())
		fc_off();
	for (enum call c = 0; c < NCALLS; c++)
		check_stat(c);
	check_getdents();
	RSYS(SYS_close, dir_fd);
	RSYS(SYS_close, file_fd);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", dpath, files[i]);
		RSYS(SYS_unlink, p);
	}
	RSYS(SYS_rmdir, dpath);
	RSYS(SYS_unlink, fpath);
	return done();
}
