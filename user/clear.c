/*
 * clear: clear the terminal. Writes the ANSI sequences for "cursor home"
 * and "erase the whole screen" (and, as ncurses' clear does for an xterm,
 * "erase the scroll-back"), which the serial console's terminal and the
 * VGA console's escape parser both understand.
 *
 * Usage: clear   (arguments are ignored)
 */
#include <unistd.h>

#define CLEAR_SEQ "\033[H\033[2J\033[3J"

int main(void)
{
	return write(STDOUT_FILENO, CLEAR_SEQ, sizeof(CLEAR_SEQ) - 1) == sizeof(CLEAR_SEQ) - 1 ? 0 : 1;
}
