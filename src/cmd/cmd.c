/* cmd.c — the table of subcommands and the helpers they share (see cmd.h). */
#include "cmd.h"

#include <stdarg.h>
#include <string.h>

const struct cmd_entry *const cmd_table[] = {
	&cmd_help_entry,
	&cmd_version_entry,
	&cmd_vault_entry,
	&cmd_link_entry,
	&cmd_unlink_entry,
	&cmd_connections_entry,
	&cmd_refresh_entry,
	&cmd_accounts_entry,
	&cmd_transactions_entry,
	&cmd_bills_entry,
	&cmd_bnpl_entry,
	&cmd_transfers_entry,
	&cmd_due_entry,
	&cmd_export_entry,
	&cmd_notify_entry,
	&cmd_lock_entry,
	&cmd_completion_entry,
	&cmd_pay_entry,
	&cmd_payments_entry,
	&cmd_send_entry,
	&cmd_contacts_entry,
	NULL,
};

const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; cmd_table[i] != NULL; i++) {
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	}
	return NULL;
}

int cmd_usage_error(const struct cmd_entry *entry, const char *fmt, ...)
{
	va_list ap;
	fputs("bankterm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (entry != NULL)
		fprintf(stderr, "usage: bankterm %s\n", entry->usage);
	else
		cmd_print_usage(stderr);
	return EXIT_USAGE;
}

void cmd_print_usage(FILE *out)
{
	fputs("usage: bankterm [--config FILE] [--debug-log FILE] [--demo] [COMMAND [ARGS...]]\n"
	      "       bankterm --help | --version\n"
	      "\n"
	      "With no command, bankterm unlocks the vault and opens the terminal interface.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; cmd_table[i] != NULL; i++)
		fprintf(out, "  %-12s %s\n", cmd_table[i]->name, cmd_table[i]->summary);
	fputs("\nRun 'bankterm help COMMAND' for a command's options; 'man bankterm' for more.\n", out);
}

int cmd_print_help(const struct cmd_entry *entry)
{
	printf("usage: bankterm %s\n\n%s\n", entry->usage, entry->summary);
	if (entry->help != NULL)
		printf("\n%s", entry->help);
	return EXIT_OK;
}

bool cmd_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}
