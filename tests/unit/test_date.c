/* test_date.c — civil-date arithmetic against known dates, strict date and
 * RFC 3339 parsing (each rule in date.h), formatting, month clamping,
 * local-time days and the BANKTERM_NOW clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "date.h"

static int64_t day_of(const char *s)
{
	int64_t d = 0;
	struct err e = ERR_INIT;
	if (!date_parse(s, strlen(s), &d, &e))
		fail_msg("date_parse(\"%s\") failed: %s", s, e.msg);
	return d;
}

static int64_t ts_of(const char *s)
{
	int64_t t = 0;
	struct err e = ERR_INIT;
	if (!date_parse_timestamp(s, strlen(s), &t, &e))
		fail_msg("date_parse_timestamp(\"%s\") failed: %s", s, e.msg);
	return t;
}

typedef bool (*parse_fn)(const char *s, size_t len, int64_t *out, struct err *e);

/* parse fails on s with `code` and a message containing `want`, leaving
 * *out untouched. */
static void parse_bad(parse_fn parse, const char *s, enum err_code code, const char *want)
{
	int64_t v = 4242;
	struct err e = ERR_INIT;
	assert_false(parse(s, strlen(s), &v, &e));
	assert_int_equal(e.code, code);
	if (strstr(e.msg, want) == NULL)
		fail_msg("message for \"%s\" lacks \"%s\": %s", s, want, e.msg);
	assert_int_equal(v, 4242);
}

static void date_bad(const char *s, enum err_code code, const char *want)
{
	parse_bad(date_parse, s, code, want);
}

static void ts_bad(const char *s, enum err_code code, const char *want)
{
	parse_bad(date_parse_timestamp, s, code, want);
}

static void test_known_days(void **state)
{
	(void)state;
	assert_int_equal(day_of("1970-01-01"), 0);
	assert_int_equal(day_of("1970-01-02"), 1);
	assert_int_equal(day_of("1969-12-31"), -1);
	assert_int_equal(day_of("2000-03-01"), 11017);
	assert_int_equal(day_of("2026-03-14"), 20526);
	assert_int_equal(day_of("0001-01-01"), DATE_MIN);
	assert_int_equal(day_of("9999-12-31"), DATE_MAX);
	int64_t d;
	assert_true(date_make(2024, 2, 29, &d, NULL));
	assert_int_equal(d, 19782);
}

/* Every day of the supported range maps back to itself, and consecutive
 * days are consecutive calendar dates. */
static void test_civil_round_trip_all_days(void **state)
{
	(void)state;
	int py = 0, pm = 12, pd = 31;
	for (int64_t days = DATE_MIN; days <= DATE_MAX; days++) {
		int y, m, d;
		date_civil(days, &y, &m, &d);
		bool next_day = y == py && m == pm && d == pd + 1;
		bool next_month =
			y == py && m == pm + 1 && d == 1 && pd == date_days_in_month(py, pm);
		bool next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
		if (!(next_day || next_month || next_year))
			fail_msg("day %lld is %04d-%02d-%02d after %04d-%02d-%02d",
				 (long long)days, y, m, d, py, pm, pd);
		int64_t back;
		assert_true(date_make(y, m, d, &back, NULL));
		assert_int_equal(back, days);
		py = y, pm = m, pd = d;
	}
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2025, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2025, 4), 30);
	assert_int_equal(date_days_in_month(2025, 13), 0);
	day_of("2024-02-29");
	day_of("2000-02-29");
	date_bad("2025-02-29", ERR_RANGE, "2025-02 has no day 29 (it has 28 days)");
	date_bad("1900-02-29", ERR_RANGE, "has no day 29");
}

static void test_date_rejects(void **state)
{
	(void)state;
	date_bad("2026-04-31", ERR_RANGE, "2026-04 has no day 31");
	date_bad("2026-13-01", ERR_RANGE, "month 13");
	date_bad("2026-00-10", ERR_RANGE, "month 0");
	date_bad("2026-01-00", ERR_RANGE, "no day 0");
	date_bad("0000-01-01", ERR_RANGE, "year 0 is outside");
	date_bad("2026-3-14", ERR_INVALID, "exactly 10 characters");
	date_bad("20260314", ERR_INVALID, "exactly 10 characters");
	date_bad("2026/03/14", ERR_INVALID, "YYYY-MM-DD");
	date_bad("2026-03-1x", ERR_INVALID, "YYYY-MM-DD");
	date_bad("+026-03-14", ERR_INVALID, "YYYY-MM-DD");
	date_bad(" 2026-03-1", ERR_INVALID, "YYYY-MM-DD");
	date_bad("2026-03-14 ", ERR_INVALID, "\"2026-03-14 \" is not a date");
	date_bad("", ERR_INVALID, "write it like 2026-03-14");
	int64_t d;
	struct err e = ERR_INIT;
	assert_false(date_parse("2026-03-14", 9, &d, &e));
	assert_false(date_parse("2026-03\0" "14", 10, &d, &e));
	assert_false(date_parse("\x1b[2J\x1b[2J\x1b", 10, &d, &e));
	assert_null(strchr(e.msg, '\x1b'));
	assert_false(date_make(2026, 2, 29, &d, &e));
	assert_false(date_make(10000, 1, 1, &d, &e));
}

static void test_timestamp_forms(void **state)
{
	(void)state;
	assert_int_equal(ts_of("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(ts_of("2026-03-14T09:30:00Z"), 20526LL * 86400 + 9 * 3600 + 30 * 60);
	assert_int_equal(ts_of("2026-03-14t09:30:00z"), ts_of("2026-03-14T09:30:00Z"));
	assert_int_equal(ts_of("2026-03-14T10:30:00+01:00"), ts_of("2026-03-14T09:30:00Z"));
	assert_int_equal(ts_of("2026-03-14T04:00:00-05:30"), ts_of("2026-03-14T09:30:00Z"));
	assert_int_equal(ts_of("2026-03-14T09:30:00-00:00"), ts_of("2026-03-14T09:30:00Z"));
	assert_int_equal(ts_of("2026-03-15T00:30:00+23:59"), ts_of("2026-03-14T00:31:00Z"));
	/* Fractions are truncated, also before 1970. */
	assert_int_equal(ts_of("2026-03-14T09:30:00.999999999Z"), ts_of("2026-03-14T09:30:00Z"));
	assert_int_equal(ts_of("2026-03-14T09:30:00.5+01:00"), ts_of("2026-03-14T08:30:00Z"));
	assert_int_equal(ts_of("1969-12-31T23:59:59.9Z"), -1);
	assert_int_equal(ts_of("0001-01-01T00:00:00Z"), DATE_TIMESTAMP_MIN);
	assert_int_equal(ts_of("9999-12-31T23:59:59Z"), DATE_TIMESTAMP_MAX);
}

static void test_timestamp_rejects(void **state)
{
	(void)state;
	ts_bad("2026-03-14T24:00:00Z", ERR_RANGE, "hour 24 does not exist");
	ts_bad("2026-03-14T23:60:00Z", ERR_RANGE, "minute 60");
	ts_bad("2016-12-31T23:59:60Z", ERR_RANGE, "no leap seconds");
	ts_bad("2025-02-29T00:00:00Z", ERR_RANGE, "2025-02 has no day 29");
	ts_bad("2026-03-14 09:30:00Z", ERR_INVALID, "expected 'T'");
	ts_bad("2026-03-14T09:30:00", ERR_INVALID, "too short");
	ts_bad("2026-03-14T09:30:00 ", ERR_INVALID, "expected 'Z' or an offset");
	ts_bad("2026-03-14T09:30Z", ERR_INVALID, "too short");
	ts_bad("2026-03-14T09:30:00+0100", ERR_INVALID, "expected 'Z' or an offset");
	ts_bad("2026-03-14T09:30:00+01", ERR_INVALID, "expected 'Z' or an offset");
	ts_bad("2026-03-14T09:30:00+01:00Z", ERR_INVALID, "expected 'Z' or an offset");
	ts_bad("2026-03-14T09:30:00Zjunk", ERR_INVALID, "expected 'Z' or an offset");
	ts_bad("2026-03-14T09:30:00+24:00", ERR_RANGE, "offset +24:00 is out of range");
	ts_bad("2026-03-14T09:30:00+01:60", ERR_RANGE, "offset");
	ts_bad("2026-03-14T09:30:00.Z", ERR_INVALID, "digits after the '.'");
	ts_bad("2026-03-14T9:30:00+01:00", ERR_INVALID, "HH:MM:SS");
	ts_bad("2026-03-14T09-30-00Z", ERR_INVALID, "HH:MM:SS");
	ts_bad("2026-03-14", ERR_INVALID, "too short");
	ts_bad("", ERR_INVALID, "write it like 2026-03-14T09:30:00Z");
	ts_bad("0001-01-01T00:00:00+00:01", ERR_RANGE, "outside years 0001-9999");
	ts_bad("9999-12-31T23:59:59-00:01", ERR_RANGE, "outside years 0001-9999");
	int64_t t;
	assert_false(date_parse_timestamp("2026-03-14T09:30:00Z", 19, &t, NULL));
	assert_false(date_parse_timestamp("2026-03-14T09:30:00\0", 20, &t, NULL));
}

static void test_format(void **state)
{
	(void)state;
	char d[DATE_STR_MAX], t[DATE_TIMESTAMP_STR_MAX];
	assert_string_equal(date_format(0, d), "1970-01-01");
	assert_string_equal(date_format(-1, d), "1969-12-31");
	assert_string_equal(date_format(DATE_MIN, d), "0001-01-01");
	assert_string_equal(date_format(DATE_MAX, d), "9999-12-31");
	assert_string_equal(date_format(DATE_MAX + 1000, d), "9999-12-31");
	assert_string_equal(date_format(INT64_MIN, d), "0001-01-01");
	assert_string_equal(date_format_timestamp(0, t), "1970-01-01T00:00:00Z");
	assert_string_equal(date_format_timestamp(-1, t), "1969-12-31T23:59:59Z");
	assert_string_equal(date_format_timestamp(ts_of("2026-03-14T10:30:05+01:00"), t),
			    "2026-03-14T09:30:05Z");
	assert_string_equal(date_format_timestamp(INT64_MAX, t), "9999-12-31T23:59:59Z");
	assert_string_equal(date_format_timestamp(INT64_MIN, t), "0001-01-01T00:00:00Z");
}

static int64_t add_months(const char *from, int64_t n)
{
	int64_t out = 0;
	struct err e = ERR_INIT;
	if (!date_add_months(day_of(from), n, &out, &e))
		fail_msg("%s + %lld months failed: %s", from, (long long)n, e.msg);
	return out;
}

static void test_add_months_clamps(void **state)
{
	(void)state;
	assert_int_equal(add_months("2025-01-31", 1), day_of("2025-02-28"));
	assert_int_equal(add_months("2024-01-31", 1), day_of("2024-02-29"));
	assert_int_equal(add_months("2025-01-31", 2), day_of("2025-03-31"));
	assert_int_equal(add_months("2025-03-31", 1), day_of("2025-04-30"));
	assert_int_equal(add_months("2025-03-31", -1), day_of("2025-02-28"));
	assert_int_equal(add_months("2024-03-31", -1), day_of("2024-02-29"));
	assert_int_equal(add_months("2025-01-15", -1), day_of("2024-12-15"));
	assert_int_equal(add_months("2025-01-15", -13), day_of("2023-12-15"));
	assert_int_equal(add_months("2024-02-29", 12), day_of("2025-02-28"));
	assert_int_equal(add_months("2024-02-29", 48), day_of("2028-02-29"));
	assert_int_equal(add_months("2025-12-31", 1), day_of("2026-01-31"));
	assert_int_equal(add_months("2025-06-10", 0), day_of("2025-06-10"));
	/* Clamping does not carry over: Jan 31 + 1 + 1 is Mar 28. */
	int64_t feb = add_months("2025-01-31", 1), mar;
	assert_true(date_add_months(feb, 1, &mar, NULL));
	assert_int_equal(mar, day_of("2025-03-28"));
}

static void test_add_range(void **state)
{
	(void)state;
	int64_t out = 77;
	struct err e = ERR_INIT;
	assert_true(date_add_days(day_of("2025-12-31"), 1, &out, &e));
	assert_int_equal(out, day_of("2026-01-01"));
	assert_true(date_add_days(day_of("2024-03-01"), -1, &out, &e));
	assert_int_equal(out, day_of("2024-02-29"));
	out = 77;
	assert_false(date_add_days(DATE_MAX, 1, &out, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_non_null(strstr(e.msg, "9999-12-31 +1 days goes outside"));
	assert_false(date_add_days(DATE_MIN, -1, &out, &e));
	assert_false(date_add_days(0, INT64_MAX, &out, &e));
	assert_false(date_add_days(-1, INT64_MIN, &out, &e));
	assert_false(date_add_months(day_of("9999-12-01"), 1, &out, &e));
	assert_int_equal(e.code, ERR_RANGE);
	assert_false(date_add_months(day_of("0001-01-31"), -1, &out, &e));
	assert_false(date_add_months(0, INT64_MAX, &out, &e));
	assert_false(date_add_months(0, INT64_MIN, &out, &e));
	assert_int_equal(out, 77);
}

static void test_weekday_between(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(0), 4);			/* Thursday */
	assert_int_equal(date_weekday(day_of("2026-03-14")), 6); /* Saturday */
	assert_int_equal(date_weekday(day_of("2026-03-16")), 1); /* Monday */
	assert_int_equal(date_weekday(day_of("2026-03-15")), 7); /* Sunday */
	assert_int_equal(date_weekday(day_of("1969-12-31")), 3); /* Wednesday */
	assert_int_equal(date_weekday(DATE_MIN), 1);		/* 0001-01-01, Monday */
	assert_int_equal(date_days_between(day_of("2026-01-01"), day_of("2026-03-14")), 72);
	assert_int_equal(date_days_between(day_of("2026-03-14"), day_of("2026-01-01")), -72);
	assert_int_equal(date_days_between(day_of("2024-01-01"), day_of("2025-01-01")), 366);
}

static void test_day_of_timestamp(void **state)
{
	(void)state;
	assert_int_equal(date_of_timestamp_utc(0), 0);
	assert_int_equal(date_of_timestamp_utc(86399), 0);
	assert_int_equal(date_of_timestamp_utc(86400), 1);
	assert_int_equal(date_of_timestamp_utc(-1), -1);
	assert_int_equal(date_of_timestamp_utc(-86400), -1);
	assert_int_equal(date_of_timestamp_utc(-86401), -2);

	int64_t t = ts_of("2026-03-14T23:30:00Z"), d;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_true(date_of_timestamp_local(t, &d, NULL));
	assert_int_equal(d, day_of("2026-03-14"));
	/* Half past midnight the next day in Berlin (UTC+1 in March). */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	assert_true(date_of_timestamp_local(t, &d, NULL));
	assert_int_equal(d, day_of("2026-03-15"));
	/* Still the evening before in New York (UTC-4 after 8 March). */
	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	tzset();
	assert_true(date_of_timestamp_local(ts_of("2026-03-15T02:00:00Z"), &d, NULL));
	assert_int_equal(d, day_of("2026-03-14"));
	unsetenv("TZ");
	tzset();
}

static void test_clock(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	unsetenv("BANKTERM_NOW");
	assert_true(date_clock_check(&e));
	/* The real clock: after this code was written, before the range ends. */
	assert_true(date_now() > ts_of("2026-01-01T00:00:00Z"));

	setenv("BANKTERM_NOW", "2026-03-14T23:30:00-05:00", 1);
	assert_true(date_clock_check(&e));
	assert_int_equal(date_now(), ts_of("2026-03-15T04:30:00Z"));
	setenv("TZ", "EST5", 1);
	tzset();
	assert_int_equal(date_today_local(), day_of("2026-03-14"));
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(date_today_local(), day_of("2026-03-15"));

	/* A bad value falls back to the real clock and is reported. */
	setenv("BANKTERM_NOW", "yesterday\x1b", 1);
	assert_true(date_now() > ts_of("2026-01-01T00:00:00Z"));
	assert_false(date_clock_check(&e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "BANKTERM_NOW is ignored and the real clock used"));
	assert_non_null(strstr(e.msg, "\"yesterday\\x1b\" is not an RFC 3339 timestamp"));
	setenv("BANKTERM_NOW", "", 1);
	assert_true(date_clock_check(&e));
	unsetenv("BANKTERM_NOW");
	unsetenv("TZ");
	tzset();
}

/* Every format parses back to the value it came from. */
static void test_round_trips(void **state)
{
	(void)state;
	static const int64_t ts[] = { DATE_TIMESTAMP_MIN, -86401, -1, 0, 1, 1773480600,
				      DATE_TIMESTAMP_MAX };
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		char b[DATE_TIMESTAMP_STR_MAX], d[DATE_STR_MAX];
		assert_int_equal(ts_of(date_format_timestamp(ts[i], b)), ts[i]);
		int64_t day = date_of_timestamp_utc(ts[i]);
		assert_int_equal(day_of(date_format(day, d)), day);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_civil_round_trip_all_days),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_date_rejects),
		cmocka_unit_test(test_timestamp_forms),
		cmocka_unit_test(test_timestamp_rejects),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_add_months_clamps),
		cmocka_unit_test(test_add_range),
		cmocka_unit_test(test_weekday_between),
		cmocka_unit_test(test_day_of_timestamp),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
