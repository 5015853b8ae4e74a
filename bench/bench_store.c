/* bench_store.c — the store at scale: merging 5,000-transaction pages into
 * an account of RECORDS transactions, and serializing + loading that store
 * through the offline-cache record format.  Run by hand or by bench/run:
 *     build/bench/bench_store [RECORDS]
 * Prints one line per figure: "name value unit". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "xmalloc.h"

#define PAGE 5000
#define T0 ((int64_t)1773446400)

static double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, e->msg);
	exit(1);
}

/* Transaction i of the history: one every 5 minutes back from T0, every
 * 50th still pending. */
static struct transaction bench_txn(size_t i, const char *prefix)
{
	struct transaction t = { 0 };
	t.id = xasprintf("%s%08zu", prefix, i);
	t.status = i % 50 == 0 ? TXN_PENDING : TXN_POSTED;
	t.booked_at = T0 - (int64_t)i * 300;
	t.amount = (struct money){ -(int64_t)(i % 10000) - 1, "USD" };
	t.description = xasprintf("CARD PURCHASE %zu", i % 977);
	t.merchant = i % 3 ? xstrdup("Corner Shop") : NULL;
	t.category = xstrdup("groceries");
	return t;
}

static void bench_merge(struct store *s, struct store_conn *c, size_t from, size_t n,
			const char *prefix)
{
	struct transaction_list l = { xcalloc(n, sizeof(struct transaction)), n, NULL };
	for (size_t i = 0; i < n; i++)
		l.items[i] = bench_txn(from + i, prefix);
	struct err e = ERR_INIT;
	if (!store_merge_transactions(s, c, "chk", &l, &e))
		bench_die("merge", &e);
}

struct bench_sink {
	unsigned char **rec;
	size_t *len;
	size_t n, cap, bytes;
};

static bool bench_count(const void *rec, size_t len, void *arg, struct err *e)
{
	(void)rec;
	(void)e;
	*(size_t *)arg += len;
	return true;
}

static bool bench_collect(const void *rec, size_t len, void *arg, struct err *e)
{
	(void)e;
	struct bench_sink *k = arg;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->rec = xreallocarray(k->rec, k->cap, sizeof *k->rec);
		k->len = xreallocarray(k->len, k->cap, sizeof *k->len);
	}
	k->rec[k->n] = xmalloc(len);
	memcpy(k->rec[k->n], rec, len);
	k->len[k->n++] = len;
	k->bytes += len;
	return true;
}

int main(int argc, char **argv)
{
	size_t records = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bank", true);
	struct account a = { xstrdup("chk"), xstrdup("Checking"), ACCOUNT_CHECKING, "USD",
			     { 0, "USD" }, false, { 0, "" }, false, { 0, "" }, 0 };
	struct account_list al = { xmalloc(sizeof a), 1 };
	al.items[0] = a;
	store_set_accounts(s, c, &al);

	double t0 = bench_now();
	for (size_t i = 0; i < records; i += PAGE)
		bench_merge(s, c, i, records - i < PAGE ? records - i : PAGE, "t");
	printf("store_initial_sync_pages %.3f s\n", bench_now() - t0);

	/* A page of 5,000 new (newer) transactions into the full account. */
	struct transaction_list l = { xcalloc(PAGE, sizeof(struct transaction)), PAGE, NULL };
	for (size_t i = 0; i < PAGE; i++) {
		l.items[i] = bench_txn(i, "n");
		l.items[i].booked_at = T0 + 1 + (int64_t)i * 60;
	}
	double tb = bench_now();
	struct err e = ERR_INIT;
	if (!store_merge_transactions(s, c, "chk", &l, &e))
		bench_die("merge", &e);
	printf("store_merge_5000_into_%zu %.4f s\n", records, bench_now() - tb);
	/* The same page again: every id is a replacement. */
	tb = bench_now();
	bench_merge(s, c, 0, PAGE, "t");
	printf("store_merge_5000_repeat %.4f s\n", bench_now() - tb);

	/* Serializing alone (the cache's encryption is bench_vault's figure),
	 * then again keeping the records for the load. */
	size_t bytes = 0;
	tb = bench_now();
	if (!store_serialize(s, bench_count, &bytes, &e))
		bench_die("serialize", &e);
	double ser = bench_now() - tb;
	printf("store_serialize_%zu %.4f s\n", records, ser);
	struct bench_sink k = { 0 };
	if (!store_serialize(s, bench_collect, &k, &e))
		bench_die("serialize", &e);
	printf("store_serialized_bytes %zu B\n", k.bytes);
	printf("store_records %zu records\n", k.n);
	struct store *t = store_new();
	tb = bench_now();
	for (size_t i = 0; i < k.n; i++)
		if (!store_load_record(t, k.rec[i], k.len[i], &e))
			bench_die("load", &e);
	double load = bench_now() - tb;
	printf("store_load_%zu %.4f s\n", records, load);
	printf("store_serialize_and_load_%zu %.4f s\n", records, ser + load);
	size_t n = store_account_find(store_conn_get(t, "bank", false), "chk")->n_txns;
	if (n != store_account_find(c, "chk")->n_txns) {
		fprintf(stderr, "bench_store: loaded %zu transactions, expected %zu\n", n,
			store_account_find(c, "chk")->n_txns);
		return 1;
	}
	for (size_t i = 0; i < k.n; i++)
		free(k.rec[i]);
	free(k.rec);
	free(k.len);
	store_free(&t);
	store_free(&s);
	return 0;
}
