/* vault_fixture.c — makes a vault with known entries for the integration
 * tests (vault_cli.py checks it with the independent vault_decrypt.py).
 * usage: vault_fixture PATH < passphrase-line   (INTERACTIVE KDF) */
#include <stdio.h>

#include "vault/passphrase.h"
#include "vault/vault.h"

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
	vault_free(&v);
	if (!ok) {
		fprintf(stderr, "vault_fixture: %s\n", e.msg);
		return 1;
	}
	return 0;
}
