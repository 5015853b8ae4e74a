/* cmd-bnpl.c — `bankterm bnpl`: buy-now-pay-later plans with what is still
 * owed and the next installment; `bankterm bnpl pay PLAN --next|--payoff`
 * pays the next installment or the whole plan (payflow.h). */
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "payrun.h"
#include "reads.h"
#include "store.h"
#include "unlock.h"
#include "xmalloc.h"

#include <stdlib.h>

static const struct output_col cmd_bnpl_cols[] = {
	{ "connection", "CONNECTION", OUTPUT_STR, 12, false },
	{ "id", "ID", OUTPUT_STR, 20, false },
	{ "merchant", "MERCHANT", OUTPUT_STR, 24, false },
	{ "status", "STATUS", OUTPUT_STR, 0, false },
	{ "outstanding", "OUTSTANDING", OUTPUT_MONEY, 0, false },
	{ "next_due_date", "NEXT DUE", OUTPUT_DATE, 0, false },
	{ "next_amount", "NEXT AMOUNT", OUTPUT_MONEY, 0, false },
	{ "apr", "APR %", OUTPUT_STR, 0, false },
	{ "purchase_amount", "PURCHASE", OUTPUT_MONEY, 0, true },
	{ "payoff_amount", "PAYOFF", OUTPUT_MONEY, 0, true },
	{ "fees_charged", "FEES", OUTPUT_MONEY, 0, true },
	{ "installments_left", "LEFT", OUTPUT_INT, 0, true },
};

/* The first installment not yet paid, or NULL. */
static const struct installment *cmd_bnpl_next(const struct bnpl_plan *p, int64_t *left)
{
	const struct installment *next = NULL;
	*left = 0;
	for (size_t i = 0; i < p->n_installments; i++) {
		if (p->installments[i].status == INSTALLMENT_PAID)
			continue;
		(*left)++;
		if (next == NULL || p->installments[i].due_date < next->due_date)
			next = &p->installments[i];
	}
	return next;
}

static bool cmd_bnpl_fill(struct unlock *u, const struct reads_opts *o, struct output *out,
			  struct err *e)
{
	(void)o;
	(void)e;
	for (size_t ci = 0; ci < u->store->n_conns; ci++) {
		const struct store_conn *c = &u->store->conns[ci];
		for (size_t i = 0; i < c->plans.n; i++) {
			const struct bnpl_plan *p = &c->plans.items[i];
			int64_t left;
			const struct installment *next = cmd_bnpl_next(p, &left);
			char *apr = xasprintf("%lld.%02lld", (long long)(p->apr_bp / 100),
					      (long long)(p->apr_bp % 100));
			struct output_cell row[] = {
				OUTPUT_S(c->name),
				OUTPUT_S(p->id),
				OUTPUT_S(p->merchant),
				OUTPUT_S(bnpl_status_name(p->status)),
				OUTPUT_M(p->outstanding),
				next != NULL ? OUTPUT_I(next->due_date) : OUTPUT_NULL,
				next != NULL ? OUTPUT_M(next->amount) : OUTPUT_NULL,
				OUTPUT_S(apr),
				OUTPUT_M(p->purchase_amount),
				OUTPUT_M(p->payoff_amount),
				OUTPUT_M(p->fees_charged),
				OUTPUT_I(left),
			};
			output_row(out, row);
			free(apr);
		}
	}
	return true;
}

enum { BNPL_FROM, BNPL_NEXT, BNPL_PAYOFF };

static int cmd_bnpl_pay(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct payrun_opt spec[] = {
		[BNPL_FROM] = { "--from", true },
		[BNPL_NEXT] = { "--next", false },
		[BNPL_PAYOFF] = { "--payoff", false },
		{ NULL, false },
	};
	struct payrun_opts o;
	int rc = payrun_parse(&cmd_bnpl_entry, argc, argv, 2, spec, &o);
	if (rc >= 0)
		return rc;
	if (o.npos != 1)
		return cmd_usage_error(&cmd_bnpl_entry, "name one plan (its id, see 'bankterm bnpl')");
	if ((o.values[BNPL_NEXT] != NULL) == (o.values[BNPL_PAYOFF] != NULL))
		return cmd_usage_error(&cmd_bnpl_entry, "give exactly one of --next and --payoff");
	if (o.values[BNPL_FROM] == NULL)
		return cmd_usage_error(&cmd_bnpl_entry, "--from is required");
	struct unlock u;
	if (!payrun_open(&u, ctx, &o, &rc))
		return rc;
	struct payflow_env env = payrun_env(&u);
	struct payflow_bnpl_input in = {
		.plan = o.pos[0],
		.from = o.values[BNPL_FROM],
		.kind = o.values[BNPL_NEXT] != NULL ? BNPL_PAY_NEXT_INSTALLMENT : BNPL_PAY_PAYOFF,
	};
	struct payflow_request r;
	struct err e = ERR_INIT;
	bool built = payflow_build_bnpl(&env, &in, &r, &e);
	return payrun_finish(&u, &o, built, &r, &e, true);
}

static int cmd_bnpl_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "pay") == 0)
		return cmd_bnpl_pay(ctx, argc, argv);
	static const struct reads_listing l = {
		.entry = &cmd_bnpl_entry,
		.allow = READS_FORMATS,
		.cols = cmd_bnpl_cols,
		.ncols = sizeof(cmd_bnpl_cols) / sizeof(cmd_bnpl_cols[0]),
		.fill = cmd_bnpl_fill,
		.empty = "no buy-now-pay-later plans",
	};
	return reads_run(&l, ctx, argc, argv);
}

const struct cmd_entry cmd_bnpl_entry = {
	.name = "bnpl",
	.usage = "bnpl [pay PLAN --from ACCOUNT --next|--payoff] [--yes] [--json|--csv] "
		 "[--offline|--refresh] [--passphrase-fd N]",
	.summary = "List buy-now-pay-later plans and their next installments, or pay one.",
	.help = READS_HELP
	"\n"
	"bnpl pay PLAN: --next pays the next installment, --payoff the whole plan (the review\n"
	"shows the payoff amount and the interest saved).  The provider charges the plan's\n"
	"funding source; --from names that account (id or name) for the balance after.\n" PAYRUN_HELP,
	.exec = cmd_bnpl_exec,
};
