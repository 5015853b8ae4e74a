/* txn_filter.c — the transaction list's filter (see txn_filter.h). */
#include "txn_filter.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "money.h"

/* One amount bound: "" leaves it open. */
static bool txn_filter_amount(const char *what, const char *s, const char *currency, bool *has,
			      int64_t *out, struct err *e)
{
	*has = s != NULL && *s != '\0';
	if (!*has)
		return true;
	struct money m;
	struct err sub = ERR_INIT;
	if (!money_parse(s, strlen(s), currency, &m, &sub))
		return err_set(e, sub.code, "amount %s: %s", what, sub.msg);
	if (m.minor < 0)
		return err_set(e, ERR_RANGE,
			       "amount %s: type the size of the amount without a sign (25.00 "
			       "matches debits and credits of 25.00)",
			       what);
	*out = m.minor;
	return true;
}

static bool txn_filter_date(const char *what, const char *s, bool *has, int64_t *out,
			    struct err *e)
{
	*has = s != NULL && *s != '\0';
	if (!*has)
		return true;
	struct err sub = ERR_INIT;
	if (!date_parse(s, strlen(s), out, &sub))
		return err_set(e, sub.code, "date %s: %s (type YYYY-MM-DD)", what, sub.msg);
	return true;
}

bool txn_filter_parse(const struct txn_filter_input *in, const char *currency,
		      struct txn_filter *out, struct err *e)
{
	struct txn_filter f = { .pending_only = in->pending_only };
	if (!txn_filter_amount("from", in->min, currency, &f.has_min, &f.min, e) ||
	    !txn_filter_amount("to", in->max, currency, &f.has_max, &f.max, e) ||
	    !txn_filter_date("from", in->from, &f.has_from, &f.from, e) ||
	    !txn_filter_date("to", in->to, &f.has_to, &f.to, e))
		return false;
	if (f.has_min && f.has_max && f.min > f.max)
		return err_set(e, ERR_RANGE, "amount from %s is more than amount to %s", in->min,
			       in->max);
	if (f.has_from && f.has_to && f.from > f.to)
		return err_set(e, ERR_RANGE, "date from %s is after date to %s", in->from, in->to);
	*out = f;
	return true;
}

bool txn_filter_active(const struct txn_filter *f)
{
	return f->pending_only || f->has_min || f->has_max || f->has_from || f->has_to;
}

bool txn_filter_match(const struct txn_filter *f, const struct transaction *t)
{
	if (f->pending_only && t->status != TXN_PENDING)
		return false;
	if (f->has_min || f->has_max) {
		/* The size of the amount, exact even for INT64_MIN. */
		uint64_t size = t->amount.minor < 0 ? -(uint64_t)t->amount.minor
						    : (uint64_t)t->amount.minor;
		if (f->has_min && size < (uint64_t)f->min)
			return false;
		if (f->has_max && size > (uint64_t)f->max)
			return false;
	}
	if (f->has_from || f->has_to) {
		int64_t day = date_of_timestamp_utc(t->booked_at);
		if (f->has_from && day < f->from)
			return false;
		if (f->has_to && day > f->to)
			return false;
	}
	return true;
}

/* Appends one part to buf (TXN_FILTER_DESCRIBE_MAX bytes, *n used),
 * separated by ", "; cut at the end of buf. */
static void ERR_PRINTF(3, 4) txn_filter_add(char *buf, size_t *n, const char *fmt, ...)
{
	if (*n > 0 && *n + 2 < TXN_FILTER_DESCRIBE_MAX) {
		memcpy(buf + *n, ", ", 3);
		*n += 2;
	}
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + *n, TXN_FILTER_DESCRIBE_MAX - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < TXN_FILTER_DESCRIBE_MAX ? *n + (size_t)w
							      : TXN_FILTER_DESCRIBE_MAX - 1;
}

char *txn_filter_describe(const struct txn_filter *f, const char *currency,
			  char buf[TXN_FILTER_DESCRIBE_MAX])
{
	char a[MONEY_DECIMAL_MAX], b[MONEY_DECIMAL_MAX], d1[DATE_STR_MAX], d2[DATE_STR_MAX];
	struct money lo = { f->min, "" }, hi = { f->max, "" };
	snprintf(lo.currency, sizeof lo.currency, "%s", currency);
	snprintf(hi.currency, sizeof hi.currency, "%s", currency);
	size_t n = 0;
	buf[0] = '\0';
	if (f->pending_only)
		txn_filter_add(buf, &n, "pending");
	if (f->has_min && f->has_max)
		txn_filter_add(buf, &n, "%s..%s %s", money_format_decimal(lo, a),
			       money_format_decimal(hi, b), currency);
	else if (f->has_min)
		txn_filter_add(buf, &n, ">= %s %s", money_format_decimal(lo, a), currency);
	else if (f->has_max)
		txn_filter_add(buf, &n, "<= %s %s", money_format_decimal(hi, b), currency);
	if (f->has_from && f->has_to)
		txn_filter_add(buf, &n, "%s..%s", date_format(f->from, d1), date_format(f->to, d2));
	else if (f->has_from)
		txn_filter_add(buf, &n, "since %s", date_format(f->from, d1));
	else if (f->has_to)
		txn_filter_add(buf, &n, "until %s", date_format(f->to, d2));
	return buf;
}
