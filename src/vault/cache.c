/* cache.c — the offline cache as a crypto_secretstream of record chunks
 * (see cache.h; byte layout in bankterm-vault(5)). */
#include "cache.h"

#include <errno.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fsutil.h"
#include "secmem.h"
#include "xmalloc.h"

#define CACHE_MAGIC "BANKTERM-CACHE"
#define CACHE_MAGIC_LEN 14
#define CACHE_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
/* A chunk's plaintext never exceeds this: the target, plus one record that
 * did not fit, plus its length prefix. */
#define CACHE_CHUNK_MAX (CACHE_CHUNK_TARGET + 4 + CACHE_RECORD_MAX)

_Static_assert(CACHE_KEY_BYTES == crypto_secretstream_xchacha20poly1305_KEYBYTES,
	       "cache key size");
_Static_assert(CACHE_HEADER_BYTES ==
		       16 + crypto_secretstream_xchacha20poly1305_HEADERBYTES,
	       "cache header size");

#define CACHE_DAMAGED "offline cache %s is damaged; it will be rebuilt on the next refresh"

struct cache_writer {
	struct fsutil_atomic *af;
	crypto_secretstream_xchacha20poly1305_state *st; /* secmem */
	unsigned char header[CACHE_HEADER_BYTES];
	bool first;              /* the next chunk is the first (header is its AD) */
	unsigned char *plain;    /* secmem, CACHE_CHUNK_MAX */
	size_t plain_len;
	unsigned char *sealed;   /* 4-byte length + ciphertext */
};

struct cache_reader {
	char *path;
	FILE *f;
	crypto_secretstream_xchacha20poly1305_state *st; /* secmem */
	unsigned char header[CACHE_HEADER_BYTES];
	bool first, final;
	unsigned char *plain;    /* secmem, CACHE_CHUNK_MAX */
	size_t plain_len, pos;
	unsigned char *sealed;
};

static void cache_store32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t cache_load32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct cache_writer *cache_writer_open(const char *path, const unsigned char *key,
				       struct err *e)
{
	if (!secmem_init(e))
		return NULL;
	char *dir = xstrdup(path);
	bool ok = fsutil_mkdir_p(dirname(dir), 0700, e);
	free(dir);
	struct fsutil_atomic *af = ok ? fsutil_atomic_open(path, 0600, e) : NULL;
	if (af == NULL)
		return NULL;
	struct cache_writer *w = xcalloc(1, sizeof *w);
	w->af = af;
	w->st = secmem_alloc(sizeof *w->st);
	w->plain = secmem_alloc(CACHE_CHUNK_MAX);
	w->sealed = xmalloc(4 + CACHE_CHUNK_MAX + CACHE_ABYTES);
	w->first = true;
	memcpy(w->header, CACHE_MAGIC, CACHE_MAGIC_LEN);
	w->header[14] = CACHE_FORMAT_VERSION;
	w->header[15] = 0;
	crypto_secretstream_xchacha20poly1305_init_push(w->st, w->header + 16, key);
	if (!fsutil_atomic_write(af, w->header, sizeof w->header, e)) {
		cache_writer_abort(&w);
		return NULL;
	}
	return w;
}

/* Seals what is buffered as one chunk and writes it. */
static bool cache_writer_flush(struct cache_writer *w, unsigned char tag, struct err *e)
{
	unsigned long long clen = 0;
	crypto_secretstream_xchacha20poly1305_push(w->st, w->sealed + 4, &clen, w->plain,
						   w->plain_len, w->first ? w->header : NULL,
						   w->first ? sizeof w->header : 0, tag);
	w->first = false;
	secmem_wipe(w->plain, w->plain_len);
	w->plain_len = 0;
	cache_store32(w->sealed, (uint32_t)clen);
	return fsutil_atomic_write(w->af, w->sealed, 4 + (size_t)clen, e);
}

bool cache_writer_add(struct cache_writer *w, const void *rec, size_t len, struct err *e)
{
	if (len > CACHE_RECORD_MAX)
		return err_set(e, ERR_RANGE, "a cache record of %zu bytes is larger than %u", len,
			       CACHE_RECORD_MAX);
	if (w->plain_len >= (size_t)CACHE_CHUNK_TARGET &&
	    !cache_writer_flush(w, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, e))
		return false;
	cache_store32(w->plain + w->plain_len, (uint32_t)len);
	if (len > 0)
		memcpy(w->plain + w->plain_len + 4, rec, len);
	w->plain_len += 4 + len;
	return true;
}

static void cache_writer_release(struct cache_writer *w)
{
	secmem_release(w->st);
	secmem_release(w->plain);
	free(w->sealed);
	free(w);
}

bool cache_writer_commit(struct cache_writer **wp, struct err *e)
{
	struct cache_writer *w = *wp;
	bool ok = cache_writer_flush(w, crypto_secretstream_xchacha20poly1305_TAG_FINAL, e);
	if (ok)
		ok = fsutil_atomic_commit(&w->af, e);
	else
		fsutil_atomic_abort(&w->af);
	cache_writer_release(w);
	*wp = NULL;
	return ok;
}

void cache_writer_abort(struct cache_writer **wp)
{
	struct cache_writer *w = *wp;
	if (w == NULL)
		return;
	fsutil_atomic_abort(&w->af);
	cache_writer_release(w);
	*wp = NULL;
}

void cache_reader_free(struct cache_reader **rp)
{
	struct cache_reader *r = *rp;
	if (r == NULL)
		return;
	if (r->f != NULL)
		fclose(r->f);
	secmem_release(r->st);
	secmem_release(r->plain);
	free(r->sealed);
	free(r->path);
	free(r);
	*rp = NULL;
}

struct cache_reader *cache_reader_open(const char *path, const unsigned char *key,
				       struct err *e)
{
	if (!secmem_init(e) || !fsutil_check_private(path, e))
		return NULL;
	FILE *f = fopen(path, "rbe");
	if (f == NULL) {
		err_set_errno(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, errno, "cannot open %s",
			      path);
		return NULL;
	}
	struct cache_reader *r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->f = f;
	r->first = true;
	if (fread(r->header, 1, sizeof r->header, f) != sizeof r->header ||
	    memcmp(r->header, CACHE_MAGIC, CACHE_MAGIC_LEN) != 0 ||
	    r->header[14] != CACHE_FORMAT_VERSION || r->header[15] != 0) {
		err_set(e, ERR_CORRUPT, CACHE_DAMAGED, path);
		cache_reader_free(&r);
		return NULL;
	}
	r->st = secmem_alloc(sizeof *r->st);
	r->plain = secmem_alloc(CACHE_CHUNK_MAX);
	r->sealed = xmalloc(CACHE_CHUNK_MAX + CACHE_ABYTES);
	if (crypto_secretstream_xchacha20poly1305_init_pull(r->st, r->header + 16, key) != 0) {
		err_set(e, ERR_CORRUPT, CACHE_DAMAGED, path);
		cache_reader_free(&r);
		return NULL;
	}
	return r;
}

/* Reads and opens the next chunk; false with e filled when it is damaged. */
static bool cache_reader_chunk(struct cache_reader *r, struct err *e)
{
	unsigned char lenbuf[4];
	if (fread(lenbuf, 1, 4, r->f) != 4)
		goto damaged;
	size_t clen = cache_load32(lenbuf);
	if (clen < CACHE_ABYTES || clen > CACHE_CHUNK_MAX + CACHE_ABYTES ||
	    fread(r->sealed, 1, clen, r->f) != clen)
		goto damaged;
	unsigned long long plen = 0;
	unsigned char tag = 0;
	if (crypto_secretstream_xchacha20poly1305_pull(r->st, r->plain, &plen, &tag, r->sealed,
						       clen, r->first ? r->header : NULL,
						       r->first ? sizeof r->header : 0) != 0)
		goto damaged;
	r->first = false;
	if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
		r->final = true;
	else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
		goto damaged;
	r->plain_len = (size_t)plen;
	r->pos = 0;
	return true;
damaged:
	if (ferror(r->f))
		return err_set_errno(e, ERR_IO, errno, "cannot read %s", r->path);
	return err_set(e, ERR_CORRUPT, CACHE_DAMAGED, r->path);
}

int cache_reader_next(struct cache_reader *r, const void **rec, size_t *len, struct err *e)
{
	while (r->pos == r->plain_len) {
		if (r->final) {
			if (fgetc(r->f) != EOF) {
				err_set(e, ERR_CORRUPT, CACHE_DAMAGED, r->path);
				return -1;
			}
			return 0;
		}
		if (!cache_reader_chunk(r, e))
			return -1;
	}
	size_t left = r->plain_len - r->pos;
	size_t n = left >= 4 ? cache_load32(r->plain + r->pos) : SIZE_MAX;
	if (n > left - 4 || n > CACHE_RECORD_MAX) {
		err_set(e, ERR_CORRUPT, CACHE_DAMAGED, r->path);
		return -1;
	}
	*rec = r->plain + r->pos + 4;
	*len = n;
	r->pos += 4 + n;
	return 1;
}
