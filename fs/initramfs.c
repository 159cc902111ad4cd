/*
 * Unpacking the initramfs (a cpio "newc" archive, the first Multiboot
 * module) into the ramfs at boot, with lib/cpio.c doing the parsing:
 * directories, regular files and symbolic links (the target is the
 * entry's data, as cpio stores it).
 * A malformed archive is reported with the parser's reason and whatever
 * was unpacked before the bad entry is kept.
 */
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <lib/cpio.h>

/* Create every missing directory along path[0..len) (no leading '/').
 * Returns the last one, or NULL for a ".." or a name that is no directory. */
static struct inode *make_dirs(const char *path, size_t len)
{
	struct inode *dir = root_inode;
	size_t i = 0;

	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		size_t start = i;
		while (i < len && path[i] != '/')
			i++;
		if (i - start == 2 && path[start] == '.' && path[start + 1] == '.')
			return NULL; /* an archive may not climb out */
		if (is_dot_name(path + start, i - start))
			continue;
		struct inode *next = dir_lookup(dir, path + start, i - start);
		int err;
		if (!next && !(next = ramfs_mkdir(dir, path + start, i - start, 0755, &err)))
			return NULL;
		if (!S_ISDIR(next->mode))
			return NULL;
		dir = next;
	}
	return dir;
}

/* Create the regular file path (making missing directories) holding
 * data[0..size) with mode. Returns 0 or -errno. */
int ramfs_create_file(const char *path, const void *data, size_t size, uint32_t mode)
{
	while (*path == '/')
		path++;
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) : 0;
	const char *name = slash ? slash + 1 : path;
	struct inode *dir = make_dirs(path, dirlen);
	if (!dir || !*name)
		return -ENOENT;
	if (is_dot_name(name, strlen(name)))
		return -EINVAL;
	struct inode *ip = inode_new(S_IFREG | (mode & 07777));
	if (!ip)
		return -ENOMEM;
	struct file *f = file_alloc(ip, O_WRONLY, &ramfs_file_ops);
	loff_t pos = 0;
	ssize_t n = f ? kernel_write(f, data, size, &pos) : -ENOMEM;
	if (f)
		file_put(f);
	int err = n == (ssize_t)size ? dir_link(dir, name, strlen(name), ip) : -ENOMEM;
	inode_put(ip);
	return err;
}

/* Create the symbolic link path (making missing directories) holding the
 * target text[0..len). Returns 0 or -errno. */
static int ramfs_create_symlink(const char *path, const char *text, size_t len)
{
	while (*path == '/')
		path++;
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	struct inode *dir = make_dirs(path, slash ? (size_t)(slash - path) : 0);
	if (!dir || !*name || len == 0 || len >= PATH_MAX)
		return -ENOENT;
	if (is_dot_name(name, strlen(name)))
		return -EINVAL;
	struct inode *ip = inode_new(S_IFLNK | 0777);
	char *copy = ip ? kmalloc(len + 1) : NULL;
	if (!copy) {
		if (ip)
			inode_put(ip);
		return -ENOMEM;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	ip->link = copy;
	ip->size = len;
	int err = dir_link(dir, name, strlen(name), ip);
	inode_put(ip);
	return err;
}

/* Unpack the cpio archive data[0..size) into the ramfs. */
void initramfs_unpack(const void *data, size_t size)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int r, files = 0;
	char path[NAME_MAX + 2];

	cpio_iter_init(&it, data, size);
	while ((r = cpio_next(&it, &e)) > 0) {
		if (e.namelen == 0 || e.namelen >= sizeof(path))
			continue;
		memcpy(path, e.name, e.namelen);
		path[e.namelen] = '\0';
		if (!strcmp(path, "."))
			continue;
		if (S_ISDIR(e.mode)) {
			struct inode *d = make_dirs(path, e.namelen);
			if (!d)
				printk("initramfs: cannot create directory %s\n", path);
			else
				d->mode = S_IFDIR | (e.mode & 07777); /* /tmp is 1777 */
		} else if (S_ISREG(e.mode)) {
			if (ramfs_create_file(path, e.data, e.size, e.mode))
				printk("initramfs: cannot create %s\n", path);
			else
				files++;
		} else if (S_ISLNK(e.mode)) {
			if (ramfs_create_symlink(path, e.data, e.size))
				printk("initramfs: cannot create link %s\n", path);
			else
				files++;
		}
	}
	if (r < 0)
		printk("initramfs: malformed archive: %s (kept %d files before it)\n",
		       cpio_strerror(r), files);
	else
		pr_info("initramfs: %d files\n", files);
}
