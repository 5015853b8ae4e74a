/* cmd-send.c — `bankterm send CONTACT --from ACCOUNT --amount X [--memo M]
 * [--yes] [--accept-no-match]`: a person-to-person transfer (payflow.h). */
#include "cmd.h"
#include "payrun.h"
#include "unlock.h"

enum { SEND_FROM, SEND_AMOUNT, SEND_MEMO, SEND_ACCEPT };

static int cmd_send_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct payrun_opt spec[] = {
		[SEND_FROM] = { "--from", true },
		[SEND_AMOUNT] = { "--amount", true },
		[SEND_MEMO] = { "--memo", true },
		[SEND_ACCEPT] = { "--accept-no-match", false },
		{ NULL, false },
	};
	struct payrun_opts o;
	int rc = payrun_parse(&cmd_send_entry, argc, argv, 1, spec, &o);
	if (rc >= 0)
		return rc;
	if (o.npos != 1)
		return cmd_usage_error(&cmd_send_entry,
				       "name one contact (id or name, see 'bankterm contacts')");
	if (o.values[SEND_FROM] == NULL || o.values[SEND_AMOUNT] == NULL)
		return cmd_usage_error(&cmd_send_entry, "--from and --amount are required");
	struct payflow_transfer_input in = {
		.contact = o.pos[0],
		.from = o.values[SEND_FROM],
		.amount = o.values[SEND_AMOUNT],
		.memo = o.values[SEND_MEMO],
	};
	struct unlock u;
	if (!payrun_open(&u, ctx, &o, &rc))
		return rc;
	struct payflow_env env = payrun_env(&u);
	struct payflow_request r;
	struct err e = ERR_INIT;
	bool built = payflow_build_transfer(&env, &in, &r, &e);
	if (built && (r.review.warnings & PAYFLOW_WARN_NO_MATCH) && o.values[SEND_ACCEPT] == NULL) {
		payflow_request_clear(&r);
		built = err_set(&e, ERR_INVALID,
				"the payee check says this name does NOT match the account holder. "
				"If you are sure who you are paying, add --accept-no-match");
	}
	return payrun_finish(&u, &o, built, &r, &e, true);
}

const struct cmd_entry cmd_send_entry = {
	.name = "send",
	.usage = "send CONTACT --from ACCOUNT --amount X [--memo M] [--accept-no-match] [--yes] "
		 "[--sca-code-fd N] [--attempts N] [--refresh] [--passphrase-fd N]",
	.summary = "Send money to a contact (person-to-person transfer).",
	.help = "  --from ACCOUNT      the account to send from (id or name, at the contact's bank)\n"
		"  --amount X          an amount in the account's currency\n"
		"  --memo M            a note for the payee (at most 140 characters)\n"
		"  --accept-no-match   send although the payee check said the name does not match\n"
		"\n"
		"The review shows the payee check, the daily limit left and, for a first transfer\n"
		"to a contact, a scam warning; the bank then asks for a one-time code.\n" PAYRUN_HELP,
	.exec = cmd_send_exec,
};
