/* date.h — calendar dates, RFC 3339 timestamps and the injectable clock.
 *
 * A date is an int64_t count of days since 1970-01-01 (negative before it)
 * in the proleptic Gregorian calendar, limited to years 0001-9999.  A
 * timestamp is an int64_t count of seconds since 1970-01-01T00:00:00Z (UTC,
 * no leap seconds).  The arithmetic is the days-from-civil algorithm, not
 * timegm()/mktime(), so it does not depend on the process's TZ; only
 * date_of_timestamp_local() looks at the local zone (with localtime_r).
 *
 * Parsing is strict: input comes from servers and config files.
 *
 *   dates       "2026-03-14": four-digit year 0001-9999, two-digit month and
 *               day, a day that exists ("2025-02-29" and "2026-04-31" are
 *               rejected)
 *   timestamps  RFC 3339 date-time: "2026-03-14T09:30:00Z", 't' for 'T' and
 *               'z' for 'Z' accepted, "+01:00"/"-05:30" offsets (hours
 *               00-23, minutes 00-59; "-00:00" counts as UTC), optional
 *               fractional seconds of any length, truncated to whole seconds.
 *               Rejected: a space instead of 'T', a missing offset or
 *               seconds, hour 24, minute or second 60 (leap seconds are not
 *               representable in Unix time, and no bank needs one), and a UTC
 *               result outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
 *
 * Formatting writes into a caller buffer of the size given below and returns
 * it; values outside the supported range are clamped to its ends. */
#ifndef BANKTERM_DATE_H
#define BANKTERM_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define DATE_MIN ((int64_t)-719162) /* 0001-01-01 */
#define DATE_MAX ((int64_t)2932896) /* 9999-12-31 */
#define DATE_SECONDS_PER_DAY 86400
#define DATE_TIMESTAMP_MIN (DATE_MIN * DATE_SECONDS_PER_DAY)
#define DATE_TIMESTAMP_MAX (DATE_MAX * DATE_SECONDS_PER_DAY + DATE_SECONDS_PER_DAY - 1)

#define DATE_STR_MAX 11	      /* "YYYY-MM-DD" + NUL */
#define DATE_TIMESTAMP_STR_MAX 21 /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* Days since the epoch of year/month/day.  Checks that the date exists and
 * is within 0001-01-01 .. 9999-12-31 (ERR_RANGE otherwise). */
bool date_make(int year, int month, int day, int64_t *out, struct err *e);

/* The calendar date of days (which must be within DATE_MIN..DATE_MAX). */
void date_civil(int64_t days, int *year, int *month, int *day);

/* Days in a month (1-12) of a year; 0 for a month outside 1-12. */
int date_days_in_month(int year, int month);

/* "YYYY-MM-DD" in exactly len bytes. */
bool date_parse(const char *s, size_t len, int64_t *out, struct err *e);

/* An RFC 3339 date-time in exactly len bytes, to UTC seconds since the epoch. */
bool date_parse_timestamp(const char *s, size_t len, int64_t *out, struct err *e);

char *date_format(int64_t days, char buf[DATE_STR_MAX]);
/* Always in UTC with 'Z': "2026-03-14T09:30:00Z". */
char *date_format_timestamp(int64_t t, char buf[DATE_TIMESTAMP_STR_MAX]);

/* days + n; ERR_RANGE when the result leaves 0001..9999. */
bool date_add_days(int64_t days, int64_t n, int64_t *out, struct err *e);

/* The same day n months later (earlier for negative n), clamped to the end
 * of a shorter month: Jan 31 + 1 = Feb 28 (Feb 29 in a leap year), Mar 31 -
 * 1 = Feb 28/29.  Clamping does not carry over: Jan 31 + 1 + 1 is Mar 28,
 * while Jan 31 + 2 is Mar 31.  ERR_RANGE when the result leaves 0001..9999. */
bool date_add_months(int64_t days, int64_t n, int64_t *out, struct err *e);

/* ISO 8601 weekday: 1 = Monday .. 7 = Sunday. */
int date_weekday(int64_t days);

/* to - from in days: positive when to is later. */
int64_t date_days_between(int64_t from, int64_t to);

/* The UTC calendar day of a timestamp (floor division, right before 1970). */
int64_t date_of_timestamp_utc(int64_t t);

/* The calendar day of a timestamp in the process's local zone (TZ), for
 * "due today" as the user sees it.  ERR_RANGE if the zone conversion fails
 * or leaves the supported range. */
bool date_of_timestamp_local(int64_t t, int64_t *out, struct err *e);

/* Now, in seconds since the epoch: the value of $BANKTERM_NOW when it is set
 * to an RFC 3339 timestamp (tests, e2e, demos freeze time this way), else
 * the real clock.  A BANKTERM_NOW that does not parse is ignored (the real
 * clock is used, nothing crashes); call date_clock_check() once at start-up
 * to tell the user. */
int64_t date_now(void);

/* Today in the local zone, by date_now(). */
int64_t date_today_local(void);

/* False with e filled when $BANKTERM_NOW is set but not a timestamp; the
 * message says that the real clock is used instead and how to fix it. */
bool date_clock_check(struct err *e);

#endif
