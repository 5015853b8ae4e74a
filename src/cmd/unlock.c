/* unlock.c — config + vault + cached store for commands (see unlock.h). */
#include "unlock.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "net/http.h"
#include "paths.h"
#include "store.h"
#include "sync/sync.h"
#include "vault/keyring.h"
#include "vault/passphrase.h"
#include "vault/vault.h"

static bool unlock_parse_fd(const char *arg, int *fd)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || n < 0 || n > 1 << 20)
		return false;
	*fd = (int)n;
	return true;
}

int unlock_parse_args(const struct cmd_entry *entry, int argc, char **argv,
		      const char *const *switches, struct unlock_args *out)
{
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (cmd_is_help(a))
			return cmd_print_help(entry);
		if (strcmp(a, "--passphrase-fd") == 0) {
			if (i + 1 == argc || !unlock_parse_fd(argv[i + 1], &out->fd))
				return cmd_usage_error(entry, "--passphrase-fd needs a descriptor "
							      "number");
			i++;
			continue;
		}
		bool known = false;
		for (unsigned k = 0; switches != NULL && switches[k] != NULL; k++) {
			if (strcmp(a, switches[k]) == 0) {
				out->set |= 1u << k;
				known = true;
			}
		}
		if (known)
			continue;
		if (a[0] == '-' && a[1] != '\0')
			return cmd_usage_error(entry, "unknown option: %s", a);
		if (out->npos == UNLOCK_MAX_ARGS)
			return cmd_usage_error(entry, "unexpected argument: %s", a);
		out->pos[out->npos++] = a;
	}
	return -1;
}

int unlock_fail(const struct err *e)
{
	fprintf(stderr, "bankterm: %s\n", e->msg);
	return e->code == ERR_AUTH || e->code == ERR_CORRUPT ? EXIT_AUTH : EXIT_FAIL;
}

/* With key_cache set, a key cached in the kernel keyring opens the vault
 * without a passphrase, and a typed passphrase caches the key (keyring.h). */
static bool unlock_vault(struct unlock *u, int fd, struct err *e)
{
	char *path = paths_vault_file(e);
	if (path == NULL)
		return false;
	struct vault_info info;
	bool ok = vault_peek(path, &info, e);
	if (!ok && e != NULL && e->code == ERR_NOT_FOUND)
		err_set(e, ERR_NOT_FOUND, "there is no vault at %s; run 'bankterm vault init' first",
			path);
	struct passphrase *p = NULL;
	if (ok && keyring_open_vault(path, u->config->key_cache, &u->vault)) {
		free(path);
		return true;
	}
	if (ok) {
		p = fd >= 0 ? passphrase_read_fd(fd, e) : passphrase_read_tty("Passphrase: ", e);
		ok = p != NULL;
	}
	ok = ok && vault_open(path, p->data, p->len, &u->vault, e);
	if (ok)
		keyring_remember(u->vault, u->config->key_cache);
	passphrase_free(&p);
	free(path);
	return ok;
}

bool unlock_open(struct unlock *u, const struct cmd_ctx *ctx, int passphrase_fd, struct err *e)
{
	memset(u, 0, sizeof(*u));
	u->config = config_load(ctx->config_path, NULL, e);
	if (u->config == NULL)
		return false;
	u->cache_path = paths_cache_file(e);
	if (u->cache_path == NULL || !unlock_vault(u, passphrase_fd, e)) {
		unlock_close(u);
		return false;
	}
	if (ctx->debug_log != NULL) {
		u->log = log_open(ctx->debug_log, e);
		if (u->log == NULL) {
			unlock_close(u);
			return false;
		}
	}
	struct http_options ho = { .log = u->log };
	u->http = http_new(&ho, e);
	if (u->http == NULL) {
		unlock_close(u);
		return false;
	}
	u->store = store_new();
	sync_cache_load(u->store, u->vault, u->cache_path, &u->cache_err);
	return true;
}

void unlock_close(struct unlock *u)
{
	http_free(&u->http);
	log_free(&u->log);
	store_free(&u->store);
	vault_free(&u->vault);
	config_free(&u->config);
	free(u->cache_path);
	u->cache_path = NULL;
}
