/* store.h — everything bankterm knows about the user's money, across all
 * connections, and the questions the first screen answers from it.
 *
 * The sync engine (src/sync) writes into the store what providers parsed;
 * screens and CLI commands read it.  The store is plain data (model.h
 * structs) plus the logic that must be the same everywhere:
 *   - merging incremental transaction pages, where a posted transaction
 *     supersedes the pending one it settles, so nothing shows twice;
 *   - net position per currency (assets − debts);
 *   - obligations (bills, BNPL installments, scheduled payments) in a window;
 *   - the forecast: projected cash day by day and the first day it runs short;
 *   - alerts (overdue bill, overdue installment, low balance, projected
 *     overdraft, connection needs attention).
 * It never does I/O; persistence goes through store_serialize() /
 * store_load_record(), which the vault's encrypted cache carries.
 *
 * Ownership: the store owns every connection and everything in it.  The
 * store_set_*() functions TAKE the list they are given (its contents are
 * moved into the store and the caller's list is left empty).  Pointers
 * returned by queries stay valid until the next store_set_X(), merge or remove
 * call.  Strings are raw server text: sanitize before display.
 *
 * The transactions in a store_account are read-only to everyone but the
 * store: those loaded from the offline cache keep their strings in blocks
 * the store owns (a few large blocks per account instead of five
 * allocations per transaction), so they must never be passed to
 * transaction_clear(). */
#ifndef BANKTERM_STORE_H
#define BANKTERM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "model.h"
#include "money.h"

/* How a connection's last refresh went, for the top bar and `connections`. */
enum conn_state {
	CONN_NEVER_SYNCED,
	CONN_OK,
	CONN_SYNCING,
	CONN_OFFLINE,	    /* network failure; data shown is from last_success */
	CONN_RATE_LIMITED,  /* retry_at says when */
	CONN_NEEDS_RELINK,  /* refresh token rejected, SimpleFIN 403: user must link again */
	CONN_ERROR,	    /* the server answered something unusable */
};

struct store_strblock;

struct store_account {
	struct account account;
	struct transaction *txns; /* newest first (booked_at desc, then id desc) */
	size_t n_txns;
	size_t cap_txns;
	/* Private to store.c: the blocks that hold the strings of transactions
	 * loaded from the offline cache (the last one is filled next). */
	struct store_strblock *str_blocks;
	size_t n_str_blocks;
};

struct store_conn {
	char *name;	    /* the connection's name in config/vault ("northwind") */
	char *display_name; /* shown in the top bar; defaults to the institution name */
	struct institution institution;
	enum conn_state state;
	int64_t last_success; /* timestamp of the last complete refresh, 0 = never */
	int64_t last_attempt; /* timestamp */
	int64_t retry_at;     /* CONN_RATE_LIMITED: not before this timestamp */
	char *last_error;     /* human message of the last failure, NULL when none */
	unsigned progress_done, progress_total; /* requests of the refresh in progress */

	struct store_account *accounts;
	size_t n_accounts;
	/* Private to store.c: account id -> position + 1 (0 = free slot), for
	 * store_account_find; covers accounts[0 .. id_index_n). */
	size_t *id_index;
	size_t id_index_cap, id_index_n;
	size_t cap_accounts; /* private to store.c: room in accounts */
	struct bill_list bills;
	struct payment_list payments;
	struct contact_list contacts;
	struct transfer_list transfers;
	bool has_limits;
	struct transfer_limits limits;
	struct bnpl_plan_list plans;
};

struct store {
	struct store_conn *conns; /* in the order they were added */
	size_t n_conns;
	/* Bumped by every change: a screen redraws when the generation it drew
	 * differs from this one. */
	uint64_t generation;
};

struct store *store_new(void);
void store_free(struct store **s);

/* The connection called name, created (empty, CONN_NEVER_SYNCED) when create
 * is true and it does not exist; NULL otherwise. */
struct store_conn *store_conn_get(struct store *s, const char *name, bool create);
void store_conn_remove(struct store *s, const char *name);

/* State changes.  msg may be NULL; it is copied. */
void store_conn_set_state(struct store *s, struct store_conn *c, enum conn_state state,
			  int64_t now, const char *msg);
void store_conn_set_progress(struct store *s, struct store_conn *c, unsigned done,
			     unsigned total);

/* Replace a connection's data with freshly fetched lists (taken, see above).
 * store_set_accounts keeps the transactions of accounts that still exist. */
void store_set_institution(struct store *s, struct store_conn *c, struct institution *taken);
void store_set_accounts(struct store *s, struct store_conn *c, struct account_list *taken);
void store_set_bills(struct store *s, struct store_conn *c, struct bill_list *taken);
void store_set_payments(struct store *s, struct store_conn *c, struct payment_list *taken);
void store_set_contacts(struct store *s, struct store_conn *c, struct contact_list *taken);
void store_set_transfers(struct store *s, struct store_conn *c, struct transfer_list *taken);
void store_set_limits(struct store *s, struct store_conn *c, const struct transfer_limits *l);
void store_set_plans(struct store *s, struct store_conn *c, struct bnpl_plan_list *taken);

/* Merge a page of transactions (taken) into an account:
 *  - a transaction whose id is already stored replaces it;
 *  - a posted transaction with `replaces` removes that pending one;
 *  - a posted transaction without `replaces` removes the pending one of the
 *    same amount booked at most STORE_PENDING_WINDOW_DAYS before it, when
 *    exactly one such pending transaction is not yet matched (the rule is
 *    explained in docs/ARCHITECTURE.md);
 *  - a pending transaction for which a posted one already replaced it is
 *    dropped.
 * Returns false (e filled, store unchanged) when the account is unknown or a
 * transaction's currency differs from the account's. */
#define STORE_PENDING_WINDOW_DAYS 7
bool store_merge_transactions(struct store *s, struct store_conn *c, const char *account_id,
			      struct transaction_list *taken, struct err *e);

/* The latest booked_at of a posted transaction in the account (0 if none):
 * incremental sync fetches from here minus a safety window. */
int64_t store_account_posted_through(const struct store_account *a);

struct store_account *store_account_find(struct store_conn *c, const char *account_id);

/* ---- Questions ------------------------------------------------------- */

/* Net position in one currency.  Assets: positive balances of checking,
 * savings and other accounts.  Debts: what is owed on cards and loans
 * (negative balances) and outstanding BNPL plans. */
struct store_position {
	char currency[4];
	struct money assets;
	struct money debts; /* positive number: what is owed */
	struct money net;   /* assets - debts */
};

/* Fills *out (caller frees) with one entry per currency, sorted by code.
 * Fails only on overflow (ERR_RANGE). */
bool store_net_position(const struct store *s, struct store_position **out, size_t *n,
			struct err *e);

enum obligation_kind {
	OBLIGATION_BILL,	  /* a bill not yet paid or scheduled */
	OBLIGATION_INSTALLMENT,	  /* a BNPL installment not yet paid */
	OBLIGATION_SCHEDULED,	  /* a scheduled bill payment */
};

struct obligation {
	enum obligation_kind kind;
	const struct store_conn *conn;
	const char *title; /* payee or merchant (raw) */
	const char *ref_id; /* bill id, plan id or payment id */
	struct money amount;
	int64_t due; /* date */
	bool overdue;
	bool autopay; /* bills on autopay are paid without the user acting */
};

/* Obligations due on or before today + days, overdue ones included whatever
 * their date; sorted overdue first, then by date.  *out is caller-freed; its
 * pointers point into the store. */
void store_obligations(const struct store *s, int64_t today, int days, struct obligation **out,
		       size_t *n);

/* Day-by-day projection of cash in one currency: the available balance of
 * checking accounts minus obligations on their due dates (overdue ones
 * today).  shortfall_date is the first day the projected cash goes below
 * zero, or 0 when it does not within the window. */
struct store_forecast {
	char currency[4];
	struct money start;	 /* cash today */
	struct money lowest;	 /* lowest projected cash in the window */
	int64_t lowest_date;
	int64_t shortfall_date;	 /* 0: none */
	struct money obligations; /* total due in the window */
};

/* One forecast per currency that has checking accounts or obligations;
 * caller frees *out. */
bool store_forecast(const struct store *s, int64_t today, int days, struct store_forecast **out,
		    size_t *n, struct err *e);

enum alert_kind {
	ALERT_BILL_OVERDUE,
	ALERT_INSTALLMENT_OVERDUE,
	ALERT_LOW_BALANCE,
	ALERT_PROJECTED_OVERDRAFT,
	ALERT_CONNECTION,
};

struct alert {
	enum alert_kind kind;
	const struct store_conn *conn;
	const char *subject; /* raw: payee, merchant, account name or connection name */
	struct money amount; /* the bill, installment, balance or lowest projection */
	int64_t date;	     /* due date, or shortfall date; 0 when none */
};

/* Alerts, most urgent first.  low_balance (may be NULL) is the configured
 * threshold: a checking account in its currency with an available balance
 * below it raises ALERT_LOW_BALANCE.  Caller frees *out. */
void store_alerts(const struct store *s, int64_t today, const struct money *low_balance,
		  struct alert **out, size_t *n);

/* ---- Persistence (the offline cache) ---------------------------------- */

/* Calls emit once per record (a self-describing binary encoding, documented
 * in store.c); stops and returns false if emit does. */
typedef bool (*store_emit_fn)(const void *rec, size_t len, void *arg, struct err *e);
bool store_serialize(const struct store *s, store_emit_fn emit, void *arg, struct err *e);

/* Feeds one record back (in the order they were emitted).  A record that does
 * not decode fails with ERR_CORRUPT and leaves the store as it was before
 * that record. */
bool store_load_record(struct store *s, const void *rec, size_t len, struct err *e);

#endif
