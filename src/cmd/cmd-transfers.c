/* cmd-transfers.c — `bankterm transfers`: person-to-person transfers, newest
 * first, with the contact's name. */
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "reads.h"
#include "store.h"
#include "unlock.h"

static const struct output_col cmd_transfers_cols[] = {
	{ "created_at", "CREATED", OUTPUT_TIMESTAMP, 0, false },
	{ "connection", "CONNECTION", OUTPUT_STR, 12, false },
	{ "id", "ID", OUTPUT_STR, 0, true },
	{ "from_account", "FROM", OUTPUT_STR, 16, false },
	{ "contact_id", "CONTACT ID", OUTPUT_STR, 0, true },
	{ "contact_name", "TO", OUTPUT_STR, 24, false },
	{ "amount", "AMOUNT", OUTPUT_MONEY, 0, false },
	{ "status", "STATUS", OUTPUT_STR, 0, false },
	{ "memo", "MEMO", OUTPUT_STR, 30, false },
};

static const char *cmd_transfers_contact(const struct store_conn *c, const char *id)
{
	for (size_t i = 0; i < c->contacts.n; i++) {
		if (strcmp(c->contacts.items[i].id, id) == 0)
			return c->contacts.items[i].name;
	}
	return NULL;
}

static bool cmd_transfers_fill(struct unlock *u, const struct reads_opts *o,
			       struct output *out, struct err *e)
{
	(void)o;
	(void)e;
	for (size_t ci = 0; ci < u->store->n_conns; ci++) {
		const struct store_conn *c = &u->store->conns[ci];
		for (size_t i = 0; i < c->transfers.n; i++) {
			const struct transfer *t = &c->transfers.items[i];
			struct output_cell row[] = {
				OUTPUT_I(t->created_at),
				OUTPUT_S(c->name),
				OUTPUT_S(t->id),
				OUTPUT_S(t->from_account),
				OUTPUT_S(t->contact_id),
				OUTPUT_S(cmd_transfers_contact(c, t->contact_id)),
				OUTPUT_M(t->amount),
				OUTPUT_S(transfer_status_name(t->status)),
				OUTPUT_S(t->memo),
			};
			output_row(out, row);
		}
	}
	return true;
}

static int cmd_transfers_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct reads_listing l = {
		.entry = &cmd_transfers_entry,
		.allow = READS_FORMATS,
		.cols = cmd_transfers_cols,
		.ncols = sizeof(cmd_transfers_cols) / sizeof(cmd_transfers_cols[0]),
		.fill = cmd_transfers_fill,
		.empty = "no transfers",
	};
	return reads_run(&l, ctx, argc, argv);
}

const struct cmd_entry cmd_transfers_entry = {
	.name = "transfers",
	.usage = "transfers [--json|--csv] [--offline|--refresh] [--passphrase-fd N]",
	.summary = "List person-to-person transfers.",
	.help = READS_HELP,
	.exec = cmd_transfers_exec,
};
