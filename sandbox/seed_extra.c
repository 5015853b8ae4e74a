/* seed_extra.c — extra Northwind accounts for benchmarks (see seed_extra.h). */
#include "seed_extra.h"

#include <stdio.h>

#include "db.h"
#include "timeutil.h"

#define SEED_EXTRA_TXNS 4
#define SEED_EXTRA_OPENING 250000 /* minor units */

static bool seed_extra_one(sqlite3 *db, int k, int64_t now, struct err *e)
{
	char id[32], name[48];
	snprintf(id, sizeof id, "acc_extra_%d", k);
	snprintf(name, sizeof name, "Extra Checking %d", k);
	int64_t sum = 0;
	for (int j = 0; j < SEED_EXTRA_TXNS; j++) {
		char tx[48];
		snprintf(tx, sizeof tx, "tx_extra_%d_%d", k, j);
		int64_t amount = -(int64_t)(1000 + 137 * k + 411 * j);
		int64_t at = now - (int64_t)(1 + 7 * j) * 86400;
		if (!db_run(db, e,
			    "INSERT INTO transactions(id, account, status, booked_at, amount,"
			    " description, merchant, category) VALUES(?1, ?2, 'posted', ?3, ?4,"
			    " 'CORNER MARKET', 'Corner Market', 'groceries')",
			    "ttii", tx, id, at, amount))
			return false;
		sum += amount;
	}
	return db_run(db, e,
		      "INSERT INTO accounts(id, inst, name, type, currency, balance, updated_at,"
		      " ord) VALUES(?1, 'northwind', ?2, 'checking', 'USD', ?3, ?4, ?5)",
		      "ttiii", id, name, SEED_EXTRA_OPENING + sum, now, (int64_t)(100 + k));
}

bool seed_extra_accounts(sqlite3 *db, int n, struct err *e)
{
	if (n <= 0)
		return true;
	int64_t now = timeutil_now();
	if (!db_exec(db, "BEGIN IMMEDIATE", e))
		return false;
	bool ok = true;
	for (int k = 1; k <= n && ok; k++)
		ok = seed_extra_one(db, k, now, e);
	if (!ok) {
		db_exec(db, "ROLLBACK", NULL);
		return false;
	}
	return db_exec(db, "COMMIT", e);
}
