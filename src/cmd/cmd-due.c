/* cmd-due.c — `bankterm due [--within 7d] [--quiet]`: bills, BNPL
 * installments and scheduled payments due within the window, overdue ones
 * first, the total per currency and the forecast's projected-shortfall
 * warning.  Exits 0 when nothing is due and 1 when something is, so that it
 * works in scripts and shell prompts. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "reads.h"
#include "store.h"
#include "unlock.h"

/* `due` needs 1 for "something is due", so its other failures exit 4. */
#define CMD_DUE_EXIT_ERROR 4

static const char *const cmd_due_kinds[] = {
	[OBLIGATION_BILL] = "bill",
	[OBLIGATION_INSTALLMENT] = "installment",
	[OBLIGATION_SCHEDULED] = "scheduled_payment",
};

static const struct output_col cmd_due_cols[] = {
	{ "due_date", "DUE", OUTPUT_DATE, 0, false },
	{ "overdue", "OVERDUE", OUTPUT_BOOL, 0, false },
	{ "kind", "KIND", OUTPUT_STR, 0, false },
	{ "connection", "CONNECTION", OUTPUT_STR, 12, false },
	{ "title", "PAYEE", OUTPUT_STR, 30, false },
	{ "amount", "AMOUNT", OUTPUT_MONEY, 0, false },
	{ "autopay", "AUTOPAY", OUTPUT_BOOL, 0, false },
	{ "ref_id", "REFERENCE", OUTPUT_STR, 0, true },
};

static const struct output_col cmd_due_total_cols[] = {
	{ "currency", "CURRENCY", OUTPUT_STR, 0, false },
	{ "total", "TOTAL DUE", OUTPUT_MONEY, 0, false },
	{ "count", "ITEMS", OUTPUT_INT, 0, false },
};

static const struct output_col cmd_due_forecast_cols[] = {
	{ "currency", "CURRENCY", OUTPUT_STR, 0, false },
	{ "cash_today", "CASH TODAY", OUTPUT_MONEY, 0, false },
	{ "lowest", "LOWEST", OUTPUT_MONEY, 0, false },
	{ "lowest_date", "ON", OUTPUT_DATE, 0, false },
	{ "shortfall_date", "SHORT FROM", OUTPUT_DATE, 0, false },
};

/* Totals per currency, in order of first appearance. */
static bool cmd_due_totals(const struct obligation *ob, size_t n, struct output *out,
			   struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(ob[k].amount.currency, ob[i].amount.currency) == 0;
		if (seen)
			continue;
		struct money total = ob[i].amount;
		total.minor = 0;
		int64_t count = 0;
		for (size_t k = i; k < n; k++) {
			if (strcmp(ob[k].amount.currency, total.currency) != 0)
				continue;
			if (!money_add(total, ob[k].amount, &total, e))
				return false;
			count++;
		}
		struct output_cell row[] = { OUTPUT_S(total.currency), OUTPUT_M(total),
					     OUTPUT_I(count) };
		output_row(out, row);
	}
	return true;
}

/* The forecasts that run short within the window. */
static bool cmd_due_forecast(const struct store *s, int64_t today, int days, struct output *out,
			     struct err *e)
{
	struct store_forecast *f = NULL;
	size_t n = 0;
	if (!store_forecast(s, today, days, &f, &n, e))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (f[i].shortfall_date == 0)
			continue;
		struct output_cell row[] = { OUTPUT_S(f[i].currency), OUTPUT_M(f[i].start),
					     OUTPUT_M(f[i].lowest), OUTPUT_I(f[i].lowest_date),
					     OUTPUT_I(f[i].shortfall_date) };
		output_row(out, row);
	}
	free(f);
	return true;
}

static void cmd_due_rows(const struct obligation *ob, size_t n, struct output *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct obligation *x = &ob[i];
		struct output_cell row[] = {
			OUTPUT_I(x->due),
			OUTPUT_B(x->overdue),
			OUTPUT_S(cmd_due_kinds[x->kind]),
			OUTPUT_S(x->conn->name),
			OUTPUT_S(x->title),
			OUTPUT_M(x->amount),
			OUTPUT_B(x->autopay),
			OUTPUT_S(x->ref_id),
		};
		output_row(out, row);
	}
}

static void cmd_due_warn(size_t n_shortfalls, FILE *out)
{
	if (n_shortfalls > 0)
		fputs("\nWarning: the forecast runs short of cash (see SHORT FROM above); move "
		      "money or pay later.\n",
		      out);
}

static int cmd_due_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct reads_opts o;
	int rc = reads_parse(&cmd_due_entry, argc, argv,
			     READS_FORMATS | READS_WITHIN | READS_QUIET, &o);
	if (rc >= 0)
		return rc;
	if (o.npos > 0)
		return cmd_usage_error(&cmd_due_entry, "unexpected argument: %s", o.pos[0]);
	struct err e = ERR_INIT;
	struct unlock u;
	if (!reads_open(&u, ctx, &o, &e)) {
		rc = unlock_fail(&e);
		return rc == EXIT_FAIL ? CMD_DUE_EXIT_ERROR : rc;
	}
	int64_t today = reads_today();
	struct obligation *ob = NULL;
	size_t n = 0;
	store_obligations(u.store, today, o.within, &ob, &n);
	struct output *out = output_new(o.format, cmd_due_cols, 8);
	struct output *totals = output_new(o.format, cmd_due_total_cols, 3);
	struct output *shortfalls = output_new(o.format, cmd_due_forecast_cols, 5);
	cmd_due_rows(ob, n, out);
	bool ok = cmd_due_totals(ob, n, totals, &e) &&
		  cmd_due_forecast(u.store, today, o.within, shortfalls, &e);
	size_t n_short = output_rows(shortfalls);
	output_add_extra(out, "totals", totals);
	output_add_extra(out, "shortfalls", shortfalls);
	if (!ok) {
		fprintf(stderr, "bankterm: %s\n", e.msg);
		rc = CMD_DUE_EXIT_ERROR;
	} else if (o.quiet) {
		rc = n > 0 ? EXIT_FAIL : EXIT_OK;
	} else if (o.format == OUTPUT_TABLE && n == 0 && n_short == 0) {
		printf("nothing due in the next %d days\n", o.within);
		rc = EXIT_OK;
	} else {
		ok = output_write(out, "due", stdout);
		if (o.format == OUTPUT_TABLE)
			cmd_due_warn(n_short, stdout);
		rc = !ok ? CMD_DUE_EXIT_ERROR : n > 0 ? EXIT_FAIL : EXIT_OK;
	}
	output_free(&out);
	free(ob);
	unlock_close(&u);
	return rc;
}

const struct cmd_entry cmd_due_entry = {
	.name = "due",
	.usage = "due [--within DAYS] [--quiet] [--json|--csv] [--offline|--refresh] "
		 "[--passphrase-fd N]",
	.summary = "What is due soon; exits 1 when something is.",
	.help = "  --within DAYS   the window: 7d (the default), 2w or a number of days\n"
		"  --quiet, -q     print nothing; only the exit status\n" READS_HELP
		"\n"
		"Bills, BNPL installments and scheduled payments due within the window,\n"
		"overdue ones first, the total per currency and a warning when the\n"
		"forecast runs short of cash.  Exit status: 0 nothing is due, 1 something\n"
		"is due, 2 usage error, 3 wrong passphrase, 4 any other failure.\n",
	.exec = cmd_due_exec,
};
