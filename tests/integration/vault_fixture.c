/* vault_fixture.c — makes a vault with known entries for the integration
 * tests (vault_cli.py checks it with the independent vault_decrypt.py).
 * usage: vault_fixture PATH < passphrase-line   (INTERACTIVE KDF)
 * Also writes PATH.cache: an offline cache under the vault's cache key
 * holding CACHE_RECORDS records "record N" padded to N % 100 bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vault/cache.h"
#include "vault/passphrase.h"
#include "vault/vault.h"
#include "xmalloc.h"

#define CACHE_RECORDS 5000

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: vault_fixture PATH < passphrase\n", stderr);
		return 2;
	}
	struct err e = ERR_INIT;
	struct passphrase *p = passphrase_read_fd(0, &e);
	struct vault *v = NULL;
	if (p == NULL || !vault_create(argv[1], p->data, p->len, VAULT_KDF_INTERACTIVE, &v, &e)) {
		fprintf(stderr, "vault_fixture: %s\n", e.msg);
		passphrase_free(&p);
		return 1;
	}
	passphrase_free(&p);
	static const char binary[] = { 'a', '\0', 'b', '\xff' };
	bool ok = vault_set(v, "conn/northwind/type", "bankapi", 7) &&
		  vault_set(v, "conn/northwind/refresh_token", "rt-northwind-1", 14) &&
		  vault_set(v, "conn/sfin/type", "simplefin", 9) &&
		  vault_set(v, "conn/sfin/access_url", "https://u:p@sfin.example/x", 26) &&
		  vault_set(v, "idem/8f1c", "POST /payments", 14) &&
		  vault_set(v, "binary", binary, sizeof binary) && vault_set(v, "empty", "", 0) &&
		  vault_save(v, &e);
	char *cache_path = xasprintf("%s.cache", argv[1]);
	struct cache_writer *w = ok ? cache_writer_open(cache_path, vault_cache_key(v), &e) : NULL;
	ok = w != NULL;
	for (int i = 0; ok && i < CACHE_RECORDS; i++) {
		char rec[128];
		int n = snprintf(rec, sizeof rec, "record %d", i);
		memset(rec + n, '.', sizeof rec - (size_t)n);
		ok = cache_writer_add(w, rec, (size_t)(n > i % 100 ? n : i % 100), &e);
	}
	ok = ok && cache_writer_commit(&w, &e);
	cache_writer_abort(&w);
	free(cache_path);
	vault_free(&v);
	if (!ok) {
		fprintf(stderr, "vault_fixture: %s\n", e.msg);
		return 1;
	}
	return 0;
}
