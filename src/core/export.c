/* export.c — ledger / hledger / beancount / CSV journals (export.h). */
#include "export.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "sanitize.h"
#include "store.h"
#include "xmalloc.h"

static const char *const export_format_names[] = { "ledger", "hledger", "beancount", "csv",
						   NULL };

bool export_format_parse(const char *name, enum export_format *out)
{
	for (size_t i = 0; export_format_names[i] != NULL; i++) {
		if (strcmp(name, export_format_names[i]) == 0) {
			*out = (enum export_format)i;
			return true;
		}
	}
	return false;
}

void export_csv_field(struct buf *out, const char *s, size_t len)
{
	if (strcspn(s, ",\"\r\n") >= len) {
		buf_append(out, s, len);
		return;
	}
	buf_append_char(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_append_char(out, '"');
		buf_append_char(out, s[i]);
	}
	buf_append_char(out, '"');
}

/* One account picked for export, in export order. */
struct export_acct {
	const struct store_conn *conn;
	const struct store_account *acct;
	char *name; /* Assets:Conn:Acc-id */
};

static void export_name_part(struct buf *b, const char *id)
{
	/* Ids are [A-Za-z0-9_-]; beancount wants each part to start with an
	 * upper-case letter or digit and hold only letters, digits and '-'. */
	for (size_t i = 0; id[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)id[i];
		if (i == 0 && !isalnum(ch))
			buf_append_char(b, 'X');
		if (i == 0)
			buf_append_char(b, (char)toupper(ch));
		else
			buf_append_char(b, isalnum(ch) ? (char)ch : '-');
	}
}

static char *export_account_name(const struct store_conn *c, const struct account *a)
{
	struct buf b = BUF_INIT;
	bool liability = a->type == ACCOUNT_CREDIT_CARD || a->type == ACCOUNT_LOAN;
	buf_append_str(&b, liability ? "Liabilities:" : "Assets:");
	export_name_part(&b, c->name);
	buf_append_char(&b, ':');
	export_name_part(&b, a->id);
	return buf_steal(&b);
}

static int export_conn_cmp(const void *x, const void *y)
{
	const struct export_acct *a = x, *b = y;
	int r = strcmp(a->conn->name, b->conn->name);
	return r != 0 ? r : strcmp(a->acct->account.id, b->acct->account.id);
}

bool export_account_match(const char *want, const char *conn, const char *account_id)
{
	const char *slash = strchr(want, '/');
	if (slash == NULL)
		return strcmp(want, account_id) == 0;
	size_t n = (size_t)(slash - want);
	return strncmp(want, conn, n) == 0 && conn[n] == '\0' && strcmp(slash + 1, account_id) == 0;
}

static bool export_wanted(const struct export_options *o, const struct store_conn *c,
			  const struct account *a, bool *matched)
{
	if (o->n_accounts == 0)
		return true;
	bool any = false;
	for (size_t i = 0; i < o->n_accounts; i++) {
		if (export_account_match(o->accounts[i], c->name, a->id)) {
			matched[i] = true;
			any = true;
		}
	}
	return any;
}

static struct export_acct *export_pick(const struct store *s, const struct export_options *o,
				       size_t *n, struct err *e)
{
	struct export_acct *list = NULL;
	size_t count = 0;
	bool *matched = xcalloc(o->n_accounts + 1, sizeof(*matched));
	for (size_t ci = 0; ci < s->n_conns; ci++) {
		const struct store_conn *c = &s->conns[ci];
		for (size_t ai = 0; ai < c->n_accounts; ai++) {
			if (!export_wanted(o, c, &c->accounts[ai].account, matched))
				continue;
			list = xreallocarray(list, count + 1, sizeof(*list));
			list[count].conn = c;
			list[count].acct = &c->accounts[ai];
			list[count].name = export_account_name(c, &c->accounts[ai].account);
			count++;
		}
	}
	for (size_t i = 0; i < o->n_accounts; i++) {
		if (!matched[i]) {
			err_set(e, ERR_NOT_FOUND,
				"there is no account '%s'; 'bankterm accounts' lists them",
				o->accounts[i]);
			for (size_t k = 0; k < count; k++)
				free(list[k].name);
			free(list);
			free(matched);
			return NULL;
		}
	}
	free(matched);
	if (count > 0)
		qsort(list, count, sizeof(*list), export_conn_cmp);
	*n = count;
	return list != NULL ? list : xcalloc(1, sizeof(*list));
}

static bool export_txn_wanted(const struct export_options *o, const struct transaction *t)
{
	return t->status == TXN_POSTED &&
	       (!o->has_since || date_of_timestamp_utc(t->booked_at) >= o->since);
}

/* Sum of the exported transactions and the dates of the first and last. */
static bool export_span(const struct export_options *o, const struct store_account *a,
			struct money *sum, int64_t *first, int64_t *last, struct err *e)
{
	*sum = (struct money){ 0, "" };
	memcpy(sum->currency, a->account.currency, sizeof(sum->currency));
	*first = 0;
	*last = 0;
	bool any = false;
	for (size_t i = a->n_txns; i-- > 0;) {
		const struct transaction *t = &a->txns[i];
		if (!export_txn_wanted(o, t))
			continue;
		if (!money_add(*sum, t->amount, sum, e))
			return false;
		int64_t d = date_of_timestamp_utc(t->booked_at);
		if (!any || d < *first)
			*first = d;
		if (!any || d > *last)
			*last = d;
		any = true;
	}
	if (!any)
		*first = *last = o->has_since ? o->since : o->today;
	return true;
}

/* The text of a transaction's payee/narration: sanitized, one line. */
static char *export_text(const struct transaction *t, enum export_format f)
{
	const char *raw = t->description != NULL && t->description[0] != '\0' ? t->description
		: t->merchant != NULL ? t->merchant
				      : "(no description)";
	char *clean = sanitize_line(raw, strlen(raw));
	struct buf b = BUF_INIT;
	for (const char *p = clean; *p != '\0'; p++) {
		if (f == EXPORT_BEANCOUNT && *p == '"')
			buf_append_str(&b, "\\\"");
		else if (f == EXPORT_BEANCOUNT && *p == '\\')
			buf_append_str(&b, "\\\\");
		else if (f != EXPORT_BEANCOUNT && *p == ';')
			buf_append_char(&b, ',');
		else
			buf_append_char(&b, *p);
	}
	free(clean);
	return buf_steal(&b);
}

static const char *export_other(struct money m)
{
	return m.minor < 0 ? "Expenses:Uncategorized" : "Income:Uncategorized";
}

/* One transaction of a ledger, hledger or beancount journal. */
static void export_journal_txn(struct buf *b, const struct export_acct *x,
			       const struct transaction *t, enum export_format f)
{
	bool bc = f == EXPORT_BEANCOUNT;
	const char *in = bc ? "  " : "    ";
	char d[DATE_STR_MAX], amt[MONEY_PLAIN_MAX];
	char *text = export_text(t, f);
	date_format(date_of_timestamp_utc(t->booked_at), d);
	buf_printf(b, bc ? "%s * \"%s\"\n" : "%s * %s\n", d, text);
	buf_printf(b, bc ? "%sbankterm-id: \"%s/%s/%s\"\n" : "%s; bankterm-id: %s/%s/%s\n", in,
		   x->conn->name, x->acct->account.id, t->id);
	buf_printf(b, "%s%s  %s\n", in, x->name, money_format_plain(t->amount, amt));
	buf_printf(b, "%s%s\n\n", in, export_other(t->amount));
	free(text);
}

static void export_csv_txn(struct buf *b, const struct export_acct *x,
			   const struct transaction *t)
{
	char d[DATE_STR_MAX], amt[MONEY_DECIMAL_MAX];
	date_format(date_of_timestamp_utc(t->booked_at), d);
	char *id = xasprintf("%s/%s/%s", x->conn->name, x->acct->account.id, t->id);
	const char *fields[] = { d, id, x->conn->name, x->acct->account.id,
				 money_format_decimal(t->amount, amt), t->amount.currency,
				 t->description, t->merchant, t->category, t->counterparty };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (i > 0)
			buf_append_char(b, ',');
		if (fields[i] != NULL)
			export_csv_field(b, fields[i], strlen(fields[i]));
	}
	buf_append_str(b, "\r\n");
	free(id);
}

/* Opening balance (dated the day before the first transaction) for one
 * account; *close gets the date of its closing assertion (the day after the
 * last transaction or today).  At the ends of the calendar (0001-01-01,
 * 9999-12-31) they share the transaction's day instead of failing. */
static bool export_opening(struct buf *b, const struct export_options *o,
			   const struct export_acct *x, int64_t *close, struct err *e)
{
	struct money sum, open;
	int64_t first, last;
	if (!export_span(o, x->acct, &sum, &first, &last, e) ||
	    !money_sub(x->acct->account.balance, sum, &open, e))
		return false;
	int64_t day = first > DATE_MIN ? first - 1 : first;
	int64_t end = last > o->today ? last : o->today;
	*close = end < DATE_MAX ? end + 1 : end;
	char d[DATE_STR_MAX], amt[MONEY_PLAIN_MAX];
	date_format(day, d);
	money_format_plain(open, amt);
	if (o->format == EXPORT_BEANCOUNT) {
		buf_printf(b, "%s open %s %s\n", d, x->name, open.currency);
		buf_printf(b, "%s * \"Opening balance\"\n", d);
		buf_printf(b, "  bankterm-id: \"%s/%s/opening\"\n", x->conn->name,
			   x->acct->account.id);
		buf_printf(b, "  %s  %s\n  Equity:Opening-Balances\n\n", x->name, amt);
	} else {
		buf_printf(b, "%s * Opening balance\n", d);
		buf_printf(b, "    ; bankterm-id: %s/%s/opening\n", x->conn->name,
			   x->acct->account.id);
		buf_printf(b, "    %s  %s\n    Equity:Opening-Balances\n\n", x->name, amt);
	}
	return true;
}

static void export_closing(struct buf *b, const struct export_options *o,
			   const struct export_acct *x, int64_t close)
{
	char d[DATE_STR_MAX], amt[MONEY_PLAIN_MAX];
	date_format(close, d);
	money_format_plain(x->acct->account.balance, amt);
	if (o->format == EXPORT_BEANCOUNT) {
		buf_printf(b, "%s balance %s  %s\n\n", d, x->name, amt);
		return;
	}
	struct money zero = { 0, "" };
	memcpy(zero.currency, x->acct->account.currency, sizeof(zero.currency));
	char z[MONEY_PLAIN_MAX];
	buf_printf(b, "%s Balance check\n", d);
	buf_printf(b, "    ; bankterm-id: %s/%s/balance\n", x->conn->name, x->acct->account.id);
	buf_printf(b, "    %s  %s = %s\n\n", x->name, money_format_plain(zero, z), amt);
}

static bool export_account(struct buf *b, const struct export_options *o,
			   const struct export_acct *x, struct err *e)
{
	int64_t close = 0;
	if (o->format != EXPORT_CSV && !export_opening(b, o, x, &close, e))
		return false;
	for (size_t i = x->acct->n_txns; i-- > 0;) {
		const struct transaction *t = &x->acct->txns[i];
		if (!export_txn_wanted(o, t))
			continue;
		if (o->format == EXPORT_CSV)
			export_csv_txn(b, x, t);
		else
			export_journal_txn(b, x, t, o->format);
	}
	if (o->format != EXPORT_CSV)
		export_closing(b, o, x, close);
	return true;
}

/* Beancount needs every account opened before its first use. */
static void export_beancount_head(struct buf *b, const struct export_acct *list, size_t n)
{
	buf_append_str(b, "option \"operating_currency\" \"");
	buf_append_str(b, n > 0 ? list[0].acct->account.currency : "USD");
	buf_append_str(b, "\"\n\n");
	buf_append_str(b, "1970-01-01 open Equity:Opening-Balances\n"
			  "1970-01-01 open Expenses:Uncategorized\n"
			  "1970-01-01 open Income:Uncategorized\n\n");
}

bool export_write(const struct store *s, const struct export_options *o, struct buf *out,
		  struct err *e)
{
	size_t n = 0;
	struct export_acct *list = export_pick(s, o, &n, e);
	if (list == NULL)
		return false;
	if (o->format == EXPORT_CSV)
		buf_append_str(out, "date,id,connection,account,amount,currency,description,"
				    "merchant,category,counterparty\r\n");
	else if (o->format == EXPORT_BEANCOUNT)
		buf_append_str(out, "; bankterm export (beancount)\n");
	else
		buf_printf(out, "; bankterm export (%s)\n\n", export_format_names[o->format]);
	if (o->format == EXPORT_BEANCOUNT)
		export_beancount_head(out, list, n);
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		ok = export_account(out, o, &list[i], e);
	for (size_t i = 0; i < n; i++)
		free(list[i].name);
	free(list);
	return ok;
}
