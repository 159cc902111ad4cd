/*
 * fs_creat: creat(2) (8) is open(path, O_CREAT | O_WRONLY | O_TRUNC,
 * mode): a new file with the mode minus the umask, an existing one
 * truncated, the fd write-only; Linux's errors for directories, missing
 * parents and bad pointers.
 */
#include "raw.h"

#define NR_CREAT 8

int main(void)
{
	char path[64], buf[4];
	struct kstat64 st;

	plan(9);
	tmpname(path, "fs_creat");
	umask(022);
	long fd = RSYS(NR_CREAT, path, 0666);
	ok(fd >= 0, "creat makes a file");
	ok(RSYS(SYS_fstat64, fd, &st) == 0 && st.st_mode == (S_IFREG | 0644) && st.st_size == 0,
	   "a regular file, mode 0666 minus the umask");
	is(RSYS(SYS_write, fd, "data", 4), 4, "the fd is open for writing");
	is_err(RSYS(SYS_read, fd, buf, 4), EBADF, "and not for reading");
	close(fd);
	fd = RSYS(NR_CREAT, path, 0600);
	ok(fd >= 0 && RSYS(SYS_fstat64, fd, &st) == 0 && st.st_size == 0 &&
		   st.st_mode == (S_IFREG | 0644),
	   "creat of an existing file truncates it and keeps its mode");
	close(fd);
	is_err(RSYS(NR_CREAT, "/tmp", 0644), EISDIR, "creat of a directory: EISDIR");
	is_err(RSYS(NR_CREAT, "/no/such/dir/f", 0644), ENOENT, "a missing parent: ENOENT");
	is_err(RSYS(NR_CREAT, (char *)1, 0644), EFAULT, "a bad pointer: EFAULT");
	is_err(RSYS(NR_CREAT, "", 0644), ENOENT, "an empty path: ENOENT");
	unlink(path);
	return done();
}
