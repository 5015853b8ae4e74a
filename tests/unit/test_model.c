/* test_model.c — enum names and their tables agree, and clear/free release
 * everything (ASan and valgrind catch a leak) and leave structs empty. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model.h"
#include "xmalloc.h"

static size_t table_len(const char *const *names)
{
	size_t n = 0;
	while (names[n] != NULL)
		n++;
	return n;
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(account_type_name(ACCOUNT_CREDIT_CARD), "credit_card");
	assert_string_equal(account_type_name(ACCOUNT_OTHER), "other");
	assert_string_equal(account_type_name((enum account_type)99), "?");
	assert_string_equal(txn_status_name(TXN_PENDING), "pending");
	assert_string_equal(bill_status_name(BILL_OVERDUE), "overdue");
	assert_string_equal(payment_status_name(PAYMENT_CANCELLED), "cancelled");
	assert_string_equal(handle_type_name(HANDLE_ACCOUNT), "account");
	assert_string_equal(payee_check_result_name(PAYEE_CHECK_CLOSE_MATCH), "close_match");
	assert_string_equal(transfer_status_name(TRANSFER_FAILED), "failed");
	assert_string_equal(installment_status_name(INSTALLMENT_UPCOMING), "upcoming");
	assert_string_equal(bnpl_status_name(BNPL_PAID_OFF), "paid_off");
	assert_string_equal(bnpl_payment_kind_name(BNPL_PAY_NEXT_INSTALLMENT), "next_installment");
	assert_string_equal(problem_type_slug(PROBLEM_UNAVAILABLE), "unavailable");
	assert_string_equal(problem_type_slug(PROBLEM_SCA_FAILED), "sca-failed");
	assert_string_equal(oauth_error_code_name(OAUTH_ERR_UNSUPPORTED_GRANT_TYPE),
			    "unsupported_grant_type");
	/* Every enumerator has a name: the last one of each enum is the table's last. */
	assert_int_equal(table_len(account_type_names), ACCOUNT_OTHER + 1);
	assert_int_equal(table_len(txn_status_names), TXN_PENDING + 1);
	assert_int_equal(table_len(bill_status_names), BILL_OVERDUE + 1);
	assert_int_equal(table_len(payment_status_names), PAYMENT_CANCELLED + 1);
	assert_int_equal(table_len(handle_type_names), HANDLE_ACCOUNT + 1);
	assert_int_equal(table_len(payee_check_result_names), PAYEE_CHECK_UNAVAILABLE + 1);
	assert_int_equal(table_len(transfer_status_names), TRANSFER_FAILED + 1);
	assert_int_equal(table_len(installment_status_names), INSTALLMENT_UPCOMING + 1);
	assert_int_equal(table_len(bnpl_status_names), BNPL_DELINQUENT + 1);
	assert_int_equal(table_len(bnpl_payment_kind_names), BNPL_PAY_AMOUNT + 1);
	assert_int_equal(table_len(problem_type_slugs), PROBLEM_UNAVAILABLE + 1);
	assert_int_equal(table_len(oauth_error_code_names), OAUTH_ERR_UNSUPPORTED_GRANT_TYPE + 1);
	assert_int_equal(1u << (table_len(institution_cap_names) - 1), INSTITUTION_CAP_BNPL);
}

static void test_clear_and_free(void **state)
{
	(void)state;
	struct transaction_list tl = { 0 };
	tl.n = 2;
	tl.items = xcalloc(2, sizeof *tl.items);
	tl.items[0].id = xstrdup("tx_1");
	tl.items[0].merchant = xstrdup("Green Grocer");
	tl.items[1].id = xstrdup("tx_2");
	tl.items[1].replaces = xstrdup("tx_p_1");
	tl.next_cursor = xstrdup("abc");
	transaction_list_free(&tl);
	assert_null(tl.items);
	assert_null(tl.next_cursor);
	assert_int_equal(tl.n, 0);
	transaction_list_free(&tl);

	struct bnpl_plan_list pl = { 0 };
	pl.n = 1;
	pl.items = xcalloc(1, sizeof *pl.items);
	pl.items[0].id = xstrdup("plan");
	pl.items[0].late_fee_policy.text = xstrdup("7.00 USD");
	pl.items[0].installments = xcalloc(4, sizeof *pl.items[0].installments);
	pl.items[0].n_installments = 4;
	bnpl_plan_list_free(&pl);
	assert_null(pl.items);

	struct oauth_token t = { 0 };
	t.access_token = xstrdup("secret");
	t.refresh_token = xstrdup("secret2");
	t.token_type = xstrdup("Bearer");
	oauth_token_clear(&t);
	assert_null(t.access_token);
	assert_null(t.refresh_token);

	struct contact c = { 0 };
	c.id = xstrdup("ct");
	c.payee_check.name = xstrdup("Robert Jones");
	contact_clear(&c);
	assert_null(c.payee_check.name);

	struct problem p = { 0 };
	p.detail = xstrdup("d");
	p.challenge_id = xstrdup("ch");
	problem_clear(&p);
	assert_null(p.detail);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_clear_and_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
