/* test_sandbox.c — the sandbox's pure parts: strict wire amounts, the
 * injectable clock and date arithmetic, TOTP against RFC 6238's SHA-256
 * vectors, and seeding being deterministic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "amount.h"
#include "db.h"
#include "sca.h"
#include "seed.h"
#include "timeutil.h"

static void test_amount_accepts_exact_decimals(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_true(amount_parse("-1209.06", "USD", &v, NULL));
	assert_int_equal(v, -120906);
	assert_true(amount_parse("0.01", "USD", &v, NULL));
	assert_int_equal(v, 1);
	assert_true(amount_parse("1500", "JPY", &v, NULL));
	assert_int_equal(v, 1500);
	assert_true(amount_parse("1.234", "BHD", &v, NULL));
	assert_int_equal(v, 1234);
}

static void test_amount_rejects_wire_violations(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"12.5", "12", "12.500", "+1.00", "1e3", "1,000.00", "", "-", ".50", "1.",
		" 1.00", "1.00 ", "NaN", "0x10", ("\xe2\x88\x92" "1.00"), "99999999999999999999.00",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t v = 42;
		struct err e = ERR_INIT;
		if (amount_parse(bad[i], "USD", &v, &e))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(v, 42);
		assert_true(e.msg[0] != '\0');
	}
	int64_t v;
	assert_false(amount_parse("1.5", "JPY", &v, NULL));
	assert_false(amount_parse("1.00", "usd", &v, NULL));
}

static void test_amount_format(void **state)
{
	(void)state;
	char s[AMOUNT_STR_MAX];
	assert_string_equal(amount_format(-120906, "USD", s), "-1209.06");
	assert_string_equal(amount_format(5, "USD", s), "0.05");
	assert_string_equal(amount_format(-5, "USD", s), "-0.05");
	assert_string_equal(amount_format(1500, "JPY", s), "1500");
	assert_string_equal(amount_format(1234, "BHD", s), "1.234");
}

static void test_time_round_trip(void **state)
{
	(void)state;
	int64_t t, d;
	assert_true(timeutil_parse_rfc3339("2026-11-23T10:42:00Z", &t));
	char ts[TIMEUTIL_TS_MAX], ds[TIMEUTIL_DATE_MAX];
	timeutil_format_ts(t, ts);
	assert_string_equal(ts, "2026-11-23T10:42:00Z");
	assert_true(timeutil_parse_rfc3339("2026-11-23T12:42:00+02:00", &d));
	assert_int_equal(d, t);
	assert_true(timeutil_parse_date("2024-02-29", &d));
	timeutil_format_date(d + 1, ds);
	assert_string_equal(ds, "2024-03-01");
	timeutil_format_ts(-1, ts);
	assert_string_equal(ts, "1969-12-31T23:59:59Z");
	assert_false(timeutil_parse_date("2023-02-29", &d));
	assert_false(timeutil_parse_date("2026-13-01", &d));
	assert_false(timeutil_parse_rfc3339("2026-11-23 10:42:00Z", &t));
	assert_false(timeutil_parse_rfc3339("2026-11-23T10:42:00", &t));
}

static void test_clock_injection(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_true(timeutil_init("2026-11-23T10:42:00Z", &e));
	assert_int_equal(timeutil_now(), 1795430520);
	assert_false(timeutil_init("yesterday", &e));
	assert_non_null(strstr(e.msg, "RFC 3339"));
	setenv("BANKTERM_NOW", "2030-01-01T00:00:00Z", 1);
	assert_true(timeutil_init(NULL, &e));
	assert_int_equal(timeutil_day_of(timeutil_now()), timeutil_days_from_civil(2030, 1, 1));
	unsetenv("BANKTERM_NOW");
}

/* RFC 6238 appendix B, SHA-256 key, last six digits of the 8-digit codes. */
static void test_totp_rfc6238(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	sqlite3 *db = db_open(":memory:", &e);
	assert_non_null(db);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, (const unsigned char *)"12345678901234567890123456789012",
		       32);
	assert_true(db_meta_set(db, "totp_secret", hex, &e));
	static const struct {
		int64_t t;
		const char *code;
	} v[] = {
		{ 59, "119246" },	  { 1111111109, "084774" }, { 1111111111, "062674" },
		{ 1234567890, "819424" }, { 2000000000, "698825" },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char code[SCA_CODE_MAX];
		assert_true(sca_totp(db, v[i].t, code, &e));
		assert_string_equal(code, v[i].code);
	}
	db_close(&db);
	assert_null(db);
}

/* A digest of everything seeded that does not depend on wall time. */
static void seed_digest(const struct seed_opts *o, char out[65])
{
	struct err e = ERR_INIT;
	sqlite3 *db = db_open(":memory:", &e);
	assert_non_null(db);
	assert_true(seed_run(db, o, &e));
	sqlite3_stmt *st = db_prepare(
		db, "SELECT id || account || status || booked_at || amount || description FROM"
		    " transactions UNION ALL SELECT id || balance FROM accounts UNION ALL"
		    " SELECT plan_id || seq || due_date || principal || interest FROM installments"
		    " UNION ALL SELECT value FROM meta WHERE key = 'totp_secret'");
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	while (sqlite3_step(st) == SQLITE_ROW)
		crypto_hash_sha256_update(&h, sqlite3_column_text(st, 0),
					  (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	unsigned char d[32];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
	db_close(&db);
}

static void test_seed_is_deterministic(void **state)
{
	(void)state;
	struct seed_opts a = { 42, 0, "2026-11-23" }, b = { 43, 0, "2026-11-23" };
	char d1[65], d2[65], d3[65];
	seed_digest(&a, d1);
	seed_digest(&a, d2);
	seed_digest(&b, d3);
	assert_string_equal(d1, d2);
	assert_string_not_equal(d1, d3);
}

static void test_seed_contents(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	sqlite3 *db = db_open(":memory:", &e);
	struct seed_opts o = { 42, 5000, "2026-11-23" };
	assert_true(seed_run(db, &o, &e));
	/* 5000 bulk rows plus the pending/replaced/hostile specials. */
	int64_t chk = db_int(db, 0, "SELECT count(*) FROM transactions WHERE account = 'acc_chk'",
			     "");
	assert_true(chk >= 5000 && chk < 5020);
	assert_true(db_int(db, 0, "SELECT balance FROM accounts WHERE id = 'acc_card'", "") < 0);
	assert_int_equal(db_int(db, 0, "SELECT count(*) FROM transactions WHERE replaces IS NOT NULL",
				""), 4);
	assert_int_equal(db_int(db, 0, "SELECT count(*) FROM transactions WHERE instr(description,"
				       " char(27)) > 0", ""), 2);
	/* The stored balance is the opening balance plus every posted row. */
	assert_int_equal(db_int(db, 0, "SELECT balance - 120000 FROM accounts WHERE id = 'acc_chk'",
				""),
			 db_int(db, 0, "SELECT sum(amount) FROM transactions WHERE account = 'acc_chk'"
				       " AND status = 'posted'", ""));
	db_close(&db);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amount_accepts_exact_decimals),
		cmocka_unit_test(test_amount_rejects_wire_violations),
		cmocka_unit_test(test_amount_format),
		cmocka_unit_test(test_time_round_trip),
		cmocka_unit_test(test_clock_injection),
		cmocka_unit_test(test_totp_rfc6238),
		cmocka_unit_test(test_seed_is_deterministic),
		cmocka_unit_test(test_seed_contents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
