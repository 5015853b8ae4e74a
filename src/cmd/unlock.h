/* unlock.h — what a command needs before it can touch the user's money:
 * the config, the vault (asking for its passphrase on the terminal, or
 * reading it from --passphrase-fd N), the store filled from the encrypted
 * offline cache, and the http loop (logging to --debug-log).  Shared by the
 * sync commands and the TUI.
 *
 *     struct unlock u;
 *     if (!unlock_open(&u, ctx, fd, &e)) return unlock_fail(&e);
 *     ... u.config, u.vault, u.store, u.cache_path ...
 *     unlock_close(&u);
 *
 * struct unlock owns everything in it; unlock_close frees it all (the vault
 * is wiped). */
#ifndef BANKTERM_CMD_UNLOCK_H
#define BANKTERM_CMD_UNLOCK_H

#include <stdbool.h>

#include "cmd.h"
#include "err.h"

struct config;
struct http;
struct log;
struct store;
struct vault;

struct unlock {
	struct config *config;
	struct vault *vault;
	struct store *store;
	char *cache_path;
	struct log *log;   /* --debug-log, or NULL */
	struct http *http; /* one loop for everything the command sends */
	/* The cache could not be read (damaged or from another vault): the
	 * store is empty and this says why; the next refresh rebuilds it. */
	struct err cache_err;
};

/* passphrase_fd: -1 asks on the terminal.  A missing vault is ERR_NOT_FOUND
 * with a message naming 'bankterm vault init'. */
bool unlock_open(struct unlock *u, const struct cmd_ctx *ctx, int passphrase_fd, struct err *e);
void unlock_close(struct unlock *u);

/* The command line of an unlocking command: positional arguments, the
 * shared --passphrase-fd N, and the switches named in `switches` (e.g.
 * {"--force", NULL}), whose presence sets the matching bit of `set`. */
#define UNLOCK_MAX_ARGS 4
struct unlock_args {
	int fd; /* -1: the terminal */
	const char *pos[UNLOCK_MAX_ARGS];
	int npos;
	unsigned set; /* bit i: switches[i] was given */
};

/* Returns -1 when the line is good, else the exit code (usage printed; for
 * -h/--help the help and EXIT_OK). */
int unlock_parse_args(const struct cmd_entry *entry, int argc, char **argv,
		      const char *const *switches, struct unlock_args *out);

/* Prints "bankterm: MESSAGE" and returns the exit code for e (EXIT_AUTH for a
 * wrong passphrase or a damaged vault, else EXIT_FAIL). */
int unlock_fail(const struct err *e);

#endif
