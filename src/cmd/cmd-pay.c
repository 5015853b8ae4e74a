/* cmd-pay.c — `bankterm pay BILL --from ACCOUNT --amount X|due|minimum
 * [--on DATE] [--yes]`: pay a bill now or schedule it (payflow.h). */
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "payrun.h"
#include "unlock.h"

enum { PAY_FROM, PAY_AMOUNT, PAY_ON };

static int cmd_pay_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct payrun_opt spec[] = {
		[PAY_FROM] = { "--from", true },
		[PAY_AMOUNT] = { "--amount", true },
		[PAY_ON] = { "--on", true },
		{ NULL, false },
	};
	struct payrun_opts o;
	int rc = payrun_parse(&cmd_pay_entry, argc, argv, 1, spec, &o);
	if (rc >= 0)
		return rc;
	if (o.npos != 1)
		return cmd_usage_error(&cmd_pay_entry, "name one bill (its id, see 'bankterm bills')");
	if (o.values[PAY_FROM] == NULL || o.values[PAY_AMOUNT] == NULL)
		return cmd_usage_error(&cmd_pay_entry, "--from and --amount are required");
	struct payflow_bill_input in = { .bill = o.pos[0], .from = o.values[PAY_FROM] };
	const char *amount = o.values[PAY_AMOUNT];
	if (strcmp(amount, "due") == 0) {
		in.amount_kind = PAYFLOW_AMOUNT_DUE;
	} else if (strcmp(amount, "minimum") == 0) {
		in.amount_kind = PAYFLOW_AMOUNT_MINIMUM;
	} else {
		in.amount_kind = PAYFLOW_AMOUNT_OTHER;
		in.amount = amount;
	}
	struct err e = ERR_INIT;
	if (o.values[PAY_ON] != NULL) {
		if (!date_parse(o.values[PAY_ON], strlen(o.values[PAY_ON]), &in.pay_on, &e))
			return cmd_usage_error(&cmd_pay_entry, "--on: %s", e.msg);
		in.has_pay_on = true;
	}
	struct unlock u;
	if (!payrun_open(&u, ctx, &o, &rc))
		return rc;
	struct payflow_env env = payrun_env(&u);
	struct payflow_request r;
	bool built = payflow_build_bill(&env, &in, &r, &e);
	return payrun_finish(&u, &o, built, &r, &e, true);
}

const struct cmd_entry cmd_pay_entry = {
	.name = "pay",
	.usage = "pay BILL --from ACCOUNT --amount X|due|minimum [--on DATE] [--yes] "
		 "[--sca-code-fd N] [--attempts N] [--refresh] [--passphrase-fd N]",
	.summary = "Pay a bill now, or schedule it for a later date.",
	.help = "  --from ACCOUNT   the account to pay from (id or name, at the bill's bank)\n"
		"  --amount X       an amount in the account's currency, or 'due' (the amount\n"
		"                   due) or 'minimum' (the minimum payment)\n"
		"  --on DATE        YYYY-MM-DD: today (the default) pays now; a later date (at\n"
		"                   most 365 days ahead) schedules it ('bankterm payments')\n" PAYRUN_HELP,
	.exec = cmd_pay_exec,
};
