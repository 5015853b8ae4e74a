/* test_http_util.c — the pure helpers of src/net/http.c: the loopback test
 * behind the plain-http rule, URL redaction for logs, Retry-After parsing
 * and the backoff formula. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/http.h"

static void test_loopback_hosts(void **state)
{
	(void)state;
	assert_true(http_url_is_loopback("http://127.0.0.1:8080/x"));
	assert_true(http_url_is_loopback("http://127.255.3.4/"));
	assert_true(http_url_is_loopback("http://localhost/"));
	assert_true(http_url_is_loopback("http://LOCALHOST:1/"));
	assert_true(http_url_is_loopback("http://[::1]:9/"));
	assert_true(http_url_is_loopback("http://[::ffff:127.0.0.1]/"));
	assert_true(http_url_is_loopback("https://user:pw@127.0.0.1/"));
}

static void test_not_loopback(void **state)
{
	(void)state;
	assert_false(http_url_is_loopback("http://127.0.0.1.evil.com/"));
	assert_false(http_url_is_loopback("http://localhost.evil.com/"));
	assert_false(http_url_is_loopback("http://evil.com/127.0.0.1"));
	assert_false(http_url_is_loopback("http://evil.com/?localhost"));
	assert_false(http_url_is_loopback("http://localhost@evil.com/"));
	assert_false(http_url_is_loopback("http://128.0.0.1/"));
	assert_false(http_url_is_loopback("http://10.0.0.1/"));
	assert_false(http_url_is_loopback("http://[::2]/"));
	assert_false(http_url_is_loopback("http://[::ffff:10.0.0.1]/"));
	assert_false(http_url_is_loopback("not a url"));
	assert_false(http_url_is_loopback(""));
}

static void expect_redacted(const char *url, bool host_only, const char *want)
{
	char *got = http_url_redact(url, host_only);
	assert_string_equal(got, want);
	free(got);
}

static void test_redact_credentials_and_secret_params(void **state)
{
	(void)state;
	expect_redacted("https://user:hunter2@bridge.example/simplefin/accounts", false,
			"https://bridge.example/simplefin/accounts");
	expect_redacted("https://bank.example/cb?code=abc&state=1&access_token=xyz#frag", false,
			"https://bank.example/cb?code=REDACTED&state=1&access_token=REDACTED");
	expect_redacted("https://bank.example/a?Client_Secret=s&API_KEY=k&password=p&page=2",
			false,
			"https://bank.example/a?Client_Secret=REDACTED&API_KEY=REDACTED&"
			"password=REDACTED&page=2");
	expect_redacted("https://bank.example/a?flag&x=1", false, "https://bank.example/a?flag&x=1");
	expect_redacted("https://u:p@bridge.example:8443/claim/SECRETTOKEN?x=1", true,
			"https://bridge.example:8443/...");
	expect_redacted("::::", false, "(unparsable URL)");
}

static void test_retry_after_seconds(void **state)
{
	(void)state;
	int64_t s = -1;
	assert_true(http_retry_after_parse("120", 0, &s));
	assert_int_equal(s, 120);
	assert_true(http_retry_after_parse(" 0 ", 0, &s));
	assert_int_equal(s, 0);
	assert_true(http_retry_after_parse("99999999999999999999999999", 0, &s));
	assert_true(s >= INT64_C(1) << 40);
	assert_false(http_retry_after_parse("-5", 0, &s));
	assert_false(http_retry_after_parse("5s", 0, &s));
	assert_false(http_retry_after_parse("1.5", 0, &s));
	assert_false(http_retry_after_parse("", 0, &s));
	assert_false(http_retry_after_parse(NULL, 0, &s));
}

/* RFC 9110's example date, Sun, 06 Nov 1994 08:49:37 GMT = 784111777. */
static void test_retry_after_dates(void **state)
{
	(void)state;
	const time_t base = 784111777;
	int64_t s = -1;
	assert_true(http_retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMT", base - 30, &s));
	assert_int_equal(s, 30);
	assert_true(http_retry_after_parse("Sunday, 06-Nov-94 08:49:37 GMT", base - 5, &s));
	assert_int_equal(s, 5);
	assert_true(http_retry_after_parse("Sun Nov  6 08:49:37 1994", base - 1, &s));
	assert_int_equal(s, 1);
	assert_true(http_retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMT", base + 100, &s));
	assert_int_equal(s, 0);
	assert_false(http_retry_after_parse("soon", base, &s));
	assert_false(http_retry_after_parse("Sun, 99 Zzz 1994 99:99:99 GMT", base, &s));
}

static void test_backoff_full_jitter(void **state)
{
	(void)state;
	assert_int_equal(http_backoff_ms(1, 500, 8000, 0), 0);
	assert_int_equal(http_backoff_ms(1, 500, 8000, UINT32_MAX), 500);
	assert_int_equal(http_backoff_ms(2, 500, 8000, UINT32_MAX), 1000);
	assert_int_equal(http_backoff_ms(3, 500, 8000, UINT32_MAX), 2000);
	assert_int_equal(http_backoff_ms(3, 500, 8000, UINT32_C(1) << 31), 1000);
	assert_int_equal(http_backoff_ms(10, 500, 8000, UINT32_MAX), 8000);
	assert_int_equal(http_backoff_ms(1000, 500, 8000, UINT32_MAX), 8000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback_hosts),
		cmocka_unit_test(test_not_loopback),
		cmocka_unit_test(test_redact_credentials_and_secret_params),
		cmocka_unit_test(test_retry_after_seconds),
		cmocka_unit_test(test_retry_after_dates),
		cmocka_unit_test(test_backoff_full_jitter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
