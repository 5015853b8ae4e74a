/* test_cache.c — the encrypted offline cache: round trips from 0 to
 * 1,000,000 records, damage anywhere (every byte of a small cache, every
 * length, every chunk boundary, extra bytes, a wrong key) reported as
 * ERR_CORRUPT and never a crash, and commits that keep the old cache until
 * the new one is whole. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsutil.h"
#include "vault/cache.h"
#include "xmalloc.h"

#define DAMAGED "is damaged; it will be rebuilt on the next refresh"

static const unsigned char key[CACHE_KEY_BYTES] = "0123456789abcdef0123456789abcde";

struct scratch {
	char *dir, *path;
};

static void scratch_make(struct scratch *s)
{
	char tmpl[] = "/tmp/bankterm-cache-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	s->dir = xstrdup(tmpl);
	s->path = xasprintf("%s/cache/bankterm/cache", s->dir);
}

static void scratch_free(struct scratch *s)
{
	char *cmd = xasprintf("rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(s->dir);
	free(s->path);
}

/* Record i: a transaction-like line of about 120 bytes (i % 7 == 0: empty). */
static size_t record_make(char *buf, size_t cap, unsigned long i)
{
	if (i % 7 == 0)
		return 0;
	int n = snprintf(buf, cap,
			 "{\"id\":\"tx-%09lu\",\"account\":\"acc-%03lu\",\"amount\":%ld,"
			 "\"currency\":\"EUR\",\"booked\":\"2026-11-%02lu\",\"text\":\"Shop %lu\"}",
			 i, i % 17, (long)(i * 37 % 100000) - 50000, 1 + i % 28, i % 1000);
	return (size_t)n;
}

static void write_cache(const char *path, unsigned long n)
{
	struct err e = ERR_INIT;
	struct cache_writer *w = cache_writer_open(path, key, &e);
	assert_non_null(w);
	char buf[256];
	for (unsigned long i = 0; i < n; i++) {
		size_t len = record_make(buf, sizeof buf, i);
		assert_true(cache_writer_add(w, buf, len, &e));
	}
	assert_true(cache_writer_commit(&w, &e));
	assert_null(w);
}

/* Reads every record, checking each against record_make; returns the count
 * or -1 when the reader reports damage (with code in *code). */
static long read_cache(const char *path, const unsigned char *k, enum err_code *code)
{
	struct err e = ERR_INIT;
	struct cache_reader *r = cache_reader_open(path, k, &e);
	if (r == NULL) {
		*code = e.code;
		return -1;
	}
	const void *rec;
	size_t len;
	long n = 0;
	int rc;
	char want[256];
	while ((rc = cache_reader_next(r, &rec, &len, &e)) > 0) {
		size_t wl = record_make(want, sizeof want, (unsigned long)n);
		assert_int_equal(len, wl);
		assert_memory_equal(rec, want, len);
		n++;
	}
	cache_reader_free(&r);
	assert_null(r);
	if (rc < 0) {
		*code = e.code;
		assert_non_null(strstr(e.msg, DAMAGED));
		return -1;
	}
	return n;
}

static void round_trip(unsigned long n)
{
	struct scratch s;
	scratch_make(&s);
	write_cache(s.path, n);
	enum err_code code = ERR_OK;
	assert_int_equal(read_cache(s.path, key, &code), (long)n);
	struct stat st;
	assert_int_equal(stat(s.path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	char *dir = xasprintf("%s/cache/bankterm", s.dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	free(dir);
	scratch_free(&s);
}

static void test_round_trip_small(void **state)
{
	(void)state;
	round_trip(0);
	round_trip(1);
	round_trip(5000);
}

static void test_round_trip_million(void **state)
{
	(void)state;
	round_trip(1000000);
}

static void test_record_sizes(void **state)
{
	(void)state;
	struct scratch s;
	scratch_make(&s);
	struct err e = ERR_INIT;
	struct cache_writer *w = cache_writer_open(s.path, key, &e);
	unsigned char *big = xcalloc(1, CACHE_RECORD_MAX + 1);
	big[0] = 'b';
	big[CACHE_RECORD_MAX - 1] = 'e';
	assert_true(cache_writer_add(w, "x", 1, &e));
	assert_true(cache_writer_add(w, big, CACHE_RECORD_MAX, &e));
	assert_true(cache_writer_add(w, big, CACHE_RECORD_MAX, &e));
	assert_false(cache_writer_add(w, big, CACHE_RECORD_MAX + 1, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_true(cache_writer_commit(&w, &e));
	struct cache_reader *r = cache_reader_open(s.path, key, &e);
	assert_non_null(r);
	const void *rec;
	size_t len;
	assert_int_equal(cache_reader_next(r, &rec, &len, &e), 1);
	assert_int_equal(len, 1);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(cache_reader_next(r, &rec, &len, &e), 1);
		assert_int_equal(len, CACHE_RECORD_MAX);
		assert_memory_equal(rec, big, len);
	}
	assert_int_equal(cache_reader_next(r, &rec, &len, &e), 0);
	assert_int_equal(cache_reader_next(r, &rec, &len, &e), 0);
	cache_reader_free(&r);
	free(big);
	scratch_free(&s);
}

static void expect_damaged(const char *path, const void *data, size_t len)
{
	assert_true(fsutil_save_atomic(path, data, len, 0600, NULL));
	enum err_code code = ERR_OK;
	assert_int_equal(read_cache(path, key, &code), -1);
	assert_int_equal(code, ERR_CORRUPT);
}

static void test_damage_small(void **state)
{
	(void)state;
	struct scratch s;
	scratch_make(&s);
	write_cache(s.path, 12);
	size_t len;
	unsigned char *orig = (unsigned char *)fsutil_read_file(s.path, 1 << 20, &len, NULL);
	assert_non_null(orig);
	unsigned char *img = xmalloc(len + 32);
	for (size_t off = 0; off < len; off++) {
		memcpy(img, orig, len);
		img[off] ^= 0x01;
		expect_damaged(s.path, img, len);
	}
	for (size_t cut = 0; cut < len; cut++)
		expect_damaged(s.path, orig, cut);
	memcpy(img, orig, len);
	for (size_t extra = 1; extra <= 32; extra++) {
		img[len + extra - 1] = 0;
		expect_damaged(s.path, img, len + extra);
	}
	free(img);
	free(orig);
	scratch_free(&s);
}

/* Cutting a many-chunk cache exactly between two chunks is still caught:
 * only the last chunk carries TAG_FINAL. */
static void test_damage_chunk_boundaries(void **state)
{
	(void)state;
	struct scratch s;
	scratch_make(&s);
	write_cache(s.path, 20000);
	size_t len;
	unsigned char *orig = (unsigned char *)fsutil_read_file(s.path, 1 << 26, &len, NULL);
	assert_non_null(orig);
	size_t pos = CACHE_HEADER_BYTES;
	int chunks = 0;
	while (pos < len) {
		expect_damaged(s.path, orig, pos);
		size_t clen = (size_t)orig[pos] | (size_t)orig[pos + 1] << 8 |
			      (size_t)orig[pos + 2] << 16 | (size_t)orig[pos + 3] << 24;
		/* also a cut inside the chunk's length field and its body */
		expect_damaged(s.path, orig, pos + 2);
		expect_damaged(s.path, orig, pos + 4 + clen / 2);
		pos += 4 + clen;
		chunks++;
	}
	assert_int_equal(pos, len);
	assert_true(chunks > 20);
	/* Dropping a middle chunk, or swapping two, fails too. */
	size_t c1 = CACHE_HEADER_BYTES;
	size_t l1 = 4 + ((size_t)orig[c1] | (size_t)orig[c1 + 1] << 8 | (size_t)orig[c1 + 2] << 16);
	size_t c2 = c1 + l1;
	size_t l2 = 4 + ((size_t)orig[c2] | (size_t)orig[c2 + 1] << 8 | (size_t)orig[c2 + 2] << 16);
	unsigned char *img = xmalloc(len);
	memcpy(img, orig, c1);
	memcpy(img + c1, orig + c2, len - c2);
	expect_damaged(s.path, img, len - l1);
	memcpy(img, orig, len);
	memcpy(img + c1, orig + c2, l2);
	memcpy(img + c1 + l2, orig + c1, l1);
	expect_damaged(s.path, img, len);
	free(img);
	free(orig);
	scratch_free(&s);
}

static void test_wrong_key_and_missing(void **state)
{
	(void)state;
	struct scratch s;
	scratch_make(&s);
	enum err_code code = ERR_OK;
	assert_int_equal(read_cache(s.path, key, &code), -1);
	assert_int_equal(code, ERR_NOT_FOUND);
	write_cache(s.path, 100);
	unsigned char other[CACHE_KEY_BYTES];
	memcpy(other, key, sizeof other);
	other[0] ^= 1;
	assert_int_equal(read_cache(s.path, other, &code), -1);
	assert_int_equal(code, ERR_CORRUPT);
	assert_int_equal(chmod(s.path, 0644), 0);
	assert_int_equal(read_cache(s.path, key, &code), -1);
	assert_int_equal(code, ERR_PERM);
	scratch_free(&s);
}

/* The old cache stays until commit; an abort leaves no temp file. */
static void test_commit_and_abort(void **state)
{
	(void)state;
	struct scratch s;
	scratch_make(&s);
	write_cache(s.path, 10);
	struct err e = ERR_INIT;
	struct cache_writer *w = cache_writer_open(s.path, key, &e);
	assert_true(cache_writer_add(w, "new", 3, &e));
	enum err_code code = ERR_OK;
	assert_int_equal(read_cache(s.path, key, &code), 10);
	cache_writer_abort(&w);
	assert_null(w);
	cache_writer_abort(&w);
	assert_int_equal(read_cache(s.path, key, &code), 10);
	char *dir = xasprintf("%s/cache/bankterm", s.dir);
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL)
		n += ent->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 1);
	free(dir);
	scratch_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_small),
		cmocka_unit_test(test_round_trip_million),
		cmocka_unit_test(test_record_sizes),
		cmocka_unit_test(test_damage_small),
		cmocka_unit_test(test_damage_chunk_boundaries),
		cmocka_unit_test(test_wrong_key_and_missing),
		cmocka_unit_test(test_commit_and_abort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
