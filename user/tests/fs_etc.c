/*
 * fs_etc: the user and group files every libc reads. /etc/passwd and
 * /etc/group name root (0) and nobody/nogroup (65534), as Debian's do,
 * so getpwnam("nobody") and the like work (test suites drop privileges
 * to nobody); a missing name is NULL.
 */
#include "tap.h"

#include <grp.h>
#include <pwd.h>

int main(void)
{
	plan(6);
	struct passwd *pw = getpwnam("nobody");
	ok(pw && pw->pw_uid == 65534 && pw->pw_gid == 65534, "getpwnam(nobody): 65534:65534");
	pw = getpwuid(0);
	ok(pw && !strcmp(pw->pw_name, "root") && pw->pw_gid == 0, "getpwuid(0) is root");
	pw = getpwnam("root");
	ok(pw && pw->pw_uid == 0, "getpwnam(root) is 0");
	ok(getpwnam("no-such-user-here") == NULL, "a missing user: NULL");
	struct group *gr = getgrnam("nogroup");
	ok(gr && gr->gr_gid == 65534, "getgrnam(nogroup) is 65534");
	gr = getgrgid(0);
	ok(gr && !strcmp(gr->gr_name, "root"), "getgrgid(0) is root");
	return done();
}
