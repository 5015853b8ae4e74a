/* date.c — civil-date arithmetic, strict RFC 3339 parsing and the injectable
 * clock (see date.h). */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sanitize.h"

/* Longest piece of untrusted input quoted in an error message. */
#define DATE_QUOTE_INPUT 40
#define DATE_QUOTE_MAX (DATE_QUOTE_INPUT * 4 + 8)

#define DATE_EXAMPLE_DATE "2026-03-14"
#define DATE_EXAMPLE_TS "2026-03-14T09:30:00Z"

/* The input in quotes, made safe for a terminal and cut if long. */
static char *date_quote(const char *s, size_t len, char out[DATE_QUOTE_MAX])
{
	char *q = sanitize_line(s, len < DATE_QUOTE_INPUT ? len : DATE_QUOTE_INPUT);
	snprintf(out, DATE_QUOTE_MAX, "\"%s%s\"", q, len > DATE_QUOTE_INPUT ? "…" : "");
	free(q);
	return out;
}

static bool date_is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && date_is_leap(year));
}

/* Days since 1970-01-01 of a valid y-m-d: count whole 400-year eras from
 * 0000-03-01 (a year starting in March puts the leap day last), then the
 * day within the era. */
static int64_t date_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_civil(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

bool date_make(int year, int month, int day, int64_t *out, struct err *e)
{
	if (year < 1 || year > 9999)
		return err_set(e, ERR_RANGE, "year %d is outside the supported range 0001-9999",
			       year);
	if (month < 1 || month > 12)
		return err_set(e, ERR_RANGE, "month %d does not exist (expected 01-12)", month);
	if (day < 1 || day > date_days_in_month(year, month))
		return err_set(e, ERR_RANGE, "%04d-%02d has no day %d (it has %d days)", year,
			       month, day, date_days_in_month(year, month));
	*out = date_from_civil(year, month, day);
	return true;
}

/* n decimal digits at s as a number, or -1 if any is not a digit. */
static int date_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The "YYYY-MM-DD" at s (at least 10 bytes).  On failure, *why says what is
 * wrong with it. */
static bool date_fields(const char *s, int64_t *days, struct err *why)
{
	int y = date_digits(s, 4), m = date_digits(s + 5, 2), d = date_digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || s[4] != '-' || s[7] != '-')
		return err_set(why, ERR_INVALID, "expected YYYY-MM-DD digits");
	return date_make(y, m, d, days, why);
}

bool date_parse(const char *s, size_t len, int64_t *out, struct err *e)
{
	struct err why = ERR_INIT;
	char q[DATE_QUOTE_MAX];
	if (len != 10)
		err_set(&why, ERR_INVALID, "expected exactly 10 characters");
	if (len != 10 || !date_fields(s, out, &why))
		return err_set(e, why.code, "%s is not a date: %s; write it like %s",
			       date_quote(s, len, q), why.msg, DATE_EXAMPLE_DATE);
	return true;
}

/* The parts of an RFC 3339 date-time after the date; on failure *why says
 * what is wrong.  Returns the time of day and the offset, in seconds. */
static bool date_time_fields(const char *s, size_t len, int64_t *tod, int64_t *offset,
			     struct err *why)
{
	if (len < 20)
		return err_set(why, ERR_INVALID, "it is too short");
	if (s[10] != 'T' && s[10] != 't')
		return err_set(why, ERR_INVALID, "expected 'T' between the date and the time");
	int hh = date_digits(s + 11, 2), mm = date_digits(s + 14, 2), ss = date_digits(s + 17, 2);
	if (hh < 0 || mm < 0 || ss < 0 || s[13] != ':' || s[16] != ':')
		return err_set(why, ERR_INVALID, "expected the time as HH:MM:SS");
	if (hh > 23)
		return err_set(why, ERR_RANGE, "hour %d does not exist (00-23)", hh);
	if (mm > 59)
		return err_set(why, ERR_RANGE, "minute %d does not exist (00-59)", mm);
	if (ss > 59)
		return err_set(why, ERR_RANGE,
			       "second %d is not supported (00-59; no leap seconds)", ss);
	size_t i = 19;
	if (s[i] == '.') {
		size_t start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return err_set(why, ERR_INVALID, "expected digits after the '.'");
	}
	*tod = hh * 3600 + mm * 60 + ss;
	*offset = 0;
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
		return true;
	bool shape = i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':';
	int oh = shape ? date_digits(s + i + 1, 2) : -1;
	int om = shape ? date_digits(s + i + 4, 2) : -1;
	if (oh < 0 || om < 0)
		return err_set(why, ERR_INVALID,
			       "expected 'Z' or an offset like +01:00 at the end");
	if (oh > 23 || om > 59)
		return err_set(why, ERR_RANGE, "offset %.6s is out of range (hours 00-23, minutes "
			       "00-59)", s + i);
	int64_t secs = (int64_t)oh * 3600 + (int64_t)om * 60;
	*offset = s[i] == '-' ? -secs : secs;
	return true;
}

bool date_parse_timestamp(const char *s, size_t len, int64_t *out, struct err *e)
{
	struct err why = ERR_INIT;
	char q[DATE_QUOTE_MAX];
	int64_t days = 0, tod = 0, offset = 0;
	bool ok = len >= 20 || err_set(&why, ERR_INVALID, "it is too short");
	ok = ok && date_fields(s, &days, &why) && date_time_fields(s, len, &tod, &offset, &why);
	int64_t t = ok ? days * DATE_SECONDS_PER_DAY + tod - offset : 0;
	if (ok && (t < DATE_TIMESTAMP_MIN || t > DATE_TIMESTAMP_MAX))
		ok = err_set(&why, ERR_RANGE, "in UTC it falls outside years 0001-9999");
	if (!ok)
		return err_set(e, why.code, "%s is not an RFC 3339 timestamp: %s; write it like %s",
			       date_quote(s, len, q), why.msg, DATE_EXAMPLE_TS);
	*out = t;
	return true;
}

static int64_t date_clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Writes v as exactly n digits (v >= 0 and small enough). */
static char *date_put(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

char *date_format(int64_t days, char buf[DATE_STR_MAX])
{
	int y, m, d;
	date_civil(date_clamp(days, DATE_MIN, DATE_MAX), &y, &m, &d);
	char *p = date_put(buf, y, 4);
	*p++ = '-';
	p = date_put(p, m, 2);
	*p++ = '-';
	p = date_put(p, d, 2);
	*p = '\0';
	return buf;
}

char *date_format_timestamp(int64_t t, char buf[DATE_TIMESTAMP_STR_MAX])
{
	t = date_clamp(t, DATE_TIMESTAMP_MIN, DATE_TIMESTAMP_MAX);
	int64_t days = date_of_timestamp_utc(t);
	int tod = (int)(t - days * DATE_SECONDS_PER_DAY);
	date_format(days, buf);
	char *p = buf + 10;
	*p++ = 'T';
	p = date_put(p, tod / 3600, 2);
	*p++ = ':';
	p = date_put(p, tod / 60 % 60, 2);
	*p++ = ':';
	p = date_put(p, tod % 60, 2);
	*p++ = 'Z';
	*p = '\0';
	return buf;
}

static bool date_range_error(struct err *e, int64_t days, const char *what, int64_t n)
{
	char b[DATE_STR_MAX];
	return err_set(e, ERR_RANGE, "%s %+lld %s goes outside years 0001-9999",
		       date_format(days, b), (long long)n, what);
}

bool date_add_days(int64_t days, int64_t n, int64_t *out, struct err *e)
{
	int64_t r;
	if (__builtin_add_overflow(days, n, &r) || r < DATE_MIN || r > DATE_MAX)
		return date_range_error(e, days, "days", n);
	*out = r;
	return true;
}

bool date_add_months(int64_t days, int64_t n, int64_t *out, struct err *e)
{
	int y, m, d;
	date_civil(days, &y, &m, &d);
	int64_t months;
	if (__builtin_add_overflow((int64_t)y * 12 + (m - 1), n, &months) || months < 12 ||
	    months >= INT64_C(10000) * 12)
		return date_range_error(e, days, "months", n);
	int y2 = (int)(months / 12), m2 = (int)(months % 12) + 1;
	int last = date_days_in_month(y2, m2);
	*out = date_from_civil(y2, m2, d < last ? d : last);
	return true;
}

int date_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	return (int)(((days % 7) + 7 + 3) % 7) + 1;
}

int64_t date_days_between(int64_t from, int64_t to)
{
	return to - from;
}

int64_t date_of_timestamp_utc(int64_t t)
{
	int64_t q = t / DATE_SECONDS_PER_DAY;
	return q - (t % DATE_SECONDS_PER_DAY < 0);
}

bool date_of_timestamp_local(int64_t t, int64_t *out, struct err *e)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return err_set(e, ERR_RANGE, "cannot convert timestamp %lld to local time",
			       (long long)t);
	return date_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out, e);
}

/* The timestamp in $BANKTERM_NOW: true and *t when it is set and valid. */
static bool date_env_now(int64_t *t, struct err *e)
{
	const char *env = getenv("BANKTERM_NOW");
	if (env == NULL || env[0] == '\0')
		return false;
	if (date_parse_timestamp(env, strlen(env), t, e))
		return true;
	err_prefix(e, "BANKTERM_NOW is ignored and the real clock used");
	return false;
}

int64_t date_now(void)
{
	int64_t t;
	if (date_env_now(&t, NULL))
		return t;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int64_t date_today_local(void)
{
	int64_t now = date_now(), days;
	if (!date_of_timestamp_local(now, &days, NULL))
		days = date_of_timestamp_utc(now);
	return days;
}

bool date_clock_check(struct err *e)
{
	int64_t t;
	struct err why = ERR_INIT;
	if (date_env_now(&t, &why) || why.code == ERR_OK)
		return true;
	return err_set(e, why.code, "%s", why.msg);
}
