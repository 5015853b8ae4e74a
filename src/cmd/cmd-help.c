/* cmd-help.c — `bankterm help [COMMAND]`. */
#include "cmd.h"

static int cmd_help_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc == 1) {
		cmd_print_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return cmd_usage_error(&cmd_help_entry, "help takes at most one command name");
	const struct cmd_entry *entry = cmd_find(argv[1]);
	if (entry == NULL)
		return cmd_usage_error(NULL, "no such command: %s", argv[1]);
	return cmd_print_help(entry);
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "help [COMMAND]",
	.summary = "Show the commands, or one command's usage and options.",
	.help = NULL,
	.exec = cmd_help_exec,
};
