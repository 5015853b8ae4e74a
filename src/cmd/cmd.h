/* cmd.h — the command table behind `bankterm SUBCOMMAND`.
 *
 * Each subcommand lives in its own file, cmd-NAME.c, and exports one
 * `const struct cmd_entry cmd_NAME_entry`; cmd.c collects them into the
 * table that main.c dispatches from (the way tmux's cmd-*.c do).  Adding a
 * command = one new file + one line in cmd.c's table + one line in
 * src/cmd/meson.build. */
#ifndef BANKTERM_CMD_H
#define BANKTERM_CMD_H

#include <stdbool.h>
#include <stdio.h>

/* Process exit codes, documented in bankterm(1). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,     /* the command ran and failed; `due`: something is due */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_AUTH = 3,     /* wrong passphrase or damaged vault */
	EXIT_NETWORK = 4,  /* money-moving commands: bank unreachable, NOT made */
	EXIT_UNKNOWN = 5,  /* money-moving commands: the answer was lost */
};

/* Options given before the subcommand, shared by every command. */
struct cmd_ctx {
	const char *config_path; /* --config FILE, or NULL for the XDG default */
	const char *debug_log;   /* --debug-log FILE, or NULL */
};

struct cmd_entry {
	const char *name;    /* "vault" */
	const char *usage;   /* "vault init|passwd|info [--kdf LEVEL] [--passphrase-fd N]" */
	const char *summary; /* one line for `bankterm --help` */
	const char *help;    /* longer text for `bankterm help NAME`, or NULL */
	/* argv[0] is the command name; returns an exit code. */
	int (*exec)(const struct cmd_ctx *ctx, int argc, char **argv);
};

/* NULL-terminated table of every command, in the order --help lists them. */
extern const struct cmd_entry *const cmd_table[];

const struct cmd_entry *cmd_find(const char *name);

/* Prints "bankterm: MESSAGE" and the command's usage to stderr; returns
 * EXIT_USAGE so handlers can `return cmd_usage_error(...)`. */
int cmd_usage_error(const struct cmd_entry *entry, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Writes the global usage (all commands) to out. */
void cmd_print_usage(FILE *out);

/* `bankterm help NAME`: the usage, summary and help text of one command on
 * stdout; returns EXIT_OK so `-h` handlers can return it. */
int cmd_print_help(const struct cmd_entry *entry);

/* True when arg is -h or --help. */
bool cmd_is_help(const char *arg);

extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_version_entry;
extern const struct cmd_entry cmd_vault_entry;
extern const struct cmd_entry cmd_link_entry;
extern const struct cmd_entry cmd_unlink_entry;
extern const struct cmd_entry cmd_connections_entry;
extern const struct cmd_entry cmd_refresh_entry;
extern const struct cmd_entry cmd_accounts_entry;
extern const struct cmd_entry cmd_transactions_entry;
extern const struct cmd_entry cmd_bills_entry;
extern const struct cmd_entry cmd_bnpl_entry;
extern const struct cmd_entry cmd_transfers_entry;
extern const struct cmd_entry cmd_due_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_notify_entry;
extern const struct cmd_entry cmd_lock_entry;
extern const struct cmd_entry cmd_completion_entry;
extern const struct cmd_entry cmd_pay_entry;
extern const struct cmd_entry cmd_payments_entry;
extern const struct cmd_entry cmd_send_entry;
extern const struct cmd_entry cmd_contacts_entry;

#endif
