/* test_money.c — the ISO 4217 table, exact parsing (every accepted and
 * rejected form in money.h), checked arithmetic and the three formats. */
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "iso4217.h"
#include "money.h"

static int64_t parse_ok(const char *s, const char *cur)
{
	struct money m = { 0, "" };
	struct err e = ERR_INIT;
	if (!money_parse(s, strlen(s), cur, &m, &e))
		fail_msg("money_parse(\"%s\", %s) failed: %s", s, cur, e.msg);
	assert_string_equal(m.currency, cur);
	return m.minor;
}

/* Fails with `code` and a message containing `want`; *out is untouched. */
static void parse_bad_n(const char *s, size_t len, const char *cur, enum err_code code,
			const char *want)
{
	struct money m = { 4242, "ZZZ" };
	struct err e = ERR_INIT;
	assert_false(money_parse(s, len, cur, &m, &e));
	assert_int_equal(e.code, code);
	if (strstr(e.msg, want) == NULL)
		fail_msg("message for \"%s\" lacks \"%s\": %s", s, want, e.msg);
	assert_int_equal(m.minor, 4242);
	assert_string_equal(m.currency, "ZZZ");
}

static void parse_bad(const char *s, const char *cur, const char *want)
{
	parse_bad_n(s, strlen(s), cur, ERR_INVALID, want);
}

static void test_table_sorted_and_complete(void **state)
{
	(void)state;
	assert_true(iso4217_count() >= 170);
	for (size_t i = 1; i < iso4217_count(); i++)
		assert_true(strcmp(iso4217_at(i - 1)->code, iso4217_at(i)->code) < 0);
	assert_null(iso4217_at(iso4217_count()));
	for (size_t i = 0; i < iso4217_count(); i++) {
		const struct iso4217 *c = iso4217_at(i);
		assert_ptr_equal(iso4217_find(c->code), c);
		assert_true(c->exponent == ISO4217_NO_MINOR ||
			    (c->exponent >= 0 && c->exponent <= 4));
	}
}

static void test_exponents(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		int exp;
	} cases[] = {
		{ "USD", 2 }, { "EUR", 2 }, { "GBP", 2 }, { "JPY", 0 }, { "KRW", 0 }, { "BHD", 3 },
		{ "KWD", 3 }, { "JOD", 3 }, { "OMR", 3 }, { "TND", 3 }, { "LYD", 3 }, { "IQD", 3 },
		{ "CLF", 4 }, { "UYW", 4 }, { "XOF", 0 }, { "XCD", 2 }, { "CHF", 2 }, { "ZWG", 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int exp = -5;
		assert_true(money_currency(cases[i].code, &exp, NULL));
		assert_int_equal(exp, cases[i].exp);
	}
}

static void test_currency_rejects(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_false(money_currency("XAU", NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "no minor unit"));
	assert_false(money_currency("XXX", NULL, &e));
	assert_false(money_currency("XTS", NULL, &e));
	assert_non_null(iso4217_find("XAU"));

	assert_false(money_currency("usd", NULL, &e));
	assert_non_null(strstr(e.msg, "upper case (\"USD\")"));
	assert_false(money_currency("Usd", NULL, &e));
	assert_false(money_currency("ABC", NULL, &e));
	assert_non_null(strstr(e.msg, "\"ABC\" is not an active ISO 4217"));
	assert_false(money_currency("HRK", NULL, &e)); /* withdrawn 2023 */
	assert_false(money_currency("USDX", NULL, &e));
	assert_false(money_currency("US", NULL, &e));
	assert_false(money_currency("", NULL, &e));
	assert_false(money_currency(NULL, NULL, &e));
	assert_false(money_currency("U\x1b[", NULL, &e));
	assert_null(strchr(e.msg, '\x1b'));

	struct money m;
	assert_false(money_make(5, "usd", &m, &e));
	assert_true(money_make(5, "USD", &m, &e));
	assert_int_equal(m.minor, 5);
	assert_string_equal(m.currency, "USD");
}

static void test_parse_exact(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("-1209.06", "USD"), -120906);
	assert_int_equal(parse_ok("1209.06", "USD"), 120906);
	assert_int_equal(parse_ok("0.01", "USD"), 1);
	assert_int_equal(parse_ok("-0.01", "USD"), -1);
	assert_int_equal(parse_ok("0", "USD"), 0);
	assert_int_equal(parse_ok("-0", "USD"), 0);
	assert_int_equal(parse_ok("-0.00", "USD"), 0);
	assert_int_equal(parse_ok("0012.50", "USD"), 1250);
	assert_int_equal(parse_ok("1500", "JPY"), 1500);
	assert_int_equal(parse_ok("1.234", "BHD"), 1234);
	assert_int_equal(parse_ok("1.2345", "CLF"), 12345);
	/* 0.1 has no exact binary form; the parse must still be exact. */
	assert_int_equal(parse_ok("0.10", "USD"), 10);
	assert_int_equal(parse_ok("92233720368547758.07", "USD"), INT64_MAX);
	assert_int_equal(parse_ok("-92233720368547758.08", "USD"), INT64_MIN);
	assert_int_equal(parse_ok("9223372036854775807", "JPY"), INT64_MAX);
	assert_int_equal(parse_ok("-9223372036854775808", "JPY"), INT64_MIN);
}

static void test_parse_unicode_minus(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("\xe2\x88\x92" "1209.06", "USD"), -120906);
	assert_int_equal(parse_ok("\xe2\x88\x92" "5", "JPY"), -5);
	/* A lone minus sign, or two of them, is not a number. */
	parse_bad("\xe2\x88\x92", "USD", "is not an amount");
	parse_bad("\xe2\x88\x92-1", "USD", "is not an amount");
	/* Other dashes are not minus signs: U+2013 EN DASH. */
	parse_bad("\xe2\x80\x93" "1", "USD", "is not an amount");
}

static void test_parse_fewer_decimals(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("12.5", "USD"), 1250);
	assert_int_equal(parse_ok("12", "USD"), 1200);
	assert_int_equal(parse_ok("-12.5", "USD"), -1250);
	assert_int_equal(parse_ok("1.2", "BHD"), 1200);
	assert_int_equal(parse_ok("7", "CLF"), 70000);
}

static void test_parse_too_many_decimals(void **state)
{
	(void)state;
	parse_bad("1.234", "USD", "\"1.234\" has 3 decimals; USD amounts have at most 2");
	parse_bad("1.5", "JPY", "\"1.5\" has 1 decimal; JPY amounts are whole numbers");
	parse_bad("1.0", "JPY", "has 1 decimal");
	parse_bad("0.12345", "CLF", "has 5 decimals; CLF amounts have at most 4");
	parse_bad("1.2340", "BHD", "has 4 decimals");
}

static void test_parse_rejects_forms(void **state)
{
	(void)state;
	parse_bad_n("", 0, "USD", ERR_INVALID, "empty");
	static const char *const bad[] = {
		"-", ".", "1.", ".5", "-.5", "1e3", "1E3", "NaN", "nan", "Inf", "-inf", "Infinity",
		"1,000.00", "1 000", "+1", "+1.00", " 1", "1 ", "\t1", "1\n", "0x10", "0X1A",
		"1..2", "1.2.3", "--1", "-+1", "1-", "12a", "١٢", "1.-2", "½",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		parse_bad(bad[i], "USD", "is not an amount: expected digits");
	parse_bad("1.5.", "JPY", "is not an amount");
}

static void test_parse_message_names_input(void **state)
{
	(void)state;
	parse_bad("1e3", "USD", "\"1e3\" is not an amount");
	parse_bad("1e3", "USD", "at most 2 decimals, like \"-1209.06\"");
	parse_bad("1e3", "JPY", "at most 0 decimals, like \"-1209\"");
	/* Control characters in the input are escaped in the message, and long
	 * input is cut. */
	struct money m;
	struct err e = ERR_INIT;
	assert_false(money_parse("1\x1b[2J", 5, "USD", &m, &e));
	assert_null(strchr(e.msg, '\x1b'));
	assert_non_null(strstr(e.msg, "\\x1b"));
	char longer[200];
	memset(longer, '7', sizeof longer);
	longer[150] = 'x';
	assert_false(money_parse(longer, sizeof longer, "USD", &m, &e));
	assert_non_null(strstr(e.msg, "…\""));
	assert_true(strlen(e.msg) < 200);
}

static void test_parse_embedded_nul_and_length(void **state)
{
	(void)state;
	parse_bad_n("1\0" "5", 3, "USD", ERR_INVALID, "NUL");
	parse_bad_n("\0", 1, "USD", ERR_INVALID, "NUL");
	/* The length bounds the parse: "12.50xyz" read as 5 bytes is 12.50. */
	struct money m;
	assert_true(money_parse("12.50xyz", 5, "USD", &m, NULL));
	assert_int_equal(m.minor, 1250);
}

static void test_parse_currency_errors(void **state)
{
	(void)state;
	parse_bad("1.00", "usd", "upper case");
	parse_bad("1.00", "ABC", "not an active ISO 4217");
	parse_bad("1", "XAU", "no minor unit");
}

static void test_parse_range(void **state)
{
	(void)state;
	parse_bad_n("92233720368547758.08", 20, "USD", ERR_RANGE,
		    "is out of range: USD amounts must lie between -92233720368547758.08 and "
		    "92233720368547758.07");
	parse_bad_n("-92233720368547758.09", 21, "USD", ERR_RANGE, "out of range");
	parse_bad_n("9223372036854775808", 19, "JPY", ERR_RANGE, "out of range");
	parse_bad_n("-9223372036854775809", 20, "JPY", ERR_RANGE, "out of range");
	/* Overflow from the scaling of missing decimals, and from sheer length. */
	parse_bad_n("92233720368547759", 17, "USD", ERR_RANGE, "out of range");
	parse_bad_n("922337203685477.5808", 20, "CLF", ERR_RANGE, "out of range");
	assert_int_equal(parse_ok("-922337203685477.5808", "CLF"), INT64_MIN);
	parse_bad_n("99999999999999999999999999999999", 32, "USD", ERR_RANGE, "out of range");
	parse_bad_n("-99999999999999999999999999999999", 33, "USD", ERR_RANGE, "out of range");
}

static struct money usd(int64_t minor)
{
	struct money m = { minor, "USD" };
	return m;
}

static void test_add_sub(void **state)
{
	(void)state;
	struct money r;
	struct err e = ERR_INIT;
	assert_true(money_add(usd(150), usd(-250), &r, &e));
	assert_int_equal(r.minor, -100);
	assert_string_equal(r.currency, "USD");
	assert_true(money_sub(usd(150), usd(-250), &r, &e));
	assert_int_equal(r.minor, 400);
	assert_true(money_add(usd(INT64_MAX), usd(INT64_MIN), &r, &e));
	assert_int_equal(r.minor, -1);

	r = usd(77);
	assert_false(money_add(usd(INT64_MAX), usd(1), &r, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_int_equal(r.minor, 77);
	assert_false(money_add(usd(INT64_MIN), usd(-1), &r, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_false(money_sub(usd(INT64_MIN), usd(1), &r, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_false(money_sub(usd(0), usd(INT64_MIN), &r, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_non_null(strstr(e.msg, "0.00 USD - -92233720368547758.08 USD"));
	assert_int_equal(r.minor, 77);
}

static void test_currency_mismatch(void **state)
{
	(void)state;
	struct money r = usd(5), eur = { 100, "EUR" };
	struct err e = ERR_INIT;
	int c = 9;
	assert_false(money_add(usd(1), eur, &r, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.msg, "cannot add 0.01 USD and 1.00 EUR: the currencies differ");
	assert_false(money_sub(usd(1), eur, &r, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_false(money_cmp(usd(1), eur, &c, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_int_equal(c, 9);
	assert_int_equal(r.minor, 5);
	assert_false(money_equal(usd(100), eur));
}

static void test_neg_cmp(void **state)
{
	(void)state;
	struct money r = usd(3);
	struct err e = ERR_INIT;
	assert_true(money_neg(usd(-5), &r, &e));
	assert_int_equal(r.minor, 5);
	assert_true(money_neg(usd(INT64_MAX), &r, &e));
	assert_int_equal(r.minor, -INT64_MAX);
	assert_false(money_neg(usd(INT64_MIN), &r, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_int_equal(r.minor, -INT64_MAX);

	int c = 9;
	assert_true(money_cmp(usd(1), usd(2), &c, &e));
	assert_int_equal(c, -1);
	assert_true(money_cmp(usd(2), usd(2), &c, &e));
	assert_int_equal(c, 0);
	assert_true(money_cmp(usd(INT64_MAX), usd(INT64_MIN), &c, &e));
	assert_int_equal(c, 1);
	assert_true(money_equal(usd(2), usd(2)));
	assert_false(money_equal(usd(2), usd(3)));
}

static void test_format_decimal_plain(void **state)
{
	(void)state;
	char d[MONEY_DECIMAL_MAX], p[MONEY_PLAIN_MAX];
	assert_string_equal(money_format_decimal(usd(-120906), d), "-1209.06");
	assert_string_equal(money_format_plain(usd(-120906), p), "-1209.06 USD");
	assert_string_equal(money_format_decimal(usd(5), d), "0.05");
	assert_string_equal(money_format_decimal(usd(-5), d), "-0.05");
	assert_string_equal(money_format_decimal(usd(0), d), "0.00");
	assert_string_equal(money_format_decimal(usd(INT64_MIN), d), "-92233720368547758.08");
	assert_string_equal(money_format_decimal(usd(INT64_MAX), d), "92233720368547758.07");
	struct money jpy = { -1500, "JPY" }, bhd = { 1, "BHD" }, clf = { INT64_MIN, "CLF" };
	assert_string_equal(money_format_plain(jpy, p), "-1500 JPY");
	assert_string_equal(money_format_plain(bhd, p), "0.001 BHD");
	assert_string_equal(money_format_decimal(clf, d), "-922337203685477.5808");
	struct money junk = { 12345, "q\x1b[" };
	assert_string_equal(money_format_plain(junk, p), "12345 ???");
}

/* Every format parses back to the same value. */
static void test_round_trip(void **state)
{
	(void)state;
	static const int64_t values[] = { 0, 1, -1, 9, 10, 99, 100, -120906, INT64_MAX, INT64_MIN };
	static const char *const curs[] = { "USD", "JPY", "BHD", "CLF" };
	for (size_t c = 0; c < 4; c++)
		for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
			struct money m = { values[i], "" }, back;
			memcpy(m.currency, curs[c], 4);
			char d[MONEY_DECIMAL_MAX];
			money_format_decimal(m, d);
			assert_true(money_parse(d, strlen(d), curs[c], &back, NULL));
			assert_true(money_equal(m, back));
		}
}

static bool locale_use(const char *name)
{
	return setlocale(LC_ALL, name) != NULL;
}

static void test_locale_c(void **state)
{
	(void)state;
	char b[MONEY_LOCALE_MAX];
	assert_true(locale_use("C.UTF-8"));
	assert_string_equal(money_format_locale(usd(-120906), b), "-1209.06 USD");
	assert_true(locale_use("C"));
	assert_string_equal(money_format_locale(usd(123456789), b), "1234567.89 USD");
}

static void test_locale_en_us(void **state)
{
	(void)state;
	if (!locale_use("en_US.UTF-8"))
		skip();
	char b[MONEY_LOCALE_MAX];
	assert_string_equal(money_format_locale(usd(-120906), b), "-$1,209.06");
	assert_string_equal(money_format_locale(usd(123456789), b), "$1,234,567.89");
	assert_string_equal(money_format_locale(usd(5), b), "$0.05");
	assert_string_equal(money_format_locale(usd(INT64_MIN), b), "-$92,233,720,368,547,758.08");
	struct money eur = { 123456, "EUR" }, chf = { -123456, "CHF" }, jpy = { 1234567, "JPY" };
	assert_string_equal(money_format_locale(eur, b), "€1,234.56");
	/* Not the locale's currency and no unambiguous symbol: the code, spaced. */
	assert_string_equal(money_format_locale(chf, b), "-CHF 1,234.56");
	assert_string_equal(money_format_locale(jpy, b), "JPY 1,234,567");
	setlocale(LC_ALL, "C");
}

static void test_locale_de_de(void **state)
{
	(void)state;
	if (!locale_use("de_DE.UTF-8"))
		skip();
	char b[MONEY_LOCALE_MAX];
	struct money eur = { -123456789, "EUR" };
	assert_string_equal(money_format_locale(eur, b), "-1.234.567,89 €");
	eur.minor = 5;
	assert_string_equal(money_format_locale(eur, b), "0,05 €");
	/* The dollar sign is not de_DE's symbol for USD: the code is used. */
	assert_string_equal(money_format_locale(usd(-120906), b), "-1.209,06 USD");
	struct money gbp = { 100000, "GBP" };
	assert_string_equal(money_format_locale(gbp, b), "1.000,00 £");
	setlocale(LC_ALL, "C");
}

/* In every installed locale we know of, the longest amount fits the buffer
 * uncut and a negative amount keeps its sign. */
static void test_locale_buffer_bound(void **state)
{
	(void)state;
	static const char *const names[] = { "en_US.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8",
					     "de_CH.UTF-8", "en_IN.UTF-8", "ja_JP.UTF-8",
					     "ar_SA.UTF-8", "hi_IN.UTF-8", "C.UTF-8" };
	int tried = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!locale_use(names[i]))
			continue;
		tried++;
		char b[MONEY_LOCALE_MAX];
		struct money big = { INT64_MIN, "CLF" };
		money_format_locale(big, b);
		assert_true(strlen(b) < MONEY_LOCALE_MAX - 1);
		assert_non_null(strstr(b, "5808"));
		/* A negative amount always shows a sign or parentheses. */
		assert_true(strchr(b, '-') != NULL || strchr(b, '(') != NULL ||
			    strstr(b, "\xe2\x88\x92") != NULL || strstr(b, "\xd8\x9c") != NULL);
	}
	assert_true(tried >= 1);
	setlocale(LC_ALL, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sorted_and_complete),
		cmocka_unit_test(test_exponents),
		cmocka_unit_test(test_currency_rejects),
		cmocka_unit_test(test_parse_exact),
		cmocka_unit_test(test_parse_unicode_minus),
		cmocka_unit_test(test_parse_fewer_decimals),
		cmocka_unit_test(test_parse_too_many_decimals),
		cmocka_unit_test(test_parse_rejects_forms),
		cmocka_unit_test(test_parse_message_names_input),
		cmocka_unit_test(test_parse_embedded_nul_and_length),
		cmocka_unit_test(test_parse_currency_errors),
		cmocka_unit_test(test_parse_range),
		cmocka_unit_test(test_add_sub),
		cmocka_unit_test(test_currency_mismatch),
		cmocka_unit_test(test_neg_cmp),
		cmocka_unit_test(test_format_decimal_plain),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_locale_c),
		cmocka_unit_test(test_locale_en_us),
		cmocka_unit_test(test_locale_de_de),
		cmocka_unit_test(test_locale_buffer_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
