/* db.h — the sandbox's SQLite store: schema, WAL, small query helpers.
 *
 * One connection per process, shared by every request under db_lock()
 * (the server is thread-per-connection; SQLite itself is opened in
 * serialized mode, the mutex keeps multi-statement work atomic).  Every
 * amount is an INTEGER of minor units; times are Unix seconds; dates are
 * "YYYY-MM-DD" text. */
#ifndef SANDBOX_DB_H
#define SANDBOX_DB_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "err.h"

/* Opens (creating if needed) the database at path, turns on WAL and a busy
 * timeout and creates missing tables.  Returns NULL and fills e on failure. */
sqlite3 *db_open(const char *path, struct err *e);
void db_close(sqlite3 **db);

/* Drops every table and creates them again (seed replaces all data). */
bool db_reset(sqlite3 *db, struct err *e);

/* True when nothing has been seeded yet. */
bool db_is_empty(sqlite3 *db);

/* Serialises request handling on the one connection. */
void db_lock(void);
void db_unlock(void);

bool db_exec(sqlite3 *db, const char *sql, struct err *e);

/* Prepares a statement; SQL in the sandbox is fixed text, so a failure is a
 * bug: it prints the SQLite message and aborts. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);

/* Binds "?1".."?N" from a format of 'i' (int64), 't' (text, NULL -> NULL),
 * 'n' (NULL) and runs the statement to completion; returns false with
 * the SQLite message in e when the step fails. */
bool db_run(sqlite3 *db, struct err *e, const char *sql, const char *fmt, ...);

/* A prepared statement with "?1".."?N" bound as for db_run, ready to step;
 * the caller finalizes it. */
sqlite3_stmt *db_query(sqlite3 *db, const char *sql, const char *fmt, ...);

/* SELECT of one integer, with the same binding format; `fallback` when no
 * row or NULL. */
int64_t db_int(sqlite3 *db, int64_t fallback, const char *sql, const char *fmt, ...);

/* The meta table: small key/value settings (server URL, TOTP secret, ...).
 * db_meta_get returns a malloc'd copy or NULL. */
char *db_meta_get(sqlite3 *db, const char *key);
bool db_meta_set(sqlite3 *db, const char *key, const char *value, struct err *e);

/* Next value of a named counter (stored in meta), for readable ids. */
int64_t db_next_seq(sqlite3 *db, const char *name);

#endif
