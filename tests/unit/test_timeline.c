/* test_timeline.c — src/core/timeline.c: which account pays each obligation
 * (from_account, the BNPL funding source, the connection's checking account,
 * any checking account, none), the day-by-day projected balances, the
 * lowest day and the first day below zero, and overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "timeline.h"
#include "xmalloc.h"

#define TODAY ((int64_t)20526) /* 2026-03-14 as a date */

static struct money usd(int64_t minor)
{
	return (struct money){ minor, "USD" };
}

static struct account acct(const char *id, const char *name, enum account_type type,
			   struct money balance)
{
	struct account a = { 0 };
	a.id = xstrdup(id);
	a.name = xstrdup(name);
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
}

static struct bill bill(const char *id, struct money amount, int64_t due, enum bill_status st)
{
	struct bill b = { 0 };
	b.id = xstrdup(id);
	b.payee = xasprintf("Payee %s", id);
	b.amount_due = amount;
	b.due_date = due;
	b.status = st;
	return b;
}

static void set_bills(struct store *s, struct store_conn *c, struct bill *b, size_t n)
{
	struct bill_list l = { xcalloc(n, sizeof *b), n };
	memcpy(l.items, b, n * sizeof *b);
	store_set_bills(s, c, &l);
}

static void set_payment(struct store *s, struct store_conn *c, const char *id, const char *from,
			struct money m, int64_t pay_on)
{
	struct payment p = { 0 };
	p.id = xstrdup(id);
	p.payee = xasprintf("Payee %s", id);
	p.from_account = from ? xstrdup(from) : NULL;
	p.amount = m;
	p.pay_on = pay_on;
	p.status = PAYMENT_SCHEDULED;
	struct payment_list l = { xcalloc(1, sizeof p), 1 };
	l.items[0] = p;
	store_set_payments(s, c, &l);
}

/* A plan with installments paid 20 days ago, due in `due_in` days and due
 * in 70 days (outside a 60-day window). */
static void set_plan(struct store *s, struct store_conn *c, const char *funding, int64_t due_in,
		     struct money m)
{
	struct bnpl_plan p = { 0 };
	p.id = xstrdup("plan1");
	p.merchant = xstrdup("Lumen Audio");
	p.purchase_amount = p.outstanding = p.total_interest = p.fees_charged = m;
	p.payoff_amount = p.late_fee_policy.late_fee = p.late_fee_policy.max_late_fees = m;
	p.funding_source = xstrdup(funding);
	p.status = BNPL_ACTIVE;
	p.installments = xcalloc(3, sizeof *p.installments);
	p.installments[0] = (struct installment){ 1, TODAY - 20, m, INSTALLMENT_PAID };
	p.installments[1] = (struct installment){ 2, TODAY + due_in, m, INSTALLMENT_DUE };
	p.installments[2] = (struct installment){ 3, TODAY + 70, m, INSTALLMENT_UPCOMING };
	p.n_installments = 3;
	struct bnpl_plan_list l = { xcalloc(1, sizeof p), 1 };
	l.items[0] = p;
	store_set_plans(s, c, &l);
}

/* northwind: checking 1000.00 (available 900.00), savings 5000.00; an
 * overdue bill of 50.00, a bill of 100.00 in 5 days, a payment of 30.00 from
 * savings in 10 days.  flexpay: no accounts, a plan funded by "Northwind
 * debit ••4821" with 20.00 due in 7 days.  cedar: checking 200.00 and a
 * bill of 300.00 in 20 days. */
static struct store *sample(void)
{
	struct store *s = store_new();
	struct store_conn *nw = store_conn_get(s, "northwind", true);
	struct store_conn *fx = store_conn_get(s, "flexpay", true);
	struct store_conn *cd = store_conn_get(s, "cedar", true);
	struct account na[2] = {
		acct("chk", "Everyday Checking", ACCOUNT_CHECKING, usd(100000)),
		acct("sav", "Savings", ACCOUNT_SAVINGS, usd(500000)),
	};
	na[0].has_available_balance = true;
	na[0].available_balance = usd(90000);
	set_accounts(s, nw, na, 2);
	struct bill nb[2] = {
		bill("late", usd(5000), TODAY - 3, BILL_OVERDUE),
		bill("power", usd(10000), TODAY + 5, BILL_DUE),
	};
	set_bills(s, nw, nb, 2);
	set_payment(s, nw, "pay1", "sav", usd(3000), TODAY + 10);
	set_plan(s, fx, "Northwind debit \u2022\u20224821", 7, usd(2000));
	struct account ca = acct("cchk", "Share Draft", ACCOUNT_CHECKING, usd(20000));
	set_accounts(s, cd, &ca, 1);
	struct bill cb = bill("rent", usd(30000), TODAY + 20, BILL_DUE);
	set_bills(s, cd, &cb, 1);
	return s;
}

static const struct timeline_account *funder(const struct timeline *t, size_t i)
{
	assert_true(i < t->n_entries);
	assert_true(t->entries[i].funding < t->n_accounts);
	return &t->accounts[t->entries[i].funding];
}

static void test_entries_by_day(void **state)
{
	(void)state;
	struct store *s = sample();
	struct timeline t;
	struct err e = ERR_INIT;
	assert_true(timeline_build(s, TODAY, 60, &t, &e));
	assert_int_equal(t.n_entries, 5); /* the installment in 70 days is outside */
	assert_string_equal(t.entries[0].ob.ref_id, "late");
	assert_int_equal(t.entries[0].day, TODAY); /* overdue counts today */
	assert_string_equal(t.entries[1].ob.ref_id, "power");
	assert_int_equal(t.entries[1].day, TODAY + 5);
	assert_string_equal(t.entries[2].ob.ref_id, "plan1");
	assert_int_equal(t.entries[2].day, TODAY + 7);
	assert_string_equal(t.entries[3].ob.ref_id, "pay1");
	assert_string_equal(t.entries[4].ob.ref_id, "rent");
	timeline_clear(&t);
	store_free(&s);
}

static void test_funding_rules(void **state)
{
	(void)state;
	struct store *s = sample();
	struct timeline t;
	assert_true(timeline_build(s, TODAY, 60, &t, NULL));
	/* A bill: its connection's checking account. */
	assert_string_equal(funder(&t, 0)->account->id, "chk");
	assert_string_equal(funder(&t, 1)->account->id, "chk");
	/* An installment: the account its funding source names ("Northwind"). */
	assert_string_equal(funder(&t, 2)->account->id, "chk");
	assert_int_equal(t.entries[2].conn_index, 1);
	assert_int_equal(t.entries[2].item, 0);
	/* A scheduled payment: its from_account, even a savings account. */
	assert_string_equal(funder(&t, 3)->account->id, "sav");
	/* Cedar's bill: Cedar's checking account. */
	assert_string_equal(funder(&t, 4)->account->id, "cchk");
	assert_int_equal(t.n_accounts, 3);
	timeline_clear(&t);
	store_free(&s);
}

static void test_funding_fallbacks(void **state)
{
	(void)state;
	struct store *s = sample();
	/* A funding source naming nothing known: the first checking account. */
	set_plan(s, store_conn_get(s, "flexpay", false), "Visa \u2022\u20229999", 7, usd(2000));
	/* A bill in a currency no checking account holds: nobody pays it. */
	struct bill eb = bill("eur", (struct money){ 1000, "EUR" }, TODAY + 2, BILL_DUE);
	set_bills(s, store_conn_get(s, "flexpay", false), &eb, 1);
	struct timeline t;
	assert_true(timeline_build(s, TODAY, 60, &t, NULL));
	size_t plan = 0, eur = 0;
	for (size_t i = 0; i < t.n_entries; i++) {
		if (strcmp(t.entries[i].ob.ref_id, "plan1") == 0)
			plan = i;
		if (strcmp(t.entries[i].ob.ref_id, "eur") == 0)
			eur = i;
	}
	assert_string_equal(funder(&t, plan)->account->id, "chk");
	assert_int_equal(t.entries[eur].funding, TIMELINE_NO_FUNDING);
	timeline_clear(&t);
	store_free(&s);
}

static void test_projection(void **state)
{
	(void)state;
	struct store *s = sample();
	struct timeline t;
	assert_true(timeline_build(s, TODAY, 60, &t, NULL));
	const struct timeline_account *chk = funder(&t, 0);
	const struct timeline_account *sav = funder(&t, 3);
	const struct timeline_account *cchk = funder(&t, 4);
	size_t k_chk = t.entries[0].funding, k_cchk = t.entries[4].funding;
	/* The available balance is the start, not the balance. */
	assert_int_equal(chk->start.minor, 90000);
	assert_int_equal(chk->end[0], 85000);		 /* the overdue 50.00 today */
	assert_int_equal(chk->end[4], 85000);
	assert_int_equal(chk->end[5], 75000);		 /* 100.00 on day 5 */
	assert_int_equal(chk->end[7], 73000);		 /* the installment */
	assert_int_equal(chk->end[60], 73000);
	assert_int_equal(chk->lowest, 73000);
	assert_int_equal(chk->lowest_day, TODAY + 7);
	assert_int_equal(chk->below_zero, 0);
	assert_int_equal(sav->end[9], 500000);
	assert_int_equal(sav->end[10], 497000);
	assert_int_equal(cchk->end[19], 20000);
	assert_int_equal(cchk->end[20], -10000);
	assert_int_equal(cchk->below_zero, TODAY + 20);
	assert_int_equal(cchk->lowest, -10000);
	/* timeline_balance clamps to the window. */
	assert_int_equal(timeline_balance(&t, k_chk, TODAY - 5), 85000);
	assert_int_equal(timeline_balance(&t, k_chk, TODAY + 500), 73000);
	assert_int_equal(timeline_balance(&t, k_cchk, TODAY + 20), -10000);
	timeline_clear(&t);
	store_free(&s);
}

static void test_overflow(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bank", true);
	struct account a = acct("chk", "Checking", ACCOUNT_CHECKING, usd(INT64_MIN + 10));
	set_accounts(s, c, &a, 1);
	struct bill b = bill("big", usd(100), TODAY + 1, BILL_DUE);
	set_bills(s, c, &b, 1);
	struct timeline t;
	struct err e = ERR_INIT;
	assert_false(timeline_build(s, TODAY, 60, &t, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_int_equal(t.n_accounts, 0);
	assert_int_equal(t.n_entries, 0);
	store_free(&s);
}

static void test_empty(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct timeline t;
	assert_true(timeline_build(s, TODAY, 60, &t, NULL));
	assert_int_equal(t.n_entries, 0);
	assert_int_equal(t.n_accounts, 0);
	timeline_clear(&t);
	timeline_clear(&t); /* twice is fine */
	store_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries_by_day),
		cmocka_unit_test(test_funding_rules),
		cmocka_unit_test(test_funding_fallbacks),
		cmocka_unit_test(test_projection),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
