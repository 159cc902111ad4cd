/*
 * fs_sparse: a sparse file under random pwrite64s and ftruncate64s, from
 * offset 0 out to the 1 TiB limit, checked against a model of the file
 * the test keeps itself (its pages and size). After every step the size,
 * reads at random places, and SEEK_DATA / SEEK_HOLE (page granular, as on
 * tmpfs and on ext4 with 4 KiB blocks) must match the model. On Mica,
 * unlinking the file gives back every page of data and index.
 * Works on one file, /tmp/fs_sparse.<pid>, removed at the end.
 */
#include "raw.h"

#define TIB (1LL << 40)
#define STEPS 300
#define MAXP 800 /* model pages; a write touches at most 3 */
#define SEEK_DATA_ 3
#define SEEK_HOLE_ 4

static unsigned long long seed = 0x9e3779b97f4a7c15ull;

/* xorshift64: the same sequence on every system. */
static unsigned rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed >> 11);
}

/* Where steps land: the start, nearby pages, and far regions up to the end. */
static const long long region[] = {
    0, 3 * PAGE, 1 << 20, 1LL << 30, (1LL << 32) + 123, 1LL << 39, TIB - 3 * PAGE,
};
#define NREGION (int)(sizeof(region) / sizeof(region[0]))

/* The model: the file's data pages (sorted by index) and its size. */
static struct mpage {
	long long idx;
	unsigned char data[PAGE];
} model[MAXP];
static int npages;
static long long size;
static long fd;

/* An offset near a random region, below the 1 TiB limit. */
static long long some_offset(void)
{
	long long off = region[rnd() % NREGION] + rnd() % 10000;

	return off < TIB ? off : TIB - 1;
}

/* The model page with index idx, or NULL; with make, created zeroed. */
static struct mpage *mpage_at(long long idx, int make)
{
	int i = 0;

	while (i < npages && model[i].idx < idx)
		i++;
	if (i < npages && model[i].idx == idx)
		return &model[i];
	if (!make || npages == MAXP)
		return NULL;
	memmove(&model[i + 1], &model[i], (npages - i) * sizeof(model[0]));
	npages++;
	model[i].idx = idx;
	memset(model[i].data, 0, PAGE);
	return &model[i];
}

/* The model's byte at off (0 in holes and past the size). */
static unsigned char mbyte(long long off)
{
	struct mpage *p = off < size ? mpage_at(off / PAGE, 0) : NULL;

	return p ? p->data[off % PAGE] : 0;
}

/* pwrite64 len bytes of a pattern at off, to the file and the model;
 * returns 1 iff the file took them all. */
static unsigned char buf[6000];

static int step_write(long long off, unsigned len)
{
	unsigned char c = rnd();

	if (off + len > TIB)
		len = TIB - off;
	for (unsigned i = 0; i < len; i++)
		buf[i] = c + i;
	long r = RSYS(SYS_pwrite64, fd, buf, len, (unsigned long)off, (unsigned long)(off >> 32));
	for (unsigned i = 0; i < len; i++) {
		struct mpage *p = mpage_at((off + i) / PAGE, 1);
		if (p)
			p->data[(off + i) % PAGE] = buf[i];
	}
	if (off + len > size)
		size = off + len;
	return r == (long)len;
}

/* ftruncate64 to len, in the file and the model; returns 1 iff it worked. */
static int step_truncate(long long len)
{
	long r = RSYS(SYS_ftruncate64, fd, (unsigned long)len, (unsigned long)(len >> 32));
	long long keep = (len + PAGE - 1) / PAGE;
	int j = 0;

	for (int i = 0; i < npages; i++)
		if (model[i].idx < keep)
			model[j++] = model[i];
	npages = j;
	struct mpage *last = len % PAGE ? mpage_at(len / PAGE, 0) : NULL;
	if (last)
		memset(last->data + len % PAGE, 0, PAGE - len % PAGE);
	size = len;
	return r == 0;
}

/* lseek to off with whence: the result, or -errno. */
static long long seek(long long off, int whence)
{
	long long res = -1;
	long r =
	    RSYS(SYS__llseek, fd, (unsigned long)(off >> 32), (unsigned long)off, &res, whence);

	return r < 0 ? r : res;
}

/* What SEEK_DATA (data) or SEEK_HOLE gives at off by the model. */
static long long model_seek(long long off, int data)
{
	long long idx = off / PAGE, p;

	if (off < 0 || off >= size)
		return -ENXIO;
	if (data) {
		int i = 0;
		while (i < npages && model[i].idx < idx)
			i++;
		if (i == npages)
			return -ENXIO;
		p = model[i].idx * PAGE > off ? model[i].idx * PAGE : off;
		return p >= size ? -ENXIO : p;
	}
	while (mpage_at(idx, 0))
		idx++;
	p = idx * PAGE > off ? idx * PAGE : off;
	return p >= size ? size : p;
}

int main(void)
{
	char path[64];
	int writes = 1, truncs = 1, sizes = 1, reads = 1, datas = 1, holes = 1;

	plan(9);
	snprintf(path, sizeof(path), "/tmp/fs_sparse.%ld", RSYS(SYS_getpid));
	memset(model, 0, sizeof(model)); /* our own pages, before counting */
	memset(buf, 0, sizeof(buf));
	long before = mem_free();
	fd = ropen(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ok(fd >= 0, "create the file");
	for (int s = 0; s < STEPS; s++) {
		if (rnd() % 5 == 0) {
			long long to = rnd() % 3 == 0	? size / 2
				       : rnd() % 4 == 0 ? 0
							: some_offset();
			truncs &= step_truncate(to);
		} else {
			writes &= step_write(some_offset(), 1 + rnd() % 5000);
		}
		struct kstat64 st;
		sizes &= RSYS(SYS_fstat64, fd, &st) == 0 && st.st_size == size;
		for (int k = 0; k < 4; k++) {
			unsigned char got[64];
			long long off = some_offset();
			long n = RSYS(SYS_pread64, fd, got, sizeof(got), (unsigned long)off,
				      (unsigned long)(off >> 32));
			long want = off >= size ? 0 : size - off < 64 ? size - off : 64;
			int same = n == want;
			for (long i = 0; same && i < n; i++)
				same = got[i] == mbyte(off + i);
			if (!same && reads)
				diag("step %d: pread64 at %lld gave %ld bytes, model %ld", s, off,
				     n, want);
			reads &= same;
			off = some_offset();
			long long d = seek(off, SEEK_DATA_), md = model_seek(off, 1);
			long long h = seek(off, SEEK_HOLE_), mh = model_seek(off, 0);
			if (d != md && datas)
				diag("step %d: SEEK_DATA at %lld gave %lld, model %lld", s, off, d,
				     md);
			if (h != mh && holes)
				diag("step %d: SEEK_HOLE at %lld gave %lld, model %lld", s, off, h,
				     mh);
			datas &= d == md;
			holes &= h == mh;
		}
	}
	ok(writes, "300 steps: every pwrite64 wrote all its bytes");
	ok(truncs, "every ftruncate64 worked");
	ok(sizes, "the size always matched the model");
	ok(reads, "reads at random places always matched the model");
	ok(datas, "SEEK_DATA always matched the model");
	ok(holes, "SEEK_HOLE always matched the model");
	RSYS(SYS_close, fd);
	is(RSYS(SYS_unlink, path), 0, "unlink the file");
	if (mica_only("unlinking gives back every page")) {
		long after = mem_free();
		ok(after == before, "unlinking gives back every page");
		if (after != before)
			diag("MemFree %ld kB before, %ld kB after", before, after);
	}
	return done();
}
