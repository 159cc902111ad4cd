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
	if (!ok(!strcmp(got, want), name))
		diag("expected \"%s\", got \"%s\"", want, got);
}

static void moves(void)
{
	char l[256];

	expect("mkdir D/d, D/d/e",
	       RSYS(SYS_mkdir, at("d"), 0755) | RSYS(SYS_mkdir, at("d/e"), 0755), 0);
	ok(mkfile("d/g", "gg") && mkfile("f", "hello"), "files D/d/g and D/f");
	unsigned long long id = ino("d");
	long dl = nlink("");
	expect("rename a non-empty directory to a new name", RSYS(SYS_rename, at("d"), at("d2")),
	       0);
	expect("the old name is gone", size("d"), -ENOENT);
	ok(ino("d2") == id, "the new name is the same directory");
	expect("with nlink 3 (itself, \".\", e's \"..\")", nlink("d2"), 3);
	expect("D's nlink did not change", nlink(""), dl);
	ok(holds("d2/g", "gg"), "its file is there");
	is_str("D lists d2 and f once each", names("", l, sizeof(l)), "d2 f");
	expect("rmdir D/d2/e", RSYS(SYS_rmdir, at("d2/e")), 0);
	expect("e is gone under the old name too", size("d/e"), -ENOENT);
	expect("d2's nlink drops to 2", nlink("d2"), 2);

	expect("mkdir D/m", RSYS(SYS_mkdir, at("m"), 0755), 0);
	expect("move d2 into m as d3", RSYS(SYS_rename, at("d2"), at("m/d3")), 0);
	expect("D's nlink drops by one", nlink(""), dl);
	expect("m's nlink rises to 3", nlink("m"), 3);
	ok(ino("m/d3/..") == ino("m"), "d3's \"..\" is m");
	ok(holds("m/d3/g", "gg"), "d3's file moved with it");

	expect("chdir D/m/d3", RSYS(SYS_chdir, at("m/d3")), 0);
	expect("rename D/m to D/m9 above the cwd", RSYS(SYS_rename, at("m"), at("m9")), 0);
	long n = RSYS(SYS_getcwd, cwd, sizeof(cwd));
	is_str("getcwd follows: D/m9/d3", n > 0 ? cwd : "?", at("m9/d3"));
	expect("rename the cwd itself to d4", RSYS(SYS_rename, "../d3", "../d4"), 0);
	n = RSYS(SYS_getcwd, cwd, sizeof(cwd));
	is_str("getcwd follows: D/m9/d4", n > 0 ? cwd : "?", at("m9/d4"));
	expect("chdir D", RSYS(SYS_chdir, D), 0);
}

static void replaces(void)
{
	char l[256];

	expect("mkdir D/e1 (empty), D/m2",
	       RSYS(SYS_mkdir, at("e1"), 0755) | RSYS(SYS_mkdir, at("m2"), 0755), 0);
	ok(mkfile("m2/x", "xx"), "file D/m2/x");
	expect("replacing a non-empty directory gives ENOTEMPTY",
	       RSYS(SYS_rename, at("e1"), at("m2")), -ENOTEMPTY);
	ok(ino("e1") && holds("m2/x", "xx"), "and both are as they were");
	long dl = nlink("");
	unsigned long long im2 = ino("m2");
	expect("a directory replaces an empty one", RSYS(SYS_rename, at("m2"), at("e1")), 0);
	ok(ino("e1") == im2 && holds("e1/x", "xx") && size("m2") == -ENOENT,
	   "e1 is the old m2 now");
	expect("D's nlink drops by the replaced directory", nlink(""), dl - 1);

	ok(mkfile("h", "abc"), "file D/h");
	long old = ropen(at("h"), O_RDONLY, 0);
	expect("a file replaces a file", RSYS(SYS_rename, at("f"), at("h")), 0);
	ok(holds("h", "hello") && size("f") == -ENOENT, "h holds f's bytes, f is gone");
	struct kstat64 st;
	char got[8];
	ok(RSYS(SYS_fstat64, old, &st) == 0 && st.st_nlink == 0 &&
	       read_full(old, got, sizeof(got)) == 3 && !memcmp(got, "abc", 3),
	   "the replaced file lives on through its fd, unlinked");
	RSYS(SYS_close, old);
	expect("rename h to itself", RSYS(SYS_rename, at("h"), at("h")), 0);
	ok(holds("h", "hello"), "is a no-op");
	expect("rename e1 to itself", RSYS(SYS_rename, at("e1"), at("e1")), 0);
	expect("rename e1/ to e2/", RSYS(SYS_rename, at("e1/"), at("e2/")), 0);
	expect("and e2 to e1/ back", RSYS(SYS_rename, at("e2"), at("e1/")), 0);
	is_str("D lists e1 h m9", names("", l, sizeof(l)), "e1 h m9");
}

static void errors(void)
{
	static char lng[300];
	char l[256];

	memset(lng, 'x', 299);
	expect("a directory into itself: EINVAL", RSYS(SYS_rename, at("m9"), at("m9/q")), -EINVAL);
	expect("a directory below itself: EINVAL", RSYS(SYS_rename, at("m9"), at("m9/d4/q")),
	       -EINVAL);
	expect("onto its own child: EINVAL", RSYS(SYS_rename, at("m9"), at("m9/d4")), -EINVAL);
	expect("a directory onto its parent: ENOTEMPTY", RSYS(SYS_rename, at("m9/d4"), at("m9")),
	       -ENOTEMPTY);
	expect("a file onto its ancestor: ENOTEMPTY", RSYS(SYS_rename, at("m9/d4/g"), at("m9")),
	       -ENOTEMPTY);
	expect("a file onto a directory: EISDIR", RSYS(SYS_rename, at("h"), at("e1")), -EISDIR);
	expect("a directory onto a file: ENOTDIR", RSYS(SYS_rename, at("e1"), at("h")), -ENOTDIR);
	expect("file/ as the source: ENOTDIR", RSYS(SYS_rename, at("h/"), at("k")), -ENOTDIR);
	expect("file to new/: ENOTDIR", RSYS(SYS_rename, at("h"), at("k/")), -ENOTDIR);
	expect("file to dir/: ENOTDIR", RSYS(SYS_rename, at("h"), at("e1/")), -ENOTDIR);
	expect("file to itself/: ENOTDIR", RSYS(SYS_rename, at("h"), at("h/")), -ENOTDIR);
	expect("file under a file: ENOTDIR", RSYS(SYS_rename, at("h"), at("h/x")), -ENOTDIR);
	expect("/ as the source: EBUSY", RSYS(SYS_rename, "/", at("k")), -EBUSY);
	expect("/ as the target: EBUSY", RSYS(SYS_rename, at("h"), "/"), -EBUSY);
	expect("D/. as the target: EBUSY", RSYS(SYS_rename, at("h"), at(".")), -EBUSY);
	expect("D/. as the source: EBUSY", RSYS(SYS_rename, at("."), at("k")), -EBUSY);
	expect("D/e1/.. as the target: EBUSY", RSYS(SYS_rename, at("h"), at("e1/..")), -EBUSY);
	expect("EBUSY comes before a missing source", RSYS(SYS_rename, at("no"), at("..")), -EBUSY);
	expect("a missing source: ENOENT", RSYS(SYS_rename, at("no"), at("k")), -ENOENT);
	expect("a missing source/: ENOENT", RSYS(SYS_rename, at("no/"), at("e1")), -ENOENT);
	expect("a missing target parent: ENOENT", RSYS(SYS_rename, at("h"), at("no/k")), -ENOENT);
	expect("a missing source with a long target: ENOENT", RSYS(SYS_rename, at("no"), lng),
	       -ENOENT);
	expect("a long source: ENAMETOOLONG", RSYS(SYS_rename, lng, at("k")), -ENAMETOOLONG);
	expect("an existing source with a long target: ENAMETOOLONG",
	       RSYS(SYS_rename, at("h"), lng), -ENAMETOOLONG);
	expect("\"\" as the source: ENOENT", RSYS(SYS_rename, "", at("k")), -ENOENT);
	expect("\"\" as the target: ENOENT", RSYS(SYS_rename, at("h"), ""), -ENOENT);
	expect("a NULL source: EFAULT", RSYS(SYS_rename, NULL, at("k")), -EFAULT);
	expect("a NULL target: EFAULT", RSYS(SYS_rename, at("h"), NULL), -EFAULT);
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
	long before = mem_free_kb(), fill = ropen(at("fill"), O_RDWR | O_CREAT, 0644);

	while ((r = RSYS(SYS_write, fill, chunk, sizeof(chunk))) > 0)
		;
	expect("fill memory with a file until ENOSPC", r, -ENOSPC);
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
	expect("unlink the fill", RSYS(SYS_unlink, at("fill")), 0);
	long after = mem_free_kb();
	ok(after == before, "MemFree is back where it was");
	if (after != before)
		diag("MemFree %ld kB before, %ld kB after", before, after);
}

int main(void)
{
	plan(80);
	snprintf(D, sizeof(D), "/tmp/fs_rename.%ld", RSYS(SYS_getpid));
	expect("mkdir D", RSYS(SYS_mkdir, D, 0755), 0);
	moves();
	replaces();
	errors();
	if (on_mica()) {
		full_memory();
	} else {
		for (int i = 0; i < 7; i++)
			skip("renames with memory full", "filling the host's memory would be rude");
	}
	int gone = RSYS(SYS_unlink, at("h")) == 0 && RSYS(SYS_unlink, at("e1/x")) == 0 &&
		   RSYS(SYS_rmdir, at("e1")) == 0 && RSYS(SYS_unlink, at("m9/d4/g")) == 0 &&
		   RSYS(SYS_rmdir, at("m9/d4")) == 0 && RSYS(SYS_rmdir, at("m9")) == 0 &&
		   RSYS(SYS_rmdir, D) == 0;
	ok(gone, "clean up D");
	return done();
}
