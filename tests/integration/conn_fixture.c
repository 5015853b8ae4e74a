/* conn_fixture.c — writes a connection straight into an existing vault,
 * bypassing `bankterm link` and its checks, so the sync tests can show what
 * `bankterm refresh` does with a stored address link would have refused
 * (plain http to a host that is not this computer).
 * usage: conn_fixture VAULT NAME bankapi BASE_URL < passphrase-line
 *        conn_fixture VAULT NAME simplefin ACCESS_URL < passphrase-line */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vault/passphrase.h"
#include "vault/vault.h"
#include "xmalloc.h"

static bool conn_fixture_set(struct vault *v, const char *name, const char *field,
			     const char *value)
{
	char *entry = xasprintf("conn/%s/%s", name, field);
	bool ok = vault_set(v, entry, value, strlen(value));
	free(entry);
	return ok;
}

int main(int argc, char **argv)
{
	bool bankapi = argc == 5 && strcmp(argv[3], "bankapi") == 0;
	if (argc != 5 || (!bankapi && strcmp(argv[3], "simplefin") != 0)) {
		fputs("usage: conn_fixture VAULT NAME bankapi|simplefin URL < passphrase\n", stderr);
		return 2;
	}
	struct err e = ERR_INIT;
	struct passphrase *p = passphrase_read_fd(0, &e);
	struct vault *v = NULL;
	bool ok = p != NULL && vault_open(argv[1], p->data, p->len, &v, &e);
	passphrase_free(&p);
	if (ok) {
		ok = conn_fixture_set(v, argv[2], "type", argv[3]) &&
		     (bankapi ? conn_fixture_set(v, argv[2], "base_url", argv[4]) &&
					conn_fixture_set(v, argv[2], "refresh_token", "rt-conn-fixture")
			      : conn_fixture_set(v, argv[2], "access_url", argv[4]));
		if (!ok)
			err_set(&e, ERR_IO, "could not set the entries");
		ok = ok && vault_save(v, &e);
	}
	vault_free(&v);
	if (!ok) {
		fprintf(stderr, "conn_fixture: %s\n", e.msg);
		return 1;
	}
	return 0;
}
