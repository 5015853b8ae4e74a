/* test_bankapi.c — Bank API parsers against the real sandbox fixtures
 * (tests/fixtures/bankapi), hostile and broken variants of them (made here
 * with jansson or read from tests/fixtures/bankapi-edge), and the request
 * body builders parsed back. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "date.h"
#include "fsutil.h"
#include "providers/bankapi.h"
#include "xmalloc.h"

static json_t *fixture_json(const char *name)
{
	size_t len;
	char *data = testutil_fixture(name, &len);
	json_t *j = json_loadb(data, len, 0, NULL);
	assert_non_null(j);
	free(data);
	return j;
}

static char *dump(const json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_ALLOW_NUL | JSON_ENCODE_ANY);
	assert_non_null(s);
	return s;
}

/* The fixture with list[i].key (or the top-level key when list is NULL)
 * replaced by v (taking the reference), or removed when v is NULL. */
static char *fixture_with(const char *name, const char *list, size_t i, const char *key,
			  json_t *v)
{
	json_t *j = fixture_json(name);
	json_t *obj = list != NULL ? json_array_get(json_object_get(j, list), i) : j;
	assert_non_null(obj);
	if (v == NULL)
		assert_int_equal(json_object_del(obj, key), 0);
	else
		json_object_set_new(obj, key, v);
	char *body = dump(j);
	json_decref(j);
	return body;
}

static void assert_money(struct money m, int64_t minor, const char *cur)
{
	assert_int_equal(m.minor, minor);
	assert_string_equal(m.currency, cur);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

static int64_t ts(const char *s)
{
	int64_t t;
	assert_true(date_parse_timestamp(s, strlen(s), &t, NULL));
	return t;
}

static int64_t day(const char *s)
{
	int64_t d;
	assert_true(date_parse(s, strlen(s), &d, NULL));
	return d;
}

/* Parses an accounts body and returns the error message (or "" on success). */
static const char *accounts_err(const char *body, struct err *e)
{
	struct account_list l = { 0 };
	err_clear(e);
	bool ok = bankapi_parse_accounts(body, strlen(body), &l, e);
	assert_true(ok == (e->code == ERR_OK));
	if (ok)
		assert_true(l.n > 0);
	else
		assert_null(l.items);
	account_list_free(&l);
	return e->msg;
}

static void test_accounts(void **state)
{
	(void)state;
	size_t len;
	char *data = testutil_fixture("bankapi/accounts.json", &len);
	struct account_list l = { 0 };
	struct err e = ERR_INIT;
	assert_true(bankapi_parse_accounts(data, len, &l, &e));
	assert_int_equal(l.n, 3);
	struct account *a = &l.items[0];
	assert_string_equal(a->id, "acc_chk");
	assert_string_equal(a->name, "Everyday Checking");
	assert_int_equal(a->type, ACCOUNT_CHECKING);
	assert_string_equal(a->currency, "USD");
	assert_money(a->balance, 2040345, "USD");
	assert_true(a->has_available_balance);
	assert_money(a->available_balance, 2035556, "USD");
	assert_false(a->has_credit_limit);
	assert_int_equal(a->updated_at, ts("2026-11-23T09:00:00Z"));
	a = &l.items[2];
	assert_int_equal(a->type, ACCOUNT_CREDIT_CARD);
	assert_money(a->balance, -67763, "USD");
	assert_true(a->has_credit_limit);
	assert_money(a->credit_limit, 500000, "USD");
	account_list_free(&l);
	assert_null(l.items);
	account_list_free(&l); /* twice is harmless */
	free(data);
}

/* Every required member of accounts[0], removed in turn, is named. */
static void test_accounts_missing(void **state)
{
	(void)state;
	static const char *const required[] = { "id",	    "name",    "type",
						"currency", "balance", "updated_at" };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		char *body =
			fixture_with("bankapi/accounts.json", "accounts", 0, required[i], NULL);
		struct err e = ERR_INIT;
		char want[64];
		snprintf(want, sizeof want, "accounts[0].%s: missing", required[i]);
		assert_contains(accounts_err(body, &e), want);
		assert_int_equal(e.code, ERR_PROTOCOL);
		free(body);
	}
	/* Nullable members may be null or left out. */
	json_t *j = fixture_json("bankapi/accounts.json");
	json_object_del(json_array_get(json_object_get(j, "accounts"), 2), "credit_limit");
	json_object_set_new(json_array_get(json_object_get(j, "accounts"), 0),
			    "available_balance", json_null());
	char *body = dump(j);
	struct err e = ERR_INIT;
	assert_string_equal(accounts_err(body, &e), "");
	free(body);
	json_decref(j);
}

/* Sets accounts[0].KEY to v (taking the reference) and returns the error. */
static void account_with(const char *key, json_t *v, const char *want)
{
	char *body = fixture_with("bankapi/accounts.json", "accounts", 0, key, v);
	struct err e = ERR_INIT;
	assert_contains(accounts_err(body, &e), want);
	free(body);
}

static void test_accounts_bad_values(void **state)
{
	(void)state;
	account_with("id", json_integer(5), "accounts[0].id: expected a string, got an integer");
	account_with("id", json_string("acc/../x"), "accounts[0].id: an id must be");
	account_with("id", json_string(""), "accounts[0].id: an id must be");
	account_with("type", json_string("brokerage"),
		     "accounts[0].type: \"brokerage\" is not one of checking, savings");
	account_with("balance", json_string("12.00"), "accounts[0].balance: expected a money");
	account_with("balance", json_pack("{s:f, s:s}", "amount", 12.0, "currency", "USD"),
		     "accounts[0].balance.amount: expected a string, got a fractional number");
	account_with("balance", json_pack("{s:s, s:s}", "amount", "12.345", "currency", "USD"),
		     "accounts[0].balance.amount: \"12.345\" has 3 decimals");
	account_with("balance",
		     json_pack("{s:s, s:s}", "amount", "123456789012345678901234567890",
			       "currency", "USD"),
		     "accounts[0].balance.amount: \"12345");
	account_with("balance", json_pack("{s:s, s:s}", "amount", "1e3", "currency", "USD"),
		     "accounts[0].balance.amount");
	account_with("available_balance",
		     json_pack("{s:s, s:s}", "amount", "1.00", "currency", "EUR"),
		     "accounts[0].available_balance.currency: EUR differs from the currency USD");
	account_with("currency", json_string("usd"), "accounts[0].currency");
	account_with("updated_at", json_string("2026-11-23 09:00:00"), "accounts[0].updated_at");
	account_with("name", json_stringn("Every\0day", 9),
		     "accounts[0].name: contains a NUL character at byte 5");
	char *big = xmalloc(MODEL_TEXT_MAX + 2);
	memset(big, 'x', MODEL_TEXT_MAX + 1);
	big[MODEL_TEXT_MAX + 1] = '\0';
	account_with("name", json_string(big), "accounts[0].name: 4097 bytes is longer");
	big[MODEL_TEXT_MAX] = '\0';
	char *body = fixture_with("bankapi/accounts.json", "accounts", 0, "name", json_string(big));
	struct account_list l = { 0 };
	assert_true(bankapi_parse_accounts(body, strlen(body), &l, NULL));
	assert_int_equal(strlen(l.items[0].name), MODEL_TEXT_MAX);
	account_list_free(&l);
	free(body);
	free(big);
}

static void test_accounts_broken_documents(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_contains(accounts_err("", &e), "is not valid JSON");
	assert_contains(accounts_err("[1]", &e), "expected a JSON object, got an array");
	assert_contains(accounts_err("{\"accounts\": {}}", &e),
			"accounts: expected an array, got an object");
	assert_contains(accounts_err("{\"accounts\": [], \"accounts\": []}", &e),
			"duplicate object key");
	assert_contains(accounts_err("{\"accounts\": [17]}", &e),
			"accounts[0]: expected an object, got an integer");
	assert_contains(accounts_err("{\"accounts\": [{\"id\": \"a\"", &e), "not valid JSON");
	/* Duplicate ids are rejected, naming both. */
	char *body = fixture_with("bankapi/accounts.json", "accounts", 2, "id",
				  json_string("acc_chk"));
	assert_contains(accounts_err(body, &e),
			"accounts[2].id: \"acc_chk\" repeats accounts[0].id");
	free(body);
	/* An empty list is fine. */
	struct account_list l = { 0 };
	assert_true(bankapi_parse_accounts("{\"accounts\": []}", 16, &l, &e));
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

static void test_transactions(void **state)
{
	(void)state;
	size_t len;
	char *data = testutil_fixture("bankapi/transactions_page.json", &len);
	struct transaction_list l = { 0 };
	struct err e = ERR_INIT;
	assert_true(bankapi_parse_transactions(data, len, "USD", &l, &e));
	assert_true(l.n >= 10);
	struct transaction *t = &l.items[0];
	assert_string_equal(t->id, "tx_00000979");
	assert_int_equal(t->status, TXN_POSTED);
	assert_null(t->replaces);
	assert_int_equal(t->booked_at, ts("2026-11-22T12:00:00Z"));
	assert_money(t->amount, -71076, "USD");
	assert_string_equal(t->description, "NORTHWIND VISA PAYMENT");
	assert_null(t->merchant);
	assert_string_equal(t->category, "transfer");
	assert_string_equal(t->counterparty, "Northwind Visa");
	assert_int_equal(l.items[1].status, TXN_PENDING);
	assert_string_equal(l.items[1].merchant, "Blue Bottle Coffee");
	assert_string_equal(l.next_cursor, "MTc5Mzc5MDYwNTp0eF8wMDAwMDk1Nw");
	transaction_list_free(&l);
	/* The page must be in the account's currency. */
	assert_false(bankapi_parse_transactions(data, len, "EUR", &l, &e));
	assert_contains(e.msg,
			"transactions[0].amount.currency: USD differs from the currency EUR");
	assert_null(l.items);
	free(data);
}

static void test_transactions_edge(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	size_t len;
	char *data = testutil_fixture("bankapi-edge/transactions_hostile.json", &len);
	struct transaction_list l = { 0 };
	assert_true(bankapi_parse_transactions(data, len, "USD", &l, &e));
	assert_int_equal(l.n, 3);
	/* Kept raw: escapes, bidi override and zero-width space exactly as sent. */
	assert_string_equal(l.items[0].description, "\x1b]0;pwned\x07\x1b[2J CLEAR");
	assert_string_equal(l.items[1].merchant, "\xe2\x80\xae" "evil" "\xe2\x80\x8b");
	assert_string_equal(l.items[2].replaces, "tx_p_1");
	assert_null(l.next_cursor);
	transaction_list_free(&l);
	free(data);

	data = testutil_fixture("bankapi-edge/transactions_nul.json", &len);
	assert_false(bankapi_parse_transactions(data, len, "USD", &l, &e));
	assert_contains(e.msg, "transactions[0].description: contains a NUL character");
	free(data);

	data = testutil_fixture("bankapi-edge/transactions_bad_cursor.json", &len);
	assert_false(bankapi_parse_transactions(data, len, "USD", &l, &e));
	assert_contains(e.msg, "next_cursor");
	free(data);

	/* A page larger than the contract's limit is refused before any item is read. */
	json_t *page = json_object();
	json_t *arr = json_array();
	for (int i = 0; i < BANKAPI_PAGE_MAX + 1; i++)
		json_array_append_new(arr, json_integer(i));
	json_object_set_new(page, "transactions", arr);
	json_object_set_new(page, "next_cursor", json_null());
	char *body = dump(page);
	assert_false(bankapi_parse_transactions(body, strlen(body), NULL, &l, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_contains(e.msg, "transactions: 5001 items is more than the 5000 accepted");
	free(body);
	json_decref(page);

	/* Missing required members of a transaction. */
	static const char *const required[] = { "id", "status", "booked_at", "amount",
						"description" };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		body = fixture_with("bankapi/transactions_page.json", "transactions", 3,
				    required[i], NULL);
		char want[64];
		snprintf(want, sizeof want, "transactions[3].%s: missing", required[i]);
		assert_false(bankapi_parse_transactions(body, strlen(body), NULL, &l, &e));
		assert_contains(e.msg, want);
		free(body);
	}
}

static void test_bills_payments(void **state)
{
	(void)state;
	size_t len;
	struct err e = ERR_INIT;
	char *data = testutil_fixture("bankapi/bills.json", &len);
	struct bill_list bl = { 0 };
	assert_true(bankapi_parse_bills(data, len, &bl, &e));
	assert_int_equal(bl.n, 7);
	assert_string_equal(bl.items[0].id, "bill_power");
	assert_string_equal(bl.items[0].payee, "City Power & Light");
	assert_money(bl.items[0].amount_due, 11248, "USD");
	assert_false(bl.items[0].has_minimum_due);
	assert_int_equal(bl.items[0].due_date, day("2026-11-28"));
	assert_int_equal(bl.items[1].status, BILL_OVERDUE);
	assert_true(bl.items[2].autopay);
	assert_int_equal(bl.items[2].status, BILL_SCHEDULED);
	assert_true(bl.items[3].has_minimum_due);
	assert_money(bl.items[3].minimum_due, 3500, "USD");
	assert_string_equal(bl.items[3].reference, "VISA \xe2\x80\xa2\xe2\x80\xa2" "7715");
	bill_list_free(&bl);
	free(data);

	data = testutil_fixture("bankapi/payments.json", &len);
	struct payment_list pl = { 0 };
	assert_true(bankapi_parse_payments(data, len, &pl, &e));
	assert_int_equal(pl.n, 1);
	assert_string_equal(pl.items[0].id, "pay_autopay1");
	assert_string_equal(pl.items[0].bill_id, "bill_internet");
	assert_int_equal(pl.items[0].status, PAYMENT_SCHEDULED);
	assert_int_equal(pl.items[0].pay_on, day("2026-12-05"));
	assert_string_equal(pl.items[0].confirmation, "NW-AUTO-5999");
	payment_list_free(&pl);
	free(data);

	data = testutil_fixture("bankapi/payment.json", &len);
	struct payment p = { 0 };
	assert_true(bankapi_parse_payment(data, len, &p, &e));
	assert_string_equal(p.from_account, "acc_chk");
	assert_money(p.amount, 1000, "USD");
	assert_int_equal(p.status, PAYMENT_SENT);
	assert_int_equal(p.created_at, ts("2026-11-23T10:42:00Z"));
	payment_clear(&p);
	free(data);

	/* minimum_due in another currency than amount_due. */
	char *body = fixture_with("bankapi/bills.json", "bills", 3, "minimum_due",
				  json_pack("{s:s, s:s}", "amount", "35", "currency", "JPY"));
	assert_false(bankapi_parse_bills(body, strlen(body), &bl, &e));
	assert_contains(e.msg, "bills[3].minimum_due.currency: JPY differs");
	free(body);
	body = fixture_with("bankapi/bills.json", "bills", 0, "autopay", json_string("false"));
	assert_false(bankapi_parse_bills(body, strlen(body), &bl, &e));
	assert_contains(e.msg, "bills[0].autopay: expected true or false, got a string");
	free(body);
}

static void test_contacts_transfers(void **state)
{
	(void)state;
	size_t len;
	struct err e = ERR_INIT;
	char *data = testutil_fixture("bankapi/contacts.json", &len);
	struct contact_list cl = { 0 };
	assert_true(bankapi_parse_contacts(data, len, &cl, &e));
	assert_int_equal(cl.n, 5);
	assert_string_equal(cl.items[0].handle, "alice@example.com");
	assert_int_equal(cl.items[0].handle_type, HANDLE_EMAIL);
	assert_int_equal(cl.items[0].payee_check.result, PAYEE_CHECK_MATCH);
	assert_string_equal(cl.items[0].payee_check.name, "Alice Smith");
	assert_true(cl.items[0].has_first_transfer_at);
	assert_int_equal(cl.items[0].first_transfer_at, ts("2026-05-08T09:00:00Z"));
	assert_int_equal(cl.items[1].handle_type, HANDLE_PHONE);
	assert_int_equal(cl.items[1].payee_check.result, PAYEE_CHECK_CLOSE_MATCH);
	assert_string_equal(cl.items[1].payee_check.name, "Robert Jones");
	assert_false(cl.items[1].has_first_transfer_at);
	assert_int_equal(cl.items[2].payee_check.result, PAYEE_CHECK_NO_MATCH);
	assert_null(cl.items[2].payee_check.name);
	assert_int_equal(cl.items[3].payee_check.result, PAYEE_CHECK_UNAVAILABLE);
	contact_list_free(&cl);
	free(data);

	json_t *j = fixture_json("bankapi/contacts.json");
	json_object_del(json_object_get(json_array_get(json_object_get(j, "contacts"), 1),
					"payee_check"),
			"result");
	char *body = dump(j);
	assert_false(bankapi_parse_contacts(body, strlen(body), &cl, &e));
	assert_contains(e.msg, "contacts[1].payee_check.result: missing");
	free(body);
	json_decref(j);

	data = testutil_fixture("bankapi/transfer.json", &len);
	struct transfer t = { 0 };
	assert_true(bankapi_parse_transfer(data, len, &t, &e));
	assert_string_equal(t.contact_id, "ct_000003");
	assert_string_equal(t.memo, "dinner");
	assert_int_equal(t.status, TRANSFER_COMPLETED);
	assert_money(t.amount, 500, "USD");
	transfer_clear(&t);
	free(data);

	data = testutil_fixture("bankapi/limits.json", &len);
	struct transfer_limits lim;
	assert_true(bankapi_parse_transfer_limits(data, len, &lim, &e));
	assert_money(lim.daily_limit, 250000, "USD");
	assert_money(lim.remaining_today, 250000, "USD");
	assert_money(lim.sca_threshold, 50000, "USD");
	free(data);
}

static void test_plans(void **state)
{
	(void)state;
	size_t len;
	struct err e = ERR_INIT;
	char *data = testutil_fixture("bankapi/plans.json", &len);
	struct bnpl_plan_list l = { 0 };
	assert_true(bankapi_parse_plans(data, len, &l, &e));
	assert_int_equal(l.n, 3);
	struct bnpl_plan *p = &l.items[2];
	assert_string_equal(p->id, "plan_nimbus");
	assert_money(p->purchase_amount, 16000, "USD");
	assert_money(p->outstanding, 12700, "USD");
	assert_int_equal(p->apr_bp, 0);
	assert_money(p->fees_charged, 700, "USD");
	assert_money(p->late_fee_policy.late_fee, 700, "USD");
	assert_money(p->late_fee_policy.max_late_fees, 2800, "USD");
	assert_contains(p->late_fee_policy.text, "late fee");
	assert_false(p->has_interest_saved_on_payoff);
	assert_string_equal(p->funding_source, "Northwind debit \xe2\x80\xa2\xe2\x80\xa2" "4821");
	assert_int_equal(p->status, BNPL_DELINQUENT);
	assert_int_equal(p->n_installments, 4);
	assert_int_equal(p->installments[1].seq, 2);
	assert_int_equal(p->installments[1].status, INSTALLMENT_OVERDUE);
	assert_int_equal(p->installments[3].due_date, day("2026-12-10"));
	assert_money(p->installments[3].amount, 4000, "USD");
	assert_int_equal(l.items[1].apr_bp, 2999);
	assert_true(l.items[1].has_interest_saved_on_payoff);
	bnpl_plan_list_free(&l);
	free(data);

	json_t *j = fixture_json("bankapi/plans.json");
	json_t *inst = json_object_get(json_array_get(json_object_get(j, "plans"), 0),
				       "installments");
	json_object_set_new(json_array_get(inst, 2), "amount",
			    json_pack("{s:s, s:s}", "amount", "60.00", "currency", "EUR"));
	char *body = dump(j);
	assert_false(bankapi_parse_plans(body, strlen(body), &l, &e));
	assert_contains(e.msg, "plans[0].installments[2].amount.currency: EUR differs");
	free(body);
	json_decref(j);

	/* A negative installment would lower what is owed: refused, naming it. */
	j = fixture_json("bankapi/plans.json");
	inst = json_object_get(json_array_get(json_object_get(j, "plans"), 0), "installments");
	json_object_set_new(json_array_get(inst, 2), "amount",
			    json_pack("{s:s, s:s}", "amount", "-60.00", "currency", "USD"));
	body = dump(j);
	assert_false(bankapi_parse_plans(body, strlen(body), &l, &e));
	assert_contains(e.msg, "plans[0].installments[2].amount: -60.00 USD is negative");
	assert_int_equal(l.n, 0);
	free(body);
	json_decref(j);
	static const char *const bad_apr[] = { "29.999", "-1.00", "1e2", "", ".5", "1000.00" };
	for (size_t i = 0; i < sizeof bad_apr / sizeof bad_apr[0]; i++) {
		body = fixture_with("bankapi/plans.json", "plans", 1, "apr",
				    json_string(bad_apr[i]));
		assert_false(bankapi_parse_plans(body, strlen(body), &l, &e));
		assert_contains(e.msg, "plans[1].apr:");
		free(body);
	}

	data = testutil_fixture("bankapi/plan_payment.json", &len);
	struct bnpl_payment bp = { 0 };
	assert_true(bankapi_parse_plan_payment(data, len, &bp, &e));
	assert_string_equal(bp.plan_id, "plan_lumen");
	assert_int_equal(bp.kind, BNPL_PAY_NEXT_INSTALLMENT);
	assert_money(bp.amount, 6000, "USD");
	bnpl_payment_clear(&bp);
	free(data);
}

static void test_institution_problem_oauth(void **state)
{
	(void)state;
	size_t len;
	struct err e = ERR_INIT;
	char *data = testutil_fixture("bankapi/institution.json", &len);
	struct institution inst = { 0 };
	assert_true(bankapi_parse_institution(data, len, &inst, &e));
	assert_string_equal(inst.id, "northwind");
	assert_string_equal(inst.name, "Northwind Bank");
	assert_int_equal(inst.caps,
			 INSTITUTION_CAP_ACCOUNTS | INSTITUTION_CAP_BILLS | INSTITUTION_CAP_P2P);
	institution_clear(&inst);
	free(data);
	const char *future =
		"{\"id\": \"x\", \"name\": \"X\", \"capabilities\": [\"bnpl\", \"fx\"]}";
	assert_true(bankapi_parse_institution(future, strlen(future), &inst, &e));
	assert_int_equal(inst.caps, INSTITUTION_CAP_BNPL);
	institution_clear(&inst);

	struct problem p = { 0 };
	data = testutil_fixture("bankapi/problem.json", &len);
	assert_true(bankapi_parse_problem(data, len, &p, &e));
	assert_int_equal(p.type, PROBLEM_INSUFFICIENT_FUNDS);
	assert_int_equal(p.status, 422);
	assert_string_equal(p.title, "Insufficient funds");
	assert_contains(p.detail, "this payment needs 20342.57 USD");
	assert_null(p.challenge_id);
	problem_clear(&p);
	free(data);
	data = testutil_fixture("bankapi/problem_sca_required.json", &len);
	assert_true(bankapi_parse_problem(data, len, &p, &e));
	assert_int_equal(p.type, PROBLEM_SCA_REQUIRED);
	assert_string_equal(p.challenge_id, "ch_3CBT38ZW");
	assert_string_equal(p.method, "totp");
	assert_false(p.has_attempts_remaining);
	problem_clear(&p);
	free(data);
	data = testutil_fixture("bankapi/problem_sca_failed.json", &len);
	assert_true(bankapi_parse_problem(data, len, &p, &e));
	assert_int_equal(p.type, PROBLEM_SCA_FAILED);
	assert_true(p.has_attempts_remaining);
	assert_int_equal(p.attempts_remaining, 2);
	problem_clear(&p);
	free(data);
	const char *odd = "{\"type\": \"https://other.example/oops\", \"status\": 500}";
	assert_true(bankapi_parse_problem(odd, strlen(odd), &p, &e));
	assert_int_equal(p.type, PROBLEM_OTHER);
	assert_string_equal(p.type_uri, "https://other.example/oops");
	assert_null(p.detail);
	problem_clear(&p);
	odd = "{\"status\": \"422\"}";
	assert_false(bankapi_parse_problem(odd, strlen(odd), &p, &e));
	assert_contains(e.msg, "status: expected an integer, got a string");

	struct oauth_token t = { 0 };
	data = testutil_fixture("bankapi/token.json", &len);
	assert_true(bankapi_parse_token(data, len, &t, &e));
	assert_string_equal(t.access_token, "at_Io0QO2Za6xw5280blDqrO0yGei66ebuyskX2b3yl");
	assert_string_equal(t.refresh_token, "rt_EkT2K1dnObYj9qrJDr0Abt7YyUCTnU2JxN3hCijk");
	assert_int_equal(t.expires_in, 900);
	assert_string_equal(t.scope, "accounts payments");
	oauth_token_clear(&t);
	assert_null(t.access_token);
	free(data);
	const char *inject = "{\"access_token\": \"at_x\\r\\nX-Evil: 1\", "
			     "\"token_type\": \"Bearer\", \"expires_in\": 900}";
	assert_false(bankapi_parse_token(inject, strlen(inject), &t, &e));
	assert_contains(e.msg, "access_token: the access_token has characters other than");
	assert_null(t.access_token);
	const char *mac = "{\"access_token\": \"a\", \"token_type\": \"mac\", \"expires_in\": 900}";
	assert_false(bankapi_parse_token(mac, strlen(mac), &t, &e));
	assert_contains(e.msg, "token_type");

	struct device_authorization d = { 0 };
	data = testutil_fixture("bankapi/device_authorization.json", &len);
	assert_true(bankapi_parse_device_authorization(data, len, &d, &e));
	assert_string_equal(d.user_code, "XNBJ-WTBQ");
	assert_string_equal(d.verification_uri, "http://127.0.0.1:37135/northwind/device");
	assert_int_equal(d.expires_in, 600);
	assert_int_equal(d.interval, 5);
	device_authorization_clear(&d);
	free(data);
	const char *no_interval = "{\"device_code\": \"dc\", \"user_code\": \"U\", "
				  "\"verification_uri\": \"https://b/device\", \"expires_in\": 60}";
	assert_true(bankapi_parse_device_authorization(no_interval, strlen(no_interval), &d, &e));
	assert_int_equal(d.interval, 5);
	assert_null(d.verification_uri_complete);
	device_authorization_clear(&d);

	struct oauth_error oe = { 0 };
	data = testutil_fixture("bankapi/oauth_error.json", &len);
	assert_true(bankapi_parse_oauth_error(data, len, &oe, &e));
	assert_int_equal(oe.code, OAUTH_ERR_INVALID_GRANT);
	assert_string_equal(oe.error_description, "unknown or already used device_code");
	oauth_error_clear(&oe);
	free(data);
	const char *pending = "{\"error\": \"authorization_pending\"}";
	assert_true(bankapi_parse_oauth_error(pending, strlen(pending), &oe, &e));
	assert_int_equal(oe.code, OAUTH_ERR_AUTHORIZATION_PENDING);
	assert_null(oe.error_description);
	oauth_error_clear(&oe);
}

/* Each parser as "parse, free, say whether it worked", for the table below. */
static bool try_bills(const char *s, size_t n, struct err *e)
{
	struct bill_list l = { 0 };
	bool ok = bankapi_parse_bills(s, n, &l, e);
	bill_list_free(&l);
	return ok;
}
static bool try_payments(const char *s, size_t n, struct err *e)
{
	struct payment_list l = { 0 };
	bool ok = bankapi_parse_payments(s, n, &l, e);
	payment_list_free(&l);
	return ok;
}
static bool try_contacts(const char *s, size_t n, struct err *e)
{
	struct contact_list l = { 0 };
	bool ok = bankapi_parse_contacts(s, n, &l, e);
	contact_list_free(&l);
	return ok;
}
static bool try_plans(const char *s, size_t n, struct err *e)
{
	struct bnpl_plan_list l = { 0 };
	bool ok = bankapi_parse_plans(s, n, &l, e);
	bnpl_plan_list_free(&l);
	return ok;
}
static bool try_transfer(const char *s, size_t n, struct err *e)
{
	struct transfer t = { 0 };
	bool ok = bankapi_parse_transfer(s, n, &t, e);
	transfer_clear(&t);
	return ok;
}
static bool try_payment(const char *s, size_t n, struct err *e)
{
	struct payment p = { 0 };
	bool ok = bankapi_parse_payment(s, n, &p, e);
	payment_clear(&p);
	return ok;
}
static bool try_limits(const char *s, size_t n, struct err *e)
{
	struct transfer_limits l;
	return bankapi_parse_transfer_limits(s, n, &l, e);
}
static bool try_plan_payment(const char *s, size_t n, struct err *e)
{
	struct bnpl_payment p = { 0 };
	bool ok = bankapi_parse_plan_payment(s, n, &p, e);
	bnpl_payment_clear(&p);
	return ok;
}
static bool try_institution(const char *s, size_t n, struct err *e)
{
	struct institution i = { 0 };
	bool ok = bankapi_parse_institution(s, n, &i, e);
	institution_clear(&i);
	return ok;
}
static bool try_token(const char *s, size_t n, struct err *e)
{
	struct oauth_token t = { 0 };
	bool ok = bankapi_parse_token(s, n, &t, e);
	oauth_token_clear(&t);
	return ok;
}
static bool try_device(const char *s, size_t n, struct err *e)
{
	struct device_authorization d = { 0 };
	bool ok = bankapi_parse_device_authorization(s, n, &d, e);
	device_authorization_clear(&d);
	return ok;
}
static bool try_oauth_error(const char *s, size_t n, struct err *e)
{
	struct oauth_error o = { 0 };
	bool ok = bankapi_parse_oauth_error(s, n, &o, e);
	oauth_error_clear(&o);
	return ok;
}

/* Every required member of every resource, removed in turn, is named; a
 * number with a fraction in its place (no member takes one) is a type error. */
static void test_required_everywhere(void **state)
{
	(void)state;
	static const struct {
		const char *fixture, *list;
		size_t index;
		const char *path;
		bool (*parse)(const char *, size_t, struct err *);
		const char *members[12];
	} cases[] = {
		{ "bankapi/bills.json", "bills", 1, "bills[1].", try_bills,
		  { "id", "payee", "reference", "amount_due", "due_date", "status", "autopay" } },
		{ "bankapi/payments.json", "payments", 0, "payments[0].", try_payments,
		  { "id", "bill_id", "payee", "from_account", "amount", "pay_on", "status",
		    "confirmation", "created_at" } },
		{ "bankapi/contacts.json", "contacts", 4, "contacts[4].", try_contacts,
		  { "id", "name", "handle", "handle_type", "payee_check", "created_at" } },
		{ "bankapi/plans.json", "plans", 1, "plans[1].", try_plans,
		  { "id", "merchant", "purchase_amount", "outstanding", "apr", "total_interest",
		    "fees_charged", "late_fee_policy", "payoff_amount", "funding_source", "status",
		    "installments" } },
		{ "bankapi/transfer.json", NULL, 0, "", try_transfer,
		  { "id", "from_account", "contact_id", "amount", "status", "created_at" } },
		{ "bankapi/payment.json", NULL, 0, "", try_payment, { "id", "amount", "pay_on" } },
		{ "bankapi/limits.json", NULL, 0, "", try_limits,
		  { "daily_limit", "remaining_today", "sca_threshold" } },
		{ "bankapi/plan_payment.json", NULL, 0, "", try_plan_payment,
		  { "id", "plan_id", "kind", "amount", "created_at" } },
		{ "bankapi/institution.json", NULL, 0, "", try_institution,
		  { "id", "name", "capabilities" } },
		{ "bankapi/token.json", NULL, 0, "", try_token,
		  { "access_token", "token_type", "expires_in" } },
		{ "bankapi/device_authorization.json", NULL, 0, "", try_device,
		  { "device_code", "user_code", "verification_uri", "expires_in" } },
		{ "bankapi/oauth_error.json", NULL, 0, "", try_oauth_error, { "error" } },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		size_t len;
		char *data = testutil_fixture(cases[c].fixture, &len);
		struct err e = ERR_INIT;
		if (!cases[c].parse(data, len, &e))
			fail_msg("%s: %s", cases[c].fixture, e.msg);
		free(data);
		for (size_t m = 0; m < 12 && cases[c].members[m] != NULL; m++) {
			const char *key = cases[c].members[m];
			char want[96];
			snprintf(want, sizeof want, "%s%s: ", cases[c].path, key);
			for (int variant = 0; variant < 2; variant++) {
				json_t *v = variant ? json_real(1.5) : NULL;
				char *body = fixture_with(cases[c].fixture, cases[c].list,
							  cases[c].index, key, v);
				err_clear(&e);
				if (cases[c].parse(body, strlen(body), &e))
					fail_msg("%s without %s%s parsed", cases[c].fixture,
						 cases[c].path, key);
				assert_contains(e.msg, want);
				assert_contains(e.msg, variant ? "got a fractional number" : "missing");
				free(body);
			}
		}
	}
}

/* The body as JSON, for reading builder output back. */
static json_t *body_json(char *body)
{
	assert_non_null(body);
	json_t *j = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(j);
	free(body);
	return j;
}

static void assert_json_money(const json_t *m, struct money want)
{
	const char *amount = json_string_value(json_object_get(m, "amount"));
	const char *cur = json_string_value(json_object_get(m, "currency"));
	assert_non_null(amount);
	assert_non_null(cur);
	struct money back;
	assert_true(money_parse(amount, strlen(amount), cur, &back, NULL));
	assert_true(money_equal(back, want));
}

/* Parse a response, build the request that would make it, parse that back. */
static void test_build_roundtrip(void **state)
{
	(void)state;
	size_t len;
	struct err e = ERR_INIT;
	char *data = testutil_fixture("bankapi/payments.json", &len);
	struct payment_list pl = { 0 };
	assert_true(bankapi_parse_payments(data, len, &pl, &e));
	struct payment *p = &pl.items[0];
	struct bill_payment_request br = { p->from_account, p->amount, true, p->pay_on };
	json_t *j = body_json(bankapi_build_bill_payment(&br, &e));
	assert_string_equal(json_string_value(json_object_get(j, "from_account")), "acc_chk");
	assert_string_equal(json_string_value(json_object_get(j, "pay_on")), "2026-12-05");
	assert_json_money(json_object_get(j, "amount"), p->amount);
	json_decref(j);
	br.has_pay_on = false;
	j = body_json(bankapi_build_bill_payment(&br, &e));
	assert_null(json_object_get(j, "pay_on"));
	json_decref(j);
	payment_list_free(&pl);
	free(data);

	data = testutil_fixture("bankapi/transfer.json", &len);
	struct transfer t = { 0 };
	assert_true(bankapi_parse_transfer(data, len, &t, &e));
	struct transfer_request tr = { t.from_account, t.contact_id, t.amount, t.memo };
	j = body_json(bankapi_build_transfer(&tr, &e));
	assert_string_equal(json_string_value(json_object_get(j, "contact_id")), "ct_000003");
	assert_string_equal(json_string_value(json_object_get(j, "memo")), "dinner");
	assert_json_money(json_object_get(j, "amount"), t.amount);
	json_decref(j);
	tr.memo = NULL;
	j = body_json(bankapi_build_transfer(&tr, &e));
	assert_null(json_object_get(j, "memo"));
	json_decref(j);
	transfer_clear(&t);
	free(data);

	/* Amounts in 0-, 2- and 3-decimal currencies survive exactly. */
	static const char *const cases[][2] = {
		{ "1209.06", "USD" }, { "5000", "JPY" }, { "0.125", "BHD" },
		{ "92233720368547758.07", "USD" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct money m;
		assert_true(money_parse(cases[i][0], strlen(cases[i][0]), cases[i][1], &m, NULL));
		struct bnpl_payment_request r = { BNPL_PAY_AMOUNT, m };
		j = body_json(bankapi_build_bnpl_payment(&r, &e));
		assert_string_equal(json_string_value(json_object_get(j, "kind")), "amount");
		assert_string_equal(
			json_string_value(json_object_get(json_object_get(j, "amount"), "amount")),
			cases[i][0]);
		assert_json_money(json_object_get(j, "amount"), m);
		json_decref(j);
	}
	struct bnpl_payment_request payoff = { BNPL_PAY_PAYOFF, { 0, "" } };
	j = body_json(bankapi_build_bnpl_payment(&payoff, &e));
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "payoff");
	assert_int_equal(json_object_size(j), 1);
	json_decref(j);

	data = testutil_fixture("bankapi/contacts.json", &len);
	struct contact_list cl = { 0 };
	assert_true(bankapi_parse_contacts(data, len, &cl, &e));
	struct contact_request cr = { cl.items[1].name, cl.items[1].handle };
	j = body_json(bankapi_build_contact(&cr, &e));
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Bob Jones");
	assert_string_equal(json_string_value(json_object_get(j, "handle")), "+14155550123");
	json_decref(j);
	contact_list_free(&cl);
	free(data);
}

static void test_build_refuses(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct money zero = { 0, "USD" }, ten = { 1000, "USD" }, bad = { 1000, "usd" };
	struct bill_payment_request br = { "acc_chk", zero, false, 0 };
	assert_null(bankapi_build_bill_payment(&br, &e));
	assert_contains(e.msg, "amount: must be more than zero");
	br.amount = bad;
	assert_null(bankapi_build_bill_payment(&br, &e));
	br.amount = ten;
	br.from_account = "acc chk";
	assert_null(bankapi_build_bill_payment(&br, &e));
	assert_contains(e.msg, "from_account: an id must be");
	char memo[BANKAPI_MEMO_MAX * 2 + 3];
	for (int i = 0; i < BANKAPI_MEMO_MAX; i++)
		memcpy(memo + 2 * i, "\xc3\xa9", 2); /* 140 x "é": 280 bytes, 140 characters */
	memo[BANKAPI_MEMO_MAX * 2] = '\0';
	struct transfer_request tr = { "acc_chk", "ct_bob", ten, memo };
	char *body = bankapi_build_transfer(&tr, &e);
	assert_non_null(body);
	free(body);
	memcpy(memo + BANKAPI_MEMO_MAX * 2, "!", 2);
	assert_null(bankapi_build_transfer(&tr, &e));
	assert_contains(e.msg, "memo: at most 140 characters");
	tr.memo = "\xff\xfe";
	assert_null(bankapi_build_transfer(&tr, &e));
	assert_contains(e.msg, "memo: not valid UTF-8");
	tr.memo = NULL;
	tr.contact_id = NULL;
	assert_null(bankapi_build_transfer(&tr, &e));
	struct bnpl_payment_request r = { (enum bnpl_payment_kind)7, ten };
	assert_null(bankapi_build_bnpl_payment(&r, &e));
	struct contact_request cr = { "Alice", "" };
	assert_null(bankapi_build_contact(&cr, &e));
	assert_contains(e.msg, "a contact needs a name and a handle");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accounts),
		cmocka_unit_test(test_accounts_missing),
		cmocka_unit_test(test_accounts_bad_values),
		cmocka_unit_test(test_accounts_broken_documents),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_transactions_edge),
		cmocka_unit_test(test_bills_payments),
		cmocka_unit_test(test_contacts_transfers),
		cmocka_unit_test(test_plans),
		cmocka_unit_test(test_institution_problem_oauth),
		cmocka_unit_test(test_required_everywhere),
		cmocka_unit_test(test_build_roundtrip),
		cmocka_unit_test(test_build_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
