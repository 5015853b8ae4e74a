/* cmd-transactions.c — `bankterm transactions [ACCOUNT]`: transactions of
 * one account or all, newest first, optionally between two dates. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "export.h"
#include "output.h"
#include "reads.h"
#include "store.h"
#include "unlock.h"
#include "xmalloc.h"

static const struct output_col cmd_transactions_cols[] = {
	{ "date", "DATE", OUTPUT_DATE, 0, false },
	{ "connection", "CONNECTION", OUTPUT_STR, 12, false },
	{ "account", "ACCOUNT", OUTPUT_STR, 16, false },
	{ "id", "ID", OUTPUT_STR, 0, true },
	{ "booked_at", "BOOKED", OUTPUT_TIMESTAMP, 0, true },
	{ "status", "STATUS", OUTPUT_STR, 0, false },
	{ "amount", "AMOUNT", OUTPUT_MONEY, 0, false },
	{ "description", "DESCRIPTION", OUTPUT_STR, 40, false },
	{ "merchant", "MERCHANT", OUTPUT_STR, 0, true },
	{ "category", "CATEGORY", OUTPUT_STR, 0, true },
	{ "counterparty", "COUNTERPARTY", OUTPUT_STR, 0, true },
	{ "replaces", "REPLACES", OUTPUT_STR, 0, true },
};

struct cmd_transactions_item {
	const struct store_conn *conn;
	const struct account *acct;
	const struct transaction *t;
};

/* Newest first; ties by connection, account and id so the order is stable. */
static int cmd_transactions_cmp(const void *x, const void *y)
{
	const struct cmd_transactions_item *a = x, *b = y;
	if (a->t->booked_at != b->t->booked_at)
		return a->t->booked_at < b->t->booked_at ? 1 : -1;
	int r = strcmp(a->conn->name, b->conn->name);
	if (r == 0)
		r = strcmp(a->acct->id, b->acct->id);
	return r != 0 ? r : strcmp(a->t->id, b->t->id);
}

static bool cmd_transactions_in_range(const struct reads_opts *o, const struct transaction *t)
{
	int64_t d = date_of_timestamp_utc(t->booked_at);
	return (!o->has_since || d >= o->since) && (!o->has_until || d <= o->until);
}

static void cmd_transactions_row(struct output *out, const struct cmd_transactions_item *it)
{
	const struct transaction *t = it->t;
	struct output_cell row[] = {
		OUTPUT_I(date_of_timestamp_utc(t->booked_at)),
		OUTPUT_S(it->conn->name),
		OUTPUT_S(it->acct->id),
		OUTPUT_S(t->id),
		OUTPUT_I(t->booked_at),
		OUTPUT_S(txn_status_name(t->status)),
		OUTPUT_M(t->amount),
		OUTPUT_S(t->description),
		OUTPUT_S(t->merchant),
		OUTPUT_S(t->category),
		OUTPUT_S(t->counterparty),
		OUTPUT_S(t->replaces),
	};
	output_row(out, row);
}

static bool cmd_transactions_fill(struct unlock *u, const struct reads_opts *o,
				  struct output *out, struct err *e)
{
	struct cmd_transactions_item *items = NULL;
	size_t n = 0, cap = 0;
	bool found = o->npos == 0;
	for (size_t ci = 0; ci < u->store->n_conns; ci++) {
		const struct store_conn *c = &u->store->conns[ci];
		for (size_t ai = 0; ai < c->n_accounts; ai++) {
			const struct store_account *sa = &c->accounts[ai];
			if (o->npos == 1 && !export_account_match(o->pos[0], c->name,
								   sa->account.id))
				continue;
			found = true;
			for (size_t i = 0; i < sa->n_txns; i++) {
				if (!cmd_transactions_in_range(o, &sa->txns[i]))
					continue;
				if (n == cap) {
					cap = cap == 0 ? 256 : cap * 2;
					items = xreallocarray(items, cap, sizeof(*items));
				}
				items[n++] = (struct cmd_transactions_item){ c, &sa->account,
									     &sa->txns[i] };
			}
		}
	}
	if (!found) {
		free(items);
		return err_set(e, ERR_NOT_FOUND,
			       "there is no account '%s'; 'bankterm accounts' lists them (use "
			       "CONNECTION/ACCOUNT when two connections share an id)",
			       o->pos[0]);
	}
	if (n > 0)
		qsort(items, n, sizeof(*items), cmd_transactions_cmp);
	for (size_t i = 0; i < n; i++)
		cmd_transactions_row(out, &items[i]);
	free(items);
	return true;
}

static int cmd_transactions_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct reads_listing l = {
		.entry = &cmd_transactions_entry,
		.allow = READS_FORMATS | READS_SINCE | READS_UNTIL,
		.max_pos = 1,
		.cols = cmd_transactions_cols,
		.ncols = sizeof(cmd_transactions_cols) / sizeof(cmd_transactions_cols[0]),
		.fill = cmd_transactions_fill,
		.empty = "no transactions",
	};
	return reads_run(&l, ctx, argc, argv);
}

const struct cmd_entry cmd_transactions_entry = {
	.name = "transactions",
	.usage = "transactions [ACCOUNT] [--since DATE] [--until DATE] [--json|--csv] "
		 "[--offline|--refresh] [--passphrase-fd N]",
	.summary = "List transactions, newest first.",
	.help = "  ACCOUNT         an account id, or CONNECTION/ACCOUNT; default: all\n"
		"  --since DATE    booked on or after DATE (YYYY-MM-DD, UTC)\n"
		"  --until DATE    booked on or before DATE\n" READS_HELP,
	.exec = cmd_transactions_exec,
};
