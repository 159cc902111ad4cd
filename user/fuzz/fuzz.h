/*
 * fuzz.h - the syscall fuzzer's shared declarations.
 *
 * The fuzzer is one static program (build/user/fuzz) with two roles.
 * The supervisor (main.c) forks workers, watches them and prints the
 * summary; it never makes a random call itself. A worker (worker.c) lives
 * for a fixed number of calls: it sets up its own fds and memory (args.c),
 * then issues random system calls across the whole Linux i386 table
 * (table.c), each argument drawn from a pool chosen by the argument's kind
 * and then made safe for the supervisor and init (filter.c). Everything a
 * worker does depends only on (seed, life number), so a run is repeatable:
 * the same seed gives the same set of call streams.
 *
 * The two roles share one MAP_SHARED page of struct slot, one per
 * running worker: the worker bumps its call count there before every call,
 * which is how the supervisor counts calls, spots a stalled worker, and
 * knows which call a dead worker died in.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>

#define PAGE 4096
#define MAX_WORKERS 16
#define NR_MAX 480		/* numbers 0..NR_MAX-1 are "the table" */
#define MAX_ARGS 6
#define SCRATCH "/tmp/fuzz"	/* everything the workers may create */

/* Exit codes a worker can end with besides 0 (see worker.c). */
#define EXIT_LANDED_SIGRETURN 101	/* sigreturn resumed at the landing pad */
#define EXIT_LANDED_HANDLER 102		/* a signal handler ran (the landing pad) */
#define EXIT_SETUP_FAILED 103		/* the worker could not set itself up */
#define EXIT_CODE_MASK 0x3f		/* exit(2) codes a worker may pass */

enum slot_state { SLOT_FREE, SLOT_RUNNING, SLOT_DONE };

/* One call that broke a result rule (see check_result in worker.c). */
struct bad_call {
	uint32_t nr;
	uint32_t args[MAX_ARGS];
	int32_t ret;
};

#define BAD_KEEP 2

/* A running worker's state, in the shared page. */
struct slot {
	volatile uint32_t state;	/* enum slot_state */
	volatile uint32_t calls;	/* calls issued so far (bumped before each) */
	volatile uint32_t nr;		/* the call being made now */
	volatile uint32_t args[MAX_ARGS];
	volatile uint32_t ok, errors;	/* results >= 0, results -4095..-1 */
	volatile uint32_t enosys;	/* calls that gave -ENOSYS */
	volatile uint32_t nbad;		/* results that broke a rule */
	struct bad_call bad[BAD_KEEP];
};

/* The argument kinds of table.c: which pool an argument is drawn from. */
enum kind {
	K_ANY,		/* any interesting value */
	K_FD,		/* a file descriptor */
	K_DIRFD,	/* a directory fd or AT_FDCWD, for lookups */
	K_DIRFD_W,	/* the same, for calls that change the tree */
	K_BUF,		/* a pointer to memory the kernel reads or writes */
	K_LEN,		/* a byte count */
	K_PATH,		/* a path the call only looks up */
	K_PATH_W,	/* a path the call may create, change or remove */
	K_IOV,		/* a pointer to an iovec array */
	K_IOVCNT,	/* the number of iovecs */
	K_FLAGS,	/* a bit mask */
	K_OFLAGS,	/* open(2) flags */
	K_MODE,		/* a file mode */
	K_PID,		/* a process id (not a signal target) */
	K_SIG,		/* a signal number */
	K_ADDR,		/* a mapping address */
	K_MMLEN,	/* a mapping length */
	K_PROT,		/* PROT_* bits */
	K_MMFLAGS,	/* MAP_* bits */
	K_OFF,		/* a file offset (low word) */
	K_OFF_HI,	/* the high word of a 64-bit offset */
	K_WHENCE,	/* SEEK_* */
	K_IOCTL,	/* an ioctl command */
	K_FCNTL,	/* an fcntl command */
	K_TIMESPEC,	/* a pointer to a struct timespec (or timeval) */
	K_SIGSET,	/* a pointer to a signal set */
	K_SIGSZ,	/* a sigset size */
	K_SIGACT,	/* a pointer to a struct sigaction */
	K_ARGV,		/* a pointer to a NULL-terminated array of strings */
	K_CLOCK,	/* a clock id */
	K_SMALL,	/* a small integer (a resource, a which, a command) */
	K_STRUCT,	/* a pointer to a structure of random bytes */
	NKINDS
};

/* One table entry: how many arguments the call takes, and their kinds. */
struct call {
	uint8_t nargs;
	uint8_t kind[MAX_ARGS];
	uint8_t flags;
};

/* struct call flags */
#define C_RETFD 0x01	/* a result >= 0 is a new fd */
#define C_RARE 0x02	/* made 1 time in 16 it comes up: it ends the life */
#define C_KNOWN 0x04	/* the entry gives the arguments (else six K_ANY) */

/* table.c */
extern const struct call calls[NR_MAX];
const char *call_name(uint32_t nr);

/* raw.S: system calls with all six registers, and the landing pads. */
long fz_call(const long a[1 + MAX_ARGS]);
long fz_call_fork(const long a[1 + MAX_ARGS]);
long fz_sigreturn(long nr, void *frame);
void fz_land_sigreturn(void);
void fz_land_handler(void);

/* rng.c: the worker's random numbers (xorshift64*, seeded per life). */
void rng_seed(uint64_t seed, uint64_t life);
uint32_t rnd(void);
uint32_t rnd_below(uint32_t n);
int one_in(uint32_t n);

/* main.c: fds every worker inherits -- both ends of one pipe and one
 * file in SCRATCH, shared by all (-1 when absent). */
#define NSHARED 3
extern int shared_fd[NSHARED];

/* args.c: the worker's memory and fds, and the pools drawn from. */
int args_setup(char *stack, int slot);
uint32_t gen_arg(int kind, int argi, const long *sofar);
void args_refresh(void);
void args_note_fd(long fd);
void args_note_map(uint32_t a);
void *args_sigframe(void);
uint32_t args_text_start(void);
uint32_t args_text_end(void);
int args_is_safe_path(uint32_t p);
int args_is_write_safe_path(uint32_t p);
int args_is_safe_dirfd(uint32_t fd);
int args_is_bad_ptr(uint32_t p);
int args_in_arena(uint32_t a, uint32_t len);
uint32_t args_scratch_path(void);
uint32_t args_scratch_dirfd(void);
uint32_t args_exec_path(void);
uint32_t args_handler(void);
uint32_t args_int(uint32_t v);
uint32_t *args_fresh_struct(int n);
uint32_t args_bad_ptr(void);
long raw0(long nr);

/* filter.c: rewrite a call so it cannot hurt the supervisor or init. */
enum { GO_NORMAL, GO_FORK, GO_SIGRETURN, GO_SKIP };
int filter_call(long a[1 + MAX_ARGS]);
void filter_after(const long a[1 + MAX_ARGS], long ret);

/* worker.c */
void worker_main(struct slot *s, int slotno, uint64_t seed, uint64_t life,
		 uint32_t ncalls, int trace_fd, const uint8_t *exclude);
int mica_implements(uint32_t nr);

/* tree.c: what the workers may leave behind, and memory. */
int tree_snapshot(void);
int tree_restore(int verbose);
long mem_free_kb(void);

#endif /* FUZZ_H */
