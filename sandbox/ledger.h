/* ledger.h — accounts and the money that moves between them.
 *
 * Every money movement in the sandbox (bill payments, transfers, BNPL
 * repayments) goes through ledger_post(), which books a posted transaction
 * and changes the stored balance in the same SQLite transaction the request
 * runs in. */
#ifndef SANDBOX_LEDGER_H
#define SANDBOX_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

struct ledger_account {
	char id[65];
	char inst[16];
	char name[128];
	char type[16];
	char currency[4];
	int64_t balance;
	bool has_limit;
	int64_t credit_limit;
	int64_t updated_at;
};

/* Loads account `id` of institution `inst`; false when there is none. */
bool ledger_account_get(sqlite3 *db, const char *inst, const char *id,
			struct ledger_account *out);

/* Balance minus pending debits (plus the credit limit for cards). */
int64_t ledger_available(sqlite3 *db, const struct ledger_account *acc);

/* The Account resource of docs/bank-api.md §4 (caller owns it). */
json_t *ledger_account_json(sqlite3 *db, const struct ledger_account *acc);

/* Every account of `inst` in display order as an array of Account
 * resources (caller owns it), read with one statement. */
json_t *ledger_accounts_json(sqlite3 *db, const char *inst);

/* Books a posted transaction of `amount` (negative = money out) on the
 * account and updates its balance; merchant/category/counterparty may be
 * NULL.  Returns false only on a database error. */
bool ledger_post(sqlite3 *db, const char *account, int64_t amount, const char *description,
		 const char *merchant, const char *category, const char *counterparty,
		 int64_t now);

#endif
