/* fuzz_store.c — libFuzzer target for store_load_record.  The input is a
 * sequence of records, each preceded by a 2-byte little-endian length (the
 * last one takes what is left), fed in order into one store.  A record
 * either loads or fails with ERR_CORRUPT and a message, leaving the
 * generation as it was; whatever loaded can be asked every question, and
 * serializes into records that load into a new store and serialize to the
 * same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Appends each record with its length, so two serializations compare. */
static bool fuzz_collect(const void *rec, size_t len, void *arg, struct err *e)
{
	(void)e;
	struct buf *b = arg;
	unsigned char n[8];
	for (int i = 0; i < 8; i++)
		n[i] = (unsigned char)((uint64_t)len >> (8 * i));
	buf_append(b, n, 8);
	buf_append(b, rec, len);
	return true;
}

static void fuzz_questions(const struct store *s)
{
	struct store_position *pos;
	struct obligation *ob;
	struct store_forecast *f;
	struct alert *al;
	size_t n;
	struct err e = ERR_INIT;
	if (store_net_position(s, &pos, &n, &e))
		free(pos);
	else if (e.code != ERR_RANGE && e.code != ERR_INVALID)
		abort();
	store_obligations(s, 20526, 30, &ob, &n);
	free(ob);
	if (store_forecast(s, 20526, 30, &f, &n, &e))
		free(f);
	struct money low = { 100000, "USD" };
	store_alerts(s, 20526, &low, &al, &n);
	free(al);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *s = store_new();
	size_t pos = 0;
	while (pos < size) {
		size_t len = size - pos;
		if (len >= 2) {
			size_t want = (size_t)data[pos] | (size_t)data[pos + 1] << 8;
			pos += 2;
			len = want < size - pos ? want : size - pos;
		} else {
			pos += len;
			len = 0;
		}
		uint64_t gen = s->generation;
		struct err e = ERR_INIT;
		if (!store_load_record(s, data + pos, len, &e) &&
		    (e.code != ERR_CORRUPT || e.msg[0] == '\0' || s->generation != gen))
			abort();
		pos += len;
	}
	fuzz_questions(s);
	struct buf one = BUF_INIT, two = BUF_INIT;
	struct err e = ERR_INIT;
	if (!store_serialize(s, fuzz_collect, &one, &e))
		abort();
	struct store *t = store_new();
	for (size_t p = 0; p < one.len;) {
		uint64_t len = 0;
		for (int i = 0; i < 8; i++)
			len |= (uint64_t)(unsigned char)one.data[p + (size_t)i] << (8 * i);
		if (!store_load_record(t, one.data + p + 8, (size_t)len, &e))
			abort();
		p += 8 + (size_t)len;
	}
	if (!store_serialize(t, fuzz_collect, &two, &e) || one.len != two.len ||
	    (one.len > 0 && memcmp(one.data, two.data, one.len) != 0))
		abort();
	buf_free(&one);
	buf_free(&two);
	store_free(&t);
	store_free(&s);
	return 0;
}
