/* cmd-lock.c — `bankterm lock`: removes the vault key that `key_cache`
 * left in the kernel keyring (src/vault/keyring.h), so the next command
 * asks for the passphrase again.  Having nothing to remove is success: a
 * script or a screen-locker hook can run it unconditionally. */
#include <stdlib.h>

#include "cmd.h"
#include "paths.h"
#include "vault/keyring.h"

static int cmd_lock_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc > 1 && cmd_is_help(argv[1])) {
		printf("usage: bankterm %s\n\n%s", cmd_lock_entry.usage, cmd_lock_entry.help);
		return EXIT_OK;
	}
	if (argc > 1)
		return cmd_usage_error(&cmd_lock_entry, "lock takes no arguments");
	struct err e = ERR_INIT;
	char *path = paths_vault_file(&e);
	if (path == NULL) {
		fprintf(stderr, "bankterm: %s\n", e.msg);
		return EXIT_FAIL;
	}
	bool removed = false;
	bool ok = keyring_clear(path, &removed, &e);
	free(path);
	if (!ok && e.code == ERR_UNSUPPORTED) {
		fprintf(stderr, "bankterm: %s; no key can have been cached\n", e.msg);
		return EXIT_OK;
	}
	if (!ok) {
		fprintf(stderr, "bankterm: %s\n", e.msg);
		return EXIT_FAIL;
	}
	puts(removed ? "locked: removed the cached vault key from the kernel keyring"
	             : "locked: no vault key was cached");
	return EXIT_OK;
}

const struct cmd_entry cmd_lock_entry = {
    .name = "lock",
    .usage = "lock",
    .summary = "Forget the vault key cached in the kernel keyring.",
    .help = "Removes the vault key that the key_cache setting (bankterm-config(5)) keeps in\n"
            "the kernel's user session keyring, so the next command asks for the passphrase.\n"
            "Exits 0 also when nothing was cached.\n",
    .exec = cmd_lock_exec,
};
