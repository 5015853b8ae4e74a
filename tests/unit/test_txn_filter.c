/* test_txn_filter.c — the transaction list's filter: parsing what the user
 * typed (amounts in the account's currency, YYYY-MM-DD dates), rejecting bad
 * input without touching the filter, matching, and the header text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "txn_filter.h"

/* 2026-11-20T23:59:59Z and 2026-11-21T00:00:00Z. */
#define LAST_SECOND_OF_20 ((int64_t)1795219199)
#define FIRST_SECOND_OF_21 ((int64_t)1795219200)

static struct transaction txn(int64_t minor, enum txn_status status, int64_t booked_at)
{
	struct transaction t = { 0 };
	t.amount = (struct money){ minor, "USD" };
	t.status = status;
	t.booked_at = booked_at;
	return t;
}

static bool parse(const char *min, const char *max, const char *from, const char *to,
		  struct txn_filter *f, struct err *e)
{
	struct txn_filter_input in = { false, min, max, from, to };
	return txn_filter_parse(&in, "USD", f, e);
}

static void test_clock_constants(void **state)
{
	(void)state;
	int64_t day;
	assert_true(date_parse("2026-11-20", 10, &day, NULL));
	assert_int_equal(date_of_timestamp_utc(LAST_SECOND_OF_20), day);
	assert_int_equal(date_of_timestamp_utc(FIRST_SECOND_OF_21), day + 1);
}

static void test_empty_matches_everything(void **state)
{
	(void)state;
	struct txn_filter f;
	struct err e = ERR_INIT;
	assert_true(parse("", "", "", "", &f, &e));
	assert_false(txn_filter_active(&f));
	struct transaction t = txn(-123, TXN_PENDING, LAST_SECOND_OF_20);
	assert_true(txn_filter_match(&f, &t));
	t = txn(INT64_MIN, TXN_POSTED, 0);
	assert_true(txn_filter_match(&f, &t));
	char buf[TXN_FILTER_DESCRIBE_MAX];
	assert_string_equal(txn_filter_describe(&f, "USD", buf), "");
}

static void test_pending_only(void **state)
{
	(void)state;
	struct txn_filter_input in = { true, "", "", "", "" };
	struct txn_filter f;
	assert_true(txn_filter_parse(&in, "USD", &f, NULL));
	assert_true(txn_filter_active(&f));
	struct transaction p = txn(-100, TXN_PENDING, 0), q = txn(-100, TXN_POSTED, 0);
	assert_true(txn_filter_match(&f, &p));
	assert_false(txn_filter_match(&f, &q));
	char buf[TXN_FILTER_DESCRIBE_MAX];
	assert_string_equal(txn_filter_describe(&f, "USD", buf), "pending");
}

/* The range is on the size of an amount: debits and credits alike, both
 * ends included. */
static void test_amount_range_is_on_the_size(void **state)
{
	(void)state;
	struct txn_filter f;
	assert_true(parse("10", "50.5", "", "", &f, NULL));
	assert_int_equal(f.min, 1000);
	assert_int_equal(f.max, 5050);
	struct transaction t;
	t = txn(-2500, TXN_POSTED, 0);
	assert_true(txn_filter_match(&f, &t));
	t = txn(2500, TXN_POSTED, 0);
	assert_true(txn_filter_match(&f, &t));
	t = txn(-1000, TXN_POSTED, 0);
	assert_true(txn_filter_match(&f, &t));
	t = txn(5050, TXN_POSTED, 0);
	assert_true(txn_filter_match(&f, &t));
	t = txn(-999, TXN_POSTED, 0);
	assert_false(txn_filter_match(&f, &t));
	t = txn(5051, TXN_POSTED, 0);
	assert_false(txn_filter_match(&f, &t));
	t = txn(INT64_MIN, TXN_POSTED, 0);
	assert_false(txn_filter_match(&f, &t));
	char buf[TXN_FILTER_DESCRIBE_MAX];
	assert_string_equal(txn_filter_describe(&f, "USD", buf), "10.00..50.50 USD");
}

static void test_amount_open_bounds(void **state)
{
	(void)state;
	struct txn_filter f;
	char buf[TXN_FILTER_DESCRIBE_MAX];
	assert_true(parse("100", "", "", "", &f, NULL));
	struct transaction big = txn(INT64_MIN, TXN_POSTED, 0), small = txn(-9999, TXN_POSTED, 0);
	assert_true(txn_filter_match(&f, &big));
	assert_false(txn_filter_match(&f, &small));
	assert_string_equal(txn_filter_describe(&f, "USD", buf), ">= 100.00 USD");
	assert_true(parse("", "0.99", "", "", &f, NULL));
	struct transaction cents = txn(99, TXN_POSTED, 0), dollar = txn(-100, TXN_POSTED, 0);
	assert_true(txn_filter_match(&f, &cents));
	assert_false(txn_filter_match(&f, &dollar));
	assert_string_equal(txn_filter_describe(&f, "USD", buf), "<= 0.99 USD");
}

/* Amounts parse in the account's currency: JPY has no decimals. */
static void test_amount_in_account_currency(void **state)
{
	(void)state;
	struct txn_filter_input in = { false, "1500", "", "", "" };
	struct txn_filter f;
	assert_true(txn_filter_parse(&in, "JPY", &f, NULL));
	assert_int_equal(f.min, 1500);
	in.min = "1.5";
	struct err e = ERR_INIT;
	assert_false(txn_filter_parse(&in, "JPY", &f, &e));
	assert_non_null(strstr(e.msg, "amount from"));
}

/* A bad field fails with a message naming it, and the filter is unchanged. */
static void test_bad_input_changes_nothing(void **state)
{
	(void)state;
	struct txn_filter f, before;
	assert_true(parse("10", "20", "2026-11-01", "", &f, NULL));
	before = f;
	static const char *const bad[][5] = {
		{ "abc", "", "", "", "amount from" },
		{ "", "1.234", "", "", "amount to" },
		{ "1,000", "", "", "", "amount from" },
		{ "-5", "", "", "", "without a sign" },
		{ "50", "10", "", "", "more than" },
		{ "", "", "2026-13-01", "", "date from" },
		{ "", "", "", "2026-11-1", "date to" },
		{ "", "", "2026-11-30", "2026-11-01", "after" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e = ERR_INIT;
		if (parse(bad[i][0], bad[i][1], bad[i][2], bad[i][3], &f, &e))
			fail_msg("case %zu parsed", i);
		if (strstr(e.msg, bad[i][4]) == NULL)
			fail_msg("case %zu: '%s' does not say '%s'", i, e.msg, bad[i][4]);
		assert_memory_equal(&f, &before, sizeof f);
	}
}

/* Dates are the booking dates as the list shows them (UTC), inclusive. */
static void test_date_range_inclusive(void **state)
{
	(void)state;
	struct txn_filter f;
	char buf[TXN_FILTER_DESCRIBE_MAX];
	assert_true(parse("", "", "2026-11-20", "2026-11-20", &f, NULL));
	struct transaction last = txn(-1, TXN_POSTED, LAST_SECOND_OF_20);
	struct transaction next = txn(-1, TXN_POSTED, FIRST_SECOND_OF_21);
	struct transaction before = txn(-1, TXN_POSTED, LAST_SECOND_OF_20 - 86400);
	assert_true(txn_filter_match(&f, &last));
	assert_false(txn_filter_match(&f, &next));
	assert_false(txn_filter_match(&f, &before));
	assert_string_equal(txn_filter_describe(&f, "USD", buf), "2026-11-20..2026-11-20");
	assert_true(parse("", "", "2026-11-21", "", &f, NULL));
	assert_true(txn_filter_match(&f, &next));
	assert_false(txn_filter_match(&f, &last));
	assert_string_equal(txn_filter_describe(&f, "USD", buf), "since 2026-11-21");
	assert_true(parse("", "", "", "2026-11-20", &f, NULL));
	assert_true(txn_filter_match(&f, &before));
	assert_false(txn_filter_match(&f, &next));
	assert_string_equal(txn_filter_describe(&f, "USD", buf), "until 2026-11-20");
}

static void test_all_conditions_together(void **state)
{
	(void)state;
	struct txn_filter_input in = { true, "1", "100", "2026-11-01", "2026-11-30" };
	struct txn_filter f;
	assert_true(txn_filter_parse(&in, "USD", &f, NULL));
	struct transaction t = txn(-5000, TXN_PENDING, LAST_SECOND_OF_20);
	assert_true(txn_filter_match(&f, &t));
	t.status = TXN_POSTED;
	assert_false(txn_filter_match(&f, &t));
	t = txn(-10001, TXN_PENDING, LAST_SECOND_OF_20);
	assert_false(txn_filter_match(&f, &t));
	char buf[TXN_FILTER_DESCRIBE_MAX];
	assert_string_equal(txn_filter_describe(&f, "USD", buf),
			    "pending, 1.00..100.00 USD, 2026-11-01..2026-11-30");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_constants),
		cmocka_unit_test(test_empty_matches_everything),
		cmocka_unit_test(test_pending_only),
		cmocka_unit_test(test_amount_range_is_on_the_size),
		cmocka_unit_test(test_amount_open_bounds),
		cmocka_unit_test(test_amount_in_account_currency),
		cmocka_unit_test(test_bad_input_changes_nothing),
		cmocka_unit_test(test_date_range_inclusive),
		cmocka_unit_test(test_all_conditions_together),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
