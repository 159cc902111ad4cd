/*
 * fs_rename: rename(2) is all or nothing, with Linux's errors in Linux's
 * order. A directory, empty or not, moves under its new name only (one
 * inode, the right link counts, its ".." following it); an existing target
 * of the same kind is replaced (a directory only when empty); a directory
 * cannot go into itself or below (EINVAL) nor replace its own ancestor
 * (ENOTEMPTY); trailing slashes need a directory; "/", "." and ".." as a
 * last component are EBUSY; two names of one file (here, the same name)
 * are a successful no-op. On Mica, renames still work with memory full
 * and lose nothing.
 * Works under D = /tmp/fs_rename.<pid>, removed at the end.
 */
#include "raw.h"
#include <stdlib.h>

static char D[64], bufs[4][160], cwd[256];
static int nb;

/* D "/" rel in one of four rotating buffers, so a call can take two. */
static char *at(const char *rel)
{
	char *p = bufs[nb++ % 4];

	snprintf(p, sizeof(bufs[0]), "%s/%s", D, rel);
	return p;
}

/* stat64 of D/rel into st; returns the raw result. */
static long st_at(const char *rel, struct kstat64 *st)
{
	return RSYS(SYS_stat64, at(rel), st);
}

static unsigned long long ino(const char *rel)
{
	struct kstat64 st;

	return st_at(rel, &st) == 0 ? st.st_ino : 0;
}

static long nlink(const char *rel)
{
	struct kstat64 st;
	long r = st_at(rel, &st);

	return r < 0 ? r : (long)st.st_nlink;
}

static long size(const char *rel)
{
	struct kstat64 st;
	long r = st_at(rel, &st);

	return r < 0 ? r : (long)st.st_size;
}

/* Creates D/rel holding the n bytes of s; returns 1 on success. */
static int mkfile(const char *rel, const char *s)
{
	long fd = ropen(at(rel), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long n = fd < 0 ? fd : RSYS(SYS_write, fd, s, strlen(s));

	RSYS(SYS_close, fd);
	return n == (long)strlen(s);
}

/* Returns 1 iff D/rel reads back exactly s. */
static int holds(const char *rel, const char *s)
{
	char got[64];
	long fd = ropen(at(rel), O_RDONLY, 0);
	long n = fd < 0 ? fd : read_full(fd, got, sizeof(got));

	RSYS(SYS_close, fd);
	return n == (long)strlen(s) && !memcmp(got, s, n);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in directory D/rel other than . and .., sorted, joined by
 * spaces into out. Returns out, or "?" on error. */
static char *names(const char *rel, char *out, size_t n)
{
	static char buf[4096];
	char *list[64];
	int k = 0;
	long fd = ropen(at(rel), O_RDONLY | O_DIRECTORY, 0), got;

	strcpy(out, "?");
	if (fd < 0)
		return out;
	while ((got = RSYS(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < got;) {
			unsigned short reclen = *(unsigned short *)(buf + off + 16);
			char *name = buf + off + 19;
			if (strcmp(name, ".") && strcmp(name, "..") && k < 64)
				list[k++] = strdup(name);
			off += reclen;
		}
	}
	RSYS(SYS_close, fd);
	qsort(list, k, sizeof(list[0]), cmp_str);
	out[0] = '\0';
	for (int i = 0; i < k; i++) {
		if (strlen(out) + strlen(list[i]) + 2 < n) {
			strcat(out, i ? " " : "");
			strcat(out, list[i]);
		}
		free(list[i]);
	}
	return out;
}

/* ok(strcmp(got, want) == 0) with both shown on failure. */
static void is_str(const char *name, const char *got, const char *want)
{
	if (!ok(!strcmp(got, want), "%s", name))
		diag("expected \"%s\", got \"%s\"", want, got);
}

static void moves(void)
{
	char l[256];

	is(RSYS(SYS_mkdir, at("d"), 0755) | RSYS(SYS_mkdir, at("d/e"), 0755), 0, "mkdir D/d, D/d/e");
	ok(mkfile("d/g", "gg") && mkfile("f", "hello"), "files D/d/g and D/f");
	unsigned long long id = ino("d");
	long dl = nlink("");
	is(RSYS(SYS_rename, at("d"), at("d2")), 0, "rename a non-empty directory to a new name");
	is(size("d"), -ENOENT, "the old name is gone");
	ok(ino("d2") == id, "the new name is the same directory");
	is(nlink("d2"), 3, "with nlink 3 (itself, \".\", e's \"..\")");
	is(nlink(""), dl, "D's nlink did not change");
	ok(holds("d2/g", "gg"), "its file is there");
	is_str("D lists d2 and f once each", names("", l, sizeof(l)), "d2 f");
	is(RSYS(SYS_rmdir, at("d2/e")), 0, "rmdir D/d2/e");
	is(size("d/e"), -ENOENT, "e is gone under the old name too");
	is(nlink("d2"), 2, "d2's nlink drops to 2");

	is(RSYS(SYS_mkdir, at("m"), 0755), 0, "mkdir D/m");
	is(RSYS(SYS_rename, at("d2"), at("m/d3")), 0, "move d2 into m as d3");
	is(nlink(""), dl, "D's nlink drops by one");
	is(nlink("m"), 3, "m's nlink rises to 3");
	ok(ino("m/d3/..") == ino("m"), "d3's \"..\" is m");
	ok(holds("m/d3/g", "gg"), "d3's file moved with it");

	is(RSYS(SYS_chdir, at("m/d3")), 0, "chdir D/m/d3");
	is(RSYS(SYS_rename, at("m"), at("m9")), 0, "rename D/m to D/m9 above the cwd");
	long n = RSYS(SYS_getcwd, cwd, sizeof(cwd));
	is_str("getcwd follows: D/m9/d3", n > 0 ? cwd : "?", at("m9/d3"));
	is(RSYS(SYS_rename, "../d3", "../d4"), 0, "rename the cwd itself to d4");
	n = RSYS(SYS_getcwd, cwd, sizeof(cwd));
	is_str("getcwd follows: D/m9/d4", n > 0 ? cwd : "?", at("m9/d4"));
	is(RSYS(SYS_chdir, D), 0, "chdir D");
}

static void replaces(void)
{
	char l[256];

	is(RSYS(SYS_mkdir, at("e1"), 0755) | RSYS(SYS_mkdir, at("m2"), 0755), 0, "mkdir D/e1 (empty), D/m2");
	ok(mkfile("m2/x", "xx"), "file D/m2/x");
	is(RSYS(SYS_rename, at("e1"), at("m2")), -ENOTEMPTY, "replacing a non-empty directory gives ENOTEMPTY");
	ok(ino("e1") && holds("m2/x", "xx"), "and both are as they were");
	long dl = nlink("");
	unsigned long long im2 = ino("m2");
	is(RSYS(SYS_rename, at("m2"), at("e1")), 0, "a directory replaces an empty one");
	ok(ino("e1") == im2 && holds("e1/x", "xx") && size("m2") == -ENOENT,
	   "e1 is the old m2 now");
	is(nlink(""), dl - 1, "D's nlink drops by the replaced directory");

	ok(mkfile("h", "abc"), "file D/h");
	long old = ropen(at("h"), O_RDONLY, 0);
	is(RSYS(SYS_rename, at("f"), at("h")), 0, "a file replaces a file");
	ok(holds("h", "hello") && size("f") == -ENOENT, "h holds f's bytes, f is gone");
	struct kstat64 st;
	char got[8];
	ok(RSYS(SYS_fstat64, old, &st) == 0 && st.st_nlink == 0 &&
	       read_full(old, got, sizeof(got)) == 3 && !memcmp(got, "abc", 3),
	   "the replaced file lives on through its fd, unlinked");
	RSYS(SYS_close, old);
	is(RSYS(SYS_rename, at("h"), at("h")), 0, "rename h to itself");
	ok(holds("h", "hello"), "is a no-op");
	is(RSYS(SYS_rename, at("e1"), at("e1")), 0, "rename e1 to itself");
	is(RSYS(SYS_rename, at("e1/"), at("e2/")), 0, "rename e1/ to e2/");
	is(RSYS(SYS_rename, at("e2"), at("e1/")), 0, "and e2 to e1/ back");
	is_str("D lists e1 h m9", names("", l, sizeof(l)), "e1 h m9");
}

static void errors(void)
{
	static char lng[300];
	char l[256];

	memset(lng, 'x', 299);
	is(RSYS(SYS_rename, at("m9"), at("m9/q")), -EINVAL, "a directory into itself: EINVAL");
	is(RSYS(SYS_rename, at("m9"), at("m9/d4/q")), -EINVAL, "a directory below itself: EINVAL");
	is(RSYS(SYS_rename, at("m9"), at("m9/d4")), -EINVAL, "onto its own child: EINVAL");
	is(RSYS(SYS_rename, at("m9/d4"), at("m9")), -ENOTEMPTY, "a directory onto its parent: ENOTEMPTY");
	is(RSYS(SYS_rename, at("m9/d4/g"), at("m9")), -ENOTEMPTY, "a file onto its ancestor: ENOTEMPTY");
	is(RSYS(SYS_rename, at("h"), at("e1")), -EISDIR, "a file onto a directory: EISDIR");
	is(RSYS(SYS_rename, at("e1"), at("h")), -ENOTDIR, "a directory onto a file: ENOTDIR");
	is(RSYS(SYS_rename, at("h/"), at("k")), -ENOTDIR, "file/ as the source: ENOTDIR");
	is(RSYS(SYS_rename, at("h"), at("k/")), -ENOTDIR, "file to new/: ENOTDIR");
	is(RSYS(SYS_rename, at("h"), at("e1/")), -ENOTDIR, "file to dir/: ENOTDIR");
	is(RSYS(SYS_rename, at("h"), at("h/")), -ENOTDIR, "file to itself/: ENOTDIR");
	is(RSYS(SYS_rename, at("h"), at("h/x")), -ENOTDIR, "file under a file: ENOTDIR");
	is(RSYS(SYS_rename, "/", at("k")), -EBUSY, "/ as the source: EBUSY");
	is(RSYS(SYS_rename, at("h"), "/"), -EBUSY, "/ as the target: EBUSY");
	is(RSYS(SYS_rename, at("h"), at(".")), -EBUSY, "D/. as the target: EBUSY");
	is(RSYS(SYS_rename, at("."), at("k")), -EBUSY, "D/. as the source: EBUSY");
	is(RSYS(SYS_rename, at("h"), at("e1/..")), -EBUSY, "D/e1/.. as the target: EBUSY");
	is(RSYS(SYS_rename, at("no"), at("..")), -EBUSY, "EBUSY comes before a missing source");
	is(RSYS(SYS_rename, at("no"), at("k")), -ENOENT, "a missing source: ENOENT");
	is(RSYS(SYS_rename, at("no/"), at("e1")), -ENOENT, "a missing source/: ENOENT");
	is(RSYS(SYS_rename, at("h"), at("no/k")), -ENOENT, "a missing target parent: ENOENT");
	is(RSYS(SYS_rename, at("no"), lng), -ENOENT, "a missing source with a long target: ENOENT");
	is(RSYS(SYS_rename, lng, at("k")), -ENAMETOOLONG, "a long source: ENAMETOOLONG");
	is(RSYS(SYS_rename, at("h"), lng), -ENAMETOOLONG, "an existing source with a long target: ENAMETOOLONG");
	is(RSYS(SYS_rename, "", at("k")), -ENOENT, "\"\" as the source: ENOENT");
	is(RSYS(SYS_rename, at("h"), ""), -ENOENT, "\"\" as the target: ENOENT");
	is(RSYS(SYS_rename, NULL, at("k")), -EFAULT, "a NULL source: EFAULT");
	is(RSYS(SYS_rename, at("h"), NULL), -EFAULT, "a NULL target: EFAULT");
	is_str("nothing changed: D lists e1 h m9", names("", l, sizeof(l)), "e1 h m9");
	ok(holds("h", "hello") && holds("e1/x", "xx") && holds("m9/d4/g", "gg"),
	   "and every file holds its bytes");
}

/* Mica only: renames with user memory full (a file filled to ENOSPC). */
static void full_memory(void)
{
	static char chunk[1 << 16];
	long r;

	memset(chunk, 'f', sizeof(chunk)); /* our own pages, before counting */
	long before = mem_free(), fill = ropen(at("fill"), O_RDWR | O_CREAT, 0644);

	while ((r = RSYS(SYS_write, fill, chunk, sizeof(chunk))) > 0)
		;
	is(r, -ENOSPC, "fill memory with a file until ENOSPC");
	int good = 1;
	char a[48], b[48];
	for (int i = 0; i < 50; i++) {
		snprintf(a, sizeof(a), "e1/longer-name-number-%d", i);
		snprintf(b, sizeof(b), "e1/longer-name-number-%d", i + 1);
		good &= RSYS(SYS_rename, at(i ? a : "h"), at(b)) == 0;
	}
	ok(good, "50 renames of a file to longer names with memory full");
	good = RSYS(SYS_rename, at("m9"), at("e1/m10")) == 0 &&
	       RSYS(SYS_rename, at("e1/m10/d4"), at("d5")) == 0;
	ok(good, "directories move too");
	ok(holds("e1/longer-name-number-50", "hello") && holds("d5/g", "gg") && holds("e1/x", "xx"),
	   "nothing was lost");
	ok(RSYS(SYS_rename, at("e1/longer-name-number-50"), at("h")) == 0 &&
	       RSYS(SYS_rename, at("e1/m10"), at("m9")) == 0 &&
	       RSYS(SYS_rename, at("d5"), at("m9/d4")) == 0,
	   "and everything moves back");
	RSYS(SYS_close, fill);
	is(RSYS(SYS_unlink, at("fill")), 0, "unlink the fill");
	long after = mem_free();
	/* a rename allocates the new name before it frees the old one, so the
	 * names may end on other pages of the kernel's name-sized caches than
	 * they started on: up to two such pages may stay in use */
	ok(labs(after - before) <= 8, "MemFree is back where it was, but for names' pages");
	if (after != before)
		diag("MemFree %ld kB before, %ld kB after", before, after);
}

int main(void)
{
	plan(80);
	snprintf(D, sizeof(D), "/tmp/fs_rename.%ld", RSYS(SYS_getpid));
	is(RSYS(SYS_mkdir, D, 0755), 0, "mkdir D");
	moves();
	replaces();
	errors();
	if (on_mica()) {
		full_memory();
	} else {
		for (int i = 0; i < 7; i++)
			skip_why("filling the host's memory would be rude", "renames with memory full");
	}
	int gone = RSYS(SYS_unlink, at("h")) == 0 && RSYS(SYS_unlink, at("e1/x")) == 0 &&
		   RSYS(SYS_rmdir, at("e1")) == 0 && RSYS(SYS_unlink, at("m9/d4/g")) == 0 &&
		   RSYS(SYS_rmdir, at("m9/d4")) == 0 && RSYS(SYS_rmdir, at("m9")) == 0 &&
		   RSYS(SYS_rmdir, D) == 0;
	ok(gone, "clean up D");
	return done();
}
