/* The leak check of "init --exec" (user/leakcheck.c). */
#ifndef USER_LEAKCHECK_H
#define USER_LEAKCHECK_H

/* Record the kernel's memory counts and the ramfs's files. Call just
 * before forking the program. */
void leak_check_begin(void);
/* Reap every child, remove the files the program left, count again and
 * write the verdict on the kernel log (/dev/kmsg). */
void leak_check_end(void);

#endif
