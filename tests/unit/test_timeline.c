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

#include "test_timeline_sample.h"
#include "timeline.h"
#include "xmalloc.h"

static const struct timeline_account *funder(const struct timeline *t, size_t i)
{
	assert_true(i < t->n_entries);
	assert_true(t->entries[i].funding < t->n_accounts);
	return &t->accounts[t->entries[i].funding];
}

static void test_entries_by_day(void **state)
{
	(void)state;
	struct store *s = sample_store();
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
	struct store *s = sample_store();
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
	struct store *s = sample_store();
	/* A funding source naming nothing known: the first checking account. */
	sample_set_plan(s, store_conn_get(s, "flexpay", false), "Visa \u2022\u20229999", 7,
			sample_usd(2000));
	/* A bill in a currency no checking account holds: nobody pays it. */
	struct bill eb = sample_bill("eur", (struct money){ 1000, "EUR" }, TODAY + 2, BILL_DUE);
	sample_set_bills(s, store_conn_get(s, "flexpay", false), &eb, 1);
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
	struct store *s = sample_store();
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
	struct account a =
		sample_account("chk", "Checking", ACCOUNT_CHECKING, sample_usd(INT64_MIN + 10));
	sample_set_accounts(s, c, &a, 1);
	struct bill b = sample_bill("big", sample_usd(100), TODAY + 1, BILL_DUE);
	sample_set_bills(s, c, &b, 1);
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
