/* ledger.c — account balances and booking transactions (see ledger.h). */
#include "ledger.h"

#include <stdio.h>
#include <string.h>

#include "amount.h"
#include "db.h"
#include "timeutil.h"

/* Copies src, cut to fit at a UTF-8 character boundary: a name cut inside a
 * character is invalid UTF-8, which jansson refuses to encode. */
static void ledger_copy(char *dst, size_t cap, const unsigned char *src)
{
	size_t n = src != NULL ? strlen((const char *)src) : 0;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && (src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src != NULL ? (const char *)src : "", n);
	dst[n] = '\0';
}

#define LEDGER_COLUMNS "id, inst, name, type, currency, balance, credit_limit, updated_at"

/* A row of LEDGER_COLUMNS. */
static void ledger_read(sqlite3_stmt *st, struct ledger_account *out)
{
	ledger_copy(out->id, sizeof out->id, sqlite3_column_text(st, 0));
	ledger_copy(out->inst, sizeof out->inst, sqlite3_column_text(st, 1));
	ledger_copy(out->name, sizeof out->name, sqlite3_column_text(st, 2));
	ledger_copy(out->type, sizeof out->type, sqlite3_column_text(st, 3));
	ledger_copy(out->currency, sizeof out->currency, sqlite3_column_text(st, 4));
	out->balance = sqlite3_column_int64(st, 5);
	out->has_limit = sqlite3_column_type(st, 6) != SQLITE_NULL;
	out->credit_limit = sqlite3_column_int64(st, 6);
	out->updated_at = sqlite3_column_int64(st, 7);
}

bool ledger_account_get(sqlite3 *db, const char *inst, const char *id,
			struct ledger_account *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " LEDGER_COLUMNS " FROM accounts"
					  " WHERE id = ?1 AND inst = ?2");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, inst, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		ledger_read(st, out);
	sqlite3_finalize(st);
	return found;
}

#define LEDGER_PENDING_DEBITS                                                           \
	"SELECT sum(amount) FROM transactions WHERE account = ?1 AND status = 'pending'" \
	" AND superseded = 0 AND amount < 0"

static int64_t ledger_avail_from(const struct ledger_account *acc, int64_t pending_debits)
{
	int64_t avail = acc->balance + pending_debits;
	if (acc->has_limit)
		avail += acc->credit_limit;
	return avail;
}

int64_t ledger_available(sqlite3 *db, const struct ledger_account *acc)
{
	return ledger_avail_from(acc, db_int(db, 0, LEDGER_PENDING_DEBITS, "t", acc->id));
}

static json_t *ledger_json(const struct ledger_account *acc, int64_t available)
{
	char ts[TIMEUTIL_TS_MAX];
	timeutil_format_ts(acc->updated_at, ts);
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "id", acc->id, "name",
			 acc->name, "type", acc->type, "currency", acc->currency, "balance",
			 amount_json(acc->balance, acc->currency), "available_balance",
			 amount_json(available, acc->currency), "credit_limit",
			 amount_json_or_null(acc->has_limit, acc->credit_limit, acc->currency),
			 "updated_at", ts);
}

json_t *ledger_account_json(sqlite3 *db, const struct ledger_account *acc)
{
	return ledger_json(acc, ledger_available(db, acc));
}

/* Preparing two statements per account made the list of 50,000 accounts
 * spend most of its time in SQLite's parser (many seconds); this is one. */
json_t *ledger_accounts_json(sqlite3 *db, const char *inst)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " LEDGER_COLUMNS ", (SELECT sum(amount) FROM"
					  " transactions t WHERE t.account = a.id"
					  " AND t.status = 'pending' AND t.superseded = 0"
					  " AND t.amount < 0) FROM accounts a WHERE inst = ?1"
					  " ORDER BY ord");
	sqlite3_bind_text(st, 1, inst, -1, SQLITE_STATIC);
	json_t *list = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct ledger_account acc;
		ledger_read(st, &acc);
		json_array_append_new(list, ledger_json(&acc, ledger_avail_from(
								      &acc, sqlite3_column_int64(st, 8))));
	}
	sqlite3_finalize(st);
	return list;
}

bool ledger_post(sqlite3 *db, const char *account, int64_t amount, const char *description,
		 const char *merchant, const char *category, const char *counterparty,
		 int64_t now)
{
	int64_t n = db_int(db, 0, "SELECT max(n) FROM transactions", "") + 1;
	char id[32];
	snprintf(id, sizeof id, "tx_%08lld", (long long)n);
	return db_run(db, NULL,
		      "INSERT INTO transactions(n, id, account, status, booked_at, amount,"
		      " description, merchant, category, counterparty)"
		      " VALUES(?1, ?2, ?3, 'posted', ?4, ?5, ?6, ?7, ?8, ?9)",
		      "itti" "itttt", n, id, account, now, amount, description, merchant, category,
		      counterparty) &&
	       db_run(db, NULL,
		      "UPDATE accounts SET balance = balance + ?1, updated_at = ?2 WHERE id = ?3",
		      "iit", amount, now, account);
}
