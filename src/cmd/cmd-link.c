/* cmd-link.c — `bankterm link bankapi NAME URL` (device login at the bank)
 * and `bankterm link simplefin NAME [SETUP_TOKEN|-]` (claim a setup token
 * once).  Secrets go to the vault only; a setup token given as `-` (or not
 * at all) is read from standard input so that it never sits in argv. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sanitize.h"
#include "sync/link.h"
#include "unlock.h"
#include "vault/passphrase.h"

static void cmd_link_show(void *arg, const char *uri, const char *uri_complete,
			  const char *user_code)
{
	const char *name = arg;
	char *u = sanitize_line(uri, strlen(uri));
	char *c = sanitize_line(user_code, strlen(user_code));
	printf("To link %s, open %s and enter the code %s\n", name, u, c);
	if (uri_complete != NULL) {
		char *uc = sanitize_line(uri_complete, strlen(uri_complete));
		printf("(or open %s)\n", uc);
		free(uc);
	}
	puts("Waiting for the approval...");
	fflush(stdout);
	free(u);
	free(c);
}

static int cmd_link_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct unlock_args a;
	int rc = unlock_parse_args(&cmd_link_entry, argc, argv, NULL, &a);
	if (rc >= 0)
		return rc;
	if (a.npos < 2)
		return cmd_usage_error(&cmd_link_entry, "link needs a type and a name");
	const char *type = a.pos[0], *name = a.pos[1];
	bool bankapi = strcmp(type, "bankapi") == 0;
	if (!bankapi && strcmp(type, "simplefin") != 0)
		return cmd_usage_error(&cmd_link_entry, "the type is bankapi or simplefin, not '%s'",
				       type);
	if (bankapi && a.npos != 3)
		return cmd_usage_error(&cmd_link_entry, "link bankapi needs NAME and URL");
	if (!bankapi && a.npos > 3)
		return cmd_usage_error(&cmd_link_entry, "too many arguments");
	struct err e = ERR_INIT;
	struct unlock u;
	if (!unlock_open(&u, ctx, a.fd, &e))
		return unlock_fail(&e);
	bool ok;
	if (bankapi) {
		struct link_ui ui = { cmd_link_show, (void *)name };
		ok = link_bankapi(u.http, u.vault, u.config, name, a.pos[2], &ui, &e);
	} else {
		struct passphrase *tok = NULL;
		const char *token = a.npos == 3 ? a.pos[2] : "-";
		if (strcmp(token, "-") == 0) {
			/* the line reader of passphrases: secure memory, one line */
			tok = passphrase_read_fd(0, &e);
			token = tok != NULL ? tok->data : NULL;
		}
		ok = token != NULL && link_simplefin(u.http, u.vault, u.config, name, token, &e);
		passphrase_free(&tok);
	}
	unlock_close(&u);
	if (!ok)
		return unlock_fail(&e);
	printf("linked %s; run 'bankterm refresh %s' to fetch its data\n", name, name);
	return EXIT_OK;
}

const struct cmd_entry cmd_link_entry = {
	.name = "link",
	.usage = "link bankapi NAME URL | link simplefin NAME [SETUP_TOKEN|-] [--passphrase-fd N]",
	.summary = "Link a bank (device login) or a SimpleFIN server (setup token).",
	.help = "  bankapi NAME URL     log in at the bank whose API is at URL: bankterm shows a\n"
		"                       code to approve on the bank's page, then keeps a refresh\n"
		"                       token in the vault\n"
		"  simplefin NAME [T]   claim the SimpleFIN setup token T (once); with '-' or no\n"
		"                       T the token is read from standard input\n"
		"  --passphrase-fd N    read the vault passphrase from descriptor N\n"
		"\n"
		"NAME is 1-32 letters, digits, '_' or '-'.  A [connection NAME] section in the\n"
		"config may add ca_file and pin for TLS.\n",
	.exec = cmd_link_exec,
};
