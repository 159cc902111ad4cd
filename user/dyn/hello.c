/*
 * hello - the plainest dynamically linked program: libc's puts and
 * printf through the loader. tests/run.py compares its whole output and
 * exit status with the host's run of the same binary, and runs it once
 * more under the loader named on the command line (ld.so PROGRAM).
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	puts("hello, world");
	for (int i = 1; i < argc; i++)
		printf("argument %d: %s\n", i, argv[i]);
	return 0;
}
