/* seed_extra.h — `bankterm-sandbox seed --extra-accounts N`: more Northwind
 * accounts on top of the sample customer, for benchmarks that need more
 * accounts than the demo (bench/bench-sync-parallel).  The default seed,
 * which every expected screen depends on, is not changed. */
#ifndef SANDBOX_SEED_EXTRA_H
#define SANDBOX_SEED_EXTRA_H

#include <sqlite3.h>

#include "err.h"

#define SEED_EXTRA_MAX 1000

/* Adds n checking accounts "acc_extra_1".. to Northwind, each with a few
 * posted transactions in the 30 days before the business clock's today,
 * in one transaction. */
bool seed_extra_accounts(sqlite3 *db, int n, struct err *e);

#endif
