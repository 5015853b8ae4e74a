/* cmd-unlink.c — `bankterm unlink NAME`: forget a connection: its vault
 * entries (tokens, access URL) and its data in the offline cache. */
#include "cmd.h"
#include "sync/link.h"
#include "sync/sync.h"
#include "unlock.h"

static int cmd_unlink_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct unlock_args a;
	int rc = unlock_parse_args(&cmd_unlink_entry, argc, argv, NULL, &a);
	if (rc >= 0)
		return rc;
	if (a.npos != 1)
		return cmd_usage_error(&cmd_unlink_entry, "unlink needs one connection name");
	struct err e = ERR_INIT;
	struct unlock u;
	if (!unlock_open(&u, ctx, a.fd, &e))
		return unlock_fail(&e);
	bool ok = link_remove(u.vault, u.store, a.pos[0], &e) &&
		  sync_cache_save(u.store, u.vault, u.cache_path, &e);
	unlock_close(&u);
	if (!ok)
		return unlock_fail(&e);
	printf("unlinked %s (its tokens and cached data are gone)\n", a.pos[0]);
	return EXIT_OK;
}

const struct cmd_entry cmd_unlink_entry = {
	.name = "unlink",
	.usage = "unlink NAME [--passphrase-fd N]",
	.summary = "Forget a connection: its tokens and its cached data.",
	.help = "Removes conn/NAME/* from the vault and the connection's data from the\n"
		"offline cache.  It does not revoke anything at the bank.\n",
	.exec = cmd_unlink_exec,
};
