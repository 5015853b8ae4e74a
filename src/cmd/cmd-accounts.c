/* cmd-accounts.c — `bankterm accounts`: every account of every connection
 * with its balances, from the offline cache (--refresh fetches first). */
#include "cmd.h"
#include "output.h"
#include "reads.h"
#include "store.h"
#include "unlock.h"

static const struct output_col cmd_accounts_cols[] = {
	{ "connection", "CONNECTION", OUTPUT_STR, 16, false },
	{ "id", "ID", OUTPUT_STR, 24, false },
	{ "name", "NAME", OUTPUT_STR, 30, false },
	{ "type", "TYPE", OUTPUT_STR, 0, false },
	{ "balance", "BALANCE", OUTPUT_MONEY, 0, false },
	{ "available_balance", "AVAILABLE", OUTPUT_MONEY, 0, false },
	{ "credit_limit", "CREDIT LIMIT", OUTPUT_MONEY, 0, true },
	{ "updated_at", "UPDATED", OUTPUT_TIMESTAMP, 0, true },
};

static bool cmd_accounts_fill(struct unlock *u, const struct reads_opts *o, struct output *out,
			      struct err *e)
{
	(void)o;
	(void)e;
	for (size_t ci = 0; ci < u->store->n_conns; ci++) {
		const struct store_conn *c = &u->store->conns[ci];
		for (size_t ai = 0; ai < c->n_accounts; ai++) {
			const struct account *a = &c->accounts[ai].account;
			struct output_cell row[] = {
				OUTPUT_S(c->name),
				OUTPUT_S(a->id),
				OUTPUT_S(a->name),
				OUTPUT_S(account_type_name(a->type)),
				OUTPUT_M(a->balance),
				a->has_available_balance ? OUTPUT_M(a->available_balance)
							 : OUTPUT_NULL,
				a->has_credit_limit ? OUTPUT_M(a->credit_limit) : OUTPUT_NULL,
				a->updated_at > 0 ? OUTPUT_I(a->updated_at) : OUTPUT_NULL,
			};
			output_row(out, row);
		}
	}
	return true;
}

static int cmd_accounts_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct reads_listing l = {
		.entry = &cmd_accounts_entry,
		.allow = READS_FORMATS,
		.cols = cmd_accounts_cols,
		.ncols = sizeof(cmd_accounts_cols) / sizeof(cmd_accounts_cols[0]),
		.fill = cmd_accounts_fill,
		.empty = "no accounts yet; link a connection with 'bankterm link', then "
			 "'bankterm refresh'",
	};
	return reads_run(&l, ctx, argc, argv);
}

const struct cmd_entry cmd_accounts_entry = {
	.name = "accounts",
	.usage = "accounts [--json|--csv] [--offline|--refresh] [--passphrase-fd N]",
	.summary = "List accounts and balances.",
	.help = READS_HELP,
	.exec = cmd_accounts_exec,
};
