/*
 * fs_dirlist: big directories. getdents64 listings of 1,000 and 10,000
 * entries through small buffers return every entry exactly once; unlinks
 * and creates between calls never make a survivor vanish or an entry come
 * twice; lseek to a d_off (and libc's telldir/seekdir) resumes there,
 * lseek to 0 rewinds; a buffer that holds exactly a record gets it, one
 * byte less is EINVAL; a buffer that runs into an unmapped page gives the
 * records before it, then EFAULT (a record is written up to its name's
 * NUL, its padding left alone); 255-byte names; names that collide in
 * the kernel's name hash; rename within and between big directories
 * (getcwd following a directory moved between them);
 * rmdir of a big directory that is not empty; /proc listings.
 *
 * Works under /dev/shm/fs_dirlist (tmpfs on Linux, the nearest thing to
 * Mica's ramfs) and removes it at the end. Listing order is
 * the file system's (Linux's ext4 or tmpfs, Mica's ramfs), so checks only
 * count names; d_off values are only ever handed back to lseek.
 */
#include "raw.h"
#include <dirent.h>
#include <unistd.h>

#define TOP "/dev/shm/fs_dirlist"
#define NAME_MAX_LEN 255
#define REC_NAME 19 /* offsetof(struct linux_dirent64, d_name) */
#define BIG 1000
#define HUGE 10000
#define PLAN 71

/* One record of a listing, as the kernel wrote it. */
struct rec {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
} __attribute__((packed));

static char lbuf[65536];

/* The size of a record for a name of len bytes: header, name, NUL, 8-aligned. */
static unsigned reclen_for(size_t len)
{
	return (REC_NAME + len + 1 + 7) & ~7u;
}

/* Creates n empty files dir/e00000.. (prefix p); returns how many were made. */
static int make_files(const char *dir, const char *p, int from, int n)
{
	char path[128];
	int made = 0;

	for (int i = from; i < from + n; i++) {
		snprintf(path, sizeof(path), "%s/%s%05d", dir, p, i);
		long fd = ropen(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
		made += fd >= 0;
		if (fd >= 0)
			RSYS(SYS_close, fd);
	}
	return made;
}

/* Unlinks dir/eNNNNN for i in [from, from + n); returns how many went. */
static int unlink_files(const char *dir, const char *p, int from, int n)
{
	char path[128];
	int gone = 0;

	for (int i = from; i < from + n; i++) {
		snprintf(path, sizeof(path), "%s/%s%05d", dir, p, i);
		gone += RSYS(SYS_unlink, path) == 0;
	}
	return gone;
}

/* The index NNNNN of a name "<p>NNNNN", or -1. */
static int index_of(const char *name, char p)
{
	if (name[0] != p || strlen(name) != 6)
		return -1;
	char *end;
	long v = strtol(name + 1, &end, 10);
	return *end ? -1 : (int)v;
}

/* Tally of a listing: times each "e" index and "." / ".." were seen,
 * names not expected, records whose reclen is not the name's. */
struct tally {
	unsigned char seen[HUGE];
	int dots, dotdots, unknown, badlen, calls;
	long err; /* the last call's error, 0 if it ended with 0 */
};

/* Adds the records in buf[0..n) to t. */
static void count_recs(struct tally *t, const char *buf, long n)
{
	for (long at = 0; at < n;) {
		const struct rec *r = (const void *)(buf + at);
		int i = index_of(r->name, 'e');
		if (r->reclen != reclen_for(strlen(r->name)))
			t->badlen++;
		if (!strcmp(r->name, "."))
			t->dots++;
		else if (!strcmp(r->name, ".."))
			t->dotdots++;
		else if (i >= 0 && i < HUGE)
			t->seen[i] += t->seen[i] < 255;
		else if (index_of(r->name, 'n') < 0) /* "n" names: churn's new ones */
			t->unknown++;
		at += r->reclen ? r->reclen : n;
	}
}

/* Lists fd from its position to the end with count-byte calls into t. */
static void list_all(long fd, long count, struct tally *t)
{
	long n;

	while ((n = RSYS(SYS_getdents64, fd, lbuf, count)) > 0) {
		count_recs(t, lbuf, n);
		t->calls++;
	}
	t->err = n;
}

/* 1 iff t saw each of the first n indices once, nothing else but . and .. once. */
static int exactly_once(const struct tally *t, int n)
{
	for (int i = 0; i < HUGE; i++)
		if (t->seen[i] != (i < n))
			return 0;
	return t->dots == 1 && t->dotdots == 1 && !t->unknown && !t->badlen && !t->err;
}

static struct tally tl;

/* Listings of n entries in dir with a count-byte buffer. */
static void big_listing(const char *dir, int n, long count)
{
	long fd = ropen(dir, O_RDONLY | O_DIRECTORY, 0);

	memset(&tl, 0, sizeof(tl));
	list_all(fd, count, &tl);
	ok(exactly_once(&tl, n), "%d entries through a %ld-byte buffer: each exactly once", n,
	   count);
	is(RSYS(SYS_getdents64, fd, lbuf, count), 0, "and then 0 at the end");
	RSYS(SYS_close, fd);
}

/* Unlinks and creates between the calls of a listing of BIG entries. */
static void churn(void)
{
	char dir[] = TOP "/churn", path[128];
	long fd;
	int next_new = 0, dup = 0, lost = 0, unlinked = 0, ahead = BIG - 1;
	static unsigned char gone[BIG], seen_new[BIG];

	RSYS(SYS_mkdir, dir, 0755);
	make_files(dir, "e", 0, BIG);
	fd = ropen(dir, O_RDONLY | O_DIRECTORY, 0);
	memset(&tl, 0, sizeof(tl));
	long n;
	while ((n = RSYS(SYS_getdents64, fd, lbuf, 128)) > 0) {
		for (long at = 0; at < n; at += ((struct rec *)(lbuf + at))->reclen) {
			const char *name = ((struct rec *)(lbuf + at))->name;
			int k = index_of(name, 'n');
			if (k >= 0 && k < BIG)
				dup += seen_new[k]++ > 0;
		}
		count_recs(&tl, lbuf, n);
		/* one not yet seen goes, one already seen goes, one new comes */
		while (ahead > 0 && tl.seen[ahead])
			ahead--;
		if (ahead > 0 && !gone[ahead]) {
			snprintf(path, sizeof(path), "%s/e%05d", dir, ahead);
			unlinked += RSYS(SYS_unlink, path) == 0;
			gone[ahead--] = 1;
		}
		for (int i = 0; i < BIG; i++) {
			if (tl.seen[i] && !gone[i]) {
				snprintf(path, sizeof(path), "%s/e%05d", dir, i);
				unlinked += RSYS(SYS_unlink, path) == 0;
				gone[i] = 1;
				break;
			}
		}
		if (next_new < BIG)
			make_files(dir, "n", next_new++, 1);
	}
	for (int i = 0; i < BIG; i++) {
		dup += tl.seen[i] > 1;
		lost += !tl.seen[i] && !gone[i];
	}
	ok(n == 0 && !tl.unknown && tl.dots == 1 && tl.dotdots == 1,
	   "a listing with unlinks and creates between calls ends, . and .. once");
	is(dup, 0, "no entry, old or new, comes twice");
	is(lost, 0, "every entry never unlinked comes once");
	ok(unlinked > 400 && next_new > 200, "while entries went and came (%s)",
	   unlinked > 400 ? "many" : "few");
	RSYS(SYS_close, fd);
	unlink_files(dir, "e", 0, BIG);
	unlink_files(dir, "n", 0, next_new);
	is(RSYS(SYS_rmdir, dir), 0, "and the directory empties");
}

#define SEEKN 50

/* lseek to a d_off resumes after its record; lseek to 0 rewinds; libc's
 * telldir/seekdir do the same. */
static void seeking(void)
{
	char dir[] = TOP "/seek";
	static char names[SEEKN + 2][256];
	static long long offs[SEEKN + 2];
	int nrec = 0;

	RSYS(SYS_mkdir, dir, 0755);
	make_files(dir, "e", 0, SEEKN);
	long fd = ropen(dir, O_RDONLY | O_DIRECTORY, 0), n;
	while ((n = RSYS(SYS_getdents64, fd, lbuf, 100)) > 0) {
		for (long at = 0; at < n && nrec < SEEKN + 2; nrec++) {
			const struct rec *r = (const void *)(lbuf + at);
			snprintf(names[nrec], sizeof(names[nrec]), "%s", r->name);
			offs[nrec] = r->off;
			at += r->reclen;
		}
	}
	is(nrec, SEEKN + 2, "a listing of %d entries has %d records", SEEKN, SEEKN + 2);
	int good = 0, tried = 0;
	for (int k = 0; k < nrec - 1; k += 7) {
		long long at = RSYS(SYS_lseek, fd, (long)offs[k], SEEK_SET);
		n = RSYS(SYS_getdents64, fd, lbuf, 64);
		tried++;
		good += at == offs[k] && n > 0 && !strcmp(((struct rec *)lbuf)->name, names[k + 1]);
	}
	is(good, tried, "lseek to the d_off of record k resumes at record k + 1");
	RSYS(SYS_lseek, fd, (long)offs[nrec - 1], SEEK_SET);
	is(RSYS(SYS_getdents64, fd, lbuf, 64), 0, "lseek to the last d_off: the end");
	is(RSYS(SYS_lseek, fd, 0, SEEK_SET), 0, "lseek to 0");
	n = RSYS(SYS_getdents64, fd, lbuf, 64);
	ok(n > 0 && !strcmp(((struct rec *)lbuf)->name, names[0]), "rewinds to the first record");
	RSYS(SYS_close, fd);

	DIR *d = opendir(dir);
	struct dirent *e = NULL;
	for (int i = 0; d && i < 20; i++)
		e = readdir(d);
	long pos = d ? telldir(d) : -1;
	char want[256] = "";
	if (d && (e = readdir(d)))
		snprintf(want, sizeof(want), "%s", e->d_name);
	for (int i = 0; d && i < 10; i++)
		readdir(d);
	if (d)
		seekdir(d, pos);
	e = d ? readdir(d) : NULL;
	ok(e && want[0] && !strcmp(e->d_name, want), "seekdir to a telldir gives the same entry");
	if (d)
		rewinddir(d);
	e = d ? readdir(d) : NULL;
	ok(e && !strcmp(e->d_name, names[0]), "rewinddir starts over");
	if (d)
		closedir(d);
	unlink_files(dir, "e", 0, SEEKN);
	RSYS(SYS_rmdir, dir);
}

/* Creates the empty files dir/names[i]; returns how many were made. */
static int make_named(const char *dir, const char *const names[], int n)
{
	char path[128];
	int made = 0;

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		long fd = ropen(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
		made += fd >= 0;
		if (fd >= 0)
			RSYS(SYS_close, fd);
	}
	return made;
}

/* Unlinks dir/names[i] and then dir. */
static void remove_named(const char *dir, const char *const names[], int n)
{
	char path[128];

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		RSYS(SYS_unlink, path);
	}
	RSYS(SYS_rmdir, dir);
}

/* The index in names[0..n) of the first record in buf, or -1. */
static int first_is(const char *buf, const char *const names[], int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(((const struct rec *)buf)->name, names[i]))
			return i;
	return -1;
}

/* A buffer that holds exactly the next record gets it; one byte less is
 * EINVAL while nothing was written; at the end the count does not matter.
 * The listing order is the file system's: every record here is 24 bytes
 * but one, which is 32. */
static void fits(void)
{
	static const char *const short3[] = { ".", "..", "abc" };
	static const char *const mixed[] = { ".", "..", "e00000" };
	char dir[] = TOP "/fit", dir2[] = TOP "/fit2";
	int seen[3] = { 0 }, k;
	RSYS(SYS_mkdir, dir, 0755);
	make_named(dir, short3 + 2, 1);
	long fd = ropen(dir, O_RDONLY | O_DIRECTORY, 0);

	is_err(RSYS(SYS_getdents64, fd, lbuf, 0), EINVAL, "count 0 is EINVAL");
	is_err(RSYS(SYS_getdents64, fd, lbuf, -1), EINVAL, "a count negative as an int is EINVAL");
	is_err(RSYS(SYS_getdents64, fd, lbuf, 23), EINVAL, "23 bytes cannot hold a 24-byte record");
	long n = RSYS(SYS_getdents64, fd, lbuf, 24);
	if (n == 24 && (k = first_is(lbuf, short3, 3)) >= 0)
		seen[k]++;
	is(n, 24, "24 bytes hold it exactly");
	n = RSYS(SYS_getdents64, fd, lbuf, 47);
	if (n == 24 && (k = first_is(lbuf, short3, 3)) >= 0)
		seen[k]++;
	is(n, 24, "47 bytes hold one more alone");
	n = RSYS(SYS_getdents64, fd, lbuf, 24);
	if (n == 24 && (k = first_is(lbuf, short3, 3)) >= 0)
		seen[k]++;
	ok(n == 24 && seen[0] == 1 && seen[1] == 1 && seen[2] == 1, "the third: each name once");
	is(RSYS(SYS_getdents64, fd, lbuf, 1), 0, "at the end even 1 byte gives 0");
	RSYS(SYS_close, fd);
	remove_named(dir, short3 + 2, 1);

	RSYS(SYS_mkdir, dir2, 0755);
	make_named(dir2, mixed + 2, 1);
	fd = ropen(dir2, O_RDONLY | O_DIRECTORY, 0);
	int small = 0;
	while ((n = RSYS(SYS_getdents64, fd, lbuf, (long)reclen_for(6) - 1)) == 24 && small < 3)
		small++;
	is_err(n, EINVAL, "one byte short of a 6-byte name's record is EINVAL when it is next");
	n = RSYS(SYS_getdents64, fd, lbuf, reclen_for(6));
	ok(n == (long)reclen_for(6) && first_is(lbuf, mixed, 3) == 2, "its exact size gets it");
	while (RSYS(SYS_getdents64, fd, lbuf, (long)reclen_for(6) - 1) == 24)
		small++;
	is(small, 2, "the two 24-byte records come before and after it");
	RSYS(SYS_close, fd);
	remove_named(dir2, mixed + 2, 1);
}

/* Marks in seen[] the records of buf[0..n) among names[0..nn); returns
 * how many records were not among them. */
static int mark_named(const char *buf, long n, const char *const names[], int nn, int seen[])
{
	int other = 0;

	for (long at = 0; at < n; at += ((const struct rec *)(buf + at))->reclen) {
		int k = first_is(buf + at, names, nn);
		if (k < 0)
			other++;
		else
			seen[k]++;
	}
	return other;
}

/* A buffer running into an unmapped page: the records before the one
 * that would cross are returned, then EFAULT, and nothing is lost. Every
 * record here is 24 bytes, whatever the order. */
static void straddle(void)
{
	static const char *const names[] = { ".", "..", "a", "b", "c", "d", "e", "f" };
	char dir[] = TOP "/edge";
	int seen[8] = { 0 }, other = 0, once = 0;
	RSYS(SYS_mkdir, dir, 0755);
	make_named(dir, names + 2, 6);
	long fd = ropen(dir, O_RDONLY | O_DIRECTORY, 0);
	unsigned char *p = edge_page();

	is_err(RSYS(SYS_getdents64, fd, p + PAGE, 4096), EFAULT, "an unmapped buffer is EFAULT");
	is_err(RSYS(SYS_getdents64, fd, KERNEL_BASE, 4096), EFAULT, "a kernel address is EFAULT");
	char *b = (char *)p + PAGE - 2 * 24 - 10;
	long n = RSYS(SYS_getdents64, fd, b, 4096);
	is(n, 48, "a buffer 58 bytes before the hole gets two records");
	if (n > 0)
		other += mark_named(b, n, names, 8, seen);
	n = RSYS(SYS_getdents64, fd, p + PAGE - 10, 4096);
	is_err(n, EFAULT, "then one 10 bytes before it: EFAULT");
	/* a record is written up to its name's NUL: 21 bytes for one letter */
	b = (char *)p + PAGE - 3 * 24 - 20;
	n = RSYS(SYS_getdents64, fd, b, 4096);
	is(n, 72, "92 bytes before it: three more (the fourth's NUL would not fit)");
	if (n > 0)
		other += mark_named(b, n, names, 8, seen);
	b = (char *)p + PAGE - 24 - 21;
	n = RSYS(SYS_getdents64, fd, b, 4096);
	is(n, 48, "45 bytes before it: two, the padding of the second unwritten, as Linux");
	if (n > 0)
		other += mark_named(b, n, names, 8, seen);
	while ((n = RSYS(SYS_getdents64, fd, lbuf, 4096)) > 0)
		other += mark_named(lbuf, n, names, 8, seen);
	for (int i = 0; i < 8; i++)
		once += seen[i] == 1;
	ok(once == 8 && !other, "and the rest of the listing: each record once");
	RSYS(SYS_close, fd);
	remove_named(dir, names + 2, 6);
}

/* Names of 255 bytes (and 254, 253, 249, 248): listed whole, looked up. */
static void long_names(void)
{
	static const int lens[] = { 255, 254, 253, 249, 248, 1 };
	char dir[] = TOP "/long", path[400], name[NAME_MAX_LEN + 2];
	int made = 0, found = 0, listed = 0, badlen = 0;

	RSYS(SYS_mkdir, dir, 0755);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(name, 'a' + i, lens[i]);
		name[lens[i]] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		long fd = ropen(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
		made += fd >= 0;
		RSYS(SYS_close, fd);
		struct kstat64 st;
		found += RSYS(SYS_stat64, path, &st) == 0;
	}
	is(made, 6, "names of 255, 254, 253, 249, 248 and 1 bytes are made");
	is(found, 6, "and found");
	memset(name, 'z', NAME_MAX_LEN + 1);
	name[NAME_MAX_LEN + 1] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	is_err(ropen(path, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG, "256 bytes is ENAMETOOLONG");
	long fd = ropen(dir, O_RDONLY | O_DIRECTORY, 0), n;
	/* calls of exactly a 255-byte name's record */
	while ((n = RSYS(SYS_getdents64, fd, lbuf, reclen_for(NAME_MAX_LEN))) > 0) {
		for (long at = 0; at < n; at += ((const struct rec *)(lbuf + at))->reclen) {
			const struct rec *r = (const void *)(lbuf + at);
			size_t len = strlen(r->name);
			badlen += r->reclen != reclen_for(len);
			if (r->name[0] >= 'a' && r->name[0] < 'a' + 6) {
				int all = 1;
				for (size_t k = 1; k < len; k++)
					all &= r->name[k] == r->name[0];
				listed += all && (int)len == lens[r->name[0] - 'a'];
			}
		}
	}
	is(listed, 6, "each is listed whole");
	is(badlen, 0, "in a record of its own size");
	RSYS(SYS_close, fd);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(name, 'a' + i, lens[i]);
		name[lens[i]] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		RSYS(SYS_unlink, path);
	}
	is(RSYS(SYS_rmdir, dir), 0, "and removed");
}

/* Pairs of names with the same 32-bit FNV-1a hash, Mica's name hash. */
static const char *const collide[][2] = {
	{ "wpcbmwgi", "dvwfniwq" }, { "tyewkgxt", "acyaihtv" }, { "hbfaljua", "lyuvxekm" },
	{ "bejkqqot", "aeoxapfg" }, { "wurbivyp", "xpphahmr" }, { "byrtfyax", "gtxtwwpr" },
};
#define NCOLL (sizeof(collide) / sizeof(collide[0]))

/* 1 iff dir/name opens and holds exactly text. */
static int holds(const char *dir, const char *name, const char *text)
{
	char path[128], got[16];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	long fd = ropen(path, O_RDONLY, 0);
	long n = fd >= 0 ? read_full(fd, got, sizeof(got)) : -1;
	if (fd >= 0)
		RSYS(SYS_close, fd);
	return n == (long)strlen(text) && !memcmp(got, text, n);
}

/* Names whose hashes collide are still told apart, by lookup and unlink. */
static void collisions(void)
{
	char dir[] = TOP "/coll", path[128];
	int made = 0, own = 0, other = 0, back = 0;

	RSYS(SYS_mkdir, dir, 0755);
	make_files(dir, "e", 0, 100); /* company in the buckets */
	for (size_t i = 0; i < NCOLL; i++) {
		for (int j = 0; j < 2; j++) {
			snprintf(path, sizeof(path), "%s/%s", dir, collide[i][j]);
			long fd = ropen(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
			made += fd >= 0 && write_all(fd, collide[i][j], 8) == 0;
			RSYS(SYS_close, fd);
		}
	}
	is(made, 2 * (int)NCOLL, "%d names in colliding pairs are made", 2 * (int)NCOLL);
	for (size_t i = 0; i < NCOLL; i++)
		own += holds(dir, collide[i][0], collide[i][0]) + holds(dir, collide[i][1], collide[i][1]);
	is(own, 2 * (int)NCOLL, "each opens its own file");
	for (size_t i = 0; i < NCOLL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, collide[i][i & 1]);
		RSYS(SYS_unlink, path);
		struct kstat64 st;
		other += holds(dir, collide[i][!(i & 1)], collide[i][!(i & 1)]) &&
			 RSYS(SYS_stat64, path, &st) == -ENOENT;
	}
	is(other, (int)NCOLL, "unlinking one of a pair leaves the other, and only it");
	for (size_t i = 0; i < NCOLL; i++) {
		char from[128];
		snprintf(from, sizeof(from), "%s/%s", dir, collide[i][!(i & 1)]);
		snprintf(path, sizeof(path), "%s/%s", dir, collide[i][i & 1]);
		struct kstat64 st;
		back += RSYS(SYS_rename, from, path) == 0 &&
			holds(dir, collide[i][i & 1], collide[i][!(i & 1)]) &&
			RSYS(SYS_stat64, from, &st) == -ENOENT;
	}
	is(back, (int)NCOLL, "renaming each survivor to its twin's name moves it");
	for (size_t i = 0; i < NCOLL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, collide[i][i & 1]);
		RSYS(SYS_unlink, path);
	}
	unlink_files(dir, "e", 0, 100);
	is(RSYS(SYS_rmdir, dir), 0, "and the directory empties");
}

/* The number of entries of dir (not . and ..), or -1; *dups gets the
 * names seen twice. */
static int count_entries(const char *dir, int *dups)
{
	long fd = ropen(dir, O_RDONLY | O_DIRECTORY, 0), n;
	int c = 0;

	memset(&tl, 0, sizeof(tl));
	if (fd < 0)
		return -1;
	while ((n = RSYS(SYS_getdents64, fd, lbuf, 512)) > 0)
		count_recs(&tl, lbuf, n);
	RSYS(SYS_close, fd);
	*dups = 0;
	for (int i = 0; i < HUGE; i++) {
		c += tl.seen[i] > 0;
		*dups += tl.seen[i] > 1;
	}
	return c + tl.unknown;
}

/* rename within and between two directories of BIG entries each. */
static void renames(void)
{
	char a[] = TOP "/ra", b[] = TOP "/rb", f[128], t[128];
	struct kstat64 st, sa, sb, s1;
	int dups;

	RSYS(SYS_mkdir, a, 0755);
	RSYS(SYS_mkdir, b, 0755);
	make_files(a, "e", 0, BIG);
	make_files(b, "e", 0, BIG);
	snprintf(f, sizeof(f), "%s/e00000", a);
	snprintf(t, sizeof(t), "%s/x", a);
	ok(RSYS(SYS_rename, f, t) == 0 && RSYS(SYS_stat64, t, &st) == 0 &&
		   RSYS(SYS_stat64, f, &st) == -ENOENT,
	   "rename within a big directory");
	snprintf(f, sizeof(f), "%s/e00999", a);
	snprintf(t, sizeof(t), "%s/y", b);
	ok(RSYS(SYS_rename, f, t) == 0 && RSYS(SYS_stat64, t, &st) == 0 &&
		   RSYS(SYS_stat64, f, &st) == -ENOENT,
	   "rename between big directories");
	snprintf(f, sizeof(f), "%s/e00500", a);
	snprintf(t, sizeof(t), "%s/e00500", b);
	RSYS(SYS_stat64, f, &s1);
	ok(RSYS(SYS_rename, f, t) == 0 && RSYS(SYS_stat64, t, &st) == 0 && st.st_ino == s1.st_ino,
	   "rename over an entry of the other directory replaces it");
	is(count_entries(a, &dups), BIG - 2, "the first now lists %d entries", BIG - 2);
	is(dups, 0, "none twice");
	is(count_entries(b, &dups), BIG + 1, "the second %d", BIG + 1);
	is(dups, 0, "none twice");
	snprintf(f, sizeof(f), "%s/sub", a);
	snprintf(t, sizeof(t), "%s/sub", b);
	RSYS(SYS_mkdir, f, 0755);
	RSYS(SYS_stat64, a, &sa);
	int before = sa.st_nlink;
	int moved = RSYS(SYS_rename, f, t) == 0;
	RSYS(SYS_stat64, a, &sa);
	RSYS(SYS_stat64, b, &sb);
	snprintf(t, sizeof(t), "%s/sub/..", b);
	ok(moved && RSYS(SYS_stat64, t, &st) == 0 && st.st_ino == sb.st_ino &&
		   (int)sa.st_nlink == before - 1 && sb.st_nlink == 3,
	   "a directory moved between them: its .., both link counts");
	/* getcwd names the directory by its entry, wherever it went */
	static char cwd[256];
	snprintf(t, sizeof(t), "%s/sub", b);
	ok(RSYS(SYS_chdir, t) == 0 && RSYS(SYS_getcwd, cwd, sizeof(cwd)) > 0 && !strcmp(cwd, t),
	   "getcwd in it: the second directory's sub");
	snprintf(f, sizeof(f), "%s/sub2", a);
	ok(RSYS(SYS_rename, t, f) == 0 && RSYS(SYS_getcwd, cwd, sizeof(cwd)) > 0 &&
		   !strcmp(cwd, f),
	   "moved back as sub2 while it is the cwd: getcwd follows");
	RSYS(SYS_chdir, "/");
	RSYS(SYS_rmdir, f);
	snprintf(t, sizeof(t), "%s/x", a);
	RSYS(SYS_unlink, t);
	snprintf(t, sizeof(t), "%s/y", b);
	RSYS(SYS_unlink, t);
	unlink_files(a, "e", 0, BIG);
	unlink_files(b, "e", 0, BIG);
	ok(RSYS(SYS_rmdir, a) == 0 && RSYS(SYS_rmdir, b) == 0, "both empty afterwards");
}

/* rmdir of a big directory is ENOTEMPTY down to its last entry. */
static void rmdir_big(void)
{
	char dir[] = TOP "/rm";
	RSYS(SYS_mkdir, dir, 0755);
	make_files(dir, "e", 0, BIG);

	is_err(RSYS(SYS_rmdir, dir), ENOTEMPTY, "rmdir of %d entries is ENOTEMPTY", BIG);
	unlink_files(dir, "e", 1, BIG - 1);
	is_err(RSYS(SYS_rmdir, dir), ENOTEMPTY, "and with one left");
	unlink_files(dir, "e", 0, 1);
	ok(make_files(dir, "e", 5, 1) == 1 && unlink_files(dir, "e", 5, 1) == 1,
	   "an emptied directory takes a new entry again");
	is(RSYS(SYS_rmdir, dir), 0, "empty, it goes");
}

/* 1 iff the listing of path (count-byte calls) has each name of want
 * and no name twice. */
static int lists(const char *path, long count, const char *const want[], int nwant)
{
	static char names[512][32];
	int n = 0, dup = 0, found = 0;
	long fd = ropen(path, O_RDONLY | O_DIRECTORY, 0), r;

	while (fd >= 0 && (r = RSYS(SYS_getdents64, fd, lbuf, count)) > 0) {
		for (long at = 0; at < r; at += ((struct rec *)(lbuf + at))->reclen) {
			const char *name = ((struct rec *)(lbuf + at))->name;
			for (int i = 0; i < n; i++)
				dup += !strcmp(names[i], name);
			if (n < 512)
				snprintf(names[n++], sizeof(names[0]), "%s", name);
		}
	}
	if (fd >= 0)
		RSYS(SYS_close, fd);
	for (int k = 0; k < nwant; k++)
		for (int i = 0; i < n; i++)
			if (!strcmp(names[i], want[k])) {
				found++;
				break;
			}
	return fd >= 0 && !dup && found == nwant;
}

/* /proc, /proc/self and /proc/self/fd through small buffers. */
static void proc_listings(void)
{
	char pid[16], fdname[16];
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	long fd = ropen("/proc/self/status", O_RDONLY, 0);
	snprintf(fdname, sizeof(fdname), "%ld", fd);
	const char *const root[] = { ".", "..", "self", "meminfo", "uptime", pid };
	const char *const self[] = { ".", "..", "fd", "status", "cmdline", "maps" };
	const char *const fds[] = { ".", "..", "0", "1", "2", fdname };

	ok(lists("/proc", 64, root, 6), "/proc one record a call: self, meminfo, our pid, no twins");
	ok(lists("/proc/self", 64, self, 6), "/proc/self: fd, status, cmdline, maps");
	ok(lists("/proc/self/fd", 24, fds, 6), "/proc/self/fd: 0, 1, 2 and the open file");
	RSYS(SYS_close, fd);
}

int main(void)
{
	static char d1[] = TOP "/b1", d2[] = TOP "/b2";

	plan(PLAN);
	RSYS(SYS_mkdir, TOP, 0755);
	RSYS(SYS_mkdir, d1, 0755);
	RSYS(SYS_mkdir, d2, 0755);
	is(make_files(d1, "e", 0, BIG), BIG, "%d files made", BIG);
	big_listing(d1, BIG, 64);
	big_listing(d1, BIG, reclen_for(6));
	big_listing(d1, BIG, 65536);
	is(make_files(d2, "e", 0, HUGE), HUGE, "%d files made", HUGE);
	big_listing(d2, HUGE, 200);
	big_listing(d2, HUGE, 4096);
	churn();
	seeking();
	fits();
	straddle();
	long_names();
	collisions();
	renames();
	rmdir_big();
	proc_listings();
	unlink_files(d1, "e", 0, BIG);
	unlink_files(d2, "e", 0, HUGE);
	RSYS(SYS_rmdir, d1);
	RSYS(SYS_rmdir, d2);
	is(RSYS(SYS_rmdir, TOP), 0, "everything removed");
	return done();
}
