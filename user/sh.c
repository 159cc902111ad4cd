/*
 * sh: a small Bourne-style shell, built on fork + execve.
 *
 * Usage: sh                 read commands from stdin ("$ " prompt on a tty)
 *        sh -c "cmdline"    run one command line
 *        sh file            run a script file line by line
 *
 * A line is a list of pipelines joined by ';' (or a newline, in sh -c),
 * '&&' (run the next one only after status 0) and '||' (only after a
 * non-zero status).
 * The whole line is syntax-checked first; then each pipeline in turn is
 * split into tokens and run, so "$?" always sees the status of the
 * pipeline before it. Tokens are:
 *
 *   words        with '...', "..." and \ quoting; $? (last status), $$ (our
 *                pid) and $NAME (environment) are expanded, with no field
 *                splitting; an unquoted word starting with # is a comment
 *   operators    |   < f   > f   >> f   n> f   n>> f   n< f   n>&m
 *
 * Each stage of a pipeline is forked, its stdin/stdout wired to pipes, its
 * redirections applied in order, then it execs (searching $PATH unless the
 * name has a '/'). The parent closes each pipe end as soon as the child
 * holding it exists (so "cat f | wc" sees EOF) and waits for every stage
 * (so no zombies are left). The status of a pipeline is that of its last
 * stage; a stage killed by signal N gives 128+N and prints the signal's
 * name, e.g. "Segmentation fault". Not found: "sh: foo: not found", 127.
 * A lone builtin (cd, pwd, exit, help) runs in the shell itself, with its
 * redirections saved and restored around it.
 *
 * A pipeline ended by '&' runs in the background: the shell prints
 * "[n] pid" and does not wait; "[n]+ Done" is printed before a later
 * prompt.
 *
 * Job control, when interactive on a terminal that is the controlling
 * one (as init sets up): the shell puts itself in a group of its own and
 * ignores SIGQUIT, SIGTSTP, SIGTTIN and SIGTTOU; each pipeline is a job in
 * its own process group, made the terminal's foreground group while it
 * runs. So ^C (SIGINT) and ^\ go to the job, not the shell; at the
 * prompt, ^C discards the line and prompts again. ^Z stops the job: the
 * shell reports "[n]+ Stopped", takes the terminal back (and its own
 * terminal settings), and the builtins jobs, fg [%n] and bg [%n] list,
 * continue in front, or continue behind such jobs.
 *
 * stdin is read one byte at a time, so a command that reads stdin after us
 * gets exactly the bytes after our line. Lines are at most 1024 bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define LINE_MAX_LEN 1024 /* longest input line */
#define ARENA_SIZE 8192	  /* expanded words of one pipeline */
#define MAX_TOKENS 1024	  /* tokens in one pipeline */
#define MAX_ARGS 128	  /* words in one command */
#define MAX_REDIRS 16	  /* redirections in one command */
#define MAX_JOBS 16	  /* stopped and background jobs at once */

/* Prints "sh: " and a message, with a newline, to stderr. */
#define err(fmt, ...) dprintf(2, "sh: " fmt "\n", ##__VA_ARGS__)

/* Token types, then the operators that end a pipeline. */
enum { T_WORD, T_REDIR, T_PIPE, T_END, T_SEMI, T_AND, T_OR, T_BG };
static const char *const op_names[] = {"word", "redirection", "|", "end of line",
				       ";",    "&&",	      "||", "&"};

struct token {
	int type;
	char *word; /* T_WORD: the word, quotes removed and $ expanded */
	int fd;	    /* T_REDIR: the fd being redirected */
	int mode;   /* T_REDIR: '<', '>' or 'a' (>>) */
	int dupfd;  /* T_REDIR: m in "n>&m", else -1 (the file is the next word) */
};

struct cmd {
	char *argv[MAX_ARGS + 1];
	int argc;
	struct token *redir[MAX_REDIRS];
	int nredir;
};

struct input {
	int fd;
	int buffered; /* a script we opened: read 512 bytes at a time */
	char buf[512];
	int pos, len;
};

extern char **environ;

static struct token toks[MAX_TOKENS]; /* the pipeline being run */
static char arena[ARENA_SIZE];	      /* its words */
static pid_t pids[MAX_TOKENS];	      /* its children */
static int last_status;
static int script_fd = -1; /* closed in every child */

/* A job: a pipeline that was stopped or put in the background. */
struct job {
	pid_t pgid;	  /* its process group (the first stage's pid), 0: free */
	int left;	  /* its processes not yet reaped */
	int stopped;	  /* stopped by a signal (^Z) */
	int status;	  /* the last stage's status, when it is reaped */
	pid_t last;	  /* the last stage's pid */
	pid_t pid[8];	  /* its first stages' pids */
	char cmd[64];	  /* its command line, for jobs */
};

static struct job jobs[MAX_JOBS];
static int job_control;	       /* interactive on the controlling terminal */
static pid_t shell_pgid;	       /* the shell's own group */
static struct termios shell_tmodes;    /* the terminal as the shell wants it */
static volatile sig_atomic_t got_sigint; /* ^C at the prompt */
static const char *line_text;	       /* the line being run, for job names */

/* Reads one line into buf (at most size-1 bytes, NUL-terminated, no '\n').
 * Returns its length, -2 if it was too long (the rest is discarded), -3
 * when ^C interrupted it (job control), or -1 at end of input with nothing
 * read. */
static int read_line(struct input *in, char *buf, int size)
{
	int n = 0, too_long = 0, got = 0;
	char c;

	for (;;) {
		if (in->pos == in->len) {
			int r = read(in->fd, in->buf, in->buffered ? (int)sizeof(in->buf) : 1);
			if (r < 0 && errno == EINTR && got_sigint) {
				got_sigint = 0;
				return -3;
			}
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			in->pos = 0;
			in->len = r;
		}
		c = in->buf[in->pos++];
		got = 1;
		if (c == '\n')
			break;
		if (n < size - 1)
			buf[n++] = c;
		else
			too_long = 1;
	}
	buf[n] = '\0';
	if (!got)
		return -1;
	return too_long ? -2 : n;
}

/* Appends len bytes of text to the word at *ap in the arena.
 * Returns 0, or -1 when the arena is full. */
static int put(char **ap, const char *text, int len)
{
	if (*ap + len >= arena + ARENA_SIZE)
		return -1;
	memcpy(*ap, text, len);
	*ap += len;
	return 0;
}

/* Expands the '$' at s[0] onto *ap: $?, $$ or $NAME (unset is empty); any
 * other '$' stays as it is. Returns the number of characters of s used, or
 * -1 when the arena is full. */
static int expand(const char *s, char **ap)
{
	char num[16], name[64];
	const char *val = num;
	int n = 2;

	if (s[1] == '?' || s[1] == '$') {
		snprintf(num, sizeof(num), "%d", s[1] == '?' ? last_status : (int)getpid());
	} else if (s[1] == '_' || isalpha((unsigned char)s[1])) {
		while (s[n] == '_' || isalnum((unsigned char)s[n]))
			n++;
		snprintf(name, sizeof(name), "%.*s", n - 1, s + 1);
		val = getenv(name);
		if (!val)
			val = "";
	} else {
		val = "$";
		n = 1;
	}
	return put(ap, val, strlen(val)) < 0 ? -1 : n;
}

/* Reads one word starting at *sp into the arena at *ap, removing quotes and
 * expanding '$', and advances *sp past it. Returns 1 if the word counts (it
 * is not empty, or it had quotes), 0 if it vanished, or -1 after printing
 * an error. */
static int word(const char **sp, char **ap)
{
	const char *s = *sp, *end;
	char *start = *ap;
	int quoted = 0, n;

	while (*s && !strchr(" \t\r\n|&;<>", *s)) {
		if (*s == '\\' && s[1]) {
			n = put(ap, s + 1, 1);
			s += 2;
		} else if (*s == '\'') {
			if (!(end = strchr(s + 1, '\'')))
				goto unterminated;
			n = put(ap, s + 1, end - s - 1);
			s = end + 1;
			quoted = 1;
		} else if (*s == '"') {
			for (s++, quoted = 1, n = 0; *s != '"' && n >= 0; s++) {
				if (*s == '\0')
					goto unterminated;
				if (*s == '$') {
					n = expand(s, ap);
					s += n - 1;
					continue;
				}
				if (*s == '\\' && s[1] && strchr("$\"\\`", s[1]))
					s++;
				n = put(ap, s, 1);
			}
			s++;
		} else if (*s == '$') {
			n = expand(s, ap);
			s += n;
		} else {
			n = put(ap, s++, 1);
		}
		if (n < 0) {
			err("line too long after expansion");
			return -1;
		}
	}
	*sp = s;
	return quoted || *ap != start;
unterminated:
	err("syntax error: unterminated quote");
	return -1;
}

/* Splits the next pipeline of *sp into toks[] (words, redirections and
 * '|', then T_END) and advances *sp past the operator that ends it.
 * Returns that operator (T_SEMI for ';' or newline, T_AND, T_OR, or T_END
 * at the end of the string), or -1 after printing a syntax error. */
static int tokenize(const char **sp)
{
	const char *s = *sp;
	char *a = arena;
	int nt = 0, words = 0, need_file = 0, op, r;

	for (;;) {
		struct token *t = &toks[nt];

		s += strspn(s, " \t\r");
		if (*s == '#')
			s += strcspn(s, "\n");
		if (*s == '\n' && nt == 0) {
			s++; /* blank lines, and newlines after && and || */
			continue;
		}
		if (nt == MAX_TOKENS - 1) {
			err("too many words");
			return -1;
		}
		t->dupfd = -1;
		if (*s == '\0' || strchr("\n|&;", *s)) {
			if (*s == '\0')
				op = T_END;
			else if (s[0] == s[1] && (*s == '|' || *s == '&'))
				op = *s == '|' ? T_OR : T_AND;
			else if (*s == '&')
				op = T_BG;
			else
				op = *s == '|' ? T_PIPE : T_SEMI;
			s += op == T_OR || op == T_AND ? 2 : *s != '\0';
			if (need_file) {
				err("syntax error: redirection without a file name");
				return -1;
			}
			if (!words && (op != T_END || nt > 0)) {
				err("syntax error near '%s'",
				    op_names[nt > 0 && op == T_END ? T_PIPE : op]);
				return -1;
			}
			if (op != T_PIPE)
				break;
			t->type = T_PIPE;
			nt++;
			words = 0;
		} else if (*s == '<' || *s == '>' ||
			   (isdigit((unsigned char)*s) && (s[1] == '<' || s[1] == '>'))) {
			if (need_file) {
				err("syntax error: redirection without a file name");
				return -1;
			}
			t->type = T_REDIR;
			t->fd = *s == '<' ? 0 : 1;
			if (isdigit((unsigned char)*s))
				t->fd = *s++ - '0';
			t->mode = *s++;
			if (t->mode == '>' && *s == '>') {
				t->mode = 'a';
				s++;
			}
			if (t->mode != 'a' && *s == '&' && isdigit((unsigned char)s[1])) {
				t->dupfd = s[1] - '0';
				s += 2;
			}
			need_file = t->dupfd < 0;
			nt++;
			words++;
		} else {
			t->type = T_WORD;
			t->word = a;
			r = word(&s, &a);
			if (r < 0 || put(&a, "", 1) < 0)
				return -1;
			if (r > 0) {
				nt++;
				words++;
				need_file = 0;
			}
		}
	}
	toks[nt].type = T_END;
	*sp = s;
	return op;
}

/* Fills c from toks[*ip] up to the next '|' or the end, advancing *ip to it.
 * Returns 0, or -1 after printing an error. */
static int parse_cmd(int *ip, struct cmd *c)
{
	int i;

	c->argc = c->nredir = 0;
	for (i = *ip; toks[i].type == T_WORD || toks[i].type == T_REDIR; i++) {
		if (toks[i].type == T_WORD) {
			if (c->argc == MAX_ARGS) {
				err("too many arguments");
				return -1;
			}
			c->argv[c->argc++] = toks[i].word;
			continue;
		}
		if (c->nredir == MAX_REDIRS) {
			err("too many redirections");
			return -1;
		}
		c->redir[c->nredir++] = &toks[i];
		if (toks[i].dupfd < 0)
			i++; /* the file name */
	}
	c->argv[c->argc] = NULL;
	*ip = i;
	return 0;
}

/* Applies c's redirections in order. If saved is not NULL, first keeps a
 * dup of each target fd there for undo_redirs (-1: it was closed; -2: not
 * reached). Returns 0, or -1 after printing an error. */
static int do_redirs(struct cmd *c, int *saved)
{
	int i, fd, flags;

	for (i = 0; saved && i < c->nredir; i++)
		saved[i] = -2;
	for (i = 0; i < c->nredir; i++) {
		struct token *r = c->redir[i];

		if (saved)
			saved[i] = dup(r->fd);
		if (r->dupfd >= 0) {
			if (dup2(r->dupfd, r->fd) < 0) {
				err("%d: %s", r->dupfd, strerror(errno));
				return -1;
			}
			continue;
		}
		flags = r->mode == '<' ? O_RDONLY : O_WRONLY | O_CREAT;
		flags |= r->mode == 'a' ? O_APPEND : r->mode == '>' ? O_TRUNC : 0;
		fd = open(r[1].word, flags, 0644);
		if (fd < 0) {
			err("%s: %s", r[1].word, strerror(errno));
			return -1;
		}
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
	}
	return 0;
}

/* Undoes do_redirs(c, saved), newest redirection first. */
static void undo_redirs(struct cmd *c, int *saved)
{
	for (int i = c->nredir - 1; i >= 0; i--) {
		if (saved[i] >= 0) {
			dup2(saved[i], c->redir[i]->fd);
			close(saved[i]);
		} else if (saved[i] == -1) {
			close(c->redir[i]->fd);
		}
	}
}

/* Returns 1 if name is a builtin (NULL, a command of only redirections,
 * counts as one that does nothing). */
static int is_builtin(const char *name)
{
	return !name || !strcmp(name, "cd") || !strcmp(name, "pwd") || !strcmp(name, "exit") ||
	       !strcmp(name, "help");
}

/* Runs builtin c. Returns its status; "exit" does not return. */
static int run_builtin(struct cmd *c)
{
	char buf[1024], *end;
	const char *dir;
	long n = last_status;

	if (c->argc == 0)
		return 0;
	if (!strcmp(c->argv[0], "cd")) {
		dir = c->argc > 1 ? c->argv[1] : getenv("HOME");
		if (!dir || !*dir)
			dir = "/";
		if (chdir(dir) == 0)
			return 0;
		err("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	if (!strcmp(c->argv[0], "pwd")) {
		if (getcwd(buf, sizeof(buf))) {
			dprintf(1, "%s\n", buf);
			return 0;
		}
		err("pwd: %s", strerror(errno));
		return 1;
	}
	if (!strcmp(c->argv[0], "exit")) {
		if (c->argc > 1) {
			n = strtol(c->argv[1], &end, 10);
			if (!*c->argv[1] || *end) {
				err("exit: %s: bad number", c->argv[1]);
				n = 2;
			}
		}
		exit(n & 255);
	}
	dprintf(1, "builtins: cd [dir], pwd, exit [n], help, jobs, fg [%%n], bg [%%n]\n"
		   "  a | b      pipeline            a; b     one after the other\n"
		   "  a && b     b if a succeeded    a || b   b if a failed\n"
		   "  a &        in the background   ^C ^Z    interrupt, stop\n"
		   "  <f  >f  >>f  2>f  2>&1         redirections\n"
		   "  'x'  \"x $?\"  \\x                quoting; $? is the last status\n"
		   "programs come from $PATH; try: ls /bin\n");
	return 0;
}

/* In a forked child: execs c and never returns. Searches $PATH unless the
 * name has a '/'. Exits 127 if not found, 126 if found but not runnable. */
static void exec_cmd(struct cmd *c)
{
	char path[1024];
	const char *name = c->argv[0], *p, *end;
	int e = ENOENT;

	if (strchr(name, '/')) {
		execve(name, c->argv, environ);
		e = errno;
		err("%s: %s", name, strerror(e));
		_exit(e == ENOENT ? 127 : 126);
	}
	p = getenv("PATH");
	for (p = p ? p : "/bin:/sbin";; p = end + 1) {
		end = p + strcspn(p, ":");
		if (snprintf(path, sizeof(path), "%.*s%s%s", (int)(end - p), p, end > p ? "/" : "",
			     name) < (int)sizeof(path)) {
			execve(path, c->argv, environ);
			if (errno != ENOENT && errno != ENOTDIR)
				e = errno;
		}
		if (!*end)
			break;
	}
	if (e == ENOENT)
		err("%s: not found", name);
	else
		err("%s: %s", name, strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

/* Turns a wait status into a shell status. Prints the signal's name if the
 * child was killed, except by SIGPIPE, which is routine in pipelines, and
 * SIGINT, after which a newline is enough (the terminal showed ^C). */
static int wait_status(int st)
{
	if (WIFSIGNALED(st)) {
		if (WTERMSIG(st) == SIGINT)
			write(2, "\n", 1);
		else if (WTERMSIG(st) != SIGPIPE)
			dprintf(2, "%s\n", strsignal(WTERMSIG(st)));
		return 128 + WTERMSIG(st);
	}
	if (WIFSTOPPED(st))
		return 128 + WSTOPSIG(st);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/* A free slot of the job table for pgid (running), or NULL if full. */
static struct job *job_new(pid_t pgid, int n, pid_t last)
{
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		if (j->pgid)
			continue;
		memset(j, 0, sizeof(*j));
		j->pgid = pgid;
		j->left = n;
		j->last = last;
		for (int k = 0; k < n && k < 8; k++)
			j->pid[k] = pids[k];
		snprintf(j->cmd, sizeof(j->cmd), "%s", line_text ? line_text : "");
		char *amp = strrchr(j->cmd, '&');
		if (amp && amp > j->cmd && amp[-1] != '&' && !amp[1 + strspn(amp + 1, " \t")])
			*amp = '\0'; /* "sleep 1 &" is the job "sleep 1" */
		for (size_t k = strlen(j->cmd); k > 0 && j->cmd[k - 1] == ' '; k--)
			j->cmd[k - 1] = '\0';
		return j;
	}
	return NULL;
}

/* Prints "[n]+  state  cmd" for job j. */
static void job_print(struct job *j, const char *state)
{
	dprintf(2, "[%d]+  %-8s %s\n", (int)(j - jobs) + 1, state, j->cmd);
}

/* Counts child pid's wait status st against its job: a stage that ended
 * leaves it (the last stage's gives the job's status), a stop stops it.
 * Returns the job, or NULL. */
static struct job *job_note(pid_t pid, int st)
{
	struct job *j = NULL;

	for (int i = 0; i < MAX_JOBS && !j; i++)
		for (int k = 0; jobs[i].pgid && k < 8; k++)
			if (jobs[i].pid[k] == pid || jobs[i].last == pid)
				j = &jobs[i];
	if (!j)
		return NULL;
	if (WIFSTOPPED(st)) {
		j->stopped = 1;
	} else if (!WIFCONTINUED(st)) {
		j->left--;
		if (pid == j->last)
			j->status = st;
	}
	return j;
}

/* Gives the terminal to group pgid (the shell's: and its settings back). */
static void give_terminal(pid_t pgid)
{
	if (!job_control)
		return;
	tcsetpgrp(0, pgid);
	if (pgid == shell_pgid)
		tcsetattr(0, TCSADRAIN, &shell_tmodes);
}

/* Waits, in the foreground, until job j is done or stopped. Returns the
 * shell status: the last stage's, or 128 + the stop signal. */
static int job_wait(struct job *j)
{
	int st;

	while (j->left > 0 && !j->stopped) {
		pid_t pid = waitpid(-j->pgid, &st, WUNTRACED);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		job_note(pid, st);
		if (pid != j->last && WIFSIGNALED(st))
			wait_status(st);
	}
	give_terminal(shell_pgid);
	if (j->stopped) {
		write(2, "\n", 1);
		job_print(j, "Stopped");
		return 128 + SIGTSTP;
	}
	st = j->status;
	j->pgid = 0;
	return wait_status(st);
}

/* Before a prompt: reaps the background jobs that ended, with "Done". */
static void jobs_reap(void)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED)) > 0) {
		struct job *j = job_note(pid, st);
		if (j && j->left == 0) {
			job_print(j, "Done");
			j->pgid = 0;
		} else if (j && j->stopped) {
			job_print(j, "Stopped");
		}
	}
}

/* The job "%n" (or the newest one when arg is NULL) names. Returns it, or
 * NULL after printing why not. */
static struct job *job_arg(const char *arg, const char *who)
{
	int n = arg ? atoi(arg + (arg[0] == '%')) : 0;

	if (!arg) {
		for (n = MAX_JOBS; n > 0 && !jobs[n - 1].pgid; n--)
			;
	}
	if (n < 1 || n > MAX_JOBS || !jobs[n - 1].pgid) {
		err("%s: %s: no such job", who, arg ? arg : "current");
		return NULL;
	}
	return &jobs[n - 1];
}

/* The job builtins: jobs, fg [%n], bg [%n]. Returns the status. */
static int job_builtin(struct cmd *c)
{
	const char *name = c->argv[0];
	struct job *j;

	if (!strcmp(name, "jobs")) {
		for (int i = 0; i < MAX_JOBS; i++)
			if (jobs[i].pgid)
				dprintf(1, "[%d]  %-8s %s\n", i + 1,
					jobs[i].stopped ? "Stopped" : "Running", jobs[i].cmd);
		return 0;
	}
	if (!(j = job_arg(c->argc > 1 ? c->argv[1] : NULL, name)))
		return 1;
	dprintf(2, "%s%s\n", j->cmd, !strcmp(name, "bg") ? " &" : "");
	j->stopped = 0;
	if (!strcmp(name, "bg")) {
		kill(-j->pgid, SIGCONT);
		return 0;
	}
	give_terminal(j->pgid);
	kill(-j->pgid, SIGCONT);
	return job_wait(j);
}

/* In a new child of the pipeline whose group is *pgid (0: this child
 * starts it): join it, take the terminal if it runs in front, and undo
 * the shell's signal settings. */
static void child_job_setup(pid_t pgid, int bg)
{
	if (!job_control)
		return;
	pid_t me = getpid();
	setpgid(0, pgid ? pgid : me);
	if (!bg)
		tcsetpgrp(0, pgid ? pgid : me);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
}

/* Runs the pipeline in toks[], in the background if bg. Returns its
 * status (0 for one put in the background). */
static int run_pipeline(int bg)
{
	struct cmd c;
	int saved[MAX_REDIRS];
	int i = 0, n = 0, in_fd = -1, p[2], status = 0, last, st;
	pid_t pid, pgid = 0;

	for (;; i++) {
		if (parse_cmd(&i, &c) < 0) {
			status = 2;
			break;
		}
		last = toks[i].type == T_END;
		if (n == 0 && last && !bg && c.argv[0] &&
		    (!strcmp(c.argv[0], "jobs") || !strcmp(c.argv[0], "fg") ||
		     !strcmp(c.argv[0], "bg"))) {
			status = do_redirs(&c, saved) < 0 ? 1 : job_builtin(&c);
			undo_redirs(&c, saved);
			return status;
		}
		if (n == 0 && last && !bg && is_builtin(c.argv[0])) {
			status = do_redirs(&c, saved) < 0 ? 1 : run_builtin(&c);
			undo_redirs(&c, saved);
			return status;
		}
		if (!last && pipe(p) < 0) {
			err("pipe: %s", strerror(errno));
			status = 2;
			break;
		}
		pid = fork();
		if (pid == 0) {
			child_job_setup(pgid, bg);
			if (script_fd > 2)
				close(script_fd);
			if (in_fd >= 0) {
				dup2(in_fd, 0);
				close(in_fd);
			}
			if (!last) {
				close(p[0]);
				dup2(p[1], 1);
				close(p[1]);
			}
			if (do_redirs(&c, NULL) < 0)
				_exit(1);
			if (is_builtin(c.argv[0]))
				_exit(run_builtin(&c));
			exec_cmd(&c);
		}
		if (pid > 0 && job_control) {
			if (!pgid)
				pgid = pid;
			setpgid(pid, pgid); /* here too: no race with the child */
			if (!bg)
				tcsetpgrp(0, pgid);
		}
		if (in_fd >= 0)
			close(in_fd);
		in_fd = last ? -1 : p[0];
		if (!last)
			close(p[1]);
		if (pid < 0) {
			err("fork: %s", strerror(errno));
			status = 2;
			break;
		}
		pids[n++] = pid;
		if (last)
			break;
	}
	if (in_fd >= 0)
		close(in_fd);
	if (n == 0)
		return status;
	struct job *j = job_control ? job_new(pgid ? pgid : pids[0], n, pids[n - 1]) : NULL;
	if (bg) {
		if (j)
			dprintf(2, "[%d] %d\n", (int)(j - jobs) + 1, (int)pids[n - 1]);
		return status;
	}
	if (job_control && j) {
		int r = job_wait(j);
		return status ? status : r;
	}
	for (i = 0; i < n; i++) {
		while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
		if (i == n - 1 && status == 0)
			status = wait_status(st);
		else if (WIFSIGNALED(st))
			wait_status(st);
	}
	if (j)
		j->pgid = 0;
	return status;
}

/* Runs one command line, updating last_status. */
static void run_line(const char *line)
{
	const char *s = line;
	int op, prev = T_SEMI;

	line_text = line;
	/* First pass: the syntax of the whole line. */
	do {
		op = tokenize(&s);
		if (op >= 0 && toks[0].type == T_END && (prev == T_AND || prev == T_OR)) {
			err("syntax error near '%s'", op_names[prev]);
			op = -1;
		}
		if (op < 0) {
			last_status = 2;
			return;
		}
		prev = op;
	} while (op != T_END);

	for (s = line, prev = T_SEMI; prev != T_END; prev = op) {
		op = tokenize(&s);
		if (op < 0) {
			last_status = 2;
			return;
		}
		if (toks[0].type == T_END)
			continue;
		if (prev == T_SEMI || prev == T_BG || (prev == T_AND && last_status == 0) ||
		    (prev == T_OR && last_status != 0))
			last_status = run_pipeline(op == T_BG);
	}
}

/* Runs every line of in, prompting first if interactive, until EOF. */
static void run_input(struct input *in, int interactive)
{
	char line[LINE_MAX_LEN + 1];
	int n;

	for (;;) {
		if (job_control)
			jobs_reap();
		if (interactive)
			write(2, "$ ", 2);
		n = read_line(in, line, sizeof(line));
		if (n == -1)
			break;
		if (n == -3) { /* ^C: a fresh prompt on a new line */
			write(2, "\n", 1);
			continue;
		}
		if (n == -2) {
			err("line too long (max %d bytes)", LINE_MAX_LEN);
			last_status = 2;
			continue;
		}
		run_line(line);
	}
	if (interactive)
		write(2, "\n", 1);
}

/* SIGINT at the prompt: read_line gives up the line. */
static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

/* Job control, if the shell is interactive on its controlling terminal:
 * a group of its own in front, the job-control signals ignored, and ^C
 * caught (no SA_RESTART, so that it ends the read of a line). */
static void start_job_control(void)
{
	struct sigaction sa;

	if (tcgetpgrp(0) != getpgrp())
		return; /* not the terminal's foreground, or not our terminal */
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	setpgid(0, 0); /* a session leader is in its own group already */
	shell_pgid = getpgrp();
	tcsetpgrp(0, shell_pgid);
	tcgetattr(0, &shell_tmodes);
	job_control = 1;
}

int main(int argc, char **argv)
{
	static struct input in;
	struct termios t;

	if (argc > 1 && !strcmp(argv[1], "-c")) {
		if (argc < 3) {
			err("-c: option requires an argument");
			return 2;
		}
		run_line(argv[2]);
		return last_status;
	}
	if (argc > 1) {
		script_fd = open(argv[1], O_RDONLY);
		if (script_fd < 0) {
			err("%s: %s", argv[1], strerror(errno));
			return 127;
		}
		in.fd = script_fd;
		in.buffered = 1;
		run_input(&in, 0);
		return last_status;
	}
	in.fd = 0;
	int interactive = tcgetattr(0, &t) == 0; /* TCGETS works only on a tty */
	if (interactive)
		start_job_control();
	run_input(&in, interactive);
	return last_status;
}
