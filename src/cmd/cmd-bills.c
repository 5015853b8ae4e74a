/* cmd-bills.c — `bankterm bills`: every bill of every connection, by due date. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "reads.h"
#include "store.h"
#include "unlock.h"
#include "xmalloc.h"

static const struct output_col cmd_bills_cols[] = {
    {"due_date", "DUE", OUTPUT_DATE, 0, false},
    {"connection", "CONNECTION", OUTPUT_STR, 12, false},
    {"id", "ID", OUTPUT_STR, 20, false},
    {"payee", "PAYEE", OUTPUT_STR, 30, false},
    {"status", "STATUS", OUTPUT_STR, 0, false},
    {"amount_due", "AMOUNT DUE", OUTPUT_MONEY, 0, false},
    {"minimum_due", "MINIMUM", OUTPUT_MONEY, 0, true},
    {"autopay", "AUTOPAY", OUTPUT_BOOL, 0, false},
    {"reference", "REFERENCE", OUTPUT_STR, 0, true},
};

struct cmd_bills_item {
	const struct store_conn *conn;
	const struct bill *bill;
};

/* By due date, then connection and id. */
static int cmd_bills_cmp(const void *x, const void *y)
{
	const struct cmd_bills_item *a = x, *b = y;
	if (a->bill->due_date != b->bill->due_date)
		return a->bill->due_date < b->bill->due_date ? -1 : 1;
	int r = strcmp(a->conn->name, b->conn->name);
	return r != 0 ? r : strcmp(a->bill->id, b->bill->id);
}

static bool cmd_bills_fill(struct unlock *u, const struct reads_opts *o, struct output *out,
                           struct err *e)
{
	(void)o;
	(void)e;
	struct cmd_bills_item *items = NULL;
	size_t n = 0;
	for (size_t ci = 0; ci < u->store->n_conns; ci++) {
		const struct store_conn *c = &u->store->conns[ci];
		items = xreallocarray(items, n + c->bills.n + 1, sizeof(*items));
		for (size_t i = 0; i < c->bills.n; i++)
			items[n++] = (struct cmd_bills_item){c, &c->bills.items[i]};
	}
	if (n > 0)
		qsort(items, n, sizeof(*items), cmd_bills_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct store_conn *c = items[i].conn;
		const struct bill *b = items[i].bill;
		struct output_cell row[] = {
		    OUTPUT_I(b->due_date),
		    OUTPUT_S(c->name),
		    OUTPUT_S(b->id),
		    OUTPUT_S(b->payee),
		    OUTPUT_S(bill_status_name(b->status)),
		    OUTPUT_M(b->amount_due),
		    b->has_minimum_due ? OUTPUT_M(b->minimum_due) : OUTPUT_NULL,
		    OUTPUT_B(b->autopay),
		    OUTPUT_S(b->reference),
		};
		output_row(out, row);
	}
	free(items);
	return true;
}

static int cmd_bills_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct reads_listing l = {
	    .entry = &cmd_bills_entry,
	    .allow = READS_FORMATS,
	    .cols = cmd_bills_cols,
	    .ncols = sizeof(cmd_bills_cols) / sizeof(cmd_bills_cols[0]),
	    .fill = cmd_bills_fill,
	    .empty = "no bills",
	};
	return reads_run(&l, ctx, argc, argv);
}

const struct cmd_entry cmd_bills_entry = {
    .name = "bills",
    .usage = "bills [--json|--csv] [--offline|--refresh] [--passphrase-fd N]",
    .summary = "List bills: payee, amount, due date, status.",
    .help = READS_HELP,
    .exec = cmd_bills_exec,
};
