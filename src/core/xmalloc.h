/* xmalloc.h — allocation that never returns NULL.
 *
 * bankterm cannot do anything useful once malloc fails, and checking every
 * small allocation hides the real error paths; these wrappers print one line
 * and abort instead.  Memory holding secrets does NOT come from here: it
 * lives in sodium_malloc buffers owned by src/vault. */
#ifndef BANKTERM_XMALLOC_H
#define BANKTERM_XMALLOC_H

#include <stddef.h>

#include "err.h"

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* realloc for arrays, with the multiplication checked for overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Allocating sprintf. */
char *xasprintf(const char *fmt, ...) ERR_PRINTF(1, 2);

#endif
