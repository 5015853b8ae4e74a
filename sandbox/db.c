/* db.c — SQLite schema and helpers for the sandbox (see db.h). */
#include "db.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static pthread_mutex_t db_mutex = PTHREAD_MUTEX_INITIALIZER;

/* accounts/transactions also hold the SimpleFIN institution's data
 * (inst = 'simplefin').  A pending transaction that a posted one replaces
 * keeps its row with superseded = 1 and is no longer listed. */
static const char db_schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS accounts(id TEXT PRIMARY KEY, inst TEXT NOT NULL,"
	" name TEXT NOT NULL, type TEXT NOT NULL, currency TEXT NOT NULL,"
	" balance INTEGER NOT NULL, credit_limit INTEGER, updated_at INTEGER NOT NULL,"
	" ord INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS transactions(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
	" account TEXT NOT NULL, status TEXT NOT NULL, replaces TEXT, booked_at INTEGER NOT NULL,"
	" amount INTEGER NOT NULL, description TEXT NOT NULL, merchant TEXT, category TEXT,"
	" counterparty TEXT, superseded INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX IF NOT EXISTS tx_page ON transactions(account, booked_at, id);"
	"CREATE INDEX IF NOT EXISTS tx_pending ON transactions(account) WHERE status = 'pending';"
	"CREATE TABLE IF NOT EXISTS bills(id TEXT PRIMARY KEY, payee TEXT NOT NULL,"
	" reference TEXT NOT NULL, amount_due INTEGER NOT NULL, minimum_due INTEGER,"
	" currency TEXT NOT NULL, due_date TEXT NOT NULL, paid INTEGER NOT NULL DEFAULT 0,"
	" autopay INTEGER NOT NULL DEFAULT 0, ord INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS payments(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
	" bill_id TEXT NOT NULL, from_account TEXT NOT NULL, amount INTEGER NOT NULL,"
	" currency TEXT NOT NULL, pay_on TEXT NOT NULL, status TEXT NOT NULL,"
	" confirmation TEXT NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS directory(handle TEXT PRIMARY KEY, holder TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS contacts(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL, handle TEXT NOT NULL, handle_type TEXT NOT NULL,"
	" check_result TEXT NOT NULL, check_name TEXT, created_at INTEGER NOT NULL,"
	" first_transfer_at INTEGER);"
	"CREATE TABLE IF NOT EXISTS transfers(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
	" from_account TEXT NOT NULL, contact_id TEXT NOT NULL, amount INTEGER NOT NULL,"
	" currency TEXT NOT NULL, memo TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS sca(id TEXT PRIMARY KEY, inst TEXT NOT NULL,"
	" fingerprint TEXT NOT NULL, attempts INTEGER NOT NULL, state TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS plans(id TEXT PRIMARY KEY, merchant TEXT NOT NULL,"
	" purchase INTEGER NOT NULL, currency TEXT NOT NULL, apr TEXT NOT NULL,"
	" fees_charged INTEGER NOT NULL, fees_unpaid INTEGER NOT NULL, late_fee INTEGER NOT NULL,"
	" max_late_fees INTEGER NOT NULL, policy TEXT NOT NULL, funding TEXT NOT NULL,"
	" ord INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS installments(plan_id TEXT NOT NULL, seq INTEGER NOT NULL,"
	" due_date TEXT NOT NULL, principal INTEGER NOT NULL, interest INTEGER NOT NULL,"
	" paid_amount INTEGER NOT NULL DEFAULT 0, paid INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY(plan_id, seq));"
	"CREATE TABLE IF NOT EXISTS bnpl_payments(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
	" plan_id TEXT NOT NULL, kind TEXT NOT NULL, amount INTEGER NOT NULL,"
	" currency TEXT NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS idem(inst TEXT NOT NULL, key TEXT NOT NULL,"
	" fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,"
	" PRIMARY KEY(inst, key));"
	"CREATE TABLE IF NOT EXISTS devices(device_code TEXT PRIMARY KEY,"
	" user_code TEXT NOT NULL UNIQUE, inst TEXT NOT NULL, scope TEXT NOT NULL,"
	" state TEXT NOT NULL, expires_ms INTEGER NOT NULL, interval INTEGER NOT NULL,"
	" last_poll_ms INTEGER);"
	"CREATE TABLE IF NOT EXISTS tokens(token TEXT PRIMARY KEY, kind TEXT NOT NULL,"
	" inst TEXT NOT NULL, scope TEXT NOT NULL, expires_ms INTEGER, used INTEGER NOT NULL"
	" DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS sf_claims(token TEXT PRIMARY KEY, claimed INTEGER NOT NULL"
	" DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS sf_creds(user TEXT PRIMARY KEY, pass TEXT NOT NULL);";

static const char *const db_tables[] = {
	"meta",	    "accounts",	     "transactions", "bills",	 "payments", "directory",
	"contacts", "transfers",     "sca",	     "plans",	 "installments",
	"bnpl_payments", "idem",     "devices",	     "tokens",	 "sf_claims", "sf_creds",
};

sqlite3 *db_open(const char *path, struct err *e)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_IO, "cannot open the sandbox database %s: %s", path,
			db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	if (!db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", e) ||
	    !db_exec(db, db_schema, e)) {
		err_prefix(e, "%s", path);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

void db_close(sqlite3 **db)
{
	if (*db == NULL)
		return;
	sqlite3_close(*db);
	*db = NULL;
}

bool db_reset(sqlite3 *db, struct err *e)
{
	for (size_t i = 0; i < sizeof db_tables / sizeof db_tables[0]; i++) {
		char *sql = xasprintf("DROP TABLE IF EXISTS %s;", db_tables[i]);
		bool ok = db_exec(db, sql, e);
		free(sql);
		if (!ok)
			return false;
	}
	return db_exec(db, db_schema, e);
}

bool db_is_empty(sqlite3 *db)
{
	return db_int(db, 0, "SELECT count(*) FROM accounts", "") == 0;
}

void db_lock(void)
{
	pthread_mutex_lock(&db_mutex);
}

void db_unlock(void)
{
	pthread_mutex_unlock(&db_mutex);
}

bool db_exec(sqlite3 *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_IO, "database error: %s", msg != NULL ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return false;
	}
	return true;
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bankterm-sandbox: bug: cannot prepare \"%s\": %s\n", sql,
			sqlite3_errmsg(db));
		abort();
	}
	return st;
}

static void db_vbind(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	for (int i = 0; fmt[i] != '\0'; i++) {
		switch (fmt[i]) {
		case 'i':
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
			break;
		case 't':
			sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1,
					  SQLITE_TRANSIENT);
			break;
		default:
			sqlite3_bind_null(st, i + 1);
			break;
		}
	}
}

static sqlite3_stmt *db_vquery(sqlite3 *db, const char *sql, const char *fmt, va_list ap)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	db_vbind(st, fmt, ap);
	return st;
}

bool db_run(sqlite3 *db, struct err *e, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *st = db_vquery(db, sql, fmt, ap);
	va_end(ap);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	bool ok = rc == SQLITE_DONE;
	if (!ok)
		err_set(e, ERR_IO, "database error: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return ok;
}

sqlite3_stmt *db_query(sqlite3 *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *st = db_vquery(db, sql, fmt, ap);
	va_end(ap);
	return st;
}

int64_t db_int(sqlite3 *db, int64_t fallback, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *st = db_vquery(db, sql, fmt, ap);
	va_end(ap);
	int64_t v = fallback;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

char *db_meta_get(sqlite3 *db, const char *key)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM meta WHERE key = ?1");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

bool db_meta_set(sqlite3 *db, const char *key, const char *value, struct err *e)
{
	return db_run(db, e, "INSERT INTO meta(key, value) VALUES(?1, ?2)"
			     " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		      "tt", key, value);
}

int64_t db_next_seq(sqlite3 *db, const char *name)
{
	char *key = xasprintf("seq.%s", name);
	int64_t v = db_int(db, 0, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1", "t",
			   key) + 1;
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)v);
	db_meta_set(db, key, num, NULL);
	free(key);
	return v;
}
