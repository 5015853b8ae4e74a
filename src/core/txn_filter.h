/* txn_filter.h — the transaction list's `f` filter: pending only, an amount
 * range and a date range, parsed from what the user typed and tested
 * against one transaction at a time.
 *
 * The amount range compares the size of an amount (a debit of -25.00 and a
 * credit of 25.00 are both 25.00), in the account's currency: "10".."50"
 * keeps purchases and refunds between 10.00 and 50.00.  Dates are the
 * booking dates as the list shows them (UTC), both ends included.  An empty
 * bound is open.  Parsing either sets the whole filter or, on a bad input,
 * leaves it untouched and says which field was wrong and what to type. */
#ifndef BANKTERM_TXN_FILTER_H
#define BANKTERM_TXN_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "model.h"

struct txn_filter {
	bool pending_only;
	bool has_min, has_max; /* amount bounds, minor units of the account's currency */
	int64_t min, max;
	bool has_from, has_to; /* booking dates, days since the epoch, inclusive */
	int64_t from, to;
};

/* What the user typed into the filter form (NUL-terminated; "" = open). */
struct txn_filter_input {
	bool pending_only;
	const char *min, *max;
	const char *from, *to;
};

/* Parses in (amounts with money_parse in currency, dates YYYY-MM-DD) into
 * *out.  False (and *out untouched) when a field does not parse, a bound is
 * negative, or a range is reversed; e names the field. */
bool txn_filter_parse(const struct txn_filter_input *in, const char *currency,
		      struct txn_filter *out, struct err *e);

/* True when the filter hides something (any condition is set). */
bool txn_filter_active(const struct txn_filter *f);

/* Whether t passes f. */
bool txn_filter_match(const struct txn_filter *f, const struct transaction *t);

#define TXN_FILTER_DESCRIBE_MAX 128

/* "pending, 10.00..50.00 USD, 2026-11-01..2026-11-30" for the header (an
 * open bound: ">= 10.00 USD", "since 2026-11-01"); "" when the filter is not
 * active.  Returns buf. */
char *txn_filter_describe(const struct txn_filter *f, const char *currency,
			  char buf[TXN_FILTER_DESCRIBE_MAX]);

#endif
