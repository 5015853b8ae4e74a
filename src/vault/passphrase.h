/* passphrase.h — reading a passphrase without it touching argv, the
 * environment, ordinary heap memory or the screen.
 *
 * A passphrase comes either from the controlling terminal (/dev/tty, echo
 * off) or from a file descriptor the caller names (--passphrase-fd N, one
 * line per passphrase).  It lives in secure memory (secmem.h) and is wiped
 * by passphrase_free. */
#ifndef BANKTERM_PASSPHRASE_H
#define BANKTERM_PASSPHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define PASSPHRASE_MAX 1024
/* Shorter than this earns a warning (not a refusal). */
#define PASSPHRASE_SHORT 12

struct passphrase {
	char *data; /* secmem, NUL-terminated, without the line ending */
	size_t len;
};

/* Reads one line from fd, byte by byte so that the next call reads the next
 * line.  A final line without '\n' counts; end of input before any byte
 * gives ERR_CANCELLED. */
struct passphrase *passphrase_read_fd(int fd, struct err *e);

/* Prompts on /dev/tty with echo off and reads one line.  ERR_UNSUPPORTED
 * when there is no controlling terminal; ERR_CANCELLED on Ctrl-C (the
 * terminal's settings are restored either way). */
struct passphrase *passphrase_read_tty(const char *prompt, struct err *e);

/* True when both hold the same bytes (constant time). */
bool passphrase_equal(const struct passphrase *a, const struct passphrase *b);

/* Wipes and frees; NULL-safe; sets *pp NULL. */
void passphrase_free(struct passphrase **pp);

#endif
