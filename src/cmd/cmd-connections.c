/* cmd-connections.c — `bankterm connections`: every linked connection with
 * its type, state, last successful refresh and last error, from the vault
 * and the offline cache (no network). */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "sanitize.h"
#include "store.h"
#include "sync/conn.h"
#include "sync/sync.h"
#include "unlock.h"

static void cmd_connections_print(struct unlock *u, const char *name)
{
	struct conn_info ci;
	struct err e = ERR_INIT;
	if (!conn_info_load(&ci, u->vault, u->config, name, &e)) {
		char *m = sanitize_line(e.msg, strlen(e.msg));
		printf("%-16s %-9s %s\n", name, "?", m);
		free(m);
		return;
	}
	struct store_conn *c = store_conn_get(u->store, name, false);
	char state[128] = "never synced", last[DATE_TIMESTAMP_STR_MAX] = "-";
	if (c != NULL) {
		sync_describe_state(c, state, sizeof(state));
		if (c->last_success > 0)
			date_format_timestamp(c->last_success, last);
	}
	printf("%-16s %-9s %-20s %-34s", name, config_conn_type_name(ci.type), last, state);
	if (c != NULL && c->last_error != NULL) {
		char *m = sanitize_line(c->last_error, strlen(c->last_error));
		printf(" %s", m);
		free(m);
	}
	putchar('\n');
	conn_info_clear(&ci);
}

static int cmd_connections_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct unlock_args a;
	int rc = unlock_parse_args(&cmd_connections_entry, argc, argv, NULL, &a);
	if (rc >= 0)
		return rc;
	if (a.npos != 0)
		return cmd_usage_error(&cmd_connections_entry, "unexpected argument: %s", a.pos[0]);
	struct err e = ERR_INIT;
	struct unlock u;
	if (!unlock_open(&u, ctx, a.fd, &e))
		return unlock_fail(&e);
	size_t n = 0;
	char **names = sync_connection_names(u.vault, &n);
	if (n == 0)
		puts("no connections; link one with 'bankterm link'");
	else
		printf("%-16s %-9s %-20s %-34s %s\n", "NAME", "TYPE", "LAST SUCCESS", "STATE",
		       "LAST ERROR");
	for (size_t i = 0; i < n; i++) {
		cmd_connections_print(&u, names[i]);
		free(names[i]);
	}
	free(names);
	unlock_close(&u);
	return EXIT_OK;
}

const struct cmd_entry cmd_connections_entry = {
	.name = "connections",
	.usage = "connections [--passphrase-fd N]",
	.summary = "List linked connections: state, last success, last error.",
	.help = "Reads the vault and the offline cache; sends nothing.\n",
	.exec = cmd_connections_exec,
};
