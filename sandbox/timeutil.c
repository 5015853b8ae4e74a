/* timeutil.c — injectable clock and civil-date arithmetic (see timeutil.h). */
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool timeutil_fixed;
static int64_t timeutil_fixed_at;

bool timeutil_init(const char *fixed, struct err *e)
{
	const char *src = fixed != NULL ? fixed : getenv("BANKTERM_NOW");
	timeutil_fixed = false;
	if (src == NULL || *src == '\0')
		return true;
	if (!timeutil_parse_rfc3339(src, &timeutil_fixed_at))
		return err_set(e, ERR_INVALID,
			       "the time \"%.60s\" is not RFC 3339; write it like 2026-11-23T10:42:00Z",
			       src);
	timeutil_fixed = true;
	return true;
}

int64_t timeutil_now(void)
{
	return timeutil_fixed ? timeutil_fixed_at : (int64_t)time(NULL);
}

int64_t timeutil_real_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t timeutil_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void timeutil_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int timeutil_month_days(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : len[m - 1];
}

/* Reads exactly n digits. */
static bool timeutil_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool timeutil_date_prefix(const char *s, int64_t *days)
{
	int y, m, d;
	if (!timeutil_digits(s, 4, &y) || s[4] != '-' || !timeutil_digits(s + 5, 2, &m) ||
	    s[7] != '-' || !timeutil_digits(s + 8, 2, &d))
		return false;
	if (m < 1 || m > 12 || d < 1 || d > timeutil_month_days(y, m))
		return false;
	*days = timeutil_days_from_civil(y, m, d);
	return true;
}

bool timeutil_parse_date(const char *s, int64_t *days)
{
	return strlen(s) == 10 && timeutil_date_prefix(s, days);
}

bool timeutil_parse_rfc3339(const char *s, int64_t *t)
{
	int64_t days;
	int hh, mm, ss;
	if (strlen(s) < 20 || !timeutil_date_prefix(s, &days) || (s[10] != 'T' && s[10] != 't') ||
	    !timeutil_digits(s + 11, 2, &hh) || s[13] != ':' || !timeutil_digits(s + 14, 2, &mm) ||
	    s[16] != ':' || !timeutil_digits(s + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	int offset = 0;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		offset = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh, om;
		if (!timeutil_digits(p + 1, 2, &oh) || !timeutil_digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return false;
		offset = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
	} else {
		return false;
	}
	*t = days * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60 + ss - offset;
	return true;
}

void timeutil_format_date(int64_t days, char out[TIMEUTIL_DATE_MAX])
{
	int y, m, d;
	timeutil_civil_from_days(days, &y, &m, &d);
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
	snprintf(out, TIMEUTIL_DATE_MAX, "%.10s", tmp);
}

int64_t timeutil_day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

void timeutil_format_ts(int64_t t, char out[TIMEUTIL_TS_MAX])
{
	int64_t days = timeutil_day_of(t);
	int64_t sec = t - days * 86400;
	int y, m, d;
	timeutil_civil_from_days(days, &y, &m, &d);
	char tmp[80];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, m, d,
		 (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	snprintf(out, TIMEUTIL_TS_MAX, "%.20s", tmp);
}
