/* cmd-refresh.c — `bankterm refresh [NAME]`: fetch every connection (or
 * one) in parallel, print how each went, exit 1 if any failed. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sanitize.h"
#include "store.h"
#include "sync/pay.h"
#include "sync/sync.h"
#include "unlock.h"

static void cmd_refresh_paid(void *arg, const struct pay_outcome *o)
{
	int *failed = arg;
	if (o->pending || o->err.code != ERR_OK) {
		char *m = sanitize_line(o->err.msg, strlen(o->err.msg));
		printf("interrupted payment %s on %s: %s%s\n", o->key, o->conn,
		       o->pending ? "still pending: " : "", m);
		free(m);
		(*failed)++;
	} else {
		printf("interrupted payment %s on %s: completed (status %ld)\n", o->key, o->conn,
		       o->status);
	}
}

/* Payments a crash left in the vault are finished first, with their keys. */
static bool cmd_refresh_resume(struct unlock *u)
{
	struct pay_options po = { .http = u->http, .vault = u->vault, .config = u->config };
	struct err e = ERR_INIT;
	struct pay *p = pay_new(&po, &e);
	int failed = 0;
	struct pay_callbacks cb = { .done = cmd_refresh_paid, .arg = &failed };
	bool ok = p != NULL;
	if (ok && pay_resume(p, &cb, &e) > 0)
		ok = pay_wait(p, &e);
	pay_free(&p);
	if (!ok)
		fprintf(stderr, "bankterm: %s\n", e.msg);
	return ok && failed == 0;
}

static bool cmd_refresh_report(struct unlock *u, struct sync *s, const char *name)
{
	enum sync_outcome o = sync_outcome(s, name);
	struct store_conn *c = store_conn_get(u->store, name, false);
	char state[128] = "";
	if (c != NULL)
		sync_describe_state(c, state, sizeof(state));
	const char *word = o == SYNC_OUTCOME_OK		 ? "ok"
			   : o == SYNC_OUTCOME_SKIPPED ? "skipped"
						       : state;
	printf("%s: %s", name, word);
	if (o == SYNC_OUTCOME_SKIPPED)
		printf(" (SimpleFIN refreshed less than %d min ago; use --force)",
		       SYNC_SIMPLEFIN_MIN_INTERVAL / 60);
	if (c != NULL && o == SYNC_OUTCOME_OK)
		printf(" (%zu accounts)", c->n_accounts);
	if (c != NULL && c->last_error != NULL && o != SYNC_OUTCOME_SKIPPED) {
		char *m = sanitize_line(c->last_error, strlen(c->last_error));
		printf(": %s", m);
		free(m);
	}
	putchar('\n');
	return o != SYNC_OUTCOME_FAILED;
}

static int cmd_refresh_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const switches[] = { "--force", "--quick", NULL };
	struct unlock_args a;
	int rc = unlock_parse_args(&cmd_refresh_entry, argc, argv, switches, &a);
	if (rc >= 0)
		return rc;
	if (a.npos > 1)
		return cmd_usage_error(&cmd_refresh_entry, "refresh takes at most one name");
	struct err e = ERR_INIT;
	struct unlock u;
	if (!unlock_open(&u, ctx, a.fd, &e))
		return unlock_fail(&e);
	struct sync_options so = {
		.http = u.http,
		.vault = u.vault,
		.store = u.store,
		.config = u.config,
		.cache_path = u.cache_path,
	};
	unsigned flags = ((a.set & 1u) ? SYNC_FORCE : 0) | ((a.set & 2u) ? SYNC_QUICK : 0);
	if (!cmd_refresh_resume(&u))
		rc = EXIT_FAIL;
	struct sync *s = sync_new(&so, &e);
	bool ok = s != NULL && sync_refresh(s, a.npos == 1 ? a.pos[0] : NULL, flags, &e) &&
		  sync_wait(s, &e);
	if (ok) {
		size_t n = 0;
		char **names = sync_connection_names(u.vault, &n);
		for (size_t i = 0; i < n; i++) {
			if (sync_outcome(s, names[i]) != SYNC_OUTCOME_NONE &&
			    !cmd_refresh_report(&u, s, names[i]))
				rc = EXIT_FAIL;
			free(names[i]);
		}
		free(names);
		if (!sync_cache_result(s, &e)) {
			fprintf(stderr, "bankterm: warning: %s\n", e.msg);
			rc = EXIT_FAIL;
		}
	}
	sync_free(&s);
	unlock_close(&u);
	if (!ok)
		return unlock_fail(&e);
	return rc < 0 ? EXIT_OK : rc;
}

const struct cmd_entry cmd_refresh_entry = {
	.name = "refresh",
	.usage = "refresh [NAME] [--force] [--quick] [--passphrase-fd N]",
	.summary = "Fetch fresh data from every connection (or NAME) in parallel.",
	.help = "  --force   refresh SimpleFIN connections even within their minimum interval\n"
		"            (1 hour: the SimpleFIN Bridge allows about 24 requests a day)\n"
		"  --quick   balances only where the provider supports it (SimpleFIN)\n"
		"\n"
		"Payments interrupted by a crash (idem/ entries in the vault) are sent again\n"
		"first, with their original idempotency keys, so they happen exactly once.\n"
		"Prints one line per connection; exits 1 if any of them failed.\n",
	.exec = cmd_refresh_exec,
};
