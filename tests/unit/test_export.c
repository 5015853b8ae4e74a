/* test_export.c — journals from a small hand-built store: the exact hledger
 * and beancount text (opening balance, stable ids, closing assertion),
 * pending transactions left out, hostile text neutralised, CSV quoting,
 * --since, account selection and an unknown account. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "export.h"
#include "store.h"
#include "xmalloc.h"

static struct money usd(int64_t minor)
{
	return (struct money){ minor, "USD" };
}

static struct transaction txn(const char *id, enum txn_status st, int64_t day, int64_t minor,
			      const char *desc)
{
	return (struct transaction){ .id = xstrdup(id), .status = st,
				     .booked_at = day * 86400 + 3600, .amount = usd(minor),
				     .description = xstrdup(desc) };
}

static struct store *make_store(void)
{
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "nw", true);
	struct account_list al = { xcalloc(1, sizeof(struct account)), 1 };
	al.items[0] = (struct account){ .id = xstrdup("acc_chk"), .name = xstrdup("Checking"),
					.type = ACCOUNT_CHECKING, .currency = "USD",
					.balance = usd(100000) };
	store_set_accounts(s, c, &al);
	struct transaction_list tl = { xcalloc(3, sizeof(struct transaction)), 3, NULL };
	/* 20000 = 2024-10-04 */
	tl.items[0] = txn("t1", TXN_POSTED, 20000, -2500, "Coffee; \x1b[2Jshop");
	tl.items[1] = txn("t2", TXN_POSTED, 20001, 50000, "Pay \"day\", yes");
	tl.items[2] = txn("p1", TXN_PENDING, 20002, -100, "pending");
	struct err e = ERR_INIT;
	assert_true(store_merge_transactions(s, c, "acc_chk", &tl, &e));
	return s;
}

static char *run(const struct store *s, struct export_options *o)
{
	struct buf b = BUF_INIT;
	struct err e = ERR_INIT;
	o->today = 20010;
	assert_true(export_write(s, o, &b, &e));
	return buf_steal(&b);
}

static void test_hledger(void **state)
{
	(void)state;
	struct store *s = make_store();
	struct export_options o = { .format = EXPORT_HLEDGER };
	char *out = run(s, &o);
	const char *want = "; bankterm export (hledger)\n\n"
			   "2024-10-03 * Opening balance\n"
			   "    ; bankterm-id: nw/acc_chk/opening\n"
			   "    Assets:Nw:Acc-chk  525.00 USD\n"
			   "    Equity:Opening-Balances\n\n"
			   "2024-10-04 * Coffee, \\x1b[2Jshop\n"
			   "    ; bankterm-id: nw/acc_chk/t1\n"
			   "    Assets:Nw:Acc-chk  -25.00 USD\n"
			   "    Expenses:Uncategorized\n\n"
			   "2024-10-05 * Pay \"day\", yes\n"
			   "    ; bankterm-id: nw/acc_chk/t2\n"
			   "    Assets:Nw:Acc-chk  500.00 USD\n"
			   "    Income:Uncategorized\n\n"
			   "2024-10-15 Balance check\n"
			   "    ; bankterm-id: nw/acc_chk/balance\n"
			   "    Assets:Nw:Acc-chk  0.00 USD = 1000.00 USD\n\n";
	assert_string_equal(out, want);
	char *again = run(s, &o);
	assert_string_equal(out, again);
	free(again);
	free(out);
	store_free(&s);
}

static void test_beancount(void **state)
{
	(void)state;
	struct store *s = make_store();
	struct export_options o = { .format = EXPORT_BEANCOUNT };
	char *out = run(s, &o);
	assert_non_null(strstr(out, "2024-10-03 open Assets:Nw:Acc-chk USD\n"));
	assert_non_null(strstr(out, "2024-10-05 * \"Pay \\\"day\\\", yes\"\n"
				    "  bankterm-id: \"nw/acc_chk/t2\"\n"));
	assert_non_null(strstr(out, "2024-10-15 balance Assets:Nw:Acc-chk  1000.00 USD\n"));
	assert_null(strstr(out, "pending"));
	assert_null(strchr(out, '\x1b'));
	free(out);
	store_free(&s);
}

static void test_csv_and_since(void **state)
{
	(void)state;
	struct store *s = make_store();
	const char *const accts[] = { "nw/acc_chk" };
	struct export_options o = { .format = EXPORT_CSV, .has_since = true, .since = 20001,
				    .accounts = accts, .n_accounts = 1 };
	char *out = run(s, &o);
	assert_string_equal(out, "date,id,connection,account,amount,currency,description,"
				 "merchant,category,counterparty\r\n"
				 "2024-10-05,nw/acc_chk/t2,nw,acc_chk,500.00,USD,"
				 "\"Pay \"\"day\"\", yes\",,,\r\n");
	free(out);
	store_free(&s);
}

static void test_unknown_account(void **state)
{
	(void)state;
	struct store *s = make_store();
	const char *const accts[] = { "other/acc_chk" };
	struct export_options o = { .format = EXPORT_LEDGER, .accounts = accts, .n_accounts = 1 };
	struct buf b = BUF_INIT;
	struct err e = ERR_INIT;
	assert_false(export_write(s, &o, &b, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_non_null(strstr(e.msg, "other/acc_chk"));
	buf_free(&b);
	store_free(&s);
}

/* Bookings on the first and last day of the calendar: the opening balance and
 * the closing assertion share their day instead of failing the export. */
static void test_calendar_ends(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "nw", true);
	struct account_list al = { xcalloc(1, sizeof(struct account)), 1 };
	al.items[0] = (struct account){ .id = xstrdup("acc_chk"), .name = xstrdup("Checking"),
					.type = ACCOUNT_CHECKING, .currency = "USD",
					.balance = usd(-3) };
	store_set_accounts(s, c, &al);
	struct transaction_list tl = { xcalloc(2, sizeof(struct transaction)), 2, NULL };
	tl.items[0] = txn("t1", TXN_POSTED, DATE_MIN, -1, "year 1");
	tl.items[1] = txn("t2", TXN_POSTED, DATE_MAX, -2, "year 9999");
	struct err e = ERR_INIT;
	assert_true(store_merge_transactions(s, c, "acc_chk", &tl, &e));
	struct export_options o = { .format = EXPORT_LEDGER };
	char *out = run(s, &o);
	assert_non_null(strstr(out, "0001-01-01 * Opening balance\n"));
	assert_non_null(strstr(out, "9999-12-31 * year 9999\n"));
	assert_non_null(strstr(out, "9999-12-31 Balance check"));
	free(out);
	store_free(&s);
}

static void test_format_parse_and_csv_field(void **state)
{
	(void)state;
	enum export_format f;
	assert_true(export_format_parse("beancount", &f));
	assert_int_equal(f, EXPORT_BEANCOUNT);
	assert_false(export_format_parse("qif", &f));
	struct buf b = BUF_INIT;
	export_csv_field(&b, "a\r\nb", 4);
	export_csv_field(&b, "plain\x1b", 6);
	assert_string_equal(b.data, "\"a\r\nb\"plain\x1b");
	buf_free(&b);
	assert_true(export_account_match("acc", "nw", "acc"));
	assert_true(export_account_match("nw/acc", "nw", "acc"));
	assert_false(export_account_match("n/acc", "nw", "acc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hledger),
		cmocka_unit_test(test_beancount),
		cmocka_unit_test(test_csv_and_since),
		cmocka_unit_test(test_unknown_account),
		cmocka_unit_test(test_format_parse_and_csv_field),
		cmocka_unit_test(test_calendar_ends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
