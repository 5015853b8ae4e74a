/* secmem.h — memory for secrets: keys, passphrases, decrypted vault entries.
 *
 * Every buffer comes from sodium_malloc (guard pages, no core dumps, wiped
 * by sodium_free) and is mlock'ed so it is not swapped out.  When the lock
 * fails (RLIMIT_MEMLOCK too low) bankterm keeps going and prints one warning
 * line, once per process.  Only src/vault includes sodium.h; code outside it
 * that needs a secret buffer goes through here. */
#ifndef BANKTERM_SECMEM_H
#define BANKTERM_SECMEM_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Initializes libsodium; false (with e filled) if the library cannot start.
 * Cheap to call again. */
bool secmem_init(struct err *e);

/* A secure buffer of n bytes (n may be 0), zero-filled; aborts when out of
 * memory like xmalloc.  The caller releases it with secmem_release. */
void *secmem_alloc(size_t n);

/* Wipes and frees a buffer from secmem_alloc.  NULL-safe. */
void secmem_release(void *p);

/* Wipes n bytes of ordinary memory in a way the compiler keeps. */
void secmem_wipe(void *p, size_t n);

/* Number of secmem_alloc calls so far, for tests that prove a step happens
 * before any secret memory is allocated. */
unsigned long secmem_alloc_count(void);

#endif
