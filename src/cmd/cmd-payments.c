/* cmd-payments.c — `bankterm payments [--cancel ID]`: bill payments, sent
 * and scheduled; --cancel cancels a scheduled one that has not been sent
 * (payflow.h). */
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "payrun.h"
#include "reads.h"
#include "store.h"
#include "unlock.h"

static const struct output_col cmd_payments_cols[] = {
	{ "connection", "CONNECTION", OUTPUT_STR, 12, false },
	{ "id", "ID", OUTPUT_STR, 0, false },
	{ "bill_id", "BILL", OUTPUT_STR, 0, true },
	{ "payee", "PAYEE", OUTPUT_STR, 24, false },
	{ "from_account", "FROM", OUTPUT_STR, 12, false },
	{ "amount", "AMOUNT", OUTPUT_MONEY, 0, false },
	{ "pay_on", "DATE", OUTPUT_DATE, 0, false },
	{ "status", "STATUS", OUTPUT_STR, 0, false },
	{ "confirmation", "CONFIRMATION", OUTPUT_STR, 0, false },
	{ "created_at", "CREATED", OUTPUT_TIMESTAMP, 0, true },
};

static bool cmd_payments_fill(struct unlock *u, const struct reads_opts *o, struct output *out,
			      struct err *e)
{
	(void)o;
	(void)e;
	for (size_t ci = 0; ci < u->store->n_conns; ci++) {
		const struct store_conn *c = &u->store->conns[ci];
		for (size_t i = 0; i < c->payments.n; i++) {
			const struct payment *p = &c->payments.items[i];
			struct output_cell row[] = {
				OUTPUT_S(c->name),
				OUTPUT_S(p->id),
				OUTPUT_S(p->bill_id),
				OUTPUT_S(p->payee),
				OUTPUT_S(p->from_account),
				OUTPUT_M(p->amount),
				OUTPUT_I(p->pay_on),
				OUTPUT_S(payment_status_name(p->status)),
				OUTPUT_S(p->confirmation),
				OUTPUT_I(p->created_at),
			};
			output_row(out, row);
		}
	}
	return true;
}

static int cmd_payments_cancel(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct payrun_opt spec[] = { { "--cancel", true }, { NULL, false } };
	struct payrun_opts o;
	int rc = payrun_parse(&cmd_payments_entry, argc, argv, 1, spec, &o);
	if (rc >= 0)
		return rc;
	if (o.npos != 0)
		return cmd_usage_error(&cmd_payments_entry, "unexpected argument: %s", o.pos[0]);
	struct unlock u;
	if (!payrun_open(&u, ctx, &o, &rc))
		return rc;
	struct payflow_env env = payrun_env(&u);
	struct payflow_request r;
	struct err e = ERR_INIT;
	bool built = payflow_build_cancel(&env, o.values[0], &r, &e);
	return payrun_finish(&u, &o, built, &r, &e, true);
}

static int cmd_payments_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--cancel") == 0)
			return cmd_payments_cancel(ctx, argc, argv);
	static const struct reads_listing l = {
		.entry = &cmd_payments_entry,
		.allow = READS_FORMATS,
		.cols = cmd_payments_cols,
		.ncols = sizeof(cmd_payments_cols) / sizeof(cmd_payments_cols[0]),
		.fill = cmd_payments_fill,
		.empty = "no bill payments",
	};
	return reads_run(&l, ctx, argc, argv);
}

const struct cmd_entry cmd_payments_entry = {
	.name = "payments",
	.usage = "payments [--cancel ID] [--yes] [--json|--csv] [--offline|--refresh] "
		 "[--passphrase-fd N]",
	.summary = "List bill payments (sent and scheduled), or cancel a scheduled one.",
	.help = READS_HELP "  --cancel ID  cancel the scheduled payment ID (asks first unless --yes)\n"
			   "\nWith --cancel:\n" PAYRUN_HELP,
	.exec = cmd_payments_exec,
};
