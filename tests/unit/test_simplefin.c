/* test_simplefin.c — SimpleFIN Account Sets (the sandbox's real answer,
 * the "errors" and "errlist" shapes, pending transactions, custom
 * currencies, broken variants), Access URLs and the /accounts query. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "fsutil.h"
#include "providers/simplefin.h"
#include "xmalloc.h"

static void assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

static void assert_money(struct money m, int64_t minor, const char *cur)
{
	assert_int_equal(m.minor, minor);
	assert_string_equal(m.currency, cur);
}

/* Parses fixture name with accounts[ai].key replaced by v (NULL: removed)
 * and returns whether it parsed; e holds the error. */
static bool parse_with(const char *name, size_t ai, const char *key, json_t *v, struct err *e)
{
	size_t len;
	char *data = testutil_fixture(name, &len);
	json_t *j = json_loadb(data, len, 0, NULL);
	assert_non_null(j);
	json_t *acc = json_array_get(json_object_get(j, "accounts"), ai);
	if (v == NULL)
		json_object_del(acc, key);
	else
		json_object_set_new(acc, key, v);
	char *body = json_dumps(j, JSON_COMPACT | JSON_ALLOW_NUL);
	struct simplefin_account_set s;
	err_clear(e);
	bool ok = simplefin_parse_account_set(body, strlen(body), &s, e);
	if (!ok)
		assert_null(s.accounts);
	simplefin_account_set_free(&s);
	free(body);
	json_decref(j);
	free(data);
	return ok;
}

static void test_sandbox_answer(void **state)
{
	(void)state;
	size_t len;
	char *data = testutil_fixture("bankapi/simplefin_accounts.json", &len);
	struct simplefin_account_set s;
	struct err e = ERR_INIT;
	assert_true(simplefin_parse_account_set(data, len, &s, &e));
	assert_int_equal(s.n_errors, 0);
	assert_int_equal(s.n_accounts, 2);
	struct simplefin_account *a = &s.accounts[0];
	assert_string_equal(a->account.id, "cedar_chk");
	assert_string_equal(a->account.name, "Cedar Share Draft");
	assert_int_equal(a->account.type, ACCOUNT_OTHER);
	assert_string_equal(a->account.currency, "USD");
	assert_money(a->account.balance, 524381, "USD");
	assert_true(a->account.has_available_balance);
	assert_money(a->account.available_balance, 520164, "USD");
	assert_int_equal(a->account.updated_at, 1795424400);
	assert_string_equal(a->org.name, "Cedar Credit Union");
	assert_string_equal(a->org.domain, "cedarcu.example");
	assert_null(a->custom_currency);
	assert_true(a->transactions.n > 10);
	struct transaction *t = &a->transactions.items[0];
	assert_string_equal(t->id, "tx_00000997");
	assert_int_equal(t->booked_at, 1788242400);
	assert_money(t->amount, 98000, "USD");
	assert_string_equal(t->description, "DIRECT DEP FABRIKAM INC");
	assert_int_equal(t->status, TXN_POSTED);
	assert_string_equal(a->transactions.items[3].description,
			    "CARD PURCHASE "
			    "\xd0\x91\xd0\xb0\xd0\xba\xd0\xb0\xd0\xbb\xd0\xb5\xd1\x8f "
			    "\xc2\xab\xd0\xa1\xd0\xb5\xd0\xb2\xd0\xb5\xd1\x80\xc2\xbb");
	assert_string_equal(s.accounts[1].account.id, "cedar_sav");
	simplefin_account_set_free(&s);
	assert_null(s.accounts);
	free(data);
}

static void test_errors_and_pending(void **state)
{
	(void)state;
	size_t len;
	char *data = testutil_fixture("simplefin/errors_pending.json", &len);
	struct simplefin_account_set s;
	struct err e = ERR_INIT;
	assert_true(simplefin_parse_account_set(data, len, &s, &e));
	assert_int_equal(s.n_errors, 2);
	assert_null(s.errors[0].code);
	assert_string_equal(s.errors[0].message, "You must reauthenticate.");
	/* Raw: the display layer sanitizes. */
	assert_string_equal(s.errors[1].message,
			    "\x1b[31mConnection to Cedar failed\x1b[0m \xe2\x80\xae" "evil");
	struct simplefin_account *a = &s.accounts[0];
	assert_null(a->org.domain);
	assert_string_equal(a->org.name, "Cedar Credit Union");
	assert_false(a->account.has_available_balance);
	assert_money(a->account.balance, 10023, "USD");
	assert_int_equal(a->transactions.n, 3);
	assert_money(a->transactions.items[0].amount, -3329343, "USD");
	assert_int_equal(a->transactions.items[0].booked_at, 793090572);
	assert_int_equal(a->transactions.items[1].status, TXN_PENDING);
	assert_money(a->transactions.items[1].amount, -450, "USD");
	assert_int_equal(a->transactions.items[1].booked_at, 978366000); /* transacted_at */
	assert_int_equal(a->transactions.items[2].booked_at, 978366153); /* balance-date */
	struct simplefin_account *y = &s.accounts[1];
	assert_money(y->account.balance, -5000, "JPY");
	assert_money(y->account.available_balance, 12000, "JPY");
	assert_int_equal(y->transactions.n, 0);
	simplefin_account_set_free(&s);
	free(data);
}

static void test_errlist(void **state)
{
	(void)state;
	size_t len;
	char *data = testutil_fixture("simplefin/errlist.json", &len);
	struct simplefin_account_set s;
	struct err e = ERR_INIT;
	assert_true(simplefin_parse_account_set(data, len, &s, &e));
	assert_int_equal(s.n_errors, 2);
	assert_string_equal(s.errors[0].code, "con.auth");
	assert_string_equal(s.errors[0].message, "Authentication required");
	assert_string_equal(s.errors[0].conn_id, "CON-1082");
	assert_null(s.errors[0].account_id);
	assert_string_equal(s.errors[1].account_id, "2930002");
	assert_int_equal(s.n_accounts, 1);
	assert_string_equal(s.accounts[0].conn_id, "CON-1082");
	assert_null(s.accounts[0].org.sfin_url);
	assert_money(s.accounts[0].account.balance, 10023, "EUR");
	simplefin_account_set_free(&s);
	free(data);

	const char *neither = "{\"accounts\": []}";
	assert_false(simplefin_parse_account_set(neither, strlen(neither), &s, &e));
	assert_contains(e.msg, "errors: missing");
	const char *bad = "{\"errlist\": [{\"code\": \"x\"}], \"accounts\": []}";
	assert_false(simplefin_parse_account_set(bad, strlen(bad), &s, &e));
	assert_contains(e.msg, "errlist[0].message: missing");
	bad = "{\"errors\": [\"ok\", 7], \"accounts\": []}";
	assert_false(simplefin_parse_account_set(bad, strlen(bad), &s, &e));
	assert_contains(e.msg, "errors[1]: expected a string, got an integer");
	bad = "{\"errors\": [\"a\\u0000b\"], \"accounts\": []}";
	assert_false(simplefin_parse_account_set(bad, strlen(bad), &s, &e));
	assert_contains(e.msg, "errors[0]: contains a NUL character at byte 1");
}

static void test_custom_currency(void **state)
{
	(void)state;
	size_t len;
	char *data = testutil_fixture("simplefin/custom_currency.json", &len);
	struct simplefin_account_set s;
	struct err e = ERR_INIT;
	assert_true(simplefin_parse_account_set(data, len, &s, &e));
	struct simplefin_account *a = &s.accounts[0];
	assert_string_equal(a->custom_currency, "https://www.example.com/flight-miles");
	assert_string_equal(a->account.currency, "");
	assert_string_equal(a->custom_balance, "120500");
	assert_string_equal(a->custom_available_balance, "120500.5");
	assert_int_equal(a->account.balance.minor, 0);
	assert_int_equal(a->transactions.n, 0);
	assert_int_equal(a->skipped_transactions, 1);
	simplefin_account_set_free(&s);
	free(data);
	assert_false(parse_with("simplefin/custom_currency.json", 0, "balance",
				json_string("1,000"), &e));
	assert_contains(e.msg, "accounts[0].balance: \"1,000\" is not a decimal number");
}

static void test_account_errors(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	const char *fx = "simplefin/errors_pending.json";
	static const char *const required[] = { "id", "name", "currency", "balance",
						"balance-date", "org" };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		assert_false(parse_with(fx, 1, required[i], NULL, &e));
		char want[64];
		snprintf(want, sizeof want, "accounts[1].%s: ", required[i]);
		assert_contains(e.msg, want);
	}
	assert_true(parse_with(fx, 1, "available-balance", NULL, &e));
	assert_false(parse_with(fx, 1, "balance", json_string("12.5"), &e));
	assert_contains(e.msg, "accounts[1].balance: \"12.5\" has 1 decimal");
	assert_false(parse_with(fx, 1, "balance", json_string("123456789012345678901234567890"),
				&e));
	assert_contains(e.msg, "accounts[1].balance");
	assert_false(parse_with(fx, 1, "balance", json_real(12.5), &e));
	assert_contains(e.msg, "accounts[1].balance: expected a string, got a fractional number");
	assert_false(parse_with(fx, 1, "balance-date", json_string("978366153"), &e));
	assert_contains(e.msg, "accounts[1].balance-date: expected an integer");
	assert_false(parse_with(fx, 1, "balance-date", json_integer(INT64_MAX), &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_false(parse_with(fx, 1, "currency", json_string("ZZZ"), &e));
	assert_contains(e.msg, "accounts[1].currency: \"ZZZ\" is neither an ISO 4217 code");
	assert_false(parse_with(fx, 1, "org", json_pack("{s:s}", "sfin-url", "https://x"), &e));
	assert_contains(e.msg, "accounts[1].org: has neither domain nor name");
	assert_false(parse_with(fx, 1, "id", json_string("2930002"), &e));
	assert_contains(e.msg, "accounts[1].id: \"2930002\" repeats accounts[0].id");
	json_t *tx = json_pack("[{s:s, s:i, s:s, s:s}, {s:s, s:i, s:s, s:s}]", "id", "a", "posted",
			       1, "amount", "1", "description", "x", "id", "a", "posted", 2,
			       "amount", "2", "description", "y");
	assert_false(parse_with(fx, 1, "transactions", tx, &e));
	assert_contains(e.msg, "accounts[1].transactions[1].id: \"a\" repeats");
	tx = json_pack("[{s:s, s:i, s:s, s:s}]", "id", "a", "posted", 1, "amount", "1.5",
		       "description", "x");
	assert_false(parse_with(fx, 1, "transactions", tx, &e));
	assert_contains(e.msg, "accounts[1].transactions[0].amount: \"1.5\" has 1 decimal");
	tx = json_pack("[{s:s, s:i, s:s, s:s, s:s}]", "id", "a", "posted", 1, "amount", "1",
		       "description", "x", "pending", "yes");
	assert_false(parse_with(fx, 1, "transactions", tx, &e));
	assert_contains(e.msg, "accounts[1].transactions[0].pending: expected true or false");
}

static void test_access_url(void **state)
{
	(void)state;
	struct simplefin_access a;
	struct err e = ERR_INIT;
	const char *body = "https://user123:pass456@bridge.simplefin.org/simplefin\n";
	assert_true(simplefin_parse_access_url(body, strlen(body), &a, &e));
	assert_string_equal(a.base_url, "https://bridge.simplefin.org/simplefin");
	assert_string_equal(a.username, "user123");
	assert_string_equal(a.password, "pass456");
	simplefin_access_clear(&a);
	assert_null(a.password);
	body = "http://u%40x:p%3Aw%2F@127.0.0.1:44505/simplefin/";
	assert_true(simplefin_parse_access_url(body, strlen(body), &a, &e));
	assert_string_equal(a.base_url, "http://127.0.0.1:44505/simplefin");
	assert_string_equal(a.username, "u@x");
	assert_string_equal(a.password, "p:w/");
	simplefin_access_clear(&a);
	body = "http://u:p@[::1]:8080/sf";
	assert_true(simplefin_parse_access_url(body, strlen(body), &a, &e));
	assert_string_equal(a.base_url, "http://[::1]:8080/sf");
	simplefin_access_clear(&a);

	static const char *const bad[] = {
		"",
		"https://bridge.simplefin.org/simplefin", /* no credentials */
		"http://secretuser:secretpass@bank.example/simplefin", /* http, not loopback */
		"ftp://secretuser:secretpass@bank.example/",
		"https://secretuser:secretpass@bank.example/a b",
		"https://secretuser:secret%0apass@bank.example/",
		"https://secretuser:secretpass%4@bank.example/",
		"https://:secretpass@bank.example/",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		assert_false(simplefin_parse_access_url(bad[i], strlen(bad[i]), &a, &e));
		assert_int_equal(e.code, ERR_PROTOCOL);
		assert_null(strstr(e.msg, "secret"));
		assert_null(a.username);
		assert_null(a.base_url);
	}
}

static void test_accounts_url(void **state)
{
	(void)state;
	struct simplefin_query q = { 0 };
	char *url = simplefin_accounts_url("https://b.example/simplefin", &q);
	assert_string_equal(url, "https://b.example/simplefin/accounts");
	free(url);
	static const char *const ids[] = { "cedar_chk", "a b&c=d" };
	q.has_start_date = true;
	q.start_date = 978360153;
	q.has_end_date = true;
	q.end_date = 978366153;
	q.pending = true;
	q.balances_only = true;
	q.accounts = ids;
	q.n_accounts = 2;
	url = simplefin_accounts_url("https://b.example/simplefin", &q);
	assert_string_equal(url, "https://b.example/simplefin/accounts?start-date=978360153"
				 "&end-date=978366153&pending=1&balances-only=1"
				 "&account=cedar_chk&account=a%20b%26c%3Dd");
	free(url);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sandbox_answer),
		cmocka_unit_test(test_errors_and_pending),
		cmocka_unit_test(test_errlist),
		cmocka_unit_test(test_custom_currency),
		cmocka_unit_test(test_account_errors),
		cmocka_unit_test(test_access_url),
		cmocka_unit_test(test_accounts_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
