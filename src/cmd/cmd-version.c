/* cmd-version.c — `bankterm version`, also reached as `bankterm --version`. */
#include "cmd.h"

static int cmd_version_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argv;
	if (argc > 1)
		return cmd_usage_error(&cmd_version_entry, "version takes no arguments");
	printf("bankterm %s\n", BANKTERM_VERSION);
	return EXIT_OK;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.usage = "version",
	.summary = "Print the version of bankterm.",
	.help = NULL,
	.exec = cmd_version_exec,
};
