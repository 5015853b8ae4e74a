/* export.h — plain-text accounting journals from the store: ledger,
 * hledger, beancount and CSV.  Pure: the store and the options in, text out.
 *
 * What is exported: the posted transactions of every account (or of the
 * accounts named), oldest first, each with a stable id
 * "CONNECTION/ACCOUNT/TRANSACTION" in its metadata (ledger/hledger: a
 * `bankterm-id:` tag in a comment; beancount: `bankterm-id` metadata; CSV:
 * the id column), so that re-exporting and merging can drop duplicates.
 * Pending transactions are left out: they get new ids when they post.
 *
 * Balances equal bankterm's: each account gets one opening-balance
 * transaction, dated the day before its first exported transaction (or
 * the day before `since`), of (current balance − sum of the exported
 * transactions), against Equity:Opening-Balances; the journals end with a
 * balance assertion (ledger/hledger: `= BALANCE` on a closing zero posting;
 * beancount: a `balance` directive) that the accounting tools check.
 *
 * Account names: Assets (checking, savings, other) or Liabilities (credit
 * cards, loans), then the connection and the account id with the first
 * letter upper-cased and '_' turned into '-' (valid in all three tools):
 * Assets:Northwind:Acc-chk.  The other side of each transaction is
 * Expenses:Uncategorized or Income:Uncategorized by sign.
 *
 * Server text (descriptions, payees) is sanitized (sanitize.h) so that it
 * cannot break a journal line; ';' in a ledger payee becomes ','; beancount
 * strings escape '"'.  The output depends only on the store and the options
 * (no clock, no locale, no hash order), so the same data exports to the same
 * bytes. */
#ifndef BANKTERM_EXPORT_H
#define BANKTERM_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

struct store;

enum export_format {
	EXPORT_LEDGER,
	EXPORT_HLEDGER,
	EXPORT_BEANCOUNT,
	EXPORT_CSV,
};

struct export_options {
	enum export_format format;
	bool has_since;
	int64_t since; /* date: transactions booked on or after it */
	/* Accounts to export, each "ACCOUNT" or "CONNECTION/ACCOUNT"; none = all. */
	const char *const *accounts;
	size_t n_accounts;
	/* The date of the closing balance assertions: the day after the later
	 * of this and the last exported transaction (pass today). */
	int64_t today;
};

/* "ledger", "hledger", "beancount", "csv" -> *out; false for anything else. */
bool export_format_parse(const char *name, enum export_format *out);

/* Appends the journal to out.  Fails with ERR_NOT_FOUND when an account
 * named in the options does not exist, ERR_RANGE on overflow; out may then
 * hold a partial journal. */
bool export_write(const struct store *s, const struct export_options *o, struct buf *out,
		  struct err *e);

/* True when want ("ACCOUNT" or "CONNECTION/ACCOUNT") names the account
 * account_id of the connection conn (also used by the read commands). */
bool export_account_match(const char *want, const char *conn, const char *account_id);

/* Appends s (len bytes) to out as one RFC 4180 field: quoted (with quotes
 * doubled) when it holds a comma, a quote, CR or LF; raw otherwise. */
void export_csv_field(struct buf *out, const char *s, size_t len);

#endif
