/* simplefin.h — the SimpleFIN protocol (../shared/specs/simplefin-protocol.md)
 * as pure translation: the claim answer, the /accounts URL and the Account Set.
 *
 * Accounts map onto the same model structs as the Bank API (type
 * ACCOUNT_OTHER, updated_at = balance-date, amounts with the account's
 * currency), with what SimpleFIN adds kept beside them.
 *
 * Errors: the Account Set's "errors" (strings for the user) and the newer
 * "errlist" ({"code", "message", "conn_id", "account_id"}; SimpleFIN Bridge
 * with version=2) both become simplefin_error entries, kept RAW: the spec
 * requires sanitizing them before display (sanitize.h).  One of the two
 * must be present.
 *
 * Custom currencies (a URL instead of an ISO 4217 code) cannot be struct
 * money, which is ISO-only by design.  Such an account is kept with
 * account.currency "" and zero money, the URL in custom_currency and the
 * balances as the server's decimal strings (checked to be plain decimals);
 * its transactions are counted in skipped_transactions but not kept, so no
 * total or forecast can mix points with dollars. */
#ifndef BANKTERM_PROVIDERS_SIMPLEFIN_H
#define BANKTERM_PROVIDERS_SIMPLEFIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "model.h"

#define SIMPLEFIN_ACCOUNTS_MAX 1000
#define SIMPLEFIN_TRANSACTIONS_MAX 100000 /* per account */
#define SIMPLEFIN_ERRORS_MAX 1000

struct simplefin_error {
	char *code;	  /* errlist code ("con.auth"); NULL for a plain "errors" string */
	char *message;	  /* for the user, after sanitizing */
	char *conn_id;	  /* NULL when absent */
	char *account_id; /* NULL when absent */
};

/* The org of an account (either domain or name is set). */
struct simplefin_org {
	char *domain;
	char *name;
	char *sfin_url;
	char *url; /* NULL when absent */
	char *id;  /* NULL when absent */
};

struct simplefin_account {
	struct account account; /* ids and names raw: SimpleFIN ids are any string */
	struct simplefin_org org; /* all NULL when the account names a conn_id instead */
	char *conn_id;		  /* errlist-era accounts; NULL otherwise */
	char *custom_currency;	  /* a custom currency's URL, else NULL */
	char *custom_balance;	  /* with custom_currency: "100.23" as sent */
	char *custom_available_balance; /* with custom_currency, when sent */
	size_t skipped_transactions;	/* custom currency: transactions not kept */
	struct transaction_list transactions; /* ordered as the server sent them */
};

struct simplefin_account_set {
	struct simplefin_error *errors;
	size_t n_errors;
	struct simplefin_account *accounts;
	size_t n_accounts;
};

void simplefin_account_set_free(struct simplefin_account_set *s);

/* The Account Set answered by GET /accounts.  Transactions: id (any string,
 * unique per account), posted (epoch seconds; for a pending one that says 0,
 * transacted_at and else the balance-date is used as booked_at), amount (a
 * decimal string in the account's currency), description, pending. */
bool simplefin_parse_account_set(const char *json, size_t len, struct simplefin_account_set *out,
				 struct err *e);

/* The Access URL from POST /claim/TOKEN, split into a base URL without
 * credentials and the Basic-auth user and password (percent-decoded).  The
 * credentials are secrets: no error message repeats them, and
 * simplefin_access_clear wipes them.  Plain http is accepted only for a
 * loopback host (127.0.0.1, ::1, localhost). */
struct simplefin_access {
	char *base_url; /* "https://host[:port]/path" without a trailing slash */
	char *username;
	char *password;
};

bool simplefin_parse_access_url(const char *body, size_t len, struct simplefin_access *out,
				struct err *e);
void simplefin_access_clear(struct simplefin_access *a);

/* Query parameters of GET /accounts. */
struct simplefin_query {
	bool has_start_date;
	int64_t start_date; /* epoch seconds, inclusive */
	bool has_end_date;
	int64_t end_date; /* epoch seconds, exclusive */
	bool pending;
	bool balances_only;
	const char *const *accounts; /* account ids (repeated "account="), may be NULL */
	size_t n_accounts;
};

/* base_url + "/accounts?..." with every value percent-encoded; the caller
 * frees the result. */
char *simplefin_accounts_url(const char *base_url, const struct simplefin_query *q);

#endif
