/*
 * Reader for cpio "newc" archives, the initramfs format.
 *
 * An archive is a list of entries, each laid out as
 *
 *	header   110 bytes: magic "070701" (or "070702", with checksums) and
 *	         13 fields of 8 hex digits: ino mode uid gid nlink mtime
 *	         filesize devmajor devminor rdevmajor rdevminor namesize check
 *	name     namesize bytes, including the terminating NUL
 *	pad      to a multiple of 4 from the start of the archive
 *	data     filesize bytes
 *	pad      to a multiple of 4
 *
 * and ends with an entry named "TRAILER!!!". The archive comes from outside
 * the kernel, so every length is checked against the bytes that remain
 * before it is used. Lengths are compared as "size - offset", never as
 * "offset + length", so a huge field cannot wrap around. The checksum of
 * 070702 archives is not verified.
 */
#include <stddef.h>
#include <stdint.h>
#include <lib/cpio.h>
#include <lib/string.h>

#define HDR_LEN 110
#define NFIELDS 13
#define TRAILER "TRAILER!!!"

/* Header fields, in archive order (index into the parsed array). */
enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK
};

/* Parse 8 hex digits (either case) at p into *out. Returns 0, or -1 on a non-digit. */
static int parse_hex8(const unsigned char *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		unsigned char c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/*
 * Advance *off over len bytes and then over padding to a multiple of 4.
 * Returns 0, or CPIO_ETRUNC if that would pass the end of the archive.
 */
static int skip(const struct cpio_iter *it, size_t *off, size_t len)
{
	size_t pad;

	if (len > it->size - *off)
		return CPIO_ETRUNC;
	*off += len;
	pad = (4 - (*off & 3)) & 3;
	if (pad > it->size - *off)
		return CPIO_ETRUNC;
	*off += pad;
	return 0;
}

/* Start reading the size-byte archive at data. */
void cpio_iter_init(struct cpio_iter *it, const void *data, size_t size)
{
	it->base = data;
	it->size = size;
	it->pos = 0;
}

/*
 * Read the next entry into *e. Returns 1 for an entry, 0 at the trailer or a
 * CPIO_E* error. After 0 or an error the iterator stays put, so calling again
 * returns the same result.
 */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	const unsigned char *h, *name, *data;
	uint32_t f[NFIELDS];
	size_t off = it->pos, namelen;
	int i, err;

	if (off > it->size || it->size - off < HDR_LEN)
		return CPIO_ETRUNC;
	h = it->base + off;
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return CPIO_EBADMAGIC;
	for (i = 0; i < NFIELDS; i++)
		if (parse_hex8(h + 6 + 8 * i, &f[i]) < 0)
			return CPIO_EBADHEX;
	off += HDR_LEN;

	/* The name: namesize bytes, the last one (and only that one) NUL. */
	if (f[F_NAMESIZE] == 0)
		return CPIO_EBADNAME;
	if (f[F_NAMESIZE] > it->size - off)
		return CPIO_ETRUNC;
	name = it->base + off;
	namelen = f[F_NAMESIZE] - 1;
	if (name[namelen] != '\0' || memchr(name, '\0', namelen))
		return CPIO_EBADNAME;
	err = skip(it, &off, f[F_NAMESIZE]);
	if (err)
		return err;

	data = it->base + off;
	err = skip(it, &off, f[F_FILESIZE]);
	if (err)
		return err;

	if (namelen == sizeof(TRAILER) - 1 && memcmp(name, TRAILER, namelen) == 0)
		return 0; /* stay on the trailer */

	e->name = (const char *)name;
	e->namelen = namelen;
	e->mode = f[F_MODE];
	e->ino = f[F_INO];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->data = data;
	e->size = f[F_FILESIZE];
	it->pos = off;
	return 1;
}

/* Returns a short description of a cpio_next() result. */
const char *cpio_strerror(int err)
{
	switch (err) {
	case 1:
	case 0:
		return "no error";
	case CPIO_EBADMAGIC:
		return "bad header magic";
	case CPIO_ETRUNC:
		return "archive truncated";
	case CPIO_EBADHEX:
		return "header field is not hex";
	case CPIO_EBADNAME:
		return "bad entry name";
	default:
		return "unknown cpio error";
	}
}
