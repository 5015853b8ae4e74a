/* timeline.h — the obligations of the next N days and, for each account that
 * pays them, its projected balance at the end of every day: what the
 * Timeline screen (tab 6) lists and charts.
 *
 * Each obligation from store_obligations() is charged to one funding
 * account, in this order of preference:
 *   1. a scheduled payment: its from_account, when that account is in the
 *      payment's connection and in the payment's currency;
 *   2. a BNPL installment: the checking account whose name, or whose
 *      connection's name or institution's first word, appears in the plan's
 *      funding_source ("Northwind debit ••4821" → Northwind's checking);
 *   3. otherwise the first checking account in the obligation's currency in
 *      its own connection, else in any connection;
 *   4. none: the obligation is listed, charged to no account.
 * An account's projection starts from its available balance (else its
 * balance) today and subtracts each obligation on its due date; overdue ones
 * count today.  Only accounts that pay at least one obligation are kept.
 * Expected income is not projected: the store has none.
 *
 * Ownership: timeline_build() fills a caller-owned struct timeline; its
 * arrays are freed by timeline_clear().  Pointers into the store (conn,
 * account, the obligations' strings) live as long as store.h says. */
#ifndef BANKTERM_TIMELINE_H
#define BANKTERM_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

#define TIMELINE_NO_FUNDING ((size_t)-1)

struct timeline_account {
	const struct store_conn *conn;
	size_t conn_index; /* index of conn in store->conns */
	const struct account *account;
	struct money start; /* today, before anything due today */
	/* end[d]: the projected balance (minor units of start's currency) at the
	 * end of day today + d, for d in [0, days]. */
	int64_t *end;
	int64_t lowest;	     /* the lowest end[d] */
	int64_t lowest_day;  /* the first date it is reached */
	int64_t below_zero;  /* the first date end[] < 0, 0: never */
};

struct timeline_entry {
	struct obligation ob;
	int64_t day;	/* the date it counts on: its due date, today when overdue */
	size_t funding; /* index into accounts, or TIMELINE_NO_FUNDING */
	size_t conn_index; /* index of ob.conn in store->conns */
	size_t item;	   /* index of the bill, plan or payment in its connection */
};

struct timeline {
	int64_t today;
	int days;
	struct timeline_account *accounts;
	size_t n_accounts;
	struct timeline_entry *entries; /* by day, then as store_obligations sorts */
	size_t n_entries;
};

/* Fills *t for the days [today, today + days].  Fails (t left empty) only
 * when a projected balance would overflow (ERR_RANGE). */
bool timeline_build(const struct store *s, int64_t today, int days, struct timeline *t,
		    struct err *e);
void timeline_clear(struct timeline *t);

/* The projected balance of account k at the end of date day (clamped to the
 * window). */
int64_t timeline_balance(const struct timeline *t, size_t k, int64_t day);

#endif
