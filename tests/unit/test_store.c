/* test_store.c — the store: merging pending and posted transactions (every
 * rule, pages out of order and repeated), net position, obligations,
 * forecast, alerts, the generation counter, and the offline-cache records
 * (round trip and damaged records). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store.h"
#include "xmalloc.h"

#define DAY 86400
#define T0 ((int64_t)1773446400) /* 2026-03-14T00:00:00Z */
#define TODAY ((int64_t)20526)	 /* 2026-03-14 as a date */

static struct money usd(int64_t minor)
{
	return (struct money){ minor, "USD" };
}

static struct money eur(int64_t minor)
{
	return (struct money){ minor, "EUR" };
}

static struct transaction txn(const char *id, enum txn_status st, const char *replaces,
			      int64_t booked_at, int64_t minor)
{
	struct transaction t = { 0 };
	t.id = xstrdup(id);
	t.status = st;
	t.replaces = replaces ? xstrdup(replaces) : NULL;
	t.booked_at = booked_at;
	t.amount = usd(minor);
	t.description = xasprintf("txn %s", id);
	return t;
}

#define PAGE(...)                                                                   \
	page_of((struct transaction[]){ __VA_ARGS__ },                              \
		sizeof((struct transaction[]){ __VA_ARGS__ }) / sizeof(struct transaction))

static struct transaction_list page_of(const struct transaction *t, size_t n)
{
	struct transaction_list l = { xcalloc(n, sizeof *t), n, xstrdup("cursor") };
	memcpy(l.items, t, n * sizeof *t);
	return l;
}

static struct account acct(const char *id, enum account_type type, struct money balance)
{
	struct account a = { 0 };
	a.id = xstrdup(id);
	a.name = xasprintf("Account %s", id);
	a.type = type;
	memcpy(a.currency, balance.currency, 4);
	a.balance = balance;
	return a;
}

static void set_accounts(struct store *s, struct store_conn *c, struct account *a, size_t n)
{
	struct account_list l = { xcalloc(n, sizeof *a), n };
	memcpy(l.items, a, n * sizeof *a);
	store_set_accounts(s, c, &l);
	assert_null(l.items);
}

/* A store with connection "bank" holding checking account "chk" in USD. */
static struct store *bank_store(struct store_conn **cp)
{
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bank", true);
	struct account a = acct("chk", ACCOUNT_CHECKING, usd(100000));
	set_accounts(s, c, &a, 1);
	*cp = c;
	return s;
}

static void merge_ok(struct store *s, struct store_conn *c, struct transaction_list page)
{
	struct err e = ERR_INIT;
	bool ok = store_merge_transactions(s, c, "chk", &page, &e);
	if (!ok)
		fail_msg("merge failed: %s", e.msg);
	assert_int_equal(page.n, 0);
	assert_null(page.items);
	assert_null(page.next_cursor);
}

/* How many times id is in the account. */
static int count_id(struct store_conn *c, const char *id)
{
	struct store_account *a = store_account_find(c, "chk");
	int n = 0;
	for (size_t i = 0; i < a->n_txns; i++)
		n += strcmp(a->txns[i].id, id) == 0;
	return n;
}

static size_t n_txns(struct store_conn *c)
{
	return store_account_find(c, "chk")->n_txns;
}

static void assert_sorted(struct store_conn *c)
{
	struct store_account *a = store_account_find(c, "chk");
	for (size_t i = 1; i < a->n_txns; i++) {
		const struct transaction *x = &a->txns[i - 1], *y = &a->txns[i];
		assert_true(x->booked_at > y->booked_at ||
			    (x->booked_at == y->booked_at && strcmp(x->id, y->id) > 0));
	}
}

/* ---- merge rules ------------------------------------------------------ */

static void test_merge_order_and_replace_by_id(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c,
		 PAGE(txn("a", TXN_POSTED, NULL, T0, -100),
		      txn("c", TXN_POSTED, NULL, T0 + DAY, -300),
		      txn("b", TXN_POSTED, NULL, T0, -200)));
	struct store_account *a = store_account_find(c, "chk");
	assert_int_equal(a->n_txns, 3);
	/* newest first, then id descending */
	assert_string_equal(a->txns[0].id, "c");
	assert_string_equal(a->txns[1].id, "b");
	assert_string_equal(a->txns[2].id, "a");
	/* the same id again replaces the stored one */
	merge_ok(s, c, PAGE(txn("b", TXN_POSTED, NULL, T0 + 2 * DAY, -250)));
	assert_int_equal(a->n_txns, 3);
	assert_string_equal(a->txns[0].id, "b");
	assert_int_equal(a->txns[0].amount.minor, -250);
	/* an id repeated inside one page: the later one counts */
	merge_ok(s, c,
		 PAGE(txn("d", TXN_POSTED, NULL, T0, -1), txn("d", TXN_POSTED, NULL, T0, -2)));
	assert_int_equal(count_id(c, "d"), 1);
	assert_int_equal(a->txns[2].amount.minor, -2);
	assert_sorted(c);
	store_free(&s);
	assert_null(s);
}

static void test_merge_replaces_removes_pending(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c, PAGE(txn("p1", TXN_PENDING, NULL, T0, -500)));
	merge_ok(s, c, PAGE(txn("x1", TXN_POSTED, "p1", T0 + 2 * DAY, -520)));
	assert_int_equal(count_id(c, "p1"), 0);
	assert_int_equal(count_id(c, "x1"), 1);
	/* replaces works even with a different amount and outside the window */
	merge_ok(s, c, PAGE(txn("p2", TXN_PENDING, NULL, T0, -1)));
	merge_ok(s, c, PAGE(txn("x2", TXN_POSTED, "p2", T0 + 30 * DAY, -999)));
	assert_int_equal(count_id(c, "p2"), 0);
	/* pending and its posted one in the same page */
	merge_ok(s, c,
		 PAGE(txn("p3", TXN_PENDING, NULL, T0, -7),
		      txn("x3", TXN_POSTED, "p3", T0 + DAY, -7)));
	assert_int_equal(count_id(c, "p3"), 0);
	assert_int_equal(count_id(c, "x3"), 1);
	store_free(&s);
}

static void test_merge_heuristic(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c, PAGE(txn("p", TXN_PENDING, NULL, T0, -4200)));
	/* a posted one of another amount does not settle it */
	merge_ok(s, c, PAGE(txn("q", TXN_POSTED, NULL, T0 + DAY, -4201)));
	assert_int_equal(count_id(c, "p"), 1);
	/* one booked before the pending one does not either */
	merge_ok(s, c, PAGE(txn("r", TXN_POSTED, NULL, T0 - DAY, -4200)));
	assert_int_equal(count_id(c, "p"), 1);
	/* one booked more than STORE_PENDING_WINDOW_DAYS later does not either */
	merge_ok(s, c,
		 PAGE(txn("late", TXN_POSTED, NULL, T0 + (STORE_PENDING_WINDOW_DAYS * DAY) + 1,
			  -4200)));
	assert_int_equal(count_id(c, "p"), 1);
	/* exactly at the window's end it does */
	merge_ok(s, c,
		 PAGE(txn("x", TXN_POSTED, NULL, T0 + STORE_PENDING_WINDOW_DAYS * DAY, -4200)));
	assert_int_equal(count_id(c, "p"), 0);
	assert_int_equal(count_id(c, "x"), 1);
	assert_int_equal(n_txns(c), 4);
	store_free(&s);
}

static void test_merge_heuristic_ambiguous(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c,
		 PAGE(txn("p1", TXN_PENDING, NULL, T0, -300),
		      txn("p2", TXN_PENDING, NULL, T0 + 60, -300)));
	/* two candidates: nothing is hidden */
	merge_ok(s, c, PAGE(txn("x", TXN_POSTED, NULL, T0 + DAY, -300)));
	assert_int_equal(count_id(c, "p1"), 1);
	assert_int_equal(count_id(c, "p2"), 1);
	assert_int_equal(count_id(c, "x"), 1);
	store_free(&s);
}

/* The sandbox's shape: A' names A, B' does not; a stale page brings A back. */
static void test_merge_sandbox_scenario(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c,
		 PAGE(txn("A", TXN_PENDING, NULL, T0, -1500),
		      txn("B", TXN_PENDING, NULL, T0 + 10, -899)));
	merge_ok(s, c,
		 PAGE(txn("A2", TXN_POSTED, "A", T0 + DAY, -1500),
		      txn("B2", TXN_POSTED, NULL, T0 + 2 * DAY, -899)));
	assert_int_equal(n_txns(c), 2);
	merge_ok(s, c, PAGE(txn("A", TXN_PENDING, NULL, T0, -1500)));
	assert_int_equal(count_id(c, "A"), 0);
	merge_ok(s, c, PAGE(txn("B", TXN_PENDING, NULL, T0 + 10, -899)));
	assert_int_equal(count_id(c, "B"), 0);
	/* the posted page again changes nothing */
	merge_ok(s, c,
		 PAGE(txn("A2", TXN_POSTED, "A", T0 + DAY, -1500),
		      txn("B2", TXN_POSTED, NULL, T0 + 2 * DAY, -899)));
	assert_int_equal(count_id(c, "A2"), 1);
	assert_int_equal(count_id(c, "B2"), 1);
	assert_int_equal(n_txns(c), 2);
	/* and a new pending payment of B's amount is a real one: it shows */
	merge_ok(s, c, PAGE(txn("C", TXN_PENDING, NULL, T0 + 3 * DAY, -899)));
	assert_int_equal(count_id(c, "C"), 1);
	store_free(&s);
}

/* Posted page first, pending page after: the same result. */
static void test_merge_out_of_order(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c,
		 PAGE(txn("A2", TXN_POSTED, "A", T0 + DAY, -1500),
		      txn("B2", TXN_POSTED, NULL, T0 + 2 * DAY, -899)));
	merge_ok(s, c,
		 PAGE(txn("A", TXN_PENDING, NULL, T0, -1500),
		      txn("B", TXN_PENDING, NULL, T0 + 10, -899)));
	assert_int_equal(count_id(c, "A"), 0);
	assert_int_equal(count_id(c, "B"), 0);
	assert_int_equal(n_txns(c), 2);
	/* B2 is now matched: another pending of that amount stays */
	merge_ok(s, c, PAGE(txn("B3", TXN_PENDING, NULL, T0 + DAY, -899)));
	assert_int_equal(count_id(c, "B3"), 1);
	store_free(&s);
}

/* A bank that keeps the id when a pending transaction posts. */
static void test_merge_same_id_posts(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c, PAGE(txn("T", TXN_PENDING, NULL, T0, -50)));
	merge_ok(s, c, PAGE(txn("T", TXN_POSTED, NULL, T0 + DAY, -50)));
	assert_int_equal(count_id(c, "T"), 1);
	assert_int_equal(store_account_find(c, "chk")->txns[0].status, TXN_POSTED);
	/* a stale pending copy does not turn it back into pending */
	merge_ok(s, c, PAGE(txn("T", TXN_PENDING, NULL, T0, -50)));
	assert_int_equal(store_account_find(c, "chk")->txns[0].status, TXN_POSTED);
	/* T settled its own pending: it does not swallow another one */
	merge_ok(s, c, PAGE(txn("U", TXN_PENDING, NULL, T0, -50)));
	assert_int_equal(count_id(c, "U"), 1);
	store_free(&s);
}

/* A re-sent posted transaction does not settle a second pending one. */
static void test_merge_repeated_posted_matches_once(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c, PAGE(txn("p1", TXN_PENDING, NULL, T0, -10)));
	merge_ok(s, c, PAGE(txn("x", TXN_POSTED, NULL, T0 + DAY, -10)));
	assert_int_equal(count_id(c, "p1"), 0);
	merge_ok(s, c, PAGE(txn("p2", TXN_PENDING, NULL, T0 + 60, -10)));
	merge_ok(s, c, PAGE(txn("x", TXN_POSTED, NULL, T0 + DAY, -10)));
	assert_int_equal(count_id(c, "p2"), 1);
	store_free(&s);
}

/* Deterministic pseudo-random numbers for the shuffles below. */
static uint32_t rng_next(uint32_t *st)
{
	*st = *st * 1103515245u + 12345u;
	return *st >> 8;
}

/* 40 purchases, each pending then posted (half with `replaces`), delivered
 * as 8 pages in a random order, some pages twice: each purchase ends up
 * exactly once, as its posted transaction. */
static void test_merge_random_page_orders(void **state)
{
	(void)state;
	enum { N = 40, PAGES = 8 };
	for (uint32_t seed = 1; seed <= 60; seed++) {
		struct store_conn *c;
		struct store *s = bank_store(&c);
		uint32_t st = seed;
		int order[PAGES * 2];
		int n_order = 0;
		for (int p = 0; p < PAGES; p++)
			order[n_order++] = p;
		for (int p = 0; p < PAGES; p++)
			if (rng_next(&st) % 3 == 0)
				order[n_order++] = p;
		for (int i = n_order - 1; i > 0; i--) {
			int j = (int)(rng_next(&st) % (uint32_t)(i + 1));
			int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		for (int k = 0; k < n_order; k++) {
			/* pages 0-3: the pending transactions of purchases
			 * 10p..10p+9; pages 4-7: the posted ones of 10(p-4).. */
			int p = order[k];
			int group = p % 4;
			bool posted = p >= 4;
			struct transaction t[10];
			for (int i = 0; i < 10; i++) {
				int id = group * 10 + i;
				char pid[16], xid[16];
				snprintf(pid, sizeof pid, "p%02d", id);
				snprintf(xid, sizeof xid, "x%02d", id);
				int64_t at = T0 + id * 3 * DAY;
				/* distinct amounts, so the heuristic has one candidate */
				int64_t amount = -(1000 + id);
				if (posted)
					t[i] = txn(xid, TXN_POSTED, id % 2 ? pid : NULL,
						   at + (id % 5) * DAY, amount);
				else
					t[i] = txn(pid, TXN_PENDING, NULL, at, amount);
			}
			merge_ok(s, c, page_of(t, 10));
			assert_sorted(c);
		}
		for (int id = 0; id < N; id++) {
			char pid[16], xid[16];
			snprintf(pid, sizeof pid, "p%02d", id);
			snprintf(xid, sizeof xid, "x%02d", id);
			bool posted_seen = false;
			for (int k = 0; k < n_order; k++)
				posted_seen = posted_seen || order[k] == 4 + id / 10;
			assert_int_equal(count_id(c, xid), posted_seen);
			if (count_id(c, pid) + count_id(c, xid) != 1)
				fail_msg("seed %u: purchase %d shows %d times", (unsigned)seed, id,
					 count_id(c, pid) + count_id(c, xid));
		}
		store_free(&s);
	}
}

static void test_merge_errors(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c, PAGE(txn("a", TXN_POSTED, NULL, T0, -1)));
	uint64_t gen = s->generation;
	struct err e = ERR_INIT;
	struct transaction_list l = PAGE(txn("b", TXN_POSTED, NULL, T0, -1));
	assert_false(store_merge_transactions(s, c, "nope", &l, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_non_null(strstr(e.msg, "nope"));
	assert_int_equal(l.n, 0); /* taken even on failure */
	struct transaction t = txn("c", TXN_POSTED, NULL, T0, -1);
	t.amount = eur(-1);
	l = PAGE(txn("d", TXN_POSTED, NULL, T0, -1), t);
	assert_false(store_merge_transactions(s, c, "chk", &l, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "EUR"));
	assert_int_equal(count_id(c, "d"), 0); /* nothing of the page went in */
	assert_int_equal(n_txns(c), 1);
	assert_int_equal(s->generation, gen);
	store_free(&s);
}

static void test_posted_through(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	assert_int_equal(store_account_posted_through(store_account_find(c, "chk")), 0);
	merge_ok(s, c,
		 PAGE(txn("p", TXN_PENDING, NULL, T0 + 5 * DAY, -1),
		      txn("x", TXN_POSTED, NULL, T0 + DAY, -2),
		      txn("y", TXN_POSTED, NULL, T0, -3)));
	assert_int_equal(store_account_posted_through(store_account_find(c, "chk")), T0 + DAY);
	store_free(&s);
}

static void test_set_accounts_keeps_transactions(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c, PAGE(txn("a", TXN_POSTED, NULL, T0, -1)));
	struct account a[2] = { acct("chk", ACCOUNT_CHECKING, usd(5)),
				acct("sav", ACCOUNT_SAVINGS, usd(6)) };
	set_accounts(s, c, a, 2);
	assert_int_equal(c->n_accounts, 2);
	assert_int_equal(n_txns(c), 1);
	assert_int_equal(store_account_find(c, "chk")->account.balance.minor, 5);
	/* an account that changed currency starts empty */
	struct account b = acct("chk", ACCOUNT_CHECKING, eur(5));
	set_accounts(s, c, &b, 1);
	assert_int_equal(n_txns(c), 0);
	assert_null(store_account_find(c, "sav"));
	store_free(&s);
}

static void test_generation(void **state)
{
	(void)state;
	struct store *s = store_new();
	uint64_t g = s->generation;
#define BUMPED() (assert_true(s->generation > g), g = s->generation)
	struct store_conn *c = store_conn_get(s, "bank", true);
	BUMPED();
	assert_ptr_equal(store_conn_get(s, "bank", false), c);
	assert_null(store_conn_get(s, "other", false));
	assert_int_equal(s->generation, g); /* lookups do not bump */
	store_conn_set_state(s, c, CONN_SYNCING, T0, NULL);
	BUMPED();
	store_conn_set_progress(s, c, 1, 5);
	BUMPED();
	struct institution inst = { xstrdup("nw"), xstrdup("Northwind"), INSTITUTION_CAP_ACCOUNTS };
	store_set_institution(s, c, &inst);
	BUMPED();
	assert_string_equal(c->display_name, "Northwind");
	struct account a = acct("chk", ACCOUNT_CHECKING, usd(1));
	set_accounts(s, c, &a, 1);
	BUMPED();
	merge_ok(s, c, PAGE(txn("a", TXN_POSTED, NULL, T0, -1)));
	BUMPED();
	struct bill_list bl = { 0 };
	store_set_bills(s, c, &bl);
	BUMPED();
	struct payment_list pl = { 0 };
	store_set_payments(s, c, &pl);
	BUMPED();
	struct contact_list cl = { 0 };
	store_set_contacts(s, c, &cl);
	BUMPED();
	struct transfer_list tl = { 0 };
	store_set_transfers(s, c, &tl);
	BUMPED();
	struct transfer_limits lim = { usd(1), usd(1), usd(1) };
	store_set_limits(s, c, &lim);
	BUMPED();
	struct bnpl_plan_list bp = { 0 };
	store_set_plans(s, c, &bp);
	BUMPED();
	store_conn_remove(s, "bank");
	BUMPED();
	assert_int_equal(s->n_conns, 0);
#undef BUMPED
	store_free(&s);
}

static void test_conn_state(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bank", true);
	assert_int_equal(c->state, CONN_NEVER_SYNCED);
	store_conn_set_state(s, c, CONN_SYNCING, T0, NULL);
	store_conn_set_progress(s, c, 2, 5);
	assert_int_equal(c->progress_done, 2);
	store_conn_set_state(s, c, CONN_OK, T0 + 10, NULL);
	assert_int_equal(c->last_success, T0 + 10);
	assert_int_equal(c->progress_total, 0);
	store_conn_set_state(s, c, CONN_OFFLINE, T0 + 20, "no route to host");
	assert_int_equal(c->last_success, T0 + 10);
	assert_int_equal(c->last_attempt, T0 + 20);
	assert_string_equal(c->last_error, "no route to host");
	store_conn_set_state(s, c, CONN_OK, T0 + 30, NULL);
	assert_null(c->last_error);
	store_free(&s);
	store_free(&s); /* NULL-safe */
}

/* ---- questions -------------------------------------------------------- */

static struct bill bill(const char *id, struct money amount, int64_t due, enum bill_status st,
			bool autopay)
{
	struct bill b = { 0 };
	b.id = xstrdup(id);
	b.payee = xasprintf("Payee %s", id);
	b.amount_due = amount;
	b.due_date = due;
	b.status = st;
	b.autopay = autopay;
	return b;
}

static struct bnpl_plan plan(const char *id, struct money outstanding, enum bnpl_status st)
{
	struct bnpl_plan p = { 0 };
	p.id = xstrdup(id);
	p.merchant = xasprintf("Shop %s", id);
	p.purchase_amount = p.total_interest = p.fees_charged = p.payoff_amount = outstanding;
	p.late_fee_policy.late_fee = p.late_fee_policy.max_late_fees = outstanding;
	p.outstanding = outstanding;
	p.status = st;
	return p;
}

static void add_installment(struct bnpl_plan *p, int64_t due, struct money m,
			    enum installment_status st)
{
	p->installments = xreallocarray(p->installments, p->n_installments + 1,
					sizeof *p->installments);
	p->installments[p->n_installments++] = (struct installment){
		(int64_t)p->n_installments + 1, due, m, st
	};
}

static void set_bills(struct store *s, struct store_conn *c, struct bill *b, size_t n)
{
	struct bill_list l = { xcalloc(n, sizeof *b), n };
	memcpy(l.items, b, n * sizeof *b);
	store_set_bills(s, c, &l);
}

static void set_plans(struct store *s, struct store_conn *c, struct bnpl_plan *p, size_t n)
{
	struct bnpl_plan_list l = { xcalloc(n, sizeof *p), n };
	memcpy(l.items, p, n * sizeof *p);
	store_set_plans(s, c, &l);
}

static struct payment payment(const char *id, struct money m, int64_t pay_on,
			      enum payment_status st)
{
	struct payment p = { 0 };
	p.id = xstrdup(id);
	p.payee = xasprintf("Payee %s", id);
	p.amount = m;
	p.pay_on = pay_on;
	p.status = st;
	return p;
}

static void test_net_position(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bank", true);
	struct account a[] = {
		acct("chk", ACCOUNT_CHECKING, usd(100000)),
		acct("sav", ACCOUNT_SAVINGS, usd(50000)),
		acct("cc", ACCOUNT_CREDIT_CARD, usd(-20000)),
		acct("eu", ACCOUNT_CHECKING, eur(700)),
		acct("loan", ACCOUNT_LOAN, eur(-10000)),
	};
	set_accounts(s, c, a, 5);
	struct bnpl_plan p[] = { plan("p1", usd(3000), BNPL_ACTIVE),
				 plan("p2", usd(999), BNPL_PAID_OFF) };
	set_plans(s, c, p, 2);
	struct store_position *pos;
	size_t n;
	struct err e = ERR_INIT;
	assert_true(store_net_position(s, &pos, &n, &e));
	assert_int_equal(n, 2);
	/* sorted by code; USD and EUR never added together */
	assert_string_equal(pos[0].currency, "EUR");
	assert_int_equal(pos[0].assets.minor, 700);
	assert_int_equal(pos[0].debts.minor, 10000);
	assert_int_equal(pos[0].net.minor, -9300);
	assert_string_equal(pos[0].net.currency, "EUR");
	assert_string_equal(pos[1].currency, "USD");
	assert_int_equal(pos[1].assets.minor, 150000);
	/* card debt plus the active BNPL plan, not the paid-off one */
	assert_int_equal(pos[1].debts.minor, 23000);
	assert_int_equal(pos[1].net.minor, 127000);
	free(pos);
	/* overflow is an error, not a wrap-around */
	struct account big[] = { acct("x", ACCOUNT_CHECKING, usd(INT64_MAX)),
				 acct("y", ACCOUNT_SAVINGS, usd(1)) };
	set_accounts(s, c, big, 2);
	assert_false(store_net_position(s, &pos, &n, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_null(pos);
	store_free(&s);
}

static void test_obligations(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bank", true);
	struct bill b[] = {
		bill("due5", usd(100), TODAY + 5, BILL_DUE, true),
		bill("late", usd(200), TODAY - 3, BILL_OVERDUE, false),
		bill("paid", usd(300), TODAY + 1, BILL_PAID, false),
		bill("sched", usd(400), TODAY + 2, BILL_SCHEDULED, false),
		bill("far", usd(500), TODAY + 40, BILL_DUE, false),
		bill("past", usd(600), TODAY - 1, BILL_DUE, false), /* DUE but its date passed */
	};
	set_bills(s, c, b, 6);
	struct bnpl_plan p = plan("plan", usd(900), BNPL_ACTIVE);
	add_installment(&p, TODAY - 10, usd(30), INSTALLMENT_PAID);
	add_installment(&p, TODAY - 2, usd(30), INSTALLMENT_OVERDUE);
	add_installment(&p, TODAY + 3, usd(30), INSTALLMENT_UPCOMING);
	set_plans(s, c, &p, 1);
	struct payment pay[] = { payment("pm1", usd(400), TODAY + 2, PAYMENT_SCHEDULED),
				 payment("pm2", usd(1), TODAY + 1, PAYMENT_SENT) };
	struct payment_list pl = { xcalloc(2, sizeof *pay), 2 };
	memcpy(pl.items, pay, sizeof pay);
	store_set_payments(s, c, &pl);

	struct obligation *o;
	size_t n;
	store_obligations(s, TODAY, 30, &o, &n);
	assert_int_equal(n, 6);
	/* overdue first (by date), then by date */
	assert_string_equal(o[0].ref_id, "late");
	assert_true(o[0].overdue);
	assert_int_equal(o[0].kind, OBLIGATION_BILL);
	assert_int_equal(o[1].kind, OBLIGATION_INSTALLMENT);
	assert_true(o[1].overdue);
	assert_string_equal(o[1].title, "Shop plan");
	assert_string_equal(o[2].ref_id, "past");
	assert_true(o[2].overdue);
	assert_int_equal(o[3].kind, OBLIGATION_SCHEDULED);
	assert_string_equal(o[3].ref_id, "pm1");
	assert_false(o[3].overdue);
	assert_int_equal(o[4].kind, OBLIGATION_INSTALLMENT);
	assert_int_equal(o[4].due, TODAY + 3);
	assert_string_equal(o[5].ref_id, "due5");
	assert_true(o[5].autopay);
	assert_false(o[0].autopay);
	assert_ptr_equal(o[0].conn, c);
	free(o);
	/* a window of 0 days still has the overdue ones */
	store_obligations(s, TODAY, 0, &o, &n);
	assert_int_equal(n, 3);
	free(o);
	store_free(&s);
}

static void test_forecast(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bank", true);
	struct account a[] = { acct("chk", ACCOUNT_CHECKING, usd(1000)),
			       acct("chk2", ACCOUNT_CHECKING, usd(9999)),
			       acct("sav", ACCOUNT_SAVINGS, usd(50000)),
			       acct("eu", ACCOUNT_CHECKING, eur(100)) };
	a[1].has_available_balance = true;
	a[1].available_balance = usd(500); /* available wins over current */
	set_accounts(s, c, a, 4);
	struct bill b[] = { bill("late", usd(200), TODAY - 3, BILL_OVERDUE, false),
			    bill("rent", usd(1000), TODAY + 4, BILL_DUE, false),
			    bill("eubill", eur(50), TODAY + 1, BILL_DUE, false),
			    bill("far", usd(100000), TODAY + 60, BILL_DUE, false) };
	set_bills(s, c, b, 4);
	struct store_forecast *f;
	size_t n;
	struct err e = ERR_INIT;
	assert_true(store_forecast(s, TODAY, 30, &f, &n, &e));
	assert_int_equal(n, 2);
	assert_string_equal(f[0].currency, "EUR");
	assert_int_equal(f[0].start.minor, 100);
	assert_int_equal(f[0].lowest.minor, 50);
	assert_int_equal(f[0].shortfall_date, 0);
	assert_string_equal(f[1].currency, "USD");
	assert_int_equal(f[1].start.minor, 1500); /* checking only, available balance */
	assert_int_equal(f[1].obligations.minor, 1200);
	assert_int_equal(f[1].lowest.minor, 300);
	assert_int_equal(f[1].lowest_date, TODAY + 4);
	assert_int_equal(f[1].shortfall_date, 0);
	free(f);
	/* the overdue bill counts today; rent then takes cash below zero */
	struct bill b2[] = { bill("late", usd(1400), TODAY - 3, BILL_OVERDUE, false),
			     bill("rent", usd(1000), TODAY + 4, BILL_DUE, false) };
	set_bills(s, c, b2, 2);
	assert_true(store_forecast(s, TODAY, 30, &f, &n, &e));
	assert_int_equal(f[1].lowest.minor, -900);
	assert_int_equal(f[1].lowest_date, TODAY + 4);
	assert_int_equal(f[1].shortfall_date, TODAY + 4);
	free(f);
	/* overflow is an error */
	struct bill b3[] = { bill("x", usd(INT64_MIN), TODAY + 1, BILL_DUE, false) };
	set_bills(s, c, b3, 1);
	assert_false(store_forecast(s, TODAY, 30, &f, &n, &e));
	assert_int_equal(e.code, ERR_RANGE);
	store_free(&s);
}

static void test_alerts(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bank", true);
	struct store_conn *c2 = store_conn_get(s, "union", true);
	store_conn_set_state(s, c2, CONN_NEEDS_RELINK, T0, "token rejected");
	struct store_conn *c3 = store_conn_get(s, "pay", true);
	store_conn_set_state(s, c3, CONN_RATE_LIMITED, T0, NULL);
	c = store_conn_get(s, "bank", false);
	struct account a[] = { acct("chk", ACCOUNT_CHECKING, usd(1000)),
			       acct("sav", ACCOUNT_SAVINGS, usd(10)) };
	set_accounts(s, c, a, 2);
	struct bill b[] = { bill("late", usd(200), TODAY - 3, BILL_OVERDUE, false),
			    bill("rent", usd(5000), TODAY + 4, BILL_DUE, false) };
	set_bills(s, c, b, 2);
	struct bnpl_plan p = plan("plan", usd(60), BNPL_DELINQUENT);
	add_installment(&p, TODAY - 5, usd(30), INSTALLMENT_OVERDUE);
	set_plans(s, c, &p, 1);
	struct money low = usd(2000);
	struct alert *al;
	size_t n;
	store_alerts(s, TODAY, &low, &al, &n);
	assert_int_equal(n, 6);
	assert_int_equal(al[0].kind, ALERT_INSTALLMENT_OVERDUE); /* oldest overdue first */
	assert_int_equal(al[0].date, TODAY - 5);
	assert_int_equal(al[1].kind, ALERT_BILL_OVERDUE);
	assert_string_equal(al[1].subject, "Payee late");
	assert_int_equal(al[2].kind, ALERT_PROJECTED_OVERDRAFT);
	assert_int_equal(al[2].date, TODAY + 4);
	assert_int_equal(al[2].amount.minor, 1000 - 200 - 30 - 5000);
	assert_string_equal(al[2].subject, "Account chk");
	assert_int_equal(al[3].kind, ALERT_LOW_BALANCE);
	assert_int_equal(al[3].amount.minor, 1000);
	assert_int_equal(al[4].kind, ALERT_CONNECTION);
	assert_string_equal(al[4].subject, "union"); /* re-link before rate limit */
	assert_int_equal(al[5].kind, ALERT_CONNECTION);
	assert_ptr_equal(al[5].conn, c3);
	free(al);
	/* no threshold, other currency threshold: no low-balance alert */
	store_alerts(s, TODAY, NULL, &al, &n);
	assert_int_equal(n, 5);
	free(al);
	struct money low_eur = eur(2000000);
	store_alerts(s, TODAY, &low_eur, &al, &n);
	assert_int_equal(n, 5);
	free(al);
	store_free(&s);
}

/* ---- persistence ------------------------------------------------------ */

struct recs {
	unsigned char **rec;
	size_t *len;
	size_t n;
};

static bool collect(const void *rec, size_t len, void *arg, struct err *e)
{
	(void)e;
	struct recs *r = arg;
	r->rec = xreallocarray(r->rec, r->n + 1, sizeof *r->rec);
	r->len = xreallocarray(r->len, r->n + 1, sizeof *r->len);
	r->rec[r->n] = xmalloc(len + 1);
	memcpy(r->rec[r->n], rec, len);
	r->len[r->n++] = len;
	return true;
}

static void recs_free(struct recs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->rec[i]);
	free(r->rec);
	free(r->len);
	memset(r, 0, sizeof *r);
}

static void assert_str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_money_eq(struct money a, struct money b)
{
	assert_true(money_equal(a, b));
}

/* A store with every kind of data, two connections. */
/* The i-th of full_store's many posted transactions ("t00042"). */
static struct transaction numbered_txn(size_t i)
{
	char id[32];
	snprintf(id, sizeof id, "t%05zu", i);
	return txn(id, TXN_POSTED, NULL, T0 - (int64_t)(i / 3) * 3600, -(int64_t)i);
}

static struct store *full_store(void)
{
	struct store_conn *c;
	struct store *s = bank_store(&c);
	struct institution inst = { xstrdup("nw"), xstrdup("Northwind \x1b[31m"),
				    INSTITUTION_CAP_ACCOUNTS | INSTITUTION_CAP_BNPL };
	store_set_institution(s, c, &inst);
	store_conn_set_state(s, c, CONN_RATE_LIMITED, T0, "slow down");
	c->retry_at = T0 + 60;
	struct account a[] = { acct("chk", ACCOUNT_CHECKING, usd(100)),
			       acct("cc", ACCOUNT_CREDIT_CARD, usd(-5)) };
	a[0].has_available_balance = true;
	a[0].available_balance = usd(90);
	a[1].has_credit_limit = true;
	a[1].credit_limit = usd(100000);
	a[1].updated_at = T0;
	set_accounts(s, c, a, 2);
	/* enough transactions for several chunks, and a settled set */
	enum { N = 9000 };
	struct transaction_list l = { xcalloc(N, sizeof(struct transaction)), N, NULL };
	for (size_t i = 0; i < N; i++) {
		l.items[i] = numbered_txn(i);
		l.items[i].merchant = i % 2 ? xstrdup("Café") : NULL;
		l.items[i].category = i % 3 ? xstrdup("food") : NULL;
		l.items[i].counterparty = i % 5 ? NULL : xstrdup("Bob");
	}
	merge_ok(s, c, l);
	merge_ok(s, c, PAGE(txn("pend", TXN_PENDING, NULL, T0 + DAY, -77)));
	merge_ok(s, c,
		 PAGE(txn("A", TXN_PENDING, NULL, T0 + DAY, -11),
		      txn("B", TXN_PENDING, NULL, T0 + DAY, -12)));
	merge_ok(s, c,
		 PAGE(txn("A2", TXN_POSTED, "A", T0 + 2 * DAY, -11),
		      txn("B2", TXN_POSTED, NULL, T0 + 2 * DAY, -12)));
	struct bill b[] = { bill("b1", usd(100), TODAY + 5, BILL_DUE, true),
			    bill("b2", eur(100), TODAY - 5, BILL_OVERDUE, false) };
	b[0].has_minimum_due = true;
	b[0].minimum_due = usd(25);
	b[1].reference = xstrdup("INV-1");
	set_bills(s, c, b, 2);
	struct payment pm = payment("pm", usd(100), TODAY + 2, PAYMENT_SCHEDULED);
	pm.bill_id = xstrdup("b1");
	pm.from_account = xstrdup("chk");
	pm.confirmation = xstrdup("CONF");
	pm.created_at = T0;
	struct payment_list pl = { xmalloc(sizeof pm), 1 };
	pl.items[0] = pm;
	store_set_payments(s, c, &pl);
	struct contact ct = { xstrdup("ct"), xstrdup("Alice"), xstrdup("alice@example.com"),
			      HANDLE_EMAIL, { PAYEE_CHECK_CLOSE_MATCH, xstrdup("Alicia") }, T0,
			      true, T0 + 5 };
	struct contact_list cl = { xmalloc(sizeof ct), 1 };
	cl.items[0] = ct;
	store_set_contacts(s, c, &cl);
	struct transfer tr = { xstrdup("tr"), xstrdup("chk"), xstrdup("ct"), usd(500), NULL,
			       TRANSFER_COMPLETED, T0 };
	struct transfer_list tl = { xmalloc(sizeof tr), 1 };
	tl.items[0] = tr;
	store_set_transfers(s, c, &tl);
	struct transfer_limits lim = { usd(100000), usd(5000), usd(10000) };
	store_set_limits(s, c, &lim);
	struct bnpl_plan p = plan("plan", usd(900), BNPL_ACTIVE);
	p.apr_bp = 2999;
	p.late_fee_policy.text = xstrdup("$7 per late payment");
	p.has_interest_saved_on_payoff = true;
	p.interest_saved_on_payoff = usd(12);
	p.funding_source = xstrdup("card 4242");
	add_installment(&p, TODAY - 1, usd(300), INSTALLMENT_PAID);
	add_installment(&p, TODAY + 14, usd(300), INSTALLMENT_UPCOMING);
	set_plans(s, c, &p, 1);
	store_conn_get(s, "empty", true);
	return s;
}

static void assert_txn_eq(const struct transaction *a, const struct transaction *b)
{
	assert_string_equal(a->id, b->id);
	assert_int_equal(a->status, b->status);
	assert_str_eq(a->replaces, b->replaces);
	assert_int_equal(a->booked_at, b->booked_at);
	assert_money_eq(a->amount, b->amount);
	assert_str_eq(a->description, b->description);
	assert_str_eq(a->merchant, b->merchant);
	assert_str_eq(a->category, b->category);
	assert_str_eq(a->counterparty, b->counterparty);
}

static void assert_account_eq(const struct store_account *x, const struct store_account *y)
{
	const struct account *a = &x->account, *b = &y->account;
	assert_string_equal(a->id, b->id);
	assert_str_eq(a->name, b->name);
	assert_int_equal(a->type, b->type);
	assert_string_equal(a->currency, b->currency);
	assert_money_eq(a->balance, b->balance);
	assert_int_equal(a->has_available_balance, b->has_available_balance);
	if (a->has_available_balance)
		assert_money_eq(a->available_balance, b->available_balance);
	assert_int_equal(a->has_credit_limit, b->has_credit_limit);
	if (a->has_credit_limit)
		assert_money_eq(a->credit_limit, b->credit_limit);
	assert_int_equal(a->updated_at, b->updated_at);
	assert_int_equal(x->n_txns, y->n_txns);
	for (size_t i = 0; i < x->n_txns; i++)
		assert_txn_eq(&x->txns[i], &y->txns[i]);
}

static void assert_lists_eq(const struct store_conn *a, const struct store_conn *b)
{
	assert_int_equal(a->bills.n, b->bills.n);
	for (size_t i = 0; i < a->bills.n; i++) {
		const struct bill *x = &a->bills.items[i], *y = &b->bills.items[i];
		assert_string_equal(x->id, y->id);
		assert_str_eq(x->payee, y->payee);
		assert_str_eq(x->reference, y->reference);
		assert_money_eq(x->amount_due, y->amount_due);
		assert_int_equal(x->has_minimum_due, y->has_minimum_due);
		if (x->has_minimum_due)
			assert_money_eq(x->minimum_due, y->minimum_due);
		assert_int_equal(x->due_date, y->due_date);
		assert_int_equal(x->status, y->status);
		assert_int_equal(x->autopay, y->autopay);
	}
	assert_int_equal(a->payments.n, b->payments.n);
	for (size_t i = 0; i < a->payments.n; i++) {
		const struct payment *x = &a->payments.items[i], *y = &b->payments.items[i];
		assert_string_equal(x->id, y->id);
		assert_str_eq(x->bill_id, y->bill_id);
		assert_str_eq(x->payee, y->payee);
		assert_str_eq(x->from_account, y->from_account);
		assert_money_eq(x->amount, y->amount);
		assert_int_equal(x->pay_on, y->pay_on);
		assert_int_equal(x->status, y->status);
		assert_str_eq(x->confirmation, y->confirmation);
		assert_int_equal(x->created_at, y->created_at);
	}
	assert_int_equal(a->contacts.n, b->contacts.n);
	for (size_t i = 0; i < a->contacts.n; i++) {
		const struct contact *x = &a->contacts.items[i], *y = &b->contacts.items[i];
		assert_string_equal(x->id, y->id);
		assert_str_eq(x->name, y->name);
		assert_str_eq(x->handle, y->handle);
		assert_int_equal(x->handle_type, y->handle_type);
		assert_int_equal(x->payee_check.result, y->payee_check.result);
		assert_str_eq(x->payee_check.name, y->payee_check.name);
		assert_int_equal(x->created_at, y->created_at);
		assert_int_equal(x->has_first_transfer_at, y->has_first_transfer_at);
		assert_int_equal(x->first_transfer_at, y->first_transfer_at);
	}
	assert_int_equal(a->transfers.n, b->transfers.n);
	for (size_t i = 0; i < a->transfers.n; i++) {
		const struct transfer *x = &a->transfers.items[i], *y = &b->transfers.items[i];
		assert_string_equal(x->id, y->id);
		assert_str_eq(x->from_account, y->from_account);
		assert_str_eq(x->contact_id, y->contact_id);
		assert_money_eq(x->amount, y->amount);
		assert_str_eq(x->memo, y->memo);
		assert_int_equal(x->status, y->status);
		assert_int_equal(x->created_at, y->created_at);
	}
	assert_int_equal(a->plans.n, b->plans.n);
	for (size_t i = 0; i < a->plans.n; i++) {
		const struct bnpl_plan *x = &a->plans.items[i], *y = &b->plans.items[i];
		assert_string_equal(x->id, y->id);
		assert_str_eq(x->merchant, y->merchant);
		assert_money_eq(x->purchase_amount, y->purchase_amount);
		assert_money_eq(x->outstanding, y->outstanding);
		assert_int_equal(x->apr_bp, y->apr_bp);
		assert_money_eq(x->total_interest, y->total_interest);
		assert_money_eq(x->fees_charged, y->fees_charged);
		assert_str_eq(x->late_fee_policy.text, y->late_fee_policy.text);
		assert_money_eq(x->late_fee_policy.late_fee, y->late_fee_policy.late_fee);
		assert_money_eq(x->late_fee_policy.max_late_fees, y->late_fee_policy.max_late_fees);
		assert_money_eq(x->payoff_amount, y->payoff_amount);
		assert_int_equal(x->has_interest_saved_on_payoff, y->has_interest_saved_on_payoff);
		if (x->has_interest_saved_on_payoff)
			assert_money_eq(x->interest_saved_on_payoff, y->interest_saved_on_payoff);
		assert_str_eq(x->funding_source, y->funding_source);
		assert_int_equal(x->status, y->status);
		assert_int_equal(x->n_installments, y->n_installments);
		for (size_t k = 0; k < x->n_installments; k++) {
			assert_int_equal(x->installments[k].seq, y->installments[k].seq);
			assert_int_equal(x->installments[k].due_date, y->installments[k].due_date);
			assert_money_eq(x->installments[k].amount, y->installments[k].amount);
			assert_int_equal(x->installments[k].status, y->installments[k].status);
		}
	}
}

static void assert_store_eq(const struct store *s, const struct store *t)
{
	assert_int_equal(s->n_conns, t->n_conns);
	for (size_t i = 0; i < s->n_conns; i++) {
		const struct store_conn *a = &s->conns[i], *b = &t->conns[i];
		assert_string_equal(a->name, b->name);
		assert_str_eq(a->display_name, b->display_name);
		assert_str_eq(a->institution.id, b->institution.id);
		assert_str_eq(a->institution.name, b->institution.name);
		assert_int_equal(a->institution.caps, b->institution.caps);
		assert_int_equal(a->state, b->state);
		assert_int_equal(a->last_success, b->last_success);
		assert_int_equal(a->last_attempt, b->last_attempt);
		assert_int_equal(a->retry_at, b->retry_at);
		assert_str_eq(a->last_error, b->last_error);
		assert_int_equal(a->progress_done, b->progress_done);
		assert_int_equal(a->progress_total, b->progress_total);
		assert_int_equal(a->has_limits, b->has_limits);
		if (a->has_limits) {
			assert_money_eq(a->limits.daily_limit, b->limits.daily_limit);
			assert_money_eq(a->limits.remaining_today, b->limits.remaining_today);
			assert_money_eq(a->limits.sca_threshold, b->limits.sca_threshold);
		}
		assert_int_equal(a->n_accounts, b->n_accounts);
		for (size_t k = 0; k < a->n_accounts; k++)
			assert_account_eq(&a->accounts[k], &b->accounts[k]);
		assert_lists_eq(a, b);
	}
}

static struct store *load_all(const struct recs *r)
{
	struct store *t = store_new();
	struct err e = ERR_INIT;
	for (size_t i = 0; i < r->n; i++)
		if (!store_load_record(t, r->rec[i], r->len[i], &e))
			fail_msg("record %zu: %s", i, e.msg);
	return t;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct store *s = full_store();
	struct recs r = { 0 };
	struct err e = ERR_INIT;
	assert_true(store_serialize(s, collect, &r, &e));
	size_t txn_records = 0;
	for (size_t i = 0; i < r.n; i++) {
		assert_int_equal(r.rec[i][0], 1); /* version */
		txn_records += r.rec[i][1] == 3;
	}
	assert_true(txn_records > 1); /* 9000 transactions take several chunks */
	struct store *t = load_all(&r);
	assert_store_eq(s, t);
	/* the settled set came along: stale pending A and B stay hidden */
	struct store_conn *c = store_conn_get(t, "bank", false);
	merge_ok(t, c,
		 PAGE(txn("A", TXN_PENDING, NULL, T0 + DAY, -11),
		      txn("B", TXN_PENDING, NULL, T0 + DAY, -12)));
	assert_int_equal(count_id(c, "A"), 0);
	assert_int_equal(count_id(c, "B"), 0);
	/* serializing the loaded store gives the same bytes */
	struct recs r2 = { 0 };
	store_free(&t);
	t = load_all(&r);
	assert_true(store_serialize(t, collect, &r2, &e));
	assert_int_equal(r.n, r2.n);
	for (size_t i = 0; i < r.n; i++) {
		assert_int_equal(r.len[i], r2.len[i]);
		assert_memory_equal(r.rec[i], r2.rec[i], r.len[i]);
	}
	recs_free(&r2);
	recs_free(&r);
	store_free(&t);
	store_free(&s);
}

/* Loaded transactions (whose strings the store keeps in blocks) are
 * replaced, settled and dropped by merges like any others: every one of
 * them replaced by id, a loaded pending one settled, the account list
 * replaced, and the store freed (ASan and valgrind check the frees). */
static void test_loaded_then_merged(void **state)
{
	(void)state;
	struct store *s = full_store();
	struct recs r = { 0 };
	struct err e = ERR_INIT;
	assert_true(store_serialize(s, collect, &r, &e));
	struct store *t = load_all(&r);
	struct store_conn *c = store_conn_get(t, "bank", false);
	size_t n = n_txns(c);
	assert_int_equal(count_id(c, "pend"), 1);
	merge_ok(t, c, PAGE(txn("P2", TXN_POSTED, "pend", T0 + 3 * DAY, -77)));
	assert_int_equal(count_id(c, "pend"), 0);
	assert_int_equal(n_txns(c), n);
	enum { N = 9000 };
	struct transaction_list l = { xcalloc(N, sizeof(struct transaction)), N, NULL };
	for (size_t i = 0; i < N; i++) {
		l.items[i] = numbered_txn(i);
		l.items[i].merchant = xstrdup("new");
	}
	merge_ok(t, c, l);
	assert_int_equal(n_txns(c), n);
	assert_int_equal(count_id(c, "t04321"), 1);
	assert_sorted(c);
	struct store_account *a = store_account_find(c, "chk");
	for (size_t i = 0; i < a->n_txns; i++)
		if (a->txns[i].id[0] == 't')
			assert_string_equal(a->txns[i].merchant, "new");
	struct account keep[] = { acct("chk", ACCOUNT_CHECKING, usd(1)) };
	set_accounts(t, c, keep, 1);
	assert_int_equal(n_txns(c), n);
	store_free(&t);
	/* a fresh load, its account list replaced without chk's currency */
	t = load_all(&r);
	c = store_conn_get(t, "bank", false);
	struct account other[] = { acct("chk", ACCOUNT_CHECKING, eur(1)) };
	set_accounts(t, c, other, 1);
	assert_int_equal(n_txns(c), 0);
	store_free(&t);
	recs_free(&r);
	store_free(&s);
}

static bool refuse(const void *rec, size_t len, void *arg, struct err *e)
{
	(void)rec;
	(void)len;
	int *left = arg;
	if ((*left)-- > 0)
		return true;
	return err_set(e, ERR_IO, "disk full");
}

static void test_serialize_stops(void **state)
{
	(void)state;
	struct store *s = full_store();
	int left = 3;
	struct err e = ERR_INIT;
	assert_false(store_serialize(s, refuse, &left, &e));
	assert_int_equal(e.code, ERR_IO);
	assert_int_equal(left, -1);
	store_free(&s);
}

/* Every record cut short at every length, and with a byte of garbage
 * appended, fails with ERR_CORRUPT and changes nothing. */
static void test_load_damaged(void **state)
{
	(void)state;
	struct store *s = full_store();
	struct recs r = { 0 };
	struct err e = ERR_INIT;
	assert_true(store_serialize(s, collect, &r, &e));
	struct store *t = store_new();
	for (size_t i = 0; i < r.n; i++) {
		size_t step = r.len[i] > 4096 ? 997 : 1;
		for (size_t cut = 0; cut < r.len[i]; cut += step) {
			uint64_t gen = t->generation;
			assert_false(store_load_record(t, r.rec[i], cut, &e));
			assert_int_equal(e.code, ERR_CORRUPT);
			assert_int_equal(t->generation, gen);
		}
		unsigned char *longer = xmalloc(r.len[i] + 1);
		memcpy(longer, r.rec[i], r.len[i]);
		longer[r.len[i]] = 0;
		assert_false(store_load_record(t, longer, r.len[i] + 1, &e));
		assert_int_equal(e.code, ERR_CORRUPT);
		assert_non_null(strstr(e.msg, "end of record"));
		free(longer);
		assert_true(store_load_record(t, r.rec[i], r.len[i], &e));
	}
	assert_store_eq(s, t);
	recs_free(&r);
	store_free(&t);
	store_free(&s);
}

static void load_fails(struct store *t, const unsigned char *rec, size_t len, const char *what)
{
	struct err e = ERR_INIT;
	assert_false(store_load_record(t, rec, len, &e));
	assert_int_equal(e.code, ERR_CORRUPT);
	if (strstr(e.msg, what) == NULL)
		fail_msg("expected \"%s\" in: %s", what, e.msg);
}

/* Each validation rule with a hand-made record. */
static void test_load_rules(void **state)
{
	(void)state;
	struct store *t = store_new();
	/* version 1, CONN, name "c" (len 1), display NULL, state 0, ... */
	unsigned char conn[] = { 1, 1, 1, 0, 0, 0, 'c', 0xff, 0xff, 0xff, 0xff, 0,
				 0, 0, 0, 0, 0, 0, 0, 0, /* last_success */
				 0, 0, 0, 0, 0, 0, 0, 0, /* last_attempt */
				 0, 0, 0, 0, 0, 0, 0, 0, /* retry_at */
				 0xff, 0xff, 0xff, 0xff, /* last_error NULL */
				 0, 0, 0, 0, 0, 0, 0, 0, /* progress */
				 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* institution */
				 0, 0, 0, 0, 0 };
	unsigned char bad[sizeof conn];
	memcpy(bad, conn, sizeof conn);
	bad[0] = 2;
	load_fails(t, bad, sizeof bad, "version 2");
	memcpy(bad, conn, sizeof conn);
	bad[1] = 42;
	load_fails(t, bad, sizeof bad, "record type");
	memcpy(bad, conn, sizeof conn);
	bad[11] = CONN_ERROR + 1;
	load_fails(t, bad, sizeof bad, "state");
	memcpy(bad, conn, sizeof conn);
	bad[6] = '\0';
	load_fails(t, bad, sizeof bad, "connection name");
	memcpy(bad, conn, sizeof conn);
	bad[sizeof bad - 1] = 2; /* has_limits is a bool */
	load_fails(t, bad, sizeof bad, "has_limits");
	memcpy(bad, conn, sizeof conn);
	bad[3] = 0x10; /* name longer than the record */
	load_fails(t, bad, sizeof bad, "connection name");
	/* an account before its connection */
	unsigned char acc[] = { 1, 2, 1, 0, 0, 0, 'c', 1, 0, 0, 0, 'a', 0xff, 0xff, 0xff, 0xff,
				0, 'U', 'S', 'D', 5, 0, 0, 0, 0, 0, 0, 0, 'U', 'S', 'D', 0, 0,
				0, 0, 0, 0, 0, 0, 0, 0 };
	load_fails(t, acc, sizeof acc, "no earlier connection");
	struct err e = ERR_INIT;
	uint64_t gen = t->generation;
	assert_true(store_load_record(t, conn, sizeof conn, &e));
	assert_true(t->generation > gen); /* loading is a change too */
	memcpy(bad, acc, sizeof acc);
	bad[17] = 'u'; /* "uSD" */
	load_fails(t, bad, sizeof acc, "currency");
	memcpy(bad, acc, sizeof acc);
	bad[30] = 'R'; /* balance in USR */
	load_fails(t, bad, sizeof acc, "balance");
	memcpy(bad, acc, sizeof acc);
	memcpy(&bad[28], "EUR", 3); /* balance in another currency than the account */
	load_fails(t, bad, sizeof acc, "balance currency");
	assert_true(store_load_record(t, acc, sizeof acc, &e));
	load_fails(t, acc, sizeof acc, "duplicate id");
	assert_int_equal(t->conns[0].n_accounts, 1);
	assert_int_equal(t->conns[0].accounts[0].account.balance.minor, 5);
	store_free(&t);
	/* transactions out of store order are damage */
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c, PAGE(txn("x", TXN_POSTED, NULL, T0, -1),
			    txn("y", TXN_POSTED, NULL, T0 - DAY, -1)));
	struct recs r = { 0 };
	assert_true(store_serialize(s, collect, &r, &e));
	assert_int_equal(r.n, 3);
	t = store_new();
	assert_true(store_load_record(t, r.rec[0], r.len[0], &e));
	assert_true(store_load_record(t, r.rec[1], r.len[1], &e));
	assert_true(store_load_record(t, r.rec[2], r.len[2], &e));
	load_fails(t, r.rec[2], r.len[2], "transaction order");
	assert_int_equal(t->conns[0].accounts[0].n_txns, 2);
	recs_free(&r);
	store_free(&t);
	store_free(&s);
}

/* A pending transaction months older than the newest posted one is stale
 * (its settled pair may be forgotten): it is not shown. */
static void test_merge_stale_pending(void **state)
{
	(void)state;
	struct store_conn *c;
	struct store *s = bank_store(&c);
	merge_ok(s, c, PAGE(txn("x", TXN_POSTED, NULL, T0 + 100 * DAY, -1)));
	merge_ok(s, c,
		 PAGE(txn("old", TXN_PENDING, NULL, T0, -5),
		      txn("new", TXN_PENDING, NULL, T0 + 95 * DAY, -6)));
	assert_int_equal(count_id(c, "old"), 0);
	assert_int_equal(count_id(c, "new"), 1);
	store_free(&s);
}

/* Every question on an empty store: no entries, no failure. */
static void test_empty_store(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct err e = ERR_INIT;
	struct store_position *pos;
	struct obligation *ob;
	struct store_forecast *f;
	struct alert *al;
	size_t n = 99;
	assert_true(store_net_position(s, &pos, &n, &e));
	assert_int_equal(n, 0);
	free(pos);
	store_obligations(s, TODAY, 30, &ob, &n);
	assert_int_equal(n, 0);
	free(ob);
	assert_true(store_forecast(s, TODAY, 30, &f, &n, &e));
	assert_int_equal(n, 0);
	free(f);
	store_alerts(s, TODAY, NULL, &al, &n);
	assert_int_equal(n, 0);
	free(al);
	struct recs r = { 0 };
	assert_true(store_serialize(s, collect, &r, &e));
	assert_int_equal(r.n, 0);
	store_conn_remove(s, "none"); /* unknown: nothing happens */
	store_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_order_and_replace_by_id),
		cmocka_unit_test(test_merge_replaces_removes_pending),
		cmocka_unit_test(test_merge_heuristic),
		cmocka_unit_test(test_merge_heuristic_ambiguous),
		cmocka_unit_test(test_merge_sandbox_scenario),
		cmocka_unit_test(test_merge_out_of_order),
		cmocka_unit_test(test_merge_same_id_posts),
		cmocka_unit_test(test_merge_repeated_posted_matches_once),
		cmocka_unit_test(test_merge_random_page_orders),
		cmocka_unit_test(test_merge_stale_pending),
		cmocka_unit_test(test_merge_errors),
		cmocka_unit_test(test_posted_through),
		cmocka_unit_test(test_set_accounts_keeps_transactions),
		cmocka_unit_test(test_generation),
		cmocka_unit_test(test_conn_state),
		cmocka_unit_test(test_net_position),
		cmocka_unit_test(test_obligations),
		cmocka_unit_test(test_forecast),
		cmocka_unit_test(test_alerts),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_loaded_then_merged),
		cmocka_unit_test(test_serialize_stops),
		cmocka_unit_test(test_load_damaged),
		cmocka_unit_test(test_load_rules),
		cmocka_unit_test(test_empty_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
