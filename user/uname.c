/*
 * uname: print what uname(2) says about the system, as coreutils' uname.
 *
 * Usage: uname [-asnrvmpio]
 *   -s kernel name (the default)   -n node name    -r kernel release
 *   -v kernel version              -m machine      -p processor
 *   -i hardware platform           -o operating system
 *   -a all of them, in that order, leaving out -p and -i when unknown
 * The fields are printed in that fixed order whatever the order of the
 * options, separated by single spaces. An unknown option is an error
 * (status 1, usage on stderr).
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

enum { F_S = 1, F_N = 2, F_R = 4, F_V = 8, F_M = 16, F_P = 32, F_I = 64, F_O = 128 };

/* Prints s after a space unless it is the first field; clears *first. */
static void field(const char *s, int *first)
{
	printf("%s%s", *first ? "" : " ", s);
	*first = 0;
}

int main(int argc, char **argv)
{
	struct utsname u;
	int want = 0, all = 0, first = 1, c;

	while ((c = getopt(argc, argv, "asnrvmpio")) != -1) {
		const char *opts = "snrvmpio";
		const char *at = strchr(opts, c);
		if (c == 'a')
			all = 1;
		else if (at)
			want |= 1 << (at - opts);
		else {
			fprintf(stderr, "usage: uname [-asnrvmpio]\n");
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "uname: extra operand '%s'\n", argv[optind]);
		return 1;
	}
	if (all)
		want |= F_S | F_N | F_R | F_V | F_M | F_O;
	if (!want)
		want = F_S;
	if (uname(&u) < 0) {
		perror("uname");
		return 1;
	}
	if (want & F_S)
		field(u.sysname, &first);
	if (want & F_N)
		field(u.nodename, &first);
	if (want & F_R)
		field(u.release, &first);
	if (want & F_V)
		field(u.version, &first);
	if (want & F_M)
		field(u.machine, &first);
	if (want & F_P)
		field("unknown", &first);
	if (want & F_I)
		field("unknown", &first);
	if (want & F_O)
		field(u.sysname, &first);
	putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
