/* main.c — bankterm's entry point: harden the process, read the global
 * options, dispatch to a subcommand from the table in cmd/cmd.c, or open the
 * terminal interface when no subcommand is given. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "app.h"
#include "cmd/cmd.h"
#include "config.h"
#include "date.h"
#include "demo.h"

/* Keep secrets out of core dumps and away from ptrace by other processes of
 * the same user: done first, before anything is read. */
static void main_harden(void)
{
	struct rlimit none = { 0, 0 };
	if (setrlimit(RLIMIT_CORE, &none) != 0)
		perror("bankterm: warning: cannot disable core dumps");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		perror("bankterm: warning: cannot mark the process non-dumpable");
}

/* --demo: the user's config still applies (theme, idle lock), but not its
 * connections: the demo links its own. */
static int main_demo(const struct cmd_ctx *ctx)
{
	struct err e = ERR_INIT;
	struct config *cfg = config_load(ctx->config_path, NULL, &e);
	if (cfg == NULL) {
		fprintf(stderr, "bankterm: %s\n", e.msg);
		return EXIT_FAIL;
	}
	int rc = demo_main(cfg);
	config_free(&cfg);
	return rc;
}

int main(int argc, char **argv)
{
	main_harden();
	setlocale(LC_ALL, "");
	struct err e = ERR_INIT;
	if (!date_clock_check(&e))
		fprintf(stderr, "bankterm: warning: %s\n", e.msg);

	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "config", required_argument, NULL, 'c' },
		{ "debug-log", required_argument, NULL, 'D' },
		{ "demo", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_ctx ctx = { 0 };
	bool demo = false;
	int c;
	opterr = 0;
	/* '+': stop at the first non-option, which is the subcommand. */
	while ((c = getopt_long(argc, argv, "+:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_print_usage(stdout);
			return EXIT_OK;
		case 'V':
			return cmd_version_entry.exec(&ctx, 1, (char *[]){ "version", NULL });
		case 'c':
			ctx.config_path = optarg;
			break;
		case 'D':
			ctx.debug_log = optarg;
			break;
		case 'd':
			demo = true;
			break;
		case ':':
			return cmd_usage_error(NULL, "option %s needs a value", argv[optind - 1]);
		default:
			return cmd_usage_error(NULL, "unknown option: %s", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return demo ? main_demo(&ctx) : app_main(ctx.config_path);
	const struct cmd_entry *entry = cmd_find(argv[optind]);
	if (entry == NULL)
		return cmd_usage_error(NULL, "no such command: %s", argv[optind]);
	return entry->exec(&ctx, argc - optind, argv + optind);
}
