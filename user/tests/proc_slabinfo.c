/*
 * proc_slabinfo: /proc/slabinfo has Linux's version 2.1 layout, which the
 * leak check of init (user/leakcheck.c) and people's scripts read: the
 * two header lines word for word, then one line per cache,
 *   name active num objsize objperslab pagesperslab
 *        : tunables limit batch shared : slabdata active_slabs num_slabs avail
 * with active <= num and the objects fitting their slab. Linux lets only
 * root read it; as anyone else every point is a SKIP there.
 */
#include "tap.h"

static char text[65536];

static const char header2[] =
    "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
    " : tunables <limit> <batchcount> <sharedfactor>"
    " : slabdata <active_slabs> <num_slabs> <sharedavail>";

int main(void)
{
	int fd = open("/proc/slabinfo", O_RDONLY);
	long n = 0, r;

	plan(7);
	if (fd < 0 && errno == EACCES && !on_mica()) {
		for (int i = 0; i < 7; i++)
			skip("slabinfo check %d (root only on Linux)", i + 1);
		return done();
	}
	ok(fd >= 0, "/proc/slabinfo opens");
	while (fd >= 0 && n < (long)sizeof(text) - 1 &&
	       (r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';

	char *l2 = strchr(text, '\n');
	ok(l2 && !strncmp(text, "slabinfo - version: 2.1\n", 24), "the first line is the version");
	ok(l2 && !strncmp(l2 + 1, header2, sizeof(header2) - 1) && l2[sizeof(header2)] == '\n',
	   "the second line names the columns as Linux does");

	int lines = 0, malformed = 0, overfull = 0, misfit = 0, k64 = 0;
	for (char *l = l2 ? strchr(l2 + 1, '\n') : NULL; l && l[1]; l = strchr(l + 1, '\n')) {
		char name[64];
		long act, num, size, per, pages, lim, batch, shared, aslabs, nslabs, avail;
		int got = sscanf(l + 1,
				 "%63s %ld %ld %ld %ld %ld : tunables %ld %ld %ld"
				 " : slabdata %ld %ld %ld",
				 name, &act, &num, &size, &per, &pages, &lim, &batch, &shared,
				 &aslabs, &nslabs, &avail);
		lines++;
		if (got != 12) {
			malformed++;
			continue;
		}
		overfull += act > num;
		misfit += size * per > pages * 4096;
		k64 += !strcmp(name, "kmalloc-64");
	}
	ok(lines > 0 && malformed == 0, "every cache line has the twelve fields");
	is(overfull, 0, "no cache has more active objects than objects");
	is(misfit, 0, "the objects of a slab fit its pages");
	is(k64, 1, "there is one kmalloc-64 cache");
	return done();
}
