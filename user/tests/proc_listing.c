/*
 * proc_listing: /proc lists every live process once, in increasing pid
 * order, also while processes come and go during the listing; a listing
 * read one entry per getdents64 call resumes where it stopped.
 */
#include "tap.h"
#include <dirent.h>
#include <signal.h>

#define NCHILD 40
#define REC_MAX 4096

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Reads /proc one entry per getdents64 call (a buffer just big enough
 * for one record); calls between(k) after the k-th pid. Stores the pids
 * in out[] and returns their count, or -1 on an error. */
static int list_pids(pid_t *out, int max, void (*between)(int k))
{
	char buf[sizeof(struct linux_dirent64) + 24];
	int fd = open("/proc", O_RDONLY | O_DIRECTORY), n = 0;
	long got;

	if (fd < 0)
		return -1;
	while ((got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			char *end;
			long pid = strtol(d->d_name, &end, 10);
			if (*end == '\0' && pid > 0 && n < max) {
				out[n++] = (pid_t)pid;
				if (between)
					between(n);
			}
			off += d->d_reclen;
		}
	}
	close(fd);
	return got < 0 ? -1 : n;
}

static pid_t child[NCHILD];
static int killed[NCHILD];
static pid_t pids[REC_MAX];

/* Kills and reaps child i, once. */
static void kill_child(int i)
{
	if (!killed[i]) {
		kill(child[i], SIGKILL);
		waitpid(child[i], NULL, 0);
		killed[i] = 1;
	}
}

/* While the listing is under way: after the k-th pid, kill child
 * 4(k-1) (one not listed yet) and, if the pid just listed is child 4j+1,
 * that child too (the listing then goes on after a pid that is gone). */
static void kill_some(int k)
{
	if ((k - 1) * 4 < NCHILD)
		kill_child((k - 1) * 4);
	for (int i = 1; i < NCHILD; i += 4)
		if (child[i] == pids[k - 1])
			kill_child(i);
}

/* How many times pid occurs in v[0..n). */
static int count(const pid_t *v, int n, pid_t pid)
{
	int c = 0;

	for (int i = 0; i < n; i++)
		c += v[i] == pid;
	return c;
}

/* True if v[0..n) increases strictly. */
static int increasing(const pid_t *v, int n)
{
	for (int i = 1; i < n; i++)
		if (v[i] <= v[i - 1])
			return 0;
	return 1;
}

int main(void)
{
	int fd[2];

	plan(8);
	if (pipe(fd) < 0)
		return 1;
	for (int i = 0; i < NCHILD; i++) {
		child[i] = fork();
		if (child[i] == 0) {
			char c;
			close(fd[1]);
			read(fd[0], &c, 1); /* until the parent closes the pipe */
			_exit(0);
		}
	}
	close(fd[0]);

	int n = list_pids(pids, REC_MAX, NULL);
	ok(n > NCHILD, "a listing of /proc has more than the %d children", NCHILD);
	ok(increasing(pids, n), "/proc lists pids in increasing order");
	int all = count(pids, n, getpid()) == 1;
	for (int i = 0; i < NCHILD; i++)
		all &= count(pids, n, child[i]) == 1;
	ok(all, "the caller and every child appear exactly once");

	n = list_pids(pids, REC_MAX, kill_some);
	ok(n > 0 && increasing(pids, n), "a listing while children die stays in increasing order");
	int survivors = 1, gone = 1, nkilled = 0;
	for (int i = 0; i < NCHILD; i++) {
		int c = count(pids, n, child[i]);
		if (!killed[i])
			survivors &= c == 1;
		else
			gone &= c <= 1;
		nkilled += killed[i];
	}
	diag("%d children killed during the listing", nkilled);
	ok(survivors, "every child alive throughout appears exactly once");
	ok(gone, "a child that died during the listing appears at most once");

	n = list_pids(pids, REC_MAX, NULL);
	int none = 1;
	for (int i = 0; i < NCHILD; i++)
		if (killed[i])
			none &= count(pids, n, child[i]) == 0;
	ok(none, "a reaped child is not in a later listing");

	close(fd[1]);
	int reaped = 0;
	for (int i = 0; i < NCHILD; i++)
		if (!killed[i])
			reaped += waitpid(child[i], NULL, 0) == child[i];
	int left = 0;
	for (int i = 0; i < NCHILD; i++)
		left += !killed[i];
	is(reaped, left, "the other children exit once the pipe closes");
	return done();
}
