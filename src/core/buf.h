/* buf.h — a growable byte buffer, always NUL-terminated.
 *
 * Used to build strings of unknown length (sanitized text, JSON request
 * bodies, table rows).  The buffer owns `data`; buf_free releases it, or
 * buf_steal hands it to the caller. */
#ifndef BANKTERM_BUF_H
#define BANKTERM_BUF_H

#include <stddef.h>

#include "err.h"

struct buf {
	char *data;  /* NUL-terminated; NULL until the first append */
	size_t len;  /* bytes used, not counting the terminator */
	size_t cap;  /* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_append_str(struct buf *b, const char *s);
void buf_append_char(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) ERR_PRINTF(2, 3);
/* Empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);
/* Returns the contents ("" for an empty buffer) and leaves b empty; the
 * caller frees the result. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

#endif
