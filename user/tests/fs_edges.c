/*
 * fs_edges: behaviour that ordinary programs rely on without thinking:
 * removing entries while walking a directory visits every entry; link
 * counts after unlink and rmdir; the std fds' open modes; rmdir("/");
 * fsync on a pipe; SIGCHLD ignored means children reap themselves; a
 * parent exists (getppid) and orphans are not ours to wait for; 200
 * children at once.
 */
#include "tap.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/uio.h>

#define TDIR "/tmp/fs_edges.d"

static void walk_and_delete(void)
{
	char n[300];
	int seen = 0, del = 0;

	mkdir(TDIR, 0755);
	for (int i = 0; i < 300; i++) {
		snprintf(n, sizeof(n), TDIR "/f%03d", i);
		close(open(n, O_CREAT | O_WRONLY, 0644));
	}
	DIR *d = opendir(TDIR);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		seen++;
		if (e->d_name[0] == '.')
			continue;
		snprintf(n, sizeof(n), TDIR "/%s", e->d_name);
		del += unlink(n) == 0;
	}
	if (d)
		closedir(d);
	is(seen, 302, "readdir while unlinking sees all 300 entries and . ..");
	is(del, 300, "and every unlink works");
	is(rmdir(TDIR), 0, "the directory is empty afterwards");
}

static void link_counts(void)
{
	struct stat st;
	int f = open("/tmp/fs_edges.f", O_CREAT | O_RDWR | O_TRUNC, 0644);

	ok(fstat(f, &st) == 0 && st.st_nlink == 1, "a new file has one link");
	unlink("/tmp/fs_edges.f");
	ok(fstat(f, &st) == 0 && st.st_nlink == 0, "an unlinked open file has none");
	close(f);
	mkdir(TDIR, 0755);
	ok(stat(TDIR, &st) == 0 && st.st_nlink == 2, "a new directory has two");
	int d = open(TDIR, O_RDONLY | O_DIRECTORY);
	rmdir(TDIR);
	ok(fstat(d, &st) == 0 && st.st_nlink == 0, "a removed open directory has none");
	close(d);
}

static void misc(void)
{
	int p[2];

	is_err(sys1(40, "/"), EBUSY, "rmdir(\"/\") is EBUSY");
	pipe(p);
	is_err(sys1(118, p[0]), EINVAL, "fsync on a pipe is EINVAL");
	close(p[0]);
	close(p[1]);
	ok(getppid() != 0, "the process has a parent");
}

static void children(void)
{
	int st;
	pid_t kids[200];
	int made = 0;

	signal(SIGCHLD, SIG_IGN);
	pid_t c = fork();
	if (c == 0)
		_exit(1);
	usleep(100000);
	errno = 0;
	ok(waitpid(c, &st, 0) == -1 && errno == ECHILD,
	   "with SIGCHLD ignored a child reaps itself: ECHILD");
	signal(SIGCHLD, SIG_DFL);

	c = fork();
	if (c == 0) {
		if (fork() == 0) {
			usleep(100000);
			_exit(0);
		}
		_exit(0);
	}
	waitpid(c, &st, 0);
	usleep(300000);
	errno = 0;
	ok(wait(&st) == -1 && errno == ECHILD, "an orphaned grandchild is not ours to wait for");

	for (int i = 0; i < 200; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			pause();
			_exit(0);
		}
		made += kids[i] > 0;
	}
	is(made, 200, "200 children at once");
	int reaped = 0;
	for (int i = 0; i < 200; i++) {
		if (kids[i] <= 0)
			continue;
		kill(kids[i], SIGKILL);
		reaped += waitpid(kids[i], &st, 0) == kids[i] && WIFSIGNALED(st);
	}
	is(reaped, 200, "all killed and reaped");
}

/* Two processes writev records of three segments each to one shared
 * open file: every record must land in one piece. */
static void shared_writev(void)
{
	int fd = open("/tmp/fs_edges.w", O_CREAT | O_RDWR | O_TRUNC, 0644);
	pid_t kids[2];

	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			char a[100], b[200], c[700];
			memset(a, 'a' + k, sizeof(a));
			memset(b, 'a' + k, sizeof(b));
			memset(c, 'a' + k, sizeof(c));
			struct iovec iov[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
			for (int i = 0; i < 200; i++)
				if (writev(fd, iov, 3) != 1000)
					_exit(1);
			_exit(0);
		}
	}
	int st, good = 1;
	for (int k = 0; k < 2; k++) {
		waitpid(kids[k], &st, 0);
		good &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	ok(good, "two writers, 200 writevs each");
	static char buf[400000];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);
	int whole = n == 400000;
	for (ssize_t r = 0; whole && r < n; r += 1000)
		for (int i = 1; i < 1000; i++)
			if (buf[r + i] != buf[r]) {
				whole = 0;
				break;
			}
	ok(whole, "every 1000-byte record is one writer's, unbroken");
	close(fd);
	unlink("/tmp/fs_edges.w");
}

int main(void)
{
	plan(16);
	walk_and_delete();
	link_counts();
	misc();
	children();
	shared_writev();
	return done();
}
