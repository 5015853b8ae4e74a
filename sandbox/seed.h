/* seed.h — the sandbox's deterministic sample customer.
 *
 * The same seed, transaction count and "today" always give the same rows:
 * Northwind Bank (checking, savings, a credit card, ~2 years of history,
 * bills, contacts and the payee-check directory), Flexpay (three BNPL
 * plans) and Cedar Credit Union behind SimpleFIN.  sandbox/NOTES.md and
 * bankterm-sandbox(1) list what is there. */
#ifndef SANDBOX_SEED_H
#define SANDBOX_SEED_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "err.h"

struct seed_opts {
	uint64_t seed;
	long transactions; /* checking transactions; 0 = natural ~2 years */
	const char *today; /* "YYYY-MM-DD", or NULL for the business clock's day */
	const char *scenario; /* NULL: the sample customer; else see seed_scenario_run */
};

#define SEED_OPTS_DEFAULT { 42, 0, NULL, NULL }

/* Fills an empty (freshly created or reset) database in one transaction. */
bool seed_run(sqlite3 *db, const struct seed_opts *opts, struct err *e);

/* --scenario hostile | many-accounts (sandbox/seed_hostile.c): the data of
 * the hostile-input suite instead of the sample customer. */
bool seed_scenario_run(sqlite3 *db, const struct seed_opts *opts, struct err *e);

#endif
