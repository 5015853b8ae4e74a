/* timeutil.h — the sandbox's injectable clock and date arithmetic.
 *
 * Business time (what "today" is, when scheduled payments run, TOTP codes)
 * comes from timeutil_now(): the --now time when one was given (frozen),
 * else $BANKTERM_NOW, else the real clock.  OAuth lifetimes use
 * timeutil_real_now() so that polling intervals and token expiry behave
 * under a frozen business clock (see sandbox/NOTES.md). */
#ifndef SANDBOX_TIMEUTIL_H
#define SANDBOX_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

#define TIMEUTIL_DATE_MAX 11 /* "YYYY-MM-DD" + NUL */
#define TIMEUTIL_TS_MAX 21   /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* Fixes the business clock: `fixed` (RFC 3339) if not NULL, else
 * $BANKTERM_NOW if set, else real time.  Fails on an unparsable time. */
bool timeutil_init(const char *fixed, struct err *e);

/* Business time in Unix seconds. */
int64_t timeutil_now(void);
/* Wall-clock time in milliseconds, for OAuth polling and token lifetimes. */
int64_t timeutil_real_ms(void);

/* Days since 1970-01-01 <-> civil date. */
int64_t timeutil_days_from_civil(int y, int m, int d);
void timeutil_civil_from_days(int64_t days, int *y, int *m, int *d);

/* "YYYY-MM-DD" -> days since epoch; strict. */
bool timeutil_parse_date(const char *s, int64_t *days);
/* RFC 3339 ("2026-11-23T10:42:00Z" or with an offset) -> Unix seconds. */
bool timeutil_parse_rfc3339(const char *s, int64_t *t);

void timeutil_format_date(int64_t days, char out[TIMEUTIL_DATE_MAX]);
void timeutil_format_ts(int64_t t, char out[TIMEUTIL_TS_MAX]);

/* Floor division of seconds into days (correct before 1970 too). */
int64_t timeutil_day_of(int64_t t);

#endif
