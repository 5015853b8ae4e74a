/* test_payflow.c — the shared core of money-moving flows: request builders
 * and their validation (amounts in the account's currency, dates and the
 * horizon, memo, handles, unknown ids), the review's balance after and
 * warnings, the review text, and the classification of outcomes into
 * customer words and exit codes.  The store is filled from the Bank API
 * fixtures in tests/fixtures/bankapi. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "providers/bankapi.h"
#include "store.h"
#include "sync/payflow.h"
#include "testutil.h"
#include "xmalloc.h"

static int64_t today;

static int64_t day(int y, int m, int d)
{
	int64_t out = 0;
	assert_true(date_make(y, m, d, &out, NULL));
	return out;
}

static char *fixture(const char *name, size_t *len)
{
	char *path = xasprintf("bankapi/%s", name);
	char *data = testutil_fixture(path, len);
	free(path);
	return data;
}

/* Connection "northwind" with the fixtures' accounts, bills, payments,
 * contacts, limits and plans. */
static int setup(void **state)
{
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "northwind", true);
	size_t len = 0;
	char *d;
	struct institution inst = { 0 };
	d = fixture("institution.json", &len);
	assert_true(bankapi_parse_institution(d, len, &inst, NULL));
	inst.caps |= INSTITUTION_CAP_P2P;
	store_set_institution(s, c, &inst);
	free(d);
	struct account_list al = { 0 };
	d = fixture("accounts.json", &len);
	assert_true(bankapi_parse_accounts(d, len, &al, NULL));
	store_set_accounts(s, c, &al);
	free(d);
	struct bill_list bl = { 0 };
	d = fixture("bills.json", &len);
	assert_true(bankapi_parse_bills(d, len, &bl, NULL));
	store_set_bills(s, c, &bl);
	free(d);
	struct payment_list pl = { 0 };
	d = fixture("payments.json", &len);
	assert_true(bankapi_parse_payments(d, len, &pl, NULL));
	store_set_payments(s, c, &pl);
	free(d);
	struct contact_list cl = { 0 };
	d = fixture("contacts.json", &len);
	assert_true(bankapi_parse_contacts(d, len, &cl, NULL));
	store_set_contacts(s, c, &cl);
	free(d);
	struct transfer_limits lim;
	d = fixture("limits.json", &len);
	assert_true(bankapi_parse_transfer_limits(d, len, &lim, NULL));
	store_set_limits(s, c, &lim);
	free(d);
	struct bnpl_plan_list bp = { 0 };
	d = fixture("plans.json", &len);
	assert_true(bankapi_parse_plans(d, len, &bp, NULL));
	store_set_plans(s, c, &bp);
	free(d);
	today = day(2026, 11, 24);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct store *s = *state;
	store_free(&s);
	return 0;
}

static struct payflow_env env_of(void **state)
{
	return (struct payflow_env){ .store = *state, .today = today };
}

static void bill_due_now(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bill_input in = { .bill = "bill_power", .from = "acc_chk" };
	struct payflow_request r;
	struct err e = ERR_INIT;
	assert_true(payflow_build_bill(&env, &in, &r, &e));
	assert_string_equal(r.conn, "northwind");
	assert_string_equal(r.method, "POST");
	assert_string_equal(r.path, "/v1/bills/bill_power/payments");
	assert_non_null(strstr(r.body, "\"112.48\""));
	assert_non_null(strstr(r.body, "acc_chk"));
	assert_null(strstr(r.body, "pay_on"));
	assert_int_equal(r.review.amount.minor, 11248);
	assert_false(r.review.scheduled);
	assert_true(r.review.has_balance);
	assert_int_equal(r.review.balance_before.minor, 2035556);
	assert_int_equal(r.review.balance_after.minor, 2035556 - 11248);
	assert_int_equal(r.review.warnings, 0);
	payflow_request_clear(&r);
}

static void bill_account_by_name(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bill_input in = { .bill = "bill_power", .from = "Savings" };
	struct payflow_request r;
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_string_equal(r.review.account_id, "acc_sav");
	payflow_request_clear(&r);
}

static void bill_minimum(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bill_input in = { .bill = "bill_card",
					 .from = "acc_chk",
					 .amount_kind = PAYFLOW_AMOUNT_MINIMUM };
	struct payflow_request r;
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_int_equal(r.review.amount.minor, 3500);
	assert_true(r.review.warnings & PAYFLOW_WARN_MINIMUM_ONLY);
	payflow_request_clear(&r);

	struct err e = ERR_INIT;
	in.bill = "bill_power"; /* no minimum */
	assert_false(payflow_build_bill(&env, &in, &r, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "minimum"));
}

static void bill_amount_rejected(void **state)
{
	struct payflow_env env = env_of(state);
	static const char *const bad[] = { "12.345", "0", "0.00", "-5.00", "abc", "", "1,000.00",
					   "1e3" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct payflow_bill_input in = { .bill = "bill_power",
						 .from = "acc_chk",
						 .amount_kind = PAYFLOW_AMOUNT_OTHER,
						 .amount = bad[i] };
		struct payflow_request r;
		struct err e = ERR_INIT;
		assert_false(payflow_build_bill(&env, &in, &r, &e));
		assert_int_equal(e.code, ERR_INVALID);
		assert_true(strncmp(e.msg, "amount: ", 8) == 0);
	}
}

static void bill_amount_other(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bill_input in = { .bill = "bill_power",
					 .from = "acc_chk",
					 .amount_kind = PAYFLOW_AMOUNT_OTHER,
					 .amount = "12.5" };
	struct payflow_request r;
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_int_equal(r.review.amount.minor, 1250);
	assert_string_equal(r.review.amount.currency, "USD");
	payflow_request_clear(&r);
}

static void bill_scheduled_after_due(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bill_input in = { .bill = "bill_power",
					 .from = "acc_chk",
					 .has_pay_on = true,
					 .pay_on = day(2026, 11, 30) };
	struct payflow_request r;
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_true(r.review.scheduled);
	assert_true(r.review.warnings & PAYFLOW_WARN_AFTER_DUE);
	assert_non_null(strstr(r.body, "2026-11-30"));
	payflow_request_clear(&r);

	in.pay_on = day(2026, 11, 27); /* before the due date */
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_false(r.review.warnings & PAYFLOW_WARN_AFTER_DUE);
	payflow_request_clear(&r);
}

static void bill_date_range(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bill_input in = { .bill = "bill_power", .from = "acc_chk", .has_pay_on = true };
	struct payflow_request r;
	struct err e = ERR_INIT;
	in.pay_on = today - 1;
	assert_false(payflow_build_bill(&env, &in, &r, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_non_null(strstr(e.msg, "in the past"));
	in.pay_on = today + PAYFLOW_HORIZON_DAYS + 1;
	assert_false(payflow_build_bill(&env, &in, &r, &e));
	assert_non_null(strstr(e.msg, "365 days"));
	in.pay_on = today + PAYFLOW_HORIZON_DAYS;
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	payflow_request_clear(&r);
	in.pay_on = today; /* today: sent now, no pay_on */
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_false(r.review.scheduled);
	assert_null(strstr(r.body, "pay_on"));
	payflow_request_clear(&r);
}

static void bill_unknown_ids(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bill_input in = { .bill = "bill_nope", .from = "acc_chk" };
	struct payflow_request r;
	struct err e = ERR_INIT;
	assert_false(payflow_build_bill(&env, &in, &r, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_true(strncmp(e.msg, "bill: ", 6) == 0);
	in.bill = "bill_power";
	in.from = "acc_\x1b[2Jx";
	assert_false(payflow_build_bill(&env, &in, &r, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_true(strncmp(e.msg, "from: ", 6) == 0);
	assert_null(strchr(e.msg, '\x1b'));
	in.from = NULL;
	assert_false(payflow_build_bill(&env, &in, &r, &e));
	assert_true(strncmp(e.msg, "from: ", 6) == 0);
}

static void bill_balance_warnings(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bill_input in = { .bill = "bill_power",
					 .from = "acc_chk",
					 .amount_kind = PAYFLOW_AMOUNT_OTHER,
					 .amount = "30000.00" };
	struct payflow_request r;
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_true(r.review.warnings & PAYFLOW_WARN_BELOW_ZERO);
	assert_false(r.review.warnings & PAYFLOW_WARN_BELOW_THRESHOLD);
	assert_true(r.review.balance_after.minor < 0);
	payflow_request_clear(&r);

	struct money low = { 2030000, "USD" };
	env.low_balance = &low;
	in.amount = "100.00"; /* 20355.56 - 100 = 20255.56 < 20300 */
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_true(r.review.warnings & PAYFLOW_WARN_BELOW_THRESHOLD);
	assert_false(r.review.warnings & PAYFLOW_WARN_BELOW_ZERO);
	payflow_request_clear(&r);
	in.amount = "10.00";
	assert_true(payflow_build_bill(&env, &in, &r, NULL));
	assert_int_equal(r.review.warnings, PAYFLOW_WARN_MINIMUM_ONLY);
	payflow_request_clear(&r);
}

static void transfer_payee_checks(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_transfer_input in = { .from = "acc_chk", .amount = "20.00" };
	struct payflow_request r;
	in.contact = "ct_alice";
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	assert_string_equal(r.path, "/v1/transfers");
	assert_int_equal(r.review.warnings, 0);
	assert_true(r.review.has_remaining_today);
	assert_int_equal(r.review.remaining_today.minor, 250000);
	payflow_request_clear(&r);

	in.contact = "Bob Jones"; /* by name */
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	assert_true(r.review.warnings & PAYFLOW_WARN_CLOSE_MATCH);
	assert_true(r.review.warnings & PAYFLOW_WARN_NEW_PAYEE);
	assert_true(r.review.warnings & PAYFLOW_WARN_SCA);
	assert_string_equal(r.review.payee_check_name, "Robert Jones");
	payflow_request_clear(&r);

	in.contact = "ct_carol";
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	assert_true(r.review.warnings & PAYFLOW_WARN_NO_MATCH);
	payflow_request_clear(&r);

	in.contact = "ct_dave";
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	assert_true(r.review.warnings & PAYFLOW_WARN_UNCHECKED);
	payflow_request_clear(&r);
}

static void transfer_limits_and_sca(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_transfer_input in = { .contact = "ct_alice", .from = "acc_chk" };
	struct payflow_request r;
	in.amount = "500.01";
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	assert_true(r.review.warnings & PAYFLOW_WARN_SCA);
	assert_false(r.review.warnings & PAYFLOW_WARN_OVER_LIMIT);
	payflow_request_clear(&r);
	in.amount = "500.00";
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	assert_false(r.review.warnings & PAYFLOW_WARN_SCA);
	payflow_request_clear(&r);
	in.amount = "2500.01";
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	assert_true(r.review.warnings & PAYFLOW_WARN_OVER_LIMIT);
	payflow_request_clear(&r);
}

static void transfer_memo(void **state)
{
	struct payflow_env env = env_of(state);
	char memo[PAYFLOW_MEMO_MAX + 2];
	memset(memo, 'm', sizeof(memo) - 1);
	memo[sizeof(memo) - 1] = '\0';
	struct payflow_transfer_input in = {
		.contact = "ct_alice", .from = "acc_chk", .amount = "1.00", .memo = memo
	};
	struct payflow_request r;
	struct err e = ERR_INIT;
	assert_false(payflow_build_transfer(&env, &in, &r, &e));
	assert_true(strncmp(e.msg, "memo: ", 6) == 0);
	memo[PAYFLOW_MEMO_MAX] = '\0'; /* exactly the limit */
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	payflow_request_clear(&r);
	in.memo = "line\nbreak";
	assert_false(payflow_build_transfer(&env, &in, &r, &e));
	assert_true(strncmp(e.msg, "memo: ", 6) == 0);
	in.memo = "dinner";
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	assert_non_null(strstr(r.body, "dinner"));
	assert_string_equal(r.review.memo, "dinner");
	payflow_request_clear(&r);
	in.contact = "nobody";
	assert_false(payflow_build_transfer(&env, &in, &r, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void bnpl_next_and_payoff(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_bnpl_input in = { .plan = "plan_atlas",
					 .from = "acc_chk",
					 .kind = BNPL_PAY_NEXT_INSTALLMENT };
	struct payflow_request r;
	assert_true(payflow_build_bnpl(&env, &in, &r, NULL));
	assert_string_equal(r.path, "/v1/bnpl/plans/plan_atlas/payments");
	assert_non_null(strstr(r.body, "next_installment"));
	assert_int_equal(r.review.amount.minor, 11999);
	assert_false(r.review.has_interest_saved);
	assert_true(r.review.has_balance);
	payflow_request_clear(&r);

	in.kind = BNPL_PAY_PAYOFF;
	assert_true(payflow_build_bnpl(&env, &in, &r, NULL));
	assert_non_null(strstr(r.body, "payoff"));
	assert_int_equal(r.review.amount.minor, 80000);
	assert_true(r.review.has_interest_saved);
	assert_int_equal(r.review.interest_saved.minor, 8998);
	payflow_request_clear(&r);

	in.from = NULL; /* the provider charges its funding source */
	assert_true(payflow_build_bnpl(&env, &in, &r, NULL));
	assert_true(r.review.warnings & PAYFLOW_WARN_BALANCE_UNKNOWN);
	payflow_request_clear(&r);

	struct err e = ERR_INIT;
	in.plan = "plan_none";
	assert_false(payflow_build_bnpl(&env, &in, &r, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void contact_handles(void **state)
{
	struct payflow_env env = env_of(state);
	static const char *const good[] = { "alice@example.com", "+14155550123", "12345678",
					    "+447700900123" };
	static const char *const bad[] = { "12345", "+1234567", "alice", "@example.com",
					   "a@b", "a b@example.com", "+1415555012345678", "" };
	struct payflow_request r;
	struct err e = ERR_INIT;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct payflow_contact_input in = { .name = "Alice Smith", .handle = good[i] };
		assert_true(payflow_build_contact(&env, &in, &r, &e));
		assert_string_equal(r.path, "/v1/contacts");
		assert_int_equal(r.kind, PAYFLOW_CONTACT);
		payflow_request_clear(&r);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct payflow_contact_input in = { .name = "Alice Smith", .handle = bad[i] };
		assert_false(payflow_build_contact(&env, &in, &r, &e));
		assert_true(strncmp(e.msg, "handle: ", 8) == 0);
	}
	struct payflow_contact_input in = { .name = "", .handle = good[0] };
	assert_false(payflow_build_contact(&env, &in, &r, &e));
	assert_true(strncmp(e.msg, "name: ", 6) == 0);
	in.name = "Al\x1b]0;x\x07";
	assert_false(payflow_build_contact(&env, &in, &r, &e));
	in.name = "Alice";
	in.conn = "elsewhere";
	assert_false(payflow_build_contact(&env, &in, &r, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void cancel_scheduled_only(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_request r;
	struct err e = ERR_INIT;
	assert_true(payflow_build_cancel(&env, "pay_autopay1", &r, &e));
	assert_string_equal(r.method, "DELETE");
	assert_string_equal(r.path, "/v1/payments/pay_autopay1");
	assert_null(r.body);
	assert_int_equal(r.review.amount.minor, 5999);
	assert_string_equal(r.review.account_name, "Everyday Checking");
	payflow_request_clear(&r);
	assert_false(payflow_build_cancel(&env, "pay_unknown", &r, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void review_text(void **state)
{
	struct payflow_env env = env_of(state);
	struct payflow_transfer_input in = { .contact = "ct_bob", .from = "acc_chk",
					     .amount = "20.00", .memo = "rent" };
	struct payflow_request r;
	assert_true(payflow_build_transfer(&env, &in, &r, NULL));
	free(r.review.payee);
	r.review.payee = xstrdup("Bob \x1b[2J\xe2\x80\xae Jones"); /* hostile server text */
	char *t = payflow_review_format(&r.review);
	assert_null(strchr(t, '\x1b'));
	assert_null(strstr(t, "\xe2\x80\xae"));
	assert_non_null(strstr(t, "Robert Jones"));
	assert_non_null(strstr(t, "safe account"));
	assert_non_null(strstr(t, "one-time code"));
	assert_non_null(strstr(t, "Memo"));
	assert_non_null(strstr(t, "Warning: "));
	free(t);
	payflow_request_clear(&r);
}

static struct pay_outcome outcome(const char *path, long status, const char *body)
{
	return (struct pay_outcome){ .key = "K",
				     .conn = "northwind",
				     .path = path,
				     .method = "POST",
				     .status = status,
				     .body = body,
				     .body_len = body != NULL ? strlen(body) : 0 };
}

static void classify_done(void **state)
{
	(void)state;
	size_t len = 0;
	char *body = fixture("payment.json", &len);
	struct pay_outcome o = outcome("/v1/bills/bill_power/payments", 201, body);
	struct payflow_outcome out;
	payflow_classify(&o, &out);
	assert_int_equal(out.result, PAYFLOW_DONE);
	assert_int_equal(out.kind, PAYFLOW_BILL);
	assert_string_equal(out.confirmation, "NW-SUZ4-XK9H");
	assert_string_equal(out.id, "pay_000003");
	assert_string_equal(out.state, "sent");
	assert_int_equal(payflow_exit_code(out.result), 0);
	free(body);

	body = fixture("transfer.json", &len);
	o = outcome("/v1/transfers", 201, body);
	payflow_classify(&o, &out);
	assert_int_equal(out.kind, PAYFLOW_TRANSFER);
	assert_string_equal(out.id, "tr_000004");
	assert_string_equal(out.state, "completed");
	free(body);

	body = fixture("plan_payment.json", &len);
	o = outcome("/v1/bnpl/plans/plan_lumen/payments", 201, body);
	payflow_classify(&o, &out);
	assert_int_equal(out.kind, PAYFLOW_BNPL);
	assert_int_equal(out.amount.minor, 6000);
	free(body);
}

static void classify_refused(void **state)
{
	(void)state;
	size_t len = 0;
	char *body = fixture("problem.json", &len);
	struct pay_outcome o = outcome("/v1/transfers", 422, body);
	struct payflow_outcome out;
	payflow_classify(&o, &out);
	assert_int_equal(out.result, PAYFLOW_REFUSED);
	assert_int_equal(out.problem, PROBLEM_INSUFFICIENT_FUNDS);
	assert_non_null(strstr(out.message, "Insufficient funds"));
	assert_non_null(strstr(out.message, "NOT made"));
	assert_int_equal(payflow_exit_code(out.result), 1);
	free(body);

	o = outcome("/v1/transfers", 401, "{}");
	payflow_classify(&o, &out);
	assert_int_equal(out.result, PAYFLOW_AUTH);
	assert_int_equal(payflow_exit_code(out.result), 3);
}

static void classify_no_answer(void **state)
{
	(void)state;
	struct pay_outcome o = outcome("/v1/transfers", 0, NULL);
	struct payflow_outcome out;
	err_set(&o.err, ERR_NET, "could not connect to 127.0.0.1 (connection refused)");
	payflow_classify(&o, &out);
	assert_int_equal(out.result, PAYFLOW_NETWORK);
	assert_non_null(strstr(out.message, "NOT made"));
	assert_int_equal(payflow_exit_code(out.result), 4);

	err_set(&o.err, ERR_SERVER, "status 503 after 6 attempts");
	payflow_classify(&o, &out);
	assert_int_equal(out.result, PAYFLOW_NETWORK);

	o.pending = true;
	err_set(&o.err, ERR_NET, "connection lost");
	payflow_classify(&o, &out);
	assert_int_equal(out.result, PAYFLOW_UNKNOWN);
	assert_non_null(strstr(out.message, "check again"));
	assert_int_equal(payflow_exit_code(out.result), 5);

	o.pending = false;
	err_set(&o.err, ERR_AUTH, "northwind refused the saved refresh token; link it again");
	payflow_classify(&o, &out);
	assert_int_equal(out.result, PAYFLOW_AUTH);
	assert_int_equal(payflow_exit_code(out.result), 3);

	err_set(&o.err, ERR_CANCELLED, "no code");
	payflow_classify(&o, &out);
	assert_int_equal(out.result, PAYFLOW_CANCELLED);
	assert_int_equal(payflow_exit_code(out.result), 1);
}

static void classify_contact_and_cancel(void **state)
{
	(void)state;
	const char *body =
		"{\"id\":\"ct_000006\",\"name\":\"Bob Jones\",\"handle\":\"+14155550123\","
		"\"handle_type\":\"phone\",\"payee_check\":{\"result\":\"close_match\","
		"\"name\":\"Robert Jones\"},\"created_at\":\"2026-11-23T10:42:00Z\","
		"\"first_transfer_at\":null}";
	struct pay_outcome o = outcome("/v1/contacts", 201, body);
	o.key = "";
	struct payflow_outcome out;
	payflow_classify(&o, &out);
	assert_int_equal(out.kind, PAYFLOW_CONTACT);
	assert_int_equal(out.result, PAYFLOW_DONE);
	assert_true(out.has_payee_check);
	assert_int_equal(out.payee_check, PAYEE_CHECK_CLOSE_MATCH);
	assert_string_equal(out.payee_check_name, "Robert Jones");

	const char *prob = "{\"type\":\"https://bankterm.dev/problems/already-sent\","
			   "\"title\":\"Already sent\",\"status\":409,\"detail\":\"sent\"}";
	o = outcome("/v1/payments/pay_1", 409, prob);
	o.method = "DELETE";
	payflow_classify(&o, &out);
	assert_int_equal(out.kind, PAYFLOW_CANCEL);
	assert_int_equal(out.result, PAYFLOW_REFUSED);
	assert_int_equal(out.problem, PROBLEM_ALREADY_SENT);
	assert_non_null(strstr(out.message, "Nothing was changed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(bill_due_now, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_account_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_minimum, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_amount_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_amount_other, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_scheduled_after_due, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_date_range, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_unknown_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_balance_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(transfer_payee_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(transfer_limits_and_sca, setup, teardown),
		cmocka_unit_test_setup_teardown(transfer_memo, setup, teardown),
		cmocka_unit_test_setup_teardown(bnpl_next_and_payoff, setup, teardown),
		cmocka_unit_test_setup_teardown(contact_handles, setup, teardown),
		cmocka_unit_test_setup_teardown(cancel_scheduled_only, setup, teardown),
		cmocka_unit_test_setup_teardown(review_text, setup, teardown),
		cmocka_unit_test(classify_done),
		cmocka_unit_test(classify_refused),
		cmocka_unit_test(classify_no_answer),
		cmocka_unit_test(classify_contact_and_cancel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
