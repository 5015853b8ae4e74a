/* log.h — the debug log behind `bankterm --debug-log FILE`.
 *
 * One timestamped line per event, appended to FILE (created with mode 0600;
 * an existing file we own is tightened to 0600).  Writing never blocks the
 * interface: the file is opened O_NONBLOCK and a line that cannot be written
 * at once (a FIFO nobody drains, a full pipe) is dropped and counted; the
 * next line that does get through says how many were lost.
 *
 * What goes into the log is the caller's responsibility: never tokens,
 * passwords, Authorization headers or bodies (see docs/NET.md).  Control
 * characters in a line are replaced by '?' so a server string cannot forge
 * extra lines. */
#ifndef BANKTERM_LOG_H
#define BANKTERM_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct log;

/* Opens (creating or appending to) path.  The caller owns the result. */
struct log *log_open(const char *path, struct err *e);
/* Closes the file, frees *lp, sets it to NULL.  NULL-safe. */
void log_free(struct log **lp);

/* Appends "YYYY-MM-DDTHH:MM:SS.mmmZ message\n".  l may be NULL (no log). */
void log_printf(struct log *l, const char *fmt, ...) ERR_PRINTF(2, 3);

/* Lines dropped so far because the file could not take them. */
uint64_t log_dropped(const struct log *l);

#endif
