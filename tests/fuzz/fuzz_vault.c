/* fuzz_vault.c — libFuzzer target for what the vault reads from disk: the
 * header and envelope (first byte odd: the rest is a vault file opened with
 * a fixed key; it must fail cleanly, never crash) and the decrypted entry
 * list (first byte even: whatever parses must read back entry by entry). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vault/secmem.h"
#include "vault/vault.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_vault_walk {
	const struct vault *v;
	size_t seen;
};

static bool fuzz_vault_check(const char *name, const void *value, size_t len, void *arg)
{
	struct fuzz_vault_walk *w = arg;
	size_t got_len = 0;
	const void *got = vault_get(w->v, name, &got_len);
	if (got != value || got_len != len || strlen(name) == 0)
		abort();
	w->seen++;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	struct err e = ERR_INIT;
	struct vault *v = NULL;
	if (data[0] & 1) {
		static const unsigned char key[VAULT_KEY_BYTES];
		if (vault_open_image(data + 1, size - 1, key, NULL, &v, &e))
			abort(); /* nobody can forge a tag without the key */
		if (e.code != ERR_AUTH)
			abort();
		return 0;
	}
	if (!vault_from_plaintext(data + 1, size - 1, &v, &e)) {
		if (e.code != ERR_CORRUPT)
			abort();
		return 0;
	}
	struct fuzz_vault_walk w = { v, 0 };
	vault_each(v, "", fuzz_vault_check, &w);
	struct vault_info info;
	vault_get_info(v, &info);
	if (w.seen != info.entries || info.connections > info.entries)
		abort();
	vault_free(&v);
	return 0;
}
