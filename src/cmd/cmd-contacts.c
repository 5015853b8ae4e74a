/* cmd-contacts.c — `bankterm contacts [add NAME HANDLE]`: the payees for
 * person-to-person transfers with their payee check, or add one and show
 * what the bank's payee check said (payflow.h). */
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "payrun.h"
#include "reads.h"
#include "store.h"
#include "unlock.h"

static const struct output_col cmd_contacts_cols[] = {
	{ "connection", "CONNECTION", OUTPUT_STR, 12, false },
	{ "id", "ID", OUTPUT_STR, 0, false },
	{ "name", "NAME", OUTPUT_STR, 24, false },
	{ "handle", "HANDLE", OUTPUT_STR, 28, false },
	{ "handle_type", "TYPE", OUTPUT_STR, 0, true },
	{ "payee_check", "PAYEE CHECK", OUTPUT_STR, 0, false },
	{ "payee_check_name", "BANK'S NAME", OUTPUT_STR, 24, false },
	{ "first_transfer_at", "FIRST TRANSFER", OUTPUT_TIMESTAMP, 0, false },
	{ "created_at", "CREATED", OUTPUT_TIMESTAMP, 0, true },
};

static bool cmd_contacts_fill(struct unlock *u, const struct reads_opts *o, struct output *out,
			      struct err *e)
{
	(void)o;
	(void)e;
	for (size_t ci = 0; ci < u->store->n_conns; ci++) {
		const struct store_conn *c = &u->store->conns[ci];
		for (size_t i = 0; i < c->contacts.n; i++) {
			const struct contact *ct = &c->contacts.items[i];
			struct output_cell row[] = {
				OUTPUT_S(c->name),
				OUTPUT_S(ct->id),
				OUTPUT_S(ct->name),
				OUTPUT_S(ct->handle),
				OUTPUT_S(handle_type_name(ct->handle_type)),
				OUTPUT_S(payee_check_result_name(ct->payee_check.result)),
				OUTPUT_S(ct->payee_check.name),
				ct->has_first_transfer_at ? OUTPUT_I(ct->first_transfer_at)
							  : OUTPUT_NULL,
				OUTPUT_I(ct->created_at),
			};
			output_row(out, row);
		}
	}
	return true;
}

static int cmd_contacts_add(const struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct payrun_opt spec[] = { { "--conn", true }, { NULL, false } };
	struct payrun_opts o;
	int rc = payrun_parse(&cmd_contacts_entry, argc, argv, 2, spec, &o);
	if (rc >= 0)
		return rc;
	if (o.npos != 2)
		return cmd_usage_error(&cmd_contacts_entry, "contacts add needs NAME and HANDLE");
	struct unlock u;
	if (!payrun_open(&u, ctx, &o, &rc))
		return rc;
	struct payflow_env env = payrun_env(&u);
	struct payflow_contact_input in = { .conn = o.values[0],
					    .name = o.pos[0],
					    .handle = o.pos[1] };
	struct payflow_request r;
	struct err e = ERR_INIT;
	bool built = payflow_build_contact(&env, &in, &r, &e);
	return payrun_finish(&u, &o, built, &r, &e, false);
}

static int cmd_contacts_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "add") == 0)
		return cmd_contacts_add(ctx, argc, argv);
	static const struct reads_listing l = {
		.entry = &cmd_contacts_entry,
		.allow = READS_FORMATS,
		.cols = cmd_contacts_cols,
		.ncols = sizeof(cmd_contacts_cols) / sizeof(cmd_contacts_cols[0]),
		.fill = cmd_contacts_fill,
		.empty = "no contacts",
	};
	return reads_run(&l, ctx, argc, argv);
}

const struct cmd_entry cmd_contacts_entry = {
	.name = "contacts",
	.usage = "contacts [add NAME HANDLE] [--conn NAME] [--json|--csv] [--offline|--refresh] "
		 "[--passphrase-fd N]",
	.summary = "List contacts for transfers with their payee check, or add one.",
	.help = READS_HELP
	"\n"
	"contacts add NAME HANDLE: HANDLE is an email address, a phone number (+ and 8-15\n"
	"digits) or an account number (6-20 digits).  The bank compares NAME with the name it\n"
	"holds for HANDLE and the result is printed: match, close_match (with the bank's\n"
	"name: check it is who you mean), no_match ('send' then needs --accept-no-match) or\n"
	"unavailable (could not be checked).\n"
	"  --conn NAME  the connection to add it at (when several offer transfers)\n",
	.exec = cmd_contacts_exec,
};
