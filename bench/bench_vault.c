/* bench_vault.c — how long unlocking takes at each KDF preset, and how long
 * the offline cache takes to save and load 1,000,000 transaction-like
 * records once the key is known.  Run by hand or by bench/run:
 *     build/bench/bench_vault [RECORDS]
 * Prints one line per figure: "name value unit". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vault/cache.h"
#include "vault/vault.h"
#include "xmalloc.h"

#define PASS "benchmark passphrase"

static double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_vault: %s: %s\n", what, e->msg);
	exit(1);
}

/* Seconds for vault_open (Argon2id + decryption) of a vault made with kdf. */
static double bench_unlock(const char *dir, enum vault_kdf kdf, const char *name)
{
	char *path = xasprintf("%s/vault-%s", dir, name);
	struct err e = ERR_INIT;
	struct vault *v = NULL;
	if (!vault_create(path, PASS, strlen(PASS), kdf, &v, &e))
		bench_die("create", &e);
	vault_free(&v);
	double t0 = bench_now();
	if (!vault_open(path, PASS, strlen(PASS), &v, &e))
		bench_die("open", &e);
	double t = bench_now() - t0;
	vault_free(&v);
	unlink(path);
	free(path);
	return t;
}

int main(int argc, char **argv)
{
	unsigned long records = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	char tmpl[] = "/tmp/bankterm-bench-XXXXXX";
	if (mkdtemp(tmpl) == NULL) {
		perror("bench_vault: mkdtemp");
		return 1;
	}
	static const struct {
		enum vault_kdf kdf;
		const char *name;
	} presets[] = {
		{ VAULT_KDF_INTERACTIVE, "interactive" },
		{ VAULT_KDF_MODERATE, "moderate" },
		{ VAULT_KDF_SENSITIVE, "sensitive" },
	};
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
		printf("vault_unlock_%s %.3f s\n", presets[i].name,
		       bench_unlock(tmpl, presets[i].kdf, presets[i].name));

	unsigned char key[CACHE_KEY_BYTES] = { 1 };
	char *path = xasprintf("%s/cache", tmpl);
	struct err e = ERR_INIT;
	char rec[256];
	double t0 = bench_now();
	struct cache_writer *w = cache_writer_open(path, key, &e);
	if (w == NULL)
		bench_die("cache open", &e);
	for (unsigned long i = 0; i < records; i++) {
		int n = snprintf(rec, sizeof rec,
				 "{\"id\":\"tx-%09lu\",\"account\":\"acc-%03lu\",\"amount\":%lu,"
				 "\"currency\":\"EUR\",\"booked\":\"2026-11-%02lu\","
				 "\"text\":\"Card payment %04lu\"}",
				 i, i % 17, i * 37 % 100000, 1 + i % 28, i % 1000);
		if (!cache_writer_add(w, rec, (size_t)n, &e))
			bench_die("cache add", &e);
	}
	if (!cache_writer_commit(&w, &e))
		bench_die("cache commit", &e);
	double t_save = bench_now() - t0;

	t0 = bench_now();
	struct cache_reader *r = cache_reader_open(path, key, &e);
	if (r == NULL)
		bench_die("cache read", &e);
	const void *p;
	size_t len, bytes = 0;
	unsigned long n = 0;
	int rc;
	while ((rc = cache_reader_next(r, &p, &len, &e)) > 0) {
		n++;
		bytes += len;
	}
	cache_reader_free(&r);
	double t_load = bench_now() - t0;
	if (rc < 0 || n != records)
		bench_die("cache read", &e);
	printf("cache_records %lu\n", n);
	printf("cache_record_bytes_avg %.1f B\n", n ? (double)bytes / (double)n : 0.0);
	printf("cache_save %.3f s\n", t_save);
	printf("cache_load %.3f s\n", t_load);
	unlink(path);
	free(path);
	rmdir(tmpl);
	return 0;
}
