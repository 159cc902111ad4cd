/*
 * A ramfs directory's index of its entries. Each entry (struct
 * dirent_node) sits in three places at once:
 *
 *   - the entry list, dir->entries .. dir->entries_last, doubly linked in
 *     increasing seq (the order of linking): what every walk of a
 *     directory follows, and what a listing returns;
 *   - a hash table, dir->dix.buckets[], chained through hnext: a name's
 *     bucket is its FNV-1a hash scaled to the table's bits, and a lookup
 *     compares hash, then length, then the bytes (memcmp) of only the
 *     entries in that one bucket. The table doubles when the directory
 *     holds more entries than it has buckets, so chains stay short;
 *   - the seq index, dir->dix.slots[], (seq, entry) pairs in increasing
 *     seq: getdents64's position is 2 + seq, and a call finds where it
 *     resumes by binary search here. A removed entry leaves a hole (its
 *     seq, no entry); holes are squeezed out once they outnumber the
 *     entries, so the index stays within twice the directory's size.
 *
 * An empty directory has no table and no index: the first entry makes
 * them, and the call that removes the last one frees them
 * (dir_index_trim).
 *
 * So a lookup costs the same at the first and the thousandth entry, and a
 * listing is linear in the entries whatever the buffer size: each call
 * costs one binary search, then one step per record.
 */
#include <kernel/fs.h>
#include <kernel/mm.h>

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u
#define GOLDEN_RATIO_32 0x61C88647u /* as Linux's hash_32() */
#define DIR_HASH_MIN_BITS 3	    /* the first table: 8 buckets */
#define DIR_SLOTS_MIN 8

/* The FNV-1a hash of name[0..len): what an entry's bucket derives from. */
uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = FNV_OFFSET;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * FNV_PRIME;
	return h;
}

/* The bucket of hash h in a table of 2^bits buckets. */
static uint32_t bucket_of(uint32_t h, uint32_t bits)
{
	return (h * GOLDEN_RATIO_32) >> (32 - bits);
}

/* The entry of dir called name[0..len), or NULL. */
struct dirent_node *dir_find(const struct inode *dir, const char *name, size_t len)
{
	const struct dir_index *x = &dir->dix;

	if (!x->buckets)
		return NULL;
	uint32_t h = name_hash(name, len);
	for (struct dirent_node *d = x->buckets[bucket_of(h, x->hash_bits)]; d; d = d->hnext)
		if (d->hash == h && d->len == len && !memcmp(d->name, name, len))
			return d;
	return NULL;
}

/* Move every entry of dir into a new table of 2^bits buckets. Returns
 * false (the old table kept) without memory. */
static bool rehash(struct inode *dir, uint32_t bits)
{
	struct dirent_node **b = kzalloc(sizeof(*b) << bits);

	if (!b)
		return false;
	for (struct dirent_node *d = dir->entries; d; d = d->next) {
		struct dirent_node **head = &b[bucket_of(d->hash, bits)];
		d->hnext = *head;
		*head = d;
	}
	kfree(dir->dix.buckets);
	dir->dix.buckets = b;
	dir->dix.hash_bits = bits;
	return true;
}

/* Squeeze the holes out of dir's seq index, renumbering entries' slots. */
static void compact(struct dir_index *x)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < x->nslots; i++) {
		if (!x->slots[i].d)
			continue;
		x->slots[n] = x->slots[i];
		x->slots[n].d->slot = n;
		n++;
	}
	x->nslots = n;
}

/* Make room in dir's index for one more entry: a hash table and a free
 * slot (squeezing holes out, or a bigger array). Returns 0 or -ENOMEM,
 * with nothing changed that a later failure would need undone. */
int dir_index_reserve(struct inode *dir)
{
	struct dir_index *x = &dir->dix;

	if (!x->buckets && !rehash(dir, DIR_HASH_MIN_BITS))
		return -ENOMEM;
	if (x->nslots < x->cap)
		return 0;
	if (x->nslots - x->nlive >= x->cap / 4 && x->nslots > x->nlive) {
		compact(x);
		return 0;
	}
	uint32_t cap = x->cap ? 2 * x->cap : DIR_SLOTS_MIN;
	struct dir_slot *s = kmalloc(cap * sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (x->nslots)
		memcpy(s, x->slots, x->nslots * sizeof(*s));
	kfree(x->slots);
	x->slots = s;
	x->cap = cap;
	return 0;
}

/* Append d to dir (after dir_index_reserve): the next seq, the end of the
 * entry list and the seq index, its hash bucket. A table that grows too
 * full doubles, if memory allows (a full one only makes chains longer). */
void dir_index_add(struct inode *dir, struct dirent_node *d)
{
	struct dir_index *x = &dir->dix;

	d->seq = dir->next_seq++;
	d->next = NULL;
	d->prev = dir->entries_last;
	if (d->prev)
		d->prev->next = d;
	else
		dir->entries = d;
	dir->entries_last = d;
	d->slot = x->nslots++;
	x->slots[d->slot] = (struct dir_slot){ d->seq, d };
	x->nlive++;
	d->hash = name_hash(d->name, d->len);
	if (x->nlive > (1u << x->hash_bits) && rehash(dir, x->hash_bits + 1))
		return; /* rehash put d in its bucket with the rest */
	struct dirent_node **head = &x->buckets[bucket_of(d->hash, x->hash_bits)];
	d->hnext = *head;
	*head = d;
}

/* Take d out of dir's list, seq index and hash table (d itself stays the
 * caller's); bumps dir->dix.gen, so a listing holding d knows. */
void dir_index_del(struct inode *dir, struct dirent_node *d)
{
	struct dir_index *x = &dir->dix;

	if (d->prev)
		d->prev->next = d->next;
	else
		dir->entries = d->next;
	if (d->next)
		d->next->prev = d->prev;
	else
		dir->entries_last = d->prev;
	struct dirent_node **pp = &x->buckets[bucket_of(d->hash, x->hash_bits)];
	while (*pp != d)
		pp = &(*pp)->hnext;
	*pp = d->hnext;
	x->slots[d->slot].d = NULL;
	x->nlive--;
	x->gen++;
	while (x->nslots && !x->slots[x->nslots - 1].d) /* holes at the end go */
		x->nslots--;
	if (x->nslots - x->nlive > x->nlive + DIR_SLOTS_MIN)
		compact(x);
}

/* Free dir's index if dir is empty now: what an unlink, rmdir or rename
 * that leaves a directory empty does last. */
void dir_index_trim(struct inode *dir)
{
	if (!dir->entries)
		dir_index_free(dir);
}

/* The first entry of dir whose seq is seq or more, or NULL: a binary
 * search of the seq index, then past any holes. */
struct dirent_node *dir_seek(const struct inode *dir, uint64_t seq)
{
	const struct dir_index *x = &dir->dix;
	uint32_t lo = 0, hi = x->nslots;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (x->slots[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo < x->nslots && !x->slots[lo].d)
		lo++;
	return lo < x->nslots ? x->slots[lo].d : NULL;
}

/* Free dir's index, which holds no entry; the removal count goes on. */
void dir_index_free(struct inode *dir)
{
	uint32_t gen = dir->dix.gen;

	kfree(dir->dix.buckets);
	kfree(dir->dix.slots);
	dir->dix = (struct dir_index){ .gen = gen };
}
