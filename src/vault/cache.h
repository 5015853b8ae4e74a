/* cache.h — the encrypted offline cache: a stream of opaque records.
 *
 * The store/sync layer decides what a record holds (a transaction, an
 * account ...); this module only keeps them secret and whole.  Records are
 * packed into chunks of about 64 KiB, each sealed with
 * crypto_secretstream_xchacha20poly1305; the last chunk carries TAG_FINAL,
 * so a file cut anywhere - even at a chunk boundary - is detected.  The key
 * is the vault's cache subkey (vault_cache_key()).  Format:
 * bankterm-vault(5), "THE OFFLINE CACHE".
 *
 * The cache can be deleted at any time: a missing or damaged cache only
 * means the next refresh downloads everything again.
 *
 *     struct cache_writer *w = cache_writer_open(path, key, &e);
 *     cache_writer_add(w, rec, len, &e);          (as often as needed)
 *     cache_writer_commit(&w, &e);                (atomic, like fsutil saves)
 *
 *     struct cache_reader *r = cache_reader_open(path, key, &e);
 *     while ((rc = cache_reader_next(r, &rec, &len, &e)) > 0) ...
 *     cache_reader_free(&r);                      (rc < 0: damaged, see e)
 */
#ifndef BANKTERM_CACHE_H
#define BANKTERM_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define CACHE_KEY_BYTES 32
#define CACHE_HEADER_BYTES 40
#define CACHE_FORMAT_VERSION 1
/* A chunk is sealed once it holds at least this many plaintext bytes. */
#define CACHE_CHUNK_TARGET (64u * 1024)
/* Largest single record. */
#define CACHE_RECORD_MAX (1u << 20)

struct cache_writer;
struct cache_reader;

/* Starts a new cache at path (its directory is created with mode 0700); the
 * old cache stays in place until commit.  key: CACHE_KEY_BYTES, copied. */
struct cache_writer *cache_writer_open(const char *path, const unsigned char *key,
				       struct err *e);
/* Appends one record of len bytes (at most CACHE_RECORD_MAX). */
bool cache_writer_add(struct cache_writer *w, const void *rec, size_t len, struct err *e);
/* Seals the final chunk and atomically replaces the cache; frees *wp and
 * sets it NULL whatever the outcome. */
bool cache_writer_commit(struct cache_writer **wp, struct err *e);
/* Drops the new cache, keeping the old one; NULL-safe. */
void cache_writer_abort(struct cache_writer **wp);

/* Opens a cache for reading; ERR_NOT_FOUND when there is none, ERR_CORRUPT
 * "offline cache ... is damaged; it will be rebuilt on the next refresh"
 * for a bad header or a wrong key. */
struct cache_reader *cache_reader_open(const char *path, const unsigned char *key,
				       struct err *e);
/* 1: *rec and *len are the next record (valid until the next call); 0: the end,
 * verified by TAG_FINAL and end of file; -1: damaged (e filled, ERR_CORRUPT)
 * or unreadable (ERR_IO). */
int cache_reader_next(struct cache_reader *r, const void **rec, size_t *len, struct err *e);
void cache_reader_free(struct cache_reader **rp);

#endif
