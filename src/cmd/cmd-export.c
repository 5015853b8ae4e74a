/* cmd-export.c — `bankterm export --format ledger|hledger|beancount|csv
 * [--since DATE] [ACCOUNT...]`: an accounting journal of the cached data on
 * standard output (src/core/export.h says what goes in it). */
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "export.h"
#include "reads.h"
#include "sanitize.h"
#include "store.h"
#include "unlock.h"

static int cmd_export_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct reads_opts o;
	int rc = reads_parse(&cmd_export_entry, argc, argv, READS_FORMAT | READS_SINCE, &o);
	if (rc >= 0)
		return rc;
	struct export_options eo = {
		.format = EXPORT_LEDGER,
		.has_since = o.has_since,
		.since = o.since,
		.accounts = o.pos,
		.n_accounts = (size_t)o.npos,
	};
	if (o.format_name != NULL && !export_format_parse(o.format_name, &eo.format))
		return cmd_usage_error(&cmd_export_entry,
				       "the format is ledger, hledger, beancount or csv, not '%s'",
				       o.format_name);
	struct err e = ERR_INIT;
	struct unlock u;
	if (!reads_open(&u, ctx, &o, &e))
		return unlock_fail(&e);
	eo.today = reads_today();
	struct buf b = BUF_INIT;
	bool ok = export_write(u.store, &eo, &b, &e);
	if (ok && isatty(STDOUT_FILENO)) {
		/* On a terminal, server text is escaped rather than written raw. */
		char *clean = sanitize_text(b.data != NULL ? b.data : "", b.len);
		buf_free(&b);
		buf_append_str(&b, clean);
		free(clean);
	}
	if (ok && b.len > 0 && (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0))
		ok = err_set(&e, ERR_IO, "could not write the export to standard output");
	if (!ok)
		fprintf(stderr, "bankterm: %s\n", e.msg);
	buf_free(&b);
	unlock_close(&u);
	return ok ? EXIT_OK : EXIT_FAIL;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "export [--format ledger|hledger|beancount|csv] [--since DATE] [ACCOUNT...] "
		 "[--offline|--refresh] [--passphrase-fd N]",
	.summary = "Write an accounting journal (ledger, hledger, beancount or CSV).",
	.help = "  --format NAME   ledger (the default), hledger, beancount or csv\n"
		"  --since DATE    transactions booked on or after DATE (YYYY-MM-DD, UTC)\n"
		"  ACCOUNT         an account id or CONNECTION/ACCOUNT; default: all\n"
		"  --offline       read the offline cache only (the default)\n"
		"  --refresh       refresh every connection first\n"
		"\n"
		"Posted transactions only, each with a stable bankterm-id so that\n"
		"re-exports can be merged without duplicates; an opening balance and a\n"
		"closing balance assertion per account make the journal's balances\n"
		"equal bankterm's.  The same data always gives the same bytes.\n",
	.exec = cmd_export_exec,
};
