/*
 * The kernel log buffer (kernel/printk.c): everything printk prints is
 * also kept, each line as syslog(2) reads it, "<level>[seconds] text\n"
 * (a line written with its own "<N>", through /dev/kmsg, keeps it), in a
 * ring of LOG_BUF_LEN bytes. Text is named by its byte position since
 * boot: [log_first(), log_end()) is what the ring still holds, in whole
 * lines.
 */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <kernel/kernel.h>
#include <kernel/wait.h>

#define LOG_BUF_LEN (1u << 15) /* syslog's SYSLOG_ACTION_SIZE_BUFFER */

/* The position after the last whole line stored. */
uint64_t log_end(void);
/* The oldest position the ring still holds, at the start of a line. */
uint64_t log_first(void);
/* The first line start at or after pos (log_end() if none). */
uint64_t log_line_start(uint64_t pos);
/* Copy the held text [from, from + n) to buf. */
void log_copy(uint64_t from, char *buf, size_t n);
/* Readers waiting for new text (printk wakes them). */
extern struct wait_queue_head log_wait;

#endif
