/*
 * fs_mountinfo: /proc/self/mountinfo lists every mount with Linux's
 * fields (id, parent id, major:minor, root, mount point, mount options,
 * "-", type, source, super options), and the ids agree with what statx
 * reports as stx_mnt_id and stat as st_dev, as programs that match a
 * file to its mount (LTP's statx tests, findmnt) rely on. A tmpfs
 * mounted for the test, with options, shows up with them, and goes away
 * when unmounted. Everything printed is relative (ids compared with ids),
 * so the same points pass on Linux and on Mica.
 */
#include "raw.h"

#include <stdint.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x1000U
#endif
#define MAXF 16

struct statx_i386 {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad0;
	uint64_t ino, size, blocks, attributes_mask;
	struct {
		int64_t sec;
		uint32_t nsec;
		int32_t pad;
	} atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint64_t spare[14];
};

struct info {
	unsigned id, parent, major, minor;
	char root[256], point[256], mopts[256], type[64], source[256], sopts[256];
	int nfields; /* fields before "-" */
};

static char base[64], mnt[96];

/* Parse one mountinfo line into *m: 1 if it has every field. */
static int parse(char *line, struct info *m)
{
	char *f[MAXF + 8];
	int n = 0, dash = -1;

	for (char *tok = strtok(line, " \n"); tok && n < MAXF + 8; tok = strtok(NULL, " \n")) {
		if (!strcmp(tok, "-") && dash < 0)
			dash = n;
		f[n++] = tok;
	}
	if (dash < 6 || n != dash + 4)
		return 0;
	memset(m, 0, sizeof(*m));
	m->nfields = dash;
	if (sscanf(f[0], "%u", &m->id) != 1 || sscanf(f[1], "%u", &m->parent) != 1 ||
	    sscanf(f[2], "%u:%u", &m->major, &m->minor) != 2)
		return 0;
	snprintf(m->root, sizeof(m->root), "%s", f[3]);
	snprintf(m->point, sizeof(m->point), "%s", f[4]);
	snprintf(m->mopts, sizeof(m->mopts), "%s", f[5]);
	snprintf(m->type, sizeof(m->type), "%s", f[dash + 1]);
	snprintf(m->source, sizeof(m->source), "%s", f[dash + 2]);
	snprintf(m->sopts, sizeof(m->sopts), "%s", f[dash + 3]);
	return 1;
}

/* Find the last line (the top of a stack of mounts) for mount point p,
 * or the line with id `id` when p is NULL. Returns 1 when found; *bad
 * counts lines that do not parse. */
static int find(const char *p, unsigned id, struct info *out, int *bad)
{
	char line[1024];
	struct info m;
	int found = 0;
	FILE *f = fopen("/proc/self/mountinfo", "r");

	*bad = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!parse(line, &m)) {
			(*bad)++;
			continue;
		}
		if (p ? !strcmp(m.point, p) : m.id == id) {
			*out = m;
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* statx(path) with STATX_MNT_ID: 0 or -errno. */
static long rstatx(const char *path, struct statx_i386 *x)
{
	memset(x, 0, sizeof(*x));
	return RSYS(SYS_statx, AT_FDCWD, path, 0, STATX_MNT_ID, x);
}

/* Is word one of the comma-separated options in opts? */
static int has_opt(const char *opts, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = opts; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (!strncmp(p, word, n) && (p[n] == ',' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

/* The root's line: it parses, and statx("/") names it. */
static void root_line(void)
{
	struct statx_i386 x;
	struct info m;
	int bad;

	is(rstatx("/", &x), 0, "statx(\"/\", STATX_MNT_ID)");
	ok(x.mask & STATX_MNT_ID, "statx reports STATX_MNT_ID");
	ok(find(NULL, (unsigned)x.mnt_id, &m, &bad), "mountinfo has a line with the root's mount id");
	is(bad, 0, "every mountinfo line has Linux's fields");
	is(strcmp(m.point, "/"), 0, "that line's mount point is /");
	ok(m.major == x.dev_major && m.minor == x.dev_minor,
	   "its major:minor is the root's st_dev");
	ok(!strcmp(m.mopts, "rw") || !strncmp(m.mopts, "rw,", 3) || !strncmp(m.mopts, "ro", 2),
	   "its mount options start with rw or ro");
	ok(has_opt(m.sopts, "rw") || has_opt(m.sopts, "ro"), "its super options name rw or ro");
}

/* A tmpfs mounted with options: listed with them, ids matching statx,
 * the parent id naming the mount the directory was on. */
static void tmpfs_line(void)
{
	struct statx_i386 up, in;
	struct info m, pm;
	struct stat st;
	int bad;

	is(rstatx(base, &up), 0, "statx of the directory holding the mount point");
	is(RSYS(SYS_mount, "mi-src", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=750"), 0,
	   "mount a tmpfs with nosuid,nodev,size=64k,mode=750");
	is(rstatx(mnt, &in), 0, "statx of the mount's root");
	ok(in.mnt_id != up.mnt_id, "the mount has its own mount id");
	ok(find(mnt, 0, &m, &bad), "mountinfo lists the mount point");
	is(bad, 0, "every line still parses");
	is((long)m.id, (long)in.mnt_id, "its id is statx's stx_mnt_id");
	is((long)m.parent, (long)up.mnt_id, "its parent id is the mount id of the directory below");
	ok(find(NULL, m.parent, &pm, &bad), "the parent id names a listed mount");
	is(stat(mnt, &st), 0, "stat of the mount point");
	ok(m.major == major(st.st_dev) && m.minor == minor(st.st_dev),
	   "major:minor is the mount's st_dev");
	is(strcmp(m.root, "/"), 0, "root of the mount is /");
	is(strcmp(m.type, "tmpfs"), 0, "type tmpfs after the separator");
	is(strcmp(m.source, "mi-src"), 0, "source as mount(2) was given it");
	ok(has_opt(m.mopts, "rw"), "mount options: rw");
	ok(has_opt(m.mopts, "nosuid"), "mount options: nosuid");
	ok(has_opt(m.mopts, "nodev"), "mount options: nodev");
	ok(!has_opt(m.mopts, "size=64k"), "size= is not a mount option");
	ok(has_opt(m.sopts, "rw"), "super options: rw");
	ok(has_opt(m.sopts, "size=64k"), "super options: size=64k");
	ok(has_opt(m.sopts, "mode=750"), "super options: mode=750");

	is(RSYS(SYS_mount, "none", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
		NULL),
	   0, "remount read-only");
	ok(find(mnt, 0, &m, &bad) && !strncmp(m.mopts, "ro", 2) && has_opt(m.sopts, "ro"),
	   "mountinfo shows ro in both option fields");
	is(RSYS(SYS_umount2, mnt, 0), 0, "umount2");
	ok(!find(mnt, 0, &m, &bad) || m.id != in.mnt_id, "the line is gone after umount");
}

/* A file inside a mount: statx's stx_mnt_id names its mount's line. */
static void file_mnt_id(void)
{
	struct statx_i386 x;
	struct info m;
	int bad;
	char f[160];

	snprintf(f, sizeof(f), "%s/file", base);
	int fd = open(f, O_CREAT | O_WRONLY, 0644);
	is(rstatx(f, &x), 0, "statx of a file");
	ok(find(NULL, (unsigned)x.mnt_id, &m, &bad), "its stx_mnt_id names a mountinfo line");
	ok(m.major == x.dev_major && m.minor == x.dev_minor,
	   "and that line's major:minor is the file's st_dev");

	char name[64], text[256];
	unsigned id = 0;
	snprintf(name, sizeof(name), "/proc/self/fdinfo/%d", fd);
	int in = open(name, O_RDONLY);
	ssize_t n = in >= 0 ? read(in, text, sizeof(text) - 1) : -1;
	text[n > 0 ? n : 0] = '\0';
	char *p = strstr(text, "mnt_id:");
	ok(p && sscanf(p, "mnt_id: %u", &id) == 1 && id == x.mnt_id,
	   "fdinfo's mnt_id of the open file is its stx_mnt_id");
	close(in);
	close(fd);
	unlink(f);
}

int main(void)
{
	snprintf(base, sizeof(base), "/tmp/fs_mountinfo.XXXXXX");
	if (!mkdtemp(base)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(mnt, sizeof(mnt), "%s/m", base);
	mkdir(mnt, 0755);
	plan(8 + 25 + 4);
	root_line();
	tmpfs_line();
	file_mnt_id();
	RSYS(SYS_umount2, mnt, MNT_DETACH);
	rmdir(mnt);
	rmdir(base);
	return done();
}
